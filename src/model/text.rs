//! Numbers, dates, weekdays, months and plurals in English and Dutch: the one place every layer
//! (the window, the PDF, the CSV, the command line) formats them, so the same value reads the same
//! everywhere.
//!
//! # One rounding rule
//! A number is rounded half away from zero at the shown decimal ("3.25" with one decimal is
//! "3.3", "−3.25" is "−3.3"), the way people round by hand, and it is decided on the decimal value
//! written with a few more digits, so that a mean such as 0.35 (which binary floating point holds
//! as 0.34999…) still rounds up. A result of zero never shows a minus sign.

use chrono::{Datelike, NaiveDate, Weekday};

use super::Lang;

#[cfg(test)]
mod dutch_scan;
pub mod glossary;
pub mod sync;
pub mod time;
pub mod toast;

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_NL: [&str; 12] = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const WEEKDAYS_NL: [&str; 7] = ["ma", "di", "wo", "do", "vr", "za", "zo"];

/// The most decimals [`number`] shows (more would show the binary noise the rule removes).
const MAX_DECIMALS: usize = 6;

/// `|x|` rounded half away from zero to `decimals` decimals, as decimal text ("3.3").
///
/// The tie is decided on the value written with 9 more decimals than shown: that removes the
/// representation error of a tie such as 0.35 (held as 0.34999…) or 1.005 without moving any real
/// value across a tie.
fn rounded_abs(x: f64, decimals: usize) -> String {
    let wide = format!("{:.*}", decimals + 9, x.abs());
    let (int, frac) = wide.split_once('.').unwrap_or((&wide, ""));
    let mut digits: Vec<u8> = int.bytes().chain(frac.bytes().take(decimals)).collect();
    if frac.as_bytes().get(decimals).is_some_and(|&d| d >= b'5') {
        // Carry the 1 from the last kept digit leftwards.
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let split = digits.len() - decimals;
    let mut out = String::from_utf8_lossy(&digits[..split]).into_owned();
    if decimals > 0 {
        out.push('.');
        out.push_str(&String::from_utf8_lossy(&digits[split..]));
    }
    out
}

/// `x` rounded half away from zero to `decimals` decimals (at most 6), by the one rule.
pub fn round(x: f64, decimals: usize) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let r: f64 = rounded_abs(x, decimals.min(MAX_DECIMALS)).parse().unwrap_or(x.abs());
    if r == 0.0 { 0.0 } else { r.copysign(x) }
}

/// `x` with `decimals` decimals (at most 6), rounded by the one rule, with the language's decimal
/// mark ("3.3" / "3,3"). Never "-0.0". Not-a-number and infinities show as "–".
pub fn number(x: f64, decimals: usize, lang: Lang) -> String {
    if !x.is_finite() {
        return "–".to_owned();
    }
    let abs = rounded_abs(x, decimals.min(MAX_DECIMALS));
    let zero = abs.bytes().all(|b| b == b'0' || b == b'.');
    let s = if x < 0.0 && !zero { format!("-{abs}") } else { abs };
    match lang {
        Lang::En => s,
        Lang::Nl => s.replace('.', ","),
    }
}

/// A difference with its sign: "+1.3", "−0.5" (a true minus sign), and "0.0" for anything that
/// rounds to zero.
pub fn signed(x: f64, decimals: usize, lang: Lang) -> String {
    let r = round(x, decimals);
    if r > 0.0 {
        format!("+{}", number(r, decimals, lang))
    } else if r < 0.0 {
        format!("\u{2212}{}", number(-r, decimals, lang))
    } else {
        number(0.0, decimals, lang)
    }
}

/// How far an export or import has come: "1,200 of 14,000 entries" / "1.200 van 14.000 metingen".
pub fn entries_done(done: usize, total: usize, lang: Lang) -> String {
    format!("{} {} {}", count(done as u64, lang), lang.pick("of", "van"), glossary::ENTRY.count(total as u64, lang))
}

/// A whole number with a thousands separator: "69,740" / "69.740".
pub fn count(n: u64, lang: Lang) -> String {
    let digits = n.to_string();
    let sep = lang.pick(",", ".");
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// A count with the word for one or for more: `plural(1, "time", "times")` is "1 time".
/// Pass the language's own words (Dutch: `plural(n, "keer", "keer")`).
pub fn plural(n: u64, one: &str, more: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { more })
}

