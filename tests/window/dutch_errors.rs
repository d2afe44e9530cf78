//! Errors in Dutch: each flow starts in English, switches to Nederlands in Settings, and then meets
//! a full disk, a read-only journal, a damaged file or a file that cannot be imported. The window
//! must say so in Dutch (through the error types' `Describe`), not print the English text.
//!
//! A message the window keeps (the failure screen, the passphrase form, the import and export
//! lines, the toasts) is worded when it is drawn: the `..._follows_a_switch_to_dutch` flows let the
//! error arrive in English, switch to Nederlands, and expect the same line in Dutch.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use feltsense::model::{Describe, Lang};
use feltsense::store::{EntryFilter, Store, StoreError};
use feltsense::ui::app::App;
use feltsense::ui::effects;
use feltsense::ui::settings::Settings;
use feltsense::ui::views::ViewKind;
use feltsense::ui::views::settings::RemindersSection;

use crate::common;
use crate::harness::{self, Journal, shows, window};

/// A journal file with two entries.
fn journal() -> Journal {
    Journal::with((0..2).map(|i| common::entry(i, 3, "stress")))
}

fn harness(app: App) -> Harness<'static, App> {
    window(app, [1280.0, 900.0], 32)
}

/// Steps until `done` holds (background threads answer), then lets the frames settle as far as
/// they do.
fn step_until(h: &mut Harness<'static, App>, what: &str, done: impl Fn(&Harness<'static, App>) -> bool) {
    harness::step_until(h, what, done);
    h.run_ok();
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
    h.state().log.error.as_ref().expect("an error").text(h.state().settings.lang)
}

fn notes(path: &std::path::Path) -> usize {
    Store::open(path).expect("reopen").list(&EntryFilter::default()).expect("list").len()
}

