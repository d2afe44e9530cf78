//! Practices: how tension changed from a practice to the next check-in, compared with similar
//! moments without a practice (the headline, see [`crate::analysis::relief`]), with the plain
//! change beside it; and on how many days a week the person practised, week by week. Phrased as
//! the person's own rhythm, without streaks.

use egui::Ui;
use egui_plot::{Bar, BarChart, Plot};

use super::analysis::Ranged;
use super::{Cx, Preset, axis_date, date_marks, range_text};
use crate::analysis::DateRange;
use crate::analysis::common::{days_since_epoch, format_number};
use crate::analysis::practices::{AFTER_WITHIN_HOURS, PracticeEffect, PracticeReport, practice_report};
use crate::analysis::relief::{ReliefVerdict, cannot_compare_sentence, how_computed, method_sentence};
use crate::model::{Entry, Lang};

/// The report plus plot-ready bars (one per week, x = the middle of the week).
#[derive(Debug)]
struct Report {
    report: PracticeReport,
    range: DateRange,
    bars: Vec<(f64, f64)>,
    total_days: u32,
}

fn compute(entries: &[Entry], range: &DateRange) -> Report {
    let report = practice_report(entries, *range);
    let bars = report.weeks.iter().map(|w| (days_since_epoch(w.monday) as f64 + 3.5, f64::from(w.any_days))).collect();
    let total_days = report.weeks.iter().map(|w| u32::from(w.any_days)).sum();
    Report { report, range: *range, bars, total_days }
}

/// State of the practices view.
#[derive(Debug)]
pub(super) struct PracticesView {
    report: Ranged<Report>,
}

impl Default for PracticesView {
    fn default() -> Self {
        PracticesView { report: Ranged::new(Preset::Days90, "practices", compute) }
    }
}

impl PracticesView {
    pub(super) fn is_busy(&self) -> bool {
        self.report.is_busy()
    }

    pub(super) fn ui(&mut self, ui: &mut Ui, cx: &Cx<'_>) {
        let lang = cx.lang;
        let Some((_, r)) = self.report.ui(ui, cx) else { return };
        ui.weak(range_text(r.range, lang));
        if r.report.effects.is_empty() {
            ui.label(lang.pick(
                "No practices logged in this period. When you log one (for example 4–6 breathing), its effect shows here.",
                "Geen oefeningen vastgelegd in deze periode. Als je er een vastlegt (bijvoorbeeld 4–6 ademhaling), zie je hier het effect.",
            ));
        } else {
            effects_ui(ui, lang, &r.report.effects);
        }
        ui.add_space(10.0);
        weeks_ui(ui, lang, r);
    }
}

/// "0.8 points lower at the next check-in" and the like.
fn effect_text(e: &PracticeEffect, lang: Lang) -> String {
    let Some(change) = e.overall_change.filter(|_| e.n_pairs > 0) else {
        return lang.pick("no check-in soon after it yet", "nog geen meting kort erna").to_owned();
    };
    let size = format_number(change.abs(), 1, lang);
    if change <= -0.05 {
        format!("{size} {}", lang.pick("points lower afterwards", "punten lager erna"))
    } else if change >= 0.05 {
        format!("{size} {}", lang.pick("points higher afterwards", "punten hoger erna"))
    } else {
        lang.pick("about the same afterwards", "ongeveer gelijk erna").to_owned()
    }
}

fn effects_ui(ui: &mut Ui, lang: Lang, effects: &[PracticeEffect]) {
    ui.strong(lang.pick(
        "Tension after a practice, compared with similar moments without one",
        "Spanning na een oefening, vergeleken met vergelijkbare momenten zonder",
    ));
    // One block per practice rather than a table: every line wraps, so the longest verdict still
    // fits the smallest window in both languages.
    for e in effects {
        ui.add_space(4.0);
        let times =
            crate::model::text::plural(e.n_sessions as u64, lang.pick("time", "keer"), lang.pick("times", "keer"));
        ui.label(egui::RichText::new(format!("{} · {times}", e.kind.name(lang))).strong());
        let headline = e.adjusted.text(lang);
        if matches!(e.adjusted.verdict, ReliefVerdict::NotEnoughData | ReliefVerdict::CannotCompare) {
            ui.weak(headline);
        } else {
            ui.label(headline);
        }
        ui.weak(format!(
            "{}: {}. {}: {}.",
            lang.pick("Based on", "Gebaseerd op"),
            e.adjusted.n_text(lang),
            crate::model::text::glossary::plain_change(lang),
            effect_text(e, lang)
        ));
        if let Some(line) = region_line(e, lang) {
            ui.weak(line);
        }
    }
    ui.add_space(4.0);
    if effects.iter().any(|e| e.adjusted.verdict == ReliefVerdict::CannotCompare) {
        ui.weak(cannot_compare_sentence(lang));
    }
    ui.weak(method_sentence(lang));
    ui.weak(format!(
        "{} {AFTER_WITHIN_HOURS} {}",
        lang.pick(
            "Before: the levels logged with the practice. After: the check-in at the end of a guided practice, or else the next check-in if it came within",
            "Voor: de niveaus die bij de oefening zijn vastgelegd. Na: de meting aan het eind van een begeleide oefening, of anders de volgende meting als die kwam binnen",
        ),
        lang.pick(
            "hours. The plain change is averaged over the regions rated in either; other things happen in between too.",
            "uur. De ruwe verandering is gemiddeld over de gebieden die in een van beide zijn ingevuld; er gebeuren intussen ook andere dingen.",
        )
    ));
    egui::CollapsingHeader::new(lang.pick("How is this computed?", "Hoe wordt dit berekend?"))
        .id_salt("practices_how_computed")
        .show(ui, |ui| {
            let text = how_computed(lang);
            // The text starts with its own title, which the header already shows.
            ui.label(text.split_once("\n\n").map_or(text, |(_, rest)| rest));
        });
}

