//! Near-duplicate detection: MinHash signatures over three-word shingles of
//! the lower-cased words, with locality-sensitive banding to find
//! candidates. Copies of one agency story with a new headline and small
//! edits share most shingles (Jaccard similarity well above one half);
//! different stories share almost none.

use std::collections::HashMap;

/// FNV-1a: stable across platforms and releases, which stored values need.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[inline(always)]
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A text's words (runs of alphanumeric characters), lower-cased, in one
/// buffer: no allocation for an ASCII word.
struct Words {
    buf: String,
    ends: Vec<usize>,
}

impl Words {
    fn of(text: &str) -> Words {
        let mut buf = String::with_capacity(text.len());
        let mut ends = Vec::with_capacity(text.len() / 5);
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            if word.is_empty() {
                continue;
            }
            let start = buf.len();
            if word.is_ascii() {
                buf.push_str(word);
                buf[start..].make_ascii_lowercase();
            } else {
                // the word alone, as `str::to_lowercase` folds it (a final sigma)
                buf.push_str(&word.to_lowercase());
            }
            ends.push(buf.len());
        }
        Words { buf, ends }
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.buf.as_bytes()[start..self.ends[i]]
    }

    /// [`fnv1a`] of the words joined by spaces, without joining them.
    fn joined_hash(&self, from: usize, to: usize) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for i in from..to {
            let space: &[u8] = if i == from { b"" } else { b" " };
            for &b in space.iter().chain(self.get(i)) {
                h ^= b as u64;
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        h
    }
}

pub const HASHES: usize = 64;
const BANDS: usize = 16;
const ROWS: usize = HASHES / BANDS;

/// Estimated Jaccard similarity at or above which two texts are one story.
pub const SAME_STORY: f64 = 0.5;

pub type Signature = [u64; HASHES];

pub fn signature(text: &str) -> Signature {
    signature_of(&Words::of(text))
}

fn signature_of(w: &Words) -> Signature {
    let shingles: Vec<u64> = if w.len() < 3 {
        (0..w.len()).map(|i| fnv1a(w.get(i))).collect()
    } else {
        (0..w.len() - 2).map(|i| w.joined_hash(i, i + 3)).collect()
    };
    min_hashes(&shingles)
}

/// Each lane's salt: lane `i` hashes a shingle `h` as `mix(h ^ SALTS[i])`.
const SALTS: [u64; HASHES] = {
    let mut salts = [0; HASHES];
    let mut i = 0;
    while i < HASHES {
        salts[i] = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        i += 1;
    }
    salts
};

/// Every lane's least hash of the shingles: with AVX-512 where the CPU has
/// it (eight lanes in one instruction), the same arithmetic otherwise.
fn min_hashes(shingles: &[u64]) -> Signature {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512dq")
    {
        // SAFETY: the CPU has the features the function is compiled for
        return unsafe { min_hashes_avx512(shingles) };
    }
    min_hashes_in_lanes(shingles)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq")]
fn min_hashes_avx512(shingles: &[u64]) -> Signature {
    min_hashes_in_lanes(shingles)
}

/// The lanes' loop, written for the compiler to vectorise.
#[inline(always)]
fn min_hashes_in_lanes(shingles: &[u64]) -> Signature {
    let mut sig = [u64::MAX; HASHES];
    for &h in shingles {
        for (m, salt) in sig.iter_mut().zip(SALTS) {
            *m = (*m).min(mix(h ^ salt));
        }
    }
    sig
}

pub fn similarity(a: &Signature, b: &Signature) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / HASHES as f64
}

/// A signature's sketch: the low byte of each hash (b-bit MinHash, b = 8),
/// an eighth of its size, so the story look-up reads its candidates'
/// sketches from a table eight times denser than their signatures.
pub fn sketch(s: &Signature) -> Vec<u8> {
    s.iter().map(|x| x.to_le_bytes()[0]).collect()
}

/// The share of `a`'s hashes whose low byte another text's [`sketch`]
/// holds: never below the signatures' [`similarity`] (equal hashes share
/// their low byte), above it by the different hashes that share theirs by
/// chance (one time in 256). So every pair the signatures join at
/// [`SAME_STORY`] is joined by the sketch too. `None` for a sketch of
/// another length.
pub fn sketch_similarity(a: &Signature, sketch: &[u8]) -> Option<f64> {
    if sketch.len() != HASHES {
        return None;
    }
    let same = a
        .iter()
        .zip(sketch)
        .filter(|(x, y)| x.to_le_bytes()[0] == **y)
        .count();
    Some(same as f64 / HASHES as f64)
}

pub fn to_bytes(s: &Signature) -> Vec<u8> {
    s.iter().flat_map(|x| x.to_le_bytes()).collect()
}

