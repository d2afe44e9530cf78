//! The before → practice → after flow as a state machine, without any drawing.
//!
//! ```text
//! Idle ──begin──▶ Before ──start / start without rating──▶ Running ──time is up / stop──▶ After
//!   ▲               │                                        (pause ⇄ resume)                │
//!   └────cancel─────┘◀───────────────────── finish (save or skip the after-rating) ──────────┘
//! ```
//!
//! Finishing yields the entries to save, in one [`Command::SaveEntries`](crate::ui::command::Command):
//! the **before** entry always (it records the practice, even when its rating was skipped), the
//! **after** entry only when the after-rating was saved with at least one region rated. Both carry
//! the practice (kind and the minutes actually practised) and a [`SessionLink`] with one fresh
//! id, their role, and whether the practice ran to its end.

use std::time::Duration;

use chrono::{DateTime, FixedOffset};

use super::timer::{Stopwatch, practised_minutes};
use crate::model::{Entry, Level, Practice, PracticeKind, Region, SessionLink, SessionRole, new_uid};

/// Levels per region as the body map edits them (`None` = not rated), indexed by
/// [`Region::index`].
pub type Map = [Option<Level>; Region::COUNT];

/// What was chosen: the practice and how long it is meant to last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Setup {
    /// The practice.
    pub kind: PracticeKind,
    /// The planned length.
    pub planned: Duration,
}

/// A rating taken at one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Rating {
    /// When it was taken (wall clock, for the entry).
    pub at: DateTime<FixedOffset>,
    /// The levels (all `None` when the rating was skipped).
    pub levels: Map,
}

/// Where the flow is.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Stage {
    /// Nothing under way: the person chooses a practice.
    #[default]
    Idle,
    /// The quick rating before the practice.
    Before {
        /// What is about to start.
        setup: Setup,
        /// The map being edited.
        levels: Map,
        /// The region selected on the map.
        selected: Option<Region>,
        /// Whether `levels` came from the last check-in.
        prefilled: bool,
    },
    /// The practice runs, or is paused.
    Running {
        /// What runs.
        setup: Setup,
        /// The rating taken before.
        before: Rating,
        /// Practised time so far.
        watch: Stopwatch,
    },
    /// The rating after the practice.
    After {
        /// What was done.
        setup: Setup,
        /// The rating taken before.
        before: Rating,
        /// Time actually practised (pauses left out).
        practised: Duration,
        /// False when stopped before the planned length.
        completed: bool,
        /// The map being edited (starts as the before-rating).
        levels: Map,
        /// The region selected on the map.
        selected: Option<Region>,
    },
}

/// The practice flow. See the [module docs](self).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Flow {
    /// The current stage.
    pub stage: Stage,
}

impl Flow {
    /// Starts the before-rating of `setup`, pre-filled with `prefill` (the last check-in's map)
    /// when given.
    pub fn begin(&mut self, setup: Setup, prefill: Option<&Map>) {
        self.stage = Stage::Before {
            setup,
            levels: prefill.copied().unwrap_or([None; Region::COUNT]),
            selected: None,
            prefilled: prefill.is_some_and(|m| m.iter().any(Option::is_some)),
        };
    }

    /// Back from the before-rating to choosing, without saving anything.
    pub fn cancel(&mut self) {
        if matches!(self.stage, Stage::Before { .. }) {
            self.stage = Stage::Idle;
        }
    }

    /// Starts the practice at clock reading `now`; the before-rating is taken at `at`, or thrown
    /// away when `rated` is false ("Skip rating").
    pub fn start(&mut self, now: f64, at: DateTime<FixedOffset>, rated: bool) {
        if let Stage::Before { setup, levels, .. } = &self.stage {
            let levels = if rated { *levels } else { [None; Region::COUNT] };
            self.stage = Stage::Running { setup: *setup, before: Rating { at, levels }, watch: Stopwatch::start(now) };
        }
    }

    /// Practised time at `now` while running or paused.
    pub fn elapsed(&self, now: f64) -> Option<Duration> {
        match &self.stage {
            Stage::Running { watch, .. } => Some(watch.elapsed(now)),
            _ => None,
        }
    }

    /// True while a practice runs (not paused): the only time the window needs to repaint on its
    /// own.
    pub fn is_running(&self) -> bool {
        matches!(&self.stage, Stage::Running { watch, .. } if watch.is_running())
    }

    /// True while a practice is paused.
    pub fn is_paused(&self) -> bool {
        matches!(&self.stage, Stage::Running { watch, .. } if !watch.is_running())
    }

