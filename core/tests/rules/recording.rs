//! Art. 47: the acts that must be recorded on audio or video, built in and the unit's own.

use super::*;

const AUDIO_VIDEO: &str = "APL-47-audio-video";

pub(super) fn cases() -> Vec<RuleCase> {
    let with_extra_recorded_act = {
        let mut c = context();
        c.config.mandatory_recording_acts = vec![act::HEARING.into()];
        c
    };

    vec![
        // Mandatory audio/video.
        case(
            AUDIO_VIDEO,
            "seizure on video",
            investigated(),
            seizure(vec![photo(), video()]),
            &[],
        ),
        case(
            AUDIO_VIDEO,
            "seizure on photos only",
            investigated(),
            seizure(vec![photo()]),
            &[AUDIO_VIDEO],
        ),
        case(
            AUDIO_VIDEO,
            "seizure after preservation",
            preserved_then(investigated()),
            edit!(
                sample(K::EvidencePreservationResolved, 2),
                EvidencePreservationResolved,
                |b| {
                    b.outcome = PreservationOutcome::Seized;
                    b.compulsion = Some(measure("m1"));
                }
            ),
            &[AUDIO_VIDEO],
        ),
        case(
            AUDIO_VIDEO,
            "hearing not configured",
            hearing_notified(),
            hearing_held_by(PRESIDING),
            &[],
        ),
        case(
            AUDIO_VIDEO,
            "configured hearing unrecorded",
            hearing_notified(),
            hearing_held_by(PRESIDING),
            &[AUDIO_VIDEO],
        )
        .in_context(with_extra_recorded_act),
    ]
}
