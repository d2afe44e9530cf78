//! The command line: `feltsense` opens the window; subcommands work headless on the same journal.

pub mod backup;
pub mod desktop;
pub mod experiment;
pub mod manual;
pub mod parse;
pub mod passphrase;
pub mod prep;
pub mod remind;
pub mod sync;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::{Local, NaiveDate};
use clap::{Parser, Subcommand, ValueEnum};

use crate::export;
use crate::model::text::time::{self, Zone};
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
    /// Export entries: the JSON interchange file, CSV tables, the PDF report for a
    /// physiotherapist, or a FHIR R4 bundle for a care provider's record system.
    Export {
        /// File format.
        #[arg(long, value_enum)]
        format: export::plan::Format,
        /// Output file. For CSV, two files are written next to it: NAME-tensions.csv and
        /// NAME-entries.csv.
        #[arg(short = 'o', long = "output", value_name = "PATH")]
        output: PathBuf,
        /// First day (YYYY-MM-DD), inclusive. The PDF report defaults to the day of the last
        /// appointment (`feltsense appointment`), else to the last 8 weeks.
        #[arg(long, value_parser = parse::date)]
        from: Option<NaiveDate>,
        /// Last day (YYYY-MM-DD), inclusive (default: today).
        #[arg(long, value_parser = parse::date)]
        to: Option<NaiveDate>,
        /// Leave notes out.
        #[arg(long)]
        no_notes: bool,
        /// The person's name, printed on the PDF report (FHIR: the Patient's name; without it the
        /// Patient is anonymous).
        #[arg(long)]
        name: Option<String>,
        /// Language of the PDF report, of CSV headers and names, and of FHIR displays.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
        /// CSV separator: semicolon (what a Dutch Excel expects) or comma.
        #[arg(long, value_enum, default_value_t = export::csv::CsvDialect::Semicolon)]
        separator: export::csv::CsvDialect,
        /// FHIR only: attach the PDF report for the same period and language as a
        /// DocumentReference.
        #[arg(long)]
        with_report: bool,
    },
    /// Import a file: the Feltsense JSON format, or another app's export with --from-app.
    /// All or nothing; entries already present are skipped.
    Import {
        /// The file to import.
        file: PathBuf,
        /// The app the file comes from.
        #[arg(long, value_enum)]
        from_app: Option<FromApp>,
        /// Only show what would be imported (the preview); change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Fill the journal with generated demo entries.
    Demo {
        /// How many years of entries to generate.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=50))]
        years: u32,
        /// Seed, for a reproducible journal.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Add to a journal that already holds entries.
        #[arg(long)]
        force: bool,
        /// The language of the notes, tags and own emotions (nl: as a Dutch-speaking person writes them).
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
    },
    /// The lag table: tension in the hours and days after each emotion, compared with the
    /// person's own baseline (associations, not proof of cause); with --practices, what each
    /// practice does, compared with similar moments without one.
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
        /// Instead of the lag table: one row per practice (and per region with enough data) with
        /// its plain change, its change compared with similar moments without a practice, the
        /// 95 % interval and the verdict.
        #[arg(long)]
        practices: bool,
    },
    /// Back up the journal now (into the `backups` folder beside it) and print the backup's path.
    Backup,
    /// List the journal's backups, newest first.
    Backups,
    /// Replace the journal with a backup; the current journal is backed up first.
    Restore {
        /// The backup file: a path, or a file name from `feltsense backups`.
        file: PathBuf,
    },
    /// Lock the journal with a passphrase (encrypted at rest, backups too), change it, or remove
    /// it with --remove. Asks on the terminal; scripts set FELTSENSE_PASSPHRASE (the current one)
    /// and FELTSENSE_NEW_PASSPHRASE.
    Passphrase {
        /// Remove the lock: the journal and its backups are stored unencrypted again.
        #[arg(long)]
        remove: bool,
    },
    /// Add Feltsense to your applications menu (per user, with icons).
    InstallDesktop,
    /// Remove what install-desktop added.
    UninstallDesktop,
    /// Send the check-in reminders chosen in Settings when they are due (the background process
    /// that `reminders install` starts at login).
    Remind(remind::RemindArgs),
    /// Reminders while the window is closed: install, remove or show the per-user autostart entry.
    Reminders {
        /// What to do.
        #[command(subcommand)]
        command: remind::RemindersCommand,
    },
    /// Print the manual page feltsense(1) in roff (`feltsense man | man -l -`), or write it and
    /// one page per command (feltsense-add.1, ...) into a folder.
    Man {
        /// Write every page into this folder instead of printing feltsense(1).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Print the shell completion script for bash, zsh or fish (also elvish or powershell).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Personal experiments: does a practice ease a region's tension for you? Two moments a day,
    /// one with the practice and one as usual, in an order drawn at random each day; the result
    /// comes at planned looks (after 14 days, once extended to 28).
    Experiment {
        /// What to do.
        #[command(subcommand)]
        command: experiment::ExperimentCommand,
        /// Language of the messages and the result.
        #[arg(long, value_enum, default_value_t = LangArg::En, global = true)]
        lang: LangArg,
        /// Use this time as "now" instead of the clock (for tests and demonstrations).
        #[arg(long, hide = true, global = true, value_name = "TIME")]
        now: Option<String>,
    },
    /// The activities your complaint makes hard, scored weekly on the PSK or the PSFS (the
    /// physiotherapist's own measures): add, rate, retire and list them.
    Activity {
        /// What to do.
        #[command(subcommand)]
        command: prep::ActivityCommand,
        /// Language of the messages and lists.
        #[arg(long, value_enum, default_value_t = LangArg::En, global = true)]
        lang: LangArg,
        /// Use this time as "now" instead of the clock (for tests and demonstrations).
        #[arg(long, hide = true, global = true, value_name = "TIME")]
        now: Option<String>,
    },
    /// Topics to discuss at the appointment: add, order, tick off, dismiss, and the suggestions
    /// Feltsense makes from your journal.
    Topic {
        /// What to do.
        #[command(subcommand)]
        command: prep::TopicCommand,
        /// Language of the messages, lists and suggestions.
        #[arg(long, value_enum, default_value_t = LangArg::En, global = true)]
        lang: LangArg,
        /// Use this time as "now" instead of the clock (for tests and demonstrations).
        #[arg(long, hide = true, global = true, value_name = "TIME")]
        now: Option<String>,
    },
    /// Appointments with your physiotherapist (a report covers the time since the last one by
    /// default) and the reason for the visit.
    Appointment {
        /// What to do.
        #[command(subcommand)]
        command: prep::AppointmentCommand,
        /// Language of the messages and lists.
        #[arg(long, value_enum, default_value_t = LangArg::En, global = true)]
        lang: LangArg,
        /// Use this time as "now" instead of the clock (for tests and demonstrations).
        #[arg(long, hide = true, global = true, value_name = "TIME")]
        now: Option<String>,
    },
    /// Copies of the journal in a folder of your choice (a Syncthing, Nextcloud or Dropbox folder,
    /// a USB stick): written encrypted, merged from your other computers, restored on a new one.
    Sync {
        /// What to do.
        #[command(subcommand)]
        command: sync::SyncCommand,
        /// Language of the messages.
        #[arg(long, value_enum, default_value_t = LangArg::En, global = true)]
        lang: LangArg,
    },
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
    /// The whole entry as one quick-log line, e.g. "neck 6, left shoulder 4, anxiety 7, #work:
    /// meeting ran late" (English or Dutch names; prefixes such as `ne6 ls4` work too).
    #[arg(long, conflicts_with_all = ["emotion", "tension", "signal", "practice", "note", "tag"])]
    pub quick: Option<String>,
    /// Language of the quick log's messages (and of short forms both languages use).
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
}

