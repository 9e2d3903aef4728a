//! Closed word classes that the stages read: reporting verbs, role nouns,
//! titles, pronouns. Plain English news usage; nothing here names a conflict.

/// Verbs and verb-like words that introduce reported speech.
pub fn is_cue_verb(w: &str) -> bool {
    matches!(
        w,
        "said" | "says" | "say" | "saying" | "told" | "tells" | "tell" | "telling"
            | "added" | "adds" | "adding" | "stated" | "states" | "noted" | "notes" | "noting"
            | "wrote" | "writes" | "writing" | "posted" | "posting" | "tweeted" | "tweeting"
            | "warned" | "warns" | "warning" | "insisted" | "insists" | "insisting"
            | "claimed" | "claims" | "declared" | "declares" | "declaring" | "stressed"
            | "stresses" | "stressing" | "emphasised" | "emphasized" | "emphasising"
            | "emphasizing" | "argued" | "argues" | "arguing" | "explained" | "explains"
            | "asked" | "asks" | "replied" | "replies" | "responded" | "responds" | "continued"
            | "continues" | "concluded" | "announced" | "announces" | "urged" | "urges"
            | "acknowledged" | "admitted" | "admits" | "suggested" | "suggests" | "predicted"
            | "vowed" | "vows" | "pledged" | "promised" | "recalled" | "remarked" | "observed"
            | "conceded" | "confirmed" | "confirms" | "denied" | "complained" | "boasted"
            | "joked" | "quipped" | "lamented" | "cautioned" | "countered" | "reiterated"
            | "underlined" | "underscored" | "described" | "describes" | "describing"
            | "called" | "calls" | "calling" | "labelled" | "labeled" | "branded" | "termed"
            | "reported" | "reports" | "shouted" | "yelled" | "thundered" | "mused"
            | "charged" | "alleged" | "contended" | "maintained" | "assured" | "announcing"
            | "commented" | "comments" | "insist" | "warn" | "believes"
            | "believed" | "praised" | "criticised" | "criticized" | "slammed" | "accused"
            | "hailed" | "welcomed" | "expressed" | "characterized" | "characterised"
            | "referred" | "promising" | "vowing" | "urging" | "predicts" | "predicting"
            | "recounted" | "explaining" | "asking" | "questioned" | "decried" | "berated"
            | "framed" | "summarized" | "summarised" | "demanded" | "proposed" | "threatened"
            | "signalled" | "signaled" | "condemned" | "denounced" | "dismissed" | "attacked"
            | "mocked" | "blasted" | "ridiculed" | "retorted" | "wondered" | "speculated"
            | "estimated" | "concluding"
            | "answered" | "answering" | "testified" | "acknowledging"
            | "chided" | "scoffed" | "conceding" | "apologized" | "apologised" | "cited"
    )
}

/// Cue verbs whose object, not their subject, may be the quote's topic
/// ("called it X"): a quote after them is partial.
pub fn is_naming_verb(w: &str) -> bool {
    matches!(
        w,
        "called" | "calls" | "calling" | "described" | "describes" | "describing" | "labelled"
            | "labeled" | "branded" | "termed" | "characterized" | "characterised" | "praised"
            | "criticised" | "criticized" | "hailed" | "welcomed" | "referred" | "accused"
    )
}

/// Lower-case nouns that head a phrase naming a speaker ("the Kremlin spokesman").
pub fn is_role_noun(w: &str) -> bool {
    matches!(
        w,
        "president" | "presidents" | "spokesman" | "spokeswoman" | "spokesperson" | "official"
            | "officials" | "minister" | "ministers" | "counterpart" | "counterparts" | "leader"
            | "leaders" | "secretary" | "envoy" | "envoys" | "ambassador" | "aide" | "aides"
            | "adviser" | "advisers" | "advisor" | "advisors" | "source" | "sources" | "diplomat"
            | "diplomats" | "analyst" | "analysts" | "chief" | "head" | "chancellor" | "premier"
            | "government" | "ministry" | "administration" | "negotiator" | "negotiators"
            | "delegation" | "commander" | "general" | "senator" | "lawmaker" | "lawmakers"
            | "governor" | "mayor" | "candidate" | "nominee" | "campaign" | "chairman"
            | "chairwoman" | "director" | "expert" | "experts" | "statement" | "office"
            | "prosecutor" | "judge" | "representative" | "member" | "members" | "team"
            | "manager" | "strategist" | "speaker" | "king" | "queen" | "prince" | "pope"
            | "monarch" | "dictator" | "author" | "journalist" | "reporter" | "correspondent"
            | "editor" | "economist" | "professor" | "researcher" | "activist" | "activists"
            | "protesters" | "witness" | "witnesses" | "resident" | "residents" | "people"
            | "voter" | "voters" | "supporter" | "supporters" | "critics" | "critic"
            | "founder" | "executive" | "ceo" | "host" | "anchor" | "press" | "channel"
            | "broadcaster" | "outlet" | "newspaper" | "agency" | "report" | "document" | "letter"
            | "memo" | "website" | "ad" | "spot" | "tweet" | "post" | "study" | "ruling"
            | "filing" | "side" | "lawyer" | "attorney" | "widow" | "mother" | "father" | "narrator"
    )
}

