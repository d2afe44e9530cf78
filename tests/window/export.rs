//! The "Export & import" view, driven through accessible labels on a real journal file.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use feltsense::model::{Entry, Lang, Region};
use feltsense::ui::app::App;
use feltsense::ui::settings::Settings;
use feltsense::ui::views::ViewKind;

use crate::common::{self, entry};
use crate::harness::{Journal, app, window};

/// Five entries; "today" is 2026-11-20. In the last 4 weeks (2026-10-24 – 2026-11-20) there are
/// four entries on three days (11-20, 11-19 twice, 11-10); one more on 10-11 falls in the
/// previous period.
fn journal() -> Journal {
    let mut e = entry(0, 6, "anxiety");
    e.note = "Deadline at work".into();
    Journal::with([
        e,
        entry(-20, 4, "anger"),
        entry(-24, 5, "anxiety"),
        entry(-240, 3, "sadness"),
        entry(-960, 2, "anxiety"),
    ])
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).expect("date")
}

fn harness(j: &Journal) -> Harness<'static, App> {
    let mut app = app(j, Settings::default());
    app.view = ViewKind::Share;
    app.files.export.today = Some(today());
    window(app, [1280.0, 1400.0], 12)
}

/// Steps the harness until `done` holds (background threads finish), at most 30 s.
fn wait_until(h: &mut Harness<'static, App>, what: &str, mut done: impl FnMut(&mut Harness<'static, App>) -> bool) {
    let start = Instant::now();
    loop {
        h.step();
        if done(h) {
            h.run_steps(3);
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}; toasts: {:?}",
            h.state().toasts.texts()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn has_label(h: &Harness<'static, App>, label: &str) -> bool {
    h.query_by_label(label).is_some()
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    common::mode(p)
}

#[test]
fn page_one_preview_shows_the_journal_numbers_and_a_pdf_is_written_with_the_name() {
    let j = journal();
    let mut h = harness(&j);
    h.run_steps(3);
    h.get_by_label("Last 4 weeks").click();
    h.run_steps(3);
    // Three days with entries (11-20, 11-19, 11-10) of the 28 days 2026-10-24 – 2026-11-20.
    wait_until(&mut h, "the page-1 preview", |h| has_label(h, "Days logged: 3 of 28 days"));
    assert!(has_label(&h, "Period: 24 Oct – 20 Nov 2026"), "dates as the PDF writes them");
    // Four check-ins in the period, one (10-11) in the previous four weeks.
    assert!(has_label(&h, "Check-ins: 4 (previous period: 1)"));
    assert!(has_label(&h, "These are associations, not proof of cause."));

    h.get_by_label("Include name").click();
    h.run_steps(3);
    h.get_by_label("Name").focus();
    h.run_steps(3);
    h.get_by_label("Name").type_text("Anna de Vries");
    h.run_steps(3);
    let target = j.dir.path().join("out").join("report.pdf");
    std::fs::create_dir(j.dir.path().join("out")).expect("mkdir");
    h.state_mut().files.export.set_path(&target);
    h.run_steps(3);
    h.get_by_label("Start export").click();
    wait_until(&mut h, "the PDF", |h| h.state().files.export.last_result().is_some());
    let result = h.state().files.export.last_result().cloned();
    assert_eq!(result, Some(Ok(vec![target.clone()])));
    let bytes = std::fs::read(&target).expect("the PDF exists");
    assert!(bytes.starts_with(b"%PDF"));
    #[cfg(unix)]
    assert_eq!(mode(&target), 0o600);
    let out = std::process::Command::new("pdftotext").arg(&target).arg("-").output().expect("pdftotext runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Anna de Vries"), "{text}");
    assert!(text.contains("Deadline at work"), "notes are included by default");
    assert!(has_label(&h, "Open folder"));
}

#[test]
fn csv_tables_are_written_and_read_back() {
    let j = journal();
    let mut h = harness(&j);
    h.run_steps(3);
    h.get_by_label("CSV tables (spreadsheet)").click();
    h.run_steps(3);
    h.get_by_label("Last 4 weeks").click();
    h.run_steps(3);
    h.get_by_label("Include notes").click();
    h.run_steps(3);
    h.state_mut().files.export.set_path(&j.dir.path().join("fs"));
    h.run_steps(3);
    wait_until(&mut h, "the entries to load", |h| h.state().files.export.is_loaded());
    h.get_by_label("Start export").click();
    wait_until(&mut h, "the CSV files", |h| h.state().files.export.last_result().is_some());
    let tensions = j.dir.path().join("fs-tensions.csv");
    let entries = j.dir.path().join("fs-entries.csv");
    assert_eq!(h.state().files.export.last_result().cloned(), Some(Ok(vec![tensions.clone(), entries.clone()])));

    let read = |p: &Path| -> Vec<Vec<String>> {
        let bytes = std::fs::read(p).expect("csv exists");
        let body = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
        csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(body)
            .records()
            .map(|r| r.expect("record").iter().map(str::to_owned).collect())
            .collect()
    };
    // One neck rating per entry in the period: levels 6, 4, 5, 3 (oldest first: 3, 5, 4, 6).
    let rows = read(&tensions);
    assert_eq!(rows.len(), 4);
    let mut levels: Vec<&str> = rows.iter().map(|r| r[7].as_str()).collect();
    levels.sort_unstable();
    assert_eq!(levels, ["3", "4", "5", "6"]);
    assert!(rows.iter().all(|r| r[3] == Region::Neck.code()));
    let rows = read(&entries);
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| !r.iter().any(|c| c.contains("Deadline"))), "notes were left out");
    #[cfg(unix)]
    assert_eq!(mode(&tensions), 0o600);
}