/// `list` output formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ListFormat {
    /// A readable table.
    Table,
    /// The JSON interchange format.
    Json,
}

/// Apps whose exports `import --from-app` reads.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FromApp {
    /// Daylio's CSV export (the 7- and the 8-column layout).
    Daylio,
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
        // The reader went away (`feltsense list | head`): what it wanted was written; stop quietly,
        // as `git log | head` and ripgrep do.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("feltsense: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Whether `e` comes from writing to a pipe whose reader has gone (anywhere in its chain, also
/// inside serde_json's error).
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}

fn open_store(db: Option<PathBuf>) -> Result<Store> {
    let path = resolve_path(db).context("no data folder could be found; pass --db PATH or set FELTSENSE_DB")?;
    let key = passphrase::journal_key(&path)?;
    Ok(Store::open_with(&path, key.as_ref())?)
}

/// Runs parsed arguments.
pub fn run(cli: Cli) -> Result<()> {
    let Some(command) = cli.command else {
        return crate::ui::run(cli.db);
    };
    let mut out = std::io::stdout().lock();
    match command {
        Command::Insights { format, from, to, lang, practices: true, .. } => {
            let store = open_store(cli.db)?;
            let entries = store.list_chronological(&EntryFilter::default())?;
            let range = crate::analysis::common::DateRange { from, to };
            let rows = crate::analysis::practices::practice_rows(&crate::analysis::practices::practice_report(
                &entries, range,
            ));
            match format {
                ListFormat::Json => crate::analysis::practices::write_json(&rows, &mut out)?,
                ListFormat::Table => write!(out, "{}", crate::analysis::practices::format_table(&rows, lang.into()))?,
            }
        }
        Command::Insights { format, from, to, min_intensity, lang, practices: false } => {
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
        Command::Experiment { command, lang, now } => {
            experiment::run(|| open_store(cli.db), command, lang, now, &mut out)?;
        }
        Command::Activity { command, lang, now } => {
            prep::run(|| open_store(cli.db), prep::Command::Activity(command), lang, now, &mut out)?;
        }
        Command::Topic { command, lang, now } => {
            prep::run(|| open_store(cli.db), prep::Command::Topic(command), lang, now, &mut out)?;
        }
        Command::Appointment { command, lang, now } => {
            prep::run(|| open_store(cli.db), prep::Command::Appointment(command), lang, now, &mut out)?;
        }
        Command::Sync { command, lang } => sync::run(cli.db, command, lang.into(), &mut out)?,
        Command::Backup => backup::backup(cli.db, &mut out)?,
        Command::Backups => backup::list(cli.db, &mut out)?,
        Command::Restore { file } => backup::restore(cli.db, &file, &mut out)?,
        Command::Passphrase { remove } => {
            let path =
                resolve_path(cli.db).context("no data folder could be found; pass --db PATH or set FELTSENSE_DB")?;
            passphrase::passphrase(&path, remove, &mut out)?;
        }
        Command::InstallDesktop => {
            let home = desktop::data_home().context("no home folder found; set XDG_DATA_HOME")?;
            let exe = std::env::current_exe().context("cannot find this program's path")?;
            let written = desktop::install(&home, &exe)?;
            writeln!(out, "installed the menu entry and {} icons under {}", written.len() - 1, home.display())?;
            for system in desktop::system_entries(&desktop::data_dirs()) {
                writeln!(
                    out,
                    "{} (the installed package's entry) has the same id, so your menu shows this one in its \
                     place; `feltsense uninstall-desktop` brings the package's entry back",
                    system.display()
                )?;
            }
        }
        Command::Remind(args) => remind::remind(cli.db, &args, &mut out)?,
        Command::Reminders { command } => remind::reminders(&command, &mut out)?,
        Command::UninstallDesktop => {
            let home = desktop::data_home().context("no home folder found; set XDG_DATA_HOME")?;
            let removed = desktop::uninstall(&home)?;
            writeln!(out, "removed {} files under {}", removed.len(), home.display())?;
        }
        Command::Man { dir: None } => out.write_all(&manual::main_page()?)?,
        Command::Man { dir: Some(dir) } => {
            let written = manual::write_pages(&dir)?;
            writeln!(out, "wrote {} manual pages into {}", written.len(), dir.display())?;
        }
        Command::Completions { shell } => manual::completions(shell, &mut out),
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
            // Read the arguments before the journal is opened: bad input touches no file.
            let entry = entry_from_args(a)?;
            let mut store = open_store(cli.db)?;
            let id = store.insert(&entry)?;
            writeln!(out, "saved entry {} at {}", id.0, time::when_iso(&entry.at, Zone::System))?;
        }
        Command::List { from, to, format } => {
            let store = open_store(cli.db)?;
            let filter = EntryFilter { from, to, ..EntryFilter::default() };
            // Buffered: the table and the JSON are written in many small pieces.
            let mut out = std::io::BufWriter::with_capacity(256 * 1024, out);
            match format {
                ListFormat::Json => {
                    list_json(&store, &filter, &mut out)?;
                }
                ListFormat::Table => write_table(&store.list(&filter)?, &mut out)?,
            }
            out.flush()?;
        }
        Command::Export { format, output, from, to, no_notes, name, lang, separator, with_report } => {
            let mut plan = export::plan::Plan {
                from,
                to,
                include_notes: !no_notes,
                name,
                lang: lang.into(),
                dialect: separator,
                with_report,
                ..export::plan::Plan::new(format, output, Local::now().date_naive())
            };
            // Checked before the journal is opened: a wrong combination touches nothing.
            plan.check().map_err(|e| anyhow::anyhow!(plan_error(&e)))?;
            let store = open_store(cli.db)?;
            // The report's default period starts at the last appointment.
            let prep = store.prep()?;
            plan.appointments = prep.appointment_dates();
            export_command(&store, &plan, &prep, &mut out)?;
        }
        Command::Import { file, from_app, dry_run } => {
            let mut store = open_store(cli.db)?;
            import_command(&mut store, &file, from_app, dry_run, &mut out)?;
        }
        Command::Demo { years, seed, force, lang } => {
            let mut store = open_store(cli.db)?;
            let existing = store.count()?;
            if existing > 0 && !force {
                bail!("the journal already holds {existing} entries; add --force to add demo entries to it anyway");
            }
            let mut entries =
                crate::demo::generate(&crate::demo::DemoOptions { years, seed, end: Local::now().fixed_offset() });
            if Lang::from(lang) == Lang::Nl {
                crate::demo::in_dutch(&mut entries);
            }
            backup::before_import(&store)?;
            let n = store.import(&entries)?;
            writeln!(out, "added {} demo entries covering {years} year(s)", n.added)?;
        }
    }
    Ok(())
}

