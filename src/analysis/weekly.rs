//! The weekly review: this week against last week, in numbers and in plain words.
//!
//! Weeks are ISO weeks (Monday to Sunday) of the local date of each entry.
//!
//! # The biggest changes
//! Candidates are
//! - regions whose mean level changed by at least [`MIN_REGION_CHANGE`] points between weeks that
//!   both have check-ins, scored by the size of the change in points, and
//! - emotions whose number of entries changed by at least [`MIN_EMOTION_COUNT_CHANGE`], scored by
//!   half the change in count (two more entries weigh like one point of tension).
//!
//! The three with the highest score are told in words (ties: regions first, then head to feet,
//! then emotions in table order).

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::Serialize;

use super::common::{DateRange, LevelAcc, RegionLevels, format_number, local_date, time_order, week_monday};
use crate::model::{BUILTIN_EMOTIONS, Entry, Lang, Region, emotion_name};

/// A region's change must be at least this many points to be among the biggest changes.
pub const MIN_REGION_CHANGE: f64 = 0.5;
/// An emotion's count must change by at least this much to be among the biggest changes.
pub const MIN_EMOTION_COUNT_CHANGE: usize = 2;
/// How many changes are told in words.
pub const BIGGEST_CHANGES: usize = 3;

/// One region, this week and last week.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RegionWeek {
    /// The region.
    pub region: Region,
    /// Mean level this week; `None` without check-ins.
    pub this_week: Option<f64>,
    /// Mean level last week; `None` without check-ins.
    pub last_week: Option<f64>,
    /// `this_week − last_week`.
    pub change: Option<f64>,
}

/// One emotion, this week and last week. Counts entries recording it at intensity 1 or more.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EmotionWeek {
    /// Emotion code.
    pub emotion: String,
    /// Entries this week.
    pub this_count: usize,
    /// Entries last week.
    pub last_count: usize,
    /// Mean intensity this week.
    pub this_mean_intensity: Option<f64>,
    /// Mean intensity last week.
    pub last_mean_intensity: Option<f64>,
}

/// One of the week's biggest changes.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WeekChange {
    /// A region's mean level changed.
    Region {
        /// The region.
        region: Region,
        /// Mean last week.
        from: f64,
        /// Mean this week.
        to: f64,
    },
    /// An emotion was logged more or less often.
    Emotion {
        /// Emotion code.
        emotion: String,
        /// Entries last week.
        from: usize,
        /// Entries this week.
        to: usize,
    },
}

impl WeekChange {
    /// The change in plain words, e.g. "Tension in the neck rose from 3.1 to 5.2 on average" /
    /// "Spanning in de nek steeg van 3,1 naar 5,2 gemiddeld".
    pub fn sentence(&self, lang: Lang) -> String {
        match self {
            WeekChange::Region { region, from, to } => {
                let (a, b) = (format_number(*from, 1, lang), format_number(*to, 1, lang));
                let place = region_phrase(*region, lang);
                let rose = to > from;
                match lang {
                    Lang::En => {
                        format!("Tension {place} {} from {a} to {b} on average", if rose { "rose" } else { "fell" })
                    }
                    Lang::Nl => {
                        format!("Spanning {place} {} van {a} naar {b} gemiddeld", if rose { "steeg" } else { "daalde" })
                    }
                }
            }
            WeekChange::Emotion { emotion, from, to } => {
                let name = emotion_name(emotion, lang);
                match lang {
                    Lang::En => {
                        let now = match to {
                            0 => "was not logged".to_owned(),
                            1 => "was logged once".to_owned(),
                            n => format!("was logged {n} times"),
                        };
                        let before = match from {
                            0 => "none".to_owned(),
                            1 => "once".to_owned(),
                            n => format!("{n} times"),
                        };
                        let dir = if to > from { "up" } else { "down" };
                        format!("{name} {now} this week, {dir} from {before} the week before")
                    }
                    Lang::Nl => {
                        let now = match to {
                            0 => "niet genoteerd".to_owned(),
                            n => format!("{n} keer genoteerd"),
                        };
                        let before = match from {
                            0 => "niet".to_owned(),
                            n => format!("{n} keer"),
                        };
                        format!("{name} werd deze week {now}, de week ervoor {before}")
                    }
                }
            }
        }
    }

    fn score(&self) -> f64 {
        match self {
            WeekChange::Region { from, to, .. } => (to - from).abs(),
            WeekChange::Emotion { from, to, .. } => from.abs_diff(*to) as f64 / 2.0,
        }
    }
}

