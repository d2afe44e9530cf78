//! The journal as two spreadsheet tables: one row per tension rating, and one row per entry; and
//! personal experiments as a third, one row per moment ([`write_experiments`]).
//!
//! # Choices, so that a Dutch Excel and LibreOffice open the files correctly
//! - **Encoding**: UTF-8 with a byte-order mark. Without the BOM, Excel reads the file as the
//!   Windows code page and "Blijdschap – ëén" turns into mojibake; with it, Excel and LibreOffice
//!   both detect UTF-8. No `sep=` line is written: Excel ignores the BOM when that line is present.
//! - **Separator**: `;` by default ([`CsvDialect::Semicolon`]). Excel does not ask for a separator
//!   when opening a `.csv` by double-click; it uses the system's list separator, which is `;` on
//!   Dutch (and most continental European) Windows, where `,` is the decimal comma. A Dutch Excel
//!   opens a comma-separated file as one long column, so the default is `;`. LibreOffice shows its
//!   import dialog and recognises `;`. [`CsvDialect::Comma`] is there for English-language Excel
//!   and other tools that expect RFC 4180 commas.
//! - **Numbers**: every number in the tables is a whole number (levels and intensities 0–10,
//!   minutes), so the decimal comma versus point question never comes up.
//! - **Dates and times**: ISO `2026-11-20` and 24-hour `08:30`, in the entry's own local time
//!   (the offset it was logged with). Both Excel and LibreOffice recognise these as dates and times
//!   in every locale.
//! - **Headers** are in the chosen language (for the therapist reading them); the code columns
//!   (`region code`, `view`, `side`, emotion and signal codes) are stable English codes for anyone
//!   who processes the numbers.
//! - **Formula injection**: a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return
//!   gets a leading apostrophe, so a spreadsheet shows it as text instead of running it (a note
//!   like `=HYPERLINK(...)` or a phone number `+31 6 ...`). Every cell passes through this, text or
//!   not. It never changes a number: levels, intensities and minutes are 0 or more, so no numeric
//!   cell begins with `-`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::model::experiment::{Experiment, Moment, MomentState, Phase};
use crate::model::{Entry, Lang};

use super::files::{ExportError, write_atomic};

/// Which field separator to write. See the [module docs](self) for why `;` is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum CsvDialect {
    /// `;`, what Excel expects in Dutch (and most European) settings.
    #[default]
    Semicolon,
    /// `,`.
    Comma,
}

impl CsvDialect {
    /// The separator byte.
    pub fn delimiter(self) -> u8 {
        match self {
            CsvDialect::Semicolon => b';',
            CsvDialect::Comma => b',',
        }
    }
}

/// The UTF-8 byte-order mark that starts every file.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Makes a cell safe to open in a spreadsheet: a leading `=`, `+`, `-`, `@`, tab or carriage return
/// gets an apostrophe in front, so it is shown as text and never evaluated.
pub fn neutralize(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

fn writer<W: Write>(out: W, dialect: CsvDialect) -> ::csv::Writer<W> {
    ::csv::WriterBuilder::new().delimiter(dialect.delimiter()).terminator(::csv::Terminator::CRLF).from_writer(out)
}

fn write_row<W: Write, const N: usize>(w: &mut ::csv::Writer<W>, cells: [&str; N]) -> io::Result<()> {
    w.write_record(cells.iter().map(|c| neutralize(c).into_owned()))?;
    Ok(())
}

/// Entries in chronological order (by instant, then uid, so the output is deterministic).
fn chronological(entries: &[Entry]) -> Vec<&Entry> {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.uid.cmp(&b.uid)));
    sorted
}

/// The column headers of the tensions table.
pub fn tension_headers(lang: Lang) -> [&'static str; 8] {
    match lang {
        Lang::En => ["entry id", "date", "time", "region code", "region", "view", "side", "level"],
        Lang::Nl => ["meting-id", "datum", "tijd", "gebiedscode", "gebied", "aanzicht", "zijde", "niveau"],
    }
}

/// The column headers of the entries table.
pub fn entry_headers(lang: Lang) -> [&'static str; 8] {
    match lang {
        Lang::En => ["entry id", "date", "time", "emotions", "signals", "practice", "note", "tags"],
        Lang::Nl => ["meting-id", "datum", "tijd", "emoties", "signalen", "oefening", "notitie", "labels"],
    }
}

