//! attache-web: the record in a browser. A JSON API over the store's
//! queries (`/api/…`) and one page (`/`) built on it: who stands where, who
//! moved, what each actor said, and where each issue is heading, every cell
//! with the sentence that set it. Read-only: each request opens the record
//! (never creating one), asks, and closes it, off the async threads.

use attache_forecast::models::{self, Model, Options};
use attache_forecast::montecarlo;
use attache_store::scenario::{ScenarioOptions, build_scenario};
use attache_store::{QuoteFilter, Store};
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Json, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The page: plain HTML and script, no build step, no network.
const PAGE: &str = include_str!("page.html");

pub struct Config {
    /// The record: a SQLite file or a postgres:// URL.
    pub db: String,
    /// Capability by actor name for forecasts; others get 1.
    pub capabilities: BTreeMap<String, f64>,
}

/// The routes, over the record that `config` names.
pub fn router(config: Config) -> Router {
    Router::new()
        .route("/", get(|| async { Html(PAGE) }))
        .route("/api/summary", get(summary))
        .route("/api/actors", get(actors))
        .route("/api/positions", get(positions))
        .route("/api/changes", get(changes))
        .route("/api/timeline", get(timeline))
        .route("/api/quotes", get(quotes))
        .route("/api/search", get(search))
        .route("/api/forecast", get(forecast))
        .route("/api/article", get(article))
        .fallback(|uri: Uri| async move {
            Failure(StatusCode::NOT_FOUND, format!("no page {}", uri.path()))
        })
        .with_state(Arc::new(config))
}

/// Serves until the listener fails.
pub async fn serve(listener: tokio::net::TcpListener, config: Config) -> std::io::Result<()> {
    axum::serve(listener, router(config)).await
}

/// A request's failure, sent as `{"error": "…"}` with its status.
#[derive(Debug)]
struct Failure(StatusCode, String);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        (self.0, Json(serde_json::json!({ "error": self.1 }))).into_response()
    }
}

fn bad_request(message: String) -> Failure {
    Failure(StatusCode::BAD_REQUEST, message)
}

type Reply = Result<Json<serde_json::Value>, Failure>;
type Shared = Arc<Config>;

