//! Personal experiments: does a practice lower tension in one region *for this person*?
//!
//! # The design (fixed in the plan, locked at the start)
//! - Two **moments** a day at times the person picks, at least [`MIN_GAP_MINUTES`] apart. On
//!   every day one moment is the **practice** moment and the other the **usual** moment ("carry
//!   on as usual"); which one is drawn at random per day, by a fair coin, from the plan's stored
//!   seed ([`allocate`], SplitMix64 from [`super::rng`]), for every day the experiment may last.
//! - At each moment the person first rates the **target** region and a **control** region the
//!   practice is not meant to change, *before* the moment's arm is shown (a blind baseline). Then
//!   the arm is revealed, and [`Plan::wait_minutes`] later (20 minutes, 30 for progressive muscle
//!   relaxation) both regions are rated again.
//! - A moment **counts** when its first rating falls from [`BEFORE_EARLY_MINUTES`] before to
//!   [`BEFORE_LATE_MINUTES`] after the moment's time, and its second rating from
//!   `wait − `[`AFTER_EARLY_SLACK`] to `wait + `[`AFTER_LATE_SLACK`] minutes after the first (15–40
//!   minutes for a 20-minute wait). A day is **complete** when both its moments count; a day
//!   without any rating is **skipped**; any other day that is over is **excluded**. Nothing is
//!   dropped silently: ratings outside their windows are kept and shown.
//! - The plan runs [`Plan::planned_days`] days (14 by default) with one look at the end of them,
//!   and may be extended once to [`Plan::max_days`] (twice as long) when the answer is still
//!   unclear; the rules are in [`crate::analysis::experiment`].
//! - A plan cannot be edited once started. It can be **stopped**; a stopped experiment keeps all
//!   its ratings and is reported as stopped.
//!
//! Times are the person's local clock: moments are clock times, ratings carry the offset they
//! were given in (like entries), and windows compare local date-times.
//!
//! The ratings of an experiment are not journal entries: an entry that rates two regions would
//! say every other region was at 0 at that moment (see the [module docs](super)), which is not
//! what an experiment rating means.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::rng::SplitMix64;
use super::{Lang, Level, PracticeKind, Region, text};

/// The planned length when the person does not choose one, in days.
pub const DEFAULT_DAYS: u16 = 14;
/// The shortest planned length: fewer days could never give a clear answer at the first look.
pub const MIN_DAYS: u16 = 8;
/// The longest planned length (the extension doubles it).
pub const MAX_DAYS: u16 = 28;
/// The least time between the two moments of a day, in minutes.
pub const MIN_GAP_MINUTES: i64 = 180;
/// How early the first rating of a moment may be given, in minutes before its time.
pub const BEFORE_EARLY_MINUTES: i64 = 15;
/// How late the first rating of a moment still counts, in minutes after its time.
pub const BEFORE_LATE_MINUTES: i64 = 60;
/// How much earlier than the planned wait the second rating may be given, in minutes.
pub const AFTER_EARLY_SLACK: i64 = 5;
/// How much later than the planned wait the second rating still counts, in minutes.
pub const AFTER_LATE_SLACK: i64 = 20;
/// The wait between the two ratings of a moment, in minutes (progressive muscle relaxation:
/// [`PMR_WAIT_MINUTES`]).
pub const WAIT_MINUTES: u16 = 20;
/// The wait after progressive muscle relaxation, which takes longer.
pub const PMR_WAIT_MINUTES: u16 = 30;
/// The most minutes a practice in an experiment may take (it must fit in the wait).
pub const MAX_PRACTICE_MINUTES: u16 = 15;

/// What happens at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Arm {
    /// Do the practice now.
    Practice,
    /// Carry on as usual.
    Usual,
}

impl Arm {
    /// Stable code (`practice`, `usual`).
    pub fn code(self) -> &'static str {
        match self {
            Arm::Practice => "practice",
            Arm::Usual => "usual",
        }
    }

    /// Parses a stable code.
    pub fn from_code(code: &str) -> Option<Arm> {
        match code {
            "practice" => Some(Arm::Practice),
            "usual" => Some(Arm::Usual),
            _ => None,
        }
    }

    /// The other arm.
    pub fn other(self) -> Arm {
        match self {
            Arm::Practice => Arm::Usual,
            Arm::Usual => Arm::Practice,
        }
    }

    /// Localised name ("practise" / "as usual").
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Arm::Practice => lang.pick("practice", "oefenen"),
            Arm::Usual => lang.pick("as usual", "zoals gewoonlijk"),
        }
    }
}

/// The first or the second moment of a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Moment {
    /// The earlier moment.
    First,
    /// The later moment.
    Second,
}

impl Moment {
    /// Both, in the order of the day.
    pub const BOTH: [Moment; 2] = [Moment::First, Moment::Second];

    /// 1 or 2.
    pub fn number(self) -> u8 {
        match self {
            Moment::First => 1,
            Moment::Second => 2,
        }
    }

    /// The moment numbered 1 or 2.
    pub fn from_number(n: u8) -> Option<Moment> {
        match n {
            1 => Some(Moment::First),
            2 => Some(Moment::Second),
            _ => None,
        }
    }

    fn index(self) -> usize {
        usize::from(self.number() - 1)
    }
}

/// Which rating of a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    /// The blind rating, before the arm is shown.
    Before,
    /// The rating after the wait.
    After,
}

