//! Personal experiments in the journal file: their locked plans and the ratings of their moments
//! (tables `experiments` and `experiment_ratings`, since schema version 5).
//!
//! Every change is one IMMEDIATE transaction that reads the experiment as it is in the file and
//! lets the caller's rule decide before anything is written, so the window and the command line
//! can rate the same experiment at the same time without breaking its rules.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::rows::format_at;
use super::{Result, Store, StoreError};
use crate::model::experiment::{Arm, Experiment, ExperimentError, Moment, MomentRating, Phase, Plan};
use crate::model::{Level, Message, PracticeKind, Region};

fn allocation_text(a: &[Arm]) -> String {
    a.iter().map(|arm| if *arm == Arm::Practice { 'P' } else { 'U' }).collect()
}

/// A value of experiment row `id` that cannot be read.
fn bad(id: i64, field: (&'static str, &'static str), value: &str) -> StoreError {
    let value = value.to_owned();
    StoreError::BadRow(Message::from_fn(move |lang| match lang {
        crate::model::Lang::En => format!("experiment {id}: {} `{value}`", field.0),
        crate::model::Lang::Nl => format!("experiment {id}: {} `{value}`", field.1),
    }))
}

const PLAN_COLUMNS: &str = "id, uid, practice_kind, practice_name, practice_minutes, target_region, control_region, \
     moment1, moment2, start_date, planned_days, max_days, wait_minutes, seed, allocation, created_at, stopped_at";

/// The raw text of one `experiments` row, read before it is checked.
struct PlanRow {
    id: i64,
    texts: [String; 11],
    numbers: [i64; 4],
    stopped: Option<String>,
}

fn read_plan_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PlanRow> {
    Ok(PlanRow {
        id: r.get(0)?,
        texts: [
            r.get(1)?,  // uid
            r.get(2)?,  // practice_kind
            r.get(3)?,  // practice_name
            r.get(5)?,  // target_region
            r.get(6)?,  // control_region
            r.get(7)?,  // moment1
            r.get(8)?,  // moment2
            r.get(9)?,  // start_date
            r.get(13)?, // seed
            r.get(14)?, // allocation
            r.get(15)?, // created_at
        ],
        numbers: [r.get(4)?, r.get(10)?, r.get(11)?, r.get(12)?],
        stopped: r.get(16)?,
    })
}

fn parse_plan(row: PlanRow) -> Result<(i64, Experiment)> {
    let id = row.id;
    let [uid, kind, name, target, control, m1, m2, start, seed, allocation, created] = row.texts;
    let region = |text: &str, what| Region::from_code(text).ok_or_else(|| bad(id, what, text));
    let time = |text: &str| NaiveTime::parse_from_str(text, "%H:%M").map_err(|_| bad(id, ("moment", "moment"), text));
    let when = |text: &str| DateTime::parse_from_rfc3339(text).map_err(|_| bad(id, ("time", "tijd"), text));
    let number = |v: i64, what| u16::try_from(v).map_err(|_| bad(id, what, &v.to_string()));
    let allocation = allocation
        .chars()
        .map(|c| match c {
            'P' => Ok(Arm::Practice),
            'U' => Ok(Arm::Usual),
            _ => Err(bad(id, ("allocation", "verdeling"), &allocation)),
        })
        .collect::<Result<Vec<_>>>()?;
    let plan = Plan {
        practice: PracticeKind::from_code(&kind).ok_or_else(|| bad(id, ("practice", "oefening"), &kind))?,
        practice_name: name,
        practice_minutes: number(row.numbers[0], ("practice minutes", "oefenminuten"))?,
        target: region(&target, ("region", "gebied"))?,
        control: region(&control, ("control region", "controlegebied"))?,
        moments: [time(&m1)?, time(&m2)?],
        start: NaiveDate::parse_from_str(&start, "%Y-%m-%d")
            .map_err(|_| bad(id, ("first day", "eerste dag"), &start))?,
        planned_days: number(row.numbers[1], ("days", "dagen"))?,
        max_days: number(row.numbers[2], ("days", "dagen"))?,
        wait_minutes: number(row.numbers[3], ("wait", "wachttijd"))?,
        seed: seed.parse().map_err(|_| bad(id, ("seed", "startgetal"), &seed))?,
        allocation,
        created: when(&created)?,
        uid,
    };
    let stopped = row.stopped.as_deref().map(when).transpose()?;
    Ok((id, Experiment { plan, ratings: Vec::new(), stopped }))
}

