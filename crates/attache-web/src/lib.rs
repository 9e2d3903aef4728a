//! attache-web: the record in a browser. A JSON API over the store's
//! queries (`/api/…`) and one page (`/`) built on it: who stands where, who
//! moved, what each actor said, and where each issue is heading, every cell
//! with the sentence that set it. Read-only: each request opens the record
//! read-only (never creating one), asks, and closes it, off the async
//! threads. Safe to face the public: bounded questions (400), bounded
//! concurrent work (429), paged lists, time limits, a `Host` allow-list and
//! security headers.

use attache_forecast::calibration::{self, Calibration, Kind};
use attache_forecast::models::{self, Model, Options};
use attache_forecast::montecarlo;
use attache_store::scenario::{ScenarioOptions, build_scenario};
use attache_store::{ActorFilter, KeyCursor, QuoteFilter, Store};
use axum::Router;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Json, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

/// The page: plain HTML and script, no build step, no network.
const PAGE: &str = include_str!("page.html");

pub struct Config {
    /// The record: a SQLite file or a postgres:// URL.
    pub db: String,
    /// Capability by actor name for forecasts; others get 1.
    pub capabilities: BTreeMap<String, f64>,
    /// Host names (the `Host` header, port aside) the server answers besides
    /// loopback names and the address it is bound to.
    pub allowed_hosts: Vec<String>,
    pub limits: Limits,
    /// Whether people may record review decisions (`attache serve --review`).
    pub review: bool,
    /// The token a decision must carry (`Authorization: Bearer …`); needed
    /// whenever the server listens on more than loopback. Never shown or logged.
    pub token: Option<String>,
    /// Whether the server listens on a loopback address only (set by [`serve`]).
    pub loopback: bool,
    /// Each issue's proposition, by id (from the catalogue `serve --issues` names).
    pub propositions: BTreeMap<String, String>,
}

impl Config {
    /// A record's server with the default limits, answering loopback names.
    pub fn new(db: impl Into<String>) -> Config {
        Config {
            db: db.into(),
            capabilities: BTreeMap::new(),
            allowed_hosts: Vec::new(),
            limits: Limits::default(),
            review: false,
            token: None,
            loopback: false,
            propositions: BTreeMap::new(),
        }
    }
}

/// What one client may ask of the server.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Words (and operators) in a search.
    pub search_terms: usize,
    /// Hits of one search, the best first (`limit`).
    pub search_hits: usize,
    /// Bytes of any one parameter.
    pub parameter_bytes: usize,
    /// Monte Carlo draws of one forecast.
    pub draws: usize,
    /// Rows of one page of a list (`limit`).
    pub page_rows: usize,
    /// Requests that read the record at once; more wait, then get 429.
    pub busy: usize,
    /// How long a request waits for one of those places.
    pub queue_wait: Duration,
    /// Time for a client to send a request's head.
    pub header_timeout: Duration,
    /// Time for a request's answer; longer gets 503.
    pub request_timeout: Duration,
    /// Time a forecast's Monte Carlo draws may take: a model whose draws
    /// would take longer (estimated from its one solution at the modes)
    /// gives no distribution, and the answer says why.
    pub forecast_time: Duration,
    /// Actors of a forecast that SMP solves at most (its time grows with
    /// about the fourth power of the actors: 150 take 2 s, 300 take 32 s on
    /// two cores); above, SMP is skipped with a warning.
    pub smp_actors: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Limits {
            search_terms: 32,
            search_hits: 500,
            parameter_bytes: 1_000,
            draws: 10_000,
            page_rows: 1_000,
            busy: 2 * cores,
            queue_wait: Duration::from_secs(2),
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            forecast_time: Duration::from_secs(5),
            smp_actors: 100,
        }
    }
}

/// The loopback names a browser on this machine sends as `Host`.
const LOOPBACK_HOSTS: &[&str] = &["localhost", "127.0.0.1", "::1"];

/// The server's state: the configuration and what is derived from it.
struct App {
    config: Config,
    /// Permits for requests that read the record.
    busy: Arc<tokio::sync::Semaphore>,
    /// The Content-Security-Policy: only this page's own script and style.
    csp: HeaderValue,
    /// The decisions and their edits, kept between requests.
    decisions: attache_store::DecisionsCache,
}

