//! Instants as a person reads them: in their own time zone, with the entry's own clock time and
//! offset added only where it differs from theirs.
//!
//! An entry keeps the UTC offset it was felt at (`2026-03-03T09:00:00+01:00`), and the
//! machine-readable files (CSV, JSON, FHIR) write it so, losslessly. What a person *reads* (the
//! Journal, toasts, the edit form's title, the drill-downs, the command line's tables, the PDF's
//! log) shows every instant on their own clock, so that the list reads newest first and an entry
//! made while travelling does not look as if it lies in the future. The [`Zone`] is passed in, so
//! tests do not depend on the machine's time zone: the window takes it from its context
//! ([`ViewCx::zone`](crate::ui::views::ViewCx)), the command line and the PDF use
//! [`Zone::System`] (chrono's `Local`, which honours the `TZ` variable).
//!
//! Analysis is not affected: it keeps each entry's own local day.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone};

use super::{date_full, weekday_short};
use crate::model::Lang;

/// The person's time zone: what "their clock" means when an instant is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Zone {
    /// The machine's zone (chrono's `Local`: the `TZ` variable, else `/etc/localtime`), with its
    /// daylight-saving changes.
    #[default]
    System,
    /// One fixed offset (tests; a person who wants one).
    Fixed(FixedOffset),
}

impl Zone {
    /// UTC itself.
    pub fn utc() -> Zone {
        Zone::Fixed(FixedOffset::east_opt(0).unwrap_or_else(|| chrono::Utc.fix()))
    }

    /// A fixed offset of `hours` east of UTC (`None` beyond ±23 h).
    pub fn hours_east(hours: i32) -> Option<Zone> {
        FixedOffset::east_opt(hours * 3600).map(Zone::Fixed)
    }

    /// The person's UTC offset at the instant `at`.
    pub fn offset_at(self, at: &DateTime<FixedOffset>) -> FixedOffset {
        match self {
            Zone::System => chrono::Local.offset_from_utc_datetime(&at.naive_utc()).fix(),
            Zone::Fixed(o) => o,
        }
    }

    /// The instant `at` on the person's clock (the same instant, their offset).
    pub fn local(self, at: &DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        at.with_timezone(&self.offset_at(at))
    }

    /// The person's day of the instant `at`.
    pub fn day(self, at: &DateTime<FixedOffset>) -> NaiveDate {
        self.local(at).date_naive()
    }

    /// The instant a clock reading of the person's means: the earlier one when the clock went
    /// back, `None` for a time the clock skipped.
    pub fn from_local(self, t: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        match self {
            Zone::System => chrono::Local.from_local_datetime(&t).earliest().map(|t| t.fixed_offset()),
            Zone::Fixed(o) => o.from_local_datetime(&t).single(),
        }
    }

    /// The time now on the person's clock.
    pub fn now(self) -> DateTime<FixedOffset> {
        self.local(&chrono::Utc::now().fixed_offset())
    }
}

/// An offset as it is shown: "UTC+01:00", "UTC-05:00", "UTC+00:00" (the same in Dutch).
pub fn offset(o: FixedOffset) -> String {
    format!("UTC{o}")
}

/// The time of day of `at` on the person's clock, "08:00"; when the entry's own offset differs
/// from the person's at that instant, its own clock time and offset follow in brackets,
/// "08:00 (09:00 UTC+01:00)", with its own weekday when its own day is another than the person's,
/// "00:30 (Fri 23:30 UTC+00:00)" / "00:30 (vr 23:30 UTC+00:00)". The words are the same in
/// English and Dutch but for the weekday.
pub fn clock(at: &DateTime<FixedOffset>, zone: Zone, lang: Lang) -> String {
    let mine = zone.local(at).format("%H:%M");
    match own(at, zone, lang) {
        None => mine.to_string(),
        Some(own) => format!("{mine} ({own})"),
    }
}

/// The entry's own clock time and offset, "09:00 UTC+01:00" (with its own weekday when its own
/// day is another than the person's, "Fri 23:30 UTC+00:00"), or `None` when its offset is the
/// person's at that instant: what [`clock`] adds in brackets.
pub fn own(at: &DateTime<FixedOffset>, zone: Zone, lang: Lang) -> Option<String> {
    let local = zone.local(at);
    if local.offset() == at.offset() {
        return None;
    }
    let (own, o) = (at.format("%H:%M"), offset(*at.offset()));
    Some(if at.date_naive() == local.date_naive() {
        format!("{own} {o}")
    } else {
        format!("{} {own} {o}", weekday_short(at.weekday(), lang))
    })
}

