//! The window's date fields with any typed date, extreme years included: a message in the
//! person's language, never a panic inside the frame. Driven through accessible labels with
//! egui_kittest; the dates come from proptest.

use std::cell::RefCell;
use std::time::Duration;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use feltsense::model::Lang;
use feltsense::model::text::time::Zone;
use feltsense::ui::app::App;
use feltsense::ui::settings::{Settings, Theme};
use feltsense::ui::views::ViewKind;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::common;
use crate::harness::{Journal, app, shows, window};

/// A journal of a few check-ins around 20 November 2026.
fn journal() -> Journal {
    Journal::with((0..6).map(|i| common::entry(i * 20, 3 + i as u8, "stress")))
}

fn harness(j: &Journal, lang: Lang, view: ViewKind) -> Harness<'static, App> {
    let settings = Settings { lang, theme: Theme::Light, last_view: view, ..Settings::default() };
    window(app(j, settings), [1280.0, 1000.0], 64)
}

/// A few frames, with time for background work to answer.
fn frames(h: &mut Harness<'static, App>) {
    for _ in 0..4 {
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run_ok();
}

/// Replaces the text of the field labelled `label` with `text`.
fn retype(h: &mut Harness<'static, App>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.step();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.step();
    h.key_press(Key::Backspace);
    h.step();
    h.get_by_label(label).type_text(text);
    frames(h);
}

/// Dates with any year chrono can hold and beyond, as a person might type them, plus the
/// calendar's edges and a few that are not dates at all.
fn typed_date() -> impl Strategy<Value = String> {
    prop_oneof![
        (-300_000i32..300_000, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        (0i32..=10_000, 0u32..=13, 0u32..=32).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        Just("-262143-01-01".to_owned()),
        Just("+262142-12-31".to_owned()),
        Just("0001-01-01".to_owned()),
        Just("9999-12-31".to_owned()),
        "[0-9+-]{0,12}",
    ]
}

/// The Dutch message for a date outside the years 1 to 9999, or for text that is no date.
fn dutch_refusal(h: &Harness<'static, App>) -> bool {
    shows(h, "ligt buiten de jaren 1 tot en met 9999") || shows(h, "is geen datum als 2026-11-20")
}

fn english_refusal(h: &Harness<'static, App>) -> bool {
    shows(h, "is outside the years 1 to 9999") || shows(h, "is not a date like 2026-11-20")
}

fn usable(text: &str) -> bool {
    feltsense::model::dates::parse_optional(text).is_ok()
}

#[test]
fn heat_map_then_vs_now_takes_any_custom_period_without_panicking() {
    let j = journal();
    let mut h = harness(&j, Lang::Nl, ViewKind::Insights);
    frames(&mut h);
    h.get_by_label("Lichaamskaart").click();
    frames(&mut h);
    h.get_by_label("Zelf kiezen").click();
    frames(&mut h);
    h.get_by_label("Toen en nu").click();
    frames(&mut h);
    let h = RefCell::new(h);
    let mut runner = TestRunner::new(Config { cases: 24, failure_persistence: None, ..Config::default() });
    runner
        .run(&(typed_date(), typed_date()), |(from, to)| {
            let mut h = h.borrow_mut();
            retype(&mut h, "Van:", &from);
            retype(&mut h, "Tot en met:", &to);
            if !usable(&from) || !usable(&to) {
                prop_assert!(dutch_refusal(&h), "no Dutch message for {from:?} – {to:?}");
                prop_assert!(!english_refusal(&h), "English on a Dutch screen for {from:?} – {to:?}");
            }
            Ok(())
        })
        .expect("every typed period is shown or explained");
}

#[test]
fn journal_and_export_date_fields_explain_impossible_dates() {
    let j = journal();
    let mut h = harness(&j, Lang::En, ViewKind::Journal);
    frames(&mut h);
    retype(&mut h, "From:", "-200000-01-01");
    assert!(shows(&h, "-200000-01-01 is outside the years 1 to 9999"), "the journal's filter explains the year");
    retype(&mut h, "From:", "2026-02-30");
    assert!(shows(&h, "`2026-02-30` is not a date like 2026-11-20"));
    retype(&mut h, "From:", "");
    assert!(!english_refusal(&h), "an empty field is no error");
}

/// One check-in with the neck at 4 at `at` (RFC 3339).
fn check_in(at: &str) -> feltsense::model::Entry {
    let mut e = feltsense::model::Entry::new(chrono::DateTime::parse_from_rfc3339(at).expect("time"));
    e.set_tension(feltsense::model::Region::Neck, Some(crate::harness::lvl(4)));
    e
}

#[test]
fn the_journal_shows_times_on_the_persons_clock_newest_first_and_an_unchanged_edit_keeps_the_instant() {
    // On a UTC clock: 09:00:30 at +01:00 is 08:00 here, so the 08:30 (UTC) entry is the newer one
    // though its own clock reads earlier; 23:30 UTC on 2 March is 00:30 on 3 March at +01:00.
    let j = Journal::with([
        check_in("2026-03-03T09:00:30+01:00"),
        check_in("2026-03-03T08:30:00+00:00"),
        check_in("2026-03-02T23:30:00+00:00"),
    ]);
    for (lang, zone, want) in [
        (
            Lang::En,
            Zone::utc(),
            [
                "Edit entry of Tue 3 Mar 2026 08:30",
                "Edit entry of Tue 3 Mar 2026 08:00 (09:00 UTC+01:00)",
                "Edit entry of Mon 2 Mar 2026 23:30",
            ],
        ),
        (
            Lang::Nl,
            Zone::utc(),
            [
                "Bewerken: meting van di 3 mrt 2026 08:30",
                "Bewerken: meting van di 3 mrt 2026 08:00 (09:00 UTC+01:00)",
                "Bewerken: meting van ma 2 mrt 2026 23:30",
            ],
        ),
        (
            Lang::En,
            Zone::hours_east(1).expect("offset"),
            [
                "Edit entry of Tue 3 Mar 2026 09:30 (08:30 UTC+00:00)",
                "Edit entry of Tue 3 Mar 2026 09:00",
                "Edit entry of Tue 3 Mar 2026 00:30 (Mon 23:30 UTC+00:00)",
            ],
        ),
    ] {
        let settings = Settings { lang, theme: Theme::Light, last_view: ViewKind::Journal, ..Settings::default() };
        let app = App::with_store(j.store(), settings).with_zone(zone).wait_for_worker();
        let mut h = window(app, [1280.0, 900.0], 64);
        frames(&mut h);
        // The rows, top to bottom: newest first by the instant, each on the person's clock.
        let mut rows: Vec<(f32, String)> = h
            .query_all_by_label_contains(lang.pick("Edit entry of ", "Bewerken: meting van "))
            .map(|n| (n.rect().top(), n.accesskit_node().label().unwrap_or_default()))
            .collect();
        rows.sort_by(|a, b| a.0.total_cmp(&b.0));
        let labels: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
        assert_eq!(labels, want, "{lang:?} {zone:?}");
    }

    // Editing the +01:00 entry on the UTC clock shows 08:00; saving it unchanged keeps its instant
    // and its own offset, to the second.
    let settings = Settings { theme: Theme::Light, last_view: ViewKind::Journal, ..Settings::default() };
    let mut h =
        window(App::with_store(j.store(), settings).with_zone(Zone::utc()).wait_for_worker(), [1280.0, 900.0], 64);
    frames(&mut h);
    h.get_by_label("Edit entry of Tue 3 Mar 2026 08:00 (09:00 UTC+01:00)").click();
    frames(&mut h);
    assert!(h.state().log.is_editing());
    assert_eq!(h.get_by_label("Time:").value().as_deref(), Some("08:00"));
    h.get_by_label("(the entry's own time: 09:00 UTC+01:00)");
    h.get_by_label("Save changes").click();
    frames(&mut h);
    let saved: Vec<String> = j.saved().iter().map(|e| e.at.to_rfc3339()).collect();
    assert_eq!(saved, ["2026-03-03T08:30:00+00:00", "2026-03-03T09:00:30+01:00", "2026-03-02T23:30:00+00:00"]);
}
