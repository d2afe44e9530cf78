//! Copies in a folder (issue 24): two journals in two data folders sharing one folder, restore on
//! a new computer, and everything the folder can hold that must lose nothing (a cut-off or
//! garbage file, a sync tool's conflict copy, a newer format, another passphrase, a folder that
//! disappears, a writer killed with SIGKILL).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use feltsense::model::{Describe, Entry, Lang};
use feltsense::store::instance::acquire_window_lock;
use feltsense::store::sync::folder::{Kind, kind_of};
use feltsense::store::sync::{self, SyncError, state};
use feltsense::store::{EntryFilter, Passphrase, Store};

use super::common::entry;

fn pass(p: &str) -> Passphrase {
    Passphrase::new(p).expect("valid passphrase")
}

fn now() -> DateTime<FixedOffset> {
    chrono::Local::now().fixed_offset()
}

/// One computer: its data folder, its journal, and the shared folder chosen in its settings.
struct Computer {
    journal: PathBuf,
    seen: sync::Seen,
}

impl Computer {
    fn new(data: &Path, shared: &Path, copies: &str) -> Computer {
        std::fs::create_dir_all(data).expect("data folder");
        let journal = data.join("journal.sqlite");
        drop(Store::open(&journal).expect("create"));
        state::update(&journal, |s| {
            s.folder = Some(shared.to_path_buf());
            s.set_copy_passphrase(Some(&pass(copies)));
        })
        .expect("settings");
        Computer { journal, seen: sync::Seen::new() }
    }

    fn store(&self) -> Store {
        Store::open(&self.journal).expect("open")
    }

    fn copy(&self) -> sync::CopyWritten {
        sync::copy_now(&self.journal, None, None, now()).result.expect("copy written")
    }

    fn merge(&mut self) -> sync::FolderMerge {
        let mut s = self.store();
        sync::merge_now(&mut s, None, &mut self.seen, now()).expect("merge")
    }

    /// A merge that forgets which copies it merged before (as after a restart).
    fn merge_fresh(&mut self) -> sync::FolderMerge {
        self.seen.clear();
        self.merge()
    }

    /// The journal as the person sees it (without row ids, by uid) and what is deleted.
    fn state(&self) -> (Vec<Entry>, Vec<String>) {
        let s = self.store();
        let mut entries = s.list(&EntryFilter::default()).expect("list");
        for e in &mut entries {
            e.id = None;
        }
        entries.sort_by(|a, b| a.uid.cmp(&b.uid));
        let mut tomb: Vec<String> = s
            .connection()
            .prepare("SELECT uid || ' ' || vv FROM tombstones ORDER BY uid")
            .and_then(|mut st| st.query_map([], |r| r.get(0))?.collect())
            .expect("tombstones");
        tomb.sort();
        (entries, tomb)
    }

    fn notes(&self) -> Vec<String> {
        let mut n: Vec<String> = self.state().0.into_iter().map(|e| e.note).collect();
        n.sort();
        n
    }
}

fn note(n: &str, hours: i64) -> Entry {
    let mut e = entry(hours, 4, "stress");
    e.note = n.into();
    e
}

fn find(store: &Store, n: &str) -> Entry {
    store.list(&EntryFilter::default()).expect("list").into_iter().find(|e| e.note == n).expect("the entry")
}

fn errors(m: &sync::FolderMerge) -> Vec<&SyncError> {
    m.files.iter().filter_map(|f| f.result.as_ref().err()).collect()
}

