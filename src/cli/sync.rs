//! `feltsense sync …`: copies of the journal in a folder of your choice, one journal on two
//! computers, and restoring a copy on a new computer (see [`crate::store::sync`]).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use chrono::Local;
use clap::Subcommand;

use crate::model::text::glossary::ENTRY;
use crate::model::text::sync as words;
use crate::model::text::time::Zone;
use crate::model::{Describe, Lang};
use crate::store::instance::{LockError, acquire_window_lock};
use crate::store::sync::{self, SyncError, state};
use crate::store::{Passphrase, Store, resolve_path};

/// What `feltsense sync` does.
#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Choose the folder the copies go to: a Syncthing, Nextcloud or Dropbox folder, a USB stick,
    /// a network share. A journal without a passphrase asks for one for its copies (or set
    /// FELTSENSE_COPY_PASSPHRASE). With --off, no more copies are written.
    Folder {
        /// The folder (it must exist).
        #[arg(required_unless_present = "off")]
        path: Option<PathBuf>,
        /// Stop writing copies (the copies in the folder stay).
        #[arg(long, conflicts_with = "path")]
        off: bool,
    },
    /// Name this computer (how the other computers show its copies and changes).
    Name {
        /// The name, e.g. "Laptop".
        name: String,
    },
    /// Write this computer's copy now, then merge the other computers' copies into the journal.
    Now,
    /// The folder, when the copy was last written, the computers that take part, and the entries
    /// changed on two computers.
    Status,
    /// The entries changed on two computers since they last merged, with their versions.
    Conflicts,
    /// Keep one version of an entry changed on two computers (`sync conflicts` numbers them).
    Keep {
        /// The entry's id (as `sync conflicts` shows it).
        id: String,
        /// The number of the version to keep.
        version: usize,
    },
    /// Restore a copy from the folder as this computer's journal: shows what it holds, then
    /// replaces the journal (which is backed up first). Asks for the copy's passphrase (or set
    /// FELTSENSE_COPY_PASSPHRASE).
    Restore {
        /// The copy (a `feltsense-….fscopy` file).
        file: PathBuf,
        /// Restore without asking.
        #[arg(long)]
        yes: bool,
    },
}

fn journal_path(db: Option<PathBuf>) -> Result<PathBuf> {
    resolve_path(db).context("no data folder could be found; pass --db PATH or set FELTSENSE_DB")
}

/// An error worded in `lang`.
fn said(e: &impl Describe, lang: Lang) -> anyhow::Error {
    anyhow!("{}", e.describe(lang))
}

/// Runs `feltsense sync COMMAND` in `lang`.
pub fn run(db: Option<PathBuf>, command: SyncCommand, lang: Lang, out: &mut impl Write) -> Result<()> {
    let path = journal_path(db)?;
    match command {
        SyncCommand::Folder { path: folder, off } => set_folder(&path, folder.as_deref(), off, lang, out),
        SyncCommand::Name { name } => {
            let (mut store, _) = open(&path)?;
            store.set_computer_name(&name).map_err(|e| said(&e, lang))?;
            writeln!(out, "{} {}", lang.pick("This computer is now called", "Deze computer heet nu"), name.trim())?;
            Ok(())
        }
        SyncCommand::Now => now(&path, lang, out),
        SyncCommand::Status => status(&path, lang, out),
        SyncCommand::Conflicts => conflicts(&path, lang, out),
        SyncCommand::Keep { id, version } => keep(&path, &id, version, lang, out),
        SyncCommand::Restore { file, yes } => restore(&path, &file, yes, lang, out),
    }
}

fn open(path: &Path) -> Result<(Store, Option<Passphrase>)> {
    let key = super::passphrase::journal_key(path)?;
    let store = Store::open_with(path, key.as_ref())?;
    Ok((store, key))
}

