//! Attribution: for each quote in order, its cue and speaker phrase — after
//! the quote (", he said", ", said X", "— Name"), before it ("X said:", a
//! cue earlier in the sentence, a claim's possessor, a statement's author),
//! a transcript label, or else inherited ([`super::continuation`]) — then
//! the filters ([`super::filters`]), so that a dropped quote lends no speaker
//! to the next. Reads: every earlier stage. Adds: each `QuoteState`'s
//! `speaker`, `cue`, `kind` and `attributed_by_cue`.

use super::words::{capitalise, is_dash};
use super::{Doc, NONE, Np, NpKind, Speaker};
use crate::analysis::{ActorKind, QuoteKind};
use crate::knowledge::fold_name;
use crate::lexicon::{Class, Pronoun};
use crate::text::TokenKind;
use std::ops::Range;

impl<'t> Doc<'t> {
    pub(super) fn attribute(&mut self) {
        // filtered as attributed, so that no title or scare quote lends its
        // speaker to the quotes after it
        for qi in 0..self.quotes.len() {
            self.attribute_one(qi);
            self.filter_one(qi);
        }
        self.share_closing_attribution();
    }

    /// "Putin has “heaped praise” on Trump … in the hope he would “back
    /// away from Ukraine,” The New York Times said.": a closing attribution
    /// covers the cue-less quotes earlier in its sentence.
    pub(super) fn share_closing_attribution(&mut self) {
        for qi in (0..self.quotes.len().saturating_sub(1)).rev() {
            let next = &self.quotes[qi + 1];
            let q = &self.quotes[qi];
            let (Some(cue), Some(close)) = (next.cue.clone(), next.span.close_tok) else {
                continue;
            };
            let same_sentence = self.sent_of[q.span.open_tok] == self.sent_of[close];
            let closing = next.attributed_by_cue && cue.start > self.toks[close].end;
            // neither kind was found by a cue of its own
            if q.keep && (q.by_subject || q.speaker.is_none()) && same_sentence && closing {
                let speaker = next.speaker.clone();
                self.quotes[qi].speaker = speaker;
            }
        }
    }

    /// Token window of the quote's sentence before its opening mark, after
    /// any earlier quote in that sentence.
    pub(super) fn left_window(&self, qi: usize) -> Range<usize> {
        let open = self.quotes[qi].span.open_tok;
        let sent = self.sent_of[open] as usize;
        let mut s = self.sent_start[sent];
        if qi > 0
            && let Some(pc) = self.quotes[qi - 1].span.close_tok
            && pc >= s
            && pc < open
        {
            s = pc + 1;
        }
        s..open
    }

    pub(super) fn right_window(&self, qi: usize) -> Range<usize> {
        let Some(close) = self.quotes[qi].span.close_tok else {
            return 0..0;
        };
        let sent = self.sent_of[close];
        let mut e = close + 1;
        let pend = self.para_toks[self.toks[close].paragraph as usize].end;
        while e < pend && self.sent_of[e] == sent && !self.in_quote(e) {
            e += 1;
        }
        close + 1..e
    }

