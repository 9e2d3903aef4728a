//! Behavioural suite for stances (in the manner of CheckList, Ribeiro et
//! al. 2020): for each linguistic phenomenon, made-up sentences with the
//! stances they state, or the absence of one. Each group reports its pass
//! rate (`cargo test --test behaviour_stances -- --nocapture` prints them);
//! the test fails when the overall rate falls below the floor, so that a
//! rule written for one phenomenon cannot silently break another.

mod common;

use attache_core::analysis::{Analysis, StanceKind};
use attache_core::{Analyzer, Catalogue};
use std::sync::OnceLock;

const CATALOGUE: &str = r#"
name = "Made-up talks"
[[issue]]
id = "ceasefire"
proposition = "An early ceasefire."
terms = ["ceasefire", "truce"]
[[issue]]
id = "nato"
proposition = "Ukraine joining NATO."
terms = ["NATO membership", "join NATO", "membership of NATO"]
against = ["neutral status", "neutrality"]
[[issue]]
id = "sanctions"
proposition = "Keeping sanctions on Russia."
terms = ["sanctions"]
against = ["sanctions relief"]
[[issue]]
id = "talks"
proposition = "Negotiations to end the war."
terms = ["peace talks", "negotiations", "peace deal", "peace plan", "end * war"]
[[issue]]
id = "aid"
proposition = "Military aid to Ukraine."
terms = ["military aid", "weapons deliveries", "arms deliveries"]
[[issue]]
id = "table"
proposition = "Ukraine at the table (no deal about Ukraine without Ukraine)."
terms = ["without Ukraine"]
"#;

/// The floor of the overall pass rate; raise it as rules improve.
const FLOOR: f64 = 0.90;

fn analyze(text: &str) -> Analysis {
    static A: OnceLock<(Analyzer, Catalogue)> = OnceLock::new();
    let (a, c) = A.get_or_init(|| (Analyzer::default(), Catalogue::parse(CATALOGUE).unwrap()));
    a.analyze_with(text, Some(c), false)
}

/// One case: the text, the stances it states ("Holder issue +" or "−"), and
/// the issues on which it states none.
struct Case {
    text: &'static str,
    want: &'static [&'static str],
    none_on: &'static [&'static str],
}

const fn case(
    text: &'static str,
    want: &'static [&'static str],
    none_on: &'static [&'static str],
) -> Case {
    Case {
        text,
        want,
        none_on,
    }
}

fn holds(a: &Analysis, holder: &str, issue: &str, stance: StanceKind) -> bool {
    a.positions.iter().flatten().any(|p| {
        p.issue == issue
            && p.stance == stance
            && (p.holder.name == holder
                || p.holder.name.ends_with(holder)
                || p.affiliation.as_deref() == Some(holder))
    })
}

fn passes(c: &Case) -> Result<(), String> {
    let a = analyze(c.text);
    for w in c.want {
        let parts: Vec<&str> = w.rsplitn(3, ' ').collect();
        let (sign, issue, holder) = (parts[0], parts[1], parts[2]);
        let stance = if sign == "+" {
            StanceKind::Support
        } else {
            StanceKind::Oppose
        };
        if !holds(&a, holder, issue, stance) {
            return Err(format!("missing {w}"));
        }
    }
    for issue in c.none_on {
        if let Some(p) = a.positions.iter().flatten().find(|p| p.issue == *issue) {
            return Err(format!(
                "unwanted {} {} {:?}",
                p.holder.name, issue, p.stance
            ));
        }
    }
    Ok(())
}

