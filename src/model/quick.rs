//! The quick log: one line of text that describes an entry, in English or Dutch.
//!
//! ```text
//! neck 6, left shoulder 4, anxiety 7, jaw clenching, breathing 2 min, #work: meeting ran late
//! nek 6, linkerschouder 4, angst 7
//! ne6 ls4 lb3 anx7
//! ```
//!
//! - A region or an emotion is followed by its level (0–10), with or without a space.
//! - A signal stands alone; a practice may be followed by minutes (`2`, `2 min`).
//! - `#word` is a tag; everything after the first `:` is the note.
//! - Names may be shortened to any unambiguous prefix (`ne`, `anx`), per word (`left sh`), or
//!   written as a short form (`ls` = left shoulder, `lb` = lower back in English, left leg in Dutch).
//!   Names of both languages are understood; where the two disagree, the chosen language wins.
//! - Plural and both-sides words rate both sides: `shoulders 5`, `both arms 3`, `schouders 5`,
//!   `beide benen 2` ([`BOTH`]). A side-less `shoulder` / `schouder` asks which side.
//! - Nothing is guessed across kinds: a shortening that could be an emotion or a region (`sh`:
//!   Shame or a shoulder) is refused with the choices, as is any prefix that fits several names.
//! - Commas are optional; they only keep names apart.
//!
//! A word that cannot be placed becomes a [`Problem`] with its byte span in the line and, where one
//! is close, a suggestion. Nothing is dropped: a line with problems never yields an entry.

use std::ops::Range;

use super::{BUILTIN_EMOTIONS, emotion_name};
use super::{EmotionRating, Entry, Lang, Level, Practice, PracticeKind, Region, Signal, TensionRating, limits};

/// What a name in the line stands for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// A region of the body (takes a level).
    Region(Region),
    /// An emotion code, built in or custom (takes an intensity).
    Emotion(String),
    /// An unnoticed-stress signal (stands alone).
    Signal(Signal),
    /// A practice (optionally followed by minutes).
    Practice(PracticeKind),
    /// Both sides of a region that has two (`shoulders`, `beide benen`): one level for both.
    Both(Region, Region),
}

/// Regions with a left and a right side, and the words that rate both at once: the name of the
/// pair (English, Dutch) and the plural words people type.
pub const BOTH: [Pair; 4] = [
    Pair {
        left: Region::ShoulderLeft,
        right: Region::ShoulderRight,
        en: "Both shoulders",
        nl: "Beide schouders",
        words_en: &["shoulders"],
        words_nl: &["schouders"],
        side_less: ["shoulder", "schouder"],
    },
    Pair {
        left: Region::ArmLeft,
        right: Region::ArmRight,
        en: "Both arms",
        nl: "Beide armen",
        words_en: &["arms"],
        words_nl: &["armen"],
        side_less: ["arm", "arm"],
    },
    Pair {
        left: Region::LegLeft,
        right: Region::LegRight,
        en: "Both legs",
        nl: "Beide benen",
        words_en: &["legs"],
        words_nl: &["benen"],
        side_less: ["leg", "been"],
    },
    Pair {
        left: Region::HipLeft,
        right: Region::HipRight,
        en: "Both hips",
        nl: "Beide heupen",
        words_en: &["hips"],
        words_nl: &["heupen"],
        side_less: ["hip", "heup"],
    },
];

/// A region with a left and a right side, as the quick log names it.
#[derive(Clone, Copy, Debug)]
pub struct Pair {
    /// The left side.
    pub left: Region,
    /// The right side.
    pub right: Region,
    /// "Both shoulders" (also what `both shoulders` types).
    pub en: &'static str,
    /// "Beide schouders" (also what `beide schouders` types).
    pub nl: &'static str,
    /// Plural words in English that rate both sides.
    pub words_en: &'static [&'static str],
    /// Plural words in Dutch that rate both sides.
    pub words_nl: &'static [&'static str],
    /// The word without a side (English, Dutch): asks which side is meant.
    pub side_less: [&'static str; 2],
}

impl Pair {
    fn of(left: Region, right: Region) -> Option<&'static Pair> {
        BOTH.iter().find(|p| p.left == left && p.right == right)
    }
}

impl Target {
    /// The localised display name.
    pub fn name(&self, lang: Lang) -> String {
        match self {
            Target::Region(r) => r.name(lang).to_owned(),
            Target::Emotion(code) => emotion_name(code, lang).to_owned(),
            Target::Signal(s) => s.name(lang).to_owned(),
            Target::Practice(p) => p.name(lang).to_owned(),
            Target::Both(l, r) => Pair::of(*l, *r)
                .map_or_else(|| format!("{} + {}", l.name(lang), r.name(lang)), |p| lang.pick(p.en, p.nl).to_owned()),
        }
    }

    /// Whether it takes a level (a region or an emotion), and which of the two kinds it is:
    /// `Some(true)` for a region, `Some(false)` for an emotion.
    fn level_kind(&self) -> Option<bool> {
        match self {
            Target::Region(_) | Target::Both(..) => Some(true),
            Target::Emotion(_) => Some(false),
            Target::Signal(_) | Target::Practice(_) => None,
        }
    }

    /// The regions it rates.
    fn regions(&self) -> Vec<Region> {
        match self {
            Target::Region(r) => vec![*r],
            Target::Both(l, r) => vec![*l, *r],
            _ => Vec::new(),
        }
    }
}

/// One understood part of the line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// `neck 6`.
    Tension(TensionRating),
    /// `anxiety 7`.
    Emotion(EmotionRating),
    /// `jaw clenching`.
    Signal(Signal),
    /// `breathing 2 min`.
    Practice(Practice),
    /// `#work`.
    Tag(String),
}

/// Why a part of the line could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// A word that is no known name; `suggestion` is the closest name, if any is close.
    Unknown {
        /// The word as typed.
        word: String,
        /// The closest known name in the chosen language.
        suggestion: Option<String>,
    },
    /// A prefix that fits several names.
    Ambiguous {
        /// The prefix as typed.
        word: String,
        /// The names it fits (display names, at most a few).
        candidates: Vec<String>,
    },
    /// A region or emotion without a level.
    MissingLevel(String),
    /// A number that is not a level from 0 to 10 (for the named region or emotion).
    BadLevel(String, String),
    /// A number where no name comes before it.
    StrayNumber(String),
    /// A signal followed by a number (signals have no level).
    SignalWithNumber(String),
    /// Minutes that are not a whole number up to a day.
    BadMinutes(String),
    /// The same region, emotion, signal or practice twice.
    Twice(String),
    /// `#` without a name, or a tag that is too long.
    BadTag(String),
    /// A second practice (an entry holds one).
    SecondPractice(String),
    /// The note is longer than an entry allows.
    NoteTooLong,
}

