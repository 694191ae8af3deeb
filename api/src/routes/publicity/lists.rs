//! The lists a unit publishes without a case, read by anyone: its enforcement officers with
//! their certificates (亮证: number, holder name, issuer, domains, validity, status today), and
//! its discretion benchmarks in force (Art. 34) with their version history and its powers list
//! (权责清单) if configured, and its non-site enforcement devices with their locations and the
//! dates they were put in use (Art. 41).

use crate::access::not_in_scope;
use crate::auth::Role;
use crate::certificates::StoredCertificate;
use crate::clock;
use crate::db;
use crate::error::{ApiError, ApiResult, Problem};
use crate::names::RowId;
use crate::recording::context::{ContextReader, parse_config};
use crate::routes::certificates::public::PublicCertificate;
use crate::routes::certificates::{CertificateFace, shown_status};
use crate::routes::conditional;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use custos_core::publicity::MonitoringDevice;
use custos_core::rules::DiscretionBenchmark;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A unit's enforcement officers, as published.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PublicOfficers {
    pub org_id: String,
    pub org_name: String,
    /// The certificates of the unit's active officers, by number.
    pub certificates: Vec<PublicCertificate>,
}

/// A unit's published rule data.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PublicBenchmarks {
    pub org_id: String,
    pub org_name: String,
    /// The discretion benchmarks in force (fine ranges in fen), as the unit's rule
    /// configuration (its own or inherited) has them.
    #[schema(value_type = Vec<Object>)]
    pub discretion_benchmarks: Vec<DiscretionBenchmark>,
    /// The unit's powers list, one line per power, if configured.
    pub powers: Vec<String>,
    /// Every version of the benchmarks set on this unit or a unit above it, oldest first.
    pub history: Vec<BenchmarkVersion>,
}

/// One version of a unit's discretion benchmarks.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct BenchmarkVersion {
    /// The unit whose configuration it was (this one or one above it).
    pub org_id: String,
    pub set_at_us: i64,
    #[schema(value_type = Vec<Object>)]
    pub discretion_benchmarks: Vec<DiscretionBenchmark>,
}

/// A unit's non-site enforcement devices, as published.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PublicMonitoringDevices {
    pub org_id: String,
    pub org_name: String,
    /// As the unit's rule configuration (its own or inherited) lists them: `name`,
    /// `location`, `in_use_from` (`YYYY-MM-DD`), `records` (what each records).
    #[schema(value_type = Vec<Object>)]
    pub devices: Vec<MonitoringDevice>,
}

#[utoipa::path(get, path = "/api/v1/public/orgs/{id}/monitoring-devices", tag = "publicity",
    params(("id" = String, Path, description = "Organisation id", pattern = "^[0-9a-f-]{1,64}$")),
    responses(
        (status = 200, description = "The unit's non-site enforcement devices, their locations and the dates they were put in use", body = PublicMonitoringDevices),
        (status = 304, description = "Unchanged since the ETag in If-None-Match (the SHA-256 of the answer)"),
        (status = 404, description = "No unit has this id", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn public_monitoring_devices(
    state: web::Data<AppState>,
    request: HttpRequest,
    id: web::Path<RowId>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().into_string();
    let devices = db::run(&state.pool, move |conn| {
        let org =
            db::orgs::find_unscoped(conn, &id)?.ok_or_else(|| not_in_scope("organisation"))?;
        let context = ContextReader::default().unit(conn, &org.path)?;
        Ok::<_, ApiError>(PublicMonitoringDevices {
            org_id: org.id,
            org_name: org.name,
            devices: context.config.publicity.monitoring_devices,
        })
    })
    .await?;
    conditional::respond_json(&request, &devices)
}

#[utoipa::path(get, path = "/api/v1/public/orgs/{id}/officers", tag = "publicity",
    params(("id" = String, Path, description = "Organisation id", pattern = "^[0-9a-f-]{1,64}$")),
    responses(
        (status = 200, description = "The unit's officers and their certificates", body = PublicOfficers),
        (status = 304, description = "Unchanged since the ETag in If-None-Match (the SHA-256 of the answer)"),
        (status = 404, description = "No unit has this id", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn public_officers(
    state: web::Data<AppState>,
    request: HttpRequest,
    id: web::Path<RowId>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().into_string();
    let now_us = clock::now_us();
    let officers = db::run(&state.pool, move |conn| {
        let org =
            db::orgs::find_unscoped(conn, &id)?.ok_or_else(|| not_in_scope("organisation"))?;
        let certificates =
            db::certificates::of_unit_holders(conn, &org.id, Role::Officer.as_str())?
                .into_iter()
                .map(|row| {
                    let certificate = StoredCertificate::from_rows(row, Vec::new())?;
                    Ok(PublicCertificate {
                        face: CertificateFace::new(&certificate),
                        status: shown_status(&certificate, now_us),
                    })
                })
                .collect::<Result<_, ApiError>>()?;
        Ok::<_, ApiError>(PublicOfficers {
            org_id: org.id,
            org_name: org.name,
            certificates,
        })
    })
    .await?;
    conditional::respond_json(&request, &officers)
}

#[utoipa::path(get, path = "/api/v1/public/orgs/{id}/benchmarks", tag = "publicity",
    params(("id" = String, Path, description = "Organisation id", pattern = "^[0-9a-f-]{1,64}$")),
    responses(
        (status = 200, description = "The unit's discretion benchmarks in force and its powers list", body = PublicBenchmarks),
        (status = 304, description = "Unchanged since the ETag in If-None-Match (the SHA-256 of the answer)"),
        (status = 404, description = "No unit has this id", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn public_benchmarks(
    state: web::Data<AppState>,
    request: HttpRequest,
    id: web::Path<RowId>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().into_string();
    let benchmarks = db::run(&state.pool, move |conn| {
        let org =
            db::orgs::find_unscoped(conn, &id)?.ok_or_else(|| not_in_scope("organisation"))?;
        let context = ContextReader::default().unit(conn, &org.path)?;
        let history = db::org_rules::history(conn, &org.path)?
            .into_iter()
            .map(|(org_id, set_at_us, text)| {
                let config = parse_config(&text)
                    .map_err(|error| ApiError::internal(format_args!("stored rules: {error}")))?;
                Ok(BenchmarkVersion {
                    org_id,
                    set_at_us,
                    discretion_benchmarks: config.discretion_benchmarks,
                })
            })
            .collect::<Result<_, ApiError>>()?;
        Ok::<_, ApiError>(PublicBenchmarks {
            history,
            org_id: org.id,
            org_name: org.name,
            discretion_benchmarks: context.config.discretion_benchmarks,
            powers: context.config.publicity.powers,
        })
    })
    .await?;
    conditional::respond_json(&request, &benchmarks)
}
