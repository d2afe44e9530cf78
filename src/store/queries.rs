//! Reading and writing entries.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::error::bad_value;
use super::rows::{insert_row, now_unix, update_row};
use super::{Result, Store, StoreError};
use crate::model::{
    EmotionRating, Entry, EntryId, Level, Message, Practice, PracticeKind, Region, SessionLink, SessionRole, Signal,
    TensionRating,
};

/// Which entries to list. Dates are local calendar dates as the entry was logged (inclusive).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct EntryFilter {
    /// First day to include.
    pub from: Option<NaiveDate>,
    /// Last day to include.
    pub to: Option<NaiveDate>,
    /// Only entries recording this emotion code.
    pub emotion: Option<String>,
    /// Only entries rating this region above 0.
    pub region: Option<Region>,
    /// Only entries whose note or tags contain this text (case-insensitive for ASCII).
    pub text: Option<String>,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    /// Entries written.
    pub added: usize,
    /// Entries skipped because an entry with the same id is already in the journal.
    pub already_present: usize,
    /// The uids of the entries written, so the import can be undone with
    /// [`Store::delete_uids`] without touching entries that were there before.
    pub added_uids: Vec<String>,
    /// Personal experiments written.
    pub experiments_added: usize,
    /// Personal experiments skipped because one with the same id is already in the journal.
    pub experiments_already_present: usize,
    /// The ids of the experiments written (undone with [`Store::delete_uids`] too).
    pub added_experiment_uids: Vec<String>,
    /// What was written of the activities, topics, appointments and reason (undone with
    /// [`Store::undo_import`]).
    pub prep: super::PrepImport,
}

/// Where a page of the newest-first list ends: the `(at_utc, id)` of its last entry. The next
/// page starts after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PageCursor {
    /// The last entry's time, in Unix seconds (UTC).
    pub at_utc: i64,
    /// The last entry's row id.
    pub id: i64,
}

/// One page of entries, newest first (see [`Store::page`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// The entries, newest first, with their ratings, signals and tags.
    pub entries: Vec<Entry>,
    /// Where the next page starts; `None` when this page is the last.
    pub next: Option<PageCursor>,
}

fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('%');
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// Inserts one entry inside `tx`, with its old row id when `keep_id` (undo of a delete). Its
/// version follows the tombstone of a deleted entry with the same uid (an undo, an import of it
/// again), so the entry comes back on the other computers too.
fn insert_in(tx: &Transaction<'_>, e: &Entry, keep_id: bool) -> Result<EntryId> {
    let mut e = e.clone();
    if !keep_id {
        e.id = None;
    }
    e.normalize();
    e.validate()?;
    let stamp = super::sync::versions::stamp_insert(tx, &e.uid)?;
    insert_row(tx, &e, &stamp)
}

/// Writes the entries whose uid is not in the journal yet, inside `tx` (the body of an import).
pub(super) fn import_in(tx: &Transaction<'_>, entries: &[Entry]) -> Result<ImportOutcome> {
    let mut out = ImportOutcome::default();
    for e in entries {
        import_one_in(tx, e, &mut out)?;
    }
    Ok(out)
}

/// Writes one entry of an import inside `tx` unless its uid is in the journal already, counting
/// it in `out`.
pub(super) fn import_one_in(tx: &Transaction<'_>, e: &Entry, out: &mut ImportOutcome) -> Result<()> {
    let exists: bool =
        tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM entries WHERE uid = ?1)")?.query_row([&e.uid], |r| r.get(0))?;
    if exists {
        out.already_present += 1;
        return Ok(());
    }
    insert_in(tx, e, false)?;
    out.added += 1;
    out.added_uids.push(e.uid.clone());
    Ok(())
}

/// Deletes the entry with `uid` inside `tx`, leaving a tombstone; how many entries it removed.
pub(super) fn delete_uid_in(tx: &Transaction<'_>, uid: &str) -> Result<usize> {
    let exists: bool =
        tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM entries WHERE uid = ?1)")?.query_row([uid], |r| r.get(0))?;
    if !exists {
        return Ok(0);
    }
    super::sync::versions::record_delete(tx, uid)?;
    Ok(tx.prepare_cached("DELETE FROM entries WHERE uid = ?1")?.execute([uid])?)
}

