//! KTAB's Spatial Model of Politics (SMP), as KAPSARC's KTAB runs it with
//! the settings of its reference logs: linear victory probabilities,
//! proportional voting, conditional probabilistic Condorcet elections (PCE),
//! deterministic state transitions, risk range "Mid", risk adjustment
//! "OneThird", semi-committed third parties, S2P2 interpolated bargains,
//! initiator-only bargains.
//!
//! Positions and saliences live on [0, 1] per dimension; an actor's
//! saliences sum to at most 1. Each turn, for the current positions:
//! 1. dᵢⱼ: the salience-weighted distance from i's position to j's,
//!    √(Σₖ (sᵢₖ(xᵢₖ − xⱼₖ))² / Σₖ sᵢₖ²); the risk-neutral value 1 − dᵢⱼ.
//! 2. A PCE over the actors' positions, each voter weighing two positions by
//!    capability × value difference, gives each position's chance to win;
//!    the likeliest actor is risk-seeking (R = +1), the least likely
//!    risk-averse (R = −½), linearly between.
//! 3. Utility u(d, R) = (1 − d)(1 + dR). Actor h estimates i's attitude as
//!    (2R_h + Rᵢ)/3, which gives h's matrix of utilities uʰᵢⱼ.
//! 4. Every actor i picks the challenge j with the largest expected gain
//!    (above 10⁻⁵) from its own perspective: chance of winning from the
//!    coalitions of i, j and each third party (semi-committed), and the
//!    gain (1 − sⱼ)·u(victory) + sⱼ·u(contest) − u(status quo).
//! 5. The challenge becomes a bargain interpolated per dimension with weights
//!    s² p² (S2P2), rounded to 10⁻⁴.
//! 6. Each actor takes, among its status quo and the bargains it is part of,
//!    the one a capability-weighted PCE over every actor's mean utility of the
//!    resulting state makes likeliest.
//!
//! The run stops after turn t ≥ 2 once the summed movement of that turn falls
//! below 2% of the first turn's (plus 10⁻⁴), or after 100 turns. The forecast
//! on each dimension is the expected outcome of the final state's PCE over its
//! distinct positions, each actor valuing them with its own utilities.

use crate::models::{Round, Solution, weighted_median};
use crate::scenario::Game;

/// Minimum expected gain for a challenge to be worth making.
const MIN_GAIN: f64 = 1e-5;
/// Positions closer than this (Euclidean, on the unit scale) are the same
/// option when the final state's chances are counted (KTAB's tolerance).
const SAME_POSITION: f64 = 1e-3;

#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub min_turns: usize,
    pub max_turns: usize,
    /// Stop once a turn's movement is below this share of the first turn's.
    pub min_delta_ratio: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            min_turns: 2,
            max_turns: 100,
            min_delta_ratio: 0.02,
        }
    }
}

/// Actors in a space of `dims` dimensions, everything on the unit scale.
#[derive(Clone, Debug)]
pub struct Space {
    pub dims: usize,
    pub capability: Vec<f64>,
    /// Actor-major: `position[i * dims + k]`.
    pub position: Vec<f64>,
    pub salience: Vec<f64>,
}

/// A finished run: the positions of every state (the first is the input) and
/// the final state's chance of each actor's position winning.
#[derive(Clone, Debug)]
pub struct Run {
    pub states: Vec<Vec<f64>>,
    pub win_probability: Vec<f64>,
    /// Expected outcome per dimension under `win_probability`.
    pub outcome: Vec<f64>,
    /// The final state's distinct positions, each as its first actor, with
    /// its chance of winning (summing to 1).
    pub options: Vec<(usize, f64)>,
}

/// The most actors SMP is run for: a turn weighs every challenge against
/// every third party, n³ steps (300 actors: 43 s and 9 MB on a busy host;
/// 1,000 would take about 37 times as long).
pub const MAX_ACTORS: usize = 300;

