//! The log view: body map, emotions, signals, practice, note, tags and time, saved in a minute.

use chrono::{DateTime, FixedOffset, Local, NaiveTime};

use egui::text::{CCursor, CCursorRange};
use egui::{Event, Key, KeyboardShortcut, Modifiers};

use crate::model::quick::{self, Item, Parsed};
use crate::model::text::time::Zone;
use crate::model::{
    BUILTIN_EMOTIONS, Entry, Lang, Level, Message, Practice, PracticeKind, Region, Signal, emotion_name,
};
use crate::ui::command::Command;
use crate::ui::views::{ViewCx, labelled_text};
use crate::ui::widgets::body_map::BodyMap;
use crate::ui::widgets::region_list::region_list;

/// Default intensity when an emotion chip is switched on.
const DEFAULT_INTENSITY: u8 = 5;

/// Ctrl+L: put the keyboard in the quick-log line (`/` does too when no text field has focus).
pub const FOCUS_QUICK_LOG: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::L);

/// How long the quick-log line waits after the last keystroke before it shows its problems (and
/// a screen reader announces them): long enough not to speak of a half-typed word.
pub const QUICK_PAUSE_SECONDS: f64 = 1.2;

/// The id of the quick-log line's text field.
pub fn quick_log_id() -> egui::Id {
    egui::Id::unique("feltsense_quick_log")
}

/// The log form. Everything typed stays here until a save succeeds.
#[derive(Debug)]
pub struct LogView {
    /// The entry being written (with an id when an existing entry is edited).
    pub draft: Entry,
    /// Per-region levels as shown on the map (`None` = not rated).
    pub levels: [Option<Level>; Region::COUNT],
    /// Region selected on the map.
    pub selected: Option<Region>,
    date_text: String,
    time_text: String,
    /// False while the time still means "now" (then the save time is used), or, for an edit, the
    /// entry's own time (kept to the second, with its own offset).
    time_edited: bool,
    /// The person's time zone: the date and time fields are on their clock.
    zone: Zone,
    tags_text: String,
    new_emotion: String,
    /// Why the last save failed, shown above the Save button until the next try.
    pub error: Option<Message>,
    /// The quick-log line ("neck 6, anxiety 7").
    pub quick: String,
    /// The line last parsed, in which language, and what came of it.
    quick_parsed: Option<(String, Lang, Parsed)>,
    /// The line as of the last frame, and when (egui's clock) it last changed.
    quick_seen: (String, f64),
    /// The line that Enter (or Save) refused, and how many refusals so far: each is announced
    /// anew.
    quick_refused: Option<String>,
    quick_refusals: u32,
    /// The person's own emotions, as last drawn (the quick log knows them too).
    custom_emotions: Vec<String>,
    /// Where F6 moves the keyboard: the panes' widgets as last drawn.
    panes: Panes,
}

/// The widgets of the four panes F6 / Shift+F6 move between: map, emotions, details, Save.
#[derive(Clone, Debug, Default)]
struct Panes {
    /// Each region's keyboard stop on the map.
    map: [Option<egui::Id>; Region::COUNT],
    /// The emotion chips.
    emotions: Vec<egui::Id>,
    /// Signals, practice, note, tags, date and time; the note first.
    details: Vec<egui::Id>,
    /// The Save button.
    save: Option<egui::Id>,
}

impl Panes {
    const COUNT: usize = 4;

    /// Which pane holds `id`.
    fn holding(&self, id: egui::Id) -> Option<usize> {
        if self.map.contains(&Some(id)) {
            Some(0)
        } else if self.emotions.contains(&id) {
            Some(1)
        } else if self.details.contains(&id) {
            Some(2)
        } else if self.save == Some(id) {
            Some(3)
        } else {
            None
        }
    }

    /// The widget that takes the keyboard when pane `i` is entered.
    fn entry(&self, i: usize, selected: Option<Region>) -> Option<egui::Id> {
        match i {
            0 => selected.and_then(|r| self.map[r.index()]).or_else(|| self.map.iter().flatten().next().copied()),
            1 => self.emotions.first().copied(),
            2 => self.details.first().copied(),
            _ => self.save,
        }
    }
}

