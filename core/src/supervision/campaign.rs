//! 案卷评查 review campaigns (评查活动): which case files a campaign reviews, drawn the 双随机
//! way from the log so that anyone recomputes the selection, and what it finds when it closes:
//! each file's total (the automatic score under the campaign's template version plus the
//! reviewers' manual item scores), the ranking of units and the problem list (通报).
//!
//! The selection reuses [`crate::draw`]: the candidates are the campaign's closed case ids,
//! canonical (sorted by UTF-8 bytes, deduplicated); the seed is [`crate::draw::seed`] over the
//! log just before the campaign's entry and the SHA-256 of [`ReviewDrawInputs`]' RFC 8785
//! bytes; the cases are [`crate::draw::select_targets`] of the candidates with that seed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::digest::{Sha256Digest, sha256};
use crate::draw::{self, DrawError};
use crate::jcs;
use crate::rules;
use crate::supervision::evaluation::{AutomaticScore, Dimension, Grade, Template};

/// The `v` of review draw inputs.
pub const REVIEW_DRAW_VERSION: u64 = 1;

/// What a campaign's draw is made from. Canonical form: the RFC 8785 JSON
/// `{"campaign":ID,"candidates":[…],"count":N,"from_us":INT,"org":ID,"to_us":INT,"v":1}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewDrawInputs {
    pub v: u64,
    /// The campaign's id, made by the server when the campaign opens.
    pub campaign: String,
    /// The unit whose subtree is reviewed.
    pub org: String,
    /// The period `[from_us, to_us)` the cases were closed in.
    pub from_us: i64,
    pub to_us: i64,
    /// How many case files to draw.
    pub count: u64,
    /// The ids of the cases of the subtree closed in the period, canonical.
    pub candidates: Vec<String>,
}

impl ReviewDrawInputs {
    /// Canonicalises the candidates and checks the count.
    pub fn new(
        campaign: String,
        org: String,
        from_us: i64,
        to_us: i64,
        count: u64,
        candidates: Vec<String>,
    ) -> Result<Self, DrawError> {
        let inputs = Self {
            v: REVIEW_DRAW_VERSION,
            campaign,
            org,
            from_us,
            to_us,
            count,
            candidates: draw::canonical_ids(candidates, "candidate cases")?,
        };
        inputs.check()?;
        Ok(inputs)
    }

    /// The count must be 1 to the number of candidates.
    pub fn check(&self) -> Result<(), DrawError> {
        if self.count == 0 || self.count > self.candidates.len() as u64 {
            return Err(DrawError::CountOutOfRange {
                count: self.count,
                candidates: self.candidates.len() as u64,
            });
        }
        Ok(())
    }

    /// SHA-256 of the inputs' RFC 8785 bytes.
    pub fn digest(&self) -> Result<Sha256Digest, DrawError> {
        Ok(sha256(&jcs::to_canonical(self)?))
    }
}

/// A campaign's draw as made from the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewSelection {
    pub inputs_sha256: Sha256Digest,
    pub seed: Sha256Digest,
    /// The cases drawn, in draw order.
    pub cases: Vec<String>,
}

/// Draws a campaign's cases with the seed of a log of `log_size` leaves and root `log_root`:
/// what the server does when it opens a campaign, and what anyone does to check one.
pub fn select_from_log(
    inputs: &ReviewDrawInputs,
    log_size: u64,
    log_root: &Sha256Digest,
) -> Result<ReviewSelection, DrawError> {
    inputs.check()?;
    let inputs_sha256 = inputs.digest()?;
    let seed = draw::seed(log_size, log_root, &inputs_sha256);
    let cases = draw::select_targets(&seed, &inputs.candidates, inputs.count)?;
    Ok(ReviewSelection {
        inputs_sha256,
        seed,
        cases,
    })
}

/// A reviewer's score of a manual item, as it enters the campaign's findings. The latest score
/// of an item of a case counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualScore {
    pub item: String,
    pub score: u32,
    pub remark: String,
}

/// One case file of a campaign: its unit, automatic score and the reviewers' latest scores.
#[derive(Debug, Clone)]
pub struct ReviewedCase {
    pub case: String,
    pub org: String,
    pub automatic: AutomaticScore,
    /// Latest score per manual item.
    pub manual: BTreeMap<String, ManualScore>,
}

