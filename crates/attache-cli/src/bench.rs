use anyhow::{Context, Result, bail};
use attache_core::{Analyzer, input};
use rayon::prelude::*;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Subcommand)]
pub enum Bench {
    /// Throughput of the analysis pipeline (MB/s, articles/s, memory).
    ///
    /// Repeats the given articles until the body reaches --megabytes and
    /// analyses it on 1 thread and on all cores.
    Analyze(Args),
    /// Speed of the forecast models: Monte Carlo EUM draws and a DEU backtest.
    Forecast(ForecastArgs),
    /// Speed of the record: ingest of made-up articles, then queries, then
    /// the first pages again after a few review decisions.
    Record(RecordArgs),
    /// Print a corpus of made-up articles as JSON Lines (id, url, published,
    /// text), the ones `bench record` ingests: input for `ingest -`, the
    /// Python package or the Spark example.
    Corpus(CorpusArgs),
    /// Cost of one paragraph as it grows: hostile input, timed.
    ///
    /// Made-up text on one line (articles joined; their words without any
    /// punctuation; the same behind a quotation mark that never closes) at
    /// 1, 2, 4 and 8 MB, analysed with the catalogue on one thread (the
    /// fastest of three runs). Prints the seconds and MB/s at each size
    /// and the growth: the time a megabyte takes at the largest size over
    /// the smallest (about 1 when the cost is linear, 8 when quadratic;
    /// infinite when a size took over 30 s and the larger ones were not
    /// tried).
    Paragraph(ParagraphArgs),
}

#[derive(clap::Args)]
pub struct ParagraphArgs {
    /// Issue catalogue for positions.
    #[arg(long, value_name = "CATALOGUE")]
    issues: PathBuf,
    /// The largest size, in megabytes (the sizes double up to it from 1).
    #[arg(long, default_value_t = 8)]
    megabytes: usize,
}

