//! The bundled story's record finds the moves written into it
//! (examples/story/moves.tsv, from CHANGES.md) and no others, and its
//! forecast shows what the models are for: they differ, with a spread.

use std::collections::BTreeSet;
use std::process::Command;

/// The fewest written moves `positions --changes` must find: all of them.
const FLOOR: usize = 10;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn attache(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(args)
        .current_dir(ROOT)
        .output()
        .expect("attache runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn story_record(dir: &std::path::Path) -> String {
    let db = dir.join("story.db").to_str().unwrap().to_string();
    attache(&[
        "ingest",
        "--db",
        &db,
        "--knowledge",
        "examples/story/knowledge",
        "--issues",
        "catalogues/orlen-2026.toml",
        "examples/story/articles",
    ]);
    db
}

#[test]
fn the_story_record_reports_the_written_moves_and_no_others() {
    let written: BTreeSet<(String, String, String, String)> =
        std::fs::read_to_string(format!("{ROOT}/examples/story/moves.tsv"))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("actor\t"))
            .map(|l| {
                // actor key, name, issue, from, to: compared by key
                let f: Vec<&str> = l.split('\t').collect();
                (f[0].into(), f[2].into(), f[3].into(), f[4].into())
            })
            .collect();
    assert_eq!(written.len(), 10);

    let tmp = tempfile::tempdir().unwrap();
    let db = story_record(tmp.path());
    let changes: Vec<serde_json::Value> = serde_json::from_str(&attache(&[
        "positions",
        "--db",
        &db,
        "--changes",
        "--format",
        "json",
    ]))
    .unwrap();
    let reported: BTreeSet<(String, String, String, String)> = changes
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap_or_default().to_string();
            (s("actor"), s("issue"), s("from"), s("to"))
        })
        .collect();
    let others: Vec<_> = reported.difference(&written).collect();
    let missed: Vec<_> = written.difference(&reported).collect();
    assert!(
        others.is_empty(),
        "moves the story does not make: {others:?}"
    );
    assert!(
        written.len() - missed.len() >= FLOOR,
        "found {} of {} written moves; missed {missed:?}",
        written.len() - missed.len(),
        written.len()
    );
}

#[test]
fn the_story_forecast_differs_between_models_and_has_a_spread() {
    let tmp = tempfile::tempdir().unwrap();
    let db = story_record(tmp.path());
    let scenario = tmp.path().join("orlen.toml");
    let scenario = scenario.to_str().unwrap();
    attache(&[
        "scenario",
        "--db",
        &db,
        "--issues",
        "minimum_flow",
        "filling_pause",
        "--out",
        scenario,
    ]);
    let forecast: serde_json::Value = serde_json::from_str(&attache(&[
        "forecast", "--draws", "400", "--seed", "7", "--format", "json", scenario,
    ]))
    .unwrap();
    let issues = forecast["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 2);
    let telling = issues.iter().filter(|issue| {
        let models = issue["models"].as_object().unwrap();
        let points: Vec<f64> = models
            .iter()
            .filter(|(name, _)| *name != "ensemble")
            .map(|(_, m)| m["forecast"].as_f64().unwrap())
            .collect();
        let range = points.iter().cloned().fold(f64::MIN, f64::max)
            - points.iter().cloned().fold(f64::MAX, f64::min);
        // the compromise model's draws: a real spread, not one point
        let mc = &models["mean"]["montecarlo"];
        let spread = mc["p90"].as_f64().unwrap() - mc["p10"].as_f64().unwrap();
        range >= 10.0 && spread >= 5.0
    });
    assert!(
        telling.count() >= 1,
        "no issue whose models differ and spread: {forecast:#}"
    );
}
