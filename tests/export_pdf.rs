//! The PDF report, read back with poppler's `pdftotext`.

use std::process::Command;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use feltsense::export::pdf::{ReportLink, ReportOptions, Trend, render_report, summarize, write_report};
use feltsense::model::text::time::Zone;
use feltsense::model::{EmotionRating, Entry, Lang, Level, Practice, PracticeKind, Region, Signal, TensionRating};

fn at(m: u32, d: u32, h: u32, min: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(2 * 3600).and_then(|o| o.with_ymd_and_hms(2026, m, d, h, min, 0).single()).expect("valid")
}

fn lvl(v: u8) -> Level {
    Level::new(v).expect("level")
}

fn entry(t: DateTime<FixedOffset>, tensions: &[(Region, u8)], emotions: &[(&str, u8)]) -> Entry {
    let mut e = Entry::new(t);
    e.tensions = tensions.iter().map(|&(region, v)| TensionRating { region, level: lvl(v) }).collect();
    e.emotions = emotions.iter().map(|&(code, v)| EmotionRating { code: code.into(), intensity: lvl(v) }).collect();
    e.normalize();
    e
}

/// A small journal for 1–14 June 2026, plus one check-in in the previous two weeks.
fn journal() -> Vec<Entry> {
    let mut e1 = entry(at(6, 1, 8, 30), &[(Region::Neck, 6), (Region::ShoulderLeft, 4)], &[("anxiety", 7)]);
    e1.signals = vec![Signal::JawClenching];
    e1.note = "Slecht geslapen – nek stijf".into();
    let mut e2 = entry(at(6, 1, 20, 0), &[(Region::Neck, 4)], &[("anxiety", 5), ("anger", 3)]);
    e2.practice = Some(Practice { kind: PracticeKind::Breathing46, minutes: 2 });
    let e3 = entry(at(6, 1, 21, 0), &[(Region::Neck, 2)], &[]);
    let mut e4 = entry(at(6, 3, 9, 0), &[(Region::Neck, 8), (Region::LowerBack, 5)], &[("anxiety", 6)]);
    e4.signals = vec![Signal::JawClenching, Signal::RestlessSleep];
    let e5 = entry(at(6, 5, 12, 0), &[], &[("joy", 6)]);
    let e6 = entry(at(6, 10, 18, 0), &[(Region::Neck, 5), (Region::ShoulderLeft, 2)], &[("sadness", 4)]);
    let before = entry(at(5, 20, 9, 0), &[(Region::Neck, 3)], &[]);
    vec![e6, e1, before, e3, e5, e2, e4]
}

fn options(lang: Lang, include_notes: bool) -> ReportOptions {
    ReportOptions {
        period_from: NaiveDate::from_ymd_opt(2026, 6, 1).expect("date"),
        period_to: NaiveDate::from_ymd_opt(2026, 6, 14).expect("date"),
        include_notes,
        name: Some("Sanne de Vries".into()),
        lang,
        generated_on: NaiveDate::from_ymd_opt(2026, 6, 15).expect("date"),
        basis: feltsense::model::prep::PeriodBasis::Chosen,
        // The person lives where the entries were felt (+02:00).
        zone: Zone::hours_east(2).expect("offset"),
    }
}

fn link() -> ReportLink {
    ReportLink {
        emotion: "anxiety".into(),
        region: Region::Neck,
        window_label: "6–24 h".into(),
        diff_points: 1.8,
        n_events: 3,
        n_days: 3,
        n_checkins: 5,
    }
}

/// The text of a PDF, pages separated by form feeds.
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let out = match Command::new("pdftotext").arg("-layout").arg(&path).arg("-").output() {
        Ok(out) => out,
        Err(e) => panic!("pdftotext could not be run ({e}); install poppler-utils (apt-get install poppler-utils)"),
    };
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 text")
}

