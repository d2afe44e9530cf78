//! The practice view: a guided practice one click away, with a quick rating before and after it,
//! and, while nothing runs, the person's own week and what practising does for them.
//!
//! - Four practices: guided 4–6 breathing ([`breathing`]), progressive muscle relaxation
//!   ([`pmr`]), and a walk and a micro-pause as plain timers.
//! - The before → practice → after steps are a state machine in [`flow`]; the timing is a pure
//!   function of the practised time ([`timer`]), read from egui's frame clock
//!   (`ui.input(|i| i.time)`), which tests set by hand. Nothing sleeps.
//! - The window repaints on its own **only while a practice runs**: about 30 times a second for the
//!   breathing circle, once a second for the counting text and the timers. Idle, paused, or on
//!   any other stage it requests nothing, so it costs no CPU.
//! - The optional sound cue (off by default) needs no audio library: when a practice changes
//!   phase it returns an effect, and the app's effects thread runs `canberra-gtk-play` or
//!   `paplay`, whichever exists on `PATH` at run time, without waiting for it. Without either, the
//!   circle's soft pulse is the only cue. Whether a player exists is looked up on the effects
//!   thread too: the view asks once ([`Effect::FindSoundPlayer`](crate::ui::effects::Effect::FindSoundPlayer))
//!   and the app hands the answer back ([`PracticeView::set_sound_player`]); until then the
//!   checkbox waits.
//! - The week strip and the relief lines come from [`crate::analysis::sessions`], computed by
//!   [`PracticeView::set_data`] when the app's data generation (or the date) changed, never per
//!   frame.

pub mod breathing;
pub mod flow;
pub mod pmr;
pub mod timer;
pub mod week_strip;

use std::time::Duration;

use chrono::{Local, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::analysis::relief::{ReliefVerdict, cannot_compare_sentence, method_sentence};
use crate::analysis::sessions::{DayMarks, SessionRelief, relief_by_practice, week_strip};
use crate::model::{Entry, Lang, Message, PracticeKind, Region};
use crate::ui::command::Command;
use crate::ui::views::ViewCx;
use crate::ui::widgets::body_map::BodyMap;
use flow::{Flow, Map, Setup, Stage};
use timer::{format_clock, phase_at, until_next_second};

/// The practices the view guides, in the order offered.
pub const OFFERED: [PracticeKind; 4] =
    [PracticeKind::Breathing46, PracticeKind::MuscleRelaxation, PracticeKind::Walk, PracticeKind::MicroPause];

/// How often the breathing circle is redrawn while it moves.
const ANIMATION_FRAME: Duration = Duration::from_millis(33);

/// The person's choices on the practice screen, kept across runs in egui's persisted memory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PracticePrefs {
    /// The practice chosen last.
    pub kind: PracticeKind,
    /// Length of 4–6 breathing, 1–10 minutes.
    pub breathing_minutes: u32,
    /// Length of a walk, 1–30 minutes.
    pub walk_minutes: u32,
    /// Length of a micro-pause, 1–5 minutes.
    pub pause_minutes: u32,
    /// A counting text instead of the moving circle.
    pub reduced_motion: bool,
    /// Play a soft system sound at each change (only when a player program exists).
    pub sound: bool,
}

impl Default for PracticePrefs {
    fn default() -> Self {
        PracticePrefs {
            kind: PracticeKind::Breathing46,
            breathing_minutes: 2,
            walk_minutes: 10,
            pause_minutes: 1,
            reduced_motion: false,
            sound: false,
        }
    }
}

impl PracticePrefs {
    /// The chosen length of `kind` and its allowed range, in minutes; `None` for muscle
    /// relaxation, whose length follows its steps.
    fn minutes_mut(&mut self, kind: PracticeKind) -> Option<(&mut u32, std::ops::RangeInclusive<u32>)> {
        match kind {
            PracticeKind::Breathing46 => Some((&mut self.breathing_minutes, 1..=10)),
            PracticeKind::Walk => Some((&mut self.walk_minutes, 1..=30)),
            PracticeKind::MicroPause => Some((&mut self.pause_minutes, 1..=5)),
            _ => None,
        }
    }

    /// The planned length of `kind` as chosen.
    pub fn planned(&self, kind: PracticeKind) -> Duration {
        let minutes = |m: u32, max: u32| Duration::from_secs(u64::from(m.clamp(1, max)) * 60);
        match kind {
            PracticeKind::Breathing46 => minutes(self.breathing_minutes, 10),
            PracticeKind::Walk => minutes(self.walk_minutes, 30),
            PracticeKind::MicroPause => minutes(self.pause_minutes, 5),
            _ => pmr::TOTAL,
        }
    }
}