/// Grows the journal, then overwrites pages 2–4 (as a failing disk would); returns the bytes now
/// in the file.
fn damage(path: &std::path::Path) -> Vec<u8> {
    {
        let mut s = Store::open(path).expect("open");
        let mut big = common::entry(5, 3, "stress");
        big.note = "x".repeat(19_000);
        s.insert(&big).expect("grow the file");
        s.connection().execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;").expect("flush");
    }
    let mut bytes = std::fs::read(path).expect("read");
    assert!(bytes.len() >= 4 * 4096, "the journal has pages to damage");
    for b in &mut bytes[4096..4 * 4096] {
        *b = 0x5a;
    }
    std::fs::write(path, &bytes).expect("damage");
    bytes
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
    let bytes = damage(&j.path);

    // The next start opens the damaged file, in Dutch.
    let mut h = harness(App::open_path(j.path.clone(), settings, &egui::Context::default()));
    step_until(&mut h, "the Dutch failure screen", |h| {
        h.query_by_label("Het dagboek kon niet worden geopend").is_some()
    });
    assert!(h.query_by_label_contains("is beschadigd").is_some(), "the damage is named in Dutch");
    assert!(h.query_by_label_contains("is damaged").is_none(), "no English on the Dutch screen");
    assert_no_engine_words(&h.state().toasts.texts().join(" "));
    for words in SQLITE_WORDS {
        assert!(!shows(&h, words), "SQLite's own words are not on the Dutch screen: {words}");
    }
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
    let err = h.state().files.import.found().and_then(|r| r.as_ref().err()).expect("an error").text(Lang::Nl);
    assert!(err.starts_with("meting 0 (id x), veld `at`: `yesterday` is geen RFC 3339-tijd"), "{err}");
    assert!(!err.contains("is not an RFC 3339 time"), "{err}");
    assert!(h.query_by_label_contains("Kan niet importeren; er is niets veranderd: meting 0").is_some());

    // A file that cannot be read at all.
    let missing = j.path.with_file_name("missing.json");
    h.get_by_label("Bestand").focus();
    h.run_ok();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Bestand").type_text(&missing.display().to_string());
    h.run_ok();
    h.get_by_label("Voorbeeld").click();
    step_until(&mut h, "the second error", |h| {
        h.state()
            .files
            .import
            .found()
            .is_some_and(|r| r.as_ref().is_err_and(|e| e.text(Lang::Nl).contains("missing.json")))
    });
    let err = h.state().files.import.found().and_then(|r| r.as_ref().err()).expect("an error").text(Lang::Nl);
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

#[test]
fn the_failure_screen_follows_a_switch_to_dutch() {
    let j = journal();
    let bytes = damage(&j.path);
    let mut h = harness(App::open_path(j.path.clone(), Settings::default(), &egui::Context::default()));
    step_until(&mut h, "the failure screen", |h| h.query_by_label("The journal could not be opened").is_some());
    assert!(shows(&h, "is damaged"), "the damage is named in English first");

    // The failure screen holds Settings too: the person switches there.
    h.get_by_label("Nederlands").click();
    h.run_ok();
    assert!(h.query_by_label("Het dagboek kon niet worden geopend").is_some());
    assert!(shows(&h, "is beschadigd"), "the kept message is worded again, in Dutch");
    assert!(!shows(&h, "is damaged"), "no English left on the Dutch screen");
    assert_eq!(std::fs::read(&j.path).expect("read"), bytes, "nothing was written to the damaged file");
}

#[test]
fn the_passphrase_errors_follow_a_switch_to_dutch() {
    let j = journal();
    // A file where the backups folder should be: the backup taken before locking cannot be made.
    std::fs::write(j.path.with_file_name("backups"), b"not a folder").expect("block the backups folder");
    let mut h = harness(App::open_path(j.path.clone(), Settings::default(), &egui::Context::default()));
    h.get_by_label("Settings").click();
    step_until(&mut h, "the lock section", |h| h.query_by_label("Lock with a passphrase…").is_some());
    h.get_by_label("Lock with a passphrase…").click();
    h.run_ok();
    let type_into = |h: &mut Harness<'static, App>, label: &str, text: &str| {
        h.get_by_label(label).focus();
        h.run_ok();
        h.key_press_modifiers(Modifiers::COMMAND, Key::A);
        h.get_by_label(label).type_text(text);
        h.run_ok();
    };

    // The form refuses two different passphrases, in English ...
    type_into(&mut h, "New passphrase", "river stone");
    type_into(&mut h, "The same again", "river stones");
    h.get_by_label("Lock the journal").click();
    h.run_ok();
    assert!(shows(&h, "The two new passphrases differ."));
    // ... and says it in Dutch after the switch.
    h.get_by_label("Nederlands").click();
    h.run_ok();
    assert!(shows(&h, "De twee nieuwe wachtwoorden verschillen."));
    assert!(!shows(&h, "The two new passphrases differ."));

    // Back in English, the change itself fails (no backup can be made): the worker's answer.
    h.get_by_label("English").click();
    h.run_ok();
    type_into(&mut h, "The same again", "river stone");
    h.get_by_label("Lock the journal").click();
    step_until(&mut h, "the failed change", |h| {
        h.state().toasts.texts().iter().any(|t| t.contains("backups")) && h.query_by_label("Lock the journal").is_some()
    });
    let english: Vec<String> = h.state().toasts.texts();
    let failure = english.iter().find(|t| t.contains("backups")).expect("the failure").clone();
    assert!(shows(&h, &failure), "the form shows why: {failure}");

    h.get_by_label("Nederlands").click();
    h.run_ok();
    assert!(!shows(&h, &failure), "the English text is gone: {failure}");
    let dutch = h.state().toasts.texts();
    assert!(dutch.iter().all(|t| t != &failure), "the toast is worded again: {dutch:?}");
    let failure_nl = dutch.iter().find(|t| t.contains("backups")).expect("the failure in Dutch");
    assert!(failure_nl.contains("is geen map") || failure_nl.contains("bestaat al"), "{failure_nl}");
    assert!(shows(&h, failure_nl), "the form shows it in Dutch: {failure_nl}");
    let stored = Store::open(&j.path).expect("still opens without a passphrase");
    assert_eq!(stored.list(&EntryFilter::default()).expect("list").len(), 2, "the journal was not changed");
}

