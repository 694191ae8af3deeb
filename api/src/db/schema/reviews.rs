//! 案卷评查: review campaigns, the cases they review, their scores and closures.

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
