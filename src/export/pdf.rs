//! The report for the physiotherapist: an A4 PDF, readable in black and white, in English or
//! Dutch.
//!
//! - **Page 1**, for a ten-minute consult, one page ([`visit`]): the period and why (since the
//!   last appointment, or the last 8 weeks), the reason for the visit in the person's words, the
//!   activities that matter (PSK or PSFS) first against latest with the change and whether it is
//!   more than measurement noise, the body map of the first and of the last weeks with "your left /
//!   your right", the three regions that changed most with their weekly trend, the practices and a
//!   personal experiment's verdict, the open topics to discuss (accepted suggestions included,
//!   dismissed ones never), and one line on the after-an-emotion links (or why the period is too
//!   short for any, and which period would have enough).
//! - **Page 2**, the details (readable in a minute): period and days logged, a front/back body map
//!   with each region's mean level and its change against the previous period of equal length,
//!   the regions with the highest levels and their trend, the emotions logged most, the links
//!   between emotions and regions that the caller passes in (only those with a clear verdict, with
//!   their sample sizes and the reminder that they are associations), practices with their plain
//!   mean change and the change compared with similar moments without a practice (with its 95 %
//!   interval and n, or "not yet"), counts of unnoticed-stress signals.
//! - Then the weekly tension chart of the top regions (one block, never split), and the
//!   chronological log as a table whose rows are never cut by a page break.
//! - **Personal experiments** whose days overlap the period get a page of their own after the
//!   details: question, locked plan, result with its dot plot, verdict, and "a self-run
//!   randomised experiment, not a clinical trial" ([`render_report_with`]).
//! - Every page carries "Self-reported; not a diagnosis" and "page N of M".
//!
//! The numbers of page 1 come from [`summarize`], which the window can call on its own to preview
//! the report without rendering it. The text is set in the embedded DejaVu Sans (see
//! `assets/fonts/`), so Dutch accents, "–" and the arrows print and extract correctly.

mod body;
mod canvas;
mod chart;
mod experiment;
mod log;
mod summary;
mod text;
mod visit;

use std::io::Write;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};

pub use summary::{
    EmotionStat, PracticeStat, RegionStat, ReportSummary, SignalStat, TOP_REGIONS, Trend, WeekStat, summarize,
};
pub use visit::{EndWeeks, RegionChange, VisitSummary, visit_summary};

use crate::analysis::relief::ReliefVerdict;
use crate::model::experiment::Experiment;
use crate::model::prep::{PeriodBasis, Prep, ReportPeriod};
use crate::model::text::time::Zone;
use crate::model::{Entry, Lang, emotion_name};

use super::files::{ExportError, write_export};
use super::source::{Counter, Quiet, Source, each_entry};
use crate::analysis::common::DateRange;
use canvas::{Align, Canvas, PAGE_H};
use text::{date_long, num1, period, signed1};

/// What goes into the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportOptions {
    /// First day of the period.
    pub period_from: NaiveDate,
    /// Last day of the period (inclusive).
    pub period_to: NaiveDate,
    /// Whether the log shows the notes (they may be private).
    pub include_notes: bool,
    /// The person's name, printed on every page when given.
    pub name: Option<String>,
    /// Language of the report.
    pub lang: Lang,
    /// The date printed as the generation date.
    pub generated_on: NaiveDate,
    /// Why the period is what it is (since the last appointment, the last 8 weeks, or chosen);
    /// page 1 says so.
    pub basis: PeriodBasis,
    /// The person's time zone: the log's dates and times are on this clock (the system's, for
    /// the window and the command line).
    pub zone: Zone,
}

pub use super::report::ReportLink;

const LEFT: f32 = 15.0;
const RIGHT: f32 = 195.0;
/// How many links page 1 lists at most.
const MAX_LINKS: usize = 6;
/// How many emotions page 1 lists at most.
const MAX_EMOTIONS: usize = 6;

/// Renders the report as PDF bytes (without experiments, activities or topics).
pub fn render_report(entries: &[Entry], links: &[ReportLink], options: &ReportOptions) -> Result<Vec<u8>, ExportError> {
    render_report_with(entries, links, &[], &Prep::default(), NaiveDateTime::default(), options)
}

/// Every page says this, so a page shown on its own is not taken for a clinical finding.
pub fn self_reported(lang: Lang) -> &'static str {
    lang.pick("Self-reported; not a diagnosis", "Zelf gerapporteerd; geen diagnose")
}

