//! The widget's search index: what site-gen writes to `search/<commune>.bin` and the widget
//! reads. A small binary format (varints and length-prefixed UTF-8) instead of JSON: a JSON
//! parser would cost the wasm about 14 KB gzip, and the index is read on a cheap phone.
//!
//! Layout: magic `MCIX`, format version, then the sections in the order of [`Index`]'s fields.
//! Display strings are already in the page's language, so one index serves one language.

use crate::calendar::{DaysOff, MakeUpDay, YearCalendar};
use crate::date::{Date, TimeOfDay};
use crate::time::{Extension, ProcessingTime, TimeKind};

const MAGIC: &[u8; 4] = b"MCIX";
const VERSION: u8 = 3;

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Index {
    /// Entries carry only what the results list shows; choosing one opens its page instead of
    /// the answer panel. For the whole-site index, which would otherwise weigh megabytes.
    pub link_only: bool,
    /// Interface strings of the widget, by key, in the index's language.
    pub strings: Vec<(String, String)>,
    pub calendar: Vec<YearCalendar>,
    /// The communes a whole-site index spans: each once, referred to by position from
    /// [`Entry::places`].
    pub places: Vec<Place>,
    pub entries: Vec<Entry>,
}

/// A commune: each of a whole-site index, or the one of a commune's index (for the printed
/// checklist).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Place {
    /// "Xã Phương Định".
    pub name: String,
    /// Its page, ending in `/`.
    pub url: String,
    /// The one-stop desk's address and reception hours in words; empty in a whole-site index.
    pub address: String,
    pub hours: String,
}

