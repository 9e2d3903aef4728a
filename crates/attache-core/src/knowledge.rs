//! Actor knowledge: countries (names, demonyms, metonyms), organisations and
//! office-holders, read from TOML files. The bundled files in `knowledge/` are
//! compiled in; users add their own with [`Knowledge::bundled_and_dir`].

use crate::lexicon::{Gender, Lexicon};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
pub struct Country {
    pub name: String,
    /// Relative capability for forecasts built from the record (any scale).
    pub capability: Option<f64>,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub demonyms: Vec<String>,
    #[serde(default)]
    pub metonyms: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Organisation {
    pub name: String,
    pub capability: Option<f64>,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default = "default_org_kind")]
    pub kind: String,
    pub affiliation: Option<String>,
}

fn default_org_kind() -> String {
    "organisation".into()
}

#[derive(Debug, Clone, Deserialize)]
pub struct Person {
    pub name: String,
    #[serde(default)]
    pub variants: Vec<String>,
    pub role: Option<String>,
    pub affiliation: Option<String>,
    pub gender: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct KnowledgeFile {
    #[serde(default)]
    country: Vec<Country>,
    #[serde(default)]
    organisation: Vec<Organisation>,
    #[serde(default)]
    person: Vec<Person>,
}

/// What a gazetteer hit refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A country's name or metonym (Moscow → Russia).
    Country(usize),
    /// A demonym; `also_name` where the same form is a name too ("US").
    Demonym {
        country: usize,
        also_name: bool,
    },
    Organisation(usize),
    Person(usize),
}

#[derive(Debug)]
pub struct Knowledge {
    pub countries: Vec<Country>,
    pub organisations: Vec<Organisation>,
    pub people: Vec<Person>,
    matcher: AhoCorasick,
    entries: Vec<Entry>,
    /// Folded surname → people with that surname.
    surnames: HashMap<String, Vec<usize>>,
    /// Folded given names, with the gender their list gives (None: any).
    given_names: HashMap<String, Option<Gender>>,
    /// The closed word classes the pipeline reads.
    pub lexicon: Lexicon,
}

const GIVEN_NAMES: &str = include_str!("../../../knowledge/given-names.txt");

const BUNDLED: [(&str, &str); 3] = [
    (
        "countries.toml",
        include_str!("../../../knowledge/countries.toml"),
    ),
    (
        "organisations.toml",
        include_str!("../../../knowledge/organisations.toml"),
    ),
    (
        "people.toml",
        include_str!("../../../knowledge/people.toml"),
    ),
];

#[derive(Debug)]
pub struct KnowledgeError(pub String);

impl std::fmt::Display for KnowledgeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KnowledgeError {}

impl Knowledge {
    /// The knowledge bundled with attache.
    pub fn bundled() -> Self {
        let mut files = Vec::new();
        for (name, src) in BUNDLED {
            files.push(parse_file(name, src).expect("bundled knowledge parses"));
        }
        Self::build(files, &[GIVEN_NAMES], Lexicon::bundled().clone())
    }

    /// The bundled knowledge plus every `*.toml` file in `dir` (actors),
    /// every `*.txt` file (given names) and every `lexicon/*.txt` file (word
    /// classes: see docs/lexicon.md).
    pub fn bundled_and_dir(dir: &Path) -> Result<Self, KnowledgeError> {
        let mut files = Vec::new();
        for (name, src) in BUNDLED {
            files.push(parse_file(name, src)?);
        }
        let read = std::fs::read_dir(dir)
            .map_err(|e| KnowledgeError(format!("{}: {e}", dir.display())))?;
        let mut paths: Vec<_> = read.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        let mut name_lists = vec![GIVEN_NAMES.to_string()];
        for p in paths {
            let is = |ext: &str| p.extension().is_some_and(|x| x == ext);
            if !is("toml") && !is("txt") {
                continue;
            }
            let src = std::fs::read_to_string(&p)
                .map_err(|e| KnowledgeError(format!("{}: {e}", p.display())))?;
            if is("toml") {
                files.push(parse_file(&p.display().to_string(), &src)?);
            } else {
                name_lists.push(src);
            }
        }
        let lists: Vec<&str> = name_lists.iter().map(String::as_str).collect();
        let mut lexicon = Lexicon::bundled().clone();
        let lexicon_dir = dir.join("lexicon");
        if lexicon_dir.is_dir() {
            let read = std::fs::read_dir(&lexicon_dir)
                .map_err(|e| KnowledgeError(format!("{}: {e}", lexicon_dir.display())))?;
            let mut paths: Vec<_> = read.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.retain(|p| p.extension().is_some_and(|x| x == "txt"));
            paths.sort();
            for p in paths {
                let src = std::fs::read_to_string(&p)
                    .map_err(|e| KnowledgeError(format!("{}: {e}", p.display())))?;
                lexicon
                    .extend(&p.display().to_string(), &src)
                    .map_err(|e| KnowledgeError(e.0))?;
            }
        }
        Ok(Self::build(files, &lists, lexicon))
    }

