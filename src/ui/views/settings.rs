//! The settings view: language, theme, and where the journal lives.

use std::path::{Path, PathBuf};

use crate::model::Lang;
use crate::ui::command::Command;
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
        self.reminders.ui(ui, lang, settings.journal_path.as_deref());
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
            ui.label(format!("{n} {}", lang.pick("entries", "notities")));
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
/// [`crate::reminders`]), read when the section is first shown and written on every change.
#[derive(Debug, Default)]
pub struct RemindersSection {
    /// `~/.config` (from the environment when first shown, unless set for a test).
    config_home: Option<PathBuf>,
    /// The program that runs in the background (this one, unless set for a test).
    exe: Option<PathBuf>,
    loaded: bool,
    /// Whether `reminders.json` exists (then language and journal changes are written to it).
    on_disk: bool,
    config: crate::reminders::ReminderConfig,
    texts: [String; crate::reminders::MAX_TIMES],
    autostart_present: bool,
    seen: Option<(Lang, Option<PathBuf>)>,
    message: Option<(bool, String)>,
    test: Option<std::sync::mpsc::Receiver<Result<(), String>>>,
}

impl RemindersSection {
    /// A section using `config_home` instead of `$XDG_CONFIG_HOME`, and `exe` as the background
    /// program (tests).
    pub fn with_paths(config_home: PathBuf, exe: PathBuf) -> RemindersSection {
        RemindersSection { config_home: Some(config_home), exe: Some(exe), ..RemindersSection::default() }
    }

    fn dir(&self) -> Option<PathBuf> {
        self.config_home.as_deref().map(crate::reminders::config_dir_in)
    }

    fn load(&mut self, lang: Lang) {
        self.loaded = true;
        if self.config_home.is_none() {
            self.config_home = crate::reminders::config_home();
        }
        let Some(dir) = self.dir() else {
            self.message = Some((true, lang.pick("No home folder was found.", "Er is geen thuismap gevonden.").into()));
            return;
        };
        self.on_disk = dir.join(crate::reminders::CONFIG_FILE).exists();
        let (config, problem) = crate::reminders::ReminderConfig::load_or_default(&dir);
        if let Some(p) = problem {
            self.message = Some((true, p.to_string()));
            self.on_disk = false;
        }
        self.texts = config.times.map(|t| t.at.format("%H:%M").to_string());
        self.config = config;
        if let Some(home) = &self.config_home {
            self.autostart_present = crate::reminders::schedule::autostart_path(home).exists();
        }
    }

    fn save(&mut self, lang: Lang, journal: Option<&Path>) {
        self.config.lang = lang;
        self.config.journal = journal.map(Path::to_path_buf);
        let Some(dir) = self.dir() else { return };
        match self.config.save(&dir) {
            Ok(()) => self.on_disk = true,
            Err(e) => self.message = Some((true, e.to_string())),
        }
    }

    /// Draws the section. `journal` is the journal file chosen in Settings (`None`: default).
    pub fn ui(&mut self, ui: &mut egui::Ui, lang: Lang, journal: Option<&Path>) {
        if !self.loaded {
            self.load(lang);
        }
        // The notifications follow the window's language and journal.
        let now_seen = (lang, journal.map(Path::to_path_buf));
        if self.seen.as_ref().is_some_and(|s| *s != now_seen) && self.on_disk {
            self.save(lang, journal);
        }
        self.seen = Some(now_seen);

        ui.heading(lang.pick("Reminders", "Herinneringen"));
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
            self.save(lang, journal);
        }