    pub(super) fn attribute_one(&mut self, qi: usize) {
        // "a box labeled “medical problem”": a label, no one's words
        let open = self.quotes[qi].span.open_tok;
        if open > 0
            && matches!(
                self.w(open - 1),
                "labeled" | "labelled" | "titled" | "entitled"
            )
        {
            self.quotes[qi].kind = QuoteKind::Partial;
            return;
        }
        let left = self.left_window(qi);
        let right = self.right_window(qi);
        let mut found: Option<(Np, Range<usize>)> = None; // (speaker phrase, cue tokens)
        let mut direct_shape = false;

        // 1. after the quote: ', he said' / ', said Trump' / ', Kremlin spokesman Dmitry Peskov said' / '― Name'
        if !right.is_empty() {
            let mut r0 = right.start;
            let dash = is_dash(self.w(r0));
            while r0 < right.end && matches!(self.w(r0), "," | "—" | "–" | "―" | "-" | "(") {
                r0 += 1;
            }
            // "…,” though she noted she has …": a clause of its own, whose cue
            // reports other words
            let subordinate = r0 < right.end
                && matches!(
                    self.w(r0),
                    "though"
                        | "although"
                        | "while"
                        | "whereas"
                        | "because"
                        | "if"
                        | "unless"
                        | "but"
                );
            let lim = if subordinate {
                r0
            } else {
                right.end.min(r0 + 16)
            };
            // "…,” as a Homeland Security memo put it."
            if r0 + 1 < lim
                && self.w(r0) == "as"
                && (r0 + 1..lim)
                    .find(|&c| self.is_cue_at(c))
                    .is_some_and(|c| matches!(self.w(c), "put" | "puts"))
            {
                r0 += 1;
            }
            // "…,” Melanie said yes": a cue with an answer of its own does
            // not report the quote before it
            let own_answer = |c: usize| {
                c + 1 < right.end
                    && matches!(self.w(c + 1), "yes" | "no" | "so" | "nothing" | "otherwise")
            };
            if let Some(c) = (r0..lim)
                .find(|&c| self.is_cue_at(c))
                .filter(|&c| !own_answer(c))
            {
                let participle = self.w(c).ends_with("ing") && !self.is_source_cue(c);
                // "…,” Peskov was quoted as saying by Interfax": the quoted
                // person, not the outlet that quotes them
                let quoted_as = c >= r0 + 3
                    && self.w(c - 1) == "as"
                    && matches!(self.w(c - 2), "quoted" | "cited" | "reported" | "heard");
                if participle
                    && quoted_as
                    && let Some(np) = self.np_before(c - 3, r0)
                    && (np.start == r0 || self.only_descriptors(r0..np.start))
                {
                    found = Some((np, self.cue_range(c - 2, right.end)));
                } else if c == r0 && participle {
                    // "…”, insisting it was …": the sentence's subject speaks,
                    // unless the quote is what someone's claim before it says
                    found = self.claim_possessor(left.clone()).or_else(|| {
                        self.sentence_subject(c)
                            .map(|np| (np, self.cue_range(c, right.end)))
                    });
                } else if c > r0 && participle && self.is_preposition_at(c - 1) {
                    // "…,” Blige sings to Clinton before asking her, …": the subject after the quote
                    found = self
                        .clause_subject(r0, c)
                        .map(|np| (np, self.cue_range(c, right.end)));
                } else if c == r0 && !self.is_source_cue(c) && self.clause_after_cue(c, right.end) {
                    // "Manafort, citing “the magic of Trump,” said the
                    // candidate could win": the phrase after the cue is the
                    // subject of what was said; the clause's subject speaks
                    found = self
                        .sentence_subject(c)
                        .filter(|s| s.end <= self.quotes[qi].span.open_tok)
                        .map(|s| (s, self.cue_range(c, right.end)));
                } else if c == r0 || self.is_source_cue(c) {
                    // ", said Trump", and "… at a conference, according to X."
                    found = self
                        .np_after_cue(c, right.end)
                        .or_else(|| {
                            (c == r0 && !self.is_source_cue(c))
                                .then(|| {
                                    self.person_soon_after(c + 1, right.end)
                                        .or_else(|| self.description_after(c + 1, right.end))
                                })
                                .flatten()
                        })
                        .map(|np| (np, self.cue_range(c, right.end)));
                } else if let Some(np) = self.inverted_closing(c, right.end) {
                    // "… a “lightning rod”, and the city is nervous, said
                    // Christine Link, director of …": the sentence's source
                    found = Some((np, self.cue_range(c, right.end)));
                } else if !participle
                    // "“…” a tweet attacking her": a participle after a noun
                    // modifies it; it reports nothing
                    && let Some(np) = self.np_before(c - 1, r0)
                    && (np.start == r0
                        || self.only_descriptors(r0..np.start)
                        || self.apposed_name(r0, np, c)
                        || self.closing_attribution(np, c, right.end))
                {
                    found = Some((np, self.cue_range(c, right.end)));
                } else if !participle && let Some(np) = self.description_before_cue(r0, c) {
                    found = Some((np, self.cue_range(c, right.end)));
                }
                direct_shape = found.is_some();
                // "…,” they recalled, citing the president's words": the
                // words are the cited person's
                if let Some(cited) = found
                    .is_some()
                    .then(|| self.cited_speaker(c + 1, right.end))
                    .flatten()
                {
                    found = Some((cited, self.cue_range(c, right.end)));
                }
            }
            if found.is_none()
                && let Some((np, c)) = self.name_with_appositions(r0, right.end)
            {
                // "…,” Scott Pruitt, the attorney general of Oklahoma, one of the states suing, said"
                found = Some((np, self.cue_range(c, right.end)));
                direct_shape = true;
            } else if found.is_none() && dash && r0 < right.end && self.is_cap(r0) {
                // "…” ― Krystal Correa"
                let mut e = r0;
                while e < right.end && (self.is_cap(e) || self.particle_before_name(e)) {
                    e += 1;
                }
                if right
                    .clone()
                    .skip(e - right.start)
                    .all(|t| !self.is_word(t))
                {
                    found = Some((
                        Np {
                            start: r0,
                            end: e,
                            kind: NpKind::Name,
                        },
                        right.start..right.start + 1,
                    ));
                    direct_shape = true;
                }
            }
        }
        // 2. before the quote: 'Trump said:' at its end, or a cue earlier in the sentence
        if found.is_none() && !left.is_empty() {
            let mut e = left.end;
            while e > left.start && matches!(self.w(e - 1), ":" | "," | "—" | "–" | "that") {
                e -= 1;
            }
            let ends_with_cue = e > left.start && self.is_cue_at(e - 1);
            if let Some(claim) = self.claim_possessor(left.start..e) {
                found = Some(claim);
            }
            if found.is_none()
                && let Some(author) = self.statement_author(left.start..e)
            {
                found = Some(author);
            }
            for c in (left.start..e).rev() {
                if found.is_some() {
                    break;
                }
                let Some(np) = self
                    .is_cue_at(c)
                    .then(|| self.np_of_cue(c, left.start, e))
                    .flatten()
                else {
                    continue;
                };
                // "Vance said the proposal called for “…”", "According to the
                // aide, Moscow told Washington that …": a thing or a state
                // inside a person's report does not speak; the person does
                // "Ross said Obama had told leaders that he would not allow
                // “no daylight”": a report inside a report is the outer
                // speaker's, unless its cue introduces the quote itself
                let outer = (!self.speaks_as_person(np))
                    .then(|| {
                        (left.start..np.start.min(c)).rev().find_map(|c2| {
                            self.is_cue_at(c2)
                                .then(|| self.np_of_cue(c2, left.start, np.start.min(c)))
                                .flatten()
                                .filter(|&np2| self.speaks_as_person(np2))
                                .map(|np2| (np2, c2))
                        })
                    })
                    .flatten()
                    .or_else(|| {
                        (c + 1 < e)
                            .then(|| self.reporter_of(np, left.start))
                            .flatten()
                    });
                found = Some(match outer {
                    Some((np2, c2)) => (np2, self.cue_range(c2, e)),
                    None => (np, self.cue_range(c, e)),
                });
                direct_shape = ends_with_cue;
            }
            // 'Trump on Truth Social: "..."'
            if found.is_none()
                && left.end > left.start
                && self.w(left.end - 1) == ":"
                && !matches!(self.w(left.start), "Asked" | "Question" | "Q")
                && let Some(np) = self
                    .person_before_colon(left.start, left.end - 1)
                    .or_else(|| self.source_after_dash(left.start, left.end - 1))
                    .or_else(|| {
                        (left.start == self.sent_start[self.sent_of[left.start] as usize])
                            .then(|| self.sentence_subject(left.end - 1))
                            .flatten()
                    })
                    .or_else(|| self.first_np(left.start..left.end - 1))
            {
                found = Some((np, left.end - 1..left.end));
                direct_shape = true;
            }
        }
        // "…”\n\n- Bernie Sanders.": a fact check's source line
        if found.is_none()
            && let Some((np, dash)) = self.dash_line_after(qi)
        {
            found = Some((np, dash..dash + 1));
            direct_shape = true;
        }
        if let Some((np, cue)) = found {
            let resolved = self.resolve(np);
            let q = &mut self.quotes[qi];
            q.speaker = Some(resolved);
            q.cue = Some(self.toks[cue.start].start..self.toks[cue.end - 1].end);
            q.attributed_by_cue = true;
        } else if let Some(label) = self.transcript_label(qi).or_else(|| {
            // "HALSE: “We will wait.”": the label opens the paragraph
            (!left.is_empty()
                && left.start == self.para_toks[self.toks[left.start].paragraph as usize].start)
                .then(|| self.caps_label(left.start, left.end))
                .flatten()
                .filter(|&(_, colon)| colon + 1 == left.end)
                .map(|(label, _)| label)
        }) {
            // "PENCE: Well, look, …": a transcript's speaker label
            self.quotes[qi].speaker = Some(label);
            self.quotes[qi].attributed_by_cue = true;
            direct_shape = true;
        } else {
            self.inherit(qi, &left);
        }
        let inner_first = self.text[self.quotes[qi].span.inner.clone()]
            .chars()
            .next()
            .unwrap_or(' ');
        let left_has_words = left.clone().any(|t| self.is_word(t));
        let starts_clean = inner_first.is_uppercase() || !inner_first.is_alphabetic();
        self.quotes[qi].kind = if ((direct_shape || !left_has_words) && starts_clean)
            || self.quotes[qi].span.starts_paragraph
        {
            QuoteKind::Direct
        } else {
            QuoteKind::Partial
        };
    }