#[test]
fn summary_numbers_match_the_journal() {
    let s = summarize(&journal(), &options(Lang::En, true));
    assert_eq!(s.days_in_period, 14);
    // 1, 3, 5 and 10 June.
    assert_eq!(s.days_logged, 4);
    assert_eq!(s.entries, 6);
    assert_eq!(s.check_ins, 5);
    // Neck over the five check-ins: (6 + 4 + 2 + 8 + 5) / 5.
    assert_eq!(s.region(Region::Neck).mean, Some(5.0));
    // Left shoulder: 4 and 2, the other three check-ins count as 0.
    assert_eq!(s.region(Region::ShoulderLeft).mean, Some(1.2));
    assert_eq!(s.region(Region::LowerBack).mean, Some(1.0));
    assert_eq!(s.region(Region::Jaw).mean, Some(0.0));
    // Previous period (18–31 May): one check-in with the neck at 3.
    assert_eq!(s.previous_from, NaiveDate::from_ymd_opt(2026, 5, 18).expect("date"));
    assert_eq!(s.region(Region::Neck).previous_mean, Some(3.0));
    assert_eq!(s.region(Region::Neck).trend, Trend::Up);
    assert_eq!(s.region(Region::ShoulderLeft).trend, Trend::Up, "0 → 1.2 is over 1 point");
    assert_eq!(s.region(Region::LowerBack).trend, Trend::Up);
    assert_eq!(s.top_regions, vec![Region::Neck, Region::ShoulderLeft, Region::LowerBack]);
    assert_eq!(s.region(Region::Neck).max, Some(8));
    let anxiety = &s.emotions[0];
    assert_eq!((anxiety.code.as_str(), anxiety.count, anxiety.mean_intensity), ("anxiety", 3, 6.0));
    assert_eq!(s.emotions.len(), 4);
    // Breathing at 20:00 with the neck at 4; next check-in 21:00 with the neck at 2.
    assert_eq!(s.practices.len(), 1);
    assert_eq!((s.practices[0].count, s.practices[0].pairs), (1, 1));
    assert_eq!(s.practices[0].mean_change, Some(-2.0));
    let jaw = s.signals.iter().find(|x| x.signal == Signal::JawClenching).expect("listed");
    assert_eq!(jaw.count, 2);
    assert_eq!(s.weeks.len(), 2);
    // Week 2 (8–14 June) has one check-in: neck 5.
    assert_eq!((s.weeks[1].check_ins, s.weeks[1].means[Region::Neck.index()]), (1, Some(5.0)));
}

#[test]
fn english_report_shows_the_summary_numbers() {
    let pdf = render_report(&journal(), &[link()], &options(Lang::En, true)).expect("rendered");
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    // Page 1 is for the consult; the details that were page 1 are on page 2.
    let page1 = text.split('\u{c}').nth(1).expect("page 2");
    assert!(page1.contains("Days logged: 4 of 14"), "{page1}");
    assert!(page1.contains("Sanne de Vries"), "{page1}");
    assert!(page1.contains("1 Jun – 14 Jun 2026"), "{page1}");
    // The neck row of the highest-tension table: mean 5.0, max 8, before 3.0, change +2.0, up.
    let neck = page1.lines().find(|l| l.contains("Neck") && l.contains("5.0")).expect("neck row");
    for cell in ["5.0", "8", "3.0", "+2.0", "↑"] {
        assert!(neck.contains(cell), "{cell} missing in {neck:?}");
    }
    let anxiety = page1.lines().find(|l| l.contains("Anxiety") && !l.contains("→")).expect("anxiety row");
    assert!(anxiety.contains('3') && anxiety.contains("6.0"), "{anxiety:?}");
    assert!(page1.contains("Anxiety → Neck (6–24 h): +1.8 points higher than usual"), "{page1}");
    assert!(page1.contains("not proof of cause"), "{page1}");
    // The sample sizes, and one line naming the method.
    assert!(page1.contains("n = 3 times the emotion on 3 days, 5 check-ins"), "{page1}");
    assert!(page1.contains("Method: a within-person regression per region"), "{page1}");
    assert!(page1.contains("−2.0"), "breathing relief: {page1}");
    // One practice cannot be compared with similar moments yet.
    assert!(page1.contains("not yet") && page1.contains("Adjusted"), "{page1}");
    assert!(page1.contains("Generated on 15 Jun 2026"), "{page1}");
    // Page 1 (the consult) has the same header: the name and the day it was made.
    let consult = text.split('\u{c}').next().expect("page 1");
    assert!(consult.contains("Sanne de Vries") && consult.contains("Generated on 15 Jun 2026"), "{consult}");
    assert!(text.contains("Slecht geslapen – nek"), "notes are in the log");
    assert!(text.contains("page 1 of 3"), "{text}");
}

