//! The analyses on generated demo journals: they must find the planted patterns and no link where
//! none was planted; plus property tests for invariants of the lag analysis.

use std::collections::HashSet;
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, Duration, FixedOffset, TimeZone, Timelike};
use feltsense::analysis::lag::{LagCell, MIN_BASELINE_PER_PART};
use feltsense::analysis::practices::practice_report;
use feltsense::analysis::time_of_day::{PartOfDay, time_of_day};
use feltsense::analysis::{DateRange, LagParams, LagTable, LagWindow, Verdict, cell_entries, lag_analysis};
use feltsense::demo::{
    DAILY_RHYTHM_REGIONS, DemoOptions, EVENING_RISE_PER_HOUR, PLANTED_LINKS, PLANTED_RELIEF, UNLINKED_EMOTIONS,
    UNLINKED_REGIONS, WEEKEND_DROP, generate,
};
use feltsense::model::{BUILTIN_EMOTIONS, Entry, Level, PracticeKind, Region, SessionRole};
use proptest::prelude::*;

fn end() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-20T20:00:00+01:00").expect("time")
}

const SEED: u64 = 7;
const YEARS: u32 = 4;

/// The journal most tests share: four years, fixed seed.
fn journal() -> &'static [Entry] {
    static J: OnceLock<Vec<Entry>> = OnceLock::new();
    J.get_or_init(|| generate(&DemoOptions { years: YEARS, seed: SEED, end: end() }))
}

fn table() -> &'static LagTable {
    static T: OnceLock<LagTable> = OnceLock::new();
    T.get_or_init(|| lag_analysis(journal(), &LagParams::default()))
}

#[test]
fn the_demo_journal_is_deterministic_and_looks_like_a_real_one() {
    let j = journal();
    assert_eq!(generate(&DemoOptions { years: YEARS, seed: SEED, end: end() }), j);
    let other = generate(&DemoOptions { years: YEARS, seed: SEED + 1, end: end() });
    assert_ne!(other.len(), 0);
    assert_ne!(other.iter().map(|e| e.at).collect::<Vec<_>>(), j.iter().map(|e| e.at).collect::<Vec<_>>());

    // About four entries a day over four years (1461 days).
    let per_day = j.len() as f64 / 1461.0;
    assert!((3.5..=4.6).contains(&per_day), "{per_day} entries a day");
    assert!(j.windows(2).all(|w| w[0].at <= w[1].at), "sorted by time");
    assert!(j.last().is_some_and(|e| e.at <= end()));
    assert_eq!(j[0].uid, "demo-7-0");
    assert_eq!(j.iter().map(|e| e.uid.as_str()).collect::<HashSet<_>>().len(), j.len());
    assert!(j.iter().all(|e| e.validate().is_ok()));

    // Mostly check-ins that rate a handful of regions; some entries with only an emotion.
    let check_ins = j.iter().filter(|e| e.is_check_in()).count();
    assert!(check_ins as f64 > 0.9 * j.len() as f64);
    assert!(j.iter().any(|e| !e.is_check_in() && !e.emotions.is_empty()));
    let rated = j.iter().filter(|e| e.is_check_in()).map(|e| e.tensions.len()).sum::<usize>() as f64 / check_ins as f64;
    assert!((3.0..=7.0).contains(&rated), "{rated} regions per check-in");

    // Built-in and custom emotions, signals, tags and varied notes.
    let codes: HashSet<&str> = j.iter().flat_map(|e| e.emotions.iter().map(|x| x.code.as_str())).collect();
    assert!(BUILTIN_EMOTIONS.iter().all(|b| codes.contains(b.code)));
    assert!(codes.iter().any(|c| BUILTIN_EMOTIONS.iter().all(|b| b.code != *c)), "a custom emotion");
    assert!(j.iter().any(|e| !e.signals.is_empty()));
    let tags: HashSet<&str> = j.iter().flat_map(|e| e.tags.iter().map(String::as_str)).collect();
    assert!(["work", "home", "sleep"].iter().all(|t| tags.contains(t)), "{tags:?}");
    let notes: HashSet<&str> = j.iter().map(|e| e.note.as_str()).filter(|n| !n.is_empty()).collect();
    assert!(notes.len() >= 40, "{} distinct notes", notes.len());

    // 4–6 breathing for 2 minutes is the most common practice.
    let practices: Vec<_> = j.iter().filter_map(|e| e.practice).collect();
    let breathing_2 = practices.iter().filter(|p| p.kind == PracticeKind::Breathing46 && p.minutes == 2).count();
    for kind in PracticeKind::ALL.iter().filter(|&&k| k != PracticeKind::Breathing46) {
        assert!(breathing_2 > practices.iter().filter(|p| p.kind == *kind).count(), "{kind:?}");
    }

    // Guided breathing: every session id has one "before" and one "after" entry, both check-ins
    // with the practice, the "after" a few minutes later.
    let mut sessions: std::collections::HashMap<&str, Vec<&Entry>> = std::collections::HashMap::new();
    for e in j {
        if let Some(link) = &e.session {
            sessions.entry(link.id.as_str()).or_default().push(e);
        }
    }
    assert!(sessions.len() >= 50, "{} guided sessions", sessions.len());
    for pair in sessions.values() {
        assert_eq!(pair.len(), 2);
        let roles: Vec<_> = pair.iter().filter_map(|e| e.session.as_ref().map(|l| l.role)).collect();
        assert_eq!(roles, [SessionRole::Before, SessionRole::After]);
        assert!(pair.iter().all(|e| e.is_check_in() && e.practice.is_some()));
        assert!(pair[1].at - pair[0].at <= Duration::minutes(10));
    }

    // Winter and summer time, and a few missed days.
    let offsets: HashSet<i32> = j.iter().map(|e| e.at.offset().local_minus_utc()).collect();
    assert_eq!(offsets, HashSet::from([3600, 7200]));
    let days: HashSet<_> = j.iter().map(|e| e.at.date_naive()).collect();
    assert!(days.len() < 1461 && days.len() > 1300, "{} days logged", days.len());
}

