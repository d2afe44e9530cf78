//! The welcome: shown on the first run (and from Help → Welcome at any time). Three short steps
//! (the map and what 0–10 means, where the data stay, a choice) and an offer of reminders.
//!
//! The choices at the end are one list, [`WelcomeChoice::ALL`]: a new way to begin (restoring a
//! copy, say) is one more variant with its words, and one arm where the app applies it.

use egui::RichText;

use crate::model::Lang;

/// A way to begin, offered at the end of the welcome (in the order of [`WelcomeChoice::ALL`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WelcomeChoice {
    /// Start (or go on with) the person's own journal.
    StartJournal,
    /// Look around in an example journal: a separate file of made-up entries.
    LookAround,
    /// On a new computer: make a copy from a folder this journal (Settings' restore form).
    RestoreCopy,
}

impl WelcomeChoice {
    /// Every choice, in the order shown; the first has the keyboard when the welcome opens.
    pub const ALL: [WelcomeChoice; 3] =
        [WelcomeChoice::StartJournal, WelcomeChoice::LookAround, WelcomeChoice::RestoreCopy];

    /// The button's words.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            WelcomeChoice::StartJournal => lang.pick("Start my journal", "Begin mijn dagboek"),
            WelcomeChoice::LookAround => {
                lang.pick("Look around with an example journal", "Rondkijken in een voorbeelddagboek")
            }
            WelcomeChoice::RestoreCopy => {
                lang.pick("Restore my journal from a copy", "Mijn dagboek terugzetten vanuit een kopie")
            }
        }
    }

    /// What the choice does, said under the button (and to a screen reader).
    pub fn hint(self, lang: Lang) -> &'static str {
        match self {
            WelcomeChoice::StartJournal => lang.pick(
                "Opens the log form: your first check-in takes about a minute.",
                "Opent het formulier: je eerste meting duurt ongeveer een minuut.",
            ),
            WelcomeChoice::LookAround => lang.pick(
                "A year of made-up entries in a file of its own: it never mixes with your journal, \
                 and one click brings you back.",
                "Een jaar verzonnen metingen in een eigen bestand: het raakt je eigen dagboek nooit, \
                 en met één klik ben je terug.",
            ),
            WelcomeChoice::RestoreCopy => lang.pick(
                "On a new computer: your journal from the copies another computer kept in a folder (a USB \
                 stick, a Syncthing, Nextcloud or Dropbox folder). You see what a copy holds before it \
                 becomes your journal.",
                "Op een nieuwe computer: je dagboek uit de kopieën die een andere computer in een map \
                 bewaarde (een USB-stick, een map van Syncthing, Nextcloud of Dropbox). Je ziet wat een \
                 kopie bevat voordat het je dagboek wordt.",
            ),
        }
    }
}

/// What the person chose on the welcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WelcomeOutcome {
    /// One of the choices at the end.
    Chose(WelcomeChoice),
    /// Start the journal and set up reminders (Settings).
    Reminders,
}

/// The welcome's state: only whether the first choice has been given the keyboard yet.
#[derive(Debug, Default)]
pub struct WelcomeView {
    focused: bool,
}

/// The welcome's title.
pub fn title(lang: Lang) -> &'static str {
    lang.pick("Welcome to Feltsense", "Welkom bij Feltsense")
}

