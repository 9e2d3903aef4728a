//! Decisions on single statements (accept, reject, correct, add, split)
//! as local edits of what ingest keeps: the matrix's cells
//! (`latest_positions`, `cell_days`) and each holder's sequence of stances
//! (`stance_sequence`) that the changes are read from. A decision costs
//! the statements it names and a few seeks, not every statement of their
//! holders.

use crate::db::{
    CHANGE_CONFIDENCE, Only, Order, PositionRow, Result, SequenceEdit, Store, stance_number,
};
use crate::review::{Decision, Overlay, statement_place};
use std::collections::{HashMap, HashSet};

/// A cell of the matrix: a holder's key and an issue.
type CellKey = (String, String);

/// What the decisions on single statements change, worked out from the
/// statements they name.
#[derive(Clone, Default)]
pub(crate) struct Edits {
    /// A machine cell (holder key, issue) → its statements that count in
    /// no cell, or another, as reviewed: (date, id).
    leaving: HashMap<CellKey, Vec<(Option<String>, i64)>>,
    /// The statements, through the decisions, that count in a cell other
    /// than their machine one, and the added ones.
    arriving: Vec<PositionRow>,
    /// Statements of the sequences that leave theirs.
    out: HashSet<i64>,
    /// Statements that stay in their sequence with a stance corrected.
    restanced: HashMap<i64, i64>,
    /// (holder as reviewed, issue) → the statements that join its
    /// sequence, (order, stance) in order.
    joining: HashMap<CellKey, Vec<(Order, i64)>>,
    /// Every statement named, through the decisions, by id (an added
    /// one's is its decision's, negated).
    pub(crate) reviewed: HashMap<i64, PositionRow>,
}

impl Edits {
    /// The edit of the sequence of `holder` (as reviewed) on `issue`.
    pub(crate) fn sequence(&self, holder: &str, issue: &str) -> SequenceEdit<'_> {
        SequenceEdit {
            out: &self.out,
            restanced: &self.restanced,
            joining: self
                .joining
                .get(&(holder.to_string(), issue.to_string()))
                .map_or(&[], Vec::as_slice),
        }
    }

    /// The machine's statement `m` through `overlay`: taken from its cell
    /// and sequence if it leaves them, its stance corrected in its
    /// sequence, joining another, arriving in another cell.
    fn take(&mut self, overlay: &Overlay, m: &PositionRow) {
        let reviewed = overlay.statements(vec![m.clone()]).pop();
        let home = overlay.merged_into(&m.actor);
        let stays = reviewed
            .as_ref()
            .is_some_and(|r| r.actor == home && r.issue == m.issue);
        let in_sequence = m.confidence >= CHANGE_CONFIDENCE;
        if !stays {
            self.leaving
                .entry((m.actor.clone(), m.issue.clone()))
                .or_default()
                .push((m.published.clone(), m.id));
            if in_sequence {
                self.out.insert(m.id);
            }
        }
        let Some(r) = reviewed else { return };
        if stays && in_sequence && r.stance != m.stance {
            self.restanced.insert(m.id, stance_number(&r.stance));
        }
        if r.confidence >= CHANGE_CONFIDENCE && !(stays && in_sequence) {
            self.join(&r);
        }
        if !stays {
            self.arriving.push(r.clone());
        }
        self.reviewed.insert(r.id, r);
    }

    /// What [`Edits::take`] made of the machine's statement `m`, undone.
    fn forget(&mut self, m: &PositionRow) {
        let cell = (m.actor.clone(), m.issue.clone());
        if let Some(leaving) = self.leaving.get_mut(&cell) {
            leaving.retain(|(_, id)| *id != m.id);
            if leaving.is_empty() {
                self.leaving.remove(&cell);
            }
        }
        self.out.remove(&m.id);
        self.restanced.remove(&m.id);
        if let Some(r) = self.reviewed.remove(&m.id) {
            let sequence = (r.actor.clone(), r.issue.clone());
            if let Some(joining) = self.joining.get_mut(&sequence) {
                let place = statement_place(&r);
                joining.retain(|(order, _)| *order != place);
                if joining.is_empty() {
                    self.joining.remove(&sequence);
                }
            }
            self.arriving.retain(|a| a.id != m.id);
        }
    }

    /// `r` (as reviewed) joins its holder's sequence on its issue.
    fn join(&mut self, r: &PositionRow) {
        self.joining
            .entry((r.actor.clone(), r.issue.clone()))
            .or_default()
            .push((statement_place(r), stance_number(&r.stance)));
    }

    /// The issues on which statements join `holder`'s sequences.
    pub(crate) fn joining_issues(&self, holder: &str) -> Vec<String> {
        self.joining
            .keys()
            .filter(|(h, _)| h == holder)
            .map(|(_, i)| i.clone())
            .collect()
    }

    /// The machine's `cells` (each a holder's latest statement on an
    /// issue, with the count) as the decisions leave them, before those
    /// apply to the rows: a statement taken from a cell is no longer
    /// counted, and when it was the latest the one before it that stays
    /// is read instead (the latest few read backwards); the statements
    /// that arrive in a cell follow, one each.
    pub(crate) fn cells(
        &self,
        store: &mut Store,
        cells: Vec<PositionRow>,
        as_of: Option<&str>,
    ) -> Result<(Vec<PositionRow>, Vec<PositionRow>)> {
        let within =
            |p: &Option<String>| as_of.is_none_or(|d| p.as_deref().is_some_and(|p| p <= d));
        let mut out = Vec::with_capacity(cells.len());
        for mut cell in cells {
            let Some(leaving) = self.leaving.get(&(cell.actor.clone(), cell.issue.clone())) else {
                out.push(cell);
                continue;
            };
            let gone: HashMap<i64, Option<String>> = leaving
                .iter()
                .filter(|(p, _)| within(p))
                .map(|(p, id)| (*id, p.clone()))
                .collect();
            let left = cell.statements - gone.len() as i64;
            if left <= 0 {
                continue;
            }
            if gone.contains_key(&cell.id) {
                let Some(id) = store.latest_staying(&cell.actor, &cell.issue, as_of, &gone)? else {
                    continue;
                };
                let Some(mut row) = store.statements_by_ids(&[id])?.pop() else {
                    continue;
                };
                row.statements = left;
                cell = row;
            } else {
                cell.statements = left;
            }
            out.push(cell);
        }
        let arriving = self
            .arriving
            .iter()
            .filter(|r| within(&r.published))
            .cloned()
            .collect();
        Ok((out, arriving))
    }
}

