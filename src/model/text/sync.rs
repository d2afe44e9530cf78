//! What the window and the command line say about copies in a folder and the computers that
//! share a journal, in English and Dutch.

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::glossary::ENTRY;
use super::time::Zone;
use super::{count, period};
use crate::model::Lang;

/// A moment as these lines name it, on the person's clock (`zone`): "Fri 20 Nov 2026 14:05" /
/// "vr 20 nov 2026 14:05" ([`super::time::when`]: a moment stamped with another offset, on a
/// computer elsewhere, says its own time after the person's).
pub fn moment(at: &DateTime<FixedOffset>, zone: Zone, lang: Lang) -> String {
    super::time::when(at, zone, lang)
}

/// A computer as people read it: its name, or "computer 3fa9c2" (the start of its id) when it
/// has none.
pub fn computer(name: &str, id: &str, lang: Lang) -> String {
    if name.trim().is_empty() {
        let short: String = id.chars().take(6).collect();
        format!("{} {short}", lang.pick("computer", "computer"))
    } else {
        name.trim().to_owned()
    }
}

/// "Last written: Fri 20 Nov 2026 14:05" or "Not written yet".
pub fn last_written(at: Option<&DateTime<FixedOffset>>, zone: Zone, lang: Lang) -> String {
    match at {
        Some(at) => format!("{} {}", lang.pick("Last written:", "Laatst geschreven:"), moment(at, zone, lang)),
        None => lang.pick("No copy written yet.", "Nog geen kopie geschreven.").to_owned(),
    }
}

/// What a merge changed: "3 entries added, 1 changed, 1 deleted; 1 entry changed on two
/// computers: choose which version to keep" (or "nothing new"). The first number names the
/// entries; the others follow it.
pub fn merged(added: usize, changed: usize, deleted: usize, conflicts: usize, lang: Lang) -> String {
    let said = [(added, "added", "toegevoegd"), (changed, "changed", "gewijzigd"), (deleted, "deleted", "verwijderd")];
    let parts: Vec<String> = said
        .iter()
        .filter(|(n, ..)| *n > 0)
        .enumerate()
        .map(|(i, &(n, en, nl))| {
            let n = if i == 0 { ENTRY.count(n as u64, lang) } else { count(n as u64, lang) };
            format!("{n} {}", lang.pick(en, nl))
        })
        .collect();
    let mut text =
        if parts.is_empty() { lang.pick("nothing new", "niets nieuws").to_owned() } else { parts.join(", ") };
    if conflicts > 0 {
        let n = ENTRY.count(conflicts as u64, lang);
        text.push_str(&match lang {
            Lang::En => format!("; {n} changed on two computers: choose which version to keep"),
            Lang::Nl => format!("; {n} op twee computers gewijzigd: kies welke versie je houdt"),
        });
    }
    text
}

/// What a copy holds, for the restore's preview: "Copy from Laptop, written Fri 20 Nov 2026
/// 14:05: 1,234 entries, 3 Jan 2024 – 20 Nov 2026."
pub fn copy_preview(
    computer: &str,
    written: &DateTime<FixedOffset>,
    zone: Zone,
    entries: usize,
    first_last: Option<(NaiveDate, NaiveDate)>,
    lang: Lang,
) -> String {
    let span = first_last.map(|(a, b)| format!(", {}", period(a, b, lang))).unwrap_or_default();
    let n = ENTRY.count(entries as u64, lang);
    match lang {
        Lang::En => format!("Copy from {computer}, written {}: {n}{span}.", moment(written, zone, lang)),
        Lang::Nl => format!("Kopie van {computer}, geschreven {}: {n}{span}.", moment(written, zone, lang)),
    }
}

