//! The `attache` command: a thin shell over attache-core.

mod analyze;
mod bench;
mod forecast;
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
    /// Measure speed: the analysis pipeline, or the forecast models.
    #[command(subcommand)]
    Bench(bench::Bench),
    /// Forecast where a negotiation is heading with bargaining models.
    ///
    /// Solves each issue of a scenario with the compromise model (mean), the
    /// weighted median, Nash bargaining and the expected-utility model (eum);
    /// --draws samples the scenario's ranges and ranks inputs by influence.
    ///
    /// Examples:
    ///   attache forecast examples/scenarios/grain-corridor.toml
    ///   attache forecast --model eum --rounds 8 --format json game.csv
    ///   attache forecast --draws 10000 --seed 7 examples/scenarios/grain-corridor.toml
    Forecast(forecast::ForecastArgs),
    /// Score every model against issues with known outcomes (MAE).
    ///
    /// Example: attache backtest deu ../shared/data/deu/deu3-dev.tsv
    Backtest(forecast::BacktestArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Forecast(args) => forecast::run_forecast(args),
        Command::Backtest(args) => forecast::run_backtest(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("attache: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
