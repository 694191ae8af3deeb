//! Devices (phones, body-worn recorders, docks): those the caller reads, and for admins
//! enrolling one by its public key and revoking one, each through the API's handler
//! (`routes::devices`).

use super::users::row_id;
use super::{FormError, field, form_error, may, refusal, select, text, unit_names, units};
use crate::access::Action;
use crate::console::format;
use crate::console::page::{ConsoleError, Lang, page};
use crate::console::session::Viewer;
use crate::devices::DeviceKind;
use crate::names::RowId;
use crate::routes::devices::enrol::EnrolDeviceRequest;
use crate::routes::devices::{self as api};
use crate::routes::listing::UnitListQuery;
use crate::routes::users as users_api;
use crate::state::AppState;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use serde::Deserialize;

const PAGE: &str = "/console/devices";

#[derive(Deserialize, Default)]
pub struct EnrolForm {
    csrf: Option<String>,
    public_key: Option<String>,
    kind: Option<String>,
    org_id: Option<String>,
    owner_id: Option<String>,
}

/// `GET /console/devices`.
pub async fn list(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, ConsoleError> {
    render(state, request, viewer, EnrolForm::default(), None).await
}

fn kind_name(lang: Lang, kind: DeviceKind) -> &'static str {
    match kind {
        DeviceKind::Phone => lang.t("手机", "Phone"),
        DeviceKind::Recorder => lang.t("执法记录仪", "Body-worn recorder"),
        DeviceKind::Dock => lang.t("采集工作站", "Dock"),
    }
}

fn unit_list() -> web::Query<UnitListQuery> {
    web::Query(UnitListQuery {
        org_id: None,
        limit: Some(1000),
        after: None,
    })
}