/// Short month name for month 1–12 ("Nov" / "nov"); out-of-range months are clamped.
pub fn month_short(month: u32, lang: Lang) -> &'static str {
    let i = (month.clamp(1, 12) - 1) as usize;
    lang.pick(MONTHS_EN[i], MONTHS_NL[i])
}

/// Short weekday name ("Mon" / "ma").
pub fn weekday_short(d: Weekday, lang: Lang) -> &'static str {
    let i = d.num_days_from_monday() as usize;
    lang.pick(WEEKDAYS_EN[i], WEEKDAYS_NL[i])
}

/// A file's size as people read it: "512 B", "48 KB", "3.2 MB" / "3,2 MB" (1 KB = 1024 bytes).
pub fn file_size(bytes: u64, lang: Lang) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} B")
    } else if b < KB * KB {
        format!("{} KB", number(b / KB, 0, lang))
    } else {
        format!("{} MB", number(b / KB / KB, 1, lang))
    }
}

/// `3 Jun` / `3 jun`.
pub fn date_short(d: NaiveDate, lang: Lang) -> String {
    format!("{} {}", d.day(), month_short(d.month(), lang))
}

/// `3 Jun 2026` / `3 jun 2026`.
pub fn date_long(d: NaiveDate, lang: Lang) -> String {
    format!("{} {}", date_short(d, lang), d.year())
}

/// `Mon 3 Jun` / `ma 3 jun`.
pub fn date_weekday(d: NaiveDate, lang: Lang) -> String {
    format!("{} {}", weekday_short(d.weekday(), lang), date_short(d, lang))
}

/// `Fri 20 Nov 2026` / `vr 20 nov 2026`.
pub fn date_full(d: NaiveDate, lang: Lang) -> String {
    format!("{} {}", weekday_short(d.weekday(), lang), date_long(d, lang))
}

/// `Nov 2026` / `nov 2026`.
pub fn month_year(d: NaiveDate, lang: Lang) -> String {
    format!("{} {}", month_short(d.month(), lang), d.year())
}

/// A period: `1 Jun – 28 Jun 2026`, or with both years when they differ.
pub fn period(from: NaiveDate, to: NaiveDate, lang: Lang) -> String {
    if from.year() == to.year() {
        format!("{} – {}", date_short(from, lang), date_long(to, lang))
    } else {
        format!("{} – {}", date_long(from, lang), date_long(to, lang))
    }
}

/// An error a person can see, in their language. Every user-facing error type implements it, and
/// the window shows errors through it (its `Display` text is the English one, for logs and the
/// command line).
pub trait Describe {
    /// The message in `lang`.
    fn describe(&self, lang: Lang) -> String;
}

/// A message a window keeps until it is shown, worded each time in the language shown *then*: an
/// error (anything with [`Describe`]), a text with a word for each language, or a sentence built
/// around another message. A person who switches to Nederlands sees every kept message in Dutch,
/// whatever the language was when it arrived.
///
/// Cloning is cheap (shared). Two messages are equal when they read the same in both languages.
#[derive(Clone)]
pub struct Message(std::sync::Arc<dyn Describe + Send + Sync>);

/// A message worded by a function of the language.
struct Worded<F>(F);

impl<F: Fn(Lang) -> String> Describe for Worded<F> {
    fn describe(&self, lang: Lang) -> String {
        (self.0)(lang)
    }
}

/// A text worded once, in whatever language it was made in.
struct AsIs(String);

impl Describe for AsIs {
    fn describe(&self, _: Lang) -> String {
        self.0.clone()
    }
}

impl Message {
    /// An error (or anything else with [`Describe`]), worded when shown.
    pub fn new(what: impl Describe + Send + Sync + 'static) -> Message {
        Message(std::sync::Arc::new(what))
    }

    /// A message worded by `f` each time it is shown.
    pub fn from_fn(f: impl Fn(Lang) -> String + Send + Sync + 'static) -> Message {
        Message::new(Worded(f))
    }

    /// A fixed text in English and in Dutch.
    pub fn fixed(en: &'static str, nl: &'static str) -> Message {
        Message::from_fn(move |lang| lang.pick(en, nl).to_owned())
    }

    /// A text that reads the same in every language (a file name, a number, or a text that was
    /// already worded and cannot be worded again).
    pub fn as_is(text: impl Into<String>) -> Message {
        Message::new(AsIs(text.into()))
    }

    /// A message worded now in every language, from something only borrowed (an error inside a
    /// shared answer): for an owned one use [`Message::new`], which words it when shown.
    pub fn described(what: &impl Describe) -> Message {
        let texts: Vec<(Lang, String)> = Lang::ALL.into_iter().map(|l| (l, what.describe(l))).collect();
        Message::from_fn(move |lang| texts.iter().find(|(l, _)| *l == lang).map(|(_, t)| t.clone()).unwrap_or_default())
    }

