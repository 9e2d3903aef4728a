//! Inputs to ingest: files and folders (recursively) of plain text, HTML
//! pages, JSON records, JSON Lines and RSS/Atom feeds, each read into
//! [`RawArticle`]s with what metadata they carry.

use crate::dates::{date_in_name, date_in_text, parse_date};
use attache_core::input::{self, html_metadata, html_to_text};
use quick_xml::events::Event;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Where a publication date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateSource {
    Metadata,
    Html,
    Feed,
    Text,
    FileName,
}

impl DateSource {
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Metadata => "metadata",
            DateSource::Html => "html",
            DateSource::Feed => "feed",
            DateSource::Text => "text",
            DateSource::FileName => "file name",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct RawArticle {
    pub text: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<(String, DateSource)>,
    /// The file (and line or item) it came from.
    pub origin: String,
}

/// A source that could not be read, with the reason.
#[derive(Clone, Debug)]
pub struct SourceError {
    pub origin: String,
    pub message: String,
}

/// Every file under the given paths, folders walked recursively, sorted.
pub fn expand(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<SourceError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut stack: Vec<PathBuf> = paths.to_vec();
    while let Some(p) = stack.pop() {
        match std::fs::metadata(&p) {
            Ok(m) if m.is_dir() => match std::fs::read_dir(&p) {
                Ok(rd) => stack.extend(rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| {
                    !p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })),
                Err(e) => errors.push(SourceError {
                    origin: p.display().to_string(),
                    message: e.to_string(),
                }),
            },
            Ok(_) => files.push(p),
            Err(e) => errors.push(SourceError {
                origin: p.display().to_string(),
                message: e.to_string(),
            }),
        }
    }
    files.sort();
    (files, errors)
}

#[derive(Deserialize)]
struct Record {
    text: String,
    url: Option<String>,
    title: Option<String>,
    outlet: Option<String>,
    published: Option<String>,
    id: Option<String>,
}

