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

/// What makes a file or folder itself, however it is reached: device and
/// inode on Unix, the canonical path elsewhere.
#[cfg(unix)]
type Identity = (u64, u64);
#[cfg(not(unix))]
type Identity = PathBuf;

#[cfg(unix)]
fn identity(_: &Path, m: &std::fs::Metadata) -> Identity {
    use std::os::unix::fs::MetadataExt;
    (m.dev(), m.ino())
}

#[cfg(not(unix))]
fn identity(p: &Path, _: &std::fs::Metadata) -> Identity {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Every file under the given paths, folders walked recursively, sorted.
/// Links are followed, but each folder and each file is visited once (by
/// identity), so links to a parent or between folders cannot loop or
/// repeat; a file reached by several paths keeps the first in sorted order.
pub fn expand(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<SourceError>) {
    let mut files: Vec<(PathBuf, Identity)> = Vec::new();
    let mut errors = Vec::new();
    let mut seen_dirs = std::collections::HashSet::new();
    let mut stack: Vec<PathBuf> = paths.iter().rev().cloned().collect();
    let failed = |p: &Path, e: std::io::Error| SourceError {
        origin: p.display().to_string(),
        message: e.to_string(),
    };
    while let Some(p) = stack.pop() {
        match std::fs::metadata(&p) {
            Ok(m) if m.is_dir() => {
                if !seen_dirs.insert(identity(&p, &m)) {
                    continue;
                }
                match std::fs::read_dir(&p) {
                    Ok(rd) => {
                        let mut entries: Vec<PathBuf> = rd
                            .filter_map(|e| e.ok().map(|e| e.path()))
                            .filter(|p| {
                                !p.file_name()
                                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                            })
                            .collect();
                        entries.sort();
                        // depth first in name order
                        stack.extend(entries.into_iter().rev());
                    }
                    Err(e) => errors.push(failed(&p, e)),
                }
            }
            Ok(m) => files.push((p.clone(), identity(&p, &m))),
            Err(e) => errors.push(failed(&p, e)),
        }
    }
    files.sort();
    let mut seen_files = std::collections::HashSet::new();
    let files = files
        .into_iter()
        .filter_map(|(p, id)| seen_files.insert(id).then_some(p))
        .collect();
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

/// Whether `path` is read as JSON Lines (its extension `.jsonl` or `.ndjson`).
pub fn is_json_lines(path: &Path) -> bool {
    matches!(ext(path).as_str(), "jsonl" | "ndjson")
}

/// Articles and what could not be read of them, one at a time.
pub type Items = Box<dyn Iterator<Item = Result<RawArticle, SourceError>> + Send>;

/// A JSON Lines file read a line at a time, so that a file of any size is
/// never held whole: each item an article, or what could not be read of
/// one line (named by its number; the other lines kept), or of the whole
/// file (unreadable, binary). A file in UTF-16 (a byte-order mark) is
/// decoded whole, as [`read_file`] does.
pub fn json_lines(path: &Path) -> Items {
    match std::fs::File::open(path) {
        Ok(f) => lines_of(std::io::BufReader::with_capacity(1 << 16, f), path),
        Err(e) => one_error(path, e.to_string()),
    }
}

/// Standard input (or any stream without a name), read as [`read_bytes`]
/// reads `-`, but a line at a time when it is JSON Lines (its first two
/// non-blank lines, the first a JSON object), so that a pipe of any length
/// is never held whole; anything else is one article or feed, read whole.
pub fn piped(mut reader: impl std::io::BufRead + Send + 'static) -> Items {
    let path = Path::new("-");
    match reader.fill_buf() {
        Ok(start) if start.starts_with(b"\xEF\xBB\xBF") => reader.consume(3),
        Ok(_) => {}
        Err(e) => return one_error(path, e.to_string()),
    }
    // up to the second non-blank line: what the rule reads
    let mut head = Vec::new();
    let mut non_blank = 0;
    while non_blank < 2 {
        let start = head.len();
        match reader.read_until(b'\n', &mut head) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => return one_error(path, e.to_string()),
        }
        non_blank += usize::from(!String::from_utf8_lossy(&head[start..]).trim().is_empty());
    }
    let json_lines = looks_like_json_lines(&String::from_utf8_lossy(&head));
    let reader = std::io::Read::chain(std::io::Cursor::new(head), reader);
    if json_lines {
        return lines_of(std::io::BufReader::with_capacity(1 << 16, reader), path);
    }
    whole(reader, path)
}

/// What could not be read of all of `path`, as the one item.
fn one_error(path: &Path, message: String) -> Items {
    Box::new(std::iter::once(Err(SourceError {
        origin: path.display().to_string(),
        message,
    })))
}

/// The rest of `reader` read whole, as [`read_bytes`] reads `path`.
fn whole(mut reader: impl std::io::Read, path: &Path) -> Items {
    let mut bytes = Vec::new();
    if let Err(e) = reader.read_to_end(&mut bytes) {
        return one_error(path, e.to_string());
    }
    let (articles, errors) = read_bytes(path, &bytes);
    Box::new(
        articles
            .into_iter()
            .map(Ok)
            .chain(errors.into_iter().map(Err)),
    )
}

/// The lines of `reader`, JSON Lines named by `path`, a line at a time.
fn lines_of(mut reader: impl std::io::BufRead + Send + 'static, path: &Path) -> Items {
    let origin = path.display().to_string();
    let head = match reader.fill_buf() {
        Ok(head) => head,
        Err(e) => return one_error(path, e.to_string()),
    };
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return whole(reader, path);
    }
    // what `input::decode` refuses in the first 8 KiB of a whole file
    if head.iter().take(8192).any(|&b| b == 0) {
        return one_error(path, input::InputError::Binary.to_string());
    }
    if head.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
    }
    let mut number = 0usize;
    let mut line = Vec::new();
    let mut failed = false;
    Box::new(std::iter::from_fn(move || {
        loop {
            line.clear();
            if failed {
                return None;
            }
            match reader.read_until(b'\n', &mut line) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    // the rest of the input is not to be had
                    failed = true;
                    return Some(Err(SourceError {
                        origin: origin.clone(),
                        message: e.to_string(),
                    }));
                }
            }
            number += 1;
            let at = format!("{origin}:{number}");
            let text = match std::str::from_utf8(&line) {
                Ok(t) => t.trim_end_matches('\n').trim_end_matches('\r'),
                Err(e) => {
                    return Some(Err(SourceError {
                        origin: at,
                        message: input::InputError::NotUtf8 {
                            valid_up_to: e.valid_up_to(),
                        }
                        .to_string(),
                    }));
                }
            };
            if text.trim().is_empty() {
                continue;
            }
            return Some(json_line(text, at));
        }
    }))
}

