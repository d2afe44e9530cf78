//! What tension follows after an emotion: the lag analysis.
//!
//! # Definitions
//! - **Check-in**: an entry with at least one tension rating; regions it does not rate count as 0.
//! - **Event of emotion E**: an entry that records E at an intensity of at least
//!   [`LagParams::min_intensity`] (default 5).
//! - **Lag** of a check-in after an event: the time between them, measured between instants (UTC),
//!   so a change of UTC offset does not shift anything.
//! - **Windows** ([`LagWindow`]): a check-in lies 0–6 h after an event when its lag is more than 0
//!   and less than 6 h, and 6–12 h, 12–24 h, 24–48 h after it when its lag is at least the start
//!   and less than the end. A check-in at the very instant of the event (typically the event's own
//!   entry) is **at the same moment**: it is not "after" (see below why), and it is kept apart.
//! - **Before**: a check-in lies in the 6 h before an event when the event comes more than 0 and
//!   at most 6 h after it, and **6–36 h before** it when the event comes more than 6 and at most
//!   36 h after it ([`BEFORE_FAR_HOURS`]: the same morning's rating before an evening emotion, or
//!   the day before's rating of a once-a-day journal).
//! - **The "before" that is checked** ([`LagCell::before_window`]): the 6 h before when at least
//!   [`LagParams::min_checkins`] check-ins of the period lie there, else 6–36 h before when as
//!   many lie there, else none.
//!
//! # The adjusted estimate
//! Tension after an emotion can be higher for reasons that are not the emotion: it was already
//! higher before (people log anxiety more on days their body is tense, and tension drifts slowly
//! from day to day), another emotion logged at the same time does it, or the time of day or week.
//! So the difference reported, [`LagCell::diff_points`], is not a plain difference of means but a
//! coefficient of a least-squares regression per region over every check-in of the period:
//!
//! `level = usual level + Σ over emotions and windows (effect × "in that window") + Σ over
//!  emotions (before × "in the 6 h before") + Σ over emotions (far before × "6–36 h before")
//!  + Σ over emotions (same moment × "at the same moment") + time of day + weekday
//!  + γ × earlier level`
//!
//! - Every emotion's windows are in one model, so an emotion that is often logged together with
//!   another gets only what is its own (frustration logged with stress does not borrow stress's
//!   effect).
//! - **Same moment** terms keep the check-in logged together with the emotion out of the windows
//!   and out of the usual level: people often log an emotion *because* they feel tense right then,
//!   so tension at that moment says nothing about what follows.
//! - **Time of day** (in two-hour blocks on the check-in's own clock) and **weekday**: tension has
//!   a daily and weekly rhythm, and 6–12 h after a morning event is the evening. Blocks of two
//!   hours follow a rhythm that rises through the afternoon closely enough; the four parts of the
//!   day (night, morning, afternoon, evening) were too coarse: 6–12 h after a morning event falls
//!   late in the afternoon, which is tenser than the afternoon's average.
//! - **Earlier level** of the region: its mean over the check-ins in the 24 h before the *earliest*
//!   event (of any emotion) in the 48 h before the check-in, or before the check-in itself when
//!   there is no such event. It is taken from before every event the check-in could be a
//!   response to, so it cannot absorb a true effect; it is "unknown" (with an indicator of its
//!   own) when no check-in lies there.
//! - Columns that cannot be estimated (a window no check-in falls in, an emotion always logged
//!   together with another) are left out; their cells get no number.
//!
//! ## Days that are tense as a whole: the within-day estimate
//! The earlier level adjusts for slow drift only partly: it is a noisy measure of the day's state.
//! When an emotion is logged more on tense days and tension carries over from day to day, the
//! all-check-in coefficient above is too large (in simulation: +0.3 to +0.8 points), and its
//! interval rarely holds the truth. A day-level state leaves two signs: tension in the hours
//! *before* the emotion's events differs from usual, and comparing check-ins within days gives
//! another answer than comparing all of them. So, per emotion and region:
//! - when the checked "before" of the all-check-in fit has a p-value under [`DAY_STATE_P`] (0.2,
//!   deliberately lenient: a false alarm only costs precision), or the all-check-in effects minus
//!   the within-day effects, summed over the windows, have one (a test in the manner of Hausman's,
//!   its variance from the two fits' day-total influences taken day by day), the effect is
//!   estimated **within days**: the same regression with a fixed effect per local day instead of
//!   the intercept,
//!   weekday and earlier level (see [`fit`]). Every check-in is then compared only with check-ins
//!   of its own day, so whatever is the same all day long (a tense day, a bad night) cancels out;
//!   what remains are contrasts a day-level state cannot produce (before vs after an event on
//!   the same day, the evening after yesterday's event vs this morning). Method
//!   [`METHOD_WITHIN_DAY`];
//! - otherwise the all-check-in estimate is kept (it is unbiased there, and more precise):
//!   method [`METHOD`];
//! - when the sign is there but no day holds two check-ins to compare within (tension rated once
//!   a day), or no "before" can be checked at all, no effect is estimated (method [`METHOD_NONE`],
//!   no numbers): the data cannot tell "after the emotion" from "on days with the emotion".
//!
//! The **before** estimate, [`LagCell::before_points`], is the all-check-in coefficient of the
//! checked "before" (the same for every window of the emotion and region): how much tenser the
//! region is than usual in those hours, beyond the earlier level.
//!
//! # Uncertainty
//! Check-ins of one day, and of days close together, move together. Standard errors are
//! heteroskedasticity- and autocorrelation-consistent (Newey–West) over **day totals**: check-ins
//! of a day form one cluster and the day totals may correlate up to a bandwidth of at least 3 days
//! (longer than the longest window, 48 h, plus the 6 h before; more for long journals). Intervals
//! are 95 % intervals with Student's t on (days − 1) degrees of freedom. No random numbers are
//! involved: the same journal always gives the same result.
//!
//! # Verdict ([`Verdict`])
//! 1. **Not enough data yet** when fewer than [`LagParams::min_events`] (10) events are followed
//!    by a check-in in the window, when those events fall on fewer than [`LagParams::min_days`] (7)
//!    different days, or when the window holds fewer than [`LagParams::min_checkins`] (10)
//!    check-ins. The cell says how many more events (and days) are needed.
//! 2. A cell **stands out** when its all-check-in difference is at least
//!    [`LagParams::min_effect_points`] (0.3 points) in size, its 95 % interval excludes 0, and its
//!    p-value passes the Benjamini–Hochberg control of the false discovery rate at
//!    [`LagParams::fdr_q`] (10 %) over all cells that can be judged (every emotion × region ×
//!    window with enough data).
//! 3. **Higher** (or **lower**) claims two things: the effect (all-check-in or within-day, as
//!    chosen above) is at least 0.3 points with an interval excluding 0, and the region changes
//!    after the emotion: the same fit's difference `after − checked before` has a 95 % interval
//!    excluding 0 in the same direction. Both must hold, so the claim's p-value is the larger of
//!    the two p-values (an intersection–union test), and these p-values, over all cells, pass
//!    their own Benjamini–Hochberg control at 10 % ([`LagCell::q_value`]).
//! 4. A cell without an effect estimate (method [`METHOD_NONE`]) that stands out is **cannot tell
//!    apart** ([`Verdict::CannotSeparate`]): tension differs on days with the emotion, and the
//!    data cannot tell whether it changes after it. Not a link.
//! 5. A cell that stands out but is not a link, whose checked "before" is itself clearly raised
//!    (or lowered: interval excluding 0, at least 0.3 points), is **already higher before** (or
//!    **already lower before**): on days with the emotion the region is tenser already before it,
//!    with no clear further rise. Every other cell is **no clear link**.
//!
//! # Descriptive numbers
//! [`LagCell::response`] is the plain mean level in the window, [`LagCell::baseline`] the plain
//! mean over the check-ins with no event of the emotion in the 48 h before them (nor at the same
//! moment); they describe the data and are not adjusted.
//!
//! These are associations in the person's own data, not proof of cause.
//!
//! # Speed
//! The design is sparse (indicators), so `Z'Z` is built once for all regions in time linear in
//! the number of check-ins; each region adds one dense column. The within-day fit has no
//! region-specific column, so its normal equations, inverse and leverages are built once and each
//! region only adds its levels. See [`fit`] for the numerics.

mod fit;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use chrono::{Datelike, Timelike};
use serde::{Deserialize, Serialize, Serializer};

use self::fit::{Design, Estimate, RegionFit, WithinDay, bandwidth, difference, fit_region};
use super::common::{DateRange, days_since_epoch, format_number, format_signed, time_order};
use super::stats::bh_adjust;
use crate::model::text::plural;
use crate::model::{BUILTIN_EMOTIONS, Entry, Lang, Level, Region, emotion_name};