/// "4–6 breathing, by region: Neck −1.4 points (−1.9 to −0.9): eases tension; …" for the regions
/// with a clear difference; `None` when there is none.
fn region_line(e: &PracticeEffect, lang: Lang) -> Option<String> {
    let clear: Vec<String> = e
        .regions
        .iter()
        .filter(|r| matches!(r.adjusted.verdict, ReliefVerdict::Eases | ReliefVerdict::Raises))
        .map(|r| format!("{} {}", r.region.name(lang), r.adjusted.text(lang)))
        .collect();
    (!clear.is_empty())
        .then(|| format!("{}, {}: {}", e.kind.name(lang), lang.pick("by region", "per gebied"), clear.join("; ")))
}

fn weeks_ui(ui: &mut Ui, lang: Lang, r: &Report) {
    ui.strong(lang.pick("Days with a practice, week by week", "Dagen met een oefening, per week"));
    if r.report.weeks.is_empty() {
        return;
    }
    let weeks = r.report.weeks.len();
    let mean = f64::from(r.total_days) / weeks as f64;
    let summary = format!(
        "{} {} {} {weeks} {}, {} {} {}.",
        lang.pick("You practised on", "Je oefende op"),
        r.total_days,
        lang.pick("days in", "dagen in"),
        lang.pick("weeks", "weken"),
        lang.pick("on average", "gemiddeld"),
        format_number(mean, 1, lang),
        lang.pick("days a week", "dagen per week")
    );
    ui.label(&summary);
    let bars: Vec<Bar> = r.bars.iter().map(|&(x, y)| Bar::new(x, y).width(5.0)).collect();
    let days = lang.pick("days", "dagen");
    let week_of = lang.pick("week of", "week van");
    let chart = BarChart::new(lang.pick("Days with a practice", "Dagen met een oefening"), bars)
        .color(crate::ui::palette::PRACTICE_BARS)
        .element_formatter(Box::new(move |bar, _| {
            let date = super::date_of_x(bar.argument - 3.5).map(|d| lang.format_date(d)).unwrap_or_default();
            format!("{week_of} {date}\n{} {days}", bar.value)
        }));
    let plot = Plot::new("insights_practice_weeks")
        .height(180.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .include_y(0.0)
        .include_y(7.0)
        .x_grid_spacer(date_marks)
        .x_axis_formatter(move |mark, range| axis_date(mark.value, range.end() - range.start(), lang))
        .y_axis_formatter(
            |mark, _| if mark.value.fract() == 0.0 { format!("{:.0}", mark.value) } else { String::new() },
        )
        .show(ui, |plot| plot.bar_chart(chart));
    // A named figure for assistive technology, with the sentence above as its description.
    let name = lang.pick("Chart of days with a practice per week", "Grafiek van dagen met een oefening per week");
    ui.ctx().accesskit_node_builder(plot.response.id, |node| {
        node.set_role(egui::accesskit::Role::Figure);
        node.set_label(name);
        node.set_description(summary);
    });
    ui.weak(lang.pick(
        "This shows your own rhythm. Every day with a practice counts, and a quiet week is simply part of it.",
        "Dit laat je eigen ritme zien. Elke dag met een oefening telt, en een rustige week hoort er gewoon bij.",
    ));
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::model::{Level, Practice, PracticeKind, Region};

    fn entry(hour: i64, neck: Option<u8>, walk: bool) -> Entry {
        let base = chrono::FixedOffset::east_opt(3600)
            .and_then(|o| o.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).single())
            .expect("valid time");
        let mut e = Entry::new(base + chrono::Duration::hours(hour));
        if let Some(v) = neck {
            e.set_tension(Region::Neck, Level::new(v));
        }
        if walk {
            e.practice = Some(Practice { kind: PracticeKind::Walk, minutes: 10 });
        }
        e
    }

    fn effect(entries: &[Entry]) -> PracticeEffect {
        let r = practice_report(entries, DateRange::ALL);
        r.effects.into_iter().next().expect("one practice")
    }

    #[test]
    fn effects_in_words() {
        // Walk with neck 6, next check-in an hour later at 4: 2 points lower.
        let relief = [entry(10, Some(6), true), entry(11, Some(4), false)];
        assert_eq!(effect_text(&effect(&relief), Lang::En), "2.0 points lower afterwards");
        // Neck 3, then 4: one point higher.
        let worse = [entry(10, Some(3), true), entry(11, Some(4), false)];
        assert_eq!(effect_text(&effect(&worse), Lang::Nl), "1,0 punten hoger erna");
        let same = [entry(10, Some(3), true), entry(12, Some(3), false)];
        assert_eq!(effect_text(&effect(&same), Lang::En), "about the same afterwards");
        // The next check-in comes 5 hours later: no pair.
        let none = [entry(10, Some(3), true), entry(15, Some(1), false)];
        assert_eq!(effect_text(&effect(&none), Lang::En), "no check-in soon after it yet");
    }

    #[test]
    fn weeks_become_bars_in_the_middle_of_the_week() {
        // Practice on Monday 2 and twice on Wednesday 4 March 2026: two days in that week.
        let entries = [entry(10, Some(3), true), entry(58, None, true), entry(60, None, true)];
        let r = compute(&entries, &DateRange::ALL);
        let monday = days_since_epoch(chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("date")) as f64;
        assert_eq!(r.bars, [(monday + 3.5, 2.0)]);
        assert_eq!(r.total_days, 2);
    }
}
