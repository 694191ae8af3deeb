//! 案卷评查 (case-file review) campaigns: the campaigns of the caller's units and of one unit,
//! opening one (by draw or by list) on a unit's page, and a campaign's own page ([`campaign`]).
//! Lists and forms run the API's handlers (`routes::reviews`) as the signed-in caller, so a
//! refusal is the API's, shown beside the field its detail names, and nothing changed; the
//! campaign page reads through the same domain functions the API's `show` does.

pub mod campaign;
mod period;

use super::page::{ConsoleError, Lang, page};
use super::registers::{FormError, field, field_error, form_error, may, refusal, unit_names};
use super::session::Viewer;
use crate::access::{self, Action};
use crate::db;
use crate::error::ApiError;
use crate::names::RowId;
use crate::routes::listing::UnitListQuery;
use crate::routes::reviews::open::{DrawChoice, OpenReviewRequest};
use crate::routes::reviews::{list::list as api_list, open::open as api_open};
use crate::state::AppState;
use crate::supervision::reviews::report::CampaignSummary;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use serde::Deserialize;

/// The campaigns of the caller's units (or of one unit), as the API lists them.
async fn campaigns(
    state: &web::Data<AppState>,
    viewer: &Viewer,
    org_id: Option<String>,
) -> Result<Vec<CampaignSummary>, ApiError> {
    let query = UnitListQuery {
        org_id,
        limit: Some(db::page::MAX_LIMIT),
        after: None,
    };
    let web::Json(list) = api_list(state.clone(), viewer.caller.clone(), web::Query(query)).await?;
    Ok(list)
}

/// The campaigns as a table, newest first.
fn table(
    lang: Lang,
    list: &[CampaignSummary],
    names: &std::collections::HashMap<String, String>,
) -> Markup {
    html! {
        @if list.is_empty() {
            p.muted { (lang.t("尚无评查活动。", "No review campaigns yet.")) }
        } @else {
            table.campaigns {
                thead { tr {
                    th scope="col" { (lang.t("活动", "Campaign")) }
                    th scope="col" { (lang.t("单位", "Unit")) }
                    th scope="col" { (lang.t("期间", "Period")) }
                    th scope="col" { (lang.t("状态", "State")) }
                    th scope="col" { (lang.t("日志序号", "Log index")) }
                } }
                tbody { @for campaign in list.iter().rev() { tr.campaign {
                    td { a href={ "/console/reviews/" (campaign.id) } { (campaign.title) } }
                    td { (names.get(&campaign.org_id).map_or(campaign.org_id.as_str(), String::as_str)) }
                    td { (period::show(campaign.from_us, campaign.to_us)) }
                    td { (state_name(lang, &campaign.state)) }
                    td { (campaign.log_index) }
                } } }
            }
        }
    }
}

/// A campaign's state as the console shows it.
pub fn state_name(lang: Lang, state: &str) -> &'static str {
    match state {
        "closed" => lang.t("已结束", "Closed"),
        _ => lang.t("进行中", "Open"),
    }
}

