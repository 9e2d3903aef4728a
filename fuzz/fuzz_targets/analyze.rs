//! Feeds arbitrary bytes through input decoding and the analysis pipeline,
//! checking the span invariants that the property tests check.
#![no_main]

use attache_core::{Analyzer, Catalogue, input};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let analyzer = ANALYZER.get_or_init(Analyzer::default);
    let catalogue = CATALOGUE.get_or_init(|| Catalogue::parse(include_str!("../../catalogues/ukraine-2025.toml")).unwrap());
    let Ok(article) = input::read_article(None, data) else { return };
    let a = analyzer.analyze_with(&article.text, Some(catalogue), true);
    let chars: Vec<char> = article.text.chars().collect();
    for q in &a.quotes {
        assert!(q.start <= q.end && q.end <= chars.len());
        assert_eq!(chars[q.start..q.end].iter().collect::<String>(), q.text);
    }
    for p in a.positions.iter().flatten().chain(a.statements.iter().flatten()) {
        assert!(p.evidence.start < p.evidence.end && p.evidence.end <= chars.len());
    }
    for x in &a.actors {
        for m in &x.mentions {
            assert!(m.start < m.end && m.end <= chars.len());
        }
    }
});