/// Runs `question` on a freshly opened record on a blocking thread.
async fn ask<T, F>(config: Shared, question: F) -> Reply
where
    T: Serialize,
    F: FnOnce(&mut Store, &Config) -> Result<T, Failure> + Send + 'static,
{
    tokio::task::spawn_blocking(move || {
        let mut store = Store::open_existing(&config.db).map_err(|e| {
            Failure(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("opening the record {}: {e}", config.db),
            )
        })?;
        let answer = question(&mut store, &config)?;
        serde_json::to_value(answer)
            .map(Json)
            .map_err(|e| Failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
    })
    .await
    .map_err(|e| Failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
}

fn failed(e: attache_store::backend::DbError) -> Failure {
    Failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
}

/// `Some(date)` if the parameter is given and is a date YYYY-MM-DD.
fn date(value: Option<String>, name: &str) -> Result<Option<String>, Failure> {
    match value.filter(|v| !v.is_empty()) {
        Some(d) if attache_store::dates::parse_date(&d).as_deref() == Some(d.as_str()) => {
            Ok(Some(d))
        }
        Some(d) => Err(bad_request(format!(
            "{name} {d:?} is not a date of the form YYYY-MM-DD"
        ))),
        None => Ok(None),
    }
}

/// A whole number parameter, or a 400 that names it.
fn number<T: std::str::FromStr>(value: &str, name: &str) -> Result<T, Failure> {
    value
        .parse()
        .map_err(|_| bad_request(format!("{name} {value:?} is not a whole number")))
}

/// The same for an optional parameter, `default` where it is not given.
fn number_or<T: std::str::FromStr>(
    value: Option<String>,
    name: &str,
    default: T,
) -> Result<T, Failure> {
    value.map_or(Ok(default), |v| number(&v, name))
}

#[derive(Deserialize)]
struct AsOf {
    as_of: Option<String>,
}

#[derive(Serialize)]
struct Summary {
    articles: i64,
    stories: i64,
    quotes: i64,
    positions: i64,
    /// Issues with at least one stance, by id.
    issues: Vec<String>,
}

async fn summary(State(config): State<Shared>) -> Reply {
    ask(config, |store, _| {
        let (articles, stories, quotes, positions) = store.counts().map_err(failed)?;
        let issues = store.issues().map_err(failed)?;
        Ok(Summary {
            articles,
            stories,
            quotes,
            positions,
            issues,
        })
    })
    .await
}

async fn actors(State(config): State<Shared>) -> Reply {
    ask(config, |store, _| store.actors().map_err(failed)).await
}

async fn positions(State(config): State<Shared>, Query(q): Query<AsOf>) -> Reply {
    let as_of = date(q.as_of, "as_of")?;
    ask(config, move |store, _| {
        store.positions(as_of.as_deref()).map_err(failed)
    })
    .await
}

async fn changes(State(config): State<Shared>, Query(q): Query<AsOf>) -> Reply {
    let as_of = date(q.as_of, "as_of")?;
    ask(config, move |store, _| {
        store.changes(as_of.as_deref()).map_err(failed)
    })
    .await
}

#[derive(Deserialize)]
struct TimelineQuery {
    issue: Option<String>,
    until: Option<String>,
}

async fn timeline(State(config): State<Shared>, Query(q): Query<TimelineQuery>) -> Reply {
    let until = date(q.until, "until")?;
    let issue = q.issue.filter(|i| !i.is_empty());
    ask(config, move |store, _| {
        store
            .statements(issue.as_deref(), until.as_deref())
            .map_err(failed)
    })
    .await
}

#[derive(Deserialize)]
struct QuotesQuery {
    actor: Option<String>,
    issue: Option<String>,
    since: Option<String>,
    until: Option<String>,
}

async fn quotes(State(config): State<Shared>, Query(q): Query<QuotesQuery>) -> Reply {
    let filter = QuoteFilter {
        actor: q.actor.filter(|a| !a.is_empty()),
        issue: q.issue.filter(|i| !i.is_empty()),
        since: date(q.since, "since")?,
        until: date(q.until, "until")?,
    };
    ask(config, move |store, _| {
        store.quotes(&filter).map_err(failed)
    })
    .await
}

#[derive(Deserialize)]
struct SearchQuery {
    q: Option<String>,
    limit: Option<String>,
}

async fn search(State(config): State<Shared>, Query(q): Query<SearchQuery>) -> Reply {
    let Some(text) = q.q.filter(|t| !t.trim().is_empty()) else {
        return Err(bad_request("search needs q, the words to look for".into()));
    };
    let limit = number_or(q.limit, "limit", 50usize)?.clamp(1, 500);
    ask(config, move |store, _| {
        store.search(&text, limit).map_err(failed)
    })
    .await
}

#[derive(Deserialize)]
struct ForecastQuery {
    issue: Option<String>,
    as_of: Option<String>,
    draws: Option<String>,
    seed: Option<String>,
}

#[derive(Serialize)]
struct Forecast {
    /// The scenario the record gives for this issue, each stance with its sources.
    scenario: attache_forecast::scenario::Scenario,
    /// Each model's forecast on the issue's scale, at the modes of the ranges.
    forecasts: BTreeMap<&'static str, f64>,
    /// Each model's forecasts over `draws` samples of the ranges (none for 0 draws).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    distributions: BTreeMap<&'static str, attache_forecast::montecarlo::Distribution>,
}

async fn forecast(State(config): State<Shared>, Query(q): Query<ForecastQuery>) -> Reply {
    let Some(issue) = q.issue.filter(|i| !i.is_empty()) else {
        return Err(bad_request("forecast needs issue, an issue id".into()));
    };
    let as_of = date(q.as_of, "as_of")?;
    let draws = number_or(q.draws, "draws", 1_000usize)?.min(100_000);
    let seed = number_or(q.seed, "seed", 1u64)?;
    ask(config, move |store, config| {
        let opts = ScenarioOptions {
            issues: vec![issue.clone()],
            as_of,
            capabilities: config.capabilities.clone(),
            default_capability: 1.0,
        };
        let scenario = build_scenario(store, &opts).map_err(failed)?;
        if scenario.issues.is_empty() {
            return Err(Failure(
                StatusCode::NOT_FOUND,
                format!("no stances on {issue:?} in the record"),
            ));
        }
        let forecasts = Model::ALL
            .iter()
            .map(|&m| {
                let solution =
                    models::solve_issue(m, &scenario, 0, &Options::default(), |_, _, _, v| {
                        v.mode()
                    });
                (m.name(), solution.forecast)
            })
            .collect();
        let distributions = if draws == 0 {
            BTreeMap::new()
        } else {
            Model::ALL
                .iter()
                .map(|&m| {
                    let d = montecarlo::simulate(&scenario, 0, m, &Options::default(), draws, seed);
                    (m.name(), d)
                })
                .collect()
        };
        Ok(Forecast {
            scenario,
            forecasts,
            distributions,
        })
    })
    .await
}

#[derive(Deserialize)]
struct ArticleQuery {
    id: Option<String>,
}

async fn article(State(config): State<Shared>, Query(q): Query<ArticleQuery>) -> Reply {
    let Some(id) = q.id else {
        return Err(bad_request("article needs id, an article number".into()));
    };
    let id: i64 = number(&id, "id")?;
    ask(config, move |store, _| {
        store
            .article(id)
            .map_err(failed)?
            .ok_or_else(|| Failure(StatusCode::NOT_FOUND, format!("no article {id}")))
    })
    .await
}
