//! Activities (PSK/PSFS) with their weekly ratings, topics to discuss, appointments and the
//! reason for the visit, in the journal file (tables `activities`, `activity_ratings`, `topics`,
//! `appointments` and `prep_texts`, since schema version 6).
//!
//! Every change is one IMMEDIATE transaction that reads what is in the file and checks the
//! model's rules ([`crate::model::prep`]) against it before anything is written, so the window
//! and the command line can change the same lists at the same time without breaking them. A rule
//! that refuses gives [`StoreError::Prep`] and nothing is written.

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use super::rows::format_at;
use super::{Result, Store, StoreError};
use crate::model::prep::activity::{MAX_ACTIVE, week_of};
use crate::model::prep::{
    Activity, ActivityRating, Appointment, Instrument, Prep, PrepError, Topic, TopicSource, TopicState, check_reason,
};
use crate::model::{Lang, Level, Message};

/// What importing activities, topics and appointments did, and what undoing it removes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrepImport {
    /// Activities, ratings, topics, appointments and a reason written.
    pub added: usize,
    /// Those skipped because the journal already holds them (same id; a rating of the same
    /// activity and week; an appointment on the same day; a reason already written).
    pub already_present: usize,
    /// The ids of the activities, topics and appointments written.
    pub added_uids: Vec<String>,
    /// The ratings written for activities the journal already had (activity id, week).
    pub added_ratings: Vec<(String, NaiveDate)>,
    /// Whether the reason for the visit was written (the journal had none).
    pub reason_added: bool,
}

impl PrepImport {
    fn count(&mut self, added: bool) {
        if added {
            self.added += 1;
        } else {
            self.already_present += 1;
        }
    }
}

fn format_day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A value of a row of `table` that cannot be read.
fn bad(table: (&'static str, &'static str), id: i64, field: (&'static str, &'static str), value: &str) -> StoreError {
    let value = value.to_owned();
    StoreError::BadRow(Message::from_fn(move |lang| match lang {
        Lang::En => format!("{} {id}: {} `{value}`", table.0, field.0),
        Lang::Nl => format!("{} {id}: {} `{value}`", table.1, field.1),
    }))
}

const ACTIVITY: (&str, &str) = ("activity", "activiteit");
const TOPIC: (&str, &str) = ("topic", "onderwerp");
const APPOINTMENT: (&str, &str) = ("appointment", "afspraak");

fn time(table: (&'static str, &'static str), id: i64, text: &str) -> Result<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(text).map_err(|_| bad(table, id, ("time", "tijd"), text))
}

fn day(table: (&'static str, &'static str), id: i64, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| bad(table, id, ("date", "datum"), text))
}

fn instrument(table: (&'static str, &'static str), id: i64, text: &str) -> Result<Instrument> {
    Instrument::from_code(text).ok_or_else(|| bad(table, id, ("instrument", "meetinstrument"), text))
}

fn position(table: (&'static str, &'static str), id: i64, v: i64) -> Result<u32> {
    u32::try_from(v).map_err(|_| bad(table, id, ("position", "positie"), &v.to_string()))
}