/// A part of the line that could not be used, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Byte range in the line.
    pub span: Range<usize>,
    /// What is wrong.
    pub kind: ProblemKind,
}

impl Problem {
    /// A short explanation in `lang`, with the suggestion when there is one.
    pub fn describe(&self, lang: Lang) -> String {
        use ProblemKind as K;
        match &self.kind {
            K::Unknown { word, suggestion: Some(s) } => format!(
                "{} `{word}`; {} `{s}`?",
                lang.pick("unknown word", "onbekend woord"),
                lang.pick("did you mean", "bedoel je")
            ),
            K::Unknown { word, suggestion: None } => format!(
                "{} `{word}` {}",
                lang.pick("unknown word", "onbekend woord"),
                lang.pick("(put a note after `:`)", "(zet een notitie na `:`)")
            ),
            K::Ambiguous { word, candidates } => {
                let list = match candidates.split_last() {
                    Some((last, rest)) if !rest.is_empty() => {
                        format!("{} {} {last}", rest.join(", "), lang.pick("or", "of"))
                    }
                    _ => candidates.join(""),
                };
                format!(
                    "`{word}` {} {list}; {}",
                    lang.pick("could be", "kan zijn:"),
                    lang.pick("type more of the name", "typ meer van de naam")
                )
            }
            K::MissingLevel(name) => {
                format!("{name}: {}", lang.pick("add a level from 0 to 10", "geef een niveau van 0 tot 10"))
            }
            K::BadLevel(name, n) => {
                format!("{name}: `{n}` {}", lang.pick("is not a level from 0 to 10", "is geen niveau van 0 tot 10"))
            }
            K::StrayNumber(n) => {
                format!("`{n}`: {}", lang.pick("a number needs a name before it", "voor een getal hoort een naam"))
            }
            K::SignalWithNumber(name) => {
                format!("{name}: {}", lang.pick("a signal has no level", "een signaal heeft geen niveau"))
            }
            K::BadMinutes(n) => format!(
                "`{n}`: {} {}",
                lang.pick("minutes should be a whole number up to", "minuten moeten een heel getal zijn tot"),
                limits::PRACTICE_MINUTES
            ),
            K::Twice(name) => format!("{name} {}", lang.pick("appears twice", "staat er twee keer")),
            K::BadTag(tag) => format!(
                "`{tag}`: {} {} {}",
                lang.pick("a tag needs a name of 1 to", "een label heeft een naam van 1 tot"),
                limits::LABEL_CHARS,
                lang.pick("characters", "tekens")
            ),
            K::SecondPractice(name) => {
                format!("{name}: {}", lang.pick("an entry holds one practice", "een meting heeft één oefening"))
            }
            K::NoteTooLong => format!(
                "{} {} {}",
                lang.pick("the note is longer than", "de notitie is langer dan"),
                limits::NOTE_CHARS,
                lang.pick("characters", "tekens")
            ),
        }
    }
}

/// The result of reading a line: everything understood, and everything that was not.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Understood parts, each with its byte span, in line order.
    pub items: Vec<(Range<usize>, Item)>,
    /// Text after the first `:`, trimmed.
    pub note: String,
    /// Parts that could not be used, in line order.
    pub problems: Vec<Problem>,
}

impl Parsed {
    /// True when the line has no problems and says something.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty() && !(self.items.is_empty() && self.note.is_empty())
    }

    /// Writes the understood parts into `entry` (levels, emotions, signals, practice and tags
    /// replace or join what is there; the note is appended on a new line).
    pub fn apply_to(&self, entry: &mut Entry) {
        for (_, item) in &self.items {
            match item {
                Item::Tension(t) => entry.set_tension(t.region, Some(t.level)),
                Item::Emotion(e) => entry.set_emotion(&e.code, Some(e.intensity)),
                Item::Signal(s) => {
                    if !entry.signals.contains(s) {
                        entry.signals.push(*s);
                    }
                }
                Item::Practice(p) => entry.practice = Some(*p),
                Item::Tag(t) => {
                    if !entry.tags.contains(t) {
                        entry.tags.push(t.clone());
                    }
                }
            }
        }
        if !self.note.is_empty() {
            if !entry.note.trim().is_empty() {
                entry.note.push('\n');
            }
            entry.note.push_str(&self.note);
        }
        entry.normalize();
    }

    /// The entry the line describes, at `at`, or its problems.
    pub fn to_entry(&self, at: chrono::DateTime<chrono::FixedOffset>) -> Result<Entry, Vec<Problem>> {
        if !self.problems.is_empty() {
            return Err(self.problems.clone());
        }
        let mut e = Entry::new(at);
        self.apply_to(&mut e);
        Ok(e)
    }
}

/// A plain-text account of the problems for a terminal: a heading, the line, and per problem a
/// caret line under its span and the explanation.
pub fn explain(line: &str, problems: &[Problem], lang: Lang) -> String {
    let mut out = match problems.len() {
        1 => lang
            .pick(
                "the quick log has 1 problem; nothing was saved:",
                "snel vastleggen: 1 probleem; er is niets bewaard:",
            )
            .to_owned(),
        n => format!(
            "{} {n} {}",
            lang.pick("the quick log has", "snel vastleggen:"),
            lang.pick("problems; nothing was saved:", "problemen; er is niets bewaard:")
        ),
    };
    for p in problems {
        let before = line.get(..p.span.start).map_or(0, |s| s.chars().count());
        let width = line.get(p.span.clone()).map_or(1, |s| s.chars().count().max(1));
        out.push_str(&format!("\n  {line}\n  {}{} {}", " ".repeat(before), "^".repeat(width), p.describe(lang)));
    }
    out
}