fn ext(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Reads one file into its articles.
pub fn read_file(path: &Path) -> Result<Vec<RawArticle>, SourceError> {
    let origin = path.display().to_string();
    let err = |message: String| SourceError {
        origin: origin.clone(),
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| err(e.to_string()))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let text = std::str::from_utf8(&bytes).map_err(|_| err("is not UTF-8 text".into()));
    let e = ext(path);
    let head = text
        .as_ref()
        .map(|t| t.trim_start().chars().take(300).collect::<String>())
        .unwrap_or_default();
    let is_feed = matches!(e.as_str(), "rss" | "atom" | "xml")
        || head.starts_with("<?xml") && (head.contains("<rss") || head.contains("<feed"));
    if e == "jsonl" || e == "ndjson" {
        let text = text?;
        let mut out = Vec::new();
        for (i, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let r: Record =
                serde_json::from_str(line).map_err(|e| err(format!("line {}: {e}", i + 1)))?;
            out.push(from_record(r, format!("{origin}:{}", i + 1), None));
        }
        return Ok(out);
    }
    if is_feed {
        return read_feed(text?, &origin).map_err(err);
    }
    let article = input::read_article(Some(name), &bytes).map_err(|e| err(e.to_string()))?;
    match input::detect(Some(name), text.as_deref().unwrap_or("")) {
        input::Format::Json => {
            let r: Record = serde_json::from_slice(&bytes).map_err(|e| err(e.to_string()))?;
            Ok(vec![from_record(r, origin.clone(), date_in_name(name))])
        }
        input::Format::Html => {
            let meta = html_metadata(text.as_deref().unwrap_or(""));
            let published = meta
                .published
                .as_deref()
                .and_then(parse_date)
                .map(|d| (d, DateSource::Html))
                .or_else(|| date_in_text(&article.text).map(|d| (d, DateSource::Text)))
                .or_else(|| date_in_name(name).map(|d| (d, DateSource::FileName)));
            Ok(vec![RawArticle {
                text: article.text,
                url: meta.url,
                title: meta.title,
                outlet: meta.site_name,
                published,
                origin,
            }])
        }
        input::Format::Text => {
            let published = date_in_text(&article.text)
                .map(|d| (d, DateSource::Text))
                .or_else(|| date_in_name(name).map(|d| (d, DateSource::FileName)));
            let title = article
                .text
                .lines()
                .find(|l| !l.trim().is_empty())
                .map(|l| l.trim().chars().take(200).collect());
            Ok(vec![RawArticle {
                text: article.text,
                title,
                published,
                origin,
                ..RawArticle::default()
            }])
        }
    }
}

fn from_record(r: Record, origin: String, name_date: Option<String>) -> RawArticle {
    let published = r
        .published
        .as_deref()
        .and_then(parse_date)
        .map(|d| (d, DateSource::Metadata))
        .or_else(|| date_in_text(&r.text).map(|d| (d, DateSource::Text)))
        .or_else(|| name_date.map(|d| (d, DateSource::FileName)));
    let origin = match r.id {
        Some(id) => format!("{origin} ({id})"),
        None => origin,
    };
    RawArticle {
        text: r.text,
        url: r.url,
        title: r.title,
        outlet: r.outlet,
        published,
        origin,
    }
}

/// RSS `<item>`s and Atom `<entry>`s: title, link, date and the content or
/// summary as text.
fn read_feed(xml: &str, origin: &str) -> Result<Vec<RawArticle>, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut channel_title: Option<String> = None;
    let mut cur: Option<(RawArticle, String, String)> = None; // (article, content, summary)
    let mut field = String::new();
    let mut buf = String::new();
    loop {
        match reader
            .read_event()
            .map_err(|e| format!("feed XML at byte {}: {e}", reader.buffer_position()))?
        {
            Event::Start(e) | Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_string();
                if name == "item" || name == "entry" {
                    cur = Some((
                        RawArticle {
                            outlet: channel_title.clone(),
                            origin: format!("{origin}#{}", out.len() + 1),
                            ..RawArticle::default()
                        },
                        String::new(),
                        String::new(),
                    ));
                } else if name == "link"
                    && let Some((a, _, _)) = cur.as_mut()
                    && let Some(href) = e.try_get_attribute("href").ok().flatten()
                {
                    a.url = Some(String::from_utf8_lossy(&href.value).to_string());
                }
                field = name;
                buf.clear();
            }
            Event::Text(t) => {
                buf.push_str(&t.unescape().map(|c| c.to_string()).unwrap_or_default())
            }
            Event::CData(t) => buf.push_str(&String::from_utf8_lossy(&t)),
            Event::End(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_string();
                let value = buf.trim().to_string();
                match (&mut cur, name.as_str()) {
                    (Some((a, content, summary)), _) if name == "item" || name == "entry" => {
                        let body = if !content.is_empty() {
                            content.clone()
                        } else {
                            summary.clone()
                        };
                        a.text = if body.contains('<') {
                            html_to_text(&body).unwrap_or(body)
                        } else {
                            body
                        };
                        if a.published.is_none() {
                            a.published = date_in_text(&a.text).map(|d| (d, DateSource::Text));
                        }
                        if !a.text.trim().is_empty() {
                            out.push(std::mem::take(a));
                        }
                        cur = None;
                    }
                    (Some((a, _, _)), "title") => a.title = Some(value),
                    (Some((a, _, _)), "link") if !value.is_empty() => a.url = Some(value),
                    (Some((a, _, _)), "pubDate" | "published" | "updated" | "date")
                        if a.published.is_none() =>
                    {
                        a.published = parse_date(&value).map(|d| (d, DateSource::Feed));
                    }
                    (Some((_, content, _)), "encoded" | "content") => *content = value,
                    (Some((_, _, summary)), "description" | "summary") => *summary = value,
                    (None, "title") if channel_title.is_none() => channel_title = Some(value),
                    _ => {}
                }
                let _ = &field;
                buf.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_and_atom_items_become_articles() {
        let rss = r#"<?xml version="1.0"?><rss><channel><title>Example Wire</title>
            <item><title>Talks resume</title><link>https://example.org/a</link>
            <pubDate>Wed, 12 Feb 2025 10:00:00 GMT</pubDate>
            <description><![CDATA[<p>&ldquo;We are ready,&rdquo; the envoy said.</p>]]></description></item>
            </channel></rss>"#;
        let a = read_feed(rss, "f.rss").unwrap();
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].title.as_deref(), Some("Talks resume"));
        assert_eq!(a[0].outlet.as_deref(), Some("Example Wire"));
        assert_eq!(
            a[0].published,
            Some(("2025-02-12".into(), DateSource::Feed))
        );
        assert_eq!(a[0].text, "“We are ready,” the envoy said.");
        let atom = r#"<?xml version="1.0"?><feed><title>Atom News</title><entry><title>T</title>
            <link href="https://example.org/b"/><published>2025-03-01T08:00:00Z</published>
            <content type="html">&lt;p&gt;Body text.&lt;/p&gt;</content></entry></feed>"#;
        let a = read_feed(atom, "f.atom").unwrap();
        assert_eq!(
            (a[0].url.as_deref(), a[0].text.as_str()),
            (Some("https://example.org/b"), "Body text.")
        );
        assert_eq!(a[0].published.as_ref().unwrap().0, "2025-03-01");
    }

    #[test]
    fn broken_feeds_say_where() {
        let e = read_feed(
            "<?xml version=\"1.0\"?><rss><channel><item><title>x</item>",
            "f.rss",
        )
        .unwrap_err();
        assert!(e.contains("feed XML"), "{e}");
    }
}
