import type Database from 'better-sqlite3';
import { Column, getTableName, is, Param, Placeholder, SQL, Subquery } from 'drizzle-orm';
import { SQLitePreparedQuery } from 'drizzle-orm/sqlite-core';

/**
 * Statements prepared once per store connection, for the counter's hot path (every scan runs a dozen): drizzle
 * builds the SQL text and better-sqlite3 compiles it on every call of a query builder, which cost more than
 * the work itself. `definePrepared` keeps one compiled statement per connection, built on first use; a
 * transaction handle shares its store's connection, so the same statement runs inside and outside one.
 * Placeholders (`sql.placeholder`) take raw SQLite values: numbers, strings, null — a boolean column gets 1/0 —
 * except where the column maps its value: a `mode: 'json'` column takes the value itself (drizzle writes the JSON).
 */
const sessionOf = (handle: object): object => (handle as { session?: object }).session ?? handle;

/** The better-sqlite3 connection behind a drizzle store or transaction handle. */
export function connectionOf(handle: object): Database.Database {
  const session = sessionOf(handle) as { client?: Database.Database; $client?: Database.Database };
  const client = session.client ?? session.$client;
  if (!client) throw new Error('connectionOf: not a store or transaction handle');
  return client;
}

/** A built set of statements with each drizzle prepared query made `direct` (below): one query, or an object of them. */
function directAll<T>(built: T): T {
  if (is(built, SQLitePreparedQuery)) return direct(built);
  if (!built || typeof built !== 'object' || Object.getPrototypeOf(built) !== Object.prototype) return built;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(built)) out[key] = direct(value);
  return out as T;
}

export function definePrepared<H extends object, T>(build: (handle: H) => T): (handle: H) => T {
  const bySession = new WeakMap<object, T>();
  return (handle) => {
    const session = sessionOf(handle);
    let statement = bySession.get(session);
    if (statement === undefined) {
      statement = directAll(build(handle));
      bySession.set(session, statement);
    }
    return statement;
  };
}

/**
 * A drizzle prepared statement run straight on its better-sqlite3 statement, with the work drizzle repeats on every
 * call done once: which value each parameter takes, and how each column of a row is decoded and where it goes. On the
 * counter's hot path drizzle's per-call mapping (`fillPlaceholders`, `mapResultRow` and their `is()` checks over every
 * column) cost more than some of the statements themselves (docs/benchmarks.md). The SQL, the parameters, the decoders
 * and the shape of the result are drizzle's own, read from the prepared query; `tests/unit/prepared.test.ts` holds the
 * answers equal to drizzle's for every kind of statement the hot path runs. Anything else is left to drizzle.
 */
interface DrizzlePrepared {
  stmt: Database.Statement;
  query: { sql: string; params: unknown[] };
  fields?: { path: string[]; field: unknown }[];
  joinsNotNullableMap?: Record<string, boolean>;
  customResultMapper?: unknown;
}

type Decoder = { mapFromDriverValue(value: unknown): unknown };

/** The `decoder` drizzle keeps on an SQL fragment (internal: not in its types). */
const sqlDecoder = (fragment: unknown): Decoder => (fragment as { decoder: Decoder }).decoder;

function decoderOf(field: unknown): Decoder {
  if (is(field, Column)) return field;
  if (is(field, SQL)) return sqlDecoder(field);
  if (is(field, Subquery)) return sqlDecoder((field as unknown as { _: { sql: unknown } })._.sql);
  return sqlDecoder((field as { sql: unknown }).sql);
}

function binderOf(params: unknown[]): (values: Record<string, unknown>) => unknown[] {
  // Per parameter: its constant, or the placeholder's name and (for a column that maps its value) the encoder.
  const names: (string | null)[] = [];
  const encoders: ({ mapToDriverValue(value: unknown): unknown } | null)[] = [];
  for (const p of params) {
    const placeholder = is(p, Placeholder) ? p : is(p, Param) && is(p.value, Placeholder) ? p.value : null;
    names.push(placeholder ? placeholder.name : null);
    encoders.push(placeholder && is(p, Param) ? p.encoder : null);
  }
  return (values) => {
    const bound: unknown[] = new Array(params.length);
    for (let i = 0; i < params.length; i++) {
      const name = names[i];
      if (name === null || name === undefined) {
        bound[i] = params[i];
        continue;
      }
      if (!(name in values)) throw new Error(`No value for placeholder "${name}" was provided`);
      const encoder = encoders[i];
      bound[i] = encoder ? encoder.mapToDriverValue(values[name]) : values[name];
    }
    return bound;
  };
}

/** drizzle's `mapResultRow`, its decisions per column taken once. */
function mapperOf(fields: NonNullable<DrizzlePrepared['fields']>, joinsNotNullableMap: Record<string, boolean> | undefined) {
  const steps = fields.map(({ path, field }) => ({
    parents: path.slice(0, -1),
    key: path[path.length - 1] as string,
    decoder: decoderOf(field),
    // Left-joined tables: an object whose columns are all null is the table's absence (drizzle's nullifyMap).
    table: joinsNotNullableMap && is(field, Column) && path.length === 2 ? getTableName(field.table) : null,
  }));
  return (row: unknown[]) => {
    const result: Record<string, unknown> = {};
    const nullify: Record<string, string | false> = {};
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      if (!step) continue;
      const { parents, key, decoder, table } = step;
      let node = result;
      for (let j = 0; j < parents.length; j++) node = (node[parents[j] as string] ??= {}) as Record<string, unknown>;
      const raw = row[i];
      const value = (node[key] = raw === null ? null : decoder.mapFromDriverValue(raw));
      if (table !== null) {
        const objectName = parents[0] as string;
        if (!(objectName in nullify)) nullify[objectName] = value === null ? table : false;
        else if (typeof nullify[objectName] === 'string' && nullify[objectName] !== table) nullify[objectName] = false;
      }
    }
    if (joinsNotNullableMap) {
      for (const [objectName, table] of Object.entries(nullify)) {
        if (typeof table === 'string' && !joinsNotNullableMap[table]) result[objectName] = null;
      }
    }
    return result;
  };
}

/** The same prepared query, answering through `direct` (above); a query of another kind is returned as it is. */
export function direct<T>(prepared: T): T {
  if (!is(prepared, SQLitePreparedQuery)) return prepared;
  const q = prepared as unknown as DrizzlePrepared;
  if (q.customResultMapper || !q.stmt) return prepared;
  const { stmt, fields, joinsNotNullableMap } = q;
  const bind = binderOf(q.query.params);
  const none = {};
  const faster: Record<string, unknown> = { run: (values?: Record<string, unknown>) => stmt.run(...bind(values ?? none)) };
  if (stmt.reader) {
    if (fields) {
      const rowStatement = stmt.raw(true);
      const map = mapperOf(fields, joinsNotNullableMap);
      faster.get = (values?: Record<string, unknown>) => {
        const row = rowStatement.get(...bind(values ?? none)) as unknown[] | undefined;
        return row === undefined ? undefined : map(row);
      };
      faster.all = (values?: Record<string, unknown>) => (rowStatement.all(...bind(values ?? none)) as unknown[][]).map(map);
    } else {
      faster.get = (values?: Record<string, unknown>) => stmt.get(...bind(values ?? none));
      faster.all = (values?: Record<string, unknown>) => stmt.all(...bind(values ?? none));
    }
  }
  return Object.assign(Object.create(prepared as object) as object, faster) as T;
}
