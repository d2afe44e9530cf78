//! Page 1 of the report, built for a ten-minute consult: the reason for the visit in the
//! person's words; the activities that matter (PSK or PSFS) first against latest with the change
//! and whether it is more than measurement noise; the body map of the first and of the last weeks
//! of the period with a "your left / your right" legend; the three regions that changed most with
//! their weekly trend; the practices (and a personal experiment's verdict); the topics the person
//! wants to discuss (only open, accepted ones); and one line on the after-an-emotion links, which
//! says when the period is too short for any and which period would have enough. The numbers are
//! in [`VisitSummary`], computed without a PDF so the window and the tests can use them.

use chrono::{NaiveDate, NaiveDateTime};

use super::canvas::{Align, Canvas, Paint};
use super::summary::ReportSummary;
use super::text::{date_long, date_short, num1, period, signed1};
use super::{LEFT, RIGHT, ReportLink, ReportOptions, body, name_and_date, paragraph, section, table};
use crate::analysis::activities::{self, Summary};
use crate::analysis::relief::ReliefVerdict;
use crate::export::report::LinkShortfall;
use crate::model::experiment::Experiment;
use crate::model::prep::{Prep, ReportPeriod, Topic, TopicState};
use crate::model::text::glossary;
use crate::model::{Entry, Lang, Region, emotion_name};

/// The longest stretch at each end of the period the body maps compare, in days.
pub const END_DAYS: i64 = 14;
/// How many regions "changed most" lists.
pub const CHANGED_REGIONS: usize = 3;
/// How many topics page 1 lists (the rest are counted).
pub const MAX_TOPICS: usize = 8;
/// How many practices page 1 lists (most often first).
const MAX_PRACTICES: usize = 4;
/// Where page 1's content must end (the footer's rule is below it).
const PAGE_BOTTOM: f32 = super::canvas::PAGE_H - 15.0;

/// The first or the last days of the period, with each region's mean over their check-ins.
#[derive(Clone, Debug, PartialEq)]
pub struct EndWeeks {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Check-ins in those days.
    pub check_ins: usize,
    /// Mean level per region ([`Region::index`]); `None` without check-ins. A region a check-in
    /// does not rate counts as 0 in it.
    pub means: [Option<f64>; Region::COUNT],
}

/// A region that changed between the first and the last weeks.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionChange {
    /// The region.
    pub region: Region,
    /// Its mean in the first weeks.
    pub first: f64,
    /// Its mean in the last weeks.
    pub last: f64,
    /// Its mean in each week of the period (seven days from its start), `None` without check-ins.
    pub weekly: Vec<Option<f64>>,
}

/// The numbers of page 1 beyond [`ReportSummary`].
#[derive(Clone, Debug, PartialEq)]
pub struct VisitSummary {
    /// Why the period is what it is.
    pub period: ReportPeriod,
    /// The first days of the period.
    pub first: EndWeeks,
    /// The last days of the period.
    pub last: EndWeeks,
    /// Up to [`CHANGED_REGIONS`] regions, the largest change first.
    pub changed: Vec<RegionChange>,
    /// The activities per instrument that has ratings up to the period's end.
    pub activities: Vec<Summary>,
    /// The open topics, in the person's order (dismissed and ticked-off ones are not shown).
    pub topics: Vec<Topic>,
    /// The reason for the visit.
    pub reason: String,
    /// Set when the period is too short for any after-an-emotion link.
    pub shortfall: Option<LinkShortfall>,
}

fn end_weeks(entries: &[Entry], from: NaiveDate, to: NaiveDate) -> EndWeeks {
    let mut sums = [0u32; Region::COUNT];
    let mut n = 0usize;
    for levels in entries.iter().filter(|e| (from..=to).contains(&e.at.date_naive())).filter_map(Entry::levels) {
        n += 1;
        for (s, v) in sums.iter_mut().zip(levels) {
            *s += u32::from(v);
        }
    }
    EndWeeks { from, to, check_ins: n, means: sums.map(|s| (n > 0).then(|| f64::from(s) / n as f64)) }
}

