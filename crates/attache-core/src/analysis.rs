//! The analysis document: what `attache analyze` prints, schema
//! `attache.analysis/1`. All offsets are Unicode scalar (character) offsets
//! into the analysed text, so `text[start..end]` in characters is the span.

use serde::{Deserialize, Serialize};

pub const SCHEMA: &str = "attache.analysis/1";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    Person,
    Country,
    Organisation,
    Institution,
    Media,
    Group,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Actor {
    pub id: String,
    /// Stable across articles and spellings ("person:volodymyr-zelensky"):
    /// the knowledge's name where the actor is known, else its folded name.
    pub key: String,
    pub name: String,
    pub kind: ActorKind,
    pub role: Option<String>,
    pub affiliation: Option<String>,
    pub mentions: Vec<Span>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    Direct,
    Partial,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Cue {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Speaker {
    /// The speaker as the article names it; null where the mention is a
    /// pronoun the article gives no antecedent for (the mention is kept).
    pub name: Option<String>,
    /// The actor's `id`, where the speaker resolved to one.
    pub actor: Option<String>,
    /// The span nearest the quote that names or refers to the speaker.
    pub mention: Span,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Quote {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub kind: QuoteKind,
    pub cue: Option<Cue>,
    pub speaker: Option<Speaker>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StanceKind {
    Support,
    Oppose,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Holder {
    /// The actor's canonical name; for a state, as the text names it ("Kyiv").
    pub name: String,
    pub actor: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// An actor's stance on an issue of the catalogue, with the sentence that shows it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Position {
    pub holder: Holder,
    pub affiliation: Option<String>,
    pub issue: String,
    pub stance: StanceKind,
    /// 0–1: how directly the text states it.
    pub confidence: f64,
    pub evidence: Evidence,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Analysis {
    pub schema: String,
    /// Where the text came from (a path, `-`), if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Length of the analysed text in characters.
    pub chars: usize,
    pub actors: Vec<Actor>,
    pub quotes: Vec<Quote>,
    /// With an issue catalogue: one stance per holder and issue, the clearest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub positions: Option<Vec<Position>>,
    /// Every stance statement found, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statements: Option<Vec<Position>>,
}
