//! The web UI over a made-up record, through real HTTP requests.

use attache_core::{Analyzer, Catalogue};
use attache_store::Store;
use attache_store::sources::{DateSource, RawArticle};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

const CATALOGUE: &str = r#"
[[issue]]
id = "ceasefire"
proposition = "An early ceasefire."
terms = ["ceasefire", "truce"]
"#;

/// Two made-up reports, three weeks apart; the president changes his mind.
const ARTICLES: [(&str, &str); 2] = [
    (
        "2025-03-01",
        "Volodymyr Zelenskyy said Ukraine would accept a ceasefire in the spring. \
         “We want the guns to fall silent,” Zelenskyy said in Kyiv.",
    ),
    (
        "2025-03-20",
        "Talks in Genève stalled on Thursday. \
         In Kiev, President Zelenskiy said Ukraine rejected any truce that left troops in place. \
         “Not while the shelling goes on,” he told reporters.",
    ),
];

/// A record of the made-up articles and a server over it on a free port.
fn server() -> (tempfile::TempDir, SocketAddr) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("record.db").display().to_string();
    let mut store = Store::open(&db).unwrap();
    let analyzer = Analyzer::default();
    let cat = Catalogue::parse(CATALOGUE).unwrap();
    for (k, (date, text)) in ARTICLES.iter().enumerate() {
        let raw = RawArticle {
            text: text.to_string(),
            outlet: Some("Made-up Wire".into()),
            published: Some((date.to_string(), DateSource::Metadata)),
            origin: format!("{k}.txt"),
            ..RawArticle::default()
        };
        let analysis = analyzer.analyze_with(text, Some(&cat), false);
        store
            .ingest(&raw, &analysis, |t| {
                cat.find(t)
                    .into_iter()
                    .map(|m| cat.issues[m.issue].id.clone())
                    .collect()
            })
            .unwrap();
    }
    drop(store);
    let addr = serve(attache_web::Config {
        capabilities: [("Ukraine".to_string(), 3.0)].into(),
        ..attache_web::Config::new(db)
    });
    (dir, addr)
}

/// The made-up record's server with other limits.
fn server_with(limits: attache_web::Limits) -> (tempfile::TempDir, SocketAddr) {
    let (dir, _) = server();
    let db = dir.path().join("record.db").display().to_string();
    let addr = serve(attache_web::Config {
        limits,
        ..attache_web::Config::new(db)
    });
    (dir, addr)
}

/// A server on a free port, on its own thread.
fn serve(config: attache_web::Config) -> SocketAddr {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || runtime.block_on(attache_web::serve(listener, config)));
    addr
}

/// GET `path`: the status and the body.
fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let (status, _, body) = get_as(addr, path, "localhost");
    (status, body)
}

/// GET `path` for the host `host`: the status, the head and the body.
fn get_as(addr: SocketAddr, path: &str, host: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head.to_string(), body.to_string())
}

/// A header's value in a head from [`get_as`] (its name in any case).
fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (n, value) = l.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

fn get_json(addr: SocketAddr, path: &str) -> serde_json::Value {
    let (status, body) = get(addr, path);
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap()
}

const ZELENSKY: &str = "person:volodymyr-zelensky";

/// The string `field` of every row of a JSON array.
fn strings<'a>(rows: &'a serde_json::Value, field: &str) -> Vec<&'a str> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r[field].as_str().unwrap())
        .collect()
}

/// The text at a span ({article, start, end}) of a stored article.
fn span_text(addr: SocketAddr, span: &serde_json::Value) -> String {
    let article = get_json(addr, &format!("/api/article?id={}", span["article"]));
    let (start, end) = (
        span["start"].as_u64().unwrap(),
        span["end"].as_u64().unwrap(),
    );
    article["text"]
        .as_str()
        .unwrap()
        .chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

/// The row of a JSON array whose `field` is `value`.
fn row<'a>(rows: &'a serde_json::Value, field: &str, value: &str) -> &'a serde_json::Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r[field] == value)
        .unwrap_or_else(|| panic!("no {field} {value} in {rows}"))
}

