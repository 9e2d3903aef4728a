//! Every model's forecast as a distribution, the parameters that shape them
//! (fitted by CRPS on known outcomes), and grouped cross-validation.
//!
//! - `mean`, `median`, `nash`: a normal around the model's forecast with
//!   spread `a + b·σ_w` (σ_w: the capability × salience weighted standard
//!   deviation of the positions);
//! - `prevail`: "who prevails": a point at each actor's position with
//!   probability ∝ (capability × salience)^γ, each widened by the spread;
//! - `eum`: EUM over Monte Carlo draws of the inputs (each value a triangular
//!   draw ± the settings' noise, a range where the scenario gives one);
//! - `smp`: SMP's own chances of its final positions, raised to γ;
//! - `ensemble`: a mixture of the others, weights fitted by CRPS.
//!
//! An issue with fewer than three actors gets extra spread (10% of the scale
//! per missing actor): its inputs say little.

use crate::distribution::Distribution;
use crate::models::{self, Model, Options};
use crate::scenario::{Scenario, Value};
use crate::smp;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Mean,
    Median,
    Nash,
    Eum,
    Smp,
    Prevail,
    Ensemble,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Mean,
        Kind::Median,
        Kind::Nash,
        Kind::Eum,
        Kind::Smp,
        Kind::Prevail,
        Kind::Ensemble,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Mean => "mean",
            Kind::Median => "median",
            Kind::Nash => "nash",
            Kind::Eum => "eum",
            Kind::Smp => "smp",
            Kind::Prevail => "prevail",
            Kind::Ensemble => "ensemble",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }

    /// The bargaining model whose forecast is this kind's point forecast.
    pub fn model(self) -> Option<Model> {
        match self {
            Kind::Mean => Some(Model::Mean),
            Kind::Median => Some(Model::Median),
            Kind::Nash => Some(Model::Nash),
            Kind::Eum => Some(Model::Eum),
            Kind::Smp => Some(Model::Smp),
            Kind::Prevail | Kind::Ensemble => None,
        }
    }

    fn of(model: Model) -> Kind {
        match model {
            Model::Mean => Kind::Mean,
            Model::Median => Kind::Median,
            Model::Nash => Kind::Nash,
            Model::Eum => Kind::Eum,
            Model::Smp => Kind::Smp,
        }
    }

    /// Which of (exponent, spread, spread_per_sd) are fitted.
    fn free(self) -> [bool; 3] {
        match self {
            Kind::Prevail | Kind::Smp => [true, true, true],
            _ => [false, true, true],
        }
    }
}

/// Settings that are chosen, not fitted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// EUM runs per issue for its distribution.
    pub eum_draws: usize,
    /// ± noise of each fixed position, in per cent of the scale.
    pub position_noise: f64,
    /// ± noise of each fixed salience (0–100).
    pub salience_noise: f64,
    pub seed: u64,
    /// The least spread of any component, in per cent of the scale: no
    /// forecast is exact, and a point mass at an interval's end would make
    /// the interval hold more than its stated probability.
    #[serde(default)]
    pub min_spread: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            eum_draws: 40,
            position_noise: 10.0,
            salience_noise: 10.0,
            seed: 1,
            min_spread: 1.0,
        }
    }
}

/// One model's fitted shape: probabilities ∝ weight^exponent (where the
/// model has weights) and spread (per cent of the scale) + spread_per_sd · σ_w.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Family {
    #[serde(default)]
    pub exponent: f64,
    #[serde(default)]
    pub spread: f64,
    #[serde(default)]
    pub spread_per_sd: f64,
}

impl Family {
    fn set(&mut self, k: usize, v: f64) {
        *[
            &mut self.exponent,
            &mut self.spread,
            &mut self.spread_per_sd,
        ][k] = v;
    }
}

const BOUNDS: [(f64, f64); 3] = [(0.0, 4.0), (0.0, 40.0), (0.0, 2.0)];

/// Every model's parameters, and where they came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// The data and command that produced the parameters.
    pub data: String,
    pub command: String,
    pub issues: usize,
    pub settings: Settings,
    pub mean: Family,
    pub median: Family,
    pub nash: Family,
    pub eum: Family,
    pub smp: Family,
    pub prevail: Family,
    /// The ensemble's parts by model name: each with its weight and its own
    /// shape (fitted together, so sharper than the model alone).
    pub ensemble: BTreeMap<String, Part>,
}

