//! `feltsense activity | topic | appointment …`: get ready for an appointment from the command
//! line: the activities that matter (PSK or PSFS) and their weekly scores, the topics to discuss
//! (and the suggestions to accept or dismiss), the appointments and the reason for the visit.
//!
//! Every value typed is read here, before the journal is opened, with messages in the language
//! of `--lang`; a rule that depends on what the journal holds (five activities at most, one
//! instrument, one appointment a day) is checked inside the write's transaction. Bad input writes
//! nothing.

use std::io::Write;

use anyhow::{Result, anyhow};
use chrono::{DateTime, FixedOffset, Local, NaiveDate};
use clap::Subcommand;

use super::{LangArg, ListFormat};
use crate::analysis::{activities, suggest};
use crate::export::json_prep;
use crate::model::prep::activity::{MAX_ACTIVE, SUGGESTED_ACTIVITIES};
use crate::model::prep::{Instrument, Prep, PrepError, Topic, TopicSource, TopicState, appointment};
use crate::model::{Describe, Lang, Level, dates, text};
use crate::store::{EntryFilter, Store};

/// The `activity` commands.
#[derive(Debug, Subcommand)]
pub enum ActivityCommand {
    /// Name the activities your complaint makes hard, in your own words (3, up to 5), e.g.
    /// `feltsense activity add "Climbing stairs" "Lifting my daughter" "Cycling to work"`.
    Add {
        /// The activities' names.
        #[arg(required = true, value_name = "NAME")]
        names: Vec<String>,
        /// The instrument: psk (Patiënt Specifieke Klachten: how much difficulty in the past week,
        /// 0 none to 10 impossible) or psfs (Patient-Specific Functional Scale: 0 unable to 10
        /// able as before the problem). Default: the one in use, else psk with --lang nl and psfs
        /// in English.
        #[arg(long)]
        instrument: Option<String>,
    },
    /// Score the activities for this week (or --week), e.g. `feltsense activity rate 1=6 2=4
    /// cycling=7`: a number from `activity list` or (the start of) a name, then 0 to 10. Scoring
    /// again in the same week replaces the score.
    Rate {
        /// ACTIVITY=SCORE pairs.
        #[arg(required = true, value_name = "ACTIVITY=SCORE")]
        scores: Vec<String>,
        /// Any day of the week rated (YYYY-MM-DD; default today).
        #[arg(long, value_name = "DATE")]
        week: Option<String>,
    },
    /// Stop rating an activity; its scores are kept.
    Retire {
        /// A number from `activity list`, or the activity's name.
        activity: String,
    },
    /// The activities with their first and latest scores, and the mean.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
}

/// The `topic` commands.
#[derive(Debug, Subcommand)]
pub enum TopicCommand {
    /// Add a topic to discuss, in your own words.
    Add {
        /// The topic.
        text: String,
        /// The journal entry it is about (its id, from `feltsense list --format json`).
        #[arg(long, value_name = "ID")]
        entry: Option<String>,
        /// The region whose trend it is about (`feltsense regions`).
        #[arg(long, value_name = "REGION")]
        region: Option<String>,
    },
    /// The open topics in their order (with --all also those ticked off or dismissed).
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// Show ticked-off and dismissed topics too.
        #[arg(long)]
        all: bool,
    },
    /// Tick a topic off (it was discussed).
    Tick {
        /// Its number in `topic list`, or its id.
        topic: String,
    },
    /// Dismiss a topic (not to be raised).
    Dismiss {
        /// Its number in `topic list`, or its id.
        topic: String,
    },
    /// Open a ticked-off or dismissed topic again.
    Reopen {
        /// Its id (`topic list --all --format json`).
        topic: String,
    },
    /// Move an open topic to another place in the list.
    Move {
        /// Its number in `topic list`, or its id.
        topic: String,
        /// The new place, 1 first.
        #[arg(long, value_name = "N")]
        to: String,
    },
    /// Topics Feltsense suggests from your journal, in neutral words; accept or dismiss them by
    /// their number (nothing suggested goes into a report unless you accept it).
    Suggestions {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// Accept suggestion N (repeatable).
        #[arg(long, value_name = "N")]
        accept: Vec<String>,
        /// Dismiss suggestion N (repeatable).
        #[arg(long, value_name = "N")]
        dismiss: Vec<String>,
    },
}