/// Columns of `entries` read by [`row_to_entry`], prefixed with `e.`.
const ENTRY_COLUMNS: &str =
    "e.id, e.uid, e.at, e.note, e.practice_kind, e.practice_minutes, e.session_id, e.session_role, e.session_completed";

fn row_to_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<std::result::Result<Entry, Message>> {
    let id: i64 = r.get(0)?;
    let uid: String = r.get(1)?;
    let at_text: String = r.get(2)?;
    let note: String = r.get(3)?;
    let kind: Option<String> = r.get(4)?;
    let minutes: Option<i64> = r.get(5)?;
    let session_id: Option<String> = r.get(6)?;
    let session_role: Option<String> = r.get(7)?;
    let session_completed: Option<bool> = r.get(8)?;
    Ok((|| {
        let session = match (session_id, session_role) {
            (Some(sid), Some(role)) => Some(SessionLink {
                id: sid,
                role: SessionRole::from_code(&role)
                    .ok_or_else(|| bad_value(id, ("session role", "sessierol"), &role))?,
                completed: session_completed.unwrap_or(true),
            }),
            _ => None,
        };
        let at = DateTime::parse_from_rfc3339(&at_text).map_err(|_| bad_value(id, ("time", "tijd"), &at_text))?;
        let practice = match kind {
            None => None,
            Some(k) => Some(Practice {
                kind: PracticeKind::from_code(&k).ok_or_else(|| bad_value(id, ("practice", "oefening"), &k))?,
                minutes: u16::try_from(minutes.unwrap_or(0)).map_err(|_| {
                    bad_value(id, ("practice minutes", "oefenminuten"), &minutes.unwrap_or(0).to_string())
                })?,
            }),
        };
        Ok(Entry {
            id: Some(EntryId(id)),
            uid,
            at,
            emotions: Vec::new(),
            tensions: Vec::new(),
            signals: Vec::new(),
            practice,
            note,
            tags: Vec::new(),
            session,
        })
    })())
}

/// The SQL conditions (over `entries e`) and their values for `filter`, numbered `?1`, `?2`, ...
fn filter_clauses(filter: &EntryFilter) -> (Vec<String>, Vec<Box<dyn rusqlite::ToSql>>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut values: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    // Local dates: prune with the index on at_utc (offsets are within ±14 h), then compare
    // the local date written at the start of `at`.
    const SLACK: i64 = 15 * 3600;
    if let Some(from) = filter.from {
        let t = from.and_hms_opt(0, 0, 0).map_or(0, |d| d.and_utc().timestamp());
        values.push(Box::new(t - SLACK));
        clauses.push(format!("e.at_utc >= ?{}", values.len()));
        values.push(Box::new(from.format("%Y-%m-%d").to_string()));
        clauses.push(format!("substr(e.at, 1, 10) >= ?{}", values.len()));
    }
    if let Some(to) = filter.to {
        let t = to.and_hms_opt(23, 59, 59).map_or(i64::MAX, |d| d.and_utc().timestamp());
        values.push(Box::new(t + SLACK));
        clauses.push(format!("e.at_utc <= ?{}", values.len()));
        values.push(Box::new(to.format("%Y-%m-%d").to_string()));
        clauses.push(format!("substr(e.at, 1, 10) <= ?{}", values.len()));
    }
    if let Some(code) = &filter.emotion {
        values.push(Box::new(code.clone()));
        clauses
            .push(format!("EXISTS (SELECT 1 FROM emotions x WHERE x.entry_id = e.id AND x.code = ?{})", values.len()));
    }
    if let Some(region) = filter.region {
        values.push(Box::new(region.code()));
        clauses.push(format!(
            "EXISTS (SELECT 1 FROM tensions x WHERE x.entry_id = e.id AND x.region = ?{} AND x.level > 0)",
            values.len()
        ));
    }
    if let Some(text) = filter.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        values.push(Box::new(escape_like(text)));
        let n = values.len();
        clauses.push(format!(
            "(e.note LIKE ?{n} ESCAPE '\\' OR EXISTS (SELECT 1 FROM tags x WHERE x.entry_id = e.id AND x.tag LIKE ?{n} ESCAPE '\\'))"
        ));
    }
    (clauses, values)
}

