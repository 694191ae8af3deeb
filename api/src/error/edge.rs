//! Where actix-web's own refusals meet custos's errors: extractor failures, unmatched paths
//! and any response that is not yet problem+json.

use super::{ApiError, PROBLEM_JSON, ProblemType};
use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpRequest, HttpResponse, error, web};

/// JSON body extractor errors → 400/413/415 problems (never a 5xx).
pub fn json_error(error: error::JsonPayloadError, _: &HttpRequest) -> actix_web::Error {
    use error::JsonPayloadError as E;
    let problem = match &error {
        E::OverflowKnownLength { .. } | E::Overflow { .. } => {
            ApiError::new(ProblemType::PayloadTooLarge, error.to_string())
        }
        E::ContentType => ApiError::new(
            ProblemType::UnsupportedMediaType,
            "expected Content-Type: application/json",
        ),
        E::Deserialize(inner) => ApiError::new(ProblemType::InvalidJson, inner.to_string()),
        _ => ApiError::new(ProblemType::InvalidJson, error.to_string()),
    };
    problem.into()
}

/// Path extractor errors → 400 `invalid-path`.
pub fn path_error(error: error::PathError, _: &HttpRequest) -> actix_web::Error {
    ApiError::new(ProblemType::InvalidPath, error.to_string()).into()
}

/// Query extractor errors → 400 `invalid-query`.
pub fn query_error(error: error::QueryPayloadError, _: &HttpRequest) -> actix_web::Error {
    ApiError::new(ProblemType::InvalidQuery, error.to_string()).into()
}

/// The app's fallback for unmatched paths.
pub async fn not_found(request: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::not_found(format!(
        "no route for {}",
        request.path()
    )))
}

/// Rewrites any error response that is not already problem+json (actix's own 405, 400 from
/// a malformed header, ...) into one, keeping its status and headers.
pub fn ensure_problem<B: MessageBody + 'static>(
    response: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes() == PROBLEM_JSON.as_bytes());
    // The console's pages answer failures with HTML pages of their own.
    let is_console_page = response.request().path().starts_with("/console/")
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|value| value.as_bytes().starts_with(b"text/html"));
    if is_problem || is_console_page {
        return Ok(ErrorHandlerResponse::Response(
            response.map_into_left_body(),
        ));
    }
    let status = response.status();
    let problem = match status {
        StatusCode::METHOD_NOT_ALLOWED => ApiError::new(
            ProblemType::MethodNotAllowed,
            format!("{} is not allowed here", response.request().method()),
        ),
        StatusCode::NOT_FOUND => {
            ApiError::not_found(format!("no route for {}", response.request().path()))
        }
        StatusCode::INTERNAL_SERVER_ERROR => ApiError::internal(format_args!(
            "unstructured 500 from {}",
            response.request().path()
        )),
        _ => ApiError::new(
            ProblemType::HttpStatus(status),
            status.canonical_reason().unwrap_or("error"),
        ),
    };
    problem.log_cause();
    let body = serde_json::to_vec(&problem.body()).unwrap_or_default();
    let (request, mut response) = response.into_parts();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    let response = ServiceResponse::new(request, response.set_body(body))
        .map_into_boxed_body()
        .map_into_right_body();
    Ok(ErrorHandlerResponse::Response(response))
}

/// Extractor configuration that routes every extractor failure through [`ApiError`].
pub fn extractor_config(cfg: &mut web::ServiceConfig) {
    cfg.app_data(
        web::JsonConfig::default()
            .limit(64 * 1024)
            .error_handler(json_error),
    )
    .app_data(web::PathConfig::default().error_handler(path_error))
    .app_data(web::QueryConfig::default().error_handler(query_error));
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::ResponseError;
    use actix_web::body::to_bytes;

    /// Renders `error` and checks status, headers and body.
    async fn check(
        error: ApiError,
        status: u16,
        headers: &[(&str, &str)],
        body: serde_json::Value,
    ) {
        let response = error.error_response();
        assert_eq!(response.status().as_u16(), status);
        assert_eq!(
            response.headers().get(header::CONTENT_TYPE).unwrap(),
            PROBLEM_JSON
        );
        for (name, value) in headers {
            assert_eq!(response.headers().get(*name).unwrap(), *value, "{name}");
        }
        let bytes = to_bytes(response.into_body()).await.unwrap();
        let got: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(got, body);
    }

    #[actix_web::test]
    async fn problems_render_as_rfc_9457() {
        check(
            ApiError::internal("disk on fire at /srv/custos/secret"),
            500,
            &[],
            serde_json::json!({"type": "https://custos.dev/problems/internal",
                "title": "Internal error", "status": 500, "detail": "internal error"}),
        )
        .await;
        check(
            ApiError::unauthorized("access token expired"),
            401,
            &[("www-authenticate", "Bearer")],
            serde_json::json!({"type": "https://custos.dev/problems/unauthorized",
                "title": "Unauthorized", "status": 401, "detail": "access token expired"}),
        )
        .await;
        check(
            ApiError::new(ProblemType::LoginThrottled, "wait").with_retry_after(30),
            429,
            &[("retry-after", "30")],
            serde_json::json!({"type": "https://custos.dev/problems/login-throttled",
                "title": "Too many failed logins", "status": 429, "detail": "wait"}),
        )
        .await;
    }
}
