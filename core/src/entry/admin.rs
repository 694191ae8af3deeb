//! `admin` entries: who changed which account, unit, certificate or device. Ids only: no
//! names or other personal data.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The `type` of admin entries.
pub const ADMIN: &str = "admin";

/// Actions recorded so far; add one per kind of admin change.
pub mod action {
    pub const ORG_CREATE: &str = "org.create";
    pub const ORG_RULES: &str = "org.rules";
    pub const ORG_CALENDAR: &str = "org.calendar";
    /// A 案卷评查 scoring template version set on a unit.
    pub const ORG_EVALUATION_TEMPLATE: &str = "org.evaluation_template";
    pub const USER_CREATE: &str = "user.create";
    pub const USER_ROLE: &str = "user.role";
    pub const USER_DEACTIVATE: &str = "user.deactivate";
    pub const CERTIFICATE_ISSUE: &str = "certificate.issue";
    pub const CERTIFICATE_SUSPEND: &str = "certificate.suspend";
    pub const CERTIFICATE_REVOKE: &str = "certificate.revoke";
    pub const CERTIFICATE_REINSTATE: &str = "certificate.reinstate";
    pub const DEVICE_ENROL: &str = "device.enrol";
    pub const DEVICE_REVOKE: &str = "device.revoke";
}

/// An `admin` entry: `{"type":"admin","action":…,"actor":ID|null,"subject":ID,"org":ID,…,"at_us":INT}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AdminEntry {
    /// One of [`action`].
    pub action: Cow<'static, str>,
    /// User id of the admin who acted; `null` for the command line on the server host.
    pub actor: Option<String>,
    /// Id of what changed (user, organisation, certificate, device).
    pub subject: String,
    /// Organisation the subject belongs to, for scoping.
    pub org: String,
    /// Role of a created or changed user (`officer`, `dock`, `reviewer`, `supervisor`, `admin`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Cow<'static, str>>,
    /// Server clock, integer microseconds since the Unix epoch.
    pub at_us: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::leaf_bytes;

    #[test]
    fn an_admin_leaf_reads_back_as_its_entry() {
        let entry = AdminEntry {
            action: action::USER_CREATE.into(),
            actor: None,
            subject: "u1".to_owned(),
            org: "o1".to_owned(),
            role: Some("officer".into()),
            at_us: 5,
        };
        let leaf = leaf_bytes(ADMIN, &entry).unwrap();
        assert_eq!(
            leaf,
            br#"{"action":"user.create","actor":null,"at_us":5,"org":"o1","role":"officer","subject":"u1","type":"admin"}"#
        );
        let mut value: serde_json::Value = serde_json::from_slice(&leaf).unwrap();
        value.as_object_mut().unwrap().remove("type");
        assert_eq!(serde_json::from_value::<AdminEntry>(value).unwrap(), entry);
    }
}