impl Store {
    /// Saves a new entry in one durable transaction and returns its row id.
    pub fn insert(&mut self, entry: &Entry) -> Result<EntryId> {
        super::guard::check("insert");
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = insert_in(&tx, entry, false)?;
        tx.commit()?;
        Ok(id)
    }

    /// Saves several new entries in one durable transaction (all or none), e.g. the before and
    /// after ratings of a practice session. Returns their row ids in order.
    pub fn insert_all(&mut self, entries: &[Entry]) -> Result<Vec<EntryId>> {
        super::guard::check("insert_all");
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut ids = Vec::with_capacity(entries.len());
        for entry in entries {
            ids.push(insert_in(&tx, entry, false)?);
        }
        tx.commit()?;
        Ok(ids)
    }

    /// Replaces a saved entry (matched by its row id) with `entry`. The entry keeps the identity
    /// (`uid`) it was saved with.
    pub fn update(&mut self, entry: &Entry) -> Result<()> {
        super::guard::check("update");
        let id = entry.id.ok_or(StoreError::NotFound)?;
        let mut e = entry.clone();
        e.normalize();
        e.validate()?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some((uid, stamp)) = super::sync::versions::stamp_update(&tx, id)? else {
            return Err(StoreError::NotFound);
        };
        e.uid = uid;
        if !update_row(&tx, id, &e, &stamp)? {
            return Err(StoreError::NotFound);
        }
        tx.commit()?;
        Ok(())
    }

    /// Deletes an entry and returns it as it was, so the deletion can be undone with
    /// [`Store::restore`]. A tombstone carries the deletion to the other computers.
    pub fn delete(&mut self, id: EntryId) -> Result<Entry> {
        super::guard::check("delete");
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let entry = Self::get_in(&tx, id)?.ok_or(StoreError::NotFound)?;
        super::sync::versions::record_delete(&tx, &entry.uid)?;
        tx.execute("DELETE FROM entries WHERE id = ?1", [id.0])?;
        tx.commit()?;
        Ok(entry)
    }

    /// Puts a deleted entry back with its old row id and uid (undo of [`Store::delete`]).
    pub fn restore(&mut self, entry: &Entry) -> Result<EntryId> {
        super::guard::check("restore");
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = insert_in(&tx, entry, true)?;
        tx.commit()?;
        Ok(id)
    }

    /// Writes many entries in one all-or-nothing transaction. Entries whose uid is already in the
    /// journal are skipped (so importing the same file twice adds nothing the second time).
    pub fn import(&mut self, entries: &[Entry]) -> Result<ImportOutcome> {
        super::guard::check("import");
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = import_in(&tx, entries)?;
        tx.commit()?;
        Ok(out)
    }

    /// Removes the entries, and the personal experiments with their ratings, with these uids in
    /// one transaction (undo of an import). Returns how many entries and experiments were removed.
    pub fn delete_uids(&mut self, uids: &[String]) -> Result<usize> {
        super::guard::check("delete_uids");
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut n = 0;
        for uid in uids {
            n += delete_uid_in(&tx, uid)?;
            n += tx.prepare_cached("DELETE FROM experiments WHERE uid = ?1")?.execute([uid])?;
        }
        tx.commit()?;
        Ok(n)
    }

    /// One entry by row id.
    pub fn get(&self, id: EntryId) -> Result<Option<Entry>> {
        super::guard::check("get");
        Self::get_in(&self.conn, id)
    }

    pub(super) fn get_in(conn: &rusqlite::Connection, id: EntryId) -> Result<Option<Entry>> {
        let sql = format!("SELECT {ENTRY_COLUMNS} FROM entries e WHERE e.id = ?1");
        let row = conn.query_row(&sql, [id.0], row_to_entry).optional()?;
        let Some(row) = row else { return Ok(None) };
        let mut entries = vec![row.map_err(StoreError::BadRow)?];
        Self::fill_children(conn, &mut entries, "e.id = ?1", &[&id.0])?;
        Ok(entries.pop())
    }

