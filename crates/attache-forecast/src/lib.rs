//! attache-forecast: bargaining models over actors × issues.
//!
//! A [`scenario::Scenario`] (actors, issues, positions, saliences, read by
//! [`formats`]) becomes one [`scenario::Game`] per issue, which a model in
//! [`models`] solves: the compromise model (weighted mean), the weighted
//! median, Nash bargaining, and the expected-utility model ([`eum`]).
//! [`montecarlo`] samples ranged inputs; [`backtest`] scores models against
//! known outcomes.

pub mod backtest;
pub mod calibration;
pub mod distribution;
pub mod eum;
pub mod formats;
pub mod models;
pub mod montecarlo;
pub mod report;
pub mod scenario;
pub mod smp;

pub use models::{Model, Options, Solution};
pub use scenario::{Game, Scenario, ScenarioError, Value};