/// The routes, over the record that `config` names.
pub fn router(config: Config) -> Router {
    let app = Arc::new(App {
        busy: Arc::new(tokio::sync::Semaphore::new(config.limits.busy)),
        csp: content_security_policy(PAGE),
        decisions: attache_store::DecisionsCache::default(),
        config,
    });
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
        .route("/api/review/queue", get(review_queue))
        .route("/api/reviews", get(reviews))
        .route(
            "/api/review",
            post(review).layer(axum::extract::DefaultBodyLimit::max(DECISION_BYTES)),
        )
        .fallback(|uri: Uri| async move {
            Failure(StatusCode::NOT_FOUND, format!("no page {}", uri.path()))
        })
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

/// Serves until the listener fails: HTTP/1.1 with a time limit on each
/// request's head (slow clients cannot hold connections), answering the
/// bound address's host as well as loopback names.
pub async fn serve(listener: tokio::net::TcpListener, mut config: Config) -> std::io::Result<()> {
    let local = listener.local_addr()?;
    config.loopback = local.ip().is_loopback();
    if !local.ip().is_unspecified() {
        config.allowed_hosts.push(local.ip().to_string());
    }
    let header_timeout = config.limits.header_timeout;
    let service = hyper_util::service::TowerToHyperService::new(router(config));
    let open = Arc::new(OpenConnections::default());
    tokio::spawn(release_memory_when_idle(open.clone()));
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(conn) => conn,
            // out of descriptors and the like: wait, keep serving
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = service.clone();
        let connection = open.opened();
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
            drop(connection);
        });
    }
}

/// The connections open now, and how many have closed since the heap was
/// last given back.
#[derive(Default)]
struct OpenConnections {
    open: std::sync::atomic::AtomicUsize,
    closed: std::sync::atomic::AtomicUsize,
}

impl OpenConnections {
    fn opened(self: &Arc<Self>) -> OpenConnection {
        self.open.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        OpenConnection(self.clone())
    }
}

/// One open connection, counted until dropped.
struct OpenConnection(Arc<OpenConnections>);

impl Drop for OpenConnection {
    fn drop(&mut self) {
        use std::sync::atomic::Ordering::Relaxed;
        self.0.closed.fetch_add(1, Relaxed);
        self.0.open.fetch_sub(1, Relaxed);
    }
}

/// Once every connection has closed (checked each second, so one to two
/// seconds after the last closes), the memory the
/// last requests freed goes back to the system: glibc keeps what its
/// per-thread arenas freed, so a burst of concurrent requests would leave
/// the server at its peak however long it then sat idle.
async fn release_memory_when_idle(connections: Arc<OpenConnections>) {
    use std::sync::atomic::Ordering::Relaxed;
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tick.tick().await;
        if connections.open.load(Relaxed) == 0 && connections.closed.swap(0, Relaxed) > 0 {
            let _ = tokio::task::spawn_blocking(release_freed_memory).await;
        }
    }
}