/// What the view shows besides the practice itself, prepared by [`PracticeView::set_data`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PracticeData {
    /// The last check-in's map, to pre-fill the before-rating.
    pub last_map: Option<Map>,
    /// Relief per practice from exact before/after pairs.
    pub relief: Vec<SessionRelief>,
    /// The last seven days, today last.
    pub week: Option<[DayMarks; 7]>,
}

/// Marks each change of a running practice (a new in- or out-breath, a new PMR action, the end),
/// so that the sound cue plays once per change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CueKey {
    Breath(u64, timer::Breath),
    Muscle(usize, pmr::Action),
}

/// The practice view's state.
#[derive(Debug, Default)]
pub struct PracticeView {
    /// Where the before → practice → after flow is.
    pub flow: Flow,
    /// The person's choices.
    pub prefs: PracticePrefs,
    data: PracticeData,
    loaded_for: Option<(u64, NaiveDate)>,
    prefs_loaded: bool,
    last_cue: Option<CueKey>,
    /// A sound cue is due this frame (returned as an effect at the end of the frame).
    cue_due: bool,
    /// Whether a sound player exists, as the effects thread answered (`None`: not known yet).
    sound_player: Option<bool>,
    /// The look-up of the sound player was asked for.
    sound_player_asked: bool,
    /// The after-rating screen as it was when Save was pressed, kept until the app confirms the
    /// save, so a failed save loses nothing.
    unsaved: Option<Stage>,
    /// Why the last save failed.
    save_error: Option<Message>,
}

/// Which stage the flow is in, without its data (to notice a change within a frame).
fn stage_tag(stage: &Stage) -> u8 {
    match stage {
        Stage::Idle => 0,
        Stage::Before { .. } => 1,
        Stage::Running { .. } => 2,
        Stage::After { .. } => 3,
    }
}

impl PracticeView {
    /// The app saved the practice's entries.
    pub fn save_succeeded(&mut self) {
        self.unsaved = None;
        self.save_error = None;
    }

    /// The app could not save the practice's entries: go back to the after-rating, as it was,
    /// and say why.
    pub fn save_failed(&mut self, message: Message) {
        if let Some(stage) = self.unsaved.take() {
            self.flow.stage = stage;
        }
        self.save_error = Some(message);
    }

    /// The effects thread's answer to [`Effect::FindSoundPlayer`](crate::ui::effects::Effect::FindSoundPlayer):
    /// whether the sound cue can play (`false` as well when the thread could not answer).
    pub fn set_sound_player(&mut self, found: bool) {
        self.sound_player = Some(found);
    }

    /// Whether a sound player exists, once the effects thread has answered.
    pub fn sound_player(&self) -> Option<bool> {
        self.sound_player
    }

    /// Why the last save failed, if it did (worded when shown).
    pub fn save_error(&self) -> Option<&Message> {
        self.save_error.as_ref()
    }

    /// True when the data was prepared for another generation or another day.
    pub fn wants_load(&self, generation: u64, today: NaiveDate) -> bool {
        self.loaded_for != Some((generation, today))
    }

    /// Prepares the week strip and relief lines from `entries` (the whole journal, any order) and
    /// the pre-fill from `last_check_in`, for `generation` on `today`.
    pub fn set_data(&mut self, generation: u64, today: NaiveDate, last_check_in: Option<&Entry>, entries: &[Entry]) {
        let last_map = last_check_in.filter(|e| e.is_check_in()).map(|e| {
            let mut m: Map = [None; Region::COUNT];
            for t in &e.tensions {
                m[t.region.index()] = Some(t.level);
            }
            m
        });
        self.data =
            PracticeData { last_map, relief: relief_by_practice(entries), week: Some(week_strip(entries, today)) };
        self.loaded_for = Some((generation, today));
    }

    /// What the view currently shows besides the practice.
    pub fn data(&self) -> &PracticeData {
        &self.data
    }

    /// Draws the view; returns what the person asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &ViewCx<'_>) -> Vec<Command> {
        let lang = cx.lang;
        let today = Local::now().date_naive();
        if self.wants_load(cx.generation(), today)
            && let Some(entries) = cx.entries()
        {
            // Relief pairs and the week strip, from the snapshot (once per generation and day).
            self.set_data(cx.generation(), today, cx.snapshot.last_check_in(), entries);
        }
        let mut commands = Vec::new();
        self.load_prefs(ui);
        if self.sound_player.is_none() && !self.sound_player_asked {
            // Looking on PATH touches the file system: the effects thread does it, once.
            self.sound_player_asked = true;
            commands.push(Command::Effect(crate::ui::effects::Effect::FindSoundPlayer));
        }
        let prefs_before = self.prefs.clone();
        let now = ui.input(|i| i.time);
        let stage_before = stage_tag(&self.flow.stage);
        if self.flow.update(now) {
            self.cue(None);
        }

