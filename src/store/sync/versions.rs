//! Each entry's version, kept up to date by every write on this computer, and the versions of an
//! entry that was changed on two computers since they last merged (kept for the person to
//! choose).
//!
//! A *version* of an entry is its content (or its deletion) with a [`Vv`], the time of the change
//! in Unix milliseconds and the computer that made it. The journal holds, per entry, one version
//! it shows (the `entries` row, or a tombstone when every version is a deletion) and the other
//! versions nobody has chosen between yet (`entry_versions`). Every write here makes a version
//! that has seen all of these, so a change made here after the person chose replaces them on
//! every computer.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

pub use super::vv::Stamp;
use super::vv::Vv;
use crate::model::{Entry, EntryId, Message};
use crate::store::{Result, Store, StoreError};

/// The clock of versions: now, in Unix milliseconds.
pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// This computer's id in the journal open on `conn` (created when the row is missing, e.g. after
/// someone removed it by hand).
pub(crate) fn this_computer(conn: &Connection) -> Result<String> {
    let id: Option<String> =
        conn.prepare_cached("SELECT id FROM computers WHERE this = 1")?.query_row([], |r| r.get(0)).optional()?;
    match id {
        Some(id) => Ok(id),
        None => {
            conn.execute("INSERT INTO computers (id, name, this) VALUES (lower(hex(randomblob(8))), '', 1)", [])?;
            Ok(conn.query_row("SELECT id FROM computers WHERE this = 1", [], |r| r.get(0))?)
        }
    }
}

fn vv_of(uid: &str, text: &str) -> Result<Vv> {
    Vv::parse(text).ok_or_else(|| StoreError::BadRow(bad_uid(uid, text)))
}

/// A value of the version columns that does not parse, named by the entry it belongs to.
fn bad_uid(uid: &str, value: &str) -> Message {
    let (uid, value) = (uid.to_owned(), value.to_owned());
    Message::from_fn(move |lang| match lang {
        crate::model::Lang::En => format!("entry {uid}: version `{value}`"),
        crate::model::Lang::Nl => format!("meting {uid}: versie `{value}`"),
    })
}

