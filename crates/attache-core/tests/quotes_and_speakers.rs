//! Behaviour of the analysis on sentences written for these tests: each
//! quoting convention and each way news names a speaker.

use attache_core::analysis::{Analysis, QuoteKind};
use attache_core::{Analyzer, input};
use std::sync::OnceLock;

fn analyzer() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(Analyzer::default)
}

fn analyze(text: &str) -> Analysis {
    analyzer().analyze(text)
}

fn quotes(text: &str) -> Vec<String> {
    analyze(text).quotes.into_iter().map(|q| q.text).collect()
}

/// The speaker name of the quote whose text starts with `start`.
fn speaker(text: &str, start: &str) -> Option<String> {
    let a = analyze(text);
    let q = a
        .quotes
        .iter()
        .find(|q| q.text.starts_with(start))
        .unwrap_or_else(|| panic!("no quote starting {start:?} in {:?}", a.quotes));
    q.speaker.as_ref().and_then(|s| s.name.clone())
}

/// The text of the speaker mention of the first quote.
fn first_mention(text: &str) -> String {
    let a = analyze(text);
    let m = a.quotes[0].speaker.as_ref().expect("a speaker").mention;
    text.chars().skip(m.start).take(m.end - m.start).collect()
}

#[test]
fn curly_straight_single_and_guillemet_marks() {
    assert_eq!(quotes("“We are ready,” Merz said."), ["We are ready,"]);
    assert_eq!(quotes("\"We are ready,\" Merz said."), ["We are ready,"]);
    assert_eq!(
        quotes("'If these troops are deployed, they stay,' Hegseth said."),
        ["If these troops are deployed, they stay,"]
    );
    assert_eq!(
        quotes("Macron told the summit: «Europe must be at the table»."),
        ["Europe must be at the table"]
    );
}

#[test]
fn unbalanced_mark_runs_to_paragraph_end_and_later_quotes_survive() {
    let t = "He said: ”“We have always been clear that Ukraine’s place is in Europe.”\nLater she said: “No.”";
    assert_eq!(
        quotes(t),
        [
            "We have always been clear that Ukraine’s place is in Europe.",
            "No."
        ]
    );
    let t =
        "Kowalski said: “We have heard many promises and we doubt them.\nThe vote is on Monday.";
    assert_eq!(
        quotes(t),
        ["We have heard many promises and we doubt them."]
    );
}

