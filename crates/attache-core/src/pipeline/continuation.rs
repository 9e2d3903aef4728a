//! Quotes without a cue of their own: the speaker of the speech they go on
//! (a continuation paragraph or sentence), a statement's author ("this
//! statement by X:"), or the subject of their own clause. Sets `by_subject`
//! when only a subject was found.

use super::{Doc, Np, NpKind};
use std::ops::Range;

impl<'t> Doc<'t> {
    /// A quote with no cue of its own: a further quote in the same sentence,
    /// the continuation of a quote from the paragraph before, a colon
    /// introduction ending the paragraph before, or the speaker of the
    /// sentence before.
    pub(super) fn inherit(&mut self, qi: usize, left: &Range<usize>) {
        let span = &self.quotes[qi].span;
        let open = span.open_tok;
        let para = self.toks[open].paragraph as usize;
        let sent = self.sent_of[open];
        let left_has_words = left.clone().any(|t| self.is_word(t));
        if let Some(prev) = self.quotes[..qi].iter().rev().find(|q| q.keep) {
            let prev_para = self.toks[prev.span.open_tok].paragraph as usize;
            let same_sentence = self.sent_of[prev.span.open_tok] == sent;
            let same_para = prev_para == para && !left_has_words;
            let next_para = span.starts_paragraph && prev_para + 1 == para;
            if let Some(sp) = prev.speaker.clone()
                && (same_sentence || same_para || next_para)
            {
                self.quotes[qi].speaker = Some(sp);
                return;
            }
        }
        let sent_first = self.sent_start[sent as usize];
        // colon introduction at the end of the paragraph before
        if span.starts_paragraph && para > 0 {
            let pr = self.para_toks[para - 1].clone();
            if !pr.is_empty() && self.w(pr.end - 1) == ":" && !self.in_quote(pr.end - 1) {
                let s = self.sent_start[self.sent_of[pr.end - 1] as usize].max(pr.start);
                if let Some(np) = self
                    .cue_subject_in(s..pr.end - 1)
                    .or_else(|| self.first_np(s..pr.end - 1))
                {
                    let resolved = self.resolve(np);
                    self.quotes[qi].speaker = Some(resolved);
                    return;
                }
            }
        }
        // the sentence before, in this paragraph: "…, Schiff said. “…”"
        if !left_has_words && sent_first == open && sent > 0 {
            let prev_first = self.sent_start[sent as usize - 1];
            // with no cue there, a person who is its subject: "Sanders, who
            // lost the primaries, identified …. “The younger people …”"
            let person_subject = || {
                self.sentence_subject(open - 1).filter(|np| {
                    np.kind == NpKind::Name && (np.start..np.end).any(|t| self.is_person_at(t))
                })
            };
            if self.toks[prev_first].paragraph as usize == para
                && let Some(np) = self
                    .cue_subject_in(prev_first..open)
                    .or_else(person_subject)
            {
                let resolved = self.resolve(np);
                self.quotes[qi].speaker = Some(resolved);
                return;
            }
        }
        // last resort: the subject of the quote's own clause ("…, as Putin
        // thanked Trump for his efforts to “…”"), else of its sentence
        let clause = left.clone().rev().find(|&t| {
            t > left.start
                && self.w(t - 1) == ","
                && matches!(
                    self.w(t),
                    "as" | "while" | "when" | "because" | "although" | "though" | "but" | "whereas"
                )
        });
        let clause_np = clause.and_then(|t| {
            self.clause_subject(t + 1, open)
                .filter(|np| np.start <= t + 2 && np.kind != NpKind::Role)
        });
        // "it was labeled “…”": a passive cue names no speaker in its subject
        let passive = left
            .clone()
            .any(|c| self.is_cue_at(c) && self.is_passive(c, left.start));
        if left_has_words
            && !passive
            && let Some(np) = clause_np.or_else(|| self.sentence_subject(open))
        {
            let resolved = self.resolve(np);
            self.quotes[qi].speaker = Some(resolved);
            self.quotes[qi].by_subject = true;
        }
    }

    /// "this statement by Trump on June 11:": the author of a statement or
    /// document named with "by", unless a cue follows; with the noun as cue.
    pub(super) fn statement_author(&self, w: Range<usize>) -> Option<(Np, Range<usize>)> {
        let by = (w.start + 1..w.end).rev().find(|&b| {
            self.w(b) == "by"
                && self.is_lower_word(b - 1)
                && (self.lex.is_speech_noun(self.w(b - 1))
                    || self.lex.is_document_noun(self.w(b - 1)))
        })?;
        if (by + 1..w.end).any(|c| self.is_cue_at(c)) {
            return None;
        }
        let np = self.np_forward(by + 1, w.end)?;
        (np.kind == NpKind::Name).then_some((np, by - 1..by))
    }

    /// The subject of the last cue in a window outside quotes.
    pub(super) fn cue_subject_in(&self, w: Range<usize>) -> Option<Np> {
        if let Some((np, _)) = self.statement_author(w.clone()) {
            return Some(np);
        }
        let c = w.clone().rev().find(|&c| self.is_cue_at(c))?;
        if c > w.start
            && let Some(np) = self.np_before(c - 1, w.start)
        {
            return Some(np);
        }
        self.np_after_cue(c, w.end)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{Through, doc};

    #[test]
    fn a_quote_that_opens_the_next_paragraph_goes_on_with_the_speech() {
        let d = doc(
            "“We will stay,” Anna Marrow said.\n\n“We have no other choice.”",
            Through::Attribution,
        );
        let s = d.speakers();
        assert_eq!(s[1].1.as_deref(), Some("Anna Marrow"));
        assert!(
            !d.quotes[1].attributed_by_cue,
            "inherited, not found by a cue"
        );
    }

    #[test]
    fn a_statement_by_someone_speaks_for_them() {
        let d = doc(
            "In a statement by Anna Marrow: “We will stay.”",
            Through::Attribution,
        );
        assert_eq!(d.speakers()[0].1.as_deref(), Some("Anna Marrow"));
    }
}
