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
    Some(c.to_lowercase().next().unwrap_or(c))
}

/// Lowercase, without tone or vowel marks, đ as d.
pub fn fold(text: &str) -> String {
    text.chars().filter_map(fold_char).collect()
}

/// Lowercase words of letters and digits, folded; a code such as `2.000815` stays one word.
pub fn words(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut out = Vec::new();
    let mut word = String::new();
    let chars: Vec<char> = folded.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let inside_number = c == '.'
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        if c.is_alphanumeric() || inside_number {
            word.push(c);
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
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
    fn splits_words_and_keeps_codes_whole() {
        assert_eq!(
            words("Chứng thực bản sao (2.000815)."),
            vec!["chung", "thuc", "ban", "sao", "2.000815"]
        );
        assert_eq!(words("  "), Vec::<String>::new());
    }
}
