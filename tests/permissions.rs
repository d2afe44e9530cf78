//! A journal in a read-only place: saving fails with a clear message, nothing is half-written (not
//! even SQLite's side files), and saving works again once the permissions are back.
//!
//! Root ignores permission bits, and CI runs as root. So the operating-system part runs the real
//! binary as the unprivileged user 65534 ("nobody") when this process is root, and as this user
//! otherwise; a probe decides which. The binary is linked (or copied) into the test's own folder
//! first, so that "nobody" can run it even when the build folder lies under a private home.
//!
//! Where this process can neither be bound by the permissions nor switch users (root without
//! `CAP_SETUID`, in some containers), the test fails under CI (`CI` set), because there the
//! operating system's refusal must really be exercised; on a developer's machine it says so on
//! stderr and checks the same refusal through a read-only SQLite connection instead.
#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use feltsense::store::{EntryFilter, Store, StoreError};

const NOBODY: u32 = 65534;

fn set_mode(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// True when permission bits stop this process: it cannot create a file in a `0500` folder.
fn permissions_bind_this_process(scratch: &Path) -> bool {
    let probe = scratch.join("probe");
    std::fs::create_dir(&probe).expect("mkdir");
    set_mode(&probe, 0o500);
    let blocked = std::fs::File::create(probe.join("file")).is_err();
    set_mode(&probe, 0o700);
    std::fs::remove_dir_all(&probe).expect("clean up the probe");
    blocked
}

/// Who runs the binary so that permission bits apply to it.
#[derive(Clone, Copy, Debug)]
enum Runner {
    ThisUser,
    Nobody,
}

struct Place {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    db: PathBuf,
    runner: Runner,
    /// The binary to run: the build's own, or a link to it that "nobody" can reach.
    exe: PathBuf,
}

/// True when the tests run under CI (the `CI` variable is set and not `false` or `0`), where a
/// check that cannot run is a failure, not a note.
fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// The binary, reachable by every user: a hard link (or copy) inside `dir`, mode `0755`.
fn reachable_binary(dir: &Path) -> PathBuf {
    let built = Path::new(env!("CARGO_BIN_EXE_feltsense"));
    let exe = dir.join("feltsense");
    if std::fs::hard_link(built, &exe).is_err() {
        std::fs::copy(built, &exe).expect("copy the binary beside the journal folder");
    }
    set_mode(&exe, 0o755);
    exe
}

/// A folder for a journal, owned by whoever will run the binary.
fn place() -> Place {
    let tmp = tempfile::tempdir().expect("tempdir");
    let runner = if permissions_bind_this_process(tmp.path()) { Runner::ThisUser } else { Runner::Nobody };
    let dir = tmp.path().join("journal-folder");
    std::fs::create_dir(&dir).expect("mkdir");
    let exe = match runner {
        Runner::ThisUser => PathBuf::from(env!("CARGO_BIN_EXE_feltsense")),
        Runner::Nobody => {
            for p in [tmp.path(), dir.as_path()] {
                std::os::unix::fs::chown(p, Some(NOBODY), Some(NOBODY)).expect("chown to nobody");
            }
            set_mode(tmp.path(), 0o755);
            reachable_binary(tmp.path())
        }
    };
    Place { db: dir.join("journal.sqlite"), dir, runner, exe, _tmp: tmp }
}

impl Place {
    fn run(&self, args: &[&str]) -> std::io::Result<Output> {
        let mut c = Command::new(&self.exe);
        c.arg("--db").arg(&self.db).args(args).env_remove("FELTSENSE_DB").current_dir(&self.dir);
        if let Runner::Nobody = self.runner {
            c.uid(NOBODY).gid(NOBODY);
        }
        c.output()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args).expect("run feltsense");
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args).expect("run feltsense");
        assert!(!out.status.success(), "{args:?} should fail while read-only");
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(&self.dir)
            .expect("read dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    fn notes(&self) -> Vec<String> {
        let s = Store::open(&self.db).expect("open");
        s.integrity_check().expect("sound");
        s.list_chronological(&EntryFilter::default()).expect("list").into_iter().map(|e| e.note).collect()
    }

    /// The first save, as the runner. `None` when this machine cannot run anything as another
    /// user (not root enough to switch): the caller then falls back to the simulation, except
    /// under CI, where this fails the test.
    fn first_save(&self) -> Option<()> {
        match self.run(&["add", "--tension", "neck=3", "--note", "first"]) {
            Ok(out) if out.status.success() => Some(()),
            Ok(out) => panic!("first add failed: {}", String::from_utf8_lossy(&out.stderr)),
            Err(e) => {
                assert!(
                    !under_ci(),
                    "could not run feltsense as user {NOBODY} ({e}), and permission bits do not bind this \
                     process: under CI the operating system's refusal must be tested, so run the tests as an \
                     unprivileged user or as root with CAP_SETUID"
                );
                eprintln!(
                    "NOTE: could not run feltsense as user {NOBODY} ({e}); this process ignores permissions, so \
                     the operating-system check cannot run here. The read-only SQLite simulation is checked instead."
                );
                None
            }
        }
    }
}