/// `GET /console/reviews`: every campaign of the caller's units.
pub async fn list(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, ConsoleError> {
    let list = campaigns(&state, &viewer, None).await?;
    let names = unit_names(&state, &viewer).await?;
    let lang = viewer.lang;
    let title = lang.t("案卷评查", "Case-file reviews");
    let body = html! {
        h1 { (title) }
        p.muted { (lang.t("在单位页面上发起评查活动。", "Open a campaign from a unit's page.")) }
        (table(lang, &list, &names))
    };
    Ok(page(&viewer, &request, title, body))
}

/// `GET /console/units/{id}/reviews`: a unit's campaigns, and the form that opens one.
pub async fn unit(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    render_unit(
        state,
        request,
        viewer,
        id.into_inner(),
        OpenForm::default(),
        None,
    )
    .await
}

async fn render_unit(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: String,
    form: OpenForm,
    error: Option<FormError>,
) -> Result<HttpResponse, ConsoleError> {
    let scope = access::scope(&viewer.caller, Action::ReadReviews)?;
    let id = RowId::try_from(id)
        .map_err(|_| ApiError::not_found("no such unit"))?
        .into_string();
    let unit = {
        let id = id.clone();
        db::run(&state.pool, move |conn| {
            db::orgs::find_in(conn, &scope, &id)?.ok_or_else(|| ApiError::not_found("no such unit"))
        })
        .await?
    };
    let list = campaigns(&state, &viewer, Some(id.clone())).await?;
    let names = unit_names(&state, &viewer).await?;
    let opens = may(&viewer, Action::ManageReviews)?;
    let lang = viewer.lang;
    let title = format!(
        "{} · {}",
        lang.t("案卷评查", "Case-file reviews"),
        unit.name
    );
    let body = html! {
        h1 { (title) }
        p { a href={ "/console/units/" (unit.id) } { (lang.t("返回单位", "Back to the unit")) } }
        (table(lang, &list, &names))
        @if opens { (open_form(lang, &viewer.csrf, &unit.id, &form, error.as_ref())) }
    };
    let mut response = page(&viewer, &request, &title, body);
    if error.is_some() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

fn open_form(
    lang: Lang,
    csrf: &str,
    unit: &str,
    form: &OpenForm,
    error: Option<&FormError>,
) -> Markup {
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    let by_list = form.selection.as_deref() == Some("list");
    let cases_error = error.filter(|(f, _)| f == "cases").map(|(_, m)| m.as_str());
    let selection_error = error
        .filter(|(f, _)| f == "selection")
        .map(|(_, m)| m.as_str());
    html! {
        h2 #open { (lang.t("发起评查活动", "Open a campaign")) }
        (form_error("open-form", error))
        form.stack method="post" action={ "/console/units/" (unit) "/reviews" } {
            input type="hidden" name="csrf" value=(csrf);
            (field("title", "title", lang.t("活动名称", "Title"), "text", &value(&form.title), error))
            (field("from", "from", lang.t("结案日期自（含）", "Closed from (inclusive)"), "date", &value(&form.from), error))
            (field("to", "to", lang.t("结案日期至（含）", "Closed until (inclusive)"), "date", &value(&form.to), error))
            fieldset aria-describedby=[selection_error.map(|_| "selection-error")] {
                legend { (lang.t("案卷选取", "Choosing the files")) }
                label { input type="radio" name="selection" value="draw" checked[!by_list]; " " (lang.t("双随机抽取", "Draw at random")) }
                label { input type="radio" name="selection" value="list" checked[by_list]; " " (lang.t("指定案卷", "List the files")) }
            }
            (field_error("selection", selection_error))
            (field("count", "count", lang.t("抽取案卷数", "Files to draw"), "number", form.count.as_deref().unwrap_or("1"), error))
            label for="cases" { (lang.t("指定的案件编号（每行一个）", "Case ids to review (one per line)")) }
            textarea #cases name="cases" rows="4"
                aria-invalid=[cases_error.map(|_| "true")]
                aria-describedby=[cases_error.map(|_| "cases-error")] { (value(&form.cases)) }
            (field_error("cases", cases_error))
            button type="submit" { (lang.t("发起", "Open")) }
        }
    }
}

#[derive(Deserialize, Default)]
pub struct OpenForm {
    csrf: Option<String>,
    title: Option<String>,
    from: Option<String>,
    to: Option<String>,
    selection: Option<String>,
    count: Option<String>,
    cases: Option<String>,
}

impl OpenForm {
    /// The API's request for this form, or the field at fault.
    fn request(&self, lang: Lang, unit: &str) -> Result<OpenReviewRequest, FormError> {
        let date = |value: &Option<String>, id: &str| {
            period::day_start_us(value.as_deref().unwrap_or_default().trim()).ok_or_else(|| {
                (
                    id.to_owned(),
                    lang.t("请填写日期（年-月-日）。", "Enter a date (YYYY-MM-DD).")
                        .to_owned(),
                )
            })
        };
        let from_us = date(&self.from, "from")?;
        // The last day counts whole: the period ends where the next day begins.
        let to_us = date(&self.to, "to")?.saturating_add(period::DAY_US);
        let (draw, cases) = match self.selection.as_deref() {
            Some("list") => {
                let cases = self
                    .cases
                    .as_deref()
                    .unwrap_or_default()
                    .lines()
                    .map(str::trim)
                    .filter(|line| !line.is_empty())
                    .map(str::to_owned)
                    .collect();
                (None, Some(cases))
            }
            Some("draw") | None => {
                let count = self
                    .count
                    .as_deref()
                    .unwrap_or_default()
                    .trim()
                    .parse()
                    .map_err(|_| {
                        (
                            "count".to_owned(),
                            lang.t("请填写正整数。", "Enter a whole number.").to_owned(),
                        )
                    })?;
                (Some(DrawChoice { count }), None)
            }
            Some(_) => {
                return Err((
                    "selection".to_owned(),
                    lang.t("请选择抽取或指定。", "Choose draw or list.")
                        .to_owned(),
                ));
            }
        };
        Ok(OpenReviewRequest {
            org_id: RowId::try_from(unit.to_owned()).map_err(|_| {
                (
                    "open-form".to_owned(),
                    lang.t("单位不存在。", "No such unit.").to_owned(),
                )
            })?,
            title: self.title.as_deref().unwrap_or_default().trim().to_owned(),
            from_us: u64::try_from(from_us).map_err(|_| {
                (
                    "from".to_owned(),
                    lang.t("日期过早。", "Too early a date.").to_owned(),
                )
            })?,
            to_us: u64::try_from(to_us).map_err(|_| {
                (
                    "to".to_owned(),
                    lang.t("日期过早。", "Too early a date.").to_owned(),
                )
            })?,
            template: None,
            draw,
            cases,
        })
    }
}

/// `POST /console/units/{id}/reviews`: the API opens the campaign; then its page.
pub async fn open(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: web::Path<String>,
    form: web::Form<OpenForm>,
) -> Result<HttpResponse, ConsoleError> {
    viewer.check_csrf(form.csrf.as_deref())?;
    let id = id.into_inner();
    let form = form.into_inner();
    let lang = viewer.lang;
    let order = match form.request(lang, &id) {
        Ok(order) => order,
        Err(error) => return render_unit(state, request, viewer, id, form, Some(error)).await,
    };
    match api_open(state.clone(), viewer.caller.clone(), web::Json(order)).await {
        Ok(response) => {
            let bytes = actix_web::body::to_bytes(response.into_body())
                .await
                .map_err(|_| ApiError::internal("reading an opened campaign"))?;
            // The API's body is its `CampaignView`; only its id is needed here.
            let view: serde_json::Value =
                serde_json::from_slice(&bytes).map_err(ApiError::internal)?;
            let id = view["id"]
                .as_str()
                .ok_or_else(|| ApiError::internal("an opened campaign without its id"))?;
            Ok(HttpResponse::SeeOther()
                .insert_header((header::LOCATION, format!("/console/reviews/{id}")))
                .finish())
        }
        Err(error) => {
            let fields = [
                ("title", "title"),
                ("from_us", "from"),
                ("to_us", "to"),
                ("draw.count", "count"),
                ("draw", "selection"),
                ("cases", "cases"),
            ];
            let error = refusal(lang, error, &fields, "open-form")?;
            render_unit(state, request, viewer, id, form, Some(error)).await
        }
    }
}
