//! The practice flow in the window, driven through accessible labels with egui_kittest, on a real
//! journal file: before-rating, a guided practice run on a hand-set clock (egui's frame time; no
//! sleeping), after-rating, and the linked entries read back through a second connection.

use std::time::Duration;

use chrono::Datelike;
use egui::{Key, ViewportId};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use feltsense::model::{Lang, PracticeKind, Region, SessionRole};
use feltsense::ui::app::App;
use feltsense::ui::settings::{Settings, Theme};
use feltsense::ui::views::ViewKind;

use crate::common;
use crate::harness::{Journal, app, lvl, window};

/// The clock reading at which each test starts, in seconds (any value works).
const T0: f64 = 1000.0;

/// The app on `j`, on the practice view, with egui's clock standing at [`T0`].
fn harness(j: &Journal, settings: Settings) -> Harness<'static, App> {
    let tab = ViewKind::Practice.name(settings.lang);
    let mut h = window(app(j, settings), [1100.0, 860.0], 12);
    set_clock(&mut h, 0.0);
    h.run();
    h.get_by_label(tab).click();
    h.run();
    assert_eq!(h.state().view, ViewKind::Practice);
    h
}

/// Sets egui's frame time to `T0 + seconds`; it stays there until set again.
fn set_clock(h: &mut Harness<'static, App>, seconds: f64) {
    h.input_mut().time = Some(T0 + seconds);
}

/// How long egui would wait before painting again on its own (`Duration::MAX`: not at all).
fn repaint_delay(h: &Harness<'static, App>) -> Duration {
    h.output().viewport_output.get(&ViewportId::ROOT).expect("root viewport").repaint_delay
}

/// Idle → before-rating: "Begin", then rate the neck 6 on the map.
fn begin_and_rate_neck(h: &mut Harness<'static, App>) {
    h.get_by_label("Begin").click();
    h.run();
    assert!(h.query_by_label("Where do you feel tension right now?").is_some());
    h.get_by_label("Neck").click();
    h.run();
    h.key_press(Key::Num6);
    h.run();
}

#[test]
fn breathing_before_and_after_saves_a_linked_pair() {
    let j = Journal::empty();
    let mut h = harness(&j, Settings::default());
    // Nothing done yet: a neutral, encouraging line, and no repaints while idle.
    assert!(h.query_by_label_contains("After a practice with a rating before and after").is_some());
    assert_eq!(repaint_delay(&h), Duration::MAX);

    begin_and_rate_neck(&mut h);
    h.get_by_label("Start").click();
    h.run();
    assert!(h.state().practice.flow.is_running());
    assert!(h.query_by_label("Breathe in").is_some());
    assert!(h.query_by_label("2:00 left").is_some());
    // While it runs, the circle is redrawn about 30 times a second (a delay, not a busy loop).
    assert!(repaint_delay(&h) <= Duration::from_millis(33), "{:?}", repaint_delay(&h));

    // 64.5 s in: six whole breaths and 4.5 s of the seventh, so breathing out; 55.5 s left,
    // shown rounded up as 0:56.
    set_clock(&mut h, 64.5);
    h.run();
    assert!(h.query_by_label("Breathe out").is_some());
    assert!(h.query_by_label("0:56 left").is_some());

    // Past two minutes the practice ends by itself and asks again.
    set_clock(&mut h, 121.0);
    h.run();
    assert!(h.query_by_label("How does it feel now?").is_some());
    assert_eq!(repaint_delay(&h), Duration::MAX, "nothing runs any more");
    // The after map starts from the before-rating: the neck is already 6. Select it, set 3.
    h.get_by_label("Neck").click();
    h.run();
    h.key_press(Key::Num3);
    h.run();
    h.get_by_label("Save").click();
    h.run();

    let entries = j.saved_oldest_first();
    assert_eq!(entries.len(), 2, "toasts: {:?}", h.state().toasts.texts());
    let (before, after) = (&entries[0], &entries[1]);
    let (lb, la) = (before.session.clone().expect("before link"), after.session.clone().expect("after link"));
    assert_eq!(lb.id, la.id);
    assert_eq!((lb.role, la.role), (SessionRole::Before, SessionRole::After));
    assert!(lb.completed && la.completed);
    for e in [before, after] {
        let p = e.practice.expect("practice");
        // 121 s on the clock, but the practice is two minutes long: 2 minutes practised.
        assert_eq!((p.kind, p.minutes), (PracticeKind::Breathing46, 2));
    }
    assert_eq!(before.level_of(Region::Neck), Some(lvl(6)));
    assert_eq!(after.level_of(Region::Neck), Some(lvl(3)));

    // Back on the choice screen: the plain change of this one session (6 → 3 in the neck), too
    // little for a comparison with similar moments yet, and today marked with a check-in and a
    // practice.
    assert!(
        h.query_by_label("Plain change from before to after: −3.0 points on average in the rated regions, 1 time")
            .is_some(),
        "{:?}",
        h.state().practice.data().relief
    );
    assert!(h.query_by_label_contains("4–6 breathing: not enough data yet (10 more practices").is_some());
    let today = chrono::Local::now().weekday();
    let day = format!("{}: check-in, practice", feltsense::model::Lang::En.weekday_short(today));
    assert!(h.query_by_label(&day).is_some(), "{day}");
}

