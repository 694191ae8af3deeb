//! Masking of personal data in what a unit publishes, with the rules as data per unit.
//!
//! Sources: Zhejiang's interim measures on publishing penalty results (Arts. 5, 7–9: hide home
//! addresses, contact details, ID numbers and bank accounts; publish a natural person's name
//! only as far as the law allows) and 法释〔2016〕19号 Arts. 8–9 (keep the surname and write the
//! given name as 某). A natural person's name keeps its surname, a compound surname (复姓)
//! whole; every other character of the name becomes `*` (or the whole given name one `某`).
//! Masking is idempotent: masked text masked again is unchanged.

use serde::{Deserialize, Serialize};

/// Compound surnames (复姓) kept whole: the common ones of 《百家姓》 and current registers.
/// A unit adds others through [`MaskingRules::compound_surnames`].
pub const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "西门", "南宫", "独孤", "端木", "申屠", "太史", "公羊", "澹台", "公冶",
    "宗政", "濮阳", "淳于", "单于", "太叔", "仲孙", "钟离", "闻人", "赫连", "万俟", "司空", "呼延",
    "百里", "东郭", "拓跋", "第五", "羊舌", "微生", "梁丘", "左丘", "东门", "谷梁", "乐正", "漆雕",
    "壤驷", "公良", "段干", "司寇", "巫马", "公西", "颛孙", "子车", "亓官", "鲜于", "闾丘", "公户",
    "南门", "呼衍",
];

/// The character that replaces each hidden character.
pub const MASK: char = '*';

/// How a natural person's name is published.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameRule {
    /// The surname and one `*` per other character: 张*, 欧阳**.
    #[default]
    Surname,
    /// The surname and 某: 张某, 欧阳某 (as courts publish judgments).
    SurnameMou,
    /// Not at all: `***`.
    Hidden,
}

/// How a number (identity document, phone) or an address is published.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DetailRule {
    /// Left out of the notice, and written `***` where it appears in free text.
    #[default]
    Hidden,
    /// Only its first and last characters kept (an ID number 4 and 4, a phone 3 and 4, an
    /// address its first 6), the rest `*`.
    KeepEnds,
}

/// A unit's masking rules. Unknown members and unknown rule names are refused, so a typo
/// never publishes what it meant to hide.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaskingRules {
    #[serde(default)]
    pub person_name: NameRule,
    #[serde(default)]
    pub id_number: DetailRule,
    #[serde(default)]
    pub phone: DetailRule,
    /// A natural person's address (an organisation's registered address is public).
    #[serde(default)]
    pub address: DetailRule,
    /// Compound surnames besides [`COMPOUND_SURNAMES`] (e.g. local or minority surnames).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compound_surnames: Vec<String>,
}

impl MaskingRules {
    /// A natural person's name as published: see [`NameRule`]. A one-character name keeps it
    /// and gains one `*`, so that nobody can tell a masked name from a short one.
    pub fn mask_name(&self, name: &str) -> String {
        let chars: Vec<char> = name.trim().chars().collect();
        if chars.is_empty() {
            return String::new();
        }
        if self.person_name == NameRule::Hidden {
            return "***".to_owned();
        }
        let surname_len = if chars.len() > 2 && self.is_compound(&chars[..2]) {
            2
        } else {
            1
        };
        let surname: String = chars[..surname_len].iter().collect();
        let given = (chars.len() - surname_len).max(1);
        match self.person_name {
            NameRule::SurnameMou => format!("{surname}某"),
            _ => format!("{surname}{}", MASK.to_string().repeat(given)),
        }
    }

    fn is_compound(&self, first_two: &[char]) -> bool {
        let first_two: String = first_two.iter().collect();
        COMPOUND_SURNAMES.contains(&first_two.as_str())
            || self.compound_surnames.contains(&first_two)
    }

    /// An identity document's number as published, `None` when the rule hides it.
    pub fn mask_id_number(&self, number: &str) -> Option<String> {
        keep_ends(self.id_number, number, 4, 4)
    }

    /// A phone number as published, `None` when the rule hides it.
    pub fn mask_phone(&self, phone: &str) -> Option<String> {
        keep_ends(self.phone, phone, 3, 4)
    }

    /// A natural person's address as published, `None` when the rule hides it.
    pub fn mask_address(&self, address: &str) -> Option<String> {
        keep_ends(self.address, address, 6, 0)
    }

    /// Free text (facts, legal basis) as published: every `known` string (the party's name,
    /// numbers and address) replaced by its masked form, then every resident ID number
    /// (GB 11643, check digit verified) and mainland mobile number left in it masked too.
    pub fn mask_text(&self, text: &str, known: &KnownPersonalData) -> String {
        let mut masked = text.to_owned();
        // Longest first, so a name inside an address is not masked before the address.
        let mut replacements: Vec<(&str, String)> = Vec::new();
        let hidden = || "***".to_owned();
        if let Some(address) = known.address.as_deref() {
            replacements.push((address, self.mask_address(address).unwrap_or_else(hidden)));
        }
        if let Some(number) = known.id_number.as_deref() {
            replacements.push((number, self.mask_id_number(number).unwrap_or_else(hidden)));
        }
        if let Some(phone) = known.phone.as_deref() {
            replacements.push((phone, self.mask_phone(phone).unwrap_or_else(hidden)));
        }
        for name in &known.names {
            replacements.push((name, self.mask_name(name)));
        }
        replacements.retain(|(from, _)| !from.trim().is_empty());
        replacements.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
        for (from, to) in replacements {
            masked = replace_unmasked(&masked, from.trim(), &to);
        }
        mask_numbers(self, &masked)
    }
}

