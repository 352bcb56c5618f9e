// node-postgres (pg) against the server named by CLIENT_DSN; run by test/clients/node_test.go
// after `npm ci`. Prints "ok: <name>" or "FAIL: <name>: <details>" per check; exit 1 on any
// failure. Run with TZ=UTC (pg turns date/timestamp into local Dates).
'use strict';

const assert = require('node:assert');
const { Client, Pool } = require('pg');

const dsn = process.env.CLIENT_DSN;
let checks = 0;
let failures = 0;

function check(name, got, want) {
  checks++;
  try {
    assert.deepStrictEqual(got, want);
    console.log(`ok: ${name}`);
  } catch (e) {
    failures++;
    console.log(`FAIL: ${name}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  }
}

function fail(name, err) {
  checks++;
  failures++;
  const code = err && err.code ? ` [SQLSTATE ${err.code}]` : '';
  console.log(`FAIL: ${name}:${code} ${err && err.message ? err.message : err}`);
}

async function section(name, fn) {
  try {
    await fn();
  } catch (e) {
    fail(name, e);
  }
}

const BYTES = Buffer.from([0, 1, 2, 0xfe, 0xff, 0x5c, 0x27]);
const TEXT = "héllo, wörld ☃ 'quoted' \"dq\" \\ back";
const TSTZ = new Date('2024-06-30T16:45:00.500Z');

async function main() {
  const client = new Client({ connectionString: dsn });
  await client.connect();

  await section('setup', async () => {
    await client.query(`CREATE TABLE node_t (id int PRIMARY KEY, b bool, i2 int2, i4 int4, i8 int8, f8 float8,
      n numeric, t text, vc varchar(20), by bytea, d date, ts timestamp, tstz timestamptz, iv interval,
      j jsonb, ai int4[], at text[], tm time)`);
  });

  const insert = `INSERT INTO node_t (id, b, i2, i4, i8, f8, n, t, vc, by, d, ts, tstz, iv, j, ai, at, tm)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`;
  const values = [1, true, -32768, 2147483647, '9223372036854775807', 0.1, '12345678901234567890.0123456789',
    TEXT, 'varchar value', BYTES, '2024-02-29', '2024-01-02 03:04:05.123456', TSTZ,
    '1 year 2 mons 3 days 04:05:06.789', JSON.stringify({ a: 1, b: [true, null, 'x'] }), [1, -2, 3],
    ['a b', 'c,d', '"q"', '', 'NULL'], '23:59:59.999999'];

  await section('parameterized insert', async () => {
    const r = await client.query(insert, values);
    check('insert rowCount', r.rowCount, 1);
    check('insert command', r.command, 'INSERT');
    const r2 = await client.query(insert, [2, ...values.slice(1).map(() => null)]);
    check('insert NULLs rowCount', r2.rowCount, 1);
  });

  await section('parameterized select', async () => {
    const r = await client.query('SELECT * FROM node_t WHERE id = $1', [1]);
    check('row count', r.rows.length, 1);
    const row = r.rows[0];
    check('bool', row.b, true);
    check('int2', row.i2, -32768);
    check('int4', row.i4, 2147483647);
    check('int8 (string)', row.i8, '9223372036854775807');
    check('float8', row.f8, 0.1);
    check('numeric (string)', row.n, '12345678901234567890.0123456789');
    check('text', row.t, TEXT);
    check('varchar', row.vc, 'varchar value');
    check('bytea', Buffer.compare(row.by, BYTES), 0);
    check('date', row.d instanceof Date ? row.d.toISOString() : row.d, '2024-02-29T00:00:00.000Z');
    check('timestamp', row.ts instanceof Date ? row.ts.toISOString() : row.ts, '2024-01-02T03:04:05.123Z');
    check('timestamptz', row.tstz instanceof Date ? row.tstz.toISOString() : row.tstz, TSTZ.toISOString());
    const iv = row.iv || {};
    check('interval', ['years', 'months', 'days', 'hours', 'minutes', 'seconds', 'milliseconds'].map((k) => iv[k] || 0),
      [1, 2, 3, 4, 5, 6, 789]);
    check('jsonb', row.j, { a: 1, b: [true, null, 'x'] });
    check('int4[]', row.ai, [1, -2, 3]);
    check('text[]', row.at, ['a b', 'c,d', '"q"', '', 'NULL']);
    check('time', row.tm, '23:59:59.999999');
    check('fields', r.fields.map((f) => f.name),
      ['id', 'b', 'i2', 'i4', 'i8', 'f8', 'n', 't', 'vc', 'by', 'd', 'ts', 'tstz', 'iv', 'j', 'ai', 'at', 'tm']);

    const nulls = await client.query('SELECT * FROM node_t WHERE id = $1', [2]);
    const nrow = nulls.rows[0];
    check('NULL row', Object.keys(nrow).filter((k) => k !== 'id' && nrow[k] !== null), []);
  });

  await section('where col = $1', async () => {
    const cols = ['b', 'i2', 'i4', 'i8', 'f8', 'n', 't', 'vc', 'by', 'd', 'ts', 'tstz', 'iv', 'j', 'ai', 'at', 'tm'];
    for (let i = 0; i < cols.length; i++) {
      try {
        const r = await client.query(`SELECT count(*)::int AS n FROM node_t WHERE ${cols[i]} = $1`, [values[i + 1]]);
        check(`WHERE ${cols[i]} = $1`, r.rows[0].n, 1);
      } catch (e) {
        fail(`WHERE ${cols[i]} = $1`, e);
      }
    }
  });

  await section('named prepared statement', async () => {
    await client.query('CREATE TABLE node_kv (k text PRIMARY KEY, v int)');
    for (let i = 0; i < 5; i++) {
      await client.query({ name: 'kv-insert', text: 'INSERT INTO node_kv VALUES ($1, $2)', values: [`k${i}`, i * 10] });
    }
    const r = await client.query({ name: 'kv-sum', text: 'SELECT count(*)::int AS n, sum(v)::int AS s FROM node_kv WHERE v >= $1', values: [10] });
    check('named statement aggregate', r.rows[0], { n: 4, s: 100 });
    const arr = await client.query({ text: 'SELECT k, v FROM node_kv WHERE v < $1 ORDER BY k', values: [20], rowMode: 'array' });
    check('rowMode array', arr.rows, [['k0', 0], ['k1', 10]]);
  });

  await section('transaction', async () => {
    await client.query('BEGIN');
    await client.query('INSERT INTO node_kv VALUES ($1, $2)', ['tx', 1]);
    await client.query('COMMIT');
    const r = await client.query('SELECT v FROM node_kv WHERE k = $1', ['tx']);
    check('committed row', r.rows, [{ v: 1 }]);
  });

  await section('errors', async () => {
    const cases = [
      ['SELECT * FROM no_such_table', [], '42P01'],
      ['SELECT no_such_column FROM node_kv', [], '42703'],
      ['SELEC 1', [], '42601'],
      ['SELECT 1 / $1::int', [0], '22012'],
      ['INSERT INTO node_kv VALUES ($1, $2)', [null, 1], '23502'],
    ];
    for (const [sql, params, code] of cases) {
      try {
        await client.query(sql, params);
        fail(`error ${code}`, `${sql} raised nothing`);
      } catch (e) {
        check(`error ${code} (${sql})`, e.code, code);
      }
    }
    const r = await client.query('SELECT $1::text AS ok', ['still usable']);
    check('usable after errors', r.rows[0].ok, 'still usable');
  });

  await section('pool', async () => {
    const pool = new Pool({ connectionString: dsn, max: 8 });
    try {
      const rs = await Promise.all(Array.from({ length: 32 }, (_, i) =>
        pool.query('SELECT $1::int * 2 AS d, count(*)::int AS n FROM node_kv', [i])));
      check('pool results', rs.map((r) => r.rows[0].d), Array.from({ length: 32 }, (_, i) => i * 2));
      check('pool counts', rs.every((r) => r.rows[0].n === 6), true);
    } finally {
      await pool.end();
    }
  });

  await client.end();
  console.log(`node-postgres: ${checks} checks, ${failures} failures`);
  process.exit(failures > 0 ? 1 : 0);
}

main().catch((e) => {
  fail('main', e);
  console.log(`node-postgres: ${checks} checks, ${failures} failures`);
  process.exit(1);
});