const HOUR: i64 = 3600;

/// How far back an event keeps a check-in out of the descriptive baseline, in hours (the end of
/// the last window).
pub const BASELINE_EXCLUSION_HOURS: i64 = 48;

/// The "before" window: this many hours before an event.
pub const BEFORE_HOURS: i64 = 6;

/// The far "before" window: from [`BEFORE_HOURS`] up to this many hours before an event (the same
/// morning's rating before an evening emotion, or yesterday's once-a-day rating).
pub const BEFORE_FAR_HOURS: i64 = 36;

/// A region's tension in the hours before an emotion's events that differs from usual with a
/// p-value under this, or within-day effects that differ from the all-check-in ones with one,
/// is the sign that the emotion is logged more on tenser (or calmer) days: the effect is then
/// estimated from contrasts a day-level state cannot produce (see the module docs).
pub const DAY_STATE_P: f64 = 0.2;

/// The earlier level of a region is its mean over this many hours before the earliest event.
pub const EARLIER_LEVEL_HOURS: i64 = 24;

/// Default [`LagParams::min_intensity`].
pub const DEFAULT_MIN_INTENSITY: u8 = 5;
const DEFAULT_LEVEL: Level = match Level::new(DEFAULT_MIN_INTENSITY) {
    Some(l) => l,
    None => Level::MAX,
};
/// Default [`LagParams::fdr_q`]: the false discovery rate is controlled at 10 %.
pub const DEFAULT_FDR_Q: f64 = 0.10;
/// Default [`LagParams::min_events`].
pub const DEFAULT_MIN_EVENTS: usize = 10;
/// Default [`LagParams::min_days`].
pub const DEFAULT_MIN_DAYS: usize = 7;
/// Default [`LagParams::min_checkins`].
pub const DEFAULT_MIN_CHECKINS: usize = 10;
/// Default [`LagParams::min_effect_points`]: differences under 0.3 points are never a link.
pub const DEFAULT_MIN_EFFECT_POINTS: f64 = 0.3;
/// The smallest Newey–West bandwidth, in days: longer than the longest window (48 h) plus the
/// 6 h before.
pub const MIN_BANDWIDTH_DAYS: usize = 3;

/// A stable name of the method, in the JSON output: one regression over all check-ins.
pub const METHOD: &str = "adjusted_regression_hac";
/// The method's name when the effect comes from within-day contrasts (a fixed effect per day).
pub const METHOD_WITHIN_DAY: &str = "within_day_regression_hac";
/// The method's name when no effect is estimated (see [`Verdict::CannotSeparate`]).
pub const METHOD_NONE: &str = "none";

/// A time window after an event (see the module docs for the exact bounds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LagWindow {
    /// More than 0 and less than 6 hours after the event.
    H0To6,
    /// From 6 up to 12 hours after the event.
    H6To12,
    /// From 12 up to 24 hours after the event.
    H12To24,
    /// From 24 up to 48 hours after the event.
    H24To48,
}

impl LagWindow {
    /// All windows, earliest first; [`LagWindow::index`] is the position here.
    pub const ALL: [LagWindow; 4] = [LagWindow::H0To6, LagWindow::H6To12, LagWindow::H12To24, LagWindow::H24To48];

    /// Start and end in hours after the event (the start of 0–6 h is excluded, see the module
    /// docs; every other start is included, every end excluded).
    pub fn hours(self) -> (i64, i64) {
        match self {
            LagWindow::H0To6 => (0, 6),
            LagWindow::H6To12 => (6, 12),
            LagWindow::H12To24 => (12, 24),
            LagWindow::H24To48 => (24, 48),
        }
    }

    /// The lags in seconds that belong to the window: `lo ≤ lag < hi`.
    fn lag_seconds(self) -> (i64, i64) {
        let (s, e) = self.hours();
        (if s == 0 { 1 } else { s * HOUR }, e * HOUR)
    }

    /// Position in [`LagWindow::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Stable code used in JSON output: `0-6h`, `6-12h`, `12-24h`, `24-48h`.
    pub fn code(self) -> &'static str {
        match self {
            LagWindow::H0To6 => "0-6h",
            LagWindow::H6To12 => "6-12h",
            LagWindow::H12To24 => "12-24h",
            LagWindow::H24To48 => "24-48h",
        }
    }

    /// Looks a window up by its code.
    pub fn from_code(code: &str) -> Option<LagWindow> {
        LagWindow::ALL.into_iter().find(|w| w.code() == code)
    }

    /// A short label such as "6–12 h" / "6–12 uur".
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            LagWindow::H0To6 => lang.pick("0–6 h", "0–6 uur"),
            LagWindow::H6To12 => lang.pick("6–12 h", "6–12 uur"),
            LagWindow::H12To24 => lang.pick("12–24 h", "12–24 uur"),
            LagWindow::H24To48 => lang.pick("24–48 h", "24–48 uur"),
        }
    }
}

impl Serialize for LagWindow {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// The conclusion for one cell (see the module docs for the rules).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Tension is clearly higher after the emotion, and higher than before it.
    Higher,
    /// Tension is clearly lower after the emotion, and lower than before it.
    Lower,
    /// Tension is higher after the emotion, but it was already higher before it and does not rise
    /// further.
    AlreadyHigherBefore,
    /// Tension is lower after the emotion, but it was already lower before it.
    AlreadyLowerBefore,
    /// On days with the emotion the region differs, but the data cannot tell whether it changes
    /// after the emotion (no rating in the hours before the events to compare with). Not a link.
    CannotSeparate,
    /// The data do not show a clear difference.
    NoClearLink,
    /// Too few events, days or check-ins to tell.
    NotEnoughData,
}

impl Verdict {
    /// Every verdict, for legends.
    pub const ALL: [Verdict; 7] = [
        Verdict::Higher,
        Verdict::Lower,
        Verdict::AlreadyHigherBefore,
        Verdict::AlreadyLowerBefore,
        Verdict::CannotSeparate,
        Verdict::NoClearLink,
        Verdict::NotEnoughData,
    ];

    /// True for the verdicts that state a link after the emotion: higher or lower.
    pub fn is_link(self) -> bool {
        matches!(self, Verdict::Higher | Verdict::Lower)
    }

    /// True for "already higher/lower before".
    pub fn is_before(self) -> bool {
        matches!(self, Verdict::AlreadyHigherBefore | Verdict::AlreadyLowerBefore)
    }

    /// The stable code used in JSON (`higher`, `already_higher_before`, ...).
    pub fn code(self) -> &'static str {
        match self {
            Verdict::Higher => "higher",
            Verdict::Lower => "lower",
            Verdict::AlreadyHigherBefore => "already_higher_before",
            Verdict::AlreadyLowerBefore => "already_lower_before",
            Verdict::CannotSeparate => "cannot_separate",
            Verdict::NoClearLink => "no_clear_link",
            Verdict::NotEnoughData => "not_enough_data",
        }
    }

    /// A short label: "higher" / "hoger", ...
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Verdict::Higher => lang.pick("higher", "hoger"),
            Verdict::Lower => lang.pick("lower", "lager"),
            Verdict::AlreadyHigherBefore => lang.pick("already higher before", "al hoger vooraf"),
            Verdict::AlreadyLowerBefore => lang.pick("already lower before", "al lager vooraf"),
            Verdict::CannotSeparate => lang.pick("cannot tell apart", "niet te onderscheiden"),
            Verdict::NoClearLink => lang.pick("no clear link", "geen duidelijk verband"),
            Verdict::NotEnoughData => lang.pick("not enough data yet", "nog te weinig gegevens"),
        }
    }

    /// The one-character mark of the text table: ▲ ▼ △ ▽, `…` for not enough data, blank
    /// otherwise.
    pub fn mark(self) -> &'static str {
        match self {
            Verdict::Higher => "▲",
            Verdict::Lower => "▼",
            Verdict::AlreadyHigherBefore => "△",
            Verdict::AlreadyLowerBefore => "▽",
            Verdict::CannotSeparate => "≈",
            Verdict::NoClearLink => " ",
            Verdict::NotEnoughData => "…",
        }
    }
}

