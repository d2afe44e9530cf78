//! The Experiments view: plan a personal experiment, rate its moments (first blind, then the
//! reveal, the guided practice or "as usual", then the second rating), follow its progress, and
//! read its result.
//!
//! - The experiment and its ratings come from the snapshot; every change (start, rate, stop) is
//!   a [`Command::Experiment`] that the journal worker checks against the file inside its
//!   transaction (see [`crate::model::experiment`] and [`crate::analysis::experiment`]).
//! - "Now" is [`ViewCx::now`]: the app's clock, which tests move by hand. The result is computed
//!   once per data generation and minute, never per frame.
//! - A moment's arm is shown only after its first rating is saved. While the experiment runs no
//!   numbers are shown, only the progress; the numbers come at the planned looks.
//! - The window repaints on its own only at the next opening or closing of a moment (and, while a
//!   guided practice runs, as the practice view does), so an idle window costs no CPU.

mod form;
mod result;

use std::time::Duration;

use chrono::NaiveDateTime;
use egui::RichText;

use crate::analysis::experiment::{ExperimentResult, analyse, text};
use crate::model::experiment::{Arm, Experiment, Moment, MomentState, Phase};
use crate::model::{Lang, Level, Message, PracticeKind, Region};
use crate::ui::command::{Command, ExperimentChange};
use crate::ui::views::ViewCx;
use crate::ui::views::practice::timer::{Stopwatch, format_clock, until_next_second};

/// Which rating the level buttons are for: experiment, day, moment, phase.
type RatingKey = (String, u16, Moment, Phase);

/// The levels being entered for one rating.
#[derive(Debug, Default)]
struct Levels {
    key: Option<RatingKey>,
    target: Option<Level>,
    control: Option<Level>,
}

/// A guided practice running for one moment.
#[derive(Debug)]
struct Guided {
    key: (String, u16, Moment),
    watch: Stopwatch,
}

/// The result, kept until the data or the minute changes.
#[derive(Debug)]
struct Cached {
    key: (String, u64, NaiveDateTime),
    result: ExperimentResult,
}

/// The view's state.
#[derive(Debug, Default)]
pub struct ExperimentsView {
    form: form::PlanForm,
    levels: Levels,
    guided: Option<Guided>,
    /// A change is on its way to the worker.
    waiting: bool,
    error: Option<Message>,
    confirm_stop: bool,
    cache: Option<Cached>,
}

fn hhmm(t: NaiveDateTime) -> String {
    t.format("%H:%M").to_string()
}

impl ExperimentsView {
    /// The worker carried out `change`.
    pub fn succeeded(&mut self, change: &ExperimentChange, _rating: Option<crate::model::experiment::MomentRating>) {
        self.waiting = false;
        self.error = None;
        match change {
            ExperimentChange::Start(_) => self.form = form::PlanForm::default(),
            ExperimentChange::Rate { .. } => self.levels = Levels::default(),
            ExperimentChange::Stop { .. } => {
                self.confirm_stop = false;
                self.guided = None;
            }
        }
    }

    /// The change could not be made; nothing was written. The form keeps what was entered.
    pub fn failed(&mut self, why: Message) {
        self.waiting = false;
        self.error = Some(why);
    }

    /// Why the last change failed, if it did.
    pub fn error(&self) -> Option<&Message> {
        self.error.as_ref()
    }

    fn result(&mut self, e: &Experiment, generation: u64, now: NaiveDateTime) -> ExperimentResult {
        use chrono::Timelike;
        let minute = now.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(now);
        let key = (e.plan.uid.clone(), generation, minute);
        match &self.cache {
            Some(c) if c.key == key => c.result.clone(),
            _ => {
                let result = analyse(e, now);
                self.cache = Some(Cached { key, result: result.clone() });
                result
            }
        }
    }

