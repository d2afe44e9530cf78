//! Does a practice ease tension more than comparable moments without one? The adjusted effect
//! behind "What practising does for you".
//!
//! # Why a plain before → after change is not enough
//! People practise when they are tense, and a rating that is high now tends to be lower later
//! anyway (regression to the mean: part of a high rating is a passing peak, and part is the
//! noise of rating itself). So the plain change from the rating before a practice to the one
//! after it credits the practice with relief that would have come without it. How much of a
//! peak is gone depends on **how long after** the second rating comes: a tense moment rated
//! again three minutes later has barely started to fade, one rated again two hours later may be
//! over. The comparison below takes both into account.
//!
//! # Method (a matched comparison with a model of how a tense moment fades)
//! - **Practice pairs** come from the caller (the practice entry's check-in and the check-in after
//!   it; see [`practices`](super::practices) and [`sessions`](super::sessions)). A pair whose
//!   first check-in lies within [`AFTER_WITHIN_HOURS`] after another practice is left out, just
//!   as comparison moments are: its rating would still carry the earlier practice, and a moment
//!   soon after a practice is, at the same rating, a tenser day than one without (the person
//!   practised already), whose tension holds up better.
//! - **Comparison pairs** ("moments without a practice") are consecutive check-ins at most
//!   [`AFTER_WITHIN_HOURS`] apart, where the first one records no practice and is no part of a
//!   guided session, no practice was logged in the [`AFTER_WITHIN_HOURS`] before it (its level
//!   would still carry that practice), and none between the two. The second check-in may be one
//!   logged with a practice: its levels are rated before that practice.
//! - **Rows**: each pair gives one row per region rated in its first check-in (even at 0; an
//!   unrated region counts as 0 in the second). Choosing regions by the first rating only means
//!   the choice never depends on how tension went afterwards. A row's **change** is
//!   `after − before`, its **stratum** is (region, part of the day of the first check-in, level
//!   before), and its **gap** `g` the hours between the two check-ins.
//! - **Usual levels**: per region and part of the day, the mean level over the check-ins not
//!   within [`AFTER_WITHIN_HOURS`] after a practice; likewise the usual **overall level** (the
//!   mean of all 16 regions in a check-in, unrated = 0: how tense the person is as a whole). A
//!   row's deviations are `x = level before − usual level` and `z = overall − usual overall`.
//! - **How a tense moment fades**: within a stratum, the change of a comparison row is modelled
//!   as `a_s + β_rp · g + θ_r · R(g)`, with the columns
//!   `R(g) = (z, f₁(g) · x, f₂(g) · x, f₃(g) · x, f₁(g) · z, f₂(g) · z, f₃(g) · z)` and
//!   `f_j(g) = 1 − e^(−g/τ_j)` for `τ_j` = 36 minutes, 6 minutes and 3.6 hours: the share of a
//!   momentary deviation that is gone after `g` hours, as a mix of a fast, a middle and a slow
//!   fade whose weights are the person's own (fitted, not assumed). The stratum constant `a_s`
//!   holds everything that does not depend on the gap (including the part of a high rating that
//!   is rating noise, gone at once); the `x` columns say how much of the deviation fades with the
//!   gap, the `z` columns how the overall level changes that (people decide to practise on how
//!   tense they are as a whole: at the same neck level, a moment chosen for a practice tends to
//!   be a tenser day, whose level holds up better). `θ_r` is a least-squares fit within strata
//!   per region, on the changes net of the drift, with at least 20 rows. A column whose variation
//!   within strata, beyond what the columns before it explain, is under 0.05 points (root mean
//!   square) is left out (its coefficient 0): with all gaps alike, how a moment fades with the
//!   gap cannot be seen, and is not guessed. A fixed mix of time constants rather than one fitted
//!   time constant keeps the model linear, so its uncertainty is all in the interval below (a
//!   time constant chosen from the same data made the interval about 10–20 % too narrow in the
//!   calibration).
//! - `β_rp`, the usual drift over the day: the slope of the region's level on the hour of the
//!   day within that part of the day (least squares over the check-ins not within
//!   [`AFTER_WITHIN_HOURS`] after a practice; 0 with fewer than 20 of them or hours too alike).
//! - **Comparable change** of a practice row: what the model expects at its own gap, from its
//!   stratum's comparison rows, `ȳ_s + β_rp (g − ḡ_s) + θ_r · (R(g) − R̄_s)` (stratum means
//!   `ȳ_s`, `ḡ_s`, `R̄_s`; the stratum needs at least [`MIN_STRATUM_CONTROLS`] rows, else the row
//!   is left out as unmatched).
//! - **Like gaps only**: the model is trusted only near gaps it has seen. A practice row is
//!   compared only when its region has at least [`MIN_GAP_CONTROLS`] comparison rows whose gap is
//!   within a factor [`GAP_FACTOR`] of its own (half to twice as long), at least [`MIN_GAP_SIDE`]
//!   of them shorter and as many longer: the model interpolates between gaps it has seen and
//!   never extrapolates. A guided practice rated
//!   again 3 minutes later is so compared only with a journal that also has ratings without a
//!   practice minutes apart; otherwise it is counted in [`AdjustedEffect::n_not_comparable`].
//! - **Adjusted effect**: per practice pair, the mean over its compared rows of
//!   `change − comparable change`; then the mean over the pairs, so each session weighs the same
//!   (per region: one row per pair). Negative means the practice eased tension more than
//!   comparable moments did.
//! - **Interval**: 95 %, `effect ± t · se` with Student's t on (days with a pair − 1) degrees of
//!   freedom. `se` is a cluster-robust (sandwich) standard error with the **day** as cluster:
//!   the estimate is linearised into one contribution per practice pair, per comparison row
//!   (through the stratum means and `θ`) and per check-in (through `β`, also through `θ`), the
//!   contributions are summed per local day of the first check-in, and the variance is
//!   `G/(G−1) Σ_day (sum)²`. Same-day pairs are so never treated as independent. Comparison
//!   residuals are scaled by `√(C/(C−1))` for a stratum of `C` rows, so small strata do not look
//!   more certain than they are. The usual levels are taken as given (they rest on every
//!   check-in, far more than the rest). No random numbers are involved: the same entries always
//!   give the same interval.
//! - **Enough data**: at least [`MIN_PAIRS`] matched practice pairs on [`MIN_DAYS`] different
//!   days, and at least [`MIN_CONTROLS`] comparison pairs in their strata; otherwise
//!   [`ReliefVerdict::NotEnoughData`] with how many more are needed ([`MoreNeeded`]). When there
//!   are enough, but too few of them (fewer than [`MIN_PAIRS`] on [`MIN_DAYS`] days) have
//!   comparison pairs a like time apart: [`ReliefVerdict::CannotCompare`], with only the plain
//!   change. The journal cannot then separate what the practice did from tension easing by
//!   itself over that time; a personal experiment can.
//! - **Verdict**: [`ReliefVerdict::Eases`] when the effect is at least [`MIN_POINTS`] (0.3 points)
//!   of relief and clear: its two-sided p-value is at most [`VERDICT_P`] (1 %), so that even the
//!   99 % interval lies below 0 (a claimed effect that is not there is worse than none; over
//!   journals where practising does nothing the 95 % interval alone would claim one in about 1 of
//!   20); [`ReliefVerdict::Raises`] the other way round; otherwise
//!   [`ReliefVerdict::NoClearDifference`]. The per-region verdicts are many tests
//!   at once, so a region's "eases" or "raises" also needs a Benjamini–Hochberg q-value (from the
//!   two-sided t p-value, over all regions of all practices) of at most [`REGION_FDR`] (10 %).
//!
//! This is an association in the person's own journal: moments they chose to practise can differ
//! from comparable moments in ways no rating shows. The plain before and after means are kept as
//! descriptive numbers ([`AdjustedEffect::practice_change`], [`AdjustedEffect::comparable_change`]).
//! The fade model is one per region for the whole journal: tension that fades faster on some days
//! than on others is fitted by its average.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::common::{AFTER_WITHIN_HOURS, DateRange, local_date, time_order};
use super::stats::{bh_adjust, t_quantile, t_two_sided_p};
use super::time_of_day::PartOfDay;
use crate::model::{Entry, Lang, PracticeKind, Region, text};

