//! The lists not in date order, page by page: actors, decisions, the
//! matrix and search hits. Every page walk gives each row once, in the
//! order of the whole list, on both back ends.

mod common;
use attache_core::{Analyzer, Catalogue};
use attache_store::db::by_state;
use attache_store::pages::NOT_OURS;
use attache_store::sources::{DateSource, RawArticle};
use attache_store::{ActorFilter, Cursor, Decision, KeyCursor, QuoteFilter, Store};
use common::{TWO_ISSUES as CATALOGUE, issues_of, temp_dir};

const ARTICLES: [&str; 3] = [
    "Volodymyr Zelenskyy said Ukraine would accept a ceasefire in the spring. \
     “We want the guns to fall silent,” Zelenskyy said in Kyiv. \
     The Kremlin has long backed direct negotiations with Washington. \
     Sergei Lavrov rejected a truce before a settlement.",
    "Talks in Geneva stalled on Thursday. \
     In Kiev, President Zelenskiy said Ukraine rejected any truce that left troops in place. \
     Foreign Minister Lavrov's deputy, Andrei Rudenko, said Russia was ready for negotiations. \
     Rudenko added: “Moscow wants a durable settlement.”",
    "Emmanuel Macron said France supported peace talks in Istanbul. \
     “A ceasefire must come first,” Macron told reporters in Paris. \
     Keir Starmer backed a truce along the front line.",
];

fn ingest(store: &mut Store, text: &str, k: usize) {
    let cat = Catalogue::parse(CATALOGUE).unwrap();
    let raw = RawArticle {
        text: text.into(),
        title: Some(format!("Made-up report {k}")),
        outlet: Some("Made-up Wire".into()),
        published: Some((format!("2025-03-{:02}", k % 28 + 1), DateSource::Metadata)),
        origin: format!("{k}.txt"),
        ..RawArticle::default()
    };
    let analysis = Analyzer::default().analyze_with(text, Some(&cat), false);
    store.ingest(&raw, &analysis, issues_of(&cat)).unwrap();
}

/// The quotes of `listed` that a name finds: those of each actor whose
/// key is it or whose name or a spelling in `machine` holds it (any
/// case), or whose name as listed holds it, and those of no actor whose
/// speaker holds it.
fn found_by_name<'q>(
    machine: &[attache_store::db::QuoteRow],
    listed: &'q [attache_store::db::QuoteRow],
    who: &str,
) -> Vec<&'q attache_store::db::QuoteRow> {
    let lower = who.to_lowercase();
    let has = |s: &Option<String>| {
        s.as_deref()
            .is_some_and(|s| s.to_lowercase().contains(&lower))
    };
    let named: std::collections::HashSet<&str> = machine
        .iter()
        .filter(|q| {
            q.actor_key
                .as_deref()
                .is_some_and(|k| k.to_lowercase() == lower)
                || has(&q.actor_name)
                || has(&q.speaker)
        })
        .filter_map(|q| q.actor_key.as_deref())
        .collect();
    listed
        .iter()
        .filter(|q| {
            let key = q.actor_key.as_deref();
            key.is_some_and(|k| k.to_lowercase() == lower || named.contains(k))
                || has(&q.actor_name)
                || (key.is_none() && has(&q.speaker))
        })
        .collect()
}

/// Every page of a list, `limit` rows at a time, joined.
fn walk<T>(
    limit: usize,
    mut page: impl FnMut(Option<&KeyCursor>, usize) -> (Vec<T>, Option<KeyCursor>),
) -> Vec<T> {
    let (mut all, mut next) = page(None, limit);
    let mut pages = 1;
    while let Some(cursor) = next {
        // a cursor goes through a URL and back
        let cursor: KeyCursor = cursor.to_string().parse().unwrap();
        let (rows, n) = page(Some(&cursor), limit);
        assert!(rows.len() <= limit);
        all.extend(rows);
        next = n;
        pages += 1;
        assert!(pages < 1000, "the pages do not end");
    }
    all
}

on_both!(
    every_list_pages_whole_and_once,
    every_list_pages_whole_and_once_on_postgres,
    lists
);
on_both!(
    pages_as_reviewed_join_up_to_the_whole_list_as_reviewed,
    pages_as_reviewed_join_up_to_the_whole_list_as_reviewed_on_postgres,
    reviewed_pages
);
on_both!(
    search_pages_every_match_once_in_bands,
    search_pages_every_match_once_in_bands_on_postgres,
    search_bands
);

on_both!(
    a_name_finds_its_actors_quotes_under_every_spelling,
    a_name_finds_its_actors_quotes_under_every_spelling_on_postgres,
    names
);