impl Phase {
    /// Stable code (`before`, `after`).
    pub fn code(self) -> &'static str {
        match self {
            Phase::Before => "before",
            Phase::After => "after",
        }
    }

    /// Parses a stable code.
    pub fn from_code(code: &str) -> Option<Phase> {
        match code {
            "before" => Some(Phase::Before),
            "after" => Some(Phase::After),
            _ => None,
        }
    }
}

/// What the person decides before the start; [`Plan::new`] turns it into a locked plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanDraft {
    /// The practice tried.
    pub practice: PracticeKind,
    /// The name of the person's own practice (with [`PracticeKind::Other`]); empty otherwise.
    pub practice_name: String,
    /// How long the practice lasts, in minutes; `None` for its usual length.
    pub practice_minutes: Option<u16>,
    /// The region the practice is meant to ease.
    pub target: Region,
    /// A region the practice is not meant to change.
    pub control: Region,
    /// The two moments of the day (any order).
    pub moments: [NaiveTime; 2],
    /// The first day.
    pub start: NaiveDate,
    /// Days until the planned look.
    pub planned_days: u16,
}

/// A locked experiment plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Identity that survives export and import.
    pub uid: String,
    /// The practice tried.
    pub practice: PracticeKind,
    /// The name of the person's own practice (with [`PracticeKind::Other`]); empty otherwise.
    pub practice_name: String,
    /// How long the practice lasts, in minutes (the guided timer's length).
    pub practice_minutes: u16,
    /// The region the practice is meant to ease.
    pub target: Region,
    /// The region it is not meant to change.
    pub control: Region,
    /// The two moments' clock times, the earlier first, in whole minutes.
    pub moments: [NaiveTime; 2],
    /// The first day.
    pub start: NaiveDate,
    /// Days until the planned look.
    pub planned_days: u16,
    /// Days when extended once (twice [`Plan::planned_days`]).
    pub max_days: u16,
    /// Minutes between the two ratings of a moment.
    pub wait_minutes: u16,
    /// The seed the allocation was drawn from.
    pub seed: u64,
    /// The arm of the first moment of each day (the second moment has the other), for days
    /// 1 to [`Plan::max_days`]; always equal to [`allocate`]`(seed, max_days)`.
    pub allocation: Vec<Arm>,
    /// When the plan was made and locked.
    pub created: DateTime<FixedOffset>,
}

/// One rating of a moment: the target and control regions at one time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MomentRating {
    /// The day of the experiment, from 1.
    pub day: u16,
    /// Which moment of the day.
    pub moment: Moment,
    /// Before or after.
    pub phase: Phase,
    /// When it was given, with the offset of the place.
    pub at: DateTime<FixedOffset>,
    /// The target region's level.
    pub target: Level,
    /// The control region's level.
    pub control: Level,
}

/// An experiment: its locked plan, every rating given, and whether it was stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Experiment {
    /// The plan.
    pub plan: Plan,
    /// Every rating, in the order day, moment, phase.
    pub ratings: Vec<MomentRating>,
    /// When it was stopped, if it was.
    pub stopped: Option<DateTime<FixedOffset>>,
}

/// Where a moment stands at a given time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MomentState {
    /// Its first rating cannot be given yet (it opens at the time given).
    Upcoming {
        /// When the first rating opens.
        opens: NaiveDateTime,
    },
    /// The blind first rating can be given now.
    Open {
        /// The last time it counts.
        closes: NaiveDateTime,
    },
    /// Rated before; the second rating opens at `opens`.
    Waiting {
        /// When the second rating opens.
        opens: NaiveDateTime,
    },
    /// The second rating can be given now.
    Due {
        /// The last time it counts.
        closes: NaiveDateTime,
    },
    /// Both ratings in their windows.
    Counted,
    /// Over without counting.
    Excluded(Exclusion),
}

impl MomentState {
    /// True when the moment can no longer change whether it counts.
    pub fn is_closed(self) -> bool {
        matches!(self, MomentState::Counted | MomentState::Excluded(_))
    }
}

/// Why a moment does not count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Exclusion {
    /// No rating was given in time.
    Missed,
    /// The first rating came after its window.
    FirstLate,
    /// The second rating was never given.
    SecondMissing,
    /// The second rating came after its window.
    SecondLate,
    /// The experiment was stopped before the moment was over.
    Stopped,
}

impl Exclusion {
    /// Stable code, for files.
    pub fn code(self) -> &'static str {
        match self {
            Exclusion::Missed => "missed",
            Exclusion::FirstLate => "first_rating_late",
            Exclusion::SecondMissing => "second_rating_missing",
            Exclusion::SecondLate => "second_rating_late",
            Exclusion::Stopped => "stopped",
        }
    }

    /// Localised reason.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Exclusion::Missed => lang.pick("not rated", "niet beoordeeld"),
            Exclusion::FirstLate => lang.pick("first rating too late", "eerste beoordeling te laat"),
            Exclusion::SecondMissing => lang.pick("no second rating", "geen tweede beoordeling"),
            Exclusion::SecondLate => lang.pick("second rating too late", "tweede beoordeling te laat"),
            Exclusion::Stopped => lang.pick("experiment stopped", "experiment gestopt"),
        }
    }
}

/// Where a day stands at a given time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DayState {
    /// Not begun.
    Upcoming,
    /// Under way: a moment can still count.
    Running,
    /// Both moments count.
    Complete,
    /// Over without a single rating.
    Skipped,
    /// Over, rated at least once, but not both moments count.
    Excluded,
}