/// The settings of a lag analysis.
///
/// Settings saved without the newer fields read back with their defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LagParams {
    /// An emotion at this intensity or more is an event (default 5).
    pub min_intensity: Level,
    /// The false discovery rate controlled by Benjamini–Hochberg (default 0.10).
    pub fdr_q: f64,
    /// Only entries whose local date lies here are used (default: all).
    pub range: DateRange,
    /// Fewer events with a check-in in the window → not enough data (default 10).
    pub min_events: usize,
    /// Events on fewer different days → not enough data (default 7).
    pub min_days: usize,
    /// Fewer check-ins in the window → not enough data (default 10). Also the number of check-ins
    /// the 6 h before the events need for "before" to be checked.
    pub min_checkins: usize,
    /// Adjust for the time of day, in two-hour blocks (default `true`). (The name is kept so that
    /// saved settings read back.)
    pub match_time_of_day: bool,
    /// A difference smaller than this many points is no clear link, however certain (default
    /// 0.3); 0 turns the floor off.
    pub min_effect_points: f64,
}

impl Default for LagParams {
    fn default() -> LagParams {
        LagParams {
            min_intensity: DEFAULT_LEVEL,
            fdr_q: DEFAULT_FDR_Q,
            range: DateRange::ALL,
            min_events: DEFAULT_MIN_EVENTS,
            min_days: DEFAULT_MIN_DAYS,
            min_checkins: DEFAULT_MIN_CHECKINS,
            match_time_of_day: true,
            min_effect_points: DEFAULT_MIN_EFFECT_POINTS,
        }
    }
}

/// One emotion × region × window result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LagCell {
    /// Emotion code (built-in or custom).
    pub emotion: String,
    /// The region.
    pub region: Region,
    /// The window after the events.
    pub window: LagWindow,
    /// Plain mean level over the check-ins with no event of the emotion in the 48 h before them;
    /// `None` without any.
    #[serde(serialize_with = "round_opt")]
    pub baseline: Option<f64>,
    /// Plain mean level over the check-ins in the window; `None` without any.
    #[serde(serialize_with = "round_opt")]
    pub response: Option<f64>,
    /// The adjusted difference in points (see the module docs); `None` when it cannot be
    /// estimated.
    #[serde(serialize_with = "round_opt")]
    pub diff_points: Option<f64>,
    /// The adjusted difference in percent of the baseline; `None` when the baseline is 0 or
    /// missing.
    #[serde(serialize_with = "round_opt")]
    pub diff_percent: Option<f64>,
    /// Events with at least one check-in in the window.
    pub n_events: usize,
    /// Different local days those events fall on.
    pub n_days: usize,
    /// Check-ins in the window.
    pub n_checkins: usize,
    /// Check-ins in the descriptive baseline.
    pub n_baseline: usize,
    /// Lower end of the 95 % interval of the adjusted difference.
    #[serde(serialize_with = "round_opt")]
    pub ci95_low: Option<f64>,
    /// Upper end of the 95 % interval of the adjusted difference.
    #[serde(serialize_with = "round_opt")]
    pub ci95_high: Option<f64>,
    /// Two-sided p-value of the adjusted difference ("differs from the usual level").
    pub p_value: Option<f64>,
    /// Benjamini–Hochberg adjusted p-value of the link claim over all tested cells (the claim's
    /// p-value is the larger of `p_value` and that of "differs from before", when the 6 h before
    /// can be checked); `None` when not tested.
    pub q_value: Option<f64>,
    /// The same adjusted estimate for the 6 h before the events (the same for every window of
    /// the emotion and region); `None` when it cannot be estimated.
    #[serde(serialize_with = "round_opt")]
    pub before_points: Option<f64>,
    /// Lower end of the 95 % interval of `before_points`.
    #[serde(serialize_with = "round_opt")]
    pub before_ci95_low: Option<f64>,
    /// Upper end of the 95 % interval of `before_points`.
    #[serde(serialize_with = "round_opt")]
    pub before_ci95_high: Option<f64>,
    /// Check-ins in the "before" window that is checked (`before_window`; the 6 h before when
    /// none is).
    pub n_before: usize,
    /// The "before" window that is checked: `0-6h`, or `6-36h` when the 6 h before hold too few
    /// check-ins; `None` when neither holds enough.
    pub before_window: Option<&'static str>,
    /// With "not enough data": how many more events with a check-in in the window are needed.
    pub more_events_needed: usize,
    /// With "not enough data": on how many more different days.
    pub more_days_needed: usize,
    /// The conclusion.
    pub verdict: Verdict,
    /// How the effect was estimated: [`METHOD`] (all check-ins), [`METHOD_WITHIN_DAY`], or
    /// [`METHOD_NONE`] when no estimate can be trusted (no effect numbers then).
    pub method: &'static str,
}

/// How many events one emotion has in the analysed period, and its baseline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EmotionEvents {
    /// Emotion code.
    pub emotion: String,
    /// Entries recording it at the threshold intensity or more.
    pub n_events: usize,
    /// Different local days with an event.
    pub n_days: usize,
    /// Check-ins in its descriptive baseline (no event in the preceding 48 h, nor at the moment).
    pub n_baseline: usize,
    /// Mean level per region ([`Region::index`]) over the baseline check-ins; `None` without any.
    pub baseline_mean: [Option<f64>; Region::COUNT],
}

/// The full result: every emotion with at least one event × every region × every window.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LagTable {
    /// The settings used.
    pub params: LagParams,
    /// Check-ins in the period.
    pub n_checkins: usize,
    /// Different local days with a check-in.
    pub n_days: usize,
    /// Emotions with at least one event: built-in emotions in [`BUILTIN_EMOTIONS`] order, then
    /// custom ones alphabetically.
    pub emotions: Vec<EmotionEvents>,
    /// Cells grouped by emotion (in [`LagTable::emotions`] order), then by region
    /// ([`Region::ALL`] order), then by window ([`LagWindow::ALL`] order).
    pub cells: Vec<LagCell>,
    /// Number of cells that entered the false-discovery-rate control.
    pub n_tested: usize,
    /// The events and check-ins it was computed from, for the entries behind a cell
    /// ([`LagTable::cell_entries`]) without preparing the journal again.
    #[serde(skip)]
    behind: std::sync::Arc<Behind>,
}

/// The check-ins and each emotion's events of a lag table, as instants and indices into the
/// caller's entries.
#[derive(Clone, Debug, Default, PartialEq)]
struct Behind {
    /// Instants of the check-ins, ascending.
    times: Vec<i64>,
    /// Index in the caller's slice of each check-in.
    check_in_index: Vec<usize>,
    /// Per emotion: its code, its events' instants (ascending) and their indices.
    events: Vec<(String, Vec<i64>, Vec<usize>)>,
}

impl Behind {
    fn of(prep: &Prepared) -> Behind {
        Behind {
            times: prep.times.clone(),
            check_in_index: prep.check_in_index.clone(),
            events: prep.events.iter().map(|e| (e.code.clone(), e.times.clone(), e.index.clone())).collect(),
        }
    }

    fn cell_entries(&self, emotion: &str, window: LagWindow) -> CellEntries {
        let Some((_, ev_times, ev_index)) = self.events.iter().find(|e| e.0 == emotion) else {
            return CellEntries::default();
        };
        let lags = Slot::After(window).lags();
        let events = ev_times
            .iter()
            .zip(ev_index)
            .filter(|&(&t, _)| any_check_in(&self.times, t, lags))
            .map(|(_, &i)| i)
            .collect();
        let check_ins = (0..self.times.len())
            .filter(|&k| any_in(ev_times, self.times[k], lags))
            .map(|k| self.check_in_index[k])
            .collect();
        CellEntries { events, check_ins }
    }
}

const CELLS_PER_EMOTION: usize = Region::COUNT * LagWindow::ALL.len();

impl LagTable {
    /// The entries behind the cells of `emotion` in `window` (indices into the entries the table
    /// was computed from): [`cell_entries`] without preparing the journal again.
    pub fn cell_entries(&self, emotion: &str, window: LagWindow) -> CellEntries {
        self.behind.cell_entries(emotion, window)
    }

    /// The cells of one emotion (region-major, then window), empty when it has no events.
    pub fn cells_for(&self, emotion: &str) -> &[LagCell] {
        match self.emotions.iter().position(|e| e.emotion == emotion) {
            Some(i) => &self.cells[i * CELLS_PER_EMOTION..(i + 1) * CELLS_PER_EMOTION],
            None => &[],
        }
    }

    /// One cell.
    pub fn cell(&self, emotion: &str, region: Region, window: LagWindow) -> Option<&LagCell> {
        self.cells_for(emotion).get(region.index() * LagWindow::ALL.len() + window.index())
    }
}

/// One emotion's events, in time order.
struct Events {
    code: String,
    times: Vec<i64>,
    /// Local day (days since 1970-01-01) of each event.
    days: Vec<i64>,
    /// Index in the caller's slice of each event.
    index: Vec<usize>,
}

