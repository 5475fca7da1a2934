/**
 * The local store's schema (SQLite). Tables are snake_case plurals; row types are inferred.
 * Money is integer cents; time is ISO-8601 UTC text.
 */
import { sql } from 'drizzle-orm';
import { blob, integer, sqliteTable, sqliteView, text, uniqueIndex, index, primaryKey } from 'drizzle-orm/sqlite-core';

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
    /**
     * Wrong PINs typed to approve something on someone else's screen (a reversal), counted apart from the
     * login attempts: a clerk guessing at the counter can block approvals for a while, never her login.
     */
    approvalFailedAttempts: integer('approval_failed_attempts').notNull().default(0),
    approvalLockedUntil: text('approval_locked_until'),
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
  /** The district's reserved budget, from the central ledger (0 until synced). */
  budgetCents: integer('budget_cents').notNull().default(0),
});

export const rounds = sqliteTable('rounds', {
  id: text('id').primaryKey(),
  valueCents: integer('value_cents').notNull(),
  activeFrom: text('active_from').notNull(),
  activeUntil: text('active_until').notNull(),
  status: text('status', { enum: ['planned', 'open', 'closed'] }).notNull(),
  /** Salt for this round's registry hashes (hex). Codes are never stored in plain text. */
  registrySalt: text('registry_salt').notNull(),
  /** When this round's registry was last loaded or synced: older than the stale limit means "stale". */
  registryAsOf: text('registry_as_of'),
});

/** Valid codes of open rounds, as salted hashes, with the district (and buurt where known) of each. */
export const voucherRegistry = sqliteTable(
  'voucher_registry',
  {
    roundId: text('round_id')
      .notNull()
      .references(() => rounds.id),
    codeHash: text('code_hash').notNull(),
    districtCode: text('district_code').notNull(),
    buurtCode: text('buurt_code'),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.codeHash] })],
);

/** Vouchers the central ledger says were used elsewhere (website, another counter), as of `asOf`. */
export const vouchersUsedElsewhere = sqliteTable(
  'vouchers_used_elsewhere',
  {
    roundId: text('round_id').notNull(),
    codeHash: text('code_hash').notNull(),
    usedAt: text('used_at').notNull(),
    channel: text('channel', { enum: ['website', 'counter'] }).notNull(),
    asOf: text('as_of').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.codeHash] })],
);

/** One part of a donation: which initiative gets how much of the voucher's value. */
export interface DonationPart {
  initiativeId: string;
  amountCents: number;
}

/**
 * One use of one voucher at this device. Never edited: a mistake is undone by a reversal, after
 * which the voucher may be used again. The partial unique index makes a second live use of the
 * same voucher impossible, not merely unlikely.
 *
 * Written to touch as few pages as possible, since every donation waits for its pages to be encrypted and
 * synced (docs/benchmarks.md): the table is WITHOUT ROWID (the id is the table's own key, no separate id
 * index), the id is a time-ordered UUIDv7 (new rows go to the table's last page), and the split lives in the
 * row as JSON (`parts`) instead of a table of its own with two indexes. Migration 0013 declares it; drizzle
 * cannot say WITHOUT ROWID, so the schema here describes the columns only.
 */
