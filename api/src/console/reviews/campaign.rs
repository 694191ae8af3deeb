//! One 案卷评查 campaign: its facts and opening entry, each file's automatic score and total,
//! the ranking of units, the 通报 problem list and the manual scores, recomputed at each
//! request through the API's own domain functions (`supervision::reviews`); the forms that
//! score a manual item (reviewers, supervisors) and close the campaign (supervisors, admins)
//! run the API's handlers; the CSV and the printable page are the API's.

use super::{period, state_name};
use crate::access::{self, Action};
use crate::console::format;
use crate::console::page::{ConsoleError, Lang, page};
use crate::console::registers::users::row_id;
use crate::console::registers::{
    FormError, field, field_error, form_error, may, refusal, select, unit_names,
};
use crate::console::session::Viewer;
use crate::db;
use crate::routes::reviews::score::ScoreRequest;
use crate::routes::reviews::{close::close as api_close, score::score as api_score};
use crate::state::AppState;
use crate::supervision::reviews::{self, report};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use custos_core::supervision::evaluation::{Grade, Template};
use maud::{Markup, html};
use serde::Deserialize;

/// The campaign `id` in the caller's reach, with its findings as of now.
async fn load(
    state: &web::Data<AppState>,
    viewer: &Viewer,
    id: String,
) -> Result<(report::CampaignView, Template), ConsoleError> {
    let scope = access::scope(&viewer.caller, Action::ReadReviews)?;
    let id = row_id(id)?.into_string();
    Ok(db::run(&state.pool, move |conn| {
        let row = reviews::find(conn, &scope, &id)?;
        report::view(conn, row)
    })
    .await?)
}

/// `GET /console/reviews/{id}`.
pub async fn show(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    render(
        state,
        request,
        viewer,
        id.into_inner(),
        ScoreForm::default(),
        None,
    )
    .await
}

