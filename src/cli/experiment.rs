//! `feltsense experiment …`: plan, run and read a personal experiment from the command line.
//!
//! Every value is read here, before the journal is opened, with messages in the language of
//! `--lang`; a rule that depends on the experiment's state (running, finished, too early) is
//! checked inside the write's transaction. Bad input writes nothing.

use std::io::Write;

use anyhow::{Result, anyhow};
use chrono::{DateTime, FixedOffset, Local, NaiveDate, NaiveDateTime, NaiveTime};
use clap::Subcommand;

use super::{LangArg, ListFormat};
use crate::analysis::experiment::{self as analysis, Stage, accept_rating, analyse, may_start, text};
use crate::model::experiment::{
    Arm, DEFAULT_DAYS, Experiment, ExperimentError, Moment, MomentState, Phase, Plan, PlanDraft,
};
use crate::model::{Describe, Lang, Level, PracticeKind, Region, dates};
use crate::store::{EntryFilter, Store, StoreError};

/// The `experiment` commands.
#[derive(Debug, Subcommand)]
pub enum ExperimentCommand {
    /// Plan and start an experiment: two moments a day, one with the practice and one as usual,
    /// in an order drawn at random each day. The plan is locked once started.
    Start {
        /// The practice: breathing_4_6, muscle_relaxation, walk, micro_pause, stretching, or other
        /// (a practice of your own, named with --practice-name).
        #[arg(long)]
        practice: String,
        /// The name of your own practice (with --practice other).
        #[arg(long, value_name = "NAME")]
        practice_name: Option<String>,
        /// How many minutes the practice takes (default: its usual length).
        #[arg(long)]
        minutes: Option<String>,
        /// The region the practice should ease (default: your tensest region of the last 4 weeks).
        #[arg(long, value_name = "REGION")]
        target: Option<String>,
        /// A region the practice is not meant to change, as a check (`feltsense regions`).
        #[arg(long, value_name = "REGION")]
        control: String,
        /// The two moments of the day, at least 3 hours apart, e.g. 09:00,16:00.
        #[arg(long, value_name = "HH:MM,HH:MM")]
        moments: String,
        /// The first day (YYYY-MM-DD; default today while today's first moment is still ahead, else
        /// tomorrow).
        #[arg(long, value_name = "DATE")]
        start: Option<String>,
        /// Days until the planned look (8 to 28; default 14). It is extended once to twice as
        /// long when the answer is still unclear.
        #[arg(long)]
        days: Option<String>,
        /// The seed of the random order (default: a fresh random one). It is stored with the plan.
        #[arg(long)]
        seed: Option<String>,
    },
    /// Where the running (or latest) experiment stands: today's moments and the progress.
    Status,
    /// Rate the moment that is open now: first (before you know whether it is a practice moment),
    /// then again after the wait.
    Rate {
        /// The level of the region to ease, 0 to 10.
        #[arg(long)]
        target: String,
        /// The level of the control region, 0 to 10.
        #[arg(long)]
        control: String,
        /// The day of the experiment (default: the moment open now).
        #[arg(long)]
        day: Option<String>,
        /// The moment, 1 or 2 (default: the moment open now).
        #[arg(long)]
        moment: Option<String>,
        /// When you rated (default now), e.g. 2026-11-20T08:30.
        #[arg(long)]
        at: Option<String>,
    },
    /// Stop the running experiment. Its ratings are kept and it is reported as stopped.
    Stop,
    /// The result of the latest experiment (numbers once a planned look is reached).
    Result {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
}

/// A message in the person's language, for `bail!`.
fn say(lang: Lang, en: impl Into<String>, nl: impl Into<String>) -> anyhow::Error {
    let (en, nl) = (en.into(), nl.into());
    anyhow!("{}", if lang == Lang::Nl { nl } else { en })
}

fn worded(e: &impl Describe, lang: Lang) -> anyhow::Error {
    anyhow!("{}", e.describe(lang))
}

fn region(s: &str, lang: Lang) -> Result<Region> {
    Region::from_code(s.trim()).ok_or_else(|| {
        say(
            lang,
            format!("unknown region `{s}`; `feltsense regions` lists the codes"),
            format!("onbekend gebied `{s}`; `feltsense regions` toont de codes"),
        )
    })
}

fn level(s: &str, of: &str, lang: Lang) -> Result<Level> {
    s.trim().parse::<i64>().ok().and_then(|v| Level::try_from(v).ok()).ok_or_else(|| {
        say(
            lang,
            format!("`{s}` is not a whole number from 0 to 10 (for --{of})"),
            format!("`{s}` is geen heel getal van 0 tot en met 10 (bij --{of})"),
        )
    })
}

fn number<T: std::str::FromStr>(s: &str, flag: &str, lang: Lang) -> Result<T> {
    s.trim().parse::<T>().map_err(|_| {
        say(
            lang,
            format!("`{s}` is not a usable number for --{flag}"),
            format!("`{s}` is geen bruikbaar getal bij --{flag}"),
        )
    })
}

fn clock(s: &str, lang: Lang) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M")
        .map_err(|_| say(lang, format!("`{s}` is not a time like 09:00"), format!("`{s}` is geen tijd als 09:00")))
}

