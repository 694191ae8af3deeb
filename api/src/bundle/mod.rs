//! Case bundles: everything needed to check a case offline, without custos or its database
//! (CONTRACT.md section 1, `custos verify BUNDLE`; docs/formats.md).
//!
//! The format and its verification are custos-core's (`custos_core::bundle`), so the phone
//! and outside verifiers check a bundle exactly as `custos verify` does; [`export`] builds one
//! from the database.

pub mod export;

pub use custos_core::bundle::{
    BUNDLE_FORMAT, BundleDevice, BundleFailure, CaseBundle, ListedEvidence, LoggedRecord, Verified,
    evidence_of, verify,
};
