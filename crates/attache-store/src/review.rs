//! A person's review of the record: decisions (accept or reject a stance,
//! correct it, add a missed one, correct a quote's speaker, merge, split or
//! place an actor) kept in `reviews` beside the machine's reading, which
//! they never change. Each decision names what it is about by things that
//! `reanalyse` keeps (article id, character span, issue, actor keys), so it
//! applies again to a rebuilt record. The record's queries (statements,
//! matrix, changes, quotes, actors, and so scenarios and forecasts) read
//! the machine's rows through the decisions; the latest decision on one
//! thing wins, the earlier ones stay as history.

use crate::backend::{DbError, Val};
use crate::db::{
    ActorRow, ChangeRow, Cursor, Only, PositionRow, QuoteFilter, QuoteRow, Result, Side, Store,
};
use crate::edits::Edits;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

/// One decision. Stances are named by their article, the character span
/// of their evidence, their issue and their holder's actor key (as the
/// machine read it); quotes by article and span; actors by key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Decision {
    /// The machine read this stance right.
    Accept {
        article: i64,
        start: i64,
        end: i64,
        issue: String,
        actor: String,
    },
    /// This is no stance of this holder on this issue.
    Reject {
        article: i64,
        start: i64,
        end: i64,
        issue: String,
        actor: String,
    },
    /// The stance, its holder or its issue read wrong: each given one replaces the machine's.
    Correct {
        article: i64,
        start: i64,
        end: i64,
        issue: String,
        actor: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        stance: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        holder: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to_issue: Option<String>,
    },
    /// A stance the machine missed: its sentence (a character span), holder, issue and stance.
    Add {
        article: i64,
        start: i64,
        end: i64,
        holder: String,
        issue: String,
        stance: String,
    },
    /// The quote at this span was said by `speaker` (an actor key or name).
    Speaker {
        article: i64,
        start: i64,
        end: i64,
        speaker: String,
    },
    /// The machine named the quote's speaker right.
    AcceptSpeaker { article: i64, start: i64, end: i64 },
    /// The quote's speaker is wrong, and unknown: the quote is unattributed.
    RejectSpeaker { article: i64, start: i64, end: i64 },
    /// `actor` is the same as `into`: its statements and quotes become `into`'s.
    Merge { actor: String, into: String },
    /// In `article`, `actor` is someone else: `name`.
    Split {
        actor: String,
        article: i64,
        name: String,
    },
    /// `actor` speaks for `affiliation` (a state or organisation).
    Affiliation { actor: String, affiliation: String },
}

/// The statement a stance decision names: its article, its evidence's
/// span, its issue and its holder's key as the machine read them.
pub(crate) struct Named<'a> {
    pub(crate) article: i64,
    pub(crate) start: i64,
    pub(crate) end: i64,
    pub(crate) issue: &'a str,
    pub(crate) actor: &'a str,
}

fn stance_target(article: i64, start: i64, end: i64, issue: &str, actor: &str) -> String {
    format!("stance:{article}:{start}:{end}:{issue}:{actor}")
}

impl Decision {
    /// The quote a decision on a speaker names: (article, start, end).
    fn quote_span(&self) -> Option<(i64, i64, i64)> {
        match *self {
            Decision::Speaker {
                article,
                start,
                end,
                ..
            }
            | Decision::AcceptSpeaker {
                article,
                start,
                end,
            }
            | Decision::RejectSpeaker {
                article,
                start,
                end,
            } => Some((article, start, end)),
            _ => None,
        }
    }

    /// What the decision is about: a later decision on the same target replaces it.
    pub fn target(&self) -> String {
        if let Some(n) = self.statement() {
            return stance_target(n.article, n.start, n.end, n.issue, n.actor);
        }
        if let Some((article, start, end)) = self.quote_span() {
            return format!("quote:{article}:{start}:{end}");
        }
        match self {
            Decision::Accept { .. } | Decision::Reject { .. } | Decision::Correct { .. } => {
                unreachable!("a stance decision names a statement")
            }
            Decision::Add {
                article,
                start,
                end,
                holder,
                issue,
                ..
            } => format!("add:{article}:{start}:{end}:{issue}:{holder}"),
            Decision::Speaker { .. }
            | Decision::AcceptSpeaker { .. }
            | Decision::RejectSpeaker { .. } => {
                unreachable!("a speaker decision names a quote")
            }
            Decision::Merge { actor, .. } => format!("merge:{actor}"),
            Decision::Split { actor, article, .. } => format!("split:{actor}:{article}"),
            Decision::Affiliation { actor, .. } => format!("affiliation:{actor}"),
        }
    }

    /// The statement an accept, reject or correct names.
    pub(crate) fn statement(&self) -> Option<Named<'_>> {
        match self {
            Decision::Accept {
                article,
                start,
                end,
                issue,
                actor,
            }
            | Decision::Reject {
                article,
                start,
                end,
                issue,
                actor,
            }
            | Decision::Correct {
                article,
                start,
                end,
                issue,
                actor,
                ..
            } => Some(Named {
                article: *article,
                start: *start,
                end: *end,
                issue,
                actor,
            }),
            _ => None,
        }
    }

    /// The action's name, as in the JSON (`accept`, `reject`, …).
    pub fn action(&self) -> &'static str {
        match self {
            Decision::Accept { .. } => "accept",
            Decision::Reject { .. } => "reject",
            Decision::Correct { .. } => "correct",
            Decision::Add { .. } => "add",
            Decision::Speaker { .. } => "speaker",
            Decision::AcceptSpeaker { .. } => "accept_speaker",
            Decision::RejectSpeaker { .. } => "reject_speaker",
            Decision::Merge { .. } => "merge",
            Decision::Split { .. } => "split",
            Decision::Affiliation { .. } => "affiliation",
        }
    }
}

/// A stored decision, with who made it and when.
#[derive(Clone, Debug, Serialize)]
pub struct ReviewRow {
    pub id: i64,
    pub reviewer: String,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub at: String,
    pub decision: Decision,
    /// A later decision on the same thing replaced this one.
    pub superseded: bool,
    /// What it names is in the record (a stance or quote `reanalyse` no
    /// longer reads leaves its decisions applying to nothing).
    pub applies: bool,
}

/// A statement to check, and why it comes first.
#[derive(Clone, Debug, Serialize)]
pub struct QueueItem {
    /// Higher first: low confidence, a change of stance, few statements behind a forecast input.
    pub priority: f64,
    pub reasons: Vec<String>,
    #[serde(flatten)]
    pub statement: PositionRow,
}

/// A statement of the review queue with what ranks it.
struct Ranked<S> {
    priority: f64,
    confidence: f64,
    changed: bool,
    /// The statements behind its forecast input.
    behind: i64,
    statement: S,
}

impl<S> Ranked<S> {
    fn new(confidence: f64, changed: bool, behind: i64, statement: S) -> Ranked<S> {
        let mut priority = 1.0 - confidence;
        if changed {
            priority += 0.5;
        }
        priority += 0.5 / behind as f64;
        Ranked {
            priority: (priority * 1000.0).round() / 1000.0,
            confidence,
            changed,
            behind,
            statement,
        }
    }

    /// The item shown, with its reasons in words.
    fn item(self, row: impl FnOnce(S) -> PositionRow) -> QueueItem {
        let statement = row(self.statement);
        let mut reasons = Vec::new();
        if self.confidence < 0.7 {
            reasons.push(format!("confidence {:.2}", self.confidence));
        }
        if self.changed {
            reasons.push("one side of a change of stance".into());
        }
        let who = statement
            .affiliation
            .as_deref()
            .unwrap_or(&statement.holder);
        reasons.push(if self.behind == 1 {
            format!(
                "the only statement behind {who}'s forecast input on {}",
                statement.issue
            )
        } else {
            format!(
                "one of {} statements behind {who}'s forecast input on {}",
                self.behind, statement.issue
            )
        });
        QueueItem {
            priority: self.priority,
            reasons,
            statement,
        }
    }
}

/// The `limit` first of the queue: higher priority first, then by article,
/// place and id (`order`).
fn rank<S>(ranked: &mut Vec<Ranked<S>>, limit: usize, order: impl Fn(&S) -> (i64, i64, i64)) {
    let cmp = |a: &Ranked<S>, b: &Ranked<S>| {
        b.priority
            .total_cmp(&a.priority)
            .then_with(|| order(&a.statement).cmp(&order(&b.statement)))
    };
    if ranked.len() > limit {
        ranked.select_nth_unstable_by(limit, cmp);
        ranked.truncate(limit);
    }
    ranked.sort_by(cmp);
}

/// A stance's `support`/`oppose` as stored (+1/−1).
fn stance_sign(stance: &str) -> Option<&'static str> {
    match stance {
        "support" | "+" => Some("support"),
        "oppose" | "-" | "−" => Some("oppose"),
        _ => None,
    }
}