/// Reads everything; `conn` may be a transaction.
fn load(conn: &Connection) -> Result<Prep> {
    let mut prep = Prep::default();
    // Activities: the active ones in their order, then the retired ones by when they were retired.
    let mut st = conn.prepare_cached(
        "SELECT id, uid, name, instrument, position, created_at, retired_at FROM activities
         ORDER BY retired_at IS NOT NULL, position, id",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, uid, name, instr, pos, created, retired) in rows {
        prep.activities.push(Activity {
            uid,
            name,
            instrument: instrument(ACTIVITY, id, &instr)?,
            position: position(ACTIVITY, id, pos)?,
            created: time(ACTIVITY, id, &created)?,
            retired: retired.as_deref().map(|t| time(ACTIVITY, id, t)).transpose()?,
        });
    }
    let mut st = conn.prepare_cached(
        "SELECT a.id, a.uid, r.week, r.instrument, r.at, r.score FROM activity_ratings r
         JOIN activities a ON a.id = r.activity_id ORDER BY r.week, a.position, a.id",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, uid, week, instr, at, score) in rows {
        prep.ratings.push(ActivityRating {
            activity: uid,
            instrument: instrument(ACTIVITY, id, &instr)?,
            week: day(ACTIVITY, id, &week)?,
            at: time(ACTIVITY, id, &at)?,
            score: Level::try_from(score).map_err(|_| bad(ACTIVITY, id, ("score", "score"), &score.to_string()))?,
        });
    }
    let mut st = conn.prepare_cached(
        "SELECT id, uid, text, text_nl, position, source, source_ref, state, created_at, closed_at FROM topics
         ORDER BY position, id",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                [r.get::<_, String>(1)?, r.get(2)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?],
                r.get::<_, Option<String>>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, Option<String>>(9)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, [uid, text, kind, reference, state, created], text_nl, pos, closed) in rows {
        prep.topics.push(Topic {
            uid,
            text,
            text_nl,
            position: position(TOPIC, id, pos)?,
            source: TopicSource::from_parts(&kind, &reference)
                .ok_or_else(|| bad(TOPIC, id, ("source", "herkomst"), &format!("{kind} {reference}")))?,
            state: TopicState::from_code(&state).ok_or_else(|| bad(TOPIC, id, ("state", "status"), &state))?,
            created: time(TOPIC, id, &created)?,
            closed: closed.as_deref().map(|t| time(TOPIC, id, t)).transpose()?,
        });
    }
    let mut st = conn.prepare_cached("SELECT id, uid, date, created_at FROM appointments ORDER BY date")?;
    let rows = st
        .query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, uid, date, created) in rows {
        prep.appointments.push(Appointment {
            uid,
            date: day(APPOINTMENT, id, &date)?,
            created: time(APPOINTMENT, id, &created)?,
        });
    }
    prep.reason = conn
        .query_row("SELECT text FROM prep_texts WHERE key = 'reason'", [], |r| r.get(0))
        .optional()?
        .unwrap_or_default();
    Ok(prep)
}

fn immediate(conn: &mut Connection) -> Result<Transaction<'_>> {
    Ok(conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
}

fn activity_row(tx: &Transaction<'_>, uid: &str) -> Result<Option<i64>> {
    Ok(tx.query_row("SELECT id FROM activities WHERE uid = ?1", [uid], |r| r.get(0)).optional()?)
}

fn insert_activity(tx: &Transaction<'_>, a: &Activity) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO activities (uid, name, instrument, position, created_at, retired_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![a.uid, a.name, a.instrument.code(), a.position, format_at(&a.created), a.retired.as_ref().map(format_at)])?;
    Ok(())
}

fn insert_rating(tx: &Transaction<'_>, activity_id: i64, r: &ActivityRating, replace: bool) -> Result<usize> {
    let verb = if replace { "INSERT OR REPLACE" } else { "INSERT OR IGNORE" };
    let sql = format!(
        "{verb} INTO activity_ratings (activity_id, week, instrument, at, at_utc, score) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    );
    Ok(tx.prepare_cached(&sql)?.execute(params![
        activity_id,
        format_day(r.week),
        r.instrument.code(),
        format_at(&r.at),
        r.at.timestamp(),
        r.score.get(),
    ])?)
}

fn insert_topic(tx: &Transaction<'_>, t: &Topic) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO topics (uid, text, text_nl, position, source, source_ref, state, created_at, closed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        t.uid,
        t.text,
        t.text_nl,
        t.position,
        t.source.kind(),
        t.source.reference(),
        t.state.code(),
        format_at(&t.created),
        t.closed.as_ref().map(format_at),
    ])?;
    Ok(())
}

fn set_reason_in(tx: &Transaction<'_>, text: &str) -> Result<()> {
    if text.is_empty() {
        tx.execute("DELETE FROM prep_texts WHERE key = 'reason'", [])?;
    } else {
        tx.execute("INSERT OR REPLACE INTO prep_texts (key, text) VALUES ('reason', ?1)", [text])?;
    }
    Ok(())
}

/// Gives the topics their positions 0, 1, … in `order` (uids).
fn renumber_topics(tx: &Transaction<'_>, order: &[&str]) -> Result<()> {
    for (i, uid) in order.iter().enumerate() {
        tx.prepare_cached("UPDATE topics SET position = ?2 WHERE uid = ?1")?.execute(params![uid, i as i64])?;
    }
    Ok(())
}

