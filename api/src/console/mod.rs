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

/// The registers' pages (users, certificates, devices, a unit's rules and calendar) and a
/// unit's supervision pages (attention, statistics, 案卷评查 campaigns).
fn registers_config(cfg: &mut web::ServiceConfig) {
    use registers::{certificates, devices, rules, users};
    cfg.service(
        web::resource("/users")
            .route(web::get().to(users::list))
            .route(web::post().to(users::create)),
    )
    .service(web::resource("/users/{id}/role").route(web::post().to(users::change_role)))
    .service(web::resource("/users/{id}/deactivate").route(web::post().to(users::deactivate)))
    .service(
        web::resource("/certificates")
            .route(web::get().to(certificates::list))
            .route(web::post().to(certificates::issue)),
    )
    .service(web::resource("/certificates/{id}").route(web::post().to(certificates::change_status)))
    .service(
        web::resource("/devices")
            .route(web::get().to(devices::list))
            .route(web::post().to(devices::enrol)),
    )
    .service(web::resource("/devices/{id}/revoke").route(web::post().to(devices::revoke)))
    .service(
        web::resource("/units/{id}/rules")
            .route(web::get().to(rules::show))
            .route(web::post().to(rules::set_rules)),
    )
    .service(web::resource("/units/{id}/calendar").route(web::post().to(rules::set_calendar)))
    .service(
        web::resource("/units/{id}/attention").route(web::get().to(supervision::attention::show)),
    )
    .service(web::resource("/units/{id}/stats").route(web::get().to(supervision::stats::show)))
    .service(web::resource("/units/{id}/stats.csv").route(web::get().to(supervision::stats::csv)))
    .service(
        web::resource("/units/{id}/reviews")
            .route(web::get().to(reviews::unit))
            .route(web::post().to(reviews::open)),
    )
    .service(web::resource("/reviews").route(web::get().to(reviews::list)))
    .service(web::resource("/reviews/{id}").route(web::get().to(reviews::campaign::show)))
    .service(web::resource("/reviews/{id}/scores").route(web::post().to(reviews::campaign::score)))
    .service(web::resource("/reviews/{id}/close").route(web::post().to(reviews::campaign::close)))
    .service(web::resource("/reviews/{id}/report.csv").route(web::get().to(reviews::campaign::csv)))
    .service(web::resource("/reviews/{id}/print").route(web::get().to(reviews::campaign::print)));
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
            .service(web::resource("/").route(web::get().to(home::home)))
            .service(web::resource("/console.css").route(web::get().to(assets::stylesheet)))
            .service(web::resource("/lang").route(web::get().to(session::switch_language)))
            .service(
                web::resource("/sign-in")
                    .route(web::get().to(signin::form))
                    .route(web::post().to(signin::sign_in)),
            )
            .service(web::resource("/sign-out").route(web::post().to(signin::sign_out)))
            .service(web::resource("/units/{id}").route(web::get().to(home::unit)))
            .service(web::resource("/cases/{id}").route(web::get().to(case::show)))
            .service(web::resource("/cases/{id}/bundle").route(web::get().to(case::bundle)))
            .service(web::resource("/evidence/{id}").route(web::get().to(evidence::show)))
            .service(
                web::resource("/evidence/{id}/content").route(web::get().to(evidence::content)),
            )
            .service(
                web::resource("/evidence/{id}/thumbnail").route(web::get().to(evidence::thumbnail)),
            )
            .service(
                web::resource("/evidence/{id}/custody.json")
                    .route(web::get().to(evidence::custody_file)),
            )
            .service(
                web::resource("/evidence/{id}/checkpoint")
                    .route(web::get().to(evidence::checkpoint)),
            )
            .service(web::resource("/evidence/{id}/{action}").route(web::post().to(custody::act)))
            .service(
                web::resource("/draws")
                    .route(web::get().to(draws::list))
                    .route(web::post().to(draws::make)),
            )
            .service(web::resource("/draws/{id}").route(web::get().to(draws::show)))
            .configure(registers_config)
            .service(
                web::resource("/publications")
                    .route(web::get().to(publications::list))
                    .route(web::post().to(publications::publish)),
            )
            .service(
                web::resource("/publications/{id}/withdrawal")
                    .route(web::post().to(publications::withdraw)),
            )
            .default_service(web::to(page::not_found)),
    );
}