#[test]
fn quote_over_several_paragraphs_is_one_piece_per_paragraph_with_one_speaker() {
    let t = "Speaking in Rome, Jan Kowalski said: “We have heard many promises.\n“We will judge the deal by what happens on the ground.\n“Until then, our forces stay.”\nThe talks resume on Monday.";
    let a = analyze(t);
    let got: Vec<(&str, Option<&str>)> = a
        .quotes
        .iter()
        .map(|q| {
            (
                q.text.as_str(),
                q.speaker.as_ref().and_then(|s| s.name.as_deref()),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("We have heard many promises.", Some("Jan Kowalski")),
            (
                "We will judge the deal by what happens on the ground.",
                Some("Jan Kowalski")
            ),
            ("Until then, our forces stay.", Some("Jan Kowalski")),
        ]
    );
}

#[test]
fn quote_split_by_its_attribution_gives_two_quotes_one_speaker() {
    let t = "Anna Nowak spoke first. “We will,” she said, “end it.”";
    let a = analyze(t);
    assert_eq!(a.quotes.len(), 2);
    assert!(
        a.quotes
            .iter()
            .all(|q| q.speaker.as_ref().and_then(|s| s.name.as_deref()) == Some("Anna Nowak")),
        "{:?}",
        a.quotes
    );
}

#[test]
fn colon_introduction_and_speaker_before_the_quote() {
    assert_eq!(speaker("Posting on his social media account, Trump said: “We talked for a long time about peace.”", "We talked").as_deref(), Some("Trump"));
    assert_eq!(
        speaker(
            "Hegseth told the meeting: “Europe must lead.”",
            "Europe must"
        )
        .as_deref(),
        Some("Hegseth")
    );
}

#[test]
fn partial_quotes_inside_reported_speech() {
    let t = "Pete Hegseth, the defence secretary, arrived late. He called a return to the old borders “an unrealistic objective” and said talks would begin “immediately”.";
    let a = analyze(t);
    for q in &a.quotes {
        assert_eq!(q.kind, QuoteKind::Partial, "{q:?}");
        assert_eq!(
            q.speaker.as_ref().and_then(|s| s.name.as_deref()),
            Some("Pete Hegseth"),
            "{q:?}"
        );
    }
    assert_eq!(a.quotes.len(), 2);
}

#[test]
fn nested_quotes_stay_in_the_outer_quote() {
    let t = "“He even used my motto, “COMMON SENSE,” and we agreed,” Trump wrote.";
    assert_eq!(
        quotes(t),
        ["He even used my motto, “COMMON SENSE,” and we agreed,"]
    );
}

#[test]
fn scraped_text_without_spaces_after_full_stops() {
    let t = "The group meets monthly.'If troops are deployed, they must be European,' Hegseth said.'We agree,' Healey said.";
    let a = analyze(t);
    let got: Vec<(&str, &str)> = a
        .quotes
        .iter()
        .map(|q| {
            (
                q.text.as_str(),
                q.speaker
                    .as_ref()
                    .and_then(|s| s.name.as_deref())
                    .unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("If troops are deployed, they must be European,", "Hegseth"),
            ("We agree,", "Healey")
        ]
    );
}

#[test]
fn speaker_named_after_the_quote_in_either_order() {
    assert_eq!(
        speaker(
            "“We will not retreat,” said Ukrainian Foreign Minister Andrii Sybiha.",
            "We will"
        )
        .as_deref(),
        Some("Andrii Sybiha")
    );
    assert_eq!(
        speaker(
            "“We will not retreat,” Kremlin spokesman Dmitry Peskov said.",
            "We will"
        )
        .as_deref(),
        Some("Dmitry Peskov")
    );
    assert_eq!(
        speaker(
            "“We will not retreat,” Dmitry Peskov, the Kremlin spokesman, told reporters.",
            "We will"
        )
        .as_deref(),
        Some("Dmitry Peskov")
    );
}

#[test]
fn pronoun_speakers_resolve_to_the_person_meant() {
    let t = "Karoline Leavitt briefed reporters on Monday.\n“The call went well,” she said.";
    assert_eq!(speaker(t, "The call").as_deref(), Some("Karoline Leavitt"));
    let t = "Marco Rubio met Karoline Leavitt.\n“We are close,” he said.";
    assert_eq!(speaker(t, "We are").as_deref(), Some("Marco Rubio"));
}

#[test]
fn role_phrases_resolve_through_the_article_and_the_knowledge() {
    let t = "Donald Trump spoke to Vladimir Putin for 90 minutes. The US president said talks would begin “immediately” after the call with his Russian counterpart.\n“We are ready,” the Russian leader said.";
    assert_eq!(speaker(t, "immediately").as_deref(), Some("Donald Trump"));
    assert_eq!(
        speaker(t, "We are ready").as_deref(),
        Some("Vladimir Putin")
    );
    // no name in the article: the office-holder list answers
    assert_eq!(
        speaker(
            "“The meeting was useful,” the Kremlin spokesman said.",
            "The meeting"
        )
        .as_deref(),
        Some("Dmitry Peskov")
    );
}

#[test]
fn unknown_person_after_a_country_word_is_a_person_of_that_country() {
    let t = "“The corridor will stay open,” Moldovan Foreign Minister Ana Ursu said on Monday.";
    assert_eq!(speaker(t, "The corridor").as_deref(), Some("Ana Ursu"));
    let a = analyze(t);
    let ursu = a
        .actors
        .iter()
        .find(|x| x.name == "Ana Ursu")
        .expect("a person actor");
    assert_eq!(ursu.affiliation.as_deref(), Some("Moldova"));
    // an institution after the country word is no person: it speaks for the country
    let a = analyze("“The corridor will stay open,” the Moldovan Foreign Ministry said.");
    let speaker_actor = a.quotes[0].speaker.as_ref().and_then(|s| s.actor.clone());
    let actor = a
        .actors
        .iter()
        .find(|x| Some(&x.id) == speaker_actor.as_ref())
        .expect("the speaker is an actor");
    assert_ne!(actor.kind, attache_core::analysis::ActorKind::Person);
    assert_eq!(actor.affiliation.as_deref(), Some("Moldova"));
}

#[test]
fn unknown_titled_person_after_a_demonym_is_found_without_a_quote() {
    let a = analyze("Moldovan President Ana Ursu met the envoys in Chisinau on Monday.");
    let ursu = a
        .actors
        .iter()
        .find(|x| x.name == "Ana Ursu")
        .unwrap_or_else(|| panic!("no Ana Ursu in {:?}", a.actors));
    assert_eq!(ursu.affiliation.as_deref(), Some("Moldova"));
    assert_eq!(ursu.role.as_deref(), Some("president"));
}

#[test]
fn according_to_and_institutions_as_speakers() {
    assert_eq!(
        speaker(
            "According to Lavrov, “the door remains open to talks.”",
            "the door"
        )
        .as_deref(),
        Some("Lavrov")
    );
    assert_eq!(
        speaker(
            "The Kremlin said any deal had to be “fair to all sides”.",
            "fair"
        )
        .as_deref(),
        Some("Kremlin")
    );
    let a = analyze("The Kremlin said any deal had to be “fair to all sides”.");
    let kremlin = a
        .actors
        .iter()
        .find(|x| x.name == "Kremlin")
        .expect("Kremlin actor");
    assert_eq!(kremlin.affiliation.as_deref(), Some("Russia"));
}

#[test]
fn unlisted_nouns_after_a_determiner_speak_as_themselves() {
    assert_eq!(
        speaker(
            "As the ferry docked, the harbourmaster said, “Nobody sails until the mines are cleared.”",
            "Nobody"
        )
        .as_deref(),
        Some("the harbourmaster")
    );
    assert_eq!(
        speaker(
            "“We hear the guns every night,” my neighbour often said.",
            "We hear"
        )
        .as_deref(),
        Some("my neighbour")
    );
    // the object of a preposition is not the speaker: the subject before it is
    assert_eq!(
        speaker(
            "Minister Ilse Varga said in a video posted on Friday that “the corridor stays open.”",
            "the corridor"
        )
        .as_deref(),
        Some("Ilse Varga")
    );
}

#[test]
fn titles_names_and_scare_quotes_are_not_quotes() {
    assert!(quotes("The so-called “coalition of the willing” met in London on Sunday.").is_empty());
    assert!(quotes("She appeared on “Face the Nation” on Sunday.").is_empty());
    assert!(
        quotes("The talks, dubbed the “Valletta track” by officials, resume on Monday.").is_empty()
    );
    assert!(quotes("The bookshop put “The Art Of The Long Ceasefire” in its window.").is_empty());
    assert_eq!(
        quotes("“We Will Never Give Up Our Land,” the minister said.").len(),
        1,
        "a title-case quote followed by a speech verb is still speech"
    );
}

#[test]
fn unattributed_long_quote_is_kept_without_speaker() {
    let a = analyze(
        "The statement ended there.\n\n“No agreement can be reached while strikes on ports continue and shipping stays closed.”",
    );
    assert_eq!(a.quotes.len(), 1);
    assert!(a.quotes[0].speaker.is_none());
}

#[test]
fn actors_carry_role_affiliation_and_every_mention() {
    let t = "The apparent breakthrough came after Pete Hegseth, America’s new defence secretary, spoke. Hegseth said Nato membership was off the table. Moscow welcomed this, and the Kremlin said so.";
    let a = analyze(t);
    let h = a
        .actors
        .iter()
        .find(|x| x.name == "Pete Hegseth")
        .expect("Hegseth");
    assert_eq!(h.role.as_deref(), Some("defence secretary"));
    assert_eq!(h.affiliation.as_deref(), Some("United States"));
    assert_eq!(h.mentions.len(), 2);
    let russia = a
        .actors
        .iter()
        .find(|x| x.name == "Russia")
        .expect("Moscow resolves to Russia");
    assert_eq!(russia.mentions.len(), 1);
}

#[test]
fn spellings_of_one_person_are_one_actor() {
    let a = analyze(
        "Volodymyr Zelenskyy spoke in Kyiv. Later Zelensky said he was ready. Zelenskiy left for Kiev.",
    );
    let z: Vec<_> = a
        .actors
        .iter()
        .filter(|x| x.name.starts_with("Volodymyr"))
        .collect();
    assert_eq!(z.len(), 1, "{:?}", a.actors);
    assert_eq!(z[0].mentions.len(), 3);
    let ukraine = a
        .actors
        .iter()
        .find(|x| x.name == "Ukraine")
        .expect("Ukraine");
    assert_eq!(ukraine.mentions.len(), 2, "Kyiv and Kiev");
}

#[test]
fn offsets_are_character_offsets() {
    let t = "Zelenskyy’s aide — «Ça va», said Olena Petrenko. “Ще не вмерла,” she added.";
    let a = analyze(t);
    let chars: Vec<char> = t.chars().collect();
    assert!(!a.quotes.is_empty());
    for q in &a.quotes {
        let s: String = chars[q.start..q.end].iter().collect();
        assert_eq!(s, q.text);
        if let Some(sp) = &q.speaker {
            assert!(sp.mention.end <= chars.len());
        }
    }
}

#[test]
fn html_input_drops_boilerplate() {
    let html = "<html><body><nav>Home</nav><p>&ldquo;We are ready,&rdquo; Merz said.</p><footer>Contact us</footer></body></html>";
    let article = input::read_article(Some("a.html"), html.as_bytes()).unwrap();
    assert_eq!(article.text, "“We are ready,” Merz said.");
    assert_eq!(speaker(&article.text, "We are").as_deref(), Some("Merz"));
}

#[test]
fn empty_text_has_nothing() {
    let a = analyze("");
    assert!(a.actors.is_empty() && a.quotes.is_empty());
    assert_eq!(a.chars, 0);
}

#[test]
fn actor_keys_are_distinct_and_stable_across_spellings() {
    let a = analyze(
        "The Kremlin and the White House spoke. President Putin agreed, and Zelenskiy said no.",
    );
    let mut keys: Vec<&str> = a.actors.iter().map(|x| x.key.as_str()).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "org:kremlin",
            "org:white-house",
            "person:vladimir-putin",
            "person:volodymyr-zelensky"
        ]
    );
    let b = analyze("Volodymyr Zelenskyy spoke.");
    assert_eq!(b.actors[0].key, "person:volodymyr-zelensky");
}

