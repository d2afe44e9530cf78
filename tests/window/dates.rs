//! The window's date fields with any typed date, extreme years included: a message in the
//! person's language, never a panic inside the frame. Driven through accessible labels with
//! egui_kittest; the dates come from proptest.

use std::cell::RefCell;
use std::time::Duration;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use feltsense::model::Lang;
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
