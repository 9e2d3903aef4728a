//! Closed word classes that the stages read: reporting verbs, role nouns,
//! titles, pronouns, negators, stance verbs … Plain English news usage;
//! nothing here names a conflict.
//!
//! The lists are data: `lexicon/*.txt` at the repository's root, compiled
//! in, one `[class]` section per word class, one entry per line, `#`
//! comments (docs/lexicon.md). A knowledge directory's `lexicon/` folder
//! adds entries (and `!word` removes one) at run time. A [`Lexicon`] maps
//! each word to the set of its classes, so a look-up is one hash probe.

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// The word classes, one bit each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Class {
    CueVerb,
    NamingCue,
    NamingVerb,
    SpeechNoun,
    NamingMarker,
    DocumentNoun,
    WorkNoun,
    Title,
    TitleMale,
    TitleFemale,
    RoleNoun,
    RoleModifier,
    NameParticle,
    Abbreviation,
    OrganisationWord,
    NonActorWord,
    CapitalisedFunctionWord,
    Preposition,
    Determiner,
    ClauseWord,
    OpeningWord,
    VerbAdjunct,
    NotLyAdverb,
    NumberWord,
    PronounHe,
    PronounShe,
    PronounThey,
    PronounIt,
    PronounFirst,
    Weekday,
    Month,
    TimeWord,
    Negator,
    Rejection,
    Judgement,
    StanceVerb,
    ClauseBreak,
    LaterClause,
    CueNoun,
    BeForm,
    Quantifier,
    EndingWord,
    GenericSource,
    LeaderRole,
    MinorWord,
    PersonNoun,
    GroupNoun,
    CollectiveNoun,
    CollectiveModifier,
    PartyRole,
    StanceNoun,
    PersonVerb,
    Hedge,
    Harm,
    DiplomaticRole,
    IndefiniteSubject,
}

/// Section names in the data files, and the class each stands for.
pub const CLASSES: &[(&str, Class)] = &[
    ("cue-verbs", Class::CueVerb),
    ("naming-cues", Class::NamingCue),
    ("naming-verbs", Class::NamingVerb),
    ("speech-nouns", Class::SpeechNoun),
    ("naming-markers", Class::NamingMarker),
    ("document-nouns", Class::DocumentNoun),
    ("work-nouns", Class::WorkNoun),
    ("titles", Class::Title),
    ("titles-male", Class::TitleMale),
    ("titles-female", Class::TitleFemale),
    ("role-nouns", Class::RoleNoun),
    ("role-modifiers", Class::RoleModifier),
    ("name-particles", Class::NameParticle),
    ("abbreviations", Class::Abbreviation),
    ("organisation-words", Class::OrganisationWord),
    ("non-actor-words", Class::NonActorWord),
    ("capitalised-function-words", Class::CapitalisedFunctionWord),
    ("prepositions", Class::Preposition),
    ("determiners", Class::Determiner),
    ("clause-words", Class::ClauseWord),
    ("opening-words", Class::OpeningWord),
    ("verb-adjuncts", Class::VerbAdjunct),
    ("not-ly-adverbs", Class::NotLyAdverb),
    ("number-words", Class::NumberWord),
    ("pronoun-he", Class::PronounHe),
    ("pronoun-she", Class::PronounShe),
    ("pronoun-they", Class::PronounThey),
    ("pronoun-it", Class::PronounIt),
    ("pronoun-first", Class::PronounFirst),
    ("weekdays", Class::Weekday),
    ("months", Class::Month),
    ("time-words", Class::TimeWord),
    ("negators", Class::Negator),
    ("rejections", Class::Rejection),
    ("judgements", Class::Judgement),
    ("stance-verbs", Class::StanceVerb),
    ("clause-breaks", Class::ClauseBreak),
    ("later-clauses", Class::LaterClause),
    ("cue-nouns", Class::CueNoun),
    ("be-forms", Class::BeForm),
    ("quantifiers", Class::Quantifier),
    ("ending-words", Class::EndingWord),
    ("generic-sources", Class::GenericSource),
    ("leader-roles", Class::LeaderRole),
    ("minor-words", Class::MinorWord),
    ("person-nouns", Class::PersonNoun),
    ("group-nouns", Class::GroupNoun),
    ("collective-nouns", Class::CollectiveNoun),
    ("collective-modifiers", Class::CollectiveModifier),
    ("party-roles", Class::PartyRole),
    ("stance-nouns", Class::StanceNoun),
    ("person-verbs", Class::PersonVerb),
    ("hedges", Class::Hedge),
    ("harms", Class::Harm),
    ("diplomatic-roles", Class::DiplomaticRole),
    ("indefinite-subjects", Class::IndefiniteSubject),
];

