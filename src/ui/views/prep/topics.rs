//! Topics to discuss: a free line, the list in the person's order, and the suggestions.

use egui::RichText;

use super::{PrepView, named_button};
use crate::analysis::suggest::Suggestion;
use crate::model::prep::{Topic, TopicSource, TopicState};
use crate::model::{Lang, text};
use crate::ui::command::{Command, PrepChange};
use crate::ui::views::{ViewCx, labelled_text};

pub(super) fn ui(
    view: &mut PrepView,
    ui: &mut egui::Ui,
    cx: &ViewCx<'_>,
    suggested: Option<&[Suggestion]>,
    cmds: &mut Vec<Command>,
) {
    let lang = cx.lang;
    let prep = &cx.snapshot.prep;
    ui.horizontal_wrapped(|ui| {
        let resp = labelled_text(
            ui,
            lang.pick("New topic", "Nieuw onderwerp"),
            &mut view.new_topic,
            380.0,
            lang.pick("What do you want to ask or tell?", "Wat wil je vragen of vertellen?"),
        );
        let enter = resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let ok = !view.new_topic.trim().is_empty() && cx.can_save;
        if (ui.add_enabled(ok, egui::Button::new(lang.pick("Add topic", "Onderwerp toevoegen"))).clicked()
            || enter && ok)
            && let Ok(t) = Topic::new(&view.new_topic, TopicSource::Own, cx.now)
        {
            cmds.push(Command::Prep(PrepChange::AddTopic(t)));
        }
    });
    let open: Vec<&Topic> = prep.open_topics().collect();
    if open.is_empty() {
        ui.weak(lang.pick("No topics yet.", "Nog geen onderwerpen."));
    }
    for (i, t) in open.iter().enumerate() {
        let words = t.text(lang);
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("{}.", i + 1)).strong());
            ui.label(words);
            ui.weak(format!("({})", t.source.name(lang)));
            let up = format!("{} {words}", lang.pick("Move up:", "Omhoog:"));
            if named_button(ui, i > 0 && cx.can_save, lang.pick("Up", "Omhoog"), &up).clicked() {
                cmds.push(Command::Prep(PrepChange::MoveTopic { uid: t.uid.clone(), to: i - 1 }));
            }
            let down = format!("{} {words}", lang.pick("Move down:", "Omlaag:"));
            if named_button(ui, i + 1 < open.len() && cx.can_save, lang.pick("Down", "Omlaag"), &down).clicked() {
                cmds.push(Command::Prep(PrepChange::MoveTopic { uid: t.uid.clone(), to: i + 1 }));
            }
            let tick = format!("{} {words}", lang.pick("Tick off:", "Afvinken:"));
            if named_button(ui, cx.can_save, lang.pick("Tick off", "Afvinken"), &tick).clicked() {
                let change = PrepChange::TopicState { uid: t.uid.clone(), state: TopicState::TickedOff, at: cx.now };
                cmds.push(Command::Prep(change));
            }
            let drop = format!("{} {words}", lang.pick("Dismiss:", "Afwijzen:"));
            if named_button(ui, cx.can_save, lang.pick("Dismiss", "Afwijzen"), &drop).clicked() {
                let change = PrepChange::TopicState { uid: t.uid.clone(), state: TopicState::Dismissed, at: cx.now };
                cmds.push(Command::Prep(change));
            }
        });
    }

    ui.add_space(6.0);
    ui.label(RichText::new(lang.pick("Suggested from your journal", "Voorgesteld uit je dagboek")).strong());
    ui.weak(lang.pick(
        "What the journal holds, in plain words; not what it means. Nothing goes into the report unless you accept it.",
        "Wat het dagboek laat zien, in gewone woorden; niet wat het betekent. Niets komt in het verslag tenzij je het aanneemt.",
    ));
    match suggested {
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.weak(lang.pick("Looking through the journal…", "Het dagboek wordt doorgelopen…"));
            });
        }
        Some([]) => {
            ui.weak(lang.pick("No suggestions now.", "Nu geen voorstellen."));
        }
        Some(list) => {
            for s in list {
                let words = s.text(lang);
                ui.horizontal_wrapped(|ui| {
                    ui.label(&words);
                    let accept = format!("{} {words}", lang.pick("Accept:", "Aannemen:"));
                    if named_button(ui, cx.can_save, lang.pick("Accept", "Aannemen"), &accept).clicked() {
                        cmds.push(Command::Prep(PrepChange::AddTopic(topic_from(s, TopicState::Open, cx))));
                    }
                    let dismiss = format!("{} {words}", lang.pick("Dismiss:", "Afwijzen:"));
                    if named_button(ui, cx.can_save, lang.pick("Dismiss", "Afwijzen"), &dismiss).clicked() {
                        cmds.push(Command::Prep(PrepChange::AddTopic(topic_from(s, TopicState::Dismissed, cx))));
                    }
                });
            }
        }
    }

    let closed: Vec<&Topic> = prep.topics.iter().filter(|t| t.state != TopicState::Open).collect();
    if !closed.is_empty() {
        egui::CollapsingHeader::new(match lang {
            Lang::En => format!("Ticked off and dismissed ({})", closed.len()),
            Lang::Nl => format!("Afgevinkt en afgewezen ({})", closed.len()),
        })
        .id_salt("prep_closed_topics")
        .show(ui, |ui| {
            for t in closed.iter().rev() {
                let words = t.text(lang);
                ui.horizontal_wrapped(|ui| {
                    let when = t.closed.map(|c| text::date_short(cx.zone.day(&c), lang)).unwrap_or_default();
                    ui.label(format!("{words} ({}, {when})", t.state.name(lang)));
                    let again = format!("{} {words}", lang.pick("Open again:", "Weer openen:"));
                    if named_button(ui, cx.can_save, lang.pick("Open again", "Weer openen"), &again).clicked() {
                        let change = PrepChange::TopicState { uid: t.uid.clone(), state: TopicState::Open, at: cx.now };
                        cmds.push(Command::Prep(change));
                    }
                });
            }
        });
    }
}

/// The topic an accepted (or dismissed) suggestion becomes: its words in both languages, its key
/// as the source, so it is not suggested again for this period.
pub fn topic_from(s: &Suggestion, state: TopicState, cx: &ViewCx<'_>) -> Topic {
    Topic {
        uid: crate::model::new_uid(),
        text: s.text(Lang::En),
        text_nl: Some(s.text(Lang::Nl)),
        position: 0,
        source: s.source(),
        state,
        created: cx.now,
        closed: (state != TopicState::Open).then_some(cx.now),
    }
}