/// Writes what `feltsense list --format json` prints: the entries matching `filter` in the JSON
/// interchange format, read and written page by page, so a journal of decades is never held in
/// memory at once. Returns how many entries were written.
pub fn list_json(store: &Store, filter: &EntryFilter, out: &mut impl Write) -> Result<usize> {
    let mut stream = export::json::JsonStream::new(out)?;
    store.for_each_page_chronological::<anyhow::Error>(filter, 2000, |page| Ok(stream.page(page)?))?;
    Ok(stream.finish()?)
}

/// A plan's problem in the command line's words (it names the flags).
fn plan_error(e: &export::plan::PlanError) -> String {
    use export::plan::PlanError;
    match e {
        PlanError::FromAfterTo(from, to) => format!("--from {from} is after --to {to}"),
        PlanError::BeforeTheCalendar { weeks, .. } => {
            format!("the {weeks} weeks up to --to would start before the year 1; pass --from")
        }
        PlanError::ReportOnlyWithFhir => {
            "--with-report belongs to --format fhir (the PDF itself is --format pdf)".to_owned()
        }
    }
}

/// `feltsense export`: reads the days the plan needs from the journal page by page, never the
/// whole journal at once, and writes it (the one export use case the window's effects thread
/// runs too, [`export::plan`]).
fn export_command(
    store: &Store,
    plan: &export::plan::Plan,
    prep: &crate::model::prep::Prep,
    out: &mut impl Write,
) -> Result<()> {
    use export::plan::Format;
    let experiments = if plan.format == Format::Fhir { Vec::new() } else { store.experiments()? };
    let done =
        plan.run_from(store, &experiments, prep, &mut export::source::Quiet).with_context(|| match plan.format {
            Format::Fhir => "the FHIR bundle was not written",
            _ => "the export was not written",
        })?;
    let path = plan.output.display();
    match (plan.format, done.files.as_slice(), done.report, done.fhir) {
        (Format::Csv, [tensions, entries, more @ ..], ..) => {
            writeln!(out, "exported {} entries to {} and {}", done.entries, tensions.display(), entries.display())?;
            let mut more = more.iter();
            if done.experiments > 0
                && let Some(experiments) = more.next()
            {
                writeln!(
                    out,
                    "and {} personal experiment(s), a row per moment, to {}",
                    done.experiments,
                    experiments.display()
                )?;
            }
            for activities in more {
                writeln!(out, "and the activity ratings (PSK/PSFS) to {}", activities.display())?;
            }
        }
        (Format::Pdf, _, Some((from, to)), _) => writeln!(out, "wrote the report for {from} to {to} to {path}")?,
        (Format::Fhir, _, _, Some(counts)) => {
            if done.entries == 0 {
                eprintln!("feltsense: no entries in this period; the bundle holds only the Patient");
            }
            writeln!(
                out,
                "exported {} entries as {} FHIR resources ({} Observations{}) to {path}",
                done.entries,
                counts.total(),
                counts.observations(),
                if counts.documents > 0 { ", the report" } else { "" },
            )?;
        }
        _ => {
            writeln!(out, "exported {} entries to {path}", done.entries)?;
            if done.experiments > 0 {
                writeln!(out, "and {} personal experiment(s)", done.experiments)?;
            }
            let prep = prep.within(plan.from, plan.to);
            if plan.format == Format::Json && !prep.is_empty() {
                writeln!(out, "and {}", prep_counts(&prep))?;
            }
        }
    }
    Ok(())
}

