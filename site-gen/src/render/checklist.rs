//! The documents of a procedure in the order a citizen needs them: what everyone brings
//! first, then the documents needed only in some cases (recognised from the record's own
//! wording, "Trường hợp …", "Nếu …", "Đối với …", "… trong trường hợp …"), then the notes.
//! One ordering for the procedure page, its printed checklist and the widget's panel.

use catalog::fold::{fold, split_words};
use catalog::{DossierItem, DossierKind, Procedure};

/// One document to bring, where it stands in the record, and when it is needed.
pub struct Doc<'a> {
    pub kind: DossierKind,
    /// The group's heading in the source ("Trường hợp 2: Đối với trẻ em dưới 6 tuổi"),
    /// always shown: it may be all that says when the group's documents are needed.
    pub group_title: Option<&'a str>,
    /// The group's heading names a case: its documents come after everyone's.
    pub in_case_group: bool,
    pub item: &'a DossierItem,
    /// The document's text without the portal's leading bullet ("- ", "+ ").
    pub text: &'a str,
    /// `Some` for a document needed only in some cases: the case in the record's words when
    /// it is short enough to be a heading ("trẻ em bị bỏ rơi"), else empty.
    pub condition: Option<String>,
    /// A stable id for the tick box: `hs-<group>-<item>`, counted from 1.
    pub id: String,
}

pub struct Checklist<'a> {
    /// Needed by everyone: documents to submit, those the source does not classify, then
    /// those to show.
    pub always: Vec<Doc<'a>>,
    pub conditional: Vec<Doc<'a>>,
    /// Notes between the documents and the record's "Lưu ý", without bullets.
    pub notes: Vec<&'a str>,
}

/// The order of kinds among the documents everyone brings: an untitled group of the portal
/// often holds the declaration form, so it comes before what is only shown.
fn kind_rank(kind: DossierKind) -> u8 {
    match kind {
        DossierKind::Submit => 0,
        DossierKind::Other => 1,
        DossierKind::Show => 2,
        DossierKind::Notes => 3,
    }
}

pub fn order(p: &Procedure) -> Checklist<'_> {
    let mut list = Checklist {
        always: Vec::new(),
        conditional: Vec::new(),
        notes: Vec::new(),
    };
    for (g, group) in p.dossier.iter().enumerate() {
        let title = group.title.as_deref().filter(|t| says_more(t));
        let in_case_group = title.and_then(condition).is_some();
        // A group of notes only keeps its heading among the notes.
        if let Some(title) = title.filter(|_| group.items.iter().all(|i| i.document.is_none())) {
            list.notes.push(without_bullet(title));
        }
        for (n, item) in group.items.iter().enumerate() {
            match (&item.document, &item.note) {
                (Some(document), _) => {
                    let text = without_bullet(document);
                    let doc = Doc {
                        kind: group.kind,
                        group_title: title,
                        in_case_group,
                        item,
                        text,
                        condition: condition(text),
                        id: format!("hs-{}-{}", g + 1, n + 1),
                    };
                    if doc.condition.is_some() {
                        list.conditional.push(doc);
                    } else {
                        list.always.push(doc);
                    }
                }
                // A note's "+ " marks a sub-point of the note before it: kept.
                (None, Some(note)) => list
                    .notes
                    .push(note.trim_start_matches(['-', '*', '•', ' '])),
                (None, None) => {}
            }
        }
    }
    // Stable: the record's order is kept within each kind.
    list.always
        .sort_by_key(|d| (kind_rank(d.kind), d.in_case_group));
    list.conditional.sort_by_key(|d| kind_rank(d.kind));
    list
}

/// The portal's generic group headings, folded: they say no more than the kind's own heading.
const GENERIC_HEADINGS: [&str; 3] = ["giay to phai nop", "giay to phai xuat trinh", "luu y"];

/// Whether a group's heading in the source says more than its kind's heading
/// ("* Giấy tờ phải nộp:" does not; "Trường hợp 2: Đối với trẻ em dưới 6 tuổi" does).
fn says_more(title: &str) -> bool {
    let plain = fold(without_bullet(title).trim_end_matches([':', ' ', '.']));
    !plain.is_empty() && !GENERIC_HEADINGS.contains(&plain.as_str())
}

/// The text without the portal's list notation at its start: "- ", "+ ", "* ", "• ".
pub fn without_bullet(text: &str) -> &str {
    text.trim_start_matches(|c: char| matches!(c, '-' | '+' | '*' | '•') || c.is_whitespace())
}

