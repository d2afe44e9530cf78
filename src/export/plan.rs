//! One export use case, for the window and the command line alike.
//!
//! A [`Plan`] says what to export: the [`Format`], the file, the days, the options. Both callers
//! build one and hand it the journal's entries: `feltsense export` reads [`Plan::inputs`] from
//! the store (only the days the export needs, so a long journal is not read whole), the window's
//! effects thread passes the entries of its snapshot; [`Plan::run`] then writes the files. So the
//! defaults, the file-naming rule and which entries a report reads exist once:
//!
//! - **Days**: `from` and `to` are inclusive local dates; either may be open. The PDF report
//!   covers `from`–`to`, with `to` defaulting to today and `from` to the last appointment before
//!   `to`, else the 8 weeks before `to` ([`REPORT_WEEKS`]); a report attached to a FHIR bundle
//!   covers the bundle's days, from its first entry when `from` is open.
//! - **A report reads** its period and the equally long period before it, which page 1 compares
//!   with ([`report_range`]), and nothing else.
//! - **Notes** are left out of every format when `include_notes` is off.
//! - **CSV file names**: two files beside the output, `NAME-tensions.csv` and
//!   `NAME-entries.csv` (and `NAME-experiments.csv` when there are personal experiments), where
//!   NAME is the output's file name without a trailing `.csv` ([`csv_base`]).
//! - **Personal experiments** go into the JSON file and the CSV tables when their days overlap the
//!   export's ([`experiments_in`]), and into the PDF report when they overlap its period; a FHIR
//!   bundle has none.
//! - **Activities, topics and appointments** ([`crate::model::prep`]): the JSON file carries
//!   them (activities, topics and the reason whole, the ratings of the weeks and the appointments
//!   of the days exported: [`Prep::within`]); the CSV export adds `NAME-activities.csv` (one row
//!   per activity rating) when there are ratings.
//! - **The report's default period** is decided by [`crate::model::prep::appointment`]: since the
//!   last appointment before its last day, else the last 8 weeks; [`Plan::appointments`] carries
//!   the journal's appointment dates for it (the caller sets them once the journal is open).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use std::borrow::Cow;

use super::csv::{
    CsvDialect, CsvFiles, EntryRows, TensionRows, activities_file, experiments_file, write_activities,
    write_experiments,
};
use super::fhir::{FhirOptions, ReportAttachment, ResourceCounts};
pub use super::files::PlanError;
use super::files::{ExportError, write_export, write_exports};
use super::json::JsonStream;
use super::pdf::{Report, ReportLink, ReportOptions, ReportSummary, summarize};
use super::report::links_for_period;
use super::source::{Counter, Progress, Quiet, Source, collect, each_entry};
use crate::analysis::common::DateRange;
use crate::model::experiment::Experiment;
use crate::model::prep::{Prep, ReportPeriod, appointment};
use crate::model::text::time::Zone;
use crate::model::{Entry, Lang};

/// How many weeks a report covers when no start is given and no earlier appointment is logged.
pub const REPORT_WEEKS: i64 = appointment::DEFAULT_WEEKS;

/// What to export.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The report for a physiotherapist (A4).
    #[default]
    Pdf,
    /// Two spreadsheet tables: tensions and entries.
    Csv,
    /// The JSON interchange format (lossless).
    Json,
    /// One FHIR R4 Bundle (collection) of Observations for a record system (docs/fhir.md).
    Fhir,
}

impl Format {
    /// Every format, in the order the window shows them.
    pub const ALL: [Format; 4] = [Format::Pdf, Format::Csv, Format::Json, Format::Fhir];

    /// The file name an export made on `today` in `lang` gets when the person does not choose
    /// one (for CSV the base name of the two tables): "feltsense-report-2026-11-20.pdf" /
    /// "feltsense-verslag-2026-11-20.pdf".
    pub fn default_file_name(self, today: NaiveDate, lang: crate::model::Lang) -> String {
        match self {
            Format::Pdf => format!("feltsense-{}-{today}.pdf", lang.pick("report", "verslag")),
            Format::Csv => format!("feltsense-{today}"),
            Format::Json => format!("feltsense-{today}.json"),
            Format::Fhir => format!("feltsense-{today}.fhir.json"),
        }
    }
}

/// What an export did.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The files written.
    pub files: Vec<PathBuf>,
    /// How many entries went into them (for a report: the entries of its period).
    pub entries: usize,
    /// How many personal experiments went into a JSON file or the CSV tables.
    pub experiments: usize,
    /// The report's period, when a report was written or attached.
    pub report: Option<(NaiveDate, NaiveDate)>,
    /// How many resources of each kind a FHIR bundle holds.
    pub fhir: Option<ResourceCounts>,
}

