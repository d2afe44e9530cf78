//! Frame CPU of each view (and each Insights sub-view) with a 10-year demo journal, headless
//! (egui `run_ui` + tessellate); then the Journal view with a 50-year journal: the first screen,
//! typing in its text filter, and switching to every view.
//!
//! Run with `cargo bench --bench frames`. Prints p50 / p99 per view over a few hundred frames,
//! after the view's data has loaded (background jobs finished). Figures go to BENCHMARKS.md.
//! `FRAMES_ONLY_50=1` skips the 10-year part.

use std::time::{Duration, Instant};

use egui::{Pos2, RawInput, Rect, vec2};
use feltsense::demo::{DemoOptions, generate};
use feltsense::store::Store;
use feltsense::ui::app::App;
use feltsense::ui::settings::Settings;
use feltsense::ui::views::ViewKind;
use feltsense::ui::views::insights::InsightsTab;

const FRAMES: usize = 300;

fn input(t: f64) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 900.0))),
        time: Some(t),
        ..Default::default()
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Runs one view: warm-up until its data has loaded, then [`FRAMES`] measured frames.
fn measure(path: &std::path::Path, view: ViewKind, tab: Option<InsightsTab>) -> (Duration, Duration, Duration) {
    let ctx = egui::Context::default();
    let mut app =
        App::with_store(Store::open(path).expect("open"), Settings { last_view: view, ..Settings::default() });
    if let Some(tab) = tab {
        app.insights.tab = tab;
    }
    let mut t = 0.0;
    let warm_start = Instant::now();
    let mut first = Duration::ZERO;
    for i in 0..400 {
        let start = Instant::now();
        let out = ctx.run_ui(input(t), |ui| app.show(ui));
        let _ = ctx.tessellate(out.shapes, out.pixels_per_point);
        if i == 0 {
            first = start.elapsed();
        }
        t += 1.0 / 60.0;
        if i > 20 && warm_start.elapsed() > Duration::from_millis(1500) {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let mut times = Vec::with_capacity(FRAMES);
    for _ in 0..FRAMES {
        let start = Instant::now();
        let out = ctx.run_ui(input(t), |ui| app.show(ui));
        let _ = ctx.tessellate(out.shapes, out.pixels_per_point);
        times.push(start.elapsed());
        t += 1.0 / 60.0;
    }
    times.sort();
    (first, percentile(&times, 0.5), percentile(&times, 0.99))
}

/// One frame (layout + tessellation); returns its CPU time.
fn frame(ctx: &egui::Context, app: &mut App, t: f64) -> Duration {
    let start = Instant::now();
    let out = ctx.run_ui(input(t), |ui| app.show(ui));
    let _ = ctx.tessellate(out.shapes, out.pixels_per_point);
    start.elapsed()
}

/// Runs frames at 60 Hz (real time) until `done` holds or `limit` passed; returns the time
/// taken and the frame times.
fn frames_until(
    ctx: &egui::Context,
    app: &mut App,
    t: &mut f64,
    limit: Duration,
    mut done: impl FnMut(&App) -> bool,
) -> (Option<Duration>, Vec<Duration>) {
    let start = Instant::now();
    let mut times = Vec::new();
    while start.elapsed() < limit {
        let began = Instant::now();
        times.push(frame(ctx, app, *t));
        if done(app) {
            return (Some(start.elapsed()), times);
        }
        *t += 1.0 / 60.0;
        std::thread::sleep(Duration::from_millis(16).saturating_sub(began.elapsed()));
    }
    (None, times)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The Journal view with a 50-year journal: first screen, typing "canal" in its text filter
/// (one key every 120 ms, frames at 60 Hz), and switching to each view.
fn fifty_years() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bench50.sqlite");
    let end = chrono::DateTime::parse_from_rfc3339("2026-11-20T20:00:00+01:00").expect("time");
    let entries = generate(&DemoOptions { years: 50, seed: 1, end });
    let n = entries.len();
    Store::open(&path).expect("open").import(&entries).expect("import");
    drop(entries);
    println!("\n50-year demo journal ({n} entries), 1280x900");

    // First screen of the Journal: from the first frame until the first page is on screen.
    let ctx = egui::Context::default();
    let mut app = App::with_store(
        Store::open(&path).expect("open"),
        Settings { last_view: ViewKind::Journal, ..Settings::default() },
    );
    let mut t = 0.0;
    let (first, times) =
        frames_until(&ctx, &mut app, &mut t, Duration::from_secs(10), |a| !a.journal_view.entries().is_empty());
    let first = first.expect("the first page arrives");
    let worst = times.iter().max().copied().unwrap_or_default();
    println!("Journal first screen {:>8.2} ms   (worst frame meanwhile {:>6.2} ms)", ms(first), ms(worst));
    // Let the count arrive, then type.
    frames_until(&ctx, &mut app, &mut t, Duration::from_secs(10), |a| a.journal_view.count().is_some());

    let word = "canal";
    let mut typing = Vec::new();
    for i in 1..=word.len() {
        app.journal_view.set_text_filter(&word[..i]);
        let key_at = Instant::now();
        while key_at.elapsed() < Duration::from_millis(120) {
            let began = Instant::now();
            typing.push(frame(&ctx, &mut app, t));
            t += 1.0 / 60.0;
            std::thread::sleep(Duration::from_millis(16).saturating_sub(began.elapsed()));
        }
    }
    // Frame times from 120 ms after the last key until the list shows "canal".
    let last_key = Instant::now() - Duration::from_millis(120);
    let (_, after) = frames_until(&ctx, &mut app, &mut t, Duration::from_secs(10), |a| {
        a.journal_view.shown_filter().is_some_and(|f| f.text.as_deref() == Some(word)) && !a.journal_view.is_loading()
    });
    let results = last_key.elapsed();
    typing.extend(after);
    typing.sort();
    println!(
        "Journal typing {word:?}  frames p50 {:>6.3} ms   p99 {:>6.3} ms   max {:>6.2} ms   results {:>7.1} ms after the last key ({} rows shown)",
        ms(percentile(&typing, 0.5)),
        ms(percentile(&typing, 0.99)),
        ms(typing.last().copied().unwrap_or_default()),
        ms(results),
        app.journal_view.entries().len(),
    );

    // Switching from the Log to each view: the worst frame over the next 2 s.
    for view in ViewKind::ALL {
        let ctx = egui::Context::default();
        let mut app = App::with_store(Store::open(&path).expect("open"), Settings::default());
        let mut t = 0.0;
        frames_until(&ctx, &mut app, &mut t, Duration::from_millis(500), |_| false);
        app.view = view;
        let (_, mut times) = frames_until(&ctx, &mut app, &mut t, Duration::from_secs(2), |_| false);
        times.sort();
        println!(
            "switch to {:<10} worst frame {:>6.2} ms   p99 {:>6.3} ms",
            format!("{view:?}"),
            ms(times.last().copied().unwrap_or_default()),
            ms(percentile(&times, 0.99))
        );
    }
}

fn main() {
    if std::env::var_os("FRAMES_ONLY_50").is_none() {
        ten_years();
    }
    fifty_years();
}

fn ten_years() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bench.sqlite");
    let end = chrono::DateTime::parse_from_rfc3339("2026-11-20T20:00:00+01:00").expect("time");
    let entries = generate(&DemoOptions { years: 10, seed: 1, end });
    let n = entries.len();
    Store::open(&path).expect("open").import(&entries).expect("import");

    println!("frame CPU per view, 10-year demo journal ({n} entries), {FRAMES} frames each, 1280x900");
    let mut runs: Vec<(String, ViewKind, Option<InsightsTab>)> = Vec::new();
    for view in ViewKind::ALL {
        if view == ViewKind::Insights {
            for tab in InsightsTab::ALL {
                runs.push((format!("Insights/{tab:?}"), view, Some(tab)));
            }
        } else {
            runs.push((format!("{view:?}"), view, None));
        }
    }
    for (name, view, tab) in runs {
        let (first, p50, p99) = measure(&path, view, tab);
        println!(
            "{name:<22} first frame (starts loading) {:>8.2} ms   p50 {:>6.3} ms   p99 {:>6.3} ms",
            first.as_secs_f64() * 1e3,
            p50.as_secs_f64() * 1e3,
            p99.as_secs_f64() * 1e3,
        );
    }
}
