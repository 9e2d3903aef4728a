//! Bueno de Mesquita's expected-utility model (EUM) as Scholz, Calbert &
//! Smith (2011) unravel it.
//!
//! Each round: (1) with risk exponents rᵢ = 1, each actor's danger level is the
//! sum of the expected utilities that others have of challenging it; (2) the
//! danger levels give the risk exponents rᵢ = (1 − Rᵢ/3)/(1 + Rᵢ/3) with
//! Rᵢ = (2·dangerᵢ − max − min)/(max − min); (3) each actor i weighs every
//! other actor j from its own perspective: its expected utility of
//! challenging j, E[i→j], and of being challenged, E[j→i]. The octant gives
//! the offer: confrontation (E[j→i] > E[i→j] > 0: i moves to xⱼ), compromise
//! (E[j→i] > 0 > E[i→j], E[j→i] > |E[i→j]|: i moves by the fraction
//! |E[i→j]/E[j→i]| toward xⱼ), capitulation (E[j→i] > 0 > E[i→j],
//! E[j→i] < |E[i→j]|: i moves to xⱼ, off by default, see below); (4) each actor
//! takes one offer, all moves at once.
//!
//! Choices where the paper leaves one open, each an [`Options`] field:
//! - probability of success: Σₖ max(0, vₖ(i, j)) over the sum of |vₖ| across
//!   all pairs of positions, with vₖ(i, j) = cₖsₖ(|xₖ − xⱼ|^rₖ − |xₖ − xᵢ|^rₖ)
//!   on the unit scale (`ProbabilityDenominator::AllPairs`, as Scholz's code);
//!   or over the pair alone (`PerPair`, BdM's 1994 text);
//! - which offer an actor takes: confrontations first, nearest position;
//!   then compromises, smallest weighted position
//!   (|E[i→j]|xᵢ + |E[j→i]|xⱼ)/(|E[i→j]| + |E[j→i]|) (as Scholz's code);
//!   then capitulations, nearest;
//! - capitulation: off by default: Scholz's code never reaches it, and their
//!   published rounds follow from that;
//! - status-quo term: Q = 1, so an actor weighs a challenge against the
//!   status quo utility alone (T is then moot);
//! - stopping rule: a fixed number of rounds, or until the weighted median
//!   has moved less than `tolerance` (share of the scale) in each of the last
//!   two rounds, capped at `max_rounds`. The forecast is the weighted median
//!   after the last round.

use crate::models::{Round, Solution, weighted_median_in};
use crate::scenario::Game;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProbabilityDenominator {
    AllPairs,
    PerPair,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Stop {
    Rounds(usize),
    Converged { tolerance: f64, max_rounds: usize },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub denominator: ProbabilityDenominator,
    pub capitulation: bool,
    pub stop: Stop,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            denominator: ProbabilityDenominator::AllPairs,
            capitulation: false,
            stop: Stop::Converged {
                tolerance: 0.01,
                max_rounds: 20,
            },
        }
    }
}

/// Working state, reused across rounds and, per thread, across runs.
#[derive(Default)]
struct Work {
    n: usize,
    /// The positions `place` last saw, and which actors have moved since.
    placed: Vec<f64>,
    moved: Vec<bool>,
    /// The first actor on each actor's position (itself if none before it).
    same_as: Vec<usize>,
    /// |xₖ − xₐ| / range, row k.
    dist: Vec<f64>,
    /// ln of `dist`, and ln(0.5 − d/2), ln(0.5 + d/2): the bases of the utilities.
    ln_dist: Vec<f64>,
    ln_near: Vec<f64>,
    ln_far: Vec<f64>,
    /// Probability of success of i against j, row i.
    prob: Vec<f64>,
    cs: Vec<f64>,
    r: Vec<f64>,
    weighted_t: Vec<f64>,
    /// Σₖ of each column of `weighted_t`.
    column_total: Vec<f64>,
    /// Σ of the others' expected utilities of challenging each actor.
    danger: Vec<f64>,
    /// Positions after this round's moves.
    next: Vec<f64>,
    /// Scratch space of the weighted median.
    sorted: Vec<(f64, f64)>,
}

