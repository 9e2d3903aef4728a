//! Pages of the lists that are not in date order: the actors, the
//! decisions, the matrix and search hits. Each page is at most `limit`
//! rows, with a [`KeyCursor`] to the next when there is one (the lists in
//! date order page by [`crate::Cursor`]).

use crate::backend::{DbError, Val};
use crate::db::{ActorRow, Hit, PositionRow, SEARCH_CANDIDATES, StateRow, Store};
use crate::review::ReviewRow;

type Result<T> = std::result::Result<T, DbError>;

/// Where a page ends: the sort key of its last row. Written as its fields
/// joined by `~`, every byte of a field but ASCII letters, digits, `-`,
/// `_` and `.` as `%XX`: plain ASCII, fit for a header and a URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyCursor(pub Vec<String>);

impl KeyCursor {
    pub fn new<S: ToString>(fields: impl IntoIterator<Item = S>) -> KeyCursor {
        KeyCursor(fields.into_iter().map(|f| f.to_string()).collect())
    }

    /// The cursor's fields if it has exactly `n`.
    fn fields(&self, n: usize) -> Result<&[String]> {
        if self.0.len() == n {
            Ok(&self.0)
        } else {
            Err(DbError(format!(
                "{NOT_OURS}: {} fields, not {n}",
                self.0.len()
            )))
        }
    }

    fn number(field: &str) -> Result<i64> {
        field
            .parse()
            .map_err(|_| DbError(format!("{NOT_OURS}: {field:?} is not a number")))
    }
}

/// How the error of a cursor this attache did not give begins.
pub const NOT_OURS: &str = "not a cursor of this list";

impl std::fmt::Display for KeyCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (k, field) in self.0.iter().enumerate() {
            if k > 0 {
                f.write_str("~")?;
            }
            for b in field.bytes() {
                if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                    write!(f, "{}", b as char)?;
                } else {
                    write!(f, "%{b:02X}")?;
                }
            }
        }
        Ok(())
    }
}

impl std::str::FromStr for KeyCursor {
    type Err = ();
    fn from_str(s: &str) -> std::result::Result<Self, ()> {
        let decode = |field: &str| -> std::result::Result<String, ()> {
            let mut bytes = Vec::with_capacity(field.len());
            let mut rest = field.as_bytes();
            while let Some((&b, tail)) = rest.split_first() {
                if b == b'%' {
                    let hex = tail.get(..2).ok_or(())?;
                    let hex = std::str::from_utf8(hex).map_err(|_| ())?;
                    bytes.push(u8::from_str_radix(hex, 16).map_err(|_| ())?);
                    rest = &tail[2..];
                } else {
                    bytes.push(b);
                    rest = tail;
                }
            }
            String::from_utf8(bytes).map_err(|_| ())
        };
        Ok(KeyCursor(
            s.split('~')
                .map(decode)
                .collect::<std::result::Result<_, _>>()?,
        ))
    }
}

/// Which actors a page lists.
#[derive(Clone, Debug, Default)]
pub struct ActorFilter {
    /// Those whose name or key holds these characters (any case).
    pub name: Option<String>,
    /// Only those quoted at least once.
    pub quoted: bool,
}

impl ActorFilter {
    fn admits(&self, a: &ActorRow) -> bool {
        let named = self.name.as_deref().is_none_or(|n| {
            let n = n.to_lowercase();
            a.name.to_lowercase().contains(&n) || a.key.to_lowercase().contains(&n)
        });
        named && (!self.quoted || a.quotes > 0)
    }
}

/// The first `limit` of `rows` (in their order) past the row that `after`
/// names by `is_after`, and the cursor of the next page if there are more.
fn page_in_memory<T>(
    rows: impl IntoIterator<Item = T>,
    after: Option<&KeyCursor>,
    limit: usize,
    is_after: impl Fn(&T, &KeyCursor) -> bool,
    key: impl Fn(&T) -> KeyCursor,
) -> (Vec<T>, Option<KeyCursor>) {
    let limit = limit.max(1);
    let mut page: Vec<T> = rows
        .into_iter()
        .filter(|r| after.is_none_or(|c| is_after(r, c)))
        .take(limit.saturating_add(1))
        .collect();
    let next = (page.len() > limit).then(|| {
        page.truncate(limit);
        key(page.last().expect("limit is at least one"))
    });
    (page, next)
}

/// An actor's place in the list: most mentioned first, then by name and key.
fn actor_order(a: &ActorRow) -> (std::cmp::Reverse<i64>, &str, &str) {
    (std::cmp::Reverse(a.mentions), &a.name, &a.key)
}