#[test]
fn the_subject_of_a_cue_in_ing_after_a_preposition_speaks_not_its_object() {
    let t = "Transport Minister Ada Okafor thanked the delegates before asking them, “Where do we go from here?”";
    assert_eq!(speaker(t, "Where do").as_deref(), Some("Ada Okafor"));
    let t =
        "Minister Lena Vos then appeared on television and began by saying she would “never” sign.";
    assert_eq!(speaker(t, "never").as_deref(), Some("Lena Vos"));
}

#[test]
fn a_cue_coordinated_with_an_earlier_verb_belongs_to_the_sentence_subject() {
    let t = "Foreign Minister Anna Lind opened a forum hosted by the Harbour Council and said \
             her plan had one aim: “A port that works for everyone.”";
    assert_eq!(speaker(t, "A port").as_deref(), Some("Anna Lind"));
}

#[test]
fn a_name_after_the_quote_keeps_its_cue_across_several_appositions() {
    let t = "“It is an invasion of our domain,” Marta Keel, the attorney general of Northland, \
             one of the states suing the agency, said on Monday.";
    assert_eq!(speaker(t, "It is an").as_deref(), Some("Marta Keel"));
    // the same with no list knowing the name, and a long apposition
    let t = "“We were not consulted,” Tomas Ferreira, the director of a harbour workers' \
             association who has followed the talks from the start, told reporters.";
    assert_eq!(speaker(t, "We were").as_deref(), Some("Tomas Ferreira"));
}

#[test]
fn an_unlisted_name_opening_the_sentence_is_its_subject() {
    let t = "The plan's fiercest critic is Okafor, who leads the dock union. In recent weeks, \
             Okafor has attacked the plan as a “giveaway to the few” and a “mistake.”";
    assert_eq!(speaker(t, "giveaway").as_deref(), Some("Okafor"));
    // a word capitalised only for opening its sentence is no name
    let t = "The union met on Monday. Pressure has grown on the plan, “a giveaway to the few that \
             the city will regret.”";
    assert_eq!(speaker(t, "a giveaway"), None);
}

