//! `feltsense install-desktop` / `uninstall-desktop`: a per-user menu entry and icons, following
//! the XDG desktop-entry and icon-theme specifications. Nothing system-wide is touched.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// The desktop entry shipped in `assets/` (its `Exec=` line is replaced by this program's path).
const DESKTOP_ENTRY: &str = include_str!("../../assets/feltsense.desktop");
/// The scalable icon.
const ICON_SVG: &[u8] = include_bytes!("../../assets/icons/feltsense.svg");
/// PNG icons by size.
const ICON_PNGS: [(u32, &[u8]); 7] = [
    (16, include_bytes!("../../assets/icons/feltsense-16.png")),
    (32, include_bytes!("../../assets/icons/feltsense-32.png")),
    (48, include_bytes!("../../assets/icons/feltsense-48.png")),
    (64, include_bytes!("../../assets/icons/feltsense-64.png")),
    (128, include_bytes!("../../assets/icons/feltsense-128.png")),
    (256, include_bytes!("../../assets/icons/feltsense-256.png")),
    (512, include_bytes!("../../assets/icons/feltsense-512.png")),
];

/// The PNG used as the window icon.
pub const WINDOW_ICON_PNG: &[u8] = include_bytes!("../../assets/icons/feltsense-256.png");

/// `$XDG_DATA_HOME`, else `~/.local/share`.
pub fn data_home() -> Option<PathBuf> {
    std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| directories::BaseDirs::new().map(|d| d.data_dir().to_path_buf()))
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
pub fn install(data_home: &Path, exe: &Path) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (rel, bytes) in
        files().into_iter().chain([(PathBuf::from("applications/feltsense.desktop"), desktop_entry(exe).into_bytes())])
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
pub fn uninstall(data_home: &Path) -> Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    for rel in files().into_iter().map(|(p, _)| p).chain([PathBuf::from("applications/feltsense.desktop")]) {
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
    fn every_png_is_a_png_of_its_size() {
        for (size, png) in ICON_PNGS {
            assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
            let w = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
            let h = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
            assert_eq!((w, h), (size, size));
        }
    }
}
