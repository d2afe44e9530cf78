//! The journal view: every entry, newest first, with filters; edit and delete (with undo).
//!
//! The list loads in pages ([`PAGE`] entries, keyset-paged on `(at_utc, id)` by the journal
//! worker), so the first screen costs the same with one year or fifty: the first page is asked
//! for at once, the next when the person scrolls near the end of what is loaded. A change to a
//! filter waits until typing pauses ([`want`](JournalView::want)'s `debounce`), then asks again;
//! the list on screen stays until the answer arrives, and an answer for an older generation,
//! filter or request is dropped. The count comes in a reply of its own, after the first page.
//! Rows are drawn with `show_rows`, so only the visible ones are laid out.

use std::sync::Arc;
use std::time::Duration;

use crate::model::text::time::Zone;
use crate::model::{BUILTIN_EMOTIONS, Entry, EntryId, Lang, Message, Region, emotion_name};
use crate::store::{EntryFilter, Page, PageCursor, StoreError};
use crate::ui::command::Command;
use crate::ui::views::{ViewCx, labelled_text};
use crate::ui::widgets::combo::says_choice;
use crate::ui::worker::PageQuery;

/// How many entries one page holds (a few screens).
pub const PAGE: usize = 100;

/// What the person has typed in the filter row.
#[derive(Debug, Default)]
struct Inputs {
    from_text: String,
    to_text: String,
    emotion: Option<String>,
    region: Option<Region>,
    text: String,
}

/// What the view wants from the worker this frame (see [`JournalView::want`]).
#[derive(Debug, Default, PartialEq)]
pub struct Want {
    /// A page to load.
    pub page: Option<PageQuery>,
    /// A count to make: `(generation, filter)`.
    pub count: Option<(u64, EntryFilter)>,
    /// Typing has not paused long enough yet: look again after this long.
    pub repaint_after: Option<Duration>,
}

/// State of the journal view.
#[derive(Debug, Default)]
pub struct JournalView {
    inputs: Inputs,
    filter_error: Option<String>,
    /// The filter the list should show (typing has paused on it).
    active: Option<EntryFilter>,
    /// A filter being typed and when it was last changed (egui time, seconds).
    typed: Option<(EntryFilter, f64)>,
    /// The generation and filter of the rows on screen.
    shown: Option<(u64, EntryFilter)>,
    entries: Vec<Entry>,
    /// Where the next page starts (`None`: everything is loaded).
    next: Option<PageCursor>,
    /// How many entries match, for `(generation, filter)`.
    count: Option<(u64, EntryFilter, usize)>,
    count_asked: Option<(u64, EntryFilter)>,
    /// The page request awaiting its answer.
    in_flight: Option<PageQuery>,
    seq: u64,
    /// The person scrolled near the end of what is loaded.
    want_more: bool,
    /// After a Delete by keyboard (or a screen reader's action): the deleted entry, and the entry
    /// whose Edit button then takes the keyboard (the next row, or the one above when the last
    /// row went), so it is not lost with the row. Asked for by entry id once the deleted entry has
    /// left the list, so the focus lands on the entry that moved up, not on its row's position.
    focus_after_delete: Option<(EntryId, EntryId)>,
}

impl JournalView {
    /// The filter the person has typed, or an explanation of what is wrong with it.
    pub fn filter(&self, lang: Lang) -> Result<EntryFilter, String> {
        let date = |s: &str| crate::model::dates::parse_optional(s).map_err(|e| e.describe(lang));
        let i = &self.inputs;
        Ok(EntryFilter {
            from: date(&i.from_text)?,
            to: date(&i.to_text)?,
            emotion: i.emotion.clone(),
            region: i.region,
            text: Some(i.text.trim().to_owned()).filter(|t| !t.is_empty()),
        })
    }