/// A case file's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseResult {
    pub case: String,
    pub org: String,
    /// Automatic items' points kept plus the manual items' scores (an item not scored keeps
    /// its points); 0 when a veto item has a defect.
    pub total: u32,
    pub grade: Grade,
    pub automatic_score: u32,
    /// The manual items scored so far, with their scores.
    pub manual_scores: BTreeMap<String, u32>,
    pub vetoed_by: Option<String>,
}

/// A unit's place in the ranking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitRank {
    /// 1 + the number of units with a higher mean (equal means share a rank).
    pub rank: u32,
    pub org: String,
    pub cases: u32,
    /// The sum of the unit's files' totals; the mean is `total_points / cases`.
    pub total_points: u64,
    /// The mean total in hundredths of a point, rounded down.
    pub mean_total_centi: u64,
}

/// One problem found (通报): an item of a case file that lost points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    pub case: String,
    pub org: String,
    pub item: String,
    pub dimension: Dimension,
    /// The rule whose finding is the defect (automatic items), with its article.
    pub rule: Option<String>,
    pub article: Option<String>,
    pub article_zh: Option<String>,
    /// The record the finding is on (its place in the case's records in log order).
    pub record: Option<usize>,
    /// Points the item lost by it; for a veto defect, every point the file had otherwise.
    pub points: u32,
    pub veto: bool,
    /// The finding's detail, or the reviewer's remark for a manual item.
    pub detail: String,
}

/// What a campaign found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Findings {
    pub cases: Vec<CaseResult>,
    /// Units by mean total, highest first; equal means in unit id order.
    pub ranking: Vec<UnitRank>,
    /// Case by case in the campaign's order, item by item in the template's order.
    pub problems: Vec<Problem>,
}

/// The findings of a campaign over `cases` (in the campaign's order) under `template`.
pub fn findings(template: &Template, cases: &[ReviewedCase]) -> Findings {
    let mut results = Vec::with_capacity(cases.len());
    let mut problems = Vec::new();
    for case in cases {
        let manual: BTreeMap<String, u32> = case
            .manual
            .iter()
            .map(|(item, score)| (item.clone(), score.score))
            .collect();
        let total = case.automatic.total(&manual);
        // What the file would score without its veto: the points a veto defect takes.
        let unvetoed = {
            let mut score = case.automatic.clone();
            score.vetoed_by = None;
            score.total(&manual)
        };
        let mut veto_charged = false;
        for (item, scored) in template.items.iter().zip(&case.automatic.items) {
            let problem = |rule: Option<&str>, record, points, detail: String| {
                let rule_found = rule.and_then(rules::rule);
                Problem {
                    case: case.case.clone(),
                    org: case.org.clone(),
                    item: item.id.clone(),
                    dimension: item.dimension,
                    rule: rule.map(str::to_owned),
                    article: rule_found.map(|r| r.article.to_owned()),
                    article_zh: rule_found.map(|r| r.article_zh.to_owned()),
                    record,
                    points,
                    veto: item.veto,
                    detail,
                }
            };
            if item.automatic() {
                let mut left = item.points;
                for defect in &scored.defects {
                    let points = if item.veto {
                        let charged = if veto_charged { 0 } else { unvetoed };
                        veto_charged = true;
                        charged
                    } else {
                        let lost = item.deduction.min(left);
                        left -= lost;
                        lost
                    };
                    problems.push(problem(
                        Some(&defect.rule),
                        Some(defect.record),
                        points,
                        defect.detail.clone(),
                    ));
                }
            } else if let Some(score) = case.manual.get(&item.id) {
                let kept = score.score.min(item.points);
                if kept < item.points {
                    problems.push(problem(
                        None,
                        None,
                        item.points - kept,
                        score.remark.clone(),
                    ));
                }
            }
        }
        results.push(CaseResult {
            case: case.case.clone(),
            org: case.org.clone(),
            total,
            grade: template.grade(total),
            automatic_score: case.automatic.automatic_score,
            manual_scores: manual,
            vetoed_by: case.automatic.vetoed_by.clone(),
        });
    }
    Findings {
        ranking: ranking(&results),
        cases: results,
        problems,
    }
}

