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

#[cfg(test)]
mod tests {
    use super::nearest_rank;

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
}