/// Titles that stand before a name and are not part of it.
pub fn is_title(w: &str) -> bool {
    matches!(
        w,
        "President" | "Mr" | "Mr." | "Mrs" | "Mrs." | "Ms" | "Ms." | "Dr" | "Dr." | "Prime"
            | "Minister" | "Secretary" | "Chancellor" | "General" | "Gen." | "Gen" | "Sen."
            | "Sen" | "Senator" | "Rep." | "Rep" | "Representative" | "Gov." | "Governor"
            | "Sir" | "Lord" | "Lady" | "King" | "Queen" | "Prince" | "Princess" | "Pope"
            | "Premier" | "Vice" | "Foreign" | "Defence" | "Defense" | "Deputy" | "Ambassador"
            | "Envoy" | "Special" | "Speaker" | "Judge" | "Justice" | "Professor" | "Prof."
            | "Chairman" | "Chairwoman" | "Spokesman" | "Spokeswoman" | "Spokesperson"
            | "Commissioner" | "Adviser" | "Advisor" | "Colonel" | "Col." | "Lt." | "Admiral"
            | "Marshal" | "Crown" | "Sheikh" | "Emir" | "Chief" | "Attorney" | "Mayor"
            | "Senior" | "Former" | "First" | "State" | "Treasury" | "Interior" | "Economy"
            | "National" | "Security" | "Press" | "White" | "House" | "Kremlin" | "Supreme"
            | "Leader" | "Director" | "Head" | "Secretary-General" | "Gov"
    )
}

