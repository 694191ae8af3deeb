//! The supervisor console: server-rendered HTML pages at `/console/` for the people who audit
//! cases, evidence and chains of custody in a browser (supervisors, legal reviewers, unit
//! admins), in Chinese first with English switchable.
//!
//! The console owns only presentation and the browser's session: its pages call the same
//! `access`, `db` and domain functions as the API handlers (and its downloads and custody
//! actions call the API handlers themselves, with the caller its cookie names), so it has no
//! SQL and no scoping of its own; anything out of scope is the same not-found page as
//! something that does not exist. Templates are `maud` macros compiled into the binary; the
//! one stylesheet is written here; there is no script at all, and the Content-Security-Policy
//! says so.

mod assets;
mod case;
mod custody;
mod draws;
mod evidence;
mod format;
mod home;
mod page;
mod publications;
mod registers;
mod reviews;
mod session;
mod signin;
mod supervision;

pub use page::ConsoleError;
pub use session::Viewer;

use actix_web::http::header;
use actix_web::middleware::DefaultHeaders;
use actix_web::web;

/// No script from anywhere, styles and media only from custos itself, forms only to it, never
/// framed.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; \
    img-src 'self'; media-src 'self'; form-action 'self'; frame-ancestors 'none'; \
    base-uri 'none'";

/// Declares the console's routes once: `pages` registers them, in order (a path with a
/// placeholder after the fixed paths it would also match), and [`ROUTES`] lists them, so the
/// tests go through every route and a new one cannot be left out of them.
macro_rules! routes {
    ($($path:literal => [$($method:ident $handler:path),+ $(,)?]),* $(,)?) => {
        /// Every console route as (lowercase method, path under `/console`), in the order
        /// they are registered.
        pub const ROUTES: &[(&str, &str)] = &[$($((stringify!($method), $path)),+),*];

        fn pages(cfg: &mut web::ServiceConfig) {
            $(cfg.service(web::resource($path)$(.route(web::$method().to($handler)))+);)*
        }
    };
}

routes! {
    "/" => [get home::home],
    "/console.css" => [get assets::stylesheet],
    "/lang" => [get session::switch_language],
    "/sign-in" => [get signin::form, post signin::sign_in],
    "/sign-out" => [post signin::sign_out],
    "/units/{id}" => [get home::unit],
    "/cases/{id}" => [get case::show],
    "/cases/{id}/bundle" => [get case::bundle],
    "/evidence/{id}" => [get evidence::show],
    "/evidence/{id}/content" => [get evidence::content],
    "/evidence/{id}/thumbnail" => [get evidence::thumbnail],
    "/evidence/{id}/custody.json" => [get evidence::custody_file],
    "/evidence/{id}/checkpoint" => [get evidence::checkpoint],
    "/evidence/{id}/{action}" => [post custody::act],
    "/draws" => [get draws::list, post draws::make],
    "/draws/{id}" => [get draws::show],
    // The registers.
    "/users" => [get registers::users::list, post registers::users::create],
    "/users/{id}/role" => [post registers::users::change_role],
    "/users/{id}/deactivate" => [post registers::users::deactivate],
    "/certificates" => [get registers::certificates::list, post registers::certificates::issue],
    "/certificates/{id}" => [post registers::certificates::change_status],
    "/devices" => [get registers::devices::list, post registers::devices::enrol],
    "/devices/{id}/revoke" => [post registers::devices::revoke],
    "/units/{id}/rules" => [get registers::rules::show, post registers::rules::set_rules],
    "/units/{id}/calendar" => [post registers::rules::set_calendar],
    // A unit's supervision: attention, statistics, 案卷评查.
    "/units/{id}/attention" => [get supervision::attention::show],
    "/units/{id}/stats" => [get supervision::stats::show],
    "/units/{id}/stats.csv" => [get supervision::stats::csv],
    "/units/{id}/reviews" => [get reviews::unit, post reviews::open],
    "/reviews" => [get reviews::list],
    "/reviews/{id}" => [get reviews::campaign::show],
    "/reviews/{id}/scores" => [post reviews::campaign::score],
    "/reviews/{id}/close" => [post reviews::campaign::close],
    "/reviews/{id}/report.csv" => [get reviews::campaign::csv],
    "/reviews/{id}/print" => [get reviews::campaign::print],
    "/publications" => [get publications::list, post publications::publish],
    "/publications/{id}/withdrawal" => [post publications::withdraw],
}

/// Registers every console page under `/console/`.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/console")
            .wrap(
                DefaultHeaders::new()
                    .add((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
                    .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                    .add((header::REFERRER_POLICY, "no-referrer"))
                    .add((header::X_FRAME_OPTIONS, "DENY"))
                    .add((header::CACHE_CONTROL, "no-store")),
            )
            .configure(pages)
            .default_service(web::to(page::not_found)),
    );
}