/// Refuses games too large for SMP, with the reason.
pub fn check_size(actors: usize) -> Result<(), String> {
    if actors > MAX_ACTORS {
        Err(format!(
            "SMP takes at most {MAX_ACTORS} actors (its turns grow with the cube of the actors); this game has {actors}"
        ))
    } else {
        Ok(())
    }
}

impl Space {
    pub fn len(&self) -> usize {
        self.capability.len()
    }

    pub fn is_empty(&self) -> bool {
        self.capability.is_empty()
    }

    /// The actors of `games` (the same actors in the same order in each, one
    /// game per dimension) on the unit scale. Saliences that sum above 1 for
    /// an actor are scaled down to sum to 1, as SMP requires.
    pub fn from_games(games: &[&Game]) -> Space {
        let dims = games.len();
        let n = games.first().map_or(0, |g| g.len());
        let mut position = vec![0.0; n * dims];
        let mut salience = vec![0.0; n * dims];
        for (k, g) in games.iter().enumerate() {
            let range = g.max - g.min;
            for i in 0..n {
                position[i * dims + k] = (g.position[i] - g.min) / range;
                salience[i * dims + k] = g.salience[i];
            }
        }
        for row in salience.chunks_mut(dims.max(1)) {
            let sum: f64 = row.iter().sum();
            if sum > 1.0 {
                row.iter_mut().for_each(|s| *s /= sum);
            }
        }
        Space {
            dims,
            capability: games.first().map_or(Vec::new(), |g| g.capability.clone()),
            position,
            salience,
        }
    }

    fn sal(&self, i: usize) -> &[f64] {
        &self.salience[i * self.dims..(i + 1) * self.dims]
    }

    fn total_salience(&self, i: usize) -> f64 {
        self.sal(i).iter().sum()
    }

    /// Salience-weighted distance between two points, as actor i sees it.
    fn distance(&self, i: usize, a: &[f64], b: &[f64]) -> f64 {
        let (mut ds, mut ss) = (0.0, 0.0);
        for ((&s, &x), &y) in self.sal(i).iter().zip(a).zip(b) {
            let d = (x - y) * s;
            ds += d * d;
            ss += s * s;
        }
        if ss > 0.0 { (ds / ss).sqrt() } else { 0.0 }
    }
}

fn utility(d: f64, r: f64) -> f64 {
    if d <= 1.0 {
        (1.0 - d) * (1.0 + d * r)
    } else {
        (1.0 - d) * (1.0 + r)
    }
}

/// Conditional PCE over options given voters' `weight` and utilities
/// `u[voter * m + option]`: each option's chance to beat all the others.
fn conditional_pce(weight: &[f64], u: &[f64], m: usize) -> Vec<f64> {
    const MIN_COALITION: f64 = 1e-8;
    let mut log_p = vec![0.0; m];
    for i in 0..m {
        for j in 0..i {
            let (mut cij, mut cji) = (MIN_COALITION, MIN_COALITION);
            for (k, &w) in weight.iter().enumerate() {
                let v = w * (u[k * m + i] - u[k * m + j]);
                if v > 0.0 {
                    cij += v;
                } else if v < 0.0 {
                    cji -= v;
                }
            }
            let pij = cij / (cij + cji);
            log_p[i] += pij.ln();
            log_p[j] += (1.0 - pij).ln();
        }
        log_p[i] += 0.5f64.ln();
    }
    // the product of probabilities, normalised; in logs, so many options do not underflow
    let max = log_p.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut p: Vec<f64> = log_p.iter().map(|l| (l - max).exp()).collect();
    let sum: f64 = p.iter().sum();
    p.iter_mut().for_each(|x| *x /= sum);
    p
}

fn argmax(p: &[f64]) -> usize {
    let mut best = 0;
    for (i, &x) in p.iter().enumerate() {
        if x > p[best] {
            best = i;
        }
    }
    best
}