/// One line of a JSON Lines file, named `at`, as an article.
fn json_line(line: &str, at: String) -> Result<RawArticle, SourceError> {
    match serde_json::from_str::<Record>(line) {
        Ok(r) if r.text.trim().is_empty() => Err(SourceError {
            origin: at,
            message: NO_TEXT.into(),
        }),
        Ok(r) => Ok(from_record(r, at, None)),
        Err(e) => Err(SourceError {
            origin: at,
            message: format!("not an article record: {e}"),
        }),
    }
}

/// Reads one file into its articles, with what could not be read: the whole
/// file, or one JSON Lines line or feed item (named by line or item number;
/// the rest of the file is kept).
pub fn read_file(path: &Path) -> (Vec<RawArticle>, Vec<SourceError>) {
    match std::fs::read(path) {
        Ok(bytes) => read_bytes(path, &bytes),
        Err(e) => (
            Vec::new(),
            vec![SourceError {
                origin: path.display().to_string(),
                message: e.to_string(),
            }],
        ),
    }
}

/// [`read_file`] on bytes already read; `path` names them (its extension
/// chooses the format, as for a file).
pub fn read_bytes(path: &Path, bytes: &[u8]) -> (Vec<RawArticle>, Vec<SourceError>) {
    let origin = path.display().to_string();
    let err = |message: String| SourceError {
        origin: origin.clone(),
        message,
    };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let text = match input::decode(bytes) {
        Ok(t) => t,
        Err(e) => return (Vec::new(), vec![err(e.to_string())]),
    };
    let e = ext(path);
    let head: String = text.trim_start().chars().take(300).collect();
    let is_feed = matches!(e.as_str(), "rss" | "atom" | "xml")
        || head.starts_with("<?xml") && (head.contains("<rss") || head.contains("<feed"));
    let piped_lines = path.as_os_str() == "-" && looks_like_json_lines(&text);
    if e == "jsonl" || e == "ndjson" || piped_lines {
        let (mut out, mut errors) = (Vec::new(), Vec::new());
        for (i, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            match json_line(line, format!("{origin}:{}", i + 1)) {
                Ok(a) => out.push(a),
                Err(e) => errors.push(e),
            }
        }
        return (out, errors);
    }
    if is_feed {
        return read_feed(&text, &origin);
    }
    match read_single(name, &text, &origin) {
        Ok(a) => (vec![a], Vec::new()),
        Err(message) => (Vec::new(), vec![err(message)]),
    }
}

