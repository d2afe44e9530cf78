//! The journal's schema and its migrations.
//!
//! The schema version lives in `PRAGMA user_version`. [`MIGRATIONS`]`[i]` takes a journal from
//! version `i` to `i + 1`; each step runs in its own IMMEDIATE transaction together with the
//! version bump, so a journal is always at exactly one version. A journal whose version is higher
//! than [`SCHEMA_VERSION`] is refused without being written to.
//!
//! # Reading your own data with `sqlite3`
//! ```text
//! entries   one row per entry
//!   id                INTEGER  row id
//!   uid               TEXT     identity kept across export/import (the JSON "id")
//!   at                TEXT     when, RFC 3339 with the offset it was logged in: 2026-11-20T08:30:00+01:00
//!   at_utc            INTEGER  the same instant as Unix seconds (for sorting and ranges)
//!   note              TEXT
//!   practice_kind     TEXT     breathing_4_6 | walk | micro_pause | muscle_relaxation | stretching | other | NULL
//!   practice_minutes  INTEGER
//!   created_at, updated_at INTEGER  Unix seconds
//! tensions  (entry_id, region, level 0–10)   regions not listed count as 0 in that check-in
//! emotions  (entry_id, code, intensity 0–10) codes: anxiety sadness anger ... or a custom name
//! signals   (entry_id, code)                 jaw_clenching raised_shoulders restless_sleep ...
//! tags      (entry_id, position, tag)
//! custom_emotions (code, created_at)         emotions the person added, used or not (since v2)
//! entries.session_id, session_role ('before'|'after'), session_completed (0/1)
//!                                            before/after ratings of a guided practice (since v3)
//! experiments        one row per personal experiment (since v5): its locked plan
//!   uid, practice_kind, practice_name, practice_minutes, target_region, control_region,
//!   moment1, moment2 ('HH:MM', local), start_date ('YYYY-MM-DD'), planned_days, max_days,
//!   wait_minutes, seed (the 64-bit seed as decimal text), allocation (one letter per day:
//!   'P' practice at moment 1, 'U' as usual at moment 1), created_at and stopped_at (RFC 3339)
//! experiment_ratings (experiment_id, day, moment 1|2, phase 'before'|'after', at, at_utc,
//!                     target_level, control_level)   every rating of a moment (since v5)
//! activities         the activities the person rates weekly (since v6): uid, name (their own
//!                    words), instrument ('psk' | 'psfs'), position, created_at, retired_at
//!                    (RFC 3339; NULL while it is rated)
//! activity_ratings   (activity_id, week 'YYYY-MM-DD' the Monday, instrument, at, at_utc,
//!                     score 0–10)   one per activity and week, with the instrument it was given on
//! topics             topics to discuss (since v6): uid, text, text_nl (an accepted suggestion's
//!                    Dutch words), position, source ('own' | 'entry' | 'insight' | 'region' |
//!                    'experiment' | 'suggestion') and source_ref, state ('open' | 'ticked_off' |
//!                    'dismissed'), created_at, closed_at
//! appointments       (uid, date 'YYYY-MM-DD', created_at)   one per day (since v6)
//! prep_texts         (key, text)   'reason': the reason for the visit (since v6)
//! entries.vv, changed_ms, changed_by         the entry's version (since v7): a version vector
//!                    ('computer=ms,computer=ms', ids sorted), the time in Unix milliseconds and
//!                    the computer of its last change; see `store::sync`
//! tombstones         (uid, vv, changed_ms, changed_by)   deleted entries, so that a delete
//!                    reaches the other computers (since v7)
//! entry_versions     (uid, vv, changed_ms, changed_by, deleted 0/1, body: the entry as JSON, ''
//!                    for a deletion)   other versions of an entry changed on two computers since
//!                    they last merged, kept for the person to choose (since v7)
//! computers          (id, name, this 0/1)   this computer (this = 1) and the others whose
//!                    copies were merged (since v7)
//! copy_info          (computer_id, computer_name, seq, written_at, journal_locked)   empty in a
//!                    journal; one row in a copy written to a folder (since v7)
//! ```
//! Example: `SELECT e.at, t.region, t.level FROM entries e JOIN tensions t ON t.entry_id = e.id ORDER BY e.at_utc;`

