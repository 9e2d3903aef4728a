//! A person's review of the record on made-up articles: decisions kept
//! beside the machine's reading, applied to every query, kept by reanalyse.

mod common;
use attache_core::{Analyzer, Catalogue};
use attache_store::scenario::{ScenarioOptions, build_scenario};
use attache_store::sources::{DateSource, RawArticle};
use attache_store::testing::downgrade;
use attache_store::{Decision, QuoteFilter, SCHEMA_VERSION, Store};
use common::{TWO_ISSUES as CATALOGUE, issues_of, temp_dir};

const FIRST: &str = "Volodymyr Zelenskyy said Ukraine would accept a ceasefire in the spring. \
“We want the guns to fall silent,” Zelenskyy said in Kyiv. Officials in Moscow were quiet. \
The Kremlin has long backed direct negotiations with Washington. \
Sergei Lavrov rejected a truce before a settlement.";

const SECOND: &str = "Talks in Geneva stalled on Thursday. \
In Kiev, President Zelenskiy said Ukraine rejected any truce that left troops in place. \
“Not while the shelling goes on,” he told reporters. \
Foreign Minister Lavrov's deputy, Andrei Rudenko, said Russia was ready for negotiations. \
Rudenko added: “Moscow wants a durable settlement.”";

on_both!(
    decisions_apply_to_every_query_and_survive_reanalysis,
    decisions_apply_to_every_query_and_survive_reanalysis_on_postgres,
    decisions
);
on_both!(
    an_older_record_gets_the_table_of_decisions,
    an_older_record_gets_the_table_of_decisions_on_postgres,
    older_record
);

fn record(db: &str) -> Store {
    let mut store = Store::open(db).unwrap();
    let cat = Catalogue::parse(CATALOGUE).unwrap();
    let analyzer = Analyzer::default();
    for (k, (text, date)) in [(FIRST, "2025-03-01"), (SECOND, "2025-03-20")]
        .into_iter()
        .enumerate()
    {
        let raw = RawArticle {
            text: text.into(),
            title: Some(format!("Made-up report {k}")),
            outlet: Some("Made-up Wire".into()),
            published: Some((date.into(), DateSource::Metadata)),
            origin: format!("{k}.txt"),
            ..RawArticle::default()
        };
        let analysis = analyzer.analyze_with(text, Some(&cat), false);
        store.ingest(&raw, &analysis, issues_of(&cat)).unwrap();
    }
    store
}

/// The character span of `sentence` in `text`.
fn span_of(text: &str, sentence: &str) -> (i64, i64) {
    let at = text.find(sentence).unwrap();
    let start = text[..at].chars().count() as i64;
    (start, start + sentence.chars().count() as i64)
}

fn take(store: &mut Store, d: Decision) {
    store
        .review(d, "ana")
        .unwrap()
        .unwrap_or_else(|why| panic!("{why}"));
}

fn cell(store: &mut Store, holder: &str, issue: &str) -> Option<String> {
    store
        .positions(None)
        .unwrap()
        .into_iter()
        .find(|p| p.holder == holder && p.issue == issue)
        .map(|p| p.stance)
}