/// One actor quoted under two spellings in two articles, and speakers who
/// are no actor.
const SPELLINGS: [&str; 2] = [
    "KYIV (Made-up Wire) - Ukrainian President Volodymyr Zelenskyy said Ukraine would not give up land. \
     “We will not trade land for promises,” Zelenskyy said in Kyiv. \
     “No deal is close,” a senior official said on condition of anonymity.",
    "KYIV (Made-up Wire) - President Volodymyr Zelenskiy said the truce must hold. \
     “The truce must hold,” Zelenskiy told reporters. \
     “The ceasefire talks will resume next week,” the spokesman said.",
];

fn names(db: &str) {
    let mut store = Store::open(db).unwrap();
    for (k, text) in SPELLINGS.iter().chain(&ARTICLES).enumerate() {
        ingest(&mut store, text, k);
    }
    let every = store.quotes(&QuoteFilter::default()).unwrap();
    let actor_of = |spelling: &str| {
        every
            .iter()
            .find(|q| q.speaker.as_deref() == Some(spelling))
            .unwrap_or_else(|| panic!("no quote by {spelling}: {every:?}"))
            .actor_key
            .clone()
    };
    let zelenskyy = actor_of("Volodymyr Zelenskiy");
    assert!(zelenskyy.is_some());
    assert_eq!(zelenskyy, actor_of("Volodymyr Zelenskyy"), "one actor");
    assert_eq!(actor_of("a senior official"), None, "no actor");
    let found = |store: &mut Store, who: &str, limit: usize| -> Vec<i64> {
        let filter = QuoteFilter {
            actor: Some(who.into()),
            ..QuoteFilter::default()
        };
        walk_dated(limit, |after, limit| {
            store.quotes_page(&filter, after, limit).unwrap()
        })
        .iter()
        .map(|q| q.id)
        .collect()
    };
    for who in [
        "Zelenskiy",
        "zelenskyy",
        "OFFICIAL",
        "spokesman",
        "Macron",
        "person:keir-starmer",
        "ukraine",
        "nobody at all",
    ] {
        let expected: Vec<i64> = found_by_name(&every, &every, who)
            .iter()
            .map(|q| q.id)
            .collect();
        for limit in [1, 2, 100] {
            assert_eq!(
                found(&mut store, who, limit),
                expected,
                "{who}, pages of {limit}"
            );
        }
    }
    // either spelling finds the actor's quotes under both
    let of_actor = every.iter().filter(|q| q.actor_key == zelenskyy).count();
    assert!(of_actor >= 3, "{every:?}");
    assert_eq!(found(&mut store, "Zelenskiy", 100).len(), of_actor);
    assert_eq!(found(&mut store, "official", 100).len(), 1);
    // each walk of a rare name in its own index, in the pages' order
    if !db.starts_with("postgres") {
        for who in ["Zelenskiy", "official"] {
            let plans = store.quotes_walk_plans(who).unwrap().expect("merged walks");
            assert!(!plans.is_empty());
            for plan in plans {
                assert!(
                    plan.iter()
                        .any(|p| p.contains("INDEX quotes_actor (actor_id=?)")
                            || p.contains("INDEX quotes_unresolved (speaker=?)"))
                        && !plan.iter().any(|p| p.contains("TEMP B-TREE")),
                    "{who}: {plan:?}"
                );
            }
        }
    }
    // the statements on every issue: each issue's merged, in the order
    // of the whole list, up to a date too
    for until in [None, Some("2025-03-03")] {
        let mut expected = Vec::new();
        for issue in store.issues().unwrap() {
            expected.extend(store.statements(Some(&issue), until).unwrap());
        }
        expected.sort_by_key(|r| {
            (
                r.published.clone().unwrap_or_default(),
                r.article,
                r.start,
                r.id,
            )
        });
        let expected: Vec<i64> = expected.iter().map(|r| r.id).collect();
        assert!(expected.len() >= 4, "{expected:?}");
        for limit in [1, 2, 100] {
            let pages = walk_dated(limit, |after, limit| {
                store.statements_page(None, until, after, limit).unwrap()
            });
            assert_eq!(
                pages.iter().map(|r| r.id).collect::<Vec<_>>(),
                expected,
                "{until:?}, pages of {limit}"
            );
        }
    }
}