/// One export: what, where, which days, with which options.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The format.
    pub format: Format,
    /// The file (for CSV: where the two tables go and their base name, see [`csv_base`]).
    pub output: PathBuf,
    /// First day, inclusive (`None`: from the start; a report: see the module docs).
    pub from: Option<NaiveDate>,
    /// Last day, inclusive (`None`: up to the end; a report: today).
    pub to: Option<NaiveDate>,
    /// Whether notes are exported.
    pub include_notes: bool,
    /// The person's name on the report (FHIR: the Patient's name); `None`: anonymous.
    pub name: Option<String>,
    /// Language of the report, the CSV headers and names, and the FHIR displays.
    pub lang: Lang,
    /// CSV separator.
    pub dialect: CsvDialect,
    /// FHIR: attach the PDF report for the same days as a DocumentReference.
    pub with_report: bool,
    /// The day the export is made ("today" for the default periods and the report's date).
    pub today: NaiveDate,
    /// The journal's appointment dates: a report without a first day starts at the last one
    /// before its last day ([`appointment::default_period`]).
    pub appointments: Vec<NaiveDate>,
    /// The person's time zone, for the times the PDF's log shows (the system's by default).
    pub zone: Zone,
}

impl Plan {
    /// An export of everything in `format` to `output` on `today`, with the defaults: notes
    /// included, anonymous, in English, CSV with `;`, no attached report.
    pub fn new(format: Format, output: PathBuf, today: NaiveDate) -> Plan {
        Plan {
            format,
            output,
            from: None,
            to: None,
            include_notes: true,
            name: None,
            lang: Lang::En,
            dialect: CsvDialect::Semicolon,
            with_report: false,
            today,
            appointments: Vec::new(),
            zone: Zone::System,
        }
    }

