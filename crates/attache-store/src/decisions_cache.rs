//! The decisions in force and their edits, kept between the requests a
//! server answers from one record. Each request opens its own [`Store`];
//! without this, each read every decision and sought every statement one
//! names again (at 100,000 articles with 10,000 decisions, 200 ms of a
//! matrix that takes 1 ms without them).
//!
//! What is kept holds while the record is as it was read: the decisions
//! while no other is taken (their number and the last one's id; decisions
//! are only ever added, so only those after it are read), and the
//! statements the decisions name, found by seeks, while no reanalyse has
//! redone them (`record_counts.redone`, migration 22). After an ingest
//! (`record_counts.writes`) the actors' names are read again, as an
//! ingest may lengthen a name or place an actor: if none changed, the
//! decisions' edits still hold; else the statements kept take their
//! holders' names anew and the edits are worked out again from them, in
//! memory. A record without the counts keeps nothing.

use std::sync::{Arc, Mutex};

use crate::backend::Result;
use crate::db::Store;
use crate::edits::{Edits, Sought};
use crate::review::{ActorNames, Decision, Overlay};

/// Shared by the stores of one record (clones share one cache).
#[derive(Clone, Default)]
pub struct DecisionsCache(Arc<Mutex<Option<Kept>>>);

struct Kept {
    version: Version,
    decisions: Arc<Vec<(i64, Decision)>>,
    names: Arc<ActorNames>,
    overlay: Option<Arc<Overlay>>,
    edits: Option<Arc<Edits>>,
    /// Taken while a store works out the edits, and put back.
    sought: Option<Sought>,
}

/// What the record's version is read as.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Version {
    decisions: i64,
    last_decision: i64,
    writes: i64,
    redone: i64,
}

