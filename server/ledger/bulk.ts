/**
 * Bulk writes for the hot path of a push. drizzle's query builder spends most of a 500-row batch
 * building one parameter per value; PostgreSQL's unnest() takes one array per column instead, which is
 * also the fastest way to insert many rows short of COPY. Column names here are constants, never input.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { LedgerTx } from '../db/connect.js';

export interface BulkColumn {
  name: string;
  /** The PostgreSQL element type of the array, e.g. uuid, text, bigint, jsonb (sent as text), timestamptz. */
  type: 'uuid' | 'text' | 'bigint' | 'integer' | 'jsonb' | 'timestamptz';
  values: readonly unknown[];
  /** For jsonb: the values are JSON text already. */
  serialized?: boolean;
}

/** INSERT INTO table (cols) SELECT … FROM unnest(arrays); `tail` adds ON CONFLICT / RETURNING. */
export async function bulkInsert<Row = never>(
  tx: LedgerTx,
  table: string,
  columns: readonly BulkColumn[],
  tail: SQL = sql``,
): Promise<Row[]> {
  const n = columns[0]?.values.length ?? 0;
  if (n === 0) return [];
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const arrays = sql.join(
    columns.map((c) => {
      const values = c.type === 'jsonb' && !c.serialized ? c.values.map((v) => (v === null ? null : JSON.stringify(v))) : c.values;
      const arrayType = c.type === 'jsonb' ? 'text' : c.type;
      return sql`${sql.param(values)}::${sql.raw(arrayType)}[]`;
    }),
    sql`, `,
  );
  const casts = columns.map((c, i) => (c.type === 'jsonb' ? `c${i}::jsonb` : `c${i}`)).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const query = sql`insert into ${sql.raw(`"${table}"`)} (${sql.raw(names)}) select ${sql.raw(casts)} from unnest(${arrays}) as t(${sql.raw(aliases)}) ${tail}`;
  const result = (await tx.execute(query)) as unknown as { rows?: Row[] };
  return result.rows ?? [];
}

/** `column = any($1::type[])`: one parameter for a whole list. */
export function anyOf(column: SQL | SQL.Aliased | unknown, values: readonly unknown[], type: 'uuid' | 'text' | 'bigint'): SQL {
  return sql`${column} = any(${sql.param(values)}::${sql.raw(type)}[])`;
}
