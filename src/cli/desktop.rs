//! `feltsense install-desktop` / `uninstall-desktop`: a per-user menu entry and icons, following
//! the XDG desktop-entry and icon-theme specifications. Nothing system-wide is touched.
//!
//! The Debian package installs the same entry system-wide as `/usr/share/applications/`
//! [`DESKTOP_ID`]. The per-user entry has the same desktop-file id, and by the desktop-entry
//! specification an id found in `$XDG_DATA_HOME` hides the same id in `$XDG_DATA_DIRS`: with both
//! installed the menu shows one Feltsense (the user's build), and `uninstall-desktop` brings the
//! package's entry back.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::assets::{DESKTOP_ENTRY, ICON_PNGS, ICON_SVG};

/// The desktop-file id, shared by the per-user entry and the Debian package's entry (and named as
/// the `<launchable>` of the AppStream metainfo).
pub const DESKTOP_ID: &str = "feltsense.desktop";

/// `$XDG_DATA_HOME`, else `~/.local/share`.
pub fn data_home() -> Option<PathBuf> {
    std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| directories::BaseDirs::new().map(|d| d.data_dir().to_path_buf()))
}

/// `$XDG_DATA_DIRS`, else `/usr/local/share:/usr/share` (the specification's default).
pub fn data_dirs() -> Vec<PathBuf> {
    let dirs = std::env::var_os("XDG_DATA_DIRS").filter(|v| !v.is_empty());
    match dirs {
        Some(v) => std::env::split_paths(&v).filter(|p| p.is_absolute()).collect(),
        None => vec![PathBuf::from("/usr/local/share"), PathBuf::from("/usr/share")],
    }
}

/// The system-wide entries with our id (the Debian package's, or one from `make install`-style
/// setups) in `data_dirs`: the ones a per-user entry hides.
pub fn system_entries(data_dirs: &[PathBuf]) -> Vec<PathBuf> {
    data_dirs.iter().map(|d| d.join("applications").join(DESKTOP_ID)).filter(|p| p.is_file()).collect()
}

/// Every file `install` writes, relative to the data home.
fn files() -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for (size, png) in ICON_PNGS {
        out.push((PathBuf::from(format!("icons/hicolor/{size}x{size}/apps/feltsense.png")), png.to_vec()));
    }
    out.push((PathBuf::from("icons/hicolor/scalable/apps/feltsense.svg"), ICON_SVG.to_vec()));
    out
}