impl Default for LogView {
    fn default() -> Self {
        Self::new_at(Local::now().fixed_offset())
    }
}

impl LogView {
    /// An empty form whose time means "now".
    pub fn new_at(now: DateTime<FixedOffset>) -> Self {
        LogView {
            draft: Entry::new(now),
            levels: [None; Region::COUNT],
            selected: None,
            date_text: now.format("%Y-%m-%d").to_string(),
            time_text: now.format("%H:%M").to_string(),
            time_edited: false,
            zone: Zone::System,
            tags_text: String::new(),
            new_emotion: String::new(),
            error: None,
            quick: String::new(),
            quick_parsed: None,
            quick_seen: (String::new(), 0.0),
            quick_refused: None,
            quick_refusals: 0,
            custom_emotions: Vec::new(),
            panes: Panes::default(),
        }
    }

    /// Loads a saved entry for editing, its date and time shown on the person's clock (`zone`).
    /// Unless the person changes them, saving keeps the entry's instant and its own offset.
    pub fn edit(entry: Entry, zone: Zone) -> Self {
        let mut v = Self::new_at(zone.local(&entry.at));
        v.zone = zone;
        for t in &entry.tensions {
            v.levels[t.region.index()] = Some(t.level);
        }
        v.tags_text = entry.tags.join(", ");
        v.draft = entry;
        v
    }

    /// True when an existing entry is being edited.
    pub fn is_editing(&self) -> bool {
        self.draft.id.is_some()
    }

    /// Copies the map of a previous check-in ("Same as last time").
    pub fn copy_map_from(&mut self, previous: &Entry) {
        self.levels = [None; Region::COUNT];
        for t in &previous.tensions {
            self.levels[t.region.index()] = Some(t.level);
        }
        self.selected = None;
    }

