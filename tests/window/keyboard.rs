//! Keyboard-first logging through accessible labels (egui_kittest): the quick-log line, and the
//! body map's keys and accessibility values.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use feltsense::model::{PracticeKind, Region, Signal};
use feltsense::ui::app::App;
use feltsense::ui::settings::Settings;

use crate::harness::{Journal, app, here, lvl, window};

fn harness(j: &Journal) -> Harness<'static, App> {
    window(app(j, Settings::default()), [1280.0, 900.0], 12)
}

fn focused_is_quick_log(h: &Harness<'_, App>) -> bool {
    h.ctx.memory(|m| m.focused()) == Some(feltsense::ui::views::log::quick_log_id())
}

#[test]
fn quick_log_by_keyboard_previews_refuses_problems_then_saves_on_enter() {
    let j = Journal::empty();
    let mut h = harness(&j);
    h.run();

    // Ctrl+L puts the keyboard in the quick-log line.
    h.key_press_modifiers(Modifiers::COMMAND, Key::L);
    h.run();
    assert!(focused_is_quick_log(&h));

    // A typo: shown with a suggestion once the typing pauses; Enter saves nothing, keeps the
    // line and the focus, and says so.
    h.get_by_label("Quick log:").type_text("ne6 shouldr4 anx7");
    h.run();
    // The preview already shows the neck on the map and the anxiety chip.
    assert_eq!(h.state().log.levels[Region::Neck.index()], None, "the form itself is untouched");
    assert!(h.query_by_label_contains("Understood: Neck 6, Anxiety 7").is_some());
    for _ in 0..8 {
        h.step();
    }
    let problem = h.get_by_label_contains("did you mean `left shoulder`");
    assert_eq!(problem.accesskit_node().live(), egui::accesskit::Live::Polite);
    h.key_press(Key::Enter);
    h.run();
    assert!(j.saved().is_empty());
    assert_eq!(h.state().log.quick, "ne6 shouldr4 anx7");
    assert!(focused_is_quick_log(&h));
    let refused = h.get_by_label_contains("Not saved:");
    assert_eq!(refused.accesskit_node().live(), egui::accesskit::Live::Assertive);
    let said = refused.accesskit_node().value().unwrap_or_default();
    assert!(said.contains("did you mean `left shoulder`"), "{said:?}");

    // Fix it: clear the line, then type with Tab completion of a prefix.
    h.state_mut().log.quick.clear();
    h.run();
    h.get_by_label("Quick log:").type_text("ne6 ls4 lb3 jaw cl");
    h.run();
    h.key_press(Key::Tab);
    h.run();
    assert_eq!(h.state().log.quick, "ne6 ls4 lb3 jaw clenching ");
    assert!(focused_is_quick_log(&h), "Tab completed instead of leaving the line");
    h.get_by_label("Quick log:").type_text("anx7, walk 5 min #work: late meeting");
    h.run();
    h.key_press(Key::Enter);
    h.run();

    let entries = j.saved();
    assert_eq!(entries.len(), 1, "toasts: {:?}", h.state().toasts.texts());
    let e = &entries[0];
    assert_eq!(e.level_of(Region::Neck), Some(lvl(6)));
    assert_eq!(e.level_of(Region::ShoulderLeft), Some(lvl(4)));
    assert_eq!(e.level_of(Region::LowerBack), Some(lvl(3)));
    assert_eq!(e.intensity_of("anxiety"), Some(lvl(7)));
    assert_eq!(e.signals, vec![Signal::JawClenching]);
    assert_eq!(e.practice.map(|p| (p.kind, p.minutes)), Some((PracticeKind::Walk, 5)));
    assert_eq!(e.tags, vec!["work".to_owned()]);
    assert_eq!(e.note, "late meeting");
    assert!(h.state().log.quick.is_empty());
}