#[test]
fn the_page_and_the_api_show_the_record() {
    let (_dir, addr) = server();

    let (status, page) = get(addr, "/");
    assert_eq!(status, 200);
    assert!(page.contains("<title>attache"), "{page}");
    assert!(page.contains("pager(\"positions\""));

    let summary = get_json(addr, "/api/summary");
    assert_eq!(summary["articles"], 2);
    assert_eq!(summary["issues"], serde_json::json!(["ceasefire"]));

    let actors = get_json(addr, "/api/actors");
    let president = row(&actors, "actor", ZELENSKY);

    // the latest stance of the matrix, with the sentence that set it
    let positions = get_json(addr, "/api/positions");
    let cell = row(&positions, "actor", ZELENSKY);
    assert_eq!(cell["stance"], "oppose", "{cell}");
    assert!(
        cell["evidence"]
            .as_str()
            .unwrap()
            .contains("rejected any truce")
    );
    // and as of the first article, the earlier one
    let before = get_json(addr, "/api/positions?as_of=2025-03-10");
    assert_eq!(row(&before, "actor", ZELENSKY)["stance"], "support");

    let changes = get_json(addr, "/api/changes");
    let moved = row(&changes, "actor", ZELENSKY);
    assert_eq!(
        (&moved["from"], &moved["to"]),
        (&"support".into(), &"oppose".into())
    );

    let timeline = get_json(addr, "/api/timeline?issue=ceasefire");
    assert_eq!(
        strings(&timeline, "published"),
        ["2025-03-01", "2025-03-20"]
    );

    let key = president["actor"].as_str().unwrap();
    let quotes = get_json(addr, &format!("/api/quotes?actor={key}"));
    let texts = strings(&quotes, "text");
    assert!(
        texts.contains(&"We want the guns to fall silent,"),
        "{quotes}"
    );
    assert!(
        texts.contains(&"Not while the shelling goes on,"),
        "{quotes}"
    );

    // the evidence is the text at its span of its article (offsets count
    // characters: "Genève" comes before it), for a stance and for a change
    assert_eq!(span_text(addr, cell), cell["evidence"].as_str().unwrap());
    assert_eq!(
        span_text(addr, &moved["after_span"]),
        moved["after_evidence"].as_str().unwrap()
    );

    let hits = get_json(addr, "/api/search?q=shelling");
    assert!(!hits.as_array().unwrap().is_empty(), "{hits}");

    // every model's forecast, inside the scale, from the record's scenario
    let forecast = get_json(addr, "/api/forecast?issue=ceasefire");
    let issue = &forecast["scenario"]["issue"][0];
    assert_eq!(issue["id"], "ceasefire");
    assert_eq!(forecast["scenario"]["actor"][0]["capability"], 3.0);
    let models = forecast["forecasts"].as_object().unwrap();
    assert_eq!(models.len(), 5, "{forecast}");
    for (model, x) in models {
        let x = x.as_f64().unwrap();
        assert!((0.0..=100.0).contains(&x), "{model}: {x}");
        // and its distribution over the record's ranges
        let d = &forecast["distributions"][model];
        assert_eq!(d["draws"], 1000, "{model}: {d}");
        let (p10, p90) = (d["p10"].as_f64().unwrap(), d["p90"].as_f64().unwrap());
        assert!(0.0 <= p10 && p10 <= p90 && p90 <= 100.0, "{model}: {d}");
    }
    let fixed = get_json(addr, "/api/forecast?issue=ceasefire&draws=0");
    assert!(fixed.get("distributions").is_none(), "{fixed}");
    assert_eq!(fixed["forecasts"], forecast["forecasts"]);
    // the calibrated distributions, as `attache forecast` gives them
    let cal = fixed["calibrated"].as_object().unwrap();
    for model in ["mean", "median", "nash", "prevail", "ensemble"] {
        let d = &cal[model];
        let total: f64 = d["bins"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["p"].as_f64().unwrap())
            .sum();
        assert!((total - 1.0).abs() < 1e-9, "{model}: bins sum to {total}");
        let (i50, i80) = (&d["interval50"], &d["interval80"]);
        assert!(
            i80[0].as_f64() <= i50[0].as_f64() && i50[1].as_f64() <= i80[1].as_f64(),
            "{model}: {d}"
        );
    }
    // a thin record says so: fewer than three actors hold a stance here
    let warnings = fixed["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("fewer than three")),
        "{warnings:?}"
    );
}

