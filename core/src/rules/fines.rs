//! The legal basis and the amount of a fine (Arts. 29, 32, 33, 38, 76): a basis stated, the
//! amount within the range the law sets for the matter, 减轻 below it only for a recorded
//! ground, the unit's leniency lists (四张清单) applied as published, and no second fine for
//! the same act.

use super::context::RuleContext;
use super::penalty_data::LeniencyList;
use super::{Found, Rule, Severity};
use crate::lifecycle::{CaseRecord, CaseState, FineNorm, LeniencyKind, Penalty, RecordBody};

/// Art. 38: "行政处罚没有依据或者实施主体不具有行政主体资格的，行政处罚无效。" Art. 52 ¶2: the
/// on-the-spot decision "应当载明当事人的违法行为，行政处罚的种类和依据". A notice and an
/// ordinary decision state their basis under Arts. 44 and 59.
pub(super) const LEGAL_BASIS: Rule = Rule {
    id: "APL-38-legal-basis",
    article: "Administrative Penalty Law Art. 38, 52, 76(1)",
    article_zh: "《行政处罚法》第三十八条、第五十二条、第七十六条第一项",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "行政处罚没有依据的无效；当场作出的行政处罚决定应当载明行政处罚的依据",
    message_en: "a penalty without a legal basis is void: an on-the-spot penalty states the provisions it applies",
    settings: &[],
    evaluate: |s, c, x| legal_basis(s, c, x).map(Found::from),
};

/// Art. 76(2): "擅自改变行政处罚种类、幅度的" is unlawful; the range is the one the law the
/// unit names for the matter sets.
pub(super) const FINE_RANGE: Rule = Rule {
    id: "APL-76-fine-range",
    article: "Administrative Penalty Law Art. 76(1), (2)",
    article_zh: "《行政处罚法》第七十六条第一项、第二项",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "罚款不得超过法律、法规、规章规定的幅度",
    message_en: "a fine may not exceed the range the law, regulation or rule sets for the matter",
    settings: &["statutory_fines"],
    evaluate: |s, c, x| fine_range(s, c, x).map(Found::from),
};

/// Art. 32: "当事人有下列情形之一，应当从轻或者减轻行政处罚". 减轻 is a penalty below the
/// statutory minimum, lawful only for such a circumstance, which the record states.
pub(super) const MITIGATION_GROUND: Rule = Rule {
    id: "APL-32-mitigation-ground",
    article: "Administrative Penalty Law Art. 32, 76(2)",
    article_zh: "《行政处罚法》第三十二条、第七十六条第二项",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "罚款低于法定最低数额的，应当是减轻处罚，并记录第三十二条规定的或者减轻处罚清单所列的情形",
    message_en: "a fine below the statutory minimum is a mitigated penalty and records its ground under Art. 32 or the unit's list",
    settings: &["statutory_fines", "leniency_lists"],
    evaluate: |s, c, x| mitigation_ground(s, c, x).map(Found::from),
};

/// Art. 33 ¶1: "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。初次违法且危害后果
/// 轻微并及时改正的，可以不予行政处罚。" The unit's lists say which circumstances it counts
/// for each; a penalty that relies on an item relies on one that fits.
pub(super) const LENIENCY_LIST: Rule = Rule {
    id: "APL-32-33-leniency-list",
    article: "Administrative Penalty Law Art. 32, 33",
    article_zh: "《行政处罚法》第三十二条、第三十三条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "援引的从轻、减轻处罚清单事项应当在本单位清单中、适用于本案事项并与从轻或者减轻相符；不予处罚清单所列情形不予行政处罚",
    message_en: "a leniency list item relied on is on the unit's lists, applies to the matter and fits the lightening claimed; conduct on the no-penalty list is not penalised",
    settings: &["leniency_lists"],
    evaluate: |s, c, x| leniency_list(s, c, x).map(Found::from),
};

/// Art. 29: "对当事人的同一个违法行为，不得给予两次以上罚款的行政处罚。"
pub(super) const ONE_FINE: Rule = Rule {
    id: "APL-29-one-fine",
    article: "Administrative Penalty Law Art. 29",
    article_zh: "《行政处罚法》第二十九条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "对当事人的同一个违法行为，不得给予两次以上罚款的行政处罚",
    message_en: "the party may not be fined twice for the same act",
    settings: &[],
    evaluate: |s, c, _| one_fine(s, c).map(Found::from),
};

/// Art. 29: "同一个违法行为违反多个法律规范应当给予罚款处罚的，按照罚款数额高的规定处罚。"
/// The amounts compared are the highest fines the provisions set.
pub(super) const HIGHER_NORM: Rule = Rule {
    id: "APL-29-higher-norm",
    article: "Administrative Penalty Law Art. 29",
    article_zh: "《行政处罚法》第二十九条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "同一个违法行为违反多个法律规范应当给予罚款处罚的，按照罚款数额高的规定处罚",
    message_en: "an act breaching several provisions that each provide a fine is fined under the one with the higher amount",
    settings: &[],
    evaluate: |s, c, _| higher_norm(s, c).map(Found::from),
};