/// When `at` was, as a person reads it: the day and [`clock`] on their clock,
/// "Tue 3 Mar 2026 08:00 (09:00 UTC+01:00)" / "di 3 mrt 2026 08:00 (09:00 UTC+01:00)".
pub fn when(at: &DateTime<FixedOffset>, zone: Zone, lang: Lang) -> String {
    format!("{} {}", date_full(zone.day(at), lang), clock(at, zone, lang))
}

/// When `at` was in a table of the command line: "2026-03-03 08:00", or
/// "2026-03-03 08:00 (09:00 UTC+01:00)" when the entry's own offset differs (see [`clock`]).
pub fn when_iso(at: &DateTime<FixedOffset>, zone: Zone) -> String {
    format!("{} {}", zone.day(at).format("%Y-%m-%d"), clock(at, zone, Lang::En))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).expect("time")
    }

    fn zone(hours: i32) -> Zone {
        Zone::hours_east(hours).expect("offset")
    }

    #[test]
    fn the_same_offset_shows_no_suffix() {
        let at = t("2026-03-03T14:05:00+01:00");
        assert_eq!(clock(&at, zone(1), Lang::En), "14:05");
        assert_eq!(when(&at, zone(1), Lang::En), "Tue 3 Mar 2026 14:05");
        assert_eq!(when(&at, zone(1), Lang::Nl), "di 3 mrt 2026 14:05");
        assert_eq!(when_iso(&at, zone(1)), "2026-03-03 14:05");
    }

    #[test]
    fn another_offset_shows_the_persons_time_then_the_entrys_own() {
        let at = t("2026-03-03T09:00:00+01:00");
        assert_eq!(clock(&at, Zone::utc(), Lang::En), "08:00 (09:00 UTC+01:00)");
        assert_eq!(when(&at, Zone::utc(), Lang::En), "Tue 3 Mar 2026 08:00 (09:00 UTC+01:00)");
        assert_eq!(when(&at, Zone::utc(), Lang::Nl), "di 3 mrt 2026 08:00 (09:00 UTC+01:00)");
        assert_eq!(when_iso(&at, Zone::utc()), "2026-03-03 08:00 (09:00 UTC+01:00)");
        assert_eq!(own(&at, Zone::utc(), Lang::Nl).as_deref(), Some("09:00 UTC+01:00"));
        assert_eq!(own(&at, zone(1), Lang::Nl), None);
        let west = t("2026-03-03T09:00:00-05:30");
        assert_eq!(clock(&west, Zone::utc(), Lang::En), "14:30 (09:00 UTC-05:30)");
    }

    #[test]
    fn crossing_midnight_moves_the_day_and_names_the_entrys_own_day() {
        // 23:30 at +00:00 is 00:30 the next day at +01:00.
        let at = t("2026-03-06T23:30:00+00:00");
        assert_eq!(zone(1).day(&at), NaiveDate::from_ymd_opt(2026, 3, 7).expect("day"));
        assert_eq!(when(&at, zone(1), Lang::En), "Sat 7 Mar 2026 00:30 (Fri 23:30 UTC+00:00)");
        assert_eq!(when(&at, zone(1), Lang::Nl), "za 7 mrt 2026 00:30 (vr 23:30 UTC+00:00)");
        assert_eq!(when_iso(&at, zone(1)), "2026-03-07 00:30 (Fri 23:30 UTC+00:00)");
        // And back: 00:30 at +01:00 is the evening before in UTC.
        let early = t("2026-03-07T00:30:00+01:00");
        assert_eq!(when(&early, Zone::utc(), Lang::En), "Fri 6 Mar 2026 23:30 (Sat 00:30 UTC+01:00)");
    }

    #[test]
    fn a_clock_reading_means_one_instant_in_the_zone() {
        let t0 = NaiveDate::from_ymd_opt(2026, 3, 3).and_then(|d| d.and_hms_opt(9, 0, 0)).expect("time");
        assert_eq!(zone(1).from_local(t0), Some(t("2026-03-03T09:00:00+01:00")));
        assert_eq!(Zone::utc().from_local(t0), Some(t("2026-03-03T09:00:00+00:00")));
        let at = t("2026-03-03T09:00:00+01:00");
        assert_eq!(zone(1).local(&at), at);
        assert_eq!(Zone::utc().local(&at), at, "the same instant");
        assert_eq!(Zone::utc().local(&at).offset().local_minus_utc(), 0);
    }
}