/// Reads a quick-log line. `lang` decides short forms and prefixes both languages share, and the
/// language of suggestions; `custom_emotions` are the person's own emotion names.
pub fn parse(line: &str, lang: Lang, custom_emotions: &[String]) -> Parsed {
    let (head, note_part) = match line.find(':') {
        Some(i) => (&line[..i], Some(&line[i + 1..])),
        None => (line, None),
    };
    let vocab = Vocab::new(lang, custom_emotions);
    let tokens = tokenize(head);
    let mut out = Parsed::default();
    if let Some(note) = note_part {
        out.note = note.trim().to_owned();
        if out.note.chars().count() > limits::NOTE_CHARS {
            out.problems.push(Problem { span: head.len() + 1..line.len(), kind: ProblemKind::NoteTooLong });
        }
    }
    let mut seen: Vec<Target> = Vec::new();
    let mut has_practice = false;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        match t.kind {
            Tok::Sep => i += 1,
            Tok::Number => {
                out.problems.push(Problem { span: t.span.clone(), kind: ProblemKind::StrayNumber(t.text.clone()) });
                i += 1;
            }
            Tok::Tag => {
                let name = t.text.trim_start_matches('#');
                if name.is_empty() || name.chars().count() > limits::LABEL_CHARS {
                    out.problems.push(Problem { span: t.span.clone(), kind: ProblemKind::BadTag(t.text.clone()) });
                } else if !out.items.iter().any(|(_, it)| matches!(it, Item::Tag(x) if x == name)) {
                    out.items.push((t.span.clone(), Item::Tag(name.to_owned())));
                }
                i += 1;
            }
            Tok::Word => {
                let words: Vec<&Token> = tokens[i..].iter().take_while(|t| t.kind == Tok::Word).collect();
                let (used, found) = vocab.longest_match(&words);
                let start = t.span.start;
                let name_end = words[used - 1].span.end;
                i += used;
                let target = match found {
                    Found::One(target) => target,
                    Found::Many(candidates) => {
                        out.problems.push(Problem {
                            span: start..name_end,
                            kind: ProblemKind::Ambiguous { word: span_text(head, start..name_end), candidates },
                        });
                        // Its number, if any, belongs to it.
                        if tokens.get(i).is_some_and(|t| t.kind == Tok::Number) {
                            i += 1;
                        }
                        continue;
                    }
                    Found::None => {
                        let word = t.text.clone();
                        let suggestion = vocab.suggest(&word);
                        out.problems
                            .push(Problem { span: t.span.clone(), kind: ProblemKind::Unknown { word, suggestion } });
                        if tokens.get(i).is_some_and(|t| t.kind == Tok::Number) {
                            i += 1;
                        }
                        continue;
                    }
                };
                let name = target.name(lang);
                let number = tokens.get(i).filter(|t| t.kind == Tok::Number).cloned();
                if number.is_some() {
                    i += 1;
                }
                let end = number.as_ref().map_or(name_end, |n| n.span.end);
                let span = start..end;
                let regions = target.regions();
                if seen.contains(&target) || seen.iter().any(|t| t.regions().iter().any(|r| regions.contains(r))) {
                    out.problems.push(Problem { span, kind: ProblemKind::Twice(name) });
                    continue;
                }
                seen.push(target.clone());
                let level = |n: &Token| n.text.parse::<u8>().ok().and_then(Level::new);
                match target {
                    Target::Region(_) | Target::Both(..) | Target::Emotion(_) if number.is_none() => {
                        out.problems.push(Problem { span, kind: ProblemKind::MissingLevel(name) });
                    }
                    Target::Region(region) => match number.as_ref().and_then(level) {
                        Some(level) => out.items.push((span, Item::Tension(TensionRating { region, level }))),
                        None => out.problems.push(Problem {
                            span,
                            kind: ProblemKind::BadLevel(name, number.map(|n| n.text).unwrap_or_default()),
                        }),
                    },
                    Target::Both(left, right) => match number.as_ref().and_then(level) {
                        Some(level) => {
                            out.items.push((span.clone(), Item::Tension(TensionRating { region: left, level })));
                            out.items.push((span, Item::Tension(TensionRating { region: right, level })));
                        }
                        None => out.problems.push(Problem {
                            span,
                            kind: ProblemKind::BadLevel(name, number.map(|n| n.text).unwrap_or_default()),
                        }),
                    },
                    Target::Emotion(code) => match number.as_ref().and_then(level) {
                        Some(intensity) => out.items.push((span, Item::Emotion(EmotionRating { code, intensity }))),
                        None => out.problems.push(Problem {
                            span,
                            kind: ProblemKind::BadLevel(name, number.map(|n| n.text).unwrap_or_default()),
                        }),
                    },
                    Target::Signal(s) => match number {
                        Some(_) => out.problems.push(Problem { span, kind: ProblemKind::SignalWithNumber(name) }),
                        None => out.items.push((span, Item::Signal(s))),
                    },
                    Target::Practice(kind) => {
                        let mut end = span.end;
                        if number.is_some()
                            && let Some(unit) =
                                tokens.get(i).filter(|t| t.kind == Tok::Word && is_minutes_word(&t.text))
                        {
                            end = unit.span.end;
                            i += 1;
                        }
                        let span = span.start..end;
                        let minutes = match &number {
                            None => Some(0),
                            Some(n) => n.text.parse::<u16>().ok().filter(|&m| m <= limits::PRACTICE_MINUTES),
                        };
                        if has_practice {
                            out.problems.push(Problem { span, kind: ProblemKind::SecondPractice(name) });
                        } else if let Some(minutes) = minutes {
                            has_practice = true;
                            out.items.push((span, Item::Practice(Practice { kind, minutes })));
                        } else {
                            let n = number.map(|n| n.text).unwrap_or_default();
                            out.problems.push(Problem { span, kind: ProblemKind::BadMinutes(n) });
                        }
                    }
                }
            }
        }
    }
    out
}

/// Completes the last word(s) of `line` to the one name they can only mean, in `lang`; `None`
/// when there is nothing to complete or the prefix fits several names.
pub fn complete(line: &str, lang: Lang, custom_emotions: &[String]) -> Option<String> {
    if line.contains(':') || line.ends_with(|c: char| !c.is_alphabetic()) {
        return None;
    }
    let tokens = tokenize(line);
    let tail: Vec<&Token> = {
        let mut v: Vec<&Token> = tokens.iter().rev().take_while(|t| t.kind == Tok::Word).collect();
        v.reverse();
        v
    };
    if tail.is_empty() {
        return None;
    }
    let vocab = Vocab::new(lang, custom_emotions);
    // The longest run of trailing words that names exactly one thing.
    for start in 0..tail.len() {
        let words = &tail[start..];
        let (used, found) = vocab.longest_match(words);
        if used != words.len() {
            continue;
        }
        if let Found::One(target) = found {
            let name = target.name(lang).to_lowercase();
            let name = name.split(" (").next().unwrap_or(&name).to_owned();
            let from = words[0].span.start;
            let mut out = line[..from].to_owned();
            out.push_str(&name);
            out.push(' ');
            return Some(out);
        }
    }
    None
}

