//! The Insights view, driven headless through accessible labels (egui_kittest) on a temp-file
//! journal filled with the fixed-seed demo year, with a fixed "today" so the pictures and the
//! expected numbers do not change with the clock.

use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use feltsense::analysis::practices::practice_report;
use feltsense::analysis::{DateRange, LagParams, LagWindow, lag_analysis};
use feltsense::demo::{DemoOptions, generate};
use feltsense::model::{Entry, Lang, Region, SessionRole};
use feltsense::ui::app::App;
use feltsense::ui::settings::{Settings, Theme};
use feltsense::ui::views::ViewKind;

use crate::harness::{Journal, app, window};

/// The last moment of the demo journal: Sunday 15 March 2026, 21:00.
fn end() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-03-15T21:00:00+01:00").expect("valid time")
}

/// "Today" in every test: the last day of the journal.
fn today() -> NaiveDate {
    end().date_naive()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// A journal file holding one demo year (seed 42), and its entries.
struct Demo {
    journal: Journal,
    entries: Vec<Entry>,
}

fn journal() -> Demo {
    let entries = generate(&DemoOptions { years: 1, seed: 42, end: end() });
    let journal = Journal::empty();
    let outcome = journal.store().import(&entries).expect("import");
    assert_eq!(outcome.added, entries.len());
    Demo { journal, entries }
}

fn harness(j: &Demo, lang: Lang) -> Harness<'static, App> {
    let settings = Settings { lang, theme: Theme::Light, last_view: ViewKind::Insights, ..Settings::default() };
    let mut app = app(&j.journal, settings);
    app.insights.today = Some(today());
    window(app, [1280.0, 1000.0], 12)
}

/// Steps frames until the entries are loaded and the current view's analysis is done (bounded).
fn settle(h: &mut Harness<'static, App>) {
    h.step();
    // Up to 20 s: the analyses run in the debug build, and a CI machine may be busy.
    for _ in 0..4000 {
        if !h.state().insights.is_busy() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
        h.step();
    }
    assert!(!h.state().insights.is_busy(), "the background work did not finish");
    // One more frame draws what arrived, then let animations settle.
    h.step();
    h.run();
}

fn click(h: &mut Harness<'static, App>, label: &str) {
    h.get_by_label(label).click();
    settle(h);
}

/// Check-ins whose local date lies in `from..=to`, counted from the entries themselves.
fn check_ins(j: &Demo, from: NaiveDate, to: NaiveDate) -> Vec<&Entry> {
    j.entries.iter().filter(|e| e.is_check_in() && (from..=to).contains(&e.at.date_naive())).collect()
}

/// Mean level of `region` over check-ins (unrated = 0), with one decimal.
fn mean_text(entries: &[&Entry], region: Region) -> String {
    let sum: u32 = entries.iter().map(|e| u32::from(e.level_of(region).map_or(0, |l| l.get()))).sum();
    format!("{:.1}", f64::from(sum) / entries.len() as f64)
}

#[test]
fn trends_show_the_chosen_period_and_follow_range_changes() {
    let j = journal();
    let mut h = harness(&j, Lang::En);
    settle(&mut h);
    // Trends is the first tab; the default period is 90 days ending today.
    let n90 = check_ins(&j, date(2025, 12, 16), today()).len();
    assert!(n90 > 100, "the demo logs a few check-ins a day: {n90}");
    h.get_by_label(&format!("16 Dec 2025 – 15 Mar 2026 · {n90} check-ins"));

    click(&mut h, "7 days");
    let n7 = check_ins(&j, date(2026, 3, 9), today()).len();
    h.get_by_label(&format!("9 Mar 2026 – 15 Mar 2026 · {n7} check-ins"));

    // A custom period typed as two dates.
    click(&mut h, "Custom");
    h.get_by_label("From:").focus();
    h.get_by_label("From:").type_text("2026-01-01");
    h.get_by_label("To:").focus();
    h.get_by_label("To:").type_text("2026-01-31");
    settle(&mut h);
    let jan = check_ins(&j, date(2026, 1, 1), date(2026, 1, 31)).len();
    h.get_by_label(&format!("1 Jan 2026 – 31 Jan 2026 · {jan} check-ins"));

    // Weekly means, and a region switched on or off by hand: its line (and legend entry, also
    // named after the region) appears or goes.
    click(&mut h, "Week");
    let shown = |h: &Harness<'static, App>| h.query_all_by_label("Lower back").count();
    let before = shown(&h);
    h.query_all_by_label("Lower back").next().expect("the toggle").click();
    settle(&mut h);
    assert_eq!(shown(&h), if before == 1 { 2 } else { 1 }, "{before}");
    h.get_by_label(&format!("1 Jan 2026 – 31 Jan 2026 · {jan} check-ins"));
}