/// The three steps: a heading and its text each.
fn steps(lang: Lang) -> [(&'static str, &'static str); 3] {
    [
        (
            lang.pick("1. Where do you feel tension?", "1. Waar voel je spanning?"),
            lang.pick(
                "Tap or click the body map where you feel tension and give it a number from 0 to 10: \
                 0 = no tension, 10 = the worst you can imagine. Regions you leave alone count as 0. \
                 Add the emotions you feel and, if you like, a note, then save.",
                "Tik of klik op de lichaamskaart waar je spanning voelt en geef die een cijfer van 0 \
                 tot 10: 0 = geen spanning, 10 = de ergste spanning die je je kunt voorstellen. \
                 Gebieden die je overslaat tellen als 0. Kies de emoties die je voelt, schrijf als je \
                 wilt een notitie, en bewaar.",
            ),
        ),
        (
            lang.pick("2. Your journal stays on this computer", "2. Je dagboek blijft op deze computer"),
            lang.pick(
                "Everything you write is kept in one file on this computer, readable only by you. \
                 Nothing is sent anywhere: only when you export it (a PDF for your physiotherapist, \
                 say) does it leave, and then as a file you choose. Settings can lock it with a \
                 passphrase.",
                "Alles wat je schrijft staat in één bestand op deze computer, alleen voor jou \
                 leesbaar. Er wordt niets verstuurd: alleen als je het exporteert (een PDF voor je \
                 fysiotherapeut bijvoorbeeld) gaat het de deur uit, en dan als een bestand dat jij \
                 kiest. In Instellingen kun je het op slot doen met een wachtwoordzin.",
            ),
        ),
        (
            lang.pick("3. How would you like to begin?", "3. Hoe wil je beginnen?"),
            lang.pick(
                "Over weeks, Insights shows where your tension sits, how it changes and what it \
                 follows. An example journal shows what that looks like before you have your own.",
                "Na een paar weken laat Inzichten zien waar je spanning zit, hoe die verandert en \
                 waarop die volgt. Een voorbeelddagboek laat zien hoe dat eruitziet voordat je je \
                 eigen metingen hebt.",
            ),
        ),
    ]
}

impl WelcomeView {
    /// Draws the welcome in `ui`; returns what the person chose, if they chose.
    pub fn ui(&mut self, ui: &mut egui::Ui, lang: Lang) -> Option<WelcomeOutcome> {
        let mut outcome = None;
        egui::ScrollArea::vertical().id_salt("welcome_scroll").auto_shrink([false, false]).show(ui, |ui| {
            ui.set_max_width(ui.available_width().min(720.0));
            ui.heading(title(lang));
            ui.label(lang.pick(
                "A journal of where you feel tension in your body, and of what you feel. Three things \
                 to know:",
                "Een dagboek van waar je spanning voelt in je lichaam, en van wat je voelt. Drie \
                 dingen om te weten:",
            ));
            for (heading, text) in steps(lang) {
                ui.add_space(10.0);
                ui.label(RichText::new(heading).strong());
                ui.label(text);
            }
            ui.add_space(8.0);
            for (i, choice) in WelcomeChoice::ALL.into_iter().enumerate() {
                let button = egui::Button::new(RichText::new(choice.label(lang)).strong());
                let r = ui.add(button);
                let hint = choice.hint(lang);
                ui.ctx().accesskit_node_builder(r.id, |node| node.set_description(hint));
                if i == 0 && !std::mem::replace(&mut self.focused, true) {
                    r.request_focus();
                }
                if r.clicked() {
                    outcome = Some(WelcomeOutcome::Chose(choice));
                }
                ui.label(RichText::new(hint).weak());
                ui.add_space(4.0);
            }
            ui.add_space(10.0);
            ui.label(RichText::new(lang.pick("Would a reminder help?", "Helpt een herinnering?")).strong());
            ui.label(lang.pick(
                "Feltsense can remind you to check in at times you choose (also while the window is closed, if \
                 you like).",
                "Feltsense kan je op tijden die jij kiest aan een meting herinneren (als je wilt ook als het \
                 venster dicht is).",
            ));
            if ui.button(lang.pick("Set up reminders…", "Herinneringen instellen…")).clicked() {
                outcome = Some(WelcomeOutcome::Reminders);
            }
            ui.add_space(6.0);
            ui.label(
                RichText::new(lang.pick(
                    "This welcome is in Help whenever you want it again. The language is in Settings.",
                    "Dit welkom staat in Help, wanneer je het nog eens wilt zien. De taal kies je in Instellingen.",
                ))
                .weak(),
            );
        });
        if outcome.is_some() {
            self.focused = false;
        }
        outcome
    }
}