    /// The speaker phrase of the cue at `c`, in the window `lo..e` before a
    /// quote: the agent of a passive, the source after "according to", the
    /// subject of a participle's clause, or the phrase before the cue.
    pub(super) fn np_of_cue(&self, c: usize, lo: usize, e: usize) -> Option<Np> {
        if self.is_passive(c, lo) {
            // "it was labeled “Mostly True”": the agent after "by", if any
            let by = (c + 1..e).find(|&t| self.w(t) == "by")?;
            self.np_forward(by + 1, e)
        } else if self.is_source_cue(c) {
            self.np_after_cue(c, e)
        } else if self.w(c).ends_with("ing")
            && (c > lo && (self.w(c - 1) == "," || self.is_preposition_at(c - 1))
                // "…,” calling it a “U-turn”": the comma inside a quote before
                || c >= 2
                    && self.toks[c - 1].kind == TokenKind::QuoteMark
                    && self.w(c - 2) == ",")
        {
            // "…, saying …", "began by saying", "before asking her": the
            // clause's subject speaks, not the addressee after the verb;
            // "After saying …, she was …": the subject after the phrase
            if c - 1 == self.sent_start[self.sent_of[c] as usize] {
                self.subject_after_opening(c)
            } else if let Some(k) = (c >= lo + 3 && self.w(c - 1) == ",")
                .then(|| self.cue_before_circumstances(lo, c - 1))
                .flatten()
            {
                // "…,” Fiorina said, adding that …", "Hollande said Tuesday
                // in Paris, noting …": the subject of the cue it continues,
                // not the sentence's first phrase
                self.np_before(k - 1, lo)
                    .or_else(|| self.sentence_subject(c))
            } else {
                self.sentence_subject(c)
            }
        } else if self.coordinated_cue(c, lo) {
            // "… sponsored by NBC News and said she …": the sentence's subject
            self.sentence_subject(c)
        } else {
            let before = if c > lo {
                self.np_before(c - 1, lo)
            } else {
                None
            };
            // "the Council issued a statement calling …": a document that is
            // a verb's object speaks for that verb's subject
            let issued = before.filter(|np| {
                self.w(c).ends_with("ing")
                    && np.kind == NpKind::Role
                    && self.lex.is_document_noun(self.w(np.end - 1))
                    && np.start > lo
                    && self.is_lower_word(np.start - 1)
                    && !self.is_preposition_at(np.start - 1)
            });
            let issuer = issued.and_then(|np| self.sentence_subject(np.start));
            // "The senator emailed supporters saying: …": the addressee of a
            // cue before does not speak; that cue's speaker does
            let addressed = before
                .filter(|np| {
                    self.w(c).ends_with("ing")
                        && np.kind == NpKind::Role
                        && np.start > lo
                        && self.is_cue_at(np.start - 1)
                })
                .and_then(|np| self.np_of_cue(np.start - 1, lo, np.start - 1));
            let issuer = issuer.or(addressed);
            // "said Trump: …" right before the quote
            issuer
                .or(before)
                .or_else(|| self.np_after_cue(c, e).filter(|np| np.end == e))
        }
    }