fn lists(db: &str) {
    let mut store = Store::open(db).unwrap();
    for (k, text) in ARTICLES.iter().enumerate() {
        ingest(&mut store, text, k);
    }
    let actors_of = |store: &mut Store, filter: &ActorFilter, limit: usize| {
        walk(limit, |after, limit| {
            store.actors_page(filter, after, limit).unwrap()
        })
        .into_iter()
        .map(|a| (a.key, a.mentions, a.quotes))
        .collect::<Vec<_>>()
    };
    let every_actor = |store: &mut Store| {
        let mut all = store.actors().unwrap();
        all.sort_by(|a, b| {
            (std::cmp::Reverse(a.mentions), &a.name, &a.key).cmp(&(
                std::cmp::Reverse(b.mentions),
                &b.name,
                &b.key,
            ))
        });
        all
    };
    let all = every_actor(&mut store);
    assert!(all.len() >= 6, "{all:?}");
    let whole: Vec<_> = all
        .iter()
        .map(|a| (a.key.clone(), a.mentions, a.quotes))
        .collect();
    for limit in [1, 2, 5] {
        assert_eq!(actors_of(&mut store, &ActorFilter::default(), limit), whole);
    }
    // by name, any case, wildcards taken literally
    let named = |store: &mut Store, name: &str| {
        let filter = ActorFilter {
            name: Some(name.into()),
            quoted: false,
        };
        actors_of(store, &filter, 2)
    };
    let zelensky = named(&mut store, "ZELENS");
    assert_eq!(zelensky.len(), 1, "{zelensky:?}");
    assert!(zelensky[0].0.contains("zelensk"), "{zelensky:?}");
    // letters beyond ASCII in any case, as PostgreSQL and Rust fold them
    ingest(
        &mut store,
        "Émile Durand, the French envoy, said on Monday that talks would resume.",
        7,
    );
    for typed in ["ÉMILE", "émile", "Durand"] {
        let found = named(&mut store, typed);
        assert_eq!(found.len(), 1, "{typed}: {found:?}");
    }
    let all = every_actor(&mut store);
    let whole: Vec<_> = all
        .iter()
        .map(|a| (a.key.clone(), a.mentions, a.quotes))
        .collect();
    assert!(named(&mut store, "%").is_empty());
    assert!(named(&mut store, "_").is_empty());
    // only those quoted
    let quoted = ActorFilter {
        name: None,
        quoted: true,
    };
    let speakers = actors_of(&mut store, &quoted, 1);
    let expected: Vec<_> = whole.iter().filter(|a| a.2 > 0).cloned().collect();
    assert!(!expected.is_empty() && expected.len() < whole.len());
    assert_eq!(speakers, expected);

    // the matrix, by actor and by state
    let mut matrix = store.positions(None).unwrap();
    matrix.sort_by(|a, b| (&a.holder, &a.issue, &a.actor).cmp(&(&b.holder, &b.issue, &b.actor)));
    assert!(matrix.len() >= 4, "{matrix:?}");
    let cell =
        |r: &attache_store::db::PositionRow| (r.actor.clone(), r.issue.clone(), r.stance.clone());
    for limit in [1, 3] {
        let pages = walk(limit, |after, limit| {
            store.positions_page(None, after, limit).unwrap()
        });
        assert_eq!(
            pages.iter().map(cell).collect::<Vec<_>>(),
            matrix.iter().map(cell).collect::<Vec<_>>()
        );
    }
    let states = by_state(&store.positions(None).unwrap());
    let pages = walk(1, |after, limit| {
        store.positions_by_state_page(None, after, limit).unwrap()
    });
    let state_cell = |r: &attache_store::db::StateRow| (r.state.clone(), r.issue.clone());
    assert_eq!(
        pages.iter().map(state_cell).collect::<Vec<_>>(),
        states.iter().map(state_cell).collect::<Vec<_>>()
    );

    // decisions, newest first; one replaced by a later one on the same stance
    let lavrov = matrix
        .iter()
        .find(|r| r.holder == "Sergei Lavrov" && r.issue == "ceasefire")
        .unwrap_or_else(|| panic!("{matrix:?}"))
        .clone();
    let on_lavrov = |accept: bool| {
        let (article, start, end) = (lavrov.article, lavrov.start, lavrov.end);
        let (issue, actor) = (lavrov.issue.clone(), lavrov.actor.clone());
        if accept {
            Decision::Accept {
                article,
                start,
                end,
                issue,
                actor,
            }
        } else {
            Decision::Reject {
                article,
                start,
                end,
                issue,
                actor,
            }
        }
    };
    for d in [
        on_lavrov(false),
        Decision::Merge {
            actor: "org:kremlin".into(),
            into: "Russia".into(),
        },
        on_lavrov(true),
    ] {
        store.review(d, "ana").unwrap().unwrap();
    }
    let mut decisions = store.reviews().unwrap();
    decisions.reverse();
    let row = |r: &attache_store::ReviewRow| (r.id, r.superseded, r.applies, r.decision.clone());
    let pages = walk(1, |after, limit| store.reviews_page(after, limit).unwrap());
    assert_eq!(
        pages.iter().map(row).collect::<Vec<_>>(),
        decisions.iter().map(row).collect::<Vec<_>>()
    );
    assert_eq!(
        pages.iter().map(|r| r.superseded).collect::<Vec<_>>(),
        [false, false, true]
    );

    // an actor merged into one mentioned less: the one merged into keeps its kind
    let at = |key: &str| whole.iter().position(|a| a.0 == key).unwrap();
    let (m, f) = (at("person:emmanuel-macron"), at("country:france"));
    assert!(m < f, "{whole:?}");
    let (macron, france) = (&whole[m], &whole[f]);
    store
        .review(
            Decision::Merge {
                actor: macron.0.clone(),
                into: france.0.clone(),
            },
            "ana",
        )
        .unwrap()
        .unwrap();

    // as reviewed: the merged actors are gone from the pages as from the list
    let merged = every_actor(&mut store);
    assert!(
        !merged
            .iter()
            .any(|a| a.key == "org:kremlin" || a.key == macron.0)
    );
    let france = merged.iter().find(|a| a.key == "country:france").unwrap();
    assert_eq!(france.kind, "country", "{merged:?}");
    assert_eq!(
        actors_of(&mut store, &ActorFilter::default(), 2),
        merged
            .iter()
            .map(|a| (a.key.clone(), a.mentions, a.quotes))
            .collect::<Vec<_>>()
    );

    // a cursor of another list, or none of ours, is refused with why
    let other = KeyCursor::new(["1", "2"]);
    for e in [
        store
            .actors_page(&ActorFilter::default(), Some(&other), 5)
            .unwrap_err(),
        store
            .reviews_page(Some(&KeyCursor::new(["x"])), 5)
            .unwrap_err(),
        store.positions_page(None, Some(&other), 5).unwrap_err(),
        store.search_page("truce", Some(&other), 5).unwrap_err(),
    ] {
        assert!(e.to_string().starts_with(NOT_OURS), "{e}");
    }
}