/// Checks the whole module's rules on what the transaction would commit.
fn validate_in(tx: &Transaction<'_>) -> Result<()> {
    load(tx)?.validate()?;
    Ok(())
}

/// Writes activities, ratings, topics, appointments and the reason from an import inside `tx`,
/// skipping what the journal already holds, then checks the rules on the result (an import that
/// would leave six activities being rated, or two instruments, is refused whole).
pub(super) fn import_in(tx: &Transaction<'_>, prep: &Prep) -> Result<PrepImport> {
    prep.validate()?;
    let mut out = PrepImport::default();
    let mut new_activities = HashSet::new();
    for a in &prep.activities {
        let known = activity_row(tx, &a.uid)?.is_some();
        if !known {
            insert_activity(tx, a)?;
            new_activities.insert(a.uid.as_str());
            out.added_uids.push(a.uid.clone());
        }
        out.count(!known);
    }
    for r in &prep.ratings {
        let id = activity_row(tx, &r.activity)?.ok_or_else(|| PrepError::UnknownActivity(r.activity.clone()))?;
        let stored: Option<String> =
            tx.query_row("SELECT instrument FROM activities WHERE id = ?1", [id], |row| row.get(0)).optional()?;
        if stored.as_deref() != Some(r.instrument.code()) {
            let current = stored.as_deref().and_then(Instrument::from_code).unwrap_or(r.instrument);
            return Err(PrepError::MixedInstruments { current, asked: r.instrument }.into());
        }
        let added = insert_rating(tx, id, r, false)? > 0;
        if added && !new_activities.contains(r.activity.as_str()) {
            out.added_ratings.push((r.activity.clone(), r.week));
        }
        out.count(added);
    }
    let next: i64 = tx.query_row("SELECT COALESCE(MAX(position) + 1, 0) FROM topics", [], |r| r.get(0))?;
    for t in &prep.topics {
        let known: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM topics WHERE uid = ?1)", [&t.uid], |r| r.get(0))?;
        if !known {
            // Imported topics keep their order among themselves, after the journal's own.
            let mut t = t.clone();
            t.position = u32::try_from(next + i64::from(t.position)).unwrap_or(u32::MAX);
            insert_topic(tx, &t)?;
            out.added_uids.push(t.uid.clone());
        }
        out.count(!known);
    }
    for a in &prep.appointments {
        let known: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM appointments WHERE uid = ?1 OR date = ?2)",
            params![a.uid, format_day(a.date)],
            |r| r.get(0),
        )?;
        if !known {
            tx.prepare_cached("INSERT INTO appointments (uid, date, created_at) VALUES (?1, ?2, ?3)")?
                .execute(params![a.uid, format_day(a.date), format_at(&a.created)])?;
            out.added_uids.push(a.uid.clone());
        }
        out.count(!known);
    }
    let reason = prep.reason.trim();
    if !reason.is_empty() {
        let current: Option<String> =
            tx.query_row("SELECT text FROM prep_texts WHERE key = 'reason'", [], |r| r.get(0)).optional()?;
        if current.is_none() {
            set_reason_in(tx, reason)?;
        }
        out.reason_added = current.is_none();
        out.count(current.is_none());
    }
    validate_in(tx)?;
    Ok(out)
}

impl Store {
    /// Whether an entry with this uid (the JSON `id`) is in the journal.
    pub fn has_entry_uid(&self, uid: &str) -> Result<bool> {
        super::guard::check("has_entry_uid");
        Ok(self.conn.query_row("SELECT EXISTS (SELECT 1 FROM entries WHERE uid = ?1)", [uid], |r| r.get(0))?)
    }

    /// Everything about activities, topics, appointments and the reason for the visit.
    pub fn prep(&self) -> Result<Prep> {
        super::guard::check("prep");
        load(&self.conn)
    }

