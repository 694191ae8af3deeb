//! Who may record in a case, and who may change who handles it.
//!
//! A case is handled by its assigned officers (core's `CaseState::assigned`: the signer of its
//! first record, the officers its filing names, and `case.assigned` less `case.released`).
//! Records go into an existing case from those officers and from the reviewers and
//! supervisors of its unit's line above it (`access::Action::SubmitRecords`), which is exactly
//! who reads it. A record from anyone else gets the answer a case id that does not exist gets
//! ([`unknown_case`]), so that recording reveals nothing about cases out of reach.
//!
//! Assignments are made and ended by reviewers and supervisors of the case's unit or above
//! (`access::Action::AssignCases`); an officer is assigned, by them or by being named in the
//! filing, only while active and of a unit on the case unit's line (the unit itself, above or
//! below: joint enforcement), never a sibling's.

use crate::access::{self, Action};
use crate::auth::Role;
use crate::db::{self, DbConnection, scope::on_one_line};
use crate::error::ApiError;
use custos_core::lifecycle::{CaseRecord, RecordBody, RecordKind, Stage, next_stage};
use std::collections::{BTreeSet, HashMap};

/// The check of the refusal for a case that does not exist or is out of the signer's reach.
pub const UNKNOWN_CASE: &str = "case.unknown";

/// The same refusal for a record of `kind` whose case `case_id` does not exist and for one
/// whose case its signer may not record in: it names only what the record itself says.
pub fn unknown_case(case_id: &str, kind: &str) -> (&'static str, String) {
    let detail = format!(
        "there is no case {case_id} to add a {kind:?} record to; a case starts with \
         case.filed, inspection.record or summary.penalty"
    );
    (UNKNOWN_CASE, detail)
}

/// Whether a record of `kind` may be the first of a case.
pub fn opens_a_case(kind: &str) -> bool {
    RecordKind::from_name(kind).is_some_and(|kind| next_stage(Stage::New, kind).is_some())
}

/// A user who signs records, as the decisions about it need it.
#[derive(Clone, Debug)]
pub struct Signer {
    pub id: String,
    pub role: Role,
    pub active: bool,
    pub org_id: String,
    pub org_path: String,
}

impl Signer {
    /// Whether it may add records to an existing case of the unit at `case_path` handled by
    /// `assigned`.
    pub fn records_into(
        &self,
        case_path: &str,
        assigned: &BTreeSet<String>,
    ) -> Result<bool, ApiError> {
        Ok(self.active
            && self
                .scope(Action::SubmitRecords)?
                .is_some_and(|scope| scope.covers_case(case_path, assigned)))
    }

    /// Whether it may sign a record of `kind` into a new case: only roles that record at all.
    pub fn opens_cases(&self) -> bool {
        self.active && access::reach(self.role, Action::SubmitRecords).is_some()
    }

    fn scope(&self, action: Action) -> Result<Option<db::scope::Scope>, ApiError> {
        access::scope_of(&self.id, self.role, &self.org_id, &self.org_path, action)
    }
}

/// The users read during one submission, each once.
#[derive(Default)]
pub struct Signers {
    known: HashMap<String, Option<Signer>>,
}

impl Signers {
    /// The user `id`, if it exists.
    pub fn get(&mut self, conn: &mut DbConnection, id: &str) -> Result<Option<Signer>, ApiError> {
        if let Some(known) = self.known.get(id) {
            return Ok(known.clone());
        }
        let signer = match db::users::signer(conn, id)? {
            Some((user, org_path)) => Some(Signer {
                role: user.role.parse().map_err(ApiError::internal)?,
                id: user.id,
                active: user.active,
                org_id: user.org_id,
                org_path,
            }),
            None => None,
        };
        self.known.insert(id.to_owned(), signer.clone());
        Ok(signer)
    }

    /// Why `record`, signed by `signer` into a case of the unit at `case_path`, may not change
    /// who handles it (an assignment, a release, or a filing naming officers); `None` if it
    /// may or does not try to. The signer can see the case, so
    /// this is an ordinary refusal naming its check.
    pub fn refuse_assignment(
        &mut self,
        conn: &mut DbConnection,
        signer: &Signer,
        case_path: &str,
        record: &CaseRecord,
    ) -> Result<Option<(&'static str, String)>, ApiError> {
        let (assigned, by_filing) = match &record.body {
            RecordBody::CaseAssigned(body) => (&body.officers, false),
            RecordBody::CaseReleased(_) => (&Vec::new(), false),
            // The officers a filing names handle the case: the same officers may be named.
            RecordBody::CaseFiled(body) => (&body.officers, true),
            _ => return Ok(None),
        };
        let assigns = by_filing
            || signer.active
                && signer
                    .scope(Action::AssignCases)?
                    .is_some_and(|scope| scope.covers_path(case_path));
        if !assigns {
            let detail = format!(
                "{} records are signed by a reviewer or supervisor of the case's unit or a \
                 unit above it",
                record.kind()
            );
            return Ok(Some(("case.assigner", detail)));
        }
        for officer in assigned {
            let on_the_line = self.get(conn, officer)?.is_some_and(|user| {
                user.active && user.role == Role::Officer && on_one_line(case_path, &user.org_path)
            });
            if !on_the_line {
                // The same words whether the user does not exist, is no active officer or
                // belongs to another line, so an assignment tells nothing about other units.
                let detail = format!(
                    "{officer} is not an active officer of the case's unit or a unit above or \
                     below it"
                );
                return Ok(Some(("case.assignee", detail)));
            }
        }
        Ok(None)
    }
}
