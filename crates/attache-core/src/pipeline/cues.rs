//! Reporting cues: whether a token is a cue here (a reporting verb used as
//! a verb, "according to", "as X put it"), the cue's token range, passive
//! and coordinated cues. Shared by the actor, attribution and positions
//! stages.

use super::Doc;
use crate::lexicon::Class;

use crate::text::TokenKind;
use std::ops::Range;

impl<'t> Doc<'t> {
    /// A cue that is the second verb of its subject: "… and said", "but later
    /// added", "then told".
    /// "was labeled", "is widely described": a cue in the passive, whose
    /// subject is what was said about, not who said it.
    pub(super) fn is_passive(&self, c: usize, lo: usize) -> bool {
        let w = self.w(c);
        if !(w.ends_with("ed") || matches!(w, "told" | "written")) {
            return false;
        }
        let mut k = c;
        while k > lo && self.is_lower_word(k - 1) && self.lex.is_ly_adverb(self.w(k - 1)) {
            k -= 1;
        }
        k > lo && self.lex.has(self.w(k - 1), Class::BeForm)
    }

    pub(super) fn coordinated_cue(&self, c: usize, lo: usize) -> bool {
        let j = self.skip_adjuncts_back(c, lo);
        j > lo && matches!(self.w(j - 1), "and" | "but" | "then")
    }

    pub(super) fn is_cue_at(&self, i: usize) -> bool {
        if !self.is_word(i) || self.in_quote(i) {
            return false;
        }
        let w = self.w(i);
        let lower;
        let w = if self.is_cap(i) {
            // "Said Ellis:", "According to Limbaugh," at a sentence's start
            if self.sent_start[self.sent_of[i] as usize] != i
                || !w.chars().skip(1).all(char::is_lowercase)
            {
                return false;
            }
            lower = w.to_lowercase();
            lower.as_str()
        } else {
            w
        };
        match w {
            "according" => i + 1 < self.toks.len() && self.w(i + 1) == "to",
            // "…,” per the party's bylaws": right after a comma only, not "per cent"
            "per" => {
                // the comma may end the quote: "…,” per …"
                (i >= 1 && self.w(i - 1) == ","
                    || i >= 2
                        && self.w(i - 2) == ","
                        && self.toks[i - 1].kind == TokenKind::QuoteMark)
                    && !(i + 1 < self.toks.len()
                        && matches!(self.w(i + 1), "cent" | "capita" | "se"))
            }
            // "as one official put it"
            "put" | "puts" => {
                i + 1 < self.toks.len()
                    && self.w(i + 1) == "it"
                    && (i.saturating_sub(8)..i).any(|t| self.w(t).eq_ignore_ascii_case("as"))
            }
            // "a stance Kyiv views as “interference”": seeing a thing as the
            // quoted words is naming it so
            "views" | "viewed" | "view" | "regards" | "regarded" | "sees" | "saw" | "considers"
            | "considered" => {
                i + 2 < self.toks.len()
                    && self.w(i + 1) == "as"
                    && self.toks[i + 2].kind == TokenKind::QuoteMark
            }
            // "…,” she went on.", "Rubel pointed out.": a verb and its particle
            _ if let Some(particle) = cue_particle(w) => {
                i + 1 < self.toks.len()
                    && self.w(i + 1) == particle
                    && (i + 2 >= self.toks.len()
                        || !self.is_word(i + 2)
                        || matches!(self.w(i + 2), "that" | "about")
                        || self.lex.is_time_word(self.w(i + 2))
                        // "shot back with a laugh", "fired back forcefully"
                        || self.is_lower_word(i + 2)
                            && (self.lex.is_preposition(self.w(i + 2))
                                || self.lex.is_verb_adjunct(self.w(i + 2))))
            }
            // "as the columnist had written": a participle after "have"
            "written" | "spoken" => {
                i >= 1 && matches!(self.w(i - 1), "had" | "has" | "have" | "having")
            }
            // "Halse has used the phrase “water theft”": using a phrase is
            // saying it
            "use" | "used" | "uses" | "using" => {
                i + 3 < self.toks.len()
                    && self.is_determiner_at(i + 1)
                    && matches!(
                        self.w(i + 2),
                        "phrase" | "term" | "word" | "words" | "expression" | "slogan"
                    )
                    && self.toks[i + 3].kind == TokenKind::QuoteMark
            }
            // "…,” the email read.": a text's words, at the end of its clause
            "read" => i + 1 < self.toks.len() && matches!(self.w(i + 1), "." | ","),
            // "it goes without saying", "left without saying a word"
            _ if i >= 1 && self.w(i - 1) == "without" => false,
            // "they call them “lone wolves”"; not "a phone call"
            "call" => {
                i + 1 < self.toks.len()
                    && matches!(
                        self.w(i + 1),
                        "them" | "him" | "her" | "it" | "us" | "this" | "that"
                    )
            }
            _ => self.lex.is_cue_verb(w) && !self.noun_use(i, w),
        }
    }

