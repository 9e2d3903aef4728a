//! Actor mentions. Gazetteer hits from the knowledge (countries,
//! demonyms, organisations, known people), then capitalised runs the
//! knowledge lacks (titled names, given name + surname, a lone surname of a
//! person already met, a name right before a cue).
//! Reads: `toks`, `quote_of`, `sent_*`, the knowledge. Adds: `actor_of`,
//! `country_of`, `actors` (through [`super::actor_table`]),
//! `person_mentions` and `other_mentions` (outside quotes, in text order).

use super::words::genders_agree;
use super::{Doc, MentionRef, NONE};
use crate::analysis::ActorKind;
use crate::knowledge::{Entry, fold_name};
use crate::lexicon::Class;
use crate::text::TokenKind;
use std::ops::Range;

impl<'t> Doc<'t> {
    /// The word at `k` follows a noun phrase rather than qualifying the
    /// word before it: a conjunction, preposition or verb ("the US and
    /// Russia", "the US wants", "the U.S. has").
    fn names_state_before(&self, k: usize) -> bool {
        let w = self.w(k);
        self.is_lower_word(k)
            && (matches!(w, "and" | "or" | "but")
                || self.lex.is_preposition(w)
                || self.lex.is_verb_adjunct(w)
                || self.lex.is_cue_verb(w) && !self.lex.has(w, Class::CueNoun))
    }

