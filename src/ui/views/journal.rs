//! The journal view: every entry, newest first, with filters; edit and delete (with undo).
//!
//! The list is loaded by the app when the data generation or the filter changes, never per frame,
//! and drawn with `show_rows`, so only the visible rows are laid out (smooth with 15,000 entries).

use crate::model::{BUILTIN_EMOTIONS, Entry, Lang, Region, emotion_name};
use crate::store::EntryFilter;
use crate::ui::command::Command;
use crate::ui::views::labelled_text;

/// State of the journal view.
#[derive(Debug, Default)]
pub struct JournalView {
    from_text: String,
    to_text: String,
    emotion: Option<String>,
    region: Option<Region>,
    text: String,
    filter_error: Option<String>,
    /// The filter the shown list was loaded for.
    loaded: Option<(u64, EntryFilter)>,
    entries: Vec<Entry>,
}

impl JournalView {
    /// The filter the person has typed, or an explanation of what is wrong with it.
    pub fn filter(&self, lang: Lang) -> Result<EntryFilter, String> {
        let date = |s: &str| crate::model::dates::parse_optional(s).map_err(|e| e.describe(lang));
        Ok(EntryFilter {
            from: date(&self.from_text)?,
            to: date(&self.to_text)?,
            emotion: self.emotion.clone(),
            region: self.region,
            text: Some(self.text.trim().to_owned()).filter(|t| !t.is_empty()),
        })
    }

    /// Whether the list must be (re)loaded for `generation`; returns the filter to load.
    pub fn wants_load(&mut self, generation: u64, lang: Lang) -> Option<EntryFilter> {
        match self.filter(lang) {
            Ok(f) => {
                self.filter_error = None;
                let key = (generation, f);
                (self.loaded.as_ref() != Some(&key)).then_some(key.1)
            }
            Err(e) => {
                self.filter_error = Some(e);
                None
            }
        }
    }

    /// Stores a freshly loaded list.
    pub fn set_entries(&mut self, generation: u64, filter: EntryFilter, entries: Vec<Entry>) {
        self.loaded = Some((generation, filter));
        self.entries = entries;
    }

    /// Entries currently listed.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Draws the view.
    pub fn ui(&mut self, ui: &mut egui::Ui, lang: Lang, custom_emotions: &[String]) -> Vec<Command> {
        let mut commands = Vec::new();
        self.filters_ui(ui, lang, custom_emotions);
        if let Some(e) = &self.filter_error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        ui.label(format!("{} {}", self.entries.len(), lang.pick("entries", "notities")));
        ui.separator();
        if self.entries.is_empty() {
            ui.weak(lang.pick(
                "No entries match. Log one in the Log tab.",
                "Geen notities gevonden. Leg er een vast in Vastleggen.",
            ));
            return commands;
        }
        let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + ui.spacing().item_spacing.y * 2.0 + 4.0;
        egui::ScrollArea::vertical().id_salt("journal_rows").auto_shrink(false).show_rows(
            ui,
            row_height,
            self.entries.len(),
            |ui, range| {
                for e in &self.entries[range] {
                    entry_row(ui, e, lang, &mut commands);
                }
            },
        );
        commands
    }

    fn filters_ui(&mut self, ui: &mut egui::Ui, lang: Lang, custom_emotions: &[String]) {
        ui.horizontal_wrapped(|ui| {
            labelled_text(ui, lang.pick("From:", "Van:"), &mut self.from_text, 90.0, "2026-11-01");
            labelled_text(ui, lang.pick("To:", "Tot en met:"), &mut self.to_text, 90.0, "2026-11-30");
            let l = ui.label(lang.pick("Emotion:", "Emotie:"));
            let any = lang.pick("any", "alle");
            egui::ComboBox::from_id_salt("filter_emotion")
                .selected_text(self.emotion.as_deref().map_or(any, |c| emotion_name(c, lang)))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.emotion, None, any);
                    for code in
                        BUILTIN_EMOTIONS.iter().map(|e| e.code).chain(custom_emotions.iter().map(String::as_str))
                    {
                        ui.selectable_value(&mut self.emotion, Some(code.to_owned()), emotion_name(code, lang));
                    }
                })
                .response
                .labelled_by(l.id);
            let l = ui.label(lang.pick("Region:", "Gebied:"));
            egui::ComboBox::from_id_salt("filter_region")
                .selected_text(self.region.map_or(any, |r| r.name(lang)))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.region, None, any);
                    for r in Region::ALL {
                        ui.selectable_value(&mut self.region, Some(r), r.name(lang));
                    }
                })
                .response
                .labelled_by(l.id);
            labelled_text(
                ui,
                lang.pick("Text:", "Tekst:"),
                &mut self.text,
                120.0,
                lang.pick("in notes and tags", "in notities en labels"),
            );
            if ui.button(lang.pick("Clear filters", "Filters wissen")).clicked() {
                *self = JournalView {
                    loaded: self.loaded.take(),
                    entries: std::mem::take(&mut self.entries),
                    ..JournalView::default()
                };
            }
        });
    }
}

/// One line of summary text for an entry: regions with levels, then emotions.
pub fn summary(e: &Entry, lang: Lang) -> String {
    let mut parts: Vec<String> = e
        .tensions
        .iter()
        .filter(|t| t.level.get() > 0)
        .map(|t| format!("{} {}", t.region.name(lang), t.level))
        .collect();
    parts.extend(e.emotions.iter().map(|x| format!("{} {}", emotion_name(&x.code, lang), x.intensity)));
    parts.extend(e.signals.iter().map(|s| s.name(lang).to_owned()));
    if let Some(p) = e.practice {
        parts.push(format!("{} {} min", p.kind.name(lang), p.minutes));
    }
    parts.join(" · ")
}

fn entry_row(ui: &mut egui::Ui, e: &Entry, lang: Lang, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.vertical(|ui| {
            ui.horizontal(|ui| {
                ui.strong(format!("{} {}", lang.format_date(e.at.date_naive()), e.at.format("%H:%M")));
                ui.label(summary(e, lang));
            });
            let mut second: String = e.note.lines().next().unwrap_or("").chars().take(120).collect();
            if !e.tags.is_empty() {
                second.push_str(&format!("  #{}", e.tags.join(" #")));
            }
            ui.weak(second);
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if let Some(id) = e.id {
                if ui.button(lang.pick("Delete", "Verwijderen")).clicked() {
                    commands.push(Command::DeleteEntry(id));
                }
                if ui.button(lang.pick("Edit", "Bewerken")).clicked() {
                    commands.push(Command::EditEntry(id));
                }
            }
        });
    });
    ui.separator();
}
