//! The log view: body map, emotions, signals, practice, note, tags and time, saved in a minute.

use chrono::{DateTime, FixedOffset, Local, NaiveTime, TimeZone};

use crate::model::{BUILTIN_EMOTIONS, Entry, Lang, Level, Practice, PracticeKind, Region, Signal, emotion_name};
use crate::ui::command::Command;
use crate::ui::views::labelled_text;
use crate::ui::widgets::body_map::BodyMap;
use crate::ui::widgets::region_list::region_list;

/// Default intensity when an emotion chip is switched on.
const DEFAULT_INTENSITY: u8 = 5;

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
    /// False while the time still means "now" (then the save time is used).
    time_edited: bool,
    tags_text: String,
    new_emotion: String,
    /// Why the last save failed, shown above the Save button until the next try.
    pub error: Option<String>,
}

impl Default for LogView {
    fn default() -> Self {
        Self::new_at(Local::now().fixed_offset())
    }
}

/// What the log view needs from the app to draw.
pub struct LogContext<'a> {
    /// Interface language.
    pub lang: Lang,
    /// Custom emotions the person added.
    pub custom_emotions: &'a [String],
    /// Whether the journal is open (saving is possible).
    pub can_save: bool,
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
            tags_text: String::new(),
            new_emotion: String::new(),
            error: None,
        }
    }

    /// Loads a saved entry for editing.
    pub fn edit(entry: Entry) -> Self {
        let mut v = Self::new_at(entry.at);
        v.time_edited = true;
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

    /// Builds the entry to save from the form, or explains what is wrong with it.
    pub fn build_entry(&self, lang: Lang, now: DateTime<FixedOffset>) -> Result<Entry, String> {
        let mut e = self.draft.clone();
        e.at = if self.time_edited || self.is_editing() { self.parse_time(lang)? } else { now };
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
            return Err(lang
                .pick(
                    "Nothing to save yet: tap where you feel tension, or pick an emotion.",
                    "Nog niets om te bewaren: tik aan waar je spanning voelt, of kies een emotie.",
                )
                .to_owned());
        }
        e.validate().map_err(|err| crate::model::Describe::describe(&err, lang))?;
        Ok(e)
    }

    fn parse_time(&self, lang: Lang) -> Result<DateTime<FixedOffset>, String> {
        let date = crate::model::dates::parse(&self.date_text).map_err(|e| e.describe(lang))?;
        let time = NaiveTime::parse_from_str(self.time_text.trim(), "%H:%M").map_err(|_| {
            format!(
                "{} `{}`",
                lang.pick("Time should look like 08:30, not", "Tijd moet eruitzien als 08:30, niet"),
                self.time_text
            )
        })?;
        let local = Local.from_local_datetime(&date.and_time(time)).earliest().ok_or_else(|| {
            lang.pick("That time does not exist here (clock change).", "Die tijd bestaat hier niet (klok verzet).")
                .to_owned()
        })?;
        Ok(local.fixed_offset())
    }

    /// Draws the form; returns what the person asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &LogContext<'_>) -> Vec<Command> {
        let lang = cx.lang;
        let mut commands = Vec::new();
        ui.columns(2, |cols| {
            let left = &mut cols[0];
            left.heading(lang.pick("Where do you feel tension?", "Waar voel je spanning?"));
            BodyMap::new(&mut self.levels, &mut self.selected, lang).show(left);
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
                self.emotions_ui(ui, cx, &mut commands);
                ui.separator();
                self.signals_ui(ui, lang);
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

    fn emotions_ui(&mut self, ui: &mut egui::Ui, cx: &LogContext<'_>, commands: &mut Vec<Command>) {
        let lang = cx.lang;
        ui.heading(lang.pick("What did you feel?", "Wat voelde je?"));
        let codes: Vec<&str> =
            BUILTIN_EMOTIONS.iter().map(|e| e.code).chain(cx.custom_emotions.iter().map(String::as_str)).collect();
        ui.horizontal_wrapped(|ui| {
            for code in &codes {
                let mut on = self.draft.intensity_of(code).is_some();
                if ui.toggle_value(&mut on, emotion_name(code, lang)).changed() {
                    self.draft.set_emotion(code, on.then(|| Level::new(DEFAULT_INTENSITY).unwrap_or(Level::ZERO)));
                }
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

    fn signals_ui(&mut self, ui: &mut egui::Ui, lang: Lang) {
        ui.label(
            egui::RichText::new(
                lang.pick("Signals you may not have noticed", "Signalen die je misschien niet opmerkte"),
            )
            .strong(),
        );
        ui.horizontal_wrapped(|ui| {
            for &s in Signal::ALL {
                let mut on = self.draft.signals.contains(&s);
                if ui.checkbox(&mut on, s.name(lang)).changed() {
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
            let label = ui.label(lang.pick("Practice:", "Oefening:"));
            let current = self.draft.practice.map(|p| p.kind);
            let text = current.map_or(lang.pick("none", "geen"), |k| k.name(lang));
            egui::ComboBox::from_id_salt("practice_kind")
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
            if let Some(p) = &mut self.draft.practice {
                let l = ui.label(lang.pick("minutes", "minuten"));
                ui.add(egui::DragValue::new(&mut p.minutes).range(0..=240)).labelled_by(l.id);
            }
        });
    }

    fn note_ui(&mut self, ui: &mut egui::Ui, lang: Lang) {
        let l = ui.label(egui::RichText::new(lang.pick("Note", "Notitie")).strong());
        ui.add(
            egui::TextEdit::multiline(&mut self.draft.note)
                .desired_rows(3)
                .desired_width(f32::INFINITY)
                .hint_text(lang.pick("What happened? (optional)", "Wat gebeurde er? (optioneel)")),
        )
        .labelled_by(l.id);
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
                let now = Local::now();
                self.date_text = now.format("%Y-%m-%d").to_string();
                self.time_text = now.format("%H:%M").to_string();
                self.time_edited = false;
            }
            if !self.time_edited && !self.is_editing() {
                ui.weak(lang.pick("(now)", "(nu)"));
            }
        });
    }

    fn actions_ui(&mut self, ui: &mut egui::Ui, cx: &LogContext<'_>, commands: &mut Vec<Command>) {
        let lang = cx.lang;
        if let Some(err) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, err);
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
            if save.clicked() {
                self.request_save(lang, commands);
            }
            if self.is_editing() && ui.button(lang.pick("Cancel editing", "Bewerken annuleren")).clicked() {
                *self = LogView::default();
            }
        });
    }

    /// Validates the form and asks the app to save it (Save button, Ctrl+S, Ctrl+Enter).
    pub fn request_save(&mut self, lang: Lang, commands: &mut Vec<Command>) {
        match self.build_entry(lang, Local::now().fixed_offset()) {
            Ok(e) => {
                self.error = None;
                commands.push(Command::SaveEntry(e));
            }
            Err(msg) => self.error = Some(msg),
        }
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
        let err = v.build_entry(Lang::En, now()).expect_err("empty");
        assert!(err.contains("Nothing to save"));
    }

    #[test]
    fn form_builds_entry_with_map_and_tags() {
        let mut v = LogView::new_at(now());
        v.levels[Region::Neck.index()] = Level::new(6);
        v.tags_text = "work, , sleep".into();
        v.draft.set_emotion("anger", Level::new(7));
        let e = v.build_entry(Lang::En, now()).expect("valid");
        assert_eq!(e.at, now());
        assert_eq!(e.level_of(Region::Neck), Level::new(6));
        assert_eq!(e.tags, vec!["work".to_string(), "sleep".to_string()]);
    }

    #[test]
    fn bad_typed_date_keeps_form_and_explains() {
        let mut v = LogView::new_at(now());
        v.levels[Region::Jaw.index()] = Level::new(3);
        v.date_text = "20-11-2026".into();
        v.time_edited = true;
        let err = v.build_entry(Lang::Nl, now()).expect_err("bad date");
        assert!(err.contains("2026-11-20"), "{err}");
        assert_eq!(v.levels[Region::Jaw.index()], Level::new(3));
    }
}