    /// "Ross said Mr. Obama had told leaders that …": a named person whose
    /// report opens the clause of `inner`'s cue (the cue, perhaps "that",
    /// then `inner`), and that cue; the quote is that person's report.
    fn reporter_of(&self, inner: Np, lo: usize) -> Option<(Np, usize)> {
        let before = inner.start.checked_sub(1)?;
        let c2 = if before > lo && self.w(before) == "that" {
            // "Trump said during a rally in Michigan that …"
            self.cue_before_circumstances(lo, before)?
        } else {
            before
        };
        if c2 <= lo || !self.is_cue_at(c2) || self.is_source_cue(c2) || self.is_passive(c2, lo) {
            return None;
        }
        let np2 = self.np_before(c2 - 1, lo)?;
        (!matches!(np2.kind, NpKind::Pronoun(_)) && self.speaks_as_person(np2)).then_some((np2, c2))
    }

    /// ", citing the president's words", ", quoting Halse": whose words a
    /// speaker passes on, in `from..end` right after their cue.
    pub(super) fn cited_speaker(&self, from: usize, end: usize) -> Option<Np> {
        let k = (from..end.min(from + 4)).find(|&k| matches!(self.w(k), "citing" | "quoting"))?;
        if self.w(k - 1) != "," {
            return None;
        }
        let poss = (k + 1..end.min(k + 8)).find(|&t| self.toks[t].kind == TokenKind::Possessive);
        match poss {
            // "citing the U.S. president's words"
            Some(p) if p + 1 < end && self.lex.is_speech_noun(self.w(p + 1)) => self
                .np_forward(k + 1, p)
                .or_else(|| self.name_run_before(p - 1, k + 1)),
            Some(_) => None,
            // "quoting Halse": a person, not a document ("citing a report")
            None => self
                .np_forward(k + 1, end)
                .filter(|&np| np.kind == NpKind::Name && self.speaks_as_person(np)),
        }
    }

