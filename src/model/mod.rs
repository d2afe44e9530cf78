//! The journal's vocabulary: regions of the body, emotions, signals, practices, and entries.
//!
//! Nothing here knows about SQLite or egui; every other layer speaks these types.
//!
//! # Check-ins
//! A **check-in** is an entry with at least one tension rating. Within a check-in, every region the
//! entry does not rate counts as level 0 ("no tension noticed there"). The analyses rely on this:
//! a check-in that rates only the neck at 6 says the shoulders were at 0 at that moment. An entry
//! without any tension rating (for example one that only records an emotion) is not a check-in and
//! contributes nothing to tension averages. See [`Entry::is_check_in`] and [`Entry::level_of`].

pub mod dates;
mod entry;
pub mod experiment;
mod lang;
mod level;
pub mod outline;
pub mod prep;
pub mod quick;
mod region;
pub mod rng;
pub mod text;
mod vocab;

pub use entry::{
    EmotionRating, Entry, EntryId, InvalidEntry, Practice, SessionLink, SessionRole, TensionRating, limits, new_uid,
};
pub use lang::Lang;
pub use level::{Level, LevelError};
pub use region::{Region, Side, View, WpiArea};
pub use text::{Describe, Message};
pub use vocab::{BUILTIN_EMOTIONS, EmotionInfo, PracticeKind, Signal, emotion_name};