#[test]
fn bad_requests_get_a_clear_error() {
    let (_dir, addr) = server();
    for (path, status, says) in [
        (
            "/api/positions?as_of=yesterday",
            400,
            "as_of \"yesterday\" is not a date",
        ),
        (
            "/api/quotes?since=2025-13-01",
            400,
            "since \"2025-13-01\" is not a date",
        ),
        ("/api/search", 400, "search needs q"),
        ("/api/forecast", 400, "forecast needs issue"),
        (
            "/api/forecast?issue=tariffs",
            404,
            "no stances on \"tariffs\"",
        ),
        ("/api/nothing", 404, "no page /api/nothing"),
        ("/api/article", 400, "article needs id"),
        (
            "/api/article?id=first",
            400,
            "id \"first\" is not a whole number",
        ),
        ("/api/article?id=99", 404, "no article 99"),
        (
            "/api/forecast?issue=ceasefire&draws=-5",
            400,
            "draws \"-5\" is not a whole number",
        ),
        (
            "/api/search?q=truce&limit=many",
            400,
            "limit \"many\" is not a whole number",
        ),
    ] {
        let (got, body) = get(addr, path);
        assert_eq!(got, status, "{path}: {body}");
        let error: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert!(
            error["error"].as_str().unwrap().contains(says),
            "{path}: {body}"
        );
    }
}

#[test]
fn a_record_that_cannot_be_opened_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    // a folder is no SQLite file
    let addr = serve(attache_web::Config::new(dir.path().display().to_string()));
    let (status, body) = get(addr, "/api/actors");
    assert_eq!(status, 500, "{body}");
    assert!(body.contains("opening the record"), "{body}");
    // the server still answers
    assert_eq!(get(addr, "/").0, 200);

    // a record that is not there is not made: the server only reads
    let missing = dir.path().join("gone.db");
    let addr = serve(attache_web::Config::new(missing.display().to_string()));
    let (status, body) = get(addr, "/api/summary");
    assert_eq!(status, 500, "{body}");
    assert!(body.contains("no record at"), "{body}");
    assert!(!missing.exists());
}

#[test]
fn costly_questions_are_refused_with_a_reason() {
    let (_dir, addr) = server();
    let ored = vec!["truce"; 500].join(" OR ");
    for (path, says) in [
        (
            format!("/api/search?q={}", ored.replace(' ', "+")),
            "more than the 32 allowed",
        ),
        (
            "/api/forecast?issue=ceasefire&draws=100000".into(),
            "draws 100000 is more than the 10000 allowed",
        ),
        (
            "/api/quotes?limit=0".into(),
            "limit 0 is not between 1 and 1000",
        ),
        (
            "/api/search?q=truce&limit=501".into(),
            "limit 501 is not between 1 and 500",
        ),
        (
            "/api/quotes?limit=5000".into(),
            "limit 5000 is not between 1 and 1000",
        ),
        (
            "/api/quotes?cursor=somewhere".into(),
            "cursor \"somewhere\" is not one this server gave",
        ),
        (
            format!("/api/quotes?actor={}", "x".repeat(5_000)),
            "longer than the 1000 allowed",
        ),
    ] {
        let (status, body) = get(addr, &path);
        assert_eq!(status, 400, "{body}");
        let error: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert!(error["error"].as_str().unwrap().contains(says), "{body}");
    }
    // within the limits, the same questions are answered
    assert_eq!(get(addr, "/api/search?q=truce+OR+ceasefire").0, 200);
    assert_eq!(get(addr, "/api/forecast?issue=ceasefire&draws=100").0, 200);
}

