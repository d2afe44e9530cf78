//! The Insights view: six sub-views over the whole journal.
//!
//! - [`InsightsTab::Trends`]: tension over time with emotion markers ([`trends`]).
//! - [`InsightsTab::HeatMap`]: the body painted by mean or maximum, and "then vs now".
//! - [`InsightsTab::Weekly`]: this week against last week.
//! - [`InsightsTab::AfterEmotion`]: what tension follows after an emotion (the lag analysis).
//! - [`InsightsTab::TimeOfDay`]: tension by part of the day and by weekday.
//! - [`InsightsTab::Practices`]: before/after effect of practices and weekly consistency.
//!
//! # Where the work happens
//! The entries come from the journal worker's snapshot in the frame's [`ViewCx`] (the first time,
//! the view asks for them and shows "Reading the journal…" until they arrive), shared as an
//! `Arc<Vec<Entry>>` ([`Data`]) with the analysis threads. Each sub-view then asks its analysis
//! ([`analysis::Analysis`], with the period chooser in front: [`analysis::Ranged`]) for the
//! result for `(generation, parameters)`; a thread runs only when that key changes, and the last
//! answer stays on screen until the new one arrives. Frame code draws cached results only, and
//! shows a spinner while a job runs.

mod after_emotion;
mod analysis;
mod heat_map;
mod practices;
mod time_of_day;
mod trends;
mod weekly;

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use egui::Ui;

use crate::analysis::DateRange;
use crate::model::Lang;
use crate::ui::jobs::Data;
use crate::ui::views::{ViewCx, labelled_text};

/// The sub-views of Insights, in tab order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InsightsTab {
    /// Tension over time.
    #[default]
    Trends,
    /// The body heat map.
    HeatMap,
    /// The weekly review.
    Weekly,
    /// What tension follows after an emotion.
    AfterEmotion,
    /// Tension by part of the day and weekday.
    TimeOfDay,
    /// Practices: effect and consistency.
    Practices,
}

impl InsightsTab {
    /// Every tab, in order.
    pub const ALL: [InsightsTab; 6] = [
        InsightsTab::Trends,
        InsightsTab::HeatMap,
        InsightsTab::Weekly,
        InsightsTab::AfterEmotion,
        InsightsTab::TimeOfDay,
        InsightsTab::Practices,
    ];

    /// Localised tab name.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            InsightsTab::Trends => lang.pick("Trends", "Trends"),
            InsightsTab::HeatMap => lang.pick("Body heat map", "Lichaamskaart"),
            InsightsTab::Weekly => lang.pick("Weekly review", "Weekoverzicht"),
            InsightsTab::AfterEmotion => lang.pick("After an emotion", "Na een emotie"),
            InsightsTab::TimeOfDay => lang.pick("Time of day", "Tijdstip"),
            InsightsTab::Practices => lang.pick("Practices", "Oefeningen"),
        }
    }
}

/// State of the Insights view.
pub struct InsightsView {
    /// The sub-view on screen.
    pub tab: InsightsTab,
    /// "Today" for range presets and the weekly review. `None` (the default) means the local
    /// date; tests set a fixed date so that pictures do not change with the clock.
    pub today: Option<NaiveDate>,
    /// The last frame had no entries to draw with yet (the worker is reading them).
    waiting: bool,
    trends: trends::TrendsView,
    heat_map: heat_map::HeatMapView,
    weekly: weekly::WeeklyView,
    after_emotion: after_emotion::AfterEmotionView,
    time_of_day: time_of_day::TimeOfDayView,
    practices: practices::PracticesView,
}

impl Default for InsightsView {
    fn default() -> Self {
        InsightsView {
            tab: InsightsTab::default(),
            today: None,
            waiting: true,
            trends: trends::TrendsView::default(),
            heat_map: heat_map::HeatMapView::default(),
            weekly: weekly::WeeklyView::default(),
            after_emotion: after_emotion::AfterEmotionView::default(),
            time_of_day: time_of_day::TimeOfDayView::default(),
            practices: practices::PracticesView::default(),
        }
    }
}

/// What every sub-view gets to draw with.
pub(super) struct Cx<'a> {
    lang: Lang,
    today: NaiveDate,
    data: &'a Data,
    /// The time now (for a topic added from here).
    now: chrono::DateTime<chrono::FixedOffset>,
    /// The person's time zone: the times the sub-views list are on this clock.
    zone: crate::model::text::time::Zone,
    /// What the sub-views ask the app to do (a topic to discuss added from a cell or a trend).
    out: std::cell::RefCell<Vec<crate::ui::command::Command>>,
}

