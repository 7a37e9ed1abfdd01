//! Story flags as a compact bit set, so a play state is cheap to copy, hash and compare.

/// The most flags one scenario may use.
pub const MAX_FLAGS: usize = 128;

/// A set of flags; bit `i` stands for the scenario's `i`th flag.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FlagSet(pub u128);

impl FlagSet {
    /// The empty set.
    pub const EMPTY: FlagSet = FlagSet(0);

    /// A set holding one flag.
    pub fn single(index: usize) -> FlagSet {
        debug_assert!(index < MAX_FLAGS);
        FlagSet(1u128 << index)
    }

    /// True when every flag of `other` is in this set.
    pub fn contains_all(self, other: FlagSet) -> bool {
        self.0 & other.0 == other.0
    }

    /// True when no flag of `other` is in this set.
    pub fn contains_none(self, other: FlagSet) -> bool {
        self.0 & other.0 == 0
    }

    /// Both sets together.
    pub fn union(self, other: FlagSet) -> FlagSet {
        FlagSet(self.0 | other.0)
    }

    /// The flags in both sets.
    pub fn intersection(self, other: FlagSet) -> FlagSet {
        FlagSet(self.0 & other.0)
    }

    /// True when the set holds no flag.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The indices of the flags in the set, lowest first.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        let mut bits = self.0;
        std::iter::from_fn(move || {
            if bits == 0 {
                return None;
            }
            let i = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            Some(i)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let a = FlagSet::single(0).union(FlagSet::single(127));
        assert!(a.contains_all(FlagSet::single(127)));
        assert!(!a.contains_all(FlagSet::single(5)));
        assert!(a.contains_none(FlagSet::single(5)));
        assert_eq!(a.iter().collect::<Vec<_>>(), vec![0, 127]);
        assert!(a.intersection(FlagSet::single(3)).is_empty());
    }
}
