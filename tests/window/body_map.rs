//! UI flows of the body map and the region list, driven through AccessKit names with
//! egui_kittest, plus one image snapshot of the map.

use egui::accesskit::Toggled;
use egui::{Event, Key, Modifiers, MouseWheelSource, MouseWheelUnit, TouchPhase, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use feltsense::model::{Lang, Level, Region};
use feltsense::ui::widgets::body_map::BodyMap;
use feltsense::ui::widgets::region_list::region_list;

struct MapState {
    levels: [Option<Level>; Region::COUNT],
    selected: Option<Region>,
    lang: Lang,
    /// Frames in which the map reported a changed level.
    changes: usize,
    /// A text field next to the map, to check that typing digits into it leaves the map alone.
    note: String,
}

impl MapState {
    fn new(lang: Lang) -> Self {
        MapState { levels: [None; Region::COUNT], selected: None, lang, changes: 0, note: String::new() }
    }

    fn level(&self, region: Region) -> Option<u8> {
        self.levels[region.index()].map(Level::get)
    }
}

fn map_harness(state: MapState) -> Harness<'static, MapState> {
    // Tooltips fade in over a few frames after a hover.
    Harness::builder().with_size(vec2(720.0, 760.0)).with_max_steps(12).build_ui_state(
        |ui, s: &mut MapState| {
            ui.text_edit_singleline(&mut s.note).accessible_name("Note");
            let response = BodyMap::new(&mut s.levels, &mut s.selected, s.lang).show(ui);
            if response.changed {
                s.changes += 1;
            }
        },
        state,
    )
}

fn wheel(harness: &Harness<'_, MapState>, lines: f32) {
    harness.event(Event::MouseWheel {
        unit: MouseWheelUnit::Line,
        delta: vec2(0.0, lines),
        phase: TouchPhase::Move,
        source: MouseWheelSource::Wheel,
        modifiers: Modifiers::NONE,
    });
}

#[test]
fn clicking_a_region_rates_it_five_and_selects_it() {
    let mut h = map_harness(MapState::new(Lang::En));
    h.run();
    assert!(h.query_by_label("Click where you feel tension").is_some());
    h.get_by_label("Neck").click();
    h.run();
    assert_eq!(h.state().level(Region::Neck), Some(5));
    assert_eq!(h.state().selected, Some(Region::Neck));
    assert_eq!(h.state().changes, 1);
    // Nothing else was rated.
    assert_eq!(h.state().levels.iter().flatten().count(), 1);
    // The selection is exposed to assistive technology, and the panel offers a named slider.
    assert_eq!(h.get_by_label("Neck").accesskit_node().toggled(), Some(Toggled::True));
    assert_eq!(h.get_by_label("Chest").accesskit_node().toggled(), Some(Toggled::False));
    assert!(h.query_by_label("Neck level").is_some());
    assert!(h.query_by_label("Click where you feel tension").is_none());
}

#[test]
fn digit_keys_set_the_selected_level() {
    let mut h = map_harness(MapState::new(Lang::En));
    h.run();
    h.get_by_label("Left shoulder").click();
    h.run();
    h.key_press(Key::Num7);
    h.run();
    assert_eq!(h.state().level(Region::ShoulderLeft), Some(7));
    h.key_press(Key::Num0);
    h.run();
    assert_eq!(h.state().level(Region::ShoulderLeft), Some(0));
    assert_eq!(h.state().selected, Some(Region::ShoulderLeft));
    // Click 5, key 7, key 0: three changes.
    assert_eq!(h.state().changes, 3);
}