fn actor_cursor(a: &ActorRow) -> KeyCursor {
    KeyCursor::new([a.mentions.to_string(), a.name.clone(), a.key.clone()])
}

/// A `LIKE` pattern that matches `text` anywhere, its own `%`, `_` and
/// `\` taken literally (with `ESCAPE '\'`).
fn contains_pattern(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

impl Store {
    /// A page of the actors that pass `filter`, most mentioned first (then
    /// by name and key), merges and affiliations as reviewed.
    pub fn actors_page(
        &mut self,
        filter: &ActorFilter,
        after: Option<&KeyCursor>,
        limit: usize,
    ) -> Result<(Vec<ActorRow>, Option<KeyCursor>)> {
        let after_key = match after {
            Some(c) => {
                let f = c.fields(3)?;
                Some((KeyCursor::number(&f[0])?, f[1].clone(), f[2].clone()))
            }
            None => None,
        };
        let is_after = |a: &ActorRow, _: &KeyCursor| {
            let (m, name, key) = after_key.as_ref().expect("a cursor was given");
            actor_order(a) > (std::cmp::Reverse(*m), name.as_str(), key.as_str())
        };
        if self.overlay()?.is_some() || !self.has_kept {
            // merges regroup the counts: the list is made whole, then paged
            let mut rows: Vec<ActorRow> = self
                .actors()?
                .into_iter()
                .filter(|a| filter.admits(a))
                .collect();
            rows.sort_by(|a, b| actor_order(a).cmp(&actor_order(b)));
            return Ok(page_in_memory(rows, after, limit, is_after, actor_cursor));
        }
        // the counts kept at ingest, walked in the order of their index
        let fetch = i64::try_from(limit.max(1).saturating_add(1)).unwrap_or(i64::MAX);
        let (m, name, key) = after_key.map_or((Val::Null, Val::Null, Val::Null), |(m, n, k)| {
            (m.into(), n.into(), k.into())
        });
        let rows = self.db.query(
            "SELECT key, name, kind, affiliation, articles, mentions, quotes FROM actors
             WHERE (CAST(?1 AS TEXT) IS NULL OR lower(name) LIKE ?1 ESCAPE '\\' OR lower(key) LIKE ?1 ESCAPE '\\')
               AND (?2 = 0 OR quotes > 0)
               AND (CAST(?3 AS BIGINT) IS NULL OR mentions < ?3
                    OR (mentions = ?3 AND (name > ?4 OR (name = ?4 AND key > ?5))))
             ORDER BY mentions DESC, name, key LIMIT ?6",
            &[
                filter.name.as_deref().map(contains_pattern).into(),
                Val::Int(filter.quoted.into()),
                m,
                name,
                key,
                fetch.into(),
            ],
        )?;
        let rows: Vec<ActorRow> = rows.iter().map(|r| ActorRow::from_row(r)).collect();
        Ok(crate::db::page_of(rows, limit.max(1), actor_cursor))
    }

    /// A page of the decisions, newest first, each marked if a later one
    /// replaced it.
    pub fn reviews_page(
        &mut self,
        after: Option<&KeyCursor>,
        limit: usize,
    ) -> Result<(Vec<ReviewRow>, Option<KeyCursor>)> {
        let before = match after {
            Some(c) => KeyCursor::number(&c.fields(1)?[0])?,
            None => i64::MAX,
        };
        let fetch = i64::try_from(limit.max(1).saturating_add(1)).unwrap_or(i64::MAX);
        let rows = self.reviews_before(before, fetch)?;
        Ok(crate::db::page_of(rows, limit.max(1), |r| {
            KeyCursor::new([r.id])
        }))
    }

    /// A page of the actor × issue matrix as of a date ([`Store::positions`]),
    /// by holder, issue and actor. The matrix is made whole for each page:
    /// it holds a row per cell, not per statement.
    pub fn positions_page(
        &mut self,
        as_of: Option<&str>,
        after: Option<&KeyCursor>,
        limit: usize,
    ) -> Result<(Vec<PositionRow>, Option<KeyCursor>)> {
        let after = after.map(|c| c.fields(3).map(|_| c)).transpose()?;
        let mut rows = self.positions(as_of)?;
        let order = |r: &PositionRow| (r.holder.clone(), r.issue.clone(), r.actor.clone());
        rows.sort_by_key(order);
        let key = |r: &PositionRow| KeyCursor::new([&r.holder, &r.issue, &r.actor]);
        Ok(page_in_memory(
            rows,
            after,
            limit,
            |r, c| {
                let (h, i, a) = order(r);
                [h, i, a].as_slice() > c.0.as_slice()
            },
            key,
        ))
    }

    /// The same by state (a state's institutions and people rolled up,
    /// [`crate::db::by_state`]), by state and issue.
    pub fn positions_by_state_page(
        &mut self,
        as_of: Option<&str>,
        after: Option<&KeyCursor>,
        limit: usize,
    ) -> Result<(Vec<StateRow>, Option<KeyCursor>)> {
        let after = after.map(|c| c.fields(2).map(|_| c)).transpose()?;
        let rows = crate::db::by_state(&self.positions(as_of)?);
        Ok(page_in_memory(
            rows,
            after,
            limit,
            |r, c| [r.state.as_str(), r.issue.as_str()] > [c.0[0].as_str(), c.0[1].as_str()],
            |r| KeyCursor::new([&r.state, &r.issue]),
        ))
    }

    /// A page of search hits ([`Store::search`]'s syntax and order).
    ///
    /// The matches are ranked in bands: the newest [`SEARCH_CANDIDATES`]
    /// of each kind, then the next older as many, and so on. Each page
    /// reads at most two bands, so a page costs the same however many
    /// articles match and however deep it is; and the cursor names its
    /// band (the highest article and quote id in it) and the place in its
    /// ranking, so articles stored meanwhile do not move the pages after
    /// the first.
    pub fn search_page(
        &mut self,
        query: &str,
        after: Option<&KeyCursor>,
        limit: usize,
    ) -> Result<(Vec<Hit>, Option<KeyCursor>)> {
        self.search_page_in_bands(query, after, limit, SEARCH_CANDIDATES)
    }

    /// [`Store::search_page`] with bands of `band` matches of each kind
    /// (at least `limit`), for tests of its paging on a few articles.
    #[doc(hidden)]
    pub fn search_page_in_bands(
        &mut self,
        query: &str,
        after: Option<&KeyCursor>,
        limit: usize,
        band_size: usize,
    ) -> Result<(Vec<Hit>, Option<KeyCursor>)> {
        let parsed = self.parsed_search(query)?;
        let limit = limit.max(1);
        let (mut band, mut skip) = match after {
            Some(c) => {
                let f = c.fields(3)?;
                let n = |k: usize| KeyCursor::number(&f[k]);
                ([n(0)?, n(1)?], usize::try_from(n(2)?).unwrap_or(0))
            }
            None => ([i64::MAX, i64::MAX], 0),
        };
        let candidates = band_size.max(limit);
        let mut found: Vec<(String, i64)> = Vec::new();
        let next = loop {
            let (ranked, pinned, older) = self.search_band(&parsed, band, candidates)?;
            // the band as it is now: later pages leave out what is stored meanwhile
            band = pinned;
            let from = skip.min(ranked.len());
            let wanted = limit - found.len();
            found.extend(ranked[from..].iter().take(wanted).cloned());
            let to = from + wanted.min(ranked.len() - from);
            if to < ranked.len() {
                break Some(KeyCursor::new([band[0], band[1], to as i64]));
            }
            match older {
                None => break None,
                Some(older) if found.len() == limit => {
                    break Some(KeyCursor::new([older[0], older[1], 0]));
                }
                Some(older) => (band, skip) = (older, 0),
            }
        };
        let mut hits = Vec::with_capacity(found.len());
        for (kind, id) in found {
            hits.push(self.hit(&parsed, kind, id)?);
        }
        Ok((hits, next))
    }

    /// One band of matches: of each kind the newest `candidates` with ids
    /// at most its bound (0: none), ranked together best first; the
    /// band's bounds as it is (each kind's newest id in it, 0 for none);
    /// and the bounds of the next older band if one may hold more.
    #[allow(clippy::type_complexity)]
    fn search_band(
        &mut self,
        parsed: &crate::search::Query,
        bound: [i64; 2],
        candidates: usize,
    ) -> Result<(Vec<(String, i64)>, [i64; 2], Option<[i64; 2]>)> {
        let fetch = i64::try_from(candidates).unwrap_or(i64::MAX);
        // (kind, id, score: lower is better)
        let mut rows: Vec<(&'static str, i64, f64)> = Vec::new();
        let mut pinned = [0i64; 2];
        let mut older = [0i64; 2];
        for (k, kind) in ["article", "quote"].into_iter().enumerate() {
            if bound[k] <= 0 {
                continue;
            }
            let matches = self.search_kind(parsed, kind, bound[k], fetch)?;
            pinned[k] = matches.iter().map(|m| m.0).max().unwrap_or(0);
            if matches.len() == candidates {
                older[k] = matches.iter().map(|m| m.0).min().unwrap_or(1) - 1;
            }
            rows.extend(matches.into_iter().map(|(_, id, score)| (kind, id, score)));
        }
        rows.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.0.cmp(b.0)).then(a.1.cmp(&b.1)));
        let ranked = rows
            .into_iter()
            .map(|(kind, id, _)| (kind.to_string(), id))
            .collect();
        Ok((ranked, pinned, (older != [0, 0]).then_some(older)))
    }

    /// The newest `fetch` matches of one kind with bound keys at most
    /// `bound`: (bound key, id, score, lower is better).
    fn search_kind(
        &mut self,
        parsed: &crate::search::Query,
        kind: &str,
        bound: i64,
        fetch: i64,
    ) -> Result<Vec<(i64, i64, f64)>> {
        let rows = if self.db.is_postgres() {
            let table = if kind == "article" {
                "articles"
            } else {
                "quotes"
            };
            self.db.query(
                &format!(
                    "SELECT id, id, -ts_rank(tsv, to_tsquery('english', ?1)) FROM {table}
                     WHERE tsv @@ to_tsquery('english', ?1) AND id <= ?2 ORDER BY id DESC LIMIT ?3"
                ),
                &[parsed.tsquery().into(), bound.into(), fetch.into()],
            )?
        } else if self.has_search_tables {
            let table = if kind == "article" {
                "search_articles"
            } else {
                "search_quotes"
            };
            self.db.query(
                &format!(
                    "SELECT rowid, rowid, bm25({table}) FROM {table}
                     WHERE {table} MATCH ?1 AND rowid <= ?2 ORDER BY rowid DESC LIMIT ?3"
                ),
                &[parsed.fts5().into(), bound.into(), fetch.into()],
            )?
        } else {
            // a record from before migration 7, read only: one table of both kinds
            self.db.query(
                "SELECT rowid, ref, bm25(search) FROM search
                 WHERE search MATCH ?1 AND kind = ?4 AND rowid <= ?2 ORDER BY rowid DESC LIMIT ?3",
                &[
                    parsed.fts5().into(),
                    bound.into(),
                    fetch.into(),
                    kind.into(),
                ],
            )?
        };
        Ok(rows
            .into_iter()
            .map(|r| (r[0].int(), r[1].int(), r[2].real()))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_whatever_its_fields_hold_and_is_plain_ascii() {
        for fields in [
            vec![
                "12".to_string(),
                "Ana ~ Maria".into(),
                "person:ana%7E".into(),
            ],
            vec!["".into(), "~".into(), "%".into(), "%25~%7E".into()],
            vec!["Genève".into(), "Зеленський".into(), "a&b=c d+e/f".into()],
            vec!["7".into()],
        ] {
            let c = KeyCursor(fields.clone());
            let written = c.to_string();
            assert_eq!(written.matches('~').count(), fields.len() - 1, "{written}");
            assert!(
                written
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)),
                "{written}"
            );
            assert_eq!(written.parse::<KeyCursor>(), Ok(c));
        }
        assert_eq!("Gen%C3%A8ve".parse::<KeyCursor>().unwrap().0, ["Genève"]);
        for bad in ["a%7", "a%zz", "%FF%FE"] {
            assert!(bad.parse::<KeyCursor>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_like_pattern_takes_wildcards_literally() {
        assert_eq!(contains_pattern("Zel"), "%zel%");
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }

    #[test]
    fn a_page_in_memory_starts_past_its_cursor_and_ends_at_its_limit() {
        let rows: Vec<i64> = (1..=7).collect();
        let key = |r: &i64| KeyCursor::new([*r]);
        let after = |r: &i64, c: &KeyCursor| *r > c.0[0].parse::<i64>().unwrap();
        let (first, next) = page_in_memory(rows.clone(), None, 3, after, key);
        assert_eq!(first, [1, 2, 3]);
        let (second, next) = page_in_memory(rows.clone(), next.as_ref(), 3, after, key);
        assert_eq!(second, [4, 5, 6]);
        let (last, next) = page_in_memory(rows, next.as_ref(), 3, after, key);
        assert_eq!((last, next), (vec![7], None));
    }
}
