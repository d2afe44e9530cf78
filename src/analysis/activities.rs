//! The activities that matter (PSK / PSFS): first against latest, per activity and for the mean,
//! with the ~2-point threshold, and the weekly series the charts draw.
//!
//! Rules (see [`crate::model::prep::activity`] for the instruments):
//! - Ratings of different instruments are never compared or averaged: every summary is for one
//!   instrument ([`summaries`] gives one per instrument that has ratings, the one in use first).
//! - **First** is an activity's first rating ever (its baseline), **latest** its last rating up
//!   to the period's end. The change is counted in the direction of improvement (a PSK score
//!   that falls and a PSFS score that rises are both positive).
//! - The **mean** compares the same activities at both ends: the mean of the first scores and the
//!   mean of the latest scores of every activity that has both (at least two ratings), so an
//!   activity added late cannot move it. A change of at least [`MEAN_THRESHOLD`] points counts as
//!   more than measurement noise; for a single activity [`ITEM_THRESHOLD`].

use chrono::NaiveDate;

use crate::model::prep::activity::{ITEM_THRESHOLD, MEAN_THRESHOLD};
use crate::model::prep::{Activity, ActivityRating, Instrument, Prep};
use crate::model::{Lang, text};

/// One score at one week.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Score {
    /// The Monday of the week rated.
    pub week: NaiveDate,
    /// The score, 0–10.
    pub value: f64,
}

/// First against latest for one activity.
#[derive(Clone, Debug, PartialEq)]
pub struct ActivityChange {
    /// The activity.
    pub activity: Activity,
    /// Its scores up to the period's end, oldest first.
    pub series: Vec<Score>,
    /// Whether it has a rating inside the period.
    pub rated_in_period: bool,
}

impl ActivityChange {
    /// The first score (the baseline).
    pub fn first(&self) -> Option<Score> {
        self.series.first().copied()
    }

    /// The latest score up to the period's end.
    pub fn latest(&self) -> Option<Score> {
        self.series.last().copied()
    }

    /// The improvement from first to latest in points (positive: better), with two scores or more.
    pub fn improvement(&self) -> Option<f64> {
        match (self.first(), self.latest()) {
            (Some(a), Some(b)) if self.series.len() >= 2 => {
                Some(self.activity.instrument.improvement(a.value, b.value))
            }
            _ => None,
        }
    }

    /// Whether the change reaches [`ITEM_THRESHOLD`] points either way.
    pub fn passes(&self) -> bool {
        self.improvement().is_some_and(|d| d.abs() >= ITEM_THRESHOLD - 1e-9)
    }
}

/// First against latest for the mean over the activities rated at both ends.
#[derive(Clone, Debug, PartialEq)]
pub struct MeanChange {
    /// How many activities it averages.
    pub activities: usize,
    /// The mean of their first scores.
    pub first: f64,
    /// The mean of their latest scores.
    pub latest: f64,
    /// The improvement in points (positive: better).
    pub improvement: f64,
}

impl MeanChange {
    /// Whether the change reaches [`MEAN_THRESHOLD`] points either way.
    pub fn passes(&self) -> bool {
        self.improvement.abs() >= MEAN_THRESHOLD - 1e-9
    }
}

/// Everything about the activities of one instrument.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// The instrument.
    pub instrument: Instrument,
    /// The activities with a rating up to the period's end (the ones being rated first, in
    /// their order; then retired ones), excluding activities retired before the period began.
    pub activities: Vec<ActivityChange>,
    /// The mean's change, when an activity has two ratings or more.
    pub mean: Option<MeanChange>,
    /// The weekly mean over the activities rated that week, with how many it averages.
    pub weekly_means: Vec<(NaiveDate, f64, usize)>,
}

