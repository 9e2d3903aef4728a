//! What ingest keeps for the queries that would grow with the record
//! (migration 5): each actor's counts and the changes of stance are the
//! ones found anew from every article and statement, after ingests out of
//! date order, undated articles, review decisions and `reanalyse`, and in
//! a record migrated from before the tables.

mod common;
use attache_core::{Analyzer, Catalogue};
use attache_store::db::CHANGE_CONFIDENCE;
use attache_store::sources::{DateSource, RawArticle};
use attache_store::testing::downgrade;
use attache_store::{Decision, SCHEMA_VERSION, Store};
use common::issues_of;

on_both!(
    kept_counts_and_changes_are_the_computed_ones,
    kept_counts_and_changes_are_the_computed_ones_on_postgres,
    kept_equals_computed
);
on_both!(
    decisions_on_single_statements_edit_the_kept_answers,
    decisions_on_single_statements_edit_the_kept_answers_on_postgres,
    single_statement_decisions
);
on_both!(
    an_older_record_gets_its_kept_counts_and_changes,
    an_older_record_gets_its_kept_counts_and_changes_on_postgres,
    older_record
);

on_both!(
    stores_that_share_the_decisions_answer_as_the_record_stands,
    stores_that_share_the_decisions_answer_as_the_record_stands_on_postgres,
    shared_decisions
);
on_both!(
    careful_batches_keep_the_computed_changes,
    careful_batches_keep_the_computed_changes_on_postgres,
    careful_batches
);
on_both!(
    writers_in_turn_keep_the_computed_changes,
    writers_in_turn_keep_the_computed_changes_on_postgres,
    writers_in_turn
);

fn catalogue() -> Catalogue {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../catalogues/ukraine-2025.toml"
    );
    Catalogue::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Made-up article `i`: dated, except every seventh; stored out of date
/// order (the dates cycle), so statements join their sequences in the
/// middle as well as at the end.
fn article(i: u64) -> RawArticle {
    let (date, text) = attache_store::synth::article(i);
    RawArticle {
        text,
        outlet: Some("Wire".into()),
        published: (i % 7 != 3).then_some((date, DateSource::Metadata)),
        origin: format!("{i}.txt"),
        ..RawArticle::default()
    }
}

/// Stores the articles in batches of `batch`, as `attache ingest` does
/// (a large batch joins its statements to their sequences in several parts).
fn ingest_in(store: &mut Store, range: std::ops::Range<u64>, batch: usize) {
    let articles: Vec<RawArticle> = range.map(article).collect();
    store_articles(store, &articles, batch);
}

/// Analyses `articles` with the catalogue and stores them in batches of
/// `batch`; every one must be stored.
fn store_articles(store: &mut Store, articles: &[RawArticle], batch: usize) {
    for batch in articles.chunks(batch) {
        store_batch(store, batch, false);
    }
}

/// Analyses `batch` with the catalogue and stores it in one transaction,
/// with a savepoint per article if `careful`; every one must be stored.
fn store_batch(store: &mut Store, batch: &[RawArticle], careful: bool) {
    let (cat, analyzer) = (catalogue(), Analyzer::default());
    let analyses: Vec<_> = batch
        .iter()
        .map(|a| analyzer.analyze_with(&a.text, Some(&cat), false))
        .collect();
    let pairs: Vec<_> = batch.iter().zip(&analyses).collect();
    let outcomes = if careful {
        store.ingest_batch_carefully(&pairs, issues_of(&cat))
    } else {
        store.ingest_batch(&pairs, issues_of(&cat))
    };
    for outcome in outcomes.unwrap() {
        outcome.unwrap();
    }
}

fn ingest(store: &mut Store, range: std::ops::Range<u64>) {
    ingest_in(store, range, 16);
}

fn debug<T: std::fmt::Debug>(rows: &[T]) -> Vec<String> {
    rows.iter().map(|r| format!("{r:?}")).collect()
}