/// The schema version this code writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Migration steps; step `i` upgrades version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 0 -> 1: the first journal format.
    r"
    CREATE TABLE entries (
        id               INTEGER PRIMARY KEY,
        uid              TEXT    NOT NULL UNIQUE,
        at               TEXT    NOT NULL,
        at_utc           INTEGER NOT NULL,
        note             TEXT    NOT NULL DEFAULT '',
        practice_kind    TEXT,
        practice_minutes INTEGER,
        created_at       INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL
    );
    CREATE INDEX entries_at_utc ON entries(at_utc);
    CREATE TABLE tensions (
        entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
        region   TEXT    NOT NULL,
        level    INTEGER NOT NULL CHECK (level BETWEEN 0 AND 10),
        PRIMARY KEY (entry_id, region)
    ) WITHOUT ROWID;
    CREATE TABLE emotions (
        entry_id  INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
        code      TEXT    NOT NULL,
        intensity INTEGER NOT NULL CHECK (intensity BETWEEN 0 AND 10),
        PRIMARY KEY (entry_id, code)
    ) WITHOUT ROWID;
    CREATE TABLE signals (
        entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
        code     TEXT    NOT NULL,
        PRIMARY KEY (entry_id, code)
    ) WITHOUT ROWID;
    CREATE TABLE tags (
        entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        tag      TEXT    NOT NULL,
        PRIMARY KEY (entry_id, position)
    ) WITHOUT ROWID;
    ",
    // 1 -> 2: remember custom emotions (so a chip added before it is used survives), and index
    // the lookups the journal filters make.
    r"
    CREATE TABLE custom_emotions (
        code       TEXT    PRIMARY KEY,
        created_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO custom_emotions (code, created_at)
        SELECT emotions.code, MIN(entries.created_at)
        FROM emotions JOIN entries ON entries.id = emotions.entry_id
        WHERE emotions.code NOT IN ('anxiety','sadness','anger','frustration','stress',
                                    'restlessness','shame','joy','calm','relief')
        GROUP BY emotions.code;
    CREATE INDEX tensions_region ON tensions(region, level);
    CREATE INDEX emotions_code ON emotions(code);
    ",
    // 2 -> 3: link the before/after ratings of a guided practice session.
    r"
    ALTER TABLE entries ADD COLUMN session_id TEXT;
    ALTER TABLE entries ADD COLUMN session_role TEXT CHECK (session_role IN ('before', 'after'));
    ALTER TABLE entries ADD COLUMN session_completed INTEGER CHECK (session_completed IN (0, 1));
    CREATE INDEX entries_session ON entries(session_id) WHERE session_id IS NOT NULL;
    ",
    // 3 -> 4: drop two indexes no query uses (the journal's filters look tensions and emotions
    // up by their primary key, entry first); each cost extra pages on every durable save.
    r"
    DROP INDEX IF EXISTS tensions_region;
    DROP INDEX IF EXISTS emotions_code;
    ",
    // 4 -> 5: personal experiments (a locked plan and the ratings of its moments). Not entries:
    // an entry rating two regions would say every other region was at 0.
    r"
    CREATE TABLE experiments (
        id               INTEGER PRIMARY KEY,
        uid              TEXT    NOT NULL UNIQUE,
        practice_kind    TEXT    NOT NULL,
        practice_name    TEXT    NOT NULL DEFAULT '',
        practice_minutes INTEGER NOT NULL,
        target_region    TEXT    NOT NULL,
        control_region   TEXT    NOT NULL,
        moment1          TEXT    NOT NULL,
        moment2          TEXT    NOT NULL,
        start_date       TEXT    NOT NULL,
        planned_days     INTEGER NOT NULL,
        max_days         INTEGER NOT NULL,
        wait_minutes     INTEGER NOT NULL,
        seed             TEXT    NOT NULL,
        allocation       TEXT    NOT NULL,
        created_at       TEXT    NOT NULL,
        stopped_at       TEXT
    );
    CREATE TABLE experiment_ratings (
        experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        day           INTEGER NOT NULL CHECK (day >= 1),
        moment        INTEGER NOT NULL CHECK (moment IN (1, 2)),
        phase         TEXT    NOT NULL CHECK (phase IN ('before', 'after')),
        at            TEXT    NOT NULL,
        at_utc        INTEGER NOT NULL,
        target_level  INTEGER NOT NULL CHECK (target_level BETWEEN 0 AND 10),
        control_level INTEGER NOT NULL CHECK (control_level BETWEEN 0 AND 10),
        PRIMARY KEY (experiment_id, day, moment, phase)
    ) WITHOUT ROWID;
    ",
    // 5 -> 6: ready for the appointment: activities rated on the PSK or PSFS (each rating keeps
    // its instrument), topics to discuss, appointments, the reason for the visit.
    r"
    CREATE TABLE activities (
        id          INTEGER PRIMARY KEY,
        uid         TEXT    NOT NULL UNIQUE,
        name        TEXT    NOT NULL,
        instrument  TEXT    NOT NULL CHECK (instrument IN ('psk', 'psfs')),
        position    INTEGER NOT NULL,
        created_at  TEXT    NOT NULL,
        retired_at  TEXT
    );
    CREATE TABLE activity_ratings (
        activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
        week        TEXT    NOT NULL,
        instrument  TEXT    NOT NULL CHECK (instrument IN ('psk', 'psfs')),
        at          TEXT    NOT NULL,
        at_utc      INTEGER NOT NULL,
        score       INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
        PRIMARY KEY (activity_id, week)
    ) WITHOUT ROWID;
    CREATE TABLE topics (
        id          INTEGER PRIMARY KEY,
        uid         TEXT    NOT NULL UNIQUE,
        text        TEXT    NOT NULL,
        text_nl     TEXT,
        position    INTEGER NOT NULL,
        source      TEXT    NOT NULL,
        source_ref  TEXT    NOT NULL DEFAULT '',
        state       TEXT    NOT NULL CHECK (state IN ('open', 'ticked_off', 'dismissed')),
        created_at  TEXT    NOT NULL,
        closed_at   TEXT
    );
    CREATE TABLE appointments (
        id          INTEGER PRIMARY KEY,
        uid         TEXT    NOT NULL UNIQUE,
        date        TEXT    NOT NULL UNIQUE,
        created_at  TEXT    NOT NULL
    );
    CREATE TABLE prep_texts (
        key         TEXT    PRIMARY KEY,
        text        TEXT    NOT NULL
    ) WITHOUT ROWID;
    ",
    // 6 -> 7: one journal on several computers (store::sync): each entry's version, tombstones
    // of deleted entries, versions changed on two computers kept for the person to choose, which
    // computer this journal lives on (a random id), and what a copy in a folder says about itself.
    r"
    ALTER TABLE entries ADD COLUMN vv TEXT NOT NULL DEFAULT '';
    ALTER TABLE entries ADD COLUMN changed_ms INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE entries ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';
    UPDATE entries SET changed_ms = updated_at * 1000;
    CREATE TABLE tombstones (
        uid         TEXT    PRIMARY KEY,
        vv          TEXT    NOT NULL,
        changed_ms  INTEGER NOT NULL,
        changed_by  TEXT    NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE entry_versions (
        uid         TEXT    NOT NULL,
        vv          TEXT    NOT NULL,
        changed_ms  INTEGER NOT NULL,
        changed_by  TEXT    NOT NULL,
        deleted     INTEGER NOT NULL CHECK (deleted IN (0, 1)),
        body        TEXT    NOT NULL,
        PRIMARY KEY (uid, vv, changed_ms, changed_by)
    ) WITHOUT ROWID;
    CREATE TABLE computers (
        id          TEXT    PRIMARY KEY,
        name        TEXT    NOT NULL,
        this        INTEGER NOT NULL CHECK (this IN (0, 1))
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX computers_this ON computers(this) WHERE this = 1;
    INSERT INTO computers (id, name, this) VALUES (lower(hex(randomblob(8))), '', 1);
    CREATE TABLE copy_info (
        computer_id    TEXT    NOT NULL,
        computer_name  TEXT    NOT NULL,
        seq            INTEGER NOT NULL,
        written_at     TEXT    NOT NULL,
        journal_locked INTEGER NOT NULL CHECK (journal_locked IN (0, 1))
    );
    ",
];

/// Tables a Feltsense journal has; used to tell a journal from another program's database.
pub const OWN_TABLES: &[&str] = &["entries", "tensions", "emotions", "signals", "tags"];