    /// `en`/`nl` followed by this message: "Export failed: …" / "Exporteren mislukt: …".
    pub fn after(self, en: &'static str, nl: &'static str) -> Message {
        Message::from_fn(move |lang| format!("{} {}", lang.pick(en, nl), self.text(lang)))
    }

    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        self.0.describe(lang)
    }
}

impl Describe for Message {
    fn describe(&self, lang: Lang) -> String {
        self.text(lang)
    }
}

impl PartialEq for Message {
    fn eq(&self, other: &Message) -> bool {
        Lang::ALL.into_iter().all(|l| self.text(l) == other.text(l))
    }
}

impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Message").field(&self.text(Lang::En)).finish()
    }
}

/// The English text, for logs and the command line.
impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// What the operating system said, in `lang`: the common cases in words, others as the system
/// wrote them.
pub fn io_error(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    if lang == Lang::En {
        return e.to_string();
    }
    match e.kind() {
        K::PermissionDenied => "geen toestemming om te schrijven of te lezen".to_owned(),
        K::NotFound => "bestand of map bestaat niet".to_owned(),
        K::StorageFull => "de schijf is vol".to_owned(),
        K::ReadOnlyFilesystem => "het bestandssysteem is alleen-lezen".to_owned(),
        K::AlreadyExists => "bestaat al".to_owned(),
        K::IsADirectory => "is een map".to_owned(),
        K::NotADirectory => "is geen map".to_owned(),
        K::InvalidData | K::InvalidInput => format!("onbruikbare inhoud ({e})"),
        _ => format!("systeemfout: {e}"),
    }
}

/// What the operating system said, worded by [`io_error`].
impl Describe for std::io::Error {
    fn describe(&self, lang: Lang) -> String {
        io_error(self, lang)
    }
}

/// What serde_json said about a file, in `lang`: the one place its (English) words are put into
/// Dutch, by kind of problem, with where it is ("regel 3, kolom 14"). English keeps serde_json's
/// own text.
pub fn json_error(e: &serde_json::Error, lang: Lang) -> String {
    use serde_json::error::Category;
    if lang == Lang::En {
        return e.to_string();
    }
    let at = format!("regel {}, kolom {}", e.line(), e.column());
    match e.classify() {
        Category::Syntax => format!("een teken dat daar niet hoort, op {at}"),
        Category::Eof => format!("de tekst houdt halverwege op ({at})"),
        Category::Data => format!("een waarde heeft niet de vorm die hier hoort ({at})"),
        Category::Io => match e.io_error_kind() {
            Some(kind) => io_error(&std::io::Error::from(kind), lang),
            None => "leesfout".to_owned(),
        },
    }
}

/// serde_json's words, worded by [`json_error`].
impl Describe for serde_json::Error {
    fn describe(&self, lang: Lang) -> String {
        json_error(self, lang)
    }
}

impl Describe for super::dates::DateError {
    fn describe(&self, lang: Lang) -> String {
        super::dates::DateError::describe(self, lang)
    }
}

