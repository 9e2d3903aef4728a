//! Output: the `Doc` becomes an [`Analysis`]:
//! byte ranges to character offsets, actors with at least one mention and
//! their cross-article keys, kept quotes with their speakers, positions (the
//! clearest per holder and issue, or every statement).

use super::Doc;
use super::positions::PositionBuild;
use super::words::slug;
use crate::analysis;
use crate::analysis::{
    Actor, Analysis, Cue, Evidence, Holder, Position, Quote, Span, Speaker, StanceKind,
};
use crate::catalogue::Catalogue;
use crate::text::CharIndex;
use std::collections::HashMap;
use std::ops::Range;

impl<'t> Doc<'t> {
    pub(super) fn into_analysis(
        self,
        found: Option<(&Catalogue, Vec<PositionBuild>)>,
        all_statements: bool,
    ) -> Analysis {
        let idx = CharIndex::new(self.text);
        let span = |r: &Range<usize>| Span {
            start: idx.char_offset(r.start),
            end: idx.char_offset(r.end),
        };
        // ids: slug of the name, unique
        let mut used: HashMap<String, usize> = HashMap::new();
        let mut ids = Vec::with_capacity(self.actors.len());
        for a in &self.actors {
            let base = slug(&a.name);
            let n = used.entry(base.clone()).or_insert(0);
            *n += 1;
            ids.push(if *n == 1 { base } else { format!("{base}-{n}") });
        }
        let actors = self
            .actors
            .iter()
            .enumerate()
            .filter(|(_, a)| !a.mentions.is_empty())
            .map(|(i, a)| {
                let mut mentions: Vec<Span> = a.mentions.iter().map(span).collect();
                mentions.sort_by_key(|s| (s.start, s.end));
                mentions.dedup();
                Actor {
                    id: ids[i].clone(),
                    key: self.actor_key(a),
                    name: a.name.clone(),
                    kind: a.kind,
                    role: a.role.clone(),
                    affiliation: a.affiliation.clone(),
                    mentions,
                }
            })
            .collect();
        let quotes = self
            .quotes
            .iter()
            .filter(|q| q.keep)
            .map(|q| {
                let s = span(&q.span.inner);
                Quote {
                    text: self.text[q.span.inner.clone()].to_string(),
                    start: s.start,
                    end: s.end,
                    kind: q.kind,
                    cue: q.cue.as_ref().map(|r| {
                        let s = span(r);
                        Cue {
                            text: self.text[r.clone()].to_string(),
                            start: s.start,
                            end: s.end,
                        }
                    }),
                    speaker: q.speaker.as_ref().map(|(a, m, name)| Speaker {
                        // an unresolved "he" or "they" names no one
                        name: (a.is_some() || self.lex.pronoun(name).is_none())
                            .then(|| name.clone()),
                        actor: a.map(|a| ids[a].clone()),
                        mention: span(m),
                    }),
                }
            })
            .collect();
        let (positions, statements) = match found {
            Some((cat, builds)) => {
                let to_position = |p: &PositionBuild| {
                    let s = span(&p.evidence);
                    Position {
                        holder: Holder {
                            name: p.name.clone(),
                            actor: p.actor.map(|a| ids[a].clone()),
                        },
                        affiliation: p.actor.and_then(|a| self.actors[a].affiliation.clone()),
                        issue: cat.issues[p.issue].id.clone(),
                        stance: if p.polarity > 0 {
                            StanceKind::Support
                        } else {
                            StanceKind::Oppose
                        },
                        confidence: p.confidence,
                        evidence: Evidence {
                            start: s.start,
                            end: s.end,
                            text: self.text[p.evidence.clone()].to_string(),
                        },
                    }
                };
                // one stance per holder and issue: the most confident, then the first
                let mut best: Vec<&PositionBuild> = Vec::new();
                for p in &builds {
                    let key = |q: &PositionBuild| {
                        (
                            q.actor,
                            if q.actor.is_none() {
                                q.name.clone()
                            } else {
                                String::new()
                            },
                            q.issue,
                        )
                    };
                    match best.iter_mut().find(|b| key(b) == key(p)) {
                        Some(b) if p.directness > b.directness => *b = p,
                        Some(_) => {}
                        None => best.push(p),
                    }
                }
                let statements = all_statements.then(|| builds.iter().map(to_position).collect());
                (
                    Some(best.into_iter().map(to_position).collect()),
                    statements,
                )
            }
            None => (None, None),
        };
        Analysis {
            schema: analysis::SCHEMA.to_string(),
            source: None,
            chars: idx.char_len(),
            actors,
            quotes,
            positions,
            statements,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Analyzer;

    #[test]
    fn spans_are_character_offsets_and_every_actor_is_mentioned() {
        let text = "Ünal Öztürk – “Ça va,” said Anna Marrow.";
        let a = Analyzer::default().analyze(text);
        let q = &a.quotes[0];
        let at = |s: usize, e: usize| text.chars().skip(s).take(e - s).collect::<String>();
        assert_eq!(at(q.start, q.end), q.text);
        let sp = q.speaker.as_ref().unwrap();
        assert_eq!(at(sp.mention.start, sp.mention.end), "Anna Marrow");
        assert_eq!(sp.name.as_deref(), Some("Anna Marrow"));
        assert_eq!(a.chars, text.chars().count());
        assert!(a.actors.iter().all(|x| !x.mentions.is_empty()));
        assert_eq!(
            sp.actor.as_deref(),
            a.actors
                .iter()
                .find(|x| x.name == "Anna Marrow")
                .map(|x| x.id.as_str())
        );
    }
}
