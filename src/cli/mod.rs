//! The command line: `feltsense` opens the window; subcommands work headless on the same journal.

pub mod desktop;
pub mod parse;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::{Local, NaiveDate};
use clap::{Parser, Subcommand, ValueEnum};

use crate::export;
use crate::model::{Entry, Lang, Region};
use crate::store::{EntryFilter, Store, resolve_path};

/// Feltsense: notice where your body holds tension and what you felt before it.
#[derive(Debug, Parser)]
#[command(name = "feltsense", version, about, long_about = None)]
pub struct Cli {
    /// The journal file (default: FELTSENSE_DB, else the platform data folder).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// What to do; without a command the window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add one entry.
    Add(AddArgs),
    /// List entries, newest first.
    List {
        /// First day (YYYY-MM-DD), inclusive.
        #[arg(long, value_parser = parse::date)]
        from: Option<NaiveDate>,
        /// Last day (YYYY-MM-DD), inclusive.
        #[arg(long, value_parser = parse::date)]
        to: Option<NaiveDate>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Export entries to a file.
    Export {
        /// File format.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Output file.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// First day (YYYY-MM-DD), inclusive.
        #[arg(long, value_parser = parse::date)]
        from: Option<NaiveDate>,
        /// Last day (YYYY-MM-DD), inclusive.
        #[arg(long, value_parser = parse::date)]
        to: Option<NaiveDate>,
    },
    /// Import a Feltsense JSON file. All or nothing; entries already present are skipped.
    Import {
        /// The file to import.
        file: PathBuf,
    },
    /// Fill the journal with generated demo entries.
    Demo {
        /// How many years of entries to generate.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=30))]
        years: u32,
        /// Seed, for a reproducible journal.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Add to a journal that already holds entries.
        #[arg(long)]
        force: bool,
    },
    /// The lag table: tension in the hours and days after each emotion, compared with the
    /// person's own baseline (associations, not proof of cause).
    Insights {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// First day (YYYY-MM-DD), inclusive.
        #[arg(long, value_parser = parse::date)]
        from: Option<NaiveDate>,
        /// Last day (YYYY-MM-DD), inclusive.
        #[arg(long, value_parser = parse::date)]
        to: Option<NaiveDate>,
        /// An emotion at this intensity or more counts as an event.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u8).range(1..=10))]
        min_intensity: u8,
        /// Language of the table.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
    },
    /// Add Feltsense to your applications menu (per user, with icons).
    InstallDesktop,
    /// Remove what install-desktop added.
    UninstallDesktop,
    /// List the body regions with their codes and names.
    Regions {
        /// Language of the names.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
    },
}

/// Arguments of `feltsense add`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// When (default: now), e.g. 2026-11-20T08:30 (local time) or 2026-11-20T08:30:00+01:00.
    #[arg(long, value_parser = parse::moment)]
    pub at: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// An emotion and its intensity, e.g. anger=7 (repeatable).
    #[arg(long, value_parser = parse::emotion)]
    pub emotion: Vec<(String, crate::model::Level)>,
    /// A region and its tension level, e.g. neck=6 (repeatable; `feltsense regions` lists codes).
    #[arg(long, value_parser = parse::tension)]
    pub tension: Vec<(Region, crate::model::Level)>,
    /// An unnoticed-stress signal, e.g. jaw_clenching (repeatable).
    #[arg(long, value_parser = parse::signal)]
    pub signal: Vec<crate::model::Signal>,
    /// A practice and its minutes, e.g. breathing_4_6=2.
    #[arg(long, value_parser = parse::practice)]
    pub practice: Option<crate::model::Practice>,
    /// A note.
    #[arg(long, default_value = "")]
    pub note: String,
    /// A tag (repeatable).
    #[arg(long)]
    pub tag: Vec<String>,
}

/// `list` output formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ListFormat {
    /// A readable table.
    Table,
    /// The JSON interchange format.
    Json,
}

/// `export` formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportFormat {
    /// The JSON interchange format.
    Json,
}

/// Languages on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LangArg {
    /// English.
    En,
    /// Nederlands.
    Nl,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::En => Lang::En,
            LangArg::Nl => Lang::Nl,
        }
    }
}

/// Runs the program with the process arguments; the binary's `main`.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("feltsense: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn open_store(db: Option<PathBuf>) -> Result<Store> {
    let path = resolve_path(db).context("no data folder could be found; pass --db PATH or set FELTSENSE_DB")?;
    Ok(Store::open(&path)?)
}

