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

    /// The language of a locale name as in `LANG` (`nl_NL.UTF-8`, `nl_BE`, `nl`): Dutch for
    /// Dutch, English for everything else (`C`, `POSIX`, `en_GB`, `de_DE`).
    pub fn from_locale(locale: &str) -> Lang {
        let code = locale.split(['_', '.', '@', '-']).next().unwrap_or_default();
        if code.eq_ignore_ascii_case("nl") { Lang::Nl } else { Lang::En }
    }

    /// The system's language from the locale variables read through `var`: the first language of
    /// `LANGUAGE` (GNU's list of preferred languages), else the first of `LC_ALL`, `LC_MESSAGES`,
    /// `LANG` that is set and not empty (POSIX's order). English when none is set.
    pub fn from_locale_vars(var: impl Fn(&str) -> Option<String>) -> Lang {
        let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let messages = set("LC_ALL").or_else(|| set("LC_MESSAGES")).or_else(|| set("LANG"));
        // GNU ignores LANGUAGE when the locale is C / POSIX (no translation at all).
        let plain = messages.as_deref().is_none_or(|m| m == "C" || m == "POSIX" || m.starts_with("C."));
        if !plain
            && let Some(first) = set("LANGUAGE").and_then(|l| l.split(':').find(|p| !p.is_empty()).map(str::to_owned))
        {
            return Lang::from_locale(&first);
        }
        messages.map_or(Lang::En, |m| Lang::from_locale(&m))
    }

    /// The system's language ([`Lang::from_locale_vars`] on this process's environment): what the
    /// window starts in on its first run.
    pub fn from_env() -> Lang {
        Lang::from_locale_vars(|name| std::env::var(name).ok())
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

    fn with(vars: &[(&str, &str)]) -> Lang {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Lang::from_locale_vars(|name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    }

    #[test]
    fn the_system_language_follows_the_locale_variables() {
        assert_eq!(with(&[]), Lang::En);
        assert_eq!(with(&[("LANG", "nl_NL.UTF-8")]), Lang::Nl);
        assert_eq!(with(&[("LANG", "nl_BE.UTF-8")]), Lang::Nl);
        assert_eq!(with(&[("LANG", "nl")]), Lang::Nl);
        assert_eq!(with(&[("LANG", "en_US.UTF-8")]), Lang::En);
        assert_eq!(with(&[("LANG", "de_DE.UTF-8")]), Lang::En);
        assert_eq!(with(&[("LANG", "C.UTF-8")]), Lang::En);
        // LC_ALL over LC_MESSAGES over LANG; empty values do not count.
        assert_eq!(with(&[("LANG", "en_GB.UTF-8"), ("LC_MESSAGES", "nl_NL.UTF-8")]), Lang::Nl);
        assert_eq!(with(&[("LANG", "nl_NL.UTF-8"), ("LC_ALL", "en_GB.UTF-8")]), Lang::En);
        assert_eq!(with(&[("LANG", "nl_NL.UTF-8"), ("LC_ALL", "")]), Lang::Nl);
        // GNU's LANGUAGE list comes first, but not with the C locale.
        assert_eq!(with(&[("LANG", "en_US.UTF-8"), ("LANGUAGE", "nl:en")]), Lang::Nl);
        assert_eq!(with(&[("LANG", "nl_NL.UTF-8"), ("LANGUAGE", "en_GB:nl")]), Lang::En);
        assert_eq!(with(&[("LANG", "C"), ("LANGUAGE", "nl")]), Lang::En);
        assert_eq!(with(&[("LANGUAGE", "nl")]), Lang::En);
    }

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
