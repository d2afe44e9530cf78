//! Weekly review: this week against the week before, per region and per emotion, the biggest
//! changes in words, and the week's notes. Opens on the current week.

use chrono::NaiveDate;
use egui::{Grid, RichText, Ui};

use super::Cx;
use super::analysis::Analysis;
use crate::analysis::common::{format_number, format_signed, week_monday};
use crate::analysis::weekly::{WeeklyReview, weekly_review};
use crate::model::text::time::Zone;
use crate::model::{Entry, Lang, emotion_name};

fn compute(entries: &[Entry], monday: &NaiveDate) -> WeeklyReview {
    weekly_review(entries, *monday)
}

/// State of the weekly review.
#[derive(Debug)]
pub(super) struct WeeklyView {
    /// How many weeks before the current one are shown (0 = this week).
    weeks_back: u32,
    /// The review of the week starting on a Monday.
    review: Analysis<NaiveDate, WeeklyReview>,
}

impl Default for WeeklyView {
    fn default() -> Self {
        WeeklyView { weeks_back: 0, review: Analysis::new("weekly-review", compute) }
    }
}

impl WeeklyView {
    pub(super) fn is_busy(&self) -> bool {
        self.review.is_busy()
    }

    pub(super) fn ui(&mut self, ui: &mut Ui, cx: &Cx<'_>) {
        let lang = cx.lang;
        ui.horizontal(|ui| {
            if ui.button(lang.pick("Previous week", "Vorige week")).clicked() {
                self.weeks_back += 1;
            }
            let next = ui.add_enabled(self.weeks_back > 0, egui::Button::new(lang.pick("Next week", "Volgende week")));
            if next.clicked() {
                self.weeks_back = self.weeks_back.saturating_sub(1);
            }
            if self.weeks_back > 0 && ui.button(lang.pick("Back to this week", "Terug naar deze week")).clicked() {
                self.weeks_back = 0;
            }
        });
        let monday = crate::model::dates::weeks_before(week_monday(cx.today), i64::from(self.weeks_back))
            .unwrap_or(NaiveDate::MIN);
        let Some((_, review)) = self.review.show(ui, cx, Some(&monday)) else { return };
        review_ui(ui, (lang, cx.zone), review);
    }
}

/// "Week 11, 2026 · 9 Mar – 15 Mar".
fn title(r: &WeeklyReview, lang: Lang) -> String {
    let sunday = crate::model::dates::days_after(r.monday, 6).unwrap_or(NaiveDate::MAX);
    let d = |d: NaiveDate| crate::model::text::date_short(d, lang);
    format!("{} {}, {} · {} – {}", lang.pick("Week", "Week"), r.iso_week, r.iso_year, d(r.monday), d(sunday))
}

fn review_ui(ui: &mut Ui, (lang, zone): (Lang, Zone), r: &WeeklyReview) {
    ui.heading(title(r, lang));
    ui.label(format!(
        "{} {} {} 7 ({} {})",
        lang.pick("Days logged:", "Dagen met een meting:"),
        r.days_logged,
        lang.pick("of", "van de"),
        lang.pick("the week before:", "de week ervoor:"),
        r.days_logged_last
    ));
    ui.add_space(6.0);
    ui.strong(lang.pick("The biggest changes", "De grootste veranderingen"));
    if r.biggest_changes.is_empty() {
        ui.label(lang.pick(
            "No big changes compared with the week before.",
            "Geen grote veranderingen ten opzichte van de week ervoor.",
        ));
    }
    for s in r.change_sentences(lang) {
        ui.label(format!("• {s}."));
    }
    ui.add_space(8.0);
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| regions_ui(ui, lang, r));
        ui.add_space(24.0);
        ui.vertical(|ui| {
            emotions_ui(ui, lang, r);
            ui.add_space(8.0);
            notes_ui(ui, (lang, zone), r);
        });
    });
}

fn opt(v: Option<f64>, lang: Lang) -> String {
    v.map_or_else(|| "–".to_owned(), |v| format_number(v, 1, lang))
}

fn regions_ui(ui: &mut Ui, lang: Lang, r: &WeeklyReview) {
    ui.strong(format!(
        "{} ({} {} / {})",
        lang.pick("Mean tension per region", "Gemiddelde spanning per gebied"),
        lang.pick("check-ins:", "metingen:"),
        r.last_week.n,
        r.this_week.n
    ));
    Grid::new("weekly_regions").striped(true).num_columns(4).show(ui, |ui| {
        ui.weak(lang.pick("Region", "Gebied"));
        ui.weak(lang.pick("Week before", "Week ervoor"));
        ui.weak(lang.pick("This week", "Deze week"));
        ui.weak(lang.pick("Change", "Verschil"));
        ui.end_row();
        for w in &r.regions {
            ui.label(w.region.name(lang));
            ui.label(opt(w.last_week, lang));
            ui.label(opt(w.this_week, lang));
            match w.change {
                Some(c) if c.abs() >= 0.05 => ui.label(RichText::new(format_signed(c, 1, lang)).strong()),
                Some(_) => ui.weak("0"),
                None => ui.weak("–"),
            };
            ui.end_row();
        }
    });
}

fn emotions_ui(ui: &mut Ui, lang: Lang, r: &WeeklyReview) {
    ui.strong(lang.pick("Emotions (times logged, mean intensity)", "Emoties (aantal keer, gemiddelde intensiteit)"));
    if r.emotions.is_empty() {
        ui.weak(lang.pick("No emotions logged in these two weeks.", "Geen emoties genoteerd in deze twee weken."));
        return;
    }
    let cell = |count: usize, mean: Option<f64>| match mean {
        Some(m) => format!("{count} × ({})", format_number(m, 1, lang)),
        None => "–".to_owned(),
    };
    Grid::new("weekly_emotions").striped(true).num_columns(3).show(ui, |ui| {
        ui.weak(lang.pick("Emotion", "Emotie"));
        ui.weak(lang.pick("Week before", "Week ervoor"));
        ui.weak(lang.pick("This week", "Deze week"));
        ui.end_row();
        for e in &r.emotions {
            ui.label(emotion_name(&e.emotion, lang));
            ui.label(cell(e.last_count, e.last_mean_intensity));
            ui.label(cell(e.this_count, e.this_mean_intensity));
            ui.end_row();
        }
    });
}

fn notes_ui(ui: &mut Ui, (lang, zone): (Lang, Zone), r: &WeeklyReview) {
    ui.strong(lang.pick("Notes this week", "Notities van deze week"));
    if r.notes.is_empty() {
        ui.weak(lang.pick("No notes this week.", "Geen notities deze week."));
    }
    for n in &r.notes {
        ui.horizontal_wrapped(|ui| {
            ui.weak(crate::model::text::time::when(&n.at, zone, lang));
            ui.label(&n.text);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_name_the_iso_week() {
        let monday = NaiveDate::from_ymd_opt(2026, 3, 9).expect("date");
        let r = weekly_review(&[], monday);
        assert_eq!(title(&r, Lang::En), "Week 11, 2026 · 9 Mar – 15 Mar");
        assert_eq!(title(&r, Lang::Nl), "Week 11, 2026 · 9 mrt – 15 mrt");
    }
}
