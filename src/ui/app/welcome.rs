//! The welcome and the example journal, as the app applies them: the welcome's choices
//! ([`WelcomeChoice`]), switching to the example journal (a file of its own, made anew by the
//! worker) and back, and what the window says while the example is open (title, banner).

use std::path::PathBuf;

use super::App;
use crate::model::{Lang, Message};
use crate::store::Passphrase;
use crate::ui::views::ViewKind;
use crate::ui::views::welcome::{WelcomeChoice, WelcomeOutcome, WelcomeView};
use crate::ui::worker::BeforeOpening;

/// How many years the example journal covers.
const EXAMPLE_YEARS: u32 = 1;
/// The example's seed (the same made-up person every time).
const EXAMPLE_SEED: u64 = 23;

/// The example journal while it is open.
#[derive(Debug)]
pub(super) struct ExampleMode {
    /// Its file (beside the person's journal).
    pub(super) path: PathBuf,
    /// The passphrase the person's journal was unlocked with, kept for the way back.
    real_key: Option<Passphrase>,
    /// The view that was on screen.
    real_view: ViewKind,
}

/// The window's title: "Feltsense", or that it is the example.
pub(super) fn window_title(example: bool, lang: Lang) -> String {
    if example { format!("Feltsense – {}", example_name(lang)) } else { "Feltsense".to_owned() }
}

/// "Example journal" / "Voorbeelddagboek".
pub(super) fn example_name(lang: Lang) -> &'static str {
    lang.pick("Example journal", "Voorbeelddagboek")
}

impl App {
    /// Shows the welcome (the first run does; Help → "Show the welcome again").
    pub fn show_welcome(&mut self) {
        self.welcome = Some(WelcomeView::default());
    }

    /// Whether the welcome is on screen.
    pub fn welcome_open(&self) -> bool {
        self.welcome.is_some()
    }

    /// Whether the example journal is open instead of the person's own.
    pub fn example_open(&self) -> bool {
        self.example.is_some()
    }

    /// The window title last set (tests read it; the window shows it).
    pub fn title(&self) -> Option<&str> {
        self.applied_title.as_deref()
    }

    /// The person's own journal file: `--db`/`FELTSENSE_DB`, the one chosen in Settings, or the
    /// platform default (also while the example is open).
    pub(super) fn real_path(&self) -> Option<PathBuf> {
        self.link.forced_path().or_else(|| self.settings.journal_path.clone()).or_else(crate::store::default_path)
    }

    /// Applies what the person chose on the welcome.
    pub(super) fn on_welcome(&mut self, outcome: WelcomeOutcome, ctx: &egui::Context) {
        self.welcome = None;
        self.settings.welcomed = true;
        match outcome {
            WelcomeOutcome::Chose(WelcomeChoice::StartJournal) => {
                self.leave_example(ctx);
                self.view = ViewKind::Log;
                self.focus_view = true;
            }
            WelcomeOutcome::Chose(WelcomeChoice::LookAround) => self.enter_example(ctx),
            WelcomeOutcome::Chose(WelcomeChoice::RestoreCopy) => {
                // The restore replaces the person's own journal, never the example.
                self.leave_example(ctx);
                self.view = ViewKind::Settings;
                self.copies_view.focus_restore();
            }
            WelcomeOutcome::Reminders => {
                self.leave_example(ctx);
                self.view = ViewKind::Settings;
            }
        }
    }

    /// Opens the example journal, made anew beside the person's journal (which is let go of,
    /// untouched).
    fn enter_example(&mut self, ctx: &egui::Context) {
        if self.example.is_some() {
            return;
        }
        let Some(path) = self.real_path().as_deref().and_then(crate::store::example::path_beside) else {
            self.toasts.error(Message::fixed(
                "There is no place for an example journal beside your journal.",
                "Er is geen plek voor een voorbeelddagboek naast je dagboek.",
            ));
            return;
        };
        let options = crate::demo::DemoOptions { years: EXAMPLE_YEARS, seed: EXAMPLE_SEED, end: self.clock.now() };
        let real_key = self.link.key.take();
        self.example = Some(ExampleMode { path, real_key, real_view: self.view });
        self.view = ViewKind::Journal;
        self.last_deleted = None;
        let lang = self.lang();
        self.open_journal(ctx, Some(BeforeOpening::MakeExample(options, lang, self.zone)));
    }

    /// Goes back from the example to the person's own journal (the example file is removed).
    pub(super) fn leave_example(&mut self, ctx: &egui::Context) {
        let Some(example) = self.example.take() else { return };
        self.link.key = example.real_key;
        self.view = example.real_view;
        self.last_deleted = None;
        self.open_journal(ctx, Some(BeforeOpening::RemoveExample(example.path)));
    }

    /// The banner over every view while the example is open: what it is, and the way back.
    pub(super) fn example_banner(&mut self, ui: &mut egui::Ui, ctx: &egui::Context) {
        if self.example.is_none() {
            return;
        }
        let lang = self.lang();
        let mut back = false;
        egui::Panel::top("example_banner").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.strong(format!("{}:", example_name(lang)));
                ui.label(lang.pick(
                    "made-up entries in a file of their own. Your journal is not touched.",
                    "verzonnen metingen in een eigen bestand. Je eigen dagboek blijft onaangeroerd.",
                ));
                back = ui.button(lang.pick("Back to my journal", "Terug naar mijn dagboek")).clicked();
            });
        });
        if back {
            self.leave_example(ctx);
        }
    }

    /// Sets the window's title when it should change (the example says so in the title).
    pub(super) fn apply_title(&mut self, ctx: &egui::Context) {
        let title = window_title(self.example.is_some(), self.lang());
        if self.applied_title.as_deref() != Some(title.as_str()) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.applied_title = Some(title);
        }
    }
}
