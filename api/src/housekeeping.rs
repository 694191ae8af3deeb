//! Upkeep every node runs beside the evidence sweeps: forgetting login-failure counts that
//! can no longer lock anyone. Each pass is one idempotent statement, so nodes need not agree
//! on who runs it.

use crate::db;
use crate::state::AppState;
use actix_web::web;
use std::time::Duration;

/// Time between passes. The counts expire after a day, so minutes of lag cost nothing.
const INTERVAL: Duration = Duration::from_secs(10 * 60);

/// Runs a pass every [`INTERVAL`] until the server stops.
pub async fn run(state: web::Data<AppState>) {
    loop {
        let now_us = crate::clock::now_us();
        match db::run(&state.pool, move |conn| {
            Ok(crate::auth::throttle::forget_stale(conn, now_us)?)
        })
        .await
        {
            Ok(0) => {}
            Ok(forgotten) => tracing::info!(forgotten, "stale login-failure counts forgotten"),
            Err(error) => tracing::warn!(%error, "housekeeping failed"),
        }
        tokio::time::sleep(INTERVAL).await;
    }
}