/// Writes the tensions table: a BOM, a header, then one row per tension rating, in chronological
/// order: entry id (uid), local date, local time, region code, localised region name, view
/// (`front`/`back`), side (`left`/`right`/`center`), level.
pub fn write_tensions(entries: &[Entry], lang: Lang, dialect: CsvDialect, out: impl Write) -> io::Result<()> {
    let mut t = TensionRows::new(out, lang, dialect)?;
    for e in chronological(entries) {
        t.entry(e)?;
    }
    t.finish()
}

/// The tensions table written one entry at a time (entries in chronological order: by instant,
/// then uid): what [`write_tensions`] writes, without holding the entries.
pub struct TensionRows<W: Write> {
    w: ::csv::Writer<W>,
    lang: Lang,
}

impl<W: Write> TensionRows<W> {
    /// Writes the BOM and the header.
    pub fn new(mut out: W, lang: Lang, dialect: CsvDialect) -> io::Result<TensionRows<W>> {
        out.write_all(BOM)?;
        let mut w = writer(out, dialect);
        write_row(&mut w, tension_headers(lang))?;
        Ok(TensionRows { w, lang })
    }

    /// Writes the rows of one entry.
    pub fn entry(&mut self, e: &Entry) -> io::Result<()> {
        let local = e.at.naive_local();
        let date = local.format("%Y-%m-%d").to_string();
        let time = local.format("%H:%M").to_string();
        for t in &e.tensions {
            let level = t.level.get().to_string();
            write_row(
                &mut self.w,
                [
                    &e.uid,
                    &date,
                    &time,
                    t.region.code(),
                    t.region.name(self.lang),
                    t.region.primary_view().code(),
                    t.region.side().code(),
                    &level,
                ],
            )?;
        }
        Ok(())
    }

    /// Flushes the table.
    pub fn finish(mut self) -> io::Result<()> {
        self.w.flush()
    }
}

/// Writes the entries table: a BOM, a header, then one row per entry, in chronological order:
/// entry id, local date, local time, emotions (`anxiety=7; anger=3`), signals
/// (`jaw_clenching; restless_sleep`), practice (`breathing_4_6 2 min`), note, tags
/// (`work; family`).
pub fn write_entries(entries: &[Entry], lang: Lang, dialect: CsvDialect, out: impl Write) -> io::Result<()> {
    let mut t = EntryRows::new(out, lang, dialect)?;
    for e in chronological(entries) {
        t.entry(e)?;
    }
    t.finish()
}

/// The entries table written one entry at a time (in chronological order): what
/// [`write_entries`] writes, without holding the entries.
pub struct EntryRows<W: Write> {
    w: ::csv::Writer<W>,
}

impl<W: Write> EntryRows<W> {
    /// Writes the BOM and the header.
    pub fn new(mut out: W, lang: Lang, dialect: CsvDialect) -> io::Result<EntryRows<W>> {
        out.write_all(BOM)?;
        let mut w = writer(out, dialect);
        write_row(&mut w, entry_headers(lang))?;
        Ok(EntryRows { w })
    }

    /// Writes the row of one entry.
    pub fn entry(&mut self, e: &Entry) -> io::Result<()> {
        let local = e.at.naive_local();
        let date = local.format("%Y-%m-%d").to_string();
        let time = local.format("%H:%M").to_string();
        let emotions = e.emotions.iter().map(|r| format!("{}={}", r.code, r.intensity)).collect::<Vec<_>>().join("; ");
        let signals = e.signals.iter().map(|s| s.code()).collect::<Vec<_>>().join("; ");
        let practice = e.practice.map(|p| format!("{} {} min", p.kind.code(), p.minutes)).unwrap_or_default();
        let tags = e.tags.join("; ");
        write_row(&mut self.w, [&e.uid, &date, &time, &emotions, &signals, &practice, &e.note, &tags])
    }

    /// Flushes the table.
    pub fn finish(mut self) -> io::Result<()> {
        self.w.flush()
    }
}