        egui::ScrollArea::vertical().id_salt("practice_view").show(ui, |ui| match self.flow.stage {
            Stage::Idle => self.idle_ui(ui, lang),
            Stage::Before { .. } => self.before_ui(ui, lang, now),
            Stage::Running { .. } => self.running_ui(ui, lang, now),
            Stage::After { .. } => self.after_ui(ui, lang, &mut commands),
        });

        if std::mem::take(&mut self.cue_due) {
            commands.push(Command::Effect(crate::ui::effects::Effect::PlayCue));
        }
        if self.prefs != prefs_before {
            let prefs = self.prefs.clone();
            ui.data_mut(|d| d.insert_persisted(prefs_id(), prefs));
        }
        if stage_tag(&self.flow.stage) != stage_before {
            // Show the new stage at once rather than at the next input.
            ui.ctx().request_repaint();
        } else if let Some(after) = self.repaint_after(now) {
            ui.ctx().request_repaint_after(after);
        }
        commands
    }

    /// When the running practice next needs a frame; `None` when nothing runs (idle, paused,
    /// rating), so the window sleeps.
    pub fn repaint_after(&self, now: f64) -> Option<Duration> {
        let Stage::Running { setup, watch, .. } = &self.flow.stage else { return None };
        if !watch.is_running() {
            return None;
        }
        let elapsed = watch.elapsed(now);
        let left = setup.planned.saturating_sub(elapsed);
        let animated = setup.kind == PracticeKind::Breathing46 && !self.prefs.reduced_motion;
        // Just past the next whole second, so the new second is there when the frame draws.
        let tick = if animated { ANIMATION_FRAME } else { until_next_second(elapsed) + Duration::from_millis(5) };
        Some(tick.min(left).max(Duration::from_millis(1)))
    }

    fn load_prefs(&mut self, ui: &egui::Ui) {
        if !self.prefs_loaded {
            if let Some(p) = ui.data_mut(|d| d.get_persisted::<PracticePrefs>(prefs_id())) {
                self.prefs = p;
            }
            self.prefs_loaded = true;
        }
    }

    /// Plays the sound cue for a change to `key` (`None`: the end of the practice), once per
    /// change, when the person asked for sound and a player exists.
    fn cue(&mut self, key: Option<CueKey>) {
        if key.is_some() && key == self.last_cue {
            return;
        }
        self.last_cue = key;
        if self.prefs.sound {
            self.cue_due = true;
        }
    }

    fn idle_ui(&mut self, ui: &mut egui::Ui, lang: Lang) {
        ui.heading(lang.pick("Choose a practice", "Kies een oefening"));
        ui.add_space(4.0);
        for kind in OFFERED {
            ui.horizontal(|ui| {
                ui.radio_value(&mut self.prefs.kind, kind, kind.name(lang));
                ui.weak(description(kind, lang));
            });
        }
        ui.add_space(6.0);
        let kind = self.prefs.kind;
        ui.horizontal(|ui| match self.prefs.minutes_mut(kind) {
            Some((minutes, range)) => {
                let label = ui.label(lang.pick("Length:", "Duur:"));
                ui.add(egui::Slider::new(minutes, range).suffix(lang.pick(" min", " min"))).labelled_by(label.id);
            }
            None => {
                ui.weak(lang.pick(
                    "About 2¼ minutes: nine muscle groups, 15 seconds each.",
                    "Ongeveer 2¼ minuut: negen spiergroepen van 15 seconden.",
                ));
            }
        });
        if kind == PracticeKind::Breathing46 {
            ui.checkbox(
                &mut self.prefs.reduced_motion,
                lang.pick(
                    "Reduced motion: count along with text instead of a moving circle",
                    "Minder beweging: tel mee met tekst in plaats van een bewegende cirkel",
                ),
            );
        }
        let player = self.sound_player == Some(true);
        let hover = if self.sound_player.is_none() {
            lang.pick("Looking for a sound player…", "Zoeken naar een geluidsspeler…")
        } else if player {
            lang.pick(
                "Plays the system's bell sound with canberra-gtk-play or paplay. On screen, a soft pulse marks each change either way.",
                "Speelt het belgeluid van het systeem af met canberra-gtk-play of paplay. Op het scherm markeert een zachte puls elke wisseling hoe dan ook.",
            )
        } else {
            lang.pick(
                "No sound player was found (canberra-gtk-play or paplay), so the cue stays a soft pulse on screen.",
                "Er is geen geluidsspeler gevonden (canberra-gtk-play of paplay); de wisseling blijft een zachte puls op het scherm.",
            )
        };
        let mut sound = self.prefs.sound && player;
        let resp = ui
            .add_enabled(
                player,
                egui::Checkbox::new(
                    &mut sound,
                    lang.pick("Soft sound at each change", "Zacht geluid bij elke wisseling"),
                ),
            )
            .on_hover_text(hover)
            .on_disabled_hover_text(hover);
        if resp.changed() {
            self.prefs.sound = sound;
        }
        ui.add_space(8.0);
        if ui.button(egui::RichText::new(lang.pick("Begin", "Beginnen")).strong().size(16.0)).clicked() {
            let setup = Setup { kind, planned: self.prefs.planned(kind) };
            self.flow.begin(setup, self.data.last_map.as_ref());
        }

        ui.add_space(12.0);
        ui.separator();
        self.week_ui(ui, lang);
        ui.add_space(8.0);
        self.relief_ui(ui, lang);
    }

    fn week_ui(&self, ui: &mut egui::Ui, lang: Lang) {
        ui.label(egui::RichText::new(lang.pick("Your last seven days", "Je afgelopen zeven dagen")).strong());
        if let Some(week) = &self.data.week {
            week_strip::week_strip_ui(ui, week, lang);
        }
    }

    fn relief_ui(&self, ui: &mut egui::Ui, lang: Lang) {
        ui.label(egui::RichText::new(lang.pick("What practising does for you", "Wat oefenen voor jou doet")).strong());
        if self.data.relief.is_empty() {
            ui.label(lang.pick(
                "After a practice with a rating before and after, you will see here what it does for your body.",
                "Na een oefening met een meting vooraf en erna zie je hier wat die voor je lichaam doet.",
            ));
            return;
        }
        for r in &self.data.relief {
            ui.label(relief_line(r, lang));
            if let Some(best) = r.best_region() {
                ui.weak(format!(
                    "{} {} ({})",
                    lang.pick("Clearest in:", "Het duidelijkst in:"),
                    best.region.name(lang),
                    best.adjusted.text(lang)
                ));
            }
            ui.weak(plain_line(r, lang));
        }
        if self.data.relief.iter().any(|r| r.adjusted.verdict == ReliefVerdict::CannotCompare) {
            ui.weak(cannot_compare_sentence(lang));
        }
        ui.weak(method_sentence(lang));
    }

    fn before_ui(&mut self, ui: &mut egui::Ui, lang: Lang, now: f64) {
        let Stage::Before { setup, levels, selected, prefilled } = &mut self.flow.stage else { return };
        ui.weak(format!("{}: {}", lang.pick("Before", "Vooraf"), setup_text(*setup, lang)));
        ui.heading(lang.pick("Where do you feel tension right now?", "Waar voel je nu spanning?"));
        ui.label(if *prefilled {
            lang.pick(
                "Filled in from your last check-in. Change what is different now.",
                "Ingevuld vanuit je vorige meting. Pas aan wat nu anders is.",
            )
        } else {
            lang.pick(
                "Tap where you feel tension; it takes a few seconds.",
                "Tik aan waar je spanning voelt; dat kost maar een paar tellen.",
            )
        });
        BodyMap::new(levels, selected, lang).id_salt("practice_before").max_height(320.0).show(ui);
        ui.add_space(6.0);
        let (mut start, mut skip, mut back) = (false, false, false);
        ui.horizontal(|ui| {
            start = ui.button(egui::RichText::new(lang.pick("Start", "Starten")).strong().size(16.0)).clicked();
            skip = ui.button(lang.pick("Skip rating", "Meting overslaan")).clicked();
            back = ui.button(lang.pick("Back", "Terug")).clicked();
        });
        if start || skip {
            self.flow.start(now, Local::now().fixed_offset(), start);
            self.last_cue = None;
        } else if back {
            self.flow.cancel();
        }
    }

    fn running_ui(&mut self, ui: &mut egui::Ui, lang: Lang, now: f64) {
        let Stage::Running { setup, watch, .. } = &self.flow.stage else { return };
        let (setup, elapsed, running) = (*setup, watch.elapsed(now), watch.is_running());
        ui.heading(setup.kind.name(lang));
        ui.add_space(4.0);
        ui.vertical_centered(|ui| {
            match setup.kind {
                PracticeKind::Breathing46 => {
                    let phase = phase_at(elapsed);
                    if running {
                        self.cue(Some(CueKey::Breath(phase.cycle, phase.breath)));
                    }
                    breathing::breathing_ui(ui, elapsed, lang, self.prefs.reduced_motion);
                }
                PracticeKind::MuscleRelaxation => {
                    if let Some(step) = pmr::step_at(elapsed) {
                        if running {
                            self.cue(Some(CueKey::Muscle(step.index, step.action)));
                        }
                        pmr_ui(ui, step, lang);
                    }
                }
                kind => timed_ui(ui, kind, lang),
            }
            ui.add_space(8.0);
            let left = format_clock(setup.planned.saturating_sub(elapsed));
            let left = match lang {
                Lang::En => format!("{left} left"),
                Lang::Nl => format!("nog {left}"),
            };
            ui.label(egui::RichText::new(left).size(20.0));
            if !running {
                ui.weak(lang.pick("Paused", "Gepauzeerd"));
            }
            ui.add_space(10.0);
            ui.horizontal(|ui| {
                // Two buttons of a fixed size, so that they can be centred under the practice.
                let size = egui::vec2(110.0, 30.0);
                let width = 2.0 * size.x + ui.spacing().item_spacing.x;
                ui.add_space(((ui.available_width() - width) / 2.0).max(0.0));
                let button = |text: &str| egui::Button::new(egui::RichText::new(text).size(15.0)).min_size(size);
                if running {
                    if ui.add(button(lang.pick("Pause", "Pauzeren"))).clicked() {
                        self.flow.pause(now);
                    }
                } else if ui.add(button(lang.pick("Resume", "Hervatten"))).clicked() {
                    self.flow.resume(now);
                }
                if ui.add(button(lang.pick("Stop", "Stoppen"))).clicked() {
                    self.flow.stop(now);
                }
            });
        });
    }

    fn after_ui(&mut self, ui: &mut egui::Ui, lang: Lang, commands: &mut Vec<Command>) {
        let Stage::After { setup, practised, completed, levels, selected, before } = &mut self.flow.stage else {
            return;
        };
        let minutes = minutes_text(u32::from(timer::practised_minutes(*practised)), lang);
        let done = if *completed {
            format!("{}, {minutes}.", setup.kind.name(lang))
        } else {
            format!("{}, {minutes} ({}).", setup.kind.name(lang), lang.pick("stopped early", "eerder gestopt"))
        };
        ui.weak(done);
        ui.heading(lang.pick("How does it feel now?", "Hoe voelt het nu?"));
        ui.label(if before.levels.iter().any(Option::is_some) {
            lang.pick(
                "The same regions as before; change what feels different.",
                "Dezelfde gebieden als vooraf; pas aan wat anders voelt.",
            )
        } else {
            lang.pick("Tap where you feel tension now.", "Tik aan waar je nu spanning voelt.")
        });
        BodyMap::new(levels, selected, lang).id_salt("practice_after").max_height(320.0).show(ui);
        ui.add_space(6.0);
        let (mut save, mut skip) = (false, false);
        ui.horizontal(|ui| {
            save = ui.button(egui::RichText::new(lang.pick("Save", "Bewaren")).strong().size(16.0)).clicked();
            skip = ui
                .button(lang.pick("Skip", "Overslaan"))
                .on_hover_text(lang.pick(
                    "Saves the practice and the rating from before, without a rating after.",
                    "Bewaart de oefening en de meting vooraf, zonder meting erna.",
                ))
                .clicked();
        });
        if let Some(err) = &self.save_error {
            ui.colored_label(ui.visuals().error_fg_color, err.text(lang));
        }
        let at = save.then(|| Local::now().fixed_offset());
        let snapshot = self.flow.stage.clone();
        if (save || skip)
            && let Some(entries) = self.flow.finish(at)
        {
            self.unsaved = Some(snapshot);
            commands.push(Command::SaveEntries(entries));
        }
    }
}