fn import_command(
    store: &mut Store,
    file: &Path,
    from_app: Option<FromApp>,
    dry_run: bool,
    out: &mut impl Write,
) -> Result<()> {
    let unchanged = || format!("{} was not imported; nothing was changed", file.display());
    let Some(app) = from_app else {
        return import_json_command(store, file, dry_run, out);
    };
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let (entries, experiments, prep) = match app {
        FromApp::Daylio => {
            let preview =
                export::daylio::preview(&bytes, export::files::OffsetSource::Local).with_context(unchanged)?;
            writeln!(out, "{} entries in the file", preview.entries.len())?;
            for (from, to) in preview.mapping_lines(Lang::En) {
                writeln!(out, "  {from} → {to}")?;
            }
            for s in &preview.skipped {
                writeln!(out, "  skipped line {}: {}", s.line, s.reason.describe(Lang::En))?;
            }
            (preview.entries, Vec::new(), crate::model::prep::Prep::default())
        }
    };
    if dry_run {
        writeln!(out, "dry run: {} entries would be imported; nothing was changed", entries.len())?;
        if !experiments.is_empty() {
            writeln!(out, "and {} personal experiment(s)", experiments.len())?;
        }
        if !prep.is_empty() {
            writeln!(out, "and {}", prep_counts(&prep))?;
        }
        return Ok(());
    }
    backup::before_import(store)?;
    let n = store.import_journal(&entries, &experiments, &prep)?;
    let p = &n.prep;
    writeln!(out, "imported {} entries ({} already present)", n.added, n.already_present)?;
    if !experiments.is_empty() {
        writeln!(
            out,
            "and {} personal experiment(s) ({} already present)",
            n.experiments_added, n.experiments_already_present
        )?;
    }
    if !prep.is_empty() {
        writeln!(out, "and {} ({} new, {} already present)", prep_counts(&prep), p.added, p.already_present)?;
    }
    Ok(())
}