/// The `appointment` commands.
#[derive(Debug, Subcommand)]
pub enum AppointmentCommand {
    /// Log an appointment (held or planned). The report's default period runs from the last
    /// appointment.
    Add {
        /// The day (YYYY-MM-DD).
        date: String,
        /// Tick off every open topic (after the appointment).
        #[arg(long)]
        tick_off: bool,
    },
    /// Remove the appointment on a day (logged by mistake).
    Remove {
        /// The day (YYYY-MM-DD).
        date: String,
    },
    /// The appointments, the next one, and the period a report covers by default.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Set the reason for the visit in your own words (printed on the report; "" removes it).
    Reason {
        /// The reason.
        text: String,
    },
}

/// A message in the person's language.
fn say(lang: Lang, en: impl Into<String>, nl: impl Into<String>) -> anyhow::Error {
    let (en, nl) = (en.into(), nl.into());
    anyhow!("{}", if lang == Lang::Nl { nl } else { en })
}

fn worded(e: &impl Describe, lang: Lang) -> anyhow::Error {
    anyhow!("{}", e.describe(lang))
}

fn date(s: &str, lang: Lang) -> Result<NaiveDate> {
    dates::parse(s).map_err(|e| worded(&e, lang))
}

fn score(s: &str, lang: Lang) -> Result<Level> {
    s.trim().parse::<i64>().ok().and_then(|v| Level::try_from(v).ok()).ok_or_else(|| {
        say(
            lang,
            format!("`{s}` is not a score; write a whole number from 0 to 10"),
            format!("`{s}` is geen score; schrijf een heel getal van 0 tot en met 10"),
        )
    })
}

fn instrument(s: &str, lang: Lang) -> Result<Instrument> {
    Instrument::from_code(s).ok_or_else(|| {
        say(
            lang,
            format!("unknown instrument `{s}`; write psk or psfs"),
            format!("onbekend meetinstrument `{s}`; schrijf psk of psfs"),
        )
    })
}

fn place(s: &str, lang: Lang) -> Result<usize> {
    s.trim().parse::<usize>().ok().filter(|n| *n >= 1).ok_or_else(|| {
        say(
            lang,
            format!("`{s}` is not a place; write 1 for the top"),
            format!("`{s}` is geen plaats; schrijf 1 voor bovenaan"),
        )
    })
}

/// An ACTIVITY=SCORE pair, split at the last `=`.
fn pair(s: &str, lang: Lang) -> Result<(String, Level)> {
    let (what, value) = s.rsplit_once('=').filter(|(w, _)| !w.trim().is_empty()).ok_or_else(|| {
        say(
            lang,
            format!("`{s}` is not ACTIVITY=SCORE; write e.g. 1=6 or stairs=6"),
            format!("`{s}` is geen ACTIVITEIT=SCORE; schrijf bijv. 1=6 of trap=6"),
        )
    })?;
    Ok((what.trim().to_owned(), score(value, lang)?))
}