/// What the versions of `uid` other than its row have seen (its tombstone and the versions
/// waiting for a choice).
fn others_seen(tx: &Connection, uid: &str) -> Result<Vv> {
    let mut seen = Vv::default();
    let mut st = tx.prepare_cached(
        "SELECT vv FROM tombstones WHERE uid = ?1 UNION ALL SELECT vv FROM entry_versions WHERE uid = ?1",
    )?;
    let texts = st.query_map([uid], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    for t in texts {
        seen.join(&vv_of(uid, &t)?);
    }
    Ok(seen)
}

fn stamp_after(tx: &Connection, mut seen: Vv) -> Result<Stamp> {
    let me = this_computer(tx)?;
    let now = now_ms();
    seen.bump(&me, now);
    Ok(Stamp { vv: seen, changed_ms: now, changed_by: me })
}

/// The version of a new entry `uid`: it follows a tombstone of the same uid (an undone delete,
/// an import of a deleted entry), which it replaces.
pub(crate) fn stamp_insert(tx: &Transaction<'_>, uid: &str) -> Result<Stamp> {
    let seen = others_seen(tx, uid)?;
    tx.prepare_cached("DELETE FROM tombstones WHERE uid = ?1")?.execute([uid])?;
    tx.prepare_cached("DELETE FROM entry_versions WHERE uid = ?1")?.execute([uid])?;
    stamp_after(tx, seen)
}

/// The uid of row `id` and the version an edit of it gets (after the row's own version; the
/// versions waiting for a choice stay). `None` when the row does not exist.
pub(crate) fn stamp_update(tx: &Transaction<'_>, id: EntryId) -> Result<Option<(String, Stamp)>> {
    let row: Option<(String, String)> = tx
        .prepare_cached("SELECT uid, vv FROM entries WHERE id = ?1")?
        .query_row([id.0], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((uid, vv)) = row else { return Ok(None) };
    let stamp = stamp_after(tx, vv_of(&uid, &vv)?)?;
    Ok(Some((uid, stamp)))
}

/// Records that the entry `uid` (whose row the caller deletes) was deleted here: a tombstone that
/// has seen every version of it, so the deletion replaces them all on every computer.
pub(crate) fn record_delete(tx: &Transaction<'_>, uid: &str) -> Result<()> {
    let mut seen = others_seen(tx, uid)?;
    let row: Option<String> =
        tx.prepare_cached("SELECT vv FROM entries WHERE uid = ?1")?.query_row([uid], |r| r.get(0)).optional()?;
    if let Some(vv) = row {
        seen.join(&vv_of(uid, &vv)?);
    }
    let stamp = stamp_after(tx, seen)?;
    put_tombstone(tx, uid, &stamp)?;
    tx.prepare_cached("DELETE FROM entry_versions WHERE uid = ?1")?.execute([uid])?;
    Ok(())
}

/// Writes the tombstone of `uid` (replacing one there was).
pub(crate) fn put_tombstone(tx: &Connection, uid: &str, stamp: &Stamp) -> Result<()> {
    tx.prepare_cached("INSERT OR REPLACE INTO tombstones (uid, vv, changed_ms, changed_by) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![uid, stamp.vv.text(), stamp.changed_ms, stamp.changed_by])?;
    Ok(())
}

/// Which version of an entry: what it has seen, when and where it was made, and whether it is a
/// deletion. Two versions with the same key are the same version.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VersionKey {
    /// The version vector, as text.
    pub vv: String,
    /// When it was made (Unix milliseconds).
    pub changed_ms: i64,
    /// The computer that made it.
    pub changed_by: String,
    /// Whether it is a deletion.
    pub deleted: bool,
}

/// One version of an entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    /// Which version.
    pub key: VersionKey,
    /// What it has seen.
    pub vv: Vv,
    /// The entry in this version (its row id is this journal's, when it is the row); `None` for
    /// a deletion.
    pub entry: Option<Entry>,
}

impl Version {
    /// The version a journal shows when several are current: one that keeps the entry before a
    /// deletion (so no entry disappears while the person has not chosen), then the later
    /// change, then a fixed order, so every computer shows the same one.
    pub fn shown_before(&self, other: &Version) -> std::cmp::Ordering {
        self.key
            .deleted
            .cmp(&other.key.deleted)
            .then_with(|| other.key.changed_ms.cmp(&self.key.changed_ms))
            .then_with(|| other.key.changed_by.cmp(&self.key.changed_by))
            .then_with(|| other.key.vv.cmp(&self.key.vv))
    }

    /// The version's stamp.
    pub fn stamp(&self) -> Stamp {
        Stamp { vv: self.vv.clone(), changed_ms: self.key.changed_ms, changed_by: self.key.changed_by.clone() }
    }
}

/// Reads a version kept in `entry_versions` or `tombstones`.
fn stored_version(uid: &str, vv: String, ms: i64, by: String, deleted: bool, body: &str) -> Result<Version> {
    let parsed = vv_of(uid, &vv)?;
    let entry = if deleted {
        None
    } else {
        let mut e: Entry = serde_json::from_str(body).map_err(|_| StoreError::BadRow(bad_uid(uid, "body")))?;
        e.normalize();
        e.validate()?;
        if e.uid != uid {
            return Err(StoreError::BadRow(bad_uid(uid, &e.uid)));
        }
        Some(e)
    };
    Ok(Version { key: VersionKey { vv, changed_ms: ms, changed_by: by, deleted }, vv: parsed, entry })
}

/// Every current version of `uid` in the journal open on `conn`: the row it shows (first), the
/// versions waiting for a choice, or its tombstone. Empty when the journal never had it.
pub(crate) fn versions_of(conn: &Connection, uid: &str) -> Result<Vec<Version>> {
    let mut out = Vec::new();
    let row: Option<(i64, String, i64, String)> = conn
        .prepare_cached("SELECT id, vv, changed_ms, changed_by FROM entries WHERE uid = ?1")?
        .query_row([uid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    if let Some((id, vv, ms, by)) = row {
        let entry = Store::get_in(conn, EntryId(id))?.ok_or(StoreError::NotFound)?;
        let parsed = vv_of(uid, &vv)?;
        out.push(Version {
            key: VersionKey { vv, changed_ms: ms, changed_by: by, deleted: false },
            vv: parsed,
            entry: Some(entry),
        });
    }
    out.extend(versions_beside_row(conn, uid)?);
    Ok(out)
}

/// The versions of `uid` other than its row: those kept for the person to choose and its
/// tombstone (without reading the row's entry).
pub(crate) fn versions_beside_row(conn: &Connection, uid: &str) -> Result<Vec<Version>> {
    let mut st = conn.prepare_cached(
        "SELECT vv, changed_ms, changed_by, deleted, body FROM entry_versions WHERE uid = ?1
         UNION ALL SELECT vv, changed_ms, changed_by, 1, '' FROM tombstones WHERE uid = ?1",
    )?;
    let rows = st
        .query_map([uid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, bool>(3)?, r.get::<_, String>(4)?)))?
        .collect::<rusqlite::Result<Vec<(String, i64, String, bool, String)>>>()?;
    rows.into_iter().map(|(vv, ms, by, deleted, body)| stored_version(uid, vv, ms, by, deleted, &body)).collect()
}

/// Makes `current` (several versions none of which has seen the others, in any order) what the
/// journal holds of `uid`: the one shown first as the row (or a tombstone when all are
/// deletions), the rest kept for the person to choose. Returns whether the row changed.
pub(crate) fn put_current(tx: &Transaction<'_>, uid: &str, mut current: Vec<Version>) -> Result<bool> {
    current.sort_by(Version::shown_before);
    let before = versions_of(tx, uid)?;
    let row_before = before.first().filter(|v| !v.key.deleted).map(|v| v.key.clone());
    tx.prepare_cached("DELETE FROM entry_versions WHERE uid = ?1")?.execute([uid])?;
    tx.prepare_cached("DELETE FROM tombstones WHERE uid = ?1")?.execute([uid])?;
    let Some(first) = current.first() else { return Ok(false) };
    match &first.entry {
        None => {
            // Every version is a deletion: one tombstone that has seen them all.
            let mut seen = Vv::default();
            for v in &current {
                seen.join(&v.vv);
            }
            let latest = current.iter().map(|v| v.key.changed_ms).max().unwrap_or(first.key.changed_ms);
            let by = current.iter().max_by_key(|v| (v.key.changed_ms, &v.key.changed_by)).map(|v| &v.key.changed_by);
            let stamp = Stamp { vv: seen, changed_ms: latest, changed_by: by.cloned().unwrap_or_default() };
            put_tombstone(tx, uid, &stamp)?;
            let removed = tx.prepare_cached("DELETE FROM entries WHERE uid = ?1")?.execute([uid])?;
            Ok(removed > 0)
        }
        Some(entry) => {
            let changed = row_before.as_ref() != Some(&first.key);
            if changed {
                let id: Option<i64> = tx
                    .prepare_cached("SELECT id FROM entries WHERE uid = ?1")?
                    .query_row([uid], |r| r.get(0))
                    .optional()?;
                let mut e = entry.clone();
                e.normalize();
                e.validate()?;
                match id {
                    Some(id) => {
                        e.id = Some(EntryId(id));
                        crate::store::rows::update_row(tx, EntryId(id), &e, &first.stamp())?;
                    }
                    None => {
                        e.id = None;
                        crate::store::rows::insert_row(tx, &e, &first.stamp())?;
                    }
                }
            }
            for v in &current[1..] {
                let body = match &v.entry {
                    Some(e) => {
                        let mut e = e.clone();
                        e.id = None;
                        serde_json::to_string(&e).map_err(|e| StoreError::BadRow(Message::as_is(e.to_string())))?
                    }
                    None => String::new(),
                };
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO entry_versions (uid, vv, changed_ms, changed_by, deleted, body)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    uid,
                    v.key.vv,
                    v.key.changed_ms,
                    v.key.changed_by,
                    v.key.deleted,
                    body
                ])?;
            }
            Ok(changed)
        }
    }
}