impl DecisionsCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Kept>> {
        // a panic while it was held leaves nothing half-written: at worst
        // an entry without its edits
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Store {
    /// Keeps the decisions and their edits in `cache` between this store
    /// and others of the same record (a server's requests).
    pub fn share_decisions(&mut self, cache: &DecisionsCache) {
        self.decisions_cache = Some(cache.clone());
    }

    /// The record's version for what `cache` keeps, if it has one.
    fn decisions_version(&mut self) -> Result<Option<Version>> {
        if !self.has_counts {
            return Ok(None);
        }
        let r = self.db.query_one(
            "SELECT (SELECT count(*) FROM reviews), (SELECT coalesce(max(id), 0) FROM reviews),
                    writes, redone FROM record_counts",
            &[],
        )?;
        Ok(r.map(|r| Version {
            decisions: r[0].int(),
            last_decision: r[1].int(),
            writes: r[2].int(),
            redone: r[3].int(),
        }))
    }

    /// The decisions in force, or none when there are none: kept in the
    /// shared cache if this store has one and the record is unchanged.
    pub(crate) fn overlay(&mut self) -> Result<Option<Arc<Overlay>>> {
        if !self.has_reviews {
            return Ok(None);
        }
        let Some(cache) = self.decisions_cache.clone() else {
            return Ok(self.read_overlay()?.map(Arc::new));
        };
        let Some(version) = self.decisions_version()? else {
            return Ok(self.read_overlay()?.map(Arc::new));
        };
        // what still holds of what is kept, taken out to be edited (the
        // entry no longer matches any version meanwhile: a reader that
        // comes now reads anew)
        let mut decisions = None;
        let mut names = None;
        let mut sought = None;
        let mut before = None;
        if let Some(kept) = cache.lock().as_mut() {
            if kept.version == version {
                return Ok(kept.overlay.clone());
            }
            let taken = std::mem::take(&mut kept.decisions);
            if version.last_decision >= kept.version.last_decision {
                decisions = Some((kept.version, taken));
            }
            // a reanalyse makes the statements and actors anew; an ingest
            // only adds articles, and may lengthen a name or place an actor
            if version.redone == kept.version.redone {
                names = Some((
                    version.writes == kept.version.writes,
                    Arc::clone(&kept.names),
                ));
                sought = kept.sought.take();
                before = Some((kept.overlay.take(), kept.edits.take()));
            }
            kept.version.decisions = -1;
        }
        // the decisions, and those taken since the kept ones if only those
        let (decisions, since) = match decisions {
            Some((was, earlier)) => {
                // counted in the same read: a decision with a lower id that
                // commits later (PostgreSQL) is not missed
                let (added, now) = self.read_decisions_counted(was.last_decision)?;
                match was.decisions + added.len() as i64 == now {
                    true => {
                        let mut all = Arc::unwrap_or_clone(earlier);
                        all.extend(added.iter().cloned());
                        (Arc::new(all), Some(added))
                    }
                    // more taken meanwhile: all read again
                    false => (Arc::new(self.read_decisions(0)?), None),
                }
            }
            None => (Arc::new(self.read_decisions(0)?), None),
        };
        let names = match names {
            Some((true, names)) => names,
            Some((false, names)) => {
                let now = self.read_actor_names()?;
                if now == *names {
                    names
                } else {
                    // the statements kept, named as the actors are now
                    for row in sought.iter_mut().flat_map(|s| s.values_mut()).flatten() {
                        if let Some((name, _)) = now.get(&row.actor) {
                            row.holder.clone_from(name);
                        }
                    }
                    Arc::new(now)
                }
            }
            None => Arc::new(self.read_actor_names()?),
        };
        let version = Version {
            decisions: decisions.len() as i64,
            last_decision: decisions.last().map_or(0, |(id, _)| *id),
            ..version
        };
        // under the same names, the kept overlay and edits with the
        // decisions taken since (none, or each one that edits only its own
        // statement or quote), edited: not made again from every decision
        if let (Some(added), Some((overlay, edits))) = (&since, before)
            && overlay
                .as_deref()
                .is_some_and(|o| Arc::ptr_eq(&o.names, &names))
            && added
                .iter()
                .all(|(_, d)| Overlay::edits_its_target_alone(d))
            && let Some(overlay) = overlay
        {
            let (overlay, edits) = if added.is_empty() {
                (overlay, edits)
            } else {
                let mut overlay = Arc::unwrap_or_clone(overlay);
                for (_, d) in added {
                    overlay.add(d);
                }
                let overlay = Arc::new(overlay);
                let edits = match edits {
                    Some(edits) => {
                        let mut edits = Arc::unwrap_or_clone(edits);
                        let taken: Vec<&Decision> = added.iter().map(|(_, d)| d).collect();
                        let mut found = sought.take().unwrap_or_default();
                        self.edits_after(&mut edits, &overlay, &taken, &mut found)?;
                        sought = Some(found);
                        Some(Arc::new(edits))
                    }
                    None => None,
                };
                (overlay, edits)
            };
            *cache.lock() = Some(Kept {
                version,
                decisions,
                names,
                overlay: Some(Arc::clone(&overlay)),
                edits,
                sought,
            });
            return Ok(Some(overlay));
        }
        let overlay =
            (!decisions.is_empty()).then(|| Arc::new(Overlay::of(&decisions, Arc::clone(&names))));
        *cache.lock() = Some(Kept {
            version,
            decisions,
            names,
            overlay: overlay.clone(),
            edits: None,
            sought,
        });
        Ok(overlay)
    }

    /// The edits of `overlay`'s decisions ([`Store::work_out_edits`]):
    /// kept with it in the shared cache, if it came from there.
    pub(crate) fn edits(&mut self, overlay: &Overlay) -> Result<Arc<Edits>> {
        let Some(cache) = self.decisions_cache.clone() else {
            return Ok(Arc::new(self.work_out_edits(overlay, &mut Sought::new())?));
        };
        let ours = |kept: &Kept| {
            kept.overlay
                .as_deref()
                .is_some_and(|o| std::ptr::eq(o, overlay))
        };
        let mut sought = None;
        if let Some(kept) = cache.lock().as_mut()
            && ours(kept)
        {
            if let Some(edits) = &kept.edits {
                return Ok(Arc::clone(edits));
            }
            sought = kept.sought.take();
        }
        let mut sought = sought.unwrap_or_default();
        let edits = Arc::new(self.work_out_edits(overlay, &mut sought)?);
        if let Some(kept) = cache.lock().as_mut()
            && ours(kept)
        {
            kept.edits = Some(Arc::clone(&edits));
            kept.sought = Some(sought);
        }
        Ok(edits)
    }
}