/// The key of the persisted [`PracticePrefs`].
fn prefs_id() -> egui::Id {
    egui::Id::unique("feltsense_practice_prefs")
}

/// One line about a practice on the choice list.
fn description(kind: PracticeKind, lang: Lang) -> &'static str {
    match kind {
        PracticeKind::Breathing46 => lang.pick(
            "4 seconds in, 6 seconds out; the long out-breath calms.",
            "4 tellen in, 6 tellen uit; de lange uitademing brengt rust.",
        ),
        PracticeKind::MuscleRelaxation => lang.pick(
            "Tense and release nine muscle groups, one after another.",
            "Span negen spiergroepen een voor een aan en laat ze weer los.",
        ),
        PracticeKind::Walk => lang.pick(
            "An easy walk; the timer runs while you are away.",
            "Een rustige wandeling; de tijd loopt door terwijl je weg bent.",
        ),
        PracticeKind::MicroPause => lang.pick(
            "Stand up, drop your shoulders, breathe out slowly.",
            "Sta op, laat je schouders zakken, adem langzaam uit.",
        ),
        _ => "",
    }
}

/// "4–6 breathing, 2 minutes".
fn setup_text(setup: Setup, lang: Lang) -> String {
    let minutes = u32::from(timer::practised_minutes(setup.planned));
    format!("{}, {}", setup.kind.name(lang), minutes_text(minutes, lang))
}

