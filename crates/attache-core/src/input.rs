//! Input stage: bytes → plain text. Detects binary data and non-UTF-8 text,
//! extracts the article from HTML (scripts, navigation and footers dropped,
//! paragraphs kept) and reads the `text` field of JSON article records.

use std::fmt;

#[derive(Debug, PartialEq, Eq)]
pub enum InputError {
    Binary,
    NotUtf8 { valid_up_to: usize },
    Json(String),
    Html(String),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Binary => f.write_str("looks like binary data, not text"),
            InputError::NotUtf8 { valid_up_to } => write!(
                f,
                "is not UTF-8 text (invalid byte at offset {valid_up_to})"
            ),
            InputError::Json(e) => write!(f, "is JSON but not an article record: {e}"),
            InputError::Html(e) => write!(f, "could not be read as HTML: {e}"),
        }
    }
}

impl std::error::Error for InputError {}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Json,
}

/// Guesses the format from a file name and the first bytes.
pub fn detect(name: Option<&str>, text: &str) -> Format {
    let ext = name
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html" | "htm" | "xhtml") => return Format::Html,
        Some("json") => return Format::Json,
        Some("txt" | "text" | "md") => return Format::Text,
        _ => {}
    }
    let head = text.trim_start();
    let lower: String = head
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || (lower.starts_with('<')
            && (lower.contains("<body")
                || lower.contains("<p")
                || lower.contains("<div")
                || lower.contains("<head")))
    {
        Format::Html
    } else if head.starts_with('{') && head.contains("\"text\"") {
        Format::Json
    } else {
        Format::Text
    }
}

/// An article's text and what came with it.
#[derive(Debug, Default, Clone)]
pub struct Article {
    pub text: String,
    pub id: Option<String>,
}

/// Bytes → text: UTF-8 (a byte-order mark dropped), or UTF-16 when a
/// byte-order mark says so; binary data and invalid UTF-8 are refused.
pub fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, InputError> {
    let utf16 = |rest: &[u8], unit: fn([u8; 2]) -> u16| {
        let units = rest
            .chunks(2)
            .map(|c| unit([c[0], *c.get(1).unwrap_or(&0)]));
        let text: String = char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        if text.chars().take(8192).any(|c| c == '\0') {
            return Err(InputError::Binary);
        }
        Ok(std::borrow::Cow::Owned(text))
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(InputError::Binary);
    }
    std::str::from_utf8(bytes)
        .map(std::borrow::Cow::Borrowed)
        .map_err(|e| InputError::NotUtf8 {
            valid_up_to: e.valid_up_to(),
        })
}

/// Decodes raw bytes into an article's plain text.
pub fn read_article(name: Option<&str>, bytes: &[u8]) -> Result<Article, InputError> {
    let text = decode(bytes)?;
    let text = text.as_ref();
    match detect(name, text) {
        Format::Text => Ok(Article {
            text: text.to_string(),
            id: None,
        }),
        Format::Html => Ok(Article {
            text: html_to_text(text)?,
            id: None,
        }),
        Format::Json => {
            #[derive(serde::Deserialize)]
            struct Record {
                text: String,
                id: Option<String>,
            }
            let r: Record =
                serde_json::from_str(text).map_err(|e| InputError::Json(e.to_string()))?;
            Ok(Article {
                text: r.text,
                id: r.id,
            })
        }
    }
}

const SKIPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "nav",
    "footer",
    "header",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "template",
    "figure",
    "figcaption",
    "menu",
];
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "tr",
    "article",
    "section",
    "main",
    "ul",
    "ol",
    "table",
    "pre",
    "dd",
    "dt",
    "hr",
    "title",
];

