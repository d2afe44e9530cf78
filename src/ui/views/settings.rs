//! The settings view: language, theme, and where the journal lives.

use std::path::{Path, PathBuf};

use crate::model::{Describe, Lang};
use crate::ui::command::Command;
use crate::ui::effects::{Done, Effect};
use crate::ui::settings::{Settings, Theme};
use crate::ui::views::labelled_text;

/// State of the settings view.
#[derive(Debug, Default)]
pub struct SettingsView {
    path_text: String,
    /// The Reminders section.
    pub reminders: RemindersSection,
}

/// What the settings view shows about the journal file.
pub struct JournalInfo<'a> {
    /// The file in use (or being opened).
    pub path: Option<&'a Path>,
    /// Set when `--db` or `FELTSENSE_DB` fixes the path for this run.
    pub forced_by: Option<&'static str>,
    /// Number of entries, when open.
    pub entries: Option<usize>,
}

impl SettingsView {
    /// Draws the view; changes to `settings` apply at once.
    pub fn ui(&mut self, ui: &mut egui::Ui, settings: &mut Settings, info: &JournalInfo<'_>) -> Vec<Command> {
        let mut commands = Vec::new();
        let lang = settings.lang;
        ui.heading(lang.pick("Language", "Taal"));
        ui.horizontal(|ui| {
            for l in Lang::ALL {
                ui.radio_value(&mut settings.lang, l, l.native_name());
            }
        });
        ui.add_space(8.0);
        ui.heading(lang.pick("Theme", "Thema"));
        ui.horizontal(|ui| {
            for t in Theme::ALL {
                ui.radio_value(&mut settings.theme, t, t.name(lang));
            }
        });
        ui.add_space(8.0);
        commands.extend(self.journal_file_ui(ui, settings, info));
        ui.add_space(8.0);
        let effects = self.reminders.ui(ui, lang, settings.journal_path.as_deref());
        commands.extend(effects.into_iter().map(Command::Effect));
        commands
    }

    /// The "Your journal file" section on its own (also shown when a journal cannot be opened
    /// or is locked): the file in use and how to open another.
    pub fn journal_file_ui(&mut self, ui: &mut egui::Ui, settings: &Settings, info: &JournalInfo<'_>) -> Vec<Command> {
        let mut commands = Vec::new();
        let lang = settings.lang;
        ui.heading(lang.pick("Your journal file", "Je dagboekbestand"));
        match info.path {
            Some(p) => ui.label(format!("{} {}", lang.pick("In use:", "In gebruik:"), p.display())),
            None => ui.label(lang.pick("No journal is open.", "Er is geen dagboek geopend.")),
        };
        if let Some(n) = info.entries {
            ui.label(format!("{n} {}", lang.pick("entries", "metingen")));
        }
        ui.weak(lang.pick(
            "Everything stays on this computer unless you export it. The file is readable by you only.",
            "Alles blijft op deze computer, tenzij je het exporteert. Alleen jij kunt het bestand lezen.",
        ));
        if let Some(src) = info.forced_by {
            ui.label(format!(
                "{} {src}.",
                lang.pick("For this run the file is set by", "Voor deze sessie is het bestand vastgelegd door")
            ));
        }
        ui.horizontal(|ui| {
            labelled_text(
                ui,
                lang.pick("Open another file:", "Ander bestand openen:"),
                &mut self.path_text,
                320.0,
                "/home/me/feltsense.sqlite",
            );
            let ok = !self.path_text.trim().is_empty();
            if ui.add_enabled(ok, egui::Button::new(lang.pick("Open", "Openen"))).clicked() {
                commands.push(Command::OpenJournal(Some(PathBuf::from(self.path_text.trim()))));
            }
        });
        if settings.journal_path.is_some()
            && ui.button(lang.pick("Use the default location", "Standaardlocatie gebruiken")).clicked()
        {
            commands.push(Command::OpenJournal(None));
        }
        commands
    }
}

/// The Reminders part of Settings: up to three daily times, "Remind me even when Feltsense is
/// closed", and a test button. The choices are kept per computer in `reminders.json` (see
/// [`crate::reminders`]). The section never touches a file itself: it asks for the settings
/// when first shown and for every write as an [`Effect`], which the app's effects thread carries
/// out; the answers come back through [`RemindersSection::receive`].
#[derive(Debug, Default)]
pub struct RemindersSection {
    /// `~/.config`: set for a test, else found by the effects thread when first shown.
    config_home: Option<PathBuf>,
    /// The program that runs in the background (this one, unless set for a test).
    exe: Option<PathBuf>,
    load: Load,
    /// Whether `reminders.json` exists (then language and journal changes are written to it).
    on_disk: bool,
    config: crate::reminders::ReminderConfig,
    texts: [String; crate::reminders::MAX_TIMES],
    autostart_present: bool,
    seen: Option<(Lang, Option<PathBuf>)>,
    /// The last answer worth a line, worded when drawn (in the language of that moment).
    message: Option<Note>,
    /// A test notification is on its way.
    testing: bool,
    /// "Even when closed" is being switched.
    switching: bool,
}

