//! Glue between the analyses and the PDF report: the links page 1 lists.

use chrono::NaiveDate;

use crate::analysis::common::DateRange;
use crate::analysis::lag::{LagParams, lag_analysis};
use crate::export::pdf::ReportLink;
use crate::model::{Entry, Lang};

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
}
