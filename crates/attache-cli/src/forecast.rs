use anyhow::{Result, bail};
use attache_forecast::calibration::{self, Calibration, IssueData};
use attache_forecast::eum::ProbabilityDenominator;
use attache_forecast::formats::{read_deu, read_scenario};
use attache_forecast::models::{Model, Options};
use attache_forecast::report::{self, IssueReport, Request};
use clap::ValueEnum;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum)]
pub enum ModelArg {
    Mean,
    Median,
    Nash,
    Eum,
    /// KTAB's Spatial Model of Politics; solves the issues of a joint
    /// scenario (a KTAB CSV, or `joint = true`) together.
    Smp,
    All,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Denominator {
    /// Over the votes of every pair of positions (Scholz et al.'s code).
    AllPairs,
    /// Over the votes on the pair at stake (BdM 1994).
    PerPair,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
    /// forecast: one row per issue and model (forecast, calibrated median and
    /// intervals, Monte Carlo summary); backtest: one row per model.
    Csv,
}

#[derive(clap::Args)]
pub struct ForecastArgs {
    /// Scenario file: attache TOML, a one-issue CSV (actor,capability,position,salience),
    /// a KTAB SMP CSV or a DEU table (.tsv).
    scenario: PathBuf,
    #[arg(long, short, value_enum, default_value_t = ModelArg::All)]
    model: ModelArg,
    /// Only this issue (by id).
    #[arg(long)]
    issue: Option<String>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    /// Monte Carlo draws over the scenario's ranges (0: none).
    #[arg(long, default_value_t = 0)]
    draws: usize,
    /// Seed for the draws: same seed, same result.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// EUM and SMP: run exactly this many rounds instead of stopping when the positions settle.
    #[arg(long)]
    rounds: Option<usize>,
    /// EUM: what the probability of success is divided by.
    #[arg(long, value_enum, default_value_t = Denominator::AllPairs)]
    eum_denominator: Denominator,
    /// EUM: let actors capitulate (Scholz et al.'s code never does).
    #[arg(long)]
    eum_capitulation: bool,
}

#[derive(clap::Args)]
pub struct BacktestArgs {
    /// Data set kind; `deu` reads the DEU table.
    #[arg(value_parser = ["deu"])]
    kind: String,
    file: PathBuf,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    /// Cross-validate by proposal in K folds: each fold's distributions use
    /// parameters fitted on the other folds only (0: the shipped parameters).
    #[arg(long, default_value_t = 0)]
    folds: usize,
    /// Seed for dealing the proposals to folds.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Fit every model's parameters on the whole file and write them (TOML)
    /// here, with the data and the command.
    #[arg(long, value_name = "PATH")]
    fit: Option<PathBuf>,
}

fn request(args: &ForecastArgs) -> Request {
    let denominator = match args.eum_denominator {
        Denominator::AllPairs => ProbabilityDenominator::AllPairs,
        Denominator::PerPair => ProbabilityDenominator::PerPair,
    };
    let (models, mixtures) = match args.model {
        ModelArg::Mean => (vec![Model::Mean], false),
        ModelArg::Median => (vec![Model::Median], false),
        ModelArg::Nash => (vec![Model::Nash], false),
        ModelArg::Eum => (vec![Model::Eum], false),
        ModelArg::Smp => (vec![Model::Smp], false),
        ModelArg::All => (Model::ALL.to_vec(), true),
    };
    Request {
        models,
        mixtures,
        issue: args.issue.clone(),
        options: report::options(args.rounds, denominator, args.eum_capitulation),
        draws: args.draws,
        seed: args.seed,
    }
}

pub fn run_forecast(args: ForecastArgs) -> Result<ExitCode> {
    let scenario = read_scenario(&args.scenario)?;
    let source = args.scenario.display().to_string();
    let out = report::run(&scenario, &source, &request(&args)).map_err(anyhow::Error::msg)?;
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    match args.format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut w, &report::to_json(&scenario, &out))?;
            writeln!(w)?;
        }
        OutputFormat::Csv => {
            let rows = out.iter().flat_map(|is| {
                is.models.iter().map(|(model, m)| {
                    let mut row = serde_json::to_value(m).unwrap_or_default();
                    row["issue"] = is.issue.clone().into();
                    row["model"] = (*model).into();
                    row
                })
            });
            crate::csv::write_values(&mut w, crate::csv::FORECASTS, rows)?;
        }
        OutputFormat::Table => print_forecast(&mut w, &out)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn print_forecast(w: &mut impl Write, issues: &[IssueReport]) -> std::io::Result<()> {
    for is in issues {
        write!(w, "ISSUE {}  (scale {}–{}", is.issue, is.min, is.max)?;
        if let Some(o) = is.outcome {
            write!(w, ", outcome {o:.2}")?;
        }
        writeln!(w, ")")?;
        write!(w, "  {} actors", is.actors)?;
        if is.statements > 0 {
            let s = if is.statements == 1 { "" } else { "s" };
            write!(w, ", {} statement{s}", is.statements)?;
        }
        writeln!(w)?;
        for warning in &is.warnings {
            writeln!(w, "  warning: {warning}")?;
        }
        for (name, m) in &is.models {
            write!(w, "  {name:<8} forecast {:>8.2}", m.solution.forecast)?;
            if let Some(d) = &m.distribution {
                let likely: Vec<String> = d
                    .likely
                    .iter()
                    .map(|l| format!("{:.1} ({:.0}%)", l.x, 100.0 * l.p))
                    .collect();
                write!(
                    w,
                    "  50% {:.1}–{:.1}  80% {:.1}–{:.1}  likeliest {}",
                    d.interval50.0,
                    d.interval50.1,
                    d.interval80.0,
                    d.interval80.1,
                    likely.join(", ")
                )?;
            }
            writeln!(w)?;
            if *name == "ensemble"
                && let Some(d) = &m.distribution
            {
                let peak = d.bins.iter().map(|b| b.p).fold(0.0, f64::max).max(1e-12);
                for b in &d.bins {
                    if b.p >= 0.005 {
                        writeln!(
                            w,
                            "           {:>7.1}–{:<7.1} {:<30} {:>4.1}%",
                            b.from,
                            b.to,
                            "█".repeat((b.p / peak * 30.0).ceil() as usize),
                            100.0 * b.p
                        )?;
                    }
                }
            }
            if let Some(d) = &m.montecarlo {
                writeln!(
                    w,
                    "          {} draws: mean {:.2}, median {:.2}, 10–90% {:.2}–{:.2}",
                    d.draws, d.mean, d.median, d.p10, d.p90
                )?;
                let peak = d.histogram.iter().copied().max().unwrap_or(1).max(1);
                for (k, &c) in d.histogram.iter().enumerate() {
                    if c > 0 {
                        writeln!(
                            w,
                            "          {:>7.1}–{:<7.1} {:<30} {c}",
                            d.bin_edges[k],
                            d.bin_edges[k + 1],
                            "█".repeat((c * 30).div_ceil(peak))
                        )?;
                    }
                }
            }
            for bar in m.tornado.iter().take(8) {
                writeln!(
                    w,
                    "          swing {:>6.2}  {} {:?} {}–{} → {:.2}–{:.2}",
                    bar.swing,
                    bar.actor,
                    bar.field,
                    bar.low,
                    bar.high,
                    bar.forecast_at_low,
                    bar.forecast_at_high
                )?;
            }
            let mut prev: Option<&[(String, f64)]> = Some(&is.start);
            for (k, r) in m.solution.rounds.iter().enumerate() {
                let moved: Vec<String> = r
                    .positions
                    .iter()
                    .filter_map(|(n, x)| {
                        let before = prev
                            .and_then(|p| p.iter().find(|(pn, _)| pn == n))
                            .map_or(f64::NAN, |p| p.1);
                        (prev.is_some() && (before - x).abs() > 1e-9)
                            .then(|| format!("{n} {before:.2}→{x:.2}"))
                    })
                    .collect();
                writeln!(
                    w,
                    "          round {:>2}: median {:>7.2}  mean {:>7.2}  {}",
                    k + 1,
                    r.median,
                    r.mean,
                    moved.join(", ")
                )?;
                prev = Some(&r.positions);
            }
        }
    }
    Ok(())
}