/// Whether the settings were read.
#[derive(Debug, Default, PartialEq, Eq)]
enum Load {
    #[default]
    NotAsked,
    Asked,
    Done,
}

/// The line under the section.
#[derive(Debug)]
enum Note {
    /// Reading or writing the settings, or switching the background program, failed.
    Failed(crate::reminders::ReminderError),
    /// The background program is on.
    On,
    /// The background program is off.
    Off,
    /// The test notification was sent.
    TestSent,
    /// The test notification could not be sent.
    TestFailed(crate::reminders::notify::NotifyError),
    /// The effects thread is not there or stopped.
    Stopped,
}

impl Note {
    fn is_error(&self) -> bool {
        matches!(self, Note::Failed(_) | Note::TestFailed(_) | Note::Stopped)
    }

    fn text(&self, lang: Lang) -> String {
        match self {
            Note::Failed(e) => e.describe(lang),
            Note::On => lang
                .pick(
                    "Reminders will also come while the window is closed, from now on and after each login.",
                    "Herinneringen komen nu ook als het venster dicht is, vanaf nu en na elke keer inloggen.",
                )
                .to_owned(),
            Note::Off => lang
                .pick(
                    "The background program is stopped and its autostart entry removed.",
                    "Het achtergrondprogramma is gestopt en het autostart-item is verwijderd.",
                )
                .to_owned(),
            Note::TestSent => lang
                .pick(
                    "Sent. If nothing appeared, check your desktop's notification settings.",
                    "Verstuurd. Zie je niets, kijk dan bij de meldingsinstellingen van je bureaublad.",
                )
                .to_owned(),
            Note::TestFailed(e) => {
                format!("{} {}", lang.pick("Could not send:", "Kon niet versturen:"), e.describe(lang))
            }
            Note::Stopped => lang
                .pick(
                    "This could not be done: the part of Feltsense that writes files stopped.",
                    "Dit kon niet: het deel van Feltsense dat bestanden schrijft, is gestopt.",
                )
                .to_owned(),
        }
    }
}

impl RemindersSection {
    /// A section using `config_home` instead of `$XDG_CONFIG_HOME`, and `exe` as the background
    /// program (tests).
    pub fn with_paths(config_home: PathBuf, exe: PathBuf) -> RemindersSection {
        RemindersSection { config_home: Some(config_home), exe: Some(exe), ..RemindersSection::default() }
    }

    /// The save of the settings as they are now, when there is a place for them.
    fn save(&mut self, lang: Lang, journal: Option<&Path>) -> Option<Effect> {
        self.config.lang = lang;
        self.config.journal = journal.map(Path::to_path_buf);
        let dir = crate::reminders::config_dir_in(self.config_home.as_deref()?);
        // Saved from now on (an error answer says otherwise).
        self.on_disk = true;
        Some(Effect::SaveReminders { dir, config: self.config.clone() })
    }

    /// Takes the effects thread's answer to something the section asked. Other answers are
    /// ignored.
    pub fn receive(&mut self, done: Done) {
        match done {
            Done::RemindersLoaded(loaded) => {
                self.load = Load::Done;
                if self.config_home.is_none() {
                    self.config_home = loaded.config_home;
                }
                self.on_disk = loaded.on_disk;
                self.texts = loaded.config.times.map(|t| t.at.format("%H:%M").to_string());
                self.config = loaded.config;
                self.autostart_present = loaded.autostart_present;
                self.message = loaded.problem.map(Note::Failed);
            }
            Done::RemindersSaved(Ok(())) => {}
            Done::RemindersSaved(Err(e)) => {
                self.on_disk = false;
                self.message = Some(Note::Failed(e));
            }
            Done::BackgroundReminders { on, result, autostart_present } => {
                self.switching = false;
                self.autostart_present = autostart_present;
                match result {
                    Ok(()) => {
                        self.config.even_when_closed = on;
                        self.message = Some(if on { Note::On } else { Note::Off });
                    }
                    Err(e) => self.message = Some(Note::Failed(e)),
                }
            }
            Done::TestReminder(result) => {
                self.testing = false;
                self.message = Some(match result {
                    Ok(()) => Note::TestSent,
                    Err(e) => Note::TestFailed(e),
                });
            }
            _ => {}
        }
    }

    /// The effects thread is gone: what was asked will not be answered.
    pub fn effects_stopped(&mut self) {
        if self.load == Load::Asked {
            self.load = Load::Done;
        }
        self.testing = false;
        self.switching = false;
        self.message = Some(Note::Stopped);
    }

