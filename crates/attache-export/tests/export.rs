//! `attache export`'s tables on made-up articles: the schema as documented,
//! every row, spans that index the article's text in characters, and the
//! rows of an analysis made outside the record equal to the record's.

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use attache_core::{Analyzer, Catalogue};
use attache_export::{ArticleRef, Format, TABLES, rows_of_analysis, schema};
use attache_store::Store;
use attache_store::sources::{DateSource, RawArticle};

const CATALOGUE: &str = r#"
[[issue]]
id = "ceasefire"
proposition = "An early ceasefire."
terms = ["ceasefire", "truce"]
"#;

/// Made-up articles: the store's synthetic ones, and a stance that changes
/// over three dated articles (one with text outside ASCII).
fn corpus() -> Vec<RawArticle> {
    let mut out: Vec<RawArticle> = (0..40)
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
        .collect();
    let stances = [
        (
            "2025-03-01",
            "“We support a ceasefire before winter,” Foreign Minister Marta Kovalenko of Ukraine told reporters in Brel on Monday, after the café talks.",
        ),
        (
            "2025-03-20",
            "“We reject any ceasefire that freezes the front,” Foreign Minister Marta Kovalenko of Ukraine told reporters in Brel on Thursday.",
        ),
    ];
    for (k, (date, text)) in stances.iter().enumerate() {
        out.push(RawArticle {
            text: text.to_string(),
            url: Some(format!("https://example.test/stance/{k}")),
            published: Some((date.to_string(), DateSource::Metadata)),
            origin: format!("stance/{k}"),
            ..RawArticle::default()
        });
    }
    out
}

fn ingest(db: &str) -> (Store, Vec<RawArticle>, Analyzer, Catalogue) {
    let analyzer = Analyzer::default();
    let catalogue = Catalogue::parse(CATALOGUE).unwrap();
    let mut store = Store::open(db).unwrap();
    let articles = corpus();
    let analyses: Vec<_> = articles
        .iter()
        .map(|a| analyzer.analyze_with(&a.text, Some(&catalogue), false))
        .collect();
    let batch: Vec<_> = articles.iter().zip(&analyses).collect();
    let quote_issues = |t: &str| attache_export::quote_issues(Some(&catalogue), t);
    for outcome in store.ingest_batch(&batch, quote_issues).unwrap() {
        outcome.unwrap();
    }
    (store, articles, analyzer, catalogue)
}

fn read(path: &std::path::Path, format: Format) -> Vec<RecordBatch> {
    let file = std::fs::File::open(path).unwrap();
    match format {
        Format::Parquet => {
            parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
                .unwrap()
                .build()
                .unwrap()
                .map(Result::unwrap)
                .collect()
        }
        Format::Arrow => arrow_ipc::reader::FileReader::try_new(file, None)
            .unwrap()
            .map(Result::unwrap)
            .collect(),
    }
}

fn strings(b: &RecordBatch, name: &str) -> Vec<Option<String>> {
    string_values(b.column_by_name(name).unwrap().as_ref())
}

/// A string or dictionary-of-strings column as its values.
fn string_values(col: &dyn Array) -> Vec<Option<String>> {
    if let Some(d) = col.as_any_dictionary_opt() {
        let values = d.values().as_string::<i32>();
        let keys = d.normalized_keys();
        return (0..col.len())
            .map(|i| (!col.is_null(i)).then(|| values.value(keys[i]).to_string()))
            .collect();
    }
    let s = col.as_string::<i32>();
    (0..s.len())
        .map(|i| (!s.is_null(i)).then(|| s.value(i).to_string()))
        .collect()
}

fn ints(b: &RecordBatch, name: &str) -> Vec<i64> {
    b.column_by_name(name)
        .unwrap()
        .as_primitive::<Int64Type>()
        .values()
        .to_vec()
}