pub fn run_backtest(args: BacktestArgs) -> Result<ExitCode> {
    if args.folds == 1 {
        bail!("--folds needs at least 2 folds (0: no cross-validation)");
    }
    let (scenario, proposals) = read_deu(&args.file)?;
    let opts = Options::default();
    let known: Vec<usize> = (0..scenario.issues.len()).collect();
    let builtin = Calibration::builtin();
    let data = calibration::all_issue_data(&scenario, &known, &opts, &builtin.settings);
    if let Some(path) = &args.fit {
        let with_outcome: Vec<&IssueData> = data.iter().filter(|d| d.outcome.is_some()).collect();
        let mut cal = calibration::fit(&with_outcome, &builtin.settings);
        cal.data = args
            .file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let argv: Vec<String> = std::env::args().skip(1).collect();
        cal.command = format!("attache {}", argv.join(" "));
        std::fs::write(path, cal.to_toml())?;
    }
    let ev = calibration::evaluate(&data, &proposals, args.folds, args.seed, &builtin);
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    match args.format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut w, &ev)?;
            writeln!(w)?;
        }
        OutputFormat::Csv => {
            let rows = ev.models.iter().map(|(model, score)| {
                let mut row = serde_json::to_value(score).unwrap_or_default();
                row["model"] = (*model).into();
                row
            });
            crate::csv::write_values(&mut w, crate::csv::BACKTEST, rows)?;
        }
        OutputFormat::Table => {
            if ev.folds >= 2 {
                writeln!(
                    w,
                    "{}-fold cross-validation by proposal: parameters fitted on the other folds",
                    ev.folds
                )?;
            } else {
                writeln!(
                    w,
                    "shipped parameters (fitted on {}, {} issues; in sample there)",
                    builtin.data, builtin.issues
                )?;
            }
            writeln!(
                w,
                "{:<9} {:>8} {:>8} {:>6} {:>6} {:>8} {:>5}  PIT (10 bins)",
                "model", "MAE", "CRPS", "cov50", "cov80", "width80", "n"
            )?;
            for (name, s) in &ev.models {
                let pit: Vec<String> = s.pit.iter().map(|c| c.to_string()).collect();
                writeln!(
                    w,
                    "{name:<9} {:>8.3} {:>8.3} {:>6.3} {:>6.3} {:>8.2} {:>5}  {}",
                    s.mae,
                    s.crps,
                    s.coverage50,
                    s.coverage80,
                    s.width80,
                    s.n,
                    pit.join(" ")
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
