//! attache-py: the Python package `attache`. The bindings (`python`
//! feature, turned on by maturin; see pyproject.toml) are a thin layer over
//! the plain Rust here, which says what each call does and fails with the
//! command line's messages, word for word.

#[cfg(feature = "python")]
mod python;

use anyhow::Context;
use attache_core::{Analysis, Analyzer, Catalogue, input, knowledge::Knowledge};
use attache_export::RecordBatch;
use attache_store::Store;
use rayon::prelude::*;
use std::path::Path;

/// An error as the command line prints it after `attache: error: `.
fn message(e: anyhow::Error) -> String {
    format!("{e:#}")
}

/// The analyser with the bundled knowledge, and `dir`'s when given
/// (`--knowledge DIR`).
pub fn analyzer(knowledge: Option<&Path>) -> Result<Analyzer, String> {
    match knowledge {
        Some(dir) => Knowledge::bundled_and_dir(dir)
            .context("reading knowledge")
            .map(Analyzer::new)
            .map_err(message),
        None => Ok(Analyzer::default()),
    }
}

/// An issue catalogue (`--issues CATALOGUE`).
pub fn catalogue(path: &Path) -> Result<Catalogue, String> {
    Catalogue::from_path(path)
        .context("reading the issue catalogue")
        .map_err(message)
}

/// What one analysis is asked for: the catalogue's positions, and every
/// statement besides the clearest (`--all-statements`).
#[derive(Clone, Copy, Default)]
pub struct Ask<'a> {
    pub catalogue: Option<&'a Catalogue>,
    pub all_statements: bool,
}

/// One text, as `attache analyze` reads it from a file named `source`
/// (the document's `source`); the text is analysed as it is.
pub fn analyze(analyzer: &Analyzer, text: &str, ask: Ask, source: Option<&str>) -> Analysis {
    let mut a = analyzer.analyze_with(text, ask.catalogue, ask.all_statements);
    a.source = source.map(str::to_string);
    a
}

/// A file as `attache analyze FILE` reads it (text, HTML or a JSON
/// record); the error is the command line's line for that file, without
/// its `attache: ` prefix.
pub fn analyze_file(analyzer: &Analyzer, path: &Path, ask: Ask) -> Result<Analysis, String> {
    let shown = path.display().to_string();
    let article = std::fs::read(path)
        .context("cannot read file")
        .and_then(|bytes| {
            let name = path.file_name().and_then(|n| n.to_str());
            Ok(input::read_article(name, &bytes)?)
        })
        .map_err(|e| format!("{shown}: {e:#}"))?;
    Ok(analyze(analyzer, &article.text, ask, Some(&shown)))
}

/// Every text analysed, in order, on `threads` threads (all cores when
/// `None`).
pub fn analyze_many(
    analyzer: &Analyzer,
    texts: &[String],
    ask: Ask,
    threads: Option<usize>,
) -> Result<Vec<Analysis>, String> {
    let run = || {
        texts
            .par_iter()
            .map(|t| analyze(analyzer, t, ask, None))
            .collect()
    };
    match threads {
        None => Ok(run()),
        Some(0) => Err("threads must be at least 1".into()),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map_err(|e| e.to_string())
            .map(|pool| pool.install(run)),
    }
}

/// Every text analysed, handed to `each` in order, a chunk at a time, on
/// the calling thread while the next chunks are analysed on `threads`
/// threads (all cores when `None`); `each` returns false to stop.
pub fn analyze_in_chunks(
    analyzer: &Analyzer,
    texts: &[String],
    ask: Ask,
    threads: Option<usize>,
    chunk: usize,
    mut each: impl FnMut(Vec<Analysis>) -> bool,
) -> Result<(), String> {
    let pool = match threads {
        None => None,
        Some(0) => return Err("threads must be at least 1".into()),
        Some(n) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| e.to_string())?,
        ),
    };
    std::thread::scope(|scope| {
        // two chunks ahead at most, so memory stays flat
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Analysis>>(2);
        scope.spawn(move || {
            let produce = || {
                for part in texts.chunks(chunk.max(1)) {
                    let done: Vec<Analysis> = part
                        .par_iter()
                        .map(|t| analyze(analyzer, t, ask, None))
                        .collect();
                    if tx.send(done).is_err() {
                        break;
                    }
                }
            };
            match &pool {
                Some(pool) => pool.install(produce),
                None => produce(),
            }
        });
        for done in rx {
            if !each(done) {
                break;
            }
        }
    });
    Ok(())
}

