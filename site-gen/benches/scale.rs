//! Build benchmark at three scales of synthetic content (see the `synth` crate):
//!
//!     cargo bench -p site-gen --bench scale                      # small and province
//!     cargo bench -p site-gen --bench scale -- province-vi       # one language: ~30,000 pages
//!     cargo bench -p site-gen --bench scale -- national          # 3,321 communes (long)
//!
//! For each scale: a full build, then a no-change rebuild, then a rebuild after editing one
//! commune, one catalogue procedure and one Markdown page. Prints pages and bytes written,
//! wall and CPU time, peak memory, pages per second and the time of each stage, next to the
//! targets. Content and output live under target/bench/.

use site_gen::{build, build_cached, Cache, Options, Report};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use synth::{generate, Scale};

fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes into the struct we pass.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// Resets the process's peak resident memory (Linux), so each build is measured alone.
fn reset_peak() {
    let _ = fs::write("/proc/self/clear_refs", "5");
}

fn peak_mib() -> f64 {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

struct Measured {
    report: Report,
    wall: Duration,
    cpu: Duration,
    peak: f64,
}

fn measure(opts: &Options) -> Measured {
    measure_with(opts, None)
}

/// With a cache, as `serve` rebuilds: only edited files are parsed again.
fn measure_with(opts: &Options, cache: Option<&mut Cache>) -> Measured {
    // The disk's writeback of the previous build (half a gigabyte after a full build) would
    // otherwise be charged to this one.
    // SAFETY: sync takes no arguments and cannot fail.
    unsafe { libc::sync() };
    // Otherwise the heap the last build freed counts in this one's peak.
    site_gen::release_freed_memory();
    reset_peak();
    let cpu = cpu_time();
    let start = Instant::now();
    let result = match cache {
        Some(c) => build_cached(opts, c),
        None => build(opts),
    };
    let report = match result {
        Ok(r) => r,
        Err(e) => panic!("the synthetic site must build:\n{e}"),
    };
    Measured {
        report,
        wall: start.elapsed(),
        cpu: cpu_time() - cpu,
        peak: peak_mib(),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn edit(path: &Path, from: &str, to: &str) -> String {
    let before = fs::read_to_string(path).expect("read");
    assert!(before.contains(from), "{} has no {from:?}", path.display());
    fs::write(path, before.replacen(from, to, 1)).expect("write");
    before
}

fn first_file(dir: &Path) -> PathBuf {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    entries.into_iter().next().expect("a file")
}

fn run(name: &str) {
    let scale = Scale::named(name).expect("small, province or national");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/bench")
        .join(name);
    let content = root.join("content");
    if !content.join("site.toml").exists() {
        let t = Instant::now();
        let _ = fs::remove_dir_all(&root);
        generate(&content, scale, 2026).expect("generate synthetic content");
        println!(
            "generated {name} content in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    let out = root.join("public");
    let _ = fs::remove_dir_all(&out);
    let opts = Options {
        content: content.clone(),
        out,
        as_of: catalog::Date::parse("2026-11-24").expect("date"),
        base_url: None,
        themes: Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../themes")),
        select: Default::default(),
    };
    let full = measure(&opts);
    let r = &full.report;
    println!(
        "\n== {name}: {} communes, {} catalogue procedures, {} cores",
        r.communes,
        r.procedures,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "full build: {} pages, {} files, {:.1} MB written; wall {}, CPU {}, peak RSS {:.0} MiB, {:.0} pages/s",
        r.pages,
        r.files,
        r.bytes_written as f64 / 1e6,
        ms(full.wall),
        ms(full.cpu),
        full.peak,
        r.pages as f64 / full.wall.as_secs_f64()
    );
    let p = &r.phases;
    println!(
        "  stages: load {}, validate {}, resolve {}, render+stream {} (render {} + write {} summed over threads), commit {}",
        ms(p.load), ms(p.validate), ms(p.resolve), ms(p.render), ms(p.render_cpu), ms(p.write_cpu), ms(p.commit)
    );
    let row = |what: &str, m: &Measured, target: &str| {
        let p = &m.report.phases;
        println!(
            "{what:<34} wall {:>7}, CPU {:>7}, rendered {:>6}, written {:>6}, removed {}, peak {:.0} MiB   [{target}]\n{:<34} (load {}, validate {}, resolve {}, render+stream {}, commit {})",
            ms(m.wall), ms(m.cpu), m.report.rendered, m.report.written, m.report.removed, m.peak,
            "", ms(p.load), ms(p.validate), ms(p.resolve), ms(p.render), ms(p.commit)
        );
    };
    let target_full = match name {
        "province" | "province-vi" => "target: <= 5 s wall, <= 200 MiB",
        "national" => "target: completes, <= 1 GiB",
        _ => "no target",
    };
    row("full build", &full, target_full);
    let same = measure(&opts);
    row("no-change rebuild", &same, "target: 0 written");

    let commune = first_file(&content.join("communes")).join("commune.toml");
    let before = edit(&commune, "address = \"Trụ sở", "address = \"Trụ sở mới,");
    row(
        "one commune.toml edited",
        &measure(&opts),
        "target: <= 200 ms at province scale",
    );
    fs::write(&commune, before).expect("restore");
    measure(&opts);

    let field = first_file(&content.join("catalogue"));
    let procedure = first_file(&field);
    let before = edit(&procedure, "name = \"Thủ tục", "name = \"Thủ tục (sửa)");
    row(
        "one catalogue procedure edited",
        &measure(&opts),
        "no target (touches every commune receiving it)",
    );
    fs::write(&procedure, before).expect("restore");
    measure(&opts);

    let news = first_file(&first_file(&content.join("communes")).join("news"));
    let before = edit(&news, "Nội dung thông báo", "Nội dung đã sửa của thông báo");
    row(
        "one Markdown page edited",
        &measure(&opts),
        "target: <= 100 ms at province scale",
    );
    fs::write(&news, before).expect("restore");
    measure(&opts);

    // One month's report re-imported: the province's statistics pages, the linked
    // communes' pages and the open data.
    let stats = content.join("statistics/2026-11/sy-dvc-progress-tree.toml");
    let before = edit(&stats, "(tổng hợp)", "(tổng hợp, sửa)");
    row(
        "one statistics file edited",
        &measure(&opts),
        "no target (statistics pages, linked communes' pages)",
    );
    fs::write(&stats, before).expect("restore");
    measure(&opts);

    // The same edits as `serve` rebuilds them, with the parsed files of the last build kept.
    let mut cache = Cache::default();
    measure_with(&opts, Some(&mut cache));
    let warm = |cache: &mut Cache| measure_with(&opts, Some(cache));
    row("serve: no change", &warm(&mut cache), "target: 0 written");
    let before = edit(&commune, "address = \"Trụ sở", "address = \"Trụ sở mới,");
    row(
        "serve: one commune.toml edited",
        &warm(&mut cache),
        "target: <= 200 ms at province scale",
    );
    fs::write(&commune, before).expect("restore");
    warm(&mut cache);
    let before = edit(&news, "Nội dung thông báo", "Nội dung đã sửa của thông báo");
    row(
        "serve: one Markdown page edited",
        &warm(&mut cache),
        "target: <= 100 ms at province scale",
    );
    fs::write(&news, before).expect("restore");
    warm(&mut cache);
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let scales: Vec<&str> = if args.is_empty() {
        vec!["small", "province"]
    } else {
        args.iter().map(String::as_str).collect()
    };
    for s in scales {
        run(s);
    }
}