/// Runs one `activity`, `topic` or `appointment` command. `now` replaces the clock (for tests).
pub fn run(
    open: impl FnOnce() -> Result<Store>,
    command: Command,
    lang: LangArg,
    now: Option<String>,
    out: &mut impl Write,
) -> Result<()> {
    let lang = Lang::from(lang);
    let now: DateTime<FixedOffset> = match now {
        Some(s) => super::parse::moment(&s).map_err(|_| {
            say(
                lang,
                format!("`{s}` is not a time like 2026-11-20T08:30"),
                format!("`{s}` is geen tijd als 2026-11-20T08:30"),
            )
        })?,
        None => Local::now().fixed_offset(),
    };
    let today = now.date_naive();
    let refused = |e: crate::store::StoreError| worded(&e, lang);
    match command {
        Command::Activity(ActivityCommand::Add { names, instrument: asked }) => {
            let asked = asked.map(|i| instrument(&i, lang)).transpose()?;
            for n in &names {
                crate::model::prep::activity::checked_name(n).map_err(|e| worded(&e, lang))?;
            }
            let mut store = open()?;
            let current = store.prep().map_err(refused)?.instrument();
            let chosen = asked.or(current).unwrap_or_else(|| Instrument::default_for(lang));
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let added = store.add_activities(&names, chosen, now).map_err(refused)?;
            let prep = store.prep().map_err(refused)?;
            let n = prep.active().count();
            writeln!(
                out,
                "{}",
                match lang {
                    Lang::En => format!(
                        "Added {} ({n} of at most {MAX_ACTIVE} now rated with the {}).",
                        plural_activities(added.len(), lang),
                        chosen.short_name()
                    ),
                    Lang::Nl => format!(
                        "{} toegevoegd (nu {n} van hoogstens {MAX_ACTIVE}, gescoord met de {}).",
                        plural_activities(added.len(), lang),
                        chosen.short_name()
                    ),
                }
            )?;
            if n < SUGGESTED_ACTIVITIES {
                writeln!(
                    out,
                    "{}",
                    lang.pick(
                        "The instrument asks for 3 activities; add more when you think of them.",
                        "Het meetinstrument vraagt om 3 activiteiten; voeg er meer toe als je ze bedenkt."
                    )
                )?;
            }
            instrument_lines(chosen, lang, out)?;
        }
        Command::Activity(ActivityCommand::Rate { scores, week }) => {
            let pairs = scores.iter().map(|s| pair(s, lang)).collect::<Result<Vec<_>>>()?;
            let week = week.map(|w| date(&w, lang)).transpose()?.unwrap_or(today);
            let mut store = open()?;
            let prep = store.prep().map_err(refused)?;
            if prep.instrument().is_none() {
                return Err(say(
                    lang,
                    "no activities are being rated yet; name them with `feltsense activity add`",
                    "er worden nog geen activiteiten gescoord; noem ze met `feltsense activity add`",
                ));
            }
            let resolved = pairs
                .iter()
                .map(|(what, level)| prep.find_activity(what).map(|a| (a.uid.clone(), *level)))
                .collect::<std::result::Result<Vec<_>, PrepError>>()
                .map_err(|e| worded(&e, lang))?;
            let saved = store.rate_activities(&resolved, week, now).map_err(refused)?;
            let monday = crate::model::prep::activity::week_of(week);
            writeln!(
                out,
                "{}",
                match lang {
                    Lang::En => format!(
                        "Scored {} for the week of {}.",
                        plural_activities(saved.len(), lang),
                        text::date_long(monday, lang)
                    ),
                    Lang::Nl => format!(
                        "{} gescoord voor de week van {}.",
                        plural_activities(saved.len(), lang),
                        text::date_long(monday, lang)
                    ),
                }
            )?;
        }
        Command::Activity(ActivityCommand::Retire { activity }) => {
            let mut store = open()?;
            let prep = store.prep().map_err(refused)?;
            let a = prep.find_activity(&activity).map_err(|e| worded(&e, lang))?.clone();
            store.retire_activity(&a.uid, now).map_err(refused)?;
            writeln!(
                out,
                "{}",
                match lang {
                    Lang::En => format!("\"{}\" retired; its scores are kept.", a.name),
                    Lang::Nl => format!("\"{}\" stopgezet; de scores blijven bewaard.", a.name),
                }
            )?;
        }
        Command::Activity(ActivityCommand::List { format }) => {
            let prep = open()?.prep().map_err(refused)?;
            match format {
                ListFormat::Json => activities_json(&prep, today, out)?,
                ListFormat::Table => activities_table(&prep, today, lang, out)?,
            }
        }
        Command::Topic(TopicCommand::Add { text: t, entry, region }) => {
            let region = region
                .map(|r| {
                    crate::model::Region::from_code(r.trim()).ok_or_else(|| {
                        say(
                            lang,
                            format!("unknown region `{r}`; `feltsense regions` lists the codes"),
                            format!("onbekend gebied `{r}`; `feltsense regions` toont de codes"),
                        )
                    })
                })
                .transpose()?;
            let source = match (entry, region) {
                (Some(_), Some(_)) => {
                    return Err(say(
                        lang,
                        "give --entry or --region, not both",
                        "geef --entry of --region, niet allebei",
                    ));
                }
                (Some(e), None) => TopicSource::Entry(e.trim().to_owned()),
                (None, Some(r)) => TopicSource::Region(r),
                (None, None) => TopicSource::Own,
            };
            if let TopicSource::Entry(e) = &source
                && e.is_empty()
            {
                return Err(say(lang, "--entry needs an entry's id", "--entry heeft de id van een meting nodig"));
            }
            let topic = Topic::new(&t, source, now).map_err(|e| worded(&e, lang))?;
            let mut store = open()?;
            if let TopicSource::Entry(uid) = &topic.source
                && !store.has_entry_uid(uid).map_err(refused)?
            {
                return Err(say(
                    lang,
                    format!("there is no entry with the id `{uid}`"),
                    format!("er is geen meting met de id `{uid}`"),
                ));
            }
            store.add_topic(&topic).map_err(refused)?;
            writeln!(
                out,
                "{}",
                lang.pick("Added to the topics to discuss.", "Toegevoegd aan de onderwerpen om te bespreken.")
            )?;
        }
        Command::Topic(TopicCommand::List { format, all }) => {
            let prep = open()?.prep().map_err(refused)?;
            match format {
                ListFormat::Json => {
                    let list: Vec<serde_json::Value> = prep
                        .topics
                        .iter()
                        .filter(|t| all || t.state == TopicState::Open)
                        .map(json_prep::topic_value)
                        .collect();
                    serde_json::to_writer_pretty(&mut *out, &serde_json::json!({"topics": list}))?;
                    writeln!(out)?;
                }
                ListFormat::Table => topics_table(&prep, all, lang, out)?,
            }
        }
        Command::Topic(TopicCommand::Tick { topic }) => set_state(open, &topic, TopicState::TickedOff, now, lang, out)?,
        Command::Topic(TopicCommand::Dismiss { topic }) => {
            set_state(open, &topic, TopicState::Dismissed, now, lang, out)?
        }
        Command::Topic(TopicCommand::Reopen { topic }) => set_state(open, &topic, TopicState::Open, now, lang, out)?,
        Command::Topic(TopicCommand::Move { topic, to }) => {
            let to = place(&to, lang)?;
            let mut store = open()?;
            let prep = store.prep().map_err(refused)?;
            let t = prep.find_topic(&topic).map_err(|e| worded(&e, lang))?.uid.clone();
            store.move_topic(&t, to - 1).map_err(refused)?;
            topics_table(&store.prep().map_err(refused)?, false, lang, out)?;
        }
        Command::Topic(TopicCommand::Suggestions { format, accept, dismiss }) => {
            let accept = accept.iter().map(|n| place(n, lang)).collect::<Result<Vec<_>>>()?;
            let dismiss = dismiss.iter().map(|n| place(n, lang)).collect::<Result<Vec<_>>>()?;
            if let Some(n) = accept.iter().find(|n| dismiss.contains(n)) {
                return Err(say(
                    lang,
                    format!("suggestion {n} cannot be both accepted and dismissed"),
                    format!("voorstel {n} kan niet tegelijk aangenomen en afgewezen worden"),
                ));
            }
            let mut store = open()?;
            let prep = store.prep().map_err(refused)?;
            // Every entry up to today: "rated for the first time" needs the whole history.
            let entries = store
                .list_chronological(&EntryFilter { to: Some(today), ..EntryFilter::default() })
                .map_err(refused)?;
            let found = suggest::suggestions(&entries, &prep, today);
            if let Some(n) = accept.iter().chain(&dismiss).find(|n| **n > found.len()) {
                return Err(say(
                    lang,
                    format!("there is no suggestion {n} (there are {})", found.len()),
                    format!("er is geen voorstel {n} (er zijn er {})", found.len()),
                ));
            }
            for (i, s) in found.iter().enumerate() {
                let n = i + 1;
                if !accept.contains(&n) && !dismiss.contains(&n) {
                    continue;
                }
                let mut t = Topic::new(&s.text(Lang::En), s.source(), now).map_err(|e| worded(&e, lang))?;
                t.text_nl = Some(s.text(Lang::Nl));
                if dismiss.contains(&n) {
                    t.state = TopicState::Dismissed;
                    t.closed = Some(now);
                }
                store.add_topic(&t).map_err(refused)?;
            }
            if !accept.is_empty() || !dismiss.is_empty() {
                writeln!(
                    out,
                    "{}",
                    match lang {
                        Lang::En => format!("Accepted {}, dismissed {}.", accept.len(), dismiss.len()),
                        Lang::Nl => format!("{} aangenomen, {} afgewezen.", accept.len(), dismiss.len()),
                    }
                )?;
                return Ok(());
            }
            match format {
                ListFormat::Json => {
                    let list: Vec<serde_json::Value> = found
                        .iter()
                        .enumerate()
                        .map(|(i, s)| serde_json::json!({"number": i + 1, "key": s.key, "text": s.text(lang)}))
                        .collect();
                    serde_json::to_writer_pretty(&mut *out, &serde_json::json!({"suggestions": list}))?;
                    writeln!(out)?;
                }
                ListFormat::Table => {
                    if found.is_empty() {
                        writeln!(out, "{}", lang.pick("No suggestions now.", "Nu geen voorstellen."))?;
                    }
                    for (i, s) in found.iter().enumerate() {
                        writeln!(out, "{:>2}. {}", i + 1, s.text(lang))?;
                    }
                    if !found.is_empty() {
                        writeln!(
                            out,
                            "{}",
                            lang.pick(
                                "Accept or dismiss with --accept N / --dismiss N. What the journal holds, not what it means.",
                                "Neem aan of wijs af met --accept N / --dismiss N. Wat het dagboek laat zien, niet wat het betekent."
                            )
                        )?;
                    }
                }
            }
        }
        Command::Appointment(AppointmentCommand::Add { date: d, tick_off }) => {
            let day = date(&d, lang)?;
            let mut store = open()?;
            store.add_appointment(day, now).map_err(refused)?;
            writeln!(
                out,
                "{}",
                match lang {
                    Lang::En => format!("Appointment on {} logged.", text::date_full(day, lang)),
                    Lang::Nl => format!("Afspraak op {} vastgelegd.", text::date_full(day, lang)),
                }
            )?;
            if tick_off {
                let n = store.tick_off_open_topics(now).map_err(refused)?;
                writeln!(
                    out,
                    "{}",
                    match lang {
                        Lang::En => format!("{} ticked off.", text::plural(n as u64, "topic", "topics")),
                        Lang::Nl => format!("{} afgevinkt.", text::plural(n as u64, "onderwerp", "onderwerpen")),
                    }
                )?;
            }
        }
        Command::Appointment(AppointmentCommand::Remove { date: d }) => {
            let day = date(&d, lang)?;
            open()?.remove_appointment(day).map_err(refused)?;
            writeln!(
                out,
                "{}",
                match lang {
                    Lang::En => format!("The appointment on {} was removed.", text::date_full(day, lang)),
                    Lang::Nl => format!("De afspraak op {} is verwijderd.", text::date_full(day, lang)),
                }
            )?;
        }
        Command::Appointment(AppointmentCommand::List { format }) => {
            let prep = open()?.prep().map_err(refused)?;
            appointments(&prep, today, format, lang, out)?;
        }
        Command::Appointment(AppointmentCommand::Reason { text: t }) => {
            crate::model::prep::check_reason(&t).map_err(|e| worded(&e, lang))?;
            open()?.set_visit_reason(&t).map_err(refused)?;
            writeln!(
                out,
                "{}",
                if t.trim().is_empty() {
                    lang.pick("The reason for the visit was removed.", "De reden van het bezoek is verwijderd.")
                } else {
                    lang.pick("The reason for the visit was saved.", "De reden van het bezoek is bewaard.")
                }
            )?;
        }
    }
    Ok(())
}

