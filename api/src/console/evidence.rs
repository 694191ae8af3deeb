//! An evidence item: preview (the browser's own image, video or audio player, fed through
//! Range requests), metadata, digest, the custody timeline with its proofs downloadable, and
//! the custody actions as forms for the roles the API allows them. Every read goes through
//! the API's own handlers, so each is a custody event exactly as over the API.

use super::format::{self, short};
use super::page::{ConsoleError, Lang, page};
use super::session::Viewer;
use crate::access::{self, Action};
use crate::db;
use crate::error::ApiError;
use crate::evidence::scope::reachable_item;
use crate::routes::evidence::custody::CustodyView;
use crate::routes::evidence::{self as api, EvidenceView};
use crate::state::AppState;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use serde_json::Value;

/// A form's error, shown beside its field: (form, field, message).
pub type FormError = (&'static str, &'static str, String);

/// `GET /console/evidence/{id}`.
pub async fn show(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    render(state, request, viewer, id.into_inner(), None).await
}

/// The item page, with `error` beside its field when a form was refused.
pub async fn render(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: String,
    error: Option<FormError>,
) -> Result<HttpResponse, ConsoleError> {
    let web::Json(item) = api::show::show(
        request.clone(),
        state.clone(),
        viewer.caller.clone(),
        web::Path::from(id.clone()),
    )
    .await?;
    let web::Json(custody) =
        api::custody::custody(state, viewer.caller.clone(), web::Path::from(id)).await?;
    let may_act = access::scope_if_any(&viewer.caller, Action::ChangeCustody)?.is_some();
    let lang = viewer.lang;
    let title = format!("{} {}", lang.t("证据", "Evidence"), short(&item.id));
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let body = html! {
        h1 { (title) }
        (preview(lang, &item))
        (metadata(lang, &item))
        (timeline(lang, &custody))
        @if may_act { (actions(lang, &viewer.csrf, &item, error.as_ref())) }
    };
    let mut response = page(&viewer, &request, &title, body);
    *response.status_mut() = status;
    Ok(response)
}

fn preview(lang: Lang, item: &EvidenceView) -> Markup {
    let content = format!("/console/evidence/{}/content", item.id);
    html! {
        h2 { (lang.t("预览", "Preview")) }
        @if item.status == "disposed" {
            p.muted { (lang.t("已销毁：原件已删除，保管记录保留。", "Disposed: the bytes are gone, the history stays.")) }
        } @else {
            @match item.kind.as_deref() {
                Some("photo") => img.preview src=(content) alt=(lang.t("证据照片", "Evidence photo"));,
                Some("video") => video #player controls preload="metadata" src=(content) {
                    (lang.t("浏览器无法播放此视频。", "The browser cannot play this video."))
                },
                Some("audio") => audio #player controls preload="metadata" src=(content) {
                    (lang.t("浏览器无法播放此音频。", "The browser cannot play this audio."))
                },
                _ => p { a href=(content) download { (lang.t("下载原件", "Download the original")) } },
            }
            p { a href=(content) download { (lang.t("下载原件", "Download the original")) } }
        }
    }
}

fn metadata(lang: Lang, item: &EvidenceView) -> Markup {
    let media = item.media.as_ref();
    html! {
        h2 { (lang.t("元数据", "Metadata")) }
        dl.facts {
            dt { "SHA-256" } dd { code { (item.sha256) } }
            dt { (lang.t("大小", "Size")) } dd { (item.size) " B" }
            dt { (lang.t("类型", "Kind")) } dd { (item.kind.as_deref().unwrap_or("—")) " · " (item.content_type.as_deref().unwrap_or("—")) }
            dt { (lang.t("状态", "Status")) } dd {
                (item.status)
                @if item.sealed { " " span.badge { (lang.t("已封存", "sealed")) } }
                @if item.held { " " span.badge.warn { (lang.t("冻结中", "held")) } }
            }
            dt { (lang.t("拍摄时间", "Captured")) } dd { (format::maybe_time(item.captured_at_us)) }
            dt { (lang.t("EXIF 时间", "EXIF time")) } dd { (format::maybe_time(media.and_then(|m| m.exif_captured_at_us))) }
            dt { (lang.t("GPS", "GPS")) } dd {
                @match media.and_then(|m| m.lat_e7.zip(m.lon_e7)) {
                    Some((lat, lon)) => { (format!("{:.6}, {:.6}", f64::from(lat) / 1e7, f64::from(lon) / 1e7)) },
                    None => "—",
                }
            }
            dt { (lang.t("设备", "Device")) } dd { code { (item.device_id.as_deref().unwrap_or("—")) } }
            dt { (lang.t("佩戴人员", "Wearer")) } dd { code { (item.officer_id) } }
            dt { (lang.t("案件", "Case")) } dd {
                @match &item.case_id {
                    Some(case) => a href={ "/console/cases/" (case) } { (case) },
                    None => "—",
                }
            }
            dt { (lang.t("收到时间", "Received")) } dd { (format::time(item.received_at_us)) }
            dt { (lang.t("时钟偏差", "Clock skew")) } dd {
                @if item.clock_skew_flagged { span.badge.bad { (lang.t("超出允许范围", "beyond the bound")) } " " }
                @if let Some(skew) = item.clock_skew_us { (skew / 1000) " ms" } @else { "—" }
            }
        }
    }
}

