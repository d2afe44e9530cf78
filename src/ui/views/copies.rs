//! Settings → "Copies in a folder": choose the folder (a USB stick, a Syncthing, Nextcloud or
//! Dropbox folder, a network share), the copies' passphrase for a journal without one, see when
//! the copy was last written and which computers take part, choose between the versions of an
//! entry changed on two computers, and restore a copy from the folder as this journal.
//!
//! The section draws from the worker's [`CopiesStatus`] and asks for everything with commands:
//! the worker changes the settings, writes and merges ([`CopiesChange`]); the effects thread shows
//! the folder and file dialogs and reads a copy for the restore's preview; a restore starts a new
//! worker that replaces the journal before opening it (the journal there is backed up first).

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::model::text::sync as words;
use crate::model::text::time::Zone;
use crate::model::{Lang, Message};
use crate::store::Passphrase;
use crate::store::sync::{Conflict, CopyInfo, RestoredCopy, SyncError};
use crate::ui::command::Command;
use crate::ui::effects::{DialogFor, Done, Effect};
use crate::ui::views::labelled_text;
use crate::ui::worker::{CopiesChange, CopiesStatus};

/// A password field with a visible label that screen readers link to it.
fn secret_field(ui: &mut egui::Ui, label: &str, text: &mut Zeroizing<String>) -> egui::Response {
    ui.horizontal_wrapped(|ui| {
        let l = ui.label(label);
        ui.add(egui::TextEdit::singleline(&mut **text).id_salt(("copies", label)).password(true).desired_width(220.0))
            .labelled_by(l.id)
    })
    .inner
}

/// The line under the section: the last answer worth saying.
#[derive(Debug)]
enum Note {
    Done(Message),
    Failed(Message),
}

/// State of the section.
#[derive(Debug, Default)]
pub struct CopiesView {
    /// The person's time zone, as of the last frame (the moments are on this clock).
    zone: Zone,
    folder_text: String,
    /// The folder field was filled from the settings once.
    folder_filled: bool,
    pass: Zeroizing<String>,
    again: Zeroizing<String>,
    name_text: Option<String>,
    note: Option<Note>,
    /// A change was asked and not answered yet.
    busy: bool,
    /// "Write a copy now" was clicked: its outcome gets a line.
    asked_copy: bool,
    dialog_seq: u64,
    restore_path: String,
    restore_pass: Zeroizing<String>,
    /// The copy previewed, for the path and passphrase it was read with.
    preview: Option<(PathBuf, Result<CopyInfo, Message>)>,
    previewing: bool,
    confirm: bool,
    /// The restore form is to be brought into view with the keyboard on its first field (the
    /// welcome's "Restore my journal from a copy"): for how many more frames it is asked.
    focus_restore: u8,
}

impl CopiesView {
    /// Takes the effects thread's answers that concern the section.
    pub fn receive(&mut self, done: &mut Option<Done>) {
        match done.take() {
            Some(Done::FileChosen { purpose: DialogFor::CopiesFolder, seq, path }) => {
                if seq == self.dialog_seq
                    && let Some(p) = path
                {
                    self.folder_text = p.display().to_string();
                }
            }
            Some(Done::FileChosen { purpose: DialogFor::Copy, seq, path }) => {
                if seq == self.dialog_seq
                    && let Some(p) = path
                {
                    self.restore_path = p.display().to_string();
                    self.preview = None;
                    self.confirm = false;
                }
            }
            Some(Done::CopyPreview(path, result)) => {
                self.previewing = false;
                self.preview = Some((path, result.map_err(Message::new)));
            }
            other => *done = other,
        }
    }

    /// The worker's answer to a change the section asked for.
    pub fn done(&mut self, change: &CopiesChange, result: Result<(), Message>) {
        self.busy = false;
        match result {
            Ok(()) => {
                self.note = match change {
                    CopiesChange::Folder { folder, .. } => {
                        self.pass = Zeroizing::default();
                        self.again = Zeroizing::default();
                        let f = folder.display().to_string();
                        Some(Note::Done(Message::from_fn(move |lang| {
                            format!("{} {f}.", lang.pick("Copies go to", "Kopieën gaan naar"))
                        })))
                    }
                    CopiesChange::Off => Some(Note::Done(Message::fixed(
                        "No more copies are written. The copies in the folder stay.",
                        "Er worden geen kopieën meer geschreven. De kopieën in de map blijven staan.",
                    ))),
                    CopiesChange::Name(_) => {
                        self.name_text = None;
                        None
                    }
                    CopiesChange::Now | CopiesChange::Keep { .. } => None,
                };
            }
            Err(e) => {
                self.asked_copy = false;
                self.note = Some(Note::Failed(e));
            }
        }
    }

