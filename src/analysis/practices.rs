//! Practices: does a practice help this person, and do they keep it up?
//!
//! # Sessions
//! A **session** is an entry with a practice, except the "after" entry of a guided practice
//! (an entry whose [`SessionLink`] role is `after`): a guided practice is one session, with its
//! kind taken from the "before" entry (or from the "after" entry when only that one records it).
//!
//! # Before and after
//! - **Guided practice** (the entry's [`SessionLink`] role is `before`): "before" is that entry,
//!   "after" is the entry with the same session id and role `after`, however long after. Both must
//!   be check-ins. A practice stopped early (`completed: false`) still counts: it is what the
//!   person did, and leaving such sessions out would flatter the practice. Without its "after"
//!   entry a guided session has no pair.
//! - **Otherwise**, for a practice entry that is itself a check-in, its own levels are "before";
//!   "after" is the **next** check-in (strictly later instant) when it comes at most
//!   [`AFTER_WITHIN_HOURS`] (3 h) later. When the next check-in is later than that, the session has
//!   no pair (later check-ins are not searched: too much else happens in between). A practice entry
//!   that is not a check-in has no "before" and no pair.
//!
//! - Per region: over the pairs in which the region was rated (present in the entry's tension
//!   list, even at 0) in the before or the after check-in, the mean before, mean after and mean
//!   change (`after − before`, with unrated = 0), with that number of pairs as `n`.
//! - Overall: per pair, the mean change over the regions rated in before or after; then the mean
//!   of those over the pairs (each session weighs the same), with `n` = the number of pairs.
//!
//! These plain changes are **descriptive**: people practise when they are tense, and high tension
//! tends to come down anyway, so part of a plain "relief" is not the practice's. The headline is
//! the **adjusted effect** ([`PracticeEffect::adjusted`], per region [`RegionEffect::adjusted`]):
//! the same pairs compared with comparable moments without a practice (same region, same level
//! before, same part of the day, the same time apart, learned from how tension fades by itself in
//! this journal), with a 95 % interval that treats same-day pairs as one cluster, "not enough data
//! yet" below a minimum, and "cannot be separated from tension easing by itself" when the journal
//! has no moments without a practice rated a like time apart. See [`relief`](super::relief) for
//! the method.
//!
//! # Consistency
//! Per ISO week (Monday start), the number of distinct local days on which each practice was done.
//! Weeks without any practice are listed with zeros, so gaps show.

use std::collections::HashMap;
use std::io::Write;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use super::common::{DateRange, format_signed, local_date, mean, time_order, week_monday};
use super::relief::{
    AdjustedEffect, METHOD, PracticePair, ReliefVerdict, cannot_compare_sentence, compare, method_sentence,
};
#[cfg(doc)]
use crate::model::SessionLink;
use crate::model::{Entry, Lang, PracticeKind, Region, SessionRole};

pub use super::common::AFTER_WITHIN_HOURS;

/// Before and after for one region.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RegionEffect {
    /// The region.
    pub region: Region,
    /// Pairs in which the region was rated before or after.
    pub n: usize,
    /// Mean level before over those pairs.
    pub before: Option<f64>,
    /// Mean level after over those pairs.
    pub after: Option<f64>,
    /// Mean of `after − before`; negative means relief.
    pub change: Option<f64>,
    /// The change compared with comparable moments without a practice (the headline).
    pub adjusted: AdjustedEffect,
}

/// The effect of one kind of practice.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PracticeEffect {
    /// The practice.
    pub kind: PracticeKind,
    /// Entries with this practice in the period.
    pub n_sessions: usize,
    /// Sessions with a before and an after check-in.
    pub n_pairs: usize,
    /// Of those, the guided sessions paired by their session id.
    pub n_guided: usize,
    /// Mean over the pairs of each pair's mean change over the regions rated in it; negative
    /// means relief.
    pub overall_change: Option<f64>,
    /// The change compared with comparable moments without a practice, over the regions rated
    /// before it (the headline; see [`relief`](super::relief)).
    pub adjusted: AdjustedEffect,
    /// Per region, in [`Region::ALL`] order.
    pub regions: Vec<RegionEffect>,
}

/// How many distinct days one practice was done in a week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct KindDays {
    /// The practice.
    pub kind: PracticeKind,
    /// Distinct local days, 0–7.
    pub days: u8,
}

