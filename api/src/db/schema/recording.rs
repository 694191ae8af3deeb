//! Cases and what they are recorded from: assignments, chains, records, forks, held records, findings, attention items and the facts statistics add up.

diesel::table! {
    cases (id) {
        id -> Text,
        org_id -> Text,
        procedure -> Nullable<Text>,
        stage -> Text,
        domain -> Nullable<Text>,
        category -> Nullable<Text>,
        major -> Bool,
        complex -> Bool,
        filed_at_us -> Nullable<BigInt>,
        next_deadline_us -> Nullable<BigInt>,
        record_count -> BigInt,
        fork_count -> BigInt,
        opened_at_us -> BigInt,
        updated_at_us -> BigInt,
    }
}

diesel::table! {
    case_assignments (case_id, officer_id) {
        case_id -> Text,
        officer_id -> Text,
    }
}

diesel::table! {
    case_officers (case_id, officer_id) {
        case_id -> Text,
        officer_id -> Text,
    }
}

diesel::table! {
    chains (id) {
        id -> Text,
        case_id -> Text,
        device_id -> Text,
        head_hash -> Text,
        next_seq -> BigInt,
        created_at_us -> BigInt,
        updated_at_us -> BigInt,
    }
}

diesel::table! {
    records (hash) {
        hash -> Text,
        case_id -> Text,
        chain_id -> Text,
        seq -> BigInt,
        prev_hash -> Nullable<Text>,
        kind -> Text,
        at_us -> BigInt,
        device_id -> Text,
        officer_id -> Text,
        canonical -> Binary,
        log_index -> BigInt,
        received_at_us -> BigInt,
        submitted_by -> Text,
    }
}

diesel::table! {
    forks (hash) {
        hash -> Text,
        case_id -> Text,
        chain_id -> Text,
        seq -> BigInt,
        conflicts_with -> Text,
        kind -> Text,
        at_us -> BigInt,
        device_id -> Text,
        officer_id -> Text,
        canonical -> Binary,
        log_index -> BigInt,
        received_at_us -> BigInt,
        submitted_by -> Text,
    }
}

diesel::table! {
    held_records (hash) {
        hash -> Text,
        case_id -> Text,
        chain_id -> Text,
        seq -> BigInt,
        canonical -> Binary,
        received_at_us -> BigInt,
        submitted_by -> Text,
    }
}

diesel::table! {
    findings (record_hash, rule) {
        record_hash -> Text,
        rule -> Text,
        case_id -> Text,
        severity -> Text,
        detail -> Text,
        found_at_us -> BigInt,
        calendar_unpublished -> Bool,
    }
}

diesel::table! {
    attention_items (id) {
        id -> Text,
        kind -> Text,
        item_key -> Text,
        org_id -> Text,
        subject_kind -> Text,
        subject_id -> Text,
        case_id -> Nullable<Text>,
        officer_id -> Nullable<Text>,
        severity -> Text,
        rule -> Nullable<Text>,
        detail -> Text,
        since_us -> BigInt,
        due_us -> Nullable<BigInt>,
        cured_us -> Nullable<BigInt>,
        acknowledged_by -> Nullable<Text>,
    }
}

diesel::table! {
    evidence_names (sha256, record_hash) {
        sha256 -> Text,
        record_hash -> Text,
        named_at_us -> BigInt,
    }
}

diesel::table! {
    case_facts (case_id) {
        case_id -> Text,
        org_id -> Text,
        officer_id -> Text,
        procedure -> Nullable<Text>,
        domain -> Nullable<Text>,
        filed_at_us -> Nullable<BigInt>,
        filed_month -> Nullable<Text>,
        decided_at_us -> Nullable<BigInt>,
        decided_month -> Nullable<Text>,
        closed_at_us -> Nullable<BigInt>,
        closed_month -> Nullable<Text>,
        next_deadline_us -> Nullable<BigInt>,
        warning -> Integer,
        fined -> Integer,
        fine_fen -> BigInt,
        confiscated -> Integer,
        confiscation_fen -> BigInt,
        sanctions -> Integer,
        hearing_requested -> Integer,
        hearing_held -> Integer,
        major -> Integer,
        legal_review -> Integer,
        collective_discussion -> Integer,
        decision_working_days -> Nullable<Integer>,
    }
}

diesel::table! {
    case_rollups (org_id, dimension, dim_key, month) {
        org_id -> Text,
        dimension -> Text,
        dim_key -> Text,
        month -> Text,
        filed -> BigInt,
        major_filed -> BigInt,
        decided -> BigInt,
        warning -> BigInt,
        fined -> BigInt,
        fine_fen -> BigInt,
        confiscated -> BigInt,
        confiscation_fen -> BigInt,
        sanctioned -> BigInt,
        hearing_requested -> BigInt,
        hearing_held -> BigInt,
        major_decided -> BigInt,
        major_legal_review -> BigInt,
        major_collective_discussion -> BigInt,
        closed -> BigInt,
        decision_days -> Text,
        deadline_days -> Text,
        findings -> Text,
    }
}

diesel::table! {
    publication_sums (org_id, dimension, dim_key, bucket) {
        org_id -> Text,
        dimension -> Text,
        dim_key -> Text,
        bucket -> Text,
        on_time -> BigInt,
        late -> BigInt,
        waiting -> BigInt,
    }
}

diesel::table! {
    case_rollups_pending (id) {
        id -> Integer,
    }
}
