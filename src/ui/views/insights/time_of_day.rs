//! Time of day: mean tension per region by part of the day and by weekday, as a coloured table
//! with the number of check-ins behind every column.

use egui::{Align2, CornerRadius, FontId, Sense, Ui, vec2};

use super::analysis::Ranged;
use super::{Cx, Preset, range_text};
use crate::analysis::DateRange;
use crate::analysis::common::{RegionLevels, format_number};
use crate::analysis::time_of_day::{PartOfDay, TimeOfDay, time_of_day};
use crate::model::{Entry, Lang, Level, Region};
use crate::ui::palette::{level_color, text_color_on};
use crate::ui::widgets::body_map::level_legend;

const CELL: egui::Vec2 = vec2(66.0, 20.0);

/// The analysis plus the region with the highest mean, for the summary sentence.
#[derive(Debug)]
struct Tables {
    tod: TimeOfDay,
    range: DateRange,
    /// The region with the highest mean over all check-ins, if any check-ins.
    top: Option<Region>,
}

fn compute(entries: &[Entry], range: &DateRange) -> Tables {
    let tod = time_of_day(entries, *range);
    let total = |r: Region| -> f64 { tod.by_part.iter().map(|p| p.mean_of(r).unwrap_or(0.0) * p.n as f64).sum() };
    let any = tod.by_part.iter().any(|p| p.n > 0);
    let top = any.then(|| Region::ALL.into_iter().max_by(|a, b| total(*a).total_cmp(&total(*b)))).flatten();
    Tables { tod, range: *range, top }
}

/// State of the time-of-day view.
#[derive(Debug)]
pub(super) struct TimeOfDayView {
    tables: Ranged<Tables>,
}

impl Default for TimeOfDayView {
    fn default() -> Self {
        TimeOfDayView { tables: Ranged::new(Preset::Days90, "time-of-day", compute) }
    }
}

impl TimeOfDayView {
    pub(super) fn is_busy(&self) -> bool {
        self.tables.is_busy()
    }

    pub(super) fn ui(&mut self, ui: &mut Ui, cx: &Cx<'_>) {
        let lang = cx.lang;
        let Some((_, res)) = self.tables.ui(ui, cx) else { return };
        let n: usize = res.tod.by_part.iter().map(|p| p.n).sum();
        ui.weak(format!("{} · {n} {}", range_text(res.range, lang), lang.pick("check-ins", "metingen")));
        if n == 0 {
            ui.label(lang.pick("No check-ins in this period.", "Geen metingen in deze periode."));
            return;
        }
        if let Some(s) = res.top.and_then(|r| summary(&res.tod, r, lang)) {
            ui.label(s);
        }
        ui.add_space(6.0);
        table_ui(ui, lang, &res.tod);
        ui.add_space(4.0);
        level_legend(ui, lang);
        ui.weak(lang.pick(
            "Mean tension (0–10) of the check-ins in each part of the day and on each weekday; n is the number of check-ins. Night 0–6 h, morning 6–12 h, afternoon 12–18 h, evening 18–24 h.",
            "Gemiddelde spanning (0–10) van de metingen per dagdeel en per weekdag; n is het aantal metingen. Nacht 0–6 uur, ochtend 6–12 uur, middag 12–18 uur, avond 18–24 uur.",
        ));
    }
}

/// "Neck: highest in the evening (3.4, n 120), lowest at night (1.2, n 30)."
fn summary(tod: &TimeOfDay, region: Region, lang: Lang) -> Option<String> {
    let parts: Vec<(PartOfDay, f64, usize)> = PartOfDay::ALL
        .into_iter()
        .filter_map(|p| {
            let l = &tod.by_part[p.index()];
            l.mean_of(region).map(|m| (p, m, l.n))
        })
        .collect();
    let hi = parts.iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
    let lo = parts.iter().min_by(|a, b| a.1.total_cmp(&b.1))?;
    let num = |m: f64| format_number(m, 1, lang);
    Some(format!(
        "{}: {} {} ({}, n {}), {} {} ({}, n {}).",
        region.name(lang),
        lang.pick("highest", "het hoogst"),
        when(hi.0, lang),
        num(hi.1),
        hi.2,
        lang.pick("lowest", "het laagst"),
        when(lo.0, lang),
        num(lo.1),
        lo.2
    ))
}

/// "in the evening" / "'s avonds".
fn when(part: PartOfDay, lang: Lang) -> &'static str {
    match part {
        PartOfDay::Night => lang.pick("at night", "'s nachts"),
        PartOfDay::Morning => lang.pick("in the morning", "'s ochtends"),
        PartOfDay::Afternoon => lang.pick("in the afternoon", "'s middags"),
        PartOfDay::Evening => lang.pick("in the evening", "'s avonds"),
    }
}

/// The accessible name of a cell: "Neck, evening: 3.4 (120 check-ins)" / "Nek, avond: 3,4
/// (120 metingen)", or "no check-ins" / "geen metingen".
pub fn cell_name(region: Region, column: &str, mean: Option<f64>, n: usize, lang: Lang) -> String {
    let value = match mean {
        Some(m) => format!("{} ({n} {})", format_number(m, 1, lang), lang.pick("check-ins", "metingen")),
        None => lang.pick("no check-ins", "geen metingen").to_owned(),
    };
    format!("{}, {}: {value}", region.name(lang), column.to_lowercase())
}