#[test]
fn quotes_statements_and_changes_come_in_pages_that_join_up() {
    let (_dir, addr) = server();
    for (list, query, least) in [
        ("quotes", "", 2),
        ("timeline", "", 2),
        ("changes", "", 1),
        ("actors", "", 2),
        ("actors", "quoted=true", 1),
        ("positions", "", 1),
        ("positions", "by=state", 1),
        ("search", "q=ceasefire%20OR%20truce%20OR%20Kyiv", 2),
    ] {
        let all = get_json(addr, &format!("/api/{list}?{query}"));
        let all = all.as_array().unwrap();
        assert!(all.len() >= least, "{list}?{query}: {all:?}");
        let mut paged = Vec::new();
        let mut path = format!("/api/{list}?limit=1&{query}");
        loop {
            let (status, head, body) = get_as(addr, &path, "localhost");
            assert_eq!(status, 200, "{body}");
            let page: Vec<serde_json::Value> = serde_json::from_str(&body).unwrap();
            assert_eq!(page.len(), 1, "{path}");
            paged.extend(page);
            if header(&head, "x-next-cursor").is_none() {
                break;
            }
            // the next page's address keeps the question's parameters
            let link = header(&head, "link").unwrap_or_else(|| panic!("{head}"));
            path = link
                .strip_prefix('<')
                .and_then(|l| l.strip_suffix(">; rel=\"next\""))
                .unwrap_or_else(|| panic!("{link}"))
                .to_string();
        }
        assert_eq!(&paged, all, "{list}?{query}");
    }
    let named = get_json(addr, "/api/actors?q=ZELENSK");
    assert_eq!(strings(&named, "actor"), [ZELENSKY]);
    for path in [
        "/api/timeline?limit=0",
        "/api/timeline?cursor=x",
        "/api/changes?limit=0",
        "/api/changes?cursor=x",
        "/api/actors?cursor=x",
        "/api/actors?quoted=maybe",
        "/api/positions?cursor=1~2",
        "/api/positions?limit=1001",
        "/api/reviews?cursor=x",
        "/api/search?q=truce&cursor=1~2",
        "/api/search?q=truce&cursor=%25",
    ] {
        let (status, body) = get(addr, path);
        assert_eq!(status, 400, "{path}: {body}");
    }
}

#[test]
fn only_known_hosts_are_answered() {
    let (_dir, addr) = server();
    for host in [
        "localhost",
        "localhost:8080",
        "127.0.0.1",
        &addr.to_string(),
        "[::1]:80",
    ] {
        assert_eq!(get_as(addr, "/api/summary", host).0, 200, "{host}");
    }
    // a DNS-rebinding page sends its own name
    for host in [
        "evil.example",
        "evil.example:8080",
        "localhost.evil.example",
    ] {
        let (status, _, body) = get_as(addr, "/api/summary", host);
        assert_eq!(status, 403, "{host}: {body}");
        assert!(body.contains("--allow-host"), "{body}");
    }
    // unless the server is told to answer it
    let (dir, _) = server();
    let team = serve(attache_web::Config {
        allowed_hosts: vec!["attache.team.example".into()],
        ..attache_web::Config::new(dir.path().join("record.db").display().to_string())
    });
    assert_eq!(get_as(team, "/api/summary", "attache.team.example").0, 200);
    assert_eq!(get_as(team, "/api/summary", "evil.example").0, 403);
}

