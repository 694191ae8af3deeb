//! Units, their people and their sign-in: organisations with their rule configuration, calendars
//! and evaluation templates, users, sessions, certificates, devices.

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
    organisation_rules_history (id) {
        id -> Text,
        org_id -> Text,
        config -> Text,
        set_at_us -> BigInt,
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
    evaluation_templates (org_id, template_id, version) {
        org_id -> Text,
        template_id -> Text,
        version -> BigInt,
        template -> Text,
        sha256 -> Text,
        set_at_us -> BigInt,
    }
}