/// One state's valuations: distances, risk attitudes, every actor's estimate
/// of every actor's utilities.
struct Valuation {
    n: usize,
    risk: Vec<f64>,
    /// Each actor's summed salience (fixed, kept here for the inner loops).
    salience: Vec<f64>,
    /// dᵢⱼ at `i * n + j`; uʰᵢⱼ is computed from it when asked, so a state
    /// holds n² numbers, not n³.
    dist: Vec<f64>,
}

impl Valuation {
    fn new(space: &Space, pos: &[f64]) -> Valuation {
        let (n, dims) = (space.len(), space.dims);
        let at = |i: usize| &pos[i * dims..(i + 1) * dims];
        let mut dist = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                dist[i * n + j] = space.distance(i, at(i), at(j));
            }
        }
        let value: Vec<f64> = dist.iter().map(|&d| utility(d, 0.0)).collect();
        let p = conditional_pce(&space.capability, &value, n);
        let (lo, hi) = p
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
                (lo.min(x), hi.max(x))
            });
        // range "Mid": R from −½ (least likely) to +1 (likeliest)
        let risk: Vec<f64> = if hi - lo > 1e-12 {
            p.iter()
                .map(|&x| (3.0 * x - (hi + 2.0 * lo)) / (2.0 * (hi - lo)))
                .collect()
        } else {
            vec![0.0; n]
        };
        let salience = (0..n).map(|i| space.total_salience(i)).collect();
        Valuation {
            n,
            risk,
            salience,
            dist,
        }
    }

    /// uʰᵢⱼ: h's estimate of i's utility of j's position ("OneThird": h
    /// takes i's risk attitude as (2R_h + Rᵢ)/3).
    fn u(&self, h: usize, i: usize, j: usize) -> f64 {
        let r = (2.0 * self.risk[h] + self.risk[i]) / 3.0;
        utility(self.dist[i * self.n + j], r)
    }

    /// How many numbers the state holds: quadratic in the actors.
    #[cfg(test)]
    fn footprint(&self) -> usize {
        self.risk.len() + self.salience.len() + self.dist.len()
    }

    /// h's estimate of the chance that i beats j, and of the gain to k of
    /// i challenging j rather than leaving both where they are.
    fn challenge(&self, space: &Space, h: usize, k: usize, i: usize, j: usize) -> (f64, f64) {
        const MIN_COALITION: f64 = 1e-10;
        let u = |a: usize, b: usize| self.u(h, a, b);
        let (si, sj) = (self.salience[i], self.salience[j]);
        let (ci, cj) = (space.capability[i], space.capability[j]);
        let (mut for_i, mut for_j) = (MIN_COALITION, MIN_COALITION);
        for v in [si * ci * (u(i, i) - u(i, j)), sj * cj * (u(j, i) - u(j, j))] {
            if v > 0.0 {
                for_i += v;
            } else if v < 0.0 {
                for_j -= v;
            }
        }
        let (principal_i, principal_j) = (for_i, for_j);
        for n in 0..self.n {
            if n == i || n == j {
                continue;
            }
            let w = self.salience[n] * space.capability[n];
            let (uni, unj, unn) = (u(n, i), u(n, j), u(n, n));
            // n's chance of i winning in the little contest of i, j and n
            let own = w * (uni - unj);
            let ci_n = principal_i + own.max(0.0);
            let cj_n = principal_j + (-own).max(0.0);
            let pi = ci_n / (ci_n + cj_n);
            let pj = 1.0 - pi;
            // semi-committed: joining the winner moves n too, joining the loser does not
            let join_i = pi * (2.0 * uni + unn) + pj * (3.0 * unj);
            let join_j = pi * (3.0 * uni) + pj * (2.0 * unj + unn);
            let vote = w * (join_i - join_j);
            if vote > 0.0 {
                for_i += vote;
            } else if vote < 0.0 {
                for_j -= vote;
            }
        }
        let p = for_i / (for_i + for_j);
        let status_quo = u(k, i) + u(k, j);
        let victory = 2.0 * u(k, i);
        let contest = p * victory + (1.0 - p) * 2.0 * u(k, j);
        let gain = (1.0 - sj) * victory + sj * contest - status_quo;
        (p, gain)
    }

    /// Actor i's most profitable challenge: (target, chance of winning).
    fn best_challenge(&self, space: &Space, i: usize) -> Option<(usize, f64)> {
        let mut best: Option<(usize, f64)> = None;
        let mut best_gain = -1.0;
        for j in (0..self.n).filter(|&j| j != i) {
            let (p, gain) = self.challenge(space, i, i, i, j);
            if gain > MIN_GAIN && gain > best_gain {
                best = Some((j, p));
                best_gain = gain;
            }
        }
        best
    }
}

