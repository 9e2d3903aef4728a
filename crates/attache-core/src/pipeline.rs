//! The analysis pipeline: text → paragraphs and tokens → quotes → sentences →
//! actor mentions → speaker attribution → [`Analysis`]. Each stage reads the
//! one text by byte ranges and adds its annotations to [`Doc`].

mod positions;

use crate::analysis::{
    self, Actor, ActorKind, Analysis, Cue, Evidence, Holder, Position, Quote, QuoteKind, Span,
    Speaker, StanceKind,
};
use crate::catalogue::Catalogue;
use crate::knowledge::{Entry, Knowledge, fold_name};
use crate::lexicon::{self, Gender, Pronoun};
use crate::quotes::{QuoteSpan, find_quotes};
use crate::text::{CharIndex, Token, TokenKind, paragraphs, tokenize};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

const NONE: u32 = u32::MAX;

/// Reads articles. Cheap to share across threads.
pub struct Analyzer {
    knowledge: Knowledge,
}

impl Default for Analyzer {
    fn default() -> Self {
        Self::new(Knowledge::bundled())
    }
}

impl Analyzer {
    pub fn new(knowledge: Knowledge) -> Self {
        Analyzer { knowledge }
    }

    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    /// Analyses one plain text.
    pub fn analyze(&self, text: &str) -> Analysis {
        self.analyze_with(text, None, false)
    }

    /// Analyses one plain text; with a catalogue, finds positions too (and
    /// every stance statement, with `all_statements`).
    pub fn analyze_with(
        &self,
        text: &str,
        catalogue: Option<&Catalogue>,
        all_statements: bool,
    ) -> Analysis {
        let mut doc = Doc::new(text, &self.knowledge);
        doc.find_quotes();
        doc.find_sentences();
        doc.find_actors();
        doc.attribute();
        let found = catalogue.map(|c| (c, doc.find_positions(c)));
        doc.into_analysis(found, all_statements)
    }
}

/// A speaker phrase found next to a cue.
#[derive(Clone, Copy, Debug)]
struct Np {
    /// Token range of the phrase.
    start: usize,
    end: usize,
    kind: NpKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NpKind {
    Pronoun(Pronoun),
    Name,
    Role,
    /// "who", "which": the phrase is the pronoun, the speaker its antecedent.
    Relative {
        antecedent_start: u32,
        antecedent_end: u32,
        named: bool,
    },
}

struct ActorBuild {
    name: String,
    kind: ActorKind,
    role: Option<String>,
    affiliation: Option<String>,
    gender: Option<Gender>,
    /// Folded surname for persons, folded name otherwise.
    key: String,
    first_key: Option<String>,
    mentions: Vec<Range<usize>>,
    knowledge_person: Option<usize>,
}

/// A mention of an actor, for pronoun and role look-ups.
#[derive(Clone, Copy)]
struct MentionRef {
    tok: usize,
    actor: usize,
}

struct QuoteState {
    span: QuoteSpan,
    speaker: Option<(Option<usize>, Range<usize>, String)>,
    cue: Option<Range<usize>>,
    kind: QuoteKind,
    keep: bool,
    /// Found by a cue, not inherited.
    attributed_by_cue: bool,
    /// Given only the subject of its sentence or clause, for want of a cue.
    by_subject: bool,
}

struct Doc<'t> {
    text: &'t str,
    k: &'t Knowledge,
    paras: Vec<Range<usize>>,
    /// Token range of each paragraph.
    para_toks: Vec<Range<usize>>,
    toks: Vec<Token>,
    /// Quote index of each token inside a quote (marks included), or NONE.
    quote_of: Vec<u32>,
    sent_of: Vec<u32>,
    /// First token of each sentence.
    sent_start: Vec<usize>,
    quotes: Vec<QuoteState>,
    actors: Vec<ActorBuild>,
    /// Actor of each token that is part of an actor mention, or NONE.
    actor_of: Vec<u32>,
    /// Country of each token that is a demonym or country word, or NONE.
    country_of: Vec<u32>,
    /// Person mentions outside quotes, in text order.
    person_mentions: Vec<MentionRef>,
    other_mentions: Vec<MentionRef>,
    /// Actor of each knowledge country and organisation, once created.
    country_actors: HashMap<usize, usize>,
    org_actors: HashMap<usize, usize>,
    /// Words written with a capital inside a sentence somewhere in the text:
    /// names, not words capitalised for opening a sentence. Built on first use.
    proper_words: std::cell::OnceCell<HashSet<&'t str>>,
}

impl<'t> Doc<'t> {
    fn new(text: &'t str, k: &'t Knowledge) -> Self {
        let paras = paragraphs(text);
        let mut toks = Vec::with_capacity(text.len() / 5);
        let mut para_toks = Vec::with_capacity(paras.len());
        for (i, p) in paras.iter().enumerate() {
            let from = toks.len();
            tokenize(text, p.clone(), i as u32, &mut toks);
            para_toks.push(from..toks.len());
        }
        let n = toks.len();
        Doc {
            text,
            k,
            paras,
            para_toks,
            toks,
            quote_of: vec![NONE; n],
            sent_of: vec![0; n],
            sent_start: Vec::new(),
            quotes: Vec::new(),
            actors: Vec::new(),
            actor_of: vec![NONE; n],
            country_of: vec![NONE; n],
            person_mentions: Vec::new(),
            other_mentions: Vec::new(),
            country_actors: HashMap::new(),
            org_actors: HashMap::new(),
            proper_words: std::cell::OnceCell::new(),
        }
    }

