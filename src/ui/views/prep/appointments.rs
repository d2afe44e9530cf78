//! Appointments: the reason for the visit, the next appointment, logging one, ticking off the
//! open topics after it, and the period a report covers now.

use egui::RichText;

use super::{PrepView, named_button};
use crate::model::prep::appointment::{default_period, last_before, next_from};
use crate::model::{Lang, dates, text};
use crate::ui::command::{Command, PrepChange};
use crate::ui::views::{ViewCx, labelled_text};

pub(super) fn ui(view: &mut PrepView, ui: &mut egui::Ui, cx: &ViewCx<'_>, cmds: &mut Vec<Command>) {
    let lang = cx.lang;
    let prep = &cx.snapshot.prep;
    let today = cx.now.date_naive();

    // The reason for the visit, in the person's words.
    let saved = prep.reason.clone();
    let reason = view.reason.get_or_insert_with(|| saved.clone());
    let label =
        ui.label(lang.pick("Reason for the visit (in your own words)", "Reden van het bezoek (in je eigen woorden)"));
    ui.add(egui::TextEdit::multiline(reason).desired_rows(2).desired_width(f32::INFINITY).hint_text(
        lang.pick("e.g. Neck pain when I work at the computer", "bijv. Nekpijn als ik achter de computer werk"),
    ))
    .labelled_by(label.id);
    let changed = reason.trim() != saved.trim();
    let too_long = crate::model::prep::check_reason(reason).err();
    if let Some(e) = &too_long {
        ui.colored_label(ui.visuals().error_fg_color, crate::model::Describe::describe(e, lang));
    }
    let save = lang.pick("Save the reason", "Reden bewaren");
    if ui.add_enabled(changed && too_long.is_none() && cx.can_save, egui::Button::new(save)).clicked() {
        cmds.push(Command::Prep(PrepChange::Reason(reason.trim().to_owned())));
    }

    ui.add_space(6.0);
    let dates_list = prep.appointment_dates();
    match next_from(&dates_list, today) {
        Some(d) => ui.label(
            RichText::new(format!(
                "{} {}",
                lang.pick("Next appointment:", "Volgende afspraak:"),
                text::date_full(d, lang)
            ))
            .strong(),
        ),
        None => ui.label(lang.pick("No next appointment logged.", "Geen volgende afspraak vastgelegd.")),
    };
    if let Some(p) = default_period(&dates_list, today) {
        ui.label(format!(
            "{} {} ({})",
            lang.pick("A report made today covers", "Een verslag van vandaag beslaat"),
            text::period(p.from, p.to, lang),
            p.describe(lang)
        ));
    }
    ui.horizontal_wrapped(|ui| {
        labelled_text(
            ui,
            lang.pick("Appointment date", "Datum van de afspraak"),
            &mut view.date_text,
            110.0,
            "2026-11-27",
        );
        let typed = dates::parse_optional(&view.date_text);
        let ok = matches!(typed, Ok(Some(_))) && cx.can_save;
        if ui.add_enabled(ok, egui::Button::new(lang.pick("Log appointment", "Afspraak vastleggen"))).clicked()
            && let Ok(Some(date)) = typed
        {
            cmds.push(Command::Prep(PrepChange::AddAppointment { date, at: cx.now }));
        }
        if ui.button(lang.pick("Today", "Vandaag")).clicked() {
            view.date_text = today.to_string();
        }
        if let Err(e) = typed {
            ui.colored_label(ui.visuals().error_fg_color, crate::model::Describe::describe(&e, lang));
        }
    });
    let open = prep.open_topics().count();
    if open > 0 && last_before(&dates_list, today.succ_opt().unwrap_or(today)).is_some() {
        let label = match lang {
            Lang::En => format!("After the appointment: tick off the {open} open topics"),
            Lang::Nl => format!("Na de afspraak: de {open} open onderwerpen afvinken"),
        };
        if ui.add_enabled(cx.can_save, egui::Button::new(label)).clicked() {
            cmds.push(Command::Prep(PrepChange::TickOffOpen { at: cx.now }));
        }
    }
    if !dates_list.is_empty() {
        ui.add_space(4.0);
        ui.label(RichText::new(lang.pick("Logged appointments", "Vastgelegde afspraken")).strong());
        for d in dates_list.iter().rev() {
            ui.horizontal(|ui| {
                ui.label(text::date_full(*d, lang));
                let name = format!(
                    "{} {}",
                    lang.pick("Remove the appointment of", "Verwijder de afspraak van"),
                    text::date_full(*d, lang)
                );
                if named_button(ui, cx.can_save, lang.pick("Remove", "Verwijderen"), &name).clicked() {
                    cmds.push(Command::Prep(PrepChange::RemoveAppointment(*d)));
                }
            });
        }
    }
}
