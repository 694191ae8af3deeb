//! The log entries of a 案卷评查 review campaign (评查活动): its opening (`review.open`, with
//! everything needed to recompute its selection of case files), each reviewer's manual item
//! score (`review.score`) and its closing (`review.close`). Scores are never stored in the
//! log: the automatic part is recomputed from the case's records under the template version
//! the opening names; the manual part is the latest `review.score` of each item. Ids, numbers
//! and digests only: a reviewer's remark is committed to by its SHA-256.

use crate::digest::Sha256Digest;
use crate::supervision::campaign::ReviewDrawInputs;
use serde::{Deserialize, Serialize};

/// The `type` of a campaign's opening entry.
pub const REVIEW_OPEN: &str = "review.open";
/// The `type` of a reviewer's manual item score.
pub const REVIEW_SCORE: &str = "review.score";
/// The `type` of a campaign's closing entry.
pub const REVIEW_CLOSE: &str = "review.close";

/// The template version a campaign scores by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateRef {
    /// The unit that set it; `null` for the built-in default.
    pub org: Option<String>,
    pub id: String,
    pub version: u32,
    /// SHA-256 of the template's RFC 8785 JSON.
    pub sha256: Sha256Digest,
}

/// How a campaign's case files were drawn: the inputs and the log they were seeded from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewDraw {
    pub inputs: ReviewDrawInputs,
    /// This entry's own index: the seed comes from the log just before it.
    pub log_size: u64,
    /// Root hash of the log's first `log_size` leaves.
    pub log_root_sha256: Sha256Digest,
    pub inputs_sha256: Sha256Digest,
    pub seed: Sha256Digest,
}

/// `{"type":"review.open","campaign":ID,"org":ID,"actor":ID,"from_us":INT,"to_us":INT,
/// "template":{…},"draw":{…}|null,"cases":[…],"at_us":INT}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewOpen {
    pub campaign: String,
    /// The unit whose subtree is reviewed.
    pub org: String,
    /// User id of the supervisor or admin who opened it.
    pub actor: String,
    /// The period `[from_us, to_us)` the reviewed cases were closed in.
    pub from_us: i64,
    pub to_us: i64,
    pub template: TemplateRef,
    /// The draw, for a campaign whose cases were drawn; `null` for an explicit list.
    pub draw: Option<ReviewDraw>,
    /// The case files reviewed: in draw order, or the list as given, canonical.
    pub cases: Vec<String>,
    /// Server clock, integer microseconds since the Unix epoch.
    pub at_us: i64,
}

/// `{"type":"review.score","campaign":ID,"org":ID,"actor":ID,"case":ID,"item":ID,"score":N,
/// "remark_sha256":HEX,"at_us":INT}`: a reviewer's score of a manual item of a case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewScore {
    pub campaign: String,
    pub org: String,
    /// User id of the reviewer.
    pub actor: String,
    pub case: String,
    /// A manual item of the campaign's template.
    pub item: String,
    /// Points kept, 0 to the item's points.
    pub score: u32,
    /// SHA-256 of the remark's UTF-8 bytes.
    pub remark_sha256: Sha256Digest,
    pub at_us: i64,
}

/// `{"type":"review.close","campaign":ID,"org":ID,"actor":ID,"scores":N,"at_us":INT}`: the
/// campaign closes; its findings are those of the `scores` score entries before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewClose {
    pub campaign: String,
    pub org: String,
    pub actor: String,
    /// How many `review.score` entries the campaign has.
    pub scores: u64,
    pub at_us: i64,
}

/// A stored leaf of one of the review types read back: the entry without its `type`.
pub fn parse<T: serde::de::DeserializeOwned>(leaf: &[u8]) -> Result<T, serde_json::Error> {
    let mut value: serde_json::Value = serde_json::from_slice(leaf)?;
    if let Some(object) = value.as_object_mut() {
        object.remove("type");
    }
    serde_json::from_value(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::sha256;
    use crate::entry::leaf_bytes;
    use crate::merkle::leaf_hash;

    #[test]
    fn review_leaves_are_canonical_and_read_back() {
        let score = ReviewScore {
            campaign: "c1".into(),
            org: "o1".into(),
            actor: "u1".into(),
            case: "case-1".into(),
            item: "basis.law".into(),
            score: 7,
            remark_sha256: sha256("引用条款不全".as_bytes()),
            at_us: 5,
        };
        let leaf = leaf_bytes(REVIEW_SCORE, &score).unwrap();
        let expected = format!(
            r#"{{"actor":"u1","at_us":5,"campaign":"c1","case":"case-1","item":"basis.law","org":"o1","remark_sha256":"{}","score":7,"type":"review.score"}}"#,
            sha256("引用条款不全".as_bytes()).to_hex()
        );
        assert_eq!(String::from_utf8(leaf.clone()).unwrap(), expected);
        assert_eq!(parse::<ReviewScore>(&leaf).unwrap(), score);
        assert_eq!(leaf_hash(&leaf), leaf_hash(expected.as_bytes()));

        let close = ReviewClose {
            campaign: "c1".into(),
            org: "o1".into(),
            actor: "u2".into(),
            scores: 3,
            at_us: 9,
        };
        let leaf = leaf_bytes(REVIEW_CLOSE, &close).unwrap();
        assert_eq!(
            leaf,
            br#"{"actor":"u2","at_us":9,"campaign":"c1","org":"o1","scores":3,"type":"review.close"}"#
        );
        assert_eq!(parse::<ReviewClose>(&leaf).unwrap(), close);
    }
}
