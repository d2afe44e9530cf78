//! Glue between the analyses and the PDF report: the links page 1 lists.

use chrono::NaiveDate;

use crate::analysis::common::DateRange;
use crate::analysis::lag::{
    DEFAULT_MIN_CHECKINS, DEFAULT_MIN_DAYS, DEFAULT_MIN_EVENTS, DEFAULT_MIN_INTENSITY, LagParams, lag_analysis,
};
use crate::model::{Entry, Lang, Region};

/// A link between an emotion and a region found by the analysis, with a clear verdict.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportLink {
    /// Emotion code.
    pub emotion: String,
    /// The region whose tension follows the emotion.
    pub region: Region,
    /// When after the emotion, e.g. "6–24 h".
    pub window_label: String,
    /// How much higher (or, negative, lower) the region's level is than usual, in points.
    pub diff_points: f64,
    /// How many times the emotion was logged (the events behind the link).
    pub n_events: usize,
    /// On how many different days those events fall.
    pub n_days: usize,
    /// How many check-ins fell in the window after those events.
    pub n_checkins: usize,
}

/// The emotion → region links with a clear verdict (higher or lower: adjusted for what came
/// before and with the emotion, after false-discovery control; never "already higher before"
/// or "not enough data") in the lag analysis of the period, strongest first. Cells of one emotion and region
/// in several windows are kept apart: a physiotherapist reads "6–12 h" and "12–24 h" differently.
pub fn links_for_period(entries: &[Entry], from: NaiveDate, to: NaiveDate, lang: Lang) -> Vec<ReportLink> {
    let params = LagParams { range: DateRange::new(from, to), ..LagParams::default() };
    let table = lag_analysis(entries, &params);
    let mut links: Vec<ReportLink> = table
        .cells
        .iter()
        .filter(|c| c.verdict.is_link())
        .filter_map(|c| {
            Some(ReportLink {
                emotion: c.emotion.clone(),
                region: c.region,
                window_label: c.window.label(lang).to_owned(),
                diff_points: c.diff_points?,
                n_events: c.n_events,
                n_days: c.n_days,
                n_checkins: c.n_checkins,
            })
        })
        .collect();
    links.sort_by(|a, b| b.diff_points.abs().total_cmp(&a.diff_points.abs()));
    links
}

/// Why a period is too short for any after-an-emotion link, and what would be enough.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkShortfall {
    /// The latest first day (the shortest period ending on the same day) whose entries have
    /// enough events for the analysis to give a verdict, if the entries at hand have one.
    pub enough_from: Option<NaiveDate>,
    /// How far back the entries at hand were searched (their first day).
    pub searched_from: NaiveDate,
}

/// Whether the entries of `from`–`to` hold enough for the after-an-emotion analysis to reach a
/// verdict in at least one cell: some emotion logged at intensity 5 or more at least 10 times on
/// at least 7 different days, followed by at least 10 check-ins within 48 hours (a check-in
/// logged with the emotion is not "after" it). The analysis asks this per time window; this is
/// the least any window needs.
fn enough_for_links(entries: &[&Entry], from: NaiveDate, to: NaiveDate) -> bool {
    let check_ins: Vec<i64> = entries.iter().filter(|e| e.is_check_in()).map(|e| e.at.timestamp()).collect();
    let mut by_emotion: std::collections::HashMap<&str, (usize, std::collections::BTreeSet<NaiveDate>, usize)> =
        std::collections::HashMap::new();
    for e in entries.iter().filter(|e| (from..=to).contains(&e.at.date_naive())) {
        let t = e.at.timestamp();
        let after = check_ins.iter().filter(|&&c| c > t && c <= t + 48 * 3600).count();
        for em in e.emotions.iter().filter(|em| em.intensity.get() >= DEFAULT_MIN_INTENSITY) {
            if after == 0 {
                continue;
            }
            let s = by_emotion.entry(em.code.as_str()).or_default();
            s.0 += 1;
            s.1.insert(e.at.date_naive());
            s.2 += after;
        }
    }
    by_emotion.values().any(|(n, days, after)| {
        *n >= DEFAULT_MIN_EVENTS && days.len() >= DEFAULT_MIN_DAYS && *after >= DEFAULT_MIN_CHECKINS
    })
}