fn moments(s: &str, lang: Lang) -> Result<[NaiveTime; 2]> {
    let parts: Vec<&str> = s.split(',').collect();
    match parts.as_slice() {
        [a, b] => Ok([clock(a, lang)?, clock(b, lang)?]),
        _ => Err(say(
            lang,
            format!("`{s}` is not two moments; write them like 09:00,16:00"),
            format!("`{s}` zijn geen twee momenten; schrijf ze als 09:00,16:00"),
        )),
    }
}

fn date(s: &str, lang: Lang) -> Result<NaiveDate> {
    dates::parse(s).map_err(|e| worded(&e, lang))
}

fn practice(s: &str, lang: Lang) -> Result<PracticeKind> {
    PracticeKind::from_code(s.trim()).ok_or_else(|| {
        let codes: Vec<&str> = PracticeKind::ALL.iter().map(|p| p.code()).collect();
        say(
            lang,
            format!("unknown practice `{s}`; choose one of: {}", codes.join(", ")),
            format!("onbekende oefening `{s}`; kies uit: {}", codes.join(", ")),
        )
    })
}

fn moment_number(s: &str, lang: Lang) -> Result<Moment> {
    s.trim().parse::<u8>().ok().and_then(Moment::from_number).ok_or_else(|| {
        say(lang, format!("`{s}` is not a moment; write 1 or 2"), format!("`{s}` is geen moment; schrijf 1 of 2"))
    })
}

/// A time typed on the command line, read in the local time zone.
fn time(s: &str, lang: Lang) -> Result<DateTime<FixedOffset>> {
    super::parse::moment(s).map_err(|_| {
        say(
            lang,
            format!("`{s}` is not a time like 2026-11-20T08:30 or 2026-11-20T08:30:00+01:00"),
            format!("`{s}` is geen tijd als 2026-11-20T08:30 of 2026-11-20T08:30:00+01:00"),
        )
    })
}

/// A store error in the person's language.
fn store_error(e: StoreError, lang: Lang) -> anyhow::Error {
    worded(&e, lang)
}

fn hhmm(t: NaiveDateTime) -> String {
    t.format("%H:%M").to_string()
}

