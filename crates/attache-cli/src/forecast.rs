use anyhow::{Result, bail};
use attache_forecast::backtest::backtest;
use attache_forecast::eum::{self, ProbabilityDenominator, Stop};
use attache_forecast::formats::read_scenario;
use attache_forecast::models::{self, Model, Options, Solution};
use attache_forecast::montecarlo::{self, Distribution, TornadoBar};
use attache_forecast::smp;
use clap::ValueEnum;
use serde::Serialize;
use std::collections::BTreeMap;
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
}

fn options(args: &ForecastArgs) -> Options {
    let stop = match args.rounds {
        Some(k) => Stop::Rounds(k),
        None => eum::Options::default().stop,
    };
    let denominator = match args.eum_denominator {
        Denominator::AllPairs => ProbabilityDenominator::AllPairs,
        Denominator::PerPair => ProbabilityDenominator::PerPair,
    };
    Options {
        eum: eum::Options {
            denominator,
            capitulation: args.eum_capitulation,
            stop,
        },
        smp: match args.rounds {
            Some(k) => smp::Options {
                min_turns: k,
                max_turns: k,
                ..smp::Options::default()
            },
            None => smp::Options::default(),
        },
        record_rounds: true,
    }
}

#[derive(Serialize)]
struct IssueOut {
    issue: String,
    min: f64,
    max: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    outcome: Option<f64>,
    models: BTreeMap<&'static str, ModelOut>,
    #[serde(skip)]
    start: Vec<(String, f64)>,
}

#[derive(Serialize)]
struct ModelOut {
    #[serde(flatten)]
    solution: Solution,
    #[serde(skip_serializing_if = "Option::is_none")]
    montecarlo: Option<Distribution>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tornado: Vec<TornadoBar>,
}

pub fn run_forecast(args: ForecastArgs) -> Result<ExitCode> {
    let scenario = read_scenario(&args.scenario)?;
    let models: Vec<Model> = match args.model {
        ModelArg::Mean => vec![Model::Mean],
        ModelArg::Median => vec![Model::Median],
        ModelArg::Nash => vec![Model::Nash],
        ModelArg::Eum => vec![Model::Eum],
        ModelArg::Smp => vec![Model::Smp],
        ModelArg::All => Model::ALL.to_vec(),
    };
    let issues: Vec<usize> = match &args.issue {
        Some(id) => match scenario.issues.iter().position(|i| &i.id == id) {
            Some(i) => vec![i],
            None => bail!(
                "no issue {id:?} in {} (issues: {})",
                args.scenario.display(),
                scenario
                    .issues
                    .iter()
                    .map(|i| i.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
        None => (0..scenario.issues.len()).collect(),
    };
    let opts = options(&args);
    // one joint run serves every issue of a joint scenario
    let mut solutions: Vec<std::vec::IntoIter<Solution>> = models
        .iter()
        .map(|&m| models::solve_issues(m, &scenario, &issues, &opts).into_iter())
        .collect();
    let mut out = Vec::new();
    for &i in &issues {
        let game = scenario.modal_game(i);
        let is = &scenario.issues[i];
        let mut per_model = BTreeMap::new();
        for (&m, solved) in models.iter().zip(&mut solutions) {
            let solution = solved.next().expect("one solution per issue");
            let (montecarlo, tornado) = if args.draws > 0 {
                (
                    Some(montecarlo::simulate(
                        &scenario, i, m, &opts, args.draws, args.seed,
                    )),
                    montecarlo::tornado(&scenario, i, m, &opts),
                )
            } else {
                (None, Vec::new())
            };
            per_model.insert(
                m.name(),
                ModelOut {
                    solution,
                    montecarlo,
                    tornado,
                },
            );
        }
        let start = game
            .names
            .iter()
            .cloned()
            .zip(game.position.iter().copied())
            .collect();
        out.push(IssueOut {
            issue: is.id.clone(),
            min: is.min,
            max: is.max,
            outcome: is.outcome,
            models: per_model,
            start,
        });
    }
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    match args.format {
        OutputFormat::Json => {
            let doc = serde_json::json!({"schema": "attache.forecast/1", "scenario": scenario.name, "issues": out});
            serde_json::to_writer_pretty(&mut w, &doc)?;
            writeln!(w)?;
        }
        OutputFormat::Table => print_forecast(&mut w, &out)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn print_forecast(w: &mut impl Write, issues: &[IssueOut]) -> std::io::Result<()> {
    for is in issues {
        write!(w, "ISSUE {}  (scale {}–{}", is.issue, is.min, is.max)?;
        if let Some(o) = is.outcome {
            write!(w, ", outcome {o:.2}")?;
        }
        writeln!(w, ")")?;
        for (name, m) in &is.models {
            writeln!(w, "  {name:<7} forecast {:>8.2}", m.solution.forecast)?;
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
    let scenario = read_scenario(&args.file)?;
    let bt = backtest(&scenario, &Model::ALL, &Options::default());
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    match args.format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut w, &bt)?;
            writeln!(w)?;
        }
        OutputFormat::Table => {
            writeln!(w, "{:<8} {:>8} {:>6}", "model", "MAE", "n")?;
            for (name, s) in &bt.models {
                writeln!(w, "{name:<8} {:>8.3} {:>6}", s.mae, s.n)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
