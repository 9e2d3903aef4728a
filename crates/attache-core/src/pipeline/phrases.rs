//! Noun phrases read backward from a token (shared): the speaker phrase
//! before a cue — a name, a role ("the Kremlin spokesman"), a pronoun, a
//! relative pronoun, a described group ("63 percent"), with appositions.

use super::words::is_year;
use super::{Doc, NONE, Np, NpKind};
use crate::analysis::ActorKind;
use crate::lexicon::Class;
use crate::text::TokenKind;
use std::ops::Range;

impl<'t> Doc<'t> {
    /// A name right after a quote, set off by commas from appositions of any
    /// length, then its cue: "Name, the …, one of …, said". Returns the name
    /// and the cue.
    pub(super) fn name_with_appositions(&self, r0: usize, end: usize) -> Option<(Np, usize)> {
        if r0 >= end || !self.is_cap(r0) {
            return None;
        }
        let e = match self.actor_of[r0] {
            NONE => {
                // two to four capitalised words no list knows: "Malkia Cyril"
                let run = self.cap_run(r0, end);
                if !(2..=4).contains(&run.len()) || (run.clone()).any(|t| self.actor_of[t] != NONE)
                {
                    return None;
                }
                run.end
            }
            a if self.actors[a as usize].kind == ActorKind::Person => {
                let mut e = r0;
                while e < end && self.actor_of[e] == a {
                    e += 1;
                }
                e
            }
            _ => return None,
        };
        if e >= end || self.w(e) != "," {
            return None;
        }
        // the cue that closes the appositions: ", said" (adjuncts allowed
        // between); "the states suing" inside them is no cue of the name
        let c = (e + 1..end).find(|&c| {
            if !self.is_cue_at(c) {
                return false;
            }
            self.w(self.skip_adjuncts_back(c, e + 1) - 1) == ","
        })?;
        Some((
            Np {
                start: r0,
                end: e,
                kind: NpKind::Name,
            },
            c,
        ))
    }

    /// "…,” Berg's niece, state Del. Marcia Price (D-Va.), said": a name in
    /// apposition right after the quote, before the comma of its cue.
    pub(super) fn apposed_name(&self, r0: usize, np: Np, cue: usize) -> bool {
        np.kind == NpKind::Name
            && self.w(cue - 1) == ","
            && np.start - r0 <= 8
            && (r0..np.start).all(|t| {
                self.is_word(t) || self.toks[t].kind == TokenKind::Possessive || self.w(t) == ","
            })
    }

    /// Tokens that may stand between a quote and its speaker's name:
    /// "White House press secretary Josh Earnest said".
    pub(super) fn only_descriptors(&self, r: Range<usize>) -> bool {
        r.len() <= 6
            && r.clone().all(|t| {
                (self.is_word(t) || self.toks[t].kind == TokenKind::Possessive)
                    && (!self.lex.is_clause_word(self.w(t)) || self.inside_title(t))
                    && !self.is_cue_at(t)
            })
    }

    /// "of" (or "of the") inside a capitalised title: "Secretary of State",
    /// "Chancellor of the Exchequer".
    pub(super) fn inside_title(&self, t: usize) -> bool {
        let of_at = |o: usize| {
            self.w(o) == "of"
                && o > 0
                && o + 2 < self.toks.len()
                && self.is_cap(o - 1)
                && (self.is_cap(o + 1) || self.w(o + 1) == "the" && self.is_cap(o + 2))
        };
        of_at(t) || (self.w(t) == "the" && t > 0 && of_at(t - 1))
    }