#[test]
fn two_journals_sharing_a_folder_end_equal_in_either_order_and_merging_again_changes_nothing() {
    for a_first in [true, false] {
        let dir = tempfile::tempdir().expect("tempdir");
        let shared = dir.path().join("Sync");
        std::fs::create_dir(&shared).expect("shared folder");
        let mut a = Computer::new(&dir.path().join("a"), &shared, "same on both");
        let mut b = Computer::new(&dir.path().join("b"), &shared, "same on both");
        {
            let mut s = a.store();
            for (i, n) in ["a1", "a2", "a3"].iter().enumerate() {
                s.insert(&note(n, i as i64)).expect("add on a");
            }
            b.store().insert(&note("b1", 10)).expect("add on b");
        }
        a.copy();
        b.copy();
        assert_eq!(b.merge().merged.added, 3);
        assert_eq!(a.merge().merged.added, 1);
        assert_eq!(a.notes(), b.notes());

        // An edit on one computer and a delete on the other; adds on both.
        {
            let mut s = a.store();
            let mut e = find(&s, "a1");
            e.note = "a1 edited on a".into();
            s.update(&e).expect("edit");
            s.insert(&note("a4", 20)).expect("add");
            let mut t = b.store();
            let gone = find(&t, "a2");
            t.delete(gone.id.expect("id")).expect("delete");
            t.insert(&note("b2", 21)).expect("add");
        }
        a.copy();
        b.copy();
        let (first, second) = if a_first { (&mut a, &mut b) } else { (&mut b, &mut a) };
        assert!(!first.merge().merged.is_empty());
        assert!(!second.merge().merged.is_empty());
        assert_eq!(a.state(), b.state(), "equal journals (a first: {a_first})");
        assert_eq!(a.notes(), ["a1 edited on a", "a3", "a4", "b1", "b2"]);

        // Repeated, with and without remembering which copies were merged: nothing changes.
        a.copy();
        b.copy();
        for m in [a.merge(), b.merge(), a.merge_fresh(), b.merge_fresh()] {
            assert!(m.merged.is_empty(), "{:?}", m.merged);
            assert!(errors(&m).is_empty());
        }
        assert_eq!(a.state(), b.state());
        // Each computer wrote only files of its own, and keeps a few generations.
        let ids = [a.store().computer_id().expect("id"), b.store().computer_id().expect("id")];
        for f in std::fs::read_dir(&shared).expect("list") {
            let name = f.expect("entry").file_name().to_string_lossy().into_owned();
            match kind_of(&name) {
                Some(Kind::Copy(id, _)) => assert!(ids.contains(&id), "{name}"),
                other => panic!("unexpected file {name}: {other:?}"),
            }
        }
        let own = |id: &str| {
            std::fs::read_dir(&shared)
                .expect("list")
                .filter(|f| f.as_ref().expect("entry").file_name().to_string_lossy().contains(id))
                .count()
        };
        assert_eq!((own(&ids[0]), own(&ids[1])), (3, 3), "three generations each");
    }
}

#[test]
fn restored_on_a_new_computer_it_is_the_same_journal_and_a_computer_of_its_own() {
    let dir = tempfile::tempdir().expect("tempdir");
    let shared = dir.path().join("Stick");
    std::fs::create_dir(&shared).expect("folder");
    // The old computer's journal is locked; its copies use its passphrase.
    let old = dir.path().join("old").join("journal.sqlite");
    let key = pass("correct horse battery");
    {
        let mut s = Store::open_with(&old, Some(&key)).expect("locked journal");
        for i in 0..30 {
            s.insert(&note(&format!("n{i}"), i * 24)).expect("add");
        }
        s.set_computer_name("Old laptop").expect("name");
    }
    state::update(&old, |s| s.folder = Some(shared.clone())).expect("settings");
    let written = sync::copy_now(&old, Some(&key), None, now()).result.expect("copy");
    let copy_bytes = std::fs::read(&written.path).expect("read copy");
    assert!(!copy_bytes.windows(3).any(|w| w == b"n17"), "nothing readable leaves the computer");

    // The preview: entries, first and last day, which computer, when.
    let info = sync::read_copy(&written.path, &key).expect("preview");
    assert_eq!((info.entries, info.computer_name.as_str()), (30, "Old laptop"));
    let (first, last) = info.first_last.expect("dates");
    assert_eq!((last - first).num_days(), 29);
    let wrong = sync::read_copy(&written.path, &pass("wrong")).expect_err("wrong passphrase");
    assert!(matches!(wrong, SyncError::WrongPassphrase { .. }));
    assert!(wrong.describe(Lang::Nl).contains("gaat niet open met dit wachtwoord"), "{}", wrong.describe(Lang::Nl));

    // A new computer that already started a journal of its own: it is backed up, never lost.
    let new = dir.path().join("new").join("journal.sqlite");
    Store::open(&new).expect("fresh").insert(&note("started here", 0)).expect("add");
    let lock = acquire_window_lock(&new).expect("lock");
    let done = sync::restore_copy(&lock, &written.path, &key, None).expect("restore");
    drop(lock);
    let safety = done.restored.safety_backup.as_ref().expect("the journal there was is backed up");
    assert_eq!(safety.entries, Some(1));
    assert_eq!(done.journal_key.as_ref(), Some(&key), "a locked journal's copy stays locked");
    let restored = Store::open_with(&new, Some(&key)).expect("open restored");
    assert_eq!(restored.count().expect("n"), 30);
    let old_store = Store::open_with(&old, Some(&key)).expect("old");
    assert_ne!(restored.computer_id().expect("id"), old_store.computer_id().expect("id"), "a computer of its own");
    let s = state::load(&new).expect("settings");
    assert_eq!(s.folder.as_deref(), Some(shared.as_path()), "it goes on with the same folder");
    assert!(s.copy_passphrase.is_none(), "a locked journal's passphrase is never written down");
    drop(restored);
    drop(old_store);

    // It writes its own copy; the old computer merges it and nothing changes.
    sync::copy_now(&new, Some(&key), None, now()).result.expect("copy from the new computer");
    let mut old_store = Store::open_with(&old, Some(&key)).expect("old");
    let m = sync::merge_now(&mut old_store, Some(&key), &mut sync::Seen::new(), now()).expect("merge");
    assert!(m.merged.is_empty(), "{:?}", m.merged);
    assert_eq!(m.files.len(), 1);
}