    /// The name to print: trimmed, and `None` when nothing is left.
    fn name(&self) -> Option<String> {
        self.name.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned)
    }

    /// Whether the plan can be carried out (checked before anything is read).
    pub fn check(&self) -> Result<(), PlanError> {
        if self.with_report && self.format != Format::Fhir {
            return Err(PlanError::ReportOnlyWithFhir);
        }
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from > to
        {
            return Err(PlanError::FromAfterTo(from, to));
        }
        if self.format == Format::Pdf {
            self.report_period(None)?;
        }
        Ok(())
    }

    /// The report's period: `from`–`to`, with `to` defaulting to today and `from` to `first`
    /// (the first exported entry's day, for an attached report) when it is not after `to`, else
    /// to the last appointment before `to`, else to the [`REPORT_WEEKS`] weeks before `to`
    /// ([`appointment::report_period`]).
    pub fn report_period(&self, first: Option<NaiveDate>) -> Result<ReportPeriod, PlanError> {
        let to = self.to.unwrap_or(self.today);
        let period = appointment::report_period(&self.appointments, self.from.or(first.filter(|&f| f <= to)), to)
            .ok_or(PlanError::BeforeTheCalendar { to, weeks: REPORT_WEEKS })?;
        if period.from > to {
            return Err(PlanError::FromAfterTo(period.from, to));
        }
        Ok(period)
    }

    /// The days whose entries [`Plan::run`] needs: the export's days, and for a report also the
    /// period before it that page 1 compares with. A caller may pass more; never fewer.
    pub fn inputs(&self) -> Result<DateRange, PlanError> {
        self.check()?;
        let days = DateRange { from: self.from, to: self.to };
        Ok(match self.format {
            Format::Json | Format::Csv => days,
            Format::Pdf => {
                let p = self.report_period(None)?;
                report_range(p.from, p.to)
            }
            Format::Fhir if self.with_report && self.from.is_some() => {
                let p = self.report_period(None)?;
                DateRange { from: report_range(p.from, p.to).from, to: self.to }
            }
            // An open start reads from the first entry anyway.
            Format::Fhir => days,
        })
    }

    /// Writes the export from `entries` (at least those of [`Plan::inputs`], in any order), the
    /// journal's personal `experiments` and its activities, topics and appointments (`prep`);
    /// returns what was written. See [`Plan::run_from`].
    pub fn run(&self, entries: &[Entry], experiments: &[Experiment], prep: &Prep) -> Result<Outcome, ExportError> {
        self.run_from(entries, experiments, prep, &mut Quiet)
    }

    /// Writes the export, reading the entries from `source` page by page (the journal itself for
    /// the command line, the snapshot's entries for the window), so that no export holds the
    /// journal, or a copy of it, in memory: the JSON file, the CSV tables and the FHIR bundle are
    /// written entry by entry, and the report holds the entries of its period and the one before
    /// it once, for its numbers, and writes its log pages as it lays them out. `progress` is told
    /// how many of how many entries are written and may stop the export: it then leaves no file
    /// ([`ExportError::Cancelled`]).
    ///
    /// Files are written atomically with mode 0600: a failed or cancelled export leaves no
    /// half-written file, and the CSV tables are renamed into place together, after all of them
    /// are written.
    pub fn run_from<S: Source + ?Sized>(
        &self,
        source: &S,
        experiments: &[Experiment],
        prep: &Prep,
        progress: &mut dyn Progress,
    ) -> Result<Outcome, ExportError> {
        self.check().map_err(ExportError::Plan)?;
        let days = DateRange { from: self.from, to: self.to };
        let outcome =
            |files: Vec<PathBuf>, n: usize| Outcome { files, entries: n, experiments: 0, report: None, fhir: None };
        let now = chrono::Local::now().naive_local();
        let io = |source: std::io::Error| ExportError::Io { path: PathBuf::new(), source };
        match self.format {
            Format::Json => {
                let experiments = experiments_in(experiments, days);
                let prep = prep.within(days.from, days.to);
                let mut counter = Counter::new(progress, source.count(days)?)?;
                write_export(&self.output, |w| {
                    let mut json = JsonStream::with(w, &experiments, &prep).map_err(io)?;
                    each_entry(source, days, |e| {
                        json.entry(&self.noted(e)).map_err(io)?;
                        counter.one()
                    })?;
                    counter.end()?;
                    json.finish().map(drop).map_err(io)
                })?;
                Ok(Outcome { experiments: experiments.len(), ..outcome(vec![self.output.clone()], counter.done) })
            }
            Format::Csv => {
                let experiments = experiments_in(experiments, days);
                let prep = prep.within(days.from, days.to);
                let (dir, base) = csv_base(&self.output);
                let tables = CsvFiles::paths(&dir, &base);
                let experiments_path = (!experiments.is_empty()).then(|| experiments_file(&dir, &base));
                let activities_path = (!prep.ratings.is_empty()).then(|| activities_file(&dir, &base));
                let mut files = vec![tables.tensions, tables.entries];
                files.extend(experiments_path.iter().cloned());
                files.extend(activities_path.iter().cloned());
                let (lang, dialect) = (self.lang, self.dialect);
                let mut counter = Counter::new(progress, source.count(days)?)?;
                let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
                write_exports(&paths, |outs| {
                    let [tensions_out, entries_out, more @ ..] = outs else {
                        return Err(io(std::io::Error::other("two tables expected")));
                    };
                    let mut tensions = TensionRows::new(tensions_out, lang, dialect).map_err(io)?;
                    let mut rows = EntryRows::new(entries_out, lang, dialect).map_err(io)?;
                    each_entry(source, days, |e| {
                        let e = self.noted(e);
                        tensions.entry(&e).map_err(io)?;
                        rows.entry(&e).map_err(io)?;
                        counter.one()
                    })?;
                    counter.end()?;
                    tensions.finish().map_err(io)?;
                    rows.finish().map_err(io)?;
                    let mut more = more.iter_mut();
                    if experiments_path.is_some()
                        && let Some(out) = more.next()
                    {
                        write_experiments(&experiments, now, lang, dialect, out).map_err(io)?;
                    }
                    if activities_path.is_some()
                        && let Some(out) = more.next()
                    {
                        write_activities(&prep, lang, dialect, out).map_err(io)?;
                    }
                    Ok(())
                })?;
                Ok(Outcome { experiments: experiments.len(), ..outcome(files, counter.done) })
            }
            Format::Pdf => {
                let period = self.report_period(None).map_err(ExportError::Plan)?;
                let ReportPeriod { from, to, .. } = period;
                let options = self.report_options(period);
                let mut counter = Counter::new(progress, source.count(DateRange::new(from, to))?)?;
                let report = self.prepare_report(source, experiments, prep, now, &options)?;
                write_export(&self.output, |w| report.write(source, &mut counter, w))?;
                Ok(Outcome { report: Some((from, to)), ..outcome(vec![self.output.clone()], counter.done) })
            }
            Format::Fhir => {
                let report = if self.with_report {
                    let first = source.first_day(days)?;
                    let period = self.report_period(first).map_err(ExportError::Plan)?;
                    let ReportPeriod { from, to, .. } = period;
                    let options = self.report_options(period);
                    let report = self.prepare_report(source, experiments, prep, now, &options)?;
                    let mut pdf = Vec::new();
                    report.write(source, &mut Counter::new(&mut Quiet, 0)?, &mut pdf)?;
                    Some(ReportAttachment { pdf, from, to })
                } else {
                    None
                };
                let period = report.as_ref().map(|r| (r.from, r.to));
                let options = FhirOptions {
                    lang: self.lang,
                    include_notes: self.include_notes,
                    name: self.name(),
                    generated_at: chrono::Local::now().fixed_offset(),
                    report,
                    prep: prep.within(days.from, days.to),
                };
                let mut counter = Counter::new(progress, source.count(days)?)?;
                let mut counts = None;
                write_export(&self.output, |w| {
                    counts = Some(super::fhir::write_from(source, days, &options, Some(&mut counter), w)?);
                    Ok(())
                })?;
                let entries = counts.map_or(0, |c| c.groups);
                Ok(Outcome {
                    report: period,
                    fhir: counts,
                    ..outcome(vec![self.output.clone()], counter.done.max(entries))
                })
            }
        }
    }

    /// `e` as exported: without its note when notes are left out.
    fn noted<'e>(&self, e: &'e Entry) -> Cow<'e, Entry> {
        if self.include_notes || e.note.is_empty() {
            Cow::Borrowed(e)
        } else {
            let mut e = e.clone();
            e.note.clear();
            Cow::Owned(e)
        }
    }

    /// The report's numbers, from the entries of its period and the one before it (read once,
    /// held while the numbers are computed, then let go).
    fn prepare_report<S: Source + ?Sized>(
        &self,
        source: &S,
        experiments: &[Experiment],
        prep: &Prep,
        now: chrono::NaiveDateTime,
        options: &ReportOptions,
    ) -> Result<Report, ExportError> {
        let (from, to) = (options.period_from, options.period_to);
        let inputs = collect(source, report_range(from, to))?;
        let links = links_for_period(&inputs, from, to, self.lang);
        Ok(Report::prepare(&inputs, &links, experiments, prep, now, options))
    }

    fn report_options(&self, period: ReportPeriod) -> ReportOptions {
        ReportOptions {
            period_from: period.from,
            period_to: period.to,
            include_notes: self.include_notes,
            name: self.name(),
            lang: self.lang,
            generated_on: self.today,
            basis: period.basis,
            zone: self.zone,
        }
    }
}

