//! Sentences. Boundaries outside quotes; a quote ending in `.`, `!` or `?`
//! ends its sentence unless a short attribution follows ("Name said.").
//! Reads: `toks`, `quotes`. Adds: `sent_of`, `sent_start`. Also
//! `is_proper_word`, which later stages use: a word written with a capital
//! inside a sentence somewhere in the text is a name.

use super::Doc;
use super::cues::cue_particle;
use super::words::is_dash;
use crate::text::TokenKind;

/// Tokens a sentence holds at most. News sentences run to a few dozen; a
/// text with no boundary a reader would see (a feed's run-on line, marks
/// that never pair) is cut here, so that every later stage, which reads a
/// term's sentence around it, costs at most this much a term: linear in
/// the text, not quadratic in its longest paragraph.
pub(crate) const MAX_SENTENCE_TOKENS: usize = 400;

impl<'t> Doc<'t> {
    pub(super) fn find_sentences(&mut self) {
        let mut sent = 0u32;
        for pr in self.para_toks.clone() {
            if pr.is_empty() {
                continue;
            }
            self.sent_start.push(pr.start);
            let dateline = self.dateline_end(pr.start, pr.end);
            let mut first = pr.start;
            let mut i = pr.start;
            while i < pr.end {
                self.sent_of[i] = sent;
                let boundary = if Some(i + 1) == dateline {
                    true
                } else if self.in_quote(i) {
                    // a closing mark after sentence-final punctuation, then a capital
                    let q = &self.quotes[self.quote_of[i] as usize].span;
                    q.close_tok == Some(i)
                        && self.text[q.inner.clone()].ends_with(['.', '!', '?'])
                        && i + 1 < pr.end
                        && self.is_cap(i + 1)
                        && !self.starts_attribution(i + 1, pr.end)
                } else {
                    let w = self.w(i);
                    matches!(w, "." | "!" | "?" | "…")
                        && i + 1 < pr.end
                        && (self.is_cap(i + 1)
                            || self.toks[i + 1].kind == TokenKind::QuoteMark
                            || self.w(i + 1).starts_with(|c: char| c.is_ascii_digit()))
                        && !(i > pr.start && w == "." && self.lex.is_abbreviation(self.w(i - 1)))
                };
                if (boundary || i + 1 - first >= MAX_SENTENCE_TOKENS) && i + 1 < pr.end {
                    sent += 1;
                    self.sent_start.push(i + 1);
                    first = i + 1;
                }
                i += 1;
            }
            sent += 1;
        }
    }

    /// Whether `w` is written with a capital inside a sentence somewhere.
    pub(super) fn is_proper_word(&self, w: &str) -> bool {
        self.proper_words
            .get_or_init(|| {
                (0..self.toks.len())
                    .filter(|&i| {
                        self.is_cap(i)
                            && self.sent_start[self.sent_of[i] as usize] != i
                            && !(i > 0 && self.toks[i - 1].kind == TokenKind::QuoteMark)
                            && self.w(i).chars().skip(1).any(char::is_lowercase)
                    })
                    .map(|i| self.w(i))
                    .collect()
            })
            .contains(w)
    }

    /// The token after a wire dateline that opens a paragraph ("KYIV —",
    /// "VLADIVOSTOK, Russia —", "BREL (Reuters) -"): a place, not the
    /// sentence's subject.
    pub(super) fn dateline_end(&self, start: usize, end: usize) -> Option<usize> {
        let mut k = start;
        while k < end && k < start + 3 && self.is_all_caps_word(k) {
            k += 1;
        }
        // "Washington (AFP) –": a place in title case, with its agency
        if k == start {
            while k < end && k < start + 3 && self.is_cap(k) {
                k += 1;
            }
            if k == start || self.agency_end(k, end).is_none() {
                return None;
            }
        }
        // ", Russia", "(Reuters)"
        if k < end && self.w(k) == "," {
            k += 1;
            let c = k;
            while k < end && k < c + 3 && self.is_cap(k) {
                k += 1;
            }
            if k == c {
                return None;
            }
        }
        if let Some(e) = self.agency_end(k, end) {
            k = e;
        }
        // the sentence after it opens with a capital or a quote
        (k + 1 < end
            && is_dash(self.w(k))
            && (self.is_cap(k + 1) || self.toks[k + 1].kind == TokenKind::QuoteMark))
            .then_some(k + 1)
    }

    /// "(Reuters)", "(Vardia Press)": an agency in parentheses at `k`, up
    /// to three capitalised words; the token after it.
    fn agency_end(&self, k: usize, end: usize) -> Option<usize> {
        if k >= end || self.w(k) != "(" {
            return None;
        }
        let close = (k + 1..end.min(k + 5)).find(|&t| self.w(t) == ")")?;
        (close > k + 1 && (k + 1..close).all(|t| self.is_cap(t))).then_some(close + 1)
    }