export const redemptions = sqliteTable(
  'redemptions',
  {
    id: text('id').primaryKey(),
    roundId: text('round_id').notNull(),
    codeHash: text('code_hash').notNull(),
    /** For receipts and lists: enough to recognise the paper voucher, too little to reuse it. */
    maskedCode: text('masked_code').notNull(),
    districtCode: text('district_code'),
    valueCents: integer('value_cents').notNull(),
    staffId: text('staff_id').notNull(),
    createdAt: text('created_at').notNull(),
    businessDay: text('business_day').notNull(),
    intakeId: text('intake_id'),
    /**
     * Its number in its intake's scan order (migration 0018): an accepted scan is this row, not an item row of its own,
     * so a scan writes one page fewer (docs/benchmarks.md). Null for a donation outside an intake, and for an intake's
     * donations from before 0018 (their item rows say it).
     */
    intakeItemNo: integer('intake_item_no'),
    /** Taken while the registry was stale and the code unknown: the ledger must confirm it. */
    needsConfirmation: integer('needs_confirmation', { mode: 'boolean' }).notNull().default(false),
    reversedAt: text('reversed_at'),
    outboxSeq: integer('outbox_seq').notNull(),
    /**
     * What the central ledger made of it: null until synced, then counted, contested, void (settled
     * against), pending (held for a person's decision), rejected (a person decided it does not count), or
     * quarantined (the ledger could not take the event in; sync_attention says why).
     */
    ledgerState: text('ledger_state', { enum: ['counted', 'contested', 'void', 'pending', 'rejected', 'quarantined'] }),
    /** How the value is split over initiatives: one to three parts, in order, summing to the value. */
    parts: text('parts', { mode: 'json' }).$type<DonationPart[]>().notNull(),
  },
  (t) => [
    uniqueIndex('redemptions_live_voucher')
      .on(t.roundId, t.codeHash)
      .where(sql`reversed_at IS NULL`),
    // No index on business_day (migration 0016): a day's donations are found from `donation_days` below, so a
    // donation writes one index fewer. No index on outbox_seq: sync finds a donation from its event's payload (by id).
  ],
);

/**
 * Where each business day's donations begin: the smallest redemption id of the day. Every donation of a day has an
 * id at or above it, so a day's donations are the key range from there filtered by day (`onBusinessDay` in
 * services/counter/business-day.ts) — exact whatever the clock did, since the row holds the day's smallest id, not its
 * first. Kept by the donation's own transaction (one read; a write only for a day's first donation) instead of an
 * index on business_day, which every donation wrote (docs/benchmarks.md). WITHOUT ROWID (migration 0016).
 */
export const donationDays = sqliteTable('donation_days', {
  businessDay: text('business_day').primaryKey(),
  firstId: text('first_id').notNull(),
});

/**
 * A donation's parts as rows (a view over `redemptions.parts`, migration 0013): what reports, reversals and
 * conflicts read. Filter it through `redemptions` (by id, day or a set of ids) — by initiative alone it reads
 * every donation.
 */
export const donationParts = sqliteView('donation_parts', {
  redemptionId: text('redemption_id').notNull(),
  partNo: integer('part_no').notNull(),
  initiativeId: text('initiative_id').notNull(),
  amountCents: integer('amount_cents').notNull(),
}).existing();

export const reversals = sqliteTable('reversals', {
  id: text('id').primaryKey(),
  redemptionId: text('redemption_id')
    .notNull()
    .unique()
    .references(() => redemptions.id),
  reason: text('reason').notNull(),
  staffId: text('staff_id').notNull(),
  approvedBy: text('approved_by').notNull(),
  createdAt: text('created_at').notNull(),
  businessDay: text('business_day').notNull(),
  outboxSeq: integer('outbox_seq').notNull(),
});

/** A stack of vouchers an initiator collected, taken in for one initiative. Survives a crash: resume it. */
export const bulkIntakes = sqliteTable('bulk_intakes', {
  id: text('id').primaryKey(),
  initiativeId: text('initiative_id')
    .notNull()
    .references(() => initiatives.id),
  staffId: text('staff_id').notNull(),
  startedAt: text('started_at').notNull(),
  finishedAt: text('finished_at'),
  businessDay: text('business_day').notNull(),
  /**
   * The intake's record — codes scanned, accepted, their value — whenever it is not in its initiative's slot
   * (`initiatives.intake_id`): once finished, or when it lost the slot (an intake left open from before migration 0018
   * takes the slot back at its next scan). While it holds the slot, the initiative's row has its live record.
   */
  itemCount: integer('item_count').notNull().default(0),
  acceptedCount: integer('accepted_count').notNull().default(0),
  totalCents: integer('total_cents').notNull().default(0),
  /**
   * The range of redemption ids that holds its accepted scans: the smallest (kept by each scan, as `donation_days`
   * does for a day) and, once finished, the largest. Its accepted scans are found in that key range instead of through
   * an index on intake_id, which every donation would write.
   */
  firstRedemptionId: text('first_redemption_id'),
  lastRedemptionId: text('last_redemption_id'),
});

