//! Body heat map: every region painted by its mean or highest level over a period, and
//! "then vs now" with meaningful changes marked.

use egui::Ui;

use super::analysis::Analysis;
use super::{Cx, Preset, RangeChoice, custom_range, range_or_error, range_text};
use crate::analysis::DateRange;
use crate::analysis::common::{format_number, format_signed};
use crate::analysis::heatmap::{Aggregate, Comparison, HeatMap, RegionChange, compare, heat_map};
use crate::model::{Entry, Lang, Level, Region};
use crate::ui::palette::level_color;
use crate::ui::views::labelled_text;
use crate::ui::widgets::body_map::{BodyMapPainter, level_legend};

/// What is computed: one period, or two compared.
#[derive(Clone, Debug, PartialEq)]
struct Params {
    now: DateRange,
    then: Option<DateRange>,
    aggregate: Aggregate,
}

#[derive(Debug)]
enum Maps {
    Single(HeatMap),
    Compared(Comparison),
}

fn compute(entries: &[Entry], p: &Params) -> Maps {
    match p.then {
        Some(then) => Maps::Compared(compare(entries, then, p.now, p.aggregate)),
        None => Maps::Single(heat_map(entries, p.now, p.aggregate)),
    }
}

/// The period of the same length just before `now`; `None` when `now` is open-ended or that
/// period would start before the calendar does.
fn period_before(now: DateRange) -> Option<DateRange> {
    now.previous()
}

/// State of the heat-map view.
#[derive(Debug)]
pub(super) struct HeatMapView {
    range: RangeChoice,
    aggregate: Aggregate,
    compare: bool,
    /// Dates typed for "then" (used when the period before does not exist or is not wanted).
    then_custom: bool,
    then_from: String,
    then_to: String,
    /// The map (or the two maps) for the chosen periods.
    maps: Analysis<Params, Maps>,
}

impl Default for HeatMapView {
    fn default() -> Self {
        HeatMapView {
            range: RangeChoice::new(Preset::Days30),
            aggregate: Aggregate::Mean,
            compare: false,
            then_custom: false,
            then_from: String::new(),
            then_to: String::new(),
            maps: Analysis::new("heat-map", compute),
        }
    }
}

impl HeatMapView {
    pub(super) fn is_busy(&self) -> bool {
        self.maps.is_busy()
    }

    pub(super) fn ui(&mut self, ui: &mut Ui, cx: &Cx<'_>) {
        let lang = cx.lang;
        self.range.ui(ui, lang);
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.pick("Show:", "Toon:"));
            if ui.selectable_label(self.aggregate == Aggregate::Mean, lang.pick("Mean", "Gemiddelde")).clicked() {
                self.aggregate = Aggregate::Mean;
            }
            if ui.selectable_label(self.aggregate == Aggregate::Max, lang.pick("Highest", "Hoogste")).clicked() {
                self.aggregate = Aggregate::Max;
            }
            ui.separator();
            ui.checkbox(&mut self.compare, lang.pick("Then vs now", "Toen en nu"));
        });
        let now = range_or_error(ui, self.range.range(cx.today, lang));
        let then = if self.compare { self.then_ui(ui, lang, now) } else { None };
        let params =
            now.filter(|_| !self.compare || then.is_some()).map(|now| Params { now, then, aggregate: self.aggregate });
        match self.maps.show(ui, cx, params.as_ref()) {
            Some((_, Maps::Single(map))) => single_ui(ui, lang, map),
            Some((_, Maps::Compared(c))) => compared_ui(ui, lang, c),
            None => {}
        }
    }

    /// Chooses the earlier period: the one just before, or typed dates.
    fn then_ui(&mut self, ui: &mut Ui, lang: Lang, now: Option<DateRange>) -> Option<DateRange> {
        let before = now.and_then(period_before);
        let mut result = None;
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.pick("Then:", "Toen:"));
            if let Some(before) = before {
                let text =
                    format!("{} ({})", lang.pick("The period before", "De periode ervoor"), range_text(before, lang));
                if ui.selectable_label(!self.then_custom, text).clicked() {
                    self.then_custom = false;
                }
            }
            let custom = self.then_custom || before.is_none();
            if ui.selectable_label(custom, lang.pick("Other dates", "Andere datums")).clicked() {
                self.then_custom = true;
            }
            if custom {
                labelled_text(ui, lang.pick("Then from:", "Toen van:"), &mut self.then_from, 90.0, "2025-01-01");
                labelled_text(ui, lang.pick("Then to:", "Toen tot en met:"), &mut self.then_to, 90.0, "2025-03-31");
            } else {
                result = before;
            }
        });
        if self.then_custom || before.is_none() {
            if self.then_from.trim().is_empty() && self.then_to.trim().is_empty() {
                ui.weak(lang.pick("Type the dates of the earlier period.", "Typ de datums van de eerdere periode."));
                return None;
            }
            result = range_or_error(ui, custom_range(&self.then_from, &self.then_to, lang));
        }
        result
    }
}