/// The desktop entry with `Exec=` pointing at `exe`.
pub fn desktop_entry(exe: &Path) -> String {
    let exe = exe.display().to_string();
    // Desktop-entry quoting: wrap in double quotes and escape `"`, `` ` ``, `$` and `\`.
    let quoted = if exe.chars().any(|c| c.is_whitespace() || "\"`$\\".contains(c)) {
        let escaped: String =
            exe.chars().flat_map(|c| if "\"`$\\".contains(c) { vec!['\\', c] } else { vec![c] }).collect();
        // The value is then string-escaped as a whole, which doubles every backslash.
        format!("\"{escaped}\"").replace('\\', "\\\\")
    } else {
        exe
    };
    DESKTOP_ENTRY
        .lines()
        .map(|l| if l == "Exec=feltsense" { format!("Exec={quoted}") } else { l.to_owned() })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Installs the menu entry and icons for this user under `data_home`. Returns the paths written.
#[expect(
    clippy::disallowed_methods,
    reason = "installing the menu entry and icons writes the desktop folders of the user (readable, not 0600)"
)]
pub fn install(data_home: &Path, exe: &Path) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (rel, bytes) in
        files().into_iter().chain([(Path::new("applications").join(DESKTOP_ID), desktop_entry(exe).into_bytes())])
    {
        let path = data_home.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// Removes what [`install`] wrote. Returns the paths removed (missing files are not an error).
#[expect(
    clippy::disallowed_methods,
    reason = "installing the menu entry and icons writes the desktop folders of the user (readable, not 0600)"
)]
pub fn uninstall(data_home: &Path) -> Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    for rel in files().into_iter().map(|(p, _)| p).chain([Path::new("applications").join(DESKTOP_ID)]) {
        let path = data_home.join(rel);
        match std::fs::remove_file(&path) {
            Ok(()) => removed.push(path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot remove {}", path.display())),
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exec_line_points_at_the_program_and_is_quoted_when_needed() {
        let e = desktop_entry(Path::new("/opt/feltsense/bin/feltsense"));
        assert!(e.contains("\nExec=/opt/feltsense/bin/feltsense\n"), "{e}");
        let e = desktop_entry(Path::new("/home/me/My Apps/feltsense"));
        assert!(e.contains("\nExec=\"/home/me/My Apps/feltsense\"\n"), "{e}");
        assert!(e.contains("Icon=feltsense"));
        let e = desktop_entry(Path::new("/opt/a b/x\"y$"));
        assert!(e.contains("\nExec=\"/opt/a b/x\\\\\"y\\\\$\"\n"), "{e}");
    }

    #[test]
    fn install_then_uninstall_leaves_nothing_behind() {
        let dir = tempfile::tempdir().expect("tempdir");
        let written = install(dir.path(), Path::new("/usr/bin/feltsense")).expect("install");
        assert_eq!(written.len(), ICON_PNGS.len() + 2);
        let entry = std::fs::read_to_string(dir.path().join("applications/feltsense.desktop")).expect("entry");
        assert!(entry.starts_with("[Desktop Entry]"));
        assert!(dir.path().join("icons/hicolor/48x48/apps/feltsense.png").exists());
        // Installing twice is fine.
        install(dir.path(), Path::new("/usr/bin/feltsense")).expect("again");
        let removed = uninstall(dir.path()).expect("uninstall");
        assert_eq!(removed.len(), written.len());
        assert!(written.iter().all(|p| !p.exists()));
        assert!(uninstall(dir.path()).expect("twice").is_empty());
    }

    #[test]
    fn the_package_the_metainfo_and_the_user_entry_share_one_desktop_id() {
        // The Debian package installs assets/feltsense.desktop under this id (Cargo.toml) ...
        let manifest = include_str!("../../Cargo.toml");
        assert!(
            manifest.contains(&format!("[\"assets/feltsense.desktop\", \"usr/share/applications/{DESKTOP_ID}\"")),
            "Cargo.toml's deb assets do not install the entry as {DESKTOP_ID}"
        );
        // ... the AppStream metadata launches it ...
        let metainfo = include_str!("../../assets/nl.feltsense.feltsense.metainfo.xml");
        assert!(metainfo.contains(&format!("<launchable type=\"desktop-id\">{DESKTOP_ID}</launchable>")));
        // ... and install-desktop writes the same id for the user, which hides the package's.
        let home = tempfile::tempdir().expect("tempdir");
        let written = install(home.path(), Path::new("/home/me/feltsense/target/release/feltsense")).expect("install");
        assert!(written.contains(&home.path().join("applications").join(DESKTOP_ID)));
    }

    #[test]
    fn system_entries_are_found_in_the_data_dirs() {
        let a = tempfile::tempdir().expect("tempdir");
        let b = tempfile::tempdir().expect("tempdir");
        let dirs = [a.path().to_path_buf(), b.path().to_path_buf()];
        assert!(system_entries(&dirs).is_empty());
        std::fs::create_dir_all(b.path().join("applications")).expect("mkdir");
        std::fs::write(b.path().join("applications").join(DESKTOP_ID), DESKTOP_ENTRY).expect("write");
        assert_eq!(system_entries(&dirs), vec![b.path().join("applications").join(DESKTOP_ID)]);
    }

    #[test]
    fn every_png_is_a_png_of_its_size() {
        for (size, png) in ICON_PNGS {
            assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
            let w = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
            let h = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
            assert_eq!((w, h), (size, size));
        }
    }
}