/// A stable name of the method, in the JSON output.
pub const METHOD: &str = "matched_comparison_fade_model_day_clustered";
/// Fewest matched practice pairs for an estimate.
pub const MIN_PAIRS: usize = 10;
/// Fewest different days those pairs must fall on.
pub const MIN_DAYS: usize = 7;
/// Fewest comparison pairs in the strata of a practice's pairs.
pub const MIN_CONTROLS: usize = 20;
/// Fewest comparison pairs a stratum needs before a practice row in it counts as matched.
pub const MIN_STRATUM_CONTROLS: usize = 3;
/// Fewest comparison rows of a region, a like time apart, before a practice row is compared.
pub const MIN_GAP_CONTROLS: usize = 20;
/// Of those, fewest on each side: shorter than the practice's gap, and longer (the fade model
/// interpolates between gaps it has seen, it never extrapolates).
pub const MIN_GAP_SIDE: usize = 5;
/// A like time apart: a comparison pair's gap lies within this factor of the practice's (from
/// half to twice as long).
pub const GAP_FACTOR: f64 = 2.0;
/// Smallest adjusted effect, in points, called "eases" or "raises".
pub const MIN_POINTS: f64 = 0.3;
/// False-discovery rate for the per-region verdicts (Benjamini–Hochberg over all regions of all
/// practices).
pub const REGION_FDR: f64 = 0.10;
/// Fewest check-ins in a part of the day to estimate the drift over the hours there (else 0), and
/// fewest comparison rows of a region to fit how its tension fades (else no fade term).
const MIN_SLOPE_ROWS: usize = 20;
/// A verdict ("eases", "raises") also needs a two-sided p-value at most this: the 99 % interval
/// must exclude 0 too. The 95 % interval is what is shown; a claim needs more certainty, because a
/// claimed effect that is not there is worse than none.
pub const VERDICT_P: f64 = 0.01;
/// The time constants of the fade model, in hours (36 min, 6 min, 3.6 h: the middle one first,
/// so that with gaps too alike for more it is the one kept).
const FADE_HOURS: [f64; 3] = [0.6, 0.1, 3.6];
/// Smallest mean square within strata of a fade-model column, beyond the columns before it
/// (0.05 points, squared).
const MIN_COLUMN_SPREAD: f64 = 0.05 * 0.05;

/// A practice's before → after pair: indices into the entries, both check-ins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PracticePair {
    /// The practice.
    pub kind: PracticeKind,
    /// The check-in before (logged with the practice, or the guided "before" rating).
    pub before: usize,
    /// The check-in after.
    pub after: usize,
}

/// What the comparison says about a practice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReliefVerdict {
    /// Tension went down more than at comparable moments (interval below 0, at least 0.3 points).
    Eases,
    /// Tension went up more than at comparable moments.
    Raises,
    /// No clear difference from comparable moments.
    NoClearDifference,
    /// Enough practices, but too few of them have moments without a practice rated a like time
    /// apart: what the practice did cannot be separated from tension easing by itself. Only the
    /// plain change is given.
    CannotCompare,
    /// Too few pairs, days or comparison pairs.
    NotEnoughData,
}

impl ReliefVerdict {
    /// Every verdict, in the order of their codes in the documentation.
    pub const ALL: [ReliefVerdict; 5] = [
        ReliefVerdict::Eases,
        ReliefVerdict::Raises,
        ReliefVerdict::NoClearDifference,
        ReliefVerdict::CannotCompare,
        ReliefVerdict::NotEnoughData,
    ];

    /// Stable code (`eases`, `raises`, `no_clear_difference`, `cannot_compare`,
    /// `not_enough_data`).
    pub fn code(self) -> &'static str {
        match self {
            ReliefVerdict::Eases => "eases",
            ReliefVerdict::Raises => "raises",
            ReliefVerdict::NoClearDifference => "no_clear_difference",
            ReliefVerdict::CannotCompare => "cannot_compare",
            ReliefVerdict::NotEnoughData => "not_enough_data",
        }
    }

    /// True for a verdict with an adjusted effect and interval (eases, raises, no clear
    /// difference).
    pub fn has_effect(self) -> bool {
        matches!(self, ReliefVerdict::Eases | ReliefVerdict::Raises | ReliefVerdict::NoClearDifference)
    }
}

/// How many more of each are needed before there is an estimate (0 where there are enough).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MoreNeeded {
    /// More matched practice pairs.
    pub pairs: usize,
    /// More different days with such a pair.
    pub days: usize,
    /// More comparison pairs.
    pub controls: usize,
}

/// A practice's change compared with comparable moments without a practice (see the
/// [module docs](self)).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct AdjustedEffect {
    /// What it says.
    pub verdict: ReliefVerdict,
    /// Practice change minus comparable change, in points (negative = eased more); `None` with
    /// too little data or nothing to compare with.
    pub effect: Option<f64>,
    /// Lower end of the 95 % interval.
    pub low: Option<f64>,
    /// Upper end of the 95 % interval.
    pub high: Option<f64>,
    /// Mean plain change over the compared practice pairs (descriptive); with
    /// [`ReliefVerdict::CannotCompare`] over all matched pairs, compared or not.
    pub practice_change: Option<f64>,
    /// Mean change at the comparable moments, moved to the practices' gaps (descriptive):
    /// `practice_change − effect`.
    pub comparable_change: Option<f64>,
    /// Practice pairs compared: matched in their stratum, with comparison pairs a like time apart.
    pub n_pairs: usize,
    /// Different local days of those pairs (with too little data or nothing to compare with: of
    /// all matched pairs, compared or not).
    pub n_days: usize,
    /// Comparison pairs in the strata of those pairs (with too little data or nothing to compare
    /// with: in the strata of all matched pairs).
    pub n_controls: usize,
    /// Matched practice pairs left out because no comparison pairs lie a like time apart (for
    /// example a guided practice rated again minutes later, in a journal without two ratings
    /// minutes apart otherwise).
    pub n_not_comparable: usize,
    /// With too little data: how many more are needed.
    pub more_needed: Option<MoreNeeded>,
}

impl AdjustedEffect {
    /// Nothing to compare.
    pub const NONE: AdjustedEffect = AdjustedEffect {
        verdict: ReliefVerdict::NotEnoughData,
        effect: None,
        low: None,
        high: None,
        practice_change: None,
        comparable_change: None,
        n_pairs: 0,
        n_days: 0,
        n_controls: 0,
        n_not_comparable: 0,
        more_needed: Some(MoreNeeded { pairs: MIN_PAIRS, days: MIN_DAYS, controls: MIN_CONTROLS }),
    };
}

impl ReliefVerdict {
    /// A few words for the verdict: "eases tension", "no clear difference", ...
    pub fn words(self, lang: Lang) -> &'static str {
        match self {
            ReliefVerdict::Eases => lang.pick("eases tension", "minder spanning"),
            ReliefVerdict::Raises => lang.pick("more tension", "meer spanning"),
            ReliefVerdict::NoClearDifference => lang.pick("no clear difference", "geen duidelijk verschil"),
            ReliefVerdict::CannotCompare => lang.pick(
                "cannot be separated from tension easing by itself",
                "niet te scheiden van spanning die vanzelf zakt",
            ),
            ReliefVerdict::NotEnoughData => lang.pick("not enough data yet", "nog niet genoeg gegevens"),
        }
    }
}

impl MoreNeeded {
    /// "4 more practices with a check-in after, on 3 more days" and the like; empty when nothing
    /// is missing.
    pub fn text(&self, lang: Lang) -> String {
        let mut parts = Vec::new();
        if self.pairs > 0 {
            let n = self.pairs;
            parts.push(match lang {
                Lang::En => format!("{n} more {} with a check-in after", plural(n, "practice", "practices")),
                Lang::Nl => format!("nog {n} {} met een meting erna", plural(n, "oefening", "oefeningen")),
            });
        }
        if self.days > 0 {
            let n = self.days;
            parts.push(match lang {
                Lang::En => format!("on {n} more {}", plural(n, "day", "days")),
                Lang::Nl => format!("op nog {n} andere {}", plural(n, "dag", "dagen")),
            });
        }
        if self.controls > 0 {
            let n = self.controls;
            parts.push(match lang {
                Lang::En => format!("{n} more check-in {} without a practice", plural(n, "pair", "pairs")),
                Lang::Nl => format!("nog {n} {} metingen zonder oefening", plural(n, "paar", "paren")),
            });
        }
        parts.join(", ")
    }
}

/// `one` for 1, else `many`.
fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

impl AdjustedEffect {
    /// The headline in words: "−1.2 points (−1.7 to −0.7): eases tension", "cannot be separated
    /// from tension easing by itself" (the views show the plain change beside it), or "not enough
    /// data yet (4 more …)".
    pub fn text(&self, lang: Lang) -> String {
        match (self.verdict, self.effect, self.low, self.high) {
            (v, Some(e), Some(lo), Some(hi)) if v.has_effect() => {
                let (e, lo, hi) = (text::signed(e, 1, lang), text::signed(lo, 1, lang), text::signed(hi, 1, lang));
                match lang {
                    Lang::En => format!("{e} points ({lo} to {hi}): {}", v.words(lang)),
                    Lang::Nl => format!("{e} punt ({lo} tot {hi}): {}", v.words(lang)),
                }
            }
            (ReliefVerdict::CannotCompare, ..) => ReliefVerdict::CannotCompare.words(lang).to_owned(),
            _ => {
                let more = self.more_needed.map(|m| m.text(lang)).filter(|t| !t.is_empty());
                match more {
                    Some(m) => format!("{} ({m})", ReliefVerdict::NotEnoughData.words(lang)),
                    None => ReliefVerdict::NotEnoughData.words(lang).to_owned(),
                }
            }
        }
    }