    /// The speaker phrase that ends at token `j` (inclusive), not before `lo`.
    pub(super) fn np_before(&self, mut j: usize, lo: usize) -> Option<Np> {
        // skip adverbs, auxiliaries, times and a party label "(R-Ohio)" between subject and verb
        loop {
            if j > lo + 1 && is_year(self.w(j)) && matches!(self.w(j - 1), "in" | "since") {
                // "who in 2010 said"
                j -= 2;
            } else if j > lo
                && (self.is_lower_word(j) && self.lex.is_verb_adjunct(self.w(j))
                    || self.lex.is_time_word(self.w(j)))
            {
                j -= 1;
            } else if j > lo && self.w(j) == ")" {
                match (lo..j).rev().take(8).find(|&t| self.w(t) == "(") {
                    Some(open) if open > lo => j = open - 1,
                    _ => return None,
                }
            } else {
                break;
            }
        }
        // "Clinton, during a town hall in Columbus, Ohio, said": an adjunct
        // set off by commas stands between the subject and its verb
        if self.w(j) == "," && j > lo {
            let adjunct_comma = (lo..j)
                .rev()
                .take(16)
                .take_while(|&t| !self.is_cue_at(t) && !self.in_quote(t))
                .find(|&t| {
                    self.w(t) == ","
                        && self.is_lower_word(t + 1)
                        && self.lex.is_preposition(self.w(t + 1))
                        && !self.lex.is_clause_word(self.w(t + 1))
                });
            if let Some(k) = adjunct_comma
                && k > lo
                && self.is_person_at(k - 1)
            {
                return self.np_before(k - 1, lo);
            }
        }
        // "X, the Kremlin spokesman, said" / "X, another key participant, said"
        if self.w(j) == "," && j > lo {
            let open_comma = (lo..j)
                .rev()
                .take(16)
                .take_while(|&t| !self.is_cue_at(t) && !self.in_quote(t))
                .find(|&t| self.w(t) == ",");
            if let Some(c) = open_comma
                && c > lo
            {
                let inner = c + 1..j;
                let parenthetical = inner.clone().all(|t| {
                    self.is_word(t)
                        || self.toks[t].kind == TokenKind::Possessive
                        || (self.toks[t].kind == TokenKind::QuoteMark && !self.in_quote(t))
                        || matches!(self.w(t), "-" | "(" | ")" | "." | "/")
                });
                // "the head of the delegation, Vladimir Medinsky, stated": the name is the apposition
                let inner_person = !inner.is_empty()
                    && inner
                        .clone()
                        .all(|t| self.is_cap(t) || self.lex.is_name_particle(self.w(t)))
                    && self.is_person_at(j - 1);
                let person_before = self.is_person_at(c - 1);
                if inner_person && !person_before {
                    return Some(Np {
                        start: c + 1,
                        end: j,
                        kind: NpKind::Name,
                    });
                }
                // "Scott's niece, state Del. Marcia Price (D-Newport News), shouted":
                // a person's name closing the apposition, before any party label
                let name_end = if self.w(j - 1) == ")" {
                    (c + 1..j - 1).rev().find(|&t| self.w(t) == "(")
                } else {
                    Some(j)
                };
                if !person_before
                    && let Some(e) = name_end.filter(|&e| e > c + 1)
                    && let Some(name) = self.name_run_before(e - 1, c + 1)
                    && (self.actor_of[e - 1] == NONE && name.end - name.start >= 2
                        || self.is_person_at(e - 1))
                {
                    // "Del. Marcia Price": the title is no part of the name
                    return Some(Np {
                        start: self.after_titles(name.start..name.end),
                        ..name
                    });
                }
                if parenthetical {
                    // "Rep. Jim Jordan (R-Ohio), an oversight panel member, said"
                    let mut before = c - 1;
                    if self.w(before) == ")"
                        && let Some(open) = (lo..before).rev().take(8).find(|&t| self.w(t) == "(")
                        && open > lo
                    {
                        before = open - 1;
                    }
                    if let Some(name) = self.name_run_before(before, lo) {
                        return Some(name);
                    }
                    if self.is_lower_word(c - 1) && self.lex.is_role_noun(self.w(c - 1)) {
                        return self.role_np_before(c - 1, lo);
                    }
                }
            }
            return None;
        }
        if !self.is_word(j) || self.in_quote(j) {
            return None;
        }
        if let Some(p) = self.lex.pronoun(self.w(j)) {
            return Some(Np {
                start: j,
                end: j + 1,
                kind: NpKind::Pronoun(p),
            });
        }
        // "McConnell, now the majority leader, who in 2010 said", "the
        // police department, which reported": the relative pronoun's antecedent
        if matches!(self.w(j), "who" | "which") && j > lo {
            let before = if self.w(j - 1) == "," && j - 1 > lo {
                j - 2
            } else {
                j - 1
            };
            // the phrase before the pronoun, or, for a role, the name it is in
            // apposition to ("McConnell, now the majority leader, who"); an
            // antecedent may also be the object of a preposition
            let near = self
                .np_before(before, lo)
                .or_else(|| self.object_np_before(before, lo));
            let apposed = (self.w(j - 1) == ",")
                .then(|| self.np_before(j - 1, lo))
                .flatten()
                .filter(|np| np.kind == NpKind::Name);
            let ante = match near {
                Some(np) if np.kind == NpKind::Role => apposed.or(near),
                Some(_) => near,
                None => apposed,
            }?;
            // "told a young woman who suggested …": the addressee's clause
            // reports no speech of the article's
            if ante.start > lo && self.is_cue_at(ante.start - 1) {
                return None;
            }
            let named = match ante.kind {
                NpKind::Name => true,
                NpKind::Role => false,
                _ => return None,
            };
            return Some(Np {
                start: j,
                end: j + 1,
                kind: NpKind::Relative {
                    antecedent_start: ante.start as u32,
                    antecedent_end: ante.end as u32,
                    named,
                },
            });
        }
        if self.is_cap(j) {
            let run = self.name_run_before(j, lo)?;
            // "Mr. Morgan of the Sierra Club said": the person before "of"
            let mut k = run.start;
            if k > lo && self.w(k - 1) == "the" {
                k -= 1;
            }
            if k > lo + 1
                && self.w(k - 1) == "of"
                && let Some(head) = self.name_run_before(k - 2, lo)
                && self.is_person_at(head.end - 1)
            {
                return Some(head);
            }
            // "a spokesman for committee Democrats said": a role for a body
            let mut p = run.start;
            while p > lo && run.start - p < 3 && self.is_lower_word(p - 1) {
                let w = self.w(p - 1);
                if matches!(w, "for" | "of" | "at") {
                    break;
                }
                if self.lex.is_clause_word(w) || self.lex.is_cue_verb(w) {
                    return Some(run);
                }
                p -= 1;
            }
            if p > lo + 1
                && matches!(self.w(p - 1), "for" | "of" | "at")
                && !self.is_person_at(run.end - 1)
                && let Some(role) = self.role_np_before(p - 2, lo)
            {
                return Some(Np {
                    start: role.start,
                    end: run.end,
                    kind: NpKind::Role,
                });
            }
            return Some(run);
        }
        if self.is_lower_word(j) && self.lex.is_role_noun(self.w(j)) {
            let mut np = self.role_np_before(j, lo)?;
            // "the Florida senator and Republican presidential candidate
            // said": two roles of one person joined by "and"
            if np.start >= lo + 2
                && self.w(np.start - 1) == "and"
                && self.is_lower_word(np.start - 2)
                && self.lex.is_role_noun(self.w(np.start - 2))
                && let Some(first) = self.role_np_before(np.start - 2, lo)
                && self.is_determiner_at(first.start)
            {
                np.start = first.start;
            }
            // "a narrator in the ad", "the spokesman for the ministry": the
            // phrase qualifies a noun before it
            if np.start >= lo + 2
                && self.is_preposition_at(np.start - 1)
                && let Some(head) = self.nominal_np_before_depth(np.start - 2, lo, 1)
            {
                return Some(Np {
                    end: np.end,
                    ..head
                });
            }
            return Some(np);
        }
        self.nominal_np_before(j, lo)
    }

