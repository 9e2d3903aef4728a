//! Small word and string helpers of the pipeline that are rules rather than
//! lists: title case, name keys, slugs.

use crate::knowledge::fold_name;
use crate::lexicon::Gender;
use crate::lexicon::{Class, Lexicon};

/// A name in title case ("Face the Nation", "Make Your Kid a Millionaire,"):
/// a title or a programme, not speech.
pub(super) fn is_title_case(lexicon: &Lexicon, quote: &str) -> bool {
    // "Commander-In-Chief" counts its parts
    let words: Vec<&str> = quote
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    let ends_sentence = quote.trim_end().ends_with(['.', '!', '?', '…']);
    let minor = |w: &str| lexicon.has(w, Class::MinorWord);
    (2..=7).contains(&words.len())
        && !ends_sentence
        && words.iter().all(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            minor(w)
                || w.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
        && !words.iter().all(|w| !w.chars().any(char::is_lowercase))
}

/// A dash that sets off a source, a dateline or a line: "-", "—", "–", "―".
pub(super) fn is_dash(w: &str) -> bool {
    matches!(w, "-" | "—" | "–" | "―")
}

/// Two genders agree unless both are known and differ.
pub(super) fn genders_agree(a: Option<Gender>, b: Option<Gender>) -> bool {
    a.is_none() || b.is_none() || a == b
}

/// Whether a role ("prime minister") answers to a head noun ("leader").
pub(super) fn role_matches(lexicon: &Lexicon, role: &str, head: &str) -> bool {
    let leader = |w: &str| lexicon.has(w, Class::LeaderRole);
    role.split_whitespace().any(|w| {
        w == head
            || (head == "leader" && leader(w) && !role.contains("vice") && !role.contains("deputy"))
            || head == "diplomat" && lexicon.has(w, Class::DiplomaticRole)
    })
}

pub(super) fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

pub(super) fn first_name_key(lexicon: &Lexicon, name: &str) -> Option<String> {
    let parts: Vec<&str> = name
        .split_whitespace()
        .filter(|w| !lexicon.is_title(w))
        .collect();
    (parts.len() >= 2).then(|| fold_name(parts[0]))
}

pub(super) fn strip_possessive_determiner(phrase: &str) -> String {
    for d in [
        "his ", "her ", "their ", "its ", "His ", "Her ", "Their ", "Its ",
    ] {
        if let Some(rest) = phrase.strip_prefix(d) {
            return format!("the {rest}");
        }
    }
    phrase.to_string()
}

pub(super) fn slug(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    for c in fold_name(name).chars() {
        if c.is_alphanumeric() {
            s.push(c);
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    while s.ends_with('-') {
        s.pop();
    }
    if s.is_empty() { "actor".into() } else { s }
}

/// "1998", "2025": a four-digit year.
pub(super) fn is_year(w: &str) -> bool {
    w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) && matches!(&w[..2], "19" | "20")
}