    /// Builds the entry to save from the form, or explains what is wrong with it (worded when
    /// shown).
    pub fn build_entry(&self, now: DateTime<FixedOffset>) -> Result<Entry, Message> {
        let mut e = self.draft.clone();
        e.at = match (self.time_edited, self.is_editing()) {
            (true, _) => self.parse_time()?,
            (false, true) => self.draft.at,
            (false, false) => now,
        };
        e.tensions.clear();
        for r in Region::ALL {
            e.set_tension(r, self.levels[r.index()]);
        }
        e.tags = self.tags_text.split(',').map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).collect();
        e.normalize();
        if e.tensions.is_empty()
            && e.emotions.is_empty()
            && e.signals.is_empty()
            && e.practice.is_none()
            && e.note.trim().is_empty()
        {
            return Err(Message::fixed(
                "Nothing to save yet: tap where you feel tension, or pick an emotion.",
                "Nog niets om te bewaren: tik aan waar je spanning voelt, of kies een emotie.",
            ));
        }
        e.validate().map_err(Message::new)?;
        Ok(e)
    }

    fn parse_time(&self) -> Result<DateTime<FixedOffset>, Message> {
        let date = crate::model::dates::parse(&self.date_text).map_err(Message::new)?;
        let time = NaiveTime::parse_from_str(self.time_text.trim(), "%H:%M").map_err(|_| {
            let typed = self.time_text.clone();
            Message::from_fn(move |lang| {
                format!(
                    "{} `{typed}`",
                    lang.pick("Time should look like 08:30, not", "Tijd moet eruitzien als 08:30, niet")
                )
            })
        })?;
        self.zone.from_local(date.and_time(time)).ok_or_else(|| {
            Message::fixed("That time does not exist here (clock change).", "Die tijd bestaat hier niet (klok verzet).")
        })
    }

    /// What the quick-log line says now (`None` while it is blank).
    pub fn quick_parsed(&mut self, lang: Lang, custom_emotions: &[String]) -> Option<&Parsed> {
        if self.quick.trim().is_empty() {
            return None;
        }
        let stale = self.quick_parsed.as_ref().is_none_or(|(text, l, _)| *text != self.quick || *l != lang);
        if stale {
            self.quick_parsed = Some((self.quick.clone(), lang, quick::parse(&self.quick, lang, custom_emotions)));
        }
        self.quick_parsed.as_ref().map(|(_, _, p)| p)
    }

    /// Moves a clean quick-log line into the form and asks to save it; a line with problems stays
    /// as it is (its problems are shown under it). Returns whether a save was requested.
    pub fn save_quick(&mut self, lang: Lang, custom_emotions: &[String], commands: &mut Vec<Command>) -> bool {
        let Some(parsed) = self.quick_parsed(lang, custom_emotions).filter(|p| p.is_clean()).cloned() else {
            return false;
        };
        let before = (self.levels, self.draft.clone(), self.tags_text.clone());
        for (_, item) in &parsed.items {
            match item {
                Item::Tension(t) => self.levels[t.region.index()] = Some(t.level),
                Item::Tag(tag) => {
                    let mut tags: Vec<String> =
                        self.tags_text.split(',').map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).collect();
                    if !tags.contains(tag) {
                        tags.push(tag.clone());
                    }
                    self.tags_text = tags.join(", ");
                }
                _ => {}
            }
        }
        parsed.apply_to(&mut self.draft);
        let n = commands.len();
        self.request_save_form(commands);
        if commands.len() > n {
            self.quick.clear();
            self.quick_parsed = None;
            true
        } else {
            // Not saved: the form goes back to what it was, the line keeps what was typed.
            (self.levels, self.draft, self.tags_text) = before;
            false
        }
    }

    /// The quick-log line, its problems and what it understood.
    fn quick_ui(&mut self, ui: &mut egui::Ui, cx: &ViewCx<'_>, commands: &mut Vec<Command>) {
        let lang = cx.lang;
        let id = quick_log_id();
        // Ctrl+L, or `/` while no text field has the keyboard, puts the keyboard here.
        let typing_elsewhere = ui.ctx().text_edit_focused();
        let summon = ui.input_mut(|i| {
            let ctrl_l = i.consume_shortcut(&FOCUS_QUICK_LOG);
            let is_slash = |e: &Event| match e {
                Event::Text(t) => t == "/",
                Event::Key { key: Key::Slash, modifiers, .. } => !modifiers.any(),
                _ => false,
            };
            let slash = !typing_elsewhere && i.events.iter().any(is_slash);
            if slash {
                i.events.retain(|e| !is_slash(e));
            }
            ctrl_l || slash
        });
        if summon {
            ui.memory_mut(|m| m.request_focus(id));
        }
        // Tab completes the name being typed (and only then stays in the line).
        if ui.memory(|m| m.has_focus(id)) {
            let tab =
                |e: &Event| matches!(e, Event::Key { key: Key::Tab, pressed: true, modifiers, .. } if !modifiers.any());
            if ui.input(|i| i.events.iter().any(tab))
                && let Some(done) = quick::complete(&self.quick, lang, cx.custom_emotions)
            {
                ui.input_mut(|i| i.events.retain(|e| !matches!(e, Event::Key { key: Key::Tab, .. })));
                self.quick = done;
                let mut state = egui::TextEdit::load_state(ui.ctx(), id).unwrap_or_default();
                state.cursor.set_char_range(Some(CCursorRange::one(CCursor::new(self.quick.chars().count()))));
                state.store(ui.ctx(), id);
            }
        }
        let resp = ui
            .horizontal(|ui| {
                let label = ui.label(egui::RichText::new(lang.pick("Quick log:", "Snel noteren:")).strong());
                ui.add(egui::TextEdit::singleline(&mut self.quick).id(id).desired_width(f32::INFINITY).hint_text(
                    lang.pick(
                        "neck 6, left shoulder 4, anxiety 7, #work: meeting ran late   (Ctrl+L, Enter saves)",
                        "nek 6, linkerschouder 4, angst 7, #werk: vergadering liep uit   (Ctrl+L, Enter bewaart)",
                    ),
                ))
                .labelled_by(label.id)
            })
            .inner;
        let completes = quick::complete(&self.quick, lang, cx.custom_emotions).is_some();
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                id,
                egui::EventFilter { tab: completes, horizontal_arrows: true, ..Default::default() },
            );
        });
        if resp.lost_focus()
            && ui.input(|i| i.key_pressed(Key::Enter))
            && !self.save_quick(lang, cx.custom_emotions, commands)
            && !self.quick.trim().is_empty()
        {
            self.refuse_quick();
            ui.memory_mut(|m| m.request_focus(id));
        }
        // Problems wait for a pause in the typing (or Enter), so that a half-typed word is
        // neither shown nor announced as a mistake.
        let now = ui.input(|i| i.time);
        if self.quick_seen.0 != self.quick {
            self.quick_seen = (self.quick.clone(), now);
        }
        let refused = self.quick_refused.as_deref() == Some(self.quick.as_str());
        let waited = now - self.quick_seen.1;
        let paused = waited >= QUICK_PAUSE_SECONDS;
        if !paused && !refused && !self.quick.trim().is_empty() {
            ui.ctx().request_repaint_after(std::time::Duration::from_secs_f64(QUICK_PAUSE_SECONDS - waited));
        }
        let refusals = self.quick_refusals;
        let Some(parsed) = self.quick_parsed(lang, cx.custom_emotions) else {
            return;
        };
        let understood: Vec<String> = parsed.items.iter().map(|(_, item)| item_text(item, lang)).collect();
        let problems: Vec<String> = parsed.problems.iter().map(|p| p.describe(lang)).collect();
        let note = parsed.note.clone();
        if !understood.is_empty() || !note.is_empty() {
            let mut text = format!("{} {}", lang.pick("Understood:", "Begrepen:"), understood.join(", "));
            if !note.is_empty() {
                text.push_str(&format!(
                    "{}{} “{note}”",
                    if understood.is_empty() { "" } else { "; " },
                    lang.pick("note", "notitie")
                ));
            }
            ui.weak(text);
        }
        if problems.is_empty() || !(paused || refused) {
            return;
        }
        // One live region for all problems: announced once when it appears after a pause, and
        // again (a new node, assertively) each time Enter or Save is refused.
        let text = if refused {
            format!("{}\n{}", lang.pick("Not saved:", "Niet bewaard:"), problems.join("\n"))
        } else {
            problems.join("\n")
        };
        ui.push_id(("quick_problems", refused, refusals), |ui| {
            let label = ui.colored_label(ui.visuals().error_fg_color, text);
            let live = if refused { egui::accesskit::Live::Assertive } else { egui::accesskit::Live::Polite };
            ui.ctx().accesskit_node_builder(label.id, |node| node.set_live(live));
        });
    }

    /// Enter or Save refused the quick-log line: its problems are shown and announced now.
    fn refuse_quick(&mut self) {
        self.quick_refused = Some(self.quick.clone());
        self.quick_refusals = self.quick_refusals.wrapping_add(1);
    }

    /// The levels, emotions and signals to show: the form's, with the quick-log line's on top.
    fn preview(&mut self, lang: Lang, custom: &[String]) -> Preview {
        let mut p = Preview { levels: self.levels, emotions: Vec::new(), signals: Vec::new() };
        if let Some(parsed) = self.quick_parsed(lang, custom) {
            for (_, item) in &parsed.items {
                match item {
                    Item::Tension(t) => p.levels[t.region.index()] = Some(t.level),
                    Item::Emotion(e) => p.emotions.push(e.code.clone()),
                    Item::Signal(s) => p.signals.push(*s),
                    _ => {}
                }
            }
        }
        p
    }

    /// F6 / Shift+F6: the keyboard moves to the next / previous pane (map, emotions, details,
    /// Save), from wherever it is.
    fn pane_keys(&mut self, ui: &mut egui::Ui) {
        // Shift+F6 first: a plain F6 pattern would also match it.
        let (previous, next) =
            ui.input_mut(|i| (i.consume_key(Modifiers::SHIFT, Key::F6), i.consume_key(Modifiers::NONE, Key::F6)));
        if !(next || previous) {
            return;
        }
        let current = ui.memory(|m| m.focused()).and_then(|id| self.panes.holding(id));
        let n = Panes::COUNT;
        let target = match (current, next) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(c), true) => (c + 1) % n,
            (Some(c), false) => (c + n - 1) % n,
        };
        if let Some(id) = self.panes.entry(target, self.selected) {
            ui.memory_mut(|m| m.request_focus(id));
        }
    }

    /// Draws the form; returns what the person asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &ViewCx<'_>) -> Vec<Command> {
        let lang = cx.lang;
        let mut commands = Vec::new();
        self.zone = cx.zone;
        if self.custom_emotions != cx.custom_emotions {
            self.custom_emotions = cx.custom_emotions.to_vec();
            self.quick_parsed = None;
        }
        self.pane_keys(ui);
        self.quick_ui(ui, cx, &mut commands);
        ui.add_space(4.0);
        let preview = self.preview(lang, cx.custom_emotions);
        ui.columns(2, |cols| {
            let left = &mut cols[0];
            left.heading(lang.pick("Where do you feel tension?", "Waar voel je spanning?"));
            // The map shows the quick-log line's levels too; what the mouse changes goes to the form.
            let mut shown = preview.levels;
            self.panes.map = BodyMap::new(&mut shown, &mut self.selected, lang).show(left).focus_ids;
            for r in Region::ALL {
                if shown[r.index()] != preview.levels[r.index()] {
                    self.levels[r.index()] = shown[r.index()];
                }
            }
            left.horizontal(|ui| {
                if ui.button(lang.pick("Same as last time", "Zelfde als vorige keer")).clicked() {
                    commands.push(Command::SameAsLastTime);
                }
                if ui.button(lang.pick("Clear map", "Kaart wissen")).clicked() {
                    self.levels = [None; Region::COUNT];
                    self.selected = None;
                }
            });
            egui::CollapsingHeader::new(lang.pick("All regions as a list", "Alle gebieden als lijst"))
                .id_salt("region_list")
                .show(left, |ui| {
                    region_list(ui, &mut self.levels, lang);
                });

            let right = &mut cols[1];
            egui::ScrollArea::vertical().id_salt("log_form").show(right, |ui| {
                self.emotions_ui(ui, cx, &preview, &mut commands);
                ui.separator();
                self.signals_ui(ui, lang, &preview);
                ui.separator();
                self.practice_ui(ui, lang);
                ui.separator();
                self.note_ui(ui, lang);
                ui.separator();
                self.time_ui(ui, lang);
                ui.separator();
                self.actions_ui(ui, cx, &mut commands);
            });
        });
        commands
    }

    fn emotions_ui(&mut self, ui: &mut egui::Ui, cx: &ViewCx<'_>, preview: &Preview, commands: &mut Vec<Command>) {
        let lang = cx.lang;
        ui.heading(lang.pick("What did you feel?", "Wat voelde je?"));
        let codes: Vec<&str> =
            BUILTIN_EMOTIONS.iter().map(|e| e.code).chain(cx.custom_emotions.iter().map(String::as_str)).collect();
        self.panes.emotions.clear();
        ui.horizontal_wrapped(|ui| {
            for code in &codes {
                let previewed = preview.emotions.iter().any(|c| c == code);
                let mut on = self.draft.intensity_of(code).is_some() || previewed;
                let chip = ui.toggle_value(&mut on, emotion_name(code, lang));
                if chip.changed() {
                    self.draft.set_emotion(code, on.then(|| Level::new(DEFAULT_INTENSITY).unwrap_or(Level::ZERO)));
                }
                // With the chip focused, a digit sets the intensity (and chooses the emotion).
                if chip.has_focus()
                    && let Some(d) = take_digit(ui)
                {
                    self.draft.set_emotion(code, Level::new(d));
                }
                let intensity = self.draft.intensity_of(code);
                let description = match intensity {
                    Some(l) => format!("{}, {} {l}", emotion_name(code, lang), lang.pick("intensity", "intensiteit")),
                    None => format!("{}, {}", emotion_name(code, lang), lang.pick("not chosen", "niet gekozen")),
                };
                ui.ctx().accesskit_node_builder(chip.id, |node| node.set_description(description));
                self.panes.emotions.push(chip.id);
            }
        });
        // Intensities of the chosen emotions, strongest question first: how much?
        let chosen: Vec<(String, Level)> = self.draft.emotions.iter().map(|e| (e.code.clone(), e.intensity)).collect();
        if !chosen.is_empty() {
            egui::Grid::new("emotion_intensities").num_columns(2).show(ui, |ui| {
                for (code, level) in chosen {
                    let name = emotion_name(&code, lang);
                    let label = ui.label(name);
                    let mut v = level.get();
                    let resp = ui
                        .add(egui::Slider::new(&mut v, 0..=10).text(lang.pick("intensity", "intensiteit")))
                        .labelled_by(label.id);
                    resp.widget_info(|| {
                        egui::WidgetInfo::slider(
                            true,
                            f64::from(v),
                            format!("{name} {}", lang.pick("intensity", "intensiteit")),
                        )
                    });
                    if resp.changed() {
                        self.draft.set_emotion(&code, Level::new(v));
                    }
                    ui.end_row();
                }
            });
        }
        ui.horizontal(|ui| {
            let resp = labelled_text(
                ui,
                lang.pick("Other emotion:", "Andere emotie:"),
                &mut self.new_emotion,
                140.0,
                lang.pick("e.g. loneliness", "bijv. eenzaamheid"),
            );
            let enter = resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button(lang.pick("Add", "Toevoegen")).clicked() || enter) && !self.new_emotion.trim().is_empty() {
                let code = self.new_emotion.trim().to_owned();
                commands.push(Command::AddCustomEmotion(code.clone()));
                self.draft.set_emotion(&code, Level::new(DEFAULT_INTENSITY));
                self.new_emotion.clear();
            }
        });
    }

    fn signals_ui(&mut self, ui: &mut egui::Ui, lang: Lang, preview: &Preview) {
        self.panes.details.clear();
        ui.label(
            egui::RichText::new(
                lang.pick("Signals you may not have noticed", "Signalen die je misschien niet opmerkte"),
            )
            .strong(),
        );
        ui.horizontal_wrapped(|ui| {
            for &s in Signal::ALL {
                let mut on = self.draft.signals.contains(&s) || preview.signals.contains(&s);
                let check = ui.checkbox(&mut on, s.name(lang));
                self.panes.details.push(check.id);
                if check.changed() {
                    self.draft.signals.retain(|x| *x != s);
                    if on {
                        self.draft.signals.push(s);
                        self.draft.signals.sort();
                    }
                }
            }
        });
    }

    fn practice_ui(&mut self, ui: &mut egui::Ui, lang: Lang) {
        ui.horizontal(|ui| {
            let practice_label = lang.pick("Practice:", "Oefening:");
            let label = ui.label(practice_label);
            let current = self.draft.practice.map(|p| p.kind);
            let text = current.map_or(lang.pick("none", "geen"), |k| k.name(lang));
            let combo = egui::ComboBox::from_id_salt("practice_kind")
                .selected_text(text)
                .show_ui(ui, |ui| {
                    let mut choice = current;
                    ui.selectable_value(&mut choice, None, lang.pick("none", "geen"));
                    for &k in PracticeKind::ALL {
                        ui.selectable_value(&mut choice, Some(k), k.name(lang));
                    }
                    if choice != current {
                        self.draft.practice = choice.map(|kind| Practice {
                            kind,
                            minutes: self
                                .draft
                                .practice
                                .map_or(if kind == PracticeKind::Breathing46 { 2 } else { 5 }, |p| p.minutes),
                        });
                    }
                })
                .response
                .labelled_by(label.id);
            // The combo box says what is chosen, not only its label.
            let chosen = self.draft.practice.map_or(lang.pick("none", "geen"), |p| p.kind.name(lang));
            crate::ui::widgets::combo::says_choice(ui, &combo, practice_label, chosen);
            if let Some(p) = &mut self.draft.practice {
                let l = ui.label(lang.pick("minutes", "minuten"));
                ui.add(egui::DragValue::new(&mut p.minutes).range(0..=240)).labelled_by(l.id);
            }
        });
    }

    fn note_ui(&mut self, ui: &mut egui::Ui, lang: Lang) {
        let l = ui.label(egui::RichText::new(lang.pick("Note", "Notitie")).strong());
        let note = ui
            .add(
                egui::TextEdit::multiline(&mut self.draft.note)
                    .desired_rows(3)
                    .desired_width(f32::INFINITY)
                    .hint_text(lang.pick("What happened? (optional)", "Wat gebeurde er? (optioneel)")),
            )
            .labelled_by(l.id);
        // The note is where F6 lands in the details pane.
        self.panes.details.insert(0, note.id);
        labelled_text(
            ui,
            lang.pick("Tags:", "Labels:"),
            &mut self.tags_text,
            220.0,
            lang.pick("work, sleep", "werk, slaap"),
        );
    }

    fn time_ui(&mut self, ui: &mut egui::Ui, lang: Lang) {
        ui.horizontal(|ui| {
            let d = labelled_text(ui, lang.pick("Date:", "Datum:"), &mut self.date_text, 90.0, "2026-11-20");
            let t = labelled_text(ui, lang.pick("Time:", "Tijd:"), &mut self.time_text, 50.0, "08:30");
            if d.changed() || t.changed() {
                self.time_edited = true;
            }
            if ui.button(lang.pick("Now", "Nu")).clicked() {
                let now = self.zone.now();
                self.date_text = now.format("%Y-%m-%d").to_string();
                self.time_text = now.format("%H:%M").to_string();
                // A new entry's time means "now" again; an edited entry's moves to now.
                self.time_edited = self.is_editing();
            }
            if !self.time_edited && !self.is_editing() {
                ui.weak(lang.pick("(now)", "(nu)"));
            }
        });
        // An entry felt at another offset keeps it: the form says so, on a line of its own.
        if !self.time_edited
            && self.is_editing()
            && let Some(own) = crate::model::text::time::own(&self.draft.at, self.zone, lang)
        {
            ui.weak(match lang {
                Lang::En => format!("(the entry's own time: {own})"),
                Lang::Nl => format!("(eigen tijd van de meting: {own})"),
            });
        }
    }

    fn actions_ui(&mut self, ui: &mut egui::Ui, cx: &ViewCx<'_>, commands: &mut Vec<Command>) {
        let lang = cx.lang;
        if let Some(err) = &self.error {
            let label = ui.colored_label(ui.visuals().error_fg_color, err.text(lang));
            ui.ctx().accesskit_node_builder(label.id, |node| node.set_live(egui::accesskit::Live::Assertive));
        }
        ui.horizontal(|ui| {
            let save_text = if self.is_editing() {
                lang.pick("Save changes", "Wijzigingen bewaren")
            } else {
                lang.pick("Save", "Bewaren")
            };
            let save = ui
                .add_enabled(cx.can_save, egui::Button::new(egui::RichText::new(save_text).strong()))
                .on_hover_text(lang.pick("Ctrl+S or Ctrl+Enter", "Ctrl+S of Ctrl+Enter"));
            self.panes.save = Some(save.id);
            if save.clicked() {
                self.request_save(lang, commands);
            }
            if self.is_editing() && ui.button(lang.pick("Cancel editing", "Bewerken annuleren")).clicked() {
                *self = LogView::default();
            }
        });
    }

    /// Validates the form (with the quick-log line, when it holds anything) and asks the app to
    /// save it (Save button, Ctrl+S, Ctrl+Enter). A quick-log line with problems stops the save:
    /// nothing typed is dropped.
    pub fn request_save(&mut self, lang: Lang, commands: &mut Vec<Command>) {
        if self.quick.trim().is_empty() {
            self.request_save_form(commands);
            return;
        }
        let custom = self.custom_emotions.clone();
        let clean = self.quick_parsed(lang, &custom).is_some_and(Parsed::is_clean);
        if clean {
            self.save_quick(lang, &custom, commands);
        } else {
            self.refuse_quick();
            self.error = Some(Message::fixed(
                "The quick log has problems (shown under it): correct or clear it first.",
                "De regel voor snel vastleggen heeft problemen (eronder getoond): verbeter of wis hem eerst.",
            ));
        }
    }

    fn request_save_form(&mut self, commands: &mut Vec<Command>) {
        match self.build_entry(Local::now().fixed_offset()) {
            Ok(e) => {
                self.error = None;
                commands.push(Command::SaveEntry(e));
            }
            Err(msg) => self.error = Some(msg),
        }
    }
}