/// Which of the three groups.
#[derive(Debug)]
pub enum Command {
    /// `feltsense activity …`.
    Activity(ActivityCommand),
    /// `feltsense topic …`.
    Topic(TopicCommand),
    /// `feltsense appointment …`.
    Appointment(AppointmentCommand),
}

fn plural_activities(n: usize, lang: Lang) -> String {
    match lang {
        Lang::En => text::plural(n as u64, "activity", "activities"),
        Lang::Nl => text::plural(n as u64, "activiteit", "activiteiten"),
    }
}

fn set_state(
    open: impl FnOnce() -> Result<Store>,
    which: &str,
    state: TopicState,
    now: DateTime<FixedOffset>,
    lang: Lang,
    out: &mut impl Write,
) -> Result<()> {
    let mut store = open()?;
    let prep = store.prep().map_err(|e| worded(&e, lang))?;
    let t = prep.find_topic(which).map_err(|e| worded(&e, lang))?.clone();
    store.set_topic_state(&t.uid, state, now).map_err(|e| worded(&e, lang))?;
    writeln!(out, "\"{}\": {}.", t.text(lang), state.name(lang))?;
    Ok(())
}

fn instrument_lines(i: Instrument, lang: Lang, out: &mut impl Write) -> Result<()> {
    let (lo, hi) = i.anchors(lang);
    writeln!(out, "{}: {}", i.full_name(lang), i.question(lang))?;
    writeln!(out, "  0 = {lo}; 10 = {hi} ({})", i.direction(lang))?;
    Ok(())
}

