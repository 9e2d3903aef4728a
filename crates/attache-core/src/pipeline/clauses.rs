//! Clause reading shared by every stage: the subject of a sentence or of the
//! clause before a token (after an opening phrase, across a relative clause),
//! and capitalised runs.

use super::{Doc, NONE, Np, NpKind};
use crate::text::TokenKind;
use std::ops::Range;

impl<'t> Doc<'t> {
    /// The subject of the sentence that holds token `at`: its first actor or
    /// pronoun, after any opening phrase set off by a comma.
    pub(super) fn sentence_subject(&self, at: usize) -> Option<Np> {
        let s = self.sent_start[self.sent_of[at] as usize];
        let mut from = s;
        // "In Paris, …", "Struggling to rally support for X, Obama …"
        let opening =
            self.lex.is_opening_word(self.w(s)) || (self.is_cap(s) && self.w(s).ends_with("ing"));
        // the comma may close a quoted title: "On “Face the Nation,” Sanders …"
        let closes_quote = |t: usize| {
            t + 1 < self.toks.len()
                && self.in_quote(t)
                && self.quotes[self.quote_of[t] as usize].span.close_tok == Some(t + 1)
        };
        if opening
            && let Some(comma) = (s..at.min(s + 30))
                .find(|&t| self.w(t) == "," && (!self.in_quote(t) || closes_quote(t)))
        {
            from = comma + 1;
            // "Speaking in Salem, New Hampshire, Trump …": the place's state
            // after the place, no actor of its own
            let run = self.cap_run(from, at);
            if !run.is_empty()
                && run.len() <= 3
                && run.end < at
                && self.w(run.end) == ","
                && run.clone().all(|t| self.actor_of[t] == NONE)
            {
                from = run.end + 1;
            }
        }
        let np = self.clause_subject(from, at)?;
        Some(self.named_in_apposition(np, at).unwrap_or(np))
    }

    /// "His Russian counterpart, Sergei Lavrov, said": the person named in
    /// apposition to a role phrase, set off by commas, before `at`.
    pub(super) fn named_in_apposition(&self, np: Np, at: usize) -> Option<Np> {
        if np.kind == NpKind::Name {
            return None;
        }
        // the phrase runs to its comma ("His Russian counterpart,")
        let comma = (np.start..(np.start + 6).min(at)).find(|&k| self.w(k) == ",")?;
        if comma + 2 >= at || (np.start..comma).any(|k| self.is_cue_at(k) || self.in_quote(k)) {
            return None;
        }
        let first = comma + 1;
        let a = self.actor_of[first];
        if a == NONE || !self.is_person_at(first) {
            return None;
        }
        let mut end = first;
        while end < at && self.actor_of[end] == a {
            end += 1;
        }
        (end < at && self.w(end) == ",").then_some(Np {
            start: first,
            end,
            kind: NpKind::Name,
        })
    }

    /// The subject after a sentence's opening phrase that holds token `at`
    /// and ends at its first comma, in a quote or not: "After saying her
    /// foot was “swollen,” she was …".
    pub(super) fn subject_after_opening(&self, at: usize) -> Option<Np> {
        let sent = self.sent_of[at];
        let end = (at..self.toks.len())
            .find(|&t| self.sent_of[t] != sent)
            .unwrap_or(self.toks.len());
        let comma = (at..end).find(|&t| self.w(t) == ",")?;
        let mut from = comma + 1;
        while from < end && self.toks[from].kind == TokenKind::QuoteMark {
            from += 1;
        }
        self.clause_subject(from, end)
            .filter(|np| np.start <= from + 1)
    }

    /// The subject of a clause that starts at `from`: a name opening it, or
    /// its first actor or pronoun before `at`.
    pub(super) fn clause_subject(&self, mut from: usize, at: usize) -> Option<Np> {
        // a sentence that opens with a quote: its subject comes after it
        while from < at && (self.in_quote(from) || self.w(from) == ",") {
            from += 1;
        }
        // a name no list knows, opening the clause: "Blige sings …", "Reid has …"
        // (a name: written with a capital inside sentences elsewhere too)
        if from < at && self.actor_of[from] == NONE {
            let run = self.cap_run(from, at);
            // the first word of a longer run may be capitalised only as the
            // sentence's first: "Tobiah Quell, referring to …"
            let proper = |t: usize| {
                !self.is_cap(t)
                    || self.is_proper_word(self.w(t))
                    || t == run.start && run.len() >= 2 && self.could_be_name_word(t)
            };
            if !run.is_empty()
                && run.clone().all(proper)
                && run.end < at
                && (self.w(run.end) == "," || self.is_lower_word(run.end))
            {
                return Some(Np {
                    start: run.start,
                    end: run.end,
                    kind: NpKind::Name,
                });
            }
        }
        // a described subject opening the clause: "several environmental
        // groups granted …", "the 34-year-old mother replied"
        let described = (from + 1..at.min(from + 6)).rev().find_map(|k| {
            let next = k + 1;
            if next >= at {
                return None;
            }
            // a verb, an auxiliary or an adverb follows: "groups granted",
            // "the nominee also outlined", "the panel has said"
            let w = self.w(next);
            let verb_next = self.is_lower_word(next)
                && !self.lex.is_preposition(w)
                && !self.lex.is_determiner(w)
                && (!self.lex.is_clause_word(w) || self.lex.is_verb_adjunct(w));
            // a country or party may qualify the phrase ("the Republican
            // nominee"); a person named in it is the subject instead
            let names_person = (from..=k).any(|t| self.is_person_at(t));
            if !verb_next || names_person {
                return None;
            }
            self.nominal_np_before(k, from)
                .filter(|np| np.start == from)
        });
        described.or_else(|| self.first_np(from..at))
    }

    /// Capitalised words (and name particles between them) from `i`, before
    /// `end`, outside quotes; empty where `i` is a function word ("The", "In").
    pub(super) fn cap_run(&self, i: usize, end: usize) -> Range<usize> {
        if i >= end
            || !self.is_cap(i)
            || self.in_quote(i)
            || self.lex.is_capitalised_function_word(self.w(i))
        {
            return i..i;
        }
        let mut e = i + 1;
        while e < end
            && !self.in_quote(e)
            && (self.is_cap(e)
                || (self.particle_before_name(e) && e + 1 < end && self.is_cap(e + 1)))
        {
            e += 1;
        }
        i..e
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{Through, doc};

    fn subject(text: &str, at: &str) -> Option<String> {
        let d = doc(text, Through::Actors);
        let np = d.sentence_subject(d.tok(at))?;
        Some(d.span_text(np.start..np.end))
    }

    #[test]
    fn the_subject_comes_after_an_opening_phrase() {
        assert_eq!(
            subject("In Lisk on Monday, Anna Marrow warned of delays.", "warned").as_deref(),
            Some("Anna Marrow")
        );
        assert_eq!(
            subject("Anna Marrow, insisting on a pause, left.", "insisting").as_deref(),
            Some("Anna Marrow")
        );
    }

    #[test]
    fn a_capitalised_run_stops_at_its_window() {
        let d = doc("Anna Marrow Vance left.", Through::Tokens);
        assert_eq!(d.cap_run(0, 2), 0..2);
        assert_eq!(d.cap_run(0, d.toks.len()), 0..3);
    }
}