/// Runs one `experiment` command. `now` replaces the clock (for tests).
pub fn run(
    open: impl FnOnce() -> Result<Store>,
    command: ExperimentCommand,
    lang: LangArg,
    now: Option<String>,
    out: &mut impl Write,
) -> Result<()> {
    let lang = Lang::from(lang);
    let now = match now {
        Some(s) => time(&s, lang)?,
        None => Local::now().fixed_offset(),
    };
    let local = now.naive_local();
    match command {
        ExperimentCommand::Start {
            practice: p,
            practice_name,
            minutes,
            target,
            control,
            moments: m,
            start,
            days,
            seed,
        } => {
            // Every value is read before the journal is opened.
            let kind = practice(&p, lang)?;
            let minutes = minutes.map(|m| number::<u16>(&m, "minutes", lang)).transpose()?;
            let target = target.map(|t| region(&t, lang)).transpose()?;
            let control = region(&control, lang)?;
            let moments = moments(&m, lang)?;
            let start = match start {
                Some(s) => date(&s, lang)?,
                None => crate::model::experiment::default_first_day(moments, local),
            };
            let planned_days = days.map(|d| number::<u16>(&d, "days", lang)).transpose()?.unwrap_or(DEFAULT_DAYS);
            let seed = seed.map(|s| number::<u64>(&s, "seed", lang)).transpose()?.unwrap_or_else(|| fastrand::u64(..));
            let draft_for = |target| PlanDraft {
                practice: kind,
                practice_name: practice_name.clone().unwrap_or_default(),
                practice_minutes: minutes,
                target,
                control,
                moments,
                start,
                planned_days,
            };
            // Checked before the journal is opened; without --target with a stand-in region that
            // differs from the control (the default target is read from the journal).
            let stand_in = if control == Region::Neck { Region::Jaw } else { Region::Neck };
            Plan::new(&draft_for(target.unwrap_or(stand_in)), seed, now, local.date()).map_err(|e| worded(&e, lang))?;
            let mut store = open()?;
            let target = match target {
                Some(t) => t,
                None => {
                    let from = dates::days_before(local.date(), 27);
                    let entries = store.list_chronological(&EntryFilter { from, ..EntryFilter::default() })?;
                    analysis::default_target(&entries, local.date(), control)
                }
            };
            let plan = Plan::new(&draft_for(target), seed, now, local.date()).map_err(|e| worded(&e, lang))?;
            store.start_experiment(&plan, |latest| may_start(latest, local)).map_err(|e| store_error(e, lang))?;
            writeln!(out, "{}", lang.pick("Started. The plan is locked:", "Gestart. Het plan ligt vast:"))?;
            writeln!(out, "  {}", text::question(&plan, lang))?;
            for line in text::plan_lines(&plan, lang) {
                writeln!(out, "  {line}")?;
            }
            writeln!(
                out,
                "{}",
                lang.pick(
                    "At each moment, rate first (`feltsense experiment rate --target N --control N`); then you see whether to practise.",
                    "Beoordeel op elk moment eerst (`feltsense experiment rate --target N --control N`); daarna zie je of je oefent."
                )
            )?;
        }
        ExperimentCommand::Status => {
            let store = open()?;
            let e = latest(&store, lang)?;
            status(&e, local, lang, out)?;
        }
        ExperimentCommand::Rate { target, control, day, moment, at } => {
            let target = level(&target, "target", lang)?;
            let control = level(&control, "control", lang)?;
            let day = day.map(|d| number::<u16>(&d, "day", lang)).transpose()?;
            let moment = moment.map(|m| moment_number(&m, lang)).transpose()?;
            let at = at.map(|a| time(&a, lang)).transpose()?.unwrap_or(now);
            let mut store = open()?;
            let e = latest(&store, lang)?;
            let (day, moment) = match (day, moment) {
                (Some(d), Some(m)) => (d, m),
                (None, None) => match e.open_moment(at.naive_local()) {
                    Some((d, m, _)) => (d, m),
                    None if e.stopped.is_some() => return Err(worded(&ExperimentError::Stopped, lang)),
                    None if analyse(&e, local).stage.is_over() => return Err(worded(&ExperimentError::Finished, lang)),
                    None => return Err(worded(&ExperimentError::NothingOpen(e.next_opening(at.naive_local())), lang)),
                },
                _ => {
                    return Err(say(
                        lang,
                        "give both --day and --moment, or neither (then the moment open now is rated)",
                        "geef --day en --moment allebei, of geen van beide (dan wordt het moment beoordeeld dat nu open is)",
                    ));
                }
            };
            let saved = store
                .rate_experiment(&e.plan.uid, |current| {
                    accept_rating(current, day, moment, at, target, control, local).map_err(StoreError::from)
                })
                .map_err(|err| store_error(err, lang))?;
            let mut e = e;
            e.ratings.push(saved);
            rated(&e, saved.day, saved.moment, saved.phase, lang, out)?;
        }
        ExperimentCommand::Stop => {
            let mut store = open()?;
            let e = latest(&store, lang)?;
            if analyse(&e, local).stage.is_over() && e.stopped.is_none() {
                return Err(worded(&ExperimentError::Finished, lang));
            }
            store.stop_experiment(&e.plan.uid, now).map_err(|err| store_error(err, lang))?;
            writeln!(
                out,
                "{}",
                lang.pick(
                    "Stopped. The ratings are kept; the result says it was stopped.",
                    "Gestopt. De beoordelingen blijven bewaard; de uitkomst vermeldt dat het gestopt is."
                )
            )?;
        }
        ExperimentCommand::Result { format } => {
            let store = open()?;
            let e = latest(&store, lang)?;
            let r = analyse(&e, local);
            match format {
                ListFormat::Json => {
                    serde_json::to_writer_pretty(&mut *out, &analysis::result_json(&e, &r))?;
                    writeln!(out)?;
                }
                ListFormat::Table => result_text(&e, &r, lang, out)?,
            }
        }
    }
    Ok(())
}

