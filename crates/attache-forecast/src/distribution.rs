//! Forecast distributions: a finite mixture of components, each a point
//! mass (`sd` 0) or a normal kernel around a support point. CRPS is computed
//! exactly as E|X − y| − ½ E|X − X′| (closed forms for each pair of
//! components); quantiles, central intervals, the PIT and bins over a scale.

use serde::Serialize;

/// One component of a mixture: probability `p` at `x`, spread `sd` (0: a point).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Component {
    pub x: f64,
    pub p: f64,
    pub sd: f64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Distribution {
    pub components: Vec<Component>,
}

/// The complementary error function (Numerical Recipes' Chebyshev fit,
/// fractional error below 1.2·10⁻⁷).
pub fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

/// Standard normal CDF.
pub fn phi_cdf(z: f64) -> f64 {
    0.5 * erfc(-z / std::f64::consts::SQRT_2)
}

fn phi_pdf(z: f64) -> f64 {
    (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// E|Z| for Z ~ N(mu, sd²); |mu| when sd is 0.
fn abs_mean(mu: f64, sd: f64) -> f64 {
    if sd <= 0.0 {
        return mu.abs();
    }
    let z = mu / sd;
    sd * (2.0 * phi_pdf(z) + z * (2.0 * phi_cdf(z) - 1.0))
}

impl Distribution {
    /// All mass at `x`.
    pub fn point(x: f64) -> Distribution {
        Distribution::normal(x, 0.0)
    }

    pub fn normal(x: f64, sd: f64) -> Distribution {
        Distribution {
            components: vec![Component { x, p: 1.0, sd }],
        }
    }

    /// Point masses at `xs` with weights `ws` (normalised; equal if all zero).
    pub fn discrete(xs: &[f64], ws: &[f64]) -> Distribution {
        let total: f64 = ws.iter().sum();
        let n = xs.len().max(1) as f64;
        Distribution {
            components: xs
                .iter()
                .zip(ws)
                .map(|(&x, &w)| Component {
                    x,
                    p: if total > 0.0 { w / total } else { 1.0 / n },
                    sd: 0.0,
                })
                .collect(),
        }
    }

    /// The mixture Σ wₖ Dₖ (weights normalised).
    pub fn mixture(parts: &[(f64, &Distribution)]) -> Distribution {
        let total: f64 = parts.iter().map(|p| p.0).sum();
        let mut components = Vec::new();
        for &(w, d) in parts {
            if w <= 0.0 {
                continue;
            }
            for c in &d.components {
                components.push(Component {
                    p: c.p * w / total,
                    ..*c
                });
            }
        }
        Distribution { components }
    }

    /// Every component's spread raised to √(sd² + extra²).
    pub fn widened(mut self, extra: f64) -> Distribution {
        for c in &mut self.components {
            c.sd = (c.sd * c.sd + extra * extra).sqrt();
        }
        self
    }

    pub fn is_discrete(&self) -> bool {
        self.components.iter().all(|c| c.sd <= 0.0)
    }

    pub fn mean(&self) -> f64 {
        self.components.iter().map(|c| c.p * c.x).sum()
    }

    /// E|X − y|.
    pub fn abs_error(&self, y: f64) -> f64 {
        self.components
            .iter()
            .map(|c| c.p * abs_mean(c.x - y, c.sd))
            .sum()
    }

    /// E|X − X′| for X from `self` and X′ from `other`, independent.
    pub fn abs_gap(&self, other: &Distribution) -> f64 {
        let mut sum = 0.0;
        for a in &self.components {
            for b in &other.components {
                let sd = (a.sd * a.sd + b.sd * b.sd).sqrt();
                sum += a.p * b.p * abs_mean(a.x - b.x, sd);
            }
        }
        sum
    }

    /// The continuous ranked probability score of outcome `y`:
    /// ∫ (F(x) − 1{x ≥ y})² dx.
    pub fn crps(&self, y: f64) -> f64 {
        let cs = &self.components;
        let mut near = 0.0;
        let mut spread = 0.0;
        for (i, a) in cs.iter().enumerate() {
            near += a.p * abs_mean(a.x - y, a.sd);
            for b in &cs[..i] {
                let sd = (a.sd * a.sd + b.sd * b.sd).sqrt();
                spread += 2.0 * a.p * b.p * abs_mean(a.x - b.x, sd);
            }
            spread += a.p * a.p * abs_mean(0.0, a.sd * std::f64::consts::SQRT_2);
        }
        near - 0.5 * spread
    }

    /// P(X ≤ x).
    pub fn cdf(&self, x: f64) -> f64 {
        self.cdf_with(x, true)
    }

    /// P(X < x).
    pub fn cdf_below(&self, x: f64) -> f64 {
        self.cdf_with(x, false)
    }

    fn cdf_with(&self, x: f64, inclusive: bool) -> f64 {
        // clamped: the erfc fit can pass 1 by 10⁻⁷
        let f: f64 = self
            .components
            .iter()
            .map(|c| {
                c.p * if c.sd > 0.0 {
                    phi_cdf((x - c.x) / c.sd)
                } else if c.x < x || (inclusive && c.x == x) {
                    1.0
                } else {
                    0.0
                }
            })
            .sum();
        f.clamp(0.0, 1.0)
    }

    /// The smallest x with P(X ≤ x) ≥ q.
    pub fn quantile(&self, q: f64) -> f64 {
        let cs = &self.components;
        if cs.is_empty() {
            return f64::NAN;
        }
        if self.is_discrete() {
            let mut sorted: Vec<&Component> = cs.iter().collect();
            sorted.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut cum = 0.0;
            for c in &sorted {
                cum += c.p;
                if cum >= q - 1e-12 {
                    return c.x;
                }
            }
            return sorted.last().map_or(f64::NAN, |c| c.x);
        }
        let lo0 = cs
            .iter()
            .map(|c| c.x - 10.0 * c.sd)
            .fold(f64::INFINITY, f64::min);
        let hi0 = cs
            .iter()
            .map(|c| c.x + 10.0 * c.sd)
            .fold(f64::NEG_INFINITY, f64::max);
        let (mut lo, mut hi) = (lo0, hi0);
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            if self.cdf(mid) >= q {
                hi = mid;
            } else {
                lo = mid;
            }
            if hi - lo <= 1e-12 * (1.0 + hi0 - lo0) {
                break;
            }
        }
        // the jump of a point mass: its own location
        let tol = 1e-9 * (1.0 + hi0 - lo0);
        cs.iter()
            .filter(|c| c.sd <= 0.0 && (c.x - hi).abs() <= tol)
            .map(|c| c.x)
            .next()
            .unwrap_or(hi)
    }

    pub fn median(&self) -> f64 {
        self.quantile(0.5)
    }

    /// The central interval holding `level` of the probability.
    pub fn interval(&self, level: f64) -> (f64, f64) {
        let tail = (1.0 - level) / 2.0;
        (self.quantile(tail), self.quantile(1.0 - tail))
    }

    /// The probability integral transform of `y`, midway across a point
    /// mass at `y`: (P(X < y) + P(X ≤ y)) / 2.
    pub fn pit(&self, y: f64) -> f64 {
        0.5 * (self.cdf_below(y) + self.cdf(y))
    }

    /// Probability of each of `bins` equal intervals [a, b) of min–max (the
    /// last closed); mass outside the scale goes to the end bins.
    pub fn bins(&self, min: f64, max: f64, bins: usize) -> Vec<f64> {
        let bins = bins.max(1);
        let width = (max - min) / bins as f64;
        let below: Vec<f64> = (1..bins)
            .map(|k| self.cdf_below(min + width * k as f64))
            .collect();
        let mut out = Vec::with_capacity(bins);
        let mut prev = 0.0;
        for b in below {
            out.push(b - prev);
            prev = b;
        }
        out.push(1.0 - prev);
        out
    }

    /// The `k` likeliest support points (components at one place merged).
    pub fn likely(&self, k: usize) -> Vec<(f64, f64)> {
        let mut merged: Vec<(f64, f64)> = Vec::new();
        for c in &self.components {
            match merged.iter_mut().find(|m| (m.0 - c.x).abs() <= 1e-9) {
                Some(m) => m.1 += c.p,
                None => merged.push((c.x, c.p)),
            }
        }
        merged.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.total_cmp(&b.0)));
        merged.truncate(k);
        merged
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// ∫ (F(x) − 1{x ≥ y})² dx by the midpoint rule over a wide grid.
    fn crps_numeric(d: &Distribution, y: f64, lo: f64, hi: f64) -> f64 {
        let n = 200_000;
        let h = (hi - lo) / n as f64;
        (0..n)
            .map(|k| {
                let x = lo + (k as f64 + 0.5) * h;
                let step = if x >= y { 1.0 } else { 0.0 };
                (d.cdf(x) - step).powi(2) * h
            })
            .sum()
    }

    #[test]
    fn a_point_forecasts_crps_is_its_absolute_error() {
        for (x, y) in [(20.0, 35.0), (50.0, 50.0), (80.0, 0.0), (-3.5, 2.25)] {
            assert_eq!(Distribution::point(x).crps(y), (x - y).abs());
        }
    }

    #[test]
    fn a_two_point_forecast_matches_its_closed_form() {
        // mass p at a, 1 − p at b (a < b): for y between them
        // CRPS = p²(y − a) + (1 − p)²(b − y); outside, the error to the mean
        // less p(1 − p)(b − a).
        let (a, b, p) = (20.0, 60.0, 0.3);
        let d = Distribution::discrete(&[a, b], &[p, 1.0 - p]);
        let between = |y: f64| p * p * (y - a) + (1.0 - p) * (1.0 - p) * (b - y);
        for y in [20.0, 25.0, 45.0, 60.0] {
            assert!((d.crps(y) - between(y)).abs() < 1e-12, "{y}");
        }
        // y = 70: 0.3·50 + 0.7·10 − 0.21·40 = 13.6
        assert!((d.crps(70.0) - 13.6).abs() < 1e-12);
        assert!((d.crps(0.0) - (0.3 * 20.0 + 0.7 * 60.0 - 0.21 * 40.0)).abs() < 1e-12);
    }

    #[test]
    fn a_normal_forecast_matches_the_known_formula() {
        // CRPS(N(μ, σ²), y) = σ (z(2Φ(z) − 1) + 2φ(z) − 1/√π)
        let (mu, sd, y) = (40.0, 8.0, 51.0);
        let z = (y - mu) / sd;
        let want = sd
            * (z * (2.0 * phi_cdf(z) - 1.0) + 2.0 * phi_pdf(z) - 1.0 / std::f64::consts::PI.sqrt());
        let got = Distribution::normal(mu, sd).crps(y);
        assert!((got - want).abs() < 1e-9, "{got} {want}");
        assert!((phi_cdf(1.959_963_985) - 0.975).abs() < 1e-7);
    }

    #[test]
    fn quantiles_intervals_and_pit_of_a_discrete_forecast() {
        let d = Distribution::discrete(&[10.0, 50.0, 90.0], &[0.2, 0.5, 0.3]);
        assert_eq!(d.quantile(0.1), 10.0);
        assert_eq!(d.quantile(0.2), 10.0);
        assert_eq!(d.quantile(0.21), 50.0);
        assert_eq!(d.median(), 50.0);
        assert_eq!(d.interval(0.8), (10.0, 90.0));
        assert_eq!(d.interval(0.5), (50.0, 90.0));
        assert!((d.pit(50.0) - 0.45).abs() < 1e-12);
        assert!((d.pit(30.0) - 0.2).abs() < 1e-12);
        let bins = d.bins(0.0, 100.0, 10);
        assert!((bins[1] - 0.2).abs() < 1e-12 && (bins[5] - 0.5).abs() < 1e-12);
        assert!((bins[9] - 0.3).abs() < 1e-12);
        assert_eq!(d.likely(1), vec![(50.0, 0.5)]);
    }

    #[test]
    fn a_normal_forecasts_central_interval_has_its_textbook_width() {
        let d = Distribution::normal(50.0, 10.0);
        let (lo, hi) = d.interval(0.8);
        assert!((hi - 50.0 - 12.815_515_6).abs() < 1e-4, "{hi}");
        assert!((50.0 - lo - 12.815_515_6).abs() < 1e-4, "{lo}");
        assert!((d.pit(50.0) - 0.5).abs() < 1e-6, "erfc is good to 1.2·10⁻⁷");
    }

    fn mixture() -> impl Strategy<Value = (Distribution, f64)> {
        (
            prop::collection::vec(
                (0.0..100.0f64, 0.01..1.0f64, prop::bool::ANY, 0.5..15.0f64),
                1..6,
            ),
            -20.0..120.0f64,
        )
            .prop_map(|(parts, y)| {
                let total: f64 = parts.iter().map(|p| p.1).sum();
                let components = parts
                    .into_iter()
                    .map(|(x, w, spread, sd)| Component {
                        x,
                        p: w / total,
                        sd: if spread { sd } else { 0.0 },
                    })
                    .collect();
                (Distribution { components }, y)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(40))]

        #[test]
        fn crps_equals_the_integral_of_the_squared_cdf_gap((d, y) in mixture()) {
            let want = crps_numeric(&d, y, -200.0, 300.0);
            prop_assert!((d.crps(y) - want).abs() < 2e-3 * (1.0 + want), "{} {}", d.crps(y), want);
        }

        #[test]
        fn quantiles_invert_the_cdf_and_bins_sum_to_one((d, y) in mixture()) {
            for q in [0.1, 0.25, 0.5, 0.75, 0.9] {
                let x = d.quantile(q);
                prop_assert!(d.cdf(x) >= q - 1e-6, "F({x}) < {q}");
                prop_assert!(d.cdf_below(x - 1e-6) <= q + 1e-6);
            }
            let (lo, hi) = d.interval(0.8);
            let (lo50, hi50) = d.interval(0.5);
            prop_assert!(lo <= lo50 && lo50 <= hi50 && hi50 <= hi);
            let bins = d.bins(0.0, 100.0, 20);
            prop_assert!((bins.iter().sum::<f64>() - 1.0).abs() < 1e-9);
            prop_assert!(bins.iter().all(|&b| b >= -1e-12));
            let pit = d.pit(y);
            prop_assert!((0.0..=1.0).contains(&pit));
            // CRPS is never below zero and never above the mean absolute error
            let mae: f64 = d.components.iter().map(|c| c.p * abs_mean(c.x - y, c.sd)).sum();
            prop_assert!(d.crps(y) >= -1e-9 && d.crps(y) <= mae + 1e-9);
        }
    }
}