/// Opens Export & import → Import, types `file` and asks for the preview.
fn preview_import(h: &mut Harness<'static, App>, file: &std::path::Path, lang: Lang) {
    h.state_mut().view = ViewKind::Share;
    h.run_ok();
    h.get_by_label(lang.pick("Import", "Importeren")).click();
    h.run_ok();
    let field = lang.pick("File", "Bestand");
    h.get_by_label(field).focus();
    h.run_ok();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label(field).type_text(&file.display().to_string());
    h.run_ok();
    h.get_by_label(lang.pick("Preview", "Voorbeeld")).click();
}

#[test]
fn the_import_errors_follow_a_switch_to_dutch() {
    let j = journal();
    let bad = j.path.with_file_name("bad.json");
    std::fs::write(&bad, br#"{"format":"feltsense-journal","version":1,"entries":[{"id":"x","at":"yesterday"}]}"#)
        .expect("write");
    let store = Store::open(&j.path).expect("open");
    let mut h = harness(App::with_store(store, Settings::default()));
    h.run_ok();
    preview_import(&mut h, &bad, Lang::En);
    step_until(&mut h, "the preview's error", |h| h.state().files.import.found().is_some_and(Result::is_err));
    assert!(shows(&h, "Cannot import; nothing was changed: entry 0 (id x), field `at`"));
    switch_to_dutch(&mut h);
    h.state_mut().view = ViewKind::Share;
    h.run_ok();
    assert!(shows(&h, "Kan niet importeren; er is niets veranderd: meting 0 (id x), veld `at`"));
    assert!(!shows(&h, "is not an RFC 3339 time"), "no English left");
}

#[test]
fn a_failed_import_follows_a_switch_to_dutch() {
    let j = journal();
    let good = j.path.with_file_name("good.json");
    let entries = vec![common::entry(40, 5, "joy"), common::entry(41, 2, "calm")];
    std::fs::write(&good, feltsense::export::json::to_string(&entries)).expect("write");
    let store = Store::open(&j.path).expect("open");
    // The journal cannot be written: the import fails in the worker.
    store.connection().pragma_update(None, "query_only", true).expect("read-only");
    let mut h = harness(App::with_store(store, Settings::default()));
    h.run_ok();
    preview_import(&mut h, &good, Lang::En);
    step_until(&mut h, "the preview", |h| h.query_by_label("Import 2 entries").is_some());
    h.get_by_label("Import 2 entries").click();
    step_until(&mut h, "the failed import", |h| shows(h, "Import failed; nothing was changed:"));
    assert!(shows(&h, "Import failed; nothing was changed: the journal is read-only"));
    switch_to_dutch(&mut h);
    h.state_mut().view = ViewKind::Share;
    h.run_ok();
    assert!(shows(&h, "Importeren mislukt; er is niets veranderd: het dagboek is alleen-lezen"));
    assert!(!shows(&h, "Import failed"), "no English left");
    assert!(
        h.state().toasts.texts().iter().any(|t| t.starts_with("het dagboek is alleen-lezen")),
        "the toast too: {:?}",
        h.state().toasts.texts()
    );
    assert_eq!(notes(&j.path), 2, "nothing was imported");
}

#[test]
fn a_failed_export_follows_a_switch_to_dutch() {
    let j = journal();
    // A file where the export's folder should be.
    let blocker = j.path.with_file_name("not-a-folder");
    std::fs::write(&blocker, b"a file").expect("write");
    let store = Store::open(&j.path).expect("open");
    let mut h = harness(App::with_store(store, Settings::default()));
    h.run_ok();
    h.state_mut().view = ViewKind::Share;
    h.run_ok();
    h.get_by_label("Feltsense JSON (complete copy)").click();
    h.run_ok();
    h.state_mut().files.export.set_path(&blocker.join("copy.json"));
    step_until(&mut h, "the entries to load", |h| h.state().files.export.is_loaded());
    h.get_by_label("Start export").click();
    step_until(&mut h, "the failed export", |h| h.state().files.export.last_result().is_some_and(Result::is_err));
    assert!(shows(&h, "Export failed; no file was written:"));
    let english = h.state().files.export.last_result().and_then(|r| r.as_ref().err()).expect("error").text(Lang::En);
    switch_to_dutch(&mut h);
    h.state_mut().view = ViewKind::Share;
    h.run_ok();
    assert!(shows(&h, "Exporteren mislukt; er is geen bestand geschreven:"));
    assert!(!shows(&h, "Export failed"), "no English left");
    assert!(!shows(&h, &english), "the reason is worded again too: {english}");
    assert!(!blocker.join("copy.json").exists());
}

/// SQLite's own (English) wording of the cases the Dutch texts cover.
const SQLITE_WORDS: [&str; 10] = [
    "malformed",
    "file is not a database",
    "readonly database",
    "database or disk is full",
    "database is locked",
    "database table is locked",
    "unable to open",
    "constraint failed",
    "disk I/O error",
    "*** in database",
];

/// The CSV reader's own (English) wording.
const CSV_WORDS: [&str; 3] = ["invalid utf-8", "invalid UTF-8", "near byte index"];

/// serde_json's own (English) wording.
const SERDE_WORDS: [&str; 8] = [
    "EOF while parsing",
    "expected",
    "invalid type",
    "missing field",
    "trailing",
    "at line",
    "column",
    "unknown variant",
];

/// A Dutch message holds none of SQLite's or serde_json's English words.
fn assert_no_engine_words(dutch: &str) {
    for words in SQLITE_WORDS.iter().chain(&SERDE_WORDS).chain(&CSV_WORDS) {
        assert!(!dutch.contains(words), "English `{words}` in the Dutch text: {dutch}");
    }
}

/// The error's English and Dutch texts: the English one keeps SQLite's or serde's words (checked
/// with `english_has`), the Dutch one has none of them and says `dutch_has`.
fn check_both(e: &dyn Describe, english_has: &str, dutch_has: &str) {
    let (en, nl) = (e.describe(Lang::En), e.describe(Lang::Nl));
    assert!(en.contains(english_has), "English: {en}");
    assert!(nl.contains(dutch_has), "Dutch: {nl}");
    assert_no_engine_words(&nl);
}

#[test]
fn a_damaged_journal_file_is_described_without_sqlites_english() {
    let j = journal();
    damage(&j.path);
    let err = Store::open(&j.path).map(|_| ()).expect_err("a damaged file does not open");
    // SQLite's integrity check lists what it found, in English; the Dutch text counts it.
    check_both(&err, "*** in database main ***", "is beschadigd (de controle van SQLite vond een fout in de opbouw");
    assert!(!err.describe(Lang::Nl).contains("SQLite:"), "a mapped case keeps no English detail");
}

#[test]
fn a_file_that_is_not_a_database_is_described_without_sqlites_english() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("journal.sqlite");
    std::fs::write(&path, "Dear diary, today I felt fine. ".repeat(200)).expect("write");
    let err = Store::open(&path).map(|_| ()).expect_err("a text file is not a journal");
    check_both(&err, "file is not a database", "is geen Feltsense-dagboek (het bestand is geen database");
}