#[test]
fn stopping_early_after_a_pause_is_not_completed() {
    let j = Journal::empty();
    let mut h = harness(&j, Settings::default());
    begin_and_rate_neck(&mut h);
    h.get_by_label("Start").click();
    h.run();

    set_clock(&mut h, 20.0);
    h.run();
    h.get_by_label("Pause").click();
    h.run();
    assert!(h.state().practice.flow.is_paused());
    assert!(h.query_by_label("Paused").is_some());
    // Paused: the window asks for no repaints at all.
    assert_eq!(repaint_delay(&h), Duration::MAX);

    // Eight minutes of pause do not count, and do not end the practice.
    set_clock(&mut h, 500.0);
    h.run();
    assert!(h.query_by_label("1:40 left").is_some());
    h.get_by_label("Resume").click();
    h.run();
    assert!(h.state().practice.flow.is_running());
    assert!(repaint_delay(&h) <= Duration::from_millis(33));

    // 20 s before the pause and 40 s after it: one minute practised.
    set_clock(&mut h, 540.0);
    h.run();
    h.get_by_label("Stop").click();
    h.run();
    assert!(h.query_by_label_contains("stopped early").is_some());
    assert_eq!(repaint_delay(&h), Duration::MAX);
    h.get_by_label("Save").click();
    h.run();

    let entries = j.saved_oldest_first();
    assert_eq!(entries.len(), 2, "toasts: {:?}", h.state().toasts.texts());
    for e in &entries {
        let link = e.session.clone().expect("link");
        assert!(!link.completed, "{e:?}");
        assert_eq!(e.practice.map(|p| p.minutes), Some(1));
    }
    assert_eq!(entries[0].session.as_ref().map(|l| &l.id), entries[1].session.as_ref().map(|l| &l.id));
}

#[test]
fn reduced_motion_counts_with_text_and_skipping_after_saves_only_before() {
    let j = Journal::empty();
    let mut h = harness(&j, Settings::default());
    h.get_by_label("Reduced motion: count along with text instead of a moving circle").click();
    h.run();
    assert!(h.state().practice.prefs.reduced_motion);
    h.get_by_label("Begin").click();
    h.run();
    h.get_by_label("Jaw").click();
    h.run();
    h.get_by_label("Start").click();
    h.run();

    // 2.5 s in: the counting text instead of the circle.
    set_clock(&mut h, 2.5);
    h.run();
    assert!(h.query_by_label("in 1 2 3 4 · out 1 2 3 4 5 6").is_some());
    assert!(h.query_by_label("Breathe in").is_some());
    // Once a second is enough for a counting text: the next frame is due just after 3 s.
    let delay = repaint_delay(&h);
    assert!(delay > Duration::from_millis(400) && delay <= Duration::from_millis(510), "{delay:?}");

    set_clock(&mut h, 30.0);
    h.run();
    h.get_by_label("Stop").click();
    h.run();
    h.get_by_label("Skip").click();
    h.run();

    let entries = j.saved_oldest_first();
    assert_eq!(entries.len(), 1, "toasts: {:?}", h.state().toasts.texts());
    let e = &entries[0];
    let link = e.session.clone().expect("link");
    assert_eq!((link.role, link.completed), (SessionRole::Before, false));
    assert_eq!(e.level_of(Region::Jaw), Some(lvl(5)));
    assert_eq!(e.practice.map(|p| (p.kind, p.minutes)), Some((PracticeKind::Breathing46, 1)));
    // A single before-rating gives no pair, so still no relief line.
    assert!(h.query_by_label_contains("After a practice with a rating before and after").is_some());
}

