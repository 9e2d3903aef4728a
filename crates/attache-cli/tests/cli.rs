//! The `attache` binary as a user meets it: formats, batches, bad input.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn attache(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(args)
        .output()
        .expect("runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("attache-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const ARTICLE: &str =
    "“We are ready to talk,” Ukrainian Foreign Minister Andrii Sybiha said on Tuesday.\n";

#[test]
fn json_output_has_the_schema_and_the_quote() {
    let dir = temp_dir("json");
    let f = dir.join("a.txt");
    std::fs::write(&f, ARTICLE).unwrap();
    let out = attache(&["analyze", "--format", "json", f.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "attache.analysis/1");
    assert_eq!(v["quotes"][0]["text"], "We are ready to talk,");
    assert_eq!(v["quotes"][0]["speaker"]["name"], "Andrii Sybiha");
}

#[test]
fn table_output_lists_speaker_and_quote() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(["analyze", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(ARTICLE.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    assert!(
        text.contains("Andrii Sybiha") && text.contains("We are ready to talk"),
        "{text}"
    );
}

#[test]
fn batch_writes_one_file_per_input_and_reports_failures_without_losing_the_rest() {
    let dir = temp_dir("batch");
    let good = dir.join("good.txt");
    let empty = dir.join("empty.txt");
    let binary = dir.join("image.bin");
    let latin1 = dir.join("latin1.txt");
    std::fs::write(&good, ARTICLE).unwrap();
    std::fs::write(&empty, "").unwrap();
    std::fs::write(&binary, [0x89u8, b'P', b'N', b'G', 0, 0, 0, 13]).unwrap();
    std::fs::write(&latin1, b"caf\xe9 \"au lait,\" he said").unwrap();
    let missing = dir.join("missing.txt");
    let out_dir = dir.join("out");
    let out = attache(&[
        "analyze",
        "--out-dir",
        out_dir.to_str().unwrap(),
        good.to_str().unwrap(),
        empty.to_str().unwrap(),
        binary.to_str().unwrap(),
        latin1.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("image.bin") && stderr.contains("binary"),
        "{stderr}"
    );
    assert!(
        stderr.contains("latin1.txt") && stderr.contains("UTF-8"),
        "{stderr}"
    );
    assert!(stderr.contains("missing.txt"), "{stderr}");
    assert!(stderr.contains("3 of 5 inputs failed"), "{stderr}");
    let good_json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("good.json")).unwrap()).unwrap();
    assert_eq!(good_json["quotes"].as_array().unwrap().len(), 1);
    let empty_json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("empty.json")).unwrap()).unwrap();
    assert_eq!(empty_json["chars"], 0);
    assert!(!out_dir.join("image.json").exists());
}

#[test]
fn json_records_are_read_by_their_text() {
    let dir = temp_dir("record");
    let f = dir.join("rec.json");
    std::fs::write(
        &f,
        serde_json::json!({"id": "x", "text": ARTICLE}).to_string(),
    )
    .unwrap();
    let out = attache(&["analyze", "--format", "json", f.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["quotes"][0]["speaker"]["name"], "Andrii Sybiha");
}

#[test]
fn extra_knowledge_files_are_used() {
    let dir = temp_dir("knowledge");
    std::fs::write(
        dir.join("mine.toml"),
        "[[person]]\nname = \"Ilse Brandt\"\nvariants = [\"Brandt\"]\nrole = \"trade commissioner\"\naffiliation = \"European Union\"\ngender = \"f\"\n",
    )
    .unwrap();
    let f = dir.join("a.txt");
    std::fs::write(&f, "“Tariffs hurt everyone,” the trade commissioner said.").unwrap();
    let out = attache(&[
        "analyze",
        "--format",
        "json",
        "--knowledge",
        dir.to_str().unwrap(),
        f.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["quotes"][0]["speaker"]["name"], "Ilse Brandt");
}

#[test]
fn bad_knowledge_file_is_a_clear_error() {
    let dir = temp_dir("badknowledge");
    std::fs::write(dir.join("broken.toml"), "[[person]]\nname = 3\n").unwrap();
    let f = dir.join("a.txt");
    std::fs::write(&f, ARTICLE).unwrap();
    let out = attache(&[
        "analyze",
        "--knowledge",
        dir.to_str().unwrap(),
        f.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.toml"));
}

/// A 100 MB input is analysed whole. Slow in debug builds: CI runs it in release.
#[test]
#[ignore]
fn hundred_megabyte_file() {
    let dir = temp_dir("big");
    let f = dir.join("big.txt");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&f).unwrap());
    let mut written = 0;
    while written < 100_000_000 {
        w.write_all(ARTICLE.as_bytes()).unwrap();
        written += ARTICLE.len();
    }
    drop(w);
    let out_dir = dir.join("out");
    let out = attache(&[
        "analyze",
        "--out-dir",
        out_dir.to_str().unwrap(),
        f.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("big.json")).unwrap()).unwrap();
    assert_eq!(
        v["quotes"].as_array().unwrap().len(),
        written / ARTICLE.len()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