fn groups() -> Vec<(&'static str, Vec<Case>)> {
    vec![
        (
            "negation and its scope",
            vec![
                case(
                    "Moscow said the truce will hold only once sanctions on its banks and other lenders in the grain trade are lifted.",
                    &["Moscow sanctions −", "Moscow ceasefire +"],
                    &[],
                ),
                case(
                    "Poland said sanctions on Russian banks and oil exporters must stay.",
                    &["Poland sanctions +"],
                    &[],
                ),
                case(
                    "Poland wants more military aid rather than a truce.",
                    &["Poland aid +", "Poland ceasefire −"],
                    &[],
                ),
                case(
                    "Russia does not want a ceasefire, the Kremlin said.",
                    &["Kremlin ceasefire −"],
                    &[],
                ),
                case(
                    "Ukraine will never accept neutrality.",
                    &["Ukraine nato +"],
                    &[],
                ),
                case(
                    "Ukraine rejected the idea of a truce, but said it would keep talking.",
                    &["Ukraine ceasefire −"],
                    &[],
                ),
                case(
                    "Russia said sanctions should not be lifted.",
                    &["Russia sanctions +"],
                    &[],
                ),
                case(
                    "Germany said weapons deliveries will not diminish.",
                    &["Germany aid +"],
                    &[],
                ),
                case(
                    "Ukraine wants a ceasefire and has not ruled out peace talks.",
                    &["Ukraine ceasefire +", "Ukraine talks +"],
                    &[],
                ),
            ],
        ),
        (
            "reducing, delaying or condemning a measure opposes it",
            vec![
                case(
                    "The United States agreed to cut sanctions on Russian banks.",
                    &["United States sanctions −"],
                    &[],
                ),
                case(
                    "Germany wants a suspension of weapons deliveries next month.",
                    &["Germany aid −"],
                    &[],
                ),
                case(
                    "Poland condemned the decision to send more military aid.",
                    &["Poland aid −"],
                    &[],
                ),
                case(
                    "Russia continues to delay peace talks.",
                    &["Russia talks −"],
                    &[],
                ),
                case(
                    "Ukraine wants a ceasefire without delay.",
                    &["Ukraine ceasefire +"],
                    &[],
                ),
                case(
                    "Russia restated its categorical rejection of “any scenario involving weapons deliveries”.",
                    &["Russia aid −"],
                    &[],
                ),
                case(
                    "Germany said a ceasefire without verification is only a pause.",
                    &["Germany ceasefire +"],
                    &[],
                ),
                case(
                    "France condemned Russia's refusal of a ceasefire.",
                    &["Russia ceasefire −", "France ceasefire +"],
                    &[],
                ),
                case(
                    "Slovakia blocked the new sanctions package for a month.",
                    &["Slovakia sanctions −"],
                    &[],
                ),
                case(
                    "The German government lifted a freeze on weapons deliveries to Ukraine.",
                    &["Germany aid +"],
                    &[],
                ),
            ],
        ),
        (
            "conditionals",
            vec![
                case(
                    "Ukraine will accept a ceasefire only if Russia withdraws its troops.",
                    &["Ukraine ceasefire +"],
                    &[],
                ),
                case(
                    "Russia will not agree to a truce unless Ukraine gives up NATO membership.",
                    &["Russia ceasefire −"],
                    &[],
                ),
                case(
                    "If Russia rejects the ceasefire, Ukraine will ask for more military aid.",
                    &["Ukraine aid +"],
                    &["ceasefire"],
                ),
            ],
        ),
        (
            "modality and hedges",
            vec![
                case(
                    "France considers a ceasefire essential.",
                    &["France ceasefire +"],
                    &[],
                ),
                case(
                    "Ukraine could accept a ceasefire, Foreign Minister Odrun Halse said.",
                    &["Odrun Halse ceasefire +"],
                    &[],
                ),
                case(
                    "Russia may be open to peace talks, the Kremlin said.",
                    &["Kremlin talks +"],
                    &[],
                ),
                case(
                    "Ukraine is ready for negotiations, the foreign ministry said.",
                    &["Ukraine talks +"],
                    &[],
                ),
            ],
        ),
        (
            "questions",
            vec![
                case("Will Russia accept a ceasefire?", &[], &["ceasefire"]),
                case(
                    "“Who wants a truce now?” asked Odrun Halse.",
                    &[],
                    &["ceasefire"],
                ),
                case(
                    "Is Ukraine ready to give up NATO membership?",
                    &[],
                    &["nato"],
                ),
                case(
                    "The minister did not say whether Ukraine would accept a ceasefire.",
                    &[],
                    &["ceasefire"],
                ),
                case(
                    "Russia will press on whether or not there is a truce.",
                    &[],
                    &["ceasefire"],
                ),
            ],
        ),
        (
            "a clause that only names the issue, or denies it the name",
            vec![
                case(
                    "Anna Marrow, Ukraine's foreign minister, spoke in Kyiv. “A truce would freeze the front for a year,” she said. “We do not want a truce any more.”",
                    &["Anna Marrow ceasefire −"],
                    &[],
                ),
                case(
                    "“A peace deal without Ukraine is half a peace deal,” Odrun Halse, Ukraine's foreign minister, said.",
                    &["Odrun Halse talks +"],
                    &[],
                ),
                case(
                    "Ukraine said the arrangement was not a ceasefire.",
                    &[],
                    &["ceasefire"],
                ),
                case(
                    "The envoy said she understood why Ukraine wanted a ceasefire.",
                    &["Ukraine ceasefire +"],
                    &[],
                ),
            ],
        ),
        (
            "a term that carries its own negation",
            vec![
                case(
                    "Peace cannot be decided without Ukraine, Germany said.",
                    &["Germany table +"],
                    &[],
                ),
                case(
                    "Russia wants a deal without Ukraine.",
                    &["Russia table −"],
                    &[],
                ),
            ],
        ),
        (
            "judging the measure wrong or harmful",
            vec![
                case(
                    "“It is unfortunate that Germany should send more military aid,” the Kremlin said.",
                    &["Kremlin aid −"],
                    &[],
                ),
                case(
                    "The Kremlin warns that more weapons deliveries will only prolong the war.",
                    &["Kremlin aid −"],
                    &[],
                ),
                case(
                    "Moscow warned that weapons deliveries to Ukraine would harm relations with Warsaw.",
                    &["Moscow aid −"],
                    &[],
                ),
                case(
                    "Hungary said arms deliveries to the front would only prolong the fighting.",
                    &["Hungary aid −"],
                    &[],
                ),
                case(
                    "Poland wants weapons deliveries to resume quickly.",
                    &["Poland aid +"],
                    &[],
                ),
                case(
                    "Russia and Ukraine agreed to prolong the truce.",
                    &["Russia ceasefire +"],
                    &[],
                ),
                case(
                    "“We want to give peace talks a chance,” Ukraine's foreign minister, Anna Marrow, said.",
                    &["Anna Marrow talks +"],
                    &[],
                ),
                case(
                    "Ukraine said it would never give up its bid for NATO membership.",
                    &["Ukraine nato +"],
                    &[],
                ),
            ],
        ),
        (
            "a stance stated for a state, closed by its official",
            vec![
                case(
                    "Ukraine will not accept a ceasefire on these terms, its foreign minister, Anna Marrow, said on Monday.",
                    &["Ukraine ceasefire −", "Anna Marrow ceasefire −"],
                    &[],
                ),
                case(
                    "Germany will keep up weapons deliveries, Chancellor Odrun Halse said.",
                    &["Germany aid +", "Odrun Halse aid +"],
                    &[],
                ),
                case(
                    "Ukraine will not accept neutrality, President Tobiah Quell declared on Monday, rejecting a Russian demand.",
                    &["Tobiah Quell nato +"],
                    &[],
                ),
            ],
        ),
        (
            "a subject, adverbs between, and the verb of the term",
            vec![
                case(
                    "Russia has so far refused a ceasefire.",
                    &["Russia ceasefire −"],
                    &[],
                ),
                case(
                    "Ukraine has come round to a ceasefire.",
                    &["Ukraine ceasefire +"],
                    &[],
                ),
                case(
                    "Germany will not send military aid this year.",
                    &["Germany aid −"],
                    &[],
                ),
                case(
                    "Ukraine's negotiators have been instructed to reject any clause on neutrality.",
                    &["Ukraine's negotiators nato +"],
                    &[],
                ),
                case(
                    "The minister defended Russia's refusal to accept a truce.",
                    &["Russia ceasefire −"],
                    &[],
                ),
                case(
                    "Germany, for its part, signalled discomfort with the call, made by Poland, for more military aid.",
                    &["Germany aid −"],
                    &[],
                ),
            ],
        ),
        (
            "reported wishes of a third party",
            vec![
                case(
                    "Poland's foreign minister acknowledged that some at home would have preferred a truce.",
                    &[],
                    &["ceasefire"],
                ),
                case(
                    "Germany's chancellor said critics want sanctions relief.",
                    &[],
                    &["sanctions"],
                ),
                case(
                    "The draft would see Ukraine give up its bid for NATO membership, as Moscow demands.",
                    &["Moscow nato −"],
                    &[],
                ),
                case(
                    "Kyiv rejected sanctions relief, as Moscow has long wanted.",
                    &["Kyiv sanctions +", "Moscow sanctions −"],
                    &[],
                ),
                case(
                    "Ukraine wants Russia to accept a ceasefire.",
                    &["Ukraine ceasefire +"],
                    &[],
                ),
                case(
                    "Russia hopes Ukraine will drop its bid to join NATO.",
                    &["Russia nato −"],
                    &[],
                ),
                case(
                    "Ukraine urged Russia to agree to a truce.",
                    &["Ukraine ceasefire +"],
                    &[],
                ),
            ],
        ),
        (
            "topics and events are not stances",
            vec![
                case(
                    "Ukraine and Russia discussed a ceasefire on Monday.",
                    &[],
                    &["ceasefire"],
                ),
                case("Turkey will host peace talks next week.", &[], &["talks"]),
                case(
                    "Ukraine attended the negotiations in Geneva.",
                    &[],
                    &["talks"],
                ),
                case(
                    "Reporters asked Ukraine about sanctions.",
                    &[],
                    &["sanctions"],
                ),
                case(
                    "Russia held talks on a truce with Ukraine.",
                    &[],
                    &["ceasefire"],
                ),
            ],
        ),
        (
            "collectives and metonyms as holders",
            vec![
                case(
                    "Following talks between Poland and Russia in Riyadh, the two countries agreed to a truce.",
                    &["Poland ceasefire +", "Russia ceasefire +"],
                    &[],
                ),
                case(
                    "The U.S. and Russia met in Geneva. Both sides rejected sanctions relief.",
                    &["United States sanctions +", "Russia sanctions +"],
                    &[],
                ),
                case(
                    "European leaders backed the truce on Sunday.",
                    &["Europe ceasefire +"],
                    &[],
                ),
                case(
                    "European leaders backed a ceasefire on Monday.",
                    &["European leaders ceasefire +"],
                    &[],
                ),
                case("Kyiv rejected neutrality.", &["Kyiv nato +"], &[]),
                case(
                    "The French government wants more weapons deliveries.",
                    &["France aid +"],
                    &[],
                ),
                case(
                    "The Kremlin ruled out a truce.",
                    &["Kremlin ceasefire −"],
                    &[],
                ),
                case(
                    "EU foreign ministers agreed to keep sanctions.",
                    &["EU foreign ministers sanctions +"],
                    &[],
                ),
                case(
                    "Washington will send more military aid.",
                    &["Washington aid +"],
                    &[],
                ),
            ],
        ),
        (
            "coordination of subjects and of predicates",
            vec![
                case(
                    "Ukraine wants to join the European Union and NATO.",
                    &["Ukraine nato +"],
                    &[],
                ),
                case(
                    "Poland backs membership of the EU or NATO for Ukraine.",
                    &["Poland nato +"],
                    &[],
                ),
                case(
                    "Ukraine and Poland backed a ceasefire.",
                    &["Ukraine ceasefire +", "Poland ceasefire +"],
                    &[],
                ),
                case(
                    "Germany and France oppose sanctions relief.",
                    &["Germany sanctions +", "France sanctions +"],
                    &[],
                ),
                case(
                    "Ukraine welcomed the truce and called for more military aid.",
                    &["Ukraine ceasefire +", "Ukraine aid +"],
                    &[],
                ),
            ],
        ),
        (
            "relative clauses",
            vec![
                case(
                    "Ukraine, which has long sought NATO membership, welcomed the offer.",
                    &["Ukraine nato +"],
                    &[],
                ),
                case(
                    "The proposal, which Russia rejected, included a ceasefire.",
                    &[],
                    &["ceasefire"],
                ),
                case(
                    "Ukraine thanked Poland, which supports military aid.",
                    &["Poland aid +"],
                    &[],
                ),
            ],
        ),
        (
            "possessives",
            vec![
                case(
                    "Estonia's Ilan Vesk said the truce must hold.",
                    &["Ilan Vesk ceasefire +"],
                    &[],
                ),
                case(
                    "Russia's rejection of a ceasefire angered Ukraine.",
                    &["Russia ceasefire −"],
                    &[],
                ),
                case(
                    "Ukraine's call for a truce was ignored.",
                    &["Ukraine ceasefire +"],
                    &[],
                ),
                case("Ukraine's allies back more military aid.", &[], &[]),
            ],
        ),
        (
            "spokespeople speak for their principal",
            vec![
                case(
                    "Kremlin spokesman Dmitry Peskov said Putin was ready for peace talks.",
                    &["Putin talks +"],
                    &[],
                ),
                case(
                    "A Kremlin spokesman said Russia rejected a ceasefire.",
                    &["Russia ceasefire −"],
                    &[],
                ),
                case(
                    "The ministry's spokeswoman said Ukraine would never accept neutrality.",
                    &["Ukraine nato +"],
                    &[],
                ),
            ],
        ),
        (
            "pronouns",
            vec![
                case(
                    "Ukrainian minister Odrun Halse arrived on Monday. She said she wanted a ceasefire.",
                    &["Odrun Halse ceasefire +"],
                    &[],
                ),
                case(
                    "Russia spoke after Ukraine. It rejected a truce.",
                    &["Russia ceasefire −"],
                    &[],
                ),
                case(
                    "European leaders met in Paris. They backed more military aid.",
                    &["European leaders aid +"],
                    &[],
                ),
            ],
        ),
        (
            "stances over two sentences",
            vec![
                case(
                    "Ukraine's position on a ceasefire is clear. It supports one.",
                    &["Ukraine ceasefire +"],
                    &[],
                ),
                case(
                    "Russia was asked about sanctions relief. It said it demanded it.",
                    &["Russia sanctions −"],
                    &[],
                ),
            ],
        ),
        (
            "reference back to an issue",
            vec![
                case(
                    "Ukraine has proposed a ceasefire, but Russia has refused.",
                    &["Ukraine ceasefire +", "Russia ceasefire −"],
                    &[],
                ),
                case(
                    "Ukraine has proposed a ceasefire, while Russia rejected it.",
                    &["Ukraine ceasefire +", "Russia ceasefire −"],
                    &[],
                ),
                case(
                    "Negotiators drafted a peace plan on Monday. Ukraine backed the plan.",
                    &["Ukraine talks +"],
                    &[],
                ),
                case(
                    "A truce was proposed last week. Russia has now rejected it.",
                    &["Russia ceasefire −"],
                    &[],
                ),
                case(
                    "The peace deal was signed in Geneva. Ukraine welcomed the deal.",
                    &["Ukraine talks +"],
                    &[],
                ),
                case(
                    "Few expect an end to the war soon. Russia said the war would go on.",
                    &[],
                    &["talks"],
                ),
            ],
        ),
    ]
}

#[test]
fn stance_phenomena_pass_rates() {
    common::run_suite("stance behaviour", FLOOR, groups(), |c| {
        passes(c).map_err(|e| format!("{:?}: {e}", c.text))
    });
}
