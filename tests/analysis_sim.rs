//! The after-an-emotion analysis on simulated journals whose truth is known
//! ([`feltsense::analysis::sim`]): planted effects are recovered, and journals built to fool the
//! method (emotions logged together, logging when already tense, logging at momentary peaks) get
//! no false link. Plus calibration over many journals: how often a null cell is called a link,
//! and how often the 95 % interval covers a planted effect.

use feltsense::analysis::sim::{Scenario, SimEffect, SimEmotion, simulate};
use feltsense::analysis::{LagCell, LagParams, LagTable, LagWindow, Verdict, lag_analysis};
use feltsense::model::Region;

/// The cells of a table that no planted effect touches (every region × window of every emotion,
/// except the planted emotion × region × windows wholly or partly inside a planted span).
fn unplanted<'a>(t: &'a LagTable, s: &Scenario) -> Vec<&'a LagCell> {
    t.cells.iter().filter(|c| !touched(c, s)).collect()
}

fn touched(c: &LagCell, s: &Scenario) -> bool {
    s.effects.iter().any(|e| {
        let (from, to) = c.window.hours();
        e.emotion == c.emotion && e.regions.contains(&c.region) && from < e.to_hours && to > e.from_hours
    })
}

/// The planted cells: windows wholly inside a planted span.
fn planted<'a>(t: &'a LagTable, s: &Scenario) -> Vec<(&'a LagCell, f64)> {
    let mut out = Vec::new();
    for e in &s.effects {
        for w in LagWindow::ALL {
            let (from, to) = w.hours();
            if from >= e.from_hours && to <= e.to_hours {
                for &r in &e.regions {
                    if let Some(c) = t.cell(e.emotion, r, w) {
                        out.push((c, e.points));
                    }
                }
            }
        }
    }
    out
}

fn quiet_share(cells: &[&LagCell]) -> f64 {
    cells.iter().filter(|c| !c.verdict.is_link()).count() as f64 / cells.len().max(1) as f64
}

fn describe(cells: &[&LagCell]) -> Vec<String> {
    cells
        .iter()
        .filter(|c| c.verdict.is_link())
        .map(|c| {
            format!("{} → {} {:?} {:+.2} {:?}", c.emotion, c.region, c.window, c.diff_points.unwrap_or(0.0), c.verdict)
        })
        .collect()
}

/// Asserts that every planted cell is found as `higher` within 0.35 points, and that at least
/// 95 % of the other cells are quiet.
fn assert_recovered(s: &Scenario) -> LagTable {
    let t = lag_analysis(&simulate(s), &LagParams::default());
    let found = planted(&t, s);
    assert!(!found.is_empty());
    for (c, points) in &found {
        let d = c.diff_points.expect("estimate");
        assert!(
            (d - points).abs() <= 0.35,
            "{} → {} {:?}: {d:+.2} for {points:+.2}: {c:?}",
            c.emotion,
            c.region,
            c.window
        );
        let expected = if *points > 0.0 { Verdict::Higher } else { Verdict::Lower };
        assert_eq!(c.verdict, expected, "{c:?}");
    }
    let others = unplanted(&t, s);
    assert!(quiet_share(&others) >= 0.95, "{:?}", describe(&others));
    t
}

fn neck_and_shoulders() -> Vec<Region> {
    vec![Region::Neck, Region::ShoulderLeft, Region::ShoulderRight]
}

#[test]
fn planted_effects_are_recovered_with_dense_logging() {
    let mut s = Scenario::plain(300, 1);
    s.checkins_per_day = 6;
    s.effects = vec![
        SimEffect { emotion: "anxiety", regions: neck_and_shoulders(), from_hours: 6, to_hours: 24, points: 2.0 },
        SimEffect { emotion: "stress", regions: vec![Region::Jaw], from_hours: 0, to_hours: 12, points: 1.5 },
        SimEffect { emotion: "joy", regions: vec![Region::LowerBack], from_hours: 12, to_hours: 48, points: -1.2 },
    ];
    assert_recovered(&s);
}

