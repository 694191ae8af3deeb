//! The parts of a case's state: what its preservations, extensions, notice, defence, hearing,
//! decision, collections, transfer and measures stand at.

use serde::Serialize;

use crate::lifecycle::body::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Preservation {
    pub preserved_at_us: i64,
    pub resolved_at_us: Option<i64>,
}

/// An extension of the decision period as recorded (Art. 60 with a sectoral regulation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Extension {
    pub days: u32,
    pub approver_role: String,
    pub regulation: String,
}

/// A period recorded as left out of the decision period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExcludedPeriod {
    pub what: String,
    pub from_us: i64,
    pub to_us: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    pub at_us: i64,
    pub penalty: Penalty,
    pub rights: Vec<PartyRight>,
    pub method: ServiceMethod,
    /// When the party received it, when a delivery record says so.
    pub received_at_us: Option<i64>,
}

impl Notice {
    /// When the party's periods start: on receipt. A notice handed over directly is received
    /// when it is served; any other way needs the delivery record (`None` until then).
    pub fn received_at_us(&self) -> Option<i64> {
        match (self.received_at_us, self.method) {
            (Some(at_us), _) => Some(at_us),
            (None, ServiceMethod::Direct) => Some(self.at_us),
            (None, _) => None,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Defence {
    /// When the party's statement, waiver or silence was recorded.
    pub statement_at_us: Option<i64>,
    /// What the party did: stated its case, waived, or did not respond.
    pub statement: Option<StatementResponse>,
    /// When the unit recorded its 复核 of the party's statement (Art. 45).
    pub statement_reviewed_at_us: Option<i64>,
    pub hearing: Hearing,
}

/// Where the party's hearing stands since the latest notice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Hearing {
    #[default]
    NotRequested,
    Requested {
        requested_at_us: i64,
    },
    Notified {
        requested_at_us: i64,
        notified_at_us: i64,
        hearing_at_us: i64,
    },
    Held {
        held_at_us: i64,
    },
    Waived {
        waived_at_us: i64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub at_us: i64,
    pub penalty: Penalty,
}

/// A fine collected on the spot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Collection {
    pub at_us: i64,
    pub handed_in_at_us: Option<i64>,
}

/// A report of a suspected crime and what followed it (移送规定 Art. 5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transfer {
    pub reported_at_us: i64,
    /// When the head decided, and whether to transfer.
    pub decided: Option<(i64, bool)>,
    pub made_at_us: Option<i64>,
    pub returned_at_us: Option<i64>,
    /// The day the unit received the police's 立案通知书 (`transfer.police_filed`), from which
    /// its 3 days to hand over the materials run (移送规定 Art. 12).
    pub police_filed_notice_on: Option<crate::rules::date::LocalDate>,
    pub handed_over_at_us: Option<i64>,
}

impl Transfer {
    /// Whether the case waits on the transfer: reported and not declined, or transferred and
    /// not returned. The penalty path is suspended meanwhile (Art. 27).
    pub fn pending(&self) -> bool {
        match self.decided {
            Some((_, false)) => false,
            _ => self.returned_at_us.is_none(),
        }
    }
}

/// A sealing or seizure and what followed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Measure {
    pub at_us: i64,
    pub urgent: bool,
    pub approved_at_us: Option<i64>,
    /// Extensions recorded, and the days they add together.
    pub extensions: u32,
    pub extension_days: u32,
    /// Testing periods left out of the period, in days together.
    pub testing_days: u32,
    pub ended_at_us: Option<i64>,
}
