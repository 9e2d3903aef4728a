//! Group commits: the one writer of an ingest keeps a transaction open
//! across the chunks the analysis sends it and commits when it holds
//! [`Limits::articles`] articles, when [`Limits::wait`] has passed since
//! the first article it has not committed arrived, and at the end. Each
//! commit rewrites every B-tree page it touched (the content key's and the
//! band keys' indexes are random, so a page is touched by many articles
//! apart), so fewer, larger commits cost the writer less an article; the
//! time bound keeps a slow trickle of input from waiting for a full group.
//!
//! Nothing is reported before its commit: [`write_groups`] hands back each
//! article with its outcome, and each chunk's own note (files read,
//! failures), only once the transaction that holds them has committed. A
//! process killed part way leaves the last commit's articles, and a rerun
//! stores the rest once.
//!
//! While [`write_groups`] runs on a SQLite file, its commits are
//! checkpointed by a thread of their own ([`crate::checkpoint`]); the
//! articles it has reported are freed by another (`attache-free`).

use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender};
use std::time::{Duration, Instant};

use attache_core::Analysis;

use crate::backend::Result;
use crate::db::{Analysed, GroupStep, Outcome, Store};
use crate::fingerprint::Fingerprint;
use crate::sources::RawArticle;

/// When a group commits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Articles a group holds at most.
    pub articles: usize,
    /// How long after its first article arrived a group commits at the
    /// latest (give or take the writing of one [`PIECE`]).
    pub wait: Duration,
}

impl Limits {
    /// SQLite: 2,048 articles (the writer's cost an article falls with the
    /// commits: see docs/record.md; at 100,000 groups of 2,048 wrote 22%
    /// fewer bytes than groups of 1,024, as a commit writes each page it
    /// touched once, for 10–13 MB more memory at 100,000), within 1 s. A shorter bound cuts the
    /// groups of a busy writer: on a shared two-core host, 100 ms made
    /// groups of 323–357 articles at 10,000 (the writer no cheaper than
    /// with 256), and 250 ms groups of 488–535 at 100,000, where the writer
    /// takes 550–670 µs an article (no cheaper than before; groups of
    /// 1,024 there: 469 µs).
    pub const SQLITE: Limits = Limits {
        articles: 2048,
        wait: Duration::from_secs(1),
    };
    /// PostgreSQL: 64 articles, within 1 s. A transaction holds an
    /// advisory lock per band key (16 an article), and one per actor and
    /// per stance sequence it writes, until it commits, in a
    /// lock table all sessions share (64 × `max_connections` entries by
    /// default): a group of 1,024 articles ran out of it ("out of shared
    /// memory"). An article costs the writer 1–2 ms there (5–9 ms
    /// before its rows went by `COPY`: docs/record.md), so 64 fill well
    /// within the bound.
    pub const POSTGRES: Limits = Limits {
        articles: 64,
        wait: Duration::from_secs(1),
    };

    /// The limits for the store's back end.
    pub fn of(store: &Store) -> Limits {
        if store.is_postgres() {
            Limits::POSTGRES
        } else {
            Limits::SQLITE
        }
    }
}

/// Articles written into the open transaction at a time: the time bound is
/// checked between pieces.
pub const PIECE: usize = 16;

/// Analysed chunks that may wait for the writer. A commit takes the
/// writer away for a while (about 130 ms at a million made-up articles),
/// and with room for one chunk the analysis stopped soon after it began,
/// leaving a core idle; with four it goes on through most of a commit.
/// At 300,000 made-up articles on two cores: 1 chunk 7,173–7,398
/// articles/s, 4 chunks 8,227–8,665, 8 and 16 no faster, with 9 and 25 MB
/// more memory than 4 (docs/record.md). The bound is in chunks, not
/// bytes: a chunk of long articles holds more.
pub const CHUNKS_AHEAD: usize = 4;

/// The channel from the analysis to [`write_groups`]: it holds up to
/// [`CHUNKS_AHEAD`] chunks, each with its caller's note `C`.
#[allow(clippy::type_complexity)]
pub fn chunk_channel<C>() -> (SyncSender<(C, Vec<Ready>)>, Receiver<(C, Vec<Ready>)>) {
    std::sync::mpsc::sync_channel(CHUNKS_AHEAD)
}