/// "1 minute", "2 minutes" / "1 minuut", "2 minuten".
fn minutes_text(n: u32, lang: Lang) -> String {
    match (lang, n) {
        (Lang::En, 1) => "1 minute".into(),
        (Lang::En, n) => format!("{n} minutes"),
        (Lang::Nl, 1) => "1 minuut".into(),
        (Lang::Nl, n) => format!("{n} minuten"),
    }
}

/// "1 time", "23 times" / "1 keer", "23 keer".
fn times(n: usize, lang: Lang) -> String {
    let (one, more) = match lang {
        Lang::En => ("time", "times"),
        Lang::Nl => ("keer", "keer"),
    };
    crate::model::text::plural(n as u64, one, more)
}

/// A change with one decimal and its sign: "−1.4" (a true minus sign), "+0.5", "0.0"; Dutch uses
/// a decimal comma.
pub fn signed(v: f64, lang: Lang) -> String {
    crate::model::text::signed(v, 1, lang)
}

/// The headline, compared with similar moments: "4–6 breathing: −1.2 points (−1.7 to −0.7):
/// eases tension, compared with similar moments (23 times on 15 days, 310 comparisons)"; when the
/// journal has nothing to compare with, only the plain change and that it cannot be separated
/// from tension easing by itself.
pub fn relief_line(r: &SessionRelief, lang: Lang) -> String {
    let name = r.kind.name(lang);
    let text = r.adjusted.text(lang);
    let n = r.adjusted.n_text(lang);
    match r.adjusted.verdict {
        ReliefVerdict::NotEnoughData => return format!("{name}: {text}"),
        ReliefVerdict::CannotCompare => return format!("{name}: {text} ({n})"),
        _ => {}
    }
    match lang {
        Lang::En => format!("{name}: {text}, compared with similar moments ({n})"),
        Lang::Nl => format!("{name}: {text}, vergeleken met vergelijkbare momenten ({n})"),
    }
}

