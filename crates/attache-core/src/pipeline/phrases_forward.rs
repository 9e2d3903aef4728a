//! Noun phrases read forward from a token (shared): the speaker after a cue
//! (", said X"), the source of "according to X", the first phrase of a
//! window.

use super::{Doc, NONE, Np, NpKind};
use crate::lexicon::{Class, Pronoun};
use crate::text::TokenKind;
use std::ops::Range;

impl<'t> Doc<'t> {
    /// The speaker phrase right after a cue: "said Trump", "said the Kremlin
    /// spokesman Dmitry Peskov", "according to officials".
    pub(super) fn np_after_cue(&self, c: usize, end: usize) -> Option<Np> {
        let mut i = c + 1;
        if self.w(c).eq_ignore_ascii_case("according") {
            i += 1;
        }
        if i >= end || self.in_quote(i) {
            return None;
        }
        if let Some(p) = self.lex.pronoun(self.w(i)) {
            return Some(Np {
                start: i,
                end: i + 1,
                kind: NpKind::Pronoun(p),
            });
        }
        self.np_forward(i, end).or_else(|| {
            // a source need not be a person: "according to the party's bylaws"
            self.is_source_cue(c)
                .then(|| self.source_phrase(i, end))
                .flatten()
        })
    }

    /// "…,” said master of ceremonies Asab Tabchi": a person named within
    /// a few words of role after an inverted cue, before any punctuation.
    pub(super) fn person_soon_after(&self, i: usize, end: usize) -> Option<Np> {
        let k = (i..end.min(i + 6))
            .take_while(|&k| self.is_word(k) && !self.is_cue_at(k))
            .find(|&k| self.is_person_at(k))?;
        let a = self.actor_of[k];
        let mut e = k;
        while e < end && self.actor_of[e] == a {
            e += 1;
        }
        Some(Np {
            start: k,
            end: e,
            kind: NpKind::Name,
        })
    }

    /// A lower-case determiner or quantifier at `t`: "the", "one", "most".
    fn opens_description(&self, t: usize) -> bool {
        self.is_lower_word(t)
            && (self.lex.is_determiner(self.w(t)) || self.lex.has(self.w(t), Class::Quantifier))
    }

    /// "…,” the two write.", "…?” the 43-year-old asked": a description
    /// that opens with a determiner and fills the words between a quote and
    /// its cue.
    pub(super) fn description_before_cue(&self, r0: usize, c: usize) -> Option<Np> {
        let opens = self.opens_description(r0);
        let words = (r0 + 1..c).all(|t| {
            (self.is_word(t) || self.toks[t].kind == TokenKind::Possessive)
                && !(self.is_lower_word(t) && self.lex.is_clause_word(self.w(t)))
        });
        (opens && words && c > r0 + 1 && c - r0 <= 5).then_some(Np {
            start: r0,
            end: c,
            kind: NpKind::Role,
        })
    }

    /// "…,” said one owner of a shop who …": after an inverted cue, a
    /// description that opens with a determiner is the speaker even without
    /// a role noun; not a time ("said this week") and not a quote.
    pub(super) fn description_after(&self, i: usize, end: usize) -> Option<Np> {
        if i >= end {
            return None;
        }
        if !self.opens_description(i) {
            return None;
        }
        let mut j = i + 1;
        while j < end
            && j < i + 8
            && (self.is_word(j) || self.toks[j].kind == TokenKind::Possessive)
            && (self.w(j) == "of"
                || !(self.is_lower_word(j)
                    && (self.lex.is_clause_word(self.w(j))
                        || self.lex.is_cue_verb(self.w(j))
                        || self.lex.is_preposition(self.w(j)))))
        {
            j += 1;
        }
        let timed = (i..j).any(|t| self.lex.is_time_word(&self.lower(t)));
        (j > i + 1 && !timed).then_some(Np {
            start: i,
            end: j,
            kind: NpKind::Role,
        })
    }