/// S2P2 bargain between i (chance `p` of winning) and j, per dimension,
/// rounded to 10⁻⁴: (i's new position, j's new position).
fn interpolate(space: &Space, i: usize, j: usize, pos: &[f64], p: f64) -> (Vec<f64>, Vec<f64>) {
    const MIN_WEIGHT: f64 = 1e-6;
    let round4 = |x: f64| (0.5 + x * 1e4).floor() / 1e4;
    let dims = space.dims;
    let (mut bi, mut bj) = (vec![0.0; dims], vec![0.0; dims]);
    for k in 0..dims {
        let (ti, tj) = (pos[i * dims + k], pos[j * dims + k]);
        let wi = (space.sal(i)[k] * p).powi(2);
        let wj = (space.sal(j)[k] * (1.0 - p)).powi(2);
        let den = wi + MIN_WEIGHT + wj;
        bi[k] = round4(((wi + MIN_WEIGHT) * ti + wj * tj) / den);
        bj[k] = round4((wi * ti + (MIN_WEIGHT + wj) * tj) / den);
    }
    (bi, bj)
}

struct Bargain {
    initiator: usize,
    receiver: usize,
    at_initiator: Vec<f64>,
    at_receiver: Vec<f64>,
}

/// One turn: challenges, bargains, and each actor's choice among its bargains.
fn turn(space: &Space, pos: &[f64], val: &Valuation) -> Vec<f64> {
    let (n, dims) = (space.len(), space.dims);
    let mut bargains = Vec::new();
    let mut involving: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in 0..n {
        if let Some((j, p)) = val.best_challenge(space, i) {
            let (at_initiator, at_receiver) = interpolate(space, i, j, pos, p);
            involving[i].push(bargains.len());
            involving[j].push(bargains.len());
            bargains.push(Bargain {
                initiator: i,
                receiver: j,
                at_initiator,
                at_receiver,
            });
        }
    }
    // each actor's mean utility over all positions, before any bargain
    let own = |a: usize, b: usize| val.u(a, a, b);
    let status_quo: Vec<f64> = (0..n).map(|a| (0..n).map(|b| own(a, b)).sum()).collect();
    let mut next = pos.to_vec();
    for k in 0..n {
        let options = &involving[k];
        if options.is_empty() {
            continue;
        }
        let m = options.len() + 1;
        let mut u = vec![0.0; n * m];
        for a in 0..n {
            let here = &pos[a * dims..(a + 1) * dims];
            u[a * m] = status_quo[a] / n as f64;
            for (o, &b) in options.iter().enumerate() {
                let b = &bargains[b];
                let value = |x: &[f64]| utility(space.distance(a, here, x), val.risk[a]);
                let total = status_quo[a] - own(a, b.initiator) - own(a, b.receiver)
                    + value(&b.at_initiator)
                    + value(&b.at_receiver);
                u[a * m + o + 1] = total / n as f64;
            }
        }
        let choice = argmax(&conditional_pce(&space.capability, &u, m));
        if choice > 0 {
            let b = &bargains[options[choice - 1]];
            let new = if b.initiator == k {
                &b.at_initiator
            } else {
                &b.at_receiver
            };
            next[k * dims..(k + 1) * dims].copy_from_slice(new);
        }
    }
    next
}

