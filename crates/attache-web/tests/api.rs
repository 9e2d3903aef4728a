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
        db,
        capabilities: [("Ukraine".to_string(), 3.0)].into(),
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
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, body.to_string())
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
    assert!(page.contains("api(\"positions\""));

    let summary = get_json(addr, "/api/summary");
    assert_eq!(summary["articles"], 2);
    assert_eq!(summary["issues"], serde_json::json!(["ceasefire"]));

    let actors = get_json(addr, "/api/actors");
    let president = row(&actors, "key", ZELENSKY);

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
    let moved = row(&changes, "key", ZELENSKY);
    assert_eq!(
        (&moved["from"], &moved["to"]),
        (&"support".into(), &"oppose".into())
    );

    let timeline = get_json(addr, "/api/timeline?issue=ceasefire");
    assert_eq!(
        strings(&timeline, "published"),
        ["2025-03-01", "2025-03-20"]
    );

    let key = president["key"].as_str().unwrap();
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
    let addr = serve(attache_web::Config {
        // a folder is no SQLite file
        db: dir.path().display().to_string(),
        capabilities: Default::default(),
    });
    let (status, body) = get(addr, "/api/actors");
    assert_eq!(status, 500, "{body}");
    assert!(body.contains("opening the record"), "{body}");
    // the server still answers
    assert_eq!(get(addr, "/").0, 200);

    // a record that is not there is not made: the server only reads
    let missing = dir.path().join("gone.db");
    let addr = serve(attache_web::Config {
        db: missing.display().to_string(),
        capabilities: Default::default(),
    });
    let (status, body) = get(addr, "/api/summary");
    assert_eq!(status, 500, "{body}");
    assert!(body.contains("no record at"), "{body}");
    assert!(!missing.exists());
}