#[test]
fn planted_effects_are_recovered_with_sparse_logging_and_missed_days() {
    // One check-in a day (around 19:00) for 500 days, a fifth of the days missed: every window
    // after an event is 12–48 h.
    let mut s = Scenario::plain(500, 2);
    s.checkins_per_day = 1;
    s.missed_day = 0.2;
    s.emotions = vec![SimEmotion::random("anxiety", 0.25), SimEmotion::random("joy", 0.2)];
    s.effects =
        vec![SimEffect { emotion: "anxiety", regions: vec![Region::Neck], from_hours: 12, to_hours: 48, points: 2.0 }];
    let t = assert_recovered(&s);
    // With one check-in a day nothing falls in the 6 h before an event: "before" is not checked.
    assert!(t.cells.iter().all(|c| c.n_before == 0));
}

#[test]
fn an_emotion_logged_with_another_does_not_borrow_its_effect() {
    // Frustration is logged in the same entry as stress 70 % of the time; only stress raises the
    // jaw. A plain comparison would show frustration → jaw clearly higher.
    let mut s = Scenario::plain(300, 3);
    s.together = vec![("frustration", "stress", 0.7)];
    s.effects =
        vec![SimEffect { emotion: "stress", regions: vec![Region::Jaw], from_hours: 0, to_hours: 24, points: 1.5 }];
    let t = assert_recovered(&s);
    for w in [LagWindow::H0To6, LagWindow::H6To12, LagWindow::H12To24] {
        let c = t.cell("frustration", Region::Jaw, w).expect("cell");
        assert!(!c.verdict.is_link(), "{c:?}");
        // The plain means do show the borrowed difference: the scenario fools a naive method.
        let plain = c.response.zip(c.baseline).map(|(r, b)| r - b).expect("means");
        assert!(plain > 0.5, "{w:?}: plain difference {plain}");
        assert!(c.diff_points.is_some_and(|d| d.abs() < 0.35), "{c:?}");
    }
}

/// Slow drift from day to day, and anxiety and sadness logged more on days the body is already
/// tense: no emotion has any effect.
fn drifting(seed: u64, per_day: u32) -> Scenario {
    let mut s = Scenario::plain(400, seed);
    s.checkins_per_day = per_day;
    s.drift_sd = 1.2;
    s.drift_phi = 0.85;
    s.emotions = vec![
        SimEmotion { code: "anxiety", rate: 0.10, tense_logging: 1.5, peak_logging: 0.0 },
        SimEmotion { code: "sadness", rate: 0.08, tense_logging: 1.2, peak_logging: 0.0 },
        SimEmotion::random("joy", 0.10),
    ];
    s
}

#[test]
fn logging_when_already_tense_is_no_link() {
    for seed in [4, 5] {
        let s = drifting(seed, 5);
        let t = lag_analysis(&simulate(&s), &LagParams::default());
        let cells: Vec<&LagCell> = t.cells.iter().collect();
        let links = describe(&cells);
        assert!(links.is_empty(), "seed {seed}: {links:?}");
        // The trap is real: after anxiety the neck is clearly higher in plain means …
        let c = t.cell("anxiety", Region::Neck, LagWindow::H6To12).expect("cell");
        let plain = c.response.zip(c.baseline).map(|(r, b)| r - b).expect("means");
        assert!(plain > 0.8, "plain difference {plain}");
        // … and the analysis says so truthfully: tension is already higher before.
        assert!(c.before_points.is_some_and(|b| b > 0.3), "{c:?}");
        let before = t.cells.iter().filter(|c| c.verdict == Verdict::AlreadyHigherBefore).count();
        assert!(before > 0, "seed {seed}: no cell says \"already higher before\"");
    }
}