#[test]
fn dutch_report_uses_dutch_labels_and_decimal_commas() {
    let pdf = render_report(&journal(), &[link()], &options(Lang::Nl, true)).expect("rendered");
    let text = pdf_text(&pdf);
    for expected in [
        "Dagen met een meting: 4 van 14",
        "Nek",
        "5,0",
        "Angst",
        "Hoogste spanning",
        "Linkerschouder",
        "pagina 1 van 3",
        "Logboek",
        "Kaakklemmen",
        "4–6 ademhaling",
        "geen bewijs van oorzaak",
        "Methode: een regressie per gebied",
    ] {
        assert!(text.contains(expected), "{expected} missing:\n{text}");
    }
    assert!(!text.contains("Days logged"), "no English on the Dutch report");
}

/// The log's page: the PDF text after the last "Log"/"Logboek" title.
fn log_page(text: &str, lang: Lang) -> String {
    let title = lang.pick("Log", "Logboek");
    let page = text.split('\u{c}').find(|p| p.lines().any(|l| l.trim() == title)).expect("a log page");
    page.to_owned()
}

#[test]
fn the_log_shows_times_on_the_persons_clock_with_the_entrys_own_where_it_differs() {
    // At home (+02:00, the entries' own offset): no suffix.
    let home = log_page(&pdf_text(&render_report(&journal(), &[], &options(Lang::En, false)).expect("pdf")), Lang::En);
    assert!(home.contains("08:30") && !home.contains("UTC"), "{home}");
    // On a UTC clock: 08:30 +02:00 is 06:30, the entry's own time after it; 21:00 +02:00 on
    // 1 June is 19:00 the same day.
    for lang in [Lang::En, Lang::Nl] {
        let o = ReportOptions { zone: Zone::utc(), ..options(lang, false) };
        let log = log_page(&pdf_text(&render_report(&journal(), &[], &o).expect("pdf")), lang);
        for expected in ["06:30", "(08:30", "UTC+02:00)", "19:00", "(21:00"] {
            assert!(log.contains(expected), "{expected} missing ({lang:?}):\n{log}");
        }
        let first = log.lines().find(|l| l.contains("06:30")).expect("the first row's time");
        assert!(!first.contains("08:30 "), "the person's time comes first: {first}");
    }
    // 22:00 +02:00 on Monday 1 June is 00:00 on Tuesday 2 June at +04:00: the row is on the
    // person's day, and names the entry's own day.
    let mut late = journal();
    late.push(entry(at(6, 1, 22, 0), &[(Region::Jaw, 3)], &[]));
    let o = ReportOptions { zone: Zone::hours_east(4).expect("offset"), ..options(Lang::En, false) };
    let log = log_page(&pdf_text(&render_report(&late, &[], &o).expect("pdf")), Lang::En);
    let row = log.split("Tue 2 Jun").nth(1).expect("a row on 2 June");
    let cell: Vec<&str> = row.lines().take(4).map(str::trim).collect();
    assert_eq!(cell, ["Jaw 3", "00:00 (Mon", "22:00", "UTC+02:00)"], "{log}");
}

#[test]
fn notes_are_left_out_when_asked() {
    let pdf = render_report(&journal(), &[], &options(Lang::En, false)).expect("rendered");
    let text = pdf_text(&pdf);
    assert!(!text.contains("Slecht geslapen"), "{text}");
    assert!(text.contains("Days logged: 4 of 14"));
}

#[test]
fn a_long_log_breaks_between_rows_with_page_numbers() {
    let mut entries = journal();
    for day in 1..=14 {
        for hour in [7, 10, 13, 16, 19, 22] {
            let mut e = entry(at(6, day, hour, 15), &[(Region::Jaw, 3), (Region::Chest, 2)], &[("stress", 4)]);
            e.note = format!(
                "Dag {day} om {hour}:15 – een notitie die lang genoeg is om over meer dan één regel te lopen in de tabel."
            );
            entries.push(e);
        }
    }
    let pdf = render_report(&entries, &[], &options(Lang::En, true)).expect("rendered");
    let text = pdf_text(&pdf);
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    let n = pages.len();
    assert!(n >= 4, "expected several pages, got {n}");
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&format!("page {} of {n}", i + 1)), "page {} lacks its number", i + 1);
        if i >= 2 {
            assert!(page.contains("Tension (0–10)"), "page {} repeats the table header", i + 1);
        }
    }
    // Every note is printed whole (rows are never cut): each ends with "tabel.".
    assert_eq!(text.matches("tabel.").count(), 14 * 6);
}

