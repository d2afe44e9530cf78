//! The frame: the shortcuts that work in every view, what the window draws around the views (top
//! bar, toasts, the screens for a journal that could not be opened or is locked), and the view on
//! screen, drawn from one [`ViewCx`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Key, Modifiers};

use super::link::JournalState;
use super::{App, QUIT, SAVE, SAVE_ENTER, UNDO_DELETE};
use crate::reminders::runner::WindowReminders;
use crate::ui::command::Command;
use crate::ui::toast::ToastAction;
use crate::ui::views::lock::LockContext;
use crate::ui::views::settings::JournalInfo;
use crate::ui::views::{ViewCx, ViewKind};

impl App {
    /// The shortcuts that work in every view, taken before any text field can see them.
    pub(super) fn shortcuts(&mut self, ui: &mut egui::Ui, ctx: &egui::Context) {
        let (save, quit) =
            ui.input_mut(|i| (i.consume_shortcut(&SAVE) | i.consume_shortcut(&SAVE_ENTER), i.consume_shortcut(&QUIT)));
        if quit {
            self.commands.push(Command::Quit);
        }
        // Ctrl+Z brings the last deleted entry back wherever the keyboard is, except in a text
        // field (there it undoes typing): a Delete by keyboard leaves the focus on a button.
        if self.last_deleted.is_some() && !ctx.text_edit_focused() && ui.input_mut(|i| i.consume_shortcut(&UNDO_DELETE))
        {
            self.commands.push(Command::UndoDelete);
        }
        // Escape closes the shortcuts window first (before a view sees it).
        if self.shortcuts_open && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
            self.shortcuts_open = false;
        }
        if self.reminders.as_ref().is_some_and(WindowReminders::take_open_log_request) {
            self.view = ViewKind::Log;
            ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
        }
        if self.reminders.as_ref().is_some_and(WindowReminders::take_open_experiment_request) {
            self.view = ViewKind::Experiments;
            ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
        }
        if self.reminders.as_ref().is_some_and(WindowReminders::take_open_activities_request) {
            self.view = ViewKind::Appointment;
            ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
        }
        if ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::F1)) {
            self.shortcuts_open = !self.shortcuts_open;
        }
        let digit_keys =
            [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5, Key::Num6, Key::Num7, Key::Num8, Key::Num9];
        for (i, key) in digit_keys.into_iter().enumerate() {
            if let Some(&v) = ViewKind::ALL.get(i)
                && ui.input_mut(|inp| inp.consume_key(Modifiers::COMMAND, key))
            {
                self.view = v;
                self.settings.last_view = v;
                self.welcome = None;
                // The keyboard goes into the view, not back to the top bar.
                self.focus_view = true;
            }
        }
        if save && self.view == ViewKind::Log && self.link.is_open() {
            let lang = self.lang();
            self.log.request_save(lang, &mut self.commands);
        }
        // Ctrl+L from any view opens the log with the keyboard in its quick-log line.
        let quick_log = crate::ui::views::log::FOCUS_QUICK_LOG;
        if ui.input(|i| i.modifiers.matches_exact(quick_log.modifiers) && i.key_pressed(quick_log.logical_key)) {
            self.view = ViewKind::Log;
            self.welcome = None;
        }
    }

    /// Draws the frame: panels, the view on screen, the shortcuts window.
    pub(super) fn draw(&mut self, ui: &mut egui::Ui, ctx: &egui::Context) {
        let lang = self.lang();
        // The window's accessible name says where the person is.
        let place = match (&self.welcome, &self.example) {
            (Some(_), _) => crate::ui::views::welcome::title(lang).to_owned(),
            (None, Some(_)) => format!("{} – {}", super::welcome::example_name(lang), self.view.name(lang)),
            (None, None) => self.view.name(lang).to_owned(),
        };
        ctx.accesskit_node_builder(egui::accesskit_root_id(), |node| {
            node.set_label(format!("Feltsense – {place}"));
        });
        self.apply_title(ctx);
        egui::Panel::top("top_bar").show(ui, |ui| {
            // The tabs wrap onto a second line when the window is too narrow for one (Dutch at
            // the smallest size); Help keeps its place at the right.
            let width = |ui: &egui::Ui, text: &str, style: egui::TextStyle| {
                ui.fonts_mut(|f| {
                    f.layout_no_wrap(text.to_owned(), style.resolve(ui.style()), egui::Color32::PLACEHOLDER).size().x
                })
            };
            let (pad, gap) = (ui.spacing().button_padding.x, ui.spacing().item_spacing.x);
            let help = lang.pick("Help", "Help");
            let help_w = width(ui, help, egui::TextStyle::Button) + 2.0 * pad + gap;
            let tabs_w: f32 = ViewKind::ALL
                .iter()
                .map(|v| width(ui, v.name(lang), egui::TextStyle::Button) + 2.0 * pad + gap)
                .sum::<f32>()
                + width(ui, "Feltsense", egui::TextStyle::Body)
                + 4.0 * gap;
            let wrap = tabs_w + help_w > ui.available_width();
            ui.horizontal(|ui| {
                let mut tabs = |ui: &mut egui::Ui| {
                    ui.strong("Feltsense");
                    ui.separator();
                    for v in ViewKind::ALL {
                        let on = self.view == v && self.welcome.is_none();
                        if ui.selectable_label(on, v.name(lang)).clicked() {
                            self.view = v;
                            self.settings.last_view = v;
                            self.welcome = None;
                        }
                    }
                };
                if wrap {
                    ui.allocate_ui_with_layout(
                        egui::vec2((ui.available_width() - help_w).max(0.0), 0.0),
                        egui::Layout::left_to_right(egui::Align::Center).with_main_wrap(true),
                        tabs,
                    );
                } else {
                    tabs(ui);
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button(help).on_hover_text("F1").clicked() {
                        self.shortcuts_open = !self.shortcuts_open;
                    }
                });
            });
        });
        self.example_banner(ui, ctx);
        egui::Panel::bottom("toasts").show_separator_line(false).show(ui, |ui| {
            if let Some(ToastAction::UndoDelete) = self.toasts.show(ui, lang) {
                self.commands.push(Command::UndoDelete);
            }
        });
        egui::CentralPanel::default_margins().show(ui, |ui| self.central(ui));
        if crate::ui::views::shortcuts::window(ctx, &mut self.shortcuts_open, lang) {
            self.show_welcome();
        }
    }

    /// The central panel: the failure or unlock screen, or the view on screen.
    fn central(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        if let Some(welcome) = &mut self.welcome {
            if let Some(outcome) = welcome.ui(ui, lang) {
                let ctx = ui.ctx().clone();
                self.on_welcome(outcome, &ctx);
            }
            return;
        }
        match &self.link.state {
            JournalState::Failed(path, msg) => {
                let (path, msg) = (path.clone(), msg.text(lang));
                self.failure_ui(ui, &path, &msg);
                return;
            }
            JournalState::Locked(path) => {
                let path = path.clone();
                self.locked_ui(ui, path);
                return;
            }
            JournalState::Missing if self.view != ViewKind::Settings => {
                ui.label(lang.pick(
                    "No place for the journal could be found. Choose a file in Settings.",
                    "Er is geen plek voor het dagboek gevonden. Kies een bestand in Instellingen.",
                ));
            }
            _ => {}
        }
        if std::mem::take(&mut self.focus_view) {
            focus_first_widget_below(ui);
        }
        let snapshot = Arc::clone(&self.link.snapshot);
        let mut cx = ViewCx::new(lang, &snapshot, self.link.is_open());
        cx.now = self.clock.now();
        cx.zone = self.zone;
        let mut cmds = match self.view {
            ViewKind::Log => self.log.ui(ui, &cx),
            ViewKind::Journal => self.journal_view.ui(ui, &cx),
            ViewKind::Insights => self.insights.ui(ui, &cx),
            ViewKind::Practice => self.practice.ui(ui, &cx),
            ViewKind::Experiments => self.experiments.ui(ui, &cx),
            ViewKind::Appointment => self.prep.ui(ui, &cx),
            ViewKind::Share => self.files.ui(ui, &cx),
            ViewKind::Settings => self.settings_ui(ui, &cx),
        };
        if cx.wants_entries() {
            self.link.want_entries();
        }
        self.commands.append(&mut cmds);
    }

    /// Settings: the form, the passphrase lock and the backups.
    fn settings_ui(&mut self, ui: &mut egui::Ui, cx: &ViewCx<'_>) -> Vec<Command> {
        let open = self.link.is_open();
        // The count is known once the worker has published a snapshot of the open journal.
        let entries = (open && cx.generation() > 0).then_some(cx.snapshot.count);
        let path = self.link.path().map(Path::to_path_buf);
        let info = JournalInfo { path: path.as_deref(), forced_by: self.link.forced_by(), entries };
        let lock = LockContext { lang: cx.lang, locked: open.then_some(self.link.key.is_some()) };
        egui::ScrollArea::vertical()
            .id_salt("settings_scroll")
            .show(ui, |ui| {
                let mut cmds = self.settings_view.ui(ui, &mut self.settings, &info);
                ui.add_space(8.0);
                cmds.extend(self.passphrase_view.ui(ui, &lock));
                ui.add_space(8.0);
                cmds.extend(self.backups_view.ui(ui, cx.lang, self.backups.as_ref(), open));
                ui.add_space(8.0);
                if self.example.is_some() {
                    // Copies and restores are for the person's own journal, never the example.
                    ui.heading(cx.lang.pick("Copies in a folder", "Kopieën in een map"));
                    ui.label(cx.lang.pick(
                        "Copies in a folder and restoring a copy are for your own journal: go back to it first \
                         (the button at the top).",
                        "Kopieën in een map en een kopie terugzetten zijn er voor je eigen dagboek: ga daar eerst \
                         naar terug (de knop bovenaan).",
                    ));
                } else {
                    cmds.extend(self.copies_view.ui(ui, (cx.lang, cx.zone), self.copies.as_deref(), open));
                }
                cmds
            })
            .inner
    }

    /// A locked journal: the passphrase form, and another journal can be chosen here too.
    fn locked_ui(&mut self, ui: &mut egui::Ui, path: PathBuf) {
        let lang = self.lang();
        egui::ScrollArea::vertical().id_salt("unlock_scroll").show(ui, |ui| {
            let mut cmds = self.unlock_view.ui(ui, lang, &path);
            ui.add_space(16.0);
            let info = JournalInfo { path: Some(&path), forced_by: self.link.forced_by(), entries: None };
            cmds.extend(self.settings_view.journal_file_ui(ui, &self.settings, &info));
            self.commands.append(&mut cmds);
        });
    }

    /// A journal that could not be opened: why, the file untouched, try again or quit, its
    /// backups to restore, and Settings to choose another file.
    fn failure_ui(&mut self, ui: &mut egui::Ui, path: &Path, msg: &str) {
        let lang = self.lang();
        if self.backups.is_none() && !self.backups_asked {
            self.commands.push(Command::ListBackups);
        }
        egui::ScrollArea::vertical().id_salt("failure_scroll").show(ui, |ui| {
            ui.heading(lang.pick("The journal could not be opened", "Het dagboek kon niet worden geopend"));
            ui.label(msg);
            ui.label(format!("{} {}", lang.pick("File:", "Bestand:"), path.display()));
            ui.weak(lang.pick("Feltsense did not change this file.", "Feltsense heeft dit bestand niet veranderd."));
            ui.add_space(8.0);
            ui.label(egui::RichText::new(lang.pick("What would you like to do?", "Wat wil je doen?")).strong());
            ui.horizontal(|ui| {
                if ui.button(lang.pick("Try again", "Opnieuw proberen")).clicked() {
                    self.commands.push(Command::Reopen);
                }
                if ui.button(lang.pick("Quit", "Afsluiten")).clicked() {
                    self.commands.push(Command::Quit);
                }
            });
            ui.add_space(8.0);
            let mut cmds = self.backups_view.ui(ui, lang, self.backups.as_ref(), false);
            ui.add_space(8.0);
            let mut settings = self.settings.clone();
            let info = JournalInfo { path: Some(path), forced_by: self.link.forced_by(), entries: None };
            cmds.extend(self.settings_view.ui(ui, &mut settings, &info));
            self.settings = settings;
            self.commands.append(&mut cmds);
        });
    }
}

/// Gives the keyboard to the first widget drawn after this point in `ui` (the view's first field
/// or button), as Tab would from a widget placed here: egui passes the focus on to the next
/// widget that asks for it.
fn focus_first_widget_below(ui: &egui::Ui) {
    let anchor = egui::Id::unique("feltsense_view_start");
    let layer = ui.layer_id();
    ui.memory_mut(|m| {
        m.request_focus(anchor);
        m.move_focus(egui::FocusDirection::Next);
        m.interested_in_focus(anchor, layer);
        m.move_focus(egui::FocusDirection::None);
    });
}
