//! The front/back body map of page 1: every region shaded by its mean level, with the mean and
//! the direction of change printed on it.

use crate::model::outline::BodyOutlines;
use crate::model::{Lang, Region, View};

use super::canvas::{Align, Canvas, Paint};
use super::summary::{ReportSummary, Trend};
use super::text::num1;

/// Grey for a mean level: white at 0, dark grey at 10 (never pure black, so the printed number
/// stays readable on its white label).
pub fn shade(mean: f64) -> f32 {
    1.0 - (mean.clamp(0.0, 10.0) as f32 / 10.0) * 0.72
}

/// Draws both silhouettes in the box at (`x`, `y`) of height `h` millimetres; each figure is
/// `h × aspect` wide and they sit `gap` apart. Returns the total width used.
pub fn draw(canvas: &mut Canvas, summary: &ReportSummary, lang: Lang, x: f32, y: f32, h: f32, gap: f32) -> f32 {
    let means: [Option<f64>; Region::COUNT] = std::array::from_fn(|i| summary.regions[i].mean);
    let arrows: [&str; Region::COUNT] = std::array::from_fn(|i| match summary.regions[i].trend {
        Trend::Up | Trend::Down => summary.regions[i].trend.symbol(),
        Trend::Same | Trend::Unknown => "",
    });
    draw_means(canvas, &means, &arrows, lang, (x, y, h, gap), 6.0)
}

/// Draws both silhouettes with each region shaded by `means[region.index()]` and labelled with
/// it and `arrows[region.index()]`, in the box `(x, y, h, gap)` (see [`draw`]), labels at
/// `label_size` points. Returns the total width used.
pub fn draw_means(
    canvas: &mut Canvas,
    means: &[Option<f64>; Region::COUNT],
    arrows: &[&str; Region::COUNT],
    lang: Lang,
    (x, y, h, gap): (f32, f32, f32, f32),
    label_size: f32,
) -> f32 {
    let outlines = BodyOutlines::get();
    let w = h * outlines.aspect();
    for (i, view) in [View::Front, View::Back].into_iter().enumerate() {
        let ox = x + i as f32 * (w + gap);
        let map = |p: [f32; 2]| (ox + p[0] * w, y + p[1] * h);
        canvas.text(ox + w / 2.0, y - 1.5, 8.0, true, Align::Center, view.name(lang));
        let silhouette: Vec<(f32, f32)> = outlines.silhouette(view).iter().map(|&p| map(p)).collect();
        canvas.polygon(&silhouette, Paint::fill(1.0));
        for shape in outlines.shapes(view) {
            let fill = means[shape.region.index()].map_or(1.0, shade);
            let pts: Vec<(f32, f32)> = shape.points.iter().map(|&p| map(p)).collect();
            canvas.polygon(&pts, Paint::both(fill, 0.15, 0.55));
        }
        canvas.polygon(&silhouette, Paint::stroke(0.35, 0.0));
        // The person's own sides (R and L are the same letters in Dutch), so nobody has to guess
        // which shoulder is which.
        let (viewer_left, viewer_right) = match view {
            View::Front => ("R", "L"),
            View::Back => ("L", "R"),
        };
        canvas.text(ox + 1.0, y + 3.0, 7.0, true, Align::Left, viewer_left);
        canvas.text(ox + w - 1.0, y + 3.0, 7.0, true, Align::Right, viewer_right);
        for shape in outlines.shapes(view) {
            if label_view(outlines, shape.region) != view {
                continue;
            }
            let Some(mean) = means[shape.region.index()] else { continue };
            // A plain "0" for regions without tension keeps the map quiet.
            let value = if mean == 0.0 { "0".to_owned() } else { num1(mean, lang) };
            let label = format!("{value}{}", arrows[shape.region.index()]);
            let (lx, ly) = map(shape.label);
            let tw = canvas.fonts.width(&label, label_size, true);
            let half_h = label_size * 0.25;
            canvas.rect(lx - tw / 2.0 - 0.6, ly - half_h - 0.1, tw + 1.2, 2.0 * half_h, Paint::both(1.0, 0.1, 0.3));
            canvas.text(lx, ly + label_size * 0.13, label_size, true, Align::Center, &label);
        }
    }
    2.0 * w + gap
}

/// The width [`draw_means`] uses for height `h` and `gap`.
pub fn width(h: f32, gap: f32) -> f32 {
    2.0 * h * BodyOutlines::get().aspect() + gap
}

/// The view on which a region's number is printed: its primary view when it is drawn there.
fn label_view(outlines: &BodyOutlines, region: Region) -> View {
    let views = outlines.views_of(region);
    if views.contains(&region.primary_view()) {
        region.primary_view()
    } else {
        views.first().copied().unwrap_or(View::Front)
    }
}

/// The shading legend: a row of swatches 0, 2, ... 10.
pub fn legend(canvas: &mut Canvas, lang: Lang, x: f32, y: f32) {
    canvas.text(x, y + 2.6, 6.5, false, Align::Left, lang.pick("Mean level:", "Gemiddeld niveau:"));
    let start = x + canvas.fonts.width(lang.pick("Mean level:", "Gemiddeld niveau:"), 6.5, false) + 2.0;
    for (i, level) in [0.0, 2.0, 4.0, 6.0, 8.0, 10.0].into_iter().enumerate() {
        let sx = start + i as f32 * 7.0;
        canvas.rect(sx, y, 3.5, 3.5, Paint::both(shade(level), 0.15, 0.3));
        canvas.text(sx + 4.2, y + 2.6, 6.0, false, Align::Left, &format!("{level:.0}"));
    }
}