async fn render(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    form: EnrolForm,
    error: Option<FormError>,
) -> Result<HttpResponse, ConsoleError> {
    let web::Json(devices) =
        api::list::list_devices(state.clone(), viewer.caller.clone(), unit_list()).await?;
    let names = unit_names(&state, &viewer).await?;
    let enrolling = units(&state, &viewer, Action::EnrolDevice).await?;
    let owners: Vec<(String, String)> = if enrolling.is_empty() {
        Vec::new()
    } else {
        let web::Json(users) =
            users_api::list::list_users(state.clone(), viewer.caller.clone(), unit_list()).await?;
        std::iter::once((String::new(), "—".to_owned()))
            .chain(
                users
                    .into_iter()
                    .filter(|user| user.active)
                    .map(|user| (user.id, user.username)),
            )
            .collect()
    };
    let revoking = may(&viewer, Action::RevokeDevice)?;
    let lang = viewer.lang;
    let error = error.as_ref();
    let title = lang.t("设备", "Devices");
    let body = html! {
        h1 { (title) }
        @if devices.is_empty() {
            p.muted { (lang.t("尚无设备。", "No devices yet.")) }
        } @else {
            table {
                thead { tr {
                    th scope="col" { (lang.t("设备", "Device")) }
                    th scope="col" { (lang.t("类型", "Kind")) }
                    th scope="col" { (lang.t("单位", "Unit")) }
                    th scope="col" { (lang.t("登记时间", "Enrolled")) }
                    th scope="col" { (lang.t("吊销时间", "Revoked")) }
                    @if revoking { th scope="col" { (lang.t("操作", "Actions")) } }
                } }
                tbody { @for device in &devices { tr {
                    td { code title=(device.public_key) { (device.id) } }
                    td { (kind_name(lang, device.kind)) }
                    td { (names.get(&device.org_id).map_or(device.org_id.as_str(), String::as_str)) }
                    td { (format::time(device.enrolled_at_us)) }
                    td { (format::maybe_time(device.revoked_at_us)) }
                    @if revoking { td {
                        @if device.revoked_at_us.is_none() {
                            form.inline method="post" action={ (PAGE) "/" (device.id) "/revoke" } {
                                input type="hidden" name="csrf" value=(viewer.csrf);
                                button type="submit" { (lang.t("吊销", "Revoke")) }
                            }
                        }
                        (form_error(&format!("revoke-{}", device.id), error))
                    } }
                } } }
            }
        }
        @if !enrolling.is_empty() { (enrol_form(lang, &viewer.csrf, &enrolling, &owners, &form, error)) }
    };
    let mut response = page(&viewer, &request, title, body);
    if error.is_some() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

fn enrol_form(
    lang: Lang,
    csrf: &str,
    units: &[(String, String)],
    owners: &[(String, String)],
    form: &EnrolForm,
    error: Option<&FormError>,
) -> Markup {
    let kinds: Vec<(String, String)> = DeviceKind::ALL
        .iter()
        .map(|kind| (kind.as_str().to_owned(), kind_name(lang, *kind).to_owned()))
        .collect();
    html! {
        h2 #enrol { (lang.t("登记设备", "Enrol a device")) }
        (form_error("enrol", error))
        form.stack method="post" action=(PAGE) {
            input type="hidden" name="csrf" value=(csrf);
            (field("public_key", "public_key", lang.t("公钥（Ed25519，Base64）", "Public key (Ed25519, base64)"), "text", form.public_key.as_deref().unwrap_or_default(), error))
            (select("kind", "kind", lang.t("类型", "Kind"), &kinds, form.kind.as_deref(), error))
            (select("org_id", "org_id", lang.t("单位", "Unit"), units, form.org_id.as_deref(), error))
            (select("owner_id", "owner_id", lang.t("使用人（手机）", "Owner (phones)"), owners, form.owner_id.as_deref(), error))
            button type="submit" { (lang.t("登记", "Enrol")) }
        }
    }
}

/// `POST /console/devices`: a device enrolled through the API.
pub async fn enrol(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    form: web::Form<EnrolForm>,
) -> Result<HttpResponse, ConsoleError> {
    viewer.check_csrf(form.csrf.as_deref())?;
    let form = form.into_inner();
    let lang = viewer.lang;
    let order = (|| {
        let kind = DeviceKind::parse(&text(&form.kind)).ok_or_else(|| {
            (
                "kind".to_owned(),
                lang.t("没有这种设备。", "There is no such kind of device.")
                    .to_owned(),
            )
        })?;
        let org_id = RowId::try_from(text(&form.org_id)).map_err(|_| {
            (
                "org_id".to_owned(),
                lang.t("请选择单位。", "Choose a unit.").to_owned(),
            )
        })?;
        let owner_id = match text(&form.owner_id) {
            owner if owner.is_empty() => None,
            owner => Some(RowId::try_from(owner).map_err(|_| {
                (
                    "owner_id".to_owned(),
                    lang.t("请选择使用人。", "Choose the owner.").to_owned(),
                )
            })?),
        };
        Ok::<_, FormError>(EnrolDeviceRequest {
            public_key: text(&form.public_key),
            kind,
            org_id,
            owner_id,
        })
    })();
    let order = match order {
        Ok(order) => order,
        Err(error) => return render(state, request, viewer, form, Some(error)).await,
    };
    match api::enrol::enrol_device(state.clone(), viewer.caller.clone(), web::Json(order)).await {
        Ok(_) => Ok(back()),
        Err(error) => {
            let fields = [
                ("public_key", "public_key"),
                ("key", "public_key"),
                ("owner", "owner_id"),
            ];
            let shown = refusal(lang, error, &fields, "enrol")?;
            render(state, request, viewer, form, Some(shown)).await
        }
    }
}

#[derive(Deserialize)]
pub struct RevokeForm {
    csrf: Option<String>,
}

/// `POST /console/devices/{id}/revoke`: revoked from now on, through the API.
pub async fn revoke(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: web::Path<String>,
    form: web::Form<RevokeForm>,
) -> Result<HttpResponse, ConsoleError> {
    viewer.check_csrf(form.csrf.as_deref())?;
    let id = row_id(id.into_inner())?;
    let field = format!("revoke-{}", &*id);
    let done = api::revoke::revoke_device(
        state.clone(),
        viewer.caller.clone(),
        web::Path::from(id),
        web::Json(serde_json::Map::new()),
    )
    .await;
    match done {
        Ok(_) => Ok(back()),
        Err(error) => {
            let shown = refusal(viewer.lang, error, &[], &field)?;
            render(state, request, viewer, EnrolForm::default(), Some(shown)).await
        }
    }
}

fn back() -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, PAGE))
        .finish()
}