    /// What to ask the worker for at data generation `generation`, at egui time `now` (seconds);
    /// a changed filter is used once it has stayed the same for `debounce` seconds. Marks what it
    /// returns as asked, so each thing is asked for once. Never waits.
    pub fn want(&mut self, generation: u64, now: f64, debounce: f64, lang: Lang) -> Want {
        let mut want = Want::default();
        match self.filter(lang) {
            Ok(f) => {
                self.filter_error = None;
                if self.active.as_ref() != Some(&f) {
                    if self.active.is_none() {
                        // The first screen: at once.
                        self.active = Some(f);
                    } else {
                        let since = match &self.typed {
                            Some((t, at)) if *t == f => now - at,
                            _ => {
                                self.typed = Some((f.clone(), now));
                                0.0
                            }
                        };
                        if since >= debounce {
                            self.active = Some(f);
                            self.typed = None;
                        } else {
                            want.repaint_after = Some(Duration::from_secs_f64((debounce - since).max(0.001)));
                        }
                    }
                } else {
                    self.typed = None;
                }
            }
            // The list stays as it is; the message says what to fix.
            Err(e) => self.filter_error = Some(e),
        }
        let Some(active) = self.active.clone() else { return want };
        let key = (generation, active);
        let in_flight_key = self.in_flight.as_ref().map(|q| (q.generation, q.filter.clone()));
        if self.shown.as_ref() != Some(&key) {
            if in_flight_key.as_ref() != Some(&key) || self.in_flight.as_ref().is_some_and(|q| q.after.is_some()) {
                // A new filter starts at one page; new data for the same filter reloads as many
                // rows as are loaded, so the scroll position holds.
                let same_filter = self.shown.as_ref().is_some_and(|(_, f)| *f == key.1);
                let limit = if same_filter { self.entries.len().max(PAGE) } else { PAGE };
                want.page = Some(self.ask(key.0, key.1.clone(), None, limit));
            }
        } else if self.want_more
            && self.in_flight.is_none()
            && let Some(after) = self.next
        {
            want.page = Some(self.ask(key.0, key.1.clone(), Some(after), PAGE));
        }
        self.want_more = false;
        if self.count.as_ref().map(|(g, f, _)| (*g, f)) != Some((key.0, &key.1))
            && self.count_asked.as_ref() != Some(&key)
        {
            self.count_asked = Some(key.clone());
            want.count = Some(key);
        }
        want
    }

    fn ask(&mut self, generation: u64, filter: EntryFilter, after: Option<PageCursor>, limit: usize) -> PageQuery {
        self.seq += 1;
        let q = PageQuery { generation, filter, after, limit, seq: self.seq };
        self.in_flight = Some(q.clone());
        q
    }

    /// Takes a page from the worker. An answer to anything but the latest request is dropped.
    /// Returns the error to report, if the page could not be read.
    pub fn receive_page(&mut self, query: PageQuery, page: Result<Arc<Page>, StoreError>) -> Option<Message> {
        if self.in_flight.as_ref() != Some(&query) {
            return None;
        }
        self.in_flight = None;
        let key = (query.generation, query.filter);
        let page = match page {
            Ok(p) => Arc::try_unwrap(p).unwrap_or_else(|p| (*p).clone()),
            Err(e) => {
                self.shown = Some(key);
                self.entries.clear();
                self.next = None;
                return Some(Message::new(e));
            }
        };
        if query.after.is_some() && self.shown.as_ref() == Some(&key) {
            self.entries.extend(page.entries);
        } else {
            self.shown = Some(key);
            self.entries = page.entries;
        }
        self.next = page.next;
        None
    }

    /// Takes a count from the worker.
    pub fn receive_count(&mut self, generation: u64, filter: EntryFilter, n: usize) {
        if self.count.as_ref().is_none_or(|(g, _, _)| *g <= generation) {
            self.count = Some((generation, filter, n));
        }
    }

    /// Entries currently listed (the pages loaded so far).
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The number of matching entries for the list on screen, once counted.
    pub fn count(&self) -> Option<usize> {
        let (g, f) = self.shown.as_ref()?;
        self.count.as_ref().filter(|(cg, cf, _)| cg == g && cf == f).map(|(_, _, n)| *n)
    }

    /// The filter of the list on screen.
    pub fn shown_filter(&self) -> Option<&EntryFilter> {
        self.shown.as_ref().map(|(_, f)| f)
    }

    /// True while a page is being loaded.
    pub fn is_loading(&self) -> bool {
        self.in_flight.is_some()
    }