#[test]
fn the_before_rating_is_prefilled_from_the_last_check_in() {
    let j = Journal::empty();
    {
        let mut store = j.store();
        store.insert(&common::entry(-2, 7, "stress")).expect("insert");
    }
    let mut h = harness(&j, Settings::default());
    h.get_by_label("Begin").click();
    h.run();
    assert!(h.query_by_label("Filled in from your last check-in. Change what is different now.").is_some());
    let feltsense::ui::views::practice::flow::Stage::Before { levels, .. } = &h.state().practice.flow.stage else {
        panic!("not on the before-rating: {:?}", h.state().practice.flow.stage);
    };
    assert_eq!(levels[Region::Neck.index()], Some(lvl(7)));
    // "Back" returns to the choice without saving anything.
    h.get_by_label("Back").click();
    h.run();
    assert!(h.query_by_label("Choose a practice").is_some());
    assert_eq!(j.saved_oldest_first().len(), 1);
}

#[test]
fn muscle_relaxation_steps_through_the_groups() {
    let j = Journal::empty();
    let mut h = harness(&j, Settings { lang: feltsense::model::Lang::Nl, ..Settings::default() });
    h.get_by_label("Progressieve spierontspanning").click();
    h.run();
    h.get_by_label("Beginnen").click();
    h.run();
    h.get_by_label("Meting overslaan").click();
    h.run();
    assert!(h.query_by_label("Handen").is_some());
    // 22 s: the arms, released 2 s ago; 8 s to go in this step.
    set_clock(&mut h, 22.0);
    h.run();
    assert!(h.query_by_label("Stap 2 van 9").is_some());
    assert!(h.query_by_label("Armen").is_some());
    assert!(h.query_by_label("Loslaten · 8").is_some());
    assert!(h.query_by_label("Laat je armen zakken en zwaar rusten.").is_some());
    // The whole practice lasts 2:15.
    set_clock(&mut h, 135.0);
    h.run();
    assert!(h.query_by_label("Hoe voelt het nu?").is_some());
}

#[test]
fn snapshot_of_breathing_mid_practice() {
    let j = Journal::empty();
    let mut h = harness(&j, Settings { theme: Theme::Light, ..Settings::default() });
    begin_and_rate_neck(&mut h);
    h.get_by_label("Start").click();
    h.run();
    // 62 s in: 2 s into the seventh in-breath, the circle halfway.
    set_clock(&mut h, 62.0);
    h.run();
    assert!(h.query_by_label("0:58 left").is_some());
    h.remove_cursor();
    h.run();
    h.snapshot("practice_breathing");
}

#[test]
fn a_failed_save_keeps_the_after_rating_and_saves_on_retry() {
    let j = Journal::empty();
    let mut h = harness(&j, Settings::default());
    begin_and_rate_neck(&mut h);
    h.get_by_label("Start").click();
    h.run();
    set_clock(&mut h, 121.0);
    h.run();
    assert!(h.query_by_label("How does it feel now?").is_some());

    // Writes fail underneath the app (as on a full or read-only disk).
    let c = rusqlite::Connection::open(&j.path).expect("open");
    c.execute_batch(
        "CREATE TRIGGER no_writes BEFORE INSERT ON entries BEGIN SELECT RAISE(ABORT, 'disk says no'); END;",
    )
    .expect("trigger");
    h.get_by_label("Save").click();
    h.run();
    assert!(j.saved_oldest_first().is_empty());
    assert!(h.query_by_label("How does it feel now?").is_some(), "back on the after-rating");
    assert!(h.state().practice.save_error().is_some_and(|e| e.text(Lang::En).contains("disk says no")));

    c.execute_batch("DROP TRIGGER no_writes;").expect("drop");
    h.get_by_label("Save").click();
    h.run();
    let entries = j.saved_oldest_first();
    assert_eq!(entries.len(), 2, "saved on the second try: {:?}", h.state().toasts.texts());
    assert_eq!(entries[0].level_of(Region::Neck), Some(lvl(6)));
    assert!(h.state().practice.save_error().is_none());
}

