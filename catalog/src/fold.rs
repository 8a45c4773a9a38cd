//! Vietnamese text folding: "Đăng ký" and "dang ky" compare equal.
//!
//! A small table instead of `unicode-normalization`: that crate adds about 79 KB gzip to the
//! wasm widget, and Vietnamese needs only its own letters. Combining marks are dropped, so NFD
//! input folds the same as NFC.

/// Every Vietnamese letter with a mark, grouped by the base letter it folds to.
const GROUPS: [(char, &str); 6] = [
    ('a', "àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"),
    ('e', "èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ"),
    ('i', "ìíỉĩịÌÍỈĨỊ"),
    ('o', "òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"),
    ('u', "ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ"),
    ('y', "ỳýỷỹỵỲÝỶỸỴ"),
];

/// Lowercase for ASCII and Vietnamese letters, without the Unicode case tables (about 10 KB
/// of the wasm widget). In each of [`GROUPS`] the capitals follow the small letters in the
/// same order. Other characters are returned as they are.
pub fn lower_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if c == 'Đ' {
        return 'đ';
    }
    for (_, letters) in GROUPS {
        if let Some(pos) = letters.chars().position(|l| l == c) {
            let half = letters.chars().count() / 2;
            return if pos >= half {
                letters.chars().nth(pos - half).unwrap_or(c)
            } else {
                c
            };
        }
    }
    c
}

/// Folds one character to lowercase ASCII where it is a Vietnamese letter; `None` for a
/// combining mark, which folding drops.
pub fn fold_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    match c {
        // đ, Đ, and the look-alike Icelandic Ð and African Ɖ that keyboards sometimes produce.
        'đ' | 'Đ' | 'Ð' | 'ð' | 'Ɖ' | 'ɖ' => return Some('d'),
        '\u{0300}'..='\u{036f}' => return None,
        _ => {}
    }
    for (base, letters) in GROUPS {
        if letters.contains(c) {
            return Some(base);
        }
    }
    Some(lower_char(c))
}

/// Lowercase, without tone or vowel marks, đ as d.
pub fn fold(text: &str) -> String {
    text.chars().filter_map(fold_char).collect()
}

/// A word of a text: its byte range in the original, its folded form, and its lowercase form
/// with marks (to tell whether a user's accents match exactly).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub folded: String,
    pub lower: String,
}

/// The words of `text`: runs of letters and digits; a dot between digits stays inside, so a
/// code such as `2.000815` is one word.
pub fn split_words(text: &str) -> Vec<Word> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut current: Option<Word> = None;
    for (i, &(at, c)) in chars.iter().enumerate() {
        let end = at + c.len_utf8();
        let folded = fold_char(c);
        let digit_dot = c == '.'
            && i > 0
            && chars[i - 1].1.is_ascii_digit()
            && chars.get(i + 1).is_some_and(|n| n.1.is_ascii_digit());
        match folded {
            // A combining mark belongs to the word it follows.
            None => {
                if let Some(w) = current.as_mut() {
                    w.end = end;
                    w.lower.push(c);
                }
            }
            Some(f) if f.is_alphanumeric() || digit_dot => {
                let w = current.get_or_insert_with(|| Word {
                    start: at,
                    end,
                    folded: String::new(),
                    lower: String::new(),
                });
                w.end = end;
                w.folded.push(f);
                w.lower.push(lower_char(c));
            }
            Some(_) => out.extend(current.take()),
        }
    }
    out.extend(current);
    out
}

/// The folded words of `text`.
pub fn words(text: &str) -> Vec<String> {
    split_words(text).into_iter().map(|w| w.folded).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_every_spelling_of_birth_registration() {
        for q in [
            "dang ky khai sinh",
            "Đăng ký khai sinh",
            "DANG KY KHAI SINH",
            "ĐĂNG KÝ KHAI SINH",
            "Ðăng ký khai sinh",
            // NFD: a + combining breve, y + combining acute.
            "Đa\u{0306}ng ky\u{0301} khai sinh",
        ] {
            assert_eq!(fold(q), "dang ky khai sinh", "{q}");
        }
    }

    #[test]
    fn every_vietnamese_vowel_folds_to_ascii() {
        for (base, letters) in GROUPS {
            for c in letters.chars() {
                assert_eq!(fold_char(c), Some(base), "{c}");
            }
        }
        assert_eq!(fold("đĐ"), "dd");
    }

    #[test]
    fn lowercase_agrees_with_unicode_for_vietnamese() {
        for (_, letters) in GROUPS {
            for c in letters.chars() {
                assert_eq!(Some(lower_char(c)), c.to_lowercase().next(), "{c}");
            }
        }
        assert_eq!(lower_char('Đ'), 'đ');
        assert_eq!(lower_char('Q'), 'q');
    }

    #[test]
    fn words_keep_their_place_in_the_original() {
        let text = "Đăng ký (NFD: kha\u{0301}c)";
        let w = split_words(text);
        assert_eq!(w.len(), 4);
        assert_eq!(&text[w[0].start..w[0].end], "Đăng");
        assert_eq!(w[0].lower, "đăng");
        assert_eq!(w[3].folded, "khac");
        assert_eq!(&text[w[3].start..w[3].end], "kha\u{0301}c");
    }

    #[test]
    fn splits_words_and_keeps_codes_whole() {
        assert_eq!(
            words("Chứng thực bản sao (2.000815)."),
            vec!["chung", "thuc", "ban", "sao", "2.000815"]
        );
        assert_eq!(words("  "), Vec::<String>::new());
    }
}
