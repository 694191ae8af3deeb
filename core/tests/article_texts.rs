//! Every statute text quoted in custos-core's comments is the law's own wording, pinned here so
//! a later edit cannot drift from it: each quote, with the article it is attributed to, must
//! appear in the source file as written, must be a part of that article's text in
//! tests/vectors/statutes.json (the official texts of the 2021 行政处罚法, the 行政强制法 and the
//! transfer regulation as revised in 2020), and every quote of a statute in the sources must be
//! listed here. Quotes of other laws are listed apart, unchecked.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

const APL: &str = "中华人民共和国行政处罚法";
const ACL: &str = "中华人民共和国行政强制法";
const TRF: &str = "行政执法机关移送涉嫌犯罪案件的规定";

/// (file under core/, law, article, quote). A quote leaving words out marks the gap with
/// "……"; each part must be in the article, in order.
const QUOTES: &[(&str, &str, &str, &str)] = &[
    (
        "src/rules/collection.rs",
        APL,
        "第六十八条",
        "依法给予一百元以下罚款的",
    ),
    (
        "src/rules/collection.rs",
        APL,
        "第七十一条",
        "应当自收缴罚款之日起二日内，交至行政机关",
    ),
    (
        "src/rules/collection.rs",
        APL,
        "第六十七条",
        "除依照本法第六十八条、第六十九条的规定当场收缴的罚款外，作出行政处罚决定的行政机关及其执法人员不得自行收缴罚款。",
    ),
    (
        "src/rules/collection.rs",
        APL,
        "第七十条",
        "当场收缴罚款的，必须向当事人出具……统一制发的专用票据",
    ),
    (
        "src/rules/collection.rs",
        APL,
        "第七十二条",
        "到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额",
    ),
    (
        "src/rules/compulsion.rs",
        ACL,
        "第十八条",
        "实施前须向行政机关负责人报告并经批准",
    ),
    (
        "src/rules/compulsion.rs",
        ACL,
        "第十九条",
        "情况紧急，需要当场实施行政强制措施的，行政执法人员应当在二十四小时内向行政机关负责人报告，并补办批准手续。",
    ),
    (
        "src/rules/compulsion.rs",
        ACL,
        "第十八条",
        "现场笔录由当事人和行政执法人员签名或者盖章，当事人拒绝的，在笔录中予以注明",
    ),
    (
        "src/rules/compulsion.rs",
        ACL,
        "第十八条",
        "当事人不到场的，邀请见证人到场，由见证人和行政执法人员在现场笔录上签名或者盖章",
    ),
    (
        "src/rules/compulsion.rs",
        ACL,
        "第二十四条",
        "制作并当场交付查封、扣押决定书和清单",
    ),
    (
        "src/rules/compulsion.rs",
        ACL,
        "第二十五条",
        "查封、扣押的期限不得超过三十日；情况复杂的，经行政机关负责人批准，可以延长，但是延长期限不得超过三十日。",
    ),
    (
        "src/rules/compulsion.rs",
        ACL,
        "第二十五条",
        "延长查封、扣押的决定应当及时书面告知当事人，并说明理由。",
    ),
    (
        "src/rules/compulsion.rs",
        ACL,
        "第二十五条",
        "检测、检验、检疫或者技术鉴定的期间应当明确，并书面告知当事人。",
    ),
    (
        "src/rules/compulsion.rs",
        ACL,
        "第二十七条",
        "……应当解除查封、扣押的，作出解除查封、扣押的决定。",
    ),
    (
        "src/rules/context.rs",
        APL,
        "第四十二条",
        "法律另有规定的除外",
    ),
    (
        "src/rules/context.rs",
        APL,
        "第三十六条",
        "法律另有规定的除外",
    ),
    ("src/rules/context.rs", APL, "第五十四条", "及时立案"),
    (
        "src/rules/context.rs",
        APL,
        "第三十六条",
        "法律另有规定的除外",
    ),
    (
        "src/rules/deadlines.rs",
        APL,
        "第六十条",
        "法律、法规、规章另有规定的，从其规定",
    ),
    (
        "src/rules/defence.rs",
        APL,
        "第四十五条",
        "行政机关必须充分听取当事人的意见，对当事人提出的事实、理由和证据，应当进行复核",
    ),
    (
        "src/rules/device.rs",
        APL,
        "第四十一条",
        "应当经过法制和技术审核，确保电子技术监控设备符合标准、设置合理、标志明显，设置地点应当向社会公布。",
    ),
    (
        "src/rules/device.rs",
        APL,
        "第四十一条",
        "行政机关应当审核记录内容是否符合要求；未经审核或者经审核不符合要求的，不得作为行政处罚的证据。",
    ),
    (
        "src/rules/device.rs",
        APL,
        "第四十一条",
        "行政机关应当及时告知当事人违法事实，并采取信息化手段或者其他措施，为当事人查询、陈述和申辩提供便利。",
    ),
    (
        "src/rules/discretion.rs",
        APL,
        "第三十四条",
        "行政机关可以依法制定行政处罚裁量基准，规范行使行政处罚裁量权",
    ),
    (
        "src/rules/document.rs",
        APL,
        "第五十九条",
        "行政处罚决定书应当载明下列事项：（一）当事人的姓名或者名称、地址；（二）违反法律、法规、规章的事实和证据；（三）行政处罚的种类和依据；（四）行政处罚的履行方式和期限；（五）申请行政复议、提起行政诉讼的途径和期限；（六）作出行政处罚决定的行政机关名称和作出决定的日期。行政处罚决定书必须盖有作出行政处罚决定的行政机关的印章。",
    ),
    (
        "src/rules/evidence.rs",
        APL,
        "第四十六条",
        "证据必须经查证属实，方可作为认定案件事实的根据。",
    ),
    (
        "src/rules/evidence.rs",
        APL,
        "第五十五条",
        "询问或者检查应当制作笔录。",
    ),
    (
        "src/rules/fines.rs",
        APL,
        "第三十八条",
        "行政处罚没有依据或者实施主体不具有行政主体资格的，行政处罚无效。",
    ),
    (
        "src/rules/fines.rs",
        APL,
        "第五十二条",
        "应当载明当事人的违法行为，行政处罚的种类和依据",
    ),
    (
        "src/rules/fines.rs",
        APL,
        "第七十六条",
        "擅自改变行政处罚种类、幅度的",
    ),
    (
        "src/rules/fines.rs",
        APL,
        "第三十二条",
        "当事人有下列情形之一，应当从轻或者减轻行政处罚",
    ),
    (
        "src/rules/fines.rs",
        APL,
        "第三十三条",
        "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。初次违法且危害后果轻微并及时改正的，可以不予行政处罚。",
    ),
    (
        "src/rules/fines.rs",
        APL,
        "第二十九条",
        "对当事人的同一个违法行为，不得给予两次以上罚款的行政处罚。",
    ),
    (
        "src/rules/fines.rs",
        APL,
        "第二十九条",
        "同一个违法行为违反多个法律规范应当给予罚款处罚的，按照罚款数额高的规定处罚。",
    ),
    (
        "src/rules/limitation.rs",
        APL,
        "第三十六条",
        "违法行为在二年内未被发现的，不再给予行政处罚；涉及公民生命健康安全、金融安全且有危害后果的，上述期限延长至五年。法律另有规定的除外。前款规定的期限，从违法行为发生之日起计算；违法行为有连续或者继续状态的，从行为终了之日起计算。",
    ),
    (
        "src/rules/limitation.rs",
        APL,
        "第五十四条",
        "符合立案标准的，行政机关应当及时立案。",
    ),
    (
        "src/rules/limitation.rs",
        APL,
        "第七十六条",
        "行政机关对符合立案标准的案件不及时立案的，依照前款规定予以处理。",
    ),
    (
        "src/rules/officers.rs",
        APL,
        "第四十二条",
        "执法人员不得少于两人，法律另有规定的除外",
    ),
    (
        "src/rules/officers.rs",
        APL,
        "第五十五条",
        "执法人员在调查或者进行检查时，应当主动向当事人或者有关人员出示执法证件",
    ),
    (
        "src/rules/officers.rs",
        APL,
        "第四十二条",
        "行政处罚应当由具有行政执法资格的执法人员实施",
    ),
    (
        "src/rules/officers.rs",
        APL,
        "第四十三条",
        "决定作出之前，不停止调查",
    ),
    (
        "src/rules/review.rs",
        APL,
        "第四十条",
        "违法事实不清、证据不足的，不得给予行政处罚。",
    ),
    ("src/rules/summary.rs", APL, "第五十一条", "以下"),
    (
        "src/rules/transfer.rs",
        TRF,
        "第五条",
        "行政执法机关正职负责人或者主持工作的负责人应当自接到报告之日起3日内作出批准移送或者不批准移送的决定。",
    ),
    (
        "src/rules/transfer.rs",
        TRF,
        "第五条",
        "决定批准的，应当在24小时内向同级公安机关移送",
    ),
    (
        "src/rules/transfer.rs",
        TRF,
        "第五条",
        "立即指定2名或者2名以上行政执法人员组成专案组专门负责，核实情况后提出移送涉嫌犯罪案件的书面报告",
    ),
    (
        "src/rules/transfer.rs",
        TRF,
        "第五条",
        "决定不批准的，应当将不予批准的理由记录在案",
    ),
    (
        "src/rules/transfer.rs",
        APL,
        "第二十七条",
        "违法行为涉嫌犯罪的，行政机关应当及时将案件移送司法机关，依法追究刑事责任。",
    ),
    (
        "src/rules/transfer.rs",
        TRF,
        "第十二条",
        "行政执法机关对公安机关决定立案的案件，应当自接到立案通知书之日起3日内将涉案物品以及与案件有关的其他材料移交公安机关，并办结交接手续",
    ),
    (
        "src/lifecycle/body/investigation.rs",
        APL,
        "第六十条",
        "法律、法规、规章另有规定的，从其规定",
    ),
    (
        "src/lifecycle/body/decision.rs",
        APL,
        "第六十九条",
        "经当事人提出",
    ),
    ("src/lifecycle/state/mod.rs", APL, "第三十六条", "未被发现"),
    (
        "tests/rules/review.rs",
        APL,
        "第五十八条",
        "直接关系当事人或者第三人重大权益，经过听证程序的",
    ),
];