    /// Words from `i` up to punctuation or a clause word, at most eight: a
    /// document or body named as a source ("a Homeland Security memo").
    pub(super) fn source_phrase(&self, i: usize, end: usize) -> Option<Np> {
        let mut j = i;
        while j < end
            && j < i + 8
            && (self.is_word(j) || self.toks[j].kind == TokenKind::Possessive)
            && !(self.is_lower_word(j)
                && (self.lex.is_clause_word(self.w(j)) || self.lex.is_cue_verb(self.w(j))))
        {
            j += 1;
        }
        (j > i && (i..j).any(|t| self.is_word(t) && !self.lex.is_determiner(self.w(t)))).then_some(
            Np {
                start: i,
                end: j,
                kind: NpKind::Role,
            },
        )
    }

    pub(super) fn np_forward(&self, i: usize, end: usize) -> Option<Np> {
        if i >= end {
            return None;
        }
        let mut j = i;
        if self.lex.is_determiner(self.w(j)) {
            j += 1;
        }
        let mut last_role = None;
        let mut limit = i + 8;
        while j < end
            && j < limit
            && (self.is_word(j)
                || matches!(self.toks[j].kind, TokenKind::Possessive)
                || self.w(j) == "/")
        {
            let w = self.w(j);
            if self.is_lower_word(j) && (self.lex.is_cue_verb(w) || self.lex.is_clause_word(w)) {
                // "former Gov. and party chairman Ed Rendell": roles joined
                // before one name; "Trump and Putin" ends at the first
                let joined_roles = w == "and"
                    && j + 1 < end
                    && (self.is_cap(j + 1) || self.lex.is_role_noun(self.w(j + 1)))
                    && !(i..j).any(|t| self.is_person_at(t));
                if !joined_roles {
                    break;
                }
                limit = limit.max(j + 8);
            }
            if self.is_lower_word(j) && self.lex.is_role_noun(w) {
                last_role = Some(j);
            }
            j += 1;
        }
        // a name after the role ("the Kremlin spokesman Dmitry Peskov") or alone
        let (mut ns, mut ne) = (None, j);
        for t in (i..j).rev() {
            if self.is_cap(t) && self.is_person_at(t) {
                ne = t + 1;
                let mut s = t;
                while s > i && self.actor_of[s - 1] == self.actor_of[t] {
                    s -= 1;
                }
                ns = Some(s);
                break;
            }
        }
        if let Some(s) = ns {
            return Some(Np {
                start: s,
                end: ne,
                kind: NpKind::Name,
            });
        }
        if let Some(r) = last_role {
            // "union president Doris Crouse": a name no list knows after the role
            let run = self.cap_run(r + 1, end);
            if (2..=4).contains(&run.len()) {
                return Some(Np {
                    start: run.start,
                    end: run.end,
                    kind: NpKind::Name,
                });
            }
            return Some(Np {
                start: i,
                end: r + 1,
                kind: NpKind::Role,
            });
        }
        if j > i && self.is_cap(i) {
            let mut e = i;
            while e < j && (self.is_cap(e) || self.lex.is_name_particle(self.w(e))) {
                e += 1;
            }
            return self.name_run_before(e - 1, i);
        }
        if self.lex.is_determiner(self.w(i)) && j > i + 1 && self.is_cap(i + 1) {
            let mut e = i + 1;
            while e < j && self.is_cap(e) {
                e += 1;
            }
            return Some(Np {
                start: i + 1,
                end: e,
                kind: NpKind::Name,
            });
        }
        None
    }

    /// The first token of a person named right after role words from `i`
    /// ("President", "foreign policy chief"), before `end`.
    pub(super) fn person_after_role_words(&self, i: usize, end: usize) -> Option<usize> {
        let mut k = i;
        let mut role = false;
        while k < end && k < i + 5 && self.is_word(k) && !self.is_person_at(k) {
            let w = self.lower(k);
            if self.lex.is_role_noun(&w) || self.lex.is_title(self.w(k)) {
                role = true;
            } else if self.lex.is_clause_word(&w)
                || self.lex.is_determiner(&w)
                || self.is_cue_at(k)
                || !(self.is_lower_word(k) || self.lex.is_role_modifier(&w))
            {
                // "water policy chief": any plain words before the role noun
                return None;
            }
            k += 1;
        }
        (role && k < end && self.is_person_at(k)).then_some(k)
    }

