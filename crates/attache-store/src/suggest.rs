//! New catalogue terms from a person's decisions: the sentences a person
//! tagged with an issue (an added stance, a stance moved to the issue)
//! that the catalogue did not find, their word sequences ranked by how many
//! of those sentences hold them and how rare they are in the record.

use crate::Store;
use crate::db::Result;
use crate::review::Decision;
use attache_core::Catalogue;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A proposed term for an issue, for a person to accept into the catalogue.
#[derive(Clone, Debug, Serialize)]
pub struct Suggestion {
    pub issue: String,
    pub term: String,
    /// Tagged sentences that hold it.
    pub sentences: usize,
    /// Articles of the record that hold it.
    pub articles: usize,
    pub score: f64,
    /// One tagged sentence that holds it.
    pub example: String,
}

/// Words that begin or end no term.
const EDGE_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "with", "by",
    "from", "as", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these",
    "those", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "said", "says",
    "would", "will", "could", "should", "not", "no", "any", "all", "has", "have", "had", "on",
    "who", "which", "what", "when", "there", "than", "then", "into", "over", "about", "after",
];

/// The most articles read to count how common a phrase is.
const SAMPLE: usize = 2_000;

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .map(|w| {
            w.trim_matches(|c| c == '\'' || c == '’' || c == '-')
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether `phrase` (words) occurs in `text` (its words) as a sequence.
fn holds(text: &[String], phrase: &[String]) -> bool {
    text.windows(phrase.len()).any(|w| w == phrase)
}

impl Store {
    /// The sentences a person tagged with each issue that `catalogue` finds
    /// no mention of that issue in.
    fn missed_sentences(&mut self, catalogue: &Catalogue) -> Result<BTreeMap<String, Vec<String>>> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for r in self.reviews()? {
            if r.superseded {
                continue;
            }
            let (article, start, end, issue) = match r.decision {
                Decision::Add {
                    article,
                    start,
                    end,
                    issue,
                    ..
                } => (article, start, end, issue),
                Decision::Correct {
                    article,
                    start,
                    end,
                    to_issue: Some(issue),
                    ..
                } => (article, start, end, issue),
                _ => continue,
            };
            let Some(a) = self.article(article)? else {
                continue;
            };
            let sentence: String = a
                .text
                .chars()
                .skip(start.max(0) as usize)
                .take((end - start).max(0) as usize)
                .collect();
            let found = catalogue
                .find(&sentence)
                .iter()
                .any(|m| catalogue.issues[m.issue].id == issue);
            if !found {
                out.entry(issue).or_default().push(sentence);
            }
        }
        Ok(out)
    }

    /// At most `limit` proposed terms per issue, best first.
    pub fn suggest_terms(
        &mut self,
        catalogue: &Catalogue,
        limit: usize,
    ) -> Result<Vec<Suggestion>> {
        let missed = self.missed_sentences(catalogue)?;
        if missed.is_empty() {
            return Ok(Vec::new());
        }
        let ids = self.article_ids()?;
        let step = ids.len().div_ceil(SAMPLE).max(1);
        let mut sample = Vec::new();
        for id in ids.iter().step_by(step) {
            if let Some(a) = self.article(*id)? {
                sample.push(words(&a.text));
            }
        }
        let mut out = Vec::new();
        for (issue, sentences) in missed {
            let tokenised: Vec<Vec<String>> = sentences.iter().map(|s| words(s)).collect();
            let mut candidates: BTreeSet<Vec<String>> = BTreeSet::new();
            for t in &tokenised {
                for n in 1..=4 {
                    for w in t.windows(n) {
                        let edge = |x: &String| {
                            EDGE_WORDS.contains(&x.as_str())
                                || x.chars().all(|c| c.is_ascii_digit())
                        };
                        if edge(&w[0]) || edge(&w[n - 1]) || w.iter().any(|x| x.len() < 2) {
                            continue;
                        }
                        candidates.insert(w.to_vec());
                    }
                }
            }
            let mut ranked: Vec<Suggestion> = candidates
                .into_iter()
                .filter(|c| {
                    let term = c.join(" ");
                    !catalogue
                        .find(&term)
                        .iter()
                        .any(|m| catalogue.issues[m.issue].id == issue)
                })
                .map(|c| {
                    let tagged: Vec<usize> = (0..tokenised.len())
                        .filter(|&k| holds(&tokenised[k], &c))
                        .collect();
                    let articles = sample.iter().filter(|t| holds(t, &c)).count();
                    let rarity = ((1 + sample.len()) as f64 / (1 + articles) as f64).ln();
                    Suggestion {
                        issue: issue.clone(),
                        term: c.join(" "),
                        sentences: tagged.len(),
                        articles: articles * step,
                        score: (tagged.len() as f64 * (1.0 + rarity) * 1000.0).round() / 1000.0,
                        example: sentences[tagged[0]].clone(),
                    }
                })
                .collect();
            ranked.sort_by(|a, b| {
                b.sentences
                    .cmp(&a.sentences)
                    .then(b.score.total_cmp(&a.score))
                    .then(b.term.split(' ').count().cmp(&a.term.split(' ').count()))
                    .then(a.term.cmp(&b.term))
            });
            ranked.truncate(limit);
            out.extend(ranked);
        }
        Ok(out)
    }
}