#[test]
fn a_copy_of_a_journal_without_a_passphrase_restores_without_one_and_keeps_the_copies_passphrase() {
    let dir = tempfile::tempdir().expect("tempdir");
    let shared = dir.path().join("Sync");
    std::fs::create_dir(&shared).expect("folder");
    let a = Computer::new(&dir.path().join("a"), &shared, "for the copies");
    a.store().insert(&note("kept", 0)).expect("add");
    let w = a.copy();
    let new = dir.path().join("b").join("journal.sqlite");
    let lock = acquire_window_lock(&new).expect("lock");
    let done = sync::restore_copy(&lock, &w.path, &pass("for the copies"), None).expect("restore");
    drop(lock);
    assert_eq!(done.journal_key, None);
    assert!(done.restored.safety_backup.is_none(), "there was no journal to back up");
    assert_eq!(Store::open(&new).expect("plain journal").count().expect("n"), 1);
    assert_eq!(state::load(&new).expect("s").copy_key(None), Some(pass("for the copies")));
}

/// Writes `bytes` to `path` (a file a sync tool or a damaged disk left in the folder).
fn put(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).expect("write");
}

#[test]
fn cut_off_garbage_conflict_copies_newer_formats_and_other_passphrases_lose_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let shared = dir.path().join("Sync");
    std::fs::create_dir(&shared).expect("folder");
    let mut a = Computer::new(&dir.path().join("a"), &shared, "same");
    let b = Computer::new(&dir.path().join("b"), &shared, "same");
    b.store().insert(&note("b1", 0)).expect("add");
    b.copy();
    b.store().insert(&note("b2", 1)).expect("add");
    let newest = b.copy();

    // B's newest copy is still arriving (cut off): A merges B's previous one and says why.
    let full = std::fs::read(&newest.path).expect("read");
    put(&newest.path, &full[..full.len() / 2]);
    let m = a.merge();
    assert_eq!(a.notes(), ["b1"], "the previous copy was used");
    let errs = errors(&m);
    assert!(matches!(errs.as_slice(), [SyncError::Damaged { .. }]), "{errs:?}");
    assert!(errs[0].describe(Lang::Nl).contains("onvolledig of beschadigd"));
    // Complete again (the sync tool finished): merged.
    put(&newest.path, &full);
    a.merge();
    assert_eq!(a.notes(), ["b1", "b2"]);

    // Garbage under a copy's name, and a copy cut at a page boundary.
    let garbage = shared.join(sync::folder::copy_name("00000000000000aa", 1));
    put(&garbage, &[0x5a; 8192]);
    let cut = shared.join(sync::folder::copy_name("00000000000000bb", 1));
    put(&cut, &full[..4096]);
    let before = a.state();
    let m = a.merge_fresh();
    assert_eq!(a.state(), before, "nothing changed");
    assert_eq!(errors(&m).len(), 2, "{:?}", m.files);
    assert!(garbage.exists() && cut.exists(), "files in the folder are left as they are");

    // A sync tool's conflict copy of B's file holding an entry B has since deleted, which A never
    // saw: it is merged like any copy (the deletion it has not seen is not there).
    {
        let mut s = b.store();
        s.insert(&note("b3 only in the conflict copy", 2)).expect("add");
    }
    let with_b3 = b.copy();
    let conflict = shared.join(format!(
        "{}.sync-conflict-20261120-083000-ABCDEFG.fscopy",
        with_b3.path.file_stem().expect("stem").to_string_lossy()
    ));
    std::fs::copy(&with_b3.path, &conflict).expect("conflict copy");
    {
        let mut s = b.store();
        let e = find(&s, "b3 only in the conflict copy");
        s.delete(e.id.expect("id")).expect("delete");
    }
    b.copy();
    b.copy();
    b.copy();
    assert!(!with_b3.path.exists(), "rotated away in B's own files");
    let m = a.merge_fresh();
    assert!(errors(&m).iter().all(|e| !matches!(e, SyncError::Damaged { file, .. } if *file == conflict)));
    assert_eq!(a.notes(), ["b1", "b2"], "B's deletion has seen the entry, so it stays deleted");
    assert!(conflict.exists(), "a conflict copy is never removed");

    // A copy from a newer Feltsense: refused with a message, nothing changed.
    let newer = shared.join(sync::folder::copy_name("00000000000000cc", 1));
    put(&newer, &full);
    {
        let c = rusqlite::Connection::open(&newer).expect("open");
        c.pragma_update(None, "key", "same").expect("key");
        c.pragma_update(None, "user_version", 99).expect("newer");
    }
    let before = a.state();
    let m = a.merge_fresh();
    assert_eq!(a.state(), before);
    let e = errors(&m).into_iter().find(|e| matches!(e, SyncError::NewerFormat { .. })).expect("refused");
    assert!(e.to_string().contains("newer version of Feltsense (journal format 99"), "{e}");
    assert!(e.describe(Lang::Nl).contains("werk Feltsense op deze computer bij"), "{}", e.describe(Lang::Nl));

    // Another passphrase: refused, nothing changed.
    let c = Computer::new(&dir.path().join("c"), &shared, "another one");
    c.store().insert(&note("c1", 5)).expect("add");
    c.copy();
    let before = a.state();
    let m = a.merge_fresh();
    assert_eq!(a.state(), before);
    assert!(errors(&m).iter().any(|e| matches!(e, SyncError::WrongPassphrase { .. })));
}

