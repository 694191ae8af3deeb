//! A case: stage and procedure, party, the records in log order with each signature and chain
//! position checked again by core as the page is made, findings, open deadlines with working
//! days left, forks and held records, the evidence its records name, and its bundle.

use super::format::{self, short};
use super::page::{ConsoleError, Lang, page};
use super::session::Viewer;
use crate::access::{self, Action};
use crate::db;
use crate::error::ApiError;
use crate::recording::audit::{self, RecordCheck};
use crate::recording::view::{self, CaseView};
use crate::state::AppState;
use crate::{clock, routes};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use custos_core::bundle::ListedEvidence;
use maud::{Markup, html};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Everything the case page shows, read in one go.
struct CasePage {
    case: CaseView,
    checks: HashMap<String, RecordCheck>,
    days_left: Vec<Option<u32>>,
    /// The evidence items in the caller's reach with each digest the records name.
    items: HashMap<String, Vec<(String, Option<String>)>>,
}

/// `GET /console/cases/{id}`.
pub async fn show(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let scope = access::scope(&viewer.caller, Action::ReadCases)?;
    let evidence_scope = access::scope_if_any(&viewer.caller, Action::ReadEvidence)?;
    let id = id.into_inner();
    let data = db::run(&state.pool, move |conn| {
        // The same lookup as `GET /api/v1/cases/{id}`: out of scope reads as absent.
        let row = db::cases::find_in(conn, &scope, &id)?
            .ok_or_else(|| ApiError::not_found("no such case"))?;
        let org_id = row.org_id.clone();
        let (case, records) = view::case_view_and_records(conn, row)?;
        let checks = audit::check_records(conn, &records)?;
        let last_days: Vec<String> = case.deadlines.iter().map(|d| d.last_day.clone()).collect();
        let days_left = audit::working_days_left(conn, &org_id, &last_days, clock::now_us())?;
        // Every digest the records name in one lookup, not one per record.
        let mut items: HashMap<String, Vec<(String, Option<String>)>> = HashMap::new();
        if let Some(scope) = &evidence_scope {
            let mut digests: Vec<String> = case.evidence.iter().map(|e| e.sha256.clone()).collect();
            digests.sort_unstable();
            digests.dedup();
            for item in db::evidence::find_by_sha256_many(conn, &digests, scope)? {
                items
                    .entry(item.sha256.clone())
                    .or_default()
                    .push((item.id, item.kind));
            }
        }
        Ok(CasePage {
            case,
            checks,
            days_left,
            items,
        })
    })
    .await?;
    let title = format!("{} {}", viewer.lang.t("案件", "Case"), data.case.summary.id);
    let body = render(viewer.lang, &data);
    Ok(page(&viewer, &request, &title, body))
}

fn render(lang: Lang, data: &CasePage) -> Markup {
    let case = &data.case;
    let summary = &case.summary;
    html! {
        h1 { (lang.t("案件", "Case")) " " (summary.id) }
        dl.facts {
            dt { (lang.t("阶段", "Stage")) }
            dd { @if lang == Lang::Zh && !case.stage_zh.is_empty() { (case.stage_zh) } @else { (summary.stage) } }
            dt { (lang.t("程序", "Procedure")) }
            dd { (procedure(lang, summary.procedure.as_deref())) }
            dt { (lang.t("领域", "Domain")) }
            dd { (summary.domain.as_deref().unwrap_or("—")) }
            dt { (lang.t("立案时间", "Filed")) }
            dd { (format::maybe_time(summary.filed_at_us)) }
            dt { (lang.t("重大案件", "Major case")) }
            dd { (yes_no(lang, summary.major)) }
        }
        (party(lang, case))
        (timeline(lang, data))
        (forks_and_held(lang, case))
        (findings(lang, case))
        (deadlines(lang, case, &data.days_left))
        (evidence(lang, data))
        h2 { (lang.t("案卷包", "Case bundle")) }
        p {
            a href={ "/console/cases/" (summary.id) "/bundle" } download {
                (lang.t("下载案卷包", "Download the case bundle"))
            }
        }
        p.muted {
            (lang.t("离线核验：", "Check it offline: "))
            code { "custos verify case-" (summary.id) ".bundle.json" }
            (lang.t(
                " 仅凭 custos-core 核对检查点签名、每条记录的日志包含证明、签名与链。",
                " checks the checkpoint signature, every record's inclusion proof, signatures and chains with custos-core alone."))
        }
    }
}

fn procedure(lang: Lang, procedure: Option<&str>) -> &'static str {
    match procedure {
        Some("ordinary") => lang.t("普通程序", "Ordinary"),
        Some("summary") => lang.t("简易程序", "Summary"),
        Some("inspection") => lang.t("检查", "Inspection"),
        Some(_) => lang.t("其他", "Other"),
        None => "—",
    }
}