/// The plain change, as description: "Plain change from before to after: −1.4 points on average
/// in the rated regions, 23 times" / "Ruwe verandering van vooraf tot erna: gemiddeld −1,4 punt
/// in de beoordeelde gebieden, 23 keer". Below zero means less tension.
pub fn plain_line(r: &SessionRelief, lang: Lang) -> String {
    let change = signed(r.overall, lang);
    let n = times(r.n, lang);
    match lang {
        Lang::En => format!("Plain change from before to after: {change} points on average in the rated regions, {n}"),
        Lang::Nl => {
            format!("Ruwe verandering van vooraf tot erna: gemiddeld {change} punt in de beoordeelde gebieden, {n}")
        }
    }
}

fn pmr_ui(ui: &mut egui::Ui, step: pmr::PmrStep, lang: Lang) {
    let total = pmr::MuscleGroup::ALL.len();
    ui.weak(match lang {
        Lang::En => format!("Step {} of {total}", step.index + 1),
        Lang::Nl => format!("Stap {} van {total}", step.index + 1),
    });
    ui.add_space(12.0);
    ui.label(egui::RichText::new(step.group.name(lang)).size(28.0).strong());
    let secs = step.left.as_secs() + u64::from(step.left.subsec_nanos() > 0);
    ui.label(egui::RichText::new(format!("{} · {secs}", step.action.name(lang))).size(20.0));
    ui.add_space(8.0);
    ui.label(egui::RichText::new(step.instruction(lang)).size(16.0));
    ui.add_space(4.0);
    ui.weak(lang.pick("Tense gently, never to the point of pain.", "Span rustig aan, nooit tot het pijn doet."));
}