/// The live regions that speak of a problem in the quick log, as (text, politeness).
fn quick_log_announcements(h: &Harness<'_, App>) -> Vec<(String, egui::accesskit::Live)> {
    h.root()
        .children_recursive()
        .filter_map(|n| {
            let node = n.accesskit_node();
            // A label's lines are text runs of it; a screen reader reads the label.
            if node.role() == egui::accesskit::Role::TextRun {
                return None;
            }
            let live = node.live();
            let label = node.label().or_else(|| node.value())?;
            (live != egui::accesskit::Live::Off && !label.starts_with("Saved")).then_some((label, live))
        })
        .collect()
}

/// Typed at a person's pace, a line is not announced mid-word: its problems wait for a pause or
/// for Enter, and each refused Enter is announced anew (assertively). `sh5` (a shoulder?) is
/// refused with the choices, never saved as Shame.
#[test]
fn quick_log_problems_wait_for_a_pause_or_enter_and_sh5_is_never_shame() {
    let j = Journal::empty();
    let mut h = harness(&j);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::L);
    h.run();
    let mut heard = Vec::new();
    for c in "anxiety 7, neck 6, sh5".chars() {
        h.get_by_label("Quick log:").type_text(&c.to_string());
        h.step();
        heard.extend(quick_log_announcements(&h));
    }
    assert!(heard.is_empty(), "announced while typing: {heard:?}");
    h.key_press(Key::Enter);
    h.run();
    assert!(j.saved().is_empty(), "sh5 was saved as {:?}", j.saved());
    let said = quick_log_announcements(&h);
    assert_eq!(said.len(), 1, "{said:?}");
    let (text, live) = &said[0];
    assert_eq!(*live, egui::accesskit::Live::Assertive);
    assert!(text.starts_with("Not saved:") && text.contains("Shame") && text.contains("Left shoulder"), "{text}");
    let first = h.get_by_label_contains("Not saved:").accesskit_node().id();
    // Enter again on the same line: a new announcement (a new node), not silence.
    h.key_press(Key::Enter);
    h.run();
    assert_ne!(
        h.get_by_label_contains("Not saved:").accesskit_node().id(),
        first,
        "the second refusal is a new live region"
    );

    // Plural words in plain language rate both sides.
    h.state_mut().log.quick = "anxiety 7, neck 6, shoulders 5: deadline".to_owned();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let saved = j.saved();
    assert_eq!(saved.len(), 1, "toasts: {:?}", h.state().toasts.texts());
    assert_eq!(saved[0].level_of(Region::ShoulderLeft), Some(lvl(5)));
    assert_eq!(saved[0].level_of(Region::ShoulderRight), Some(lvl(5)));
    assert_eq!(saved[0].note, "deadline");
}

#[test]
fn slash_opens_the_quick_log_only_when_no_text_field_has_the_keyboard() {
    let j = Journal::empty();
    let mut h = harness(&j);
    h.run();
    h.get_by_label("Note").focus();
    h.run();
    h.get_by_label("Note").type_text("a/b");
    h.run();
    assert_eq!(h.state().log.draft.note, "a/b");
    assert!(!focused_is_quick_log(&h));

    h.key_press(Key::Escape);
    h.run();
    h.ctx.memory_mut(|m| m.surrender_focus(m.focused().unwrap_or(egui::Id::NULL)));
    h.run();
    h.event(egui::Event::Text("/".into()));
    h.run();
    assert!(focused_is_quick_log(&h));
    assert_eq!(h.state().log.quick, "", "the slash itself is not typed");
}

fn text(h: &Harness<'_, App>, s: &str) {
    h.event(egui::Event::Text(s.into()));
}