/// One article of a corpus: its id, and the fields ingest reads of a JSON
/// Lines record.
pub struct CorpusArticle<'a> {
    pub id: i64,
    pub text: &'a str,
    pub url: Option<&'a str>,
    pub published: Option<&'a str>,
}

/// Articles analysed and made into rows per batch of the tables.
const CORPUS_CHUNK: usize = 512;

/// The quotes and positions of a corpus's articles (analysed on `threads`
/// threads) as Arrow batches with `attache export`'s schema, as ingest and
/// export would give them for these articles; a row's `id` numbers it
/// within its article, from 1. Each thread builds the batches of its
/// chunk of articles.
pub fn corpus_batches(
    analyzer: &Analyzer,
    articles: &[CorpusArticle],
    catalogue: Option<&Catalogue>,
    threads: Option<usize>,
) -> Result<(Vec<RecordBatch>, Vec<RecordBatch>), String> {
    use attache_export::{ArticleRef, PositionsBuilder, QuotesBuilder, append_analysis};
    let run = || {
        articles
            .par_chunks(CORPUS_CHUNK)
            .map(|part| {
                let (mut quotes, mut positions) =
                    (QuotesBuilder::default(), PositionsBuilder::default());
                for a in part {
                    // the date as ingest reads it: `published`, else one in the text
                    let published = attache_store::sources::record_date(a.text, a.published);
                    let article = ArticleRef {
                        id: a.id,
                        url: a.url.map(str::to_string),
                        published: published.map(|p| p.0),
                    };
                    let analysis = analyzer.analyze_with(a.text, catalogue, false);
                    append_analysis(
                        &mut quotes,
                        &mut positions,
                        &article,
                        &analysis,
                        catalogue,
                        (1, 1),
                    );
                }
                Ok((quotes.finish()?, positions.finish()?))
            })
            .collect::<attache_export::Result<Vec<_>>>()
    };
    let batches = match threads {
        None => run(),
        Some(0) => return Err("threads must be at least 1".into()),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map_err(|e| e.to_string())?
            .install(run),
    };
    Ok(batches.map_err(|e| e.to_string())?.into_iter().unzip())
}

/// A record opened read-only, as the query commands open it.
pub fn open_record(spec: &str) -> Result<Store, String> {
    Store::open_existing(spec)
        .with_context(|| format!("opening the record {spec}"))
        .map_err(message)
}

/// `Ok` for a date of the form YYYY-MM-DD, else the command line's error
/// for its option `--what`.
pub fn check_date(date: Option<&str>, what: &str) -> Result<(), String> {
    match date {
        Some(d) if attache_store::dates::parse_date(d).as_deref() != Some(d) => Err(format!(
            "--{what} {d:?} is not a date of the form YYYY-MM-DD"
        )),
        _ => Ok(()),
    }
}

