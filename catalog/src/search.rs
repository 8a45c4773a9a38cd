//! Procedure search, shared by the widget (in wasm) and the tests (natively).
//!
//! Words are folded on both sides (marks dropped, đ → d, and y → i, which Vietnamese spells
//! both ways: "kí"/"ký"). Every query word must match: exactly, as a prefix when it is the
//! last word being typed, or with one wrong letter when it has five letters or more. A match
//! in the name outweighs one in keywords, which outweighs documents and notes; a word typed
//! with the same marks as in the name ranks above one that matches only after folding.

use crate::fold::split_words;
use crate::index::Entry;
use crate::rank;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Field {
    Code = 0,
    Name = 1,
    Keywords = 2,
    Documents = 3,
    Notes = 4,
}

const WEIGHT: [u32; 5] = [120, 100, 50, 20, 10];

/// Quality of a word match, in percent.
const EXACT: u32 = 100;
const PREFIX: u32 = 80;
const TYPO: u32 = 55;
/// Per query word whose marks match the name's word exactly.
const ACCENT_BONUS: u32 = 15;
/// Per pair of query words found next to each other, in order, in the name.
const PHRASE_BONUS: u32 = 25;
/// Per variant marker in the name ("lại", "chấm dứt"…) that no query word asked for.
const VARIANT_PENALTY: u32 = 30;
/// For the commune desk's everyday procedures: below a phrase bonus, so it only orders
/// near-equal matches.
const EVERYDAY_BONUS: u32 = 10;

pub struct Searcher {
    /// Distinct folded words, sorted, so prefixes are a range.
    vocab: Vec<String>,
    /// For each vocab word: (entry, field) pairs, deduplicated.
    postings: Vec<Vec<(u32, Field)>>,
    /// For each entry, its name's words: vocab id, lowercase with marks, byte range.
    names: Vec<Vec<(u32, String, usize, usize)>>,
    /// For each entry, what `rank` says of its name and code.
    ranks: Vec<Rank>,
}

struct Rank {
    /// Name words that count, without boilerplate: the shorter name wins a tie.
    core_len: usize,
    /// Name word positions of each variant marker.
    variants: Vec<std::ops::Range<usize>>,
    everyday: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub entry: usize,
    pub score: u32,
    /// Byte ranges of the name's words that matched, for highlighting.
    pub highlights: Vec<(usize, usize)>,
}

fn search_form(folded: &str) -> String {
    folded.replace('y', "i")
}

