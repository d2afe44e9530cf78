//! The keyboard-friendly way to rate every region: one row per region with a "rated" checkbox
//! and a 0–10 slider. Meant to sit in a collapsed-by-default `CollapsingHeader` under the body
//! map, so that the map's accessible names ("Neck") stay unique while it is closed.

use egui::{Grid, Slider, Ui};

use crate::model::{Lang, Level, Region};

/// The level a region gets when its checkbox is ticked (the same as a first click on the map).
const TICKED_LEVEL: u8 = 5;

/// "Neck tension" / "Spanning nek": the accessible name of a region's slider in the list.
pub fn tension_input_name(region: Region, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{} tension", region.name(lang)),
        Lang::Nl => format!("Spanning {}", lowercase_first(region.name(lang))),
    }
}

/// "Neck rated" / "Nek ingevuld": the accessible name of a region's checkbox in the list.
pub fn rated_input_name(region: Region, lang: Lang) -> String {
    format!("{} {}", region.name(lang), lang.pick("rated", "ingevuld"))
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Shows every region in [`Region::ALL`] order as a row: a checkbox with the region's name
/// (ticking it rates the region 5, unticking clears it), a 0–10 slider (moving it rates the
/// region) and the level as a number ("–" when not rated). Every input is reachable with Tab
/// and has its own accessible name ([`rated_input_name`], [`tension_input_name`]).
///
/// Returns whether any level changed.
pub fn region_list(ui: &mut Ui, levels: &mut [Option<Level>; Region::COUNT], lang: Lang) -> bool {
    let mut changed = false;
    Grid::new(ui.make_persistent_id("feltsense_region_list")).num_columns(3).striped(true).show(ui, |ui| {
        for region in Region::ALL {
            let level = &mut levels[region.index()];
            let mut rated = level.is_some();
            let check = ui.checkbox(&mut rated, region.name(lang)).accessible_name(rated_input_name(region, lang));
            if check.changed() {
                *level = if rated { Level::new(TICKED_LEVEL) } else { None };
                changed = true;
            }
            let mut value = level.map_or(0, Level::get);
            let slider = ui
                .add(Slider::new(&mut value, 0..=10).show_value(false))
                .accessible_name(tension_input_name(region, lang));
            if slider.changed() && *level != Level::new(value) {
                *level = Level::new(value);
                changed = true;
            }
            match level {
                Some(l) => ui.label(l.to_string()),
                None => ui.weak("–"),
            };
            ui.end_row();
        }
    });
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_names_are_unique_and_localised() {
        for lang in Lang::ALL {
            let mut names: Vec<String> =
                Region::ALL.iter().flat_map(|r| [tension_input_name(*r, lang), rated_input_name(*r, lang)]).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), 2 * Region::COUNT);
        }
        assert_eq!(tension_input_name(Region::Neck, Lang::En), "Neck tension");
        assert_eq!(tension_input_name(Region::Neck, Lang::Nl), "Spanning nek");
        assert_eq!(rated_input_name(Region::HipLeft, Lang::Nl), "Linkerheup (voorkant, psoas) ingevuld");
    }
}
