//! The file-system half of hardening (issue 14): nothing outside the content or theme is read
//! or published, nothing outside the output is touched, the output is replaced atomically
//! even under kill -9, and paths that would clash or loop are refused with their file named.

mod common;

use common::*;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A copy of the sample content in a scratch folder: (folder, content).
fn sample_content(name: &str) -> (PathBuf, PathBuf) {
    let dir = scratch(name);
    let content = dir.join("content");
    copy_tree(&repo().join("content"), &content);
    (dir, content)
}

/// Runs `cmd`, killing it if it has not finished within `limit`: a build that blocks on a
/// pipe or walks a link loop must fail the test, not hang it.
fn run_bounded(mut cmd: Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("site-gen runs");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("site-gen did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn build_cmd(content: &Path, out: &Path) -> Command {
    let mut cmd = site_gen();
    cmd.args(["build", "--as-of", AS_OF, "--themes"])
        .arg(repo().join("themes"))
        .arg("--content")
        .arg(content)
        .arg("--out")
        .arg(out);
    cmd
}

/// Builds and expects a failure that names `location` (relative to `content`) and says
/// `message`, with no output written and nothing left beside it.
fn refused(content: &Path, location: &str, message: &str) -> String {
    let out = content.with_file_name("public");
    let o = run_bounded(build_cmd(content, &out), Duration::from_secs(60));
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "the build should fail:\n{stderr}");
    let shown = content.join(location).display().to_string();
    assert!(
        stderr.contains(&format!("--> {shown}")),
        "the message should point at {shown}:\n{stderr}"
    );
    assert!(
        stderr.contains(message),
        "the message should say `{message}`:\n{stderr}"
    );
    assert!(!out.exists(), "nothing may be written");
    assert!(!content.with_file_name(".public.staging").exists());
    stderr
}

#[test]
fn a_form_linked_outside_is_not_published() {
    let (dir, content) = sample_content("form-link");
    let secret = dir.join("secret.txt");
    fs::write(&secret, "mật khẩu").expect("write");
    symlink(&secret, content.join("forms/mau.pdf")).expect("symlink");
    refused(
        &content,
        "forms/mau.pdf",
        "this file leaves the content folder",
    );
}

#[test]
fn a_forms_subfolder_linked_outside_is_not_published() {
    let (dir, content) = sample_content("forms-dir-link");
    let outside = dir.join("outside");
    fs::create_dir_all(&outside).expect("mkdir");
    fs::write(outside.join("a.txt"), "ngoài").expect("write");
    symlink(&outside, content.join("forms/ngoai")).expect("symlink");
    refused(
        &content,
        "forms/ngoai",
        "this folder leaves the content folder",
    );
}

#[test]
fn a_theme_static_file_linked_outside_is_not_published() {
    let (dir, content) = sample_content("static-link");
    let secret = dir.join("secret.txt");
    fs::write(&secret, "bí mật").expect("write");
    fs::create_dir_all(content.join("theme/static")).expect("mkdir");
    symlink(&secret, content.join("theme/static/x.txt")).expect("symlink");
    refused(
        &content,
        "theme/static/x.txt",
        "this file leaves the content folder",
    );
}

#[test]
fn named_pipes_are_refused_without_blocking() {
    for (name, place) in [
        ("fifo-catalogue", "catalogue/ho-tich/9.999999.toml"),
        ("fifo-forms", "forms/ong.pdf"),
        ("fifo-theme", "theme/static/ong.css"),
    ] {
        let (_dir, content) = sample_content(name);
        let fifo = content.join(place);
        fs::create_dir_all(fifo.parent().expect("parent")).expect("mkdir");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
        // SAFETY: mkfifo reads a NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
        refused(&content, place, "this is a named pipe, not a regular file");
    }
}

