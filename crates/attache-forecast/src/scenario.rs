//! Scenarios: actors with capabilities, issues with a scale, and each actor's
//! position and salience on each issue, as numbers or ranges.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A number, or a range (low, mode, high) that Monte Carlo draws from.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Fixed(f64),
    Range([f64; 3]),
}

impl Value {
    pub fn mode(self) -> f64 {
        match self {
            Value::Fixed(v) => v,
            Value::Range([_, m, _]) => m,
        }
    }

    pub fn low(self) -> f64 {
        match self {
            Value::Fixed(v) => v,
            Value::Range([l, _, _]) => l,
        }
    }

    pub fn high(self) -> f64 {
        match self {
            Value::Fixed(v) => v,
            Value::Range([_, _, h]) => h,
        }
    }

    pub fn is_range(self) -> bool {
        matches!(self, Value::Range([l, _, h]) if h > l)
    }

    /// A draw from the triangular distribution over the range, given `u` in [0, 1).
    pub fn sample(self, u: f64) -> f64 {
        let Value::Range([a, c, b]) = self else {
            return self.mode();
        };
        if b <= a {
            return c;
        }
        let fc = (c - a) / (b - a);
        if u < fc {
            a + (u * (b - a) * (c - a)).sqrt()
        } else {
            b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Actor {
    pub name: String,
    pub capability: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Stance {
    pub actor: String,
    pub position: Value,
    /// 0–100.
    pub salience: Value,
    /// Ids of the statements this stance was read from, where it came from the record.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Issue {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Scale bounds; default 0–100.
    #[serde(default = "zero")]
    pub min: f64,
    #[serde(default = "hundred")]
    pub max: f64,
    /// The status quo or reference point (the Nash model's disagreement point).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_quo: Option<f64>,
    /// The known outcome, for backtests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<f64>,
    #[serde(default, rename = "stance")]
    pub stances: Vec<Stance>,
}

fn zero() -> f64 {
    0.0
}

fn hundred() -> f64 {
    100.0
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Scenario {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The issues are dimensions of one negotiation: SMP solves them together
    /// (KTAB's multi-dimensional space). Every actor must then hold a stance
    /// on every issue. Other models always solve each issue alone.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub joint: bool,
    #[serde(default, rename = "actor")]
    pub actors: Vec<Actor>,
    #[serde(default, rename = "issue")]
    pub issues: Vec<Issue>,
}

/// A scenario that does not make sense, with the field that says so.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioError {
    pub at: String,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.at.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.at, self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}

fn err(at: impl Into<String>, message: impl Into<String>) -> ScenarioError {
    ScenarioError {
        at: at.into(),
        message: message.into(),
    }
}

/// One issue with every number resolved: what a model solves.
#[derive(Clone, Debug)]
pub struct Game {
    pub names: Vec<String>,
    pub capability: Vec<f64>,
    pub position: Vec<f64>,
    /// 0–1.
    pub salience: Vec<f64>,
    pub min: f64,
    pub max: f64,
    pub status_quo: Option<f64>,
}

impl Game {
    /// capability × salience, the weight of each actor in the simple models.
    pub fn weights(&self) -> impl Iterator<Item = f64> + '_ {
        self.capability
            .iter()
            .zip(&self.salience)
            .map(|(c, s)| c * s)
    }

    pub fn len(&self) -> usize {
        self.position.len()
    }

    pub fn is_empty(&self) -> bool {
        self.position.is_empty()
    }
}

impl Scenario {
    pub fn validate(&self) -> Result<(), ScenarioError> {
        if self.issues.is_empty() {
            return Err(err("", "the scenario has no issues"));
        }
        if self.actors.is_empty() {
            return Err(err("", "the scenario has no actors"));
        }
        for (i, a) in self.actors.iter().enumerate() {
            let at = format!("actor {:?}", a.name);
            if a.name.trim().is_empty() {
                return Err(err(format!("actor #{}", i + 1), "name is empty"));
            }
            if !a.capability.is_finite() || a.capability < 0.0 {
                return Err(err(
                    at,
                    format!("capability {} must be a finite number ≥ 0", a.capability),
                ));
            }
            if self.actors[..i].iter().any(|b| b.name == a.name) {
                return Err(err(at, "is listed twice"));
            }
        }
        for issue in &self.issues {
            let at = format!("issue {:?}", issue.id);
            if !(issue.min.is_finite() && issue.max.is_finite() && issue.max > issue.min) {
                return Err(err(
                    at,
                    format!(
                        "scale {}–{} must be finite with max > min",
                        issue.min, issue.max
                    ),
                ));
            }
            for (name, v) in [("status_quo", issue.status_quo), ("outcome", issue.outcome)] {
                if let Some(v) = v
                    && (!v.is_finite() || v < issue.min || v > issue.max)
                {
                    return Err(err(
                        &at,
                        format!(
                            "{name} {v} is outside the scale {}–{}",
                            issue.min, issue.max
                        ),
                    ));
                }
            }
            if issue.stances.is_empty() {
                return Err(err(at, "has no stances"));
            }
            for (k, st) in issue.stances.iter().enumerate() {
                let at = format!("issue {:?}, actor {:?}", issue.id, st.actor);
                if !self.actors.iter().any(|a| a.name == st.actor) {
                    return Err(err(at, "is not a listed actor"));
                }
                if issue.stances[..k].iter().any(|o| o.actor == st.actor) {
                    return Err(err(
                        at,
                        "holds two stances on this issue (its weight would count twice)",
                    ));
                }
                check_value(&at, "position", st.position, issue.min, issue.max)?;
                check_value(&at, "salience", st.salience, 0.0, 100.0)?;
            }
            if self.joint
                && let Some(a) = self
                    .actors
                    .iter()
                    .find(|a| !issue.stances.iter().any(|st| st.actor == a.name))
            {
                return Err(err(
                    at,
                    format!(
                        "has no stance of actor {:?}; a joint scenario needs every actor on every issue",
                        a.name
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Every issue as a game, actors in the order of the actor list, each
    /// value chosen by `pick(issue, stance, field, value)`. For joint scenarios,
    /// where every actor holds a stance on every issue.
    pub fn joint_games(
        &self,
        mut pick: impl FnMut(usize, usize, Field, Value) -> f64,
    ) -> Vec<Game> {
        (0..self.issues.len())
            .map(|i| {
                let g = self.game(i, |k, f, v| pick(i, k, f, v));
                let order: Vec<usize> = self
                    .actors
                    .iter()
                    .filter_map(|a| g.names.iter().position(|n| *n == a.name))
                    .collect();
                Game {
                    names: order.iter().map(|&k| g.names[k].clone()).collect(),
                    capability: order.iter().map(|&k| g.capability[k]).collect(),
                    position: order.iter().map(|&k| g.position[k]).collect(),
                    salience: order.iter().map(|&k| g.salience[k]).collect(),
                    ..g
                }
            })
            .collect()
    }

    /// The issue with each value chosen by `pick` (the mode, a draw, …).
    pub fn game(&self, issue: usize, mut pick: impl FnMut(usize, Field, Value) -> f64) -> Game {
        let is = &self.issues[issue];
        let mut g = Game {
            names: Vec::with_capacity(is.stances.len()),
            capability: Vec::with_capacity(is.stances.len()),
            position: Vec::with_capacity(is.stances.len()),
            salience: Vec::with_capacity(is.stances.len()),
            min: is.min,
            max: is.max,
            status_quo: is.status_quo,
        };
        for (k, st) in is.stances.iter().enumerate() {
            let cap = self
                .actors
                .iter()
                .find(|a| a.name == st.actor)
                .map_or(0.0, |a| a.capability);
            g.names.push(st.actor.clone());
            g.capability.push(cap);
            g.position
                .push(pick(k, Field::Position, st.position).clamp(is.min, is.max));
            g.salience
                .push((pick(k, Field::Salience, st.salience) / 100.0).clamp(0.0, 1.0));
        }
        g
    }

    pub fn modal_game(&self, issue: usize) -> Game {
        self.game(issue, |_, _, v| v.mode())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Position,
    Salience,
}

fn check_value(at: &str, field: &str, v: Value, lo: f64, hi: f64) -> Result<(), ScenarioError> {
    let nums = [v.low(), v.mode(), v.high()];
    if nums.iter().any(|x| !x.is_finite()) {
        return Err(err(at, format!("{field} is not a number")));
    }
    if nums.iter().any(|&x| x < lo || x > hi) {
        return Err(err(
            at,
            format!("{field} {} is outside {lo}–{hi}", fmt_value(v)),
        ));
    }
    if v.low() > v.mode() || v.mode() > v.high() {
        return Err(err(
            at,
            format!(
                "{field} range {} must be ordered low ≤ mode ≤ high",
                fmt_value(v)
            ),
        ));
    }
    Ok(())
}

fn fmt_value(v: Value) -> String {
    match v {
        Value::Fixed(x) => format!("{x}"),
        Value::Range([a, b, c]) => format!("[{a}, {b}, {c}]"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triangular_samples_stay_in_range_and_centre_on_the_mode() {
        let v = Value::Range([10.0, 20.0, 60.0]);
        let mut rng = fastrand::Rng::with_seed(7);
        let draws: Vec<f64> = (0..20000).map(|_| v.sample(rng.f64())).collect();
        assert!(draws.iter().all(|&x| (10.0..=60.0).contains(&x)));
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!(
            (mean - 30.0).abs() < 0.5,
            "triangular mean is (a+b+c)/3, got {mean}"
        );
        assert_eq!(Value::Fixed(3.0).sample(0.9), 3.0);
    }
}
