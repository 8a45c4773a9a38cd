//! Mutation fuzzing of the whole pipeline (load, validate, resolve, render, write), in process,
//! on stable Rust. The corpus is the sample content: each run takes one of its TOML or
//! Markdown files, mutates it (bytes, tokens an editor or an attacker would type, splices
//! from other files, long runs of one token), builds a copy of the site with it, and checks:
//!
//! - no panic, anywhere (rayon workers included);
//! - no run slower than `SLOW` (a hang or a cost that grows faster than the input);
//! - every error names its file with line:col (every mutated file is text), and prints
//!   nothing a terminal would interpret (no control character but the newline).
//!
//! Time-bounded: 60 s by default (what `bash tests/run` spends on it), longer with
//! `MOTCUA_FUZZ_SECONDS=1800`; `MOTCUA_FUZZ_SEED=N` replays a run. Each finding is saved under
//! `target/tmp/fuzz-findings/` (the mutated file and what went wrong) and fails the test.

mod common;

use common::{copy_tree, repo, scratch};
use site_gen::diag::Diagnostics;
use std::collections::BTreeMap;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use synth::Rng;

/// A run slower than this is a finding. Generous: the test binary is unoptimised, and the
/// machine is shared; a quadratic cost on a few hundred kilobytes takes far longer.
const SLOW: Duration = Duration::from_secs(20);
/// A run still going after this is a hang: the process reports it and exits.
const HANG: Duration = Duration::from_secs(120);
/// Resident memory above this is a finding: the sample builds in about 40 MB, so one input
/// that makes a build allocate without bound is caught long before the machine kills the
/// process (which would lose the input). The process reports it and exits.
const MEMORY: u64 = 2 << 30;

/// This process's resident memory in bytes (Linux; elsewhere the memory watchdog is off).
fn resident() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// One item of `items` (not empty).
fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.below(items.len())]
}

/// What officers mistype and attackers try, in TOML, Markdown and HTML.
const TOKENS: &[&[u8]] = &[
    b"\"",
    b"'",
    b"\"\"\"",
    b"[",
    b"]",
    b"[[",
    b"]]",
    b"{",
    b"}",
    b"=",
    b",",
    b"\n",
    b"\r\n",
    b"\r",
    b"\t",
    b"+++\n",
    b"#",
    b"\\",
    b"\\u0000",
    b"\\u001b[31m",
    b"\\u0085",
    b"\\b",
    b"\x00",
    b"\x1b[2J",
    b"\x7f",
    b"\xc2\x9b",
    b"\xff",
    b"\xc3",
    b"\xe1\xbb",
    "ử".as_bytes(),
    "đ".as_bytes(),
    "Đ".as_bytes(),
    "Thủ tục đăng ký khai tử".as_bytes(),
    "e\u{301}".as_bytes(),
    "\u{feff}".as_bytes(),
    "\u{202e}".as_bytes(),
    "\u{2028}".as_bytes(),
    b"<!--<script",
    b"</script>",
    b"<script>alert(1)</script>",
    b"<img src=x onerror=alert(1)>",
    b"<svg/onload=alert(1)>",
    b"<a href=\"&#106;avascript:alert(1)\">x</a>",
    b"[x](javascript:alert(1))",
    b"[x](data:text/html,<script>alert(1)</script>)",
    b"![x](//evil.example/x.png)",
    b"<https://example.vn/?a=1&b=2>",
    b"javascript:alert(1)",
    b"=HYPERLINK(\"http://evil.example\")",
    b"@SUM(1+1)",
    b"+1",
    b"-1",
    b"0",
    b"1",
    b"18446744073709551616",
    b"-9223372036854775809",
    b"1e309",
    b"nan",
    b"inf",
    b"2026-02-30",
    b"2026-13-01",
    b"0000-01-01",
    b"9999-12-31",
    b"1979-05-27T07:32:00Z",
    b"25:00",
    b"00:00",
    b"23:59",
    b"\"\"",
    b"[]",
    b"{}",
    b"kind = \"free\"",
    b"kind = \"set-by-province\"",
    b"kind = \"per-unit\", price = 2000, unit = \"trang\", tiers = [{ from = 3, price = 1000 }], cap = 1",
    b"kind = \"working-days\", days = 4294967295",
    b"kind = \"same-day\", cutoff = \"15:00\"",
    b"effective_from = 2027-01-01",
    b"repealed_on = 2026-01-01",
    b"[[channel]]\nkind = \"post\"\n",
    b"[[dossier]]\nkind = \"show\"\n[[dossier.item]]\ndocument = \"\"\n",
    b"[[override]]\nprocedure = \"1.001193\"\nfee = []\n",
    b"procedures = [\"1.001193\", \"1.001193\"]\n",
    b"languages = [\"vi\", \"en\", \"en\"]\n",
    b"theme = \"../../etc\"\n",
    b"file = \"../../../etc/passwd\"",
    b"url = \"https://\"",
    b"website = \"javascript:alert(document.domain)\"\n",
    b"base_url = \"https://x.vn/a&b\nDisallow: /\"\n",
    b"> ",
    b"- ",
    b"1. ",
    b"* ",
    b"**",
    b"*",
    b"_",
    b"`",
    b"```\n",
    b"~~",
    b"|",
    b"| a | b |\n|---|---|\n",
    b"[^1]",
    b"[^1]: x\n",
    b"[a]: <>",
    b"<",
    b">",
    b"&",
    b"&#0;",
    b"&#x1b;",
    b"    ",
    b"{{ name }}",
    b"{% raw %}",
];