#[test]
fn one_then_zero_sets_ten_but_only_soon_after() {
    let mut h = map_harness(MapState::new(Lang::En));
    h.run();
    h.get_by_label("Jaw").click();
    h.run();
    h.key_press(Key::Num1);
    h.step();
    assert_eq!(h.state().level(Region::Jaw), Some(1));
    h.key_press(Key::Num0);
    h.step();
    assert_eq!(h.state().level(Region::Jaw), Some(10));

    // A "1", then a pause of 8 frames × 0.25 s = 2 s of input time, then "0": that is a 0.
    h.key_press(Key::Num1);
    h.step();
    h.run_steps(8);
    h.key_press(Key::Num0);
    h.step();
    assert_eq!(h.state().level(Region::Jaw), Some(0));
}

#[test]
fn delete_and_backspace_clear_the_selected_region() {
    let mut h = map_harness(MapState::new(Lang::En));
    h.run();
    h.get_by_label("Chest").click();
    h.run();
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(h.state().level(Region::Chest), None);
    assert_eq!(h.state().selected, None);

    h.get_by_label("Belly and diaphragm").click();
    h.run();
    assert_eq!(h.state().level(Region::Belly), Some(5));
    h.key_press(Key::Backspace);
    h.run();
    assert_eq!(h.state().level(Region::Belly), None);
    assert_eq!(h.state().changes, 4);
}

#[test]
fn clicking_the_selected_region_again_clears_it() {
    let mut state = MapState::new(Lang::En);
    state.levels[Region::Pelvis.index()] = Level::new(3);
    let mut h = map_harness(state);
    h.run();
    // A rated, unselected region: the first click only selects it.
    h.get_by_label("Pelvis").click();
    h.run();
    assert_eq!(h.state().level(Region::Pelvis), Some(3));
    assert_eq!(h.state().selected, Some(Region::Pelvis));
    assert_eq!(h.state().changes, 0);
    // The second click clears and deselects.
    h.get_by_label("Pelvis").click();
    h.run();
    assert_eq!(h.state().level(Region::Pelvis), None);
    assert_eq!(h.state().selected, None);
    assert_eq!(h.state().changes, 1);
}

#[test]
fn both_views_of_a_region_are_the_same_region() {
    let mut h = map_harness(MapState::new(Lang::En));
    h.run();
    // The neck's primary view is the back; its front shape is named with the view.
    h.get_by_label("Neck (front)").click();
    h.run();
    assert_eq!(h.state().level(Region::Neck), Some(5));
    assert_eq!(h.state().selected, Some(Region::Neck));
    // Clicking it on the other silhouette is clicking the selected region again.
    h.get_by_label("Neck").click();
    h.run();
    assert_eq!(h.state().level(Region::Neck), None);

    // The head is primarily a front region; its back shape selects the head too.
    h.get_by_label("Head (back)").click();
    h.run();
    assert_eq!(h.state().selected, Some(Region::Head));
    assert_eq!(h.state().level(Region::Head), Some(5));
    // The person's left leg, seen from behind.
    h.get_by_label("Left leg (back)").click();
    h.run();
    assert_eq!(h.state().selected, Some(Region::LegLeft));
    assert_eq!(h.state().level(Region::LegLeft), Some(5));
}

#[test]
fn digits_do_nothing_without_a_selection_or_while_typing() {
    let mut h = map_harness(MapState::new(Lang::En));
    h.run();
    h.key_press(Key::Num7);
    h.run();
    assert!(h.state().levels.iter().all(Option::is_none));
    assert_eq!(h.state().changes, 0);

    // Select the neck (5), then type "7" into the note: the note gets it, the neck stays 5.
    h.get_by_label("Neck").click();
    h.run();
    h.get_by_label("Note").focus();
    h.run();
    h.key_press(Key::Num7);
    h.get_by_label("Note").type_text("7");
    h.run();
    assert_eq!(h.state().note, "7");
    assert_eq!(h.state().level(Region::Neck), Some(5));
}

