//! Does a practice ease tension more than comparable moments without one? The adjusted effect
//! behind "What practising does for you".
//!
//! # Why a plain before → after change is not enough
//! People practise when they are tense, and a rating that is high now tends to be lower at the
//! next check-in anyway (regression to the mean: part of a high rating is a passing peak). So the
//! plain change from the rating before a practice to the one after it credits the practice with
//! relief that would have come without it. The comparison below takes that part out.
//!
//! # Method (a matched comparison with a gap adjustment)
//! - **Practice pairs** come from the caller (the practice entry's check-in and the check-in after
//!   it; see [`practices`](super::practices) and [`sessions`](super::sessions)).
//! - **Comparison pairs** ("moments without a practice") are consecutive check-ins at most
//!   [`AFTER_WITHIN_HOURS`] apart, where the first one records no practice and is no part of a
//!   guided session, no practice was logged in the [`AFTER_WITHIN_HOURS`] before it (its level
//!   would still carry that practice), and none between the two. The second check-in may be one
//!   logged with a practice: its levels are rated before that practice.
//! - **Rows**: each pair gives one row per region rated in its first check-in (even at 0; an
//!   unrated region counts as 0 in the second). Choosing regions by the first rating only means
//!   the choice never depends on how tension went afterwards. A row's **change** is
//!   `after − before`, its **stratum** is (region, part of the day of the first check-in, level
//!   before), and its **gap** the hours between the two check-ins.
//! - **Comparable change** of a practice row: the mean change of the comparison rows in its
//!   stratum (at least [`MIN_STRATUM_CONTROLS`] of them, else the row is left out as unmatched),
//!   corrected for two differences within the stratum:
//!   `ȳ_s + β_rp (gap − ḡ_s) + γ_rp (overall − ō_s)`. Here `ȳ_s`, `ḡ_s` and `ō_s` are the
//!   stratum's mean change, mean gap and mean **overall level** (the mean of all 16 regions in the
//!   first check-in, unrated = 0: how tense the person was as a whole).
//!   - `β_rp`, the usual drift over the day: the slope of the region's level on the hour of the
//!     day within that part of the day (least squares over the check-ins not within
//!     [`AFTER_WITHIN_HOURS`] after a practice). A guided practice is rated again minutes later
//!     while comparison pairs span hours; the slope comes from levels across the hours rather
//!     than from the comparison pairs, whose gaps are often too alike to show it.
//!   - `γ_rp`, the change per point of overall level among comparison rows of the same stratum
//!     (pooled over the levels of the region and part of the day; after the drift). People
//!     decide to practise on how tense they are as a whole: at the same neck level, a moment
//!     chosen for a practice tends to be a tenser day, whose level holds up better. Without this,
//!     a practice that does nothing looks worse than it is.
//!
//!   Either slope is 0 with fewer than 20 rows behind it or too little spread.
//! - **Adjusted effect**: per practice pair, the mean over its matched rows of
//!   `change − comparable change`; then the mean over the pairs, so each session weighs the same
//!   (per region: one row per pair). Negative means the practice eased tension more than
//!   comparable moments did.
//! - **Interval**: 95 %, `effect ± t · se` with Student's t on (days with a pair − 1) degrees of
//!   freedom. `se` is a cluster-robust (sandwich) standard error with the **day** as cluster:
//!   the estimate is linearised into one contribution per practice pair, per comparison pair
//!   (through the stratum means and `γ`) and per check-in (through `β`), the contributions are summed per local
//!   day of the first check-in, and the variance is `G/(G−1) Σ_day (sum)²`. Same-day pairs are so
//!   never treated as independent. Comparison residuals are scaled by `√(C/(C−1))` for a stratum
//!   of `C` pairs, so small strata do not look more certain than they are. No random numbers are
//!   involved: the same entries always give the same interval.
//! - **Enough data**: at least [`MIN_PAIRS`] matched practice pairs on [`MIN_DAYS`] different
//!   days, and at least [`MIN_CONTROLS`] comparison pairs in their strata; otherwise
//!   [`ReliefVerdict::NotEnoughData`] with how many more are needed ([`MoreNeeded`]).
//! - **Verdict**: [`ReliefVerdict::Eases`] when the whole interval lies below 0 and the effect is
//!   at least [`MIN_POINTS`] (0.3 points) of relief; [`ReliefVerdict::Raises`] the other way
//!   round; otherwise [`ReliefVerdict::NoClearDifference`]. The per-region verdicts are many tests
//!   at once, so a region's "eases" or "raises" also needs a Benjamini–Hochberg q-value (from the
//!   two-sided t p-value, over all regions of all practices) of at most [`REGION_FDR`] (10 %).
//!
//! This is an association in the person's own journal: moments they chose to practise can differ
//! from comparable moments in ways no rating shows. The plain before and after means are kept as
//! descriptive numbers ([`AdjustedEffect::practice_change`], [`AdjustedEffect::comparable_change`]).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::common::{AFTER_WITHIN_HOURS, DateRange, local_date, time_order};
use super::stats::{bh_adjust, t_quantile, t_two_sided_p};
use super::time_of_day::PartOfDay;
use crate::model::{Entry, Lang, PracticeKind, Region, text};

