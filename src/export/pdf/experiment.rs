//! The personal-experiment block of the report: the question, the locked plan, the result (the
//! one sentence with size, interval and days, the control region, the plain before/after), a dot
//! plot of each day's difference with a zero line and a ±1-point band, the verdict, and "a
//! self-run randomised experiment, not a clinical trial". Words come from
//! [`crate::analysis::experiment::text`], the same as in the window and on the command line.

use chrono::NaiveDateTime;

use super::canvas::{Align, Canvas, Paint};
use super::log::BOTTOM;
use crate::analysis::experiment::{ExperimentResult, analyse, text};
use crate::model::Lang;
use crate::model::experiment::Experiment;

/// Height of the dot plot, in millimetres.
const PLOT_H: f32 = 34.0;
/// The room a block needs at least before it starts on a page (so that it is not split badly).
const MIN_BLOCK: f32 = 120.0;

fn paragraph(canvas: &mut Canvas, x: f32, mut y: f32, w: f32, size: f32, bold: bool, text: &str) -> f32 {
    let line_h = size * 0.45;
    for line in canvas.fonts.wrap(text, size, bold, w) {
        if y + line_h > BOTTOM {
            canvas.new_page();
            y = super::log::TOP;
        }
        canvas.text(x, y + line_h * 0.8, size, bold, Align::Left, &line);
        y += line_h;
    }
    y
}

/// The dot plot: one dot per complete day at its difference (clipped to ±6 points), a zero line
/// and a dashed band at ±1 point. Lower is better.
fn dot_plot(canvas: &mut Canvas, x: f32, y: f32, w: f32, r: &ExperimentResult, days: u16, lang: Lang) -> f32 {
    let Some(n) = &r.numbers else { return y };
    let (plot_x, plot_w) = (x + 12.0, w - 14.0);
    let top = y + 2.0;
    let scale = PLOT_H / 12.0;
    let y_of = |d: f64| top + PLOT_H / 2.0 - (d.clamp(-6.0, 6.0) as f32) * scale;
    canvas.rect(plot_x, top, plot_w, PLOT_H, Paint::stroke(0.15, 0.6));
    canvas.line((plot_x, y_of(0.0)), (plot_x + plot_w, y_of(0.0)), 0.3, 0.0, &[]);
    for band in [-1.0, 1.0] {
        canvas.line((plot_x, y_of(band)), (plot_x + plot_w, y_of(band)), 0.2, 0.45, &[1.2, 0.8]);
    }
    for (label, v) in [("+6", 6.0), ("0", 0.0), ("−6", -6.0)] {
        canvas.text(plot_x - 1.2, y_of(v) + 1.0, 6.0, false, Align::Right, label);
    }
    let step = plot_w / f32::from(days.max(1));
    for &(day, d) in &n.days {
        let cx = plot_x + step * (f32::from(day) - 0.5);
        canvas.ellipse(cx, y_of(f64::from(d)), 0.9, 0.9, Paint::fill(0.0));
    }
    let axis = match lang {
        Lang::En => format!(
            "Each dot: one complete day (days 1–{days}), in points. Below 0: the practice did better that day. Dashed: ±1 point."
        ),
        Lang::Nl => format!(
            "Elke stip: één complete dag (dag 1–{days}), in punten. Onder 0: de oefening deed het die dag beter. Gestreept: ±1 punt."
        ),
    };
    canvas.text(plot_x, top + PLOT_H + 4.0, 7.0, false, Align::Left, &axis);
    top + PLOT_H + 7.0
}

/// Draws one block per experiment from `y` on (starting a page when little room is left), as
/// the experiments stand at `now`; returns where the last one ends.
pub fn draw(
    canvas: &mut Canvas,
    experiments: &[Experiment],
    now: NaiveDateTime,
    lang: Lang,
    x: f32,
    w: f32,
    mut y: f32,
) -> f32 {
    for e in experiments {
        if y + MIN_BLOCK > BOTTOM {
            canvas.new_page();
            y = super::log::TOP;
        }
        let r = analyse(e, now);
        let p = &e.plan;
        canvas.text(x, y + 5.0, 12.0, true, Align::Left, lang.pick("Personal experiment", "Persoonlijk experiment"));
        y += 8.0;
        y = paragraph(canvas, x, y, w, 10.0, true, &text::question(p, lang));
        y += 1.5;
        canvas.text(
            x,
            y + 3.5,
            8.5,
            true,
            Align::Left,
            lang.pick("Plan (locked at the start)", "Plan (vastgelegd bij de start)"),
        );
        y += 5.0;
        for line in text::plan_lines(p, lang) {
            y = paragraph(canvas, x + 3.0, y, w - 3.0, 8.5, false, &format!("• {line}"));
        }
        y += 2.0;
        canvas.text(x, y + 3.5, 8.5, true, Align::Left, lang.pick("Result", "Uitkomst"));
        y += 5.0;
        let verdict = format!("{}: {}", text::verdict_name(r.verdict, lang), text::verdict_sentence(p, &r, lang));
        y = paragraph(canvas, x, y, w, 9.0, true, &verdict);
        match &r.numbers {
            Some(n) => {
                y = paragraph(canvas, x, y + 1.0, w, 9.0, false, &text::summary(p, n, lang));
                if let Some(c) = text::control_sentence(p, n, lang) {
                    y = paragraph(canvas, x, y + 1.0, w, 8.5, false, &c);
                }
                y = paragraph(canvas, x, y + 1.0, w, 8.5, false, &text::plain_sentence(p, n, lang));
                y = paragraph(canvas, x, y + 1.0, w, 8.5, false, &text::days_sentence(&r, lang));
                if y + PLOT_H + 10.0 > BOTTOM {
                    canvas.new_page();
                    y = super::log::TOP;
                }
                y = dot_plot(canvas, x, y + 1.0, w, &r, r.through_day, lang);
                for d in text::details(n, lang).iter().take(2) {
                    y = paragraph(canvas, x, y + 0.5, w, 7.5, false, d);
                }
            }
            None => y = paragraph(canvas, x, y + 1.0, w, 8.5, false, &text::progress_sentence(p, &r, lang)),
        }
        y += 1.5;
        for c in text::caveats(lang) {
            y = paragraph(canvas, x, y, w, 8.0, c == text::caveats(lang)[2], c);
        }
        y += 6.0;
    }
    y
}