/// A scenario file's forecast by `model` (a model's name or `all`), as
/// `attache forecast --format json` gives it.
pub fn forecast(
    path: &Path,
    model: &str,
    issue: Option<String>,
    draws: usize,
    seed: u64,
) -> Result<serde_json::Value, String> {
    use attache_forecast::report;
    let Some(mut request) = report::Request::for_model(model) else {
        return Err(format!(
            "invalid value '{model}' for model: one of mean, median, nash, eum, smp, all"
        ));
    };
    request.issue = issue;
    request.draws = draws;
    request.seed = seed;
    let scenario = attache_forecast::formats::read_scenario(path)
        .map_err(|e| message(anyhow::Error::new(e)))?;
    let issues = report::run(&scenario, &path.display().to_string(), &request)?;
    Ok(report::to_json(&scenario, &issues))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_texts_give_what_each_gives_alone_in_their_order() {
        let analyzer = Analyzer::default();
        let texts: Vec<String> = (0..40)
            .map(|i| attache_store::synth::article(i).1)
            .collect();
        let alone: Vec<String> = texts
            .iter()
            .map(|t| serde_json::to_string(&analyze(&analyzer, t, Ask::default(), None)).unwrap())
            .collect();
        for threads in [None, Some(1), Some(3)] {
            let many = analyze_many(&analyzer, &texts, Ask::default(), threads).unwrap();
            let many: Vec<String> = many
                .iter()
                .map(|a| serde_json::to_string(a).unwrap())
                .collect();
            assert_eq!(many, alone, "threads {threads:?}");
        }
        assert!(analyze_many(&analyzer, &texts, Ask::default(), Some(0)).is_err());
        for chunk in [1, 7, 100] {
            let mut got = Vec::new();
            analyze_in_chunks(&analyzer, &texts, Ask::default(), Some(2), chunk, |part| {
                got.extend(part.iter().map(|a| serde_json::to_string(a).unwrap()));
                true
            })
            .unwrap();
            assert_eq!(got, alone, "chunk {chunk}");
        }
        let mut chunks = 0;
        analyze_in_chunks(&analyzer, &texts, Ask::default(), None, 4, |_| {
            chunks += 1;
            false
        })
        .unwrap();
        assert_eq!(chunks, 1, "stops when asked");
        let urls: Vec<String> = (0..texts.len()).map(|k| format!("u{k}")).collect();
        let corpus = |n: usize| {
            texts[..n]
                .iter()
                .enumerate()
                .map(|(k, t)| CorpusArticle {
                    id: k as i64 + 1,
                    text: t,
                    url: Some(&urls[k]),
                    published: Some("1 March 2025"),
                })
                .collect::<Vec<_>>()
        };
        let one = corpus_batches(&analyzer, &corpus(10), None, Some(1)).unwrap();
        let two = corpus_batches(&analyzer, &corpus(10), None, Some(2)).unwrap();
        assert_eq!(one, two, "the same tables on any number of threads");
        assert!(one.0.iter().map(RecordBatch::num_rows).sum::<usize>() > 10);
    }

    #[test]
    fn corpus_batches_are_the_rows_of_each_analysis() {
        let analyzer = Analyzer::default();
        let catalogue = Catalogue::parse(
            "[[issue]]\nid = \"talks\"\nproposition = \"Talks.\"\nterms = [\"talks\", \"truce\"]\n",
        )
        .unwrap();
        // more than one chunk; one article undated, its date read in its text
        let texts: Vec<String> = (0..CORPUS_CHUNK as u64 + 40)
            .map(|i| attache_store::synth::article(i % 40).1)
            .collect();
        let articles: Vec<CorpusArticle> = texts
            .iter()
            .enumerate()
            .map(|(k, t)| CorpusArticle {
                id: k as i64 + 1,
                text: t,
                url: (k % 3 > 0).then_some("https://example.test/a"),
                published: (k > 0).then_some("2 March 2025"),
            })
            .collect();
        let expected = |part: &[CorpusArticle]| {
            let (mut quotes, mut positions) = (Vec::new(), Vec::new());
            for a in part {
                let raw = attache_store::sources::article_of_record(
                    a.text.to_string(),
                    a.url.map(str::to_string),
                    a.published.map(str::to_string),
                    String::new(),
                );
                let article = attache_export::ArticleRef {
                    id: a.id,
                    url: raw.url.clone(),
                    published: raw.published.map(|p| p.0),
                };
                let analysis = analyzer.analyze_with(&raw.text, Some(&catalogue), false);
                let (q, p) =
                    attache_export::rows_of_analysis(&article, &analysis, Some(&catalogue), (1, 1));
                quotes.extend(q);
                positions.extend(p);
            }
            (
                attache_export::quotes_batch(&quotes).unwrap(),
                attache_export::positions_batch(&positions).unwrap(),
            )
        };
        let (quotes, positions): (Vec<_>, Vec<_>) =
            articles.chunks(CORPUS_CHUNK).map(expected).unzip();
        assert!(quotes.iter().map(RecordBatch::num_rows).sum::<usize>() > 1_000);
        assert!(positions.iter().map(RecordBatch::num_rows).sum::<usize>() > 100);
        for threads in [Some(1), Some(2)] {
            let made = corpus_batches(&analyzer, &articles, Some(&catalogue), threads).unwrap();
            assert_eq!(
                made,
                (quotes.clone(), positions.clone()),
                "threads {threads:?}"
            );
        }
    }

    #[test]
    fn errors_are_the_command_lines() {
        let analyzer = Analyzer::default();
        let missing = Path::new("no/such/article.txt");
        let e = analyze_file(&analyzer, missing, Ask::default()).unwrap_err();
        assert!(
            e.starts_with("no/such/article.txt: cannot read file: "),
            "{e}"
        );
        let e = catalogue(Path::new("no/such.toml")).unwrap_err();
        assert!(
            e.starts_with("reading the issue catalogue: no/such.toml: "),
            "{e}"
        );
        assert_eq!(
            check_date(Some("2025-13-01"), "as-of").unwrap_err(),
            "--as-of \"2025-13-01\" is not a date of the form YYYY-MM-DD"
        );
        assert!(check_date(Some("2025-03-01"), "as-of").is_ok());
    }
}