    /// After the cue at `c`, to the sentence's end, no clause that reports
    /// other words: no "that" and no quote.
    pub(super) fn no_clause_after(&self, c: usize, end: usize) -> bool {
        (c + 1..end)
            .take_while(|&k| self.w(k) != ".")
            .all(|k| self.w(k) != "that" && self.toks[k].kind != TokenKind::QuoteMark)
    }

    /// "said on Monday", "asked at a press conference", "said after the
    /// attacks": a place or a time after the cue at `c`, no clause of its own.
    pub(super) fn circumstance_after_cue(&self, c: usize, end: usize) -> bool {
        c + 1 < end
            && self.is_lower_word(c + 1)
            && (self.lex.is_preposition(self.w(c + 1)) || self.lex.is_time_word(self.w(c + 1)))
            && self.no_clause_after(c, end)
    }

    /// "Tuesday in Paris", "on Monday at a rally": from `from`, times and
    /// phrases of place or time up to a comma or the end; the token after
    /// them (`from` when there are none). A clause ("that", a quote, a
    /// cue) ends the run where it starts its phrase.
    pub(super) fn circumstances_end(&self, from: usize, end: usize) -> usize {
        let mut t = from;
        while t < end {
            let w = self.w(t);
            if self.lex.is_time_word(w) {
                t += 1;
            } else if self.is_lower_word(t) && self.lex.is_preposition(w) {
                let phrase = t;
                t += 1;
                while t < end
                    && self.is_word(t)
                    && !self.lex.is_preposition(self.w(t))
                    && !self.is_cue_at(t)
                    && self.w(t) != "that"
                {
                    t += 1;
                }
                if t == phrase + 1 {
                    return phrase;
                }
            } else {
                break;
            }
        }
        t
    }

    /// "Hollande said Tuesday in Paris" before `x`: the cue, within a few
    /// words after `lo`, whose times and places run up to `x`.
    pub(super) fn cue_before_circumstances(&self, lo: usize, x: usize) -> Option<usize> {
        (lo + 1..x)
            .rev()
            .take(12)
            .find(|&k| self.is_cue_at(k) && self.circumstances_end(k + 1, x) == x)
    }

    /// "of Republican claims", "the reports", "his comments": a verb form
    /// in -s after an article, possessive or preposition is a plural noun.
    pub(super) fn noun_use(&self, i: usize, w: &str) -> bool {
        if !self.lex.has(w, Class::CueNoun) {
            return false;
        }
        let marks_noun = |t: usize| {
            let lower = self.lower(t);
            self.lex.is_determiner(&lower)
                || self.lex.is_preposition(&lower)
                || self.lex.is_number_word(&lower)
                || lower.bytes().all(|b| b.is_ascii_digit())
                || self.toks[t].kind == TokenKind::Possessive
        };
        // "terrorist attacks", "interest rates": a plain word before it
        // modifies a noun; a subject is a name, a pronoun, a noun of people
        // or an adverb ("he claims", "officials say", "she also notes")
        let modified = |t: usize| {
            let v = self.w(t);
            self.is_lower_word(t)
                && self.lex.pronoun(v).is_none()
                && !self.lex.is_role_noun(v)
                && !self.lex.has(v, Class::PersonNoun)
                && !self.lex.has(v, Class::GroupNoun)
                && !self.lex.is_ly_adverb(v)
                && !self.lex.is_verb_adjunct(v)
                && !self.lex.is_clause_word(v)
        };
        i >= 1
            && (marks_noun(i - 1)
                || modified(i - 1)
                || (i >= 2 && self.is_cap(i - 1) && marks_noun(i - 2)))
    }

