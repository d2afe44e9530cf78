//! The analyses on generated demo journals: they must find the planted patterns and no link where
//! none was planted; plus property tests for invariants of the lag analysis.

use std::collections::HashSet;
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, Duration, FixedOffset, TimeZone};
use feltsense::analysis::lag::{LagCell, METHOD_NONE};
use feltsense::analysis::practices::practice_report;
use feltsense::analysis::sessions::relief_by_practice;
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

/// The demo journal's planted links are found by the adjusted analysis, at about their planted
/// size. The demo plants non-additive effects (overlapping events do not add up) on top of a
/// daily rhythm, a weekly dip and a slow drift, so the sizes are checked loosely here; the exact
/// recovery (within 0.35 points) is tested on simulated journals in `tests/analysis_sim.rs`.
#[test]
fn the_lag_analysis_finds_every_planted_link() {
    let t = table();
    let mut checked = 0;
    for link in PLANTED_LINKS {
        for w in windows_inside(link.from_hours, link.to_hours) {
            for &r in link.regions {
                let c = t.cell(link.emotion, r, w).expect("cell");
                assert_eq!(c.verdict, Verdict::Higher, "{} → {r} {w:?}: {c:?}", link.emotion);
                let d = c.diff_points.expect("difference");
                assert!(d > 0.4 * link.points && d < 1.6 * link.points, "{} → {r} {w:?}: {d}", link.emotion);
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

/// The cells where no link was planted: every emotion in [`UNLINKED_EMOTIONS`] × the
/// [`DAILY_RHYTHM_REGIONS`] and the legs ([`UNLINKED_REGIONS`]) × every window.
fn null_cells(t: &LagTable) -> Vec<&LagCell> {
    t.cells
        .iter()
        .filter(|c| UNLINKED_EMOTIONS.contains(&c.emotion.as_str()))
        .filter(|c| DAILY_RHYTHM_REGIONS.contains(&c.region) || UNLINKED_REGIONS.contains(&c.region))
        .collect()
}

/// No link where none was planted, on the shared journal: of the 240 null cells, all have enough
/// data to be judged, and at most 5 % are called a link (in practice none or one).
#[test]
fn no_link_where_none_was_planted() {
    let t = table();
    let cells = null_cells(t);
    assert_eq!(cells.len(), UNLINKED_EMOTIONS.len() * 10 * LagWindow::ALL.len());
    // Judged, not skipped.
    let judged = cells.iter().filter(|c| c.verdict != Verdict::NotEnoughData && c.q_value.is_some()).count();
    assert!(judged * 10 >= cells.len() * 9, "{judged} of {} judged", cells.len());
    let links: Vec<String> = cells
        .iter()
        .filter(|c| c.verdict.is_link())
        .map(|c| format!("{} → {} {:?} {:+.2}", c.emotion, c.region, c.window, c.diff_points.unwrap_or(0.0)))
        .collect();
    assert!(links.len() * 20 <= cells.len(), "{links:?}");
    // The legs, where nothing acts at all, are never called a link.
    assert!(cells.iter().filter(|c| UNLINKED_REGIONS.contains(&c.region)).all(|c| !c.verdict.is_link()), "{links:?}");
}

/// Over several demo journals, few of all links called are on null cells: at most the false
/// discovery rate.
#[test]
fn chance_links_stay_within_the_false_discovery_rate() {
    let (mut null_links, mut all_links) = (0usize, 0usize);
    let q = LagParams::default().fdr_q;
    for seed in 11..14 {
        let j = generate(&DemoOptions { years: 2, seed, end: end() });
        let t = lag_analysis(&j, &LagParams::default());
        null_links += null_cells(&t).iter().filter(|c| c.verdict.is_link()).count();
        all_links += t.cells.iter().filter(|c| c.verdict.is_link()).count();
    }
    // At least most of the 3 × 20 planted cells are found, so the bound is not vacuous.
    assert!(all_links >= 40, "{all_links}");
    assert!((null_links as f64) <= q * all_links as f64, "{null_links} of {all_links} links on null cells");
}

#[test]
fn drill_down_matches_the_cell_counts() {
    let t = table();
    let params = LagParams::default();
    let c = t.cell("anxiety", Region::Neck, LagWindow::H12To24).expect("cell");
    let behind = cell_entries(journal(), &params, "anxiety", LagWindow::H12To24);
    assert_eq!((behind.events.len(), behind.check_ins.len()), (c.n_events, c.n_checkins));
    // The table lists the same entries without preparing the journal again.
    assert_eq!(t.cell_entries("anxiety", LagWindow::H12To24), behind);
    let j = journal();
    assert!(behind.events.iter().all(|&i| j[i].intensity_of("anxiety").is_some_and(|v| v.get() >= 5)));
    assert!(behind.check_ins.iter().all(|&i| j[i].is_check_in()));
    // The events fall on the cell's number of days.
    let days: HashSet<_> = behind.events.iter().map(|&i| j[i].at.date_naive()).collect();
    assert_eq!(days.len(), c.n_days);
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
fn practices_compared_with_similar_moments_find_the_planted_relief() {
    use feltsense::analysis::relief::ReliefVerdict;
    let report = practice_report(journal(), DateRange::ALL);
    let effect = |kind: PracticeKind| report.effects.iter().find(|e| e.kind == kind).expect("practised");
    let planted = |kind: PracticeKind| PLANTED_RELIEF.iter().find(|p| p.kind == kind).expect("planted");

    // 4–6 breathing eases the neck and shoulders by the planted 1.5 points, compared with similar
    // moments; the lower back, which it does not touch, shows no clear difference. Only the
    // sessions rated again a like time apart as comparison pairs are compared: the guided ones,
    // rated again minutes later, are left out (the demo has no ratings that close together
    // without a practice), so each region rests on some 30 sessions and is found within about
    // half a point; the three together within 0.35.
    let breathing = effect(PracticeKind::Breathing46);
    assert_eq!(breathing.adjusted.verdict, ReliefVerdict::Eases, "{:?}", breathing.adjusted);
    assert!(breathing.adjusted.n_not_comparable >= breathing.n_guided / 2, "{:?}", breathing.adjusted);
    let mut sum = 0.0;
    for &r in planted(PracticeKind::Breathing46).regions {
        let a = &breathing.regions[r.index()].adjusted;
        let e = a.effect.expect("effect");
        sum += e;
        assert!((e + 1.5).abs() <= 0.5, "{r}: {a:?}");
        assert_eq!(a.verdict, ReliefVerdict::Eases, "{r}: {a:?}");
        assert!(a.low.is_some_and(|lo| lo <= -1.5) && a.high.is_some_and(|hi| hi >= -1.5), "{r}: {a:?}");
    }
    assert!((sum / 3.0 + 1.5).abs() <= 0.35, "{sum}");
    for r in [Region::LowerBack, Region::Jaw, Region::LegLeft, Region::LegRight] {
        let a = &breathing.regions[r.index()].adjusted;
        assert!(!matches!(a.verdict, ReliefVerdict::Eases | ReliefVerdict::Raises), "{r}: {a:?}");
    }
    // Walks ease the lower back (planted 1.0; clamping at 0 and rounding blur it) and not the neck.
    let walk = effect(PracticeKind::Walk);
    let back = &walk.regions[Region::LowerBack.index()].adjusted;
    assert_eq!(back.verdict, ReliefVerdict::Eases, "{back:?}");
    assert!(back.effect.is_some_and(|e| e < -0.5), "{back:?}");
    assert_ne!(walk.regions[Region::Neck.index()].adjusted.verdict, ReliefVerdict::Eases);
    // A practice done a few times in four years: not enough data, and how much more is needed;
    // one done often enough, but mostly rated again sooner than comparison pairs come: cannot
    // be compared, with only its plain change.
    for e in &report.effects {
        let a = e.adjusted;
        let matched = a.n_pairs + a.n_not_comparable;
        if matched < 10 {
            assert_eq!(a.verdict, ReliefVerdict::NotEnoughData, "{:?}", e.kind);
            assert!(a.more_needed.is_some_and(|m| m.pairs == 10 - matched));
        } else if a.n_pairs < 10 {
            assert_eq!(a.verdict, ReliefVerdict::CannotCompare, "{:?}", e.kind);
            assert!(a.practice_change.is_some() && a.effect.is_none(), "{a:?}");
        }
    }

    // The Practice view says what Insights says (one verdict and one "more needed" wherever it is
    // shown, issue 23): the comparison of every practice with a check-in after, not one of the
    // guided sessions alone (rated again minutes later, those could not be separated from tension
    // easing by itself). Its plain change stays that of the guided sessions.
    let guided = relief_by_practice(journal());
    let b = guided.iter().find(|r| r.kind == PracticeKind::Breathing46).expect("guided breathing");
    assert_eq!(b.adjusted, effect(PracticeKind::Breathing46).adjusted);
    assert_eq!(b.adjusted.verdict, ReliefVerdict::Eases, "{:?}", b.adjusted);
    assert!(b.overall < -0.5, "the guided sessions' plain change: {}", b.overall);
    assert!(
        b.best_region()
            .is_some_and(|r| [Region::Neck, Region::ShoulderLeft, Region::ShoulderRight].contains(&r.region))
    );
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

/// Small minimums so that some cells get tested; with or without adjusting for the part of the
/// day.
fn params(matched: bool) -> LagParams {
    LagParams { min_events: 1, min_days: 1, min_checkins: 2, match_time_of_day: matched, ..LagParams::default() }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// A check-in outside every window joins the descriptive baseline of every emotion and leaves
    /// the responses and counts alone.
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
        // More than 36 h before the first event (outside both "before" windows), or 48 h or more
        // after the last one.
        let at = if before { *first - Duration::hours(37 + extra_hours) } else { *last + Duration::hours(48 + extra_hours) };
        let mut e = Entry::new(at);
        e.set_tension(Region::Neck, Level::new(level));
        let mut bigger = j.clone();
        bigger.push(e);
        let after = lag_analysis(&bigger, &p);
        prop_assert_eq!(after.cells.len(), table.cells.len());
        for (x, y) in table.emotions.iter().zip(&after.emotions) {
            prop_assert_eq!(y.n_baseline, x.n_baseline + 1);
        }
        for (a, b) in table.cells.iter().zip(&after.cells) {
            prop_assert_eq!(a.response, b.response);
            prop_assert_eq!((a.n_events, a.n_days, a.n_checkins, a.n_before), (b.n_events, b.n_days, b.n_checkins, b.n_before));
            prop_assert_eq!(b.n_baseline, a.n_baseline + 1);
        }
    }

    #[test]
    fn lag_cells_stay_in_range_and_verdicts_follow_their_rules(j in arb_journal(), matched in any::<bool>()) {
        let p = params(matched);
        let table = lag_analysis(&j, &p);
        let check_ins = j.iter().filter(|e| e.is_check_in()).count();
        prop_assert_eq!(table.n_checkins, check_ins);
        for c in &table.cells {
            let events = j.iter().filter(|e| e.intensity_of(&c.emotion).is_some_and(|v| v >= p.min_intensity)).count();
            prop_assert!(c.n_checkins <= check_ins && c.n_baseline <= check_ins && c.n_before <= check_ins);
            prop_assert!(c.n_events <= events && c.n_days <= c.n_events);
            for v in [c.baseline, c.response].into_iter().flatten() {
                prop_assert!((0.0..=10.0).contains(&v));
            }
            for v in [c.diff_points, c.ci95_low, c.ci95_high, c.before_points, c.p_value, c.q_value].into_iter().flatten() {
                prop_assert!(v.is_finite());
            }
            if let (Some(lo), Some(hi), Some(d)) = (c.ci95_low, c.ci95_high, c.diff_points) {
                prop_assert!(lo <= d && d <= hi);
            }
            let enough = c.n_events >= p.min_events && c.n_days >= p.min_days && c.n_checkins >= p.min_checkins;
            let big = c.diff_points.is_some_and(|d| d.abs() >= p.min_effect_points);
            let passed = c.q_value.is_some_and(|q| q <= p.fdr_q) && big;
            match c.verdict {
                Verdict::NotEnoughData => prop_assert!(!enough && c.q_value.is_none()),
                Verdict::Higher => prop_assert!(enough && passed && c.ci95_low.is_some_and(|lo| lo > 0.0) && c.before_window.is_some()),
                Verdict::Lower => prop_assert!(enough && passed && c.ci95_high.is_some_and(|hi| hi < 0.0)),
                Verdict::AlreadyHigherBefore => prop_assert!(enough && c.before_ci95_low.is_some_and(|lo| lo > 0.0)),
                Verdict::AlreadyLowerBefore => prop_assert!(enough && c.before_ci95_high.is_some_and(|hi| hi < 0.0)),
                Verdict::CannotSeparate => prop_assert!(enough && c.diff_points.is_none() && c.method == METHOD_NONE),
                Verdict::NoClearLink => prop_assert!(enough),
            }
            if c.verdict.is_before() {
                prop_assert!(c.before_points.is_some_and(|b| b.abs() >= p.min_effect_points) && c.n_before >= p.min_checkins);
            }
            // An effect is estimated only where "before" can be checked.
            if c.before_window.is_none() {
                prop_assert!(c.diff_points.is_none() && !c.verdict.is_link());
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
