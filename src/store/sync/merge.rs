//! Merging another computer's journal into this one, entry by entry.
//!
//! For every entry the other journal holds, the versions of both sides are put together and
//! only those no other version has seen stay current ([`Vv`]): a version that descends from the
//! other replaces it (an edit or a deletion made after the last merge wins), versions changed on
//! both sides since they last met both stay, one shown and the others kept for the person to
//! choose ([`versions`](super::versions)). Nothing is ever lost: a deletion that meets an edit it
//! has not seen keeps the edited entry on screen (with the deletion as the other choice).
//!
//! This is a join of two sets of versions, so merging is idempotent (the same merge twice changes
//! nothing the second time), and the order in which computers merge each other does not change
//! the outcome: once every computer has merged every other's latest copy, all hold the same
//! journal. Entries the other journal does not know are left as they are.
//!
//! The custom emotions are merged too (added, never removed). Personal experiments, the
//! activities, topics and appointments stay on the computer they were made on.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, Transaction};

use super::versions::{Version, VersionKey, computer_names, put_current, versions_beside_row, versions_of};
use super::vv::{Relation, Vv};
use crate::store::{Result, Store};

/// What a merge changed in this journal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Merged {
    /// Entries this journal did not have.
    pub added: usize,
    /// Entries whose shown version changed (an edit made on the other computer).
    pub changed: usize,
    /// Entries deleted (deleted on the other computer).
    pub deleted: usize,
    /// Entries that now have versions waiting for the person's choice and had none before.
    pub new_conflicts: usize,
    /// Custom emotions added.
    pub custom_emotions: usize,
}

impl Merged {
    /// Whether the merge changed nothing.
    pub fn is_empty(&self) -> bool {
        *self == Merged::default()
    }

    /// Adds another merge's counts.
    pub fn add(&mut self, other: &Merged) {
        self.added += other.added;
        self.changed += other.changed;
        self.deleted += other.deleted;
        self.new_conflicts += other.new_conflicts;
        self.custom_emotions += other.custom_emotions;
    }
}

/// Every uid's current version keys in the journal open on `conn`, each list sorted.
fn signatures(conn: &Connection) -> Result<HashMap<String, Vec<VersionKey>>> {
    let mut st = conn.prepare(
        "SELECT uid, vv, changed_ms, changed_by, 0 FROM entries
         UNION ALL SELECT uid, vv, changed_ms, changed_by, deleted FROM entry_versions
         UNION ALL SELECT uid, vv, changed_ms, changed_by, 1 FROM tombstones",
    )?;
    let mut out: HashMap<String, Vec<VersionKey>> = HashMap::new();
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let key = VersionKey { vv: r.get(1)?, changed_ms: r.get(2)?, changed_by: r.get(3)?, deleted: r.get(4)? };
        out.entry(r.get(0)?).or_default().push(key);
    }
    for keys in out.values_mut() {
        keys.sort();
    }
    Ok(out)
}

/// The keys of the versions in `all` that no other version has seen (each key once, sorted).
/// `None` when a version vector does not parse (the caller then reads the versions and reports
/// the damaged row).
fn maximal_keys(all: &[&VersionKey]) -> Option<Vec<VersionKey>> {
    let parsed: Vec<(&VersionKey, Vv)> =
        all.iter().map(|k| Vv::parse(&k.vv).map(|v| (*k, v))).collect::<Option<Vec<_>>>()?;
    let mut out: Vec<VersionKey> = parsed
        .iter()
        .filter(|(_, v)| !parsed.iter().any(|(_, w)| w.relation(v) == Relation::Descends))
        .map(|(k, _)| (*k).clone())
        .collect();
    out.sort();
    out.dedup();
    Some(out)
}

/// The versions in `all` that no other version has seen, each once.
fn maximal(all: Vec<Version>) -> Vec<Version> {
    let mut out: Vec<Version> = Vec::with_capacity(all.len());
    for v in &all {
        let seen_by_other = all.iter().any(|w| w.vv.relation(&v.vv) == Relation::Descends);
        if !seen_by_other && !out.iter().any(|o| o.key == v.key) {
            out.push(v.clone());
        }
    }
    out
}