fn decisions(db: &str) {
    let mut store = record(db);
    let lavrov = "Sergei Lavrov rejected a truce before a settlement.";
    let (ls, le) = span_of(FIRST, lavrov);
    let kremlin = "The Kremlin has long backed direct negotiations with Washington.";
    let (ks, ke) = span_of(FIRST, kremlin);
    let rudenko =
        "Foreign Minister Lavrov's deputy, Andrei Rudenko, said Russia was ready for negotiations.";
    let (rs, re) = span_of(SECOND, rudenko);
    // the machine's reading, as this test expects it
    assert_eq!(
        cell(&mut store, "Sergei Lavrov", "ceasefire").as_deref(),
        Some("oppose")
    );
    assert_eq!(
        cell(&mut store, "Kremlin", "peace_talks").as_deref(),
        Some("support")
    );
    assert!(
        !store
            .statements(Some("peace_talks"), None)
            .unwrap()
            .iter()
            .any(|s| s.article == 2)
    );
    let queue = store.review_queue(100).unwrap();
    assert_eq!(queue.len(), 4, "{queue:?}");
    assert!(queue.windows(2).all(|w| w[0].priority >= w[1].priority));

    take(
        &mut store,
        Decision::Reject {
            article: 1,
            start: ls,
            end: le,
            issue: "ceasefire".into(),
            actor: "person:sergei-lavrov".into(),
        },
    );
    take(
        &mut store,
        Decision::Correct {
            article: 1,
            start: ks,
            end: ke,
            issue: "peace_talks".into(),
            actor: "org:kremlin".into(),
            stance: Some("oppose".into()),
            holder: None,
            to_issue: None,
        },
    );
    take(
        &mut store,
        Decision::Add {
            article: 2,
            start: rs,
            end: re,
            holder: "Andrei Rudenko".into(),
            issue: "peace_talks".into(),
            stance: "support".into(),
        },
    );
    take(
        &mut store,
        Decision::Affiliation {
            actor: "person:andrei-rudenko".into(),
            affiliation: "Russia".into(),
        },
    );
    let settlement = "Moscow wants a durable settlement.";
    let (qs, qe) = span_of(SECOND, settlement);
    take(
        &mut store,
        Decision::Speaker {
            article: 2,
            start: qs,
            end: qe,
            speaker: "Sergei Lavrov".into(),
        },
    );
    // a mistake is refused with the reason, and nothing is stored
    let refused = store
        .review(
            Decision::Reject {
                article: 1,
                start: 0,
                end: 3,
                issue: "ceasefire".into(),
                actor: "person:nobody".into(),
            },
            "ana",
        )
        .unwrap();
    assert!(refused.unwrap_err().contains("no stance"));

    let check = |store: &mut Store, stage: &str| {
        assert_eq!(
            cell(store, "Sergei Lavrov", "ceasefire"),
            None,
            "{stage}: rejected"
        );
        assert_eq!(
            cell(store, "Kremlin", "peace_talks").as_deref(),
            Some("oppose"),
            "{stage}: corrected"
        );
        let added = store
            .statements(Some("peace_talks"), None)
            .unwrap()
            .into_iter()
            .find(|s| s.article == 2)
            .unwrap_or_else(|| panic!("{stage}: the added stance"));
        assert_eq!(added.evidence, rudenko);
        assert_eq!(added.review.as_deref(), Some("added"));
        assert_eq!(added.actor, "person:andrei-rudenko");
        assert_eq!(added.affiliation.as_deref(), Some("Russia"));
        // Russia's input on peace talks now rests on both, one each way
        let scenario = build_scenario(
            store,
            &ScenarioOptions {
                issues: vec!["peace_talks".into()],
                default_capability: 1.0,
                ..ScenarioOptions::default()
            },
        )
        .unwrap();
        let russia = &scenario.issues[0].stances[0];
        assert_eq!(russia.actor, "Russia", "{stage}");
        assert_eq!(russia.sources.len(), 2, "{stage}: {russia:?}");
        let quotes = store
            .quotes(&QuoteFilter {
                actor: Some("person:sergei-lavrov".into()),
                ..QuoteFilter::default()
            })
            .unwrap();
        assert_eq!(quotes.len(), 1, "{stage}: {quotes:?}");
        assert_eq!(quotes[0].text, settlement);
        assert_eq!(quotes[0].review.as_deref(), Some("corrected"));
        let queue = store.review_queue(100).unwrap();
        assert!(
            queue.iter().all(|q| q.statement.review.is_none()),
            "{stage}"
        );
        assert_eq!(queue.len(), 2, "{stage}: {queue:?}");
    };
    check(&mut store, "reviewed");

    // merging the Kremlin into Russia: its statement is Russia's
    take(
        &mut store,
        Decision::Merge {
            actor: "org:kremlin".into(),
            into: "Russia".into(),
        },
    );
    assert_eq!(
        cell(&mut store, "Russia", "peace_talks").as_deref(),
        Some("oppose"),
        "the Kremlin's corrected stance is Russia's"
    );
    assert!(cell(&mut store, "Kremlin", "peace_talks").is_none());
    assert!(
        !store
            .actors()
            .unwrap()
            .iter()
            .any(|a| a.key == "org:kremlin")
    );
    // a merged stance is named as shown, and the decision finds it
    take(
        &mut store,
        Decision::Accept {
            article: 1,
            start: ks,
            end: ke,
            issue: "peace_talks".into(),
            actor: "country:russia".into(),
        },
    );
    let reviews = store.reviews().unwrap();
    assert_eq!(reviews.len(), 7);
    assert!(
        reviews
            .iter()
            .all(|r| r.reviewer == "ana" && r.at.len() == 20)
    );
    // the accept replaced the correction of the same stance
    assert!(reviews[1].superseded && !reviews[6].superseded);
    assert!(
        store
            .statements(Some("peace_talks"), None)
            .unwrap()
            .iter()
            .any(|s| s.start == ks && s.review.as_deref() == Some("accepted"))
    );
    // undo that for the rest of the test: the correction again
    take(
        &mut store,
        Decision::Correct {
            article: 1,
            start: ks,
            end: ke,
            issue: "peace_talks".into(),
            actor: "country:russia".into(),
            stance: Some("oppose".into()),
            holder: None,
            to_issue: None,
        },
    );
    let russia_cells = |store: &mut Store| {
        store
            .statements(Some("peace_talks"), None)
            .unwrap()
            .into_iter()
            .map(|s| (s.holder, s.stance))
            .collect::<Vec<_>>()
    };
    let before = russia_cells(&mut store);
    assert_eq!(before[0], ("Russia".to_string(), "oppose".to_string()));

    // the machine's reading is rebuilt; every decision applies again
    let cat = Catalogue::parse(CATALOGUE).unwrap();
    common::reanalyse(&mut store, &cat);
    assert_eq!(russia_cells(&mut store), before);
    assert_eq!(cell(&mut store, "Sergei Lavrov", "ceasefire"), None);
    // the machine's own rows are untouched: 4 stances as read
    assert_eq!(store.counts().unwrap().3, 4);
    drop(store);
    // and a reader sees the same
    let mut reader = Store::open_existing(db).unwrap();
    assert_eq!(russia_cells(&mut reader), before);
    assert_eq!(reader.reviews().unwrap().len(), 8);
}