/// The check-ins and events of a period, flattened in time order.
struct Prepared {
    /// Instants (Unix seconds) of the check-ins, ascending.
    times: Vec<i64>,
    /// Two-hour block of the local clock of each check-in (0–11).
    blocks: Vec<u8>,
    /// Weekday of each check-in (Monday 0).
    weekdays: Vec<u8>,
    /// Local day of each check-in (days since 1970-01-01).
    days: Vec<i64>,
    /// Levels of each check-in.
    levels: Vec<[u8; Region::COUNT]>,
    /// Index in the caller's slice of each check-in.
    check_in_index: Vec<usize>,
    /// Per emotion, in table order.
    events: Vec<Events>,
}

fn prepare(entries: &[Entry], params: &LagParams) -> Prepared {
    let mut p = Prepared {
        times: Vec::new(),
        blocks: Vec::new(),
        weekdays: Vec::new(),
        days: Vec::new(),
        levels: Vec::new(),
        check_in_index: Vec::new(),
        events: Vec::new(),
    };
    let mut by_code: BTreeMap<&str, Events> = BTreeMap::new();
    // Time order, ties by uid: the result does not depend on the order entries come in.
    let mut order = time_order(entries);
    order.sort_by(|&a, &b| entries[a].at.cmp(&entries[b].at).then_with(|| entries[a].uid.cmp(&entries[b].uid)));
    for i in order {
        let e = &entries[i];
        if !params.range.contains_entry(e) {
            continue;
        }
        let t = e.at.timestamp();
        let day = days_since_epoch(e.at.date_naive());
        if let Some(levels) = e.levels() {
            // The local clock of the check-in (`at` carries its own offset).
            p.times.push(t);
            p.blocks.push((e.at.hour() / 2) as u8);
            p.weekdays.push(e.at.weekday().num_days_from_monday() as u8);
            p.days.push(day);
            p.levels.push(levels);
            p.check_in_index.push(i);
        }
        for em in &e.emotions {
            if em.intensity >= params.min_intensity {
                let slot = by_code.entry(em.code.as_str()).or_insert_with(|| Events {
                    code: em.code.clone(),
                    times: Vec::new(),
                    days: Vec::new(),
                    index: Vec::new(),
                });
                // One event per entry and emotion.
                if slot.index.last() != Some(&i) {
                    slot.times.push(t);
                    slot.days.push(day);
                    slot.index.push(i);
                }
            }
        }
    }
    for info in BUILTIN_EMOTIONS {
        if let Some(ev) = by_code.remove(info.code) {
            p.events.push(ev);
        }
    }
    p.events.extend(by_code.into_values());
    p
}

/// Where a check-in can stand relative to an event: the four windows after it, the 6 h before it,
/// 6–36 h before it, or the same moment. `lo ≤ lag < hi` with lag = check-in − event, in
/// seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    After(LagWindow),
    Before,
    BeforeFar,
    SameMoment,
}

impl Slot {
    /// The columns of one emotion, in this order.
    const ALL: [Slot; 7] = [
        Slot::After(LagWindow::H0To6),
        Slot::After(LagWindow::H6To12),
        Slot::After(LagWindow::H12To24),
        Slot::After(LagWindow::H24To48),
        Slot::Before,
        Slot::BeforeFar,
        Slot::SameMoment,
    ];
    const BEFORE: usize = 4;
    /// Right after [`Slot::BEFORE`]: the two "before"s are `BEFORE + 0` and `BEFORE + 1`.
    const BEFORE_FAR: usize = Slot::BEFORE + 1;
    const SAME: usize = 6;

    fn lags(self) -> (i64, i64) {
        match self {
            Slot::After(w) => w.lag_seconds(),
            Slot::Before => (-BEFORE_HOURS * HOUR, 0),
            Slot::BeforeFar => (-BEFORE_FAR_HOURS * HOUR, -BEFORE_HOURS * HOUR),
            Slot::SameMoment => (0, 1),
        }
    }
}

/// True when some event in sorted `events` has `lo ≤ t − event < hi`, i.e. lies in
/// `(t − hi, t − lo]`.
fn any_in(events: &[i64], t: i64, (lo, hi): (i64, i64)) -> bool {
    let k = events.partition_point(|&e| e <= t - hi);
    k < events.len() && events[k] <= t - lo
}

/// True when some check-in in sorted `times` has `lo ≤ check-in − event < hi`.
fn any_check_in(times: &[i64], event: i64, (lo, hi): (i64, i64)) -> bool {
    let k = times.partition_point(|&t| t < event + lo);
    k < times.len() && times[k] < event + hi
}

/// Per check-in and emotion, a bit mask over [`Slot::ALL`].
fn slot_masks(prep: &Prepared) -> Vec<Vec<u8>> {
    prep.events
        .iter()
        .map(|ev| {
            prep.times
                .iter()
                .map(|&t| {
                    Slot::ALL
                        .iter()
                        .enumerate()
                        .fold(0u8, |m, (k, s)| if any_in(&ev.times, t, s.lags()) { m | (1 << k) } else { m })
                })
                .collect()
        })
        .collect()
}

/// The earlier level of every region for every check-in (see the module docs); `None` when no
/// check-in lies in the 24 h it is taken from.
fn earlier_levels(prep: &Prepared) -> Vec<Option<[f64; Region::COUNT]>> {
    let mut all_events: Vec<i64> = prep.events.iter().flat_map(|e| e.times.iter().copied()).collect();
    all_events.sort_unstable();
    // Prefix sums of the levels.
    let mut prefix = vec![[0u64; Region::COUNT]; prep.times.len() + 1];
    for (i, levels) in prep.levels.iter().enumerate() {
        for r in 0..Region::COUNT {
            prefix[i + 1][r] = prefix[i][r] + u64::from(levels[r]);
        }
    }
    prep.times
        .iter()
        .map(|&t| {
            let k = all_events.partition_point(|&e| e < t - BASELINE_EXCLUSION_HOURS * HOUR);
            let anchor = all_events.get(k).copied().filter(|&e| e <= t).unwrap_or(t);
            let lo = prep.times.partition_point(|&x| x < anchor - EARLIER_LEVEL_HOURS * HOUR);
            let hi = prep.times.partition_point(|&x| x < anchor);
            (hi > lo).then(|| {
                let n = (hi - lo) as f64;
                std::array::from_fn(|r| (prefix[hi][r] - prefix[lo][r]) as f64 / n)
            })
        })
        .collect()
}

/// Two-hour blocks of the day.
const BLOCKS: usize = 12;

/// Column layout of the shared design.
struct Columns {
    /// First time-of-day column (two-hour blocks 02–04 … 22–24; 00–02 is the reference), when
    /// adjusting for it.
    block: Option<usize>,
    /// First weekday column (Tuesday … Sunday; Monday is the reference).
    weekday: usize,
    /// The "earlier level unknown" indicator.
    unknown: usize,
    /// First emotion column; emotion `e`'s slot `k` is `first_emotion + 6 e + k`.
    first_emotion: usize,
    /// Number of shared columns.
    p: usize,
}

impl Columns {
    fn new(n_emotions: usize, match_time_of_day: bool) -> Columns {
        let block = match_time_of_day.then_some(1);
        let weekday = 1 + if match_time_of_day { BLOCKS - 1 } else { 0 };
        let unknown = weekday + 6;
        let first_emotion = unknown + 1;
        Columns { block, weekday, unknown, first_emotion, p: first_emotion + Slot::ALL.len() * n_emotions }
    }

    fn emotion(&self, e: usize, slot: usize) -> usize {
        self.first_emotion + Slot::ALL.len() * e + slot
    }
}

fn build_design(
    prep: &Prepared,
    masks: &[Vec<u8>],
    earlier: &[Option<[f64; Region::COUNT]>],
    cols: &Columns,
) -> Design {
    let n = prep.times.len();
    let first_day = prep.days.first().copied().unwrap_or(0);
    let span_days = prep.days.last().map_or(0, |&d| (d - first_day + 1) as usize);
    let mut start = Vec::with_capacity(n + 1);
    let mut list: Vec<u16> = Vec::with_capacity(n * 6);
    start.push(0u32);
    for i in 0..n {
        list.push(0);
        if let Some(first) = cols.block {
            let block = usize::from(prep.blocks[i]);
            if block > 0 {
                list.push((first + block - 1) as u16);
            }
        }
        let wd = usize::from(prep.weekdays[i]);
        if wd > 0 {
            list.push((cols.weekday + wd - 1) as u16);
        }
        if earlier[i].is_none() {
            list.push(cols.unknown as u16);
        }
        for (e, m) in masks.iter().enumerate() {
            let mask = m[i];
            for k in 0..Slot::ALL.len() {
                if mask & (1 << k) != 0 {
                    list.push(cols.emotion(e, k) as u16);
                }
            }
        }
        start.push(list.len() as u32);
    }
    Design { p: cols.p, start, cols: list, day: prep.days.iter().map(|&d| (d - first_day) as u32).collect(), span_days }
}

