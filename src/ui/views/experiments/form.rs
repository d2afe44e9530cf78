//! The form that plans an experiment. Its defaults: 4–6 breathing, the tensest region of the last
//! 4 weeks, a leg as the control, 09:00 and 16:00, 14 days from today (or tomorrow once today's
//! first moment has passed). Start locks the plan with a fresh random seed.

use chrono::{Duration, NaiveDate, NaiveTime};
use egui::{ComboBox, RichText};

use crate::analysis::experiment::default_target;
use crate::model::experiment::{DEFAULT_DAYS, MAX_DAYS, MIN_DAYS, Plan, PlanDraft, practice_minutes};
use crate::model::{Lang, Message, PracticeKind, Region};
use crate::ui::views::{ViewCx, labelled_text};

/// The practices offered, in order (the last is the person's own).
const OFFERED: [PracticeKind; 6] = [
    PracticeKind::Breathing46,
    PracticeKind::MuscleRelaxation,
    PracticeKind::Walk,
    PracticeKind::MicroPause,
    PracticeKind::Stretching,
    PracticeKind::Other,
];

/// What the person has chosen so far.
#[derive(Debug)]
pub struct PlanForm {
    practice: PracticeKind,
    name: String,
    minutes: u16,
    /// `None`: the tensest region of the last 4 weeks.
    target: Option<Region>,
    control: Region,
    first: String,
    second: String,
    /// Empty: the default start.
    start: String,
    days: u16,
    error: Option<Message>,
    /// The suggested region to ease, for (data generation, today, control region): computed
    /// when one of them changes, not in every frame.
    suggested: Option<((u64, NaiveDate, Region), Region)>,
}

impl Default for PlanForm {
    fn default() -> PlanForm {
        PlanForm {
            practice: PracticeKind::Breathing46,
            name: String::new(),
            minutes: practice_minutes(PracticeKind::Breathing46).0,
            target: None,
            control: Region::LegLeft,
            first: "09:00".into(),
            second: "16:00".into(),
            start: String::new(),
            days: DEFAULT_DAYS,
            error: None,
            suggested: None,
        }
    }
}

fn time(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").ok()
}

fn region_combo(ui: &mut egui::Ui, id: &str, label: &str, value: &mut Region, lang: Lang) {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        let combo = ComboBox::from_id_salt(id)
            .selected_text(value.name(lang))
            .show_ui(ui, |ui| {
                for r in Region::ALL {
                    ui.selectable_value(value, r, r.name(lang));
                }
            })
            .response
            .labelled_by(l.id);
        crate::ui::widgets::combo::says_choice(ui, &combo, label, value.name(lang));
    });
}

impl PlanForm {
    /// The default first day at `now` ([`crate::model::experiment::default_first_day`]); with a
    /// moment not yet readable, today's date decides against the other.
    fn default_start(&self, now: chrono::NaiveDateTime) -> NaiveDate {
        match (time(&self.first), time(&self.second)) {
            (Some(a), Some(b)) => crate::model::experiment::default_first_day([a, b], now),
            (Some(a), None) | (None, Some(a)) => crate::model::experiment::default_first_day([a, a], now),
            (None, None) => now.date() + Duration::days(1),
        }
    }