/// Computes page 1's numbers for `period` from the report's `entries`, `summary` and `prep`.
pub fn visit_summary(entries: &[Entry], summary: &ReportSummary, prep: &Prep, period: ReportPeriod) -> VisitSummary {
    let (from, to) = (summary.period_from, summary.period_to);
    let days = (to - from).num_days() + 1;
    // Each end is at most two weeks, and at most half the period, so the two never overlap.
    let span = (days / 2).clamp(1, END_DAYS);
    let first_to = crate::model::dates::days_after(from, span - 1).unwrap_or(from);
    let last_from = crate::model::dates::days_before(to, span - 1).unwrap_or(to);
    let first = end_weeks(entries, from, first_to);
    let last = end_weeks(entries, last_from, to);
    let mut changed: Vec<RegionChange> = Region::ALL
        .iter()
        .filter_map(|&r| {
            let (a, b) = (first.means[r.index()]?, last.means[r.index()]?);
            (crate::model::text::round(b - a, 1) != 0.0).then(|| RegionChange {
                region: r,
                first: a,
                last: b,
                weekly: summary.weeks.iter().map(|w| w.means[r.index()]).collect(),
            })
        })
        .collect();
    changed.sort_by(|a, b| (b.last - b.first).abs().total_cmp(&(a.last - a.first).abs()).then(a.region.cmp(&b.region)));
    changed.truncate(CHANGED_REGIONS);
    let activities = activities::summaries(prep, Some(from), Some(to))
        .into_iter()
        .filter(|s| s.activities.iter().any(|c| c.rated_in_period))
        .collect();
    VisitSummary {
        period,
        first,
        last,
        changed,
        activities,
        topics: prep.topics.iter().filter(|t| t.state == TopicState::Open).cloned().collect(),
        reason: prep.reason.trim().to_owned(),
        shortfall: crate::export::report::link_shortfall(entries, from, to),
    }
}