/// Runs the lag analysis over `entries` (any order; sorted by `at` is cheapest).
///
/// See the [module docs](self) for every definition.
pub fn lag_analysis(entries: &[Entry], params: &LagParams) -> LagTable {
    let prep = prepare(entries, params);
    let n = prep.times.len();
    let n_emotions = prep.events.len();
    let masks = slot_masks(&prep);
    let earlier = earlier_levels(&prep);
    let cols = Columns::new(n_emotions, params.match_time_of_day);
    let design = build_design(&prep, &masks, &earlier, &cols);
    let gram = design.gram();
    let n_days_total = prep.days.windows(2).filter(|w| w[0] != w[1]).count() + usize::from(n > 0);
    let bw = bandwidth(n_days_total, MIN_BANDWIDTH_DAYS);
    // The columns whose variances are needed: every emotion's windows and its two "before"s.
    let wanted: Vec<usize> = (0..n_emotions)
        .flat_map(|e| (0..=Slot::BEFORE_FAR).map(move |k| (e, k)))
        .map(|(e, k)| cols.emotion(e, k))
        .collect();
    // The "before" that is checked, per emotion: the 6 h before when enough check-ins lie there,
    // else 6–36 h before (the nearest earlier rating of a once-a-day journal), else none.
    let n_before: Vec<[usize; 2]> = masks
        .iter()
        .map(|mask| {
            let count = |k: usize| mask.iter().filter(|&&m| m & (1 << k) != 0).count();
            [count(Slot::BEFORE), count(Slot::BEFORE_FAR)]
        })
        .collect();
    let before_kinds: Vec<Option<usize>> =
        n_before.iter().map(|n| (0..2).find(|&k| n[k] >= params.min_checkins)).collect();
    // The within-day fit shares everything but the levels between regions: built once, and only
    // when some emotion has a "before" to check.
    let within = if before_kinds.iter().any(Option::is_some) {
        WithinDay::new(&design, &[cols.unknown], &wanted, bw)
    } else {
        None
    };
    let fit = |r: &Region| {
        (n_emotions > 0 && n > 0).then(|| {
            let ri = r.index();
            let y: Vec<f64> = prep.levels.iter().map(|l| f64::from(l[ri])).collect();
            let extra: Vec<f64> = earlier.iter().map(|a| a.map_or(0.0, |a| a[ri])).collect();
            let all = fit_region(&design, &gram, &y, &extra, &wanted, bw);
            // Every estimate the cells need, here on the region's thread.
            let day = within.as_ref().map(|w| w.fit(&y));
            (0..n_emotions)
                .map(|e| {
                    let col = |k| cols.emotion(e, k);
                    let mut x = RegionEstimates::all_check_ins(&all, col, before_kinds[e]);
                    if let (Some(day), Some(_)) = (day.as_ref(), before_kinds[e]) {
                        // The other sign of tense days: the all-check-in and within-day
                        // effects differ, on average over the windows, more than chance allows.
                        let combo: Vec<(usize, f64)> = (0..LagWindow::ALL.len())
                            .filter(|&k| all.beta[col(k)].is_some() && day.beta[col(k)].is_some())
                            .map(|k| (col(k), 1.0))
                            .collect();
                        let apart = (!combo.is_empty()).then(|| difference(&all, day, &combo)).flatten();
                        x.day_state |= apart.is_some_and(|d| d.p_value() < DAY_STATE_P);
                    }
                    if x.day_state {
                        x.within_day(day.as_ref(), col, before_kinds[e]);
                    }
                    x
                })
                .collect::<Vec<_>>()
        })
    };
    // The regions are independent once the shared design is built: fit half of them on a second
    // thread (the machines this runs on have at least two cores). Small journals stay on one.
    let (first, second) = Region::ALL.split_at(Region::COUNT / 2);
    let fits: Vec<Option<Vec<RegionEstimates>>> = if n >= 2_000 {
        std::thread::scope(|s| {
            let other = s.spawn(|| second.iter().map(fit).collect::<Vec<_>>());
            let mut fits: Vec<_> = first.iter().map(fit).collect();
            match other.join() {
                Ok(rest) => fits.extend(rest),
                // The second thread cannot fail short of a bug; fit its regions here then.
                Err(_) => fits.extend(second.iter().map(fit)),
            }
            fits
        })
    } else {
        Region::ALL.iter().map(fit).collect()
    };

    let mut cells = Vec::with_capacity(n_emotions * CELLS_PER_EMOTION);
    let mut emotions = Vec::with_capacity(n_emotions);
    for (e, ev) in prep.events.iter().enumerate() {
        let mask = &masks[e];
        // Descriptive baseline: no event in the 48 h before, nor at the same moment.
        let after_bits: u8 = 0b1111 | (1 << Slot::SAME);
        let mut base_sum = [0u64; Region::COUNT];
        let mut n_base = 0usize;
        for (i, levels) in prep.levels.iter().enumerate() {
            if mask[i] & after_bits == 0 {
                n_base += 1;
                for r in 0..Region::COUNT {
                    base_sum[r] += u64::from(levels[r]);
                }
            }
        }
        let baseline_mean: [Option<f64>; Region::COUNT] =
            std::array::from_fn(|r| (n_base > 0).then(|| base_sum[r] as f64 / n_base as f64));
        emotions.push(EmotionEvents {
            emotion: ev.code.clone(),
            n_events: ev.times.len(),
            n_days: ev.days.iter().collect::<BTreeSet<_>>().len(),
            n_baseline: n_base,
            baseline_mean,
        });
        let (n_before, before_kind) = (n_before[e], before_kinds[e]);
        // Per window, what does not depend on the region: the events followed by a check-in in
        // it (and on how many days), and the levels summed over the check-ins in it.
        let per_window: Vec<(usize, usize, usize, [u64; Region::COUNT])> = LagWindow::ALL
            .iter()
            .map(|w| {
                let bit = 1u8 << w.index();
                let (mut sums, mut count) = ([0u64; Region::COUNT], 0usize);
                for (i, levels) in prep.levels.iter().enumerate() {
                    if mask[i] & bit != 0 {
                        for (s, &l) in sums.iter_mut().zip(levels) {
                            *s += u64::from(l);
                        }
                        count += 1;
                    }
                }
                let lags = Slot::After(*w).lags();
                let mut ev_days = BTreeSet::new();
                let mut n_events = 0;
                for (&t, &d) in ev.times.iter().zip(&ev.days) {
                    if any_check_in(&prep.times, t, lags) {
                        n_events += 1;
                        ev_days.insert(d);
                    }
                }
                (n_events, ev_days.len(), count, sums)
            })
            .collect();

        for region in Region::ALL {
            let ri = region.index();
            let region_estimates = fits[ri].as_ref().map(|f| &f[e]);
            let before = region_estimates.and_then(|f| f.before);
            for w in LagWindow::ALL {
                let k = w.index();
                let (n_events, n_ev_days, count, ref sums) = per_window[k];
                let sum = sums[ri];
                let baseline = baseline_mean[ri];
                let enough =
                    n_events >= params.min_events && n_ev_days >= params.min_days && count >= params.min_checkins;
                let (method, effect, rise, all_after) = region_estimates
                    .map_or((Method::None, None, None, None), |f| {
                        (f.method[k], f.effect[k], f.rise[k], f.all_after[k])
                    });
                let diff = effect.map(|x| x.value);
                let ci = effect.map(|x| x.ci95());
                let before_ci = before.map(|b| b.ci95());
                cells.push(PendingCell {
                    cell: LagCell {
                        emotion: ev.code.clone(),
                        region,
                        window: w,
                        baseline,
                        response: (count > 0).then(|| sum as f64 / count as f64),
                        diff_points: diff,
                        diff_percent: diff.zip(baseline).and_then(|(d, b)| (b > 0.0).then(|| d / b * 100.0)),
                        n_events,
                        n_days: n_ev_days,
                        n_checkins: count,
                        n_baseline: n_base,
                        ci95_low: ci.map(|c| c.0),
                        ci95_high: ci.map(|c| c.1),
                        p_value: effect.map(|x| x.p_value()),
                        q_value: None,
                        before_points: before.map(|b| b.value),
                        before_ci95_low: before_ci.map(|c| c.0),
                        before_ci95_high: before_ci.map(|c| c.1),
                        n_before: before_kind.map_or(n_before[0], |k| n_before[k]),
                        before_window: before_kind.map(|k| BEFORE_WINDOWS[k]),
                        more_events_needed: params.min_events.saturating_sub(n_events),
                        more_days_needed: params.min_days.saturating_sub(n_ev_days),
                        verdict: if enough { Verdict::NoClearLink } else { Verdict::NotEnoughData },
                        method: method.code(),
                    },
                    rise,
                    before,
                    all_after,
                });
            }
        }
    }

    // False discovery rate control over every cell with enough data and an estimate, twice: for
    // "differs from the usual level" (the all-check-in estimate, for "already higher before"),
    // and for the link claim (see the module docs).
    let testable: Vec<usize> = (0..cells.len())
        .filter(|&i| cells[i].cell.verdict != Verdict::NotEnoughData && cells[i].all_after.is_some())
        .collect();
    let p_post: Vec<f64> = testable.iter().map(|&i| cells[i].all_after.map_or(1.0, |a| a.p_value())).collect();
    let p_link: Vec<f64> = testable.iter().map(|&i| cells[i].link_p()).collect();
    for ((&i, q_post), q_link) in testable.iter().zip(bh_adjust(&p_post)).zip(bh_adjust(&p_link)) {
        let pending = &mut cells[i];
        pending.cell.q_value = Some(q_link);
        pending.cell.verdict = pending.verdict(q_post, q_link, params);
    }
    LagTable {
        params: params.clone(),
        n_checkins: n,
        n_days: n_days_total,
        emotions,
        cells: cells.into_iter().map(|c| c.cell).collect(),
        n_tested: testable.len(),
        behind: std::sync::Arc::new(Behind::of(&prep)),
    }
}

