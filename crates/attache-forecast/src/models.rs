//! The bargaining models. Each solves one [`Game`] (one issue) and returns
//! the forecast position; the dynamic ones also return every round.

use crate::eum;
use crate::scenario::{Field, Game, Scenario, Value};
use crate::smp;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Model {
    /// Compromise model: capability × salience weighted mean.
    Mean,
    /// Weighted median (the Condorcet winner under linear utilities).
    Median,
    /// Asymmetric Nash bargaining solution.
    Nash,
    /// Bueno de Mesquita's expected-utility model, after Scholz et al. (2011).
    Eum,
    /// KTAB's Spatial Model of Politics.
    Smp,
}

impl Model {
    pub const ALL: [Model; 5] = [
        Model::Mean,
        Model::Median,
        Model::Nash,
        Model::Eum,
        Model::Smp,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Model::Mean => "mean",
            Model::Median => "median",
            Model::Nash => "nash",
            Model::Eum => "eum",
            Model::Smp => "smp",
        }
    }

    pub fn parse(s: &str) -> Option<Model> {
        Model::ALL.into_iter().find(|m| m.name() == s)
    }
}

/// Positions after one round of a dynamic model, with that round's median and mean.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Round {
    #[serde(serialize_with = "as_map")]
    pub positions: Vec<(String, f64)>,
    pub median: f64,
    pub mean: f64,
}

impl Round {
    /// The positions `x` of `game`'s actors after a round, with `median` (the
    /// weighted median, which a model may already have) and the weighted mean.
    pub fn new(game: &Game, x: &[f64], median: f64) -> Round {
        Round {
            positions: game.names.iter().cloned().zip(x.iter().copied()).collect(),
            median,
            mean: weighted_mean(game, x),
        }
    }
}

fn as_map<S: serde::Serializer>(pairs: &[(String, f64)], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        m.serialize_entry(k, v)?;
    }
    m.end()
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Solution {
    pub forecast: f64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<Round>,
}

#[derive(Clone, Debug, Default)]
pub struct Options {
    pub eum: eum::Options,
    pub smp: smp::Options,
    /// Keep every round (off inside Monte Carlo).
    pub record_rounds: bool,
}

pub fn solve(model: Model, game: &Game, opts: &Options) -> Solution {
    match model {
        Model::Mean => Solution {
            forecast: weighted_mean(game, &game.position),
            rounds: Vec::new(),
        },
        Model::Median => Solution {
            forecast: weighted_median(game, &game.position),
            rounds: Vec::new(),
        },
        Model::Nash => Solution {
            forecast: nash(game),
            rounds: Vec::new(),
        },
        Model::Eum => eum::run(game, &opts.eum, opts.record_rounds),
        Model::Smp => smp::solve(&[game], &opts.smp, opts.record_rounds)
            .pop()
            .expect("one solution per game"),
    }
}

/// Whether `model` solves `scenario`'s issues together rather than one by one:
/// SMP on a joint scenario of several issues.
pub fn solves_jointly(model: Model, scenario: &Scenario) -> bool {
    model == Model::Smp && scenario.joint && scenario.issues.len() > 1
}

/// Solves one issue of `scenario`, each value chosen by
/// `pick(issue, stance, field, value)`. Where the model solves the issues
/// jointly ([`solves_jointly`]), every issue's values are picked and the
/// issue's dimension of the joint solution returned.
pub fn solve_issue(
    model: Model,
    scenario: &Scenario,
    issue: usize,
    opts: &Options,
    mut pick: impl FnMut(usize, usize, Field, Value) -> f64,
) -> Solution {
    if solves_jointly(model, scenario) {
        let games = scenario.joint_games(pick);
        let refs: Vec<&Game> = games.iter().collect();
        return smp::solve(&refs, &opts.smp, opts.record_rounds).swap_remove(issue);
    }
    let game = scenario.game(issue, |k, f, v| pick(issue, k, f, v));
    solve(model, &game, opts)
}

