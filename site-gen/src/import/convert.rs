//! A portal record -> a catalogue procedure. The portal's traps are handled as data: a fee of 0
//! without a description is "set by the province", notes stay notes, `OTHER` times keep the
//! portal's number, and channels of one kind stay separate.

use super::portal::{self, Component, DayType, FeeType, Record, SubmissionMethod, TimeUnit};
use catalog::fold::fold;
use catalog::{
    Channel, ChannelKind, Currency, Date, DossierGroup, DossierItem, DossierKind, Fee, FeeKind,
    Form, LegalRef, Level, Lifecycle, OnlineLevel, Procedure, ProcessingTime, SubCase, TimeKind,
    TimeOfDay,
};

/// Something the importer decided that an officer should know about.
pub type Notes = Vec<String>;

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
            notes.push(format!(
                "{code}: the {} channel lists no fee: recorded as set by the province",
                kind.key()
            ));
            fees.push(Fee::of_kind(FeeKind::SetByProvince));
        }
        channels.push(Channel {
            kind,
            online_level: (kind == ChannelKind::Online).then_some(if r.is_full_process {
                OnlineLevel::Full
            } else {
                OnlineLevel::Partial
            }),
            place: None,
            time: time(m.processing_time, m.processing_time_unit, &steps_text),
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
                items: case.profile_components.iter().map(item).collect(),
            }
        })
        .collect();
    if !r.profile_components.is_empty() {
        dossier.push(DossierGroup {
            kind: DossierKind::Other,
            title: None,
            items: r.profile_components.iter().map(item).collect(),
        });
    }
    let category = r.categories_details.first();
    if r.categories_details.len() > 1 {
        notes.push(format!(
            "{code}: the record names {} fields; filed under the first, {}",
            r.categories_details.len(),
            category.map_or("", |c| c.name.as_str())
        ));
    }
    let mut agencies: Vec<String> = r
        .unit_groups_executing
        .iter()
        .chain(&r.departments_executing)
        .map(|n| n.name.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    agencies.extend(r.executing_agencies.as_deref().and_then(non_empty));
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
        code: code.clone(),
        portal_id: r.id.as_deref().and_then(non_empty),
        name: r.name.trim().to_string(),
        field: category.map_or_else(|| "Khác".to_string(), |c| c.name.trim().to_string()),
        field_code: category.and_then(|c| c.code.as_deref()).and_then(non_empty),
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
                name: c.name.trim().to_string(),
                time: c.processing_day.as_ref().map(|d| ProcessingTime {
                    kind: match d.kind {
                        DayType::WorkingDay => TimeKind::WorkingDays,
                        DayType::Day => TimeKind::CalendarDays,
                    },
                    days: Some(d.qty.round() as u32),
                    ..ProcessingTime::same_day(None)
                }),
            })
            .collect(),
        legal_basis: r
            .legal_basises_details
            .iter()
            .map(|l| LegalRef {
                code: l.code.as_deref().unwrap_or_default().trim().to_string(),
                title: l.name.trim().to_string(),
            })
            .collect(),
    })
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn names(list: &[portal::Named]) -> Vec<String> {
    list.iter().filter_map(|n| non_empty(&n.name)).collect()
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

/// The portal's processing time. `OTHER` means the rule is in the steps' text: the 15:00 rule
/// is recognised there; the portal's own number is always kept in the note.
fn time(value: f64, unit: TimeUnit, steps: &str) -> ProcessingTime {
    let n = value.round().max(0.0) as u32;
    match unit {
        TimeUnit::WorkingDay if n > 0 => ProcessingTime::working_days(n),
        TimeUnit::Day if n > 0 => ProcessingTime {
            kind: TimeKind::CalendarDays,
            days: Some(n),
            ..ProcessingTime::same_day(None)
        },
        TimeUnit::WorkingDay | TimeUnit::Day => ProcessingTime::same_day(None),
        TimeUnit::Hour => ProcessingTime {
            note: Some(format!("Theo Cổng Dịch vụ công quốc gia: {value} giờ.")),
            ..ProcessingTime::same_day(None)
        },
        TimeUnit::Other => {
            let cutoff = mentions_1500_rule(steps)
                .then(|| TimeOfDay::new(15, 0))
                .flatten();
            let portal = format!("Theo Cổng Dịch vụ công quốc gia: {value} (đơn vị khác).");
            let note = match cutoff {
                Some(_) => format!("{portal} Nếu tiếp nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo."),
                None => format!("{portal} Xem trình tự thực hiện."),
            };
            let base = if cutoff.is_none() && n > 1 {
                ProcessingTime::working_days(n)
            } else {
                ProcessingTime::same_day(cutoff)
            };
            ProcessingTime {
                note: Some(note),
                ..base
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

fn fee(
    f: &portal::PortalFee,
    path: &str,
    code: &str,
    channel: ChannelKind,
    notes: &mut Notes,
) -> Result<Fee, Invalid> {
    let description = f.description.as_deref().and_then(non_empty);
    let currency = match f.currency_id.as_deref().map(str::trim) {
        None | Some("") | Some("VND") | Some("VNĐ") => Currency::VND,
        Some("USD") => Currency::USD,
        Some(other) => {
            return Err(Invalid {
                path: format!("{path}.currencyId"),
                message: format!("unknown currency `{other}`: expected VND or USD"),
            })
        }
    };
    let what = match f.kind {
        FeeType::ServiceFee => "Phí",
        FeeType::Charge | FeeType::Fee => "Lệ phí",
    };
    let mut out = Fee {
        currency,
        ..Fee::of_kind(FeeKind::SetByProvince)
    };
    if f.value > 0.0 {
        out.kind = FeeKind::Flat;
        out.amount = Some(f.value.round() as u64);
        out.note = Some(match &description {
            Some(d) => format!("{what}: {d}"),
            None => what.to_string(),
        });
    } else {
        match &description {
            Some(d) if ["mien", "khong thu"].iter().any(|w| fold(d).contains(w)) => {
                out.kind = FeeKind::Free;
                out.note = Some(d.clone());
            }
            Some(d) => out.note = Some(d.clone()),
            None => notes.push(format!(
                "{code}: {} channel: a fee of 0 without description means \"set by the province\" on the portal, not free",
                channel.key()
            )),
        }
    }
    if let Some(att) = f.attachment.as_ref().filter(|a| !a.is_null()) {
        if let Some(form) = form(att) {
            out.basis = Some(format!("{} ({})", form.title, form.url.unwrap_or_default()));
        }
    }
    Ok(out)
}
