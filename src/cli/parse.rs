//! Parsers for command-line values (`anger=7`, `2026-11-20T08:30`, ...). Pure functions, so they
//! can be tested and fuzzed without spawning the program.

use chrono::{DateTime, FixedOffset, Local, NaiveDate, NaiveDateTime, TimeZone};

use crate::model::{Lang, Level, Practice, PracticeKind, Region, Signal, dates, limits};

/// Splits `name=value`.
fn split_pair<'a>(s: &'a str, what: &str, example: &str) -> Result<(&'a str, &'a str), String> {
    s.split_once('=')
        .map(|(a, b)| (a.trim(), b.trim()))
        .filter(|(a, b)| !a.is_empty() && !b.is_empty())
        .ok_or_else(|| format!("`{s}` is not a {what}; write it like `{example}`"))
}

fn level(v: &str, of: &str) -> Result<Level, String> {
    let n: i64 = v.parse().map_err(|_| format!("`{v}` is not a whole number from 0 to 10 (for {of})"))?;
    Level::try_from(n).map_err(|e| format!("{e} (for {of})"))
}

/// `neck=6`.
pub fn tension(s: &str) -> Result<(Region, Level), String> {
    let (code, v) = split_pair(s, "tension rating", "neck=6")?;
    let region = Region::from_code(code)
        .ok_or_else(|| format!("unknown region `{code}`; `feltsense regions` lists the codes"))?;
    Ok((region, level(v, code)?))
}

/// `anger=7` (any code that is not built in is a custom emotion).
pub fn emotion(s: &str) -> Result<(String, Level), String> {
    let (code, v) = split_pair(s, "emotion rating", "anger=7")?;
    if code.chars().count() > limits::LABEL_CHARS || code.chars().any(char::is_control) {
        return Err(format!("`{code}` is not a usable emotion name"));
    }
    Ok((code.to_owned(), level(v, code)?))
}

/// `jaw_clenching`.
pub fn signal(s: &str) -> Result<Signal, String> {
    Signal::from_code(s.trim()).ok_or_else(|| {
        let codes: Vec<&str> = Signal::ALL.iter().map(|s| s.code()).collect();
        format!("unknown signal `{s}`; choose one of: {}", codes.join(", "))
    })
}

/// `breathing_4_6=2` (minutes) or just `walk`.
pub fn practice(s: &str) -> Result<Practice, String> {
    let (code, minutes) = match s.split_once('=') {
        Some((c, m)) => (c.trim(), Some(m.trim())),
        None => (s.trim(), None),
    };
    let kind = PracticeKind::from_code(code).ok_or_else(|| {
        let codes: Vec<&str> = PracticeKind::ALL.iter().map(|s| s.code()).collect();
        format!("unknown practice `{code}`; choose one of: {}", codes.join(", "))
    })?;
    let minutes = match minutes {
        None => 0,
        Some(m) => m
            .parse::<u16>()
            .ok()
            .filter(|&m| m <= limits::PRACTICE_MINUTES)
            .ok_or_else(|| format!("`{m}` is not a number of minutes (0 to {})", limits::PRACTICE_MINUTES))?,
    };
    Ok(Practice { kind, minutes })
}

/// A calendar date, `2026-11-20`, in the years the journal works with (1 to 9999).
pub fn date(s: &str) -> Result<NaiveDate, String> {
    dates::parse(s).map_err(|e| e.describe(Lang::En))
}

/// A moment: RFC 3339 with offset (`2026-11-20T08:30:00+01:00`) or a local time without offset
/// (`2026-11-20T08:30`, `2026-11-20 08:30`, with or without seconds), read in `tz`.
pub fn moment_in<Tz: TimeZone>(s: &str, tz: &Tz) -> Result<DateTime<FixedOffset>, String> {
    let s = s.trim();
    let in_range = |t: DateTime<FixedOffset>| dates::check(t.date_naive()).map(|_| t).map_err(|e| e.describe(Lang::En));
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return in_range(t);
    }
    let naive = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .ok_or_else(|| format!("`{s}` is not a time like 2026-11-20T08:30 or 2026-11-20T08:30:00+01:00"))?;
    dates::check(naive.date()).map_err(|e| e.describe(Lang::En))?;
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.fixed_offset())
        .ok_or_else(|| format!("{s} does not exist in the local time zone (a daylight-saving gap)"))
        .and_then(in_range)
}

/// [`moment_in`] the machine's local time zone.
pub fn moment(s: &str) -> Result<DateTime<FixedOffset>, String> {
    moment_in(s, &Local)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_good_values() {
        assert_eq!(tension("neck=6"), Ok((Region::Neck, Level::new(6).expect("6"))));
        assert_eq!(tension(" shoulder_left = 4 "), Ok((Region::ShoulderLeft, Level::new(4).expect("4"))));
        assert_eq!(emotion("anger=7").map(|(c, l)| (c, l.get())), Ok(("anger".into(), 7)));
        assert_eq!(practice("breathing_4_6=2"), Ok(Practice { kind: PracticeKind::Breathing46, minutes: 2 }));
        assert_eq!(practice("walk").map(|p| p.minutes), Ok(0));
        assert_eq!(signal("jaw_clenching"), Ok(Signal::JawClenching));
        let utc = chrono::Utc;
        let t = moment_in("2026-11-20T08:30", &utc).expect("time");
        assert_eq!(t.to_rfc3339(), "2026-11-20T08:30:00+00:00");
        let t = moment_in("2026-11-20T08:30:00+01:00", &utc).expect("time");
        assert_eq!(t.offset().local_minus_utc(), 3600);
    }

    #[test]
    fn explains_bad_values() {
        assert!(tension("elbow=3").unwrap_err().contains("feltsense regions"));
        assert!(tension("neck=11").unwrap_err().contains("0 to 10"));
        assert!(tension("neck").unwrap_err().contains("neck=6"));
        assert!(emotion("anger=x").unwrap_err().contains("whole number"));
        assert!(practice("yoga=3").unwrap_err().contains("breathing_4_6"));
        assert!(practice("walk=-3").is_err());
        assert!(date("20-11-2026").is_err());
        assert_eq!(date("-200000-01-01").unwrap_err(), "-200000-01-01 is outside the years 1 to 9999");
        assert!(moment_in("+12345-01-01T08:00", &chrono::Utc).unwrap_err().contains("outside the years 1 to 9999"));
        assert!(moment_in("0000-01-01T08:00:00+01:00", &chrono::Utc).is_err());
        assert!(moment("yesterday").is_err());
    }

    proptest! {
        #[test]
        fn parsers_never_panic(s in "\\PC*") {
            let _ = tension(&s);
            let _ = emotion(&s);
            let _ = signal(&s);
            let _ = practice(&s);
            let _ = date(&s);
            let _ = moment_in(&s, &chrono::Utc);
        }

        #[test]
        fn every_valid_tension_parses(i in 0usize..Region::COUNT, v in 0u8..=10) {
            let r = Region::ALL[i];
            let code = r.code();
            let text = format!("{code}={v}");
            prop_assert_eq!(tension(&text), Ok((r, Level::new(v).expect("level"))));
        }

        #[test]
        fn out_of_range_levels_are_refused(v in 11i64..100_000) {
            let text = format!("neck={v}");
            prop_assert!(tension(&text).is_err());
        }
    }
}
