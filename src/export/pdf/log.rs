//! The chronological log: a table with one row per entry, repeated header on every page, and page
//! breaks only between rows.

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

/// Draws the log of `entries` (already in chronological order) starting at `y` on the current
/// page, adding pages as needed. A row is never split: a row that does not fit goes to the next
/// page, and a single row taller than a whole page is shortened with "…".
pub fn draw(canvas: &mut Canvas, entries: &[&Entry], lang: Lang, notes: bool, mut y: f32) {
    canvas.text(LEFT, y + 5.0, 12.0, true, Align::Left, lang.pick("Log", "Logboek"));
    y += 9.0;
    let cols = columns(lang, notes);
    if entries.is_empty() {
        canvas.text(
            LEFT,
            y + 4.0,
            9.0,
            false,
            Align::Left,
            lang.pick("No entries in this period.", "Geen metingen in deze periode."),
        );
        return;
    }
    // A page must at least hold the header and one line of a row; otherwise start a fresh page.
    if y + HEADER_H + LINE_H + PAD > BOTTOM {
        canvas.new_page();
        y = TOP;
    }
    y = header(canvas, &cols, y);
    let max_lines = ((BOTTOM - TOP - HEADER_H - PAD) / LINE_H).floor() as usize;
    let total_w: f32 = cols.iter().map(|c| c.1).sum();
    debug_assert!(LEFT + total_w <= PAGE_W - 14.0);
    for (row, e) in entries.iter().enumerate() {
        let local = e.at.naive_local();
        let fonts = canvas.fonts;
        let list = |items: Vec<String>, w: f32| fonts.wrap_list(&items, SIZE, false, w - 2.0);
        let mut wrapped: Vec<Vec<String>> = vec![
            vec![date_weekday(local.date(), lang), local.format("%H:%M").to_string()],
            list(tension_items(e, lang), cols[1].1),
            list(emotion_items(e, lang), cols[2].1),
            list(signal_items(e, lang), cols[3].1),
            list(practice_items(e, lang), cols[4].1),
        ];
        if notes {
            wrapped.push(fonts.wrap(&e.note, SIZE, false, cols[5].1 - 2.0));
        }
        for (lines, (_, w)) in wrapped.iter_mut().zip(&cols) {
            if lines.len() > max_lines {
                lines.truncate(max_lines);
                if let Some(last) = lines.last_mut() {
                    *last = canvas.fonts.ellipsize(&format!("{last} …"), SIZE, false, w - 2.0);
                }
            }
        }
        let n_lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let row_h = n_lines as f32 * LINE_H + PAD;
        if y + row_h > BOTTOM {
            canvas.new_page();
            y = header(canvas, &cols, TOP);
        }
        if row % 2 == 1 {
            canvas.rect(LEFT, y, total_w, row_h, Paint::fill(0.94));
        }
        let mut x = LEFT;
        for (lines, (_, w)) in wrapped.iter().zip(&cols) {
            for (i, line) in lines.iter().enumerate() {
                let bold = x == LEFT && i == 0;
                canvas.text(x + 1.0, y + 1.2 + LINE_H * (i as f32 + 1.0) - 0.8, SIZE, bold, Align::Left, line);
            }
            x += w;
        }
        y += row_h;
        canvas.line((LEFT, y), (LEFT + total_w, y), 0.1, 0.6, &[]);
    }
}