/// The decisions in force, ready to apply to the machine's rows.
#[derive(Clone)]
pub(crate) struct Overlay {
    pub(crate) stance: HashMap<String, Decision>,
    added: Vec<(i64, Decision)>,
    speaker: HashMap<(i64, i64, i64), Decision>,
    merge: HashMap<String, String>,
    pub(crate) split: HashMap<(String, i64), String>,
    pub(crate) affiliation: HashMap<String, String>,
    /// Actor key → (name, affiliation), from the machine's actors.
    pub(crate) names: Arc<ActorNames>,
}

/// Actor key → (name, affiliation), as the record's actors have them.
pub(crate) type ActorNames = HashMap<String, (String, Option<String>)>;

impl Overlay {
    /// The decisions in force among `decisions` (stored ones, in the
    /// order taken: the last on each target stands), with the actors'
    /// names.
    pub(crate) fn of(decisions: &[(i64, Decision)], names: Arc<ActorNames>) -> Overlay {
        let mut latest: HashMap<String, (i64, &Decision)> = HashMap::new();
        for (id, decision) in decisions {
            latest.insert(decision.target(), (*id, decision));
        }
        let mut overlay = Overlay {
            stance: HashMap::new(),
            added: Vec::new(),
            speaker: HashMap::new(),
            merge: HashMap::new(),
            split: HashMap::new(),
            affiliation: HashMap::new(),
            names,
        };
        let mut in_order: Vec<(String, (i64, &Decision))> = latest.into_iter().collect();
        in_order.sort_by_key(|(_, (id, _))| *id);
        for (target, (id, d)) in in_order {
            let d = d.clone();
            if let Some(span) = d.quote_span() {
                overlay.speaker.insert(span, d);
                continue;
            }
            match d {
                Decision::Add { .. } => overlay.added.push((id, d)),
                Decision::Merge { actor, into } => {
                    overlay.merge.insert(actor, into);
                }
                Decision::Split {
                    actor,
                    article,
                    name,
                } => {
                    overlay.split.insert((actor, article), name);
                }
                Decision::Affiliation { actor, affiliation } => {
                    overlay.affiliation.insert(actor, affiliation);
                }
                _ => {
                    overlay.stance.insert(target, d);
                }
            }
        }
        overlay
    }

    /// Whether `d` edits nothing but its own statement or quote (an
    /// accept, reject or correction of a stance; a decision on a speaker),
    /// so that adding it to an overlay ([`Overlay::add`]) is the overlay
    /// made again with it.
    pub(crate) fn edits_its_target_alone(d: &Decision) -> bool {
        d.statement().is_some() || d.quote_span().is_some()
    }

    /// `d`, taken after the decisions this overlay holds, in force: one
    /// that [`Overlay::edits_its_target_alone`].
    pub(crate) fn add(&mut self, d: &Decision) {
        match d.quote_span() {
            Some(span) => {
                self.speaker.insert(span, d.clone());
            }
            None => {
                self.stance.insert(d.target(), d.clone());
            }
        }
    }

    /// The holders (actor keys, `name:` for holders that are no actor)
    /// whose cells of the matrix the decisions may change: those a stance
    /// decision names, those merged and merged into, split and split off,
    /// and the holders of added statements.
    pub(crate) fn holders_touched(&self) -> std::collections::HashSet<String> {
        let mut keys = self.holders_decided();
        for (from, into) in &self.merge {
            keys.extend([from.clone(), into.clone()]);
        }
        keys
    }

    /// The holders whose statements a decision changes one by one: those
    /// a stance decision names, split and split off, and the holders of
    /// added statements (not those only merged).
    fn holders_decided(&self) -> std::collections::HashSet<String> {
        let mut keys = std::collections::HashSet::new();
        for d in self
            .stance
            .values()
            .chain(self.added.iter().map(|(_, d)| d))
        {
            match d {
                Decision::Accept { actor, .. } | Decision::Reject { actor, .. } => {
                    keys.insert(actor.clone());
                }
                Decision::Correct { actor, holder, .. } => {
                    keys.insert(actor.clone());
                    keys.extend(holder.clone());
                }
                Decision::Add { holder, .. } => {
                    keys.insert(holder.clone());
                }
                _ => {}
            }
        }
        for ((actor, _), name) in &self.split {
            keys.extend([actor.clone(), format!("name:{name}")]);
        }
        keys
    }

    /// The actors merged into `key` (at the end of their merges), and itself.
    pub(crate) fn merged_with(&self, key: &str) -> Vec<String> {
        let mut keys: Vec<String> = self
            .merge
            .keys()
            .filter(|from| self.merged_into(from) == key)
            .cloned()
            .collect();
        keys.push(key.to_string());
        keys
    }

    /// The actor a key is merged into, at the end of its merges (itself
    /// if none).
    pub(crate) fn merged_into(&self, key: &str) -> String {
        let mut k = key.to_string();
        for _ in 0..32 {
            match self.merge.get(&k) {
                Some(next) => k = next.clone(),
                None => break,
            }
        }
        k
    }

    /// The actor a key stands for in an article, after splits and merges.
    fn actor(&self, key: &str, article: i64) -> String {
        match self.split.get(&(key.to_string(), article)) {
            Some(name) => self.merged_into(&format!("name:{name}")),
            None => self.merged_into(key),
        }
    }

    fn name(&self, key: &str) -> String {
        self.names.get(key).map_or_else(
            || key.strip_prefix("name:").unwrap_or(key).to_string(),
            |(n, _)| n.clone(),
        )
    }

    fn affiliation(&self, key: &str, own: Option<String>) -> Option<String> {
        self.affiliation
            .get(key)
            .cloned()
            .or(own)
            .or_else(|| self.names.get(key).and_then(|(_, a)| a.clone()))
    }

    /// The rows (the machine's and the added, in order) through the decisions.
    pub(crate) fn statements(&self, rows: Vec<PositionRow>) -> Vec<PositionRow> {
        let mut out = Vec::with_capacity(rows.len());
        for mut r in rows {
            let target = stance_target(r.article, r.start, r.end, &r.issue, &r.actor);
            let original = (r.issue.clone(), r.actor.clone());
            let mut renamed = false;
            match self.stance.get(&target) {
                Some(Decision::Reject { .. }) => continue,
                Some(Decision::Accept { .. }) => {
                    r.review = Some("accepted".into());
                    r.confidence = 1.0;
                }
                Some(Decision::Correct {
                    stance,
                    holder,
                    to_issue,
                    ..
                }) => {
                    if let Some(s) = stance.as_deref().and_then(stance_sign) {
                        r.stance = s.into();
                    }
                    if let Some(h) = holder {
                        r.actor = h.clone();
                        r.affiliation = None;
                        renamed = true;
                    }
                    if let Some(i) = to_issue {
                        r.issue = i.clone();
                    }
                    r.review = Some("corrected".into());
                    r.confidence = 1.0;
                }
                _ => {}
            }
            let key = self.actor(&r.actor, r.article);
            if key != r.actor || renamed {
                r.holder = self.name(&key);
                r.actor = key;
            }
            r.affiliation = self.affiliation(&r.actor, r.affiliation.take());
            if (&r.issue, &r.actor) != (&original.0, &original.1) {
                r.reviewed_key = Some(original);
            }
            out.push(r);
        }
        out
    }

    fn quote(&self, mut q: QuoteRow) -> QuoteRow {
        let mut renamed = false;
        match self.speaker.get(&(q.article, q.start, q.end)) {
            Some(Decision::Speaker { speaker, .. }) => {
                q.actor_key = Some(speaker.clone());
                q.review = Some("corrected".into());
                renamed = true;
            }
            Some(Decision::RejectSpeaker { .. }) => {
                (q.actor_key, q.actor_name, q.speaker) = (None, None, None);
                q.review = Some("unattributed".into());
            }
            Some(Decision::AcceptSpeaker { .. }) => q.review = Some("accepted".into()),
            _ => {}
        }
        if let Some(k) = q.actor_key.clone() {
            let key = self.actor(&k, q.article);
            if key != k || renamed {
                let name = self.name(&key);
                q.speaker = Some(name.clone());
                q.actor_name = Some(name);
                q.actor_key = Some(key);
            }
        }
        q
    }
}

/// The statements the review queue ranks at most: those stored last.
pub const REVIEW_WINDOW: i64 = 10_000;

/// A statement's place in the lists' order, as a cursor.
pub(crate) fn statement_key(r: &PositionRow) -> Cursor {
    Cursor::after(&r.published, r.article, r.start, r.id)
}

/// A statement's place in the lists' order, as the sequences hold it.
pub(crate) fn statement_place(r: &PositionRow) -> crate::db::Order {
    order_of(&statement_key(r))
}

/// A statement's place in the lists' order, borrowed (for sorting:
/// [`statement_key`] makes a cursor each time).
pub(crate) fn statement_order(r: &PositionRow) -> (&str, i64, i64, i64) {
    (
        r.published.as_deref().unwrap_or(""),
        r.article,
        r.start,
        r.id,
    )
}