/// Fewest matched practice pairs for an estimate.
pub const MIN_PAIRS: usize = 10;
/// Fewest different days those pairs must fall on.
pub const MIN_DAYS: usize = 7;
/// Fewest comparison pairs in the strata of a practice's pairs.
pub const MIN_CONTROLS: usize = 20;
/// Fewest comparison pairs a stratum needs before a practice row in it counts as matched.
pub const MIN_STRATUM_CONTROLS: usize = 3;
/// Smallest adjusted effect, in points, called "eases" or "raises".
pub const MIN_POINTS: f64 = 0.3;
/// False-discovery rate for the per-region verdicts (Benjamini–Hochberg over all regions of all
/// practices).
pub const REGION_FDR: f64 = 0.10;
/// Fewest check-ins in a part of the day to estimate the drift over the hours there (else 0).
const MIN_SLOPE_ROWS: usize = 20;

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
    /// Too few pairs, days or comparison pairs.
    NotEnoughData,
}

impl ReliefVerdict {
    /// Stable code (`eases`, `raises`, `no_clear_difference`, `not_enough_data`).
    pub fn code(self) -> &'static str {
        match self {
            ReliefVerdict::Eases => "eases",
            ReliefVerdict::Raises => "raises",
            ReliefVerdict::NoClearDifference => "no_clear_difference",
            ReliefVerdict::NotEnoughData => "not_enough_data",
        }
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
    /// too little data.
    pub effect: Option<f64>,
    /// Lower end of the 95 % interval.
    pub low: Option<f64>,
    /// Upper end of the 95 % interval.
    pub high: Option<f64>,
    /// Mean plain change over the matched practice rows (descriptive).
    pub practice_change: Option<f64>,
    /// Mean change at the comparable moments, moved to the practices' gaps (descriptive):
    /// `practice_change − effect`.
    pub comparable_change: Option<f64>,
    /// Matched practice pairs.
    pub n_pairs: usize,
    /// Different local days of those pairs.
    pub n_days: usize,
    /// Comparison pairs in the strata of those pairs.
    pub n_controls: usize,
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
    /// The headline in words: "−1.2 points (−1.7 to −0.7): eases tension", or "not enough data
    /// yet (4 more …)".
    pub fn text(&self, lang: Lang) -> String {
        match (self.effect, self.low, self.high) {
            (Some(e), Some(lo), Some(hi)) if self.verdict != ReliefVerdict::NotEnoughData => {
                let (e, lo, hi) = (text::signed(e, 1, lang), text::signed(lo, 1, lang), text::signed(hi, 1, lang));
                match lang {
                    Lang::En => format!("{e} points ({lo} to {hi}): {}", self.verdict.words(lang)),
                    Lang::Nl => format!("{e} punt ({lo} tot {hi}): {}", self.verdict.words(lang)),
                }
            }
            _ => {
                let more = self.more_needed.map(|m| m.text(lang)).filter(|t| !t.is_empty());
                match more {
                    Some(m) => format!("{} ({m})", ReliefVerdict::NotEnoughData.words(lang)),
                    None => ReliefVerdict::NotEnoughData.words(lang).to_owned(),
                }
            }
        }
    }

    /// "12 times on 9 days, 340 comparisons" / "12 keer op 9 dagen, 340 vergelijkingen".
    pub fn n_text(&self, lang: Lang) -> String {
        let (p, d, c) = (self.n_pairs, self.n_days, self.n_controls);
        match lang {
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
        }
    }
}