fn latest(store: &Store, lang: Lang) -> Result<Experiment> {
    store
        .latest_experiment()
        .map_err(|e| store_error(e, lang))?
        .ok_or_else(|| worded(&ExperimentError::NoneRunning, lang))
}

/// What to do after a rating was saved: the reveal after a first rating, whether the moment
/// counts after a second.
fn rated(e: &Experiment, day: u16, moment: Moment, phase: Phase, lang: Lang, out: &mut impl Write) -> Result<()> {
    let n = moment.number();
    match phase {
        Phase::Before => {
            writeln!(
                out,
                "{}",
                match lang {
                    Lang::En => format!("Saved the first rating of day {day}, moment {n}."),
                    Lang::Nl => format!("Eerste beoordeling van dag {day}, moment {n} bewaard."),
                }
            )?;
            let arm = e.plan.arm(day, moment).unwrap_or(Arm::Usual);
            let label = e.plan.practice_label(lang);
            let minutes = e.plan.practice_minutes;
            writeln!(
                out,
                "{}",
                match (arm, lang) {
                    (Arm::Practice, Lang::En) => format!(
                        "Now: practise {label} for {minutes} minutes (the window's Experiments view guides it)."
                    ),
                    (Arm::Practice, Lang::Nl) => format!(
                        "Nu: oefen {label}, {minutes} minuten (de weergave Experimenten in het venster begeleidt je)."
                    ),
                    (Arm::Usual, Lang::En) => format!("Now: carry on as usual for {} minutes.", e.plan.wait_minutes),
                    (Arm::Usual, Lang::Nl) =>
                        format!("Nu: ga {} minuten gewoon door zoals altijd.", e.plan.wait_minutes),
                }
            )?;
            if let Some(first) = e.rating(day, moment, Phase::Before) {
                let (opens, closes) = e.plan.after_window(first.at.naive_local());
                writeln!(
                    out,
                    "{}",
                    match lang {
                        Lang::En => format!("Rate again between {} and {}.", hhmm(opens), hhmm(closes)),
                        Lang::Nl => format!("Beoordeel opnieuw tussen {} en {}.", hhmm(opens), hhmm(closes)),
                    }
                )?;
            }
        }
        Phase::After => {
            let counts = e
                .rating(day, moment, Phase::After)
                .is_some_and(|a| e.moment_state(day, moment, a.at.naive_local()) == MomentState::Counted);
            writeln!(
                out,
                "{}",
                match (counts, lang) {
                    (true, Lang::En) =>
                        format!("Saved the second rating of day {day}, moment {n}. This moment counts."),
                    (true, Lang::Nl) =>
                        format!("Tweede beoordeling van dag {day}, moment {n} bewaard. Dit moment telt mee."),
                    (false, Lang::En) => format!(
                        "Saved the second rating of day {day}, moment {n}. It came outside its time, so this moment does not count."
                    ),
                    (false, Lang::Nl) => format!(
                        "Tweede beoordeling van dag {day}, moment {n} bewaard. Die viel buiten haar tijd, dus dit moment telt niet mee."
                    ),
                }
            )?;
        }
    }
    Ok(())
}