/// The line that tells the person (once) that copies have not been written for a day.
pub fn unreachable(folder: &str, since: &DateTime<FixedOffset>, zone: Zone, why: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "No copy could be written to {folder} since {}: {why}. Your journal on this computer is fine; \
             connect the folder (or choose another in Settings) to have a copy elsewhere again.",
            moment(since, zone, lang)
        ),
        Lang::Nl => format!(
            "Sinds {} kon er geen kopie naar {folder} worden geschreven: {why}. Je dagboek op deze computer is \
             in orde; sluit de map aan (of kies een andere in Instellingen) om weer een kopie elders te hebben.",
            moment(since, zone, lang)
        ),
    }
}

/// One version of an entry changed on two computers: "Changed on Laptop, Fri 20 Nov 2026 14:05"
/// or "Deleted on Laptop, …"; `this` says it is this computer.
pub fn version_origin(
    deleted: bool,
    computer: &str,
    this: bool,
    (at, zone): (&DateTime<FixedOffset>, Zone),
    lang: Lang,
) -> String {
    let place = if this { lang.pick("this computer", "deze computer").to_owned() } else { computer.to_owned() };
    let what = match (deleted, lang) {
        (false, Lang::En) => "Changed on",
        (true, Lang::En) => "Deleted on",
        (false, Lang::Nl) => "Gewijzigd op",
        (true, Lang::Nl) => "Verwijderd op",
    };
    format!("{what} {place}, {}", moment(at, zone, lang))
}

/// After a restore from a copy: "Copy from Laptop restored (1,234 entries). The journal as it
/// was is kept in …" (`kept`: the backup of the journal that was there, if there was one).
pub fn copy_restored(computer: &str, entries: usize, kept: Option<&str>, lang: Lang) -> String {
    let n = ENTRY.count(entries as u64, lang);
    let mut text = match lang {
        Lang::En => format!("Copy from {computer} restored ({n})."),
        Lang::Nl => format!("Kopie van {computer} teruggezet ({n})."),
    };
    if let Some(k) = kept {
        text.push(' ');
        text.push_str(&match lang {
            Lang::En => format!("The journal as it was is kept in {k}"),
            Lang::Nl => format!("Het dagboek zoals het was, staat in {k}"),
        });
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_in_both_languages() {
        let at = DateTime::parse_from_rfc3339("2026-11-20T14:05:00+01:00").expect("t");
        let here = Zone::hours_east(1).expect("zone");
        assert_eq!(last_written(Some(&at), here, Lang::En), "Last written: Fri 20 Nov 2026 14:05");
        assert_eq!(last_written(Some(&at), here, Lang::Nl), "Laatst geschreven: vr 20 nov 2026 14:05");
        // Written by a computer an hour east of this one.
        assert_eq!(
            last_written(Some(&at), Zone::utc(), Lang::En),
            "Last written: Fri 20 Nov 2026 13:05 (14:05 UTC+01:00)"
        );
        assert_eq!(merged(0, 0, 0, 0, Lang::En), "nothing new");
        assert_eq!(
            merged(1200, 1, 0, 1, Lang::Nl),
            "1.200 metingen toegevoegd, 1 gewijzigd; 1 meting op twee computers gewijzigd: kies welke versie je houdt"
        );
        assert_eq!(merged(0, 1, 2, 0, Lang::En), "1 entry changed, 2 deleted");
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).expect("d");
        assert_eq!(
            copy_preview("Laptop", &at, here, 2, Some((d(1, 3), d(11, 20))), Lang::En),
            "Copy from Laptop, written Fri 20 Nov 2026 14:05: 2 entries, 3 Jan – 20 Nov 2026."
        );
        assert_eq!(computer("", "3fa9c2d1", Lang::En), "computer 3fa9c2");
        assert_eq!(copy_restored("Laptop", 1, None, Lang::En), "Copy from Laptop restored (1 entry).");
        assert_eq!(
            copy_restored("Laptop", 1200, Some("/b/j.sqlite"), Lang::Nl),
            "Kopie van Laptop teruggezet (1.200 metingen). Het dagboek zoals het was, staat in /b/j.sqlite"
        );
        assert_eq!(
            version_origin(true, "Laptop", false, (&at, here), Lang::Nl),
            "Verwijderd op Laptop, vr 20 nov 2026 14:05"
        );
    }
}