/// The same refusal through a read-only SQLite connection (what the operating system's refusal
/// looks like to SQLite), checked in-process through [`Store::insert`].
fn read_only_connection_refuses_and_recovers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("journal.sqlite");
    let mut s = Store::open(&path).expect("open");
    s.insert(&common::entry(0, 3, "stress")).expect("first");
    s.connection().pragma_update(None, "query_only", true).expect("read-only");
    let mut second = common::entry(1, 5, "anger");
    second.note = "keep me".into();
    let err = s.insert(&second).expect_err("read-only");
    assert!(matches!(err, StoreError::ReadOnly(_)), "{err:?}");
    assert!(err.to_string().starts_with("the journal is read-only, so nothing was saved"), "{err}");
    assert_eq!(s.count().expect("count"), 1, "nothing half-written");
    s.connection().pragma_update(None, "query_only", false).expect("writable again");
    s.insert(&second).expect("the same entry saves once writable");
    let notes: Vec<String> = s.list(&EntryFilter::default()).expect("list").into_iter().map(|e| e.note).collect();
    assert_eq!(notes, vec!["keep me".to_string(), String::new()]);
}

#[test]
fn a_read_only_connection_refuses_saves_and_saves_once_writable() {
    read_only_connection_refuses_and_recovers();
}

#[test]
fn a_read_only_folder_and_file_refuse_saves_clearly_and_save_again_once_writable() {
    let p = place();
    if p.first_save().is_none() {
        read_only_connection_refuses_and_recovers();
        return;
    }
    // The window and the CLI close the journal after each command, so only the file is left,
    // with the stamp of its last check (src/store/verified.rs).
    assert_eq!(p.names(), vec!["journal.sqlite", "journal.sqlite.checked"]);
    set_mode(&p.db, 0o400);
    set_mode(&p.dir, 0o500);
    let before = std::fs::read(&p.db).expect("read");

    let err = p.fails(&["add", "--tension", "neck=6", "--note", "second"]);
    assert!(err.contains("the journal is read-only, so nothing was saved"), "{:?}: {err}", p.runner);
    assert!(err.contains(&p.db.display().to_string()), "the message names the file: {err}");
    assert_eq!(std::fs::read(&p.db).expect("read"), before, "the journal is untouched");
    assert_eq!(p.names(), vec!["journal.sqlite", "journal.sqlite.checked"], "nothing was created beside it");

    set_mode(&p.dir, 0o700);
    set_mode(&p.db, 0o600);
    assert!(p.ok(&["add", "--tension", "neck=6", "--note", "second"]).contains("saved entry"));
    assert_eq!(p.notes(), vec!["first".to_string(), "second".to_string()]);
}

#[test]
fn a_read_only_file_in_a_writable_folder_gets_no_read_only_side_files() {
    // SQLite gives its -wal and -shm files the journal's own mode; created while the journal is
    // 0400 they would keep it read-only after its permissions are fixed.
    let p = place();
    if p.first_save().is_none() {
        read_only_connection_refuses_and_recovers();
        return;
    }
    set_mode(&p.db, 0o400);
    let before = std::fs::read(&p.db).expect("read");
    for args in [&["add", "--tension", "neck=6", "--note", "second"][..], &["list"][..]] {
        let err = p.fails(args);
        assert!(err.contains("read-only") && err.contains("no permission to write"), "{args:?}: {err}");
    }
    assert_eq!(std::fs::read(&p.db).expect("read"), before);
    assert_eq!(p.names(), vec!["journal.sqlite", "journal.sqlite.checked"], "no -wal or -shm created");
    set_mode(&p.db, 0o600);
    p.ok(&["add", "--tension", "neck=6", "--note", "second"]);
    assert_eq!(p.notes(), vec!["first".to_string(), "second".to_string()]);
}