    fn w(&self, i: usize) -> &'t str {
        self.toks[i].text(self.text)
    }

    fn is_word(&self, i: usize) -> bool {
        self.toks[i].kind == TokenKind::Word
    }

    fn is_cap(&self, i: usize) -> bool {
        self.is_word(i) && self.first_char(i).is_uppercase()
    }

    fn is_lower_word(&self, i: usize) -> bool {
        self.is_word(i) && self.first_char(i).is_lowercase()
    }

    /// The first character of token `i`, read straight from its byte when ASCII.
    fn first_char(&self, i: usize) -> char {
        match self.text.as_bytes()[self.toks[i].start] {
            b if b.is_ascii() => b as char,
            _ => self.w(i).chars().next().unwrap_or(' '),
        }
    }

    /// The first token of a name after its leading titles ("Del.", "Sen."),
    /// keeping at least the last token.
    fn after_titles(&self, name: Range<usize>) -> usize {
        let mut first = name.start;
        while first + 1 < name.end
            && (lexicon::is_title(self.w(first))
                || lexicon::is_abbreviation(self.w(first).trim_end_matches('.')))
        {
            first += 1;
        }
        first
    }

    /// Token `t` names (part of) a person.
    fn is_person_at(&self, t: usize) -> bool {
        self.actor_of[t] != NONE && self.actors[self.actor_of[t] as usize].kind == ActorKind::Person
    }

    /// Token `t`, lower-cased, is a preposition / an article or possessive determiner.
    fn is_preposition_at(&self, t: usize) -> bool {
        lexicon::is_preposition(&self.w(t).to_lowercase())
    }

    fn is_determiner_at(&self, t: usize) -> bool {
        is_determiner(&self.w(t).to_lowercase())
    }

    /// Steps back from `j` over adverbs and times ("later", "on Monday") no
    /// further than `lo`: where the word before a verb really is.
    fn skip_adjuncts_back(&self, mut j: usize, lo: usize) -> usize {
        while j > lo
            && self.is_lower_word(j - 1)
            && (lexicon::is_verb_adjunct(self.w(j - 1)) || is_time_word(self.w(j - 1)))
        {
            j -= 1;
        }
        j
    }

    /// A lower-case name particle followed by the rest of a name ("von der Leyen").
    fn particle_before_name(&self, j: usize) -> bool {
        let mut k = j;
        while k < self.toks.len() && k < j + 3 && lexicon::is_name_particle(self.w(k)) {
            k += 1;
        }
        k > j
            && k < self.toks.len()
            && self.is_cap(k)
            && self.toks[k].paragraph == self.toks[j].paragraph
    }

    fn in_quote(&self, i: usize) -> bool {
        self.quote_of[i] != NONE
    }

    // ---- stage: quotes -------------------------------------------------

    fn find_quotes(&mut self) {
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

    // ---- stage: sentences ----------------------------------------------

    fn find_sentences(&mut self) {
        let mut sent = 0u32;
        for pr in self.para_toks.clone() {
            if pr.is_empty() {
                continue;
            }
            self.sent_start.push(pr.start);
            let mut i = pr.start;
            while i < pr.end {
                self.sent_of[i] = sent;
                let boundary = if self.in_quote(i) {
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
                        && !(i > pr.start && w == "." && lexicon::is_abbreviation(self.w(i - 1)))
                };
                if boundary && i + 1 < pr.end {
                    sent += 1;
                    self.sent_start.push(i + 1);
                }
                i += 1;
            }
            sent += 1;
        }
    }

    /// Whether `w` is written with a capital inside a sentence somewhere.
    fn is_proper_word(&self, w: &str) -> bool {
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

    /// `Name said.` or `He added.` right after a quote: a short attribution
    /// that scraped or careless text puts after a full stop.
    fn starts_attribution(&self, i: usize, end: usize) -> bool {
        let mut j = i;
        while j < end && j < i + 5 && (self.is_cap(j) || self.is_lower_word(j)) {
            if self.is_lower_word(j) && lexicon::is_cue_verb(self.w(j)) {
                // "She adds, “…”" introduces the next quote instead
                let introduces = j + 2 < end
                    && self.w(j + 1) == ","
                    && self.toks[j + 2].kind == TokenKind::QuoteMark;
                return j + 1 == end || matches!(self.w(j + 1), "." | ",") && !introduces;
            }
            j += 1;
        }
        false
    }

    // ---- stage: actors -------------------------------------------------

    fn find_actors(&mut self) {
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
                .any(|k| lexicon::is_organisation_word(self.w(k)));
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
                    let modifies = end_tok < self.toks.len()
                        && self.is_word(end_tok)
                        && self.toks[end_tok].paragraph == self.toks[tok_idx].paragraph;
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
            let (name, titles) = self.strip_run(run.clone());
            if name.is_empty() {
                continue;
            }
            let words: Vec<&str> = name
                .clone()
                .filter(|&t| self.is_word(t))
                .map(|t| self.w(t))
                .collect();
            if words.is_empty() || words.iter().any(|w| lexicon::is_non_actor_word(w)) {
                continue;
            }
            if words.iter().any(|w| lexicon::is_organisation_word(w)) {
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
            let looks_like_person = self.k.is_given_name(words[0]) || !titles.is_empty();
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
                .find_map(|&t| lexicon::title_gender(self.w(t)));
            if let Some(a) = self.person_by_surname(&key, t, gender) {
                self.mark(name, a);
            } else if !titles.is_empty()
                && !lexicon::is_capitalised_function_word(self.w(t))
                && self.lone_word_is_name(name.clone(), titles[0], true)
            {
                // "President Putin", "Mr Smith": a titled surname is a person
                let a = self.person_actor(name.clone(), &titles);
                self.mark(name, a);
            }
        }
        // A name right before a cue ("Schiff said", "minister Tomasz Wrobelski said")
        // names a person, even one the given-name list lacks.
        for c in 1..self.toks.len() {
            let t = c - 1;
            if self.actor_of[t] != NONE
                || !self.is_cap(t)
                || self.in_quote(t)
                || self.toks[t].paragraph != self.toks[c].paragraph
                || !self.is_cue_at(c)
            {
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
            let words_ok = name.clone().all(|k| {
                let w = self.w(k);
                !lexicon::is_capitalised_function_word(w)
                    && !lexicon::is_organisation_word(w)
                    && !lexicon::is_non_actor_word(w)
                    && !lexicon::is_title(w)
                    && w.chars().any(char::is_lowercase)
            });
            let single_ok =
                name.len() > 1 || self.lone_word_is_name(name.clone(), s0, !titles.is_empty());
            if words_ok && single_ok {
                let a = self.person_actor(name.clone(), &titles);
                self.mark(name, a);
            }
        }
        // Roles and affiliations from the words around each person's first mentions.
        for a in 0..self.actors.len() {
            if self.actors[a].kind != ActorKind::Person {
                continue;
            }
            for m in self.actors[a].mentions.clone() {
                self.describe_from_context(a, m);
            }
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

    /// A lone capitalised word is a name only where it stands like one: not a
    /// title ("Mr. President"), not a modifier ("the Baltic states"), not the
    /// tail of a phrase ("Minister of Foreign Affairs").
    fn lone_word_is_name(&self, name: Range<usize>, run_start: usize, titled: bool) -> bool {
        let w = self.w(name.start);
        let next_lower = name.end < self.toks.len()
            && self.toks[name.end].paragraph == self.toks[name.start].paragraph
            && (self.is_lower_word(name.end)
                || self.toks[name.end].kind == TokenKind::Possessive
                || self.w(name.end) == "'");
        let next_is_cue = next_lower
            && self.is_lower_word(name.end)
            && lexicon::is_cue_verb(self.w(name.end))
            && !matches!(
                self.w(name.end),
                "states" | "reports" | "claims" | "calls" | "notes" | "comments"
            );
        let prev_joins = run_start > 0
            && matches!(
                self.w(run_start - 1),
                "of" | "and" | "the" | "for" | "on" | "in" | "&"
            );
        // after a title a verb may follow ("Mr Smith agreed"); a bare word must be followed by a cue
        let modifier = next_lower && !next_is_cue && !titled;
        !(lexicon::is_title(w)
            || lexicon::is_role_noun(&w.to_lowercase())
            || lexicon::is_non_actor_word(w)
            || lexicon::is_organisation_word(w)
            || modifier
            || prev_joins)
    }

    fn mark(&mut self, toks: Range<usize>, actor: usize) {
        if toks.is_empty() {
            return;
        }
        for t in toks.clone() {
            self.actor_of[t] = actor as u32;
        }
        let r = self.toks[toks.start].start..self.toks[toks.end - 1].end;
        self.actors[actor].mentions.push(r);
    }

    fn span_text(&self, toks: Range<usize>) -> String {
        self.text[self.toks[toks.start].start..self.toks[toks.end - 1].end].to_string()
    }

    /// Drops leading function words and titles from a capitalised run; returns
    /// the name part and the titles.
    fn strip_run(&self, run: Range<usize>) -> (Range<usize>, Vec<usize>) {
        let mut s = run.start;
        let mut titles = Vec::new();
        // "Transport Minister Ada Okafor", "Boston Mayor Jo Kim": up to two
        // words of a portfolio no list knows, then a title, then the name
        if let Some(p) = (run.start + 1..(run.start + 3).min(run.end))
            .find(|&p| lexicon::is_title(self.w(p)) && p + 1 < run.end)
            && (run.start..p).all(|t| {
                let w = self.w(t);
                self.country_of[t] == NONE
                    && !lexicon::is_capitalised_function_word(w)
                    && !lexicon::is_title(w)
                    && !self.k.is_given_name(w)
            })
            && (p..run.end).all(|t| !lexicon::is_organisation_word(self.w(t)))
        {
            titles.extend(run.start..p);
            s = p;
        }
        while s < run.end {
            let w = self.w(s);
            if lexicon::is_capitalised_function_word(w) && lexicon::title_gender(w).is_none() {
                s += 1;
            } else if lexicon::is_title(w) && s + 1 < run.end {
                titles.push(s);
                s += 1;
            } else {
                break;
            }
        }
        (s..run.end, titles)
    }

    fn country_actor(&mut self, c: usize) -> usize {
        if let Some(&a) = self.country_actors.get(&c) {
            return a;
        }
        let a = self.new_country_actor(c);
        self.country_actors.insert(c, a);
        a
    }

    fn new_country_actor(&mut self, c: usize) -> usize {
        let name = self.k.countries[c].name.clone();
        let key = fold_name(&name);
        if let Some(a) = self
            .actors
            .iter()
            .position(|a| a.kind == ActorKind::Country && a.key == key)
        {
            return a;
        }
        self.push_actor(ActorBuild {
            affiliation: Some(name.clone()),
            ..self.blank(name, ActorKind::Country, key)
        })
    }

    fn org_actor(&mut self, o: usize) -> usize {
        if let Some(&a) = self.org_actors.get(&o) {
            return a;
        }
        let a = self.new_org_actor(o);
        self.org_actors.insert(o, a);
        a
    }

    fn new_org_actor(&mut self, o: usize) -> usize {
        let org = &self.k.organisations[o];
        let kind = match org.kind.as_str() {
            "institution" => ActorKind::Institution,
            "media" => ActorKind::Media,
            _ => ActorKind::Organisation,
        };
        let key = fold_name(&org.name);
        if let Some(a) = self
            .actors
            .iter()
            .position(|a| a.kind != ActorKind::Person && a.key == key)
        {
            return a;
        }
        let aff = org
            .affiliation
            .clone()
            .or_else(|| (kind == ActorKind::Organisation).then(|| org.name.clone()));
        self.push_actor(ActorBuild {
            affiliation: aff,
            ..self.blank(org.name.clone(), kind, key)
        })
    }

    fn named_actor(&mut self, name: String, kind: ActorKind) -> usize {
        let key = fold_name(&name);
        if let Some(a) = self
            .actors
            .iter()
            .position(|a| a.kind == kind && a.key == key)
        {
            return a;
        }
        self.push_actor(self.blank(name, kind, key))
    }

    fn blank(&self, name: String, kind: ActorKind, key: String) -> ActorBuild {
        ActorBuild {
            name,
            kind,
            role: None,
            affiliation: None,
            gender: None,
            key,
            first_key: None,
            mentions: Vec::new(),
            knowledge_person: None,
        }
    }

    fn push_actor(&mut self, a: ActorBuild) -> usize {
        self.actors.push(a);
        self.actors.len() - 1
    }

    fn person_actor_from_knowledge(&mut self, p: usize, toks: Range<usize>) -> usize {
        if let Some(a) = self
            .actors
            .iter()
            .position(|a| a.knowledge_person == Some(p))
        {
            self.prefer_fuller_name(a, toks);
            return a;
        }
        let person = &self.k.people[p];
        let surname = person
            .name
            .split_whitespace()
            .last()
            .unwrap_or(&person.name);
        let gender = crate::knowledge::parse_gender(person.gender.as_deref());
        let key = fold_name(surname);
        // a run seen earlier with the same surname is this person too
        if let Some(a) = self.actors.iter().position(|a| {
            a.kind == ActorKind::Person && a.key == key && a.knowledge_person.is_none()
        }) {
            self.actors[a].knowledge_person = Some(p);
            return a;
        }
        let name = self.span_text(toks.clone());

        self.push_actor(ActorBuild {
            role: person.role.clone(),
            affiliation: person.affiliation.clone(),
            gender,
            knowledge_person: Some(p),
            first_key: first_name_key(&name),
            ..self.blank(name, ActorKind::Person, key)
        })
    }

    fn prefer_fuller_name(&mut self, a: usize, toks: Range<usize>) {
        let name = self.span_text(toks);
        let words = name.split_whitespace().count();
        let current = self.actors[a].name.split_whitespace().count();
        // among forms as full, the knowledge's own spelling ("Rustem Umerov", not a
        // caption's "Rustem Umyerov")
        let canonical = self.actors[a]
            .knowledge_person
            .is_some_and(|p| self.k.people[p].name == name);
        if words > current || (words == current && canonical) {
            self.actors[a].first_key = first_name_key(&name);
            self.actors[a].name = name;
        }
    }

    fn person_actor(&mut self, name: Range<usize>, titles: &[usize]) -> usize {
        let last = name.end - 1;
        let key = fold_name(self.w(last));
        let text = self.span_text(name.clone());
        let first = first_name_key(&text);
        let gender = titles
            .iter()
            .find_map(|&t| lexicon::title_gender(self.w(t)))
            .or_else(|| self.k.given_name_gender(self.w(name.start)));
        let existing = self.actors.iter().position(|a| {
            a.kind == ActorKind::Person
                && a.key == key
                && (a.first_key.is_none() || first.is_none() || a.first_key == first)
                && genders_agree(a.gender, gender)
        });
        if let Some(a) = existing {
            self.prefer_fuller_name(a, name);
            if self.actors[a].gender.is_none() {
                self.actors[a].gender = gender;
            }
            return a;
        }
        // a known person by surname alone ("President Putin")
        if let [p] = self.k.people_with_surname(self.w(last)) {
            let p = *p;
            let a = self.person_actor_from_knowledge(p, name.clone());
            self.prefer_fuller_name(a, name);
            return a;
        }
        let role = (!titles.is_empty()).then(|| {
            titles
                .iter()
                .map(|&t| self.w(t).to_lowercase())
                .collect::<Vec<_>>()
                .join(" ")
        });
        self.push_actor(ActorBuild {
            role,
            gender,
            first_key: first,
            ..self.blank(text, ActorKind::Person, key)
        })
    }

    fn person_by_surname(&self, key: &str, near: usize, gender: Option<Gender>) -> Option<usize> {
        let near_byte = self.toks[near].start;
        let same: Vec<usize> = (0..self.actors.len())
            .filter(|&a| {
                let actor = &self.actors[a];
                actor.kind == ActorKind::Person
                    && actor.key == key
                    && genders_agree(actor.gender, gender)
            })
            .collect();
        if same.len() <= 1 {
            return same.first().copied();
        }
        let mut best: Option<(usize, usize)> = None; // (distance, actor)
        for a in same {
            let actor = &self.actors[a];
            let d = actor
                .mentions
                .iter()
                .map(|m| m.start.abs_diff(near_byte))
                .min()
                .unwrap_or(usize::MAX);
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, a));
            }
        }
        best.map(|(_, a)| a)
    }

    /// Reads role and country from "UK defence secretary John Healey" and
    /// "Pete Hegseth, America's new defence secretary,".
    fn describe_from_context(&mut self, a: usize, m: Range<usize>) {
        let Some(first) = self.tok_at(m.start) else {
            return;
        };
        let Some(last) = self.tok_at_end(m.end) else {
            return;
        };
        let para = self.toks[first].paragraph;
        let mut role_words = Vec::new();
        let mut country = None;
        // before: titles inside the run and lower-case role words
        let mut j = first;
        while j > 0 && self.toks[j - 1].paragraph == para && first - j < 6 {
            let t = j - 1;
            let w = self.w(t);
            if self.country_of[t] != NONE {
                country.get_or_insert(self.country_of[t] as usize);
            } else if self.actor_of[t] != NONE
                && self.actors[self.actor_of[t] as usize].kind != ActorKind::Person
            {
                if let Some(aff) = self.actors[self.actor_of[t] as usize].affiliation.clone()
                    && let Some(c) = self.k.country_index(&aff)
                {
                    country.get_or_insert(c);
                }
                role_words.push(w.to_lowercase());
            } else if lexicon::is_title(w)
                || (self.is_lower_word(t)
                    && (lexicon::is_role_noun(w)
                        || is_role_modifier(w)
                        // "agriculture minister": any modifier of a role noun already read
                        || role_words.iter().any(|r: &String| lexicon::is_role_noun(r)) && !is_clause_word(w) && !lexicon::is_cue_verb(w)))
            {
                role_words.push(w.to_lowercase());
            } else {
                break;
            }
            j -= 1;
        }
        role_words.reverse();
        // after: ", [the|Country's] ... role-noun ,"
        if role_words.is_empty()
            && last + 2 < self.toks.len()
            && self.w(last + 1) == ","
            && self.toks[last + 2].paragraph == para
        {
            let mut k = last + 2;
            let mut words = Vec::new();
            while k < self.toks.len()
                && self.toks[k].paragraph == para
                && k < last + 9
                && !matches!(self.w(k), "," | "." | ";")
            {
                if self.country_of[k] != NONE {
                    country.get_or_insert(self.country_of[k] as usize);
                } else if self.is_word(k)
                    && !matches!(self.w(k), "the" | "a" | "an" | "his" | "her")
                {
                    words.push(self.w(k).to_lowercase());
                }
                k += 1;
            }
            if words.last().is_some_and(|w| lexicon::is_role_noun(w))
                && words
                    .iter()
                    .all(|w| w.chars().all(|c| c.is_lowercase() || c == '-'))
            {
                role_words = words
                    .into_iter()
                    .filter(|w| !matches!(w.as_str(), "new" | "former" | "then"))
                    .collect();
            } else if !words.last().is_some_and(|w| lexicon::is_role_noun(w)) {
                country = country.filter(|_| !role_words.is_empty());
            }
        }
        let roles: Vec<String> = role_words
            .into_iter()
            .filter(|w| {
                !matches!(
                    w.as_str(),
                    "mr" | "mr." | "mrs" | "mrs." | "ms" | "ms." | "dr" | "dr."
                )
            })
            .collect();
        if let Some(c) = country {
            self.affiliate_unless_affiliated(a, c);
        }
        let actor = &mut self.actors[a];
        if !roles.is_empty()
            && roles
                .iter()
                .any(|w| lexicon::is_role_noun(w) || lexicon::is_title(&capitalise(w)))
            && (actor.role.is_none() || actor.knowledge_person.is_none())
        {
            actor.role = Some(roles.join(" "));
        }
    }

    /// Country `c` becomes actor `a`'s affiliation, unless it has one already.
    fn affiliate_unless_affiliated(&mut self, a: usize, c: usize) {
        if self.actors[a].affiliation.is_none() {
            self.actors[a].affiliation = Some(self.k.countries[c].name.clone());
        }
    }

    fn tok_at(&self, byte: usize) -> Option<usize> {
        self.toks.binary_search_by(|t| t.start.cmp(&byte)).ok()
    }

    fn tok_at_end(&self, byte: usize) -> Option<usize> {
        let i = self.toks.partition_point(|t| t.end < byte);
        (i < self.toks.len() && self.toks[i].end == byte).then_some(i)
    }

    // ---- stage: attribution --------------------------------------------

    fn attribute(&mut self) {
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
    fn share_closing_attribution(&mut self) {
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
    fn left_window(&self, qi: usize) -> Range<usize> {
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

    fn right_window(&self, qi: usize) -> Range<usize> {
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

    fn attribute_one(&mut self, qi: usize) {
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
            let dash = matches!(self.w(r0), "―" | "—" | "–" | "-");
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
                    .is_some_and(|c| self.w(c) == "put")
            {
                r0 += 1;
            }
            if let Some(c) = (r0..lim).find(|&c| self.is_cue_at(c)) {
                let participle = self.w(c).ends_with("ing") && !self.is_source_cue(c);
                if c == r0 && participle {
                    // "…”, insisting it was …": the sentence's subject speaks
                    found = self
                        .sentence_subject(c)
                        .map(|np| (np, self.cue_range(c, right.end)));
                } else if c > r0 && participle && self.is_preposition_at(c - 1) {
                    // "…,” Blige sings to Clinton before asking her, …": the subject after the quote
                    found = self
                        .clause_subject(r0, c)
                        .map(|np| (np, self.cue_range(c, right.end)));
                } else if c == r0 || self.is_source_cue(c) {
                    // ", said Trump", and "… at a conference, according to X."
                    found = self
                        .np_after_cue(c, right.end)
                        .map(|np| (np, self.cue_range(c, right.end)));
                } else if let Some(np) = self.np_before(c - 1, r0)
                    && (np.start == r0
                        || self.only_descriptors(r0..np.start)
                        || self.apposed_name(r0, np, c)
                        || self.closing_attribution(np, c, right.end))
                {
                    found = Some((np, self.cue_range(c, right.end)));
                }
                direct_shape = found.is_some();
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
            // "Trump's claim that there were “thousands of shootings”": the
            // possessor, unless a cue stands between the claim and the quote
            if let Some(n) = (left.start + 1..e).rev().find(|&n| {
                self.is_lower_word(n)
                    && lexicon::is_speech_noun(self.w(n))
                    && self.toks[n - 1].kind == TokenKind::Possessive
            }) && n >= left.start + 2
                && !(n + 1..e).any(|c| self.is_cue_at(c))
                && let Some(np) = self.name_run_before(n - 2, left.start)
                // "Moore called Mr. Obama's remarks “…”": the claim is what a
                // naming verb names, the quote its new name
                && !(np.start > left.start
                    && (is_naming_verb(self.w(np.start - 1))
                        || self.is_determiner_at(np.start - 1)
                            && np.start - 1 > left.start
                            && is_naming_verb(self.w(np.start - 2))))
            {
                found = Some((np, n..n + 1));
            }
            if found.is_none()
                && let Some(author) = self.statement_author(left.start..e)
            {
                found = Some(author);
            }
            for c in (left.start..e).rev().filter(|_| found.is_none()) {
                if !self.is_cue_at(c) {
                    continue;
                }
                let np = if self.is_passive(c, left.start) {
                    // "it was labeled “Mostly True”": the agent after "by", if any
                    match (c + 1..e).find(|&t| self.w(t) == "by") {
                        Some(by) => self.np_forward(by + 1, e),
                        None => continue,
                    }
                } else if self.is_source_cue(c) {
                    self.np_after_cue(c, e)
                } else if self.w(c).ends_with("ing")
                    && c > left.start
                    && (self.w(c - 1) == "," || self.is_preposition_at(c - 1))
                {
                    // "…, saying …", "began by saying", "before asking her": the
                    // clause's subject speaks, not the addressee after the verb;
                    // "After saying …, she was …": the subject after the phrase
                    if c - 1 == self.sent_start[self.sent_of[c] as usize] {
                        self.subject_after_opening(c)
                    } else {
                        self.sentence_subject(c)
                    }
                } else if self.coordinated_cue(c, left.start) {
                    // "… sponsored by NBC News and said she …": the sentence's subject
                    self.sentence_subject(c)
                } else {
                    let before = if c > left.start {
                        self.np_before(c - 1, left.start)
                    } else {
                        None
                    };
                    // "the Council issued a statement calling …": a document
                    // that is a verb's object speaks for that verb's subject
                    let issued = before.filter(|np| {
                        self.w(c).ends_with("ing")
                            && np.kind == NpKind::Role
                            && lexicon::is_document_noun(self.w(np.end - 1))
                            && np.start > left.start
                            && self.is_lower_word(np.start - 1)
                            && !self.is_preposition_at(np.start - 1)
                    });
                    let issuer = issued.and_then(|np| self.sentence_subject(np.start));
                    // "said Trump: …" right before the quote
                    issuer
                        .or(before)
                        .or_else(|| self.np_after_cue(c, e).filter(|np| np.end == e))
                };
                if let Some(np) = np {
                    found = Some((np, self.cue_range(c, e)));
                    direct_shape = ends_with_cue;
                    break;
                }
            }
            // 'Trump on Truth Social: "..."'
            if found.is_none()
                && left.end > left.start
                && self.w(left.end - 1) == ":"
                && !matches!(self.w(left.start), "Asked" | "Question" | "Q")
                && let Some(np) = (left.start == self.sent_start[self.sent_of[left.start] as usize])
                    .then(|| self.sentence_subject(left.end - 1))
                    .flatten()
                    .or_else(|| self.first_np(left.start..left.end - 1))
            {
                found = Some((np, left.end - 1..left.end));
                direct_shape = true;
            }
        }
        if let Some((np, cue)) = found {
            let resolved = self.resolve(np);
            let q = &mut self.quotes[qi];
            q.speaker = Some(resolved);
            q.cue = Some(self.toks[cue.start].start..self.toks[cue.end - 1].end);
            q.attributed_by_cue = true;
        } else if let Some(label) = self.transcript_label(qi) {
            // "PENCE: Well, look, …": a transcript's speaker label
            self.quotes[qi].speaker = Some(label);
            self.quotes[qi].attributed_by_cue = true;
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

    /// A name right after a quote, set off by commas from appositions of any
    /// length, then its cue: "Name, the …, one of …, said". Returns the name
    /// and the cue.
    fn name_with_appositions(&self, r0: usize, end: usize) -> Option<(Np, usize)> {
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

    /// A cue that is the second verb of its subject: "… and said", "but later
    /// added", "then told".
    /// "was labeled", "is widely described": a cue in the passive, whose
    /// subject is what was said about, not who said it.
    fn is_passive(&self, c: usize, lo: usize) -> bool {
        let w = self.w(c);
        if !(w.ends_with("ed") || matches!(w, "told" | "written")) {
            return false;
        }
        let mut k = c;
        while k > lo && self.is_lower_word(k - 1) && lexicon::is_ly_adverb(self.w(k - 1)) {
            k -= 1;
        }
        k > lo
            && matches!(
                self.w(k - 1),
                "was" | "were" | "is" | "are" | "been" | "being" | "be"
            )
    }

    fn coordinated_cue(&self, c: usize, lo: usize) -> bool {
        let j = self.skip_adjuncts_back(c, lo);
        j > lo && matches!(self.w(j - 1), "and" | "but" | "then")
    }

    /// A quote that opens with a speaker label in capitals and a colon, as a
    /// transcript does ("WALLACE: …", "SEN. REID: …"): the labelled person,
    /// by surname where the article names them.
    fn transcript_label(&self, qi: usize) -> Option<(Option<usize>, Range<usize>, String)> {
        let span = &self.quotes[qi].span;
        let mut t = span.open_tok + 1;
        let end = span
            .close_tok
            .unwrap_or(self.para_toks[self.toks[span.open_tok].paragraph as usize].end);
        let all_caps = |t: usize| {
            let w = self.w(t);
            self.is_word(t)
                && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !w.chars().any(char::is_lowercase)
        };
        let first = t;
        while t < end && t < first + 3 && all_caps(t) {
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
        Some((actor, mention, name))
    }

    /// "…” for criminal behavior, she said.": a speaker and cue after a comma
    /// that end the sentence.
    fn closing_attribution(&self, np: Np, cue: usize, end: usize) -> bool {
        // ", AFP reported." credits the whole sentence to the agency, not the quote
        let media = self.actor_of[np.end - 1] != NONE
            && self.actors[self.actor_of[np.end - 1] as usize].kind == ActorKind::Media;
        // ", she said, referencing …": a participle may follow
        let participle = cue + 2 < end
            && self.w(cue + 1) == ","
            && self.is_lower_word(cue + 2)
            && self.w(cue + 2).ends_with("ing");
        !media
            && np.start > 0
            && self.w(np.start - 1) == ","
            && (participle
                || (cue + 1..end).all(|t| {
                    !self.is_word(t)
                        || is_time_word(self.w(t))
                        || matches!(self.w(t), "on" | "in" | "at")
                }))
    }

    /// "…,” Berg's niece, state Del. Marcia Price (D-Va.), said": a name in
    /// apposition right after the quote, before the comma of its cue.
    fn apposed_name(&self, r0: usize, np: Np, cue: usize) -> bool {
        np.kind == NpKind::Name
            && self.w(cue - 1) == ","
            && np.start - r0 <= 8
            && (r0..np.start).all(|t| {
                self.is_word(t) || self.toks[t].kind == TokenKind::Possessive || self.w(t) == ","
            })
    }

    /// Tokens that may stand between a quote and its speaker's name:
    /// "White House press secretary Josh Earnest said".
    fn only_descriptors(&self, r: Range<usize>) -> bool {
        r.len() <= 6
            && r.clone().all(|t| {
                (self.is_word(t) || self.toks[t].kind == TokenKind::Possessive)
                    && !is_clause_word(self.w(t))
                    && !self.is_cue_at(t)
            })
    }

    /// The subject of the sentence that holds token `at`: its first actor or
    /// pronoun, after any opening phrase set off by a comma.
    fn sentence_subject(&self, at: usize) -> Option<Np> {
        let s = self.sent_start[self.sent_of[at] as usize];
        let mut from = s;
        // "In Paris, …", "Struggling to rally support for X, Obama …"
        let opening = is_opening_word(self.w(s)) || (self.is_cap(s) && self.w(s).ends_with("ing"));
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
        }
        self.clause_subject(from, at)
    }

    /// The subject after a sentence's opening phrase that holds token `at`
    /// and ends at its first comma, in a quote or not: "After saying her
    /// foot was “swollen,” she was …".
    fn subject_after_opening(&self, at: usize) -> Option<Np> {
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
    fn clause_subject(&self, mut from: usize, at: usize) -> Option<Np> {
        // a sentence that opens with a quote: its subject comes after it
        while from < at && (self.in_quote(from) || self.w(from) == ",") {
            from += 1;
        }
        // a name no list knows, opening the clause: "Blige sings …", "Reid has …"
        // (a name: written with a capital inside sentences elsewhere too)
        if from < at && self.actor_of[from] == NONE {
            let run = self.cap_run(from, at);
            if !run.is_empty()
                && run
                    .clone()
                    .all(|t| !self.is_cap(t) || self.is_proper_word(self.w(t)))
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
            // a verb, an auxiliary or an adverb follows: "groups granted",
            // "the nominee also outlined", "the panel has said"
            let w = self.w(next);
            let verb_next = next < at
                && self.is_lower_word(next)
                && !lexicon::is_preposition(w)
                && !is_determiner(w)
                && (!is_clause_word(w) || lexicon::is_verb_adjunct(w));
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
    fn cap_run(&self, i: usize, end: usize) -> Range<usize> {
        if i >= end
            || !self.is_cap(i)
            || self.in_quote(i)
            || lexicon::is_capitalised_function_word(self.w(i))
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

    /// A quote with no cue of its own: a further quote in the same sentence,
    /// the continuation of a quote from the paragraph before, a colon
    /// introduction ending the paragraph before, or the speaker of the
    /// sentence before.
    fn inherit(&mut self, qi: usize, left: &Range<usize>) {
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
    fn statement_author(&self, w: Range<usize>) -> Option<(Np, Range<usize>)> {
        let by = (w.start + 1..w.end).rev().find(|&b| {
            self.w(b) == "by"
                && self.is_lower_word(b - 1)
                && (lexicon::is_speech_noun(self.w(b - 1))
                    || lexicon::is_document_noun(self.w(b - 1)))
        })?;
        if (by + 1..w.end).any(|c| self.is_cue_at(c)) {
            return None;
        }
        let np = self.np_forward(by + 1, w.end)?;
        (np.kind == NpKind::Name).then_some((np, by - 1..by))
    }

    /// The subject of the last cue in a window outside quotes.
    fn cue_subject_in(&self, w: Range<usize>) -> Option<Np> {
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

    /// Drops quotes that are names or scare quotes rather than speech, and
    /// headline fragments that repeat a quote of the body.
    fn filter_one(&mut self, qi: usize) {
        let q = &self.quotes[qi];
        let open = q.span.open_tok;
        let inner = &self.text[q.span.inner.clone()];
        let words = inner.split_whitespace().count();
        let para = self.toks[open].paragraph as usize;
        let para_start = self.para_toks[para].start;
        let marker = (open.saturating_sub(2).max(para_start)..open)
            .any(|t| lexicon::is_naming_marker(&self.w(t).to_lowercase()));
        let short = words <= 4;
        // "MSNBC's “Morning Joe”", "on “Face the Nation”", "a “Commander-in-Chief Forum”":
        // a name in title case after a possessive, preposition or article, cue or not
        let named = open > para_start
            && is_title_case(inner.trim_end_matches(['.', ',']))
            && (self.toks[open - 1].kind == TokenKind::Possessive
                || self.is_preposition_at(open - 1)
                || self.is_determiner_at(open - 1));
        // "Follow Pam Key on Twitter @pamkeyNEN.": a byline's plug, no speech
        let plug = inner.starts_with("Follow ") && inner.contains('@');
        let keep = if plug {
            false
        } else if self.continues_speech(qi) || self.coordinated_with_previous(qi) {
            true
        } else if short && (marker || !(q.attributed_by_cue || self.sentence_has_cue(open)))
            || (is_title_case(inner) && !q.attributed_by_cue)
            || named
        {
            false
        } else {
            !(self.is_headline(para) && self.repeated_in_body(qi) || self.headline_style(qi))
        };
        self.quotes[qi].keep = keep;
    }

    /// “We will,” he said. “We must.”: a quote that is a sentence of its own,
    /// right after the sentence of a kept quote of the same paragraph, goes
    /// on with that speech, however short.
    fn continues_speech(&self, qi: usize) -> bool {
        let Some(prev) = qi.checked_sub(1) else {
            return false;
        };
        let (q, p) = (&self.quotes[qi], &self.quotes[prev]);
        let open = q.span.open_tok;
        let inner = self.text[q.span.inner.clone()].trim_end_matches(['”', '"', '’', '\'', '»']);
        let whole_sentence = inner.chars().next().is_some_and(char::is_uppercase)
            && inner.ends_with(['.', '!', '?', '…']);
        let starts_sentence = open == 0 || self.sent_of[open - 1] != self.sent_of[open];
        whole_sentence
            && starts_sentence
            && p.keep
            && p.speaker.is_some()
            && self.toks[p.span.open_tok].paragraph == self.toks[open].paragraph
            && p.span
                .close_tok
                .is_some_and(|c| self.sent_of[c] + 1 >= self.sent_of[open])
    }

    /// “a human leech” and a “spoiled brat”: a quote joined by "and" or "or"
    /// to a kept quote just before it shares its fate.
    fn coordinated_with_previous(&self, qi: usize) -> bool {
        let Some(prev) = qi.checked_sub(1) else {
            return false;
        };
        let p = &self.quotes[prev];
        let Some(close) = p.span.close_tok else {
            return false;
        };
        let open = self.quotes[qi].span.open_tok;
        let between = close + 1..open;
        p.keep
            && !between.is_empty()
            && between.len() <= 4
            && between.clone().any(|t| matches!(self.w(t), "and" | "or"))
            && between
                .clone()
                .all(|t| !self.is_word(t) || matches!(self.w(t), "and" | "or" | "a" | "an" | "the"))
    }

    /// A quote in single marks in a short first paragraph of an article that
    /// quotes in double marks further down: headline style ("Trump calls
    /// Zelensky a ‘dictator’"), a summary of a quote the body gives in full.
    fn headline_style(&self, qi: usize) -> bool {
        let single = |i: usize| {
            let open = self.toks[self.quotes[i].span.open_tok].start;
            matches!(self.text[open..].chars().next(), Some('‘' | '\'' | '‹'))
        };
        let para = self.toks[self.quotes[qi].span.open_tok].paragraph as usize;
        let first = self.para_toks.iter().position(|r| !r.is_empty());
        first == Some(para)
            && self.para_toks[para].len() <= 30
            && single(qi)
            && self
                .quotes
                .iter()
                .enumerate()
                .any(|(o, q)| self.toks[q.span.open_tok].paragraph as usize > para && !single(o))
    }

    fn sentence_has_cue(&self, tok: usize) -> bool {
        let sent = self.sent_of[tok];
        let s = self.sent_start[sent as usize];
        (s..self.toks.len())
            .take_while(|&t| self.sent_of[t] == sent)
            .any(|t| self.is_cue_at(t))
    }

    /// A short line without final punctuation: a headline or subhead.
    fn is_headline(&self, para: usize) -> bool {
        let r = self.para_toks[para].clone();
        let last = self.text[self.paras[para].clone()]
            .trim_end()
            .chars()
            .next_back();
        r.len() <= 30
            && !last.is_some_and(|c| matches!(c, '.' | '!' | '?' | '"' | '”' | '’' | '\'' | ':'))
    }

    fn repeated_in_body(&self, qi: usize) -> bool {
        let key = |i: usize| {
            fold_name(
                self.text[self.quotes[i].span.inner.clone()]
                    .trim_end_matches(|c: char| !c.is_alphanumeric()),
            )
        };
        let k = key(qi);
        let para = self.toks[self.quotes[qi].span.open_tok].paragraph;
        (0..self.quotes.len()).any(|o| {
            o != qi
                && self.toks[self.quotes[o].span.open_tok].paragraph != para
                && key(o).contains(&k)
        })
    }

    fn is_cue_at(&self, i: usize) -> bool {
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
            "put" => {
                i + 1 < self.toks.len()
                    && self.w(i + 1) == "it"
                    && (i.saturating_sub(6)..i).any(|t| self.w(t).eq_ignore_ascii_case("as"))
            }
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
            _ => lexicon::is_cue_verb(w) && !self.noun_use(i, w),
        }
    }

    /// "of Republican claims", "the reports", "his comments": a verb form
    /// in -s after an article, possessive or preposition is a plural noun.
    fn noun_use(&self, i: usize, w: &str) -> bool {
        if !matches!(
            w,
            "claims" | "comments" | "reports" | "notes" | "states" | "calls"
        ) {
            return false;
        }
        let marks_noun = |t: usize| {
            let lower = self.w(t).to_lowercase();
            is_determiner(&lower)
                || lexicon::is_preposition(&lower)
                || self.toks[t].kind == TokenKind::Possessive
        };
        i >= 1 && (marks_noun(i - 1) || (i >= 2 && self.is_cap(i - 1) && marks_noun(i - 2)))
    }

    /// The cue's tokens: the verb, plus a named addressee ("told CNN") or "to" of "according to".
    fn cue_range(&self, c: usize, end: usize) -> Range<usize> {
        let w = self.w(c);
        if w.eq_ignore_ascii_case("according") || w == "put" {
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

    /// The speaker phrase that ends at token `j` (inclusive), not before `lo`.
    fn np_before(&self, mut j: usize, lo: usize) -> Option<Np> {
        // skip adverbs, auxiliaries, times and a party label "(R-Ohio)" between subject and verb
        loop {
            if j > lo + 1 && is_year(self.w(j)) && matches!(self.w(j - 1), "in" | "since") {
                // "who in 2010 said"
                j -= 2;
            } else if j > lo
                && (self.is_lower_word(j) && lexicon::is_verb_adjunct(self.w(j))
                    || is_time_word(self.w(j)))
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
                        .all(|t| self.is_cap(t) || lexicon::is_name_particle(self.w(t)))
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
                    if self.is_lower_word(c - 1) && lexicon::is_role_noun(self.w(c - 1)) {
                        return self.role_np_before(c - 1, lo);
                    }
                }
            }
            return None;
        }
        if !self.is_word(j) || self.in_quote(j) {
            return None;
        }
        if let Some(p) = lexicon::pronoun(self.w(j)) {
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
            return Some(run);
        }
        if self.is_lower_word(j) && lexicon::is_role_noun(self.w(j)) {
            let np = self.role_np_before(j, lo)?;
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
    fn nominal_np_before(&self, j: usize, lo: usize) -> Option<Np> {
        self.nominal_np_before_depth(j, lo, 0)
    }

    fn nominal_np_before_depth(&self, j: usize, lo: usize, depth: u8) -> Option<Np> {
        let noun = self.w(j);
        // "the mother of three": a number closing the phrase
        if depth == 0
            && j >= lo + 2
            && self.w(j - 1) == "of"
            && (is_number_word(noun) || noun.starts_with(|c: char| c.is_ascii_digit()))
        {
            return self
                .nominal_np_before_depth(j - 2, lo, depth + 1)
                .map(|np| Np { end: j + 1, ..np });
        }
        if !self.is_lower_word(j)
            || lexicon::is_cue_verb(noun)
            || is_clause_word(noun)
            || is_determiner(noun)
            || lexicon::is_verb_adjunct(noun)
        {
            return None;
        }
        let opens_phrase = |t: usize| {
            self.is_determiner_at(t)
                || self.w(t).starts_with(|c: char| c.is_ascii_digit())
                || matches!(
                    self.w(t).to_lowercase().as_str(),
                    "most" | "half" | "another" | "each" | "every" | "both"
                )
        };
        let start = (lo..j).rev().take(3).find(|&t| opens_phrase(t))?;
        let modifiers_are_plain = (start + 1..j).all(|t| {
            let w = self.w(t);
            !self.in_quote(t)
                && (self.is_cap(t) || self.is_lower_word(t))
                && !lexicon::is_cue_verb(w)
                && !is_clause_word(w)
                && !is_determiner(w)
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
    fn object_np_before(&self, j: usize, lo: usize) -> Option<Np> {
        if !self.is_lower_word(j) || is_clause_word(self.w(j)) || is_determiner(self.w(j)) {
            return None;
        }
        let start = (lo..j).rev().take(4).find(|&t| self.is_determiner_at(t))?;
        (start + 1..j)
            .all(|t| (self.is_cap(t) || self.is_lower_word(t)) && !is_clause_word(self.w(t)))
            .then_some(Np {
                start,
                end: j + 1,
                kind: NpKind::Role,
            })
    }

    /// Tokens s-4..s are Name “Nick”: a nickname in marks inside a name.
    fn nickname_before(&self, s: usize) -> bool {
        self.toks[s - 1].kind == TokenKind::QuoteMark
            && self.toks[s - 3].kind == TokenKind::QuoteMark
            && !self.in_quote(s - 2)
            && self.is_cap(s - 2)
            && self.is_cap(s - 4)
    }

    fn name_run_before(&self, j: usize, lo: usize) -> Option<Np> {
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
            && lexicon::is_capitalised_function_word(self.w(s))
            && lexicon::title_gender(self.w(s)).is_none()
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
    fn role_np_before(&self, j: usize, lo: usize) -> Option<Np> {
        if !(self.is_lower_word(j) && lexicon::is_role_noun(self.w(j))) {
            return None;
        }
        let mut s = j;
        while s > lo && j - s < 6 {
            let t = s - 1;
            let w = self.w(t);
            if self.in_quote(t) {
                break;
            }
            if is_determiner(w) {
                s = t;
                break;
            }
            if self.toks[t].kind == TokenKind::Possessive {
                s = t;
                continue;
            }
            if self.is_cap(t)
                || (self.is_lower_word(t) && !lexicon::is_cue_verb(w) && !is_clause_word(w))
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

    /// The speaker phrase right after a cue: "said Trump", "said the Kremlin
    /// spokesman Dmitry Peskov", "according to officials".
    fn np_after_cue(&self, c: usize, end: usize) -> Option<Np> {
        let mut i = c + 1;
        if self.w(c).eq_ignore_ascii_case("according") {
            i += 1;
        }
        if i >= end || self.in_quote(i) {
            return None;
        }
        if let Some(p) = lexicon::pronoun(self.w(i)) {
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

    /// "according to …", "per …": cues whose speaker follows them.
    fn is_source_cue(&self, c: usize) -> bool {
        self.w(c).eq_ignore_ascii_case("according") || self.w(c).eq_ignore_ascii_case("per")
    }

    /// Words from `i` up to punctuation or a clause word, at most eight: a
    /// document or body named as a source ("a Homeland Security memo").
    fn source_phrase(&self, i: usize, end: usize) -> Option<Np> {
        let mut j = i;
        while j < end
            && j < i + 8
            && (self.is_word(j) || self.toks[j].kind == TokenKind::Possessive)
            && !(self.is_lower_word(j)
                && (is_clause_word(self.w(j)) || lexicon::is_cue_verb(self.w(j))))
        {
            j += 1;
        }
        (j > i && (i..j).any(|t| self.is_word(t) && !is_determiner(self.w(t)))).then_some(Np {
            start: i,
            end: j,
            kind: NpKind::Role,
        })
    }

    fn np_forward(&self, i: usize, end: usize) -> Option<Np> {
        if i >= end {
            return None;
        }
        let mut j = i;
        if is_determiner(self.w(j)) {
            j += 1;
        }
        let mut last_role = None;
        while j < end
            && j < i + 8
            && (self.is_word(j)
                || matches!(self.toks[j].kind, TokenKind::Possessive)
                || self.w(j) == "/")
        {
            let w = self.w(j);
            if self.is_lower_word(j) && (lexicon::is_cue_verb(w) || is_clause_word(w)) {
                break;
            }
            if self.is_lower_word(j) && lexicon::is_role_noun(w) {
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
            while e < j && (self.is_cap(e) || lexicon::is_name_particle(self.w(e))) {
                e += 1;
            }
            return self.name_run_before(e - 1, i);
        }
        if is_determiner(self.w(i)) && j > i + 1 && self.is_cap(i + 1) {
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

    /// The first actor phrase in a window ("Trump on Truth Social:"), outside
    /// quotes; "Britain's Starmer" gives Starmer.
    fn first_np(&self, w: Range<usize>) -> Option<Np> {
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
                let possessor = e + 1 < w.end
                    && self.toks[e].kind == TokenKind::Possessive
                    && self.actor_of[e + 1] != NONE;
                if possessor {
                    t = e + 1;
                    continue;
                }
                return Some(Np {
                    start: t,
                    end: e,
                    kind: NpKind::Name,
                });
            }
            if let Some(p) = lexicon::pronoun(self.w(t))
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

    /// Resolves a speaker phrase to (actor, mention byte range, name).
    fn resolve(&mut self, np: Np) -> (Option<usize>, Range<usize>, String) {
        let span = self.toks[np.start].start..self.toks[np.end - 1].end;
        let mut phrase = self.text[span.clone()].to_string();
        let actor = match np.kind {
            NpKind::Pronoun(p) => self.antecedent(p, np.start),
            NpKind::Name => self.name_actor(np),
            NpKind::Role => self.role_actor(np),
            NpKind::Relative {
                antecedent_start,
                antecedent_end,
                named,
            } => {
                let ante = Np {
                    start: antecedent_start as usize,
                    end: antecedent_end as usize,
                    kind: if named { NpKind::Name } else { NpKind::Role },
                };
                phrase =
                    self.text[self.toks[ante.start].start..self.toks[ante.end - 1].end].to_string();
                if named {
                    self.name_actor(ante)
                } else {
                    self.role_actor(ante)
                }
            }
        };
        match actor {
            Some(a) => {
                // a name already marked as this actor's mention is listed once
                let marked = np.kind == NpKind::Name
                    && (np.start..np.end).any(|t| self.actor_of[t] == a as u32);
                if !marked {
                    self.actors[a].mentions.push(span.clone());
                }
                let name = self.actors[a].name.clone();
                (Some(a), span, name)
            }
            None => {
                // "Del. Marcia Price": a name no list knows, without its title
                let first = if np.kind == NpKind::Name {
                    self.after_titles(np.start..np.end)
                } else {
                    np.start
                };
                let phrase = if first > np.start {
                    self.text[self.toks[first].start..self.toks[np.end - 1].end].to_string()
                } else {
                    phrase
                };
                (None, span, strip_possessive_determiner(&phrase))
            }
        }
    }

    fn name_actor(&mut self, np: Np) -> Option<usize> {
        for t in (np.start..np.end).rev() {
            if self.actor_of[t] != NONE {
                return Some(self.actor_of[t] as usize);
            }
        }
        // a country word used as a modifier ("US proposal") still names the
        // country, unless a person's name follows it ("French President Jean Dupont")
        if let Some(t) = (np.start..np.end).find(|&t| self.country_of[t] != NONE) {
            let country = self.country_of[t] as usize;
            let after = (np.start..np.end)
                .rev()
                .find(|&t| self.country_of[t] != NONE)
                .map_or(np.end, |t| t + 1);
            let (name, titles) = self.strip_run(after..np.end);
            let person_like = name.len() >= 2
                && name.clone().all(|t| {
                    let w = self.w(t);
                    self.is_cap(t)
                        && !lexicon::is_organisation_word(w)
                        && w.chars().any(char::is_lowercase)
                });
            if !person_like {
                return Some(self.country_actor(country));
            }
            let a = self.person_actor(name.clone(), &titles);
            self.affiliate_unless_affiliated(a, country);
            self.mark(name, a);
            return Some(a);
        }
        // an unknown single name as the subject of a cue: a person, or an organisation
        let (name, titles) = self.strip_run(np.start..np.end);
        if name.is_empty() {
            return None;
        }
        let words: Vec<&str> = name.clone().map(|t| self.w(t)).collect();
        if words.len() == 1 && !self.lone_word_is_name(name.clone(), np.start, !titles.is_empty()) {
            return None;
        }
        let a = if words.iter().any(|w| lexicon::is_organisation_word(w))
            || words
                .iter()
                .all(|w| w.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()))
        {
            let full = self.span_text(name.clone());
            self.named_actor(full, ActorKind::Organisation)
        } else {
            self.person_actor(name.clone(), &titles)
        };
        self.mark(name, a);
        Some(a)
    }

    fn role_actor(&mut self, np: Np) -> Option<usize> {
        // the noun before any prepositional phrase: "the spokesman for the ministry"
        let head_tok = (np.start + 1..np.end)
            .find(|&t| self.is_preposition_at(t))
            .map_or(np.end - 1, |p| p - 1);
        let head = self.w(head_tok);
        let plural = head.ends_with('s') && !matches!(head, "press" | "boss");
        let indefinite = matches!(
            self.w(np.start),
            "a" | "an" | "one" | "two" | "three" | "some" | "several" | "many"
        );
        // "The official also promised …", right after the minister spoke:
        // "the official" alone is the person last mentioned, if near
        if head == "official"
            && np.end - np.start == 2
            && self.w(np.start).eq_ignore_ascii_case("the")
        {
            let before = self.person_mentions.partition_point(|m| m.tok < np.start);
            let para = self.toks[np.start].paragraph;
            return self.person_mentions[..before]
                .last()
                .filter(|m| para - self.toks[m.tok].paragraph <= 2)
                .map(|m| m.actor);
        }
        let generic = matches!(
            head,
            "official"
                | "source"
                | "diplomat"
                | "analyst"
                | "expert"
                | "people"
                | "resident"
                | "witness"
                | "member"
        );
        // "…, a UN spokesman said. “…,” said Farhan Haq, deputy spokesman for
        // the UN": an unnamed holder of a role, named with it just after
        if indefinite && !plural && !generic && lexicon::is_role_noun(head) {
            let after = self.person_mentions.partition_point(|m| m.tok < np.end);
            let para = self.toks[np.start].paragraph;
            return self.person_mentions[after..]
                .iter()
                .take_while(|m| self.toks[m.tok].paragraph - para <= 1)
                .find(|m| {
                    self.actors[m.actor]
                        .role
                        .as_ref()
                        .is_some_and(|r| r.split_whitespace().any(|w| w == head))
                })
                .map(|m| m.actor);
        }
        if plural || indefinite || generic {
            return None;
        }
        // affiliation named in the phrase: a demonym, country or institution
        let mut country: Option<String> = None;
        let mut words = Vec::new();
        for t in np.start..np.end {
            if self.country_of[t] != NONE {
                country.get_or_insert(self.k.countries[self.country_of[t] as usize].name.clone());
            } else if self.actor_of[t] != NONE {
                let a = &self.actors[self.actor_of[t] as usize];
                if a.kind != ActorKind::Person {
                    if let Some(aff) = &a.affiliation {
                        country.get_or_insert(aff.clone());
                    }
                    words.push(a.name.to_lowercase());
                }
            } else if self.is_word(t) && !is_determiner(self.w(t)) {
                words.push(self.w(t).to_lowercase());
            }
        }
        let relational = head == "counterpart";
        let fits = |a: &ActorBuild| {
            a.kind == ActorKind::Person
                && country
                    .as_ref()
                    .is_none_or(|c| a.affiliation.as_ref() == Some(c))
                && (relational || a.role.as_ref().is_some_and(|r| role_matches(r, head)))
        };
        // the nearest fitting person mentioned before
        let before = self.person_mentions.partition_point(|m| m.tok < np.start);
        if let Some(m) = self.person_mentions[..before]
            .iter()
            .rev()
            .find(|m| fits(&self.actors[m.actor]))
        {
            return Some(m.actor);
        }
        if let Some(a) = self.actors.iter().position(fits) {
            return Some(a);
        }
        let names_org = words.iter().any(|w| {
            self.k
                .organisations
                .iter()
                .any(|o| o.name.to_lowercase() == *w)
        });
        let modifiers = words.iter().filter(|w| w.as_str() != head).count();
        if relational || country.is_none() && !names_org && modifiers == 0 {
            return None;
        }
        // an office-holder from the knowledge
        let cands: Vec<usize> = (0..self.k.people.len())
            .filter(|&p| {
                let person = &self.k.people[p];
                country
                    .as_ref()
                    .is_none_or(|c| person.affiliation.as_ref() == Some(c))
                    && person.role.as_ref().is_some_and(|r| {
                        let r = r.to_lowercase();
                        let rw: Vec<&str> = r.split_whitespace().collect();
                        rw.last() == Some(&head)
                            && words.iter().all(|w| {
                                rw.contains(&w.as_str())
                                    || *w == head
                                    || !(lexicon::is_role_noun(w)
                                        || is_role_modifier(w)
                                        || country.is_none())
                            })
                    })
            })
            .collect();
        if let [p] = cands[..] {
            let span = np.end - 1..np.end;
            let a = self.person_actor_from_knowledge(p, span);
            // named by role only: use the knowledge's full name
            if self.actors[a].mentions.is_empty() {
                self.actors[a].name = self.k.people[p].name.clone();
            }
            return Some(a);
        }
        None
    }

    /// The person (or, for "it", the institution) a pronoun most likely stands for.
    fn antecedent(&self, p: Pronoun, at: usize) -> Option<usize> {
        let para = self.toks[at].paragraph;
        match p {
            Pronoun::He | Pronoun::She => {
                let want = if p == Pronoun::He {
                    Gender::Male
                } else {
                    Gender::Female
                };
                let before = self.person_mentions.partition_point(|m| m.tok < at);
                // three paragraphs back, not counting headlines and lines
                // such as "Advertisement" or "Also read: …" between them
                let body_paras = |from: u32| {
                    (from..para)
                        .filter(|&q| !self.is_headline(q as usize))
                        .count()
                };
                let cands = self.person_mentions[..before]
                    .iter()
                    .rev()
                    .take_while(|m| body_paras(self.toks[m.tok].paragraph) <= 3)
                    .filter(|m| !self.is_headline(self.toks[m.tok].paragraph as usize));
                let mut best: Option<(u32, usize)> = None; // (sentence, first actor in it)
                for m in cands {
                    let g = self.actors[m.actor].gender;
                    if g.is_some_and(|g| g != want) {
                        continue;
                    }
                    let s = self.sent_of[m.tok];
                    match best {
                        None => best = Some((s, m.actor)),
                        Some((bs, _)) if bs == s => best = Some((s, m.actor)),
                        Some(_) => break,
                    }
                }
                // prefer the last speaker when it is in the same sentence run
                best.map(|(_, a)| a)
            }
            Pronoun::It => {
                // the subject of its own sentence first ("Brazil rejected …, but said it …"),
                // then the nearest institution or state before it
                let sent = self.sent_of[at];
                let before = self.other_mentions.partition_point(|m| m.tok < at);
                let mentions = &self.other_mentions[..before];
                mentions
                    .iter()
                    .find(|m| self.sent_of[m.tok] == sent)
                    .or_else(|| {
                        mentions
                            .iter()
                            .rev()
                            .take_while(|m| para.saturating_sub(self.toks[m.tok].paragraph) <= 1)
                            .next()
                    })
                    .map(|m| m.actor)
            }
            Pronoun::They | Pronoun::First => None,
        }
    }

    // ---- output --------------------------------------------------------

    fn into_analysis(
        self,
        found: Option<(&Catalogue, Vec<positions::PositionBuild>)>,
        all_statements: bool,
    ) -> Analysis {
        let idx = CharIndex::new(self.text);
        let span = |r: &Range<usize>| Span {
            start: idx.char_offset(r.start),
            end: idx.char_offset(r.end),
        };
        // ids: slug of the name, unique
        let mut used: HashMap<String, usize> = HashMap::new();
        let mut ids = Vec::with_capacity(self.actors.len());
        for a in &self.actors {
            let base = slug(&a.name);
            let n = used.entry(base.clone()).or_insert(0);
            *n += 1;
            ids.push(if *n == 1 { base } else { format!("{base}-{n}") });
        }
        let actors = self
            .actors
            .iter()
            .enumerate()
            .filter(|(_, a)| !a.mentions.is_empty())
            .map(|(i, a)| {
                let mut mentions: Vec<Span> = a.mentions.iter().map(span).collect();
                mentions.sort_by_key(|s| (s.start, s.end));
                mentions.dedup();
                Actor {
                    id: ids[i].clone(),
                    key: self.actor_key(a),
                    name: a.name.clone(),
                    kind: a.kind,
                    role: a.role.clone(),
                    affiliation: a.affiliation.clone(),
                    mentions,
                }
            })
            .collect();
        let quotes = self
            .quotes
            .iter()
            .filter(|q| q.keep)
            .map(|q| {
                let s = span(&q.span.inner);
                Quote {
                    text: self.text[q.span.inner.clone()].to_string(),
                    start: s.start,
                    end: s.end,
                    kind: q.kind,
                    cue: q.cue.as_ref().map(|r| {
                        let s = span(r);
                        Cue {
                            text: self.text[r.clone()].to_string(),
                            start: s.start,
                            end: s.end,
                        }
                    }),
                    speaker: q.speaker.as_ref().map(|(a, m, name)| Speaker {
                        name: name.clone(),
                        actor: a.map(|a| ids[a].clone()),
                        mention: span(m),
                    }),
                }
            })
            .collect();
        let (positions, statements) = match found {
            Some((cat, builds)) => {
                let to_position = |p: &positions::PositionBuild| {
                    let s = span(&p.evidence);
                    Position {
                        holder: Holder {
                            name: p.name.clone(),
                            actor: p.actor.map(|a| ids[a].clone()),
                        },
                        affiliation: p.actor.and_then(|a| self.actors[a].affiliation.clone()),
                        issue: cat.issues[p.issue].id.clone(),
                        stance: if p.polarity > 0 {
                            StanceKind::Support
                        } else {
                            StanceKind::Oppose
                        },
                        confidence: p.confidence,
                        evidence: Evidence {
                            start: s.start,
                            end: s.end,
                            text: self.text[p.evidence.clone()].to_string(),
                        },
                    }
                };
                // one stance per holder and issue: the most confident, then the first
                let mut best: Vec<&positions::PositionBuild> = Vec::new();
                for p in &builds {
                    let key = |q: &positions::PositionBuild| {
                        (
                            q.actor,
                            if q.actor.is_none() {
                                q.name.clone()
                            } else {
                                String::new()
                            },
                            q.issue,
                        )
                    };
                    match best.iter_mut().find(|b| key(b) == key(p)) {
                        Some(b) if p.confidence > b.confidence => *b = p,
                        Some(_) => {}
                        None => best.push(p),
                    }
                }
                let statements = all_statements.then(|| builds.iter().map(to_position).collect());
                (
                    Some(best.into_iter().map(to_position).collect()),
                    statements,
                )
            }
            None => (None, None),
        };
        Analysis {
            schema: analysis::SCHEMA.to_string(),
            source: None,
            chars: idx.char_len(),
            actors,
            quotes,
            positions,
            statements,
        }
    }
}

impl Doc<'_> {
    /// The cross-article key of an actor: known people by the knowledge's
    /// name, others by their name with each word's spelling folded.
    fn actor_key(&self, a: &ActorBuild) -> String {
        let kind = match a.kind {
            ActorKind::Person => "person",
            ActorKind::Country => "country",
            ActorKind::Group => "group",
            _ => "org",
        };
        let name = match a.knowledge_person {
            Some(p) => self.k.people[p].name.as_str(),
            None => a.name.as_str(),
        };
        // titles are no part of a person's key ("President Putin"); others keep every word
        let words: Vec<&str> = name
            .split_whitespace()
            .filter(|w| a.kind != ActorKind::Person || !lexicon::is_title(w))
            .collect();
        let words = if words.is_empty() {
            name.split_whitespace().collect()
        } else {
            words
        };
        let folded: Vec<String> = words.into_iter().map(fold_name).collect();
        format!("{kind}:{}", slug(&folded.join(" ")))
    }
}

/// A name in title case ("Face the Nation", "Make Your Kid a Millionaire,"):
/// a title or a programme, not speech.
fn is_title_case(quote: &str) -> bool {
    // "Commander-In-Chief" counts its parts
    let words: Vec<&str> = quote
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    let ends_sentence = quote.trim_end().ends_with(['.', '!', '?', '…']);
    let minor = |w: &str| {
        matches!(
            w,
            "a" | "an"
                | "the"
                | "of"
                | "and"
                | "or"
                | "in"
                | "on"
                | "for"
                | "to"
                | "with"
                | "at"
                | "by"
        )
    };
    (2..=7).contains(&words.len())
        && !ends_sentence
        && words.iter().all(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            minor(w)
                || w.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
        && !words.iter().all(|w| !w.chars().any(char::is_lowercase))
}

/// Two genders agree unless both are known and differ.
fn genders_agree(a: Option<Gender>, b: Option<Gender>) -> bool {
    a.is_none() || b.is_none() || a == b
}

fn is_time_word(w: &str) -> bool {
    lexicon::is_weekday(w)
        || lexicon::is_month(w)
        || matches!(
            w,
            "today"
                | "yesterday"
                | "tonight"
                | "morning"
                | "afternoon"
                | "evening"
                | "night"
                | "week"
                | "month"
                | "year"
                | "late"
                | "early"
                | "last"
                | "this"
                | "Jan."
                | "Feb."
                | "Mar."
                | "Apr."
                | "Aug."
                | "Sept."
                | "Sep."
                | "Oct."
                | "Nov."
                | "Dec."
        )
        || w.bytes().all(|b| b.is_ascii_digit())
}

/// Words that open a sentence with a phrase before its subject.
fn is_opening_word(w: &str) -> bool {
    matches!(
        w,
        "In" | "At"
            | "On"
            | "Ahead"
            | "After"
            | "Before"
            | "During"
            | "Following"
            | "Speaking"
            | "Asked"
            | "Responding"
            | "Writing"
            | "Posting"
            | "Addressing"
            | "While"
            | "When"
            | "Despite"
            | "Amid"
            | "Since"
            | "Later"
            | "Earlier"
            | "Meanwhile"
            | "However"
            | "But"
            | "And"
            | "Yet"
            | "Still"
            | "Also"
            | "Separately"
            | "Announcing"
            | "Talking"
            | "Under"
            | "For"
            | "With"
            | "As"
            | "Although"
            | "Though"
            | "If"
            | "Instead"
            | "Last"
            | "This"
    )
}

fn is_determiner(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "his"
            | "her"
            | "my"
            | "their"
            | "its"
            | "our"
            | "this"
            | "one"
            | "two"
            | "three"
            | "some"
            | "several"
            | "many"
    )
}

/// Words that end a noun phrase when read backwards or forwards.
fn is_clause_word(w: &str) -> bool {
    matches!(
        w,
        "and"
            | "or"
            | "but"
            | "that"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "when"
            | "while"
            | "as"
            | "if"
            | "because"
            | "in"
            | "on"
            | "at"
            | "to"
            | "for"
            | "with"
            | "by"
            | "from"
            | "of"
            | "after"
            | "before"
            | "about"
            | "it"
            | "he"
            | "she"
            | "they"
            | "we"
            | "is"
            | "was"
            | "are"
            | "were"
            | "be"
            | "been"
            | "has"
            | "had"
            | "have"
            | "would"
            | "will"
            | "not"
            | "also"
            | "than"
    )
}

/// Whether a role ("prime minister") answers to a head noun ("leader").
fn role_matches(role: &str, head: &str) -> bool {
    let leader = |w: &str| {
        matches!(
            w,
            "president" | "minister" | "chancellor" | "premier" | "leader" | "king" | "queen"
        )
    };
    role.split_whitespace().any(|w| {
        w == head
            || (head == "leader" && leader(w) && !role.contains("vice") && !role.contains("deputy"))
    })
}

fn is_role_modifier(w: &str) -> bool {
    matches!(
        w,
        "defence"
            | "defense"
            | "foreign"
            | "prime"
            | "vice"
            | "deputy"
            | "former"
            | "special"
            | "senior"
            | "chief"
            | "national"
            | "security"
            | "state"
            | "press"
            | "interior"
            | "finance"
            | "treasury"
            | "economy"
            | "trade"
            | "presidential"
            | "top"
            | "lead"
            | "general"
            | "first"
            | "acting"
            | "new"
            | "of"
            | "for"
            | "policy"
            | "white"
            | "house"
    )
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn first_name_key(name: &str) -> Option<String> {
    let parts: Vec<&str> = name
        .split_whitespace()
        .filter(|w| !lexicon::is_title(w))
        .collect();
    (parts.len() >= 2).then(|| fold_name(parts[0]))
}

fn strip_possessive_determiner(phrase: &str) -> String {
    for d in [
        "his ", "her ", "their ", "its ", "His ", "Her ", "Their ", "Its ",
    ] {
        if let Some(rest) = phrase.strip_prefix(d) {
            return format!("the {rest}");
        }
    }
    phrase.to_string()
}

fn slug(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    for c in fold_name(name).chars() {
        if c.is_alphanumeric() {
            s.push(c);
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    while s.ends_with('-') {
        s.pop();
    }
    if s.is_empty() { "actor".into() } else { s }
}

fn is_number_word(w: &str) -> bool {
    matches!(
        w,
        "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine" | "ten"
    )
}

/// "1998", "2025": a four-digit year.
fn is_year(w: &str) -> bool {
    w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) && matches!(&w[..2], "19" | "20")
}

/// Verbs that give their object a name: "called it “a farce”".
fn is_naming_verb(w: &str) -> bool {
    matches!(
        w,
        "called" | "calls" | "calling" | "labelled" | "labeled" | "branded" | "termed" | "dubbed"
    )
}
