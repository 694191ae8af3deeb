//! Every HTTP route, one handler per file, grouped by area. Each area exposes
//! `config(cfg: &mut web::ServiceConfig)` (its routes) and `api()` (its OpenAPI paths);
//! [`config`] and [`crate::openapi::document`] compose them.

pub mod auth;
pub mod cases;
pub mod certificates;
pub mod conditional;
pub mod devices;
pub mod draws;
pub mod evidence;
pub mod listing;
pub mod log;
pub mod openapi;
pub mod orgs;
pub mod probes;
pub mod publicity;
pub mod records;
pub mod reviews;
pub mod rules;
pub mod supervision;
pub mod uploads;
pub mod users;

use actix_web::web;

/// Registers every area. Routes carry their full path (no scopes), the same string as their
/// `#[utoipa::path]`, so the document and the router cannot drift apart unnoticed.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.configure(probes::config)
        .configure(openapi::config)
        .configure(auth::config)
        .configure(log::config)
        .configure(orgs::config)
        .configure(users::config)
        .configure(certificates::config)
        .configure(devices::config)
        .configure(records::config)
        .configure(cases::config)
        .configure(rules::config)
        .configure(uploads::config)
        .configure(evidence::config)
        .configure(draws::config)
        .configure(publicity::config)
        .configure(supervision::config)
        .configure(reviews::config)
        // The supervisor console's HTML pages (not part of the API document).
        .configure(crate::console::config);
}

/// The OpenAPI fragments of every area, merged by [`crate::openapi::document`].
pub fn area_apis() -> Vec<utoipa::openapi::OpenApi> {
    vec![
        probes::api(),
        openapi::api(),
        auth::api(),
        log::api(),
        orgs::api(),
        users::api(),
        certificates::api(),
        devices::api(),
        records::api(),
        cases::api(),
        rules::api(),
        uploads::api(),
        evidence::api(),
        draws::api(),
        publicity::api(),
        supervision::api(),
        reviews::api(),
    ]
}
