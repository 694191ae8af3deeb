//! Who may do what: the one table of roles per action, and the [`Scope`] a permitted caller
//! acts in. Handlers ask [`scope`] before touching the database; the database functions then
//! take the scope, so a unit outside it is never read or written.

use crate::auth::{Caller, Role};
use crate::db::scope::Scope;
use crate::error::ApiError;

/// Everything a caller can ask of the organisation, user, certificate and device routes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    CreateOrg,
    ReadOrgs,
    CreateUser,
    ReadUsers,
    ChangeRole,
    DeactivateUser,
    IssueCertificate,
    ReadCertificates,
    ChangeCertificateStatus,
    EnrolDevice,
    ReadDevices,
    RevokeDevice,
    ReadCases,
    ConfigureRules,
    /// Send evidence through `/api/v1/uploads`.
    UploadEvidence,
    /// Read evidence items, their bytes and their custody events.
    ReadEvidence,
    /// Seal, transfer, hold, release or dispose of evidence.
    ChangeCustody,
    /// Make a 双随机 draw of inspection targets and inspectors.
    MakeDraw,
    /// Read the draws of units.
    ReadDraws,
}

/// How far a role reaches for an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Its own organisation and every unit below it.
    Subtree,
    /// Within that, only what the caller is or holds itself (its account, certificates, phone).
    Own,
}

/// The policy table. Reading units is open to every role (a user sees its own part of the
/// tree); changes are the admin's; supervisors and reviewers read what they audit; an
/// officer sees its own account, certificates and phones, and enrols and revokes its phone.
pub fn reach(role: Role, action: Action) -> Option<Reach> {
    use Action::*;
    use Role::*;
    match (action, role) {
        (ReadOrgs, _) => Some(Reach::Subtree),
        (
            CreateOrg
            | CreateUser
            | ChangeRole
            | DeactivateUser
            | IssueCertificate
            | ChangeCertificateStatus
            | EnrolDevice
            | RevokeDevice
            | ReadUsers
            | ReadCertificates
            | ReadDevices,
            Admin,
        ) => Some(Reach::Subtree),
        (ReadUsers | ReadDevices | ReadCertificates, Supervisor) => Some(Reach::Subtree),
        (ReadCertificates, Reviewer) => Some(Reach::Subtree),
        (ReadUsers, Officer | Reviewer | Dock) => Some(Reach::Own),
        (ReadCertificates | ReadDevices | EnrolDevice | RevokeDevice, Officer) => Some(Reach::Own),
        // Cases: the units below for those who review and audit them; an officer, the cases
        // it works on.
        (ReadCases, Reviewer | Supervisor | Admin) => Some(Reach::Subtree),
        (ReadCases, Officer) => Some(Reach::Own),
        (ConfigureRules, Admin) => Some(Reach::Subtree),
        // A dock uploads for the officers of its unit and below; an officer for itself.
        (UploadEvidence, Officer) => Some(Reach::Own),
        (UploadEvidence, Dock) => Some(Reach::Subtree),
        (ReadEvidence, Reviewer | Supervisor | Admin) => Some(Reach::Subtree),
        (ReadEvidence, Officer | Dock) => Some(Reach::Own),
        (ChangeCustody, Supervisor | Admin) => Some(Reach::Subtree),
        // Supervisors organise 双随机 inspections of the units below them; reviewers audit them.
        (MakeDraw, Supervisor | Admin) => Some(Reach::Subtree),
        (ReadDraws, Reviewer | Supervisor | Admin) => Some(Reach::Subtree),
        // An officer reads the draws that send it to a target, whichever unit drew.
        (ReadDraws, Officer) => Some(Reach::Own),
        _ => None,
    }
}

/// The caller's scope for `action`, or 403 if its role may not do it at all.
pub fn scope(caller: &Caller, action: Action) -> Result<Scope, ApiError> {
    let reach = reach(caller.role, action)
        .ok_or_else(|| ApiError::forbidden(format!("role {} may not do this", caller.role)))?;
    Scope::new(
        &caller.user_id,
        &caller.org_id,
        &caller.org_path,
        reach == Reach::Own,
    )
    .ok_or_else(|| {
        ApiError::internal(format_args!(
            "stored organisation path {:?}",
            caller.org_path
        ))
    })
}

/// The answer for a row that does not exist or lies outside the caller's scope: the same
/// 404 for both, so a caller cannot learn what exists beyond its units.
pub fn not_in_scope(what: &str) -> ApiError {
    ApiError::not_found(format!("{what} not found"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One row per action: the reach of officer, dock, reviewer, supervisor, admin.
    fn check(action: Action, expected: [Option<Reach>; 5]) {
        let actual = Role::ALL.map(|role| reach(role, action));
        assert_eq!(actual, expected, "{action:?}");
    }

    #[test]
    fn the_policy_table() {
        use Action::*;
        const S: Option<Reach> = Some(Reach::Subtree);
        const O: Option<Reach> = Some(Reach::Own);
        const N: Option<Reach> = None;
        // officer, dock, reviewer, supervisor, admin
        check(ReadOrgs, [S, S, S, S, S]);
        check(CreateOrg, [N, N, N, N, S]);
        check(CreateUser, [N, N, N, N, S]);
        check(ReadUsers, [O, O, O, S, S]);
        check(ChangeRole, [N, N, N, N, S]);
        check(DeactivateUser, [N, N, N, N, S]);
        check(IssueCertificate, [N, N, N, N, S]);
        check(ReadCertificates, [O, N, S, S, S]);
        check(ChangeCertificateStatus, [N, N, N, N, S]);
        check(EnrolDevice, [O, N, N, N, S]);
        check(ReadDevices, [O, N, N, S, S]);
        check(RevokeDevice, [O, N, N, N, S]);
        check(ReadCases, [O, N, S, S, S]);
        check(ConfigureRules, [N, N, N, N, S]);
        check(UploadEvidence, [O, S, N, N, N]);
        check(ReadEvidence, [O, O, S, S, S]);
        check(ChangeCustody, [N, N, N, S, S]);
        check(MakeDraw, [N, N, N, S, S]);
        check(ReadDraws, [O, N, S, S, S]);
    }
}