/// `feltsense import` of a Feltsense JSON file: checked whole first without keeping its entries
/// (a refused file makes no backup), then imported entry by entry as it is read again, in one
/// transaction ([`export::import::import_json`]).
fn import_json_command(store: &mut Store, file: &Path, dry_run: bool, out: &mut impl Write) -> Result<()> {
    let refused = |e: export::import::ReadError| match e {
        export::import::ReadError::Io { path, source } => {
            anyhow::Error::new(source).context(format!("cannot read {}", path.display()))
        }
        e => anyhow::anyhow!("{}", crate::model::Describe::describe(&e, Lang::En))
            .context(format!("{} was not imported; nothing was changed", file.display())),
    };
    let rest = export::import::count_json(file).map_err(refused)?;
    if dry_run {
        writeln!(out, "dry run: {} entries would be imported; nothing was changed", rest.entries)?;
        if !rest.experiments.is_empty() {
            writeln!(out, "and {} personal experiment(s)", rest.experiments.len())?;
        }
        if !rest.prep.is_empty() {
            writeln!(out, "and {}", prep_counts(&rest.prep))?;
        }
        return Ok(());
    }
    backup::before_import(store)?;
    let n = export::import::import_json(store, file, rest.entries, &mut export::source::Quiet).map_err(refused)?;
    let p = &n.prep;
    writeln!(out, "imported {} entries ({} already present)", n.added, n.already_present)?;
    if !rest.experiments.is_empty() {
        writeln!(
            out,
            "and {} personal experiment(s) ({} already present)",
            n.experiments_added, n.experiments_already_present
        )?;
    }
    if !rest.prep.is_empty() {
        writeln!(out, "and {} ({} new, {} already present)", prep_counts(&rest.prep), p.added, p.already_present)?;
    }
    Ok(())
}