/// Why a plan or a rating is refused. Nothing was written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExperimentError {
    /// The two moments are too close together.
    #[error("the two moments are {0} minutes apart; they need at least 3 hours between them")]
    MomentsTooClose(i64),
    /// Target and control are the same region.
    #[error("the control region must differ from the region you want to ease")]
    SameRegion,
    /// The planned length is outside the allowed range.
    #[error("{0} days is not a length from {MIN_DAYS} to {MAX_DAYS} days")]
    Length(u16),
    /// The practice's length is outside its range.
    #[error("{minutes} minutes is not a length from 1 to {max} minutes for this practice")]
    PracticeMinutes {
        /// What was asked.
        minutes: u16,
        /// The longest allowed.
        max: u16,
    },
    /// An own practice needs a name of 1–60 characters.
    #[error("an own practice needs a name of 1 to 60 characters")]
    OwnPracticeName,
    /// A built-in practice has no name of its own.
    #[error("only an own practice has a name")]
    NameForBuiltIn,
    /// The start date lies in the past.
    #[error("the first day ({0}) has already passed; pick today or a later day")]
    StartInPast(NaiveDate),
    /// The start date lies outside the years the journal works with.
    #[error("the first day ({0}) is outside the years the journal works with")]
    StartOutOfRange(NaiveDate),
    /// Another experiment is still running.
    #[error("an experiment is already running; stop it first or wait until it has finished")]
    AlreadyRunning,
    /// There is no experiment to act on.
    #[error("there is no running experiment; start one with `feltsense experiment start`")]
    NoneRunning,
    /// The experiment was stopped.
    #[error("this experiment was stopped; its ratings are kept but it takes no new ones")]
    Stopped,
    /// The experiment has its answer.
    #[error("this experiment has finished; its result is final")]
    Finished,
    /// The day is not part of the experiment.
    #[error("day {0} is not a day of this experiment")]
    NoSuchDay(u16),
    /// The moment cannot be rated yet.
    #[error("too early: this rating opens at {0}")]
    TooEarly(NaiveDateTime),
    /// A time in the future was given.
    #[error("{0} lies in the future")]
    InFuture(NaiveDateTime),
    /// Both ratings of the moment were given already.
    #[error("day {day}, moment {moment} is already rated twice")]
    AlreadyRated {
        /// The day.
        day: u16,
        /// The moment (1 or 2).
        moment: u8,
    },
    /// No moment can be rated now.
    #[error("no moment can be rated now{}", next_text(*.0, Lang::En))]
    NothingOpen(Option<NaiveDateTime>),
    /// A stored or imported plan breaks a rule.
    #[error("{0}")]
    Invalid(String, String),
}

fn next_text(next: Option<NaiveDateTime>, lang: Lang) -> String {
    match next {
        None => String::new(),
        Some(t) => match lang {
            Lang::En => format!("; the next opens {} at {}", text::date_weekday(t.date(), lang), t.format("%H:%M")),
            Lang::Nl => format!("; de volgende opent {} om {}", text::date_weekday(t.date(), lang), t.format("%H:%M")),
        },
    }
}

fn when(t: NaiveDateTime, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{} at {}", text::date_weekday(t.date(), lang), t.format("%H:%M")),
        Lang::Nl => format!("{} om {}", text::date_weekday(t.date(), lang), t.format("%H:%M")),
    }
}

impl ExperimentError {
    /// The message in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        use ExperimentError as E;
        if lang == Lang::En {
            return match self {
                E::TooEarly(t) => format!("too early: this rating opens {}", when(*t, lang)),
                other => other.to_string(),
            };
        }
        match self {
            E::MomentsTooClose(m) => {
                format!("de twee momenten liggen {m} minuten uit elkaar; er moeten minstens 3 uur tussen zitten")
            }
            E::SameRegion => {
                "het controlegebied moet een ander gebied zijn dan het gebied dat je wilt ontspannen".into()
            }
            E::Length(d) => format!("{d} dagen is geen lengte van {MIN_DAYS} tot {MAX_DAYS} dagen"),
            E::PracticeMinutes { minutes, max } => {
                format!("{minutes} minuten is geen lengte van 1 tot {max} minuten voor deze oefening")
            }
            E::OwnPracticeName => "een eigen oefening heeft een naam van 1 tot 60 tekens nodig".into(),
            E::NameForBuiltIn => "alleen een eigen oefening heeft een naam".into(),
            E::StartInPast(d) => {
                format!("de eerste dag ({}) is al voorbij; kies vandaag of een latere dag", text::date_full(*d, lang))
            }
            E::StartOutOfRange(d) => format!("de eerste dag ({d}) ligt buiten de jaren waarmee het dagboek werkt"),
            E::AlreadyRunning => "er loopt al een experiment; stop het eerst of wacht tot het klaar is".into(),
            E::NoneRunning => "er loopt geen experiment; begin er een met `feltsense experiment start`".into(),
            E::Stopped => {
                "dit experiment is gestopt; de beoordelingen blijven bewaard, maar er komen geen nieuwe bij".into()
            }
            E::Finished => "dit experiment is klaar; de uitkomst staat vast".into(),
            E::NoSuchDay(d) => format!("dag {d} is geen dag van dit experiment"),
            E::TooEarly(t) => format!("te vroeg: deze beoordeling opent {}", when(*t, lang)),
            E::InFuture(t) => format!("{} ligt in de toekomst", when(*t, lang)),
            E::AlreadyRated { day, moment } => format!("dag {day}, moment {moment} is al twee keer beoordeeld"),
            E::NothingOpen(next) => format!("er kan nu geen moment beoordeeld worden{}", next_text(*next, lang)),
            E::Invalid(_, nl) => nl.clone(),
        }
    }
}