#[test]
fn heat_map_paints_the_means_and_compares_then_with_now() {
    let j = journal();
    let mut h = harness(&j, Lang::En);
    settle(&mut h);
    click(&mut h, "Body heat map");
    // 30 days ending today: 14 February to 15 March.
    let now = check_ins(&j, date(2026, 2, 14), today());
    h.get_by_label(&format!("Mean · 14 Feb 2026 – 15 Mar 2026 · {} check-ins", now.len()));
    h.get_by_label(&format!("Heat map: Neck: {}", mean_text(&now, Region::Neck)));

    click(&mut h, "Then vs now");
    let then = check_ins(&j, date(2026, 1, 15), date(2026, 2, 13));
    h.get_by_label(&format!("Then: Mean · 15 Jan 2026 – 13 Feb 2026 · {} check-ins", then.len()));
    h.get_by_label(&format!("Then: Neck: {}", mean_text(&then, Region::Neck)));
    h.get_by_label(&format!("Now: Mean · 14 Feb 2026 – 15 Mar 2026 · {} check-ins", now.len()));
    h.get_by_label("Meaningful changes (2 points or more, or 30 % or more):");

    // The highest level instead of the mean.
    click(&mut h, "Highest");
    let max_neck = now.iter().map(|e| e.level_of(Region::Neck).map_or(0, |l| l.get())).max().unwrap_or(0);
    h.get_by_label_contains(&format!("Now: Neck: {max_neck}.0"));
}

#[test]
fn weekly_review_opens_on_this_week_and_steps_back_and_forth() {
    let j = journal();
    let mut h = harness(&j, Lang::En);
    settle(&mut h);
    click(&mut h, "Weekly review");
    h.get_by_label("Week 11, 2026 · 9 Mar – 15 Mar");
    let days = |from: NaiveDate| {
        let mut d: Vec<NaiveDate> = j
            .entries
            .iter()
            .map(|e| e.at.date_naive())
            .filter(|d| (from..from + chrono::Duration::days(7)).contains(d))
            .collect();
        d.dedup();
        d.len()
    };
    let (this, before) = (days(date(2026, 3, 9)), days(date(2026, 3, 2)));
    h.get_by_label(&format!("Days logged: {this} of 7 (the week before: {before})"));
    // "Next week" is not offered beyond the current week.
    assert!(h.get_by_label("Next week").accesskit_node().is_disabled());

    click(&mut h, "Previous week");
    h.get_by_label("Week 10, 2026 · 2 Mar – 8 Mar");
    click(&mut h, "Previous week");
    h.get_by_label("Week 9, 2026 · 23 Feb – 1 Mar");
    let (this, before) = (days(date(2026, 2, 23)), days(date(2026, 2, 16)));
    h.get_by_label(&format!("Days logged: {this} of 7 (the week before: {before})"));
    click(&mut h, "Next week");
    h.get_by_label("Week 10, 2026 · 2 Mar – 8 Mar");
    click(&mut h, "Back to this week");
    h.get_by_label("Week 11, 2026 · 9 Mar – 15 Mar");
    assert!(h.get_by_label("Next week").accesskit_node().is_disabled());
}

#[test]
fn clicking_a_lag_cell_lists_the_entries_behind_it() {
    let j = journal();
    let mut h = harness(&j, Lang::En);
    settle(&mut h);
    click(&mut h, "After an emotion");
    h.get_by_label("These are associations in your own data, not proof that an emotion causes tension.");

    // Choose anxiety (events at intensity 5 or more, the default threshold).
    let table = lag_analysis(&j.entries, &LagParams::default());
    let anxiety = table.emotions.iter().find(|e| e.emotion == "anxiety").expect("the demo has anxiety events");
    h.get_by_label("Emotion:").click();
    h.run();
    click(&mut h, &format!("Anxiety ({} events)", anxiety.n_events));
    let cell = table.cell("anxiety", Region::Neck, LagWindow::H0To6).expect("a cell");
    assert!(cell.n_events > 0 && cell.n_checkins > 0);

    // A screen reader hears the cell's difference, verdict and sample sizes, not only its name.
    let diff = feltsense::analysis::common::format_signed(cell.diff_points.expect("an estimate"), 1, Lang::En);
    let spoken = format!(
        "Neck, 0–6 h: {diff} points, {}; {} check-ins after {} events on {} days",
        cell.verdict.label(Lang::En),
        cell.n_checkins,
        cell.n_events,
        cell.n_days
    );
    h.get_by_label(&spoken).click();
    settle(&mut h);
    h.get_by_label(&format!("Events: {}", cell.n_events));
    h.get_by_label(&format!("Check-ins (Neck): {}", cell.n_checkins));
    // The drill-down says the verdict in words and shows the estimate for the 6 h before.
    h.get_by_label(&format!("Verdict: {}", cell.verdict.label(Lang::En)));
    h.get_by_label(&feltsense::analysis::cell_sentence(cell, Lang::En));
    h.get_by_label_contains("In the 6 h before the emotion:");

    // Another window of the same emotion.
    let cell = table.cell("anxiety", Region::Neck, LagWindow::H24To48).expect("a cell");
    h.get_by_label_contains("Neck, 24–48 h: ").click();
    settle(&mut h);
    h.get_by_label(&format!("Events: {}", cell.n_events));
    h.get_by_label(&format!("Check-ins (Neck): {}", cell.n_checkins));

    // The explanation unfolds.
    assert!(h.query_by_label_contains("Benjamini–Hochberg").is_none());
    click(&mut h, "How is this computed?");
    h.get_by_label_contains("Benjamini–Hochberg");
}

