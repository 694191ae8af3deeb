//! Who may do what: the one table of roles per action, and the [`Scope`] a permitted caller
//! acts in. Handlers ask [`scope`] before touching the database; the database functions then
//! take the scope, so a unit outside it is never read or written.

use crate::auth::{Caller, Role};
use crate::db::scope::Scope;
use crate::error::ApiError;

/// Everything a caller can ask of custos that is not open to everyone.
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
    /// Read the bytes of a sealed evidence item (on top of [`Action::ReadEvidence`]).
    ReadSealedEvidence,
    /// Read the leaves of the transparency log that are not public by nature.
    ReadLogEntries,
    /// Ask a tus upload for its offset.
    ReadUpload,
    /// Send bytes to a tus upload or terminate it.
    WriteUpload,
    /// Sign records into an existing case (`POST /api/v1/records`). Opening a new case is
    /// open to every role that has this action at all.
    SubmitRecords,
    /// Sign the `case.assigned` and `case.released` records that say who handles a case.
    AssignCases,
    /// Approve and publish a decided case's public notice (执法公示), and see the notices
    /// waiting for it.
    PublishDecisions,
    /// Withdraw a published notice after its decision was changed, revoked or declared void.
    WithdrawDecisions,
    /// Read what needs attention (督办) in the units below.
    ReadAttention,
    /// Acknowledge a filing of a township unit below (立案报备), curing its report.
    AcknowledgeFilings,
    /// Acknowledge that records kept arriving from a revoked device of a unit (its
    /// `revoked_device_records` item).
    AcknowledgeDevices,
    /// Acknowledge that an evidence item's clock-skew flag was checked (the capture time
    /// confirmed by another source), curing its `clock_skew` item; the flag itself stays.
    AcknowledgeClockSkew,
    /// Read the enforcement statistics (执法行为统计) of the units below.
    ReadStats,
    /// Read the automatic 案卷评查 score of the case files of the units below.
    ReadScores,
    /// Open and close 案卷评查 review campaigns (评查活动) over the units below.
    ManageReviews,
    /// Score the manual items of the case files of a review campaign.
    ScoreReviews,
    /// Read review campaigns, their findings and 通报.
    ReadReviews,
}