fn event_name(lang: Lang, event: &str) -> &'static str {
    match event {
        "received" => lang.t("接收", "Received"),
        "viewed" => lang.t("查看", "Viewed"),
        "downloaded" => lang.t("下载", "Downloaded"),
        "sealed" => lang.t("封存", "Sealed"),
        "transferred" => lang.t("移交", "Transferred"),
        "held" => lang.t("冻结", "Held"),
        "released" => lang.t("解除冻结", "Released"),
        "disposed" => lang.t("销毁", "Disposed"),
        "digest_mismatch" => lang.t("摘要不符", "Digest mismatch"),
        _ => lang.t("其他", "Other"),
    }
}

fn timeline(lang: Lang, custody: &CustodyView) -> Markup {
    let base = format!("/console/evidence/{}", custody.evidence_id);
    html! {
        h2 #custody { (lang.t("保管链", "Chain of custody")) }
        table {
            thead { tr {
                th scope="col" { (lang.t("日志序号", "Log index")) }
                th scope="col" { (lang.t("事件", "Event")) }
                th scope="col" { (lang.t("时间", "Time")) }
                th scope="col" { (lang.t("操作人", "By")) }
                th scope="col" { (lang.t("详情", "Facts")) }
            } }
            tbody { @for event in &custody.events {
                @let entry = &event.entry;
                tr.custody-event {
                    td { (event.index) }
                    td { (event_name(lang, entry["event"].as_str().unwrap_or_default())) }
                    td { (entry["at_us"].as_i64().map(format::time).unwrap_or_default()) }
                    td { code { (entry["actor"].as_str().map(short).unwrap_or("—")) } }
                    td { (facts(entry)) }
                }
            } }
        }
        p {
            a href={ (base) "/custody.json" } download { (lang.t("下载保管记录及包含证明", "Download the custody entries with inclusion proofs")) }
            " · "
            a href={ (base) "/checkpoint" } download { (lang.t("下载检查点", "Download the checkpoint")) }
        }
    }
}

/// The facts of a custody entry other than those shown in their own columns.
fn facts(entry: &Value) -> Markup {
    const SHOWN: [&str; 5] = ["event", "at_us", "actor", "evidence", "type"];
    html! {
        @if let Some(map) = entry.as_object() {
            @for (name, value) in map.iter().filter(|(name, _)| !SHOWN.contains(&name.as_str())) {
                span.mono { (name) "=" @match value { Value::String(text) => (text), other => (other) } } " "
            }
        }
    }
}

fn field_error(error: Option<&FormError>, form: &str, field: &str) -> Option<String> {
    error
        .filter(|(f, name, _)| *f == form && *name == field)
        .map(|(_, _, message)| message.clone())
}