#[test]
fn a_missing_folder_is_never_created_and_is_told_once_after_a_day() {
    let dir = tempfile::tempdir().expect("tempdir");
    let stick = dir.path().join("media").join("stick");
    let a = Computer::new(&dir.path().join("a"), &stick, "p");
    a.store().insert(&note("n", 0)).expect("add");
    let t0 = now();
    let first = sync::copy_now(&a.journal, None, None, t0);
    let err = first.result.expect_err("no folder");
    assert!(matches!(err, SyncError::FolderMissing { .. }), "{err}");
    assert!(err.describe(Lang::Nl).contains("is de stick of de netwerkschijf aangesloten"));
    assert!(!stick.exists(), "the folder is never created");
    assert!(!first.tell_unreachable);
    assert!(!sync::copy_now(&a.journal, None, None, t0 + chrono::Duration::hours(23)).tell_unreachable);
    assert!(sync::copy_now(&a.journal, None, None, t0 + chrono::Duration::hours(25)).tell_unreachable, "told");
    assert!(!sync::copy_now(&a.journal, None, None, t0 + chrono::Duration::hours(30)).tell_unreachable, "once");
    std::fs::create_dir_all(&stick).expect("plugged in");
    let ok = sync::copy_now(&a.journal, None, None, t0 + chrono::Duration::hours(31));
    assert!(ok.result.is_ok() && ok.failing_since.is_none());
}

/// Whether a temporary copy of ours is in `folder`.
fn temp_in(folder: &Path) -> Option<PathBuf> {
    std::fs::read_dir(folder).ok()?.flatten().map(|e| e.path()).find(|p| {
        p.file_name().and_then(|n| n.to_str()).and_then(kind_of).is_some_and(|k| matches!(k, Kind::Temporary(..)))
    })
}

/// The copies in `folder` under their own names.
fn copies_in(folder: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|r| r.flatten().map(|e| e.path()).collect::<Vec<PathBuf>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|p: &PathBuf| {
            p.file_name().and_then(|n| n.to_str()).and_then(kind_of).is_some_and(|k| matches!(k, Kind::Copy(..)))
        })
        .collect();
    v.sort();
    v
}

