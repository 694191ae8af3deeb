//! Percentiles of statistics, by the nearest-rank method: always one of the values, so a
//! median of working days is a whole number of days anyone can check by sorting.

/// The `p`-th percentile (0 < p ≤ 100) of `values` by nearest rank: the value at rank
/// ⌈p/100 · n⌉ of the sorted values; `None` for no values.
pub fn nearest_rank(values: &mut [u32], p: u32) -> Option<u32> {
    if values.is_empty() || p == 0 || p > 100 {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    let rank = (p as usize * n).div_ceil(100).max(1);
    Some(values[rank - 1])
}

/// [`nearest_rank`] of values given as a histogram: how many times (`count`) each value
/// occurs, in any order. The same answer as over the values written out, without writing
/// them out: a statistic over 100,000 decided cases reads a few hundred (value, count) rows.
pub fn nearest_rank_of_counts(counts: &[(u32, u64)], p: u32) -> Option<u32> {
    let n: u64 = counts.iter().map(|&(_, count)| count).sum();
    if n == 0 || p == 0 || p > 100 {
        return None;
    }
    let rank = (u64::from(p) * n).div_ceil(100).max(1);
    let mut sorted: Vec<(u32, u64)> = counts.to_vec();
    sorted.sort_unstable();
    let mut seen = 0;
    for (value, count) in sorted {
        seen += count;
        if seen >= rank {
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{nearest_rank, nearest_rank_of_counts};
    use proptest::prelude::*;

    #[test]
    fn nearest_rank_takes_one_of_the_values() {
        assert_eq!(nearest_rank(&mut [], 50), None);
        assert_eq!(nearest_rank(&mut [7], 50), Some(7));
        assert_eq!(nearest_rank(&mut [4, 1, 3, 2], 50), Some(2));
        assert_eq!(nearest_rank(&mut [4, 1, 3, 2, 5], 50), Some(3));
        let mut ten: Vec<u32> = (1..=10).collect();
        assert_eq!(nearest_rank(&mut ten, 90), Some(9));
        assert_eq!(nearest_rank(&mut ten, 100), Some(10));
    }

    proptest! {
        #[test]
        fn counts_give_the_percentile_of_the_values_written_out(
            counts in proptest::collection::vec((0u32..300, 0u64..20), 0..40),
            p in 0u32..=101,
        ) {
            let mut values: Vec<u32> = counts
                .iter()
                .flat_map(|&(value, count)| std::iter::repeat_n(value, count as usize))
                .collect();
            prop_assert_eq!(nearest_rank_of_counts(&counts, p), nearest_rank(&mut values, p));
        }
    }
}
