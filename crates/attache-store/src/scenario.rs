//! From the record to a forecast scenario: one actor per state or
//! organisation (the holders' affiliations), one issue per catalogue issue,
//! positions from stances, salience from how much and how firmly each actor
//! speaks, capability from the given table. Every stance lists the
//! statements it came from.

use crate::db::{PositionRow, Result, Store};
use attache_forecast::scenario::{Actor, Issue, Scenario, Stance, Value};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default)]
pub struct ScenarioOptions {
    pub issues: Vec<String>,
    pub as_of: Option<String>,
    /// Capability by actor name; others get `default_capability`.
    pub capabilities: BTreeMap<String, f64>,
    pub default_capability: f64,
}

/// Days between two ISO dates (0 where either is missing).
fn days_between(a: Option<&str>, b: Option<&str>) -> f64 {
    fn day(s: &str) -> Option<f64> {
        let y: f64 = s.get(..4)?.parse().ok()?;
        let m: f64 = s.get(5..7)?.parse().ok()?;
        let d: f64 = s.get(8..10)?.parse().ok()?;
        Some(y * 365.25 + (m - 1.0) * 30.44 + d)
    }
    match (a.and_then(day), b.and_then(day)) {
        (Some(x), Some(y)) => (y - x).abs(),
        _ => 0.0,
    }
}

/// `x` to one decimal: what a scale of 0–100 read from a few statements
/// supports.
fn tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Position on a 0–100 scale from stances (support 100, oppose 0), each
/// weighted by confidence and halved every 30 days before the latest; a
/// range where the evidence is thin (one statement) or mixed.
pub fn stance_value(rows: &[&PositionRow]) -> Value {
    let latest = rows.iter().filter_map(|r| r.published.as_deref()).max();
    let (mut num, mut den) = (0.0, 0.0);
    for r in rows {
        let age = days_between(r.published.as_deref(), latest);
        let w = r.confidence * 0.5f64.powf(age / 30.0);
        num += w * if r.stance == "support" { 100.0 } else { 0.0 };
        den += w;
    }
    // a weighted mean of 0s and 100s, to the tenth the evidence supports
    // (not 99.99999999999999), kept on the scale
    let mode = if den > 0.0 {
        tenth(num / den).clamp(0.0, 100.0)
    } else {
        50.0
    };
    let mixed =
        rows.iter().any(|r| r.stance == "support") && rows.iter().any(|r| r.stance == "oppose");
    if mixed {
        Value::Range([0.0, mode, 100.0])
    } else if rows.len() == 1 {
        Value::Range([(mode - 25.0).max(0.0), mode, (mode + 25.0).min(100.0)])
    } else {
        Value::Fixed(mode)
    }
}

/// Salience 0–100 from the number of statements and their firmness.
pub fn salience_value(rows: &[&PositionRow]) -> Value {
    let n = rows.len() as f64;
    let firmness = rows.iter().map(|r| r.confidence).sum::<f64>() / n.max(1.0);
    let s = tenth(30.0 + 25.0 * (1.0 + n).ln() * firmness).min(100.0);
    if rows.len() == 1 {
        Value::Range([(s - 15.0).max(0.0), s, (s + 15.0).min(100.0)])
    } else {
        Value::Fixed(s)
    }
}

pub fn build_scenario(store: &mut Store, opts: &ScenarioOptions) -> Result<Scenario> {
    let mut actors: BTreeMap<String, f64> = BTreeMap::new();
    let mut issues = Vec::new();
    for issue in &opts.issues {
        let rows = store.statements(Some(issue), opts.as_of.as_deref())?;
        let mut by_actor: BTreeMap<String, Vec<&PositionRow>> = BTreeMap::new();
        for r in &rows {
            let who = r.affiliation.clone().unwrap_or_else(|| r.holder.clone());
            by_actor.entry(who).or_default().push(r);
        }
        let stances = by_actor
            .into_iter()
            .map(|(who, rs)| {
                let cap = opts
                    .capabilities
                    .get(&who)
                    .copied()
                    .unwrap_or(opts.default_capability);
                actors.insert(who.clone(), cap);
                Stance {
                    actor: who,
                    position: stance_value(&rs),
                    salience: salience_value(&rs),
                    sources: rs
                        .iter()
                        .map(|r| format!("article {} chars {}–{}", r.article, r.start, r.end))
                        .collect(),
                }
            })
            .collect::<Vec<_>>();
        if !stances.is_empty() {
            issues.push(Issue {
                id: issue.clone(),
                description: None,
                min: 0.0,
                max: 100.0,
                status_quo: None,
                outcome: None,
                stances,
            });
        }
    }
    Ok(Scenario {
        joint: false,
        name: Some(format!(
            "From the record{}",
            opts.as_of
                .as_deref()
                .map(|d| format!(" as of {d}"))
                .unwrap_or_default()
        )),
        actors: actors
            .into_iter()
            .map(|(name, capability)| Actor { name, capability })
            .collect(),
        issues,
    })
}

