//! What the search knows about procedure names beyond their words: which words are
//! boilerplate, which mark a variant of an everyday procedure, and which procedures are the
//! everyday ones. Kept apart from the matching in `search` because it is knowledge of the
//! national catalogue's naming, not of text search.
//!
//! Forms here are the search forms of folded words (marks dropped, đ → d, y → i).

/// Words that open many names and say nothing about the procedure ("Thủ tục đăng ký khai tử"
/// and "Đăng ký khai tử" name the same kind of thing). They do not count towards a name's
/// length, and a query need not find them.
pub const BOILERPLATE: [&str; 2] = ["thu", "tuc"];

/// Word sequences that make a name a variant of a more everyday procedure: registering again,
/// deleting, ending, renewing, with a foreign element, done by a mobile team… A name that
/// holds one the query did not ask for ranks below one that does not.
pub const VARIANT_MARKERS: [&[&str]; 15] = [
    &["lai"],
    &["xoa"],
    &["cham", "dut"],
    &["gia", "han"],
    &["ieu", "to", "nuoc", "ngoai"],
    &["luu", "dong"],
    &["bien", "gioi"],
    &["huy"],
    &["thu", "hoi"],
    &["tam", "ngung"],
    &["ket", "hop"],
    &["dieu", "chinh"],
    &["thai", "doi"],
    &["sua", "doi"],
    &["giam", "sat"],
];

/// The commune desk's everyday procedures (the real ones of the sample content): birth,
/// marriage and death registration, the certified copy and the copy of a civil-status extract.
/// National catalogue codes, the same in every province. Among near-equal matches they come
/// first, so "chung thuc" answers with the certified copy that most people come for.
pub const EVERYDAY: [&str; 5] = ["1.001193", "1.000894", "1.000656", "2.000815", "2.000635"];

/// The positions in `words` (search forms of a name) covered by each variant marker found.
pub fn variant_spans(words: &[&str]) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    for marker in VARIANT_MARKERS {
        let n = marker.len();
        for start in 0..words.len().saturating_sub(n - 1) {
            if words[start..start + n] == *marker {
                spans.push(start..start + n);
            }
        }
    }
    spans
}

/// How many of `words` count towards the name's length: all but a leading "Thủ tục".
pub fn core_len(words: &[&str]) -> usize {
    if words.len() >= 2 && words[..2] == BOILERPLATE {
        words.len() - 2
    } else {
        words.len()
    }
}

/// True when the code (or a province's variant of it, `2.000815.000.00.00.H55`) is one of
/// [`EVERYDAY`].
pub fn is_everyday(code: &str) -> bool {
    EVERYDAY
        .iter()
        .any(|e| code == *e || code.strip_prefix(e).is_some_and(|r| r.starts_with('.')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_variant_markers_as_whole_word_runs() {
        let w = [
            "dang", "ki", "lai", "khai", "tu", "co", "ieu", "to", "nuoc", "ngoai",
        ];
        assert_eq!(variant_spans(&w), vec![2..3, 6..10]);
        // "of a foreign agency" is not the foreign-element variant.
        assert!(variant_spans(&["co", "quan", "nuoc", "ngoai"]).is_empty());
        assert!(variant_spans(&["dang", "ki", "khai", "tu"]).is_empty());
        assert!(variant_spans(&["lai"]).len() == 1);
        assert!(variant_spans(&[]).is_empty());
    }

    #[test]
    fn the_boilerplate_prefix_does_not_count() {
        assert_eq!(core_len(&["thu", "tuc", "dang", "ki", "khai", "tu"]), 4);
        assert_eq!(core_len(&["dang", "ki", "lai", "khai", "tu"]), 5);
    }

    #[test]
    fn everyday_codes_and_their_province_variants() {
        assert!(is_everyday("2.000815"));
        assert!(is_everyday("2.000815.000.00.00.H55"));
        assert!(!is_everyday("2.0008150"));
        assert!(!is_everyday("2.001019"));
    }
}