#[test]
fn a_daylio_import_is_previewed_imported_and_undone() {
    let j = journal();
    let before = j.saved_oldest_first();
    let mut h = harness(&j);
    h.run_steps(3);
    h.get_by_label("Import").click();
    h.run_steps(3);
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/daylio_new.csv");
    h.get_by_label("File").focus();
    h.run_steps(3);
    h.get_by_label("File").type_text(&file.display().to_string());
    h.run_steps(3);
    h.get_by_label("Daylio CSV export").click();
    h.run_steps(3);
    h.get_by_label("Preview").click();
    // Nine data lines: a blank line and `,,,,,,,` are empty, one 9:40 PM row repeats: 6 entries.
    wait_until(&mut h, "the preview", |h| has_label(h, "Entries in the file: 6"));
    assert!(has_label(&h, "Rows skipped: 2"), "the empty row and the duplicate");
    assert_eq!(j.saved_oldest_first().len(), 5, "a preview writes nothing");

    h.get_by_label("Import 6 entries").click();
    h.run_steps(3);
    let after = j.saved_oldest_first();
    assert_eq!(after.len(), 5 + 6);
    let uids = h.state().files.import.last_import.clone().expect("undo is offered");
    assert_eq!(uids.len(), 6);

    h.get_by_label("Undo import").click();
    h.run_steps(3);
    let undone = j.saved_oldest_first();
    assert_eq!(undone.len(), 5);
    let uid_list = |v: &[Entry]| v.iter().map(|e| e.uid.clone()).collect::<Vec<_>>();
    assert_eq!(uid_list(&undone), uid_list(&before));
    assert!(h.state().files.import.last_import.is_none());
}