/// Gender implied by a title, where it implies one.
pub fn title_gender(w: &str) -> Option<Gender> {
    match w {
        "Mr" | "Mr." | "Sir" | "Lord" | "King" | "Prince" | "Sheikh" => Some(Gender::Male),
        "Mrs" | "Mrs." | "Ms" | "Ms." | "Lady" | "Queen" | "Princess" => Some(Gender::Female),
        _ => None,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

/// Pronouns that can stand for a speaker.
pub fn pronoun(w: &str) -> Option<Pronoun> {
    Some(match w {
        "he" | "He" => Pronoun::He,
        "she" | "She" => Pronoun::She,
        "they" | "They" => Pronoun::They,
        "it" | "It" => Pronoun::It,
        "him" | "Him" => Pronoun::He,
        "her" | "Her" => Pronoun::She,
        "them" => Pronoun::They,
        "I" | "we" | "We" => Pronoun::First,
        _ => return None,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pronoun {
    He,
    She,
    They,
    It,
    First,
}

/// Words that may stand between a speaker and the reporting verb.
pub fn is_verb_adjunct(w: &str) -> bool {
    matches!(
        w,
        "also" | "later" | "then" | "has" | "had" | "have" | "was" | "were" | "is" | "would"
            | "will" | "further" | "again" | "previously" | "earlier" | "once" | "recently"
            | "reportedly" | "repeatedly" | "publicly" | "openly" | "simply" | "flatly"
            | "bluntly" | "firmly" | "just" | "already" | "even" | "subsequently"
            | "told" | "on" | "separately" | "similarly" | "likewise" | "herself"
            | "himself" | "themselves" | "itself" | "directly" | "angrily" | "sharply"
            | "emphatically" | "quickly" | "immediately" | "could" | "may" | "might"
            | "did" | "does" | "do" | "not" | "never" | "only" | "still" | "previously,"
    )
}

/// Capitalised words that begin sentences but are not names.
pub fn is_capitalised_function_word(w: &str) -> bool {
    matches!(
        w,
        "The" | "A" | "An" | "But" | "And" | "Or" | "In" | "On" | "At" | "For" | "With"
            | "By" | "From" | "To" | "Of" | "As" | "If" | "When" | "While" | "After"
            | "Before" | "Since" | "Although" | "Though" | "However" | "Meanwhile" | "This"
            | "That" | "These" | "Those" | "It" | "He" | "She" | "They" | "We" | "I" | "You"
            | "His" | "Her" | "Their" | "Our" | "Its" | "My" | "Your" | "There" | "Here"
            | "What" | "Who" | "Why" | "How" | "Where" | "Which" | "Speaking" | "Asked"
            | "According" | "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday"
            | "Saturday" | "Sunday" | "January" | "February" | "March" | "April" | "May"
            | "June" | "July" | "August" | "September" | "October" | "November" | "December"
            | "Yes" | "No" | "Not" | "Now" | "Then" | "So" | "Still" | "Yet" | "Also"
            | "Earlier" | "Later" | "Last" | "Next" | "Some" | "Many" | "Most" | "All"
            | "Both" | "Each" | "Every" | "Other" | "Such" | "Under" | "Over" | "Despite"
            | "During" | "Following" | "Amid" | "Against" | "Without" | "Instead" | "Because"
            | "Unlike" | "Like" | "Once" | "Only" | "Even" | "Just" | "Instead," | "Posting"
            | "Writing" | "Addressing" | "Talking" | "Responding" | "Separately" | "Asked,"
            | "Mr" | "Mrs" | "Ms" | "Dr" | "Do" | "Does" | "Did" | "Is" | "Are" | "Was"
            | "Were" | "Will" | "Would" | "Can" | "Could" | "Should" | "Let" | "Please"
            | "Thank" | "Today" | "Yesterday" | "Tomorrow" | "Sources" | "Officials"
    )
}

/// Words that make a capitalised run an organisation rather than a person.
pub fn is_organisation_word(w: &str) -> bool {
    matches!(
        w,
        "Ministry" | "Council" | "Party" | "Union" | "Times" | "Post" | "News" | "Agency"
            | "Committee" | "Department" | "Office" | "Commission" | "Bank" | "Fund"
            | "Institute" | "University" | "Association" | "Foundation" | "Group" | "Corp"
            | "Inc" | "Company" | "Network" | "Journal" | "Press" | "Parliament" | "Assembly"
            | "Court" | "Senate" | "House" | "Organization" | "Organisation" | "Forces"
            | "Army" | "Navy" | "Service" | "Services" | "Administration" | "Government"
            | "Center" | "Centre" | "Board" | "Authority" | "Federation" | "Alliance"
            | "Coalition" | "Campaign" | "Media" | "Radio" | "Television" | "TV" | "Tribune"
            | "Herald" | "Guardian" | "Telegraph" | "Review" | "Magazine" | "Daily"
            | "Monitor" | "Institution" | "Club" | "Church" | "Cabinet" | "Staff" | "Bureau"
            | "Police" | "Command" | "Guard" | "Reserve" | "Treasury" | "Summit" | "Conference"
            | "Forum" | "Republic" | "Kingdom"
    )
}

/// Words that make a capitalised run a place, event or document: not an actor.
pub fn is_non_actor_word(w: &str) -> bool {
    matches!(
        w,
        "Street" | "Palace" | "Square" | "Hall" | "War" | "Accord" | "Agreement" | "Treaty" | "Act"
            | "Plan" | "Day" | "Sea" | "Ocean" | "River" | "Airport" | "Hotel" | "Stadium" | "Island"
            | "Islands" | "Region" | "Oblast" | "Province" | "City" | "County" | "Avenue" | "Road"
            | "Bridge" | "Mountains" | "Lake" | "Gulf" | "Strait" | "Peninsula" | "Valley" | "Bay"
            | "Amendment" | "Article" | "Resolution" | "Initiative" | "Deal" | "Pact" | "Memorandum"
    )
}

/// Words that start phrases of naming rather than speech (so-called "X").
pub fn is_naming_marker(w: &str) -> bool {
    matches!(
        w,
        "so-called" | "dubbed" | "titled" | "entitled" | "nicknamed" | "named" | "term"
            | "word" | "phrase" | "slogan" | "headline" | "hashtag" | "called," | "label"
            | "motto" | "banner" | "codenamed" | "code-named"
    )
}

/// Abbreviations after which a full stop does not end a sentence.
pub fn is_abbreviation(w: &str) -> bool {
    matches!(
        w,
        "Mr" | "Mrs" | "Ms" | "Dr" | "St" | "Gen" | "Sen" | "Rep" | "Gov" | "Lt" | "Col"
            | "Jr" | "Sr" | "Prof" | "Jan" | "Feb" | "Mar" | "Apr" | "Jun" | "Jul" | "Aug"
            | "Sep" | "Sept" | "Oct" | "Nov" | "Dec" | "No" | "vs" | "etc" | "Inc" | "Corp"
            | "Co" | "Ltd" | "Mt" | "Ft" | "Capt" | "Sgt" | "Adm" | "Maj" | "Brig"
    )
}

/// Name particles that stay lower case inside a person's name.
pub fn is_name_particle(w: &str) -> bool {
    matches!(w, "von" | "der" | "de" | "van" | "bin" | "al" | "da" | "di" | "le" | "la" | "del" | "ibn" | "el")
}