// ---------------------------------------------------------------------------------------------
// A personal experiment in the window, on a clock set by hand.

mod experiment {
    use chrono::{DateTime, Duration as Days, FixedOffset, TimeZone};
    use egui_kittest::kittest::{NodeT, Queryable};
    use feltsense::analysis::experiment::accept_rating;
    use feltsense::model::experiment::{Arm, Experiment, Moment};
    use feltsense::model::{Lang, Level};
    use feltsense::store::{Store, StoreError};
    use feltsense::ui::app::App;
    use feltsense::ui::clock::Clock;
    use feltsense::ui::settings::Settings;
    use feltsense::ui::views::ViewKind;

    /// 2 March 2026 (day 1), at `h:m` on a +01:00 clock, `days` later.
    fn at(days: i64, h: u32, m: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600).and_then(|o| o.with_ymd_and_hms(2026, 3, 2, h, m, 0).single()).expect("time")
            + Days::days(days)
    }

    fn latest(j: &super::Journal) -> Experiment {
        Store::open(&j.path).expect("reopen").latest_experiment().expect("read").expect("an experiment")
    }

    /// The words of one language, so the same test runs in English and in Dutch.
    struct Words {
        tab: &'static str,
        start: &'static str,
        rate_now: &'static str,
        rate_again: &'static str,
        target: &'static str,
        control: &'static str,
        save: &'static str,
        practise_now: &'static str,
        as_usual: &'static str,
        guided: &'static str,
        breathe_in: &'static str,
        done: &'static str,
        verdict: &'static str,
        summary: &'static str,
        figure: &'static str,
        day_1: &'static str,
        details: &'static str,
        p_value: &'static str,
        not_a_trial: &'static str,
    }

    const EN: Words = Words {
        tab: "Experiments",
        start: "Start the experiment",
        rate_now: "Moment 1 (09:00): rate now",
        rate_again: "Moment 1 (09:00): rate again",
        target: "Neck",
        control: "Left leg",
        save: "Save rating",
        practise_now: "Moment 1: practise now — 4–6 breathing, 2 min",
        as_usual: "Moment 1: carry on as usual",
        guided: "Start the guided practice",
        breathe_in: "Breathe in",
        done: "Done. Carry on until the second rating.",
        verdict: "Clear benefit",
        summary: "Over 14 days, 20 minutes after 4–6 breathing your neck was on average 3.0 points lower than after carrying on as usual",
        figure: "Each day's difference",
        day_1: "day 1: −3",
        details: "Details",
        p_value: "Randomisation test (one-sided, lower is better): p < 0.001",
        not_a_trial: "• A self-run randomised experiment, not a clinical trial.",
    };

    const NL: Words = Words {
        tab: "Experimenten",
        start: "Het experiment starten",
        rate_now: "Moment 1 (09:00): nu beoordelen",
        rate_again: "Moment 1 (09:00): opnieuw beoordelen",
        target: "Nek",
        control: "Linkerbeen",
        save: "Beoordeling bewaren",
        practise_now: "Moment 1: nu oefenen — 4–6 ademhaling, 2 min",
        as_usual: "Moment 1: ga door zoals gewoonlijk",
        guided: "Begeleide oefening starten",
        breathe_in: "Adem in",
        done: "Klaar. Ga door tot de tweede beoordeling.",
        verdict: "Duidelijk voordeel",
        summary: "Over 14 dagen was je nek 20 minuten na 4–6 ademhaling gemiddeld 3,0 punt lager dan na zoals gewoonlijk doorgaan",
        figure: "Het verschil per dag",
        day_1: "dag 1: −3",
        details: "Details",
        p_value: "Randomisatietoets (eenzijdig, lager is beter): p < 0,001",
        not_a_trial: "• Een zelf uitgevoerd gerandomiseerd experiment, geen klinische studie.",
    };

    /// Rates the open moment `target`/`control` through the level buttons and saves.
    fn rate(h: &mut egui_kittest::Harness<'static, App>, w: &Words, target: u8, control: u8) {
        h.get_by_label(&format!("{} {target}", w.target)).click();
        h.get_by_label(&format!("{} {control}", w.control)).click();
        h.run();
        h.get_by_label(w.save).click();
        h.run();
    }

    /// Plan → moment prompt → blind rating → reveal → guided timer → second prompt, in the window;
    /// the remaining days rated from outside (as the command line would); then the result.
    fn whole_loop(lang: Lang, w: &Words) {
        let j = super::Journal::empty();
        let clock = Clock::manual(at(0, 8, 0));
        let store = Store::open(&j.path).expect("open");
        let settings = Settings { lang, ..Settings::default() };
        let app = App::with_store(store, settings).wait_for_worker().with_clock(clock.clone());
        let mut h = egui_kittest::Harness::builder()
            .with_size([1100.0, 860.0])
            .with_max_steps(12)
            .build_ui_state(|ui, app: &mut App| app.show(ui), app);
        super::set_clock(&mut h, 0.0);
        h.run();
        h.get_by_label(w.tab).click();
        h.run();
        assert_eq!(h.state().view, ViewKind::Experiments);

        // The plan: the defaults (4–6 breathing, the neck, the left leg, 09:00 and 16:00, 14 days,
        // starting today because 09:00 is still ahead).
        h.get_by_label(w.start).click();
        h.run();
        let e = latest(&j);
        assert_eq!((e.plan.start, e.plan.planned_days), (at(0, 0, 0).date_naive(), 14));
        assert!(h.query_by_label(w.rate_now).is_none(), "nothing to rate before 08:45");

        // Both moments of day 1 in the window: one is for practising and the other as usual
        // (drawn at random), so both reveals are seen whatever the seed.
        for (m, hour) in [(Moment::First, 9), (Moment::Second, 16)] {
            let n = m.number();
            let (rate_now, rate_again) = (
                w.rate_now.replace("1 (09:00)", &format!("{n} ({hour:02}:00)")),
                w.rate_again.replace("1 (09:00)", &format!("{n} ({hour:02}:00)")),
            );
            let (practise_now, as_usual) = (
                w.practise_now.replace("Moment 1", &format!("Moment {n}")),
                w.as_usual.replace("Moment 1", &format!("Moment {n}")),
            );
            // Two minutes past: the moment asks for the blind rating; the arm is not shown yet.
            clock.set(at(0, hour, 2));
            h.run();
            assert!(h.query_by_label(&rate_now).is_some(), "{rate_now}");
            assert!(h.query_by_label(&practise_now).is_none() && h.query_by_label(&as_usual).is_none());
            rate(&mut h, w, 6, 2);
            let arm = e.plan.arm(1, m).expect("day 1");
            match arm {
                Arm::Practice => {
                    assert!(h.query_by_label(&practise_now).is_some(), "the reveal: practise");
                    super::set_clock(&mut h, f64::from(hour) * 100.0);
                    h.run();
                    h.get_by_label(w.guided).click();
                    h.run();
                    super::set_clock(&mut h, f64::from(hour) * 100.0 + 1.0);
                    h.run();
                    assert!(h.query_by_label(w.breathe_in).is_some(), "the guided breathing runs");
                    super::set_clock(&mut h, f64::from(hour) * 100.0 + 125.0);
                    h.run();
                    assert!(h.query_by_label(w.done).is_some());
                }
                Arm::Usual => assert!(h.query_by_label(&as_usual).is_some(), "the reveal: as usual"),
            }
            // 22 minutes later: the second prompt.
            clock.set(at(0, hour, 24));
            h.run();
            assert!(h.query_by_label(&rate_again).is_some(), "{rate_again}");
            rate(&mut h, w, if arm == Arm::Practice { 3 } else { 6 }, 2);
            assert!(h.query_by_label(&rate_again).is_none());
        }
        let e = latest(&j);
        assert_eq!(e.ratings.len(), 4, "both ratings of both moments saved with their times");
        assert_eq!((e.ratings[0].at, e.ratings[1].at), (at(0, 9, 2), at(0, 9, 24)));

        // The rest of the 14 days, from outside the window (the CLI does the same).
        let mut other = Store::open(&j.path).expect("second connection");
        for day in 1..=14u16 {
            for m in Moment::BOTH {
                if day == 1 {
                    continue;
                }
                let hour = if m == Moment::First { 9 } else { 16 };
                let practice = e.plan.arm(day, m) == Some(Arm::Practice);
                for (minute, level) in [(5, 6), (26, if practice { 3 } else { 6 })] {
                    let t = at(i64::from(day) - 1, hour, minute);
                    let lvl = |v| Level::new(v).expect("level");
                    other
                        .rate_experiment(&e.plan.uid, |x| {
                            accept_rating(x, day, m, t, lvl(level), lvl(2), t.naive_local()).map_err(StoreError::from)
                        })
                        .expect("rated");
                }
            }
        }
        // The window notices the outside change when it gets the focus back; after day 14, the look.
        clock.set(at(14, 8, 0));
        h.input_mut().focused = false;
        h.run();
        h.input_mut().focused = true;
        h.run();
        assert!(h.query_by_label(w.verdict).is_some(), "the verdict after day 14");
        assert!(h.query_by_label_contains(w.summary).is_some(), "the one sentence");
        let figure = h.get_by_role_and_label(egui::accesskit::Role::Figure, w.figure);
        let description = figure.accesskit_node().description().unwrap_or_default();
        assert!(description.contains(w.day_1), "the dot plot reads as text: {description}");
        assert!(h.query_by_label(w.not_a_trial).is_some());
        h.get_by_label(w.details).click();
        h.run();
        assert!(h.query_by_label_contains(w.p_value).is_some(), "p-values under Details");
        // The result as a topic to discuss for the physiotherapist, in both languages' words.
        h.get_by_label(lang.pick("Add to the topics to discuss", "Toevoegen aan de onderwerpen om te bespreken"))
            .click();
        h.run();
        let topics = Store::open(&j.path).expect("open").prep().expect("prep").topics;
        assert_eq!(topics.len(), 1);
        assert!(
            matches!(&topics[0].source, feltsense::model::prep::TopicSource::Experiment(uid) if *uid == e.plan.uid)
        );
        assert!(topics[0].text(lang).contains(w.verdict), "{}", topics[0].text(lang));
    }

    /// With the Experiments tab, every tab and Help still fit in the smallest window in Dutch
    /// (the tabs wrap onto a second line there).
    #[test]
    fn every_tab_fits_the_smallest_window_in_dutch() {
        let j = super::Journal::empty();
        let settings = Settings { lang: Lang::Nl, ..Settings::default() };
        let app = App::with_store(Store::open(&j.path).expect("open"), settings).wait_for_worker();
        let mut h = egui_kittest::Harness::builder()
            .with_size([720.0, 520.0])
            .build_ui_state(|ui, app: &mut App| app.show(ui), app);
        h.run();
        for v in ViewKind::ALL {
            let tab = h.get_by_label(v.name(Lang::Nl));
            let b = tab.accesskit_node().bounding_box().expect("drawn");
            assert!(b.x1 <= 720.0 && b.x0 >= 0.0, "{} lies outside the window: {b:?}", v.name(Lang::Nl));
        }
        let help = h.get_by_label("Help").accesskit_node().bounding_box().expect("drawn");
        assert!(help.x1 <= 720.0, "{help:?}");
        h.get_by_label("Experimenten").click();
        h.run();
        assert_eq!(h.state().view, ViewKind::Experiments);
    }

    #[test]
    fn an_experiment_runs_from_plan_to_result_in_the_window() {
        whole_loop(Lang::En, &EN);
    }

    #[test]
    fn an_experiment_runs_from_plan_to_result_in_dutch() {
        whole_loop(Lang::Nl, &NL);
    }
}
