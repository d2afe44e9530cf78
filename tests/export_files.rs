//! Atomic, private file writing.

use std::io;

use feltsense::export::files::{ExportError, write_atomic};

fn entries_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn writes_the_whole_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("report.csv");
    write_atomic(&path, |out| {
        out.write_all(b"a;b\r\n")?;
        out.write_all(b"1;2\r\n")
    })
    .expect("written");
    assert_eq!(std::fs::read(&path).expect("read"), b"a;b\r\n1;2\r\n");
    assert_eq!(entries_in(dir.path()), vec!["report.csv".to_string()], "no temporary file left");
}

#[cfg(unix)]
#[test]
fn the_file_is_private_even_when_replacing_a_public_one() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("journal.pdf");
    std::fs::write(&path, b"old").expect("old file");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    write_atomic(&path, |out| out.write_all(b"new")).expect("written");
    let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "mode {mode:o}");
    assert_eq!(std::fs::read(&path).expect("read"), b"new");
}

#[test]
fn a_failing_writer_leaves_no_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("report.csv");
    let result = write_atomic(&path, |out| {
        out.write_all(b"half a fi")?;
        Err(io::Error::other("disk full"))
    });
    match result {
        Err(ExportError::Io { path: p, source }) => {
            assert_eq!(p, path);
            assert_eq!(source.to_string(), "disk full");
        }
        other => panic!("expected an I/O error, got {other:?}"),
    }
    assert!(entries_in(dir.path()).is_empty(), "{:?}", entries_in(dir.path()));
}

#[test]
fn a_failing_writer_does_not_clobber_an_existing_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("report.csv");
    std::fs::write(&path, b"the previous export").expect("old file");
    let result = write_atomic(&path, |out| {
        out.write_all(&[b'x'; 200_000])?;
        Err(io::Error::other("cancelled"))
    });
    assert!(result.is_err());
    assert_eq!(std::fs::read(&path).expect("read"), b"the previous export");
    assert_eq!(entries_in(dir.path()), vec!["report.csv".to_string()]);
}

#[test]
fn a_panicking_writer_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("report.csv");
    let caught = std::panic::catch_unwind(|| {
        write_atomic(&path, |out| {
            out.write_all(b"partial")?;
            panic!("renderer bug");
        })
    });
    assert!(caught.is_err());
    assert!(entries_in(dir.path()).is_empty(), "{:?}", entries_in(dir.path()));
}

#[test]
fn a_missing_directory_is_an_error_naming_the_target() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("no such dir").join("report.csv");
    let err = write_atomic(&path, |out| out.write_all(b"x")).expect_err("fails");
    assert!(err.to_string().contains("no such dir"), "{err}");
}
