//! The guided 4–6 breathing screen: a soft circle that grows for 4 seconds on the in-breath and
//! shrinks for 6 on the out-breath, or, with reduced motion, a counting text
//! ("in 1 2 3 4 · out 1 2 3 4 5 6") with the current count marked.
//!
//! Everything drawn is a function of the practised time (see [`phase_at`]); nothing here keeps
//! state or asks for repaints (the practice view decides when to repaint).

use std::time::Duration;

use egui::text::{LayoutJob, TextFormat};
use egui::{Align2, FontId, Sense, Stroke, Ui, Vec2, WidgetInfo, accesskit};

use super::timer::{Breath, Phase, breath_size, phase_at};
use crate::model::Lang;
use crate::ui::palette::{practice_green, practice_green_core, text_color_on};

/// How long the soft ring that marks each turn of the breath takes to fade, in seconds.
pub const PULSE_SECONDS: f32 = 0.9;

/// Largest side of the animation square, in points.
const MAX_SIDE: f32 = 340.0;

/// "Breathe in" / "Adem in", "Breathe out" / "Adem uit".
pub fn instruction(breath: Breath, lang: Lang) -> &'static str {
    match breath {
        Breath::In => lang.pick("Breathe in", "Adem in"),
        Breath::Out => lang.pick("Breathe out", "Adem uit"),
    }
}

/// The counting text of the reduced-motion mode: "in 1 2 3 4 · out 1 2 3 4 5 6"
/// ("in 1 2 3 4 · uit 1 2 3 4 5 6"), as (piece, is current) parts: the word and the number of the
/// current phase are marked current.
pub fn counting_parts(phase: Phase, lang: Lang) -> Vec<(String, bool)> {
    let mut parts = Vec::new();
    for (breath, word, len) in [(Breath::In, "in", 4), (Breath::Out, lang.pick("out", "uit"), 6)] {
        if breath == Breath::Out {
            parts.push((" · ".to_owned(), false));
        }
        let here = phase.breath == breath;
        parts.push((word.to_owned(), here));
        for n in 1..=len {
            parts.push((" ".to_owned(), false));
            parts.push((n.to_string(), here && phase.count == n));
        }
    }
    parts
}

/// Draws the breathing guide for `elapsed` practised time.
pub fn breathing_ui(ui: &mut Ui, elapsed: Duration, lang: Lang, reduced_motion: bool) {
    let phase = phase_at(elapsed);
    if reduced_motion {
        counting_ui(ui, phase, lang);
    } else {
        circle_ui(ui, phase, lang);
    }
}

fn counting_ui(ui: &mut Ui, phase: Phase, lang: Lang) {
    ui.add_space(24.0);
    ui.label(egui::RichText::new(instruction(phase.breath, lang)).size(28.0).strong());
    ui.add_space(12.0);
    let strong = ui.visuals().strong_text_color();
    let weak = ui.visuals().weak_text_color();
    let mut job = LayoutJob::default();
    for (text, current) in counting_parts(phase, lang) {
        let format = TextFormat {
            font_id: FontId::proportional(if current { 24.0 } else { 20.0 }),
            color: if current { strong } else { weak },
            underline: if current { Stroke::new(2.0, strong) } else { Stroke::NONE },
            valign: egui::Align::Center,
            extra_letter_spacing: 3.0,
            ..TextFormat::default()
        };
        job.append(&text, 0.0, format);
    }
    ui.label(job);
    ui.add_space(24.0);
}

fn circle_ui(ui: &mut Ui, phase: Phase, lang: Lang) {
    let side = ui.available_width().min(MAX_SIDE);
    let (rect, response) = ui.allocate_exact_size(Vec2::splat(side), Sense::hover());
    let word = instruction(phase.breath, lang);
    response.widget_info(|| WidgetInfo::labeled(accesskit::Role::Label, true, word));
    if !ui.is_rect_visible(rect) {
        return;
    }
    let dark = ui.visuals().dark_mode;
    let painter = ui.painter_at(rect.expand(2.0));
    let center = rect.center();
    let r_max = side / 2.0 - 20.0;
    let r_min = r_max * 0.38;
    let r = r_min + (r_max - r_min) * breath_size(phase);
    let fill = practice_green(dark);
    let guide = ui.visuals().widgets.noninteractive.bg_stroke.color;

    // Where the breath is heading: the full circle as a thin guide.
    painter.circle_stroke(center, r_max, Stroke::new(1.0, guide));
    painter.circle_filled(center, r, fill);
    // A slightly lighter core gives the circle some depth without any sharp edge.
    painter.circle_filled(center, r * 0.8, practice_green_core(dark));

    // A soft ring that spreads and fades at each turn of the breath.
    let t = phase.since_change.as_secs_f32() / PULSE_SECONDS;
    if t < 1.0 {
        let alpha = (1.0 - t) * 0.55;
        painter.circle_stroke(center, r + 4.0 + 16.0 * t, Stroke::new(2.0, fill.gamma_multiply(alpha)));
    }

    let ink = text_color_on(fill);
    painter.text(center - Vec2::new(0.0, 10.0), Align2::CENTER_CENTER, word, FontId::proportional(22.0), ink);
    painter.text(
        center + Vec2::new(0.0, 18.0),
        Align2::CENTER_CENTER,
        phase.count.to_string(),
        FontId::proportional(16.0),
        ink.gamma_multiply(0.8),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(parts: &[(String, bool)]) -> String {
        parts.iter().map(|(t, _)| t.as_str()).collect()
    }

    fn current(parts: &[(String, bool)]) -> Vec<&str> {
        parts.iter().filter(|(_, c)| *c).map(|(t, _)| t.as_str()).collect()
    }

    #[test]
    fn counting_text_marks_the_current_second() {
        let p = phase_at(Duration::from_millis(2500));
        let parts = counting_parts(p, Lang::En);
        assert_eq!(text(&parts), "in 1 2 3 4 · out 1 2 3 4 5 6");
        assert_eq!(current(&parts), ["in", "3"]);
        // 9.5 s: the sixth second of the out-breath.
        let parts = counting_parts(phase_at(Duration::from_millis(9500)), Lang::Nl);
        assert_eq!(text(&parts), "in 1 2 3 4 · uit 1 2 3 4 5 6");
        assert_eq!(current(&parts), ["uit", "6"]);
        assert_eq!(instruction(Breath::Out, Lang::Nl), "Adem uit");
    }
}
