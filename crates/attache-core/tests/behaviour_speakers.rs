//! Behavioural suite for attribution: for each way news names the source of
//! a quote, made-up passages whose people no knowledge file lists, with the
//! speaker each quote should get. Each group reports its pass rate (`cargo
//! test --test behaviour_speakers -- --nocapture` prints them); the test
//! fails when the overall rate falls below the floor.

mod common;

use attache_core::Analyzer;
use std::sync::OnceLock;

/// The floor of the overall pass rate; raise it as rules improve.
const FLOOR: f64 = 0.90;

/// A passage and, for quotes that start with each prefix, the speaker's
/// name (`None`: a source the text does not name). No prefixes: the passage
/// holds no one's words, and no quote may be kept.
struct Case {
    text: &'static str,
    want: &'static [(&'static str, Option<&'static str>)],
}

const fn case(text: &'static str, want: &'static [(&'static str, Option<&'static str>)]) -> Case {
    Case { text, want }
}

fn passes(c: &Case) -> Result<(), String> {
    static A: OnceLock<Analyzer> = OnceLock::new();
    let a = A.get_or_init(Analyzer::default).analyze(c.text);
    if c.want.is_empty() && !a.quotes.is_empty() {
        return Err(format!("kept {:?}", a.quotes[0].text));
    }
    for (start, want) in c.want {
        let Some(q) = a.quotes.iter().find(|q| q.text.starts_with(start)) else {
            return Err(format!("no quote {start:?}"));
        };
        let got = q.speaker.as_ref().and_then(|s| s.name.as_deref());
        if got != *want {
            return Err(format!("{start:?}: got {got:?}, want {want:?}"));
        }
    }
    Ok(())
}

