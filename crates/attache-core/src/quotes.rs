//! Quote stage: pairs quotation marks within each paragraph into quote spans.
//!
//! Double marks (“ ” " „ « ») form one family and single marks (‘ ’ ') another;
//! straight marks are read as opening or closing from the characters around
//! them. Marks nest; only outermost pairs become quotes. An opening mark that is
//! never closed runs to the end of its paragraph (the news convention for a
//! quote that continues into the next paragraph, and the only safe reading of
//! an unbalanced mark).

use crate::text::{Token, TokenKind};
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Double,
    Single,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    Either,
}

/// One quotation found in the text, by byte offsets.
#[derive(Clone, Debug)]
pub struct QuoteSpan {
    /// Token index of the opening mark.
    pub open_tok: usize,
    /// Token index of the closing mark, if the quote was closed.
    pub close_tok: Option<usize>,
    /// Byte range of the words between the marks, trimmed of white space.
    pub inner: Range<usize>,
    /// The paragraph starts with this quote's opening mark.
    pub starts_paragraph: bool,
    /// The paragraph ends inside this quote (no closing mark).
    pub runs_to_paragraph_end: bool,
}

fn classify(c: char) -> Option<(Family, Role)> {
    Some(match c {
        '“' | '„' | '«' => (Family::Double, Role::Open),
        '”' | '»' => (Family::Double, Role::Close),
        '"' => (Family::Double, Role::Either),
        '‘' | '‹' => (Family::Single, Role::Open),
        '’' | '›' => (Family::Single, Role::Close),
        '\'' => (Family::Single, Role::Either),
        _ => return None,
    })
}

fn opens_context(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(p) => {
            p.is_whitespace()
                || matches!(p, '(' | '[' | '{' | '—' | '–' | '-' | ':' | '/')
                || crate::text::is_quote_char(p)
        }
    }
}

fn closes_context(next: Option<char>) -> bool {
    match next {
        None => true,
        Some(n) => {
            n.is_whitespace()
                || (n.is_ascii_punctuation() && n != '(')
                || matches!(n, '—' | '–' | '…')
                || crate::text::is_quote_char(n)
        }
    }
}

/// Finds the quotes of one paragraph. `toks` are that paragraph's tokens,
/// `first` the index of its first token in the document's token list.
pub fn find_quotes(
    text: &str,
    para: Range<usize>,
    toks: &[Token],
    first: usize,
    out: &mut Vec<QuoteSpan>,
) {
    // An excerpt pasted with a straight mark before each paragraph, whose
    // own quotes are curly: the straight mark opens no quote of anyone.
    let mark_at = |t: &Token| &text[t.start..t.end];
    let excerpt = toks.first().is_some_and(|t| mark_at(t) == "\"")
        && toks[1..]
            .iter()
            .filter(|t| t.kind == TokenKind::QuoteMark)
            .all(|t| mark_at(t) != "\"")
        && toks.iter().any(|t| mark_at(t) == "“");
    // A single mark that never closes was an apostrophe ("the early '80s",
    // "rock 'n' roll") and hid the quotes after it: match again without it.
    let mut ignored: Vec<usize> = Vec::new();
    let mut found = Vec::new();
    for _ in 0..2 {
        found.clear();
        let stack = match_marks(text, &para, toks, first, excerpt, &ignored, &mut found);
        let open_singles: Vec<usize> = stack
            .iter()
            .filter(|&&(_, f)| f == Family::Single)
            .map(|&(k, _)| k)
            .collect();
        if open_singles.is_empty() {
            break;
        }
        ignored.extend(open_singles);
    }
    out.extend(found);
}

/// Matches the paragraph's marks, pushing each outermost quote; returns the
/// marks left open.
fn match_marks(
    text: &str,
    para: &Range<usize>,
    toks: &[Token],
    first: usize,
    excerpt: bool,
    ignored: &[usize],
    out: &mut Vec<QuoteSpan>,
) -> Vec<(usize, Family)> {
    // (token index, family)
    let mut stack: Vec<(usize, Family)> = Vec::new();
    for (k, t) in toks.iter().enumerate() {
        if t.kind != TokenKind::QuoteMark || (excerpt && k == 0) || ignored.contains(&k) {
            continue;
        }
        let mark = &text[t.start..t.end];
        let c = mark.chars().next().unwrap_or(' ');
        let Some((family, role)) = (match mark {
            "''" => Some((Family::Double, Role::Either)),
            "``" => Some((Family::Double, Role::Open)),
            _ => classify(c),
        }) else {
            continue;
        };
        let prev = text[para.start..t.start].chars().next_back();
        let next = text[t.end..para.end].chars().next();
        let after_full_stop = prev.is_some_and(|p| matches!(p, '.' | '!' | '?' | ','))
            && next.is_some_and(char::is_uppercase);
        let may_open =
            (opens_context(prev) || after_full_stop) && next.is_some_and(|n| !n.is_whitespace());
        let may_close = closes_context(next) && prev.is_some_and(|p| !p.is_whitespace());
        let open_of_family = stack.iter().rposition(|&(_, f)| f == family);
        let closes_after_punct =
            open_of_family.is_some() && prev.is_some_and(|p| matches!(p, '.' | '!' | '?' | ','));
        let role = match role {
            // scraped text drops spaces: "needs.'If" opens, "Ukraine.'Hegseth" closes
            Role::Either if closes_after_punct => Role::Close,
            Role::Either => match (may_open, may_close) {
                (true, false) => Role::Open,
                (false, true) => Role::Close,
                (true, true) | (false, false) => {
                    if open_of_family.is_some() {
                        Role::Close
                    } else {
                        Role::Open
                    }
                }
            },
            Role::Close if family == Family::Single && open_of_family.is_none() => continue, // apostrophe
            Role::Open if family == Family::Single && !may_open => continue,
            r => r,
        };
        match role {
            Role::Open => {
                if family == Family::Single && c == '\'' && !may_open {
                    continue;
                }
                stack.push((k, family));
            }
            Role::Close => {
                let Some(pos) = open_of_family else { continue };
                if family == Family::Single && !may_close && !closes_after_punct {
                    continue;
                }
                let (open_k, _) = stack[pos];
                stack.truncate(pos);
                if pos == 0 && !is_nickname(text, toks, open_k, k) {
                    push_quote(text, para.clone(), toks, first, open_k, Some(k), out);
                }
            }
            Role::Either => unreachable!(),
        }
    }
    // The outermost unclosed double mark runs to the paragraph's end.
    if let Some(&(open_k, Family::Double)) = stack.first() {
        push_quote(text, para.clone(), toks, first, open_k, None, out);
    }
    stack
}