/// Page 1's numbers for `options`' period (the window's preview and the tests use them).
pub fn visit_numbers(entries: &[Entry], prep: &Prep, options: &ReportOptions) -> (ReportSummary, VisitSummary) {
    let summary = summarize(entries, options);
    let period = ReportPeriod { from: summary.period_from, to: summary.period_to, basis: options.basis };
    let visit = visit_summary(entries, &summary, prep, period);
    (summary, visit)
}

/// The experiments the report shows: those whose days overlap its period and that have begun.
fn experiments_in_period<'a>(experiments: &'a [Experiment], options: &ReportOptions) -> Vec<&'a Experiment> {
    experiments
        .iter()
        .filter(|e| {
            let last = e.plan.last_date().unwrap_or(e.plan.start);
            e.plan.start <= options.period_to && last >= options.period_from && e.plan.start <= options.generated_on
        })
        .collect()
}

/// Renders the report as PDF bytes: page 1 for the appointment (with the activities, the topics
/// and the reason in `prep`, and the verdicts of the personal experiments that overlap the period,
/// each as it stands at `now`, the local time of the report), the details page, a page for those
/// experiments, then the chart and the log.
pub fn render_report_with(
    entries: &[Entry],
    links: &[ReportLink],
    experiments: &[Experiment],
    prep: &Prep,
    now: NaiveDateTime,
    options: &ReportOptions,
) -> Result<Vec<u8>, ExportError> {
    let report = Report::prepare(entries, links, experiments, prep, now, options);
    let mut out = Vec::new();
    report.write(entries, &mut Counter::new(&mut Quiet, 0)?, &mut out)?;
    Ok(out)
}

/// Renders the report with its experiments, activities and topics ([`render_report_with`]) and
/// writes it to `path` atomically (mode `0600`), page by page as it is laid out.
pub fn write_report_with(
    path: &Path,
    entries: &[Entry],
    links: &[ReportLink],
    experiments: &[Experiment],
    prep: &Prep,
    now: NaiveDateTime,
    options: &ReportOptions,
) -> Result<(), ExportError> {
    let report = Report::prepare(entries, links, experiments, prep, now, options);
    write_export(path, |out| report.write(entries, &mut Counter::new(&mut Quiet, 0)?, out))
}

/// Renders the report and writes it to `path` atomically (mode `0600`).
pub fn write_report(
    path: &Path,
    entries: &[Entry],
    links: &[ReportLink],
    options: &ReportOptions,
) -> Result<(), ExportError> {
    write_report_with(path, entries, links, &[], &Prep::default(), NaiveDateTime::default(), options)
}

/// A report ready to be written: the numbers of its pages, computed from the entries of its
/// period and the one before it, which it does not keep. The log, the only part that needs every
/// entry of the period, reads them when it is written ([`Report::write`]), one at a time.
#[derive(Clone, Debug)]
pub struct Report {
    summary: ReportSummary,
    visit: VisitSummary,
    links: Vec<ReportLink>,
    /// The experiments shown (those that overlap the period).
    experiments: Vec<Experiment>,
    now: NaiveDateTime,
    options: ReportOptions,
}

impl Report {
    /// Computes the report's numbers from `entries` (at least those of its period and the one
    /// before it; others are not counted), its clear `links`, the journal's `experiments` and
    /// `prep`, as they stand at `now`.
    pub fn prepare(
        entries: &[Entry],
        links: &[ReportLink],
        experiments: &[Experiment],
        prep: &Prep,
        now: NaiveDateTime,
        options: &ReportOptions,
    ) -> Report {
        let (summary, visit) = visit_numbers(entries, prep, options);
        let experiments = experiments_in_period(experiments, options).into_iter().cloned().collect();
        Report { summary, visit, links: links.to_vec(), experiments, now, options: options.clone() }
    }

    /// How many entries the period holds (the rows of the log).
    pub fn entries(&self) -> usize {
        self.summary.entries
    }