    /// How many entries the journal holds.
    pub fn count(&self) -> Result<usize> {
        super::guard::check("count");
        let n: i64 = self.conn.query_row("SELECT COUNT(*) FROM entries", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Whether the journal holds anything a person wrote: entries, experiments, activities,
    /// topics, appointments or the reason for a visit. An empty journal is not backed up.
    pub fn holds_anything(&self) -> Result<bool> {
        super::guard::check("holds_anything");
        let any: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM entries) OR EXISTS (SELECT 1 FROM experiments)
                 OR EXISTS (SELECT 1 FROM activities) OR EXISTS (SELECT 1 FROM topics)
                 OR EXISTS (SELECT 1 FROM appointments) OR EXISTS (SELECT 1 FROM prep_texts)",
            [],
            |r| r.get(0),
        )?;
        Ok(any)
    }

    /// The most recent entry (by time felt) that rates tension, if any: the source of
    /// "Same as last time".
    pub fn last_check_in(&self) -> Result<Option<Entry>> {
        super::guard::check("last_check_in");
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT e.id FROM entries e WHERE EXISTS (SELECT 1 FROM tensions t WHERE t.entry_id = e.id)
                 ORDER BY e.at_utc DESC, e.id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        match id {
            Some(id) => self.get(EntryId(id)),
            None => Ok(None),
        }
    }

    /// Entries matching `filter`, newest first.
    pub fn list(&self, filter: &EntryFilter) -> Result<Vec<Entry>> {
        super::guard::check("list");
        let mut entries = self.query_entries(filter)?;
        entries.reverse();
        Ok(entries)
    }

    /// Entries that belong to a guided practice session (before/after ratings), oldest first.
    pub fn session_entries(&self) -> Result<Vec<Entry>> {
        super::guard::check("session_entries");
        let where_sql = "e.session_id IS NOT NULL";
        let sql = format!("SELECT {ENTRY_COLUMNS} FROM entries e WHERE {where_sql} ORDER BY e.at_utc, e.id");
        let mut st = self.conn.prepare(&sql)?;
        let mut entries = Vec::new();
        for row in st.query_map([], row_to_entry)? {
            entries.push(row?.map_err(StoreError::BadRow)?);
        }
        Self::fill_children(&self.conn, &mut entries, where_sql, &[])?;
        Ok(entries)
    }

    /// Entries matching `filter`, oldest first (the order the analyses want).
    pub fn list_chronological(&self, filter: &EntryFilter) -> Result<Vec<Entry>> {
        super::guard::check("list_chronological");
        self.query_entries(filter)
    }

    /// Every custom emotion the person has added, alphabetically.
    pub fn custom_emotions(&self) -> Result<Vec<String>> {
        super::guard::check("custom_emotions");
        let mut st = self.conn.prepare("SELECT code FROM custom_emotions ORDER BY code COLLATE NOCASE")?;
        let rows = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(rows)
    }

    /// Remembers a custom emotion so its chip is offered from now on.
    pub fn add_custom_emotion(&mut self, code: &str) -> Result<()> {
        super::guard::check("add_custom_emotion");
        let mut probe = Entry::new(chrono::Utc::now().fixed_offset());
        probe.set_emotion(code.trim(), Some(Level::ZERO));
        probe.validate()?;
        self.conn.execute(
            "INSERT OR IGNORE INTO custom_emotions (code, created_at) VALUES (?1, ?2)",
            params![code.trim(), now_unix()],
        )?;
        Ok(())
    }

