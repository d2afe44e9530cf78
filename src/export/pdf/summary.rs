//! The numbers on page 1 of the report, computed from the entries alone (no PDF involved), so the
//! window can show a preview and tests can check the report against them.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use crate::analysis::common::DateRange;
use crate::analysis::practices::practice_report;
use crate::analysis::relief::AdjustedEffect;
use crate::model::{Entry, PracticeKind, Region, SessionRole, Signal, dates};

use super::ReportOptions;

/// How many regions the summary lists as "highest".
pub const TOP_REGIONS: usize = 5;

/// The direction of a region's change against the previous period of equal length.
///
/// A change is meaningful (↑ or ↓) when the mean moved by at least 2 points, or by at least 30 %
/// of the previous mean (the usual clinical thresholds on the 0–10 scale); in both cases it must
/// be at least 1 point, so that a drift from 0.2 to 0.3 is not called a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trend {
    /// Meaningfully higher than in the previous period.
    Up,
    /// Meaningfully lower.
    Down,
    /// About the same.
    Same,
    /// No check-ins in one of the two periods, so nothing to compare.
    Unknown,
}

impl Trend {
    /// Classifies a change from `previous` to `current` (both means on the 0–10 scale).
    pub fn classify(previous: Option<f64>, current: Option<f64>) -> Trend {
        let (Some(p), Some(c)) = (previous, current) else { return Trend::Unknown };
        let d = c - p;
        let relative = if p > 0.0 { d.abs() / p } else { f64::INFINITY };
        let meaningful = d.abs() >= 1.0 - 1e-9 && (d.abs() >= 2.0 - 1e-9 || relative >= 0.3 - 1e-9);
        match (meaningful, d > 0.0) {
            (false, _) => Trend::Same,
            (true, true) => Trend::Up,
            (true, false) => Trend::Down,
        }
    }

    /// The arrow printed in the report: `↑`, `↓`, `=`, or `–` when there is nothing to compare.
    pub fn symbol(self) -> &'static str {
        match self {
            Trend::Up => "↑",
            Trend::Down => "↓",
            Trend::Same => "=",
            Trend::Unknown => "–",
        }
    }
}

/// One region in the period.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionStat {
    /// The region.
    pub region: Region,
    /// Mean level over the period's check-ins (unrated regions count as 0); `None` without
    /// check-ins.
    pub mean: Option<f64>,
    /// The same over the previous period of equal length.
    pub previous_mean: Option<f64>,
    /// Highest level in the period.
    pub max: Option<u8>,
    /// Direction of the change.
    pub trend: Trend,
}

impl RegionStat {
    /// `mean − previous_mean`, when both exist.
    pub fn change(&self) -> Option<f64> {
        Some(self.mean? - self.previous_mean?)
    }
}

/// One emotion in the period.
#[derive(Clone, Debug, PartialEq)]
pub struct EmotionStat {
    /// Emotion code.
    pub code: String,
    /// Entries that record it.
    pub count: usize,
    /// Mean intensity.
    pub mean_intensity: f64,
}

/// One practice in the period, with its effect.
///
/// The effect is the one the Insights view shows ([`practice_report`]): for a guided practice the
/// "before" and "after" check-ins of the session; otherwise the practice entry's own levels
/// (when it is a check-in) and the next check-in within 3 hours. Per pair, the mean change over
/// the regions rated in either; then the mean over the pairs. That plain change is descriptive;
/// [`PracticeStat::adjusted`] compares the pairs with similar moments without a practice
/// ([`crate::analysis::relief`]).
#[derive(Clone, Debug, PartialEq)]
pub struct PracticeStat {
    /// The practice.
    pub kind: PracticeKind,
    /// Sessions in the period.
    pub count: usize,
    /// Total minutes.
    pub minutes: u32,
    /// Sessions with a before and an after check-in.
    pub pairs: usize,
    /// Mean change in points from before to after (negative = tension eased).
    pub mean_change: Option<f64>,
    /// The change compared with similar moments without a practice, with its interval.
    pub adjusted: AdjustedEffect,
}

/// One unnoticed-stress signal in the period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignalStat {
    /// The signal.
    pub signal: Signal,
    /// Entries in the period that record it.
    pub count: usize,
    /// The same in the previous period.
    pub previous_count: usize,
}