/// Draws page 1 on `canvas` (its first page).
pub fn draw(
    canvas: &mut Canvas,
    s: &ReportSummary,
    v: &VisitSummary,
    links: &[ReportLink],
    experiments: &[&Experiment],
    now: NaiveDateTime,
    options: &ReportOptions,
) {
    let lang = options.lang;
    let width = RIGHT - LEFT;
    canvas.text(
        LEFT,
        20.0,
        16.0,
        true,
        Align::Left,
        lang.pick("Body tension and emotions", "Spanning in het lichaam en emoties"),
    );
    canvas.text(
        LEFT,
        26.0,
        9.0,
        false,
        Align::Left,
        lang.pick("For the appointment with the physiotherapist", "Voor de afspraak met de fysiotherapeut"),
    );
    name_and_date(canvas, options, lang);
    let info = format!(
        "{}: {} ({} {}; {})   ·   {}: {} {} {}   ·   {}: {}",
        lang.pick("Period", "Periode"),
        period(s.period_from, s.period_to, lang),
        s.days_in_period,
        lang.pick("days", "dagen"),
        v.period.describe(lang),
        glossary::days_logged(lang),
        s.days_logged,
        lang.pick("of", "van"),
        s.days_in_period,
        lang.pick("Check-ins", "Metingen"),
        s.check_ins,
    );
    let mut y = paragraph(canvas, LEFT, 29.5, width, 8.0, false, &info);
    canvas.line((LEFT, y + 1.0), (RIGHT, y + 1.0), 0.3, 0.0, &[]);
    y += 2.5;

    // The reason for the visit, in the person's words.
    if !v.reason.is_empty() {
        let label = lang.pick("Reason for the visit:", "Reden van het bezoek:");
        let lw = canvas.fonts.width(label, 9.0, true) + 1.5;
        canvas.text(LEFT, y + 3.6, 9.0, true, Align::Left, label);
        let lines = canvas.fonts.wrap(&v.reason, 9.0, false, width - lw);
        for (i, line) in lines.iter().take(3).enumerate() {
            // At most three lines: the third ends with "…" when there is more.
            let line = if i == 2 && lines.len() > 3 {
                canvas.fonts.ellipsize(&lines[2..].join(" "), 9.0, false, width - lw)
            } else {
                line.clone()
            };
            canvas.text(LEFT + lw, y + 3.6 + i as f32 * 4.1, 9.0, false, Align::Left, &line);
        }
        y += 4.1 * lines.len().clamp(1, 3) as f32 + 1.0;
    }

    // The activities (PSK / PSFS).
    y = activities_block(canvas, v, lang, y);

    // The body maps of the first and last weeks, and the regions that changed most.
    let map_h = 52.0;
    let gap = 3.0;
    let pair = body::width(map_h, gap);
    let top = section(
        canvas,
        LEFT,
        y + 1.0,
        lang.pick("First and last weeks of the period", "Eerste en laatste weken van de periode"),
    );
    let no_arrows = [""; Region::COUNT];
    for (i, end) in [&v.first, &v.last].into_iter().enumerate() {
        let x = LEFT + i as f32 * (pair + 6.0);
        let title =
            format!("{} ({} {})", period(end.from, end.to, lang), end.check_ins, lang.pick("check-ins", "metingen"));
        let title = canvas.fonts.ellipsize(&title, 7.0, false, pair);
        canvas.text(x + pair / 2.0, top + 1.5, 7.0, false, Align::Center, &title);
        body::draw_means(canvas, &end.means, &no_arrows, lang, (x, top + 7.0, map_h, gap), 5.5);
    }
    let legend_y = top + 7.0 + map_h + 2.0;
    paragraph(
        canvas,
        LEFT,
        legend_y,
        2.0 * pair + 6.0,
        6.5,
        false,
        lang.pick(
            "L = your left, R = your right (the front view faces the reader). Darker = higher mean level, 0–10.",
            "L = jouw linkerkant, R = jouw rechterkant (het vooraanzicht kijkt de lezer aan). Donkerder = hoger gemiddeld niveau, 0–10.",
        ),
    );
    let rx = LEFT + 2.0 * pair + 10.0;
    let rw = RIGHT - rx;
    let mut ry = section(canvas, rx, top - 7.5, lang.pick("Changed most", "Meest veranderd"));
    if v.changed.is_empty() {
        ry = paragraph(
            canvas,
            rx,
            ry,
            rw,
            7.5,
            false,
            lang.pick(
                "No region changed between the first and the last weeks.",
                "Geen gebied veranderde tussen de eerste en de laatste weken.",
            ),
        );
    }
    for c in &v.changed {
        let name = canvas.fonts.ellipsize(c.region.name(lang), 8.0, true, rw);
        canvas.text(rx, ry + 3.4, 8.0, true, Align::Left, &name);
        let line = format!("{} → {} ({})", num1(c.first, lang), num1(c.last, lang), signed1(c.last - c.first, lang));
        canvas.text(rx, ry + 7.2, 8.0, false, Align::Left, &line);
        sparkline(canvas, rx, ry + 8.6, rw, 7.0, &c.weekly);
        ry += 17.5;
    }
    paragraph(
        canvas,
        rx,
        ry,
        rw,
        6.0,
        false,
        lang.pick(
            "First → last weeks; the line: the mean of each week of the period (0–10).",
            "Eerste → laatste weken; de lijn: het gemiddelde van elke week van de periode (0–10).",
        ),
    );
    y = legend_y + 7.0;

    // Practices, and a personal experiment's verdict.
    y = practices_block(canvas, s, experiments, now, lang, y);

    // The topics to discuss, in the room the links line leaves (the rest are counted).
    let line = links_line(links, v, s, lang);
    let reserve = 10.5 + canvas.fonts.wrap(&line, 7.5, false, width).len() as f32 * 7.5 * 0.45;
    let limit = PAGE_BOTTOM - reserve;
    y = section(canvas, LEFT, y + 1.5, lang.pick("Topics to discuss", "Onderwerpen om te bespreken"));
    let topics: Vec<&str> = v.topics.iter().map(|t| t.text(lang)).collect();
    if topics.is_empty() {
        y = paragraph(canvas, LEFT, y, width, 8.0, false, lang.pick("No topics noted.", "Geen onderwerpen genoteerd."));
    }
    let mut shown = 0;
    for (i, t) in topics.iter().enumerate() {
        let lines = canvas.fonts.wrap(t, 8.5, false, width - 6.0);
        let h = 3.9 * lines.len().clamp(1, 2) as f32 + 0.6;
        // Keep a line free for "and N more" unless this is the last topic.
        let room = if i + 1 == topics.len() { limit } else { limit - 4.0 };
        if shown == MAX_TOPICS || y + h > room {
            break;
        }
        canvas.text(LEFT, y + 3.5, 8.5, true, Align::Left, &format!("{}.", i + 1));
        for (j, line) in lines.iter().take(2).enumerate() {
            let fitted = if j == 1 && lines.len() > 2 {
                canvas.fonts.ellipsize(&format!("{line} {}", lines[2..].join(" ")), 8.5, false, width - 6.0)
            } else {
                line.clone()
            };
            canvas.text(LEFT + 6.0, y + 3.5 + j as f32 * 3.9, 8.5, false, Align::Left, &fitted);
        }
        y += h;
        shown += 1;
    }
    if topics.len() > shown {
        let more = topics.len() - shown;
        y = paragraph(
            canvas,
            LEFT,
            y,
            width,
            7.5,
            false,
            &match lang {
                Lang::En => format!("and {more} more in Feltsense"),
                Lang::Nl => format!("en nog {more} in Feltsense"),
            },
        );
    }

    // After an emotion: one line, or why the period is too short.
    y = section(canvas, LEFT, y + 1.5, lang.pick("Tension after emotions", "Spanning na emoties"));
    paragraph(canvas, LEFT, y, width, 7.5, false, &line);
}