    /// The entries selected by `where_sql` (over `entries e`, with `params`), oldest first, with
    /// their ratings, signals and tags.
    pub(super) fn entries_where(
        conn: &rusqlite::Connection,
        where_sql: &str,
        params: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<Entry>> {
        let sql = format!("SELECT {ENTRY_COLUMNS} FROM entries e WHERE {where_sql} ORDER BY e.at_utc, e.id");
        let mut st = conn.prepare(&sql)?;
        let mut entries = Vec::new();
        for row in st.query_map(params, row_to_entry)? {
            entries.push(row?.map_err(StoreError::BadRow)?);
        }
        Self::fill_children(conn, &mut entries, where_sql, params)?;
        Ok(entries)
    }

    fn query_entries(&self, filter: &EntryFilter) -> Result<Vec<Entry>> {
        let (clauses, values) = filter_clauses(filter);
        let where_sql = if clauses.is_empty() { "1".to_string() } else { clauses.join(" AND ") };
        let params: Vec<&dyn rusqlite::ToSql> = values.iter().map(|b| b.as_ref()).collect();

        let sql = format!("SELECT {ENTRY_COLUMNS} FROM entries e WHERE {where_sql} ORDER BY e.at_utc, e.id");
        let mut st = self.conn.prepare(&sql)?;
        let mut entries = Vec::new();
        for row in st.query_map(params.as_slice(), row_to_entry)? {
            entries.push(row?.map_err(StoreError::BadRow)?);
        }
        Self::fill_children(&self.conn, &mut entries, &where_sql, &params)?;
        Ok(entries)
    }

    /// Entries matching `filter`, oldest first (as [`Store::list_chronological`]), handed to `each`
    /// in pages of at most `page` entries, so that a caller writing them out (the command line's
    /// `list --format json`) never holds the whole journal in memory. Each page costs one indexed
    /// query per table, whatever the journal's size; `each` returning an error stops the reading.
    pub fn for_each_page_chronological<E: From<StoreError>>(
        &self,
        filter: &EntryFilter,
        page: usize,
        mut each: impl FnMut(Vec<Entry>) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        super::guard::check("for_each_page_chronological");
        let page = page.max(1);
        let (clauses, values) = filter_clauses(filter);
        // The key (at_utc, id) of the last entry handed out: the next page starts after it.
        let mut after: Option<(i64, i64)> = None;
        loop {
            let mut clauses = clauses.clone();
            let mut params: Vec<&dyn rusqlite::ToSql> = values.iter().map(|b| b.as_ref()).collect();
            if let Some((t, id)) = &after {
                params.push(t);
                params.push(id);
                clauses.push(format!("(e.at_utc, e.id) > (?{}, ?{})", params.len() - 1, params.len()));
            }
            let where_sql = if clauses.is_empty() { "1".to_string() } else { clauses.join(" AND ") };
            let sql = format!(
                "SELECT {ENTRY_COLUMNS}, e.at_utc FROM entries e WHERE {where_sql} ORDER BY e.at_utc, e.id LIMIT {page}"
            );
            let mut st = self.conn.prepare_cached(&sql).map_err(StoreError::from)?;
            let mut entries = Vec::with_capacity(page);
            let mut last = None;
            for row in st
                .query_map(params.as_slice(), |r| Ok((row_to_entry(r)?, r.get::<_, i64>(9)?)))
                .map_err(StoreError::from)?
            {
                let (entry, at_utc) = row.map_err(StoreError::from)?;
                let entry = entry.map_err(StoreError::BadRow)?;
                last = entry.id.map(|id| (at_utc, id.0));
                entries.push(entry);
            }
            let Some(last) = last else { return Ok(()) };
            // The children of exactly this page: the same filter, up to and including its last key.
            params.push(&last.0);
            params.push(&last.1);
            let page_sql = format!("{where_sql} AND (e.at_utc, e.id) <= (?{}, ?{})", params.len() - 1, params.len());
            Self::fill_children(&self.conn, &mut entries, &page_sql, &params)?;
            let full = entries.len() == page;
            each(entries)?;
            if !full {
                return Ok(());
            }
            after = Some(last);
        }
    }

    /// One page of the entries matching `filter`, newest first: at most `limit` entries that
    /// come after `after` in that order (from the newest when `None`). Keyset paging on
    /// `(at_utc, id)` over the index on `at_utc`, so a page costs the same whatever its depth and
    /// however long the journal is (for a filter that matches few entries SQLite still has to
    /// look at the entries in between).
    pub fn page(&self, filter: &EntryFilter, after: Option<PageCursor>, limit: usize) -> Result<Page> {
        super::guard::check("page");
        let limit = limit.max(1);
        let (mut clauses, mut values) = filter_clauses(filter);
        if let Some(c) = after {
            values.push(Box::new(c.at_utc));
            let a = values.len();
            values.push(Box::new(c.id));
            clauses.push(format!("(e.at_utc, e.id) < (?{a}, ?{})", values.len()));
        }
        let where_sql = if clauses.is_empty() { "1".to_string() } else { clauses.join(" AND ") };
        values.push(Box::new(i64::try_from(limit.saturating_add(1)).unwrap_or(i64::MAX)));
        let limit_param = values.len();
        let params: Vec<&dyn rusqlite::ToSql> = values.iter().map(|b| b.as_ref()).collect();
        let sql = format!(
            "SELECT {ENTRY_COLUMNS}, e.at_utc FROM entries e WHERE {where_sql} ORDER BY e.at_utc DESC, e.id DESC LIMIT ?{limit_param}"
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let mut entries = Vec::new();
        let mut keys = Vec::new();
        let mut rows = st.query(params.as_slice())?;
        while let Some(r) = rows.next()? {
            keys.push(r.get::<_, i64>(9)?);
            entries.push(row_to_entry(r)?.map_err(StoreError::BadRow)?);
        }
        drop(rows);
        let more = entries.len() > limit;
        entries.truncate(limit);
        let next = if more {
            entries
                .last()
                .and_then(|e| e.id)
                .zip(keys.get(limit - 1))
                .map(|(id, &at_utc)| PageCursor { at_utc, id: id.0 })
        } else {
            None
        };
        if !entries.is_empty() {
            let ids: Vec<String> = entries.iter().filter_map(|e| e.id).map(|id| id.0.to_string()).collect();
            Self::fill_children(&self.conn, &mut entries, &format!("e.id IN ({})", ids.join(",")), &[])?;
        }
        Ok(Page { entries, next })
    }

    /// How many entries match `filter`.
    pub fn count_matching(&self, filter: &EntryFilter) -> Result<usize> {
        super::guard::check("count_matching");
        let (clauses, values) = filter_clauses(filter);
        let where_sql = if clauses.is_empty() { "1".to_string() } else { clauses.join(" AND ") };
        let params: Vec<&dyn rusqlite::ToSql> = values.iter().map(|b| b.as_ref()).collect();
        let n: i64 = self.conn.query_row(
            &format!("SELECT COUNT(*) FROM entries e WHERE {where_sql}"),
            params.as_slice(),
            |r| r.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Loads tensions, emotions, signals and tags for `entries` (selected by `where_sql` over
    /// `entries e`) with one query per table.
    fn fill_children(
        conn: &rusqlite::Connection,
        entries: &mut [Entry],
        where_sql: &str,
        params: &[&dyn rusqlite::ToSql],
    ) -> Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let index: HashMap<i64, usize> =
            entries.iter().enumerate().filter_map(|(i, e)| e.id.map(|id| (id.0, i))).collect();
        let child = |table: &str, cols: &str, order: &str| {
            format!(
                "SELECT c.entry_id, {cols} FROM {table} c JOIN entries e ON e.id = c.entry_id WHERE {where_sql} ORDER BY c.entry_id, {order}"
            )
        };
        let bad = |what: (&'static str, &'static str), id: i64, v: &str| StoreError::BadRow(bad_value(id, what, v));

        let mut st = conn.prepare(&child("tensions", "c.region, c.level", "c.region"))?;
        let mut rows = st.query(params)?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let code: String = r.get(1)?;
            let level: i64 = r.get(2)?;
            let region = Region::from_code(&code).ok_or_else(|| bad(("region", "gebied"), id, &code))?;
            let level = Level::try_from(level).map_err(|_| bad(("level", "niveau"), id, &level.to_string()))?;
            if let Some(&i) = index.get(&id) {
                entries[i].tensions.push(TensionRating { region, level });
            }
        }
        let mut st = conn.prepare(&child("emotions", "c.code, c.intensity", "c.code"))?;
        let mut rows = st.query(params)?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let code: String = r.get(1)?;
            let level: i64 = r.get(2)?;
            let intensity =
                Level::try_from(level).map_err(|_| bad(("intensity", "intensiteit"), id, &level.to_string()))?;
            if let Some(&i) = index.get(&id) {
                entries[i].emotions.push(EmotionRating { code, intensity });
            }
        }
        let mut st = conn.prepare(&child("signals", "c.code", "c.code"))?;
        let mut rows = st.query(params)?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let code: String = r.get(1)?;
            let signal = Signal::from_code(&code).ok_or_else(|| bad(("signal", "signaal"), id, &code))?;
            if let Some(&i) = index.get(&id) {
                entries[i].signals.push(signal);
            }
        }
        let mut st = conn.prepare(&child("tags", "c.tag", "c.position"))?;
        let mut rows = st.query(params)?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let tag: String = r.get(1)?;
            if let Some(&i) = index.get(&id) {
                entries[i].tags.push(tag);
            }
        }
        for e in entries.iter_mut() {
            e.tensions.sort_by_key(|t| t.region);
            e.signals.sort();
        }
        Ok(())
    }
}
