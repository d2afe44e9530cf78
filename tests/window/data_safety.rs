//! The window's side of data safety: one window per journal, the daily backup, and restoring a
//! backup when the journal is damaged, driven through accessible labels.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use feltsense::store::backup::{BackupKind, backup_now, list_backups};
use feltsense::store::{EntryFilter, Store};
use feltsense::ui::app::App;
use feltsense::ui::settings::Settings;

use crate::common;
use crate::harness::{self, Journal, window};

fn opened(path: &std::path::Path) -> Harness<'static, App> {
    harness(App::open_path(path.to_path_buf(), Settings::default(), &egui::Context::default()))
}

fn harness(app: App) -> Harness<'static, App> {
    // Background threads (opening, backups) and toasts ask for repaints while the harness runs.
    window(app.wait_for_worker(), [1280.0, 900.0], 32)
}

/// Steps until `done` holds (the journal opens on a background thread), then lets the frames
/// settle.
fn step_until(h: &mut Harness<'static, App>, what: &str, done: impl Fn(&Harness<'static, App>) -> bool) {
    harness::step_until(h, what, done);
    h.run();
}

/// A journal locked with `pass`, holding one entry.
fn locked_with_an_entry(pass: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("journal.sqlite");
    let key = feltsense::store::Passphrase::new(pass).expect("valid");
    let mut s = Store::open_with(&path, Some(&key)).expect("create locked");
    s.insert(&common::entry(0, 4, "stress")).expect("insert");
    (dir, path)
}

fn with_entries(n: i64) -> (tempfile::TempDir, std::path::PathBuf) {
    let j = Journal::with((0..n).map(|i| common::entry(i, 3, "stress")));
    (j.dir, j.path)
}

#[test]
fn a_second_window_on_the_same_journal_is_told_and_changes_nothing() {
    let (_dir, path) = with_entries(2);
    let mut first = opened(&path);
    step_until(&mut first, "the first window to open the journal", |h| h.query_by_label("Save").is_some());
    let mut second = opened(&path);
    step_until(&mut second, "the second window's message", |h| {
        h.query_by_label_contains("already open in another Feltsense window").is_some()
    });
    assert!(second.query_by_label("Quit").is_some());
    assert!(second.query_by_label("Try again").is_some());
    // The first window still works.
    first.get_by_label("Chest").click();
    first.run();
    first.get_by_label("Save").click();
    first.run();
    assert_eq!(Store::open_reader(&path).expect("read").count().expect("count"), 3);
}

#[test]
fn opening_a_journal_makes_todays_backup() {
    let (_dir, path) = with_entries(3);
    assert!(list_backups(&path).expect("list").is_empty());
    let mut h = opened(&path);
    step_until(&mut h, "the daily backup", |_| !list_backups(&path).map(|l| l.is_empty()).unwrap_or(true));
    let backups = list_backups(&path).expect("list");
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0].kind, BackupKind::Daily);
    assert_eq!(Store::open_reader(&backups[0].path).expect("backup").count().expect("count"), 3);
}

#[test]
fn a_damaged_journal_offers_its_backups_and_restores_one() {
    let (dir, path) = with_entries(400);
    {
        let s = Store::open(&path).expect("open");
        backup_now(&s, BackupKind::Manual).expect("backup");
        s.connection().execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;").expect("flush");
    }
    // Damage the journal (pages 2..4).
    let mut bytes = std::fs::read(&path).expect("read");
    for b in &mut bytes[4096..4 * 4096] {
        *b = 0x5a;
    }
    std::fs::write(&path, &bytes).expect("damage");

    let mut h = opened(&path);
    step_until(&mut h, "the failure screen with its backups", |h| h.query_by_label("Restore…").is_some());
    assert!(h.query_by_label("The journal could not be opened").is_some());
    assert!(h.query_by_label_contains("damaged").is_some());
    assert_eq!(std::fs::read(&path).expect("read"), bytes, "nothing was written to the damaged file");

    h.get_by_label("Restore…").click();
    h.run();
    h.get_by_label("Yes, restore this backup").click();
    h.run();
    step_until(&mut h, "the restored journal to open", |h| h.query_by_label("Save").is_some());
    let s = Store::open_reader(&path).expect("restored");
    assert_eq!(s.list(&EntryFilter::default()).expect("list").len(), 400);
    assert!(h.state().toasts.texts().iter().any(|t| t.contains("Backup restored")), "{:?}", h.state().toasts.texts());
    // The damaged file was kept aside, byte for byte, rather than lost.
    let kept: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .expect("backups")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("damaged"))
        .collect();
    assert_eq!(kept.len(), 1, "the damaged journal is set aside");
}

