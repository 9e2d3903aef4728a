//! Positions stage: each mention of a catalogue issue becomes a stance of
//! whoever takes it (the speaker of the quote that holds it, the subject of
//! the reported speech around it, or the subject of the sentence when a
//! stance verb says what that subject did), with a polarity read from the
//! negation and rejection words in its clause.

use super::{Doc, NONE, Np, NpKind};
use crate::analysis::ActorKind;
use crate::catalogue::{Catalogue, IssueMention};
use crate::lexicon::Class;
use crate::text::TokenKind;
use std::collections::HashMap;
use std::ops::Range;

/// The factor on the confidence of a hedged, conditional or past reading.
const HEDGED: f64 = 0.6;
/// Less directness for a clause that names an issue without a stance word:
/// of two readings of one holder, the one that takes a stance counts.
const BARE: f64 = 0.05;
/// Verbs of aspect that say something goes on ("continues to delay"), not
/// that something was said.
const ASPECT_VERBS: [&str; 2] = ["continues", "continued"];
/// The confidence of a speaker's account of another side's stance
/// ("Zelensky said Russia rejects the ceasefire"): read, but no change
/// rests on it.
const REPORTED: f64 = 0.55;

pub(super) struct PositionBuild {
    pub actor: Option<usize>,
    pub name: String,
    pub issue: usize,
    pub polarity: i8,
    /// How firmly the text states it: `directness`, less for a hedge.
    pub confidence: f64,
    /// How directly the holder is tied to it (quote 0.8 … sentence subject
    /// 0.5): the clearest statement per holder and issue is the most direct.
    pub directness: f64,
    pub evidence: Range<usize>,
}