impl Cx<'_> {
    /// Adds a topic to discuss in `text` (the words shown), from `source`.
    fn add_topic(&self, text: &str, source: crate::model::prep::TopicSource) {
        if let Ok(t) = crate::model::prep::Topic::new(text, source, self.now) {
            let change = crate::ui::command::PrepChange::AddTopic(t);
            self.out.borrow_mut().push(crate::ui::command::Command::Prep(change));
        }
    }
}

impl InsightsView {
    /// True while the entries are read or the current sub-view's analysis runs.
    pub fn is_busy(&self) -> bool {
        self.waiting
            || match self.tab {
                InsightsTab::Trends => self.trends.is_busy(),
                InsightsTab::HeatMap => self.heat_map.is_busy(),
                InsightsTab::Weekly => self.weekly.is_busy(),
                InsightsTab::AfterEmotion => self.after_emotion.is_busy(),
                InsightsTab::TimeOfDay => self.time_of_day.is_busy(),
                InsightsTab::Practices => self.practices.is_busy(),
            }
    }

    /// The date treated as today.
    pub fn today(&self) -> NaiveDate {
        self.today.unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// Draws the tab row and the current sub-view; returns what it asked for (a topic to
    /// discuss added from a cell or a region's trend).
    pub fn ui(&mut self, ui: &mut Ui, cx: &ViewCx<'_>) -> Vec<crate::ui::command::Command> {
        let now = cx.now;
        let lang = cx.lang;
        let entries = cx.entries();
        self.waiting = entries.is_none() && cx.snapshot.entries_failed.is_none();
        ui.horizontal_wrapped(|ui| {
            for tab in InsightsTab::ALL {
                if ui.selectable_label(self.tab == tab, tab.name(lang)).clicked() {
                    self.tab = tab;
                }
            }
            if self.waiting {
                ui.spinner();
            }
        });
        ui.separator();
        let data = match (entries, &cx.snapshot.entries_failed) {
            (Some(entries), _) => Data { generation: cx.generation(), entries: Arc::clone(entries) },
            (None, Some(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e.text(lang));
                return Vec::new();
            }
            (None, None) => {
                computing(ui, lang.pick("Reading the journal…", "Het dagboek wordt gelezen…"));
                return Vec::new();
            }
        };
        if data.entries.is_empty() {
            ui.label(lang.pick(
                "There are no entries yet. Insights appear here once you have logged a few check-ins.",
                "Er zijn nog geen metingen. Inzichten verschijnen hier zodra je een paar metingen hebt vastgelegd.",
            ));
            return Vec::new();
        }
        let cx = Cx { lang, today: self.today(), data: &data, now, zone: cx.zone, out: std::cell::RefCell::default() };
        egui::ScrollArea::vertical().id_salt("insights_scroll").auto_shrink([false, false]).show(ui, |ui| {
            match self.tab {
                InsightsTab::Trends => self.trends.ui(ui, &cx),
                InsightsTab::HeatMap => self.heat_map.ui(ui, &cx),
                InsightsTab::Weekly => self.weekly.ui(ui, &cx),
                InsightsTab::AfterEmotion => self.after_emotion.ui(ui, &cx),
                InsightsTab::TimeOfDay => self.time_of_day.ui(ui, &cx),
                InsightsTab::Practices => self.practices.ui(ui, &cx),
            }
        });
        cx.out.into_inner()
    }
}

/// A spinner with a short text, shown while a job runs.
fn computing(ui: &mut Ui, text: &str) {
    ui.horizontal(|ui| {
        ui.spinner();
        ui.weak(text);
    });
}

/// "Computing…", localised.
fn computing_text(lang: Lang) -> &'static str {
    lang.pick("Computing…", "Bezig met berekenen…")
}

/// A quick choice of period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Preset {
    /// The last 7 days, today included.
    Days7,
    /// The last 30 days.
    Days30,
    /// The last 90 days.
    Days90,
    /// The last 365 days.
    Year,
    /// The whole journal.
    All,
    /// Two dates typed by the person.
    Custom,
}

impl Preset {
    const ALL: [Preset; 6] = [Preset::Days7, Preset::Days30, Preset::Days90, Preset::Year, Preset::All, Preset::Custom];

    fn name(self, lang: Lang) -> &'static str {
        match self {
            Preset::Days7 => lang.pick("7 days", "7 dagen"),
            Preset::Days30 => lang.pick("30 days", "30 dagen"),
            Preset::Days90 => lang.pick("90 days", "90 dagen"),
            Preset::Year => lang.pick("A year", "Een jaar"),
            Preset::All => lang.pick("All", "Alles"),
            Preset::Custom => lang.pick("Custom", "Zelf kiezen"),
        }
    }
}