/// One action form with a reason field.
fn reason_form(
    lang: Lang,
    csrf: &str,
    id: &str,
    action: &'static str,
    label: &str,
    error: Option<&FormError>,
) -> Markup {
    let field = format!("{action}-reason");
    let message = field_error(error, action, "reason");
    let described = format!("{field}-error");
    html! {
        form.stack method="post" action={ "/console/evidence/" (id) "/" (action) } {
            input type="hidden" name="csrf" value=(csrf);
            label for=(field) { (lang.t("理由", "Reason")) }
            input #(field) name="reason" type="text" maxlength="1000"
                aria-invalid=[message.as_ref().map(|_| "true")]
                aria-describedby=[message.as_ref().map(|_| described.as_str())];
            @if let Some(message) = &message { p.field-error #(described) role="alert" { (message) } }
            button type="submit" { (label) }
        }
    }
}

fn actions(lang: Lang, csrf: &str, item: &EvidenceView, error: Option<&FormError>) -> Markup {
    let id = item.id.as_str();
    let receiving = field_error(error, "transfer", "receiving_body");
    let receipt = field_error(error, "transfer", "receipt_sha256");
    html! {
        h2 #actions { (lang.t("保管操作", "Custody actions")) }
        @if let Some((_, "form", message)) = error { p.notice.bad #action-error role="alert" { (message) } }
        @if !item.sealed { (reason_form(lang, csrf, id, "seal", lang.t("封存", "Seal"), error)) }
        @if item.held {
            (reason_form(lang, csrf, id, "release", lang.t("解除冻结", "Release"), error))
        } @else {
            (reason_form(lang, csrf, id, "hold", lang.t("冻结", "Hold"), error))
        }
        form.stack method="post" action={ "/console/evidence/" (id) "/transfer" } {
            input type="hidden" name="csrf" value=(csrf);
            label for="receiving_body" { (lang.t("接收单位", "Receiving body")) }
            input #receiving_body name="receiving_body" type="text" maxlength="200"
                aria-invalid=[receiving.as_ref().map(|_| "true")]
                aria-describedby=[receiving.as_ref().map(|_| "receiving_body-error")];
            @if let Some(message) = &receiving { p.field-error #receiving_body-error role="alert" { (message) } }
            label for="receipt_sha256" { (lang.t("回执 SHA-256", "Receipt SHA-256")) }
            input #receipt_sha256 name="receipt_sha256" type="text" maxlength="64"
                aria-invalid=[receipt.as_ref().map(|_| "true")]
                aria-describedby=[receipt.as_ref().map(|_| "receipt_sha256-error")];
            @if let Some(message) = &receipt { p.field-error #receipt_sha256-error role="alert" { (message) } }
            button type="submit" { (lang.t("移交", "Transfer")) }
        }
        @if !item.held && item.status != "disposed" {
            (reason_form(lang, csrf, id, "dispose", lang.t("销毁", "Dispose"), error))
        }
    }
}

/// `GET /console/evidence/{id}/content`: the API's bytes (whole or one range, logged as a
/// download), typed for the browser's player when the item declared a media type it plays.
pub async fn content(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let id = id.into_inner();
    let caller = viewer.caller.clone();
    let lookup = id.clone();
    let declared = db::run(&state.pool, move |conn| {
        Ok(reachable_item(conn, &caller, Action::ReadEvidence, &lookup)?.content_type)
    })
    .await?;
    let mut response =
        api::content::content(request, state, viewer.caller, web::Path::from(id)).await?;
    if let Some(media_type) = declared.filter(|media_type| playable(media_type))
        && let Ok(value) = header::HeaderValue::from_str(media_type.as_str())
    {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    Ok(response)
}

/// Media types the browser may show itself; anything else stays `application/octet-stream`.
fn playable(media_type: &str) -> bool {
    [
        "image/jpeg",
        "image/png",
        "video/mp4",
        "video/webm",
        "audio/mpeg",
        "audio/mp4",
        "audio/wav",
        "audio/webm",
        "audio/ogg",
    ]
    .contains(&media_type)
}

/// `GET /console/evidence/{id}/thumbnail`.
pub async fn thumbnail(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    Ok(api::thumbnail::thumbnail(request, state, viewer.caller, id).await?)
}

/// `GET /console/evidence/{id}/custody.json`: the API's custody view as a file.
pub async fn custody_file(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let web::Json(custody) = api::custody::custody(state, viewer.caller, id).await?;
    let bytes = serde_json::to_vec_pretty(&custody).map_err(ApiError::internal)?;
    Ok(attachment(
        "application/json",
        &format!("custody-{}.json", custody.evidence_id),
        bytes,
    ))
}

/// `GET /console/evidence/{id}/checkpoint`: the signed checkpoint the custody proofs verify
/// against.
pub async fn checkpoint(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let web::Json(custody) = api::custody::custody(state, viewer.caller, id).await?;
    Ok(attachment(
        "text/plain; charset=utf-8",
        &format!("checkpoint-{}.txt", custody.size),
        custody.checkpoint.into_bytes(),
    ))
}

fn attachment(media_type: &str, name: &str, bytes: Vec<u8>) -> HttpResponse {
    let name: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .collect();
    HttpResponse::Ok()
        .content_type(media_type.to_owned())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(bytes)
}
