//! Issue catalogues: the issues of one negotiation, each a proposition that
//! an actor supports or opposes, with the phrases that name it in text.
//! Catalogues are TOML files that users write (see docs/catalogues.md).

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
pub struct CatalogueIssue {
    pub id: String,
    pub proposition: String,
    /// Phrases that name the proposition's object: a mention with no
    /// negation reads as support.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Phrases that name its opposite ("sanctions relief" for sanctions):
    /// a mention with no negation reads as opposition.
    #[serde(default)]
    pub against: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct CatalogueFile {
    name: Option<String>,
    #[serde(rename = "issue", default)]
    issues: Vec<CatalogueIssue>,
}

#[derive(Debug)]
pub struct Catalogue {
    pub name: Option<String>,
    pub issues: Vec<CatalogueIssue>,
    matcher: AhoCorasick,
    /// Per pattern (a distinct first part): each phrase that starts so,
    /// as its issue index, +1 for a term or −1 for an against-phrase, and
    /// the words that must follow within two words each ("end * war" and
    /// "end * conflict" share "end").
    patterns: Vec<Vec<Phrase>>,
    /// All but the last word of each phrase of two words or more, found
    /// anywhere (overlapping), for objects in coordination.
    heads: AhoCorasick,
    /// Per head: issue index, polarity, and the phrase's last word in its
    /// regular forms.
    head_patterns: Vec<(usize, i8, Vec<String>)>,
}

/// A phrase of a catalogue: issue index, polarity, the parts after a `*`.
type Phrase = (usize, i8, Vec<String>);

#[derive(Debug)]
pub struct CatalogueError(pub String);

impl std::fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CatalogueError {}

/// One place where the text names an issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssueMention {
    pub start: usize,
    pub end: usize,
    pub issue: usize,
    pub polarity: i8,
}

impl Catalogue {
    pub fn from_path(path: &Path) -> Result<Self, CatalogueError> {
        let src = std::fs::read_to_string(path)
            .map_err(|e| CatalogueError(format!("{}: {e}", path.display())))?;
        Self::parse(&src).map_err(|e| CatalogueError(format!("{}: {}", path.display(), e.0)))
    }

