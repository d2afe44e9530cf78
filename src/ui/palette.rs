//! The window's colours, in one place.
//!
//! - [`level_color`] is the one colour scale for tension levels, shared by every view that
//!   colours a level (the check-in map, the heat maps, the time-of-day grid, the legend).
//! - [`text_color_on`] picks black or white text on any fill (using [`luminance`]), so a number
//!   drawn on a coloured shape stays readable and colour is never the only cue.
//! - [`BodyColors`] are the body map's own colours: the silhouette, its edge and seams, the hover
//!   tint, the selection accent and its halo.
//! - [`practice_green`] is the quiet green of a practice (the breathing circle, the week strip's
//!   practice days), [`PRACTICE_BARS`] the same hue darker for the Insights practice chart.
//! - [`VerdictColors`] are the After-an-emotion cells' colours (higher, lower, unclear).
//! - [`region_series_color`] and [`emotion_series_color`] are the Trends chart's lines.
//!
//! Widgets and views only draw with these; none defines a colour of its own.
#![expect(clippy::disallowed_methods, reason = "the palette is where the colours of the window are made")]

use egui::Color32;

use crate::model::{BUILTIN_EMOTIONS, Level, Region};

/// The colour of a region rated at `level` (`None`: not rated, drawn without a fill: the
/// silhouette shows through).
///
/// A calm sequential scale from pale cream (0) through orange to deep red (10) on a light
/// background, and from dim brown (0) to bright amber (10) on a dark one. CIE lightness changes in
/// even steps of about 7 units per level, so the scale still reads in greyscale print. Draw the
/// number on top as well (see [`text_color_on`]) so that colour is never the only cue.
pub fn level_color(level: Option<Level>, dark_mode: bool) -> Color32 {
    const LIGHT: [[u8; 3]; 11] = [
        [0xFE, 0xF6, 0xE7],
        [0xFB, 0xDE, 0xAF],
        [0xF4, 0xC5, 0x85],
        [0xEC, 0xAD, 0x60],
        [0xE4, 0x93, 0x3E],
        [0xDA, 0x79, 0x21],
        [0xCD, 0x5F, 0x05],
        [0xBC, 0x47, 0x01],
        [0xA9, 0x2F, 0x01],
        [0x94, 0x13, 0x02],
        [0x79, 0x01, 0x06],
    ];
    const DARK: [[u8; 3]; 11] = [
        [0x53, 0x3A, 0x30],
        [0x67, 0x46, 0x37],
        [0x7A, 0x52, 0x3D],
        [0x8E, 0x5F, 0x42],
        [0xA2, 0x6C, 0x47],
        [0xB5, 0x7B, 0x4B],
        [0xC8, 0x89, 0x50],
        [0xDB, 0x99, 0x53],
        [0xED, 0xA9, 0x57],
        [0xFE, 0xBA, 0x5A],
        [0xFE, 0xD0, 0x8F],
    ];
    match level {
        None => Color32::TRANSPARENT,
        Some(l) => {
            let [r, g, b] = if dark_mode { DARK } else { LIGHT }[usize::from(l.get().min(10))];
            Color32::from_rgb(r, g, b)
        }
    }
}

/// Relative luminance (0 = black, 1 = white) of an opaque colour, as in WCAG.
pub fn luminance(c: Color32) -> f32 {
    fn lin(u: u8) -> f32 {
        let v = f32::from(u) / 255.0;
        if v <= 0.040_45 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    }
    0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
}

/// Black or white, whichever reads better on `fill`.
pub fn text_color_on(fill: Color32) -> Color32 {
    // The crossover where black and white text have equal contrast is at luminance ≈ 0.18.
    if luminance(fill) > 0.18 { Color32::from_gray(20) } else { Color32::WHITE }
}

/// The body map's own colours (besides the level scale) on a light or dark theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BodyColors {
    /// The silhouette, where no level is drawn.
    pub fill: Color32,
    /// The silhouette's outline.
    pub edge: Color32,
    /// The lines between regions.
    pub seam: Color32,
    /// Laid over the region under the pointer.
    pub hover: Color32,
    /// The outline of the selected region.
    pub accent: Color32,
    /// The wide line under the accent that sets it off from any fill.
    pub halo: Color32,
}