fn yes_no(lang: Lang, yes: bool) -> &'static str {
    if yes {
        lang.t("是", "Yes")
    } else {
        lang.t("否", "No")
    }
}

fn party(lang: Lang, case: &CaseView) -> Markup {
    html! {
        h2 { (lang.t("当事人", "Party")) }
        @match case.party.as_ref().and_then(|party| party.details.as_ref()) {
            Some(Value::Object(details)) => dl.facts {
                @for (name, value) in details {
                    dt { (name) }
                    dd { @match value { Value::String(text) => (text), other => code { (other) } } }
                }
            },
            Some(other) => p { code { (other) } },
            None => p.muted { (lang.t("未记录当事人。", "No party recorded.")) },
        }
    }
}

fn verdict(lang: Lang, ok: Option<bool>) -> Markup {
    match ok {
        Some(true) => html! { span.ok { "✓ " (lang.t("有效", "valid")) } },
        Some(false) => html! { span.bad { "✗ " (lang.t("无效", "invalid")) } },
        None => html! { span.bad { "?" } },
    }
}

fn timeline(lang: Lang, data: &CasePage) -> Markup {
    html! {
        h2 #timeline { (lang.t("记录（按日志顺序）", "Records (in log order)")) }
        p.muted { (lang.t(
            "签名与链位置在生成本页时由 custos-core 重新核验。",
            "Signatures and chain positions are checked again by custos-core as this page is made.")) }
        table {
            thead { tr {
                th scope="col" { (lang.t("日志序号", "Log index")) }
                th scope="col" { (lang.t("类型", "Kind")) }
                th scope="col" { (lang.t("时间（设备）", "Time (device)")) }
                th scope="col" { (lang.t("执法人员", "Officer")) }
                th scope="col" { (lang.t("设备", "Device")) }
                th scope="col" { (lang.t("链 / 序号", "Chain / seq")) }
                th scope="col" { (lang.t("签名", "Signature")) }
                th scope="col" { (lang.t("链位置", "Chain position")) }
            } }
            tbody {
                @for record in &data.case.records {
                    @let check = data.checks.get(&record.hash);
                    tr {
                        td { (record.log_index) }
                        td { code { (record.kind) } }
                        td { (format::time(record.at_us)) }
                        td { code title=(record.officer) { (short(&record.officer)) } }
                        td { code title=(record.device) { (short(&record.device)) } }
                        td { code { (record.chain) } " #" (record.seq) }
                        td { (verdict(lang, check.map(|c| c.signature))) }
                        td { (verdict(lang, check.map(|c| c.chain))) }
                    }
                }
            }
        }
    }
}

fn forks_and_held(lang: Lang, case: &CaseView) -> Markup {
    html! {
        @if !case.forks.is_empty() {
            h2 { span.badge.bad { (lang.t("分叉", "Forks")) } " " (lang.t("同一序号的第二条记录（未采纳）", "Second records at a taken seq (never accepted)")) }
            table {
                thead { tr {
                    th scope="col" { (lang.t("日志序号", "Log index")) }
                    th scope="col" { (lang.t("链 / 序号", "Chain / seq")) }
                    th scope="col" { (lang.t("类型", "Kind")) }
                    th scope="col" { (lang.t("冲突记录", "Conflicts with")) }
                } }
                tbody { @for fork in &case.forks { tr.fork {
                    td { (fork.log_index) }
                    td { code { (fork.chain) } " #" (fork.seq) }
                    td { code { (fork.kind) } }
                    td { code title=(fork.conflicts_with) { (short(&fork.conflicts_with)) } }
                } } }
            }
        }
        @if !case.held.is_empty() {
            h2 { span.badge.warn { (lang.t("待补", "Held")) } " " (lang.t("等待前一条记录", "Waiting for their predecessor")) }
            table {
                thead { tr {
                    th scope="col" { (lang.t("链 / 序号", "Chain / seq")) }
                    th scope="col" { (lang.t("收到", "Received")) }
                } }
                tbody { @for held in &case.held { tr.held {
                    td { code { (held.chain) } " #" (held.seq) }
                    td { (format::time(held.received_at_us)) }
                } } }
            }
        }
    }
}

fn findings(lang: Lang, case: &CaseView) -> Markup {
    html! {
        h2 #findings { (lang.t("规则提示", "Findings")) }
        @if case.findings.is_empty() {
            p.muted { (lang.t("无。", "None.")) }
        } @else {
            table {
                thead { tr {
                    th scope="col" { (lang.t("规则", "Rule")) }
                    th scope="col" { (lang.t("法条", "Article")) }
                    th scope="col" { (lang.t("说明", "Message")) }
                    th scope="col" { (lang.t("记录", "Record")) }
                } }
                tbody { @for finding in &case.findings { tr {
                    td { code { (finding.finding.rule) } }
                    td { @if lang == Lang::Zh { (finding.finding.article_zh) } @else { (finding.finding.article) } }
                    td { @if lang == Lang::Zh { (finding.finding.message_zh) } @else { (finding.finding.message_en) } }
                    td { code title=(finding.record) { (short(&finding.record)) } }
                } } }
            }
        }
    }
}