#[test]
fn write_report_creates_a_private_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("verslag.pdf");
    write_report(&path, &journal(), &[], &options(Lang::Nl, true)).expect("written");
    let bytes = std::fs::read(&path).expect("read");
    assert!(pdf_text(&bytes).contains("Dagen met een meting: 4 van 14"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777, 0o600);
    }
}

/// The sample reports (English, Dutch, and a year of demo entries in Dutch) render and read back
/// in their language. They are written to `$FELTSENSE_REPORT_DIR` when it is set, for looking at,
/// and to a temporary folder otherwise.
#[test]
fn sample_reports_render_and_read_back() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir =
        std::env::var_os("FELTSENSE_REPORT_DIR").map_or_else(|| tmp.path().to_path_buf(), std::path::PathBuf::from);
    for (lang, name, days) in [
        (Lang::En, "report-en.pdf", "Days logged: 4 of 14"),
        (Lang::Nl, "report-nl.pdf", "Dagen met een meting: 4 van 14"),
    ] {
        write_report(&dir.join(name), &journal(), &[link()], &options(lang, true)).expect("written");
        let text = pdf_text(&std::fs::read(dir.join(name)).expect("read"));
        assert!(text.contains(days), "{name}: {text}");
    }
    let end = chrono::DateTime::parse_from_rfc3339("2026-06-14T21:00:00+02:00").expect("time");
    let demo = feltsense::demo::generate(&feltsense::demo::DemoOptions { years: 1, seed: 7, end });
    let demo_options =
        ReportOptions { period_from: NaiveDate::from_ymd_opt(2026, 4, 20).expect("date"), ..options(Lang::Nl, true) };
    let links = [link(), ReportLink { emotion: "anger".into(), region: Region::Jaw, diff_points: -0.9, ..link() }];
    let path = dir.join("report-demo-nl.pdf");
    write_report(&path, &demo, &links, &demo_options).expect("written");
    let text = pdf_text(&std::fs::read(&path).expect("read"));
    let logged =
        demo.iter().filter(|e| (demo_options.period_from..=demo_options.period_to).contains(&e.at.date_naive()));
    let days: std::collections::BTreeSet<NaiveDate> = logged.map(|e| e.at.date_naive()).collect();
    assert!(text.contains(&format!("Dagen met een meting: {} van 56", days.len())), "{text}");
    assert!(text.contains("20 apr – 14 jun 2026"), "{text}");
    assert!(!text.contains("Days logged"), "no English on the Dutch report");
}

#[test]
fn an_empty_period_still_renders_a_readable_report() {
    let pdf = render_report(&[], &[], &options(Lang::En, true)).expect("rendered");
    let text = pdf_text(&pdf);
    assert!(text.contains("Days logged: 0 of 14"), "{text}");
    assert!(text.contains("No tension logged in this period."), "{text}");
    assert!(text.contains("No entries in this period."), "{text}");
    assert!(text.contains("page 3 of 3"), "{text}");
}

#[test]
fn a_note_longer_than_a_page_is_shortened_not_split() {
    let mut e = entry(at(6, 2, 9, 0), &[(Region::Neck, 3)], &[]);
    // 1,500 words of 9 characters: far more lines than a page holds. An emoji the font lacks
    // must not break anything either.
    e.note = format!("{} 🙂 einde", vec!["spanning."; 1500].join(" "));
    e.validate().expect("within the journal's limits");
    let pdf = render_report(&[e], &[], &options(Lang::Nl, true)).expect("rendered");
    let text = pdf_text(&pdf);
    let pages = text.split('\u{c}').filter(|p| !p.trim().is_empty()).count();
    assert_eq!(pages, 4, "page 1, the details, the chart page, and one page for the long row");
    assert!(text.contains("pagina 4 van 4"));
    assert!(text.contains('…'), "the shortened note ends with an ellipsis");
    assert!(!text.contains("einde"), "the end of the note did not fit");
}

