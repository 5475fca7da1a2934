/**
 * The administrator's commands at the ledger, one entry each (the CLI in cli.ts parses the arguments,
 * opens the database and runs the entry). Every action that changes something is audited in ops.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LedgerDb } from '../db/connect.js';
import { defaultTenant, resourcesDir } from '../config.js';
import { themes, type Theme } from '../../core/initiative-status.js';
import { demoInitiatives } from '../../core/demo-initiatives.js';
import { districts as districtsTable, rounds } from '../db/schema.js';
import { and, eq } from 'drizzle-orm';
import {
  tenantProfile,
  AdminError,
  addInitiative,
  createEnrolmentCodeFor,
  createTenant,
  generateCodes,
  importAddresses,
  importBatchFile,
  ledgerTotals,
  listContested,
  listDevices,
  printFile,
  printFileCsv,
  revokeDevice,
  settle,
  upsertRound,
  createReenrolmentCode,
  decide,
  listPending,
  listQuarantinedEvents,
} from './ops.js';
import { listRefusals } from '../ledger/refusals.js';
import { deviceReport } from '../ledger/lost-devices.js';
import { markAllFeedsRestored } from '../ledger/changes.js';
import { lettersPdf } from './letters.js';
import { budgetCommands } from './budget-commands.js';
import { partnerCommands } from './partner-commands.js';
import { auditCommands } from './audit-commands.js';
import { money, need, readTextFile, recordId, wholeNumber } from './args.js';
import { apportion } from '../../core/money.js';
import { reserve } from '../ledger/budget.js';

/** The options every command may take (node:util parseArgs). */
export const optionSpec = {
  tenant: { type: 'string' },
  name: { type: 'string' },
  hours: { type: 'string' },
  id: { type: 'string' },
  value: { type: 'string' },
  from: { type: 'string' },
  until: { type: 'string' },
  status: { type: 'string' },
  round: { type: 'string' },
  csv: { type: 'string' },
  pdf: { type: 'string' },
  'platform-url': { type: 'string' },
  'keep-other': { type: 'boolean' },
  'count-this': { type: 'boolean' },
  'accept-revoked': { type: 'boolean' },
  device: { type: 'string' },
  confirm: { type: 'boolean' },
  reject: { type: 'boolean' },
  note: { type: 'string' },
  title: { type: 'string' },
  summary: { type: 'string' },
  district: { type: 'string' },
  theme: { type: 'string' },
  target: { type: 'string' },
  deadline: { type: 'string' },
  amount: { type: 'string' },
  year: { type: 'string' },
  to: { type: 'string' },
  reason: { type: 'string' },
  reference: { type: 'string' },
  initiative: { type: 'string' },
  scopes: { type: 'string' },
  partner: { type: 'string' },
  districts: { type: 'string' },
  platform: { type: 'string' },
  addresses: { type: 'string' },
  json: { type: 'boolean' },
  limit: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface CommandContext {
  db: LedgerDb;
  tenant: string;
  o: { [K in keyof typeof optionSpec]?: (typeof optionSpec)[K]['type'] extends 'boolean' ? boolean : string };
  args: string[];
  out: (value: unknown) => void;
  /** The municipality a fresh ledger starts with (resources/data/almelo-tenant.json). */
  defaultTenantId: string;
}

export const commands: Readonly<Record<string, (c: CommandContext) => Promise<void>>> = {
  'tenant:create': async ({ db, args, o, out, defaultTenantId }) => {
    const id = need(args[0], 'tenant id');
    const first = defaultTenant();
    let districtsCsv: string;
    if (o.districts) districtsCsv = readTextFile(o.districts, '--districts');
    else if (id === defaultTenantId) districtsCsv = first.districtsCsv;
    else
      throw new AdminError(
        '--districts <file.csv>: the municipality’s districts and villages (wijk_code,wijk_name,kind), e.g. resources/data/almelo-wijken.csv.',
      );
    const isDefault = id === defaultTenantId;
    const name = args[1] ?? (isDefault ? first.name : need(args[1], 'tenant name'));
    const made = await createTenant(db, id, name, districtsCsv, {
      platformName: o.platform ?? (isDefault ? first.profile.platformName : need(o.platform, '--platform "<platform name>"')),
      platformUrl: o['platform-url'] ?? (isDefault ? first.profile.platformUrl : null),
      voucherValueCents: o.value ? money(o.value, '--value') : isDefault ? first.profile.voucherValueCents : 750,
    });
    out(made.created ? `Created ${id}.` : `${id} exists already; nothing changed.`);
  },
  'tenant:show': async ({ db, tenant, out }) => {
    out(await tenantProfile(db, tenant));
  },
  'enrol-code': async ({ db, tenant, o, out }) => {
    const hours = wholeNumber(o.hours, '--hours', 1, 24 * 90);
    const made = o.device
      ? await createReenrolmentCode(db, tenant, recordId(o.device, '--device'), hours)
      : await createEnrolmentCodeFor(db, tenant, need(o.name, '--name'), hours);
    out(o.json ? made : `Enrolment code for "${o.device ?? o.name}": ${made.code}\nValid once, until ${made.expiresAt}.`);
  },
  devices: async ({ db, tenant, out }) => {
    out(await listDevices(db, tenant));
  },
  revoke: async ({ db, tenant, args, out }) => {
    await revokeDevice(db, tenant, recordId(args[0], 'device id'));
    out(`Revoked ${args[0]}.`);
  },
  'round:create': async ({ db, tenant, o, out }) => {
    const status = (o.status ?? 'planned') as 'planned' | 'open' | 'closed';
    if (!['planned', 'open', 'closed'].includes(status)) throw new AdminError('--status is planned, open or closed.');
    await upsertRound(db, tenant, {
      id: need(o.id, '--id'),
      valueCents: o.value ? money(o.value, '--value') : (await tenantProfile(db, tenant)).voucherValueCents,
      activeFrom: need(o.from, '--from'),
      activeUntil: need(o.until, '--until'),
      status,
    });
    out(`Round ${o.id} saved (${status}).`);
  },
  'addresses:import': async ({ db, tenant, args, out }) => {
    const result = await importAddresses(db, tenant, readTextFile(args[0], 'file'));
    out(`${result.added} addresses added, ${result.unchanged} already known, ${result.problems.length} lines with problems.`);
    for (const p of result.problems.slice(0, 50)) out(`  ${p}`);
  },
  'codes:generate': async ({ db, tenant, o, out }) => {
    out(`${(await generateCodes(db, tenant, need(o.round, '--round'))).generated} codes generated.`);
  },
  'print:export': async ({ db, tenant, o, out }) => {
    const roundId = need(o.round, '--round');
    const [round] = await db
      .select()
      .from(rounds)
      .where(and(eq(rounds.tenantId, tenant), eq(rounds.id, roundId)));
    if (!round) throw new AdminError(`No round ${roundId}.`);
    const profile = await tenantProfile(db, tenant);
    const platformUrl = o['platform-url'] ?? profile.platformUrl;
    if (!platformUrl) throw new AdminError('--platform-url: the website the letters’ QR codes lead to (this municipality has none set).');
    const lines = await printFile(db, tenant, roundId, platformUrl);
    fs.writeFileSync(need(o.csv, '--csv'), printFileCsv(lines), { mode: 0o600 });
    if (o.pdf)
      fs.writeFileSync(
        o.pdf,
        await lettersPdf(lines, round.valueCents, round.activeUntil, path.join(resourcesDir, 'fonts'), {
          municipality: profile.name,
          platform: profile.platformName,
        }),
        { mode: 0o600 },
      );
    out(`${lines.length} letters written to ${o.csv}${o.pdf ? ` and ${o.pdf}` : ''}. These files hold valid codes: keep them safe.`);
  },
  'batch:import': async ({ db, o, args, out }) => {
    const answer = await importBatchFile(db, readTextFile(args[0], 'file'), {
      acceptRevoked: Boolean(o['accept-revoked']),
    });
    const counts: Record<string, number> = {};
    for (const r of answer.results) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
    out({ deviceId: answer.deviceId, expectedSeq: answer.expectedSeq, ...counts });
  },
  contested: async ({ db, tenant, out }) => {
    out(await listContested(db, tenant));
  },
  pending: async ({ db, tenant, out }) => {
    out(await listPending(db, tenant));
  },
  decide: async ({ db, tenant, o, args, out }) => {
    if (Boolean(o.confirm) === Boolean(o.reject)) throw new AdminError('Choose --confirm or --reject.');
    await decide(db, tenant, recordId(args[0], 'redemption id'), o.confirm ? 'confirm' : 'reject', need(o.note, '--note'));
    out('Decided.');
  },
  'feed:restored': async ({ db, out }) => {
    const n = await markAllFeedsRestored(db);
    out(`Marked the change feed of ${n} municipality(ies) as restored: every device moves its pull cursor back to the feed as it is now.`);
  },
  quarantine: async ({ db, tenant, out }) => {
    out({ events: await listQuarantinedEvents(db, tenant), ...(await listRefusals(db, tenant)) });
  },
  'device:report': async ({ db, tenant, args, out }) => {
    const report = await deviceReport(db, tenant, recordId(args[0], 'device id'));
    if (!report) throw new AdminError(`No device ${args[0]} in ${tenant}.`);
    out(report);
  },
  settle: async ({ db, tenant, o, args, out }) => {
    if (Boolean(o['keep-other']) === Boolean(o['count-this'])) throw new AdminError('Choose --keep-other or --count-this.');
    await settle(db, tenant, recordId(args[0], 'redemption id'), o['keep-other'] ? 'keep-other' : 'count-this', need(o.note, '--note'));
    out('Settled.');
  },
  'initiative:add': async ({ db, tenant, o, out }) => {
    const theme = need(o.theme, '--theme') as Theme;
    if (!themes.includes(theme)) throw new AdminError(`--theme is one of: ${themes.join(', ')}`);
    const made = await addInitiative(db, tenant, {
      title: need(o.title, '--title'),
      summary: need(o.summary, '--summary'),
      districtCode: need(o.district, '--district'),
      theme,
      status: 'spaarfase',
      targetCents: money(o.target, '--target'),
      deadline: o.deadline ?? null,
    });
    out(o.json ? made : `Initiative ${made.number} added (${made.id}).`);
  },
  ...budgetCommands,
  ...partnerCommands,
  ...auditCommands,
  status: async ({ db, tenant, out }) => {
    out(await ledgerTotals(db, tenant));
  },
  demo: async ({ db, tenant, o, out }) => {
    const count = Number(o.addresses ?? 2000);
    const districts = (await db.select({ code: districtsTable.code }).from(districtsTable).where(eq(districtsTable.tenantId, tenant))).map(
      (d) => d.code,
    );
    // Synthetic addresses (never real-looking personal data): "Demostraat" in Almelo's postcode range.
    const lines = ['postcode,house_number,addition,street,buurt_code,district_code'];
    for (let i = 0; i < count; i++) {
      lines.push(`760${i % 10}DM,${Math.floor(i / 10) + 1},,Demostraat (synthetisch),,${districts[i % districts.length]}`);
    }
    await importAddresses(db, tenant, lines.join('\n'));
    const now = new Date();
    const year = now.getUTCFullYear();
    const roundId = `${year}-${now.getUTCMonth() < 6 ? 1 : 2}`;
    await upsertRound(db, tenant, {
      id: roundId,
      valueCents: 750,
      activeFrom: new Date(Date.UTC(year, now.getUTCMonth() - 1, 1)).toISOString(),
      activeUntil: new Date(Date.UTC(year, now.getUTCMonth() + 3, 1) - 1000).toISOString(),
      status: 'open',
    });
    const { generated } = await generateCodes(db, tenant, roundId);
    let added = 0;
    for (const d of demoInitiatives.filter((i) => ['spaarfase', 'in_beoordeling', 'ingediend'].includes(i.status))) {
      await addInitiative(db, tenant, {
        title: d.title,
        summary: d.summary,
        districtCode: d.district,
        theme: d.theme,
        status: d.status,
        targetCents: d.targetCents,
        deadline: new Date(now.getTime() + d.days * 86_400_000).toISOString().slice(0, 10),
      });
      added += 1;
    }
    // The council's € 203,000 for vouchers this year, spread over the districts like the (synthetic) addresses.
    const perDistrict = districts.map((_, k) => Math.floor(count / districts.length) + (k < count % districts.length ? 1 : 0));
    const shares = apportion(20_300_000, perDistrict);
    for (const [i, districtCode] of districts.entries()) {
      await reserve(
        db,
        tenant,
        { year, districtCode, totalCents: shares[i] ?? 0, reason: 'Demo: € 203.000 van de raad, verdeeld naar huishoudens' },
        { actor: 'beheerder demo' },
      );
    }
    out(
      `Demo: ${count} synthetic addresses, round ${roundId} with ${generated} new codes, ${added} initiatives, € 203.000 reserved for ${year}.`,
    );
  },
};
