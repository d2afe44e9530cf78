//! The week strip: the last seven days side by side, a filled circle for a day with a practice and
//! a small dot for a day with a check-in. It shows what was done; it never counts streaks or
//! points at the days without.

use egui::{Align2, FontId, Sense, Stroke, Ui, Vec2, WidgetInfo, accesskit, pos2};

use crate::analysis::sessions::DayMarks;
use crate::model::Lang;
use crate::ui::palette::practice_green;

/// Size of one day's cell, in points.
const CELL: Vec2 = Vec2::new(38.0, 58.0);

/// The accessible description of a day: "Mon: check-in, practice" / "ma: meting, oefening".
pub fn day_description(day: &DayMarks, lang: Lang) -> String {
    use chrono::Datelike;
    let mut parts = Vec::new();
    if day.check_in {
        parts.push(lang.pick("check-in", "meting"));
    }
    if day.practice {
        parts.push(lang.pick("practice", "oefening"));
    }
    if parts.is_empty() {
        parts.push(lang.pick("no entries", "geen metingen"));
    }
    format!("{}: {}", lang.weekday_short(day.date.weekday()), parts.join(", "))
}

/// Draws the strip (oldest day on the left, today on the right, its name in bold) and a one-line
/// legend.
pub fn week_strip_ui(ui: &mut Ui, days: &[DayMarks; 7], lang: Lang) {
    use chrono::Datelike;
    let dark = ui.visuals().dark_mode;
    let text = ui.visuals().text_color();
    let weak = ui.visuals().weak_text_color();
    let ring = ui.visuals().widgets.noninteractive.fg_stroke.color.gamma_multiply(0.5);
    let fill = practice_green(dark);
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for (i, day) in days.iter().enumerate() {
            let today = i == days.len() - 1;
            let (rect, response) = ui.allocate_exact_size(CELL, Sense::hover());
            response.widget_info(|| WidgetInfo::labeled(accesskit::Role::Label, true, day_description(day, lang)));
            if !ui.is_rect_visible(rect) {
                continue;
            }
            let painter = ui.painter();
            let name = lang.weekday_short(day.date.weekday());
            let font = if today { FontId::proportional(13.5) } else { FontId::proportional(13.0) };
            let color = if today { text } else { weak };
            painter.text(pos2(rect.center().x, rect.top() + 8.0), Align2::CENTER_CENTER, name, font, color);
            if today {
                let y = rect.top() + 17.0;
                painter.hline(rect.center().x - 9.0..=rect.center().x + 9.0, y, Stroke::new(1.5, text));
            }
            let c = pos2(rect.center().x, rect.top() + 33.0);
            if day.practice {
                painter.circle_filled(c, 9.0, fill);
            } else {
                painter.circle_stroke(c, 9.0, Stroke::new(1.0, ring));
            }
            if day.check_in {
                painter.circle_filled(pos2(c.x, rect.bottom() - 6.0), 3.0, text);
            }
        }
    });
    ui.label(
        egui::RichText::new(
            lang.pick("Filled circle: a practice. Dot: a check-in.", "Gevulde cirkel: een oefening. Stip: een meting."),
        )
        .size(12.0)
        .color(weak),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn days_are_described_in_words() {
        // 2026-11-20 is a Friday.
        let date = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
        let both = DayMarks { date, check_in: true, practice: true };
        assert_eq!(day_description(&both, Lang::En), "Fri: check-in, practice");
        assert_eq!(day_description(&both, Lang::Nl), "vr: meting, oefening");
        let none = DayMarks { date, check_in: false, practice: false };
        assert_eq!(day_description(&none, Lang::En), "Fri: no entries");
    }
}