/// A change's place in the lists' order (its later statement's), as a cursor.
pub(crate) fn change_key(c: &crate::db::ChangeRow) -> Cursor {
    Cursor::after(
        &c.after,
        c.after_span.article,
        c.after_span.start,
        c.after_id,
    )
}

/// A quote's place in the lists' order, as a cursor.
pub(crate) fn quote_key(q: &QuoteRow) -> Cursor {
    Cursor::after(&q.published, q.article, q.start, q.id)
}

/// The order of places: undated first, then by date, article, start and id.
fn order_of(c: &Cursor) -> (String, i64, i64, i64) {
    (c.published.clone(), c.article, c.start, c.id)
}

/// The matrix of statements: a cell per holder and issue, its latest
/// statement (undated first, then by date, article and place) with the
/// count of its statements, by holder and issue.
fn cells_of(rows: Vec<PositionRow>) -> Vec<PositionRow> {
    let mut cells: HashMap<(String, String), (i64, PositionRow)> = HashMap::new();
    let order = |x: &PositionRow| {
        (
            x.published.is_some(),
            x.published.clone().unwrap_or_default(),
            x.article,
            x.start,
        )
    };
    for r in rows {
        let cell = cells
            .entry((r.actor.clone(), r.issue.clone()))
            .or_insert((0, r.clone()));
        cell.0 += 1;
        if order(&r) >= order(&cell.1) {
            cell.1 = r;
        }
    }
    let mut out: Vec<PositionRow> = cells
        .into_values()
        .map(|(n, mut r)| {
            r.statements = n;
            r
        })
        .collect();
    out.sort_by(|a, b| a.holder.cmp(&b.holder).then(a.issue.cmp(&b.issue)));
    out
}

/// Cells of one holder and issue joined into one (those of actors merged
/// into one): their statements counted together, the latest in the
/// lists' order shown.
fn cells_joined(cells: Vec<PositionRow>) -> Vec<PositionRow> {
    let order = |x: &PositionRow| {
        (
            x.published.is_some(),
            x.published.clone().unwrap_or_default(),
            x.article,
            x.start,
            x.id,
        )
    };
    let mut joined: HashMap<(String, String), PositionRow> = HashMap::new();
    for r in cells {
        match joined.entry((r.actor.clone(), r.issue.clone())) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(r);
            }
            std::collections::hash_map::Entry::Occupied(mut o) => {
                let statements = o.get().statements + r.statements;
                if order(&r) > order(o.get()) {
                    o.insert(r);
                }
                o.get_mut().statements = statements;
            }
        }
    }
    joined.into_values().collect()
}

/// Holders no decision touches that walk their sequences for the
/// changes as reviewed, if no more are left (see
/// `changes_page_as_reviewed`).
pub(crate) const WALKED_AS_LEFT: usize = 64;

/// Touched holders whose kept changes SQL skips, a parameter each (past
/// them, they are dropped as read: SQLite takes at most 32,766).
const EXCLUDED_IN_SQL: usize = 4_096;

/// A page of rows and the cursor of the next, if any.
pub(crate) type Page<T> = Result<(Vec<T>, Option<Cursor>)>;

/// Rows in the list's order, given a page at a time as the machine's are.
pub(crate) type Source<'a, T> = dyn FnMut(&mut Store, Option<&Cursor>, usize) -> Page<T> + 'a;