impl Doc<'_> {
    pub(super) fn find_positions(&mut self, cat: &Catalogue) -> Vec<PositionBuild> {
        let mut out = Vec::new();
        for m in self.issue_mentions(cat) {
            // headlines and subheads repeat or tease the body; their stances are read there
            let para = self.paras.partition_point(|p| p.end <= m.start);
            if para < self.paras.len() && self.is_headline(para) {
                continue;
            }
            let t = self.toks.partition_point(|tok| tok.end <= m.start);
            if t >= self.toks.len() || self.toks[t].start > m.start {
                continue;
            }
            let mut te = t;
            while te + 1 < self.toks.len() && self.toks[te + 1].start < m.end {
                te += 1;
            }
            let sent = self.sent_of[t] as usize;
            let s0 = self.sent_start[sent];
            let s1 = self
                .sent_start
                .get(sent + 1)
                .copied()
                .unwrap_or(self.toks.len());
            if self.is_question(t, s0, s1) || self.is_topic(t, s0) {
                continue;
            }
            let main = self.holder_of(t, s0, s1);
            let agent = self
                .agent_holder(t, s0, s1)
                .or_else(|| self.as_clause_holder(t, te, s1));
            let evidence = self.toks[s0].start..self.toks[s1 - 1].end;
            if let Some((h, sign)) = agent {
                let taken: Vec<Option<usize>> = main
                    .as_ref()
                    .map_or(Vec::new(), |m| m.1.iter().map(|x| x.0).collect());
                for (actor, name) in h.into_iter().filter(|x| !taken.contains(&x.0)) {
                    // an agent's own verb sets its stance
                    out.push(PositionBuild {
                        actor,
                        name,
                        issue: m.issue,
                        polarity: m.polarity * sign,
                        confidence: 0.6,
                        directness: 0.6,
                        evidence: evidence.clone(),
                    });
                }
            }
            let Some((np, holder, confidence, verb_sign)) = main else {
                continue;
            };
            // "cannot be decided without Ukraine": a term that carries its
            // own negation ("without Ukraine") is read with the one before it
            let inner: i8 = if m.polarity == 1 {
                (t..=te)
                    .filter(|&k| {
                        matches!(self.w(k), "without" | "no" | "not" | "nothing" | "never")
                    })
                    .fold(1, |p, _| -p)
            } else {
                1
            };
            let sign = verb_sign.unwrap_or_else(|| self.negation(t, te, s0, s1)) * inner;
            let polarity = m.polarity * sign;
            let _ = np;
            // a clause that only names the issue ("An arbitration tribunal would
            // take years") ties its holder to it less than one that takes a
            // stance on it ("We do not want arbitration any more")
            let bare = verb_sign.is_none()
                && sign == 1
                && m.polarity == 1
                && !(s0..t).any(|k| self.in_quote(k) == self.in_quote(t) && self.stance_verb_at(k));
            let directness = if bare { confidence - BARE } else { confidence };
            // a hedge, a condition or a past stance is read, but not as firmly
            let confidence = if self.hedged(t, s0) {
                confidence * HEDGED
            } else {
                confidence
            };
            // someone we cannot place (a commentator, a pollster) speaks for nobody in the talks
            for (actor, name) in holder
                .into_iter()
                .filter(|h| h.0.is_some_and(|a| self.speaks_for_a_party(a)))
            {
                out.push(PositionBuild {
                    actor,
                    name,
                    issue: m.issue,
                    polarity,
                    confidence,
                    directness,
                    evidence: evidence.clone(),
                });
            }
        }
        out
    }

    /// The catalogue's mentions, and references back to them: after "a
    /// peace plan", "the plan" and "this plan" name the same issue, with the
    /// same polarity, where the head noun names one issue only.
    fn issue_mentions(&self, cat: &Catalogue) -> Vec<IssueMention> {
        let mut found = cat.find(self.text);
        // head noun → (issue, polarity, where first named); None if ambiguous
        let mut heads: HashMap<String, Option<(usize, i8, usize)>> = HashMap::new();
        for m in &found {
            let Some(head) = self.text[m.start..m.end]
                .rsplit(|c: char| !c.is_alphanumeric() && c != '-')
                .find(|w| !w.is_empty())
                .map(str::to_lowercase)
            else {
                continue;
            };
            if head.ends_with("ing") || head.ends_with("ed") || head.len() < 4 {
                continue;
            }
            // "end the war": a verb's object is not the issue, so "the war"
            // later names no issue
            let first = self.text[m.start..m.end]
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("");
            let verb_first = first.ends_with("ing")
                || self.lex.has(first, Class::EndingWord)
                || self.lex.is_stance_verb(first)
                || self.lex.is_negator(first);
            if verb_first && !head.eq_ignore_ascii_case(first) {
                continue;
            }
            heads
                .entry(head)
                .and_modify(|e| {
                    if e.is_some_and(|(i, p, _)| i != m.issue || p != m.polarity) {
                        *e = None;
                    }
                })
                .or_insert(Some((m.issue, m.polarity, m.end)));
        }
        let mut pronoun_refs = self.pronoun_issue_refs(&found);
        pronoun_refs.extend(self.elided_rejections(&found));
        if heads.values().all(Option::is_none) {
            found.extend(pronoun_refs);
            found.sort_by_key(|m| m.start);
            return found;
        }
        // whether a mention covers `at`: a binary search among the mentions
        // (in order of start, as `Catalogue::find` gives them), with the
        // furthest end reached so far
        debug_assert!(found.is_sorted_by_key(|m| m.start));
        let reach: Vec<usize> = found
            .iter()
            .scan(0, |r, m| {
                *r = (*r).max(m.end);
                Some(*r)
            })
            .collect();
        let covered = |at: usize| {
            let i = found.partition_point(|m| m.start <= at);
            i > 0 && reach[i - 1] > at
        };
        let mut refs = Vec::new();
        for k in 1..self.toks.len() {
            let Some(Some((issue, polarity, first_end))) = heads.get(self.w(k)).copied() else {
                continue;
            };
            let det = self.w(k - 1);
            if !self.is_lower_word(k)
                || !["the", "this", "that"]
                    .iter()
                    .any(|d| det.eq_ignore_ascii_case(d))
            {
                continue;
            }
            let (start, end) = (self.toks[k].start, self.toks[k].end);
            if start < first_end || covered(start) {
                continue;
            }
            refs.push(IssueMention {
                start,
                end,
                issue,
                polarity,
            });
        }
        found.extend(refs);
        found.extend(pronoun_refs);
        found.sort_by_key(|m| m.start);
        found
    }

    /// "Ukraine proposed a ceasefire, but Russia has refused.": a verb of
    /// rejection with no object, in a clause after "but", "while" or "yet",
    /// rejects the one issue named earlier in its sentence.
    fn elided_rejections(&self, found: &[IssueMention]) -> Vec<IssueMention> {
        let mut refs = Vec::new();
        for k in 2..self.toks.len() {
            if !self.is_lower_word(k) || !self.lex.is_rejection(self.w(k)) || self.in_quote(k) {
                continue;
            }
            // nothing after it but the end of the clause: ", but Russia refused."
            let ends = k + 1 >= self.toks.len()
                || matches!(self.w(k + 1), "." | ";" | "," | "!")
                || self.sent_of[k + 1] != self.sent_of[k];
            if !ends {
                continue;
            }
            let s0 = self.sent_start[self.sent_of[k] as usize];
            let Some(conj) = (s0..k)
                .rev()
                .take(6)
                .find(|&c| matches!(self.w(c), "but" | "while" | "yet"))
            else {
                continue;
            };
            let Some(first) = sole_issue(found, self.toks[s0].start..self.toks[conj].start) else {
                continue;
            };
            refs.push(IssueMention {
                start: self.toks[k].start,
                end: self.toks[k].end,
                issue: first.issue,
                polarity: -first.polarity,
            });
        }
        refs
    }

    /// "A truce was proposed. Russia has now rejected it.": "it" or "one"
    /// as the object of a stance verb refers to the one issue named earlier
    /// in its sentence, or, where its sentence names none, in the sentence
    /// before.
    fn pronoun_issue_refs(&self, found: &[IssueMention]) -> Vec<IssueMention> {
        let mut refs = Vec::new();
        for k in 1..self.toks.len() {
            // "called it a “submission”" names it: the name, not the verb,
            // would carry the stance
            if !matches!(self.w(k), "it" | "one")
                || self.in_quote(k)
                || !self.stance_verb_at(k - 1)
                || self.lex.is_naming_verb(self.w(k - 1))
            {
                continue;
            }
            let sent = self.sent_of[k] as usize;
            let span_of = |s: usize| {
                let a = self.toks[self.sent_start[s]].start;
                let b = self
                    .sent_start
                    .get(s + 1)
                    .map_or(self.text.len(), |&t| self.toks[t].start);
                a..b
            };
            // the issue earlier in its sentence ("Ukraine proposed a truce,
            // while Russia rejected it"), else in the sentence before
            let here = span_of(sent).start..self.toks[k].start;
            let after = self.toks[k].end..span_of(sent).end;
            if !starting_in(found, after).is_empty() {
                continue;
            }
            let before = if !starting_in(found, here.clone()).is_empty() {
                here
            } else if sent > 0 {
                span_of(sent - 1)
            } else {
                continue;
            };
            let Some(first) = sole_issue(found, before) else {
                continue;
            };
            refs.push(IssueMention {
                start: self.toks[k].start,
                end: self.toks[k].end,
                issue: first.issue,
                polarity: first.polarity,
            });
        }
        refs
    }

    /// The term's clause is hedged, conditional or past: a modal ("could
    /// reject the truce"), "if", "unless", or a past perfect ("had refused")
    /// among the eight words before it, in its clause.
    fn hedged(&self, t: usize, s0: usize) -> bool {
        // "Halloran, who last month rejected a minimum flow, struck a
        // cautious tone": a relative clause on the holder is background
        let in_relative_clause = (s0 + 1..t)
            .rev()
            .take(14)
            .take_while(|&k| self.w(k) != "," && !self.in_quote(k))
            .any(|k| matches!(self.w(k), "who" | "which") && self.w(k - 1) == ",");
        if in_relative_clause {
            return true;
        }
        let from = t.saturating_sub(8).max(s0);
        (from..t)
            .rev()
            .take_while(|&k| {
                // a quote's sentences are one sentence of the text: stop at their ends too
                let ends_quoted_sentence =
                    self.in_quote(k) && matches!(self.w(k), "." | "!" | "?" | ";");
                self.w(k) != ","
                    && !ends_quoted_sentence
                    && !self.lex.is_clause_break(&self.lower(k))
            })
            .any(|k| {
                let w = self.lower(k);
                // in a quote "would" is not reported speech's "will": it is a condition
                let counterfactual =
                    self.in_quote(k) && (w == "would" || w.ends_with("'d") || w.ends_with("’d"));
                // "sanctions anticipated should Moscow reject a ceasefire": "should" before its subject is "if"
                let inverted = w == "should" && k + 2 < t && self.actor_of[k + 1] != NONE;
                counterfactual
                    || inverted
                    || !self.in_quote(k) && self.lex.has(&w, Class::Hedge)
                    || w == "had"
                        && k + 1 < t
                        && (self.w(k + 1).ends_with("ed")
                            || self.lex.is_ly_adverb(self.w(k + 1))
                            || self.w(k + 1) == "previously")
            })
    }

    /// Token `v` is a verb of stance ("reject", "back"), or "rule(d) out".
    fn stance_verb_at(&self, v: usize) -> bool {
        let raw = self.w(v);
        // most words are lower case already: no copy for them
        let w: std::borrow::Cow<str> = if raw.bytes().all(|b| b.is_ascii_lowercase()) {
            raw.into()
        } else {
            raw.to_lowercase().into()
        };
        let next = |p: &[&str]| v + 1 < self.toks.len() && p.contains(&self.w(v + 1));
        self.lex.is_stance_verb(&w)
            || w.starts_with("rul") && next(&["out"])
            // "has come round to a minimum flow"
            || matches!(w.as_ref(), "come" | "comes" | "came" | "coming") && next(&["round", "around"])
    }

    /// "Russia's rejection of a ceasefire": the possessor of a noun of
    /// stance joined to the term by "of", "for" or "to" (a determiner may
    /// stand before the term).
    fn stance_noun_possessor(&self, t: usize, s0: usize) -> Option<Np> {
        let mut k = t;
        while k > s0 && self.is_determiner_at(k - 1) {
            k -= 1;
        }
        // "Tarsany's refusal to accept a fixed flow": the noun's infinitive
        if k > s0 + 5 && self.w(k - 2) == "to" && self.is_lower_word(k - 1) {
            k -= 1;
        }
        if k < s0 + 4 || !matches!(self.w(k - 1), "of" | "for" | "to") {
            return None;
        }
        let noun = k - 2;
        if !self.lex.has(&self.lower(noun), Class::StanceNoun)
            || self.toks[noun - 1].kind != TokenKind::Possessive
        {
            return None;
        }
        let owner = noun - 2;
        let a = self.actor_of[owner];
        if a == NONE {
            return None;
        }
        let mut start = owner;
        while start > s0 && self.actor_of[start - 1] == a {
            start -= 1;
        }
        Some(Np {
            start,
            end: owner + 1,
            kind: NpKind::Name,
        })
    }

    /// The reported clause (from `start` to the term at `t`) gives the
    /// stance of an actor of another side than the `speaker`'s, with a
    /// stance verb of its own ("Zelensky said Russia rejects the truce").
    fn reports_another_side(&self, start: usize, t: usize, speaker: Np) -> bool {
        let Some(v) = (start + 1..t).find(|&v| !self.in_quote(v) && self.stance_verb_at(v)) else {
            return false;
        };
        // "Healey said Ukraine must be allowed to join": a demand the speaker makes of the subject
        if matches!(self.w(v), "must" | "should" | "need" | "needs") {
            return false;
        }
        let Some(np) = self.subject_before_verb(v, start) else {
            return false;
        };
        // the verb is the subject's own: only auxiliaries, adverbs and "to"
        // between ("Russia will not accept", "continues to reject"; not
        // "Ukraine must be allowed to join")
        let own_verb = (np.end..v).all(|k| {
            let w = self.w(k);
            (self.lex.is_verb_adjunct(w) && !self.lex.has(w, Class::BeForm))
                || self.lex.is_ly_adverb(w)
                || matches!(
                    w,
                    "to" | "not" | "never" | "must" | "can" | "cannot" | "should" | "does" | "did"
                )
                || ASPECT_VERBS.contains(&w)
        });
        // a speaker reporting their own side's stance states it as theirs
        np.start >= start
            && own_verb
            && self.of_other_sides(self.actor_of[np.end - 1], self.actor_of[speaker.end - 1])
    }

    /// Actors `a` and `b` both speak for a side, and not the same one.
    fn of_other_sides(&self, a: u32, b: u32) -> bool {
        let side = |a: u32| {
            (a != NONE)
                .then(|| self.actors[a as usize].affiliation.as_deref())
                .flatten()
        };
        side(a).is_some() && side(b).is_some() && side(a) != side(b)
    }

    /// "Starmer warned that … Russia continues to delay talks": a speech
    /// cue before `np`, whose speaker speaks for another side than `np`.
    fn reported_by_other_side(&self, np: Np, s0: usize) -> bool {
        let holder = self.actor_of[np.end - 1];
        (s0 + 1..np.start).any(|c| {
            !self.in_quote(c)
                && self.is_cue_at(c)
                // "X insisted …, but Russia has refused": a clause of its own
                && !(c + 1..np.start).any(|k| {
                    !self.in_quote(k) && self.lex.is_clause_break(&self.lower(k))
                })
                && self
                    .np_before(c - 1, s0)
                    .is_some_and(|s| self.of_other_sides(self.actor_of[s.end - 1], holder))
        })
    }

    /// The person whose stance a spokesperson reports: the actor that opens
    /// the clause reported by cue `c`, when the speaker is a spokesperson.
    fn principal_after(&self, speaker: Np, c: usize, t: usize) -> Option<Np> {
        let spokes = |w: &str| w.starts_with("spokes");
        let speaker_actor = self.actor_of[speaker.end - 1];
        let by_role = speaker_actor != NONE
            && self.actors[speaker_actor as usize]
                .role
                .as_deref()
                .is_some_and(|r| r.split_whitespace().any(spokes));
        let by_phrase = (speaker.start..speaker.end).any(|k| spokes(&self.lower(k)));
        if !(by_role || by_phrase) {
            return None;
        }
        let mut k = c + 1;
        if k < t && self.w(k) == "that" {
            k += 1;
        }
        let a = self
            .actor_of
            .get(k)
            .copied()
            .filter(|&a| a != NONE && a != speaker_actor)?;
        let mut e = k;
        while e < t && self.actor_of[e] == a {
            e += 1;
        }
        Some(Np {
            start: k,
            end: e,
            kind: NpKind::Name,
        })
    }

    /// The speaker of a closing attribution after token `t`: ", X said." or
    /// ", said X." ending the sentence, outside quotes, or followed by a
    /// participle's clause (", X declared, rejecting …").
    fn closing_speaker(&self, t: usize, s1: usize) -> Option<Np> {
        self.closing_speaker_to(t, s1).or_else(|| {
            let participle = (t + 2..s1).find(|&k| {
                self.w(k - 1) == ","
                    && !self.in_quote(k)
                    && self.is_lower_word(k)
                    && self.w(k).ends_with("ing")
                    && self.w(k).len() > 5
            })?;
            self.closing_speaker_to(t, participle - 1)
        })
    }

    fn closing_speaker_to(&self, t: usize, s1: usize) -> Option<Np> {
        let comma = (t + 1..s1)
            .rev()
            .find(|&k| self.w(k) == "," && !self.in_quote(k))?;
        let c = (comma + 1..s1).find(|&k| self.is_cue_at(k))?;
        if self.in_quote(c) || self.w(c).ends_with("ing") || c + 1 < s1 && self.w(c + 1) == "that" {
            return None;
        }
        let np = if c == comma + 1 {
            // "…, its foreign minister, Anna Marrow, said": the apposition
            // before the cue's comma
            self.np_after_cue(c, s1).or_else(|| {
                let open = (t + 1..comma).find(|&k| self.w(k) == "," && !self.in_quote(k))?;
                self.np_before(comma, open)
                    .filter(|np| np.start > open && self.is_person_at(np.end - 1))
            })
        } else {
            self.np_before(c - 1, comma + 1)
                .filter(|np| (comma + 1..np.start).all(|k| self.is_determiner_at(k)))
        }?;
        // nothing but time and place words after the cue
        let rest_ok = (c + 1..s1).all(|k| {
            !self.is_lower_word(k)
                || self.lex.is_time_word(self.w(k))
                || self.lex.is_preposition(self.w(k))
                || (np.start..np.end).contains(&k)
        });
        rest_ok.then_some(np)
    }

    /// An actor placed in the talks: with an affiliation, or a person whose
    /// role is an office of a party ("water minister", "chief negotiator"),
    /// not a commentator's.
    fn speaks_for_a_party(&self, a: usize) -> bool {
        let actor = &self.actors[a];
        actor.affiliation.is_some() || actor.kind == ActorKind::Person && self.holds_party_office(a)
    }

    /// The agent of a stance verb near the term, with that verb's sign:
    /// "a ceasefire already accepted by Kyiv", "a proposal by Washington".
    #[allow(clippy::type_complexity)]
    fn agent_holder(
        &mut self,
        t: usize,
        s0: usize,
        s1: usize,
    ) -> Option<(Vec<(Option<usize>, String)>, i8)> {
        let v = (s0..s1.min(t + 8)).find(|&v| {
            !self.in_quote(v)
                && self.lex.is_stance_verb(&self.lower(v))
                && v + 2 < s1
                && self.w(v + 1) == "by"
                && self.actor_of[v + 2] != NONE
        })?;
        let np = self.np_forward(v + 2, s1)?;
        let h = self.holders(np);
        let sign = if self.lex.is_negator(&self.lower(v)) {
            -1
        } else {
            1
        };
        (!h.is_empty()).then_some((h, sign))
    }

    /// The subject of "as X demands" right after the term, with the sign
    /// of a negating word right before it: "Ukraine ceding the Donbas as
    /// Moscow demands", "sanctions relief, as Brel has long wanted".
    #[allow(clippy::type_complexity)]
    fn as_clause_holder(
        &mut self,
        t: usize,
        te: usize,
        s1: usize,
    ) -> Option<(Vec<(Option<usize>, String)>, i8)> {
        // the rest of the term's noun phrase ("the Donbas region"), a comma
        let mut k = te + 1;
        while k < s1 && k <= te + 2 && self.is_lower_word(k) && self.w(k) != "as" {
            k += 1;
        }
        if k < s1 && self.w(k) == "," {
            k += 1;
        }
        if k + 2 >= s1 || self.w(k) != "as" || self.in_quote(k) || self.actor_of[k + 1] == NONE {
            return None;
        }
        let np = self.np_forward(k + 1, s1)?;
        let mut v = np.end;
        while v < s1
            && (self.lex.has(self.w(v), Class::BeForm)
                || matches!(self.w(v), "has" | "have" | "had" | "long" | "still"))
        {
            v += 1;
        }
        // the sentence (and the text) may end with the phrase: no verb
        if v >= s1 {
            return None;
        }
        let verb = self.lower(v);
        let ends = v + 1 >= s1 || !self.is_word(v + 1) || self.lex.is_later_clause(self.w(v + 1));
        if !self.lex.is_stance_verb(&verb) || self.lex.is_negator(&verb) || !ends {
            return None;
        }
        let h = self.holders(np);
        // what is demanded: the term, or giving it up ("give up its bid for
        // …"); the main clause's own negation is its subject's
        let gives_up = (t.saturating_sub(5)..t)
            .rev()
            .take_while(|&j| self.is_lower_word(j))
            .any(|j| self.lex.has(&self.lower(j), Class::EndingWord));
        let sign = if gives_up { -1 } else { 1 };
        (!h.is_empty()).then_some((h, sign))
    }

    /// Whether a clause's subject at `k` names nobody: "critics", or
    /// "some" as a pronoun ("some at home would have preferred …", not
    /// "some progress").
    fn indefinite_subject_at(&self, k: usize) -> bool {
        let w = self.lower(k);
        if !self.lex.has(&w, Class::IndefiniteSubject) {
            return false;
        }
        let next = self.lower(k + 1);
        w.ends_with('s')
            || self.lex.is_preposition(&next)
            || self.lex.has(&next, Class::BeForm)
            || self.lex.is_stance_verb(&next)
            || matches!(
                &*next,
                "would" | "will" | "could" | "might" | "may" | "should" | "have" | "had"
            )
    }

    /// Whether the first form of "be" from `k` (before a comma, a new
    /// clause or `limit`) is followed by an undoing participle: "… are
    /// lifted", "… was suspended".
    fn passive_undone_after(&self, k: usize, s1: usize, limit: usize) -> bool {
        let Some(be) = (k..s1.min(limit))
            .take_while(|&j| {
                !matches!(
                    self.w(j),
                    "," | ";" | ":" | "that" | "which" | "who" | "if" | "when"
                ) && !self.lex.is_clause_break(&self.lower(j))
                    && !self.in_quote(j)
            })
            .find(|&j| self.lex.has(self.w(j), Class::BeForm))
        else {
            return false;
        };
        // "be" as the sentence's last word has no participle after it
        if be + 1 >= s1 {
            return false;
        }
        let participle = self.lower(be + 1);
        participle.ends_with("ed")
            && self.lex.is_negator(&participle)
            && !self.lex.is_rejection(&participle)
    }

    /// +1, or −1 for each negating word in the term's clause (parity).
    fn negation(&self, t: usize, te: usize, s0: usize, s1: usize) -> i8 {
        let mut sign = 1i8;
        // before the term, back to a clause break
        let mut k = t;
        while k > s0 && t - k < 14 {
            k -= 1;
            // ", which Russia rejected,": a relative clause says nothing of what follows it
            if let Some(open) = self.relative_clause_closed_at(k, s0) {
                k = open;
                continue;
            }
            let w = self.w(k);
            let lw = w.to_lowercase();
            if self.lex.is_clause_break(&lw) {
                break;
            }
            let near = t - k <= 6;
            // plain negation reaches only the nearby verb; judgements reach further
            let strong = self.lex.is_judgement(&lw) || self.lex.is_rejection(&lw);
            if t - k > 7 && !strong || t - k > 10 && !self.lex.is_rejection(&lw) {
                continue;
            }
            let ending = self.lex.has(lw.as_str(), Class::EndingWord);
            // "a treaty without Ashkar, “half a treaty”": a preposition
            // negates its own object, not a term after it
            let other_object = lw == "without"
                && (k + 1..t).any(|j| self.actor_of[j] != NONE || !self.is_word(j))
                // "give up territory" gives it up; "give talks a chance" does not
                || matches!(lw.as_str(), "give" | "gives" | "gave" | "giving")
                    && !matches!(self.w(k + 1), "up" | "away");
            // "freeze the front line rather than cede the Donbas": the
            // alternative set aside
            let set_aside = lw == "rather" && self.w(k + 1) == "than"
                || lw == "instead" && self.w(k + 1) == "of";
            if self.lex.is_negator(&lw) && (near || !ending) && !other_object
                || lw == "against"
                || set_aside
            {
                sign = -sign;
            }
        }
        // after the term, to the next clause break
        let mut k = te + 1;
        let mut seen = 0;
        let mut predicate_read = false;
        while k < s1 && seen < 8 {
            let lw = self.lower(k);
            // "missiles to Ukraine would harm …": "to" before a name or a
            // determiner is a preposition, not an infinitive's clause
            let preposition = lw == "to"
                && k + 1 < s1
                && (self.actor_of[k + 1] != NONE
                    || self.is_determiner_at(k + 1)
                    || self.w(k + 1).starts_with(char::is_uppercase));
            if (self.lex.is_later_clause(&lw) && !preposition) || lw == "," {
                break;
            }
            let off_the_table =
                lw == "off" && k + 2 < s1 && self.w(k + 1) == "the" && self.w(k + 2) == "table";
            let ruled_out = lw == "out" && k > 0 && self.w(k - 1).starts_with("rul");
            // "… is only a pause": a noun after the term names it, unless a
            // judgement ("an unrealistic objective")
            let negates = self.lex.is_negator(&lw)
                && !matches!(&*lw, "end" | "ending" | "give" | "no" | "without" | "delay")
                && (self.lex.is_judgement(&lw) || !self.is_determiner_at(k - 1));
            // "… will only prolong the war": the term's own predicate harms
            let harms = self.lex.has(&lw, Class::Harm);
            if off_the_table || ruled_out || negates || harms {
                sign = -sign;
            }
            predicate_read |= self.lex.has(&lw, Class::BeForm);
            k += 1;
            seen += 1;
        }
        // "sanctions on Rosselkhozbank and other banks … are lifted": the
        // passive predicate of a long subject, past its "and"s
        let coordinated = k < s1
            && matches!(self.w(k), "and" | "or")
            && te + 1 < s1
            && self.lex.is_preposition(self.w(te + 1));
        if coordinated && !predicate_read && self.passive_undone_after(k, s1, te + 25) {
            sign = -sign;
        }
        // "ruled out NATO membership", "ruled out a truce"
        let mut j = t;
        while j > s0 && self.is_determiner_at(j - 1) {
            j -= 1;
        }
        if j >= s0 + 2 && self.w(j - 1) == "out" && self.w(j - 2).starts_with("rul") {
            sign = -sign;
        }
        sign
    }

    /// Who takes the stance at token `t`: (phrase, holders, confidence).
    #[allow(clippy::type_complexity)]
    fn holder_of(
        &mut self,
        t: usize,
        s0: usize,
        s1: usize,
    ) -> Option<(Option<Np>, Vec<(Option<usize>, String)>, f64, Option<i8>)> {
        // inside a quote: its speaker
        if self.in_quote(t) {
            let q = &self.quotes[self.quote_of[t] as usize];
            let (actor, _, name) = q.speaker.clone()?;
            actor?; // an unresolved "he" or "the official" holds nothing we can name
            return Some((
                None,
                vec![(actor, self.holder_name(actor, &name, None))],
                0.8,
                None,
            ));
        }
        // "Russia's rejection of a ceasefire", "Ukraine's call for a truce":
        // the possessor of a noun of stance right before the term
        if let Some(np) = self.stance_noun_possessor(t, s0) {
            let h = self.holders(np);
            if !h.is_empty() {
                // the noun sets the stance, not the verbs of the clause
                // around it ("France condemned Russia's refusal of …")
                let noun = self.lower(np.end + 1);
                let mut sign = if self.lex.is_negator(&noun) { -1 } else { 1 };
                // "refusal to lift sanctions": the infinitive's own negation
                if self.w(np.end + 2) == "to" && self.lex.is_negator(&self.lower(np.end + 3)) {
                    sign = -sign;
                }
                return Some((Some(np), h, 0.6, Some(sign)));
            }
        }
        // reported speech: the subject of the nearest cue before the term,
        // unless a subordinate clause with its own subject stands between
        for c in (s0..t).rev() {
            // "…, while no new aid was announced": a clause of its own
            if !self.in_quote(c) && self.lex.is_clause_break(&self.lower(c)) {
                break;
            }
            // "Moscow continues to delay talks" says that something goes on, not what was said
            let aspectual = ASPECT_VERBS.contains(&self.w(c))
                && c + 1 < t
                && (self.w(c + 1) == "to" || self.w(c + 1).ends_with("ing"));
            if aspectual || !self.is_cue_at(c) {
                continue;
            }
            // "he acknowledged that some at home would have preferred
            // arbitration": a wish of nobody in the talks, not the reporter's
            let start = if self.w(c + 1) == "that" {
                c + 2
            } else {
                c + 1
            };
            if start + 1 < t && self.indefinite_subject_at(start) {
                return None;
            }
            if !(c + 1..t).any(|k| {
                matches!(
                    self.w(k),
                    "as" | "because" | "since" | "which" | "whereas" | "why" | "how"
                ) && k + 1 < t
                    && (self.lex.pronoun(self.w(k + 1)).is_some() || self.actor_of[k + 1] != NONE)
            }) {
                let np = if c > s0 {
                    self.np_before(c - 1, s0)
                } else {
                    None
                };
                let np = np.or_else(|| {
                    if self.w(c).ends_with("ing") {
                        self.sentence_subject(c)
                    } else {
                        None
                    }
                });
                // a spokesperson reports their principal's stance: "Peskov
                // said Putin was ready for talks" is Putin's
                let np = np.map(|np| self.principal_after(np, c, t).unwrap_or(np));
                if let Some(np) = np {
                    // "Zelensky said Russia rejects the ceasefire": the
                    // speaker's account of another side, not a stance of
                    // theirs to rest a change on (annotators give it to the
                    // speaker, who chose to say it)
                    let h = self.holders(np);
                    if !h.is_empty() {
                        let confidence = if self.reports_another_side(start, t, np) {
                            REPORTED
                        } else {
                            0.7
                        };
                        return Some((Some(np), h, confidence, None));
                    }
                }
                break;
            }
        }
        // reported speech closed by its attribution: "Kyiv will not cede
        // territory, Zelensky said", "…, said the minister"
        if let Some(np) = self.closing_speaker(t, s1) {
            let mut h = self.holders(np);
            if !h.is_empty() {
                // "The bank will not release the loan, its president said":
                // stated for the state or organisation, it is theirs too
                if let Some(subject) = self.subject_np(s0, t)
                    && subject.end <= t
                    && let a = self.actor_of[subject.end - 1]
                    && a != NONE
                    && self.actors[a as usize].kind != ActorKind::Person
                    && !h.iter().any(|x| x.0 == Some(a as usize))
                {
                    h.extend(self.holders(subject));
                }
                return Some((Some(np), h, 0.7, None));
            }
        }
        // the subject of the stance verb before the term ("Moscow continues to reject …"),
        // or its agent ("accepted by Kyiv", "a proposal by Washington"); the
        // term may be the verb itself (", but Russia refused")
        let top = if self.is_lower_word(t) && self.lex.is_rejection(self.w(t)) {
            t + 1
        } else {
            t
        };
        let mut skip_to = top;
        for v in (s0..top).rev().take(12 + top - t) {
            if v >= skip_to {
                continue;
            }
            if let Some(open) = self.relative_clause_closed_at(v, s0) {
                skip_to = open;
                continue;
            }
            if !self.in_quote(v) && self.lex.is_clause_break(&self.lower(v)) {
                break;
            }
            if self.in_quote(v) || !self.stance_verb_at(v) {
                continue;
            }
            // "negotiators have been instructed to reject …", "plans to
            // sign": the subject of the verb that governs the infinitive
            let v = if v > s0 + 2 && self.w(v - 1) == "to" && self.is_lower_word(v - 2) {
                v - 2
            } else {
                v
            };
            let np = if self.w(v).ends_with("ing") {
                self.subject_np(s0, v)
            } else if v > s0 {
                self.subject_before_verb(v, s0)
            } else {
                None
            };
            let np = np.map(|np| self.group_as_name(np));
            if let Some(np) = np {
                let h = self.holders(np);
                if !h.is_empty() {
                    let confidence = if self.reported_by_other_side(np, s0) {
                        REPORTED
                    } else {
                        0.6
                    };
                    return Some((Some(np), h, confidence, None));
                }
            }
        }
        // "The bank will not release the loan", "… will not release the
        // second tranche": a negated verb whose object is the term refuses
        // it (a plain "will host the talks" reports an event)
        let modal = |k: usize| matches!(self.w(k), "not" | "never" | "cannot");
        let mut j = t;
        while j > s0 && self.is_determiner_at(j - 1) {
            j -= 1;
        }
        let verb_at = if j > s0 + 1 && modal(j - 1) && j == t {
            Some(t)
        } else if j > s0 + 2 && modal(j - 2) {
            Some(j - 1)
        } else {
            None
        };
        if let Some(v) = verb_at
            && self.is_lower_word(v)
            && !self.lex.is_verb_adjunct(self.w(v))
            && !self.in_quote(t)
            && !self.is_headline(self.toks[t].paragraph as usize)
            && let Some(np) = self.subject_before_verb(v, s0)
        {
            let h = self.holders(np);
            if !h.is_empty() {
                return Some((Some(np), h, 0.6, None));
            }
        }
        // the sentence's subject, where a stance verb says what it did
        let has_verb = (s0..s1).any(|k| !self.in_quote(k) && self.stance_verb_at(k));
        if !has_verb || self.is_headline(self.toks[t].paragraph as usize) {
            return None;
        }
        let np = self.subject_np(s0, t)?;
        let h = self.holders(np);
        (!h.is_empty()).then_some((Some(np), h, 0.5, None))
    }

    /// The phrase right before verb `v` as its subject: not an unresolved
    /// role ("the minister") nor the object of a preposition.
    fn subject_before_verb(&self, v: usize, s0: usize) -> Option<Np> {
        self.np_before(v - 1, s0).filter(|np| {
            !(matches!(np.kind, NpKind::Role)
                && self.actor_of[np.end - 1] == NONE
                && self.state_institution(*np).is_none()
                && self.pair_referred_to(*np).is_none()
                || np.start > s0 && self.lex.is_preposition(self.w(np.start - 1)))
        })
    }

    /// "Tarsany's negotiators": a description that is a group actor names
    /// that actor, as a name does.
    fn group_as_name(&self, np: Np) -> Np {
        if np.kind == NpKind::Role && self.actor_of[np.end - 1] != NONE {
            Np {
                kind: NpKind::Name,
                ..np
            }
        } else {
            np
        }
    }

    /// Where token `k` is the comma that closes a relative clause (", which
    /// Russia rejected,"), the comma that opens it.
    fn relative_clause_closed_at(&self, k: usize, s0: usize) -> Option<usize> {
        if self.w(k) != "," || self.in_quote(k) {
            return None;
        }
        let open = (s0 + 1..k)
            .rev()
            .take(12)
            .take_while(|&j| self.w(j) != ",")
            .find(|&j| matches!(self.w(j), "which" | "who" | "whom"))?;
        (self.w(open - 1) == ",").then_some(open - 1)
    }

    /// A term that is only the topic of something ("questions about a
    /// ceasefire", "as part of a peace agreement") is no stance on it.
    fn is_topic(&self, t: usize, s0: usize) -> bool {
        let mut k = t;
        let mut skipped = 0;
        while k > s0 && skipped < 3 {
            k -= 1;
            let w = self.w(k);
            if matches!(w, "about" | "over" | "regarding" | "concerning")
                || (w == "of" && k > s0 && self.w(k - 1) == "part")
            {
                return true;
            }
            // "… is not a treaty", "this isn't a ceasefire": denying a
            // thing the name is a classification, not a stance on it
            let denied = matches!(w, "not" | "never")
                && k > s0
                && self.lex.has(self.w(k - 1), Class::BeForm)
                || w.ends_with("n't")
                    && self
                        .lex
                        .has(&w.to_lowercase().replace("n't", ""), Class::BeForm);
            if denied && matches!(self.w(k + 1), "a" | "an") {
                return true;
            }
            if !(matches!(
                w,
                "a" | "an" | "the" | "any" | "its" | "their" | "his" | "her"
            ) || self.is_lower_word(k) && w.ends_with("-day")
                || w.chars().any(|c| c.is_ascii_digit()))
            {
                return false;
            }
            skipped += 1;
        }
        false
    }

    /// A term in a question, or in a quote that asks one, is no stance.
    fn is_question(&self, t: usize, s0: usize, s1: usize) -> bool {
        // "did not say whether Tarsany would accept a minimum flow": an
        // embedded question asserts nothing
        let embedded = (s0..t)
            .rev()
            .take(12)
            .take_while(|&k| {
                self.in_quote(k) == self.in_quote(t) && !self.lex.is_clause_break(&self.lower(k))
            })
            .any(|k| self.w(k).eq_ignore_ascii_case("whether"));
        if embedded {
            return true;
        }
        if self.in_quote(t) {
            let q = &self.quotes[self.quote_of[t] as usize];
            return self.text[q.span.inner.clone()].trim_end().ends_with('?');
        }
        (s0..s1)
            .rev()
            .find(|&k| self.toks[k].kind == TokenKind::Punct && !self.in_quote(k))
            .is_some_and(|k| self.w(k) == "?")
    }

    /// The sentence's grammatical subject when it is an actor: the first
    /// phrase after any opening phrase, its head where actors chain
    /// ("US President Donald Trump").
    pub(super) fn subject_np(&self, s0: usize, limit: usize) -> Option<Np> {
        let mut from = s0;
        // a dateline: "LONDON, Feb. 27 (Agency) – …"
        if let Some(dash) = (s0..limit.min(s0 + 14))
            .find(|&k| matches!(self.w(k), "–" | "—" | "-") && !self.in_quote(k))
            && (s0..dash).all(|k| !self.is_lower_word(k) || matches!(self.w(k), "dpa"))
        {
            from = dash + 1;
        }
        if self.lex.is_opening_word(self.w(from))
            && let Some(comma) =
                (from..limit.min(from + 16)).find(|&k| self.w(k) == "," && !self.in_quote(k))
        {
            from = comma + 1;
        }
        // the subject must begin the clause: at most a determiner, titles and modifiers before it
        let mut k = from;
        while k < limit && self.actor_of[k] == NONE && k - from < 4 {
            let w = self.w(k);
            let modifier = self.country_of[k] != NONE
                || self.lex.is_title(w)
                || matches!(w, "the" | "The")
                || self.is_cap(k) && !self.lex.is_capitalised_function_word(w);
            if !modifier {
                if let Some(p) = self.lex.pronoun(w) {
                    return Some(Np {
                        start: k,
                        end: k + 1,
                        kind: NpKind::Pronoun(p),
                    });
                }
                return None;
            }
            k += 1;
        }
        if k >= limit || self.actor_of[k] == NONE {
            return None;
        }
        // follow a chain of actor names and titles to its head
        let mut start = k;
        let mut end;
        loop {
            let a = self.actor_of[start];
            end = start;
            while end < limit && self.actor_of[end] == a {
                end += 1;
            }
            let mut next = end;
            while next < limit && self.actor_of[next] == NONE && self.lex.is_title(self.w(next)) {
                next += 1;
            }
            if next < limit
                && next > end.saturating_sub(0)
                && self.actor_of[next] != NONE
                && self.actor_of[next] != a
                && (next > end || self.is_cap(next))
            {
                start = next;
                continue;
            }
            break;
        }
        Some(Np {
            start,
            end,
            kind: NpKind::Name,
        })
    }

    /// The actors a subject phrase names, with "X and Y" giving both.
    fn holders(&mut self, np: Np) -> Vec<(Option<usize>, String)> {
        let mut out = Vec::new();
        // a holder is an actor the article names: no new actors from subjects
        if np.kind == NpKind::Name && (np.start..np.end).all(|t| self.actor_of[t] == NONE) {
            return out;
        }
        // "the French government wants …": a state's institution, named by
        // the state's adjective, holds the state's stance
        if np.kind == NpKind::Role
            && self.is_determiner_at(np.start)
            && let Some(c) = self.state_institution(np)
        {
            let a = self.country_actor(c);
            let surface = self.span_text(np.start..np.end);
            let name = self.actors[a].name.clone();
            out.push((Some(a), self.holder_name(Some(a), &name, Some(&surface))));
            return out;
        }
        if let Some(pair) = self.pair_referred_to(np) {
            return pair
                .into_iter()
                .map(|(a, surface)| {
                    let name = self.actors[a].name.clone();
                    (Some(a), self.holder_name(Some(a), &name, Some(&surface)))
                })
                .collect();
        }
        let first = self.resolve(np);
        if first.0.is_none() {
            return out;
        }
        let surface = self.text[first.1.clone()].to_string();
        out.push((first.0, self.holder_name(first.0, &first.2, Some(&surface))));
        // "Marco Rubio and [Lavrov]": the actor before "and"
        if np.start >= 2
            && self.w(np.start - 1) == "and"
            && self.actor_of[np.start - 2] != NONE
            && !self.in_quote(np.start - 2)
        {
            let a = self.actor_of[np.start - 2];
            let mut s = np.start - 2;
            while s > 0 && self.actor_of[s - 1] == a {
                s -= 1;
            }
            let surface = self.text[self.toks[s].start..self.toks[np.start - 2].end].to_string();
            let name = self.actors[a as usize].name.clone();
            out.push((
                Some(a as usize),
                self.holder_name(Some(a as usize), &name, Some(&surface)),
            ));
        }
        // coordination: "Donald Trump and Vladimir Putin", "Russia and the United States",
        // "Marco Rubio and Russian Foreign Minister Sergey Lavrov"
        let mut k = np.end;
        while k + 1 < self.toks.len() && self.w(k) == "and" && !self.in_quote(k + 1) {
            let mut s = k + 1;
            while s < self.toks.len()
                && s < k + 6
                && self.actor_of[s] == NONE
                && (self.w(s) == "the"
                    || self.country_of[s] != NONE
                    || self.lex.is_title(self.w(s)))
            {
                s += 1;
            }
            if s >= self.toks.len() || self.actor_of[s] == NONE {
                break;
            }
            let a = self.actor_of[s];
            let mut e = s;
            while e < self.toks.len() && self.actor_of[e] == a {
                e += 1;
            }
            let surface = self.text[self.toks[s].start..self.toks[e - 1].end].to_string();
            let name = self.actors[a as usize].name.clone();
            out.push((
                Some(a as usize),
                self.holder_name(Some(a as usize), &name, Some(&surface)),
            ));
            k = e;
        }
        out
    }

    /// "the two countries", "both sides": the states of the nearest "X and
    /// Y" before the phrase, in its sentence or the one before ("talks
    /// between the U.S. and Russia …, the two countries agreed").
    fn pair_referred_to(&self, np: Np) -> Option<[(usize, String); 2]> {
        let is = |k: usize, w: &str| self.w(k).eq_ignore_ascii_case(w);
        let noun = match np.end - np.start {
            3 if is(np.start, "the") && is(np.start + 1, "two") => np.start + 2,
            2 if is(np.start, "both")
                || is(np.start, "two") && np.start > 0 && is(np.start - 1, "the") =>
            {
                np.start + 1
            }
            _ => return None,
        };
        if !["countries", "nations", "governments", "sides", "states"]
            .iter()
            .any(|n| is(noun, n))
        {
            return None;
        }
        let sent = self.sent_of[np.start] as usize;
        let from = self.sent_start[sent.saturating_sub(1)];
        let state_at = |k: usize| {
            let a = self.actor_of[k];
            (a != NONE && self.actors[a as usize].kind == ActorKind::Country && !self.in_quote(k))
                .then_some(a as usize)
        };
        let mention = |end: usize| {
            let a = self.actor_of[end];
            let mut s = end;
            while s > from && self.actor_of[s - 1] == a {
                s -= 1;
            }
            self.text[self.toks[s].start..self.toks[end].end].to_string()
        };
        (from + 1..np.start).rev().find_map(|and| {
            if self.w(and) != "and" {
                return None;
            }
            let right =
                (and + 1..(and + 3).min(np.start)).find_map(|k| state_at(k).map(|a| (a, k)))?;
            // "the U.S. and Russia": the abbreviation's stop may be a token of its own
            let left = if self.w(and - 1) == "." && and >= 2 {
                and - 2
            } else {
                and - 1
            };
            let b = state_at(left)?;
            let mut e = right.1;
            while e + 1 < np.start && self.actor_of[e + 1] == self.actor_of[right.1] {
                e += 1;
            }
            (b != right.0).then(|| [(b, mention(left)), (right.0, mention(e))])
        })
    }

    /// Persons and organisations by their canonical name; a state as the
    /// text names it ("Kyiv", "Moscow"), which is how it takes a stance.
    fn holder_name(&self, actor: Option<usize>, name: &str, surface: Option<&str>) -> String {
        match (actor, surface) {
            (Some(a), Some(s))
                if self.actors[a].kind == ActorKind::Country
                    && s.starts_with(|c: char| c.is_uppercase())
                    && !s.starts_with("The ") =>
            {
                s.trim_start_matches("the ").to_string()
            }
            _ => name.to_string(),
        }
    }
}

