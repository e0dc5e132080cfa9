/**
 * B2's baseline: a bare Express 5 + `pg` endpoint doing one `UPDATE … RETURNING` per request on
 * a row named in the JSON body — no session, no validation, no transaction. Started as a child
 * process by the benchmark, like the API, with the same pool size.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});
const app = express();
app.use(express.json());
app.post('/update', (req, res, next) => {
  const { id } = req.body as { id: number };
  pool
    .query<{ n: number }>('update bench_baseline set n = n + 1 where id = $1 returning n', [id])
    .then((result) => res.json({ n: result.rows[0]?.n ?? null }))
    .catch(next);
});
const server = app.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port });
});
process.on('disconnect', () => {
  server.close();
  void pool.end();
});
