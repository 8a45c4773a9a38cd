//! The `site-gen` command.

use catalog::Date;
use clap::{Args, Parser, Subcommand};
use site_gen::diag_format::{self, Format};
use site_gen::select::Selection;
use site_gen::{build_showing_progress, check_with_warnings, serve, today, Options};
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
    /// Build the site into the output folder (swapped in only if the build succeeds).
    Build(Common),
    /// Check the content and report every error and warning, writing nothing.
    Check {
        #[command(flatten)]
        common: Common,
        /// How to print the diagnostics: human, json (one document on stdout) or github
        /// (workflow annotations on stdout).
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Build, serve on 127.0.0.1 and rebuild when a file changes.
    Serve {
        #[command(flatten)]
        common: Common,
        /// Port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Do not add the live-reload script to the pages served.
        #[arg(long)]
        no_live_reload: bool,
    },
    /// Bring procedures into the catalogue from another source.
    #[command(subcommand)]
    Import(ImportSource),
    /// Write a minimal new site for one commune into DIR (new or empty), ready to build.
    Init {
        /// The folder to create.
        dir: PathBuf,
    },
    /// Working-day calendars.
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Write the JSON Schema of every kind of content file into DIR/schemas/, and DIR/.taplo.toml
    /// that maps each folder to its schema for editors (VS Code's Even Better TOML, taplo).
    Schema {
        /// The content folder.
        #[arg(default_value = "content")]
        dir: PathBuf,
    },
}

#[derive(Subcommand)]
enum CalendarCommand {
    /// Write calendar/YEAR.toml with projected = true: the Labour Code's holidays, with Tết and
    /// Hùng Kings' day from the Vietnamese lunar calendar, weekend holidays moved on.
    Project {
        /// The year, e.g. 2028 (1900 to 2199, where the lunar calendar's method holds).
        #[arg(value_parser = clap::value_parser!(i32).range(1900..=2199))]
        year: i32,
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
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
        /// Print every decision, not only how many of each kind.
        #[arg(long)]
        verbose: bool,
    },
    /// Service-quality figures the national portal publishes (Decision 766 reporting
    /// responses). Writes content/statistics/<period>/<province>-<endpoint>.toml.
    ServiceIndex {
        /// The saved responses (files, or folders of .json files).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The period the responses answer: YYYY, YYYY-Qn or YYYY-MM.
        #[arg(long)]
        period: String,
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Show what would change, write nothing.
        #[arg(long)]
        dry_run: bool,
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
    /// Only these communes (folder names, separated by commas).
    #[arg(long, value_delimiter = ',', conflicts_with = "province")]
    communes: Vec<String>,
    /// Only the communes of this province (as written in commune.toml; marks and case do not
    /// matter).
    #[arg(long)]
    province: Option<String>,
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
            select: match (self.province, self.communes.is_empty()) {
                (Some(p), _) => Selection::Province(p),
                (None, false) => Selection::Communes(self.communes),
                (None, true) => Selection::All,
            },
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
            match build_showing_progress(&opts) {
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
        Command::Check { common, format } => {
            let opts = common.options();
            let (ok, diagnostics, report) = match check_with_warnings(&opts) {
                Ok((r, warnings)) => (true, warnings, r),
                Err(errors) => (false, errors, Default::default()),
            };
            match format {
                Format::Human if ok => {
                    for w in &diagnostics.0 {
                        eprintln!("{w}");
                    }
                    println!(
                        "ok: {} communes, {} procedures, no errors, {} warning(s)",
                        report.communes,
                        report.procedures,
                        diagnostics.len()
                    );
                }
                Format::Human => eprintln!("{diagnostics}"),
                Format::Json => println!(
                    "{}",
                    diag_format::json(&diagnostics.0, report.communes, report.procedures)
                ),
                Format::Github => print!("{}", diag_format::github(&diagnostics.0)),
            }
            if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Command::Import(ImportSource::NationalPortal {
            inputs,
            content,
            dry_run,
            as_of,
            verbose,
        }) => {
            let opts = site_gen::import::PortalImport {
                content,
                inputs,
                dry_run,
                today: as_of.unwrap_or_else(today),
            };
            match site_gen::import::national_portal(&opts) {
                Ok(r) => {
                    r.print(dry_run, verbose);
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Import(ImportSource::ServiceIndex {
            inputs,
            period,
            content,
            dry_run,
        }) => {
            let opts = site_gen::import::service_index::FiguresImport {
                content,
                inputs,
                period,
                dry_run,
            };
            match site_gen::import::service_index::service_index(&opts) {
                Ok(r) => {
                    for line in &r.lines {
                        println!("{line}");
                    }
                    let verb = if dry_run {
                        "would be written"
                    } else {
                        "written"
                    };
                    let changed =
                        r.lines.iter().filter(|l| !l.starts_with(' ')).count() - r.unchanged;
                    println!(
                        "statistics: {changed} file(s) {verb}, {} unchanged",
                        r.unchanged
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Init { dir } => match site_gen::init::init(&dir, today().year()) {
            Ok(created) => {
                print!("{}", site_gen::init::next_steps(&dir, &created));
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: cannot create a site in {}: {e}", dir.display());
                ExitCode::FAILURE
            }
        },
        Command::Calendar(CalendarCommand::Project { year, content }) => {
            match site_gen::calendar_project::write(&content, year) {
                Ok(path) => {
                    println!(
                        "wrote {} (projected: check it against the government's announcement)",
                        path.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    eprintln!(
                        "error: {}/calendar/{year}.toml already exists; nothing was written\n  = help: rename or delete it first if you want a new projection",
                        content.display()
                    );
                    ExitCode::FAILURE
                }
                Err(e) => {
                    eprintln!("error: cannot write the calendar of {year}: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Schema { dir } => match site_gen::schema::write(&dir) {
            Ok(files) => {
                for f in files {
                    println!("wrote {}", f.display());
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!(
                    "error: cannot write the schemas into {}: {e}",
                    dir.display()
                );
                ExitCode::FAILURE
            }
        },
        Command::Serve {
            common,
            port,
            no_live_reload,
        } => match serve::serve(common.options(), port, !no_live_reload) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: cannot serve: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
