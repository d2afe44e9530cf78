//! The command line: `feltsense` opens the window; subcommands work headless on the same journal.

pub mod backup;
pub mod desktop;
pub mod experiment;
pub mod manual;
pub mod parse;
pub mod passphrase;
pub mod remind;

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
    /// Export entries: the JSON interchange file, CSV tables, the PDF report for a
    /// physiotherapist, or a FHIR R4 bundle for a care provider's record system.
    Export {
        /// File format.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Output file. For CSV, two files are written next to it: NAME-tensions.csv and
        /// NAME-entries.csv.
        #[arg(short = 'o', long = "output", value_name = "PATH")]
        output: PathBuf,
        /// First day (YYYY-MM-DD), inclusive. The PDF report defaults to the last 8 weeks.
        #[arg(long, value_parser = parse::date)]
        from: Option<NaiveDate>,
        /// Last day (YYYY-MM-DD), inclusive (default: today).
        #[arg(long, value_parser = parse::date)]
        to: Option<NaiveDate>,
        /// Leave notes out (PDF, CSV and FHIR).
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
        #[arg(long, value_enum, default_value_t = CsvSeparator::Semicolon)]
        separator: CsvSeparator,
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

/// `export` formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportFormat {
    /// The JSON interchange format (lossless).
    Json,
    /// Two spreadsheet tables: tensions and entries.
    Csv,
    /// The report for a physiotherapist (A4).
    Pdf,
    /// One FHIR R4 Bundle (collection) of Observations for a record system (docs/fhir.md).
    Fhir,
}

