//! The Appointment view, headless through its accessible names, in English and in Dutch: the
//! first setup of the activities (PSK or PSFS), the weekly scores, a suggestion accepted and one
//! dismissed, a topic from a journal entry, the tick-off after an appointment, and every part
//! inside the smallest and the default window.

use chrono::{DateTime, Duration, FixedOffset, TimeZone};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use feltsense::model::prep::{Instrument, TopicSource, TopicState};
use feltsense::model::{Entry, Lang, Region, Signal};
use feltsense::store::Store;
use feltsense::ui::app::App;
use feltsense::ui::clock::Clock;
use feltsense::ui::settings::Settings;
use feltsense::ui::views::ViewKind;

use crate::harness::{Journal, here, lvl};

/// Friday 20 November 2026, 10:00 (+01:00), and `days` before it at `hour`.
fn at(days: i64, hour: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600).and_then(|o| o.with_ymd_and_hms(2026, 11, 20, hour, 0, 0).single()).expect("time")
        - Duration::days(days)
}

/// Six weeks of morning check-ins: the left shoulder at 2, then at 6 in the last two weeks; restless
/// sleep on the last 9 days. Two suggestions follow from it.
fn journal() -> Journal {
    let mut entries = Vec::new();
    for d in (0..42).rev() {
        let mut e = Entry::new(at(d, 8));
        e.set_tension(Region::ShoulderLeft, Some(lvl(if d < 14 { 6 } else { 2 })));
        e.set_tension(Region::Neck, Some(lvl(3)));
        if d < 9 {
            e.signals.push(Signal::RestlessSleep);
        }
        entries.push(e);
    }
    Journal::with(entries)
}

struct Words {
    tab: &'static str,
    instrument: Instrument,
    activity: &'static str,
    names: [&'static str; 3],
    start: &'static str,
    save_scores: &'static str,
    trend: &'static str,
    restless: &'static str,
    new_topic: &'static str,
    add_topic: &'static str,
    journal_tab: &'static str,
    topic_of_entry: &'static str,
    today: &'static str,
    log_appointment: &'static str,
    tick_off: &'static str,
    no_suggestions: &'static str,
}

const EN: Words = Words {
    tab: "Appointment",
    instrument: Instrument::Psfs,
    activity: "Activity",
    names: ["Climbing stairs", "Lifting my daughter", "Cycling to work"],
    start: "Start scoring",
    save_scores: "Save this week's scores",
    trend: "Left shoulder: average 6.0 in the last 2 weeks, 2.0 in the 4 weeks before (14 and 28 check-ins)",
    restless: "Restless sleep on 9 of the last 14 days",
    new_topic: "New topic",
    add_topic: "Add topic",
    journal_tab: "Journal",
    topic_of_entry: "Topic to discuss: entry of Fri 20 Nov 2026 08:00",
    today: "Today",
    log_appointment: "Log appointment",
    tick_off: "After the appointment: tick off the 3 open topics",
    no_suggestions: "No suggestions now.",
};

const NL: Words = Words {
    tab: "Afspraak",
    instrument: Instrument::Psk,
    activity: "Activiteit",
    names: ["Traplopen", "Mijn dochter tillen", "Naar mijn werk fietsen"],
    start: "Begin met scoren",
    save_scores: "Scores van deze week bewaren",
    trend: "Linkerschouder: gemiddeld 6,0 in de laatste 2 weken, 2,0 in de 4 weken daarvoor (14 en 28 metingen)",
    restless: "Onrustig geslapen op 9 van de laatste 14 dagen",
    new_topic: "Nieuw onderwerp",
    add_topic: "Onderwerp toevoegen",
    journal_tab: "Dagboek",
    topic_of_entry: "Onderwerp om te bespreken: meting van vr 20 nov 2026 08:00",
    today: "Vandaag",
    log_appointment: "Afspraak vastleggen",
    tick_off: "Na de afspraak: de 3 open onderwerpen afvinken",
    no_suggestions: "Nu geen voorstellen.",
};

fn window(j: &Journal, lang: Lang, size: [f32; 2]) -> Harness<'static, App> {
    let settings = Settings { lang, ..Settings::default() };
    let app = App::with_store(Store::open(&j.path).expect("open"), settings)
        .wait_for_worker()
        .with_clock(Clock::manual(at(0, 10)))
        .with_zone(here());
    Harness::builder().with_size(size).with_max_steps(400).build_ui_state(|ui, app: &mut App| app.show(ui), app)
}