/**
 * The codes an intake refused, with what was typed (masked) and their number in the scan order, so the paper can be
 * found in the stack and handed back. An accepted scan is its redemption (`redemptions.intake_item_no`, migration
 * 0018); the items from before 0018 include the accepted ones. WITHOUT ROWID (migration 0013). The running totals
 * (0017) are kept for those older rows and no longer read: the intake's record is on its initiative's row or its own.
 */
export const bulkIntakeItems = sqliteTable(
  'bulk_intake_items',
  {
    intakeId: text('intake_id')
      .notNull()
      .references(() => bulkIntakes.id),
    itemNo: integer('item_no').notNull(),
    maskedCode: text('masked_code').notNull(),
    outcome: text('outcome').notNull(),
    redemptionId: text('redemption_id'),
    scannedAt: text('scanned_at').notNull(),
    /** The intake's running record up to and including this item, as written before migration 0018 (not read). */
    acceptedSoFar: integer('accepted_so_far').notNull().default(0),
    rejectedSoFar: integer('rejected_so_far').notNull().default(0),
    centsSoFar: integer('cents_so_far').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.intakeId, t.itemNo] })],
);

/** A business day, sealed by a Z report. Redemptions after the seal belong to the next day. */
export const dayCloses = sqliteTable('day_closes', {
  businessDay: text('business_day').primaryKey(),
  zNumber: integer('z_number').notNull().unique(),
  sealedAt: text('sealed_at').notNull(),
  sealedBy: text('sealed_by').notNull(),
  report: text('report').notNull(),
  outboxSeq: integer('outbox_seq').notNull(),
});

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
    /**
     * This device's live donations to it (reversed ones taken off), kept with the total in the donation's own update:
     * the split lives in each donation's row, so counting them would read every donation (migration 0015).
     */
    donationsHere: integer('donations_here').notNull().default(0),
    deadline: text('deadline'),
    /** Help wanted: how many volunteers, for what; which materials. */
    volunteersNeeded: integer('volunteers_needed').notNull().default(0),
    volunteerTasks: text('volunteer_tasks').notNull().default(''),
    materialsWanted: text('materials_wanted').notNull().default(''),
    /** The note with the latest status change (what to change, why rejected), also when another device made it. */
    statusNote: text('status_note'),
    /** Help offered as the central ledger counts it (all devices); this device's unsent offers come on top. */
    ledgerVolunteers: integer('ledger_volunteers').notNull().default(0),
    ledgerMaterials: integer('ledger_materials').notNull().default(0),
    /**
     * The intake open for it on this device, with its live record: codes scanned, accepted, their value (migration
     * 0018). One open intake per initiative per device; every accepted scan updates this row anyway (the total above),
     * so its record costs no page of its own. Given back to the intake's own row when it finishes.
     */
    intakeId: text('intake_id'),
    intakeItems: integer('intake_items').notNull().default(0),
    intakeAccepted: integer('intake_accepted').notNull().default(0),
    intakeCents: integer('intake_cents').notNull().default(0),
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
  // No index at all, so an event costs one page of its own: the unsent events are a range of `seq` from the mark
  // in sync_state (services/platform/outbox.ts `unsentEvent`, migration 0014); event_id is a random UUID the
  // ledger checks per tenant and the device never looks up.
);

/** What the device knows of its last sync; one row per key. */
/**
 * The audit trail of sensitive actions on this device (core/audit.ts): append-only (triggers refuse UPDATE and
 * DELETE, migration 0012), hash-chained, ids only. Sent to the ledger after every push (sync_state auditSentSeq).
 */