impl BodyColors {
    /// The colours for a dark (`true`) or light theme.
    pub fn new(dark_mode: bool) -> BodyColors {
        if dark_mode {
            BodyColors {
                fill: Color32::from_gray(58),
                edge: Color32::from_gray(150),
                seam: Color32::from_gray(95),
                hover: Color32::from_white_alpha(28),
                accent: Color32::from_rgb(120, 176, 255),
                halo: Color32::from_gray(20),
            }
        } else {
            BodyColors {
                fill: Color32::from_gray(232),
                edge: Color32::from_gray(110),
                seam: Color32::from_gray(185),
                hover: Color32::from_black_alpha(22),
                accent: Color32::from_rgb(28, 92, 196),
                halo: Color32::WHITE,
            }
        }
    }
}

/// The quiet sea green of a practice, on a light or dark theme: the breathing circle's fill and
/// a practice day in the week strip (one colour, so the two read as the same thing).
pub fn practice_green(dark_mode: bool) -> Color32 {
    if dark_mode { Color32::from_rgb(0x4F, 0x95, 0x8F) } else { Color32::from_rgb(0x6F, 0xAE, 0xA7) }
}

/// The breathing circle's slightly lighter core, which gives the circle some depth without any
/// sharp edge: [`practice_green`] a little towards white.
pub fn practice_green_core(dark_mode: bool) -> Color32 {
    practice_green(dark_mode).lerp_to_gamma(Color32::WHITE, if dark_mode { 0.06 } else { 0.16 })
}

/// The bars of the Insights practice chart (days with a practice per week): the practice hue,
/// dark enough to read as a bar on the plot in both themes (3:1 or better against either
/// background), so one colour serves both.
pub const PRACTICE_BARS: Color32 = Color32::from_rgb(0x3A, 0x8F, 0x7A);

/// The After-an-emotion grid's colours on a light or dark theme. A cell's fill lies between
/// [`neutral`](Self::neutral) and [`higher`](Self::higher) or [`lower`](Self::lower), further the
/// larger the difference (see [`mix`]); a cell without a clear link is
/// [`unclear`](Self::unclear).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerdictColors {
    /// Where the warm and cool tints start (no difference).
    pub neutral: Color32,
    /// Tension clearly higher after the emotion: warm.
    pub higher: Color32,
    /// Tension clearly lower after the emotion: cool.
    pub lower: Color32,
    /// No clear link, or not enough data: grey.
    pub unclear: Color32,
}

impl VerdictColors {
    /// The colours for a dark (`true`) or light theme.
    pub fn new(dark_mode: bool) -> VerdictColors {
        if dark_mode {
            VerdictColors {
                neutral: Color32::from_gray(60),
                higher: Color32::from_rgb(0xE0, 0x6C, 0x4A),
                lower: Color32::from_rgb(0x5A, 0x9B, 0xD5),
                unclear: Color32::from_gray(70),
            }
        } else {
            VerdictColors {
                neutral: Color32::from_rgb(0xF7, 0xF4, 0xF0),
                higher: Color32::from_rgb(0xC8, 0x3E, 0x1E),
                lower: Color32::from_rgb(0x25, 0x6F, 0xB8),
                unclear: Color32::from_gray(222),
            }
        }
    }
}

/// The opaque colour a fraction `t` (0–1) of the way from `from` to `to`, per channel, rounded.
pub fn mix(from: Color32, to: Color32, t: f32) -> Color32 {
    let t = t.clamp(0.0, 1.0);
    let m = |a: u8, b: u8| (f32::from(a) + (f32::from(b) - f32::from(a)) * t).round() as u8;
    Color32::from_rgb(m(from.r(), to.r()), m(from.g(), to.g()), m(from.b(), to.b()))
}