/// Extracts readable text from HTML: one paragraph per block element,
/// separated by blank lines; boilerplate elements dropped.
pub fn html_to_text(html: &str) -> Result<String, InputError> {
    let dom = tl::parse(html, tl::ParserOptions::default())
        .map_err(|e| InputError::Html(e.to_string()))?;
    let parser = dom.parser();
    let mut out = String::with_capacity(html.len() / 2);
    walk(dom.children(), parser, &mut out);
    // collapse runs of blank lines and trim each paragraph
    let mut clean = String::with_capacity(out.len());
    for para in out.split("\n\n") {
        let p = para.split_whitespace().collect::<Vec<_>>().join(" ");
        if !p.is_empty() {
            if !clean.is_empty() {
                clean.push_str("\n\n");
            }
            clean.push_str(&p);
        }
    }
    Ok(clean)
}

/// What an HTML page says about itself in its head.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct HtmlMeta {
    pub title: Option<String>,
    pub published: Option<String>,
    pub site_name: Option<String>,
    pub url: Option<String>,
}

/// Reads `<title>`, the publication date (`article:published_time`,
/// `datePublished`, `date`, `<time datetime>`), `og:site_name` and the
/// canonical URL.
pub fn html_metadata(html: &str) -> HtmlMeta {
    let Ok(dom) = tl::parse(html, tl::ParserOptions::default()) else {
        return HtmlMeta::default();
    };
    let parser = dom.parser();
    let mut meta = HtmlMeta::default();
    let text_of = |h: &tl::NodeHandle| {
        h.get(parser).map(|n| {
            html_escape::decode_html_entities(&n.inner_text(parser))
                .trim()
                .to_string()
        })
    };
    if let Some(h) = dom.query_selector("title").and_then(|mut q| q.next()) {
        meta.title = text_of(&h).filter(|t| !t.is_empty());
    }
    for h in dom.query_selector("meta").into_iter().flatten() {
        let Some(tag) = h.get(parser).and_then(|n| n.as_tag()) else {
            continue;
        };
        let attr = |name: &str| {
            tag.attributes()
                .get(name)
                .flatten()
                .map(|v| v.as_utf8_str().to_string())
        };
        let key = attr("property")
            .or_else(|| attr("name"))
            .or_else(|| attr("itemprop"))
            .unwrap_or_default()
            .to_ascii_lowercase();
        let Some(content) = attr("content") else {
            continue;
        };
        match key.as_str() {
            "article:published_time"
            | "datepublished"
            | "date"
            | "pubdate"
            | "dc.date"
            | "dcterms.created"
            | "og:published_time" => {
                meta.published.get_or_insert(content);
            }
            "og:site_name" => meta.site_name = Some(content),
            "og:url" => meta.url = Some(content),
            _ => {}
        }
    }
    if meta.published.is_none()
        && let Some(h) = dom.query_selector("time").and_then(|mut q| q.next())
        && let Some(tag) = h.get(parser).and_then(|n| n.as_tag())
    {
        meta.published = tag
            .attributes()
            .get("datetime")
            .flatten()
            .map(|v| v.as_utf8_str().to_string());
    }
    meta
}

const BOILERPLATE_CLASSES: &[&str] = &[
    "nav",
    "footer",
    "cookie",
    "share",
    "related",
    "newsletter",
    "advert",
    "promo",
    "sidebar",
    "menu",
    "subscribe",
];

/// One step of the walk: a node to read, or the blank line that closes a block.
enum Step {
    Node(tl::NodeHandle),
    CloseBlock,
}

