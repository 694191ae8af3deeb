//! How the console writes times, digests and links.

/// China Standard Time, the jurisdiction's clock (UTC+8, no daylight saving).
const OFFSET_US: i64 = 8 * 3600 * 1_000_000;

/// `YYYY-MM-DD HH:MM:SS` in China Standard Time of microseconds since the Unix epoch.
pub fn time(us: i64) -> String {
    let local = us + OFFSET_US;
    let secs = local.div_euclid(1_000_000);
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (year, month, day) = civil(days);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// An optional time, or a dash.
pub fn maybe_time(us: Option<i64>) -> String {
    us.map_or_else(|| "—".to_owned(), time)
}

/// The date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The first 12 hex digits of a digest, for tables; the whole one is in its `title`.
pub fn short(hex: &str) -> &str {
    hex.get(..12).unwrap_or(hex)
}

/// `text` percent-encoded for a query value (RFC 3986 unreserved characters and `/` kept).
pub fn query_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_china_standard_time() {
        assert_eq!(time(0), "1970-01-01 08:00:00");
        // 2024-02-29T16:30:05Z
        assert_eq!(time(1_709_224_205_000_000), "2024-03-01 00:30:05");
        assert_eq!(query_value("/console/a b&c"), "/console/a%20b%26c");
    }
}