fn type_into(h: &mut Harness<'static, App>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

fn flow(lang: Lang, w: &Words) {
    let j = journal();
    let mut h = window(&j, lang, [1100.0, 900.0]);
    h.run();
    h.get_by_label(w.tab).click();
    h.run();
    assert_eq!(h.state().view, ViewKind::Appointment);

    // First setup: three activities in the person's words, on the language's instrument.
    for (i, name) in w.names.iter().enumerate() {
        type_into(&mut h, &format!("{} {}", w.activity, i + 1), name);
    }
    h.get_by_label(w.start).click();
    h.run();
    let prep = j.store().prep().expect("prep");
    let names: Vec<&str> = prep.active().map(|a| a.name.as_str()).collect();
    assert_eq!(names, w.names, "toasts: {:?}", h.state().toasts.texts());
    assert_eq!(prep.instrument(), Some(w.instrument));

    // The weekly scores: three taps and Save.
    for (name, score) in w.names.iter().zip([7, 5, 3]) {
        h.get_by_label(&format!("{name}: {score}")).click();
        h.run();
    }
    h.get_by_label(w.save_scores).click();
    h.run();
    let prep = j.store().prep().expect("prep");
    assert_eq!(prep.ratings.len(), 3);
    assert!(prep.ratings.iter().all(|r| r.instrument == w.instrument), "each score keeps its instrument");
    assert!(prep.rated_in_week_of(at(0, 10).date_naive()));

    // Suggestions from the journal: one accepted, one dismissed; neither comes back.
    crate::harness::step_until(&mut h, "the suggestions", |h| h.query_by_label(w.trend).is_some());
    let accept = if lang == Lang::En { "Accept:" } else { "Aannemen:" };
    let dismiss = if lang == Lang::En { "Dismiss:" } else { "Afwijzen:" };
    h.get_by_label(&format!("{accept} {}", w.trend)).click();
    h.run();
    h.get_by_label(&format!("{dismiss} {}", w.restless)).click();
    h.run();
    crate::harness::step_until(&mut h, "no more suggestions", |h| h.query_by_label(w.no_suggestions).is_some());
    let prep = j.store().prep().expect("prep");
    let accepted = prep.topics.iter().find(|t| t.state == TopicState::Open).expect("the accepted one");
    assert!(accepted.suggested());
    assert_eq!(accepted.text(lang), w.trend, "stored in both languages");
    assert!(prep.topics.iter().any(|t| t.state == TopicState::Dismissed && t.text(lang) == w.restless));

    // A topic of one's own, and one from a journal entry.
    type_into(&mut h, w.new_topic, "Is my desk too low?");
    h.get_by_label(w.add_topic).click();
    h.run();
    h.get_by_label(w.journal_tab).click();
    h.run();
    crate::harness::step_until(&mut h, "the journal rows", |h| h.query_by_label(w.topic_of_entry).is_some());
    h.get_by_label(w.topic_of_entry).click();
    h.run();
    let prep = j.store().prep().expect("prep");
    let open: Vec<_> = prep.open_topics().collect();
    assert_eq!(open.len(), 3, "{open:?}");
    assert!(matches!(open[2].source, TopicSource::Entry(_)), "{:?}", open[2]);

    // The appointment today, then the open topics ticked off.
    h.get_by_label(w.tab).click();
    h.run();
    h.get_by_label(w.today).click();
    h.run();
    h.get_by_label(w.log_appointment).click();
    h.run();
    // Below the fold: reached by the keyboard, as a person using Tab would.
    h.get_by_label(w.tick_off).focus();
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let prep = j.store().prep().expect("prep");
    assert_eq!(prep.appointment_dates(), [at(0, 10).date_naive()]);
    assert_eq!(prep.open_topics().count(), 0);
    assert_eq!(prep.topics.iter().filter(|t| t.state == TopicState::TickedOff).count(), 3);
    assert!(h.state().prep.error().is_none());
}

#[test]
fn activities_topics_and_an_appointment_in_english() {
    flow(Lang::En, &EN);
}

#[test]
fn activities_topics_and_an_appointment_in_dutch() {
    flow(Lang::Nl, &NL);
}

/// At the smallest and the default window, in both languages, the setup, the scores, the topics
/// and the appointment form lie inside the window.
#[test]
fn the_view_fits_the_smallest_and_the_default_window_in_both_languages() {
    for (lang, w) in [(Lang::En, &EN), (Lang::Nl, &NL)] {
        for size in [[720.0, 520.0], [1100.0, 760.0]] {
            let j = journal();
            let mut store = j.store();
            store.add_activities(&w.names, w.instrument, at(0, 9)).expect("activities");
            drop(store);
            let mut h = window(&j, lang, size);
            h.run();
            h.get_by_label(w.tab).click();
            h.run();
            let inside = |h: &Harness<'static, App>, label: &str| {
                let node = h.get_by_label(label);
                let b = node.accesskit_node().bounding_box().expect("drawn");
                assert!(b.x0 >= 0.0 && b.x1 <= f64::from(size[0]), "{lang:?} {size:?}: {label} at {b:?}");
            };
            inside(&h, &format!("{}: 10", w.names[1]));
            inside(&h, w.save_scores);
            inside(&h, w.new_topic);
            inside(&h, w.add_topic);
            inside(&h, w.log_appointment);
        }
    }
}