    fn build(files: Vec<KnowledgeFile>, given_name_lists: &[&str], lexicon: Lexicon) -> Self {
        let mut countries = Vec::new();
        let mut organisations = Vec::new();
        let mut people = Vec::new();
        for f in files {
            countries.extend(f.country);
            organisations.extend(f.organisation);
            people.extend(f.person);
        }
        let mut by_form: HashMap<String, Entry> = HashMap::new();
        // later entries win, so user files can override bundled ones
        for (i, c) in countries.iter().enumerate() {
            for d in &c.demonyms {
                by_form.insert(
                    d.clone(),
                    Entry::Demonym {
                        country: i,
                        also_name: false,
                    },
                );
            }
            for n in c
                .names
                .iter()
                .chain(&c.metonyms)
                .chain(std::iter::once(&c.name))
            {
                let e = match by_form.get(n) {
                    Some(Entry::Demonym { country, .. }) if *country == i => Entry::Demonym {
                        country: i,
                        also_name: true,
                    },
                    _ => Entry::Country(i),
                };
                by_form.insert(n.clone(), e);
            }
        }
        for (i, o) in organisations.iter().enumerate() {
            for n in o.names.iter().chain(std::iter::once(&o.name)) {
                if let Some(bare) = n.strip_prefix("the ") {
                    by_form.insert(bare.to_string(), Entry::Organisation(i));
                } else {
                    by_form.insert(n.clone(), Entry::Organisation(i));
                }
            }
        }
        let mut surnames: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in people.iter().enumerate() {
            for n in p.variants.iter().chain(std::iter::once(&p.name)) {
                by_form.insert(n.clone(), Entry::Person(i));
                if let Some(last) = n.split_whitespace().last() {
                    let list = surnames.entry(fold_name(last)).or_default();
                    if !list.contains(&i) {
                        list.push(i);
                    }
                }
            }
        }
        let mut forms: Vec<(String, Entry)> = by_form.into_iter().collect();
        forms.sort_by(|a, b| a.0.cmp(&b.0));
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(forms.iter().map(|(f, _)| f.as_str()))
            .expect("gazetteer builds");
        let entries = forms.into_iter().map(|(_, e)| e).collect();
        let mut given_names = HashMap::new();
        for list in given_name_lists {
            let mut gender = None;
            for line in list.lines().map(str::trim).filter(|l| !l.starts_with('#')) {
                match line {
                    "[male]" => gender = Some(Gender::Male),
                    "[female]" => gender = Some(Gender::Female),
                    "[any]" => gender = None,
                    _ => {
                        given_names.extend(line.split_whitespace().map(|w| (fold_name(w), gender)))
                    }
                }
            }
        }
        for p in &people {
            if let Some(first) = p.name.split_whitespace().next() {
                given_names
                    .entry(fold_name(first))
                    .or_insert_with(|| parse_gender(p.gender.as_deref()));
            }
        }
        Knowledge {
            countries,
            organisations,
            people,
            matcher,
            entries,
            surnames,
            given_names,
            lexicon,
        }
    }

    /// Every whole-word gazetteer hit in `text`, as (byte range, entry).
    pub fn find_all(&self, text: &str) -> Vec<(std::ops::Range<usize>, Entry)> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        for m in self.matcher.find_iter(text) {
            let before_ok = m.start() == 0 || !is_word_byte_before(text, m.start());
            let after_ok = m.end() == bytes.len() || !is_word_byte_after(text, m.end());
            if before_ok && after_ok {
                out.push((m.start()..m.end(), self.entries[m.pattern().as_usize()]));
            }
        }
        out
    }

    /// Capabilities the knowledge gives, by country or organisation name.
    pub fn capabilities(&self) -> std::collections::BTreeMap<String, f64> {
        let countries = self
            .countries
            .iter()
            .filter_map(|c| c.capability.map(|v| (c.name.clone(), v)));
        let orgs = self
            .organisations
            .iter()
            .filter_map(|o| o.capability.map(|v| (o.name.clone(), v)));
        countries.chain(orgs).collect()
    }

    pub fn country_index(&self, name: &str) -> Option<usize> {
        self.countries.iter().position(|c| c.name == name)
    }

    pub fn is_given_name(&self, word: &str) -> bool {
        with_folded(word, |f| self.given_names.contains_key(f))
    }

    /// The gender a given name implies, where its list gives one.
    pub fn given_name_gender(&self, word: &str) -> Option<Gender> {
        with_folded(word, |f| self.given_names.get(f).copied().flatten())
    }

    /// People whose surname folds to the same key as `surname`.
    pub fn people_with_surname(&self, surname: &str) -> &[usize] {
        with_folded(surname, |f| {
            self.surnames.get(f).map_or(&[][..], Vec::as_slice)
        })
    }
}