/// Units by the mean total of their files, highest first, equal means in unit id order.
fn ranking(results: &[CaseResult]) -> Vec<UnitRank> {
    let mut units: BTreeMap<&str, (u32, u64)> = BTreeMap::new();
    for result in results {
        let unit = units.entry(&result.org).or_default();
        unit.0 += 1;
        unit.1 += u64::from(result.total);
    }
    // In unit id order, then a stable sort by mean: a/b > c/d iff a·d > c·b.
    let mut ranked: Vec<(&str, u32, u64)> = units
        .into_iter()
        .map(|(org, (cases, total))| (org, cases, total))
        .collect();
    ranked.sort_by(|a, b| (u64::from(a.1) * b.2).cmp(&(u64::from(b.1) * a.2)));
    let mean_above = |i: usize| {
        let (_, cases, total) = ranked[i];
        ranked
            .iter()
            .filter(|(_, c, t)| t * u64::from(cases) > total * u64::from(*c))
            .count() as u32
    };
    (0..ranked.len())
        .map(|i| {
            let (org, cases, total) = ranked[i];
            UnitRank {
                rank: 1 + mean_above(i),
                org: org.to_owned(),
                cases,
                total_points: total,
                mean_total_centi: total * 100 / u64::from(cases),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::supervision::evaluation::automatic_score;

    fn case(name: &str, org: &str, manual: &[(&str, u32)]) -> ReviewedCase {
        let template = Template::default_template();
        let records: Vec<crate::lifecycle::CaseRecord> = Vec::new();
        ReviewedCase {
            case: name.to_owned(),
            org: org.to_owned(),
            automatic: automatic_score(&template, &records).unwrap(),
            manual: manual
                .iter()
                .map(|(item, score)| {
                    (
                        item.to_string(),
                        ManualScore {
                            item: item.to_string(),
                            score: *score,
                            remark: format!("{item} short"),
                        },
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn units_rank_by_mean_total_with_ties_in_unit_order() {
        let template = Template::default_template();
        let cases = [
            case("c1", "u-b", &[("evidence.facts", 5)]),
            case("c2", "u-b", &[]),
            case("c3", "u-a", &[("evidence.facts", 10)]),
            case("c4", "u-c", &[("basis.law", 5)]),
            case("c5", "u-d", &[]),
        ];
        let found = findings(&template, &cases);
        let totals: Vec<u32> = found.cases.iter().map(|c| c.total).collect();
        assert_eq!(totals, [90, 100, 95, 95, 100]);
        let ranking: Vec<(u32, &str, u64)> = found
            .ranking
            .iter()
            .map(|r| (r.rank, r.org.as_str(), r.mean_total_centi))
            .collect();
        assert_eq!(
            ranking,
            [
                (1, "u-d", 10000),
                (2, "u-a", 9500),
                (2, "u-b", 9500),
                (2, "u-c", 9500)
            ]
        );
        let problems: Vec<(&str, &str, u32, &str)> = found
            .problems
            .iter()
            .map(|p| {
                (
                    p.case.as_str(),
                    p.item.as_str(),
                    p.points,
                    p.detail.as_str(),
                )
            })
            .collect();
        assert_eq!(
            problems,
            [
                ("c1", "evidence.facts", 10, "evidence.facts short"),
                ("c3", "evidence.facts", 5, "evidence.facts short"),
                ("c4", "basis.law", 5, "basis.law short")
            ]
        );
    }

    #[test]
    fn a_campaign_draw_is_the_draw_of_its_canonical_inputs() {
        let inputs = ReviewDrawInputs::new(
            "camp-1".into(),
            "org-1".into(),
            0,
            10,
            2,
            vec!["c".into(), "a".into(), "b".into(), "a".into()],
        )
        .unwrap();
        assert_eq!(inputs.candidates, ["a", "b", "c"]);
        let bytes = jcs::to_canonical(&inputs).unwrap();
        assert_eq!(
            bytes,
            br#"{"campaign":"camp-1","candidates":["a","b","c"],"count":2,"from_us":0,"org":"org-1","to_us":10,"v":1}"#
        );
        let root = sha256(b"root");
        let selection = select_from_log(&inputs, 7, &root).unwrap();
        assert_eq!(selection.inputs_sha256, sha256(&bytes));
        let seed = draw::seed(7, &root, &sha256(&bytes));
        assert_eq!(selection.seed, seed);
        assert_eq!(
            selection.cases,
            draw::select_targets(&seed, &inputs.candidates, 2).unwrap()
        );
        assert!(ReviewDrawInputs::new("x".into(), "o".into(), 0, 1, 4, vec!["a".into()]).is_err());
    }
}
