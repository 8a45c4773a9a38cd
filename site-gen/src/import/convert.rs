//! A portal record -> a catalogue procedure. The portal's traps are handled as data: a fee of 0
//! without a description is "set by the province", a missing fee is "not stated", notes stay
//! notes, `OTHER` times keep the portal's number, times in words stay words, and channels of
//! one kind stay separate. Each decision is counted by kind ([`Decision`]) for the summary.

use super::portal::{self, Component, FeeType, Quantity, Record, SubmissionMethod, TimeUnit};
use catalog::fold::fold;
use catalog::{
    Channel, ChannelKind, Currency, Date, DossierGroup, DossierItem, DossierKind, Fee, FeeAmount,
    FeeCategory, Form, LegalRef, Level, Lifecycle, OnlineLevel, Procedure, ProcedureCode,
    ProcessingTime, SubCase, TimeKind, TimeOfDay,
};
use std::num::NonZeroU64;

/// A kind of decision the importer takes on the portal's data; the summary counts each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Decision {
    FeeZeroSetByProvince,
    FeeNotStated,
    FeeNullValue,
    FeeInWords,
    TimeAsText,
    TimeFraction,
    TimeOtherUnit,
    SeveralFields,
    DuplicateMerged,
    UnnamedDocument,
}

impl Decision {
    pub fn describe(self) -> &'static str {
        match self {
            Decision::FeeZeroSetByProvince => {
                "fee of 0 without description: recorded as set by the province, not free"
            }
            Decision::FeeNotStated => "channel with no fee entry: recorded as not stated by the source",
            Decision::FeeNullValue => "fee without a value: recorded as not stated, its description kept",
            Decision::FeeInWords => {
                "fee of 0 whose description is neither free nor the province's: recorded as not stated, description kept"
            }
            Decision::TimeAsText => "processing time given only in words: kept as text",
            Decision::TimeFraction => "fractional processing time: kept as a fraction",
            Decision::TimeOtherUnit => "time in unit OTHER: the portal's number kept in the note",
            Decision::SeveralFields => "record names several fields: filed under the first",
            Decision::DuplicateMerged => "duplicate agency or legal-basis entries merged",
            Decision::UnnamedDocument => {
                "document without a name: named by its form, or left out when it has none (nothing to show)"
            }
        }
    }
}

/// Something the importer decided that an officer should know about.
pub type Notes = Vec<(Decision, String)>;

/// A problem with one value of the record, by its JSON path under the record.
pub struct Invalid {
    pub path: String,
    pub message: String,
}