/// The summaries for the period `from`–`to` (either open), one per instrument with ratings up to
/// `to`; the instrument in use first.
pub fn summaries(prep: &Prep, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Vec<Summary> {
    let mut instruments: Vec<Instrument> = Vec::new();
    if let Some(i) = prep.instrument() {
        instruments.push(i);
    }
    for a in &prep.activities {
        if !instruments.contains(&a.instrument) {
            instruments.push(a.instrument);
        }
    }
    instruments.into_iter().filter_map(|i| summary(prep, i, from, to)).collect()
}

fn in_period(r: &ActivityRating, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
    // A week belongs to the period when any of its days does.
    let sunday = crate::model::dates::days_after(r.week, 6).unwrap_or(r.week);
    from.is_none_or(|f| sunday >= f) && to.is_none_or(|t| r.week <= t)
}

/// The summary of one instrument's activities, `None` when none has a rating up to `to`.
pub fn summary(prep: &Prep, instrument: Instrument, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Option<Summary> {
    let mut activities = Vec::new();
    for a in prep.activities.iter().filter(|a| a.instrument == instrument) {
        if let (Some(retired), Some(from)) = (a.retired, from)
            && retired.date_naive() < from
        {
            continue;
        }
        let ratings: Vec<&ActivityRating> =
            prep.ratings_of(&a.uid).filter(|r| r.instrument == instrument && to.is_none_or(|t| r.week <= t)).collect();
        if ratings.is_empty() {
            continue;
        }
        let rated_in_period = ratings.iter().any(|r| in_period(r, from, to));
        let mut series: Vec<Score> = ratings.iter().map(|r| Score { week: r.week, value: r.score.as_f64() }).collect();
        series.sort_by_key(|s| s.week);
        activities.push(ActivityChange { activity: a.clone(), series, rated_in_period });
    }
    if activities.is_empty() {
        return None;
    }
    let both: Vec<(f64, f64)> = activities
        .iter()
        .filter(|c| c.series.len() >= 2)
        .filter_map(|c| Some((c.first()?.value, c.latest()?.value)))
        .collect();
    let mean = (!both.is_empty()).then(|| {
        let n = both.len() as f64;
        let first = both.iter().map(|p| p.0).sum::<f64>() / n;
        let latest = both.iter().map(|p| p.1).sum::<f64>() / n;
        MeanChange { activities: both.len(), first, latest, improvement: instrument.improvement(first, latest) }
    });
    let mut weeks: Vec<NaiveDate> = activities.iter().flat_map(|c| c.series.iter().map(|s| s.week)).collect();
    weeks.sort_unstable();
    weeks.dedup();
    let weekly_means = weeks
        .into_iter()
        .map(|w| {
            let v: Vec<f64> =
                activities.iter().flat_map(|c| c.series.iter().filter(|s| s.week == w).map(|s| s.value)).collect();
            (w, v.iter().sum::<f64>() / v.len() as f64, v.len())
        })
        .collect();
    Some(Summary { instrument, activities, mean, weekly_means })
}

/// "3.0 points better; more than measurement noise" — the change of one activity or the mean in
/// words, for the window, the report and the CLI (which show the two scores themselves).
pub fn change_words(instrument: Instrument, first: f64, latest: f64, passes: bool, lang: Lang) -> String {
    let d = instrument.improvement(first, latest);
    let points = text::number(d.abs(), 1, lang);
    let how = if text::round(d, 1) == 0.0 {
        lang.pick("no change", "geen verandering").to_owned()
    } else if d > 0.0 {
        format!("{points} {}", lang.pick("points better", "punten beter"))
    } else {
        format!("{points} {}", lang.pick("points worse", "punten slechter"))
    };
    let noise = if passes {
        lang.pick("more than measurement noise", "meer dan meetruis")
    } else {
        lang.pick("within measurement noise", "binnen de meetruis")
    };
    format!("{how}; {noise}")
}

/// What the threshold is, in one sentence.
pub fn threshold_words(lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "A change of {} points in the mean ({} for one activity) is more than measurement noise.",
            text::number(MEAN_THRESHOLD, 0, lang),
            text::number(ITEM_THRESHOLD, 0, lang)
        ),
        Lang::Nl => format!(
            "Een verandering van {} punten in het gemiddelde ({} voor één activiteit) is meer dan meetruis.",
            text::number(MEAN_THRESHOLD, 0, lang),
            text::number(ITEM_THRESHOLD, 0, lang)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Level;
    use crate::model::prep::activity::week_of;
    use chrono::{DateTime, Duration};

    fn at(day: i64) -> DateTime<chrono::FixedOffset> {
        DateTime::parse_from_rfc3339("2026-10-05T20:00:00+02:00").expect("t") + Duration::days(day)
    }

    fn activity(name: &str, instrument: Instrument, position: u32) -> Activity {
        let mut a = Activity::new(name, instrument, at(0)).expect("activity");
        a.uid = name.to_owned();
        a.position = position;
        a
    }

    fn rate(prep: &mut Prep, uid: &str, day: i64, score: u8) {
        let a = prep.activity(uid).expect("known").clone();
        prep.ratings.push(ActivityRating {
            activity: uid.to_owned(),
            instrument: a.instrument,
            week: week_of(at(day).date_naive()),
            at: at(day),
            score: Level::new(score).expect("level"),
        });
    }

    #[test]
    fn first_against_latest_in_the_instruments_direction_with_the_thresholds() {
        let mut p = Prep {
            activities: vec![activity("stairs", Instrument::Psk, 0), activity("lifting", Instrument::Psk, 1)],
            ..Prep::default()
        };
        rate(&mut p, "stairs", 0, 8);
        rate(&mut p, "lifting", 0, 6);
        rate(&mut p, "stairs", 7, 7);
        rate(&mut p, "stairs", 14, 4);
        rate(&mut p, "lifting", 14, 5);
        let s = summary(&p, Instrument::Psk, None, None).expect("summary");
        let stairs = &s.activities[0];
        assert_eq!(stairs.improvement(), Some(4.0), "PSK 8 → 4 is 4 points better");
        assert!(stairs.passes());
        assert_eq!(s.activities[1].improvement(), Some(1.0));
        assert!(!s.activities[1].passes());
        let mean = s.mean.as_ref().expect("mean");
        assert_eq!((mean.activities, mean.first, mean.latest), (2, 7.0, 4.5));
        assert!(mean.passes(), "2.5 points in the mean");
        assert_eq!(s.weekly_means.len(), 3);
        assert_eq!(s.weekly_means[0].1, 7.0);
        assert_eq!(s.weekly_means[1], (week_of(at(7).date_naive()), 7.0, 1));

        // Up to an earlier end the latest is the one before it.
        let earlier = summary(&p, Instrument::Psk, None, Some(at(8).date_naive())).expect("earlier");
        assert_eq!(earlier.activities[0].latest().map(|s| s.value), Some(7.0));
        assert!(earlier.mean.as_ref().is_some_and(|m| !m.passes()), "only stairs, 1 point");
    }

    #[test]
    fn two_instruments_are_never_averaged_together() {
        let mut old = activity("walking", Instrument::Psfs, 0);
        old.retired = Some(at(10));
        let mut p = Prep { activities: vec![activity("stairs", Instrument::Psk, 0), old], ..Prep::default() };
        rate(&mut p, "walking", 0, 3);
        rate(&mut p, "walking", 7, 8);
        rate(&mut p, "stairs", 14, 6);
        let all = summaries(&p, None, None);
        assert_eq!(all.iter().map(|s| s.instrument).collect::<Vec<_>>(), vec![Instrument::Psk, Instrument::Psfs]);
        assert!(all[0].mean.is_none(), "one PSK rating: no change yet");
        let psfs = all[1].mean.as_ref().expect("psfs mean");
        assert_eq!(psfs.improvement, 5.0, "PSFS 3 → 8 is better");
        // An activity retired before the period is left out of it.
        let later = summaries(&p, Some(at(12).date_naive()), None);
        assert_eq!(later.len(), 1);
        assert_eq!(change_words(Instrument::Psk, 8.0, 4.0, true, Lang::Nl), "4,0 punten beter; meer dan meetruis");
        assert_eq!(
            change_words(Instrument::Psfs, 6.0, 5.0, false, Lang::En),
            "1.0 points worse; within measurement noise"
        );
    }
}