        let mut closed = self.config.even_when_closed;
        if ui
            .checkbox(
                &mut closed,
                lang.pick("Remind me even when Feltsense is closed", "Herinner me ook als Feltsense dicht is"),
            )
            .changed()
        {
            self.set_even_when_closed(closed, lang, journal);
        }
        ui.weak(lang.pick(
            "This adds a small background program to your login (an autostart entry in your home folder, \
             nothing system-wide) that sends these reminders while the window is closed. Untick to stop it \
             and remove the entry.",
            "Dit voegt een klein achtergrondprogramma toe aan je opstartprogramma's (een autostart-item in je \
             thuismap, niets voor het hele systeem) dat deze herinneringen stuurt als het venster dicht is. \
             Vink uit om het te stoppen en het item te verwijderen.",
        ));
        if self.config.even_when_closed && !self.autostart_present {
            ui.label(lang.pick(
                "The autostart entry is missing: untick and tick again to restore it.",
                "Het autostart-item ontbreekt: vink uit en weer aan om het terug te zetten.",
            ));
        }

        ui.horizontal(|ui| {
            let sending = self.test.is_some();
            if ui
                .add_enabled(
                    !sending,
                    egui::Button::new(lang.pick("Send a test reminder", "Stuur een testherinnering")),
                )
                .clicked()
            {
                self.send_test(ui.ctx(), lang);
            }
            if sending {
                ui.spinner();
            }
        });
        self.poll_test(lang);
        if let Some((error, text)) = &self.message {
            if *error {
                ui.colored_label(ui.visuals().error_fg_color, text);
            } else {
                ui.label(text);
            }
        }
    }

    fn set_even_when_closed(&mut self, on: bool, lang: Lang, journal: Option<&Path>) {
        let Some(home) = self.config_home.clone() else { return };
        // Keep the times chosen so far.
        self.save(lang, journal);
        let result = if on {
            let exe = match self.exe.clone().map_or_else(std::env::current_exe, Ok) {
                Ok(exe) => exe,
                Err(e) => {
                    self.message = Some((true, e.to_string()));
                    return;
                }
            };
            crate::reminders::schedule::enable(&home, &exe, true).map(|_| {
                lang.pick(
                    "Reminders will also come while the window is closed, from now on and after each login.",
                    "Herinneringen komen nu ook als het venster dicht is, vanaf nu en na elke keer inloggen.",
                )
            })
        } else {
            crate::reminders::schedule::disable(&home).map(|_| {
                lang.pick(
                    "The background program is stopped and its autostart entry removed.",
                    "Het achtergrondprogramma is gestopt en het autostart-item is verwijderd.",
                )
            })
        };
        match result {
            Ok(text) => {
                self.config.even_when_closed = on;
                self.message = Some((false, text.to_owned()));
            }
            Err(e) => self.message = Some((true, e.to_string())),
        }
        self.autostart_present = crate::reminders::schedule::autostart_path(&home).exists();
    }

    fn send_test(&mut self, ctx: &egui::Context, lang: Lang) {
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new().name("test-reminder".into()).spawn(move || {
            let result = crate::reminders::notify::Notifier::session(false)
                .and_then(|n| n.send(&crate::reminders::notify::Message::test(lang), None))
                .map(drop)
                .map_err(|e| e.to_string());
            // The receiver is gone only when the window closed meanwhile.
            if tx.send(result).is_ok() {
                ctx.request_repaint();
            }
        });
        match spawned {
            Ok(_) => {
                self.test = Some(rx);
                self.message = None;
            }
            Err(e) => self.message = Some((true, e.to_string())),
        }
    }

    fn poll_test(&mut self, lang: Lang) {
        let Some(rx) = &self.test else { return };
        let result = match rx.try_recv() {
            Ok(r) => r,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Err("the test reminder was not sent".into()),
        };
        self.test = None;
        self.message = Some(match result {
            Ok(()) => (
                false,
                lang.pick(
                    "Sent. If nothing appeared, check your desktop's notification settings.",
                    "Verstuurd. Zie je niets, kijk dan bij de meldingsinstellingen van je bureaublad.",
                )
                .to_owned(),
            ),
            Err(e) => (true, format!("{} {e}", lang.pick("Could not send:", "Kon niet versturen:"))),
        });
    }
}