/// "2 activities with 6 ratings, 3 topics, 1 appointment, the reason for the visit".
fn prep_counts(p: &crate::model::prep::Prep) -> String {
    let n = |k: usize, one: &str, more: &str| crate::model::text::plural(k as u64, one, more);
    let mut parts = vec![
        format!("{} with {}", n(p.activities.len(), "activity", "activities"), n(p.ratings.len(), "rating", "ratings")),
        n(p.topics.len(), "topic", "topics"),
        n(p.appointments.len(), "appointment", "appointments"),
    ];
    if !p.reason.is_empty() {
        parts.push("the reason for the visit".to_owned());
    }
    parts.join(", ")
}

/// Builds the entry `feltsense add` describes.
pub fn entry_from_args(a: AddArgs) -> Result<Entry> {
    let at = a.at.unwrap_or_else(|| Local::now().fixed_offset());
    if let Some(line) = &a.quick {
        let lang = Lang::from(a.lang);
        let parsed = crate::model::quick::parse(line, lang, &[]);
        let e = parsed
            .to_entry(at)
            .map_err(|problems| anyhow::anyhow!(crate::model::quick::explain(line, &problems, lang)))?;
        if !parsed.is_clean() {
            bail!(
                "{}",
                lang.pick(
                    "the quick log is empty; write e.g. \"neck 6, anxiety 7\"",
                    "de regel voor snel vastleggen is leeg; schrijf bijv. \"nek 6, angst 7\""
                )
            );
        }
        e.validate()?;
        return Ok(e);
    }
    let mut e = Entry::new(at);
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

/// The entries as a table; "when" is on this computer's clock, with an entry's own time and offset
/// after it where they differ ([`crate::model::text::time::when_iso`]).
fn write_table(entries: &[Entry], out: &mut impl Write) -> std::io::Result<()> {
    let zone = Zone::System;
    let whens: Vec<String> = entries.iter().map(|e| time::when_iso(&e.at, zone)).collect();
    let w = whens.iter().map(|t| t.chars().count()).max().unwrap_or(0).max(16);
    writeln!(out, "{:<w$}  {:<40}  {:<28}  note", "when", "tension", "emotions")?;
    for (e, when) in entries.iter().zip(&whens) {
        let tensions: Vec<String> = e.tensions.iter().map(|t| format!("{} {}", t.region.code(), t.level)).collect();
        let emotions: Vec<String> = e.emotions.iter().map(|x| format!("{} {}", x.code, x.intensity)).collect();
        let note: String = e.note.lines().next().unwrap_or("").chars().take(50).collect();
        writeln!(out, "{when:<w$}  {:<40}  {:<28}  {}", tensions.join(", "), emotions.join(", "), note)?;
    }
    writeln!(out, "{} entries", entries.len())
}