/// One procedure as the widget shows it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Entry {
    pub code: String,
    pub name: String,
    pub field: String,
    /// The procedure's own page.
    pub url: String,
    /// The national portal's page for filing online, when the procedure can be.
    pub online_url: String,
    /// "In force from …" for a procedure not yet in force; empty otherwise.
    pub status: String,
    /// Extra words to search by (keywords, results, subjects).
    pub keywords: String,
    pub channels: Vec<ChannelInfo>,
    pub documents: Vec<Document>,
    /// Dossier notes: searched, not shown in the panel.
    pub notes: String,
    /// In a whole-site index: the communes (positions in [`Index::places`]) that receive the
    /// procedure, whose page is then the place's URL followed by `url`. Empty for a commune
    /// itself, whose page is `url`.
    pub places: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChannelInfo {
    pub label: String,
    pub time: ProcessingTime,
    /// The time in words.
    pub time_text: String,
    pub fees: Vec<FeeLine>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct FeeLine {
    pub text: String,
    /// The amount is set by the province (shown as such, never as free).
    pub unknown: bool,
    pub exemptions: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocGroup {
    Submit,
    Show,
    Other,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub group: DocGroup,
    pub name: String,
    /// "1 bản chính, 1 bản sao".
    pub counts: String,
    /// `Some` for a document needed only in some cases: the case, or empty when the name
    /// itself says it. Entries list the documents everyone needs first.
    pub when: Option<String>,
    /// (title, url)
    pub forms: Vec<(String, String)>,
}

#[derive(Debug, PartialEq, Eq)]
pub struct DecodeError(pub &'static str);

impl Index {
    pub fn string<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings
            .iter()
            .find(|(k, _)| k == key)
            .map_or(key, |(_, v)| v.as_str())
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 * 1024);
        self.encode_header(&mut out, self.entries.len());
        for e in &self.entries {
            encode_entry(&mut out, e);
        }
        out
    }

    /// Everything but the entries, followed by their count: an index too large to hold in
    /// memory twice is written by calling this and then [`encode_entry`] for each entry.
    pub fn encode_header(&self, out: &mut Vec<u8>, entries: usize) {
        let mut w = Writer(std::mem::take(out));
        w.0.extend_from_slice(MAGIC);
        w.0.push(VERSION);
        w.0.push(u8::from(self.link_only));
        w.uint(self.strings.len() as u64);
        for (k, v) in &self.strings {
            w.str(k);
            w.str(v);
        }
        w.uint(self.calendar.len() as u64);
        for y in &self.calendar {
            w.int(i64::from(y.year));
            w.0.push(u8::from(y.projected));
            w.uint(y.days_off.len() as u64);
            for d in &y.days_off {
                w.int(d.from.to_days());
                w.uint((d.last().to_days() - d.from.to_days()) as u64);
            }
            w.uint(y.working_days.len() as u64);
            for m in &y.working_days {
                w.int(m.date.to_days());
            }
        }
        w.uint(self.places.len() as u64);
        for p in &self.places {
            for s in [&p.name, &p.url, &p.address, &p.hours] {
                w.str(s);
            }
        }
        w.uint(entries as u64);
        *out = w.0;
    }
}

/// Appends one entry to an index being written (see [`Index::encode_header`]).
pub fn encode_entry(out: &mut Vec<u8>, e: &Entry) {
    let mut w = Writer(std::mem::take(out));
    {
        {
            for s in [
                &e.code,
                &e.name,
                &e.field,
                &e.url,
                &e.online_url,
                &e.status,
                &e.keywords,
                &e.notes,
            ] {
                w.str(s);
            }
            w.uint(e.channels.len() as u64);
            for c in &e.channels {
                w.str(&c.label);
                w.time(&c.time);
                w.str(&c.time_text);
                w.uint(c.fees.len() as u64);
                for f in &c.fees {
                    w.str(&f.text);
                    w.0.push(u8::from(f.unknown));
                    w.str(&f.exemptions);
                }
            }
            w.uint(e.places.len() as u64);
            for p in &e.places {
                w.uint(u64::from(*p));
            }
            w.uint(e.documents.len() as u64);
            for d in &e.documents {
                w.0.push(d.group as u8);
                w.str(&d.name);
                w.str(&d.counts);
                w.0.push(u8::from(d.when.is_some()));
                w.str(d.when.as_deref().unwrap_or_default());
                w.uint(d.forms.len() as u64);
                for (t, u) in &d.forms {
                    w.str(t);
                    w.str(u);
                }
            }
        }
    }
    *out = w.0;
}

impl Index {
    pub fn decode(bytes: &[u8]) -> Result<Index, DecodeError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(4)? != MAGIC {
            return Err(DecodeError("not a motcua search index"));
        }
        if r.byte()? != VERSION {
            return Err(DecodeError("search index of another version"));
        }
        let mut index = Index {
            link_only: r.byte()? != 0,
            ..Index::default()
        };
        for _ in 0..r.len()? {
            let k = r.str()?;
            index.strings.push((k, r.str()?));
        }
        for _ in 0..r.len()? {
            let year = r.int()? as i32;
            let projected = r.byte()? != 0;
            let mut days_off = Vec::new();
            for _ in 0..r.len()? {
                let from = Date::from_days(r.int()?);
                let span = r.uint()? as i64;
                days_off.push(DaysOff {
                    name: String::new(),
                    from,
                    to: (span > 0).then(|| from.add_days(span)),
                    document: None,
                });
            }
            let mut working_days = Vec::new();
            for _ in 0..r.len()? {
                working_days.push(MakeUpDay {
                    date: Date::from_days(r.int()?),
                    name: String::new(),
                    document: None,
                });
            }
            index.calendar.push(YearCalendar {
                year,
                projected,
                note: None,
                days_off,
                working_days,
            });
        }
        for _ in 0..r.len()? {
            index.places.push(Place {
                name: r.str()?,
                url: r.str()?,
                address: r.str()?,
                hours: r.str()?,
            });
        }
        for _ in 0..r.len()? {
            let mut e = Entry {
                code: r.str()?,
                name: r.str()?,
                field: r.str()?,
                url: r.str()?,
                online_url: r.str()?,
                status: r.str()?,
                keywords: r.str()?,
                notes: r.str()?,
                ..Entry::default()
            };
            for _ in 0..r.len()? {
                let label = r.str()?;
                let time = r.time()?;
                let time_text = r.str()?;
                let mut fees = Vec::new();
                for _ in 0..r.len()? {
                    fees.push(FeeLine {
                        text: r.str()?,
                        unknown: r.byte()? != 0,
                        exemptions: r.str()?,
                    });
                }
                e.channels.push(ChannelInfo {
                    label,
                    time,
                    time_text,
                    fees,
                });
            }
            for _ in 0..r.len()? {
                let p = r.uint()?;
                if p >= index.places.len() as u64 {
                    return Err(DecodeError("search index refers to an unknown commune"));
                }
                e.places.push(p as u32);
            }
            for _ in 0..r.len()? {
                let group = match r.byte()? {
                    0 => DocGroup::Submit,
                    1 => DocGroup::Show,
                    _ => DocGroup::Other,
                };
                let name = r.str()?;
                let counts = r.str()?;
                let conditional = r.byte()? != 0;
                let when = r.str()?;
                let mut forms = Vec::new();
                for _ in 0..r.len()? {
                    let t = r.str()?;
                    forms.push((t, r.str()?));
                }
                e.documents.push(Document {
                    group,
                    name,
                    counts,
                    when: conditional.then_some(when),
                    forms,
                });
            }
            index.entries.push(e);
        }
        Ok(index)
    }
}