    /// Draws the form; returns the locked plan when the person pressed Start and it is valid.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &ViewCx<'_>, busy: bool) -> Option<Plan> {
        let lang = cx.lang;
        let now = cx.now.naive_local();
        let today = now.date();
        ui.label(RichText::new(lang.pick("Which practice?", "Welke oefening?")).strong());
        for kind in OFFERED {
            let name = if kind == PracticeKind::Other {
                lang.pick("A practice of your own", "Een eigen oefening")
            } else {
                kind.name(lang)
            };
            if ui.radio(self.practice == kind, name).clicked() && self.practice != kind {
                self.practice = kind;
                self.minutes = practice_minutes(kind).0;
            }
        }
        if self.practice == PracticeKind::Other {
            labelled_text(
                ui,
                lang.pick("Its name:", "Naam:"),
                &mut self.name,
                240.0,
                lang.pick("e.g. shoulder rolls", "bijv. schouders rollen"),
            );
        }
        let (_, max) = practice_minutes(self.practice);
        if self.practice == PracticeKind::MuscleRelaxation {
            ui.weak(lang.pick(
                "Guided: nine muscle groups, about 2¼ minutes. The second rating comes 30 minutes after the first.",
                "Begeleid: negen spiergroepen, ongeveer 2¼ minuut. De tweede beoordeling komt 30 minuten na de eerste.",
            ));
        } else {
            ui.horizontal(|ui| {
                let l = ui.label(lang.pick("Minutes:", "Minuten:"));
                ui.add(egui::Slider::new(&mut self.minutes, 1..=max)).labelled_by(l.id);
            });
        }
        ui.add_space(6.0);
        ui.label(RichText::new(lang.pick("Which regions?", "Welke gebieden?")).strong());
        let key = (cx.generation(), today, self.control);
        let suggested = match self.suggested {
            Some((k, r)) if k == key => Some(r),
            _ => cx.entries().map(|entries| {
                let r = default_target(entries, today, self.control);
                self.suggested = Some((key, r));
                r
            }),
        };
        let mut target = self.target.or(suggested).unwrap_or(Region::Neck);
        region_combo(
            ui,
            "experiment_target",
            lang.pick("Region to ease:", "Gebied om te ontspannen:"),
            &mut target,
            lang,
        );
        if Some(target) != self.target.or(suggested) {
            self.target = Some(target);
        }
        if self.target.is_none() && suggested.is_some() {
            ui.weak(lang.pick(
                "Suggested: your tensest region of the last 4 weeks.",
                "Voorgesteld: je meest gespannen gebied van de afgelopen 4 weken.",
            ));
        }
        region_combo(
            ui,
            "experiment_control",
            lang.pick("Control region (not meant to change):", "Controlegebied (hoort niet te veranderen):"),
            &mut self.control,
            lang,
        );
        ui.add_space(6.0);
        ui.label(RichText::new(lang.pick("When?", "Wanneer?")).strong());
        labelled_text(ui, lang.pick("First moment:", "Eerste moment:"), &mut self.first, 60.0, "09:00");
        labelled_text(ui, lang.pick("Second moment:", "Tweede moment:"), &mut self.second, 60.0, "16:00");
        ui.weak(lang.pick(
            "At least 3 hours apart. Each day, one of the two is for practising and the other as usual, drawn at random.",
            "Minstens 3 uur uit elkaar. Elke dag is één van de twee om te oefenen en de ander zoals gewoonlijk, willekeurig getrokken.",
        ));
        let default_start = self.default_start(now);
        labelled_text(
            ui,
            lang.pick("First day:", "Eerste dag:"),
            &mut self.start,
            110.0,
            &default_start.format("%Y-%m-%d").to_string(),
        );
        ui.horizontal(|ui| {
            let l = ui.label(lang.pick("Days until the answer:", "Dagen tot het antwoord:"));
            ui.add(egui::Slider::new(&mut self.days, MIN_DAYS..=MAX_DAYS)).labelled_by(l.id);
        });
        ui.weak(match lang {
            Lang::En => format!(
                "The result is shown after day {}; when it is still unclear then, the experiment goes on once, to day {}.",
                self.days,
                self.days * 2
            ),
            Lang::Nl => format!(
                "De uitkomst komt na dag {}; is die dan nog onduidelijk, dan loopt het experiment één keer door, tot dag {}.",
                self.days,
                self.days * 2
            ),
        });
        ui.add_space(6.0);
        let start = ui.add_enabled(
            !busy && cx.can_save,
            egui::Button::new(
                RichText::new(lang.pick("Start the experiment", "Het experiment starten")).strong().size(16.0),
            ),
        );
        let mut plan = None;
        if start.clicked() {
            match self.plan(target, cx, default_start) {
                Ok(p) => {
                    self.error = None;
                    plan = Some(p);
                }
                Err(e) => self.error = Some(e),
            }
        }
        if let Some(e) = &self.error {
            let label = ui.colored_label(ui.visuals().error_fg_color, e.text(lang));
            ui.ctx().accesskit_node_builder(label.id, |node| node.set_live(egui::accesskit::Live::Assertive));
        }
        plan
    }

    fn plan(&self, target: Region, cx: &ViewCx<'_>, default_start: NaiveDate) -> Result<Plan, Message> {
        let bad_time = |s: &str| {
            let s = s.to_owned();
            Message::from_fn(move |lang| match lang {
                Lang::En => format!("`{s}` is not a time like 09:00"),
                Lang::Nl => format!("`{s}` is geen tijd als 09:00"),
            })
        };
        let first = time(&self.first).ok_or_else(|| bad_time(&self.first))?;
        let second = time(&self.second).ok_or_else(|| bad_time(&self.second))?;
        let start = if self.start.trim().is_empty() {
            default_start
        } else {
            crate::model::dates::parse(&self.start).map_err(Message::new)?
        };
        let draft = PlanDraft {
            practice: self.practice,
            practice_name: if self.practice == PracticeKind::Other { self.name.clone() } else { String::new() },
            practice_minutes: (self.practice != PracticeKind::MuscleRelaxation).then_some(self.minutes),
            target,
            control: self.control,
            moments: [first, second],
            start,
            planned_days: self.days,
        };
        Plan::new(&draft, fastrand::u64(..), cx.now, cx.now.date_naive()).map_err(Message::new)
    }
}
