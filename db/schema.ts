/**
 * The local store's schema (SQLite). Tables are snake_case plurals; row types are inferred.
 * Money is integer cents; time is ISO-8601 UTC text.
 */
import { sql } from 'drizzle-orm';
import { integer, sqliteTable, text, uniqueIndex, index, primaryKey } from 'drizzle-orm/sqlite-core';

/** Exactly one row once setup is done: who this device is. */
export const devices = sqliteTable('devices', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  servicePoint: text('service_point').notNull(),
  isDemo: integer('is_demo', { mode: 'boolean' }).notNull(),
  createdAt: text('created_at').notNull(),
});

export const staff = sqliteTable(
  'staff',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role', { enum: ['baliemedewerker', 'wijkondersteuner', 'wijkregisseur', 'beheerder'] }).notNull(),
    /** scrypt$N$r$p$salt$hash, see services/pin-hash.ts */
    pinHash: text('pin_hash').notNull(),
    disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedUntil: text('locked_until'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('staff_name_unique').on(sql`lower(${t.name})`)],
);

/** Key/value settings; values are JSON, validated against core's settings schema on read. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const districts = sqliteTable('districts', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['wijk', 'dorp'] }).notNull(),
  households: integer('households').notNull(),
  householdsSynthetic: integer('households_synthetic', { mode: 'boolean' }).notNull(),
});

export const rounds = sqliteTable('rounds', {
  id: text('id').primaryKey(),
  valueCents: integer('value_cents').notNull(),
  activeFrom: text('active_from').notNull(),
  activeUntil: text('active_until').notNull(),
  status: text('status', { enum: ['planned', 'open', 'closed'] }).notNull(),
  /** Salt for this round's registry hashes (hex). Codes are never stored in plain text. */
  registrySalt: text('registry_salt').notNull(),
});

/** Valid codes of open rounds, as salted hashes, with the district each belongs to. */
export const voucherRegistry = sqliteTable(
  'voucher_registry',
  {
    roundId: text('round_id')
      .notNull()
      .references(() => rounds.id),
    codeHash: text('code_hash').notNull(),
    districtCode: text('district_code').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.codeHash] })],
);

export const initiatives = sqliteTable(
  'initiatives',
  {
    id: text('id').primaryKey(),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    districtCode: text('district_code')
      .notNull()
      .references(() => districts.code),
    theme: text('theme').notNull(),
    status: text('status').notNull(),
    targetCents: integer('target_cents').notNull(),
    collectedCents: integer('collected_cents').notNull().default(0),
    deadline: text('deadline'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('initiatives_number_unique').on(t.number), index('initiatives_district_status').on(t.districtCode, t.status)],
);

/**
 * The append-only outbox (DESIGN.md rule 3): every change the central ledger must learn of, written
 * in the same transaction as the state it changes. `seq` is the per-device sequence; `hash` chains
 * each event to the one before. Rows are never deleted: sync marks them acknowledged.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    seq: integer('seq').primaryKey(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    version: integer('version').notNull(),
    payload: text('payload').notNull(),
    staffId: text('staff_id'),
    deviceTime: text('device_time').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    ackedAt: text('acked_at'),
  },
  (t) => [uniqueIndex('outbox_event_id_unique').on(t.eventId), index('outbox_unacked').on(t.ackedAt)],
);

/** What the device knows of its last sync; one row per key. */
export const syncState = sqliteTable('sync_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export type DeviceRow = typeof devices.$inferSelect;
export type StaffRow = typeof staff.$inferSelect;
export type InitiativeRow = typeof initiatives.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
