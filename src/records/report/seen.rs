//! The attempts (or learners) a report has counted, by hash, in 256 sets chosen by the hash's
//! top 8 bits, each keeping the hash's low 64 bits: 72 bits in all, so two of a million
//! different attempts share one with a chance of about 1 in 10^10. One set of a million would,
//! while it grows, hold its old table and a new one twice the size; each of 256 smaller sets
//! grows on its own, so the report's memory stays near 8 to 16 bytes an attempt.

use rustc_hash::FxHashSet;

const SHARDS: usize = 256;

#[derive(Debug, Default)]
pub(super) struct Seen {
    shards: Vec<FxHashSet<u64>>,
    len: usize,
}

impl Seen {
    fn shard(hash: u128) -> usize {
        (hash >> 120) as usize % SHARDS
    }

    fn low(hash: u128) -> u64 {
        hash as u64
    }

    /// Adds `hash`; false when it was there already.
    pub(super) fn insert(&mut self, hash: u128) -> bool {
        if self.shards.is_empty() {
            self.shards.resize_with(SHARDS, FxHashSet::default);
        }
        let fresh = self.shards[Self::shard(hash)].insert(Self::low(hash));
        self.len += usize::from(fresh);
        fresh
    }

    pub(super) fn contains(&self, hash: u128) -> bool {
        self.shards
            .get(Self::shard(hash))
            .is_some_and(|s| s.contains(&Self::low(hash)))
    }

    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// Every hash kept, as the 72 bits kept of it (the rest zero).
    pub(super) fn iter(&self) -> impl Iterator<Item = u128> + '_ {
        self.shards.iter().enumerate().flat_map(|(i, s)| {
            s.iter()
                .map(move |&low| ((i as u128) << 120) | u128::from(low))
        })
    }

    /// Adds every hash of `other`.
    pub(super) fn extend(&mut self, other: Seen) {
        for hash in other.iter() {
            self.insert(hash);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_hash_is_kept_once() {
        let mut a = Seen::default();
        assert!(!a.contains(7));
        assert!(a.insert(7));
        assert!(!a.insert(7));
        assert!(a.insert(u128::MAX));
        let mut b = Seen::default();
        b.insert(7);
        b.insert(1 << 127);
        a.extend(b);
        assert_eq!(a.len(), 3);
        assert!(a.contains(1 << 127));
        let mut all: Vec<u128> = a.iter().collect();
        all.sort_unstable();
        assert_eq!(all, [7, 1 << 127, (0xff << 120) | u128::from(u64::MAX)]);
        assert!(
            a.contains(u128::MAX),
            "a hash is known by the bits kept of it"
        );
    }
}