#[test]
fn ten_years_and_zero_years() {
    let ten = generate(&DemoOptions { years: 10, seed: 1, end: end() });
    assert!((13_000..=17_000).contains(&ten.len()), "{}", ten.len());
    assert!(generate(&DemoOptions { years: 0, seed: 1, end: end() }).is_empty());
}

#[test]
fn summer_time_follows_the_last_sundays_of_march_and_october() {
    let j = journal();
    // 2026: summer time from Sunday 29 March to Sunday 25 October.
    for e in j.iter().filter(|e| e.at.year() == 2026) {
        let d = e.at.date_naive();
        let (m, day) = (d.month(), d.day());
        let summer = (m > 3 || (m == 3 && day > 29)) && (m < 10 || (m == 10 && day < 25));
        let winter = m < 3 || (m == 3 && day < 29) || m > 10 || (m == 10 && day > 25);
        if summer {
            assert_eq!(e.at.offset().local_minus_utc(), 7200, "{}", e.at);
        } else if winter {
            assert_eq!(e.at.offset().local_minus_utc(), 3600, "{}", e.at);
        }
    }
}

/// Windows that lie wholly inside a planted effect's hours.
fn windows_inside(from: i64, to: i64) -> Vec<LagWindow> {
    LagWindow::ALL.into_iter().filter(|w| w.hours().0 >= from && w.hours().1 <= to).collect()
}

#[test]
fn the_lag_analysis_finds_every_planted_link() {
    let t = table();
    let mut checked = 0;
    for link in PLANTED_LINKS {
        for w in windows_inside(link.from_hours, link.to_hours) {
            for &r in link.regions {
                let c = t.cell(link.emotion, r, w).expect("cell");
                assert_eq!(c.verdict, Verdict::Higher, "{} → {r} {w:?}: {c:?}", link.emotion);
                // The measured difference is of the planted size, give or take clamping at 0 and
                // other effects on the same region that happen to overlap (stress also raises the
                // jaw that anger raises).
                let d = c.diff_points.expect("difference");
                assert!(d > 0.5 * link.points && d < 2.0 * link.points, "{} → {r} {w:?}: {d}", link.emotion);
                checked += 1;
            }
        }
    }
    // anxiety 3 regions × 2 windows, stress 2 × 3, anger 2 × 2, restlessness 2 × 2.
    assert_eq!(checked, 20);
    // Anxiety's effect starts at 6 h: the neck in the first window is not (or far less) raised.
    let early = t.cell("anxiety", Region::Neck, LagWindow::H0To6).and_then(|c| c.diff_points).expect("cell");
    let later = t.cell("anxiety", Region::Neck, LagWindow::H12To24).and_then(|c| c.diff_points).expect("cell");
    assert!(early < later - 1.0, "{early} vs {later}");
}