/// One part of the ensemble.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Part {
    pub weight: f64,
    #[serde(default)]
    pub exponent: f64,
    #[serde(default)]
    pub spread: f64,
    #[serde(default)]
    pub spread_per_sd: f64,
}

impl Part {
    fn shape(&self) -> Family {
        Family {
            exponent: self.exponent,
            spread: self.spread,
            spread_per_sd: self.spread_per_sd,
        }
    }
}

/// The ensemble's parts.
const PARTS: [Kind; 3] = [Kind::Mean, Kind::Prevail, Kind::Smp];

impl Default for Calibration {
    fn default() -> Self {
        let f = Family {
            exponent: 1.0,
            spread: 10.0,
            spread_per_sd: 0.0,
        };
        Calibration {
            data: String::new(),
            command: String::new(),
            issues: 0,
            settings: Settings::default(),
            mean: f,
            median: f,
            nash: f,
            eum: f,
            smp: f,
            prevail: f,
            ensemble: PARTS
                .iter()
                .map(|k| {
                    let part = Part {
                        weight: 1.0 / PARTS.len() as f64,
                        exponent: 1.0,
                        spread: if *k == Kind::Mean { 10.0 } else { 0.0 },
                        spread_per_sd: 0.0,
                    };
                    (k.name().to_string(), part)
                })
                .collect(),
        }
    }
}

impl Calibration {
    /// The parameters fitted on DEU, shipped with attache.
    pub fn builtin() -> Calibration {
        toml::from_str(include_str!("../params/deu-calibration.toml"))
            .expect("params/deu-calibration.toml parses")
    }

    pub fn family(&self, kind: Kind) -> Family {
        match kind {
            Kind::Mean => self.mean,
            Kind::Median => self.median,
            Kind::Nash => self.nash,
            Kind::Eum => self.eum,
            Kind::Smp => self.smp,
            Kind::Prevail | Kind::Ensemble => self.prevail,
        }
    }

    fn family_mut(&mut self, kind: Kind) -> &mut Family {
        match kind {
            Kind::Mean => &mut self.mean,
            Kind::Median => &mut self.median,
            Kind::Nash => &mut self.nash,
            Kind::Eum => &mut self.eum,
            Kind::Smp => &mut self.smp,
            Kind::Prevail | Kind::Ensemble => &mut self.prevail,
        }
    }

    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("a calibration serialises")
    }
}

/// What the distributions of one issue are built from.
#[derive(Clone, Debug)]
pub struct IssueData {
    pub min: f64,
    pub max: f64,
    pub actors: usize,
    pub outcome: Option<f64>,
    x: Vec<f64>,
    w: Vec<f64>,
    /// Weighted standard deviation of the positions.
    sd: f64,
    /// Each model's point forecast (SMP: none where the game is too large).
    points: BTreeMap<Kind, f64>,
    eum_draws: Vec<f64>,
    smp_options: Vec<(f64, f64)>,
    /// `Settings::min_spread` on this scale.
    min_sd: f64,
}

impl IssueData {
    pub fn point(&self, kind: Kind) -> Option<f64> {
        self.points.get(&kind).copied()
    }

    /// SMP's forecast and final chances from a run made elsewhere (a joint
    /// run of several issues): (position on this issue's scale, chance).
    pub fn set_smp(&mut self, forecast: f64, options: Vec<(f64, f64)>) {
        self.points.insert(Kind::Smp, forecast);
        self.smp_options = options;
    }
}

