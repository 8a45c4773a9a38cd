//! The change record an import appends to: `changes/<date>.toml` in the content, one entry per
//! procedure added, amended (with the parts that changed) or repealed. The site publishes it.

use catalog::{Change, ChangeKind, ChangeLog, Date, Procedure, Status};
use std::fs;
use std::path::{Path, PathBuf};

pub struct Log(ChangeLog);

impl Log {
    pub fn new(today: Date) -> Log {
        Log(ChangeLog {
            date: today,
            changes: Vec::new(),
        })
    }

    /// Records what `new` changes against `old` (nothing when they are the same record).
    pub fn record(&mut self, new: &Procedure, old: Option<&Procedure>) {
        let today = self.0.date;
        let repealed = |p: &Procedure| matches!(p.lifecycle.status(today), Status::Repealed(_));
        let (kind, fields) = match old {
            None => (ChangeKind::New, Vec::new()),
            Some(old) if repealed(new) && !repealed(old) => (ChangeKind::Repealed, Vec::new()),
            Some(old) => {
                let fields = changed_parts(old, new);
                if fields.is_empty() {
                    return;
                }
                (ChangeKind::Amended, fields)
            }
        };
        self.0.changes.retain(|c| c.code != new.code);
        self.0.changes.push(Change {
            code: new.code.clone(),
            name: new.name.clone(),
            kind,
            fields,
            decided_by: new.lifecycle.decided_by.clone(),
        });
    }

    /// The file to write, with the day's earlier changes kept: `None` when nothing changed.
    /// A day's file that does not parse is not overwritten: its name gets a suffix instead.
    pub fn file(&self, content: &Path) -> Option<(PathBuf, String)> {
        if self.0.changes.is_empty() {
            return None;
        }
        let dir = content.join("changes");
        let mut path = dir.join(format!("{}.toml", self.0.date));
        let mut log = self.0.clone();
        if let Ok(text) = fs::read_to_string(&path) {
            match toml::from_str::<ChangeLog>(&text) {
                Ok(mut earlier) => {
                    earlier
                        .changes
                        .retain(|c| !log.changes.iter().any(|n| n.code == c.code));
                    earlier.changes.append(&mut log.changes);
                    log.changes = earlier.changes;
                }
                Err(_) => {
                    let mut n = 2;
                    while path.exists() {
                        path = dir.join(format!("{}-{n}.toml", self.0.date));
                        n += 1;
                    }
                }
            }
        }
        let body = toml::to_string_pretty(&log).ok()?;
        Some((
            path,
            format!("# Thay đổi danh mục thủ tục, ghi bởi `site-gen import`.\n\n{body}"),
        ))
    }
}

/// The parts of a procedure that differ, in the words the change log uses.
pub fn changed_parts(old: &Procedure, new: &Procedure) -> Vec<String> {
    let mut out = Vec::new();
    let mut part = |name: &str, differs: bool| {
        if differs {
            out.push(name.to_string());
        }
    };
    part("name", old.name != new.name);
    part(
        "field",
        old.field != new.field || old.field_code != new.field_code,
    );
    part("level", old.level != new.level);
    part("agencies", old.agencies != new.agencies);
    part("subjects", old.subjects != new.subjects);
    part("results", old.results != new.results);
    part("conditions", old.conditions != new.conditions);
    part("steps", old.steps != new.steps);
    let times = |p: &Procedure| {
        p.channels
            .iter()
            .map(|c| c.time.clone())
            .collect::<Vec<_>>()
    };
    part("time", times(old) != times(new));
    let fees = |p: &Procedure| {
        p.channels
            .iter()
            .map(|c| c.fees.clone())
            .collect::<Vec<_>>()
    };
    part("fee", fees(old) != fees(new));
    let ways = |p: &Procedure| {
        p.channels
            .iter()
            .map(|c| (c.kind, c.online_level, c.place.clone(), c.note.clone()))
            .collect::<Vec<_>>()
    };
    part("channels", ways(old) != ways(new));
    part("dossier", old.dossier != new.dossier);
    part("cases", old.cases != new.cases);
    part("legal", old.legal_basis != new.legal_basis);
    part("lifecycle", old.lifecycle != new.lifecycle);
    part(
        "other",
        old.portal_id != new.portal_id || old.keywords != new.keywords,
    );
    out
}