/// The bundled data files, by name.
pub const BUNDLED: &[(&str, &str)] = &[
    ("speech.txt", include_str!("../../../lexicon/speech.txt")),
    ("names.txt", include_str!("../../../lexicon/names.txt")),
    ("grammar.txt", include_str!("../../../lexicon/grammar.txt")),
    ("time.txt", include_str!("../../../lexicon/time.txt")),
    ("stance.txt", include_str!("../../../lexicon/stance.txt")),
];

static BUNDLED_LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut lex = Lexicon::default();
    for (name, src) in BUNDLED {
        lex.extend(name, src).expect("the bundled lexicon parses");
    }
    lex
});

/// A malformed lexicon file: the file, the line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError(pub String);

impl std::fmt::Display for LexiconError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LexiconError {}

/// Every word of every class, with the set of its classes.
#[derive(Clone, Default, Debug)]
pub struct Lexicon {
    words: FxHashMap<Box<str>, u64>,
}

fn bit(c: Class) -> u64 {
    1 << c as u8
}

impl Lexicon {
    /// The lexicon bundled with attache (parsed once per process).
    pub fn bundled() -> &'static Lexicon {
        &BUNDLED_LEXICON
    }

    /// Adds the entries of one data file (`name` is for messages): lines
    /// after `[class]` join that class; `!word` leaves it.
    pub fn extend(&mut self, name: &str, src: &str) -> Result<(), LexiconError> {
        let mut class = None;
        for (n, line) in src.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                let found = CLASSES.iter().find(|(s, _)| *s == section.trim());
                class = Some(found.map(|&(_, c)| c).ok_or_else(|| {
                    let known: Vec<&str> = CLASSES.iter().map(|(s, _)| *s).collect();
                    LexiconError(format!(
                        "{name}:{}: unknown word class [{section}]; the classes are {}",
                        n + 1,
                        known.join(", ")
                    ))
                })?);
                continue;
            }
            let Some(c) = class else {
                return Err(LexiconError(format!(
                    "{name}:{}: \"{line}\" comes before any [class] line",
                    n + 1
                )));
            };
            if line.chars().any(char::is_whitespace) {
                return Err(LexiconError(format!(
                    "{name}:{}: \"{line}\" is not one word (one entry per line)",
                    n + 1
                )));
            }
            match line.strip_prefix('!') {
                Some(word) if !word.is_empty() => {
                    if let Some(bits) = self.words.get_mut(word) {
                        *bits &= !bit(c);
                    }
                }
                _ => *self.words.entry(line.into()).or_default() |= bit(c),
            }
        }
        self.inflect_cue_verbs();
        Ok(())
    }

    /// Every regular past of a cue verb ("concluded") brings its other
    /// forms ("concludes", "concluding") unless they are listed already; a
    /// form in -s may be a plural noun ("charges"), so it is also a cue noun.
    fn inflect_cue_verbs(&mut self) {
        let mut new: Vec<(String, u64)> = Vec::new();
        for (w, &bits) in &self.words {
            if bits & bit(Class::CueVerb) == 0 || w.len() < 5 {
                continue;
            }
            let Some(stem) = w.strip_suffix("ed") else {
                continue;
            };
            if !stem.bytes().all(|b| b.is_ascii_lowercase()) {
                continue;
            }
            let noun = bit(Class::CueVerb) | bit(Class::CueNoun);
            let verb = bit(Class::CueVerb);
            match stem.strip_suffix('i') {
                // "replied": "replies", "replying"
                Some(y) => {
                    new.push((format!("{y}ies"), noun));
                    new.push((format!("{y}ying"), verb));
                }
                None => {
                    new.push((format!("{stem}s"), noun));
                    new.push((format!("{stem}es"), noun));
                    new.push((format!("{stem}ing"), verb));
                    // "admitted": "admits"
                    let b = stem.as_bytes();
                    if b.len() > 2 && b[b.len() - 1] == b[b.len() - 2] && !stem.ends_with("ss") {
                        new.push((format!("{}s", &stem[..stem.len() - 1]), noun));
                    }
                }
            }
        }
        for (form, bits) in new {
            let entry = self.words.entry(form.into()).or_default();
            if *entry & bit(Class::CueVerb) == 0 {
                *entry |= bits;
            }
        }
    }

    /// The classes of `w`, as bits.
    #[inline]
    fn classes(&self, w: &str) -> u64 {
        self.words.get(w).copied().unwrap_or(0)
    }

    /// Whether `w` (exactly as written) is in class `c`.
    #[inline]
    pub fn has(&self, w: &str, c: Class) -> bool {
        self.classes(w) & bit(c) != 0
    }

    /// Every entry of class `c`, sorted.
    pub fn entries(&self, c: Class) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .words
            .iter()
            .filter(|(_, b)| *b & bit(c) != 0)
            .map(|(w, _)| &**w)
            .collect();
        v.sort_unstable();
        v
    }

    /// Verbs and verb-like words that introduce reported speech.
    pub fn is_cue_verb(&self, w: &str) -> bool {
        self.has(w, Class::CueVerb)
    }

    /// Cues whose object may be the quote's topic ("called it X").
    pub fn is_naming_cue(&self, w: &str) -> bool {
        self.has(w, Class::NamingCue)
    }

    /// Verbs that give their object a name: "called it “a farce”".
    pub fn is_naming_verb(&self, w: &str) -> bool {
        self.has(w, Class::NamingVerb)
    }

    pub fn is_role_noun(&self, w: &str) -> bool {
        self.has(w, Class::RoleNoun)
    }

    pub fn is_role_modifier(&self, w: &str) -> bool {
        self.has(w, Class::RoleModifier)
    }

    pub fn is_title(&self, w: &str) -> bool {
        self.has(w, Class::Title)
    }

    /// Gender implied by a title, where it implies one.
    pub fn title_gender(&self, w: &str) -> Option<Gender> {
        let b = self.classes(w);
        if b & bit(Class::TitleMale) != 0 {
            Some(Gender::Male)
        } else if b & bit(Class::TitleFemale) != 0 {
            Some(Gender::Female)
        } else {
            None
        }
    }

    /// Pronouns that can stand for a speaker.
    pub fn pronoun(&self, w: &str) -> Option<Pronoun> {
        let b = self.classes(w);
        [
            (Class::PronounHe, Pronoun::He),
            (Class::PronounShe, Pronoun::She),
            (Class::PronounThey, Pronoun::They),
            (Class::PronounIt, Pronoun::It),
            (Class::PronounFirst, Pronoun::First),
        ]
        .into_iter()
        .find(|&(c, _)| b & bit(c) != 0)
        .map(|(_, p)| p)
    }

    pub fn is_preposition(&self, w: &str) -> bool {
        self.has(w, Class::Preposition)
    }

    pub fn is_determiner(&self, w: &str) -> bool {
        self.has(w, Class::Determiner)
    }

    /// Words that end a noun phrase when read backwards or forwards.
    pub fn is_clause_word(&self, w: &str) -> bool {
        self.has(w, Class::ClauseWord)
    }

    /// Words that open a sentence with a phrase before its subject.
    pub fn is_opening_word(&self, w: &str) -> bool {
        self.has(w, Class::OpeningWord)
    }

    /// Words that may stand between a speaker and the reporting verb: the
    /// listed auxiliaries and adverbs, and any adverb in -ly ("boldly").
    pub fn is_verb_adjunct(&self, w: &str) -> bool {
        self.has(w, Class::VerbAdjunct) || self.is_ly_adverb(w)
    }

    /// An adverb in -ly, nouns such as "family" aside.
    pub fn is_ly_adverb(&self, w: &str) -> bool {
        w.len() >= 5 && w.ends_with("ly") && !self.has(w, Class::NotLyAdverb)
    }

    pub fn is_number_word(&self, w: &str) -> bool {
        self.has(w, Class::NumberWord)
    }

    pub fn is_weekday(&self, w: &str) -> bool {
        self.has(w, Class::Weekday)
    }

    pub fn is_month(&self, w: &str) -> bool {
        self.has(w, Class::Month)
    }

    /// Words of time, weekdays, months and numbers.
    pub fn is_time_word(&self, w: &str) -> bool {
        self.classes(w) & (bit(Class::Weekday) | bit(Class::Month) | bit(Class::TimeWord)) != 0
            || w.bytes().all(|b| b.is_ascii_digit())
    }

    /// Capitalised words that begin sentences but are not names.
    pub fn is_capitalised_function_word(&self, w: &str) -> bool {
        self.classes(w)
            & (bit(Class::Weekday) | bit(Class::Month) | bit(Class::CapitalisedFunctionWord))
            != 0
    }

    pub fn is_organisation_word(&self, w: &str) -> bool {
        self.has(w, Class::OrganisationWord)
    }

    pub fn is_non_actor_word(&self, w: &str) -> bool {
        self.has(w, Class::NonActorWord)
    }

    pub fn is_speech_noun(&self, w: &str) -> bool {
        self.has(w, Class::SpeechNoun)
    }

    pub fn is_naming_marker(&self, w: &str) -> bool {
        self.has(w, Class::NamingMarker)
    }

    pub fn is_abbreviation(&self, w: &str) -> bool {
        self.has(w, Class::Abbreviation)
    }

    pub fn is_name_particle(&self, w: &str) -> bool {
        self.has(w, Class::NameParticle)
    }

    pub fn is_document_noun(&self, w: &str) -> bool {
        self.has(w, Class::DocumentNoun)
    }

    /// Works whose title a quote right after them gives ("his book, “…”").
    pub fn is_work_noun(&self, w: &str) -> bool {
        self.has(w, Class::WorkNoun)
    }

    /// Words that flip a stance; any word in n't too.
    pub fn is_negator(&self, w: &str) -> bool {
        w.ends_with("n't") || self.has(w, Class::Negator)
    }

    pub fn is_rejection(&self, w: &str) -> bool {
        self.has(w, Class::Rejection)
    }

    pub fn is_judgement(&self, w: &str) -> bool {
        self.has(w, Class::Judgement)
    }

    /// Words that show an actor taking a stance; rejections too.
    pub fn is_stance_verb(&self, w: &str) -> bool {
        self.classes(w) & (bit(Class::Rejection) | bit(Class::StanceVerb)) != 0
    }

    pub fn is_clause_break(&self, w: &str) -> bool {
        self.has(w, Class::ClauseBreak)
    }

    /// Words after an issue term that open another clause; clause breaks too.
    pub fn is_later_clause(&self, w: &str) -> bool {
        self.classes(w) & (bit(Class::ClauseBreak) | bit(Class::LaterClause)) != 0
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pronoun {
    He,
    She,
    They,
    It,
    First,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_has_a_bundled_section_and_fits_in_the_bits() {
        assert!(CLASSES.len() <= 64);
        let lex = Lexicon::bundled();
        for &(name, class) in CLASSES {
            assert!(!lex.entries(class).is_empty(), "[{name}] has no entries");
        }
    }

    #[test]
    fn a_cue_verb_in_the_past_brings_its_other_forms() {
        let mut l = Lexicon::default();
        l.extend(
            "t.txt",
            "[cue-verbs]\nconcluded\nreplied\nadmitted\nwarned\nsaid\n",
        )
        .unwrap();
        for w in [
            "concludes",
            "concluding",
            "replies",
            "replying",
            "admits",
            "warns",
        ] {
            assert!(l.is_cue_verb(w), "{w}");
        }
        // a form in -s may be a noun; "said" is irregular and brings nothing
        assert!(l.has("concludes", Class::CueNoun));
        assert!(!l.has("concluding", Class::CueNoun));
        assert!(!l.is_cue_verb("sais") && !l.is_cue_verb("saiding"));
    }

    #[test]
    fn a_word_belongs_to_several_classes_at_once() {
        let lex = Lexicon::bundled();
        assert!(lex.is_cue_verb("called") && lex.is_naming_verb("called"));
        assert!(!lex.is_cue_verb("Called"), "case matters");
        assert!(lex.is_time_word("Monday") && lex.is_capitalised_function_word("Monday"));
        assert!(lex.is_time_word("2025") && !lex.is_time_word("20x5"));
    }

    #[test]
    fn rules_stand_beside_the_lists() {
        let lex = Lexicon::bundled();
        assert!(lex.is_negator("won't") && lex.is_negator("not"));
        assert!(lex.is_ly_adverb("boldly") && !lex.is_ly_adverb("family"));
        assert!(lex.is_verb_adjunct("boldly"));
        assert_eq!(lex.pronoun("She"), Some(Pronoun::She));
        assert_eq!(lex.pronoun("him"), Some(Pronoun::He));
        assert_eq!(lex.title_gender("Mrs."), Some(Gender::Female));
        assert_eq!(lex.title_gender("President"), None);
    }

    #[test]
    fn a_file_adds_and_removes_entries() {
        let mut lex = Lexicon::bundled().clone();
        assert!(!lex.is_cue_verb("harrumphed"));
        assert!(lex.is_cue_verb("said"));
        lex.extend(
            "mine.txt",
            "# my verbs\n[cue-verbs]\nharrumphed  # new\n!said\n",
        )
        .unwrap();
        assert!(lex.is_cue_verb("harrumphed"));
        assert!(!lex.is_cue_verb("said"));
        assert!(
            Lexicon::bundled().is_cue_verb("said"),
            "the bundled one is untouched"
        );
    }

    #[test]
    fn malformed_files_are_refused_with_file_and_line() {
        let mut lex = Lexicon::default();
        let e = lex.extend("a.txt", "said\n").unwrap_err();
        assert!(e.0.starts_with("a.txt:1:"), "{e}");
        let e = lex
            .extend("b.txt", "[cue-verbs]\n\n[verbs-of-doom]\n")
            .unwrap_err();
        assert!(
            e.0.starts_with("b.txt:3: unknown word class [verbs-of-doom]"),
            "{e}"
        );
        assert!(e.0.contains("cue-verbs"), "lists the classes: {e}");
        let e = lex
            .extend("c.txt", "[titles]\nVice President\n")
            .unwrap_err();
        assert!(e.0.contains("c.txt:2"), "{e}");
    }
}