/// One week (seven days from the period's start; the last may be shorter) for the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct WeekStat {
    /// First day.
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
    /// Check-ins in the week.
    pub check_ins: usize,
    /// Mean level per region ([`Region::index`]), `None` without check-ins.
    pub means: [Option<f64>; Region::COUNT],
}

/// Everything on page 1 of the report.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportSummary {
    /// First day of the period.
    pub period_from: NaiveDate,
    /// Last day of the period (inclusive).
    pub period_to: NaiveDate,
    /// First day of the previous period of equal length.
    pub previous_from: NaiveDate,
    /// Last day of the previous period.
    pub previous_to: NaiveDate,
    /// Days in the period.
    pub days_in_period: u32,
    /// Days with at least one entry.
    pub days_logged: u32,
    /// Entries in the period.
    pub entries: usize,
    /// Check-ins in the period.
    pub check_ins: usize,
    /// Check-ins in the previous period.
    pub previous_check_ins: usize,
    /// All regions, in [`Region::ALL`] order.
    pub regions: Vec<RegionStat>,
    /// Up to [`TOP_REGIONS`] regions with a mean above 0, highest first.
    pub top_regions: Vec<Region>,
    /// Every emotion logged in the period, most often first.
    pub emotions: Vec<EmotionStat>,
    /// Every practice done in the period, most often first.
    pub practices: Vec<PracticeStat>,
    /// Every signal, in [`Signal::ALL`] order.
    pub signals: Vec<SignalStat>,
    /// The period in weeks, for the chart.
    pub weeks: Vec<WeekStat>,
}

impl ReportSummary {
    /// The statistics of one region.
    pub fn region(&self, region: Region) -> &RegionStat {
        &self.regions[region.index()]
    }
}

fn in_range(e: &Entry, from: NaiveDate, to: NaiveDate) -> bool {
    let d = e.at.date_naive();
    d >= from && d <= to
}

fn region_means<'a>(
    check_ins: impl Iterator<Item = &'a Entry>,
) -> (usize, [Option<f64>; Region::COUNT], [u8; Region::COUNT]) {
    let mut sums = [0u32; Region::COUNT];
    let mut max = [0u8; Region::COUNT];
    let mut n = 0usize;
    for e in check_ins {
        if let Some(levels) = e.levels() {
            n += 1;
            for (i, &v) in levels.iter().enumerate() {
                sums[i] += u32::from(v);
                max[i] = max[i].max(v);
            }
        }
    }
    let means = sums.map(|s| (n > 0).then(|| f64::from(s) / n as f64));
    (n, means, max)
}