/// Codes of the two "before" windows, in [`LagCell::before_window`].
const BEFORE_WINDOWS: [&str; 2] = ["0-6h", "6-36h"];

/// How a cell's effect is estimated (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    /// One regression over all check-ins.
    AllCheckIns,
    /// The same regression with a fixed effect per day: within-day contrasts only.
    WithinDay,
    /// No estimate can be trusted: no rating lies before the events, or the days with the
    /// emotion differ and no day holds two ratings to compare within.
    None,
}

impl Method {
    fn code(self) -> &'static str {
        match self {
            Method::AllCheckIns => METHOD,
            Method::WithinDay => METHOD_WITHIN_DAY,
            Method::None => METHOD_NONE,
        }
    }
}

/// One region's estimates for one emotion: what its cells need, and nothing more (each estimate
/// is a pass over the days).
struct RegionEstimates {
    /// The all-check-in estimate of the checked "before".
    before: Option<Estimate>,
    /// Tension before the events differs from usual, or the within-day effects differ from the
    /// all-check-in ones (p under [`DAY_STATE_P`]): the emotion is logged more on tenser (or
    /// calmer) days, and a day-level state could make the all-check-in estimate too large. The
    /// effect then comes from contrasts such a state cannot produce.
    day_state: bool,
    /// Per window: the all-check-in estimate ("differs from the usual level").
    all_after: [Option<Estimate>; 4],
    /// Per window: how the effect is estimated, the effect, and effect minus "before" from the
    /// same fit.
    method: [Method; 4],
    effect: [Option<Estimate>; 4],
    rise: [Option<Estimate>; 4],
}

impl RegionEstimates {
    /// The all-check-in estimates; the effect is theirs unless the days differ (then see
    /// [`RegionEstimates::within_day`]) or no "before" can be checked.
    fn all_check_ins(f: &RegionFit, col: impl Fn(usize) -> usize, before: Option<usize>) -> RegionEstimates {
        let all_after = LagWindow::ALL.map(|w| f.estimate(&[(col(w.index()), 1.0)]));
        let before_col = before.map(|b| col(Slot::BEFORE + b));
        let before_est = before_col.and_then(|c| f.estimate(&[(c, 1.0)]));
        let day_state = before_est.is_some_and(|b| b.p_value() < DAY_STATE_P);
        let mut x = RegionEstimates {
            before: before_est,
            day_state,
            all_after,
            method: [Method::None; 4],
            effect: [None; 4],
            rise: [None; 4],
        };
        if let (Some(bc), false) = (before_col, day_state) {
            x.method = [Method::AllCheckIns; 4];
            x.effect = all_after;
            x.rise = LagWindow::ALL.map(|w| f.estimate(&[(col(w.index()), 1.0), (bc, -1.0)]));
        }
        x
    }

    /// The within-day effects, where the days differ: per window, when the within-day fit
    /// estimates both the window and "before"; otherwise no effect (method none).
    fn within_day(&mut self, day: Option<&RegionFit>, col: impl Fn(usize) -> usize, before: Option<usize>) {
        (self.method, self.effect, self.rise) = ([Method::None; 4], [None; 4], [None; 4]);
        let (Some(f), Some(b)) = (day, before) else { return };
        let bc = col(Slot::BEFORE + b);
        for w in LagWindow::ALL {
            let k = w.index();
            let (effect, rise) = (f.estimate(&[(col(k), 1.0)]), f.estimate(&[(col(k), 1.0), (bc, -1.0)]));
            if effect.is_some() && rise.is_some() {
                (self.method[k], self.effect[k], self.rise[k]) = (Method::WithinDay, effect, rise);
            }
        }
    }
}

/// A cell with the estimates its verdict needs.
struct PendingCell {
    cell: LagCell,
    /// The effect minus the checked "before", from the same fit as the effect.
    rise: Option<Estimate>,
    /// The all-check-in estimate of the checked "before".
    before: Option<Estimate>,
    /// The all-check-in estimate of the window ("differs from the usual level").
    all_after: Option<Estimate>,
}

impl PendingCell {
    /// The p-value of the link claim: the larger of the p-values of "the effect differs from 0"
    /// and "it differs from before" (both must hold, so the claim is only as certain as the
    /// weaker of the two: an intersection–union test). 1 without an effect estimate.
    fn link_p(&self) -> f64 {
        match (self.cell.p_value, self.rise) {
            (Some(p), Some(rise)) => p.max(rise.p_value()),
            _ => 1.0,
        }
    }

    /// The verdict of a tested cell, given its adjusted p-values (see the module docs).
    fn verdict(&self, q_post: f64, q_link: f64, params: &LagParams) -> Verdict {
        let big = |x: f64| x.abs() >= params.min_effect_points;
        let clear = |up: bool, (lo, hi): (f64, f64)| if up { lo > 0.0 } else { hi < 0.0 };
        // "Differs from the usual level", from all check-ins.
        let post = self.all_after.filter(|a| big(a.value) && clear(a.value > 0.0, a.ci95()) && q_post <= params.fdr_q);
        if self.cell.method == METHOD_NONE {
            return if post.is_some() { Verdict::CannotSeparate } else { Verdict::NoClearLink };
        }
        if let (Some(d), Some(ci), Some(rise)) =
            (self.cell.diff_points, self.cell.ci95_low.zip(self.cell.ci95_high), self.rise)
        {
            let up = d > 0.0;
            if big(d) && clear(up, ci) && clear(up, rise.ci95()) && q_link <= params.fdr_q {
                return if up { Verdict::Higher } else { Verdict::Lower };
            }
        }
        let Some(post) = post else { return Verdict::NoClearLink };
        let up = post.value > 0.0;
        let was_before = self.before.is_some_and(|b| big(b.value) && clear(up, b.ci95()));
        match (was_before, up) {
            (true, true) => Verdict::AlreadyHigherBefore,
            (true, false) => Verdict::AlreadyLowerBefore,
            (false, _) => Verdict::NoClearLink,
        }
    }
}

/// The entries behind one cell, as indices into the `entries` slice given, in time order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CellEntries {
    /// Events of the emotion with at least one check-in in the window (`n_events` of the cell).
    pub events: Vec<usize>,
    /// Check-ins in the window after any of those events (`n_checkins` of the cell).
    pub check_ins: Vec<usize>,
}

/// The events and check-ins behind the cells of `emotion` in `window`, for a drill-down list.
///
/// The same for every region: all regions of a check-in are used. Pass the same `entries` and
/// `params` as to [`lag_analysis`]; the counts then equal the cell's `n_events` and `n_checkins`,
/// and the mean level of a region over the listed check-ins is the cell's `response`.
pub fn cell_entries(entries: &[Entry], params: &LagParams, emotion: &str, window: LagWindow) -> CellEntries {
    Behind::of(&prepare(entries, params)).cell_entries(emotion, window)
}

/// Rounds to 4 decimals for JSON output, keeping `null` for `None`.
fn round_opt<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(x) if x.is_finite() => s.serialize_some(&((x * 10_000.0).round() / 10_000.0)),
        _ => s.serialize_none(),
    }
}