/// A period chooser: presets plus two date fields for a custom range.
#[derive(Clone, Debug)]
struct RangeChoice {
    preset: Preset,
    from: String,
    to: String,
}

impl RangeChoice {
    fn new(preset: Preset) -> Self {
        RangeChoice { preset, from: String::new(), to: String::new() }
    }

    /// The chosen period, or why the typed dates are not usable.
    fn range(&self, today: NaiveDate, lang: Lang) -> Result<DateRange, String> {
        let days = |n| Ok(DateRange::last_days(today, n));
        match self.preset {
            Preset::Days7 => days(7),
            Preset::Days30 => days(30),
            Preset::Days90 => days(90),
            Preset::Year => days(365),
            Preset::All => Ok(DateRange::ALL),
            Preset::Custom => custom_range(&self.from, &self.to, lang),
        }
    }

    /// Draws the presets (and the date fields for a custom period).
    fn ui(&mut self, ui: &mut Ui, lang: Lang) {
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.pick("Period:", "Periode:"));
            for p in Preset::ALL {
                if ui.selectable_label(self.preset == p, p.name(lang)).clicked() {
                    self.preset = p;
                }
            }
            if self.preset == Preset::Custom {
                ui.add_space(8.0);
                labelled_text(ui, lang.pick("From:", "Van:"), &mut self.from, 90.0, "2026-01-01");
                labelled_text(ui, lang.pick("To:", "Tot en met:"), &mut self.to, 90.0, "2026-03-31");
            }
        });
    }
}

/// Parses two typed dates (either may be empty: open-ended).
fn custom_range(from: &str, to: &str, lang: Lang) -> Result<DateRange, String> {
    let date = |s: &str| crate::model::dates::parse_optional(s).map_err(|e| e.describe(lang));
    let range = DateRange { from: date(from)?, to: date(to)? };
    if let (Some(a), Some(b)) = (range.from, range.to)
        && a > b
    {
        return Err(lang.pick("The first date is after the second.", "De eerste datum ligt na de tweede.").into());
    }
    Ok(range)
}

/// Shows the range error, if any, and returns the range when usable.
fn range_or_error(ui: &mut Ui, range: Result<DateRange, String>) -> Option<DateRange> {
    match range {
        Ok(r) => Some(r),
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, e);
            None
        }
    }
}

/// "3 Mar 2025 – 30 Mar 2025", "from 3 Mar 2025", "up to …", or "the whole journal".
fn range_text(range: DateRange, lang: Lang) -> String {
    let d = |d: NaiveDate| crate::model::text::date_long(d, lang);
    match (range.from, range.to) {
        (Some(a), Some(b)) => format!("{} – {}", d(a), d(b)),
        (Some(a), None) => format!("{} {}", lang.pick("from", "vanaf"), d(a)),
        (None, Some(b)) => format!("{} {}", lang.pick("up to", "tot en met"), d(b)),
        (None, None) => lang.pick("the whole journal", "het hele dagboek").to_owned(),
    }
}

/// The date of a plot x value (days since 1970-01-01).
fn date_of_x(x: f64) -> Option<NaiveDate> {
    let days = x.floor();
    if !days.is_finite() || days.abs() > 1.0e7 {
        return None;
    }
    NaiveDate::from_ymd_opt(1970, 1, 1)?.checked_add_signed(chrono::Duration::days(days as i64))
}

/// "4 Mar" or "Mar 2025" for an axis label, depending on how long the visible span is.
pub(crate) fn axis_date(x: f64, span_days: f64, lang: Lang) -> String {
    match date_of_x(x) {
        Some(d) if span_days > 200.0 => crate::model::text::month_year(d, lang),
        Some(d) => crate::model::text::date_short(d, lang),
        None => String::new(),
    }
}