/// The penalty a notice proposes or a decision imposes in an ordinary case.
fn ordinary_penalty(candidate: &CaseRecord) -> Option<&Penalty> {
    match &candidate.body {
        RecordBody::NoticeServed(b) => Some(&b.penalty),
        RecordBody::DecisionIssued(b) => Some(&b.penalty),
        _ => None,
    }
}

fn legal_basis(_: &CaseState, candidate: &CaseRecord, _: &RuleContext) -> Option<String> {
    match &candidate.body {
        RecordBody::SummaryPenalty(b) if b.legal_basis.trim().is_empty() => {
            Some("the on-the-spot penalty states no legal basis".to_owned())
        }
        _ => None,
    }
}

fn fine_range(state: &CaseState, candidate: &CaseRecord, context: &RuleContext) -> Option<String> {
    let penalty = ordinary_penalty(candidate)?;
    let range = context.config.statutory_fine(state.category.as_deref()?)?;
    (penalty.fine_fen > range.max_fine_fen).then(|| {
        format!(
            "fine {} fen is above the {} fen {} sets",
            penalty.fine_fen, range.max_fine_fen, range.law
        )
    })
}

fn mitigation_ground(
    state: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<String> {
    let penalty = ordinary_penalty(candidate)?;
    let range = context.config.statutory_fine(state.category.as_deref()?)?;
    // No fine at all is another kind of penalty (or a warning), not a smaller amount.
    if penalty.fine_fen == 0 || penalty.fine_fen >= range.min_fine_fen {
        return None;
    }
    let grounded = penalty
        .leniency
        .as_ref()
        .is_some_and(|l| l.kind == LeniencyKind::Mitigated && !l.ground.trim().is_empty());
    (!grounded).then(|| {
        format!(
            "fine {} fen is below the {} fen minimum of {} and no ground for mitigation is recorded",
            penalty.fine_fen, range.min_fine_fen, range.law
        )
    })
}

fn leniency_list(
    state: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<String> {
    let penalty = match &candidate.body {
        RecordBody::SummaryPenalty(b) => &b.penalty,
        _ => ordinary_penalty(candidate)?,
    };
    let leniency = penalty.leniency.as_ref()?;
    let id = leniency.list_item.as_deref()?;
    let Some(item) = context.config.leniency_item(id) else {
        return Some(format!("{id} is not on the unit's leniency lists"));
    };
    if let Some(category) = state.category.as_deref()
        && !item.categories.is_empty()
        && !item.categories.iter().any(|c| c == category)
    {
        return Some(format!("{id} does not apply to {category}"));
    }
    let fits = matches!(
        (leniency.kind, item.list),
        (LeniencyKind::Lighter, LeniencyList::Lighter)
            | (LeniencyKind::Mitigated, LeniencyList::Mitigated)
    );
    (!fits).then(|| match item.list {
        LeniencyList::NoPenalty => {
            format!("{id} is on the no-penalty list: the conduct is not penalised")
        }
        other => format!(
            "{id} is on the {other:?} list, not one for {:?}",
            leniency.kind
        ),
    })
}

fn one_fine(state: &CaseState, candidate: &CaseRecord) -> Option<String> {
    let penalty = ordinary_penalty(candidate)?;
    let earlier = state.already_fined_by.as_deref()?;
    (penalty.fine_fen > 0).then(|| {
        format!("decision {earlier} already fined the party for the same act; no second fine")
    })
}

fn higher_norm(_: &CaseState, candidate: &CaseRecord) -> Option<String> {
    let penalty = match &candidate.body {
        RecordBody::SummaryPenalty(b) => &b.penalty,
        _ => ordinary_penalty(candidate)?,
    };
    let norms = &penalty.breached_norms;
    if penalty.fine_fen == 0 || norms.len() < 2 {
        return None;
    }
    let applied: Vec<&FineNorm> = norms.iter().filter(|n| n.applied).collect();
    let [applied] = applied[..] else {
        return Some(format!(
            "the act breaches {} provisions with fines and {} is marked as the one applied; exactly one is",
            norms.len(),
            applied.len()
        ));
    };
    let highest = norms.iter().max_by_key(|n| n.max_fine_fen)?;
    (highest.max_fine_fen > applied.max_fine_fen).then(|| {
        format!(
            "fined under {} (up to {} fen) while {} (up to {} fen) is breached too",
            applied.law, applied.max_fine_fen, highest.law, highest.max_fine_fen
        )
    })
}