struct Writer(Vec<u8>);

impl Writer {
    fn uint(&mut self, mut n: u64) {
        loop {
            let b = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.0.push(b);
                return;
            }
            self.0.push(b | 0x80);
        }
    }

    fn int(&mut self, n: i64) {
        self.uint(((n << 1) ^ (n >> 63)) as u64);
    }

    fn str(&mut self, s: &str) {
        self.uint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }

    fn time(&mut self, t: &ProcessingTime) {
        self.0.push(match t.kind {
            TimeKind::SameDay => 0,
            TimeKind::WorkingDays => 1,
            TimeKind::CalendarDays => 2,
            TimeKind::Hours => 3,
            TimeKind::Months => 4,
            TimeKind::Years => 5,
            TimeKind::Text => 6,
        });
        self.uint(u64::from(t.days.unwrap_or(0)));
        // A fractional count in hundredths plus one; 0 for none.
        self.uint(
            t.amount
                .map_or(0, |a| (a.max(0.0) * 100.0).round() as u64 + 1),
        );
        // Minutes after midnight plus one; 0 for no cutoff.
        self.uint(
            t.cutoff
                .map_or(0, |c| u64::from(c.hour()) * 60 + u64::from(c.minute()) + 1),
        );
        self.uint(
            t.extension
                .as_ref()
                .map_or(0, |e| u64::from(e.working_days)),
        );
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

const TRUNCATED: DecodeError = DecodeError("search index is truncated");

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], DecodeError> {
        let end = self.pos.checked_add(n).ok_or(TRUNCATED)?;
        let s = self.bytes.get(self.pos..end).ok_or(TRUNCATED)?;
        self.pos = end;
        Ok(s)
    }

    fn byte(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take(1)?[0])
    }

    fn uint(&mut self) -> Result<u64, DecodeError> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(DecodeError("bad number in search index"))
    }

    /// A count, bounded by what is left so corrupt input cannot ask for huge allocations.
    fn len(&mut self) -> Result<usize, DecodeError> {
        let n = self.uint()? as usize;
        if n > self.bytes.len() - self.pos {
            return Err(TRUNCATED);
        }
        Ok(n)
    }

    fn int(&mut self) -> Result<i64, DecodeError> {
        let n = self.uint()?;
        Ok(((n >> 1) as i64) ^ -((n & 1) as i64))
    }

    fn str(&mut self) -> Result<String, DecodeError> {
        let n = self.len()?;
        let s = self.take(n)?;
        String::from_utf8(s.to_vec()).map_err(|_| DecodeError("bad text in search index"))
    }

    fn time(&mut self) -> Result<ProcessingTime, DecodeError> {
        let kind = match self.byte()? {
            0 => TimeKind::SameDay,
            1 => TimeKind::WorkingDays,
            2 => TimeKind::CalendarDays,
            3 => TimeKind::Hours,
            4 => TimeKind::Months,
            5 => TimeKind::Years,
            6 => TimeKind::Text,
            _ => return Err(DecodeError("unknown time kind in search index")),
        };
        let days = self.uint()? as u32;
        let amount = match self.uint()? {
            0 => None,
            n => Some((n - 1) as f64 / 100.0),
        };
        let cutoff = match self.uint()? {
            0 => None,
            m => TimeOfDay::new(((m - 1) / 60) as u8, ((m - 1) % 60) as u8),
        };
        let ext = self.uint()? as u32;
        Ok(ProcessingTime {
            kind,
            days: (days > 0).then_some(days),
            amount,
            cutoff,
            extension: (ext > 0).then(|| Extension {
                working_days: ext,
                when: String::new(),
            }),
            note: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn sample() -> Index {
        let d = |s| Date::parse(s).unwrap();
        Index {
            link_only: false,
            strings: vec![("results".into(), "{n} kết quả".into())],
            calendar: vec![YearCalendar {
                year: 2026,
                projected: false,
                note: None,
                days_off: vec![DaysOff {
                    name: String::new(),
                    from: d("2026-02-14"),
                    to: Some(d("2026-02-22")),
                    document: None,
                }],
                working_days: vec![MakeUpDay {
                    date: d("2026-03-07"),
                    name: String::new(),
                    document: None,
                }],
            }],
            entries: vec![Entry {
                code: "2.000815".into(),
                name: "Chứng thực bản sao từ bản chính".into(),
                url: "/phuong-dinh/thu-tuc/2.000815/".into(),
                channels: vec![ChannelInfo {
                    label: "Trực tiếp".into(),
                    time: ProcessingTime {
                        extension: Some(Extension {
                            working_days: 2,
                            when: String::new(),
                        }),
                        ..ProcessingTime::same_day(TimeOfDay::new(15, 0))
                    },
                    time_text: "Trong ngày".into(),
                    fees: vec![FeeLine {
                        text: "2.000 đ/trang".into(),
                        unknown: false,
                        exemptions: String::new(),
                    }],
                }],
                documents: vec![Document {
                    group: DocGroup::Show,
                    name: "Bản chính".into(),
                    counts: "1 bản chính".into(),
                    when: Some("trẻ em bị bỏ rơi".into()),
                    forms: vec![("Mẫu".into(), "/forms/a.pdf".into())],
                }],
                places: vec![0],
                ..Entry::default()
            }],
            places: vec![Place {
                name: "Xã Phương Định".into(),
                url: "/phuong-dinh/".into(),
                address: "Bộ phận Một cửa".into(),
                hours: "Thứ Hai – Thứ Sáu: 07:30 – 11:30".into(),
            }],
        }
    }

    #[test]
    fn round_trips() {
        let index = sample();
        let bytes = index.encode();
        assert_eq!(Index::decode(&bytes).unwrap(), index);
    }

    /// Times not counted in whole days survive the index: hours, fractions, words (whose
    /// words travel in `time_text`, so only the kind is kept).
    #[test]
    fn round_trips_every_kind_of_time() {
        let times = [
            ProcessingTime {
                kind: TimeKind::Hours,
                amount: Some(4.0),
                ..ProcessingTime::same_day(None)
            },
            ProcessingTime {
                kind: TimeKind::WorkingDays,
                amount: Some(12.5),
                ..ProcessingTime::same_day(None)
            },
            ProcessingTime {
                kind: TimeKind::Months,
                amount: Some(1.5),
                ..ProcessingTime::same_day(None)
            },
            ProcessingTime {
                kind: TimeKind::Years,
                amount: Some(1.0),
                ..ProcessingTime::same_day(None)
            },
            ProcessingTime {
                kind: TimeKind::Text,
                ..ProcessingTime::same_day(None)
            },
            ProcessingTime::working_days(5),
        ];
        for t in times {
            let mut w = Writer(Vec::new());
            w.time(&t);
            let back = Reader {
                bytes: &w.0,
                pos: 0,
            }
            .time()
            .unwrap();
            assert_eq!(back, t);
        }
    }

    #[test]
    fn rejects_garbage_without_panicking() {
        assert!(Index::decode(b"").is_err());
        assert!(Index::decode(b"MCIX\x01\xff\xff\xff\xff\x0f").is_err());
        let bytes = sample().encode();
        for cut in 0..bytes.len() {
            assert!(Index::decode(&bytes[..cut]).is_err(), "{cut}");
        }
    }
}