impl text::Describe for ExperimentError {
    fn describe(&self, lang: Lang) -> String {
        ExperimentError::describe(self, lang)
    }
}

fn invalid(en: impl Into<String>, nl: impl Into<String>) -> ExperimentError {
    ExperimentError::Invalid(en.into(), nl.into())
}

/// The arm of the first moment of each of `days` days, drawn from `seed`: one fair coin per day
/// from [`SplitMix64`] (heads: practice at the first moment). Anyone can redraw it from the seed.
pub fn allocate(seed: u64, days: u16) -> Vec<Arm> {
    let mut rng = SplitMix64::new(seed);
    (0..days).map(|_| if rng.coin() { Arm::Practice } else { Arm::Usual }).collect()
}

/// The usual length of a practice in an experiment, in minutes, and the longest allowed.
pub fn practice_minutes(kind: PracticeKind) -> (u16, u16) {
    match kind {
        PracticeKind::Breathing46 => (2, 10),
        // The guided relaxation takes 2¼ minutes (ui::views::practice::pmr::TOTAL).
        PracticeKind::MuscleRelaxation => (3, 3),
        PracticeKind::Walk => (10, MAX_PRACTICE_MINUTES),
        PracticeKind::MicroPause => (1, 5),
        PracticeKind::Stretching | PracticeKind::Other => (5, MAX_PRACTICE_MINUTES),
    }
}

fn whole_minutes(t: NaiveTime) -> NaiveTime {
    t.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(t)
}

fn minutes(m: i64) -> Duration {
    Duration::minutes(m)
}

/// The first day an experiment with these `moments` starts on when the person does not choose
/// one, at `now` (local): today while today's first moment is still ahead, else tomorrow, so day
/// 1 never begins with a moment already gone. One rule for the window's form and the CLI.
pub fn default_first_day(moments: [NaiveTime; 2], now: chrono::NaiveDateTime) -> NaiveDate {
    let first = moments[0].min(moments[1]);
    if now.time() < first { now.date() } else { now.date() + chrono::Duration::days(1) }
}

impl Plan {
    /// Checks `draft` and locks it: the moments in order, the practice's length, and the
    /// allocation drawn from `seed` for every day the experiment may last. `today` is the
    /// person's local date (the start may not lie before it).
    pub fn new(
        draft: &PlanDraft,
        seed: u64,
        created: DateTime<FixedOffset>,
        today: NaiveDate,
    ) -> Result<Plan, ExperimentError> {
        if draft.start < today {
            return Err(ExperimentError::StartInPast(draft.start));
        }
        let (usual, _) = practice_minutes(draft.practice);
        let mut moments = draft.moments.map(whole_minutes);
        moments.sort();
        let planned = draft.planned_days;
        let plan = Plan {
            uid: super::new_uid(),
            practice: draft.practice,
            practice_name: draft.practice_name.trim().to_owned(),
            practice_minutes: draft.practice_minutes.unwrap_or(usual),
            target: draft.target,
            control: draft.control,
            moments,
            start: draft.start,
            planned_days: planned,
            max_days: planned.saturating_mul(2),
            wait_minutes: if draft.practice == PracticeKind::MuscleRelaxation {
                PMR_WAIT_MINUTES
            } else {
                WAIT_MINUTES
            },
            seed,
            allocation: allocate(seed, planned.saturating_mul(2)),
            created,
        };
        plan.validate()?;
        Ok(plan)
    }

    /// Checks every rule a plan keeps (for a stored or imported plan too).
    pub fn validate(&self) -> Result<(), ExperimentError> {
        if self.target == self.control {
            return Err(ExperimentError::SameRegion);
        }
        if !(MIN_DAYS..=MAX_DAYS).contains(&self.planned_days) {
            return Err(ExperimentError::Length(self.planned_days));
        }
        if self.max_days != self.planned_days * 2 {
            return Err(invalid(
                format!("max_days must be twice planned_days ({})", self.planned_days * 2),
                format!("max_days moet het dubbele van planned_days zijn ({})", self.planned_days * 2),
            ));
        }
        let gap = (self.moments[1] - self.moments[0]).num_minutes();
        if gap < MIN_GAP_MINUTES {
            return Err(ExperimentError::MomentsTooClose(gap));
        }
        if self.moments.iter().any(|m| m.second() != 0 || m.nanosecond() != 0) {
            return Err(invalid("moments are whole minutes (HH:MM)", "momenten zijn hele minuten (UU:MM)"));
        }
        let (_, max) = practice_minutes(self.practice);
        if !(1..=max).contains(&self.practice_minutes) {
            return Err(ExperimentError::PracticeMinutes { minutes: self.practice_minutes, max });
        }
        let expected_wait =
            if self.practice == PracticeKind::MuscleRelaxation { PMR_WAIT_MINUTES } else { WAIT_MINUTES };
        if self.wait_minutes != expected_wait {
            return Err(invalid(
                format!("wait_minutes is {expected_wait} for this practice"),
                format!("wait_minutes is {expected_wait} voor deze oefening"),
            ));
        }
        let name = self.practice_name.as_str();
        if self.practice == PracticeKind::Other {
            if name.trim().is_empty()
                || name.chars().count() > super::limits::LABEL_CHARS
                || name.chars().any(char::is_control)
            {
                return Err(ExperimentError::OwnPracticeName);
            }
        } else if !name.is_empty() {
            return Err(ExperimentError::NameForBuiltIn);
        }
        if self.uid.trim().is_empty() || self.uid.chars().count() > 200 || self.uid.chars().any(char::is_control) {
            return Err(invalid(
                "id must be 1 to 200 characters without control characters",
                "id moet 1 tot 200 tekens zijn, zonder stuurtekens",
            ));
        }
        let last = super::dates::days_after(self.start, i64::from(self.max_days));
        if !super::dates::in_range(self.start) || last.is_none_or(|d| !super::dates::in_range(d)) {
            return Err(ExperimentError::StartOutOfRange(self.start));
        }
        if self.allocation != allocate(self.seed, self.max_days) {
            return Err(invalid(
                "the allocation does not follow from the seed",
                "de verdeling volgt niet uit het startgetal (seed)",
            ));
        }
        Ok(())
    }