/// One ISO week of practice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PracticeWeek {
    /// The Monday that starts the week.
    pub monday: NaiveDate,
    /// Distinct days with any practice, 0–7.
    pub any_days: u8,
    /// Per practice, in [`PracticeKind::ALL`] order.
    pub by_kind: Vec<KindDays>,
}

/// Effects and week-by-week consistency.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PracticeReport {
    /// One per practice done at least once in the period, in [`PracticeKind::ALL`] order.
    pub effects: Vec<PracticeEffect>,
    /// Every week from the first to the last date of the period (the range's bounds, or the
    /// first and last entry when unbounded), oldest first.
    pub weeks: Vec<PracticeWeek>,
}

#[derive(Clone, Copy, Default)]
struct RegionAcc {
    n: usize,
    before: f64,
    after: f64,
}

fn kind_index(kind: PracticeKind) -> usize {
    PracticeKind::ALL.iter().position(|&k| k == kind).unwrap_or(0)
}

/// Before/after effects and weekly consistency of practices whose entry lies in `range`.
/// The "after" check-in may fall just outside the range.
pub fn practice_report(entries: &[Entry], range: DateRange) -> PracticeReport {
    let order = time_order(entries);
    let check_ins: Vec<usize> = order.iter().copied().filter(|&i| entries[i].is_check_in()).collect();
    let times: Vec<i64> = check_ins.iter().map(|&i| entries[i].at.timestamp()).collect();
    // The "after" entry of each guided session (the first one, should there be several).
    let mut guided_after: HashMap<&str, usize> = HashMap::new();
    for &i in &order {
        if let Some(link) = &entries[i].session
            && link.role == SessionRole::After
        {
            guided_after.entry(link.id.as_str()).or_insert(i);
        }
    }

    let kinds = PracticeKind::ALL.len();
    let mut sessions = vec![0usize; kinds];
    let mut guided = vec![0usize; kinds];
    let mut pair_means: Vec<Vec<f64>> = vec![Vec::new(); kinds];
    let mut regions = vec![[RegionAcc::default(); Region::COUNT]; kinds];
    let mut days: Vec<(NaiveDate, usize)> = Vec::new();
    let mut pairs: Vec<PracticePair> = Vec::new();

    for &i in &order {
        let e = &entries[i];
        // `None`: not guided; `Some(partner)`: guided, with its "after" entry if there is one.
        let partner: Option<Option<usize>> = match &e.session {
            Some(link) if link.role == SessionRole::After => continue,
            Some(link) => Some(guided_after.get(link.id.as_str()).copied()),
            None => None,
        };
        let practice = e.practice.or_else(|| partner.flatten().and_then(|a| entries[a].practice));
        let Some(practice) = practice else { continue };
        if !range.contains_entry(e) {
            continue;
        }
        let k = kind_index(practice.kind);
        sessions[k] += 1;
        days.push((local_date(e), k));
        let Some(before) = e.levels() else { continue };
        let after_index = match partner {
            Some(found) => found,
            None => {
                let t = e.at.timestamp();
                let next = times.partition_point(|&x| x <= t);
                times.get(next).filter(|&&ta| ta - t <= AFTER_WITHIN_HOURS * 3600).map(|_| check_ins[next])
            }
        };
        let Some(after_index) = after_index else { continue };
        let after_entry = &entries[after_index];
        let Some(after) = after_entry.levels() else { continue };
        pairs.push(PracticePair { kind: practice.kind, before: i, after: after_index });
        if partner.is_some() {
            guided[k] += 1;
        }
        let rated =
            |r: Region| e.tensions.iter().any(|x| x.region == r) || after_entry.tensions.iter().any(|x| x.region == r);
        let mut changes = Vec::new();
        for r in Region::ALL.into_iter().filter(|&r| rated(r)) {
            let (b, a) = (f64::from(before[r.index()]), f64::from(after[r.index()]));
            let acc = &mut regions[k][r.index()];
            acc.n += 1;
            acc.before += b;
            acc.after += a;
            changes.push(a - b);
        }
        if let Some(m) = mean(changes) {
            pair_means[k].push(m);
        }
    }

    let comparisons = compare(entries, range, &pairs);
    let comparison = |kind: PracticeKind| comparisons.iter().find(|c| c.kind == kind);
    let effects = PracticeKind::ALL
        .iter()
        .enumerate()
        .filter(|&(k, _)| sessions[k] > 0)
        .map(|(k, &kind)| PracticeEffect {
            kind,
            n_sessions: sessions[k],
            n_pairs: pair_means[k].len(),
            n_guided: guided[k],
            overall_change: mean(pair_means[k].iter().copied()),
            adjusted: comparison(kind).map_or(AdjustedEffect::NONE, |c| c.overall),
            regions: Region::ALL
                .iter()
                .map(|&region| {
                    let acc = regions[k][region.index()];
                    let n = acc.n as f64;
                    let some = |v: f64| (acc.n > 0).then(|| v / n);
                    RegionEffect {
                        region,
                        n: acc.n,
                        before: some(acc.before),
                        after: some(acc.after),
                        change: some(acc.after - acc.before),
                        adjusted: comparison(kind).map_or(AdjustedEffect::NONE, |c| c.regions[region.index()]),
                    }
                })
                .collect(),
        })
        .collect();

    PracticeReport { effects, weeks: weeks(entries, range, days) }
}

