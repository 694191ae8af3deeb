//! Table definitions, written to match both `migrations/sqlite` and `migrations/postgres`.
//!
//! Only types both backends share appear here (Text, BigInt, Integer, Bool, Binary), which is
//! what lets one query compile for the multi-backend connection.
//!
//! One module per area; every table is re-exported here, where the joins and the tables that
//! may share a query are declared for all of them at once (diesel's macros name tables from
//! one scope).

mod custody;
mod publicity;
mod recording;
mod reviews;
mod transparency;
mod units;

pub use custody::*;
pub use publicity::*;
pub use recording::*;
pub use reviews::*;
pub use transparency::*;
pub use units::*;

diesel::joinable!(users -> organisations (org_id));
diesel::joinable!(evidence -> organisations (org_id));
diesel::joinable!(uploads -> organisations (org_id));
diesel::joinable!(evidence_media -> evidence (evidence_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(console_sessions -> sessions (session_id));
diesel::joinable!(certificates -> users (holder_id));
diesel::joinable!(certificate_status_changes -> certificates (certificate_id));
diesel::joinable!(devices -> organisations (org_id));
diesel::joinable!(cases -> organisations (org_id));
diesel::joinable!(attention_items -> organisations (org_id));
diesel::joinable!(case_facts -> organisations (org_id));
diesel::joinable!(case_rollups -> organisations (org_id));
diesel::joinable!(publication_sums -> organisations (org_id));
diesel::joinable!(case_assignments -> cases (case_id));
diesel::joinable!(case_officers -> cases (case_id));
diesel::joinable!(chains -> cases (case_id));
diesel::joinable!(records -> cases (case_id));
diesel::joinable!(forks -> cases (case_id));
diesel::joinable!(findings -> cases (case_id));
diesel::joinable!(organisation_rules -> organisations (org_id));
diesel::joinable!(organisation_calendars -> organisations (org_id));
diesel::joinable!(draws -> organisations (org_id));
diesel::joinable!(draw_inspectors -> draws (draw_id));
diesel::joinable!(publications -> organisations (org_id));
diesel::joinable!(publications -> cases (case_id));
diesel::joinable!(evaluation_templates -> organisations (org_id));
diesel::joinable!(review_campaigns -> organisations (org_id));

diesel::allow_tables_to_appear_in_same_query!(
    organisations,
    evaluation_templates,
    review_campaigns,
    review_cases,
    review_scores,
    review_closures,
    attention_items,
    case_facts,
    case_rollups,
    case_rollups_pending,
    publication_sums,
    draw_inspectors,
    users,
    sessions,
    console_sessions,
    refresh_tokens,
    login_failures,
    log_head,
    log_entries,
    log_hashes,
    log_roots,
    certificates,
    certificate_status_changes,
    devices,
    cases,
    case_assignments,
    case_officers,
    chains,
    records,
    forks,
    held_records,
    evidence_names,
    findings,
    organisation_rules,
    organisation_calendars,
    uploads,
    upload_parts,
    evidence,
    evidence_media,
    custody_events,
    draws,
    blob_disposals,
    organisation_rules_history,
    publications,
    publication_withdrawals,
    publicity_changes,
);
