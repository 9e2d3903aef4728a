//! The band keys of the stories a transaction made, held by the writer
//! until its commit and then written into the band index's newest level
//! in key order (`Store::write_deferred`). One story's keys are random, so
//! written as each story is made they land all over the level's pages;
//! a group's keys written at once, sorted, walk them in order (docs/record.md,
//! "The band index at a million"). Look-ups made before the commit
//! read them here as well as in the record.

use rustc_hash::FxHashMap;

const NONE: u32 = u32::MAX;

#[derive(Default)]
pub(crate) struct PendingBands {
    /// (band, story) as added.
    added: Vec<(i64, i64)>,
    /// For the rows indexed so far (a prefix of `added`, indexed when a
    /// look-up first needs them, so adding costs a push): each band's
    /// last row, and each row's previous row of the same band.
    last: FxHashMap<i64, u32>,
    previous: Vec<u32>,
}

impl PendingBands {
    pub(crate) fn add(&mut self, band: i64, story: i64) {
        self.added.push((band, story));
    }

    /// Appends the stories of `band` not written yet to `out`.
    pub(crate) fn stories_into(&mut self, band: i64, out: &mut Vec<i64>) {
        for row in self.previous.len()..self.added.len() {
            let previous = self
                .last
                .insert(self.added[row].0, row as u32)
                .unwrap_or(NONE);
            self.previous.push(previous);
        }
        let mut row = self.last.get(&band).copied().unwrap_or(NONE);
        while row != NONE {
            out.push(self.added[row as usize].1);
            row = self.previous[row as usize];
        }
    }

    /// A mark to go back to with [`PendingBands::truncate`].
    pub(crate) fn mark(&self) -> usize {
        self.added.len()
    }

    /// Forgets what was added after `mark` (a savepoint rolled back).
    pub(crate) fn truncate(&mut self, mark: usize) {
        for row in (mark..self.previous.len()).rev() {
            let band = self.added[row].0;
            match self.previous[row] {
                NONE => self.last.remove(&band),
                previous => self.last.insert(band, previous),
            };
        }
        self.previous.truncate(mark);
        self.added.truncate(mark);
    }

    /// Every (band, story) added, in key order, and none kept.
    pub(crate) fn take_sorted(&mut self) -> Vec<(i64, i64)> {
        self.last.clear();
        self.previous.clear();
        let mut rows = std::mem::take(&mut self.added);
        rows.sort_unstable();
        rows.dedup();
        rows
    }

    pub(crate) fn clear(&mut self) {
        self.added.clear();
        self.last.clear();
        self.previous.clear();
    }

    /// The bands added (a band once for each story).
    pub(crate) fn bands(&self) -> impl Iterator<Item = i64> + '_ {
        self.added.iter().map(|&(band, _)| band)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stories(p: &mut PendingBands, band: i64) -> Vec<i64> {
        let mut out = Vec::new();
        p.stories_into(band, &mut out);
        out.sort_unstable();
        out
    }

    #[test]
    fn rows_are_found_by_band_taken_back_to_a_mark_and_given_in_key_order() {
        let mut p = PendingBands::default();
        p.add(30, 1);
        p.add(-5, 1);
        let mark = p.mark();
        p.add(30, 2);
        assert_eq!(stories(&mut p, 30), [1, 2]);
        // rows added after the last look-up, and taken back before the next
        p.add(7, 2);
        p.add(30, 3);
        p.truncate(mark);
        assert_eq!(stories(&mut p, 30), [1]);
        assert!(stories(&mut p, 7).is_empty());
        p.add(30, 4);
        assert_eq!(stories(&mut p, 30), [1, 4]);
        let mut bands: Vec<i64> = p.bands().collect();
        bands.sort_unstable();
        assert_eq!(bands, [-5, 30, 30]);
        p.add(12, 3);
        assert_eq!(p.take_sorted(), [(-5, 1), (12, 3), (30, 1), (30, 4)]);
        assert!(stories(&mut p, 30).is_empty() && p.take_sorted().is_empty());
    }
}