/// Week-by-week distinct practice days from `(date, kind index)` pairs.
fn weeks(entries: &[Entry], range: DateRange, mut days: Vec<(NaiveDate, usize)>) -> Vec<PracticeWeek> {
    let in_range = entries.iter().filter(|e| range.contains_entry(e)).map(local_date);
    let (first, last) = in_range.fold((None::<NaiveDate>, None::<NaiveDate>), |(lo, hi), d| {
        (Some(lo.map_or(d, |x| x.min(d))), Some(hi.map_or(d, |x| x.max(d))))
    });
    let (Some(first), Some(last)) = (range.from.or(first), range.to.or(last)) else {
        return Vec::new();
    };
    days.sort_unstable();
    days.dedup();
    let mut out = Vec::new();
    let mut monday = week_monday(first);
    let mut it = days.iter().peekable();
    while monday <= last {
        let next = monday + chrono::Duration::days(7);
        let mut by_kind = [0u8; 6];
        let mut any: Vec<NaiveDate> = Vec::new();
        // Skip practice days before this week (possible only before the first Monday).
        while it.peek().is_some_and(|&&(d, _)| d < monday) {
            it.next();
        }
        while let Some(&&(d, k)) = it.peek() {
            if d >= next {
                break;
            }
            if let Some(c) = by_kind.get_mut(k) {
                *c += 1;
            }
            if any.last() != Some(&d) {
                any.push(d);
            }
            it.next();
        }
        out.push(PracticeWeek {
            monday,
            any_days: any.len() as u8,
            by_kind: PracticeKind::ALL
                .iter()
                .enumerate()
                .map(|(k, &kind)| KindDays { kind, days: by_kind.get(k).copied().unwrap_or(0) })
                .collect(),
        });
        monday = next;
    }
    out
}

/// One row of `feltsense insights --practices`: a practice over all regions rated before it
/// (`region` is `None`), or one region of it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PracticeRow {
    /// The practice (its code in JSON).
    pub practice: PracticeKind,
    /// The region (its code), or `null` for all regions rated before the practice.
    pub region: Option<Region>,
    /// Sessions of the practice in the period.
    pub n_practices: usize,
    /// Of those, the sessions with a check-in before and after (for a region: in which it was
    /// rated before or after).
    pub n_pairs: usize,
    /// Pairs compared with similar moments ([`AdjustedEffect::n_pairs`]).
    pub n_compared: usize,
    /// Pairs left out for want of moments without a practice a like time apart
    /// ([`AdjustedEffect::n_not_comparable`]).
    pub n_not_comparable: usize,
    /// Days of the compared pairs.
    pub n_days: usize,
    /// Comparison pairs behind the comparison ([`AdjustedEffect::n_controls`]).
    pub n_comparisons: usize,
    /// The plain mean change from before to after, in points, over all pairs (descriptive).
    #[serde(serialize_with = "round_opt")]
    pub plain_change: Option<f64>,
    /// The adjusted effect in points (negative: eased more than similar moments), or `null`.
    #[serde(serialize_with = "round_opt")]
    pub adjusted_effect: Option<f64>,
    /// Lower end of its 95 % interval.
    #[serde(serialize_with = "round_opt")]
    pub ci95_low: Option<f64>,
    /// Upper end of its 95 % interval.
    #[serde(serialize_with = "round_opt")]
    pub ci95_high: Option<f64>,
    /// `eases`, `raises`, `no_clear_difference`, `cannot_compare` or `not_enough_data`.
    pub verdict: ReliefVerdict,
    /// The method's name ([`METHOD`]).
    pub method: &'static str,
}