#[test]
fn every_answer_carries_the_security_headers() {
    let (_dir, addr) = server();
    for path in ["/", "/api/summary", "/api/nothing", "/api/search"] {
        let (_, head, _) = get_as(addr, path, "localhost");
        let csp = header(&head, "content-security-policy").unwrap_or_default();
        assert!(
            csp.contains("frame-ancestors 'none'")
                && csp.contains("default-src 'none'")
                && csp.contains("script-src 'sha256-")
                && !csp.contains("unsafe-inline"),
            "{path}: {head}"
        );
        assert_eq!(
            header(&head, "x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(header(&head, "x-frame-options"), Some("DENY"), "{path}");
    }
    // refused hosts too
    let (_, head, _) = get_as(addr, "/", "evil.example");
    assert_eq!(header(&head, "x-content-type-options"), Some("nosniff"));
}

#[test]
fn work_beyond_the_bound_gets_429_and_the_page_still_loads() {
    let (_dir, addr) = server_with(attache_web::Limits {
        busy: 0,
        queue_wait: std::time::Duration::ZERO,
        ..attache_web::Limits::default()
    });
    let (status, head, body) = get_as(addr, "/api/actors", "localhost");
    assert_eq!(status, 429, "{body}");
    assert!(body.contains("busy"), "{body}");
    assert_eq!(header(&head, "retry-after"), Some("1"));
    assert_eq!(get(addr, "/").0, 200);
}

/// A forecast's cost is bounded by the server, not the client: draws that
/// would take longer than `forecast_time` are not run (the answer says so,
/// with the point forecasts still there), and SMP is not solved above
/// `smp_actors`.
#[test]
fn a_forecast_does_only_the_work_its_limits_allow() {
    let forecast = |limits: attache_web::Limits| {
        let (_dir, addr) = server_with(limits);
        let (status, body) = get(addr, "/api/forecast?issue=ceasefire&draws=2000");
        assert_eq!(status, 200, "{body}");
        serde_json::from_str::<serde_json::Value>(&body).unwrap()
    };
    let has = |v: &serde_json::Value, key: &str, model: &str| v[key].get(model).is_some();
    let warned = |v: &serde_json::Value, what: &str| {
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains(what))
    };
    let all = forecast(attache_web::Limits::default());
    for model in ["mean", "median", "nash", "eum", "smp"] {
        assert!(
            has(&all, "forecasts", model) && has(&all, "distributions", model),
            "{all}"
        );
    }
    let none_drawn = forecast(attache_web::Limits {
        forecast_time: std::time::Duration::ZERO,
        ..attache_web::Limits::default()
    });
    for model in ["mean", "median", "nash", "eum", "smp"] {
        assert!(has(&none_drawn, "forecasts", model), "{none_drawn}");
        assert!(!has(&none_drawn, "distributions", model), "{none_drawn}");
        assert!(warned(
            &none_drawn,
            &format!("{model}: no distribution: 2000 draws would take")
        ));
    }
    let actors = all["scenario"]["issue"][0]["stance"]
        .as_array()
        .unwrap()
        .len();
    assert!(actors >= 1, "{all}");
    let no_smp = forecast(attache_web::Limits {
        smp_actors: actors - 1,
        ..attache_web::Limits::default()
    });
    assert!(!has(&no_smp, "forecasts", "smp") && !has(&no_smp, "distributions", "smp"));
    assert!(has(&no_smp, "distributions", "eum"), "{no_smp}");
    let why = format!(
        "smp skipped: {actors} actor{}, more than the {} this server solves it for",
        if actors == 1 { "" } else { "s" },
        actors - 1
    );
    assert!(warned(&no_smp, &why), "{no_smp}");
}

#[test]
fn a_client_that_never_finishes_its_request_is_cut_off() {
    let (_dir, addr) = server_with(attache_web::Limits {
        header_timeout: std::time::Duration::from_millis(200),
        ..attache_web::Limits::default()
    });
    let mut stream = TcpStream::connect(addr).unwrap();
    // a guard against hanging, not a measure: the server closes well before
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    write!(stream, "GET /api/summary HTTP/1.1\r\nHost: localhost\r\n").unwrap();
    let mut rest = Vec::new();
    let closed = match stream.read_to_end(&mut rest) {
        Ok(_) => true,
        Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
    };
    assert!(closed, "the server kept a half-sent request open");
    let text = String::from_utf8_lossy(&rest);
    assert!(
        text.is_empty() || text.starts_with("HTTP/1.1 408"),
        "{text}"
    );
}

#[test]
fn a_request_body_is_refused_and_the_connection_closed() {
    let (_dir, addr) = server();
    let mut stream = TcpStream::connect(addr).unwrap();
    // a guard against hanging, not a measure
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    // a body announced and never sent
    write!(
        stream,
        "GET /api/summary HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000000\r\n\r\nab"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 413"), "{response}");
    assert!(response.contains("takes no request body"), "{response}");
}

/// The made-up record's server with `config` changed, bound to `addr`.
fn server_at(
    addr: &str,
    change: impl FnOnce(&mut attache_web::Config),
) -> (tempfile::TempDir, SocketAddr) {
    let (dir, _) = server();
    let db = dir.path().join("record.db").display().to_string();
    let mut config = attache_web::Config::new(db);
    change(&mut config);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(addr))
        .unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || runtime.block_on(attache_web::serve(listener, config)));
    (dir, SocketAddr::from(([127, 0, 0, 1], port)))
}

/// POST `body` to `path` with extra header lines: the status and the body.
fn post(addr: SocketAddr, path: &str, body: &str, headers: &[&str]) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\nContent-Length: {}\r\n",
        addr.port(),
        body.len()
    );
    for h in headers {
        head.push_str(h);
        head.push_str("\r\n");
    }
    write!(stream, "{head}\r\n{body}").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (
        head.split(' ').nth(1).unwrap().parse().unwrap(),
        body.to_string(),
    )
}

