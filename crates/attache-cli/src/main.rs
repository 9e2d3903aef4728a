//! The `attache` command: a thin shell over attache-core.

mod analyze;
mod bench;
mod table;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// attache reads news coverage of a negotiation: who said what, with the evidence.
#[derive(Parser)]
#[command(name = "attache", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Find the actors, quotes and speakers of news articles.
    ///
    /// Reads plain text, HTML (boilerplate dropped) or JSON article records
    /// ({"text": ...}); `-` reads standard input. Files are analysed in
    /// parallel. Offsets in the output are Unicode character offsets.
    ///
    /// Examples:
    ///   attache analyze examples/articles/*.txt
    ///   attache analyze --format json article.html
    ///   attache analyze --out-dir out/ corpus/*.json
    Analyze(analyze::Args),
    /// Measure the analysis pipeline's throughput (MB/s, articles/s, memory).
    ///
    /// Repeats the given articles until the body reaches --megabytes and
    /// analyses it on 1 thread and on all cores.
    Bench(bench::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Bench(args) => bench::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("attache: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