/// Every kept answer is the computed one: the matrix, the actors, all changes and
/// each page of them, now and as of dates, at the default confidence.
fn assert_kept(store: &mut Store) -> usize {
    // the matrix, its counts and its latest statements
    let (kept, computed) = store.matrix_kept_and_computed().unwrap();
    assert!(!kept.is_empty());
    assert_eq!(debug(&kept), debug(&computed));
    // the record's counts (migration 22)
    assert_eq!(store.counts().unwrap(), store.counts_counted().unwrap());
    let actors = store.actors().unwrap();
    assert!(!actors.is_empty());
    assert_eq!(debug(&actors), debug(&store.actors_counted().unwrap()));
    // the review queue: the changes of its window found by either
    // statement (migration 19) are those found among all changes after
    // the window's earliest date, in windows of several sizes (some
    // starting inside an article, beside a side of a change stored before)
    // (of the largest window, its first 60, the first 60 a queue that
    // seeks only the sides that could be among them, and every statement
    // ranked)
    let windows = (1..=40)
        .map(|w| (w, 60))
        .chain([(10_000, 60), (10_000, 10_000)]);
    for (window, limit) in windows {
        let queue = store.review_queue_in(limit, window).unwrap();
        assert_eq!(
            debug(&queue),
            debug(&store.review_queue_read_whole(limit, window).unwrap()),
            "the first {limit} of the review queue over the {window} statements stored last"
        );
        if window == 10_000 {
            assert!(
                queue
                    .iter()
                    .any(|i| i.reasons.iter().any(|r| r.contains("change of stance"))),
                "{queue:?}"
            );
        }
    }
    let mut seen = 0;
    for as_of in [
        None,
        Some("2025-02-10"),
        Some("2025-06-30"),
        Some("2100-01-01"),
    ] {
        // the matrix now and as of the date from the kept days (migration
        // 18), as reviewed too
        let order = |mut rows: Vec<attache_store::db::PositionRow>| {
            rows.sort_by(|a, b| (&a.actor, &a.issue).cmp(&(&b.actor, &b.issue)));
            debug(&rows)
        };
        assert_eq!(
            order(store.positions(as_of).unwrap()),
            order(store.positions_read_whole(as_of).unwrap()),
            "the matrix as of {as_of:?}"
        );
        let computed = store.computed_changes(as_of, CHANGE_CONFIDENCE).unwrap();
        // with decisions, the holders none touches walk their sequences
        // when they are few, else come from the kept changes: both ways,
        // whole and page by page (pages of one: the walks of merged
        // actors read in their smallest chunks)
        for walked in [0, 64] {
            store.set_walked_as_left(walked);
            let kept = store.changes(as_of).unwrap();
            assert_eq!(
                debug(&kept),
                debug(&computed),
                "as of {as_of:?}, {walked} left to walk"
            );
            for size in [1, 7] {
                let paged = changes_in_pages(store, as_of, CHANGE_CONFIDENCE, size);
                assert_eq!(
                    debug(&paged),
                    debug(&computed),
                    "pages of {size} as of {as_of:?}, {walked} left to walk"
                );
            }
        }
        seen += computed.len();
    }
    assert_changes_at_other_confidences(store);
    seen
}

