//! Topics Feltsense suggests from the journal, for the person to accept or dismiss.
//!
//! A suggestion states what the journal holds, in neutral words, and never what it might mean:
//! no cause, no diagnosis, no advice. Each kind has a fixed sentence and a rule that keeps noise
//! out:
//!
//! | kind | rule | sentence |
//! |---|---|---|
//! | a region's level changed | at least [`MIN_CHECK_INS`] check-ins in the last [`RECENT_DAYS`] days and in the [`BEFORE_DAYS`] days before, and the two means differ by at least [`MIN_CHANGE`] points | "Left shoulder: average 4.6 in the last 2 weeks, 3.1 in the 4 weeks before (9 and 20 check-ins)" |
//! | a region rated for the first time | its first rating above 0 lies in the last [`RECENT_DAYS`] days, after at least [`MIN_HISTORY_CHECK_INS`] check-ins over at least [`BEFORE_DAYS`] days that never rated it | "Jaw rated for the first time on 12 Nov" |
//! | a signal on many days | logged on at least [`MIN_SIGNAL_DAYS`] of the last [`RECENT_DAYS`] days | "Restless sleep on 9 of the last 14 days" |
//! | an activity changed | an activity being rated moved at least the single-activity threshold (3 points) from its first to its latest score | "Climbing stairs (PSK): 7 in the week of 2 Nov, 4 in the week of 16 Nov" |
//!
//! Check-ins follow the journal's rule: a region a check-in does not rate counts as 0 in it.
//!
//! Every suggestion has a [`Suggestion::key`] that names its kind, its subject and the period it
//! belongs to (the day of the last appointment, or `none`). A suggestion whose key is already a
//! topic's source (accepted or dismissed) is not made again; after the next appointment the same
//! observation may be suggested anew.

use chrono::NaiveDate;

use crate::analysis::activities;
use crate::model::prep::{Instrument, Prep, TopicSource, appointment};
use crate::model::{Entry, Lang, Region, Signal, dates, text};

/// The recent window, in days (today included).
pub const RECENT_DAYS: i64 = 14;
/// The window before it that a region's level is compared with, in days.
pub const BEFORE_DAYS: i64 = 28;
/// The fewest check-ins in each window for a change of level to be suggested.
pub const MIN_CHECK_INS: usize = 4;
/// The smallest difference of the two means, in points, for a change of level to be suggested.
pub const MIN_CHANGE: f64 = 1.0;
/// The fewest check-ins before a region's first rating for it to count as new.
pub const MIN_HISTORY_CHECK_INS: usize = 5;
/// The fewest days (of [`RECENT_DAYS`]) with a signal for it to be suggested.
pub const MIN_SIGNAL_DAYS: usize = 5;
/// The most region changes suggested at once (the largest first).
pub const MAX_REGION_CHANGES: usize = 3;

/// What a suggestion says.
#[derive(Clone, Debug, PartialEq)]
pub enum Observation {
    /// A region's mean level in the recent window against the window before.
    RegionChange {
        /// The region.
        region: Region,
        /// Mean over the recent check-ins.
        recent: f64,
        /// How many recent check-ins.
        recent_n: usize,
        /// Mean over the check-ins before.
        before: f64,
        /// How many check-ins before.
        before_n: usize,
    },
    /// A region rated above 0 for the first time.
    FirstRated {
        /// The region.
        region: Region,
        /// The day.
        day: NaiveDate,
    },
    /// A signal logged on many recent days.
    SignalDays {
        /// The signal.
        signal: Signal,
        /// On how many of the last [`RECENT_DAYS`] days.
        days: usize,
    },
    /// An activity's first and latest score.
    ActivityChange {
        /// Its name.
        name: String,
        /// Its instrument.
        instrument: Instrument,
        /// The first week and score.
        first: (NaiveDate, f64),
        /// The latest week and score.
        latest: (NaiveDate, f64),
    },
}

/// A topic Feltsense suggests.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// Names the kind, the subject and the period, e.g. `trend:shoulder_left:2026-11-03`.
    pub key: String,
    /// What it says.
    pub observation: Observation,
}

