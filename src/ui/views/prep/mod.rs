//! The Appointment view: get ready for the physiotherapist in under two minutes.
//!
//! - **Activities that matter**: the first setup (3, up to 5 activities in the person's own
//!   words, on the PSK or the PSFS), then the weekly scores, first against latest with the
//!   threshold, a chart per activity and the mean; retire and add keep the history.
//! - **Topics to discuss**: a free line, the list in its order (move up and down, tick off,
//!   dismiss), and the topics Feltsense suggests from the journal, each accepted or dismissed.
//! - **Appointments**: the reason for the visit, the next appointment, logging one, ticking off
//!   the open topics after it, and the period a report covers now.
//!
//! Everything comes from the snapshot ([`ViewCx`]); every change is a
//! [`Command::Prep`](crate::ui::command::Command::Prep) the journal worker checks inside its
//! transaction. The suggestions are computed off the UI thread once per data generation and day.

mod activities;
mod appointments;
mod topics;

use std::sync::Arc;

use chrono::NaiveDate;

use crate::analysis::suggest::{Suggestion, suggestions};
use crate::model::prep::{Instrument, Prep};
use crate::model::{Entry, Level, Message};
use crate::ui::command::{Command, PrepChange};
use crate::ui::jobs::{Data, Job};
use crate::ui::views::ViewCx;

/// The suggestions' inputs besides the entries: what the person keeps, and the day.
type SuggestKey = (Arc<Prep>, NaiveDate);

fn compute_suggestions(entries: &[Entry], key: &SuggestKey) -> Vec<Suggestion> {
    suggestions(entries, &key.0, key.1)
}

/// The view's state: what is being typed or chosen, and the answer the worker gave last.
pub struct PrepView {
    /// The instrument chosen in the first setup (`None`: the language's default).
    pub instrument: Option<Instrument>,
    /// The names typed in the first setup.
    pub names: [String; crate::model::prep::activity::MAX_ACTIVE],
    /// The scores chosen this week, by activity id.
    pub scores: std::collections::BTreeMap<String, Level>,
    /// The name of one more activity.
    pub new_activity: String,
    /// The activity whose retiring waits for a confirmation.
    confirm_retire: Option<String>,
    /// A new topic being typed.
    pub new_topic: String,
    /// The appointment date being typed.
    pub date_text: String,
    /// The reason being edited (`None`: shows the saved one).
    pub reason: Option<String>,
    /// A change is on its way to the worker.
    waiting: bool,
    error: Option<Message>,
    suggested: Job<(u64, SuggestKey), Vec<Suggestion>>,
}

impl Default for PrepView {
    fn default() -> Self {
        PrepView {
            instrument: None,
            names: Default::default(),
            scores: Default::default(),
            new_activity: String::new(),
            confirm_retire: None,
            new_topic: String::new(),
            date_text: String::new(),
            reason: None,
            waiting: false,
            error: None,
            suggested: Job::new("suggestions"),
        }
    }
}

impl std::fmt::Debug for PrepView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrepView").field("waiting", &self.waiting).finish_non_exhaustive()
    }
}

impl PrepView {
    /// The worker carried out `change`: clear what was typed for it.
    pub fn succeeded(&mut self, change: &PrepChange) {
        self.waiting = false;
        self.error = None;
        match change {
            PrepChange::AddActivities { .. } => {
                self.names = Default::default();
                self.new_activity.clear();
            }
            PrepChange::Rate { .. } => self.scores.clear(),
            PrepChange::Retire { .. } => self.confirm_retire = None,
            PrepChange::AddTopic(_) => self.new_topic.clear(),
            PrepChange::AddAppointment { .. } => self.date_text.clear(),
            PrepChange::Reason(_) => self.reason = None,
            _ => {}
        }
    }

    /// The change could not be made; nothing was written and the form keeps what was typed.
    pub fn failed(&mut self, why: Message) {
        self.waiting = false;
        self.error = Some(why);
    }

    /// Why the last change failed, if it did.
    pub fn error(&self) -> Option<&Message> {
        self.error.as_ref()
    }

    /// The suggestions for today, once computed (`None` while the entries load or it runs).
    fn suggestions(&mut self, ui: &egui::Ui, cx: &ViewCx<'_>) -> Option<Vec<Suggestion>> {
        let entries = cx.entries()?;
        let data = Data { generation: cx.generation(), entries: Arc::clone(entries) };
        let key = (Arc::clone(&cx.snapshot.prep), cx.now.date_naive());
        self.suggested.request(ui.ctx(), &data, &key, compute_suggestions);
        self.suggested.get(&(data.generation, key)).cloned()
    }

    /// Draws the view; returns what the person asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &ViewCx<'_>) -> Vec<Command> {
        let lang = cx.lang;
        let mut cmds = Vec::new();
        let suggested = self.suggestions(ui, cx);
        egui::ScrollArea::vertical().id_salt("prep_view").show(ui, |ui| {
            ui.heading(lang.pick("Ready for the appointment", "Klaar voor de afspraak"));
            ui.label(lang.pick(
                "Score the activities that matter, keep the topics you want to raise, and log your appointments. The report for your physiotherapist shows them on its first page.",
                "Scoor de activiteiten die ertoe doen, houd de onderwerpen bij die je wilt bespreken, en leg je afspraken vast. Het verslag voor je fysiotherapeut toont ze op de eerste pagina.",
            ));
            if let Some(e) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, e.text(lang));
            }
            ui.add_space(6.0);
            egui::CollapsingHeader::new(lang.pick("Activities that matter", "Activiteiten die ertoe doen"))
                .id_salt("prep_activities")
                .default_open(true)
                .show(ui, |ui| activities::ui(self, ui, cx, &mut cmds));
            egui::CollapsingHeader::new(lang.pick("Topics to discuss", "Onderwerpen om te bespreken"))
                .id_salt("prep_topics")
                .default_open(true)
                .show(ui, |ui| topics::ui(self, ui, cx, suggested.as_deref(), &mut cmds));
            egui::CollapsingHeader::new(lang.pick("Appointments", "Afspraken"))
                .id_salt("prep_appointments")
                .default_open(true)
                .show(ui, |ui| appointments::ui(self, ui, cx, &mut cmds));
        });
        if !cmds.is_empty() {
            self.waiting = true;
            self.error = None;
        }
        cmds
    }
}

/// A button whose accessible name is `name` while it shows `text` (e.g. "Up" named "Move up:
/// Jaw at night").
pub(crate) fn named_button(ui: &mut egui::Ui, enabled: bool, text: &str, name: &str) -> egui::Response {
    let resp = ui.add_enabled(enabled, egui::Button::new(text)).on_hover_text(name);
    let name = name.to_owned();
    resp.widget_info(move || egui::WidgetInfo::labeled(egui::accesskit::Role::Button, enabled, &name));
    resp
}