/// One plain sentence on what the adjusted effect means, for under a table of them.
pub fn method_sentence(lang: Lang) -> &'static str {
    lang.pick(
        "Compared with similar moments without a practice (same region, same level before, same part of the day, allowing for the time in between), because high tension tends to come down anyway. The range is a 95 % interval; it is an association in your own journal, not proof that the practice caused it.",
        "Vergeleken met vergelijkbare momenten zonder oefening (zelfde gebied, zelfde niveau vooraf, zelfde deel van de dag, rekening houdend met de tijd ertussen), omdat hoge spanning vaak vanzelf wat zakt. Het bereik is een 95 %-interval; het is een verband in je eigen dagboek, geen bewijs dat de oefening het veroorzaakte.",
    )
}

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
    gap: f64,
    /// Mean level of all regions in the first check-in (unrated = 0): how tense overall.
    overall: f64,
    day: usize,
}

const LEVELS: usize = 11;
const PARTS: usize = 4;
const STRATA: usize = Region::COUNT * PARTS * LEVELS;

fn stratum(region: Region, part: usize, level: u8) -> usize {
    (region.index() * PARTS + part) * LEVELS + usize::from(level.min(10))
}

fn region_of_stratum(s: usize) -> usize {
    s / (LEVELS * PARTS)
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

/// The comparison rows and their strata statistics.
struct Controls {
    /// Comparison rows sorted by stratum, with the index of their pair.
    rows: Vec<(Row, usize)>,
    /// Start of each stratum's rows in `rows` (length `STRATA + 1`).
    start: Vec<usize>,
    mean_change: Vec<f64>,
    mean_gap: Vec<f64>,
    mean_overall: Vec<f64>,
    /// Per (region, part): change per point of overall level within strata, from the comparison
    /// rows (after the drift); 0 where not estimated.
    gamma: [f64; SLOPES],
    /// Σ (overall − stratum mean)² per (region, part) (0 where `gamma` is not estimated).
    szz: [f64; SLOPES],
    /// Per day and (region, part): Σ (overall − stratum mean) · residual.
    terms: Vec<[f64; SLOPES]>,
}

/// Where a stratum's drift slope is kept: (region, part of the day).
fn slope_of_stratum(s: usize) -> usize {
    s / LEVELS
}

impl Controls {
    fn count(&self, s: usize) -> usize {
        self.start[s + 1] - self.start[s]
    }

    fn comparable(&self, row: &Row, drift: &Drift) -> f64 {
        let s = row.stratum;
        let k = slope_of_stratum(s);
        self.mean_change[s]
            + drift.slope[k] * (row.gap - self.mean_gap[s])
            + self.gamma[k] * (row.overall - self.mean_overall[s])
    }

    fn residual(&self, row: &Row, drift: &Drift) -> f64 {
        row.change - self.comparable(row, drift)
    }
}

fn build_controls(mut rows: Vec<(Row, usize)>, drift: &Drift, days: usize) -> Controls {
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
    let mut mean_overall = vec![0.0; STRATA];
    for s in 0..STRATA {
        let part = &rows[start[s]..start[s + 1]];
        if !part.is_empty() {
            let n = part.len() as f64;
            mean_change[s] = part.iter().map(|(r, _)| r.change).sum::<f64>() / n;
            mean_gap[s] = part.iter().map(|(r, _)| r.gap).sum::<f64>() / n;
            mean_overall[s] = part.iter().map(|(r, _)| r.overall).sum::<f64>() / n;
        }
    }
    let mut controls = Controls {
        rows,
        start,
        mean_change,
        mean_gap,
        mean_overall,
        gamma: [0.0; SLOPES],
        szz: [0.0; SLOPES],
        terms: Vec::new(),
    };
    // The overall-level slope within strata, on the changes net of the drift (gamma still 0).
    let mut n = [0usize; SLOPES];
    let mut szz = [0.0; SLOPES];
    let mut szy = [0.0; SLOPES];
    for (r, _) in &controls.rows {
        let k = slope_of_stratum(r.stratum);
        let dz = r.overall - controls.mean_overall[r.stratum];
        n[k] += 1;
        szz[k] += dz * dz;
        szy[k] += dz * controls.residual(r, drift);
    }
    for k in 0..SLOPES {
        // Enough rows and some spread (over 0.0025 points² each, a twentieth of a point).
        if n[k] >= MIN_SLOPE_ROWS && szz[k] > 0.0025 * n[k] as f64 {
            controls.gamma[k] = szy[k] / szz[k];
            controls.szz[k] = szz[k];
        }
    }
    let mut terms = vec![[0.0; SLOPES]; days];
    for (r, _) in &controls.rows {
        let k = slope_of_stratum(r.stratum);
        if controls.szz[k] > 0.0 {
            terms[r.day][k] += (r.overall - controls.mean_overall[r.stratum]) * controls.residual(r, drift);
        }
    }
    controls.terms = terms;
    controls
}

const SLOPES: usize = Region::COUNT * PARTS;

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
    /// Per comparison pair: the estimate that last counted it (to count distinct pairs).
    seen: Vec<u32>,
    stamp: u32,
    weight: Vec<f64>,
    strata: Vec<usize>,
}