    /// The first actor phrase in a window ("Trump on Truth Social:"), outside
    /// quotes; "Britain's Starmer" gives Starmer.
    pub(super) fn first_np(&self, w: Range<usize>) -> Option<Np> {
        let mut t = w.start;
        while t < w.end {
            if self.in_quote(t) {
                t += 1;
                continue;
            }
            if self.actor_of[t] != NONE {
                let a = self.actor_of[t];
                let mut e = t;
                while e < w.end && self.actor_of[e] == a {
                    e += 1;
                }
                // "Britain's Starmer", "Ireland's Prime Minister Micheál Martin"
                let possessor = e + 1 < w.end
                    && self.toks[e].kind == TokenKind::Possessive
                    && (self.actor_of[e + 1] != NONE
                        || self.person_after_role_words(e + 1, w.end).is_some());
                if possessor {
                    t = e + 1;
                    continue;
                }
                // "European Commission President Ursula von der Leyen", "EU
                // foreign policy chief Kaja Kallas": the body qualifies the
                // person's role; the person is the phrase
                if let Some(p) = self.person_after_role_words(e, w.end)
                    && !self.is_person_at(t)
                {
                    t = p;
                    continue;
                }
                return Some(Np {
                    start: t,
                    end: e,
                    kind: NpKind::Name,
                });
            }
            if let Some(p) = self
                .lex
                .pronoun(self.w(t))
                .or_else(|| (self.w(t) == "his" || self.w(t) == "His").then_some(Pronoun::He))
            {
                return Some(Np {
                    start: t,
                    end: t + 1,
                    kind: NpKind::Pronoun(p),
                });
            }
            t += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{Through, doc};

    fn after(text: &str, cue: &str) -> Option<String> {
        let d = doc(text, Through::Actors);
        let c = d.tok(cue);
        let np = d.np_after_cue(c, d.toks.len())?;
        Some(d.span_text(np.start..np.end))
    }

    #[test]
    fn roles_joined_by_and_lead_to_one_name_but_two_names_stay_apart() {
        assert_eq!(
            after(
                "“Yes,” said former Brel Gov. and Party Chairman Anna Marrow.",
                "said"
            )
            .as_deref(),
            Some("Anna Marrow")
        );
        assert_eq!(
            after("“Yes,” said Anna Marrow and Tobiah Quell.", "said").as_deref(),
            Some("Anna Marrow")
        );
    }

    fn description(text: &str, cue: &str) -> Option<String> {
        let d = doc(text, Through::Actors);
        let c = d.tok(cue);
        let np = d.description_after(c + 1, d.toks.len())?;
        Some(d.span_text(np.start..np.end))
    }

    #[test]
    fn a_description_after_an_inverted_cue_but_not_a_time() {
        assert_eq!(
            description("“No,” said one of two witnesses who asked.", "said").as_deref(),
            Some("one of two witnesses")
        );
        assert_eq!(
            description("“No,” said the authors of the study.", "said").as_deref(),
            Some("the authors of the study")
        );
        assert_eq!(description("“No,” said this week.", "said"), None);
        assert_eq!(description("“No,” said Marrow.", "said"), None);
        assert_eq!(description("“No,” said", "said"), None);
    }

    #[test]
    fn the_speaker_after_an_inverted_cue_or_according_to() {
        assert_eq!(
            after("“Yes,” said Anna Marrow.", "said").as_deref(),
            Some("Anna Marrow")
        );
        assert_eq!(
            after(
                "Talks stalled, according to the water ministry.",
                "according"
            )
            .as_deref(),
            Some("the water ministry")
        );
    }
}