#[test]
fn a_read_only_journal_is_described_without_sqlites_english() {
    let j = journal();
    let mut store = Store::open(&j.path).expect("open");
    store.connection().pragma_update(None, "query_only", true).expect("read-only");
    let err = store.insert(&common::entry(9, 2, "calm")).map(|_| ()).expect_err("read-only");
    check_both(
        &err,
        "readonly database",
        "het dagboek is alleen-lezen, dus er is niets bewaard (de database mag alleen",
    );
}

#[test]
fn sqlites_own_errors_are_put_into_dutch_by_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("db.sqlite");
    let a = rusqlite::Connection::open(&path).expect("open");
    a.execute_batch("CREATE TABLE t (x UNIQUE); INSERT INTO t VALUES (1);").expect("table");

    // Another program holds the write lock.
    let b = rusqlite::Connection::open(&path).expect("open");
    b.execute_batch("BEGIN EXCLUSIVE").expect("lock");
    let busy = a.execute("INSERT INTO t VALUES (2)", []).expect_err("busy");
    check_both(&busy, "database is locked", "de database is bezet door een ander programma");
    b.execute_batch("ROLLBACK").expect("unlock");

    let twice = a.execute("INSERT INTO t VALUES (1)", []).expect_err("unique");
    check_both(&twice, "UNIQUE constraint failed", "een waarde voldoet niet aan een regel van de database");

    let missing = rusqlite::Connection::open_with_flags(
        dir.path().join("missing.sqlite"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect_err("no such file");
    check_both(&missing, "unable to open", "het databasebestand kan niet worden geopend");

    let full = {
        let c = rusqlite::Connection::open(dir.path().join("full.sqlite")).expect("open");
        c.execute_batch("CREATE TABLE t (x); PRAGMA max_page_count = 2;").expect("limit");
        c.execute("INSERT INTO t VALUES (?1)", ["x".repeat(20_000)]).expect_err("full")
    };
    check_both(&full, "database or disk is full", "de database of de schijf is vol");

    // Inside the store's own sentence too.
    check_both(&StoreError::Sqlite(twice), "database error", "databasefout: een waarde voldoet niet");
}

#[test]
fn a_damaged_backup_is_described_without_sqlites_english() {
    let j = journal();
    let backup = j.path.with_file_name("old-backup.sqlite");
    std::fs::copy(&j.path, &backup).expect("copy");
    damage(&backup);
    let err = feltsense::store::backup::restore(&j.path, &backup).map(|_| ()).expect_err("damaged");
    check_both(&err, "malformed", "kan niet worden teruggezet: het is beschadigd (het databasebestand is beschadigd)");
    assert_eq!(notes(&j.path), 2, "the journal was not changed");
}

#[test]
fn serde_jsons_errors_are_put_into_dutch_with_line_and_column() {
    // A truncated file (end of input), a syntax error and a value of the wrong kind.
    let truncated =
        feltsense::export::json::parse(b"{\n  \"format\": \"feltsense-journal\",\n  \"entr").expect_err("truncated");
    check_both(&truncated, "EOF while parsing", "de tekst houdt halverwege op (regel 3, kolom 7)");
    let syntax = feltsense::export::json::parse(b"{\"format\" \"feltsense-journal\"}").expect_err("syntax");
    check_both(&syntax, "expected `:`", "een teken dat daar niet hoort, op regel 1, kolom 11");

    let home = tempfile::tempdir().expect("tempdir");
    let dir = feltsense::reminders::config_dir_in(home.path());
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join(feltsense::reminders::CONFIG_FILE), "{\"times\": 5}").expect("write");
    let (_, problem) = feltsense::reminders::ReminderConfig::load_or_default(&dir);
    let problem = problem.expect("a problem");
    check_both(&problem, "invalid type", "een waarde heeft niet de vorm die hier hoort (regel 1, kolom 11)");
    std::fs::write(dir.join(feltsense::reminders::CONFIG_FILE), "{\"times\": [").expect("write");
    let (_, problem) = feltsense::reminders::ReminderConfig::load_or_default(&dir);
    check_both(&problem.expect("a problem"), "EOF while parsing", "de tekst houdt halverwege op (regel 1, kolom 11)");
}

#[test]
fn a_csv_that_is_not_utf8_is_described_without_the_readers_english() {
    // A spreadsheet saved as Latin-1: "café" with a single byte 0xE9.
    let bytes = b"when,note\n2026-01-01 08:00,caf\xe9\n";
    let err = feltsense::export::generic_csv::sniff(bytes).map(|_| ()).expect_err("not UTF-8");
    check_both(&err, "invalid utf-8", "veld 2 is geen geldige UTF-8-tekst");
}

#[test]
fn a_value_the_journal_cannot_hold_is_named_in_dutch() {
    let j = journal();
    let store = Store::open(&j.path).expect("open");
    // Another tool wrote a time Feltsense cannot read.
    store.connection().execute("UPDATE entries SET at = 'yesterday'", []).expect("edit by hand");
    let err = store.list(&EntryFilter::default()).map(|_| ()).expect_err("unreadable row");
    check_both(&err, "time `yesterday`", "het dagboek bevat een waarde die Feltsense niet kan lezen: meting");
    let nl = err.describe(Lang::Nl);
    assert!(nl.contains(": tijd `yesterday`") && !nl.contains("entry"), "{nl}");
}