/// A Daylio import can be cancelled like a Feltsense file's, in English and Dutch: it shows how
/// far it is and Cancel, and a cancel leaves the journal exactly as it was. Another program holds
/// the journal's write lock meanwhile, so the worker waits (well within SQLite's busy timeout)
/// inside the import until the test lets it go on.
#[test]
fn a_cancelled_daylio_import_leaves_the_journal_as_it_was() {
    struct Words {
        tab: &'static str,
        file: &'static str,
        daylio: &'static str,
        preview: &'static str,
        found: &'static str,
        import: &'static str,
        progress: &'static str,
        cancel: &'static str,
        cancelling: &'static str,
        cancelled: &'static str,
        undo: &'static str,
    }
    let en = Words {
        tab: "Import",
        file: "File",
        daylio: "Daylio CSV export",
        preview: "Preview",
        found: "Entries in the file: 6",
        import: "Import 6 entries",
        progress: "0 of 6 entries",
        cancel: "Cancel",
        cancelling: "Cancelling…",
        cancelled: "Import cancelled; nothing was imported.",
        undo: "Undo import",
    };
    let nl = Words {
        tab: "Importeren",
        file: "Bestand",
        daylio: "Daylio CSV-export",
        preview: "Voorbeeld",
        found: "Metingen in het bestand: 6",
        import: "Importeer 6 metingen",
        progress: "0 van 6 metingen",
        cancel: "Annuleren",
        cancelling: "Bezig met afbreken…",
        cancelled: "Importeren afgebroken; er is niets geïmporteerd.",
        undo: "Import ongedaan maken",
    };
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/daylio_new.csv");
    for (lang, w) in [(Lang::En, en), (Lang::Nl, nl)] {
        let j = journal();
        let before = j.saved_oldest_first();
        // Frames that do not wait for the journal worker (it is held up on purpose).
        let mut app = App::with_store(j.store(), Settings { lang, ..Settings::default() });
        app.view = ViewKind::Share;
        app.files.export.today = Some(today());
        let mut h = window(app, [1280.0, 1400.0], 12);
        wait_until(&mut h, "the journal", |h| h.state().files.export.is_loaded());
        h.get_by_label(w.tab).click();
        h.run_steps(3);
        h.get_by_label(w.file).focus();
        h.run_steps(3);
        h.get_by_label(w.file).type_text(&file.display().to_string());
        h.run_steps(3);
        h.get_by_label(w.daylio).click();
        h.run_steps(3);
        h.get_by_label(w.preview).click();
        wait_until(&mut h, "the preview", |h| has_label(h, w.found));

        let other = rusqlite::Connection::open(&j.path).expect("open");
        other.execute_batch("BEGIN IMMEDIATE").expect("the write lock");
        h.get_by_label(w.import).click();
        wait_until(&mut h, "the progress", |h| has_label(h, w.progress));
        assert!(h.state().files.import.is_importing());
        h.get_by_label(w.cancel).click();
        h.run_steps(2);
        assert!(has_label(&h, w.cancelling));
        other.execute_batch("ROLLBACK").expect("let go");
        wait_until(&mut h, "the import to stop", |h| !h.state().files.import.is_importing());
        assert!(has_label(&h, w.cancelled), "{lang:?}");
        assert!(!has_label(&h, w.undo));
        assert!(h.state().toasts.texts().is_empty(), "no error toast: {:?}", h.state().toasts.texts());
        assert_eq!(j.saved_oldest_first(), before, "the journal is as it was");
    }
}