/// Rounds to 4 decimals for JSON output, keeping `null` for `None`.
fn round_opt<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(x) if x.is_finite() => s.serialize_some(&((x * 10_000.0).round() / 10_000.0)),
        _ => s.serialize_none(),
    }
}

impl PracticeRow {
    fn new(
        e: &PracticeEffect,
        region: Option<Region>,
        n_pairs: usize,
        plain: Option<f64>,
        a: &AdjustedEffect,
    ) -> PracticeRow {
        PracticeRow {
            practice: e.kind,
            region,
            n_practices: e.n_sessions,
            n_pairs,
            n_compared: a.n_pairs,
            n_not_comparable: a.n_not_comparable,
            n_days: a.n_days,
            n_comparisons: a.n_controls,
            plain_change: plain,
            adjusted_effect: a.effect,
            ci95_low: a.low,
            ci95_high: a.high,
            verdict: a.verdict,
            method: METHOD,
        }
    }
}

/// One row per practice, each followed by a row per region with enough data (any verdict but
/// [`ReliefVerdict::NotEnoughData`]), regions in [`Region::ALL`] order.
pub fn practice_rows(report: &PracticeReport) -> Vec<PracticeRow> {
    let mut out = Vec::new();
    for e in &report.effects {
        out.push(PracticeRow::new(e, None, e.n_pairs, e.overall_change, &e.adjusted));
        for r in e.regions.iter().filter(|r| r.adjusted.verdict != ReliefVerdict::NotEnoughData) {
            out.push(PracticeRow::new(e, Some(r.region), r.n, r.change, &r.adjusted));
        }
    }
    out
}

/// Writes the rows as a JSON array (keys `practice`, `region`, `n_practices`, `n_pairs`,
/// `n_compared`, `n_not_comparable`, `n_days`, `n_comparisons`, `plain_change`,
/// `adjusted_effect`, `ci95_low`, `ci95_high`, `verdict`, `method`), for
/// `feltsense insights --practices --format json`.
pub fn write_json(rows: &[PracticeRow], mut w: impl Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut w, rows)?;
    writeln!(w)
}