fn set_folder(journal: &Path, folder: Option<&Path>, off: bool, lang: Lang, out: &mut impl Write) -> Result<()> {
    if off {
        state::update(journal, |s| s.folder = None).map_err(|e| said(&e, lang))?;
        writeln!(
            out,
            "{}",
            lang.pick(
                "No more copies are written. The copies in the folder stay.",
                "Er worden geen kopieën meer geschreven. De kopieën in de map blijven staan."
            )
        )?;
        return Ok(());
    }
    let folder = folder.context("name the folder")?;
    sync::folder::check_folder(folder).map_err(|e| said(&e, lang))?;
    let folder = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    let locked = crate::store::cipher::file_state(journal).ok() == Some(crate::store::cipher::FileState::Locked);
    let current = state::load(journal).map_err(|e| said(&e, lang))?;
    let new_key = if locked || current.copy_passphrase.is_some() {
        None
    } else {
        Some(super::passphrase::new_copy_passphrase()?)
    };
    state::update(journal, |s| {
        s.folder = Some(folder.clone());
        if let Some(k) = &new_key {
            s.set_copy_passphrase(Some(k));
        }
        if locked {
            // A locked journal's copies use its own passphrase; none is kept here.
            s.set_copy_passphrase(None);
        }
    })
    .map_err(|e| said(&e, lang))?;
    writeln!(out, "{} {}", lang.pick("Copies go to", "Kopieën gaan naar"), folder.display())?;
    writeln!(
        out,
        "{}",
        if locked {
            lang.pick(
                "They are locked with the journal's passphrase; use the same passphrase on every computer that shares this folder.",
                "Ze zijn vergrendeld met het wachtwoord van het dagboek; gebruik hetzelfde wachtwoord op elke computer die deze map deelt.",
            )
        } else {
            lang.pick(
                "They are locked with the copies' passphrase; give the same one on every computer that shares this folder.",
                "Ze zijn vergrendeld met het wachtwoord voor kopieën; geef hetzelfde op elke computer die deze map deelt.",
            )
        }
    )?;
    writeln!(
        out,
        "{}",
        lang.pick(
            "Run `feltsense sync now` (the window does it by itself).",
            "Voer `feltsense sync now` uit (het venster doet het vanzelf)."
        )
    )?;
    Ok(())
}

fn now(journal: &Path, lang: Lang, out: &mut impl Write) -> Result<()> {
    let (mut store, key) = open(journal)?;
    if store.computer_name().map_err(|e| said(&e, lang))?.is_empty() {
        let name = sync::default_computer_name();
        if !name.is_empty() {
            store.set_computer_name(&name).map_err(|e| said(&e, lang))?;
        }
    }
    let at = Local::now().fixed_offset();
    let written = sync::copy_now(journal, key.as_ref(), None, at);
    let copy_failed = match &written.result {
        Ok(w) => {
            writeln!(
                out,
                "{} {} ({})",
                lang.pick("Copy written:", "Kopie geschreven:"),
                w.path.display(),
                ENTRY.count(w.entries as u64, lang)
            )?;
            None
        }
        Err(SyncError::NoFolder) => return Err(said(&SyncError::NoFolder, lang)),
        Err(e) => {
            writeln!(
                out,
                "{} {}",
                lang.pick("No copy was written:", "Er is geen kopie geschreven:"),
                e.describe(lang)
            )?;
            Some(e.describe(lang))
        }
    };
    let mut seen = sync::Seen::new();
    let merged = sync::merge_now(&mut store, key.as_ref(), &mut seen, at).map_err(|e| said(&e, lang))?;
    let mut problems = 0;
    for f in &merged.files {
        let who = f.info.as_ref().map_or_else(
            || f.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            |i| words::computer(&i.computer_name, &i.computer_id, lang),
        );
        match &f.result {
            Ok(m) => writeln!(
                out,
                "{} {who}: {}",
                lang.pick("From", "Van"),
                words::merged(m.added, m.changed, m.deleted, m.new_conflicts, lang)
            )?,
            Err(e) => {
                problems += 1;
                writeln!(out, "{} {who}: {}", lang.pick("Not merged,", "Niet samengevoegd,"), e.describe(lang))?;
            }
        }
    }
    if merged.files.is_empty() {
        writeln!(
            out,
            "{}",
            lang.pick(
                "No other computer's copy in the folder yet.",
                "Nog geen kopie van een andere computer in de map."
            )
        )?;
    }
    match (copy_failed, problems) {
        (Some(why), _) => bail!("{why}"),
        (None, 0) => Ok(()),
        (None, n) => bail!(
            "{}",
            match lang {
                Lang::En =>
                    format!("{n} file(s) in the folder could not be merged (see above); nothing of them was lost"),
                Lang::Nl => format!(
                    "{n} bestand(en) in de map konden niet worden samengevoegd (zie hierboven); er is niets van verloren"
                ),
            }
        ),
    }
}