#[test]
fn headline_quotes_in_single_marks_give_way_to_the_body() {
    let t = "Vos calls the harbour deal ‘a betrayal of workers’\n\
             Lena Vos, the transport minister, criticised the deal on Monday.\n\
             “This deal is a betrayal of workers and of the city,” Vos said.";
    assert_eq!(
        quotes(t),
        ["This deal is a betrayal of workers and of the city,"]
    );
    // a lone single-marked quote in a first paragraph is kept where the body has no double marks
    let t = "‘We will sign,’ Vos said on Monday.\nThe ministry confirmed the date.";
    assert_eq!(quotes(t), ["We will sign,"]);
}

#[test]
fn a_title_in_quotes_lends_no_speaker_to_the_next_paragraph() {
    let t = "Minister Lena Vos met the dock workers.\n\
             Vos played “Harbour Lights” at the opening of the terminal.\n\
             “We will decide in May whether the port closes at night.”";
    assert_eq!(
        quotes(t),
        ["We will decide in May whether the port closes at night."]
    );
    assert_eq!(speaker(t, "We will decide"), None);
}

#[test]
fn after_the_quote_an_ing_cue_behind_a_preposition_belongs_to_the_subject() {
    let t = "Minister Lena Vos met the dock workers on Monday.\n\
             “Keep your hands where we can see them,” Vos sings to the crowd before asking them, \
             “Where do we go from here?”";
    assert_eq!(speaker(t, "Keep your").as_deref(), Some("Lena Vos"));
    assert_eq!(speaker(t, "Where do").as_deref(), Some("Lena Vos"));
}

#[test]
fn a_long_opening_phrase_does_not_hide_the_subject_of_a_colon_introduction() {
    let t = "With union leaders increasingly worried about a lack of support for Minister Lena Vos \
             among young dock workers, Mayor Jo Kim is trying a more personal message: \
             “It is about our city.”";
    assert_eq!(speaker(t, "It is about").as_deref(), Some("Jo Kim"));
}

#[test]
fn the_possessor_of_a_claim_or_statement_is_its_speaker() {
    let t = "Minister Lena Vos opened the terminal. Analysts questioned Vos's claim that the \
             port made “record profits last year.”";
    assert_eq!(speaker(t, "record profits").as_deref(), Some("Lena Vos"));
}

#[test]
fn a_title_after_a_possessive_preposition_or_article_is_a_name_even_with_a_cue() {
    let t = "Vos told Harbour TV's “Morning Tide” that the deal was “a disgrace to the port and \
             its workers.”";
    assert_eq!(quotes(t), ["a disgrace to the port and its workers."]);
    let t = "“We will not sign,” Vos said on “Harbour Hour.”";
    assert_eq!(quotes(t), ["We will not sign,"]);
}

#[test]
fn a_transcript_label_in_capitals_names_the_speaker() {
    let t = "Minister Lena Vos spoke to the host, Tom Reyes.\n\
             \"REYES: Will the port close at night?\n\
             \"VOS: Not while I am minister, and not next year either.";
    assert_eq!(speaker(t, "VOS: Not").as_deref(), Some("Lena Vos"));
    assert_eq!(speaker(t, "REYES: Will").as_deref(), Some("Tom Reyes"));
}

#[test]
fn a_gendered_title_picks_the_namesake_of_that_gender() {
    let t = "John Vos spoke first. Mary Vos spoke later. Mr. Vos said: “We will sign.”";
    assert_eq!(speaker(t, "We will sign").as_deref(), Some("John Vos"));
    let t = "Mary Vos spoke first. John Vos spoke later. Mrs. Vos said: “We will sign.”";
    assert_eq!(speaker(t, "We will sign").as_deref(), Some("Mary Vos"));
}

#[test]
fn a_plural_noun_like_claims_is_no_cue() {
    let t =
        "Portwatch rated a third of Harbour claims as “false or misleading in every single case.”";
    let a = analyze(t);
    let q = &a.quotes[0];
    assert_ne!(
        q.speaker.as_ref().and_then(|s| s.name.as_deref()),
        Some("Harbour")
    );
    assert_ne!(
        q.cue.as_ref().map(|c| c.text.as_str()),
        Some("claims"),
        "{q:?}"
    );
}

#[test]
fn likening_and_deriding_quote_the_subject() {
    let t = "Minister Lena Vos likened the plan to a “slow-motion sell-off.”";
    assert_eq!(speaker(t, "slow-motion").as_deref(), Some("Lena Vos"));
    let t = "Minister Lena Vos derided the plan as “a gift to the few.”";
    assert_eq!(speaker(t, "a gift").as_deref(), Some("Lena Vos"));
}

#[test]
fn a_decimal_number_does_not_end_the_sentence() {
    let t = "Minister Lena Vos praised the budget, pointing to a $1.2 billion dredging plan \
             and 5.5% more spending as “a model for every port.”";
    assert_eq!(speaker(t, "a model").as_deref(), Some("Lena Vos"));
}

#[test]
fn a_quote_without_a_cue_goes_to_the_subject_of_its_own_clause() {
    let t = "Both leaders discussed the Ukraine conflict, as Minister Lena Vos thanked the mayor \
             for his efforts to “end the strike and reopen the port.”";
    assert_eq!(speaker(t, "end the strike").as_deref(), Some("Lena Vos"));
}

#[test]
fn of_equally_full_spellings_the_knowledge_name_wins() {
    let t = "Rustem Umyerov (photo: ministry)\n\
             “We agreed on an exchange,” Defence Minister Rustem Umerov said.";
    assert_eq!(speaker(t, "We agreed").as_deref(), Some("Rustem Umerov"));
}