/// CSV separators.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum CsvSeparator {
    /// `;`, what Excel expects in Dutch (and most European) settings.
    Semicolon,
    /// `,`.
    Comma,
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
        Err(e) => {
            eprintln!("feltsense: {e:#}");
            ExitCode::FAILURE
        }
    }
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
        Command::Experiment { command, lang, now } => {
            experiment::run(|| open_store(cli.db), command, lang, now, &mut out)?;
        }
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
            writeln!(out, "saved entry {} at {}", id.0, entry.at.format("%Y-%m-%d %H:%M"))?;
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
            if with_report && !matches!(format, ExportFormat::Fhir) {
                bail!("--with-report belongs to --format fhir (the PDF itself is --format pdf)");
            }
            let store = open_store(cli.db)?;
            export_command(
                &store,
                &ExportRequest { format, output, from, to, no_notes, name, lang: lang.into(), separator, with_report },
                &mut out,
            )?;
        }
        Command::Import { file, from_app, dry_run } => {
            let mut store = open_store(cli.db)?;
            import_command(&mut store, &file, from_app, dry_run, &mut out)?;
        }
        Command::Demo { years, seed, force } => {
            let mut store = open_store(cli.db)?;
            let existing = store.count()?;
            if existing > 0 && !force {
                bail!("the journal already holds {existing} entries; add --force to add demo entries to it anyway");
            }
            let entries =
                crate::demo::generate(&crate::demo::DemoOptions { years, seed, end: Local::now().fixed_offset() });
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

/// What `feltsense export` was asked for.
struct ExportRequest {
    format: ExportFormat,
    output: PathBuf,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    no_notes: bool,
    name: Option<String>,
    lang: Lang,
    separator: CsvSeparator,
    with_report: bool,
}

fn export_command(store: &Store, r: &ExportRequest, out: &mut impl Write) -> Result<()> {
    let today = Local::now().date_naive();
    match r.format {
        ExportFormat::Json => {
            let entries =
                store.list_chronological(&EntryFilter { from: r.from, to: r.to, ..EntryFilter::default() })?;
            let experiments = experiments_in(store, r.from, r.to)?;
            export::files::write_atomic(&r.output, |w| export::json::write_journal(&entries, &experiments, w))?;
            writeln!(out, "exported {} entries to {}", entries.len(), r.output.display())?;
            if !experiments.is_empty() {
                writeln!(out, "and {} personal experiment(s)", experiments.len())?;
            }
        }
        ExportFormat::Csv => {
            let mut entries =
                store.list_chronological(&EntryFilter { from: r.from, to: r.to, ..EntryFilter::default() })?;
            if r.no_notes {
                entries.iter_mut().for_each(|e| e.note.clear());
            }
            let dir = match r.output.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            };
            let stem = r.output.file_stem().and_then(|s| s.to_str()).filter(|s| !s.is_empty()).unwrap_or("feltsense");
            let dialect = match r.separator {
                CsvSeparator::Semicolon => export::csv::CsvDialect::Semicolon,
                CsvSeparator::Comma => export::csv::CsvDialect::Comma,
            };
            let files = export::csv::write_csv_files(&dir, stem, &entries, r.lang, dialect)?;
            writeln!(
                out,
                "exported {} entries to {} and {}",
                entries.len(),
                files.tensions.display(),
                files.entries.display()
            )?;
            let experiments = experiments_in(store, r.from, r.to)?;
            let now = Local::now().naive_local();
            if let Some(path) = export::csv::write_experiments_file(&dir, stem, &experiments, now, r.lang, dialect)? {
                writeln!(
                    out,
                    "and {} personal experiment(s), a row per moment, to {}",
                    experiments.len(),
                    path.display()
                )?;
            }
        }
        ExportFormat::Pdf => {
            let to = r.to.unwrap_or(today);
            let from = match r.from {
                Some(f) => f,
                None => crate::model::dates::period_start(to, 8 * 7)
                    .filter(|d| crate::model::dates::in_range(*d))
                    .context("the 8 weeks up to --to would start before the year 1; pass --from")?,
            };
            if from > to {
                bail!("--from {from} is after --to {to}");
            }
            // The report compares with the previous period of equal length: it reads that period
            // and its own, nothing else.
            let first =
                crate::analysis::common::DateRange::new(from, to).previous().and_then(|p| p.from).unwrap_or(from);
            let entries =
                store.list_chronological(&EntryFilter { from: Some(first), to: Some(to), ..EntryFilter::default() })?;
            let options = export::pdf::ReportOptions {
                period_from: from,
                period_to: to,
                include_notes: !r.no_notes,
                name: r.name.clone().filter(|n| !n.trim().is_empty()),
                lang: r.lang,
                generated_on: today,
            };
            let links = export::report::links_for_period(&entries, from, to, r.lang);
            let experiments = store.experiments()?;
            let now = Local::now().naive_local();
            export::pdf::write_report_with(&r.output, &entries, &links, &experiments, now, &options)?;
            writeln!(out, "wrote the report for {from} to {to} to {}", r.output.display())?;
        }
        ExportFormat::Fhir => export_fhir(store, r, today, out)?,
    }
    Ok(())
}