#[test]
fn the_folder_disappearing_while_the_copy_is_written_is_an_error_that_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let shared = dir.path().join("Share");
    let journal = dir.path().join("a").join("journal.sqlite");
    {
        let mut s = Store::open(&journal).expect("open");
        let batch: Vec<Entry> = (0..20_000).map(|i| note(&format!("n{i}"), i)).collect();
        s.import(&batch).expect("fill");
    }
    state::update(&journal, |s| {
        s.folder = Some(shared.clone());
        s.set_copy_passphrase(Some(&pass("p")));
    })
    .expect("settings");
    let mut caught = false;
    for _ in 0..20 {
        std::fs::create_dir_all(&shared).expect("folder");
        let j = journal.clone();
        let writer = std::thread::spawn(move || sync::copy_now(&j, None, None, now()));
        let start = Instant::now();
        let mut removed = false;
        while !writer.is_finished() && start.elapsed() < Duration::from_secs(60) {
            if temp_in(&shared).is_some() {
                std::fs::remove_dir_all(&shared).expect("the share goes away");
                removed = true;
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        let outcome = writer.join().expect("no panic");
        if !removed {
            // The copy was done before the folder could be taken away: try again.
            assert!(outcome.result.is_ok());
            std::fs::remove_dir_all(&shared).expect("clean");
            continue;
        }
        let Err(e) = outcome.result else {
            // Renamed into place just before the folder went: nothing to check.
            continue;
        };
        assert!(!e.describe(Lang::En).is_empty() && !e.describe(Lang::Nl).is_empty());
        caught = true;
        break;
    }
    assert!(caught, "the folder was taken away while a copy was being written at least once");
    let s = Store::open(&journal).expect("the journal is fine");
    assert_eq!(s.count().expect("n"), 20_000);
    s.integrity_check().expect("intact");
    drop(s);
    std::fs::create_dir_all(&shared).expect("back");
    sync::copy_now(&journal, None, None, now()).result.expect("a copy once it is back");
    assert_eq!(copies_in(&shared).len(), 1);
    assert!(temp_in(&shared).is_none());
}

#[test]
fn killing_the_writer_with_sigkill_leaves_the_previous_copies_valid() {
    let dir = tempfile::tempdir().expect("tempdir");
    let shared = dir.path().join("Sync");
    std::fs::create_dir(&shared).expect("folder");
    let journal = dir.path().join("a").join("journal.sqlite");
    {
        let mut s = Store::open(&journal).expect("open");
        let batch: Vec<Entry> = (0..20_000).map(|i| note(&format!("n{i}"), i)).collect();
        s.import(&batch).expect("fill");
    }
    let run = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_feltsense"));
        c.arg("--db")
            .arg(&journal)
            .args(["sync", "now"])
            .env_remove("FELTSENSE_DB")
            .env("FELTSENSE_COPY_PASSPHRASE", "p")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    };
    let folder = Command::new(env!("CARGO_BIN_EXE_feltsense"))
        .arg("--db")
        .arg(&journal)
        .args(["sync", "folder"])
        .arg(&shared)
        .env("FELTSENSE_COPY_PASSPHRASE", "p")
        .stdin(Stdio::null())
        .output()
        .expect("sync folder");
    assert!(folder.status.success(), "{}", String::from_utf8_lossy(&folder.stderr));
    let first = run().output().expect("first copy");
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let started = Instant::now();
    let mut mid_write = 0;
    for i in 0..40u64 {
        let mut child = run().spawn().expect("spawn");
        // Wait until it is writing, then a little more (different each time).
        let t = Instant::now();
        while temp_in(&shared).is_none() && t.elapsed() < Duration::from_secs(20) {
            if child.try_wait().expect("poll").is_some() {
                break;
            }
            std::thread::sleep(Duration::from_micros(100));
        }
        std::thread::sleep(Duration::from_micros((i * 1_237) % 20_000));
        if temp_in(&shared).is_some() {
            mid_write += 1;
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        // Every copy under its own name opens and holds the whole journal.
        let key = pass("p");
        for c in copies_in(&shared) {
            let info = sync::read_copy(&c, &key).unwrap_or_else(|e| panic!("{} after kill {i}: {e}", c.display()));
            assert_eq!(info.entries, 20_000);
        }
        assert!(!copies_in(&shared).is_empty());
    }
    assert!(mid_write >= 5, "killed while writing only {mid_write} times in {:?}", started.elapsed());
    // The next run cleans up what the killed ones left and writes a copy.
    let last = run().output().expect("after the kills");
    assert!(last.status.success(), "{}", String::from_utf8_lossy(&last.stderr));
    assert!(temp_in(&shared).is_none(), "no temporary file is left");
    assert!(copies_in(&shared).len() <= sync::folder::KEEP_GENERATIONS);
    let s = Store::open(&journal).expect("journal");
    s.integrity_check().expect("the journal is intact");
}
