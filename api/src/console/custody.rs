//! The custody actions' forms: each posts here with its CSRF token and runs the API's own
//! handler (`routes::evidence::actions`) as the signed-in caller. A refusal shows the item
//! page again with why beside the field, and nothing changed.

use super::evidence::{FormError, render};
use super::page::{ConsoleError, Lang};
use super::session::Viewer;
use crate::error::{ApiError, ProblemType};
use crate::routes::evidence::Client;
use crate::routes::evidence::actions::{self, ActionTarget, ReasonRequest, TransferRequest};
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ActionForm {
    csrf: Option<String>,
    reason: Option<String>,
    receiving_body: Option<String>,
    receipt_sha256: Option<String>,
}

/// `POST /console/evidence/{id}/{action}` for seal, hold, release, transfer and dispose.
pub async fn act(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    path: web::Path<(String, String)>,
    form: web::Form<ActionForm>,
) -> Result<HttpResponse, ConsoleError> {
    viewer.check_csrf(form.csrf.as_deref())?;
    let (id, action) = path.into_inner();
    let form = form.into_inner();
    let lang = viewer.lang;
    let reason = form
        .reason
        .map(|reason| reason.trim().to_owned())
        .filter(|reason| !reason.is_empty());
    let action: &'static str = match action.as_str() {
        "seal" => "seal",
        "hold" => "hold",
        "release" => "release",
        "transfer" => "transfer",
        "dispose" => "dispose",
        _ => return Err(ApiError::not_found("no such action").into()),
    };
    // A hold stops disposal for as long as it lasts: the console asks why, every time.
    if action == "hold" && reason.is_none() {
        let error = (
            "hold",
            "reason",
            lang.t("冻结须写明理由。", "A hold needs a reason.")
                .to_owned(),
        );
        return render(state, request, viewer, id, Some(error)).await;
    }
    let target = ActionTarget::new(
        state.clone(),
        viewer.caller.clone(),
        id.clone(),
        Client::of(&request),
    );
    let reason = web::Json(ReasonRequest { reason });
    let done = match action {
        "seal" => actions::seal(target, reason).await,
        "hold" => actions::hold(target, reason).await,
        "release" => actions::release(target, reason).await,
        "dispose" => actions::dispose(target, reason).await,
        _ => {
            let transfer = TransferRequest {
                receiving_body: form.receiving_body.unwrap_or_default(),
                receipt_sha256: form.receipt_sha256.unwrap_or_default().trim().to_owned(),
            };
            actions::transfer(target, web::Json(transfer)).await
        }
    };
    match done {
        Ok(_) => Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, format!("/console/evidence/{id}#custody")))
            .finish()),
        Err(error) => match refusal(lang, action, &error) {
            Some(shown) => render(state, request, viewer, id, Some(shown)).await,
            None => Err(error.into()),
        },
    }
}

/// Where a refused action's reason is shown, if it is one the form can show.
fn refusal(lang: Lang, action: &'static str, error: &ApiError) -> Option<FormError> {
    match error.problem {
        ProblemType::InvalidInput if error.detail.starts_with("receiving_body") => Some((
            "transfer",
            "receiving_body",
            lang.t(
                "接收单位须为 1 至 200 个字符，且不含控制字符。",
                "The receiving body must be 1 to 200 characters without control characters.",
            )
            .to_owned(),
        )),
        ProblemType::InvalidInput if error.detail.starts_with("receipt_sha256") => Some((
            "transfer",
            "receipt_sha256",
            lang.t(
                "回执 SHA-256 须为 64 位小写十六进制字符。",
                "The receipt SHA-256 must be 64 lowercase hex characters.",
            )
            .to_owned(),
        )),
        ProblemType::InvalidInput | ProblemType::Conflict => Some((
            action,
            "form",
            format!("{}{}", lang.t("未执行：", "Not done: "), error.detail),
        )),
        _ => None,
    }
}
