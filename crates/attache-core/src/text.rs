//! The text layer: paragraphs, tokens and the byte-to-character offset map.
//! Every later stage addresses the one input text by byte ranges; offsets
//! become Unicode scalar offsets only at the output boundary.

use crate::lexicon::Lexicon;
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    /// `’s` or `'s` after a word.
    Possessive,
    Punct,
    /// A quotation mark of any style; the quote stage decides its role.
    QuoteMark,
}

#[derive(Clone, Copy, Debug)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    pub paragraph: u32,
}

impl Token {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

pub fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '”' | '„' | '‘' | '’' | '«' | '»' | '‹' | '›'
    )
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// Bytes a paragraph holds at most. A news paragraph is a few hundred; a
/// longer one (a feed's whole article on one line, a page without
/// paragraph markup) is cut, at the last sentence end before this if there
/// is one, so that the stages that look a paragraph or two around a word
/// cost at most this much a word: linear in the text.
pub const MAX_PARAGRAPH_BYTES: usize = 16 * 1024;

/// Paragraphs: news text puts one paragraph per line, HTML extraction a
/// blank line between. A line break inside a sentence (the line ends without
/// closing punctuation and the next starts in lower case) does not end one.
/// None is longer than [`MAX_PARAGRAPH_BYTES`].
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices('\n') {
        if !is_soft_break(text, i) {
            push_trimmed(text, start..i, &mut out);
            start = i + 1;
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn is_soft_break(text: &str, nl: usize) -> bool {
    let before = text[..nl].trim_end_matches([' ', '\t', '\r']);
    let after = &text[nl + 1..];
    let ends_open = before
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == ',');
    let next_lower = after.chars().next().is_some_and(char::is_lowercase);
    ends_open && next_lower
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let mut rest = r;
    loop {
        let s = &text[rest.clone()];
        let trimmed = s.trim();
        if trimmed.is_empty() {
            return;
        }
        let start = rest.start + (s.len() - s.trim_start().len());
        let end = start + trimmed.len();
        if end - start <= MAX_PARAGRAPH_BYTES {
            out.push(start..end);
            return;
        }
        let cut = long_paragraph_cut(&text[start..end]);
        out.push(start..start + text[start..start + cut].trim_end().len());
        rest = start + cut..end;
    }
}

/// Where to end the first piece of an over-long paragraph `s`: after the
/// last sentence end (`.`, `!` or `?` before a space) in the second half
/// of the bound, else at the last space there, else at the last character
/// boundary within the bound.
fn long_paragraph_cut(s: &str) -> usize {
    let half = MAX_PARAGRAPH_BYTES / 2;
    let within = &s.as_bytes()[half..MAX_PARAGRAPH_BYTES];
    let sentence_end = within
        .windows(2)
        .rposition(|w| matches!(w[0], b'.' | b'!' | b'?') && w[1] == b' ')
        .map(|i| half + i + 1);
    sentence_end
        .or_else(|| within.iter().rposition(|&b| b == b' ').map(|i| half + i))
        .unwrap_or_else(|| {
            (1..=MAX_PARAGRAPH_BYTES)
                .rev()
                .find(|&i| s.is_char_boundary(i))
                .unwrap_or(MAX_PARAGRAPH_BYTES)
        })
}

/// Splits one paragraph into tokens. Words keep inner hyphens and apostrophes;
/// a possessive `’s` is its own token; initials such as `U.S.` stay whole.
pub fn tokenize(
    text: &str,
    para: Range<usize>,
    paragraph: u32,
    lexicon: &Lexicon,
    out: &mut Vec<Token>,
) {
    let s = &text[para.clone()];
    let bytes = s.as_bytes();
    let base = para.start;
    // byte cursor: each branch below moves it past what it consumed
    let mut pos = 0;
    while let Some(c) = s[pos..].chars().next() {
        let i = pos;
        pos += c.len_utf8();
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = pos;
            let mut letters = 1usize;
            loop {
                // fast path: a run of ASCII letters and digits
                while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
                    end += 1;
                    letters += 1;
                }
                let rest = &s[end..];
                let mut chars = rest.chars();
                let Some(n) = chars.next() else { break };
                if n.is_alphanumeric() {
                    end += n.len_utf8();
                    letters += 1;
                    continue;
                }
                // a combining mark (decomposed "é" is e + U+0301) stays in
                // the word; so does, in UTF-8 read as Latin-1 ("FranÃ\u{83}Â§ois"),
                // a continuation byte after Ã or Â, composed or not
                let mojibake = ('\u{80}'..='\u{BF}').contains(&n)
                    && s[..end].ends_with(['Ã', 'Â', '\u{302}', '\u{303}']);
                if is_combining_mark(n) || mojibake {
                    end += n.len_utf8();
                    continue;
                }
                let after = chars.clone().next();
                if is_apostrophe(n) {
                    // possessive: split it off as its own token
                    let is_poss = matches!(after, Some('s') | Some('S'))
                        && !chars.clone().nth(1).is_some_and(|x| x.is_alphanumeric());
                    if is_poss {
                        break;
                    }
                    if after.is_some_and(|x| x.is_alphabetic()) {
                        end += n.len_utf8();
                        continue;
                    }
                    break;
                }
                if (n == '-' || n == '‑') && after.is_some_and(|x| x.is_alphanumeric()) {
                    end += n.len_utf8();
                    continue;
                }
                if n == '.'
                    && after.is_some_and(|x| x.is_ascii_digit())
                    && s[i..end].bytes().all(|b| b.is_ascii_digit())
                {
                    end += 1; // a decimal number: "1.2", "5.25"
                    continue;
                }
                if n == '.' && lexicon.is_abbreviation(&s[i..end]) && c.is_uppercase() {
                    end += 1; // "Mr.", "Gen.", "Jan."
                    break;
                }
                if n == '.' {
                    // initials and dotted abbreviations: U.S., J.D., J. Smith
                    let word = &s[i..end];
                    // "(D-N.Y.)": the letter after a hyphen starts initials too
                    let tail = word.rsplit(['-', '‑']).next().unwrap_or(word);
                    let single_upper = letters == 1 && c.is_uppercase()
                        || tail.len() == 1 && tail.bytes().all(|b| b.is_ascii_uppercase());
                    let dotted = word.contains('.') && word.ends_with(|x: char| x.is_uppercase());
                    let mut cc = chars.clone();
                    let letter_dot =
                        matches!((cc.next(), cc.next()), (Some(a), Some('.')) if a.is_uppercase());
                    if (single_upper && letter_dot) || dotted {
                        end += 1;
                        letters = 0;
                        continue;
                    }
                    if single_upper && after.is_some_and(|x| x.is_whitespace()) {
                        end += 1;
                    }
                }
                break;
            }
            pos = end;
            out.push(Token {
                start: base + i,
                end: base + end,
                kind: TokenKind::Word,
                paragraph,
            });
            continue;
        }
        if is_apostrophe(c) {
            let rest = &s[i + c.len_utf8()..];
            let mut rc = rest.chars();
            let prev_is_word = out
                .last()
                .is_some_and(|t| t.end == base + i && t.kind == TokenKind::Word);
            if prev_is_word
                && matches!(rc.next(), Some('s') | Some('S'))
                && !rc.next().is_some_and(|x| x.is_alphanumeric())
            {
                let end = i + c.len_utf8() + 1;
                pos = end;
                out.push(Token {
                    start: base + i,
                    end: base + end,
                    kind: TokenKind::Possessive,
                    paragraph,
                });
                continue;
            }
        }
        // two apostrophes or backticks stand for a double mark ('' '' and `` '');
        // three that close ("on 'Fox,'''") are a single mark, then the double
        let closes_three = c == '\''
            && s[i..].starts_with("'''")
            && s[..i]
                .chars()
                .next_back()
                .is_some_and(|p| !p.is_whitespace());
        if (c == '\'' || c == '`') && s[i + 1..].starts_with(c) && !closes_three {
            pos = i + 2;
            out.push(Token {
                start: base + i,
                end: base + i + 2,
                kind: TokenKind::QuoteMark,
                paragraph,
            });
            continue;
        }
        let kind = if is_quote_char(c) {
            TokenKind::QuoteMark
        } else {
            TokenKind::Punct
        };
        out.push(Token {
            start: base + i,
            end: base + i + c.len_utf8(),
            kind,
            paragraph,
        });
    }
}