    /// "12 times on 9 days, 340 comparisons" / "12 keer op 9 dagen, 340 vergelijkingen", with
    /// "; 30 more without ratings a like time apart" when pairs were left out; for
    /// [`ReliefVerdict::CannotCompare`] "42 times, 39 of them without ratings a like time apart
    /// to compare with"; with too little data, all matched pairs, compared or not.
    pub fn n_text(&self, lang: Lang) -> String {
        let (mut p, d, c, mut left) = (self.n_pairs, self.n_days, self.n_controls, self.n_not_comparable);
        if self.verdict == ReliefVerdict::NotEnoughData {
            (p, left) = (p + left, 0);
        }
        if self.verdict == ReliefVerdict::CannotCompare {
            let all = p + left;
            return match lang {
                Lang::En => format!(
                    "{all} {}, {left} of them without ratings a like time apart to compare with",
                    plural(all, "time", "times")
                ),
                Lang::Nl => {
                    format!("{all} keer, waarvan {left} zonder metingen op vergelijkbare afstand om mee te vergelijken")
                }
            };
        }
        let mut out = match lang {
            Lang::En => format!(
                "{p} {} on {d} {}, {c} {}",
                plural(p, "time", "times"),
                plural(d, "day", "days"),
                plural(c, "comparison", "comparisons")
            ),
            Lang::Nl => {
                format!(
                    "{p} keer op {d} {}, {c} {}",
                    plural(d, "dag", "dagen"),
                    plural(c, "vergelijking", "vergelijkingen")
                )
            }
        };
        if left > 0 {
            out += &match lang {
                Lang::En => format!("; {left} more without ratings a like time apart"),
                Lang::Nl => format!("; nog {left} zonder metingen op vergelijkbare afstand"),
            };
        }
        out
    }
}

/// One plain sentence on what the adjusted effect means, for under a table of them.
pub fn method_sentence(lang: Lang) -> &'static str {
    lang.pick(
        "Compared with similar moments without a practice (same region, same level before, same part of the day), at the same time apart: a tense moment fades by itself, faster or slower, and how fast is learned from your own ratings. The range is a 95 % interval; it is an association in your own journal, not proof that the practice caused it.",
        "Vergeleken met vergelijkbare momenten zonder oefening (zelfde gebied, zelfde niveau vooraf, zelfde deel van de dag), met dezelfde tijd ertussen: een gespannen moment zakt vanzelf, sneller of langzamer, en hoe snel blijkt uit je eigen metingen. Het bereik is een 95 %-interval; het is een verband in je eigen dagboek, geen bewijs dat de oefening het veroorzaakte.",
    )
}

/// What "cannot be separated from tension easing by itself" means and what would tell, for
/// beside a [`ReliefVerdict::CannotCompare`].
pub fn cannot_compare_sentence(lang: Lang) -> &'static str {
    lang.pick(
        "Cannot be separated: too few of your ratings without a practice lie as far apart in time as the ratings before and after this practice, so Feltsense cannot tell how much the tension would have eased anyway. A personal experiment (under Experiments) would tell: at some tense moments you practise, at others you carry on as usual, and you rate again after the same time.",
        "Niet te scheiden: te weinig van je metingen zonder oefening liggen even ver uit elkaar als de metingen voor en na deze oefening, dus Feltsense kan niet zien hoeveel de spanning toch al was gezakt. Een persoonlijk experiment (onder Experimenten) zou het laten zien: op sommige gespannen momenten oefen je, op andere ga je gewoon door, en je meet na dezelfde tijd opnieuw.",
    )
}

/// The "How is this computed?" text for the practices, in English or Dutch (its first line is
/// the title).
pub fn how_computed(lang: Lang) -> &'static str {
    lang.pick(HOW_EN, HOW_NL)
}

const HOW_EN: &str = "\
How is this computed?

• Pairs: the rating before a practice (the check-in logged with it, or a guided practice's rating before) and the first one after it: a guided practice's rating after, or else the next check-in within 3 hours.
• Plain change: after minus before, averaged over the regions rated. It flatters every practice: you practise when you are tense, and a tense moment eases by itself too.
• Similar moments: two check-ins in a row without a practice (and none in the 3 hours before), in the same region, at the same level before and in the same part of the day. A practice within 3 hours after another one is left out too.
• The same time apart: a tense moment fades by itself, over minutes or hours. How fast it fades in your journal is learned from your own pairs without a practice (a mix of a fast, a middle and a slow fade, per region), and each practice is compared with what that expects for its own time apart, and for how tense you were as a whole.
• Only like with like: a practice is compared only when your journal has at least 20 pairs without a practice between half and twice as far apart, some shorter and some longer. A guided practice rated again a few minutes later can only be compared if you sometimes also rate twice a few minutes apart without practising. Otherwise it says \"cannot be separated from tension easing by itself\" and shows only the plain change.
• Uncertainty: a 95 % interval that counts the pairs of one day as one (a cluster-robust standard error).
• Verdict: \"eases tension\" or \"more tension\" only when the difference is at least 0.3 points and clear at the 1 % level (the 99 % interval does not include 0 either), and for a single region also passes a 10 % false-discovery check over all regions. With fewer than 10 practices on 7 days, or 20 comparison pairs: \"not enough data yet\". Otherwise \"no clear difference\".

This is an association in your own journal, not proof that the practice caused it: the moments you chose to practise may differ in ways no rating shows. A personal experiment (under Experiments: practise at some tense moments and carry on as usual at others, and rate again after the same time) tells more.";

const HOW_NL: &str = "\
Hoe wordt dit berekend?

• Paren: de meting vóór een oefening (de meting die je bij de oefening vastlegde, of de meting vooraf van een begeleide oefening) en de eerste erna: de meting erna van een begeleide oefening, of anders de volgende meting binnen 3 uur.
• Ruwe verandering: erna min vooraf, gemiddeld over de ingevulde gebieden. Die laat elke oefening beter lijken: je oefent als je gespannen bent, en een gespannen moment zakt ook vanzelf.
• Vergelijkbare momenten: twee metingen na elkaar zonder oefening (en zonder oefening in de 3 uur ervoor), in hetzelfde gebied, op hetzelfde niveau vooraf en in hetzelfde deel van de dag. Een oefening binnen 3 uur na een andere telt ook niet mee.
• Dezelfde tijd ertussen: een gespannen moment zakt vanzelf, in minuten of uren. Hoe snel dat in jouw dagboek gaat, blijkt uit je eigen paren zonder oefening (een mengsel van snel, middelmatig en langzaam zakken, per gebied). Elke oefening wordt vergeleken met wat dat verwacht voor haar eigen tijd ertussen, en voor hoe gespannen je in het geheel was.
• Alleen gelijk met gelijk: een oefening wordt alleen vergeleken als je dagboek minstens 20 paren zonder oefening heeft die tussen half en twee keer zo ver uit elkaar liggen, sommige korter en sommige langer. Een begeleide oefening die een paar minuten later opnieuw is gemeten, is alleen te vergelijken als je soms ook zonder oefening twee keer kort na elkaar meet. Anders staat er \"niet te scheiden van spanning die vanzelf zakt\" en zie je alleen de ruwe verandering.
• Onzekerheid: een 95%-interval dat de paren van één dag samen als één telt (een cluster-robuuste standaardfout).
• Oordeel: alleen \"minder spanning\" of \"meer spanning\" als het verschil minstens 0,3 punt is en duidelijk op het 1%-niveau (ook het 99%-interval bevat de 0 niet), en voor één gebied ook een controle op valse vondsten van 10 % over alle gebieden doorstaat. Met minder dan 10 oefeningen op 7 dagen, of 20 vergelijkingsparen: \"nog niet genoeg gegevens\". Anders \"geen duidelijk verschil\".

Dit is een verband in je eigen dagboek, geen bewijs dat de oefening het veroorzaakte: de momenten waarop je koos te oefenen kunnen verschillen op manieren die geen meting laat zien. Een persoonlijk experiment (onder Experimenten: op sommige gespannen momenten oefenen en op andere gewoon doorgaan, en na dezelfde tijd opnieuw meten) zegt meer.";

/// The adjusted effects of one practice: overall and per region.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PracticeComparison {
    /// The practice.
    pub kind: PracticeKind,
    /// Over all regions rated before the practice (each pair weighs the same).
    pub overall: AdjustedEffect,
    /// Per region, in [`Region::ALL`] order.
    pub regions: Vec<AdjustedEffect>,
}

/// One region of one pair.
#[derive(Clone, Copy)]
struct Row {
    stratum: usize,
    change: f64,
    /// Hours between the two check-ins.
    gap: f64,
    /// Mean level of all regions in the first check-in (unrated = 0): how tense overall.
    overall: f64,
    day: usize,
}