pub fn convert(r: &Record, today: Date, notes: &mut Notes) -> Result<Procedure, Invalid> {
    let code = r.code.trim().to_string();
    if code.is_empty() {
        return Err(Invalid {
            path: "code".into(),
            message: "the record has no procedure code".into(),
        });
    }
    let procedure_code = ProcedureCode::try_from(code.as_str()).map_err(|e| Invalid {
        path: "code".into(),
        message: e.to_string(),
    })?;
    let steps_text: String = r
        .execution_steps
        .iter()
        .map(|s| s.description.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let mut channels = Vec::new();
    for (i, m) in r.execution_methods.iter().enumerate() {
        let kind = match m.submission_method {
            SubmissionMethod::Direct => ChannelKind::Desk,
            SubmissionMethod::Online => ChannelKind::Online,
            SubmissionMethod::Postal => ChannelKind::Post,
        };
        let mut fees = Vec::new();
        for (j, f) in m.fees.iter().chain(r.fees.iter()).enumerate() {
            let path = format!("executionMethods[{i}].fees[{j}]");
            fees.push(fee(f, &path, &code, kind, notes)?);
        }
        if fees.is_empty() {
            // No entry says nothing about the fee (real records have channels without one):
            // "not stated by the source", neither free nor set by the province.
            notes.push((
                Decision::FeeNotStated,
                format!("{code}: the {} channel lists no fee", kind.key()),
            ));
            fees.push(Fee::of(FeeAmount::NotStated));
        }
        channels.push(Channel {
            kind,
            online_level: (kind == ChannelKind::Online).then_some(if r.is_full_process {
                OnlineLevel::Full
            } else {
                OnlineLevel::Partial
            }),
            place: None,
            time: time(
                m.processing_time.as_ref(),
                m.processing_time_unit,
                &steps_text,
                &code,
                notes,
            ),
            fees,
            note: non_empty(&m.description),
        });
    }
    let mut dossier: Vec<DossierGroup> = r
        .execution_cases
        .iter()
        .map(|case| {
            let title = case.name.trim();
            DossierGroup {
                kind: group_kind(title),
                title: (!title.is_empty()).then(|| title.to_string()),
                items: items(&case.profile_components, &code, notes),
            }
        })
        .collect();
    if !r.profile_components.is_empty() {
        dossier.push(DossierGroup {
            kind: DossierKind::Other,
            title: None,
            items: items(&r.profile_components, &code, notes),
        });
    }
    let category = r.categories_details.first();
    if r.categories_details.len() > 1 {
        notes.push((
            Decision::SeveralFields,
            format!(
                "{code}: the record names {} fields; filed under the first, {}",
                r.categories_details.len(),
                category.map_or("", |c| c.name.as_str())
            ),
        ));
    }
    let agencies = merged(
        r.unit_groups_executing
            .iter()
            .chain(&r.departments_executing)
            .filter_map(|n| line(&n.name))
            .chain(r.executing_agencies.as_deref().and_then(line)),
        &code,
        "agency",
        notes,
    );
    let proposal = r.procedure_proposal.as_ref();
    let decided_by = proposal
        .and_then(|p| {
            p.decision_number
                .clone()
                .or_else(|| p.proposal_number.clone())
        })
        .or_else(|| r.decision_no.clone())
        .and_then(|d| non_empty(&d))
        .map(|d| {
            match proposal
                .and_then(|p| p.issuing_agency.as_ref())
                .map(|a| a.name.trim())
            {
                Some(agency) if !agency.is_empty() => format!("{d} ({agency})"),
                _ => d,
            }
        });
    let decided_on = proposal
        .and_then(|p| p.decision_date)
        .map(|ms| Date::from_days((ms / 1000 + 7 * 3600).div_euclid(86_400)));
    Ok(Procedure {
        code: procedure_code,
        portal_id: r.id.as_deref().and_then(non_empty),
        name: line(&r.name).unwrap_or_default(),
        field: category
            .and_then(|c| line(&c.name))
            .unwrap_or_else(|| "Khác".to_string()),
        field_code: category.and_then(|c| c.code.as_deref()).and_then(line),
        level: if r.is_ward || !(r.is_province || r.is_ministry) {
            Level::Commune
        } else if r.is_province {
            Level::Province
        } else {
            Level::Ministry
        },
        agencies,
        subjects: names(&r.subject_types_details),
        results: names(&r.results_details),
        conditions: r.requirements_and_conditions.as_deref().and_then(non_empty),
        steps: r
            .execution_steps
            .iter()
            .flat_map(|s| {
                let lines = s
                    .description
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty());
                let heading = non_empty(&s.name);
                heading.into_iter().chain(lines.map(str::to_string))
            })
            .collect(),
        keywords: r
            .keywords
            .as_deref()
            .map(|k| k.split([',', ';']).filter_map(non_empty).collect())
            .unwrap_or_default(),
        checked_on: today,
        lifecycle: Lifecycle {
            decided_by,
            decided_on,
            ..Lifecycle::default()
        },
        channels,
        dossier,
        cases: r
            .cases
            .iter()
            .map(|c| SubCase {
                code: c.code.trim().to_string(),
                name: line(&c.name).unwrap_or_default(),
                time: c
                    .processing_day
                    .as_ref()
                    .map(|d| time(d.qty.as_ref(), d.kind, "", &code, notes)),
            })
            .collect(),
        legal_basis: merged(
            r.legal_basises_details.iter().map(|l| LegalRef {
                code: l.code.as_deref().and_then(line).unwrap_or_default(),
                title: line(&l.name).unwrap_or_default(),
            }),
            &code,
            "legal-basis",
            notes,
        ),
    })
}

