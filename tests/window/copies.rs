//! Settings → "Copies in a folder", driven through accessible labels: choosing a folder (this
//! computer's copy appears there and another computer's copy is merged in), choosing between the
//! versions of an entry changed on two computers, and restoring a copy on a new computer (a wrong
//! passphrase refused in Dutch and nothing changed, then the right one). The other computer is a
//! second data folder driven through the store, as the CLI does.
//!
//! Time: the copy after changes waits 20 seconds after the last one, and a folder unreachable for
//! a day is told once. Those tests run the app (and its worker's copies) on a manual
//! [`Clock`], moved by hand, so neither 20 seconds nor a day is waited for.

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use feltsense::model::{Entry, Lang};
use feltsense::store::sync::folder::{Kind, kind_of};
use feltsense::store::sync::{self, state};
use feltsense::store::{EntryFilter, Passphrase, Store};
use feltsense::ui::app::App;
use feltsense::ui::clock::Clock;
use feltsense::ui::settings::Settings;

use crate::common;
use crate::harness::{self, Journal, shows, window};

const SHARED_PASS: &str = "river stone copies";

fn harness(app: App) -> Harness<'static, App> {
    window(app.wait_for_worker(), [1280.0, 900.0], 32)
}

fn step_until(h: &mut Harness<'static, App>, what: &str, done: impl Fn(&Harness<'static, App>) -> bool) {
    for _ in 0..250 {
        h.step();
        if done(h) {
            h.run_ok();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let labels: Vec<String> = h
        .query_all(egui_kittest::kittest::by().label_contains("").include_labels())
        .filter_map(|n| n.accesskit_node().label().or_else(|| n.accesskit_node().value()))
        .collect();
    panic!(
        "timed out waiting for {what}; toasts {:?}; on screen {labels:#?}; copies {:#?}",
        h.state().toasts.texts(),
        h.state().copies
    );
}

/// Scrolls the widget named `label` into view and clicks it, as a person does.
fn press(h: &mut Harness<'static, App>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run_ok();
    h.get_by_label(label).click();
    h.run_ok();
}

fn type_into(h: &mut Harness<'static, App>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run_ok();
    h.get_by_label(label).type_text(text);
    h.run_ok();
}

fn note(n: &str, hours: i64) -> Entry {
    let mut e = common::entry(hours, 4, "stress");
    e.note = n.into();
    e
}

fn notes(path: &Path) -> Vec<String> {
    let mut n: Vec<String> = Store::open(path)
        .expect("open")
        .list(&EntryFilter::default())
        .expect("list")
        .into_iter()
        .map(|e| e.note)
        .collect();
    n.sort();
    n
}

/// Another computer: a journal in a data folder of its own, named `name`, copying into `shared`.
fn other_computer(root: &Path, shared: &Path, name: &str, entries: &[&str]) -> PathBuf {
    let data = root.join(name);
    std::fs::create_dir_all(&data).expect("data folder");
    let journal = data.join("journal.sqlite");
    let mut s = Store::open(&journal).expect("create");
    s.set_computer_name(name).expect("name");
    for (i, n) in entries.iter().enumerate() {
        s.insert(&note(n, 100 + i as i64)).expect("insert");
    }
    drop(s);
    state::update(&journal, |st| {
        st.folder = Some(shared.to_path_buf());
        st.set_copy_passphrase(Some(&Passphrase::new(SHARED_PASS).expect("valid")));
    })
    .expect("settings");
    journal
}

fn copy(journal: &Path) -> sync::CopyWritten {
    sync::copy_now(journal, None, None, chrono::Local::now().fixed_offset()).result.expect("copy written")
}

/// The copies in `folder` written by computer `id`.
fn copies_of(folder: &Path, id: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("list")
        .map(|f| f.expect("entry").path())
        .filter(
            |p| matches!(kind_of(&p.file_name().expect("name").to_string_lossy()), Some(Kind::Copy(c, _)) if c == id),
        )
        .collect();
    found.sort();
    found
}

#[test]
fn choosing_a_folder_writes_this_computers_copy_and_merges_the_other_computers() {
    let j = Journal::with([note("here 1", 0), note("here 2", 1)]);
    let shared = j.dir.path().join("Sync");
    std::fs::create_dir(&shared).expect("shared folder");
    let desktop = other_computer(j.dir.path(), &shared, "Desktop", &["there 1"]);
    copy(&desktop);
    let here_id = j.store().computer_id().expect("id");

    let mut h = harness(harness::app(&j, Settings::default()));
    // A mismatch between the two passphrases changes nothing.
    press(&mut h, "Settings");
    assert!(shows(&h, "No copies are written yet."));
    type_into(&mut h, "Folder:", &shared.display().to_string());
    type_into(&mut h, "Passphrase for the copies", SHARED_PASS);
    type_into(&mut h, "The copies' passphrase again", "river stone copiez");
    press(&mut h, "Use this folder");
    assert!(shows(&h, "The two new passphrases differ."));
    assert!(state::load(&j.path).expect("settings").folder.is_none());

    h.get_by_label("The copies' passphrase again").focus();
    h.key_press(egui::Key::Backspace);
    h.run_ok();
    h.get_by_label("The copies' passphrase again").type_text("s");
    h.run_ok();
    // Frame by frame here: the merge's toast (five seconds) is looked for as it appears.
    h.get_by_label("Use this folder").click();
    let mut toasts = Vec::new();
    for _ in 0..250 {
        h.step();
        toasts.extend(h.state().toasts.texts());
        if !copies_of(&shared, &here_id).is_empty() && shows(&h, "Last written:") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    h.run_ok();
    assert!(!copies_of(&shared, &here_id).is_empty(), "this computer's copy is in the folder");
    assert_eq!(notes(&j.path), ["here 1", "here 2", "there 1"], "the desktop's entry was merged");
    assert!(toasts.iter().any(|t| t.contains("From Desktop: 1 entry added")), "{toasts:?}");
    assert!(shows(&h, "Other computers"));
    assert!(shows(&h, "Desktop"), "the computers taking part are listed");
    assert!(shows(&h, &format!("Copies go to {}", shared.display())));

    // The desktop reads this computer's copy with the shared passphrase: one journal on both.
    let mut s = Store::open(&desktop).expect("open desktop");
    sync::merge_now(&mut s, None, &mut sync::Seen::new(), chrono::Local::now().fixed_offset()).expect("merge");
    drop(s);
    assert_eq!(notes(&desktop), notes(&j.path));

    // "Write a copy now" writes the next generation and says so.
    press(&mut h, "Write a copy now");
    step_until(&mut h, "the second copy", |h| shows(h, "Copy written:"));
    assert_eq!(copies_of(&shared, &here_id).len(), 2);

    // Stopping leaves the copies in the folder.
    press(&mut h, "Stop the copies");
    step_until(&mut h, "the copies to stop", |h| shows(h, "No more copies are written"));
    assert!(state::load(&j.path).expect("settings").folder.is_none());
    assert_eq!(copies_of(&shared, &here_id).len(), 2);
}

/// This computer ("Laptop") and a "Desktop" sharing a folder, both having changed the one entry
/// since they last merged: the desktop's copy waits in the folder.
fn changed_on_both() -> Journal {
    let j = Journal::empty();
    let shared = j.dir.path().join("Sync");
    std::fs::create_dir(&shared).expect("shared folder");
    let desktop = other_computer(j.dir.path(), &shared, "Desktop", &["walk"]);
    copy(&desktop);
    // This computer takes the entry in first (as the CLI would), then both edit it.
    drop(j.store());
    state::update(&j.path, |st| {
        st.folder = Some(shared.clone());
        st.set_copy_passphrase(Some(&Passphrase::new(SHARED_PASS).expect("valid")));
    })
    .expect("settings");
    let mut here = j.store();
    here.set_computer_name("Laptop").expect("name");
    let now = || chrono::Local::now().fixed_offset();
    sync::merge_now(&mut here, None, &mut sync::Seen::new(), now()).expect("merge");
    let edit = |s: &mut Store, text: &str| {
        let mut e = s.list(&EntryFilter::default()).expect("list").remove(0);
        e.note = text.into();
        s.update(&e).expect("edit");
    };
    edit(&mut here, "walk in the rain");
    drop(here);
    let mut there = Store::open(&desktop).expect("open desktop");
    edit(&mut there, "walk by the sea");
    drop(there);
    copy(&desktop);

    j
}

#[test]
fn an_entry_changed_on_two_computers_shows_both_versions_until_one_is_kept() {
    let j = changed_on_both();
    let mut h = harness(harness::app(&j, Settings::default()));
    press(&mut h, "Settings");
    step_until(&mut h, "both versions", |h| shows(h, "changed on two computers"));
    assert!(shows(&h, "walk in the rain"), "this computer's version");
    assert!(shows(&h, "walk by the sea"), "the desktop's version");
    assert_eq!(j.store().conflict_count().expect("count"), 1);
    let keep = h
        .query_all_by_label_contains("Keep this version: ")
        .filter_map(|n| n.accesskit_node().label())
        .find(|l| l.contains("Desktop"))
        .expect("a button for the desktop's version");
    press(&mut h, &keep);
    step_until(&mut h, "the choice to be kept", |h| !shows(h, "changed on two computers"));
    assert_eq!(j.store().conflict_count().expect("count"), 0);
    assert_eq!(notes(&j.path), ["walk by the sea"]);
}

#[test]
fn restoring_a_copy_on_a_new_computer_in_dutch_refuses_a_wrong_passphrase_and_backs_up_the_journal_there() {
    let root = tempfile::tempdir().expect("tempdir");
    let shared = root.path().join("Sync");
    std::fs::create_dir(&shared).expect("shared folder");
    let old_laptop = other_computer(root.path(), &shared, "Oude laptop", &["een", "twee", "drie"]);
    let written = copy(&old_laptop);

    // The new computer already has a journal with one entry of its own.
    let j = Journal::with([note("nieuw", 0)]);
    let settings = Settings { lang: Lang::Nl, ..Settings::default() };
    let mut h = harness(harness::app(&j, settings));
    press(&mut h, "Instellingen");
    type_into(&mut h, "Kopie:", &written.path.display().to_string());
    type_into(&mut h, "Wachtwoord van de kopie", "verkeerd wachtwoord");
    press(&mut h, "Laten zien wat erin staat");
    step_until(&mut h, "the wrong passphrase's message in Dutch", |h| shows(h, "gaat niet open met dit wachtwoord"));
    assert!(h.query_by_label("Als dit dagboek terugzetten…").is_none(), "nothing to restore with a wrong passphrase");
    assert_eq!(notes(&j.path), ["nieuw"]);

    h.get_by_label("Wachtwoord van de kopie").focus();
    for _ in 0.."verkeerd wachtwoord".len() {
        h.key_press(egui::Key::Backspace);
    }
    h.run_ok();
    h.get_by_label("Wachtwoord van de kopie").type_text(SHARED_PASS);
    h.run_ok();
    press(&mut h, "Laten zien wat erin staat");
    step_until(&mut h, "what the copy holds", |h| shows(h, "Kopie van Oude laptop"));
    assert!(shows(&h, "3 metingen"), "the preview counts the entries");
    press(&mut h, "Als dit dagboek terugzetten…");
    press(&mut h, "Ja, deze kopie terugzetten");
    step_until(&mut h, "the restored journal", |h| {
        h.state().toasts.texts().iter().any(|t| t.contains("Kopie van Oude laptop teruggezet (3 metingen)."))
            && h.state().generation() > 1
    });
    assert_eq!(notes(&j.path), ["drie", "een", "twee"]);
    // The journal that was here is kept in a backup, and the new computer is a computer of its own.
    let kept = feltsense::store::backup::list_backups(&j.path).expect("backups");
    assert!(
        kept.iter().any(|b| Store::open_reader(&b.path).is_ok_and(|s| s.count().is_ok_and(|n| n == 1))),
        "the journal that was here is in a backup"
    );
    // Its copies go on to the folder the copy came from, with the copy's passphrase.
    let settings = state::load(&j.path).expect("settings");
    assert_eq!(settings.folder.as_deref(), Some(shared.as_path()));
    assert!(settings.copy_passphrase.is_some());
    let old_id = Store::open(&old_laptop).expect("open").computer_id().expect("id");
    assert_ne!(j.store().computer_id().expect("id"), old_id);
}

#[test]
fn the_copies_section_fits_the_smallest_window_in_both_languages() {
    let j = changed_on_both();
    for (lang, settings_tab, both) in
        [(Lang::En, "Settings", "changed on two computers"), (Lang::Nl, "Instellingen", "op twee computers gewijzigd")]
    {
        let size = [720.0, 520.0];
        let mut h = window(harness::app(&j, Settings { lang, ..Settings::default() }), size, 32);
        press(&mut h, settings_tab);
        step_until(&mut h, "both versions", |h| shows(h, both));
        let nodes: Vec<(String, f64)> = h
            .query_all(egui_kittest::kittest::by().label_contains("").include_labels())
            .filter_map(|n| {
                let a = n.accesskit_node();
                // A label's text is its value in AccessKit.
                let text = if a.role() == egui::accesskit::Role::Label { a.value() } else { a.label() };
                Some((text?, a.bounding_box()?.x1))
            })
            .collect();
        assert!(nodes.iter().any(|(l, _)| l.contains(both)));
        for (label, right) in nodes {
            assert!(right <= f64::from(size[0]), "{lang:?}: {label} ends at {right}");
        }
    }
}

#[test]
fn the_welcome_offers_restoring_a_copy_on_a_new_computer_and_the_example_never_gets_copies() {
    let root = tempfile::tempdir().expect("tempdir");
    let shared = root.path().join("Stick");
    std::fs::create_dir(&shared).expect("stick");
    let old_laptop = other_computer(root.path(), &shared, "Old laptop", &["one", "two"]);
    let written = copy(&old_laptop);

    // A new computer: the welcome, then "Restore my journal from a copy".
    let j = Journal::empty();
    let mut app = harness::app(&j, Settings::default());
    app.show_welcome();
    let mut h = harness(app);
    h.run_ok();
    assert!(shows(&h, "On a new computer: your journal from the copies"), "the choice says what it does");
    press(&mut h, "Restore my journal from a copy");
    assert!(!h.state().welcome_open());
    assert!(h.get_by_label("Copy:").is_focused(), "the keyboard is on the restore form's first field");
    h.get_by_label("Copy:").type_text(&written.path.display().to_string());
    h.run_ok();
    type_into(&mut h, "Passphrase of the copy", SHARED_PASS);
    press(&mut h, "Show what it holds");
    step_until(&mut h, "what the copy holds", |h| shows(h, "Copy from Old laptop"));
    press(&mut h, "Restore it as this journal…");
    press(&mut h, "Yes, restore this copy");
    step_until(&mut h, "the restored journal", |h| {
        h.state().toasts.texts().iter().any(|t| t.contains("Copy from Old laptop restored (2 entries)."))
    });
    assert_eq!(notes(&j.path), ["one", "two"]);

    // The example journal: no copies and no restore there, only the way back.
    let k = Journal::empty();
    let mut app = harness::app(&k, Settings::default());
    app.show_welcome();
    let mut h = harness(app);
    h.run_ok();
    press(&mut h, "Look around with an example journal");
    step_until(&mut h, "the example journal", |h| h.state().example_open() && h.state().generation() > 0);
    press(&mut h, "Settings");
    assert!(shows(&h, "are for your own journal: go back to it first"));
    assert!(h.query_by_label("Use this folder").is_none() && h.query_by_label("Show what it holds").is_none());
}

/// The words of one language these tests look for.
struct Words {
    settings: &'static str,
    log: &'static str,
    emotion: &'static str,
    save: &'static str,
    dismiss: &'static str,
    last_written: &'static str,
    failing: &'static str,
    told: &'static str,
}

const EN: Words = Words {
    settings: "Settings",
    log: "Log",
    emotion: "Anger",
    save: "Save",
    dismiss: "Dismiss",
    last_written: "Last written:",
    failing: "No copy could be written since",
    told: "No copy could be written to",
};

const NL: Words = Words {
    settings: "Instellingen",
    log: "Vastleggen",
    emotion: "Boosheid",
    save: "Bewaren",
    dismiss: "Sluiten",
    last_written: "Laatst geschreven:",
    failing: "Er kon geen kopie worden geschreven sinds",
    told: "kon er geen kopie naar",
};

/// A journal with one entry whose copies go to the folder `Sync` beside it, opened in `lang` on a
/// manual clock standing at the real time now; Settings is shown once this computer's first copy
/// (due at once: none was written yet) is written.
fn copying_on_a_manual_clock(lang: Lang, w: &Words) -> (Journal, PathBuf, Clock, Harness<'static, App>) {
    let j = Journal::with([note("before", 0)]);
    let shared = j.dir.path().join("Sync");
    std::fs::create_dir(&shared).expect("shared folder");
    state::update(&j.path, |st| {
        st.folder = Some(shared.clone());
        st.set_copy_passphrase(Some(&Passphrase::new(SHARED_PASS).expect("valid")));
    })
    .expect("settings");
    let clock = Clock::manual(chrono::Local::now().fixed_offset());
    let app = harness::app(&j, Settings { lang, ..Settings::default() }).with_clock(clock.clone());
    let mut h = harness(app);
    press(&mut h, w.settings);
    step_until(&mut h, "the first copy", |h| shows(h, w.last_written));
    assert_eq!(state::load(&j.path).expect("settings").seq, 1);
    (j, shared, clock, h)
}

/// Saves a check-in (one emotion) on the Log view, as a person does, waits until the journal's
/// worker has taken it (its snapshot is newer), and goes back to Settings.
fn save_a_change(h: &mut Harness<'static, App>, w: &Words) {
    let before = h.state().generation();
    press(h, w.log);
    press(h, w.emotion);
    press(h, w.save);
    step_until(h, "the change saved", |h| h.state().generation() > before);
    press(h, w.settings);
}

/// Frames for a while (a few hundred milliseconds of real time, the worker looking at its clock
/// every few): long enough for anything due to happen.
fn frames_for_a_while(h: &mut Harness<'static, App>) {
    for _ in 0..15 {
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    h.run_ok();
}

/// When the copies' settings file was last written (each copy written or failing rewrites it).
fn settings_written(journal: &Path) -> std::time::SystemTime {
    std::fs::metadata(state::state_path(journal)).and_then(|m| m.modified()).expect("settings file")
}

#[test]
fn a_folder_unreachable_for_a_day_is_told_once_and_the_copy_is_written_when_it_is_back() {
    for (lang, w) in [(Lang::En, &EN), (Lang::Nl, &NL)] {
        let (j, shared, clock, mut h) = copying_on_a_manual_clock(lang, w);
        let first_written = state::load(&j.path).expect("settings").last_written.expect("written");
        let here_id = j.store().computer_id().expect("id");

        // The folder goes away (the stick is pulled): a regular file stands where it was, so
        // nothing can be written there (not even by root, as CI runs).
        std::fs::remove_dir_all(&shared).expect("remove the folder");
        std::fs::write(&shared, b"not a folder").expect("a file where the folder was");

        // A change fails to be copied, 20 seconds later; the window says so, and tells no more.
        save_a_change(&mut h, w);
        clock.advance(chrono::Duration::seconds(21));
        step_until(&mut h, "the copy to fail", |h| shows(h, w.failing));
        let failed_at = state::load(&j.path).expect("settings").failing_since.expect("failing");
        assert!(!h.state().toasts.texts().iter().any(|t| t.contains(w.told)), "{lang:?}: not told before a day");

        // Hours later another change fails too: still not a day.
        clock.advance(chrono::Duration::hours(12));
        let rewritten = settings_written(&j.path);
        save_a_change(&mut h, w);
        clock.advance(chrono::Duration::seconds(21));
        step_until(&mut h, "the second failure", |_| settings_written(&j.path) != rewritten);
        frames_for_a_while(&mut h);
        assert!(!h.state().toasts.texts().iter().any(|t| t.contains(w.told)), "{lang:?}: not told after 12 hours");
        let s = state::load(&j.path).expect("settings");
        assert_eq!((s.failing_since, s.told_unreachable), (Some(failed_at), false), "{lang:?}: one failing spell");

        // A day after the first failure the next try (the daily copy is due by now, no change
        // needed) fails once more: now the person is told, in their language.
        clock.advance(chrono::Duration::hours(12));
        step_until(&mut h, "the person to be told", |h| h.state().toasts.texts().iter().any(|t| t.contains(w.told)));
        let told: Vec<String> = h.state().toasts.texts().into_iter().filter(|t| t.contains(w.told)).collect();
        assert_eq!(told.len(), 1, "{lang:?}: {told:?}");
        assert!(told[0].contains(&shared.display().to_string()), "{lang:?}: the toast names the folder: {told:?}");
        // Since when, on the person's clock (the window's zone, +01:00), as Settings says it.
        let here = feltsense::model::text::time::Zone::hours_east(1).expect("zone");
        let since = feltsense::model::text::time::when(&failed_at, here, lang);
        assert!(told[0].contains(&since), "{lang:?}: {since} in {told:?}");
        assert!(state::load(&j.path).expect("settings").told_unreachable);

        // They close it; the changes of that day keep failing, and they are not told again.
        loop {
            let Some(close) = h.query_all_by_label(w.dismiss).next() else { break };
            close.click();
            h.run_ok();
        }
        for _ in 0..2 {
            let rewritten = settings_written(&j.path);
            save_a_change(&mut h, w);
            clock.advance(chrono::Duration::seconds(21));
            step_until(&mut h, "another failure", |_| settings_written(&j.path) != rewritten);
            frames_for_a_while(&mut h);
            assert!(
                !h.state().toasts.texts().iter().any(|t| t.contains(w.told)),
                "{lang:?}: told again: {:?}",
                h.state().toasts.texts()
            );
            assert!(shows(&h, w.failing), "{lang:?}: Settings still says since when copies fail");
        }

        // The folder is back: the next change is copied there, and "last written" moves on.
        std::fs::remove_file(&shared).expect("remove the file");
        std::fs::create_dir(&shared).expect("the folder is back");
        save_a_change(&mut h, w);
        clock.advance(chrono::Duration::seconds(21));
        step_until(&mut h, "the copy in the folder that is back", |h| !shows(h, w.failing));
        assert_eq!(copies_of(&shared, &here_id).len(), 1, "{lang:?}: the copy is in the folder again");
        let s = state::load(&j.path).expect("settings");
        let written = s.last_written.expect("written");
        assert!(written > first_written + chrono::Duration::hours(24), "{lang:?}: {written} after {first_written}");
        assert_eq!((s.failing_since, s.told_unreachable), (None, false), "{lang:?}: the failing spell is over");
        let zone = harness::here();
        let label = feltsense::model::text::sync::last_written(Some(&written), zone, lang);
        assert!(shows(&h, &label), "{lang:?}: the window says {label}");
    }
}

#[test]
fn a_burst_of_changes_is_copied_once_twenty_seconds_after_the_last() {
    let (j, shared, clock, mut h) = copying_on_a_manual_clock(Lang::En, &EN);
    let here_id = j.store().computer_id().expect("id");
    assert_eq!(copies_of(&shared, &here_id).len(), 1);

    // A change: no copy at once.
    save_a_change(&mut h, &EN);
    frames_for_a_while(&mut h);
    assert_eq!(copies_of(&shared, &here_id).len(), 1, "not written at once");

    // Another change 15 seconds later pushes the copy back: 30 seconds after the first change,
    // 15 after the last, still none.
    clock.advance(chrono::Duration::seconds(15));
    save_a_change(&mut h, &EN);
    clock.advance(chrono::Duration::seconds(15));
    frames_for_a_while(&mut h);
    assert_eq!(copies_of(&shared, &here_id).len(), 1, "not 20 seconds after the first change but after the last");
    assert_eq!(state::load(&j.path).expect("settings").seq, 1);

    // 20 seconds after the last change: one copy, with both changes.
    clock.advance(chrono::Duration::seconds(6));
    step_until(&mut h, "the copy after the burst", |_| copies_of(&shared, &here_id).len() == 2);
    frames_for_a_while(&mut h);
    assert_eq!(copies_of(&shared, &here_id).len(), 2, "exactly one copy for the burst");
    let s = state::load(&j.path).expect("settings");
    assert_eq!(s.seq, 2);
    let written = s.last_written.expect("written");
    assert!(shows(&h, &feltsense::model::text::sync::last_written(Some(&written), harness::here(), Lang::En)));
    let info = sync::read_copy(&copies_of(&shared, &here_id)[1], &Passphrase::new(SHARED_PASS).expect("valid"))
        .expect("the copy opens");
    assert_eq!(info.entries, 3, "the entry before and the two changes");
}
