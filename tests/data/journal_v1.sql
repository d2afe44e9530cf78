-- A journal as Feltsense schema version 1 wrote it (frozen: do not edit; the migration test
-- upgrades this file and checks nothing is lost).
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
INSERT INTO entries VALUES (1, 'v1-a', '2026-10-01T08:30:00+02:00', 1759300200, 'Deadline today', 'breathing_4_6', 2, 1759300200, 1759300200);
INSERT INTO entries VALUES (2, 'v1-b', '2026-10-01T21:00:00+02:00', 1759345200, '', NULL, NULL, 1759345200, 1759345200);
INSERT INTO tensions VALUES (1, 'neck', 6), (1, 'shoulder_left', 4), (2, 'jaw', 3);
INSERT INTO emotions VALUES (1, 'anxiety', 7), (2, 'homesickness', 5);
INSERT INTO signals VALUES (1, 'jaw_clenching');
INSERT INTO tags VALUES (1, 0, 'work'), (1, 1, 'deadline');
PRAGMA user_version = 1;