    /// A copy was written (or not); a line when the person asked for it.
    pub fn copy_finished(&mut self, result: &Result<crate::store::sync::CopyWritten, SyncError>) {
        if std::mem::take(&mut self.asked_copy) {
            self.note = Some(match result {
                Ok(w) => {
                    let (path, n) = (w.path.display().to_string(), w.entries as u64);
                    Note::Done(Message::from_fn(move |lang| {
                        format!(
                            "{} {path} ({}).",
                            lang.pick("Copy written:", "Kopie geschreven:"),
                            crate::model::text::glossary::ENTRY.count(n, lang)
                        )
                    }))
                }
                Err(e) => Note::Failed(Message::described(e)),
            });
        }
    }

    /// Brings the restore form into view, the keyboard on its first field, when next drawn.
    pub fn focus_restore(&mut self) {
        self.focus_restore = 3;
    }

    /// The effects thread stopped (or the preview's effect did): no preview is coming.
    pub fn preview_stopped(&mut self) {
        self.previewing = false;
    }

    /// The outcome of a restore from a copy.
    pub fn restored(&mut self, result: &Result<RestoredCopy, SyncError>) {
        match result {
            Ok(_) => {
                self.restore_pass = Zeroizing::default();
                self.restore_path.clear();
                self.preview = None;
                self.confirm = false;
                self.folder_filled = false;
            }
            Err(e) => self.note = Some(Note::Failed(Message::described(e))),
        }
    }