/// A personal experiment gets its own page after the summary: question, locked plan, result,
/// verdict and "not a clinical trial", in both languages; one outside the period is left out.
#[test]
fn the_report_has_a_block_for_a_personal_experiment() {
    use feltsense::analysis::experiment::sim::{SimOptions, after_the_end, simulate};
    use feltsense::analysis::experiment::{analyse, text};
    use feltsense::export::pdf::render_report_with;

    let e = simulate(&SimOptions::with_effect(4, -1.5, 1.5)).expect("simulated");
    let now = after_the_end(&e.plan);
    let result = analyse(&e, now);
    let march = ReportOptions {
        period_from: NaiveDate::from_ymd_opt(2026, 3, 1).expect("date"),
        period_to: NaiveDate::from_ymd_opt(2026, 3, 31).expect("date"),
        generated_on: NaiveDate::from_ymd_opt(2026, 4, 1).expect("date"),
        ..options(Lang::En, true)
    };
    let without = pdf_text(&render_report(&journal(), &[], &march).expect("render"));
    for lang in Lang::ALL {
        let o = ReportOptions { lang, ..march.clone() };
        let pdf = render_report_with(&journal(), &[], std::slice::from_ref(&e), &Default::default(), now, &o)
            .expect("render");
        let t = pdf_text(&pdf);
        let flat = t.split_whitespace().collect::<Vec<_>>().join(" ");
        let n = result.numbers.as_ref().expect("a finished experiment has numbers");
        for expected in [
            lang.pick("Personal experiment", "Persoonlijk experiment").to_owned(),
            text::question(&e.plan, lang),
            text::verdict_name(result.verdict, lang).to_owned(),
            text::caveats(lang)[2].to_owned(),
            text::plan_lines(&e.plan, lang)[1].clone(),
        ] {
            let words = expected.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(flat.contains(&words), "{lang:?}: the report lacks {words:?}");
        }
        let days = format!("{} {}", n.target.n, lang.pick("days", "dagen"));
        assert!(flat.contains(&days), "{lang:?}: {days}");
        assert_eq!(t.matches('\u{c}').count(), without.matches('\u{c}').count() + 1, "one page more");
    }
    // Outside the report's period: no block.
    let june = options(Lang::En, true);
    let t = pdf_text(
        &render_report_with(&journal(), &[], std::slice::from_ref(&e), &Default::default(), now, &june)
            .expect("render"),
    );
    assert!(!t.contains("Personal experiment"));
}

