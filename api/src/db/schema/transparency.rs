//! The transparency log: its head, entries, stored hashes and roots.

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
