//! The analysis pipeline: explicit stages over one [`Doc`], each in its own
//! module, run in this order by [`Analyzer::analyze_with`]:
//!
//! 1. [`tokens`]: paragraphs and tokens;
//! 2. [`quotes`]: quotation spans;
//! 3. [`sentences`]: sentence boundaries outside quotes;
//! 4. [`actors`]: actor mentions (gazetteer + names), the table in [`actor_table`];
//! 5. [`attribution`]: each quote's cue and speaker phrase, resolved by
//!    [`reference`](mod@reference), inherited by [`continuation`], dropped by [`filters`];
//! 6. [`positions`]: stances on the issues of a catalogue (optional);
//! 7. [`output`]: the `Doc` as an [`Analysis`].
//!
//! Shared readers used by several stages: [`cues`] (reporting cues),
//! [`clauses`] (subjects, capitalised runs), [`phrases`] and
//! [`phrases_forward`] (noun phrases before and after a token), [`words`].
//! Every stage reads the one text by byte ranges and adds its annotations
//! to the `Doc`'s per-token or per-quote tables; no stage changes what an
//! earlier one wrote except the quote state it owns.

mod actor_table;
mod actors;
mod attribution;
mod clauses;
mod continuation;
mod cues;
mod filters;
mod output;
mod phrases;
mod phrases_forward;
mod positions;
mod quotes;
mod reference;
mod sentences;
mod tokens;
mod words;

use crate::analysis::{ActorKind, Analysis, QuoteKind};
use crate::catalogue::Catalogue;
use crate::knowledge::Knowledge;
use crate::lexicon::{Gender, Lexicon, Pronoun};
use crate::quotes::QuoteSpan;
use crate::text::Token;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

const NONE: u32 = u32::MAX;

/// Reads articles. Cheap to share across threads.
pub struct Analyzer {
    knowledge: Knowledge,
}

impl Default for Analyzer {
    fn default() -> Self {
        Self::new(Knowledge::bundled())
    }
}

impl Analyzer {
    pub fn new(knowledge: Knowledge) -> Self {
        Analyzer { knowledge }
    }

    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    /// Analyses one plain text.
    pub fn analyze(&self, text: &str) -> Analysis {
        self.analyze_with(text, None, false)
    }

    /// Analyses one plain text; with a catalogue, finds positions too (and
    /// every stance statement, with `all_statements`).
    pub fn analyze_with(
        &self,
        text: &str,
        catalogue: Option<&Catalogue>,
        all_statements: bool,
    ) -> Analysis {
        let mut doc = Doc::new(text, &self.knowledge);
        doc.find_quotes();
        doc.find_sentences();
        doc.find_actors();
        doc.attribute();
        let found = catalogue.map(|c| (c, doc.find_positions(c)));
        doc.into_analysis(found, all_statements)
    }
}

/// A speaker phrase found next to a cue.
#[derive(Clone, Copy, Debug)]
struct Np {
    /// Token range of the phrase.
    start: usize,
    end: usize,
    kind: NpKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NpKind {
    Pronoun(Pronoun),
    Name,
    Role,
    /// "who", "which": the phrase is the pronoun, the speaker its antecedent.
    Relative {
        antecedent_start: u32,
        antecedent_end: u32,
        named: bool,
    },
}

struct ActorBuild {
    name: String,
    kind: ActorKind,
    role: Option<String>,
    affiliation: Option<String>,
    gender: Option<Gender>,
    /// Folded surname for persons, folded name otherwise.
    key: String,
    first_key: Option<String>,
    mentions: Vec<Range<usize>>,
    knowledge_person: Option<usize>,
}

/// A mention of an actor, for pronoun and role look-ups.
#[derive(Clone, Copy)]
struct MentionRef {
    tok: usize,
    actor: usize,
}

/// A resolved speaker: its actor (if any), the mention's character span,
/// and the name to show.
type Speaker = (Option<usize>, Range<usize>, String);

struct QuoteState {
    span: QuoteSpan,
    speaker: Option<Speaker>,
    cue: Option<Range<usize>>,
    kind: QuoteKind,
    keep: bool,
    /// Found by a cue, not inherited.
    attributed_by_cue: bool,
    /// Given only the subject of its sentence or clause, for want of a cue.
    by_subject: bool,
}

struct Doc<'t> {
    text: &'t str,
    k: &'t Knowledge,
    lex: &'t Lexicon,
    paras: Vec<Range<usize>>,
    /// Token range of each paragraph.
    para_toks: Vec<Range<usize>>,
    toks: Vec<Token>,
    /// Quote index of each token inside a quote (marks included), or NONE.
    quote_of: Vec<u32>,
    sent_of: Vec<u32>,
    /// First token of each sentence.
    sent_start: Vec<usize>,
    quotes: Vec<QuoteState>,
    actors: Vec<ActorBuild>,
    /// Actor of each token that is part of an actor mention, or NONE.
    actor_of: Vec<u32>,
    /// Country of each token that is a demonym or country word, or NONE.
    country_of: Vec<u32>,
    /// Person mentions outside quotes, in text order.
    person_mentions: Vec<MentionRef>,
    other_mentions: Vec<MentionRef>,
    /// Actor of each knowledge country and organisation, once created.
    country_actors: HashMap<usize, usize>,
    org_actors: HashMap<usize, usize>,
    /// Words written with a capital inside a sentence somewhere in the text:
    /// names, not words capitalised for opening a sentence. Built on first use.
    proper_words: std::cell::OnceCell<HashSet<&'t str>>,
    /// The text with ASCII capitals lowered (same byte offsets): see `lower`.
    lowered: String,
}

/// Test support for the stage modules: a `Doc` run through the stages up to
/// one, on a made-up text.
#[cfg(test)]
mod testing {
    use super::Doc;
    use crate::knowledge::Knowledge;
    use std::sync::LazyLock;

    static KNOWLEDGE: LazyLock<Knowledge> = LazyLock::new(Knowledge::bundled);

    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    pub(super) enum Through {
        Tokens,
        Quotes,
        Sentences,
        Actors,
        Attribution,
    }

    pub(super) fn doc(text: &str, through: Through) -> Doc<'static> {
        let text: &'static str = Box::leak(text.to_string().into_boxed_str());
        let mut doc = Doc::new(text, &KNOWLEDGE);
        if through >= Through::Quotes {
            doc.find_quotes();
        }
        if through >= Through::Sentences {
            doc.find_sentences();
        }
        if through >= Through::Actors {
            doc.find_actors();
        }
        if through >= Through::Attribution {
            doc.attribute();
        }
        doc
    }

    impl Doc<'_> {
        /// The first token whose text is `w`.
        pub(super) fn tok(&self, w: &str) -> usize {
            (0..self.toks.len())
                .find(|&i| self.w(i) == w)
                .unwrap_or_else(|| panic!("no token {w:?}"))
        }

        /// The actor whose name is `name`, if any.
        pub(super) fn actor(&self, name: &str) -> Option<usize> {
            self.actors.iter().position(|a| a.name == name)
        }

        /// Each kept quote's inner text with its speaker's name.
        pub(super) fn speakers(&self) -> Vec<(String, Option<String>)> {
            self.quotes
                .iter()
                .filter(|q| q.keep)
                .map(|q| {
                    (
                        self.text[q.span.inner.clone()].to_string(),
                        q.speaker.as_ref().map(|s| s.2.clone()),
                    )
                })
                .collect()
        }
    }
}
