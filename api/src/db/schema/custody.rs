//! Evidence: uploads and their staged parts, items, media, custody events and pending disposals.

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