/// Reads the experiments selected by `where_sql` (over `experiments`), oldest first, with their
/// ratings.
fn load(conn: &rusqlite::Connection, where_sql: &str, params: &[&dyn rusqlite::ToSql]) -> Result<Vec<Experiment>> {
    let sql = format!("SELECT {PLAN_COLUMNS} FROM experiments WHERE {where_sql} ORDER BY id");
    let mut st = conn.prepare(&sql)?;
    let rows = st.query_map(params, read_plan_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(rows.len());
    let mut rated = conn.prepare_cached(
        "SELECT day, moment, phase, at, target_level, control_level FROM experiment_ratings
         WHERE experiment_id = ?1 ORDER BY day, moment",
    )?;
    for row in rows {
        let (id, mut e) = parse_plan(row)?;
        let mut q = rated.query([id])?;
        while let Some(r) = q.next()? {
            let day: i64 = r.get(0)?;
            let moment: i64 = r.get(1)?;
            let phase: String = r.get(2)?;
            let at: String = r.get(3)?;
            let target: i64 = r.get(4)?;
            let control: i64 = r.get(5)?;
            let level = |v: i64| Level::try_from(v).map_err(|_| bad(id, ("level", "niveau"), &v.to_string()));
            e.ratings.push(MomentRating {
                day: u16::try_from(day).map_err(|_| bad(id, ("day", "dag"), &day.to_string()))?,
                moment: u8::try_from(moment)
                    .ok()
                    .and_then(Moment::from_number)
                    .ok_or_else(|| bad(id, ("moment", "moment"), &moment.to_string()))?,
                phase: Phase::from_code(&phase).ok_or_else(|| bad(id, ("phase", "fase"), &phase))?,
                at: DateTime::parse_from_rfc3339(&at).map_err(|_| bad(id, ("time", "tijd"), &at))?,
                target: level(target)?,
                control: level(control)?,
            });
        }
        e.sort_ratings();
        out.push(e);
    }
    Ok(out)
}

fn insert_rating(tx: &Transaction<'_>, experiment_id: i64, r: &MomentRating) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO experiment_ratings (experiment_id, day, moment, phase, at, at_utc, target_level, control_level)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        experiment_id,
        r.day,
        r.moment.number(),
        r.phase.code(),
        format_at(&r.at),
        r.at.timestamp(),
        r.target.get(),
        r.control.get(),
    ])?;
    Ok(())
}

/// Writes a whole experiment (plan, stop and ratings) inside `tx`, after checking it.
fn insert_experiment(tx: &Transaction<'_>, e: &Experiment) -> Result<()> {
    e.validate()?;
    let p = &e.plan;
    tx.prepare_cached(
        "INSERT INTO experiments (uid, practice_kind, practice_name, practice_minutes, target_region, control_region,
             moment1, moment2, start_date, planned_days, max_days, wait_minutes, seed, allocation, created_at, stopped_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        p.uid,
        p.practice.code(),
        p.practice_name,
        p.practice_minutes,
        p.target.code(),
        p.control.code(),
        p.moments[0].format("%H:%M").to_string(),
        p.moments[1].format("%H:%M").to_string(),
        p.start.format("%Y-%m-%d").to_string(),
        p.planned_days,
        p.max_days,
        p.wait_minutes,
        p.seed.to_string(),
        allocation_text(&p.allocation),
        format_at(&p.created),
        e.stopped.as_ref().map(format_at),
    ])?;
    let id = tx.last_insert_rowid();
    for r in &e.ratings {
        insert_rating(tx, id, r)?;
    }
    Ok(())
}

/// Writes experiments inside an import's transaction, counting them in `outcome`; those whose id
/// is known are skipped.
pub(super) fn import_in(
    tx: &Transaction<'_>,
    experiments: &[Experiment],
    outcome: &mut super::ImportOutcome,
) -> Result<()> {
    for e in experiments {
        if row_id(tx, &e.plan.uid)?.is_some() {
            outcome.experiments_already_present += 1;
            continue;
        }
        insert_experiment(tx, e)?;
        outcome.experiments_added += 1;
        outcome.added_experiment_uids.push(e.plan.uid.clone());
    }
    Ok(())
}