#[test]
fn a_device_in_the_forms_folder_is_refused() {
    let (_dir, content) = sample_content("device");
    let dev = content.join("forms/zero.pdf");
    let c = std::ffi::CString::new(dev.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: mknod reads a NUL-terminated path. /dev/zero's numbers: 1, 5.
    let made = unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o644, libc::makedev(1, 5)) };
    if made != 0 {
        eprintln!("skipped: making a device needs privileges");
        return;
    }
    refused(
        &content,
        "forms/zero.pdf",
        "this is a device, not a regular file",
    );
}

#[test]
fn a_form_above_the_size_limit_is_refused() {
    let (_dir, content) = sample_content("huge-form");
    let f = fs::File::create(content.join("forms/lon.pdf")).expect("create");
    // Sparse: costs no disk.
    f.set_len(site_gen::confined::MAX_FILE_BYTES + 1)
        .expect("set_len");
    refused(&content, "forms/lon.pdf", "this file is too large");
}

#[test]
fn folders_linked_back_are_a_loop_not_a_hang() {
    let (_dir, content) = sample_content("loop");
    symlink(".", content.join("forms/a")).expect("symlink");
    symlink(".", content.join("forms/b")).expect("symlink");
    let stderr = refused(
        &content,
        "forms/a",
        "this folder is a link to a folder already read",
    );
    assert!(stderr.contains(&format!("--> {}", content.join("forms/b").display())));
    // The theme is read once the content is: a loop there on its own.
    let (_dir, content) = sample_content("theme-loop");
    fs::create_dir_all(content.join("theme/static")).expect("mkdir");
    symlink("..", content.join("theme/static/up")).expect("symlink");
    refused(
        &content,
        "theme/static/up",
        "this folder is a link to a folder already read",
    );
}

#[test]
fn a_theme_is_a_name_not_a_path() {
    let (_dir, content) = sample_content("theme-path");
    let site = content.join("site.toml");
    let text = read(&site).replace("theme = \"default\"", "theme = \"../../../../etc\"");
    fs::write(&site, text).expect("write");
    let stderr = refused(&content, "site.toml:7:9", "`theme` is not a theme name");
    assert!(!stderr.contains("passwd"), "{stderr}");
}

#[test]
fn a_file_name_that_is_not_utf8_is_reported() {
    use std::os::unix::ffi::OsStrExt as _;
    let (_dir, content) = sample_content("latin1-name");
    let name = std::ffi::OsStr::from_bytes(b"li\xean-h\xe9.md");
    fs::write(
        content.join("pages").join(name),
        "+++\ntitle = \"Liên hệ\"\n+++\n",
    )
    .expect("write");
    refused(
        &content,
        "pages/li\u{fffd}n-h\u{fffd}.md",
        "this file name is not UTF-8 text",
    );
}

#[test]
fn a_file_that_is_not_utf8_is_pointed_at_by_line_and_column() {
    let (_dir, content) = sample_content("latin1-text");
    fs::write(
        content.join("pages/cu.md"),
        b"+++\ntitle = \"Li\xean h\xe9\"\n+++\n",
    )
    .expect("write");
    refused(&content, "pages/cu.md:2:12", "this file is not UTF-8 text");
}

