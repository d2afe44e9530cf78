//! Hand-made journals for the definitions; the statistics are tested on simulated journals in
//! `tests/analysis_sim.rs`.

use super::*;
use crate::analysis::common::test_util::{check_in, feeling, t, with_emotion};
use crate::model::Region::{Jaw, Neck};

#[test]
fn windows_leave_out_the_same_moment_and_include_their_start() {
    // Event at 100 h. Check-ins at 94 (6 h before: "before"), 100 (same moment), 100 h + 1 s is
    // not possible with whole hours, so 101 (0–6), 106 (6–12, start included), 112 (12–24), 124
    // (24–48), 148 (48 h: none), 99 (before).
    let mut entries = vec![feeling(100, "anxiety", 7)];
    for h in [94, 99, 100, 101, 106, 112, 124, 148] {
        entries.push(check_in(h, &[(Neck, 3)]));
    }
    let prep = prepare(&entries, &LagParams::default());
    let masks = slot_masks(&prep);
    let by_hour: Vec<(i64, u8)> =
        prep.times.iter().zip(&masks[0]).map(|(&x, &m)| ((x - t(0).timestamp()) / HOUR, m)).collect();
    assert_eq!(
        by_hour,
        [(94, 1 << 4), (99, 1 << 4), (100, 1 << 6), (101, 1), (106, 1 << 1), (112, 1 << 2), (124, 1 << 3), (148, 0)]
    );
    // The drill-down lists the same check-ins.
    let p = LagParams::default();
    assert_eq!(
        cell_entries(&entries, &p, "anxiety", LagWindow::H0To6),
        CellEntries { events: vec![0], check_ins: vec![4] }
    );
    assert_eq!(cell_entries(&entries, &p, "anxiety", LagWindow::H6To12).check_ins, vec![5]);
    // The descriptive baseline holds the check-ins before the event and the one 48 h after it.
    let table = lag_analysis(&entries, &p);
    assert_eq!(table.emotions[0].n_baseline, 3);
    let c = table.cell("anxiety", Neck, LagWindow::H0To6).expect("cell");
    assert_eq!((c.n_events, c.n_days, c.n_checkins, c.n_before), (1, 1, 1, 2));
    assert_eq!(c.verdict, Verdict::NotEnoughData);
    assert_eq!((c.more_events_needed, c.more_days_needed), (9, 6));
}

#[test]
fn earlier_level_comes_from_before_the_earliest_event() {
    // Check-ins at 10 (neck 2) and 20 (neck 4); events at 30 and 40. The check-in at 50 h is after
    // both: its earlier level is the mean over the 24 h before the earliest, 30 h: (2 + 4) / 2.
    // At 80 h only the event at 40 h lies in the 48 h before: the 24 h before 40 h hold the
    // check-in at 20 h (4). At 100 h no event lies in the 48 h before: the 24 h before itself
    // hold the check-in at 80 h (5).
    let entries = vec![
        check_in(10, &[(Neck, 2)]),
        check_in(20, &[(Neck, 4)]),
        feeling(30, "anxiety", 7),
        feeling(40, "stress", 7),
        check_in(50, &[(Neck, 9)]),
        check_in(80, &[(Neck, 5)]),
        check_in(100, &[(Neck, 1)]),
    ];
    let prep = prepare(&entries, &LagParams::default());
    let earlier = earlier_levels(&prep);
    let neck = |i: usize| earlier[i].map(|a| a[Neck.index()]);
    assert_eq!(neck(0), None);
    assert_eq!(neck(1), Some(2.0));
    assert_eq!(neck(2), Some(3.0));
    assert_eq!(neck(3), Some(4.0));
    assert_eq!(neck(4), Some(5.0));
}

#[test]
fn not_enough_data_says_how_much_more() {
    let mut entries = Vec::new();
    for k in 0..6 {
        entries.push(with_emotion(check_in(24 * k + 8, &[(Neck, 3)]), "anger", 8));
        entries.push(check_in(24 * k + 10, &[(Neck, 6), (Jaw, 1)]));
    }
    let table = lag_analysis(&entries, &LagParams::default());
    let c = table.cell("anger", Neck, LagWindow::H0To6).expect("cell");
    assert_eq!((c.n_events, c.n_days, c.n_checkins), (6, 6, 6));
    assert_eq!((c.verdict, c.more_events_needed, c.more_days_needed), (Verdict::NotEnoughData, 4, 1));
    assert_eq!(table.n_tested, 0);
    let en = cell_sentence(c, Lang::En);
    assert_eq!(en, "Not enough data yet: 4 more events on 1 more day, each followed by a check-in in this window.");
    let nl = cell_sentence(c, Lang::Nl);
    assert!(nl.starts_with("Nog te weinig gegevens: nog 4 gebeurtenissen op 1 andere dag"), "{nl}");
}