    /// Adds activities in the person's words, rated with `instrument`, after the ones being
    /// rated; refused when that would make more than five, or when the ones being rated use the
    /// other instrument, or a name is already being rated. Returns them as stored.
    pub fn add_activities(
        &mut self,
        names: &[&str],
        instrument: Instrument,
        at: DateTime<FixedOffset>,
    ) -> Result<Vec<Activity>> {
        super::guard::check("add_activities");
        let tx = immediate(&mut self.conn)?;
        let prep = load(&tx)?;
        if let Some(current) = prep.instrument()
            && current != instrument
        {
            return Err(PrepError::MixedInstruments { current, asked: instrument }.into());
        }
        let mut names_in_use: HashSet<String> = prep.active().map(|a| a.name.to_lowercase()).collect();
        if prep.active().count() + names.len() > MAX_ACTIVE {
            return Err(PrepError::TooManyActivities.into());
        }
        let first = prep.active().map(|a| a.position + 1).max().unwrap_or(0);
        let mut added = Vec::with_capacity(names.len());
        for (position, name) in (first..).zip(names) {
            let mut a = Activity::new(name, instrument, at)?;
            if !names_in_use.insert(a.name.to_lowercase()) {
                return Err(PrepError::SameName(a.name).into());
            }
            a.position = position;
            insert_activity(&tx, &a)?;
            added.push(a);
        }
        tx.commit()?;
        Ok(added)
    }

