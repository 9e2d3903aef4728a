//! The record on made-up articles: syndicated copies, idempotence, dates,
//! actors across spellings, positions over time, scenarios.

mod common;
use attache_core::{Analyzer, Catalogue};
use attache_store::sources::{DateSource, RawArticle};
use attache_store::testing::{downgrade, restore_signatures};
use attache_store::{Outcome, QuoteFilter, SCHEMA_VERSION, SEARCH_HASH_BYTES, Store};
use common::{issues_of, temp_dir};

const CATALOGUE: &str = r#"
[[issue]]
id = "ceasefire"
proposition = "An early ceasefire."
terms = ["ceasefire", "truce"]
"#;

const WIRE: &str = "Negotiators from Ukraine and Russia met in Geneva on Tuesday and agreed to resume talks on a prisoner exchange next month. \
“We will bring every prisoner home,” Ukrainian President Volodymyr Zelenskyy said after the meeting. \
Russian Foreign Minister Sergei Lavrov said Moscow would not accept a ceasefire before a settlement. \
The talks, the first in a year, lasted six hours and ended with a joint statement that promised further meetings on humanitarian questions.";

on_both!(
    one_story_from_three_outlets,
    one_story_from_three_outlets_on_postgres,
    syndicated
);
on_both!(
    a_hedged_statement_is_no_change_and_one_name_per_actor,
    a_hedged_statement_is_no_change_and_one_name_per_actor_on_postgres,
    hedged_changes
);
on_both!(
    actors_and_stances_over_time,
    actors_and_stances_over_time_on_postgres,
    over_time
);
on_both!(
    schema_versioned_and_reopened,
    schema_versioned_and_reopened_on_postgres,
    reopen
);
on_both!(
    the_kept_matrix_is_the_matrix_of_all_statements,
    the_kept_matrix_is_the_matrix_of_all_statements_on_postgres,
    latest_matrix
);
on_both!(
    knowledge_edits_apply_on_reanalysis,
    knowledge_edits_apply_on_reanalysis_on_postgres,
    merge_by_knowledge
);