#[test]
fn json_has_the_documented_keys_and_verdict_codes() {
    let mut entries = Vec::new();
    for k in 0..3 {
        entries.push(with_emotion(check_in(24 * k + 8, &[(Neck, 3)]), "anxiety", 8));
        entries.push(check_in(24 * k + 12, &[(Neck, 5)]));
    }
    let table = lag_analysis(&entries, &LagParams::default());
    let mut buf = Vec::new();
    write_json(&table, &mut buf).expect("write");
    let v: serde_json::Value = serde_json::from_slice(&buf).expect("valid JSON");
    let arr = v.as_array().expect("array");
    assert_eq!(arr.len(), 64);
    let neck = arr.iter().find(|o| o["region"] == "neck" && o["window"] == "0-6h").expect("neck 0-6h");
    for key in [
        "emotion",
        "region",
        "window",
        "baseline",
        "response",
        "diff_points",
        "diff_percent",
        "n_events",
        "n_days",
        "n_checkins",
        "n_baseline",
        "ci95_low",
        "ci95_high",
        "p_value",
        "q_value",
        "before_points",
        "n_before",
        "before_window",
        "more_events_needed",
        "more_days_needed",
        "verdict",
        "method",
    ] {
        assert!(neck.get(key).is_some(), "{key}");
    }
    assert_eq!(neck["verdict"], "not_enough_data");
    // Three check-ins 6–36 h before the events are too few to check "before": no effect is
    // estimated.
    assert_eq!((neck["method"].as_str(), neck["before_window"].is_null()), (Some(METHOD_NONE), true));
    assert!(neck["diff_points"].is_null());
    assert_eq!(neck["response"], 5.0);
    for v in Verdict::ALL {
        assert_eq!(serde_json::to_value(v).expect("json"), v.code());
    }
}

#[test]
fn emotions_are_ordered_built_in_first_then_custom() {
    let entries = vec![feeling(1, "zest", 6), feeling(2, "awe", 6), feeling(3, "calm", 6), feeling(4, "anxiety", 6)];
    let table = lag_analysis(&entries, &LagParams::default());
    let codes: Vec<&str> = table.emotions.iter().map(|e| e.emotion.as_str()).collect();
    assert_eq!(codes, ["anxiety", "calm", "awe", "zest"]);
    assert!(table.cells.iter().all(|c| c.baseline.is_none() && c.response.is_none()));
    assert!(table.cells.iter().all(|c| c.verdict == Verdict::NotEnoughData));
}

#[test]
fn texts_in_both_languages() {
    let table = lag_analysis(&[feeling(1, "anxiety", 6), check_in(2, &[(Neck, 2)])], &LagParams::default());
    let en = format_table(&table, Lang::En);
    assert!(en.contains("Anxiety — 1 events on 1 days") || en.contains("Anxiety — 1 events"), "{en}");
    assert!(en.contains("not proof of cause") && en.contains("already higher / lower before"), "{en}");
    let nl = format_table(&table, Lang::Nl);
    assert!(nl.contains("Angst") && nl.contains("geen bewijs van oorzaak"), "{nl}");
    assert!(how_computed(Lang::En).contains("Newey–West") && how_computed(Lang::En).contains("not proof"));
    assert!(
        how_computed(Lang::Nl).contains("Benjamini–Hochberg") && how_computed(Lang::Nl).contains("al hoger vooraf")
    );
    for v in Verdict::ALL {
        assert_ne!(v.label(Lang::En), v.label(Lang::Nl));
    }
}

#[test]
fn params_saved_without_the_newer_fields_read_back_with_defaults() {
    let json = r#"{"min_intensity":6,"fdr_q":0.05,"range":{"from":null,"to":null},"min_events":5,"min_checkins":10}"#;
    let p: LagParams = serde_json::from_str(json).expect("old settings");
    assert!(p.match_time_of_day);
    assert_eq!(
        (p.min_effect_points, p.fdr_q, p.min_intensity.get(), p.min_days),
        (DEFAULT_MIN_EFFECT_POINTS, 0.05, 6, 7)
    );
}