/// A build of the sample into `out`, which must succeed.
fn good_build(content: &Path, out: &Path) {
    let o = build(content, out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_forged_manifest_deletes_nothing() {
    let (dir, content) = sample_content("forged");
    let out = dir.join("public");
    good_build(&content, &out);
    let victim = dir.join("victim.txt");
    fs::write(&victim, "giữ lại").expect("write");
    let absolute = dir.join("absolute.txt");
    fs::write(&absolute, "giữ lại").expect("write");
    let manifest = out.join(".site-gen-output");
    let genuine = read(&manifest);
    let zero = "0".repeat(32);
    for forged in [
        format!("{zero} {zero} ../victim.txt\n"),
        format!("{zero} {zero} {}\n", absolute.display()),
        format!("{zero} {zero} trang/./../../victim.txt\n"),
        format!("{zero} {zero} .site-gen-output\n"),
        "not a manifest line\n".to_string(),
    ] {
        fs::write(&manifest, format!("{genuine}{forged}")).expect("write");
        let before = snapshot(&out);
        // A change, so that a trusting build would replace and delete.
        let page = content.join("pages/lien-he.md");
        let text = read(&page);
        fs::write(&page, format!("{text}\nThêm một dòng.\n")).expect("write");
        let o = build(&content, &out, &[]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{forged}: {stderr}");
        assert!(
            stderr.contains("manifest was not written by site-gen"),
            "{stderr}"
        );
        assert!(victim.exists() && absolute.exists(), "{forged}: deleted");
        assert!(snapshot(&out) == before, "{forged}: the output changed");
        assert!(!dir.join(".public.staging").exists());
    }
}

#[test]
fn a_commune_folder_cannot_take_a_name_the_site_uses() {
    for name in ["en", "assets", "search", "forms", "trang"] {
        let (_dir, content) = sample_content(&format!("reserved-{name}"));
        fs::rename(
            content.join("communes/viet-hung"),
            content.join("communes").join(name),
        )
        .expect("rename");
        refused(
            &content,
            &format!("communes/{name}/commune.toml"),
            &format!("the commune folder `{name}` has"),
        );
    }
}

#[test]
fn the_reserved_names_are_every_root_folder_of_the_output() {
    let top: Vec<String> = fs::read_dir(sample())
        .expect("read")
        .map(|e| e.expect("entry"))
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let communes: Vec<String> = fs::read_dir(repo().join("content/communes"))
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    for name in top {
        assert!(
            communes.contains(&name)
                || name == "en"
                || site_gen::output_names::RESERVED.contains(&name.as_str()),
            "the output's root folder `{name}` is missing from output_names::RESERVED"
        );
    }
}

#[test]
fn an_output_inside_the_content_is_refused() {
    let (_dir, content) = sample_content("out-in-content");
    let forms_before = snapshot(&content.join("forms"));
    for out in [
        content.join("forms"),
        content.join("forms/public"),
        content.join("public"),
        content.join("forms/sau/public"),
    ] {
        let o = build(&content, &out, &[]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{}: {stderr}", out.display());
        assert!(
            stderr.contains("the output folder is inside the content folder"),
            "{stderr}"
        );
    }
    assert!(snapshot(&content.join("forms")) == forms_before);
    assert!(!content.join("public").exists());
    assert!(
        !content.join("forms/sau").exists(),
        "a folder was made inside the content"
    );
}

#[test]
fn a_linked_empty_output_folder_is_filled_and_nothing_is_left_beside_it() {
    let (dir, content) = sample_content("linked-out");
    let real = dir.join("real-out");
    fs::create_dir_all(&real).expect("mkdir");
    let link = dir.join("public");
    symlink(&real, &link).expect("symlink");
    for _ in 0..2 {
        good_build(&content, &link);
        assert!(fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink());
        assert!(real.join("index.html").is_file());
        let beside: Vec<String> = fs::read_dir(&dir)
            .expect("read")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.') && n != ".real-out.staging")
            .collect();
        assert!(beside.is_empty(), "left beside the output: {beside:?}");
    }
    assert!(snapshot(&real) == snapshot(sample()));
}

#[test]
fn a_bad_as_of_exits_1() {
    let o = site_gen()
        .args(["build", "--as-of", "2026-13-45"])
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--as-of"));
}

/// Each file of an output folder with a hash of its bytes, links refused.
fn digest(dir: &Path) -> Vec<(PathBuf, u128)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).expect("read dir") {
            let e = e.expect("entry");
            let t = e.file_type().expect("type");
            assert!(
                !t.is_symlink(),
                "a link in the output: {}",
                e.path().display()
            );
            if t.is_dir() {
                stack.push(e.path());
            } else {
                let bytes = fs::read(e.path()).expect("read");
                let rel = e.path().strip_prefix(dir).expect("under").to_path_buf();
                out.push((rel, xxhash_rust::xxh3::xxh3_128(&bytes)));
            }
        }
    }
    out.sort();
    out
}

/// kill -9 at many moments of a build of some 1,700 pages (3,500 files) that changes every page and
/// removes a commune: each time the output is the previous site or the new one, whole, and
/// the next build leaves exactly what a clean build writes.
#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new() {
    use synth::{generate, Scale};
    let dir = scratch("crash");
    let scale = Scale {
        procedures: 300,
        provinces: 1,
        communes: 3,
        per_commune: 250,
        languages: &["vi", "en"],
    };
    let a = dir.join("a");
    generate(&a, scale, 7).expect("synth");
    let b = dir.join("b");
    generate(&b, scale, 7).expect("synth");
    let site = b.join("site.toml");
    let text = read(&site).replacen("name = \"", "name = \"Bản mới — ", 1);
    fs::write(&site, text).expect("write");
    let communes = b.join("communes");
    let last = fs::read_dir(&communes)
        .expect("read")
        .map(|e| e.expect("entry").path())
        .max()
        .expect("a commune");
    fs::remove_dir_all(last).expect("remove a commune");

    let cmd = |content: &Path, out: &Path| {
        let mut c = site_gen();
        c.args(["build", "--as-of", AS_OF, "--content"])
            .arg(content)
            .arg("--out")
            .arg(out)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    };
    let out = dir.join("public");
    assert!(cmd(&a, &out).status().expect("runs").success());
    let site_a = digest(&out);
    let pages = site_a
        .iter()
        .filter(|(p, _)| p.ends_with("index.html"))
        .count();
    assert!(pages > 1500, "{pages} pages");
    // A clean build of the new site, timed to spread the kills over a build.
    let start = Instant::now();
    assert!(cmd(&b, &dir.join("clean-b"))
        .status()
        .expect("runs")
        .success());
    let full = start.elapsed();
    let site_b = digest(&dir.join("clean-b"));
    let (mut now, mut states) = (&site_a, [(&a, &site_a), (&b, &site_b)]);
    // Kills spread over a build, and a last one the moment the output is first seen to
    // change (where a build that moves files in one by one is caught half-way).
    let kills = 8;
    for i in 0..=kills {
        states.swap(0, 1);
        let (content, target) = states[0];
        let mut child = cmd(content, &out).spawn().expect("runs");
        let when = if i < kills {
            let at = full.mul_f64((i as f64 + 0.5) / kills as f64);
            std::thread::sleep(at);
            format!("at {at:?}")
        } else {
            kill_at_first_change(&out, &mut child);
            "at the first change".to_string()
        };
        let _ = child.kill();
        let _ = child.wait();
        let after = digest(&out);
        assert!(
            after == *now || after == *target,
            "kill {i} {when}: the output is neither the old site nor the new"
        );
        assert!(cmd(content, &out).status().expect("runs").success());
        assert!(
            digest(&out) == *target,
            "kill {i} {when}: the next build differs from a clean one"
        );
        assert!(!dir.join(".public.pending").exists());
        now = target;
    }
}

