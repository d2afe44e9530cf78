//! Every view fits (issue 23, point 3): each view of the top bar ([`ViewKind::ALL`]) and each tab
//! of Insights ([`InsightsTab::ALL`]), at the smallest and the default window size, in English and
//! Dutch, on a year's journal. A widget or text that runs outside the window's width, or a button
//! or field on top of another, fails the test. A new view or tab is in these lists, and so gets
//! this test for free.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use feltsense::model::{Lang, Region};
use feltsense::ui::app::App;
use feltsense::ui::settings::Settings;
use feltsense::ui::views::ViewKind;
use feltsense::ui::views::insights::InsightsTab;

use crate::common;
use crate::harness::{Journal, app, step_until, window};

/// The smallest window (ui::run's `with_min_inner_size`) and the default one (`with_inner_size`).
const SIZES: [[f32; 2]; 2] = [[720.0, 520.0], [1100.0, 760.0]];

/// Everything on screen that is outside the window's width, and every pair of buttons or fields
/// that overlap, as readable lines.
fn misfits(h: &Harness<'_, App>, width: f32) -> Vec<String> {
    let region_names: Vec<String> = Region::ALL.iter().flat_map(|r| Lang::ALL.map(|l| r.name(l).to_owned())).collect();
    let mut found = Vec::new();
    let mut controls: Vec<(String, egui::accesskit::Rect)> = Vec::new();
    for n in h.root().children_recursive() {
        let node = n.accesskit_node();
        let Some(b) = node.bounding_box() else { continue };
        if b.x1 - b.x0 < 0.5 || b.y1 - b.y0 < 0.5 {
            continue;
        }
        let label = node.label().unwrap_or_default();
        if b.x1 > f64::from(width) + 0.5 || b.x0 < -0.5 {
            found.push(format!("outside: {:?} {label:?} x {:.0}–{:.0}", node.role(), b.x0, b.x1));
        }
        let control = matches!(
            node.role(),
            Role::Button | Role::TextInput | Role::ComboBox | Role::CheckBox | Role::Slider | Role::SpinButton
        );
        // The body maps' shapes overlap by their boxes (a shoulder's box holds part of the chest's).
        let painted = region_names.iter().any(|r| label.starts_with(r.as_str()) || label.contains(&format!(": {r}")));
        if control && !painted {
            controls.push((label, b));
        }
    }
    for (i, (a, ra)) in controls.iter().enumerate() {
        for (b, rb) in &controls[i + 1..] {
            let w = ra.x1.min(rb.x1) - ra.x0.max(rb.x0);
            let h = ra.y1.min(rb.y1) - ra.y0.max(rb.y0);
            if w > 1.0 && h > 1.0 {
                found.push(format!("overlap: {a:?} and {b:?}"));
            }
        }
    }
    found
}

#[test]
fn every_view_fits_at_the_smallest_and_the_default_size_in_both_languages() {
    let end = chrono::Local::now().fixed_offset();
    let mut entries = feltsense::demo::generate(&feltsense::demo::DemoOptions { years: 1, seed: 2, end });
    feltsense::demo::in_dutch(&mut entries[..400]);
    // The newest entries rate every region, with emotions, signals, a practice, a long note and
    // tags: rows that say a lot (the Journal's buttons must stay on screen beside them).
    for minutes in [1, 2, 3] {
        let mut e = feltsense::model::Entry::new(end + chrono::Duration::minutes(minutes));
        for r in Region::ALL {
            e.set_tension(r, Some(common::lvl(7)));
        }
        for code in ["anxiety", "stress", "anger", "frustration", "sadness", "restlessness"] {
            e.emotions.push(feltsense::model::EmotionRating { code: code.into(), intensity: common::lvl(6) });
        }
        e.signals = feltsense::model::Signal::ALL.to_vec();
        e.practice = Some(feltsense::model::Practice { kind: feltsense::model::PracticeKind::Breathing46, minutes: 2 });
        e.note = "A very long day with a deadline, a difficult talk with my manager, a cancelled train and a \
                  headache creeping up from the neck into the jaw, and then the neighbours' party went on."
            .repeat(3);
        e.tags = vec!["work".into(), "commute".into(), "meeting".into(), "family".into(), "sleep".into()];
        entries.push(e);
    }
    let j = Journal::with(entries);
    let mut problems = Vec::new();
    for lang in Lang::ALL {
        let mut h = window(app(&j, Settings { lang, ..Settings::default() }), SIZES[1], 40);
        h.run();
        let mut places: Vec<(ViewKind, Option<InsightsTab>)> = ViewKind::ALL.iter().map(|&v| (v, None)).collect();
        places.extend(InsightsTab::ALL.iter().map(|&t| (ViewKind::Insights, Some(t))));
        for (view, tab) in places {
            h.state_mut().view = view;
            if let Some(t) = tab {
                h.state_mut().insights.tab = t;
            }
            for size in SIZES {
                h.set_size(egui::vec2(size[0], size[1]));
                let computing = lang.pick("Computing…", "Bezig met berekenen…");
                step_until(&mut h, "the view's results", |h| {
                    h.query_all_by_label_contains(computing).next().is_none()
                        && h.query_all_by(|n| n.role() == Role::ProgressIndicator).next().is_none()
                });
                h.run_steps(2);
                for m in misfits(&h, size[0]) {
                    problems.push(format!("{lang:?} {view:?} {tab:?} {}×{}: {m}", size[0], size[1]));
                }
                if view == ViewKind::Journal {
                    // Every row as tall as the next, however much it says: the list lays out
                    // only the rows in sight, by one row height.
                    let edit = lang.pick("Edit entry of", "Bewerken: meting van");
                    let tops: Vec<f64> = h
                        .query_all_by_label_contains(edit)
                        .filter_map(|n| n.accesskit_node().bounding_box().map(|b| b.y0))
                        .collect();
                    assert!(tops.len() > 3, "{lang:?}: rows on screen: {}", tops.len());
                    let steps: Vec<f64> = tops.windows(2).map(|w| (w[1] - w[0]).round()).collect();
                    assert!(steps.iter().all(|s| *s == steps[0]), "{lang:?} {size:?}: row steps {steps:?}");
                }
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