/// Maps byte offsets of one text to Unicode scalar offsets, with a checkpoint
/// every `STRIDE` bytes so that large texts cost little memory.
pub struct CharIndex<'t> {
    text: &'t str,
    /// Empty for pure ASCII text, where byte and char offsets agree.
    checkpoints: Vec<u32>,
    chars: usize,
}

const STRIDE: usize = 128;

fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl<'t> CharIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        if text.is_ascii() {
            return CharIndex {
                text,
                checkpoints: Vec::new(),
                chars: text.len(),
            };
        }
        let bytes = text.as_bytes();
        let mut checkpoints = Vec::with_capacity(bytes.len() / STRIDE + 1);
        let mut chars = 0usize;
        for chunk in bytes.chunks(STRIDE) {
            checkpoints.push(chars as u32);
            chars += count_chars(chunk);
        }
        CharIndex {
            text,
            checkpoints,
            chars,
        }
    }

    /// `byte` must lie on a char boundary.
    pub fn char_offset(&self, byte: usize) -> usize {
        if self.checkpoints.is_empty() {
            return byte;
        }
        let block = byte / STRIDE;
        if block >= self.checkpoints.len() {
            return self.chars;
        }
        self.checkpoints[block] as usize + count_chars(&self.text.as_bytes()[block * STRIDE..byte])
    }

    pub fn char_len(&self) -> usize {
        self.chars
    }
}