fn draw_seed(seed: u64, issue: u64, k: u64) -> u64 {
    let mut z =
        seed ^ issue.wrapping_mul(0xD1B5_4A32_D192_ED03) ^ k.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The inputs of issue `issue` and its models' forecasts. SMP runs where
/// `with_smp` and the game is not too large; EUM's draws where `with_eum`.
pub fn issue_data(
    scenario: &Scenario,
    issue: usize,
    opts: &Options,
    settings: &Settings,
    with_eum: bool,
    with_smp: bool,
) -> IssueData {
    let mut opts = opts.clone();
    opts.record_rounds = false;
    let game = scenario.modal_game(issue);
    let w: Vec<f64> = game.weights().collect();
    let total: f64 = w.iter().sum();
    let mean = models::weighted_mean(&game, &game.position);
    let sd = if total > 0.0 {
        (w.iter()
            .zip(&game.position)
            .map(|(wi, x)| wi * (x - mean).powi(2))
            .sum::<f64>()
            / total)
            .sqrt()
    } else {
        0.0
    };
    let mut points = BTreeMap::new();
    for m in [Model::Mean, Model::Median, Model::Nash] {
        points.insert(Kind::of(m), models::solve(m, &game, &opts).forecast);
    }
    let mut eum_draws = Vec::new();
    if with_eum {
        points.insert(Kind::Eum, models::solve(Model::Eum, &game, &opts).forecast);
        let stances = &scenario.issues[issue].stances;
        let scale = game.max - game.min;
        let noisy = |v: Value, noise: f64| match v {
            Value::Fixed(x) if noise > 0.0 => Value::Range([x - noise, x, x + noise]),
            v => v,
        };
        let mut g = game.clone();
        for k in 0..settings.eum_draws as u64 {
            let mut rng = fastrand::Rng::with_seed(draw_seed(settings.seed, issue as u64, k));
            for (a, st) in stances.iter().enumerate() {
                let p = noisy(st.position, settings.position_noise * scale / 100.0);
                let s = noisy(st.salience, settings.salience_noise);
                g.position[a] = p.sample(rng.f64()).clamp(game.min, game.max);
                g.salience[a] = (s.sample(rng.f64()) / 100.0).clamp(0.0, 1.0);
            }
            eum_draws.push(models::solve(Model::Eum, &g, &opts).forecast);
        }
    }
    let mut smp_options = Vec::new();
    if with_smp && smp::check_size(game.len()).is_ok() {
        let space = smp::Space::from_games(&[&game]);
        let run = smp::run(&space, &opts.smp);
        let last = run.states.last().expect("a final state");
        let at = |u: f64| game.min + u * (game.max - game.min);
        smp_options = run.options.iter().map(|&(a, p)| (at(last[a]), p)).collect();
        points.insert(Kind::Smp, at(run.outcome[0]));
    }
    IssueData {
        min: game.min,
        max: game.max,
        actors: game.len(),
        outcome: scenario.issues[issue].outcome,
        x: game.position.clone(),
        w,
        sd,
        points,
        eum_draws,
        smp_options,
        min_sd: settings.min_spread * (game.max - game.min) / 100.0,
    }
}

/// Per issue, in parallel.
pub fn all_issue_data(
    scenario: &Scenario,
    issues: &[usize],
    opts: &Options,
    settings: &Settings,
) -> Vec<IssueData> {
    issues
        .par_iter()
        .map(|&i| issue_data(scenario, i, opts, settings, true, true))
        .collect()
}

fn powered(ws: &[f64], exponent: f64) -> Vec<f64> {
    ws.iter()
        .map(|&w| if w > 0.0 { w.powf(exponent) } else { 0.0 })
        .collect()
}

/// The distribution of `kind` on an issue; none where the model did not run.
pub fn distribution(kind: Kind, d: &IssueData, cal: &Calibration) -> Option<Distribution> {
    let dist = if kind == Kind::Ensemble {
        let parts: Vec<(f64, Distribution)> = cal
            .ensemble
            .iter()
            .filter(|(_, part)| part.weight > 0.0)
            .filter_map(|(name, part)| {
                let k = Kind::parse(name).filter(|&k| k != Kind::Ensemble)?;
                Some((part.weight, shaped(k, d, &part.shape())?))
            })
            .collect();
        if parts.is_empty() {
            return None;
        }
        let refs: Vec<(f64, &Distribution)> = parts.iter().map(|(w, d)| (*w, d)).collect();
        return Some(Distribution::mixture(&refs));
    } else {
        shaped(kind, d, &cal.family(kind))?
    };
    Some(dist)
}

fn shaped(kind: Kind, d: &IssueData, f: &Family) -> Option<Distribution> {
    let scale = d.max - d.min;
    let sd = (f.spread * scale / 100.0 + f.spread_per_sd * d.sd).max(d.min_sd);
    let base = match kind {
        Kind::Mean | Kind::Median | Kind::Nash => Distribution::normal(d.point(kind)?, sd),
        Kind::Eum => {
            if d.eum_draws.is_empty() {
                Distribution::normal(d.point(kind)?, sd)
            } else {
                let ones = vec![1.0; d.eum_draws.len()];
                Distribution::discrete(&d.eum_draws, &ones).widened(sd)
            }
        }
        Kind::Smp => {
            if d.smp_options.is_empty() {
                return None;
            }
            let (xs, ps): (Vec<f64>, Vec<f64>) = d.smp_options.iter().copied().unzip();
            Distribution::discrete(&xs, &powered(&ps, f.exponent)).widened(sd)
        }
        Kind::Prevail => Distribution::discrete(&d.x, &powered(&d.w, f.exponent)).widened(sd),
        Kind::Ensemble => return None,
    };
    Some(if d.actors < 3 {
        base.widened(0.1 * scale * (3 - d.actors) as f64)
    } else {
        base
    })
}

fn mean_crps(kind: Kind, data: &[&IssueData], f: &Family) -> f64 {
    let scores: Vec<f64> = data
        .par_iter()
        .map(|d| match (shaped(kind, d, f), d.outcome) {
            (Some(dist), Some(y)) => dist.crps(y),
            _ => 0.0,
        })
        .collect();
    scores.iter().sum::<f64>() / data.len().max(1) as f64
}

/// The minimum of `f` on [lo, hi]: golden-section search, then the bounds
/// themselves (a point forecast is spread 0).
fn golden(lo: f64, hi: f64, mut f: impl FnMut(f64) -> f64) -> f64 {
    let mid = models::golden_section_min(lo, hi, 28, 0.0, &mut f);
    let mut best = (f(mid), mid);
    for x in [lo, hi] {
        let v = f(x);
        if v < best.0 {
            best = (v, x);
        }
    }
    best.1
}

/// Fits one model's free parameters by coordinate search on mean CRPS.
fn fit_family(kind: Kind, data: &[&IssueData], start: Family) -> Family {
    let mut f = start;
    let free = kind.free();
    for _ in 0..2 {
        for k in 0..3 {
            if !free[k] {
                continue;
            }
            let (lo, hi) = BOUNDS[k];
            let best = golden(lo, hi, |v| {
                let mut g = f;
                g.set(k, v);
                mean_crps(kind, data, &g)
            });
            f.set(k, best);
        }
    }
    f
}

/// Mixture weights on the simplex minimising the mean CRPS
/// w·a − ½ wᵀBw (a: each part's mean E|X − y|, B: mean E|Xₖ − Xₗ|).
fn mixture_weights(a: &[f64], b: &[Vec<f64>]) -> Vec<f64> {
    let m = a.len();
    let mut w = vec![1.0 / m as f64; m];
    for _ in 0..2000 {
        let g: Vec<f64> = (0..m)
            .map(|k| a[k] - (0..m).map(|l| b[k][l] * w[l]).sum::<f64>())
            .collect();
        let i = (0..m)
            .min_by(|&x, &y| g[x].total_cmp(&g[y]))
            .expect("parts");
        let Some(j) = (0..m)
            .filter(|&k| w[k] > 0.0 && k != i)
            .max_by(|&x, &y| g[x].total_cmp(&g[y]))
        else {
            break;
        };
        // move t from j to i: f(t) = f + t(gᵢ − gⱼ) − ½t² dᵀBd, dᵀBd ≤ 0
        let slope = g[i] - g[j];
        let curv = b[i][i] + b[j][j] - 2.0 * b[i][j];
        if slope >= -1e-12 {
            break;
        }
        let t = if curv < 0.0 { slope / curv } else { w[j] }.min(w[j]);
        w[i] += t;
        w[j] -= t;
    }
    w
}

/// Fits every model's parameters and the ensemble's weights on `data`.
pub fn fit(data: &[&IssueData], settings: &Settings) -> Calibration {
    let mut cal = Calibration {
        settings: settings.clone(),
        issues: data.len(),
        ..Calibration::default()
    };
    // every kind but the ensemble itself
    for &kind in &Kind::ALL[..6] {
        let start = cal.family(kind);
        *cal.family_mut(kind) = fit_family(kind, data, start);
    }
    cal.ensemble = fit_ensemble(data, &cal.ensemble);
    cal
}

/// The issues' mean E|Xₖ − y| and E|Xₖ − Xₗ| over the parts with `shapes`,
/// on the issues where every part ran.
fn part_moments(data: &[&IssueData], shapes: &[Family]) -> (Vec<f64>, Vec<Vec<f64>>) {
    let rows: Vec<(Vec<f64>, Vec<Vec<f64>>)> = data
        .par_iter()
        .filter_map(|d| {
            let y = d.outcome?;
            let ds: Vec<Distribution> = PARTS
                .iter()
                .zip(shapes)
                .map(|(&k, f)| shaped(k, d, f))
                .collect::<Option<_>>()?;
            let a = ds.iter().map(|x| x.abs_error(y)).collect();
            let b = ds
                .iter()
                .map(|x| ds.iter().map(|z| x.abs_gap(z)).collect())
                .collect();
            Some((a, b))
        })
        .collect();
    let m = PARTS.len();
    let n = rows.len().max(1) as f64;
    let mut a = vec![0.0; m];
    let mut b = vec![vec![0.0; m]; m];
    for (ra, rb) in &rows {
        for k in 0..m {
            a[k] += ra[k] / n;
            for l in 0..m {
                b[k][l] += rb[k][l] / n;
            }
        }
    }
    (a, b)
}

/// The parts' shapes by coordinate search, each candidate scored with its
/// best weights (the mean CRPS of a mixture is quadratic in its weights).
fn fit_ensemble(data: &[&IssueData], start: &BTreeMap<String, Part>) -> BTreeMap<String, Part> {
    let mut shapes: Vec<Family> = PARTS
        .iter()
        .map(|k| start.get(k.name()).map(Part::shape).unwrap_or_default())
        .collect();
    let value = |shapes: &[Family]| {
        let (a, b) = part_moments(data, shapes);
        let w = mixture_weights(&a, &b);
        let quad: f64 = (0..w.len())
            .map(|k| w[k] * (a[k] - 0.5 * (0..w.len()).map(|l| b[k][l] * w[l]).sum::<f64>()))
            .sum();
        (quad, w)
    };
    for _ in 0..2 {
        for p in 0..PARTS.len() {
            let free = PARTS[p].free();
            for k in 0..3 {
                if !free[k] {
                    continue;
                }
                let (lo, hi) = BOUNDS[k];
                let best = golden(lo, hi, |v| {
                    let mut s = shapes.clone();
                    s[p].set(k, v);
                    value(&s).0
                });
                shapes[p].set(k, best);
            }
        }
    }
    let (_, w) = value(&shapes);
    PARTS
        .iter()
        .zip(shapes)
        .zip(w)
        .map(|((k, f), w)| {
            let part = Part {
                weight: w,
                exponent: f.exponent,
                spread: f.spread,
                spread_per_sd: f.spread_per_sd,
            };
            (k.name().to_string(), part)
        })
        .collect()
}

/// One model's scores over issues with known outcomes.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Score {
    /// Mean absolute error of the point forecast (the model's own; for
    /// `prevail` and `ensemble`, the distribution's median).
    pub mae: f64,
    pub n: usize,
    pub crps: f64,
    /// Share of outcomes inside the central 50% and 80% intervals.
    pub coverage50: f64,
    pub coverage80: f64,
    /// Mean width of the central 80% interval.
    pub width80: f64,
    /// Counts of the outcomes' PIT values in ten bins of 0–1.
    pub pit: Vec<usize>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Evaluation {
    /// 0: every issue scored with the given calibration (in sample where it
    /// was fitted on the same data).
    pub folds: usize,
    pub models: BTreeMap<&'static str, Score>,
}

/// One forecast scored against its outcome.
#[derive(Clone, Copy, Debug)]
struct Scored {
    abs: f64,
    crps: f64,
    in50: bool,
    in80: bool,
    width80: f64,
    pit: f64,
}

/// The central interval clipped to the issue's scale (outcomes never leave it).
pub fn interval(dist: &Distribution, d: &IssueData, level: f64) -> (f64, f64) {
    let (lo, hi) = dist.interval(level);
    (lo.clamp(d.min, d.max), hi.clamp(d.min, d.max))
}

fn score_one(kind: Kind, d: &IssueData, cal: &Calibration) -> Option<Scored> {
    let y = d.outcome?;
    let dist = distribution(kind, d, cal)?;
    let point = d.point(kind).unwrap_or_else(|| dist.median());
    let inside = |(lo, hi): (f64, f64)| lo - 1e-9 <= y && y <= hi + 1e-9;
    let i80 = interval(&dist, d, 0.8);
    Some(Scored {
        abs: (point - y).abs(),
        crps: dist.crps(y),
        in50: inside(interval(&dist, d, 0.5)),
        in80: inside(i80),
        width80: i80.1 - i80.0,
        pit: dist.pit(y),
    })
}

fn summarise(scored: &[Scored]) -> Score {
    let n = scored.len();
    let mean = |f: &dyn Fn(&Scored) -> f64| scored.iter().map(f).sum::<f64>() / n.max(1) as f64;
    let mut pit = vec![0; 10];
    for s in scored {
        pit[((s.pit * 10.0) as usize).min(9)] += 1;
    }
    Score {
        mae: mean(&|s| s.abs),
        n,
        crps: mean(&|s| s.crps),
        coverage50: mean(&|s| f64::from(u8::from(s.in50))),
        coverage80: mean(&|s| f64::from(u8::from(s.in80))),
        width80: mean(&|s| s.width80),
        pit,
    }
}

/// The folds of grouped cross-validation: the groups shuffled (seeded), then
/// dealt round-robin, so every issue of a group lands in one fold.
pub fn folds_by_group(groups: &[String], folds: usize, seed: u64) -> Vec<usize> {
    let mut names: Vec<&String> = Vec::new();
    for g in groups {
        if !names.contains(&g) {
            names.push(g);
        }
    }
    let mut order: Vec<usize> = (0..names.len()).collect();
    fastrand::Rng::with_seed(seed).shuffle(&mut order);
    let mut fold_of_name = vec![0; names.len()];
    for (r, &k) in order.iter().enumerate() {
        fold_of_name[k] = r % folds.max(1);
    }
    groups
        .iter()
        .map(|g| fold_of_name[names.iter().position(|n| *n == g).expect("listed")])
        .collect()
}

/// Scores every kind on the issues with known outcomes. With `folds` ≥ 2,
/// cross-validated by group (groups dealt to folds by `seed`): each fold
/// scored with parameters fitted on the other folds; otherwise with `cal`.
pub fn evaluate(
    data: &[IssueData],
    groups: &[String],
    folds: usize,
    seed: u64,
    cal: &Calibration,
) -> Evaluation {
    let known: Vec<usize> = (0..data.len())
        .filter(|&i| data[i].outcome.is_some())
        .collect();
    let mut scored: BTreeMap<Kind, Vec<Scored>> = BTreeMap::new();
    let mut run = |cal: &Calibration, idx: &[usize]| {
        for kind in Kind::ALL {
            let s: Vec<Scored> = idx
                .par_iter()
                .filter_map(|&i| score_one(kind, &data[i], cal))
                .collect();
            scored.entry(kind).or_default().extend(s);
        }
    };
    if folds >= 2 {
        let g: Vec<String> = known.iter().map(|&i| groups[i].clone()).collect();
        let fold = folds_by_group(&g, folds, seed);
        for f in 0..folds {
            let train: Vec<&IssueData> = known
                .iter()
                .zip(&fold)
                .filter(|&(_, &k)| k != f)
                .map(|(&i, _)| &data[i])
                .collect();
            let test: Vec<usize> = known
                .iter()
                .zip(&fold)
                .filter(|&(_, &k)| k == f)
                .map(|(&i, _)| i)
                .collect();
            let fitted = fit(&train, &cal.settings);
            run(&fitted, &test);
        }
    } else {
        run(cal, &known);
    }
    Evaluation {
        folds: if folds >= 2 { folds } else { 0 },
        models: scored
            .into_iter()
            .map(|(k, s)| (k.name(), summarise(&s)))
            .collect(),
    }
}

#[derive(Serialize)]
pub struct Bin {
    pub from: f64,
    pub to: f64,
    pub p: f64,
}

#[derive(Serialize)]
pub struct Likely {
    pub x: f64,
    /// Probability of an outcome within `within` of x.
    pub p: f64,
    pub within: f64,
}

/// A model's forecast distribution as the user reads it.
#[derive(Serialize)]
pub struct Summary {
    pub median: f64,
    pub interval50: (f64, f64),
    pub interval80: (f64, f64),
    pub likely: Vec<Likely>,
    /// The mixture: probability p at x, spread sd (0: a point).
    pub support: Vec<crate::distribution::Component>,
    /// 20 bins over the scale (mass beyond it in the end bins).
    pub bins: Vec<Bin>,
}

/// A model's distribution as a reader wants it: median, 50% and 80%
/// intervals, the three likeliest outcomes, the mixture and 20 bins.
pub fn summary(d: &Distribution, data: &IssueData) -> Summary {
    let (min, max) = (data.min, data.max);
    let width = (max - min) / 20.0;
    let bins = d
        .bins(min, max, 20)
        .into_iter()
        .enumerate()
        .map(|(k, p)| Bin {
            from: min + width * k as f64,
            to: min + width * (k + 1) as f64,
            p,
        })
        .collect();
    // the likeliest places: support points by their probability within half a bin
    let h = width / 2.0;
    let near = |x: f64| d.cdf(x + h) - d.cdf_below(x - h);
    let mut candidates: Vec<(f64, f64)> = d
        .components
        .iter()
        .map(|c| (c.x.clamp(min, max), near(c.x.clamp(min, max))))
        .collect();
    candidates.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.total_cmp(&b.0)));
    let mut likely: Vec<Likely> = Vec::new();
    for (x, p) in candidates {
        if likely.len() == 3 {
            break;
        }
        if likely.iter().all(|l| (l.x - x).abs() > 2.0 * h) {
            likely.push(Likely { x, p, within: h });
        }
    }
    Summary {
        median: d.median().clamp(min, max),
        interval50: interval(d, data, 0.5),
        interval80: interval(d, data, 0.8),
        likely,
        support: d.components.clone(),
        bins,
    }
}

