//! The activities that matter: the first setup, the weekly scores, first against latest, the
//! chart, and retiring or adding one.

use egui::RichText;
use egui_plot::{Legend, Line, Plot, PlotPoints, Points};

use super::{PrepView, named_button};
use crate::analysis::activities::{self, Summary, change_words, threshold_words};
use crate::analysis::common::days_since_epoch;
use crate::model::prep::activity::{MAX_ACTIVE, SUGGESTED_ACTIVITIES, week_of};
use crate::model::prep::{Activity, Instrument};
use crate::model::{Lang, Level, text};
use crate::ui::command::{Command, PrepChange};
use crate::ui::palette::activity_series_color;
use crate::ui::views::{ViewCx, labelled_text};

pub(super) fn ui(view: &mut PrepView, ui: &mut egui::Ui, cx: &ViewCx<'_>, cmds: &mut Vec<Command>) {
    let prep = &cx.snapshot.prep;
    match prep.instrument() {
        None => setup(view, ui, cx, cmds),
        Some(instrument) => {
            let active: Vec<Activity> = prep.active().cloned().collect();
            scale_lines(ui, instrument, cx.lang);
            weekly(view, ui, cx, &active, cmds);
            ui.add_space(6.0);
            summaries(ui, cx);
            ui.add_space(6.0);
            manage(view, ui, cx, &active, instrument, cmds);
        }
    }
}

/// The instrument's question and what 0 and 10 mean.
fn scale_lines(ui: &mut egui::Ui, i: Instrument, lang: Lang) {
    let (lo, hi) = i.anchors(lang);
    ui.label(RichText::new(i.full_name(lang)).strong());
    ui.label(i.question(lang));
    ui.weak(format!("0 = {lo}; 10 = {hi} ({})", i.direction(lang)));
}

fn setup(view: &mut PrepView, ui: &mut egui::Ui, cx: &ViewCx<'_>, cmds: &mut Vec<Command>) {
    let lang = cx.lang;
    ui.label(lang.pick(
        "Name 3 (up to 5) activities your complaint makes hard, in your own words: things that matter to you and that you do every week. You score them once a week; your physiotherapist reads the change.",
        "Noem 3 (hoogstens 5) activiteiten die je klacht moeilijk maakt, in je eigen woorden: dingen die belangrijk voor je zijn en die je elke week doet. Je scoort ze één keer per week; je fysiotherapeut leest de verandering.",
    ));
    let chosen = view.instrument.unwrap_or_else(|| Instrument::default_for(lang));
    ui.horizontal_wrapped(|ui| {
        ui.label(lang.pick("Instrument:", "Meetinstrument:"));
        for i in Instrument::ALL {
            if ui.radio(chosen == i, i.full_name(lang)).clicked() {
                view.instrument = Some(i);
            }
        }
    });
    scale_lines(ui, chosen, lang);
    for (n, name) in view.names.iter_mut().enumerate() {
        let label = format!("{} {}", lang.pick("Activity", "Activiteit"), n + 1);
        let hint = lang.pick("e.g. Climbing the stairs at work", "bijv. De trap op lopen op mijn werk");
        labelled_text(ui, &label, name, 320.0, if n == 0 { hint } else { "" });
    }
    let names: Vec<String> = view.names.iter().map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()).collect();
    if names.len() < SUGGESTED_ACTIVITIES {
        ui.weak(lang.pick(
            "The instrument asks for 3; fewer is fine when fewer matter.",
            "Het meetinstrument vraagt er 3; minder mag als er minder belangrijk zijn.",
        ));
    }
    let label = lang.pick("Start scoring", "Begin met scoren");
    if ui.add_enabled(!names.is_empty() && cx.can_save, egui::Button::new(label)).clicked() {
        cmds.push(Command::Prep(PrepChange::AddActivities { names, instrument: chosen, at: cx.now }));
    }
}

