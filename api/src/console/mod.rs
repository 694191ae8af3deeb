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

use crate::access::Action;
use actix_web::http::header;
use actix_web::middleware::DefaultHeaders;
use actix_web::web;

/// No script from anywhere, styles and media only from custos itself, forms only to it, never
/// framed.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; \
    img-src 'self'; media-src 'self'; form-action 'self'; frame-ancestors 'none'; \
    base-uri 'none'";

/// Who may reach a console route at all, as declared in its row of [`ROUTES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// Anyone, signed in or not (the sign-in form, the stylesheet, the language switch).
    Public,
    /// Any signed-in user (the unit tree, signing out).
    SignedIn,
    /// The roles `access::reach` gives this action: the action the page's handler (or the
    /// API handler it calls) asks `access` for first. The routes test derives every role's
    /// answer from it, so a handler whose action changes fails that test unless its row
    /// changes too.
    Action(Action),
}

/// One console route: lowercase method, path under `/console`, and its [`Gate`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub gate: Gate,
}

macro_rules! gate {
    (Public) => {
        Gate::Public
    };
    (SignedIn) => {
        Gate::SignedIn
    };
    ($action:ident) => {
        Gate::Action(Action::$action)
    };
}

/// Declares the console's routes once: `pages` registers them, in order (a path with a
/// placeholder after the fixed paths it would also match), and [`ROUTES`] lists them with who
/// may reach each, so the tests go through every route and a new one cannot be left out of
/// them.
macro_rules! routes {
    ($($path:literal => [$($method:ident $handler:path: $gate:ident),+ $(,)?]),* $(,)?) => {
        /// Every console route, in the order they are registered.
        pub const ROUTES: &[Route] = &[$($(Route {
            method: stringify!($method),
            path: $path,
            gate: gate!($gate),
        }),+),*];

        fn pages(cfg: &mut web::ServiceConfig) {
            $(cfg.service(web::resource($path)$(.route(web::$method().to($handler)))+);)*
        }
    };
}

routes! {
    "/" => [get home::home: SignedIn],
    "/console.css" => [get assets::stylesheet: Public],
    "/lang" => [get session::switch_language: Public],
    "/sign-in" => [get signin::form: Public, post signin::sign_in: Public],
    "/sign-out" => [post signin::sign_out: SignedIn],
    "/units/{id}" => [get home::unit: ReadOrgs],
    "/cases/{id}" => [get case::show: ReadCases],
    "/cases/{id}/bundle" => [get case::bundle: ReadCases],
    "/evidence/{id}" => [get evidence::show: ReadEvidence],
    "/evidence/{id}/content" => [get evidence::content: ReadEvidence],
    "/evidence/{id}/thumbnail" => [get evidence::thumbnail: ReadEvidence],
    "/evidence/{id}/custody.json" => [get evidence::custody_file: ReadEvidence],
    "/evidence/{id}/checkpoint" => [get evidence::checkpoint: ReadEvidence],
    "/evidence/{id}/{action}" => [post custody::act: ChangeCustody],
    "/draws" => [get draws::list: ReadDraws, post draws::make: MakeDraw],
    "/draws/{id}" => [get draws::show: ReadDraws],
    // The registers.
    "/users" => [get registers::users::list: ReadUsers, post registers::users::create: CreateUser],
    "/users/{id}/role" => [post registers::users::change_role: ChangeRole],
    "/users/{id}/deactivate" => [post registers::users::deactivate: DeactivateUser],
    "/certificates" => [get registers::certificates::list: ReadCertificates, post registers::certificates::issue: IssueCertificate],
    "/certificates/{id}" => [post registers::certificates::change_status: ChangeCertificateStatus],
    "/devices" => [get registers::devices::list: ReadDevices, post registers::devices::enrol: EnrolDevice],
    "/devices/{id}/revoke" => [post registers::devices::revoke: RevokeDevice],
    "/units/{id}/rules" => [get registers::rules::show: ReadOrgs, post registers::rules::set_rules: ConfigureRules],
    "/units/{id}/calendar" => [post registers::rules::set_calendar: ConfigureRules],
    // A unit's supervision: attention, statistics, 案卷评查.
    "/units/{id}/attention" => [get supervision::attention::show: ReadAttention],
    "/units/{id}/stats" => [get supervision::stats::show: ReadStats],
    "/units/{id}/stats.csv" => [get supervision::stats::csv: ReadStats],
    "/units/{id}/reviews" => [get reviews::unit: ReadReviews, post reviews::open: ManageReviews],
    "/reviews" => [get reviews::list: ReadReviews],
    "/reviews/{id}" => [get reviews::campaign::show: ReadReviews],
    "/reviews/{id}/scores" => [post reviews::campaign::score: ScoreReviews],
    "/reviews/{id}/close" => [post reviews::campaign::close: ManageReviews],
    "/reviews/{id}/report.csv" => [get reviews::campaign::csv: ReadReviews],
    "/reviews/{id}/print" => [get reviews::campaign::print: ReadReviews],
    "/publications" => [get publications::list: PublishDecisions, post publications::publish: PublishDecisions],
    "/publications/{id}/withdrawal" => [post publications::withdraw: WithdrawDecisions],
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
