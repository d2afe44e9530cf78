//! Writing one entry's rows: the `entries` row at a version, and its child rows (tensions,
//! emotions, signals, tags, custom emotions). Below both the queries and the merging of other
//! computers' versions, which write entries the same way.

use chrono::{DateTime, FixedOffset, SecondsFormat};
use rusqlite::{Transaction, params};

use super::Result;
use super::sync::vv::Stamp;
use crate::model::{Entry, EntryId};

/// Now, in Unix seconds (the `created_at`/`updated_at` columns).
pub(super) fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

/// An entry's local time as stored: RFC 3339 with its own offset.
pub(super) fn format_at(at: &DateTime<FixedOffset>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

/// Writes an entry's child rows (tensions, emotions, signals, tags).
fn write_children(tx: &Transaction<'_>, id: i64, e: &Entry) -> Result<()> {
    {
        let mut st = tx.prepare_cached("INSERT INTO tensions (entry_id, region, level) VALUES (?1, ?2, ?3)")?;
        for t in &e.tensions {
            st.execute(params![id, t.region.code(), t.level.get()])?;
        }
    }
    {
        let mut st = tx.prepare_cached("INSERT INTO emotions (entry_id, code, intensity) VALUES (?1, ?2, ?3)")?;
        for em in &e.emotions {
            st.execute(params![id, em.code, em.intensity.get()])?;
        }
    }
    {
        let mut st = tx.prepare_cached("INSERT INTO signals (entry_id, code) VALUES (?1, ?2)")?;
        for s in &e.signals {
            st.execute(params![id, s.code()])?;
        }
    }
    {
        let mut st = tx.prepare_cached("INSERT INTO tags (entry_id, position, tag) VALUES (?1, ?2, ?3)")?;
        for (i, t) in e.tags.iter().enumerate() {
            st.execute(params![id, i as i64, t])?;
        }
    }
    {
        let mut st = tx.prepare_cached("INSERT OR IGNORE INTO custom_emotions (code, created_at) VALUES (?1, ?2)")?;
        for em in &e.emotions {
            if !crate::model::BUILTIN_EMOTIONS.iter().any(|b| b.code == em.code) {
                st.execute(params![em.code, now_unix()])?;
            }
        }
    }
    Ok(())
}

/// Inserts an entry (normalized and valid) with the version `stamp`.
pub(super) fn insert_row(tx: &Transaction<'_>, e: &Entry, stamp: &Stamp) -> Result<EntryId> {
    let now = now_unix();
    tx.prepare_cached(
        "INSERT INTO entries (id, uid, at, at_utc, note, practice_kind, practice_minutes, created_at, updated_at,
                              session_id, session_role, session_completed, vv, changed_ms, changed_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        e.id.map(|i| i.0),
        e.uid,
        format_at(&e.at),
        e.at.timestamp(),
        e.note,
        e.practice.map(|p| p.kind.code()),
        e.practice.map(|p| p.minutes),
        now,
        e.session.as_ref().map(|l| l.id.as_str()),
        e.session.as_ref().map(|l| l.role.code()),
        e.session.as_ref().map(|l| l.completed),
        stamp.vv.text(),
        stamp.changed_ms,
        stamp.changed_by,
    ])?;
    let id = tx.last_insert_rowid();
    write_children(tx, id, e)?;
    Ok(EntryId(id))
}

/// Replaces the row `id` with the entry `e` (normalized and valid) at the version `stamp`.
/// `Ok(false)` when there is no such row.
pub(super) fn update_row(tx: &Transaction<'_>, id: EntryId, e: &Entry, stamp: &Stamp) -> Result<bool> {
    let changed = tx
        .prepare_cached(
            "UPDATE entries SET uid = ?2, at = ?3, at_utc = ?4, note = ?5, practice_kind = ?6, practice_minutes = ?7,
                updated_at = ?8, session_id = ?9, session_role = ?10, session_completed = ?11,
                vv = ?12, changed_ms = ?13, changed_by = ?14 WHERE id = ?1",
        )?
        .execute(params![
            id.0,
            e.uid,
            format_at(&e.at),
            e.at.timestamp(),
            e.note,
            e.practice.map(|p| p.kind.code()),
            e.practice.map(|p| p.minutes),
            now_unix(),
            e.session.as_ref().map(|l| l.id.as_str()),
            e.session.as_ref().map(|l| l.role.code()),
            e.session.as_ref().map(|l| l.completed),
            stamp.vv.text(),
            stamp.changed_ms,
            stamp.changed_by,
        ])?;
    if changed == 0 {
        return Ok(false);
    }
    for table in ["tensions", "emotions", "signals", "tags"] {
        tx.prepare_cached(&format!("DELETE FROM {table} WHERE entry_id = ?1"))?.execute([id.0])?;
    }
    write_children(tx, id.0, e)?;
    Ok(true)
}