/// What a forecast of issue `i` rests on, said when it is thin: fewer than
/// three actors with a stance (every interval is then widened by a tenth
/// of the scale per missing actor), listed actors with no stance.
pub fn input_warnings(scenario: &Scenario, i: usize) -> Vec<String> {
    let game = scenario.modal_game(i);
    let is = &scenario.issues[i];
    let mut warnings = Vec::new();
    if game.len() < 3 {
        warnings.push(format!(
            "only {} actor{} hold{} a stance on this issue: a forecast from fewer than three is marked, and every interval is widened by {}% of the scale per missing actor",
            game.len(),
            if game.len() == 1 { "" } else { "s" },
            if game.len() == 1 { "s" } else { "" },
            10 * (3 - game.len())
        ));
    }
    if !scenario.joint {
        let absent: Vec<&str> = scenario
            .actors
            .iter()
            .filter(|a| !is.stances.iter().any(|st| st.actor == a.name))
            .map(|a| a.name.as_str())
            .collect();
        if !absent.is_empty() {
            warnings.push(format!(
                "no input from {} of {} listed actors: {}",
                absent.len(),
                scenario.actors.len(),
                absent.join(", ")
            ));
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Actor, Issue, Stance};

    fn scenario(issues: &[(&[f64], f64)]) -> Scenario {
        let names = ["A", "B", "C", "D"];
        Scenario {
            joint: false,
            name: None,
            actors: names
                .iter()
                .zip([4.0, 3.0, 2.0, 1.0])
                .map(|(n, c)| Actor {
                    name: n.to_string(),
                    capability: c,
                })
                .collect(),
            issues: issues
                .iter()
                .enumerate()
                .map(|(k, (xs, out))| Issue {
                    id: format!("i{k}"),
                    description: None,
                    min: 0.0,
                    max: 100.0,
                    status_quo: None,
                    outcome: Some(*out),
                    stances: xs
                        .iter()
                        .zip(names)
                        .map(|(&x, n)| Stance {
                            actor: n.to_string(),
                            position: Value::Fixed(x),
                            salience: Value::Fixed(50.0),
                            sources: vec![],
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    fn data(s: &Scenario) -> Vec<IssueData> {
        let all: Vec<usize> = (0..s.issues.len()).collect();
        let settings = Settings {
            eum_draws: 8,
            ..Settings::default()
        };
        all_issue_data(s, &all, &Options::default(), &settings)
    }

    #[test]
    fn every_models_distribution_sums_to_one_and_few_actors_widen_it() {
        let s = scenario(&[(&[0.0, 50.0, 100.0, 60.0], 50.0), (&[20.0, 80.0], 20.0)]);
        let d = data(&s);
        let cal = Calibration::default();
        for kind in Kind::ALL {
            for issue in &d {
                let dist = distribution(kind, issue, &cal).unwrap();
                let total: f64 = dist.components.iter().map(|c| c.p).sum();
                assert!((total - 1.0).abs() < 1e-9, "{kind:?}: {total}");
                let bins: f64 = dist.bins(0.0, 100.0, 20).iter().sum();
                assert!((bins - 1.0).abs() < 1e-9);
            }
        }
        // prevail: positions weighted by (capability × salience)^γ
        let p = distribution(Kind::Prevail, &d[0], &cal).unwrap();
        assert_eq!(p.likely(1)[0].0, 0.0, "A, the strongest, is likeliest");
        // two actors: every component gets 10% of the scale more spread
        let two = distribution(Kind::Mean, &d[1], &cal).unwrap();
        let sd = two.components[0].sd;
        assert!(
            (sd - (10.0f64.powi(2) + 10.0f64.powi(2)).sqrt()).abs() < 1e-9,
            "{sd}"
        );
    }

    #[test]
    fn groups_stay_in_one_fold() {
        let groups: Vec<String> = ["a", "b", "a", "c", "d", "b", "e", "a"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let fold = folds_by_group(&groups, 3, 1);
        for (i, gi) in groups.iter().enumerate() {
            for (j, gj) in groups.iter().enumerate() {
                if gi == gj {
                    assert_eq!(fold[i], fold[j]);
                }
            }
        }
        let mut used: Vec<usize> = fold.clone();
        used.sort();
        used.dedup();
        assert_eq!(used, [0, 1, 2], "five groups over three folds");
    }

    #[test]
    fn mixture_weights_find_the_part_that_is_right() {
        // part 0 always at the outcome, part 1 always 10 off: all weight on 0
        let a = [0.0, 10.0];
        let b = vec![vec![0.0, 10.0], vec![10.0, 0.0]];
        let w = mixture_weights(&a, &b);
        assert!((w[0] - 1.0).abs() < 1e-12 && w[1].abs() < 1e-12, "{w:?}");
        // two points either side of the outcome: a mixture beats either alone
        let a = [5.0, 5.0];
        let b = vec![vec![0.0, 10.0], vec![10.0, 0.0]];
        let w = mixture_weights(&a, &b);
        assert!((w[0] - 0.5).abs() < 1e-9, "{w:?}");
    }

    #[test]
    fn a_fit_lowers_crps_on_its_data_and_cross_validation_scores_every_issue() {
        let rows: Vec<(Vec<f64>, f64)> = (0..24)
            .map(|k| {
                let x = (k * 37 % 100) as f64;
                (
                    vec![x, 100.0 - x, 50.0, (x + 30.0) % 100.0],
                    if k % 3 == 0 { x } else { 50.0 },
                )
            })
            .collect();
        let refs: Vec<(&[f64], f64)> = rows.iter().map(|(x, y)| (x.as_slice(), *y)).collect();
        let s = scenario(&refs);
        let d = data(&s);
        let all: Vec<&IssueData> = d.iter().collect();
        let start = Calibration::default();
        let fitted = fit(&all, &start.settings);
        let crps = |cal: &Calibration| {
            all.iter()
                .map(|x| {
                    distribution(Kind::Ensemble, x, cal)
                        .unwrap()
                        .crps(x.outcome.unwrap())
                })
                .sum::<f64>()
        };
        assert!(
            crps(&fitted) < crps(&start),
            "{} {}",
            crps(&fitted),
            crps(&start)
        );
        let total: f64 = fitted.ensemble.values().map(|p| p.weight).sum();
        assert!((total - 1.0).abs() < 1e-9);
        let groups: Vec<String> = (0..d.len()).map(|k| format!("g{}", k / 2)).collect();
        let ev = evaluate(&d, &groups, 4, 1, &start);
        assert_eq!(ev.folds, 4);
        for kind in Kind::ALL {
            let sc = &ev.models[kind.name()];
            assert_eq!(sc.n, 24, "{kind:?}");
            assert_eq!(sc.pit.iter().sum::<usize>(), 24);
            assert!(
                sc.coverage50 <= sc.coverage80 && sc.crps > 0.0,
                "{kind:?} {sc:?}"
            );
        }
    }
}