/// More than one non-blank line, the first a JSON object on its own: JSON
/// Lines (for standard input, which has no extension to tell); a bad line
/// later is then an error of its own.
fn looks_like_json_lines(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first_is_object = lines
        .next()
        .is_some_and(|l| l.starts_with('{') && l.ends_with('}'));
    first_is_object && lines.next().is_some()
}

/// Why an input that holds nothing to read (blank, markup alone, a record
/// with an empty `text`) is not stored.
const NO_TEXT: &str = "no text to read";

/// A file that holds one article: text, HTML or a JSON record.
fn read_single(name: &str, text: &str, origin: &str) -> Result<RawArticle, String> {
    let article = input::read_article(Some(name), text.as_bytes()).map_err(|e| e.to_string())?;
    if article.text.trim().is_empty() {
        return Err(NO_TEXT.into());
    }
    let origin = origin.to_string();
    match input::detect(Some(name), text) {
        input::Format::Json => {
            let r: Record = serde_json::from_str(text).map_err(|e| e.to_string())?;
            Ok(from_record(r, origin, date_in_name(name)))
        }
        input::Format::Html => {
            let meta = html_metadata(text);
            let published = meta
                .published
                .as_deref()
                .and_then(parse_date)
                .map(|d| (d, DateSource::Html))
                .or_else(|| date_in_text(&article.text).map(|d| (d, DateSource::Text)))
                .or_else(|| date_in_name(name).map(|d| (d, DateSource::FileName)));
            Ok(RawArticle {
                text: article.text,
                url: meta.url,
                title: meta.title,
                outlet: meta.site_name,
                published,
                origin,
            })
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
            Ok(RawArticle {
                text: article.text,
                title,
                published,
                origin,
                ..RawArticle::default()
            })
        }
    }
}

/// An article from a JSON record's fields, as ingest reads a JSON Lines
/// line (the date read from `published`, else from the text).
pub fn article_of_record(
    text: String,
    url: Option<String>,
    published: Option<String>,
    origin: String,
) -> RawArticle {
    let r = Record {
        text,
        url,
        title: None,
        outlet: None,
        published,
        id: None,
    };
    from_record(r, origin, None)
}

/// The date ingest gives a record with this text and `published`: that
/// date read, else one in the text.
pub fn record_date(text: &str, published: Option<&str>) -> Option<(String, DateSource)> {
    published
        .and_then(parse_date)
        .map(|d| (d, DateSource::Metadata))
        .or_else(|| date_in_text(text).map(|d| (d, DateSource::Text)))
}

