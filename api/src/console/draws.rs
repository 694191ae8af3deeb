//! 双随机 draws: the units' draws with their inputs, seed, result and log entry, and making a
//! draw, all through the API's own handlers (`routes::draws`) as the signed-in caller.

use super::format;
use super::page::{ConsoleError, Lang, page};
use super::session::Viewer;
use crate::access::{self, Action};
use crate::db::{self, Page};
use crate::error::{ApiError, ProblemType};
use crate::names::RowId;
use crate::routes::draws::create::CreateDrawRequest;
use crate::routes::draws::{self as api, DrawView};
use crate::routes::listing::UnitListQuery;
use crate::state::AppState;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use serde::Deserialize;

/// What a refused draw form showed: (field, message), the field `form` for the whole form.
type FormError = (&'static str, String);

/// `GET /console/draws`.
pub async fn list(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, ConsoleError> {
    render(state, request, viewer, DrawForm::default(), None).await
}

async fn render(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    form: DrawForm,
    error: Option<FormError>,
) -> Result<HttpResponse, ConsoleError> {
    let query = UnitListQuery {
        org_id: None,
        limit: Some(100),
        after: None,
    };
    let web::Json(draws) =
        api::list::list(state.clone(), viewer.caller.clone(), web::Query(query)).await?;
    let units = match access::scope_if_any(&viewer.caller, Action::MakeDraw)? {
        Some(scope) => db::run(&state.pool, move |conn| {
            Ok(db::orgs::list_in(
                conn,
                &scope,
                None,
                &Page::new(Some(1000), None),
            )?)
        })
        .await?
        .into_iter()
        .map(|unit| (unit.id, unit.name))
        .collect(),
        None => Vec::new(),
    };
    let lang = viewer.lang;
    let title = lang.t("双随机抽查", "Random inspections (双随机)");
    let body = html! {
        h1 { (title) }
        @if draws.is_empty() {
            p.muted { (lang.t("尚无抽查。", "No draws yet.")) }
        } @else {
            table {
                thead { tr {
                    th scope="col" { (lang.t("任务", "Task")) }
                    th scope="col" { (lang.t("领域", "Domain")) }
                    th scope="col" { (lang.t("时间", "Made")) }
                    th scope="col" { (lang.t("日志序号", "Log index")) }
                    th scope="col" { (lang.t("抽中", "Drawn")) }
                } }
                tbody { @for draw in draws.iter().rev() { tr {
                    td { a href={ "/console/draws/" (draw.id) } { (draw.task) } }
                    td { (draw.domain) }
                    td { (format::time(draw.created_at_us)) }
                    td { (draw.log_index) }
                    td { (draw.targets.join("、")) }
                } } }
            }
        }
        @if !units.is_empty() { (make_form(lang, &viewer.csrf, &units, &form, error.as_ref())) }
    };
    let mut response = page(&viewer, &request, title, body);
    if error.is_some() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

fn make_form(
    lang: Lang,
    csrf: &str,
    units: &[(String, String)],
    form: &DrawForm,
    error: Option<&FormError>,
) -> Markup {
    let error_of = |field: &str| error.filter(|(f, _)| *f == field).map(|(_, m)| m.clone());
    let field = |id: &'static str, label: &str, kind: &str, value: &str| {
        let message = error_of(id);
        let described = format!("{id}-error");
        html! {
            label for=(id) { (label) }
            input #(id) name=(id) type=(kind) value=(value)
                aria-invalid=[message.as_ref().map(|_| "true")]
                aria-describedby=[message.as_ref().map(|_| described.as_str())];
            @if let Some(message) = &message { p.field-error #(described) role="alert" { (message) } }
        }
    };
    let targets_error = error_of("targets");
    html! {
        h2 #make { (lang.t("发起抽查", "Make a draw")) }
        @if let Some(message) = error_of("form") { p.notice.bad #draw-error role="alert" { (message) } }
        form.stack method="post" action="/console/draws" {
            input type="hidden" name="csrf" value=(csrf);
            label for="org_id" { (lang.t("抽查单位", "Unit")) }
            select #org_id name="org_id" {
                @for (id, name) in units { option value=(id) selected[form.org_id.as_deref() == Some(id.as_str())] { (name) } }
            }
            (field("task", lang.t("任务名称", "Task"), "text", form.task.as_deref().unwrap_or_default()))
            (field("domain", lang.t("执法领域", "Domain"), "text", form.domain.as_deref().unwrap_or("market-supervision")))
            (field("count", lang.t("抽取对象数", "Targets to draw"), "number", form.count.as_deref().unwrap_or("1")))
            (field("team_size", lang.t("每组检查人员数", "Inspectors per target"), "number", form.team_size.as_deref().unwrap_or("2")))
            label for="targets" { (lang.t("检查对象名录（每行一个）", "Directory of targets (one per line)")) }
            textarea #targets name="targets" rows="5"
                aria-invalid=[targets_error.as_ref().map(|_| "true")]
                aria-describedby=[targets_error.as_ref().map(|_| "targets-error")] {
                (form.targets.as_deref().unwrap_or_default())
            }
            @if let Some(message) = &targets_error { p.field-error #targets-error role="alert" { (message) } }
            button type="submit" { (lang.t("抽取", "Draw")) }
        }
    }
}

#[derive(Deserialize, Default)]
pub struct DrawForm {
    csrf: Option<String>,
    org_id: Option<String>,
    task: Option<String>,
    domain: Option<String>,
    count: Option<String>,
    team_size: Option<String>,
    targets: Option<String>,
}

/// `POST /console/draws`: the API's draw; then its page.
pub async fn make(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    form: web::Form<DrawForm>,
) -> Result<HttpResponse, ConsoleError> {
    viewer.check_csrf(form.csrf.as_deref())?;
    let form = form.into_inner();
    let lang = viewer.lang;
    let number = |text: &Option<String>, field: &'static str| -> Result<u64, FormError> {
        text.as_deref()
            .unwrap_or_default()
            .trim()
            .parse()
            .map_err(|_| {
                (
                    field,
                    lang.t("请填写正整数。", "Enter a whole number.").to_owned(),
                )
            })
    };
    let order = (|| {
        let org_id = RowId::try_from(form.org_id.clone().unwrap_or_default()).map_err(|_| {
            (
                "org_id",
                lang.t("请选择单位。", "Choose a unit.").to_owned(),
            )
        })?;
        Ok::<_, FormError>(CreateDrawRequest {
            org_id,
            task: form.task.clone().unwrap_or_default().trim().to_owned(),
            domain: form.domain.clone().unwrap_or_default().trim().to_owned(),
            count: number(&form.count, "count")?,
            team_size: number(&form.team_size, "team_size")?,
            targets: form
                .targets
                .as_deref()
                .unwrap_or_default()
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(str::to_owned)
                .collect(),
            inspectors: None,
        })
    })();
    let order = match order {
        Ok(order) => order,
        Err(error) => return render(state, request, viewer, form, Some(error)).await,
    };
    match api::create::create(state.clone(), viewer.caller.clone(), web::Json(order)).await {
        Ok(response) => {
            let bytes = actix_web::body::to_bytes(response.into_body())
                .await
                .map_err(|_| ApiError::internal("reading a made draw"))?;
            let draw: DrawView = serde_json::from_slice(&bytes).map_err(ApiError::internal)?;
            Ok(HttpResponse::SeeOther()
                .insert_header((header::LOCATION, format!("/console/draws/{}", draw.id)))
                .finish())
        }
        Err(error)
            if matches!(
                error.problem,
                ProblemType::InvalidInput | ProblemType::Conflict
            ) =>
        {
            let field = ["task", "domain", "count", "team_size", "targets"]
                .into_iter()
                .find(|field| error.detail.starts_with(field))
                .unwrap_or("form");
            let message = format!("{}{}", lang.t("未抽取：", "Not drawn: "), error.detail);
            render(state, request, viewer, form, Some((field, message))).await
        }
        Err(error) => Err(error.into()),
    }
}

/// `GET /console/draws/{id}`: one draw as its log entry published it.
pub async fn show(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let id = RowId::try_from(id.into_inner()).map_err(|_| ApiError::not_found("no such draw"))?;
    let web::Json(draw) =
        api::show::show(state, viewer.caller.clone(), web::Path::from(id)).await?;
    let lang = viewer.lang;
    let inputs = serde_json::to_string_pretty(&draw.inputs).unwrap_or_default();
    let body = html! {
        h1 { (lang.t("抽查", "Draw")) " " (draw.task) }
        dl.facts {
            dt { (lang.t("领域", "Domain")) } dd { (draw.domain) }
            dt { (lang.t("时间", "Made")) } dd { (format::time(draw.created_at_us)) }
            dt { (lang.t("发起人", "Made by")) } dd { code { (draw.actor_id) } }
            dt { (lang.t("日志条目", "Log entry")) } dd { (draw.log_index) " · " a href={ "/api/v1/log/entries/" (draw.log_index) } { (lang.t("公开日志条目", "the public log entry")) } }
        }
        h2 { (lang.t("种子", "Seed")) }
        dl.facts {
            dt { (lang.t("日志大小", "Log size")) } dd { (draw.seed.log_size) }
            dt { (lang.t("日志根", "Log root")) } dd { code { (draw.seed.log_root_sha256) } }
            dt { (lang.t("输入摘要", "Inputs SHA-256")) } dd { code { (draw.seed.inputs_sha256) } }
            dt { (lang.t("种子", "Seed")) } dd { code { (draw.seed.seed) } }
        }
        h2 { (lang.t("结果", "Result")) }
        table {
            thead { tr { th scope="col" { (lang.t("对象", "Target")) } th scope="col" { (lang.t("检查人员", "Inspectors")) } } }
            tbody { @for assignment in &draw.assignments { tr {
                td { (assignment.target) }
                td { @for inspector in &assignment.inspectors { code { (inspector) } " " } }
            } } }
        }
        h2 { (lang.t("输入", "Inputs")) }
        pre.mono { (inputs) }
    };
    Ok(page(&viewer, &request, &draw.task, body))
}