    /// Whether a speaker phrase stands for people: a person's name, he or
    /// she, or a phrase with a noun of people ("the Kremlin aide",
    /// "officials"); not a state, a metonym or a thing ("the proposal").
    pub(super) fn speaks_as_person(&self, np: Np) -> bool {
        match np.kind {
            NpKind::Pronoun(p) => matches!(p, Pronoun::He | Pronoun::She),
            NpKind::Name | NpKind::Relative { named: true, .. } => {
                let last = np.end - 1;
                match self.actor_of[last] {
                    NONE => self.country_of[last] == NONE,
                    a => self.actors[a as usize].kind == ActorKind::Person,
                }
            }
            // "the 34-year-old mother of three", "officials": any noun of people
            NpKind::Role | NpKind::Relative { .. } => (np.start..np.end).any(|t| {
                let w = self.lower(t);
                self.lex.is_role_noun(&w)
                    || self.lex.has(&w, Class::PersonNoun)
                    || self.lex.has(&w, Class::GroupNoun)
                    || self.lex.has(&w, Class::CollectiveNoun)
            }),
        }
    }

    /// "Trump's claim that there were “thousands of shootings”": the
    /// possessor of a speech noun in `w` (the window before a quote), unless
    /// a cue stands between the claim and the quote; "Trump's new stance
    /// that …", "his characterization of the army as a “paper tiger”". The
    /// quote must be what the claim says, not said of it ("Trump's comments
    /// were made “under the influence”").
    pub(super) fn claim_possessor(&self, w: Range<usize>) -> Option<(Np, Range<usize>)> {
        let (lo, e) = (w.start, w.end);
        let possessive_before = |n: usize| {
            if self.toks[n - 1].kind == TokenKind::Possessive {
                Some(n - 1)
            } else {
                (n >= lo + 2
                    && self.toks[n - 2].kind == TokenKind::Possessive
                    && self.is_lower_word(n - 1)
                    && !self.is_cue_at(n - 1))
                .then_some(n - 2)
            }
        };
        let (n, poss) = (lo + 1..e).rev().find_map(|n| {
            (self.is_lower_word(n) && self.lex.is_speech_noun(self.w(n)))
                .then(|| possessive_before(n).map(|p| (n, p)))
                .flatten()
        })?;
        // "denounced Trump's remarks as “hurtful”", "said Trump's comments
        // “are based on opinion”": the quote judges the claim; it is not
        // what the claim said
        let first_quoted = (e..(e + 3).min(self.toks.len()))
            .find(|&t| self.toks[t].kind == TokenKind::QuoteMark)
            .filter(|&q| q + 1 < self.toks.len())
            .map(|q| self.w(q + 1));
        // "Trump's tweet to invite her was only “to mock” …": the quote is
        // in a predicate of the claim, not a clause that gives its content
        let predicated = (n + 1..e)
            .take_while(|&t| self.w(t) != "that")
            .any(|t| self.lex.has(self.w(t), Class::BeForm));
        let judged = n + 1 < e && self.w(n + 1) == "as"
            || predicated
            || first_quoted.is_some_and(|w| self.lex.has(w, Class::BeForm));
        if poss <= lo
            || judged
            || (n + 1..e).any(|c| self.is_cue_at(c))
            || n + 1 < e && self.lex.is_verb_adjunct(self.w(n + 1))
        {
            return None;
        }
        let np = self.name_run_before(poss - 1, lo)?;
        // "Politifact ruled that Trump's statement about “…”": a claim
        // inside someone's report is theirs to report
        if np.start > lo + 1 && self.w(np.start - 1) == "that" && self.is_cue_at(np.start - 2) {
            return None;
        }
        // "Moore called Mr. Obama's remarks “…”": the claim is what a naming
        // verb names, the quote its new name
        let named = np.start > lo
            && (self.lex.is_naming_verb(self.w(np.start - 1))
                || self.is_determiner_at(np.start - 1)
                    && np.start - 1 > lo
                    && self.lex.is_naming_verb(self.w(np.start - 2)));
        (!named).then_some((np, n..n + 1))
    }

