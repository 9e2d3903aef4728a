//! Text and tokens. `Doc::new` splits the text into paragraphs and tokens
//! ([`crate::text`]) and sizes every per-token table the later stages fill.
//! Reads: the text. Adds: `paras`, `para_toks`, `toks`. Also the token
//! accessors every stage reads through (word text, capitals, prepositions,
//! titles, adjuncts before a verb, byte → token look-ups).

use super::{Doc, NONE};
use crate::analysis::ActorKind;
use crate::knowledge::Knowledge;
use crate::text::{TokenKind, paragraphs, tokenize};
use std::collections::HashMap;
use std::ops::Range;

impl<'t> Doc<'t> {
    pub(super) fn new(text: &'t str, k: &'t Knowledge) -> Self {
        let paras = paragraphs(text);
        let mut toks = Vec::with_capacity(text.len() / 5);
        let mut para_toks = Vec::with_capacity(paras.len());
        for (i, p) in paras.iter().enumerate() {
            let from = toks.len();
            tokenize(text, p.clone(), i as u32, &k.lexicon, &mut toks);
            para_toks.push(from..toks.len());
        }
        let n = toks.len();
        Doc {
            text,
            k,
            lex: &k.lexicon,
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
            lowered: text.to_ascii_lowercase(),
        }
    }

    pub(super) fn w(&self, i: usize) -> &'t str {
        self.toks[i].text(self.text)
    }

    /// Token `i` in lower case, as `str::to_lowercase` gives it: a slice of
    /// the text lowered once where the word is ASCII (most words: no
    /// allocation for each look-up in the lexicon), else lowered here.
    pub(super) fn lower(&self, i: usize) -> std::borrow::Cow<'_, str> {
        let (w, t) = (self.w(i), &self.toks[i]);
        if w.is_ascii() {
            std::borrow::Cow::Borrowed(&self.lowered[t.start..t.end])
        } else {
            std::borrow::Cow::Owned(w.to_lowercase())
        }
    }

    pub(super) fn is_word(&self, i: usize) -> bool {
        self.toks[i].kind == TokenKind::Word
    }

    pub(super) fn is_cap(&self, i: usize) -> bool {
        self.is_word(i) && self.first_char(i).is_uppercase()
    }

    /// A word of two letters or more in capitals: "PENCE", "KYIV".
    pub(super) fn is_all_caps_word(&self, i: usize) -> bool {
        let w = self.w(i);
        self.is_word(i)
            && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !w.chars().any(char::is_lowercase)
    }

    pub(super) fn is_lower_word(&self, i: usize) -> bool {
        self.is_word(i) && self.first_char(i).is_lowercase()
    }

    /// The first character of token `i`, read straight from its byte when ASCII.
    pub(super) fn first_char(&self, i: usize) -> char {
        match self.text.as_bytes()[self.toks[i].start] {
            b if b.is_ascii() => b as char,
            _ => self.w(i).chars().next().unwrap_or(' '),
        }
    }

    /// The first token of a name after its leading titles ("Del.", "Sen."),
    /// keeping at least the last token.
    pub(super) fn after_titles(&self, name: Range<usize>) -> usize {
        let mut first = name.start;
        while first + 1 < name.end
            && (self.lex.is_title(self.w(first))
                || self
                    .lex
                    .is_abbreviation(self.w(first).trim_end_matches('.')))
        {
            first += 1;
        }
        first
    }

    /// Token `t` names (part of) a person.
    pub(super) fn is_person_at(&self, t: usize) -> bool {
        self.actor_of[t] != NONE && self.actors[self.actor_of[t] as usize].kind == ActorKind::Person
    }

    /// Token `t`, lower-cased, is a preposition / an article or possessive determiner.
    pub(super) fn is_preposition_at(&self, t: usize) -> bool {
        self.lex.is_preposition(&self.lower(t))
    }

    pub(super) fn is_determiner_at(&self, t: usize) -> bool {
        self.lex.is_determiner(&self.lower(t))
    }

    /// Steps back from `j` over adverbs and times ("later", "on Monday") no
    /// further than `lo`: where the word before a verb really is.
    pub(super) fn skip_adjuncts_back(&self, mut j: usize, lo: usize) -> usize {
        while j > lo
            && self.is_lower_word(j - 1)
            && (self.lex.is_verb_adjunct(self.w(j - 1)) || self.lex.is_time_word(self.w(j - 1)))
        {
            j -= 1;
        }
        j
    }

    /// A lower-case name particle followed by the rest of a name ("von der Leyen").
    pub(super) fn particle_before_name(&self, j: usize) -> bool {
        let mut k = j;
        while k < self.toks.len() && k < j + 3 && self.lex.is_name_particle(self.w(k)) {
            k += 1;
        }
        k > j
            && k < self.toks.len()
            && self.is_cap(k)
            && self.toks[k].paragraph == self.toks[j].paragraph
    }

    pub(super) fn in_quote(&self, i: usize) -> bool {
        self.quote_of[i] != NONE
    }

    pub(super) fn span_text(&self, toks: Range<usize>) -> String {
        self.text[self.toks[toks.start].start..self.toks[toks.end - 1].end].to_string()
    }

    pub(super) fn tok_at(&self, byte: usize) -> Option<usize> {
        self.toks.binary_search_by(|t| t.start.cmp(&byte)).ok()
    }

    pub(super) fn tok_at_end(&self, byte: usize) -> Option<usize> {
        let i = self.toks.partition_point(|t| t.end < byte);
        (i < self.toks.len() && self.toks[i].end == byte).then_some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{Through, doc};

    #[test]
    fn a_lowered_word_is_its_unicode_lower_case_ascii_or_not() {
        let d = doc(
            "ÉLYSÉE aides told the BBC: \"Kyiv’s İstanbul TALKS\" — Straße, ΣΟΦΙΑ.",
            Through::Tokens,
        );
        let mut non_ascii = 0;
        for i in 0..d.toks.len() {
            assert_eq!(d.lower(i), d.w(i).to_lowercase(), "token {i}: {}", d.w(i));
            non_ascii += usize::from(!d.w(i).is_ascii());
        }
        assert!(non_ascii >= 4, "the text's words outside ASCII are tokens");
    }

    #[test]
    fn paragraphs_hold_their_tokens_and_abbreviations_stay_whole() {
        let d = doc(
            "Mr. Okafor arrived.\n\nThe U.S. envoy left.",
            Through::Tokens,
        );
        assert_eq!(d.paras.len(), 2);
        let words: Vec<&str> = d.para_toks[0].clone().map(|i| d.w(i)).collect();
        assert_eq!(words, ["Mr.", "Okafor", "arrived", "."]);
        assert!(d.para_toks[1].clone().any(|i| d.w(i) == "U.S."));
        assert_eq!(d.toks[d.para_toks[1].start].paragraph, 1);
    }

    #[test]
    fn adjuncts_are_skipped_back_to_the_word_before_the_verb() {
        let d = doc("Okafor also later said it.", Through::Tokens);
        let said = d.tok("said");
        assert_eq!(d.w(d.skip_adjuncts_back(said, 0) - 1), "Okafor");
        assert!(d.is_cap(d.tok("Okafor")) && d.is_lower_word(said));
    }

    #[test]
    fn byte_offsets_map_back_to_tokens() {
        let d = doc("Élise Marrow spoke.", Through::Tokens);
        let t = d.tok("Marrow");
        assert_eq!(d.tok_at(d.toks[t].start), Some(t));
        assert_eq!(d.tok_at_end(d.toks[t].end), Some(t));
        assert_eq!(d.tok_at(d.toks[t].start + 1), None);
    }
}
