/**
 * The central ledger's schema (PostgreSQL). Every row carries its municipality (tenant_id) and every
 * query filters on it: tenants never see each other's data. Money is integer cents.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Accountability, RegistrationDetails } from '../../core/sync/protocol.js';
import type { Assessment } from '../../core/conditions.js';
import { budgetEntryKinds } from '../../core/budget.js';
import type { PartnerScope } from '../../core/partner-api.js';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

export const tenants = pgTable('tenants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** What residents know the platform as ("Almelo Buurt Samen"): on receipts, letters and screens. */
  platformName: text('platform_name').notNull(),
  /** The platform's website (receipts carry a QR code to an initiative's page there), or null. */
  platformUrl: text('platform_url'),
  /** A voucher's value for new rounds unless said otherwise (round:create --value). */
  voucherValueCents: integer('voucher_value_cents').notNull().default(750),
  createdAt: ts('created_at').notNull().defaultNow(),
  /**
   * The last change number handed out. Taking the next numbers locks this row until the transaction
   * commits, so changes become visible in number order and a pull cursor never skips one.
   */
  changeSeq: bigint('change_seq', { mode: 'number' }).notNull().default(0),
  /**
   * The change feed's identity, sent with every pull page. It is made anew when the ledger was restored from a backup
   * (scripts/ledger-restore.sh, `feed:restored`, or found by a device whose cursor is ahead of the feed), with
   * `feedBase` = the last change number the restored feed holds: a device that knew another epoch moves its cursor
   * back to at most `feedBase`, so it never skips the changes numbered again after the restore.
   */
  feedEpoch: uuid('feed_epoch').notNull().defaultRandom(),
  feedBase: bigint('feed_base', { mode: 'number' }).notNull().default(0),
  /**
   * The highest cursor a device or the website asked with beyond the feed's end (ledger/changes.ts `feedFor`): a later
   * one up to it is the same restore, not another. The numbering itself is never moved by what a client sends.
   */
  feedAhead: bigint('feed_ahead', { mode: 'number' }).notNull().default(0),
});

export const enrolmentCodes = pgTable('enrolment_codes', {
  /** sha256 of the one-time code; the code itself is shown once and never stored. */
  codeHash: text('code_hash').primaryKey(),
  tenantId: text('tenant_id')
    .notNull()
    .references(() => tenants.id),
  deviceName: text('device_name').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
  deviceId: uuid('device_id'),
  /** A re-enrolment code: made for this existing device, which keeps its id, sequence and chain with a new key. */
  forDeviceId: uuid('for_device_id'),
});

export const devices = pgTable(
  'devices',
  {
    id: uuid('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    servicePoint: text('service_point').notNull(),
    /** Ed25519 public key, SPKI DER, base64. */
    publicKey: text('public_key').notNull(),
    enrolledAt: ts('enrolled_at').notNull().defaultNow(),
    revokedAt: ts('revoked_at'),
    /** The next sequence number this device must send, and the hash of the last stored event. */
    nextSeq: bigint('next_seq', { mode: 'number' }).notNull().default(1),
    lastHash: text('last_hash').notNull(),
    lastSeenAt: ts('last_seen_at'),
    /** Device clock minus server clock at the last request; large values are flagged, never refused. */
    clockSkewMs: bigint('clock_skew_ms', { mode: 'number' }),
  },
  (t) => [index('devices_tenant').on(t.tenantId)],
);

export const districts = pgTable(
  'districts',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['wijk', 'dorp'] }).notNull(),
    budgetCents: bigint('budget_cents', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.code] })],
);

export const rounds = pgTable(
  'rounds',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: text('id').notNull(),
    valueCents: integer('value_cents').notNull(),
    activeFrom: ts('active_from').notNull(),
    activeUntil: ts('active_until').notNull(),
    status: text('status', { enum: ['planned', 'open', 'closed'] }).notNull(),
    /** Hex salt of this round's registry hashes (devices never see codes in plain text). */
    registrySalt: text('registry_salt').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const addresses = pgTable(
  'addresses',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    postcode: text('postcode').notNull(),
    houseNumber: integer('house_number').notNull(),
    addition: text('addition').notNull().default(''),
    street: text('street').notNull(),
    buurtCode: text('buurt_code'),
    districtCode: text('district_code').notNull(),
  },
  (t) => [uniqueIndex('addresses_unique').on(t.tenantId, t.postcode, t.houseNumber, t.addition)],
);