#[test]
fn a_short_sentence_quoted_after_an_attributed_one_goes_on_with_that_speech() {
    let t = "“We will,” the mayor said, smiling. “We must.”\n\n\
             “It is over,” Hana Novak said of the strike, which she was sure would end. \
             “In my view, anyway.”";
    assert_eq!(speaker(t, "We must."), Some("the mayor".into()));
    assert_eq!(speaker(t, "In my view"), Some("Hana Novak".into()));
    // a short title-case name with no speech before it is still no quote
    assert_eq!(
        quotes("Fans sang along to “Paper Moon.”"),
        Vec::<String>::new()
    );
}

#[test]
fn sources_after_according_to_per_and_as_it_put_it() {
    let t = "Proxy votes are barred “to fill a vacancy on the ticket,” according to the party’s bylaws.";
    assert_eq!(speaker(t, "to fill"), Some("the party’s bylaws".into()));
    let t = "Proxy votes are barred “to fill a vacancy on the ticket,” per the party’s bylaws.";
    assert_eq!(speaker(t, "to fill"), Some("the party’s bylaws".into()));
    let t = "The test is a “lawful source of income,” as a ministry memo put it.";
    assert_eq!(speaker(t, "lawful"), Some("a ministry memo".into()));
    let t = "He is, as the Harbour Gazette put it in a long profile, “the operator of the port.”";
    assert_eq!(speaker(t, "the operator"), Some("Harbour Gazette".into()));
    // "per cent" is no source
    let t =
        "Prices rose 3 per cent, “well above anything we planned for this year,” per cent of them.";
    assert_eq!(speaker(t, "well above"), None);
}

#[test]
fn described_speakers_with_numbers_and_prepositional_phrases() {
    let t = "“You work hard. Why not him?” a narrator in the new ad asks.";
    assert_eq!(
        speaker(t, "You work"),
        Some("a narrator in the new ad".into())
    );
    let t = "Pressed on it, the mother of three replied, “It is meant for every parent.”";
    assert_eq!(
        speaker(t, "It is meant"),
        Some("the mother of three".into())
    );
    let t = "However, 63 percent said Novak was “justified” in keeping it private.";
    assert_eq!(speaker(t, "justified"), Some("63 percent".into()));
    // the object of a preposition alone is still no subject
    let t = "In a video posted on Monday, Berg said the port was “open for business.”";
    assert_eq!(speaker(t, "open for"), Some("Berg".into()));
}

#[test]
fn a_relative_pronoun_speaks_for_its_antecedent() {
    let t = "Berg, now the majority leader, who in 2010 said the goal was to make Novak a “one-term mayor.”";
    assert_eq!(speaker(t, "one-term"), Some("Berg".into()));
    let t = "They turned to the city police department, which reported “2,521 shooting incidents” in the year.";
    assert_eq!(
        speaker(t, "2,521"),
        Some("the city police department".into())
    );
    let t = "The gala featured Ana Lind and Tomas Berg, who joked of the hall, “I have never seen it so full.”";
    assert_eq!(speaker(t, "I have never"), Some("Tomas Berg".into()));
    // the addressee's own clause: the speaker is the one who told
    let t = "Later Marc Morial forcefully told a young woman who suggested that some may not vote that “this is not the first generation to be frustrated.”";
    assert_eq!(speaker(t, "this is not"), Some("Marc Morial".into()));
    // the mention is the pronoun itself
    assert_eq!(
        first_mention("Berg, who said the plan was “dead on arrival,” left early."),
        "who"
    );
}

#[test]
fn a_cue_in_a_clause_of_its_own_or_before_a_claim_is_not_the_claimants() {
    // the trailing "though she noted" reports other words
    let t = "Lind said she talks about it because “you talk about what is in front of you,” \
             though Berg noted she has also pushed other cases.";
    assert_eq!(speaker(t, "you talk"), Some("Lind".into()));
    // the possessor of remarks that are the object of "called" is not the speaker
    let t = "Moore, an adviser to the campaign, called Mr. Novak's remarks “a true wake-up call” to voters.";
    assert_eq!(speaker(t, "a true"), Some("Moore".into()));
    let t = "Berg's claim that there were “thousands of votes” went unchallenged.";
    assert_eq!(speaker(t, "thousands"), Some("Berg".into()));
}

#[test]
fn a_participle_opening_the_sentence_belongs_to_the_subject_after_it() {
    // the subject, not the possessive inside the participle's clause
    let t = "Mayor Hana Novak met Tomas Berg on Monday. After saying his left knee was “so swollen \
             he could barely walk,” Novak was “rushed off to the clinic” for tests.";
    assert_eq!(speaker(t, "so swollen"), Some("Hana Novak".into()));
    assert_eq!(speaker(t, "rushed off"), Some("Hana Novak".into()));
    assert_eq!(
        first_mention(t),
        "Novak",
        "the mention is the subject after the phrase"
    );
}

#[test]
fn a_described_subject_opening_the_clause_speaks_before_a_name_after_it() {
    let t = "In August, several environmental groups granted Mr. Berg an extension on a court \
             order, saying his “start-up capital was less than expected.”";
    assert_eq!(
        speaker(t, "start-up"),
        Some("several environmental groups".into())
    );
}

