//! The welcome (issue 23, point 1): the scale and where the data stay, in the person's language,
//! then a choice: the person's own journal, or an example journal in a file of its own that never
//! touches theirs.

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use feltsense::model::{Entry, Lang, Region};
use feltsense::store::Store;
use feltsense::store::example::EXAMPLE_FILE_NAME;
use feltsense::ui::app::App;
use feltsense::ui::settings::Settings;
use feltsense::ui::views::ViewKind;

use crate::harness::{Journal, app, lvl, shows, step_until, window};

fn welcomed(j: &Journal, lang: Lang, size: [f32; 2]) -> Harness<'static, App> {
    let mut a = app(j, Settings { lang, ..Settings::default() });
    a.show_welcome();
    let mut h = window(a, size, 12);
    h.run();
    h
}

fn root_label(h: &Harness<'_, App>) -> Option<String> {
    h.root().accesskit_node().label()
}

#[test]
fn a_new_person_reads_the_scale_and_gets_to_a_first_saved_entry_by_keyboard_in_both_languages() {
    for (lang, scale, start, chest, save) in [
        (Lang::En, "0 = no tension, 10 = the worst you can imagine", "Start my journal", "Chest", "Save"),
        (
            Lang::Nl,
            "0 = geen spanning, 10 = de ergste spanning die je je kunt voorstellen",
            "Begin mijn dagboek",
            "Borst",
            "Bewaren",
        ),
    ] {
        let j = Journal::empty();
        let mut h = welcomed(&j, lang, [1280.0, 900.0]);
        assert!(h.state().welcome_open());
        assert!(shows(&h, scale), "{lang:?}: the scale is explained");
        assert!(shows(&h, lang.pick("stays on this computer", "blijft op deze computer")), "{lang:?}");
        assert!(shows(&h, lang.pick("Set up reminders", "Herinneringen instellen")), "{lang:?}: reminders offered");
        let title = lang.pick("Feltsense – Welcome to Feltsense", "Feltsense – Welkom bij Feltsense");
        assert_eq!(root_label(&h).as_deref(), Some(title));
        // The first choice has the keyboard: Enter starts the journal, on the Log form.
        let focused = h.query_by(|n| n.is_focused()).and_then(|n| n.accesskit_node().label());
        assert_eq!(focused.as_deref(), Some(start), "{lang:?}");
        h.key_press(Key::Enter);
        h.run();
        assert!(!h.state().welcome_open());
        assert!(h.state().settings.welcomed, "a choice was made: the next start goes straight in");
        assert_eq!(h.state().view, ViewKind::Log);
        h.get_by_label(chest).click();
        h.run();
        h.get_by_label(save).click();
        h.run();
        let saved = j.saved();
        assert_eq!(saved.len(), 1, "{lang:?}");
        assert_eq!(saved[0].level_of(Region::Chest), Some(lvl(5)));
        assert!(!j.dir.path().join(EXAMPLE_FILE_NAME).exists(), "no example was made");
    }
}