#[test]
fn map_type_ahead_digits_f6_and_ctrl_s_log_a_check_in() {
    let j = Journal::empty();
    let mut h = harness(&j);
    h.run();

    // F6: the keyboard goes to the map (its first region), which selects it.
    h.key_press(Key::F6);
    h.run();
    assert_eq!(h.state().log.selected, Some(Region::Head));
    // n → Neck, 6; l → Left shoulder, 4; l → the next "L": Lower back, 3.
    for (letter, digit) in [("n", Key::Num6), ("l", Key::Num4), ("l", Key::Num3)] {
        text(&h, letter);
        h.run();
        h.key_press(digit);
        h.run();
    }
    let levels = h.state().log.levels;
    assert_eq!(levels[Region::Neck.index()], Some(lvl(6)));
    assert_eq!(levels[Region::ShoulderLeft.index()], Some(lvl(4)));
    assert_eq!(levels[Region::LowerBack.index()], Some(lvl(3)));
    assert_eq!(levels.iter().flatten().count(), 3);

    // Every region's shape tells its level to assistive technology.
    let neck = h.get_by_label("Neck");
    assert_eq!(neck.accesskit_node().description().as_deref(), Some("Neck, tension 6"));
    assert_eq!(neck.accesskit_node().value().as_deref(), Some("tension 6"));
    assert_eq!(h.get_by_label("Head").accesskit_node().description().as_deref(), Some("Head, not rated"));

    // F6: the emotion chips; a digit on a focused chip sets its intensity (the map keeps its 3).
    h.key_press(Key::F6);
    h.run();
    h.key_press(Key::Num7);
    h.run();
    assert_eq!(h.state().log.draft.intensity_of("anxiety"), Some(lvl(7)));
    assert_eq!(h.state().log.levels[Region::LowerBack.index()], Some(lvl(3)));
    let chip_descriptions: Vec<Option<String>> =
        h.get_all_by_label("Anxiety").map(|n| n.accesskit_node().description()).collect();
    assert!(chip_descriptions.contains(&Some("Anxiety, intensity 7".to_owned())), "{chip_descriptions:?}");

    // F6 twice more reaches Save; Shift+F6 goes back to the details; F6 and Enter save.
    h.key_press(Key::F6);
    h.run();
    h.key_press(Key::F6);
    h.run();
    assert!(h.get_by_label("Save").accesskit_node().is_focused());
    h.key_press_modifiers(Modifiers::SHIFT, Key::F6);
    h.run();
    assert!(h.get_by_label("Note").accesskit_node().is_focused());
    h.key_press(Key::F6);
    h.run();
    h.key_press(Key::Enter);
    h.run();

    let entries = j.saved();
    assert_eq!(entries.len(), 1, "toasts: {:?}", h.state().toasts.texts());
    let e = &entries[0];
    assert_eq!(e.level_of(Region::Neck), Some(lvl(6)));
    assert_eq!(e.level_of(Region::ShoulderLeft), Some(lvl(4)));
    assert_eq!(e.level_of(Region::LowerBack), Some(lvl(3)));
    assert_eq!(e.intensity_of("anxiety"), Some(lvl(7)));
    // "Saved." is announced: the toast is a live region.
    let toast = h.get_by_label("Saved.");
    assert_eq!(
        h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Practice:").accesskit_node().value().as_deref(),
        Some("none")
    );
    assert_eq!(toast.accesskit_node().live(), egui::accesskit::Live::Polite);
}

#[test]
fn each_region_is_one_tab_stop_and_the_window_has_a_name() {
    let j = Journal::empty();
    let mut h = harness(&j);
    h.run();
    h.key_press(Key::F6);
    h.run();
    // Tab walks the regions once each, in map order, before it leaves the map.
    let mut seen = Vec::new();
    for _ in 0..Region::COUNT {
        seen.push(h.state().log.selected);
        h.key_press(Key::Tab);
        h.run();
    }
    let mut distinct: Vec<Region> = seen.iter().flatten().copied().collect();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), Region::COUNT, "{seen:?}");
    assert_eq!(h.root().accesskit_node().label().as_deref(), Some("Feltsense – Log"));
}

/// A journal with two check-ins, on 3 March 2026 at 14:05 and 4 March at 09:30 (local time).
fn journal_with_two_entries() -> Journal {
    Journal::with([("2026-03-03T14:05:00+01:00", Region::Neck), ("2026-03-04T09:30:00+01:00", Region::Jaw)].map(
        |(at, region)| {
            let mut e = feltsense::model::Entry::new(chrono::DateTime::parse_from_rfc3339(at).expect("time"));
            e.set_tension(region, Some(lvl(4)));
            e
        },
    ))
}

