//! The README's first command, `bash examples/story/tour.sh`, run with this
//! build's binary: every step runs and shows something (the moves
//! themselves are the story's own test's business).

use std::process::Command;

/// The lines of `output` after the heading that starts with `== {title}`,
/// up to the next heading.
fn section<'a>(output: &'a str, title: &str) -> Vec<&'a str> {
    output
        .lines()
        .skip_while(|l| !l.starts_with(&format!("== {title}")))
        .skip(1)
        .take_while(|l| !l.starts_with("== "))
        .filter(|l| !l.trim().is_empty() && !l.starts_with("$ "))
        .collect()
}

#[test]
fn the_story_tour_shows_positions_moves_a_timeline_and_forecasts() {
    let tmp = tempfile::Builder::new()
        .prefix("attache-tour-")
        .tempdir()
        .unwrap();
    let db = tmp.path().join("story.db");
    let out = Command::new("bash")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/story/tour.sh"
        ))
        .arg(&db)
        .env("ATTACHE", env!("CARGO_BIN_EXE_attache"))
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");

    // ingest's summary is on standard error: every file read, none failed
    assert!(stderr.contains("0 failed"), "{stderr}");
    assert!(db.exists());

    let matrix = section(&stdout, "Who stands where");
    assert!(matrix[0].starts_with("state"), "{matrix:?}");
    for state in ["Valdris", "Tarsany", "Merovia", "Ashkar"] {
        assert!(
            matrix.iter().any(|l| l.starts_with(state)),
            "no {state} in {matrix:?}"
        );
    }

    // the changes table: at least one move, each with its two sentences
    let moved = section(&stdout, "Who moved");
    assert!(moved[0].starts_with("actor"), "{moved:?}");
    let moves = moved.iter().filter(|l| l.contains(" → ")).count();
    assert!(moves >= 1, "no change of stance in {moved:?}");
    assert_eq!(
        moved
            .iter()
            .filter(|l| l.trim_start().starts_with("before:"))
            .count(),
        moves,
        "{moved:?}"
    );
    assert_eq!(
        moved
            .iter()
            .filter(|l| l.trim_start().starts_with("after:"))
            .count(),
        moves,
        "{moved:?}"
    );

    let timeline = section(&stdout, "One issue over time");
    assert!(
        timeline.iter().filter(|l| l.starts_with("2026-")).count() >= 3,
        "{timeline:?}"
    );

    // both issues forecast, each by the ensemble with its spread and by the models
    let heading = section(&stdout, "Where it is heading");
    for issue in ["minimum_flow", "filling_pause"] {
        assert!(
            heading
                .iter()
                .any(|l| l.starts_with(&format!("ISSUE {issue}"))),
            "{heading:?}"
        );
    }
    let ensembles: Vec<_> = heading
        .iter()
        .filter(|l| l.trim_start().starts_with("ensemble forecast"))
        .collect();
    assert_eq!(ensembles.len(), 2, "{heading:?}");
    assert!(
        ensembles
            .iter()
            .all(|l| l.contains("50%") && l.contains("80%"))
    );
    for model in ["mean", "median", "nash", "eum", "smp"] {
        assert!(
            heading
                .iter()
                .any(|l| l.trim_start().starts_with(&format!("{model} "))),
            "no {model} in {heading:?}"
        );
    }
    assert!(
        !heading.iter().any(|l| l.trim_start().starts_with("round")),
        "the models' rounds are left out: {heading:?}"
    );

    // the last step names the command that shows this record in a browser
    let browser = section(&stdout, "All of it in a browser");
    assert!(
        stdout.contains(&format!("serve --db {}", db.display())),
        "{browser:?}"
    );
}