/// Merges the journal open on `remote` (read only) into the one `tx` writes to (see the
/// [module docs](self)). The caller commits.
pub(crate) fn merge_from(tx: &Transaction<'_>, remote: &Connection) -> Result<Merged> {
    let mut merged = Merged::default();
    let theirs = signatures(remote)?;
    let ours = signatures(tx)?;

    // The entries whose current versions change: decided on the keys alone, so that a merge of
    // a copy that holds nothing new reads no entry.
    let mut changing: Vec<&String> = Vec::new();
    for (uid, their_keys) in &theirs {
        let our_keys = ours.get(uid);
        if our_keys == Some(their_keys) {
            continue;
        }
        let all: Vec<&VersionKey> = their_keys.iter().chain(our_keys.into_iter().flatten()).collect();
        match maximal_keys(&all) {
            Some(keys) if Some(&keys) == our_keys => {}
            _ => changing.push(uid),
        }
    }
    changing.sort();

    // Their rows of the changing entries, read at once when there are many.
    let mut their_rows: HashMap<String, crate::model::Entry> = HashMap::new();
    if changing.len() > 200 {
        let want: HashSet<&str> = changing.iter().map(|u| u.as_str()).collect();
        for e in Store::entries_where(remote, "1", &[])? {
            if want.contains(e.uid.as_str()) {
                their_rows.insert(e.uid.clone(), e);
            }
        }
    }

    for uid in changing {
        let mut theirs_now = if their_rows.is_empty() {
            versions_of(remote, uid)?
        } else {
            their_versions_preloaded(remote, uid, &mut their_rows)?
        };
        let ours_now = if ours.contains_key(uid) { versions_of(tx, uid)? } else { Vec::new() };
        let had_row = ours_now.first().is_some_and(|v| !v.key.deleted);
        let had_conflict = ours_now.len() > 1 && had_row;
        theirs_now.extend(ours_now);
        let current = maximal(theirs_now);
        let live = current.iter().filter(|v| !v.key.deleted).count();
        let row_changed = put_current(tx, uid, current)?;
        match (had_row, live > 0) {
            (false, true) => merged.added += 1,
            (true, false) => merged.deleted += 1,
            (true, true) if row_changed => merged.changed += 1,
            _ => {}
        }
        let conflict_now = live > 0 && {
            let n: i64 = tx
                .prepare_cached("SELECT COUNT(*) FROM entry_versions WHERE uid = ?1")?
                .query_row([uid], |r| r.get(0))?;
            n > 0
        };
        if conflict_now && !had_conflict {
            merged.new_conflicts += 1;
        }
    }

    merged.custom_emotions = merge_custom_emotions(tx, remote)?;
    merge_computer_names(tx, remote)?;
    Ok(merged)
}