pub fn from_bytes(b: &[u8]) -> Option<Signature> {
    let mut s = [0u64; HASHES];
    if b.len() != HASHES * 8 {
        return None;
    }
    for (i, c) in b.chunks_exact(8).enumerate() {
        s[i] = u64::from_le_bytes(c.try_into().ok()?);
    }
    Some(s)
}

/// The signature's band keys: two signatures that share one are candidates
/// for one story. Stored (as `i64`) in the record's `story_bands`.
pub fn band_keys(sig: &Signature) -> [i64; BANDS] {
    let mut keys = [0i64; BANDS];
    for (k, key) in StoryIndex::band_keys(sig).enumerate() {
        keys[k] = key as i64;
    }
    keys
}

/// Stories by signature bands: candidates in O(1), verified by similarity.
#[derive(Default)]
pub struct StoryIndex {
    stories: Vec<(i64, Signature)>,
    bands: HashMap<u64, Vec<usize>>,
}

impl StoryIndex {
    fn band_keys(sig: &Signature) -> impl Iterator<Item = u64> + '_ {
        (0..BANDS).map(move |b| {
            let mut h = fnv1a(&(b as u64).to_le_bytes());
            for v in &sig[b * ROWS..(b + 1) * ROWS] {
                h = mix(h ^ v);
            }
            h
        })
    }

    pub fn insert(&mut self, story: i64, sig: Signature) {
        let k = self.stories.len();
        for key in Self::band_keys(&sig) {
            self.bands.entry(key).or_default().push(k);
        }
        self.stories.push((story, sig));
    }

    /// The most similar stored story at or above `SAME_STORY`.
    pub fn find(&self, sig: &Signature) -> Option<i64> {
        let mut best: Option<(f64, i64)> = None;
        for key in Self::band_keys(sig) {
            for &k in self.bands.get(&key).into_iter().flatten() {
                let (story, other) = &self.stories[k];
                let s = similarity(sig, other);
                if s >= SAME_STORY && best.is_none_or(|(bs, _)| s > bs) {
                    best = Some((s, *story));
                }
            }
        }
        best.map(|(_, s)| s)
    }
}

/// What the record compares an article by: its content key (exact
/// copies) and MinHash signature (copies of one story). Worked out where
/// the article is analysed, so the one writer does not.
#[derive(Clone, Debug)]
pub struct Fingerprint {
    pub content_key: String,
    pub signature: Signature,
}

impl Fingerprint {
    pub fn of(text: &str) -> Fingerprint {
        let words = Words::of(text);
        Fingerprint {
            content_key: content_key_of(&words),
            signature: signature_of(&words),
        }
    }
}

/// A key for exact duplicates: the words of the text, case and spacing folded.
pub fn content_key(text: &str) -> String {
    content_key_of(&Words::of(text))
}

fn content_key_of(w: &Words) -> String {
    format!("{:016x}", w.joined_hash(0, w.len()))
}