    /// Moves on to the after-rating once the planned time has been practised; returns true when
    /// that happened now.
    pub fn update(&mut self, now: f64) -> bool {
        match &self.stage {
            Stage::Running { setup, watch, .. } if watch.elapsed(now) >= setup.planned => {
                self.stop(now);
                true
            }
            _ => false,
        }
    }

    /// Pauses the practice.
    pub fn pause(&mut self, now: f64) {
        if let Stage::Running { watch, .. } = &mut self.stage {
            watch.pause(now);
        }
    }

    /// Resumes a paused practice.
    pub fn resume(&mut self, now: f64) {
        if let Stage::Running { watch, .. } = &mut self.stage {
            watch.resume(now);
        }
    }

    /// Ends the practice now and asks for the after-rating; it counts as completed only when the
    /// planned time was reached.
    pub fn stop(&mut self, now: f64) {
        if let Stage::Running { setup, before, watch } = &self.stage {
            let practised = watch.elapsed(now).min(setup.planned);
            self.stage = Stage::After {
                setup: *setup,
                completed: practised >= setup.planned,
                practised,
                levels: before.levels,
                selected: None,
                before: before.clone(),
            };
        }
    }

    /// Ends the after-rating: saves it when `after_at` is given, skips it when `None`. Returns the
    /// entries to save (see the [module docs](self)) and goes back to idle; `None` outside the
    /// after-rating.
    pub fn finish(&mut self, after_at: Option<DateTime<FixedOffset>>) -> Option<Vec<Entry>> {
        if !matches!(self.stage, Stage::After { .. }) {
            return None;
        }
        let Stage::After { setup, before, practised, completed, levels, .. } = std::mem::take(&mut self.stage) else {
            return None;
        };
        let after = after_at.map(|at| Rating { at, levels });
        Some(session_entries(setup.kind, practised, completed, &before, after.as_ref(), &new_uid()))
    }
}

fn rated_entry(rating: &Rating, practice: Practice, link: SessionLink) -> Entry {
    let mut e = Entry::new(rating.at);
    for r in Region::ALL {
        e.set_tension(r, rating.levels[r.index()]);
    }
    e.practice = Some(practice);
    e.session = Some(link);
    e.normalize();
    e
}