#[test]
fn scrolling_over_a_region_moves_its_level() {
    let mut state = MapState::new(Lang::En);
    state.levels[Region::UpperBack.index()] = Level::new(5);
    let mut h = map_harness(state);
    h.run();
    h.get_by_label("Between the shoulder blades").hover();
    h.run();
    wheel(&h, 2.0); // two notches up
    h.run();
    assert_eq!(h.state().level(Region::UpperBack), Some(7));
    assert_eq!(h.state().selected, Some(Region::UpperBack));
    wheel(&h, -1.0);
    h.run();
    assert_eq!(h.state().level(Region::UpperBack), Some(6));
    // Rolling down over an unrated region rates it 0.
    h.get_by_label("Lower back").hover();
    h.run();
    wheel(&h, -1.0);
    h.run();
    assert_eq!(h.state().level(Region::LowerBack), Some(0));
    assert_eq!(h.state().selected, Some(Region::LowerBack));
}

#[test]
fn the_panel_slider_and_clear_button_edit_the_selection() {
    let mut h = map_harness(MapState::new(Lang::Nl));
    h.run();
    assert!(h.query_by_label("Klik waar je spanning voelt").is_some());
    h.get_by_label("Linkerschouder").click();
    h.run();
    assert_eq!(h.state().level(Region::ShoulderLeft), Some(5));
    h.get_by_label("Niveau linkerschouder").focus();
    h.run();
    h.key_press(Key::ArrowRight);
    h.run();
    assert_eq!(h.state().level(Region::ShoulderLeft), Some(6));
    h.get_by_label("Wissen").click();
    h.run();
    assert_eq!(h.state().level(Region::ShoulderLeft), None);
    assert_eq!(h.state().selected, None);
    assert_eq!(h.state().changes, 3);
}

#[test]
fn the_region_list_sets_levels_by_keyboard() {
    let mut h = Harness::builder().with_size(vec2(600.0, 700.0)).build_ui_state(
        |ui, s: &mut ([Option<Level>; Region::COUNT], usize)| {
            if region_list(ui, &mut s.0, Lang::En) {
                s.1 += 1;
            }
        },
        ([None; Region::COUNT], 0),
    );
    h.run();
    // Arrow keys on the focused slider rate the neck from nothing up to 3.
    h.get_by_label("Neck tension").focus();
    h.run();
    for _ in 0..3 {
        h.key_press(Key::ArrowRight);
        h.run();
    }
    assert_eq!(h.state().0[Region::Neck.index()], Level::new(3));
    // Tab moves on to the next row's checkbox; Space ticks it (rating 5).
    h.key_press(Key::Tab);
    h.run();
    assert!(h.get_by_label("Left shoulder rated").is_focused());
    h.key_press(Key::Space);
    h.run();
    assert_eq!(h.state().0[Region::ShoulderLeft.index()], Level::new(5));
    // Space again unticks it: not rated.
    h.key_press(Key::Space);
    h.run();
    assert_eq!(h.state().0[Region::ShoulderLeft.index()], None);
    assert_eq!(h.state().1, 5);
    assert_eq!(h.state().0.iter().flatten().count(), 1);
}

#[test]
fn snapshot_of_the_map_with_some_levels() {
    let mut state = MapState::new(Lang::En);
    for (region, level) in [
        (Region::Neck, 6),
        (Region::ShoulderLeft, 8),
        (Region::ShoulderRight, 3),
        (Region::Jaw, 2),
        (Region::UpperBack, 4),
        (Region::Belly, 0),
        (Region::LowerBack, 10),
        (Region::HipRight, 5),
    ] {
        state.levels[region.index()] = Level::new(level);
    }
    state.selected = Some(Region::ShoulderLeft);
    let mut h = Harness::builder().with_size(vec2(560.0, 620.0)).with_theme(egui::Theme::Light).build_ui_state(
        |ui, s: &mut MapState| {
            BodyMap::new(&mut s.levels, &mut s.selected, s.lang).show(ui);
        },
        state,
    );
    h.run();
    h.fit_contents();
    h.snapshot("body_map");
}