#[test]
fn logging_at_momentary_peaks_is_no_link() {
    // Emotions logged when the check-in itself happens to be tense (noise), which then returns to
    // normal: regression to the mean.
    let mut s = Scenario::plain(300, 6);
    s.noise_sd = 1.3;
    s.emotions = vec![
        SimEmotion { code: "anxiety", rate: 0.10, tense_logging: 0.0, peak_logging: 2.0 },
        SimEmotion { code: "stress", rate: 0.10, tense_logging: 0.0, peak_logging: 1.5 },
        SimEmotion::random("joy", 0.10),
    ];
    let j = simulate(&s);
    let t = lag_analysis(&j, &LagParams::default());
    let cells: Vec<&LagCell> = t.cells.iter().collect();
    assert!(quiet_share(&cells) >= 0.95 && describe(&cells).len() <= 2, "{:?}", describe(&cells));
    assert!(t.cells.iter().filter(|c| c.emotion != "joy").all(|c| !c.verdict.is_link()), "{:?}", describe(&cells));
    // The check-ins logged with anxiety are clearly tenser: the trap is real.
    let neck = |e: &feltsense::model::Entry| e.levels().map_or(0.0, |l| f64::from(l[Region::Neck.index()]));
    let (with, without): (Vec<_>, Vec<_>) = j.iter().partition(|e| e.intensity_of("anxiety").is_some());
    let mean = |v: &[&feltsense::model::Entry]| v.iter().map(|e| neck(e)).sum::<f64>() / v.len() as f64;
    assert!(mean(&with) > mean(&without) + 0.5);
}

/// Drift with a real effect on top: the effect is still found, and the drift-logged emotion is not.
#[test]
fn a_real_effect_is_found_in_a_drifting_journal() {
    let mut s = drifting(7, 5);
    s.emotions.push(SimEmotion::random("stress", 0.12));
    s.effects =
        vec![SimEffect { emotion: "stress", regions: vec![Region::Neck], from_hours: 6, to_hours: 24, points: 2.0 }];
    let t = lag_analysis(&simulate(&s), &LagParams::default());
    for w in [LagWindow::H6To12, LagWindow::H12To24] {
        let c = t.cell("stress", Region::Neck, w).expect("cell");
        assert_eq!(c.verdict, Verdict::Higher, "{c:?}");
        assert!(c.diff_points.is_some_and(|d| (d - 2.0).abs() <= 0.5), "{c:?}");
    }
    let others = unplanted(&t, &s);
    assert!(others.iter().all(|c| !(c.verdict.is_link() && c.emotion != "stress")), "{:?}", describe(&others));
}

/// Calibration: over 100 null journals (no effects; a daily rhythm, some drift, emotions at
/// random), at most 5 % of the cells that could be judged are called a link; over 40 journals
/// with planted effects, the 95 % interval covers the planted size in at least 90 % of the planted
/// cells.
#[test]
fn calibration_over_many_journals() {
    let (mut judged, mut links) = (0usize, 0usize);
    for seed in 0..100 {
        let mut s = Scenario::plain(120, 1000 + seed);
        s.drift_sd = 0.5;
        s.drift_phi = 0.7;
        let t = lag_analysis(&simulate(&s), &LagParams::default());
        judged += t.cells.iter().filter(|c| c.verdict != Verdict::NotEnoughData).count();
        links += t.cells.iter().filter(|c| c.verdict.is_link()).count();
    }
    assert!(judged > 10_000, "{judged}");
    assert!(links as f64 <= 0.05 * judged as f64, "{links} of {judged}");

    let (mut planted_cells, mut covered) = (0usize, 0usize);
    for seed in 0..40 {
        let mut s = Scenario::plain(150, 2000 + seed);
        s.drift_sd = 0.5;
        s.drift_phi = 0.7;
        s.effects = vec![
            SimEffect { emotion: "anxiety", regions: vec![Region::Neck], from_hours: 6, to_hours: 24, points: 1.5 },
            SimEffect { emotion: "stress", regions: vec![Region::Jaw], from_hours: 0, to_hours: 12, points: 1.0 },
        ];
        let t = lag_analysis(&simulate(&s), &LagParams::default());
        for (c, points) in planted(&t, &s) {
            if let (Some(lo), Some(hi)) = (c.ci95_low, c.ci95_high) {
                planted_cells += 1;
                covered += usize::from(lo <= points && points <= hi);
            }
        }
    }
    assert!(planted_cells >= 150, "{planted_cells}");
    assert!(covered as f64 >= 0.9 * planted_cells as f64, "{covered} of {planted_cells} intervals cover the truth");
}