fn type_into(h: &mut Harness<'static, App>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

#[test]
fn a_locked_journal_asks_for_its_passphrase_and_a_wrong_one_changes_nothing() {
    use feltsense::store::Passphrase;
    let (_dir, path) = locked_with_an_entry("blue heron");
    let key = Passphrase::new("blue heron").expect("valid");
    let before = std::fs::read(&path).expect("read");

    let mut h = opened(&path);
    step_until(&mut h, "the passphrase form", |h| h.query_by_label("This journal is locked").is_some());
    assert!(h.query_by_label("Save").is_none(), "no view shows before it is unlocked");
    type_into(&mut h, "Passphrase", "grey heron");
    h.get_by_label("Unlock").click();
    step_until(&mut h, "the wrong-passphrase message", |h| {
        h.query_by_label_contains("does not unlock this journal").is_some()
    });
    assert_eq!(std::fs::read(&path).expect("read"), before, "a wrong passphrase never writes");

    type_into(&mut h, "Passphrase", "blue heron");
    h.get_by_label("Unlock").click();
    step_until(&mut h, "the journal to open", |h| h.state().generation() > 0);
    h.get_by_label("Chest").click();
    h.run();
    h.get_by_label("Save").click();
    h.run();
    let count = Store::open_reader_with(&path, Some(&key)).expect("open").count().expect("count");
    assert_eq!(count, 2, "toasts: {:?}", h.state().toasts.texts());
}

#[test]
fn settings_lock_the_journal_and_remove_the_lock_again() {
    use feltsense::store::Passphrase;
    use feltsense::store::cipher::{FileState, file_state};
    let (_dir, path) = with_entries(3);
    let mut h = opened(&path);
    step_until(&mut h, "the journal to open", |h| h.query_by_label("Save").is_some());
    h.get_by_label("Settings").click();
    h.run();
    h.get_by_label("Lock with a passphrase…").click();
    h.run();
    type_into(&mut h, "New passphrase", "amber field");
    type_into(&mut h, "The same again", "amber fielt");
    h.get_by_label("Lock the journal").click();
    h.run();
    assert!(h.query_by_label("The two new passphrases differ.").is_some());
    assert_eq!(file_state(&path).expect("state"), FileState::Plain, "a mismatch changes nothing");

    h.get_by_label("The same again").focus();
    h.key_press(egui::Key::Backspace);
    h.run();
    h.get_by_label("The same again").type_text("d");
    h.run();
    h.get_by_label("Lock the journal").click();
    step_until(&mut h, "the journal to be locked and open again", |h| {
        h.query_by_label_contains("This journal is locked: it and its backups").is_some()
    });
    assert_eq!(file_state(&path).expect("state"), FileState::Locked);
    let key = Passphrase::new("amber field").expect("valid");
    assert_eq!(Store::open_reader_with(&path, Some(&key)).expect("open").count().expect("count"), 3);
    assert!(list_backups(&path).expect("list").iter().all(|b| b.locked));

    // Remove the lock: the current passphrase is asked again.
    h.get_by_label("Remove lock…").click();
    h.run();
    type_into(&mut h, "Current passphrase", "amber field");
    h.get_by_label("Remove the lock").click();
    step_until(&mut h, "the journal to be unlocked", |h| {
        h.query_by_label_contains("This journal is not locked.").is_some()
    });
    assert_eq!(file_state(&path).expect("state"), FileState::Plain);
    assert_eq!(Store::open_reader(&path).expect("open").count().expect("count"), 3);
}

#[test]
fn a_backup_locked_with_another_passphrase_asks_for_it_and_the_journal_keeps_its_own() {
    use feltsense::store::Passphrase;
    let (dir, path) = locked_with_an_entry("journal key");
    let key = Passphrase::new("journal key").expect("valid");
    // A backup from the time the journal had another passphrase.
    let old_key = Passphrase::new("old key").expect("valid");
    let elsewhere = dir.path().join("old").join("journal.sqlite");
    let mut old = Store::open_with(&elsewhere, Some(&old_key)).expect("create old");
    for i in 0..4 {
        old.insert(&common::entry(i, 6, "joy")).expect("insert");
    }
    old.connection().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").expect("checkpoint");
    drop(old);
    std::fs::create_dir_all(dir.path().join("backups")).expect("backups folder");
    let backup = dir.path().join("backups").join("journal-2026-11-20T090000-manual.sqlite");
    std::fs::copy(&elsewhere, &backup).expect("copy");

    let mut h = opened(&path);
    step_until(&mut h, "the passphrase form", |h| h.query_by_label("This journal is locked").is_some());
    type_into(&mut h, "Passphrase", "journal key");
    h.get_by_label("Unlock").click();
    step_until(&mut h, "the journal to open", |h| h.state().generation() > 0);
    h.get_by_label("Settings").click();
    h.run();
    h.get_by_label("Show backups").click();
    h.run();
    assert!(h.query_by_label_contains("other passphrase").is_some(), "the list says it is locked differently");
    h.get_by_label("Restore…").click();
    h.run();
    h.get_by_label("Yes, restore this backup").click();
    step_until(&mut h, "the request for the backup's passphrase", |h| {
        h.query_by_label("Passphrase of the backup").is_some()
    });
    assert_eq!(Store::open_reader_with(&path, Some(&key)).expect("unchanged").count().expect("count"), 1);
    type_into(&mut h, "Passphrase of the backup", "old key");
    h.get_by_label("Restore").click();
    step_until(&mut h, "the outcome of the restore", |h| h.state().toasts.texts().len() >= 2);
    let texts: Vec<String> = h.state().toasts.texts().iter().map(|t| t.to_string()).collect();
    assert!(texts.iter().any(|t| t.contains("Backup restored")), "{texts:?}");
    let restored = Store::open_reader_with(&path, Some(&key)).expect("still opens with the journal's passphrase");
    assert_eq!(restored.count().expect("count"), 4, "{texts:?}");
    assert!(texts.iter().any(|t| t.contains(&dir.path().display().to_string())), "{texts:?}");
}

#[test]
fn an_app_built_around_an_open_journal_reopens_that_file_after_a_lock() {
    use feltsense::store::Passphrase;
    use feltsense::store::cipher::{FileState, file_state};
    // Locking reopens the journal; an app made with `App::with_store` must reopen the store's own
    // file, not the default journal of whoever runs the tests.
    let (_dir, path) = with_entries(2);
    let mut h = harness(App::with_store(Store::open(&path).expect("open"), Settings::default()));
    h.get_by_label("Settings").click();
    h.run();
    h.get_by_label("Lock with a passphrase…").click();
    h.run();
    type_into(&mut h, "New passphrase", "slate roof");
    type_into(&mut h, "The same again", "slate roof");
    h.get_by_label("Lock the journal").click();
    step_until(&mut h, "the journal to be locked and open again", |h| {
        h.query_by_label_contains("This journal is locked: it and its backups").is_some()
    });
    assert_eq!(file_state(&path).expect("state"), FileState::Locked);
    let key = Passphrase::new("slate roof").expect("valid");
    assert_eq!(Store::open_reader_with(&path, Some(&key)).expect("open").count().expect("count"), 2);
}