/// The text of the nodes under `roots`, depth first with an explicit stack:
/// nesting depth costs heap, never the call stack.
fn walk(roots: &[tl::NodeHandle], parser: &tl::Parser, out: &mut String) {
    let mut stack: Vec<Step> = roots.iter().rev().map(|h| Step::Node(*h)).collect();
    while let Some(step) = stack.pop() {
        let h = match step {
            Step::Node(h) => h,
            Step::CloseBlock => {
                out.push_str("\n\n");
                continue;
            }
        };
        let Some(node) = h.get(parser) else { continue };
        match node {
            tl::Node::Tag(tag) => {
                let name = tag.name().as_utf8_str().to_ascii_lowercase();
                if SKIPPED.contains(&name.as_str()) {
                    continue;
                }
                let class = tag
                    .attributes()
                    .class()
                    .map(|c| c.as_utf8_str().to_ascii_lowercase())
                    .unwrap_or_default();
                if BOILERPLATE_CLASSES
                    .iter()
                    .any(|b| class.split(|c: char| !c.is_alphanumeric()).any(|w| w == *b))
                {
                    continue;
                }
                if BLOCKS.contains(&name.as_str()) {
                    out.push_str("\n\n");
                    stack.push(Step::CloseBlock);
                }
                let children = tag.children();
                stack.extend(
                    children
                        .top()
                        .as_slice()
                        .iter()
                        .rev()
                        .map(|c| Step::Node(*c)),
                );
            }
            tl::Node::Raw(b) => {
                let raw = b.as_utf8_str();
                out.push_str(&html_escape::decode_html_entities(&raw));
            }
            tl::Node::Comment(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_keeps_paragraphs_and_drops_boilerplate() {
        let html = "<html><head><script>var x = 1;</script></head><body><nav>Home | World</nav>\
            <article><h1>Talks begin</h1><p>The envoy said &ldquo;we are ready&rdquo;.</p><p>Second <b>para</b>.</p></article>\
            <footer>Copyright</footer></body></html>";
        let t = html_to_text(html).unwrap();
        assert_eq!(
            t,
            "Talks begin\n\nThe envoy said “we are ready”.\n\nSecond para."
        );
    }

    #[test]
    fn html_metadata_reads_title_date_and_site() {
        let html = r#"<html><head><title>Talks &amp; truce</title><meta property="article:published_time" content="2025-02-12T09:00:00Z"><meta property="og:site_name" content="Example News"></head><body><p>x</p></body></html>"#;
        let m = html_metadata(html);
        assert_eq!(m.title.as_deref(), Some("Talks & truce"));
        assert_eq!(m.published.as_deref(), Some("2025-02-12T09:00:00Z"));
        assert_eq!(m.site_name.as_deref(), Some("Example News"));
        let m = html_metadata("<p><time datetime=\"2025-03-01\">1 March</time></p>");
        assert_eq!(m.published.as_deref(), Some("2025-03-01"));
    }

    #[test]
    fn binary_and_bad_utf8_are_refused_with_reasons() {
        assert_eq!(
            read_article(None, b"\x7fELF\0\0\x01").unwrap_err(),
            InputError::Binary
        );
        assert!(matches!(
            read_article(None, b"caf\xe9 au lait").unwrap_err(),
            InputError::NotUtf8 { valid_up_to: 3 }
        ));
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let text = "“We are ready,” the envoy said in Genève.";
        let le: Vec<u8> = b"\xFF\xFE"
            .iter()
            .copied()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = b"\xFE\xFF"
            .iter()
            .copied()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(read_article(Some("a.txt"), &le).unwrap().text, text);
        assert_eq!(read_article(None, &be).unwrap().text, text);
    }

    #[test]
    fn json_records_give_their_text() {
        let a = read_article(Some("a.json"), br#"{"id": "x1", "text": "Hello."}"#).unwrap();
        assert_eq!((a.text.as_str(), a.id.as_deref()), ("Hello.", Some("x1")));
        assert!(read_article(Some("a.json"), b"{\"title\": 1}").is_err());
    }

    #[test]
    fn deeply_nested_html_does_not_overflow_the_stack() {
        let depth = 50_000;
        let html = format!(
            "<html><body>{}<p>Deep inside.</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        assert_eq!(html_to_text(&html).unwrap(), "Deep inside.");
        let a = read_article(Some("deep.html"), html.as_bytes()).unwrap();
        assert_eq!(a.text, "Deep inside.");
        assert_eq!(html_metadata(&html), HtmlMeta::default());
    }

    #[test]
    fn detects_formats() {
        assert_eq!(detect(None, "  <!DOCTYPE html><p>x"), Format::Html);
        assert_eq!(detect(None, "Plain <b> text"), Format::Text);
        assert_eq!(detect(Some("a.HTM"), "x"), Format::Html);
    }
}