fn row_id(tx: &Transaction<'_>, uid: &str) -> Result<Option<i64>> {
    Ok(tx.query_row("SELECT id FROM experiments WHERE uid = ?1", [uid], |r| r.get(0)).optional()?)
}

impl Store {
    /// Every experiment, oldest first, with its ratings.
    pub fn experiments(&self) -> Result<Vec<Experiment>> {
        super::guard::check("experiments");
        load(&self.conn, "1", &[])
    }

    /// The most recently started experiment, if any.
    pub fn latest_experiment(&self) -> Result<Option<Experiment>> {
        super::guard::check("latest_experiment");
        Ok(load(&self.conn, "id = (SELECT MAX(id) FROM experiments)", &[])?.pop())
    }

    /// The experiment with this id.
    pub fn experiment(&self, uid: &str) -> Result<Option<Experiment>> {
        super::guard::check("experiment");
        Ok(load(&self.conn, "uid = ?1", &[&uid])?.pop())
    }

    /// Saves a new, locked plan in one durable transaction. `may_start` sees the latest
    /// experiment as it is in the file at that moment and refuses (e.g. one still running).
    pub fn start_experiment(
        &mut self,
        plan: &Plan,
        may_start: impl FnOnce(Option<&Experiment>) -> std::result::Result<(), ExperimentError>,
    ) -> Result<()> {
        super::guard::check("start_experiment");
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let latest = load(&tx, "id = (SELECT MAX(id) FROM experiments)", &[])?.pop();
        may_start(latest.as_ref())?;
        insert_experiment(&tx, &Experiment::new(plan.clone()))?;
        tx.commit()?;
        Ok(())
    }

    /// Adds one rating to the experiment `uid` in one durable transaction. `make` sees the
    /// experiment as it is in the file at that moment and returns the rating, or refuses.
    pub fn rate_experiment<E: From<StoreError>>(
        &mut self,
        uid: &str,
        make: impl FnOnce(&Experiment) -> std::result::Result<MomentRating, E>,
    ) -> std::result::Result<MomentRating, E> {
        super::guard::check("rate_experiment");
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(StoreError::from)?;
        let id = row_id(&tx, uid)?.ok_or(StoreError::Experiment(ExperimentError::NoneRunning))?;
        let mut e = load(&tx, "id = ?1", &[&id])?.pop().ok_or(StoreError::NotFound)?;
        let rating = make(&e)?;
        e.ratings.push(rating);
        e.validate().map_err(StoreError::from)?;
        insert_rating(&tx, id, &rating)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(rating)
    }

    /// Stops the experiment `uid` at `at`; its ratings are kept. Refused when it was already
    /// stopped.
    pub fn stop_experiment(&mut self, uid: &str, at: DateTime<FixedOffset>) -> Result<()> {
        super::guard::check("stop_experiment");
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let stopped: Option<Option<String>> =
            tx.query_row("SELECT stopped_at FROM experiments WHERE uid = ?1", [uid], |r| r.get(0)).optional()?;
        match stopped {
            None => return Err(ExperimentError::NoneRunning.into()),
            Some(Some(_)) => return Err(ExperimentError::Stopped.into()),
            Some(None) => {}
        }
        tx.execute("UPDATE experiments SET stopped_at = ?2 WHERE uid = ?1", params![uid, format_at(&at)])?;
        tx.commit()?;
        Ok(())
    }

    /// Writes entries and experiments in one all-or-nothing transaction (an import). Entries and
    /// experiments whose id is already in the journal are skipped. [`Store::delete_uids`] with
    /// the outcome's uids undoes it.
    pub fn import_with_experiments(
        &mut self,
        entries: &[crate::model::Entry],
        experiments: &[Experiment],
    ) -> Result<super::ImportOutcome> {
        super::guard::check("import_with_experiments");
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut outcome = super::queries::import_in(&tx, entries)?;
        import_in(&tx, experiments, &mut outcome)?;
        tx.commit()?;
        Ok(outcome)
    }
}