/// What the form shows: its own state with the quick-log line's items on top.
struct Preview {
    levels: [Option<Level>; Region::COUNT],
    emotions: Vec<String>,
    signals: Vec<Signal>,
}

/// Takes one plain digit key pressed this frame out of the input.
fn take_digit(ui: &egui::Ui) -> Option<u8> {
    const DIGITS: [Key; 10] =
        [Key::Num0, Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5, Key::Num6, Key::Num7, Key::Num8, Key::Num9];
    ui.input_mut(|i| DIGITS.iter().position(|&k| i.consume_key(Modifiers::NONE, k)).and_then(|d| u8::try_from(d).ok()))
}

/// "Neck 6", "Anxiety 7", "Walk 5 min", "#work".
fn item_text(item: &Item, lang: Lang) -> String {
    match item {
        Item::Tension(t) => format!("{} {}", t.region.name(lang), t.level),
        Item::Emotion(e) => format!("{} {}", emotion_name(&e.code, lang), e.intensity),
        Item::Signal(s) => s.name(lang).to_owned(),
        Item::Practice(p) if p.minutes > 0 => format!("{} {} min", p.kind.name(lang), p.minutes),
        Item::Practice(p) => p.kind.name(lang).to_owned(),
        Item::Tag(t) => format!("#{t}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-20T08:30:00+01:00").expect("time")
    }

    #[test]
    fn empty_form_is_refused_with_a_reason() {
        let v = LogView::new_at(now());
        let err = v.build_entry(now()).expect_err("empty");
        assert!(err.text(Lang::En).contains("Nothing to save"));
        assert!(err.text(Lang::Nl).contains("Nog niets om te bewaren"));
    }

    #[test]
    fn form_builds_entry_with_map_and_tags() {
        let mut v = LogView::new_at(now());
        v.levels[Region::Neck.index()] = Level::new(6);
        v.tags_text = "work, , sleep".into();
        v.draft.set_emotion("anger", Level::new(7));
        let e = v.build_entry(now()).expect("valid");
        assert_eq!(e.at, now());
        assert_eq!(e.level_of(Region::Neck), Level::new(6));
        assert_eq!(e.tags, vec!["work".to_string(), "sleep".to_string()]);
    }

    #[test]
    fn an_unchanged_edit_keeps_the_entrys_instant_and_offset() {
        // An entry felt at 09:00:30 +01:00, edited on a UTC clock: the form shows 08:00, and
        // saving it unchanged keeps the instant to the second, with its own offset.
        let at = DateTime::parse_from_rfc3339("2026-03-03T09:00:30+01:00").expect("time");
        let mut saved = Entry::new(at);
        saved.id = Some(crate::model::EntryId(7));
        saved.set_tension(Region::Neck, Level::new(4));
        let mut v = LogView::edit(saved, Zone::utc());
        assert_eq!((v.date_text.as_str(), v.time_text.as_str()), ("2026-03-03", "08:00"));
        let e = v.build_entry(now()).expect("valid");
        assert_eq!(e.at, at);
        assert_eq!(e.at.offset().local_minus_utc(), 3600);
        // A changed time is read on the person's clock.
        v.time_text = "08:15".into();
        v.time_edited = true;
        let moved = v.build_entry(now()).expect("valid");
        assert_eq!(moved.at, DateTime::parse_from_rfc3339("2026-03-03T08:15:00+00:00").expect("time"));
    }

    #[test]
    fn bad_typed_date_keeps_form_and_explains() {
        let mut v = LogView::new_at(now());
        v.levels[Region::Jaw.index()] = Level::new(3);
        v.date_text = "20-11-2026".into();
        v.time_edited = true;
        let err = v.build_entry(now()).expect_err("bad date").text(Lang::Nl);
        assert!(err.contains("2026-11-20"), "{err}");
        assert_eq!(v.levels[Region::Jaw.index()], Level::new(3));
    }
}