/// A decision rejecting the matrix's first stance, as the page sends it.
fn reject_first(addr: SocketAddr) -> String {
    let positions = get_json(addr, "/api/positions");
    let p = &positions[0];
    serde_json::json!({
        "action": "reject", "article": p["article"], "start": p["start"], "end": p["end"],
        "issue": p["issue"], "actor": p["actor"], "reviewer": "ana",
    })
    .to_string()
}

const JSON: &str = "Content-Type: application/json";

#[test]
fn a_server_started_without_review_refuses_every_write() {
    let (_dir, addr) = server();
    let (status, body) = post(addr, "/api/review", &reject_first(addr), &[JSON]);
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("--review"), "{body}");
    assert_eq!(get_json(addr, "/api/summary")["review"], false);
    assert_eq!(
        get_json(addr, "/api/positions").as_array().unwrap().len(),
        1
    );
}

#[test]
fn a_review_server_takes_decisions_from_its_own_page_only() {
    let (_dir, addr) = server_at("127.0.0.1:0", |c| c.review = true);
    let decision = reject_first(addr);
    let own = format!("Origin: http://localhost:{}", addr.port());
    for (headers, status) in [
        (vec![JSON, "Origin: http://evil.example"], 403),
        (vec![JSON, "Origin: null"], 403),
        (vec![JSON, "Sec-Fetch-Site: cross-site"], 403),
        (vec![JSON, "Sec-Fetch-Site: same-site"], 403),
        (vec!["Content-Type: text/plain", own.as_str()], 415),
    ] {
        let (got, body) = post(addr, "/api/review", &decision, &headers);
        assert_eq!(got, status, "{headers:?}: {body}");
    }
    assert_eq!(
        get_json(addr, "/api/positions").as_array().unwrap().len(),
        1
    );
    // a mistaken decision: 400 with the reason
    let (got, body) = post(
        addr,
        "/api/review",
        r#"{"action": "reject", "article": 1, "start": 0, "end": 2, "issue": "ceasefire", "actor": "x"}"#,
        &[JSON, &own],
    );
    assert_eq!(got, 400, "{body}");
    assert!(body.contains("no stance"), "{body}");
    // from its own page: stored, with who and when, and the matrix shows it
    let (got, body) = post(
        addr,
        "/api/review",
        &decision,
        &[JSON, &own, "Sec-Fetch-Site: same-origin"],
    );
    assert_eq!(got, 201, "{body}");
    let stored: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(stored["reviewer"], "ana");
    assert_eq!(stored["decision"]["action"], "reject");
    // the earlier statement is the latest left
    let positions = get_json(addr, "/api/positions");
    assert_eq!(positions[0]["stance"], "support", "{positions}");
    assert_eq!(get_json(addr, "/api/reviews").as_array().unwrap().len(), 1);
    // the same decision again replaces the first: pages of one, newest first
    let (got, body) = post(addr, "/api/review", &decision, &[JSON, &own]);
    assert_eq!(got, 201, "{body}");
    let (status, head, first) = get_as(addr, "/api/reviews?limit=1", "localhost");
    assert_eq!(status, 200, "{first}");
    let cursor = header(&head, "x-next-cursor").unwrap_or_else(|| panic!("{head}"));
    let second = get_json(addr, &format!("/api/reviews?limit=1&cursor={cursor}"));
    let first: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert!(first[0]["id"].as_i64() > second[0]["id"].as_i64());
    assert_eq!(
        (&first[0]["superseded"], &second[0]["superseded"]),
        (&false.into(), &true.into())
    );
    assert_eq!(
        get_json(addr, "/api/review/queue")
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // a decision is small: a big body is refused
    let big = format!(
        r#"{{"action": "merge", "actor": "{}", "into": "x"}}"#,
        "a".repeat(20_000)
    );
    let (got, _) = post(addr, "/api/review", &big, &[JSON, &own]);
    assert_eq!(got, 413);
    // and every other route still takes no body
    let (got, _) = post(addr, "/api/positions", "{}", &[JSON, &own]);
    assert_eq!(got, 413);
}

#[test]
fn off_loopback_a_write_needs_the_token() {
    let (_dir, addr) = server_at("0.0.0.0:0", |c| {
        c.review = true;
        c.token = Some("t0ken-xyz".into());
    });
    let decision = reject_first(addr);
    let summary = get_json(addr, "/api/summary");
    assert_eq!(summary["review_needs_token"], true);
    assert!(!summary.to_string().contains("t0ken-xyz"));
    for headers in [
        vec![JSON],
        vec![JSON, "Authorization: Bearer wrong"],
        vec![JSON, "Authorization: Bearer t0ken-xy"],
    ] {
        let (got, body) = post(addr, "/api/review", &decision, &headers);
        assert_eq!(got, 401, "{headers:?}: {body}");
        assert!(!body.contains("t0ken-xyz"));
    }
    let (got, body) = post(
        addr,
        "/api/review",
        &decision,
        &[JSON, "Authorization: Bearer t0ken-xyz"],
    );
    assert_eq!(got, 201, "{body}");
}

#[test]
fn off_loopback_without_a_token_no_write_is_taken() {
    let (_dir, addr) = server_at("0.0.0.0:0", |c| c.review = true);
    let (got, body) = post(addr, "/api/review", &reject_first(addr), &[JSON]);
    assert_eq!(got, 401, "{body}");
}

#[test]
fn a_malformed_search_is_a_bad_request_with_the_reason() {
    let (_dir, addr) = server();
    for q in [
        "%22black+sea",
        "%22truce",
        "(truce",
        "truce)",
        "truce+AND",
        "AND+truce",
        "truce+NEAR(",
        "%2A",
    ] {
        let (status, body) = get(addr, &format!("/api/search?q={q}"));
        assert_eq!(status, 400, "{q}: {body}");
        let error: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert!(
            error["error"].as_str().unwrap().contains("malformed"),
            "{q}: {body}"
        );
    }
    // a good one answers, each hit with its article, title and date
    let hits = get_json(addr, "/api/search?q=%22any+truce%22");
    assert_eq!(hits[0]["article"], 2, "{hits}");
    assert_eq!(hits[0]["published"], "2025-03-20", "{hits}");
}

#[test]
fn the_matrix_by_state_rolls_actors_up_and_names_who_spoke() {
    let (_dir, addr) = server();
    let states = get_json(addr, "/api/positions?by=state");
    let ukraine = row(&states, "state", "Ukraine");
    assert_eq!(ukraine["stance"], "oppose", "{states}");
    assert!(
        ukraine["members"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "Volodymyr Zelenskyy"),
        "{ukraine}"
    );
    let (status, body) = get(addr, "/api/positions?by=party");
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("neither"), "{body}");
}