    /// Writes the PDF to `out` as it is laid out: page 1, the details, the experiments, the
    /// chart, then the log of the period's entries, read from `log` one at a time, each page
    /// written out as soon as it is full. `counter` is told of each entry of the log, and a
    /// stop ends the writing with [`ExportError::Cancelled`].
    pub fn write<S: Source + ?Sized>(
        &self,
        log: &S,
        counter: &mut Counter<'_>,
        out: &mut dyn Write,
    ) -> Result<(), ExportError> {
        let options = &self.options;
        let (summary, lang) = (&self.summary, options.lang);
        let title = lang.pick("Feltsense report", "Feltsense-verslag");
        let mut canvas = Canvas::new(title, out)?;
        let shown: Vec<&Experiment> = self.experiments.iter().collect();
        visit::draw(&mut canvas, summary, &self.visit, &self.links, &shown, self.now, options);
        canvas.new_page();
        details_page(&mut canvas, summary, &self.links, options);
        if !self.experiments.is_empty() {
            canvas.new_page();
            experiment::draw(&mut canvas, &self.experiments, self.now, lang, LEFT, RIGHT - LEFT, log::TOP);
        }
        canvas.new_page();
        chart::draw(&mut canvas, summary, lang, LEFT, log::TOP, RIGHT - LEFT);
        let mut table =
            log::Log::start(&mut canvas, (lang, options.zone), options.include_notes, log::TOP + chart::BLOCK_H + 4.0);
        each_entry(log, DateRange::new(summary.period_from, summary.period_to), |e| {
            table.row(&mut canvas, e);
            counter.one()
        })?;
        counter.end()?;
        table.finish(&mut canvas);

        let footer_left = match &options.name {
            Some(name) if !name.trim().is_empty() => {
                format!("{} · {} · {}", name.trim(), title, period(summary.period_from, summary.period_to, lang))
            }
            _ => format!("{} · {}", title, period(summary.period_from, summary.period_to, lang)),
        };
        let io = |source| ExportError::Io { path: std::path::PathBuf::new(), source };
        canvas
            .finish(|c, i, pages| {
                let y = PAGE_H - 9.0;
                c.line((LEFT, y - 4.0), (RIGHT, y - 4.0), 0.15, 0.5, &[]);
                c.text(LEFT, y, 7.0, false, Align::Left, &footer_left);
                let page = match lang {
                    Lang::En => format!("{} · page {} of {pages}", self_reported(lang), i + 1),
                    Lang::Nl => format!("{} · pagina {} van {pages}", self_reported(lang), i + 1),
                };
                c.text(RIGHT, y, 7.0, false, Align::Right, &page);
            })
            .map_err(io)
    }
}

/// The right of a page's header: the person's name (when given) and the day the report was made.
fn name_and_date(canvas: &mut Canvas, options: &ReportOptions, lang: Lang) {
    if let Some(name) = options.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        let fitted = canvas.fonts.ellipsize(name, 12.0, true, 80.0);
        canvas.text(RIGHT, 20.0, 12.0, true, Align::Right, &fitted);
    }
    canvas.text(
        RIGHT,
        26.0,
        8.0,
        false,
        Align::Right,
        &format!("{} {}", lang.pick("Generated on", "Gemaakt op"), date_long(options.generated_on, lang)),
    );
}

fn section(canvas: &mut Canvas, x: f32, y: f32, title: &str) -> f32 {
    canvas.text(x, y + 4.0, 10.0, true, Align::Left, title);
    y + 7.5
}

/// A small table: header row then rows; `cols` are (title, width, alignment).
fn table(canvas: &mut Canvas, x: f32, mut y: f32, cols: &[(&str, f32, Align)], rows: &[Vec<String>]) -> f32 {
    let total: f32 = cols.iter().map(|c| c.1).sum();
    let cell_x = |i: usize| -> (f32, Align) {
        let start: f32 = x + cols[..i].iter().map(|c| c.1).sum::<f32>();
        match cols[i].2 {
            Align::Left => (start + 0.8, Align::Left),
            Align::Right => (start + cols[i].1 - 0.8, Align::Right),
            Align::Center => (start + cols[i].1 / 2.0, Align::Center),
        }
    };
    for (i, (title, _, _)) in cols.iter().enumerate() {
        let (cx, align) = cell_x(i);
        canvas.text(cx, y + 3.2, 7.0, true, align, title);
    }
    y += 4.6;
    canvas.line((x, y), (x + total, y), 0.25, 0.0, &[]);
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(cols.len()) {
            let (cx, align) = cell_x(i);
            let fitted = canvas.fonts.ellipsize(cell, 8.0, i == 0, cols[i].1 - 1.6);
            canvas.text(cx, y + 3.6, 8.0, false, align, &fitted);
        }
        y += 4.8;
        canvas.line((x, y), (x + total, y), 0.1, 0.7, &[]);
    }
    y
}