/// "in the neck" / "in de nek": where, for use after "Tension" / "Spanning".
fn region_phrase(region: Region, lang: Lang) -> &'static str {
    use Region::*;
    match region {
        Head => lang.pick("in the head", "in het hoofd"),
        Jaw => lang.pick("in the jaw", "in de kaak"),
        Neck => lang.pick("in the neck", "in de nek"),
        ShoulderLeft => lang.pick("in the left shoulder", "in de linkerschouder"),
        ShoulderRight => lang.pick("in the right shoulder", "in de rechterschouder"),
        UpperBack => lang.pick("between the shoulder blades", "tussen de schouderbladen"),
        Chest => lang.pick("in the chest", "in de borst"),
        Belly => lang.pick("in the belly and diaphragm", "in de buik en het middenrif"),
        LowerBack => lang.pick("in the lower back", "in de onderrug"),
        Pelvis => lang.pick("in the pelvis", "in het bekken"),
        HipLeft => lang.pick("in the left hip", "in de linkerheup"),
        HipRight => lang.pick("in the right hip", "in de rechterheup"),
        ArmLeft => lang.pick("in the left arm", "in de linkerarm"),
        ArmRight => lang.pick("in the right arm", "in de rechterarm"),
        LegLeft => lang.pick("in the left leg", "in het linkerbeen"),
        LegRight => lang.pick("in the right leg", "in het rechterbeen"),
    }
}

/// A note written this week.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeekNote {
    /// Local date.
    pub date: NaiveDate,
    /// When it was written.
    pub at: DateTime<FixedOffset>,
    /// The note.
    pub text: String,
    /// Index of the entry in the slice given.
    pub entry: usize,
}

/// The review of one week.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeeklyReview {
    /// Monday of this week.
    pub monday: NaiveDate,
    /// ISO week-numbering year.
    pub iso_year: i32,
    /// ISO week number, 1–53.
    pub iso_week: u32,
    /// Levels this week.
    pub this_week: RegionLevels,
    /// Levels last week.
    pub last_week: RegionLevels,
    /// Distinct days with any entry this week, 0–7.
    pub days_logged: u8,
    /// Distinct days with any entry last week, 0–7.
    pub days_logged_last: u8,
    /// Every region, in [`Region::ALL`] order.
    pub regions: Vec<RegionWeek>,
    /// Emotions logged in either week: built-in ones in table order, then custom ones A–Z.
    pub emotions: Vec<EmotionWeek>,
    /// Up to three biggest changes, biggest first (see the [module docs](self)).
    pub biggest_changes: Vec<WeekChange>,
    /// This week's notes, in time order.
    pub notes: Vec<WeekNote>,
}

impl WeeklyReview {
    /// The biggest changes in words.
    pub fn change_sentences(&self, lang: Lang) -> Vec<String> {
        self.biggest_changes.iter().map(|c| c.sentence(lang)).collect()
    }
}

#[derive(Default)]
struct EmotionAcc {
    count: [usize; 2],
    sum: [u32; 2],
}

