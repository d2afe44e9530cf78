//! The words Feltsense uses for its own things, once, in English and Dutch: the window, the PDF,
//! the CSV headers, the command line and the demo journal all say these and nothing else.
//!
//! | thing | English | Nederlands |
//! |---|---|---|
//! | an entry (a check-in) | entry, check-in | meting (metingen) |
//! | its free text | note | notitie (notities) |
//! | a region of the body | region | gebied (gebieden) |
//! | a word to group entries | tag | label (labels) |
//! | the one-line entry | quick log | snel vastleggen |
//! | the whole file | journal | dagboek |
//! | a day with an entry | day logged | dag met een meting |
//! | before → after without comparison | plain change | ruwe verandering |
//! | a breathing or relaxation exercise | practice | oefening |
//!
//! In Dutch an entry is a *meting* and only its free text is a *notitie*: "2796 metingen",
//! "Bewerken: meting van …", "Notities meenemen". Words that said the same thing differently
//! before are retired ([`RETIRED`]); a test scans every Dutch text in the sources for them.

use super::super::Lang;

/// One of Feltsense's own words, singular and plural, in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Term {
    /// English, one.
    pub en: &'static str,
    /// English, more than one.
    pub en_more: &'static str,
    /// Dutch, one.
    pub nl: &'static str,
    /// Dutch, more than one.
    pub nl_more: &'static str,
}

impl Term {
    /// The word for one, in `lang`.
    pub fn one(self, lang: Lang) -> &'static str {
        lang.pick(self.en, self.nl)
    }

    /// The word for more than one (or none), in `lang`.
    pub fn more(self, lang: Lang) -> &'static str {
        lang.pick(self.en_more, self.nl_more)
    }

    /// "1 entry", "2,796 entries" / "1 meting", "2.796 metingen" (with the language's thousands
    /// separator).
    pub fn count(self, n: u64, lang: Lang) -> String {
        let word = if n == 1 { self.one(lang) } else { self.more(lang) };
        format!("{} {word}", super::count(n, lang))
    }
}

/// An entry: one moment logged (a check-in when it rates tension).
pub const ENTRY: Term = Term { en: "entry", en_more: "entries", nl: "meting", nl_more: "metingen" };
/// An entry that rates tension (the analyses count these); in Dutch the same word as [`ENTRY`].
pub const CHECK_IN: Term = Term { en: "check-in", en_more: "check-ins", nl: "meting", nl_more: "metingen" };
/// The free text of an entry.
pub const NOTE: Term = Term { en: "note", en_more: "notes", nl: "notitie", nl_more: "notities" };
/// A region of the body on the map.
pub const REGION: Term = Term { en: "region", en_more: "regions", nl: "gebied", nl_more: "gebieden" };
/// A word that groups entries (`#work`).
pub const TAG: Term = Term { en: "tag", en_more: "tags", nl: "label", nl_more: "labels" };
/// A day with at least one entry.
pub const DAY_LOGGED: Term =
    Term { en: "day logged", en_more: "days logged", nl: "dag met een meting", nl_more: "dagen met een meting" };
/// A practice (breathing, relaxation, a walk).
pub const PRACTICE: Term = Term { en: "practice", en_more: "practices", nl: "oefening", nl_more: "oefeningen" };

/// "Plain change" (before → after, not compared with anything) / "Ruwe verandering".
pub fn plain_change(lang: Lang) -> &'static str {
    lang.pick("Plain change", "Ruwe verandering")
}

/// "Days logged" as a heading or label / "Dagen met een meting".
pub fn days_logged(lang: Lang) -> &'static str {
    lang.pick("Days logged", "Dagen met een meting")
}

/// How a retired Dutch word is matched in a Dutch text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
    /// As a whole word, in any case ("regio" but not "regional").
    Word,
    /// As a phrase anywhere, in any case ("notitie van").
    Phrase,
    /// As the whole text (a column header "Gewoon").
    Whole,
}

/// A Dutch word Feltsense no longer says, and what it says instead.
#[derive(Clone, Copy, Debug)]
pub struct Retired {
    /// The retired word or phrase.
    pub word: &'static str,
    /// How it is matched.
    pub how: Match,
    /// What Feltsense says instead.
    pub instead: &'static str,
}

