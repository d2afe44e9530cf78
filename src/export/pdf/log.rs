//! The chronological log: a table with one row per entry, repeated header on every page, and page
//! breaks only between rows.

use crate::model::text::time::{Zone, clock};
use crate::model::{Entry, Lang};

use super::canvas::{Align, Canvas, PAGE_W, Paint};
use super::text::{date_weekday, emotion_items, practice_items, signal_items, tension_items};

/// Font size of the table.
const SIZE: f32 = 7.5;
/// Line height of the table, mm.
const LINE_H: f32 = 3.25;
/// Vertical padding of a row (top + bottom), mm.
const PAD: f32 = 2.2;
/// Height of the header row, mm.
const HEADER_H: f32 = 6.0;
/// Where a continuation page's table starts, mm from the top.
pub const TOP: f32 = 18.0;
/// The lowest a row may reach, mm from the top (the footer sits below).
pub const BOTTOM: f32 = 280.0;
/// Left margin, mm.
const LEFT: f32 = 15.0;

fn columns(lang: Lang, notes: bool) -> Vec<(&'static str, f32)> {
    let mut cols = vec![
        (lang.pick("Date", "Datum"), 19.0),
        (lang.pick("Tension (0–10)", "Spanning (0–10)"), if notes { 54.0 } else { 66.0 }),
        (lang.pick("Emotions", "Emoties"), if notes { 32.0 } else { 40.0 }),
        (lang.pick("Signals", "Signalen"), if notes { 23.0 } else { 32.0 }),
        (lang.pick("Practice", "Oefening"), if notes { 20.0 } else { 23.0 }),
    ];
    if notes {
        cols.push((lang.pick("Note", "Notitie"), 32.0));
    }
    cols
}

fn header(canvas: &mut Canvas, cols: &[(&str, f32)], y: f32) -> f32 {
    let total: f32 = cols.iter().map(|c| c.1).sum();
    canvas.rect(LEFT, y, total, HEADER_H, Paint::fill(0.85));
    let mut x = LEFT;
    for (title, w) in cols {
        canvas.text(x + 1.0, y + 4.2, SIZE, true, Align::Left, title);
        x += w;
    }
    y + HEADER_H
}

/// The log being drawn, one row at a time (entries in chronological order), from `y` on the
/// current page, adding pages as needed. A row is never split: a row that does not fit goes to
/// the next page, and a single row taller than a whole page is shortened with "…".
pub struct Log {
    lang: Lang,
    zone: Zone,
    notes: bool,
    cols: Vec<(&'static str, f32)>,
    y: f32,
    rows: usize,
    max_lines: usize,
    total_w: f32,
}

impl Log {
    /// Draws the log's title at `y`. Each row's date and time are on the person's clock (`zone`),
    /// with the entry's own time and offset below where they differ ([`clock`]).
    pub fn start(canvas: &mut Canvas, (lang, zone): (Lang, Zone), notes: bool, y: f32) -> Log {
        canvas.text(LEFT, y + 5.0, 12.0, true, Align::Left, lang.pick("Log", "Logboek"));
        let cols = columns(lang, notes);
        let total_w: f32 = cols.iter().map(|c| c.1).sum();
        debug_assert!(LEFT + total_w <= PAGE_W - 14.0);
        let max_lines = ((BOTTOM - TOP - HEADER_H - PAD) / LINE_H).floor() as usize;
        Log { lang, zone, notes, cols, y: y + 9.0, rows: 0, max_lines, total_w }
    }

    /// Draws the row of the next entry.
    pub fn row(&mut self, canvas: &mut Canvas, e: &Entry) {
        let (lang, cols) = (self.lang, &self.cols);
        if self.rows == 0 {
            // A page must at least hold the header and one line of a row; otherwise start a fresh page.
            if self.y + HEADER_H + LINE_H + PAD > BOTTOM {
                canvas.new_page();
                self.y = TOP;
            }
            self.y = header(canvas, cols, self.y);
        }
        let fonts = canvas.fonts;
        let list = |items: Vec<String>, w: f32| fonts.wrap_list(&items, SIZE, false, w - 2.0);
        let mut when = vec![date_weekday(self.zone.day(&e.at), lang)];
        when.extend(fonts.wrap(&clock(&e.at, self.zone, lang), SIZE, false, cols[0].1 - 2.0));
        let mut wrapped: Vec<Vec<String>> = vec![
            when,
            list(tension_items(e, lang), cols[1].1),
            list(emotion_items(e, lang), cols[2].1),
            list(signal_items(e, lang), cols[3].1),
            list(practice_items(e, lang), cols[4].1),
        ];
        if self.notes {
            wrapped.push(fonts.wrap(&e.note, SIZE, false, cols[5].1 - 2.0));
        }
        for (lines, (_, w)) in wrapped.iter_mut().zip(cols) {
            if lines.len() > self.max_lines {
                lines.truncate(self.max_lines);
                if let Some(last) = lines.last_mut() {
                    *last = fonts.ellipsize(&format!("{last} …"), SIZE, false, w - 2.0);
                }
            }
        }
        let n_lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let row_h = n_lines as f32 * LINE_H + PAD;
        if self.y + row_h > BOTTOM {
            canvas.new_page();
            self.y = header(canvas, cols, TOP);
        }
        if self.rows % 2 == 1 {
            canvas.rect(LEFT, self.y, self.total_w, row_h, Paint::fill(0.94));
        }
        let mut x = LEFT;
        for (lines, (_, w)) in wrapped.iter().zip(cols) {
            for (i, line) in lines.iter().enumerate() {
                let bold = x == LEFT && i == 0;
                canvas.text(x + 1.0, self.y + 1.2 + LINE_H * (i as f32 + 1.0) - 0.8, SIZE, bold, Align::Left, line);
            }
            x += w;
        }
        self.y += row_h;
        canvas.line((LEFT, self.y), (LEFT + self.total_w, self.y), 0.1, 0.6, &[]);
        self.rows += 1;
    }

    /// Ends the log (says so when it has no rows).
    pub fn finish(self, canvas: &mut Canvas) {
        if self.rows == 0 {
            canvas.text(
                LEFT,
                self.y + 4.0,
                9.0,
                false,
                Align::Left,
                self.lang.pick("No entries in this period.", "Geen metingen in deze periode."),
            );
        }
    }
}