#[test]
fn a_document_issued_speaks_for_its_issuer() {
    let t = "After a short meeting, the Harbour Council issued a statement calling the strike \
             “a clear violation” of the agreement.";
    assert_eq!(speaker(t, "a clear"), Some("Harbour Council".into()));
    // a document as the subject still speaks itself
    let t = "A statement from the port said the strike was “a clear violation.”";
    assert_eq!(
        speaker(t, "a clear"),
        Some("A statement from the port".into())
    );
}

#[test]
fn a_passive_cue_names_its_agent_or_nobody() {
    let t =
        "When the fact-checkers examined the senator's statement, it was labeled “Mostly True.”";
    assert_eq!(speaker(t, "Mostly"), None);
    let t = "The plan was widely described by Hana Novak as “a farce from start to finish.”";
    assert_eq!(speaker(t, "a farce"), Some("Hana Novak".into()));
    // the active voice is unchanged
    let t = "Hana Novak described the plan as “a farce from start to finish.”";
    assert_eq!(speaker(t, "a farce"), Some("Hana Novak".into()));
}

#[test]
fn according_to_later_in_the_sentence_and_a_name_after_a_role() {
    let t = "Pressure is building on Lind, who was greeted with chants of “Bobby!” at a labor \
             conference last month, according to union president Doris Crouse.";
    assert_eq!(speaker(t, "Bobby"), Some("Doris Crouse".into()));
    let t = "The talks were “going nowhere,” said port spokesman Ole Brandt.";
    assert_eq!(speaker(t, "going nowhere"), Some("Ole Brandt".into()));
}

#[test]
fn auxiliaries_and_adverbs_stand_between_a_subject_and_its_verb() {
    // a described subject before "also …"; the mention is the phrase, not "his"
    let t = "Hana Novak toured the docks. The harbour chief also outlined his plan and vowed to \
             punish “those who break the rules.”";
    assert_eq!(first_mention(t), "The harbour chief");
    // an adverb in -ly before the cue
    let t = "Hana Novak boldly suggested that Berg “does not want the port to know.”";
    assert_eq!(speaker(t, "does not"), Some("Hana Novak".into()));
    // a noun in -ly is still a subject
    let t = "The family said the port was “a place of work, not a museum.”";
    assert_eq!(speaker(t, "a place"), Some("The family".into()));
}

#[test]
fn a_cue_that_introduces_the_next_quote_does_not_close_the_last() {
    let t = "Lind says Berg stands for the “same old system he claims to fight.” Novak adds, \
             “What kind of genius loses a port?”";
    let a = analyze(t);
    let first = &a.quotes[0];
    assert_eq!(first.cue.as_ref().map(|c| c.text.as_str()), Some("says"));
    assert_eq!(speaker(t, "What kind"), Some("Novak".into()));
    // "…,” Novak said." after a full stop still closes the quote before it
    let t = "“We will end it.” Novak said. The talks resume on Monday.";
    assert_eq!(speaker(t, "We will"), Some("Novak".into()));
}

#[test]
fn a_closing_attribution_may_trail_a_participle() {
    let t = "“This is not right,” Lind said. “You squeezed the dockers to breaking point” to \
             lift the share price, Novak said, referencing the bank’s sales drive.";
    assert_eq!(speaker(t, "You squeezed"), Some("Novak".into()));
}

#[test]
fn an_elided_year_hides_no_quote_after_it() {
    let t = "In the early '80s, Novak worked at a law firm. She said she recalls a colleague \
             being \"confused,\" and later told the client: \"You have to look at her, she is the \
             one who knows the answer.\"";
    let q = quotes(t);
    assert!(q.iter().any(|q| q.starts_with("You have to look")), "{q:?}");
    // an agency-style single quote still closes and is read
    let t = "'We will stay in the talks,' Novak said in the early '80s.";
    assert_eq!(quotes(t), ["We will stay in the talks,"]);
}

#[test]
fn asserted_and_chanted_are_cues_but_without_saying_is_none() {
    let t =
        "Hana Novak also asserted she could speak directly to “every docker in the city” about it.";
    assert_eq!(speaker(t, "every docker"), Some("Hana Novak".into()));
    let t = "The crowd chanted “No deal without us!” outside the hall.";
    assert_eq!(speaker(t, "No deal"), Some("The crowd".into()));
    // an idiom, and a phrase after "through" that is no subject
    let t = "It goes without saying that the unions long dreamed of a “Grand Bargain.”";
    assert!(quotes(t).is_empty(), "{:?}", quotes(t));
    let t = "Dockers marching through the streets chanted “What curfew?” until dawn.";
    assert_eq!(
        speaker(t, "What curfew"),
        Some("Dockers marching through the streets".into())
    );
}

#[test]
fn a_rating_is_speech_and_a_statement_by_someone_is_theirs() {
    let t = "The Harbour Monitor rated 32% of union claims as “false” last year.";
    assert_eq!(speaker(t, "false"), Some("Harbour Monitor".into()));
    let t = "Here is how the Harbour Monitor rated this statement by Hana Novak on June 11:\n\n\
             “If you look at the port, half the cranes stand idle every single day.”";
    assert_eq!(speaker(t, "If you look"), Some("Hana Novak".into()));
    let t = "A statement by Hana Novak on Monday read: “The port stays open to every ship.”";
    assert_eq!(speaker(t, "The port stays"), Some("Hana Novak".into()));
}

#[test]
fn a_quote_coordinated_with_a_kept_one_is_kept_and_call_them_is_a_cue() {
    let t = "In recent weeks, Novak has gone after Berg as a “human leech who will bleed the port” \
             and a “spoiled brat.”";
    assert_eq!(speaker(t, "spoiled brat"), Some("Novak".into()));
    let t =
        "When strikers are arrested, Novak and Lind call them “lone wolves” in every interview.";
    assert_eq!(speaker(t, "lone wolves"), Some("Lind".into()));
    // a phone call is no cue
    let t = "After a 90-minute phone call, the talks would start “immediately,” Novak said.";
    assert_eq!(speaker(t, "immediately"), Some("Novak".into()));
}