    /// The cue's tokens: the verb, plus a named addressee ("told CNN") or "to" of "according to".
    pub(super) fn cue_range(&self, c: usize, end: usize) -> Range<usize> {
        let w = self.w(c);
        if w.eq_ignore_ascii_case("according") || matches!(w, "put" | "puts") {
            return c..(c + 2).min(self.toks.len());
        }
        if matches!(w, "told" | "tells") {
            let mut e = c + 1;
            while e < end && e < c + 4 && self.is_cap(e) {
                e += 1;
            }
            if e < end && e == c + 1 && self.w(e) == "reporters" {
                e += 1;
            }
            return c..e;
        }
        c..c + 1
    }

    /// "according to …", "per …": cues whose speaker follows them.
    pub(super) fn is_source_cue(&self, c: usize) -> bool {
        self.w(c).eq_ignore_ascii_case("according") || self.w(c).eq_ignore_ascii_case("per")
    }
}

/// The particle that makes a verb a cue: "went on", "pointed out", "shot back".
pub(super) fn cue_particle(w: &str) -> Option<&'static str> {
    match w {
        "went" | "goes" | "going" => Some("on"),
        "pointed" | "points" | "pointing" => Some("out"),
        "shot" | "fired" => Some("back"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{Through, doc};

    #[test]
    fn seeing_a_thing_as_quoted_words_is_a_cue_and_seeing_alone_is_not() {
        let d = doc(
            "It is a stance Vardia views as “meddling”.",
            Through::Actors,
        );
        assert!(d.is_cue_at(d.tok("views")));
        let d = doc("Vardia views the talks as useful.", Through::Actors);
        assert!(!d.is_cue_at(d.tok("views")));
    }

    #[test]
    fn going_on_and_pointing_out_are_cues_and_going_on_a_trip_is_not() {
        let d = doc(
            "“No,” she went on. Rubel pointed out that it rained.",
            Through::Actors,
        );
        assert!(d.is_cue_at(d.tok("went")) && d.is_cue_at(d.tok("pointed")));
        let d = doc("She went on a trip.", Through::Actors);
        assert!(!d.is_cue_at(d.tok("went")));
    }

    #[test]
    fn a_form_in_s_after_a_modifier_or_a_number_is_a_noun() {
        let d = doc(
            "It followed the terrorist attacks in Brel.",
            Through::Actors,
        );
        assert!(!d.is_cue_at(d.tok("attacks")));
        let d = doc("It classified 22 Halse emails as secret.", Through::Actors);
        assert!(!d.is_cue_at(d.tok("emails")));
        let d = doc(
            "Halse emails her staff. She also notes it.",
            Through::Actors,
        );
        assert!(d.is_cue_at(d.tok("emails")) && d.is_cue_at(d.tok("notes")));
    }

    #[test]
    fn a_reporting_verb_is_a_cue_where_it_is_a_verb() {
        let d = doc("Marrow said it. His comments were noted.", Through::Actors);
        assert!(d.is_cue_at(d.tok("said")));
        assert!(
            !d.is_cue_at(d.tok("comments")),
            "a plural noun after a possessive"
        );
        let d = doc("Marrow comments on the deal.", Through::Actors);
        assert!(d.is_cue_at(d.tok("comments")));
    }

    #[test]
    fn passive_and_coordinated_cues() {
        let d = doc("It was widely described as a farce.", Through::Actors);
        assert!(d.is_passive(d.tok("described"), 0));
        let d = doc("Marrow arrived and then said so.", Through::Actors);
        assert!(d.coordinated_cue(d.tok("said"), 0));
        assert!(!d.is_passive(d.tok("said"), 0));
    }

    #[test]
    fn according_to_is_a_source_cue() {
        let d = doc("Talks stalled, according to the ministry.", Through::Actors);
        let c = d.tok("according");
        assert!(d.is_cue_at(c) && d.is_source_cue(c));
    }
}