async fn render(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: String,
    form: ScoreForm,
    error: Option<FormError>,
) -> Result<HttpResponse, ConsoleError> {
    let (view, template) = load(&state, &viewer, id).await?;
    let names = unit_names(&state, &viewer).await?;
    let unit = |org: &str| names.get(org).cloned().unwrap_or_else(|| org.to_owned());
    let open = view.state == "open";
    let scores = open && may(&viewer, Action::ScoreReviews)?;
    let closes = open && may(&viewer, Action::ManageReviews)?;
    let lang = viewer.lang;
    let base = format!("/console/reviews/{}", view.id);
    let body = html! {
        h1 { (lang.t("案卷评查", "Case-file review")) " " (view.title) }
        p {
            a href={ "/console/units/" (view.org_id) "/reviews" } { (lang.t("该单位的评查活动", "The unit's campaigns")) } " · "
            a href={ (base) "/report.csv" } download { (lang.t("下载 CSV", "Download CSV")) } " · "
            a href={ (base) "/print" } { (lang.t("打印版通报", "Printable report")) }
        }
        dl.facts {
            dt { (lang.t("单位", "Unit")) } dd { a href={ "/console/units/" (view.org_id) } { (unit(&view.org_id)) } }
            dt { (lang.t("结案期间", "Cases closed")) } dd { (period::show(view.from_us, view.to_us)) }
            dt { (lang.t("状态", "State")) } dd.campaign-state { (state_name(lang, &view.state)) }
            dt { (lang.t("评查标准", "Template")) } dd { (pick(lang, &template.title_zh, &template.title_en)) " — " code { (view.template.id) } " v" (view.template.version) }
            dt { (lang.t("发起", "Opened")) } dd { (format::time(view.opened_at_us)) " · " code { (view.opened_by) } " · " (lang.t("日志序号", "log index")) " " (view.log_index) }
            @if let (Some(at), Some(index)) = (view.closed_at_us, view.close_log_index) {
                dt { (lang.t("结束", "Closed")) } dd { (format::time(at)) " · " (lang.t("日志序号", "log index")) " " (index) }
            }
        }
        h2 { (lang.t("案卷得分", "Files and scores")) }
        table.files {
            thead { tr {
                th scope="col" { (lang.t("案件", "Case")) }
                th scope="col" { (lang.t("单位", "Unit")) }
                th scope="col" { (lang.t("自动评分", "Automatic")) }
                th scope="col" { (lang.t("总分", "Total")) }
                th scope="col" { (lang.t("等次", "Grade")) }
            } }
            tbody { @for case in &view.findings.cases { tr.review-file {
                td { a href={ "/console/cases/" (case.case) } { (case.case) } }
                td { (unit(&case.org)) }
                td.num { (case.automatic_score) }
                td.num { (case.total) }
                td { (grade(lang, case.grade)) @if let Some(veto) = &case.vetoed_by { " (" (lang.t("一票否决：", "vetoed: ")) (veto) ")" } }
            } } }
        }
        h2 { (lang.t("单位排名", "Ranking of units")) }
        table.ranking {
            thead { tr {
                th scope="col" { (lang.t("名次", "Rank")) }
                th scope="col" { (lang.t("单位", "Unit")) }
                th scope="col" { (lang.t("案卷数", "Files")) }
                th scope="col" { (lang.t("平均分", "Mean total")) }
            } }
            tbody { @for rank in &view.findings.ranking { tr.rank {
                td.num { (rank.rank) } td { (unit(&rank.org)) } td.num { (rank.cases) }
                td.num { (rank.mean_total_centi / 100) "." (format!("{:02}", rank.mean_total_centi % 100)) }
            } } }
        }
        h2 { (lang.t("通报问题清单", "Problems found (通报)")) }
        @if view.findings.problems.is_empty() {
            p.muted { (lang.t("未发现问题。", "No problems found.")) }
        } @else {
            table.problems {
                thead { tr {
                    th scope="col" { (lang.t("案件", "Case")) }
                    th scope="col" { (lang.t("单位", "Unit")) }
                    th scope="col" { (lang.t("评查项目", "Item")) }
                    th scope="col" { (lang.t("规则与条款", "Rule and article")) }
                    th scope="col" { (lang.t("扣分", "Points")) }
                    th scope="col" { (lang.t("说明", "Detail")) }
                } }
                tbody { @for problem in &view.findings.problems { tr.problem {
                    td { (problem.case) } td { (unit(&problem.org)) }
                    td { (problem.item) @if problem.veto { " (" (lang.t("一票否决", "veto")) ")" } }
                    td { (problem.rule.as_deref().unwrap_or("—")) " " (problem.article_zh.as_deref().unwrap_or("")) }
                    td.num { (problem.points) } td { (problem.detail) }
                } } }
            }
        }
        h2 { (lang.t("人工评分", "Manual scores")) }
        @if view.scores.is_empty() {
            p.muted { (lang.t("尚无人工评分。", "No manual scores yet.")) }
        } @else {
            table.scores {
                thead { tr {
                    th scope="col" { (lang.t("案件", "Case")) }
                    th scope="col" { (lang.t("项目", "Item")) }
                    th scope="col" { (lang.t("得分", "Score")) }
                    th scope="col" { (lang.t("评语", "Remark")) }
                    th scope="col" { (lang.t("评查人", "Reviewer")) }
                    th scope="col" { (lang.t("日志序号", "Log index")) }
                } }
                tbody { @for score in &view.scores { tr.manual-score {
                    td { (score.case_id) } td { code { (score.item) } } td.num { (score.score) }
                    td { (score.remark) } td { code { (score.reviewer_id) } } td.num { (score.log_index) }
                } } }
            }
        }
        // A refusal because the campaign closed meanwhile is shown even though the form that
        // was refused is no longer offered.
        @if scores { (score_form(lang, &viewer.csrf, &base, &view, &template, &form, error.as_ref())) }
        @else { (form_error("score-form", error.as_ref())) }
        @if !closes { (form_error("close-form", error.as_ref())) }
        @if closes {
            h2 #close { (lang.t("结束活动", "Close the campaign")) }
            (form_error("close-form", error.as_ref()))
            form.stack method="post" action={ (base) "/close" } {
                input type="hidden" name="csrf" value=(viewer.csrf);
                p.muted { (lang.t("结束后不再接受评分，结果即为最终通报。", "Once closed, no more scores are taken; the findings are final.")) }
                button type="submit" { (lang.t("结束", "Close")) }
            }
        }
    };
    let mut response = page(&viewer, &request, &view.title, body);
    if error.is_some() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// A template's own text in the page's language.
fn pick<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn grade(lang: Lang, grade: Grade) -> &'static str {
    match grade {
        Grade::Excellent => lang.t("优秀", "Excellent"),
        Grade::Pass => lang.t("合格", "Pass"),
        Grade::Fail => lang.t("不合格", "Fail"),
    }
}