#[test]
fn a_hyphenated_title_after_an_article_is_a_name() {
    let t = "He cited criticism of the host, who took heat during a “Commander-In-Chief” forum.";
    assert!(quotes(t).is_empty(), "{:?}", quotes(t));
    // a hyphenated word in speech is still speech
    let t = "“It was a slow-motion sell-off,” Novak said.";
    assert_eq!(quotes(t), ["It was a slow-motion sell-off,"]);
}

#[test]
fn decomposed_accents_and_mojibake_stay_inside_names() {
    // "Renée" written e + U+0301, as decomposed (NFD) text has it
    let t = "“We will stay in the talks,” Foreign Minister Rene\u{301}e Lind said on Friday.";
    assert_eq!(speaker(t, "We will"), Some("Rene\u{301}e Lind".into()));
    // UTF-8 read as Latin-1, with the Ã decomposed too
    let t = "“Europe must be able to defend itself,” French President FranA\u{303}\u{83}A\u{302}\u{a7}ois \
             Dupont said Friday as he entered the talks.";
    assert_eq!(
        speaker(t, "Europe must"),
        Some("FranA\u{303}\u{83}A\u{302}\u{a7}ois Dupont".into())
    );
}

#[test]
fn labels_typed_words_and_a_person_who_spoke_just_before() {
    let t = "On her discharge papers, in a box labeled “medical problem,” a doctor had typed \
             “acute exhaustion.”";
    assert_eq!(speaker(t, "medical problem"), None);
    assert_eq!(speaker(t, "acute exhaustion"), Some("a doctor".into()));
    // no cue in the sentence before, but a person as its subject
    let t = "On “Harbour Hour,” Mayor Hana Novak, who lost the vote to Berg, named the strike as \
             one reason for the delay. “The younger dockers are tired of waiting for anyone.”";
    assert_eq!(speaker(t, "The younger"), Some("Hana Novak".into()));
    // a thing as that subject speaks for no quote
    let t = "The ship sank in the harbour in 1912. “It was the worst night of our lives.”";
    assert_eq!(speaker(t, "It was the worst"), None);
}

#[test]
fn a_nickname_in_marks_is_part_of_a_name() {
    let t = "“This is a big year for our city,” state Del. Marcia “Cia” Price (D-Newport News) \
             said to the crowd.";
    let q = quotes(t);
    assert_eq!(
        q,
        ["This is a big year for our city,"],
        "the nickname is no quote"
    );
    assert_eq!(
        speaker(t, "This is a big"),
        Some("Marcia “Cia” Price".into())
    );
}

#[test]
fn a_pronoun_looks_back_past_advertisement_and_also_read_lines() {
    let t = "Mayor Tomas Berg spoke at the harbour forum on Friday.\n\n\
             Advertisement\n\n\
             Berg quickly turned to the strike.\n\n\
             “We can come to a settlement,” he said.\n\n\
             Also read: Dockers vote on new contract\n\n\
             Advertisement\n\n\
             He then shifted his attention to the port.\n\n\
             “The threat I worry about most is not the strike,” he said.";
    assert_eq!(speaker(t, "The threat"), Some("Tomas Berg".into()));
}

#[test]
fn the_official_is_the_person_just_mentioned() {
    let t = "“We talked about an exchange of prisoners,” said Rustem Koval.\n\n\
             The official also promised to “soon announce” the agenda of the next round.";
    assert_eq!(speaker(t, "soon announce"), Some("Rustem Koval".into()));
    // "a senior official" stays unnamed
    let t = "Rustem Koval left early. A senior official said the talks would “go on for weeks.”";
    assert_eq!(speaker(t, "go on for"), Some("A senior official".into()));
}

#[test]
fn an_unnamed_role_holder_is_the_one_named_with_the_role_just_after() {
    let t = "The harbour board sees the deal as a “positive thing”, a board spokesman said on \
             Monday.\n“We welcome any effort that involves both sides,” said deputy spokesman Ana \
             Lind after the call.";
    assert_eq!(speaker(t, "positive thing"), Some("Ana Lind".into()));
    // no one named with the role: the phrase stays
    let t = "The deal is a “positive thing”, a board spokesman said on Monday.";
    assert_eq!(
        speaker(t, "positive thing"),
        Some("a board spokesman".into())
    );
}

#[test]
fn a_social_media_plug_in_a_block_quote_is_no_speech() {
    let t = "Partial transcript as follows:\n\n\"BERG: We will not sign.\n\n\"Follow Ana Lind on Twitter @analind.\"";
    let q = quotes(t);
    assert!(q.iter().all(|q| !q.starts_with("Follow")), "{q:?}");
    assert!(q.iter().any(|q| q.contains("We will not sign")), "{q:?}");
}

#[test]
fn a_closing_attribution_covers_earlier_cueless_quotes_in_its_sentence() {
    let t = "Novak has “heaped praise” on Berg since the vote in the hope he would \
             “back away from the strike,” the Harbour Gazette reported.";
    assert_eq!(speaker(t, "heaped praise"), Some("Harbour Gazette".into()));
    // a quote with its own cue keeps it
    let t = "Novak said the talks were “going well” and Berg would “back away from the strike,” \
             the Harbour Gazette reported.";
    assert_eq!(speaker(t, "going well"), Some("Novak".into()));
}