/// Gives the heap's free pages back to the system (glibc; elsewhere the
/// allocator's own policy stands).
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory of the allocator's own
    // arenas; it is safe to call from any thread at any time
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The policy for the page: its one inline script and style by hash,
/// requests to this server only, no framing, no plugins, no forms elsewhere.
fn content_security_policy(page: &str) -> HeaderValue {
    use base64::Engine;
    use sha2::Digest;
    let hash_of = |open: &str, close: &str| {
        let start = page
            .find(open)
            .and_then(|i| page[i..].find('>').map(|j| i + j + 1));
        let body = start.and_then(|s| page[s..].find(close).map(|e| &page[s..s + e]));
        body.map(|b| {
            let digest = sha2::Sha256::digest(b.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .unwrap_or_default()
    };
    let policy = format!(
        "default-src 'none'; script-src{}; style-src{}; connect-src 'self'; img-src 'self' data:; \
         base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        hash_of("<script", "</script>"),
        hash_of("<style", "</style>"),
    );
    HeaderValue::from_str(&policy).expect("the policy is ASCII")
}

/// The host part of a `Host` header: `name`, `name:port`, `[v6]:port`.
fn host_name(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    host.rsplit_once(':').map_or(host, |(name, _)| name)
}

/// Every request: no body (413), the `Host` must be one the server answers
/// (a DNS rebinding page names its own; 403), the answer comes within the
/// time limit (503), and every response carries the security headers.
async fn guard(State(app): State<Shared>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(|h| host_name(h).to_ascii_lowercase());
    let allowed = host.as_deref().is_some_and(|h| {
        LOOPBACK_HOSTS.contains(&h)
            || app
                .config
                .allowed_hosts
                .iter()
                .any(|a| a.eq_ignore_ascii_case(h))
    });
    // every route but a decision's is a GET: a body is never read, so one
    // that trickles in could only hold the connection; refused, and the
    // connection closed
    let takes_body =
        request.method() == axum::http::Method::POST && request.uri().path() == "/api/review";
    let has_body = !takes_body
        && request
            .headers()
            .get(header::CONTENT_LENGTH)
            .is_some_and(|l| l.as_bytes() != b"0")
        || request.headers().contains_key(header::TRANSFER_ENCODING);
    let mut response = if has_body {
        let mut refused = Failure(
            StatusCode::PAYLOAD_TOO_LARGE,
            "this server takes no request body".into(),
        )
        .into_response();
        refused
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        refused
    } else if !allowed {
        Failure(
            StatusCode::FORBIDDEN,
            format!(
                "host {:?} is not served here: start `attache serve` with --allow-host NAME to answer it",
                host.unwrap_or_default()
            ),
        )
        .into_response()
    } else {
        match tokio::time::timeout(app.config.limits.request_timeout, next.run(request)).await {
            Ok(response) => response,
            Err(_) => Failure(
                StatusCode::SERVICE_UNAVAILABLE,
                "the question took too long: narrow it (dates, an actor, fewer draws)".into(),
            )
            .into_response(),
        }
    };
    let headers: &mut HeaderMap = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, app.csp.clone());
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// A request's failure, sent as `{"error": "…"}` with its status.
#[derive(Debug)]
struct Failure(StatusCode, String);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let busy = self.0 == StatusCode::TOO_MANY_REQUESTS;
        let status = self.0;
        let mut response = (self.0, Json(serde_json::json!({ "error": self.1 }))).into_response();
        if busy {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

fn bad_request(message: String) -> Failure {
    Failure(StatusCode::BAD_REQUEST, message)
}

type Reply = Result<Json<serde_json::Value>, Failure>;
type Shared = Arc<App>;

/// Runs `question` on the record, opened read-only, on a blocking thread,
/// once fewer than `Limits::busy` questions are running (429 if that takes
/// longer than `Limits::queue_wait`). The
/// permit goes with the work, so a request that timed out still counts
/// until its work ends.
async fn run<T, F>(app: Shared, question: F) -> Result<T, Failure>
where
    T: Send + 'static,
    F: FnOnce(&mut Store, &Config) -> Result<T, Failure> + Send + 'static,
{
    run_on(app, false, question).await
}

/// [`run`] on the record opened for writing (a decision).
async fn run_on<T, F>(app: Shared, write: bool, question: F) -> Result<T, Failure>
where
    T: Send + 'static,
    F: FnOnce(&mut Store, &Config) -> Result<T, Failure> + Send + 'static,
{
    let place = app.busy.clone().acquire_owned();
    let permit = match tokio::time::timeout(app.config.limits.queue_wait, place).await {
        Ok(Ok(permit)) => permit,
        _ => {
            return Err(Failure(
                StatusCode::TOO_MANY_REQUESTS,
                "the server is busy with other questions: try again in a moment".into(),
            ));
        }
    };
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let config = &app.config;
        let mut store = if write {
            Store::open(&config.db)
        } else {
            Store::open_existing(&config.db)
        }
        .map_err(|e| {
            Failure(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!(
                    "opening the record {}: {e}",
                    attache_store::backend::redact(&config.db)
                ),
            )
        })?;
        store.share_decisions(&app.decisions);
        question(&mut store, config)
    })
    .await
    .map_err(|e| Failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
}

/// [`run`], the answer as JSON.
async fn ask<T, F>(app: Shared, question: F) -> Reply
where
    T: Serialize + Send + 'static,
    F: FnOnce(&mut Store, &Config) -> Result<T, Failure> + Send + 'static,
{
    let answer = run(app, question).await?;
    serde_json::to_value(answer)
        .map(Json)
        .map_err(|e| Failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}

fn failed(e: attache_store::backend::DbError) -> Failure {
    if e.0.starts_with(attache_store::pages::NOT_OURS) {
        return bad_request(format!("the cursor is {e}: use the one the last page gave"));
    }
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

/// A `limit` parameter: `default` when not given, else 1 to `max`, or a 400.
fn limit_param(value: Option<String>, default: usize, max: usize) -> Result<usize, Failure> {
    let limit = number_or(value, "limit", default)?;
    if limit == 0 || limit > max {
        return Err(bad_request(format!(
            "limit {limit} is not between 1 and {max}"
        )));
    }
    Ok(limit)
}

#[derive(Deserialize)]
struct PositionsQuery {
    as_of: Option<String>,
    /// `actor` (default) or `state`: a state's institutions and people rolled up.
    by: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
}

#[derive(Serialize)]
struct Summary {
    /// Whether this server records decisions, and whether they need the token.
    review: bool,
    review_needs_token: bool,
    articles: i64,
    stories: i64,
    quotes: i64,
    positions: i64,
    /// Issues with at least one stance, by id.
    issues: Vec<String>,
    /// The catalogue's proposition of each issue, by id, where known.
    propositions: BTreeMap<String, String>,
}

async fn summary(State(app): State<Shared>) -> Reply {
    ask(app, |store, config| {
        let (articles, stories, quotes, positions) = store.counts().map_err(failed)?;
        let issues = store.issues().map_err(failed)?;
        Ok(Summary {
            review: config.review,
            review_needs_token: config.token.is_some() || !config.loopback,
            propositions: config.propositions.clone(),
            articles,
            stories,
            quotes,
            positions,
            issues,
        })
    })
    .await
}

#[derive(Deserialize)]
struct ActorsQuery {
    /// Only actors whose name or key holds these characters (any case).
    q: Option<String>,
    /// `true`: only actors quoted at least once.
    quoted: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
}

/// A page of the actors, most mentioned first.
async fn actors(
    State(app): State<Shared>,
    Query(q): Query<ActorsQuery>,
) -> Result<Response, Failure> {
    if let Some(name) = &q.q {
        short(name, &app.config.limits)?;
    }
    let (limit, after) = page_params::<KeyCursor>(q.limit, q.cursor, &app.config.limits)?;
    let quoted = match q.quoted.as_deref() {
        None | Some("") | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            return Err(bad_request(format!(
                "quoted {other:?} is neither \"true\" nor \"false\""
            )));
        }
    };
    let filter = ActorFilter {
        name: q.q.filter(|n| !n.trim().is_empty()),
        quoted,
    };
    let params = [
        ("q", filter.name.clone()),
        ("quoted", quoted.then(|| "true".to_string())),
    ];
    let (rows, next) = run(app, move |store, _| {
        store
            .actors_page(&filter, after.as_ref(), limit)
            .map_err(failed)
    })
    .await?;
    Ok(page_response(rows, next, "actors", limit, &params))
}

/// A page of the actor × issue matrix, by holder and issue (by state and
/// issue with `by=state`).
async fn positions(
    State(app): State<Shared>,
    Query(q): Query<PositionsQuery>,
) -> Result<Response, Failure> {
    let (limit, after) = page_params::<KeyCursor>(q.limit, q.cursor, &app.config.limits)?;
    let as_of = date(q.as_of, "as_of")?;
    let by_state = match q.by.as_deref() {
        None | Some("") | Some("actor") => false,
        Some("state") => true,
        Some(other) => {
            return Err(bad_request(format!(
                "by {other:?} is neither \"actor\" nor \"state\""
            )));
        }
    };
    let params = [
        ("as_of", as_of.clone()),
        ("by", by_state.then(|| "state".to_string())),
    ];
    if by_state {
        let (rows, next) = run(app, move |store, _| {
            store
                .positions_by_state_page(as_of.as_deref(), after.as_ref(), limit)
                .map_err(failed)
        })
        .await?;
        return Ok(page_response(rows, next, "positions", limit, &params));
    }
    let (rows, next) = run(app, move |store, _| {
        store
            .positions_page(as_of.as_deref(), after.as_ref(), limit)
            .map_err(failed)
    })
    .await?;
    Ok(page_response(rows, next, "positions", limit, &params))
}

#[derive(Deserialize)]
struct ChangesQuery {
    as_of: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
}

/// A page of the changes of stance (in the order of their later
/// statement), as `/api/timeline` pages.
async fn changes(
    State(app): State<Shared>,
    Query(q): Query<ChangesQuery>,
) -> Result<Response, Failure> {
    let (limit, after) = page_params(q.limit, q.cursor, &app.config.limits)?;
    let as_of = date(q.as_of, "as_of")?;
    let params = [("as_of", as_of.clone())];
    let (rows, next) = run(app, move |store, _| {
        store
            .changes_page(
                as_of.as_deref(),
                attache_store::db::CHANGE_CONFIDENCE,
                after.as_ref(),
                limit,
            )
            .map_err(failed)
    })
    .await?;
    Ok(page_response(rows, next, "changes", limit, &params))
}

#[derive(Deserialize)]
struct TimelineQuery {
    issue: Option<String>,
    until: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
}

/// A page of an issue's statements (or all), as `/api/quotes` pages.
async fn timeline(
    State(app): State<Shared>,
    Query(q): Query<TimelineQuery>,
) -> Result<Response, Failure> {
    if let Some(issue) = &q.issue {
        short(issue, &app.config.limits)?;
    }
    let (limit, after) = page_params(q.limit, q.cursor, &app.config.limits)?;
    let until = date(q.until, "until")?;
    let issue = q.issue.filter(|i| !i.is_empty());
    let params = [("issue", issue.clone()), ("until", until.clone())];
    let (rows, next) = run(app, move |store, _| {
        store
            .statements_page(issue.as_deref(), until.as_deref(), after.as_ref(), limit)
            .map_err(failed)
    })
    .await?;
    Ok(page_response(rows, next, "timeline", limit, &params))
}

#[derive(Deserialize)]
struct QuotesQuery {
    actor: Option<String>,
    issue: Option<String>,
    since: Option<String>,
    until: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
}

/// The rows per page when `limit` is not given.
const DEFAULT_PAGE: usize = 500;

/// A page of quotes (`limit`, at most `Limits::page_rows`); when there are
/// more, the `X-Next-Cursor` header (and a `Link` rel=next) gives the
/// `cursor` of the next page.
async fn quotes(
    State(app): State<Shared>,
    Query(q): Query<QuotesQuery>,
) -> Result<Response, Failure> {
    for value in [&q.actor, &q.issue].into_iter().flatten() {
        short(value, &app.config.limits)?;
    }
    let (limit, after) = page_params(q.limit, q.cursor, &app.config.limits)?;
    let filter = QuoteFilter {
        actor: q.actor.filter(|a| !a.is_empty()),
        issue: q.issue.filter(|i| !i.is_empty()),
        since: date(q.since, "since")?,
        until: date(q.until, "until")?,
    };
    let params = [
        ("actor", filter.actor.clone()),
        ("issue", filter.issue.clone()),
        ("since", filter.since.clone()),
        ("until", filter.until.clone()),
    ];
    let (rows, next) = run(app, move |store, _| {
        store
            .quotes_page(&filter, after.as_ref(), limit)
            .map_err(failed)
    })
    .await?;
    Ok(page_response(rows, next, "quotes", limit, &params))
}

/// A list's `limit` (1 to `Limits::page_rows`, [`DEFAULT_PAGE`] when not
/// given) and `cursor` (one this server gave, at most four times
/// `Limits::parameter_bytes`: it holds a name and a key, each byte but
/// ASCII letters and digits written as three), or a 400.
fn page_params<C: std::str::FromStr>(
    limit: Option<String>,
    cursor: Option<String>,
    limits: &Limits,
) -> Result<(usize, Option<C>), Failure> {
    let limit = limit_param(limit, DEFAULT_PAGE, limits.page_rows)?;
    let after = match cursor.filter(|c| !c.is_empty()) {
        Some(c) => Some(
            within(&c, limits.parameter_bytes.saturating_mul(4))?
                .parse::<C>()
                .map_err(|_| bad_request(format!("cursor {c:?} is not one this server gave")))?,
        ),
        None => None,
    };
    Ok((limit, after))
}

/// A page as JSON; when there is a next one, its cursor in `X-Next-Cursor`
/// and its address (the same parameters) in a `Link` with rel=next.
fn page_response<T: Serialize>(
    rows: Vec<T>,
    next: Option<impl std::fmt::Display>,
    route: &str,
    limit: usize,
    params: &[(&str, Option<String>)],
) -> Response {
    let mut response = Json(rows).into_response();
    if let Some(next) = next {
        // the cursor as given back (plain ASCII), and in the link as a URL holds it
        let cursor = next.to_string();
        let mut link = format!(
            "/api/{route}?limit={limit}&cursor={}",
            percent_encode(&cursor)
        );
        for (name, value) in params {
            if let Some(v) = value {
                link.push_str(&format!("&{name}={}", percent_encode(v)));
            }
        }
        let headers = response.headers_mut();
        if let Ok(v) = HeaderValue::from_str(&cursor) {
            headers.insert("x-next-cursor", v);
        }
        if let Ok(v) = HeaderValue::from_str(&format!("<{link}>; rel=\"next\"")) {
            headers.insert(header::LINK, v);
        }
    }
    response
}

/// A query-string value with everything but unreserved characters escaped.
fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A parameter within `Limits::parameter_bytes`, or a 400.
fn short<'a>(value: &'a str, limits: &Limits) -> Result<&'a str, Failure> {
    within(value, limits.parameter_bytes)
}

/// A parameter of at most `bytes`, or a 400.
fn within(value: &str, bytes: usize) -> Result<&str, Failure> {
    if value.len() > bytes {
        return Err(bad_request(format!(
            "a parameter of {} bytes is longer than the {bytes} allowed",
            value.len()
        )));
    }
    Ok(value)
}

#[derive(Deserialize)]
struct SearchQuery {
    q: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
}

/// A page of search hits, best first among the newest matches
/// ([`Store::search_page`]).
async fn search(
    State(app): State<Shared>,
    Query(q): Query<SearchQuery>,
) -> Result<Response, Failure> {
    let Some(text) = q.q.filter(|t| !t.trim().is_empty()) else {
        return Err(bad_request("search needs q, the words to look for".into()));
    };
    let limits = &app.config.limits;
    let terms = text.split_whitespace().count();
    if terms > limits.search_terms {
        return Err(bad_request(format!(
            "a search of {terms} words (operators included) is more than the {} allowed",
            limits.search_terms
        )));
    }
    short(&text, limits)?;
    if let Some(why) = attache_store::db::search_syntax_error(&text) {
        return Err(bad_request(format!(
            "the search {text:?} is malformed: {why}"
        )));
    }
    let (_, after) = page_params::<KeyCursor>(None, q.cursor, limits)?;
    let limit = limit_param(q.limit, 50, limits.search_hits)?;
    let params = [("q", Some(text.clone()))];
    let (hits, next) = run(app, move |store, _| {
        store.search_page(&text, after.as_ref(), limit).map_err(|e| {
            if e.0.starts_with(attache_store::db::MALFORMED_SEARCH) {
                bad_request(format!(
                    "the search {text:?} is malformed ({}): use words, \"a phrase\", a OR b, -word",
                    e.0
                ))
            } else {
                failed(e)
            }
        })
    })
    .await?;
    Ok(page_response(hits, next, "search", limit, &params))
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
    /// Each model's calibrated forecast distribution (as `attache forecast`
    /// gives it): median, 50% and 80% intervals, likeliest outcomes, bins.
    calibrated: BTreeMap<&'static str, calibration::Summary>,
    /// What the forecast rests on, where it is thin: too few actors, listed
    /// actors with no input.
    warnings: Vec<String>,
}

async fn forecast(State(app): State<Shared>, Query(q): Query<ForecastQuery>) -> Reply {
    let Some(issue) = q.issue.filter(|i| !i.is_empty()) else {
        return Err(bad_request("forecast needs issue, an issue id".into()));
    };
    let as_of = date(q.as_of, "as_of")?;
    let draws = number_or(q.draws, "draws", 1_000usize)?;
    if draws > app.config.limits.draws {
        return Err(bad_request(format!(
            "draws {draws} is more than the {} allowed",
            app.config.limits.draws
        )));
    }
    let seed = number_or(q.seed, "seed", 1u64)?;
    ask(app, move |store, config| {
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
        let started = std::time::Instant::now();
        let limits = &config.limits;
        let mut warnings = calibration::input_warnings(&scenario, 0);
        let actors = scenario.issues[0].stances.len();
        // each model once at the modes, timed: its draws cost about as much each
        let at_modes = |m: Model| {
            let t = std::time::Instant::now();
            let solution =
                models::solve_issue(m, &scenario, 0, &Options::default(), |_, _, _, v| v.mode());
            (solution.forecast, t.elapsed())
        };
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let for_draws = |once: std::time::Duration| once.mul_f64(draws as f64 / threads as f64);
        let mut forecasts = BTreeMap::new();
        let mut solved = Vec::new();
        for m in Model::ALL {
            if m == Model::Smp && actors > limits.smp_actors {
                warnings.push(format!(
                    "smp skipped: {actors} actor{}, more than the {} this server solves it for",
                    if actors == 1 { "" } else { "s" },
                    limits.smp_actors
                ));
                continue;
            }
            let (forecast, once) = at_modes(m);
            solved.push((m, once));
            forecasts.insert(m.name(), forecast);
        }
        let mut distributions = BTreeMap::new();
        for (m, once) in solved.into_iter().filter(|_| draws > 0) {
            let mut estimate = for_draws(once);
            // one solution of well under a millisecond, times the draws: a
            // pause of the thread would pass for cost, so a model about to
            // be skipped is timed twice more, and the fastest counts
            for _ in 0..2 {
                if started.elapsed() + estimate <= limits.forecast_time {
                    break;
                }
                estimate = estimate.min(for_draws(at_modes(m).1));
            }
            if started.elapsed() + estimate > limits.forecast_time {
                warnings.push(format!(
                    "{}: no distribution: {draws} draws would take about {:.1} s, more than the {:.1} s a forecast may take on this server (ask for fewer draws)",
                    m.name(),
                    estimate.as_secs_f64(),
                    limits.forecast_time.as_secs_f64()
                ));
                continue;
            }
            let d = montecarlo::simulate(&scenario, 0, m, &Options::default(), draws, seed);
            distributions.insert(m.name(), d);
        }
        let cal = Calibration::builtin();
        let data = calibration::issue_data(
            &scenario,
            0,
            &Options::default(),
            &cal.settings,
            false,
            false,
        );
        let calibrated = [
            Kind::Mean,
            Kind::Median,
            Kind::Nash,
            Kind::Prevail,
            Kind::Ensemble,
        ]
        .into_iter()
        .filter_map(|k| {
            calibration::distribution(k, &data, &cal)
                .map(|d| (k.name(), calibration::summary(&d, &data)))
        })
        .collect();
        let silent =
            attache_store::scenario::speakers_without_input(store, &issue, opts.as_of.as_deref(), &scenario)
                .map_err(failed)?;
        if !silent.is_empty() {
            let named: Vec<String> = silent
                .iter()
                .map(|(who, n)| format!("{who} ({n} quote{})", if *n == 1 { "" } else { "s" }))
                .collect();
            warnings.push(format!(
                "{} spoke on {issue} but {} no input here: their stances may be missing from the record (review them)",
                named.join(", "),
                if silent.len() == 1 { "has" } else { "have" }
            ));
        }
        let absent: Vec<String> =
            attache_store::scenario::main_parties_without_input(store, MAIN_PARTIES, opts.as_of.as_deref(), &scenario)
                .map_err(failed)?
                .into_iter()
                .filter(|who| !silent.iter().any(|(s, _)| s == who))
                .collect();
        if !absent.is_empty() {
            warnings.push(format!(
                "{}, among the record's {MAIN_PARTIES} main parties (most statements on any issue), {} no input on {issue}: the forecast leaves {} out",
                absent.join(" and "),
                if absent.len() == 1 { "has" } else { "have" },
                if absent.len() == 1 { "it" } else { "them" }
            ));
        }
        Ok(Forecast {
            scenario,
            forecasts,
            distributions,
            calibrated,
            warnings,
        })
    })
    .await
}

#[derive(Deserialize)]
struct ArticleQuery {
    id: Option<String>,
}

async fn article(State(app): State<Shared>, Query(q): Query<ArticleQuery>) -> Reply {
    let Some(id) = q.id else {
        return Err(bad_request("article needs id, an article number".into()));
    };
    let id: i64 = number(&id, "id")?;
    ask(app, move |store, _| {
        store
            .article(id)
            .map_err(failed)?
            .ok_or_else(|| Failure(StatusCode::NOT_FOUND, format!("no article {id}")))
    })
    .await
}

/// How many of the record's parties with the most statements a forecast
/// is expected to have as inputs (a warning names the missing).
const MAIN_PARTIES: usize = 4;

/// The most bytes of one decision.
const DECISION_BYTES: usize = 16 * 1024;

#[derive(Deserialize)]
struct QueueQuery {
    limit: Option<String>,
}

/// The statements not reviewed yet, most worth checking first.
async fn review_queue(State(app): State<Shared>, Query(q): Query<QueueQuery>) -> Reply {
    let limit = limit_param(q.limit, 50, app.config.limits.page_rows)?;
    ask(app, move |store, _| {
        store.review_queue(limit).map_err(failed)
    })
    .await
}

#[derive(Deserialize)]
struct ReviewsQuery {
    limit: Option<String>,
    cursor: Option<String>,
}

/// A page of the decisions, newest first, with who and when.
async fn reviews(
    State(app): State<Shared>,
    Query(q): Query<ReviewsQuery>,
) -> Result<Response, Failure> {
    let (limit, after) = page_params::<KeyCursor>(q.limit, q.cursor, &app.config.limits)?;
    let (rows, next) = run(app, move |store, _| {
        store.reviews_page(after.as_ref(), limit).map_err(failed)
    })
    .await?;
    Ok(page_response(rows, next, "reviews", limit, &[]))
}

#[derive(Deserialize)]
struct Reviewer {
    reviewer: Option<String>,
}

/// Records one decision (JSON: `{"action": "reject", "article": …, …,
/// "reviewer": "ana"}`), if this server takes decisions from this client.
async fn review(
    State(app): State<Shared>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, Failure> {
    may_write(&app, &headers)?;
    let decision: attache_store::Decision = serde_json::from_slice(&body)
        .map_err(|e| bad_request(format!("not a decision this server takes: {e}")))?;
    let reviewer = serde_json::from_slice::<Reviewer>(&body)
        .ok()
        .and_then(|r| r.reviewer)
        .unwrap_or_else(|| "web".into());
    if reviewer.chars().count() > 100 {
        return Err(bad_request(
            "a reviewer's name is at most 100 characters".into(),
        ));
    }
    let row = run_on(app, true, move |store, _| {
        store
            .review(decision, &reviewer)
            .map_err(failed)?
            .map_err(bad_request)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(row)).into_response())
}

/// Whether a request may record a decision: the server takes decisions
/// (else 403), the request comes from this server's own page or from no
/// browser at all (a cross-site one gets 403; a form's content type 415),
/// and it carries the token where one is needed (else 401).
fn may_write(app: &App, headers: &HeaderMap) -> Result<(), Failure> {
    let config = &app.config;
    if !config.review {
        return Err(Failure(
            StatusCode::FORBIDDEN,
            "this server only shows the record: start `attache serve --review` to record decisions"
                .into(),
        ));
    }
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let cross_site = || {
        Failure(
            StatusCode::FORBIDDEN,
            "a decision from another site is refused: use this server's own page".into(),
        )
    };
    if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site"))
        && site != "same-origin"
        && site != "none"
    {
        return Err(cross_site());
    }
    if let Some(origin) = text(header::ORIGIN) {
        let authority = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"));
        let host = text(header::HOST);
        if authority.is_none()
            || !host.is_some_and(|h| authority.is_some_and(|a| a.eq_ignore_ascii_case(h)))
        {
            return Err(cross_site());
        }
    }
    if !text(header::CONTENT_TYPE).is_some_and(|t| t.starts_with("application/json")) {
        return Err(Failure(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "a decision is sent as JSON (Content-Type: application/json)".into(),
        ));
    }
    if config.token.is_some() || !config.loopback {
        let given = text(header::AUTHORIZATION)
            .and_then(|a| a.strip_prefix("Bearer "))
            .or_else(|| text(header::HeaderName::from_static("x-attache-token")));
        let right = match (&config.token, given) {
            (Some(token), Some(given)) => same_secret(token.as_bytes(), given.trim().as_bytes()),
            _ => false,
        };
        if !right {
            return Err(Failure(
                StatusCode::UNAUTHORIZED,
                "recording a decision here needs the server's token: send it as Authorization: Bearer TOKEN"
                    .into(),
            ));
        }
    }
    Ok(())
}

/// Two secrets compared in time that does not depend on where they differ.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}