fn score_form(
    lang: Lang,
    csrf: &str,
    base: &str,
    view: &report::CampaignView,
    template: &Template,
    form: &ScoreForm,
    error: Option<&FormError>,
) -> Markup {
    let cases: Vec<(String, String)> = view.cases.iter().map(|c| (c.clone(), c.clone())).collect();
    let items: Vec<(String, String)> = template
        .items
        .iter()
        .filter(|item| !item.automatic())
        .map(|item| {
            let title = pick(lang, &item.title_zh, &item.title_en);
            (
                item.id.clone(),
                format!("{title} ({}, 0–{})", item.id, item.points),
            )
        })
        .collect();
    let remark_error = error
        .filter(|(f, _)| f == "remark")
        .map(|(_, m)| m.as_str());
    html! {
        h2 #score { (lang.t("人工评分", "Score a manual item")) }
        (form_error("score-form", error))
        form.stack method="post" action={ (base) "/scores" } {
            input type="hidden" name="csrf" value=(csrf);
            (select("case_id", "case_id", lang.t("案件", "Case"), &cases, form.case_id.as_deref(), error))
            (select("item", "item", lang.t("评查项目", "Item"), &items, form.item.as_deref(), error))
            (field("score", "score", lang.t("得分", "Score"), "number", form.score.as_deref().unwrap_or_default(), error))
            label for="remark" { (lang.t("评语", "Remark")) }
            textarea #remark name="remark" rows="3"
                aria-invalid=[remark_error.map(|_| "true")]
                aria-describedby=[remark_error.map(|_| "remark-error")] { (form.remark.as_deref().unwrap_or_default()) }
            (field_error("remark", remark_error))
            button type="submit" { (lang.t("保存评分", "Save the score")) }
        }
    }
}

#[derive(Deserialize, Default)]
pub struct ScoreForm {
    csrf: Option<String>,
    case_id: Option<String>,
    item: Option<String>,
    score: Option<String>,
    remark: Option<String>,
}

/// `POST /console/reviews/{id}/scores`: the API's score; then the campaign again.
pub async fn score(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: web::Path<String>,
    form: web::Form<ScoreForm>,
) -> Result<HttpResponse, ConsoleError> {
    viewer.check_csrf(form.csrf.as_deref())?;
    let id = id.into_inner();
    let form = form.into_inner();
    let lang = viewer.lang;
    let Ok(points) = form
        .score
        .as_deref()
        .unwrap_or_default()
        .trim()
        .parse::<u64>()
    else {
        let error = (
            "score".to_owned(),
            lang.t("请填写非负整数。", "Enter a whole number.")
                .to_owned(),
        );
        return render(state, request, viewer, id, form, Some(error)).await;
    };
    let order = ScoreRequest {
        case_id: form.case_id.clone().unwrap_or_default(),
        item: form.item.clone().unwrap_or_default(),
        score: points,
        remark: form.remark.as_deref().unwrap_or_default().trim().to_owned(),
    };
    let path = web::Path::from(row_id(id.clone())?.into_string());
    match api_score(state.clone(), viewer.caller.clone(), path, web::Json(order)).await {
        Ok(_) => Ok(back(&id, "#score")),
        Err(error) => {
            let fields = [
                ("case_id", "case_id"),
                ("item", "item"),
                ("score", "score"),
                ("remark", "remark"),
            ];
            let error = refusal(lang, error, &fields, "score-form")?;
            render(state, request, viewer, id, form, Some(error)).await
        }
    }
}

#[derive(Deserialize)]
pub struct CloseForm {
    csrf: Option<String>,
}

/// `POST /console/reviews/{id}/close`: the API closes the campaign; then its page.
pub async fn close(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: web::Path<String>,
    form: web::Form<CloseForm>,
) -> Result<HttpResponse, ConsoleError> {
    viewer.check_csrf(form.csrf.as_deref())?;
    let id = id.into_inner();
    let path = web::Path::from(row_id(id.clone())?.into_string());
    match api_close(state.clone(), viewer.caller.clone(), path).await {
        Ok(_) => Ok(back(&id, "")),
        Err(error) => {
            let error = refusal(viewer.lang, error, &[], "close-form")?;
            render(
                state,
                request,
                viewer,
                id,
                ScoreForm::default(),
                Some(error),
            )
            .await
        }
    }
}

fn back(id: &str, anchor: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/console/reviews/{id}{anchor}")))
        .finish()
}

/// `GET /console/reviews/{id}/report.csv`: the API's CSV of the ranking and the problems.
pub async fn csv(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let (view, _) = load(&state, &viewer, id.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"review-{}.csv\"", view.id),
        ))
        .body(report::to_csv(&view)))
}

/// `GET /console/reviews/{id}/print`: the API's printable 通报.
pub async fn print(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let (view, template) = load(&state, &viewer, id.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(report::to_html(&view, &template).into_string()))
}