/// Quoted Chinese text in the sources that is not checked against the three laws: the other
/// laws' periods Art. 59's remedies rest on (行政复议法 Art. 20, 行政诉讼法 Art. 46), whose texts
/// are not in statutes.json, and a test's device name.
const UNCHECKED: &[(&str, &str)] = &[
    (
        "src/rules/document.rs",
        "可以自知道或者应当知道该行政行为之日起六十日内提出行政复议申请；但是法律规定的申请期限超过六十日的除外",
    ),
    (
        "src/rules/document.rs",
        "应当自知道或者应当知道作出行政行为之日起六个月内提出",
    ),
    ("tests/rules/device.rs", "卡口-1"),
];

fn core_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Characters of Chinese text: a comment line breaking between two of them joins without a
/// space.
fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || "，。；：、（）“”《》〈〉…".contains(c)
}

/// The comments of a Rust source, each run of comment lines joined into one text.
fn comment_texts(source: &str) -> Vec<String> {
    let mut texts = Vec::new();
    let mut current: Option<String> = None;
    for line in source.lines() {
        let trimmed = line.trim_start();
        let Some(rest) = trimmed.strip_prefix("//") else {
            texts.extend(current.take());
            continue;
        };
        let rest = rest
            .strip_prefix('/')
            .or_else(|| rest.strip_prefix('!'))
            .unwrap_or(rest)
            .trim();
        match &mut current {
            None => current = Some(rest.to_owned()),
            Some(text) => {
                let joins = text.chars().last().is_some_and(is_cjk)
                    || rest.chars().next().is_some_and(is_cjk);
                if !joins {
                    text.push(' ');
                }
                text.push_str(rest);
            }
        }
    }
    texts.extend(current);
    texts
}