/// The machine's statements a decision names, by the decision's
/// statement: found by a seek once, kept while the record's statements
/// stay as they are ([`crate::DecisionsCache`]).
pub(crate) type Sought = HashMap<String, Vec<PositionRow>>;

impl Store {
    /// The edits of the decisions in force: the statements each stance
    /// decision names (a seek each, unless `sought` holds it; those sought
    /// are added to it), those of each split actor in its article, and the
    /// added ones, each through the decisions.
    pub(crate) fn work_out_edits(
        &mut self,
        overlay: &Overlay,
        sought: &mut Sought,
    ) -> Result<Edits> {
        let mut machine: Vec<PositionRow> = Vec::new();
        for n in overlay.stance.values().filter_map(Decision::statement) {
            machine.extend(self.sought_statements(&n, sought)?);
        }
        // a split actor's statements in its article: a seek on each issue
        // (on more issues than a list holds, a read of the actor's all)
        let issues = match overlay.split.is_empty() {
            true => Vec::new(),
            false => self.statement_issues()?.unwrap_or_default(),
        };
        for (actor, article) in overlay.split.keys() {
            let only = Only::HolderIn {
                holder: actor,
                article: *article,
                issues: &issues,
                span: None,
            };
            machine.extend(self.statements_only(only)?);
        }
        machine.sort_by_key(|r| r.id);
        machine.dedup_by_key(|r| r.id);
        let mut edits = Edits::default();
        for m in &machine {
            edits.take(overlay, m);
        }
        let added = self.added_statements(overlay, None)?;
        for r in overlay.statements(added) {
            edits.join(&r);
            edits.arriving.push(r.clone());
            edits.reviewed.insert(r.id, r);
        }
        for joining in edits.joining.values_mut() {
            joining.sort();
        }
        Ok(edits)
    }

    /// The machine's statements a decision names: from `sought`, else
    /// sought (a seek of `positions_timeline` at the article's date) and
    /// kept there.
    fn sought_statements(
        &mut self,
        n: &crate::review::Named<'_>,
        sought: &mut Sought,
    ) -> Result<Vec<PositionRow>> {
        let key = format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
            n.actor, n.article, n.issue, n.start, n.end
        );
        if let Some(rows) = sought.get(&key) {
            return Ok(rows.clone());
        }
        let only = Only::HolderIn {
            holder: n.actor,
            article: n.article,
            issues: &[n.issue.to_string()],
            span: Some((n.start, n.end)),
        };
        let rows = self.statements_only(only)?;
        sought.insert(key, rows.clone());
        Ok(rows)
    }

    /// `edits` after `decisions` (stance decisions, just added to
    /// `overlay`, whose other decisions `edits` was worked out under):
    /// the statements each names taken out of them and put back through
    /// the decisions (a seek each, unless `sought` holds it).
    pub(crate) fn edits_after(
        &mut self,
        edits: &mut Edits,
        overlay: &Overlay,
        decisions: &[&Decision],
        sought: &mut Sought,
    ) -> Result<()> {
        let mut machine = Vec::new();
        for n in decisions.iter().filter_map(|d| d.statement()) {
            machine.extend(self.sought_statements(&n, sought)?);
        }
        machine.sort_by_key(|r| r.id);
        machine.dedup_by_key(|r| r.id);
        for m in &machine {
            edits.forget(m);
        }
        for m in &machine {
            edits.take(overlay, m);
        }
        for joining in edits.joining.values_mut() {
            if !joining.is_sorted() {
                joining.sort();
            }
        }
        Ok(())
    }

    /// The machine's statements `only` names.
    fn statements_only(&mut self, only: Only<'_>) -> Result<Vec<PositionRow>> {
        Ok(self
            .machine_statements_page_at(None, Some(only), None, None, usize::MAX)?
            .0)
    }
}
