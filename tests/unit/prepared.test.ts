import Database from 'better-sqlite3';
import { and, eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { alias, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { definePrepared, direct } from '../../db/prepared';

// `direct` runs drizzle's prepared statements without drizzle's per-call mapping (db/prepared.ts). Its answers must be
// drizzle's own, for every kind of statement the counter's hot path runs: whole rows, nested objects, left joins that
// find nothing, SQL fields, JSON and boolean columns, placeholders with and without an encoder, RETURNING.
const parent = sqliteTable('parent', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull(),
  parts: text('parts', { mode: 'json' }).$type<{ a: number }[]>(),
  total: integer('total').notNull().default(0),
});
const child = sqliteTable('child', { parentId: text('parent_id').notNull(), no: integer('no').notNull(), note: text('note') }, (t) => [
  primaryKey({ columns: [t.parentId, t.no] }),
]);
const lastChild = alias(child, 'last_child');

function store() {
  const raw = new Database(':memory:');
  raw.exec(`CREATE TABLE parent (id text PRIMARY KEY, title text NOT NULL, active integer NOT NULL, parts text, total integer NOT NULL DEFAULT 0);
    CREATE TABLE child (parent_id text NOT NULL, no integer NOT NULL, note text, PRIMARY KEY (parent_id, no)) WITHOUT ROWID;`);
  return { raw, db: drizzle(raw) };
}

describe('direct prepared statements', () => {
  it('answer what drizzle answers, for every kind of statement on the hot path', () => {
    const { db } = store();
    const insert = db
      .insert(parent)
      .values({
        id: sql.placeholder('id'),
        title: sql.placeholder('title'),
        active: sql.placeholder('active'),
        parts: sql.placeholder('parts'),
      })
      .prepare();
    direct(insert).run({ id: 'p1', title: 'één', active: 1, parts: [{ a: 1 }, { a: 2 }] });
    insert.run({ id: 'p2', title: 'twee', active: 0, parts: null });
    db.insert(child).values({ parentId: 'p1', no: 1, note: 'x' }).run();
    db.insert(child).values({ parentId: 'p1', no: 2, note: null }).run();

    const queries = {
      whole: db
        .select()
        .from(parent)
        .where(eq(parent.id, sql.placeholder('id')))
        .prepare(),
      nested: db
        .select({
          p: parent,
          n: sql<number>`(SELECT count(*) FROM ${child} WHERE ${child.parentId} = ${parent.id})`,
          last: { no: lastChild.no, note: lastChild.note },
          upper: sql<string>`upper(${parent.title})`.mapWith(String),
        })
        .from(parent)
        .leftJoin(
          lastChild,
          and(
            eq(lastChild.parentId, parent.id),
            eq(lastChild.no, sql`(SELECT max(${child.no}) FROM ${child} WHERE ${child.parentId} = ${parent.id})`),
          ),
        )
        .where(eq(parent.id, sql.placeholder('id')))
        .prepare(),
      joinedWhole: db
        .select()
        .from(parent)
        .leftJoin(child, eq(child.parentId, parent.id))
        .where(eq(parent.id, sql.placeholder('id')))
        .prepare(),
      constant: db
        .select({ id: parent.id })
        .from(parent)
        .where(and(eq(parent.id, sql.placeholder('id')), eq(parent.title, 'één')))
        .prepare(),
    };
    for (const [name, query] of Object.entries(queries)) {
      const fast = direct(query);
      for (const id of ['p1', 'p2', 'none']) {
        expect(fast.get({ id }), `${name} ${id}`).toEqual(query.get({ id }));
        expect(fast.all({ id }), `${name} ${id}`).toEqual(query.all({ id }));
      }
    }
    // The nested left join: the last child where there is one, null (not an object of nulls) where there is none.
    expect(direct(queries.nested).get({ id: 'p1' })).toMatchObject({
      n: 2,
      last: { no: 2, note: null },
      p: { parts: [{ a: 1 }, { a: 2 }], active: true },
    });
    expect(direct(queries.nested).get({ id: 'p2' })).toMatchObject({ n: 0, last: null, p: { parts: null, active: false } });

    const add = () =>
      db
        .update(parent)
        .set({ total: sql`${parent.total} + ${sql.placeholder('cents')}` })
        .where(eq(parent.id, sql.placeholder('id')))
        .returning({ title: parent.title, total: parent.total, active: parent.active })
        .prepare();
    expect(direct(add()).get({ id: 'p1', cents: 750 })).toEqual({ title: 'één', total: 750, active: true });
    expect(add().get({ id: 'p1', cents: 750 })).toEqual({ title: 'één', total: 1500, active: true });
    expect(direct(add()).get({ id: 'none', cents: 750 })).toBeUndefined();
    expect(direct(add()).run({ id: 'p2', cents: 5 }).changes).toBe(1);
  });

  it('refuses a missing placeholder as drizzle does, and leaves anything else as it is', () => {
    const { db } = store();
    const query = db
      .select()
      .from(parent)
      .where(eq(parent.id, sql.placeholder('id')))
      .prepare();
    expect(() => direct(query).get({})).toThrow('No value for placeholder "id" was provided');
    expect(() => query.get({})).toThrow('No value for placeholder "id" was provided');
    expect(direct(db)).toBe(db);
    const built = definePrepared((handle: typeof db) => ({ query: handle.select().from(parent).prepare(), handle }))(db);
    expect(built.handle).toBe(db);
    expect(built.query).not.toBe(query);
    expect(Object.getPrototypeOf(built.query)).toHaveProperty('stmt');
  });
});