fn weekly(view: &mut PrepView, ui: &mut egui::Ui, cx: &ViewCx<'_>, active: &[Activity], cmds: &mut Vec<Command>) {
    let lang = cx.lang;
    let prep = &cx.snapshot.prep;
    let today = cx.now.date_naive();
    let monday = week_of(today);
    ui.add_space(4.0);
    ui.label(
        RichText::new(match lang {
            Lang::En => format!("This week (from {})", text::date_weekday(monday, lang)),
            Lang::Nl => format!("Deze week (vanaf {})", text::date_weekday(monday, lang)),
        })
        .strong(),
    );
    if prep.rated_in_week_of(today) {
        ui.label(lang.pick(
            "Scored this week. Scoring again replaces this week's scores.",
            "Deze week gescoord. Opnieuw scoren vervangt de scores van deze week.",
        ));
    }
    for a in active {
        let this_week = prep.ratings_of(&a.uid).find(|r| r.week == monday).map(|r| r.score);
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&a.name).strong());
            let chosen = view.scores.get(&a.uid).copied().or(this_week);
            for v in 0..=10u8 {
                let selected = chosen.is_some_and(|c| c.get() == v);
                let resp = ui.add(egui::Button::selectable(selected, v.to_string()));
                let name = format!("{}: {v}", a.name);
                resp.widget_info(|| egui::WidgetInfo::selected(egui::accesskit::Role::Button, true, selected, &name));
                if resp.clicked()
                    && let Some(level) = Level::new(v)
                {
                    view.scores.insert(a.uid.clone(), level);
                }
            }
        });
    }
    let scores: Vec<(String, Level)> =
        active.iter().filter_map(|a| view.scores.get(&a.uid).map(|l| (a.uid.clone(), *l))).collect();
    let label = lang.pick("Save this week's scores", "Scores van deze week bewaren");
    if ui.add_enabled(!scores.is_empty() && cx.can_save, egui::Button::new(label)).clicked() {
        cmds.push(Command::Prep(PrepChange::Rate { scores, week: today, at: cx.now }));
    }
}

fn summaries(ui: &mut egui::Ui, cx: &ViewCx<'_>) {
    let lang = cx.lang;
    let prep = &cx.snapshot.prep;
    let all = activities::summaries(prep, None, Some(cx.now.date_naive()));
    if all.is_empty() {
        ui.weak(lang.pick("No scores yet.", "Nog geen scores."));
        return;
    }
    for s in &all {
        if Some(s.instrument) != prep.instrument() {
            ui.label(
                RichText::new(match lang {
                    Lang::En => format!(
                        "Earlier, on the {} (not compared with the {})",
                        s.instrument.short_name(),
                        prep.instrument().map_or("", Instrument::short_name)
                    ),
                    Lang::Nl => format!(
                        "Eerder, met de {} (niet vergeleken met de {})",
                        s.instrument.short_name(),
                        prep.instrument().map_or("", Instrument::short_name)
                    ),
                })
                .strong(),
            );
        }
        let mut lines = Vec::new();
        for c in &s.activities {
            let retired = if c.activity.retired.is_some() { lang.pick(" (retired)", " (stopgezet)") } else { "" };
            let line = match (c.first(), c.latest(), c.improvement()) {
                (Some(f), Some(l), Some(_)) => format!(
                    "{}{retired}: {} {} ({}), {} {} ({}): {}",
                    c.activity.name,
                    lang.pick("first", "eerst"),
                    text::number(f.value, 0, lang),
                    text::date_short(f.week, lang),
                    lang.pick("latest", "laatst"),
                    text::number(l.value, 0, lang),
                    text::date_short(l.week, lang),
                    change_words(s.instrument, f.value, l.value, c.passes(), lang)
                ),
                (Some(f), _, _) => format!(
                    "{}{retired}: {} {} ({})",
                    c.activity.name,
                    lang.pick("one score", "één score"),
                    text::number(f.value, 0, lang),
                    text::date_short(f.week, lang)
                ),
                _ => continue,
            };
            ui.label(&line);
            lines.push(line);
        }
        if let Some(m) = &s.mean {
            let line = match lang {
                Lang::En => format!(
                    "Mean of {} activities: from {} to {}: {}",
                    m.activities,
                    text::number(m.first, 1, lang),
                    text::number(m.latest, 1, lang),
                    change_words(s.instrument, m.first, m.latest, m.passes(), lang)
                ),
                Lang::Nl => format!(
                    "Gemiddelde van {} activiteiten: van {} naar {}: {}",
                    m.activities,
                    text::number(m.first, 1, lang),
                    text::number(m.latest, 1, lang),
                    change_words(s.instrument, m.first, m.latest, m.passes(), lang)
                ),
            };
            ui.label(RichText::new(&line).strong());
            lines.push(line);
        }
        ui.weak(threshold_words(lang));
        chart(ui, s, lang, &lines);
    }
}