/// What the quick log's short forms mean in `lang`, for the help (F1): each written form with
/// the name it stands for ("ls" → "Left shoulder", "shoulders" → "Both shoulders").
pub fn short_forms(lang: Lang) -> Vec<(String, String)> {
    let short: &[(&str, Region)] = match lang {
        Lang::En => &SHORT_EN,
        Lang::Nl => &SHORT_NL,
    };
    let mut out: Vec<(String, String)> = Vec::new();
    for (form, region) in short {
        let name = region.name(lang).to_owned();
        match out.iter_mut().find(|(_, n)| *n == name) {
            Some((forms, _)) => forms.push_str(&format!(", {form}")),
            None => out.push(((*form).to_owned(), name)),
        }
    }
    for p in &BOTH {
        let words = match lang {
            Lang::En => p.words_en,
            Lang::Nl => p.words_nl,
        };
        let both = lang.pick(p.en, p.nl);
        out.push((format!("{}, {}", words.join(", "), both.to_lowercase()), both.to_owned()));
    }
    out
}

fn is_minutes_word(w: &str) -> bool {
    matches!(w.to_lowercase().as_str(), "m" | "min" | "mins" | "minute" | "minutes" | "minuut" | "minuten")
}

fn span_text(s: &str, r: Range<usize>) -> String {
    s.get(r).unwrap_or_default().to_owned()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Word,
    Number,
    Tag,
    /// A comma or semicolon: names never reach across it.
    Sep,
}

#[derive(Clone, Debug)]
struct Token {
    kind: Tok,
    span: Range<usize>,
    text: String,
}

/// Splits into words (letters and apostrophes), numbers (ASCII digits), tags (`#...`) and
/// separators; letters and digits glued together (`ne6`) are two tokens.
fn tokenize(s: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == ',' || c == ';' {
            out.push(Token { kind: Tok::Sep, span: i..i + 1, text: c.to_string() });
        } else if c == '#' {
            let mut end = i + 1;
            while let Some(&(j, d)) = chars.peek() {
                if d.is_whitespace() || d == ',' || d == ';' || d == '#' {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            out.push(Token { kind: Tok::Tag, span: i..end, text: s[i..end].to_owned() });
        } else if c.is_ascii_digit() {
            let mut end = i + 1;
            while let Some(&(j, d)) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                end = j + 1;
                chars.next();
            }
            out.push(Token { kind: Tok::Number, span: i..end, text: s[i..end].to_owned() });
        } else if c.is_alphabetic() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !(d.is_alphabetic() || d == '\'') {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            out.push(Token { kind: Tok::Word, span: i..end, text: s[i..end].to_owned() });
        } else if !(c.is_whitespace() || c == '-' || c == '_' || c == '.' || c == '/') {
            // Anything else is kept as a word of its own, so it is reported, never dropped.
            out.push(Token { kind: Tok::Word, span: i..i + c.len_utf8(), text: c.to_string() });
        }
    }
    out
}

/// One way to write a name: its lowercase words, the language it belongs to (`None` for both).
struct Alias {
    words: Vec<String>,
    lang: Option<Lang>,
    target: Target,
    /// Matched only when typed in full (a plural: `sh` must not become "both shoulders").
    exact: bool,
}

enum Found {
    None,
    One(Target),
    Many(Vec<String>),
}

struct Vocab {
    lang: Lang,
    aliases: Vec<Alias>,
}

/// Short forms that are not prefixes, per language.
const SHORT_EN: [(&str, Region); 12] = [
    ("ls", Region::ShoulderLeft),
    ("rs", Region::ShoulderRight),
    ("lb", Region::LowerBack),
    ("ub", Region::UpperBack),
    ("la", Region::ArmLeft),
    ("ra", Region::ArmRight),
    ("ll", Region::LegLeft),
    ("rl", Region::LegRight),
    ("lh", Region::HipLeft),
    ("rh", Region::HipRight),
    ("lsh", Region::ShoulderLeft),
    ("rsh", Region::ShoulderRight),
];
const SHORT_NL: [(&str, Region); 10] = [
    ("ls", Region::ShoulderLeft),
    ("rs", Region::ShoulderRight),
    ("lb", Region::LegLeft),
    ("rb", Region::LegRight),
    ("la", Region::ArmLeft),
    ("ra", Region::ArmRight),
    ("lh", Region::HipLeft),
    ("rh", Region::HipRight),
    ("or", Region::LowerBack),
    ("br", Region::UpperBack),
];

/// Extra names people use, beyond the catalogue's (lowercase, words separated by spaces).
const EXTRA: &[(&str, Option<Lang>, Extra)] = &[
    ("shoulder blades", Some(Lang::En), Extra::R(Region::UpperBack)),
    ("upper back", Some(Lang::En), Extra::R(Region::UpperBack)),
    ("diaphragm", Some(Lang::En), Extra::R(Region::Belly)),
    ("stomach", Some(Lang::En), Extra::R(Region::Belly)),
    ("linker schouder", Some(Lang::Nl), Extra::R(Region::ShoulderLeft)),
    ("rechter schouder", Some(Lang::Nl), Extra::R(Region::ShoulderRight)),
    ("linker arm", Some(Lang::Nl), Extra::R(Region::ArmLeft)),
    ("rechter arm", Some(Lang::Nl), Extra::R(Region::ArmRight)),
    ("linker been", Some(Lang::Nl), Extra::R(Region::LegLeft)),
    ("rechter been", Some(Lang::Nl), Extra::R(Region::LegRight)),
    ("linker heup", Some(Lang::Nl), Extra::R(Region::HipLeft)),
    ("rechter heup", Some(Lang::Nl), Extra::R(Region::HipRight)),
    ("schouderbladen", Some(Lang::Nl), Extra::R(Region::UpperBack)),
    ("bovenrug", Some(Lang::Nl), Extra::R(Region::UpperBack)),
    ("buik", Some(Lang::Nl), Extra::R(Region::Belly)),
    ("middenrif", Some(Lang::Nl), Extra::R(Region::Belly)),
    ("breathing", Some(Lang::En), Extra::P(PracticeKind::Breathing46)),
    ("ademhaling", Some(Lang::Nl), Extra::P(PracticeKind::Breathing46)),
    ("walking", Some(Lang::En), Extra::P(PracticeKind::Walk)),
    ("micropause", Some(Lang::En), Extra::P(PracticeKind::MicroPause)),
    ("pmr", None, Extra::P(PracticeKind::MuscleRelaxation)),
    ("spierontspanning", Some(Lang::Nl), Extra::P(PracticeKind::MuscleRelaxation)),
    ("stretch", Some(Lang::En), Extra::P(PracticeKind::Stretching)),
    ("anxious", Some(Lang::En), Extra::E("anxiety")),
    ("sad", Some(Lang::En), Extra::E("sadness")),
    ("angry", Some(Lang::En), Extra::E("anger")),
    ("stressed", Some(Lang::En), Extra::E("stress")),
    ("restless", Some(Lang::En), Extra::E("restlessness")),
    ("bang", Some(Lang::Nl), Extra::E("anxiety")),
    ("boos", Some(Lang::Nl), Extra::E("anger")),
];

