//! Number, date and entry formatting for the report, in English or Dutch.

use crate::model::{Entry, Lang, emotion_name, text};

/// A mean with one decimal, with a decimal comma in Dutch: `4.2` / `4,2` (the one rounding rule
/// of [`text::number`]).
pub fn num1(x: f64, lang: Lang) -> String {
    text::number(x, 1, lang)
}

/// A change with its sign: `+1.3`, `−0.5` (a true minus sign), `0.0`.
pub fn signed1(x: f64, lang: Lang) -> String {
    text::signed(x, 1, lang)
}

pub use text::{date_long, date_short, date_weekday, period};

/// The tension part of a log row, one item per region above 0: `Neck 6`, `Left shoulder 4`;
/// `none (all 0)` for a check-in without tension; nothing for an entry that is not a check-in.
pub fn tension_items(e: &Entry, lang: Lang) -> Vec<String> {
    if !e.is_check_in() {
        return Vec::new();
    }
    let rated: Vec<String> = e
        .tensions
        .iter()
        .filter(|t| t.level.get() > 0)
        .map(|t| format!("{} {}", t.region.name(lang), t.level))
        .collect();
    if rated.is_empty() { vec![lang.pick("none (all 0)", "geen (alles 0)").to_owned()] } else { rated }
}

/// `Anxiety 7`, `Anger 3`.
pub fn emotion_items(e: &Entry, lang: Lang) -> Vec<String> {
    e.emotions.iter().map(|r| format!("{} {}", emotion_name(&r.code, lang), r.intensity)).collect()
}

/// `Jaw clenching`, `Restless sleep`.
pub fn signal_items(e: &Entry, lang: Lang) -> Vec<String> {
    e.signals.iter().map(|s| s.name(lang).to_owned()).collect()
}

/// `4–6 breathing`, `2 min`.
pub fn practice_items(e: &Entry, lang: Lang) -> Vec<String> {
    e.practice.map(|p| vec![p.kind.name(lang).to_owned(), format!("{} min", p.minutes)]).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn numbers_use_the_language_decimal_mark() {
        assert_eq!(num1(4.25, Lang::En), "4.3");
        assert_eq!(num1(4.24, Lang::Nl), "4,2");
        assert_eq!(signed1(1.26, Lang::En), "+1.3");
        assert_eq!(signed1(-0.5, Lang::Nl), "−0,5");
        assert_eq!(signed1(-0.04, Lang::En), "0.0");
        let d = NaiveDate::from_ymd_opt(2026, 6, 1).expect("date");
        assert_eq!(date_weekday(d, Lang::Nl), "ma 1 jun");
        assert_eq!(period(d, d + chrono::TimeDelta::days(27), Lang::En), "1 Jun – 28 Jun 2026");
    }
}
