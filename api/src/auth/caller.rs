//! The [`Caller`] extractor: a verified access token whose session is live and whose user is
//! active, with the user's current role and organisation.

use super::Role;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use std::future::Future;
use std::pin::Pin;

/// Who is making an authenticated request. Take it as a handler argument; a request without
/// a valid token never reaches the handler (401 problem+json).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    pub user_id: String,
    pub username: String,
    pub role: Role,
    pub org_id: String,
    /// The materialised path of the caller's organisation (see [`crate::db::scope`]).
    pub org_path: String,
    pub session_id: String,
}

impl TryFrom<db::sessions::SessionUser> for Caller {
    type Error = ApiError;

    fn try_from(user: db::sessions::SessionUser) -> Result<Caller, ApiError> {
        let role: Role = user
            .role
            .parse()
            .map_err(|error| ApiError::internal(format_args!("stored role: {error}")))?;
        Ok(Caller {
            user_id: user.user_id,
            username: user.username,
            role,
            org_id: user.org_id,
            org_path: user.org_path,
            session_id: user.session_id,
        })
    }
}

/// The token of an `Authorization: Bearer …` header (RFC 6750 section 2.1).
fn bearer_token(request: &HttpRequest) -> Result<String, ApiError> {
    let value = request
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or_else(|| ApiError::unauthorized("missing Authorization: Bearer token"))?;
    let value = value
        .to_str()
        .map_err(|_| ApiError::unauthorized("malformed Authorization header"))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() => {
            Ok(token.trim().to_owned())
        }
        _ => Err(ApiError::unauthorized(
            "Authorization header must be Bearer <token>",
        )),
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Caller, ApiError>>>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = request.app_data::<web::Data<AppState>>().cloned();
        let token = bearer_token(request);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("application state missing"))?;
            let claims = state.tokens.verify(&token?)?;
            db::run(&state.pool, move |conn| {
                db::sessions::live_user(conn, &claims.sid, &claims.sub)?
                    .map(Caller::try_from)
                    .transpose()?
                    .ok_or_else(|| ApiError::unauthorized("session revoked or user deactivated"))
            })
            .await
        })
    }
}

/// The caller of a route open to everyone that shows more to some: `None` without an
/// `Authorization` header; with one, the token must be valid (401 otherwise), so a client
/// whose token went stale is told so rather than served as if anonymous.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaybeCaller(pub Option<Caller>);

impl FromRequest for MaybeCaller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<MaybeCaller, ApiError>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        if !request.headers().contains_key(header::AUTHORIZATION) {
            return Box::pin(async { Ok(MaybeCaller(None)) });
        }
        let caller = Caller::from_request(request, payload);
        Box::pin(async move { caller.await.map(|caller| MaybeCaller(Some(caller))) })
    }
}