/// Grid marks for a date axis: days, Mondays, first days of months, or of quarters, whichever
/// gives a readable number of labels for the visible span.
pub(crate) fn date_marks(input: egui_plot::GridInput) -> Vec<egui_plot::GridMark> {
    use crate::analysis::common::days_since_epoch;
    let (lo, hi) = input.bounds;
    let (Some(first), Some(last)) = (date_of_x(lo), date_of_x(hi)) else { return Vec::new() };
    let span = hi - lo;
    let mark = |d: NaiveDate, step: f64| egui_plot::GridMark { value: days_since_epoch(d) as f64, step_size: step };
    let mut marks = Vec::new();
    if span <= 16.0 {
        let mut d = first;
        while d <= last {
            marks.push(mark(d, if d.weekday() == chrono::Weekday::Mon { 7.0 } else { 1.0 }));
            let Some(next) = d.succ_opt() else { break };
            d = next;
        }
    } else if span <= 100.0 {
        let mut d = crate::analysis::common::week_monday(first);
        while d <= last {
            marks.push(mark(d, 7.0));
            let Some(next) = crate::model::dates::days_after(d, 7) else { break };
            d = next;
        }
    } else {
        let months = if span <= 400.0 {
            1
        } else if span <= 1200.0 {
            3
        } else {
            12
        };
        let mut d = NaiveDate::from_ymd_opt(first.year(), first.month(), 1).unwrap_or(first);
        while d <= last {
            if (d.month() - 1).is_multiple_of(months) {
                marks.push(mark(d, 30.0 * f64::from(months)));
            }
            let Some(next) = d.checked_add_months(chrono::Months::new(1)) else { break };
            d = next;
        }
    }
    // Marks outside the visible span would be labelled half off the edge.
    marks.retain(|m| m.value >= lo && m.value <= hi);
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn presets_end_today() {
        let today = d(2026, 3, 15);
        let r = RangeChoice::new(Preset::Days7).range(today, Lang::En);
        assert_eq!(r, Ok(DateRange::new(d(2026, 3, 9), today)));
        let r = RangeChoice::new(Preset::Year).range(today, Lang::En);
        assert_eq!(r, Ok(DateRange::new(d(2025, 3, 16), today)));
        assert_eq!(RangeChoice::new(Preset::All).range(today, Lang::En), Ok(DateRange::ALL));
    }

    #[test]
    fn custom_ranges_are_checked() {
        assert_eq!(custom_range("2026-01-01", "", Lang::En), Ok(DateRange { from: Some(d(2026, 1, 1)), to: None }));
        assert!(custom_range("2026-1-x", "", Lang::En).is_err_and(|e| e.contains("not a date like 2026-11-20")));
        assert!(
            custom_range("-200000-01-01", "", Lang::Nl).is_err_and(|e| e.contains("buiten de jaren 1 tot en met 9999"))
        );
        assert!(custom_range("2026-02-01", "2026-01-01", Lang::Nl).is_err_and(|e| e.contains("eerste datum")));
    }

    #[test]
    fn plot_x_is_days_since_1970() {
        assert_eq!(date_of_x(0.0), Some(d(1970, 1, 1)));
        // 20 527 days after 1970-01-01 is 2026-03-15; a time of day does not change the date.
        assert_eq!(date_of_x(20_527.75), Some(d(2026, 3, 15)));
        assert_eq!(axis_date(20_527.0, 30.0, Lang::Nl), "15 mrt");
        assert_eq!(axis_date(20_527.0, 365.0, Lang::En), "Mar 2026");
        assert_eq!(range_text(DateRange::new(d(2026, 3, 9), d(2026, 3, 15)), Lang::En), "9 Mar 2026 – 15 Mar 2026");
    }

    #[test]
    fn date_marks_follow_the_span() {
        let x = |d: NaiveDate| crate::analysis::common::days_since_epoch(d) as f64;
        // About 30 days from Wednesday 2026-02-11 to Friday 2026-03-13: the Mondays inside,
        // 16 and 23 February, 2 and 9 March.
        let marks =
            date_marks(egui_plot::GridInput { bounds: (x(d(2026, 2, 11)), x(d(2026, 3, 13))), base_step_size: 1.0 });
        let dates: Vec<NaiveDate> = marks.iter().filter_map(|m| date_of_x(m.value)).collect();
        assert_eq!(dates, [d(2026, 2, 16), d(2026, 2, 23), d(2026, 3, 2), d(2026, 3, 9)]);
        // A year from 16 March 2025: the first of every month inside, April 2025 to March 2026.
        let marks =
            date_marks(egui_plot::GridInput { bounds: (x(d(2025, 3, 16)), x(d(2026, 3, 15))), base_step_size: 1.0 });
        let dates: Vec<NaiveDate> = marks.iter().filter_map(|m| date_of_x(m.value)).collect();
        assert_eq!(dates.len(), 12);
        assert_eq!((dates[0], dates[11]), (d(2025, 4, 1), d(2026, 3, 1)));
        assert!(dates.iter().all(|d| d.day() == 1));
    }
}
