"""Named schema migrations, applied in order, each in its own transaction.

Applied migrations are recorded in the ``migrations`` table; opening a store
applies whatever is missing. Never edit a migration that has shipped: add a
new one.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_initial",
        """
        CREATE TABLE raw_docs (
            id          TEXT PRIMARY KEY,          -- content hash of the raw text
            text        TEXT NOT NULL,             -- the decoded input, exactly as read
            meta        TEXT NOT NULL DEFAULT '{}',
            first_seen  TEXT NOT NULL
        );
        CREATE TABLE articles (
            seq           INTEGER PRIMARY KEY AUTOINCREMENT,  -- ingest order: folding replays it
            id            TEXT NOT NULL UNIQUE,
            raw_id        TEXT NOT NULL REFERENCES raw_docs(id),
            origin        TEXT NOT NULL,
            title         TEXT,
            outlet        TEXT,
            wire          TEXT,
            byline        TEXT,
            dateline      TEXT,
            published     TEXT,
            language      TEXT,
            standfirst    TEXT,
            aggregator    TEXT,
            body          TEXT NOT NULL,
            paragraphs    TEXT NOT NULL,   -- JSON [[text, line, start], ...]
            removed       TEXT NOT NULL,   -- JSON [[line, text, reason], ...]
            date_evidence TEXT NOT NULL,   -- JSON [[kind, text, value], ...]
            meta          TEXT NOT NULL DEFAULT '{}',
            duplicate_of  TEXT,
            body_key      TEXT NOT NULL,   -- hash of the normalised body: exact copies share it
            signature     BLOB,            -- MinHash of the body, for near-duplicate search
            ingested_at   TEXT NOT NULL
        );
        CREATE INDEX articles_raw ON articles(raw_id);
        CREATE INDEX articles_outlet ON articles(outlet);
        CREATE INDEX articles_published ON articles(published);
        CREATE INDEX articles_body_key ON articles(body_key);
        -- Every (origin, raw text) pair ever ingested: re-ingesting one is a no-op.
        CREATE TABLE origins (
            origin      TEXT NOT NULL,
            raw_id      TEXT NOT NULL,
            article_id  TEXT NOT NULL,
            PRIMARY KEY (origin, raw_id)
        );
        CREATE TABLE quotes (
            article_id      TEXT NOT NULL REFERENCES articles(id),
            idx             INTEGER NOT NULL,
            text            TEXT NOT NULL,
            kind            TEXT NOT NULL,
            speaker         TEXT,
            speaker_mention TEXT,
            cue             TEXT,
            paragraph       INTEGER NOT NULL,
            start           INTEGER NOT NULL,
            end             INTEGER NOT NULL,
            PRIMARY KEY (article_id, idx)
        );
        CREATE INDEX quotes_speaker ON quotes(speaker);
        CREATE TABLE stories (
            id              TEXT PRIMARY KEY,
            title           TEXT NOT NULL,
            seed_seq        INTEGER NOT NULL,
            first_published TEXT,
            last_published  TEXT,
            state           TEXT NOT NULL DEFAULT '{}',   -- clustering state (centroid, terms)
            active          INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE story_members (
            article_id  TEXT PRIMARY KEY REFERENCES articles(id),
            story_id    TEXT NOT NULL REFERENCES stories(id),
            similarity  REAL NOT NULL,
            why         TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX story_members_story ON story_members(story_id);
        CREATE TABLE storylines (
            id      TEXT PRIMARY KEY,
            title   TEXT NOT NULL,
            state   TEXT NOT NULL DEFAULT '{}'    -- linking state (terms, speakers)
        );
        CREATE TABLE storyline_members (
            story_id     TEXT PRIMARY KEY REFERENCES stories(id),
            storyline_id TEXT NOT NULL REFERENCES storylines(id),
            similarity   REAL NOT NULL DEFAULT 0,
            why          TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX storyline_members_line ON storyline_members(storyline_id);
        -- Corpus document frequencies of terms, for folding's TF-IDF.
        CREATE TABLE term_df (
            term  TEXT PRIMARY KEY,
            df    INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE counters (
            name   TEXT PRIMARY KEY,
            value  INTEGER NOT NULL
        );
        CREATE TABLE redirects (
            old_id  TEXT PRIMARY KEY,
            new_id  TEXT NOT NULL,
            reason  TEXT NOT NULL,
            at      TEXT NOT NULL
        );
        CREATE TABLE errors (
            id      INTEGER PRIMARY KEY AUTOINCREMENT,
            origin  TEXT NOT NULL,
            stage   TEXT NOT NULL,
            reason  TEXT NOT NULL,
            at      TEXT NOT NULL
        );
        -- How many pages of a site carry a line: lines on many pages are site furniture.
        CREATE TABLE line_counts (
            site  TEXT NOT NULL,
            key   TEXT NOT NULL,
            docs  INTEGER NOT NULL,
            PRIMARY KEY (site, key)
        ) WITHOUT ROWID;
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, body, content='articles', content_rowid='seq', tokenize='porter unicode61'
        );
        CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, body) VALUES (new.seq, coalesce(new.title, ''), new.body);
        END;
        CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, body)
            VALUES ('delete', old.seq, coalesce(old.title, ''), old.body);
        END;
        CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, body ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, body)
            VALUES ('delete', old.seq, coalesce(old.title, ''), old.body);
            INSERT INTO articles_fts(rowid, title, body) VALUES (new.seq, coalesce(new.title, ''), new.body);
        END;
        """,
    ),
    (
        "0002_quote_spans_and_speakers",
        """
        ALTER TABLE quotes ADD COLUMN cue_start INTEGER;
        ALTER TABLE quotes ADD COLUMN cue_end INTEGER;
        ALTER TABLE quotes ADD COLUMN speaker_start INTEGER;
        ALTER TABLE quotes ADD COLUMN speaker_end INTEGER;
        ALTER TABLE quotes ADD COLUMN speaker_id TEXT;
        CREATE INDEX quotes_speaker_id ON quotes(speaker_id);
        -- Speakers known to the store: one row per entity, found again by full name or surname.
        CREATE TABLE speakers (
            id       TEXT PRIMARY KEY,   -- slug of the fullest name, e.g. dmitry-peskov
            name     TEXT NOT NULL,
            surname  TEXT NOT NULL
        );
        CREATE INDEX speakers_surname ON speakers(surname);
        """,
    ),
    (
        "0003_story_edits",
        """
        -- Every manual merge or split, with the reason the user gave.
        CREATE TABLE story_edits (
            id        INTEGER PRIMARY KEY AUTOINCREMENT,
            kind      TEXT NOT NULL,      -- merge | split
            story_id  TEXT NOT NULL,      -- the story that remains (merge) or was split
            other_id  TEXT NOT NULL,      -- the story merged away (merge) or created (split)
            articles  TEXT NOT NULL DEFAULT '[]',
            reason    TEXT NOT NULL,
            at        TEXT NOT NULL
        );
        """,
    ),
    (
        "0004_article_vectors",
        """
        -- One embedding per (article, model), for semantic search (newsfold embed). Copies are not
        -- embedded: their original stands for them.
        CREATE TABLE article_vectors (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: caches read only rows past theirs
            article_id  TEXT NOT NULL REFERENCES articles(id),
            model       TEXT NOT NULL,
            dim         INTEGER NOT NULL,
            vector      BLOB NOT NULL,                      -- dim float32, little-endian, L2-normalised
            created_at  TEXT NOT NULL,
            UNIQUE (article_id, model)
        );
        CREATE INDEX article_vectors_model ON article_vectors(model, seq);
        """,
    ),
    (
        "0005_story_changes",
        """
        -- Which stories changed, in order, whoever changed them (folding, merges, splits): a read
        -- model that keeps every story's profile in memory (related stories, api/related.py)
        -- re-reads only the stories logged since it last looked. One row per story write.
        CREATE TABLE story_changes (
            seq       INTEGER PRIMARY KEY AUTOINCREMENT,
            story_id  TEXT NOT NULL
        );
        CREATE TRIGGER stories_changed_ai AFTER INSERT ON stories BEGIN
            INSERT INTO story_changes (story_id) VALUES (new.id);
        END;
        CREATE TRIGGER stories_changed_au AFTER UPDATE OF state, title ON stories BEGIN
            INSERT INTO story_changes (story_id) VALUES (new.id);
        END;
        CREATE TRIGGER stories_changed_ad AFTER DELETE ON stories BEGIN
            INSERT INTO story_changes (story_id) VALUES (old.id);
        END;
        """,
    ),
    (
        "0006_read_indexes",
        """
        -- Read models over a large archive (bench/pages_100k.py): per-story counts read the members and
        -- their outlets from indexes alone; speakers are ranked from an index of quotes.
        DROP INDEX story_members_story;
        CREATE INDEX story_members_story ON story_members(story_id, article_id);
        CREATE INDEX articles_id_outlet ON articles(id, outlet);
        CREATE INDEX quotes_speaker_id_name ON quotes(speaker_id, speaker);
        -- Stories overlapping a date range (the API's date_from/date_to).
        CREATE INDEX stories_last_published ON stories(last_published);
        CREATE INDEX stories_first_published ON stories(first_published);
        """,
    ),
    (
        "0007_errors_once",
        """
        -- An item rejected again (a resumed or repeated ingest reads it again) keeps its one error
        -- row: drop the copies earlier versions wrote, keeping the first, then make them impossible.
        DELETE FROM errors WHERE id IN (
            SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY origin, stage, reason ORDER BY id) AS n
                            FROM errors) WHERE n > 1);
        CREATE UNIQUE INDEX errors_once ON errors(origin, stage, reason);
        """,
    ),
]
