//! Made-up articles for benchmarks and tests: news-style sentences with
//! quotes, speakers and issue terms, varied enough that no two are copies.

const PEOPLE: [(&str, &str); 8] = [
    ("Anna Kowalczyk", "Polish foreign minister"),
    ("Marek Duval", "French defence minister"),
    ("Olena Marchenko", "Ukrainian deputy prime minister"),
    ("Pavel Sokolov", "Russian deputy foreign minister"),
    ("Karen Whitfield", "US special envoy"),
    ("Hans Becker", "German chancellor"),
    ("Ayse Demir", "Turkish foreign minister"),
    ("Jonas Lind", "Swedish prime minister"),
];
const TERMS: [&str; 8] = [
    "a ceasefire",
    "peace talks",
    "security guarantees",
    "sanctions",
    "a truce",
    "NATO membership",
    "military aid",
    "peacekeepers",
];
const VERBS: [&str; 6] = [
    "backed",
    "rejected",
    "called for",
    "ruled out",
    "welcomed",
    "demanded",
];
const WORDS: [&str; 48] = [
    "harbour",
    "grain",
    "winter",
    "border",
    "convoy",
    "bridge",
    "railway",
    "pipeline",
    "river",
    "corridor",
    "valley",
    "port",
    "energy",
    "ammunition",
    "drone",
    "satellite",
    "factory",
    "village",
    "market",
    "airfield",
    "coast",
    "island",
    "tunnel",
    "dam",
    "quiet",
    "fragile",
    "early",
    "late",
    "northern",
    "southern",
    "eastern",
    "western",
    "sudden",
    "careful",
    "modest",
    "bold",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "morning",
    "evening",
    "summit",
    "draft",
    "memo",
    "plan",
    "vote",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

/// The days the made-up articles are dated over.
const DAYS: u64 = 300;

/// The order in which made-up articles arrive, which sets their dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// As from a feed: the dates advance with the articles over [`DAYS`]
    /// days, each article dated its day (80%), the day before (15%) or up
    /// to a week before (5%), so a batch spans a few days.
    Feed,
    /// Round the days: article `i` on day `i mod DAYS`, so every batch
    /// spans them all (an archive ingested in no order of date).
    Cycle,
}

/// Article `i` of `n` arriving in `order`: (date, text). Deterministic.
pub fn article_in(i: u64, n: u64, order: Order) -> (String, String) {
    let day = match order {
        Order::Cycle => i % DAYS,
        Order::Feed => {
            let today = i * DAYS / n.max(1);
            let back = match Rng(i ^ 0x0DA7_E5EE_D5EE_D000).next() % 100 {
                0..80 => 0,
                80..95 => 1,
                r => 2 + r % 6,
            };
            today.saturating_sub(back)
        }
    };
    let (m, d) = (1 + day / 28, 1 + day % 28);
    (format!("2025-{m:02}-{d:02}"), text(i))
}

/// Article `i` in [`Order::Cycle`]: (date, text). Deterministic.
pub fn article(i: u64) -> (String, String) {
    article_in(i, DAYS, Order::Cycle)
}

/// The text of article `i`.
fn text(i: u64) -> String {
    let mut r = Rng(i.wrapping_mul(7919) ^ 0xA77A_C4E0);
    let mut text = String::new();
    let filler =
        |r: &mut Rng, n: usize| (0..n).map(|_| r.pick(&WORDS)).collect::<Vec<_>>().join(" ");
    text.push_str(&format!(
        "Talks on the {} {} resume, report {i}\n\n",
        r.pick(&WORDS),
        r.pick(&WORDS)
    ));
    for _ in 0..6 {
        let (name, role) = PEOPLE[(r.next() % PEOPLE.len() as u64) as usize];
        let surname = name.split(' ').nth(1).unwrap_or(name);
        let term = r.pick(&TERMS);
        match r.next() % 3 {
            0 => text.push_str(&format!(
                "{role} {name} {} {term} on {}, citing the {} and the {}.\n",
                r.pick(&VERBS),
                r.pick(&WORDS[36..42]),
                filler(&mut r, 3),
                filler(&mut r, 2)
            )),
            1 => text.push_str(&format!("“We will not wait for {term} while the {} burns,” {surname} said after the {} meeting.\n", filler(&mut r, 2), filler(&mut r, 2))),
            _ => text.push_str(&format!("According to {name}, {term} depends on the {} and the {}, which officials described as \"{}\".\n", filler(&mut r, 3), filler(&mut r, 2), filler(&mut r, 2))),
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::{SAME_STORY, signature, similarity};

    #[test]
    fn articles_are_deterministic_and_not_copies_of_each_other() {
        assert_eq!(article(5), article(5));
        let sims: Vec<f64> = (0..30)
            .map(|i| similarity(&signature(&article(i).1), &signature(&article(i + 1).1)))
            .collect();
        assert!(sims.iter().all(|&s| s < SAME_STORY), "{sims:?}");
    }

    #[test]
    fn a_feed_dates_its_articles_in_order_within_a_week() {
        let n = 3_000;
        let dates: Vec<String> = (0..n).map(|i| article_in(i, n, Order::Feed).0).collect();
        let days: std::collections::BTreeSet<&str> = dates.iter().map(String::as_str).collect();
        assert!(days.len() > 250, "the days are covered: {}", days.len());
        // each article at most a week before the latest so far, and the
        // latest so far never behind the one before
        let mut latest = dates[0].clone();
        for d in &dates {
            if *d > latest {
                latest = d.clone();
            }
            let lag = days.range(d.as_str()..=latest.as_str()).count();
            assert!(lag <= 8, "{d} arrived after {latest}");
        }
        // the same texts as in the cycle: only the dates differ
        assert_eq!(article_in(7, n, Order::Feed).1, article(7).1);
        assert_ne!(article_in(2_500, n, Order::Feed).0, article(2_500).0);
    }
}
