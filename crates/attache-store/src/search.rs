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
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
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
}
