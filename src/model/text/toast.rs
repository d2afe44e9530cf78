//! What the window's toasts say, in English and Dutch: one place for the wording of every
//! "Saved.", "Entry … deleted." and "The journal is not open …". Each is a [`Message`], worded
//! when the toast is drawn, so a toast that arrived in English reads in Dutch after a switch.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use super::Message;
use super::time::Zone;
use crate::model::Lang;

/// When an entry was felt, as toasts and the Journal's row buttons name it, on the person's clock
/// (`zone`): "Tue 3 Mar 2026 14:05", or "Tue 3 Mar 2026 13:05 (14:05 UTC+01:00)" when the entry's
/// own offset differs ([`super::time::when`]).
pub fn entry_when(at: &DateTime<FixedOffset>, zone: Zone, lang: Lang) -> String {
    super::time::when(at, zone, lang)
}

/// "Saved." or, for an edit, "Changes saved."
pub fn saved(editing: bool) -> Message {
    if editing {
        Message::fixed("Changes saved.", "Wijzigingen bewaard.")
    } else {
        Message::fixed("Saved.", "Bewaard.")
    }
}

/// "Entry of Tue 3 Mar 2026 14:05 deleted." (with Undo).
pub fn entry_deleted(at: DateTime<FixedOffset>, zone: Zone) -> Message {
    Message::from_fn(move |lang| match lang {
        Lang::En => format!("Entry of {} deleted.", entry_when(&at, zone, lang)),
        Lang::Nl => format!("Meting van {} verwijderd.", entry_when(&at, zone, lang)),
    })
}

/// "Entry of Tue 3 Mar 2026 14:05 restored."
pub fn entry_restored(at: DateTime<FixedOffset>, zone: Zone) -> Message {
    Message::from_fn(move |lang| match lang {
        Lang::En => format!("Entry of {} restored.", entry_when(&at, zone, lang)),
        Lang::Nl => format!("Meting van {} teruggezet.", entry_when(&at, zone, lang)),
    })
}

/// "Same as last time" found nothing.
pub fn no_earlier_check_in() -> Message {
    Message::fixed("There is no earlier check-in yet.", "Er is nog geen eerdere meting.")
}

/// "Entries imported: 12"
pub fn entries_imported(n: usize) -> Message {
    Message::from_fn(move |lang| format!("{} {n}", lang.pick("Entries imported:", "Metingen geïmporteerd:")))
}

/// An import was undone.
pub fn import_undone() -> Message {
    Message::fixed("Import undone.", "Import ongedaan gemaakt.")
}

/// "Backed up to /path/journal-….sqlite"
pub fn backed_up(to: PathBuf) -> Message {
    Message::from_fn(move |lang| format!("{} {}", lang.pick("Backed up to", "Back-up gemaakt in"), to.display()))
}

/// "Backup restored (7 entries). The journal as it was is kept in …"
pub fn backup_restored(entries: usize, kept: Option<PathBuf>) -> Message {
    Message::from_fn(move |lang| {
        let mut text = format!(
            "{} ({entries} {}).",
            lang.pick("Backup restored", "Back-up teruggezet"),
            lang.pick("entries", "metingen")
        );
        if let Some(k) = &kept {
            text.push_str(&format!(
                " {} {}",
                lang.pick("The journal as it was is kept in", "Het dagboek zoals het was, staat in"),
                k.display()
            ));
        }
        text
    })
}

/// The passphrase was set, changed or removed ("Done. 3 backups were converted too.").
pub fn passphrase_changed(backups_converted: usize) -> Message {
    Message::from_fn(move |lang| {
        let mut text = lang.pick("Done.", "Gelukt.").to_owned();
        if backups_converted > 0 {
            text.push_str(&format!(
                " {backups_converted} {}.",
                lang.pick("backups were converted too", "back-ups zijn ook omgezet")
            ));
        }
        text
    })
}

/// Some backups did not open with the current passphrase and keep their old one.
pub fn backups_keep_their_passphrase(kept: usize) -> Message {
    Message::from_fn(move |lang| {
        format!(
            "{kept} {}",
            lang.pick(
                "backups keep their old passphrase (they did not open with the current one).",
                "back-ups houden hun oude wachtwoord (ze gingen niet open met het huidige)."
            )
        )
    })
}

/// Today's backup failed: "Today's backup could not be made: …".
pub fn daily_backup_failed(why: Message) -> Message {
    why.after("Today's backup could not be made:", "De back-up van vandaag is niet gelukt:")
}

