//! Quotes. Pairs quotation marks per paragraph ([`crate::quotes`]).
//! Reads: `paras`, `toks`. Adds: `quotes` (one `QuoteState` per span, kept
//! and direct until later stages say otherwise) and `quote_of`.

use super::{Doc, QuoteState};
use crate::analysis::QuoteKind;
use crate::quotes::find_quotes;

impl<'t> Doc<'t> {
    pub(super) fn find_quotes(&mut self) {
        let mut spans = Vec::new();
        for (p, r) in self.paras.iter().zip(&self.para_toks) {
            find_quotes(
                self.text,
                p.clone(),
                &self.toks[r.clone()],
                r.start,
                &mut spans,
            );
        }
        for (qi, q) in spans.iter().enumerate() {
            let end = q.close_tok.unwrap_or_else(|| {
                self.para_toks[self.toks[q.open_tok].paragraph as usize].end - 1
            });
            for t in q.open_tok..=end {
                self.quote_of[t] = qi as u32;
            }
        }
        self.quotes = spans
            .into_iter()
            .map(|span| QuoteState {
                span,
                speaker: None,
                cue: None,
                kind: QuoteKind::Direct,
                keep: true,
                attributed_by_cue: false,
                by_subject: false,
            })
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::super::NONE;
    use super::super::testing::{Through, doc};

    #[test]
    fn tokens_inside_a_quote_know_it_marks_included() {
        let d = doc("She said “we will stay” and left.", Through::Quotes);
        assert_eq!(d.quotes.len(), 1);
        let q = d.quote_of[d.tok("stay")];
        assert_eq!(q, 0);
        assert_eq!(d.quote_of[d.tok("“")], 0);
        assert_eq!(d.quote_of[d.tok("left")], NONE);
        assert!(d.quotes[0].keep && d.quotes[0].speaker.is_none());
    }

    #[test]
    fn an_unclosed_quote_runs_to_its_paragraph_end_only() {
        let d = doc("He said “we will stay\n\nThey left.", Through::Quotes);
        assert!(d.in_quote(d.tok("stay")));
        assert!(!d.in_quote(d.tok("left")));
    }
}