/// Page 1 for a ten-minute consult, from a known journal with activities, topics and an
/// appointment: one page, the activities' first and latest scores, the accepted topics (a
/// suggestion in the report's language), never a dismissed or ticked-off one, why the period is
/// what it is, the too-short period named, and "Self-reported; not a diagnosis" on every page.
#[test]
fn page_one_is_built_for_the_consult_in_both_languages() {
    use feltsense::export::pdf::render_report_with;
    use feltsense::model::prep::{
        Activity, ActivityRating, Instrument, PeriodBasis, Prep, Topic, TopicSource, TopicState,
    };

    let mut prep = Prep { reason: "Nekpijn bij computerwerk, vooral 's middags".into(), ..Prep::default() };
    for (name, position, scores) in [("Traplopen", 0, [7, 4]), ("Tillen", 1, [6, 5])] {
        let mut a = Activity::new(name, Instrument::Psk, at(5, 30, 20, 0)).expect("activity");
        a.uid = name.into();
        a.position = position;
        prep.activities.push(a);
        for (week, score) in [(1, scores[0]), (8, scores[1])] {
            prep.ratings.push(ActivityRating {
                activity: name.into(),
                instrument: Instrument::Psk,
                week: NaiveDate::from_ymd_opt(2026, 6, week).expect("monday"),
                at: at(6, week, 20, 0),
                score: lvl(score),
            });
        }
    }
    let topic = |text: &str, state, source| {
        let mut t = Topic::new(text, source, at(6, 12, 9, 0)).expect("topic");
        t.state = state;
        t
    };
    let mut accepted = topic(
        "Neck: average 5.0 in the last 2 weeks",
        TopicState::Open,
        TopicSource::Suggestion("trend:neck:x".into()),
    );
    accepted.text_nl = Some("Nek: gemiddeld 5,0 in de laatste 2 weken".into());
    prep.topics = vec![
        topic("Kaakklemmen 's nachts", TopicState::Open, TopicSource::Own),
        accepted,
        topic("ONTSLAGEN-VOORSTEL", TopicState::Dismissed, TopicSource::Suggestion("signal:x".into())),
        topic("AL-BESPROKEN", TopicState::TickedOff, TopicSource::Own),
    ];
    let since = NaiveDate::from_ymd_opt(2026, 6, 1).expect("date");
    for lang in Lang::ALL {
        let o = ReportOptions { lang, basis: PeriodBasis::SinceAppointment(since), ..options(lang, true) };
        let pdf = render_report_with(&journal(), &[], &[], &prep, Default::default(), &o).expect("rendered");
        let text = pdf_text(&pdf);
        let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
        let page1 = pages[0];
        let flat = page1.split_whitespace().collect::<Vec<_>>().join(" ");
        let expect = |en: &str, nl: &str| {
            let want = lang.pick(en, nl);
            assert!(flat.contains(want), "{lang:?}: page 1 lacks {want:?}:\n{page1}");
        };
        expect("Reason for the visit: Nekpijn bij computerwerk", "Reden van het bezoek: Nekpijn bij computerwerk");
        expect("since the appointment on 1 Jun 2026", "sinds de afspraak van 1 jun 2026");
        expect("Activities that matter (PSK)", "Activiteiten die ertoe doen (PSK)");
        let traplopen = page1.lines().find(|l| l.contains("Traplopen")).expect("the stairs row");
        for cell in [lang.pick("7 (1 Jun)", "7 (1 jun)"), lang.pick("4 (8 Jun)", "4 (8 jun)")] {
            assert!(traplopen.contains(cell), "{lang:?}: {cell} missing in {traplopen:?}");
        }
        assert!(traplopen.contains(lang.pick("−3.0 (better)", "−3,0 (beter)")), "{traplopen:?}");
        assert!(traplopen.trim_end().ends_with(lang.pick("yes", "ja")), "3 points is beyond noise: {traplopen:?}");
        let mean = page1.lines().find(|l| l.contains(lang.pick("Mean of 2", "Gemiddelde van 2"))).expect("mean row");
        assert!(mean.contains(lang.pick("6.5", "6,5")) && mean.contains(lang.pick("4.5", "4,5")), "{mean:?}");
        assert!(mean.trim_end().ends_with(lang.pick("yes", "ja")), "2 points in the mean: {mean:?}");
        expect("1. Kaakklemmen 's nachts", "1. Kaakklemmen 's nachts");
        expect("2. Neck: average 5.0 in the last 2 weeks", "2. Nek: gemiddeld 5,0 in de laatste 2 weken");
        expect("your left", "jouw linkerkant");
        expect("Changed most", "Meest veranderd");
        // Five check-ins cannot carry a link: the page says so and how long a period would need.
        expect("is too short for any link between an emotion and tension", "is te kort voor een verband");
        assert!(!text.contains("ONTSLAGEN-VOORSTEL"), "a dismissed suggestion is nowhere in the report");
        assert!(!text.contains("AL-BESPROKEN"), "a ticked-off topic is not on the report");
        let footer = lang.pick("Self-reported; not a diagnosis", "Zelf gerapporteerd; geen diagnose");
        assert_eq!(text.matches(footer).count(), pages.len(), "on every page");
        // Page 1 is one page: the details start on page 2.
        assert!(pages[1].contains(lang.pick("Details of the period", "Details van de periode")));
    }
}