/// Writes the cells as a JSON array with one object per emotion × region × window (keys
/// `emotion`, `region`, `window`, `baseline`, `response`, `diff_points`, `diff_percent`,
/// `n_events`, `n_days`, `n_checkins`, `n_baseline`, `ci95_low`, `ci95_high`, `p_value`,
/// `q_value`, `before_points`, `before_ci95_low`, `before_ci95_high`, `n_before`, `before_window`,
/// `more_events_needed`, `more_days_needed`, `verdict`, `method`), for
/// `feltsense insights --format json`.
pub fn write_json(table: &LagTable, mut w: impl Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut w, &table.cells)?;
    writeln!(w)
}

/// A plain sentence about one cell for the drill-down, e.g. "On days you log anxiety your neck
/// is tenser already before it; it does not rise further after."
pub fn cell_sentence(cell: &LagCell, lang: Lang) -> String {
    let emotion = emotion_name(&cell.emotion, lang).to_lowercase();
    let region = cell.region.name(lang).to_lowercase();
    let window = cell.window.label(lang);
    match cell.verdict {
        Verdict::Higher => match lang {
            Lang::En => format!("{window} after you log {emotion}, your {region} is tenser than usual, and tenser than in the hours before."),
            Lang::Nl => format!("{window} nadat je {emotion} noteert, is je {region} gespannener dan gewoonlijk, en gespannener dan in de uren ervoor."),
        },
        Verdict::Lower => match lang {
            Lang::En => format!("{window} after you log {emotion}, your {region} is less tense than usual, and less than in the hours before."),
            Lang::Nl => format!("{window} nadat je {emotion} noteert, is je {region} minder gespannen dan gewoonlijk, en minder dan in de uren ervoor."),
        },
        Verdict::AlreadyHigherBefore => match lang {
            Lang::En => format!("On days you log {emotion} your {region} is tenser already before it, with no clear further rise after."),
            Lang::Nl => format!("Op dagen dat je {emotion} noteert, is je {region} al vooraf gespannener, zonder duidelijke verdere stijging erna."),
        },
        Verdict::AlreadyLowerBefore => match lang {
            Lang::En => format!("On days you log {emotion} your {region} is less tense already before it, with no clear further drop after."),
            Lang::Nl => format!("Op dagen dat je {emotion} noteert, is je {region} al vooraf minder gespannen, zonder duidelijke verdere daling erna."),
        },
        Verdict::CannotSeparate => {
            let tenser = cell.response.zip(cell.baseline).is_none_or(|(r, b)| r >= b);
            let first = match (lang, tenser) {
                (Lang::En, true) => format!("On days you log {emotion} your {region} is tenser than usual."),
                (Lang::En, false) => format!("On days you log {emotion} your {region} is less tense than usual."),
                (Lang::Nl, true) => format!("Op dagen dat je {emotion} noteert, is je {region} gespannener dan gewoonlijk."),
                (Lang::Nl, false) => format!("Op dagen dat je {emotion} noteert, is je {region} minder gespannen dan gewoonlijk."),
            };
            let why = match (lang, cell.before_window.is_some()) {
                (Lang::En, true) => "It is already so before the emotion, and with tension rated once on those days Feltsense cannot tell whether it changes after the emotion or is simply a tenser day. Rating tension a second time on such days (for instance when you log the emotion) would tell.",
                (Lang::En, false) => "No rating lies in the day and a half before these emotions, so Feltsense cannot tell whether it changes after them. Rating tension also earlier on such days would tell.",
                (Lang::Nl, true) => "Dat is al zo vóór de emotie, en met één meting op zulke dagen kan Feltsense niet zien of de spanning na de emotie verandert of dat het gewoon een gespannener dag is. Op zulke dagen een tweede keer je spanning noteren (bijvoorbeeld als je de emotie noteert) zou het laten zien.",
                (Lang::Nl, false) => "In de anderhalve dag vóór deze emoties ligt geen meting, dus Feltsense kan niet zien of de spanning erna verandert. Ook eerder op zulke dagen je spanning noteren zou het laten zien.",
            };
            format!("{first} {why}")
        }
        Verdict::NoClearLink => lang
            .pick(
                "No clear difference from your usual level once time of day, weekday, your earlier level and other emotions are taken into account.",
                "Geen duidelijk verschil met je gewone niveau, rekening houdend met tijdstip, weekdag, je eerdere niveau en andere emoties.",
            )
            .to_owned(),
        Verdict::NotEnoughData => not_enough_sentence(cell, lang),
    }
}

/// "Not enough data yet: 4 more events on 2 more days with a check-in in this window."
pub fn not_enough_sentence(cell: &LagCell, lang: Lang) -> String {
    let (e, d) = (cell.more_events_needed, cell.more_days_needed);
    let mut s = lang.pick("Not enough data yet", "Nog te weinig gegevens").to_owned();
    if e > 0 || d > 0 {
        s += ": ";
        let events = match lang {
            Lang::En => plural(e as u64, "more event", "more events"),
            Lang::Nl => format!("nog {}", plural(e as u64, "gebeurtenis", "gebeurtenissen")),
        };
        let days = match lang {
            Lang::En => format!("on {}", plural(d as u64, "more day", "more days")),
            Lang::Nl => format!("op {}", plural(d as u64, "andere dag", "andere dagen")),
        };
        s += &match (e > 0, d > 0) {
            (true, true) => format!("{events} {days}"),
            (true, false) => events,
            _ => lang.pick(&format!("events {days}"), &format!("gebeurtenissen {days}")).to_owned(),
        };
        s +=
            lang.pick(", each followed by a check-in in this window.", ", elk gevolgd door een meting in dit tijdvak.");
    } else {
        s += lang.pick(": too few check-ins in this window.", ": te weinig metingen in dit tijdvak.");
    }
    s
}

/// A readable text version of the table for `feltsense insights --format table`: per emotion, a
/// grid of region × window with the adjusted difference in points, marked ▲ / ▼ (higher / lower),
/// △ / ▽ (already higher / lower before), ≈ (cannot tell apart) or … (not enough data yet).
pub fn format_table(table: &LagTable, lang: Lang) -> String {
    const COL: usize = 11;
    let mut out = String::new();
    out += lang.pick(
        "Tension after an emotion: adjusted difference from your usual level in points.\n▲ higher, ▼ lower after the emotion; △ ▽ already higher / lower before it; ≈ cannot tell apart from the day as a whole; … not enough data yet; unmarked: no clear link.\n",
        "Spanning na een emotie: gecorrigeerd verschil met je gewone niveau in punten.\n▲ hoger, ▼ lager na de emotie; △ ▽ al hoger / lager vooraf; ≈ niet te onderscheiden van de dag als geheel; … nog te weinig gegevens; zonder teken: geen duidelijk verband.\n",
    );
    out += lang.pick(
        "Adjusted for the time of day, the weekday, your earlier level and the other emotions; these are associations in your own data, not proof of cause.\n",
        "Gecorrigeerd voor tijdstip, weekdag, je eerdere niveau en de andere emoties; dit zijn verbanden in je eigen gegevens, geen bewijs van oorzaak.\n",
    );
    out += &format!(
        "{} check-ins {} {} {}, {} {}\n",
        table.n_checkins,
        lang.pick("on", "op"),
        table.n_days,
        lang.pick("days", "dagen"),
        lang.pick("events at intensity ≥", "gebeurtenissen bij intensiteit ≥"),
        table.params.min_intensity
    );
    if table.emotions.is_empty() {
        out += lang.pick("\nNo events in this period.\n", "\nGeen gebeurtenissen in deze periode.\n");
        return out;
    }
    let name_width = Region::ALL.iter().map(|r| r.name(lang).chars().count()).max().unwrap_or(10) + 2;
    for ev in &table.emotions {
        let cells = table.cells_for(&ev.emotion);
        out += &format!(
            "\n{} — {} {} {} {} {}\n",
            emotion_name(&ev.emotion, lang),
            ev.n_events,
            lang.pick("events", "gebeurtenissen"),
            lang.pick("on", "op"),
            ev.n_days,
            lang.pick("days", "dagen"),
        );
        out += &format!(
            "{:<name_width$}{:>COL$}{:>COL$}",
            "",
            lang.pick("usual", "gewoonlijk"),
            lang.pick("before", "vooraf")
        );
        for w in LagWindow::ALL {
            out += &format!("{:>COL$}", w.label(lang));
        }
        out += &format!(
            "\n{:<name_width$}{:>COL$}{:>COL$}",
            lang.pick("check-ins", "metingen"),
            ev.n_baseline,
            cells[0].n_before
        );
        for c in &cells[..LagWindow::ALL.len()] {
            out += &format!("{:>COL$}", c.n_checkins);
        }
        out += &format!("\n{:<name_width$}{:>COL$}{:>COL$}", lang.pick("events", "gebeurtenissen"), "", "");
        for c in &cells[..LagWindow::ALL.len()] {
            out += &format!("{:>COL$}", c.n_events);
        }
        out.push('\n');
        for (region, row) in Region::ALL.iter().zip(cells.chunks(LagWindow::ALL.len())) {
            let base = ev.baseline_mean[region.index()].map_or_else(|| "–".to_owned(), |b| format_number(b, 1, lang));
            let before = row[0].before_points.map_or_else(|| "–".to_owned(), |b| format_signed(b, 1, lang));
            out += &format!("{:<name_width$}{base:>COL$}{before:>COL$}", region.name(lang));
            for c in row {
                let text = match c.diff_points {
                    None => format!("– {}", c.verdict.mark()),
                    Some(d) => {
                        // A clear but tiny difference would read "0.0 ▼": show it with 2 decimals.
                        let decimals = if c.verdict.is_link() && d.abs() < 0.05 { 2 } else { 1 };
                        format!("{} {}", format_signed(d, decimals, lang), c.verdict.mark())
                    }
                };
                out += &format!("{text:>COL$}");
            }
            out.push('\n');
        }
    }
    out
}

