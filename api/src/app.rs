//! Builds the actix `App` from shared state: the one place middleware, error handling and
//! routes are put together, used by `custos serve` and by the end-to-end tests alike.

use crate::state::AppState;
use crate::{error, pacing, routes, telemetry};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{ErrorHandlers, from_fn};
use actix_web::{App, web};

pub fn build(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(state)
        .configure(error::extractor_config)
        .configure(routes::config)
        .default_service(web::to(error::not_found))
        // Inner: anything that is not yet problem+json becomes so (actix's own 405, ...).
        .wrap(ErrorHandlers::new().default_handler(error::ensure_problem))
        // A body that does not arrive in time ends the request with 408.
        .wrap(from_fn(pacing::pace))
        // Outer: request id, span, access log and metrics see the final response.
        .wrap(from_fn(telemetry::observe))
}