impl Action {
    /// Every action, for the policy table's test.
    pub const ALL: [Action; 36] = [
        Action::CreateOrg,
        Action::ReadOrgs,
        Action::CreateUser,
        Action::ReadUsers,
        Action::ChangeRole,
        Action::DeactivateUser,
        Action::IssueCertificate,
        Action::ReadCertificates,
        Action::ChangeCertificateStatus,
        Action::EnrolDevice,
        Action::ReadDevices,
        Action::RevokeDevice,
        Action::ReadCases,
        Action::ConfigureRules,
        Action::UploadEvidence,
        Action::ReadEvidence,
        Action::ChangeCustody,
        Action::MakeDraw,
        Action::ReadDraws,
        Action::ReadSealedEvidence,
        Action::ReadLogEntries,
        Action::ReadUpload,
        Action::WriteUpload,
        Action::SubmitRecords,
        Action::AssignCases,
        Action::PublishDecisions,
        Action::WithdrawDecisions,
        Action::ReadAttention,
        Action::AcknowledgeFilings,
        Action::AcknowledgeDevices,
        Action::AcknowledgeClockSkew,
        Action::ReadStats,
        Action::ReadScores,
        Action::ManageReviews,
        Action::ScoreReviews,
        Action::ReadReviews,
    ];
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
        // Sealing keeps an item's bytes from everyone but those who decided to seal it.
        (ReadSealedEvidence, Supervisor | Admin) => Some(Reach::Subtree),
        // A leaf is read like what it records (see `db::entry_scope`); public entries
        // (`public_log_entry`) are read by anyone, without this.
        (ReadLogEntries, Reviewer | Supervisor | Admin) => Some(Reach::Subtree),
        (ReadLogEntries, Officer | Dock) => Some(Reach::Own),
        // Uploads are not shared: only the officer or dock that sent one goes on with it.
        (ReadUpload | WriteUpload, Officer | Dock) => Some(Reach::Own),
        // Records go into a case from the officers assigned to it, and from the reviewers and
        // supervisors of its unit and the units above; admins and docks record nothing.
        // Reaching a case to write into it is exactly reaching it to read it (`ReadCases`).
        (SubmitRecords, Reviewer | Supervisor) => Some(Reach::Subtree),
        (SubmitRecords, Officer) => Some(Reach::Own),
        // Who handles a case is decided above the officers, by its unit's line.
        (AssignCases, Reviewer | Supervisor) => Some(Reach::Subtree),
        // A notice goes public on the approval of a legal reviewer or an admin of the unit's
        // line (执法公示审核); so does its withdrawal.
        (PublishDecisions | WithdrawDecisions, Reviewer | Admin) => Some(Reach::Subtree),
        // Supervision: the units below for those who review and audit them; an officer, the
        // items of the cases it handles and about itself. Statistics and the automatic scores
        // of case files (案卷评查) are the auditors'.
        (ReadAttention, Reviewer | Supervisor | Admin) => Some(Reach::Subtree),
        (ReadAttention, Officer) => Some(Reach::Own),
        // A township's filings are seen by those who review and audit it from above; the
        // handler refuses a unit's own (`supervision::filing`).
        (AcknowledgeFilings, Reviewer | Supervisor) => Some(Reach::Subtree),
        // Devices are the admins': they revoke them and see to records still arriving.
        (AcknowledgeDevices, Admin) => Some(Reach::Subtree),
        // A mistimed file is checked by those who review and audit its unit's work, in the
        // unit itself too: unlike a filing, nothing is reported upward.
        (AcknowledgeClockSkew, Reviewer | Supervisor) => Some(Reach::Subtree),
        (ReadStats | ReadScores, Reviewer | Supervisor | Admin) => Some(Reach::Subtree),
        // 案卷评查 campaigns: supervisors (and admins) organise them over the units below,
        // reviewers and supervisors score the files, the auditors read them.
        (ManageReviews, Supervisor | Admin) => Some(Reach::Subtree),
        (ScoreReviews, Reviewer | Supervisor) => Some(Reach::Subtree),
        (ReadReviews, Reviewer | Supervisor | Admin) => Some(Reach::Subtree),
        _ => None,
    }
}

/// The caller's scope for `action`, or 403 if its role may not do it at all.
pub fn scope(caller: &Caller, action: Action) -> Result<Scope, ApiError> {
    scope_of(
        &caller.user_id,
        caller.role,
        &caller.org_id,
        &caller.org_path,
        action,
    )?
    .ok_or_else(|| ApiError::forbidden(format!("role {} may not do this", caller.role)))
}

/// The scope for `action` of a user who is not necessarily the caller (the signer of a
/// record held from an earlier submission), or `None` if its role may not do it at all.
pub fn scope_of(
    user_id: &str,
    role: Role,
    org_id: &str,
    org_path: &str,
    action: Action,
) -> Result<Option<Scope>, ApiError> {
    let Some(reach) = reach(role, action) else {
        return Ok(None);
    };
    Scope::new(user_id, org_id, org_path, reach == Reach::Own)
        .map(Some)
        .ok_or_else(|| ApiError::internal(format_args!("stored organisation path {org_path:?}")))
}

/// The caller's scope for `action`, or `None` if its role may not do it at all: for routes
/// that answer a refused role exactly like a missing row (see [`not_in_scope`]), because
/// some of their rows are open to everyone and the rest must not be told apart.
pub fn scope_if_any(caller: &Caller, action: Action) -> Result<Option<Scope>, ApiError> {
    match reach(caller.role, action) {
        Some(_) => scope(caller, action).map(Some),
        None => Ok(None),
    }
}

/// Whether log entries of `entry_type` are public by nature, read by anyone, signed in or
/// not: a draw is published once made (一公开, see `routes/draws/public`), so its entry is
/// too, and so are publications and withdrawals of decision notices (masked, see
/// `publicity`). Every other entry is read through [`Action::ReadLogEntries`].
pub fn public_log_entry(entry_type: &str) -> bool {
    use crate::publicity::entry::{PUBLICATION, WITHDRAWAL};
    [crate::draws::entry::DRAW, PUBLICATION, WITHDRAWAL].contains(&entry_type)
}