fn status(journal: &Path, lang: Lang, out: &mut impl Write) -> Result<()> {
    let s = state::load(journal).map_err(|e| said(&e, lang))?;
    match &s.folder {
        Some(f) => writeln!(out, "{} {}", lang.pick("Folder:", "Map:"), f.display())?,
        None => {
            writeln!(
                out,
                "{}",
                lang.pick(
                    "No folder is chosen; `feltsense sync folder PATH` chooses one.",
                    "Er is geen map gekozen; `feltsense sync folder PAD` kiest er een."
                )
            )?;
        }
    }
    writeln!(out, "{}", words::last_written(s.last_written.as_ref(), Zone::System, lang))?;
    if let Some(since) = &s.failing_since {
        writeln!(
            out,
            "{} {}",
            lang.pick("Writing fails since", "Schrijven mislukt sinds"),
            words::moment(since, Zone::System, lang)
        )?;
    }
    if let Some(at) = &s.last_merged {
        writeln!(
            out,
            "{} {}",
            lang.pick("Other computers last merged:", "Andere computers laatst samengevoegd:"),
            words::moment(at, Zone::System, lang)
        )?;
    }
    for (id, peer) in &s.peers {
        let merged = peer.last_merged.as_ref().map_or_else(String::new, |m| words::moment(m, Zone::System, lang));
        writeln!(out, "  {}: {} {merged}", words::computer(&peer.name, id, lang), lang.pick("merged", "samengevoegd"))?;
    }
    if journal.exists() {
        let (store, _) = open(journal)?;
        let n = store.conflict_count().map_err(|e| said(&e, lang))?;
        if n > 0 {
            writeln!(
                out,
                "{}",
                match lang {
                    Lang::En => format!(
                        "{} changed on two computers wait for your choice: `feltsense sync conflicts`",
                        ENTRY.count(n as u64, lang)
                    ),
                    Lang::Nl => format!(
                        "{} die op twee computers zijn gewijzigd wachten op je keuze: `feltsense sync conflicts`",
                        ENTRY.count(n as u64, lang)
                    ),
                }
            )?;
        }
    }
    Ok(())
}

fn conflicts(journal: &Path, lang: Lang, out: &mut impl Write) -> Result<()> {
    let (store, _) = open(journal)?;
    let list = store.conflicts().map_err(|e| said(&e, lang))?;
    if list.is_empty() {
        writeln!(out, "{}", lang.pick("No entry waits for a choice.", "Er wacht geen meting op een keuze."))?;
        return Ok(());
    }
    for c in &list {
        writeln!(out, "{}", c.uid)?;
        for (i, v) in c.versions.iter().enumerate() {
            let at = v.changed.with_timezone(&Local).fixed_offset();
            let origin =
                words::version_origin(v.entry.is_none(), &v.computer, v.this_computer, (&at, Zone::System), lang);
            let content = v.entry.as_ref().map_or_else(String::new, |e| {
                let note = e.note.lines().next().unwrap_or("");
                format!(
                    ": {} {} {note}",
                    crate::model::text::toast::entry_when(&e.at, Zone::System, lang),
                    crate::ui::views::journal::summary(e, lang)
                )
            });
            let shown = if i == 0 { lang.pick(" (shown now)", " (nu getoond)") } else { "" };
            writeln!(out, "  {}. {origin}{shown}{content}", i + 1)?;
        }
    }
    writeln!(
        out,
        "{}",
        lang.pick("Keep one with `feltsense sync keep ID N`.", "Houd er een met `feltsense sync keep ID N`.")
    )?;
    Ok(())
}