    pub fn parse(src: &str) -> Result<Self, CatalogueError> {
        let file: CatalogueFile = toml::from_str(src)
            .map_err(|e| CatalogueError(e.to_string().trim_end().to_string()))?;
        if file.issues.is_empty() {
            return Err(CatalogueError("the catalogue has no [[issue]]".into()));
        }
        let mut forms: Vec<String> = Vec::new();
        let mut patterns: Vec<Vec<Phrase>> = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = Default::default();
        let mut add = |form: String, phrase: Phrase| {
            let at = *index.entry(form.to_lowercase()).or_insert_with(|| {
                forms.push(form);
                patterns.push(Vec::new());
                patterns.len() - 1
            });
            if !patterns[at].contains(&phrase) {
                patterns[at].push(phrase);
            }
        };
        let mut heads: Vec<String> = Vec::new();
        let mut head_patterns: Vec<(usize, i8, Vec<String>)> = Vec::new();
        let mut seen_heads = std::collections::HashSet::new();
        for (i, issue) in file.issues.iter().enumerate() {
            if issue.id.trim().is_empty() {
                return Err(CatalogueError(format!("issue #{} has an empty id", i + 1)));
            }
            if file.issues[..i].iter().any(|o| o.id == issue.id) {
                return Err(CatalogueError(format!(
                    "issue {:?} is listed twice",
                    issue.id
                )));
            }
            if issue.terms.is_empty() && issue.against.is_empty() {
                return Err(CatalogueError(format!(
                    "issue {:?} has no terms: nothing in a text would name it",
                    issue.id
                )));
            }
            for (list, polarity) in [(&issue.terms, 1i8), (&issue.against, -1i8)] {
                for t in list {
                    let t = t.trim();
                    if t.is_empty() {
                        return Err(CatalogueError(format!(
                            "issue {:?} has an empty term",
                            issue.id
                        )));
                    }
                    // "end * war": "end", then "war" within two words
                    let mut parts = t.split(" * ").map(str::trim);
                    let head = parts.next().unwrap_or(t);
                    let rest: Vec<String> = parts.map(str::to_lowercase).collect();
                    if head.is_empty() || rest.iter().any(String::is_empty) {
                        return Err(CatalogueError(format!(
                            "issue {:?}: term {t:?} needs words on both sides of each *",
                            issue.id
                        )));
                    }
                    // every word form of the phrase: "join NATO" also finds
                    // "joins", "joined" and "joining NATO"
                    for form in word_forms(head) {
                        // "membership in NATO" also in "membership in the EU
                        // and NATO"; a lead of function words only ("to the"
                        // of "to the table") would be tried everywhere
                        if rest.is_empty()
                            && let Some((lead, last)) = form.rsplit_once(' ')
                            && lead.split(' ').any(content_word)
                        {
                            let last = last.to_lowercase();
                            if seen_heads.insert((lead.to_lowercase(), i, polarity, last.clone())) {
                                heads.push(lead.to_string());
                                head_patterns.push((i, polarity, inflections(&last)));
                            }
                        }
                        // texts write apostrophes both ways: "alliance's", "alliance’s"
                        if form.contains('\'') {
                            add(form.replace('\'', "’"), (i, polarity, rest.clone()));
                        }
                        add(form, (i, polarity, rest.clone()));
                    }
                }
            }
        }
        let matcher = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&forms)
            .map_err(|e| CatalogueError(e.to_string()))?;
        let heads = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&heads)
            .map_err(|e| CatalogueError(e.to_string()))?;
        Ok(Catalogue {
            name: file.name,
            issues: file.issues,
            matcher,
            patterns,
            heads,
            head_patterns,
        })
    }

    /// Every whole-word mention of an issue in `text` (byte offsets).
    pub fn find(&self, text: &str) -> Vec<IssueMention> {
        let mut out = Vec::new();
        for m in self.matcher.find_iter(text) {
            if alphanumeric_before(text, m.start()) || alphanumeric_at(text, m.end()) {
                continue;
            }
            let first = out.len();
            for (issue, polarity, rest) in &self.patterns[m.pattern().as_usize()] {
                let end = rest
                    .iter()
                    .try_fold(m.end(), |end, part| gap_match(text, end, part));
                let named = |x: &IssueMention| x.issue == *issue && x.polarity == *polarity;
                if let Some(end) = end
                    && !out[first..].iter().any(named)
                {
                    out.push(IssueMention {
                        start: m.start(),
                        end,
                        issue: *issue,
                        polarity: *polarity,
                    });
                }
            }
        }
        out.extend(self.coordinated(text, &out));
        out.sort_by_key(|m| (m.start, m.end));
        out
    }

    /// Phrases whose last word is the last of coordinated objects: "join
    /// the EU and NATO" names "join NATO" (unless a mention of the same
    /// issue already covers it).
    fn coordinated(&self, text: &str, found: &[IssueMention]) -> Vec<IssueMention> {
        let mut out: Vec<IssueMention> = Vec::new();
        // heads are looked for only in the few words before each "and" or "or"
        let bytes = text.as_bytes();
        let mut hits = Vec::new();
        let mut searched_to = 0;
        for c in (1..bytes.len().saturating_sub(3)).filter(|&c| {
            bytes[c - 1] == b' '
                && (bytes[c..].starts_with(b"and ") || bytes[c..].starts_with(b"or "))
        }) {
            let mut from = c.saturating_sub(64).max(searched_to);
            while !text.is_char_boundary(from) {
                from += 1;
            }
            for m in self.heads.find_overlapping_iter(&text[from..c]) {
                hits.push((from + m.start(), from + m.end(), m.pattern().as_usize()));
            }
            // a head across the window's start is searched again from there
            searched_to = c.saturating_sub(24);
        }
        hits.sort_unstable();
        hits.dedup();
        // for each issue, the furthest end of its mentions (found or added)
        // that start at or before the hit: a hit is named already if that
        // reaches its end (one sweep, the hits and `found` both in order)
        debug_assert!(found.is_sorted_by_key(|m| m.start));
        let mut reach: Vec<usize> = Vec::new();
        let mut swept = 0;
        let extend = |reach: &mut Vec<usize>, m: &IssueMention| {
            if reach.len() <= m.issue {
                reach.resize(m.issue + 1, 0);
            }
            reach[m.issue] = reach[m.issue].max(m.end);
        };
        for (start, end_of_head, pattern) in hits {
            while swept < found.len() && found[swept].start <= start {
                extend(&mut reach, &found[swept]);
                swept += 1;
            }
            let before = text[..start].chars().next_back();
            if before.is_some_and(char::is_alphanumeric)
                || text[end_of_head..].starts_with(char::is_alphanumeric)
            {
                continue;
            }
            let (issue, polarity, last) = &self.head_patterns[pattern];
            let Some(end) = coordinated_last(text, end_of_head, last) else {
                continue;
            };
            if reach.get(*issue).is_some_and(|&r| end <= r) {
                continue;
            }
            let m = IssueMention {
                start,
                end,
                issue: *issue,
                polarity: *polarity,
            };
            extend(&mut reach, &m);
            out.push(m);
        }
        out
    }
}