    /// The practice's name as the person sees it: the own practice's name, or the built-in name.
    pub fn practice_label(&self, lang: Lang) -> String {
        if self.practice == PracticeKind::Other && !self.practice_name.is_empty() {
            self.practice_name.clone()
        } else {
            self.practice.name(lang).to_owned()
        }
    }

    /// The calendar date of day `day` (from 1).
    pub fn date_of(&self, day: u16) -> Option<NaiveDate> {
        if day == 0 || day > self.max_days {
            return None;
        }
        super::dates::days_after(self.start, i64::from(day) - 1)
    }

    /// The last day of the plan if it is extended.
    pub fn last_date(&self) -> Option<NaiveDate> {
        self.date_of(self.max_days)
    }

    /// The day number of `date` (1 on the first day); `None` outside the longest plan.
    pub fn day_of(&self, date: NaiveDate) -> Option<u16> {
        let n = (date - self.start).num_days() + 1;
        u16::try_from(n).ok().filter(|&d| d >= 1 && d <= self.max_days)
    }

    /// The local time of a moment on a day.
    pub fn scheduled(&self, day: u16, moment: Moment) -> Option<NaiveDateTime> {
        self.date_of(day).map(|d| d.and_time(self.moments[moment.index()]))
    }

    /// The arm of a moment (`None` for a day outside the plan).
    pub fn arm(&self, day: u16, moment: Moment) -> Option<Arm> {
        let first = *self.allocation.get(usize::from(day).checked_sub(1)?)?;
        Some(if moment == Moment::First { first } else { first.other() })
    }

    /// The moment of a day at which the practice is done.
    pub fn practice_moment(&self, day: u16) -> Option<Moment> {
        Moment::BOTH.into_iter().find(|&m| self.arm(day, m) == Some(Arm::Practice))
    }

    /// When the first rating of a moment opens and when it stops counting.
    pub fn before_window(&self, day: u16, moment: Moment) -> Option<(NaiveDateTime, NaiveDateTime)> {
        let t = self.scheduled(day, moment)?;
        Some((t - minutes(BEFORE_EARLY_MINUTES), t + minutes(BEFORE_LATE_MINUTES)))
    }

    /// When the second rating opens and when it stops counting, after a first rating at `first`.
    pub fn after_window(&self, first: NaiveDateTime) -> (NaiveDateTime, NaiveDateTime) {
        let wait = i64::from(self.wait_minutes);
        (first + minutes(wait - AFTER_EARLY_SLACK), first + minutes(wait + AFTER_LATE_SLACK))
    }
}

impl Experiment {
    /// A new experiment with no ratings.
    pub fn new(plan: Plan) -> Experiment {
        Experiment { plan, ratings: Vec::new(), stopped: None }
    }

    /// The rating of a moment's phase, if given.
    pub fn rating(&self, day: u16, moment: Moment, phase: Phase) -> Option<&MomentRating> {
        self.ratings.iter().find(|r| r.day == day && r.moment == moment && r.phase == phase)
    }

    /// The local time the experiment was stopped, if it was.
    pub fn stopped_local(&self) -> Option<NaiveDateTime> {
        self.stopped.map(|t| t.naive_local())
    }

    /// Where a moment stands at `now` (local time), as of then: ratings given after `now` are
    /// not seen. After a stop, a moment that was not over is [`Exclusion::Stopped`] (or
    /// [`Exclusion::Missed`] when nothing was rated before it opened).
    pub fn moment_state(&self, day: u16, moment: Moment, now: NaiveDateTime) -> MomentState {
        let now = self.stopped_local().map_or(now, |s| s.min(now));
        let stopped = self.stopped.is_some();
        let Some((opens, closes)) = self.plan.before_window(day, moment) else {
            return MomentState::Excluded(Exclusion::Missed);
        };
        let seen = |phase| self.rating(day, moment, phase).filter(|r| r.at.naive_local() <= now);
        let Some(before) = seen(Phase::Before) else {
            return if now < opens && !stopped {
                MomentState::Upcoming { opens }
            } else if now <= closes && !stopped {
                MomentState::Open { closes }
            } else if stopped && now <= closes {
                MomentState::Excluded(if now < opens { Exclusion::Missed } else { Exclusion::Stopped })
            } else {
                MomentState::Excluded(Exclusion::Missed)
            };
        };
        let first = before.at.naive_local();
        if first < opens || first > closes {
            return MomentState::Excluded(Exclusion::FirstLate);
        }
        let (a_opens, a_closes) = self.plan.after_window(first);
        match seen(Phase::After) {
            Some(after) => {
                let t = after.at.naive_local();
                if t >= a_opens && t <= a_closes {
                    MomentState::Counted
                } else {
                    MomentState::Excluded(Exclusion::SecondLate)
                }
            }
            None if stopped => MomentState::Excluded(Exclusion::Stopped),
            None if now < a_opens => MomentState::Waiting { opens: a_opens },
            None if now <= a_closes => MomentState::Due { closes: a_closes },
            None => MomentState::Excluded(Exclusion::SecondMissing),
        }
    }

