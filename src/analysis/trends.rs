//! Tension over time: daily and weekly means per region, and emotion events as markers.
//!
//! Plot-ready: every point carries `x`, the number of days since 1970-01-01 (of the local date, or
//! of the local date and time for markers), so a chart can share one axis for all series.

use chrono::{DateTime, FixedOffset, NaiveDate, Timelike};
use serde::Serialize;

use super::common::{DateRange, LevelAcc, RegionLevels, days_since_epoch, local_date, time_order, week_monday};
use crate::model::{Entry, Level};

/// The mean levels of the check-ins of one day or one week.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PeriodPoint {
    /// The day, or the Monday that starts the ISO week.
    pub start: NaiveDate,
    /// `start` as days since 1970-01-01, for the plot's x axis.
    pub x: f64,
    /// Means (and maxima) per region over the check-ins of the period; `levels.n` ≥ 1.
    pub levels: RegionLevels,
}

/// One emotion event, for a marker on the chart.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EmotionMarker {
    /// When it was felt.
    pub at: DateTime<FixedOffset>,
    /// Days since 1970-01-01 of the local date plus the local time of day as a fraction.
    pub x: f64,
    /// Emotion code.
    pub emotion: String,
    /// Its intensity.
    pub intensity: Level,
    /// Index of the entry in the slice given.
    pub entry: usize,
}

/// Everything the trends chart needs for one range.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trends {
    /// One point per local date with at least one check-in, in date order.
    pub daily: Vec<PeriodPoint>,
    /// One point per ISO week (Monday start) with at least one check-in, in date order. The mean
    /// is over all check-ins of the week (a day with more check-ins weighs more), not a mean of
    /// daily means.
    pub weekly: Vec<PeriodPoint>,
    /// Emotions at `min_intensity` or more, in time order (several per entry possible).
    pub markers: Vec<EmotionMarker>,
}

