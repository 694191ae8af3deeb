//! Table definitions, written to match both `migrations/sqlite` and `migrations/postgres`.
//!
//! Only types both backends share appear here (Text, BigInt, Integer, Bool, Binary), which is
//! what lets one query compile for the multi-backend connection.

diesel::table! {
    organisations (id) {
        id -> Text,
        parent_id -> Nullable<Text>,
        name -> Text,
        kind -> Text,
        path -> Text,
        created_at_us -> BigInt,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        username -> Text,
        password_hash -> Text,
        role -> Text,
        org_id -> Text,
        active -> Bool,
        created_at_us -> BigInt,
        deactivated_at_us -> Nullable<BigInt>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Text,
        created_at_us -> BigInt,
        revoked_at_us -> Nullable<BigInt>,
        revoked_reason -> Nullable<Text>,
    }
}

diesel::table! {
    console_sessions (token_hash) {
        token_hash -> Text,
        session_id -> Text,
        created_at_us -> BigInt,
        last_seen_at_us -> BigInt,
        expires_at_us -> BigInt,
    }
}

diesel::table! {
    refresh_tokens (token_hash) {
        token_hash -> Text,
        session_id -> Text,
        issued_at_us -> BigInt,
        expires_at_us -> BigInt,
        spent_at_us -> Nullable<BigInt>,
    }
}

diesel::table! {
    login_failures (address, account) {
        address -> Text,
        account -> Text,
        failures -> Integer,
        at_us -> BigInt,
    }
}

diesel::table! {
    log_head (id) {
        id -> Integer,
        size -> BigInt,
    }
}

diesel::table! {
    log_entries (idx) {
        idx -> BigInt,
        entry_type -> Text,
        leaf -> Binary,
        appended_at_us -> BigInt,
    }
}

diesel::table! {
    log_hashes (idx) {
        idx -> BigInt,
        hash -> Binary,
    }
}

diesel::table! {
    log_roots (size) {
        size -> BigInt,
        root_hash -> Binary,
        recorded_at_us -> BigInt,
    }
}

diesel::table! {
    certificates (id) {
        id -> Text,
        number -> Text,
        holder_id -> Text,
        holder_name -> Text,
        issuer -> Text,
        domains -> Text,
        valid_from -> Text,
        valid_until -> Text,
        status -> Text,
        status_since -> Text,
        issued_by -> Text,
        issued_at_us -> BigInt,
    }
}

diesel::table! {
    certificate_status_changes (id) {
        id -> Text,
        certificate_id -> Text,
        status -> Text,
        since -> Text,
        reason -> Text,
        changed_by -> Text,
        changed_at_us -> BigInt,
    }
}

diesel::table! {
    devices (id) {
        id -> Text,
        public_key -> Text,
        kind -> Text,
        org_id -> Text,
        owner_id -> Nullable<Text>,
        enrolled_by -> Text,
        enrolled_at_us -> BigInt,
        revoked_at_us -> Nullable<BigInt>,
        revoked_by -> Nullable<Text>,
    }
}

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
    organisation_rules (org_id) {
        org_id -> Text,
        config -> Text,
        updated_at_us -> BigInt,
    }
}

diesel::table! {
    organisation_calendars (org_id) {
        org_id -> Text,
        calendar -> Text,
        updated_at_us -> BigInt,
    }
}

diesel::table! {
    uploads (id) {
        id -> Text,
        uploader_id -> Text,
        officer_id -> Text,
        org_id -> Text,
        length -> BigInt,
        upload_offset -> BigInt,
        hash_state -> Binary,
        declared_sha256 -> Text,
        metadata -> Text,
        filename -> Nullable<Text>,
        content_type -> Nullable<Text>,
        kind -> Nullable<Text>,
        captured_at_us -> Nullable<BigInt>,
        device_clock_us -> Nullable<BigInt>,
        device_id -> Nullable<Text>,
        case_id -> Nullable<Text>,
        status -> Text,
        computed_sha256 -> Nullable<Text>,
        evidence_id -> Nullable<Text>,
        staging_present -> Bool,
        created_at_us -> BigInt,
        updated_at_us -> BigInt,
        expires_at_us -> BigInt,
    }
}

diesel::table! {
    upload_parts (upload_id, start_offset) {
        upload_id -> Text,
        start_offset -> BigInt,
        end_offset -> BigInt,
        object_key -> Text,
    }
}

