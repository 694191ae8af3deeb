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
    refresh_tokens (token_hash) {
        token_hash -> Text,
        session_id -> Text,
        issued_at_us -> BigInt,
        expires_at_us -> BigInt,
        spent_at_us -> Nullable<BigInt>,
    }
}

diesel::table! {
    login_throttle (username) {
        username -> Text,
        failures -> Integer,
        locked_until_us -> BigInt,
        last_failure_us -> BigInt,
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

diesel::joinable!(users -> organisations (org_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(certificates -> users (holder_id));
diesel::joinable!(certificate_status_changes -> certificates (certificate_id));
diesel::joinable!(devices -> organisations (org_id));

diesel::allow_tables_to_appear_in_same_query!(
    organisations,
    users,
    sessions,
    refresh_tokens,
    login_throttle,
    log_head,
    log_entries,
    log_hashes,
    log_roots,
    certificates,
    certificate_status_changes,
    devices,
);