/// The personal experiments whose days overlap `days` (all of them when it is open).
pub fn experiments_in(experiments: &[Experiment], days: DateRange) -> Vec<Experiment> {
    experiments
        .iter()
        .filter(|e| {
            let last = e.plan.last_date().unwrap_or(e.plan.start);
            days.from.is_none_or(|f| last >= f) && days.to.is_none_or(|t| e.plan.start <= t)
        })
        .cloned()
        .collect()
}

/// The days a report of `from`–`to` reads: its period and the equally long one before it.
pub fn report_range(from: NaiveDate, to: NaiveDate) -> DateRange {
    let first = DateRange::new(from, to).previous().and_then(|p| p.from).unwrap_or(from);
    DateRange::new(first, to)
}

/// The entries a report of `from`–`to` reads, out of `entries` (see [`report_range`]).
pub fn report_entries(entries: &[Entry], from: NaiveDate, to: NaiveDate) -> Vec<Entry> {
    let range = report_range(from, to);
    entries.iter().filter(|e| range.contains(e.at.date_naive())).cloned().collect()
}

/// Page 1 of the report of `from`–`to` (its numbers and its clear links), as the PDF writes it:
/// the window's preview.
pub fn page_one(entries: &[Entry], from: NaiveDate, to: NaiveDate, lang: Lang) -> (ReportSummary, Vec<ReportLink>) {
    let inputs = report_entries(entries, from, to);
    let options = ReportOptions {
        period_from: from,
        period_to: to,
        include_notes: true,
        name: None,
        lang,
        generated_on: to,
        basis: crate::model::prep::PeriodBasis::Chosen,
        zone: Zone::System,
    };
    (summarize(&inputs, &options), links_for_period(&inputs, from, to, lang))
}

/// Where a CSV export's two tables go and their base name: the output's folder (`.` when it has
/// none) and its file name without a trailing `.csv` (`feltsense` when nothing is left).
pub fn csv_base(output: &Path) -> (PathBuf, String) {
    let dir = match output.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = output.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let base = name.strip_suffix(".csv").unwrap_or(&name);
    (dir, if base.is_empty() { "feltsense".to_owned() } else { base.to_owned() })
}