/// A page merged from several walks of the machine's rows, each in the
/// list's order (no decision applied).
pub(crate) fn merged_walks<T, W>(
    store: &mut Store,
    mut walks: Vec<W>,
    key: fn(&T) -> Cursor,
    after: Option<&Cursor>,
    limit: usize,
) -> Page<T>
where
    W: FnMut(&mut Store, Option<&Cursor>, usize) -> Page<T>,
{
    let mut sources: Vec<&mut Source<'_, T>> =
        walks.iter_mut().map(|w| w as &mut Source<'_, T>).collect();
    merged_page(store, &mut sources, Some, key, after, limit)
}

/// What each of several walks gives of a page at a time: its share
/// (at least 8, at most 4,096), not the least chunk of a merged page; a
/// walk that runs dry is read again. The whole list asked for is read at
/// once.
#[derive(Clone, Copy)]
pub(crate) struct ShareOfPage(usize);

impl ShareOfPage {
    pub(crate) fn new(limit: usize, walks: usize) -> ShareOfPage {
        ShareOfPage((limit.saturating_add(1) / walks.max(1)).clamp(8, 4096))
    }

    /// The rows to ask a walk for when `n` are asked.
    pub(crate) fn of(self, n: usize) -> usize {
        if n == usize::MAX { n } else { n.min(self.0) }
    }
}

/// A source of rows held in memory (few: those the decisions add).
pub(crate) fn in_memory<T>(
    mut rows: Vec<T>,
    key: fn(&T) -> Cursor,
) -> impl FnMut(&mut Store, Option<&Cursor>, usize) -> Page<T> {
    rows.sort_by_key(|r| order_of(&key(r)));
    let mut rows: std::collections::VecDeque<T> = rows.into();
    move |_, after, n| {
        while let (Some(first), Some(after)) = (rows.front(), after) {
            if order_of(&key(first)) > order_of(after) {
                break;
            }
            rows.pop_front();
        }
        let page: Vec<T> = rows.drain(..n.min(rows.len())).collect();
        let next = (!rows.is_empty()).then(|| key(page.last().expect("n is at least one")));
        Ok((page, next))
    }
}

/// A page of a list as reviewed, without reading the whole list: each
/// source gives the machine's rows that may belong to it, a chunk at a
/// time in the list's order; each row goes through `review` (`None`: not
/// in the list as reviewed) and the sources are merged in order. A page
/// reads about as many rows as it shows, plus those the decisions drop.
pub(crate) fn merged_page<T>(
    store: &mut Store,
    sources: &mut [&mut Source<'_, T>],
    review: impl Fn(T) -> Option<T>,
    key: fn(&T) -> Cursor,
    after: Option<&Cursor>,
    limit: usize,
) -> Result<(Vec<T>, Option<Cursor>)> {
    let limit = limit.max(1);
    // the whole list asked for: one read of each source (a chunk of an
    // order no index holds would sort the whole list each time); else
    // each source's share of the page at first, read again when it runs dry
    let chunk = if limit == usize::MAX {
        usize::MAX
    } else {
        (limit.saturating_add(1) / sources.len().max(1)).clamp(64, 4096)
    };
    // each source's rows read and not yet taken, and where it goes on
    let mut read: Vec<std::collections::VecDeque<T>> = Vec::new();
    let mut next: Vec<Option<Cursor>> = Vec::new();
    for source in sources.iter_mut() {
        let (rows, more) = source(store, after, chunk)?;
        read.push(rows.into());
        next.push(more);
    }
    let mut out = Vec::new();
    while out.len() <= limit {
        for k in 0..read.len() {
            // until it gives a row or ends: a source may give a page
            // emptied by what it skips, and the rows it has yet to give
            // may come before the others'
            while read[k].is_empty()
                && let Some(cursor) = next[k].take()
            {
                let (rows, more) = sources[k](store, Some(&cursor), chunk)?;
                read[k] = rows.into();
                next[k] = more;
            }
        }
        let first = (0..read.len())
            .filter_map(|k| read[k].front().map(|r| (order_of(&key(r)), k)))
            .min();
        let Some((_, k)) = first else { break };
        let row = read[k].pop_front().expect("a front row");
        if let Some(row) = review(row) {
            out.push(row);
        }
    }
    Ok(crate::db::page_of(out, limit, key))
}

impl Store {
    /// Whether a page of quotes, statements or (at the default confidence)
    /// changes reads only its own rows: a record with its kept tables and
    /// no decisions. Otherwise each page is made from the whole list, and
    /// one who wants every row reads them at once.
    pub fn pages_read_their_own_rows(&mut self) -> Result<bool> {
        Ok(self.has_kept && self.overlay()?.is_none())
    }

    /// Whether a page of the changes at `min_confidence` reads only its
    /// own rows: as [`Store::pages_read_their_own_rows`], and at another
    /// confidence than the kept changes', a record that walks them by
    /// seeks ([`crate::changes_at`]).
    pub fn changes_pages_read_their_own_rows(&mut self, min_confidence: f64) -> Result<bool> {
        Ok(self.pages_read_their_own_rows()?
            && (min_confidence == crate::db::CHANGE_CONFIDENCE
                || (self.has_holder_order && self.statement_issues()?.is_some())))
    }

    /// The decisions in force, or none when there are none (the machine's
    /// reading then answers as it is, through its faster queries), read
    /// from the record (see [`Store::overlay`]).
    pub(crate) fn read_overlay(&mut self) -> Result<Option<Overlay>> {
        let decisions = self.read_decisions(0)?;
        if decisions.is_empty() {
            return Ok(None);
        }
        let names = Arc::new(self.read_actor_names()?);
        Ok(Some(Overlay::of(&decisions, names)))
    }

    /// The decisions stored after id `after`, in the order taken.
    pub(crate) fn read_decisions(&mut self, after: i64) -> Result<Vec<(i64, Decision)>> {
        Ok(self.read_decisions_counted(after)?.0)
    }

    /// [`Store::read_decisions`] and, in the same read, how many
    /// decisions there are.
    pub(crate) fn read_decisions_counted(
        &mut self,
        after: i64,
    ) -> Result<(Vec<(i64, Decision)>, i64)> {
        let rows = self.db.query(
            "SELECT c.n, r.id, r.decision FROM (SELECT count(*) AS n FROM reviews) c
               LEFT JOIN reviews r ON r.id > ?1 ORDER BY r.id",
            &[after.into()],
        )?;
        let count = rows.first().map_or(0, |r| r[0].int());
        let mut decisions = Vec::new();
        for r in rows {
            if matches!(r[1], Val::Null) {
                continue;
            }
            let decision: Decision = serde_json::from_str(&r[2].string())
                .map_err(|e| DbError(format!("review {}: {e}", r[1].int())))?;
            decisions.push((r[1].int(), decision));
        }
        Ok((decisions, count))
    }

    /// Every actor's name and affiliation, by key.
    pub(crate) fn read_actor_names(&mut self) -> Result<ActorNames> {
        Ok(self
            .db
            .query("SELECT key, name, affiliation FROM actors", &[])?
            .into_iter()
            .map(|r| (r[0].string(), (r[1].string(), r[2].text())))
            .collect())
    }

    /// The issues with a stance as reviewed: the machine's, and those a
    /// decision names; each that a decision names holds one only if its
    /// first page of statements (as reviewed) is not empty.
    pub(crate) fn issues_as_reviewed(
        &mut self,
        overlay: &Overlay,
        machine: Vec<String>,
    ) -> Result<Vec<String>> {
        let mut named: Vec<&str> = Vec::new();
        for d in overlay
            .stance
            .values()
            .chain(overlay.added.iter().map(|(_, d)| d))
        {
            match d {
                Decision::Accept { issue, .. } | Decision::Reject { issue, .. } => {
                    named.push(issue)
                }
                Decision::Correct {
                    issue, to_issue, ..
                } => named.extend(
                    [Some(issue), to_issue.as_ref()]
                        .into_iter()
                        .flatten()
                        .map(String::as_str),
                ),
                Decision::Add { issue, .. } => named.push(issue),
                _ => {}
            }
        }
        named.sort_unstable();
        named.dedup();
        let mut ids: std::collections::BTreeSet<String> = machine.into_iter().collect();
        for issue in named {
            if self
                .statements_page(Some(issue), None, None, 1)?
                .0
                .is_empty()
            {
                ids.remove(issue);
            } else {
                ids.insert(issue.to_string());
            }
        }
        Ok(ids.into_iter().collect())
    }

    /// Every statement on `issue` (or all) up to `until` as reviewed, made
    /// from the whole list at once: what [`Store::statements_page`]'s
    /// pages must join up to (for tests).
    #[doc(hidden)]
    pub fn statements_read_whole(
        &mut self,
        issue: Option<&str>,
        until: Option<&str>,
    ) -> Result<Vec<PositionRow>> {
        let Some(overlay) = self.overlay()? else {
            return Ok(self
                .machine_statements_page(issue, until, None, usize::MAX)?
                .0);
        };
        let mut rows = self.reviewed_statements(&overlay, until)?;
        rows.retain(|r| issue.is_none_or(|i| r.issue == i));
        Ok(rows)
    }

    /// Every statement up to `until`, the machine's and the added, through
    /// the decisions, in the lists' order.
    fn reviewed_statements(
        &mut self,
        overlay: &Overlay,
        until: Option<&str>,
    ) -> Result<Vec<PositionRow>> {
        let mut rows = self
            .machine_statements_page(None, until, None, usize::MAX)?
            .0;
        rows.extend(self.added_statements(overlay, until)?);
        let mut rows = overlay.statements(rows);
        rows.sort_by(|a, b| statement_order(a).cmp(&statement_order(b)));
        Ok(rows)
    }

    /// The statements shown at a span (article, start, end), the machine's
    /// on any issue and the added, through the decisions, in the lists'
    /// order: seeks, not a read of every statement.
    fn statements_shown_at(
        &mut self,
        article: i64,
        start: i64,
        end: i64,
    ) -> Result<Vec<PositionRow>> {
        let only = Some(Only::At(article, start, end));
        let mut rows = self
            .machine_statements_page_at(None, only, None, None, usize::MAX)?
            .0;
        let Some(overlay) = self.overlay()? else {
            return Ok(rows);
        };
        rows.extend(self.added_statements_at(&overlay, None, Some((article, start, end)))?);
        let mut rows = overlay.statements(rows);
        rows.sort_by(|a, b| statement_order(a).cmp(&statement_order(b)));
        Ok(rows)
    }

    /// The statements added by decisions up to `until`, in the list's
    /// order, as the machine's rows are before the decisions apply.
    pub(crate) fn added_statements(
        &mut self,
        overlay: &Overlay,
        until: Option<&str>,
    ) -> Result<Vec<PositionRow>> {
        self.added_statements_at(overlay, until, None)
    }

    /// [`Store::added_statements`], only at this span (article, start,
    /// end) if given.
    fn added_statements_at(
        &mut self,
        overlay: &Overlay,
        until: Option<&str>,
        at: Option<(i64, i64, i64)>,
    ) -> Result<Vec<PositionRow>> {
        let mut rows = Vec::new();
        for (id, d) in &overlay.added {
            let Decision::Add {
                article,
                start,
                end,
                holder,
                issue,
                stance,
            } = d
            else {
                continue;
            };
            if at.is_some_and(|at| at != (*article, *start, *end)) {
                continue;
            }
            let Some(a) = self.article(*article)? else {
                continue;
            };
            if until.is_some() && a.published.as_deref().is_none_or(|p| Some(p) > until) {
                continue;
            }
            let evidence: String = a
                .text
                .chars()
                .skip(*start as usize)
                .take((end - start).max(0) as usize)
                .collect();
            rows.push(PositionRow {
                actor: holder.clone(),
                holder: overlay.name(holder),
                affiliation: None,
                issue: issue.clone(),
                stance: stance_sign(stance).unwrap_or("support").into(),
                published: a.published,
                statements: 1,
                confidence: 1.0,
                evidence,
                article: *article,
                start: *start,
                end: *end,
                id: -id,
                review: Some("added".into()),
                reviewed_key: None,
            });
        }
        rows.sort_by(|a, b| statement_order(a).cmp(&statement_order(b)));
        Ok(rows)
    }

    /// At most `limit` statements after `after` (undated first, then by
    /// date, article and place), as reviewed, and the cursor of the next
    /// page if any. Keyset pages: on a record without decisions a deep page
    /// costs what the first does.
    pub fn statements_page(
        &mut self,
        issue: Option<&str>,
        until: Option<&str>,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Result<(Vec<PositionRow>, Option<Cursor>)> {
        let Some(overlay) = self.overlay()? else {
            return self.machine_statements_page(issue, until, after, limit);
        };
        // the machine's statements on the issue, those corrected into it
        // from another, and those added: each in the list's order
        let mut moved_in = Vec::new();
        if let Some(issue) = issue {
            for d in overlay.stance.values() {
                if let Decision::Correct {
                    article,
                    start,
                    end,
                    issue: from,
                    to_issue: Some(to),
                    ..
                } = d
                    && to == issue
                    && from != issue
                {
                    let at = Some(Only::At(*article, *start, *end));
                    moved_in.extend(
                        self.machine_statements_page_at(Some(from), at, until, None, usize::MAX)?
                            .0,
                    );
                }
            }
        }
        // a span read as two holders' statements comes back for each
        // decision on it: each statement once
        moved_in.sort_by_key(|r: &PositionRow| r.id);
        moved_in.dedup_by_key(|r| r.id);
        let added = self.added_statements(&overlay, until)?;
        let mut machine = |store: &mut Store, after: Option<&Cursor>, n: usize| {
            store.machine_statements_page(issue, until, after, n)
        };
        let mut moved_in = in_memory(moved_in, statement_key);
        let mut added = in_memory(added, statement_key);
        merged_page(
            self,
            &mut [&mut machine, &mut moved_in, &mut added],
            |r| {
                overlay
                    .statements(vec![r])
                    .pop()
                    .filter(|r| issue.is_none_or(|i| r.issue == i))
            },
            statement_key,
            after,
            limit,
        )
    }

    /// The actor × issue matrix as of a date, as reviewed: each cell the
    /// latest stance, with its date, the count of statements and its evidence.
    pub fn positions(&mut self, as_of: Option<&str>) -> Result<Vec<PositionRow>> {
        let overlay = self.overlay()?;
        self.positions_through(overlay.as_deref(), None, as_of)
    }

    /// Whether the matrix, the changes and the queue as reviewed edit what
    /// ingest keeps ([`Edits`]); if not (a record from before migration
    /// 16), they are made from every statement.
    fn edits_kept(&self) -> bool {
        self.has_kept && self.has_actor_statements
    }

    /// [`Store::positions`] through decisions already read (`None`: there
    /// are none), and their edits if worked out.
    fn positions_through(
        &mut self,
        overlay: Option<&Overlay>,
        edits: Option<&Edits>,
        as_of: Option<&str>,
    ) -> Result<Vec<PositionRow>> {
        let Some(overlay) = overlay else {
            return self.machine_positions(as_of);
        };
        if self.edits_kept() && (as_of.is_none() || self.has_dated_cells) {
            let worked_out;
            let edits = match edits {
                Some(edits) => edits,
                None => {
                    worked_out = self.edits(overlay)?;
                    &worked_out
                }
            };
            return self.positions_as_reviewed(overlay, edits, as_of);
        }
        let rows = self.reviewed_statements(overlay, as_of)?;
        Ok(cells_of(rows))
    }

    /// [`Store::positions`] made from every statement up to `as_of` (for
    /// tests: what the matrix, kept or as reviewed, must equal).
    #[doc(hidden)]
    pub fn positions_read_whole(&mut self, as_of: Option<&str>) -> Result<Vec<PositionRow>> {
        let Some(overlay) = self.overlay()? else {
            return match as_of {
                None => self.machine_positions(None),
                Some(date) => self.machine_positions_of_every_statement(date),
            };
        };
        let rows = self.reviewed_statements(&overlay, as_of)?;
        Ok(cells_of(rows))
    }

    /// The matrix as of now or a date, as reviewed, from the machine's
    /// cells (kept at ingest, or from `cell_days`): those the decisions on
    /// single statements edit ([`Edits::cells`]) and the statements they
    /// move or add, then every cell through the decisions, the cells of
    /// actors merged into one joined. A decision costs the statements it
    /// names and a few seeks, not those of its holder or of the record.
    fn positions_as_reviewed(
        &mut self,
        overlay: &Overlay,
        edits: &Edits,
        as_of: Option<&str>,
    ) -> Result<Vec<PositionRow>> {
        let machine = self.machine_positions(as_of)?;
        let (cells, arriving) = edits.cells(self, machine, as_of)?;
        let mut cells = overlay.statements(cells);
        cells.extend(arriving);
        let mut out = cells_joined(cells);
        out.sort_by(|a, b| a.holder.cmp(&b.holder).then(a.issue.cmp(&b.issue)));
        Ok(out)
    }

    /// A page of the changes as reviewed (at the default confidence): the
    /// kept changes of the holders no decision touches, merged in order
    /// with the walks of the others: each holder as reviewed (its own
    /// actor and those merged into it) walks its sequences as the
    /// decisions edit them.
    pub(crate) fn changes_page_as_reviewed(
        &mut self,
        overlay: &Overlay,
        as_of: Option<&str>,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Result<(Vec<crate::db::ChangeRow>, Option<Cursor>)> {
        let touched = overlay.holders_touched();
        let edits = self.edits(overlay)?;
        // the other holders' changes are kept ones, read past the touched
        // holders'; when few holders are left and they hold few statements,
        // they walk their sequences too (the touched hold almost every
        // change, all read to find the few left)
        let walked = self.walked_as_left;
        let left = self
            .sequence_holders(touched.len().saturating_add(walked))?
            .map(|all| -> Vec<String> {
                all.into_iter().filter(|h| !touched.contains(h)).collect()
            })
            .filter(|left| left.len() <= walked);
        let left = match left {
            Some(left) if self.few_statements_of(&left)? => Some(left),
            _ => None,
        };
        let mut excluding: Vec<String> = touched.iter().cloned().collect();
        excluding.sort();
        // skipped in SQL, a parameter each, unless more than a query takes
        let in_sql = excluding.len() <= EXCLUDED_IN_SQL;
        let mut kept = |store: &mut Store, after: Option<&Cursor>, n: usize| {
            let skipped = if in_sql { excluding.as_slice() } else { &[] };
            let rows = store.kept_changes(as_of, after, n.saturating_add(1), skipped)?;
            let (mut rows, next) = crate::db::page_of(rows, n, change_key);
            if !in_sql {
                rows.retain(|c| !touched.contains(&c.actor_key));
            }
            Ok((rows, next))
        };
        let mut groups: Vec<String> = touched.iter().map(|k| overlay.merged_into(k)).collect();
        groups.extend(left.iter().flatten().cloned());
        groups.sort();
        groups.dedup();
        // each walk gives its share of the page at a time (read again when
        // it runs dry), not the least chunk of a merged page: with every
        // holder touched, a page of 50 walked 64 changes of each
        let share = ShareOfPage::new(limit, groups.len());
        let mut walks = Vec::new();
        for into in groups {
            let actors = overlay.merged_with(&into);
            let mut issues = edits.joining_issues(&into);
            for actor in &actors {
                issues.extend(self.sequence_issues(actor)?);
            }
            issues.sort();
            issues.dedup();
            let edits = &edits;
            walks.push(move |store: &mut Store, after: Option<&Cursor>, n: usize| {
                let n = share.of(n);
                store.merged_changes_page(overlay, edits, &into, &actors, &issues, as_of, after, n)
            });
        }
        let mut sources: Vec<&mut Source<'_, crate::db::ChangeRow>> = Vec::new();
        if left.is_none() {
            sources.push(&mut kept);
        }
        sources.extend(
            walks
                .iter_mut()
                .map(|w| w as &mut Source<'_, crate::db::ChangeRow>),
        );
        merged_page(self, &mut sources, Some, change_key, after, limit)
    }

    /// Whether `holders` hold less than an eighth of the statements (by
    /// their cells' counts, against the last statement's id).
    fn few_statements_of(&mut self, holders: &[String]) -> Result<bool> {
        if holders.is_empty() {
            return Ok(true);
        }
        let mut w = crate::db::Conditions::default();
        let list = w.list(holders);
        let r = self.db.query_one(
            &format!(
                "SELECT (SELECT coalesce(sum(statements), 0) FROM latest_positions WHERE actor IN ({list})),
                        (SELECT coalesce(max(id), 0) FROM positions)"
            ),
            &w.params,
        )?;
        Ok(r.is_some_and(|r| r[0].int().saturating_mul(8) < r[1].int()))
    }

    /// A page of the changes of `holder` as reviewed (`actors`: its own
    /// and those merged into it) after `after`: each issue's sequences
    /// walked as `edits` has them ([`Store::merged_sequence_changes`]),
    /// and only the statements of the page read whole.
    #[allow(clippy::too_many_arguments)]
    fn merged_changes_page(
        &mut self,
        overlay: &Overlay,
        edits: &Edits,
        holder: &str,
        actors: &[String],
        issues: &[String],
        as_of: Option<&str>,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Page<crate::db::ChangeRow> {
        let from = after.map_or((String::new(), i64::MIN, i64::MIN, i64::MIN), order_of);
        let want = limit.saturating_add(1);
        let mut pairs = Vec::new();
        for issue in issues {
            let edit = edits.sequence(holder, issue);
            for pair in self.merged_sequence_changes(
                actors,
                issue,
                &from,
                after.is_some(),
                as_of,
                want,
                edit,
            )? {
                pairs.push((issue.clone(), pair));
            }
        }
        pairs.sort_by(|a, b| a.1[1].0.cmp(&b.1[1].0));
        pairs.truncate(want);
        // the statements of the page: those a decision names as it has
        // them, the rest read and reviewed
        let ids: Vec<i64> = pairs
            .iter()
            .flat_map(|(_, [before, after])| [before.0.3, after.0.3])
            .filter(|id| !edits.reviewed.contains_key(id))
            .collect();
        let rows = self.statements_by_ids(&ids)?;
        let mut by_id: HashMap<i64, PositionRow> = overlay
            .statements(rows)
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
        for (_, [before, after]) in &pairs {
            for id in [before.0.3, after.0.3] {
                if let Some(r) = edits.reviewed.get(&id) {
                    by_id.insert(id, r.clone());
                }
            }
        }
        let mut changes = Vec::with_capacity(pairs.len());
        for (_, [before, after]) in pairs {
            let (Some(b), Some(a)) = (by_id.get(&before.0.3), by_id.get(&after.0.3)) else {
                return Err(DbError(format!(
                    "statements {} and {} of a change are not in the record",
                    before.0.3, after.0.3
                )));
            };
            changes.push(crate::db::change_between(b, a));
        }
        Ok(crate::db::page_of(changes, limit, change_key))
    }

    /// At most `limit` quotes after `after` (undated first, then by date,
    /// article and place), speakers as reviewed, and the cursor of the next
    /// page if there is one.
    pub fn quotes_page(
        &mut self,
        f: &QuoteFilter,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Result<(Vec<QuoteRow>, Option<Cursor>)> {
        let Some(overlay) = self.overlay()? else {
            return self.machine_quotes_page(f, after, limit);
        };
        // as the machine's query reads a name: the actors it finds by key,
        // name or spelling, the actor's name as reviewed, and the speaker
        // of a quote of no actor
        let named = match &f.actor {
            Some(who) => self.actor_keys_named(who)?,
            None => None,
        };
        let wanted = |q: &QuoteRow| {
            f.actor.as_deref().is_none_or(|who| {
                let who = who.to_lowercase();
                let has = |s: &Option<String>| {
                    s.as_deref()
                        .is_some_and(|s| s.to_lowercase().contains(&who))
                };
                let key = q.actor_key.as_deref();
                key.is_some_and(|k| k.to_lowercase() == who)
                    || has(&q.actor_name)
                    || match &named {
                        Some(keys) => {
                            key.is_some_and(|k| keys.contains(k))
                                || (key.is_none() && has(&q.speaker))
                        }
                        None => has(&q.speaker),
                    }
            })
        };
        // the machine's quotes of the actor, and those of other actors
        // that a decision may give it (merged or split actors, quotes whose
        // speaker was decided): each in the list's order
        let touched = crate::db::Touched {
            keys: overlay
                .merge
                .keys()
                .chain(overlay.split.keys().map(|(k, _)| k))
                .cloned()
                .collect(),
            articles: {
                let mut articles: Vec<i64> = overlay.speaker.keys().map(|(a, _, _)| *a).collect();
                articles.sort_unstable();
                articles.dedup();
                articles
            },
        };
        let mut machine = |store: &mut Store, after: Option<&Cursor>, n: usize| {
            store.machine_quotes_page(f, after, n)
        };
        let mut given = |store: &mut Store, after: Option<&Cursor>, n: usize| {
            if f.actor.is_none() {
                return Ok((Vec::new(), None));
            }
            store.machine_quotes_page_of(f, Some(&touched), after, n)
        };
        merged_page(
            self,
            &mut [&mut machine, &mut given],
            |q| Some(overlay.quote(q)).filter(wanted),
            quote_key,
            after,
            limit,
        )
    }

    /// The actors, one row per person or state, merges and affiliations as reviewed.
    pub fn actors(&mut self) -> Result<Vec<ActorRow>> {
        self.actors_from(true)
    }

    /// [`Store::actors`] counted anew from every article (as a record
    /// without kept counts is answered): for checks that the kept counts
    /// hold.
    pub fn actors_counted(&mut self) -> Result<Vec<ActorRow>> {
        self.actors_from(false)
    }

    fn actors_from(&mut self, kept: bool) -> Result<Vec<ActorRow>> {
        let rows = self.machine_actors(kept)?;
        let Some(overlay) = self.overlay()? else {
            return Ok(rows);
        };
        let mut by_key: Vec<ActorRow> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        for r in rows {
            let key = overlay.actor(&r.key, -1);
            match at.get(&key) {
                Some(&k) => {
                    let into = &mut by_key[k];
                    into.articles += r.articles;
                    into.mentions += r.mentions;
                    into.quotes += r.quotes;
                    // the kind is the actor's own, not that of one merged into it
                    if r.key == key {
                        into.kind = r.kind;
                    }
                }
                None => {
                    at.insert(key.clone(), by_key.len());
                    by_key.push(ActorRow {
                        name: overlay.name(&key),
                        affiliation: overlay.affiliation(&key, None),
                        key,
                        ..r
                    });
                }
            }
        }
        by_key.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.name.cmp(&b.name)));
        Ok(by_key)
    }

    /// Every decision, oldest first, each marked if a later one replaced it.
    pub fn reviews(&mut self) -> Result<Vec<ReviewRow>> {
        let mut rows = self.reviews_before(i64::MAX, i64::MAX)?;
        rows.reverse();
        Ok(rows)
    }

    /// At most `limit` decisions with ids below `before`, newest first,
    /// each marked if a later one replaced it.
    pub(crate) fn reviews_before(&mut self, before: i64, limit: i64) -> Result<Vec<ReviewRow>> {
        if !self.has_reviews {
            return Ok(Vec::new());
        }
        let rows = self.db.query(
            "SELECT r.id, r.reviewer, r.created_at, r.decision,
                    EXISTS (SELECT 1 FROM reviews l WHERE l.target = r.target AND l.id > r.id)
             FROM reviews r WHERE r.id < ?1 ORDER BY r.id DESC LIMIT ?2",
            &[before.into(), limit.into()],
        )?;
        rows.into_iter()
            .map(|r| {
                let decision: Decision = serde_json::from_str(&r[3].string())
                    .map_err(|e| DbError(format!("review {}: {e}", r[0].int())))?;
                Ok(ReviewRow {
                    id: r[0].int(),
                    reviewer: r[1].string(),
                    at: r[2].string(),
                    applies: self.applies(&decision)?,
                    decision,
                    superseded: r[4].int() != 0,
                })
            })
            .collect()
    }

    /// The statements not reviewed yet, most worth checking first: low
    /// confidence, one side of a change of stance, and few statements
    /// behind a forecast input (an actor's position on an issue).
    ///
    /// It ranks the [`REVIEW_WINDOW`] statements stored last that no
    /// decision names, so it costs the same however large the record
    /// grows; the statements behind an input are counted in the matrix by
    /// state (each cell's count of statements).
    pub fn review_queue(&mut self, limit: usize) -> Result<Vec<QueueItem>> {
        self.review_queue_in(limit, REVIEW_WINDOW)
    }

    /// [`Store::review_queue`] over the `window` statements stored last
    /// (for tests of the window on a few articles).
    #[doc(hidden)]
    pub fn review_queue_in(&mut self, limit: usize, window: i64) -> Result<Vec<QueueItem>> {
        self.review_queue_of(limit, window, true)
    }

    /// [`Store::review_queue_in`] with the window's changes found among
    /// every change after its earliest date, as before migration 19 (for
    /// tests: what the queue must equal).
    #[doc(hidden)]
    pub fn review_queue_read_whole(&mut self, limit: usize, window: i64) -> Result<Vec<QueueItem>> {
        self.review_queue_of(limit, window, false)
    }

    fn review_queue_of(
        &mut self,
        limit: usize,
        window: i64,
        by_side: bool,
    ) -> Result<Vec<QueueItem>> {
        let overlay = self.overlay()?;
        if by_side && self.has_change_sides && self.edits_kept() {
            return self.narrow_review_queue(overlay.as_deref(), limit, window);
        }
        // the newest in the lists' order, through the decisions (an added
        // statement is reviewed: never in the queue); the evidence read
        // for those shown only
        let since = self.window_start(window)?;
        let newest = self.statements_after_without_evidence(since)?;
        let mut all = match &overlay {
            Some(overlay) => overlay.statements(newest),
            None => newest,
        };
        all.sort_by(|a, b| statement_order(a).cmp(&statement_order(b)));
        let changed = self.changed_after_first(&all)?;
        let behind = self.statements_behind_inputs(overlay.as_deref(), None)?;
        let mut ranked: Vec<Ranked<PositionRow>> = all
            .into_iter()
            .filter(|r| r.review.is_none())
            .map(|r| {
                let who = r.affiliation.clone().unwrap_or_else(|| r.holder.clone());
                let n = behind.get(&(who, r.issue.clone())).copied().unwrap_or(1);
                Ranked::new(r.confidence, changed.contains(&r.side()), n, r)
            })
            .collect();
        rank(&mut ranked, limit, |r| (r.article, r.start, r.id));
        let machine: Vec<i64> = ranked
            .iter()
            .map(|r| r.statement.id)
            .filter(|&id| id > 0)
            .collect();
        let mut evidence: HashMap<i64, String> = self
            .statements_by_ids(&machine)?
            .into_iter()
            .map(|r| (r.id, r.evidence))
            .collect();
        Ok(ranked
            .into_iter()
            .map(|r| {
                r.item(|mut s| {
                    if let Some(e) = evidence.remove(&s.id) {
                        s.evidence = e;
                    }
                    s
                })
            })
            .collect())
    }

    /// [`Store::review_queue`] ranked on narrow rows (no evidence, no
    /// names for show, no sort), only the statements shown read whole.
    /// With decisions, the statements of the holders they touch (named,
    /// merged, split, placed) are read and ranked as reviewed: a side of a
    /// change if a neighbour differs in their holder's sequence as the
    /// decisions edit it (`is_side_among`); the others are sides of a kept
    /// change by id.
    fn narrow_review_queue(
        &mut self,
        overlay: Option<&Overlay>,
        limit: usize,
        window: i64,
    ) -> Result<Vec<QueueItem>> {
        let since = self.window_start(window)?;
        let keys = self.statement_keys_after(since, overlay.is_some())?;
        let edits = match overlay {
            Some(overlay) => Some(self.edits(overlay)?),
            None => None,
        };
        let behind = self.statements_behind_inputs(overlay, edits.as_deref())?;
        let behind = |who: &str, issue: &str| {
            behind
                .get(&(who.to_string(), issue.to_string()))
                .copied()
                .unwrap_or(1)
        };
        let kept_sides: std::collections::HashSet<i64> =
            self.kept_change_sides_after(since)?.into_iter().collect();
        let mut touched = std::collections::HashSet::new();
        if let Some(overlay) = overlay {
            touched = overlay.holders_touched();
            touched.extend(overlay.affiliation.keys().cloned());
        }
        let in_window = keys.len();
        let (keys, decided): (Vec<crate::db::StatementKey>, Vec<crate::db::StatementKey>) =
            keys.into_iter().partition(|k| !touched.contains(&k.actor));
        let mut ranked: Vec<Ranked<crate::db::StatementKey>> = keys
            .into_iter()
            .map(|k| {
                let n = behind(&k.who, &k.issue);
                Ranked::new(k.confidence, kept_sides.contains(&k.id), n, k)
            })
            .collect();
        if let (Some(overlay), Some(edits)) = (overlay, &edits)
            && !decided.is_empty()
        {
            // their evidence is not ranked: many of the window's are read
            // with the window, without it; a few by id
            let machine = if decided.len().saturating_mul(4) >= in_window {
                let ids: std::collections::HashSet<i64> = decided.iter().map(|k| k.id).collect();
                let mut rows = self.statements_after_without_evidence(since)?;
                rows.retain(|r| ids.contains(&r.id));
                rows
            } else {
                let ids: Vec<i64> = decided.iter().map(|k| k.id).collect();
                self.statements_by_ids(&ids)?
            };
            let mut rows = overlay.statements(machine);
            rows.retain(|r| r.review.is_none());
            let behind: Vec<i64> = rows
                .iter()
                .map(|r| behind(r.affiliation.as_deref().unwrap_or(&r.holder), &r.issue))
                .collect();
            // only a statement that could be among the first `limit` as a
            // side of a change needs to be sought as one: the `limit`-th
            // priority of the others and of these as no side bounds it
            let mut least: Vec<f64> = ranked.iter().map(|r| r.priority).collect();
            least.extend(
                rows.iter()
                    .zip(&behind)
                    .map(|(r, &n)| Ranked::new(r.confidence, false, n, ()).priority),
            );
            let bar = match limit.max(1) {
                k if least.len() > k => {
                    *least.select_nth_unstable_by(k - 1, |a, b| b.total_cmp(a)).1
                }
                _ => f64::NEG_INFINITY,
            };
            // the sides among them: each holder's on each issue at once
            // (holder, issue) → (place, stance, id)
            type Statements = Vec<(crate::db::Order, i64, i64)>;
            let mut sequences: HashMap<(&str, &str), Statements> = HashMap::new();
            for (r, &n) in rows.iter().zip(&behind) {
                if r.confidence < crate::db::CHANGE_CONFIDENCE
                    || Ranked::new(r.confidence, true, n, ()).priority < bar
                {
                    continue;
                }
                sequences.entry((&r.actor, &r.issue)).or_default().push((
                    statement_place(r),
                    crate::db::stance_number(&r.stance),
                    r.id,
                ));
            }
            let mut changed = std::collections::HashSet::new();
            for ((actor, issue), mut of) in sequences {
                of.sort();
                let at: Vec<(crate::db::Order, i64)> =
                    of.iter().map(|(o, s, _)| (o.clone(), *s)).collect();
                let actors = overlay.merged_with(actor);
                let sides = self.sides_among(&actors, issue, &at, edits.sequence(actor, issue))?;
                changed.extend(
                    of.iter()
                        .zip(sides)
                        .filter(|(_, side)| *side)
                        .map(|(o, _)| o.2),
                );
            }
            for (r, n) in rows.into_iter().zip(behind) {
                let key = crate::db::StatementKey {
                    id: r.id,
                    article: r.article,
                    start: r.start,
                    confidence: r.confidence,
                    who: r.affiliation.unwrap_or(r.holder),
                    issue: r.issue,
                    actor: r.actor,
                };
                ranked.push(Ranked::new(key.confidence, changed.contains(&r.id), n, key));
            }
        }
        rank(&mut ranked, limit, |k| (k.article, k.start, k.id));
        let ids: Vec<i64> = ranked.iter().map(|r| r.statement.id).collect();
        let rows = self.statements_by_ids(&ids)?;
        let rows = match overlay {
            Some(overlay) => overlay.statements(rows),
            None => rows,
        };
        let mut rows: HashMap<i64, PositionRow> = rows.into_iter().map(|r| (r.id, r)).collect();
        Ok(ranked
            .into_iter()
            .filter_map(|r| {
                let row = rows.remove(&r.statement.id)?;
                Some(r.item(|_| row))
            })
            .collect())
    }

    /// Each forecast input's count of statements, by state and issue.
    fn statements_behind_inputs(
        &mut self,
        overlay: Option<&Overlay>,
        edits: Option<&Edits>,
    ) -> Result<HashMap<(String, String), i64>> {
        Ok(
            crate::db::by_state(&self.positions_through(overlay, edits, None)?)
                .into_iter()
                .map(|c| ((c.state, c.issue), c.statements))
                .collect(),
        )
    }

    /// The statements ([`Side`]) of the changes whose later statement is
    /// at or after the first of `all` in the lists' order: each change with
    /// a statement in `all` has its later one there.
    fn changed_after_first(
        &mut self,
        all: &[PositionRow],
    ) -> Result<std::collections::HashSet<Side>> {
        let Some(first) = all.first() else {
            return Ok(Default::default());
        };
        let before_first =
            Cursor::after(&first.published, first.article, first.start, first.id - 1);
        Ok(self
            .changes_page(
                None,
                crate::db::CHANGE_CONFIDENCE,
                Some(&before_first),
                usize::MAX,
            )?
            .0
            .into_iter()
            .flat_map(ChangeRow::sides)
            .collect())
    }

    /// An actor key for what a person typed: a key of the record, a name
    /// of one of its actors (case aside), or else a new `name:` key.
    pub fn resolve_actor(&mut self, given: &str) -> Result<String> {
        let given = given.trim();
        if self.actor_key_exists(given)? {
            return Ok(given.to_string());
        }
        // the most mentioned of that name, as the actors are listed
        // (`actors_by_mentions`)
        if let Some(r) = self.db.query_one(
            "SELECT key FROM actors WHERE lower(name) = lower(?1)
             ORDER BY mentions DESC, name, key LIMIT 1",
            &[given.into()],
        )? {
            return Ok(r[0].string());
        }
        Ok(if given.starts_with("name:") {
            given.to_string()
        } else {
            format!("name:{given}")
        })
    }

    /// Records a decision by `reviewer`, after checking that what it names
    /// is in the record: `Ok(Err(why))` when it is not (nothing stored).
    /// Names typed for a holder, a speaker or a merge's target become actor keys.
    pub fn review(
        &mut self,
        decision: Decision,
        reviewer: &str,
    ) -> Result<std::result::Result<ReviewRow, String>> {
        if !self.has_reviews {
            return Err(DbError(
                "this record was opened read-only and has no table of decisions".into(),
            ));
        }
        let decision = match self.vet(decision)? {
            Ok(d) => d,
            Err(why) => return Ok(Err(why)),
        };
        let reviewer = if reviewer.trim().is_empty() {
            "anonymous"
        } else {
            reviewer.trim()
        };
        let body = serde_json::to_string(&decision).map_err(|e| DbError(e.to_string()))?;
        let row = self
            .db
            .query_one(
                "INSERT INTO reviews (target, action, decision, reviewer) VALUES (?1, ?2, ?3, ?4) RETURNING id, created_at",
                &[
                    decision.target().into(),
                    decision.action().into(),
                    body.into(),
                    reviewer.into(),
                ],
            )?
            .ok_or_else(|| DbError("insert returned no id".into()))?;
        Ok(Ok(ReviewRow {
            id: row[0].int(),
            reviewer: reviewer.to_string(),
            at: row[1].string(),
            decision,
            superseded: false,
            applies: true,
        }))
    }

    /// The decision with typed names made keys, or why it cannot be taken.
    fn vet(&mut self, d: Decision) -> Result<std::result::Result<Decision, String>> {
        let bad_stance = |s: &str| {
            Err(format!(
                "stance {s:?} is neither \"support\" nor \"oppose\""
            ))
        };
        if let Some((article, start, end)) = d.quote_span()
            && !self.quote_exists(article, start, end)?
        {
            return Ok(Err(format!(
                "no quote at article {article}, characters {start}–{end}"
            )));
        }
        match d {
            Decision::Accept {
                article,
                start,
                end,
                ref issue,
                ref actor,
            }
            | Decision::Reject {
                article,
                start,
                end,
                ref issue,
                ref actor,
            }
            | Decision::Correct {
                article,
                start,
                end,
                ref issue,
                ref actor,
                ..
            } => {
                // a stance is named as shown (corrected or not); the decision
                // is kept under the key the machine read it with
                let shown_here = self.statements_shown_at(article, start, end)?;
                let shown = shown_here
                    .iter()
                    .find(|r| r.issue == *issue && r.actor == *actor);
                let (issue, actor) = match shown.and_then(|r| r.reviewed_key.clone()) {
                    Some(key) => key,
                    None => (issue.clone(), actor.clone()),
                };
                let found = self.machine_statement_exists(article, start, end, &issue, &actor)?
                    || !shown_here.is_empty()
                        && self.added_exists(article, start, end, &issue, &actor)?;
                if !found {
                    return Ok(Err(format!(
                        "no stance of {actor} on {issue} at article {article}, characters {start}–{end}: `attache review queue` lists them"
                    )));
                }
                let d = match d {
                    Decision::Accept { .. } => Decision::Accept {
                        article,
                        start,
                        end,
                        issue: issue.clone(),
                        actor: actor.clone(),
                    },
                    Decision::Reject { .. } => Decision::Reject {
                        article,
                        start,
                        end,
                        issue: issue.clone(),
                        actor: actor.clone(),
                    },
                    other => other,
                };
                if let Decision::Correct {
                    stance,
                    holder,
                    to_issue,
                    ..
                } = &d
                {
                    if stance.is_none() && holder.is_none() && to_issue.is_none() {
                        return Ok(Err(
                            "a correction needs a stance, a holder or an issue".into()
                        ));
                    }
                    if let Some(s) = stance
                        && stance_sign(s).is_none()
                    {
                        return Ok(bad_stance(s));
                    }
                    let holder = match holder {
                        Some(h) => Some(self.resolve_actor(h)?),
                        None => None,
                    };
                    return Ok(Ok(Decision::Correct {
                        article,
                        start,
                        end,
                        issue,
                        actor,
                        stance: stance.as_deref().and_then(stance_sign).map(String::from),
                        holder,
                        to_issue: to_issue.clone().filter(|i| !i.trim().is_empty()),
                    }));
                }
                Ok(Ok(d))
            }
            Decision::Add {
                article,
                start,
                end,
                holder,
                issue,
                stance,
            } => {
                if let Err(why) = self.check_span(article, start, end)? {
                    return Ok(Err(why));
                }
                if holder.trim().is_empty() || issue.trim().is_empty() {
                    return Ok(Err("a stance needs a holder and an issue".into()));
                }
                let Some(stance) = stance_sign(&stance) else {
                    return Ok(bad_stance(&stance));
                };
                Ok(Ok(Decision::Add {
                    article,
                    start,
                    end,
                    holder: self.resolve_actor(&holder)?,
                    issue: issue.trim().to_string(),
                    stance: stance.into(),
                }))
            }
            Decision::AcceptSpeaker { .. } | Decision::RejectSpeaker { .. } => Ok(Ok(d)),
            Decision::Speaker {
                article,
                start,
                end,
                speaker,
            } => {
                if speaker.trim().is_empty() {
                    return Ok(Err("a speaker needs a name or an actor key".into()));
                }
                Ok(Ok(Decision::Speaker {
                    article,
                    start,
                    end,
                    speaker: self.resolve_actor(&speaker)?,
                }))
            }
            Decision::Merge { actor, into } => {
                // an actor of the record, or one a person named (a split's)
                if !actor.starts_with("name:") && !self.actor_key_exists(&actor)? {
                    return Ok(Err(format!("no actor {actor} in the record")));
                }
                // into where it is merged already, so no merge goes round
                let mut into = self.resolve_actor(&into)?;
                if let Some(overlay) = self.overlay()? {
                    into = overlay.merged_into(&into);
                }
                if into == actor {
                    return Ok(Err(format!("{actor} cannot be merged into itself")));
                }
                Ok(Ok(Decision::Merge { actor, into }))
            }
            Decision::Split {
                actor,
                article,
                name,
            } => {
                if self.article(article)?.is_none() {
                    return Ok(Err(format!("no article {article}")));
                }
                if name.trim().is_empty() {
                    return Ok(Err("a split needs the other actor's name".into()));
                }
                Ok(Ok(Decision::Split {
                    actor,
                    article,
                    name: name.trim().to_string(),
                }))
            }
            Decision::Affiliation { actor, affiliation } => {
                if affiliation.trim().is_empty() {
                    return Ok(Err("an affiliation needs a name".into()));
                }
                // an actor of the record, or one a person named (`name:` keys)
                if !actor.starts_with("name:") && !self.actor_key_exists(&actor)? {
                    return Ok(Err(format!("no actor {actor} in the record")));
                }
                Ok(Ok(Decision::Affiliation {
                    actor,
                    affiliation: affiliation.trim().to_string(),
                }))
            }
        }
    }

    /// Whether what a decision names is in the record.
    fn applies(&mut self, d: &Decision) -> Result<bool> {
        if let Some(n) = d.statement() {
            return Ok(self
                .machine_statement_exists(n.article, n.start, n.end, n.issue, n.actor)?
                || self.added_exists(n.article, n.start, n.end, n.issue, n.actor)?);
        }
        if let Some((article, start, end)) = d.quote_span() {
            return self.quote_exists(article, start, end);
        }
        match d {
            Decision::Accept { .. } | Decision::Reject { .. } | Decision::Correct { .. } => {
                unreachable!("a stance decision names a statement")
            }
            Decision::Speaker { .. }
            | Decision::AcceptSpeaker { .. }
            | Decision::RejectSpeaker { .. } => {
                unreachable!("a speaker decision names a quote")
            }
            Decision::Add { article, .. } | Decision::Split { article, .. } => {
                Ok(self.article(*article)?.is_some())
            }
            Decision::Merge { .. } | Decision::Affiliation { .. } => Ok(true),
        }
    }

    /// Whether the machine read this stance (reviewed or not).
    fn machine_statement_exists(
        &mut self,
        article: i64,
        start: i64,
        end: i64,
        issue: &str,
        actor: &str,
    ) -> Result<bool> {
        // a seek of `positions_timeline` at the article's date
        let dated = match self.has_latest {
            true => format!("p.sort_date = {} AND", crate::db::article_date("?1")),
            false => String::new(),
        };
        Ok(self
            .db
            .query_one(
                &format!(
                    "SELECT 1 FROM positions p LEFT JOIN actors a ON a.id = p.actor_id
                     WHERE {dated} p.article_id = ?1 AND p.ev_start = ?2 AND p.ev_end = ?3 AND p.issue = ?4
                       AND coalesce(a.key, 'name:' || p.holder) = ?5"
                ),
                &[
                    article.into(),
                    start.into(),
                    end.into(),
                    issue.into(),
                    Val::from(actor),
                ],
            )?
            .is_some())
    }

    fn quote_exists(&mut self, article: i64, start: i64, end: i64) -> Result<bool> {
        // a seek of `quotes_order` at the article's date
        let dated = match self.has_latest {
            true => format!("sort_date = {} AND", crate::db::article_date("?1")),
            false => String::new(),
        };
        Ok(self
            .db
            .query_one(
                &format!(
                    "SELECT 1 FROM quotes WHERE {dated} article_id = ?1 AND q_start = ?2 AND q_end = ?3"
                ),
                &[article.into(), start.into(), end.into()],
            )?
            .is_some())
    }

    fn actor_key_exists(&mut self, key: &str) -> Result<bool> {
        Ok(self
            .db
            .query_one("SELECT 1 FROM actors WHERE key = ?1", &[key.into()])?
            .is_some())
    }

    /// Whether a person added this stance (and the addition stands).
    fn added_exists(
        &mut self,
        article: i64,
        start: i64,
        end: i64,
        issue: &str,
        actor: &str,
    ) -> Result<bool> {
        Ok(self
            .db
            .query_one(
                "SELECT 1 FROM reviews WHERE target = ?1",
                &[format!("add:{article}:{start}:{end}:{issue}:{actor}").into()],
            )?
            .is_some())
    }

    /// A character span inside an article, or why not.
    fn check_span(
        &mut self,
        article: i64,
        start: i64,
        end: i64,
    ) -> Result<std::result::Result<(), String>> {
        let Some(a) = self.article(article)? else {
            return Ok(Err(format!("no article {article}")));
        };
        let len = a.text.chars().count() as i64;
        if start < 0 || end <= start || end > len {
            return Ok(Err(format!(
                "characters {start}–{end} are not a span of article {article} (0–{len})"
            )));
        }
        Ok(Ok(()))
    }
}
