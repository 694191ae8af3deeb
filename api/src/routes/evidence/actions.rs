//! Custody actions of supervisors and admins on items in their units: seal (封存), transfer
//! (移送, to police or a court, with a receipt), hold (legal hold: no disposal), release the
//! hold, and dispose (the bytes are deleted, the item and its history stay). Each is a
//! custody event appended in the same transaction as the change it records.

use super::{Client, EvidenceView, access_event, view_of};
use crate::access::Action;
use crate::auth::Caller;
use crate::db::DbConnection;
use crate::db::evidence::{self as items, Evidence, status};
use crate::error::{ApiError, ApiResult, Problem};
use crate::evidence::custody::{CustodyEvent, event};
use crate::evidence::disposal;
use crate::evidence::scope::reachable_item;
use crate::log;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use custos_core::digest::Sha256Digest;
use futures_util::future::LocalBoxFuture;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Why, in the actor's words; kept in the custody row, not in the public log.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    pub reason: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferRequest {
    /// The receiving body (a public security bureau, a court), by name.
    pub receiving_body: String,
    /// SHA-256 of the signed receipt document, lowercase hex.
    pub receipt_sha256: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CustodyActionResult {
    pub evidence: EvidenceView,
    /// Log index of the custody event.
    pub log_index: u64,
}

type ActionResponse = ApiResult<web::Json<CustodyActionResult>>;

/// What every custody action starts from: the caller, the item's id from the path and
/// where the request came from.
pub struct ActionTarget {
    state: web::Data<AppState>,
    caller: Caller,
    id: String,
    client: Client,
}

impl FromRequest for ActionTarget {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<ActionTarget, ApiError>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let state = request.app_data::<web::Data<AppState>>().cloned();
        let id = request.match_info().get("id").map(str::to_owned);
        let client = Client::of(request);
        let caller = Caller::from_request(request, payload);
        Box::pin(async move {
            Ok(ActionTarget {
                state: state.ok_or_else(|| ApiError::internal("application state missing"))?,
                caller: caller.await?,
                id: id.ok_or_else(|| ApiError::internal("route without an item id"))?,
                client,
            })
        })
    }
}

impl ActionTarget {
    /// The target of an action asked for elsewhere than the API (the console's forms), by a
    /// caller already authenticated there.
    pub fn new(
        state: web::Data<AppState>,
        caller: Caller,
        id: String,
        client: Client,
    ) -> ActionTarget {
        ActionTarget {
            state,
            caller,
            id,
            client,
        }
    }

    /// Runs one custody action: reach check, the change (which returns the event, or an
    /// error that leaves everything as it was), the event, and the item as it now is.
    async fn act(
        self,
        change: impl FnOnce(&mut DbConnection, &Evidence, CustodyEvent) -> ApiResult<CustodyEvent>
        + Send
        + 'static,
    ) -> ApiResult<(CustodyActionResult, Evidence)> {
        let ActionTarget {
            state,
            caller,
            id,
            client,
        } = self;
        log::commit(&state, move |conn, log| {
            let item = reachable_item(conn, &caller, Action::ChangeCustody, &id)?;
            let base = access_event(event::SEALED, &caller, &item, &client);
            let log_index = change(conn, &item, base)?.log(conn, log)?;
            Ok((
                CustodyActionResult {
                    evidence: view_of(conn, &item.id)?,
                    log_index,
                },
                item,
            ))
        })
        .await
    }
}

fn with_reason(
    mut event: CustodyEvent,
    name: &'static str,
    reason: Option<String>,
) -> CustodyEvent {
    event.event = name;
    match reason {
        Some(reason) => event.detail("reason", reason),
        None => event,
    }
}

fn refused(detail: &str) -> ApiError {
    ApiError::conflict(detail.to_owned())
}