#[cfg(test)]
mod tests {

    #[test]
    fn default_file_names_are_in_the_exports_language() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
        use crate::model::Lang;
        assert_eq!(Format::Pdf.default_file_name(today, Lang::En), "feltsense-report-2026-11-20.pdf");
        assert_eq!(Format::Pdf.default_file_name(today, Lang::Nl), "feltsense-verslag-2026-11-20.pdf");
        for f in [Format::Csv, Format::Json, Format::Fhir] {
            assert_eq!(
                f.default_file_name(today, Lang::En),
                f.default_file_name(today, Lang::Nl),
                "{f:?} has no words"
            );
        }
    }

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn plan(format: Format) -> Plan {
        Plan::new(format, PathBuf::from("out"), d(2026, 11, 20))
    }

    #[test]
    fn csv_tables_are_named_after_the_output_without_its_csv() {
        assert_eq!(csv_base(Path::new("/a/visit.csv")), (PathBuf::from("/a"), "visit".to_owned()));
        assert_eq!(csv_base(Path::new("fs")), (PathBuf::from("."), "fs".to_owned()));
        assert_eq!(csv_base(Path::new("/a/b.data")), (PathBuf::from("/a"), "b.data".to_owned()));
        assert_eq!(csv_base(Path::new("/a/.csv")), (PathBuf::from("/a"), "feltsense".to_owned()));
    }

    #[test]
    fn a_report_reads_its_period_and_the_one_before_it() {
        let mut p = plan(Format::Pdf);
        // Default: the 8 weeks up to today, and the 8 before them.
        assert_eq!(p.inputs(), Ok(DateRange::new(d(2026, 8, 1), d(2026, 11, 20))));
        p.from = Some(d(2026, 11, 1));
        assert_eq!(p.inputs(), Ok(DateRange::new(d(2026, 10, 12), d(2026, 11, 20))));
        p.to = Some(d(2026, 10, 1));
        assert_eq!(p.inputs(), Err(PlanError::FromAfterTo(d(2026, 11, 1), d(2026, 10, 1))));
        p.from = None;
        p.to = Some(d(1, 1, 10));
        assert_eq!(p.inputs(), Err(PlanError::BeforeTheCalendar { to: d(1, 1, 10), weeks: 8 }));

        // With appointments: since the last one before the report's last day, and it says so.
        let mut p = plan(Format::Pdf);
        p.appointments = vec![d(2026, 10, 1), d(2026, 11, 3), d(2026, 11, 27)];
        let period = p.report_period(None).expect("period");
        assert_eq!((period.from, period.to), (d(2026, 11, 3), d(2026, 11, 20)));
        assert_eq!(period.describe(Lang::En), "since the appointment on 3 Nov 2026");
        assert_eq!(p.inputs(), Ok(DateRange::new(d(2026, 10, 16), d(2026, 11, 20))), "and the 18 days before");

        let mut p = plan(Format::Json);
        assert_eq!(p.inputs(), Ok(DateRange::ALL));
        p.with_report = true;
        assert_eq!(p.inputs(), Err(PlanError::ReportOnlyWithFhir));
        let mut p = plan(Format::Fhir);
        p.with_report = true;
        p.from = Some(d(2026, 11, 1));
        assert_eq!(p.inputs(), Ok(DateRange { from: Some(d(2026, 10, 12)), to: None }));
    }

    #[test]
    fn every_format_leaves_notes_out_when_asked_and_names_are_trimmed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut e = Entry::new(chrono::DateTime::parse_from_rfc3339("2026-11-19T08:00:00+01:00").expect("time"));
        e.note = "PRIVATE".into();
        e.set_tension(crate::model::Region::Neck, crate::model::Level::new(4));
        let entries = vec![e];
        for format in [Format::Json, Format::Csv, Format::Fhir] {
            let mut p = Plan::new(format, dir.path().join(format!("x-{format:?}")), d(2026, 11, 20));
            p.include_notes = false;
            p.name = Some("  ".into());
            assert_eq!(p.name(), None, "an empty name is no name");
            let out = p.run(&entries, &[], &Prep::default()).expect("written");
            assert_eq!(out.entries, 1);
            for f in &out.files {
                let text = std::fs::read_to_string(f).expect("read");
                assert!(!text.contains("PRIVATE"), "{format:?}: {text}");
            }
        }
    }
}