fn score_at(s: activities::Score, lang: Lang) -> String {
    format!("{} ({})", text::number(s.value, 0, lang), text::date_short(s.week, lang))
}

fn activities_table(prep: &Prep, today: NaiveDate, lang: Lang, out: &mut impl Write) -> Result<()> {
    let Some(current) = prep.instrument() else {
        writeln!(
            out,
            "{}",
            lang.pick(
                "No activities are being rated. Name 3 (up to 5) with `feltsense activity add NAME…`.",
                "Er worden geen activiteiten gescoord. Noem er 3 (hoogstens 5) met `feltsense activity add NAAM…`."
            )
        )?;
        return Ok(());
    };
    instrument_lines(current, lang, out)?;
    for summary in activities::summaries(prep, None, Some(today)) {
        if summary.instrument != current {
            writeln!(out, "{} ({})", lang.pick("Earlier, on the", "Eerder, met de"), summary.instrument.short_name())?;
        }
        for (i, c) in summary.activities.iter().enumerate() {
            let retired = if c.activity.retired.is_some() { lang.pick(" (retired)", " (stopgezet)") } else { "" };
            let scores = match (c.first(), c.latest(), c.series.len()) {
                (Some(f), Some(l), n) if n >= 2 => format!(
                    "{} {}, {} {}: {}",
                    lang.pick("first", "eerst"),
                    score_at(f, lang),
                    lang.pick("latest", "laatst"),
                    score_at(l, lang),
                    activities::change_words(summary.instrument, f.value, l.value, c.passes(), lang)
                ),
                (Some(f), _, _) => format!("{} {}", lang.pick("once", "één keer"), score_at(f, lang)),
                _ => String::new(),
            };
            writeln!(out, "{:>2}. {}{retired}  {scores}", i + 1, c.activity.name)?;
        }
        if let Some(m) = &summary.mean {
            writeln!(
                out,
                "{} {}: {} → {}: {}",
                lang.pick("Mean of", "Gemiddelde van"),
                plural_activities(m.activities, lang),
                text::number(m.first, 1, lang),
                text::number(m.latest, 1, lang),
                activities::change_words(summary.instrument, m.first, m.latest, m.passes(), lang)
            )?;
        }
    }
    // Active activities without any score yet are listed too.
    let unrated: Vec<&str> =
        prep.active().filter(|a| prep.ratings_of(&a.uid).next().is_none()).map(|a| a.name.as_str()).collect();
    if !unrated.is_empty() {
        writeln!(out, "{}: {}", lang.pick("Not scored yet", "Nog niet gescoord"), unrated.join(", "))?;
    }
    writeln!(out, "{}", activities::threshold_words(lang))?;
    writeln!(
        out,
        "{}",
        if prep.rated_in_week_of(today) {
            lang.pick("Scored this week.", "Deze week gescoord.")
        } else {
            lang.pick(
                "Not scored this week yet: `feltsense activity rate 1=N 2=N …`.",
                "Deze week nog niet gescoord: `feltsense activity rate 1=N 2=N …`.",
            )
        }
    )?;
    Ok(())
}