impl Describe for super::InvalidEntry {
    fn describe(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Nl => format!("{}: {}", self.field_nl(), self.reason_nl),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn file_sizes_read_naturally_in_both_languages() {
        assert_eq!(file_size(512, Lang::En), "512 B");
        assert_eq!(file_size(49_152, Lang::En), "48 KB");
        assert_eq!(file_size(3 * 1024 * 1024 + 200 * 1024, Lang::En), "3.2 MB");
        assert_eq!(file_size(3 * 1024 * 1024 + 200 * 1024, Lang::Nl), "3,2 MB");
        // 1.5 KB rounds up by the one rule, not to even.
        assert_eq!(file_size(1536, Lang::Nl), "2 KB");
    }

    #[test]
    fn ties_round_away_from_zero_everywhere() {
        // 3.25 is exact in binary: `{:.1}` alone would print "3.2" (ties to even).
        assert_eq!(number(3.25, 1, Lang::En), "3.3");
        assert_eq!(number(3.25, 1, Lang::Nl), "3,3");
        assert_eq!(number(-3.25, 1, Lang::En), "-3.3");
        // 0.35 is held as 0.34999…; it still rounds up.
        assert_eq!(number(0.35, 1, Lang::En), "0.4");
        assert_eq!(number(1.005, 2, Lang::En), "1.01");
        assert_eq!(number(2.5, 0, Lang::En), "3");
        assert_eq!(number(3.24, 1, Lang::Nl), "3,2");
        assert_eq!(number(-0.04, 1, Lang::En), "0.0");
        assert_eq!(number(f64::NAN, 1, Lang::En), "–");
    }

    #[test]
    fn signs_use_a_true_minus_and_no_sign_for_zero() {
        assert_eq!(signed(1.25, 1, Lang::En), "+1.3");
        assert_eq!(signed(-0.5, 1, Lang::Nl), "\u{2212}0,5");
        assert_eq!(signed(-0.04, 1, Lang::En), "0.0");
        assert_eq!(signed(0.05, 1, Lang::En), "+0.1");
    }

    #[test]
    fn counts_plurals_and_dates_in_both_languages() {
        assert_eq!(count(69_740, Lang::En), "69,740");
        assert_eq!(count(69_740, Lang::Nl), "69.740");
        assert_eq!(count(100, Lang::Nl), "100");
        assert_eq!(count(1_000_000, Lang::En), "1,000,000");
        assert_eq!(plural(1, "time", "times"), "1 time");
        assert_eq!(plural(3, "time", "times"), "3 times");
        let d = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
        assert_eq!(date_full(d, Lang::En), "Fri 20 Nov 2026");
        assert_eq!(date_full(d, Lang::Nl), "vr 20 nov 2026");
        assert_eq!(date_weekday(d, Lang::Nl), "vr 20 nov");
        assert_eq!(month_year(d, Lang::Nl), "nov 2026");
        let june = NaiveDate::from_ymd_opt(2026, 6, 1).expect("date");
        let end = NaiveDate::from_ymd_opt(2026, 6, 28).expect("date");
        assert_eq!(period(june, end, Lang::En), "1 Jun – 28 Jun 2026");
        assert_eq!(
            period(NaiveDate::from_ymd_opt(2025, 12, 29).expect("date"), end, Lang::Nl),
            "29 dec 2025 – 28 jun 2026"
        );
        assert_eq!(month_short(3, Lang::Nl), "mrt");
    }

    #[test]
    fn a_kept_message_is_worded_in_the_language_asked_each_time() {
        let full = Message::new(std::io::Error::from(std::io::ErrorKind::StorageFull))
            .after("Export failed:", "Exporteren mislukt:");
        assert!(full.text(Lang::En).starts_with("Export failed: "), "{full}");
        assert_eq!(full.text(Lang::Nl), "Exporteren mislukt: de schijf is vol");
        assert_eq!(full.to_string(), full.text(Lang::En), "Display is the English text, for logs");
        assert_eq!(full, full.clone());
        let fixed = Message::fixed("Saved.", "Bewaard.");
        assert_eq!((fixed.text(Lang::En), fixed.text(Lang::Nl)), ("Saved.".to_owned(), "Bewaard.".to_owned()));
        assert_ne!(fixed, Message::fixed("Saved.", "Opgeslagen."), "equal only when both languages read the same");
        assert_eq!(Message::as_is("3 entries").text(Lang::Nl), "3 entries");
        // Worded from a borrow, in each language, and kept after the original is gone.
        let borrowed = std::io::Error::from(std::io::ErrorKind::StorageFull);
        let described = Message::described(&borrowed);
        drop(borrowed);
        assert_eq!(described.text(Lang::Nl), "de schijf is vol");
        assert_ne!(described.text(Lang::En), described.text(Lang::Nl));
    }

    proptest! {
        /// Any mean of whole levels (what the app shows) rounds as a person would by hand.
        #[test]
        fn means_of_levels_round_half_up(sum in 0u32..100_000, n in 1u32..1000) {
            let mean = f64::from(sum) / f64::from(n);
            // Exact: tenths = round_half_up(sum * 10 / n) in integers.
            let tenths = (u64::from(sum) * 20 + u64::from(n)) / (2 * u64::from(n));
            let expected = format!("{}.{}", tenths / 10, tenths % 10);
            prop_assert_eq!(number(mean, 1, Lang::En), expected);
        }

        #[test]
        fn never_panics_and_never_shows_minus_zero(x in any::<f64>(), decimals in 0usize..12) {
            let s = number(x, decimals, Lang::Nl);
            prop_assert!(!s.starts_with("-0") || s.chars().any(|c| c.is_ascii_digit() && c != '0'));
            let _ = signed(x, decimals, Lang::En);
        }
    }
}
