//! Monte Carlo over the ranges of a scenario, and a tornado of the inputs
//! that move the forecast most. Draw k uses its own generator seeded from
//! (seed, k), so results do not depend on the number of threads.

use crate::models::{self, Model, Options};
use crate::scenario::{Field, Scenario};
use rayon::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct Distribution {
    pub draws: usize,
    pub mean: f64,
    pub median: f64,
    pub p10: f64,
    pub p90: f64,
    /// Counts over `bins` equal intervals of the issue's scale.
    pub histogram: Vec<usize>,
    pub bin_edges: Vec<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TornadoBar {
    pub actor: String,
    pub field: Field,
    pub low: f64,
    pub high: f64,
    /// Forecast with this input at its low and at its high end, others at their modes.
    pub forecast_at_low: f64,
    pub forecast_at_high: f64,
    pub swing: f64,
}

fn draw_seed(seed: u64, k: u64) -> u64 {
    // SplitMix64 step: decorrelates neighbouring draw indices
    let mut z = seed ^ k.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The forecast's distribution over `draws` samples of the issue's ranges.
pub fn simulate(
    scenario: &Scenario,
    issue: usize,
    model: Model,
    opts: &Options,
    draws: usize,
    seed: u64,
) -> Distribution {
    let mut opts = opts.clone();
    opts.record_rounds = false;
    let modal = scenario.modal_game(issue);
    let stances = &scenario.issues[issue].stances;
    let (lo, hi) = (modal.min, modal.max);
    let mut values: Vec<f64> = if models::solves_jointly(model, scenario) {
        (0..draws as u64)
            .into_par_iter()
            .map(|k| {
                let mut rng = fastrand::Rng::with_seed(draw_seed(seed, k));
                models::solve_issue(model, scenario, issue, &opts, |_, _, _, v| {
                    v.sample(rng.f64())
                })
                .forecast
            })
            .collect()
    } else {
        (0..draws as u64)
            .into_par_iter()
            .map_init(
                || modal.clone(),
                |game, k| {
                    let mut rng = fastrand::Rng::with_seed(draw_seed(seed, k));
                    for (a, st) in stances.iter().enumerate() {
                        game.position[a] = st.position.sample(rng.f64()).clamp(lo, hi);
                        game.salience[a] = (st.salience.sample(rng.f64()) / 100.0).clamp(0.0, 1.0);
                    }
                    models::solve(model, game, &opts).forecast
                },
            )
            .collect()
    };
    values.sort_by(f64::total_cmp);
    let is = &scenario.issues[issue];
    summarise(&values, is.min, is.max, 20)
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (i, frac) = (pos.floor() as usize, pos.fract());
    if i + 1 < sorted.len() {
        sorted[i] * (1.0 - frac) + sorted[i + 1] * frac
    } else {
        sorted[i]
    }
}

fn summarise(sorted: &[f64], min: f64, max: f64, bins: usize) -> Distribution {
    let width = (max - min) / bins as f64;
    let mut histogram = vec![0; bins];
    for &v in sorted {
        let b = (((v - min) / width) as usize).min(bins - 1);
        histogram[b] += 1;
    }
    Distribution {
        draws: sorted.len(),
        mean: sorted.iter().sum::<f64>() / sorted.len().max(1) as f64,
        median: quantile(sorted, 0.5),
        p10: quantile(sorted, 0.1),
        p90: quantile(sorted, 0.9),
        histogram,
        bin_edges: (0..=bins).map(|i| min + width * i as f64).collect(),
    }
}

/// One bar per ranged input: the swing of the forecast from its low to its high end.
pub fn tornado(scenario: &Scenario, issue: usize, model: Model, opts: &Options) -> Vec<TornadoBar> {
    let mut opts = opts.clone();
    opts.record_rounds = false;
    let is = &scenario.issues[issue];
    let mut inputs = Vec::new();
    for (k, st) in is.stances.iter().enumerate() {
        for (field, v) in [
            (Field::Position, st.position),
            (Field::Salience, st.salience),
        ] {
            if v.is_range() {
                inputs.push((k, field, v));
            }
        }
    }
    let mut bars: Vec<TornadoBar> = inputs
        .par_iter()
        .map(|&(k, field, v)| {
            let at = |end: f64| {
                models::solve_issue(model, scenario, issue, &opts, |ii, kk, ff, vv| {
                    if ii == issue && kk == k && ff == field {
                        end
                    } else {
                        vv.mode()
                    }
                })
                .forecast
            };
            let (fl, fh) = (at(v.low()), at(v.high()));
            TornadoBar {
                actor: is.stances[k].actor.clone(),
                field,
                low: v.low(),
                high: v.high(),
                forecast_at_low: fl,
                forecast_at_high: fh,
                swing: (fh - fl).abs(),
            }
        })
        .collect();
    bars.sort_by(|a, b| b.swing.total_cmp(&a.swing));
    bars
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Actor, Issue, Stance, Value};

    fn scenario() -> Scenario {
        let st = |a: &str, p: Value, s: Value| Stance {
            actor: a.into(),
            position: p,
            salience: s,
            sources: vec![],
        };
        Scenario {
            joint: false,
            name: None,
            actors: vec![
                Actor {
                    name: "A".into(),
                    capability: 1.0,
                },
                Actor {
                    name: "B".into(),
                    capability: 1.0,
                },
                Actor {
                    name: "C".into(),
                    capability: 1.0,
                },
            ],
            issues: vec![Issue {
                id: "x".into(),
                description: None,
                min: 0.0,
                max: 100.0,
                status_quo: None,
                outcome: None,
                stances: vec![
                    st("A", Value::Range([10.0, 20.0, 30.0]), Value::Fixed(50.0)),
                    st("B", Value::Fixed(90.0), Value::Range([10.0, 50.0, 90.0])),
                    st("C", Value::Fixed(80.0), Value::Fixed(50.0)),
                ],
            }],
        }
    }

    #[test]
    fn same_seed_same_result_and_draws_stay_in_the_model_range() {
        let s = scenario();
        let a = simulate(&s, 0, Model::Mean, &Options::default(), 2000, 42);
        let b = simulate(&s, 0, Model::Mean, &Options::default(), 2000, 42);
        assert_eq!(a.histogram, b.histogram);
        assert_eq!(a.mean, b.mean);
        let c = simulate(&s, 0, Model::Mean, &Options::default(), 2000, 43);
        assert_ne!(a.mean, c.mean);
        assert!(a.p10 <= a.median && a.median <= a.p90);
        assert_eq!(a.histogram.iter().sum::<usize>(), 2000);
        // the mean lies between the extremes of its inputs
        assert!(a.p10 > 10.0 && a.p90 < 90.0);
    }

    #[test]
    fn smp_on_a_joint_scenario_draws_every_issue_and_repeats_with_its_seed() {
        let mut s = scenario();
        s.joint = true;
        let mut second = s.issues[0].clone();
        second.id = "y".into();
        for (st, p) in second.stances.iter_mut().zip([70.0, 20.0, 40.0]) {
            st.position = Value::Range([p - 10.0, p, p + 10.0]);
        }
        s.issues.push(second);
        assert!(models::solves_jointly(Model::Smp, &s));
        let a = simulate(&s, 1, Model::Smp, &Options::default(), 300, 9);
        let b = simulate(&s, 1, Model::Smp, &Options::default(), 300, 9);
        assert_eq!((a.mean, a.histogram.clone()), (b.mean, b.histogram));
        assert!(a.p10 < a.p90, "the ranges move the forecast");
        assert!((0.0..=100.0).contains(&a.p10) && (0.0..=100.0).contains(&a.p90));
        let bars = tornado(&s, 1, Model::Smp, &Options::default());
        assert!(!bars.is_empty());
    }

    #[test]
    fn tornado_ranks_the_input_that_moves_the_forecast_most_first() {
        let bars = tornado(&scenario(), 0, Model::Mean, &Options::default());
        assert_eq!(bars.len(), 2);
        assert!(bars[0].swing >= bars[1].swing);
        // B (far out at 90) with salience 10–90 pulls the mean more than A's ±10 position
        assert_eq!(
            (bars[0].actor.as_str(), bars[0].field),
            ("B", Field::Salience)
        );
    }
}
