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

/// How the quick log reads a line, as (English, Dutch) sentences for the help.
const QUICK_RULES: [(&str, &str); 5] = [
    (
        "A name, then its level 0–10 (0 = no tension, 10 = the worst you can imagine): neck 6, anxiety 7.",
        "Een naam, dan het niveau 0–10 (0 = geen spanning, 10 = het ergste dat je je kunt voorstellen): nek 6, angst 7.",
    ),
    (
        "Shorten a name as long as it fits one name only: ne6 = neck 6, anx7 = anxiety 7. Tab completes it.",
        "Kort een naam in zolang hij maar bij één naam past: ne6 = nek 6, an7 = angst 7. Tab vult hem aan.",
    ),
    (
        "A shortening that could be an emotion or a region (sh: shame or a shoulder) is refused with the choices.",
        "Een inkorting die een emotie of een gebied kan zijn (sch: schaamte of schouder) wordt geweigerd, met de keuzes.",
    ),
    (
        "Plural words rate both sides: shoulders 5. #word is a tag; the text after : is the note.",
        "Meervoud geeft beide kanten een niveau: schouders 5. #woord is een label; de tekst na : is de notitie.",
    ),
    (
        "Enter saves a line without problems; problems are shown when you pause or press Enter.",
        "Enter bewaart een regel zonder problemen; problemen zie je als je even stopt of op Enter drukt.",
    ),
];

/// Draws the help window while `open` is true: a way back to the welcome, the shortcuts, and how
/// the quick log reads a line with its short forms in the language shown. True when the person
/// asked for the welcome (the window then closes).
pub fn window(ctx: &egui::Context, open: &mut bool, lang: Lang) -> bool {
    let max_height = (ctx.content_rect().height() - 80.0).max(120.0);
    let mut welcome = false;
    egui::Window::new(lang.pick("Keyboard shortcuts", "Sneltoetsen"))
        .open(open)
        .collapsible(false)
        .resizable(false)
        .max_height(max_height)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().id_salt("shortcuts_scroll").show(ui, |ui| {
                if ui.button(lang.pick("Show the welcome again", "Het welkom opnieuw tonen")).clicked() {
                    welcome = true;
                }
                ui.add_space(4.0);
                egui::Grid::new("shortcuts").num_columns(2).striped(true).show(ui, |ui| {
                    for (keys, en, nl) in SHORTCUTS {
                        ui.monospace(keys);
                        ui.label(lang.pick(en, nl));
                        ui.end_row();
                    }
                });
                ui.add_space(8.0);
                ui.strong(lang.pick("Quick log (Ctrl+L)", "Snel vastleggen (Ctrl+L)"));
                for (en, nl) in QUICK_RULES {
                    ui.label(lang.pick(en, nl));
                }
                ui.add_space(4.0);
                ui.label(lang.pick("Short forms:", "Korte vormen:"));
                egui::Grid::new("quick_short_forms").num_columns(2).striped(true).show(ui, |ui| {
                    for (written, meaning) in crate::model::quick::short_forms(lang) {
                        ui.monospace(written);
                        ui.label(meaning);
                        ui.end_row();
                    }
                });
            });
        });
    if welcome {
        *open = false;
    }
    welcome
}

#[cfg(test)]
mod tests {
    use crate::model::quick::{Item, ProblemKind, parse};
    use crate::model::{Lang, Region};

    /// The help's examples do what it says they do, in both languages.
    #[test]
    fn the_quick_log_examples_in_the_help_hold() {
        let emotion = |line: &str, lang| {
            parse(line, lang, &[]).items.iter().find_map(|(_, i)| match i {
                Item::Emotion(e) => Some((e.code.clone(), e.intensity.get())),
                _ => None,
            })
        };
        assert_eq!(emotion("anx7", Lang::En), Some(("anxiety".to_owned(), 7)));
        assert_eq!(emotion("an7", Lang::Nl), Some(("anxiety".to_owned(), 7)));
        for (line, lang) in [("ne6", Lang::En), ("ne6", Lang::Nl)] {
            let p = parse(line, lang, &[]);
            assert!(matches!(&p.items[..], [(_, Item::Tension(t))] if t.region == Region::Neck), "{p:?}");
        }
        for (line, lang) in [("sh 5", Lang::En), ("sch 5", Lang::Nl)] {
            let p = parse(line, lang, &[]);
            assert!(p.items.is_empty(), "{line}: {p:?}");
            assert!(matches!(p.problems[0].kind, ProblemKind::Ambiguous { .. }), "{line}: {p:?}");
        }
        for (line, lang) in [("shoulders 5", Lang::En), ("schouders 5", Lang::Nl)] {
            assert_eq!(parse(line, lang, &[]).items.len(), 2, "{line}");
        }
    }
}
