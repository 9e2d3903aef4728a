//! Backtests: every model on every issue with a known outcome.

use crate::models::{self, Model, Options};
use crate::scenario::Scenario;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Serialize)]
pub struct Score {
    pub mae: f64,
    pub n: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Backtest {
    pub models: BTreeMap<&'static str, Score>,
}

/// Mean absolute error of each model's forecast against the issues' outcomes.
pub fn backtest(scenario: &Scenario, models: &[Model], opts: &Options) -> Backtest {
    let known: Vec<usize> = (0..scenario.issues.len())
        .filter(|&i| scenario.issues[i].outcome.is_some())
        .collect();
    let mut out = BTreeMap::new();
    for &m in models {
        let errors: Vec<f64> = known
            .par_iter()
            .map(|&i| {
                let f = models::solve_issue(m, scenario, i, opts, |_, _, _, v| v.mode()).forecast;
                (f - scenario.issues[i].outcome.unwrap_or(f)).abs()
            })
            .collect();
        let n = errors.len();
        out.insert(
            m.name(),
            Score {
                mae: errors.iter().sum::<f64>() / n.max(1) as f64,
                n,
            },
        );
    }
    Backtest { models: out }
}
