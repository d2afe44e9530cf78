//! An experiment's result: the verdict, the one sentence with size, interval and days, a dot plot
//! of each day's difference (a zero line and a ±1-point band) with the plain before/after beside
//! it, the control region, the days, the locked plan, the caveats, and the p-value and
//! probabilities under "Details". The words are [`crate::analysis::experiment::text`]'s.

use egui::RichText;
use egui_plot::{HLine, LineStyle, Plot, Points};

use crate::analysis::experiment::{ExperimentResult, Numbers, Stage, text};
use crate::model::Lang;
use crate::model::experiment::Experiment;

/// Draws the result of `e` as `r` has it.
pub fn result_ui(ui: &mut egui::Ui, e: &Experiment, r: &ExperimentResult, lang: Lang) {
    let p = &e.plan;
    ui.label(RichText::new(text::question(p, lang)).strong().size(16.0));
    let verdict = ui.label(RichText::new(text::verdict_name(r.verdict, lang)).strong().size(20.0));
    ui.ctx().accesskit_node_builder(verdict.id, |node| node.set_live(egui::accesskit::Live::Polite));
    if r.stage == Stage::Stopped {
        ui.weak(lang.pick("Stopped before its planned end.", "Gestopt vóór het geplande einde."));
    }
    ui.label(text::verdict_sentence(p, r, lang));
    match &r.numbers {
        Some(n) => numbers_ui(ui, e, r, n, lang),
        None => {
            ui.label(text::progress_sentence(p, r, lang));
        }
    }
    ui.add_space(6.0);
    egui::CollapsingHeader::new(lang.pick("Plan (locked)", "Plan (vastgelegd)"))
        .id_salt("experiment_result_plan")
        .show(ui, |ui| {
            for line in text::plan_lines(p, lang) {
                ui.label(line);
            }
        });
    ui.label(RichText::new(lang.pick("Keep in mind", "Houd in gedachten")).strong());
    for c in text::caveats(lang) {
        ui.label(format!("• {c}"));
    }
    if let Some(n) = &r.numbers {
        egui::CollapsingHeader::new(lang.pick("Details", "Details")).id_salt("experiment_details").show(ui, |ui| {
            for d in text::details(n, lang) {
                ui.label(d);
            }
        });
    }
}

fn numbers_ui(ui: &mut egui::Ui, e: &Experiment, r: &ExperimentResult, n: &Numbers, lang: Lang) {
    let p = &e.plan;
    ui.label(RichText::new(text::summary(p, n, lang)).size(15.0));
    ui.add_space(4.0);
    let wide = ui.available_width() > 640.0;
    let plot = |ui: &mut egui::Ui| dot_plot(ui, r, n, lang);
    let plain = |ui: &mut egui::Ui| {
        ui.label(text::plain_sentence(p, n, lang));
    };
    if wide {
        ui.columns(2, |cols| {
            plot(&mut cols[0]);
            plain(&mut cols[1]);
        });
    } else {
        plot(ui);
        plain(ui);
    }
    if let Some(c) = text::control_sentence(p, n, lang) {
        ui.label(c);
    }
    ui.label(text::days_sentence(r, lang));
}

/// Each complete day's difference as a dot, with a zero line and a dashed ±1-point band; a named
/// figure for assistive technology whose description lists the days.
fn dot_plot(ui: &mut egui::Ui, r: &ExperimentResult, n: &Numbers, lang: Lang) {
    let dots: Vec<[f64; 2]> = n.days.iter().map(|&(day, d)| [f64::from(day), f64::from(d)]).collect();
    let ink = ui.visuals().text_color();
    let weak = ui.visuals().weak_text_color();
    let name = lang.pick("Each day's difference", "Het verschil per dag");
    let last = f64::from(r.through_day.max(1));
    let response = Plot::new("experiment_dots")
        .height(170.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .include_x(0.5)
        .include_x(last + 0.5)
        .include_y(f64::from(n.days.iter().map(|d| d.1).min().unwrap_or(0).min(-2)) - 1.0)
        .include_y(f64::from(n.days.iter().map(|d| d.1).max().unwrap_or(0).max(2)) + 1.0)
        .show(ui, |plot| {
            plot.hline(HLine::new(lang.pick("no difference", "geen verschil"), 0.0).color(ink).width(1.5));
            for band in [-1.0, 1.0] {
                plot.hline(
                    HLine::new(lang.pick("±1 point", "±1 punt"), band).color(weak).style(LineStyle::dashed_loose()),
                );
            }
            plot.points(Points::new(name, dots).radius(4.0).color(ink));
        })
        .response;
    let days: Vec<String> = n
        .days
        .iter()
        .map(|&(day, d)| {
            format!("{} {day}: {}", lang.pick("day", "dag"), crate::model::text::signed(f64::from(d), 0, lang))
        })
        .collect();
    let description = format!(
        "{} {}",
        lang.pick(
            "Below zero the practice did better that day, in points:",
            "Onder nul deed de oefening het die dag beter, in punten:"
        ),
        days.join(", ")
    );
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_role(egui::accesskit::Role::Figure);
        node.set_label(name);
        node.set_description(description);
    });
    ui.weak(lang.pick(
        "Each dot is one complete day; below the line the practice did better. Dashed: ±1 point.",
        "Elke stip is één complete dag; onder de lijn deed de oefening het beter. Gestreept: ±1 punt.",
    ));
}
