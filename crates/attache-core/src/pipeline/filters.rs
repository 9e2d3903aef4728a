//! Filters: quotes that are no one's words — scare quotes, titles in title
//! case, headline quotes repeated in the body — are dropped (`keep = false`),
//! except when they go on an attributed speech or are coordinated with a
//! kept quote. Runs per quote right after its attribution.

use super::Doc;
use super::words::is_title_case;
use crate::knowledge::fold_name;
use crate::text::TokenKind;

impl<'t> Doc<'t> {
    /// Drops quotes that are names or scare quotes rather than speech, and
    /// headline fragments that repeat a quote of the body.
    pub(super) fn filter_one(&mut self, qi: usize) {
        let q = &self.quotes[qi];
        let open = q.span.open_tok;
        let inner = &self.text[q.span.inner.clone()];
        let words = inner.split_whitespace().count();
        let para = self.toks[open].paragraph as usize;
        let para_start = self.para_toks[para].start;
        // not "used the phrase “…”", a cue of its own
        let marker = (open.saturating_sub(2).max(para_start)..open)
            .any(|t| self.lex.is_naming_marker(&self.lower(t)))
            && !(open >= para_start + 3 && self.is_cue_at(open - 3));
        let short = words <= 4;
        // "MSNBC's “Morning Joe”", "on “Face the Nation”", "a “Commander-in-Chief Forum”":
        // a name in title case after a possessive, preposition or article, cue or not
        let named = open > para_start
            && is_title_case(self.lex, inner.trim_end_matches(['.', ',']))
            && (self.toks[open - 1].kind == TokenKind::Possessive
                || self.is_preposition_at(open - 1)
                || self.is_determiner_at(open - 1));
        // "Follow Pam Key on Twitter @pamkeyNEN.": a byline's plug, no speech
        let plug = inner.starts_with("Follow ") && inner.contains('@');
        // `<tweet id="7715">`: a markup attribute's value, one word
        let attribute = self.text[..self.toks[open].start].ends_with('=') && words == 1;
        // "an article titled “…”": a title, however long
        let titled =
            open > para_start && matches!(self.w(open - 1), "titled" | "entitled" | "headlined");
        // "his 2002 book, “…”", "the anthem “…”": a work and its title
        let work = {
            let mut t = open;
            if t > para_start && self.w(t - 1) == "," {
                t -= 1;
            }
            t > para_start && self.lex.is_work_noun(&self.lower(t - 1))
        };
        // "—“A sketch artist gets a show,” by the Post's Carey Dunne": a
        // reading list's title and its author
        let by_author = q.span.close_tok.is_some_and(|c| {
            let mut t = c + 1;
            if t < self.toks.len() && self.w(t) == "," {
                t += 1;
            }
            t + 2 < self.toks.len()
                && self.w(t) == "by"
                && (self.is_cap(t + 1) || self.is_determiner_at(t + 1) && self.is_cap(t + 2))
                && inner.ends_with(',')
        });
        let keep = if plug || attribute || titled || work || by_author {
            false
        } else if self.continues_speech(qi) || self.coordinated_with_previous(qi) {
            true
        } else if short && (marker || !(q.attributed_by_cue || self.sentence_has_cue(open)))
            || (is_title_case(self.lex, inner) && !q.attributed_by_cue)
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
    pub(super) fn continues_speech(&self, qi: usize) -> bool {
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
    pub(super) fn coordinated_with_previous(&self, qi: usize) -> bool {
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
    pub(super) fn headline_style(&self, qi: usize) -> bool {
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

    pub(super) fn sentence_has_cue(&self, tok: usize) -> bool {
        let sent = self.sent_of[tok];
        let s = self.sent_start[sent as usize];
        (s..self.toks.len())
            .take_while(|&t| self.sent_of[t] == sent)
            .any(|t| self.is_cue_at(t))
    }

    /// A short line without final punctuation: a headline or subhead.
    pub(super) fn is_headline(&self, para: usize) -> bool {
        let r = self.para_toks[para].clone();
        let last = self.text[self.paras[para].clone()]
            .trim_end()
            .chars()
            .next_back();
        r.len() <= 30
            && !last.is_some_and(|c| matches!(c, '.' | '!' | '?' | '"' | '”' | '’' | '\'' | ':'))
    }

    pub(super) fn repeated_in_body(&self, qi: usize) -> bool {
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
}

#[cfg(test)]
mod tests {
    use super::super::testing::{Through, doc};

    fn kept(text: &str) -> Vec<String> {
        doc(text, Through::Attribution)
            .speakers()
            .into_iter()
            .map(|(q, _)| q)
            .collect()
    }

    #[test]
    fn scare_quotes_and_titles_are_dropped() {
        assert!(kept("The so-called “peace dividend” never came.").is_empty());
        assert!(kept("She appeared on “Face the Nation” on Sunday.").is_empty());
    }

    #[test]
    fn attributed_speech_is_kept() {
        assert_eq!(kept("“We will stay,” Anna Marrow said."), ["We will stay,"]);
    }

    #[test]
    fn a_headline_quote_repeated_in_the_body_is_dropped_from_the_headline() {
        let d = doc(
            "Marrow: “We will stay” in Lisk talks\n\nAnna Marrow said on Monday: “We will stay.”",
            Through::Attribution,
        );
        assert_eq!(d.quotes.iter().filter(|q| q.keep).count(), 1);
        assert!(!d.quotes[0].keep);
    }
}