#[test]
fn every_row_names_its_actor_by_key_and_name() {
    let (_dir, addr) = server_at("127.0.0.1:0", |c| c.review = true);
    // each endpoint's rows for the president: `actor` the key, `actor_name` the name
    let zelensky = |path: &str| {
        let rows = get_json(addr, path);
        let r = row(&rows, "actor", ZELENSKY).clone();
        assert_eq!(r["actor_name"], "Volodymyr Zelenskyy", "{path}: {r}");
        rows
    };
    zelensky("/api/actors");
    zelensky("/api/positions");
    zelensky("/api/changes");
    zelensky("/api/timeline?issue=ceasefire");
    let quotes = zelensky("/api/quotes");
    zelensky("/api/review/queue");
    // every row that names an actor names it both ways
    for path in [
        "/api/actors",
        "/api/positions",
        "/api/changes",
        "/api/timeline?issue=ceasefire",
        "/api/quotes",
        "/api/review/queue",
        "/api/search?q=shelling",
    ] {
        let rows = get_json(addr, path);
        for r in rows.as_array().unwrap() {
            if r["actor"].is_string() {
                assert!(r["actor_name"].is_string(), "{path}: {r}");
            }
            assert!(
                r.get("key").is_none() && r.get("holder").is_none(),
                "{path}: {r}"
            );
        }
    }
    // a quote's speaker is its actor's name too; a search hit of that quote
    // names the same actor
    let quote = row(&quotes, "actor", ZELENSKY);
    let hits = get_json(addr, "/api/search?q=shelling");
    let hit = row(&hits, "kind", "quote");
    assert_eq!(
        (&hit["actor"], &hit["actor_name"]),
        (&quote["actor"], &quote["actor_name"]),
        "{hits}"
    );
}