/// The double-quoted parts of the comments of `file` that contain Chinese.
fn quotes_in(file: &Path) -> Vec<String> {
    let source = std::fs::read_to_string(file).unwrap();
    comment_texts(&source)
        .iter()
        .flat_map(|text| {
            text.split('"')
                .skip(1)
                .step_by(2)
                .filter(|q| q.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn statutes() -> Value {
    let text = std::fs::read_to_string(core_dir().join("tests/vectors/statutes.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn every_quote_is_part_of_the_article_it_cites() {
    let statutes = statutes();
    let mut wrong = Vec::new();
    for (file, law, article, quote) in QUOTES {
        let Some(text) = statutes["articles"][law][article].as_str() else {
            wrong.push(format!("{file}: {law} {article} is not in statutes.json"));
            continue;
        };
        // Paragraphs and items are one per line there; a quote runs across them.
        let text = text.replace('\n', "");
        let mut from = 0;
        for part in quote.split("……").filter(|p| !p.is_empty()) {
            match text[from..].find(part) {
                Some(at) => from += at + part.len(),
                None => {
                    wrong.push(format!("{file}: \"{part}\" is not in {law} {article}"));
                    break;
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_pinned_quote_is_in_its_source() {
    let mut missing = Vec::new();
    for (file, _, article, quote) in QUOTES {
        if !quotes_in(&core_dir().join(file)).iter().any(|q| q == quote) {
            missing.push(format!("{file} no longer quotes {article}: \"{quote}\""));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

#[test]
fn every_quote_in_the_sources_is_pinned() {
    let mut files = Vec::new();
    for dir in ["src", "tests"] {
        rust_files(&core_dir().join(dir), &mut files);
    }
    let pinned: BTreeSet<(&str, &str)> = QUOTES
        .iter()
        .map(|(file, _, _, quote)| (*file, *quote))
        .chain(UNCHECKED.iter().copied())
        .collect();
    let mut unpinned = Vec::new();
    for path in files {
        let file = path
            .strip_prefix(core_dir())
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        if file == "tests/article_texts.rs" {
            continue;
        }
        for quote in quotes_in(&path) {
            if !pinned.contains(&(file.as_str(), quote.as_str())) {
                unpinned.push(format!("{file}: \"{quote}\""));
            }
        }
    }
    assert!(
        unpinned.is_empty(),
        "quotes not pinned in tests/article_texts.rs:\n{}",
        unpinned.join("\n")
    );
}

/// The 2020 revision of the transfer regulation reworded Art. 12's handover: 办结, not the 2001
/// text's 办理. The rule's message follows the quote.
#[test]
fn the_handover_rule_says_what_art_12_says() {
    let rule = custos_core::rules::RULES
        .iter()
        .find(|r| r.id == "TRF-12-handover-3-days")
        .unwrap();
    let article = statutes()["articles"][TRF]["第十二条"]
        .as_str()
        .unwrap()
        .to_owned();
    let message = rule.message_zh.strip_prefix("对").unwrap();
    assert!(article.contains(message), "{message}");
    assert!(!rule.message_zh.contains("办理交接手续"));
}