/// An entry changed on two computers since they last merged, with every version the person can
/// choose from.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// The entry's identity.
    pub uid: String,
    /// The versions; the first is the one the journal shows meanwhile.
    pub versions: Vec<ConflictVersion>,
}

/// One version of an entry in a [`Conflict`].
#[derive(Clone, Debug, PartialEq)]
pub struct ConflictVersion {
    /// Which version (to choose it with [`Store::keep_version`]).
    pub key: VersionKey,
    /// The entry in this version; `None`: it was deleted.
    pub entry: Option<Entry>,
    /// When the change was made.
    pub changed: DateTime<Utc>,
    /// The name of the computer it was made on (its id when it has no name).
    pub computer: String,
    /// Whether it was made on this computer.
    pub this_computer: bool,
}

impl Store {
    /// This computer's id in the journal (random, made when the journal was created or first
    /// opened by a version of Feltsense that shares journals between computers).
    pub fn computer_id(&self) -> Result<String> {
        crate::store::guard::check("computer_id");
        let tx = self.conn.unchecked_transaction()?;
        let id = this_computer(&tx)?;
        tx.commit()?;
        Ok(id)
    }

    /// This computer's name as other computers see it (empty: not named yet).
    pub fn computer_name(&self) -> Result<String> {
        crate::store::guard::check("computer_name");
        let name: Option<String> =
            self.conn.query_row("SELECT name FROM computers WHERE this = 1", [], |r| r.get(0)).optional()?;
        Ok(name.unwrap_or_default())
    }