/// Σᵢ ‖xᵢ − yᵢ‖: how far a turn moved everyone.
fn movement(dims: usize, a: &[f64], b: &[f64]) -> f64 {
    a.chunks(dims)
        .zip(b.chunks(dims))
        .map(|(x, y)| {
            x.iter()
                .zip(y)
                .map(|(p, q)| (p - q) * (p - q))
                .sum::<f64>()
                .sqrt()
        })
        .sum()
}

/// The final state's PCE over distinct positions, each actor valuing them
/// with its own utilities: each option's representative actor and chance,
/// and each actor's option.
fn final_pce(space: &Space, pos: &[f64], val: &Valuation) -> (Vec<(usize, f64)>, Vec<usize>) {
    let (n, dims) = (space.len(), space.dims);
    let at = |i: usize| &pos[i * dims..(i + 1) * dims];
    let mut distinct: Vec<usize> = Vec::new();
    let option_of: Vec<usize> = (0..n)
        .map(|i| {
            match distinct
                .iter()
                .position(|&d| movement(dims, at(d), at(i)) < SAME_POSITION)
            {
                Some(o) => o,
                None => {
                    distinct.push(i);
                    distinct.len() - 1
                }
            }
        })
        .collect();
    let m = distinct.len();
    let mut u = vec![0.0; n * m];
    for a in 0..n {
        for (o, &d) in distinct.iter().enumerate() {
            u[a * m + o] = val.u(a, a, d);
        }
    }
    let p = conditional_pce(&space.capability, &u, m);
    (distinct.into_iter().zip(p).collect(), option_of)
}

/// Runs SMP from the space's positions until the stopping rule holds.
pub fn run(space: &Space, opts: &Options) -> Run {
    let dims = space.dims;
    let mut states = vec![space.position.clone()];
    if space.is_empty() || dims == 0 {
        return Run {
            states,
            win_probability: Vec::new(),
            outcome: vec![0.0; dims],
            options: Vec::new(),
        };
    }
    let mut val = Valuation::new(space, &space.position);
    let mut first_move = 0.0;
    for t in 1..=opts.max_turns.max(1) {
        let pos = states.last().expect("the initial state");
        let next = turn(space, pos, &val);
        let moved = movement(dims, pos, &next);
        val = Valuation::new(space, &next);
        states.push(next);
        if t == 1 {
            first_move = moved + 1e-4;
        }
        if t >= opts.min_turns && moved / first_move < opts.min_delta_ratio {
            break;
        }
    }
    let last = states.last().expect("the final state");
    let (options, option_of) = final_pce(space, last, &val);
    let mut outcome = vec![0.0; dims];
    for &(rep, p) in &options {
        for (k, o) in outcome.iter_mut().enumerate() {
            *o += p * last[rep * dims + k];
        }
    }
    Run {
        win_probability: option_of.iter().map(|&o| options[o].1).collect(),
        states,
        outcome,
        options,
    }
}