fn groups() -> Vec<(&'static str, Vec<Case>)> {
    vec![
        (
            "unknown people introduced by a role",
            vec![
                case(
                    "Vardian water minister Odrun Halse arrived on Monday. “We will wait,” Halse said.",
                    &[("We will", Some("Odrun Halse"))],
                ),
                case(
                    "“We will wait,” said Odrun Halse, Vardia's chief negotiator.",
                    &[("We will", Some("Odrun Halse"))],
                ),
                case(
                    "Odrun Halse, a farmer near Brel, watched the river. “It does not rain,” she said.",
                    &[("It does", Some("Odrun Halse"))],
                ),
                case(
                    "The bank's president, Tobiah Quell, was cautious. “It is a start,” he said.",
                    &[("It is", Some("Tobiah Quell"))],
                ),
            ],
        ),
        (
            "a question, then its asker and where",
            vec![
                case(
                    "Officials called it a sign of “stability”. “The alternative?” Halse asked at a press conference in Brel. “A trade war.”",
                    &[
                        ("The alternative", Some("Halse")),
                        ("A trade war", Some("Halse")),
                    ],
                ),
                case(
                    "“We will wait,” Odrun Halse said. “We are ready.” Tobiah Quell said in Brel that Vardia would respond.",
                    &[("We are", Some("Odrun Halse"))],
                ),
            ],
        ),
        (
            "roles resolved to the person the article names",
            vec![
                case(
                    "Vardian Foreign Minister Odrun Halse called for calm. “We will wait,” the diplomat said.",
                    &[("We will", Some("Odrun Halse"))],
                ),
                case(
                    "Odrun Halse spoke first. The agenda, according to a Vardian diplomat, was long. The diplomat said it was “a menu, not a meal”.",
                    &[("a menu", Some("a Vardian diplomat"))],
                ),
                case(
                    "Halse on the drought\n\nBREL — Odrun Halse has never been shy of a fight. “We will wait,” Halse told TBN.",
                    &[("We will", Some("Odrun Halse"))],
                ),
                case(
                    "Odrun Halse, Vardia's water minister, spoke first. “We will wait,” the minister said.",
                    &[("We will", Some("Odrun Halse"))],
                ),
                case(
                    "Vardian Prime Minister Tobiah Quell met the envoy. “It was useful,” the prime minister said.",
                    &[("It was", Some("Tobiah Quell"))],
                ),
                case(
                    "Tobiah Quell spoke after the talks. “It was useful,” the official said.",
                    &[("It was", Some("Tobiah Quell"))],
                ),
            ],
        ),
        (
            "pronouns with competing candidates",
            vec![
                case(
                    "Odrun Halse met Tobiah Quell on Monday. “We agreed on nothing,” she said.",
                    &[("We agreed", Some("Odrun Halse"))],
                ),
                case(
                    "Anna Marrow met Peter Vance on Monday. “We agreed on nothing,” he said.",
                    &[("We agreed", Some("Peter Vance"))],
                ),
                case(
                    "Peter Vance spoke first. Then Anna Marrow took the floor. “We are ready,” she said. “So are we,” he said.",
                    &[
                        ("We are", Some("Anna Marrow")),
                        ("So are", Some("Peter Vance")),
                    ],
                ),
            ],
        ),
        (
            "collectives",
            vec![
                case(
                    "Nordic leaders met in Lisk. “The river belongs to us all,” they said.",
                    &[("The river", Some("Nordic leaders"))],
                ),
                case(
                    "Vardia’s top negotiators set out a common position. Leaders Anna Marrow, Tobiah Quell and Odrun Halse welcomed the steps. “The river belongs to us all,” they said.",
                    &[("The river", Some("Vardia’s top negotiators"))],
                ),
                case(
                    "“We will not pay,” EU finance ministers said in a statement.",
                    &[("We will", Some("EU finance ministers"))],
                ),
                case(
                    "Nordic leaders met in Lisk on Monday.\n\nThe river was low.\n\n“We will act,” the leaders said.",
                    &[("We will", Some("Nordic leaders"))],
                ),
            ],
        ),
        (
            "documents speak for their issuers",
            vec![
                case(
                    "Ukraine's government issued a statement on Monday. “The port will open in July,” the statement said.",
                    &[("The port", Some("Ukraine"))],
                ),
                case(
                    "The Kremlin released a statement calling the plan “a useful basis”.",
                    &[("a useful", Some("Kremlin"))],
                ),
                case(
                    "Nordic leaders issued a joint statement on Monday.\n\n“The river belongs to us all,” the document says.",
                    &[("The river", Some("Nordic leaders"))],
                ),
                case(
                    "“Talks will resume,” the joint declaration said, according to the Kremlin.",
                    &[("Talks will", Some("Kremlin"))],
                ),
                case(
                    "Odrun Halse said the document Russia presented as a “memorandum” was an ultimatum. Halse stressed that the document had nothing to do with diplomacy.\n\n“The river is ours,” the document says.",
                    &[("The river", Some("Russia"))],
                ),
            ],
        ),
        (
            "a description after an inverted cue",
            vec![
                case(
                    "“It was all lies,” said a woman selling bread in Brel who declined to be named.",
                    &[("It was", Some("a woman selling bread"))],
                ),
                case(
                    "“We were never told,” said one of two witnesses who asked not to be named.",
                    &[("We were", Some("one of two witnesses"))],
                ),
                case(
                    "“Minorities must be engaged,” wrote the authors of the party's review.",
                    &[("Minorities", Some("the authors of the party's review"))],
                ),
            ],
        ),
        (
            "a closing attribution after the rest of the sentence",
            vec![
                case(
                    "Farmers want a “fair price” and the co-operatives are nervous, said Tobiah Quell, director of the Brel growers' union.",
                    &[("fair price", Some("Tobiah Quell"))],
                ),
                case(
                    "“Boots on the ground” would be a mistake, Vardian senator Odrun Halse said after the vote.",
                    &[("Boots", Some("Odrun Halse"))],
                ),
                case(
                    "“Why would you do that?” Halse said about the plan.",
                    &[("Why would", Some("Halse"))],
                ),
                case(
                    "“We have nothing to hide,” Sen. Odrun Halse (D-N.Y.) said Tuesday.",
                    &[("We have", Some("Odrun Halse"))],
                ),
            ],
        ),
        (
            "a description or a role between quote and cue",
            vec![
                case(
                    "“We do not understand the need for it,” the two write.",
                    &[("We do", Some("the two"))],
                ),
                case(
                    "“What if the river ran dry?” the 43-year-old asked in the video.",
                    &[("What if", Some("the 43-year-old"))],
                ),
                case(
                    "“Thanks for welcoming us,” said master of ceremonies Asab Tabchi, an engineer from Brel.",
                    &[("Thanks", Some("Asab Tabchi"))],
                ),
            ],
        ),
        (
            "a source line, an addressee or two roles",
            vec![
                case(
                    "Halse made three claims.\n\n“Mills pay zero taxes.”\n\n- Odrun Halse.\n\nThis is a complex issue.",
                    &[("Mills pay", Some("Odrun Halse"))],
                ),
                case(
                    "“Who knows?” Senator Odrun Halse told Vardian radio in an interview aired on Friday.",
                    &[("Who knows", Some("Odrun Halse"))],
                ),
                case(
                    "“The river is a paranoid, isolated place,” the Brel senator and Green candidate told reporters.",
                    &[("The river", Some("the Brel senator and Green candidate"))],
                ),
                case(
                    "“The hearings have stood up to scrutiny,” a spokesman for committee Democrats said.",
                    &[("The hearings", Some("a spokesman for committee Democrats"))],
                ),
                case(
                    "Senator Odrun Halse spoke on Monday. The Brel senator emailed supporters saying: “We will win this fight.”",
                    &[("We will win", Some("Odrun Halse"))],
                ),
                case(
                    "“I can win. Quell can't,” the email read.",
                    &[("I can win", Some("the email"))],
                ),
            ],
        ),
        (
            "a clause after the cue, a colon after the name, a place after the place",
            vec![
                case(
                    "The surge does not surprise Vardian pollster Odrun Halse: “Lesser-known candidates see the biggest boost.”",
                    &[("Lesser-known", Some("Odrun Halse"))],
                ),
                case(
                    "Minister Odrun Halse, citing “the magic of the river,” said the treaty could pass.",
                    &[("the magic", Some("Odrun Halse"))],
                ),
                case(
                    "Speaking at a town hall in Brel, North Vardia, Senator Tobiah Quell went after Halse, calling her “a total stiff.”",
                    &[("a total stiff", Some("Tobiah Quell"))],
                ),
                case(
                    "“It happens, right?” Senator Tobiah Quell went on, as if he did not hear. “Fight back.”",
                    &[
                        ("It happens", Some("Tobiah Quell")),
                        ("Fight back", Some("Tobiah Quell")),
                    ],
                ),
                case(
                    "“Vardia will always be Vardia,” an angry Tobiah Quell retaliated.",
                    &[("Vardia will", Some("Tobiah Quell"))],
                ),
            ],
        ),
        (
            "a body, its title, then the person",
            vec![
                case(
                    "“A win is a win,” said former Brel Gov. and Vardian Farmers Union Chairman Tobiah Quell.",
                    &[("A win", Some("Tobiah Quell"))],
                ),
                case(
                    "Ireland’s Prime Minister Odrun Halse stressed the need for progress, saying that guarantees could include an “assurance force”.",
                    &[("assurance", Some("Odrun Halse"))],
                ),
            ],
        ),
        (
            "cue verbs in every form",
            vec![
                case(
                    "Odrun Halse spoke in Brel. “The stock has not done well,” Halse pointed out. “It will,” she went on.",
                    &[
                        ("The stock", Some("Odrun Halse")),
                        ("It will", Some("Odrun Halse")),
                    ],
                ),
                case(
                    "Water is “the crisis of our time,” Tobiah Quell, the former governor, proclaimed to a cheering crowd.",
                    &[("the crisis", Some("Tobiah Quell"))],
                ),
                case(
                    "“Quell could win in a landslide,” Halse concludes.",
                    &[("Quell could", Some("Halse"))],
                ),
                case(
                    "“It was a different time,” Tobiah Quell recalls, smiling.",
                    &[("It was", Some("Tobiah Quell"))],
                ),
                case(
                    "Moscow demands that Kyiv give up the river, a stance Vardia views as “meddling”.",
                    &[("meddling", Some("Vardia"))],
                ),
                case(
                    "“We are proud to cast our votes!” Senator Odrun Halse said as she opened the roll call.",
                    &[("We are", Some("Odrun Halse"))],
                ),
            ],
        ),
        (
            "outlets and reports as sources",
            vec![
                case(
                    "Talks will “resume in June”, according to The Washington Post.",
                    &[("resume in", Some("Washington Post"))],
                ),
                case(
                    "The plan is “dead on arrival”, according to the Financial Times.",
                    &[("dead on", Some("Financial Times"))],
                ),
            ],
        ),
        (
            "cues outside the common verbs",
            vec![
                case(
                    "“This is a great day,” Odrun Halse gushed.",
                    &[("This is", Some("Odrun Halse"))],
                ),
                case(
                    "“This is a disgrace,” fumed Tobiah Quell.",
                    &[("This is", Some("Tobiah Quell"))],
                ),
                case(
                    "Odrun Halse slammed the plan as “a trap”.",
                    &[("a trap", Some("Odrun Halse"))],
                ),
                case(
                    "Tobiah Quell, referring to the deal as “a surrender”, left the room.",
                    &[("a surrender", Some("Tobiah Quell"))],
                ),
            ],
        ),
        (
            "long appositions between name and cue",
            vec![
                case(
                    "“We will wait,” Odrun Halse, who has led Vardia's delegation since the talks began in March, said.",
                    &[("We will", Some("Odrun Halse"))],
                ),
                case(
                    "“It is over,” said Tobiah Quell, the head of the bank's Europe desk and a former minister.",
                    &[("It is", Some("Tobiah Quell"))],
                ),
            ],
        ),
        (
            "the speaker in the paragraph before",
            vec![
                case(
                    "Odrun Halse spoke for an hour on Monday.\n\n“We have waited long enough. Now we act.”",
                    &[("We have", Some("Odrun Halse"))],
                ),
                case(
                    "“We will wait,” said Odrun Halse.\n\n“And we will not move,” she added.",
                    &[("And we", Some("Odrun Halse"))],
                ),
            ],
        ),
        (
            "alternating speakers",
            vec![
                case(
                    "Two farmers spoke. “The river is dying,” one said. “We need rain,” said another.",
                    &[("The river", Some("one")), ("We need", Some("another"))],
                ),
                case(
                    "“We agree,” said Odrun Halse. “We do not,” said Tobiah Quell.",
                    &[
                        ("We agree", Some("Odrun Halse")),
                        ("We do", Some("Tobiah Quell")),
                    ],
                ),
            ],
        ),
        (
            "transcript labels",
            vec![
                case(
                    "Odrun Halse, Vardia Today: “We will wait.”",
                    &[("We will", Some("Odrun Halse"))],
                ),
                case(
                    "Odrun Halse spoke on Monday.\n\nHALSE: “We will wait.”",
                    &[("We will", Some("Odrun Halse"))],
                ),
            ],
        ),
        (
            "partial quotes with a plain speaker",
            vec![
                case(
                    "Odrun Halse called the offer “useful” on Monday.",
                    &[("useful", Some("Odrun Halse"))],
                ),
                case(
                    "Tobiah Quell said talks were “businesslike”.",
                    &[("businesslike", Some("Tobiah Quell"))],
                ),
            ],
        ),
        (
            "titles and bodies before a name",
            vec![
                case(
                    "“The ball is in their court,” Vardian Secretary of State Odrun Halse said on Tuesday.",
                    &[("The ball", Some("Odrun Halse"))],
                ),
                case(
                    "Basin Commission President Mira Tolvanen echoed that view, declaring, “The pressure is on.”",
                    &[("The pressure", Some("Mira Tolvanen"))],
                ),
                case(
                    "Basin Council water policy chief Ilan Vesk described the measures as “the strongest yet,” saying they would “cut the budget further”.",
                    &[
                        ("the strongest", Some("Ilan Vesk")),
                        ("cut the", Some("Ilan Vesk")),
                    ],
                ),
            ],
        ),
        (
            "a claim's possessor speaks the claim",
            vec![
                case(
                    "Officials rejected Odo Brask’s characterization of their army as a “paper tiger,” with spokesman Ilan Vesk asserting that “there are no paper bears.”",
                    &[
                        ("paper tiger", Some("Odo Brask")),
                        ("there are", Some("Ilan Vesk")),
                    ],
                ),
                case(
                    "Marnian officials rejected Odo Brask’s new stance that the province can “win it all back,” calling his shift a “U-turn”.",
                    &[
                        ("win it", Some("Odo Brask")),
                        ("U-turn", Some("Marnian officials")),
                    ],
                ),
                case(
                    "Ilan Vesk said that Odo Brask’s comments were likely made “under the influence” of his allies.",
                    &[("under the", Some("Ilan Vesk"))],
                ),
                case(
                    "Minister Ilan Vesk denounced Odo Brask’s remarks as “hurtful and humiliating”.",
                    &[("hurtful", Some("Ilan Vesk"))],
                ),
                case(
                    "Minister Ilan Vesk said Odo Brask’s letter to the farmers was only “a stunt”.",
                    &[("a stunt", Some("Ilan Vesk"))],
                ),
            ],
        ),
        (
            "a clause or an answer between speaker and quote",
            vec![
                case(
                    "Senator Odrun Halse, during a town hall meeting in Brel, Vardia, said she was “going to close the mines.”",
                    &[("going to", Some("Odrun Halse"))],
                ),
                case(
                    "The governor will play the “water card,” Senator Odrun Halse said, adding that the way to beat him “is to attack his record.”",
                    &[("is to attack", Some("Odrun Halse"))],
                ),
                case(
                    "“Are you winning?” she asked, and as Senator Tobiah Quell went on about “how the system is rigged” and “our struggling farmers,” Odrun Halse said yes.",
                    &[
                        ("how the system", Some("Tobiah Quell")),
                        ("our struggling", Some("Tobiah Quell")),
                    ],
                ),
            ],
        ),
        (
            "a person reports what a thing or a state says",
            vec![
                case(
                    "Odo Brask said during a visit to Lisk that the proposal called for freezing the lines “close to where they are today”.",
                    &[("close to", Some("Odo Brask"))],
                ),
                case(
                    "Norwegian envoy Tobiah Quell met the mediators on Monday. According to Quell, Oslo told the mediators that its forces retain “the initiative” along the river.",
                    &[("the initiative", Some("Tobiah Quell"))],
                ),
                case(
                    "The proposal called for freezing the lines “close to where they are today”.",
                    &[("close to", Some("The proposal"))],
                ),
            ],
        ),
        (
            "words passed on from another speaker",
            vec![
                case(
                    "Vardian President Odo Brask met the mediators. “There is no deal until there is a deal,” Nordic leaders recalled, citing the Vardian president’s words.",
                    &[("There is", Some("Odo Brask"))],
                ),
                case(
                    "“We will not move,” Ilan Vesk said, quoting Odo Brask.",
                    &[("We will", Some("Odo Brask"))],
                ),
                case(
                    "“Prices rose,” Ilan Vesk said, citing a report by the bank.",
                    &[("Prices rose", Some("Ilan Vesk"))],
                ),
            ],
        ),
        (
            "quoted as saying by an outlet",
            vec![
                case(
                    "“Nothing more,” Vardian spokesman Ilan Vesk was quoted as saying by the news agency Brel Press.",
                    &[("Nothing more", Some("Ilan Vesk"))],
                ),
                case(
                    "“We will not sign,” Halse was quoted as saying.",
                    &[("We will", Some("Halse"))],
                ),
            ],
        ),
        (
            "a pronoun with no antecedent names no one",
            vec![
                case("“We will wait,” he said.", &[("We will", None)]),
                case(
                    "The talks resumed.\n\n“It was useful,” she told reporters.",
                    &[("It was", None)],
                ),
            ],
        ),
        (
            "a participle that goes on from a cue and its circumstances",
            vec![
                case(
                    "Brel’s “threats” are absurd, Odrun Halse said Tuesday in Vardia, noting the minister “cannot count.”",
                    &[
                        ("threats", Some("Odrun Halse")),
                        ("cannot", Some("Odrun Halse")),
                    ],
                ),
                case(
                    "The plan “will not survive the winter,” Tobiah Quell said on Monday at a rally, adding that his rival “has no friends left.”",
                    &[
                        ("will not", Some("Tobiah Quell")),
                        ("has no", Some("Tobiah Quell")),
                    ],
                ),
            ],
        ),
        (
            "a dateline in title case with its agency",
            vec![case(
                "Brel (Vardia Press) – Trade envoy Odrun Halse has taken aim at the tariff plan, saying that “higher prices” hurt farmers.",
                &[("higher prices", Some("Odrun Halse"))],
            )],
        ),
        (
            "a cue with its particle and a manner",
            vec![
                case(
                    "“Look at the queue,” Ilan Vesk said.\n\n“They are here for the free bread,” Odrun Halse shot back with a laugh.",
                    &[("They are", Some("Odrun Halse"))],
                ),
                case(
                    "When Vesk said the port would close, Odrun Halse fired back forcefully: “Then we will open another,” pointing at the map.",
                    &[("Then we", Some("Odrun Halse"))],
                ),
            ],
        ),
        (
            "a report inside a named person's report",
            vec![
                case(
                    "In an interview, Tobiah Quell said Odrun Halse had told the farmers that she would allow “no daylight” between the two parties.",
                    &[("no daylight", Some("Tobiah Quell"))],
                ),
                case(
                    "That is why critics say she had proposed to “dismantle” the water board.",
                    &[("dismantle", Some("critics"))],
                ),
                case(
                    "Odrun Halse told reporters: “We will not sign.”",
                    &[("We will", Some("Odrun Halse"))],
                ),
                case(
                    "The Brel Courier then ruled that Halse’s statement about “thousands of wells” is “true,” but noted that many are dry.",
                    &[
                        ("thousands", Some("Brel Courier")),
                        ("true", Some("Brel Courier")),
                    ],
                ),
                case(
                    "Tobiah Quell said during a rally in Brel that Odrun Halse once described the pact as “the gold standard” of water deals.",
                    &[("the gold", Some("Tobiah Quell"))],
                ),
            ],
        ),
        (
            "a name and its apposition after a question",
            vec![case(
                "“Are you with us? Can we count on you?” Odrun Halse, a retired teacher from Brel, said into the phone.",
                &[("Are you", Some("Odrun Halse"))],
            )],
        ),
        (
            "a source that puts it so, or speaks with a verb of manner",
            vec![
                case(
                    "As the Brel Courier's Ilan Vesk puts it, “The farmers are unmoved.”",
                    &[("The farmers", Some("Ilan Vesk"))],
                ),
                case(
                    "As the Brel columnist Ilan Vesk had written a few years earlier, “We cannot have a river without a dam.”",
                    &[("We cannot", Some("Ilan Vesk"))],
                ),
                case(
                    "WELLS RUN DRY IN THE NORTH - Brel Water Institute: “Half of the wells we tested were empty.”",
                    &[("Half of", Some("Brel Water Institute"))],
                ),
                case(
                    "“Sit down and listen,” Tobiah Quell barked.",
                    &[("Sit down", Some("Tobiah Quell"))],
                ),
                case(
                    "Odrun Halse has used the phrase “water theft” often in her campaign.",
                    &[("water theft", Some("Odrun Halse"))],
                ),
                case(
                    "Odrun Halse is describing as “unhinged” a Tobiah Quell post attacking the minister.",
                    &[("unhinged", Some("Odrun Halse"))],
                ),
                case(
                    "If we lived in calmer times, Odrun Halse would now ask: “Why is the river low?”",
                    &[("Why is", Some("Odrun Halse"))],
                ),
            ],
        ),
        (
            "no source",
            vec![
                case(
                    "The so-called “coalition of the willing” met in Paris.",
                    &[],
                ),
                case("She watched “Face the Nation” on Sunday.", &[]),
                case(
                    "Readers shared a Brel Courier column titled “Why the Water Board Will Not Survive the Winter at All.”",
                    &[],
                ),
                case(
                    "<post author=\"halse\" post_id=\"77154665\">The river is low.</post>",
                    &[],
                ),
                case(
                    "In his 2019 book, “How the River Was Lost and Won,” Tobiah Quell suggested a new dam.",
                    &[],
                ),
                case(
                    "SHORT READS:\n\n—“The last ferryman of Brel keeps his boat afloat,” by the Brel Courier's Ilan Vesk.",
                    &[],
                ),
            ],
        ),
    ]
}

#[test]
fn attribution_phenomena_pass_rates() {
    common::run_suite("attribution behaviour", FLOOR, groups(), passes);
}
