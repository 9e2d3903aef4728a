//! JSON Lines as ingest reads them. Never panics, and nothing is lost
//! without a word: every non-blank line is an article or an error naming
//! its line (or the file as a whole could not be decoded).
#![no_main]

use attache_store::sources::read_bytes;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let (articles, errors) = read_bytes(Path::new("wire.jsonl"), data);
    let whole_file = errors.len() == 1 && errors[0].origin == "wire.jsonl";
    if let (Ok(text), false) = (attache_core::input::decode(data), whole_file) {
        let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
        assert_eq!(articles.len() + errors.len(), lines);
        assert!(errors.iter().all(|e| e.origin.starts_with("wire.jsonl:")));
    }
});
