//! Art. 41: non-site enforcement devices and their captures.

use super::*;
use custos_core::publicity::MonitoringDevice;

const DEVICE_REVIEWED: &str = "APL-41-device-reviewed";
const CAPTURE_REVIEWED: &str = "APL-41-capture-reviewed";
const PARTY_INFORMED: &str = "APL-41-party-informed";

/// The unit publishes camera "卡口-1", in use from 2024-01-01 after its review on
/// `reviewed_on`.
fn with_camera(reviewed_on: Option<&str>) -> RuleContext {
    let mut context = context();
    context.config.publicity.monitoring_devices = vec![MonitoringDevice {
        name: "卡口-1".into(),
        location: "某路与某街交叉口".into(),
        in_use_from: "2024-01-01".parse().unwrap(),
        records: vec![],
        reviewed_on: reviewed_on.map(|d| d.parse().unwrap()),
    }];
    context
}

/// A filing on day 0 (2025-03-03) of a capture by `device` on 2025-03-01.
fn filed_on_capture(device: &str, change: impl FnOnce(&mut DeviceCapture)) -> CaseRecord {
    edit!(sample(K::CaseFiled, 0), CaseFiled, |f| {
        let mut capture = DeviceCapture {
            device: device.into(),
            captured_on: "2025-03-01".parse().unwrap(),
            reviewed_by: Some(OFFICER_C.into()),
            party_notified: true,
        };
        change(&mut capture);
        f.capture = Some(capture);
    })
}

pub(super) fn cases() -> Vec<RuleCase> {
    let reviewed = || with_camera(Some("2023-12-20"));
    let decided_on = |change: fn(&mut DeviceCapture)| {
        let mut records = defended();
        records[0] = filed_on_capture("卡口-1", change);
        records
    };
    vec![
        case(
            DEVICE_REVIEWED,
            "a reviewed, published camera",
            vec![],
            filed_on_capture("卡口-1", |_| {}),
            &[],
        )
        .in_context(reviewed()),
        case(
            DEVICE_REVIEWED,
            "a camera never reviewed",
            vec![],
            filed_on_capture("卡口-1", |_| {}),
            &[DEVICE_REVIEWED],
        )
        .in_context(with_camera(None)),
        case(
            DEVICE_REVIEWED,
            "a camera reviewed after the capture",
            vec![],
            filed_on_capture("卡口-1", |_| {}),
            &[DEVICE_REVIEWED],
        )
        .in_context(with_camera(Some("2025-03-02"))),
        case(
            DEVICE_REVIEWED,
            "a device the unit does not publish",
            vec![],
            filed_on_capture("卡口-9", |_| {}),
            &[DEVICE_REVIEWED],
        )
        .in_context(reviewed()),
        case(
            CAPTURE_REVIEWED,
            "a capture reviewed by an officer",
            vec![],
            filed_on_capture("卡口-1", |_| {}),
            &[],
        )
        .in_context(reviewed()),
        case(
            CAPTURE_REVIEWED,
            "a capture nobody reviewed",
            vec![],
            filed_on_capture("卡口-1", |c| c.reviewed_by = None),
            &[CAPTURE_REVIEWED],
        )
        .in_context(reviewed()),
        case(
            PARTY_INFORMED,
            "a decision once the party was told",
            decided_on(|_| {}),
            sample(K::DecisionIssued, 10),
            &[],
        )
        .in_context(reviewed()),
        case(
            PARTY_INFORMED,
            "a decision on a capture the party was never told of",
            decided_on(|c| c.party_notified = false),
            sample(K::DecisionIssued, 10),
            &[PARTY_INFORMED],
        )
        .in_context(reviewed()),
    ]
}