    /// Draws the view; returns what the person asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &ViewCx<'_>) -> Vec<Command> {
        let lang = cx.lang;
        let now = cx.now.naive_local();
        let mut commands = Vec::new();
        let latest = cx.snapshot.latest_experiment().cloned();
        egui::ScrollArea::vertical().id_salt("experiments_view").show(ui, |ui| {
            ui.heading(lang.pick("Personal experiments", "Persoonlijke experimenten"));
            ui.label(lang.pick(
                "Find out whether a practice eases a region for you: two moments a day, one with the practice and one as usual, in an order drawn at random each day.",
                "Ontdek of een oefening een gebied bij jou ontspant: twee momenten per dag, één met de oefening en één zoals gewoonlijk, in een volgorde die elke dag willekeurig wordt getrokken.",
            ));
            ui.add_space(6.0);
            match latest {
                Some(e) => {
                    let r = self.result(&e, cx.generation(), now);
                    if r.stage.is_over() {
                        result::result_ui(ui, &e, &r, lang);
                        // The result as a topic to discuss, in the words of both languages.
                        let words = |l: Lang| {
                            let t = format!("{}: {}", text::question(&e.plan, l), text::verdict_name(r.verdict, l));
                            t.chars().take(crate::model::prep::topic::MAX_TEXT_CHARS).collect::<String>()
                        };
                        let label = lang.pick("Add to the topics to discuss", "Toevoegen aan de onderwerpen om te bespreken");
                        if ui.add_enabled(cx.can_save, egui::Button::new(label)).clicked()
                            && let Ok(mut t) = crate::model::prep::Topic::new(
                                &words(Lang::En),
                                crate::model::prep::TopicSource::Experiment(e.plan.uid.clone()),
                                cx.now,
                            )
                        {
                            t.text_nl = Some(words(Lang::Nl));
                            commands.push(Command::Prep(crate::ui::command::PrepChange::AddTopic(t)));
                        }
                        ui.add_space(10.0);
                        ui.separator();
                        ui.heading(lang.pick("Plan a new experiment", "Een nieuw experiment plannen"));
                        self.form_ui(ui, cx, &mut commands);
                    } else {
                        self.running_ui(ui, cx, &e, &r, &mut commands);
                    }
                }
                None => {
                    ui.heading(lang.pick("Plan an experiment", "Een experiment plannen"));
                    self.form_ui(ui, cx, &mut commands);
                }
            }
            if let Some(e) = &self.error {
                let label = ui.colored_label(ui.visuals().error_fg_color, e.text(lang));
                ui.ctx().accesskit_node_builder(label.id, |node| node.set_live(egui::accesskit::Live::Assertive));
            }
        });
        // A topic added from the result is the Appointment view's business, not an experiment change.
        if commands.iter().any(|c| matches!(c, Command::Experiment(_))) {
            self.waiting = true;
            self.error = None;
        }
        commands
    }

    fn form_ui(&mut self, ui: &mut egui::Ui, cx: &ViewCx<'_>, commands: &mut Vec<Command>) {
        if let Some(plan) = self.form.ui(ui, cx, self.waiting) {
            commands.push(Command::Experiment(ExperimentChange::Start(plan)));
        }
    }

    fn running_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &ViewCx<'_>,
        e: &Experiment,
        r: &ExperimentResult,
        commands: &mut Vec<Command>,
    ) {
        let lang = cx.lang;
        let now = cx.now.naive_local();
        ui.label(RichText::new(text::question(&e.plan, lang)).strong().size(16.0));
        ui.label(text::progress_sentence(&e.plan, r, lang));
        if r.verdict == crate::analysis::experiment::Verdict::NotEnoughData {
            ui.label(text::verdict_sentence(&e.plan, r, lang));
        } else {
            ui.weak(text::verdict_sentence(&e.plan, r, lang));
        }
        ui.add_space(6.0);

        // The moment that wants a rating now, first.
        if let Some((day, moment, phase)) = e.open_moment(now) {
            self.prompt_ui(ui, cx, e, day, moment, phase, commands);
            ui.add_space(6.0);
        }
        // Moments rated once and waiting for their second rating: the reveal.
        let today = e.plan.day_of(now.date());
        for day in [today.and_then(|d| d.checked_sub(1)), today].into_iter().flatten().filter(|&d| d >= 1) {
            for m in Moment::BOTH {
                if let MomentState::Waiting { opens } = e.moment_state(day, m, now) {
                    self.reveal_ui(ui, cx, e, day, m, opens);
                    ui.add_space(6.0);
                }
            }
        }
        // Today's moments at a glance.
        if let Some(day) = today {
            ui.label(RichText::new(format!("{} {day}", lang.pick("Today: day", "Vandaag: dag"))).strong());
            for m in Moment::BOTH {
                let at = e.plan.moments[usize::from(m.number() - 1)].format("%H:%M");
                ui.label(format!(
                    "Moment {} ({at}): {}",
                    m.number(),
                    text::moment_state(e, day, m, e.moment_state(day, m, now), lang)
                ));
            }
        }
        if let Some(next) = e.next_opening(now) {
            ui.weak(match lang {
                Lang::En => format!(
                    "The next rating opens {} at {}.",
                    crate::model::text::date_weekday(next.date(), lang),
                    hhmm(next)
                ),
                Lang::Nl => format!(
                    "De volgende beoordeling opent {} om {}.",
                    crate::model::text::date_weekday(next.date(), lang),
                    hhmm(next)
                ),
            });
        }
        ui.add_space(6.0);
        egui::CollapsingHeader::new(lang.pick("Plan (locked)", "Plan (vastgelegd)")).id_salt("experiment_plan").show(
            ui,
            |ui| {
                for line in text::plan_lines(&e.plan, lang) {
                    ui.label(line);
                }
            },
        );
        ui.add_space(6.0);
        if self.confirm_stop {
            ui.label(lang.pick(
                "Stop this experiment? Its ratings are kept, and it is reported as stopped; it cannot be taken up again.",
                "Dit experiment stoppen? De beoordelingen blijven bewaard en het wordt als gestopt vermeld; het kan niet worden hervat.",
            ));
            ui.horizontal(|ui| {
                if ui.button(lang.pick("Yes, stop it", "Ja, stoppen")).clicked() && !self.waiting {
                    commands.push(Command::Experiment(ExperimentChange::Stop { uid: e.plan.uid.clone(), at: cx.now }));
                }
                if ui.button(lang.pick("Keep going", "Doorgaan")).clicked() {
                    self.confirm_stop = false;
                }
            });
        } else if ui.button(lang.pick("Stop the experiment…", "Het experiment stoppen…")).clicked() {
            self.confirm_stop = true;
        }
        self.schedule_repaint(ui, e, now);
    }

    /// Repaints at the next moment something changes on its own: a rating opens or closes, or
    /// (while a guided practice runs) its next breath or second.
    fn schedule_repaint(&self, ui: &egui::Ui, e: &Experiment, now: NaiveDateTime) {
        let mut next = e.next_opening(now);
        if let Some((day, m, _)) = e.open_moment(now) {
            let closes = match e.moment_state(day, m, now) {
                MomentState::Open { closes } | MomentState::Due { closes } => {
                    Some(closes + chrono::Duration::seconds(1))
                }
                _ => None,
            };
            next = match (next, closes) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        if let Some(t) = next {
            let d = (t - now).to_std().unwrap_or(Duration::ZERO).max(Duration::from_secs(1));
            ui.ctx().request_repaint_after(d);
        }
        if let Some(g) = &self.guided
            && g.watch.is_running()
        {
            let elapsed = g.watch.elapsed(ui.input(|i| i.time));
            let animated = e.plan.practice == PracticeKind::Breathing46;
            let tick = if animated { Duration::from_millis(33) } else { until_next_second(elapsed) };
            ui.ctx().request_repaint_after(tick.max(Duration::from_millis(1)));
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn prompt_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &ViewCx<'_>,
        e: &Experiment,
        day: u16,
        moment: Moment,
        phase: Phase,
        commands: &mut Vec<Command>,
    ) {
        let lang = cx.lang;
        let key: RatingKey = (e.plan.uid.clone(), day, moment, phase);
        if self.levels.key.as_ref() != Some(&key) {
            self.levels = Levels { key: Some(key), ..Levels::default() };
        }
        let at = e.plan.moments[usize::from(moment.number() - 1)].format("%H:%M");
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let title = match (phase, lang) {
                (Phase::Before, Lang::En) => format!("Moment {} ({at}): rate now", moment.number()),
                (Phase::Before, Lang::Nl) => format!("Moment {} ({at}): nu beoordelen", moment.number()),
                (Phase::After, Lang::En) => format!("Moment {} ({at}): rate again", moment.number()),
                (Phase::After, Lang::Nl) => format!("Moment {} ({at}): opnieuw beoordelen", moment.number()),
            };
            let heading = ui.label(RichText::new(title).strong().size(16.0));
            ui.ctx().accesskit_node_builder(heading.id, |node| node.set_live(egui::accesskit::Live::Polite));
            ui.label(match phase {
                Phase::Before => lang.pick(
                    "How tense are both regions right now (0 = none, 10 = worst imaginable)? Rate first: only then you see whether this moment is for practising or as usual.",
                    "Hoe gespannen zijn beide gebieden nu (0 = niet, 10 = ergst denkbaar)? Eerst beoordelen: pas daarna zie je of dit een oefenmoment is of een moment zoals gewoonlijk.",
                )
                .to_owned(),
                Phase::After => match lang {
                    Lang::En => format!("{} minutes have passed. How tense are both regions now?", e.plan.wait_minutes),
                    Lang::Nl => format!("Er zijn {} minuten voorbij. Hoe gespannen zijn beide gebieden nu?", e.plan.wait_minutes),
                },
            });
            egui::Grid::new(("experiment_levels", day, moment.number())).num_columns(2).show(ui, |ui| {
                level_row(ui, e.plan.target, lang.pick("to ease", "om te ontspannen"), &mut self.levels.target, lang);
                ui.end_row();
                level_row(ui, e.plan.control, lang.pick("control", "controle"), &mut self.levels.control, lang);
                ui.end_row();
            });
            let ready = self.levels.target.is_some() && self.levels.control.is_some() && !self.waiting && cx.can_save;
            let save = ui.add_enabled(
                ready,
                egui::Button::new(RichText::new(lang.pick("Save rating", "Beoordeling bewaren")).strong()),
            );
            if save.clicked()
                && let (Some(target), Some(control)) = (self.levels.target, self.levels.control)
            {
                commands.push(Command::Experiment(ExperimentChange::Rate {
                    uid: e.plan.uid.clone(),
                    day,
                    moment,
                    at: cx.now,
                    target,
                    control,
                }));
            }
        });
    }

    fn reveal_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &ViewCx<'_>,
        e: &Experiment,
        day: u16,
        m: Moment,
        opens: NaiveDateTime,
    ) {
        let lang = cx.lang;
        let arm = e.plan.arm(day, m).unwrap_or(Arm::Usual);
        let (_, closes) =
            e.rating(day, m, Phase::Before).map_or((opens, opens), |f| e.plan.after_window(f.at.naive_local()));
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let label = e.plan.practice_label(lang);
            let minutes = e.plan.practice_minutes;
            let title = match (arm, lang) {
                (Arm::Practice, Lang::En) => format!("Moment {}: practise now — {label}, {minutes} min", m.number()),
                (Arm::Practice, Lang::Nl) => format!("Moment {}: nu oefenen — {label}, {minutes} min", m.number()),
                (Arm::Usual, Lang::En) => format!("Moment {}: carry on as usual", m.number()),
                (Arm::Usual, Lang::Nl) => format!("Moment {}: ga door zoals gewoonlijk", m.number()),
            };
            let heading = ui.label(RichText::new(title).strong().size(16.0));
            ui.ctx().accesskit_node_builder(heading.id, |node| node.set_live(egui::accesskit::Live::Polite));
            match arm {
                Arm::Practice => self.guided_ui(ui, e, day, m, lang),
                Arm::Usual => {
                    ui.label(match lang {
                        Lang::En => format!(
                            "Do what you were doing, without the practice, for {} minutes.",
                            e.plan.wait_minutes
                        ),
                        Lang::Nl => format!(
                            "Doe wat je aan het doen was, zonder de oefening, {} minuten lang.",
                            e.plan.wait_minutes
                        ),
                    });
                }
            }
            ui.label(match lang {
                Lang::En => format!("Rate again between {} and {}.", hhmm(opens), hhmm(closes)),
                Lang::Nl => format!("Beoordeel opnieuw tussen {} en {}.", hhmm(opens), hhmm(closes)),
            });
        });
    }

    fn guided_ui(&mut self, ui: &mut egui::Ui, e: &Experiment, day: u16, m: Moment, lang: Lang) {
        let key = (e.plan.uid.clone(), day, m);
        let now = ui.input(|i| i.time);
        let planned = if e.plan.practice == PracticeKind::MuscleRelaxation {
            crate::ui::views::practice::pmr::TOTAL
        } else {
            Duration::from_secs(u64::from(e.plan.practice_minutes) * 60)
        };
        let running = self.guided.as_ref().filter(|g| g.key == key);
        match running {
            None => {
                if ui
                    .button(
                        RichText::new(lang.pick("Start the guided practice", "Begeleide oefening starten")).strong(),
                    )
                    .clicked()
                {
                    self.guided = Some(Guided { key, watch: Stopwatch::start(now) });
                }
            }
            Some(g) => {
                let elapsed = g.watch.elapsed(now);
                if elapsed >= planned {
                    ui.label(
                        lang.pick(
                            "Done. Carry on until the second rating.",
                            "Klaar. Ga door tot de tweede beoordeling.",
                        ),
                    );
                    return;
                }
                ui.vertical_centered(|ui| {
                    match e.plan.practice {
                        kind @ (PracticeKind::Breathing46
                        | PracticeKind::MuscleRelaxation
                        | PracticeKind::Walk
                        | PracticeKind::MicroPause) => {
                            crate::ui::views::practice::guided_ui(ui, kind, elapsed, lang, false);
                        }
                        _ => {
                            ui.label(
                                RichText::new(match lang {
                                    Lang::En => format!("Do your practice: {}.", e.plan.practice_label(lang)),
                                    Lang::Nl => format!("Doe je oefening: {}.", e.plan.practice_label(lang)),
                                })
                                .size(16.0),
                            );
                        }
                    }
                    let left = format_clock(planned.saturating_sub(elapsed));
                    ui.label(
                        RichText::new(match lang {
                            Lang::En => format!("{left} left"),
                            Lang::Nl => format!("nog {left}"),
                        })
                        .size(18.0),
                    );
                    if ui.button(lang.pick("Stop the practice", "Oefening stoppen")).clicked() {
                        self.guided = None;
                    }
                });
            }
        }
    }
}

/// One region's 0–10 rating as a row of buttons, each named "Left shoulder 6" for assistive
/// technology; `role` says which of the two regions it is.
fn level_row(ui: &mut egui::Ui, region: Region, role: &str, level: &mut Option<Level>, lang: Lang) {
    let name = region.name(lang);
    ui.label(RichText::new(format!("{name} ({role})")).strong());
    ui.horizontal_wrapped(|ui| {
        for v in 0..=10u8 {
            let selected = level.map(Level::get) == Some(v);
            let resp = ui.add(egui::Button::selectable(selected, v.to_string()).min_size(egui::vec2(26.0, 22.0)));
            let accessible = format!("{name} {v}");
            resp.widget_info(|| {
                egui::WidgetInfo::selected(egui::accesskit::Role::Button, true, selected, accessible.clone())
            });
            if resp.clicked() {
                *level = Level::new(v);
            }
        }
        if level.is_none() {
            ui.weak(lang.pick("not rated yet", "nog niet beoordeeld"));
        }
    });
}