/// Every change at `confidence` as of `as_of`, a page of `size` at a time.
fn changes_in_pages(
    store: &mut Store,
    as_of: Option<&str>,
    confidence: f64,
    size: usize,
) -> Vec<attache_store::db::ChangeRow> {
    let mut paged = Vec::new();
    let mut cursor = None;
    loop {
        let (rows, next) = store
            .changes_page(as_of, confidence, cursor.as_ref(), size)
            .unwrap();
        assert!(rows.len() <= size);
        paged.extend(rows);
        match next {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    paged
}

/// The changes at other confidences than the kept ones' (each issue's
/// statements walked, each one's previous sought: migration 23) are
/// those made from every statement as reviewed, whole and page by page,
/// now and as of a date.
fn assert_changes_at_other_confidences(store: &mut Store) {
    for as_of in [None, Some("2025-06-30")] {
        for confidence in [0.0, 0.65, 0.7, 0.8, 1.0] {
            let computed = debug(&store.computed_changes(as_of, confidence).unwrap());
            let whole = debug(&store.changes_with(as_of, confidence).unwrap());
            assert_eq!(whole, computed, "at {confidence} as of {as_of:?}");
            let paged = changes_in_pages(store, as_of, confidence, 7);
            assert_eq!(
                debug(&paged),
                computed,
                "pages at {confidence} as of {as_of:?}"
            );
        }
    }
}

/// Stores `range` with the statements of some holders read as no actor
/// (`name:` and the name; `positions_unresolved`), as a holder the
/// analysis names but cannot place is.
fn ingest_unresolved(store: &mut Store, range: std::ops::Range<u64>) {
    let (cat, analyzer) = (catalogue(), Analyzer::default());
    let articles: Vec<RawArticle> = range.map(article).collect();
    let analyses: Vec<_> = articles
        .iter()
        .map(|a| {
            let mut analysis = analyzer.analyze_with(&a.text, Some(&cat), false);
            for p in analysis.positions.iter_mut().flatten() {
                if p.holder.name.len() % 3 == 0 {
                    p.holder.actor = None;
                }
            }
            analysis
        })
        .collect();
    let pairs: Vec<_> = articles.iter().zip(&analyses).collect();
    for outcome in store.ingest_batch(&pairs, issues_of(&cat)).unwrap() {
        outcome.unwrap();
    }
}

fn kept_equals_computed(db: &str) {
    let mut store = Store::open(db).unwrap();
    ingest(&mut store, 0..120);
    let seen = assert_kept(&mut store);
    assert!(seen > 20, "too few changes to test: {seen}");
    // a second ingest, dates interleaved with the first's, in one batch
    // of more statements than are joined at once
    ingest_in(&mut store, 120..200, 80);
    // holders that are no actor, their statements among the others'
    ingest_unresolved(&mut store, 200..260);
    let unresolved = store
        .statements(None, None)
        .unwrap()
        .iter()
        .filter(|r| r.actor.starts_with("name:"))
        .count();
    assert!(unresolved > 20, "{unresolved} statements of no actor");
    // at another confidence, a page reads its own rows (no fallback to
    // every statement)
    assert!(store.changes_pages_read_their_own_rows(0.7).unwrap());
    assert_kept(&mut store);
    // reanalyse rebuilds the kept tables with the rest
    let cat = catalogue();
    common::reanalyse(&mut store, &cat);
    assert_kept(&mut store);
    // decisions: a rejected stance, a merge of two actors no other
    // decision names (their cells kept and joined), a merge of the
    // rejected stance's holder (read again with the actor it joins), and
    // an actor placed in another state;
    // actors and changes as reviewed
    let first = store.changes(None).unwrap()[0].clone();
    let actors = store.actors().unwrap();
    // actors with statements (cells to join), most mentioned first
    let mut holding: Vec<String> = store
        .positions(None)
        .unwrap()
        .into_iter()
        .map(|r| r.actor)
        .collect();
    holding.dedup();
    let others: Vec<&attache_store::db::ActorRow> = actors
        .iter()
        .filter(|r| r.key != first.actor_key && holding.contains(&r.key))
        .collect();
    let (a, b, c) = (
        others[0].key.clone(),
        others[1].key.clone(),
        others[2].key.clone(),
    );
    let spans_of = |store: &mut Store, key: &str| -> Vec<attache_store::db::Span> {
        store
            .statements(None, None)
            .unwrap()
            .into_iter()
            .filter(|r| r.actor == key)
            .map(|r| r.span())
            .collect()
    };
    let (spans_a, spans_b) = (spans_of(&mut store, &a), spans_of(&mut store, &b));
    for d in [
        Decision::Reject {
            article: first.after_span.article,
            start: first.after_span.start,
            end: first.after_span.end,
            issue: first.issue.clone(),
            actor: first.actor_key.clone(),
        },
        Decision::Merge {
            actor: b.clone(),
            into: a.clone(),
        },
        Decision::Merge {
            actor: first.actor_key.clone(),
            into: c.clone(),
        },
        // an actor no other decision names, placed in another state
        Decision::Affiliation {
            actor: others[3].key.clone(),
            affiliation: "Iceland".into(),
        },
    ] {
        store
            .review(d, "ana")
            .unwrap()
            .unwrap_or_else(|why| panic!("{why}"));
    }
    assert_kept(&mut store);
    // a merge back into an actor merged away would go round: refused
    let back = store
        .review(
            Decision::Merge {
                actor: a.clone(),
                into: b.clone(),
            },
            "ana",
        )
        .unwrap();
    assert!(back.is_err(), "{back:?}");
    // the merged actors' sequences interleave: a change from one's
    // statement to the other's
    assert!(
        store.changes(None).unwrap().iter().any(|c| c.actor_key == a
            && ((spans_a.contains(&c.before_span) && spans_b.contains(&c.after_span))
                || (spans_b.contains(&c.before_span) && spans_a.contains(&c.after_span)))),
        "no change across the merged actors"
    );
    let merged = store.actors().unwrap();
    assert_eq!(merged.len(), actors.len() - 2);
    assert_eq!(
        merged.iter().find(|r| r.key == a).unwrap().mentions,
        others[0].mentions + others[1].mentions
    );
    // the rejected statement is no side of a change any more
    let now = store.changes(None).unwrap();
    assert!(
        now.iter()
            .all(|c| c.before_span != first.after_span && c.after_span != first.after_span)
    );
    // more articles after the decisions, some holders of no actor among
    // them, and reanalyse again
    ingest_unresolved(&mut store, 260..300);
    assert_kept(&mut store);
    common::reanalyse(&mut store, &cat);
    assert_kept(&mut store);
    drop(store);
    // a reader answers the same
    let mut reader = Store::open_existing(db).unwrap();
    assert_kept(&mut reader);
    assert!(reader.check().unwrap());
}

/// Decisions that name single statements (accept, reject, correct a
/// stance, holder or issue, add, split) edit the kept cells and sequences:
/// the matrix, the changes and the review queue are those made from every
/// statement as reviewed, when a decision takes away a cell's latest
/// statements (several in a row) or all of them, moves statements between
/// holders and issues, brings a statement read below the changes'
/// confidence into its sequence, and with a merge beside them.
fn single_statement_decisions(db: &str) {
    let mut store = Store::open(db).unwrap();
    ingest(&mut store, 0..160);
    // hedged stances (read below the changes' confidence), on dates among
    // the others'
    let hedged: Vec<RawArticle> = [11, 97]
        .into_iter()
        .map(|i| RawArticle {
            text: format!(
                "Kyiv — Foreign Minister Andrii Sybiha said in talk {i} that Ukraine could perhaps \
                 support a ceasefire if Russia stopped its attacks. Russia may reject a ceasefire, \
                 Kremlin spokesman Dmitry Peskov suggested."
            ),
            published: Some((attache_store::synth::article(i).0, DateSource::Metadata)),
            origin: format!("hedged-{i}.txt"),
            ..RawArticle::default()
        })
        .collect();
    store_articles(&mut store, &hedged, 2);
    let statements = store.statements(None, None).unwrap();
    let cells = store.positions(None).unwrap();
    let actors: Vec<String> = cells.iter().map(|c| c.actor.clone()).collect();
    let mut issues: Vec<String> = cells.iter().map(|c| c.issue.clone()).collect();
    issues.sort();
    issues.dedup();
    assert!(issues.len() >= 2 && actors.len() >= 4);
    let reject = |r: &attache_store::db::PositionRow| Decision::Reject {
        article: r.article,
        start: r.start,
        end: r.end,
        issue: r.issue.clone(),
        actor: r.actor.clone(),
    };
    let of_cell = |c: &attache_store::db::PositionRow| -> Vec<&attache_store::db::PositionRow> {
        statements
            .iter()
            .filter(|r| r.actor == c.actor && r.issue == c.issue)
            .collect()
    };
    let mut decisions = Vec::new();
    // the latest two statements of three cells (in the lists' order, the
    // last of a cell's is its latest), and every statement of a small cell
    for cell in cells.iter().filter(|c| c.statements >= 4).take(3) {
        decisions.extend(of_cell(cell).iter().rev().take(2).map(|r| reject(r)));
    }
    let small = cells
        .iter()
        .find(|c| c.statements <= 2 && c.actor != actors[0] && c.actor != actors[1])
        .expect("a small cell");
    for (i, r) in statements.iter().enumerate().step_by(5) {
        let (article, start, end) = (r.article, r.start, r.end);
        let (issue, actor) = (r.issue.clone(), r.actor.clone());
        let other = |all: &[String], own: &str| -> String {
            let pick = &all[i % all.len()];
            if pick == own {
                all[(i + 1) % all.len()].clone()
            } else {
                pick.clone()
            }
        };
        let correct = |stance, holder, to_issue| Decision::Correct {
            article,
            start,
            end,
            issue: r.issue.clone(),
            actor: r.actor.clone(),
            stance,
            holder,
            to_issue,
        };
        decisions.push(match (i / 5) % 6 {
            0 => Decision::Accept {
                article,
                start,
                end,
                issue,
                actor,
            },
            1 => correct(
                Some(
                    if r.stance == "support" {
                        "oppose"
                    } else {
                        "support"
                    }
                    .into(),
                ),
                None,
                None,
            ),
            2 => correct(None, Some(other(&actors, &actor)), None),
            3 => correct(None, None, Some(other(&issues, &issue))),
            4 => reject(r),
            _ => Decision::Split {
                actor,
                article,
                name: format!("Someone Else {}", i % 2),
            },
        });
    }
    // statements read below the changes' confidence, accepted
    let low: Vec<Decision> = statements
        .iter()
        .filter(|r| r.confidence < CHANGE_CONFIDENCE)
        .take(3)
        .map(|r| Decision::Accept {
            article: r.article,
            start: r.start,
            end: r.end,
            issue: r.issue.clone(),
            actor: r.actor.clone(),
        })
        .collect();
    assert!(
        !low.is_empty(),
        "no statement below the changes' confidence"
    );
    decisions.extend(low);
    // stances the machine missed: on another issue, at a sentence it read
    for r in statements.iter().skip(3).step_by(17) {
        decisions.push(Decision::Add {
            article: r.article,
            start: r.start,
            end: r.end,
            holder: r.actor.clone(),
            issue: issues.iter().find(|i| **i != r.issue).unwrap().clone(),
            stance: if r.stance == "support" {
                "oppose"
            } else {
                "support"
            }
            .into(),
        });
    }
    decisions.push(Decision::Merge {
        actor: actors[1].clone(),
        into: actors[0].clone(),
    });
    // an actor no other decision names placed in another state: its
    // statements count behind that state's inputs
    let placed = cells
        .iter()
        .filter(|c| c.actor.starts_with("person:") && !actors[..2].contains(&c.actor))
        .max_by_key(|c| (c.statements, c.actor.clone()))
        .expect("a person to place")
        .actor
        .clone();
    decisions.push(Decision::Affiliation {
        actor: placed,
        affiliation: "Iceland".into(),
    });
    // last, so that no other decision on them replaces these
    decisions.extend(of_cell(small).iter().map(|r| reject(r)));
    let mut taken = 0;
    for d in decisions {
        if store.review(d, "ana").unwrap().is_ok() {
            taken += 1;
        }
    }
    assert!(taken > 40, "{taken} decisions taken");
    let seen = assert_kept(&mut store);
    assert!(seen > 20, "too few changes to test: {seen}");
    // the small cell is gone, unless a decision moved a statement into it
    let now = store.positions(None).unwrap();
    let moved_in = |c: &attache_store::db::PositionRow| c.reviewed_key.is_some() || c.id < 0;
    assert!(
        now.iter()
            .filter(|c| c.actor == small.actor && c.issue == small.issue)
            .all(moved_in),
        "{small:?}"
    );
    // articles after the decisions
    ingest(&mut store, 160..200);
    assert_kept(&mut store);
}

/// A record from before migration 5: a reader answers from every article
/// and statement; opening it for writing fills the kept tables, whose
/// answers are the same.
fn older_record(db: &str) {
    let mut store = Store::open(db).unwrap();
    ingest(&mut store, 0..80);
    let actors = debug(&store.actors().unwrap());
    let changes = debug(&store.changes(None).unwrap());
    assert!(changes.len() > 10, "{}", changes.len());
    drop(store);
    downgrade(db, 4).unwrap();
    let mut reader = Store::open_existing(db).unwrap();
    assert_eq!(reader.schema_version().unwrap(), 4);
    assert_eq!(debug(&reader.actors().unwrap()), actors);
    assert_eq!(debug(&reader.changes(None).unwrap()), changes);
    // other confidences from every statement, as the reader cannot seek them
    assert!(!reader.changes_pages_read_their_own_rows(0.7).unwrap());
    assert_changes_at_other_confidences(&mut reader);
    drop(reader);
    let mut store = Store::open(db).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(debug(&store.actors().unwrap()), actors);
    assert_eq!(debug(&store.changes(None).unwrap()), changes);
    assert_kept(&mut store);
    // and it keeps them from then on
    ingest(&mut store, 80..120);
    assert_kept(&mut store);
}

on_both!(
    search_ranks_the_newest_matches,
    search_ranks_the_newest_matches_on_postgres,
    newest_matches
);

/// A search ranks the newest [`SEARCH_CANDIDATES`] matching articles (and
/// as many quotes): the best match is found while it is among them, and
/// no longer once as many newer articles match.
fn newest_matches(db: &str) {
    use attache_store::db::SEARCH_CANDIDATES;
    let mut store = Store::open(db).unwrap();
    let with_word = |i: u64, word: &str| RawArticle {
        text: format!("{}\n{word}\n", attache_store::synth::article(i).1),
        origin: format!("{i}.txt"),
        ..RawArticle::default()
    };
    let store_all =
        |store: &mut Store, articles: &[RawArticle]| store_articles(store, articles, 128);
    // the oldest article says the word most often: the best match
    store_all(
        &mut store,
        &[with_word(0, "Zanzibar Zanzibar Zanzibar Zanzibar Zanzibar")],
    );
    let newer: Vec<RawArticle> = (1..=SEARCH_CANDIDATES as u64 / 2)
        .map(|i| with_word(i, "Zanzibar"))
        .collect();
    store_all(&mut store, &newer);
    let best = |store: &mut Store| store.search("zanzibar", 1).unwrap()[0].article;
    assert_eq!(best(&mut store), 1);
    let newer: Vec<RawArticle> = (SEARCH_CANDIDATES as u64 / 2 + 1..=SEARCH_CANDIDATES as u64)
        .map(|i| with_word(i, "Zanzibar"))
        .collect();
    store_all(&mut store, &newer);
    // a thousand newer matches: the first is no longer ranked
    let hits = store.search("zanzibar", 20).unwrap();
    assert_eq!(hits.len(), 20);
    assert!(hits.iter().all(|h| h.article != 1), "{hits:?}");
    assert_ne!(best(&mut store), 1);
}

/// Made-up articles `range` of `n`, dated in a feed's order.
fn fed(range: std::ops::Range<u64>, n: u64) -> Vec<RawArticle> {
    use attache_store::synth::{Order, article_in};
    range
        .map(|i| {
            let (date, text) = article_in(i, n, Order::Feed);
            RawArticle {
                text,
                published: Some((date, DateSource::Metadata)),
                origin: format!("{i}.txt"),
                ..RawArticle::default()
            }
        })
        .collect()
}

/// Batches stored with a savepoint per article (as after an article
/// failed) between batches stored without: a careful batch writes each
/// article's statements into their sequences before the next article's
/// look-up, which must find them.
fn careful_batches(db: &str) {
    let mut store = Store::open(db).unwrap();
    let n = 240;
    for (turn, part) in fed(0..n, n).chunks(30).enumerate() {
        store_batch(&mut store, part, turn % 2 == 1);
    }
    let seen = assert_kept(&mut store);
    assert!(seen > 20, "too few changes to test: {seen}");
}

/// Two writers of one record take turns, with articles in order of date
/// as from a feed: each writer's statements follow the other's in their
/// sequences, so a writer that trusted the latest statements it knew
/// (and not the other's commits) would join them to the wrong ones.
fn writers_in_turn(db: &str) {
    let n = 240;
    let articles = fed(0..n, n);
    let mut writers = [Store::open(db).unwrap(), Store::open(db).unwrap()];
    for (turn, part) in articles.chunks(20).enumerate() {
        store_articles(&mut writers[turn % 2], part, 10);
    }
    let seen = assert_kept(&mut writers[0]);
    assert!(seen > 20, "too few changes to test: {seen}");
}

/// Stores that share the decisions and their edits (a server's requests,
/// [`attache_store::DecisionsCache`]) answer as a store that reads them
/// anew, as decisions are taken, articles arrive and the record is
/// reanalysed: one store that lives through it all, and one opened after
/// each step.
fn shared_decisions(db: &str) {
    let mut writer = Store::open(db).unwrap();
    ingest(&mut writer, 0..120);
    let cache = attache_store::DecisionsCache::default();
    let mut living = Store::open(db).unwrap();
    living.share_decisions(&cache);
    let answers = |store: &mut Store| {
        let mut out = debug(&store.positions(None).unwrap());
        out.extend(debug(&store.positions(Some("2025-06-30")).unwrap()));
        out.extend(debug(&store.changes(None).unwrap()));
        out.extend(debug(&store.changes_with(None, 0.7).unwrap()));
        out.extend(debug(&store.review_queue(60).unwrap()));
        out.extend(debug(
            &store
                .quotes(&attache_store::QuoteFilter::default())
                .unwrap(),
        ));
        out
    };
    let mut same = |step: &str| {
        let fresh = answers(&mut Store::open(db).unwrap());
        let mut opened = Store::open(db).unwrap();
        opened.share_decisions(&cache);
        assert_eq!(answers(&mut living), fresh, "the living store, {step}");
        assert_eq!(answers(&mut opened), fresh, "a store opened, {step}");
    };
    same("before any decision");
    let changes = writer.changes(None).unwrap();
    assert!(
        changes.len() > 6,
        "too few changes to test: {}",
        changes.len()
    );
    for (k, c) in changes.iter().take(6).enumerate() {
        let (article, start, end) = (c.after_span.article, c.after_span.start, c.after_span.end);
        let (issue, actor) = (c.issue.clone(), c.actor_key.clone());
        let d = match k % 3 {
            0 => Decision::Reject {
                article,
                start,
                end,
                issue,
                actor,
            },
            1 => Decision::Accept {
                article,
                start,
                end,
                issue,
                actor,
            },
            _ => Decision::Correct {
                article,
                start,
                end,
                issue,
                actor,
                stance: Some(c.from.clone()),
                holder: None,
                to_issue: None,
            },
        };
        writer.review(d, "test").unwrap().unwrap();
        same(&format!("after decision {k}"));
    }
    // decisions a server edits its kept overlay and edits with: one that
    // replaces an earlier on the same statement, a correction of holder
    // and issue, a speaker's; then a merge (made again from all), and a
    // decision after it
    let (a0, a6) = (&changes[0], &changes[6]);
    let other_issue = changes
        .iter()
        .map(|c| c.issue.clone())
        .find(|i| *i != a6.issue)
        .unwrap();
    let other_actor = changes
        .iter()
        .map(|c| c.actor_key.clone())
        .find(|k| *k != a6.actor_key)
        .unwrap();
    let quote = writer
        .quotes(&attache_store::QuoteFilter::default())
        .unwrap()
        .into_iter()
        .find(|q| q.actor_key.is_some())
        .unwrap();
    let merged_into = other_actor.clone();
    let merged = changes
        .iter()
        .map(|c| c.actor_key.clone())
        .find(|k| *k != merged_into && *k != a6.actor_key)
        .unwrap();
    for (step, d) in [
        (
            "an accept replacing a rejection",
            Decision::Accept {
                article: a0.after_span.article,
                start: a0.after_span.start,
                end: a0.after_span.end,
                issue: a0.issue.clone(),
                actor: a0.actor_key.clone(),
            },
        ),
        (
            "a correction of holder and issue",
            Decision::Correct {
                article: a6.after_span.article,
                start: a6.after_span.start,
                end: a6.after_span.end,
                issue: a6.issue.clone(),
                actor: a6.actor_key.clone(),
                stance: None,
                holder: Some(other_actor.clone()),
                to_issue: Some(other_issue),
            },
        ),
        (
            "a speaker rejected",
            Decision::RejectSpeaker {
                article: quote.article,
                start: quote.start,
                end: quote.end,
            },
        ),
        (
            "a merge",
            Decision::Merge {
                actor: merged,
                into: merged_into,
            },
        ),
        (
            "a rejection after the merge",
            Decision::Reject {
                article: a6.before_span.article,
                start: a6.before_span.start,
                end: a6.before_span.end,
                issue: a6.issue.clone(),
                actor: a6.actor_key.clone(),
            },
        ),
    ] {
        writer.review(d, "test").unwrap().unwrap();
        same(&format!("after {step}"));
    }
    // several decisions between two reads, two of them on one statement
    let (b1, b2) = (&changes[1], &changes[2]);
    let on = |c: &attache_store::db::ChangeRow, stance: Option<String>| -> Decision {
        let (article, start, end) = (
            c.before_span.article,
            c.before_span.start,
            c.before_span.end,
        );
        let (issue, actor) = (c.issue.clone(), c.actor_key.clone());
        match stance {
            Some(stance) => Decision::Correct {
                article,
                start,
                end,
                issue,
                actor,
                stance: Some(stance),
                holder: None,
                to_issue: None,
            },
            None => Decision::Reject {
                article,
                start,
                end,
                issue,
                actor,
            },
        }
    };
    for d in [
        on(b1, None),
        on(b2, Some(b2.to.clone())),
        on(b1, Some(b1.to.clone())),
    ] {
        writer.review(d, "test").unwrap().unwrap();
    }
    same("after three decisions at once");
    ingest(&mut writer, 120..160);
    same("after more articles");
    // an article that lengthens the names of actors decisions name (an
    // accept and a correction, whose statements are shown) and places
    // them in a state: the statements kept are named anew
    let mut decided = vec![changes[1].actor_key.clone(), changes[2].actor_key.clone()];
    decided.dedup();
    let text = "Officials met in Geneva on Monday.";
    let mut analysis = Analyzer::default().analyze_with(text, Some(&catalogue()), false);
    for (k, key) in decided.iter().enumerate() {
        let row = writer
            .actors()
            .unwrap()
            .into_iter()
            .find(|a| &a.key == key)
            .unwrap();
        analysis.actors.push(attache_core::analysis::Actor {
            id: format!("renamed-{k}"),
            key: key.clone(),
            name: format!("{} of Somewhere", row.name),
            kind: attache_core::analysis::ActorKind::Person,
            role: None,
            affiliation: Some("Iceland".into()),
            mentions: Vec::new(),
        });
    }
    let raw = RawArticle {
        text: text.into(),
        published: Some(("2025-07-01".into(), DateSource::Metadata)),
        origin: "renamed.txt".into(),
        ..RawArticle::default()
    };
    writer
        .ingest(&raw, &analysis, issues_of(&catalogue()))
        .unwrap();
    let renamed = writer.actors().unwrap();
    for key in &decided {
        assert!(
            renamed
                .iter()
                .any(|a| &a.key == key && a.name.ends_with(" of Somewhere")),
            "{renamed:?}"
        );
    }
    same("after an article renamed a decided actor");
    common::reanalyse(&mut writer, &catalogue());
    same("after reanalyse");
}