/// A corpus file and its text.
struct Seed {
    rel: PathBuf,
    bytes: Vec<u8>,
}

fn corpus(content: &Path) -> Vec<Seed> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(sub) = stack.pop() {
        for e in fs::read_dir(content.join(&sub)).expect("read content") {
            let e = e.expect("entry");
            let rel = sub.join(e.file_name());
            if e.file_type().expect("type").is_dir() {
                stack.push(rel);
            } else if rel.extension().is_some_and(|x| x == "toml" || x == "md") {
                let bytes = fs::read(e.path()).expect("read seed");
                out.push(Seed { rel, bytes });
            }
        }
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

/// One to four mutations of `input`.
fn mutate(rng: &mut Rng, input: &[u8], corpus: &[Seed]) -> Vec<u8> {
    let mut b = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(b.len() + 1);
        match rng.below(10) {
            0 => {
                if !b.is_empty() {
                    let i = rng.below(b.len());
                    b[i] = rng.next() as u8;
                }
            }
            1 => {
                let len = 1 + rng.below(32);
                let end = (at + len).min(b.len());
                b.drain(at..end);
            }
            2 => {
                let from = rng.below(b.len() + 1);
                let len = rng.below(128).min(b.len() - from);
                let chunk = b[from..from + len].to_vec();
                b.splice(at..at, chunk);
            }
            3..=5 => {
                let t = pick(rng, TOKENS);
                b.splice(at..at, t.iter().copied());
            }
            6 => {
                let other = &pick(rng, corpus).bytes;
                let from = rng.below(other.len() + 1);
                let len = rng.below(256).min(other.len() - from);
                let end = (at + rng.below(64)).min(b.len());
                b.splice(at..end, other[from..from + len].iter().copied());
            }
            7 => {
                // Long runs: nesting, repeated list entries, huge lines.
                let t = pick(rng, TOKENS);
                let most = if rng.below(8) == 0 { 40_000 } else { 300 };
                let times = 1 + rng.below(most);
                let run: Vec<u8> = t.iter().copied().cycle().take(t.len() * times).collect();
                b.splice(at..at, run);
            }
            8 => {
                // A number, a date or a time changed to another.
                if let Some(i) = (at..b.len()).find(|&i| b[i].is_ascii_digit()) {
                    let end = (i..b.len())
                        .find(|&j| !b[j].is_ascii_digit())
                        .unwrap_or(b.len());
                    let n = match rng.below(4) {
                        0 => 0,
                        1 => rng.below(10) as u64,
                        2 => rng.next() >> rng.below(64),
                        _ => rng.below(100_000) as u64,
                    };
                    b.splice(i..end, n.to_string().into_bytes());
                }
            }
            _ => b.truncate(at),
        }
    }
    b
}

/// What went wrong in one run, if anything: the oracle's verdict.
fn judge(result: &Result<(), Diagnostics>) -> Option<String> {
    let Err(errors) = result else { return None };
    for d in &errors.0 {
        let shown = d.to_string();
        if d.file.is_none() || d.line.is_none() {
            return Some(format!("an error without file and line:col:\n{shown}"));
        }
        if let Some(c) = shown.chars().find(|&c| c != '\n' && c.is_control()) {
            return Some(format!(
                "an error prints the control character U+{:04X}:\n{}",
                c as u32,
                shown.escape_debug()
            ));
        }
    }
    let all = errors.to_string();
    if all.chars().any(|c| c != '\n' && c.is_control()) {
        return Some("the error summary prints a control character".into());
    }
    None
}

/// The first line of a finding, which groups repeats of one defect.
fn kind(what: &str) -> String {
    what.lines().next().unwrap_or("").to_string()
}

