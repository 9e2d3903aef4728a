//! One search syntax for both back ends: words (all must match), `"a
//! phrase"`, `prefix*`, `a OR b`, `NOT c` (or `-c`); NOT binds tightest,
//! then AND (also implied by a space), then OR. A query is parsed once and
//! written for SQLite's FTS5 or PostgreSQL's `to_tsquery`, so a malformed
//! one is the same clear error on both.

/// A word or a phrase, as the text's tokens (letters and digits).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Term {
    Word { word: String, prefix: bool },
    Phrase(Vec<String>),
}

/// Terms that must all match, and terms that must not.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct All {
    must: Vec<Term>,
    must_not: Vec<Term>,
}

/// Groups of which one must match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query(Vec<All>);

/// The words of a piece of text, as the index splits them.
fn words(s: &str) -> Vec<String> {
    spans(s).into_iter().map(|w| w.word).collect()
}

enum Token {
    Term(Term),
    Or,
    And,
    Not,
}

fn tokens(query: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut rest = query.trim_start();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('"') {
            let Some(close) = after.find('"') else {
                return Err(format!(
                    "the search {query:?} opens a quote it does not close"
                ));
            };
            let phrase = words(&after[..close]);
            if phrase.is_empty() {
                return Err(format!("the search {query:?} has an empty phrase"));
            }
            out.push(Token::Term(Term::Phrase(phrase)));
            rest = after[close + 1..].trim_start();
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(rest.len());
        let (piece, next) = rest.split_at(end);
        rest = next.trim_start();
        match piece {
            "OR" => out.push(Token::Or),
            "AND" => out.push(Token::And),
            "NOT" => out.push(Token::Not),
            _ => {
                let (negated, piece) = match piece.strip_prefix('-') {
                    Some(p) if !p.is_empty() => (true, p),
                    _ => (false, piece),
                };
                let (prefix, body) = match piece.strip_suffix('*') {
                    Some(b) => (true, b),
                    None => (false, piece),
                };
                if body.contains('*') {
                    return Err(format!(
                        "the search {query:?}: `*` goes at the end of a word (prefix*)"
                    ));
                }
                let w = words(body);
                let term = match (w.len(), prefix) {
                    (0, _) => {
                        return Err(format!(
                            "the search {query:?}: {piece:?} has no letters or digits"
                        ));
                    }
                    (1, _) => Term::Word {
                        word: w[0].clone(),
                        prefix,
                    },
                    (_, false) => Term::Phrase(w),
                    (_, true) => {
                        return Err(format!(
                            "the search {query:?}: a prefix* is one word ({piece:?} is several)"
                        ));
                    }
                };
                if negated {
                    out.push(Token::Not);
                }
                out.push(Token::Term(term));
            }
        }
    }
    Ok(out)
}

impl Query {
    /// Parses the common syntax; a malformed query is an error that says why.
    pub fn parse(query: &str) -> Result<Query, String> {
        let tokens = tokens(query)?;
        if tokens.is_empty() {
            return Err("the search is empty: give a word to look for".into());
        }
        let dangling =
            |op: &str| format!("the search {query:?} has {op} without a word on each side");
        let mut groups = vec![All::default()];
        let mut negate = false;
        // what came before: a term, an operator, or nothing
        let mut after_term = false;
        for t in tokens {
            match t {
                Token::Term(term) => {
                    let group = groups.last_mut().expect("a group");
                    if negate {
                        group.must_not.push(term);
                    } else {
                        group.must.push(term);
                    }
                    negate = false;
                    after_term = true;
                }
                Token::Or => {
                    if !after_term {
                        return Err(dangling("OR"));
                    }
                    groups.push(All::default());
                    after_term = false;
                }
                Token::And => {
                    if !after_term {
                        return Err(dangling("AND"));
                    }
                    after_term = false;
                }
                Token::Not => {
                    if negate {
                        return Err(dangling("NOT"));
                    }
                    negate = true;
                    after_term = false;
                }
            }
        }
        if !after_term {
            let last = if negate { "NOT" } else { "an operator" };
            return Err(dangling(last));
        }
        if groups.iter().any(|g| g.must.is_empty()) {
            return Err(format!(
                "the search {query:?} needs a word that is not negated in each part (NOT c alone matches everything)"
            ));
        }
        Ok(Query(groups))
    }