    /// Draws the view.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &ViewCx<'_>) -> Vec<Command> {
        let lang = cx.lang;
        let now = cx.now;
        let mut commands = Vec::new();
        self.filters_ui(ui, lang, cx.custom_emotions);
        if let Some(e) = &self.filter_error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        ui.horizontal(|ui| {
            match self.count() {
                Some(n) => ui.label(format!("{n} {}", lang.pick("entries", "metingen"))),
                None => ui.weak(lang.pick("Counting…", "Tellen…")),
            };
            if self.is_loading() {
                ui.weak(lang.pick("Loading…", "Laden…"));
            }
        });
        ui.separator();
        if self.entries.is_empty() {
            if self.shown.is_some() {
                ui.weak(lang.pick(
                    "No entries match. Log one in the Log tab.",
                    "Geen metingen gevonden. Leg er een vast in Vastleggen.",
                ));
            }
            return commands;
        }
        let row_height = row_height(ui);
        let total = self.entries.len();
        let mut near_end = false;
        egui::ScrollArea::vertical().id_salt("journal_rows").auto_shrink(false).show_rows(
            ui,
            row_height,
            total,
            |ui, range| {
                near_end = range.end + PAGE / 2 >= total;
                let shown = range.clone();
                if let Some((_, target)) = self.focus_after_delete
                    && !self.entries[range.clone()].iter().any(|e| e.id == Some(target))
                {
                    // Scrolled out of sight: the keyboard stays where it is.
                    self.focus_after_delete = None;
                }
                let reloaded =
                    self.focus_after_delete.is_some_and(|(gone, _)| !self.entries.iter().any(|e| e.id == Some(gone)));
                for (i, e) in self.entries[range].iter().enumerate() {
                    let focus = reloaded && self.focus_after_delete.is_some_and(|(_, f)| e.id == Some(f));
                    // Each row's widgets are known by its entry, not by its position: when a row
                    // above goes, the focus stays with the entry it was on.
                    let row = ui.push_id(("journal_row", e.id), |ui| entry_row(ui, e, cx.zone, lang, focus, now)).inner;
                    if row.focused {
                        self.focus_after_delete = None;
                    }
                    if let Some(c) = row.command {
                        if let Command::DeleteEntry(gone) = c
                            && row.by_keyboard
                        {
                            let at = shown.start + i;
                            let neighbour = self
                                .entries
                                .get(at + 1)
                                .or_else(|| at.checked_sub(1).and_then(|j| self.entries.get(j)));
                            self.focus_after_delete = neighbour.and_then(|n| n.id).map(|n| (gone, n));
                        }
                        commands.push(c);
                    }
                }
            },
        );
        if near_end && self.next.is_some() && self.in_flight.is_none() {
            // The app asks for the next page before the next frame.
            self.want_more = true;
            ui.ctx().request_repaint();
        }
        commands
    }

    fn filters_ui(&mut self, ui: &mut egui::Ui, lang: Lang, custom_emotions: &[String]) {
        let i = &mut self.inputs;
        ui.horizontal_wrapped(|ui| {
            labelled_text(ui, lang.pick("From:", "Van:"), &mut i.from_text, 90.0, "2026-11-01");
            labelled_text(ui, lang.pick("To:", "Tot en met:"), &mut i.to_text, 90.0, "2026-11-30");
            let emotion_label = lang.pick("Emotion:", "Emotie:");
            let l = ui.label(emotion_label);
            let any = lang.pick("any", "alle");
            let emotion = egui::ComboBox::from_id_salt("filter_emotion")
                .selected_text(i.emotion.as_deref().map_or(any, |c| emotion_name(c, lang)))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut i.emotion, None, any);
                    for code in
                        BUILTIN_EMOTIONS.iter().map(|e| e.code).chain(custom_emotions.iter().map(String::as_str))
                    {
                        ui.selectable_value(&mut i.emotion, Some(code.to_owned()), emotion_name(code, lang));
                    }
                })
                .response
                .labelled_by(l.id);
            // The combo boxes say what is chosen, not only their label.
            let shown = i.emotion.as_deref().map_or(any, |c| emotion_name(c, lang));
            says_choice(ui, &emotion, emotion_label, shown);
            let region_label = lang.pick("Region:", "Gebied:");
            let l = ui.label(region_label);
            let region = egui::ComboBox::from_id_salt("filter_region")
                .selected_text(i.region.map_or(any, |r| r.name(lang)))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut i.region, None, any);
                    for r in Region::ALL {
                        ui.selectable_value(&mut i.region, Some(r), r.name(lang));
                    }
                })
                .response
                .labelled_by(l.id);
            says_choice(ui, &region, region_label, i.region.map_or(any, |r| r.name(lang)));
            labelled_text(
                ui,
                lang.pick("Text:", "Tekst:"),
                &mut i.text,
                120.0,
                lang.pick("in notes and tags", "in notities en labels"),
            );
            if ui.button(lang.pick("Clear filters", "Filters wissen")).clicked() {
                *i = Inputs::default();
            }
        });
    }

    /// Sets the text filter as if typed (tests, benchmarks).
    pub fn set_text_filter(&mut self, text: &str) {
        self.inputs.text = text.to_owned();
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

/// When an entry was made, as the row shows it and its buttons name it, on the person's clock:
/// "Tue 3 Mar 2026 14:05" ([`crate::model::text::time::when`]).
pub fn entry_when(e: &Entry, zone: Zone, lang: Lang) -> String {
    crate::model::text::toast::entry_when(&e.at, zone, lang)
}

/// The accessible names of a row's buttons: they start with the visible word (so speech control
/// finds them by what it sees) and say which entry they act on, as "Edit entry of Tue 3 Mar 2026
/// 14:05" / "Bewerken: meting van di 3 mrt 2026 14:05".
pub fn row_button_names(e: &Entry, zone: Zone, lang: Lang) -> [String; 2] {
    let when = entry_when(e, zone, lang);
    match lang {
        Lang::En => [format!("Edit entry of {when}"), format!("Delete entry of {when}")],
        Lang::Nl => [format!("Bewerken: meting van {when}"), format!("Verwijderen: meting van {when}")],
    }
}

/// The accessible name of a row's "Topic" button: "Topic to discuss: entry of Tue 3 Mar 2026
/// 14:05".
pub fn topic_button_name(e: &Entry, zone: Zone, lang: Lang) -> String {
    let when = entry_when(e, zone, lang);
    match lang {
        Lang::En => format!("Topic to discuss: entry of {when}"),
        Lang::Nl => format!("Onderwerp om te bespreken: meting van {when}"),
    }
}

/// The words a topic made from an entry starts with: when, what it holds, and its note's first
/// line ("Tue 3 Mar 2026 14:05: Neck 6 · Anxiety 7 – Meeting ran late"), within a topic's length.
pub fn entry_topic_text(e: &Entry, zone: Zone, lang: Lang) -> String {
    let note = e.note.lines().next().unwrap_or("").trim();
    let mut text = format!("{}: {}", entry_when(e, zone, lang), summary(e, lang));
    if !note.is_empty() {
        text.push_str(" – ");
        text.push_str(note);
    }
    text.chars().take(crate::model::prep::topic::MAX_TEXT_CHARS).collect()
}

/// What a row's buttons did this frame.
#[derive(Default)]
struct RowOutcome {
    command: Option<Command>,
    /// The Edit button took the keyboard focus it was asked to take.
    focused: bool,
    /// The command came from the keyboard (or an assistive technology's action), not the mouse.
    by_keyboard: bool,
}

fn entry_row(
    ui: &mut egui::Ui,
    e: &Entry,
    zone: Zone,
    lang: Lang,
    take_focus: bool,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> RowOutcome {
    let mut out = RowOutcome::default();
    // Edit, then Delete: left to right on screen and in Tab order, right-aligned in the row;
    // then "Topic", which adds the entry to the topics to discuss.
    let words = [lang.pick("Edit", "Bewerken"), lang.pick("Delete", "Verwijderen")];
    let topic_word = lang.pick("Topic", "Onderwerp");
    let button_width = |w: &str| {
        let galley = egui::WidgetText::from(w).into_galley(
            ui,
            Some(egui::TextWrapMode::Extend),
            f32::INFINITY,
            egui::TextStyle::Button,
        );
        galley.size().x + 2.0 * ui.spacing().button_padding.x
    };
    let width =
        button_width(words[0]) + button_width(words[1]) + button_width(topic_word) + 2.0 * ui.spacing().item_spacing.x;
    let height = ui.spacing().interact_size.y;
    // The buttons keep their room; the text takes the rest of the row and wraps (the summary onto
    // a second line, the note on its own line), cut with "…" beyond the row's lines: the whole
    // text shows on hover and is what a screen reader reads.
    let text_width = (ui.available_width() - width - ui.spacing().item_spacing.x).max(40.0);
    ui.horizontal_top(|ui| {
        ui.allocate_ui_with_layout(egui::vec2(text_width, 0.0), egui::Layout::top_down(egui::Align::Min), |ui| {
            ui.set_width(text_width);
            // Every row is as tall as `row_height` says (the list lays out only the rows in sight).
            ui.set_min_height(text_height(ui));
            let style = ui.style().clone();
            let mut job = egui::text::LayoutJob::default();
            let font = egui::FontSelection::Default;
            egui::RichText::new(format!("{}  ", entry_when(e, zone, lang))).strong().append_to(
                &mut job,
                &style,
                font.clone(),
                egui::Align::Min,
            );
            egui::RichText::new(summary(e, lang)).append_to(&mut job, &style, font.clone(), egui::Align::Min);
            ui.add(egui::Label::new(wrapped(ui, job, text_width, SUMMARY_LINES)));
            let mut second: String = e.note.lines().next().unwrap_or("").to_owned();
            if !e.tags.is_empty() {
                second.push_str(&format!("  #{}", e.tags.join(" #")));
            }
            let mut job = egui::text::LayoutJob::default();
            egui::RichText::new(second).weak().append_to(&mut job, &style, font, egui::Align::Min);
            ui.add(egui::Label::new(wrapped(ui, job, text_width, 1)));
        });
        let Some(id) = e.id else { return };
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
            ui.allocate_ui_with_layout(
                egui::vec2(width, height),
                egui::Layout::left_to_right(egui::Align::Center),
                |ui| {
                    let names = row_button_names(e, zone, lang);
                    let [edit, delete] = words.map(|w| ui.button(w));
                    for (resp, name) in [&edit, &delete].into_iter().zip(names) {
                        resp.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &name));
                    }
                    if take_focus {
                        edit.request_focus();
                        out.focused = true;
                    }
                    if edit.clicked() {
                        out.command = Some(Command::EditEntry(id));
                    }
                    if delete.clicked() {
                        out.command = Some(Command::DeleteEntry(id));
                        out.by_keyboard = !delete.clicked_by(egui::PointerButton::Primary);
                    }
                    let topic = ui.button(topic_word);
                    let name = topic_button_name(e, zone, lang);
                    topic.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &name));
                    if topic.clicked()
                        && let Ok(t) = crate::model::prep::Topic::new(
                            &entry_topic_text(e, zone, lang),
                            crate::model::prep::TopicSource::Entry(e.uid.clone()),
                            now,
                        )
                    {
                        out.command = Some(Command::Prep(crate::ui::command::PrepChange::AddTopic(t)));
                    }
                },
            );
        });
    });
    ui.separator();
    out
}