/// The "how is this computed?" text for the lag analysis, in English or Dutch.
pub fn how_computed(lang: Lang) -> &'static str {
    lang.pick(HOW_EN, HOW_NL)
}

const HOW_EN: &str = "\
How is this computed?

• Check-in: an entry with at least one tension rating. Regions it does not rate count as 0.
• Event: an entry that records the emotion at or above the chosen intensity (5 by default).
• Windows: 0–6, 6–12, 12–24 and 24–48 hours after an event. A check-in logged at the same moment as the emotion is not counted as \"after\": people often log an emotion because they feel tense right then, so it says nothing about what follows.
• The difference shown is adjusted, not a plain difference of averages. For each region, one model compares every check-in with your usual level and separates at once: the windows after every emotion (so an emotion often logged together with another does not borrow its effect), the hours before each emotion, the moment itself, the time of day (in two-hour blocks), the weekday, and your own level in the 24 hours before the emotion (so that tension that was already high does not look like a response).
• Before: the same kind of estimate for the 6 hours before the emotion, or, when you rarely rate tension in those hours (say once a day), for 6 to 36 hours before it: the same morning's or the day before's rating.
• Tense days: many people log anxiety or sadness more on days their body is already tense, and tension carries over from one day to the next. Then an emotion looks followed by tension that the day itself explains. When tension before the emotion differs from usual, or comparing within days gives another answer than comparing all check-ins, that is the sign of it, and Feltsense then compares each check-in only with check-ins of the same day (before and after the emotion, or at other times), which a tense day cannot explain. With tension rated once on those days there is nothing to compare within a day: the verdict is then \"cannot tell apart\", not a link, and rating tension a second time on such days would tell.
• Uncertainty: a 95 % interval that treats check-ins of the same and nearby days as related (Newey–West over days, at least 3 days apart), so many check-ins on one day do not look like many independent observations.
• Chance: with hundreds of emotion × region × window combinations, some would look like links by pure chance. So the p-values of all combinations are adjusted together (Benjamini–Hochberg), keeping the expected share of false findings at 10 %.
• Size: a difference under 0.3 points is too small to matter to you, however certain it is, so it is never called a link.
• Verdict: \"higher\" or \"lower\" only when the adjusted difference passes the 10 % false-discovery check, its interval does not include 0, it is at least 0.3 points, and tension after the emotion also differs from tension before it. \"already higher before\": tension after the emotion is higher than usual, but it was already clearly higher before it, with no clear further rise. \"cannot tell apart\": tension differs on days with the emotion, but the data cannot tell whether it changes after it. With fewer than 10 events (on at least 7 different days) followed by a check-in in the window, or fewer than 10 check-ins there, it says \"not enough data yet\" and how many more are needed. Everything else is \"no clear link\".
• The plain averages (usual level and after) are shown as they are; the difference is the adjusted one, so the two need not add up.

These are associations in your own data, not proof that the emotion causes the tension: other things, such as sleep or work, can affect both. Tested on simulated journals built to fool it (emotions logged on tense days or at tense moments, logged together, once a day): with tension rated once a day and emotions logged on tense days, a link is sometimes given a size somewhat too large.";

const HOW_NL: &str = "\
Hoe wordt dit berekend?

• Meting: wat je op één moment vastlegt; hier telt een meting met minstens één spanningsscore. Gebieden zonder score tellen als 0.
• Gebeurtenis: een meting waarin de emotie voorkomt met de gekozen intensiteit of hoger (standaard 5).
• Tijdvakken: 0–6, 6–12, 12–24 en 24–48 uur na een gebeurtenis. Een meting op hetzelfde moment als de emotie telt niet als \"erna\": mensen noteren een emotie vaak juist omdat ze zich op dat moment gespannen voelen, dus die zegt niets over wat volgt.
• Het getoonde verschil is gecorrigeerd, geen gewoon verschil van gemiddelden. Per gebied vergelijkt één model elke meting met je gewone niveau en houdt tegelijk apart: de tijdvakken na elke emotie (zodat een emotie die vaak samen met een andere wordt genoteerd niet het effect van die andere krijgt), de uren vóór elke emotie, het moment zelf, het tijdstip (in blokken van twee uur), de weekdag en je eigen niveau in de 24 uur vóór de emotie (zodat spanning die al hoog was niet als reactie lijkt).
• Vooraf: dezelfde schatting voor de 6 uur vóór de emotie, of, als je in die uren zelden je spanning noteert (bijvoorbeeld één keer per dag), voor 6 tot 36 uur ervoor: de meting van dezelfde ochtend of van de dag ervoor.
• Gespannen dagen: veel mensen noteren angst of verdriet vaker op dagen dat hun lichaam al gespannen is, en spanning loopt van de ene dag door in de volgende. Dan lijkt op een emotie spanning te volgen die de dag zelf verklaart. Verschilt de spanning vóór de emotie van gewoonlijk, of geeft vergelijken binnen dagen een ander antwoord dan vergelijken over alle metingen, dan is dat het teken ervan, en vergelijkt Feltsense elke meting alleen met metingen van dezelfde dag (voor en na de emotie, of op andere momenten), wat een gespannen dag niet kan verklaren. Met één meting op zulke dagen valt er binnen een dag niets te vergelijken: het oordeel is dan \"niet te onderscheiden\", geen verband, en op zulke dagen een tweede keer je spanning noteren zou het laten zien.
• Onzekerheid: een 95%-interval dat metingen van dezelfde en nabije dagen als samenhangend behandelt (Newey–West over dagen, minstens 3 dagen ver), zodat veel metingen op één dag niet lijken op veel losse waarnemingen.
• Toeval: bij honderden combinaties van emotie × gebied × tijdvak lijken er altijd een paar verbanden te zijn die puur toeval zijn. Daarom worden de p-waarden van alle combinaties samen gecorrigeerd (Benjamini–Hochberg), zodat naar verwachting hooguit 10 % van de gevonden verbanden vals is.
• Grootte: een verschil van minder dan 0,3 punt is te klein om voor jou iets te betekenen, hoe zeker het ook is, dus dat heet nooit een verband.
• Oordeel: alleen \"hoger\" of \"lager\" als het gecorrigeerde verschil de 10%-controle op valse vondsten doorstaat, het interval de 0 niet bevat, het verschil minstens 0,3 punt is en de spanning na de emotie ook verschilt van de spanning ervoor. \"al hoger vooraf\": de spanning na de emotie is hoger dan gewoonlijk, maar was vooraf al duidelijk hoger, zonder duidelijke verdere stijging. \"niet te onderscheiden\": op dagen met de emotie is de spanning anders, maar de gegevens kunnen niet laten zien of ze na de emotie verandert. Met minder dan 10 gebeurtenissen (op minstens 7 verschillende dagen) met een meting in het tijdvak, of minder dan 10 metingen daarin, staat er \"nog te weinig gegevens\" en hoeveel er nog nodig zijn. Al het andere is \"geen duidelijk verband\".
• De ruwe gemiddelden (gewoonlijk en erna) staan er zoals ze zijn; het verschil is het gecorrigeerde, dus die twee hoeven niet op te tellen.

Dit zijn verbanden in je eigen gegevens, geen bewijs dat de emotie de spanning veroorzaakt: andere dingen, zoals slaap of werk, kunnen beide beïnvloeden. Getest op gesimuleerde dagboeken die het moeten misleiden (emoties genoteerd op gespannen dagen of momenten, samen genoteerd, één keer per dag): met één meting per dag en emoties op gespannen dagen krijgt een verband soms een wat te grote omvang.";

#[cfg(test)]
mod tests;