    /// The query in FTS5's syntax (every word quoted, so none is read as an
    /// operator or a column name).
    pub fn fts5(&self) -> String {
        let term = |t: &Term| match t {
            Term::Word { word, prefix } => {
                format!("\"{word}\"{}", if *prefix { "*" } else { "" })
            }
            Term::Phrase(w) => format!("\"{}\"", w.join(" ")),
        };
        let groups: Vec<String> = self
            .0
            .iter()
            .map(|g| {
                let must: Vec<String> = g.must.iter().map(term).collect();
                let mut s = format!("({})", must.join(" AND "));
                for t in &g.must_not {
                    s = format!("({s} NOT {})", term(t));
                }
                s
            })
            .collect();
        groups.join(" OR ")
    }

    /// The query for PostgreSQL's `to_tsquery('english', …)`.
    pub fn tsquery(&self) -> String {
        let term = |t: &Term| match t {
            Term::Word { word, prefix } => {
                format!("{word}{}", if *prefix { ":*" } else { "" })
            }
            Term::Phrase(w) => format!("({})", w.join(" <-> ")),
        };
        let groups: Vec<String> = self
            .0
            .iter()
            .map(|g| {
                let parts: Vec<String> = g
                    .must
                    .iter()
                    .map(term)
                    .chain(g.must_not.iter().map(|t| format!("!{}", term(t))))
                    .collect();
                format!("({})", parts.join(" & "))
            })
            .collect();
        groups.join(" | ")
    }
}

/// How many words a hit's snippet shows, as FTS5's `snippet` was asked for.
pub const SNIPPET_WORDS: usize = 12;

/// A word of a text: where it is, and its lower-cased form.
struct Span {
    start: usize,
    end: usize,
    word: String,
}

