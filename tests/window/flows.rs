//! Headless UI flows through accessible labels (egui_kittest), on a real journal file.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use feltsense::model::{Lang, Region};
use feltsense::ui::app::App;
use feltsense::ui::settings::Settings;

use crate::common;
use crate::harness::{Journal, app, lvl, window};

fn harness(j: &Journal, settings: Settings) -> Harness<'static, App> {
    window(app(j, settings), [1280.0, 900.0], 12)
}

#[test]
fn log_an_entry_with_the_mouse_then_edit_delete_and_undo_it() {
    let j = Journal::empty();
    let mut h = harness(&j, Settings::default());
    h.run();

    // Tap the chest on the map: selected at level 5; then type 7 for 7.
    h.get_by_label("Chest").click();
    h.run();
    assert_eq!(h.state().log.levels[Region::Chest.index()], Some(lvl(5)));
    h.key_press(Key::Num7);
    h.run();
    assert_eq!(h.state().log.levels[Region::Chest.index()], Some(lvl(7)));
    // 1 then 0 gives 10 on the neck.
    h.get_by_label("Neck").click();
    h.run();
    // One frame between the digits (frames are 0.25 s apart here: `run` could step past the 1 s
    // a two-digit 10 is given when another thread asks for a repaint meanwhile).
    h.key_press(Key::Num1);
    h.step();
    h.key_press(Key::Num0);
    h.run();
    assert_eq!(h.state().log.levels[Region::Neck.index()], Some(lvl(10)));

    h.get_by_label("Anger").click();
    h.run();
    h.get_by_label("Note").focus();
    h.run();
    h.get_by_label("Note").type_text("Argument at work 1 0");
    h.run();
    // Typing digits in the note did not change the map.
    assert_eq!(h.state().log.levels[Region::Neck.index()], Some(lvl(10)));
    h.get_by_label("Save").click();
    h.run();

    let entries = j.saved();
    assert_eq!(entries.len(), 1, "toasts: {:?}", h.state().toasts.texts());
    let e = &entries[0];
    assert_eq!(e.level_of(Region::Chest), Some(lvl(7)));
    assert_eq!(e.level_of(Region::Neck), Some(lvl(10)));
    assert_eq!(e.intensity_of("anger"), Some(lvl(5)));
    assert_eq!(e.note, "Argument at work 1 0");
    // The form is empty again.
    assert_eq!(h.state().log.levels, [None; Region::COUNT]);

    // Find it in the journal and edit it.
    h.get_by_label("Journal").click();
    h.run();
    assert!(h.query_by_label_contains("Argument at work").is_some());
    h.get_by_label_contains("Edit entry of ").click();
    h.run();
    assert!(h.state().log.is_editing());
    h.get_by_label("Chest").click(); // selected? no: clicking a rated, unselected region selects it
    h.run();
    h.key_press(Key::Num3);
    h.run();
    h.get_by_label("Save changes").click();
    h.run();
    let entries = j.saved();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].level_of(Region::Chest), Some(lvl(3)));

    // Delete, then undo from the toast.
    h.get_by_label("Journal").click();
    h.run();
    h.get_by_label_contains("Delete entry of ").click();
    h.run();
    assert!(j.saved().is_empty());
    h.get_by_label("Undo").click();
    h.run();
    let back = j.saved();
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].uid, entries[0].uid);
    assert_eq!(back[0].level_of(Region::Chest), Some(lvl(3)));
}