    /// Where a day stands at `now`.
    pub fn day_state(&self, day: u16, now: NaiveDateTime) -> DayState {
        let states = Moment::BOTH.map(|m| self.moment_state(day, m, now));
        if states.iter().all(|s| *s == MomentState::Counted) {
            return DayState::Complete;
        }
        let rated = self.ratings.iter().any(|r| r.day == day && r.at.naive_local() <= now);
        if states.iter().all(|s| s.is_closed()) {
            return if rated { DayState::Excluded } else { DayState::Skipped };
        }
        if !rated && matches!(states[0], MomentState::Upcoming { .. }) { DayState::Upcoming } else { DayState::Running }
    }

    /// The moment that wants a rating at `now`: a due second rating first (the earliest), else a
    /// moment open for its first rating. `None` when nothing can be rated now.
    pub fn open_moment(&self, now: NaiveDateTime) -> Option<(u16, Moment, Phase)> {
        if self.stopped.is_some() {
            return None;
        }
        let today = self.plan.day_of(now.date());
        // A moment late in the evening can still be due just after midnight.
        let days = [today.and_then(|d| d.checked_sub(1)), today].into_iter().flatten().filter(|&d| d >= 1);
        let mut open = None;
        for day in days {
            for m in Moment::BOTH {
                match self.moment_state(day, m, now) {
                    MomentState::Due { .. } => return Some((day, m, Phase::After)),
                    MomentState::Open { .. } if open.is_none() => open = Some((day, m, Phase::Before)),
                    _ => {}
                }
            }
        }
        open
    }

    /// The next time a rating opens after `now` (a first rating, or a second one after a wait),
    /// within the longest plan.
    pub fn next_opening(&self, now: NaiveDateTime) -> Option<NaiveDateTime> {
        if self.stopped.is_some() {
            return None;
        }
        let from = self.plan.day_of(now.date()).unwrap_or(1).saturating_sub(1).max(1);
        let mut best: Option<NaiveDateTime> = None;
        for day in from..=self.plan.max_days {
            for m in Moment::BOTH {
                let t = match self.moment_state(day, m, now) {
                    MomentState::Upcoming { opens } | MomentState::Waiting { opens } => opens,
                    _ => continue,
                };
                if best.is_none_or(|b| t < b) {
                    best = Some(t);
                }
            }
            if best.is_some() {
                break;
            }
        }
        best
    }

    /// Checks a rating of `day`'s `moment` given at `at` (local time `now`), and returns which
    /// phase it is: the first rating when the moment has none yet, else the second. The rules a
    /// plan's progress sets (a finished experiment takes no more ratings) are checked by
    /// [`crate::analysis::experiment`].
    pub fn check_rating(
        &self,
        day: u16,
        moment: Moment,
        at: NaiveDateTime,
        now: NaiveDateTime,
    ) -> Result<Phase, ExperimentError> {
        if self.stopped.is_some() {
            return Err(ExperimentError::Stopped);
        }
        let Some((opens, _)) = self.plan.before_window(day, moment) else {
            return Err(ExperimentError::NoSuchDay(day));
        };
        if at > now + minutes(1) {
            return Err(ExperimentError::InFuture(at));
        }
        match (self.rating(day, moment, Phase::Before), self.rating(day, moment, Phase::After)) {
            (None, _) if at < opens => Err(ExperimentError::TooEarly(opens)),
            (None, _) => Ok(Phase::Before),
            (Some(first), None) => {
                let (a_opens, _) = self.plan.after_window(first.at.naive_local());
                if at < a_opens { Err(ExperimentError::TooEarly(a_opens)) } else { Ok(Phase::After) }
            }
            (Some(_), Some(_)) => Err(ExperimentError::AlreadyRated { day, moment: moment.number() }),
        }
    }

    /// Checks every rule a stored or imported experiment keeps: a valid plan, ratings on days of
    /// the plan, each phase at most once, a second rating only after a first one and not before
    /// it, and no rating after the stop.
    pub fn validate(&self) -> Result<(), ExperimentError> {
        self.plan.validate()?;
        for (i, r) in self.ratings.iter().enumerate() {
            if r.day == 0 || r.day > self.plan.max_days {
                return Err(ExperimentError::NoSuchDay(r.day));
            }
            if self.ratings[..i].iter().any(|x| x.day == r.day && x.moment == r.moment && x.phase == r.phase) {
                return Err(invalid(
                    format!(
                        "day {}, moment {}: the {} rating is given twice",
                        r.day,
                        r.moment.number(),
                        r.phase.code()
                    ),
                    format!(
                        "dag {}, moment {}: de beoordeling `{}` staat er twee keer in",
                        r.day,
                        r.moment.number(),
                        r.phase.code()
                    ),
                ));
            }
            if r.phase == Phase::After {
                let first = self.rating(r.day, r.moment, Phase::Before);
                if first.is_none_or(|f| f.at > r.at) {
                    return Err(invalid(
                        format!(
                            "day {}, moment {}: a second rating needs an earlier first one",
                            r.day,
                            r.moment.number()
                        ),
                        format!(
                            "dag {}, moment {}: een tweede beoordeling heeft een eerdere eerste nodig",
                            r.day,
                            r.moment.number()
                        ),
                    ));
                }
            }
            if self.stopped.is_some_and(|s| r.at > s) {
                return Err(invalid(
                    format!("day {}, moment {}: rated after the experiment was stopped", r.day, r.moment.number()),
                    format!("dag {}, moment {}: beoordeeld nadat het experiment gestopt was", r.day, r.moment.number()),
                ));
            }
            if !super::dates::in_range(r.at.date_naive()) {
                return Err(ExperimentError::StartOutOfRange(r.at.date_naive()));
            }
        }
        Ok(())
    }