    /// A quote that opens with a speaker label in capitals and a colon, as a
    /// transcript does ("WALLACE: …", "SEN. REID: …"): the labelled person,
    /// by surname where the article names them.
    pub(super) fn transcript_label(&self, qi: usize) -> Option<Speaker> {
        let span = &self.quotes[qi].span;
        let end = span
            .close_tok
            .unwrap_or(self.para_toks[self.toks[span.open_tok].paragraph as usize].end);
        self.caps_label(span.open_tok + 1, end)
            .map(|(label, _)| label)
    }

    /// A speaker label in capitals from token `first` and its colon, before
    /// `end`: "PENCE:", "SEN. REID:". The person by surname where the
    /// article names them.
    pub(super) fn caps_label(&self, first: usize, end: usize) -> Option<(Speaker, usize)> {
        let mut t = first;
        while t < end && t < first + 3 && self.is_all_caps_word(t) {
            t += 1;
        }
        if t == first || t >= end || self.w(t) != ":" {
            return None;
        }
        let last = self.w(t - 1);
        let actor = self.person_by_surname(&fold_name(last), t - 1, None);
        let mention = self.toks[first].start..self.toks[t - 1].end;
        let name = match actor {
            Some(a) => self.actors[a].name.clone(),
            None => capitalise(&last.to_lowercase()),
        };
        Some(((actor, mention, name), t))
    }