impl Suggestion {
    /// The sentence in `lang`: what the journal holds, nothing more.
    pub fn text(&self, lang: Lang) -> String {
        match &self.observation {
            Observation::RegionChange { region, recent, recent_n, before, before_n } => match lang {
                Lang::En => format!(
                    "{}: average {} in the last 2 weeks, {} in the 4 weeks before ({} and {} check-ins)",
                    region.name(lang),
                    text::number(*recent, 1, lang),
                    text::number(*before, 1, lang),
                    recent_n,
                    before_n
                ),
                Lang::Nl => format!(
                    "{}: gemiddeld {} in de laatste 2 weken, {} in de 4 weken daarvoor ({} en {} metingen)",
                    region.name(lang),
                    text::number(*recent, 1, lang),
                    text::number(*before, 1, lang),
                    recent_n,
                    before_n
                ),
            },
            Observation::FirstRated { region, day } => match lang {
                Lang::En => {
                    format!("{} rated for the first time on {}", region.name(lang), text::date_short(*day, lang))
                }
                Lang::Nl => {
                    format!("{} voor het eerst gescoord op {}", region.name(lang), text::date_short(*day, lang))
                }
            },
            Observation::SignalDays { signal, days } => match lang {
                Lang::En => format!("{} on {days} of the last {RECENT_DAYS} days", signal.name(lang)),
                Lang::Nl => format!("{} op {days} van de laatste {RECENT_DAYS} dagen", signal.name(lang)),
            },
            Observation::ActivityChange { name, instrument, first, latest } => match lang {
                Lang::En => format!(
                    "{name} ({}): {} in the week of {}, {} in the week of {}",
                    instrument.short_name(),
                    text::number(first.1, 0, lang),
                    text::date_short(first.0, lang),
                    text::number(latest.1, 0, lang),
                    text::date_short(latest.0, lang)
                ),
                Lang::Nl => format!(
                    "{name} ({}): {} in de week van {}, {} in de week van {}",
                    instrument.short_name(),
                    text::number(first.1, 0, lang),
                    text::date_short(first.0, lang),
                    text::number(latest.1, 0, lang),
                    text::date_short(latest.0, lang)
                ),
            },
        }
    }

    /// The source a topic accepted from it (or dismissed) carries.
    pub fn source(&self) -> TopicSource {
        TopicSource::Suggestion(self.key.clone())
    }
}

/// One region's check-in levels in a window.
fn levels(entries: &[Entry], region: Region, from: NaiveDate, to: NaiveDate) -> Vec<f64> {
    entries
        .iter()
        .filter(|e| (from..=to).contains(&e.at.date_naive()))
        .filter_map(|e| e.level_of(region))
        .map(crate::model::Level::as_f64)
        .collect()
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len().max(1) as f64
}