fn activities_block(canvas: &mut Canvas, v: &VisitSummary, lang: Lang, mut y: f32) -> f32 {
    if v.activities.is_empty() {
        y = section(canvas, LEFT, y, lang.pick("Activities that matter", "Activiteiten die ertoe doen"));
        return paragraph(
            canvas,
            LEFT,
            y,
            RIGHT - LEFT,
            8.0,
            false,
            lang.pick(
                "No activities scored in this period (PSK or PSFS).",
                "Geen activiteiten gescoord in deze periode (PSK of PSFS).",
            ),
        );
    }
    for (k, sum) in v.activities.iter().enumerate() {
        let i = sum.instrument;
        if k > 0 {
            // An earlier instrument (the person switched): one line, never mixed with the other.
            if let Some(m) = &sum.mean {
                let text = format!(
                    "{} {}: {} → {}, {}",
                    lang.pick("Earlier, on the", "Eerder, met de"),
                    i.short_name(),
                    num1(m.first, lang),
                    num1(m.latest, lang),
                    activities::change_words(i, m.first, m.latest, m.passes(), lang)
                );
                y = paragraph(canvas, LEFT, y, RIGHT - LEFT, 7.0, false, &text);
            }
            continue;
        }
        let title =
            format!("{} ({})", lang.pick("Activities that matter", "Activiteiten die ertoe doen"), i.short_name());
        y = section(canvas, LEFT, y, &title);
        let cols = [
            (lang.pick("Activity", "Activiteit"), 62.0, Align::Left),
            (lang.pick("First", "Eerst"), 22.0, Align::Right),
            (lang.pick("Latest", "Laatst"), 22.0, Align::Right),
            (lang.pick("Change", "Verschil"), 34.0, Align::Right),
            (lang.pick("Beyond noise?", "Meer dan ruis?"), 40.0, Align::Right),
        ];
        let at = |s: activities::Score| {
            format!("{} ({})", crate::model::text::number(s.value, 0, lang), date_short(s.week, lang))
        };
        let mut rows: Vec<Vec<String>> = sum
            .activities
            .iter()
            .take(crate::model::prep::activity::MAX_ACTIVE)
            .map(|c| {
                let retired = if c.activity.retired.is_some() { lang.pick(" (retired)", " (stopgezet)") } else { "" };
                let (first, latest) = (c.first(), c.latest());
                let change = match (first, latest, c.improvement()) {
                    (Some(f), Some(l), Some(_)) => direction(i, f.value, l.value, lang),
                    _ => "–".to_owned(),
                };
                let beyond = match c.improvement() {
                    Some(_) => yes_no(c.passes(), lang).to_owned(),
                    None => lang.pick("one score", "één score").to_owned(),
                };
                vec![
                    format!("{}{retired}", c.activity.name),
                    first.map(at).unwrap_or_default(),
                    if c.series.len() >= 2 { latest.map(at).unwrap_or_default() } else { "–".into() },
                    change,
                    beyond,
                ]
            })
            .collect();
        if let Some(m) = &sum.mean {
            let label = match lang {
                Lang::En => format!("Mean of {}", m.activities),
                Lang::Nl => format!("Gemiddelde van {}", m.activities),
            };
            rows.push(vec![
                label,
                num1(m.first, lang),
                num1(m.latest, lang),
                direction(i, m.first, m.latest, lang),
                yes_no(m.passes(), lang).to_owned(),
            ]);
        }
        y = table(canvas, LEFT, y, &cols, &rows);
        let (lo, hi) = i.anchors(lang);
        let note = format!(
            "{} 0 = {lo}, 10 = {hi} ({}). {} {}",
            i.question(lang),
            i.direction(lang),
            activities::threshold_words(lang),
            lang.pick(
                "First: the first score; latest: the last up to the period's end.",
                "Eerst: de eerste score; laatst: de laatste tot het einde van de periode."
            )
        );
        y = paragraph(canvas, LEFT, y + 1.0, RIGHT - LEFT, 6.5, false, &note);
    }
    y
}