/// The adjusted effect of `pairs` (one practice), over the regions `keep` lets through.
fn estimate(
    pairs: &[(usize, Vec<Row>)],
    keep: impl Fn(usize) -> bool,
    controls: &Controls,
    drift: &Drift,
    scratch: &mut Scratch,
) -> (AdjustedEffect, f64) {
    // Each pair's matched rows, with weight 1 / (matched rows of the pair).
    let matched =
        |row: &Row| keep(region_of_stratum(row.stratum)) && controls.count(row.stratum) >= MIN_STRATUM_CONTROLS;
    let mut values: Vec<(usize, f64, f64)> = Vec::new(); // (day, adjusted, plain)
    let mut c_slope = [0.0; SLOPES];
    let mut c_gamma = [0.0; SLOPES];
    let mut days: Vec<usize> = Vec::new();
    for (day, rows) in pairs {
        let m = rows.iter().filter(|r| matched(r)).count();
        if m == 0 {
            continue;
        }
        let a = 1.0 / m as f64;
        let (mut adj, mut plain) = (0.0, 0.0);
        for r in rows.iter().filter(|r| matched(r)) {
            adj += a * controls.residual(r, drift);
            plain += a * r.change;
            if scratch.weight[r.stratum] == 0.0 {
                scratch.strata.push(r.stratum);
            }
            scratch.weight[r.stratum] += a;
            c_slope[slope_of_stratum(r.stratum)] += a * (r.gap - controls.mean_gap[r.stratum]);
            c_gamma[slope_of_stratum(r.stratum)] += a * (r.overall - controls.mean_overall[r.stratum]);
        }
        values.push((*day, adj, plain));
        days.push(*day);
    }
    days.sort_unstable();
    days.dedup();
    let n = values.len();

    // Distinct comparison pairs in the strata used.
    scratch.stamp += 1;
    let mut n_controls = 0;
    for &s in &scratch.strata {
        for &(_, pair) in &controls.rows[controls.start[s]..controls.start[s + 1]] {
            if scratch.seen[pair] != scratch.stamp {
                scratch.seen[pair] = scratch.stamp;
                n_controls += 1;
            }
        }
    }

    let result = if n < MIN_PAIRS || days.len() < MIN_DAYS || n_controls < MIN_CONTROLS {
        let effect = AdjustedEffect {
            n_pairs: n,
            n_days: days.len(),
            n_controls,
            more_needed: Some(MoreNeeded {
                pairs: MIN_PAIRS.saturating_sub(n),
                days: MIN_DAYS.saturating_sub(days.len()),
                controls: MIN_CONTROLS.saturating_sub(n_controls),
            }),
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
        // Of the comparison pairs, through the stratum means ...
        for &s in &scratch.strata {
            let rows = &controls.rows[controls.start[s]..controls.start[s + 1]];
            let c = rows.len() as f64;
            let inflate = (c / (c - 1.0)).sqrt();
            let w = scratch.weight[s];
            for (r, _) in rows {
                scratch.sums.add(r.day, -w * inflate * controls.residual(r, drift) / (c * nf));
            }
        }
        // ... through the overall-level slopes, and of every check-in through the drift slopes.
        let gammas: Vec<(usize, f64)> = (0..SLOPES)
            .filter(|&k| controls.szz[k] > 0.0 && c_gamma[k] != 0.0)
            .map(|k| (k, -c_gamma[k] / (controls.szz[k] * nf)))
            .collect();
        let drifts: Vec<(usize, f64)> = (0..SLOPES)
            .filter(|&k| drift.sxx[k] > 0.0 && c_slope[k] != 0.0)
            .map(|k| (k, -c_slope[k] / (drift.sxx[k] * nf)))
            .collect();
        for (terms, used) in [(&controls.terms, &gammas), (&drift.terms, &drifts)] {
            if used.is_empty() {
                continue;
            }
            for (day, t) in terms.iter().enumerate() {
                let v: f64 = used.iter().map(|&(k, f)| f * t[k]).sum();
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
        let verdict = if !se.is_finite() {
            ReliefVerdict::NotEnoughData
        } else if high < 0.0 && effect <= -MIN_POINTS {
            ReliefVerdict::Eases
        } else if low > 0.0 && effect >= MIN_POINTS {
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
            more_needed: None,
        };
        (effect, if p.is_nan() { 1.0 } else { p })
    };
    scratch.sums.clear();
    for &s in &scratch.strata {
        scratch.weight[s] = 0.0;
    }
    scratch.strata.clear();
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

    let mut by_kind: Vec<Vec<(usize, Vec<Row>)>> = vec![Vec::new(); PracticeKind::ALL.len()];
    for p in pairs {
        let Some(k) = PracticeKind::ALL.iter().position(|&x| x == p.kind) else { continue };
        let day = day_of(&entries[p.before]);
        let mut rs = Vec::new();
        rows(entries, p.before, p.after, day, &mut rs);
        by_kind[k].push((day, rs));
    }

    let days = day_index.len();
    let drift = build_drift(&levels, days);
    let controls = build_controls(control_rows, &drift, days);
    let mut scratch = Scratch {
        sums: DaySums { by_day: vec![0.0; days], in_touched: vec![false; days], touched: Vec::new() },
        seen: vec![0; n_control_pairs],
        stamp: 0,
        weight: vec![0.0; STRATA],
        strata: Vec::new(),
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

    /// `days` afternoons, each with two comparison pairs over 2 h (neck 6 → 4 on even days, 6 → 5
    /// on odd days, then from there to 6), and a practice at neck 6 eased to 3 half an hour later.
    fn afternoons(days: i64) -> (Vec<Entry>, Vec<PracticePair>) {
        let mut entries = Vec::new();
        let mut pairs = Vec::new();
        for d in 0..days {
            let h = d * 24;
            let second = if d % 2 == 0 { 4 } else { 5 };
            entries.push(check_in(h + 13, &[(Neck, 6)]));
            entries.push(check_in(h + 15, &[(Neck, second)]));
            entries.push(with_practice(check_in(h + 17, &[(Neck, 6)]), BREATHING));
            let mut after = check_in(h + 17, &[(Neck, 3)]);
            after.at += chrono::Duration::minutes(30);
            entries.push(after);
            let n = entries.len();
            pairs.push(PracticePair { kind: BREATHING, before: n - 2, after: n - 1 });
        }
        (entries, pairs)
    }

    #[test]
    fn effect_by_hand() {
        let (entries, pairs) = afternoons(24);
        let c = compare(&entries, DateRange::ALL, &pairs);
        assert_eq!(c.len(), 1);
        let a = c[0].overall;
        // Comparable change in the stratum (neck, afternoon, 6): half −2, half −1 = −1.5 (the
        // gaps are all 2 h, so no slope). Each practice: −3. Effect −3 − (−1.5) = −1.5.
        assert_eq!(a.verdict, ReliefVerdict::Eases);
        assert!((a.effect.expect("effect") + 1.5).abs() < 1e-12, "{a:?}");
        assert_eq!((a.practice_change, a.comparable_change), (Some(-3.0), Some(-1.5)));
        // 24 comparison pairs in the stratum (the pairs from 4 or 5 are in others).
        assert_eq!((a.n_pairs, a.n_days, a.n_controls), (24, 24, 24));
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
    fn too_few_pairs_say_how_many_more() {
        let (entries, pairs) = afternoons(5);
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
            more_needed: None,
        };
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
    }
}