/// How many lines a row gives the time and the summary (the note has one more).
const SUMMARY_LINES: usize = 2;

/// The height of a row's text: [`SUMMARY_LINES`] and the note's line.
fn text_height(ui: &egui::Ui) -> f32 {
    let line = ui.text_style_height(&egui::TextStyle::Body);
    line * (SUMMARY_LINES + 1) as f32 + ui.spacing().item_spacing.y
}

/// The height of one row: its text, and the separator below it (egui's default: 6 points, and
/// the spacing after the row and after the separator).
fn row_height(ui: &egui::Ui) -> f32 {
    text_height(ui) + 6.0 + 2.0 * ui.spacing().item_spacing.y
}

/// `job` laid out within `width` on at most `rows` lines, cut with "…" beyond them.
fn wrapped(ui: &egui::Ui, mut job: egui::text::LayoutJob, width: f32, rows: usize) -> std::sync::Arc<egui::Galley> {
    job.wrap = egui::text::TextWrapping {
        max_width: width,
        max_rows: rows,
        break_anywhere: false,
        overflow_character: Some('…'),
    };
    ui.fonts_mut(|f| f.layout_job(job))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(note: &str) -> Entry {
        let mut e = Entry::new(chrono::DateTime::UNIX_EPOCH.fixed_offset());
        e.note = note.into();
        e
    }

    fn page(notes: &[&str], next: Option<PageCursor>) -> Result<Arc<Page>, StoreError> {
        Ok(Arc::new(Page { entries: notes.iter().map(|n| entry(n)).collect(), next }))
    }

    const D: f64 = 0.15;

    #[test]
    fn the_first_page_is_asked_at_once_and_the_count_after_it() {
        let mut v = JournalView::default();
        let w = v.want(1, 0.0, D, Lang::En);
        let q = w.page.expect("a page at once");
        assert_eq!((q.generation, q.after, q.limit), (1, None, PAGE));
        assert_eq!(w.count, Some((1, EntryFilter::default())));
        // Asked once: the next frame asks nothing while the answers are on their way.
        assert_eq!(v.want(1, 0.1, D, Lang::En), Want::default());
        assert!(v.receive_page(q, page(&["a", "b"], None)).is_none());
        assert_eq!(v.entries().len(), 2);
        assert_eq!(v.count(), None, "the count may come later than the rows");
        v.receive_count(1, EntryFilter::default(), 2);
        assert_eq!(v.count(), Some(2));
    }

    #[test]
    fn typing_waits_for_a_pause_and_an_older_answer_is_dropped() {
        let mut v = JournalView::default();
        let first = v.want(1, 0.0, D, Lang::En).page.expect("first");
        v.receive_page(first, page(&["all"], None));
        v.set_text_filter("c");
        let w = v.want(1, 1.0, D, Lang::En);
        assert!(w.page.is_none(), "no query while typing");
        assert!(w.repaint_after.is_some_and(|d| d <= Duration::from_millis(150)));
        v.set_text_filter("ca");
        assert!(v.want(1, 1.1, D, Lang::En).page.is_none(), "each keystroke restarts the wait");
        let ca = v.want(1, 1.26, D, Lang::En).page.expect("asked after the pause");
        assert_eq!(ca.filter.text.as_deref(), Some("ca"));
        v.set_text_filter("can");
        let can = v.want(1, 2.0, D, Lang::En).page;
        assert!(can.is_none());
        let can = v.want(1, 2.2, D, Lang::En).page.expect("asked");
        // The answer for "ca" arrives after "can" was asked: it is dropped.
        v.receive_page(ca, page(&["cat"], None));
        assert_eq!(v.entries()[0].note, "all", "the stale answer did not replace the list");
        v.receive_page(can, page(&["canal"], None));
        assert_eq!(v.entries()[0].note, "canal");
    }

    #[test]
    fn scrolling_near_the_end_loads_the_next_page_and_new_data_keeps_the_depth() {
        let mut v = JournalView::default();
        let q = v.want(1, 0.0, D, Lang::En).page.expect("first");
        let cursor = PageCursor { at_utc: 10, id: 3 };
        v.receive_page(q, page(&["a"; PAGE], Some(cursor)));
        v.want_more = true;
        let more = v.want(1, 0.1, D, Lang::En).page.expect("next page");
        assert_eq!(more.after, Some(cursor));
        v.receive_page(more, page(&["b"; 10], None));
        assert_eq!(v.entries().len(), PAGE + 10);
        // A save elsewhere: the same filter reloads as many rows as were loaded.
        let again = v.want(2, 0.2, D, Lang::En).page.expect("reload");
        assert_eq!((again.after, again.limit), (None, PAGE + 10));
        assert_eq!(v.entries().len(), PAGE + 10, "the old rows stay until the answer");
    }

    #[test]
    fn a_bad_date_keeps_the_list_and_says_why() {
        let mut v = JournalView::default();
        let q = v.want(1, 0.0, D, Lang::En).page.expect("first");
        v.receive_page(q, page(&["a"], None));
        v.inputs.from_text = "20-11-2026".into();
        assert_eq!(v.want(1, 1.0, D, Lang::En).page, None);
        assert!(v.filter_error.as_deref().is_some_and(|e| e.contains("2026-11-20")));
        assert_eq!(v.entries().len(), 1);
    }
}