#[test]
fn marks_across_a_paragraph_break_make_no_nickname() {
    // the property test's case: no panic, every span in bounds
    let t = "B‘Mr. \n“Mr. ";
    let a = analyze(t);
    for actor in &a.actors {
        for m in &actor.mentions {
            assert!(m.end <= t.chars().count());
        }
    }
}

/// The bundled knowledge plus a knowledge folder whose `lexicon/mine.txt` is `src`.
fn knowledge_with_lexicon(
    src: &str,
) -> Result<attache_core::knowledge::Knowledge, attache_core::knowledge::KnowledgeError> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("lexicon")).unwrap();
    std::fs::write(dir.path().join("lexicon/mine.txt"), src).unwrap();
    attache_core::knowledge::Knowledge::bundled_and_dir(dir.path())
}

#[test]
fn a_knowledge_lexicon_folder_adds_a_cue_verb_and_removes_one() {
    let text = "“We will not move,” harrumphed Ada Okafor. “Nor will we,” said Ben Tull.";
    // (cue, speaker) of the quote that starts so, if it is kept
    let cue_of = |a: &Analysis, start: &str| {
        a.quotes
            .iter()
            .find(|q| q.text.starts_with(start))
            .map(|q| {
                (
                    q.cue.as_ref().map(|c| c.text.clone()),
                    q.speaker.as_ref().and_then(|s| s.name.clone()),
                )
            })
    };
    let plain = analyze(text);
    let harrumphed = Some((Some("harrumphed".into()), Some("Ada Okafor".into())));
    assert_ne!(cue_of(&plain, "We"), harrumphed);
    assert_eq!(
        cue_of(&plain, "Nor"),
        Some((Some("said".into()), Some("Ben Tull".into())))
    );

    let k = knowledge_with_lexicon(
        "[cue-verbs]\nharrumphed\n!said  # not a cue here, to show removal\n",
    )
    .unwrap();
    let a = Analyzer::new(k).analyze(text);
    assert_eq!(cue_of(&a, "We"), harrumphed);
    assert!(
        cue_of(&a, "Nor").is_none_or(|(cue, _)| cue.as_deref() != Some("said")),
        "\"said\" is no cue once removed"
    );
}

#[test]
fn a_malformed_lexicon_file_is_an_error_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("lexicon")).unwrap();
    std::fs::write(
        dir.path().join("lexicon/bad.txt"),
        "[cue-verbs]\n[cue-verb]\n",
    )
    .unwrap();
    let Err(e) = attache_core::knowledge::Knowledge::bundled_and_dir(dir.path()) else {
        panic!("a malformed lexicon file was accepted");
    };
    assert!(
        e.0.contains("bad.txt:2: unknown word class [cue-verb]"),
        "{e}"
    );
}

/// People no knowledge file lists, named the way news introduces them.
#[test]
fn unknown_people_introduced_by_a_role_or_an_apposition() {
    // a role noun right before the name, or before its comma
    let t = "The bank's president Tobiah Quell was cautious. “It is important,” he said.";
    assert_eq!(speaker(t, "It is").as_deref(), Some("Tobiah Quell"));
    let t = "Vardia's water minister, Odrun Halse, arrived on Monday.\n\n“We are looking again at the numbers,” she said.";
    assert_eq!(speaker(t, "We are").as_deref(), Some("Odrun Halse"));
    // an apposition headed by a role or an occupation
    let t = "Odrun Halse, a farmer near Brel, watched the river. “It does not rain,” she said.";
    assert_eq!(speaker(t, "It does").as_deref(), Some("Odrun Halse"));
    let t = "Odrun Halse, the country's water minister, spoke first. “We will wait,” she said.";
    assert_eq!(speaker(t, "We will").as_deref(), Some("Odrun Halse"));
}

#[test]
fn a_comma_clause_after_a_capitalised_phrase_is_no_apposition() {
    // "the 1994 Grain Act, which prompted his wife …": not a person
    let t = "Tobiah Quell signed the 1994 Grain Act, which prompted his wife to speak. \
             “It was a mistake,” she said.";
    let a = analyze(t);
    assert!(
        a.actors.iter().all(|x| x.name != "Grain Act"),
        "{:?}",
        a.actors
    );
}

#[test]
fn a_role_is_read_from_an_apposition_with_a_possessor() {
    let a = analyze("Odrun Halse, the country's water minister, spoke first.");
    let p = a
        .actors
        .iter()
        .find(|x| x.name == "Odrun Halse")
        .expect("a person");
    assert_eq!(p.role.as_deref(), Some("water minister"));
    let a = analyze("In an interview with the state broadcaster, Tobiah Quell said he would wait.");
    let p = a
        .actors
        .iter()
        .find(|x| x.name == "Tobiah Quell")
        .expect("a person");
    assert_ne!(p.role.as_deref(), Some("the state broadcaster"));
}

/// Groups that speak as one, and "they" for them.
#[test]
fn collectives_speak_and_they_refers_to_the_nearest_group() {
    let t = "Nordic leaders met in Lisk on Monday. “The river belongs to all of us,” they said.";
    assert_eq!(speaker(t, "The river").as_deref(), Some("Nordic leaders"));
    let a = analyze("EU foreign ministers said the talks must go on.");
    let g = a
        .actors
        .iter()
        .find(|x| x.name == "EU foreign ministers")
        .expect("a group");
    assert_eq!(g.affiliation.as_deref(), Some("European Union"));
    // a quantifier or a lone plural is no group of its own
    let a = analyze("Top officials met. Officials said little.");
    assert!(
        a.actors.iter().all(|x| x.name != "Top officials"),
        "{:?}",
        a.actors
    );
}
