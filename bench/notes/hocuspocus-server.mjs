// Child process for the notes benchmark: Hocuspocus (@hocuspocus/server with
// @hocuspocus/extension-database) keeping each document's whole Yjs state in
// one PostgreSQL row. Started by `startHocuspocus` in servers.mjs, configured
// only through the environment:
//
//   HOST, PORT                 where to listen
//   HOCUSPOCUS_DATABASE_URL    a database of its own (the table is created here)
//   HOCUSPOCUS_DEBOUNCE        ms of quiet before a document is stored (Hocuspocus' default 2000)
//   HOCUSPOCUS_MAX_DEBOUNCE    ms after which it is stored anyway (default 10000)
//
// The store hook writes the full state (Hocuspocus hands it over as one
// update), so a row is always a complete document and fetch is one SELECT.
import { Database } from '@hocuspocus/extension-database';
import { Server } from '@hocuspocus/server';
import pg from 'pg';

const TABLE = 'bench_document';

const setting = (name, fallback) => {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? fallback : Number(raw);
};

const pool = new pg.Pool({ connectionString: process.env.HOCUSPOCUS_DATABASE_URL, max: 4 });
await pool.query(
  `CREATE TABLE IF NOT EXISTS ${TABLE} (name text PRIMARY KEY, state bytea NOT NULL, stored_at timestamptz NOT NULL DEFAULT now())`,
);

async function fetchState({ documentName }) {
  const { rows } = await pool.query(`SELECT state FROM ${TABLE} WHERE name = $1`, [documentName]);
  return rows[0]?.state ?? null;
}

async function storeState({ documentName, state }) {
  await pool.query(
    `INSERT INTO ${TABLE} (name, state) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET state = EXCLUDED.state, stored_at = now()`,
    [documentName, Buffer.from(state)],
  );
}

const server = new Server({
  // Hocuspocus 3.4.4 hands `address` to http listen() as an unknown option, so
  // it listens on every interface whatever this says; the bench only uses 127.0.0.1.
  address: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT),
  quiet: true,
  // The SIGTERM handler below stops it, and closes the pool after its last store.
  stopOnSignals: false,
  debounce: setting('HOCUSPOCUS_DEBOUNCE', 2000),
  maxDebounce: setting('HOCUSPOCUS_MAX_DEBOUNCE', 10_000),
  extensions: [new Database({ fetch: fetchState, store: storeState })],
});
await server.listen();
process.stdout.write(`hocuspocus listening on ${server.address?.port ?? process.env.PORT}\n`);

// A graceful stop stores every open document (Hocuspocus' own shutdown), then closes the pool.
process.once('SIGTERM', async () => {
  await server.destroy();
  await pool.end();
  process.exit(0);
});
