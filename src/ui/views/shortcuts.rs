//! Help → Keyboard shortcuts: a small window listing every shortcut.

use crate::model::Lang;

/// The shortcuts, as (keys, what they do in English, in Dutch).
pub const SHORTCUTS: [(&str, &str, &str); 13] = [
    ("Ctrl+S, Ctrl+Enter", "Save the entry", "Meting bewaren"),
    ("Ctrl+Q", "Quit", "Afsluiten"),
    ("F1", "Show these shortcuts", "Deze sneltoetsen tonen"),
    ("Ctrl+1 … Ctrl+9", "Switch between the tabs at the top", "Wisselen tussen de tabbladen bovenaan"),
    (
        "Ctrl+L, /",
        "Quick log: type a check-in on one line (/ when no field has the keyboard)",
        "Snel vastleggen: een meting op één regel typen (/ als geen veld het toetsenbord heeft)",
    ),
    (
        "F6, Shift+F6",
        "Log: move between map, emotions, details and Save",
        "Vastleggen: tussen kaart, emoties, details en Bewaren bewegen",
    ),
    (
        "A … Z",
        "On the map: jump to the next region with that letter",
        "Op de kaart: naar het volgende gebied met die letter",
    ),
    ("Ctrl+Z", "Bring back the last deleted entry", "De laatst verwijderde meting terugzetten"),
    ("0 … 9", "Set the level of the selected body region", "Niveau van het gekozen gebied instellen"),
    ("1 then 0", "Set the selected region to 10", "Gekozen gebied op 10 zetten"),
    ("Delete, Backspace", "Clear the selected region", "Gekozen gebied wissen"),
    ("Esc", "Deselect the region", "Gebied niet meer kiezen"),
    (
        "Tab, Shift+Tab",
        "Move between fields (the region list reaches every region)",
        "Tussen velden bewegen (de gebiedenlijst bereikt elk gebied)",
    ),
];

/// Draws the shortcuts window while `open` is true.
pub fn window(ctx: &egui::Context, open: &mut bool, lang: Lang) {
    egui::Window::new(lang.pick("Keyboard shortcuts", "Sneltoetsen"))
        .open(open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts").num_columns(2).striped(true).show(ui, |ui| {
                for (keys, en, nl) in SHORTCUTS {
                    ui.monospace(keys);
                    ui.label(lang.pick(en, nl));
                    ui.end_row();
                }
            });
        });
}