fn focused_label(h: &Harness<'_, App>) -> Option<String> {
    h.query_by(|n| n.is_focused()).and_then(|n| n.accesskit_node().label())
}

#[test]
fn journal_buttons_name_their_entry_edit_comes_first_and_a_deletion_is_undone_by_keyboard() {
    let j = journal_with_two_entries();
    let mut h = harness(&j);
    h.run();
    h.get_by_label("Journal").click();
    h.run();

    // Each button says which entry it acts on, starting with the word it shows. Newest first:
    // Tab goes Edit, Delete, Topic of 4 March, then Edit, Delete of 3 March.
    let button = egui::accesskit::Role::Button;
    h.get_by_role_and_label(button, "Edit entry of Wed 4 Mar 2026 09:30").focus();
    h.run();
    let mut order = vec![focused_label(&h)];
    for _ in 0..4 {
        h.key_press(Key::Tab);
        h.run();
        order.push(focused_label(&h));
    }
    let want = [
        "Edit entry of Wed 4 Mar 2026 09:30",
        "Delete entry of Wed 4 Mar 2026 09:30",
        "Topic to discuss: entry of Wed 4 Mar 2026 09:30",
        "Edit entry of Tue 3 Mar 2026 14:05",
        "Delete entry of Tue 3 Mar 2026 14:05",
    ];
    assert_eq!(order, want.map(|w| Some(w.to_owned())));
    // On screen, too, Edit is left of Delete.
    let x = |label: &str| h.get_by_label(label).rect().min.x;
    assert!(x(want[0]) < x(want[1]));

    // The filter combo boxes say what is chosen.
    let combo = egui::accesskit::Role::ComboBox;
    assert_eq!(h.get_by_role_and_label(combo, "Emotion:").accesskit_node().value().as_deref(), Some("any"));
    assert_eq!(h.get_by_role_and_label(combo, "Region:").accesskit_node().value().as_deref(), Some("any"));
    // And in their description, which AT-SPI carries (its adapter drops string values).
    let described = |label: &str| h.get_by_role_and_label(combo, label).accesskit_node().description();
    assert_eq!(described("Emotion:").as_deref(), Some("Emotion: any"));
    assert_eq!(described("Region:").as_deref(), Some("Region: any"));

    // Enter on the focused Delete (3 March): gone, and the toast (a live region) says which
    // entry went, with Undo.
    assert!(h.get_by_label(want[4]).accesskit_node().is_focused());
    h.key_press(Key::Enter);
    h.run();
    let left = j.saved();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].level_of(Region::Jaw), Some(lvl(4)), "the other entry stays");
    let toast = h.get_by_label("Entry of Tue 3 Mar 2026 14:05 deleted.");
    assert_eq!(toast.accesskit_node().live(), egui::accesskit::Live::Polite);
    assert_eq!(h.get_by_label("Undo").accesskit_node().data().keyboard_shortcut(), Some("Ctrl+Z"));
    assert!(h.query_by_label(want[3]).is_none());
    // The keyboard is not lost with the row: it is on the Edit button of the entry above (the
    // deleted one was the last row).
    assert_eq!(focused_label(&h).as_deref(), Some(want[0]));

    // Ctrl+Z in a text field undoes typing, not the deletion.
    h.get_by_label("Text:").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(j.saved().len(), 1);
    // Elsewhere it brings the entry back, and says so.
    h.key_press(Key::Escape);
    h.run();
    h.ctx.memory_mut(|m| m.surrender_focus(m.focused().unwrap_or(egui::Id::NULL)));
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let back = j.saved();
    assert_eq!(back.len(), 2, "toasts: {:?}", h.state().toasts.texts());
    assert!(back.iter().any(|e| e.level_of(Region::Neck) == Some(lvl(4))));
    h.get_by_label("Entry of Tue 3 Mar 2026 14:05 restored.");
    h.get_by_role_and_label(button, want[2]);
}