/// A word that says something of its own: not an article, a pronoun or a
/// short preposition.
fn content_word(w: &str) -> bool {
    w.len() >= 3
        && !matches!(
            w.to_lowercase().as_str(),
            "the" | "and" | "for" | "with" | "from" | "into" | "its" | "their"
        )
}

/// Where `last` ends when it is the last of coordinated objects starting
/// at `at`: one to five words, "and" or "or", an optional determiner, then
/// `last` (in any regular form). Ends of clauses stop it.
fn coordinated_last(text: &str, at: usize, last: &[String]) -> Option<usize> {
    let mut pos = at;
    let mut words = 0;
    let mut after_conjunction = false;
    loop {
        let rest = &text[pos..];
        let trimmed = rest.trim_start();
        if trimmed.is_empty() {
            return None;
        }
        let start = pos + rest.len() - trimmed.len();
        let len = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
        let token = &trimmed[..len];
        let word = token.trim_end_matches(|c: char| !c.is_alphanumeric());
        if after_conjunction {
            if ["the", "a", "an", "its", "their"]
                .iter()
                .any(|d| word.eq_ignore_ascii_case(d))
                && word.len() == token.len()
            {
                pos = start + len;
                continue;
            }
            let same = last.iter().any(|f| word.eq_ignore_ascii_case(f));
            return same.then_some(start + word.len());
        }
        if (word.eq_ignore_ascii_case("and") || word.eq_ignore_ascii_case("or")) && words > 0 {
            after_conjunction = true;
        } else {
            words += 1;
            // a clause ends, or the first object runs too long
            if words > 5 || word.is_empty() || token.ends_with(['.', ';', ':', '?', '!']) {
                return None;
            }
        }
        pos = start + len;
    }
}

/// A phrase and its regular inflections, varying its first and its last
/// word (verbs lead, nouns end): "join NATO" → "joins NATO", "joined NATO",
/// "joining NATO"; "peace talk" → "peace talks". Words of three letters or
/// fewer, and words with capitals, are kept as written.
pub fn word_forms(phrase: &str) -> Vec<String> {
    let words: Vec<&str> = phrase.split(' ').collect();
    let last = words.len() - 1;
    let firsts = inflections(words[0]);
    let lasts = if last == 0 {
        vec![String::new()]
    } else {
        inflections(words[last])
    };
    let mut out = vec![phrase.to_string()];
    for f in &firsts {
        for l in &lasts {
            let mut w: Vec<&str> = words.clone();
            w[0] = f;
            if last > 0 {
                w[last] = l;
            }
            let form = w.join(" ");
            if !out.contains(&form) {
                out.push(form);
            }
        }
    }
    out
}