/// An analysed article, owned, ready for the writer.
pub struct Ready {
    pub raw: RawArticle,
    pub analysis: Analysis,
    pub fingerprint: Fingerprint,
    /// The catalogue's issues of each of the analysis's quotes, in order.
    pub quote_issues: Vec<Vec<String>>,
}

impl Ready {
    /// `raw` and its analysis with what the writer needs worked out beside
    /// them (on the thread that analysed it, not the one writer): the
    /// text's fingerprint and each quote's issues (`issue_of_quote`).
    pub fn new(
        raw: RawArticle,
        analysis: Analysis,
        issue_of_quote: &dyn Fn(&str) -> Vec<String>,
    ) -> Ready {
        let fingerprint = Fingerprint::of(&raw.text);
        Ready::with_fingerprint(raw, analysis, fingerprint, issue_of_quote)
    }

    /// [`Ready::new`] with the text's fingerprint worked out already (to
    /// tell a stored text before analysing it).
    pub fn with_fingerprint(
        raw: RawArticle,
        analysis: Analysis,
        fingerprint: Fingerprint,
        issue_of_quote: &dyn Fn(&str) -> Vec<String>,
    ) -> Ready {
        Ready {
            fingerprint,
            quote_issues: crate::db::issues_of_quotes(&analysis, issue_of_quote),
            raw,
            analysis,
        }
    }
}

/// What a commit makes final, in the order the chunks came.
pub enum Done<'a, C> {
    /// An article and its outcome (stored, a copy, already stored; or why
    /// it could not be stored, the others kept).
    Article(&'a Ready, Result<Outcome>),
    /// A chunk's note, once every article of its chunk is committed.
    Chunk(C),
    /// The end of one commit's reports: what came since the last
    /// `GroupEnd` was made final at one time (a rate over fewer articles
    /// than a group measures nothing).
    GroupEnd,
}

/// The writer's group: articles received, those written into the open
/// transaction, and the chunks' notes.
struct Group<C> {
    limits: Limits,
    articles: Vec<Ready>,
    /// Outcomes of the first `outcomes.len()` articles, written into the
    /// open transaction (not committed yet).
    outcomes: Vec<Result<Outcome>>,
    /// Each chunk's note, after how many of `articles` it ends.
    notes: Vec<(usize, C)>,
    /// When the first article not committed arrived.
    since: Option<Instant>,
    /// Transactions committed.
    commits: usize,
    /// Where reported articles go to be freed, off the writer.
    spent: SyncSender<Vec<Ready>>,
}

impl<C> Group<C> {
    fn push(&mut self, note: C, articles: Vec<Ready>) {
        if !articles.is_empty() && self.since.is_none() {
            self.since = Some(Instant::now());
        }
        self.articles.extend(articles);
        self.notes.push((self.articles.len(), note));
    }

    fn due(&self) -> bool {
        self.outcomes.len() >= self.limits.articles
            || self
                .since
                .is_some_and(|t| t.elapsed() >= self.limits.wait && !self.outcomes.is_empty())
    }