    /// Puts the ratings in their canonical order (day, moment, phase).
    pub fn sort_ratings(&mut self) {
        self.ratings.sort_by_key(|r| (r.day, r.moment, r.phase));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_day_is_today_only_while_its_first_moment_is_ahead() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("time");
        let day = NaiveDate::from_ymd_opt(2026, 12, 5).expect("date");
        let at = |h, m| day.and_time(t(h, m));
        // Either order of the moments; the earlier one decides.
        assert_eq!(default_first_day([t(16, 0), t(9, 0)], at(8, 59)), day);
        assert_eq!(default_first_day([t(9, 0), t(16, 0)], at(9, 0)), day.succ_opt().expect("d"), "due now is gone");
        assert_eq!(default_first_day([t(9, 0), t(16, 0)], at(12, 0)), day.succ_opt().expect("d"));
    }
    use chrono::TimeZone;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("time")
    }

    fn date(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).expect("date")
    }

    fn at(d: u32, h: u32, m: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600).and_then(|o| o.with_ymd_and_hms(2026, 3, d, h, m, 0).single()).expect("time")
    }

    fn lvl(v: u8) -> Level {
        Level::new(v).expect("level")
    }

    fn draft() -> PlanDraft {
        PlanDraft {
            practice: PracticeKind::Breathing46,
            practice_name: String::new(),
            practice_minutes: None,
            target: Region::ShoulderLeft,
            control: Region::LegLeft,
            moments: [t(18, 0), t(9, 0)],
            start: date(2),
            planned_days: DEFAULT_DAYS,
        }
    }

    fn plan() -> Plan {
        Plan::new(&draft(), 42, at(1, 20, 0), date(1)).expect("valid plan")
    }

    #[test]
    fn a_plan_is_locked_with_its_allocation_and_moments_in_order() {
        let p = plan();
        assert_eq!(p.moments, [t(9, 0), t(18, 0)], "moments sorted");
        assert_eq!((p.planned_days, p.max_days, p.wait_minutes, p.practice_minutes), (14, 28, 20, 2));
        assert_eq!(p.allocation.len(), 28);
        assert_eq!(p.allocation, allocate(42, 28), "drawn from the stored seed");
        assert_ne!(allocate(42, 28), allocate(43, 28));
        for day in 1..=28 {
            assert_ne!(p.arm(day, Moment::First), p.arm(day, Moment::Second), "one practice moment a day");
        }
        assert_eq!(p.arm(29, Moment::First), None);
        assert_eq!(p.date_of(1), Some(date(2)));
        assert_eq!(p.day_of(date(15)), Some(14));
        assert_eq!(p.day_of(date(1)), None);
        let pmr =
            Plan::new(&PlanDraft { practice: PracticeKind::MuscleRelaxation, ..draft() }, 1, at(1, 8, 0), date(1))
                .expect("pmr");
        assert_eq!(pmr.wait_minutes, 30);
        // Over many seeds a day's coin is fair.
        let firsts = (0..2000u64).filter(|&s| allocate(s, 1)[0] == Arm::Practice).count();
        assert!((900..1100).contains(&firsts), "{firsts}");
    }

    #[test]
    fn bad_plans_are_refused_with_a_reason_in_both_languages() {
        let refuse = |d: PlanDraft| Plan::new(&d, 1, at(1, 8, 0), date(1)).expect_err("refused");
        let close = refuse(PlanDraft { moments: [t(9, 0), t(11, 59)], ..draft() });
        assert_eq!(close, ExperimentError::MomentsTooClose(179));
        assert!(close.describe(Lang::Nl).contains("minstens 3 uur"), "{}", close.describe(Lang::Nl));
        assert_eq!(refuse(PlanDraft { control: Region::ShoulderLeft, ..draft() }), ExperimentError::SameRegion);
        assert_eq!(refuse(PlanDraft { planned_days: 5, ..draft() }), ExperimentError::Length(5));
        let past = refuse(PlanDraft { start: date(1) - Duration::days(1), ..draft() });
        assert_eq!(past, ExperimentError::StartInPast(date(1) - Duration::days(1)));
        assert!(past.describe(Lang::Nl).contains("al voorbij"), "{}", past.describe(Lang::Nl));
        let own = refuse(PlanDraft { practice: PracticeKind::Other, ..draft() });
        assert!(own.describe(Lang::Nl).contains("eigen oefening"), "{}", own.describe(Lang::Nl));
        let named = refuse(PlanDraft { practice_name: "x".into(), ..draft() });
        assert_eq!(named.describe(Lang::Nl), "alleen een eigen oefening heeft een naam");
        assert!(matches!(
            refuse(PlanDraft { practice_minutes: Some(11), ..draft() }),
            ExperimentError::PracticeMinutes { .. }
        ));
        let ok = Plan::new(
            &PlanDraft { practice: PracticeKind::Other, practice_name: " Shoulder rolls ".into(), ..draft() },
            1,
            at(1, 8, 0),
            date(1),
        )
        .expect("own practice");
        assert_eq!(ok.practice_label(Lang::Nl), "Shoulder rolls");
        let mut tampered = plan();
        tampered.allocation[3] = tampered.allocation[3].other();
        assert!(tampered.validate().is_err(), "an allocation that does not follow from the seed is refused");
    }

    fn rate(e: &mut Experiment, day: u16, moment: Moment, when: DateTime<FixedOffset>, target: u8) -> Phase {
        let phase = e.check_rating(day, moment, when.naive_local(), when.naive_local()).expect("accepted");
        e.ratings.push(MomentRating { day, moment, phase, at: when, target: lvl(target), control: lvl(2) });
        phase
    }

    #[test]
    fn moments_follow_their_windows() {
        let mut e = Experiment::new(plan());
        let n = |d, h, m| at(d, h, m).naive_local();
        // Day 1 is 2 March; the first moment is at 09:00.
        assert_eq!(e.moment_state(1, Moment::First, n(2, 8, 44)), MomentState::Upcoming { opens: n(2, 8, 45) });
        assert_eq!(
            e.check_rating(1, Moment::First, n(2, 8, 40), n(2, 8, 40)),
            Err(ExperimentError::TooEarly(n(2, 8, 45)))
        );
        assert_eq!(e.moment_state(1, Moment::First, n(2, 9, 30)), MomentState::Open { closes: n(2, 10, 0) });
        assert_eq!(e.open_moment(n(2, 9, 30)), Some((1, Moment::First, Phase::Before)));
        assert_eq!(rate(&mut e, 1, Moment::First, at(2, 9, 5), 6), Phase::Before);
        assert_eq!(e.moment_state(1, Moment::First, n(2, 9, 10)), MomentState::Waiting { opens: n(2, 9, 20) });
        assert_eq!(e.next_opening(n(2, 9, 10)), Some(n(2, 9, 20)));
        assert_eq!(
            e.check_rating(1, Moment::First, n(2, 9, 15), n(2, 9, 15)),
            Err(ExperimentError::TooEarly(n(2, 9, 20)))
        );
        assert_eq!(e.moment_state(1, Moment::First, n(2, 9, 30)), MomentState::Due { closes: n(2, 9, 45) });
        assert_eq!(e.open_moment(n(2, 9, 30)), Some((1, Moment::First, Phase::After)));
        assert_eq!(rate(&mut e, 1, Moment::First, at(2, 9, 26), 4), Phase::After);
        assert_eq!(e.moment_state(1, Moment::First, n(2, 9, 30)), MomentState::Counted);
        assert!(matches!(
            e.check_rating(1, Moment::First, n(2, 9, 40), n(2, 9, 40)),
            Err(ExperimentError::AlreadyRated { day: 1, moment: 1 })
        ));
        assert_eq!(e.day_state(1, n(2, 12, 0)), DayState::Running);
        // The second moment's second rating never comes: the day is excluded, not dropped.
        rate(&mut e, 1, Moment::Second, at(2, 18, 10), 5);
        assert_eq!(e.moment_state(1, Moment::Second, n(2, 19, 11)), MomentState::Excluded(Exclusion::SecondMissing));
        assert_eq!(e.day_state(1, n(2, 19, 11)), DayState::Excluded);
        // Day 2 without any rating is skipped once over; a late first rating excludes day 3.
        assert_eq!(e.day_state(2, n(3, 23, 0)), DayState::Skipped);
        assert_eq!(e.day_state(2, n(3, 7, 0)), DayState::Upcoming);
        rate(&mut e, 3, Moment::First, at(4, 10, 30), 5);
        assert_eq!(e.moment_state(3, Moment::First, n(4, 10, 31)), MomentState::Excluded(Exclusion::FirstLate));
        // A future time is refused.
        assert_eq!(
            e.check_rating(4, Moment::First, n(5, 9, 0), n(5, 8, 50)),
            Err(ExperimentError::InFuture(n(5, 9, 0)))
        );
        assert_eq!(e.check_rating(29, Moment::First, n(5, 9, 0), n(5, 9, 0)), Err(ExperimentError::NoSuchDay(29)));
        // A stopped experiment takes nothing and its open moments are over.
        e.stopped = Some(at(5, 9, 10));
        assert_eq!(e.check_rating(4, Moment::First, n(5, 9, 10), n(5, 9, 10)), Err(ExperimentError::Stopped));
        assert_eq!(e.moment_state(4, Moment::First, n(6, 9, 0)), MomentState::Excluded(Exclusion::Stopped));
        assert_eq!(e.moment_state(4, Moment::Second, n(6, 9, 0)), MomentState::Excluded(Exclusion::Missed));
        assert_eq!(e.open_moment(n(5, 9, 11)), None);
        e.validate().expect("a valid experiment");
    }

    #[test]
    fn stored_experiments_are_checked() {
        let mut e = Experiment::new(plan());
        e.ratings.push(MomentRating {
            day: 1,
            moment: Moment::First,
            phase: Phase::After,
            at: at(2, 9, 30),
            target: lvl(3),
            control: lvl(3),
        });
        assert!(e.validate().expect_err("after without before").describe(Lang::Nl).contains("eerdere eerste"));
        e.ratings.insert(0, MomentRating { phase: Phase::Before, at: at(2, 9, 0), ..e.ratings[0] });
        e.validate().expect("now valid");
        e.ratings.push(e.ratings[0]);
        assert!(e.validate().is_err(), "a phase twice");
        e.ratings.pop();
        e.stopped = Some(at(2, 9, 10));
        assert!(e.validate().is_err(), "a rating after the stop");
    }
}