#[utoipa::path(post, path = "/api/v1/evidence/{id}/seal", tag = "evidence",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Evidence item id", pattern = "^[0-9a-f-]{1,64}$")),
    request_body = ReasonRequest,
    responses(
        (status = 200, description = "Sealed: from now on only supervisors and admins read its bytes", body = CustodyActionResult),
        (status = 403, description = "Only supervisors and admins", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already sealed", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn seal(target: ActionTarget, body: web::Json<ReasonRequest>) -> ActionResponse {
    let reason = body.into_inner().reason;
    let (result, _) = target
        .act(move |conn, item, event| {
            if !items::set_sealed(conn, &item.id)? {
                return Err(refused("the item is already sealed"));
            }
            Ok(with_reason(event, event::SEALED, reason))
        })
        .await?;
    Ok(web::Json(result))
}

#[utoipa::path(post, path = "/api/v1/evidence/{id}/transfer", tag = "evidence",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Evidence item id", pattern = "^[0-9a-f-]{1,64}$")),
    request_body = TransferRequest,
    responses(
        (status = 200, description = "Transfer recorded with the receiving body and the receipt's digest", body = CustodyActionResult),
        (status = 422, description = "Receiving body empty or receipt digest malformed", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn transfer(target: ActionTarget, body: web::Json<TransferRequest>) -> ActionResponse {
    let TransferRequest {
        receiving_body,
        receipt_sha256,
    } = body.into_inner();
    let receiving_body = receiving_body.trim().to_owned();
    if receiving_body.is_empty()
        || receiving_body.chars().count() > 200
        || receiving_body.chars().any(char::is_control)
    {
        return Err(ApiError::invalid_input(
            "receiving_body must be 1 to 200 characters without control characters",
        ));
    }
    let receipt = Sha256Digest::from_hex(&receipt_sha256).map_err(|_| {
        ApiError::invalid_input("receipt_sha256 must be 64 lowercase hex characters")
    })?;
    let (result, _) = target
        .act(move |_, item, mut event| {
            if item.status == status::DISPOSED {
                return Err(refused("the item was disposed of"));
            }
            event.event = event::TRANSFERRED;
            Ok(event
                .fact("receiving_body", receiving_body)
                .fact("receipt_sha256", receipt.to_hex()))
        })
        .await?;
    Ok(web::Json(result))
}

#[utoipa::path(post, path = "/api/v1/evidence/{id}/hold", tag = "evidence",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Evidence item id", pattern = "^[0-9a-f-]{1,64}$")),
    request_body = ReasonRequest,
    responses(
        (status = 200, description = "Held: it cannot be disposed of until released", body = CustodyActionResult),
        (status = 409, description = "Already held", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn hold(target: ActionTarget, body: web::Json<ReasonRequest>) -> ActionResponse {
    set_hold(target, body, true).await
}

#[utoipa::path(post, path = "/api/v1/evidence/{id}/release", tag = "evidence",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Evidence item id", pattern = "^[0-9a-f-]{1,64}$")),
    request_body = ReasonRequest,
    responses(
        (status = 200, description = "Hold released", body = CustodyActionResult),
        (status = 409, description = "Not held", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn release(target: ActionTarget, body: web::Json<ReasonRequest>) -> ActionResponse {
    set_hold(target, body, false).await
}

async fn set_hold(
    target: ActionTarget,
    body: web::Json<ReasonRequest>,
    held: bool,
) -> ActionResponse {
    let reason = body.into_inner().reason;
    let (result, _) = target
        .act(move |conn, item, event| {
            if !items::set_held(conn, &item.id, held)? {
                return Err(refused(if held {
                    "the item is already held"
                } else {
                    "the item is not held"
                }));
            }
            let name = if held { event::HELD } else { event::RELEASED };
            Ok(with_reason(event, name, reason))
        })
        .await?;
    Ok(web::Json(result))
}

#[utoipa::path(post, path = "/api/v1/evidence/{id}/dispose", tag = "evidence",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Evidence item id", pattern = "^[0-9a-f-]{1,64}$")),
    request_body = ReasonRequest,
    responses(
        (status = 200, description = "Disposed: the bytes are deleted (unless another item holds the same bytes), the item and its history stay", body = CustodyActionResult),
        (status = 409, description = "Held, or already disposed", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn dispose(target: ActionTarget, body: web::Json<ReasonRequest>) -> ActionResponse {
    let reason = body.into_inner().reason;
    let state = target.state.clone();
    let (result, item) = target
        .act(move |conn, item, event| {
            if !items::set_disposed(conn, &item.id)? {
                return Err(refused("the item is held or already disposed of"));
            }
            let event = with_reason(event, event::DISPOSED, reason).fact("size", item.size);
            crate::supervision::evidence::disposed(conn, &item.id, event.at_us)?;
            if let Some(key) = &item.blob_key {
                items::queue_disposal(conn, &item.id, key, event.at_us)?;
            }
            Ok(event)
        })
        .await?;
    // The disposal is committed: if the bytes cannot go now, the sweep deletes them later.
    if let Err(error) = disposal::settle(&state, &item.id).await {
        tracing::warn!(evidence = item.id, %error, "disposed bytes left for the sweep");
    }
    Ok(web::Json(result))
}
