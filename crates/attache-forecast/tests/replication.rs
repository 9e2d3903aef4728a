//! Replications against the published data in ../shared (ignored by the plain
//! test run; `.ci/run` runs them with `--ignored`, where ../shared is present).

use attache_forecast::backtest::backtest;
use attache_forecast::eum::{self, Stop};
use attache_forecast::formats::read_scenario;
use attache_forecast::models::{self, Model, Options};
use attache_forecast::smp;
use std::path::PathBuf;

fn shared(rel: &str) -> PathBuf {
    let base = std::env::var_os("ATTACHE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let p = base.join(rel);
    assert!(
        p.exists(),
        "{} is missing: these tests need ../shared",
        p.display()
    );
    p
}

/// Scholz, Calbert & Smith (2011), Table 2: the median and mean voter
/// positions at the end of rounds 1–8 of BdM's 1994 emission-standards game.
#[test]
#[ignore = "needs ../shared"]
fn eum_reproduces_scholz_table_2() {
    let s = read_scenario(&shared("data/eum/emission_standards_1994.csv")).unwrap();
    let opts = Options {
        eum: eum::Options {
            stop: Stop::Rounds(8),
            ..eum::Options::default()
        },
        record_rounds: true,
        ..Options::default()
    };
    let sol = models::solve(Model::Eum, &s.modal_game(0), &opts);
    let medians: Vec<f64> = sol.rounds.iter().map(|r| r.median).collect();
    let means: Vec<f64> = sol.rounds.iter().map(|r| r.mean).collect();
    println!("medians {medians:.3?}\nmeans   {means:.3?}");
    // Round 2 is held to 9.61, not the paper's 9.9: the replication built
    // from Scholz et al.'s own Java code (jmckib/bdm-scholz-expected-utility-model)
    // gives 9.611, and forcing 9.9 breaks the paper's rounds 3–4; the 9.9 is
    // most likely a misprint (docs/forecast.md).
    let paper_median = [8.4, 9.61, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6];
    let paper_mean = [7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6];
    assert_eq!(medians.len(), 8);
    for (round, (got, want)) in medians.iter().zip(paper_median).enumerate() {
        assert!(
            (got - want).abs() <= 0.1,
            "round {}: median {got:.3}, expected {want}",
            round + 1
        );
    }
    for (round, (got, want)) in means.iter().zip(paper_mean).enumerate() {
        assert!(
            (got - want).abs() <= 0.1,
            "round {}: mean {got:.3}, paper {want}",
            round + 1
        );
    }
}

/// The compromise model's DEU error equals a plain recomputation.
#[test]
#[ignore = "needs ../shared"]
fn deu_backtest_mean_matches_a_plain_recomputation() {
    let s = read_scenario(&shared("data/deu/deu3-dev.tsv")).unwrap();
    let bt = backtest(&s, &[Model::Mean], &Options::default());
    let mut total = 0.0;
    let mut n = 0;
    for issue in &s.issues {
        let Some(out) = issue.outcome else { continue };
        let (mut num, mut den) = (0.0, 0.0);
        for st in &issue.stances {
            let c = s
                .actors
                .iter()
                .find(|a| a.name == st.actor)
                .unwrap()
                .capability;
            num += c * st.salience.mode() * st.position.mode();
            den += c * st.salience.mode();
        }
        let f = if den > 0.0 {
            num / den
        } else {
            issue.stances.iter().map(|x| x.position.mode()).sum::<f64>()
                / issue.stances.len() as f64
        };
        total += (f - out).abs();
        n += 1;
    }
    let mean = &bt.models["mean"];
    println!("DEU mean MAE {:.3} over {} issues", mean.mae, mean.n);
    assert_eq!(mean.n, n);
    assert!((mean.mae - total / n as f64).abs() < 1e-9);
    assert!(
        mean.mae > 15.0 && mean.mae < 30.0,
        "about 23 on this scale: {}",
        mean.mae
    );
}

/// The last column of a table in a KTAB reference log: "History of actor
/// positions over time" (`actor, dimension: …` lines) or "History of actors'
/// winning probabilities" (`actor, prob : …`).
fn ktab_final_column(log: &str, title: &str) -> Vec<(String, String, f64)> {
    let start = log.find(title).expect("the table in the log");
    log[start..]
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("History of") && !l.trim().is_empty())
        .filter_map(|l| {
            let (label, values) = l.split_once(':')?;
            let (actor, dim) = label.split_once(',')?;
            let last = values.split_whitespace().last()?.parse().ok()?;
            Some((actor.trim().to_string(), dim.trim().to_string(), last))
        })
        .collect()
}

fn smp_against_ktab(csv: &str, log: &str) {
    let s = read_scenario(&shared(csv)).unwrap();
    let games: Vec<_> = (0..s.issues.len()).map(|i| s.modal_game(i)).collect();
    let refs: Vec<&_> = games.iter().collect();
    let space = smp::Space::from_games(&refs);
    let run = smp::run(&space, &smp::Options::default());
    let log = std::fs::read_to_string(shared(log)).unwrap();
    let want = ktab_final_column(&log, "History of actor positions over time");
    assert_eq!(want.len(), s.actors.len() * s.issues.len());
    let last = run.states.last().unwrap();
    let states: usize = log
        .split("There were ")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("the log's state count");
    assert_eq!(run.states.len(), states, "number of states (turns + 1)");
    let mut worst: f64 = 0.0;
    for (a, actor) in s.actors.iter().enumerate() {
        for (k, _) in s.issues.iter().enumerate() {
            let got = 100.0 * last[a * space.dims + k];
            let (_, dim, w) = &want[a * s.issues.len() + k];
            println!("{:>6} {dim:>22}: {got:6.2} KTAB {w:6.1}", actor.name);
            worst = worst.max((got - w).abs());
        }
    }
    // the log prints one decimal: agreement to its rounding, far inside 1.0
    assert!(worst <= 0.06, "largest difference from KTAB {worst:.3}");
    let want = ktab_final_column(&log, "History of actors' winning probabilities");
    assert_eq!(want.len(), s.actors.len());
    for ((actor, _, w), got) in want.iter().zip(&run.win_probability) {
        println!("{actor:>6} wins {got:.4} KTAB {w:.4}");
        assert!((got - w).abs() <= 6e-5, "{actor}: {got:.5} vs KTAB {w}");
    }
}

#[test]
#[ignore = "needs ../shared"]
fn smp_matches_ktab_dummy_3dim() {
    smp_against_ktab(
        "data/ktab/dummyData_3Dim.csv",
        "data/ktab/20170530_ref-dummyData_3Dim.txt",
    );
}

#[test]
#[ignore = "needs ../shared"]
fn smp_matches_ktab_soe_pol_comp() {
    smp_against_ktab(
        "data/ktab/SOE-Pol-Comp.csv",
        "data/ktab/20170530_ref-SOE-Pol-Comp.txt",
    );
}
