import type Database from 'better-sqlite3';

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

export function definePrepared<H extends object, T>(build: (handle: H) => T): (handle: H) => T {
  const bySession = new WeakMap<object, T>();
  return (handle) => {
    const session = sessionOf(handle);
    let statement = bySession.get(session);
    if (statement === undefined) {
      statement = build(handle);
      bySession.set(session, statement);
    }
    return statement;
  };
}
