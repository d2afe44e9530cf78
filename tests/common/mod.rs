//! Helpers shared by the integration tests.
#![allow(dead_code)]

use chrono::{DateTime, FixedOffset};
use feltsense::model::{Entry, Level, Region};

/// A fixed moment, `2026-11-20T08:30:00+01:00` shifted by `hours`.
pub fn at(hours: i64) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-20T08:30:00+01:00").expect("valid time") + chrono::Duration::hours(hours)
}

/// A level that is known to be valid.
pub fn lvl(v: u8) -> Level {
    Level::new(v).expect("0..=10")
}

/// A check-in rating `neck` at `level`, with an emotion.
pub fn entry(hours: i64, neck: u8, emotion: &str) -> Entry {
    let mut e = Entry::new(at(hours));
    e.set_tension(Region::Neck, Some(lvl(neck)));
    e.set_emotion(emotion, Some(lvl(6)));
    e
}

/// Unix permission bits of a file.
#[cfg(unix)]
pub fn mode(p: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777
}