/// The rows as a text table for the terminal, with what the numbers mean under it.
pub fn format_table(rows: &[PracticeRow], lang: Lang) -> String {
    let mut out = lang
        .pick(
            "Practices: the change in tension from before a practice to after it, compared with similar moments without one (same region, level before and part of the day, the same time apart).\n",
            "Oefeningen: de verandering in spanning van voor een oefening tot erna, vergeleken met vergelijkbare momenten zonder oefening (zelfde gebied, niveau vooraf en deel van de dag, dezelfde tijd ertussen).\n",
        )
        .to_owned();
    if rows.is_empty() {
        out += lang.pick("\nNo practices logged in this period.\n", "\nGeen oefeningen vastgelegd in deze periode.\n");
        return out;
    }
    let all = lang.pick("all regions", "alle gebieden");
    let name = |r: &PracticeRow| match r.region {
        None => format!("{} — {all}", r.practice.name(lang)),
        Some(region) => format!("  {}", region.name(lang)),
    };
    let width = rows.iter().map(|r| name(r).chars().count()).max().unwrap_or(10) + 2;
    let number = |v: Option<f64>| v.map_or_else(|| "–".to_owned(), |x| format_signed(x, 1, lang));
    let head = [
        lang.pick("times", "keer"),
        lang.pick("pairs", "paren"),
        lang.pick("plain", "ruw"),
        lang.pick("compared", "vergel."),
        lang.pick("adjusted", "gecorr."),
        lang.pick("95 % interval", "95%-interval"),
    ];
    out += &format!(
        "\n{:<width$}{:>7}{:>7}{:>8}{:>10}{:>10}{:>17}  {}\n",
        "",
        head[0],
        head[1],
        head[2],
        head[3],
        head[4],
        head[5],
        lang.pick("verdict", "oordeel")
    );
    for r in rows {
        let times = if r.region.is_none() { r.n_practices.to_string() } else { String::new() };
        let interval = match (r.ci95_low, r.ci95_high) {
            (Some(lo), Some(hi)) => {
                format!("{} {} {}", format_signed(lo, 1, lang), lang.pick("to", "tot"), format_signed(hi, 1, lang))
            }
            _ => "–".to_owned(),
        };
        out += &format!(
            "{:<width$}{times:>7}{:>7}{:>8}{:>10}{:>10}{interval:>17}  {}\n",
            name(r),
            r.n_pairs,
            number(r.plain_change),
            r.n_compared,
            number(r.adjusted_effect),
            r.verdict.words(lang)
        );
    }
    out += "\n";
    out += lang.pick(
        "times: practices in the period; pairs: with a check-in before and after; plain: the mean change in points (negative = less tension); compared: pairs compared with similar moments; adjusted: their change minus the change at similar moments.\n",
        "keer: oefeningen in de periode; paren: met een meting ervoor en erna; ruw: de gemiddelde verandering in punten (negatief = minder spanning); vergel.: paren vergeleken met vergelijkbare momenten; gecorr.: hun verandering min die op vergelijkbare momenten.\n",
    );
    out += method_sentence(lang);
    out += "\n";
    if rows.iter().any(|r| r.verdict == ReliefVerdict::CannotCompare) {
        out += cannot_compare_sentence(lang);
        out += "\n";
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::common::test_util::{check_in, feeling, with_practice};
    use crate::model::Region::{Jaw, Neck, ShoulderLeft};

    fn breathing() -> PracticeKind {
        PracticeKind::Breathing46
    }

    #[test]
    fn before_and_after_by_hand() {
        // Hours from Monday 2025-01-06 00:00.
        let entries = vec![
            // Pair 1: neck 6 → 4, left shoulder 4 → 2.
            with_practice(check_in(8, &[(Neck, 6), (ShoulderLeft, 4)]), breathing()),
            check_in(9, &[(Neck, 4), (ShoulderLeft, 2)]),
            // Pair 2: neck 5 → 5, jaw unrated → 2 (rated after only: counts 0 → 2).
            with_practice(check_in(30, &[(Neck, 5)]), breathing()),
            check_in(32, &[(Neck, 5), (Jaw, 2)]),
            // No pair: the next check-in is 4 h later.
            with_practice(check_in(50, &[(Neck, 7)]), breathing()),
            check_in(54, &[(Neck, 1)]),
            // No pair: the practice entry is not a check-in.
            with_practice(feeling(70, "calm", 5), breathing()),
            check_in(71, &[(Neck, 1)]),
            // A walk on Tuesday: neck 3 → after exactly 3 h → 2.
            with_practice(check_in(24 + 12, &[(Neck, 3)]), PracticeKind::Walk),
            check_in(24 + 15, &[(Neck, 2)]),
        ];
        let report = practice_report(&entries, DateRange::ALL);
        assert_eq!(report.effects.len(), 2);
        let b = &report.effects[0];
        assert_eq!((b.kind, b.n_sessions, b.n_pairs), (breathing(), 4, 2));
        // Neck rated in both pairs: before (6 + 5) / 2 = 5.5, after (4 + 5) / 2 = 4.5, change −1.
        let neck = b.regions[Neck.index()];
        assert_eq!((neck.n, neck.before, neck.after, neck.change), (2, Some(5.5), Some(4.5), Some(-1.0)));
        // Shoulder rated in pair 1 only: 4 → 2.
        let sh = b.regions[ShoulderLeft.index()];
        assert_eq!((sh.n, sh.change), (1, Some(-2.0)));
        // Jaw rated (after) in pair 2 only: 0 → 2.
        let jaw = b.regions[Jaw.index()];
        assert_eq!((jaw.n, jaw.before, jaw.change), (1, Some(0.0), Some(2.0)));
        // Never rated: no data.
        assert_eq!(b.regions[Region::Head.index()].n, 0);
        assert_eq!(b.regions[Region::Head.index()].change, None);
        // Overall: pair 1 mean of (−2, −2) = −2; pair 2 mean of (0, +2) = +1; mean −0.5.
        assert_eq!(b.overall_change, Some(-0.5));
        let w = &report.effects[1];
        assert_eq!((w.kind, w.n_pairs, w.overall_change), (PracticeKind::Walk, 1, Some(-1.0)));
    }

    #[test]
    fn guided_sessions_pair_by_their_session_id() {
        use crate::model::{SessionLink, SessionRole};
        let link = |id: &str, role: SessionRole, completed: bool| Some(SessionLink { id: id.into(), role, completed });
        // Session s1: before neck 6 at 8:00, after neck 3 at 8:03. A plain check-in at 8:01 (neck 9)
        // would be "the next check-in" but the session pairs exactly.
        let mut before = with_practice(check_in(8, &[(Neck, 6)]), breathing());
        before.session = link("s1", SessionRole::Before, true);
        let mut other = check_in(8, &[(Neck, 9)]);
        other.at += chrono::Duration::minutes(1);
        let mut after = with_practice(check_in(8, &[(Neck, 3)]), breathing());
        after.at += chrono::Duration::minutes(3);
        after.session = link("s1", SessionRole::After, true);
        // Session s2, stopped early, rated after 5 hours: still its own pair, 4 → 3 in the jaw.
        let mut b2 = with_practice(check_in(30, &[(Jaw, 4)]), breathing());
        b2.session = link("s2", SessionRole::Before, true);
        let mut a2 = check_in(35, &[(Jaw, 3)]);
        a2.session = link("s2", SessionRole::After, false);
        // Session s3 has no "after" entry: a session without a pair.
        let mut b3 = with_practice(check_in(50, &[(Neck, 5)]), breathing());
        b3.session = link("s3", SessionRole::Before, true);
        let entries = vec![before, other, after, b2, a2, b3, check_in(51, &[(Neck, 1)])];

        let report = practice_report(&entries, DateRange::ALL);
        assert_eq!(report.effects.len(), 1);
        let b = &report.effects[0];
        // Three sessions (the "after" entries are not sessions of their own), two pairs, both guided.
        assert_eq!((b.n_sessions, b.n_pairs, b.n_guided), (3, 2, 2));
        // Neck: only s1 rates it, 6 → 3. Jaw: only s2, 4 → 3.
        assert_eq!((b.regions[Neck.index()].n, b.regions[Neck.index()].change), (1, Some(-3.0)));
        assert_eq!((b.regions[Jaw.index()].n, b.regions[Jaw.index()].change), (1, Some(-1.0)));
        // Overall: (−3 + −1) / 2.
        assert_eq!(b.overall_change, Some(-2.0));
        // Days: 2025-01-06 (s1), 01-07 (s2), 01-08 (s3).
        assert_eq!(report.weeks[0].by_kind[0].days, 3);
    }

    #[test]
    fn weekly_consistency_counts_distinct_days() {
        // Week of 2025-01-06: breathing on Mon (twice) and Wed, a walk on Wed.
        // Week of 2025-01-13: nothing. Week of 2025-01-20: breathing on Sunday the 26th.
        let entries = vec![
            with_practice(check_in(8, &[(Neck, 3)]), breathing()),
            with_practice(check_in(20, &[(Neck, 3)]), breathing()),
            with_practice(check_in(2 * 24 + 9, &[(Neck, 3)]), breathing()),
            with_practice(check_in(2 * 24 + 18, &[(Neck, 3)]), PracticeKind::Walk),
            with_practice(check_in(20 * 24 + 9, &[(Neck, 3)]), breathing()),
        ];
        let weeks = practice_report(&entries, DateRange::ALL).weeks;
        assert_eq!(weeks.len(), 3);
        let days = |w: &PracticeWeek, kind: PracticeKind| w.by_kind.iter().find(|k| k.kind == kind).map(|k| k.days);
        assert_eq!(weeks[0].monday, NaiveDate::from_ymd_opt(2025, 1, 6).expect("date"));
        assert_eq!(days(&weeks[0], breathing()), Some(2));
        assert_eq!(days(&weeks[0], PracticeKind::Walk), Some(1));
        assert_eq!(weeks[0].any_days, 2);
        assert_eq!(weeks[1].any_days, 0);
        assert_eq!(days(&weeks[2], breathing()), Some(1));

        // A range given explicitly sets the weeks listed.
        let from = NaiveDate::from_ymd_opt(2025, 1, 13).expect("date");
        let to = NaiveDate::from_ymd_opt(2025, 2, 2).expect("date");
        let report = practice_report(&entries, DateRange::new(from, to));
        assert_eq!(report.weeks.len(), 3);
        assert_eq!(report.weeks.iter().map(|w| w.any_days).collect::<Vec<_>>(), [0, 1, 0]);
        assert_eq!(report.effects[0].n_sessions, 1);
        assert!(practice_report(&[], DateRange::ALL).weeks.is_empty());
    }
}
