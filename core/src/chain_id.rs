//! Chain ids and the case they belong to (docs/formats.md, Records).
//!
//! A chain id is `CASE/NAME`: the id of the case (chosen by the device that opens the case,
//! a UUID in practice) and, after the first `/`, a name that tells the chains of a case apart
//! (the device id in practice, as each device writes its own chain). Both are signed into
//! every record, so the case a record belongs to cannot be changed after signing.

/// Longest case id.
pub const MAX_CASE_ID_LEN: usize = 64;
/// Longest chain id.
pub const MAX_CHAIN_ID_LEN: usize = 160;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainIdError {
    #[error("chain id must be CASE/NAME")]
    NoCase,
    #[error("chain id is longer than {MAX_CHAIN_ID_LEN} bytes")]
    TooLong,
    #[error("case id must have 1 to {MAX_CASE_ID_LEN} of the characters A-Z a-z 0-9 . _ -")]
    BadCase,
    #[error("chain name must have the characters A-Z a-z 0-9 . _ - : only")]
    BadName,
}

fn is_case_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
}

/// Whether `case` could be a case id: 1 to [`MAX_CASE_ID_LEN`] of A-Z a-z 0-9 . _ -.
pub fn is_case_id(case: &str) -> bool {
    !case.is_empty() && case.len() <= MAX_CASE_ID_LEN && case.chars().all(is_case_char)
}

/// The case id of chain `chain`.
pub fn case_of_chain(chain: &str) -> Result<&str, ChainIdError> {
    if chain.len() > MAX_CHAIN_ID_LEN {
        return Err(ChainIdError::TooLong);
    }
    let (case, name) = chain.split_once('/').ok_or(ChainIdError::NoCase)?;
    if !is_case_id(case) {
        return Err(ChainIdError::BadCase);
    }
    if name.is_empty() || !name.chars().all(|c| is_case_char(c) || c == ':') {
        return Err(ChainIdError::BadName);
    }
    Ok(case)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(chain: &str, expected: Result<&str, ChainIdError>) {
        assert_eq!(case_of_chain(chain), expected, "{chain:?}");
    }

    #[test]
    fn chain_ids() {
        let long_case = "c".repeat(MAX_CASE_ID_LEN + 1);
        let long_chain = format!("case/{}", "n".repeat(MAX_CHAIN_ID_LEN));
        let cases = [
            (
                "0193a1b2-7c00-7def-8000-000000000001/3f2a",
                Ok("0193a1b2-7c00-7def-8000-000000000001"),
            ),
            ("case-1/device:2", Ok("case-1")),
            ("case-1", Err(ChainIdError::NoCase)),
            ("/device", Err(ChainIdError::BadCase)),
            ("case 1/device", Err(ChainIdError::BadCase)),
            ("案件/device", Err(ChainIdError::BadCase)),
            ("case/", Err(ChainIdError::BadName)),
            ("case/a/b", Err(ChainIdError::BadName)),
            (long_case.as_str(), Err(ChainIdError::NoCase)),
            (long_chain.as_str(), Err(ChainIdError::TooLong)),
        ];
        for (chain, expected) in cases {
            check(chain, expected);
        }
        check(&format!("{long_case}/d"), Err(ChainIdError::BadCase));
    }
}
