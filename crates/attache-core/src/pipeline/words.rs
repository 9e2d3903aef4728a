//! Small word and string helpers of the pipeline that are rules rather than
//! lists: title case, name keys, slugs.

use crate::knowledge::fold_name;
use crate::lexicon;
use crate::lexicon::Gender;

/// A name in title case ("Face the Nation", "Make Your Kid a Millionaire,"):
/// a title or a programme, not speech.
pub(super) fn is_title_case(quote: &str) -> bool {
    // "Commander-In-Chief" counts its parts
    let words: Vec<&str> = quote
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    let ends_sentence = quote.trim_end().ends_with(['.', '!', '?', '…']);
    let minor = |w: &str| {
        matches!(
            w,
            "a" | "an"
                | "the"
                | "of"
                | "and"
                | "or"
                | "in"
                | "on"
                | "for"
                | "to"
                | "with"
                | "at"
                | "by"
        )
    };
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

/// Two genders agree unless both are known and differ.
pub(super) fn genders_agree(a: Option<Gender>, b: Option<Gender>) -> bool {
    a.is_none() || b.is_none() || a == b
}

pub(super) fn is_time_word(w: &str) -> bool {
    lexicon::is_weekday(w)
        || lexicon::is_month(w)
        || matches!(
            w,
            "today"
                | "yesterday"
                | "tonight"
                | "morning"
                | "afternoon"
                | "evening"
                | "night"
                | "week"
                | "month"
                | "year"
                | "late"
                | "early"
                | "last"
                | "this"
                | "Jan."
                | "Feb."
                | "Mar."
                | "Apr."
                | "Aug."
                | "Sept."
                | "Sep."
                | "Oct."
                | "Nov."
                | "Dec."
        )
        || w.bytes().all(|b| b.is_ascii_digit())
}

/// Words that open a sentence with a phrase before its subject.
pub(super) fn is_opening_word(w: &str) -> bool {
    matches!(
        w,
        "In" | "At"
            | "On"
            | "Ahead"
            | "After"
            | "Before"
            | "During"
            | "Following"
            | "Speaking"
            | "Asked"
            | "Responding"
            | "Writing"
            | "Posting"
            | "Addressing"
            | "While"
            | "When"
            | "Despite"
            | "Amid"
            | "Since"
            | "Later"
            | "Earlier"
            | "Meanwhile"
            | "However"
            | "But"
            | "And"
            | "Yet"
            | "Still"
            | "Also"
            | "Separately"
            | "Announcing"
            | "Talking"
            | "Under"
            | "For"
            | "With"
            | "As"
            | "Although"
            | "Though"
            | "If"
            | "Instead"
            | "Last"
            | "This"
    )
}

pub(super) fn is_determiner(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "his"
            | "her"
            | "my"
            | "their"
            | "its"
            | "our"
            | "this"
            | "one"
            | "two"
            | "three"
            | "some"
            | "several"
            | "many"
    )
}

/// Words that end a noun phrase when read backwards or forwards.
pub(super) fn is_clause_word(w: &str) -> bool {
    matches!(
        w,
        "and"
            | "or"
            | "but"
            | "that"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "when"
            | "while"
            | "as"
            | "if"
            | "because"
            | "in"
            | "on"
            | "at"
            | "to"
            | "for"
            | "with"
            | "by"
            | "from"
            | "of"
            | "after"
            | "before"
            | "about"
            | "it"
            | "he"
            | "she"
            | "they"
            | "we"
            | "is"
            | "was"
            | "are"
            | "were"
            | "be"
            | "been"
            | "has"
            | "had"
            | "have"
            | "would"
            | "will"
            | "not"
            | "also"
            | "than"
    )
}

/// Whether a role ("prime minister") answers to a head noun ("leader").
pub(super) fn role_matches(role: &str, head: &str) -> bool {
    let leader = |w: &str| {
        matches!(
            w,
            "president" | "minister" | "chancellor" | "premier" | "leader" | "king" | "queen"
        )
    };
    role.split_whitespace().any(|w| {
        w == head
            || (head == "leader" && leader(w) && !role.contains("vice") && !role.contains("deputy"))
    })
}

pub(super) fn is_role_modifier(w: &str) -> bool {
    matches!(
        w,
        "defence"
            | "defense"
            | "foreign"
            | "prime"
            | "vice"
            | "deputy"
            | "former"
            | "special"
            | "senior"
            | "chief"
            | "national"
            | "security"
            | "state"
            | "press"
            | "interior"
            | "finance"
            | "treasury"
            | "economy"
            | "trade"
            | "presidential"
            | "top"
            | "lead"
            | "general"
            | "first"
            | "acting"
            | "new"
            | "of"
            | "for"
            | "policy"
            | "white"
            | "house"
    )
}

pub(super) fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

pub(super) fn first_name_key(name: &str) -> Option<String> {
    let parts: Vec<&str> = name
        .split_whitespace()
        .filter(|w| !lexicon::is_title(w))
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

pub(super) fn is_number_word(w: &str) -> bool {
    matches!(
        w,
        "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine" | "ten"
    )
}

/// "1998", "2025": a four-digit year.
pub(super) fn is_year(w: &str) -> bool {
    w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) && matches!(&w[..2], "19" | "20")
}

/// Verbs that give their object a name: "called it “a farce”".
pub(super) fn is_naming_verb(w: &str) -> bool {
    matches!(
        w,
        "called" | "calls" | "calling" | "labelled" | "labeled" | "branded" | "termed" | "dubbed"
    )
}