/// Returns as soon as `out` (the folder, or its home page or sitemap) is replaced, or the
/// build ends.
fn kill_at_first_change(out: &Path, child: &mut std::process::Child) {
    use std::os::unix::fs::MetadataExt as _;
    let ino = |p: &Path| fs::symlink_metadata(p).map(|m| m.ino()).ok();
    let watched = [
        out.to_path_buf(),
        out.join("index.html"),
        out.join("sitemap.xml"),
    ];
    let before: Vec<_> = watched.iter().map(|p| ino(p)).collect();
    while child.try_wait().expect("wait").is_none() {
        if watched.iter().map(|p| ino(p)).collect::<Vec<_>>() != before {
            return;
        }
    }
}

/// Every folder under `dir` that holds nothing: a clean build makes none.
fn empty_folders(dir: &Path) -> Vec<PathBuf> {
    let mut empty = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries: Vec<PathBuf> = fs::read_dir(&d)
            .expect("read dir")
            .map(|e| e.expect("entry").path())
            .collect();
        if entries.is_empty() {
            empty.push(d.clone());
        }
        stack.extend(entries.into_iter().filter(|p| p.is_dir()));
    }
    empty
}

/// The double buffer: after a build that changed something, the staging folder beside the
/// output is the previous site, byte for byte (so the build wrote nothing through the hard
/// links the two trees share); the next build patches it into a site equal to a clean build,
/// removed pages and their folders included; and a staging folder left marked pending (a
/// crash mid-patch) is not trusted but made afresh.
#[test]
fn the_previous_site_is_kept_beside_the_output_and_patched_by_the_next_build() {
    let (dir, content) = sample_content("double-buffer");
    let out = dir.join("public");
    let staging = dir.join(".public.staging");
    let pending = dir.join(".public.pending");
    let page = content.join("pages/lien-he.md");
    let text = read(&page);
    let clean = |name: &str| {
        let clean = dir.join(name);
        good_build(&content, &clean);
        snapshot(&clean)
    };
    good_build(&content, &out);
    let mut previous = snapshot(&out);
    for (i, edit) in ["Thêm một dòng.", "Thêm dòng thứ hai.", "Dòng thứ ba."]
        .iter()
        .enumerate()
    {
        fs::write(&page, format!("{text}\n{edit}\n")).expect("write");
        if i == 2 {
            // A page gone: its file and folder leave the patched staging folder too.
            fs::remove_file(content.join("pages/tro-nang-tiep-can.md")).expect("remove");
        }
        good_build(&content, &out);
        assert!(!pending.exists(), "edit {i}: the marker is left");
        assert!(
            snapshot(&staging) == previous,
            "edit {i}: the staging folder is not the previous site"
        );
        let now = snapshot(&out);
        assert!(
            now == clean(&format!("clean-{i}")),
            "edit {i}: differs from a clean build"
        );
        assert!(
            empty_folders(&out).is_empty(),
            "edit {i}: {:?}",
            empty_folders(&out)
        );
        previous = now;
    }
    // A crash mid-patch: the marker is there, the staging folder holds a stray file and a
    // half-written home page (its own file, not the output's through a link).
    fs::write(&pending, b"").expect("write");
    fs::write(staging.join("stray.html"), "lạc").expect("write");
    let home = staging.join("index.html");
    fs::remove_file(&home).expect("unlink");
    fs::write(&home, "nửa chừng").expect("write");
    fs::write(&page, format!("{text}\nSau sự cố.\n")).expect("write");
    good_build(&content, &out);
    assert!(!pending.exists());
    assert!(snapshot(&out) == clean("clean-after-crash"));
    assert!(
        snapshot(&staging) == previous,
        "the staging folder was trusted after a crash"
    );
}