/// The column headers of the experiments table.
pub fn experiment_headers(lang: Lang) -> [&'static str; 17] {
    match lang {
        Lang::En => [
            "experiment id",
            "practice",
            "region to ease",
            "control region",
            "day",
            "date",
            "moment",
            "planned time",
            "arm",
            "first rating time",
            "first rating, region to ease",
            "first rating, control region",
            "second rating time",
            "second rating, region to ease",
            "second rating, control region",
            "counts",
            "why not",
        ],
        Lang::Nl => [
            "experiment-id",
            "oefening",
            "gebied om te ontspannen",
            "controlegebied",
            "dag",
            "datum",
            "moment",
            "geplande tijd",
            "arm",
            "tijd eerste beoordeling",
            "eerste beoordeling, gebied om te ontspannen",
            "eerste beoordeling, controlegebied",
            "tijd tweede beoordeling",
            "tweede beoordeling, gebied om te ontspannen",
            "tweede beoordeling, controlegebied",
            "telt mee",
            "waarom niet",
        ],
    }
}

/// Writes the experiments table: a BOM, a header, then one row per moment of every day that has
/// begun by `now` (local time): the plan's practice and regions (codes), the day, its date and
/// the moment's planned time, the arm (`practice`/`usual`), both ratings with their local times,
/// whether the moment counts (`yes`/`no`/`not yet`, in the chosen language) and why not.
pub fn write_experiments(
    experiments: &[Experiment],
    now: NaiveDateTime,
    lang: Lang,
    dialect: CsvDialect,
    mut out: impl Write,
) -> io::Result<()> {
    out.write_all(BOM)?;
    let mut w = writer(out, dialect);
    write_row(&mut w, experiment_headers(lang))?;
    for e in experiments {
        let p = &e.plan;
        let practice = p.practice_label(lang);
        for day in 1..=p.max_days {
            let Some(date) = p.date_of(day) else { continue };
            let rated = e.ratings.iter().any(|r| r.day == day);
            if date > now.date() && !rated {
                break;
            }
            for m in Moment::BOTH {
                let rating = |phase| e.rating(day, m, phase);
                let time =
                    |phase| rating(phase).map(|r| r.at.naive_local().format("%H:%M").to_string()).unwrap_or_default();
                let level = |phase, control: bool| {
                    rating(phase)
                        .map(|r| if control { r.control } else { r.target }.get().to_string())
                        .unwrap_or_default()
                };
                let (counts, why) = match e.moment_state(day, m, now) {
                    MomentState::Counted => (lang.pick("yes", "ja"), ""),
                    MomentState::Excluded(x) => (lang.pick("no", "nee"), x.name(lang)),
                    _ => (lang.pick("not yet", "nog niet"), ""),
                };
                let planned = p.moments[usize::from(m.number() - 1)].format("%H:%M").to_string();
                write_row(
                    &mut w,
                    [
                        &p.uid,
                        &practice,
                        p.target.code(),
                        p.control.code(),
                        &day.to_string(),
                        &date.format("%Y-%m-%d").to_string(),
                        &m.number().to_string(),
                        &planned,
                        p.arm(day, m).map_or("", |a| a.code()),
                        &time(Phase::Before),
                        &level(Phase::Before, false),
                        &level(Phase::Before, true),
                        &time(Phase::After),
                        &level(Phase::After, false),
                        &level(Phase::After, true),
                        counts,
                        why,
                    ],
                )?;
            }
        }
    }
    w.flush()
}

/// Writes `<dir>/<name>-experiments.csv` (atomically, mode `0600`) when there are experiments,
/// and returns its path; writes nothing for none.
pub fn write_experiments_file(
    dir: &Path,
    name: &str,
    experiments: &[Experiment],
    now: NaiveDateTime,
    lang: Lang,
    dialect: CsvDialect,
) -> Result<Option<PathBuf>, ExportError> {
    if experiments.is_empty() {
        return Ok(None);
    }
    let path = experiments_file(dir, name);
    write_atomic(&path, |out| write_experiments(experiments, now, lang, dialect, out))?;
    Ok(Some(path))
}

/// The column headers of the activities table.
pub fn activity_headers(lang: Lang) -> [&'static str; 9] {
    match lang {
        Lang::En => {
            ["activity id", "activity", "instrument", "scale", "week of", "rated on", "time", "score", "retired"]
        }
        Lang::Nl => [
            "activiteit-id",
            "activiteit",
            "meetinstrument",
            "schaal",
            "week van",
            "gescoord op",
            "tijd",
            "score",
            "stopgezet",
        ],
    }
}