/// The suggestions for `today` from `entries` (any order; the more history, the better "for the
/// first time" is known) and what the person keeps (`prep`: appointments, activities, and the
/// topics whose suggestions were already accepted or dismissed). Newest kinds first: region
/// changes (largest first), first ratings, signals, activities.
pub fn suggestions(entries: &[Entry], prep: &Prep, today: NaiveDate) -> Vec<Suggestion> {
    let since = appointment::last_before(&prep.appointment_dates(), today.succ_opt().unwrap_or(today))
        .map_or_else(|| "none".to_owned(), |d| d.to_string());
    let (Some(recent_from), Some(before_to)) =
        (dates::period_start(today, RECENT_DAYS), dates::days_before(today, RECENT_DAYS))
    else {
        return Vec::new();
    };
    let Some(before_from) = dates::period_start(before_to, BEFORE_DAYS) else { return Vec::new() };
    let known: std::collections::HashSet<&str> = prep
        .topics
        .iter()
        .filter_map(|t| match &t.source {
            TopicSource::Suggestion(k) => Some(k.as_str()),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();

    let mut changes: Vec<(f64, Suggestion)> = Vec::new();
    for region in Region::ALL {
        let recent = levels(entries, region, recent_from, today);
        let before = levels(entries, region, before_from, before_to);
        if recent.len() < MIN_CHECK_INS || before.len() < MIN_CHECK_INS {
            continue;
        }
        let (r, b) = (mean(&recent), mean(&before));
        // Compared as shown (one decimal), so the sentence never shows a change below the rule.
        if (text::round(r, 1) - text::round(b, 1)).abs() < MIN_CHANGE - 1e-9 {
            continue;
        }
        changes.push((
            (r - b).abs(),
            Suggestion {
                key: format!("trend:{}:{since}", region.code()),
                observation: Observation::RegionChange {
                    region,
                    recent: r,
                    recent_n: recent.len(),
                    before: b,
                    before_n: before.len(),
                },
            },
        ));
    }
    changes.sort_by(|a, b| b.0.total_cmp(&a.0));
    out.extend(changes.into_iter().take(MAX_REGION_CHANGES).map(|(_, s)| s));

    let check_ins: Vec<&Entry> = entries.iter().filter(|e| e.is_check_in()).collect();
    if let Some(first_day) = check_ins.iter().map(|e| e.at.date_naive()).min() {
        for region in Region::ALL {
            let rated = check_ins
                .iter()
                .filter(|e| e.level_of(region).is_some_and(|l| l.get() > 0))
                .map(|e| e.at.date_naive())
                .min();
            let Some(day) = rated.filter(|d| *d >= recent_from && *d <= today) else { continue };
            let history = check_ins.iter().filter(|e| e.at.date_naive() < day).count();
            if history >= MIN_HISTORY_CHECK_INS && (day - first_day).num_days() >= BEFORE_DAYS {
                out.push(Suggestion {
                    key: format!("first:{}:{day}", region.code()),
                    observation: Observation::FirstRated { region, day },
                });
            }
        }
    }

    for &signal in Signal::ALL {
        let mut days: Vec<NaiveDate> = entries
            .iter()
            .filter(|e| e.signals.contains(&signal))
            .map(|e| e.at.date_naive())
            .filter(|d| (recent_from..=today).contains(d))
            .collect();
        days.sort_unstable();
        days.dedup();
        if days.len() >= MIN_SIGNAL_DAYS {
            out.push(Suggestion {
                key: format!("signal:{}:{since}", signal.code()),
                observation: Observation::SignalDays { signal, days: days.len() },
            });
        }
    }

    if let Some(instrument) = prep.instrument()
        && let Some(summary) = activities::summary(prep, instrument, None, Some(today))
    {
        for c in summary.activities.iter().filter(|c| c.activity.retired.is_none() && c.passes()) {
            let (Some(first), Some(latest)) = (c.first(), c.latest()) else { continue };
            out.push(Suggestion {
                key: format!("activity:{}:{since}", c.activity.uid),
                observation: Observation::ActivityChange {
                    name: c.activity.name.clone(),
                    instrument,
                    first: (first.week, first.value),
                    latest: (latest.week, latest.value),
                },
            });
        }
    }

    out.retain(|s| !known.contains(s.key.as_str()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::prep::{Activity, ActivityRating, Appointment, Topic, TopicState, activity::week_of};
    use crate::model::{Level, Region};
    use chrono::{DateTime, Duration, FixedOffset};

    /// Today in every journal below.
    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 20).expect("date")
    }

    /// `days_ago` days before today at `hour`.
    fn at(days_ago: i64, hour: u32) -> DateTime<FixedOffset> {
        let day = today() - Duration::days(days_ago);
        day.and_hms_opt(hour, 0, 0)
            .expect("time")
            .and_local_timezone(FixedOffset::east_opt(3600).expect("+1"))
            .single()
            .expect("t")
    }

    fn check_in(days_ago: i64, hour: u32, levels: &[(Region, u8)]) -> Entry {
        let mut e = Entry::new(at(days_ago, hour));
        for &(r, l) in levels {
            e.set_tension(r, Some(Level::new(l).expect("level")));
        }
        e
    }

    fn texts(s: &[Suggestion], lang: Lang) -> Vec<String> {
        s.iter().map(|s| s.text(lang)).collect()
    }

    /// Six weeks of one check-in a day: the left shoulder at `before` for the first four weeks,
    /// at `recent` for the last two; the neck steady at 3 throughout.
    fn shoulder_journal(before: u8, recent: u8) -> Vec<Entry> {
        (0..42)
            .rev()
            .map(|d| {
                let l = if d < RECENT_DAYS { recent } else { before };
                check_in(d, 9, &[(Region::ShoulderLeft, l), (Region::Neck, 3)])
            })
            .collect()
    }

    #[test]
    fn a_real_change_of_a_region_is_suggested_with_both_means_and_counts() {
        let s = suggestions(&shoulder_journal(3, 5), &Prep::default(), today());
        assert_eq!(
            texts(&s, Lang::En),
            ["Left shoulder: average 5.0 in the last 2 weeks, 3.0 in the 4 weeks before (14 and 28 check-ins)"]
        );
        assert_eq!(
            s[0].text(Lang::Nl),
            "Linkerschouder: gemiddeld 5,0 in de laatste 2 weken, 3,0 in de 4 weken daarvoor (14 en 28 metingen)"
        );
        assert_eq!(s[0].key, "trend:shoulder_left:none");
        assert!(suggestions(&shoulder_journal(3, 3), &Prep::default(), today()).is_empty(), "steady: nothing");
    }

    #[test]
    fn noise_sparse_data_and_entries_without_tension_do_not_make_a_suggestion() {
        // The neck wanders between 2 and 5 at random around a steady 3.5, six weeks long.
        let mut rng = crate::model::rng::SplitMix64::new(7);
        let noisy: Vec<Entry> = (0..42)
            .rev()
            .flat_map(|d| (0..2).map(move |h| (d, h)))
            .map(|(d, h)| check_in(d, 8 + 10 * h, &[(Region::Neck, 2 + (rng.next_u64() % 4) as u8)]))
            .collect();
        assert!(
            suggestions(&noisy, &Prep::default(), today()).is_empty(),
            "{:?}",
            texts(&suggestions(&noisy, &Prep::default(), today()), Lang::En)
        );

        // Two recent check-ins at 9 are too few to speak of a change.
        let mut sparse = shoulder_journal(3, 3);
        sparse.retain(|e| e.at.date_naive() < today() - Duration::days(RECENT_DAYS));
        sparse.push(check_in(1, 9, &[(Region::ShoulderLeft, 9)]));
        sparse.push(check_in(0, 9, &[(Region::ShoulderLeft, 9)]));
        assert!(suggestions(&sparse, &Prep::default(), today()).is_empty());

        // Many recent entries that only log an emotion are no check-ins: the shoulder's recent
        // mean is that of the four check-ins (at 3, as before), not pulled towards 0.
        let mut moods = shoulder_journal(3, 3);
        moods.retain(|e| e.at.date_naive() < today() - Duration::days(RECENT_DAYS));
        for d in 0..4 {
            moods.push(check_in(d, 9, &[(Region::ShoulderLeft, 3), (Region::Neck, 3)]));
        }
        for d in 0..12 {
            let mut e = Entry::new(at(d, 20));
            e.set_emotion("anxiety", Level::new(7));
            moods.push(e);
        }
        assert!(suggestions(&moods, &Prep::default(), today()).is_empty());
    }

    #[test]
    fn a_region_is_new_only_against_enough_history_and_a_signal_counts_days_not_entries() {
        let mut j = shoulder_journal(3, 3);
        j.push(check_in(8, 19, &[(Region::Jaw, 4)]));
        let s = suggestions(&j, &Prep::default(), today());
        assert_eq!(texts(&s, Lang::En), ["Jaw rated for the first time on 12 Nov"]);
        assert_eq!(s[0].text(Lang::Nl), "Kaak voor het eerst gescoord op 12 nov");

        // A journal begun ten days ago: everything is new, nothing is suggested as new.
        let young: Vec<Entry> = (0..10).rev().map(|d| check_in(d, 9, &[(Region::Jaw, 2 + (d % 2) as u8)])).collect();
        assert!(suggestions(&young, &Prep::default(), today()).is_empty());

        // Restless sleep logged 12 times on one day is one day; on 9 different days it is a topic.
        let mut one_day = shoulder_journal(3, 3);
        for h in 0..12 {
            let mut e = Entry::new(at(2, h));
            e.signals.push(Signal::RestlessSleep);
            one_day.push(e);
        }
        assert!(suggestions(&one_day, &Prep::default(), today()).is_empty());
        let mut nine = shoulder_journal(3, 3);
        for d in [0, 1, 2, 4, 5, 7, 9, 11, 13, 20, 30] {
            let mut e = Entry::new(at(d, 7));
            e.signals.push(Signal::RestlessSleep);
            nine.push(e);
        }
        let s = suggestions(&nine, &Prep::default(), today());
        assert_eq!(texts(&s, Lang::En), ["Restless sleep on 9 of the last 14 days"], "days 20 and 30 lie outside");
        assert_eq!(s[0].text(Lang::Nl), "Onrustig geslapen op 9 van de laatste 14 dagen");
    }

    #[test]
    fn what_was_accepted_or_dismissed_is_not_suggested_again_until_the_next_appointment() {
        let j = shoulder_journal(5, 2);
        let mut prep = Prep::default();
        let first = suggestions(&j, &prep, today());
        assert_eq!(first.len(), 1);
        let mut t = Topic::new(&first[0].text(Lang::En), first[0].source(), at(0, 10)).expect("topic");
        t.state = TopicState::Dismissed;
        prep.topics.push(t);
        assert!(suggestions(&j, &prep, today()).is_empty(), "dismissed for this period");
        prep.appointments.push(Appointment::new(today(), at(0, 12)));
        let again = suggestions(&j, &prep, today());
        assert_eq!(again.len(), 1, "a new period after today's appointment");
        assert_eq!(again[0].key, format!("trend:shoulder_left:{}", today()));
    }

    #[test]
    fn an_activity_that_moved_three_points_is_suggested_in_its_own_terms() {
        let mut prep = Prep::default();
        let mut a = Activity::new("Climbing stairs", Instrument::Psk, at(30, 9)).expect("activity");
        a.uid = "stairs".into();
        prep.activities.push(a);
        for (days_ago, score) in [(21, 7), (14, 6), (0, 4)] {
            prep.ratings.push(ActivityRating {
                activity: "stairs".into(),
                instrument: Instrument::Psk,
                week: week_of(at(days_ago, 9).date_naive()),
                at: at(days_ago, 9),
                score: Level::new(score).expect("level"),
            });
        }
        let s = suggestions(&[], &prep, today());
        assert_eq!(texts(&s, Lang::En), ["Climbing stairs (PSK): 7 in the week of 26 Oct, 4 in the week of 16 Nov"]);
        prep.ratings.pop();
        assert!(suggestions(&[], &prep, today()).is_empty(), "7 → 6 stays within the noise");
    }

    #[test]
    fn no_sentence_speaks_of_causes_or_diagnoses() {
        let mut j = shoulder_journal(2, 6);
        j.push(check_in(3, 19, &[(Region::Jaw, 4)]));
        for d in 0..10 {
            let mut e = Entry::new(at(d, 7));
            e.signals.extend([Signal::RestlessSleep, Signal::JawClenching]);
            j.push(e);
        }
        let s = suggestions(&j, &Prep::default(), today());
        assert!(s.len() >= 4, "{:?}", texts(&s, Lang::En));
        // Word starts ("caus": cause, caused, causes) and whole words.
        let stems = ["because", "caus", "diagnos", "syndrom", "disorder", "doordat", "oorza", "stoornis", "advi"];
        let words = ["due", "should", "must", "moet", "moeten", "komt"];
        for lang in Lang::ALL {
            for t in texts(&s, lang) {
                let lower = t.to_lowercase();
                let found: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
                assert!(stems.iter().all(|b| !found.iter().any(|w| w.starts_with(b))), "{t}");
                assert!(words.iter().all(|b| !found.contains(b)), "{t}");
            }
        }
    }
}