fn search_bands(db: &str) {
    let mut store = Store::open(db).unwrap();
    for k in 0..9 {
        let text = format!(
            "Envoy {k} spoke in Geneva. “A ceasefire in sector {k} is close,” the envoy said. \
             Officials expect the ceasefire talks to resume."
        );
        ingest(&mut store, &text, k);
    }
    // one unrelated article: never a hit
    ingest(&mut store, "Grain ships left Odesa on Monday.", 9);
    let key = |h: &attache_store::db::Hit| (h.kind.clone(), h.id);
    let mut every: Vec<_> = store
        .search("ceasefire", 100)
        .unwrap()
        .iter()
        .map(key)
        .collect();
    every.sort();
    // near-copies share their story's quote: at least an article each and some quotes
    assert!(every.len() >= 12, "{every:?}");
    for (limit, band) in [(2, 3), (3, 3), (1, 4), (5, 5), (4, 100)] {
        let mut pages: Vec<_> = walk(limit, |after, limit| {
            store
                .search_page_in_bands("ceasefire", after, limit, band)
                .unwrap()
        })
        .iter()
        .map(key)
        .collect();
        let n = pages.len();
        pages.sort();
        pages.dedup();
        assert_eq!(pages.len(), n, "a hit twice: limit {limit}, band {band}");
        assert_eq!(pages, every, "limit {limit}, band {band}");
    }
    // an article stored after the first page does not move the others
    let (first, next) = store.search_page_in_bands("ceasefire", None, 4, 5).unwrap();
    ingest(
        &mut store,
        "“The ceasefire holds,” a new envoy said in Vienna on Friday.",
        10,
    );
    let mut rest = first.iter().map(key).collect::<Vec<_>>();
    let mut next = next;
    while let Some(cursor) = next {
        let (rows, n) = store
            .search_page_in_bands("ceasefire", Some(&cursor), 4, 5)
            .unwrap();
        rest.extend(rows.iter().map(key));
        next = n;
    }
    rest.sort();
    assert_eq!(rest, every);
    assert!(store.search("ceasefire", 100).unwrap().len() > every.len());
}

#[test]
fn a_record_without_kept_counts_pages_its_actors_the_same() {
    let dir = temp_dir("pages-older");
    let db = dir.path().join("record.db").display().to_string();
    let mut store = Store::open(&db).unwrap();
    for (k, text) in ARTICLES.iter().enumerate() {
        ingest(&mut store, text, k);
    }
    let walk_actors = |store: &mut Store| {
        walk(2, |after, limit| {
            store
                .actors_page(&ActorFilter::default(), after, limit)
                .unwrap()
        })
        .into_iter()
        .map(|a| (a.key, a.mentions))
        .collect::<Vec<_>>()
    };
    let now = walk_actors(&mut store);
    drop(store);
    attache_store::testing::downgrade(&db, 4).unwrap();
    assert_eq!(walk_actors(&mut Store::open_existing(&db).unwrap()), now);
}