/// A distinct, stable line colour per region for the Trends chart, on a light or dark theme.
///
/// Each reads at 3:1 or better against the plot and the panel in its theme; the two variants
/// differ only where a colour would be too pale on light or too dark on dark.
pub fn region_series_color(region: Region, dark_mode: bool) -> Color32 {
    const LIGHT: [[u8; 3]; Region::COUNT] = [
        [0x91, 0x92, 0x1A],
        [0x8C, 0x56, 0x4B],
        [0x2C, 0xA0, 0x2C],
        [0xD6, 0x27, 0x28],
        [0xDE, 0x6E, 0x0C],
        [0x94, 0x67, 0xBD],
        [0xCC, 0x6B, 0xAF],
        [0x7F, 0x7F, 0x7F],
        [0x1F, 0x77, 0xB4],
        [0x13, 0x9C, 0xAA],
        [0x39, 0x3B, 0x79],
        [0x63, 0x79, 0x39],
        [0x8C, 0x6D, 0x31],
        [0xAA, 0x55, 0x44],
        [0x7B, 0x41, 0x73],
        [0x55, 0x88, 0xAA],
    ];
    const DARK: [[u8; 3]; Region::COUNT] = [
        [0xBC, 0xBD, 0x22],
        [0x8F, 0x5B, 0x50],
        [0x2C, 0xA0, 0x2C],
        [0xD6, 0x27, 0x28],
        [0xFF, 0x7F, 0x0E],
        [0x94, 0x67, 0xBD],
        [0xE3, 0x77, 0xC2],
        [0x7F, 0x7F, 0x7F],
        [0x1F, 0x77, 0xB4],
        [0x17, 0xBE, 0xCF],
        [0x63, 0x64, 0x95],
        [0x63, 0x79, 0x39],
        [0x8C, 0x6D, 0x31],
        [0xAA, 0x55, 0x44],
        [0x8B, 0x58, 0x84],
        [0x55, 0x88, 0xAA],
    ];
    let [r, g, b] = if dark_mode { DARK } else { LIGHT }[region.index() % Region::COUNT];
    Color32::from_rgb(r, g, b)
}

/// A distinct line colour for the `i`-th activity of the Appointment view's chart (up to five, then
/// they repeat): five well-separated colours of [`region_series_color`], so each reads at 3:1 or
/// better on its theme like those.
pub fn activity_series_color(i: usize, dark_mode: bool) -> Color32 {
    const PICK: [Region; 5] =
        [Region::LowerBack, Region::ShoulderLeft, Region::Neck, Region::UpperBack, Region::ShoulderRight];
    region_series_color(PICK[i % PICK.len()], dark_mode)
}

/// The Trends chart's line for an emotion that is not built in (all such share it).
pub const CUSTOM_EMOTION_SERIES: Color32 = Color32::from_gray(120);