fn timed_ui(ui: &mut egui::Ui, kind: PracticeKind, lang: Lang) {
    ui.add_space(24.0);
    let text = match kind {
        PracticeKind::Walk => lang.pick(
            "Walk at an easy pace. Notice your feet, your breath and what you see. Come back when the time is up.",
            "Wandel in een rustig tempo. Let op je voeten, je adem en wat je ziet. Kom terug als de tijd om is.",
        ),
        _ => lang.pick(
            "Stand up, let your shoulders drop and breathe out slowly. Look at something far away.",
            "Sta op, laat je schouders zakken en adem langzaam uit. Kijk naar iets in de verte.",
        ),
    };
    ui.label(egui::RichText::new(text).size(16.0));
    ui.add_space(16.0);
}

/// The guided practice `kind` as it is `elapsed` after it began: the breathing circle (or its
/// counting text), the muscle-relaxation step, or the plain instructions of the other practices.
/// Other views (the Experiments view) guide a practice with it.
pub(crate) fn guided_ui(ui: &mut egui::Ui, kind: PracticeKind, elapsed: Duration, lang: Lang, reduced_motion: bool) {
    match kind {
        PracticeKind::Breathing46 => breathing::breathing_ui(ui, elapsed, lang, reduced_motion),
        PracticeKind::MuscleRelaxation => {
            if let Some(step) = pmr::step_at(elapsed) {
                pmr_ui(ui, step, lang);
            }
        }
        other => timed_ui(ui, other, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::relief::AdjustedEffect;
    use crate::analysis::sessions::RegionRelief;
    use crate::ui::effects::Effect;
    use egui_kittest::Harness;
    use egui_kittest::kittest::{NodeT, Queryable};

    /// The view alone, drawn as frame code, with what each frame returned.
    struct Shown {
        view: PracticeView,
        commands: Vec<Command>,
    }

    fn shown() -> Harness<'static, Shown> {
        Harness::builder().with_size([900.0, 900.0]).build_ui_state(
            |ui, s: &mut Shown| {
                let _frame = crate::guard::ui_frame();
                let snapshot = crate::ui::snapshot::Snapshot::default();
                let cmds = s.view.ui(ui, &ViewCx::new(Lang::En, &snapshot, true));
                s.commands.extend(cmds);
            },
            Shown { view: PracticeView::default(), commands: Vec::new() },
        )
    }

    fn asks(h: &Harness<'static, Shown>) -> usize {
        h.state().commands.iter().filter(|c| **c == Command::Effect(Effect::FindSoundPlayer)).count()
    }

    const SOUND: &str = "Soft sound at each change";

    #[test]
    fn the_sound_player_is_asked_for_once_and_the_checkbox_follows_the_answer() {
        let mut h = shown();
        h.run();
        h.run_steps(3);
        // Asked once, however many frames ran; no look-up happened in the frames (the guard
        // would have failed them).
        assert_eq!(asks(&h), 1);
        assert!(h.state().view.sound_player().is_none());
        assert!(h.get_by_label(SOUND).accesskit_node().is_disabled(), "no cue can be chosen before the answer");

        h.state_mut().view.set_sound_player(true);
        h.run();
        assert!(!h.get_by_label(SOUND).accesskit_node().is_disabled());
        h.get_by_label(SOUND).click();
        h.run();
        assert!(h.state().view.prefs.sound);

        h.state_mut().view.set_sound_player(false);
        h.run();
        assert!(h.get_by_label(SOUND).accesskit_node().is_disabled());
        assert_eq!(asks(&h), 1, "an answer is never asked for again");
    }

    #[test]
    #[should_panic(expected = "the window's frame code called `sound_player`")]
    fn looking_up_the_sound_player_from_frame_code_panics() {
        let _frame = crate::guard::ui_frame();
        crate::ui::effects::os::sound_available();
    }

    #[test]
    fn the_effects_thread_answers_whether_a_player_exists() {
        // Off the frame, the look-up is allowed and answered with the same value each time.
        let crate::ui::effects::Done::SoundPlayer(first) = crate::ui::effects::carry_out(Effect::FindSoundPlayer)
        else {
            panic!("the answer to FindSoundPlayer")
        };
        assert_eq!(first, crate::ui::effects::os::sound_available());
    }

    #[test]
    fn relief_lines_in_both_languages() {
        let adjusted = AdjustedEffect {
            verdict: ReliefVerdict::Eases,
            effect: Some(-1.24),
            low: Some(-1.71),
            high: Some(-0.66),
            practice_change: Some(-1.9),
            comparable_change: Some(-0.66),
            n_pairs: 23,
            n_days: 15,
            n_controls: 310,
            n_not_comparable: 0,
            more_needed: None,
        };
        let r = SessionRelief {
            kind: PracticeKind::Breathing46,
            n: 23,
            stopped_early: 2,
            overall: -1.38,
            adjusted,
            regions: vec![RegionRelief { region: Region::Neck, n: 23, change: -1.4, adjusted }],
        };
        assert_eq!(
            relief_line(&r, Lang::En),
            "4–6 breathing: −1.2 points (−1.7 to −0.7): eases tension, compared with similar moments (23 times on 15 days, 310 comparisons)"
        );
        assert_eq!(
            relief_line(&r, Lang::Nl),
            "4–6 ademhaling: −1,2 punt (−1,7 tot −0,7): minder spanning, vergeleken met vergelijkbare momenten (23 keer op 15 dagen, 310 vergelijkingen)"
        );
        assert_eq!(
            plain_line(&r, Lang::En),
            "Plain change from before to after: −1.4 points on average in the rated regions, 23 times"
        );
        assert_eq!(
            plain_line(&r, Lang::Nl),
            "Ruwe verandering van vooraf tot erna: gemiddeld −1,4 punt in de beoordeelde gebieden, 23 keer"
        );
        let once = SessionRelief {
            n: 1,
            overall: 0.54,
            kind: PracticeKind::Walk,
            adjusted: AdjustedEffect::NONE,
            ..r.clone()
        };
        assert_eq!(
            relief_line(&once, Lang::En),
            "Walk: not enough data yet (10 more practices with a check-in after, on 7 more days, 20 more check-in pairs without a practice)"
        );
        assert_eq!(
            plain_line(&once, Lang::En),
            "Plain change from before to after: +0.5 points on average in the rated regions, 1 time"
        );
        assert_eq!(signed(-0.04, Lang::Nl), "0,0");
        // Guided sessions rated again minutes later, in a journal without other ratings that close
        // together: that it cannot be separated (the plain line under it gives the change).
        let alone = AdjustedEffect {
            verdict: ReliefVerdict::CannotCompare,
            effect: None,
            low: None,
            high: None,
            comparable_change: None,
            n_pairs: 0,
            n_not_comparable: 23,
            ..adjusted
        };
        let r = SessionRelief { adjusted: alone, ..r };
        assert_eq!(
            relief_line(&r, Lang::En),
            "4–6 breathing: cannot be separated from tension easing by itself (23 times, 23 of them without ratings a like time apart to compare with)"
        );
        assert_eq!(
            relief_line(&r, Lang::Nl),
            "4–6 ademhaling: niet te scheiden van spanning die vanzelf zakt (23 keer, waarvan 23 zonder metingen op vergelijkbare afstand om mee te vergelijken)"
        );
    }

    #[test]
    fn planned_lengths_follow_the_prefs_within_their_ranges() {
        let mut p = PracticePrefs::default();
        assert_eq!(p.planned(PracticeKind::Breathing46), Duration::from_secs(120));
        assert_eq!(p.planned(PracticeKind::MuscleRelaxation), pmr::TOTAL);
        p.breathing_minutes = 99; // a hand-edited memory file
        assert_eq!(p.planned(PracticeKind::Breathing46), Duration::from_secs(600));
        assert_eq!(p.planned(PracticeKind::Walk), Duration::from_secs(600));
        assert_eq!(p.planned(PracticeKind::MicroPause), Duration::from_secs(60));
    }

    #[test]
    fn repaints_only_while_running() {
        let mut v = PracticeView::default();
        assert_eq!(v.repaint_after(0.0), None);
        v.flow.begin(Setup { kind: PracticeKind::Breathing46, planned: Duration::from_secs(120) }, None);
        assert_eq!(v.repaint_after(0.0), None);
        v.flow.start(10.0, Local::now().fixed_offset(), true);
        assert_eq!(v.repaint_after(11.0), Some(ANIMATION_FRAME));
        // Counting text: once a second, just after the next whole second (2.25 s in: 0.75 s + 5 ms).
        v.prefs.reduced_motion = true;
        assert_eq!(v.repaint_after(12.25), Some(Duration::from_millis(755)));
        // Near the end: no later than the end itself (119.9 s in: 0.1 s left).
        assert_eq!(v.repaint_after(129.9).map(|d| d <= Duration::from_millis(101)), Some(true));
        v.flow.pause(20.0);
        assert_eq!(v.repaint_after(30.0), None);
        v.flow.resume(30.0);
        v.flow.stop(40.0);
        assert_eq!(v.repaint_after(50.0), None);
    }
}