/// The reach of the yearly statistics a unit publishes (执法工作统计数据) to anyone: the unit and
/// the units below it, for figures that name nobody and hold no personal data; no actor.
pub fn public_statistics_scope(org: &crate::db::orgs::Organisation) -> Result<Scope, ApiError> {
    Scope::new("", &org.id, &org.path, false)
        .ok_or_else(|| ApiError::internal(format_args!("unit {} has no server-made path", org.id)))
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
    fn check(checked: &mut Vec<Action>, action: Action, expected: [Option<Reach>; 5]) {
        let actual = Role::ALL.map(|role| reach(role, action));
        assert_eq!(actual, expected, "{action:?}");
        checked.push(action);
    }

    #[test]
    fn the_policy_table() {
        use Action::*;
        const S: Option<Reach> = Some(Reach::Subtree);
        const O: Option<Reach> = Some(Reach::Own);
        const N: Option<Reach> = None;
        let mut checked = Vec::new();
        // officer, dock, reviewer, supervisor, admin
        check(&mut checked, ReadOrgs, [S, S, S, S, S]);
        check(&mut checked, CreateOrg, [N, N, N, N, S]);
        check(&mut checked, CreateUser, [N, N, N, N, S]);
        check(&mut checked, ReadUsers, [O, O, O, S, S]);
        check(&mut checked, ChangeRole, [N, N, N, N, S]);
        check(&mut checked, DeactivateUser, [N, N, N, N, S]);
        check(&mut checked, IssueCertificate, [N, N, N, N, S]);
        check(&mut checked, ReadCertificates, [O, N, S, S, S]);
        check(&mut checked, ChangeCertificateStatus, [N, N, N, N, S]);
        check(&mut checked, EnrolDevice, [O, N, N, N, S]);
        check(&mut checked, ReadDevices, [O, N, N, S, S]);
        check(&mut checked, RevokeDevice, [O, N, N, N, S]);
        check(&mut checked, ReadCases, [O, N, S, S, S]);
        check(&mut checked, ConfigureRules, [N, N, N, N, S]);
        check(&mut checked, UploadEvidence, [O, S, N, N, N]);
        check(&mut checked, ReadEvidence, [O, O, S, S, S]);
        check(&mut checked, ChangeCustody, [N, N, N, S, S]);
        check(&mut checked, MakeDraw, [N, N, N, S, S]);
        check(&mut checked, ReadDraws, [O, N, S, S, S]);
        check(&mut checked, ReadSealedEvidence, [N, N, N, S, S]);
        check(&mut checked, ReadLogEntries, [O, O, S, S, S]);
        check(&mut checked, ReadUpload, [O, O, N, N, N]);
        check(&mut checked, WriteUpload, [O, O, N, N, N]);
        check(&mut checked, SubmitRecords, [O, N, S, S, N]);
        check(&mut checked, AssignCases, [N, N, S, S, N]);
        check(&mut checked, PublishDecisions, [N, N, S, N, S]);
        check(&mut checked, WithdrawDecisions, [N, N, S, N, S]);
        check(&mut checked, ReadAttention, [O, N, S, S, S]);
        check(&mut checked, AcknowledgeFilings, [N, N, S, S, N]);
        check(&mut checked, AcknowledgeDevices, [N, N, N, N, S]);
        check(&mut checked, AcknowledgeClockSkew, [N, N, S, S, N]);
        check(&mut checked, ReadStats, [N, N, S, S, S]);
        check(&mut checked, ReadScores, [N, N, S, S, S]);
        check(&mut checked, ManageReviews, [N, N, N, S, S]);
        check(&mut checked, ScoreReviews, [N, N, S, S, N]);
        check(&mut checked, ReadReviews, [N, N, S, S, S]);
        // A row for every action: a new action without one fails here.
        for action in Action::ALL {
            assert!(checked.contains(&action), "{action:?} has no row");
        }
        assert_eq!(checked.len(), Action::ALL.len());
    }
}
