use anyhow::{Result, bail};
use attache_forecast::calibration::{self, Calibration, IssueData, Kind, Summary};
use attache_forecast::eum::{self, ProbabilityDenominator, Stop};
use attache_forecast::formats::{read_deu, read_scenario};
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
    /// Actors holding a stance, and the statements they rest on (from the record).
    actors: usize,
    statements: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
    models: BTreeMap<&'static str, ModelOut>,
    #[serde(skip)]
    start: Vec<(String, f64)>,
}

#[derive(Serialize)]
struct ModelOut {
    #[serde(flatten)]
    solution: Solution,
    #[serde(skip_serializing_if = "Option::is_none")]
    distribution: Option<Summary>,
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
    let joint = models::solves_jointly(Model::Smp, &scenario);
    // SMP's size: every actor of a joint scenario, else each issue's
    let smp_size = |i: usize| {
        if joint {
            scenario.actors.len()
        } else {
            scenario.issues[i].stances.len()
        }
    };
    let smp_fits = |i: usize| smp::check_size(smp_size(i)).is_ok();
    if matches!(args.model, ModelArg::Smp)
        && let Some(&i) = issues.iter().find(|&&i| !smp_fits(i))
    {
        bail!(
            "issue {:?}: {}",
            scenario.issues[i].id,
            smp::check_size(smp_size(i)).unwrap_err()
        );
    }
    let cal = Calibration::builtin();
    // one joint run serves every issue of a joint scenario
    let mut solutions: std::collections::HashMap<(Model, usize), Solution> =
        std::collections::HashMap::new();
    let mut joint_smp: Option<(smp::Run, Vec<attache_forecast::Game>)> = None;
    for &m in &models {
        if m == Model::Smp && joint {
            if !smp_fits(issues[0]) {
                continue;
            }
            let games = scenario.joint_games(|_, _, _, v| v.mode());
            let refs: Vec<&attache_forecast::Game> = games.iter().collect();
            let space = smp::Space::from_games(&refs);
            joint_smp = Some((smp::run(&space, &opts.smp), games));
        }
        let run: Vec<usize> = issues
            .iter()
            .copied()
            .filter(|&i| m != Model::Smp || smp_fits(i))
            .collect();
        if run.is_empty() {
            continue;
        }
        for (i, sol) in run
            .iter()
            .zip(models::solve_issues(m, &scenario, &run, &opts))
        {
            solutions.insert((m, *i), sol);
        }
    }
    let mut out = Vec::new();
    for &i in &issues {
        let game = scenario.modal_game(i);
        let is = &scenario.issues[i];
        let mut warnings = calibration::input_warnings(&scenario, i);
        if models.contains(&Model::Smp) && !smp_fits(i) {
            warnings.push(format!(
                "smp skipped: {}",
                smp::check_size(smp_size(i)).unwrap_err()
            ));
        }
        let mut data = calibration::issue_data(
            &scenario,
            i,
            &opts,
            &cal.settings,
            models.contains(&Model::Eum),
            models.contains(&Model::Smp) && !joint && smp_fits(i),
        );
        if let Some((run, games)) = &joint_smp {
            let k = i;
            let g = &games[k];
            let at = |u: f64| g.min + u * (g.max - g.min);
            let last = run.states.last().expect("a final state");
            let options = run
                .options
                .iter()
                .map(|&(a, p)| (at(last[a * run.outcome.len() + k]), p))
                .collect();
            data.set_smp(at(run.outcome[k]), options);
        }
        let mut per_model = BTreeMap::new();
        let mut kinds: Vec<(Kind, Option<Model>)> = models
            .iter()
            .map(|&m| (Kind::parse(m.name()).expect("a kind per model"), Some(m)))
            .collect();
        if matches!(args.model, ModelArg::All) {
            kinds.push((Kind::Prevail, None));
            kinds.push((Kind::Ensemble, None));
        }
        for (kind, m) in kinds {
            let dist = calibration::distribution(kind, &data, &cal);
            let solution = match m {
                Some(m) => match solutions.remove(&(m, i)) {
                    Some(s) => s,
                    None => continue,
                },
                None => match &dist {
                    Some(d) => Solution {
                        forecast: d.median().clamp(is.min, is.max),
                        rounds: Vec::new(),
                    },
                    None => continue,
                },
            };
            let (montecarlo, tornado) = match m {
                Some(m) if args.draws > 0 => (
                    Some(montecarlo::simulate(
                        &scenario, i, m, &opts, args.draws, args.seed,
                    )),
                    montecarlo::tornado(&scenario, i, m, &opts),
                ),
                _ => (None, Vec::new()),
            };
            per_model.insert(
                kind.name(),
                ModelOut {
                    solution,
                    distribution: dist.map(|d| calibration::summary(&d, &data)),
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
            actors: game.len(),
            statements: is.stances.iter().map(|st| st.sources.len()).sum(),
            warnings,
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