/// A build that fails while rendering, once the staging folder is being patched: the output
/// is untouched, and the staging folder is put back to the output (not thrown away, which
/// would make the next build link the whole site again), with no marker left.
#[test]
fn a_render_error_while_patching_puts_the_staging_folder_back() {
    let (dir, content) = sample_content("abort-patch");
    let out = dir.join("public");
    let staging = dir.join(".public.staging");
    let page = content.join("pages/lien-he.md");
    let text = read(&page);
    good_build(&content, &out);
    for edit in ["Một.", "Hai."] {
        fs::write(&page, format!("{text}\n{edit}\n")).expect("write");
        good_build(&content, &out);
    }
    let before = snapshot(&out);
    // Also a change that is written before the error: the contact page.
    fs::write(&page, format!("{text}\nBa.\n")).expect("write");
    let templates = content.join("theme/templates");
    fs::create_dir_all(&templates).expect("mkdir");
    let original = read(&repo().join("themes/default/templates/procedure.html"));
    let broken = original.replace(
        "{{ p.code }}</span></span>",
        "{{ p.code }}</span></span>{{ khong_co.truong }}",
    );
    assert_ne!(broken, original);
    fs::write(templates.join("procedure.html"), broken).expect("write");
    let o = build(&content, &out, &[]);
    assert!(!o.status.success());
    assert!(snapshot(&out) == before, "the output changed");
    assert!(!dir.join(".public.pending").exists(), "the marker is left");
    assert!(
        snapshot(&staging) == before,
        "the staging folder is not the output again"
    );
}
