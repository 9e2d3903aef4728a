//! The decisions in force and their edits, kept between the requests a
//! server answers from one record. Each request opens its own [`Store`];
//! without this, each read every decision and sought every statement one
//! names again (at 100,000 articles with 10,000 decisions, 180 ms of a
//! matrix that takes 1 ms without them).
//!
//! What is kept holds while the record's version is the one it was read
//! at: the number of decisions and the last one's id (decisions are only
//! ever added), and `record_counts.writes`, which each transaction that
//! stores or redoes statements (ingest, reanalyse) adds one to
//! (migration 22). A record without it keeps nothing.

use std::sync::{Arc, Mutex};

use crate::backend::Result;
use crate::db::Store;
use crate::edits::Edits;
use crate::review::Overlay;

/// Shared by the stores of one record (clones share one cache).
#[derive(Clone, Default)]
pub struct DecisionsCache(Arc<Mutex<Option<Kept>>>);

struct Kept {
    version: [i64; 3],
    overlay: Option<Arc<Overlay>>,
    edits: Option<Arc<Edits>>,
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
    fn decisions_version(&mut self) -> Result<Option<[i64; 3]>> {
        if !self.has_counts {
            return Ok(None);
        }
        let r = self.db.query_one(
            "SELECT (SELECT count(*) FROM reviews), (SELECT coalesce(max(id), 0) FROM reviews),
                    (SELECT writes FROM record_counts)",
            &[],
        )?;
        Ok(r.map(|r| [r[0].int(), r[1].int(), r[2].int()]))
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
        if let Some(kept) = cache.lock().as_ref()
            && kept.version == version
        {
            return Ok(kept.overlay.clone());
        }
        let overlay = self.read_overlay()?.map(Arc::new);
        *cache.lock() = Some(Kept {
            version,
            overlay: overlay.clone(),
            edits: None,
        });
        Ok(overlay)
    }

    /// The edits of `overlay`'s decisions ([`Store::work_out_edits`]):
    /// kept with it in the shared cache, if it came from there.
    pub(crate) fn edits(&mut self, overlay: &Overlay) -> Result<Arc<Edits>> {
        let Some(cache) = self.decisions_cache.clone() else {
            return Ok(Arc::new(self.work_out_edits(overlay)?));
        };
        let ours = |kept: &Kept| {
            kept.overlay
                .as_deref()
                .is_some_and(|o| std::ptr::eq(o, overlay))
        };
        if let Some(kept) = cache.lock().as_ref()
            && ours(kept)
            && let Some(edits) = &kept.edits
        {
            return Ok(Arc::clone(edits));
        }
        let edits = Arc::new(self.work_out_edits(overlay)?);
        if let Some(kept) = cache.lock().as_mut()
            && ours(kept)
        {
            kept.edits = Some(Arc::clone(&edits));
        }
        Ok(edits)
    }
}
