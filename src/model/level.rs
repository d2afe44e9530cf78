use serde::{Deserialize, Serialize};

/// A rating on the 0–10 Numeric Rating Scale: 0 = none, 10 = worst imaginable.
///
/// Used for both tension levels and emotion intensities.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u8")]
pub struct Level(u8);

/// A number outside 0–10 was given where a [`Level`] was expected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not a level from 0 to 10")]
pub struct LevelError(pub i64);

impl Level {
    /// The lowest level, 0.
    pub const ZERO: Level = Level(0);
    /// The highest level, 10.
    pub const MAX: Level = Level(10);

    /// Makes a level, or `None` when `v` is above 10.
    pub const fn new(v: u8) -> Option<Level> {
        if v <= 10 { Some(Level(v)) } else { None }
    }

    /// Makes a level, clamping to 0–10.
    pub fn clamped(v: i64) -> Level {
        Level(v.clamp(0, 10) as u8)
    }

    /// The numeric value, 0–10.
    pub const fn get(self) -> u8 {
        self.0
    }

    /// The value as a float, for averaging.
    pub fn as_f64(self) -> f64 {
        f64::from(self.0)
    }
}

impl TryFrom<i64> for Level {
    type Error = LevelError;
    fn try_from(v: i64) -> Result<Self, Self::Error> {
        if (0..=10).contains(&v) { Ok(Level(v as u8)) } else { Err(LevelError(v)) }
    }
}

impl From<Level> for u8 {
    fn from(l: Level) -> u8 {
        l.0
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_zero_to_ten_only() {
        assert_eq!(Level::try_from(0).map(Level::get), Ok(0));
        assert_eq!(Level::try_from(10).map(Level::get), Ok(10));
        assert_eq!(Level::try_from(11), Err(LevelError(11)));
        assert_eq!(Level::try_from(-1), Err(LevelError(-1)));
        assert_eq!(Level::new(11), None);
        assert_eq!(Level::clamped(42).get(), 10);
    }

    #[test]
    fn json_rejects_out_of_range() {
        assert!(serde_json::from_str::<Level>("7").is_ok());
        assert!(serde_json::from_str::<Level>("12").is_err());
        assert!(serde_json::from_str::<Level>("\"7\"").is_err());
    }
}
