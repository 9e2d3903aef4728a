//! The record on made-up articles: syndicated copies, idempotence, dates,
//! actors across spellings, positions over time, scenarios.

use attache_core::{Analyzer, Catalogue};
use attache_store::sources::{DateSource, RawArticle};
use attache_store::{Outcome, QuoteFilter, Store};

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

/// A directory for a test's database, removed when the test ends.
fn temp_dir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("attache-store-{name}-"))
        .tempdir()
        .unwrap()
}

/// Each test runs on SQLite, and on PostgreSQL with `--ignored` where
/// `ATTACHE_TEST_POSTGRES` names a server (`.ci/run` starts one).
macro_rules! on_both {
    ($name:ident, $pg:ident, $body:ident) => {
        #[test]
        fn $name() {
            let dir = temp_dir(stringify!($name));
            $body(&dir.path().join("record.db").display().to_string());
        }

        #[test]
        #[ignore = "needs PostgreSQL: set ATTACHE_TEST_POSTGRES"]
        fn $pg() {
            let url = attache_store::testing::fresh_postgres(stringify!($pg))
                .unwrap_or_else(|e| panic!("{e}"));
            $body(&url);
        }
    };
}

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
        assert_eq!(store.schema_version().unwrap(), 1);
    }
    let mut store = Store::open(p).unwrap();
    assert_eq!(store.counts().unwrap().0, 1);
    assert_eq!(store.schema_version().unwrap(), 1);
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