/// The cells where no link was planted and the daily rhythm used to fake one: every emotion in
/// [`UNLINKED_EMOTIONS`] × the [`DAILY_RHYTHM_REGIONS`] and the legs ([`UNLINKED_REGIONS`]) ×
/// every window (6 × 10 × 4 = 240 cells).
fn null_cells(t: &LagTable) -> Vec<&LagCell> {
    t.cells
        .iter()
        .filter(|c| {
            UNLINKED_EMOTIONS.contains(&c.emotion.as_str())
                && (DAILY_RHYTHM_REGIONS.contains(&c.region) || UNLINKED_REGIONS.contains(&c.region))
        })
        .collect()
}

fn flagged(cells: &[&LagCell]) -> Vec<String> {
    cells
        .iter()
        .filter(|c| c.verdict != Verdict::NoClearLink)
        .map(|c| format!("{} → {} {:?} {:+.2}", c.emotion, c.region, c.window, c.diff_points.unwrap_or(f64::NAN)))
        .collect()
}

/// The smallest k with P(X > k) < `alpha` for X ~ Binomial(n, p).
fn binomial_upper(n: usize, p: f64, alpha: f64) -> usize {
    let mut pmf = (1.0 - p).powi(i32::try_from(n).expect("small n"));
    let mut cdf = pmf;
    let mut k = 0;
    while 1.0 - cdf >= alpha && k < n {
        pmf *= (n - k) as f64 / (k + 1) as f64 * p / (1.0 - p);
        k += 1;
        cdf += pmf;
    }
    k
}