/// Solves the games jointly, one dimension each (the same actors in each),
/// and returns one solution per game on that game's scale.
pub fn solve(games: &[&Game], opts: &Options, record: bool) -> Vec<Solution> {
    let space = Space::from_games(games);
    let result = run(&space, opts);
    let dims = space.dims;
    games
        .iter()
        .enumerate()
        .map(|(k, game)| {
            let scale = |u: f64| game.min + u * (game.max - game.min);
            let rounds = if record {
                result.states[1..]
                    .iter()
                    .map(|state| {
                        let x: Vec<f64> = (0..game.len())
                            .map(|i| scale(state[i * dims + k]))
                            .collect();
                        Round::new(game, &x, weighted_median(game, &x))
                    })
                    .collect()
            } else {
                Vec::new()
            };
            Solution {
                forecast: scale(result.outcome[k]),
                rounds,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn space(cap: &[f64], pos: &[f64], sal: &[f64], dims: usize) -> Space {
        Space {
            dims,
            capability: cap.to_vec(),
            position: pos.to_vec(),
            salience: sal.to_vec(),
        }
    }

    #[test]
    fn utility_falls_with_distance_and_bends_with_risk() {
        for r in [-0.5, 0.0, 1.0] {
            assert_eq!(utility(0.0, r), 1.0);
            assert_eq!(utility(1.0, r), 0.0);
        }
        // a risk-seeking actor values a middling position more than a neutral one, an averse one less
        let d = 0.4;
        assert!(utility(d, 1.0) > utility(d, 0.0));
        assert!(utility(d, 0.0) > utility(d, -0.5));
        assert!((utility(d, 0.0) - 0.6).abs() < 1e-12);
    }

    #[test]
    fn distance_weighs_dimensions_by_the_viewers_salience() {
        // actor 0 cares only for dimension 0, actor 1 only for dimension 1
        let s = space(&[1.0, 1.0], &[0.0, 0.0, 1.0, 0.0], &[1.0, 0.0, 0.0, 1.0], 2);
        let (a, b) = ([0.0, 0.0], [0.5, 1.0]);
        assert!((s.distance(0, &a, &b) - 0.5).abs() < 1e-12);
        assert!((s.distance(1, &a, &b) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn pce_favours_the_option_most_prefer_and_sums_to_one() {
        // three voters of equal weight; options 0, 1, 2; everyone ranks option 1 first
        let u = [0.5, 1.0, 0.0, 0.2, 1.0, 0.4, 0.0, 1.0, 0.9];
        let p = conditional_pce(&[1.0, 1.0, 1.0], &u, 3);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert_eq!(argmax(&p), 1);
        assert!(p[1] > 0.9, "{p:?}");
        // identical options share their chance equally
        let p = conditional_pce(&[1.0, 2.0], &[1.0, 1.0, 0.0, 0.0], 2);
        assert!((p[0] - p[1]).abs() < 1e-12);
    }

    #[test]
    fn the_likeliest_position_is_risk_seeking_the_least_likely_risk_averse() {
        // a strong centre, two weak flanks
        let s = space(&[10.0, 1.0, 1.0], &[0.5, 0.0, 1.0], &[1.0, 1.0, 1.0], 1);
        let v = Valuation::new(&s, &s.position);
        assert!((v.risk[0] - 1.0).abs() < 1e-12, "{:?}", v.risk);
        assert!(v.risk[1..].iter().all(|&r| (-0.5..1.0).contains(&r)));
        assert!(v.risk.iter().any(|&r| (r + 0.5).abs() < 1e-12));
    }

    #[test]
    fn a_state_holds_numbers_quadratic_in_the_actors() {
        for n in [10usize, 40] {
            let pos: Vec<f64> = (0..n).map(|i| i as f64 / n as f64).collect();
            let s = space(&vec![1.0; n], &pos, &vec![0.5; n], 1);
            let v = Valuation::new(&s, &s.position);
            assert_eq!(v.footprint(), n * n + 2 * n);
        }
        assert!(check_size(MAX_ACTORS).is_ok());
        let e = check_size(1000).unwrap_err();
        assert!(
            e.contains("at most 300 actors") && e.contains("1000"),
            "{e}"
        );
    }

    #[test]
    fn a_strong_actor_expects_to_win_against_a_weak_one() {
        let s = space(&[10.0, 1.0], &[0.2, 0.8], &[0.8, 0.8], 1);
        let v = Valuation::new(&s, &s.position);
        let (p, gain) = v.challenge(&s, 0, 0, 0, 1);
        assert!(p > 0.8 && gain > 0.0, "p {p}, gain {gain}");
        let (q, _) = v.challenge(&s, 1, 1, 1, 0);
        assert!(q < 0.2, "{q}");
        assert_eq!(v.best_challenge(&s, 0), Some((1, p)));
    }

    #[test]
    fn bargains_lie_between_the_parties_nearer_the_likelier_winner() {
        let s = space(&[1.0, 1.0], &[0.2, 0.8], &[0.5, 0.5], 1);
        let (bi, bj) = interpolate(&s, 0, 1, &s.position, 0.8);
        for b in [bi[0], bj[0]] {
            assert!((0.2..=0.8).contains(&b));
            assert!(b < 0.5, "nearer the initiator, who likely wins: {b}");
            assert_eq!(b, (b * 1e4).round() / 1e4, "rounded to 10⁻⁴");
        }
        let (even, _) = interpolate(&s, 0, 1, &s.position, 0.5);
        assert!((even[0] - 0.5).abs() < 1e-3);
    }

    #[test]
    fn actors_converge_and_the_forecast_stays_within_their_positions() {
        let s = space(
            &[40.0, 30.0, 20.0, 10.0],
            &[0.1, 0.4, 0.6, 0.9],
            &[0.6, 0.8, 0.5, 0.9],
            1,
        );
        let run = run(&s, &Options::default());
        let first = &run.states[0];
        let last = run.states.last().unwrap();
        let spread = |x: &[f64]| {
            x.iter().copied().fold(f64::NEG_INFINITY, f64::max)
                - x.iter().copied().fold(f64::INFINITY, f64::min)
        };
        assert!(run.states.len() >= 3, "at least the minimum two turns");
        assert!(spread(last) < spread(first), "{first:?} → {last:?}");
        assert!((0.1..=0.9).contains(&run.outcome[0]));
        let total: f64 = run.win_probability.iter().sum();
        assert!(
            total >= 1.0 - 1e-9,
            "shared options count once per actor: {total}"
        );
        // deterministic
        assert_eq!(super::run(&s, &Options::default()).states, run.states);
    }

    #[test]
    fn agreement_stops_after_the_minimum_turns() {
        let s = space(&[1.0, 2.0], &[0.3, 0.3], &[0.5, 0.5], 1);
        let run = run(&s, &Options::default());
        assert_eq!(run.states.len(), 3);
        assert!(run.states.iter().all(|st| st == &s.position));
        assert!((run.outcome[0] - 0.3).abs() < 1e-12);
    }

    #[test]
    fn games_map_to_the_unit_scale_and_saliences_above_one_are_scaled() {
        let g = |pos: Vec<f64>, sal: Vec<f64>| Game {
            names: vec!["a".into(), "b".into()],
            capability: vec![1.0, 3.0],
            position: pos,
            salience: sal,
            min: 4.0,
            max: 10.0,
            status_quo: None,
        };
        let (g1, g2) = (
            g(vec![4.0, 10.0], vec![0.9, 0.2]),
            g(vec![7.0, 4.0], vec![0.6, 0.3]),
        );
        let s = Space::from_games(&[&g1, &g2]);
        assert_eq!(s.position, vec![0.0, 0.5, 1.0, 0.0]);
        assert!((s.sal(0)[0] - 0.6).abs() < 1e-12 && (s.sal(0)[1] - 0.4).abs() < 1e-12);
        assert_eq!(s.sal(1), &[0.2, 0.3]);
        let sols = solve(&[&g1, &g2], &Options::default(), true);
        assert_eq!(sols.len(), 2);
        for (sol, game) in sols.iter().zip([&g1, &g2]) {
            assert!((game.min..=game.max).contains(&sol.forecast));
            assert!(!sol.rounds.is_empty());
            assert_eq!(sol.rounds[0].positions[0].0, "a");
        }
    }
}