    /// Draws the section. `journal` is the journal file chosen in Settings (`None`: default).
    /// Returns what should be written (or sent) on the effects thread.
    pub fn ui(&mut self, ui: &mut egui::Ui, lang: Lang, journal: Option<&Path>) -> Vec<Effect> {
        let mut effects = Vec::new();
        ui.heading(lang.pick("Reminders", "Herinneringen"));
        match self.load {
            Load::NotAsked => {
                self.load = Load::Asked;
                effects.push(Effect::LoadReminders { config_home: self.config_home.clone() });
                ui.spinner();
                return effects;
            }
            Load::Asked => {
                ui.spinner();
                return effects;
            }
            Load::Done => {}
        }
        // The notifications follow the window's language and journal.
        let now_seen = (lang, journal.map(Path::to_path_buf));
        if self.seen.as_ref().is_some_and(|s| *s != now_seen) && self.on_disk {
            effects.extend(self.save(lang, journal));
        }
        self.seen = Some(now_seen);

        ui.weak(lang.pick(
            "A gentle notification at the times you choose. None comes when you already logged in that part \
             of the day (night, morning, afternoon, evening).",
            "Een rustige melding op de tijden die je kiest. Er komt er geen als je in dat deel van de dag \
             (nacht, ochtend, middag, avond) al iets hebt vastgelegd.",
        ));
        let mut changed = false;
        for i in 0..crate::reminders::MAX_TIMES {
            ui.horizontal(|ui| {
                let name = format!("{} {}", lang.pick("Reminder", "Herinnering"), i + 1);
                changed |= ui.checkbox(&mut self.config.times[i].enabled, name).changed();
                let label = format!("{} {}:", lang.pick("Time", "Tijd"), i + 1);
                let resp = labelled_text(ui, &label, &mut self.texts[i], 60.0, "08:30");
                match crate::reminders::parse_time(&self.texts[i]) {
                    Some(t) => {
                        if t != self.config.times[i].at {
                            self.config.times[i].at = t;
                            changed = true;
                        }
                        if resp.lost_focus() {
                            self.texts[i] = t.format("%H:%M").to_string();
                        }
                    }
                    None => {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            lang.pick("Write the time as HH:MM, e.g. 08:30", "Schrijf de tijd als UU:MM, bijv. 08:30"),
                        );
                    }
                }
            });
        }
        if changed {
            effects.extend(self.save(lang, journal));
        }

        let mut closed = self.config.even_when_closed;
        ui.horizontal(|ui| {
            let resp = ui.add_enabled(
                !self.switching,
                egui::Checkbox::new(
                    &mut closed,
                    lang.pick("Remind me even when Feltsense is closed", "Herinner me ook als Feltsense dicht is"),
                ),
            );
            if resp.changed() {
                effects.extend(self.set_even_when_closed(closed, lang, journal));
            }
            if self.switching {
                ui.spinner();
            }
        });
        ui.weak(lang.pick(
            "This adds a small background program to your login (an autostart entry in your home folder, \
             nothing system-wide) that sends these reminders while the window is closed. Untick to stop it \
             and remove the entry.",
            "Dit voegt een klein achtergrondprogramma toe aan je opstartprogramma's (een autostart-item in je \
             thuismap, niets voor het hele systeem) dat deze herinneringen stuurt als het venster dicht is. \
             Vink uit om het te stoppen en het item te verwijderen.",
        ));
        if self.config.even_when_closed && !self.autostart_present && !self.switching {
            ui.label(lang.pick(
                "The autostart entry is missing: untick and tick again to restore it.",
                "Het autostart-item ontbreekt: vink uit en weer aan om het terug te zetten.",
            ));
        }

        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    !self.testing,
                    egui::Button::new(lang.pick("Send a test reminder", "Stuur een testherinnering")),
                )
                .clicked()
            {
                self.testing = true;
                self.message = None;
                effects.push(Effect::TestReminder(lang));
            }
            if self.testing {
                ui.spinner();
            }
        });
        if let Some(note) = &self.message {
            let text = note.text(lang);
            if note.is_error() {
                ui.colored_label(ui.visuals().error_fg_color, text);
            } else {
                ui.label(text);
            }
        }
        effects
    }

    fn set_even_when_closed(&mut self, on: bool, lang: Lang, journal: Option<&Path>) -> Option<Effect> {
        let config_home = self.config_home.clone()?;
        // Keep the times chosen so far: the effect saves them first.
        self.config.lang = lang;
        self.config.journal = journal.map(Path::to_path_buf);
        self.on_disk = true;
        self.switching = true;
        Some(Effect::BackgroundReminders { config_home, exe: self.exe.clone(), config: self.config.clone(), on })
    }
}