/// The personal experiments whose days overlap `from`..=`to` (all of them without a period).
fn experiments_in(
    store: &Store,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<crate::model::experiment::Experiment>> {
    let mut all = store.experiments()?;
    all.retain(|e| {
        let last = e.plan.last_date().unwrap_or(e.plan.start);
        from.is_none_or(|f| last >= f) && to.is_none_or(|t| e.plan.start <= t)
    });
    Ok(all)
}

/// `feltsense export --format fhir`: one FHIR R4 Bundle, written atomically (mode 0600). An
/// empty period gives a valid bundle holding only the Patient, and says so on stderr.
fn export_fhir(store: &Store, r: &ExportRequest, today: NaiveDate, out: &mut impl Write) -> Result<()> {
    if let (Some(from), Some(to)) = (r.from, r.to)
        && from > to
    {
        bail!("--from {from} is after --to {to}");
    }
    let entries = store.list_chronological(&EntryFilter { from: r.from, to: r.to, ..EntryFilter::default() })?;
    let report = if r.with_report {
        // The report covers the export's period: --to (default today) back to --from, else to
        // the first exported entry, else the usual 8 weeks.
        let to = r.to.unwrap_or(today);
        let from = match r.from.or_else(|| entries.first().map(|e| e.at.date_naive())).filter(|&f| f <= to) {
            Some(f) => f,
            None => crate::model::dates::period_start(to, 8 * 7)
                .filter(|d| crate::model::dates::in_range(*d))
                .context("the 8 weeks up to --to would start before the year 1; pass --from")?,
        };
        // As for --format pdf: the report compares with the previous period of equal length, so
        // it reads that period and its own.
        let first = crate::analysis::common::DateRange::new(from, to).previous().and_then(|p| p.from).unwrap_or(from);
        let all =
            store.list_chronological(&EntryFilter { from: Some(first), to: Some(to), ..EntryFilter::default() })?;
        let options = export::pdf::ReportOptions {
            period_from: from,
            period_to: to,
            include_notes: !r.no_notes,
            name: r.name.clone().filter(|n| !n.trim().is_empty()),
            lang: r.lang,
            generated_on: today,
        };
        let links = export::report::links_for_period(&all, from, to, r.lang);
        let pdf = export::pdf::render_report(&all, &links, &options)?;
        Some(export::fhir::ReportAttachment { pdf, from, to })
    } else {
        None
    };
    let options = export::fhir::FhirOptions {
        lang: r.lang,
        include_notes: !r.no_notes,
        name: r.name.clone(),
        generated_at: Local::now().fixed_offset(),
        report,
    };
    let counts = export::fhir::count_resources(&entries, options.include_notes, options.report.is_some());
    export::files::write_atomic(&r.output, |w| export::fhir::write(&entries, &options, w))
        .context("the FHIR bundle was not written")?;
    if entries.is_empty() {
        eprintln!("feltsense: no entries in this period; the bundle holds only the Patient");
    }
    writeln!(
        out,
        "exported {} entries as {} FHIR resources ({} Observations{}) to {}",
        entries.len(),
        counts.total(),
        counts.observations(),
        if counts.documents > 0 { ", the report" } else { "" },
        r.output.display()
    )?;
    Ok(())
}

fn import_command(
    store: &mut Store,
    file: &Path,
    from_app: Option<FromApp>,
    dry_run: bool,
    out: &mut impl Write,
) -> Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let unchanged = || format!("{} was not imported; nothing was changed", file.display());
    let (entries, experiments) = match from_app {
        None => {
            let journal = export::json::parse_journal(&bytes).with_context(unchanged)?;
            (journal.entries, journal.experiments)
        }
        Some(FromApp::Daylio) => {
            let preview =
                export::daylio::preview(&bytes, export::files::OffsetSource::Local).with_context(unchanged)?;
            writeln!(out, "{} entries in the file", preview.entries.len())?;
            for (from, to) in preview.mapping_lines(Lang::En) {
                writeln!(out, "  {from} → {to}")?;
            }
            for s in &preview.skipped {
                writeln!(out, "  skipped line {}: {}", s.line, s.reason.describe(Lang::En))?;
            }
            (preview.entries, Vec::new())
        }
    };
    if dry_run {
        writeln!(out, "dry run: {} entries would be imported; nothing was changed", entries.len())?;
        if !experiments.is_empty() {
            writeln!(out, "and {} personal experiment(s)", experiments.len())?;
        }
        return Ok(());
    }
    backup::before_import(store)?;
    let (n, x) = store.import_with_experiments(&entries, &experiments)?;
    writeln!(out, "imported {} entries ({} already present)", n.added, n.already_present)?;
    if !experiments.is_empty() {
        writeln!(out, "and {} personal experiment(s) ({} already present)", x.added, x.already_present)?;
    }
    Ok(())
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
                    "de snelle notitie is leeg; schrijf bijv. \"nek 6, angst 7\""
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