impl Searcher {
    pub fn new(entries: &[Entry]) -> Searcher {
        // (word, entry, field) for every word of every entry, sorted: the vocabulary and its
        // postings fall out of one pass, without hashing.
        let mut raw: Vec<(String, u32, Field)> = Vec::new();
        let mut name_words = Vec::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            let i = i as u32;
            let words = split_words(&e.name);
            raw.push((e.code.clone(), i, Field::Code));
            for w in &words {
                raw.push((search_form(&w.folded), i, Field::Name));
            }
            name_words.push(words);
            let docs = e.documents.iter().map(|d| d.name.as_str());
            let texts = [e.keywords.as_str(), e.field.as_str()]
                .into_iter()
                .map(|t| (t, Field::Keywords))
                .chain(docs.map(|t| (t, Field::Documents)))
                .chain(std::iter::once((e.notes.as_str(), Field::Notes)));
            for (text, field) in texts {
                for w in split_words(text) {
                    raw.push((search_form(&w.folded), i, field));
                }
            }
        }
        raw.sort_unstable_by(|a, b| (&a.0, a.1, a.2 as u8).cmp(&(&b.0, b.1, b.2 as u8)));
        raw.dedup();
        let mut vocab: Vec<String> = Vec::new();
        let mut postings: Vec<Vec<(u32, Field)>> = Vec::new();
        for (word, entry, field) in raw {
            if vocab.last() != Some(&word) {
                vocab.push(word);
                postings.push(Vec::new());
            }
            if let Some(list) = postings.last_mut() {
                list.push((entry, field));
            }
        }
        let ranks = entries
            .iter()
            .zip(&name_words)
            .map(|(e, words)| {
                let forms: Vec<String> = words.iter().map(|w| search_form(&w.folded)).collect();
                let forms: Vec<&str> = forms.iter().map(String::as_str).collect();
                // A parenthesis explains ("(áp dụng cho cả trường hợp …)"): its words do
                // not make the name longer.
                let outside: Vec<&str> = words
                    .iter()
                    .zip(&forms)
                    .filter(|(w, _)| !in_parentheses(&e.name, w.start))
                    .map(|(_, f)| *f)
                    .collect();
                Rank {
                    core_len: rank::core_len(&outside),
                    variants: rank::variant_spans(&forms),
                    everyday: rank::is_everyday(&e.code),
                }
            })
            .collect();
        let names = entries
            .iter()
            .zip(name_words)
            .map(|(_, words)| {
                words
                    .into_iter()
                    .map(|w| {
                        let form = search_form(&w.folded);
                        let id = vocab.binary_search(&form).unwrap_or(0) as u32;
                        (id, w.lower, w.start, w.end)
                    })
                    .collect()
            })
            .collect();
        Searcher {
            vocab,
            postings,
            names,
            ranks,
        }
    }

    /// Vocab ids that `word` matches, with the quality of each match.
    fn candidates(&self, word: &str, last: bool) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        let start = self.vocab.partition_point(|v| v.as_str() < word);
        if last {
            for (n, v) in self.vocab[start..].iter().enumerate() {
                if !v.starts_with(word) {
                    break;
                }
                let q = if v.len() == word.len() { EXACT } else { PREFIX };
                out.push(((start + n) as u32, q));
            }
        } else if self.vocab.get(start).is_some_and(|v| v == word) {
            out.push((start as u32, EXACT));
        }
        // A word that is in the vocabulary as typed is not a typo.
        let exact = out.iter().any(|&(_, q)| q == EXACT);
        if !exact && word.chars().count() >= 5 && !word.contains('.') {
            for (n, v) in self.vocab.iter().enumerate() {
                if v.len().abs_diff(word.len()) <= 1
                    && !out.iter().any(|(id, _)| *id == n as u32)
                    && one_edit(word, v)
                {
                    out.push((n as u32, TYPO));
                }
            }
        }
        out
    }

    /// The entries matching every word of `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let mut words = split_words(query);
        // "thủ tục đăng ký khai tử" also finds "Đăng ký khai tử": the boilerplate pair is
        // dropped when other words remain.
        let boiler = |w: &crate::fold::Word, k: usize| w.folded == rank::BOILERPLATE[k];
        if let Some(at) = words
            .windows(2)
            .position(|p| boiler(&p[0], 0) && boiler(&p[1], 1))
        {
            if words.len() > 2 {
                words.drain(at..at + 2);
            }
        }
        if words.is_empty() {
            return Vec::new();
        }
        let typing_last = !query.ends_with(char::is_whitespace);
        let n = self.names.len();
        // Score per entry; `None` once a query word failed to match it.
        let mut scores: Vec<Option<u32>> = vec![Some(0); n];
        let mut best = vec![0u32; n];
        let mut matched_ids: Vec<Vec<u32>> = Vec::with_capacity(words.len());
        for (qi, w) in words.iter().enumerate() {
            let last = typing_last && qi + 1 == words.len();
            let cands = self.candidates(&search_form(&w.folded), last);
            best.iter_mut().for_each(|b| *b = 0);
            for &(id, quality) in &cands {
                for &(entry, field) in &self.postings[id as usize] {
                    let s = WEIGHT[field as usize] * quality / 100;
                    let b = &mut best[entry as usize];
                    *b = (*b).max(s);
                }
            }
            let mut ids: Vec<u32> = cands.iter().map(|(id, _)| *id).collect();
            ids.sort_unstable();
            matched_ids.push(ids);
            let mut any = false;
            for (score, &b) in scores.iter_mut().zip(&best) {
                *score = match (*score, b) {
                    (Some(total), b) if b > 0 => {
                        any = true;
                        Some(total + b)
                    }
                    _ => None,
                };
            }
            if !any {
                return Vec::new();
            }
        }
        let scores = scores
            .into_iter()
            .enumerate()
            .filter_map(|(entry, s)| s.map(|s| (entry as u32, s)));
        let matches = |qi: usize, id: u32| matched_ids[qi].binary_search(&id).is_ok();
        let mut hits: Vec<Hit> = scores
            .map(|(entry, base)| {
                let name = &self.names[entry as usize];
                let mut score = base;
                let mut positions: Vec<Option<usize>> = Vec::with_capacity(words.len());
                for (qi, w) in words.iter().enumerate() {
                    positions.push(name.iter().position(|(id, ..)| matches(qi, *id)));
                    if name
                        .iter()
                        .any(|(id, lower, ..)| *lower == w.lower && matches(qi, *id))
                    {
                        score += ACCENT_BONUS;
                    }
                }
                for pair in positions.windows(2) {
                    if let [Some(a), Some(b)] = pair {
                        if *b == a + 1 {
                            score += PHRASE_BONUS;
                        }
                    }
                }
                let r = &self.ranks[entry as usize];
                let asked = |pos: usize| (0..words.len()).any(|qi| matches(qi, name[pos].0));
                let unasked = r
                    .variants
                    .iter()
                    .filter(|span| !(span.start..span.end).any(&asked))
                    .count() as u32;
                score = score.saturating_sub(unasked * VARIANT_PENALTY);
                if r.everyday {
                    score += EVERYDAY_BONUS;
                }
                Hit {
                    entry: entry as usize,
                    score,
                    highlights: Vec::new(),
                }
            })
            .collect();
        let order = |a: &Hit, b: &Hit| {
            b.score
                .cmp(&a.score)
                .then(
                    self.ranks[a.entry]
                        .core_len
                        .cmp(&self.ranks[b.entry].core_len),
                )
                .then(a.entry.cmp(&b.entry))
        };
        // A one-letter query can match most of a 30,000-entry index: select the best, then
        // sort only those.
        if hits.len() > limit && limit > 0 {
            hits.select_nth_unstable_by(limit - 1, order);
            hits.truncate(limit);
        }
        hits.sort_by(order);
        // Only the hits shown need their words highlighted.
        for hit in &mut hits {
            hit.highlights = self.names[hit.entry]
                .iter()
                .filter(|(id, ..)| (0..words.len()).any(|qi| matches(qi, *id)))
                .map(|(_, _, s, e)| (*s, *e))
                .collect();
        }
        hits
    }
}