/// The entries of one session with id `session_id`: the before entry always, the after entry
/// when `after` is given and rates at least one region.
pub fn session_entries(
    kind: PracticeKind,
    practised: Duration,
    completed: bool,
    before: &Rating,
    after: Option<&Rating>,
    session_id: &str,
) -> Vec<Entry> {
    let practice = Practice { kind, minutes: practised_minutes(practised) };
    let link = |role| SessionLink { id: session_id.to_owned(), role, completed };
    let mut out = vec![rated_entry(before, practice, link(SessionRole::Before))];
    if let Some(after) = after.filter(|a| a.levels.iter().any(Option::is_some)) {
        out.push(rated_entry(after, practice, link(SessionRole::After)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: u32) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("2026-11-20T08:{minute:02}:00+01:00")).expect("time")
    }

    fn lvl(v: u8) -> Option<Level> {
        Level::new(v)
    }

    fn breathing_2min() -> Setup {
        Setup { kind: PracticeKind::Breathing46, planned: Duration::from_secs(120) }
    }

    fn map(levels: &[(Region, u8)]) -> Map {
        let mut m = [None; Region::COUNT];
        for &(r, v) in levels {
            m[r.index()] = lvl(v);
        }
        m
    }

    #[test]
    fn a_whole_session_saves_a_linked_pair() {
        let mut flow = Flow::default();
        flow.begin(breathing_2min(), Some(&map(&[(Region::Neck, 6)])));
        assert!(matches!(flow.stage, Stage::Before { prefilled: true, .. }));
        if let Stage::Before { levels, .. } = &mut flow.stage {
            levels[Region::Jaw.index()] = lvl(4);
        }
        flow.start(10.0, at(30), true);
        assert!(flow.is_running());
        assert!(!flow.update(129.0)); // 119 s practised
        assert_eq!(flow.elapsed(129.0), Some(Duration::from_secs(119)));
        assert!(flow.update(130.5)); // 120.5 s: time is up
        let Stage::After { levels, completed, practised, .. } = &mut flow.stage else { panic!("{:?}", flow.stage) };
        assert!(*completed);
        assert_eq!(*practised, Duration::from_secs(120));
        // The after-rating starts from the before-rating.
        assert_eq!(levels[Region::Neck.index()], lvl(6));
        levels[Region::Neck.index()] = lvl(3);

        let entries = flow.finish(Some(at(33))).expect("after stage");
        assert_eq!(flow.stage, Stage::Idle);
        assert_eq!(entries.len(), 2);
        let (b, a) = (&entries[0], &entries[1]);
        let (lb, la) = (b.session.clone().expect("link"), a.session.clone().expect("link"));
        assert_eq!(lb.id, la.id);
        assert_eq!((lb.role, la.role), (SessionRole::Before, SessionRole::After));
        assert!(lb.completed && la.completed);
        let practice = Some(Practice { kind: PracticeKind::Breathing46, minutes: 2 });
        assert_eq!((b.practice, a.practice), (practice, practice));
        assert_eq!((b.at, a.at), (at(30), at(33)));
        assert_eq!((b.level_of(Region::Neck), b.level_of(Region::Jaw)), (lvl(6), lvl(4)));
        assert_eq!((a.level_of(Region::Neck), a.level_of(Region::Jaw)), (lvl(3), lvl(4)));
        assert!(b.validate().is_ok() && a.validate().is_ok());
        assert_ne!(b.uid, a.uid);
    }

    #[test]
    fn stopping_early_leaves_pauses_out_and_is_not_completed() {
        let mut flow = Flow::default();
        flow.begin(breathing_2min(), None);
        if let Stage::Before { levels, .. } = &mut flow.stage {
            levels[Region::Neck.index()] = lvl(5);
        }
        flow.start(0.0, at(0), true);
        flow.pause(20.0);
        assert!(flow.is_paused() && !flow.is_running());
        assert!(!flow.update(500.0)); // a long pause does not finish it
        assert_eq!(flow.finish(None), None); // nothing to save while it runs
        assert!(flow.is_paused());
        flow.resume(500.0);
        flow.stop(530.0); // 20 + 30 = 50 s practised
        let Stage::After { completed, practised, .. } = &flow.stage else { panic!("{:?}", flow.stage) };
        assert_eq!((*completed, *practised), (false, Duration::from_secs(50)));
        // Skipping the after-rating saves the before entry alone.
        let entries = flow.finish(None).expect("after stage");
        assert_eq!(entries.len(), 1);
        let link = entries[0].session.clone().expect("link");
        assert_eq!((link.role, link.completed), (SessionRole::Before, false));
        assert_eq!(entries[0].practice.map(|p| p.minutes), Some(1));
        assert_eq!(entries[0].level_of(Region::Neck), lvl(5));
    }

    #[test]
    fn skipped_ratings_save_the_practice_and_only_rated_maps() {
        let mut flow = Flow::default();
        flow.begin(breathing_2min(), Some(&map(&[(Region::Neck, 6)])));
        flow.start(0.0, at(0), false);
        flow.stop(300.0); // past the planned end: completed, 2 minutes
        let Stage::After { levels, completed, .. } = &flow.stage else { panic!("{:?}", flow.stage) };
        assert!(*completed);
        assert!(levels.iter().all(Option::is_none));
        // Saving an empty after-rating saves only the before entry, which is not a check-in.
        let entries = flow.finish(Some(at(5))).expect("after stage");
        assert_eq!(entries.len(), 1);
        assert!(!entries[0].is_check_in());
        assert_eq!(entries[0].practice.map(|p| p.minutes), Some(2));

        // Cancelling the before-rating leaves nothing to save.
        flow.begin(breathing_2min(), None);
        flow.cancel();
        assert_eq!(flow.stage, Stage::Idle);
        assert_eq!(flow.finish(None), None);
    }

    #[test]
    fn session_entries_by_hand() {
        let before = Rating { at: at(0), levels: map(&[(Region::Neck, 7), (Region::Belly, 0)]) };
        let after = Rating { at: at(12), levels: map(&[(Region::Neck, 4)]) };
        let walk = PracticeKind::Walk;
        let entries = session_entries(walk, Duration::from_secs(10 * 60 + 20), true, &before, Some(&after), "s1");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].tensions.len(), 2);
        assert_eq!(entries[0].practice, Some(Practice { kind: walk, minutes: 10 }));
        assert_eq!(
            entries[1].session,
            Some(SessionLink { id: "s1".into(), role: SessionRole::After, completed: true })
        );
        // Nothing practised at all: 0 minutes.
        let entries = session_entries(walk, Duration::ZERO, false, &before, None, "s2");
        assert_eq!(entries[0].practice.map(|p| p.minutes), Some(0));
    }
}