/** One code per address per round. The plain code is kept for the letters' print file. */
export const vouchers = pgTable(
  'vouchers',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    roundId: text('round_id').notNull(),
    code: text('code').notNull(),
    codeHash: text('code_hash').notNull(),
    addressId: bigint('address_id', { mode: 'number' }).notNull(),
    districtCode: text('district_code').notNull(),
    buurtCode: text('buurt_code'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.roundId, t.codeHash] }),
    uniqueIndex('vouchers_address_round').on(t.tenantId, t.roundId, t.addressId),
    uniqueIndex('vouchers_code').on(t.code),
  ],
);

export const initiatives = pgTable(
  'initiatives',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull(),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    districtCode: text('district_code').notNull(),
    theme: text('theme').notNull(),
    status: text('status').notNull(),
    targetCents: integer('target_cents').notNull(),
    /** Sum of the parts of counted donations; kept in the same transaction as the donations. */
    collectedCents: bigint('collected_cents', { mode: 'number' }).notNull().default(0),
    donations: integer('donations').notNull().default(0),
    deadline: text('deadline'),
    volunteersNeeded: integer('volunteers_needed').notNull().default(0),
    volunteerTasks: text('volunteer_tasks').notNull().default(''),
    materialsWanted: text('materials_wanted').notNull().default(''),
    /** The registration's details without people (core/sync/protocol.ts registrationDetailsSchema). */
    registration: jsonb('registration').$type<RegistrationDetails>(),
    /** The note with the latest status change (what to change, why rejected). */
    statusNote: text('status_note'),
    /** The latest assessment against the conditions (core/conditions.ts Assessment). */
    assessment: jsonb('assessment').$type<Assessment>(),
    /** The account given when it was completed (what was done, what it cost). */
    accountability: jsonb('accountability').$type<Accountability>(),
    /** Help offered (volunteers signed up, material pledges), not erased: counts only, from help_offers. */
    helpVolunteers: integer('help_volunteers').notNull().default(0),
    helpMaterials: integer('help_materials').notNull().default(0),
    /** When it was first approved for collecting (spaarfase): its year is the budget year it draws on (core/budget.ts). */
    approvedAt: ts('approved_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex('initiatives_number').on(t.tenantId, t.number)],
);

/**
 * Every event every device ever sent, exactly once: (device_id, seq) is the key, event_id is unique.
 * Append-only; `outcome` says what the ledger made of it.
 */
export const events = pgTable(
  'events',
  {
    tenantId: text('tenant_id').notNull(),
    deviceId: uuid('device_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    eventId: uuid('event_id').notNull(),
    type: text('type').notNull(),
    version: integer('version').notNull(),
    payload: jsonb('payload').notNull(),
    staffId: text('staff_id'),
    deviceTime: text('device_time').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    /** accepted | contested | quarantined | overruled */
    outcome: text('outcome').notNull(),
    reason: text('reason'),
    /** How it arrived: push, or file (offline transfer). */
    via: text('via').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.deviceId, t.seq] }),
    // Not unique: (device_id, seq) is the idempotency key. A reused eventId is quarantined per tenant in
    // ingest.ts, so one municipality's ids reveal nothing about another's.
    index('events_tenant_event_id').on(t.tenantId, t.eventId),
    index('events_tenant_type').on(t.tenantId, t.type),
  ],
);

/**
 * Donations as the ledger counts them. At most one *counted* donation per voucher: the partial unique
 * index makes double counting impossible, not unlikely (LESSONS.md). A later use of the same voucher is
 * stored as contested and points at the one that counts.
 */