fn from_record(r: Record, origin: String, name_date: Option<String>) -> RawArticle {
    let published = record_date(&r.text, r.published.as_deref())
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
/// summary as text. Entities are read as HTML's (`&nbsp;` too); an item
/// with no text, or broken XML, is an error, and the items before it stay.
fn read_feed(xml: &str, origin: &str) -> (Vec<RawArticle>, Vec<SourceError>) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut items = 0usize;
    let mut channel_title: Option<String> = None;
    let mut cur: Option<(RawArticle, String, String)> = None; // (article, content, summary)
    let mut field = String::new();
    let mut buf = String::new();
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                errors.push(SourceError {
                    origin: origin.to_string(),
                    message: format!("feed XML at byte {}: {e}", reader.buffer_position()),
                });
                break;
            }
        };
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_string();
                if name == "item" || name == "entry" {
                    items += 1;
                    cur = Some((
                        RawArticle {
                            outlet: channel_title.clone(),
                            origin: format!("{origin}#{items}"),
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
                let raw = String::from_utf8_lossy(&t);
                buf.push_str(&html_escape::decode_html_entities(&raw));
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
                        if a.text.trim().is_empty() {
                            errors.push(SourceError {
                                origin: a.origin.clone(),
                                message:
                                    "feed item has no text (no content, summary or description)"
                                        .into(),
                            });
                        } else {
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
    (out, errors)
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
        let (a, errors) = read_feed(rss, "f.rss");
        assert!(errors.is_empty(), "{errors:?}");
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
        let (a, _) = read_feed(atom, "f.atom");
        assert_eq!(
            (a[0].url.as_deref(), a[0].text.as_str()),
            (Some("https://example.org/b"), "Body text.")
        );
        assert_eq!(a[0].published.as_ref().unwrap().0, "2025-03-01");
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_visit_each_folder_and_file_once() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("news");
        let sub = root.join("sub");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(root.join("a.txt"), "A.").unwrap();
        std::fs::write(sub.join("b.txt"), "B.").unwrap();
        symlink(&root, sub.join("up")).unwrap(); // a loop through the parent
        symlink(&sub, sub.join("self")).unwrap(); // a loop onto itself
        symlink(sub.join("b.txt"), root.join("c.txt")).unwrap(); // one file, two names
        let (files, errors) = expand(&[root.clone(), root.join("sub")]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(files, vec![root.join("a.txt"), root.join("c.txt")]);
    }

    #[test]
    fn broken_feeds_say_where_and_keep_the_items_before() {
        let (items, errors) = read_feed(
            "<?xml version=\"1.0\"?><rss><channel><item><description>Kept.</description></item><item><title>x</item>",
            "f.rss",
        );
        assert_eq!(items.len(), 1);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("feed XML"), "{errors:?}");
    }

    #[test]
    fn html_entities_in_feeds_are_read_and_empty_items_reported() {
        let rss = r#"<?xml version="1.0"?><rss><channel><title>Wire&nbsp;One</title>
            <item><title>Talks&nbsp;resume</title><description>The envoy said&nbsp;&ldquo;we are ready&rdquo; &amp; left.</description></item>
            <item><title>Only a title</title><link>https://example.org/x</link></item>
            </channel></rss>"#;
        let (items, errors) = read_feed(rss, "f.rss");
        assert_eq!(items.len(), 1, "{errors:?}");
        assert_eq!(items[0].text, "The envoy said\u{a0}“we are ready” & left.");
        assert_eq!(items[0].title.as_deref(), Some("Talks\u{a0}resume"));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].origin, "f.rss#2");
    }

    #[test]
    fn a_broken_json_line_is_reported_by_number_and_the_rest_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wire.jsonl");
        std::fs::write(
            &path,
            "{\"text\": \"First.\"}\n{\"text\": \"Broken\n{\"text\": \"Third.\"}\n",
        )
        .unwrap();
        let (items, errors) = read_file(&path);
        let texts: Vec<&str> = items.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(texts, ["First.", "Third."]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].origin, format!("{}:2", path.display()));
    }

    /// A JSON Lines file read a line at a time gives what reading it whole
    /// gives: its articles in order, each broken line an error of its own
    /// by number, a byte-order mark, blank lines and CRLF endings taken in
    /// stride; a line not in UTF-8 is that line's error alone.
    #[test]
    fn json_lines_read_a_line_at_a_time_as_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feed.jsonl");
        let mut bytes = b"\xEF\xBB\xBF{\"text\": \"First.\", \"id\": \"a1\"}\r\n\n".to_vec();
        bytes.extend_from_slice(b"{\"text\": \"Broken\n{\"text\": \"Fourth.\"}\n");
        let missing = json_lines(&dir.path().join("missing.jsonl")).collect::<Vec<_>>();
        assert!(missing.len() == 1 && missing[0].is_err(), "{missing:?}");
        std::fs::write(&path, &bytes).unwrap();
        let (articles, errors) = read_file(&path);
        let streamed: Vec<_> = json_lines(&path).collect();
        assert_eq!(texts(&streamed), ["First.", "Fourth."]);
        assert_eq!(
            texts(&streamed),
            articles.iter().map(|a| a.text.as_str()).collect::<Vec<_>>()
        );
        let at = |n: usize| format!("{}:{n}", path.display());
        assert_eq!(
            origins(&streamed),
            [format!("{} (a1)", at(1)), at(3), at(4)]
        );
        assert_eq!(errors[0].origin, at(3));
        // a line in Latin-1 is its own error; whole, the file is refused
        bytes.extend_from_slice(b"{\"text\": \"Caf\xE9.\"}\n{\"text\": \"Sixth.\"}\n");
        std::fs::write(&path, &bytes).unwrap();
        let streamed: Vec<_> = json_lines(&path).collect();
        assert_eq!(
            origins(&streamed),
            [format!("{} (a1)", at(1)), at(3), at(4), at(5), at(6)]
        );
        assert!(
            streamed[3]
                .as_ref()
                .is_err_and(|e| e.message.contains("UTF-8"))
        );
        // a binary file is one error; a UTF-16 one is decoded
        std::fs::write(&path, b"\0\x01\x02").unwrap();
        assert_eq!(json_lines(&path).filter(|r| r.is_err()).count(), 1);
        std::fs::write(&path, utf16_le("{\"text\": \"In UTF-16.\"}\n")).unwrap();
        let streamed: Vec<_> = json_lines(&path).collect();
        assert_eq!(streamed.len(), 1);
        assert_eq!(streamed[0].as_ref().unwrap().text, "In UTF-16.");
    }

    /// The texts of the articles among `items`, in order.
    fn texts(items: &[Result<RawArticle, SourceError>]) -> Vec<&str> {
        items
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(|a| a.text.as_str())
            .collect()
    }

    /// Where each of `items` came from, articles and errors, in order.
    fn origins(items: &[Result<RawArticle, SourceError>]) -> Vec<String> {
        items
            .iter()
            .map(|r| match r {
                Ok(a) => a.origin.clone(),
                Err(e) => e.origin.clone(),
            })
            .collect()
    }

    /// A reader of `bytes` that then fails, as a pipe whose writer died.
    struct Broken(std::io::Cursor<Vec<u8>>);

    impl std::io::Read for Broken {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match self.0.read(buf)? {
                0 => Err(std::io::Error::other("the pipe broke")),
                n => Ok(n),
            }
        }
    }

    fn piped_bytes(bytes: &[u8]) -> Vec<Result<RawArticle, SourceError>> {
        piped(std::io::Cursor::new(bytes.to_vec())).collect()
    }

    /// Standard input in JSON Lines is read a line at a time: what came
    /// before a break in the pipe is kept, each line is named by its
    /// number; anything else (one article, a feed, UTF-16) is read whole
    /// as `read_bytes` reads `-`.
    #[test]
    fn piped_json_lines_are_read_a_line_at_a_time() {
        let lines = b"\xEF\xBB\xBF\n{\"text\": \"First.\"}\n{\"text\": \"Second.\"}\nnot json\n";
        let broken = Broken(std::io::Cursor::new(lines.to_vec()));
        let items: Vec<_> = piped(std::io::BufReader::new(broken)).collect();
        assert_eq!(texts(&items), ["First.", "Second."]);
        let errors: Vec<(&str, &str)> = items
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(|e| (e.origin.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].0, "-:4");
        assert_eq!(errors[1], ("-", "the pipe broke"));
        // read whole, the same lines give the same articles by the same names
        let whole = read_bytes(Path::new("-"), &lines[..]);
        assert_eq!(
            origins(&piped_bytes(lines)),
            whole
                .0
                .iter()
                .map(|a| a.origin.clone())
                .chain(whole.1.iter().map(|e| e.origin.clone()))
                .collect::<Vec<_>>()
        );
        // one article: text, a single JSON record, a feed, UTF-16
        let text = piped_bytes(b"Talks resume.\n\n{\"not\": \"a record\"}\n");
        assert_eq!(text.len(), 1);
        assert!(text[0].as_ref().unwrap().text.starts_with("Talks resume."));
        let record = piped_bytes(b"{\"text\": \"Only one.\"}\n\n");
        assert_eq!(record[0].as_ref().unwrap().text, "Only one.");
        let feed = piped_bytes(
            b"<?xml version=\"1.0\"?><rss><channel><item><title>T</title>\
              <description>Envoys met.</description></item></channel></rss>",
        );
        assert_eq!(feed.len(), 1);
        assert!(feed[0].as_ref().unwrap().text.contains("Envoys met."));
        let utf16 = piped_bytes(&utf16_le("{\"text\": \"A.\"}\n{\"text\": \"B.\"}\n"));
        assert_eq!(texts(&utf16), ["A.", "B."]);
        // nothing piped is nothing to store, said as such
        let nothing = piped_bytes(b" \n");
        assert_eq!(nothing.len(), 1);
        assert!(nothing[0].as_ref().is_err_and(|e| e.message == NO_TEXT));
    }

    /// `text` in UTF-16, little-endian, after its byte-order mark.
    fn utf16_le(text: &str) -> Vec<u8> {
        [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect()
    }

    /// A file or record with nothing to read is an error naming it, not an
    /// empty article stored; the lines around an empty record are kept.
    #[test]
    fn inputs_without_text_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in [
            ("blank.txt", &b" \n\t\n"[..]),
            ("bare.html", b"<html><body><div></div></body></html>"),
            ("record.json", b"{\"text\": \"  \"}"),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let (articles, errors) = read_file(&path);
            assert!(articles.is_empty(), "{name}: {articles:?}");
            assert_eq!(errors.len(), 1, "{name}");
            assert_eq!(errors[0].message, NO_TEXT, "{name}");
            assert_eq!(errors[0].origin, path.display().to_string());
        }
        let path = dir.path().join("lines.jsonl");
        std::fs::write(
            &path,
            "{\"text\": \"A.\"}\n{\"text\": \"\"}\n{\"text\": \"C.\"}\n",
        )
        .unwrap();
        let items: Vec<_> = json_lines(&path).collect();
        assert_eq!(items.len(), 3);
        assert!(items[1].as_ref().is_err_and(|e| e.message == NO_TEXT
            && e.origin == format!("{}:2", path.display())));
    }

    #[test]
    fn utf16_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("note.txt");
        let text = "“We are ready,” the envoy said.";
        std::fs::write(&path, utf16_le(text)).unwrap();
        let (items, errors) = read_file(&path);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(items[0].text, text);
    }
}