pub fn parse_gender(g: Option<&str>) -> Option<Gender> {
    match g {
        Some("m" | "male") => Some(Gender::Male),
        Some("f" | "female") => Some(Gender::Female),
        _ => None,
    }
}

fn is_word_byte_before(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric())
}

fn is_word_byte_after(text: &str, at: usize) -> bool {
    text[at..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric())
}

fn parse_file(name: &str, src: &str) -> Result<KnowledgeFile, KnowledgeError> {
    toml::from_str(src).map_err(|e| KnowledgeError(format!("{name}: {e}")))
}

/// Folds a name for comparison across spellings: case, diacritics and the
/// usual transliteration variants of Slavic endings (Zelenskyy, Zelenskiy → zelensky).
pub fn fold_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_name_into(s, &mut out);
    out
}

/// Calls `f` with the folded form of `s`, built in a buffer this thread
/// reuses: for lookups, which need no folded string of their own.
pub fn with_folded<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    thread_local!(static BUF: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) });
    BUF.with(|b| match b.try_borrow_mut() {
        Ok(mut buf) => {
            buf.clear();
            fold_name_into(s, &mut buf);
            f(&buf)
        }
        // a lookup inside a lookup: fall back to a fresh string
        Err(_) => f(&fold_name(s)),
    })
}

fn fold_name_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
        fold_endings(out);
        return;
    }
    for c in s.chars() {
        for l in c.to_lowercase() {
            out.push(match l {
                'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ą' => 'a',
                'é' | 'è' | 'ê' | 'ë' | 'ę' | 'ě' => 'e',
                'í' | 'ì' | 'î' | 'ï' => 'i',
                'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
                'ú' | 'ù' | 'û' | 'ü' | 'ů' => 'u',
                'ç' | 'ć' | 'č' => 'c',
                'ğ' => 'g',
                'ł' => 'l',
                'ñ' | 'ń' => 'n',
                'ř' => 'r',
                'ş' | 'ś' | 'š' => 's',
                'ý' => 'y',
                'ž' | 'ź' | 'ż' => 'z',
                '’' => '\'',
                other => other,
            });
        }
    }
    fold_endings(out);
}

fn fold_endings(out: &mut String) {
    for from in ["yy", "iy", "yi", "ij"] {
        if out.ends_with(from) {
            out.truncate(out.len() - from.len());
            out.push('y');
        }
    }
    // the Persian and Arabic qaf, written q or gh at a name's start
    // (Qasemi, Ghasemi; Qalibaf, Ghalibaf)
    if out.starts_with("gh") || out.contains(" gh") {
        let folded = out
            .split(' ')
            .map(|w| match w.strip_prefix("gh") {
                Some(rest) => format!("q{rest}"),
                None => w.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ");
        *out = folded;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterations_fold_together() {
        assert_eq!(fold_name("Zelenskyy"), fold_name("Zelensky"));
        assert_eq!(fold_name("Zelenskiy"), fold_name("Zelensky"));
        assert_eq!(fold_name("Erdoğan"), fold_name("Erdogan"));
        assert_ne!(fold_name("Putin"), fold_name("Zelensky"));
        assert_eq!(fold_name("Ghasemi"), fold_name("Qasemi"));
        assert_eq!(fold_name("Farhad Ghasemi"), fold_name("Farhad Qasemi"));
        assert_ne!(fold_name("Ghani"), fold_name("Gani"));
    }

    #[test]
    fn metonyms_resolve_to_their_country() {
        let k = Knowledge::bundled();
        let text = "Moscow and Kiev met in Riyadh; the Kremlin spoke.";
        let hits = k.find_all(text);
        let country_of = |w: &str| {
            hits.iter()
                .find(|(r, _)| &text[r.clone()] == w)
                .map(|(_, e)| match e {
                    Entry::Country(i) => k.countries[*i].name.clone(),
                    Entry::Organisation(i) => k.organisations[*i].name.clone(),
                    other => format!("{other:?}"),
                })
        };
        assert_eq!(country_of("Moscow").as_deref(), Some("Russia"));
        assert_eq!(country_of("Kiev").as_deref(), Some("Ukraine"));
        assert_eq!(country_of("Kremlin").as_deref(), Some("Kremlin"));
    }

    #[test]
    fn hits_are_whole_words() {
        let k = Knowledge::bundled();
        assert!(
            k.find_all("USA and Ukrainians")
                .iter()
                .all(|(r, _)| r.start == 0 || r.start == 8)
        );
        assert!(k.find_all("Trumpet").is_empty());
    }
}