export const donations = pgTable(
  'donations',
  {
    tenantId: text('tenant_id').notNull(),
    redemptionId: uuid('redemption_id').primaryKey(),
    deviceId: uuid('device_id'),
    seq: bigint('seq', { mode: 'number' }),
    channel: text('channel', { enum: ['counter', 'website'] }).notNull(),
    roundId: text('round_id').notNull(),
    codeHash: text('code_hash').notNull(),
    /** The voucher's district from the ledger's registry; the device's when the ledger does not know the voucher; null if neither. */
    districtCode: text('district_code'),
    buurtCode: text('buurt_code'),
    valueCents: integer('value_cents').notNull(),
    /**
     * counted | pending (holds its voucher, counts nowhere until a person confirms it) | contested |
     * reversed | void (a settled conflict that does not count) | rejected (a pending one a person refused)
     */
    state: text('state').notNull(),
    /** For a contested donation: the one that counts. */
    countedRedemptionId: uuid('counted_redemption_id'),
    deviceTime: text('device_time').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    /** Why it is pending (server/ledger/donation-rules.ts): unknown-voucher, outside-round, wrong-value, … */
    flags: jsonb('flags').$type<string[]>().notNull().default([]),
    settledAt: ts('settled_at'),
    settledBy: text('settled_by'),
    settlementNote: text('settlement_note'),
  },
  (t) => [
    uniqueIndex('donations_one_holding_per_voucher')
      .on(t.tenantId, t.roundId, t.codeHash)
      .where(sql`state in ('counted', 'pending')`),
    index('donations_pending')
      .on(t.tenantId)
      .where(sql`state = 'pending'`),
    index('donations_voucher').on(t.tenantId, t.roundId, t.codeHash),
    index('donations_contested')
      .on(t.tenantId)
      .where(sql`state = 'contested'`),
  ],
);

export const donationParts = pgTable(
  'donation_parts',
  {
    redemptionId: uuid('redemption_id').notNull(),
    partNo: integer('part_no').notNull(),
    initiativeId: uuid('initiative_id').notNull(),
    amountCents: integer('amount_cents').notNull(),
  },
  (t) => [primaryKey({ columns: [t.redemptionId, t.partNo] }), index('donation_parts_initiative').on(t.initiativeId)],
);