/// `None` when the period `from`–`to` has enough for the after-an-emotion analysis (a missing
/// link then means no clear link); otherwise how far back a period ending on `to` would have to
/// start, searched day by day over the `entries` given (the report has its own period and the
/// one before it).
pub fn link_shortfall(entries: &[Entry], from: NaiveDate, to: NaiveDate) -> Option<LinkShortfall> {
    let mut sorted: Vec<&Entry> = entries.iter().filter(|e| e.at.date_naive() <= to).collect();
    sorted.sort_by_key(|e| e.at);
    if enough_for_links(&sorted, from, to) {
        return None;
    }
    let searched_from = sorted.first().map_or(from, |e| e.at.date_naive()).min(from);
    let mut start = from;
    while let Some(earlier) = start.pred_opt().filter(|d| *d >= searched_from) {
        start = earlier;
        if enough_for_links(&sorted, start, to) {
            return Some(LinkShortfall { enough_from: Some(start), searched_from });
        }
    }
    Some(LinkShortfall { enough_from: None, searched_from })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoOptions, generate};

    #[test]
    fn links_are_clear_verdicts_strongest_first() {
        let end = chrono::DateTime::parse_from_rfc3339("2026-11-20T20:00:00+01:00").expect("time");
        let entries = generate(&DemoOptions { years: 2, seed: 5, end });
        let from = NaiveDate::from_ymd_opt(2025, 6, 1).expect("date");
        let to = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
        let links = links_for_period(&entries, from, to, Lang::En);
        assert!(!links.is_empty(), "the demo plants links");
        assert!(links.windows(2).all(|w| w[0].diff_points.abs() >= w[1].diff_points.abs()));
        assert!(links.iter().any(|l| l.emotion == "anxiety"), "planted anxiety link missing");
        assert!(links.iter().all(|l| l.n_events >= 10 && l.n_checkins >= 10));
        // A one-day period has too little data for any clear link.
        assert!(links_for_period(&entries, to, to, Lang::En).is_empty());
    }

    #[test]
    fn a_short_period_names_the_start_that_would_have_enough() {
        use crate::model::Level;
        let day0 = NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
        // Anxiety at 7 every evening, a check-in every next morning, for 20 days.
        let mut entries = Vec::new();
        for d in 0..20 {
            let date = day0 + chrono::Duration::days(d);
            let at = |h| date.and_hms_opt(h, 0, 0).expect("t").and_utc().fixed_offset();
            let mut e = Entry::new(at(20));
            e.set_emotion("anxiety", Level::new(7));
            entries.push(e);
            let mut c = Entry::new(at(8) + chrono::Duration::days(1));
            c.set_tension(crate::model::Region::Neck, Level::new(4));
            entries.push(c);
        }
        let to = day0 + chrono::Duration::days(19);
        // The last 5 days: 5 events on 5 days (4 with a check-in after), not enough.
        let short = link_shortfall(&entries, to - chrono::Duration::days(4), to).expect("too short");
        // Ten events with a check-in after need the days 9–18 of the series; so the period must start on day 9.
        assert_eq!(short.enough_from, Some(day0 + chrono::Duration::days(9)));
        assert_eq!(short.searched_from, day0);
        assert_eq!(link_shortfall(&entries, day0, to), None, "20 days are enough");
        let nothing = link_shortfall(&entries[..6], day0 + chrono::Duration::days(2), day0 + chrono::Duration::days(2));
        assert_eq!(nothing, Some(LinkShortfall { enough_from: None, searched_from: day0 }));
    }
}