/// The first of the mentions that start in `span`, where all of them name
/// one issue; none where they name none or several.
fn sole_issue(found: &[IssueMention], span: Range<usize>) -> Option<&IssueMention> {
    let mut within = starting_in(found, span).iter();
    let first = within.next()?;
    within.all(|m| m.issue == first.issue).then_some(first)
}

/// The mentions that start within `span`, of `found` in order of start (a
/// binary search: a term's look-back costs no more in a long text).
fn starting_in(found: &[IssueMention], span: Range<usize>) -> &[IssueMention] {
    debug_assert!(found.is_sorted_by_key(|m| m.start));
    let from = found.partition_point(|m| m.start < span.start);
    let to = found.partition_point(|m| m.start < span.end);
    &found[from..to.max(from)]
}

#[cfg(test)]
mod tests {
    use super::super::testing::{Through, doc};
    use crate::catalogue::Catalogue;

    fn stances(text: &str) -> Vec<(String, i8)> {
        let cat = Catalogue::parse(
            "name = \"t\"\n[[issue]]\nid = \"pause\"\nproposition = \"A pause in filling the dam.\"\nterms = [\"pause\"]\n",
        )
        .unwrap();
        let mut d = doc(text, Through::Attribution);
        d.find_positions(&cat)
            .into_iter()
            .map(|p| (p.name, p.polarity))
            .collect()
    }

    #[test]
    fn a_stance_verb_gives_its_subject_a_stance_and_negation_flips_it() {
        assert_eq!(
            stances("Ukraine backed a pause on Monday."),
            [("Ukraine".to_string(), 1)]
        );
        assert_eq!(
            stances("Ukraine rejected a pause on Monday."),
            [("Ukraine".to_string(), -1)]
        );
        assert!(
            stances("Ukraine discussed the pause.").is_empty(),
            "no stance verb"
        );
    }

    #[test]
    fn the_speaker_of_a_quote_holds_its_stance() {
        let s = stances("“There will be no pause,” Ukrainian minister Anna Marrow said.");
        assert_eq!(s, [("Anna Marrow".to_string(), -1)]);
        let s = stances("“There will be no pause,” Anna Marrow said.");
        assert!(
            s.is_empty(),
            "a holder the article cannot place speaks for no party"
        );
    }
}