/// Combining diacritical marks, which belong to the letter before them.
fn is_combining_mark(c: char) -> bool {
    matches!(
        c,
        '\u{300}'..='\u{36F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize(s, 0..s.len(), 0, Lexicon::bundled(), &mut out);
        out.iter().map(|t| t.text(s)).collect()
    }

    #[test]
    fn keeps_initials_hyphens_and_splits_possessives() {
        assert_eq!(
            words("the U.S. envoy's pre-2014 plan"),
            ["the", "U.S.", "envoy", "'s", "pre-2014", "plan"]
        );
        assert_eq!(words("Ukraine’s place"), ["Ukraine", "’s", "place"]);
        assert_eq!(words("don't"), ["don't"]);
    }

    #[test]
    fn keeps_decimal_numbers_whole() {
        assert_eq!(
            words("$1.2 billion, 5.25%"),
            ["$", "1.2", "billion", ",", "5.25", "%"]
        );
        assert_eq!(
            words("in 2025. 2026 will"),
            ["in", "2025", ".", "2026", "will"]
        );
    }

    #[test]
    fn splits_missing_space_after_full_stop() {
        assert_eq!(words("said.The talks"), ["said", ".", "The", "talks"]);
        assert_eq!(words("Mr. Clarke said."), ["Mr.", "Clarke", "said", "."]);
    }

    #[test]
    fn quote_marks_are_their_own_tokens() {
        assert_eq!(
            words("“Yes,” he said"),
            ["“", "Yes", ",", "”", "he", "said"]
        );
        assert_eq!(
            words("'If troops,' Hegseth"),
            ["'", "If", "troops", ",", "'", "Hegseth"]
        );
        assert_eq!(
            words("''No,'' he said"),
            ["''", "No", ",", "''", "he", "said"]
        );
        assert_eq!(
            words("Chuck Ames (D-N.Y.) said"),
            ["Chuck", "Ames", "(", "D-N.Y.", ")", "said"]
        );
        assert_eq!(
            words("''On 'Fox,''' he said"),
            ["''", "On", "'", "Fox", ",", "'", "''", "he", "said"]
        );
    }

    #[test]
    fn char_index_counts_scalars() {
        for s in ["ab“cd”é".repeat(500), "plain ascii ".repeat(300)] {
            let idx = CharIndex::new(&s);
            for (ci, (bi, _)) in s.char_indices().enumerate().step_by(7) {
                assert_eq!(idx.char_offset(bi), ci);
            }
            assert_eq!(idx.char_offset(s.len()), s.chars().count());
            assert_eq!(idx.char_len(), s.chars().count());
        }
    }

    #[test]
    fn paragraphs_skip_blank_lines_and_trim() {
        let s = "  one \n\n two\n";
        let p: Vec<&str> = paragraphs(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(p, ["one", "two"]);
        let s = "Waltz\nsaid, “yes.”\nNext one.";
        let p: Vec<&str> = paragraphs(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(p, ["Waltz\nsaid, “yes.”", "Next one."]);
    }

    /// A paragraph longer than the bound is cut into pieces within it: at
    /// sentence ends where there are any, else at spaces, else between
    /// characters; nothing but the spaces at a cut is lost.
    #[test]
    fn an_over_long_paragraph_is_cut_within_the_bound() {
        let sentence = "The envoy said the talks would resume on Monday. ";
        let words = "talks resume envoy monday ";
        let letters = "é";
        for unit in [sentence, words, letters] {
            let s = format!(
                "Short first.\n{}\nShort last.",
                unit.repeat(3 * MAX_PARAGRAPH_BYTES / unit.len())
            );
            let p = paragraphs(&s);
            assert!(p.len() >= 5, "{} pieces", p.len());
            assert_eq!(&s[p[0].clone()], "Short first.");
            assert_eq!(&s[p[p.len() - 1].clone()], "Short last.");
            for r in &p {
                assert!(r.len() <= MAX_PARAGRAPH_BYTES, "{} bytes", r.len());
                assert_eq!(s[r.clone()].trim(), &s[r.clone()]);
            }
            if unit == sentence {
                assert!(
                    p[1..p.len() - 1]
                        .iter()
                        .all(|r| s[r.clone()].ends_with('.'))
                );
            }
            let kept: String = p
                .iter()
                .map(|r| s[r.clone()].replace([' ', '\n'], ""))
                .collect();
            assert_eq!(kept, s.replace([' ', '\n'], ""), "no text lost");
        }
    }
}
