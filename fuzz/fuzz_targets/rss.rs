//! RSS and Atom feeds as ingest reads them. Never panics; every article
//! has text and names its item; every error names the feed or its item.
#![no_main]

use attache_store::sources::read_bytes;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let (articles, errors) = read_bytes(Path::new("feed.rss"), data);
    for a in &articles {
        assert!(!a.text.trim().is_empty());
        assert!(a.origin.starts_with("feed.rss#"));
    }
    assert!(errors.iter().all(|e| e.origin.starts_with("feed.rss")));
});
