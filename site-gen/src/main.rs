//! The `site-gen` command.

use catalog::Date;
use clap::{Args, Parser, Subcommand};
use site_gen::{build, check, serve, today, Options};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "site-gen",
    version,
    about = "Builds a commune's public-information site from TOML and Markdown"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced whole, only if the build succeeds).
    Build(Common),
    /// Check the content and report every error, writing nothing.
    Check(Common),
    /// Build, serve on 127.0.0.1 and rebuild when a file changes.
    Serve {
        #[command(flatten)]
        common: Common,
        /// Port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 8000)]
        port: u16,
    },
    /// Bring procedures into the catalogue from another source.
    #[command(subcommand)]
    Import(ImportSource),
    /// Write synthetic content for benchmarks (small, province, province-vi, national).
    #[command(hide = true)]
    Synth { scale: String, dir: PathBuf },
}

#[derive(Subcommand)]
enum ImportSource {
    /// Procedure records of the national public-service portal (JSON files, or folders of
    /// them). Writes content/catalogue/<field>/<code>.toml; prints what changed.
    NationalPortal {
        /// Files or folders of .json files.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The content folder whose catalogue is updated.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Show what would change, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The date recorded as `checked_on` (default: today in Việt Nam).
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
    },
}

#[derive(Args)]
struct Common {
    /// The content folder (holds site.toml).
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// The output folder.
    #[arg(long, default_value = "public")]
    out: PathBuf,
    /// The day the site describes, YYYY-MM-DD (default: today in Việt Nam).
    #[arg(long, value_parser = parse_date)]
    as_of: Option<Date>,
    /// The address the site is published at, overriding site.toml.
    #[arg(long)]
    base_url: Option<String>,
    /// The themes folder (default: themes/ beside the content folder; the default theme is
    /// also built in).
    #[arg(long)]
    themes: Option<PathBuf>,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).map_err(|e| e.to_string())
}

impl Common {
    fn options(self) -> Options {
        Options {
            content: self.content,
            out: self.out,
            as_of: self.as_of.unwrap_or_else(today),
            base_url: self.base_url,
            themes: self.themes,
        }
    }
}

fn main() -> ExitCode {
    // Exit 1 on a bad argument (such as `--as-of 2026-13-01`), as on any other error, as the
    // README says; clap alone would exit 2.
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Build(common) => {
            let opts = common.options();
            match build(&opts) {
                Ok(r) => {
                    println!(
                        "built {} pages ({} files: {} rendered, {} written, {} removed, {:.1} MB written) for {} communes and {} procedures as of {} in {:.2} s -> {}",
                        r.pages,
                        r.files,
                        r.rendered,
                        r.written,
                        r.removed,
                        r.bytes_written as f64 / 1e6,
                        r.communes,
                        r.procedures,
                        opts.as_of,
                        r.elapsed.as_secs_f64(),
                        opts.out.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check(common) => {
            let opts = common.options();
            match check(&opts) {
                Ok(r) => {
                    println!(
                        "ok: {} communes, {} procedures, no errors",
                        r.communes, r.procedures
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Import(ImportSource::NationalPortal {
            inputs,
            content,
            dry_run,
            as_of,
        }) => {
            let opts = site_gen::import::Options {
                content,
                inputs,
                dry_run,
                today: as_of.unwrap_or_else(today),
            };
            match site_gen::import::national_portal(&opts) {
                Ok(r) => {
                    for line in &r.lines {
                        println!("{line}");
                    }
                    for note in &r.notes {
                        println!("note: {note}");
                    }
                    let changed =
                        r.lines.iter().filter(|l| !l.starts_with(' ')).count() - r.unchanged;
                    if dry_run {
                        println!("dry run: {changed} file(s) would be written, {} unchanged; nothing written", r.unchanged);
                    } else {
                        println!(
                            "imported: {} file(s) written, {} unchanged",
                            r.written.len(),
                            r.unchanged
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Synth { scale, dir } => match site_gen::synth::Scale::named(&scale) {
            Some(s) => match site_gen::synth::generate(&dir, s, 2026) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: cannot write {}: {e}", dir.display());
                    ExitCode::FAILURE
                }
            },
            None => {
                eprintln!(
                    "error: unknown scale `{scale}`: small, province, province-vi or national"
                );
                ExitCode::FAILURE
            }
        },
        Command::Serve { common, port } => match serve::serve(common.options(), port) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: cannot serve: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
