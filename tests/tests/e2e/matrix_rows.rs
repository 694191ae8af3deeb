//! The rows of the authorisation matrix (`matrix`): for every operation of the OpenAPI
//! document, the policy (who may use it on which target), written from CONTRACT.md and the
//! domain independently of the server's table, and a probe that runs it as a caller on a
//! target and tells whether it was allowed.

use crate::matrix_world::{Rel, Who, World, draw_order, review_order};
use crate::tree::{PASSWORD, certificate_body, post_as, unique};
use custos_api::auth::Role;
use custos_core::lifecycle::{CaseRecord, RecordKind};
use custos_tests::recording::{self, Phone};
use custos_tests::reqwest::Method;
use custos_tests::reqwest::blocking::Response;
use custos_tests::serde_json::{Value, json};
use custos_tests::tus::metadata;

mod cases;
mod certificates;
mod devices;
mod draws;
mod evidence;
mod log;
mod open;
mod publicity;
mod reviews;
mod supervision;
mod units;
mod uploads;
mod users;

/// Who may use an operation on which target.
pub enum Policy {
    /// Anyone, signed in or not.
    Anyone,
    /// Any signed-in user, on itself.
    SignedIn,
    /// `subtree` roles on targets in their unit and below; `own` roles on their own targets.
    Scoped(&'static [Role], &'static [Role]),
    /// `subtree` roles on targets in their unit and below, but never on themselves.
    NotOnItself(&'static [Role]),
    /// These roles on targets strictly below their unit (a township's filing, acknowledged
    /// from above).
    Below(&'static [Role]),
}

impl Policy {
    pub fn allows(&self, who: Who, rel: Rel) -> bool {
        let role = who.role();
        let has = |roles: &[Role]| role.is_some_and(|role| roles.contains(&role));
        match self {
            Policy::Anyone => true,
            Policy::SignedIn => role.is_some(),
            Policy::Scoped(subtree, own) => {
                (has(subtree) && rel.in_units()) || (has(own) && rel == Rel::Mine)
            }
            Policy::NotOnItself(subtree) => has(subtree) && rel.in_units() && rel != Rel::Mine,
            Policy::Below(roles) => has(roles) && rel == Rel::Child,
        }
    }
}

/// What one probe found.
pub struct Outcome {
    pub allowed: bool,
    pub status: u16,
    /// The answer is the one for a target that does not exist (ids aside).
    pub like_unknown: bool,
}

/// A probe: runs the operation as `who` on the target related by `rel`; `None` when there is
/// no such target (a reviewer holds no case of its own).
pub type Probe = fn(&World, Who, Rel) -> Option<Outcome>;

pub struct Row {
    pub method: &'static str,
    pub path: &'static str,
    pub policy: Policy,
    pub probe: Probe,
}

use Role::{Admin as A, Dock as D, Officer as O, Reviewer as R, Supervisor as S};
const ALL: &[Role] = &[O, D, R, S, A];
const NONE: &[Role] = &[];

/// An id of the shape of the server's that names nothing.
const UNKNOWN: &str = "01900000-0000-7000-8000-000000000000";
/// A case id no case has.
const UNKNOWN_CASE: &str = "case-unknown";
/// A log index past the end.
const UNKNOWN_INDEX: &str = "999999999999";

/// Status and body of an answer with `id` written as `ID`.
fn shape(response: Response, id: &str) -> (u16, String) {
    let status = response.status().as_u16();
    let body = response.text().unwrap_or_default();
    (status, body.replace(id, "ID"))
}

/// Runs `send` on `target` and on `unknown`: allowed when the status is one of `ok`.
fn twin(target: &str, unknown: &str, ok: &[u16], send: impl Fn(&str) -> Response) -> Outcome {
    let real = shape(send(target), target);
    let other = shape(send(unknown), unknown);
    Outcome {
        allowed: ok.contains(&real.0),
        status: real.0,
        like_unknown: real == other,
    }
}

/// As [`twin`], for a read whose refusal is a 404 like other 404s it gives (a thumbnail not
/// made): allowed when the answer differs from the unknown target's.
fn differs(target: &str, unknown: &str, send: impl Fn(&str) -> Response) -> Outcome {
    let real = shape(send(target), target);
    let other = shape(send(unknown), unknown);
    Outcome {
        allowed: real != other,
        status: real.0,
        like_unknown: real == other,
    }
}

/// A list "allows" a target when the target is in it.
fn listed(response: Response, id: &str) -> Outcome {
    let status = response.status().as_u16();
    let items: Vec<Value> = if status == 200 {
        response.json().unwrap_or_default()
    } else {
        Vec::new()
    };
    Outcome {
        allowed: items.iter().any(|item| item["id"] == id),
        status,
        like_unknown: true,
    }
}

/// An operation without a target: allowed when it succeeds.
fn open(response: Response) -> Outcome {
    let status = response.status().as_u16();
    Outcome {
        allowed: response.status().is_success(),
        status,
        like_unknown: true,
    }
}

fn get(w: &World, who: Who, path: &str) -> Response {
    w.send(who, Method::GET, path, None, &[])
}

fn post(w: &World, who: Who, path: &str, body: &Value) -> Response {
    w.send(who, Method::POST, path, Some(body), &[])
}

fn tus(w: &World, who: Who, method: Method, path: &str, extra: &[(&str, String)]) -> Response {
    let mut headers = vec![("Tus-Resumable", "1.0.0".to_owned())];
    headers.extend(extra.iter().map(|(name, value)| (*name, value.clone())));
    w.send(who, method, path, None, &headers)
}

fn ok(target: &str, path: &str) -> String {
    path.replace("{}", target)
}

/// A fresh login of the caller: its refresh token.
fn fresh_refresh_token(w: &World, who: Who) -> Option<String> {
    let user = w.caller(who)?;
    Some(
        w.app
            .login(&user.username, custos_tests::recording::PASSWORD)
            .refresh,
    )
}

/// Every row, area by area (one file of `matrix_rows/` per area).
pub fn rows() -> Vec<&'static Row> {
    [
        open::ROWS,
        units::ROWS,
        users::ROWS,
        certificates::ROWS,
        devices::ROWS,
        cases::ROWS,
        evidence::ROWS,
        uploads::ROWS,
        draws::ROWS,
        publicity::ROWS,
        log::ROWS,
        supervision::ROWS,
        reviews::ROWS,
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Further rows of a route in [`ROWS`] whose policy depends on the kind of its target, each
/// probed on targets of its kind and printed with it: the acknowledgement cures a township's
/// filing from the unit above (its row in `ROWS`) and a mistimed evidence item's clock item
/// from the item's unit line.
pub static KIND_ROWS: [(&str, Row); 1] = [(
    "clock_skew",
    Row {
        method: "POST",
        path: "/api/v1/supervision/attention/{id}/acknowledgement",
        policy: Policy::Scoped(&[R, S], NONE),
        probe: |w, who, rel| {
            let holder = w.holder(who, rel)?;
            let id = clock_skew_item(w, &holder.user);
            Some(twin(&id, UNKNOWN, &[200, 409], |id| {
                post(
                    w,
                    who,
                    &ok(id, "/api/v1/supervision/attention/{}/acknowledgement"),
                    &json!({}),
                )
            }))
        },
    },
)];

/// The `clock_skew` item of a new evidence item `officer` uploads from a device whose clock
/// is two hours behind, as the root's admin sees it.
fn clock_skew_item(w: &World, officer: &custos_tests::recording::User) -> String {
    let bytes = unique("mistimed bytes ").into_bytes();
    let behind = custos_api::clock::now_us() - 2 * 3_600_000_000;
    let upload_metadata = metadata(&[
        ("sha256", &custos_core::digest::sha256(&bytes).to_hex()),
        ("device_clock_us", &behind.to_string()),
    ]);
    let response =
        crate::world::as_uploader(w.app, officer).upload(&bytes, &upload_metadata, 1 << 20);
    let evidence = custos_tests::tus::header(&response, "custos-evidence-id");
    let path = "/api/v1/supervision/attention?kind=clock_skew&limit=1000";
    let items: Vec<Value> = w.app.get_as(w.admin(), path).json().unwrap_or_default();
    items
        .iter()
        .find(|item| item["subject"]["id"] == evidence.as_str())
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .expect("a clock_skew item of the mistimed upload")
}

/// The id of the report of `case`'s filing, open or acknowledged, as the root's admin sees
/// it: `None` for a case not filed in a township.
fn filing_report(w: &World, case: &str) -> Option<String> {
    ["open", "cured"].into_iter().find_map(|state| {
        let path =
            format!("/api/v1/supervision/attention?kind=filing_report&state={state}&limit=1000");
        let items: Vec<Value> = w.app.get_as(w.admin(), &path).json().unwrap_or_default();
        items
            .iter()
            .find(|item| item["case_id"] == case)
            .map(|item| item["id"].as_str().unwrap().to_owned())
    })
}

/// An investigation record signed by the caller on a phone of its own, into the case related
/// by `rel`, and the same into a case that does not exist: allowed when the answers differ
/// (accepted, or refused by the rules rather than as an unknown case).
fn record_probe(w: &World, who: Who, rel: Rel) -> Option<Outcome> {
    let case = &w.holder(Who::Officer, rel)?.case;
    if rel == Rel::Mine && who != Who::Officer {
        return None;
    }
    let signer = w
        .caller(who)
        .map_or_else(|| w.me.user.id.clone(), |user| user.id.clone());
    let phone = Phone::generated(case);
    if who != Who::Anonymous {
        recording::enrol(w.app, w.admin(), &phone, &w.tree.a, &signer);
    }
    let present = &w.colleague.user.id;
    let step = CaseRecord::new(
        recording::day(1),
        &signer,
        recording::body(RecordKind::InvestigationRecord, present),
    );
    let unknown = unique("case-unknown-");
    let answer = |case: &str| -> (u16, String) {
        let record = phone.on_case(case).sign_at(0, None, &step);
        let response = w.send(
            who,
            Method::POST,
            "/api/v1/records",
            Some(&recording::batch(&[&record])),
            &[],
        );
        let (status, body) = shape(response, case);
        (
            status,
            body.replace(&record.hash().to_hex(), "HASH")
                .replace(&record.chain().replace(case, "ID"), "CHAIN"),
        )
    };
    let real = answer(case);
    let other = answer(&unknown);
    Some(Outcome {
        allowed: real != other,
        status: real.0,
        like_unknown: real == other,
    })
}

/// A custody action on a new item related by `rel`: allowed when it gets past the access
/// check (a 409 is a refusal by the item's state).
fn custody_action(w: &World, who: Who, rel: Rel, action: &str, body: Value) -> Option<Outcome> {
    let item = w.fresh_item(who, rel)?;
    if action == "release" {
        let path = format!("/api/v1/evidence/{item}/hold");
        assert!(
            post_as(w.app, w.admin(), &path, &json!({}))
                .status()
                .is_success()
        );
    }
    Some(twin(&item, UNKNOWN, &[200, 409], |id| {
        post(w, who, &format!("/api/v1/evidence/{id}/{action}"), &body)
    }))
}

/// A tus request on an upload related by `rel`.
fn upload_probe(
    w: &World,
    who: Who,
    rel: Rel,
    method: Method,
    headers: &[(&str, &str)],
    ok: u16,
) -> Option<Outcome> {
    let path = w.upload(who, rel)?;
    let id = path.rsplit('/').next().unwrap().to_owned();
    let headers: Vec<(&str, String)> = headers
        .iter()
        .map(|(name, value)| (*name, value.to_string()))
        .collect();
    Some(twin(&id, UNKNOWN, &[ok], |id| {
        let path = format!("/api/v1/uploads/{id}");
        let mut request = w
            .app
            .request(method.clone(), &path)
            .header("Tus-Resumable", "1.0.0");
        if let Some(token) = w.token(who) {
            request = request.bearer_auth(token);
        }
        for (name, value) in &headers {
            request = request.header(*name, value);
        }
        if method == Method::PATCH {
            request = request.body(vec![7u8]);
        }
        request.send().expect("request sent")
    }))
}
