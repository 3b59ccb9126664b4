-- DocStream core schema. Released migrations are never edited; add V<n+1>__<what>.sql instead.

CREATE TABLE users (
    id            uuid PRIMARY KEY,
    email         text        NOT NULL,
    display_name  text        NOT NULL,
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- Bearer tokens: only the SHA-256 (hex) of the token is stored.
CREATE TABLE auth_tokens (
    token_hash text PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);
CREATE INDEX auth_tokens_user_idx ON auth_tokens (user_id);

CREATE TABLE documents (
    id           uuid PRIMARY KEY,
    title        text        NOT NULL,
    owner_id     uuid        NOT NULL REFERENCES users (id),
    snapshot     bytea,                         -- Rga.encode() at snapshot_seq
    snapshot_seq bigint      NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_owner_idx ON documents (owner_id);

CREATE TABLE document_permissions (
    doc_id     uuid        NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       text        NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (doc_id, user_id)
);
CREATE INDEX document_permissions_user_idx ON document_permissions (user_id);

-- The durable op log, written only by the projection writer. (doc_id, seq) makes replays idempotent.
CREATE TABLE ops_log (
    doc_id     uuid        NOT NULL,
    seq        bigint      NOT NULL,
    op_id      text        NOT NULL,            -- "<site>:<clientSeq>"
    user_id    uuid,
    site       integer     NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('insert', 'delete')),
    payload    jsonb       NOT NULL,            -- the canonical op as published on doc-ops
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (doc_id, seq)
);

-- Site ids for RGA element ids: one per client session, owned by one user, never reused.
CREATE SEQUENCE site_ids START 1;
CREATE TABLE sites (
    site_id    integer PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Transactional outbox for document events (published to doc-events by the gateway's relay).
CREATE TABLE outbox (
    id           bigserial PRIMARY KEY,
    topic        text        NOT NULL,
    msg_key      text        NOT NULL,
    payload      jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;