fn check(db: &str) {
    let (mut store, articles, analyzer, catalogue) = ingest(db);
    let (n_articles, _, n_quotes, n_positions) = store.counts().unwrap();
    let dir = tempfile::tempdir().unwrap();
    for format in [Format::Parquet, Format::Arrow] {
        let out = dir.path().join(format.extension());
        let written = attache_export::export(&mut store, format, &out).unwrap();
        assert_eq!(written.len(), TABLES.len());
        let mut tables = std::collections::HashMap::new();
        for ((path, rows), table) in written.iter().zip(TABLES) {
            assert_eq!(
                path.file_name().unwrap().to_str().unwrap(),
                format!("{table}.{}", format.extension())
            );
            let batches = read(path, format);
            let expected = schema(table).unwrap();
            for b in &batches {
                // names, types (Date32, dictionaries, lists) and nullability as documented
                assert_eq!(b.schema().fields(), expected.fields(), "{table}");
            }
            let total: usize = batches.iter().map(RecordBatch::num_rows).sum();
            assert_eq!(total, *rows, "{table}");
            let merged = arrow_select_concat(&expected, &batches);
            tables.insert(table, merged);
        }
        assert_eq!(tables["articles"].num_rows() as i64, n_articles);
        assert_eq!(tables["quotes"].num_rows() as i64, n_quotes);
        assert_eq!(tables["positions"].num_rows() as i64, n_positions);
        assert!(n_quotes > 40 && n_positions >= 2);

        // spans index the article's text in characters
        let a = &tables["articles"];
        let text_of: std::collections::HashMap<i64, Vec<char>> = ints(a, "id")
            .into_iter()
            .zip(strings(a, "text"))
            .map(|(id, t)| (id, t.unwrap().chars().collect()))
            .collect();
        for (table, what) in [("quotes", "text"), ("positions", "evidence")] {
            let t = &tables[table];
            let (ids, starts, ends) = (ints(t, "article_id"), ints(t, "start"), ints(t, "end"));
            for (k, s) in strings(t, what).into_iter().enumerate() {
                let chars = &text_of[&ids[k]][starts[k] as usize..ends[k] as usize];
                assert_eq!(chars.iter().collect::<String>(), s.unwrap(), "{table} {k}");
            }
        }
        // dates are days since 1970
        let published = a
            .column_by_name("published")
            .unwrap()
            .as_primitive::<Date32Type>();
        let urls = strings(a, "url");
        let k = urls
            .iter()
            .position(|u| u.as_deref() == Some("https://example.test/stance/0"))
            .unwrap();
        assert_eq!(
            published.value(k),
            attache_export::date32("2025-03-01").unwrap()
        );
        // the stance that moved is a change, with both spans
        let changes = &tables["changes"];
        let c = strings(changes, "actor")
            .iter()
            .position(|a| a.as_deref() == Some("person:marta-kovalenko"))
            .expect("Kovalenko's change");
        let cell = |name: &str| strings(changes, name)[c].clone().unwrap();
        assert_eq!(
            (cell("from"), cell("to"), cell("actor_name"), cell("issue")),
            (
                "support".into(),
                "oppose".into(),
                "Marta Kovalenko".into(),
                "ceasefire".into()
            )
        );
        let after_start = ints(changes, "after_start")[c] as usize;
        let after_end = ints(changes, "after_end")[c] as usize;
        let after_text = &text_of[&ints(changes, "after_article")[c]][after_start..after_end];
        assert_eq!(
            after_text.iter().collect::<String>(),
            cell("after_evidence")
        );

        // rows made from analyses outside the record are the record's rows
        let q = &tables["quotes"];
        let (q_ids, q_starts) = (ints(q, "article_id"), ints(q, "start"));
        let q_actors = strings(q, "actor");
        let q_texts = strings(q, "text");
        let ids = ints(a, "id");
        for (k, raw) in articles.iter().enumerate() {
            let id = ids[urls.iter().position(|u| *u == raw.url).unwrap()];
            let analysis = analyzer.analyze_with(&raw.text, Some(&catalogue), false);
            let article = ArticleRef {
                id,
                url: raw.url.clone(),
                published: raw.published.as_ref().map(|p| p.0.clone()),
            };
            let (quotes, _) = rows_of_analysis(&article, &analysis, Some(&catalogue), (1, 1));
            let stored: Vec<(i64, Option<String>, Option<String>)> = (0..q.num_rows())
                .filter(|&r| q_ids[r] == id)
                .map(|r| (q_starts[r], q_actors[r].clone(), q_texts[r].clone()))
                .collect();
            let made: Vec<(i64, Option<String>, Option<String>)> = quotes
                .iter()
                .map(|r| (r.start, r.actor.clone(), Some(r.text.clone())))
                .collect();
            assert_eq!(made, stored, "article {k}");
        }
    }
}

fn arrow_select_concat(schema: &arrow_schema::SchemaRef, batches: &[RecordBatch]) -> RecordBatch {
    arrow_select::concat::concat_batches(schema, batches).unwrap()
}

#[test]
fn tables_of_a_sqlite_record() {
    let dir = tempfile::tempdir().unwrap();
    check(&dir.path().join("record.db").display().to_string());
}

#[test]
#[ignore = "needs PostgreSQL: set ATTACHE_TEST_POSTGRES"]
fn tables_of_a_postgres_record() {
    let url =
        attache_store::testing::fresh_postgres("export_tables").unwrap_or_else(|e| panic!("{e}"));
    check(&url);
}