    /// Writes what was received into the open transaction, committing
    /// whenever the group is due.
    fn write(
        &mut self,
        store: &mut Store,
        done: &mut dyn FnMut(Done<'_, C>) -> Result<()>,
    ) -> Result<()> {
        while self.outcomes.len() < self.articles.len() {
            let from = self.outcomes.len();
            let to = self
                .articles
                .len()
                .min(from + PIECE)
                .min(self.limits.articles.max(from + 1));
            let piece = signed(&self.articles[from..to]);
            match store.group_write(&piece)? {
                GroupStep::Written(outcomes) => self.outcomes.extend(outcomes),
                GroupStep::Busy => {
                    drop(piece);
                    // commit what is held before waiting for another
                    // writer's locks (then taken in order, in a new one)
                    self.commit(store, done)?;
                    continue;
                }
                GroupStep::Failed => {
                    drop(piece);
                    // an article failed: the group again, one savepoint an
                    // article, in a transaction of its own
                    let all = signed(&self.articles[..to]);
                    let outcomes = store.ingest_committed(&all, true)?;
                    drop(all);
                    self.outcomes = outcomes;
                    self.commits += 1;
                    self.report(to, done)?;
                    continue;
                }
            }
            if self.due() {
                self.commit(store, done)?;
            }
        }
        // a chunk with no article to write is final when nothing is open
        if self.outcomes.is_empty() {
            self.report(0, done)?;
        }
        Ok(())
    }

    /// Commits the open transaction and reports what it holds.
    fn commit(
        &mut self,
        store: &mut Store,
        done: &mut dyn FnMut(Done<'_, C>) -> Result<()>,
    ) -> Result<()> {
        if !self.outcomes.is_empty() {
            store.group_commit()?;
            self.commits += 1;
        }
        self.report(self.outcomes.len(), done)
    }

    /// Reports the first `n` articles (committed, with their outcomes in
    /// `outcomes`) and the notes of the chunks they complete.
    fn report(&mut self, n: usize, done: &mut dyn FnMut(Done<'_, C>) -> Result<()>) -> Result<()> {
        let outcomes = std::mem::take(&mut self.outcomes);
        debug_assert_eq!(outcomes.len(), n);
        // the committed articles taken whole, the few after them moved
        let rest = self.articles.split_off(n);
        let articles = std::mem::replace(&mut self.articles, rest);
        let mut committed = articles.iter().zip(outcomes);
        let mut reported = 0;
        let mut chunks_done = 0;
        let mut kept = Vec::new();
        for (end, note) in std::mem::take(&mut self.notes) {
            if end > n {
                kept.push((end - n, note));
                continue;
            }
            for (article, outcome) in committed.by_ref().take(end - reported) {
                done(Done::Article(article, outcome))?;
            }
            reported = end;
            chunks_done += 1;
            done(Done::Chunk(note))?;
        }
        for (article, outcome) in committed {
            done(Done::Article(article, outcome))?;
        }
        if n > 0 || chunks_done > 0 {
            done(Done::GroupEnd)?;
        }
        // freed on a thread of their own if it is free (here, if it is
        // still freeing the last group or has ended: never waited for)
        if !articles.is_empty() {
            let _ = self.spent.try_send(articles);
        }
        self.notes = kept;
        self.since = (!self.articles.is_empty()).then(Instant::now);
        Ok(())
    }
}

fn signed(articles: &[Ready]) -> Vec<Analysed<'_>> {
    articles
        .iter()
        .map(|a| Analysed {
            raw: &a.raw,
            analysis: &a.analysis,
            fingerprint: &a.fingerprint,
            quote_issues: &a.quote_issues,
        })
        .collect()
}

/// The writer of an ingest: stores the chunks `chunks` brings (each a note
/// of the caller's and its analysed articles) in group commits within
/// `limits`, and gives `done` each article with its outcome and each
/// chunk's note once they are committed, in the order they came; the
/// number of commits. An error of the record (not of one article) ends it,
/// the open group rolled back.
pub fn write_groups<C>(
    store: &mut Store,
    chunks: Receiver<(C, Vec<Ready>)>,
    limits: Limits,
    mut done: impl FnMut(Done<'_, C>) -> Result<()>,
) -> Result<usize> {
    // freeing the articles' analyses took 1.5% of the writer's
    // instructions: a thread of its own frees them, one group at a time
    // (handed over only while it waits, so none waits for it)
    std::thread::scope(|scope| {
        let (spent, to_free) = std::sync::mpsc::sync_channel::<Vec<Ready>>(0);
        let _ = std::thread::Builder::new()
            .name("attache-free".into())
            .spawn_scoped(scope, move || to_free.into_iter().for_each(drop));
        let mut group = Group {
            limits,
            articles: Vec::new(),
            outcomes: Vec::new(),
            notes: Vec::new(),
            since: None,
            commits: 0,
            spent,
        };
        store.checkpoint_in_background();
        let result = (|| {
            loop {
                // with a group open, wait no longer than its time bound
                let next = match group.since.filter(|_| !group.outcomes.is_empty()) {
                    None => chunks.recv().ok(),
                    Some(since) => {
                        let left = limits.wait.saturating_sub(since.elapsed());
                        match chunks.recv_timeout(left) {
                            Ok(chunk) => Some(chunk),
                            Err(RecvTimeoutError::Timeout) => {
                                group.commit(store, &mut done)?;
                                continue;
                            }
                            Err(RecvTimeoutError::Disconnected) => None,
                        }
                    }
                };
                let Some((note, articles)) = next else { break };
                group.push(note, articles);
                group.write(store, &mut done)?;
            }
            group.commit(store, &mut done)
        })();
        if result.is_err() {
            let _ = store.group_rollback();
        }
        store.checkpoint_in_foreground();
        result.map(|()| group.commits)
    })
}
