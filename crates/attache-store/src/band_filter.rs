//! A Bloom filter of the band keys in every level of the record's band
//! index, kept by one SQLite writer: a story look-up seeks the levels only
//! for the keys the filter may hold. A new story's keys miss almost always,
//! so most look-ups read nothing (seeks of the older levels were a quarter
//! of the writer's time at 100,000 articles; of the newest, a tenth).
//!
//! The filter answers "maybe" for every key it was given (no false
//! negatives), and "no" for about 1% of the others' "maybe". The store
//! keeps it true: every key the writer adds to the index is added, and a
//! commit of another connection (which may have added keys it never saw)
//! makes the store drop it (see `Store::check_other_writers`).

/// Bits per key the filter is sized for.
const BITS_PER_KEY: usize = 12;
/// Bits set per key, all in one 64-bit word (one cache line read a key).
const BITS_SET: u32 = 6;

pub(crate) struct BandFilter {
    words: Vec<u64>,
    keys: usize,
    capacity: usize,
}

impl BandFilter {
    /// An empty filter for `capacity` keys.
    pub(crate) fn with_capacity(capacity: usize) -> BandFilter {
        let words = (capacity.max(1024) * BITS_PER_KEY).div_ceil(64);
        BandFilter {
            words: vec![0; words],
            keys: 0,
            capacity: words * 64 / BITS_PER_KEY,
        }
    }

    /// The word and the bits of `key`.
    fn place(&self, key: i64) -> (usize, u64) {
        let h = remix(key as u64);
        // the word: `h` scaled to the length (no division)
        let word = ((u128::from(h) * self.words.len() as u128) >> 64) as usize;
        let mut bits = 0u64;
        let mut rest = remix(h);
        for _ in 0..BITS_SET {
            bits |= 1 << (rest & 63);
            rest >>= 6;
        }
        (word, bits)
    }

    pub(crate) fn insert(&mut self, key: i64) {
        let (word, bits) = self.place(key);
        self.words[word] |= bits;
        self.keys += 1;
    }

    /// False only if `key` was never inserted.
    pub(crate) fn may_contain(&self, key: i64) -> bool {
        let (word, bits) = self.place(key);
        self.words[word] & bits == bits
    }

    /// Whether more keys went in than it was sized for (its false
    /// "maybe" grows past the bound): time to build a larger one.
    pub(crate) fn is_full(&self) -> bool {
        self.keys > self.capacity
    }

    pub(crate) fn keys(&self) -> usize {
        self.keys
    }
}

/// SplitMix64's finaliser: the band keys are hashes already, but of a
/// known construction; this spreads any structure left over the bits.
fn remix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys as the band keys are: 64-bit hashes, of disjoint inputs for
    /// each seed.
    fn keys(seed: u64, n: usize) -> impl Iterator<Item = i64> {
        (0..n as u64)
            .map(move |i| remix((seed << 40 | i).wrapping_mul(0x9e37_79b9_7f4a_7c15)) as i64)
    }

    #[test]
    fn every_key_put_in_is_found() {
        let mut f = BandFilter::with_capacity(50_000);
        for k in keys(1, 50_000) {
            f.insert(k);
        }
        assert!(keys(1, 50_000).all(|k| f.may_contain(k)));
        assert!(!f.is_full());
    }

    #[test]
    fn few_keys_never_put_in_pass() {
        let mut f = BandFilter::with_capacity(50_000);
        for k in keys(1, 50_000) {
            f.insert(k);
        }
        let passed = keys(2, 100_000).filter(|&k| f.may_contain(k)).count();
        assert!(passed < 2_000, "{passed} of 100,000 strangers pass");
    }

    #[test]
    fn an_empty_filter_passes_nothing_and_a_full_one_says_so() {
        let mut f = BandFilter::with_capacity(1024);
        assert!(keys(3, 1000).all(|k| !f.may_contain(k)));
        for k in keys(3, f.capacity + 1) {
            f.insert(k);
        }
        assert!(f.is_full());
    }
}