/// "−3.0 (better)" in the instrument's own direction.
fn direction(i: crate::model::prep::Instrument, first: f64, latest: f64, lang: Lang) -> String {
    let d = i.improvement(first, latest);
    let word = if crate::model::text::round(d, 1) == 0.0 {
        lang.pick("same", "gelijk")
    } else if d > 0.0 {
        lang.pick("better", "beter")
    } else {
        lang.pick("worse", "slechter")
    };
    format!("{} ({word})", signed1(latest - first, lang))
}

fn yes_no(b: bool, lang: Lang) -> &'static str {
    if b { lang.pick("yes", "ja") } else { lang.pick("no", "nee") }
}

/// A small line of the weekly means (gaps where a week has no check-in), with a faint baseline.
fn sparkline(canvas: &mut Canvas, x: f32, y: f32, w: f32, h: f32, values: &[Option<f64>]) {
    canvas.line((x, y + h), (x + w, y + h), 0.1, 0.6, &[]);
    if values.is_empty() {
        return;
    }
    let step = if values.len() > 1 { w / (values.len() - 1) as f32 } else { 0.0 };
    let point = |i: usize, v: f64| (x + step * i as f32, y + h - (v.clamp(0.0, 10.0) as f32 / 10.0) * h);
    let mut run: Vec<(f32, f32)> = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => run.push(point(i, *v)),
            None => {
                if run.len() > 1 {
                    canvas.polyline(&run, 0.35, 0.0, &[]);
                }
                run.clear();
            }
        }
    }
    if run.len() > 1 {
        canvas.polyline(&run, 0.35, 0.0, &[]);
    }
    for (i, v) in values.iter().enumerate() {
        if let Some(v) = v {
            let (px, py) = point(i, *v);
            canvas.ellipse(px, py, 0.45, 0.45, Paint::fill(0.0));
        }
    }
}

fn practices_block(
    canvas: &mut Canvas,
    s: &ReportSummary,
    experiments: &[&Experiment],
    now: NaiveDateTime,
    lang: Lang,
    y: f32,
) -> f32 {
    let mut y = section(canvas, LEFT, y, lang.pick("Practices", "Oefeningen"));
    if s.practices.is_empty() {
        y = paragraph(
            canvas,
            LEFT,
            y,
            RIGHT - LEFT,
            8.0,
            false,
            lang.pick("No practices logged in this period.", "Geen oefeningen vastgelegd in deze periode."),
        );
    } else {
        let rows: Vec<Vec<String>> = s
            .practices
            .iter()
            .take(MAX_PRACTICES)
            .map(|p| {
                let a = &p.adjusted;
                let adjusted = match (a.verdict, a.effect, a.low, a.high) {
                    (v, Some(e), Some(lo), Some(hi)) if v.has_effect() => {
                        format!(
                            "{} ({} – {}, n = {})",
                            signed1(e, lang),
                            signed1(lo, lang),
                            signed1(hi, lang),
                            a.n_pairs
                        )
                    }
                    (ReliefVerdict::CannotCompare, ..) => lang
                        .pick("not separable from easing by itself", "niet te scheiden van vanzelf zakken")
                        .to_owned(),
                    _ => lang.pick("not yet", "nog niet").to_owned(),
                };
                vec![
                    p.kind.name(lang).to_owned(),
                    p.count.to_string(),
                    p.mean_change.map(|c| signed1(c, lang)).unwrap_or_else(|| "–".into()),
                    adjusted,
                ]
            })
            .collect();
        let cols = [
            (lang.pick("Practice", "Oefening"), 46.0, Align::Left),
            (lang.pick("Times", "Keer"), 14.0, Align::Right),
            (glossary::plain_change(lang), 36.0, Align::Right),
            (lang.pick("Compared with similar moments", "Vergeleken met vergelijkbare momenten"), 84.0, Align::Right),
        ];
        y = table(canvas, LEFT, y, &cols, &rows);
        y = paragraph(
            canvas,
            LEFT,
            y + 0.8,
            RIGHT - LEFT,
            6.5,
            false,
            lang.pick(
                "Points of tension, negative = eased; the comparison allows for tension coming down by itself over the same time apart (95 % interval, n pairs; details on page 2); \"not separable\": no moments without a practice rated as far apart to compare with. An association, not proof of cause.",
                "Punten spanning, negatief = minder; de vergelijking houdt rekening met spanning die in dezelfde tijd vanzelf zakt (95 %-interval, n paren; details op pagina 2); \"niet te scheiden\": geen momenten zonder oefening die even ver uit elkaar zijn gemeten. Een verband, geen bewijs van oorzaak.",
            ),
        );
    }
    for e in experiments.iter().rev().take(2) {
        let r = crate::analysis::experiment::analyse(e, now);
        let line = format!(
            "{}: {} {}",
            lang.pick("Personal experiment", "Persoonlijk experiment"),
            crate::analysis::experiment::text::question(&e.plan, lang),
            crate::analysis::experiment::text::verdict_name(r.verdict, lang)
        );
        y = paragraph(canvas, LEFT, y + 0.5, RIGHT - LEFT, 7.5, false, &line);
    }
    y
}

