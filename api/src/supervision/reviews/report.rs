//! What a campaign is and found, recomputed at each request: each case file's automatic score
//! under the campaign's template version (custos-core, from the stored records), the latest
//! manual score of each item, and custos-core's ranking of units and problem list (通报); as
//! JSON, CSV or a printable HTML page.

use crate::db::records::RecordRow;
use crate::db::reviews::{CampaignRow, ScoreRow};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::supervision::score;
use crate::supervision::stats::line;
use crate::supervision::templates::{self, TemplateVersion};
use custos_core::entry::review::{self, REVIEW_OPEN, ReviewOpen};
use custos_core::supervision::campaign::{self, Findings, ManualScore, ReviewedCase};
use custos_core::supervision::evaluation::Template;
use maud::{DOCTYPE, Markup, html};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A reviewer's manual item score as stored.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScoreView {
    /// Index of its `review.score` log entry.
    pub log_index: i64,
    pub case_id: String,
    pub item: String,
    pub score: i64,
    pub remark: String,
    pub reviewer_id: String,
    pub scored_at_us: i64,
}

impl From<ScoreRow> for ScoreView {
    fn from(row: ScoreRow) -> Self {
        ScoreView {
            log_index: row.log_index,
            case_id: row.case_id,
            item: row.item,
            score: row.score,
            remark: row.remark,
            reviewer_id: row.reviewer_id,
            scored_at_us: row.scored_at_us,
        }
    }
}

/// A campaign, its entries and what it found.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CampaignView {
    pub id: String,
    pub org_id: String,
    pub title: String,
    pub from_us: i64,
    pub to_us: i64,
    /// `open` or `closed`.
    pub state: String,
    pub opened_by: String,
    pub opened_at_us: i64,
    /// The `review.open` entry's index, and the entry itself (docs/formats.md), from which
    /// anyone recomputes the draw.
    pub log_index: i64,
    #[schema(value_type = Object)]
    pub opening: serde_json::Value,
    pub closed_by: Option<String>,
    pub closed_at_us: Option<i64>,
    pub close_log_index: Option<i64>,
    pub template: TemplateVersion,
    /// The case files in the campaign's order.
    pub cases: Vec<String>,
    /// Every manual score in log order; the latest of a case's item counts.
    pub scores: Vec<ScoreView>,
    pub findings: Findings,
}

/// A campaign as listed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CampaignSummary {
    pub id: String,
    pub org_id: String,
    pub title: String,
    pub from_us: i64,
    pub to_us: i64,
    pub template_id: String,
    pub template_version: i64,
    pub log_index: i64,
    pub opened_at_us: i64,
    pub state: String,
}

pub fn summary(conn: &mut DbConnection, row: CampaignRow) -> Result<CampaignSummary, ApiError> {
    let closed = db::reviews::closure(conn, &row.id)?.is_some();
    Ok(CampaignSummary {
        id: row.id,
        org_id: row.org_id,
        title: row.title,
        from_us: row.from_us,
        to_us: row.to_us,
        template_id: row.template_id,
        template_version: row.template_version,
        log_index: row.log_index,
        opened_at_us: row.created_at_us,
        state: if closed { "closed" } else { "open" }.to_owned(),
    })
}

/// The campaign of `row` with its findings as of now.
pub fn view(
    conn: &mut DbConnection,
    row: CampaignRow,
) -> Result<(CampaignView, Template), ApiError> {
    let chosen = templates::named(
        conn,
        row.template_org_id.as_deref(),
        &row.template_id,
        row.template_version as u32,
    )?;
    let (entry_type, leaf) = db::log::entry(conn, row.log_index as u64)?
        .ok_or_else(|| ApiError::internal(format_args!("campaign {} has no log entry", row.id)))?;
    if entry_type != REVIEW_OPEN {
        return Err(ApiError::internal(format_args!(
            "campaign {} points at a {entry_type} entry",
            row.id
        )));
    }
    let opening: ReviewOpen = review::parse(&leaf).map_err(ApiError::internal)?;
    let scores = db::reviews::scores(conn, &row.id)?;
    let mut latest: BTreeMap<&str, BTreeMap<String, ManualScore>> = BTreeMap::new();
    for score in &scores {
        latest.entry(&score.case_id).or_default().insert(
            score.item.clone(),
            ManualScore {
                item: score.item.clone(),
                score: score.score as u32,
                remark: score.remark.clone(),
            },
        );
    }
    // The files' units and records in a query or two for the whole campaign, not per file.
    let ids: Vec<&str> = opening.cases.iter().map(String::as_str).collect();
    let mut units: BTreeMap<String, String> = db::cases::find_all(conn, &ids)?
        .into_iter()
        .map(|case| (case.id, case.org_id))
        .collect();
    let mut records: BTreeMap<String, Vec<RecordRow>> = BTreeMap::new();
    for record in db::records::of_cases(conn, &ids)? {
        records
            .entry(record.case_id.clone())
            .or_default()
            .push(record);
    }
    let mut reviewed = Vec::with_capacity(opening.cases.len());
    for case_id in &opening.cases {
        let org = units
            .remove(case_id)
            .ok_or_else(|| ApiError::internal(format_args!("campaign case {case_id} is gone")))?;
        let of_case = records.remove(case_id).unwrap_or_default();
        reviewed.push(ReviewedCase {
            automatic: score::of_records(case_id, &of_case, &chosen.template)?,
            case: case_id.clone(),
            org,
            manual: latest.remove(case_id.as_str()).unwrap_or_default(),
        });
    }
    let findings = campaign::findings(&chosen.template, &reviewed);
    let closure = db::reviews::closure(conn, &row.id)?;
    let view = CampaignView {
        state: if closure.is_some() { "closed" } else { "open" }.to_owned(),
        closed_by: closure.as_ref().map(|c| c.actor_id.clone()),
        closed_at_us: closure.as_ref().map(|c| c.closed_at_us),
        close_log_index: closure.as_ref().map(|c| c.log_index),
        opening: serde_json::to_value(&opening).map_err(ApiError::internal)?,
        cases: opening.cases,
        id: row.id,
        org_id: row.org_id,
        title: row.title,
        from_us: row.from_us,
        to_us: row.to_us,
        opened_by: row.actor_id,
        opened_at_us: row.created_at_us,
        log_index: row.log_index,
        template: chosen.version,
        scores: scores.into_iter().map(ScoreView::from).collect(),
        findings,
    };
    Ok((view, chosen.template))
}

