//! CSV in one convention for every command: a header of declared columns in
//! a fixed order, the same names across commands (`actor` an actor's key,
//! `actor_name` its name), spans as `article`, `start`, `end` columns, lists
//! joined by `;`, RFC 4180 quoting.

use serde_json::Value;
use std::io::{self, Write};

/// A column: its name, and where its value is in a row's JSON (a JSON
/// pointer such as `/before_span/start`).
pub type Column = (&'static str, &'static str);

fn cell(v: Option<&Value>) -> String {
    let s = match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| cell(Some(i)))
            .collect::<Vec<_>>()
            .join(";"),
        Some(other) => other.to_string(),
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The header and one line per row.
pub fn write_values(
    w: &mut dyn Write,
    columns: &[Column],
    rows: impl IntoIterator<Item = Value>,
) -> io::Result<()> {
    write_header(w, columns)?;
    for row in rows {
        write_value(w, columns, &row)?;
    }
    Ok(())
}

/// The line of column names.
pub fn write_header(w: &mut dyn Write, columns: &[Column]) -> io::Result<()> {
    let names: Vec<&str> = columns.iter().map(|c| c.0).collect();
    writeln!(w, "{}", names.join(","))
}

/// One row's line.
pub fn write_value(w: &mut dyn Write, columns: &[Column], row: &Value) -> io::Result<()> {
    let cells: Vec<String> = columns.iter().map(|c| cell(row.pointer(c.1))).collect();
    writeln!(w, "{}", cells.join(","))
}

/// [`write_values`] of serialisable rows (the whole list a page at a time
/// must write the same: the reference of `write_pages`' tests).
#[cfg(test)]
pub fn write_rows<T: serde::Serialize>(
    w: &mut dyn Write,
    columns: &[Column],
    rows: &[T],
) -> io::Result<()> {
    let values = rows
        .iter()
        .map(|r| serde_json::to_value(r).map_err(io::Error::other))
        .collect::<io::Result<Vec<Value>>>()?;
    write_values(w, columns, values)
}

pub const ACTORS: &[Column] = &[
    ("actor", "/actor"),
    ("actor_name", "/actor_name"),
    ("kind", "/kind"),
    ("affiliation", "/affiliation"),
    ("articles", "/articles"),
    ("mentions", "/mentions"),
    ("quotes", "/quotes"),
];

pub const QUOTES: &[Column] = &[
    ("published", "/published"),
    ("actor", "/actor"),
    ("actor_name", "/actor_name"),
    ("speaker", "/speaker"),
    ("outlet", "/outlet"),
    ("article", "/article"),
    ("start", "/start"),
    ("end", "/end"),
    ("text", "/text"),
];

pub const POSITIONS: &[Column] = &[
    ("actor", "/actor"),
    ("actor_name", "/actor_name"),
    ("affiliation", "/affiliation"),
    ("issue", "/issue"),
    ("stance", "/stance"),
    ("published", "/published"),
    ("statements", "/statements"),
    ("confidence", "/confidence"),
    ("article", "/article"),
    ("start", "/start"),
    ("end", "/end"),
    ("evidence", "/evidence"),
];

pub const STATES: &[Column] = &[
    ("state", "/state"),
    ("issue", "/issue"),
    ("stance", "/stance"),
    ("published", "/published"),
    ("statements", "/statements"),
    ("members", "/members"),
    ("article", "/article"),
    ("start", "/start"),
    ("end", "/end"),
    ("evidence", "/evidence"),
];

pub const CHANGES: &[Column] = &[
    ("actor", "/actor"),
    ("actor_name", "/actor_name"),
    ("issue", "/issue"),
    ("from", "/from"),
    ("to", "/to"),
    ("before", "/before"),
    ("after", "/after"),
    ("before_article", "/before_span/article"),
    ("before_start", "/before_span/start"),
    ("before_end", "/before_span/end"),
    ("after_article", "/after_span/article"),
    ("after_start", "/after_span/start"),
    ("after_end", "/after_span/end"),
    ("before_evidence", "/before_evidence"),
    ("after_evidence", "/after_evidence"),
];

pub const HITS: &[Column] = &[("kind", "/kind"), ("id", "/id"), ("snippet", "/snippet")];

/// `attache analyze --format csv`: one row per quote.
pub const ANALYSIS_QUOTES: &[Column] = &[
    ("source", "/source"),
    ("start", "/start"),
    ("end", "/end"),
    ("kind", "/kind"),
    ("text", "/text"),
    ("cue", "/cue"),
    ("speaker", "/speaker"),
    ("actor", "/actor"),
    ("actor_name", "/actor_name"),
    ("speaker_start", "/speaker_start"),
    ("speaker_end", "/speaker_end"),
];

/// `attache forecast --format csv`: one row per issue and model.
pub const FORECASTS: &[Column] = &[
    ("issue", "/issue"),
    ("model", "/model"),
    ("forecast", "/forecast"),
    ("median", "/distribution/median"),
    ("low50", "/distribution/interval50/0"),
    ("high50", "/distribution/interval50/1"),
    ("low80", "/distribution/interval80/0"),
    ("high80", "/distribution/interval80/1"),
    ("draws", "/montecarlo/draws"),
    ("draws_mean", "/montecarlo/mean"),
    ("draws_p10", "/montecarlo/p10"),
    ("draws_p90", "/montecarlo/p90"),
];

/// `attache backtest --format csv`: one row per model.
pub const BACKTEST: &[Column] = &[
    ("model", "/model"),
    ("mae", "/mae"),
    ("crps", "/crps"),
    ("coverage50", "/coverage50"),
    ("coverage80", "/coverage80"),
    ("width80", "/width80"),
    ("n", "/n"),
];

/// The quotes of an analysis as rows of [`ANALYSIS_QUOTES`]: the speaker's
/// actor by key and name.
pub fn analysis_quotes(a: &attache_core::Analysis) -> Vec<Value> {
    a.quotes
        .iter()
        .map(|q| {
            let speaker = q.speaker.as_ref();
            let actor = speaker
                .and_then(|s| s.actor.as_deref())
                .and_then(|id| a.actors.iter().find(|x| x.id == id));
            serde_json::json!({
                "source": a.source,
                "start": q.start,
                "end": q.end,
                "kind": q.kind,
                "text": q.text,
                "cue": q.cue.as_ref().map(|c| &c.text),
                "speaker": speaker.and_then(|s| s.name.as_ref()),
                "actor": actor.map(|x| &x.key),
                "actor_name": actor.map(|x| &x.name),
                "speaker_start": speaker.map(|s| s.mention.start),
                "speaker_end": speaker.map(|s| s.mention.end),
            })
        })
        .collect()
}