/// No link where none was planted, on the shared journal: the time-of-day matching removes the
/// links the daily rhythm used to fake for every emotion (about +0.3 points 6–12 h and −0.15 points
/// 12–24 h after an event), and the planted links are still found (previous test).
///
/// What is asserted, precisely:
/// 1. All 240 [`null_cells`] are testable (at least 5 events and 10 check-ins in the window and
///    the baseline, and a q-value), so "not flagged" is never "not looked at".
/// 2. The analysis as it was before the fix (no matching, no effect-size floor) flags at least a
///    tenth of them: the fault is present in this journal and this test would see it.
/// 3. With matching, the number of flagged null cells stays within what chance allows under the
///    false-discovery-rate control of the whole table: Benjamini–Hochberg at q flags a cell when
///    its p-value is at most q · R / m (R cells flagged out of m tested), so a null cell is flagged
///    with probability about q · R / m. For N = 240 null cells that gives Binomial(N, q · R / m)
///    (about 0.9 cells here); the count must not exceed its 99.9 % quantile. The analysis before
///    the fix, and the effect-size floor alone without matching, are held to the same rule (with
///    their own R) and fail it: it is the matching that removes the faked links.
/// 4. The rhythm's signature is gone: the mean difference over these cells at 6–12 h and at
///    12–24 h is less than half of the plain one.
/// 5. As before, joy and calm × legs (no rhythm, no link: pure noise) show no difference worth
///    the name, with narrow intervals, and at most one chance flag among those 16 cells.
///
/// The few cells that can still be flagged (here: sadness and relief → both shoulders at 6–12 h)
/// come from chance overlap of those emotions' windows with anxiety's planted effect on the neck
/// and shoulders, not from the time of day; the test over several journals below checks that their
/// share stays within the false discovery rate on average.
#[test]
fn no_link_where_none_was_planted() {
    let t = table();
    let cells = null_cells(t);
    assert_eq!(cells.len(), UNLINKED_EMOTIONS.len() * 10 * LagWindow::ALL.len());
    for c in &cells {
        assert!(c.n_events >= 5 && c.n_checkins >= 10 && c.n_baseline >= 10 && c.q_value.is_some(), "{c:?}");
    }
    let q = t.params.fdr_q;
    let allowed = |t: &LagTable| {
        let r = t.cells.iter().filter(|c| c.verdict != Verdict::NoClearLink).count();
        binomial_upper(cells.len(), q * r as f64 / t.n_tested as f64, 0.001)
    };

    let old = lag_analysis(
        journal(),
        &LagParams { match_time_of_day: false, min_effect_points: 0.0, ..LagParams::default() },
    );
    let old_flags = flagged(&null_cells(&old));
    assert!(old_flags.len() * 10 >= cells.len(), "{old_flags:?}");
    assert!(old_flags.len() > allowed(&old), "{} ≤ {}", old_flags.len(), allowed(&old));
    let plain = lag_analysis(journal(), &LagParams { match_time_of_day: false, ..LagParams::default() });
    let plain_cells = null_cells(&plain);
    let plain_flags = flagged(&plain_cells);
    assert!(plain_flags.len() > allowed(&plain), "{} ≤ {}", plain_flags.len(), allowed(&plain));

    let flags = flagged(&cells);
    assert!(flags.len() <= allowed(t), "{} null cells flagged, at most {} allowed: {flags:?}", flags.len(), allowed(t));

    let mean_diff = |cells: &[&LagCell], w: LagWindow| {
        let d: Vec<f64> = cells
            .iter()
            .filter(|c| c.window == w && !UNLINKED_REGIONS.contains(&c.region))
            .filter_map(|c| c.diff_points)
            .collect();
        d.iter().sum::<f64>() / d.len() as f64
    };
    for w in [LagWindow::H6To12, LagWindow::H12To24] {
        let (before, after) = (mean_diff(&plain_cells, w), mean_diff(&cells, w));
        assert!(after.abs() < 0.5 * before.abs(), "{w:?}: {after} matched vs {before} plain");
    }
    // The plain rhythm signature itself: higher 6–12 h after an event, lower 12–24 h after.
    assert!(mean_diff(&plain_cells, LagWindow::H6To12) > 0.1 && mean_diff(&plain_cells, LagWindow::H12To24) < -0.05);

    let mut legs = Vec::new();
    for emotion in ["joy", "calm"] {
        for r in UNLINKED_REGIONS {
            for w in LagWindow::ALL {
                let c = t.cell(emotion, r, w).expect("cell");
                // No difference of any size: well below the 2 points (or 30 %) that count as a
                // meaningful change, with an interval that rules out anything bigger than 0.4.
                assert!(c.diff_points.is_some_and(|d| d.abs() < 0.25), "{c:?}");
                assert!(c.ci95_low.is_some_and(|lo| lo > -0.4) && c.ci95_high.is_some_and(|hi| hi < 0.4), "{c:?}");
                legs.push(c);
            }
        }
    }
    assert!(flagged(&legs).len() <= 1, "{:?}", flagged(&legs));
}

/// Over several journals the share of false flags among all flags stays within the false
/// discovery rate: the flagged [`null_cells`] (no planted link, with or without a daily rhythm)
/// are at most q of all flagged cells, summed over five journals. The plain analysis fails the
/// same rule by far (the daily rhythm flags dozens of null cells per journal). The legs, where
/// nothing at all acts, stay under 2 % flagged.
#[test]
fn chance_links_stay_within_the_false_discovery_rate() {
    let (mut flagged_null, mut flagged_all, mut plain_null, mut plain_all) = (0usize, 0usize, 0usize, 0usize);
    let (mut legs_tested, mut legs_flagged) = (0usize, 0usize);
    let q = LagParams::default().fdr_q;
    for seed in 1..=5 {
        let j = generate(&DemoOptions { years: YEARS, seed, end: end() });
        let t = lag_analysis(&j, &LagParams::default());
        let count = |t: &LagTable| {
            let null =
                null_cells(t).iter().filter(|c| c.q_value.is_some() && c.verdict != Verdict::NoClearLink).count();
            (null, t.cells.iter().filter(|c| c.verdict != Verdict::NoClearLink).count())
        };
        let (null, all) = count(&t);
        flagged_null += null;
        flagged_all += all;
        let plain = lag_analysis(&j, &LagParams { match_time_of_day: false, ..LagParams::default() });
        let (null, all) = count(&plain);
        plain_null += null;
        plain_all += all;
        for c in t.cells.iter().filter(|c| UNLINKED_REGIONS.contains(&c.region) && c.q_value.is_some()) {
            legs_tested += 1;
            legs_flagged += usize::from(c.verdict != Verdict::NoClearLink);
        }
        // The planted links are found on every journal, not only on the shared one.
        for link in PLANTED_LINKS {
            for w in windows_inside(link.from_hours, link.to_hours) {
                for &r in link.regions {
                    assert_eq!(t.cell(link.emotion, r, w).map(|c| c.verdict), Some(Verdict::Higher), "seed {seed}");
                }
            }
        }
    }
    // At least the 5 × 20 planted cells are flagged, so the bound is not vacuous.
    assert!(flagged_all >= 100, "{flagged_all}");
    assert!((flagged_null as f64) <= q * flagged_all as f64, "{flagged_null} of {flagged_all} flags on null cells");
    assert!((plain_null as f64) > q * plain_all as f64, "plain: {plain_null} of {plain_all}");
    assert!(legs_tested >= 400, "{legs_tested}");
    // Expected well under 1 %; allow up to 2 %.
    assert!((legs_flagged as f64) < 0.02 * legs_tested as f64, "{legs_flagged} of {legs_tested} leg cells flagged");
}