/// Words that open a condition, as folded words.
const OPENERS: [&[&str]; 4] = [
    &["truong", "hop"],
    &["trong", "truong", "hop"],
    &["neu"],
    &["doi", "voi"],
];

/// Words that end a condition's case and start what it requires: "… thì phải có …".
const CLOSERS: [&str; 3] = ["thi", "phai", "can"];

/// A condition heading longer than this many words is left to the text itself.
const MAX_CONDITION_WORDS: usize = 12;

/// `Some` when the document is needed only in some case: the text starts with a condition
/// opener, or says "trong trường hợp" after its first word. The case itself is returned
/// when it reads as a short heading.
pub fn condition(text: &str) -> Option<String> {
    let words = split_words(text);
    let folded: Vec<&str> = words.iter().map(|w| w.folded.as_str()).collect();
    let at = |i: usize, opener: &[&str]| folded.get(i..i + opener.len()) == Some(opener);
    let (start, len) = OPENERS
        .iter()
        .find(|o| at(0, o))
        .map(|o| (0, o.len()))
        .or_else(|| {
            (1..folded.len())
                .find(|&i| at(i, OPENERS[1]))
                .map(|i| (i, OPENERS[1].len()))
        })?;
    let first = start + len;
    let Some(from) = words.get(first).map(|w| w.start) else {
        return Some(String::new());
    };
    let mut end = text.len();
    if let Some(w) = words[first..]
        .iter()
        .find(|w| CLOSERS.contains(&w.folded.as_str()))
    {
        end = w.start;
    }
    if let Some(p) = text[from..].find([',', ';', '.', '(', ')', ':']) {
        end = end.min(from + p);
    }
    let case = text[from..end].trim();
    let n = split_words(case).len();
    Some(if n == 0 || n > MAX_CONDITION_WORDS {
        String::new()
    } else {
        case.to_string()
    })
}

/// A document's name for the summary: up to its first ";" or "(", which start the
/// alternatives and explanations ("Giấy chứng sinh; trường hợp không có …").
/// A name still longer than [`SHORT_WORDS`] words is cut there, with an ellipsis.
pub fn short_name(text: &str) -> String {
    let end = text.find([';', '(']).unwrap_or(text.len());
    let name = text[..end].trim().trim_end_matches([',', ':', '.']);
    match split_words(name).get(SHORT_WORDS) {
        Some(w) => format!(
            "{}…",
            name[..w.start].trim_end().trim_end_matches([',', '/'])
        ),
        None => name.to_string(),
    }
}

/// See [`short_name`].
const SHORT_WORDS: usize = 10;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_conditions_from_the_record_wording() {
        assert_eq!(
            condition("Trường hợp trẻ em bị bỏ rơi thì phải có biên bản về việc trẻ bị bỏ rơi.")
                .as_deref(),
            Some("trẻ em bị bỏ rơi")
        );
        assert_eq!(
            condition("Văn bản ủy quyền (được chứng thực) theo quy định của pháp luật trong trường hợp ủy quyền thực hiện việc đăng ký khai sinh. Trường hợp khác")
                .as_deref(),
            Some("ủy quyền thực hiện việc đăng ký khai sinh")
        );
        assert_eq!(
            condition("Nếu là người nước ngoài thì nộp hộ chiếu").as_deref(),
            Some("là người nước ngoài")
        );
        assert_eq!(condition("Đối với").as_deref(), Some(""));
        // The everyday documents are not conditional, even when they mention a case.
        assert_eq!(
            condition("Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản"),
            None
        );
        assert_eq!(
            condition("Tờ khai đăng ký khai sinh theo mẫu (nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tiếp)"),
            None
        );
        assert_eq!(condition(""), None);
    }

    #[test]
    fn short_names_and_bullets() {
        assert_eq!(
            short_name("Giấy chứng sinh; trường hợp không có"),
            "Giấy chứng sinh"
        );
        assert_eq!(short_name("Tờ khai (mẫu)"), "Tờ khai");
        assert_eq!(
            short_name(
                "Hộ chiếu/Thẻ căn cước công dân/Thẻ căn cước/Căn cước điện tử/Giấy chứng nhận"
            ),
            "Hộ chiếu/Thẻ căn cước công dân/Thẻ căn cước…"
        );
        assert_eq!(without_bullet("- + Bản chính"), "Bản chính");
    }
}
