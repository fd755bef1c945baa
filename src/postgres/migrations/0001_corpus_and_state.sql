-- Amicus on PostgreSQL, schema version 1: the corpus, its published index generations, and the
-- runtime state that every replica shares. Applied once, in a transaction, by the first process
-- that starts against an empty database (see src/postgres/migrations.ts).

-- One row per database: which Amicus cluster this is, so a local cache built from another
-- database is never mistaken for this one's.
CREATE TABLE amicus_cluster (
  singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
  cluster_id UUID NOT NULL DEFAULT gen_random_uuid()
);
INSERT INTO amicus_cluster DEFAULT VALUES;

-- The corpus: the same tables and columns as the embedded SQLite store (src/store/database.ts),
-- so that a replica's local cache is a plain copy. Passage rowids are assigned by the ingest
-- worker and never reused; the index files of a generation refer to passages by them.
CREATE TABLE collections (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  manifest TEXT NOT NULL,
  source_path TEXT NOT NULL,
  jurisdiction TEXT NOT NULL,
  source_type TEXT NOT NULL,
  as_of TEXT NOT NULL,
  vetted_by TEXT,
  vetted_on TEXT,
  vetted INTEGER NOT NULL,
  fingerprint TEXT NOT NULL,
  document_count INTEGER NOT NULL,
  passage_count INTEGER NOT NULL,
  ingested_at TEXT NOT NULL
);

CREATE TABLE documents (
  collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  format TEXT NOT NULL,
  title TEXT NOT NULL,
  metadata TEXT NOT NULL,
  passage_count INTEGER NOT NULL,
  PRIMARY KEY (collection_id, path)
);

CREATE TABLE skipped_files (
  collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  path TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (collection_id, ordinal)
);

CREATE TABLE passages (
  rowid BIGINT PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  document_path TEXT NOT NULL,
  ordinal INTEGER NOT NULL,
  label TEXT NOT NULL,
  section_label TEXT NOT NULL,
  heading TEXT NOT NULL,
  breadcrumb TEXT NOT NULL,
  headings TEXT NOT NULL,
  text TEXT NOT NULL,
  url TEXT,
  jurisdiction TEXT NOT NULL,
  source_type TEXT NOT NULL,
  as_of TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  row_hash TEXT NOT NULL
);
CREATE INDEX passages_by_collection ON passages(collection_id);

-- Index generations: the files an ingest builds (lexical index, vector graph, fitted embedder,
-- vocabulary, manifest), opaque here, stored in chunks with a checksum per file.
CREATE TABLE generations (
  id TEXT PRIMARY KEY,
  manifest JSONB NOT NULL,
  published_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE generation_files (
  generation_id TEXT NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  PRIMARY KEY (generation_id, name)
);

CREATE TABLE generation_chunks (
  generation_id TEXT NOT NULL,
  name TEXT NOT NULL,
  chunk INTEGER NOT NULL,
  bytes BYTEA NOT NULL,
  PRIMARY KEY (generation_id, name, chunk),
  FOREIGN KEY (generation_id, name) REFERENCES generation_files(generation_id, name) ON DELETE CASCADE
);

-- What is published now. `revision` goes up with every publication (a new generation, or a
-- collection's metadata alone); replicas compare it with the revision of their cache.
CREATE TABLE corpus_head (
  singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
  revision BIGINT NOT NULL,
  generation_id TEXT REFERENCES generations(id),
  -- The highest passage rowid ever assigned, so the next ingest never reuses one.
  max_rowid BIGINT NOT NULL,
  published_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO corpus_head (revision, generation_id, max_rowid) VALUES (0, NULL, 0);

-- Runtime state shared by the replicas: the tables of src/conversation/thread-store.ts and
-- src/store/feedback-store.ts, and what was kept in each process's memory before.
CREATE TABLE conversation_turns (
  surface TEXT NOT NULL,
  thread_id TEXT NOT NULL,
  turn INTEGER NOT NULL,
  question TEXT NOT NULL,
  standalone_question TEXT NOT NULL,
  answer_id TEXT NOT NULL,
  answer_kind TEXT NOT NULL,
  cited_labels JSONB NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (surface, thread_id, turn)
);
CREATE INDEX conversation_turns_by_age ON conversation_turns(created_at);

CREATE TABLE feedback (
  id BIGSERIAL PRIMARY KEY,
  answer_id TEXT NOT NULL,
  rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
  reason TEXT,
  surface TEXT NOT NULL,
  user_hash TEXT,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX feedback_by_answer ON feedback(answer_id);

-- Slack event ids, Discord interaction ids and signed requests already received, per namespace.
CREATE TABLE seen_ids (
  namespace TEXT NOT NULL,
  id TEXT NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (namespace, id)
);
CREATE INDEX seen_ids_by_expiry ON seen_ids(expires_at);

-- Token buckets of the per-user (per-client) question allowances.
CREATE TABLE rate_buckets (
  namespace TEXT NOT NULL,
  key TEXT NOT NULL,
  tokens DOUBLE PRECISION NOT NULL,
  allowed BOOLEAN NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (namespace, key)
);
CREATE INDEX rate_buckets_by_age ON rate_buckets(updated_at);

-- The review queue (issue 16) gets its tables in a later migration file, beside this one.