    /// Names this computer (what the other computers show for its copies and changes).
    pub fn set_computer_name(&mut self, name: &str) -> Result<()> {
        crate::store::guard::check("set_computer_name");
        let name: String = name.trim().chars().filter(|c| !c.is_control()).take(60).collect();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        this_computer(&tx)?;
        tx.execute("UPDATE computers SET name = ?1 WHERE this = 1", [name])?;
        tx.commit()?;
        Ok(())
    }

    /// How many entries have versions waiting for the person's choice.
    pub fn conflict_count(&self) -> Result<usize> {
        crate::store::guard::check("conflict_count");
        let n: i64 = self.conn.query_row("SELECT COUNT(DISTINCT uid) FROM entry_versions", [], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Every entry with versions waiting for the person's choice, oldest entry first.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        crate::store::guard::check("conflicts");
        let uids: Vec<String> = self
            .conn
            .prepare("SELECT DISTINCT uid FROM entry_versions ORDER BY uid")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let names = computer_names(&self.conn)?;
        let mut out = Vec::with_capacity(uids.len());
        for uid in uids {
            let mut versions = versions_of(&self.conn, &uid)?;
            if versions.len() < 2 {
                continue;
            }
            // The row first, then the rest as the journal would show them.
            versions[1..].sort_by(Version::shown_before);
            let versions = versions
                .into_iter()
                .map(|v| {
                    let (computer, this_computer) = match names.iter().find(|(id, ..)| *id == v.key.changed_by) {
                        Some((id, name, this)) => (if name.is_empty() { id.clone() } else { name.clone() }, *this),
                        None => (v.key.changed_by.clone(), false),
                    };
                    ConflictVersion {
                        changed: DateTime::from_timestamp_millis(v.key.changed_ms).unwrap_or_default(),
                        key: v.key,
                        entry: v.entry,
                        computer,
                        this_computer,
                    }
                })
                .collect();
            out.push(Conflict { uid, versions });
        }
        out.sort_by_key(|c| c.versions.iter().filter_map(|v| v.entry.as_ref().map(|e| e.at)).min());
        Ok(out)
    }

    /// Keeps the version `key` of the entry `uid` and lets the others go: the kept one becomes a
    /// new change made here that has seen them all, so every computer takes it at its next merge.
    /// Choosing a deletion deletes the entry.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when `uid` has no such version (any more).
    pub fn keep_version(&mut self, uid: &str, key: &VersionKey) -> Result<()> {
        crate::store::guard::check("keep_version");
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let versions = versions_of(&tx, uid)?;
        let chosen = versions.iter().find(|v| v.key == *key).ok_or(StoreError::NotFound)?.clone();
        let mut seen = Vv::default();
        for v in &versions {
            seen.join(&v.vv);
        }
        let stamp = stamp_after(&tx, seen)?;
        tx.prepare_cached("DELETE FROM entry_versions WHERE uid = ?1")?.execute([uid])?;
        tx.prepare_cached("DELETE FROM tombstones WHERE uid = ?1")?.execute([uid])?;
        match chosen.entry {
            None => {
                put_tombstone(&tx, uid, &stamp)?;
                tx.prepare_cached("DELETE FROM entries WHERE uid = ?1")?.execute([uid])?;
            }
            Some(mut e) => {
                let id: Option<i64> = tx
                    .prepare_cached("SELECT id FROM entries WHERE uid = ?1")?
                    .query_row([uid], |r| r.get(0))
                    .optional()?;
                e.normalize();
                e.validate()?;
                match id {
                    Some(id) => {
                        e.id = Some(EntryId(id));
                        crate::store::rows::update_row(&tx, EntryId(id), &e, &stamp)?;
                    }
                    None => {
                        e.id = None;
                        crate::store::rows::insert_row(&tx, &e, &stamp)?;
                    }
                }
            }
        }
        tx.commit()?;
        Ok(())
    }
}

/// Every computer the journal knows: id, name, whether it is this one.
pub(crate) fn computer_names(conn: &Connection) -> Result<Vec<(String, String, bool)>> {
    let mut st = conn.prepare_cached("SELECT id, name, this FROM computers ORDER BY this DESC, id")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