#[derive(Clone, Copy)]
enum Extra {
    R(Region),
    P(PracticeKind),
    E(&'static str),
}

/// Lowercase words of a display name, without a bracketed remark and with `4–6` and dashes gone.
fn name_words(name: &str) -> Vec<String> {
    let name = name.split(" (").next().unwrap_or(name).to_lowercase();
    tokenize(&name)
        .into_iter()
        .filter(|t| t.kind == Tok::Word && t.text.chars().all(char::is_alphabetic))
        .map(|t| t.text)
        .collect()
}

impl Vocab {
    fn new(lang: Lang, custom: &[String]) -> Vocab {
        let mut aliases = Vec::new();
        let mut exact_aliases = Vec::new();
        let mut add = |words: Vec<String>, lang: Option<Lang>, target: Target| {
            if !words.is_empty() {
                aliases.push(Alias { words, lang, target, exact: false });
            }
        };
        for p in &BOTH {
            let target = Target::Both(p.left, p.right);
            add(name_words(p.en), Some(Lang::En), target.clone());
            add(name_words(p.nl), Some(Lang::Nl), target.clone());
            for (words, l) in [(p.words_en, Lang::En), (p.words_nl, Lang::Nl)] {
                for w in words {
                    exact_aliases.push(Alias {
                        words: vec![(*w).to_owned()],
                        lang: Some(l),
                        target: target.clone(),
                        exact: true,
                    });
                }
            }
        }
        for l in Lang::ALL {
            for r in Region::ALL {
                add(name_words(r.name(l)), Some(l), Target::Region(r));
            }
            for e in BUILTIN_EMOTIONS {
                add(name_words(l.pick(e.en, e.nl)), Some(l), Target::Emotion(e.code.to_owned()));
            }
            for &s in Signal::ALL {
                add(name_words(s.name(l)), Some(l), Target::Signal(s));
            }
            for &p in PracticeKind::ALL {
                if p != PracticeKind::Other {
                    add(name_words(p.name(l)), Some(l), Target::Practice(p));
                }
            }
        }
        for r in Region::ALL {
            add(r.code().split('_').map(str::to_owned).collect(), None, Target::Region(r));
        }
        for &s in Signal::ALL {
            add(s.code().split('_').map(str::to_owned).collect(), None, Target::Signal(s));
        }
        for (short, r) in SHORT_EN {
            add(vec![short.to_owned()], Some(Lang::En), Target::Region(r));
        }
        for (short, r) in SHORT_NL {
            add(vec![short.to_owned()], Some(Lang::Nl), Target::Region(r));
        }
        for (text, l, extra) in EXTRA {
            let target = match *extra {
                Extra::R(r) => Target::Region(r),
                Extra::P(p) => Target::Practice(p),
                Extra::E(code) => Target::Emotion(code.to_owned()),
            };
            add(text.split(' ').map(str::to_owned).collect(), *l, target);
        }
        for c in custom {
            if !BUILTIN_EMOTIONS.iter().any(|e| e.code == c) {
                add(name_words(c), None, Target::Emotion(c.clone()));
            }
        }
        aliases.extend(exact_aliases);
        Vocab { lang, aliases }
    }

    /// The longest run of `words` (at least one) that names something: how many words it used and
    /// what they name. With no match at all, one word is used and `Found::None` returned.
    fn longest_match(&self, words: &[&Token]) -> (usize, Found) {
        let max = words.len().min(4);
        for k in (1..=max).rev() {
            let typed: Vec<String> = words[..k].iter().map(|t| t.text.to_lowercase()).collect();
            match self.resolve(&typed) {
                Found::None => {}
                found => return (k, found),
            }
        }
        (1, Found::None)
    }

    /// What the typed words name, by rank: an exact alias; else a prefix of a whole alias (each
    /// word a prefix of the alias's word); else a prefix of the first words of a longer alias.
    /// Within a rank, one target wins outright, else the chosen language decides, else it is
    /// ambiguous.
    fn resolve(&self, typed: &[String]) -> Found {
        // A side-less "shoulder" asks which side (or both), whatever else it might shorten.
        if let [word] = typed
            && let Some(p) = BOTH.iter().find(|p| p.side_less.contains(&word.as_str()))
        {
            return Found::Many(
                [Target::Region(p.left), Target::Region(p.right), Target::Both(p.left, p.right)]
                    .iter()
                    .map(|t| t.name(self.lang))
                    .collect(),
            );
        }
        let mut ranks: [Vec<&Alias>; 3] = [Vec::new(), Vec::new(), Vec::new()];
        for a in &self.aliases {
            if a.words.len() < typed.len() || !typed.iter().zip(&a.words).all(|(t, w)| w.starts_with(t.as_str())) {
                continue;
            }
            if a.exact && !(a.words.len() == typed.len() && typed.iter().zip(&a.words).all(|(t, w)| t == w)) {
                continue;
            }
            let rank = if a.words.len() > typed.len() {
                2
            } else if typed.iter().zip(&a.words).all(|(t, w)| t == w) {
                0
            } else {
                1
            };
            ranks[rank].push(a);
        }
        let targets_of = |found: &[&Alias]| {
            let mut targets: Vec<Target> = Vec::new();
            for a in found {
                if !targets.contains(&a.target) {
                    targets.push(a.target.clone());
                }
            }
            targets
        };
        for (rank, found) in ranks.iter().enumerate() {
            if found.is_empty() {
                continue;
            }
            let targets = targets_of(found);
            // A region and an emotion fit: the person chooses (no language settles it).
            let kinds: Vec<bool> = targets.iter().filter_map(Target::level_kind).collect();
            if kinds.iter().any(|&k| k) && kinds.iter().any(|&k| !k) {
                return Found::Many(self.choices(&targets));
            }
            let one = if targets.len() == 1 {
                Some(targets[0].clone())
            } else {
                let mine: Vec<&Target> = targets
                    .iter()
                    .filter(|t| found.iter().any(|a| &a.target == *t && a.lang.is_none_or(|l| l == self.lang)))
                    .collect();
                (mine.len() == 1).then(|| mine[0].clone())
            };
            let Some(one) = one else {
                return Found::Many(self.choices(&targets));
            };
            // A shortening never guesses between a region and an emotion: when a longer name of
            // the other kind starts the same way, the person chooses.
            if rank == 1
                && let Some(kind) = one.level_kind()
            {
                let other: Vec<Target> =
                    targets_of(&ranks[2]).into_iter().filter(|t| t.level_kind().is_some_and(|k| k != kind)).collect();
                if !other.is_empty() {
                    let mut all = vec![one];
                    all.extend(other);
                    return Found::Many(self.choices(&all));
                }
            }
            return Found::One(one);
        }
        Found::None
    }