/// A word and its regular -s, -ed and -ing forms.
fn inflections(w: &str) -> Vec<String> {
    let mut out = vec![w.to_string()];
    let plain = w.len() > 3 && w.chars().all(|c| c.is_ascii_lowercase());
    if !plain || w.ends_with("ing") || w.ends_with("ed") {
        return out;
    }
    if let Some(s) = w.strip_suffix("ies") {
        out.push(format!("{s}y")); // "duties" → "duty"
        return out;
    }
    let stem_y = w
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']));
    let sibilant = ["s", "x", "z", "ch", "sh"].iter().any(|e| w.ends_with(e));
    out.push(match stem_y {
        Some(s) => format!("{s}ies"),
        None if sibilant => format!("{w}es"),
        None => format!("{w}s"),
    });
    if let Some(s) = w
        .strip_suffix('s')
        .filter(|s| !s.ends_with('s') && !sibilant_only(w))
    {
        out.push(s.to_string()); // "talks" → "talk"
    }
    out.push(match stem_y {
        Some(s) => format!("{s}ied"),
        None if w.ends_with('e') => format!("{w}d"),
        None => format!("{w}ed"),
    });
    out.push(match w.strip_suffix('e').filter(|s| !s.ends_with('e')) {
        Some(s) => format!("{s}ing"),
        None => format!("{w}ing"),
    });
    out.dedup();
    out
}

/// Words in -s that are not plurals: "status", "process", "crisis".
fn sibilant_only(w: &str) -> bool {
    ["ss", "us", "is"].iter().any(|e| w.ends_with(e))
}

/// Whether the character that ends before byte `at` is a letter or a
/// digit. Most matches are rejected here (a short term inside a longer
/// word), so an ASCII byte is read as it is, without decoding.
fn alphanumeric_before(text: &str, at: usize) -> bool {
    match text.as_bytes()[..at].last() {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric),
    }
}

/// Whether the character that starts at byte `at` is a letter or a digit.
fn alphanumeric_at(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => text[at..].chars().next().is_some_and(char::is_alphanumeric),
    }
}