#[test]
fn journal_buttons_and_the_deletion_toast_speak_dutch() {
    let j = journal_with_two_entries();
    let store = j.store();
    let settings = Settings { lang: feltsense::model::Lang::Nl, ..Settings::default() };
    let app = App::with_store(store, settings).with_zone(here()).wait_for_worker();
    let mut h = Harness::builder()
        .with_size([1280.0, 900.0])
        .with_max_steps(12)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    h.run();
    h.get_by_label("Dagboek").click();
    h.run();
    h.get_by_label("Bewerken: meting van wo 4 mrt 2026 09:30");
    h.get_by_label("Verwijderen: meting van di 3 mrt 2026 14:05").click();
    h.run();
    assert_eq!(j.saved().len(), 1);
    h.get_by_label("Meting van di 3 mrt 2026 14:05 verwijderd.");
    h.get_by_label("Ongedaan maken").click();
    h.run();
    assert_eq!(j.saved().len(), 2);
}

/// Four entries on four days of March 2026, newest first in the list: 4, 3, 2, 1 March.
fn journal_with_four_entries() -> Journal {
    Journal::with((1..=4).map(|day| {
        let at = format!("2026-03-0{day}T10:00:00+01:00");
        let mut e = feltsense::model::Entry::new(chrono::DateTime::parse_from_rfc3339(&at).expect("time"));
        e.set_tension(Region::Neck, Some(lvl(day)));
        e
    }))
}

/// A Delete by keyboard in the middle of the list: the keyboard lands on the entry that moved up
/// into its place (by entry id, after the list reloaded), not on the one after it; and Ctrl+Z,
/// with the keyboard on that Edit button, brings the deleted entry back.
#[test]
fn after_a_keyboard_delete_the_focus_is_on_the_entry_that_moved_up_and_ctrl_z_undoes() {
    let j = journal_with_four_entries();
    let mut h = harness(&j);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    h.run();
    let button = egui::accesskit::Role::Button;
    h.get_by_role_and_label(button, "Delete entry of Tue 3 Mar 2026 10:00").focus();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(j.saved().len(), 3);
    assert!(h.query_by_label("Delete entry of Tue 3 Mar 2026 10:00").is_none(), "the row is gone");
    assert_eq!(focused_label(&h).as_deref(), Some("Edit entry of Mon 2 Mar 2026 10:00"));
    // The next Space acts on the entry the person heard: it opens 2 March for editing.
    h.key_press(Key::Space);
    h.run();
    assert_eq!(h.state().view, feltsense::ui::views::ViewKind::Log);
    assert_eq!(h.state().log.draft.level_of(Region::Neck), Some(lvl(2)));
    // Ctrl+Z with the keyboard on a button (not in a text field) brings 3 March back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    h.run();
    h.get_by_role_and_label(button, "Edit entry of Mon 2 Mar 2026 10:00").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(j.saved().len(), 4, "toasts: {:?}", h.state().toasts.texts());
}

/// Ctrl+1 … put the keyboard into the view they open (its first field), not the top bar; Escape
/// closes the shortcuts window.
#[test]
fn ctrl_digits_put_the_keyboard_in_the_view_and_escape_closes_the_shortcuts() {
    let j = journal_with_two_entries();
    let mut h = harness(&j);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    h.run();
    assert_eq!(focused_label(&h).as_deref(), Some("From:"), "the Journal's first field");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num1);
    h.run();
    assert!(focused_is_quick_log(&h), "the Log's first field");
    let tabs: Vec<String> =
        feltsense::ui::views::ViewKind::ALL.iter().map(|v| v.name(feltsense::model::Lang::En).to_owned()).collect();
    assert!(!tabs.contains(&focused_label(&h).unwrap_or_default()));

    h.key_press(Key::F1);
    h.run();
    assert!(h.state().shortcuts_open);
    h.get_by_label_contains("Plural words rate both sides");
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().shortcuts_open);
    assert!(h.query_by_label("Keyboard shortcuts").is_none());
}
