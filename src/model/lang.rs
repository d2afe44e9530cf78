use serde::{Deserialize, Serialize};

/// A language the interface, the report and all names are available in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Nederlands (Dutch).
    Nl,
}

impl Lang {
    /// Every supported language.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Nl];

    /// The language's own name, as shown in a language picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Nl => "Nederlands",
        }
    }

    /// The ISO 639-1 code (`en`, `nl`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }

    /// Parses an ISO 639-1 code.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "nl" => Some(Lang::Nl),
            _ => None,
        }
    }

    /// Short weekday name ("Mon" / "ma"); see [`super::text::weekday_short`].
    pub fn weekday_short(self, d: chrono::Weekday) -> &'static str {
        super::text::weekday_short(d, self)
    }

    /// Short month name for month 1–12 ("Nov" / "nov"); see [`super::text::month_short`].
    pub fn month_short(self, month: u32) -> &'static str {
        super::text::month_short(month, self)
    }

    /// A date written the way the language does: "Fri 20 Nov 2026" / "vr 20 nov 2026"; see
    /// [`super::text::date_full`].
    pub fn format_date(self, d: chrono::NaiveDate) -> String {
        super::text::date_full(d, self)
    }

    /// A number with one decimal, with the language's decimal mark ("3.5" / "3,5"), rounded by
    /// the one rule of [`super::text::number`].
    pub fn decimal(self, v: f64) -> String {
        super::text::number(v, 1, self)
    }

    /// Picks the English or the Dutch text.
    pub fn pick<'a>(self, en: &'a str, nl: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Nl => nl,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_numbers_are_localised() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
        assert_eq!(Lang::En.format_date(d), "Fri 20 Nov 2026");
        assert_eq!(Lang::Nl.format_date(d), "vr 20 nov 2026");
        assert_eq!(Lang::Nl.decimal(3.25), "3,3", "ties round away from zero, as everywhere");
        assert_eq!(Lang::En.decimal(3.26), "3.3");
        assert_eq!(Lang::from_code("NL"), Some(Lang::Nl));
    }
}