/// Runs parsed arguments.
pub fn run(cli: Cli) -> Result<()> {
    let Some(command) = cli.command else {
        return crate::ui::run(cli.db);
    };
    let mut out = std::io::stdout().lock();
    match command {
        Command::Insights { format, from, to, min_intensity, lang } => {
            let store = open_store(cli.db)?;
            let entries = store.list_chronological(&EntryFilter::default())?;
            let params = crate::analysis::lag::LagParams {
                min_intensity: crate::model::Level::new(min_intensity).context("intensity must be 1 to 10")?,
                range: crate::analysis::common::DateRange { from, to },
                ..Default::default()
            };
            let table = crate::analysis::lag::lag_analysis(&entries, &params);
            match format {
                ListFormat::Json => crate::analysis::lag::write_json(&table, &mut out)?,
                ListFormat::Table => write!(out, "{}", crate::analysis::lag::format_table(&table, lang.into()))?,
            }
        }
        Command::InstallDesktop => {
            let home = desktop::data_home().context("no home folder found; set XDG_DATA_HOME")?;
            let exe = std::env::current_exe().context("cannot find this program's path")?;
            let written = desktop::install(&home, &exe)?;
            writeln!(out, "installed the menu entry and {} icons under {}", written.len() - 1, home.display())?;
        }
        Command::UninstallDesktop => {
            let home = desktop::data_home().context("no home folder found; set XDG_DATA_HOME")?;
            let removed = desktop::uninstall(&home)?;
            writeln!(out, "removed {} files under {}", removed.len(), home.display())?;
        }
        Command::Regions { lang } => {
            let lang = Lang::from(lang);
            for r in Region::ALL {
                writeln!(
                    out,
                    "{:<15} {:<7} {:<7} {}",
                    r.code(),
                    r.primary_view().code(),
                    r.side().code(),
                    r.name(lang)
                )?;
            }
        }
        Command::Add(a) => {
            let mut store = open_store(cli.db)?;
            let entry = entry_from_args(a)?;
            let id = store.insert(&entry)?;
            writeln!(out, "saved entry {} at {}", id.0, entry.at.format("%Y-%m-%d %H:%M"))?;
        }
        Command::List { from, to, format } => {
            let store = open_store(cli.db)?;
            let entries = store.list(&EntryFilter { from, to, ..EntryFilter::default() })?;
            match format {
                ListFormat::Json => export::json::write(&entries, &mut out)?,
                ListFormat::Table => write_table(&entries, &mut out)?,
            }
        }
        Command::Export { format, output, from, to } => {
            let store = open_store(cli.db)?;
            let entries = store.list_chronological(&EntryFilter { from, to, ..EntryFilter::default() })?;
            match format {
                ExportFormat::Json => {
                    export::files::write_atomic(&output, |w| export::json::write(&entries, w))?;
                }
            }
            writeln!(out, "exported {} entries to {}", entries.len(), output.display())?;
        }
        Command::Import { file } => {
            let mut store = open_store(cli.db)?;
            let n = import_json(&mut store, &file)?;
            writeln!(out, "imported {} entries ({} already present)", n.added, n.already_present)?;
        }
        Command::Demo { years, seed, force } => {
            let mut store = open_store(cli.db)?;
            let existing = store.count()?;
            if existing > 0 && !force {
                bail!("the journal already holds {existing} entries; add --force to add demo entries to it anyway");
            }
            let entries =
                crate::demo::generate(&crate::demo::DemoOptions { years, seed, end: Local::now().fixed_offset() });
            let n = store.import(&entries)?;
            writeln!(out, "added {} demo entries covering {years} year(s)", n.added)?;
        }
    }
    Ok(())
}

/// Reads and imports a JSON interchange file.
fn import_json(store: &mut Store, file: &Path) -> Result<crate::store::ImportOutcome> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let entries = export::json::parse(&bytes)
        .with_context(|| format!("{} was not imported; nothing was changed", file.display()))?;
    Ok(store.import(&entries)?)
}

/// Builds the entry `feltsense add` describes.
pub fn entry_from_args(a: AddArgs) -> Result<Entry> {
    let mut e = Entry::new(a.at.unwrap_or_else(|| Local::now().fixed_offset()));
    for (region, level) in a.tension {
        e.set_tension(region, Some(level));
    }
    for (code, level) in a.emotion {
        e.set_emotion(&code, Some(level));
    }
    e.signals = a.signal;
    e.practice = a.practice;
    e.note = a.note;
    e.tags = a.tag;
    e.normalize();
    e.validate()?;
    if e.tensions.is_empty()
        && e.emotions.is_empty()
        && e.signals.is_empty()
        && e.practice.is_none()
        && e.note.trim().is_empty()
    {
        bail!("an entry needs at least a tension, an emotion, a signal, a practice or a note");
    }
    Ok(e)
}

fn write_table(entries: &[Entry], out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "{:<16}  {:<40}  {:<28}  note", "when", "tension", "emotions")?;
    for e in entries {
        let tensions: Vec<String> = e.tensions.iter().map(|t| format!("{} {}", t.region.code(), t.level)).collect();
        let emotions: Vec<String> = e.emotions.iter().map(|x| format!("{} {}", x.code, x.intensity)).collect();
        let note: String = e.note.lines().next().unwrap_or("").chars().take(50).collect();
        writeln!(
            out,
            "{:<16}  {:<40}  {:<28}  {}",
            e.at.format("%Y-%m-%d %H:%M"),
            tensions.join(", "),
            emotions.join(", "),
            note
        )?;
    }
    writeln!(out, "{} entries", entries.len())
}