    /// Draws the section. `status` is `None` until the worker has said how the copies are (and
    /// for a journal that is not open).
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        (lang, zone): (Lang, Zone),
        status: Option<&CopiesStatus>,
        open: bool,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        self.zone = zone;
        ui.heading(lang.pick("Copies in a folder", "Kopieën in een map"));
        ui.weak(lang.pick(
            "Feltsense can keep an encrypted copy of your journal in a folder you choose: a USB stick, a network \
             share, or a folder Syncthing, Nextcloud or Dropbox keeps in step with your other computers. It is \
             written after changes and once a day. Choose the same folder on your other computer: each writes its \
             own copy and takes in the other's, so you keep one journal on both.",
            "Feltsense kan een versleutelde kopie van je dagboek bewaren in een map die je kiest: een USB-stick, \
             een netwerkschijf, of een map die Syncthing, Nextcloud of Dropbox gelijk houdt met je andere \
             computers. Hij wordt geschreven na wijzigingen en eens per dag. Kies dezelfde map op je andere \
             computer: elk schrijft een eigen kopie en neemt die van de ander over, zodat je één dagboek op \
             beide houdt.",
        ));
        if let Some(s) = status {
            if !self.folder_filled {
                self.folder_filled = true;
                if let Some(f) = &s.state.folder {
                    self.folder_text = f.display().to_string();
                }
            }
            self.folder_ui(ui, lang, s, open, &mut commands);
            self.status_ui(ui, lang, s);
            ui.add_space(6.0);
            self.computers_ui(ui, lang, s, &mut commands);
            if !s.conflicts.is_empty() {
                ui.add_space(6.0);
                self.conflicts_ui(ui, (lang, zone), &s.conflicts, &mut commands);
            }
        } else if !open {
            ui.label(lang.pick(
                "Open a journal to choose a folder for its copies.",
                "Open een dagboek om een map voor de kopieën te kiezen.",
            ));
        }
        if let Some(note) = &self.note {
            match note {
                Note::Done(m) => ui.label(m.text(lang)),
                Note::Failed(m) => ui.colored_label(ui.visuals().error_fg_color, m.text(lang)),
            };
        }
        ui.add_space(8.0);
        self.restore_ui(ui, lang, &mut commands);
        commands
    }

    fn folder_ui(&mut self, ui: &mut egui::Ui, lang: Lang, s: &CopiesStatus, open: bool, commands: &mut Vec<Command>) {
        ui.horizontal_wrapped(|ui| {
            labelled_text(ui, lang.pick("Folder:", "Map:"), &mut self.folder_text, 300.0, "/home/me/Sync");
            if ui.button(lang.pick("Choose…", "Kiezen…")).clicked() {
                self.dialog_seq += 1;
                commands.push(Command::Effect(Effect::ChooseFolder {
                    purpose: DialogFor::CopiesFolder,
                    seq: self.dialog_seq,
                    current: PathBuf::from(self.folder_text.trim()),
                    title: lang.pick("Folder for the copies", "Map voor de kopieën").to_owned(),
                }));
            }
        });
        let needs_pass = !s.journal_locked && !s.has_copy_passphrase;
        if needs_pass {
            ui.label(lang.pick(
                "This journal has no passphrase, so choose one for its copies: nothing readable leaves this \
                 computer. Give the same passphrase on every computer that shares the folder, and keep it safe: \
                 without it nobody can read the copies, also not you.",
                "Dit dagboek heeft geen wachtwoord, dus kies er een voor de kopieën: er verlaat niets leesbaars \
                 deze computer. Geef op elke computer die de map deelt hetzelfde wachtwoord, en bewaar het goed: \
                 zonder kan niemand de kopieën lezen, ook jij niet.",
            ));
            secret_field(ui, lang.pick("Passphrase for the copies", "Wachtwoord voor de kopieën"), &mut self.pass);
            secret_field(
                ui,
                lang.pick("The copies' passphrase again", "Wachtwoord voor de kopieën nog een keer"),
                &mut self.again,
            );
        } else if s.journal_locked {
            ui.weak(lang.pick(
                "The copies are locked with the journal's passphrase; use the same passphrase on every computer \
                 that shares the folder.",
                "De kopieën zijn vergrendeld met het wachtwoord van het dagboek; gebruik hetzelfde wachtwoord op \
                 elke computer die de map deelt.",
            ));
        }
        ui.horizontal_wrapped(|ui| {
            let typed = PathBuf::from(self.folder_text.trim());
            let differs = s.state.folder.as_deref() != Some(typed.as_path());
            let can = open && !self.busy && !self.folder_text.trim().is_empty() && (differs || needs_pass);
            if ui.add_enabled(can, egui::Button::new(lang.pick("Use this folder", "Deze map gebruiken"))).clicked() {
                let passphrase = if needs_pass {
                    match Passphrase::confirmed(&self.pass, &self.again) {
                        Ok(p) => Some(p),
                        Err(e) => {
                            self.note = Some(Note::Failed(crate::ui::views::lock::form_message(&e)));
                            return;
                        }
                    }
                } else {
                    None
                };
                self.busy = true;
                self.note = None;
                commands.push(Command::Copies(CopiesChange::Folder { folder: typed, passphrase }));
            }
            if s.state.folder.is_some() {
                if ui
                    .add_enabled(
                        open && !self.busy && !s.copying,
                        egui::Button::new(lang.pick("Write a copy now", "Nu een kopie schrijven")),
                    )
                    .clicked()
                {
                    self.busy = true;
                    self.asked_copy = true;
                    self.note = None;
                    commands.push(Command::Copies(CopiesChange::Now));
                }
                if ui
                    .add_enabled(open && !self.busy, egui::Button::new(lang.pick("Stop the copies", "Kopieën stoppen")))
                    .clicked()
                {
                    self.busy = true;
                    commands.push(Command::Copies(CopiesChange::Off));
                }
            }
            if self.busy || s.copying {
                ui.spinner();
            }
        });
    }

    fn status_ui(&self, ui: &mut egui::Ui, lang: Lang, s: &CopiesStatus) {
        let Some(folder) = &s.state.folder else {
            ui.label(lang.pick("No copies are written yet.", "Er worden nog geen kopieën geschreven."));
            return;
        };
        ui.label(format!("{} {}", lang.pick("Copies go to", "Kopieën gaan naar"), folder.display()));
        ui.label(words::last_written(s.state.last_written.as_ref(), self.zone, lang));
        if s.copying {
            ui.label(lang.pick("Writing a copy…", "Kopie wordt geschreven…"));
        }
        if let Some(e) = &s.copy_failed {
            ui.colored_label(ui.visuals().error_fg_color, e.text(lang));
        }
        if let Some(since) = &s.state.failing_since {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!(
                    "{} {}",
                    lang.pick("No copy could be written since", "Er kon geen kopie worden geschreven sinds"),
                    words::moment(since, self.zone, lang)
                ),
            );
        }
        if let Some(e) = &s.read_failed {
            ui.colored_label(ui.visuals().error_fg_color, e.text(lang));
        }
        for p in &s.problems {
            let who = p.computer.clone().unwrap_or_else(|| p.file.clone());
            ui.colored_label(ui.visuals().warn_fg_color, format!("{who}: {}", p.why.text(lang)));
        }
    }

    fn computers_ui(&mut self, ui: &mut egui::Ui, lang: Lang, s: &CopiesStatus, commands: &mut Vec<Command>) {
        ui.horizontal_wrapped(|ui| {
            let name = words::computer(&s.computer_name, &s.computer_id, lang);
            match &mut self.name_text {
                None => {
                    ui.label(format!("{} {name}", lang.pick("This computer:", "Deze computer:")));
                    if ui.button(lang.pick("Rename…", "Andere naam…")).clicked() {
                        self.name_text = Some(s.computer_name.clone());
                    }
                }
                Some(text) => {
                    labelled_text(
                        ui,
                        lang.pick("Name of this computer:", "Naam van deze computer:"),
                        text,
                        180.0,
                        "Laptop",
                    );
                    let ok = !text.trim().is_empty() && !self.busy;
                    if ui.add_enabled(ok, egui::Button::new(lang.pick("Save name", "Naam bewaren"))).clicked() {
                        self.busy = true;
                        commands.push(Command::Copies(CopiesChange::Name(text.trim().to_owned())));
                    }
                    if ui.button(lang.pick("Cancel", "Annuleren")).clicked() {
                        self.name_text = None;
                    }
                }
            }
        });
        if s.state.peers.is_empty() {
            if s.state.folder.is_some() {
                ui.weak(lang.pick(
                    "No other computer's copy has been merged yet.",
                    "Er is nog geen kopie van een andere computer samengevoegd.",
                ));
            }
            return;
        }
        ui.label(egui::RichText::new(lang.pick("Other computers", "Andere computers")).strong());
        egui::Grid::new("copies_computers").num_columns(3).striped(true).show(ui, |ui| {
            for (id, peer) in &s.state.peers {
                ui.label(words::computer(&peer.name, id, lang));
                ui.label(peer.written_at.as_ref().map_or_else(String::new, |t| {
                    format!("{} {}", lang.pick("copy of", "kopie van"), words::moment(t, self.zone, lang))
                }));
                ui.label(peer.last_merged.as_ref().map_or_else(String::new, |t| {
                    format!("{} {}", lang.pick("merged", "samengevoegd"), words::moment(t, self.zone, lang))
                }));
                ui.end_row();
            }
        });
    }

    fn conflicts_ui(
        &mut self,
        ui: &mut egui::Ui,
        (lang, zone): (Lang, Zone),
        conflicts: &[Conflict],
        commands: &mut Vec<Command>,
    ) {
        let n = crate::model::text::glossary::ENTRY.count(conflicts.len() as u64, lang);
        ui.label(
            egui::RichText::new(match lang {
                Lang::En => format!("{n} changed on two computers: choose which version to keep"),
                Lang::Nl => format!("{n} op twee computers gewijzigd: kies welke versie je houdt"),
            })
            .strong(),
        );
        ui.weak(lang.pick(
            "Until you choose, the journal shows the first version and keeps the others; what you keep is taken \
             over by the other computers.",
            "Tot je kiest, toont het dagboek de eerste versie en bewaart het de andere; wat je houdt, nemen de \
             andere computers over.",
        ));
        for c in conflicts {
            ui.group(|ui| {
                for (i, v) in c.versions.iter().enumerate() {
                    let at = zone.local(&v.changed.fixed_offset());
                    let origin =
                        words::version_origin(v.entry.is_none(), &v.computer, v.this_computer, (&at, zone), lang);
                    let content = v.entry.as_ref().map_or_else(
                        || lang.pick("(deleted)", "(verwijderd)").to_owned(),
                        |e| {
                            let note = e.note.lines().next().unwrap_or("").trim();
                            let mut t = format!(
                                "{}: {}",
                                crate::model::text::toast::entry_when(&e.at, zone, lang),
                                crate::ui::views::journal::summary(e, lang)
                            );
                            if !note.is_empty() {
                                t.push_str(" – ");
                                t.push_str(note);
                            }
                            t
                        },
                    );
                    ui.horizontal_wrapped(|ui| {
                        let shown = if i == 0 { lang.pick(" (shown now)", " (nu getoond)") } else { "" };
                        ui.label(format!("{origin}{shown}: {content}"));
                        let keep = if v.entry.is_some() {
                            lang.pick("Keep this version", "Deze versie houden")
                        } else {
                            lang.pick("Delete it", "Verwijderen")
                        };
                        let r = ui.add_enabled(!self.busy, egui::Button::new(keep));
                        let name = format!("{keep}: {origin}");
                        r.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::accesskit::Role::Button, !self.busy, name.clone())
                        });
                        if r.clicked() {
                            self.busy = true;
                            commands
                                .push(Command::Copies(CopiesChange::Keep { uid: c.uid.clone(), key: v.key.clone() }));
                        }
                    });
                }
            });
        }
    }

    fn restore_ui(&mut self, ui: &mut egui::Ui, lang: Lang, commands: &mut Vec<Command>) {
        ui.label(egui::RichText::new(lang.pick("Restore from a copy", "Terugzetten vanuit een kopie")).strong());
        ui.weak(lang.pick(
            "On a new computer: choose a copy in the folder (feltsense-….fscopy) and give its passphrase, see what \
             it holds, then make it this journal. The journal here now is backed up first.",
            "Op een nieuwe computer: kies een kopie in de map (feltsense-….fscopy) en geef het wachtwoord, bekijk \
             wat erin staat, en maak er dan dit dagboek van. Het dagboek dat hier nu staat, wordt eerst bewaard.",
        ));
        ui.horizontal_wrapped(|ui| {
            let r =
                labelled_text(ui, lang.pick("Copy:", "Kopie:"), &mut self.restore_path, 300.0, "feltsense-….fscopy");
            if self.focus_restore > 0 {
                // Asked again for a few frames: the click that chose it may still take the
                // keyboard away in the frame after.
                self.focus_restore = if r.has_focus() { 0 } else { self.focus_restore - 1 };
                r.request_focus();
                r.scroll_to_me(Some(egui::Align::Center));
            }
            if r.changed() {
                self.preview = None;
                self.confirm = false;
            }
            if ui.button(lang.pick("Choose…", "Kiezen…")).clicked() {
                self.dialog_seq += 1;
                commands.push(Command::Effect(Effect::ChooseFile {
                    purpose: DialogFor::Copy,
                    seq: self.dialog_seq,
                    save: false,
                    current: PathBuf::from(self.restore_path.trim()),
                    title: lang.pick("Copy to restore", "Kopie om terug te zetten").to_owned(),
                }));
            }
        });
        let field =
            secret_field(ui, lang.pick("Passphrase of the copy", "Wachtwoord van de kopie"), &mut self.restore_pass);
        if field.changed() {
            self.preview = None;
            self.confirm = false;
        }
        let path = PathBuf::from(self.restore_path.trim());
        let key = Passphrase::new(self.restore_pass.as_str()).ok();
        ui.horizontal_wrapped(|ui| {
            let can = !self.restore_path.trim().is_empty() && key.is_some() && !self.previewing;
            if ui
                .add_enabled(can, egui::Button::new(lang.pick("Show what it holds", "Laten zien wat erin staat")))
                .clicked()
                && let Some(k) = &key
            {
                self.previewing = true;
                self.confirm = false;
                commands.push(Command::Effect(Effect::PreviewCopy { path: path.clone(), key: k.clone() }));
            }
            if self.previewing {
                ui.spinner();
            }
        });
        let Some((previewed, result)) = &self.preview else { return };
        match result {
            Err(e) => {
                ui.colored_label(ui.visuals().error_fg_color, e.text(lang));
            }
            Ok(info) => {
                let who = words::computer(&info.computer_name, &info.computer_id, lang);
                ui.label(words::copy_preview(&who, &info.written_at, self.zone, info.entries, info.first_last, lang));
                if previewed != &path {
                    return;
                }
                if self.confirm {
                    ui.label(lang.pick(
                        "This replaces the journal on this computer with the copy. The journal as it is now is backed \
                         up first (see Backups above).",
                        "Dit vervangt het dagboek op deze computer door de kopie. Het dagboek zoals het nu is, wordt \
                         eerst bewaard (zie Back-ups hierboven).",
                    ));
                    ui.horizontal_wrapped(|ui| {
                        if ui.button(lang.pick("Yes, restore this copy", "Ja, deze kopie terugzetten")).clicked()
                            && let Some(k) = &key
                        {
                            commands.push(Command::RestoreCopy(path.clone(), k.clone()));
                            self.confirm = false;
                        }
                        if ui.button(lang.pick("Cancel", "Annuleren")).clicked() {
                            self.confirm = false;
                        }
                    });
                } else if ui.button(lang.pick("Restore it as this journal…", "Als dit dagboek terugzetten…")).clicked()
                {
                    self.confirm = true;
                }
            }
        }
    }

    /// Fills the restore form (tests, and the welcome screen's "restore" choice).
    pub fn set_restore(&mut self, path: &Path, passphrase: &str) {
        self.restore_path = path.display().to_string();
        self.restore_pass = Zeroizing::new(passphrase.to_owned());
        self.preview = None;
        self.confirm = false;
    }
}