/// `text` with every occurrence of `from` replaced by `to`, except where `to` already stands:
/// a masked form may begin with what it masks (a one-character name keeps its surname, `X` →
/// `X*`), and masking text that was masked before must change nothing.
fn replace_unmasked(text: &str, from: &str, to: &str) -> String {
    if from.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        out.push_str(&rest[..at]);
        let here = &rest[at..];
        out.push_str(to);
        let replaced = if here.starts_with(to) { to } else { from };
        rest = &here[replaced.len()..];
    }
    out.push_str(rest);
    out
}

/// The personal data of a case that free text may repeat.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownPersonalData {
    /// Names of natural persons.
    pub names: Vec<String>,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

fn keep_ends(rule: DetailRule, text: &str, first: usize, last: usize) -> Option<String> {
    match rule {
        DetailRule::Hidden => None,
        DetailRule::KeepEnds => {
            let chars: Vec<char> = text.trim().chars().collect();
            if chars.len() <= first + last {
                return Some(MASK.to_string().repeat(chars.len().max(1)));
            }
            let middle = chars.len() - first - last;
            let mut out: String = chars[..first].iter().collect();
            out.extend(std::iter::repeat_n(MASK, middle));
            out.extend(&chars[chars.len() - last..]);
            Some(out)
        }
    }
}

/// Whether `candidate` is a resident identity number of GB 11643-1999: 17 digits and an
/// ISO 7064 MOD 11-2 check character (a digit or `X`).
pub fn is_resident_id(candidate: &str) -> bool {
    let bytes = candidate.as_bytes();
    if bytes.len() != 18 || !bytes[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let sum: u32 = bytes[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(digit, weight)| u32::from(digit - b'0') * weight)
        .sum();
    bytes[17].to_ascii_uppercase() == CHECK[(sum % 11) as usize]
}

/// Masks resident ID numbers and mobile numbers standing alone (not inside a longer run of
/// digits) in `text`.
fn mask_numbers(rules: &MaskingRules, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..start]);
        let run = &rest[start..];
        let mut end = run.find(|c: char| !c.is_ascii_digit()).unwrap_or(run.len());
        // An ID number's check character may be X.
        if end == 17 && run[end..].starts_with(['X', 'x']) {
            end += 1;
        }
        let number = &run[..end];
        let is_mobile = number.len() == 11
            && number.starts_with('1')
            && matches!(number.as_bytes()[1], b'3'..=b'9');
        if is_resident_id(number) {
            out.push_str(&rules.mask_id_number(number).unwrap_or_else(|| "***".into()));
        } else if is_mobile {
            out.push_str(&rules.mask_phone(number).unwrap_or_else(|| "***".into()));
        } else {
            out.push_str(number);
        }
        rest = &run[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(rules: &MaskingRules, name: &str, expected: &str) {
        assert_eq!(rules.mask_name(name), expected, "{name}");
    }

    #[test]
    fn names() {
        let rules = MaskingRules::default();
        check(&rules, "张三", "张*");
        check(&rules, "张三丰", "张**");
        check(&rules, "欧阳修", "欧阳*");
        check(&rules, "欧阳娜娜", "欧阳**");
        check(&rules, "欧阳", "欧*");
        check(&rules, "张", "张*");
        check(&rules, "买买提·艾力", "买*****");
        let mou = MaskingRules {
            person_name: NameRule::SurnameMou,
            ..MaskingRules::default()
        };
        check(&mou, "诸葛亮", "诸葛某");
        check(&mou, "李四", "李某");
        let local = MaskingRules {
            compound_surnames: vec!["爱新".into()],
            ..MaskingRules::default()
        };
        check(&local, "爱新觉罗", "爱新**");
    }

    #[test]
    fn numbers_in_text() {
        let rules = MaskingRules::default();
        // 11010519491231002X is the standard's own example number.
        assert!(is_resident_id("11010519491231002X"));
        assert!(!is_resident_id("110105194912310021"));
        let text = "当事人身份证号11010519491231002X，电话13812345678，单号123456789012345678。";
        assert_eq!(
            rules.mask_text(text, &KnownPersonalData::default()),
            "当事人身份证号***，电话***，单号123456789012345678。"
        );
        let ends = MaskingRules {
            id_number: DetailRule::KeepEnds,
            phone: DetailRule::KeepEnds,
            ..MaskingRules::default()
        };
        assert_eq!(
            ends.mask_text(text, &KnownPersonalData::default()),
            "当事人身份证号1101**********002X，电话138****5678，单号123456789012345678。"
        );
    }

    #[test]
    fn known_data_in_text() {
        let rules = MaskingRules::default();
        let known = KnownPersonalData {
            names: vec!["王小明".into()],
            id_number: Some("A1234567".into()),
            phone: Some("0571-8888".into()),
            address: Some("杭州市西湖区王小明路1号".into()),
        };
        assert_eq!(
            rules.mask_text(
                "王小明（证件A1234567，0571-8888）住杭州市西湖区王小明路1号",
                &known
            ),
            "王**（证件***，***）住***"
        );
    }
}