/// Their versions of `uid` when their rows were read in one go: the row from `rows`, the rest
/// (rare) from the file.
fn their_versions_preloaded(
    remote: &Connection,
    uid: &str,
    rows: &mut HashMap<String, crate::model::Entry>,
) -> Result<Vec<Version>> {
    let Some(entry) = rows.remove(uid) else { return versions_of(remote, uid) };
    let mut all = versions_beside_row(remote, uid)?;
    let key: (String, i64, String) = remote
        .prepare_cached("SELECT vv, changed_ms, changed_by FROM entries WHERE uid = ?1")?
        .query_row([uid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let vv = Vv::parse(&key.0).ok_or_else(|| {
        crate::store::StoreError::BadRow(crate::model::Message::as_is(format!("entry {uid}: version `{}`", key.0)))
    })?;
    all.insert(
        0,
        Version {
            key: VersionKey { vv: key.0, changed_ms: key.1, changed_by: key.2, deleted: false },
            vv,
            entry: Some(entry),
        },
    );
    Ok(all)
}

fn merge_custom_emotions(tx: &Transaction<'_>, remote: &Connection) -> Result<usize> {
    let theirs: Vec<(String, i64)> = remote
        .prepare("SELECT code, created_at FROM custom_emotions")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut added = 0;
    let mut st = tx.prepare_cached("INSERT OR IGNORE INTO custom_emotions (code, created_at) VALUES (?1, ?2)")?;
    for (code, at) in theirs {
        let mut probe = crate::model::Entry::new(chrono::Utc::now().fixed_offset());
        probe.set_emotion(code.trim(), Some(crate::model::Level::ZERO));
        if probe.validate().is_err() {
            continue;
        }
        added += st.execute(rusqlite::params![code, at])?;
    }
    Ok(added)
}

/// Learns the names of the computers the other journal knows (only what changed is written).
fn merge_computer_names(tx: &Transaction<'_>, remote: &Connection) -> Result<()> {
    let ours = computer_names(tx)?;
    for (id, name, _) in computer_names(remote)? {
        match ours.iter().find(|(i, ..)| *i == id) {
            // This computer's own name is its own to give.
            Some((_, _, true)) => {}
            Some((_, known, false)) if *known == name || name.is_empty() => {}
            Some(_) => {
                tx.execute("UPDATE computers SET name = ?2 WHERE id = ?1 AND this = 0", [&id, &name])?;
            }
            None => {
                tx.execute("INSERT INTO computers (id, name, this) VALUES (?1, ?2, 0)", [&id, &name])?;
            }
        }
    }
    Ok(())
}

impl Store {
    /// Merges the journal open on `remote` (another computer's copy, read only) into this one in
    /// one transaction; see [`merge`](self).
    pub fn merge_journal(&mut self, remote: &Connection) -> Result<Merged> {
        crate::store::guard::check("merge_journal");
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let read = remote.unchecked_transaction()?;
        let merged = merge_from(&tx, &read)?;
        drop(read);
        tx.commit()?;
        Ok(merged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entry, Level, Region};
    use crate::store::sync::versions::VersionKey;

    fn entry(hour: i64, note: &str) -> Entry {
        let mut e = Entry::new(chrono::DateTime::UNIX_EPOCH.fixed_offset() + chrono::Duration::hours(hour));
        e.note = note.into();
        e.set_tension(Region::Neck, Level::new(3));
        e
    }

    /// What a journal holds, without its row ids: entries, tombstones, versions waiting.
    fn state(s: &Store) -> (Vec<Entry>, Vec<(String, VersionKey)>) {
        let mut entries = s.list_chronological(&crate::store::EntryFilter::default()).expect("list");
        for e in &mut entries {
            e.id = None;
        }
        entries.sort_by(|a, b| a.uid.cmp(&b.uid));
        let mut keys: Vec<(String, VersionKey)> = Vec::new();
        for (uid, ks) in signatures(s.connection()).expect("sigs") {
            for k in ks {
                keys.push((uid.clone(), k));
            }
        }
        keys.sort();
        (entries, keys)
    }

    fn merge(into: &mut Store, from: &Store) -> Merged {
        into.merge_journal(from.connection()).expect("merge")
    }

    fn by_note(s: &Store, note: &str) -> Entry {
        s.list(&crate::store::EntryFilter::default())
            .expect("list")
            .into_iter()
            .find(|e| e.note == note)
            .unwrap_or_else(|| panic!("an entry `{note}`"))
    }

    fn two() -> (Store, Store) {
        let a = Store::open_in_memory().expect("a");
        let b = Store::open_in_memory().expect("b");
        assert_ne!(a.computer_id().expect("id"), b.computer_id().expect("id"), "each journal is its own computer");
        (a, b)
    }

    #[test]
    fn adds_edits_and_deletes_meet_in_either_order_and_a_second_merge_changes_nothing() {
        for a_first in [true, false] {
            let (mut a, mut b) = two();
            a.insert(&entry(1, "a1")).expect("a1");
            let shared = a.insert(&entry(2, "shared")).expect("shared");
            let doomed = a.insert(&entry(3, "doomed")).expect("doomed");
            assert_eq!(merge(&mut b, &a).added, 3);
            b.insert(&entry(4, "b1")).expect("b1");
            // An edit on one computer and a delete on the other.
            let mut e = a.get(shared).expect("get").expect("there");
            e.note = "shared, edited on a".into();
            a.update(&e).expect("edit");
            let gone = by_note(&b, "doomed");
            b.delete(gone.id.expect("id")).expect("delete");
            let _ = doomed;

            let (first, second) = if a_first { (&mut a, &mut b) } else { (&mut b, &mut a) };
            let m1 = merge(first, second);
            let m2 = merge(second, first);
            assert!(!m1.is_empty() && !m2.is_empty(), "{m1:?} {m2:?}");
            assert!(merge(&mut a, &b).is_empty(), "a second merge changes nothing");
            assert!(merge(&mut b, &a).is_empty(), "a second merge changes nothing");
            assert_eq!(state(&a), state(&b), "equal journals (a first: {a_first})");
            let notes: Vec<String> = state(&a).0.into_iter().map(|e| e.note).collect::<Vec<_>>();
            let mut notes = notes;
            notes.sort();
            assert_eq!(notes, ["a1", "b1", "shared, edited on a"]);
            assert_eq!(a.conflict_count().expect("n"), 0);
        }
    }

    #[test]
    fn a_merge_of_many_entries_reads_their_rows_at_once_and_keeps_versions_and_tombstones() {
        // More than 200 changing entries take the path that reads the other journal's rows in
        // one go; its versions kept for the person and its tombstones must come along too.
        let (mut a, mut b) = two();
        let mut c = Store::open_in_memory().expect("c");
        let ids: Vec<_> = (0..260).map(|i| a.insert(&entry(i, &format!("n{i}"))).expect("insert")).collect();
        merge(&mut c, &a);
        for id in &ids[..5] {
            a.delete(*id).expect("delete");
        }
        let mut on_a = a.get(ids[10]).expect("get").expect("there");
        on_a.note = "edited on a".into();
        a.update(&on_a).expect("edit a");
        let mut on_c = by_note(&c, "n10");
        on_c.note = "edited on c".into();
        c.update(&on_c).expect("edit c");
        assert_eq!(merge(&mut a, &c).new_conflicts, 1);

        let m = merge(&mut b, &a);
        assert_eq!((m.added, m.new_conflicts), (255, 1), "{m:?}");
        assert_eq!(state(&a), state(&b), "the same entries, versions and tombstones");
        assert!(merge(&mut b, &a).is_empty());
    }

    #[test]
    fn an_entry_changed_on_both_sides_keeps_both_versions_until_the_person_chooses() {
        let (mut a, mut b) = two();
        let id = a.insert(&entry(1, "first")).expect("insert");
        merge(&mut b, &a);
        let mut on_a = a.get(id).expect("get").expect("there");
        on_a.note = "edited on a".into();
        a.update(&on_a).expect("edit a");
        std::thread::sleep(std::time::Duration::from_millis(3));
        let mut on_b = by_note(&b, "first");
        on_b.note = "edited on b".into();
        b.update(&on_b).expect("edit b");

        let m = merge(&mut a, &b);
        assert_eq!(m.new_conflicts, 1, "{m:?}");
        merge(&mut b, &a);
        assert!(merge(&mut a, &b).is_empty());
        assert_eq!(state(&a), state(&b));
        // The later change is shown meanwhile; both are there to choose.
        assert_eq!(a.count().expect("n"), 1);
        assert_eq!(by_note(&a, "edited on b").uid, on_a.uid);
        let conflicts = a.conflicts().expect("conflicts");
        assert_eq!(conflicts.len(), 1);
        let notes: Vec<&str> =
            conflicts[0].versions.iter().map(|v| v.entry.as_ref().map_or("", |e| e.note.as_str())).collect();
        assert_eq!(notes, ["edited on b", "edited on a"]);
        assert!(conflicts[0].versions[1].this_computer);

        // Choosing on one computer settles it on the other at the next merge.
        let keep = conflicts[0].versions[1].key.clone();
        a.keep_version(&on_a.uid, &keep).expect("keep");
        assert_eq!(a.conflict_count().expect("n"), 0);
        assert_eq!(by_note(&a, "edited on a").uid, on_a.uid);
        let m = merge(&mut b, &a);
        assert_eq!(m.changed, 1, "{m:?}");
        assert_eq!(b.conflict_count().expect("n"), 0);
        assert!(merge(&mut a, &b).is_empty());
        assert_eq!(state(&a), state(&b));
    }

    #[test]
    fn a_delete_that_meets_an_edit_it_has_not_seen_loses_nothing() {
        let (mut a, mut b) = two();
        let id = a.insert(&entry(1, "kept")).expect("insert");
        merge(&mut b, &a);
        let mut e = a.get(id).expect("get").expect("there");
        e.note = "kept, edited".into();
        a.update(&e).expect("edit");
        let on_b = by_note(&b, "kept");
        b.delete(on_b.id.expect("id")).expect("delete");
        merge(&mut b, &a);
        merge(&mut a, &b);
        assert_eq!(state(&a), state(&b));
        assert_eq!(by_note(&b, "kept, edited").uid, e.uid, "the edited entry stays on screen");
        let c = b.conflicts().expect("conflicts");
        assert_eq!(c.len(), 1);
        assert!(c[0].versions[1].entry.is_none(), "the deletion is the other choice");
        // Choosing the deletion deletes it everywhere.
        b.keep_version(&e.uid, &c[0].versions[1].key.clone()).expect("keep the deletion");
        assert_eq!(b.count().expect("n"), 0);
        assert_eq!(merge(&mut a, &b).deleted, 1);
        assert_eq!(a.count().expect("n"), 0);
        assert_eq!(state(&a), state(&b));
    }

    #[test]
    fn undoing_a_delete_brings_the_entry_back_on_the_other_computer() {
        let (mut a, mut b) = two();
        let id = a.insert(&entry(1, "back")).expect("insert");
        merge(&mut b, &a);
        let gone = a.delete(id).expect("delete");
        assert_eq!(merge(&mut b, &a).deleted, 1);
        a.restore(&gone).expect("undo");
        assert_eq!(merge(&mut b, &a).added, 1);
        assert_eq!(state(&a), state(&b));
        // Undo of an import deletes with tombstones too.
        let out = a.import(&[entry(5, "imported")]).expect("import");
        merge(&mut b, &a);
        assert_eq!(b.count().expect("n"), 2);
        a.delete_uids(&out.added_uids).expect("undo import");
        assert_eq!(merge(&mut b, &a).deleted, 1);
        assert_eq!(state(&a), state(&b));
    }

    #[test]
    fn custom_emotions_and_computer_names_travel() {
        let (mut a, mut b) = two();
        let mut e = entry(1, "awe");
        e.set_emotion("awe", Level::new(4));
        a.insert(&e).expect("insert");
        a.set_computer_name("Laptop").expect("name");
        b.set_computer_name("Desktop").expect("name");
        a.add_custom_emotion("wonder").expect("an emotion not used yet");
        assert_eq!(merge(&mut b, &a).custom_emotions, 1, "the one no entry carries");
        assert_eq!(b.custom_emotions().expect("c"), ["awe", "wonder"]);
        assert_eq!(b.computer_name().expect("name"), "Desktop", "its own name stays");
        let names = computer_names(b.connection()).expect("names");
        assert!(names.iter().any(|(_, n, this)| n == "Laptop" && !this), "{names:?}");
    }
}