/// A stable line colour per built-in emotion for the Trends chart, on a light or dark theme
/// ([`CUSTOM_EMOTION_SERIES`] for any other code). Like [`region_series_color`], each reads at
/// 3:1 or better on its theme's plot and panel.
pub fn emotion_series_color(code: &str, dark_mode: bool) -> Color32 {
    const LIGHT: [[u8; 3]; 10] = [
        [0x6A, 0x3D, 0x9A], // anxiety
        [0x1F, 0x4E, 0x9A], // sadness
        [0xC0, 0x1B, 0x1B], // anger
        [0xE0, 0x5A, 0x1A], // frustration
        [0x8B, 0x5A, 0x2B], // stress
        [0x80, 0x80, 0x10], // restlessness
        [0xC2, 0x3B, 0x8A], // shame
        [0xB2, 0x86, 0x00], // joy
        [0x10, 0x8A, 0x8A], // calm
        [0x3A, 0x9A, 0x3A], // relief
    ];
    const DARK: [[u8; 3]; 10] = [
        [0x7F, 0x58, 0xA8], // anxiety
        [0x41, 0x69, 0xA9], // sadness
        [0xC5, 0x2D, 0x2D], // anger
        [0xE0, 0x5A, 0x1A], // frustration
        [0x8E, 0x5F, 0x31], // stress
        [0x80, 0x80, 0x10], // restlessness
        [0xC2, 0x3B, 0x8A], // shame
        [0xD4, 0xA0, 0x00], // joy
        [0x10, 0x8A, 0x8A], // calm
        [0x3A, 0x9A, 0x3A], // relief
    ];
    match BUILTIN_EMOTIONS.iter().position(|e| e.code == code) {
        Some(i) => {
            let [r, g, b] = if dark_mode { DARK } else { LIGHT }[i % LIGHT.len()];
            Color32::from_rgb(r, g, b)
        }
        None => CUSTOM_EMOTION_SERIES,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG contrast ratio of two opaque colours.
    fn contrast(a: Color32, b: Color32) -> f32 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn level_scale_gets_darker_on_light_and_brighter_on_dark() {
        assert_eq!(level_color(None, false), Color32::TRANSPARENT);
        let light: Vec<f32> = (0..=10).map(|v| luminance(level_color(Level::new(v), false))).collect();
        let dark: Vec<f32> = (0..=10).map(|v| luminance(level_color(Level::new(v), true))).collect();
        // CIE lightness L* (0–100) from relative luminance.
        let l_star = |y: f32| {
            if y > 0.008_856 { 116.0 * y.cbrt() - 16.0 } else { 903.3 * y }
        };
        for w in light.windows(2) {
            // Each step is a visible step in greyscale too: at least 5 units of L*.
            assert!(l_star(w[0]) - l_star(w[1]) >= 5.0, "{light:?}");
        }
        for w in dark.windows(2) {
            assert!(l_star(w[1]) - l_star(w[0]) >= 5.0, "{dark:?}");
        }
        // Level 0 still differs from the unrated body in both themes.
        assert_ne!(level_color(Level::new(0), false), BodyColors::new(false).fill);
        assert_ne!(level_color(Level::new(0), true), BodyColors::new(true).fill);
    }

    #[test]
    fn text_on_fills_is_readable() {
        assert_eq!(text_color_on(level_color(Level::new(0), false)), Color32::from_gray(20));
        assert_eq!(text_color_on(level_color(Level::new(10), false)), Color32::WHITE);
        assert_eq!(text_color_on(level_color(Level::new(10), true)), Color32::from_gray(20));
        // Whatever it picks, a number on any level or on the bare body reads at WCAG AA for
        // large text (3:1) or better.
        for dark in [false, true] {
            let fills = (0..=10).map(|v| level_color(Level::new(v), dark)).chain([BodyColors::new(dark).fill]);
            for fill in fills {
                let ratio = contrast(text_color_on(fill), fill);
                assert!(ratio >= 3.0, "{fill:?} (dark {dark}): {ratio}");
            }
        }
    }

    #[test]
    fn the_body_colours_set_the_selection_off_in_both_themes() {
        for dark in [false, true] {
            let c = BodyColors::new(dark);
            // The accent is visible against its halo, and the edge against the silhouette.
            assert!(contrast(c.accent, c.halo) >= 3.0, "dark {dark}");
            assert!(contrast(c.edge, c.fill) >= 1.5, "dark {dark}");
            assert_ne!(c.seam, c.fill);
        }
    }

    /// The backgrounds a chart line sits on in a theme: the plot and the panel around it.
    fn backgrounds(dark: bool) -> [Color32; 2] {
        let v = if dark { egui::Visuals::dark() } else { egui::Visuals::light() };
        [v.extreme_bg_color, v.panel_fill]
    }

    /// CIE76 colour difference (ΔE*ab) of two opaque colours, D65 white.
    fn delta_e(a: Color32, b: Color32) -> f32 {
        fn lab(c: Color32) -> [f32; 3] {
            fn lin(u: u8) -> f32 {
                let v = f32::from(u) / 255.0;
                if v <= 0.040_45 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
            }
            let (r, g, b) = (lin(c.r()), lin(c.g()), lin(c.b()));
            let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.950_47;
            let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
            let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.088_83;
            let f = |t: f32| if t > 0.008_856 { t.cbrt() } else { 7.787 * t + 16.0 / 116.0 };
            [116.0 * f(y) - 16.0, 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z))]
        }
        let (p, q) = (lab(a), lab(b));
        p.iter().zip(q).map(|(u, v)| (u - v).powi(2)).sum::<f32>().sqrt()
    }

    #[test]
    fn chart_lines_are_distinct_and_read_on_both_themes() {
        for dark in [false, true] {
            let emotions = BUILTIN_EMOTIONS.iter().map(|e| emotion_series_color(e.code, dark));
            for (name, series) in [
                ("regions", Region::ALL.iter().map(|&r| region_series_color(r, dark)).collect::<Vec<_>>()),
                ("emotions", emotions.chain([emotion_series_color("my-own", dark)]).collect()),
            ] {
                for (i, &a) in series.iter().enumerate() {
                    // WCAG 1.4.11: a line that carries meaning contrasts 3:1 with what it sits on.
                    for bg in backgrounds(dark) {
                        let ratio = contrast(a, bg);
                        assert!(ratio >= 3.0, "{name} #{i} {a:?} on {bg:?} (dark {dark}): {ratio}");
                    }
                    // Any two lines of one chart tell apart (ΔE 15 is clearly visible side by side).
                    for (j, &b) in series.iter().enumerate().skip(i + 1) {
                        let d = delta_e(a, b);
                        assert!(d >= 15.0, "{name} #{i} {a:?} and #{j} {b:?} (dark {dark}): ΔE {d}");
                    }
                }
            }
        }
        // Custom emotions share one grey; the lines are stable per region and emotion.
        assert_eq!(emotion_series_color("my-own", false), CUSTOM_EMOTION_SERIES);
        assert_eq!(emotion_series_color("other", true), CUSTOM_EMOTION_SERIES);
        assert_eq!(region_series_color(Region::Neck, true), region_series_color(Region::Neck, true));
    }

    #[test]
    fn the_verdict_colours_differ_and_mix_from_neutral() {
        for dark in [false, true] {
            let c = VerdictColors::new(dark);
            // The cells a reader tells apart: clearly higher or lower (at least 30% of the way),
            // already so before (the pale 20% tints), and unclear.
            let shown = [
                mix(c.neutral, c.higher, 0.3),
                mix(c.neutral, c.lower, 0.3),
                mix(c.neutral, c.higher, 0.2),
                mix(c.neutral, c.lower, 0.2),
                c.unclear,
            ];
            for (i, &a) in shown.iter().enumerate() {
                for &b in &shown[i + 1..] {
                    assert!(a != b && delta_e(a, b) >= 3.0, "{a:?} vs {b:?} (dark {dark}): {}", delta_e(a, b));
                }
            }
            // Warm and cool are far apart, and each stands out from the unclear grey.
            assert!(delta_e(c.higher, c.lower) >= 40.0, "dark {dark}");
            assert!(delta_e(c.higher, c.unclear) >= 30.0 && delta_e(c.lower, c.unclear) >= 30.0, "dark {dark}");
            assert_eq!(mix(c.neutral, c.higher, 0.0), c.neutral);
            assert_eq!(mix(c.neutral, c.higher, 1.0), c.higher);
            // Halfway lies between, and further along is closer to the target.
            let half = mix(c.neutral, c.lower, 0.5);
            assert!(delta_e(half, c.lower) < delta_e(c.neutral, c.lower));
            assert!(delta_e(mix(c.neutral, c.lower, 0.8), c.lower) < delta_e(half, c.lower));
        }
        assert_eq!(mix(Color32::BLACK, Color32::WHITE, 0.5), Color32::from_gray(128));
    }

    #[test]
    fn the_practice_green_is_one_colour_that_reads() {
        for dark in [false, true] {
            let g = practice_green(dark);
            // Text on the breathing circle reads (AA for large text), and its core is lighter.
            assert!(contrast(text_color_on(g), g) >= 4.5, "dark {dark}");
            assert!(luminance(practice_green_core(dark)) > luminance(g), "dark {dark}");
            // A practice day in the week strip stands apart from the panel.
            let panel = backgrounds(dark)[1];
            assert!(delta_e(g, panel) >= 20.0, "dark {dark}");
            // The practice chart's bars read at 3:1 on the plot and panel of both themes.
            for bg in backgrounds(dark) {
                assert!(contrast(PRACTICE_BARS, bg) >= 3.0, "{bg:?}");
            }
        }
        assert_ne!(practice_green(false), practice_green(true));
    }
}