    /// `Name said.` or `He added.` right after a quote: a short attribution
    /// that scraped or careless text puts after a full stop.
    pub(super) fn starts_attribution(&self, i: usize, end: usize) -> bool {
        let mut j = i;
        let mut limit = i + 5;
        while j < end && j < limit {
            // "Miller, a retired worker from a nuclear plant, said": an
            // apposition after the name
            if j > i
                && self.w(j) == ","
                && (i..j).all(|t| self.is_cap(t))
                && j + 1 < end
                && self.is_determiner_at(j + 1)
                && let Some(k) = (j + 2..end.min(j + 14))
                    .take_while(|&t| self.is_word(t) || self.w(t) == ",")
                    .find(|&t| self.w(t) == ",")
            {
                j = k + 1;
                limit = j + 3;
                continue;
            }
            if !(self.is_cap(j) || self.is_lower_word(j)) {
                break;
            }
            // "Trump went on, as if …", "Rubel pointed out.": the particle
            // closes the cue
            let particle = j + 1 < end && cue_particle(self.w(j)) == Some(self.w(j + 1));
            if particle {
                j += 1;
            }
            if self.is_lower_word(j) && (particle || self.lex.is_cue_verb(self.w(j))) {
                // "She adds, “…”" introduces the next quote instead
                let introduces = j + 2 < end
                    && self.w(j + 1) == ","
                    && self.toks[j + 2].kind == TokenKind::QuoteMark;
                // "“The alternative?” Sefcovic asked at a press conference.":
                // a place or time after the cue, not a clause of its own;
                // "… said as he launched the vote": a clause of time
                let no_clause = self.no_clause_after(j, end);
                // "asks as a guard walks in, saying …": the clause of time
                // ends at its comma
                let comma = (j + 1..end).find(|&k| self.w(k) == ",").unwrap_or(end);
                let time_clause = self.no_clause_after(j, comma);
                let circumstance = self.circumstance_after_cue(j, end)
                    || j + 1 < end
                        && matches!(self.w(j + 1), "as" | "while" | "when" | "before" | "after")
                        && time_clause;
                // "“…?” Trump told Britain's ITV in an interview", "asked
                // reporters rhetorically": an addressee or a manner, no clause
                let addressee = j + 1 < end
                    && matches!(self.w(j), "told" | "tells" | "asked" | "asks")
                    && (self.is_cap(j + 1) || self.w(j + 1) == "reporters");
                let manner = j + 1 < end
                    && self.is_lower_word(j + 1)
                    && self.lex.is_ly_adverb(self.w(j + 1));
                return j + 1 == end
                    || matches!(self.w(j + 1), "." | ",") && !introduces
                    || circumstance
                    || (addressee || manner) && no_clause;
            }
            j += 1;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{Through, doc};

    fn sentences(text: &str) -> Vec<String> {
        let d = doc(text, Through::Sentences);
        (0..d.sent_start.len())
            .map(|s| {
                let end = d.sent_start.get(s + 1).copied().unwrap_or(d.toks.len());
                (d.sent_start[s]..end)
                    .map(|i| d.w(i))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    /// A run-on text with no boundary a reader would see (words without
    /// full stops; a quotation mark that never closes) is cut into
    /// sentences of at most `MAX_SENTENCE_TOKENS`; a normal one is not.
    #[test]
    fn a_run_on_text_is_cut_at_the_bound() {
        use super::MAX_SENTENCE_TOKENS;
        let words = "talks would resume on monday ".repeat(MAX_SENTENCE_TOKENS);
        for text in [
            words.clone(),
            format!("“{words}"),
            format!("Mr. Okafor said {words}"),
        ] {
            let d = doc(&text, Through::Sentences);
            let mut bounds = d.sent_start.clone();
            bounds.push(d.toks.len());
            assert!(bounds.len() > 5, "{} sentences", bounds.len() - 1);
            assert!(
                bounds
                    .windows(2)
                    .all(|w| w[1] - w[0] <= MAX_SENTENCE_TOKENS)
            );
        }
        // the bound itself: 400 tokens are one sentence, 401 two
        let long = format!("{}.", "word ".repeat(MAX_SENTENCE_TOKENS - 1));
        assert_eq!(sentences(&long).len(), 1);
        let longer = format!("{}.", "word ".repeat(MAX_SENTENCE_TOKENS));
        assert_eq!(sentences(&longer).len(), 2);
    }

    #[test]
    fn a_full_stop_ends_a_sentence_but_not_after_an_abbreviation() {
        assert_eq!(
            sentences("Mr. Okafor spoke. Talks resume Monday."),
            ["Mr. Okafor spoke .", "Talks resume Monday ."]
        );
    }

    #[test]
    fn a_quote_ends_its_sentence_unless_an_attribution_follows() {
        assert_eq!(sentences("“We will stay.” Talks resume.").len(), 2);
        assert_eq!(sentences("“We will stay.” Okafor said.").len(), 1);
        assert_eq!(
            sentences("“We are proud!” Senator Odrun Halse said as she opened the vote.").len(),
            1
        );
        assert_eq!(
            sentences("“We are proud!” Halse said she would vote.").len(),
            2
        );
        assert_eq!(
            sentences("“Who knows?” Halse told Vardian radio in an interview.").len(),
            1
        );
        assert_eq!(
            sentences("“Why not?” Halse asked reporters rhetorically.").len(),
            1
        );
        assert_eq!(
            sentences("“Why not?” Halse told Quell that she would vote.").len(),
            2
        );
        assert_eq!(
            sentences("“We will stay,” she said. Talks resume.").len(),
            2
        );
    }

    #[test]
    fn a_wire_dateline_stands_apart_from_its_sentence() {
        assert_eq!(
            sentences("VLADIVOSTOK, Russia — Putin spoke."),
            ["VLADIVOSTOK , Russia —", "Putin spoke ."]
        );
        assert_eq!(
            sentences("KYIV (Reuters) - Talks resumed."),
            ["KYIV ( Reuters ) -", "Talks resumed ."]
        );
        assert_eq!(sentences("NATO - the alliance - met.").len(), 1);
    }

    #[test]
    fn a_word_capitalised_inside_a_sentence_is_a_name() {
        let d = doc(
            "Talks began. The envoy met Marrow there.",
            Through::Sentences,
        );
        assert!(d.is_proper_word("Marrow"));
        assert!(
            !d.is_proper_word("Talks"),
            "capitalised only for opening a sentence"
        );
    }
}
