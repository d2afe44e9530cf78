//! The weekly tension chart: one line per top region, told apart in black and white by dash
//! pattern and marker shape.

use crate::model::{Lang, Region};

use super::canvas::{Align, Canvas, Paint};
use super::summary::ReportSummary;
use super::text::{date_short, num1};

/// How many regions the chart draws at most.
pub const MAX_SERIES: usize = 4;

/// Total height of the chart block (title, plot, axis labels, legend), in millimetres.
pub const BLOCK_H: f32 = 128.0;

#[derive(Clone, Copy)]
enum Marker {
    Dot,
    Square,
    Triangle,
    Diamond,
}

/// Dash pattern (mm) and marker of series `i`.
fn style(i: usize) -> (&'static [f32], Marker) {
    match i {
        0 => (&[], Marker::Dot),
        1 => (&[2.6, 1.4], Marker::Square),
        2 => (&[0.1, 1.3], Marker::Triangle),
        _ => (&[3.0, 1.2, 0.1, 1.2], Marker::Diamond),
    }
}

fn marker(canvas: &mut Canvas, m: Marker, x: f32, y: f32) {
    let r = 1.05;
    match m {
        Marker::Dot => canvas.ellipse(x, y, r, r, Paint::fill(0.0)),
        Marker::Square => canvas.rect(x - r, y - r, 2.0 * r, 2.0 * r, Paint::both(1.0, 0.3, 0.0)),
        Marker::Triangle => canvas
            .polygon(&[(x, y - r * 1.2), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)], Paint::fill(0.0)),
        Marker::Diamond => canvas.polygon(
            &[(x, y - r * 1.3), (x + r * 1.1, y), (x, y + r * 1.3), (x - r * 1.1, y)],
            Paint::both(1.0, 0.3, 0.0),
        ),
    }
}

/// Draws the chart block with its top-left corner at (`x`, `y`), `w` wide and [`BLOCK_H`] high.
pub fn draw(canvas: &mut Canvas, summary: &ReportSummary, lang: Lang, x: f32, y: f32, w: f32) {
    canvas.text(
        x,
        y + 5.0,
        12.0,
        true,
        Align::Left,
        lang.pick(
            "Weekly tension in the regions with the highest levels",
            "Spanning per week in de gebieden met de hoogste niveaus",
        ),
    );
    canvas.text(
        x,
        y + 10.0,
        7.5,
        false,
        Align::Left,
        lang.pick(
            "Mean level (0–10) per week over the check-ins of that week; a gap is a week without check-ins.",
            "Gemiddeld niveau (0–10) per week over de metingen van die week; een onderbreking is een week zonder metingen.",
        ),
    );
    let plot_x = x + 12.0;
    let plot_y = y + 19.0;
    let plot_w = w - 14.0;
    let plot_h = 84.0;
    let ys = |v: f64| plot_y + plot_h - (v.clamp(0.0, 10.0) as f32 / 10.0) * plot_h;

    // Grid and y axis.
    for v in (0..=10).step_by(2) {
        let gy = ys(f64::from(v));
        canvas.line((plot_x, gy), (plot_x + plot_w, gy), 0.15, if v == 0 { 0.0 } else { 0.8 }, &[]);
        canvas.text(plot_x - 2.0, gy + 1.2, 7.0, false, Align::Right, &v.to_string());
    }
    canvas.line((plot_x, plot_y), (plot_x, plot_y + plot_h), 0.25, 0.0, &[]);
    canvas.text(plot_x - 2.0, plot_y - 3.0, 7.0, false, Align::Right, lang.pick("level", "niveau"));

    let weeks = &summary.weeks;
    let n = weeks.len().max(1);
    let step = plot_w / n as f32;
    let xs = |i: usize| plot_x + step * (i as f32 + 0.5);
    // X labels: every week when they fit, otherwise every k-th.
    let every = ((12.0 / step).ceil() as usize).max(1);
    // Ticks: every week while they are at least a millimetre apart (a period of decades would
    // otherwise draw tens of thousands of them).
    let tick_every = ((1.0 / step).ceil() as usize).max(1);
    for (i, wk) in weeks.iter().enumerate() {
        if i % tick_every == 0 {
            canvas.line((xs(i), plot_y + plot_h), (xs(i), plot_y + plot_h + 1.2), 0.2, 0.0, &[]);
        }
        if i % every == 0 {
            canvas.text(xs(i), plot_y + plot_h + 4.5, 6.5, false, Align::Center, &date_short(wk.from, lang));
        }
    }
    canvas.text(
        plot_x + plot_w,
        plot_y + plot_h + 8.5,
        6.5,
        false,
        Align::Right,
        lang.pick("week starting", "week vanaf"),
    );

    let series: Vec<Region> = summary.top_regions.iter().copied().take(MAX_SERIES).collect();
    if series.is_empty() || summary.check_ins == 0 {
        canvas.text(
            plot_x + plot_w / 2.0,
            plot_y + plot_h / 2.0,
            9.0,
            false,
            Align::Center,
            lang.pick("No tension logged in this period.", "Geen spanning vastgelegd in deze periode."),
        );
        return;
    }
    for (s, &region) in series.iter().enumerate() {
        let (dash, m) = style(s);
        let mut run: Vec<(f32, f32)> = Vec::new();
        let mut points = Vec::new();
        for (i, wk) in weeks.iter().enumerate() {
            match wk.means[region.index()] {
                Some(v) => {
                    run.push((xs(i), ys(v)));
                    points.push((xs(i), ys(v)));
                }
                None => {
                    canvas.polyline(&run, 0.45, 0.0, dash);
                    run.clear();
                }
            }
        }
        canvas.polyline(&run, 0.45, 0.0, dash);
        for (px, py) in points {
            marker(canvas, m, px, py);
        }
    }

    // Legend: sample line and marker, region name and its mean over the period.
    let ly = plot_y + plot_h + 14.0;
    let col_w = w / MAX_SERIES as f32;
    for (s, &region) in series.iter().enumerate() {
        let (dash, m) = style(s);
        let lx = x + s as f32 * col_w;
        canvas.line((lx, ly), (lx + 10.0, ly), 0.45, 0.0, dash);
        marker(canvas, m, lx + 5.0, ly);
        let mean = summary.region(region).mean.map(|v| num1(v, lang)).unwrap_or_default();
        let label = canvas.fonts.ellipsize(&format!("{} ({mean})", region.name(lang)), 7.0, false, col_w - 13.0);
        canvas.text(lx + 12.0, ly + 1.2, 7.0, false, Align::Left, &label);
    }
}