#[test]
fn drill_down_matches_the_cell_counts() {
    let t = table();
    let params = LagParams::default();
    let c = t.cell("anxiety", Region::Neck, LagWindow::H12To24).expect("cell");
    let behind = cell_entries(journal(), &params, "anxiety", LagWindow::H12To24);
    assert_eq!((behind.events.len(), behind.check_ins.len()), (c.n_events, c.n_checkins));
    let j = journal();
    assert!(behind.events.iter().all(|&i| j[i].intensity_of("anxiety").is_some_and(|v| v.get() >= 5)));
    assert!(behind.check_ins.iter().all(|&i| j[i].is_check_in()));
    // The mean neck level over the listed check-ins is the cell's response.
    let mean = behind.check_ins.iter().map(|&i| j[i].level_of(Region::Neck).map_or(0.0, Level::as_f64)).sum::<f64>()
        / behind.check_ins.len() as f64;
    assert!((mean - c.response.expect("response")).abs() < 1e-9);
}

#[test]
fn practices_show_the_planted_relief() {
    let report = practice_report(journal(), DateRange::ALL);
    let effect = |kind: PracticeKind| report.effects.iter().find(|e| e.kind == kind).expect("practised");
    let breathing = effect(PracticeKind::Breathing46);
    let planted = PLANTED_RELIEF.iter().find(|p| p.kind == PracticeKind::Breathing46).expect("planted").points;
    assert!(breathing.n_pairs >= 100, "{}", breathing.n_pairs);
    // Guided sessions are paired by their id.
    assert!(breathing.n_guided >= 50 && breathing.n_guided < breathing.n_pairs, "{}", breathing.n_guided);
    for r in [Region::Neck, Region::ShoulderLeft, Region::ShoulderRight] {
        let ch = breathing.regions[r.index()].change.expect("change");
        // About the planted 1.5 points less; clamping at 0 and the evening rise take a little off.
        assert!(ch < -0.6 * planted && ch > -1.4 * planted, "{r}: {ch}");
    }
    // Breathing does nothing planted to the lower back.
    let back = breathing.regions[Region::LowerBack.index()].change.expect("change");
    assert!(back.abs() < 0.4, "{back}");
    assert!(breathing.overall_change.is_some_and(|o| o < 0.0));
    // Walks relieve the lower back instead, and not the neck.
    let walk = effect(PracticeKind::Walk);
    let walk_back = walk.regions[Region::LowerBack.index()].change.expect("change");
    let walk_neck = walk.regions[Region::Neck.index()].change.expect("change");
    assert!(walk_back < -0.4 && walk_neck > walk_back, "{walk_back} {walk_neck}");

    // Consistency: weeks with and without practice, never more than 7 days.
    assert!(report.weeks.len() >= 52 * YEARS as usize);
    assert!(report.weeks.iter().all(|w| w.any_days <= 7));
    assert!(report.weeks.iter().any(|w| w.any_days == 0));
    assert!(report.weeks.iter().any(|w| w.any_days >= 4));
}