#[test]
fn an_invalid_json_file_shows_an_error_and_changes_nothing() {
    let j = journal();
    let bad = j.dir.path().join("bad.json");
    std::fs::write(&bad, br#"{"format":"feltsense-journal","version":1,"entries":[{"id":"x","at":"yesterday"}]}"#)
        .expect("write");
    let mut h = harness(&j);
    h.run_steps(3);
    h.get_by_label("Import").click();
    h.run_steps(3);
    h.get_by_label("File").focus();
    h.run_steps(3);
    h.get_by_label("File").type_text(&bad.display().to_string());
    h.run_steps(3);
    h.get_by_label("Preview").click();
    wait_until(&mut h, "the error", |h| h.state().files.import.found().is_some_and(Result::is_err));
    let err = h.state().files.import.found().and_then(|r| r.as_ref().err()).expect("an error").text(Lang::En);
    assert!(err.contains("entry 0") && err.contains("`at`"), "{err}");
    assert!(h.query_by_label_contains("Cannot import; nothing was changed").is_some());
    assert!(h.query_by_label_contains("Import 0").is_none());
    assert_eq!(j.saved_oldest_first().len(), 5);
}

#[test]
fn fhir_preview_counts_the_resources_and_the_bundle_is_written_with_the_report() {
    let j = journal();
    let mut h = harness(&j);
    h.run_steps(3);
    h.get_by_label("FHIR R4 (for a care provider's record system)").click();
    h.run_steps(3);
    h.get_by_label("Last 4 weeks").click();
    h.run_steps(3);
    // Four check-ins in the period, each rating the neck and one emotion.
    let observations =
        "Observation: 12 (4 check-ins and entries, 4 tension per region, 4 emotions, 0 signals, 0 practices)";
    wait_until(&mut h, "the FHIR preview", |h| has_label(h, observations));
    assert!(has_label(&h, "Patient: 1"));
    assert!(!has_label(&h, "DocumentReference: 1"));
    h.get_by_label("Attach the PDF report (same period)").click();
    h.run_steps(3);
    wait_until(&mut h, "the report in the preview", |h| has_label(h, "DocumentReference: 1"));
    h.get_by_label("Everything").click();
    h.run_steps(3);
    wait_until(&mut h, "the preview of everything", |h| {
        has_label(
            h,
            "Observation: 15 (5 check-ins and entries, 5 tension per region, 5 emotions, 0 signals, 0 practices)",
        )
    });
    h.get_by_label("Last 4 weeks").click();
    h.run_steps(3);

    h.get_by_label("Include name").click();
    h.run_steps(3);
    h.get_by_label("Name").focus();
    h.run_steps(3);
    h.get_by_label("Name").type_text("Anna de Vries");
    h.run_steps(3);
    let target = j.dir.path().join("visit.fhir.json");
    h.state_mut().files.export.set_path(&target);
    h.run_steps(3);
    wait_until(&mut h, "the entries to load", |h| h.state().files.export.is_loaded());
    h.get_by_label("Start export").click();
    wait_until(&mut h, "the bundle", |h| h.state().files.export.last_result().is_some());
    assert_eq!(h.state().files.export.last_result().cloned(), Some(Ok(vec![target.clone()])));
    #[cfg(unix)]
    assert_eq!(mode(&target), 0o600);
    let bundle: serde_json::Value = serde_json::from_slice(&std::fs::read(&target).expect("bundle")).expect("JSON");
    assert_eq!(bundle["resourceType"], "Bundle");
    let resources: Vec<&serde_json::Value> =
        bundle["entry"].as_array().expect("entries").iter().map(|e| &e["resource"]).collect();
    assert_eq!(resources.len(), 1 + 12 + 1, "what the preview said");
    assert_eq!(resources[0]["name"][0]["text"], "Anna de Vries");
    assert!(resources.iter().any(|r| r["note"][0]["text"] == "Deadline at work"), "notes are included by default");
    let doc = resources.iter().find(|r| r["resourceType"] == "DocumentReference").expect("the report");
    let pdf = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        doc["content"][0]["attachment"]["data"].as_str().expect("data"),
    )
    .expect("base64");
    assert!(pdf.starts_with(b"%PDF"));
    assert_eq!(doc["context"]["period"]["start"], "2026-10-24");
    assert_eq!(doc["context"]["period"]["end"], "2026-11-20");
}

/// A named pipe at `path`: whoever opens it to read waits until something writes into it.
#[cfg(unix)]
fn fifo(path: &Path) {
    let made = std::process::Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

/// Writes `bytes` into the pipe at `path` once something opens it to read (on a thread: the
/// open waits for the reader).
#[cfg(unix)]
fn feed(path: &Path, bytes: Vec<u8>) {
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        use std::io::Write;
        // The reader may stop early (a cancelled import): a broken pipe is expected then.
        if let Ok(mut pipe) = std::fs::OpenOptions::new().write(true).open(&path) {
            pipe.write_all(&bytes).ok();
        }
    });
}

/// Opens the pipe to write without waiting, when dropped: a reader still waiting on it goes on.
#[cfg(unix)]
struct Unblock(std::path::PathBuf);