#[test]
fn the_example_journal_is_a_file_of_its_own_says_so_and_one_click_goes_back() {
    let mut mine = Entry::new(chrono::DateTime::parse_from_rfc3339("2026-03-03T14:05:00+01:00").expect("time"));
    mine.set_tension(Region::Neck, Some(lvl(4)));
    mine.note = "my own entry".into();
    let j = Journal::with([mine]);
    let before = std::fs::read(&j.path).expect("read");
    let mut h = welcomed(&j, Lang::En, [1280.0, 900.0]);

    h.get_by_label("Look around with an example journal").click();
    step_until(&mut h, "the example journal", |h| shows(h, "Back to my journal") && h.state().generation() > 0);
    let example = j.dir.path().join(EXAMPLE_FILE_NAME);
    step_until(&mut h, "the example's entries", |_| {
        Store::open_reader(&example).is_ok_and(|s| s.count().is_ok_and(|n| n > 300))
    });
    assert!(h.state().example_open());
    // The example person lives on this person's clock (the window tests' zone, +01:00), so no
    // row carries another offset after its time.
    let offsets: std::collections::BTreeSet<i32> = Store::open_reader(&example)
        .expect("open")
        .list(&feltsense::store::EntryFilter::default())
        .expect("list")
        .iter()
        .map(|e| e.at.offset().local_minus_utc())
        .collect();
    assert_eq!(offsets, [3600].into(), "every example entry at the window's +01:00");
    assert_eq!(h.state().title(), Some("Feltsense – Example journal"));
    assert!(root_label(&h).is_some_and(|l| l.starts_with("Feltsense – Example journal – ")), "{:?}", root_label(&h));
    assert!(shows(&h, "made-up entries in a file of their own"));
    assert!(!shows(&h, "my own entry"), "nothing of the person's journal is on screen");

    // Saving in the example saves into the example.
    h.get_by_label("Log").click();
    h.run();
    h.get_by_label("Jaw").click();
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert_eq!(j.saved().len(), 1, "the person's journal holds only their entry");
    assert_eq!(j.saved()[0].note, "my own entry");

    // One click back: the person's journal, the example gone, the title plain again.
    h.get_by_label("Back to my journal").click();
    step_until(&mut h, "the person's journal", |h| !h.state().example_open() && h.query_by_label("Journal").is_some());
    h.get_by_label("Journal").click();
    step_until(&mut h, "the person's entry", |h| shows(h, "my own entry"));
    assert_eq!(h.state().title(), Some("Feltsense"));
    assert!(!shows(&h, "Back to my journal"));
    let left: Vec<String> = std::fs::read_dir(j.dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("feltsense-example"))
        .collect();
    assert!(left.is_empty(), "the example's files are removed: {left:?}");
    assert_eq!(j.saved().len(), 1);
    drop(h);
    // The person's file: the same entry (SQLite may have checkpointed, so compare entries).
    assert!(!before.is_empty());
    assert_eq!(Store::open(&j.path).expect("open").count().expect("count"), 1);
}

#[test]
fn the_welcome_comes_back_from_help_and_fits_the_smallest_window_in_dutch() {
    let j = Journal::empty();
    // At the smallest window size (ui::run's min_inner_size), every text and button of the
    // welcome is inside the window's width (it wraps; the height scrolls).
    for lang in Lang::ALL {
        let h = welcomed(&j, lang, [720.0, 520.0]);
        let outside: Vec<String> = h
            .root()
            .children_recursive()
            .filter_map(|n| n.accesskit_node().bounding_box().map(|b| (n.accesskit_node().label(), b)))
            .filter(|(_, b)| b.x1 > 720.5 || b.x0 < -0.5)
            .map(|(label, b)| format!("{label:?} {b:?}"))
            .collect();
        assert!(outside.is_empty(), "{lang:?}: outside the window: {outside:?}");
        assert!(shows(&h, lang.pick("Start my journal", "Begin mijn dagboek")));
    }
    let mut a = app(&j, Settings { lang: Lang::Nl, ..Settings::default() });
    a.settings.welcomed = true;
    let mut h = window(a, [1280.0, 900.0], 12);
    h.run();
    assert!(!h.state().welcome_open());
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label("Het welkom opnieuw tonen").click();
    h.run();
    assert!(h.state().welcome_open());
    assert!(!h.state().shortcuts_open, "the help window closed");
    // A tab leaves the welcome without a choice.
    h.get_by_label("Dagboek").click();
    h.run();
    assert!(!h.state().welcome_open());
    assert_eq!(h.state().view, ViewKind::Journal);
}

#[test]
fn the_dutch_example_journal_is_written_in_dutch() {
    let j = Journal::empty();
    let mut h = welcomed(&j, Lang::Nl, [1280.0, 900.0]);
    h.get_by_label("Rondkijken in een voorbeelddagboek").click();
    step_until(&mut h, "the example journal", |h| shows(h, "Terug naar mijn dagboek") && h.state().generation() > 0);
    assert_eq!(h.state().title(), Some("Feltsense – Voorbeelddagboek"));
    assert!(shows(&h, "verzonnen metingen in een eigen bestand"));
    let example = j.dir.path().join(EXAMPLE_FILE_NAME);
    let entries =
        Store::open_reader(&example).expect("open").list(&feltsense::store::EntryFilter::default()).expect("list");
    assert!(entries.len() > 300);
    let notes: Vec<&str> = entries.iter().map(|e| e.note.as_str()).filter(|n| !n.is_empty()).collect();
    assert!(notes.iter().any(|n| n.contains("geslapen") || n.contains("Rustige")), "{:?}", &notes[..5]);
    assert!(!notes.iter().any(|n| n.contains("Slept") || n.contains("Quiet")), "no English notes");
    assert!(entries.iter().flat_map(|e| &e.tags).all(|t| t != "work" && t != "home"), "Dutch tags");
    assert!(j.saved().is_empty(), "the person's journal is still empty");
}