#[test]
fn time_of_day_shows_the_evening_rise_and_the_weekend_dip() {
    let tod = time_of_day(journal(), DateRange::ALL);
    let part = |p: PartOfDay, r: Region| tod.by_part[p.index()].mean_of(r).expect("data");
    // Mornings are logged around 8–9, evenings around 21: about 12 h × 0.12 = 1.4 points apart.
    let rise = part(PartOfDay::Evening, Region::Neck) - part(PartOfDay::Morning, Region::Neck);
    assert!(rise > 6.0 * EVENING_RISE_PER_HOUR, "{rise}");
    let legs = part(PartOfDay::Evening, Region::LegLeft) - part(PartOfDay::Morning, Region::LegLeft);
    assert!(legs.abs() < 0.2, "{legs}");

    let weekday = |d: usize, r: Region| tod.by_weekday[d].mean_of(r).expect("data");
    let work = (0..5).map(|d| weekday(d, Region::Neck)).sum::<f64>() / 5.0;
    let weekend = (5..7).map(|d| weekday(d, Region::Neck)).sum::<f64>() / 2.0;
    assert!(work - weekend > 0.5 * WEEKEND_DROP, "{work} vs {weekend}");
    let total: usize = tod.by_part.iter().map(|p| p.n).sum();
    assert_eq!(total, journal().iter().filter(|e| e.is_check_in()).count());
}

// ---------------------------------------------------------------------------------------------
// Property tests

/// A small random journal: entries within 20 days, each a check-in, an emotion, or both.
fn arb_journal() -> impl Strategy<Value = Vec<Entry>> {
    let entry =
        (0u32..20 * 24 * 60, 0u8..3, proptest::collection::vec((0usize..16, 0u8..=10), 1..4), 0usize..3, 0u8..=10);
    proptest::collection::vec(entry, 0..60).prop_map(|items| {
        let base =
            FixedOffset::east_opt(3600).and_then(|o| o.with_ymd_and_hms(2025, 3, 1, 0, 0, 0).single()).expect("time");
        let mut out: Vec<Entry> = items
            .into_iter()
            .map(|(minute, kind, levels, emotion, intensity)| {
                let mut e = Entry::new(base + Duration::minutes(i64::from(minute)));
                if kind != 1 {
                    for (r, v) in levels {
                        e.set_tension(Region::ALL[r], Level::new(v));
                    }
                }
                if kind != 0 {
                    e.set_emotion(["anxiety", "joy", "stress"][emotion], Level::new(intensity));
                }
                e
            })
            .collect();
        out.sort_by_key(|e| e.at);
        out
    })
}