/// Every page of a list in date order, `limit` rows at a time, joined.
fn walk_dated<T>(
    limit: usize,
    mut page: impl FnMut(Option<&Cursor>, usize) -> (Vec<T>, Option<Cursor>),
) -> Vec<T> {
    let (mut all, mut next) = page(None, limit);
    while let Some(cursor) = next {
        let cursor: Cursor = cursor.to_string().parse().unwrap();
        let (rows, n) = page(Some(&cursor), limit);
        assert!(!rows.is_empty() && rows.len() <= limit);
        all.extend(rows);
        next = n;
    }
    all
}

/// With decisions of every kind, pages read a chunk of the machine's rows
/// at a time and still join up to the list as reviewed: statements by
/// issue (one rejected, one moved to another issue, one added), and quotes
/// by speaker (one given to another speaker, one unattributed, an actor
/// merged into another, one split off in an article).
fn reviewed_pages(db: &str) {
    let mut store = Store::open(db).unwrap();
    for (k, text) in ARTICLES.iter().enumerate() {
        ingest(&mut store, text, k);
    }
    ingest(
        &mut store,
        "Antony Blinken arrived in Riyadh on Monday. “Diplomacy needs time,” Blinken told reporters.",
        3,
    );
    ingest(
        &mut store,
        "Emmanuel Macron and Olaf Scholz backed a truce along the front line, officials said on Monday.",
        4,
    );
    // changes of stance: of a holder no decision names, and of one a
    // decision adds a stance for (made again from the statements)
    ingest(
        &mut store,
        "Foreign Minister Andrii Sybiha told reporters in Lviv that Kyiv backed an early ceasefire with guarantees.",
        5,
    );
    ingest(
        &mut store,
        "Foreign Minister Andrii Sybiha on Friday rejected any truce that left troops in place. \
         Keir Starmer rejected a truce along the front line.",
        6,
    );
    let statements = store.statements(None, None).unwrap();
    // one sentence, two holders: both statements moved to the other issue
    let shared: Vec<_> = statements
        .iter()
        .filter(|r| r.evidence.starts_with("Emmanuel Macron and Olaf Scholz"))
        .cloned()
        .collect();
    assert_eq!(shared.len(), 2, "{statements:?}");
    for r in &shared {
        store
            .review(
                Decision::Correct {
                    article: r.article,
                    start: r.start,
                    end: r.end,
                    issue: r.issue.clone(),
                    actor: r.actor.clone(),
                    stance: None,
                    holder: None,
                    to_issue: Some("peace_talks".into()),
                },
                "ana",
            )
            .unwrap()
            .unwrap();
    }
    let quotes = store.quotes(&QuoteFilter::default()).unwrap();
    assert!(
        statements.len() >= 5 && quotes.len() >= 3,
        "{statements:?} {quotes:?}"
    );
    let on = |s: &attache_store::db::PositionRow| {
        (s.article, s.start, s.end, s.issue.clone(), s.actor.clone())
    };
    let (a0, s0, e0, i0, h0) = on(&statements[0]);
    let (a1, s1, e1, i1, h1) = on(&statements[1]);
    let other = if i1 == "ceasefire" {
        "peace_talks"
    } else {
        "ceasefire"
    };
    let quote_of = |name: &str| {
        let q = quotes
            .iter()
            .find(|q| q.actor_name.as_deref().is_some_and(|n| n.contains(name)))
            .unwrap_or_else(|| panic!("no quote of {name}: {quotes:?}"));
        (q.article, q.start, q.end)
    };
    let (qa, qs, qe) = quote_of("Macron");
    let (ra, rs, re) = quote_of("Blinken");
    let zelensky_article = quote_of("Zelenskyy").0;
    for d in [
        Decision::Reject {
            article: a0,
            start: s0,
            end: e0,
            issue: i0,
            actor: h0,
        },
        Decision::Correct {
            article: a1,
            start: s1,
            end: e1,
            issue: i1,
            actor: h1,
            stance: Some("oppose".into()),
            holder: None,
            to_issue: Some(other.into()),
        },
        Decision::Add {
            article: 3,
            start: 0,
            end: 20,
            holder: "Keir Starmer".into(),
            issue: "peace_talks".into(),
            stance: "support".into(),
        },
        Decision::Speaker {
            article: qa,
            start: qs,
            end: qe,
            speaker: "Keir Starmer".into(),
        },
        Decision::RejectSpeaker {
            article: ra,
            start: rs,
            end: re,
        },
        Decision::Merge {
            actor: "org:kremlin".into(),
            into: "Russia".into(),
        },
        Decision::Merge {
            actor: "person:andrei-rudenko".into(),
            into: "Sergei Lavrov".into(),
        },
        Decision::Split {
            actor: "person:volodymyr-zelensky".into(),
            article: zelensky_article,
            name: "Oleksandr Petrenko".into(),
        },
    ] {
        store
            .review(d, "ana")
            .unwrap()
            .unwrap_or_else(|why| panic!("{why}"));
    }
    // the issues as reviewed: one only added, one whose every statement is rejected
    let only_on = |issue: &str| -> Vec<Decision> {
        statements
            .iter()
            .filter(|r| r.issue == issue)
            .map(|r| Decision::Reject {
                article: r.article,
                start: r.start,
                end: r.end,
                issue: r.issue.clone(),
                actor: r.actor.clone(),
            })
            .collect()
    };
    let machine_issues = store.issues().unwrap();
    assert!(machine_issues.len() >= 2, "{machine_issues:?}");
    let gone = machine_issues.last().unwrap().clone();
    let mut more = only_on(&gone);
    more.push(Decision::Add {
        article: 1,
        start: 0,
        end: 10,
        holder: "Keir Starmer".into(),
        issue: "sanctions".into(),
        stance: "oppose".into(),
    });
    for d in more {
        // a statement moved off the issue above is already gone from it
        let _ = store.review(d, "ana").unwrap();
    }
    let mut as_listed: Vec<String> = store
        .statements_read_whole(None, None)
        .unwrap()
        .into_iter()
        .map(|r| r.issue)
        .collect();
    as_listed.sort();
    as_listed.dedup();
    let issues = store.issues().unwrap();
    assert_eq!(issues, as_listed);
    assert!(issues.iter().any(|i| i == "sanctions"), "{issues:?}");
    let place = |r: &attache_store::db::PositionRow| {
        (
            r.article,
            r.start,
            r.id,
            r.issue.clone(),
            r.actor.clone(),
            r.stance.clone(),
        )
    };
    for issue in [
        None,
        Some("ceasefire"),
        Some("peace_talks"),
        Some("nothing"),
    ] {
        let whole = store.statements_read_whole(issue, None).unwrap();
        for limit in [1, 2, 100] {
            let pages = walk_dated(limit, |after, limit| {
                store.statements_page(issue, None, after, limit).unwrap()
            });
            assert_eq!(
                pages.iter().map(place).collect::<Vec<_>>(),
                whole.iter().map(place).collect::<Vec<_>>(),
                "{issue:?}, pages of {limit}"
            );
        }
    }
    let every = store.quotes(&QuoteFilter::default()).unwrap();
    assert_eq!(every.len(), quotes.len());
    let said = |q: &attache_store::db::QuoteRow| {
        (
            q.article,
            q.start,
            q.actor_key.clone(),
            q.actor_name.clone(),
        )
    };
    for who in [
        "LAVROV",
        "zelenskyy",
        "Keir Starmer",
        "person:keir-starmer",
        "russia",
        "Lavrov",
        "Zelensk",
        "Petrenko",
        "kremlin",
    ] {
        // as the machine's spellings find them, by their names as reviewed
        let expected: Vec<_> = found_by_name(&quotes, &every, who)
            .into_iter()
            .map(said)
            .collect();
        let filter = QuoteFilter {
            actor: Some(who.into()),
            ..QuoteFilter::default()
        };
        for limit in [1, 2, 100] {
            let pages = walk_dated(limit, |after, limit| {
                store.quotes_page(&filter, after, limit).unwrap()
            });
            assert_eq!(
                pages.iter().map(said).collect::<Vec<_>>(),
                expected,
                "{who}, pages of {limit}"
            );
        }
    }
    // the matrix as reviewed: the touched cells made again, the rest kept
    let cells = |rows: Vec<attache_store::db::PositionRow>| {
        let mut cells: Vec<_> = rows
            .into_iter()
            .map(|r| {
                (
                    r.holder,
                    r.issue,
                    r.actor,
                    r.stance,
                    r.statements,
                    (r.article, r.start, r.end),
                    r.review,
                    r.affiliation,
                )
            })
            .collect();
        cells.sort();
        cells
    };
    let matrix = cells(store.positions(None).unwrap());
    assert!(matrix.len() >= 6, "{matrix:?}");
    assert_eq!(matrix, cells(store.positions_read_whole(None).unwrap()));
    // and as of each date: the untouched cells from their kept days
    for date in ["2025-02-28", "2025-03-01", "2025-03-02", "2025-03-03"] {
        assert_eq!(
            cells(store.positions(Some(date)).unwrap()),
            cells(store.positions_read_whole(Some(date)).unwrap()),
            "as of {date}"
        );
    }
    assert!(
        matrix
            .iter()
            .any(|c| c.0 == "Keir Starmer" && c.1 == "sanctions"),
        "the added stance's cell: {matrix:?}"
    );
    // the changes as reviewed: kept ones and those made again, in pages
    let changed = |c: &attache_store::db::ChangeRow| {
        (
            c.actor_key.clone(),
            c.issue.clone(),
            c.from.clone(),
            c.to.clone(),
            c.before_span,
            c.after_span,
        )
    };
    let confidence = attache_store::db::CHANGE_CONFIDENCE;
    for as_of in [None, Some("2025-03-07")] {
        let whole: Vec<_> = store
            .computed_changes(as_of, confidence)
            .unwrap()
            .iter()
            .map(changed)
            .collect();
        assert!(
            whole.iter().any(|c| c.0.contains("sybiha"))
                && whole.iter().any(|c| c.0.contains("starmer")),
            "{as_of:?}: {whole:?}"
        );
        for limit in [1, 2, 100] {
            let pages = walk_dated(limit, |after, limit| {
                store.changes_page(as_of, confidence, after, limit).unwrap()
            });
            assert_eq!(
                pages.iter().map(changed).collect::<Vec<_>>(),
                whole,
                "{as_of:?}, pages of {limit}"
            );
        }
    }
    // the decisions moved quotes between speakers
    let by = |store: &mut Store, who: &str| {
        store
            .quotes(&QuoteFilter {
                actor: Some(who.into()),
                ..QuoteFilter::default()
            })
            .unwrap()
            .len()
    };
    assert_eq!(
        by(&mut store, "Keir Starmer"),
        1,
        "Macron's quote is Starmer's"
    );
    assert_eq!(
        by(&mut store, "Sergei Lavrov"),
        1,
        "Rudenko's quote is Lavrov's"
    );
    assert_eq!(
        by(&mut store, "Petrenko"),
        1,
        "Zelenskyy's quote is Petrenko's"
    );
    assert_eq!(
        by(&mut store, "Blinken"),
        0,
        "Blinken's quote is unattributed"
    );
}