#[cfg(unix)]
impl Drop for Unblock {
    fn drop(&mut self) {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: fails at once when nobody reads.
        std::fs::OpenOptions::new().write(true).custom_flags(0o4000).open(&self.0).ok();
    }
}

/// A cancelled import leaves no entry, a cancelled export no file. The work is held up where
/// it reads a named pipe, so the test decides when it goes on: the import's own file (the
/// journal worker waits to open it), and for the export an import preview of the pipe ahead
/// of it on the effects thread.
#[cfg(unix)]
#[test]
fn a_cancelled_import_leaves_no_entry_and_a_cancelled_export_no_file() {
    let j = journal();
    let pipe = j.dir.path().join("pipe.json");
    fifo(&pipe);
    let file: Vec<Entry> = (0..3)
        .map(|i| {
            let mut e = entry(-i, 5, "anxiety");
            e.uid = format!("from-the-file-{i}");
            e
        })
        .collect();
    let mut bytes = Vec::new();
    feltsense::export::json::write(&file, &mut bytes).expect("json");

    // Frames that do not wait for the background threads (they are held up on purpose).
    let mut app = App::with_store(j.store(), Settings::default());
    app.view = ViewKind::Share;
    app.files.export.today = Some(today());
    let mut h = window(app, [1280.0, 1400.0], 12);
    wait_until(&mut h, "the journal", |h| h.state().files.export.is_loaded());
    h.get_by_label("Import").click();
    h.run_steps(3);
    h.get_by_label("File").focus();
    h.run_steps(3);
    h.get_by_label("File").type_text(&pipe.display().to_string());
    h.run_steps(3);
    // The writers are not joined: one whose reader never comes (a failure) must not hang the test.
    feed(&pipe, bytes.clone());
    h.get_by_label("Preview").click();
    wait_until(&mut h, "the preview", |h| has_label(h, "Entries in the file: 3"));

    // The worker waits to open the file again; after half a second the form shows how far the
    // import is and offers Cancel.
    // Should the test fail, a worker or effects thread left waiting on the pipe is let go first.
    let _unblock = Unblock(pipe.clone());
    h.get_by_label("Import 3 entries").click();
    wait_until(&mut h, "the progress", |h| has_label(h, "0 of 3 entries"));
    assert!(h.state().files.import.is_importing());
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(has_label(&h, "Cancelling…"));
    feed(&pipe, bytes.clone());
    wait_until(&mut h, "the import to stop", |h| !h.state().files.import.is_importing());
    assert!(has_label(&h, "Import cancelled; nothing was imported."));
    assert!(!has_label(&h, "Undo import"));
    assert_eq!(j.saved_oldest_first().len(), 5, "no entry of the file was kept");
    assert!(h.state().toasts.texts().iter().all(|t| !t.contains("cancelled")), "no error toast");

    // The effects thread waits on a preview of the pipe; the export is queued behind it.
    h.get_by_label("Preview").click();
    h.run_steps(3);
    assert!(h.state().files.import.is_busy());
    h.get_by_label("Export").click();
    h.run_steps(3);
    h.get_by_label("Feltsense JSON (complete copy)").click();
    h.run_steps(3);
    let out = j.dir.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    let target = out.join("journal.json");
    h.state_mut().files.export.set_path(&target);
    h.run_steps(3);
    wait_until(&mut h, "the entries to load", |h| h.state().files.export.is_loaded());
    h.get_by_label("Start export").click();
    wait_until(&mut h, "the export's Cancel", |h| has_label(h, "Cancel"));
    assert!(h.state().files.export.is_running());
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    feed(&pipe, bytes);
    wait_until(&mut h, "the export to stop", |h| !h.state().files.export.is_running());
    assert!(h.state().files.export.was_cancelled());
    assert!(has_label(&h, "Export cancelled; no file was written."));
    assert_eq!(h.state().files.export.last_result(), None);
    assert_eq!(std::fs::read_dir(&out).expect("dir").count(), 0, "no file, no temporary file");
}