impl Work {
    /// Ready for `game`: sized to its actors, every pair to be placed afresh.
    fn reset(&mut self, game: &Game) {
        let n = game.len();
        self.n = n;
        for square in [
            &mut self.dist,
            &mut self.ln_dist,
            &mut self.ln_near,
            &mut self.ln_far,
            &mut self.prob,
            &mut self.weighted_t,
        ] {
            square.clear();
            square.resize(n * n, 0.0);
        }
        for row in [
            &mut self.column_total,
            &mut self.danger,
            &mut self.next,
            &mut self.r,
        ] {
            row.clear();
            row.resize(n, 0.0);
        }
        self.placed.clear();
        self.placed.resize(n, f64::NAN);
        self.moved.clear();
        self.moved.resize(n, true);
        self.same_as.clear();
        self.same_as.extend(0..n);
        self.cs.clear();
        self.cs.extend(
            game.capability
                .iter()
                .zip(&game.salience)
                .map(|(c, s)| c * s),
        );
    }

    /// Distances and their logarithms, once per round (the matrices are
    /// symmetric), for the pairs with an actor that moved since the last call.
    fn place(&mut self, x: &[f64], range: f64) {
        let n = self.n;
        for (moved, (&now, &then)) in self.moved.iter_mut().zip(x.iter().zip(&self.placed)) {
            // NaN before the first call: everyone has moved
            *moved = now != then;
        }
        for k in 0..n {
            for a in k..n {
                if !self.moved[k] && !self.moved[a] {
                    continue;
                }
                let d = (x[k] - x[a]).abs() / range;
                let (ld, ln, lf) = if d == 0.0 {
                    // shared positions: no logarithms to take
                    (
                        f64::NEG_INFINITY,
                        -std::f64::consts::LN_2,
                        -std::f64::consts::LN_2,
                    )
                } else {
                    (d.ln(), (0.5 - 0.5 * d).ln(), (0.5 + 0.5 * d).ln())
                };
                let (u, v) = (k * n + a, a * n + k);
                self.dist[u] = d;
                self.dist[v] = d;
                self.ln_dist[u] = ld;
                self.ln_dist[v] = ld;
                self.ln_near[u] = ln;
                self.ln_near[v] = ln;
                self.ln_far[u] = lf;
                self.ln_far[v] = lf;
            }
        }
        self.placed.copy_from_slice(x);
        for a in 0..n {
            self.same_as[a] = (0..a).find(|&b| x[b] == x[a]).unwrap_or(a);
        }
    }

    /// Powered distances under the current risk exponents, and the
    /// probabilities of success of every pair.
    fn fill(&mut self, denominator: ProbabilityDenominator) {
        let n = self.n;
        // weighted columns: wt[a·n + k] = cₖsₖ·(dₖₐ)^rₖ, contiguous over the
        // voters k; distances are symmetric, so row a of `dist` is column a.
        // An actor on the position of an earlier one has that one's column
        for (((wt, total), (drow, lrow)), _) in self
            .weighted_t
            .chunks_exact_mut(n)
            .zip(self.column_total.iter_mut())
            .zip(self.dist.chunks_exact(n).zip(self.ln_dist.chunks_exact(n)))
            .zip(self.same_as.iter().enumerate())
            .filter(|(_, (a, same))| a == *same)
        {
            let mut sum = 0.0;
            for ((w, (&d, &ld)), (&rk, &ck)) in wt
                .iter_mut()
                .zip(drow.iter().zip(lrow))
                .zip(self.r.iter().zip(&self.cs))
            {
                let p = if rk == 1.0 || d == 0.0 {
                    d
                } else {
                    (rk * ld).exp()
                };
                *w = ck * p;
                sum += *w;
            }
            *total = sum;
        }
        for (a, &same) in self.same_as.iter().enumerate() {
            if same != a {
                self.weighted_t.copy_within(same * n..(same + 1) * n, a * n);
                self.column_total[a] = self.column_total[same];
            }
        }
        // Σₖ Σ_{a≠b} |vₖ(a, b)| is twice the sum of the pair totals below
        let mut all_pairs = 0.0;
        for i in 0..n {
            self.prob[i * n + i] = 0.0;
            let ci = &self.weighted_t[i * n..(i + 1) * n];
            for j in i + 1..n {
                let (same_i, same_j) = (self.same_as[i], self.same_as[j]);
                let (for_i, for_j) = if same_i == same_j {
                    // one position: no votes either way
                    (0.0, 0.0)
                } else if same_i < same_j && (same_i, same_j) != (i, j) {
                    // the same columns as an earlier pair, in the same order
                    (
                        self.prob[same_i * n + same_j],
                        self.prob[same_j * n + same_i],
                    )
                } else {
                    // vₖ(j, i) = −vₖ(i, j): the votes for i, and for j as the
                    // votes for i less Σₖ vₖ(i, j), the difference of column totals
                    let cj = &self.weighted_t[j * n..(j + 1) * n];
                    let for_i: f64 = ci
                        .iter()
                        .zip(cj)
                        .map(|(wi, wj)| {
                            let v = wj - wi;
                            if v > 0.0 { v } else { 0.0 }
                        })
                        .sum();
                    let for_j = (for_i - (self.column_total[j] - self.column_total[i])).max(0.0);
                    (for_i, for_j)
                };
                all_pairs += for_i + for_j;
                self.prob[i * n + j] = for_i;
                self.prob[j * n + i] = for_j;
            }
        }
        // the shared denominator: one division; equal positions have no votes
        // either way, so their probabilities come out 0
        let all_pairs = 2.0 * all_pairs;
        let per_vote = if all_pairs > 0.0 {
            all_pairs.recip()
        } else {
            0.0
        };
        for i in 0..n {
            for j in i + 1..n {
                let (for_i, for_j) = (self.prob[i * n + j], self.prob[j * n + i]);
                let (pij, pji) = match denominator {
                    ProbabilityDenominator::AllPairs => (for_i * per_vote, for_j * per_vote),
                    ProbabilityDenominator::PerPair if for_i + for_j > 0.0 => {
                        (for_i / (for_i + for_j), for_j / (for_i + for_j))
                    }
                    ProbabilityDenominator::PerPair => (0.0, 0.0),
                };
                self.prob[i * n + j] = pij;
                self.prob[j * n + i] = pji;
            }
        }
    }
}