/// Page 1 stays one page with everything at its most: five activities, a long reason, many long
/// topics. What does not fit is counted, and the last section still ends on page 1.
#[test]
fn a_full_page_one_still_fits_on_one_page() {
    use feltsense::export::pdf::render_report_with;
    use feltsense::model::prep::{Activity, ActivityRating, Instrument, Prep, Topic, TopicSource};

    let mut prep = Prep { reason: "Lang verhaal ".repeat(30).trim().to_owned(), ..Prep::default() };
    for i in 0..5u8 {
        let name = format!("Een activiteit met een vrij lange naam, nummer {i}");
        let mut a = Activity::new(&name, Instrument::Psfs, at(5, 30, 20, 0)).expect("activity");
        a.uid = format!("a{i}");
        a.position = u32::from(i);
        prep.activities.push(a);
        for (week, score) in [(1, 2 + i), (8, 5 + i)] {
            prep.ratings.push(ActivityRating {
                activity: format!("a{i}"),
                instrument: Instrument::Psfs,
                week: NaiveDate::from_ymd_opt(2026, 6, week).expect("monday"),
                at: at(6, week, 20, 0),
                score: lvl(score),
            });
        }
    }
    for i in 0..20 {
        let text = format!("Onderwerp {i}: {}", "een vraag die over twee regels loopt ".repeat(4));
        prep.topics.push(Topic::new(&text, TopicSource::Own, at(6, 12, 9, 0)).expect("topic"));
    }
    let pdf = render_report_with(&journal(), &[link()], &[], &prep, Default::default(), &options(Lang::En, true))
        .expect("rendered");
    if let Some(dir) = std::env::var_os("FELTSENSE_REPORT_DIR") {
        std::fs::write(std::path::Path::new(&dir).join("report-full-page-one.pdf"), &pdf).expect("written");
    }
    let text = pdf_text(&pdf);
    let page1 = text.split('\u{c}').next().expect("page 1");
    let flat = page1.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Mean of 5"), "{page1}");
    assert!(flat.contains("Onderwerp 0:"), "{page1}");
    assert!(flat.contains("more in Feltsense"), "the topics that do not fit are counted: {page1}");
    assert!(flat.contains("Anxiety → Neck (6–24 h): +1.8 points than usual"), "the last section is on page 1: {page1}");
    assert!(flat.contains("Self-reported; not a diagnosis · page 1 of"), "{page1}");
}

#[test]
fn guided_practices_with_nothing_like_them_to_compare_are_not_separable() {
    use feltsense::model::{SessionLink, SessionRole};
    // Four weeks in June: every afternoon two check-ins two hours apart, and a guided breathing
    // practice at 17:00 rated again 3 minutes later. Nothing without a practice is rated that
    // close together, so the report gives the plain change only.
    let mut entries = Vec::new();
    for d in 1..=28 {
        entries.push(entry(at(6, d, 13, 0), &[(Region::Neck, 6)], &[]));
        entries.push(entry(at(6, d, 15, 0), &[(Region::Neck, 5)], &[]));
        let practice = Some(Practice { kind: PracticeKind::Breathing46, minutes: 2 });
        let link = |role| Some(SessionLink { id: format!("s{d}"), role, completed: true });
        let mut before = entry(at(6, d, 17, 0), &[(Region::Neck, 6)], &[]);
        (before.practice, before.session) = (practice, link(SessionRole::Before));
        let mut after = entry(at(6, d, 17, 3), &[(Region::Neck, 4)], &[]);
        (after.practice, after.session) = (practice, link(SessionRole::After));
        entries.extend([before, after]);
    }
    let options = |lang| ReportOptions {
        period_from: NaiveDate::from_ymd_opt(2026, 6, 1).expect("date"),
        period_to: NaiveDate::from_ymd_opt(2026, 6, 28).expect("date"),
        ..options(lang, false)
    };
    let s = summarize(&entries, &options(Lang::En));
    assert_eq!(s.practices[0].adjusted.verdict, feltsense::analysis::relief::ReliefVerdict::CannotCompare);
    // Page 1 (the consult) and page 2 (the details) each have a breathing row: the plain change
    // and "not separable" instead of a comparison.
    for (lang, first, second) in [
        (Lang::En, ["−2.0", "not separable from easing by itself"], ["−2.0", "not separable"]),
        (Lang::Nl, ["−2,0", "niet te scheiden van vanzelf zakken"], ["−2,0", "onscheidbaar"]),
    ] {
        let text = pdf_text(&render_report(&entries, &[], &options(lang)).expect("rendered"));
        let pages: Vec<&str> = text.split('\u{c}').collect();
        for (page, words) in [(pages[0], first), (pages[1], second)] {
            let row = page.lines().find(|l| l.contains("4–6")).expect("breathing row");
            for w in words {
                assert!(row.contains(w), "{w} missing in {row:?}");
            }
        }
    }
}