#[test]
fn the_lag_grid_is_a_table_and_a_cell_opens_its_details_by_keyboard() {
    use egui::accesskit::Role;
    let j = journal();
    let mut h = harness(&j, Lang::En);
    settle(&mut h);
    click(&mut h, "After an emotion");
    let table = lag_analysis(&j.entries, &LagParams::default());

    // A table of a header row and one row per region, seven columns each.
    let grid = h.get_by(|n| n.role() == Role::Table && n.label().is_some_and(|l| l.starts_with("Tension after ")));
    let rows: Vec<_> = grid.children().filter(|r| r.accesskit_node().role() == Role::Row).collect();
    assert_eq!(rows.len(), Region::COUNT + 1);
    let roles = |row: &egui_kittest::Node<'_>| row.children().map(|c| c.accesskit_node().role()).collect::<Vec<_>>();
    assert_eq!(roles(&rows[0]), vec![Role::ColumnHeader; 6]);
    let mut body = vec![Role::RowHeader];
    body.extend([Role::Cell; 5]);
    assert_eq!(roles(&rows[3]), body);
    let header: Vec<String> = rows[0].children().filter_map(|c| c.accesskit_node().label()).collect();
    let emotion = h.get_by_role_and_label(Role::ComboBox, "Emotion:").accesskit_node().value().expect("a value");
    let code = feltsense::model::BUILTIN_EMOTIONS.iter().find(|e| e.en == emotion).expect("a built-in emotion").code;
    let first = table.cell(code, Region::Head, LagWindow::H0To6).expect("a cell");
    assert_eq!(header[2], format!("0–6 h, {} events", first.n_events), "{header:?}");

    // The Neck, 0–6 h cell: its numbers as its name, its details as its description.
    let cell = table.cell(code, Region::Neck, LagWindow::H0To6).expect("a cell");
    let neck = rows[3].children().nth(2).expect("a cell");
    let name = neck.accesskit_node().label().expect("a name");
    assert!(
        name.starts_with("Neck, 0–6 h: ")
            && name.ends_with(&format!(
                "{} check-ins after {} events on {} days",
                cell.n_checkins, cell.n_events, cell.n_days
            )),
        "{name}"
    );
    let details = neck.accesskit_node().description().expect("a description");
    assert!(details.starts_with(&format!("Verdict: {}", cell.verdict.label(Lang::En))), "{details}");

    // The keyboard on the cell shows the same details as hovering; Enter lists the entries.
    let hint = "Click or press Enter to see the entries behind it.";
    assert!(h.query_by_label(hint).is_none());
    h.get_by_label(&name).focus();
    h.run();
    h.get_by_label(hint);
    assert!(h.query_by_label(&format!("Events: {}", cell.n_events)).is_none());
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    h.get_by_label(&format!("Events: {}", cell.n_events));
    h.get_by_label(&format!("Check-ins (Neck): {}", cell.n_checkins));
}