    /// "said the candidate could win": within a few words after the cue, a
    /// verb of a clause (a form of "be", an auxiliary or a modal), so the
    /// words after the cue are what was said, not who said it.
    pub(super) fn clause_after_cue(&self, c: usize, end: usize) -> bool {
        (c + 2..end.min(c + 7))
            .take_while(|&t| {
                (self.is_word(t) || self.toks[t].kind == TokenKind::Possessive)
                    && !matches!(self.w(t), "who" | "which" | "that" | "whose")
            })
            .any(|t| {
                let w = self.w(t);
                self.is_lower_word(t)
                    && (self.lex.has(w, Class::BeForm)
                        || matches!(
                            w,
                            "could"
                                | "would"
                                | "will"
                                | "can"
                                | "should"
                                | "may"
                                | "might"
                                | "must"
                                | "had"
                                | "has"
                                | "have"
                        ))
            })
    }

    /// "… doesn't surprise Republican pollster Daron Shaw: “…”": a person
    /// named right before the colon.
    fn person_before_colon(&self, lo: usize, colon: usize) -> Option<Np> {
        let last = colon
            .checked_sub(1)
            .filter(|&t| t >= lo && self.is_person_at(t))?;
        let a = self.actor_of[last];
        let mut s = last;
        while s > lo && self.actor_of[s - 1] == a {
            s -= 1;
        }
        Some(Np {
            start: s,
            end: colon,
            kind: NpKind::Name,
        })
    }

    /// "A digest's headline - Pew Research: “…”": a name, alone between a
    /// dash and the colon.
    fn source_after_dash(&self, lo: usize, colon: usize) -> Option<Np> {
        let dash = (lo..colon).rev().take(7).find(|&t| is_dash(self.w(t)))?;
        let start = dash + 1;
        (start < colon && (start..colon).all(|t| self.is_cap(t) || self.w(t) == ".")).then_some(
            Np {
                start,
                end: colon,
                kind: NpKind::Name,
            },
        )
    }

    /// A quote that ends its paragraph, and a next paragraph that is only a
    /// dash and a name ("- Bernie Sanders."): the name, and the dash.
    fn dash_line_after(&self, qi: usize) -> Option<(Np, usize)> {
        let close = self.quotes[qi].span.close_tok?;
        let para = self.toks[close].paragraph as usize;
        let ends_para = (close + 1..self.para_toks[para].end).all(|t| !self.is_word(t));
        let next = self.para_toks.get(para + 1)?.clone();
        if !ends_para || next.len() < 2 || !is_dash(self.w(next.start)) {
            return None;
        }
        let first = next.start + 1;
        let mut e = first;
        while e < next.end && (self.is_cap(e) || self.lex.is_name_particle(self.w(e))) {
            e += 1;
        }
        let only_name = e > first && e - first <= 4 && (e..next.end).all(|t| !self.is_word(t));
        only_name.then_some((
            Np {
                start: first,
                end: e,
                kind: NpKind::Name,
            },
            next.start,
        ))
    }