    /// Retires an activity being rated: it keeps its ratings and takes no new ones.
    pub fn retire_activity(&mut self, uid: &str, at: DateTime<FixedOffset>) -> Result<()> {
        super::guard::check("retire_activity");
        let tx = immediate(&mut self.conn)?;
        let retired: Option<(String, Option<String>)> = tx
            .query_row("SELECT name, retired_at FROM activities WHERE uid = ?1", [uid], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        match retired {
            None => return Err(PrepError::UnknownActivity(uid.to_owned()).into()),
            Some((name, Some(_))) => return Err(PrepError::Retired(name).into()),
            Some((_, None)) => {}
        }
        tx.execute("UPDATE activities SET retired_at = ?2 WHERE uid = ?1", params![uid, format_at(&at)])?;
        tx.commit()?;
        Ok(())
    }

    /// Rates activities being rated for the week of `week` (any day of it): one score each, on
    /// each activity's own instrument. A score given before for the same activity and week is
    /// replaced. Refused (nothing written) for a retired or unknown activity, an activity named
    /// twice, or a week after the week of `at`. Returns the ratings as stored.
    pub fn rate_activities(
        &mut self,
        scores: &[(String, Level)],
        week: NaiveDate,
        at: DateTime<FixedOffset>,
    ) -> Result<Vec<ActivityRating>> {
        super::guard::check("rate_activities");
        let week = week_of(week);
        if week > week_of(at.date_naive()) {
            return Err(PrepError::FutureWeek(week).into());
        }
        let tx = immediate(&mut self.conn)?;
        let prep = load(&tx)?;
        let mut seen = HashSet::new();
        let mut out = Vec::with_capacity(scores.len());
        for (uid, score) in scores {
            let a = prep.activity(uid).ok_or_else(|| PrepError::UnknownActivity(uid.clone()))?;
            if a.retired.is_some() {
                return Err(PrepError::Retired(a.name.clone()).into());
            }
            if !seen.insert(uid.as_str()) {
                return Err(PrepError::RatedTwice { activity: a.name.clone(), week }.into());
            }
            let r = ActivityRating { activity: uid.clone(), instrument: a.instrument, week, at, score: *score };
            let id = activity_row(&tx, uid)?.ok_or(StoreError::NotFound)?;
            insert_rating(&tx, id, &r, true)?;
            out.push(r);
        }
        tx.commit()?;
        Ok(out)
    }

    /// Adds a topic at the end of the list and returns it as stored.
    pub fn add_topic(&mut self, topic: &Topic) -> Result<Topic> {
        super::guard::check("add_topic");
        let tx = immediate(&mut self.conn)?;
        let next: i64 = tx.query_row("SELECT COALESCE(MAX(position) + 1, 0) FROM topics", [], |r| r.get(0))?;
        let mut t = topic.clone();
        t.position = u32::try_from(next).unwrap_or(u32::MAX);
        insert_topic(&tx, &t)?;
        validate_in(&tx)?;
        tx.commit()?;
        Ok(t)
    }

    /// Opens, ticks off or dismisses a topic (`at`: when it was ticked off or dismissed).
    pub fn set_topic_state(&mut self, uid: &str, state: TopicState, at: DateTime<FixedOffset>) -> Result<()> {
        super::guard::check("set_topic_state");
        let tx = immediate(&mut self.conn)?;
        let closed = (state != TopicState::Open).then(|| format_at(&at));
        let n = tx.execute(
            "UPDATE topics SET state = ?2, closed_at = ?3 WHERE uid = ?1",
            params![uid, state.code(), closed],
        )?;
        if n == 0 {
            return Err(PrepError::UnknownTopic(uid.to_owned()).into());
        }
        tx.commit()?;
        Ok(())
    }

    /// Changes a topic's words (it becomes the person's own wording in every language).
    pub fn edit_topic(&mut self, uid: &str, text: &str) -> Result<()> {
        super::guard::check("edit_topic");
        let text = crate::model::prep::topic::checked(text)?;
        let tx = immediate(&mut self.conn)?;
        let n = tx.execute("UPDATE topics SET text = ?2, text_nl = NULL WHERE uid = ?1", params![uid, text])?;
        if n == 0 {
            return Err(PrepError::UnknownTopic(uid.to_owned()).into());
        }
        tx.commit()?;
        Ok(())
    }

    /// Moves an open topic to place `to` (0 first) among the open topics; the others keep their
    /// order after them.
    pub fn move_topic(&mut self, uid: &str, to: usize) -> Result<()> {
        super::guard::check("move_topic");
        let tx = immediate(&mut self.conn)?;
        let prep = load(&tx)?;
        let mut open: Vec<&str> = prep.open_topics().map(|t| t.uid.as_str()).collect();
        let from = open.iter().position(|u| *u == uid).ok_or_else(|| PrepError::UnknownTopic(uid.to_owned()))?;
        let moved = open.remove(from);
        open.insert(to.min(open.len()), moved);
        let rest = prep.topics.iter().filter(|t| t.state != TopicState::Open).map(|t| t.uid.as_str());
        let order: Vec<&str> = open.into_iter().chain(rest).collect();
        renumber_topics(&tx, &order)?;
        tx.commit()?;
        Ok(())
    }

    /// Ticks off every open topic (after an appointment); returns how many.
    pub fn tick_off_open_topics(&mut self, at: DateTime<FixedOffset>) -> Result<usize> {
        super::guard::check("tick_off_open_topics");
        let tx = immediate(&mut self.conn)?;
        let n = tx
            .execute("UPDATE topics SET state = 'ticked_off', closed_at = ?1 WHERE state = 'open'", [format_at(&at)])?;
        tx.commit()?;
        Ok(n)
    }

    /// Logs an appointment on `date` (held or planned); refused when one is logged that day.
    pub fn add_appointment(&mut self, date: NaiveDate, at: DateTime<FixedOffset>) -> Result<Appointment> {
        super::guard::check("add_appointment");
        crate::model::dates::check(date).map_err(PrepError::Date)?;
        let tx = immediate(&mut self.conn)?;
        let taken: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM appointments WHERE date = ?1)", [format_day(date)], |r| {
                r.get(0)
            })?;
        if taken {
            return Err(PrepError::AppointmentTwice(date).into());
        }
        let a = Appointment::new(date, at);
        tx.execute(
            "INSERT INTO appointments (uid, date, created_at) VALUES (?1, ?2, ?3)",
            params![a.uid, format_day(date), format_at(&at)],
        )?;
        tx.commit()?;
        Ok(a)
    }

    /// Removes the appointment on `date` (logged by mistake).
    pub fn remove_appointment(&mut self, date: NaiveDate) -> Result<()> {
        super::guard::check("remove_appointment");
        let tx = immediate(&mut self.conn)?;
        if tx.execute("DELETE FROM appointments WHERE date = ?1", [format_day(date)])? == 0 {
            return Err(PrepError::UnknownAppointment(date).into());
        }
        tx.commit()?;
        Ok(())
    }

    /// Sets the reason for the visit (trimmed; empty removes it).
    pub fn set_visit_reason(&mut self, text: &str) -> Result<()> {
        super::guard::check("set_visit_reason");
        check_reason(text)?;
        let tx = immediate(&mut self.conn)?;
        set_reason_in(&tx, text.trim())?;
        tx.commit()?;
        Ok(())
    }

    /// Imports a whole interchange file in one all-or-nothing transaction: entries,
    /// experiments, and activities with their ratings, topics, appointments and the reason for
    /// the visit. What the journal already holds is skipped.
    pub fn import_journal(
        &mut self,
        entries: &[crate::model::Entry],
        experiments: &[crate::model::experiment::Experiment],
        prep: &Prep,
    ) -> Result<super::ImportOutcome> {
        super::guard::check("import_journal");
        let tx = immediate(&mut self.conn)?;
        let mut outcome = super::queries::import_in(&tx, entries)?;
        super::experiments::import_in(&tx, experiments, &mut outcome)?;
        outcome.prep = import_in(&tx, prep)?;
        tx.commit()?;
        Ok(outcome)
    }

    /// Imports a whole interchange file as it is read, in one all-or-nothing transaction, so
    /// that the file's entries are never all in memory: `read` reads the file and hands each
    /// entry to the writer it is given (which writes it into the open transaction at once), then
    /// returns the file's experiments and activities, topics, appointments and reason, or why
    /// the file is refused. Only when `read` returns `Ok` is anything committed: a file refused
    /// after its first entries were written, a failed write or a stop (the reader's error) rolls
    /// everything back. What the journal already holds is skipped, as in
    /// [`Store::import_journal`].
    pub fn import_journal_streamed<E: From<StoreError>>(
        &mut self,
        read: impl FnOnce(
            &mut dyn FnMut(crate::model::Entry) -> Result<()>,
        ) -> std::result::Result<(Vec<crate::model::experiment::Experiment>, Prep), E>,
    ) -> std::result::Result<super::ImportOutcome, E> {
        super::guard::check("import_journal_streamed");
        let tx = immediate(&mut self.conn)?;
        let mut outcome = super::ImportOutcome::default();
        let (experiments, prep) = read(&mut |e| super::queries::import_one_in(&tx, &e, &mut outcome))?;
        super::experiments::import_in(&tx, &experiments, &mut outcome)?;
        outcome.prep = import_in(&tx, &prep)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(outcome)
    }

    /// Undoes an import in one transaction: removes the entries and experiments with `uids`, and
    /// what `prep` says the import added (activities with their ratings, topics, appointments,
    /// ratings of activities that were there before, the reason). Returns how many things were
    /// removed.
    pub fn undo_import(&mut self, uids: &[String], prep: &PrepImport) -> Result<usize> {
        super::guard::check("undo_import");
        let tx = immediate(&mut self.conn)?;
        let mut n = 0;
        for uid in uids {
            n += super::queries::delete_uid_in(&tx, uid)?;
            n += tx.prepare_cached("DELETE FROM experiments WHERE uid = ?1")?.execute([uid])?;
        }
        for uid in &prep.added_uids {
            for table in ["activities", "topics", "appointments"] {
                n += tx.prepare_cached(&format!("DELETE FROM {table} WHERE uid = ?1"))?.execute([uid])?;
            }
        }
        for (activity, week) in &prep.added_ratings {
            n += tx
                .prepare_cached(
                    "DELETE FROM activity_ratings WHERE week = ?2
                     AND activity_id = (SELECT id FROM activities WHERE uid = ?1)",
                )?
                .execute(params![activity, format_day(*week)])?;
        }
        if prep.reason_added {
            n += tx.execute("DELETE FROM prep_texts WHERE key = 'reason'", [])?;
        }
        tx.commit()?;
        Ok(n)
    }

    /// Imports activities, ratings, topics, appointments and a reason in one all-or-nothing
    /// transaction (what the journal already holds is skipped).
    pub fn import_prep(&mut self, prep: &Prep) -> Result<PrepImport> {
        super::guard::check("import_prep");
        let tx = immediate(&mut self.conn)?;
        let out = import_in(&tx, prep)?;
        tx.commit()?;
        Ok(out)
    }
}