fn run_paragraph(args: ParagraphArgs) -> Result<ExitCode> {
    // seconds one size may take (a linear cost takes about 1 s at 8 MB)
    const TOO_SLOW: f64 = 30.0;
    let catalogue = attache_core::Catalogue::from_path(&args.issues)?;
    let analyzer = Analyzer::default();
    let largest = args.megabytes.max(1) << 20;
    // made-up articles joined on one line, up to the largest size
    let mut joined = String::with_capacity(largest + 4096);
    let mut i = 0;
    while joined.len() < largest {
        joined.push_str(&attache_store::synth::article(i).1.replace('\n', " "));
        joined.push(' ');
        i += 1;
    }
    let bare: String = joined
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let quoted = format!("“{bare}");
    let shapes = [
        ("articles on one line", joined),
        ("words, no punctuation", bare),
        ("a quotation never closed", quoted),
    ];
    let mut worst: f64 = 0.0;
    for (name, text) in &shapes {
        let mut per_mb = Vec::new();
        let mut line = format!("{name}:");
        let mut mb = 1;
        while mb << 20 <= largest {
            let mut end = mb << 20;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            // the fastest of three (one run at 1 MB is a tenth of a second:
            // a pause of the host would read as growth)
            let mut secs = f64::INFINITY;
            for _ in 0..3 {
                let t = Instant::now();
                let analysis = analyzer.analyze_with(&text[..end], Some(&catalogue), false);
                secs = secs.min(t.elapsed().as_secs_f64());
                std::hint::black_box(analysis);
                if secs > TOO_SLOW {
                    break;
                }
            }
            per_mb.push(secs / mb as f64);
            line += &format!(" {mb} MB {secs:.2} s ({:.1} MB/s);", mb as f64 / secs);
            if secs > TOO_SLOW {
                // a quadratic cost would take hours at the next sizes
                line += &format!(" stopped (over {TOO_SLOW} s);");
                per_mb.push(f64::INFINITY);
                break;
            }
            mb *= 2;
        }
        let growth = per_mb.last().unwrap_or(&1.0) / per_mb.first().unwrap_or(&1.0);
        worst = worst.max(growth);
        println!("{line} growth {growth:.2}");
    }
    println!("paragraph growth (the worst shape): {worst:.2}");
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct CorpusArgs {
    /// How many made-up articles.
    #[arg(long, default_value_t = 1_000)]
    articles: u64,
}

fn run_corpus(args: CorpusArgs) -> Result<ExitCode> {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    for i in 0..args.articles {
        let (published, text) = attache_store::synth::article(i);
        let id = i + 1;
        let line = serde_json::json!({
            "id": id.to_string(),
            "url": format!("https://example.test/synth/{id}"),
            "published": published,
            "text": text,
        });
        writeln!(w, "{line}")?;
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct RecordArgs {
    /// How many made-up articles to ingest.
    #[arg(long, default_value_t = 10_000)]
    articles: u64,
    /// Issue catalogue for positions.
    #[arg(long, value_name = "CATALOGUE")]
    issues: PathBuf,
    /// Folder for the record (the system's temporary folder by default).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Keep the record afterwards (its path is printed); it holds the
    /// bench's review decisions (`attache review list`).
    #[arg(long)]
    keep: bool,
    /// The order the articles arrive in, which sets their dates: `feed`,
    /// dates advancing over 300 days (each a few days at most before the
    /// latest), as from a live feed; `cycle`, every 300 articles round
    /// all 300 days, as an archive in no order of date (the worst case
    /// for the indexes in date order).
    #[arg(long, value_enum, default_value_t = ArrivalOrder::Feed)]
    order: ArrivalOrder,
    #[command(flatten)]
    group: crate::record::GroupArgs,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ArrivalOrder {
    Feed,
    Cycle,
}

impl From<ArrivalOrder> for attache_store::synth::Order {
    fn from(o: ArrivalOrder) -> Self {
        match o {
            ArrivalOrder::Feed => Self::Feed,
            ArrivalOrder::Cycle => Self::Cycle,
        }
    }
}

fn run_record(args: RecordArgs) -> Result<ExitCode> {
    use attache_store::{
        Store,
        group::{self, Done, Ready},
        sources::{DateSource, RawArticle},
        synth,
    };
    let catalogue = attache_core::Catalogue::from_path(&args.issues)?;
    let dir = match &args.dir {
        Some(d) => d.join(format!("attache-bench-record-{}", std::process::id())),
        None => std::env::temp_dir().join(format!("attache-bench-record-{}", std::process::id())),
    };
    std::fs::create_dir_all(&dir)?;
    let db = dir.join("bench.db");
    let mut store = Store::open(&db)?;
    let analyzer = Analyzer::default();
    // each quote's issues, worked out beside its analysis, as in ingest
    let issue_of_quote = crate::record::quote_issues(Some(&catalogue));
    let t = Instant::now();
    let cpu_before = process_cpu_seconds();
    let mut writer_cpu = 0.0;
    let ids: Vec<u64> = (0..args.articles).collect();
    // a line at every tenth of the articles: the curve as the record grows
    let tenth = (args.articles / 10).max(1);
    let mut last_report = (0u64, 0.0f64);
    let mut commits = 0;
    let limits = args.group.limits(&store);
    std::thread::scope(|scope| -> Result<()> {
        // the next chunks are analysed (and fingerprinted) on every core
        // while this one is stored, as in ingest
        let (tx, rx) = group::chunk_channel::<()>();
        let (ids, analyzer, catalogue, issue_of_quote) =
            (&ids, &analyzer, &catalogue, &issue_of_quote);
        let (n, order) = (args.articles, args.order.into());
        let pool = crate::record::analysis_pool()?;
        scope.spawn(move || {
            for chunk in ids.chunks(256) {
                let analysed = pool.install(|| {
                    chunk
                        .par_iter()
                        .map(|&i| {
                            let (date, text) = synth::article_in(i, n, order);
                            let analysis = analyzer.analyze_with(&text, Some(catalogue), false);
                            let raw = RawArticle {
                                text,
                                published: Some((date, DateSource::Metadata)),
                                origin: format!("synthetic {i}"),
                                ..RawArticle::default()
                            };
                            Ready::new(raw, analysis, issue_of_quote)
                        })
                        .collect()
                });
                if tx.send(((), analysed)).is_err() {
                    break;
                }
            }
        });
        // the writer's group commits, as in ingest
        let mut done = 0u64;
        let mut failed = None;
        let busy = thread_cpu_seconds();
        commits = group::write_groups(&mut store, rx, limits, |d| {
            match d {
                Done::Article(_, outcome) => {
                    if let Err(e) = outcome {
                        failed.get_or_insert(e);
                    }
                    done += 1;
                    return Ok(());
                }
                Done::Chunk(()) => return Ok(()),
                Done::GroupEnd => {}
            }
            // a line at the first commit past each tenth: a group's
            // articles are reported at one time, so a rate over part of
            // one would measure nothing
            if done / tenth != last_report.0 / tenth && done < args.articles {
                let secs = t.elapsed().as_secs_f64();
                eprintln!(
                    "  {done} articles in {secs:.1} s: {:.0} articles/s, the last {} at {:.0}/s; memory {:.0} MB",
                    done as f64 / secs,
                    done - last_report.0,
                    (done - last_report.0) as f64 / (secs - last_report.1),
                    rss_mb("VmRSS:").unwrap_or(f64::NAN)
                );
                last_report = (done, secs);
            }
            Ok(())
        })?;
        writer_cpu += thread_cpu_seconds() - busy;
        if let Some(e) = failed {
            return Err(e.into());
        }
        Ok(())
    })?;
    let secs = t.elapsed().as_secs_f64();
    let cpu = process_cpu_seconds() - cpu_before;
    let peak = peak_rss_mb();
    let (articles, stories, quotes, positions) = store.counts()?;
    let size: u64 = ["", "-wal"]
        .iter()
        .filter_map(|e| std::fs::metadata(format!("{}{e}", db.display())).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "ingest: {articles} articles ({stories} stories, {quotes} quotes, {positions} positions) in {secs:.2} s, dated in {} order: {:.0} articles/s; database {:.1} MB; peak memory {:.0} MB",
        format!("{:?}", args.order).to_lowercase(),
        articles as f64 / secs,
        size as f64 / 1e6,
        peak.unwrap_or(f64::NAN)
    );
    // CPU time is what a shared host does not distort: the writer's share
    // bounds the rate on free cores
    println!(
        "ingest CPU: {:.0} µs an article in all (analysis and store), {:.0} µs in the one writer (store); {commits} commits, {:.0} articles each (at most {}, or {} ms)",
        cpu / articles.max(1) as f64 * 1e6,
        writer_cpu / articles.max(1) as f64 * 1e6,
        articles as f64 / commits.max(1) as f64,
        limits.articles,
        limits.wait.as_millis()
    );
    drop(store);
    // the queries as the CLI and the page ask them: a reader's connection
    let mut store = Store::open_existing(&db.display().to_string())?;
    let page = 500;
    let by_actor = attache_store::QuoteFilter {
        actor: Some("Kowalczyk".into()),
        ..Default::default()
    };
    // an issue many quotes name, and one none does (the longest walk
    // before the page is known to be empty)
    let by_issue = |issue: &str| attache_store::QuoteFilter {
        issue: Some(issue.into()),
        ..Default::default()
    };
    // the same actor by its key, as the page's speaker box gives it
    let named = attache_store::ActorFilter {
        name: by_actor.actor.clone(),
        quoted: false,
    };
    let by_key = attache_store::QuoteFilter {
        actor: store
            .actors_page(&named, None, 1)?
            .0
            .first()
            .map(|a| a.key.clone()),
        ..Default::default()
    };
    // the name of the actor quoted least (a rare name: its quotes are
    // far apart in the record's order)
    let rare = attache_store::QuoteFilter {
        actor: store
            .actors()?
            .into_iter()
            .filter(|a| a.quotes > 0)
            .min_by_key(|a| (a.quotes, a.key.clone()))
            .map(|a| a.name),
        ..Default::default()
    };
    let june = attache_store::QuoteFilter {
        since: Some("2025-06-01".into()),
        until: Some("2025-06-30".into()),
        ..Default::default()
    };
    let asked = Asked {
        page,
        article: articles / 2,
        ceasefire: by_issue("ceasefire"),
        unnamed: by_issue("an-issue-no-quote-names"),
        by_actor,
        by_key,
        rare,
        june,
    };
    println!(
        "queries (median of 5): {}",
        asked.timed(&mut store, Query::ALL)
    );
    drop(store);
    // the same record reviewed: decisions on single statements of the
    // actor who holds the most, and a merge
    let mut took = take_bench_decisions(&db.display().to_string())?;
    let taken = took.len();
    if taken > 0 {
        took.sort_by(f64::total_cmp);
        println!(
            "a decision taken (median of {taken}): {:.1} ms, at most {:.1} ms",
            took[taken / 2],
            took[taken - 1]
        );
    }
    let mut store = Store::open_existing(&db.display().to_string())?;
    println!(
        "queries with {taken} decisions (median of 5): {}",
        asked.timed(&mut store, Query::REVIEWED)
    );
    drop(store);
    if args.keep {
        println!("record kept at {}", db.display());
    } else {
        std::fs::remove_dir_all(&dir)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A query `bench record` times, as the CLI and the page ask it.
#[derive(Clone, Copy)]
enum Query {
    Positions,
    PositionsByState,
    Search,
    QuotesByActor,
    QuotesByActorKey,
    QuotesByRareName,
    QuotesOfAMonth,
    QuotesByIssue,
    QuotesOfAnUnnamedIssue,
    Timeline,
    TimelineOfEveryIssue,
    PositionsAsOf,
    Actors,
    ActorsPage,
    Changes,
    ChangesAtAnotherConfidence,
    ReviewQueue,
    AllChanges,
    Issues,
    Article,
    Counts,
}

impl Query {
    /// Every query, in the order printed.
    const ALL: &[Query] = &[
        Query::Positions,
        Query::PositionsByState,
        Query::Search,
        Query::QuotesByActor,
        Query::QuotesByActorKey,
        Query::QuotesByRareName,
        Query::QuotesOfAMonth,
        Query::QuotesByIssue,
        Query::QuotesOfAnUnnamedIssue,
        Query::Timeline,
        Query::TimelineOfEveryIssue,
        Query::PositionsAsOf,
        Query::Actors,
        Query::ActorsPage,
        Query::Changes,
        Query::ChangesAtAnotherConfidence,
        Query::ReviewQueue,
        Query::AllChanges,
        Query::Issues,
        Query::Article,
        Query::Counts,
    ];

    /// Those timed again after the decisions: the ones they change.
    const REVIEWED: &[Query] = &[
        Query::Positions,
        Query::PositionsAsOf,
        Query::Changes,
        Query::ReviewQueue,
        Query::Timeline,
        Query::QuotesByActor,
    ];

    /// The name printed (and read by `eval/check_bench_record.py`).
    fn name(self) -> &'static str {
        match self {
            Query::Positions => "positions",
            Query::PositionsByState => "positions by state",
            Query::Search => "search",
            Query::QuotesByActor => "quotes by actor (a page)",
            Query::QuotesByActorKey => "quotes by actor key (a page)",
            Query::QuotesByRareName => "quotes by a rare name (a page)",
            Query::QuotesOfAMonth => "quotes of a month (a page)",
            Query::QuotesByIssue => "quotes by issue (a page)",
            Query::QuotesOfAnUnnamedIssue => "quotes of an issue none names (a page)",
            Query::Timeline => "timeline (a page)",
            Query::TimelineOfEveryIssue => "timeline of every issue (a page)",
            Query::PositionsAsOf => "positions as of a date",
            Query::Actors => "actors",
            Query::ActorsPage => "actors (a page)",
            Query::Changes => "changes (a page)",
            Query::ChangesAtAnotherConfidence => "changes at another confidence (a page)",
            Query::ReviewQueue => "review queue (a page)",
            Query::AllChanges => "changes (all)",
            Query::Issues => "issues",
            Query::Article => "article",
            Query::Counts => "counts (the page's summary)",
        }
    }
}

/// What the timed queries ask for.
struct Asked {
    page: usize,
    article: i64,
    by_actor: attache_store::QuoteFilter,
    by_key: attache_store::QuoteFilter,
    rare: attache_store::QuoteFilter,
    june: attache_store::QuoteFilter,
    ceasefire: attache_store::QuoteFilter,
    unnamed: attache_store::QuoteFilter,
}

impl Asked {
    /// The rows `query` gives (none on an error: its time still counts).
    fn run(&self, store: &mut attache_store::Store, query: Query) -> usize {
        let page = self.page;
        let quotes = |store: &mut attache_store::Store, f| {
            store.quotes_page(f, None, page).map_or(0, |v| v.0.len())
        };
        let statements = |store: &mut attache_store::Store, issue| {
            store
                .statements_page(issue, None, None, page)
                .map_or(0, |v| v.0.len())
        };
        match query {
            Query::Positions => store.positions(None).map_or(0, |v| v.len()),
            Query::PositionsByState => store
                .positions(None)
                .map_or(0, |v| attache_store::db::by_state(&v).len()),
            Query::Search => store.search("ceasefire", 20).map_or(0, |v| v.len()),
            Query::QuotesByActor => quotes(store, &self.by_actor),
            Query::QuotesByActorKey => quotes(store, &self.by_key),
            Query::QuotesByRareName => quotes(store, &self.rare),
            Query::QuotesOfAMonth => quotes(store, &self.june),
            Query::QuotesByIssue => quotes(store, &self.ceasefire),
            Query::QuotesOfAnUnnamedIssue => quotes(store, &self.unnamed),
            Query::Timeline => statements(store, Some("ceasefire")),
            Query::TimelineOfEveryIssue => statements(store, None),
            Query::PositionsAsOf => store.positions(Some("2025-06-30")).map_or(0, |v| v.len()),
            Query::Actors => store.actors().map_or(0, |v| v.len()),
            Query::ActorsPage => store
                .actors_page(&Default::default(), None, page)
                .map_or(0, |v| v.0.len()),
            Query::Changes => store
                .changes_page(None, attache_store::db::CHANGE_CONFIDENCE, None, page)
                .map_or(0, |v| v.0.len()),
            // `positions --changes --min-confidence 0.7`: quotes and
            // reported speech, not the kept changes' stance verbs
            Query::ChangesAtAnotherConfidence => store
                .changes_page(None, 0.7, None, page)
                .map_or(0, |v| v.0.len()),
            Query::ReviewQueue => store.review_queue(page).map_or(0, |v| v.len()),
            Query::AllChanges => store.changes(None).map_or(0, |v| v.len()),
            Query::Issues => store.issues().map_or(0, |v| v.len()),
            Query::Article => store
                .article(self.article)
                .map_or(0, |v| v.is_some() as usize),
            Query::Counts => store.counts().map_or(0, |c| c.0 as usize),
        }
    }

    /// Each query's median time of five runs, as printed: "name 1.2 ms, …".
    fn timed(&self, store: &mut attache_store::Store, queries: &[Query]) -> String {
        let listed: Vec<String> = queries
            .iter()
            .map(|&query| {
                let mut runs: Vec<f64> = (0..5)
                    .map(|_| {
                        let t = Instant::now();
                        std::hint::black_box(self.run(store, query));
                        t.elapsed().as_secs_f64() * 1e3
                    })
                    .collect();
                runs.sort_by(f64::total_cmp);
                format!("{} {:.1} ms", query.name(), runs[2])
            })
            .collect();
        listed.join(", ")
    }
}

/// Decisions as a reviewer takes them, on the record at `db`: on the
/// latest statements of the actor who holds the most (two rejected, one
/// accepted, one's stance, one's holder and one's issue corrected, one
/// article split off, a stance added) and a merge of two other actors.
/// Returns the time of each taken, in ms (vetted and stored).
fn take_bench_decisions(db: &str) -> Result<Vec<f64>> {
    use attache_store::Decision;
    let mut store = attache_store::Store::open(db)?;
    let cells = store.positions(None)?;
    let mut holders: Vec<(i64, String)> = Vec::new();
    for c in &cells {
        match holders.iter_mut().find(|(_, a)| *a == c.actor) {
            Some((n, _)) => *n += c.statements,
            None => holders.push((c.statements, c.actor.clone())),
        }
    }
    holders.sort_by(|a, b| b.cmp(a));
    let (Some((_, top)), Some((_, second)), Some((_, third))) =
        (holders.first(), holders.get(1), holders.get(2))
    else {
        return Ok(Vec::new());
    };
    let own: Vec<&attache_store::db::PositionRow> =
        cells.iter().filter(|c| c.actor == *top).collect();
    let mut decisions = Vec::new();
    for (k, c) in own.iter().enumerate() {
        let (article, start, end) = (c.article, c.start, c.end);
        let (issue, actor) = (c.issue.clone(), c.actor.clone());
        let other_issue = own[(k + 1) % own.len()].issue.clone();
        let correct = |stance, holder, to_issue| Decision::Correct {
            article,
            start,
            end,
            issue: c.issue.clone(),
            actor: c.actor.clone(),
            stance,
            holder,
            to_issue,
        };
        decisions.push(match k {
            0 | 1 => Decision::Reject {
                article,
                start,
                end,
                issue,
                actor,
            },
            2 => Decision::Accept {
                article,
                start,
                end,
                issue,
                actor,
            },
            3 => correct(
                Some(
                    if c.stance == "support" {
                        "oppose"
                    } else {
                        "support"
                    }
                    .into(),
                ),
                None,
                None,
            ),
            4 => correct(None, Some(second.clone()), None),
            5 => correct(None, None, Some(other_issue)),
            6 => Decision::Split {
                actor,
                article,
                name: "Someone Else".into(),
            },
            _ => Decision::Add {
                article,
                start,
                end,
                holder: actor,
                issue: other_issue,
                stance: c.stance.clone(),
            },
        });
    }
    decisions.push(Decision::Merge {
        actor: third.clone(),
        into: second.clone(),
    });
    let mut took = Vec::new();
    for d in decisions {
        let t = Instant::now();
        if store.review(d, "bench")?.is_ok() {
            took.push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    Ok(took)
}

#[derive(clap::Args)]
pub struct ForecastArgs {
    /// A one-issue game (CSV or TOML) for the Monte Carlo run; its positions get
    /// ranges of ±5% of the scale and its saliences ±10, so that draws differ.
    #[arg(long)]
    game: PathBuf,
    /// A DEU table to backtest every model on.
    #[arg(long)]
    deu: Option<PathBuf>,
    /// A scenario (e.g. a KTAB SMP CSV) to time one SMP run of.
    #[arg(long)]
    smp: Option<PathBuf>,
    /// Monte Carlo draws per timed run.
    #[arg(long, default_value_t = 10_000)]
    draws: usize,
    /// Timed runs of the Monte Carlo; the median is reported.
    #[arg(long, default_value_t = 5)]
    repeat: usize,
}

pub fn run(bench: Bench) -> Result<ExitCode> {
    match bench {
        Bench::Analyze(a) => run_analyze(a),
        Bench::Forecast(f) => run_forecast(f),
        Bench::Record(r) => run_record(r),
        Bench::Corpus(c) => run_corpus(c),
        Bench::Paragraph(p) => run_paragraph(p),
    }
}

fn run_forecast(args: ForecastArgs) -> Result<ExitCode> {
    use attache_forecast::{Model, Options, Value, backtest, formats, models, montecarlo};
    let mut scenario = formats::read_scenario(&args.game)?;
    let issue = &mut scenario.issues[0];
    let (lo, hi) = (issue.min, issue.max);
    let spread = 0.05 * (hi - lo);
    for st in &mut issue.stances {
        let p = st.position.mode();
        st.position = Value::Range([(p - spread).max(lo), p, (p + spread).min(hi)]);
        let s = st.salience.mode();
        st.salience = Value::Range([(s - 10.0).max(0.0), s, (s + 10.0).min(100.0)]);
    }
    let opts = Options::default();
    let opts_rounds = Options {
        record_rounds: true,
        ..Options::default()
    };
    let threads = rayon::current_num_threads();
    // one untimed run starts the thread pool; the figure is the median of the timed runs
    let mut d = montecarlo::simulate(&scenario, 0, Model::Eum, &opts, args.draws.min(100), 1);
    let mut times = Vec::new();
    for _ in 0..args.repeat.max(1) {
        let t = Instant::now();
        d = montecarlo::simulate(&scenario, 0, Model::Eum, &opts, args.draws, 1);
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "eum Monte Carlo: {} draws of {} in {:.1} ms on {threads} threads (median of {} runs, fastest {:.1} ms; forecast median {:.2}, 10–90% {:.2}–{:.2})",
        d.draws,
        args.game.display(),
        times[times.len() / 2],
        times.len(),
        times[0],
        d.median,
        d.p10,
        d.p90
    );
    if let Some(path) = &args.smp {
        let s = formats::read_scenario(path)?;
        let mut times = Vec::new();
        let mut turns = 0;
        for _ in 0..20 {
            let t = Instant::now();
            let solution =
                models::solve_issue(Model::Smp, &s, 0, &opts_rounds, |_, _, _, v| v.mode());
            times.push(t.elapsed().as_secs_f64());
            turns = solution.rounds.len();
        }
        times.sort_by(f64::total_cmp);
        println!(
            "smp: one run of {} ({} actors × {} issues, {turns} turns) in {:.2} ms (median of 20)",
            path.display(),
            s.actors.len(),
            s.issues.len(),
            times[times.len() / 2] * 1e3
        );
    }
    if let Some(deu) = &args.deu {
        let s = formats::read_scenario(deu)?;
        let t = Instant::now();
        let bt = backtest::backtest(&s, &Model::ALL, &opts);
        let el = t.elapsed().as_secs_f64();
        let n = bt.models.values().next().map_or(0, |m| m.n);
        println!(
            "DEU backtest: {} models × {n} issues in {:.1} ms",
            bt.models.len(),
            el * 1e3
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct Args {
    /// Article files or folders (text, HTML or JSON records) to repeat.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Size of the body of text to analyse, in MB (0: each article once).
    #[arg(long, default_value_t = 50)]
    megabytes: usize,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
    /// Find positions on this catalogue's issues too.
    #[arg(long, value_name = "CATALOGUE")]
    issues: Option<PathBuf>,
}

fn run_analyze(args: Args) -> Result<ExitCode> {
    let mut texts = Vec::new();
    for p in &args.paths {
        let files: Vec<PathBuf> = if p.is_dir() {
            let mut v: Vec<PathBuf> = std::fs::read_dir(p)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            v.sort();
            v
        } else {
            vec![p.clone()]
        };
        for f in files {
            let bytes = std::fs::read(&f).with_context(|| format!("reading {}", f.display()))?;
            let name = f.file_name().and_then(|n| n.to_str());
            if let Ok(a) = input::read_article(name, &bytes) {
                texts.push(a.text);
            }
        }
    }
    if texts.is_empty() {
        bail!("no readable articles in the given paths");
    }
    let target = args.megabytes * 1_000_000;
    let mut body = Vec::new();
    let mut bytes = 0;
    if target == 0 {
        // --megabytes 0: each article once
        body = texts.iter().map(String::as_str).collect();
        bytes = texts.iter().map(String::len).sum();
    }
    while bytes < target {
        for t in &texts {
            bytes += t.len();
            body.push(t.as_str());
            if bytes >= target {
                break;
            }
        }
    }
    let analyzer = Analyzer::default();
    let catalogue = args
        .issues
        .as_deref()
        .map(attache_core::Catalogue::from_path)
        .transpose()?;
    let analyze = |t: &str| {
        analyzer
            .analyze_with(t, catalogue.as_ref(), false)
            .quotes
            .len()
    };
    let mb = bytes as f64 / 1e6;
    // (wall seconds, quotes found, CPU seconds of the whole process)
    let one = {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build()?;
        let (t, cpu) = (Instant::now(), process_cpu_seconds());
        let quotes: usize = pool.install(|| body.iter().map(|t| analyze(t)).sum());
        (
            t.elapsed().as_secs_f64(),
            quotes,
            process_cpu_seconds() - cpu,
        )
    };
    let cores = rayon::current_num_threads();
    let all = {
        let (t, cpu) = (Instant::now(), process_cpu_seconds());
        let quotes: usize = body.par_iter().map(|t| analyze(t)).sum();
        (
            t.elapsed().as_secs_f64(),
            quotes,
            process_cpu_seconds() - cpu,
        )
    };
    let rss = peak_rss_mb();
    let n = body.len() as f64;
    if args.json {
        println!(
            "{}",
            serde_json::json!({
                "megabytes": mb, "articles": body.len(),
                "one_core": {"seconds": one.0, "cpu_seconds": one.2, "mb_per_s": mb / one.0, "articles_per_s": n / one.0},
                "all_cores": {"threads": cores, "seconds": all.0, "cpu_seconds": all.2, "mb_per_s": mb / all.0, "articles_per_s": n / all.0},
                "quotes": one.1, "peak_rss_mb": rss,
            })
        );
    } else {
        println!(
            "body: {mb:.1} MB in {} articles ({} distinct), {} quotes found",
            body.len(),
            texts.len(),
            one.1
        );
        println!(
            "1 thread:   {:.2} s  {:.1} MB/s  {:.0} articles/s",
            one.0,
            mb / one.0,
            n / one.0
        );
        println!(
            "{cores} threads:  {:.2} s  {:.1} MB/s  {:.0} articles/s  (x{:.2})",
            all.0,
            mb / all.0,
            n / all.0,
            one.0 / all.0
        );
        if let Some(r) = rss {
            println!("peak memory: {r:.0} MB resident");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// CPU time of this process (every thread) so far, as Python's
/// `time.process_time` reads it.
fn process_cpu_seconds() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec it is given.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) } == 0;
    if ok {
        t.tv_sec as f64 + t.tv_nsec as f64 / 1e9
    } else {
        f64::NAN
    }
}

/// CPU time of the calling thread so far.
fn thread_cpu_seconds() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec it is given.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0;
    if ok {
        t.tv_sec as f64 + t.tv_nsec as f64 / 1e9
    } else {
        f64::NAN
    }
}

/// Peak resident set size of this process, from /proc (Linux only).
fn peak_rss_mb() -> Option<f64> {
    rss_mb("VmHWM:")
}

/// A memory figure of this process's /proc status (`VmHWM:`, `VmRSS:`), in MB.
fn rss_mb(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
