//! `feltsense man` and `feltsense completions`: the manual pages and the shell completion
//! scripts, generated from the same [`clap::Command`] that parses the arguments (so they cannot
//! drift from `--help`). The Debian package ships what these commands print.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::CommandFactory;

use super::Cli;

/// The program's name, as installed in `/usr/bin`.
pub const BIN_NAME: &str = "feltsense";

/// The DESCRIPTION of `feltsense(1)` (`--help` shows the one-line summary).
const DESCRIPTION: &str = "Feltsense is a journal for emotions and the tension the body holds. \
Without a command it opens its window: tap where the body holds tension (0 to 10 per region), add \
what you felt, and see over weeks what tension follows in the hours and days after an emotion.\n\n\
The commands below work without the window, on the same journal: add and list entries, export a \
PDF report for a physiotherapist, CSV, JSON or a FHIR R4 bundle, import, back up and restore, \
lock the journal with a passphrase, and set up reminders. Everything stays on this computer.";

/// The sections appended to `feltsense(1)`: where the journal lives and which variables count.
/// (roff; `\-` is a literal minus.)
const EXTRA_SECTIONS: &str = r#".SH FILES
.TP
\fI~/.local/share/feltsense/journal.sqlite\fR
The journal (one SQLite file; \fB$XDG_DATA_HOME\fR moves it). Beside it: \fIbackups/\fR with the
automatic and \fBfeltsense backup\fR copies, while the journal is open its \fI\-wal\fR,
\fI\-shm\fR and \fI.lock\fR files, and \fIapp.ron\fR, the window's settings (language, another
journal file chosen in Settings). With copies in a folder (\fBfeltsense sync\fR): \fI.sync\fR,
the folder and what happened to the copies, and \fI.sync\-lock\fR.
.TP
\fI~/.config/feltsense/\fR
The reminder times and their state (\fB$XDG_CONFIG_HOME\fR moves it).
.TP
\fI/usr/share/applications/feltsense.desktop\fR
The menu entry of the Debian package. \fBfeltsense install\-desktop\fR writes one with the same id
under \fI~/.local/share/applications\fR, which takes its place for that user (one entry, not two).
.PP
Installing, upgrading or removing the program never touches the journal.
.SH ENVIRONMENT
.TP
\fBFELTSENSE_DB\fR
The journal file, when \fB\-\-db\fR is not given.
.TP
\fBFELTSENSE_PASSPHRASE\fR, \fBFELTSENSE_NEW_PASSPHRASE\fR
The current and the new passphrase of a locked journal, for scripts (otherwise the commands ask on
the terminal).
.TP
\fBFELTSENSE_COPY_PASSPHRASE\fR
The passphrase of the copies in a folder, for \fBfeltsense sync\fR in scripts.
.TP
\fBXDG_DATA_HOME\fR, \fBXDG_CONFIG_HOME\fR
Where the journal and the settings live (default \fI~/.local/share\fR and \fI~/.config\fR).
.SH "SEE ALSO"
Every command has its own page: \fBfeltsense\-add\fR(1), \fBfeltsense\-list\fR(1),
\fBfeltsense\-export\fR(1), \fBfeltsense\-import\fR(1), and so on; \fBfeltsense \fICOMMAND\fB \-\-help\fR
prints the same text.
"#;

/// The command line as clap sees it, with the name of the installed program and without the
/// `help` subcommand (every command has `--help`).
pub fn command() -> clap::Command {
    let mut cmd =
        Cli::command().name(BIN_NAME).bin_name(BIN_NAME).long_about(DESCRIPTION).disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// `feltsense(1)`: the page for the program itself (options, the list of commands, files and
/// environment), in roff.
pub fn main_page() -> Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(command()).render(&mut out).context("the manual page could not be rendered")?;
    out.extend_from_slice(EXTRA_SECTIONS.as_bytes());
    Ok(out)
}

/// Every manual page: `feltsense.1` and one `feltsense-COMMAND.1` per command (nested ones
/// as `feltsense-reminders-install.1`), as (file name, roff).
pub fn pages() -> Result<Vec<(String, Vec<u8>)>> {
    fn walk(cmd: &clap::Command, out: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let man = clap_mangen::Man::new(sub.clone());
            let mut roff = Vec::new();
            man.render(&mut roff).context("a manual page could not be rendered")?;
            out.push((man.get_filename(), roff));
            walk(sub, out)?;
        }
        Ok(())
    }
    let cmd = command();
    let mut out = vec![(format!("{BIN_NAME}.1"), main_page()?)];
    walk(&cmd, &mut out)?;
    Ok(out)
}

/// Writes [`pages`] into `dir` (created if missing). Returns the paths written.
#[expect(clippy::disallowed_methods, reason = "the manual pages go where the person asks (readable, not private)")]
pub fn write_pages(dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = Vec::new();
    for (name, roff) in pages()? {
        let path = dir.join(name);
        crate::fsio::write_atomic(&path, |w| w.write_all(&roff))
            .with_context(|| format!("cannot write {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// Writes the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) {
    clap_complete::generate(shell, &mut command(), BIN_NAME, out);
}