/// Writes the activities table: a BOM, a header, then one row per activity rating (PSK or PSFS),
/// by week and then in the activities' order: activity id, its name, the instrument the score was
/// given on (`psk`/`psfs`), which way the scale runs, the week's Monday, the local date and time
/// it was given, the score 0–10, and whether the activity has been retired (`yes`/`no`, Dutch
/// `ja`/`nee`).
pub fn write_activities(
    prep: &crate::model::prep::Prep,
    lang: Lang,
    dialect: CsvDialect,
    mut out: impl Write,
) -> io::Result<()> {
    out.write_all(BOM)?;
    let mut w = writer(out, dialect);
    write_row(&mut w, activity_headers(lang))?;
    let order = |uid: &str| prep.activities.iter().position(|a| a.uid == uid).unwrap_or(usize::MAX);
    let mut ratings: Vec<&crate::model::prep::ActivityRating> = prep.ratings.iter().collect();
    ratings.sort_by(|a, b| a.week.cmp(&b.week).then_with(|| order(&a.activity).cmp(&order(&b.activity))));
    for r in ratings {
        let Some(a) = prep.activity(&r.activity) else { continue };
        let local = r.at.naive_local();
        write_row(
            &mut w,
            [
                &a.uid,
                &a.name,
                r.instrument.code(),
                r.instrument.direction(lang),
                &r.week.format("%Y-%m-%d").to_string(),
                &local.format("%Y-%m-%d").to_string(),
                &local.format("%H:%M").to_string(),
                &r.score.get().to_string(),
                if a.retired.is_some() { lang.pick("yes", "ja") } else { lang.pick("no", "nee") },
            ],
        )?;
    }
    w.flush()
}

/// Writes `<dir>/<name>-activities.csv` (atomically, mode `0600`) when `prep` holds activity
/// ratings; returns its path.
pub fn write_activities_file(
    dir: &Path,
    name: &str,
    prep: &crate::model::prep::Prep,
    lang: Lang,
    dialect: CsvDialect,
) -> Result<Option<PathBuf>, ExportError> {
    if prep.ratings.is_empty() {
        return Ok(None);
    }
    let path = activities_file(dir, name);
    write_atomic(&path, |out| write_activities(prep, lang, dialect, out))?;
    Ok(Some(path))
}

/// `<dir>/<name>-experiments.csv`: where the experiments table goes.
pub fn experiments_file(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}-experiments.csv"))
}

/// `<dir>/<name>-activities.csv`: where the activity ratings go.
pub fn activities_file(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}-activities.csv"))
}

/// The two files [`write_csv_files`] writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvFiles {
    /// `<name>-tensions.csv`.
    pub tensions: PathBuf,
    /// `<name>-entries.csv`.
    pub entries: PathBuf,
}

impl CsvFiles {
    /// The paths for a base name in a directory.
    pub fn paths(dir: &Path, name: &str) -> CsvFiles {
        CsvFiles {
            tensions: dir.join(format!("{name}-tensions.csv")),
            entries: dir.join(format!("{name}-entries.csv")),
        }
    }
}

/// Writes `<dir>/<name>-tensions.csv` and `<dir>/<name>-entries.csv`, each atomically and with
/// mode `0600`.
pub fn write_csv_files(
    dir: &Path,
    name: &str,
    entries: &[Entry],
    lang: Lang,
    dialect: CsvDialect,
) -> Result<CsvFiles, ExportError> {
    let files = CsvFiles::paths(dir, name);
    write_atomic(&files.tensions, |out| write_tensions(entries, lang, dialect, out))?;
    write_atomic(&files.entries, |out| write_entries(entries, lang, dialect, out))?;
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralize_prefixes_formula_starts_only() {
        assert_eq!(neutralize("=1+1"), "'=1+1");
        assert_eq!(neutralize("+31 6"), "'+31 6");
        assert_eq!(neutralize("-5"), "'-5");
        assert_eq!(neutralize("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralize("\tx"), "'\tx");
        assert_eq!(neutralize("\rx"), "'\rx");
        assert_eq!(neutralize("a=b"), "a=b");
        assert_eq!(neutralize("7"), "7");
        assert_eq!(neutralize(""), "");
    }
}