/// One line per activity and the mean (thick), week by week, on 0–10; a named figure whose
/// description is the summary above it.
fn chart(ui: &mut egui::Ui, s: &Summary, lang: Lang, lines: &[String]) {
    if s.weekly_means.len() < 2 {
        return;
    }
    let dark = ui.visuals().dark_mode;
    let mean_color = ui.visuals().strong_text_color();
    let x = |d: chrono::NaiveDate| days_since_epoch(d) as f64;
    let series: Vec<(String, Vec<[f64; 2]>)> = s
        .activities
        .iter()
        .map(|c| (c.activity.name.clone(), c.series.iter().map(|p| [x(p.week), p.value]).collect()))
        .collect();
    let mean: Vec<[f64; 2]> = s.weekly_means.iter().map(|(w, m, _)| [x(*w), *m]).collect();
    let mean_name = lang.pick("Mean", "Gemiddelde");
    let plot = Plot::new(("prep_chart", s.instrument.code()))
        .height(180.0)
        .legend(Legend::default())
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .include_y(0.0)
        .include_y(10.0)
        .x_grid_spacer(crate::ui::views::insights::date_marks)
        .x_axis_formatter(move |mark, range| {
            crate::ui::views::insights::axis_date(mark.value, range.end() - range.start(), lang)
        })
        .show(ui, |plot| {
            for (i, (name, points)) in series.iter().enumerate() {
                let color = activity_series_color(i, dark);
                plot.line(Line::new(name.as_str(), PlotPoints::from(points.clone())).color(color).width(1.5));
                plot.points(Points::new(name.as_str(), PlotPoints::from(points.clone())).color(color).radius(2.5));
            }
            plot.line(Line::new(mean_name, PlotPoints::from(mean.clone())).color(mean_color).width(3.0));
        });
    let name = match lang {
        Lang::En => format!("{} scores chart", s.instrument.short_name()),
        Lang::Nl => format!("Grafiek {}-scores", s.instrument.short_name()),
    };
    let description = lines.join(". ");
    ui.ctx().accesskit_node_builder(plot.response.id, |node| {
        node.set_role(egui::accesskit::Role::Figure);
        node.set_label(name);
        node.set_description(description);
    });
}

fn manage(
    view: &mut PrepView,
    ui: &mut egui::Ui,
    cx: &ViewCx<'_>,
    active: &[Activity],
    instrument: Instrument,
    cmds: &mut Vec<Command>,
) {
    let lang = cx.lang;
    if active.len() < MAX_ACTIVE {
        ui.horizontal_wrapped(|ui| {
            labelled_text(ui, lang.pick("Another activity", "Nog een activiteit"), &mut view.new_activity, 260.0, "");
            let ok = !view.new_activity.trim().is_empty() && cx.can_save;
            if ui.add_enabled(ok, egui::Button::new(lang.pick("Add", "Toevoegen"))).clicked() {
                cmds.push(Command::Prep(PrepChange::AddActivities {
                    names: vec![view.new_activity.trim().to_owned()],
                    instrument,
                    at: cx.now,
                }));
            }
        });
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(
            lang.pick("Retire an activity (its scores are kept):", "Een activiteit stopzetten (de scores blijven):"),
        );
        for a in active {
            let name = format!("{} {}", lang.pick("Retire:", "Stopzetten:"), a.name);
            if named_button(ui, cx.can_save, &a.name, &name).clicked() {
                view.confirm_retire = Some(a.uid.clone());
            }
        }
    });
    if let Some(uid) = view.confirm_retire.clone()
        && let Some(a) = active.iter().find(|a| a.uid == uid)
    {
        ui.horizontal_wrapped(|ui| {
            ui.label(match lang {
                Lang::En => format!("Retire \"{}\"? Its scores are kept; it takes no new ones.", a.name),
                Lang::Nl => format!("\"{}\" stopzetten? De scores blijven bewaard; er komen geen nieuwe bij.", a.name),
            });
            if ui.button(lang.pick("Retire", "Stopzetten")).clicked() {
                cmds.push(Command::Prep(PrepChange::Retire { uid: uid.clone(), at: cx.now }));
            }
            if ui.button(lang.pick("Cancel", "Annuleren")).clicked() {
                view.confirm_retire = None;
            }
        });
    }
    {
        ui.weak(lang.pick(
            "To switch to the other instrument, retire every activity and name new ones: scores of the two are never compared.",
            "Om over te stappen op het andere meetinstrument zet je alle activiteiten stop en noem je nieuwe: scores van de twee worden nooit vergeleken.",
        ));
    }
}