    /// "the announcer said", "a friend commented", "my father often said",
    /// "63 percent said", "a narrator in the ad asks", "the mother of three
    /// replied": a noun no list knows, after a determiner, number or
    /// quantifier at most two modifiers before it, with at most two
    /// prepositional phrases after it, and not itself after a preposition.
    /// Resolves to no actor; the phrase is the speaker.
    pub(super) fn nominal_np_before(&self, j: usize, lo: usize) -> Option<Np> {
        self.nominal_np_before_depth(j, lo, 0)
    }

    pub(super) fn nominal_np_before_depth(&self, j: usize, lo: usize, depth: u8) -> Option<Np> {
        let noun = self.w(j);
        // "the mother of three": a number closing the phrase
        if depth == 0
            && j >= lo + 2
            && self.w(j - 1) == "of"
            && (self.lex.is_number_word(noun) || noun.starts_with(|c: char| c.is_ascii_digit()))
        {
            return self
                .nominal_np_before_depth(j - 2, lo, depth + 1)
                .map(|np| Np { end: j + 1, ..np });
        }
        if !self.is_lower_word(j)
            || self.lex.is_cue_verb(noun)
            || self.lex.is_clause_word(noun)
            || self.lex.is_determiner(noun)
            || self.lex.is_verb_adjunct(noun)
        {
            return None;
        }
        let opens_phrase = |t: usize| {
            self.is_determiner_at(t)
                || self.w(t).starts_with(|c: char| c.is_ascii_digit())
                || self.lex.has(&self.lower(t), Class::Quantifier)
        };
        let start = (lo..j).rev().take(3).find(|&t| opens_phrase(t))?;
        let modifiers_are_plain = (start + 1..j).all(|t| {
            let w = self.w(t);
            !self.in_quote(t)
                && (self.is_cap(t) || self.is_lower_word(t))
                && !self.lex.is_cue_verb(w)
                && !self.lex.is_clause_word(w)
                && !self.lex.is_determiner(w)
        });
        if !modifiers_are_plain || self.in_quote(start) {
            return None;
        }
        // "in a video posted": the object of a preposition is no subject,
        // unless it qualifies a noun before it ("a narrator in the ad")
        if start > lo && self.is_preposition_at(start - 1) {
            // "Protesters marching through the streets": a plural opening the
            // sentence, and a participle after it
            let p = start - 2;
            let marching = start >= lo + 3
                && self.is_lower_word(p)
                && self.w(p).ends_with("ing")
                && p - 1 == self.sent_start[self.sent_of[p] as usize]
                && self.is_word(p - 1)
                && self.w(p - 1).ends_with('s');
            if marching {
                return Some(Np {
                    start: p - 1,
                    end: j + 1,
                    kind: NpKind::Role,
                });
            }
            return (depth < 2 && start >= lo + 2)
                .then(|| self.nominal_np_before_depth(start - 2, lo, depth + 1))
                .flatten()
                .map(|np| Np { end: j + 1, ..np });
        }
        Some(Np {
            start,
            end: j + 1,
            kind: NpKind::Role,
        })
    }