/// Daily and weekly mean tension per region over `range`, with emotion markers at
/// `min_intensity` or more. Days and weeks without check-ins are left out (a gap, not a zero).
pub fn trends(entries: &[Entry], range: DateRange, min_intensity: Level) -> Trends {
    let mut daily = Vec::new();
    let mut weekly = Vec::new();
    let mut markers = Vec::new();
    let mut day: Option<(NaiveDate, LevelAcc)> = None;
    let mut week: Option<(NaiveDate, LevelAcc)> = None;
    // Pushes a finished period.
    fn flush(out: &mut Vec<PeriodPoint>, slot: Option<(NaiveDate, LevelAcc)>) {
        if let Some((start, acc)) = slot
            && acc.n() > 0
        {
            out.push(PeriodPoint { start, x: days_since_epoch(start) as f64, levels: acc.finish() });
        }
    }
    // Entries are visited by local date; an entry logged at a different UTC offset may sort
    // slightly differently by instant than by local clock, so sort by local date first.
    let mut order = time_order(entries);
    order.sort_by_key(|&i| local_date(&entries[i]));
    for i in order {
        let e = &entries[i];
        let date = local_date(e);
        if !range.contains(date) {
            continue;
        }
        for em in &e.emotions {
            if em.intensity >= min_intensity {
                let secs = e.at.time().num_seconds_from_midnight();
                markers.push(EmotionMarker {
                    at: e.at,
                    x: days_since_epoch(date) as f64 + f64::from(secs) / 86_400.0,
                    emotion: em.code.clone(),
                    intensity: em.intensity,
                    entry: i,
                });
            }
        }
        if !e.is_check_in() {
            continue;
        }
        if day.as_ref().is_none_or(|(d, _)| *d != date) {
            flush(&mut daily, day.take());
            day = Some((date, LevelAcc::default()));
        }
        let monday = week_monday(date);
        if week.as_ref().is_none_or(|(m, _)| *m != monday) {
            flush(&mut weekly, week.take());
            week = Some((monday, LevelAcc::default()));
        }
        for slot in [&mut day, &mut week].into_iter().flatten() {
            slot.1.add_entry(e);
        }
    }
    flush(&mut daily, day);
    flush(&mut weekly, week);
    markers.sort_by(|a, b| a.at.cmp(&b.at).then(a.entry.cmp(&b.entry)));
    Trends { daily, weekly, markers }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::common::test_util::{check_in, feeling, with_emotion};
    use crate::model::Region::{Jaw, Neck};

    fn lvl(v: u8) -> Level {
        Level::new(v).expect("level")
    }

    /// Hours from Monday 2025-01-06 00:00 +01:00 (days since 1970: 20094).
    fn journal() -> Vec<Entry> {
        vec![
            check_in(8, &[(Neck, 2)]),                              // Mon
            check_in(20, &[(Neck, 6), (Jaw, 3)]),                   // Mon
            feeling(21, "anxiety", 7),                              // Mon, not a check-in
            with_emotion(check_in(24 + 9, &[(Neck, 4)]), "joy", 3), // Tue
            check_in(7 * 24 + 10, &[(Jaw, 5)]),                     // next Mon
        ]
    }

    #[test]
    fn daily_and_weekly_means_by_hand() {
        let tr = trends(&journal(), DateRange::ALL, lvl(5));
        assert_eq!(tr.daily.len(), 3);
        let mon = &tr.daily[0];
        assert_eq!(mon.start, NaiveDate::from_ymd_opt(2025, 1, 6).expect("date"));
        assert_eq!(mon.x, 20_094.0);
        // Monday: neck (2 + 6) / 2 = 4, jaw (0 + 3) / 2 = 1.5; the emotion-only entry is not counted.
        assert_eq!(mon.levels.n, 2);
        assert_eq!(mon.levels.mean_of(Neck), Some(4.0));
        assert_eq!(mon.levels.mean_of(Jaw), Some(1.5));
        assert_eq!(tr.daily[1].levels.mean_of(Neck), Some(4.0));
        assert_eq!(tr.daily[2].x, 20_101.0);

        // Week 1: three check-ins, neck (2 + 6 + 4) / 3 = 4, jaw 3 / 3 = 1.
        assert_eq!(tr.weekly.len(), 2);
        assert_eq!(tr.weekly[0].levels.n, 3);
        assert_eq!(tr.weekly[0].levels.mean_of(Neck), Some(4.0));
        assert_eq!(tr.weekly[0].levels.mean_of(Jaw), Some(1.0));
        assert_eq!(tr.weekly[1].start, NaiveDate::from_ymd_opt(2025, 1, 13).expect("date"));
        assert_eq!(tr.weekly[1].levels.mean_of(Jaw), Some(5.0));
    }

    #[test]
    fn markers_respect_the_threshold_and_carry_the_time_of_day() {
        let tr = trends(&journal(), DateRange::ALL, lvl(5));
        // Joy at 3 is below 5; anxiety at 7 on Monday 21:00.
        assert_eq!(tr.markers.len(), 1);
        let m = &tr.markers[0];
        assert_eq!((m.emotion.as_str(), m.intensity, m.entry), ("anxiety", lvl(7), 2));
        assert_eq!(m.x, 20_094.0 + 21.0 / 24.0);
        let tr = trends(&journal(), DateRange::ALL, lvl(1));
        assert_eq!(tr.markers.len(), 2);
    }

    #[test]
    fn range_limits_all_series() {
        let tuesday = NaiveDate::from_ymd_opt(2025, 1, 7).expect("date");
        let tr = trends(&journal(), DateRange { from: Some(tuesday), to: None }, lvl(1));
        assert_eq!(tr.daily.iter().map(|p| p.start).collect::<Vec<_>>().first(), Some(&tuesday));
        assert_eq!(tr.daily.len(), 2);
        // Week 1 now holds only Tuesday's check-in.
        assert_eq!(tr.weekly[0].levels.n, 1);
        assert_eq!(tr.markers.len(), 1);
        assert_eq!(tr.markers[0].emotion, "joy");
        assert_eq!(trends(&[], DateRange::ALL, lvl(5)), Trends { daily: vec![], weekly: vec![], markers: vec![] });
    }
}