/// The band key under which the band index finds a content key's story
/// (so an exact copy is found without a unique index on the key, whose
/// random pages a commit would write one an article). Its own prefix, so
/// it is no signature band's key but by a 64-bit coincidence, and it never
/// counts towards a band's fullness: no other story has it.
pub fn content_band(content_key: &str) -> i64 {
    let mut bytes = b"content:".to_vec();
    bytes.extend_from_slice(content_key.as_bytes());
    mix(fnv1a(&bytes)) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stored signatures must not change: whichever path the CPU takes,
    /// each lane is the least of `mix(h ^ i * φ)` as it always was.
    #[test]
    fn every_path_hashes_the_lanes_as_stored_signatures_were() {
        let lanes_one_by_one = |shingles: &[u64]| {
            let mut sig = [u64::MAX; HASHES];
            for (i, m) in sig.iter_mut().enumerate() {
                for &h in shingles {
                    *m = (*m).min(mix(h ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)));
                }
            }
            sig
        };
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for n in [0, 1, 2, 7, 64, 300] {
            let shingles: Vec<u64> = (0..n)
                .map(|_| {
                    state = mix(state);
                    state
                })
                .collect();
            let expected = lanes_one_by_one(&shingles);
            assert_eq!(min_hashes(&shingles), expected, "{n} shingles");
            assert_eq!(min_hashes_in_lanes(&shingles), expected, "{n} shingles");
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx512f")
                && std::arch::is_x86_feature_detected!("avx512dq")
            {
                // SAFETY: the CPU has the features
                let vector = unsafe { min_hashes_avx512(&shingles) };
                assert_eq!(vector, expected, "{n} shingles");
            }
        }
        let w = Words::of(STORY);
        let shingles: Vec<u64> = (0..w.len() - 2).map(|i| w.joined_hash(i, i + 3)).collect();
        assert_eq!(signature(STORY), lanes_one_by_one(&shingles));
    }

    /// `mix` is SplitMix64's finaliser: its published first outputs (seed 0).
    #[test]
    fn mix_is_splitmix64() {
        let gamma = 0x9E37_79B9_7F4A_7C15u64;
        let outputs = [1u64, 2, 3].map(|k| mix(gamma.wrapping_mul(k)));
        assert_eq!(
            outputs,
            [
                0xE220_A839_7B1D_CDAF,
                0x6E78_9E6A_A1B9_65F4,
                0x06C4_5D18_8009_454F
            ]
        );
    }

    const STORY: &str = "Negotiators from both countries met in Geneva on Tuesday and agreed to resume \
        talks on a prisoner exchange next month, officials said. The talks, the first in a year, \
        lasted six hours and ended with a joint statement that promised further meetings on \
        humanitarian questions, including the return of children and the repair of a dam.";

    #[test]
    fn edited_copies_are_similar_and_other_stories_not() {
        let copy = format!(
            "Geneva talks yield deal on prisoners\n\n{}",
            STORY.replace("six hours", "nearly six hours")
        );
        let other = "The central bank raised interest rates by half a point on Thursday, citing \
            stubborn inflation in services and a tight labour market, and signalled more to come.";
        let (a, b, c) = (signature(STORY), signature(&copy), signature(other));
        assert!(similarity(&a, &b) >= SAME_STORY, "{}", similarity(&a, &b));
        assert!(similarity(&a, &c) < 0.2, "{}", similarity(&a, &c));
        let mut idx = StoryIndex::default();
        idx.insert(7, a);
        assert_eq!(idx.find(&b), Some(7));
        assert_eq!(idx.find(&c), None);
        assert_eq!(from_bytes(&to_bytes(&a)), Some(a));
        assert_eq!(content_key("A  b\nC"), content_key("a b c"));
    }

    #[test]
    fn a_sketch_estimates_the_similarity_of_the_signatures() {
        let other = "The central bank raised interest rates by half a point on Thursday, citing \
            stubborn inflation in services and a tight labour market, and signalled more to come.";
        let a = signature(STORY);
        // copies edited more and more, down to another story
        let words: Vec<&str> = STORY.split(' ').collect();
        for cut in [0, 5, 10, 20, 30, words.len()] {
            let text = format!(
                "{} {}",
                words[cut..].join(" "),
                &other[..other.len() * cut / words.len()]
            );
            let b = signature(&text);
            let (full, sketched) = (
                similarity(&a, &b),
                sketch_similarity(&a, &sketch(&b)).unwrap(),
            );
            // never below, and above by the chance matches of 64 low bytes
            assert!(
                full <= sketched && sketched - full <= 0.07,
                "cut {cut}: {full} against {sketched}"
            );
        }
        // half the hashes equal, the others differing in their low byte: at
        // the threshold by both
        let mut half = a;
        for h in &mut half[HASHES / 2..] {
            *h ^= 1;
        }
        assert_eq!(similarity(&a, &half), SAME_STORY);
        assert_eq!(sketch_similarity(&a, &sketch(&half)), Some(SAME_STORY));
        assert_eq!(sketch_similarity(&a, &sketch(&a)), Some(1.0));
        assert!(sketch_similarity(&a, &sketch(&signature(other))).unwrap() < 0.2);
        assert_eq!(sketch_similarity(&a, &[0; 8]), None);
    }

    /// The words as the record's first signatures and content keys were
    /// made from: each word lower-cased alone, joined by spaces.
    fn joined_words(text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    }

    #[test]
    fn keys_and_signatures_hash_the_words_as_joined() {
        // stored keys and signatures must not change with the code that makes them
        for text in [
            STORY,
            "Grain  corridor\nTALKS",
            "two words",
            "",
            "ΟΔΥΣΣΕΥΣ met İstanbul's STRAẞE officials; Ærø’s mayor said «no» — 12,5 %",
            "ΣΟΦΟΣ ΣΟΦΟΣ-ΣΟΦΟΣ",
        ] {
            let words = joined_words(text);
            assert_eq!(
                content_key(text),
                format!("{:016x}", fnv1a(words.join(" ").as_bytes())),
                "{text}"
            );
            let shingles: Vec<u64> = if words.len() < 3 {
                words.iter().map(|w| fnv1a(w.as_bytes())).collect()
            } else {
                words
                    .windows(3)
                    .map(|s| fnv1a(s.join(" ").as_bytes()))
                    .collect()
            };
            let mut expected = [u64::MAX; HASHES];
            for h in shingles {
                for (i, m) in expected.iter_mut().enumerate() {
                    *m = (*m).min(mix(h ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)));
                }
            }
            assert_eq!(signature(text), expected, "{text}");
        }
    }
}