/// The words of a text where they are (runs of letters and digits,
/// lower-cased), as the index splits them.
fn spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, c.is_alphanumeric()) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push(Span {
                    start: s,
                    end: i,
                    word: text[s..i].to_lowercase(),
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}

impl Query {
    /// The words a match is made of, as (first word, words, term) for each
    /// place a term that is looked for (not negated) is in `words`.
    fn matches(&self, words: &[Span]) -> Vec<(usize, usize, usize)> {
        let mut terms: Vec<&Term> = Vec::new();
        for t in self.0.iter().flat_map(|g| &g.must) {
            if !terms.contains(&t) {
                terms.push(t);
            }
        }
        let mut out = Vec::new();
        for (i, w) in words.iter().enumerate() {
            for (k, t) in terms.iter().enumerate() {
                let len = match t {
                    Term::Word {
                        word,
                        prefix: false,
                    } if w.word == *word => 1,
                    Term::Word { word, prefix: true } if w.word.starts_with(word.as_str()) => 1,
                    Term::Phrase(p)
                        if words.len() - i >= p.len()
                            && p.iter().zip(&words[i..]).all(|(a, b)| *a == b.word) =>
                    {
                        p.len()
                    }
                    _ => continue,
                };
                out.push((i, len, k));
                break;
            }
        }
        out
    }

    /// An excerpt of `text` of at most `n` words where most of the terms
    /// looked for are, each match in brackets (`[black sea]`) and `…`
    /// where words are left out: the same for a hit however it was found.
    pub fn snippet(&self, text: &str, n: usize) -> String {
        let words = spans(text);
        let matches = self.matches(&words);
        let n = n.max(1);
        // the matches whole in the window of `n` words from `from`
        let inside = |from: usize| {
            matches
                .iter()
                .filter(move |&&(i, len, _)| i >= from && i + len <= from + n)
        };
        // the first window with the most distinct terms, then the most matches
        let score = |from: usize| {
            let mut terms: Vec<usize> = inside(from).map(|m| m.2).collect();
            terms.sort_unstable();
            terms.dedup();
            (terms.len(), inside(from).count())
        };
        let last_start = words.len().saturating_sub(n);
        let mut best = (0, score(0));
        for &(i, len, _) in &matches {
            // a window that ends with this match, and one that starts with it
            for from in [(i + len).saturating_sub(n), i] {
                let from = from.min(last_start);
                let s = score(from);
                if s > best.1 || (s == best.1 && from < best.0) {
                    best = (from, s);
                }
            }
        }
        // its matches centred in it
        let mut from = best.0;
        if let (Some(first), Some(last)) = (inside(from).next(), inside(from).next_back()) {
            let (first, end) = (first.0, last.0 + last.1);
            let slack = n.saturating_sub(end - first);
            from = first.saturating_sub(slack / 2).min(last_start);
        }
        let to = (from + n).min(words.len());
        let mut out = String::new();
        let mut at = if from == 0 {
            0
        } else {
            out.push('…');
            words[from].start
        };
        let mut open_until = None;
        for i in from..to {
            out.push_str(&text[at..words[i].start]);
            if open_until.is_none()
                && let Some(&(_, len, _)) = matches.iter().find(|m| m.0 == i && i + m.1 <= to)
            {
                out.push('[');
                open_until = Some(i + len - 1);
            }
            out.push_str(&text[words[i].start..words[i].end]);
            if open_until == Some(i) {
                out.push(']');
                open_until = None;
            }
            at = words[i].end;
        }
        if to == words.len() {
            out.push_str(&text[at..]);
        } else {
            out.push('…');
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_query_in_both_syntaxes() {
        let q = Query::parse(r#"Zelensk* "black sea" grain OR corridor -Kremlin"#).unwrap();
        assert_eq!(
            q.fts5(),
            r#"("zelensk"* AND "black sea" AND "grain") OR (("corridor") NOT "kremlin")"#
        );
        assert_eq!(
            q.tsquery(),
            "(zelensk:* & (black <-> sea) & grain) | (corridor & !kremlin)"
        );
        let q = Query::parse("a AND b NOT c").unwrap();
        assert_eq!(q.tsquery(), "(a & b & !c)");
        // punctuation splits as the index does; an operator's word in lower case is a word
        assert_eq!(
            Query::parse("U.S. or").unwrap().tsquery(),
            "((u <-> s) & or)"
        );
    }

    #[test]
    fn malformed_queries_say_why() {
        for (q, why) in [
            ("\"black sea", "does not close"),
            ("", "empty"),
            ("OR grain", "OR without"),
            ("grain OR", "without a word"),
            ("grain AND AND sea", "AND without"),
            ("NOT grain", "not negated"),
            ("grain NOT", "NOT without"),
            ("gr*ain", "at the end"),
            ("\"\" grain", "empty phrase"),
            ("*", "no letters"),
            ("black.sea*", "one word"),
        ] {
            let e = Query::parse(q).unwrap_err();
            assert!(e.contains(why), "{q:?}: {e}");
        }
    }

    #[test]
    fn a_snippet_brackets_each_match_where_most_terms_are() {
        let text = "The talks opened on Monday. Negotiators from both sides met in Geneva \
                    and discussed a ceasefire along the whole front line, officials said on Tuesday \
                    after a long night of talks about the Black Sea and grain.";
        let q = Query::parse("ceasefire front").unwrap();
        assert_eq!(
            q.snippet(text, 8),
            "…a [ceasefire] along the whole [front] line, officials…"
        );
        // a phrase is one match; a prefix matches the words it begins
        let q = Query::parse("\"black sea\" grain").unwrap();
        assert_eq!(q.snippet(text, 6), "…about the [Black Sea] and [grain].");
        assert_eq!(q.snippet(text, 4), "…[Black Sea] and [grain].");
        assert_eq!(q.snippet(text, 2), "…[Black Sea]…");
        assert_eq!(
            Query::parse("negotiat*").unwrap().snippet(text, 5),
            "…on Monday. [Negotiators] from both…"
        );
        // a negated word is not looked for; case does not matter
        let q = Query::parse("TALKS -grain").unwrap();
        assert_eq!(q.snippet(text, 4), "The [talks] opened on…");
    }

    #[test]
    fn a_short_text_is_whole_and_a_text_without_a_match_begins_the_snippet() {
        let q = Query::parse("ceasefire").unwrap();
        assert_eq!(
            q.snippet("“We want a ceasefire now,” he said.", 12),
            "“We want a [ceasefire] now,” he said."
        );
        assert_eq!(
            q.snippet("No truce was\n\n agreed today.", 3),
            "No truce was…"
        );
        assert_eq!(q.snippet("", 12), "");
        // words split and fold as the index does, in any script
        let q = Query::parse("zelenskyy Київ").unwrap();
        assert_eq!(
            q.snippet("President Zelenskyy's visit to КИЇВ.", 12),
            "President [Zelenskyy]'s visit to [КИЇВ]."
        );
    }
}