#[test]
fn fuzz_the_pipeline() {
    let seconds: u64 = std::env::var("MOTCUA_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let seed: u64 = std::env::var("MOTCUA_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    println!("fuzz: seed {seed}, {seconds} s (MOTCUA_FUZZ_SEED={seed} replays it)");
    let mut rng = Rng(seed);

    let dir = scratch("fuzz");
    let content = dir.join("content");
    copy_tree(&repo().join("content"), &content);
    let seeds = corpus(&content);
    let opts = site_gen::Options {
        content: content.clone(),
        out: dir.join("public"),
        as_of: catalog::Date::parse(common::AS_OF).expect("date"),
        base_url: None,
        themes: Some(repo().join("themes")),
        select: Default::default(),
    };
    let first = site_gen::build(&opts);
    assert!(first.is_ok(), "the sample must build: {:?}", first.err());

    let findings_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-findings");
    // Panics are findings, recorded by the hook instead of printed thousands of times.
    let panicked: Arc<Mutex<Option<String>>> = Arc::default();
    {
        let panicked = panicked.clone();
        panic::set_hook(Box::new(move |info| {
            let loc = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let msg = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            if let Ok(mut p) = panicked.lock() {
                p.get_or_insert(format!("panic at {loc}: {msg}"));
            }
        }));
    }
    // The watchdog: a run that never ends, or one that takes memory without bound, is
    // reported with its input, then the process exits.
    let started_run = Arc::new(AtomicU64::new(0));
    let running = Arc::new(AtomicBool::new(true));
    let current: Arc<Mutex<(PathBuf, Vec<u8>)>> = Arc::default();
    let t0 = Instant::now();
    {
        let (started_run, running, current) =
            (started_run.clone(), running.clone(), current.clone());
        let findings_dir = findings_dir.clone();
        std::thread::spawn(move || {
            while running.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                if let Some(rss) = resident().filter(|&rss| rss > MEMORY) {
                    let (rel, bytes) = current.lock().map(|c| c.clone()).unwrap_or_default();
                    let why = format!("a run took {} MB of memory", rss >> 20);
                    let saved = save(&findings_dir, "memory", &rel, &bytes, &why);
                    eprintln!(
                        "fuzz: {why}: {} (saved in {})",
                        rel.display(),
                        saved.display()
                    );
                    std::process::exit(1);
                }
                let since = started_run.load(Ordering::Relaxed);
                let now = t0.elapsed().as_millis() as u64;
                if since > 0 && now.saturating_sub(since) > HANG.as_millis() as u64 {
                    let (rel, bytes) = current.lock().map(|c| c.clone()).unwrap_or_default();
                    let saved = save(&findings_dir, "hang", &rel, &bytes, "a run did not end");
                    eprintln!(
                        "fuzz: a run took over {HANG:?}: {} (saved in {})",
                        rel.display(),
                        saved.display()
                    );
                    std::process::exit(1);
                }
            }
        });
    }

    let deadline = Duration::from_secs(seconds);
    let mut runs = 0u64;
    let mut failed_builds = 0u64;
    let mut slowest = (Duration::ZERO, PathBuf::new());
    let mut findings: BTreeMap<String, (usize, PathBuf)> = BTreeMap::new();
    while t0.elapsed() < deadline {
        let seed_file = pick(&mut rng, &seeds);
        let mutated = mutate(&mut rng, &seed_file.bytes, &seeds);
        let path = content.join(&seed_file.rel);
        fs::write(&path, &mutated).expect("write mutated file");
        if let Ok(mut c) = current.lock() {
            *c = (seed_file.rel.clone(), mutated.clone());
        }
        let start = Instant::now();
        started_run.store(t0.elapsed().as_millis().max(1) as u64, Ordering::Relaxed);
        let result = panic::catch_unwind(AssertUnwindSafe(|| site_gen::build(&opts).map(|_| ())));
        started_run.store(0, Ordering::Relaxed);
        let took = start.elapsed();
        runs += 1;
        let verdict = match &result {
            Err(_) => Some(
                panicked
                    .lock()
                    .ok()
                    .and_then(|mut p| p.take())
                    .unwrap_or_else(|| "panic".into()),
            ),
            Ok(r) => {
                failed_builds += u64::from(r.is_err());
                judge(r)
            }
        };
        let verdict = verdict
            .or_else(|| (took > SLOW).then(|| format!("a run took {took:?} (limit {SLOW:?})")));
        if took > slowest.0 {
            slowest = (took, seed_file.rel.clone());
        }
        fs::write(&path, &seed_file.bytes).expect("restore file");
        if let Some(what) = verdict {
            let entry = findings.entry(kind(&what)).or_insert_with(|| {
                let saved = save(&findings_dir, "finding", &seed_file.rel, &mutated, &what);
                eprintln!(
                    "fuzz: finding in {}: {what}\n  saved in {}",
                    seed_file.rel.display(),
                    saved.display()
                );
                (0, saved)
            });
            entry.0 += 1;
        }
    }
    running.store(false, Ordering::Relaxed);
    let _ = panic::take_hook();
    println!(
        "fuzz: {runs} runs in {:.0?} ({failed_builds} rejected the input, {} built); slowest {:.2?} ({}); {} distinct finding(s)",
        t0.elapsed(),
        runs - failed_builds,
        slowest.0,
        slowest.1.display(),
        findings.len()
    );
    assert!(
        findings.is_empty(),
        "seed {seed}: {}",
        findings
            .iter()
            .map(|(k, (n, p))| format!("\n{n} x {k} (e.g. {})", p.display()))
            .collect::<String>()
    );
}

/// Saves a finding's input and description; returns the folder.
fn save(dir: &Path, what: &str, rel: &Path, bytes: &[u8], why: &str) -> PathBuf {
    static N: AtomicU64 = AtomicU64::new(0);
    let folder = dir.join(format!(
        "{what}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::create_dir_all(&folder);
    let name = rel.file_name().map_or("input".into(), |n| n.to_owned());
    let _ = fs::write(folder.join(name), bytes);
    let _ = fs::write(
        folder.join("WHAT.txt"),
        format!("content file: {}\n{why}\n", rel.display()),
    );
    folder
}
