//! The app's own tests: the first run's welcome, frames never touch the journal or a file, and
//! the window opens the journal only after its first frame.

use std::time::Instant;

use super::start::{starting_settings, view_to_open};
use super::*;

fn frame(ctx: &egui::Context, app: &mut App) {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 900.0))),
        ..Default::default()
    };
    let mut out = ctx.run_ui(input, |ui| app.show(ui));
    assert!(!out.shapes.is_empty(), "the frame drew something");
    out.textures_delta.clear();
}

#[test]
fn the_first_run_welcomes_in_the_system_language_and_later_runs_do_not() {
    let (first, welcome) = starting_settings(None, || Lang::Nl);
    assert!(welcome);
    assert_eq!(first.lang, Lang::Nl);
    assert!(!first.welcomed);
    // Left without a choice: the welcome again, in the language kept.
    let (again, welcome) = starting_settings(Some(first.clone()), || panic!("the system is asked only once"));
    assert!(welcome);
    assert_eq!(again.lang, Lang::Nl);
    let chosen = Settings { welcomed: true, lang: Lang::En, ..first };
    let (later, welcome) = starting_settings(Some(chosen), || Lang::Nl);
    assert!(!welcome);
    assert_eq!(later.lang, Lang::En, "a language chosen in Settings stays");
    // Settings stored before the welcome existed: welcomed.
    let old: Settings = serde_json::from_str(r#"{"lang":"Nl"}"#).expect("old settings");
    assert!(old.welcomed);
    assert!(!starting_settings(Some(old), || Lang::En).1);
}

/// The values the background reminders put in `FELTSENSE_OPEN_VIEW` when a notification is
/// clicked open the view the notification asked for; anything else leaves the last view.
#[test]
fn a_window_started_from_a_notification_opens_the_view_it_asked_for() {
    use crate::reminders::runner::{OPEN_APPOINTMENT, OPEN_EXPERIMENTS, OPEN_LOG};
    assert_eq!(view_to_open(OPEN_LOG), Some(ViewKind::Log));
    assert_eq!(view_to_open(OPEN_EXPERIMENTS), Some(ViewKind::Experiments));
    assert_eq!(view_to_open(OPEN_APPOINTMENT), Some(ViewKind::Appointment));
    for other in ["", "Experiments", "settings", "log "] {
        assert_eq!(view_to_open(other), None, "{other:?}");
    }
}

#[test]
fn frames_run_without_touching_the_journal_and_answers_arrive() {
    let ctx = egui::Context::default();
    let mut app = App::with_store(Store::open_in_memory().expect("open"), Settings::default());
    let start = Instant::now();
    while app.generation() == 0 {
        frame(&ctx, &mut app);
        assert!(start.elapsed() < Duration::from_secs(20), "the worker answered");
        std::thread::sleep(Duration::from_millis(2));
    }
    assert_eq!(app.link.snapshot.count, 0);
    assert!(!crate::guard::in_ui_frame(), "the mark ends with the frame");
}

#[test]
fn the_journal_is_opened_only_once_the_first_frame_is_drawn() {
    let ctx = egui::Context::default();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("journal.sqlite");
    let mut app = App::starting(Settings::default(), Some((path.clone(), Some("--db"))), false);
    assert!(app.link.is_opening(), "shown as being opened from the start");
    frame(&ctx, &mut app);
    assert!(app.link.worker_mut().is_none(), "no worker during the first frame");
    assert!(!path.exists(), "the file is not touched before the first frame is drawn");
    let start = Instant::now();
    while !app.link.is_open() {
        frame(&ctx, &mut app);
        assert!(start.elapsed() < Duration::from_secs(20), "the journal opened after the first frame");
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(path.exists());
    assert!(app.reminders.is_none(), "reminders were not asked for here");
}

#[test]
#[should_panic(expected = "the window's frame code called `write_atomic`")]
fn a_file_write_in_the_middle_of_a_frame_is_caught() {
    let ctx = egui::Context::default();
    let mut app = App::with_store(Store::open_in_memory().expect("open"), Settings::default());
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("export.json");
    app.probe = Some(Box::new(move || {
        let _ = crate::export::files::write_atomic(&path, |w| w.write_all(b"[]"));
    }));
    frame(&ctx, &mut app);
}

#[test]
#[should_panic(expected = "the window's frame code called `count`")]
fn a_store_call_in_the_middle_of_a_frame_is_caught() {
    let ctx = egui::Context::default();
    let mut app = App::with_store(Store::open_in_memory().expect("open"), Settings::default());
    let store = Store::open_in_memory().expect("open");
    app.probe = Some(Box::new(move || {
        let _ = store.count();
    }));
    frame(&ctx, &mut app);
}

#[test]
fn the_texture_side_is_capped_where_egui_is_told_it() {
    let mut raw = egui::RawInput { max_texture_side: Some(8192), ..Default::default() };
    cap_texture_side(&mut raw);
    assert_eq!(raw.max_texture_side, Some(MAX_TEXTURE_SIDE));
    let mut small = egui::RawInput { max_texture_side: Some(1024), ..Default::default() };
    cap_texture_side(&mut small);
    assert_eq!(small.max_texture_side, Some(1024), "a smaller renderer limit stays");
    let mut later = egui::RawInput::default();
    cap_texture_side(&mut later);
    assert_eq!(later.max_texture_side, None, "frames that do not say keep what egui was told");
}
