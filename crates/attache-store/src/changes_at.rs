//! The changes of stance between statements read at least a confidence
//! other than the one `stance_changes` keeps ([`CHANGE_CONFIDENCE`]):
//! each issue's statements at that confidence walked in
//! `positions_timeline`'s order, each with its holder's statement before it
//! sought along `positions_actor` (or `positions_unresolved` for a holder
//! that is no actor; migration 23), so a page reads about the statements it
//! passes, not the record. Decisions: the holders they touch are read whole
//! and made again, the others walked as the machine has them.
//!
//! [`CHANGE_CONFIDENCE`]: crate::db::CHANGE_CONFIDENCE

use std::collections::{HashMap, HashSet};

use crate::backend::Val;
use crate::db::{ChangeRow, Conditions, Cursor, Only, Result, Store, change_between, changes_of};
use crate::review::{Overlay, Page};

/// How many statements a walk reads at most in one query.
const WALK_CHUNK: usize = 4096;

/// A statement walked on one issue, with its holder's previous one at
/// the confidence: (id, stance, place, holder key, previous id and stance).
struct Walked {
    id: i64,
    stance: i64,
    place: Cursor,
    holder: String,
    before: Option<(i64, i64)>,
}

impl Store {
    /// [`Store::changes_page`] at `min_confidence` by seeks (a record with
    /// migration 23 and at most `MERGED_ISSUES` issues; `None` otherwise,
    /// for the caller to read every statement).
    pub(crate) fn changes_page_at(
        &mut self,
        overlay: Option<&Overlay>,
        as_of: Option<&str>,
        min_confidence: f64,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Result<Option<(Vec<ChangeRow>, Option<Cursor>)>> {
        if !self.has_holder_order {
            return Ok(None);
        }
        let Some(issues) = self.statement_issues()? else {
            return Ok(None);
        };
        let touched: HashSet<String> = overlay.map(Overlay::holders_touched).unwrap_or_default();
        let made_again = match overlay {
            Some(overlay) if !touched.is_empty() => {
                self.touched_changes(overlay, &touched, as_of, min_confidence)?
            }
            _ => Vec::new(),
        };
        let touched = &touched;
        // each issue's walk gives its share of the page at a time (a
        // source may give fewer rows than asked: read again when it runs
        // dry), not the least chunk of a merged page: fewer changes found
        // and read whole than the page leaves unshown
        let share = crate::review::ShareOfPage::new(limit, issues.len());
        let mut walks: Vec<Box<crate::review::Source<'_, ChangeRow>>> = issues
            .iter()
            .map(|issue| {
                Box::new(move |store: &mut Store, after: Option<&Cursor>, n: usize| {
                    let n = share.of(n);
                    store.issue_changes_page(issue, min_confidence, as_of, touched, after, n)
                }) as Box<crate::review::Source<'_, ChangeRow>>
            })
            .collect();
        walks.push(Box::new(crate::review::in_memory(
            made_again,
            crate::review::change_key,
        )));
        let mut sources: Vec<&mut crate::review::Source<'_, ChangeRow>> =
            walks.iter_mut().map(|w| w.as_mut()).collect();
        crate::review::merged_page(
            self,
            &mut sources,
            Some,
            crate::review::change_key,
            after,
            limit,
        )
        .map(Some)
    }

    /// At most `limit` changes on `issue` after `after` between statements
    /// read at least `min_confidence`, of holders not in `skipped`: the
    /// issue's statements walked a chunk at a time, each with its holder's
    /// previous one sought; only the statements of the page read whole.
    fn issue_changes_page(
        &mut self,
        issue: &str,
        min_confidence: f64,
        as_of: Option<&str>,
        skipped: &HashSet<String>,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Page<ChangeRow> {
        let want = limit.saturating_add(1);
        let mut pairs: Vec<(i64, i64)> = Vec::new();
        let mut from = after.cloned();
        while pairs.len() < want {
            let chunk = want
                .saturating_sub(pairs.len())
                .saturating_mul(4)
                .clamp(64, WALK_CHUNK);
            let walked = self.walk_issue(issue, min_confidence, as_of, from.as_ref(), chunk)?;
            let ended = walked.len() < chunk;
            for w in &walked {
                if let Some((before, stance)) = w.before
                    && stance != w.stance
                    && !skipped.contains(&w.holder)
                {
                    pairs.push((before, w.id));
                    if pairs.len() == want {
                        break;
                    }
                }
            }
            match walked.last() {
                Some(last) if !ended => from = Some(last.place.clone()),
                _ => break,
            }
        }
        let ids: Vec<i64> = pairs.iter().flat_map(|&(b, a)| [b, a]).collect();
        let rows: HashMap<i64, crate::db::PositionRow> = self
            .statements_by_ids(&ids)?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
        let changes = pairs
            .iter()
            .map(|(b, a)| match (rows.get(b), rows.get(a)) {
                (Some(b), Some(a)) => Ok(change_between(b, a)),
                _ => Err(crate::backend::DbError(format!(
                    "statements {b} and {a} of a change are not in the record"
                ))),
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(crate::db::page_of(
            changes,
            limit,
            crate::review::change_key,
        ))
    }

    /// At most `chunk` statements on `issue` after `after` read at least
    /// `min_confidence` (as of a date: dated, up to it), in the lists'
    /// order, each with its holder's previous one on the issue under the
    /// same bounds.
    fn walk_issue(
        &mut self,
        issue: &str,
        min_confidence: f64,
        as_of: Option<&str>,
        after: Option<&Cursor>,
        chunk: usize,
    ) -> Result<Vec<Walked>> {
        let mut w = Conditions::default();
        let i = w.param(issue.into());
        let c = w.param(min_confidence.into());
        w.and(format!("p.issue = {i} AND p.confidence >= {c}"));
        let mut dated = String::new();
        if let Some(as_of) = as_of {
            let x = w.param(as_of.into());
            w.and(format!("p.sort_date > '' AND p.sort_date <= {x}"));
            dated = "AND b.sort_date > ''".into();
        }
        let order = "p.sort_date, p.article_id, p.ev_start, p.id";
        w.after(order, after);
        let fetch = w.param(i64::try_from(chunk).unwrap_or(i64::MAX).into());
        // the previous statement: a seek back along the holder's index,
        // on the same day, else before it (a range on the row of all four
        // columns is taken on the date alone when its bound is another
        // row's, and would pass over the day's later statements: as many
        // as the record holds a holder's on an issue a day)
        let before = |who: &str| {
            let seek = |place: String| {
                format!(
                    "(SELECT b.id FROM positions b WHERE {who} AND b.issue = p.issue AND b.confidence >= {c} AND {place}
                     ORDER BY b.sort_date DESC, b.article_id DESC, b.ev_start DESC, b.id DESC LIMIT 1)"
                )
            };
            format!(
                "coalesce({}, {})",
                seek("b.sort_date = p.sort_date AND (b.article_id, b.ev_start, b.id) < (p.article_id, p.ev_start, p.id)".into()),
                seek(format!("b.sort_date < p.sort_date {dated}"))
            )
        };
        let rows = self.db.query(
            &format!(
                "SELECT x.id, x.stance, x.sort_date, x.article_id, x.ev_start, x.holder_key, pb.id, pb.stance
                 FROM (SELECT p.id, p.stance, p.sort_date, p.article_id, p.ev_start,
                              coalesce(a.key, 'name:' || p.holder) AS holder_key,
                              CASE WHEN p.actor_id IS NULL THEN {} ELSE {} END AS before_id
                       FROM positions p LEFT JOIN actors a ON a.id = p.actor_id
                       {} ORDER BY {order} LIMIT {fetch}) x
                 LEFT JOIN positions pb ON pb.id = x.before_id
                 ORDER BY x.sort_date, x.article_id, x.ev_start, x.id",
                before("b.actor_id IS NULL AND b.holder = p.holder"),
                before("b.actor_id = p.actor_id"),
                w.clause()
            ),
            &w.params,
        )?;
        Ok(rows
            .into_iter()
            .map(|r| Walked {
                id: r[0].int(),
                stance: r[1].int(),
                place: Cursor::after(&Some(r[2].string()), r[3].int(), r[4].int(), r[0].int()),
                holder: r[5].string(),
                before: (!matches!(r[6], Val::Null)).then(|| (r[6].int(), r[7].int())),
            })
            .collect())
    }

    /// Every change of the holders in `touched` as reviewed, at
    /// `min_confidence`, in the lists' order: their statements (the
    /// machine's and the added) read whole and put through the decisions.
    fn touched_changes(
        &mut self,
        overlay: &Overlay,
        touched: &HashSet<String>,
        as_of: Option<&str>,
        min_confidence: f64,
    ) -> Result<Vec<ChangeRow>> {
        let mut holders: Vec<String> = touched.iter().cloned().collect();
        holders.sort();
        let mut rows = Vec::new();
        for part in holders.chunks(500) {
            rows.extend(
                self.machine_statements_page_at(
                    None,
                    Some(Only::Holders(part)),
                    as_of,
                    None,
                    usize::MAX,
                )?
                .0,
            );
        }
        rows.extend(self.added_statements(overlay, as_of)?);
        let mut rows = overlay.statements(rows);
        rows.retain(|r| r.confidence >= min_confidence && touched.contains(&r.actor));
        rows.sort_by(|a, b| {
            crate::review::statement_order(a).cmp(&crate::review::statement_order(b))
        });
        Ok(changes_of(&rows))
    }
}