fn keep(journal: &Path, uid: &str, version: usize, lang: Lang, out: &mut impl Write) -> Result<()> {
    let (mut store, _) = open(journal)?;
    let list = store.conflicts().map_err(|e| said(&e, lang))?;
    let Some(c) = list.iter().find(|c| c.uid == uid) else {
        bail!(
            "{}",
            lang.pick(
                "that entry has no versions waiting for a choice",
                "die meting heeft geen versies die op een keuze wachten"
            )
        );
    };
    let Some(v) = version.checked_sub(1).and_then(|i| c.versions.get(i)) else {
        bail!(
            "{}",
            match lang {
                Lang::En => format!("choose a version from 1 to {}", c.versions.len()),
                Lang::Nl => format!("kies een versie van 1 tot en met {}", c.versions.len()),
            }
        );
    };
    store.keep_version(uid, &v.key).map_err(|e| said(&e, lang))?;
    writeln!(
        out,
        "{}",
        if v.entry.is_some() {
            lang.pick(
                "Kept. The other computers take it at their next merge.",
                "Gehouden. De andere computers nemen het over bij hun volgende samenvoeging.",
            )
        } else {
            lang.pick(
                "Deleted. The other computers delete it at their next merge.",
                "Verwijderd. De andere computers verwijderen het bij hun volgende samenvoeging.",
            )
        }
    )?;
    Ok(())
}

fn restore(journal: &Path, file: &Path, yes: bool, lang: Lang, out: &mut impl Write) -> Result<()> {
    let key = super::passphrase::copy_passphrase(file)?
        .context("run this in a terminal to be asked for the copy's passphrase, or set FELTSENSE_COPY_PASSPHRASE")?;
    let info = sync::read_copy(file, &key).map_err(|e| said(&e, lang))?;
    writeln!(
        out,
        "{}",
        words::copy_preview(
            &words::computer(&info.computer_name, &info.computer_id, lang),
            &info.written_at,
            Zone::System,
            info.entries,
            info.first_last,
            lang
        )
    )?;
    if !yes {
        if !std::io::stdin().is_terminal() {
            bail!("{}", lang.pick("add --yes to restore it", "voeg --yes toe om hem terug te zetten"));
        }
        write!(out, "{} {} [y/N] ", lang.pick("Make it the journal at", "Het dagboek maken in"), journal.display())?;
        out.flush()?;
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "j" | "J" | "ja") {
            writeln!(out, "{}", lang.pick("Nothing was changed.", "Er is niets veranderd."))?;
            return Ok(());
        }
    }
    let journal_key = super::passphrase::journal_key(journal)?;
    let lock = acquire_window_lock(journal).map_err(|e| match e {
        LockError::AlreadyOpen { .. } => said(&crate::store::backup::BackupError::InUse, lang),
        other => other.into(),
    })?;
    let done = sync::restore_copy(&lock, file, &key, journal_key.as_ref()).map_err(|e| said(&e, lang))?;
    writeln!(
        out,
        "{} {} ({})",
        lang.pick("Restored into", "Teruggezet in"),
        journal.display(),
        ENTRY.count(done.restored.entries as u64, lang)
    )?;
    if let Some(b) = &done.restored.safety_backup {
        writeln!(
            out,
            "{} {}",
            lang.pick("The journal as it was is kept in", "Het dagboek zoals het was, staat in"),
            b.path.display()
        )?;
    }
    if let Some(p) = &done.restored.set_aside {
        writeln!(
            out,
            "{} {}",
            lang.pick(
                "The journal as it was could not be read; a copy of it is kept in",
                "Het dagboek zoals het was kon niet worden gelezen; een kopie ervan staat in"
            ),
            p.display()
        )?;
    }
    writeln!(
        out,
        "{}",
        lang.pick(
            "This computer writes its own copies to the same folder from now on and merges the others'.",
            "Deze computer schrijft vanaf nu zijn eigen kopieën in dezelfde map en voegt die van de andere samen.",
        )
    )?;
    Ok(())
}
