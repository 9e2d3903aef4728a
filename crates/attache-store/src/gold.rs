//! Decisions become data: reviewed articles written in the gold annotation
//! format (one JSON per article: id, url, outlet, published, text, quotes
//! with speakers, positions with holder, affiliation, issue, stance and
//! evidence), so a team scores attache on its own negotiation; and such
//! files read back into a record as decisions.

use crate::db::{PositionRow, Result, Store};
use crate::review::Decision;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoldArticle {
    /// `yyyy-mm-dd-outlet-slug` (`undated-…` without a date).
    pub id: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub text: String,
    pub quotes: Vec<GoldQuote>,
    pub positions: Vec<GoldPosition>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoldQuote {
    pub text: String,
    pub speaker: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoldPosition {
    pub holder: String,
    pub affiliation: Option<String>,
    pub issue: String,
    pub stance: String,
    pub evidence: String,
}

/// What reading a gold file into the record did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct GoldImport {
    pub decisions: usize,
    /// Gold quotes the record has no quote for (decisions cannot add quotes).
    pub quotes_missing: usize,
}

/// Lower-case words joined by hyphens.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    out.chars()
        .take(60)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

impl Store {
    /// The articles a person decided something on (a stance, an added
    /// stance, a quote's speaker, a split), by id.
    pub fn reviewed_articles(&mut self) -> Result<Vec<i64>> {
        let mut ids: Vec<i64> = self
            .reviews()?
            .into_iter()
            .filter(|r| !r.superseded)
            .filter_map(|r| match r.decision {
                Decision::Accept { article, .. }
                | Decision::Reject { article, .. }
                | Decision::Correct { article, .. }
                | Decision::Add { article, .. }
                | Decision::Speaker { article, .. }
                | Decision::AcceptSpeaker { article, .. }
                | Decision::RejectSpeaker { article, .. }
                | Decision::Split { article, .. } => Some(article),
                _ => None,
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    /// Every article's id.
    pub fn article_ids(&mut self) -> Result<Vec<i64>> {
        Ok(self
            .db
            .query("SELECT id FROM articles ORDER BY id", &[])?
            .into_iter()
            .map(|r| r[0].int())
            .collect())
    }

    /// The id of the article with exactly this text, if stored.
    pub fn article_with_text(&mut self, text: &str) -> Result<Option<i64>> {
        let key = crate::fingerprint::content_key(text);
        Ok(self
            .articles_with_keys(&[&key], false)?
            .first()
            .map(|&(_, id)| id))
    }

    /// The reviewed statements of one article: one per holder and issue,
    /// the most confident (the earliest of equals).
    fn article_statements(&mut self, article: i64) -> Result<Vec<PositionRow>> {
        let mut best: BTreeMap<(String, String), PositionRow> = BTreeMap::new();
        for s in self.statements(None, None)? {
            if s.article != article {
                continue;
            }
            let key = (s.holder.clone(), s.issue.clone());
            match best.get(&key) {
                Some(b) if b.confidence >= s.confidence => {}
                _ => {
                    best.insert(key, s);
                }
            }
        }
        Ok(best.into_values().collect())
    }

    /// Articles in the gold format, as reviewed; `machine` gives the
    /// machine's own reading instead (decisions left aside), to score one
    /// against the other. Ids are unique within the set.
    pub fn export_gold(&mut self, articles: &[i64], machine: bool) -> Result<Vec<GoldArticle>> {
        let has_reviews = self.has_reviews;
        if machine {
            self.has_reviews = false;
        }
        let result = self.export_gold_as_read(articles);
        self.has_reviews = has_reviews;
        result
    }

    fn export_gold_as_read(&mut self, articles: &[i64]) -> Result<Vec<GoldArticle>> {
        let quotes = self.quotes(&crate::db::QuoteFilter::default())?;
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for &id in articles {
            let Some(a) = self.article(id)? else {
                continue;
            };
            let mut name = format!(
                "{}-{}-{}",
                a.published.as_deref().unwrap_or("undated"),
                slug(a.outlet.as_deref().unwrap_or("unknown")),
                slug(a.title.as_deref().unwrap_or(&a.origin))
            );
            if !seen.insert(name.clone()) {
                name = format!("{name}-{id}");
                seen.insert(name.clone());
            }
            let positions = self
                .article_statements(id)?
                .into_iter()
                .map(|s| GoldPosition {
                    holder: s.holder,
                    affiliation: s.affiliation,
                    issue: s.issue,
                    stance: s.stance,
                    evidence: s.evidence,
                })
                .collect();
            out.push(GoldArticle {
                id: name,
                url: a.url,
                outlet: a.outlet,
                published: a.published,
                title: a.title,
                text: a.text,
                quotes: quotes
                    .iter()
                    .filter(|q| q.article == id)
                    .map(|q| GoldQuote {
                        text: q.text.clone(),
                        speaker: q.actor_name.clone().or_else(|| q.speaker.clone()),
                    })
                    .collect(),
                positions,
            });
        }
        Ok(out)
    }

    /// Records the decisions that make the stored `article` read as `gold`
    /// does: each gold position accepted, corrected (stance, holder) or
    /// added from its evidence; the article's other statements rejected;
    /// quotes given the gold speaker; holders the gold affiliation.
    pub fn import_gold(
        &mut self,
        article: i64,
        gold: &GoldArticle,
        reviewer: &str,
    ) -> Result<std::result::Result<GoldImport, String>> {
        let mut report = GoldImport::default();
        let mut decided = 0usize;
        let mut take =
            |store: &mut Store, d: Decision| -> Result<std::result::Result<(), String>> {
                Ok(store.review(d, reviewer)?.map(|_| decided += 1))
            };
        let statements: Vec<PositionRow> = self
            .statements(None, None)?
            .into_iter()
            .filter(|s| s.article == article)
            .collect();
        let mut used = vec![false; statements.len()];
        for g in &gold.positions {
            let candidates: Vec<usize> = (0..statements.len())
                .filter(|&k| {
                    !used[k]
                        && statements[k].issue == g.issue
                        && statements[k].evidence == g.evidence
                })
                .collect();
            let pick = candidates
                .iter()
                .copied()
                .find(|&k| same_name(&statements[k].holder, &g.holder))
                .or_else(|| candidates.first().copied());
            let r = match pick {
                Some(k) => {
                    used[k] = true;
                    let s = &statements[k];
                    let holder_right = same_name(&s.holder, &g.holder);
                    let d = if holder_right && s.stance == g.stance {
                        Decision::Accept {
                            article,
                            start: s.start,
                            end: s.end,
                            issue: s.issue.clone(),
                            actor: s.actor.clone(),
                        }
                    } else {
                        Decision::Correct {
                            article,
                            start: s.start,
                            end: s.end,
                            issue: s.issue.clone(),
                            actor: s.actor.clone(),
                            stance: Some(g.stance.clone()),
                            holder: (!holder_right).then(|| g.holder.clone()),
                            to_issue: None,
                        }
                    };
                    take(self, d)?
                }
                None => {
                    let Some(at) = gold.text.find(&g.evidence) else {
                        return Ok(Err(format!(
                            "{}: evidence {:?} is not in the text",
                            gold.id, g.evidence
                        )));
                    };
                    let start = gold.text[..at].chars().count() as i64;
                    let end = start + g.evidence.chars().count() as i64;
                    take(
                        self,
                        Decision::Add {
                            article,
                            start,
                            end,
                            holder: g.holder.clone(),
                            issue: g.issue.clone(),
                            stance: g.stance.clone(),
                        },
                    )?
                }
            };
            if let Err(why) = r {
                return Ok(Err(format!("{}: {why}", gold.id)));
            }
        }
        for (k, s) in statements.iter().enumerate() {
            if !used[k] {
                let r = take(
                    self,
                    Decision::Reject {
                        article,
                        start: s.start,
                        end: s.end,
                        issue: s.issue.clone(),
                        actor: s.actor.clone(),
                    },
                )?;
                if let Err(why) = r {
                    return Ok(Err(format!("{}: {why}", gold.id)));
                }
            }
        }
        // whom each holder speaks for, as the gold says
        for g in &gold.positions {
            let Some(aff) = g.affiliation.as_deref() else {
                continue;
            };
            let key = self.resolve_actor(&g.holder)?;
            let now = self
                .statements(None, None)?
                .into_iter()
                .find(|s| s.article == article && s.actor == key && s.issue == g.issue);
            if now.is_some_and(|s| s.affiliation.as_deref() != Some(aff)) {
                // a refused affiliation is no reason to stop
                let _ = take(
                    self,
                    Decision::Affiliation {
                        actor: key,
                        affiliation: aff.to_string(),
                    },
                )?;
            }
        }
        let quotes: Vec<crate::db::QuoteRow> = self
            .quotes(&crate::db::QuoteFilter::default())?
            .into_iter()
            .filter(|q| q.article == article)
            .collect();
        let mut used = vec![false; quotes.len()];
        for g in &gold.quotes {
            let Some(k) = (0..quotes.len()).find(|&k| !used[k] && quotes[k].text == g.text) else {
                report.quotes_missing += 1;
                continue;
            };
            used[k] = true;
            let q = &quotes[k];
            let shown = q.actor_name.as_deref().or(q.speaker.as_deref());
            let decision = match (&g.speaker, shown) {
                (Some(speaker), Some(s)) if same_name(s, speaker) => None,
                (Some(speaker), _) => Some(Decision::Speaker {
                    article,
                    start: q.start,
                    end: q.end,
                    speaker: speaker.clone(),
                }),
                (None, Some(_)) => Some(Decision::RejectSpeaker {
                    article,
                    start: q.start,
                    end: q.end,
                }),
                (None, None) => None,
            };
            if let Some(d) = decision
                && let Err(why) = take(self, d)?
            {
                return Ok(Err(format!("{}: {why}", gold.id)));
            }
        }
        report.decisions = decided;
        Ok(Ok(report))
    }
}
