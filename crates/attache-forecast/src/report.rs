//! A forecast report: the chosen models on the chosen issues of a scenario,
//! each with its calibrated distribution and, with draws, its Monte Carlo
//! summary and tornado. What `attache forecast` prints and the Python
//! package's `attache.forecast` returns (`attache.forecast/1`).

use crate::calibration::{self, Calibration, Kind, Summary};
use crate::eum::{self, ProbabilityDenominator, Stop};
use crate::models::{self, Model, Options, Solution};
use crate::montecarlo::{self, Distribution, TornadoBar};
use crate::{Game, Scenario, smp};
use serde::Serialize;
use std::collections::BTreeMap;

/// What to forecast.
pub struct Request {
    pub models: Vec<Model>,
    /// Add the "who prevails" mixture and the ensemble (every model asked).
    pub mixtures: bool,
    /// Only this issue (by id).
    pub issue: Option<String>,
    pub options: Options,
    /// Monte Carlo draws over the scenario's ranges (0: none).
    pub draws: usize,
    pub seed: u64,
}

impl Request {
    /// Every model and the mixtures, default options, no draws.
    pub fn all() -> Request {
        Request {
            models: Model::ALL.to_vec(),
            mixtures: true,
            issue: None,
            options: options(None, ProbabilityDenominator::AllPairs, false),
            draws: 0,
            seed: 1,
        }
    }

    /// `name` as the command line takes it: a model's name or `all`.
    pub fn for_model(name: &str) -> Option<Request> {
        let mut r = Request::all();
        if name != "all" {
            r.models = vec![Model::parse(name)?];
            r.mixtures = false;
        }
        Some(r)
    }
}

/// The models' options: EUM and SMP run exactly `rounds` rounds when given
/// (else until the positions settle); every round is kept.
pub fn options(
    rounds: Option<usize>,
    denominator: ProbabilityDenominator,
    capitulation: bool,
) -> Options {
    let stop = match rounds {
        Some(k) => Stop::Rounds(k),
        None => eum::Options::default().stop,
    };
    Options {
        eum: eum::Options {
            denominator,
            capitulation,
            stop,
        },
        smp: match rounds {
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
pub struct IssueReport {
    pub issue: String,
    pub min: f64,
    pub max: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<f64>,
    /// Actors holding a stance, and the statements they rest on (from the record).
    pub actors: usize,
    pub statements: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    pub models: BTreeMap<&'static str, ModelReport>,
    /// Each actor's starting position (the modal game's).
    #[serde(skip)]
    pub start: Vec<(String, f64)>,
}

#[derive(Serialize)]
pub struct ModelReport {
    #[serde(flatten)]
    pub solution: Solution,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distribution: Option<Summary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub montecarlo: Option<Distribution>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tornado: Vec<TornadoBar>,
}

/// Forecasts `scenario` (read from `source`, which error messages name).
pub fn run(scenario: &Scenario, source: &str, req: &Request) -> Result<Vec<IssueReport>, String> {
    let issues: Vec<usize> = match &req.issue {
        Some(id) => match scenario.issues.iter().position(|i| &i.id == id) {
            Some(i) => vec![i],
            None => {
                return Err(format!(
                    "no issue {id:?} in {source} (issues: {})",
                    scenario
                        .issues
                        .iter()
                        .map(|i| i.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        },
        None => (0..scenario.issues.len()).collect(),
    };
    let opts = &req.options;
    let models = &req.models;
    let joint = models::solves_jointly(Model::Smp, scenario);
    // SMP's size: every actor of a joint scenario, else each issue's
    let smp_size = |i: usize| {
        if joint {
            scenario.actors.len()
        } else {
            scenario.issues[i].stances.len()
        }
    };
    let smp_fits = |i: usize| smp::check_size(smp_size(i)).is_ok();
    if models.as_slice() == [Model::Smp]
        && let Some(&i) = issues.iter().find(|&&i| !smp_fits(i))
    {
        return Err(format!(
            "issue {:?}: {}",
            scenario.issues[i].id,
            smp::check_size(smp_size(i)).unwrap_err()
        ));
    }
    let cal = Calibration::builtin();
    // one joint run serves every issue of a joint scenario
    let mut solutions: std::collections::HashMap<(Model, usize), Solution> =
        std::collections::HashMap::new();
    let mut joint_smp: Option<(smp::Run, Vec<Game>)> = None;
    for &m in models {
        if m == Model::Smp && joint {
            if issues.first().is_none_or(|&i| !smp_fits(i)) {
                continue;
            }
            let games = scenario.joint_games(|_, _, _, v| v.mode());
            let refs: Vec<&Game> = games.iter().collect();
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
            .zip(models::solve_issues(m, scenario, &run, opts))
        {
            solutions.insert((m, *i), sol);
        }
    }
    let mut out = Vec::new();
    for &i in &issues {
        let game = scenario.modal_game(i);
        let is = &scenario.issues[i];
        let mut warnings = calibration::input_warnings(scenario, i);
        if models.contains(&Model::Smp) && !smp_fits(i) {
            warnings.push(format!(
                "smp skipped: {}",
                smp::check_size(smp_size(i)).unwrap_err()
            ));
        }
        let mut data = calibration::issue_data(
            scenario,
            i,
            opts,
            &cal.settings,
            models.contains(&Model::Eum),
            models.contains(&Model::Smp) && !joint && smp_fits(i),
        );
        if let Some((run, games)) = &joint_smp {
            let g = &games[i];
            let at = |u: f64| g.min + u * (g.max - g.min);
            let last = run.states.last().expect("a final state");
            let options = run
                .options
                .iter()
                .map(|&(a, p)| (at(last[a * run.outcome.len() + i]), p))
                .collect();
            data.set_smp(at(run.outcome[i]), options);
        }
        let mut per_model = BTreeMap::new();
        let mut kinds: Vec<(Kind, Option<Model>)> = models
            .iter()
            .map(|&m| (Kind::parse(m.name()).expect("a kind per model"), Some(m)))
            .collect();
        if req.mixtures {
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
                Some(m) if req.draws > 0 => (
                    Some(montecarlo::simulate(
                        scenario, i, m, opts, req.draws, req.seed,
                    )),
                    montecarlo::tornado(scenario, i, m, opts),
                ),
                _ => (None, Vec::new()),
            };
            per_model.insert(
                kind.name(),
                ModelReport {
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
        out.push(IssueReport {
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
    Ok(out)
}

/// The report as the `attache.forecast/1` document.
pub fn to_json(scenario: &Scenario, issues: &[IssueReport]) -> serde_json::Value {
    serde_json::json!({"schema": "attache.forecast/1", "scenario": scenario.name, "issues": issues})
}