fn deadline_name(lang: Lang, what: &str) -> &'static str {
    match what {
        "decision" => lang.t("作出决定", "Decision"),
        "preservation_resolution" => lang.t("先行登记保存处理", "Preservation resolution"),
        "hearing_request" => lang.t("申请听证", "Hearing request"),
        "hearing" => lang.t("举行听证", "Hearing"),
        "service" => lang.t("送达", "Service"),
        "payment" => lang.t("缴纳罚款", "Payment"),
        "compulsion_end" => lang.t(
            "查封、扣押处理决定",
            "Decision on sealed or seized property",
        ),
        "compulsion_approval" => lang.t(
            "紧急查封、扣押报告负责人并补办批准手续",
            "Reporting an urgent seizure to the head for approval",
        ),
        "transfer_decision" => lang.t(
            "决定是否移送涉嫌犯罪案件",
            "Decision on transferring a suspected crime",
        ),
        "transfer" => lang.t("向公安机关移送", "Transfer to the police"),
        "transfer_handover" => lang.t(
            "向公安机关移交涉案物品及材料",
            "Handing the goods and materials over to the police",
        ),
        "collection_hand_in" => lang.t(
            "当场收缴罚款交至行政机关",
            "Handing in a fine collected on the spot",
        ),
        _ => lang.t("其他", "Other"),
    }
}

fn deadlines(lang: Lang, case: &CaseView, days_left: &[Option<u32>]) -> Markup {
    html! {
        h2 #deadlines { (lang.t("未届期限", "Open deadlines")) }
        @if case.deadlines.is_empty() {
            p.muted { (lang.t("无。", "None.")) }
        } @else {
            table {
                thead { tr {
                    th scope="col" { (lang.t("事项", "What")) }
                    th scope="col" { (lang.t("规则", "Rule")) }
                    th scope="col" { (lang.t("最后一日", "Last day")) }
                    th scope="col" { (lang.t("剩余工作日", "Working days left")) }
                } }
                tbody { @for (deadline, left) in case.deadlines.iter().zip(days_left) { tr {
                    td { (deadline_name(lang, &deadline.what)) }
                    td { code { (deadline.rule) } }
                    td { (deadline.last_day) }
                    td { @match left {
                        Some(0) => span.bad { (lang.t("已逾期", "Overdue")) },
                        Some(days) => (days),
                        None => "—",
                    } }
                } } }
            }
        }
    }
}

fn evidence(lang: Lang, data: &CasePage) -> Markup {
    html! {
        h2 #evidence { (lang.t("证据", "Evidence")) }
        @if data.case.evidence.is_empty() {
            p.muted { (lang.t("记录未引用证据。", "The records name no evidence.")) }
        } @else {
            ul.thumbs {
                // Each item once, however many records name it.
                @for evidence in unique_digests(&data.case.evidence) {
                    li {
                        @let items = data.items.get(&evidence.sha256).map(Vec::as_slice).unwrap_or_default();
                        @for (id, kind) in items {
                            a href={ "/console/evidence/" (id) } {
                                @if kind.as_deref() == Some("photo") {
                                    img src={ "/console/evidence/" (id) "/thumbnail" }
                                        alt=(lang.t("证据缩略图", "Evidence thumbnail")) loading="lazy";
                                }
                                (lang.t("证据 ", "Item ")) code { (short(id)) }
                            }
                        }
                        div { (evidence.kind) " · " (evidence.size) " B" }
                        div { code title=(evidence.sha256) { "sha256:" (short(&evidence.sha256)) } }
                        @if items.is_empty() { div.muted { (lang.t("尚未收到或不在范围内", "Not received, or out of reach")) } }
                    }
                }
            }
        }
    }
}

/// The evidence the records name, each digest once, in the order first named.
fn unique_digests(listed: &[ListedEvidence]) -> impl Iterator<Item = &ListedEvidence> {
    let mut seen = HashSet::new();
    listed
        .iter()
        .filter(move |evidence| seen.insert(evidence.sha256.as_str()))
}

/// `GET /console/cases/{id}/bundle`: the API's bundle as a file to save.
pub async fn bundle(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let id = id.into_inner();
    let web::Json(bundle) =
        routes::cases::bundle::bundle(state, viewer.caller, web::Path::from(id.clone())).await?;
    let bytes = serde_json::to_vec_pretty(&bundle)
        .map_err(|error| ApiError::internal(format_args!("bundle: {error}")))?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"case-{}.bundle.json\"",
                safe_name(&id)
            ),
        ))
        .body(bytes))
}

/// A case id as a file name: only the characters case ids may have.
fn safe_name(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .collect()
}