/// Marcia “Cia” Price: one capitalised word in marks between two parts of
/// a name is a nickname, not a quote.
fn is_nickname(text: &str, toks: &[Token], open_k: usize, close_k: usize) -> bool {
    let cap_word = |k: usize| {
        toks.get(k).is_some_and(|t| {
            t.kind == TokenKind::Word && text[t.start..t.end].starts_with(char::is_uppercase)
        })
    };
    close_k == open_k + 2
        && open_k > 0
        && cap_word(open_k - 1)
        && cap_word(open_k + 1)
        && cap_word(close_k + 1)
}

fn push_quote(
    text: &str,
    para: Range<usize>,
    toks: &[Token],
    first: usize,
    open_k: usize,
    close_k: Option<usize>,
    out: &mut Vec<QuoteSpan>,
) {
    let start = toks[open_k].end;
    let end = close_k.map_or(para.end, |c| toks[c].start);
    if end <= start {
        return;
    }
    let raw = &text[start..end];
    let lead = raw.len() - raw.trim_start().len();
    let mut inner = start + lead..end - (raw.len() - raw.trim_end().len());
    if close_k.is_none() {
        // drop marks left dangling at the end
        while let Some(c) = text[inner.clone()].chars().next_back() {
            if crate::text::is_quote_char(c) || c.is_whitespace() {
                inner.end -= c.len_utf8();
            } else {
                break;
            }
        }
    }
    if inner.is_empty() || !text[inner.clone()].chars().any(char::is_alphanumeric) {
        return;
    }
    out.push(QuoteSpan {
        open_tok: first + open_k,
        close_tok: close_k.map(|c| first + c),
        inner,
        starts_paragraph: toks[..open_k]
            .iter()
            .all(|t| t.kind == TokenKind::QuoteMark),
        runs_to_paragraph_end: close_k.is_none(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{paragraphs, tokenize};

    fn quotes(s: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (pi, p) in paragraphs(s).into_iter().enumerate() {
            let mut toks = Vec::new();
            tokenize(
                s,
                p.clone(),
                pi as u32,
                crate::lexicon::Lexicon::bundled(),
                &mut toks,
            );
            find_quotes(s, p, &toks, 0, &mut out);
        }
        out.into_iter().map(|q| s[q.inner].to_string()).collect()
    }

    #[test]
    fn curly_and_straight_pairs() {
        assert_eq!(
            quotes("“We will,” he said, “end it.”"),
            ["We will,", "end it."]
        );
        assert_eq!(
            quotes("He said: \"We will win.\" Then he left."),
            ["We will win."]
        );
    }

    #[test]
    fn doubled_apostrophes_are_double_marks() {
        assert_eq!(
            quotes("''It's more tinkering,'' said Alan Cole."),
            ["It's more tinkering,"]
        );
        assert_eq!(quotes("``Yes,'' she said."), ["Yes,"]);
    }

    #[test]
    fn guillemets() {
        assert_eq!(quotes("Il a dit «la paix» hier"), ["la paix"]);
    }

    #[test]
    fn single_marks_agency_style_and_apostrophes() {
        assert_eq!(
            quotes("'If these troops are deployed, they must be Europe's,' Hegseth said."),
            ["If these troops are deployed, they must be Europe's,"]
        );
        assert!(quotes("The leaders' talks and Ukraine’s army").is_empty());
    }

    #[test]
    fn nested_quotes_stay_inside_the_outer_one() {
        assert_eq!(
            quotes("“He used my motto, ‘common sense,’ and “peace” too,” Trump said."),
            ["He used my motto, ‘common sense,’ and “peace” too,"]
        );
    }

    #[test]
    fn unbalanced_and_multi_paragraph_quotes_run_to_the_paragraph_end() {
        let s = "He said: “We will stay.\n“And we will win.”\nShe said: ”“Nothing changes.”";
        assert_eq!(
            quotes(s),
            ["We will stay.", "And we will win.", "Nothing changes."]
        );
    }

    #[test]
    fn scraped_text_without_spaces_after_full_stops() {
        assert_eq!(
            quotes(
                "to discuss needs.'If troops are sent, they stay,' Hegseth said.'We agree,' she said."
            ),
            ["If troops are sent, they stay,", "We agree,"]
        );
    }

    #[test]
    fn a_straight_mark_opening_an_excerpt_with_curly_quotes_is_no_quote() {
        let s = "\"The crowd cheered.\n\"“Here he is,” she said. “At last.”";
        assert_eq!(quotes(s), ["The crowd cheered.", "Here he is,", "At last."]);
        // without curly quotes inside, the straight mark still opens a running quote
        assert_eq!(
            quotes("\"We will stay, he said."),
            ["We will stay, he said."]
        );
    }

    #[test]
    fn marks_with_nothing_inside_are_not_quotes() {
        assert!(quotes("a “ ” b \"\" c").is_empty());
    }
}