/// The ranking and the problem list as RFC 4180 CSV: a `section` column says which; ranking
/// rows fill `rank` to `mean_total`, problem rows `case` to `detail`.
pub fn to_csv(view: &CampaignView) -> String {
    let mut out = String::new();
    let header = [
        "section",
        "rank",
        "org_id",
        "cases",
        "total_points",
        "mean_total",
        "case_id",
        "item",
        "dimension",
        "rule",
        "article",
        "record",
        "points",
        "veto",
        "detail",
    ];
    line(&mut out, header.into_iter());
    for rank in &view.findings.ranking {
        let fields = [
            "ranking".to_owned(),
            rank.rank.to_string(),
            rank.org.clone(),
            rank.cases.to_string(),
            rank.total_points.to_string(),
            mean(rank.mean_total_centi),
        ];
        let empty = std::iter::repeat_n(String::new(), header.len() - fields.len());
        let row: Vec<String> = fields.into_iter().chain(empty).collect();
        line(&mut out, row.iter().map(String::as_str));
    }
    for problem in &view.findings.problems {
        let mut row = vec!["problem".to_owned(), String::new(), problem.org.clone()];
        row.extend([String::new(), String::new(), String::new()]);
        row.extend([
            problem.case.clone(),
            problem.item.clone(),
            dimension(problem),
            problem.rule.clone().unwrap_or_default(),
            problem.article.clone().unwrap_or_default(),
            problem.record.map(|r| r.to_string()).unwrap_or_default(),
            problem.points.to_string(),
            problem.veto.to_string(),
            problem.detail.clone(),
        ]);
        line(&mut out, row.iter().map(String::as_str));
    }
    out
}

fn dimension(problem: &campaign::Problem) -> String {
    serde_json::to_value(problem.dimension)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A mean in hundredths as a decimal with two places.
fn mean(centi: u64) -> String {
    format!("{}.{:02}", centi / 100, centi % 100)
}

/// The printable page of the campaign's 通报: its facts, the ranking and the problem list.
pub fn to_html(view: &CampaignView, template: &Template) -> Markup {
    let state = if view.state == "closed" {
        "已结束 closed"
    } else {
        "进行中 open"
    };
    html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                title { "案卷评查通报 · " (view.title) " · custos" }
                link rel="stylesheet" href="/console/console.css";
            }
            body {
                main #main {
                    h1 { "案卷评查通报 Case-file review: " (view.title) }
                    dl {
                        dt { "活动 Campaign" } dd { code { (view.id) } " (" (state) ")" }
                        dt { "单位 Unit" } dd { code { (view.org_id) } }
                        dt { "期间 Period (µs)" } dd { (view.from_us) " – " (view.to_us) }
                        dt { "评查标准 Template" } dd { (template.title_zh) " / " (template.title_en) " — " code { (view.template.id) } " v" (view.template.version) " sha256 " code { (view.template.sha256) } }
                        dt { "日志 Log entry" } dd { (view.log_index) }
                    }
                    h2 { "排名 Ranking" }
                    table {
                        thead { tr { th { "名次 Rank" } th { "单位 Unit" } th { "案卷 Files" } th { "总分 Points" } th { "平均分 Mean" } } }
                        tbody {
                            @for rank in &view.findings.ranking {
                                tr { td { (rank.rank) } td { code { (rank.org) } } td { (rank.cases) } td { (rank.total_points) } td { (mean(rank.mean_total_centi)) } }
                            }
                        }
                    }
                    h2 { "案卷得分 Files" }
                    table {
                        thead { tr { th { "案件 Case" } th { "单位 Unit" } th { "总分 Total" } th { "等次 Grade" } th { "自动 Automatic" } } }
                        tbody {
                            @for case in &view.findings.cases {
                                tr { td { code { (case.case) } } td { code { (case.org) } } td { (case.total) } td { (grade(case.grade)) } td { (case.automatic_score) } }
                            }
                        }
                    }
                    h2 { "发现的问题 Problems found" }
                    table {
                        thead { tr { th { "案件 Case" } th { "单位 Unit" } th { "项目 Item" } th { "规则 Rule" } th { "条款 Article" } th { "扣分 Points" } th { "说明 Detail" } } }
                        tbody {
                            @for problem in &view.findings.problems {
                                tr {
                                    td { code { (problem.case) } }
                                    td { code { (problem.org) } }
                                    td { (problem.item) @if problem.veto { " (一票否决 veto)" } }
                                    td { (problem.rule.as_deref().unwrap_or("—")) }
                                    td { (problem.article_zh.as_deref().unwrap_or("—")) }
                                    td { (problem.points) }
                                    td { (problem.detail) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn grade(grade: custos_core::supervision::evaluation::Grade) -> &'static str {
    use custos_core::supervision::evaluation::Grade::*;
    match grade {
        Excellent => "优秀 excellent",
        Pass => "合格 pass",
        Fail => "不合格 fail",
    }
}
