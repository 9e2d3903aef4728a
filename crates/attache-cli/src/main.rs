//! The `attache` command: a thin shell over attache-core.

mod analyze;
mod bench;
mod csv;
mod export;
mod forecast;
mod gold;
mod record;
mod review;
mod serve;
mod table;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// attache reads news coverage of a negotiation: who said what, who stands
/// where, who moved, and where it is heading — with the evidence.
#[derive(Parser)]
#[command(
    name = "attache",
    version,
    after_help = "Start here, with the bundled story (a made-up negotiation over a river's
water, seven months of coverage in examples/story/):
  attache analyze examples/articles/*               who said what, article by article
  attache ingest --knowledge examples/story/knowledge --issues catalogues/orlen-2026.toml \\
      examples/story/articles                       put the story into the record (attache.db)
  attache positions                                 who stands where on each issue
  attache positions --changes                       who moved, with the sentences before and after
  attache timeline --issue minimum_flow             every statement on one issue, in date order
  attache scenario --issues minimum_flow filling_pause --out orlen.toml
                                                    the record as a forecast scenario
  attache forecast --draws 1000 orlen.toml          where it is heading, by every model, with its spread
  attache serve --issues catalogues/orlen-2026.toml all of it in a browser, with the evidence

Each command's --help explains it in full."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Find the actors, quotes and speakers of news articles
    ///
    /// Reads plain text, HTML (boilerplate dropped) or JSON article records
    /// ({"text": ...}); `-` reads standard input. Files are analysed in
    /// parallel. Offsets in the output are Unicode character offsets.
    ///
    /// Examples:
    ///   attache analyze examples/articles/*.txt
    ///   attache analyze --format json article.html
    ///   attache analyze --out-dir out/ corpus/*.json
    #[command(verbatim_doc_comment)]
    Analyze(analyze::Args),
    /// Measure speed: the analysis pipeline, or the forecast models.
    #[command(subcommand)]
    Bench(bench::Bench),
    /// Forecast where a negotiation is heading with bargaining models
    ///
    /// Solves each issue of a scenario with the compromise model (mean), the
    /// weighted median, Nash bargaining, the expected-utility model (eum) and
    /// KTAB's spatial model (smp); --draws samples the scenario's ranges and
    /// ranks inputs by influence.
    ///
    /// Examples:
    ///   attache forecast examples/scenarios/grain-corridor.toml
    ///   attache forecast --model eum --rounds 8 --format json game.csv
    ///   attache forecast --draws 10000 --seed 7 examples/scenarios/grain-corridor.toml
    #[command(verbatim_doc_comment)]
    Forecast(forecast::ForecastArgs),
    /// Put articles into the record: analysed, deduplicated, dated, stored in group commits
    ///
    /// Examples:
    ///   attache ingest --issues catalogues/ukraine-2025.toml corpus/
    ///   attache ingest --db team.db feed.rss articles.jsonl
    #[command(verbatim_doc_comment)]
    Ingest(record::IngestArgs),
    /// Rebuild the record's actors, quotes and positions with edited knowledge or catalogue
    ///
    /// Example:
    ///   attache reanalyse --knowledge my-actors/ --issues catalogues/ukraine-2025.toml
    #[command(verbatim_doc_comment)]
    Reanalyse(record::ReanalyseArgs),
    /// The actors of the record, one per person or state however spelled.
    Actors(record::QueryArgs),
    /// Quotes in the record, filtered by actor, issue and date.
    Quotes(record::QuotesArgs),
    /// The actor × issue matrix of the record: latest stance per cell.
    Positions(record::PositionsArgs),
    /// Every statement on one issue, in date order.
    Timeline(record::TimelineArgs),
    /// One article of the record with its quotes, speakers and stances
    ///
    /// Example:
    ///   attache article 23            the article that other commands cite as "article 23"
    #[command(verbatim_doc_comment)]
    Article(record::ArticleArgs),
    /// Full-text search over the record's articles and quotes.
    Search(record::SearchArgs),
    /// Review the record: what to check first, and a person's decisions
    ///
    /// Decisions are kept beside the machine's reading (never changing it),
    /// with who and when, survive `reanalyse`, and apply to every query.
    ///
    /// Examples:
    ///   attache review queue
    ///   attache review reject --article 3 --start 120 --end 201 --issue ceasefire --actor person:sergei-lavrov
    ///   attache review add --article 3 --start 0 --end 72 --holder "Andrei Rudenko" --issue peace_talks --stance support
    ///   attache review merge org:kremlin country:russia
    ///   attache review list --format json
    #[command(verbatim_doc_comment)]
    Review(review::Args),
    /// Write reviewed articles as gold annotation files (one JSON per article)
    ///
    /// The format of a gold evaluation set: text, quotes with speakers,
    /// positions with holder, affiliation, issue, stance and evidence.
    ///
    /// Examples:
    ///   attache export-gold --out gold/                   the reviewed articles
    ///   attache export-gold --machine --out machine/      the machine's reading of the same
    ///   python3 score.py gold/ machine/                   how far review changed it
    #[command(verbatim_doc_comment)]
    ExportGold(gold::ExportArgs),
    /// Read gold annotation files into the record, as decisions
    ///
    /// Articles not stored yet are ingested; then each file's positions and
    /// speakers are recorded as decisions (accept, correct, add, reject).
    ///
    /// Example:
    ///   attache import-gold --issues catalogues/ukraine-2025.toml gold/
    #[command(verbatim_doc_comment)]
    ImportGold(gold::ImportArgs),
    /// Improve an issue catalogue from a person's decisions
    ///
    /// Example:
    ///   attache catalogue suggest --issues catalogues/ukraine-2025.toml
    #[command(subcommand, verbatim_doc_comment)]
    Catalogue(gold::CatalogueCommand),
    /// Turn the record into a forecast scenario (TOML) for `attache forecast`.
    Scenario(record::ScenarioArgs),
    /// Write the record as Parquet or Arrow tables: articles, quotes, positions, actors, changes
    ///
    /// Spans are character offsets, dates Date32, stances dictionary-encoded
    /// (docs/export.md); pandas, Polars, DuckDB and Spark read them as they are.
    ///
    /// Examples:
    ///   attache export --out tables/
    ///   attache export --db team.db --format arrow --out tables/
    #[command(verbatim_doc_comment)]
    Export(export::Args),
    /// Show the record in a browser: who stands where, who moved, quotes, forecasts
    ///
    /// Serves a page and its JSON API (/api/positions, /api/changes,
    /// /api/timeline, /api/quotes, /api/actors, /api/search, /api/forecast,
    /// /api/article) over the record, read-only, until stopped (Ctrl-C).
    /// Every stance, quote and forecast input opens its article with the
    /// sentence marked.
    ///
    /// Examples:
    ///   attache serve                       the record attache.db at http://127.0.0.1:8080
    ///   attache serve --db team.db --addr 0.0.0.0:3000
    #[command(verbatim_doc_comment)]
    Serve(serve::Args),
    /// Print shell completions: bash, zsh, fish, elvish or powershell
    ///
    /// Examples:
    ///   attache completions bash > ~/.local/share/bash-completion/completions/attache
    ///   attache completions zsh > ~/.zfunc/_attache
    ///   attache completions fish > ~/.config/fish/completions/attache.fish
    #[command(verbatim_doc_comment)]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write one page per command into a folder
    ///
    /// Examples:
    ///   attache man | man -l -
    ///   attache man --out /usr/local/share/man/man1/
    #[command(verbatim_doc_comment)]
    Man {
        /// Write attache.1 and attache-COMMAND.1 for every command here.
        #[arg(long, value_name = "DIR")]
        out: Option<std::path::PathBuf>,
    },
    /// Score every model against issues with known outcomes (MAE)
    ///
    /// Example:
    ///   attache backtest deu ../shared/data/deu/deu3-dev.tsv
    #[command(verbatim_doc_comment)]
    Backtest(forecast::BacktestArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Forecast(args) => forecast::run_forecast(args),
        Command::Ingest(args) => record::ingest(args),
        Command::Actors(args) => record::actors(args),
        Command::Reanalyse(args) => record::reanalyse(args),
        Command::Quotes(args) => record::quotes(args),
        Command::Positions(args) => record::positions(args),
        Command::Timeline(args) => record::timeline(args),
        Command::Search(args) => record::search(args),
        Command::Article(args) => record::article(args),
        Command::Scenario(args) => record::scenario(args),
        Command::Review(args) => review::run(args),
        Command::ExportGold(args) => gold::export(args),
        Command::Catalogue(command) => gold::catalogue(command),
        Command::ImportGold(args) => gold::import(args),
        Command::Export(args) => export::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Backtest(args) => forecast::run_backtest(args),
        Command::Completions { shell } => completions(shell),
        Command::Man { out } => man(out.as_deref()),
    };
    match result {
        Ok(code) => code,
        // the reader went away (`attache … | head`): stop quietly, as other tools do
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("attache: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Shell completions from the clap definitions, on standard output.
fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    // into memory first: clap_complete panics on a write error (`| head`)
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "attache", &mut script);
    std::io::Write::write_all(&mut std::io::stdout().lock(), &script)?;
    Ok(ExitCode::SUCCESS)
}

/// The manual page from the clap definitions: one page on standard output,
/// or a page per command in `out`.
fn man(out: Option<&std::path::Path>) -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    use clap::CommandFactory;
    let cmd = Cli::command();
    match out {
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            clap_mangen::generate_to(cmd, dir)
                .with_context(|| format!("writing manual pages to {}", dir.display()))?;
        }
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut page)?;
            std::io::Write::write_all(&mut std::io::stdout().lock(), &page)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(BrokenPipe))
    })
}