    /// The names of `targets` to choose from, sorted, with "Both shoulders" when both sides of
    /// a pair are among them, at most 6.
    fn choices(&self, targets: &[Target]) -> Vec<String> {
        let mut names: Vec<String> = targets.iter().map(|t| t.name(self.lang)).collect();
        names.sort();
        for p in &BOTH {
            if targets.contains(&Target::Region(p.left)) && targets.contains(&Target::Region(p.right)) {
                names.push(self.lang.pick(p.en, p.nl).to_owned());
            }
        }
        names.dedup();
        names.truncate(6);
        names
    }

    /// The closest display name in the chosen language, when it is reasonably close.
    fn suggest(&self, word: &str) -> Option<String> {
        let word = word.to_lowercase();
        let mut best: Option<(f64, String)> = None;
        for a in &self.aliases {
            if a.lang.is_some_and(|l| l != self.lang) {
                continue;
            }
            // Compare with the alias's first word and with the whole alias.
            for candidate in [a.words[0].clone(), a.words.join(" ")] {
                let score = strsim::jaro_winkler(&word, &candidate);
                if best.as_ref().is_none_or(|(b, _)| score > *b) {
                    let name = a.target.name(self.lang).to_lowercase();
                    best = Some((score, name.split(" (").next().unwrap_or(&name).to_owned()));
                }
            }
        }
        best.filter(|(score, _)| *score >= 0.75).map(|(_, name)| name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(line: &str) -> Parsed {
        parse(line, Lang::En, &[])
    }

    fn tension(line: &str, lang: Lang) -> Vec<(Region, u8)> {
        parse(line, lang, &[])
            .items
            .into_iter()
            .filter_map(|(_, i)| match i {
                Item::Tension(t) => Some((t.region, t.level.get())),
                _ => None,
            })
            .collect()
    }

    fn at() -> chrono::DateTime<chrono::FixedOffset> {
        chrono::DateTime::parse_from_rfc3339("2026-11-20T08:30:00+01:00").expect("time")
    }

    #[test]
    fn the_full_english_example_becomes_one_entry() {
        let parsed = p("neck 6, left shoulder 4, anxiety 7, jaw clenching, breathing 2 min, #work: meeting ran late");
        assert_eq!(parsed.problems, vec![]);
        let e = parsed.to_entry(at()).expect("clean");
        assert_eq!(e.level_of(Region::Neck), Level::new(6));
        assert_eq!(e.level_of(Region::ShoulderLeft), Level::new(4));
        assert_eq!(e.level_of(Region::Jaw), Some(Level::ZERO), "jaw clenching is a signal, not the jaw");
        assert_eq!(e.intensity_of("anxiety"), Level::new(7));
        assert_eq!(e.signals, vec![Signal::JawClenching]);
        assert_eq!(e.practice, Some(Practice { kind: PracticeKind::Breathing46, minutes: 2 }));
        assert_eq!(e.tags, vec!["work".to_owned()]);
        assert_eq!(e.note, "meeting ran late");
        assert_eq!(e.at, at());
    }

    #[test]
    fn the_dutch_example_and_dutch_words() {
        let parsed = parse("nek 6, linkerschouder 4, angst 7, kaakklemmen, wandelen 10 minuten", Lang::Nl, &[]);
        assert_eq!(parsed.problems, vec![]);
        let e = parsed.to_entry(at()).expect("clean");
        assert_eq!(e.level_of(Region::Neck), Level::new(6));
        assert_eq!(e.level_of(Region::ShoulderLeft), Level::new(4));
        assert_eq!(e.intensity_of("anxiety"), Level::new(7));
        assert_eq!(e.signals, vec![Signal::JawClenching]);
        assert_eq!(e.practice, Some(Practice { kind: PracticeKind::Walk, minutes: 10 }));
        // Dutch names also work when the interface is English, and the other way round.
        assert_eq!(tension("nek 6, linker schouder 4", Lang::En), vec![(Region::Neck, 6), (Region::ShoulderLeft, 4)]);
        assert_eq!(tension("left shoulder 4", Lang::Nl), vec![(Region::ShoulderLeft, 4)]);
    }

    #[test]
    fn glued_numbers_prefixes_and_short_forms() {
        let parsed = p("ne6 ls4 lb3 anx7");
        assert_eq!(parsed.problems, vec![]);
        let e = parsed.to_entry(at()).expect("clean");
        assert_eq!(e.level_of(Region::Neck), Level::new(6));
        assert_eq!(e.level_of(Region::ShoulderLeft), Level::new(4));
        assert_eq!(e.level_of(Region::LowerBack), Level::new(3));
        assert_eq!(e.intensity_of("anxiety"), Level::new(7));
        assert_eq!(tension("ne 6", Lang::En), vec![(Region::Neck, 6)]);
        assert_eq!(tension("left sh 2, low b 5", Lang::En), vec![(Region::ShoulderLeft, 2), (Region::LowerBack, 5)]);
        // `lb` is the lower back in English and the left leg in Dutch.
        assert_eq!(tension("lb3", Lang::Nl), vec![(Region::LegLeft, 3)]);
        // Codes work too.
        assert_eq!(tension("shoulder_right 8", Lang::En), vec![(Region::ShoulderRight, 8)]);
    }

    #[test]
    fn spans_point_at_the_text() {
        let line = "neck 6, anxiety 7";
        let parsed = p(line);
        let spans: Vec<&str> = parsed.items.iter().map(|(s, _)| &line[s.clone()]).collect();
        assert_eq!(spans, vec!["neck 6", "anxiety 7"]);
    }

    #[test]
    fn unknown_words_are_problems_with_a_suggestion_never_dropped() {
        let line = "neck 6, shouldr 4, anxity 7";
        let parsed = p(line);
        assert_eq!(parsed.problems.len(), 2, "{:?}", parsed.problems);
        assert_eq!(&line[parsed.problems[0].span.clone()], "shouldr");
        let msg = parsed.problems[1].describe(Lang::En);
        assert!(msg.contains("anxity") && msg.contains("anxiety"), "{msg}");
        assert!(parsed.to_entry(at()).is_err());
        assert!(!parsed.is_clean());
        let nl = parse("nek 6, schoudr 4", Lang::Nl, &[]);
        assert!(nl.problems[0].describe(Lang::Nl).contains("bedoel je"), "{:?}", nl.problems);
        // Without a `:`, a sentence is not silently a note.
        let parsed = p("neck 6 meeting ran late");
        assert_eq!(parsed.problems.len(), 3);
    }

    #[test]
    fn ambiguous_prefixes_are_reported_with_their_candidates() {
        let parsed = p("an 5");
        let ProblemKind::Ambiguous { candidates, .. } = &parsed.problems[0].kind else {
            panic!("{parsed:?}");
        };
        assert!(candidates.contains(&"Anxiety".to_owned()) && candidates.contains(&"Anger".to_owned()));
        assert!(parsed.problems[0].describe(Lang::En).contains(" or "));
        let parsed = p("left 5");
        assert_eq!(parsed.problems.len(), 1);
        assert!(parsed.items.is_empty());
    }

    #[test]
    fn plural_and_both_sides_words_rate_both_sides() {
        let both = |r: Region, v: u8| -> Vec<(Region, u8)> {
            let p = BOTH.iter().find(|p| p.left == r).expect("pair");
            vec![(p.left, v), (p.right, v)]
        };
        let line = "anxiety 7, neck 6, shoulders 5: deadline";
        let e = p(line).to_entry(at()).expect("clean");
        assert_eq!(e.level_of(Region::ShoulderLeft), Level::new(5));
        assert_eq!(e.level_of(Region::ShoulderRight), Level::new(5));
        assert_eq!(e.level_of(Region::Neck), Level::new(6));
        assert_eq!(e.intensity_of("anxiety"), Level::new(7));
        assert_eq!(e.note, "deadline");
        let e = parse("angst 7, nek 6, schouders 5: deadline", Lang::Nl, &[]).to_entry(at()).expect("clean");
        assert_eq!(
            (e.level_of(Region::ShoulderLeft), e.level_of(Region::ShoulderRight)),
            (Level::new(5), Level::new(5))
        );
        assert_eq!(tension("beide schouders 4", Lang::Nl), both(Region::ShoulderLeft, 4));
        assert_eq!(tension("both shoulders 4", Lang::En), both(Region::ShoulderLeft, 4));
        assert_eq!(tension("both sh 4", Lang::En), both(Region::ShoulderLeft, 4), "`both` says it");
        assert_eq!(tension("arms 3", Lang::En), both(Region::ArmLeft, 3));
        assert_eq!(tension("armen3", Lang::Nl), both(Region::ArmLeft, 3));
        assert_eq!(tension("legs 2", Lang::En), both(Region::LegLeft, 2));
        assert_eq!(tension("benen 2", Lang::Nl), both(Region::LegLeft, 2));
        assert_eq!(tension("hips 1", Lang::En), both(Region::HipLeft, 1));
        assert_eq!(tension("beide heupen 1", Lang::Nl), both(Region::HipLeft, 1));
        // Each language's words work in the other too.
        assert_eq!(tension("schouders 5", Lang::En), both(Region::ShoulderLeft, 5));
        // Both sides and one of them in one line is one region twice.
        let kinds: Vec<ProblemKind> = p("shoulders 5, left shoulder 3").problems.into_iter().map(|x| x.kind).collect();
        assert_eq!(kinds, vec![ProblemKind::Twice("Left shoulder".into())]);
        assert_eq!(complete("both sh", Lang::En, &[]).as_deref(), Some("both shoulders "));
    }

    #[test]
    fn a_shortening_is_never_guessed_between_an_emotion_and_a_region() {
        for (line, lang) in [("sh5", Lang::En), ("sh 5", Lang::Nl), ("neck 6, sh5", Lang::En)] {
            let parsed = parse(line, lang, &[]);
            assert!(parsed.items.iter().all(|(_, i)| !matches!(i, Item::Emotion(_))), "{line}: {parsed:?}");
            let Some(ProblemKind::Ambiguous { candidates, .. }) = parsed.problems.first().map(|p| &p.kind) else {
                panic!("{line}: {parsed:?}");
            };
            let shame = Target::Emotion("shame".into()).name(lang);
            assert!(candidates.contains(&shame), "{line}: {candidates:?}");
            assert!(candidates.contains(&Region::ShoulderLeft.name(lang).to_owned()), "{line}: {candidates:?}");
            assert!(parsed.to_entry(at()).is_err());
        }
        let msg = p("sh5").problems[0].describe(Lang::En);
        assert!(msg.contains("Shame") && msg.contains("Left shoulder") && msg.contains("Both shoulders"), "{msg}");
        // A side-less name asks for the side, in both languages (`schouder` was the upper back).
        for (line, lang) in
            [("shoulder 5", Lang::En), ("schouder 5", Lang::Nl), ("been 2", Lang::Nl), ("leg 2", Lang::En)]
        {
            let parsed = parse(line, lang, &[]);
            assert!(parsed.items.is_empty(), "{line}: {parsed:?}");
            assert!(
                matches!(&parsed.problems[0].kind, ProblemKind::Ambiguous { candidates, .. } if candidates.len() == 3),
                "{line}: {parsed:?}"
            );
        }
        // Full names and the short forms still work.
        assert_eq!(p("shame 5").problems, vec![]);
        assert_eq!(tension("ls4", Lang::En), vec![(Region::ShoulderLeft, 4)]);
    }

    /// Every shortening of every emotion's and region's name in both languages: where the same
    /// letters also start a name of the other kind, the line is refused, never read as one.
    #[test]
    fn no_shortening_shared_by_an_emotion_and_a_region_is_read_as_either() {
        for lang in Lang::ALL {
            let vocab = Vocab::new(lang, &[]);
            let mut refused = 0;
            for a in vocab.aliases.iter().filter(|a| a.target.level_kind().is_some() && !a.exact) {
                let first = &a.words[0];
                for end in first.char_indices().map(|(i, _)| i).skip(1) {
                    let prefix = &first[..end];
                    let kinds: std::collections::BTreeSet<bool> = vocab
                        .aliases
                        .iter()
                        .filter(|b| !b.exact && b.words[0].starts_with(prefix))
                        .filter_map(|b| b.target.level_kind())
                        .collect();
                    if kinds.len() < 2 {
                        continue;
                    }
                    let exact_name = vocab.aliases.iter().any(|b| b.words.len() == 1 && b.words[0] == prefix);
                    let parsed = parse(&format!("{prefix} 5"), lang, &[]);
                    if exact_name {
                        continue;
                    }
                    refused += 1;
                    assert!(parsed.items.is_empty(), "{lang:?} `{prefix} 5` was read as {:?}", parsed.items);
                    assert!(
                        matches!(parsed.problems.first().map(|p| &p.kind), Some(ProblemKind::Ambiguous { .. })),
                        "{lang:?} `{prefix} 5`: {:?}",
                        parsed.problems
                    );
                }
            }
            assert!(refused > 0, "the shared shortenings were found ({lang:?})");
        }
    }

    #[test]
    fn the_help_lists_every_short_form_and_what_it_means() {
        for lang in Lang::ALL {
            let forms = short_forms(lang);
            for (written, meaning) in &forms {
                for form in written.split(", ") {
                    let parsed = parse(&format!("{form} 3"), lang, &[]);
                    assert!(parsed.is_clean(), "{lang:?} `{form}`: {parsed:?}");
                    let names: Vec<String> = parsed
                        .items
                        .iter()
                        .filter_map(|(_, i)| match i {
                            Item::Tension(t) => Some(t.region.name(lang).to_owned()),
                            _ => None,
                        })
                        .collect();
                    assert!(
                        names.len() == 2 || names == [meaning.clone()],
                        "{lang:?} `{form}` is {names:?}, not {meaning}"
                    );
                }
            }
        }
        assert!(short_forms(Lang::Nl).iter().any(|(w, m)| w == "lb" && m == "Linkerbeen"));
        assert!(short_forms(Lang::En).iter().any(|(w, m)| w.starts_with("shoulders") && m == "Both shoulders"));
    }

    #[test]
    fn levels_and_minutes_are_checked() {
        let kinds = |line: &str| p(line).problems.into_iter().map(|x| x.kind).collect::<Vec<_>>();
        assert_eq!(kinds("neck 11"), vec![ProblemKind::BadLevel("Neck".into(), "11".into())]);
        assert_eq!(kinds("neck"), vec![ProblemKind::MissingLevel("Neck".into())]);
        assert_eq!(kinds("7"), vec![ProblemKind::StrayNumber("7".into())]);
        assert_eq!(kinds("jaw clenching 4"), vec![ProblemKind::SignalWithNumber("Jaw clenching".into())]);
        assert_eq!(kinds("neck 4 neck 5"), vec![ProblemKind::Twice("Neck".into())]);
        assert_eq!(kinds("walk 99999"), vec![ProblemKind::BadMinutes("99999".into())]);
        assert_eq!(kinds("walk 5, stretching"), vec![ProblemKind::SecondPractice("Stretching".into())]);
        assert_eq!(kinds("neck 3 #"), vec![ProblemKind::BadTag("#".into())]);
        assert_eq!(kinds("neck 3 !"), vec![ProblemKind::Unknown { word: "!".into(), suggestion: None }]);
        assert!(p("").problems.is_empty() && !p("").is_clean());
        assert!(p("walk").is_clean());
    }

    #[test]
    fn custom_emotions_and_a_note_alone() {
        let parsed = parse("loneliness 4", Lang::En, &["loneliness".to_owned()]);
        let e = parsed.to_entry(at()).expect("clean");
        assert_eq!(e.intensity_of("loneliness"), Level::new(4));
        let parsed = p(": just a note: with a colon");
        assert_eq!(parsed.to_entry(at()).expect("clean").note, "just a note: with a colon");
    }

    #[test]
    fn apply_adds_to_an_existing_draft() {
        let mut e = Entry::new(at());
        e.set_tension(Region::Jaw, Level::new(2));
        e.note = "before".into();
        p("neck 6 #sleep: after").apply_to(&mut e);
        assert_eq!(e.level_of(Region::Jaw), Level::new(2));
        assert_eq!(e.level_of(Region::Neck), Level::new(6));
        assert_eq!(e.note, "before\nafter");
        assert_eq!(e.tags, vec!["sleep".to_owned()]);
    }

    #[test]
    fn explanation_underlines_each_problem() {
        let line = "neck 6, shouldr 4";
        let text = explain(line, &p(line).problems, Lang::En);
        assert!(text.starts_with("the quick log has 1 problem"), "{text}");
        assert!(text.contains("\n  neck 6, shouldr 4\n          ^^^^^^^ unknown word `shouldr`"), "{text}");
        let nl = explain("nek 6, x 4, y 5", &parse("nek 6, x 4, y 5", Lang::Nl, &[]).problems, Lang::Nl);
        assert!(nl.starts_with("snel vastleggen: 2 problemen"), "{nl}");
    }

    #[test]
    fn completion_finishes_the_one_name_a_prefix_fits() {
        assert_eq!(complete("neck 6, anx", Lang::En, &[]).as_deref(), Some("neck 6, anxiety "));
        assert_eq!(complete("left sh", Lang::En, &[]).as_deref(), Some("left shoulder "));
        assert_eq!(complete("linkers", Lang::Nl, &[]).as_deref(), Some("linkerschouder "));
        assert_eq!(complete("ls", Lang::En, &[]).as_deref(), Some("left shoulder "));
        assert_eq!(complete("an", Lang::En, &[]), None, "anxiety or anger");
        assert_eq!(complete("neck 6", Lang::En, &[]), None);
        assert_eq!(complete("", Lang::En, &[]), None);
    }

    proptest! {
        #[test]
        fn no_input_panics_and_spans_are_valid(line in ".{0,80}", nl in any::<bool>()) {
            let lang = if nl { Lang::Nl } else { Lang::En };
            let parsed = parse(&line, lang, &["custom".to_owned()]);
            for pr in &parsed.problems {
                prop_assert!(line.get(pr.span.clone()).is_some());
                prop_assert!(!pr.describe(lang).is_empty());
            }
            for (span, _) in &parsed.items {
                prop_assert!(line.get(span.clone()).is_some());
            }
            prop_assert_eq!(parsed.to_entry(at()).is_ok(), parsed.problems.is_empty());
            if let Some(done) = complete(&line, lang, &[]) {
                prop_assert!(done.ends_with(' '));
            }
        }

        #[test]
        fn vocabulary_words_with_levels_always_parse(
            picks in proptest::collection::vec((0..Region::COUNT, 0u8..=10), 1..5),
            nl in any::<bool>(),
        ) {
            let lang = if nl { Lang::Nl } else { Lang::En };
            let mut line = String::new();
            let mut want = std::collections::BTreeMap::new();
            for (r, v) in picks {
                let region = Region::ALL[r];
                if let std::collections::btree_map::Entry::Vacant(slot) = want.entry(region) {
                    slot.insert(v);
                    line.push_str(&format!("{} {v}, ", region.name(lang).split(" (").next().unwrap_or_default()));
                }
            }
            let got: std::collections::BTreeMap<Region, u8> = tension(&line, lang).into_iter().collect();
            prop_assert_eq!(got, want, "{}", line);
        }
    }
}