/// The retired Dutch words. *Notitie* stays (it is the note), but not where it meant the entry:
/// the phrases that used it so are retired one by one, and where an English text names the entry
/// its Dutch may not say *notitie* ([`entry_called_note`]).
pub const RETIRED: &[Retired] = &[
    Retired { word: "check-in", how: Match::Word, instead: "meting" },
    Retired { word: "check-ins", how: Match::Word, instead: "metingen" },
    Retired { word: "registratie", how: Match::Word, instead: "meting" },
    Retired { word: "registraties", how: Match::Word, instead: "metingen" },
    Retired { word: "regio", how: Match::Word, instead: "gebied" },
    Retired { word: "regio's", how: Match::Word, instead: "gebieden" },
    Retired { word: "regiocode", how: Match::Word, instead: "gebiedscode" },
    Retired { word: "lichaamsgebied", how: Match::Word, instead: "gebied" },
    Retired { word: "bijgehouden", how: Match::Word, instead: "met een meting" },
    Retired { word: "dagen ingevuld", how: Match::Phrase, instead: "dagen met een meting" },
    Retired { word: "dagen met notities", how: Match::Phrase, instead: "dagen met een meting" },
    Retired { word: "gewone verandering", how: Match::Phrase, instead: "ruwe verandering" },
    Retired { word: "gewone gemiddelden", how: Match::Phrase, instead: "ruwe gemiddelden" },
    Retired { word: "Gewoon", how: Match::Whole, instead: "Ruw" },
    Retired { word: "Gewoon:", how: Match::Phrase, instead: "Ruw:" },
    Retired { word: "gewoon niveau", how: Match::Phrase, instead: "gebruikelijk niveau" },
    Retired { word: "snelle notitie", how: Match::Phrase, instead: "snel vastleggen" },
    Retired { word: "notitie van", how: Match::Phrase, instead: "meting van" },
    Retired { word: "notitie-id", how: Match::Phrase, instead: "meting-id" },
    Retired { word: "notities geïmporteerd", how: Match::Phrase, instead: "metingen geïmporteerd" },
    Retired { word: "notities verwijderd", how: Match::Phrase, instead: "metingen verwijderd" },
    Retired { word: "notities in het bestand", how: Match::Phrase, instead: "metingen in het bestand" },
    Retired { word: "bevat geen notities", how: Match::Phrase, instead: "bevat geen metingen" },
    Retired { word: "een notitie heeft", how: Match::Phrase, instead: "een meting heeft" },
    Retired { word: "notitie bewaren", how: Match::Phrase, instead: "meting bewaren" },
    Retired { word: "verwijderde notitie", how: Match::Phrase, instead: "verwijderde meting" },
    Retired { word: "metingen en notities", how: Match::Phrase, instead: "metingen" },
    Retired { word: "notitie {", how: Match::Phrase, instead: "meting {" },
    Retired { word: "de notitie kan niet", how: Match::Phrase, instead: "de meting kan niet" },
    Retired { word: "die notitie bestaat", how: Match::Phrase, instead: "die meting bestaat" },
    Retired { word: "{} notities", how: Match::Phrase, instead: "{} metingen (ENTRY.count)" },
    Retired { word: "{n} notities", how: Match::Phrase, instead: "{n} metingen (ENTRY.count)" },
];

/// Whether an English text and its Dutch translation call an entry a note: the English names
/// the entry ("entries", "check-in") and not its note, and the Dutch says *notitie*.
pub fn entry_called_note(en: &str, nl: &str) -> bool {
    let words = |t: &str| -> Vec<String> {
        t.split(|c: char| !(c.is_alphanumeric() || c == '-')).map(str::to_lowercase).collect()
    };
    let en = words(en);
    let says = |ws: &[String], list: &[&str]| ws.iter().any(|w| list.contains(&w.as_str()));
    says(&en, &["entry", "entries", "check-in", "check-ins"])
        && !says(&en, &["note", "notes"])
        && says(&words(nl), &["notitie", "notities"])
}

/// The retired words `text` (a Dutch text) still says.
pub fn retired_in(text: &str) -> Vec<&'static Retired> {
    let lower = text.to_lowercase();
    RETIRED
        .iter()
        .filter(|r| match r.how {
            Match::Whole => text.trim() == r.word,
            Match::Phrase => {
                if r.word.chars().next().is_some_and(char::is_uppercase) {
                    text.contains(r.word)
                } else {
                    lower.contains(&r.word.to_lowercase())
                }
            }
            Match::Word => {
                let w = r.word.to_lowercase();
                lower.match_indices(&w).any(|(i, _)| {
                    let before = lower[..i].chars().next_back();
                    let after = lower[i + w.len()..].chars().next();
                    let part = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '\'');
                    !part(before) && !part(after)
                })
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_count_in_both_languages() {
        assert_eq!(ENTRY.count(2796, Lang::Nl), "2.796 metingen");
        assert_eq!(ENTRY.count(1, Lang::Nl), "1 meting");
        assert_eq!(ENTRY.count(2796, Lang::En), "2,796 entries");
        assert_eq!(NOTE.more(Lang::Nl), "notities");
        assert_eq!(REGION.count(0, Lang::Nl), "0 gebieden");
        assert_eq!(CHECK_IN.one(Lang::Nl), ENTRY.one(Lang::Nl), "one Dutch word for an entry");
    }

    #[test]
    fn retired_words_are_found_as_words_only() {
        assert_eq!(retired_in("Geen check-ins in deze periode").len(), 1);
        assert!(retired_in("een regio zonder score").iter().any(|r| r.word == "regio"));
        assert!(retired_in("regionaal").is_empty(), "part of another word");
        assert!(retired_in("Notities meenemen").is_empty(), "the note keeps its word");
        assert!(retired_in("Bewerken: notitie van di 3 mrt").iter().any(|r| r.instead == "meting van"));
        assert!(retired_in("Gewoon").iter().any(|r| r.instead == "Ruw"));
        assert!(retired_in("gewoon een gespannen dag").is_empty(), "the ordinary word stays");
        assert!(entry_called_note("2 entries", "2 notities"));
        assert!(!entry_called_note("No notes this week.", "Geen notities deze week."));
        assert!(!entry_called_note("Entries and their notes", "Metingen en hun notities"));
    }
}
