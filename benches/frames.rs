//! Frame CPU of each view (and each Insights sub-view) with a 10-year demo journal, headless
//! (egui `run_ui` + tessellate).
//!
//! Run with `cargo bench --bench frames`. Prints p50 / p99 per view over a few hundred frames,
//! after the view's data has loaded (background jobs finished). Figures go to BENCHMARKS.md.

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

fn main() {
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