/// The modal forecast of each of `issues`: one joint run where the model
/// solves the scenario jointly, one run per issue otherwise.
pub fn solve_issues(
    model: Model,
    scenario: &Scenario,
    issues: &[usize],
    opts: &Options,
) -> Vec<Solution> {
    if solves_jointly(model, scenario) {
        let games = scenario.joint_games(|_, _, _, v| v.mode());
        let refs: Vec<&Game> = games.iter().collect();
        let mut all = smp::solve(&refs, &opts.smp, opts.record_rounds);
        return issues
            .iter()
            .map(|&i| std::mem::take(&mut all[i]))
            .collect();
    }
    issues
        .iter()
        .map(|&i| solve(model, &scenario.modal_game(i), opts))
        .collect()
}

/// Σ c s x / Σ c s; the plain mean where every weight is zero.
pub fn weighted_mean(game: &Game, x: &[f64]) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for (w, &xi) in game.weights().zip(x) {
        num += w * xi;
        den += w;
    }
    if den > 0.0 {
        num / den
    } else {
        x.iter().sum::<f64>() / x.len().max(1) as f64
    }
}

/// The position at which half the capability × salience weight lies on each
/// side; midway between two positions where the halves meet exactly.
pub fn weighted_median(game: &Game, x: &[f64]) -> f64 {
    weighted_median_in(&mut Vec::new(), game, x)
}

/// The same, sorting in `pairs` (scratch space, reused across calls).
pub(crate) fn weighted_median_in(pairs: &mut Vec<(f64, f64)>, game: &Game, x: &[f64]) -> f64 {
    pairs.clear();
    pairs.extend(x.iter().copied().zip(game.weights()));
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = pairs.iter().map(|p| p.1).sum();
    if total <= 0.0 {
        return pairs.get(pairs.len() / 2).map_or(0.0, |p| p.0);
    }
    let half = total / 2.0;
    let mut cum = 0.0;
    for (i, &(xi, w)) in pairs.iter().enumerate() {
        cum += w;
        if (cum - half).abs() <= 1e-12 * total {
            let next = pairs[i + 1..]
                .iter()
                .find(|p| p.1 > 0.0)
                .map_or(xi, |p| p.0);
            return (xi + next) / 2.0;
        }
        if cum > half {
            return xi;
        }
    }
    pairs.last().map_or(0.0, |p| p.0)
}

/// Asymmetric Nash bargaining: maximise Σ cᵢ ln(uᵢ(x) − uᵢ(d)) with
/// uᵢ(x) = −sᵢ|x − xᵢ|. The disagreement point d is the status quo; without
/// one, each actor's worst point of the scale. With a status quo, only
/// outcomes that leave no (weighted) actor worse off are feasible; where none
/// exists besides the status quo itself, the status quo is the solution.
pub fn nash(game: &Game) -> f64 {
    let n = game.len();
    let active: Vec<usize> = (0..n)
        .filter(|&i| game.capability[i] > 0.0 && game.salience[i] > 0.0)
        .collect();
    if active.is_empty() {
        return weighted_mean(game, &game.position);
    }
    // feasible interval and each actor's disagreement utility
    let (mut lo, mut hi) = (game.min, game.max);
    let mut d_util = vec![0.0; n];
    for &i in &active {
        let xi = game.position[i];
        let reach = match game.status_quo {
            Some(d) => (d - xi).abs(),
            None => (game.min - xi).abs().max((game.max - xi).abs()),
        };
        d_util[i] = -game.salience[i] * reach;
        if game.status_quo.is_some() {
            lo = lo.max(xi - reach);
            hi = hi.min(xi + reach);
        }
    }
    let scale = game.max - game.min;
    if hi - lo <= 1e-9 * scale {
        return game.status_quo.unwrap_or((lo + hi) / 2.0);
    }
    let objective = |x: f64| -> f64 {
        active
            .iter()
            .map(|&i| {
                let gain = -game.salience[i] * (x - game.position[i]).abs() - d_util[i];
                game.capability[i] * gain.max(1e-300).ln()
            })
            .sum()
    };
    // concave: golden-section search, then compare with the kinks (actor positions)
    let mut best = golden_section_min(lo, hi, 100, 1e-9 * scale, |x| -objective(x));
    let mut best_f = objective(best);
    for &i in &active {
        let x = game.position[i];
        if x > lo && x < hi {
            let f = objective(x);
            if f > best_f {
                best = x;
                best_f = f;
            }
        }
    }
    best
}