/// The review of the ISO week that contains `date`, against the week before.
pub fn weekly_review(entries: &[Entry], date: NaiveDate) -> WeeklyReview {
    let monday = week_monday(date);
    // Near the calendar's ends a week is cut short rather than overflowing.
    let last_monday = crate::model::dates::days_before(monday, 7).unwrap_or(NaiveDate::MIN);
    let weeks = [
        DateRange::new(monday, crate::model::dates::days_after(monday, 6).unwrap_or(NaiveDate::MAX)),
        DateRange::new(last_monday, monday.pred_opt().unwrap_or(NaiveDate::MIN)),
    ];
    let mut levels = [LevelAcc::default(), LevelAcc::default()];
    let mut days: [Vec<NaiveDate>; 2] = Default::default();
    let mut emotions: std::collections::BTreeMap<&str, EmotionAcc> = std::collections::BTreeMap::new();
    let mut notes = Vec::new();
    for i in time_order(entries) {
        let e = &entries[i];
        let d = local_date(e);
        let Some(w) = weeks.iter().position(|r| r.contains(d)) else { continue };
        levels[w].add_entry(e);
        days[w].push(d);
        for em in e.emotions.iter().filter(|em| em.intensity.get() > 0) {
            let acc = emotions.entry(em.code.as_str()).or_default();
            acc.count[w] += 1;
            acc.sum[w] += u32::from(em.intensity.get());
        }
        if w == 0 && !e.note.trim().is_empty() {
            notes.push(WeekNote { date: d, at: e.at, text: e.note.trim().to_owned(), entry: i });
        }
    }
    for d in &mut days {
        d.sort_unstable();
        d.dedup();
    }
    let (this_week, last_week) = (levels[0].finish(), levels[1].finish());
    let regions: Vec<RegionWeek> = Region::ALL
        .iter()
        .map(|&region| {
            let (a, b) = (this_week.mean_of(region), last_week.mean_of(region));
            RegionWeek { region, this_week: a, last_week: b, change: a.zip(b).map(|(a, b)| a - b) }
        })
        .collect();

    let mean_of = |acc: &EmotionAcc, w: usize| (acc.count[w] > 0).then(|| f64::from(acc.sum[w]) / acc.count[w] as f64);
    let mut emotion_weeks = Vec::new();
    for info in BUILTIN_EMOTIONS {
        if let Some(acc) = emotions.remove(info.code) {
            emotion_weeks.push((info.code.to_owned(), acc));
        }
    }
    emotion_weeks.extend(emotions.into_iter().map(|(c, acc)| (c.to_owned(), acc)));
    let emotions: Vec<EmotionWeek> = emotion_weeks
        .into_iter()
        .map(|(emotion, acc)| EmotionWeek {
            emotion,
            this_count: acc.count[0],
            last_count: acc.count[1],
            this_mean_intensity: mean_of(&acc, 0),
            last_mean_intensity: mean_of(&acc, 1),
        })
        .collect();

    let mut candidates: Vec<WeekChange> = regions
        .iter()
        .filter_map(|r| match (r.last_week, r.this_week) {
            (Some(from), Some(to)) if (to - from).abs() >= MIN_REGION_CHANGE => {
                Some(WeekChange::Region { region: r.region, from, to })
            }
            _ => None,
        })
        .chain(
            emotions
                .iter()
                .filter(|e| e.this_count.abs_diff(e.last_count) >= MIN_EMOTION_COUNT_CHANGE)
                .map(|e| WeekChange::Emotion { emotion: e.emotion.clone(), from: e.last_count, to: e.this_count }),
        )
        .collect();
    // A stable sort keeps regions (head to feet) before emotions on equal scores.
    candidates.sort_by(|a, b| b.score().total_cmp(&a.score()));
    candidates.truncate(BIGGEST_CHANGES);

    let iso = monday.iso_week();
    WeeklyReview {
        monday,
        iso_year: iso.year(),
        iso_week: iso.week(),
        this_week,
        last_week,
        days_logged: days[0].len() as u8,
        days_logged_last: days[1].len() as u8,
        regions,
        emotions,
        biggest_changes: candidates,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::common::test_util::{check_in, feeling, with_emotion};
    use crate::model::Region::{Jaw, LowerBack, Neck, ShoulderRight};

    /// Week A starts Monday 2025-01-06 (hour 0), week B on 2025-01-13 (hour 168).
    fn journal() -> Vec<Entry> {
        let mut noted = check_in(168 + 24 + 20, &[(Neck, 6), (Jaw, 2)]);
        noted.note = "  Long meeting, neck stiff. ".into();
        vec![
            // Week A: two days; neck 3 and 2 (mean 2.5), shoulder 4 and 4, lower back 0 and 1.
            with_emotion(check_in(10, &[(Neck, 3), (ShoulderRight, 4)]), "anxiety", 6),
            check_in(24 + 10, &[(Neck, 2), (ShoulderRight, 4), (LowerBack, 1)]),
            feeling(24 + 12, "anxiety", 4),
            feeling(24 + 13, "stress", 5),
            // Week B: three days; neck 5, 6, 7 (mean 6), shoulder 4, 0, 5 (3), jaw 0, 2, 0.
            with_emotion(check_in(168 + 9, &[(Neck, 5), (ShoulderRight, 4)]), "anxiety", 7),
            noted,
            with_emotion(check_in(168 + 48 + 9, &[(Neck, 7), (ShoulderRight, 5)]), "anxiety", 8),
            feeling(168 + 48 + 10, "anxiety", 9),
            feeling(168 + 48 + 11, "anxiety", 6),
            feeling(168 + 48 + 12, "joy", 0),
            // The week after: ignored.
            check_in(2 * 168 + 9, &[(Neck, 9)]),
        ]
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn this_week_against_last_week_by_hand() {
        // Any day of week B selects it; Sunday 2025-01-19 is its last day.
        let r = weekly_review(&journal(), date(2025, 1, 19));
        assert_eq!(r.monday, date(2025, 1, 13));
        assert_eq!((r.iso_year, r.iso_week), (2025, 3));
        assert_eq!((r.days_logged, r.days_logged_last), (3, 2));
        assert_eq!((r.this_week.n, r.last_week.n), (3, 2));
        let neck = r.regions[Neck.index()];
        assert_eq!((neck.this_week, neck.last_week, neck.change), (Some(6.0), Some(2.5), Some(3.5)));
        let sh = r.regions[ShoulderRight.index()];
        assert_eq!((sh.this_week, sh.last_week, sh.change), (Some(3.0), Some(4.0), Some(-1.0)));

        // Anxiety: this week 7, 8, 9, 6 (4 entries, mean 7.5); last week 6 and 4 (mean 5).
        // Joy at 0 is not counted as felt.
        let codes: Vec<&str> = r.emotions.iter().map(|e| e.emotion.as_str()).collect();
        assert_eq!(codes, ["anxiety", "stress"]);
        let a = &r.emotions[0];
        assert_eq!(
            (a.this_count, a.last_count, a.this_mean_intensity, a.last_mean_intensity),
            (4, 2, Some(7.5), Some(5.0))
        );
        assert_eq!((r.emotions[1].this_count, r.emotions[1].last_count), (0, 1));

        assert_eq!(r.notes.len(), 1);
        assert_eq!(
            (r.notes[0].date, r.notes[0].text.as_str(), r.notes[0].entry),
            (date(2025, 1, 14), "Long meeting, neck stiff.", 5)
        );
    }

    #[test]
    fn the_biggest_changes_in_words() {
        let r = weekly_review(&journal(), date(2025, 1, 15));
        // Scores: neck 2.5 → 6 (3.5), right shoulder 4 → 3 (1.0), jaw 0 → 0.67 (0.67), lower back
        // 0.5 → 0 (0.5), anxiety 2 → 4 entries (2 / 2 = 1.0), stress 1 → 0 (below the minimum).
        // Top three: neck, shoulder (a region comes first on a tie), anxiety.
        assert_eq!(r.biggest_changes.len(), 3);
        assert_eq!(r.biggest_changes[0], WeekChange::Region { region: Neck, from: 2.5, to: 6.0 });
        assert_eq!(r.biggest_changes[1], WeekChange::Region { region: ShoulderRight, from: 4.0, to: 3.0 });
        assert_eq!(r.biggest_changes[2], WeekChange::Emotion { emotion: "anxiety".into(), from: 2, to: 4 });
        assert_eq!(
            r.change_sentences(Lang::En),
            [
                "Tension in the neck rose from 2.5 to 6.0 on average",
                "Tension in the right shoulder fell from 4.0 to 3.0 on average",
                "Anxiety was logged 4 times this week, up from 2 times the week before",
            ]
        );
        assert_eq!(
            r.change_sentences(Lang::Nl),
            [
                "Spanning in de nek steeg van 2,5 naar 6,0 gemiddeld",
                "Spanning in de rechterschouder daalde van 4,0 naar 3,0 gemiddeld",
                "Angst werd deze week 4 keer genoteerd, de week ervoor 2 keer",
            ]
        );
    }

    #[test]
    fn sentences_for_rare_counts() {
        let once = WeekChange::Emotion { emotion: "stress".into(), from: 1, to: 0 };
        assert_eq!(once.sentence(Lang::En), "Stress was not logged this week, down from once the week before");
        assert_eq!(once.sentence(Lang::Nl), "Stress werd deze week niet genoteerd, de week ervoor 1 keer");
        let new = WeekChange::Emotion { emotion: "awe".into(), from: 0, to: 1 };
        assert_eq!(new.sentence(Lang::En), "awe was logged once this week, up from none the week before");
        let back = WeekChange::Region { region: Region::UpperBack, from: 3.12, to: 5.16 };
        assert_eq!(back.sentence(Lang::Nl), "Spanning tussen de schouderbladen steeg van 3,1 naar 5,2 gemiddeld");
    }

    #[test]
    fn an_empty_week() {
        let r = weekly_review(&journal(), date(2024, 6, 1));
        assert_eq!((r.days_logged, r.days_logged_last, r.this_week.n), (0, 0, 0));
        assert!(r.emotions.is_empty() && r.biggest_changes.is_empty() && r.notes.is_empty());
        assert!(r.regions.iter().all(|x| x.change.is_none()));
    }
}
