CREATE TABLE IF NOT EXISTS albums (id bigserial PRIMARY KEY, title text NOT NULL);
CREATE TABLE IF NOT EXISTS jobs (id bigserial PRIMARY KEY, kind text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), done_at timestamptz);
INSERT INTO albums (title) SELECT 'album ' || g FROM generate_series(1, 20) g WHERE NOT EXISTS (SELECT 1 FROM albums);