diesel::table! {
    evidence (id) {
        id -> Text,
        upload_id -> Text,
        sha256 -> Text,
        declared_sha256 -> Text,
        size -> BigInt,
        kind -> Nullable<Text>,
        content_type -> Nullable<Text>,
        filename -> Nullable<Text>,
        status -> Text,
        blob_key -> Nullable<Text>,
        org_id -> Text,
        uploader_id -> Text,
        officer_id -> Text,
        device_id -> Nullable<Text>,
        case_id -> Nullable<Text>,
        captured_at_us -> Nullable<BigInt>,
        device_clock_us -> Nullable<BigInt>,
        received_at_us -> BigInt,
        clock_skew_us -> Nullable<BigInt>,
        clock_skew_flagged -> Bool,
        sealed -> Bool,
        held -> Bool,
    }
}

diesel::table! {
    evidence_media (evidence_id) {
        evidence_id -> Text,
        status -> Text,
        lease_until_us -> Nullable<BigInt>,
        attempts -> Integer,
        error -> Nullable<Text>,
        width -> Nullable<Integer>,
        height -> Nullable<Integer>,
        duration_us -> Nullable<BigInt>,
        exif_captured_at_us -> Nullable<BigInt>,
        exif_skew_us -> Nullable<BigInt>,
        lat_e7 -> Nullable<Integer>,
        lon_e7 -> Nullable<Integer>,
        thumbnail_key -> Nullable<Text>,
    }
}

diesel::table! {
    custody_events (log_index) {
        log_index -> BigInt,
        evidence_id -> Nullable<Text>,
        upload_id -> Nullable<Text>,
        event -> Text,
        actor_id -> Nullable<Text>,
        at_us -> BigInt,
        details -> Text,
    }
}

diesel::table! {
    blob_disposals (evidence_id) {
        evidence_id -> Text,
        blob_key -> Text,
        requested_at_us -> BigInt,
    }
}

diesel::table! {
    draws (id) {
        id -> Text,
        org_id -> Text,
        actor_id -> Text,
        task -> Text,
        domain -> Text,
        log_index -> BigInt,
        created_at_us -> BigInt,
    }
}

diesel::table! {
    draw_inspectors (user_id, draw_id) {
        draw_id -> Text,
        user_id -> Text,
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

diesel::table! {
    organisation_rules_history (id) {
        id -> Text,
        org_id -> Text,
        config -> Text,
        set_at_us -> BigInt,
    }
}

diesel::table! {
    publications (id) {
        id -> Text,
        org_id -> Text,
        case_id -> Text,
        decided_at_us -> BigInt,
        due_before_us -> BigInt,
        approver_id -> Text,
        log_index -> BigInt,
        published_at_us -> BigInt,
    }
}

diesel::table! {
    publication_withdrawals (publication_id) {
        publication_id -> Text,
        org_id -> Text,
        actor_id -> Text,
        changed_at_us -> BigInt,
        due_before_us -> BigInt,
        log_index -> BigInt,
        withdrawn_at_us -> BigInt,
    }
}

diesel::table! {
    publicity_changes (log_index) {
        log_index -> BigInt,
        org_id -> Text,
        publication_id -> Text,
    }
}

diesel::joinable!(publications -> organisations (org_id));
diesel::joinable!(publications -> cases (case_id));

diesel::table! {
    evaluation_templates (org_id, template_id, version) {
        org_id -> Text,
        template_id -> Text,
        version -> BigInt,
        template -> Text,
        sha256 -> Text,
        set_at_us -> BigInt,
    }
}

diesel::joinable!(evaluation_templates -> organisations (org_id));

diesel::table! {
    review_campaigns (id) {
        id -> Text,
        org_id -> Text,
        actor_id -> Text,
        title -> Text,
        from_us -> BigInt,
        to_us -> BigInt,
        template_org_id -> Nullable<Text>,
        template_id -> Text,
        template_version -> BigInt,
        log_index -> BigInt,
        created_at_us -> BigInt,
    }
}

diesel::table! {
    review_cases (campaign_id, case_id) {
        campaign_id -> Text,
        case_id -> Text,
        position -> BigInt,
    }
}

diesel::table! {
    review_scores (log_index) {
        log_index -> BigInt,
        campaign_id -> Text,
        case_id -> Text,
        item -> Text,
        score -> BigInt,
        remark -> Text,
        reviewer_id -> Text,
        scored_at_us -> BigInt,
    }
}

diesel::table! {
    review_closures (campaign_id) {
        campaign_id -> Text,
        actor_id -> Text,
        log_index -> BigInt,
        closed_at_us -> BigInt,
    }
}

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