/// The caption of a map: what, over when, from how many check-ins.
fn caption(map: &HeatMap, lang: Lang) -> String {
    let what = match map.aggregate {
        Aggregate::Mean => lang.pick("Mean", "Gemiddelde"),
        Aggregate::Max => lang.pick("Highest", "Hoogste"),
    };
    format!("{what} · {} · {} {}", range_text(map.range, lang), map.n_checkins, lang.pick("check-ins", "metingen"))
}

fn fill(map: &HeatMap, dark: bool) -> impl Fn(Region) -> Option<egui::Color32> + '_ {
    move |r| map.value(r).map(|v| level_color(Level::new(v.round().clamp(0.0, 10.0) as u8), dark))
}

fn single_ui(ui: &mut Ui, lang: Lang, map: &HeatMap) {
    ui.strong(caption(map, lang));
    if map.n_checkins == 0 {
        ui.label(lang.pick("No check-ins in this period.", "Geen metingen in deze periode."));
        return;
    }
    let dark = ui.visuals().dark_mode;
    let fill = fill(map, dark);
    let label = |r: Region| map.value(r).map(|v| format_number(v, 1, lang));
    BodyMapPainter::new(&fill, &label, lang)
        .id_salt("insights_heat_map")
        .accessible_prefix(lang.pick("Heat map", "Lichaamskaart"))
        .max_height(420.0)
        .show(ui);
    level_legend(ui, lang);
}

/// " (+2.1)" after the value of a region that changed meaningfully, nothing otherwise.
fn mark(change: &RegionChange, lang: Lang) -> String {
    match change.change_points {
        Some(d) if change.meaningful => format!(" ({})", format_signed(d, 1, lang)),
        _ => String::new(),
    }
}

fn compared_ui(ui: &mut Ui, lang: Lang, c: &Comparison) {
    let dark = ui.visuals().dark_mode;
    ui.columns(2, |cols| {
        for (i, (map, title)) in
            [(&c.then, lang.pick("Then", "Toen")), (&c.now, lang.pick("Now", "Nu"))].into_iter().enumerate()
        {
            let ui = &mut cols[i];
            ui.strong(format!("{title}: {}", caption(map, lang)));
            if map.n_checkins == 0 {
                ui.label(lang.pick("No check-ins in this period.", "Geen metingen in deze periode."));
                continue;
            }
            let fill = fill(map, dark);
            let is_now = i == 1;
            let label = |r: Region| {
                let v = format_number(map.value(r)?, 1, lang);
                Some(if is_now { format!("{v}{}", mark(&c.changes[r.index()], lang)) } else { v })
            };
            BodyMapPainter::new(&fill, &label, lang)
                .id_salt(("insights_heat_map_compare", i))
                .accessible_prefix(title)
                .max_height(340.0)
                .show(ui);
        }
    });
    level_legend(ui, lang);
    ui.add_space(6.0);
    ui.strong(lang.pick(
        "Meaningful changes (2 points or more, or 30 % or more):",
        "Duidelijke veranderingen (2 punten of meer, of 30 % of meer):",
    ));
    let meaningful: Vec<&RegionChange> = c.changes.iter().filter(|ch| ch.meaningful).collect();
    if meaningful.is_empty() {
        let text = if c.then.n_checkins == 0 || c.now.n_checkins == 0 {
            lang.pick(
                "Nothing to compare: one of the periods has no check-ins.",
                "Niets te vergelijken: een van de periodes heeft geen metingen.",
            )
        } else {
            lang.pick("None: no region changed that much.", "Geen: geen enkel gebied veranderde zoveel.")
        };
        ui.label(text);
    }
    for ch in meaningful {
        ui.label(change_line(ch, lang));
    }
}

/// "Neck: 3.1 then, 5.2 now (+2.1 points, +68 %)".
fn change_line(ch: &RegionChange, lang: Lang) -> String {
    let (Some(then), Some(now), Some(d)) = (ch.then, ch.now, ch.change_points) else { return String::new() };
    let percent = ch.change_percent.map(|p| format!(", {} %", format_signed(p, 0, lang))).unwrap_or_default();
    format!(
        "{}: {} {}, {} {} ({} {}{percent})",
        ch.region.name(lang),
        format_number(then, 1, lang),
        lang.pick("then", "toen"),
        format_number(now, 1, lang),
        lang.pick("now", "nu"),
        format_signed(d, 1, lang),
        lang.pick("points", "punten"),
    )
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn the_period_before_has_the_same_length() {
        // 30 days ending 15 March 2026 start on 14 February; the 30 days before end on 13 February.
        let now = DateRange::new(d(2026, 2, 14), d(2026, 3, 15));
        assert_eq!(period_before(now), Some(DateRange::new(d(2026, 1, 15), d(2026, 2, 13))));
        assert_eq!(period_before(DateRange::ALL), None);
    }

    #[test]
    fn change_lines_in_both_languages() {
        let ch = RegionChange::new(Region::Neck, Some(2.5), Some(5.0));
        assert_eq!(change_line(&ch, Lang::En), "Neck: 2.5 then, 5.0 now (+2.5 points, +100 %)");
        let ch = RegionChange::new(Region::Jaw, Some(2.0), Some(1.0));
        assert_eq!(change_line(&ch, Lang::Nl), "Kaak: 2,0 toen, 1,0 nu (\u{2212}1,0 punten, \u{2212}50 %)");
    }
}