/// Basic utilities from the perspective of an actor with risk exponent `r`,
/// for a challenge across distance `d` (share of the scale).
#[cfg(test)]
fn utilities(r: f64, d: f64) -> (f64, f64, f64) {
    utilities_ln(
        r,
        (0.5 - 0.5 * d).ln(),
        (0.5 + 0.5 * d).ln(),
        status_quo_utility(r),
    )
}

fn status_quo_utility(r: f64) -> f64 {
    2.0 - 4.0 * 0.5f64.powf(r)
}

/// The same from the logarithms of the bases 0.5 ∓ d/2.
fn utilities_ln(r: f64, ln_near: f64, ln_far: f64, status_quo: f64) -> (f64, f64, f64) {
    let pw = |ln_b: f64| {
        if r == 1.0 {
            ln_b.exp()
        } else {
            (r * ln_b).exp()
        }
    };
    (2.0 - 4.0 * pw(ln_near), 2.0 - 4.0 * pw(ln_far), status_quo)
}

/// E[i→j] given the challenger's perspective's utilities (success, failure, status quo).
fn expected_utility((us, uf, usq): (f64, f64, f64), p: f64, s_j: f64) -> f64 {
    s_j * (p * us + (1.0 - p) * uf) + (1.0 - s_j) * us - usq
}

thread_local! {
    /// Each thread's working state, kept between runs (Monte Carlo draws).
    static WORK: std::cell::RefCell<Work> = std::cell::RefCell::new(Work::default());
}

pub fn run(game: &Game, opts: &Options, record: bool) -> Solution {
    WORK.with_borrow_mut(|work| run_in(work, game, opts, record))
}