fn status(e: &Experiment, now: NaiveDateTime, lang: Lang, out: &mut impl Write) -> Result<()> {
    let r = analyse(e, now);
    writeln!(out, "{}", text::question(&e.plan, lang))?;
    for line in text::plan_lines(&e.plan, lang) {
        writeln!(out, "  {line}")?;
    }
    match r.stage {
        Stage::Finished { .. } | Stage::Stopped => {
            writeln!(out, "{}: {}", text::verdict_name(r.verdict, lang), text::verdict_sentence(&e.plan, &r, lang))?;
            writeln!(
                out,
                "{}",
                lang.pick(
                    "`feltsense experiment result` shows the whole result.",
                    "`feltsense experiment result` toont de hele uitkomst."
                )
            )?;
        }
        Stage::NotStarted | Stage::Running { .. } | Stage::Extended { .. } => {
            writeln!(out, "{}", text::progress_sentence(&e.plan, &r, lang))?;
            if let Some(day) = e.plan.day_of(now.date()) {
                for m in Moment::BOTH {
                    let s = e.moment_state(day, m, now);
                    let at = e.plan.moments[usize::from(m.number() - 1)].format("%H:%M");
                    writeln!(out, "  Moment {} ({at}): {}", m.number(), text::moment_state(e, day, m, s, lang))?;
                }
            }
            if r.verdict == analysis::Verdict::NotEnoughData {
                writeln!(out, "{}", text::verdict_sentence(&e.plan, &r, lang))?;
            }
            if let Some(next) = e.next_opening(now) {
                writeln!(
                    out,
                    "{}",
                    match lang {
                        Lang::En => format!(
                            "Next rating opens {} at {}.",
                            crate::model::text::date_weekday(next.date(), lang),
                            hhmm(next)
                        ),
                        Lang::Nl => format!(
                            "De volgende beoordeling opent {} om {}.",
                            crate::model::text::date_weekday(next.date(), lang),
                            hhmm(next)
                        ),
                    }
                )?;
            }
        }
    }
    Ok(())
}

fn result_text(e: &Experiment, r: &analysis::ExperimentResult, lang: Lang, out: &mut impl Write) -> Result<()> {
    writeln!(out, "{}", text::question(&e.plan, lang))?;
    writeln!(out, "{}: {}", text::verdict_name(r.verdict, lang), text::verdict_sentence(&e.plan, r, lang))?;
    match &r.numbers {
        None => writeln!(out, "{}", text::progress_sentence(&e.plan, r, lang))?,
        Some(n) => {
            writeln!(out, "{}", text::summary(&e.plan, n, lang))?;
            if let Some(c) = text::control_sentence(&e.plan, n, lang) {
                writeln!(out, "{c}")?;
            }
            writeln!(out, "{}", text::plain_sentence(&e.plan, n, lang))?;
            writeln!(out, "{}", text::days_sentence(r, lang))?;
            writeln!(
                out,
                "{}",
                lang.pick(
                    "Each day's difference (negative: the practice did better):",
                    "Het verschil per dag (negatief: de oefening deed het beter):"
                )
            )?;
            let days: Vec<String> = n
                .days
                .iter()
                .map(|(day, d)| format!("{day}: {}", crate::model::text::signed(f64::from(*d), 0, lang)))
                .collect();
            writeln!(out, "  {}", days.join("  "))?;
        }
    }
    writeln!(out, "{}", lang.pick("Plan (locked):", "Plan (vastgelegd):"))?;
    for line in text::plan_lines(&e.plan, lang) {
        writeln!(out, "  {line}")?;
    }
    writeln!(out, "{}", lang.pick("Keep in mind:", "Houd in gedachten:"))?;
    for c in text::caveats(lang) {
        writeln!(out, "  {c}")?;
    }
    if let Some(n) = &r.numbers {
        writeln!(out, "{}", lang.pick("Details:", "Details:"))?;
        for d in text::details(n, lang) {
            writeln!(out, "  {d}")?;
        }
    }
    Ok(())
}