/// Where `part` ends if it starts within two words after `at`.
fn gap_match(text: &str, at: usize, part: &str) -> Option<usize> {
    let mut pos = at;
    for _ in 0..3 {
        let rest = &text[pos..];
        let trimmed = rest.trim_start();
        pos += rest.len() - trimmed.len();
        if trimmed.len() >= part.len()
            && trimmed.is_char_boundary(part.len())
            && trimmed[..part.len()].eq_ignore_ascii_case(part)
            && !trimmed[part.len()..].starts_with(char::is_alphanumeric)
        {
            return Some(pos + part.len());
        }
        // skip one word (with its possessive), not the end of a clause
        let w = trimmed.find(char::is_whitespace)?;
        if trimmed[..w].ends_with([',', ';', ':', '.', '?', '!']) {
            return None;
        }
        pos += w;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAT: &str = r#"
name = "Test"
[[issue]]
id = "tariffs"
proposition = "Raising tariffs on imports."
terms = ["tariffs", "import duties"]
against = ["free trade"]
"#;

    #[test]
    fn a_word_boundary_is_any_character_not_a_letter_or_digit_ascii_or_not() {
        let c = Catalogue::parse(CAT).unwrap();
        let found = |t: &str| c.find(t).len();
        // letters and digits of any script join a word
        for joined in ["étariffs", "tariffsé", "Ωtariffs", "tariffs٣", "2tariffs"] {
            assert_eq!(found(joined), 0, "{joined}");
        }
        // punctuation and spaces of any script end one
        for apart in [
            "«tariffs»",
            "—tariffs—",
            "„tariffs“",
            "tariffs_",
            " tariffs\u{a0}",
        ] {
            assert_eq!(found(apart), 1, "{apart}");
        }
    }

    #[test]
    fn finds_terms_and_opposites_case_insensitively_on_word_boundaries() {
        let c = Catalogue::parse(CAT).unwrap();
        let m = c.find("Tariffs rose. Import Duties too; free trade fell; no 'tariffsx' here.");
        assert_eq!(m.iter().map(|x| x.polarity).collect::<Vec<_>>(), [1, 1, -1]);
        assert!(m.iter().all(|x| x.issue == 0));
    }

    #[test]
    fn gap_terms_allow_up_to_two_words_between() {
        let c = Catalogue::parse(
            "[[issue]]\nid = \"w\"\nproposition = \"p\"\nterms = [\"end * war\"]\n",
        )
        .unwrap();
        let text = "to end the war; to end Russia’s brutal war; to end it and then the war";
        let c2 = Catalogue::parse(
            "[[issue]]\nid = \"w\"\nproposition = \"p\"\nterms = [\"end * war\", \"end * conflict\"]\n",
        )
        .unwrap();
        // phrases that start alike are each tried
        assert_eq!(c2.find("to end the long conflict").len(), 1);
        // a gap does not run past the end of a clause
        assert!(
            c2.find("for it to end, everyone in the conflict")
                .is_empty()
        );
        let m = c.find(text);
        assert_eq!(
            m.iter().map(|x| &text[x.start..x.end]).collect::<Vec<_>>(),
            ["end the war", "end Russia’s brutal war"]
        );
    }

    #[test]
    fn bad_catalogues_say_what_is_wrong() {
        assert!(Catalogue::parse("").unwrap_err().0.contains("no [[issue]]"));
        let e = Catalogue::parse("[[issue]]\nid = \"x\"\nproposition = \"p\"\n").unwrap_err();
        assert!(e.0.contains("no terms"), "{e}");
        let e =
            Catalogue::parse(&format!("{CAT}{}", CAT.replace("name = \"Test\"", ""))).unwrap_err();
        assert!(e.0.contains("listed twice"), "{e}");
    }

    #[test]
    fn a_phrase_finds_its_word_forms() {
        let f = word_forms("join NATO");
        for w in ["join NATO", "joins NATO", "joined NATO", "joining NATO"] {
            assert!(f.contains(&w.to_string()), "{w} in {f:?}");
        }
        let f = word_forms("peace talks");
        assert!(f.contains(&"peace talk".to_string()));
        let f = word_forms("cede territory");
        assert!(
            f.contains(&"ceded territories".to_string())
                && f.contains(&"ceding territory".to_string())
        );
        // not plurals, not inflected again, names kept
        assert!(!word_forms("neutral status").contains(&"neutral statu".to_string()));
        assert_eq!(word_forms("NATO"), ["NATO"]);
        assert!(
            !word_forms("negotiating")
                .iter()
                .any(|f| f == "negotiatinged")
        );
    }

    #[test]
    fn a_phrase_reaches_the_last_of_coordinated_objects() {
        let c = Catalogue::parse(
            "[[issue]]\nid = \"nato\"\nproposition = \"p\"\nterms = [\"membership in NATO\", \"join NATO\"]\n\
             [[issue]]\nid = \"eu\"\nproposition = \"p\"\nterms = [\"membership in the EU\"]\n",
        )
        .unwrap();
        let text = "keep open membership in the EU and NATO; Brel wants to join the Nordic Council or NATO. \
                    Membership in the EU and the euro; join talks. And NATO met.";
        let found: Vec<(&str, usize)> = c
            .find(text)
            .iter()
            .map(|m| (&text[m.start..m.end], m.issue))
            .collect();
        assert_eq!(
            found,
            [
                ("membership in the EU", 1),
                ("membership in the EU and NATO", 0),
                ("join the Nordic Council or NATO", 0),
                ("Membership in the EU", 1),
            ]
        );
    }

    #[test]
    fn mentions_in_other_word_forms_are_found() {
        let c = Catalogue::parse(CAT).unwrap();
        let found = c.find("They imposed tariff on steel and more import duty.");
        assert_eq!(found.len(), 2, "{found:?}");
    }
}
