//! What the scope tests read and write: in a unit of the tree (see `tree`), officers who hold
//! things (a certificate, an enrolled phone, a filed case, an evidence item, an open upload),
//! all made through the public routes as a phone, a dock and an admin make them.

use crate::tree::unique;
use custos_api::auth::Role;
use custos_tests::TestApp;
use custos_tests::recording::{self, Phone, User, ordinary_step, outcomes, submit};
use custos_tests::reqwest::StatusCode;
use custos_tests::tus::{Uploader, declaring, header, metadata};

/// An officer and what it holds in its unit.
pub struct Holder {
    pub unit: String,
    pub user: User,
    /// Its certificate for `recording::DOMAIN`, and the certificate's number.
    pub certificate: String,
    pub certificate_number: String,
    /// Its phone, enrolled in its unit, writing a chain of `case`.
    pub phone: Phone,
    /// A case it filed (one accepted `case.filed` record).
    pub case: String,
    /// The log index of that record's entry.
    pub entry: u64,
    /// An evidence item it uploaded, and the item's digest.
    pub item: String,
    pub digest: String,
    /// An upload it opened and has not finished (its path).
    pub upload: String,
}

/// A certified officer of `unit` with an enrolled phone, who files a case with a certified
/// partner of its unit (who handles nothing else) and uploads one item.
pub fn holder(app: &TestApp, admin: &str, unit: &str) -> Holder {
    let username = unique("holder.");
    let user = recording::user(app, &username, Role::Officer, unit);
    let certificate_number = unique("H-");
    let certificate = recording::certify(app, admin, &user.id, &certificate_number);
    let case = unique("case-");
    let mut phone = Phone::generated(&case);
    recording::enrol(app, admin, &phone, unit, &user.id);
    let partner = certified(app, admin, unit);
    let filed = phone.sign(&ordinary_step(0, &user.id, &partner));
    let answer = submit(app, &user.token, &[&filed]);
    assert_eq!(outcomes(&answer), ["accepted"]);
    let entry = answer["results"][0]["log_index"]
        .as_u64()
        .expect("log index");
    let uploader = as_uploader(app, &user);
    let (item, digest) = uploaded(&uploader, None);
    let upload = uploader.create_ok(16, &declaring(&[7; 16]));
    Holder {
        unit: unit.to_owned(),
        user,
        certificate,
        certificate_number,
        phone,
        case,
        entry,
        item,
        digest,
        upload,
    }
}

/// `user` as a tus client.
pub fn as_uploader<'a>(app: &'a TestApp, user: &User) -> Uploader<'a> {
    Uploader {
        app,
        token: user.token.clone(),
        user_id: user.id.clone(),
    }
}

/// A certified officer of `unit` who holds nothing else (to make up a draw's team).
pub fn certified(app: &TestApp, admin: &str, unit: &str) -> String {
    let user = crate::tree::create_user(app, admin, &unique("certified."), Role::Officer, unit);
    recording::certify(app, admin, &user, &unique("C-"));
    user
}

/// Uploads a few unique bytes as `uploader` (for `wearer`, when a dock uploads) and returns
/// the new item's id and digest.
pub fn uploaded(uploader: &Uploader, wearer: Option<&str>) -> (String, String) {
    let bytes = unique("evidence bytes ").into_bytes();
    let digest = custos_core::digest::sha256(&bytes).to_hex();
    let upload_metadata = match wearer {
        Some(wearer) => metadata(&[("sha256", &digest), ("wearer", wearer)]),
        None => metadata(&[("sha256", &digest)]),
    };
    let response = uploader.upload(&bytes, &upload_metadata, 1 << 20);
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    (header(&response, "custos-evidence-id"), digest)
}