fn run_in(work: &mut Work, game: &Game, opts: &Options, record: bool) -> Solution {
    let n = game.len();
    let range = game.max - game.min;
    let mut x = game.position.clone();
    let s = &game.salience;
    work.reset(game);
    let mut rounds = Vec::new();
    let mut medians = vec![weighted_median_in(&mut work.sorted, game, &x)];
    let (fixed, max_rounds, tolerance) = match opts.stop {
        Stop::Rounds(k) => (true, k, 0.0),
        Stop::Converged {
            tolerance,
            max_rounds,
        } => (false, max_rounds, tolerance),
    };
    for _ in 0..max_rounds {
        if n < 2 || range <= 0.0 {
            break;
        }
        // (1) danger levels with r = 1
        work.r.iter_mut().for_each(|r| *r = 1.0);
        work.place(&x, range);
        work.fill(opts.denominator);
        // danger of a: Σₒ E[o→a], taken row by row of o
        work.danger.iter_mut().for_each(|d| *d = 0.0);
        for (o, (prow, drow)) in work
            .prob
            .chunks_exact(n)
            .zip(work.dist.chunks_exact(n))
            .enumerate()
        {
            for (a, ((danger_a, &p), (&d, &sa))) in work
                .danger
                .iter_mut()
                .zip(prow)
                .zip(drow.iter().zip(s))
                .enumerate()
            {
                if a != o {
                    *danger_a += expected_utility((2.0 * d, -2.0 * d, 0.0), p, sa);
                }
            }
        }
        // (2) risk exponents
        let (lo, hi) = work
            .danger
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &d| {
                (l.min(d), h.max(d))
            });
        for (r, &d) in work.r.iter_mut().zip(&work.danger) {
            let big_r = if hi > lo {
                (2.0 * d - hi - lo) / (hi - lo)
            } else {
                0.0
            };
            *r = (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0);
        }
        work.fill(opts.denominator);
        // (3) offers, each actor from its own perspective
        for i in 0..n {
            let ri = work.r[i];
            let usq = status_quo_utility(ri);
            let row = i * n..(i + 1) * n;
            let (near, far, p_i) = (
                &work.ln_near[row.clone()],
                &work.ln_far[row.clone()],
                &work.prob[row],
            );
            // (4) confrontation first, then compromise, then capitulation:
            // the least (kind, key), the first of equals
            let mut best: Option<(u8, f64, f64)> = None; // (kind, key, position)
            for j in 0..n {
                // nothing beats a confrontation as near or nearer, found first
                if x[i] == x[j] || best.is_some_and(|b| b.0 == 0 && b.1 <= (x[i] - x[j]).abs()) {
                    continue;
                }
                let p_ji = work.prob[j * n + i];
                // E[j→i] − E[i→j] = (u_s − u_f)·(s_j(1 − p_ij) − s_i(1 − p_ji)),
                // and every offer needs E[j→i] > E[i→j]: no powers to take
                // when the second factor says otherwise
                if s[j] * (1.0 - p_i[j]) <= s[i] * (1.0 - p_ji) {
                    continue;
                }
                let u = utilities_ln(ri, near[j], far[j], usq);
                let e_ij = expected_utility(u, p_i[j], s[j]);
                let e_ji = expected_utility(u, p_ji, s[i]);
                let offer = if e_ji > e_ij && e_ij > 0.0 {
                    (0, (x[i] - x[j]).abs(), x[j])
                } else if e_ji > 0.0 && e_ij < 0.0 && e_ji > -e_ij {
                    let pos = x[i] + (x[j] - x[i]) * (e_ij / e_ji).abs();
                    let key = (e_ij.abs() * x[i] + e_ji.abs() * x[j]) / (e_ij.abs() + e_ji.abs());
                    (1, key, pos)
                } else if opts.capitulation && e_ji > 0.0 && e_ij < 0.0 && e_ji < -e_ij {
                    (2, (x[i] - x[j]).abs(), x[j])
                } else {
                    continue;
                };
                if best.is_none_or(|b| offer.0.cmp(&b.0).then(offer.1.total_cmp(&b.1)).is_lt()) {
                    best = Some(offer);
                }
            }
            work.next[i] = best.map_or(x[i], |o| o.2);
        }
        std::mem::swap(&mut x, &mut work.next);
        let median = weighted_median_in(&mut work.sorted, game, &x);
        if record {
            rounds.push(Round::new(game, &x, median));
        }
        medians.push(median);
        if !fixed {
            let k = medians.len();
            let still = |a: f64, b: f64| (a - b).abs() < tolerance * range;
            if k >= 3
                && still(medians[k - 1], medians[k - 2])
                && still(medians[k - 2], medians[k - 3])
            {
                break;
            }
        }
    }
    Solution {
        forecast: *medians.last().unwrap_or(&0.0),
        rounds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::weighted_median;
    use proptest::prelude::Strategy;

    /// A made-up council: two blocs and a small, half-interested middle.
    fn council() -> Game {
        let rows = [
            ("North", 0.20, 0.0, 90.0),
            ("East", 0.15, 0.0, 70.0),
            ("Middle", 0.05, 50.0, 30.0),
            ("South", 0.25, 100.0, 60.0),
            ("West", 0.20, 100.0, 80.0),
            ("Isle", 0.05, 50.0, 20.0),
        ];
        Game {
            names: rows.iter().map(|r| r.0.to_string()).collect(),
            capability: rows.iter().map(|r| r.1).collect(),
            position: rows.iter().map(|r| r.2).collect(),
            salience: rows.iter().map(|r| r.3 / 100.0).collect(),
            min: 0.0,
            max: 100.0,
            status_quo: None,
        }
    }

    #[test]
    fn weak_middle_actors_move_and_the_blocs_hold() {
        let opts = Options {
            stop: Stop::Rounds(1),
            ..Options::default()
        };
        let sol = run(&council(), &opts, true);
        let pos = |name: &str| {
            sol.rounds[0]
                .positions
                .iter()
                .find(|p| p.0 == name)
                .unwrap()
                .1
        };
        assert!(
            pos("Middle") != 50.0 || pos("Isle") != 50.0,
            "{:?}",
            sol.rounds[0].positions
        );
        assert_eq!(
            (pos("North"), pos("South")),
            (0.0, 100.0),
            "{:?}",
            sol.rounds[0].positions
        );
        assert_eq!(
            sol.rounds[0].median,
            weighted_median(
                &council(),
                &sol.rounds[0]
                    .positions
                    .iter()
                    .map(|p| p.1)
                    .collect::<Vec<_>>()
            )
        );
    }

    #[test]
    fn risk_exponents_stay_in_the_papers_bounds() {
        // R in [-1, 1] gives r in [0.5, 2]
        for big_r in [-1.0f64, -0.3, 0.0, 0.7, 1.0] {
            let r = (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0);
            assert!((0.5..=2.0).contains(&r));
        }
        let (us, uf, usq) = utilities(1.0, 0.0);
        assert_eq!((us, uf, usq), (0.0, 0.0, 0.0), "no distance, no stake");
    }

    proptest::proptest! {
        /// The pre-filter of the offers: E[j→i] > E[i→j] exactly when
        /// s_j(1 − p_ij) > s_i(1 − p_ji), whatever the utilities.
        #[test]
        fn challenge_gap_has_the_sign_of_the_salience_term(
            r in 0.5f64..2.0,
            d in 0.01f64..1.0,
            (p_ij, p_ji) in (0.0f64..1.0, 0.0f64..1.0),
            (s_i, s_j) in (0.0f64..1.0, 0.0f64..1.0),
        ) {
            let u = utilities(r, d);
            let gap = expected_utility(u, p_ji, s_i) - expected_utility(u, p_ij, s_j);
            let term = s_j * (1.0 - p_ij) - s_i * (1.0 - p_ji);
            proptest::prop_assume!(term.abs() > 1e-9);
            proptest::prop_assert_eq!(gap > 0.0, term > 0.0, "gap {} term {}", gap, term);
        }
    }

    #[test]
    fn a_run_does_not_depend_on_the_runs_before_it_on_its_thread() {
        // the same positions on a wider scale: other distances, same actors
        let wide = || Game {
            max: 250.0,
            ..council()
        };
        let mut small = council();
        small.names.truncate(3);
        small.capability.truncate(3);
        small.position.truncate(3);
        small.salience.truncate(3);
        let on_a_new_thread = |games: Vec<Game>| {
            std::thread::spawn(move || {
                games
                    .iter()
                    .map(|g| run(g, &Options::default(), true))
                    .collect::<Vec<_>>()
            })
            .join()
            .unwrap()
        };
        let after_others = on_a_new_thread(vec![council(), wide(), small, council()]);
        assert_eq!(after_others[1], on_a_new_thread(vec![wide()])[0]);
        assert_eq!(after_others[3], on_a_new_thread(vec![council()])[0]);
    }

    /// One round straight from the formulas of the module documentation
    /// (AllPairs, no capitulation), without any of `run`'s shortcuts.
    fn reference_round(g: &Game, x: &[f64]) -> Vec<f64> {
        let n = x.len();
        let range = g.max - g.min;
        let d = |a: usize, b: usize| (x[a] - x[b]).abs() / range;
        let probabilities = |r: &[f64]| {
            let vote = |k: usize, i: usize, j: usize| {
                g.capability[k] * g.salience[k] * (d(k, j).powf(r[k]) - d(k, i).powf(r[k]))
            };
            let mut total = 0.0;
            for i in 0..n {
                for j in 0..n {
                    if i != j {
                        total += (0..n).map(|k| vote(k, i, j).abs()).sum::<f64>();
                    }
                }
            }
            (0..n)
                .map(|i| {
                    (0..n)
                        .map(|j| {
                            if i == j || total <= 0.0 {
                                return 0.0;
                            }
                            (0..n).map(|k| vote(k, i, j).max(0.0)).sum::<f64>() / total
                        })
                        .collect::<Vec<f64>>()
                })
                .collect::<Vec<_>>()
        };
        let p = probabilities(&vec![1.0; n]);
        let danger: Vec<f64> = (0..n)
            .map(|a| {
                (0..n)
                    .filter(|&o| o != a)
                    .map(|o| {
                        let u = (2.0 * d(o, a), -2.0 * d(o, a), 0.0);
                        expected_utility(u, p[o][a], g.salience[a])
                    })
                    .sum()
            })
            .collect();
        let (lo, hi) = danger
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
                (l.min(v), h.max(v))
            });
        let r: Vec<f64> = danger
            .iter()
            .map(|&v| {
                let big_r = if hi > lo {
                    (2.0 * v - hi - lo) / (hi - lo)
                } else {
                    0.0
                };
                (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)
            })
            .collect();
        let p = probabilities(&r);
        (0..n)
            .map(|i| {
                let mut best: Option<(u8, f64, f64)> = None;
                for j in (0..n).filter(|&j| x[j] != x[i]) {
                    let u = utilities(r[i], d(i, j));
                    let e_ij = expected_utility(u, p[i][j], g.salience[j]);
                    let e_ji = expected_utility(u, p[j][i], g.salience[i]);
                    let offer = if e_ji > e_ij && e_ij > 0.0 {
                        (0, (x[i] - x[j]).abs(), x[j])
                    } else if e_ji > 0.0 && e_ij < 0.0 && e_ji > -e_ij {
                        let key =
                            (e_ij.abs() * x[i] + e_ji.abs() * x[j]) / (e_ij.abs() + e_ji.abs());
                        (1, key, x[i] + (x[j] - x[i]) * (e_ij / e_ji).abs())
                    } else {
                        continue;
                    };
                    if best.is_none_or(|b| (offer.0, offer.1) < (b.0, b.1)) {
                        best = Some(offer);
                    }
                }
                best.map_or(x[i], |b| b.2)
            })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// `run`'s shortcuts (distances kept between rounds, shared columns
        /// for shared positions, the offer pre-filter) change nothing: each
        /// round is the plain formulas' round, up to rounding.
        #[test]
        fn rounds_follow_the_plain_formulas(
            actors in proptest::collection::vec(
                // positions often shared: a few grid points, or anywhere
                (0.01f64..1.0, proptest::prop_oneof![
                    (0u8..5).prop_map(|k| f64::from(k) * 25.0),
                    0.0f64..100.0
                ], 0.05f64..1.0),
                2..9,
            ),
        ) {
            let game = Game {
                names: (0..actors.len()).map(|k| format!("a{k}")).collect(),
                capability: actors.iter().map(|a| a.0).collect(),
                position: actors.iter().map(|a| a.1).collect(),
                salience: actors.iter().map(|a| a.2).collect(),
                min: 0.0,
                max: 100.0,
                status_quo: None,
            };
            let sol = run(&game, &Options { stop: Stop::Rounds(3), ..Options::default() }, true);
            let mut x = game.position.clone();
            for round in &sol.rounds {
                let want = reference_round(&game, &x);
                for (k, (got, want)) in round.positions.iter().map(|p| p.1).zip(&want).enumerate() {
                    proptest::prop_assert!((got - want).abs() < 1e-6, "actor {k}: {got} vs {want}");
                }
                x = round.positions.iter().map(|p| p.1).collect();
            }
        }
    }

    #[test]
    fn converged_stop_ends_on_a_stable_median() {
        let sol = run(&council(), &Options::default(), true);
        let k = sol.rounds.len();
        assert!((3..=20).contains(&k));
        assert_eq!(sol.forecast, sol.rounds[k - 1].median);
    }

    #[test]
    fn one_actor_or_one_position_does_not_move() {
        let mut g = council();
        g.position.iter_mut().for_each(|x| *x = 70.0);
        let sol = run(
            &g,
            &Options {
                stop: Stop::Rounds(3),
                ..Options::default()
            },
            true,
        );
        assert!(
            sol.rounds
                .iter()
                .all(|r| r.positions.iter().all(|p| p.1 == 70.0))
        );
    }
}
