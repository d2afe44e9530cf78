//! What the effects thread does to the operating system for the window: file dialogs, the
//! default export folder, "Open folder", the practice's sound cue, and starting those programs
//! detached (reaped on a thread of their own, never waited for).
//!
//! The only place in the window that starts a program or shows a dialog (clippy's
//! `disallowed-methods` keeps process starts here, `#[expect]`ed). Each function checks that it
//! does not run in frame code (`guard`): debug builds fail when a view calls one.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::OnceLock;

use crate::guard;

/// Starts `cmd` without waiting for it, its standard streams closed; a thread named `name` reaps
/// it when it ends.
fn detached(mut cmd: std::process::Command, name: &str) -> std::io::Result<()> {
    cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    #[expect(clippy::disallowed_methods, reason = "the window's one place that starts programs")]
    let mut child = cmd.spawn()?;
    std::thread::Builder::new().name(name.to_owned()).spawn(move || {
        // Only reaps the child; the program reports its own problems.
        child.wait().ok();
    })?;
    Ok(())
}

/// Opens a folder in the desktop's file manager without waiting for it (`xdg-open`, `open` on
/// macOS, `explorer` on Windows). The child is reaped on a background thread. Runs on the
/// effects thread (debug builds fail when frame code calls it).
pub fn open_folder(dir: &Path) -> std::io::Result<()> {
    guard::check_side_effect("open_folder");
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let mut cmd = std::process::Command::new(program);
    cmd.arg(dir);
    detached(cmd, "feltsense-open-folder").map_err(|e| std::io::Error::new(e.kind(), format!("{program}: {e}")))
}

/// Where exports go by default: `~/Documents` when it exists, else the home folder, else the
/// current folder. Reads the desktop's folder settings (`user-dirs.dirs`): runs on the app's
/// effects thread ([`Effect::FindExportFolder`](super::Effect::FindExportFolder)); debug builds fail when frame code calls it.
pub fn default_dir() -> PathBuf {
    guard::check_blocking("default_dir");
    let dirs = directories::UserDirs::new();
    dirs.as_ref()
        .and_then(|d| d.document_dir().filter(|p| p.is_dir()).map(Path::to_path_buf))
        .or_else(|| dirs.as_ref().map(|d| d.home_dir().to_path_buf()))
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Shows a file dialog and waits for it: a save dialog (`save`) or an open dialog, starting in
/// the folder of `current` (and, saving, with its file name). `None` when the person cancels or
/// no dialog can be shown (without a desktop portal rfd returns at once). Runs on the app's
/// effects thread ([`Effect::ChooseFile`](super::Effect::ChooseFile)); debug builds
/// fail when frame code calls it.
pub fn choose_file(save: bool, current: &Path, title: String) -> Option<PathBuf> {
    guard::check_blocking("choose_file");
    let mut d = rfd::FileDialog::new().set_title(title);
    if let Some(dir) = current.parent().filter(|d| d.is_dir()) {
        d = d.set_directory(dir);
    }
    if save {
        if let Some(name) = current.file_name() {
            d = d.set_file_name(name.to_string_lossy());
        }
        d.save_file()
    } else {
        d.pick_file()
    }
}

/// Shows a folder dialog starting in `current` (or its parent) and waits for it. `None` when the
/// person cancels or no dialog can be shown. Runs on the app's effects thread
/// ([`Effect::ChooseFolder`](super::Effect::ChooseFolder)).
pub fn choose_folder(current: &Path, title: String) -> Option<PathBuf> {
    guard::check_blocking("choose_folder");
    let mut d = rfd::FileDialog::new().set_title(title);
    if let Some(dir) = [Some(current), current.parent()].into_iter().flatten().find(|d| d.is_dir()) {
        d = d.set_directory(dir);
    }
    d.pick_folder()
}

/// A program that plays a short sound, found on `PATH` when first needed.
#[derive(Debug)]
enum SoundPlayer {
    /// libcanberra's player: plays a named sound of the desktop's sound theme.
    Canberra(PathBuf),
    /// PulseAudio's (or PipeWire's) player, with a sound file of the freedesktop theme.
    Paplay(PathBuf, PathBuf),
}

/// The freedesktop sound theme's bell, where Debian and Fedora install it.
const BELL_FILE: &str = "/usr/share/sounds/freedesktop/stereo/bell.oga";

fn find_in_path(program: &str) -> Option<PathBuf> {
    guard::check_blocking("find_in_path");
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(program)).find(|p| p.is_file())
}

fn sound_player() -> Option<&'static SoundPlayer> {
    // Checked before the cached answer, so frame code fails even when the player is known.
    guard::check_blocking("sound_player");
    static PLAYER: OnceLock<Option<SoundPlayer>> = OnceLock::new();
    PLAYER
        .get_or_init(|| {
            if let Some(p) = find_in_path("canberra-gtk-play") {
                return Some(SoundPlayer::Canberra(p));
            }
            let bell = Path::new(BELL_FILE);
            find_in_path("paplay").filter(|_| bell.is_file()).map(|p| SoundPlayer::Paplay(p, bell.to_path_buf()))
        })
        .as_ref()
}

/// Whether a program that plays the sound cue exists (looked up on `PATH` the first time). Runs
/// on the app's effects thread (the view returns
/// [`Effect::FindSoundPlayer`](super::Effect::FindSoundPlayer); debug builds fail
/// when frame code calls this).
pub fn sound_available() -> bool {
    sound_player().is_some()
}

/// Starts the sound cue in the background, if a player exists; never waits for it, and a player
/// that fails is simply silent. Runs on the app's effects thread (the view returns
/// [`Effect::PlayCue`](super::Effect::PlayCue); debug builds fail when frame code
/// calls this).
pub fn play_cue() {
    guard::check_side_effect("play_cue");
    let Some(player) = sound_player() else { return };
    let cmd = match player {
        SoundPlayer::Canberra(p) => {
            let mut c = std::process::Command::new(p);
            c.args(["--id", "bell", "--description", "Feltsense"]);
            c
        }
        SoundPlayer::Paplay(p, file) => {
            let mut c = std::process::Command::new(p);
            c.arg(file);
            c
        }
    };
    // A player that cannot start is simply silent.
    detached(cmd, "feltsense-sound").ok();
}

#[cfg(test)]
mod tests {
    #[test]
    #[should_panic(expected = "the window's frame code called `default_dir`")]
    fn finding_the_default_folder_from_frame_code_panics() {
        let _frame = crate::guard::ui_frame();
        super::default_dir();
    }

    #[test]
    #[should_panic(expected = "the window's frame code called `choose_file`")]
    fn a_file_dialog_from_frame_code_panics() {
        let _frame = crate::guard::ui_frame();
        super::choose_file(false, std::path::Path::new("x.json"), String::new());
    }
}
