//! Short messages at the bottom of the window. Errors stay until dismissed; other messages fade.
//! A toast keeps its [`Message`], not a text, so it is worded each frame in the language shown
//! then: an error that arrived in English reads in Dutch after a switch to Nederlands.

use std::time::Duration;

use crate::model::{Lang, Message};

/// How long an informational toast stays.
const INFO_SECONDS: f64 = 5.0;
/// How long a toast with an action (Undo) stays: long enough to reach its button by keyboard.
/// It does not fade while the pointer or the keyboard is on it, and the action's shortcut
/// (Ctrl+Z for undo) works after it has gone.
const ACTION_SECONDS: f64 = 12.0;

/// Kind of toast.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    /// Something worked.
    Info,
    /// Something failed; stays until dismissed.
    Error,
}

/// An action a toast offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastAction {
    /// Undo the last deletion.
    UndoDelete,
}

#[derive(Clone, Debug)]
struct Toast {
    kind: ToastKind,
    text: Message,
    action: Option<ToastAction>,
    shown_at: Option<f64>,
}

/// The queue of toasts.
#[derive(Default, Debug)]
pub struct Toasts {
    items: Vec<Toast>,
    /// The language they were last drawn in (for [`Toasts::texts`]).
    shown_in: Lang,
}

impl Toasts {
    /// Adds an informational message (short-lived; worded when shown, see
    /// [`crate::model::text::toast`]).
    pub fn info(&mut self, message: Message) {
        self.push(ToastKind::Info, message, None);
    }

    /// Adds an informational message with an action button.
    pub fn info_with(&mut self, message: Message, action: ToastAction) {
        self.push(ToastKind::Info, message, Some(action));
    }

    /// Adds an error, worded when shown (also written to the log on stderr once, in English).
    pub fn error(&mut self, message: Message) {
        eprintln!("feltsense: {message}");
        self.push(ToastKind::Error, message, None);
    }

    fn push(&mut self, kind: ToastKind, text: Message, action: Option<ToastAction>) {
        self.items.retain(|t| t.text != text);
        self.items.push(Toast { kind, text, action, shown_at: None });
        if self.items.len() > 4 {
            self.items.remove(0);
        }
    }

    /// Texts currently queued, in the language they were last drawn in (for tests).
    pub fn texts(&self) -> Vec<String> {
        self.items.iter().map(|t| t.text.text(self.shown_in)).collect()
    }

    /// Draws the toasts; returns an action the person clicked.
    pub fn show(&mut self, ui: &mut egui::Ui, lang: Lang) -> Option<ToastAction> {
        self.shown_in = lang;
        let now = ui.input(|i| i.time);
        let mut clicked = None;
        let mut dismiss = None;
        let mut next_expiry: Option<f64> = None;
        // Toasts the pointer or the keyboard was on last frame.
        let held: Vec<String> = ui.data(|d| d.get_temp(egui::Id::unique("feltsense_toasts_held"))).unwrap_or_default();
        let mut holding = Vec::new();
        for (i, t) in self.items.iter_mut().enumerate() {
            let shown = *t.shown_at.get_or_insert(now);
            let text = t.text.text(lang);
            if t.kind == ToastKind::Info {
                let seconds = if t.action.is_some() { ACTION_SECONDS } else { INFO_SECONDS };
                if held.contains(&text) {
                    // The person is on it: the clock starts again when they leave.
                    t.shown_at = Some(now);
                }
                let left = t.shown_at.unwrap_or(shown) + seconds - now;
                if left <= 0.0 {
                    dismiss = Some(i);
                    continue;
                }
                next_expiry = Some(next_expiry.map_or(left, |n: f64| n.min(left)));
            }
            let (fill, stroke) = match t.kind {
                ToastKind::Info => (ui.visuals().extreme_bg_color, ui.visuals().widgets.noninteractive.bg_stroke),
                ToastKind::Error => (
                    ui.visuals().error_fg_color.gamma_multiply(0.15),
                    egui::Stroke::new(1.0, ui.visuals().error_fg_color),
                ),
            };
            let frame =
                egui::Frame::new().fill(fill).stroke(stroke).corner_radius(6.0).inner_margin(8.0).show(ui, |ui| {
                    ui.horizontal_wrapped(|ui| {
                        let mut focused = false;
                        if t.kind == ToastKind::Error {
                            ui.colored_label(ui.visuals().error_fg_color, lang.pick("Problem:", "Probleem:"));
                        }
                        let label = ui.label(&text);
                        // A live region: screen readers announce the message when it appears.
                        let live = if t.kind == ToastKind::Error {
                            egui::accesskit::Live::Assertive
                        } else {
                            egui::accesskit::Live::Polite
                        };
                        ui.ctx().accesskit_node_builder(label.id, |node| node.set_live(live));
                        if let Some(action) = t.action {
                            let label = match action {
                                ToastAction::UndoDelete => lang.pick("Undo", "Ongedaan maken"),
                            };
                            let shortcut = match action {
                                ToastAction::UndoDelete => "Ctrl+Z",
                            };
                            let button = ui.button(label).on_hover_text(shortcut);
                            ui.ctx().accesskit_node_builder(button.id, |node| node.set_keyboard_shortcut(shortcut));
                            focused |= button.has_focus();
                            if button.clicked() {
                                clicked = Some(action);
                                dismiss = Some(i);
                            }
                        }
                        let close = ui.small_button(lang.pick("Dismiss", "Sluiten"));
                        focused |= close.has_focus();
                        if close.clicked() {
                            dismiss = Some(i);
                        }
                        focused
                    })
                    .inner
                });
            if frame.inner || frame.response.contains_pointer() {
                holding.push(text);
            }
        }
        ui.data_mut(|d| d.insert_temp(egui::Id::unique("feltsense_toasts_held"), holding));
        if let Some(i) = dismiss {
            self.items.remove(i);
            ui.ctx().request_repaint();
        }
        if let Some(left) = next_expiry {
            ui.ctx().request_repaint_after(Duration::from_secs_f64(left.max(0.05)));
        }
        clicked
    }
}