    /// ", said NAME" after a comma later in the quote's sentence, the name
    /// ending the sentence or set off by a comma: the source of all of it.
    fn inverted_closing(&self, c: usize, end: usize) -> Option<Np> {
        if c == 0 || self.w(c - 1) != "," || self.is_source_cue(c) {
            return None;
        }
        let np = self
            .np_after_cue(c, end)
            .filter(|np| np.kind == NpKind::Name)?;
        (np.end >= end || matches!(self.w(np.end), "," | "." | "(")).then_some(np)
    }

    /// "…” for criminal behavior, she said.": a speaker and cue after a comma
    /// that end the sentence.
    pub(super) fn closing_attribution(&self, np: Np, cue: usize, end: usize) -> bool {
        // ", AFP reported." credits the whole sentence to the agency, not the quote
        let media = self.actor_of[np.end - 1] != NONE
            && self.actors[self.actor_of[np.end - 1] as usize].kind == ActorKind::Media;
        // ", she said, referencing …", ", Hollande said Tuesday in Paris,
        // noting …": a participle may follow, after times and places
        let t = self.circumstances_end(cue + 1, end);
        let participle = t + 1 < end
            && self.w(t) == ","
            && self.is_lower_word(t + 1)
            && self.w(t + 1).ends_with("ing");
        // ", Carson said after the attacks", ", Lichtman said about …": a
        // circumstance, not a clause that reports other words
        let adjunct =
            self.circumstance_after_cue(cue, end) || t > cue + 1 && (t >= end || self.w(t) == ".");
        // ", Republican candidate Ben Carson said": role words may open it
        let after_comma = (np.start.saturating_sub(6)..np.start)
            .rev()
            .find(|&t| self.w(t) == ",")
            .is_some_and(|k| self.only_descriptors(k + 1..np.start));
        !media
            && after_comma
            && (participle
                || adjunct
                || (cue + 1..end).all(|t| {
                    !self.is_word(t)
                        || self.lex.is_time_word(self.w(t))
                        || matches!(self.w(t), "on" | "in" | "at")
                }))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{Through, doc};

    fn speakers(text: &str) -> Vec<(String, Option<String>)> {
        doc(text, Through::Attribution).speakers()
    }

    #[test]
    fn the_speaker_after_the_quote_before_or_after_its_cue() {
        assert_eq!(
            speakers("“We will stay,” Anna Marrow said.")[0]
                .1
                .as_deref(),
            Some("Anna Marrow")
        );
        assert_eq!(
            speakers("“We will stay,” said Anna Marrow.")[0]
                .1
                .as_deref(),
            Some("Anna Marrow")
        );
    }

    #[test]
    fn the_speaker_before_the_quote_with_a_colon_or_an_earlier_cue() {
        assert_eq!(
            speakers("Anna Marrow told reporters: “We will stay.”")[0]
                .1
                .as_deref(),
            Some("Anna Marrow")
        );
        assert_eq!(
            speakers("Anna Marrow said the delegation would “stay as long as it takes”.")[0]
                .1
                .as_deref(),
            Some("Anna Marrow")
        );
    }

    #[test]
    fn the_cue_is_recorded_and_the_kind_follows_the_shape() {
        let d = doc(
            "Anna Marrow said talks were “useful”.",
            Through::Attribution,
        );
        let q = &d.quotes[0];
        assert_eq!(&d.text[q.cue.clone().unwrap()], "said");
        assert_eq!(q.kind, crate::analysis::QuoteKind::Partial);
        let d = doc(
            "“Talks were useful,” Anna Marrow said.",
            Through::Attribution,
        );
        assert_eq!(d.quotes[0].kind, crate::analysis::QuoteKind::Direct);
    }
}