/// Computes the numbers of page 1 for `options`' period from all `entries` (in any order).
pub fn summarize(entries: &[Entry], options: &ReportOptions) -> ReportSummary {
    let from = options.period_from.min(options.period_to);
    let to = options.period_to.max(options.period_from);
    let days = (to - from).num_days() + 1;
    // The previous period of equal length; empty when it would start before the calendar does.
    let previous_range = DateRange::new(from, to).previous();
    let previous_from = previous_range.and_then(|r| r.from).unwrap_or(NaiveDate::MIN);
    let previous_to = previous_range.and_then(|r| r.to).unwrap_or(NaiveDate::MIN);

    let mut period: Vec<&Entry> = entries.iter().filter(|e| in_range(e, from, to)).collect();
    period.sort_by_key(|e| e.at);
    let previous: Vec<&Entry> = match previous_range {
        Some(_) => entries.iter().filter(|e| in_range(e, previous_from, previous_to)).collect(),
        None => Vec::new(),
    };

    let days_logged = period.iter().map(|e| e.at.date_naive()).collect::<BTreeSet<_>>().len() as u32;

    let (check_ins, means, max) = region_means(period.iter().copied());
    let (previous_check_ins, previous_means, _) = region_means(previous.iter().copied());
    let regions: Vec<RegionStat> = Region::ALL
        .iter()
        .map(|&r| {
            let i = r.index();
            RegionStat {
                region: r,
                mean: means[i],
                previous_mean: previous_means[i],
                max: (check_ins > 0).then_some(max[i]),
                trend: Trend::classify(previous_means[i], means[i]),
            }
        })
        .collect();
    let mut ranked: Vec<&RegionStat> = regions.iter().filter(|s| s.mean.is_some_and(|m| m > 0.0)).collect();
    ranked.sort_by(|a, b| b.mean.unwrap_or(0.0).total_cmp(&a.mean.unwrap_or(0.0)).then(a.region.cmp(&b.region)));
    let top_regions = ranked.iter().take(TOP_REGIONS).map(|s| s.region).collect();

    let mut emotion_totals: HashMap<&str, (usize, u32)> = HashMap::new();
    for e in &period {
        for r in &e.emotions {
            let t = emotion_totals.entry(r.code.as_str()).or_default();
            t.0 += 1;
            t.1 += u32::from(r.intensity.get());
        }
    }
    let mut emotions: Vec<EmotionStat> = emotion_totals
        .into_iter()
        .map(|(code, (count, sum))| EmotionStat {
            code: code.to_owned(),
            count,
            mean_intensity: f64::from(sum) / count as f64,
        })
        .collect();
    emotions.sort_by(|a, b| {
        b.count.cmp(&a.count).then(b.mean_intensity.total_cmp(&a.mean_intensity)).then(a.code.cmp(&b.code))
    });

    let practices = practice_stats(entries, &period, from, to);

    let signals = Signal::ALL
        .iter()
        .map(|&s| SignalStat {
            signal: s,
            count: period.iter().filter(|e| e.signals.contains(&s)).count(),
            previous_count: previous.iter().filter(|e| e.signals.contains(&s)).count(),
        })
        .collect();

    // One pass over the period's entries (sorted by time), however many weeks the period has.
    let mut weeks = Vec::new();
    let mut start = from;
    let mut by_day = period.clone();
    by_day.sort_by_key(|e| (e.at.date_naive(), e.at));
    let mut rest: &[&Entry] = &by_day;
    while start <= to {
        let end = dates::days_after(start, 6).unwrap_or(to).min(to);
        let split = rest.iter().position(|e| e.at.date_naive() > end).unwrap_or(rest.len());
        let (this_week, later) = rest.split_at(split);
        rest = later;
        let (n, means, _) = region_means(this_week.iter().copied().filter(|e| in_range(e, start, end)));
        weeks.push(WeekStat { from: start, to: end, check_ins: n, means });
        let Some(next) = end.succ_opt() else { break };
        start = next;
    }

    ReportSummary {
        period_from: from,
        period_to: to,
        previous_from,
        previous_to,
        days_in_period: days as u32,
        days_logged,
        entries: period.len(),
        check_ins,
        previous_check_ins,
        regions,
        top_regions,
        emotions,
        practices,
        signals,
        weeks,
    }
}

fn practice_stats(all: &[Entry], period: &[&Entry], from: NaiveDate, to: NaiveDate) -> Vec<PracticeStat> {
    let report = practice_report(all, DateRange::new(from, to));
    let mut stats: Vec<PracticeStat> = report
        .effects
        .iter()
        .map(|e| PracticeStat {
            kind: e.kind,
            count: e.n_sessions,
            minutes: period
                .iter()
                .filter(|x| !x.session.as_ref().is_some_and(|l| l.role == SessionRole::After))
                .filter_map(|x| x.practice)
                .filter(|p| p.kind == e.kind)
                .map(|p| u32::from(p.minutes))
                .sum(),
            pairs: e.n_pairs,
            mean_change: e.overall_change,
            adjusted: e.adjusted,
        })
        .filter(|s| s.count > 0)
        .collect();
    stats.sort_by(|a, b| b.count.cmp(&a.count).then(a.kind.cmp(&b.kind)));
    stats
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trend_thresholds() {
        assert_eq!(Trend::classify(Some(3.0), Some(5.0)), Trend::Up, "2 points");
        assert_eq!(Trend::classify(Some(6.0), Some(4.5)), Trend::Same, "1.5 points is 25 %");
        assert_eq!(Trend::classify(Some(3.0), Some(2.0)), Trend::Down, "1 point is 33 %");
        assert_eq!(Trend::classify(Some(0.2), Some(0.4)), Trend::Same, "tiny, though +100 %");
        assert_eq!(Trend::classify(Some(0.0), Some(1.0)), Trend::Up);
        assert_eq!(Trend::classify(None, Some(4.0)), Trend::Unknown);
        assert_eq!(Trend::classify(Some(4.0), None), Trend::Unknown);
    }
}