#[test]
fn time_of_day_and_practices_show_their_tables() {
    let j = journal();
    let mut h = harness(&j, Lang::En);
    settle(&mut h);
    click(&mut h, "Time of day");
    let n90 = check_ins(&j, date(2025, 12, 16), today()).len();
    h.get_by_label(&format!("16 Dec 2025 – 15 Mar 2026 · {n90} check-ins"));
    for part in ["Night", "Morning", "Afternoon", "Evening"] {
        h.get_by_label(part);
    }
    // The painted values are text for a screen reader: the neck in the evening, as computed from
    // the entries themselves.
    let evening: Vec<&Entry> = check_ins(&j, date(2025, 12, 16), today())
        .into_iter()
        .filter(|e| chrono::Timelike::hour(&e.at) >= 18)
        .collect();
    h.get_by_role_and_label(
        egui::accesskit::Role::Cell,
        &format!("Neck, evening: {} ({} check-ins)", mean_text(&evening, Region::Neck), evening.len()),
    );
    click(&mut h, "Practices");
    h.get_by_label("Days with a practice, week by week");
    // Practice days in the 90 days, counted by hand: distinct dates with a practice.
    let mut days: Vec<NaiveDate> = j
        .entries
        .iter()
        // The "after" entry of a guided practice is part of the same session.
        .filter(|e| e.practice.is_some() && !e.session.as_ref().is_some_and(|s| s.role == SessionRole::After))
        .filter(|e| (date(2025, 12, 16)..=today()).contains(&e.at.date_naive()))
        .map(|e| e.at.date_naive())
        .collect();
    days.dedup();
    h.get_by_label_contains(&format!("You practised on {} days in", days.len()));
    // The bar chart is a named figure whose description is that sentence.
    let figure = h.get_by_role_and_label(egui::accesskit::Role::Figure, "Chart of days with a practice per week");
    let described = figure.accesskit_node().description().unwrap_or_default();
    assert!(described.starts_with(&format!("You practised on {} days in", days.len())), "{described}");
    // Each practice's headline is its change compared with similar moments, as the analysis
    // computes it for the same 90 days, with the plain sentence on what that means.
    let report = practice_report(&j.entries, DateRange::new(date(2025, 12, 16), today()));
    assert!(!report.effects.is_empty());
    for e in &report.effects {
        let text = e.adjusted.text(Lang::En);
        assert!(h.query_all_by_label(&text).next().is_some(), "{text}");
    }
    h.get_by_label_contains("Compared with similar moments without a practice");
}

#[test]
fn dutch_labels() {
    let j = journal();
    let mut h = harness(&j, Lang::Nl);
    settle(&mut h);
    h.get_by_label("Inzichten");
    for tab in ["Trends", "Lichaamskaart", "Weekoverzicht", "Na een emotie", "Tijdstip", "Oefeningen"] {
        h.get_by_label(tab);
    }
    click(&mut h, "Weekoverzicht");
    h.get_by_label("Week 11, 2026 · 9 mrt – 15 mrt");
    click(&mut h, "Vorige week");
    h.get_by_label("Week 10, 2026 · 2 mrt – 8 mrt");
    click(&mut h, "Na een emotie");
    h.get_by_label("Dit zijn verbanden in je eigen gegevens, geen bewijs dat een emotie spanning veroorzaakt.");
    h.get_by_label("Hoe wordt dit berekend?");
    h.get_by_label_contains("Nek, 0–6 uur: ").click();
    settle(&mut h);
    h.get_by_label_contains("Gebeurtenissen: ");
    h.get_by_label_contains("Metingen (Nek): ");
    click(&mut h, "Lichaamskaart");
    h.get_by_label_contains("Gemiddelde · 14 feb 2026 – 15 mrt 2026");
}

#[test]
fn snapshots_of_each_view() {
    let j = journal();
    let mut h = harness(&j, Lang::En);
    settle(&mut h);
    snapshot(&mut h, "insights_trends");

    click(&mut h, "Body heat map");
    click(&mut h, "7 days");
    click(&mut h, "Then vs now");
    snapshot(&mut h, "insights_heat_map");

    click(&mut h, "Weekly review");
    snapshot(&mut h, "insights_weekly");

    click(&mut h, "After an emotion");
    h.get_by_label_contains("Neck, 6–12 h: ").click();
    settle(&mut h);
    snapshot(&mut h, "insights_after_emotion");

    click(&mut h, "Time of day");
    snapshot(&mut h, "insights_time_of_day");

    click(&mut h, "Practices");
    snapshot(&mut h, "insights_practices");
}

/// A picture without the pointer (no hover highlight or tooltip).
fn snapshot(h: &mut Harness<'static, App>, name: &str) {
    h.remove_cursor();
    h.run();
    h.snapshot(name);
}

#[test]
fn entries_written_elsewhere_are_picked_up_when_the_window_regains_focus() {
    let j = journal();
    let mut h = harness(&j, Lang::En);
    settle(&mut h);
    click(&mut h, "7 days");
    let n7 = check_ins(&j, date(2026, 3, 9), today()).len();
    h.get_by_label(&format!("9 Mar 2026 – 15 Mar 2026 · {n7} check-ins"));

    // Another program (the CLI) adds a check-in today.
    let mut e = Entry::new(end() - chrono::Duration::hours(1));
    e.set_tension(Region::Neck, feltsense::model::Level::new(4));
    j.journal.store().insert(&e).expect("insert");

    // Nothing changes while the window keeps focus: no query runs per frame.
    settle(&mut h);
    h.get_by_label(&format!("9 Mar 2026 – 15 Mar 2026 · {n7} check-ins"));
    // Focus away and back: the app notices, the entries reload in the background, trends recompute.
    h.input_mut().focused = false;
    h.step();
    h.input_mut().focused = true;
    settle(&mut h);
    h.get_by_label(&format!("9 Mar 2026 – 15 Mar 2026 · {} check-ins", n7 + 1));
}