fn activities_json(prep: &Prep, today: NaiveDate, out: &mut impl Write) -> Result<()> {
    let summaries: Vec<serde_json::Value> = activities::summaries(prep, None, Some(today))
        .iter()
        .map(|s| {
            serde_json::json!({
                "instrument": s.instrument.code(),
                "higher_is_better": s.instrument.higher_is_better(),
                "mean": s.mean.as_ref().map(|m| serde_json::json!({
                    "activities": m.activities,
                    "first": m.first,
                    "latest": m.latest,
                    "improvement": m.improvement,
                    "passes_threshold": m.passes(),
                })),
                "activities": s.activities.iter().map(|c| serde_json::json!({
                    "id": c.activity.uid,
                    "first": c.first().map(|f| f.value),
                    "latest": c.latest().map(|l| l.value),
                    "improvement": c.improvement(),
                    "passes_threshold": c.passes(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = serde_json::json!({
        "instrument": prep.instrument().map(Instrument::code),
        "rated_this_week": prep.rated_in_week_of(today),
        "activities": prep.activities.iter().map(|a| json_prep::activity_value(a, prep)).collect::<Vec<_>>(),
        "summaries": summaries,
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)?;
    Ok(())
}

fn topics_table(prep: &Prep, all: bool, lang: Lang, out: &mut impl Write) -> Result<()> {
    let open: Vec<&Topic> = prep.open_topics().collect();
    if open.is_empty() {
        writeln!(out, "{}", lang.pick("No open topics.", "Geen open onderwerpen."))?;
    }
    for (i, t) in open.iter().enumerate() {
        writeln!(out, "{:>2}. {}  ({})", i + 1, t.text(lang), t.source.name(lang))?;
    }
    if all {
        for state in [TopicState::TickedOff, TopicState::Dismissed] {
            for t in prep.topics.iter().filter(|t| t.state == state) {
                writeln!(out, "    {}  ({}, {})", t.text(lang), state.name(lang), t.source.name(lang))?;
            }
        }
    }
    Ok(())
}

fn appointments(prep: &Prep, today: NaiveDate, format: ListFormat, lang: Lang, out: &mut impl Write) -> Result<()> {
    let dates = prep.appointment_dates();
    let next = appointment::next_from(&dates, today);
    let period = appointment::default_period(&dates, today);
    match format {
        ListFormat::Json => {
            let doc = serde_json::json!({
                "appointments": prep.appointments.iter().map(json_prep::appointment_value).collect::<Vec<_>>(),
                "next": next.map(|d| d.to_string()),
                "last": appointment::last_before(&dates, today).map(|d| d.to_string()),
                "report_period": period.map(|p| serde_json::json!({
                    "from": p.from.to_string(),
                    "to": p.to.to_string(),
                    "basis": match p.basis {
                        appointment::PeriodBasis::SinceAppointment(_) => "since_appointment",
                        appointment::PeriodBasis::LastWeeks(_) => "last_weeks",
                        appointment::PeriodBasis::Chosen => "chosen",
                    },
                })),
                "visit_reason": prep.reason,
            });
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)?;
        }
        ListFormat::Table => {
            match next {
                Some(d) => writeln!(
                    out,
                    "{}: {}",
                    lang.pick("Next appointment", "Volgende afspraak"),
                    text::date_full(d, lang)
                )?,
                None => {
                    writeln!(out, "{}", lang.pick("No next appointment logged.", "Geen volgende afspraak vastgelegd."))?
                }
            }
            let earlier: Vec<String> =
                dates.iter().filter(|d| **d < today).rev().map(|d| text::date_full(*d, lang)).collect();
            if !earlier.is_empty() {
                writeln!(out, "{}: {}", lang.pick("Earlier", "Eerder"), earlier.join(", "))?;
            }
            if let Some(p) = period {
                writeln!(
                    out,
                    "{}: {} ({})",
                    lang.pick("A report now covers", "Een verslag beslaat nu"),
                    text::period(p.from, p.to, lang),
                    p.describe(lang)
                )?;
            }
            if !prep.reason.is_empty() {
                writeln!(out, "{}: {}", lang.pick("Reason for the visit", "Reden van het bezoek"), prep.reason)?;
            }
        }
    }
    Ok(())
}