const LEVELS: usize = 11;
const PARTS: usize = 4;
const STRATA: usize = Region::COUNT * PARTS * LEVELS;
const SLOPES: usize = Region::COUNT * PARTS;
/// Columns of the fade model: `z`, then `f_j(g) · x` and `f_j(g) · z` for each time constant.
const K: usize = 1 + 2 * FADE_HOURS.len();

type Vector = [f64; K];
type Matrix = [[f64; K]; K];

fn stratum(region: Region, part: usize, level: u8) -> usize {
    (region.index() * PARTS + part) * LEVELS + usize::from(level.min(10))
}

fn region_of_stratum(s: usize) -> usize {
    s / (LEVELS * PARTS)
}

/// Where a stratum's drift slope is kept: (region, part of the day).
fn slope_of_stratum(s: usize) -> usize {
    s / LEVELS
}

fn part_of_stratum(s: usize) -> usize {
    slope_of_stratum(s) % PARTS
}

fn level_of_stratum(s: usize) -> f64 {
    (s % LEVELS) as f64
}

fn dot(a: &Vector, b: &Vector) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn sub(a: &Vector, b: &Vector) -> Vector {
    std::array::from_fn(|j| a[j] - b[j])
}

fn mul(m: &Matrix, v: &Vector) -> Vector {
    std::array::from_fn(|i| dot(&m[i], v))
}

/// The inverse of a symmetric positive semi-definite matrix on the columns that carry information
/// of their own (Goodnight's sweep, in order); a column whose sum of squares not explained by the
/// columns before it is under `min_pivot` (or under 10⁻⁸ of its own) is left out: its row and
/// column of the result are 0, so its coefficient is 0.
fn sweep_inverse(m: &Matrix, min_pivot: f64) -> Matrix {
    let mut a = *m;
    let mut swept = [false; K];
    for j in 0..K {
        let d = a[j][j];
        if !(d > min_pivot && d > 1e-8 * m[j][j]) {
            continue;
        }
        swept[j] = true;
        for x in &mut a[j] {
            *x /= d;
        }
        let pivot = a[j];
        for (i, row) in a.iter_mut().enumerate() {
            if i != j {
                let b = row[j];
                for (x, p) in row.iter_mut().zip(&pivot) {
                    *x -= b * p;
                }
                row[j] = -b / d;
            }
        }
        a[j][j] = 1.0 / d;
    }
    std::array::from_fn(|i| std::array::from_fn(|c| if swept[i] && swept[c] { a[i][c] } else { 0.0 }))
}

/// The usual levels: per region and part of the day the mean level, per part the mean overall
/// level, over the check-ins that show the usual drift.
struct Usual {
    level: [[f64; PARTS]; Region::COUNT],
    overall: [f64; PARTS],
}

impl Usual {
    fn new(levels: &[LevelRow]) -> Usual {
        let mut n = [0usize; PARTS];
        let mut level = [[0.0; PARTS]; Region::COUNT];
        let mut overall = [0.0; PARTS];
        for &(_, p, _, ref lv) in levels {
            n[p] += 1;
            let mut sum = 0.0;
            for (r, &v) in lv.iter().enumerate() {
                level[r][p] += f64::from(v);
                sum += f64::from(v);
            }
            overall[p] += sum / Region::COUNT as f64;
        }
        for p in 0..PARTS {
            if n[p] > 0 {
                let nf = n[p] as f64;
                overall[p] /= nf;
                for l in &mut level {
                    l[p] /= nf;
                }
            }
        }
        Usual { level, overall }
    }

    /// The fade model's columns for a row: `z`, `f_j(g) · x` for each time constant, `f_j(g) · z`
    /// for each.
    fn columns(&self, row: &Row) -> Vector {
        let s = row.stratum;
        let (r, p) = (region_of_stratum(s), part_of_stratum(s));
        let f = FADE_HOURS.map(|tau| 1.0 - (-row.gap / tau).exp());
        let x = level_of_stratum(s) - self.level[r][p];
        let z = row.overall - self.overall[p];
        let mut out = [0.0; K];
        out[0] = z;
        for (j, f) in f.into_iter().enumerate() {
            out[1 + j] = f * x;
            out[1 + FADE_HOURS.len() + j] = f * z;
        }
        out
    }
}

/// The rows of a pair, or nothing when either entry is not a check-in.
fn rows(entries: &[Entry], before: usize, after: usize, day: usize, out: &mut Vec<Row>) {
    let (b, a) = (&entries[before], &entries[after]);
    let (Some(lb), Some(la)) = (b.levels(), a.levels()) else { return };
    let part = PartOfDay::of(b.at.time()).index();
    let gap = (a.at.timestamp() - b.at.timestamp()) as f64 / 3600.0;
    let overall = lb.iter().map(|&v| f64::from(v)).sum::<f64>() / Region::COUNT as f64;
    let mut rated: Vec<Region> = b.tensions.iter().map(|t| t.region).collect();
    rated.sort_unstable_by_key(|r| r.index());
    rated.dedup();
    for r in rated {
        let (x, y) = (lb[r.index()], la[r.index()]);
        out.push(Row { stratum: stratum(r, part, x), change: f64::from(y) - f64::from(x), gap, overall, day });
    }
}

/// The comparison rows, their strata statistics and the fitted fade model.
struct Controls {
    /// Comparison rows sorted by stratum, with the index of their pair.
    rows: Vec<(Row, usize)>,
    /// Start of each stratum's rows in `rows` (length `STRATA + 1`).
    start: Vec<usize>,
    mean_change: Vec<f64>,
    mean_gap: Vec<f64>,
    /// Per stratum: the mean of the fade model's columns.
    mean_columns: Vec<Vector>,
    /// Per comparison row (in `rows` order): its change minus its comparable change.
    residuals: Vec<f64>,
    usual: Usual,
    /// Per region: the fade model's coefficients (0 where not estimated).
    theta: [Vector; Region::COUNT],
    /// Per region: the inverse of Σ (columns − stratum mean)(…)ᵀ on the columns estimated.
    inverse: [Matrix; Region::COUNT],
    /// Per day and region: Σ (columns − stratum mean) · residual.
    terms: Vec<[Vector; Region::COUNT]>,
    /// Per (region, part): Σ (columns − stratum mean) · gap, how the drift moves `theta`.
    through_drift: [Vector; SLOPES],
    /// Per region: the gaps of its comparison rows, sorted.
    gaps: Vec<Vec<f64>>,
}

impl Controls {
    fn count(&self, s: usize) -> usize {
        self.start[s + 1] - self.start[s]
    }

    /// The fade columns of a row minus its stratum's mean.
    fn centred(&self, row: &Row) -> Vector {
        sub(&self.usual.columns(row), &self.mean_columns[row.stratum])
    }

    fn comparable(&self, row: &Row, drift: &Drift) -> f64 {
        let s = row.stratum;
        self.mean_change[s]
            + drift.slope[slope_of_stratum(s)] * (row.gap - self.mean_gap[s])
            + dot(&self.theta[region_of_stratum(s)], &self.centred(row))
    }

    fn residual(&self, row: &Row, drift: &Drift) -> f64 {
        row.change - self.comparable(row, drift)
    }

    /// True when the row's region has enough comparison rows a like time apart, on both sides.
    fn like_gap(&self, row: &Row) -> bool {
        let gaps = &self.gaps[region_of_stratum(row.stratum)];
        let from = gaps.partition_point(|&g| g < row.gap / GAP_FACTOR);
        let below = gaps.partition_point(|&g| g < row.gap);
        let above = gaps.partition_point(|&g| g <= row.gap);
        let to = gaps.partition_point(|&g| g <= row.gap * GAP_FACTOR);
        to - from >= MIN_GAP_CONTROLS && below - from >= MIN_GAP_SIDE && to - above >= MIN_GAP_SIDE
    }
}

/// The coefficients and inverse for one region's sums (nothing with too few rows).
fn fit_region(m: &Matrix, b: &Vector, n: usize) -> (Vector, Matrix) {
    if n < MIN_SLOPE_ROWS {
        return ([0.0; K], [[0.0; K]; K]);
    }
    let inverse = sweep_inverse(m, MIN_COLUMN_SPREAD * n as f64);
    (mul(&inverse, b), inverse)
}