/// A record from before decisions were kept: a reader answers as before
/// (no decisions), and opening it for writing adds the table.
fn older_record(db: &str) {
    drop(record(db));
    downgrade(db, 2).unwrap();
    let mut reader = Store::open_existing(db).unwrap();
    assert_eq!(reader.positions(None).unwrap().len(), 3);
    assert!(reader.reviews().unwrap().is_empty());
    assert!(reader.review_queue(10).unwrap().len() == 4);
    drop(reader);
    let mut store = Store::open(db).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let (s, e) = span_of(FIRST, "Sergei Lavrov rejected a truce before a settlement.");
    take(
        &mut store,
        Decision::Reject {
            article: 1,
            start: s,
            end: e,
            issue: "ceasefire".into(),
            actor: "person:sergei-lavrov".into(),
        },
    );
    assert_eq!(store.positions(None).unwrap().len(), 2);
}

/// Lavrov spoke against a truce in a quote; once his stance is rejected,
/// Russia has no input on the ceasefire, and the forecast's check says so.
#[test]
fn who_spoke_on_an_issue_without_an_input_is_named() {
    let dir = temp_dir("silent");
    let mut store = Store::open(dir.path().join("r.db")).unwrap();
    let cat = Catalogue::parse(CATALOGUE).unwrap();
    let text = "“We will never accept a truce on these terms,” Sergei Lavrov said in Moscow. \
                Volodymyr Zelenskyy said Ukraine would accept a ceasefire in the spring.";
    let raw = RawArticle {
        text: text.into(),
        published: Some(("2025-03-01".into(), DateSource::Metadata)),
        origin: "a.txt".into(),
        ..RawArticle::default()
    };
    let analysis = Analyzer::default().analyze_with(text, Some(&cat), false);
    store.ingest(&raw, &analysis, issues_of(&cat)).unwrap();
    let opts = ScenarioOptions {
        issues: vec!["ceasefire".into()],
        default_capability: 1.0,
        ..ScenarioOptions::default()
    };
    let silent = |store: &mut Store| {
        let scenario = build_scenario(store, &opts).unwrap();
        attache_store::scenario::speakers_without_input(store, "ceasefire", None, &scenario)
            .unwrap()
    };
    assert!(silent(&mut store).is_empty());
    let lavrov = store
        .statements(Some("ceasefire"), None)
        .unwrap()
        .into_iter()
        .find(|s| s.actor == "person:sergei-lavrov")
        .expect("Lavrov's stance");
    take(
        &mut store,
        Decision::Reject {
            article: lavrov.article,
            start: lavrov.start,
            end: lavrov.end,
            issue: lavrov.issue,
            actor: lavrov.actor,
        },
    );
    assert_eq!(silent(&mut store), vec![("Russia".to_string(), 1)]);
}

