//! The four parts of the day on the local clock, shared by the analyses (tension by part of the
//! day, the lag analysis's matched baselines) and the reminders (one reminder per part).

use serde::Serialize;

use super::Lang;

/// A quarter of the day on the local clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartOfDay {
    /// 00:00–05:59.
    Night,
    /// 06:00–11:59.
    Morning,
    /// 12:00–17:59.
    Afternoon,
    /// 18:00–23:59.
    Evening,
}

impl PartOfDay {
    /// All four, from midnight on.
    pub const ALL: [PartOfDay; 4] = [PartOfDay::Night, PartOfDay::Morning, PartOfDay::Afternoon, PartOfDay::Evening];

    /// The part of the day an hour (0–23) falls in.
    pub fn of_hour(hour: u32) -> PartOfDay {
        match hour {
            0..6 => PartOfDay::Night,
            6..12 => PartOfDay::Morning,
            12..18 => PartOfDay::Afternoon,
            _ => PartOfDay::Evening,
        }
    }

    /// Position in [`PartOfDay::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The part a clock time falls in.
    pub fn of(t: chrono::NaiveTime) -> PartOfDay {
        PartOfDay::of_hour(chrono::Timelike::hour(&t))
    }

    /// Localised "this morning", "this afternoon" and so on.
    pub fn this(self, lang: Lang) -> &'static str {
        match self {
            PartOfDay::Night => lang.pick("tonight", "vannacht"),
            PartOfDay::Morning => lang.pick("this morning", "vanochtend"),
            PartOfDay::Afternoon => lang.pick("this afternoon", "vanmiddag"),
            PartOfDay::Evening => lang.pick("this evening", "vanavond"),
        }
    }

    /// Localised name.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            PartOfDay::Night => lang.pick("Night", "Nacht"),
            PartOfDay::Morning => lang.pick("Morning", "Ochtend"),
            PartOfDay::Afternoon => lang.pick("Afternoon", "Middag"),
            PartOfDay::Evening => lang.pick("Evening", "Avond"),
        }
    }
}