/// True when byte `at` of `text` is inside parentheses.
fn in_parentheses(text: &str, at: usize) -> bool {
    let depth = text
        .get(..at)
        .unwrap_or_default()
        .chars()
        .fold(0i32, |d, c| match c {
            '(' => d + 1,
            ')' => (d - 1).max(0),
            _ => d,
        });
    depth > 0
}

/// True when `a` and `b` differ by one inserted, deleted, replaced or swapped letter.
fn one_edit(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return one_edit_in(a.as_bytes(), b.as_bytes());
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    one_edit_in(&a, &b)
}

fn one_edit_in<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    if a == b {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match ra.len().cmp(&rb.len()) {
        std::cmp::Ordering::Equal => {
            ra[1..] == rb[1..]
                || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        std::cmp::Ordering::Greater => ra.len() == rb.len() + 1 && ra[1..] == *rb,
        std::cmp::Ordering::Less => rb.len() == ra.len() + 1 && rb[1..] == *ra,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{DocGroup, Document};

    fn entry(code: &str, name: &str, docs: &[&str], keywords: &str) -> Entry {
        Entry {
            code: code.into(),
            name: name.into(),
            keywords: keywords.into(),
            documents: docs
                .iter()
                .map(|d| Document {
                    group: DocGroup::Submit,
                    name: d.to_string(),
                    counts: String::new(),
                    when: None,
                    forms: vec![],
                })
                .collect(),
            ..Entry::default()
        }
    }

    fn catalogue() -> Vec<Entry> {
        vec![
            entry("1.000656", "Thủ tục đăng ký khai tử", &["Giấy báo tử"], ""),
            entry(
                "2.000635",
                "Thủ tục cấp bản sao trích lục hộ tịch",
                &["Tờ khai"],
                "bản sao giấy khai sinh",
            ),
            entry(
                "1.001193",
                "Thủ tục đăng ký khai sinh",
                &["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"],
                "",
            ),
            entry(
                "2.000815",
                "Thủ tục chứng thực bản sao từ bản chính",
                &["Bản chính"],
                "công chứng sao y",
            ),
            entry(
                "1.000894",
                "Thủ tục đăng ký kết hôn",
                &["Tờ khai đăng ký kết hôn"],
                "",
            ),
            entry("9.000001", "Thủ tục két sắt (ví dụ)", &[], ""),
        ]
    }

    fn first(q: &str) -> Option<String> {
        let entries = catalogue();
        let s = Searcher::new(&entries);
        s.search(q, 10)
            .first()
            .map(|h| entries[h.entry].code.clone())
    }

    #[test]
    fn every_spelling_of_birth_registration_finds_it_first() {
        for q in [
            "dang ky khai sinh",
            "Đăng ký khai sinh",
            "DANG KY KHAI SINH",
            "đăng kí khai sinh",
            "Ðăng ký khai sinh",
            "Đa\u{0306}ng ky\u{0301} khai sinh",
            "khai sinh",
            "dang ky khai si",
        ] {
            assert_eq!(first(q).as_deref(), Some("1.001193"), "{q}");
        }
    }

    #[test]
    fn prefix_only_for_the_word_being_typed() {
        assert_eq!(first("chung th").as_deref(), Some("2.000815"));
        // "chung" is complete (a space follows): no prefix match to "chứng"... which is exact
        // after folding anyway; "th" alone must not match "thực" once the user moved on.
        let entries = catalogue();
        let s = Searcher::new(&entries);
        assert!(s.search("th ket ", 10).is_empty());
    }

    #[test]
    fn one_typo_in_a_long_word() {
        assert_eq!(
            first("chuyng thuc").as_deref(),
            Some("2.000815"),
            "5+ letters: one typo ok"
        );
        assert_eq!(first("khai sinnh").as_deref(), Some("1.001193"));
        assert_eq!(first("chuwng thuc").as_deref(), Some("2.000815"));
        assert!(
            first("kgai sinh ").is_none(),
            "short words must match exactly"
        );
    }

    #[test]
    fn codes_find_their_procedure() {
        assert_eq!(first("2.000815").as_deref(), Some("2.000815"));
        assert_eq!(first("1.0011").as_deref(), Some("1.001193"));
    }

    #[test]
    fn name_ranks_above_documents_and_keywords() {
        let entries = catalogue();
        let s = Searcher::new(&entries);
        let hits: Vec<&str> = s
            .search("khai sinh", 10)
            .iter()
            .map(|h| entries[h.entry].code.as_str())
            .collect();
        assert_eq!(hits, vec!["1.001193", "2.000635"]);
    }

    #[test]
    fn matching_accents_rank_first() {
        let entries = catalogue();
        let s = Searcher::new(&entries);
        let code = |q| entries[s.search(q, 10)[0].entry].code.clone();
        assert_eq!(code("kết"), "1.000894");
        assert_eq!(code("két"), "9.000001");
    }

    #[test]
    fn highlights_matched_words_of_the_name() {
        let entries = catalogue();
        let s = Searcher::new(&entries);
        let hit = &s.search("dang ky khai sinh", 1)[0];
        let name = &entries[hit.entry].name;
        let words: Vec<&str> = hit.highlights.iter().map(|(a, b)| &name[*a..*b]).collect();
        assert_eq!(words, vec!["đăng", "ký", "khai", "sinh"]);
    }

    #[test]
    fn the_everyday_procedure_ranks_before_its_variants() {
        let entries = vec![
            entry("1.005461", "Đăng ký lại khai tử", &[], ""),
            entry("1.000419", "Thủ tục đăng ký khai tử lưu động", &[], ""),
            entry("1.000656", "Thủ tục đăng ký khai tử", &[], ""),
            entry(
                "2.000497",
                "Thủ tục đăng ký lại khai tử có yếu tố nước ngoài",
                &[],
                "",
            ),
        ];
        let s = Searcher::new(&entries);
        let codes = |q| -> Vec<&str> {
            s.search(q, 10)
                .iter()
                .map(|h| entries[h.entry].code.as_str())
                .collect()
        };
        assert_eq!(codes("khai tu")[0], "1.000656");
        assert_eq!(codes("dang ky lai khai tu")[0], "1.005461");
        assert_eq!(codes("khai tu luu dong")[0], "1.000419");
        assert_eq!(codes("thu tuc dang ky lai khai tu")[0], "1.005461");
    }

    #[test]
    fn parentheses_do_not_lengthen_a_name() {
        assert!(in_parentheses("a (b c) d", 3));
        assert!(!in_parentheses("a (b c) d", 8));
        assert!(!in_parentheses("a) b", 3));
    }

    #[test]
    fn edit_distance_of_one() {
        assert!(one_edit("chung", "chuyng"));
        assert!(one_edit("chung", "chng"));
        assert!(one_edit("chung", "cgung"));
        assert!(one_edit("chung", "hcung"));
        assert!(!one_edit("chung", "chung"));
        assert!(!one_edit("chung", "chuyen"));
    }
}