export const auditTrail = sqliteTable('audit_trail', {
  seq: integer('seq').primaryKey(),
  chain: text('chain').notNull(),
  at: text('at').notNull(),
  actorId: text('actor_id'),
  actorRole: text('actor_role'),
  action: text('action').notNull(),
  subject: text('subject'),
  detail: text('detail').notNull(),
  ok: integer('ok', { mode: 'boolean' }).notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

export const syncState = sqliteTable('sync_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export type DeviceRow = typeof devices.$inferSelect;
export type StaffRow = typeof staff.$inferSelect;
export type InitiativeRow = typeof initiatives.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
export type RedemptionRow = typeof redemptions.$inferSelect;

/**
 * Every receipt ever issued on this device. The number is the rowid with AUTOINCREMENT: sequential
 * and never reused, even if a row were ever removed. `doc` is the receipt as issued, so every
 * reprint says exactly the same (plus "KOPIE n").
 */
export const receipts = sqliteTable(
  'receipts',
  {
    receiptNo: integer('receipt_no').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    refId: text('ref_id').notNull(),
    doc: text('doc').notNull(),
    copies: integer('copies').notNull().default(0),
    issuedAt: text('issued_at').notNull(),
  },
  (t) => [uniqueIndex('receipts_kind_ref').on(t.kind, t.refId)],
);

/**
 * The print queue. A job is written after the donation has committed, in a transaction of its own;
 * a printer that is off only leaves the job waiting. Done jobs stay as the record of what was printed.
 */
export const printJobs = sqliteTable(
  'print_jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    receiptNo: integer('receipt_no')
      .notNull()
      .references(() => receipts.receiptNo),
    copy: integer('copy').notNull(),
    status: text('status', { enum: ['queued', 'done', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    output: text('output'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('print_jobs_open')
      .on(t.status)
      .where(sql`status <> 'done'`),
  ],
);

/** Every status change of an initiative, who (or the app itself) and when; written with its ledger event. */
export const initiativeHistory = sqliteTable(
  'initiative_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    initiativeId: text('initiative_id')
      .notNull()
      .references(() => initiatives.id),
    at: text('at').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status').notNull(),
    toStatus: text('to_status').notNull(),
    /** null when the app did it (target reached, deadline passed). */
    staffId: text('staff_id'),
    note: text('note'),
    /** The local event that made the change; 0 when the change was learned from the central ledger (made elsewhere). */
    outboxSeq: integer('outbox_seq').notNull(),
  },
  (t) => [index('initiative_history_initiative').on(t.initiativeId)],
);

/** A wijkregisseur's assessment of an initiative against the conditions (core/conditions.ts). */
export const initiativeAssessments = sqliteTable('initiative_assessments', {
  initiativeId: text('initiative_id')
    .primaryKey()
    .references(() => initiatives.id),
  /** JSON: { answers: { conditionId: { answer, note } }, referralNote } */
  assessment: text('assessment').notNull(),
  staffId: text('staff_id').notNull(),
  updatedAt: text('updated_at').notNull(),
  outboxSeq: integer('outbox_seq').notNull(),
});

/**
 * People who help an initiative, signed up at the counter. Personal data lives only here, never in
 * the outbox: erasure on request blanks these fields and keeps the fact (a ledger event).
 */
export const volunteers = sqliteTable(
  'volunteers',
  {
    id: text('id').primaryKey(),
    initiativeId: text('initiative_id')
      .notNull()
      .references(() => initiatives.id),
    /** 'volunteer' (time and skills) or 'material' (a pledge of things). */
    kind: text('kind', { enum: ['volunteer', 'material'] }).notNull(),
    name: text('name').notNull(),
    contact: text('contact').notNull(),
    /** What they can do, or which material and how many. */
    offer: text('offer').notNull(),
    quantity: integer('quantity'),
    availability: text('availability').notNull(),
    consentAt: text('consent_at').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    erasedAt: text('erased_at'),
  },
  (t) => [index('volunteers_initiative').on(t.initiativeId)],
);

/**
 * Double use the central ledger found: one of this device's donations and another donation of the
 * same voucher. A wijkregisseur settles it (keep the other, or count this one); the ledger decides.
 */
export const syncConflicts = sqliteTable('sync_conflicts', {
  contestedRedemptionId: text('contested_redemption_id').primaryKey(),
  countedRedemptionId: text('counted_redemption_id').notNull(),
  /** Which of the two is this device's: the one that does not count, or the one that does. */
  ours: text('ours', { enum: ['contested', 'counted'] }).notNull(),
  roundId: text('round_id').notNull(),
  valueCents: integer('value_cents').notNull(),
  state: text('state', { enum: ['open', 'kept-other', 'counted-this'] }).notNull(),
  note: text('note'),
  settledAt: text('settled_at'),
  /** Set when this device sent a settlement that the ledger has not confirmed yet. */
  settlementSentAt: text('settlement_sent_at'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});
export type SyncConflictRow = typeof syncConflicts.$inferSelect;

/**
 * Every answer of the ledger about this device's events other than accepted or duplicate: pending,
 * quarantined, overruled. Nothing is acknowledged in silence: each stays on Synchronisatie (what, why,
 * what to do) until a wijkregisseur or beheerder marks it handled.
 */
export const syncAttention = sqliteTable('sync_attention', {
  seq: integer('seq').primaryKey(),
  eventId: text('event_id').notNull(),
  type: text('type').notNull(),
  outcome: text('outcome', { enum: ['pending', 'quarantined', 'overruled'] }).notNull(),
  reason: text('reason'),
  /** The donation or initiative it is about, where the event names one. */
  subjectId: text('subject_id'),
  createdAt: text('created_at').notNull(),
  handledAt: text('handled_at'),
  handledBy: text('handled_by'),
});

/**
 * Donations the ledger holds as pending (from any device of the municipality; no personal data), and
 * their decision: a wijkregisseur confirms or rejects them here, and the ledger decides.
 */
export const ledgerReviews = sqliteTable('ledger_reviews', {
  redemptionId: text('redemption_id').primaryKey(),
  deviceId: text('device_id'),
  roundId: text('round_id').notNull(),
  valueCents: integer('value_cents').notNull(),
  districtCode: text('district_code'),
  /** JSON: [{ initiativeId, amountCents }] */
  parts: text('parts').notNull(),
  /** JSON: the ledger's flags */
  flags: text('flags').notNull(),
  state: text('state', { enum: ['pending', 'confirmed', 'rejected', 'reversed'] }).notNull(),
  note: text('note'),
  at: text('at').notNull(),
  decidedAt: text('decided_at'),
  /** Set when a wijkregisseur on this device sent a decision the ledger has not confirmed yet. */
  decisionSentAt: text('decision_sent_at'),
  updatedAt: text('updated_at').notNull(),
});

/** Reports of revoked devices of the municipality: what the ledger withheld from them, per initiative (JSON). */
export const ledgerDeviceReports = sqliteTable('ledger_device_reports', {
  deviceId: text('device_id').primaryKey(),
  report: text('report').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** Uitgevoerd: what was done and what it cost, as the wijkregisseur recorded it when closing the initiative. */
export const initiativeAccountability = sqliteTable('initiative_accountability', {
  initiativeId: text('initiative_id')
    .primaryKey()
    .references(() => initiatives.id),
  done: text('done').notNull(),
  spentCents: integer('spent_cents').notNull(),
  staffId: text('staff_id').notNull(),
  at: text('at').notNull(),
});

/** Registrations being filled in (Nieuw initiatief): saved on every change, so a resident can come back another day. */
export const initiativeDrafts = sqliteTable('initiative_drafts', {
  id: text('id').primaryKey(),
  /** The form's content (core/initiative-registration.ts), JSON. Holds personal data: deleted when submitted or dropped. */
  data: text('data').notNull(),
  step: text('step').notNull(),
  /** Set when the draft changes a registered initiative that was sent back for changes (status concept). */
  editsInitiativeId: text('edits_initiative_id').references(() => initiatives.id),
  createdBy: text('created_by').notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** What a registration adds to an initiative beyond the list's columns (no personal data here). */
export const initiativeDetails = sqliteTable('initiative_details', {
  initiativeId: text('initiative_id')
    .primaryKey()
    .references(() => initiatives.id),
  description: text('description').notNull(),
  buurt: text('buurt').notNull(),
  location: text('location').notNull(),
  /** [{item, amountCents}], JSON; they add up to the initiative's target. */
  budgetLines: text('budget_lines').notNull(),
  structuralCosts: text('structural_costs').notNull(),
  structuralCostsBy: text('structural_costs_by').notNull(),
  supportMethod: text('support_method').notNull(),
  supportDescription: text('support_description').notNull(),
  publicSpace: integer('public_space', { mode: 'boolean' }).notNull(),
  supportPercentage: integer('support_percentage'),
  executionDate: text('execution_date').notNull(),
  registeredBy: text('registered_by').notNull(),
  registeredAt: text('registered_at').notNull(),
});

/**
 * The initiator and co-organisers: personal data, on this device only (never in the outbox or the log),
 * visible to the roles that need it and erasable on request, like volunteers.
 */
export const initiativePeople = sqliteTable(
  'initiative_people',
  {
    id: text('id').primaryKey(),
    initiativeId: text('initiative_id')
      .notNull()
      .references(() => initiatives.id),
    role: text('role', { enum: ['initiator', 'co-organiser'] }).notNull(),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    email: text('email').notNull(),
    postcode: text('postcode').notNull(),
    houseNumber: text('house_number').notNull(),
    addition: text('addition').notNull(),
    /** AVG: consent to be contacted, with its date. */
    consentAt: text('consent_at').notNull(),
    erasedAt: text('erased_at'),
  },
  (t) => [index('initiative_people_initiative').on(t.initiativeId)],
);

/** Photos of an idea (with its draft, then its initiative) and of the result (the account). In the encrypted store. */
export const initiativePhotos = sqliteTable(
  'initiative_photos',
  {
    id: text('id').primaryKey(),
    initiativeId: text('initiative_id'),
    draftId: text('draft_id'),
    purpose: text('purpose', { enum: ['idee', 'verantwoording'] }).notNull(),
    mime: text('mime').notNull(),
    bytes: blob('bytes', { mode: 'buffer' }).notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    /**
     * The central ledger's copy: null = not there yet (or a draft's: never sent), 'stored' = the ledger has it,
     * 'fetch' = made on another device, the bytes are still to be fetched (`bytes` is empty until then).
     */
    ledgerState: text('ledger_state', { enum: ['stored', 'fetch'] }),
    /** SHA-256 of the bytes (hex), to check what is fetched. */
    sha256: text('sha256'),
  },
  (t) => [
    index('initiative_photos_initiative').on(t.initiativeId),
    index('initiative_photos_draft').on(t.draftId),
    index('initiative_photos_ledger').on(t.ledgerState),
  ],
);

/** Photos deleted on this device that the central ledger still has: it is told at the next sync. */
export const photoErasures = sqliteTable('photo_erasures', {
  id: text('id').primaryKey(),
  at: text('at').notNull(),
});

/**
 * The monitor's figures as the central ledger computed them (core/monitor.ts), the last ones this device
 * fetched: one row. Shown with their date, so nobody mistakes yesterday's figures for today's.
 */
export const ledgerMonitor = sqliteTable('ledger_monitor', {
  id: integer('id').primaryKey(),
  asOf: text('as_of').notNull(),
  fetchedAt: text('fetched_at').notNull(),
  json: text('json').notNull(),
});