    pub(super) fn find_actors(&mut self) {
        let hits = self.k.find_all(self.text);
        let mut tok_idx = 0usize;
        let mut person_hits: Vec<(usize, usize, usize)> = Vec::new(); // (first tok, end tok, person)
        for (range, entry) in hits {
            while tok_idx < self.toks.len() && self.toks[tok_idx].start < range.start {
                tok_idx += 1;
            }
            if tok_idx >= self.toks.len() || self.toks[tok_idx].start != range.start {
                continue;
            }
            let mut end_tok = tok_idx;
            while end_tok < self.toks.len() && self.toks[end_tok].end <= range.end {
                end_tok += 1;
            }
            if end_tok == tok_idx || self.toks[end_tok - 1].end != range.end {
                continue; // the hit ends inside a token ("US-led")
            }
            // "Washington Post", "Kyiv International Institute of Sociology"
            let next_is_org_word = (end_tok..(end_tok + 4).min(self.toks.len()))
                .take_while(|&k| {
                    self.is_cap(k) && self.toks[k].paragraph == self.toks[tok_idx].paragraph
                })
                .any(|k| self.lex.is_organisation_word(self.w(k)));
            if next_is_org_word && matches!(entry, Entry::Country(_)) {
                continue; // "Washington Post", "Moscow Times"
            }
            match entry {
                Entry::Country(c) => {
                    let a = self.country_actor(c);
                    self.mark(tok_idx..end_tok, a);
                    for t in tok_idx..end_tok {
                        self.country_of[t] = c as u32;
                    }
                }
                Entry::Demonym { country, also_name } => {
                    for t in tok_idx..end_tok {
                        self.country_of[t] = country as u32;
                    }
                    // "US officials" qualifies them; "the US and Russia",
                    // "the US wants" name the state
                    let modifies = end_tok < self.toks.len()
                        && self.is_word(end_tok)
                        && self.toks[end_tok].paragraph == self.toks[tok_idx].paragraph
                        && !self.names_state_before(end_tok);
                    if also_name && !modifies {
                        let a = self.country_actor(country);
                        self.mark(tok_idx..end_tok, a);
                    }
                }
                Entry::Organisation(o) => {
                    let a = self.org_actor(o);
                    self.mark(tok_idx..end_tok, a);
                }
                Entry::Person(p) => person_hits.push((tok_idx, end_tok, p)),
            }
        }
        // Capitalised runs: names of people and organisations the knowledge lacks.
        let mut runs = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            if self.is_cap(i) && self.actor_of[i] == NONE {
                let mut j = i + 1;
                loop {
                    if j < self.toks.len()
                        && self.toks[j].paragraph == self.toks[i].paragraph
                        && self.actor_of[j] == NONE
                        && (self.is_cap(j) || self.particle_before_name(j))
                    {
                        j += 1;
                    } else if j + 3 < self.toks.len()
                        && self.toks[j + 3].paragraph == self.toks[i].paragraph
                        && self.actor_of[j + 3] == NONE
                        && self.is_cap(j + 3)
                        && self.nickname_before(j + 3)
                    {
                        // Marcia “Cia” Price
                        j += 3;
                    } else {
                        break;
                    }
                }
                runs.push(i..j);
                i = j;
            } else {
                i += 1;
            }
        }
        // Knowledge people first, then multi-word runs, then single surnames.
        for (s, e, p) in person_hits {
            let a = self.person_actor_from_knowledge(p, s..e);
            self.mark(s..e, a);
        }
        let mut singles = Vec::new();
        for mut run in runs {
            // "French President Jean Dupont": a country word, titles, then the name
            let mut country = None;
            let after_country = run
                .clone()
                .find(|&t| self.country_of[t] == NONE)
                .unwrap_or(run.end);
            if after_country > run.start {
                let (name, titles) = self.strip_run(after_country..run.end);
                if !titles.is_empty() && name.len() >= 2 {
                    country = Some(self.country_of[run.start] as usize);
                    run = after_country..run.end;
                }
            }
            // "Democratic National Committee Chairman Ed Rendell": a body
            // (a run with an organisation word), its title, then the person;
            // the body is an organisation of its own
            if let Some((body, person)) = self.body_then_person(run.clone()) {
                let full = self.span_text(body.clone());
                let org = self.named_actor(full, ActorKind::Organisation);
                self.mark(body, org);
                run = person;
            }
            let (name, titles) = self.strip_run(run.clone());
            if name.is_empty() {
                continue;
            }
            let words: Vec<&str> = name
                .clone()
                .filter(|&t| self.is_word(t))
                .map(|t| self.w(t))
                .collect();
            if words.is_empty() || words.iter().any(|w| self.lex.is_non_actor_word(w)) {
                continue;
            }
            if words.iter().any(|w| self.lex.is_organisation_word(w)) {
                if words.len() >= 2 || run.start < name.start {
                    let full = self.span_text(name.clone());
                    let a = self.named_actor(full, ActorKind::Organisation);
                    // "the Moldovan Foreign Ministry" belongs to Moldova
                    if let Some(t) = name.clone().find(|&t| self.country_of[t] != NONE) {
                        self.affiliate_unless_affiliated(a, self.country_of[t] as usize);
                    }
                    self.mark(name, a);
                }
                continue;
            }
            let looks_like_person = self.k.is_given_name(words[0])
                || !titles.is_empty()
                || self.role_before(name.start)
                || self.role_apposition_after(name.end);
            if looks_like_person
                && words.len() >= 2
                && words.len() <= 4
                && !words
                    .iter()
                    .any(|w| w.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()))
            {
                let a = self.person_actor(name.clone(), &titles);
                if let Some(c) = country {
                    self.affiliate_unless_affiliated(a, c);
                }
                self.mark(name, a);
            } else if words.len() == 1 {
                singles.push((name, titles));
            }
        }
        for (name, titles) in singles {
            let t = name.start;
            let key = fold_name(self.w(t));
            // "Mr. Obama" is not Michelle Obama
            let gender = titles
                .iter()
                .find_map(|&t| self.lex.title_gender(self.w(t)));
            if let Some(a) = self.person_by_surname(&key, t, gender) {
                self.mark(name, a);
            } else if !titles.is_empty()
                && !self.lex.is_capitalised_function_word(self.w(t))
                && self.lone_word_is_name(name.clone(), titles[0], true)
            {
                // "President Putin", "Mr Smith": a titled surname is a person
                let a = self.person_actor(name.clone(), &titles);
                self.mark(name, a);
            }
        }
        // A name right before a cue ("Schiff said", "minister Tomasz Wrobelski said")
        // names a person, even one the given-name list lacks.
        // So does a name of two words or more before a verb that people do
        // ("Odrun Halse spoke", "Tobiah Quell met").
        for c in 1..self.toks.len() {
            let t = c - 1;
            if self.actor_of[t] != NONE
                || !self.is_cap(t)
                || self.in_quote(t)
                || self.toks[t].paragraph != self.toks[c].paragraph
            {
                continue;
            }
            let cue = self.is_cue_at(c);
            if !(cue || self.is_lower_word(c) && self.lex.has(self.w(c), Class::PersonVerb)) {
                continue;
            }
            // the capitalised run ending here, at most three words, none already an actor
            let mut s0 = t;
            while s0 > 0
                && t - s0 < 2
                && self.is_cap(s0 - 1)
                && self.actor_of[s0 - 1] == NONE
                && self.toks[s0 - 1].paragraph == self.toks[t].paragraph
            {
                s0 -= 1;
            }
            let (name, titles) = self.strip_run(s0..t + 1);
            if name.is_empty() || (s0 > 0 && self.is_cap(s0 - 1) && self.actor_of[s0 - 1] == NONE) {
                continue;
            }
            let words_ok = name
                .clone()
                .all(|k| self.could_be_name_word(k) && !self.lex.is_title(self.w(k)));
            let single_ok = name.len() > 1
                || cue && self.lone_word_is_name(name.clone(), s0, !titles.is_empty());
            if words_ok && single_ok {
                let a = self.person_actor(name.clone(), &titles);
                self.mark(name, a);
            }
        }
        // ", said Odrun Halse": two or three capitalised words right after a
        // cue that follows a quote or a comma
        for c in 1..self.toks.len().saturating_sub(2) {
            let n = c + 1;
            if !matches!(self.w(c - 1), "," | "”" | "\"" | "’")
                || !self.is_cap(n)
                || self.actor_of[n] != NONE
                || self.in_quote(n)
                || !self.is_cue_at(c)
            {
                continue;
            }
            let run = self.cap_run(
                n,
                (n + 4).min(self.para_toks[self.toks[n].paragraph as usize].end),
            );
            let (name, titles) = self.strip_run(run.clone());
            let fresh = name
                .clone()
                .all(|k| self.actor_of[k] == NONE && self.could_be_name_word(k));
            let ends = run.end >= self.toks.len() || !self.is_cap(run.end);
            if (2..=3).contains(&name.len()) && fresh && ends {
                let a = self.person_actor(name.clone(), &titles);
                self.mark(name, a);
            }
        }
        self.complete_lone_surnames();
        self.find_collectives();
        // Roles and affiliations from the words around each person's first mentions.
        for a in 0..self.actors.len() {
            if self.actors[a].kind != ActorKind::Person {
                continue;
            }
            for m in self.actors[a].mentions.clone() {
                self.describe_from_context(a, m);
            }
            self.take_unnamed_role(a);
            self.place_official(a);
        }
        // Mention lists for pronoun and role look-ups (outside quotes).
        let mut last = NONE;
        for t in 0..self.toks.len() {
            let a = self.actor_of[t];
            if a != NONE && a != last && !self.in_quote(t) {
                let m = MentionRef {
                    tok: t,
                    actor: a as usize,
                };
                if self.actors[a as usize].kind == ActorKind::Person {
                    self.person_mentions.push(m);
                } else {
                    self.other_mentions.push(m);
                }
            }
            last = a;
        }
    }

    /// "Petra Halloran has never been shy … Halloran told TBN": a person
    /// the article names by surname alone takes the two-word name it gives
    /// them elsewhere, a capitalised word before the surname that no other
    /// reading claims.
    fn complete_lone_surnames(&mut self) {
        for t in 1..self.toks.len() {
            let g = t - 1;
            if self.actor_of[t] != NONE
                || self.actor_of[g] != NONE
                || !self.is_cap(t)
                || !self.is_cap(g)
                || self.toks[g].paragraph != self.toks[t].paragraph
                || !self.could_be_name_word(g)
                || !self.could_be_name_word(t)
                || self.lex.is_title(self.w(g))
                || self.country_of[g] != NONE
                // the run is two words: no capitalised word before or after
                || g > 0 && self.is_cap(g - 1) && !self.lex.is_title(self.w(g - 1))
                || t + 1 < self.toks.len() && self.is_cap(t + 1)
            {
                continue;
            }
            let key = fold_name(self.w(t));
            let given = self.k.given_name_gender(self.w(g));
            let lone: Vec<usize> = (0..self.actors.len())
                .filter(|&a| {
                    let actor = &self.actors[a];
                    actor.kind == ActorKind::Person
                        && actor.key == key
                        && !actor.name.contains(' ')
                        && genders_agree(actor.gender, given)
                })
                .collect();
            if let [a] = lone[..] {
                self.mark(g..t + 1, a);
                self.actors[a].mentions.sort_by_key(|m| m.start);
                self.prefer_fuller_name(a, g..t + 1);
            }
        }
    }

    /// "Ashkar will sign, its water minister said. … “…,” Farhad Qasemi
    /// told a news conference": a person the article neither titles nor
    /// places is the official who spoke unnamed just before, when no other
    /// person is named between. The role is the official's; the place is
    /// the state or organisation that is the subject of that sentence.
    fn take_unnamed_role(&mut self, a: usize) {
        let actor = &self.actors[a];
        if actor.role.is_some() || actor.affiliation.is_some() || actor.knowledge_person.is_some() {
            return;
        }
        let Some(first) = actor.mentions.first().and_then(|m| self.tok_at(m.start)) else {
            return;
        };
        let para = self.toks[first].paragraph;
        // the role noun of "its water minister said", "the bank's president said"
        let Some(r) = (0..first)
            .rev()
            .take_while(|&k| {
                para - self.toks[k].paragraph <= 1
                    && (self.actor_of[k] == NONE
                        || self.actors[self.actor_of[k] as usize].kind != ActorKind::Person)
            })
            .find(|&r| {
                !self.in_quote(r)
                    && self.is_lower_word(r)
                    && self.lex.is_role_noun(self.w(r))
                    && r + 1 < self.toks.len()
                    && self.is_cue_at(r + 1)
                    && self.role_owner_before(r).is_some()
            })
        else {
            return;
        };
        let Some(s) = self.role_owner_before(r) else {
            return;
        };
        let role = (s..=r).map(|k| self.lower(k)).collect::<Vec<_>>().join(" ");
        let sent = self.sent_of[r] as usize;
        let place = self
            .subject_np(self.sent_start[sent], r)
            .map(|np| self.actor_of[np.end - 1])
            .filter(|&o| o != NONE && self.actors[o as usize].kind != ActorKind::Person)
            .map(|o| {
                let o = &self.actors[o as usize];
                o.affiliation.clone().unwrap_or_else(|| o.name.clone())
            });
        let Some(place) = place else {
            return;
        };
        let actor = &mut self.actors[a];
        actor.role = Some(role);
        actor.affiliation = Some(place);
    }

    /// Where role noun `r` is owned ("its water minister", "the bank's
    /// president"), the first word of the role after its owner.
    fn role_owner_before(&self, r: usize) -> Option<usize> {
        let mut s = r;
        while s > 0
            && r - s < 2
            && self.is_lower_word(s - 1)
            && !matches!(self.w(s - 1), "its" | "their")
        {
            s -= 1;
        }
        (s > 0
            && (matches!(self.w(s - 1), "its" | "their")
                || self.toks[s - 1].kind == TokenKind::Possessive))
            .then_some(s)
    }

    /// A lone capitalised word is a name only where it stands like one: not a
    /// title ("Mr. President"), not a modifier ("the Baltic states"), not the
    /// tail of a phrase ("Minister of Foreign Affairs").
    pub(super) fn lone_word_is_name(
        &self,
        name: Range<usize>,
        run_start: usize,
        titled: bool,
    ) -> bool {
        let w = self.w(name.start);
        let next_lower = name.end < self.toks.len()
            && self.toks[name.end].paragraph == self.toks[name.start].paragraph
            && (self.is_lower_word(name.end)
                || self.toks[name.end].kind == TokenKind::Possessive
                || self.w(name.end) == "'");
        let next_is_cue = next_lower
            && self.is_lower_word(name.end)
            && self.is_cue_at(name.end)
            && !self.lex.has(self.w(name.end), Class::CueNoun);
        let prev_joins = run_start > 0
            && matches!(
                self.w(run_start - 1),
                "of" | "and" | "the" | "for" | "on" | "in" | "&"
            );
        // after a title a verb may follow ("Mr Smith agreed"); a bare word must be followed by a cue
        let modifier = next_lower && !next_is_cue && !titled;
        !(self.lex.is_title(w)
            || self.lex.is_role_noun(&w.to_lowercase())
            || self.lex.is_non_actor_word(w)
            || self.lex.is_organisation_word(w)
            || modifier
            || prev_joins)
    }

    /// Token `k` may be a word of a person's name no list knows: not a
    /// capitalised function word, nor a word of an organisation or a place,
    /// and not all capitals.
    /// A capitalised run that is an organisation's name (it holds an
    /// organisation word), a title, then two or three name words: the body's
    /// tokens and the person's, titles included.
    fn body_then_person(&self, run: Range<usize>) -> Option<(Range<usize>, Range<usize>)> {
        let p = (run.start + 1..run.end.saturating_sub(2))
            .rev()
            .find(|&p| self.lex.is_title(self.w(p)))?;
        let mut body_end = p;
        while body_end > run.start && self.lex.is_title(self.w(body_end - 1)) {
            body_end -= 1;
        }
        let body_is_org = (run.start..body_end).any(|t| self.lex.is_organisation_word(self.w(t)));
        let name_ok = (3..=4).contains(&(run.end - p))
            && (p + 1..run.end)
                .all(|k| self.could_be_name_word(k) && !self.lex.is_title(self.w(k)));
        (body_is_org && name_ok && body_end > run.start)
            .then_some((run.start..body_end, body_end..run.end))
    }

    pub(super) fn could_be_name_word(&self, k: usize) -> bool {
        let w = self.w(k);
        !self.lex.is_capitalised_function_word(w)
            && !self.lex.is_organisation_word(w)
            && !self.lex.is_non_actor_word(w)
            && w.chars().any(char::is_lowercase)
    }

    /// An official the article does not place ("Water Minister Ana Ruiz
    /// said Tarsany would wait") speaks for the state named nearest to their
    /// first mention: in its sentence, else in the sentence before.
    pub(super) fn place_official(&mut self, a: usize) {
        let actor = &self.actors[a];
        if actor.affiliation.is_some()
            || !self.holds_party_office(a)
            || actor.knowledge_person.is_some()
        {
            return;
        }
        let Some(first) = actor.mentions.first().and_then(|m| self.tok_at(m.start)) else {
            return;
        };
        let sent = self.sent_of[first] as usize;
        let bounds = |s: usize| {
            self.sent_start[s]
                ..self
                    .sent_start
                    .get(s + 1)
                    .copied()
                    .unwrap_or(self.toks.len())
        };
        // a state in a prepositional phrase ("peace in Ukraine") is a
        // place, not the one they speak for, unless it is the only one
        let nearest = |r: std::ops::Range<usize>| {
            let states = r.filter(|&t| self.country_of[t] != NONE && !self.in_quote(t));
            let argument = |&t: &usize| !(t > 0 && self.is_preposition_at(t - 1));
            states
                .clone()
                .filter(argument)
                .min_by_key(|&t| t.abs_diff(first))
                .or_else(|| states.min_by_key(|&t| t.abs_diff(first)))
                .map(|t| self.country_of[t] as usize)
        };
        // "Merovia has asked the bank …, Foreign Minister Joaquim Ferrand
        // said": a state that is the sentence's subject, else the nearest
        let subject = self
            .subject_np(self.sent_start[sent], first)
            .filter(|np| self.country_of[np.start] != NONE && !self.in_quote(np.start))
            .map(|np| self.country_of[np.start] as usize);
        let country = subject.or_else(|| nearest(bounds(sent))).or_else(|| {
            (sent > 0
                && self.toks[self.sent_start[sent - 1]].paragraph == self.toks[first].paragraph)
                .then(|| nearest(bounds(sent - 1)))
                .flatten()
        });
        if let Some(c) = country {
            self.affiliate_unless_affiliated(a, c);
        }
    }

    /// Groups that speak and take stances as one: "European leaders",
    /// "senior Republican senators", "EU foreign ministers", "G7 countries".
    /// A plural noun for people or parties after at least one modifier that
    /// places them (a country, an organisation, a capitalised word), outside
    /// quotes. The group is affiliated with the country or organisation its
    /// modifiers name, else with the capitalised modifier ("European").
    pub(super) fn find_collectives(&mut self) {
        for n in 1..self.toks.len() {
            if !self.is_lower_word(n)
                || !self.lex.has(self.w(n), Class::CollectiveNoun)
                || self.actor_of[n] != NONE
                || self.in_quote(n)
            {
                continue;
            }
            let para = self.toks[n].paragraph;
            let mut s = n;
            let mut placed = false;
            while s > 0 && n - s < 4 && self.toks[s - 1].paragraph == para && !self.in_quote(s - 1)
            {
                let t = s - 1;
                // "Europe's top leaders", "the bloc's foreign ministers": the possessor places them
                if self.toks[t].kind == TokenKind::Possessive
                    && t > 0
                    && self.toks[t - 1].paragraph == para
                    && self.is_cap(t - 1)
                    && !self.lex.is_capitalised_function_word(self.w(t - 1))
                {
                    placed = true;
                    s = t - 1;
                    break;
                }
                let w = self.w(t);
                let org = self.actor_of[t] != NONE
                    && self.actors[self.actor_of[t] as usize].kind != ActorKind::Person;
                let capital = self.is_cap(t)
                    && self.sent_start[self.sent_of[t] as usize] != t
                    && !self.lex.is_capitalised_function_word(w)
                    || self.is_cap(t) && self.country_of[t] != NONE;
                if org || capital || self.country_of[t] != NONE {
                    placed = true;
                } else if !(self.is_lower_word(t) && self.lex.has(w, Class::CollectiveModifier)) {
                    break;
                }
                s = t;
            }
            // the sentence's first word may place them too: "European leaders said"
            if !placed
                && s > 0
                && self.sent_start[self.sent_of[s - 1] as usize] == s - 1
                && self.is_cap(s - 1)
                && (self.is_proper_word(self.w(s - 1)) || place_adjective(self.w(s - 1)))
                && !self.lex.has(&self.lower(s - 1), Class::CollectiveModifier)
                && self.actor_of[s - 1] == NONE
            {
                s -= 1;
                placed = true;
            }
            if !placed {
                continue;
            }
            while s < n && self.is_lower_word(s) {
                s += 1; // "senior" before the placing word is kept out of the name
            }
            let name = self.span_text(s..n + 1);
            let affiliation = (s..n)
                .find_map(|t| {
                    if self.country_of[t] != NONE {
                        return Some(self.k.countries[self.country_of[t] as usize].name.clone());
                    }
                    let a = self.actor_of[t];
                    (a != NONE).then(|| {
                        let a = &self.actors[a as usize];
                        a.affiliation.clone().unwrap_or_else(|| a.name.clone())
                    })
                })
                .or_else(|| {
                    let caps: Vec<&str> = (s..n)
                        .filter(|&t| self.is_cap(t))
                        .map(|t| self.w(t))
                        .collect();
                    (!caps.is_empty()).then(|| self.place_of_adjective(&caps.join(" ")))
                });
            let a = self.named_actor(name, ActorKind::Group);
            if self.actors[a].affiliation.is_none() {
                self.actors[a].affiliation = affiliation;
            }
            self.mark(s..n + 1, a);
        }
    }

    /// The known place an adjective of place names ("European" → "Europe",
    /// "African" → "Africa" when the knowledge holds them), else the
    /// adjective itself.
    fn place_of_adjective(&self, adjective: &str) -> String {
        let k = &self.k;
        let names = k
            .organisations
            .iter()
            .map(|o| o.name.as_str())
            .chain(k.countries.iter().map(|c| c.name.as_str()));
        for name in names {
            let rest = adjective.strip_prefix(name);
            if rest.is_some_and(|r| matches!(r, "an" | "n")) {
                return name.to_string();
            }
        }
        adjective.to_string()
    }

    /// "the bank's president Gideon Achterberg", "water minister Petra
    /// Halloran", "Tarsany's water minister, Petra Halloran,": a singular
    /// role noun in lower case right before a name, or before its comma.
    pub(super) fn role_before(&self, first: usize) -> bool {
        let para = self.toks[first].paragraph;
        let noun = |t: usize| {
            self.toks[t].paragraph == para
                && self.is_lower_word(t)
                && self.is_person_noun(self.w(t))
        };
        first > 0 && noun(first - 1) || first > 1 && self.w(first - 1) == "," && noun(first - 2)
    }

    /// "Petra Halloran, Tarsany's water minister,", "Gaelle Moutier, a
    /// farmer near Brel,": an apposition right after a name, headed by a
    /// noun for a person.
    pub(super) fn role_apposition_after(&self, end: usize) -> bool {
        if end + 1 >= self.toks.len()
            || self.w(end) != ","
            || self.toks[end + 1].paragraph != self.toks[end].paragraph
        {
            return false;
        }
        // it opens as a noun phrase: "the", "a", "Tarsany's", "its", or the noun itself
        let a = end + 1;
        let opens = self.is_determiner_at(a)
            || self.is_cap(a)
                && a + 1 < self.toks.len()
                && self.toks[a + 1].kind == TokenKind::Possessive
            || self.is_lower_word(a) && self.is_person_noun(self.w(a));
        if !opens {
            return false;
        }
        let mut k = a;
        while k < self.toks.len()
            && k < end + 8
            && self.toks[k].paragraph == self.toks[end].paragraph
        {
            let w = self.w(k);
            if matches!(w, "," | "." | ";" | ":" | "(" | "—" | "–") || self.in_quote(k) {
                return false;
            }
            if self.is_lower_word(k) && self.is_person_noun(w) {
                return true;
            }
            // the head comes before any preposition: "a farmer near Brel"
            if self.is_lower_word(k) && self.lex.is_preposition(w) || self.lex.is_cue_verb(w) {
                return false;
            }
            k += 1;
        }
        false
    }

    /// A singular noun for a person: a role ("minister") or an occupation
    /// ("farmer"), not a document or a group.
    pub(super) fn is_person_noun(&self, w: &str) -> bool {
        (self.lex.is_role_noun(w) || self.lex.has(w, Class::PersonNoun))
            && !self.lex.is_document_noun(w)
            && !self.lex.has(w, Class::GroupNoun)
    }

    pub(super) fn mark(&mut self, toks: Range<usize>, actor: usize) {
        if toks.is_empty() {
            return;
        }
        for t in toks.clone() {
            self.actor_of[t] = actor as u32;
        }
        let r = self.toks[toks.start].start..self.toks[toks.end - 1].end;
        self.actors[actor].mentions.push(r);
    }

    /// Drops leading function words and titles from a capitalised run; returns
    /// the name part and the titles.
    pub(super) fn strip_run(&self, run: Range<usize>) -> (Range<usize>, Vec<usize>) {
        let mut s = run.start;
        let mut titles = Vec::new();
        // "Transport Minister Ada Okafor", "Boston Mayor Jo Kim": up to two
        // words of a portfolio no list knows, then a title, then the name
        if let Some(p) = (run.start + 1..(run.start + 3).min(run.end))
            .find(|&p| self.lex.is_title(self.w(p)) && p + 1 < run.end)
            && (run.start..p).all(|t| {
                let w = self.w(t);
                self.country_of[t] == NONE
                    && !self.lex.is_capitalised_function_word(w)
                    && !self.lex.is_title(w)
                    && !self.k.is_given_name(w)
            })
            && (p..run.end).all(|t| !self.lex.is_organisation_word(self.w(t)))
        {
            titles.extend(run.start..p);
            s = p;
        }
        while s < run.end {
            let w = self.w(s);
            if self.lex.is_capitalised_function_word(w) && self.lex.title_gender(w).is_none() {
                s += 1;
            } else if self.lex.is_title(w) && s + 1 < run.end {
                titles.push(s);
                s += 1;
            } else {
                break;
            }
        }
        (s..run.end, titles)
    }
}