/// The review queue ranks the statements stored last, however many the
/// record holds: with a window of the whole record it is the whole
/// queue; with a smaller one, only statements stored last, in the same
/// order of priority.
#[test]
fn the_review_queue_ranks_the_statements_stored_last() {
    let dir = temp_dir("queue-window");
    let db = dir.path().join("record.db").display().to_string();
    let mut store = Store::open(&db).unwrap();
    for (k, text) in ARTICLES.iter().enumerate() {
        ingest(&mut store, text, k);
    }
    let ids: Vec<i64> = {
        let mut ids: Vec<i64> = store
            .statements(None, None)
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect();
        ids.sort();
        ids
    };
    assert!(ids.len() >= 5, "{ids:?}");
    let whole = store.review_queue(100).unwrap();
    assert_eq!(whole.len(), ids.len());
    let ranked = |q: &[attache_store::QueueItem]| -> Vec<(i64, String)> {
        q.iter()
            .map(|i| (i.statement.id, format!("{:.3}", i.priority)))
            .collect()
    };
    assert_eq!(
        ranked(&store.review_queue_in(100, ids.len() as i64).unwrap()),
        ranked(&whole)
    );
    let last_two = &ids[ids.len() - 2..];
    let window = store.review_queue_in(100, 2).unwrap();
    let mut in_window: Vec<i64> = window.iter().map(|i| i.statement.id).collect();
    in_window.sort();
    assert_eq!(in_window, last_two);
    // the same ranking as in the whole queue, among them
    let expected: Vec<(i64, String)> = ranked(&whole)
        .into_iter()
        .filter(|(id, _)| last_two.contains(id))
        .collect();
    assert_eq!(ranked(&window), expected);
}