/// Those who spoke on `issue` (quotes that name it, up to `as_of`) and
/// have no input in `scenario` (by affiliation, or name), each with its
/// number of quotes: a forecast without them should say so.
pub fn speakers_without_input(
    store: &mut Store,
    issue: &str,
    as_of: Option<&str>,
    scenario: &Scenario,
) -> Result<Vec<(String, usize)>> {
    let affiliation: BTreeMap<String, Option<String>> = store
        .actors()?
        .into_iter()
        .map(|a| (a.key, a.affiliation))
        .collect();
    let quotes = store.quotes(&crate::db::QuoteFilter {
        issue: Some(issue.to_string()),
        until: as_of.map(str::to_string),
        ..Default::default()
    })?;
    let mut silent: BTreeMap<String, usize> = BTreeMap::new();
    for q in quotes {
        let Some(name) = q.actor_name.clone() else {
            continue;
        };
        let who = q
            .actor_key
            .as_ref()
            .and_then(|k| affiliation.get(k).cloned().flatten())
            .unwrap_or(name);
        if !scenario.actors.iter().any(|a| a.name == who) {
            *silent.entry(who).or_default() += 1;
        }
    }
    let mut out: Vec<(String, usize)> = silent.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(out)
}

/// The record's main parties (the `n` with the most statements on any
/// issue, by affiliation or name, up to `as_of`) that have no input in
/// `scenario`, most statements first.
pub fn main_parties_without_input(
    store: &mut Store,
    n: usize,
    as_of: Option<&str>,
    scenario: &Scenario,
) -> Result<Vec<String>> {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for r in store.statements(None, as_of)? {
        *count.entry(r.affiliation.unwrap_or(r.holder)).or_default() += 1;
    }
    let mut ranked: Vec<(String, usize)> = count.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(ranked
        .into_iter()
        .take(n)
        .map(|(who, _)| who)
        .filter(|who| !scenario.actors.iter().any(|a| &a.name == who))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement(stance: &str, confidence: f64) -> PositionRow {
        PositionRow {
            actor: "country:testland".into(),
            holder: "Testland".into(),
            affiliation: Some("Testland".into()),
            issue: "ceasefire".into(),
            stance: stance.into(),
            published: Some("2025-03-01".into()),
            statements: 1,
            confidence,
            evidence: "Testland backs a ceasefire.".into(),
            article: 1,
            start: 0,
            end: 27,
            id: 1,
            review: None,
            reviewed_key: None,
        }
    }

    #[test]
    fn positions_stay_on_the_scale_whatever_the_rounding() {
        // 100·0.6 + 100·0.7 over 0.6 + 0.7 is 100.00000000000001 in floating point
        let rows = [statement("support", 0.6), statement("support", 0.7)];
        let refs: Vec<&PositionRow> = rows.iter().collect();
        assert_eq!(stance_value(&refs), Value::Fixed(100.0));
        let rows = [statement("oppose", 0.6), statement("oppose", 0.7)];
        let refs: Vec<&PositionRow> = rows.iter().collect();
        assert_eq!(stance_value(&refs), Value::Fixed(0.0));
    }

    #[test]
    fn scenario_numbers_are_given_to_a_tenth() {
        let tenths = |v: &Value| {
            let xs: Vec<f64> = match v {
                Value::Fixed(x) => vec![*x],
                Value::Range(r) => r.to_vec(),
            };
            xs.iter()
                .all(|x| ((x * 10.0).round() / 10.0 - x).abs() < 1e-9)
        };
        let rows = [
            statement("support", 0.8),
            statement("oppose", 0.7),
            statement("support", 0.6),
        ];
        for n in 1..=3 {
            let refs: Vec<&PositionRow> = rows[..n].iter().collect();
            let (position, salience) = (stance_value(&refs), salience_value(&refs));
            assert!(tenths(&position), "{position:?}");
            assert!(tenths(&salience), "{salience:?}");
        }
        // 30 + 25·ln 2·0.8 = 43.862943611198906
        let one = [statement("support", 0.8)];
        let refs: Vec<&PositionRow> = one.iter().collect();
        assert_eq!(salience_value(&refs), Value::Range([28.9, 43.9, 58.9]));
    }
}
