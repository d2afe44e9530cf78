//! Errors in Dutch: each flow starts in English, switches to Nederlands in Settings, and then meets
//! a full disk, a read-only journal, a damaged file or a file that cannot be imported. The window
//! must say so in Dutch (through the error types' `Describe`), not print the English text.

mod common;

use std::time::Duration;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use feltsense::model::Lang;
use feltsense::store::{EntryFilter, Store};
use feltsense::ui::app::App;
use feltsense::ui::effects;
use feltsense::ui::settings::Settings;
use feltsense::ui::views::ViewKind;
use feltsense::ui::views::settings::RemindersSection;

struct Journal {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
}

/// A journal file with two entries.
fn journal() -> Journal {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("journal.sqlite");
    let mut s = Store::open(&path).expect("open");
    for i in 0..2 {
        s.insert(&common::entry(i, 3, "stress")).expect("insert");
    }
    Journal { _dir: dir, path }
}

fn harness(app: App) -> Harness<'static, App> {
    Harness::builder()
        .with_size([1280.0, 900.0])
        .with_max_steps(32)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app)
}

/// Steps until `done` holds (background threads answer), at most ~5 s.
fn step_until(h: &mut Harness<'static, App>, what: &str, done: impl Fn(&Harness<'static, App>) -> bool) {
    for _ in 0..250 {
        h.step();
        if done(h) {
            h.run_ok();
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("timed out waiting for {what}");
}

/// Settings → Nederlands, as a person would switch.
fn switch_to_dutch(h: &mut Harness<'static, App>) {
    h.get_by_label("Settings").click();
    h.run_ok();
    h.get_by_label("Nederlands").click();
    h.run_ok();
    assert_eq!(h.state().settings.lang, Lang::Nl);
}

/// Rates the neck on the Log view and saves with Ctrl+S; returns the form's error.
fn save_a_check_in(h: &mut Harness<'static, App>) -> String {
    h.get_by_label("Vastleggen").click();
    h.run_ok();
    h.get_by_label("Nek").click();
    h.run_ok();
    // A long note, so the save needs new pages in the file.
    h.state_mut().log.draft.note = "lang verhaal ".repeat(1500);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    step_until(h, "the save to fail", |h| h.state().log.error.is_some());
    h.state().log.error.clone().expect("an error")
}

fn notes(path: &std::path::Path) -> usize {
    Store::open(path).expect("reopen").list(&EntryFilter::default()).expect("list").len()
}

#[test]
fn a_full_disk_is_explained_in_dutch() {
    let j = journal();
    let store = Store::open(&j.path).expect("open");
    let pages: i64 = store.connection().query_row("PRAGMA page_count", [], |r| r.get(0)).expect("pages");
    store.connection().query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(())).expect("limit");
    let mut h = harness(App::with_store(store, Settings::default()));
    h.run_ok();
    switch_to_dutch(&mut h);
    let err = save_a_check_in(&mut h);
    assert!(err.contains("de schijf is vol, dus er is niets bewaard"), "{err}");
    assert!(!err.contains("disk is full"), "{err}");
    assert!(h.state().toasts.texts().iter().any(|t| t.contains("de schijf is vol")), "{:?}", h.state().toasts.texts());
    assert_eq!(notes(&j.path), 2, "nothing half-written");
}

#[test]
fn a_read_only_journal_is_explained_in_dutch() {
    let j = journal();
    let store = Store::open(&j.path).expect("open");
    store.connection().pragma_update(None, "query_only", true).expect("read-only");
    let mut h = harness(App::with_store(store, Settings::default()));
    h.run_ok();
    switch_to_dutch(&mut h);
    let err = save_a_check_in(&mut h);
    assert!(err.starts_with("het dagboek is alleen-lezen, dus er is niets bewaard"), "{err}");
    assert_eq!(notes(&j.path), 2);
}

#[test]
fn a_damaged_journal_is_explained_in_dutch() {
    let j = journal();
    // The person switches to Nederlands and closes the window; the settings are kept.
    let settings = {
        let mut h = harness(App::with_store(Store::open(&j.path).expect("open"), Settings::default()));
        h.run_ok();
        switch_to_dutch(&mut h);
        h.state().settings.clone()
    };
    {
        let mut s = Store::open(&j.path).expect("open");
        let mut big = common::entry(5, 3, "stress");
        big.note = "x".repeat(19_000);
        s.insert(&big).expect("grow the file");
        s.connection().execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;").expect("flush");
    }
    let mut bytes = std::fs::read(&j.path).expect("read");
    assert!(bytes.len() >= 4 * 4096, "the journal has pages to damage");
    for b in &mut bytes[4096..4 * 4096] {
        *b = 0x5a;
    }
    std::fs::write(&j.path, &bytes).expect("damage");

    // The next start opens the damaged file, in Dutch.
    let mut h = harness(App::open_path(j.path.clone(), settings, &egui::Context::default()));
    step_until(&mut h, "the Dutch failure screen", |h| {
        h.query_by_label("Het dagboek kon niet worden geopend").is_some()
    });
    assert!(h.query_by_label_contains("is beschadigd").is_some(), "the damage is named in Dutch");
    assert!(h.query_by_label_contains("is damaged").is_none(), "no English on the Dutch screen");
    assert_eq!(std::fs::read(&j.path).expect("read"), bytes, "nothing was written to the damaged file");
}

#[test]
fn a_file_that_cannot_be_imported_is_explained_in_dutch() {
    let j = journal();
    let bad = j.path.with_file_name("bad.json");
    std::fs::write(&bad, br#"{"format":"feltsense-journal","version":1,"entries":[{"id":"x","at":"yesterday"}]}"#)
        .expect("write");
    let store = Store::open(&j.path).expect("open");
    let mut h = harness(App::with_store(store, Settings::default()));
    h.run_ok();
    switch_to_dutch(&mut h);
    h.state_mut().view = ViewKind::Share;
    h.run_ok();
    h.get_by_label("Importeren").click();
    h.run_ok();
    h.get_by_label("Bestand").focus();
    h.run_ok();
    h.get_by_label("Bestand").type_text(&bad.display().to_string());
    h.run_ok();
    h.get_by_label("Voorbeeld").click();
    step_until(&mut h, "the error", |h| h.state().files.import.found().is_some_and(Result::is_err));
    let err = h.state().files.import.found().and_then(|r| r.as_ref().err().cloned()).expect("an error");
    assert!(err.starts_with("notitie 0 (id x), veld `at`: `yesterday` is geen RFC 3339-tijd"), "{err}");
    assert!(!err.contains("is not an RFC 3339 time"), "{err}");
    assert!(h.query_by_label_contains("Kan niet importeren; er is niets veranderd: notitie 0").is_some());

    // A file that cannot be read at all.
    let missing = j.path.with_file_name("missing.json");
    h.get_by_label("Bestand").focus();
    h.run_ok();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Bestand").type_text(&missing.display().to_string());
    h.run_ok();
    h.get_by_label("Voorbeeld").click();
    step_until(&mut h, "the second error", |h| {
        h.state().files.import.found().is_some_and(|r| r.as_ref().is_err_and(|e| e.contains("missing.json")))
    });
    let err = h.state().files.import.found().and_then(|r| r.as_ref().err().cloned()).expect("an error");
    assert!(err.contains("bestand of map bestaat niet"), "{err}");
    assert_eq!(notes(&j.path), 2);
}

#[test]
fn the_daily_backup_speaks_the_language_the_person_has_now() {
    let j = journal();
    // A file where the backups folder should be: today's backup cannot be made.
    std::fs::write(j.path.with_file_name("backups"), b"not a folder").expect("block the backups folder");
    // The journal starts opening while the window is in English ...
    let mut app = App::open_path(j.path.clone(), Settings::default(), &egui::Context::default());
    // ... and the person has switched to Nederlands before the worker's answer is shown.
    app.settings.lang = Lang::Nl;
    let mut h = harness(app);
    step_until(&mut h, "the daily backup's answer", |h| {
        h.state().toasts.texts().iter().any(|t| t.contains("back-up van vandaag"))
    });
    let texts: Vec<String> = h.state().toasts.texts().iter().map(|t| t.to_string()).collect();
    let toast = texts.iter().find(|t| t.contains("back-up van vandaag")).expect("the toast");
    assert!(toast.starts_with("De back-up van vandaag is niet gelukt:"), "{toast}");
    assert!(!toast.contains("cannot") && !toast.contains("File exists"), "no English: {toast}");
}

#[test]
fn the_reminder_settings_explain_a_damaged_file_in_dutch() {
    let home = tempfile::tempdir().expect("tempdir");
    let dir = feltsense::reminders::config_dir_in(home.path());
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join(feltsense::reminders::CONFIG_FILE), b"{ not json").expect("damage");
    let section = RemindersSection::with_paths(home.path().to_path_buf(), std::path::PathBuf::from("/bin/true"));
    let mut h = Harness::builder().with_size([900.0, 700.0]).build_ui_state(
        |ui, s: &mut RemindersSection| {
            // What the app's effects thread does, here between frames.
            for effect in s.ui(ui, Lang::Nl, None) {
                s.receive(effects::carry_out(effect));
                ui.ctx().request_repaint();
            }
        },
        section,
    );
    h.run_ok();
    assert!(h.query_by_label_contains("is geen geldig herinneringenbestand").is_some(), "the problem in Dutch");
    assert!(h.query_by_label_contains("is not a valid reminders file").is_none(), "no English");
    assert_eq!(std::fs::read(dir.join(feltsense::reminders::CONFIG_FILE)).expect("read"), b"{ not json");
}