/// "One side of a change of stance" marks the two statements of a
/// change, not the sentence's other statements (on another issue): with
/// and without decisions, and over windows that start inside the
/// sentence.
#[test]
fn a_change_marks_its_own_statements_not_the_rest_of_their_sentence() {
    let dir = temp_dir("queue-sides");
    let db = dir.path().join("record.db").display().to_string();
    let mut store = Store::open(&db).unwrap();
    let texts = [
        "Emmanuel Macron backed a ceasefire and direct negotiations with Moscow.",
        "Emmanuel Macron rejected a ceasefire on Friday.",
        "Keir Starmer backed a truce along the front line.",
    ];
    for (k, text) in texts.iter().enumerate() {
        ingest(&mut store, text, k);
    }
    let flagged = |store: &mut Store, window: i64| -> Vec<(i64, String, bool)> {
        let mut v: Vec<(i64, String, bool)> = store
            .review_queue_in(100, window)
            .unwrap()
            .into_iter()
            .map(|i| {
                let changed = i.reasons.iter().any(|r| r.contains("change of stance"));
                (i.statement.article, i.statement.issue, changed)
            })
            .collect();
        v.sort();
        v
    };
    let whole = flagged(&mut store, 100);
    assert_eq!(
        whole,
        [
            (1, "ceasefire".to_string(), true),
            (1, "peace_talks".to_string(), false),
            (2, "ceasefire".to_string(), true),
            (3, "ceasefire".to_string(), false),
        ],
        "{whole:?}"
    );
    for window in 1..=4 {
        let expected: Vec<_> = whole[whole.len() - window as usize..].to_vec();
        let mut got = flagged(&mut store, window);
        got.sort();
        let mut expected = expected;
        expected.sort();
        assert_eq!(got, expected, "window {window}");
        assert_eq!(
            format!("{:?}", store.review_queue_in(100, window).unwrap()),
            format!("{:?}", store.review_queue_read_whole(100, window).unwrap()),
        );
    }
    // with a decision (Starmer's statement rejected), the queue's reading
    // of the other statements is the same
    let starmer = store
        .statements(None, None)
        .unwrap()
        .into_iter()
        .find(|s| s.article == 3)
        .unwrap();
    store
        .review(
            Decision::Reject {
                article: 3,
                start: starmer.start,
                end: starmer.end,
                issue: "ceasefire".into(),
                actor: starmer.actor.clone(),
            },
            "ana",
        )
        .unwrap()
        .unwrap();
    assert_eq!(flagged(&mut store, 100), whole[..3]);
    // each shown with its evidence, the sentence of its span
    for item in store.review_queue(100).unwrap() {
        let s = &item.statement;
        let text = texts[s.article as usize - 1];
        let sentence: String = text
            .chars()
            .skip(s.start as usize)
            .take((s.end - s.start) as usize)
            .collect();
        assert_eq!(s.evidence, sentence);
    }
}