/// A painted cell, with its value as its accessible name (a screen reader reads what is painted).
fn value_cell(ui: &mut Ui, cell: egui::Vec2, levels: &RegionLevels, region: Region, column: &str, lang: Lang) {
    let (rect, resp) = ui.allocate_exact_size(cell, Sense::hover());
    let name = cell_name(region, column, levels.mean_of(region), levels.n, lang);
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Cell, true, &name));
    let Some(m) = levels.mean_of(region) else {
        ui.painter().text(
            rect.center(),
            Align2::CENTER_CENTER,
            "–",
            FontId::proportional(12.0),
            ui.visuals().weak_text_color(),
        );
        return;
    };
    let fill = level_color(Level::new(m.round().clamp(0.0, 10.0) as u8), ui.visuals().dark_mode);
    ui.painter().rect_filled(rect, CornerRadius::same(2), fill);
    ui.painter().text(
        rect.center(),
        Align2::CENTER_CENTER,
        format_number(m, 1, lang),
        FontId::proportional(12.0),
        text_color_on(fill),
    );
}

/// The grid spacing between cells.
const SPACING: f32 = 3.0;

/// The table: the parts of the day and the weekdays side by side when the view is wide enough,
/// else one above the other (the weekdays' cells narrower if need be), so it never runs out of the
/// window.
fn table_ui(ui: &mut Ui, lang: Lang, tod: &TimeOfDay) {
    let name_width = Region::ALL
        .iter()
        .map(|r| {
            egui::WidgetText::from(r.name(lang))
                .into_galley(ui, Some(egui::TextWrapMode::Extend), f32::INFINITY, egui::TextStyle::Body)
                .size()
                .x
        })
        .fold(0.0, f32::max);
    let columns = |n: usize, cell: f32| name_width + n as f32 * (cell + SPACING) + SPACING;
    let available = ui.available_width();
    if available >= columns(PartOfDay::ALL.len() + 7, CELL.x) + 10.0 + SPACING {
        grid(ui, "time_of_day_grid", lang, tod, CELL, true, true);
    } else {
        grid(ui, "time_of_day_parts", lang, tod, CELL, true, false);
        ui.add_space(8.0);
        let narrow = ((available - columns(0, 0.0)) / 7.0 - SPACING).clamp(30.0, CELL.x);
        grid(ui, "time_of_day_weekdays", lang, tod, vec2(narrow, CELL.y), false, true);
    }
}

/// One grid: a row per region, with the parts of the day and/or the weekdays as columns.
fn grid(ui: &mut Ui, id: &str, lang: Lang, tod: &TimeOfDay, cell: egui::Vec2, parts: bool, weekdays: bool) {
    egui::Grid::new(id).spacing(vec2(SPACING, SPACING)).show(ui, |ui| {
        ui.label("");
        if parts {
            for p in PartOfDay::ALL {
                ui.strong(p.name(lang));
            }
        }
        if parts && weekdays {
            gap(ui);
        }
        if weekdays {
            for d in 0..7 {
                ui.strong(lang.weekday_short(weekday(d)));
            }
        }
        ui.end_row();
        ui.weak("n");
        if parts {
            for p in &tod.by_part {
                ui.weak(p.n.to_string());
            }
        }
        if parts && weekdays {
            gap(ui);
        }
        if weekdays {
            for d in &tod.by_weekday {
                ui.weak(d.n.to_string());
            }
        }
        ui.end_row();
        for r in Region::ALL {
            ui.label(r.name(lang));
            if parts {
                for (p, levels) in PartOfDay::ALL.into_iter().zip(&tod.by_part) {
                    value_cell(ui, cell, levels, r, p.name(lang), lang);
                }
            }
            if parts && weekdays {
                gap(ui);
            }
            if weekdays {
                for (d, levels) in (0..7).zip(&tod.by_weekday) {
                    value_cell(ui, cell, levels, r, lang.weekday_short(weekday(d)), lang);
                }
            }
            ui.end_row();
        }
    });
}

/// An empty column between the parts of the day and the weekdays.
fn gap(ui: &mut Ui) {
    ui.allocate_exact_size(vec2(10.0, 1.0), Sense::hover());
}

/// Monday for 0 up to Sunday for 6.
fn weekday(index: u32) -> chrono::Weekday {
    let mut d = chrono::Weekday::Mon;
    for _ in 0..index.min(6) {
        d = d.succ();
    }
    d
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn the_summary_names_the_highest_and_lowest_part_of_the_day() {
        let at = |h: u32| {
            chrono::FixedOffset::east_opt(3600)
                .and_then(|o| o.with_ymd_and_hms(2026, 3, 2, h, 0, 0).single())
                .expect("valid time")
        };
        let mut entries = Vec::new();
        for (h, neck) in [(8, 2), (9, 4), (20, 6), (2, 1)] {
            let mut e = Entry::new(at(h));
            e.set_tension(Region::Neck, Level::new(neck));
            entries.push(e);
        }
        let res = compute(&entries, &DateRange::ALL);
        assert_eq!(res.top, Some(Region::Neck));
        // Morning (2 + 4) / 2 = 3 from 2 check-ins; evening 6; night 1; no afternoon.
        assert_eq!(
            summary(&res.tod, Region::Neck, Lang::En).as_deref(),
            Some("Neck: highest in the evening (6.0, n 1), lowest at night (1.0, n 1).")
        );
        assert_eq!(
            summary(&res.tod, Region::Neck, Lang::Nl).as_deref(),
            Some("Nek: het hoogst 's avonds (6,0, n 1), het laagst 's nachts (1,0, n 1).")
        );
        assert_eq!(weekday(6), chrono::Weekday::Sun);
        assert_eq!(cell_name(Region::Neck, "Evening", Some(3.44), 120, Lang::En), "Neck, evening: 3.4 (120 check-ins)");
        assert_eq!(cell_name(Region::Neck, "ma", None, 0, Lang::Nl), "Nek, ma: geen metingen");
    }
}
