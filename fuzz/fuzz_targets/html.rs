//! HTML pages as ingest reads them: the text (an iterative walk, so any
//! nesting depth) and the head's metadata. Never panics; a page gives one
//! article or one error that names it.
#![no_main]

use attache_core::input;
use attache_store::sources::read_bytes;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = input::html_to_text(text);
        let _ = input::html_metadata(text);
    }
    let (articles, errors) = read_bytes(Path::new("page.html"), data);
    assert_eq!(articles.len() + errors.len(), 1);
    assert!(errors.iter().all(|e| e.origin == "page.html"));
});
