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

diesel::joinable!(users -> organisations (org_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));

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
);