#[test]
fn keyboard_only_entry_with_the_region_list_and_ctrl_s() {
    let j = Journal::empty();
    let mut h = harness(&j, Settings::default());
    h.run();
    h.get_by_label("All regions as a list").click();
    h.run();
    let slider = h.get_by_label("Lower back tension");
    slider.focus();
    h.run();
    for _ in 0..4 {
        h.key_press(Key::ArrowRight);
        h.run();
    }
    assert!(
        h.state().log.levels[Region::LowerBack.index()].is_some_and(|l| l.get() >= 1),
        "{:?}",
        h.state().log.levels
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let entries = j.saved();
    assert_eq!(entries.len(), 1, "toasts: {:?}", h.state().toasts.texts());
    assert!(entries[0].level_of(Region::LowerBack).is_some_and(|l| l.get() >= 1));
}

#[test]
fn a_failed_save_keeps_the_form_and_says_why() {
    let j = Journal::empty();
    let mut h = harness(&j, Settings::default());
    h.run();
    // Saving an empty form explains what to do.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(h.query_by_label_contains("Nothing to save yet").is_some());

    h.get_by_label("Jaw").click();
    h.run();
    // Make the journal read-only underneath the app: the save must fail and keep the form.
    let c = rusqlite::Connection::open(&j.path).expect("open");
    c.execute_batch(
        "CREATE TRIGGER no_writes BEFORE INSERT ON entries BEGIN SELECT RAISE(ABORT, 'disk says no'); END;",
    )
    .expect("trigger");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert_eq!(h.state().log.levels[Region::Jaw.index()], Some(lvl(5)), "the form kept the map");
    assert!(
        h.state().log.error.as_ref().is_some_and(|e| e.text(Lang::En).contains("disk says no")),
        "{:?}",
        h.state().log.error
    );
    assert!(j.saved().is_empty());
    c.execute_batch("DROP TRIGGER no_writes;").expect("drop");
    h.get_by_label("Save").click();
    h.run();
    assert_eq!(j.saved().len(), 1, "saved once the problem is gone");
}

#[test]
fn same_as_last_time_copies_the_previous_map() {
    let j = Journal::empty();
    {
        let mut s = j.store();
        let mut e = common::entry(-3, 4, "stress");
        e.set_tension(Region::HipRight, Some(lvl(6)));
        s.insert(&e).expect("insert");
    }
    let mut h = harness(&j, Settings::default());
    h.run();
    h.get_by_label("Same as last time").click();
    h.run();
    assert_eq!(h.state().log.levels[Region::Neck.index()], Some(lvl(4)));
    assert_eq!(h.state().log.levels[Region::HipRight.index()], Some(lvl(6)));
}

#[test]
fn switching_to_dutch_translates_views_regions_and_emotions() {
    let j = Journal::empty();
    let mut h = harness(&j, Settings::default());
    h.run();
    h.get_by_label("Settings").click();
    h.run();
    h.get_by_label("Nederlands").click();
    h.run();
    assert_eq!(h.state().settings.lang, Lang::Nl);
    h.get_by_label("Vastleggen").click();
    h.run();
    for label in ["Borst", "Nek", "Boosheid", "Opluchting", "Kaakklemmen", "Bewaren", "Zelfde als vorige keer"] {
        assert!(h.query_by_label(label).is_some(), "missing Dutch label {label}");
    }
    assert!(h.query_by_label("Chest").is_none());
}

#[test]
fn journal_filters_narrow_the_list() {
    let j = Journal::empty();
    {
        let mut s = j.store();
        let mut a = common::entry(0, 3, "anxiety");
        a.note = "alpha".into();
        let mut b = common::entry(30, 0, "joy");
        b.note = "beta".into();
        s.insert(&a).expect("a");
        s.insert(&b).expect("b");
    }
    let mut h = harness(&j, Settings { last_view: feltsense::ui::views::ViewKind::Journal, ..Settings::default() });
    h.run();
    assert!(h.query_by_label("2 entries").is_some());
    h.get_by_label("Text:").focus();
    h.get_by_label("Text:").type_text("beta");
    h.run();
    assert!(h.query_by_label("1 entries").is_some());
    assert!(h.query_by_label_contains("alpha").is_none());
    assert_eq!(h.state().journal_view.entries()[0].note, "beta");
}

#[test]
fn log_view_snapshots() {
    let j = Journal::empty();
    let mut h = harness(&j, Settings { theme: feltsense::ui::settings::Theme::Light, ..Settings::default() });
    // A fixed form time, so the picture does not change with the clock.
    h.state_mut().log = feltsense::ui::views::log::LogView::new_at(common::at(0));
    h.run();
    h.snapshot("log_view_empty");
    h.get_by_label("Neck").click();
    h.run();
    h.key_press(Key::Num6);
    h.run();
    h.get_by_label("Left shoulder").click();
    h.run();
    h.get_by_label("Anxiety").click();
    h.run();
    h.snapshot("log_view_filled");
}

#[test]
fn help_lists_shortcuts_and_ctrl_digits_switch_tabs() {
    let j = Journal::empty();
    let mut h = harness(&j, Settings::default());
    h.run();
    assert!(h.query_by_label("Ctrl+Q").is_none());
    h.key_press(Key::F1);
    h.run();
    assert!(h.query_by_label("Keyboard shortcuts").is_some());
    assert!(h.query_by_label("Ctrl+Q").is_some());
    h.key_press(Key::F1);
    h.run();
    assert!(h.query_by_label("Ctrl+Q").is_none());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    h.run();
    assert_eq!(h.state().view, feltsense::ui::views::ViewKind::Journal);
    h.get_by_label("Help").click();
    h.run();
    assert!(h.query_by_label("Ctrl+Q").is_some());
}

/// eframe's storage, kept in memory.
#[derive(Default)]
struct MemStorage(std::collections::HashMap<String, String>);

impl eframe::Storage for MemStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

#[test]
fn language_theme_and_view_persist_through_eframe_storage() {
    use feltsense::ui::settings::{STORAGE_KEY, Theme};
    use feltsense::ui::views::ViewKind;
    let j = Journal::empty();
    let mut h = harness(&j, Settings::default());
    h.run();
    h.get_by_label("Settings").click();
    h.run();
    h.get_by_label("Nederlands").click();
    h.run();
    h.get_by_label("Donker").click();
    h.run();
    let mut storage = MemStorage::default();
    eframe::App::save(h.state_mut(), &mut storage);
    let restored: Settings = eframe::get_value(&storage, STORAGE_KEY).expect("settings were saved");
    assert_eq!((restored.lang, restored.theme, restored.last_view), (Lang::Nl, Theme::Dark, ViewKind::Settings));
    // A new window starts from them.
    let mut again = harness(&j, restored);
    again.run();
    assert!(again.query_by_label("Instellingen").is_some());
    assert_eq!(again.state().view, ViewKind::Settings);
}