/// A save was asked for while no journal is open.
pub fn not_open_nothing_saved() -> Message {
    Message::fixed("The journal is not open, so nothing was saved.", "Het dagboek is niet open; er is niets bewaard.")
}

/// An import was asked for while no journal is open.
pub fn not_open_nothing_imported() -> Message {
    Message::fixed(
        "The journal is not open, so nothing was imported.",
        "Het dagboek is niet open; er is niets geïmporteerd.",
    )
}

/// The effects thread is gone.
pub fn files_thread_stopped() -> Message {
    Message::fixed(
        "The part of Feltsense that writes files stopped; nothing was written.",
        "Het deel van Feltsense dat bestanden schrijft, is gestopt; er is niets geschreven.",
    )
}

/// One effect stopped unexpectedly (a bug): "This stopped unexpectedly; nothing was written. (export)".
pub fn effect_stopped(what: &'static str) -> Message {
    Message::from_fn(move |lang| {
        format!(
            "{} ({what})",
            lang.pick(
                "This stopped unexpectedly; nothing was written.",
                "Dit stopte onverwacht; er is niets geschreven."
            )
        )
    })
}

/// "Open folder" failed.
pub fn folder_not_opened(dir: &Path, e: std::io::Error) -> Message {
    let dir = dir.to_path_buf();
    Message::from_fn(move |lang| {
        format!(
            "{} {} ({})",
            lang.pick("The folder could not be opened:", "De map kon niet worden geopend:"),
            dir.display(),
            super::io_error(&e, lang)
        )
    })
}

/// A personal experiment was started.
pub fn experiment_started() -> Message {
    Message::fixed("Experiment started. The plan is locked.", "Experiment gestart. Het plan ligt vast.")
}

/// A rating of an experiment's moment was saved (`first`: the blind one before the arm is shown).
pub fn experiment_rated(first: bool) -> Message {
    if first {
        Message::fixed("First rating saved.", "Eerste beoordeling bewaard.")
    } else {
        Message::fixed("Second rating saved.", "Tweede beoordeling bewaard.")
    }
}

/// A personal experiment was stopped.
pub fn experiment_stopped() -> Message {
    Message::fixed("Experiment stopped; its ratings are kept.", "Experiment gestopt; de beoordelingen blijven bewaard.")
}

/// Scores of the activities were saved for the week of `week` (its Monday).
pub fn activities_scored(week: chrono::NaiveDate) -> Message {
    Message::from_fn(move |lang| match lang {
        Lang::En => format!("Scores saved for the week of {}.", super::date_long(week, lang)),
        Lang::Nl => format!("Scores bewaard voor de week van {}.", super::date_long(week, lang)),
    })
}

/// Activities, a topic, an appointment or the reason were saved.
pub fn prep_saved() -> Message {
    Message::fixed("Saved.", "Bewaard.")
}

/// A topic was added to the list to discuss.
pub fn topic_added() -> Message {
    Message::fixed("Added to the topics to discuss.", "Toegevoegd aan de onderwerpen om te bespreken.")
}

/// Open topics were ticked off after an appointment.
pub fn topics_ticked_off() -> Message {
    Message::fixed("The open topics are ticked off.", "De open onderwerpen zijn afgevinkt.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toasts_read_in_both_languages() {
        let at = DateTime::parse_from_rfc3339("2026-03-03T14:05:00+01:00").expect("time");
        let here = Zone::hours_east(1).expect("zone");
        assert_eq!(entry_deleted(at, here).text(Lang::En), "Entry of Tue 3 Mar 2026 14:05 deleted.");
        assert_eq!(entry_deleted(at, here).text(Lang::Nl), "Meting van di 3 mrt 2026 14:05 verwijderd.");
        // On a UTC clock: the person's time first, the entry's own after it.
        assert_eq!(
            entry_restored(at, Zone::utc()).text(Lang::En),
            "Entry of Tue 3 Mar 2026 13:05 (14:05 UTC+01:00) restored."
        );
        assert_eq!(entries_imported(12).text(Lang::Nl), "Metingen geïmporteerd: 12");
        let restored = backup_restored(7, Some(PathBuf::from("/b/j.sqlite")));
        assert_eq!(
            restored.text(Lang::En),
            "Backup restored (7 entries). The journal as it was is kept in /b/j.sqlite"
        );
        assert_eq!(passphrase_changed(0).text(Lang::Nl), "Gelukt.");
        assert_eq!(passphrase_changed(3).text(Lang::En), "Done. 3 backups were converted too.");
        assert_eq!(effect_stopped("export").text(Lang::En), "This stopped unexpectedly; nothing was written. (export)");
    }
}