/// One-line text (names, titles, codes): the portal's line breaks and runs of spaces inside
/// them are layout, not content.
fn line(s: &str) -> Option<String> {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

/// The entries in the source's order, each once: the portal repeats agencies and legal
/// documents.
fn merged<T: PartialEq>(
    items: impl Iterator<Item = T>,
    code: &str,
    what: &str,
    notes: &mut Notes,
) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    let mut repeats = 0;
    for item in items {
        if out.contains(&item) {
            repeats += 1;
        } else {
            out.push(item);
        }
    }
    if repeats > 0 {
        notes.push((
            Decision::DuplicateMerged,
            format!("{code}: {repeats} repeated {what} entr(ies) merged"),
        ));
    }
    out
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn names(list: &[portal::Named]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in list.iter().filter_map(|n| line(&n.name)) {
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

fn group_kind(title: &str) -> DossierKind {
    let t = fold(title);
    if t.contains("phai nop") {
        DossierKind::Submit
    } else if t.contains("xuat trinh") {
        DossierKind::Show
    } else if t.contains("luu y") {
        DossierKind::Notes
    } else {
        DossierKind::Other
    }
}

/// The components of a group. One without a name says nothing a citizen can act on: it is
/// named by its form where it has one, and otherwise left out (and the officer told).
fn items(components: &[Component], code: &str, notes: &mut Notes) -> Vec<DossierItem> {
    let mut out = Vec::new();
    for c in components {
        let mut it = item(c);
        let unnamed = match (&it.document, &it.note) {
            (Some(d), _) => d.is_empty(),
            (None, Some(n)) => n.is_empty(),
            (None, None) => true,
        };
        if unnamed {
            let by_form = it.forms.first().map(|f| f.title.clone());
            notes.push((
                Decision::UnnamedDocument,
                format!(
                    "{code}: a document without a name ({})",
                    match &by_form {
                        Some(t) => format!("named by its form, {t}"),
                        None => "left out: no name and no form".into(),
                    }
                ),
            ));
            match by_form {
                Some(title) => {
                    it.note = None;
                    it.document = Some(title);
                }
                None => continue,
            }
        }
        out.push(it);
    }
    out
}

/// A component is a document to bring when the portal asks for a quantity of it; otherwise
/// (quantity 0, or a heading ending in ":") it is a note, kept word for word.
fn item(c: &Component) -> DossierItem {
    let text = c.name.trim();
    let forms = c.attachments.iter().filter_map(form).collect::<Vec<_>>();
    let is_note = (c.original_qty + c.copy_qty == 0 && forms.is_empty()) || text.ends_with(':');
    if is_note {
        DossierItem {
            note: Some(text.to_string()),
            code: c.code.clone(),
            ..DossierItem::default()
        }
    } else {
        // The leading "- " is the portal's list formatting, not part of the document's name.
        let name = text
            .strip_prefix("- ")
            .or_else(|| text.strip_prefix("+ "))
            .unwrap_or(text);
        DossierItem {
            document: Some(name.trim().to_string()),
            originals: c.original_qty,
            copies: c.copy_qty,
            forms,
            code: c.code.clone(),
            ..DossierItem::default()
        }
    }
}

/// A form attached to a component; the portal names the fields differently across records.
fn form(v: &serde_json::Value) -> Option<Form> {
    let get = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| v.get(*k).and_then(|x| x.as_str()).and_then(non_empty))
    };
    let url = get(&["url", "link", "downloadUrl", "fileUrl", "path"])?;
    Some(Form {
        title: get(&["name", "fileName", "title"]).unwrap_or_else(|| "Mẫu đơn, tờ khai".into()),
        url: Some(url),
        file: None,
    })
}

/// The portal's processing time, as a number in a unit or as words. `OTHER` means the rule is
/// in the steps' text: the 15:00 rule is recognised there; otherwise the portal's number is
/// kept in words, never given a unit it does not state.
fn time(
    value: Option<&Quantity>,
    unit: TimeUnit,
    steps: &str,
    code: &str,
    notes: &mut Notes,
) -> ProcessingTime {
    let words = |text: String| ProcessingTime {
        kind: TimeKind::Text,
        note: Some(text),
        ..ProcessingTime::same_day(None)
    };
    let Some(value) = value.and_then(Quantity::number) else {
        return match value {
            Some(Quantity::Words(w)) if !w.trim().is_empty() => {
                notes.push((Decision::TimeAsText, format!("{code}: \"{}\"", w.trim())));
                words(w.trim().to_string())
            }
            _ => {
                notes.push((Decision::TimeAsText, format!("{code}: no time given")));
                words("Cổng Dịch vụ công quốc gia không nêu thời hạn.".into())
            }
        };
    };
    let whole = value.fract() == 0.0;
    if !whole {
        notes.push((Decision::TimeFraction, format!("{code}: {value}")));
    }
    let counted = |kind: TimeKind| ProcessingTime {
        kind,
        days: whole.then_some(value as u32),
        amount: (!whole).then_some(value),
        ..ProcessingTime::same_day(None)
    };
    let amount = |kind: TimeKind| ProcessingTime {
        kind,
        amount: Some(value),
        ..ProcessingTime::same_day(None)
    };
    match unit {
        _ if value < 0.0 => words(format!("Theo Cổng Dịch vụ công quốc gia: {value}.")),
        TimeUnit::WorkingDay if value > 0.0 => counted(TimeKind::WorkingDays),
        TimeUnit::Day if value > 0.0 => counted(TimeKind::CalendarDays),
        TimeUnit::WorkingDay | TimeUnit::Day => ProcessingTime::same_day(None),
        TimeUnit::Hour if value > 0.0 => amount(TimeKind::Hours),
        TimeUnit::Month if value > 0.0 => amount(TimeKind::Months),
        TimeUnit::Year if value > 0.0 => amount(TimeKind::Years),
        TimeUnit::Hour | TimeUnit::Month | TimeUnit::Year => {
            notes.push((Decision::TimeAsText, format!("{code}: 0 in unit {unit:?}")));
            words(format!(
                "Theo Cổng Dịch vụ công quốc gia: 0 ({unit:?}). Xem trình tự thực hiện."
            ))
        }
        TimeUnit::Other => {
            notes.push((Decision::TimeOtherUnit, format!("{code}: {value}")));
            let portal = format!("Theo Cổng Dịch vụ công quốc gia: {value} (đơn vị khác).");
            match mentions_1500_rule(steps).then(|| TimeOfDay::new(15, 0)).flatten() {
                Some(cutoff) => ProcessingTime {
                    note: Some(format!("{portal} Nếu tiếp nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo.")),
                    ..ProcessingTime::same_day(Some(cutoff))
                },
                None => words(format!("{portal} Xem trình tự thực hiện.")),
            }
        }
    }
}

fn mentions_1500_rule(text: &str) -> bool {
    let t = fold(text);
    ["sau 15 gio", "sau 15h", "sau 15:00", "sau 15 h "]
        .iter()
        .any(|p| t.contains(p))
}

/// The portal's currency ids: UUIDs, with `currencyName` beside them on newer records.
const CURRENCIES: [(&str, Currency); 2] = [
    ("019b3fb2-b5b8-70ac-85e2-9409ec1eaffa", Currency::VND),
    ("019b3fb2-dee2-76ab-aa53-22d4d903a2bb", Currency::USD),
];

fn currency(f: &portal::PortalFee, path: &str) -> Result<Currency, Invalid> {
    let name = |s: &str| match fold(s.trim()).as_str() {
        "" | "vnd" | "viet nam dong" | "dong" => Some(Currency::VND),
        "usd" | "do la my" | "đo la my" => Some(Currency::USD),
        _ => None,
    };
    let by_id = f.currency_id.as_deref().map(str::trim).map(|id| {
        CURRENCIES
            .iter()
            .find(|(uuid, _)| uuid.eq_ignore_ascii_case(id))
            .map(|(_, c)| *c)
            .or_else(|| name(id))
            .ok_or(("currencyId", id))
    });
    let by_name = f
        .currency_name
        .as_deref()
        .map(|n| name(n).ok_or(("currencyName", n.trim())));
    let other = f
        .currency
        .as_ref()
        .and_then(|v| v.as_str())
        .map(|n| name(n).ok_or(("currency", n.trim())));
    let mut found = None;
    for c in [by_id, by_name, other].into_iter().flatten() {
        match c {
            Ok(c) if found.is_some_and(|f| f != c) => {
                return Err(Invalid {
                    path: format!("{path}.currencyName"),
                    message: "the currency id and the currency name disagree".into(),
                })
            }
            Ok(c) => found = Some(c),
            Err((key, value)) => {
                return Err(Invalid {
                    path: format!("{path}.{key}"),
                    message: format!("unknown currency `{value}`: expected VND or USD (by name or by the portal's id)"),
                })
            }
        }
    }
    Ok(found.unwrap_or_default())
}

fn fee(
    f: &portal::PortalFee,
    path: &str,
    code: &str,
    channel: ChannelKind,
    notes: &mut Notes,
) -> Result<Fee, Invalid> {
    let description = f.description.as_deref().and_then(non_empty);
    let mut out = Fee {
        currency: currency(f, path)?,
        category: Some(match f.kind {
            FeeType::Fee => FeeCategory::Fee,
            FeeType::ServiceFee | FeeType::Charge => FeeCategory::Charge,
            FeeType::PriceLevel => FeeCategory::Price,
        }),
        note: description.clone(),
        ..Fee::of(FeeAmount::NotStated)
    };
    match f.value {
        None => notes.push((
            Decision::FeeNullValue,
            format!("{code}: {} channel", channel.key()),
        )),
        // Below half a đồng rounds to 0, read as 0 below.
        Some(v) if v >= 0.5 => {
            if let Some(amount) = NonZeroU64::new(v.round() as u64) {
                out.amount = FeeAmount::Flat { amount };
            }
        }
        Some(_) => match &description {
            Some(d)
                if ["mien", "khong thu", "khong mat"]
                    .iter()
                    .any(|w| fold(d).contains(w)) =>
            {
                out.amount = FeeAmount::Free;
            }
            Some(d)
                if ["hdnd", "hoi dong nhan dan"]
                    .iter()
                    .any(|w| fold(d).contains(w)) =>
            {
                out.amount = FeeAmount::SetByProvince;
            }
            // A description that says neither: the amount is in its words, not in a number.
            Some(_) => notes.push((
                Decision::FeeInWords,
                format!("{code}: {} channel", channel.key()),
            )),
            None => {
                out.amount = FeeAmount::SetByProvince;
                notes.push((
                    Decision::FeeZeroSetByProvince,
                    format!("{code}: {} channel", channel.key()),
                ));
            }
        },
    }
    if let Some(att) = f.attachment.as_ref().filter(|a| !a.is_null()) {
        if let Some(form) = form(att) {
            out.basis = Some(format!("{} ({})", form.title, form.url.unwrap_or_default()));
        }
    }
    Ok(out)
}