fn build_controls(mut rows: Vec<(Row, usize)>, drift: &Drift, usual: Usual, days: usize) -> Controls {
    rows.sort_by_key(|(r, _)| r.stratum);
    let mut start = vec![0usize; STRATA + 1];
    for (r, _) in &rows {
        start[r.stratum + 1] += 1;
    }
    for s in 0..STRATA {
        start[s + 1] += start[s];
    }
    let mut mean_change = vec![0.0; STRATA];
    let mut mean_gap = vec![0.0; STRATA];
    for s in 0..STRATA {
        let part = &rows[start[s]..start[s + 1]];
        if !part.is_empty() {
            let n = part.len() as f64;
            mean_change[s] = part.iter().map(|(r, _)| r.change).sum::<f64>() / n;
            mean_gap[s] = part.iter().map(|(r, _)| r.gap).sum::<f64>() / n;
        }
    }
    // Each row's fade columns, their stratum means, and the least-squares fit within strata per
    // region: Σ dd ᵀ and Σ d ỹ with `d` the columns minus their stratum mean and `ỹ` the change
    // net of the drift.
    let columns: Vec<Vector> = rows.iter().map(|(r, _)| usual.columns(r)).collect();
    let mut mean_columns = vec![[0.0; K]; STRATA];
    let mut m = [[[0.0; K]; K]; Region::COUNT];
    let mut b = [[0.0; K]; Region::COUNT];
    let mut n = [0usize; Region::COUNT];
    for s in 0..STRATA {
        let (from, to) = (start[s], start[s + 1]);
        if from == to {
            continue;
        }
        let c = (to - from) as f64;
        let mean: Vector = std::array::from_fn(|j| columns[from..to].iter().map(|x| x[j]).sum::<f64>() / c);
        mean_columns[s] = mean;
        if to - from < 2 {
            continue;
        }
        let beta = drift.slope[slope_of_stratum(s)];
        let mean_y = mean_change[s] - beta * mean_gap[s];
        let r = region_of_stratum(s);
        n[r] += to - from;
        for ((row, _), x) in rows[from..to].iter().zip(&columns[from..to]) {
            let d = sub(x, &mean);
            let y = row.change - beta * row.gap - mean_y;
            for i in 0..K {
                b[r][i] += d[i] * y;
                for j in 0..K {
                    m[r][i][j] += d[i] * d[j];
                }
            }
        }
    }
    let mut theta = [[0.0; K]; Region::COUNT];
    let mut inverse = [[[0.0; K]; K]; Region::COUNT];
    for r in 0..Region::COUNT {
        (theta[r], inverse[r]) = fit_region(&m[r], &b[r], n[r]);
    }
    let mut gaps = vec![Vec::new(); Region::COUNT];
    for (r, _) in &rows {
        gaps[region_of_stratum(r.stratum)].push(r.gap);
    }
    for g in &mut gaps {
        g.sort_by(f64::total_cmp);
    }
    let mut controls = Controls {
        rows,
        start,
        mean_change,
        mean_gap,
        mean_columns,
        residuals: Vec::new(),
        usual,
        theta,
        inverse,
        terms: Vec::new(),
        through_drift: [[0.0; K]; SLOPES],
        gaps,
    };
    let mut terms = vec![[[0.0; K]; Region::COUNT]; days];
    let mut through_drift = [[0.0; K]; SLOPES];
    let mut residuals = Vec::with_capacity(controls.rows.len());
    for ((r, _), x) in controls.rows.iter().zip(&columns) {
        let s = r.stratum;
        let region = region_of_stratum(s);
        let d = sub(x, &controls.mean_columns[s]);
        let e = r.change
            - controls.mean_change[s]
            - drift.slope[slope_of_stratum(s)] * (r.gap - controls.mean_gap[s])
            - dot(&controls.theta[region], &d);
        residuals.push(e);
        let k = slope_of_stratum(s);
        for j in 0..K {
            terms[r.day][region][j] += d[j] * e;
            through_drift[k][j] += d[j] * r.gap;
        }
    }
    controls.terms = terms;
    controls.through_drift = through_drift;
    controls.residuals = residuals;
    controls
}
/// How tension usually moves over the day: per region and part of the day, the slope of the
/// level on the hour of the day, over the check-ins not within [`AFTER_WITHIN_HOURS`] after a
/// practice (a least-squares line per region and part).
struct Drift {
    /// Points per hour; 0 where too few check-ins or hours too alike.
    slope: [f64; SLOPES],
    /// Σ (hour − mean hour)² (0 where no slope is estimated).
    sxx: [f64; SLOPES],
    /// Per day and (region, part): Σ (hour − mean hour) · residual, for the slope's share of the
    /// variance.
    terms: Vec<[f64; SLOPES]>,
}

/// One check-in for the drift: (day, part, hour, levels).
type LevelRow = (usize, usize, f64, [u8; Region::COUNT]);

fn build_drift(levels: &[LevelRow], days: usize) -> Drift {
    let mut n = [0usize; PARTS];
    let mut sum_h = [0.0; PARTS];
    let mut sum_y = [[0.0; Region::COUNT]; PARTS];
    for &(_, p, h, ref lv) in levels {
        n[p] += 1;
        sum_h[p] += h;
        for (r, &v) in lv.iter().enumerate() {
            sum_y[p][r] += f64::from(v);
        }
    }
    let mean_h: [f64; PARTS] = std::array::from_fn(|p| if n[p] > 0 { sum_h[p] / n[p] as f64 } else { 0.0 });
    let mean_y = |r: usize, p: usize| if n[p] > 0 { sum_y[p][r] / n[p] as f64 } else { 0.0 };
    let mut sxx_p = [0.0; PARTS];
    let mut sxy = [0.0; SLOPES];
    for &(_, p, h, ref lv) in levels {
        let dx = h - mean_h[p];
        sxx_p[p] += dx * dx;
        for (r, &v) in lv.iter().enumerate() {
            sxy[r * PARTS + p] += dx * (f64::from(v) - mean_y(r, p));
        }
    }
    let mut slope = [0.0; SLOPES];
    let mut sxx = [0.0; SLOPES];
    for r in 0..Region::COUNT {
        for p in 0..PARTS {
            // A slope needs enough check-ins and some spread in their hours (over 0.01 h² each).
            if n[p] >= MIN_SLOPE_ROWS && sxx_p[p] > 0.01 * n[p] as f64 {
                slope[r * PARTS + p] = sxy[r * PARTS + p] / sxx_p[p];
                sxx[r * PARTS + p] = sxx_p[p];
            }
        }
    }
    let mut terms = vec![[0.0; SLOPES]; days];
    for &(day, p, h, ref lv) in levels {
        if sxx_p[p] == 0.0 || n[p] < MIN_SLOPE_ROWS {
            continue;
        }
        let dx = h - mean_h[p];
        for (r, &v) in lv.iter().enumerate() {
            let k = r * PARTS + p;
            if sxx[k] > 0.0 {
                terms[day][k] += dx * (f64::from(v) - mean_y(r, p) - slope[k] * dx);
            }
        }
    }
    Drift { slope, sxx, terms }
}

/// Per day: the sum of the contributions to an estimate.
struct DaySums {
    by_day: Vec<f64>,
    in_touched: Vec<bool>,
    touched: Vec<usize>,
}

impl DaySums {
    fn add(&mut self, day: usize, v: f64) {
        if !self.in_touched[day] {
            self.in_touched[day] = true;
            self.touched.push(day);
        }
        self.by_day[day] += v;
    }

    fn clear(&mut self) {
        for &d in &self.touched {
            self.by_day[d] = 0.0;
            self.in_touched[d] = false;
        }
        self.touched.clear();
    }
}

/// Reusable buffers for one estimate.
struct Scratch {
    sums: DaySums,
    /// Per comparison pair: the count that last counted it (to count distinct pairs).
    seen: Vec<u32>,
    stamp: u32,
    /// Per stratum: the weight of the compared practice rows in it.
    weight: Vec<f64>,
    /// The strata with a weight.
    strata: Vec<usize>,
    /// Per stratum: whether a matched practice row lies in it.
    matched: Vec<bool>,
    /// The strata with a matched practice row.
    matched_strata: Vec<usize>,
}

/// Distinct comparison pairs with a row in `strata`.
fn count_controls(controls: &Controls, strata: &[usize], seen: &mut [u32], stamp: &mut u32) -> usize {
    *stamp += 1;
    let mut n = 0;
    for &s in strata {
        for &(_, pair) in &controls.rows[controls.start[s]..controls.start[s + 1]] {
            if seen[pair] != *stamp {
                seen[pair] = *stamp;
                n += 1;
            }
        }
    }
    n
}

