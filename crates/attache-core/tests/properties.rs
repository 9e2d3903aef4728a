//! Properties of every analysis, on generated text: no panic, every span in
//! bounds, and each quote's text is the text at its span.

use attache_core::{Analysis, Analyzer, Catalogue};
use proptest::prelude::*;
use std::sync::OnceLock;

fn analyzer() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(Analyzer::default)
}

fn catalogue() -> &'static Catalogue {
    static C: OnceLock<Catalogue> = OnceLock::new();
    C.get_or_init(|| {
        Catalogue::parse(include_str!("../../../catalogues/ukraine-2025.toml")).unwrap()
    })
}

/// Pieces of news text, quote marks and noise, so that generated strings
/// reach the interesting paths far more often than random characters do.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("“".to_string()),
        Just("”".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("’".to_string()),
        Just("‘".to_string()),
        Just("«".to_string()),
        Just("»".to_string()),
        Just("''".to_string()),
        Just(" said ".to_string()),
        Just(" he said".to_string()),
        Just(", according to ".to_string()),
        Just("Donald Trump".to_string()),
        Just("Zelenskyy".to_string()),
        Just(" the Kremlin ".to_string()),
        Just("Mr. ".to_string()),
        Just("the US president".to_string()),
        Just(", the Kremlin spokesman, ".to_string()),
        Just(": ".to_string()),
        Just(". ".to_string()),
        Just(".".to_string()),
        Just(",".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just(" — ".to_string()),
        Just("(R-Ohio)".to_string()),
        Just(" agreed to a ceasefire".to_string()),
        Just(" rejected NATO membership".to_string()),
        Just(" not ".to_string()),
        Just(" end the war".to_string()),
        Just(" by Kyiv".to_string()),
        "[a-zA-Z]{1,8}",
        "[A-Z][a-z]{2,7}",
        "\\PC{1,3}",
        " ",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|v| v.concat())
}

fn check(t: &str, a: &Analysis) {
    let chars: Vec<char> = t.chars().collect();
    let n = chars.len();
    assert_eq!(a.chars, n);
    for q in &a.quotes {
        assert!(
            q.start <= q.end && q.end <= n,
            "quote span out of bounds: {q:?}"
        );
        let at: String = chars[q.start..q.end].iter().collect();
        assert_eq!(at, q.text, "quote text differs from its span");
        if let Some(c) = &q.cue {
            assert!(c.start <= c.end && c.end <= n);
            assert_eq!(chars[c.start..c.end].iter().collect::<String>(), c.text);
        }
        if let Some(s) = &q.speaker {
            assert!(
                s.mention.start < s.mention.end && s.mention.end <= n,
                "speaker mention: {s:?}"
            );
            if let Some(id) = &s.actor {
                assert!(
                    a.actors.iter().any(|x| &x.id == id),
                    "speaker actor {id} not listed"
                );
            }
        }
    }
    for x in &a.actors {
        assert!(!x.mentions.is_empty());
        for m in &x.mentions {
            assert!(m.start < m.end && m.end <= n, "actor mention: {m:?}");
        }
    }
    for p in a
        .positions
        .iter()
        .flatten()
        .chain(a.statements.iter().flatten())
    {
        assert!(
            p.evidence.start < p.evidence.end && p.evidence.end <= n,
            "evidence: {p:?}"
        );
        assert_eq!(
            chars[p.evidence.start..p.evidence.end]
                .iter()
                .collect::<String>(),
            p.evidence.text
        );
        if let Some(id) = &p.holder.actor {
            assert!(
                a.actors.iter().any(|x| &x.id == id),
                "holder {id} not listed"
            );
        }
    }
    let mut ids: Vec<&str> = a.actors.iter().map(|x| x.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), a.actors.len(), "actor ids are unique");
}

// Cases per property: PROPTEST_CASES (default 256); CI and long runs raise it.
proptest! {

    #[test]
    fn spans_are_in_bounds_on_news_like_text(t in text()) {
        check(&t, &analyzer().analyze_with(&t, Some(catalogue()), true));
    }

    #[test]
    fn spans_are_in_bounds_on_any_text(t in "\\PC{0,300}") {
        check(&t, &analyzer().analyze(&t));
    }
}

/// Inputs that crashed the analysis once, kept so that they never do again.
#[test]
fn crash_inputs_found_by_fuzzing_analyse_cleanly() {
    let analyzer = attache_core::Analyzer::default();
    for text in [",vowing\"h\",y.", ", saying \"x\", y", "“a”, vowing,"] {
        let a = analyzer.analyze(text);
        for q in &a.quotes {
            let at: String = text.chars().skip(q.start).take(q.end - q.start).collect();
            assert_eq!(at, q.text);
        }
    }
}