/// Small minimums so that some cells get tested; with or without time-of-day matching.
fn params(matched: bool) -> LagParams {
    LagParams { min_events: 1, min_checkins: 2, match_time_of_day: matched, ..LagParams::default() }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// A check-in outside every window joins the baseline of every emotion and leaves the
    /// responses alone, except when, with matching, it brings its part of the day up to the
    /// minimum of baseline check-ins: then that part's window check-ins join the comparison.
    #[test]
    fn a_check_in_outside_every_window_leaves_responses_unchanged(
        j in arb_journal(),
        before in any::<bool>(),
        extra_hours in 0i64..500,
        level in 0u8..=10,
        matched in any::<bool>(),
    ) {
        let p = params(matched);
        let table = lag_analysis(&j, &p);
        let events: Vec<_> = j.iter().filter(|e| e.emotions.iter().any(|x| x.intensity >= p.min_intensity)).map(|e| e.at).collect();
        let (Some(first), Some(last)) = (events.iter().min(), events.iter().max()) else { return Ok(()) };
        // Before the first event, or 48 h or more after the last one.
        let at = if before { *first - Duration::hours(1 + extra_hours) } else { *last + Duration::hours(48 + extra_hours) };
        let part = PartOfDay::of_hour(at.hour()).index();
        let mut e = Entry::new(at);
        e.set_tension(Region::Neck, Level::new(level));
        let mut bigger = j.clone();
        bigger.push(e);
        let after = lag_analysis(&bigger, &p);
        prop_assert_eq!(after.cells.len(), table.cells.len());
        for (x, y) in table.emotions.iter().zip(&after.emotions) {
            prop_assert_eq!(y.n_baseline, x.n_baseline + 1);
            prop_assert_eq!(y.baseline_by_part[part], x.baseline_by_part[part] + 1);
        }
        for (a, b) in table.cells.iter().zip(&after.cells) {
            let (x, y) = (
                table.emotions.iter().find(|e| e.emotion == a.emotion).expect("emotion"),
                after.emotions.iter().find(|e| e.emotion == a.emotion).expect("emotion"),
            );
            let w = a.window.index();
            // The window itself is unchanged: compared plus left out stays the same.
            prop_assert_eq!(b.n_checkins + y.skipped[w], a.n_checkins + x.skipped[w]);
            let k = x.baseline_by_part[part];
            if !matched || k >= MIN_BASELINE_PER_PART {
                // Compared before and after: one more baseline check-in, nothing else.
                prop_assert_eq!(a.response, b.response);
                prop_assert_eq!((a.n_events, a.n_checkins), (b.n_events, b.n_checkins));
                prop_assert_eq!(b.n_baseline, a.n_baseline + 1);
            } else if k + 1 < MIN_BASELINE_PER_PART {
                // Still too few at that part of the day to compare: nothing compared changes.
                prop_assert_eq!(a.response, b.response);
                prop_assert_eq!((a.n_events, a.n_checkins, a.n_baseline), (b.n_events, b.n_checkins, b.n_baseline));
            } else {
                // That part of the day becomes comparable with all its baseline check-ins.
                prop_assert_eq!(b.n_baseline, a.n_baseline + MIN_BASELINE_PER_PART);
                prop_assert_eq!(y.skipped[w] + b.n_checkins - a.n_checkins, x.skipped[w]);
            }
        }
    }

    #[test]
    fn lag_cells_stay_in_range_and_counts_stay_bounded(j in arb_journal(), matched in any::<bool>()) {
        let p = params(matched);
        let table = lag_analysis(&j, &p);
        let plain = lag_analysis(&j, &params(false));
        let check_ins = j.iter().filter(|e| e.is_check_in()).count();
        prop_assert_eq!(table.n_checkins, check_ins);
        for (c, pc) in table.cells.iter().zip(&plain.cells) {
            let ev = table.emotions.iter().find(|e| e.emotion == c.emotion).expect("emotion");
            let events = j.iter().filter(|e| e.intensity_of(&c.emotion).is_some_and(|v| v >= p.min_intensity)).count();
            prop_assert!(c.n_checkins <= check_ins && c.n_baseline <= check_ins);
            prop_assert!(c.n_events <= events);
            // Matching only leaves check-ins out, and counts what it leaves out.
            prop_assert_eq!(c.n_checkins + ev.skipped[c.window.index()], pc.n_checkins);
            prop_assert!(c.n_baseline <= pc.n_baseline && c.n_events <= pc.n_events);
            prop_assert_eq!(pc.n_baseline, ev.n_baseline);
            for v in [c.baseline, c.response].into_iter().flatten() {
                prop_assert!((0.0..=10.0).contains(&v));
            }
            if let (Some(b), Some(r), Some(d)) = (c.baseline, c.response, c.diff_points) {
                prop_assert!((d - (r - b)).abs() < 1e-12);
            }
            if let (Some(lo), Some(hi)) = (c.ci95_low, c.ci95_high) {
                prop_assert!(lo <= hi);
            }
            let big = c.diff_points.is_some_and(|d| d.abs() >= p.min_effect_points);
            match c.verdict {
                Verdict::Higher => prop_assert!(c.ci95_low.is_some_and(|lo| lo > 0.0) && c.n_events >= p.min_events && big),
                Verdict::Lower => prop_assert!(c.ci95_high.is_some_and(|hi| hi < 0.0) && c.n_checkins >= p.min_checkins && big),
                Verdict::NoClearLink => {}
            }
        }
    }

    #[test]
    fn entry_order_does_not_matter(j in arb_journal(), rotate in 0usize..60, matched in any::<bool>()) {
        let p = params(matched);
        let mut shuffled = j.clone();
        if !shuffled.is_empty() {
            let k = rotate % shuffled.len();
            shuffled.rotate_left(k);
            shuffled.reverse();
        }
        prop_assert_eq!(lag_analysis(&shuffled, &p).cells, lag_analysis(&j, &p).cells);
    }

    #[test]
    fn time_of_day_counts_every_check_in_once(j in arb_journal()) {
        let tod = time_of_day(&j, DateRange::ALL);
        let check_ins = j.iter().filter(|e| e.is_check_in()).count();
        prop_assert_eq!(tod.by_part.iter().map(|x| x.n).sum::<usize>(), check_ins);
        prop_assert_eq!(tod.by_weekday.iter().map(|x| x.n).sum::<usize>(), check_ins);
    }
}