/// Golden-section search for the minimum of a unimodal `f` on [lo, hi]:
/// at most `iterations` steps, stopping once the bracket is narrower than
/// `tolerance`. Returns the bracket's middle.
pub(crate) fn golden_section_min(
    lo: f64,
    hi: f64,
    iterations: usize,
    tolerance: f64,
    mut f: impl FnMut(f64) -> f64,
) -> f64 {
    let phi = (5f64.sqrt() - 1.0) / 2.0;
    let (mut a, mut b) = (lo, hi);
    let mut c = b - phi * (b - a);
    let mut d = a + phi * (b - a);
    let (mut fc, mut fd) = (f(c), f(d));
    for _ in 0..iterations {
        if fc <= fd {
            b = d;
            d = c;
            fd = fc;
            c = b - phi * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + phi * (b - a);
            fd = f(d);
        }
        if b - a < tolerance {
            break;
        }
    }
    (a + b) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn game(
        c: &[f64],
        x: &[f64],
        s: &[f64],
        min: f64,
        max: f64,
        sq: Option<f64>,
    ) -> Game {
        Game {
            names: (0..c.len()).map(|i| format!("a{i}")).collect(),
            capability: c.to_vec(),
            position: x.to_vec(),
            salience: s.to_vec(),
            min,
            max,
            status_quo: sq,
        }
    }

    #[test]
    fn mean_and_median_weigh_capability_by_salience() {
        let g = game(
            &[1.0, 1.0, 2.0],
            &[0.0, 50.0, 100.0],
            &[1.0, 1.0, 0.5],
            0.0,
            100.0,
            None,
        );
        assert!((weighted_mean(&g, &g.position) - 50.0).abs() < 1e-12);
        // weights 1, 1, 1: the middle actor is the median
        assert_eq!(weighted_median(&g, &g.position), 50.0);
        let g = game(
            &[3.0, 1.0, 1.0],
            &[10.0, 50.0, 90.0],
            &[1.0, 1.0, 1.0],
            0.0,
            100.0,
            None,
        );
        assert_eq!(
            weighted_median(&g, &g.position),
            10.0,
            "a weighted majority at 10"
        );
        let g = game(&[1.0, 1.0], &[20.0, 40.0], &[1.0, 1.0], 0.0, 100.0, None);
        assert_eq!(
            weighted_median(&g, &g.position),
            30.0,
            "exact halves meet midway"
        );
    }

    #[test]
    fn nash_moves_toward_the_stronger_party_and_respects_the_status_quo() {
        let even = game(&[1.0, 1.0], &[20.0, 80.0], &[1.0, 1.0], 0.0, 100.0, None);
        assert!((nash(&even) - 50.0).abs() < 1e-6, "{}", nash(&even));
        let strong = game(&[3.0, 1.0], &[20.0, 80.0], &[1.0, 1.0], 0.0, 100.0, None);
        assert!(nash(&strong) < 40.0, "{}", nash(&strong));
        // both gain only between their ideals and the status quo 0: the
        // solution lies in [0, 20] where both are better off
        let sq = game(
            &[1.0, 1.0],
            &[20.0, 80.0],
            &[1.0, 1.0],
            0.0,
            100.0,
            Some(0.0),
        );
        let x = nash(&sq);
        assert!((0.0..=20.0 + 1e-9).contains(&x), "{x}");
        // opposite sides of the status quo: no deal improves both
        let split = game(
            &[1.0, 1.0],
            &[20.0, 80.0],
            &[1.0, 1.0],
            0.0,
            100.0,
            Some(50.0),
        );
        assert_eq!(nash(&split), 50.0);
    }
}
