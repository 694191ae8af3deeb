//! Random inspections (draws) and what units publish.

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