/// Two sentences a person tagged with the ceasefire, which the catalogue
/// (ceasefire, truce) misses: the phrase they share is proposed first.
#[test]
fn terms_are_suggested_from_the_sentences_the_catalogue_missed() {
    let dir = temp_dir("suggest");
    let mut store = Store::open(dir.path().join("r.db")).unwrap();
    let cat = Catalogue::parse(CATALOGUE).unwrap();
    let texts = [
        "Moscow proposed a pause in the shelling of power plants. Talks went on.",
        "Kyiv said a pause in the shelling would help farmers through the winter.",
    ];
    for (k, text) in texts.iter().enumerate() {
        let raw = RawArticle {
            text: text.to_string(),
            origin: format!("{k}.txt"),
            ..RawArticle::default()
        };
        let analysis = Analyzer::default().analyze_with(text, Some(&cat), false);
        store.ingest(&raw, &analysis, issues_of(&cat)).unwrap();
    }
    assert!(store.suggest_terms(&cat, 5).unwrap().is_empty());
    for (article, holder, sentence) in [
        (
            1,
            "Russia",
            "Moscow proposed a pause in the shelling of power plants.",
        ),
        (2, "Ukraine", texts[1]),
    ] {
        let (start, end) = span_of(texts[article as usize - 1], sentence);
        take(
            &mut store,
            Decision::Add {
                article,
                start,
                end,
                holder: holder.into(),
                issue: "ceasefire".into(),
                stance: "support".into(),
            },
        );
    }
    let suggestions = store.suggest_terms(&cat, 5).unwrap();
    assert_eq!(
        suggestions[0].term, "pause in the shelling",
        "{suggestions:?}"
    );
    assert_eq!(suggestions[0].sentences, 2);
    assert!(
        suggestions
            .iter()
            .all(|s| s.issue == "ceasefire" && s.term != "the")
    );
}

/// Zelenskyy moves from support to opposition; a rejected statement takes
/// the change away, and a split gives one article's statement to someone else.
#[test]
fn changes_follow_the_decisions_and_a_split_names_someone_else() {
    let dir = temp_dir("changes");
    let mut store = record(&dir.path().join("r.db").display().to_string());
    let moved = |store: &mut Store| {
        store
            .changes_with(None, 0.0)
            .unwrap()
            .into_iter()
            .filter(|c| c.actor_key == "person:volodymyr-zelensky")
            .count()
    };
    assert_eq!(moved(&mut store), 1);
    let (s, e) = span_of(
        SECOND,
        "In Kiev, President Zelenskiy said Ukraine rejected any truce that left troops in place.",
    );
    take(
        &mut store,
        Decision::Split {
            actor: "person:volodymyr-zelensky".into(),
            article: 2,
            name: "Oleksandr Zelensky".into(),
        },
    );
    assert_eq!(moved(&mut store), 0, "two people, no change");
    let second = store
        .statements(Some("ceasefire"), None)
        .unwrap()
        .into_iter()
        .find(|r| r.article == 2)
        .unwrap();
    assert_eq!(
        (second.holder.as_str(), second.actor.as_str()),
        ("Oleksandr Zelensky", "name:Oleksandr Zelensky")
    );
    // the split undone by merging back; then the later statement rejected
    take(
        &mut store,
        Decision::Merge {
            actor: "name:Oleksandr Zelensky".into(),
            into: "person:volodymyr-zelensky".into(),
        },
    );
    assert_eq!(moved(&mut store), 1);
    take(
        &mut store,
        Decision::Reject {
            article: 2,
            start: s,
            end: e,
            issue: "ceasefire".into(),
            actor: "person:volodymyr-zelensky".into(),
        },
    );
    assert_eq!(moved(&mut store), 0);
}

/// The record's main parties are Ukraine and Russia; a scenario of the
/// peace talks (the Kremlin's, Russia's) lacks Ukraine, and says so.
#[test]
fn main_parties_without_an_input_are_named() {
    let dir = temp_dir("main");
    let mut store = record(&dir.path().join("r.db").display().to_string());
    let scenario = build_scenario(
        &mut store,
        &ScenarioOptions {
            issues: vec!["peace_talks".into()],
            default_capability: 1.0,
            ..ScenarioOptions::default()
        },
    )
    .unwrap();
    assert_eq!(
        attache_store::scenario::main_parties_without_input(&mut store, 4, None, &scenario)
            .unwrap(),
        vec!["Ukraine".to_string()]
    );
}

/// A catalogue without "negotiations": after reanalyse the Kremlin's
/// stance is no longer read, and its decision is marked as applying to nothing.
#[test]
fn a_decision_on_a_stance_no_longer_read_is_marked() {
    let dir = temp_dir("orphan");
    let mut store = record(&dir.path().join("r.db").display().to_string());
    let (s, e) = span_of(
        FIRST,
        "The Kremlin has long backed direct negotiations with Washington.",
    );
    take(
        &mut store,
        Decision::Accept {
            article: 1,
            start: s,
            end: e,
            issue: "peace_talks".into(),
            actor: "org:kremlin".into(),
        },
    );
    assert!(store.reviews().unwrap()[0].applies);
    let narrower = Catalogue::parse(
        &CATALOGUE.replace(r#""peace talks", "negotiations""#, r#""peace talks""#),
    )
    .unwrap();
    common::reanalyse(&mut store, &narrower);
    assert!(!store.reviews().unwrap()[0].applies);
}