/// The adjusted effect of `pairs` (one practice), over the regions `keep` lets through, and its
/// two-sided p-value (1 without an estimate).
fn estimate(
    pairs: &[(usize, Vec<Row>)],
    keep: impl Fn(usize) -> bool,
    controls: &Controls,
    drift: &Drift,
    scratch: &mut Scratch,
) -> (AdjustedEffect, f64) {
    let matched =
        |row: &Row| keep(region_of_stratum(row.stratum)) && controls.count(row.stratum) >= MIN_STRATUM_CONTROLS;
    let compared = |row: &Row| matched(row) && controls.like_gap(row);
    let mut values: Vec<(usize, f64, f64)> = Vec::new(); // (day, adjusted, plain) per compared pair
    let mut c_slope = [0.0; SLOPES];
    let mut c_theta = [[0.0; K]; Region::COUNT];
    let mut days: Vec<usize> = Vec::new();
    let mut matched_days: Vec<usize> = Vec::new();
    let (mut n_matched, mut plain_matched, mut left_out) = (0usize, 0.0, 0usize);
    for (day, rows) in pairs {
        let m = rows.iter().filter(|r| matched(r)).count();
        if m == 0 {
            continue;
        }
        n_matched += 1;
        matched_days.push(*day);
        for r in rows.iter().filter(|r| matched(r)) {
            plain_matched += r.change / m as f64;
            if !scratch.matched[r.stratum] {
                scratch.matched[r.stratum] = true;
                scratch.matched_strata.push(r.stratum);
            }
        }
        let c = rows.iter().filter(|r| compared(r)).count();
        if c == 0 {
            left_out += 1;
            continue;
        }
        // Each compared pair weighs the same: its rows 1 / (its compared rows) each.
        let a = 1.0 / c as f64;
        let (mut adj, mut plain) = (0.0, 0.0);
        for r in rows.iter().filter(|r| compared(r)) {
            adj += a * controls.residual(r, drift);
            plain += a * r.change;
            if scratch.weight[r.stratum] == 0.0 {
                scratch.strata.push(r.stratum);
            }
            scratch.weight[r.stratum] += a;
            c_slope[slope_of_stratum(r.stratum)] += a * (r.gap - controls.mean_gap[r.stratum]);
            let d = controls.centred(r);
            let region = &mut c_theta[region_of_stratum(r.stratum)];
            for j in 0..K {
                region[j] += a * d[j];
            }
        }
        values.push((*day, adj, plain));
        days.push(*day);
    }
    days.sort_unstable();
    days.dedup();
    matched_days.sort_unstable();
    matched_days.dedup();
    let n = values.len();
    let n_controls_matched = count_controls(controls, &scratch.matched_strata, &mut scratch.seen, &mut scratch.stamp);
    let n_controls = count_controls(controls, &scratch.strata, &mut scratch.seen, &mut scratch.stamp);

    let result = if n_matched < MIN_PAIRS || matched_days.len() < MIN_DAYS || n_controls_matched < MIN_CONTROLS {
        let effect = AdjustedEffect {
            n_pairs: n,
            n_days: matched_days.len(),
            n_controls: n_controls_matched,
            n_not_comparable: left_out,
            more_needed: Some(MoreNeeded {
                pairs: MIN_PAIRS.saturating_sub(n_matched),
                days: MIN_DAYS.saturating_sub(matched_days.len()),
                controls: MIN_CONTROLS.saturating_sub(n_controls_matched),
            }),
            ..AdjustedEffect::NONE
        };
        (effect, 1.0)
    } else if n < MIN_PAIRS || days.len() < MIN_DAYS || n_controls < MIN_CONTROLS {
        let effect = AdjustedEffect {
            verdict: ReliefVerdict::CannotCompare,
            practice_change: Some(plain_matched / n_matched as f64),
            n_pairs: n,
            n_days: matched_days.len(),
            n_controls: n_controls_matched,
            n_not_comparable: left_out,
            more_needed: None,
            ..AdjustedEffect::NONE
        };
        (effect, 1.0)
    } else {
        let nf = n as f64;
        let effect = values.iter().map(|v| v.1).sum::<f64>() / nf;
        let plain = values.iter().map(|v| v.2).sum::<f64>() / nf;
        // Contributions of the practice pairs.
        for &(day, adj, _) in &values {
            scratch.sums.add(day, (adj - effect) / nf);
        }
        // Of the comparison rows, through the stratum means ...
        for &s in &scratch.strata {
            let rows = &controls.rows[controls.start[s]..controls.start[s + 1]];
            let c = rows.len() as f64;
            let inflate = (c / (c - 1.0)).sqrt();
            let w = scratch.weight[s];
            let residuals = &controls.residuals[controls.start[s]..controls.start[s + 1]];
            for ((r, _), e) in rows.iter().zip(residuals) {
                scratch.sums.add(r.day, -w * inflate * e / (c * nf));
            }
        }
        // ... through the fade model (every comparison row of the regions used), and of every
        // check-in through the drift slopes (directly and through the fade model).
        let through_theta: Vec<(usize, Vector)> = (0..Region::COUNT)
            .filter(|&r| c_theta[r].iter().any(|&c| c != 0.0))
            .map(|r| (r, mul(&controls.inverse[r], &c_theta[r])))
            .filter(|(_, v)| v.iter().any(|&x| x != 0.0))
            .collect();
        let mut f_slope = [0.0; SLOPES];
        for (r, v) in &through_theta {
            for p in 0..PARTS {
                f_slope[r * PARTS + p] = dot(v, &controls.through_drift[r * PARTS + p]);
            }
        }
        let drifts: Vec<(usize, f64)> = (0..SLOPES)
            .filter(|&k| drift.sxx[k] > 0.0)
            .map(|k| (k, (f_slope[k] - c_slope[k]) / (drift.sxx[k] * nf)))
            .filter(|&(_, f)| f != 0.0)
            .collect();
        if !(through_theta.is_empty() && drifts.is_empty()) {
            for (day, (theta_terms, drift_terms)) in controls.terms.iter().zip(&drift.terms).enumerate() {
                let mut v: f64 = through_theta.iter().map(|(r, w)| -dot(w, &theta_terms[*r]) / nf).sum();
                v += drifts.iter().map(|&(k, f)| f * drift_terms[k]).sum::<f64>();
                if v != 0.0 {
                    scratch.sums.add(day, v);
                }
            }
        }
        let g = scratch.sums.touched.len() as f64;
        let ss: f64 = scratch.sums.touched.iter().map(|&d| scratch.sums.by_day[d] * scratch.sums.by_day[d]).sum();
        let se = (g / (g - 1.0).max(1.0) * ss).sqrt();
        let df = (days.len() - 1) as f64;
        let t = t_quantile(0.975, df);
        let p = t_two_sided_p(effect / se, df);
        let (low, high) = (effect - t * se, effect + t * se);
        let clear = p <= VERDICT_P;
        let verdict = if !se.is_finite() {
            ReliefVerdict::NotEnoughData
        } else if clear && high < 0.0 && effect <= -MIN_POINTS {
            ReliefVerdict::Eases
        } else if clear && low > 0.0 && effect >= MIN_POINTS {
            ReliefVerdict::Raises
        } else {
            ReliefVerdict::NoClearDifference
        };
        let effect = AdjustedEffect {
            verdict,
            effect: Some(effect),
            low: Some(low),
            high: Some(high),
            practice_change: Some(plain),
            comparable_change: Some(plain - effect),
            n_pairs: n,
            n_days: days.len(),
            n_controls,
            n_not_comparable: left_out,
            more_needed: None,
        };
        (effect, if p.is_nan() { 1.0 } else { p })
    };
    scratch.sums.clear();
    for &s in &scratch.strata {
        scratch.weight[s] = 0.0;
    }
    scratch.strata.clear();
    for &s in &scratch.matched_strata {
        scratch.matched[s] = false;
    }
    scratch.matched_strata.clear();
    result
}

/// The comparison pairs (first, second check-in) in time order: see the [module docs](self).
fn control_pairs(entries: &[Entry], order: &[usize], range: DateRange) -> Vec<(usize, usize)> {
    // Practice instants (any entry with a practice), sorted.
    let practised: Vec<i64> =
        order.iter().filter(|&&i| entries[i].practice.is_some()).map(|&i| entries[i].at.timestamp()).collect();
    let window = AFTER_WITHIN_HOURS * 3600;
    let check_ins: Vec<usize> = order.iter().copied().filter(|&i| entries[i].is_check_in()).collect();
    let mut out = Vec::new();
    for w in check_ins.windows(2) {
        let (b, a) = (&entries[w[0]], &entries[w[1]]);
        let (tb, ta) = (b.at.timestamp(), a.at.timestamp());
        if b.practice.is_some() || b.session.is_some() || ta <= tb || ta - tb > window || !range.contains_entry(b) {
            continue;
        }
        // No practice in [tb − window, ta): none still acting on the first rating, none between.
        let first = practised.partition_point(|&x| x < tb - window);
        if practised.get(first).is_some_and(|&x| x < ta) {
            continue;
        }
        out.push((w[0], w[1]));
    }
    out
}

/// The check-ins in `range` that show the usual drift over the day: those not within
/// [`AFTER_WITHIN_HOURS`] after a practice (an entry's own practice comes after its rating).
fn drift_check_ins(entries: &[Entry], order: &[usize], range: DateRange) -> Vec<usize> {
    let practised: Vec<i64> =
        order.iter().filter(|&&i| entries[i].practice.is_some()).map(|&i| entries[i].at.timestamp()).collect();
    let window = AFTER_WITHIN_HOURS * 3600;
    order
        .iter()
        .copied()
        .filter(|&i| entries[i].is_check_in() && range.contains_entry(&entries[i]))
        .filter(|&i| {
            let t = entries[i].at.timestamp();
            let first = practised.partition_point(|&x| x < t - window);
            practised.get(first).is_none_or(|&x| x >= t)
        })
        .collect()
}