/// The changes of two actors merged into one, page by page: a run of
/// one stance longer than a chunk of the merged walk (64 and more), then
/// the other actor's stance, equals the changes made from every statement
/// (and no other change comes first, so a page's walk reads the run).
#[test]
fn merged_actors_changes_page_by_page_equal_the_whole() {
    let dir = temp_dir("merged-changes");
    let db = dir.path().join("record.db").display().to_string();
    let mut store = Store::open(&db).unwrap();
    let cat = Catalogue::parse(CATALOGUE).unwrap();
    // a made-up word of four letters for each number
    let word = |mut n: usize| -> String {
        (0..4)
            .map(|_| {
                let c = (b'a' + (n % 26) as u8) as char;
                n /= 26;
                c
            })
            .collect()
    };
    let mut texts: Vec<String> = (0..80usize)
        .map(|i| {
            // a story of its own each: a paragraph of words no other has
            let words: Vec<String> = (0..14).map(|j| word(i * 7919 + j * 104_729)).collect();
            format!(
                "Emmanuel Macron backed a ceasefire.\n\nNote {i}: {}.",
                words.join(" ")
            )
        })
        .collect();
    texts.push("Keir Starmer rejected a ceasefire on Tuesday.".into());
    texts.push("Emmanuel Macron backed a ceasefire once more in Madrid.".into());
    for (k, text) in texts.iter().enumerate() {
        let raw = RawArticle {
            text: text.clone(),
            outlet: Some("Made-up Wire".into()),
            published: Some((
                format!("2025-{:02}-{:02}", k / 28 + 1, k % 28 + 1),
                DateSource::Metadata,
            )),
            origin: format!("{k}.txt"),
            ..RawArticle::default()
        };
        let analysis = Analyzer::default().analyze_with(text, Some(&cat), false);
        store.ingest(&raw, &analysis, issues_of(&cat)).unwrap();
    }
    let key_of = |store: &mut Store, name: &str| {
        store
            .actors()
            .unwrap()
            .into_iter()
            .find(|a| a.name == name)
            .unwrap_or_else(|| panic!("no actor {name}"))
            .key
    };
    let (macron, starmer) = (
        key_of(&mut store, "Emmanuel Macron"),
        key_of(&mut store, "Keir Starmer"),
    );
    assert!(store.changes(None).unwrap().is_empty());
    store
        .review(
            Decision::Merge {
                actor: starmer,
                into: macron.clone(),
            },
            "ana",
        )
        .unwrap()
        .unwrap();
    let computed = store
        .computed_changes(None, attache_store::db::CHANGE_CONFIDENCE)
        .unwrap();
    assert_eq!(
        store
            .statements(None, None)
            .unwrap()
            .iter()
            .filter(|r| r.actor == macron)
            .count(),
        82
    );
    let moves: Vec<(i64, i64, String)> = computed
        .iter()
        .map(|c| (c.before_span.article, c.after_span.article, c.to.clone()))
        .collect();
    assert_eq!(
        moves,
        [
            (80, 81, "oppose".to_string()),
            (81, 82, "support".to_string())
        ]
    );
    for size in [1, 2, 100] {
        let mut paged = Vec::new();
        let mut cursor = None;
        loop {
            let (rows, next) = store
                .changes_page(
                    None,
                    attache_store::db::CHANGE_CONFIDENCE,
                    cursor.as_ref(),
                    size,
                )
                .unwrap();
            paged.extend(rows);
            match next {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        assert_eq!(
            format!("{paged:?}"),
            format!("{computed:?}"),
            "pages of {size}"
        );
    }
}