    /// A plain noun phrase ending at `j` wherever it stands: "the city
    /// police department" in "turned to the city police department".
    pub(super) fn object_np_before(&self, j: usize, lo: usize) -> Option<Np> {
        if !self.is_lower_word(j)
            || self.lex.is_clause_word(self.w(j))
            || self.lex.is_determiner(self.w(j))
        {
            return None;
        }
        let start = (lo..j).rev().take(4).find(|&t| self.is_determiner_at(t))?;
        (start + 1..j)
            .all(|t| {
                (self.is_cap(t) || self.is_lower_word(t)) && !self.lex.is_clause_word(self.w(t))
            })
            .then_some(Np {
                start,
                end: j + 1,
                kind: NpKind::Role,
            })
    }

    /// Tokens s-4..s are Name “Nick”: a nickname in marks inside a name.
    pub(super) fn nickname_before(&self, s: usize) -> bool {
        self.toks[s - 1].kind == TokenKind::QuoteMark
            && self.toks[s - 3].kind == TokenKind::QuoteMark
            && !self.in_quote(s - 2)
            && self.is_cap(s - 2)
            && self.is_cap(s - 4)
    }

    pub(super) fn name_run_before(&self, j: usize, lo: usize) -> Option<Np> {
        if !self.is_cap(j) || self.in_quote(j) {
            return None;
        }
        let mut s = j;
        loop {
            if s > lo
                && (self.is_cap(s - 1)
                    || (self.particle_before_name(s - 1) && s - 1 > lo && self.is_cap(s - 2)))
                && !self.in_quote(s - 1)
            {
                s -= 1;
            } else if s >= lo + 4 && self.nickname_before(s) {
                // Marcia “Cia” Price
                s -= 4;
            } else {
                break;
            }
        }
        while s <= j
            && self.lex.is_capitalised_function_word(self.w(s))
            && self.lex.title_gender(self.w(s)).is_none()
        {
            s += 1;
        }
        (s <= j).then_some(Np {
            start: s,
            end: j + 1,
            kind: NpKind::Name,
        })
    }

    /// "the US president", "his Russian counterpart", "America's new defence secretary".
    pub(super) fn role_np_before(&self, j: usize, lo: usize) -> Option<Np> {
        if !(self.is_lower_word(j) && self.lex.is_role_noun(self.w(j))) {
            return None;
        }
        let mut s = j;
        while s > lo && j - s < 6 {
            let t = s - 1;
            let w = self.w(t);
            if self.in_quote(t) {
                break;
            }
            if self.lex.is_determiner(w) {
                s = t;
                break;
            }
            if self.toks[t].kind == TokenKind::Possessive {
                s = t;
                continue;
            }
            if self.is_cap(t)
                || (self.is_lower_word(t)
                    && !self.lex.is_cue_verb(w)
                    && !self.lex.is_clause_word(w))
            {
                s = t;
                continue;
            }
            break;
        }
        Some(Np {
            start: s,
            end: j + 1,
            kind: NpKind::Role,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::NpKind;
    use super::super::testing::{Through, doc};

    fn before(text: &str, cue: &str) -> Option<(String, NpKind)> {
        let d = doc(text, Through::Actors);
        let c = d.tok(cue);
        let np = d.np_before(c - 1, 0)?;
        Some((d.span_text(np.start..np.end), np.kind))
    }

    #[test]
    fn a_name_a_role_or_a_pronoun_before_the_cue() {
        assert_eq!(
            before("Anna Marrow said so.", "said"),
            Some(("Anna Marrow".into(), NpKind::Name))
        );
        let (role, kind) = before("The port spokesman said so.", "said").unwrap();
        assert_eq!((role.as_str(), kind), ("The port spokesman", NpKind::Role));
        let (p, kind) = before("Later she said so.", "said").unwrap();
        assert_eq!(p, "she");
        assert!(matches!(kind, NpKind::Pronoun(_)));
    }

    #[test]
    fn a_described_group_of_speakers() {
        let (np, _) = before("Most delegates said so.", "said").unwrap();
        assert_eq!(np, "Most delegates");
    }
}