/** Input refused as malformed, unsigned or tampered: kept with the reason, never silently dropped. */
/** Each offer of help once (volunteer.signed-up, material.pledged), so counts survive resends and erasures. No people. */
export const helpOffers = pgTable(
  'help_offers',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull(),
    initiativeId: uuid('initiative_id').notNull(),
    kind: text('kind').notNull(),
    erasedAt: ts('erased_at'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/**
 * Photos of initiatives, sent by the device that took them in and fetched by every other device. Not
 * append-only like events: a photo can be erased (it may show people), which empties its bytes.
 */
export const photos = pgTable(
  'photos',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull(),
    initiativeId: uuid('initiative_id').notNull(),
    purpose: text('purpose').notNull(),
    mime: text('mime').notNull(),
    bytes: bytea('bytes').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    deviceId: uuid('device_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('photos_initiative').on(t.tenantId, t.initiativeId)],
);

/**
 * Refused requests of known, signed devices: kept with the reason, cut at 64 KiB, at most a bounded number
 * per device and per source address (server/ledger/refusals.ts). Unauthenticated refusals are only counted.
 */
export const quarantine = pgTable('quarantine', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  tenantId: text('tenant_id'),
  deviceId: text('device_id'),
  source: text('source'),
  receivedAt: ts('received_at').notNull().defaultNow(),
  reason: text('reason').notNull(),
  /** The body as received, cut at 64 KiB. */
  body: text('body').notNull(),
});

/**
 * What devices pull: an append-only feed per tenant, numbered by tenants.change_seq. A row with a
 * device_id is for that device only (its conflicts); the rest is for every device of the tenant.
 */
export const changes = pgTable(
  'changes',
  {
    tenantId: text('tenant_id').notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    deviceId: uuid('device_id'),
    kind: text('kind').notNull(),
    data: jsonb('data').notNull(),
    /** Bytes of `data` as JSON, so a pull page is cut by size without reading the data. */
    size: integer('size').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** Refusals counted per day and code (with a digest of the last body), for unauthenticated input that is not kept. */
export const refusalCounts = pgTable(
  'refusal_counts',
  {
    day: text('day').notNull(),
    code: text('code').notNull(),
    count: bigint('count', { mode: 'number' }).notNull().default(0),
    lastDigest: text('last_digest'),
  },
  (t) => [primaryKey({ columns: [t.day, t.code] })],
);

/**
 * Events a revoked device still pushed, signed and verified but not taken in: the lost-device report
 * sums them, and re-enrolment or an admin-confirmed file import delivers them (they are not counted here).
 */
export const withheldEvents = pgTable(
  'withheld_events',
  {
    tenantId: text('tenant_id').notNull(),
    deviceId: uuid('device_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    version: integer('version').notNull(),
    payload: jsonb('payload').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.deviceId, t.seq] })],
);

/** Administrator actions (CLI), for the record. */
/**
 * The budget account's own lines (core/budget.ts, docs/budget.md): reservations (a correction is a
 * negative one), transfers between districts and payouts to funded initiatives. Append-only: a mistake
 * is corrected by a new line, so the history is the account. Who and why are kept with every line.
 */
export const budgetEntries = pgTable(
  'budget_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    kind: text('kind', { enum: budgetEntryKinds }).notNull(),
    year: integer('year').notNull(),
    districtCode: text('district_code').notNull(),
    toDistrictCode: text('to_district_code'),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    initiativeId: uuid('initiative_id'),
    /** payout: the payment's reference in the municipality's financial system (the payment happens there). */
    paymentReference: text('payment_reference'),
    reason: text('reason').notNull(),
    /** 'beheerder <name>' at the ledger, or 'staff <id>' for an event from a device (device_id says which). */
    actor: text('actor').notNull(),
    deviceId: uuid('device_id'),
    /** The device event it came from (device_id, seq), so a resent event is one line. */
    seq: bigint('seq', { mode: 'number' }),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [
    index('budget_entries_tenant_year').on(t.tenantId, t.year),
    uniqueIndex('budget_entries_payment_reference')
      .on(t.tenantId, t.paymentReference)
      .where(sql`payment_reference is not null`),
  ],
);

/**
 * A partner's credential (the platform's website of one municipality): a secret shown once at creation and kept
 * only as its SHA-256, with the scopes it may use. Revoked, it is refused from then on; the row stays as the fact.
 */
export const partnerCredentials = pgTable('partner_credentials', {
  id: uuid('id').primaryKey(),
  tenantId: text('tenant_id')
    .notNull()
    .references(() => tenants.id),
  name: text('name').notNull(),
  secretHash: text('secret_hash').notNull(),
  scopes: jsonb('scopes').$type<PartnerScope[]>().notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  revokedAt: ts('revoked_at'),
  lastUsedAt: ts('last_used_at'),
});

/**
 * A partner's request by its idempotency key: the answer it got, so a retry after a lost answer gets the same
 * answer and nothing happens twice. The same key with another body is refused.
 */
export const partnerRequests = pgTable(
  'partner_requests',
  {
    credentialId: uuid('credential_id').notNull(),
    key: text('key').notNull(),
    tenantId: text('tenant_id').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    response: jsonb('response').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.credentialId, t.key] })],
);

/**
 * The audit trail (core/audit.ts), one form for two sources: the ledger's own administration (device_id null; one
 * chain per municipality, `seq` numbered per municipality) and each device's trail as it sent it (device_id set;
 * `seq`, prev_hash and hash the device's own). Rows written before migration 0006 have no seq and are not chained.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: text('tenant_id'),
    at: ts('at').notNull().defaultNow(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    detail: jsonb('detail').notNull(),
    ok: boolean('ok').notNull().default(true),
    deviceId: uuid('device_id'),
    /** The line of the trail (core/audit.ts): a device's store, or after a restore a new line; the ledger's own: the municipality. */
    chain: text('chain'),
    seq: bigint('seq', { mode: 'number' }),
    actorRole: text('actor_role'),
    subject: text('subject'),
    /** The entry's time as its source wrote it (ISO text, hashed as is). */
    entryAt: text('entry_at'),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    uniqueIndex('audit_log_device_seq')
      .on(t.deviceId, t.chain, t.seq)
      .where(sql`${t.deviceId} is not null`),
    uniqueIndex('audit_log_ledger_seq')
      .on(t.tenantId, t.seq)
      .where(sql`${t.deviceId} is null and ${t.seq} is not null`),
  ],
);

export type DonationRow = typeof donations.$inferSelect;
export type DeviceRow = typeof devices.$inferSelect;