/// The one line about after-an-emotion links.
fn links_line(links: &[ReportLink], v: &VisitSummary, s: &ReportSummary, lang: Lang) -> String {
    if let Some(l) = links.first() {
        let more = links.len() - 1;
        return match lang {
            Lang::En => format!(
                "{} → {} ({}): {} points than usual (n = {} times on {} days, {} check-ins){}. An association, not proof of cause; details on page 2.",
                emotion_name(&l.emotion, lang),
                l.region.name(lang),
                l.window_label,
                signed1(l.diff_points, lang),
                l.n_events,
                l.n_days,
                l.n_checkins,
                if more > 0 { format!(", and {more} more") } else { String::new() }
            ),
            Lang::Nl => format!(
                "{} → {} ({}): {} punten t.o.v. gewoonlijk (n = {} keer op {} dagen, {} metingen){}. Een verband, geen bewijs van oorzaak; details op pagina 2.",
                emotion_name(&l.emotion, lang),
                l.region.name(lang),
                l.window_label,
                signed1(l.diff_points, lang),
                l.n_events,
                l.n_days,
                l.n_checkins,
                if more > 0 { format!(", en nog {more}") } else { String::new() }
            ),
        };
    }
    let Some(short) = v.shortfall else {
        return lang
            .pick(
                "No link between an emotion and a region is clear enough to report for this period (page 2).",
                "Geen verband tussen een emotie en een gebied is duidelijk genoeg om voor deze periode te melden (pagina 2).",
            )
            .to_owned();
    };
    let need = lang.pick(
        "at least 10 times one emotion (intensity 5 or more) on 7 different days, each followed by check-ins within 48 hours",
        "minstens 10 keer één emotie (intensiteit 5 of meer) op 7 verschillende dagen, telkens gevolgd door metingen binnen 48 uur",
    );
    let days = s.days_in_period;
    match (short.enough_from, lang) {
        (Some(d), Lang::En) => format!(
            "This period ({days} days) is too short for any link between an emotion and tension: the analysis needs {need}. A period from {} to {} ({} days) would have enough.",
            date_long(d, lang),
            date_long(s.period_to, lang),
            (s.period_to - d).num_days() + 1
        ),
        (Some(d), Lang::Nl) => format!(
            "Deze periode ({days} dagen) is te kort voor een verband tussen een emotie en spanning: de analyse heeft {need} nodig. Een periode van {} tot en met {} ({} dagen) zou genoeg hebben.",
            date_long(d, lang),
            date_long(s.period_to, lang),
            (s.period_to - d).num_days() + 1
        ),
        (None, Lang::En) => format!(
            "This period ({days} days) is too short for any link between an emotion and tension: the analysis needs {need}. Even from {} on, the journal does not have that yet.",
            date_long(short.searched_from, lang)
        ),
        (None, Lang::Nl) => format!(
            "Deze periode ({days} dagen) is te kort voor een verband tussen een emotie en spanning: de analyse heeft {need} nodig. Zelfs vanaf {} heeft het dagboek dat nog niet.",
            date_long(short.searched_from, lang)
        ),
    }
}