fn paragraph(canvas: &mut Canvas, x: f32, mut y: f32, w: f32, size: f32, bold: bool, text: &str) -> f32 {
    let line_h = size * 0.45;
    for line in canvas.fonts.wrap(text, size, bold, w) {
        canvas.text(x, y + line_h * 0.8, size, bold, Align::Left, &line);
        y += line_h;
    }
    y
}

/// Page 2: the details of the period (what page 1 was before it was built for the consult).
fn details_page(canvas: &mut Canvas, s: &ReportSummary, links: &[ReportLink], options: &ReportOptions) {
    let lang = options.lang;
    // Title block.
    canvas.text(
        LEFT,
        20.0,
        16.0,
        true,
        Align::Left,
        lang.pick("Body tension and emotions", "Spanning in het lichaam en emoties"),
    );
    canvas.text(LEFT, 26.0, 9.0, false, Align::Left, lang.pick("Details of the period", "Details van de periode"));
    name_and_date(canvas, options, lang);
    let info = format!(
        "{}: {} ({} {})   ·   {}: {} {} {}   ·   {}: {}",
        lang.pick("Period", "Periode"),
        period(s.period_from, s.period_to, lang),
        s.days_in_period,
        lang.pick("days", "dagen"),
        crate::model::text::glossary::days_logged(lang),
        s.days_logged,
        lang.pick("of", "van"),
        s.days_in_period,
        lang.pick("Check-ins", "Metingen"),
        s.check_ins,
    );
    canvas.text(LEFT, 33.0, 9.0, false, Align::Left, &info);
    canvas.line((LEFT, 36.0), (RIGHT, 36.0), 0.3, 0.0, &[]);

    // Body map, left.
    let mut y = section(canvas, LEFT, 38.0, lang.pick("Where the tension sits", "Waar de spanning zit"));
    let map_h = 88.0;
    body::draw(canvas, s, lang, LEFT + 1.0, y + 3.0, map_h, 4.0);
    body::legend(canvas, lang, LEFT, y + map_h + 5.0);
    let below_map = y + map_h + 10.0;

    // Highest regions, right.
    let rx = 104.0;
    y = section(canvas, rx, 38.0, lang.pick("Highest tension", "Hoogste spanning"));
    let region_rows: Vec<Vec<String>> = s
        .top_regions
        .iter()
        .map(|&r| {
            let st = s.region(r);
            vec![
                r.name(lang).to_owned(),
                st.mean.map(|m| num1(m, lang)).unwrap_or_default(),
                st.max.map(|m| m.to_string()).unwrap_or_default(),
                st.previous_mean.map(|m| num1(m, lang)).unwrap_or_else(|| "–".into()),
                st.change().map(|c| signed1(c, lang)).unwrap_or_else(|| "–".into()),
                st.trend.symbol().to_owned(),
            ]
        })
        .collect();
    let cols = [
        (lang.pick("Region", "Gebied"), 38.0, Align::Left),
        (lang.pick("Mean", "Gem."), 11.0, Align::Right),
        (lang.pick("Max", "Max"), 9.0, Align::Right),
        (lang.pick("Before", "Ervoor"), 11.0, Align::Right),
        (lang.pick("Change", "Verschil"), 13.0, Align::Right),
        (lang.pick("Trend", "Trend"), 10.0, Align::Center),
    ];
    if region_rows.is_empty() {
        y = paragraph(
            canvas,
            rx,
            y,
            92.0,
            8.0,
            false,
            lang.pick("No tension logged in this period.", "Geen spanning vastgelegd in deze periode."),
        );
    } else {
        y = table(canvas, rx, y, &cols, &region_rows);
    }
    y = paragraph(
        canvas,
        rx,
        y + 1.5,
        92.0,
        6.5,
        false,
        &format!(
            "{} {} ({} {}).",
            lang.pick(
                "Mean over the check-ins of the period; a region not rated in a check-in counts as 0. “Before”: the previous period,",
                "Gemiddelde over de metingen van de periode; een gebied dat in een meting niet is ingevuld telt als 0. „Ervoor”: de vorige periode,",
            ),
            period(s.previous_from, s.previous_to, lang),
            s.previous_check_ins,
            lang.pick("check-ins", "metingen"),
        ),
    );
    y = paragraph(
        canvas,
        rx,
        y,
        92.0,
        6.5,
        false,
        lang.pick(
            "↑/↓: a change of at least 2 points or 30 % (and at least 1 point); =: no meaningful change.",
            "↑/↓: een verandering van minstens 2 punten of 30 % (en minstens 1 punt); =: geen betekenisvolle verandering.",
        ),
    );

    // Emotions, right, under the regions.
    y = section(canvas, rx, y + 3.0, lang.pick("Emotions logged most", "Vaakst vastgelegde emoties"));
    let emotion_rows: Vec<Vec<String>> = s
        .emotions
        .iter()
        .take(MAX_EMOTIONS)
        .map(|e| vec![emotion_name(&e.code, lang).to_owned(), e.count.to_string(), num1(e.mean_intensity, lang)])
        .collect();
    if emotion_rows.is_empty() {
        paragraph(
            canvas,
            rx,
            y,
            92.0,
            8.0,
            false,
            lang.pick("No emotions logged in this period.", "Geen emoties vastgelegd in deze periode."),
        );
    } else {
        let cols = [
            (lang.pick("Emotion", "Emotie"), 46.0, Align::Left),
            (lang.pick("Times", "Keer"), 18.0, Align::Right),
            (lang.pick("Mean intensity", "Gem. intensiteit"), 28.0, Align::Right),
        ];
        table(canvas, rx, y, &cols, &emotion_rows);
    }

    // Links, full width.
    let mut y = section(
        canvas,
        LEFT,
        below_map.max(150.0),
        lang.pick("Regions that follow emotions", "Gebieden die op emoties volgen"),
    );
    if links.is_empty() {
        y = paragraph(
            canvas,
            LEFT,
            y,
            RIGHT - LEFT,
            8.0,
            false,
            lang.pick(
                "No link between an emotion and a region is clear enough to report for this period.",
                "Geen verband tussen een emotie en een gebied is duidelijk genoeg om voor deze periode te melden.",
            ),
        );
    } else {
        for l in links.iter().take(MAX_LINKS) {
            let higher = l.diff_points >= 0.0;
            let line = match lang {
                Lang::En => format!(
                    "• {} → {} ({}): {} points {} than usual   (n = {} times the emotion on {} days, {} check-ins)",
                    emotion_name(&l.emotion, lang),
                    l.region.name(lang),
                    l.window_label,
                    signed1(l.diff_points, lang),
                    if higher { "higher" } else { "lower" },
                    l.n_events,
                    l.n_days,
                    l.n_checkins
                ),
                Lang::Nl => format!(
                    "• {} → {} ({}): {} punten {} dan gewoonlijk   (n = {} keer de emotie op {} dagen, {} metingen)",
                    emotion_name(&l.emotion, lang),
                    l.region.name(lang),
                    l.window_label,
                    signed1(l.diff_points, lang),
                    if higher { "hoger" } else { "lager" },
                    l.n_events,
                    l.n_days,
                    l.n_checkins
                ),
            };
            y = paragraph(canvas, LEFT, y, RIGHT - LEFT, 8.0, false, &line);
        }
        if links.len() > MAX_LINKS {
            let more = links.len() - MAX_LINKS;
            y = paragraph(
                canvas,
                LEFT,
                y,
                RIGHT - LEFT,
                8.0,
                false,
                &match lang {
                    Lang::En => format!("and {more} more"),
                    Lang::Nl => format!("en nog {more}"),
                },
            );
        }
        y = paragraph(canvas, LEFT, y + 0.8, RIGHT - LEFT, 7.0, false, lang.pick(
            "These are associations in this person's own journal, not proof of cause: n is the number of times behind each link.",
            "Dit zijn verbanden in het eigen dagboek, geen bewijs van oorzaak: n is het aantal keren achter elk verband.",
        ));
    }
    // One line that names the method (README and "How is this computed?" explain it).
    y = paragraph(canvas, LEFT, y + 0.4, RIGHT - LEFT, 7.0, false, lang.pick(
        "Method: a within-person regression per region, adjusted for other emotions, time of day, weekday and the earlier level; a link is listed only when tension after the emotion also differs from the 6 h before it, with day-aware 95 % intervals and a 10 % false-discovery control.",
        "Methode: een regressie per gebied binnen deze persoon, gecorrigeerd voor andere emoties, tijdstip, weekdag en het eerdere niveau; een verband staat er alleen als de spanning na de emotie ook verschilt van de 6 uur ervoor, met 95%-intervallen die dagen als geheel nemen en een controle op valse vondsten van 10 %.",
    ));

    // Practices (left) and signals (right).
    let top = y + 3.0;
    let y_left = section(canvas, LEFT, top, lang.pick("Practices and relief", "Oefeningen en verlichting"));
    if s.practices.is_empty() {
        paragraph(
            canvas,
            LEFT,
            y_left,
            85.0,
            8.0,
            false,
            lang.pick("No practices logged in this period.", "Geen oefeningen vastgelegd in deze periode."),
        );
    } else {
        let rows: Vec<Vec<String>> = s
            .practices
            .iter()
            .map(|p| {
                let a = &p.adjusted;
                let (adjusted, interval) = match (a.verdict, a.effect, a.low, a.high) {
                    (v, Some(e), Some(lo), Some(hi)) if v.has_effect() => {
                        (signed1(e, lang), format!("{} – {}", signed1(lo, lang), signed1(hi, lang)))
                    }
                    (ReliefVerdict::CannotCompare, ..) => {
                        ("–".into(), lang.pick("not separable", "onscheidbaar").to_owned())
                    }
                    _ => ("–".into(), lang.pick("not yet", "nog niet").to_owned()),
                };
                vec![
                    p.kind.name(lang).to_owned(),
                    p.count.to_string(),
                    p.mean_change.map(|c| signed1(c, lang)).unwrap_or_else(|| "–".into()),
                    adjusted,
                    interval,
                    a.n_pairs.to_string(),
                ]
            })
            .collect();
        let cols = [
            (lang.pick("Practice", "Oefening"), 27.0, Align::Left),
            (lang.pick("Times", "Keer"), 9.0, Align::Right),
            (lang.pick("Plain", "Ruw"), 14.0, Align::Right),
            (lang.pick("Adjusted", "Gecorr."), 13.0, Align::Right),
            (lang.pick("Interval", "Interval"), 22.0, Align::Right),
            (lang.pick("n", "n"), 7.0, Align::Right),
        ];
        let yb = table(canvas, LEFT, y_left, &cols, &rows);
        paragraph(canvas, LEFT, yb + 1.5, 92.0, 6.5, false, lang.pick(
            "Times: sessions in the period. Plain: mean change in points from the check-in at the practice to the next check-in within 3 hours (for a guided practice: its before and after ratings), over the regions rated in either; negative = eased. Adjusted: the change over the regions rated before, minus the change at similar moments without a practice (same region, level before and part of the day, the same time apart), because high tension tends to come down anyway. Interval: its 95 % interval (same-day pairs counted as one cluster); n = practices compared, only with moments rated a like time apart. \"Not yet\": fewer than 10 such practices on 7 days or fewer than 20 comparison pairs. \"Not separable\": too few moments without a practice rated as far apart in time, so the change cannot be told apart from tension easing by itself. An association, not proof of cause.",
            "Keer: sessies in de periode. Ruw: gemiddelde verandering in punten van de meting bij de oefening tot de volgende meting binnen 3 uur (bij een begeleide oefening: de meting ervoor en erna), over de gebieden die in een van beide zijn ingevuld; negatief = minder spanning. Gecorr.: de verandering over de gebieden die vooraf zijn ingevuld, min de verandering op vergelijkbare momenten zonder oefening (zelfde gebied, niveau vooraf en deel van de dag, dezelfde tijd ertussen), omdat hoge spanning vaak vanzelf wat zakt. Interval: het 95 %-interval daarvan (paren op dezelfde dag tellen als één groep); n = vergeleken oefeningen, alleen met momenten die even ver uit elkaar zijn gemeten. \"Nog niet\": minder dan 10 zulke oefeningen op 7 dagen of minder dan 20 vergelijkingsparen. \"Onscheidbaar\": te weinig momenten zonder oefening die even ver uit elkaar zijn gemeten, dus de verandering is niet te onderscheiden van spanning die vanzelf zakt. Een verband, geen bewijs van oorzaak.",
        ));
    }

    let sx = 110.0;
    let y_right = section(canvas, sx, top, lang.pick("Unnoticed-stress signals", "Signalen van onopgemerkte stress"));
    let rows: Vec<Vec<String>> = s
        .signals
        .iter()
        .map(|st| vec![st.signal.name(lang).to_owned(), st.count.to_string(), st.previous_count.to_string()])
        .collect();
    let cols = [
        (lang.pick("Signal", "Signaal"), 45.0, Align::Left),
        (lang.pick("Times", "Keer"), 18.0, Align::Right),
        (lang.pick("Before", "Ervoor"), 18.0, Align::Right),
    ];
    table(canvas, sx, y_right, &cols, &rows);
}