/// A capitalised adjective of place by its ending: "European", "Nordic",
/// "Western", "Baltic", "Spanish", "Chinese".
fn place_adjective(w: &str) -> bool {
    w.len() >= 5
        && w.starts_with(|c: char| c.is_uppercase())
        && ["an", "ic", "ish", "ese", "ern"]
            .iter()
            .any(|e| w.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::super::NONE;
    use super::super::testing::{Through, doc};
    use crate::analysis::ActorKind;

    #[test]
    fn gazetteer_hits_and_unknown_names_become_actors() {
        let d = doc(
            "French President Jean Dupont met Ukraine's Foreign Ministry officials.",
            Through::Actors,
        );
        let dupont = d.actor("Jean Dupont").expect("a titled name no list knows");
        assert_eq!(d.actors[dupont].kind, ActorKind::Person);
        assert_eq!(d.actors[dupont].affiliation.as_deref(), Some("France"));
        assert!(d.actor("Ukraine").is_some());
        assert_eq!(d.actor_of[d.tok("Dupont")], dupont as u32);
        assert_eq!(d.actor_of[d.tok("met")], NONE);
    }

    #[test]
    fn a_lone_surname_is_the_person_met_before() {
        let d = doc(
            "Water minister Anna Marrow arrived. Later, Marrow said talks would go on.",
            Through::Actors,
        );
        let marrow = d.actor("Anna Marrow").expect("the person");
        let second = (0..d.toks.len()).rfind(|&i| d.w(i) == "Marrow").unwrap();
        assert_eq!(d.actor_of[second], marrow as u32);
        assert_eq!(d.person_mentions.len(), 2);
    }

    #[test]
    fn a_surname_met_alone_takes_the_full_name_given_elsewhere() {
        let d = doc(
            "Odrun Halse has never been shy of a fight. “We will wait,” Halse told reporters.",
            Through::Actors,
        );
        let halse = d.actor("Odrun Halse").expect("the full name");
        assert!(d.actor("Halse").is_none());
        assert_eq!(d.actors[halse].mentions.len(), 2);
        assert!(d.actors[halse].mentions[0].start < d.actors[halse].mentions[1].start);
    }

    #[test]
    fn a_sentence_subject_state_places_an_official_named_at_its_end() {
        let d = doc(
            "Ukraine has asked the bank to stop lending to Russia, Foreign Minister Anna Marrow said.",
            Through::Actors,
        );
        let a = d.actor("Anna Marrow").expect("the person");
        assert_eq!(d.actors[a].affiliation.as_deref(), Some("Ukraine"));
    }

    #[test]
    fn a_state_in_a_prepositional_phrase_does_not_place_an_official() {
        // no subject to read before the state; "in Ukraine" is a place
        let d = doc(
            "At the summit on Friday India pledged to back every effort for peace in Ukraine, Prime Minister Ilan Vesk said.",
            Through::Actors,
        );
        let a = d.actor("Ilan Vesk").expect("the person");
        assert_eq!(d.actors[a].affiliation.as_deref(), Some("India"));
    }

    #[test]
    fn a_person_named_after_an_unnamed_official_takes_the_role() {
        let d = doc(
            "Ukraine will sign the deal, its foreign minister said on Monday.\n\n“We are ready,” Odrun Halse told a news conference.",
            Through::Actors,
        );
        let a = d.actor("Odrun Halse").unwrap();
        assert_eq!(d.actors[a].role.as_deref(), Some("foreign minister"));
        assert_eq!(d.actors[a].affiliation.as_deref(), Some("Ukraine"));
        // a person named after another person is not the official
        let d = doc(
            "Ukraine will sign the deal, its foreign minister said.\n\nAnna Marrow, a scholar, disagreed. “We are ready,” Odrun Halse told a news conference.",
            Through::Actors,
        );
        let a = d.actor("Odrun Halse").unwrap();
        assert_eq!(d.actors[a].role, None);
    }

    #[test]
    fn places_and_documents_are_no_actors() {
        let d = doc(
            "Delegates met at Victoria Palace to sign the Lisk Accord.",
            Through::Actors,
        );
        assert!(d.actors.iter().all(|a| !a.name.contains("Palace")));
        assert!(d.actors.iter().all(|a| !a.name.contains("Accord")));
    }
}
