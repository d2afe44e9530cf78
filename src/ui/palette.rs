//! The window's colours for levels and for the body map, in one place.
//!
//! - [`level_color`] is the one colour scale for tension levels, shared by every view that
//!   colours a level (the check-in map, the heat maps, the time-of-day grid, the legend).
//! - [`text_color_on`] picks black or white text on any fill (using [`luminance`]), so a number
//!   drawn on a coloured shape stays readable and colour is never the only cue.
//! - [`BodyColors`] are the body map's own colours: the silhouette, its edge and seams, the hover
//!   tint, the selection accent and its halo.
//!
//! Widgets and views only draw with these; none defines a colour of its own for a level.

use egui::Color32;

use crate::model::Level;

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
}