/// Two spellings the folding does not join become one actor once the
/// knowledge says so and the record is reanalysed.
fn merge_by_knowledge(db: &str) {
    let mut store = Store::open(db).unwrap();
    ingest(
        &mut store,
        &raw(
            "Defence minister Tomasz Wrobelski said Poland backed a ceasefire.",
            "A",
            "2025-03-01",
        ),
    );
    ingest(
        &mut store,
        &raw(
            "Defence minister Tomas Vrobelsky said Warsaw would not accept a truce yet.",
            "B",
            "2025-03-09",
        ),
    );
    let people = |s: &mut Store| {
        s.actors()
            .unwrap()
            .into_iter()
            .filter(|a| a.kind == "person")
            .map(|a| a.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(people(&mut store).len(), 2);
    let tmp = temp_dir("knowledge");
    let dir = tmp.path();
    std::fs::write(dir.join("poland.toml"), "[[person]]\nname = \"Tomasz Wróbelski\"\nvariants = [\"Tomasz Wrobelski\", \"Tomas Vrobelsky\", \"Vrobelsky\"]\nrole = \"defence minister\"\naffiliation = \"Poland\"\ngender = \"m\"\n").unwrap();
    let analyzer = Analyzer::new(attache_core::knowledge::Knowledge::bundled_and_dir(dir).unwrap());
    let cat = Catalogue::parse(CATALOGUE).unwrap();
    let redone = store
        .reanalyse(|t| analyzer.analyze_with(t, Some(&cat), false), &|_| {
            Vec::new()
        })
        .unwrap();
    assert_eq!(redone, 2);
    let after = people(&mut store);
    assert_eq!(after.len(), 1, "{after:?}");
    let key = store
        .actors()
        .unwrap()
        .into_iter()
        .find(|a| a.kind == "person")
        .unwrap()
        .key;
    assert_eq!(key, "person:tomasz-wrobelski");
    // the merged actor's stance changed between the two articles
    let changes = store.changes(None).unwrap();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert!(store.check().unwrap());
}

/// A matrix row's cell, stance, count and evidence.
fn cells(store: &mut Store, as_of: Option<&str>) -> Vec<(String, String, String, i64, i64, i64)> {
    let mut rows: Vec<_> = store
        .positions(as_of)
        .unwrap()
        .into_iter()
        .map(|p| (p.actor, p.issue, p.stance, p.statements, p.article, p.start))
        .collect();
    rows.sort();
    rows
}

/// Articles stored out of date order: the matrix kept at ingest
/// (`latest_positions`) is the one found from every statement (as of a
/// date after them all), and stays so after reanalysis.
fn latest_matrix(db: &str) {
    let mut store = Store::open(db).unwrap();
    for (text, outlet, date) in [
        (
            "Zelensky told reporters in Kyiv: “We want a ceasefire now, and we want it to hold.”",
            "C",
            "2025-04-02",
        ),
        (
            "Volodymyr Zelenskyy said Ukraine would accept a ceasefire in the spring.",
            "A",
            "2025-03-01",
        ),
        (
            "In Kiev, President Zelenskiy said Ukraine rejected any truce that left troops in place. Russian Foreign Minister Sergei Lavrov said Moscow would not accept a ceasefire. Lavrov later said Moscow backed a truce.",
            "B",
            "2025-03-20",
        ),
        (
            "Sergei Lavrov said Russia rejected a ceasefire.",
            "D",
            "2025-03-20",
        ),
    ] {
        ingest(&mut store, &raw(text, outlet, date));
    }
    let kept = cells(&mut store, None);
    assert!(kept.len() >= 2, "{kept:?}");
    assert_eq!(kept, cells(&mut store, Some("2100-01-01")));
    let zelensky = kept
        .iter()
        .find(|c| c.0 == "person:volodymyr-zelensky")
        .unwrap();
    assert_eq!((zelensky.2.as_str(), zelensky.3), ("support", 3));
    // as of each date, before, on and after the statements': each cell
    // counted and sought in its key (migration 18) is the cell found
    // from every statement up to the date
    let dates = [
        "2025-02-28",
        "2025-03-01",
        "2025-03-19",
        "2025-03-20",
        "2025-04-01",
        "2025-04-02",
    ];
    let as_of_each_date = |store: &mut Store| {
        for date in dates {
            let mut whole: Vec<_> = store
                .positions_read_whole(Some(date))
                .unwrap()
                .into_iter()
                .map(|p| (p.actor, p.issue, p.stance, p.statements, p.article, p.start))
                .collect();
            whole.sort();
            assert_eq!(cells(store, Some(date)), whole, "as of {date}");
        }
    };
    as_of_each_date(&mut store);
    // and on a record from before migration 18, once migrated
    drop(store);
    downgrade(db, 17).unwrap();
    let mut store = Store::open(db).unwrap();
    as_of_each_date(&mut store);
    let on = |store: &mut Store, date: &str| {
        cells(store, Some(date))
            .into_iter()
            .find(|c| c.0 == "person:volodymyr-zelensky")
            .map(|c| (c.2, c.3))
    };
    assert_eq!(on(&mut store, "2025-02-28"), None);
    assert_eq!(on(&mut store, "2025-03-19"), Some(("support".into(), 1)));
    assert_eq!(on(&mut store, "2025-03-20"), Some(("oppose".into(), 2)));
    let cat = Catalogue::parse(CATALOGUE).unwrap();
    common::reanalyse(&mut store, &cat);
    assert_eq!(cells(&mut store, None), kept);
}

/// Search hits as (kind, id, snippet).
fn hits(store: &mut Store, query: &str) -> std::collections::BTreeSet<(String, i64, String)> {
    store
        .search(query, 20)
        .unwrap()
        .into_iter()
        .map(|h| (h.kind, h.id, h.snippet))
        .collect()
}

/// A record from before SQLite's search tables by kind is searched as it
/// is by a reader; opened for writing, its tables are filled from the
/// articles' and quotes' own text and find the same; after a reanalysis
/// the quotes' index holds the new quotes alone (the integrity check reads
/// the full-text index against its rows).
#[test]
fn an_older_record_searches_the_same_before_and_after_its_migration() {
    let (_dir, db) = record_with_wire("older-search");
    let now = hits(&mut Store::open_existing(&db).unwrap(), "prisoner");
    let kinds: std::collections::BTreeSet<&str> = now.iter().map(|h| h.0.as_str()).collect();
    assert_eq!(kinds, ["article", "quote"].into(), "{now:?}");
    assert!(
        now.iter()
            .all(|h| h.2.to_lowercase().contains("[prisoner]")),
        "{now:?}"
    );
    downgrade(&db, 6).unwrap();
    assert_eq!(
        hits(&mut Store::open_existing(&db).unwrap(), "prisoner"),
        now
    );
    let mut store = Store::open(&db).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(hits(&mut store, "prisoner"), now);
    assert!(store.check().unwrap());
    common::reanalyse(&mut store, &Catalogue::parse(CATALOGUE).unwrap());
    let again = hits(&mut store, "prisoner");
    assert_eq!(again.len(), now.len(), "{again:?}");
    assert!(store.check().unwrap());
}

/// A record from before `latest_positions`: opening it for writing fills
/// the table from its statements.
#[test]
fn an_older_record_gets_its_kept_matrix() {
    let dir = temp_dir("older-matrix");
    let db = dir.path().join("record.db");
    let kept = {
        let mut store = Store::open(&db).unwrap();
        ingest(
            &mut store,
            &raw(
                "Volodymyr Zelenskyy said Ukraine would accept a ceasefire in the spring.",
                "A",
                "2025-03-01",
            ),
        );
        ingest(
            &mut store,
            &raw(
                "In Kiev, President Zelenskiy said Ukraine rejected any truce that left troops in place.",
                "B",
                "2025-03-20",
            ),
        );
        cells(&mut store, None)
    };
    downgrade(&db.to_string_lossy(), 3).unwrap();
    // read-only, the older record is answered from its statements
    let mut reader = Store::open_existing(&db.display().to_string()).unwrap();
    assert_eq!(cells(&mut reader, None), kept);
    drop(reader);
    let mut store = Store::open(&db).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(cells(&mut store, None), kept);
    assert_eq!(kept[0].3, 2, "{kept:?}");
}

fn raw(text: &str, outlet: &str, date: &str) -> RawArticle {
    RawArticle {
        text: text.to_string(),
        outlet: Some(outlet.into()),
        published: Some((date.into(), DateSource::Metadata)),
        origin: format!("{outlet}.txt"),
        ..RawArticle::default()
    }
}

fn ingest(store: &mut Store, a: &RawArticle) -> Outcome {
    let analyzer = Analyzer::default();
    let cat = Catalogue::parse(CATALOGUE).unwrap();
    let analysis = analyzer.analyze_with(&a.text, Some(&cat), false);
    store
        .ingest(a, &analysis, |t| {
            cat.find(t)
                .into_iter()
                .map(|m| cat.issues[m.issue].id.clone())
                .collect()
        })
        .unwrap()
}

/// A new SQLite record in a temporary folder, holding `WIRE` as its one
/// story: the folder (the record lives as long as it) and the record's path.
fn record_with_wire(name: &str) -> (tempfile::TempDir, String) {
    let dir = temp_dir(name);
    let db = dir.path().join("record.db").display().to_string();
    let mut store = Store::open(&db).unwrap();
    assert_eq!(
        ingest(&mut store, &raw(WIRE, "A", "2025-02-11")),
        Outcome::Stored
    );
    (dir, db)
}

/// `texts` stored as one group (their issues from `CATALOGUE`), dated `date`.
fn ingest_group(store: &mut Store, texts: &[String], date: &str) -> Vec<Outcome> {
    let cat = Catalogue::parse(CATALOGUE).unwrap();
    let analyzer = Analyzer::default();
    let raws: Vec<RawArticle> = texts.iter().map(|t| raw(t, "A", date)).collect();
    let analyses: Vec<_> = texts
        .iter()
        .map(|t| analyzer.analyze_with(t, Some(&cat), false))
        .collect();
    let batch: Vec<_> = raws.iter().zip(&analyses).collect();
    store
        .ingest_batch(&batch, issues_of(&cat))
        .unwrap()
        .into_iter()
        .map(Result::unwrap)
        .collect()
}

/// The rounds of a test of the band filter: on SQLite without it and with
/// it (each on a record of its own), on PostgreSQL (which has none) once.
fn filter_rounds(db: &str) -> Vec<(bool, String)> {
    if db.starts_with("postgres") {
        vec![(false, db.to_string())]
    } else {
        vec![(false, db.to_string()), (true, format!("{db}-filtered"))]
    }
}

/// SQLite's plan for `sql`, a line a step.
fn query_plan(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap()
        .query_map([], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// A catalogue of two issues, each named by one word.
const TWO_ISSUES: &str = r#"
[[issue]]
id = "ceasefire"
proposition = "An early ceasefire."
terms = ["ceasefire"]

[[issue]]
id = "sanctions_relief"
proposition = "Sanctions are eased."
terms = ["sanctions"]
"#;

/// Each quote is filed under every issue it names, however many quotes
/// of one article name how many issues: stored alone, or in a writer's
/// group (its quotes' issues worked out beside the analysis).
fn quotes_under_each_issue(db: &str) {
    quotes_filed_under_each_issue(db, false);
}

fn quotes_under_each_issue_in_groups(db: &str) {
    quotes_filed_under_each_issue(db, true);
}

fn quotes_filed_under_each_issue(db: &str, grouped: bool) {
    let cat = Catalogue::parse(TWO_ISSUES).unwrap();
    let a = raw(
        "Envoys met in Geneva on Monday. “A ceasefire must come before any talk of sanctions,” Foreign Minister Ana Kova said. \
         “The sanctions stay until the troops leave,” Prime Minister Jon Brel said later. \
         “We will meet again in May,” Kova added.",
        "Daily Wire Service",
        "2025-05-02",
    );
    let analysis = Analyzer::default().analyze_with(&a.text, Some(&cat), false);
    assert_eq!(analysis.quotes.len(), 3, "{:?}", analysis.quotes);
    let mut store = Store::open(db).unwrap();
    if grouped {
        use attache_store::group::{self, Done, Limits, Ready};
        let (tx, rx) = std::sync::mpsc::sync_channel::<((), Vec<Ready>)>(1);
        tx.send(((), vec![Ready::new(a, analysis, &issues_of(&cat))]))
            .unwrap();
        drop(tx);
        let limits = Limits::of(&store);
        group::write_groups(&mut store, rx, limits, |d| {
            if let Done::Article(_, outcome) = d {
                assert_eq!(outcome.unwrap(), Outcome::Stored);
            }
            Ok(())
        })
        .unwrap();
    } else {
        assert_eq!(
            store.ingest(&a, &analysis, issues_of(&cat)).unwrap(),
            Outcome::Stored
        );
    }
    let under = |store: &mut Store, issue: &str| -> Vec<String> {
        let mut texts: Vec<String> = store
            .quotes(&QuoteFilter {
                issue: Some(issue.into()),
                ..QuoteFilter::default()
            })
            .unwrap()
            .into_iter()
            .map(|q| q.text)
            .collect();
        texts.sort();
        texts
    };
    assert_eq!(
        under(&mut store, "ceasefire"),
        ["A ceasefire must come before any talk of sanctions,"]
    );
    assert_eq!(
        under(&mut store, "sanctions_relief"),
        [
            "A ceasefire must come before any talk of sanctions,",
            "The sanctions stay until the troops leave,"
        ]
    );
}

/// More (quote, issue) pairs than one statement takes (100): every one is
/// filed.
fn many_quotes_under_each_issue(db: &str) {
    let cat = Catalogue::parse(TWO_ISSUES).unwrap();
    let text: String = (1..=60)
        .map(|i| {
            format!("“Point {i}: the ceasefire comes first and the sanctions stay,” Foreign Minister Ana Kova said. ")
        })
        .collect();
    let a = raw(&text, "Daily Wire Service", "2025-05-02");
    let analysis = Analyzer::default().analyze_with(&a.text, Some(&cat), false);
    assert_eq!(analysis.quotes.len(), 60);
    let mut store = Store::open(db).unwrap();
    store.ingest(&a, &analysis, issues_of(&cat)).unwrap();
    for issue in ["ceasefire", "sanctions_relief"] {
        let filter = QuoteFilter {
            issue: Some(issue.into()),
            ..QuoteFilter::default()
        };
        assert_eq!(store.quotes(&filter).unwrap().len(), 60, "{issue}");
    }
}

on_both!(
    more_quote_issues_than_one_statement_takes_are_all_filed,
    more_quote_issues_than_one_statement_takes_are_all_filed_on_postgres,
    many_quotes_under_each_issue
);

on_both!(
    each_quote_is_filed_under_every_issue_it_names,
    each_quote_is_filed_under_every_issue_it_names_on_postgres,
    quotes_under_each_issue
);

on_both!(
    each_quote_of_a_group_is_filed_under_every_issue_it_names,
    each_quote_of_a_group_is_filed_under_every_issue_it_names_on_postgres,
    quotes_under_each_issue_in_groups
);

/// The content keys of stored texts are told from others, however many
/// are asked for at once (more than one statement takes), and a copy with
/// other spacing and case has its original's key.
fn stored_keys(db: &str) {
    use attache_store::fingerprint::content_key;
    let mut store = Store::open(db).unwrap();
    let first = raw(WIRE, "wire", "2025-03-01");
    let second = raw(
        "Kyiv and Moscow agreed on a new round of talks in Istanbul.",
        "daily",
        "2025-03-02",
    );
    for a in [&first, &second] {
        assert_eq!(ingest(&mut store, a), Outcome::Stored);
    }
    let respaced = WIRE.to_uppercase().replace(' ', "  ");
    let unknown: Vec<String> = (0..1200)
        .map(|i| content_key(&format!("An article never stored, number {i}.")))
        .collect();
    let mut asked: Vec<String> = unknown.clone();
    asked.insert(700, content_key(&second.text));
    asked.push(content_key(&respaced));
    let keys: Vec<&str> = asked.iter().map(String::as_str).collect();
    let stored = store.stored_content_keys(&keys).unwrap();
    assert_eq!(
        stored,
        [content_key(WIRE), content_key(&second.text)]
            .into_iter()
            .collect()
    );
    assert!(store.stored_content_keys(&[]).unwrap().is_empty());
}

on_both!(
    stored_texts_are_told_by_their_content_keys_in_one_question,
    stored_texts_are_told_by_their_content_keys_in_one_question_on_postgres,
    stored_keys
);

fn syndicated(db: &str) {
    let mut store = Store::open(db).unwrap();
    let a = raw(
        &format!("Geneva talks yield prisoner deal\n\n{WIRE}"),
        "Daily Wire Service",
        "2025-02-11",
    );
    let b = raw(
        &format!(
            "Kyiv and Moscow agree to prisoner swap talks\n\n{}",
            WIRE.replace("six hours", "nearly six hours")
        ),
        "The Morning Ledger",
        "2025-02-11",
    );
    let c = raw(
        &format!(
            "Prisoners: a first step in Geneva\n\n{} (Reporting by staff.)",
            WIRE.replace("on Tuesday", "this week")
        ),
        "Harbour Times",
        "2025-02-12",
    );
    assert_eq!(ingest(&mut store, &a), Outcome::Stored);
    assert_eq!(ingest(&mut store, &b), Outcome::Copy);
    assert_eq!(ingest(&mut store, &c), Outcome::Copy);
    // the same text again is stored once
    assert_eq!(ingest(&mut store, &a), Outcome::Duplicate);
    let (articles, stories, quotes, _) = store.counts().unwrap();
    assert_eq!((articles, stories), (3, 1));
    let story = store.first_story().unwrap().unwrap();
    let outlets: Vec<String> = store
        .story_sources(story)
        .unwrap()
        .into_iter()
        .filter_map(|s| s.0)
        .collect();
    assert_eq!(
        outlets,
        ["Daily Wire Service", "The Morning Ledger", "Harbour Times"]
    );
    // the story's quote counts once
    assert_eq!(quotes, 1);
    // a different story is a new story
    let other = raw(
        "The central bank raised interest rates by half a point on Thursday, citing inflation in services.",
        "Ledger",
        "2025-02-13",
    );
    assert_eq!(ingest(&mut store, &other), Outcome::Stored);
    assert!(store.check().unwrap());
}

fn over_time(db: &str) {
    let mut store = Store::open(db).unwrap();
    ingest(
        &mut store,
        &raw(
            "Volodymyr Zelenskyy said Ukraine would accept a ceasefire in the spring.",
            "A",
            "2025-03-01",
        ),
    );
    ingest(
        &mut store,
        &raw(
            "In Kiev, President Zelenskiy said Ukraine rejected any truce that left troops in place.",
            "B",
            "2025-03-20",
        ),
    );
    ingest(
        &mut store,
        &raw(
            "Zelensky told reporters in Kyiv: “We want a ceasefire now, and we want it to hold.”",
            "C",
            "2025-04-02",
        ),
    );
    let actors = store.actors().unwrap();
    let z: Vec<_> = actors
        .iter()
        .filter(|a| a.key == "person:volodymyr-zelensky")
        .collect();
    assert_eq!(z.len(), 1, "{actors:?}");
    assert_eq!(z[0].articles, 3);
    assert_eq!(
        actors.iter().filter(|a| a.key == "country:ukraine").count(),
        1
    );
    // latest stance as of each date
    let mut on = |d: &str| {
        store
            .positions(Some(d))
            .unwrap()
            .into_iter()
            .find(|p| p.actor == "person:volodymyr-zelensky")
            .map(|p| (p.stance, p.statements))
    };
    assert_eq!(on("2025-03-10"), Some(("support".into(), 1)));
    assert_eq!(on("2025-03-25"), Some(("oppose".into(), 2)));
    assert_eq!(on("2025-04-30"), Some(("support".into(), 3)));
    let changes = store.changes(None).unwrap();
    assert_eq!(changes.len(), 2);
    assert_eq!(
        (
            changes[0].from.as_str(),
            changes[0].to.as_str(),
            changes[0].after.as_deref()
        ),
        ("support", "oppose", Some("2025-03-20"))
    );
    // quotes by actor, issue and date
    let q = store
        .quotes(&QuoteFilter {
            actor: Some("Zelensky".into()),
            issue: Some("ceasefire".into()),
            since: Some("2025-04-01".into()),
            until: None,
        })
        .unwrap();
    assert_eq!(q.len(), 1);
    assert!(q[0].text.starts_with("We want a ceasefire"));
    // search
    assert!(!store.search("\"ceasefire now\"", 5).unwrap().is_empty());
    // scenario from the record runs in the forecast models
    let s = attache_store::scenario::build_scenario(
        &mut store,
        &attache_store::scenario::ScenarioOptions {
            issues: vec!["ceasefire".into()],
            default_capability: 1.0,
            ..Default::default()
        },
    )
    .unwrap();
    s.validate().unwrap();
    let ukraine = &s.issues[0]
        .stances
        .iter()
        .find(|st| st.actor == "Ukraine")
        .unwrap();
    assert!(
        ukraine.position.is_range(),
        "mixed evidence gives a range: {:?}",
        ukraine.position
    );
    assert_eq!(ukraine.sources.len(), 3);
}

fn reopen(p: &str) {
    {
        let mut store = Store::open(p).unwrap();
        ingest(&mut store, &raw(WIRE, "A", "2025-02-11"));
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    }
    let mut store = Store::open(p).unwrap();
    assert_eq!(store.counts().unwrap().0, 1);
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    drop(store);
    // a record a newer attache made is not written to
    let newer = SCHEMA_VERSION as i64 + 1;
    if p.starts_with("postgres") {
        let mut c = postgres::Client::connect(p, postgres::NoTls).unwrap();
        c.execute(
            "INSERT INTO schema_migrations (version) VALUES ($1)",
            &[&newer],
        )
        .unwrap();
    } else {
        rusqlite::Connection::open(p)
            .unwrap()
            .pragma_update(None, "user_version", newer)
            .unwrap();
    }
    let refused = Store::open(p)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(refused.contains("newer attache"), "{refused}");
    let mut reader = Store::open_existing(p).unwrap();
    assert_eq!(reader.counts().unwrap().0, 1);
}

fn hedged_changes(db: &str) {
    let mut store = Store::open(db).unwrap();
    let texts = [
        (
            "Volodymyr Zelenskyy said Ukraine would accept a ceasefire in the spring.",
            "2025-03-01",
        ),
        // a hypothetical: read, but no change rests on it
        (
            "President Zelenskiy said Ukraine could reject a truce if the front moved.",
            "2025-03-20",
        ),
        (
            "Zelensky told reporters in Kyiv: “We want a ceasefire now.”",
            "2025-04-02",
        ),
    ];
    for (i, (t, d)) in texts.into_iter().enumerate() {
        ingest(&mut store, &raw(t, &format!("Outlet {i}"), d));
    }
    let changes = store.changes(None).unwrap();
    assert!(changes.is_empty(), "{changes:?}");
    // all statements are there, with the hedged one less confident
    let all = store.statements(Some("ceasefire"), None).unwrap();
    assert_eq!(all.len(), 3, "{all:?}");
    assert!(all[1].confidence < attache_store::db::CHANGE_CONFIDENCE);
    assert_eq!(store.changes_with(None, 0.0).unwrap().len(), 2);
    // three spellings, one actor key, one name in every row
    let names: std::collections::BTreeSet<String> = all.iter().map(|s| s.holder.clone()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert_eq!(
        store
            .positions(None)
            .unwrap()
            .iter()
            .filter(|p| p.issue == "ceasefire")
            .count(),
        1
    );
}

/// One trial: two writers open a new record at the same moment and ingest
/// overlapping inputs (one text in both, near-copies of one story split
/// between them). Neither fails, every text is stored once, and the
/// near-copies are one story whose quotes count once.
fn two_writers_at_once(db: &str) {
    let wire_copy =
        |headline: &str, edit: &str| format!("{headline}\n\n{}", WIRE.replace("six hours", edit));
    let other = "The central bank raised interest rates by half a point on Thursday, citing \
        stubborn inflation in services and a tight labour market, and signalled more to come.";
    let texts = [
        WIRE.to_string(),
        wire_copy("Geneva talks yield prisoner deal", "nearly six hours"),
        wire_copy("Kyiv and Moscow agree to swap talks", "almost six hours"),
        other.to_string(),
        format!("Rates rise again\n\n{other}"),
    ];
    let analyzer = Analyzer::default();
    let cat = Catalogue::parse(CATALOGUE).unwrap();
    let inputs: Vec<(RawArticle, attache_core::analysis::Analysis)> = texts
        .iter()
        .enumerate()
        .map(|(k, t)| {
            (
                raw(t, &format!("outlet{k}"), "2025-02-11"),
                analyzer.analyze_with(t, Some(&cat), false),
            )
        })
        .collect();
    let story_quotes: Vec<usize> = inputs[..3].iter().map(|(_, a)| a.quotes.len()).collect();
    assert!(story_quotes.iter().all(|&n| n == story_quotes[0] && n > 0));
    let expected_quotes = story_quotes[0] + inputs[3].1.quotes.len();
    let inputs = std::sync::Arc::new(inputs);
    let start = std::sync::Arc::new(std::sync::Barrier::new(2));
    let orders: [&[usize]; 2] = [&[0, 1, 3], &[2, 0, 4]];
    let writers: Vec<_> = orders
        .into_iter()
        .map(|order| {
            let (inputs, start, db) = (inputs.clone(), start.clone(), db.to_string());
            std::thread::spawn(move || -> Result<(), String> {
                let cat = Catalogue::parse(CATALOGUE).unwrap();
                start.wait();
                let mut store = Store::open(&db).map_err(|e| format!("open: {e}"))?;
                for &k in order {
                    let (raw, analysis) = &inputs[k];
                    store
                        .ingest(raw, analysis, issues_of(&cat))
                        .map_err(|e| format!("ingest {k}: {e}"))?;
                }
                Ok(())
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap().unwrap();
    }
    let mut store = Store::open(db).unwrap();
    let (articles, stories, quotes, _) = store.counts().unwrap();
    assert_eq!((articles, stories), (5, 2), "five texts, two stories");
    assert_eq!(quotes as usize, expected_quotes, "each story's quotes once");
    assert!(store.check().unwrap());
}

/// Two group writers at once on one record, each with one article a chunk
/// and no time bound, so each group spans chunks and takes later articles'
/// locks while it holds others (on PostgreSQL, a lock the other writer
/// holds makes the group commit first): neither fails or waits for the
/// other for ever, and the copies are one story.
fn two_group_writers_at_once(db: &str, band_level_rows: Option<[usize; 2]>) {
    use attache_store::group::{self, Done, Limits, Ready};
    let wire_copy =
        |headline: &str, edit: &str| format!("{headline}\n\n{}", WIRE.replace("six hours", edit));
    let texts: Vec<String> = [
        WIRE.to_string(),
        wire_copy("Geneva talks yield prisoner deal", "nearly six hours"),
        wire_copy("Kyiv and Moscow agree to swap talks", "almost six hours"),
    ]
    .into_iter()
    .chain((0..12).map(|i| attache_store::synth::article(i).1))
    .collect();
    drop(Store::open(db).unwrap());
    let start = std::sync::Barrier::new(2);
    let orders: [Vec<usize>; 2] = [(0..15).collect(), (0..15).rev().collect()];
    std::thread::scope(|scope| {
        for order in &orders {
            let (texts, start) = (&texts, &start);
            scope.spawn(move || {
                let cat = Catalogue::parse(CATALOGUE).unwrap();
                let analyzer = Analyzer::default();
                let mut store = Store::open(db).unwrap();
                if let Some(rows) = band_level_rows {
                    store.set_band_level_rows(rows);
                }
                let (tx, rx) = std::sync::mpsc::sync_channel::<((), Vec<Ready>)>(16);
                for &k in order {
                    let text = &texts[k];
                    let ready = Ready::new(
                        raw(text, &format!("outlet{k}"), "2025-02-11"),
                        // no catalogue: no statements, so no sequence locks
                        // that would keep the second writer waiting for the
                        // first's whole group
                        analyzer.analyze_with(text, None, false),
                        &issues_of(&cat),
                    );
                    tx.send(((), vec![ready])).unwrap();
                }
                drop(tx);
                let limits = Limits {
                    articles: 1024,
                    wait: std::time::Duration::from_secs(100_000),
                };
                start.wait();
                group::write_groups(&mut store, rx, limits, |d| {
                    if let Done::Article(_, outcome) = d {
                        outcome.unwrap();
                    }
                    Ok(())
                })
                .unwrap();
            });
        }
    });
    let mut store = Store::open(db).unwrap();
    let (articles, stories, _, _) = store.counts().unwrap();
    assert_eq!(
        (articles, stories),
        (15, 13),
        "every text once, the copies one story"
    );
    assert!(store.check().unwrap());
}

#[test]
fn group_writers_at_once() {
    for trial in 0..5 {
        let dir = temp_dir(&format!("groups{trial}"));
        // odd trials with a band index of levels a story or two large
        let levels = (trial % 2 == 1).then_some([20, 60]);
        two_group_writers_at_once(&dir.path().join("record.db").display().to_string(), levels);
    }
}

#[test]
#[ignore = "needs PostgreSQL: set ATTACHE_TEST_POSTGRES"]
fn group_writers_at_once_on_postgres() {
    for trial in 0..5 {
        let url = attache_store::testing::fresh_postgres(&format!("groups{trial}"))
            .unwrap_or_else(|e| panic!("{e}"));
        two_group_writers_at_once(&url, (trial % 2 == 1).then_some([20, 60]));
    }
}

/// A group writer that needs a lock another writer's open group holds
/// (here an actor's, whose row that group has upserted) first commits what
/// it has written, then waits: it never waits while holding its group, so
/// two writers never wait for each other (a deadlock, which PostgreSQL
/// breaks by failing one of them).
#[test]
#[ignore = "needs PostgreSQL: set ATTACHE_TEST_POSTGRES"]
fn a_group_writer_commits_before_waiting_for_an_actor_on_postgres() {
    use attache_store::group::{self, Done, Limits, Ready};
    use std::sync::mpsc::{channel, sync_channel};
    use std::time::{Duration, Instant};
    let url = attache_store::testing::fresh_postgres("actorwait").unwrap_or_else(|e| panic!("{e}"));
    drop(Store::open(&url).unwrap());
    let ready = |text: &str, outlet: &str| {
        Ready::new(
            raw(text, outlet, "2025-03-03"),
            Analyzer::default().analyze_with(text, None, false),
            &|_| Vec::new(),
        )
    };
    // the first and third name one person; the second, another
    let first = "Kaja Kallas said on Monday that the bloc would keep its sanctions in place until a ceasefire holds.";
    let other = "Antonio Guterres told reporters on Monday that the world body stood ready to help with the exchange of prisoners.";
    let again = "Kaja Kallas said on Tuesday that talks would resume next week, though no date has been set.";
    let limits = Limits {
        articles: 1024,
        wait: Duration::from_secs(100_000),
    };
    let writer = |rx, reports: std::sync::mpsc::Sender<String>| {
        let url = url.clone();
        move || {
            let mut store = Store::open(&url).unwrap();
            group::write_groups(&mut store, rx, limits, |d| {
                if let Done::Article(article, outcome) = d {
                    outcome.unwrap();
                    let _ = reports.send(article.raw.origin.clone());
                }
                Ok(())
            })
            .unwrap();
        }
    };
    let (a_tx, a_rx) = sync_channel::<((), Vec<Ready>)>(4);
    let (b_tx, b_rx) = sync_channel::<((), Vec<Ready>)>(4);
    let (reports_tx, reports) = channel();
    let a = std::thread::spawn(writer(a_rx, reports_tx.clone()));
    a_tx.send(((), vec![ready(first, "a")])).unwrap();
    // A's group is open, its article written (its transaction has an id,
    // which its opening's does not): A waits for more, idle
    let mut watch = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let since = Instant::now();
    while watch
        .query_one(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction' AND backend_xid IS NOT NULL",
            &[],
        )
        .unwrap()
        .get::<_, i64>(0)
        == 0
    {
        assert!(since.elapsed() < Duration::from_secs(60), "A never wrote");
        std::thread::sleep(Duration::from_millis(20));
    }
    let b = std::thread::spawn(writer(b_rx, reports_tx));
    b_tx.send(((), vec![ready(other, "b")])).unwrap();
    b_tx.send(((), vec![ready(again, "c")])).unwrap();
    drop(b_tx);
    // B commits its first article before it waits for A's actor
    let before = reports.recv_timeout(Duration::from_secs(30));
    drop(a_tx);
    a.join().unwrap();
    b.join().unwrap();
    assert_eq!(
        before.as_deref(),
        Ok("b.txt"),
        "B's first article is committed while A's group is open"
    );
    let mut rest: Vec<String> = reports.try_iter().collect();
    rest.sort();
    assert_eq!(rest, ["a.txt", "c.txt"]);
    let mut store = Store::open(&url).unwrap();
    assert_eq!(store.counts().unwrap().0, 3);
    assert!(store.check().unwrap());
}

#[test]
fn concurrent_ingests_into_one_new_record() {
    for trial in 0..20 {
        let dir = temp_dir(&format!("concurrent{trial}"));
        two_writers_at_once(&dir.path().join("record.db").display().to_string());
    }
}

#[test]
#[ignore = "needs PostgreSQL: set ATTACHE_TEST_POSTGRES"]
fn concurrent_ingests_into_one_new_record_on_postgres() {
    for trial in 0..20 {
        let url = attache_store::testing::fresh_postgres(&format!("concurrent{trial}"))
            .unwrap_or_else(|e| panic!("{e}"));
        two_writers_at_once(&url);
    }
}

/// The band index in levels: with levels of a story or two, a story's
/// bands move from the newest level to the last as others arrive, and a
/// near-copy finds its story in whichever level holds it.
fn copies_in_every_level(db: &str) {
    copies_in_every_level_filtered(db, false);
}

/// `filtered`: look-ups go through the band filter from the first (SQLite),
/// so the levels are read only for the keys the writer's stories put in it.
fn copies_in_every_level_filtered(db: &str, filtered: bool) {
    let mut store = Store::open(db).unwrap();
    store.set_band_level_rows([20, 60]);
    if filtered {
        store.set_band_filter_after(0);
    }
    let copy = |n: usize| {
        format!(
            "Talks resume ({n})\n\n{}",
            WIRE.replace("six hours", &format!("{n} hours"))
        )
    };
    assert_eq!(
        ingest(&mut store, &raw(WIRE, "A", "2025-02-11")),
        Outcome::Stored
    );
    let mut seen_in = std::collections::BTreeSet::new();
    for i in 0..12u64 {
        let (date, text) = attache_store::synth::article(i);
        assert_eq!(ingest(&mut store, &raw(&text, "S", &date)), Outcome::Stored);
        let levels = store.band_level_counts().unwrap();
        assert!(levels[0] < 20 && levels[1] < 60, "{levels:?}");
        seen_in.extend(
            levels
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(k, _)| k),
        );
        if i % 4 == 0 {
            let n = i as usize + 7;
            assert_eq!(
                ingest(&mut store, &raw(&copy(n), "B", "2025-02-12")),
                Outcome::Copy,
                "after {i}: {levels:?}"
            );
        }
    }
    assert_eq!(seen_in.len(), 3, "every level held bands");
    let (articles, stories, _, _) = store.counts().unwrap();
    assert_eq!((articles, stories), (16, 13));
    assert!(store.check().unwrap());
    if filtered {
        let levels = store.band_level_counts().unwrap();
        let older = (levels[1] + levels[2]) as usize;
        assert!(
            store.band_filter_keys().is_some_and(|k| k >= older),
            "the filter holds the older levels' {older} keys"
        );
    }
}

#[test]
fn a_copy_finds_its_story_through_the_band_filter() {
    let dir = temp_dir("filtered");
    copies_in_every_level_filtered(&dir.path().join("record.db").display().to_string(), true);
}

/// The filter holds the newest level's keys as well as the older ones':
/// a near-copy of a story that has not left the newest level is found
/// through it, and so is one of a story in the newest level when the
/// filter was built.
#[test]
fn the_filter_holds_the_newest_level_too() {
    let dir = temp_dir("filter-newest");
    let db = dir.path().join("record.db").display().to_string();
    {
        let mut before = Store::open(&db).unwrap();
        assert_eq!(
            ingest(&mut before, &raw(WIRE, "A", "2025-02-11")),
            Outcome::Stored
        );
    }
    let mut store = Store::open(&db).unwrap();
    store.set_band_filter_after(0);
    let (date, text) = attache_store::synth::article(3);
    assert_eq!(ingest(&mut store, &raw(&text, "S", &date)), Outcome::Stored);
    let levels = store.band_level_counts().unwrap();
    assert!(
        levels[0] > 16 && levels[1] == 0 && levels[2] == 0,
        "{levels:?}"
    );
    assert!(
        store
            .band_filter_keys()
            .is_some_and(|k| k >= levels[0] as usize),
        "the filter holds the newest level's {} keys",
        levels[0]
    );
    let near = format!("{text}\n\nThis story was updated.");
    assert_eq!(ingest(&mut store, &raw(&near, "T", &date)), Outcome::Copy);
    let copy = WIRE.replace("six hours", "seven hours");
    assert_eq!(
        ingest(&mut store, &raw(&copy, "B", "2025-02-12")),
        Outcome::Copy
    );
    let (articles, stories, _, _) = store.counts().unwrap();
    assert_eq!((articles, stories), (4, 2));
}

/// A story's band keys are written at the group's commit, not as it is
/// made: a near-copy later in the same group finds it all the same, with
/// the band filter built during the group (SQLite) or without it,
/// and the keys are in the record once the group is committed.
fn copies_in_one_group(db: &str) {
    for (filtered, db) in filter_rounds(db) {
        let mut store = Store::open(&db).unwrap();
        if filtered {
            // built at the second look-up: over the first story's keys,
            // which are not in the record yet
            store.set_band_filter_after(1);
        }
        let (date, other) = attache_store::synth::article(5);
        let texts = [
            WIRE.to_string(),
            other.clone(),
            WIRE.replace("six hours", "seven hours"),
            format!("{other}\n\nThis story was updated."),
        ];
        let outcomes = ingest_group(&mut store, &texts, &date);
        assert_eq!(
            outcomes,
            [
                Outcome::Stored,
                Outcome::Stored,
                Outcome::Copy,
                Outcome::Copy
            ],
            "filtered: {filtered}"
        );
        let (articles, stories, _, _) = store.counts().unwrap();
        assert_eq!((articles, stories), (4, 2));
        let levels = store.band_level_counts().unwrap();
        assert!(levels[0] >= 2 * 8, "{levels:?}");
        // a copy in the next group finds the story through the written keys
        let again = raw(&WIRE.replace("Geneva", "Geneva, Switzerland,"), "B", &date);
        assert_eq!(ingest(&mut store, &again), Outcome::Copy);
        assert!(store.check().unwrap());
    }
}

on_both!(
    a_copy_in_the_same_group_finds_its_story,
    a_copy_in_the_same_group_finds_its_story_on_postgres,
    copies_in_one_group
);

/// A filter built on a record whose older levels hold stories already
/// (as a large ingest into a large record builds it): near-copies of
/// stories in the middle level and in the last still join them.
#[test]
fn a_filter_built_on_a_full_index_finds_the_stories_there() {
    let dir = temp_dir("filter-full");
    let db = dir.path().join("record.db").display().to_string();
    {
        let mut before = Store::open(&db).unwrap();
        before.set_band_level_rows([20, 60]);
        assert_eq!(
            ingest(&mut before, &raw(WIRE, "A", "2025-02-11")),
            Outcome::Stored
        );
        for i in 0..6u64 {
            let (date, text) = attache_store::synth::article(i);
            assert_eq!(
                ingest(&mut before, &raw(&text, "S", &date)),
                Outcome::Stored
            );
        }
        let levels = before.band_level_counts().unwrap();
        assert!(levels[1] > 0 && levels[2] > 0, "{levels:?}");
    }
    let mut store = Store::open(&db).unwrap();
    store.set_band_level_rows([20, 60]);
    store.set_band_filter_after(0);
    // the wire story is in the last level, the last synthetic one in the middle
    let copy = WIRE.replace("six hours", "seven hours");
    assert_eq!(
        ingest(&mut store, &raw(&copy, "B", "2025-02-12")),
        Outcome::Copy
    );
    let (date, last) = attache_store::synth::article(5);
    let near = format!("{last}\n\nThis story was updated.");
    assert_eq!(ingest(&mut store, &raw(&near, "T", &date)), Outcome::Copy);
    assert!(store.band_filter_keys().is_some_and(|k| k >= 60));
    let (articles, stories, _, _) = store.counts().unwrap();
    assert_eq!((articles, stories), (9, 7));
}

/// A writer's band filter knows only the keys it added: once another
/// connection has written (here its story's keys, merged on into the older
/// levels), the writer drops the filter, and its near-copy of the other's
/// story still joins it.
#[test]
fn another_writers_merge_drops_the_band_filter() {
    let dir = temp_dir("filter-other");
    let db = dir.path().join("record.db").display().to_string();
    let mut mine = Store::open(&db).unwrap();
    mine.set_band_level_rows([20, 60]);
    mine.set_band_filter_after(0);
    let (date, text) = attache_store::synth::article(0);
    assert_eq!(ingest(&mut mine, &raw(&text, "S", &date)), Outcome::Stored);
    let newest = mine.band_level_counts().unwrap()[0] as usize;
    assert_eq!(
        mine.band_filter_keys(),
        Some(newest),
        "built, with the story's keys"
    );
    {
        let mut other = Store::open(&db).unwrap();
        other.set_band_level_rows([20, 60]);
        assert_eq!(
            ingest(&mut other, &raw(WIRE, "A", "2025-02-11")),
            Outcome::Stored
        );
        // the first level reached 20 rows: the wire story's keys moved on
        assert_eq!(other.band_level_counts().unwrap()[0], 0);
    }
    let copy = WIRE.replace("six hours", "seven hours");
    assert_eq!(
        ingest(&mut mine, &raw(&copy, "B", "2025-02-12")),
        Outcome::Copy
    );
    assert_eq!(mine.band_filter_keys(), None);
}

/// Another connection's story that stays in the newest level (no merge)
/// is a key the writer's filter never saw: the writer drops its filter,
/// and its near-copy of that story joins it.
#[test]
fn another_writers_new_story_drops_the_band_filter() {
    let dir = temp_dir("filter-other-newest");
    let db = dir.path().join("record.db").display().to_string();
    let mut mine = Store::open(&db).unwrap();
    mine.set_band_filter_after(0);
    let (date, text) = attache_store::synth::article(0);
    assert_eq!(ingest(&mut mine, &raw(&text, "S", &date)), Outcome::Stored);
    assert!(mine.band_filter_keys().is_some());
    {
        let mut other = Store::open(&db).unwrap();
        assert_eq!(
            ingest(&mut other, &raw(WIRE, "A", "2025-02-11")),
            Outcome::Stored
        );
        let levels = other.band_level_counts().unwrap();
        assert!(levels[0] > 16 && levels[1] == 0, "{levels:?}");
    }
    let copy = WIRE.replace("six hours", "seven hours");
    assert_eq!(
        ingest(&mut mine, &raw(&copy, "B", "2025-02-12")),
        Outcome::Copy
    );
    assert_eq!(mine.band_filter_keys(), None);
}

/// An ingest's commits are checkpointed by a thread of their own: when
/// the writer is done, the record's file holds every page (its log all
/// copied), though the log stayed far below the writer's own
/// automatic checkpoint.
#[test]
fn an_ingest_leaves_its_log_copied_into_the_file() {
    use attache_store::group::{self, Limits, Ready};
    let dir = temp_dir("checkpoint");
    let db = dir.path().join("record.db");
    let mut store = Store::open(&db).unwrap();
    // the filter, built at once, is kept through the checkpoints (the
    // checkpointing connection commits nothing)
    store.set_band_level_rows([20, 60]);
    store.set_band_filter_after(0);
    let analyzer = Analyzer::default();
    let (tx, rx) = std::sync::mpsc::sync_channel::<((), Vec<Ready>)>(4);
    std::thread::scope(|scope| {
        let analyzer = &analyzer;
        scope.spawn(move || {
            for i in 0..40u64 {
                let (date, text) = attache_store::synth::article(i);
                let ready = Ready::new(
                    raw(&text, "S", &date),
                    analyzer.analyze_with(&text, None, false),
                    &|_| Vec::new(),
                );
                tx.send(((), vec![ready])).unwrap();
            }
        });
        let limits = Limits {
            articles: 4,
            wait: std::time::Duration::from_secs(100),
        };
        let commits = group::write_groups(&mut store, rx, limits, |_| Ok(())).unwrap();
        assert!(commits >= 10, "{commits} commits");
    });
    let look =
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let pages: i64 = look
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    let page: i64 = look
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap();
    let file = std::fs::metadata(&db).unwrap().len() as i64;
    assert_eq!(
        file,
        pages * page,
        "every page of the record is in its file"
    );
    assert!(pages > 50, "{pages} pages");
    drop(look);
    assert_eq!(store.counts().unwrap().0, 40);
    assert!(store.band_filter_keys().is_some_and(|k| k > 0));
}

on_both!(
    a_copy_finds_its_story_in_every_level,
    a_copy_finds_its_story_in_every_level_on_postgres,
    copies_in_every_level
);

/// A record made before the story index lived in it: opening it for
/// writing fills the index, and a near-copy still joins its story.
#[test]
fn an_older_record_gets_its_story_index() {
    let (_dir, db) = record_with_wire("older");
    downgrade(&db, 1).unwrap();
    let mut store = Store::open(&db).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let copy = format!("Talks resume\n\n{WIRE}");
    assert_eq!(
        ingest(&mut store, &raw(&copy, "B", "2025-02-12")),
        Outcome::Copy
    );
}

/// Migration 10: a record's search tables hold a group's terms in memory
/// until its commit and merge their segments eight at a time, a record
/// made before it as well as a new one.
#[test]
fn the_search_tables_flush_once_a_group_and_merge_in_eights_after_migration_10() {
    let dir = temp_dir("search-settings");
    let db = dir.path().join("record.db");
    {
        let mut store = Store::open(&db).unwrap();
        ingest(&mut store, &raw(WIRE, "A", "2025-02-11"));
    }
    let setting = |table: &str, key: &str| -> i64 {
        rusqlite::Connection::open(&db)
            .unwrap()
            .query_row(
                &format!("SELECT v FROM {table}_config WHERE k = ?1"),
                [key],
                |r| r.get(0),
            )
            .unwrap()
    };
    let tables = ["search_articles", "search_quotes"];
    let settings = [("hashsize", SEARCH_HASH_BYTES as i64), ("automerge", 8)];
    for table in tables {
        for (key, value) in settings {
            assert_eq!(setting(table, key), value, "{table} {key} in a new record");
        }
    }
    downgrade(&db.to_string_lossy(), 9).unwrap();
    for table in tables {
        assert_eq!(
            setting(table, "hashsize"),
            1 << 20,
            "{table} as FTS5 makes it"
        );
        assert_eq!(setting(table, "automerge"), 4, "{table} as FTS5 makes it");
    }
    let mut store = Store::open(&db).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let later = "Trade ministers from Canada and Mexico met in Ottawa on Friday to discuss tariffs on steel. \
                 “We want a fair deal for our workers,” a Canadian official said.";
    ingest(&mut store, &raw(later, "B", "2025-02-12"));
    assert_eq!(store.search("tariffs", 10).unwrap().len(), 1);
    drop(store);
    for table in tables {
        for (key, value) in settings {
            assert_eq!(
                setting(table, key),
                value,
                "{table} {key} after migration 10"
            );
        }
    }
}

/// Migration 9 drops the index of statements by issue and actor; an
/// issue's statements (the timeline page, the review's check) are still
/// read through an index, `positions_timeline`, not a scan.
#[test]
fn an_issues_statements_are_read_through_an_index_after_migration_9() {
    let dir = temp_dir("timeline-index");
    let db = dir.path().join("record.db");
    {
        let mut store = Store::open(&db).unwrap();
        ingest(&mut store, &raw(WIRE, "A", "2025-02-11"));
    }
    downgrade(&db.to_string_lossy(), 8).unwrap();
    let index_named = |name: &str| -> i64 {
        rusqlite::Connection::open(&db)
            .unwrap()
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = ?1",
                [name],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(index_named("positions_issue"), 1);
    let store = Store::open(&db).unwrap();
    drop(store);
    assert_eq!(index_named("positions_issue"), 0);
    let conn = rusqlite::Connection::open(&db).unwrap();
    for sql in [
        "SELECT id FROM positions WHERE issue = 'ceasefire' ORDER BY sort_date, article_id, ev_start, id LIMIT 50",
        "SELECT 1 FROM positions WHERE article_id = 1 AND ev_start = 0 AND ev_end = 9 AND issue = 'ceasefire'",
    ] {
        let plan = query_plan(&conn, sql);
        assert!(
            plan.iter()
                .any(|step| step.contains("INDEX positions_timeline (issue=?)")),
            "{sql}: {plan:?}"
        );
    }
}

/// Migration 11 keeps each article's actors in one B-tree without a
/// rowid: the rows of an older record are all there afterwards, and the
/// actors' counts read from them are the same.
#[test]
fn an_articles_actors_are_kept_without_a_rowid_after_migration_11() {
    let dir = temp_dir("article-actors");
    let db = dir.path().join("record.db");
    let rows = || -> (Vec<(i64, i64, i64)>, bool) {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let rows = conn
            .prepare("SELECT article_id, actor_id, mentions FROM article_actors ORDER BY 1, 2")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE name = 'article_actors'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        (rows, sql.contains("WITHOUT ROWID"))
    };
    {
        let mut store = Store::open(&db).unwrap();
        ingest(&mut store, &raw(WIRE, "A", "2025-02-11"));
        let (date, text) = attache_store::synth::article(2);
        ingest(&mut store, &raw(&text, "S", &date));
    }
    let (new, without_rowid) = rows();
    assert!(without_rowid && new.len() >= 4, "{new:?}");
    let actors_before = Store::open(&db).unwrap().actors_export().unwrap();
    downgrade(&db.to_string_lossy(), 10).unwrap();
    let (old, without_rowid) = rows();
    assert!(!without_rowid);
    assert_eq!(old, new);
    let mut store = Store::open(&db).unwrap();
    assert_eq!(rows(), (new, true));
    let counts = |a: &[attache_store::db::ActorExport]| -> Vec<String> {
        a.iter().map(|a| format!("{a:?}")).collect()
    };
    assert_eq!(
        counts(&store.actors_export().unwrap()),
        counts(&actors_before)
    );
}

/// Exact copies (the same words, whatever their case and spacing) are
/// found however the record holds the original: in the same group, in
/// every level of the band index, through the band filter or without it,
/// and the copy of a near-copy too. On SQLite no unique index of the
/// content keys is kept (migration 12); the copies are found by their
/// content bands.
fn exact_copies(db: &str) {
    for (filtered, db) in filter_rounds(db) {
        let mut store = Store::open(&db).unwrap();
        store.set_band_level_rows([20, 60]);
        if filtered {
            // built at the second story look-up (the near-copy's), while
            // the first story's rows are not written yet
            store.set_band_filter_after(1);
        }
        let near = WIRE.replace("six hours", "seven hours");
        // one group: an article, its exact copy, a near-copy and its copy,
        // and the article again once the filter is built
        let texts = [
            WIRE.to_string(),
            WIRE.to_uppercase().replace(' ', "  "),
            near.clone(),
            near.clone(),
            WIRE.to_string(),
        ];
        let outcomes = ingest_group(&mut store, &texts, "2025-02-11");
        assert_eq!(
            outcomes,
            [
                Outcome::Stored,
                Outcome::Duplicate,
                Outcome::Copy,
                Outcome::Duplicate,
                Outcome::Duplicate
            ],
            "filtered: {filtered}"
        );
        assert_eq!(store.band_filter_keys().is_some(), filtered);
        // other stories push these through every level; their copies and
        // the first ones' are found at each step
        let mut seen_in = std::collections::BTreeSet::new();
        for i in 0..12u64 {
            let (date, text) = attache_store::synth::article(i);
            assert_eq!(ingest(&mut store, &raw(&text, "S", &date)), Outcome::Stored);
            for again in [&text, &WIRE.to_string(), &near] {
                assert_eq!(
                    ingest(&mut store, &raw(again, "B", "2025-02-12")),
                    Outcome::Duplicate,
                    "after {i}, filtered: {filtered}"
                );
            }
            let levels = store.band_level_counts().unwrap();
            seen_in.extend((0..3).filter(|&k| levels[k] > 0));
        }
        assert_eq!(seen_in.len(), 3, "every level held bands");
        let (articles, stories, _, _) = store.counts().unwrap();
        assert_eq!((articles, stories), (14, 13));
        assert!(store.check().unwrap());
        if !db.starts_with("postgres") {
            let conn = rusqlite::Connection::open(&db).unwrap();
            let unique: i64 = conn
                .query_row(
                    "SELECT count(*) FROM pragma_index_list('articles') WHERE \"unique\"",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(unique, 0, "no unique index of the content keys");
        }
    }
}

on_both!(
    exact_copies_are_found_in_every_level,
    exact_copies_are_found_in_every_level_on_postgres,
    exact_copies
);

/// An exact copy is found by its content band alone: with the story's
/// signature bands taken out of the index (as when each is full: shared by
/// so many stories that it is boilerplate), a near-copy makes a story of
/// its own, but the exact copy is still a duplicate.
#[test]
fn an_exact_copy_needs_no_band_of_its_signature() {
    use attache_store::fingerprint::{Fingerprint, band_keys};
    let (_dir, db) = record_with_wire("content-band");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mut taken = 0;
    for band in band_keys(&Fingerprint::of(WIRE).signature) {
        taken += conn
            .execute("DELETE FROM story_bands_recent WHERE band = ?1", [band])
            .unwrap();
    }
    assert!(taken >= 8, "{taken}");
    let left: i64 = conn
        .query_row("SELECT count(*) FROM story_bands_recent", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 1, "the content band is left");
    let mut store = Store::open(&db).unwrap();
    let near = WIRE.replace("six hours", "seven hours");
    assert_eq!(
        ingest(&mut store, &raw(&near, "B", "2025-02-12")),
        Outcome::Stored
    );
    assert_eq!(
        ingest(&mut store, &raw(WIRE, "C", "2025-02-12")),
        Outcome::Duplicate
    );
    let (articles, stories, _, _) = store.counts().unwrap();
    assert_eq!((articles, stories), (2, 2));
    // the check tells an article whose content band is gone
    assert!(store.check().unwrap());
    let band =
        attache_store::fingerprint::content_band(&attache_store::fingerprint::content_key(WIRE));
    let gone = conn
        .execute("DELETE FROM story_bands_recent WHERE band = ?1", [band])
        .unwrap();
    assert_eq!(gone, 1);
    assert!(!store.check().unwrap());
}

/// Migration 12 copies `articles` without the unique index of the content
/// keys and puts each stored article's content band into the band index:
/// afterwards the same rows are there, every foreign key still holds, the
/// stored texts are told as stored (before analysis too), and their copies
/// are duplicates.
#[test]
fn exact_copies_are_found_after_migration_12() {
    let dir = temp_dir("content-bands-migrated");
    let db = dir.path().join("record.db");
    let (date, other) = attache_store::synth::article(4);
    let near = WIRE.replace("six hours", "seven hours");
    let texts = [WIRE.to_string(), other, near];
    {
        let mut store = Store::open(&db).unwrap();
        let outcomes: Vec<Outcome> = texts
            .iter()
            .map(|t| ingest(&mut store, &raw(t, "A", &date)))
            .collect();
        assert_eq!(outcomes, [Outcome::Stored, Outcome::Stored, Outcome::Copy]);
    }
    let unique_and_bands = || -> (i64, i64, String) {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.query_row(
            "SELECT (SELECT count(*) FROM pragma_index_list('articles') WHERE \"unique\"),
                    (SELECT count(*) FROM story_bands_recent) + (SELECT count(*) FROM story_bands_mid)
                      + (SELECT count(*) FROM story_bands_rest),
                    (SELECT group_concat(id || ':' || story_id || ':' || content_key || ':' || length(text), ' ')
                       FROM (SELECT * FROM articles ORDER BY id))",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    };
    let (unique, bands, rows) = unique_and_bands();
    assert_eq!(unique, 0);
    downgrade(&db.to_string_lossy(), 11).unwrap();
    let (old_unique, old_bands, old_rows) = unique_and_bands();
    assert_eq!((old_unique, old_bands, &old_rows), (1, bands - 3, &rows));
    let mut store = Store::open(&db).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(unique_and_bands(), (0, bands, rows));
    let keys: Vec<String> = texts
        .iter()
        .map(|t| attache_store::fingerprint::content_key(t))
        .collect();
    let asked: Vec<&str> = keys.iter().map(String::as_str).collect();
    assert_eq!(store.stored_content_keys(&asked).unwrap().len(), 3);
    for t in &texts {
        assert_eq!(ingest(&mut store, &raw(t, "B", &date)), Outcome::Duplicate);
    }
    assert!(store.check().unwrap());
    drop(store);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let broken: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0);
}

/// Migration 13 keys each quote's issues by the issue and the quote's
/// place: an issue's quotes, page by page, are the same before and after
/// it (and the same as all quotes' pages kept to that issue), a quote that
/// names an issue twice is filed under it once, and the pages walk the key
/// (no sort), as an export's look-up of a page's issues walks its index.
#[test]
fn an_issues_quotes_are_a_walk_of_its_key_after_migration_13() {
    let dir = temp_dir("quote-issues-ordered");
    let db = dir.path().join("record.db").display().to_string();
    let said = |k: usize, words: &str| {
        format!(
            "“{words} ({k})” Foreign Minister Ana Kova said after the meeting in Geneva on talks number {k}. "
        )
    };
    {
        let mut store = Store::open(&db).unwrap();
        for k in 0..6 {
            let text = [
                said(k, "A ceasefire, a true truce, comes first,"),
                said(k + 10, "Sanctions stay,"),
                said(k + 20, "The ceasefire must hold,"),
            ]
            .concat();
            let date = format!("2025-03-{:02}", 10 - k);
            assert_eq!(ingest(&mut store, &raw(&text, "A", &date)), Outcome::Stored);
        }
    }
    let pages = |store: &mut Store, issue: Option<&str>| -> Vec<i64> {
        let filter = QuoteFilter {
            issue: issue.map(str::to_string),
            ..QuoteFilter::default()
        };
        let (mut ids, mut after) = (Vec::new(), None);
        loop {
            let (page, next) = store.quotes_page(&filter, after.as_ref(), 4).unwrap();
            ids.extend(page.iter().map(|q| q.id));
            match next {
                Some(c) => after = Some(c),
                None => return ids,
            }
        }
    };
    let mut store = Store::open_existing(&db).unwrap();
    let ceasefire = pages(&mut store, Some("ceasefire"));
    assert_eq!(ceasefire.len(), 12, "two quotes an article, each once");
    let all = pages(&mut store, None);
    let in_order: Vec<i64> = all
        .iter()
        .copied()
        .filter(|id| ceasefire.contains(id))
        .collect();
    assert_eq!(ceasefire, in_order);
    drop(store);
    downgrade(&db, 12).unwrap();
    let before = pages(&mut Store::open_existing(&db).unwrap(), Some("ceasefire"));
    assert_eq!(before, ceasefire);
    drop(Store::open(&db).unwrap());
    assert_eq!(
        pages(&mut Store::open_existing(&db).unwrap(), Some("ceasefire")),
        ceasefire
    );
    let plan = Store::open_existing(&db)
        .unwrap()
        .quotes_page_plan(&QuoteFilter {
            issue: Some("ceasefire".into()),
            ..QuoteFilter::default()
        })
        .unwrap();
    assert!(
        plan.iter()
            .any(|p| p.starts_with("SEARCH qi USING PRIMARY KEY (issue=?"))
            && !plan.iter().any(|p| p.contains("TEMP B-TREE")),
        "{plan:?}"
    );
    // an actor's quotes by its key: walked in the actor's key of
    // `quotes_actor` (migration 15), in the pages' order, and the same
    // quotes as the actor's name finds
    let mut store = Store::open_existing(&db).unwrap();
    let key = store
        .quotes(&QuoteFilter::default())
        .unwrap()
        .into_iter()
        .find_map(|q| q.actor_key)
        .unwrap();
    let of = |actor: &str| QuoteFilter {
        actor: Some(actor.into()),
        ..QuoteFilter::default()
    };
    let plan = store.quotes_page_plan(&of(&key)).unwrap();
    assert!(
        plan.iter()
            .any(|p| p.starts_with("SEARCH q USING INDEX quotes_actor (actor_id=?"))
            && !plan.iter().any(|p| p.contains("TEMP B-TREE")),
        "{plan:?}"
    );
    let ids = |store: &mut Store, f: &QuoteFilter| -> Vec<i64> {
        store.quotes(f).unwrap().into_iter().map(|q| q.id).collect()
    };
    let by_key = ids(&mut store, &of(&key));
    assert!(!by_key.is_empty());
    let name = store
        .actors()
        .unwrap()
        .into_iter()
        .find(|a| a.key == key)
        .unwrap()
        .name;
    assert_eq!(by_key, ids(&mut store, &of(&name)));
    drop(store);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let sql = "SELECT quote_id, issue FROM quote_issues WHERE quote_id >= 3 AND quote_id <= 9 ORDER BY quote_id, issue";
    let plan = query_plan(&conn, sql);
    assert!(
        plan.iter()
            .any(|p| p.contains("INDEX quote_issues_quote (quote_id>? AND quote_id<?)")),
        "{plan:?}"
    );
}

/// A new story keeps its sketch and band keys, not its signature (the
/// text of its first article gives it again), and copies still find it.
#[test]
fn a_new_story_keeps_no_signature() {
    let dir = temp_dir("signatureless");
    let db = dir.path().join("record.db");
    let mut store = Store::open(&db).unwrap();
    assert_eq!(
        ingest(&mut store, &raw(WIRE, "A", "2025-02-11")),
        Outcome::Stored
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (kept, sketched): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT sum(length(minhash)) FROM stories), (SELECT count(*) FROM story_sketches)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((kept, sketched), (0, 1));
    let copy = format!("Talks resume\n\n{WIRE}");
    assert_eq!(
        ingest(&mut store, &raw(&copy, "B", "2025-02-12")),
        Outcome::Copy
    );
}

/// A story an older attache stored in a migrated record, without a
/// sketch, is still found by its copies (by its signature).
#[test]
fn a_story_without_a_sketch_is_found_by_its_signature() {
    let (_dir, db) = record_with_wire("unsketched");
    let gone = rusqlite::Connection::open(&db)
        .unwrap()
        .execute("DELETE FROM story_sketches", [])
        .unwrap();
    assert_eq!(gone, 1);
    // the older attache kept the story's signature
    restore_signatures(&db).unwrap();
    let mut store = Store::open(&db).unwrap();
    let copy = format!("Talks resume\n\n{WIRE}");
    assert_eq!(
        ingest(&mut store, &raw(&copy, "B", "2025-02-12")),
        Outcome::Copy
    );
    assert!(store.check().unwrap());
}

/// Readers open the record read-only: they answer, refuse to write, and
/// leave a rollback-journal file in its journal mode.
fn readers_never_write(db: &str) {
    {
        let mut store = Store::open(db).unwrap();
        ingest(&mut store, &raw(WIRE, "A", "2025-02-11"));
    }
    let sqlite = !db.starts_with("postgres");
    let journal_mode = || {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0))
            .unwrap()
    };
    if sqlite {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let mut reader = Store::open_existing(db).unwrap();
    assert_eq!(reader.counts().unwrap().0, 1);
    assert!(!reader.actors().unwrap().is_empty());
    let copy = format!("Talks resume\n\n{WIRE}");
    let cat = Catalogue::parse(CATALOGUE).unwrap();
    let analysis = Analyzer::default().analyze_with(&copy, Some(&cat), false);
    let refused = reader.ingest(&raw(&copy, "B", "2025-02-12"), &analysis, issues_of(&cat));
    assert!(refused.is_err(), "a reader must not write");
    drop(reader);
    assert_eq!(Store::open_existing(db).unwrap().counts().unwrap().0, 1);
    if sqlite {
        assert_eq!(journal_mode(), "delete");
    }
}

on_both!(
    readers_open_the_record_read_only,
    readers_open_the_record_read_only_on_postgres,
    readers_never_write
);

#[test]
fn a_reader_on_an_empty_file_leaves_it_empty() {
    let dir = temp_dir("empty");
    let db = dir.path().join("empty.db");
    std::fs::write(&db, "").unwrap();
    let e = Store::open_existing(&db.display().to_string())
        .err()
        .expect("an empty file is no record");
    assert!(e.to_string().contains("no record yet"), "{e}");
    assert_eq!(std::fs::metadata(&db).unwrap().len(), 0);
    assert!(!dir.path().join("empty.db-wal").exists());
}

#[test]
#[ignore = "needs PostgreSQL: set ATTACHE_TEST_POSTGRES"]
fn a_reader_on_an_empty_database_creates_no_schema_on_postgres() {
    let url =
        attache_store::testing::fresh_postgres("empty_reader").unwrap_or_else(|e| panic!("{e}"));
    assert!(Store::open_existing(&url).is_err());
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let row = client
        .query_one(
            "SELECT to_regclass('schema_migrations') IS NULL AND to_regclass('stories') IS NULL",
            &[],
        )
        .unwrap();
    assert!(row.get::<_, bool>(0), "a reader created tables");
}

/// Pages of quotes and of statements, cursor to cursor, are the whole lists in order.
fn pages_of_quotes_and_statements(db: &str) {
    let mut store = Store::open(db).unwrap();
    ingest(&mut store, &raw(WIRE, "A", "2025-02-11"));
    let undated = RawArticle {
        published: None,
        ..raw(
            "“Not while the shelling goes on,” Zelenskyy told reporters in Kyiv. Zelenskyy said Ukraine rejected any truce.",
            "B",
            "",
        )
    };
    ingest(&mut store, &undated);
    ingest(
        &mut store,
        &raw(
            "“We want the guns to fall silent,” Zelenskyy said. “Talks must start,” he added.",
            "C",
            "2025-03-01",
        ),
    );
    let all = store.quotes(&QuoteFilter::default()).unwrap();
    assert!(all.len() >= 3, "{all:?}");
    let mut paged = Vec::new();
    let mut after = None;
    loop {
        let (page, next) = store
            .quotes_page(&QuoteFilter::default(), after.as_ref(), 1)
            .unwrap();
        paged.extend(page);
        match next {
            Some(c) => after = Some(c.to_string().parse().unwrap()),
            None => break,
        }
    }
    let key = |q: &attache_store::db::QuoteRow| (q.article, q.start);
    assert_eq!(
        paged.iter().map(key).collect::<Vec<_>>(),
        all.iter().map(key).collect::<Vec<_>>()
    );
    // statements the same way, the undated one first on both back ends
    let all = store.statements(None, None).unwrap();
    assert!(all.len() >= 2 && all[0].published.is_none(), "{all:?}");
    let (mut paged, mut after) = (Vec::new(), None);
    loop {
        let (page, next) = store
            .statements_page(None, None, after.as_ref(), 1)
            .unwrap();
        paged.extend(page);
        match next {
            Some(c) => after = Some(c),
            None => break,
        }
    }
    let key = |p: &attache_store::db::PositionRow| (p.article, p.start, p.issue.clone());
    assert_eq!(
        paged.iter().map(key).collect::<Vec<_>>(),
        all.iter().map(key).collect::<Vec<_>>()
    );
}

on_both!(
    quotes_and_statements_in_pages,
    quotes_and_statements_in_pages_on_postgres,
    pages_of_quotes_and_statements
);

/// A group commit keeps the articles around one that cannot be stored
/// (PostgreSQL refuses a NUL character in text; SQLite stores it).
fn batch_with_a_bad_article(db: &str) {
    let mut store = Store::open(db).unwrap();
    let cat = Catalogue::parse(CATALOGUE).unwrap();
    let analyzer = Analyzer::default();
    let other = "The central bank raised interest rates by half a point on Thursday.";
    let texts = [
        WIRE.to_string(),
        "Odd\u{0} bytes in a feed, said Lavrov.".to_string(),
        other.to_string(),
    ];
    let raws: Vec<RawArticle> = texts.iter().map(|t| raw(t, "A", "2025-02-11")).collect();
    let analyses: Vec<_> = texts
        .iter()
        .map(|t| analyzer.analyze_with(t, Some(&cat), false))
        .collect();
    let batch: Vec<_> = raws.iter().zip(&analyses).collect();
    let outcomes = store.ingest_batch(&batch, issues_of(&cat)).unwrap();
    assert!(matches!(outcomes[0], Ok(Outcome::Stored)));
    assert!(matches!(outcomes[2], Ok(Outcome::Stored)));
    let expected = if db.starts_with("postgres") {
        assert!(outcomes[1].is_err());
        2
    } else {
        assert!(matches!(outcomes[1], Ok(Outcome::Stored)));
        3
    };
    assert_eq!(store.counts().unwrap().0, expected);
    assert!(store.check().unwrap());
}

on_both!(
    a_group_commit_keeps_the_good_articles,
    a_group_commit_keeps_the_good_articles_on_postgres,
    batch_with_a_bad_article
);

#[test]
fn by_state_rolls_institutions_metonyms_and_people_up_to_their_state() {
    let dir = temp_dir("by-state");
    let mut store = Store::open(dir.path().join("record.db").display().to_string()).unwrap();
    let texts = [
        ("The Kremlin rejected a truce on Monday.", "2025-03-01"),
        (
            "Moscow said it would accept a truce if talks began.",
            "2025-03-05",
        ),
        (
            "Vladimir Putin told reporters he backed a truce.",
            "2025-03-09",
        ),
        ("Ukraine backed a truce.", "2025-03-02"),
    ];
    for (i, (t, d)) in texts.into_iter().enumerate() {
        ingest(&mut store, &raw(t, &format!("Outlet {i}"), d));
    }
    let rows = store.positions(None).unwrap();
    let states = attache_store::db::by_state(&rows);
    let russia: Vec<_> = states.iter().filter(|s| s.state == "Russia").collect();
    assert_eq!(russia.len(), 1, "{states:?}");
    assert_eq!(russia[0].stance, "support");
    assert_eq!(russia[0].published.as_deref(), Some("2025-03-09"));
    assert!(russia[0].members.len() >= 2, "{:?}", russia[0].members);
    assert!(russia[0].members.iter().any(|m| m == "Kremlin"));
    assert_eq!(states.iter().filter(|s| s.state == "Ukraine").count(), 1);
}

on_both!(
    one_search_syntax_on_both_back_ends,
    one_search_syntax_on_both_back_ends_on_postgres,
    search_syntax
);

/// The same queries find the same articles and quotes on SQLite and
/// PostgreSQL, and a malformed query is the same error on both.
fn search_syntax(db: &str) {
    let mut store = Store::open(db).unwrap();
    let texts = [
        "Volodymyr Zelenskyy met grain traders in Odesa. “The Black Sea corridor stays open,” Zelenskyy said.",
        "Officials in Brel said the harbour talks covered grain exports and the corridor for ships.",
        "Sergei Lavrov said Moscow wanted guarantees for its fleet in the Black Sea region.",
        "Analysts in Warsaw expect little from the talks this week.",
    ];
    for (k, t) in texts.iter().enumerate() {
        assert_eq!(
            ingest(&mut store, &raw(t, &format!("outlet{k}"), "2025-05-01")),
            Outcome::Stored
        );
    }
    let hits = |store: &mut Store, q: &str| {
        let mut h: Vec<(String, i64)> = store
            .search(q, 50)
            .unwrap_or_else(|e| panic!("{q}: {e}"))
            .into_iter()
            .map(|h| (h.kind, h.id))
            .collect();
        h.sort();
        h
    };
    let articles = |ids: &[i64]| -> Vec<(String, i64)> {
        ids.iter().map(|&i| ("article".to_string(), i)).collect()
    };
    // ids follow the order stored: articles 1..4; quote 1 is Zelenskyy's
    assert_eq!(hits(&mut store, "Zelensk*"), articles(&[1]));
    assert_eq!(
        hits(&mut store, "corrid*"),
        [&articles(&[1, 2])[..], &[("quote".to_string(), 1)]].concat()
    );
    assert_eq!(
        hits(&mut store, "\"black sea\""),
        [&articles(&[1, 3])[..], &[("quote".to_string(), 1)]].concat()
    );
    assert_eq!(hits(&mut store, "grain corridor"), articles(&[1, 2]));
    assert_eq!(
        hits(&mut store, "grain AND corridor NOT Odesa"),
        articles(&[2])
    );
    assert_eq!(hits(&mut store, "grain -Odesa"), articles(&[2]));
    assert_eq!(hits(&mut store, "Lavrov OR Warsaw"), articles(&[3, 4]));
    assert_eq!(
        hits(&mut store, "fleet OR \"open,\" Zelenskyy"),
        articles(&[1, 3])
    );
    for (q, why) in [
        ("\"black sea", "does not close"),
        ("OR grain", "OR without"),
        ("NOT grain", "not negated"),
        ("gr*in", "at the end"),
    ] {
        let e = store.search(q, 5).unwrap_err().to_string();
        assert!(e.contains(why), "{q}: {e}");
    }
}

/// The writer's group commits (`attache_store::group`): a slow trickle of
/// input is committed within the time bound, not held for a full group;
/// nothing is reported before its commit; a chunk's note comes after its
/// articles; an article that fails inside a group spanning chunks fails
/// alone (PostgreSQL refuses a NUL byte; SQLite stores it).
fn group_commits(db: &str) {
    use attache_store::group::{self, Done, Limits, Ready};
    use std::time::{Duration, Instant};
    let mut store = Store::open(db).unwrap();
    let cat = Catalogue::parse(CATALOGUE).unwrap();
    let analyzer = Analyzer::default();
    let ready = |text: &str, name: &str| {
        Ready::new(
            raw(text, name, "2025-02-11"),
            analyzer.analyze_with(text, Some(&cat), false),
            &issues_of(&cat),
        )
    };
    let text = |i: u64| attache_store::synth::article(i).1;
    let limits = Limits {
        articles: 1024,
        wait: Duration::from_millis(200),
    };
    let (tx, rx) = std::sync::mpsc::sync_channel::<(&str, Vec<Ready>)>(1);
    let (reported_tx, reported) = std::sync::mpsc::channel::<String>();
    let chunks = vec![
        ("one", vec![ready(&text(1), "a")]),
        ("two", vec![ready(&text(2), "c")]),
        (
            "three",
            vec![
                ready("Odd\u{0} bytes in a feed, said Lavrov.", "b"),
                ready(&text(3), "d"),
            ],
        ),
        ("four", vec![]),
    ];
    let mut events = Vec::new();
    std::thread::scope(|scope| {
        let producer = scope.spawn(move || {
            let mut chunks = chunks.into_iter();
            let sent = Instant::now();
            tx.send(chunks.next().unwrap()).unwrap();
            // the next chunk comes only once the first is reported: with no
            // time bound it would wait for a full group, and this for it
            let first = reported.recv_timeout(Duration::from_secs(10));
            let waited = sent.elapsed();
            for chunk in chunks {
                tx.send(chunk).unwrap();
            }
            (first, waited)
        });
        let mut reader = None;
        let mut stored = 0;
        group::write_groups(&mut store, rx, limits, |done| {
            let event = match done {
                Done::Article(a, outcome) => {
                    if matches!(outcome, Ok(Outcome::Stored)) {
                        stored += 1;
                    }
                    format!("{} {}", a.raw.origin, outcome.is_ok())
                }
                Done::Chunk(note) => note.to_string(),
                Done::GroupEnd => return Ok(()),
            };
            // whatever is reported is committed: another connection sees it
            let reader = reader.get_or_insert_with(|| Store::open_existing(db).unwrap());
            assert!(
                reader.counts().unwrap().0 >= stored,
                "{event} reported before its commit"
            );
            let _ = reported_tx.send(event.clone());
            events.push(event);
            Ok(())
        })
        .unwrap();
        let (first, waited) = producer.join().unwrap();
        assert_eq!(
            first.as_deref(),
            Ok("a.txt true"),
            "the first article, within the bound"
        );
        assert!(
            waited < Duration::from_secs(5),
            "committed after {waited:?}"
        );
    });
    let pg = db.starts_with("postgres");
    let expected = [
        "a.txt true",
        "one",
        "c.txt true",
        "two",
        if pg { "b.txt false" } else { "b.txt true" },
        "d.txt true",
        "three",
        "four",
    ];
    assert_eq!(events, expected);
    assert_eq!(store.counts().unwrap().0, if pg { 3 } else { 4 });
    assert!(store.check().unwrap());
}

on_both!(
    a_trickle_is_committed_within_the_time_bound,
    a_trickle_is_committed_within_the_time_bound_on_postgres,
    group_commits
);

/// Each commit's reports end with `Done::GroupEnd`: what came before it
/// since the last was committed at one time (another connection sees all
/// of it), and there are as many ends as commits.
fn group_ends(db: &str) {
    use attache_store::group::{self, Done, Limits, Ready};
    let mut store = Store::open(db).unwrap();
    let cat = Catalogue::parse(CATALOGUE).unwrap();
    let analyzer = Analyzer::default();
    let ready = |i: u64| {
        let text = attache_store::synth::article(i).1;
        let analysis = analyzer.analyze_with(&text, Some(&cat), false);
        Ready::new(
            raw(&text, &format!("w{i}"), "2025-02-11"),
            analysis,
            &issues_of(&cat),
        )
    };
    let chunks = vec![("five", (1..=5).map(ready).collect()), ("none", vec![])];
    let limits = Limits {
        articles: 2,
        wait: std::time::Duration::from_secs(100_000),
    };
    let (tx, rx) = group::chunk_channel::<&str>();
    for chunk in chunks {
        tx.send(chunk).unwrap();
    }
    drop(tx);
    let mut reader = None;
    let mut events = Vec::new();
    let mut stored = 0;
    let commits = group::write_groups(&mut store, rx, limits, |d| {
        match d {
            Done::Article(a, outcome) => {
                assert!(outcome.is_ok());
                stored += 1;
                events.push(a.raw.origin.clone());
            }
            Done::Chunk(note) => events.push(note.to_string()),
            Done::GroupEnd => {
                let reader = reader.get_or_insert_with(|| Store::open_existing(db).unwrap());
                assert_eq!(reader.counts().unwrap().0, stored, "all of it committed");
                events.push("end".into());
            }
        }
        Ok(())
    })
    .unwrap();
    let expected = [
        "w1.txt", "w2.txt", "end", "w3.txt", "w4.txt", "end", "w5.txt", "five", "none", "end",
    ];
    assert_eq!(events, expected);
    assert_eq!(commits, 3);
}

on_both!(
    each_commits_reports_end_with_a_group_end,
    each_commits_reports_end_with_a_group_end_on_postgres,
    group_ends
);

/// An error from the caller's report ends the writer at once: its threads
/// joined, the analysis told to stop (its sends fail), what was committed
/// before kept.
fn a_report_that_fails(db: &str) {
    use attache_store::backend::DbError;
    use attache_store::group::{self, Done, Limits, Ready};
    let mut store = Store::open(db).unwrap();
    let cat = Catalogue::parse(CATALOGUE).unwrap();
    let analyzer = Analyzer::default();
    let chunks: Vec<(u64, Vec<Ready>)> = (0..40)
        .map(|i| {
            let text = attache_store::synth::article(i).1;
            let analysis = analyzer.analyze_with(&text, Some(&cat), false);
            let a = raw(&text, &format!("wire {i}"), "2025-02-11");
            (i, vec![Ready::new(a, analysis, &issues_of(&cat))])
        })
        .collect();
    let limits = Limits {
        articles: 2,
        wait: std::time::Duration::from_secs(100_000),
    };
    let (tx, rx) = group::chunk_channel::<u64>();
    let analysis = std::thread::spawn(move || {
        let mut sent = 0;
        for chunk in chunks {
            if tx.send(chunk).is_err() {
                break;
            }
            sent += 1;
        }
        sent
    });
    let mut reports = 0;
    let result = group::write_groups(&mut store, rx, limits, |d| {
        if let Done::Article(..) = d {
            reports += 1;
            return Err(DbError("the caller stops".into()));
        }
        Ok(())
    });
    assert_eq!(
        result.err().map(|e| e.0).as_deref(),
        Some("the caller stops")
    );
    assert_eq!(reports, 1, "nothing reported after the error");
    let sent = analysis.join().unwrap();
    assert!(sent < 40, "the analysis went on to the end ({sent} chunks)");
    assert_eq!(store.counts().unwrap().0, 2, "the first group's commit");
    assert!(store.check().unwrap());
}

on_both!(
    a_report_that_fails_ends_the_writer,
    a_report_that_fails_ends_the_writer_on_postgres,
    a_report_that_fails
);

/// The repository's catalogue of issues (more issues than `CATALOGUE`,
/// so the made-up articles make many statements).
fn ukraine_catalogue() -> Catalogue {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../catalogues/ukraine-2025.toml"
    );
    Catalogue::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Made-up articles `range`, dated, each with an origin of its own.
fn made_up(range: std::ops::Range<u64>) -> Vec<RawArticle> {
    range
        .map(|i| {
            let (date, text) = attache_store::synth::article(i);
            RawArticle {
                text,
                url: Some(format!("https://example.test/synth/{i}")),
                outlet: Some(["Harbour Times", "Brel Courier"][i as usize % 2].into()),
                published: Some((date, DateSource::Metadata)),
                origin: format!("synth/{i}"),
                ..RawArticle::default()
            }
        })
        .collect()
}

/// Everything a reader sees of a record, each row as JSON. The ids that
/// two records may number apart are replaced: articles' by their rank in
/// id order and stories' by their first article's (or, `by_origin`, by
/// the article's origin, the rows then sorted: for records whose writers
/// took the articles in another order); quotes' and statements' are left
/// out, their rows kept in id order (that is, what pages and ties follow).
fn read_back(db: &str, by_origin: bool) -> Vec<String> {
    use serde_json::{Value, to_value};
    let mut store = Store::open_existing(db).unwrap();
    let articles = store.articles_after(0, usize::MAX).unwrap();
    let article_of: std::collections::HashMap<i64, Value> = articles
        .iter()
        .enumerate()
        .map(|(rank, a)| {
            let name = if by_origin {
                Value::from(a.origin.clone())
            } else {
                Value::from(rank)
            };
            (a.id, name)
        })
        .collect();
    let mut story_of = std::collections::HashMap::new();
    for a in &articles {
        story_of
            .entry(a.story_id)
            .or_insert_with(|| article_of[&a.id].clone());
    }
    fn rename(
        v: &mut Value,
        articles: &std::collections::HashMap<i64, Value>,
        stories: &std::collections::HashMap<i64, Value>,
    ) {
        match v {
            Value::Object(fields) => {
                for (key, field) in fields.iter_mut() {
                    let names = match key.as_str() {
                        "article" | "article_id" => Some(articles),
                        "story_id" => Some(stories),
                        _ => None,
                    };
                    match (names, field.as_i64()) {
                        (Some(names), Some(id)) => *field = names[&id].clone(),
                        _ => rename(field, articles, stories),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|i| rename(i, articles, stories)),
            _ => {}
        }
    }
    let mut rows: Vec<(&str, Value)> = Vec::new();
    for a in &articles {
        let mut v = to_value(a).unwrap();
        v["id"] = article_of[&a.id].clone();
        rows.push(("article", v));
    }
    let quotes = store.quotes_after(0, usize::MAX).unwrap();
    let ids: Vec<i64> = quotes.iter().map(|q| q.id).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "quote ids unique");
    for q in quotes {
        let mut v = to_value(q).unwrap();
        v.as_object_mut().unwrap().remove("id");
        rows.push(("quote", v));
    }
    let positions = store.positions_after(0, usize::MAX).unwrap();
    let ids: Vec<i64> = positions.iter().map(|p| p.id).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "statement ids unique");
    for p in positions {
        let mut v = to_value(p).unwrap();
        v.as_object_mut().unwrap().remove("id");
        rows.push(("statement", v));
    }
    for a in store.actors_export().unwrap() {
        rows.push(("actor", to_value(a).unwrap()));
    }
    let every = QuoteFilter::default();
    rows.extend(
        store
            .quotes(&every)
            .unwrap()
            .into_iter()
            .map(|q| ("quotes", to_value(q).unwrap())),
    );
    for issue in store.issues().unwrap() {
        let filter = QuoteFilter {
            issue: Some(issue),
            ..QuoteFilter::default()
        };
        rows.extend(
            store
                .quotes(&filter)
                .unwrap()
                .into_iter()
                .map(|q| ("issue's quotes", to_value(q).unwrap())),
        );
    }
    let statements = store.statements(None, None).unwrap();
    rows.extend(
        statements
            .into_iter()
            .map(|s| ("statements", to_value(s).unwrap())),
    );
    let (kept, computed) = store.matrix_kept_and_computed().unwrap();
    rows.extend(
        kept.into_iter()
            .map(|s| ("kept matrix", to_value(s).unwrap())),
    );
    rows.extend(
        computed
            .into_iter()
            .map(|s| ("matrix", to_value(s).unwrap())),
    );
    rows.extend(
        store
            .changes(None)
            .unwrap()
            .into_iter()
            .map(|c| ("changes", to_value(c).unwrap())),
    );
    rows.push(("counts", to_value(store.counts().unwrap()).unwrap()));
    let mut out: Vec<String> = rows
        .into_iter()
        .map(|(kind, mut v)| {
            rename(&mut v, &article_of, &story_of);
            format!("{kind} {v}")
        })
        .collect();
    if by_origin {
        out.sort();
    }
    out
}

/// `articles` analysed with `cat`, each with its quotes' issues, ready for
/// the group writer.
fn ready_all(articles: &[RawArticle], cat: &Catalogue) -> Vec<attache_store::group::Ready> {
    let analyzer = Analyzer::default();
    articles
        .iter()
        .map(|a| {
            attache_store::group::Ready::new(
                a.clone(),
                analyzer.analyze_with(&a.text, Some(cat), false),
                &issues_of(cat),
            )
        })
        .collect()
}

/// `articles` through the group writer, `chunk` at a time, committed every
/// `group` articles.
fn write_in_groups(
    store: &mut Store,
    articles: &[RawArticle],
    cat: &Catalogue,
    chunk: usize,
    group: usize,
) {
    use attache_store::group::{self, Done, Limits};
    let (tx, rx) = std::sync::mpsc::sync_channel(articles.len().div_ceil(chunk).max(1));
    for part in articles.chunks(chunk) {
        tx.send(((), ready_all(part, cat))).unwrap();
    }
    drop(tx);
    let limits = Limits {
        articles: group,
        wait: std::time::Duration::from_secs(100_000),
    };
    group::write_groups(store, rx, limits, |d| {
        if let Done::Article(_, outcome) = d {
            outcome.unwrap();
        }
        Ok(())
    })
    .unwrap();
}

/// A batch whose rows pass the bound of the rows held for PostgreSQL's
/// `COPY` many times (4 KB: every article or two), then groups of the
/// group writer, read back row for row as a SQLite record of the same
/// articles written in one batch; on PostgreSQL with an article in the
/// batch that it refuses (a NUL), so the batch is written again, an
/// article a savepoint.
fn rows_past_the_copy_bound(db: &str) {
    let cat = ukraine_catalogue();
    let analyzer = Analyzer::default();
    let articles = made_up(0..60);
    let reference_dir = temp_dir("copy-bound-reference");
    let reference = reference_dir.path().join("record.db").display().to_string();
    {
        let mut store = Store::open(&reference).unwrap();
        let analyses: Vec<_> = articles
            .iter()
            .map(|a| analyzer.analyze_with(&a.text, Some(&cat), false))
            .collect();
        let batch: Vec<_> = articles.iter().zip(&analyses).collect();
        for outcome in store.ingest_batch(&batch, issues_of(&cat)).unwrap() {
            assert_eq!(outcome.unwrap(), Outcome::Stored);
        }
    }
    let mut store = Store::open(db).unwrap();
    store.set_copy_bound(4096);
    let mut first: Vec<RawArticle> = articles[..30].to_vec();
    if db.starts_with("postgres") {
        first.insert(
            12,
            raw(
                "Odd\u{0} bytes in a feed, Lavrov said of a ceasefire.",
                "odd",
                "2025-02-11",
            ),
        );
    }
    let analyses: Vec<_> = first
        .iter()
        .map(|a| analyzer.analyze_with(&a.text, Some(&cat), false))
        .collect();
    let batch: Vec<_> = first.iter().zip(&analyses).collect();
    let outcomes = store.ingest_batch(&batch, issues_of(&cat)).unwrap();
    let stored = outcomes
        .iter()
        .filter(|o| matches!(o, Ok(Outcome::Stored)))
        .count();
    assert_eq!(stored, 30, "{outcomes:?}");
    write_in_groups(&mut store, &articles[30..], &cat, 4, 8);
    assert!(store.check().unwrap());
    drop(store);
    let (got, expected) = (read_back(db, false), read_back(&reference, false));
    assert!(got.len() > 1000, "{} rows", got.len());
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g, e);
    }
    assert_eq!(got.len(), expected.len());
}

on_both!(
    rows_past_the_copy_bound_read_back_as_one_batch,
    rows_past_the_copy_bound_read_back_as_one_batch_on_postgres,
    rows_past_the_copy_bound
);

/// Two group writers at once on one PostgreSQL record, their inputs
/// overlapping (a third of the texts in both, taken in opposite orders),
/// their rows written by `COPY` with ids from the sequences' blocks: no
/// id is handed out twice, every text is stored once, and every row reads
/// back as in a SQLite record one writer made of the same texts.
#[test]
#[ignore = "needs PostgreSQL: set ATTACHE_TEST_POSTGRES"]
fn two_copy_writers_keep_ids_unique_and_each_text_once_on_postgres() {
    let cat = ukraine_catalogue();
    let articles = made_up(0..60);
    let reference_dir = temp_dir("copy-writers-reference");
    let reference = reference_dir.path().join("record.db").display().to_string();
    write_in_groups(
        &mut Store::open(&reference).unwrap(),
        &articles,
        &cat,
        8,
        64,
    );
    for trial in 0..2 {
        let url = attache_store::testing::fresh_postgres(&format!("copywriters{trial}"))
            .unwrap_or_else(|e| panic!("{e}"));
        drop(Store::open(&url).unwrap());
        let inputs: [Vec<RawArticle>; 2] = [
            articles[..40].to_vec(),
            articles[20..].iter().rev().cloned().collect(),
        ];
        let start = std::sync::Barrier::new(2);
        std::thread::scope(|scope| {
            for (k, input) in inputs.iter().enumerate() {
                let (cat, start, url) = (&cat, &start, &url);
                scope.spawn(move || {
                    let mut store = Store::open(url).unwrap();
                    // one writer's rows in parts, the other's whole
                    if k == 0 {
                        store.set_copy_bound(4096);
                    }
                    start.wait();
                    write_in_groups(&mut store, input, cat, 2, 6);
                });
            }
        });
        let mut store = Store::open(&url).unwrap();
        assert!(store.check().unwrap());
        assert_eq!(store.counts().unwrap().0, 60, "every text once");
        drop(store);
        let (got, expected) = (read_back(&url, true), read_back(&reference, true));
        for (g, e) in got.iter().zip(&expected) {
            assert_eq!(g, e);
        }
        assert_eq!(got.len(), expected.len());
    }
}

/// An article whose rows PostgreSQL refuses (here a quote, through a
/// check the test adds) fails alone: its step's rows, written by `COPY`
/// at the step's end or past the bound, are written again an article a
/// savepoint, and the other articles are stored whole.
#[test]
#[ignore = "needs PostgreSQL: set ATTACHE_TEST_POSTGRES"]
fn an_article_whose_rows_are_refused_fails_alone_on_postgres() {
    let url =
        attache_store::testing::fresh_postgres("copyrefused").unwrap_or_else(|e| panic!("{e}"));
    let mut store = Store::open(&url).unwrap();
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    admin
        .batch_execute(
            "ALTER TABLE quotes ADD CONSTRAINT no_refused_words CHECK (position('Refused' IN text) = 0)",
        )
        .unwrap();
    let cat = ukraine_catalogue();
    let analyzer = Analyzer::default();
    let refused = |k: usize| {
        raw(
            &format!(
                "“Refused words {k} will not be printed,” Sergei Lavrov said of a ceasefire on Monday."
            ),
            &format!("refused{k}"),
            "2025-02-11",
        )
    };
    let mut expected_quotes = 0;
    for (round, bound) in [(0, None), (1, Some(1))] {
        if let Some(bytes) = bound {
            store.set_copy_bound(bytes);
        }
        let mut articles = made_up(round * 10..round * 10 + 6);
        articles.insert(3, refused(round as usize));
        let analyses: Vec<_> = articles
            .iter()
            .map(|a| analyzer.analyze_with(&a.text, Some(&cat), false))
            .collect();
        assert!(!analyses[3].quotes.is_empty());
        let batch: Vec<_> = articles.iter().zip(&analyses).collect();
        let outcomes = store.ingest_batch(&batch, issues_of(&cat)).unwrap();
        for (k, outcome) in outcomes.iter().enumerate() {
            if k == 3 {
                assert!(outcome.is_err(), "{outcome:?}");
            } else {
                assert_eq!(outcome.as_ref().unwrap(), &Outcome::Stored);
                expected_quotes += analyses[k].quotes.len();
            }
        }
    }
    let (articles, stories, quotes, _) = store.counts().unwrap();
    assert_eq!((articles, stories), (12, 12));
    assert_eq!(quotes as usize, expected_quotes);
    assert!(store.check().unwrap());
    drop(store);
    let rows = read_back(&url, false);
    assert!(!rows.iter().any(|r| r.contains("Refused")));
}