/// Compares each practice's pairs with comparable moments without a practice (see the
/// [module docs](self)). Comparison pairs start on a day in `range`; `pairs` are taken as given.
/// Returns one [`PracticeComparison`] per practice with at least one pair, in
/// [`PracticeKind::ALL`] order.
pub fn compare(entries: &[Entry], range: DateRange, pairs: &[PracticePair]) -> Vec<PracticeComparison> {
    let order = time_order(entries);
    let mut day_index: HashMap<NaiveDate, usize> = HashMap::new();
    let mut day_of = |e: &Entry| {
        let n = day_index.len();
        *day_index.entry(local_date(e)).or_insert(n)
    };

    let mut control_rows: Vec<(Row, usize)> = Vec::new();
    let mut buf = Vec::new();
    let control_pairs = control_pairs(entries, &order, range);
    for (n, &(b, a)) in control_pairs.iter().enumerate() {
        let day = day_of(&entries[b]);
        buf.clear();
        rows(entries, b, a, day, &mut buf);
        control_rows.extend(buf.iter().map(|&r| (r, n)));
    }
    let n_control_pairs = control_pairs.len();
    let levels: Vec<LevelRow> = drift_check_ins(entries, &order, range)
        .into_iter()
        .filter_map(|i| {
            let e = &entries[i];
            let t = e.at.time();
            let hour = f64::from(chrono::Timelike::hour(&t)) + f64::from(chrono::Timelike::minute(&t)) / 60.0;
            Some((day_of(e), PartOfDay::of(t).index(), hour, e.levels()?))
        })
        .collect();

    // A practice within a few hours after another is left out, as comparison moments are: its
    // rating before would still carry the earlier practice, and it comes on a day already tense
    // enough to practise, which its own rating does not show.
    let practised: Vec<i64> =
        order.iter().filter(|&&i| entries[i].practice.is_some()).map(|&i| entries[i].at.timestamp()).collect();
    let window = AFTER_WITHIN_HOURS * 3600;
    let recently_practised = |t: i64| {
        let first = practised.partition_point(|&x| x < t - window);
        practised.get(first).is_some_and(|&x| x < t)
    };
    let mut by_kind: Vec<Vec<(usize, Vec<Row>)>> = vec![Vec::new(); PracticeKind::ALL.len()];
    for p in pairs {
        let Some(k) = PracticeKind::ALL.iter().position(|&x| x == p.kind) else { continue };
        let day = day_of(&entries[p.before]);
        let mut rs = Vec::new();
        if !recently_practised(entries[p.before].at.timestamp()) {
            rows(entries, p.before, p.after, day, &mut rs);
        }
        by_kind[k].push((day, rs));
    }

    let days = day_index.len();
    let drift = build_drift(&levels, days);
    let controls = build_controls(control_rows, &drift, Usual::new(&levels), days);
    let mut scratch = Scratch {
        sums: DaySums { by_day: vec![0.0; days], in_touched: vec![false; days], touched: Vec::new() },
        seen: vec![0; n_control_pairs],
        stamp: 0,
        weight: vec![0.0; STRATA],
        strata: Vec::new(),
        matched: vec![false; STRATA],
        matched_strata: Vec::new(),
    };
    let mut out: Vec<PracticeComparison> = Vec::new();
    let mut region_p: Vec<f64> = Vec::new();
    for (&kind, ps) in PracticeKind::ALL.iter().zip(&by_kind) {
        if ps.is_empty() {
            continue;
        }
        let (overall, _) = estimate(ps, |_| true, &controls, &drift, &mut scratch);
        let regions = Region::ALL
            .iter()
            .map(|r| {
                let (effect, p) = estimate(ps, |x| x == r.index(), &controls, &drift, &mut scratch);
                region_p.push(p);
                effect
            })
            .collect();
        out.push(PracticeComparison { kind, overall, regions });
    }
    // Many regions are tested at once: a region's verdict also needs its Benjamini–Hochberg
    // q-value within the false-discovery rate.
    let q = bh_adjust(&region_p);
    for (effect, q) in out.iter_mut().flat_map(|c| c.regions.iter_mut()).zip(q) {
        if matches!(effect.verdict, ReliefVerdict::Eases | ReliefVerdict::Raises) && q > REGION_FDR {
            effect.verdict = ReliefVerdict::NoClearDifference;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::common::test_util::{check_in, feeling, with_practice};
    use crate::model::Region::{Jaw, Neck};

    const BREATHING: PracticeKind = PracticeKind::Breathing46;

    #[test]
    fn comparison_pairs_leave_out_moments_near_a_practice() {
        // Hours from Monday 2025-01-06 00:00 (+01:00).
        let entries = vec![
            check_in(9, &[(Neck, 5)]),                            // 0 → 1: 2 h, a comparison pair
            check_in(11, &[(Neck, 4)]),                           // 1 → 2: the second is a practice: fine
            with_practice(check_in(13, &[(Neck, 7)]), BREATHING), // 2: a practice, never first
            check_in(14, &[(Neck, 4)]),                           // 3 → 4: within 3 h of the practice
            check_in(16, &[(Neck, 4)]),                           // 4 → 5: 3 h after it, and 4 h apart
            check_in(20, &[(Neck, 5)]),                           // 5 → 7: a practice between them
            with_practice(feeling(21, "calm", 3), BREATHING),     // 6: not a check-in
            check_in(22, &[(Neck, 5)]),                           // 7 → 8: after a practice, 11 h apart
            check_in(24 + 9, &[(Neck, 5)]),                       // 8 → 9: next day, 1 h
            check_in(24 + 10, &[(Jaw, 2)]),                       // 9 → 10: 3 h exactly: included
            check_in(24 + 13, &[(Jaw, 2)]),
        ];
        let order: Vec<usize> = (0..entries.len()).collect();
        assert_eq!(control_pairs(&entries, &order, DateRange::ALL), [(0, 1), (1, 2), (8, 9), (9, 10)]);
        let day2 = chrono::NaiveDate::from_ymd_opt(2025, 1, 7).expect("date");
        assert_eq!(control_pairs(&entries, &order, DateRange::new(day2, day2)), [(8, 9), (9, 10)]);
    }

    /// `days` afternoons, each with two comparison pairs from 13:00 to 17:00 by way of 14:50 or
    /// 15:10 (neck 6 → 4 or 5 → 6), and a practice at 17:00 at neck 6, eased to 3 `after`
    /// minutes later. Over four days the middle check-in is (14:50, 4), (15:10, 5), (14:50, 5),
    /// (15:10, 4): the gaps average 2 h and the level does not follow the hour, so there is no
    /// drift.
    fn afternoons(days: i64, after: i64) -> (Vec<Entry>, Vec<PracticePair>) {
        let mut entries = Vec::new();
        let mut pairs = Vec::new();
        for d in 0..days {
            let h = d * 24;
            let (minutes, level) = [(110, 4), (130, 5), (110, 5), (130, 4)][(d % 4) as usize];
            entries.push(check_in(h + 13, &[(Neck, 6)]));
            let mut middle = check_in(h + 13, &[(Neck, level)]);
            middle.at += chrono::Duration::minutes(minutes);
            entries.push(middle);
            entries.push(with_practice(check_in(h + 17, &[(Neck, 6)]), BREATHING));
            let mut later = check_in(h + 17, &[(Neck, 3)]);
            later.at += chrono::Duration::minutes(after);
            entries.push(later);
            let n = entries.len();
            pairs.push(PracticePair { kind: BREATHING, before: n - 2, after: n - 1 });
        }
        (entries, pairs)
    }

    #[test]
    fn effect_by_hand() {
        let (entries, pairs) = afternoons(24, 120);
        let c = compare(&entries, DateRange::ALL, &pairs);
        assert_eq!(c.len(), 1);
        let a = c[0].overall;
        // Comparable change in the stratum (neck, afternoon, 6): half −2, half −1 = −1.5, over
        // gaps of 1 h 50 and 2 h 10 around the practice's 2 h (no drift; the gaps are too alike
        // to show a fade, so the fade model keeps nothing). Each practice: −3. Effect −1.5.
        assert_eq!(a.verdict, ReliefVerdict::Eases);
        assert!((a.effect.expect("effect") + 1.5).abs() < 1e-12, "{a:?}");
        let (plain, comparable) = (a.practice_change.expect("plain"), a.comparable_change.expect("comparable"));
        assert!(plain == -3.0 && (comparable + 1.5).abs() < 1e-12, "{a:?}");
        // 24 comparison pairs in the stratum (the pairs from 4 or 5 are in others).
        assert_eq!((a.n_pairs, a.n_days, a.n_controls, a.n_not_comparable), (24, 24, 24, 0));
        let (lo, hi) = (a.low.expect("low"), a.high.expect("high"));
        assert!(lo < -1.5 && hi > -1.5 && hi < -1.0, "{lo} … {hi}");
        // By hand: the only variation is in the comparison changes (±0.5 around −1.5), each
        // counted in its own day: se² = G/(G−1) · 24 · (0.5 · √(24/23) / 24)², t on 23 df.
        let se = (24.0 / 23.0 * 24.0 * (0.5 * (24.0_f64 / 23.0).sqrt() / 24.0).powi(2)).sqrt();
        let t = t_quantile(0.975, 23.0);
        assert!((hi - (-1.5 + t * se)).abs() < 1e-9, "{hi} vs {}", -1.5 + t * se);
        // Per region: the neck carries it all; the jaw was never rated.
        assert_eq!(c[0].regions[Neck.index()], a);
        assert_eq!(c[0].regions[Jaw.index()].verdict, ReliefVerdict::NotEnoughData);
        assert_eq!(c[0].regions[Jaw.index()].n_pairs, 0);
    }

    #[test]
    fn a_practice_rated_again_sooner_than_any_comparison_cannot_be_compared() {
        // Rated again 5 minutes later, while every comparison pair is about 2 hours apart: how
        // much a neck at 6 eases in 5 minutes by itself is not in this journal.
        let (entries, pairs) = afternoons(24, 5);
        let a = compare(&entries, DateRange::ALL, &pairs)[0].overall;
        assert_eq!(a.verdict, ReliefVerdict::CannotCompare);
        assert_eq!((a.effect, a.low, a.high, a.comparable_change, a.more_needed), (None, None, None, None, None));
        assert_eq!((a.n_pairs, a.n_not_comparable, a.practice_change), (0, 24, Some(-3.0)));
        assert_eq!(a.text(Lang::En), "cannot be separated from tension easing by itself");
        assert_eq!(a.text(Lang::Nl), "niet te scheiden van spanning die vanzelf zakt");
        assert_eq!(a.n_text(Lang::En), "24 times, 24 of them without ratings a like time apart to compare with");
        assert_eq!(
            a.n_text(Lang::Nl),
            "24 keer, waarvan 24 zonder metingen op vergelijkbare afstand om mee te vergelijken"
        );
        // So is one rated again 5 hours later: no comparison pair is more than 3 hours long.
        let (entries, pairs) = afternoons(24, 300);
        assert_eq!(compare(&entries, DateRange::ALL, &pairs)[0].overall.verdict, ReliefVerdict::CannotCompare);
        // Comparison pairs as short, on either side of 5 minutes, make it comparable again.
        let (mut entries, pairs) = afternoons(24, 5);
        for d in 0..24 {
            for (hour, minutes) in [(9, 3), (10, 8)] {
                entries.push(check_in(d * 24 + hour, &[(Neck, 6)]));
                let mut again = check_in(d * 24 + hour, &[(Neck, 5)]);
                again.at += chrono::Duration::minutes(minutes);
                entries.push(again);
            }
        }
        let a = compare(&entries, DateRange::ALL, &pairs)[0].overall;
        assert_eq!((a.n_pairs, a.n_not_comparable), (24, 0), "{a:?}");
        assert!(a.verdict.has_effect(), "{a:?}");
    }

    #[test]
    fn a_practice_soon_after_another_is_left_out() {
        let (mut entries, pairs) = afternoons(24, 120);
        // A walk at 15:30 every day: each breathing practice at 17:00 comes 1.5 h after it.
        for d in 0..24 {
            let mut walk = with_practice(feeling(d * 24 + 15, "calm", 3), PracticeKind::Walk);
            walk.at += chrono::Duration::minutes(30);
            entries.push(walk);
        }
        let c = compare(&entries, DateRange::ALL, &pairs);
        let a = c[0].overall;
        assert_eq!((a.verdict, a.n_pairs, a.n_not_comparable), (ReliefVerdict::NotEnoughData, 0, 0), "{a:?}");
    }

    #[test]
    fn sweep_inverse_inverts_what_carries_information_and_drops_the_rest() {
        // Σ vvᵀ over a few vectors whose fourth column repeats the second and whose last is 0.
        let vectors: Vec<Vector> = (0..12)
            .map(|i| {
                let x = f64::from(i);
                let second = (x * 0.7).sin();
                [1.0 + x, second, x * x / 10.0, second, (x * 1.3).cos(), x.sqrt(), 0.0]
            })
            .collect();
        let mut m = [[0.0; K]; K];
        for v in &vectors {
            for i in 0..K {
                for j in 0..K {
                    m[i][j] += v[i] * v[j];
                }
            }
        }
        let inv = sweep_inverse(&m, 1e-9);
        let kept = [0, 1, 2, 4, 5];
        for (i, row) in inv.iter().enumerate() {
            for (j, &x) in row.iter().enumerate() {
                if kept.contains(&i) && kept.contains(&j) {
                    let product: f64 = kept.iter().map(|&k| m[i][k] * inv[k][j]).sum();
                    let want = if i == j { 1.0 } else { 0.0 };
                    assert!((product - want).abs() < 1e-8, "({i}, {j}): {product}");
                } else {
                    assert_eq!(x, 0.0, "({i}, {j})");
                }
            }
        }
        // A column with too little variation of its own is dropped too.
        let inv = sweep_inverse(&m, m[5][5] * 2.0);
        assert!(inv[5].iter().all(|&x| x == 0.0) && inv[0][0] > 0.0);
    }

    #[test]
    fn too_few_pairs_say_how_many_more() {
        let (entries, pairs) = afternoons(5, 120);
        let a = compare(&entries, DateRange::ALL, &pairs)[0].overall;
        assert_eq!(a.verdict, ReliefVerdict::NotEnoughData);
        assert_eq!(a.effect, None);
        assert_eq!(a.more_needed, Some(MoreNeeded { pairs: 5, days: 2, controls: 15 }));
        assert_eq!(
            a.text(Lang::En),
            "not enough data yet (5 more practices with a check-in after, on 2 more days, 15 more check-in pairs without a practice)"
        );
        assert_eq!(
            a.text(Lang::Nl),
            "nog niet genoeg gegevens (nog 5 oefeningen met een meting erna, op nog 2 andere dagen, nog 15 paren metingen zonder oefening)"
        );
        assert!(compare(&entries, DateRange::ALL, &[]).is_empty());
    }

    #[test]
    fn headline_in_words() {
        let mut a = AdjustedEffect {
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
        assert_eq!(a.n_text(Lang::En), "23 times on 15 days, 310 comparisons");
        let some_left = AdjustedEffect { n_not_comparable: 30, ..a };
        assert_eq!(
            some_left.n_text(Lang::En),
            "23 times on 15 days, 310 comparisons; 30 more without ratings a like time apart"
        );
        assert_eq!(
            some_left.n_text(Lang::Nl),
            "23 keer op 15 dagen, 310 vergelijkingen; nog 30 zonder metingen op vergelijkbare afstand"
        );
        assert_eq!(a.text(Lang::En), "−1.2 points (−1.7 to −0.7): eases tension");
        assert_eq!(a.text(Lang::Nl), "−1,2 punt (−1,7 tot −0,7): minder spanning");
        assert_eq!(a.n_text(Lang::Nl), "23 keer op 15 dagen, 310 vergelijkingen");
        let one = AdjustedEffect { n_pairs: 1, n_days: 1, n_controls: 1, ..a };
        assert_eq!(one.n_text(Lang::En), "1 time on 1 day, 1 comparison");
        assert_eq!(one.n_text(Lang::Nl), "1 keer op 1 dag, 1 vergelijking");
        let more = MoreNeeded { pairs: 1, days: 1, controls: 1 };
        assert_eq!(
            more.text(Lang::En),
            "1 more practice with a check-in after, on 1 more day, 1 more check-in pair without a practice"
        );
        assert_eq!(
            more.text(Lang::Nl),
            "nog 1 oefening met een meting erna, op nog 1 andere dag, nog 1 paar metingen zonder oefening"
        );
        a.verdict = ReliefVerdict::NoClearDifference;
        a.effect = Some(0.12);
        a.low = Some(-0.3);
        a.high = Some(0.54);
        assert_eq!(a.text(Lang::En), "+0.1 points (−0.3 to +0.5): no clear difference");
        assert_eq!(ReliefVerdict::NoClearDifference.code(), "no_clear_difference");
        let codes: Vec<&str> = ReliefVerdict::ALL.iter().map(|v| v.code()).collect();
        assert_eq!(codes, ["eases", "raises", "no_clear_difference", "cannot_compare", "not_enough_data"]);
        // The serialised verdict is its code.
        for v in ReliefVerdict::ALL {
            assert_eq!(serde_json::to_value(v).expect("json"), serde_json::Value::from(v.code()));
        }
    }
}
