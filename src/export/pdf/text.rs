//! Number, date and entry formatting for the report, in English or Dutch.

use chrono::{Datelike, NaiveDate};

use crate::model::{Entry, Lang, emotion_name};

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_NL: [&str; 12] = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const WEEKDAYS_NL: [&str; 7] = ["ma", "di", "wo", "do", "vr", "za", "zo"];

/// A mean with one decimal, with a decimal comma in Dutch: `4.2` / `4,2`.
pub fn num1(x: f64, lang: Lang) -> String {
    let s = format!("{:.1}", (x * 10.0).round() / 10.0 + 0.0);
    match lang {
        Lang::En => s,
        Lang::Nl => s.replace('.', ","),
    }
}

/// A change with its sign: `+1.3`, `−0.5` (a true minus sign), `0.0`.
pub fn signed1(x: f64, lang: Lang) -> String {
    let rounded = (x * 10.0).round() / 10.0;
    if rounded > 0.0 {
        format!("+{}", num1(rounded, lang))
    } else if rounded < 0.0 {
        format!("−{}", num1(-rounded, lang))
    } else {
        num1(0.0, lang)
    }
}

/// `3 Jun 2026` / `3 jun 2026`.
pub fn date_long(d: NaiveDate, lang: Lang) -> String {
    format!("{} {}", date_short(d, lang), d.year())
}

/// `3 Jun` / `3 jun`.
pub fn date_short(d: NaiveDate, lang: Lang) -> String {
    let m = d.month0() as usize;
    format!("{} {}", d.day(), lang.pick(MONTHS_EN[m], MONTHS_NL[m]))
}

/// `Mon 3 Jun` / `ma 3 jun`.
pub fn date_weekday(d: NaiveDate, lang: Lang) -> String {
    let w = d.weekday().num_days_from_monday() as usize;
    format!("{} {}", lang.pick(WEEKDAYS_EN[w], WEEKDAYS_NL[w]), date_short(d, lang))
}

/// A period: `1 Jun – 28 Jun 2026`, or with both years when they differ.
pub fn period(from: NaiveDate, to: NaiveDate, lang: Lang) -> String {
    if from.year() == to.year() {
        format!("{} – {}", date_short(from, lang), date_long(to, lang))
    } else {
        format!("{} – {}", date_long(from, lang), date_long(to, lang))
    }
}

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
