/**
 * `npm run server:admin -- <command> [options]`: the administrator's tool at the central ledger.
 * Run without a command for the list. Uses DATABASE_URL, or the embedded database of `npm run server`
 * (which must then be stopped: the embedded database is single-process).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openLedger } from '../db/connect.js';
import { ledgerConfig, lockDataDir, resourcesDir } from '../config.js';
import { themes, type Theme } from '../../core/initiative-status.js';
import { parseEuroInput } from '../../core/money.js';
import { demoInitiatives } from '../../core/demo-initiatives.js';
import { rounds } from '../db/schema.js';
import { and, eq } from 'drizzle-orm';
import {
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
  requireTenant,
  revokeDevice,
  setBudget,
  settle,
  upsertRound,
  createReenrolmentCode,
  decide,
  listPending,
  listQuarantinedEvents,
} from './ops.js';
import { listRefusals } from '../ledger/refusals.js';
import { deviceReport } from '../ledger/lost-devices.js';
import { lettersPdf } from './letters.js';

const HELP = `Buurtbalie central ledger — administrator commands

  tenant:create <id> <name>              a municipality, with the districts of resources/data/almelo-wijken.csv
  enrol-code --name <device>             a one-time enrolment code for a device [--hours 168]
  enrol-code --device <device-id>        a code to enrol that device again (new key; same id, sequence, chain)
  devices                                list devices (sequence, last seen, clock skew)
  revoke <device-id>                     revoke a device: its requests are refused from now on
  device:report <device-id>              what the ledger has of a device, and what it withheld since it was revoked
  round:create --id 2027-1 --value 7,50 --from 2027-01-01 --until 2027-06-30 [--status open]
  addresses:import <file.csv>            postcode,house_number,addition,street,buurt_code,district_code
  codes:generate --round <id>            one code per address that has none in this round yet
  print:export --round <id> --csv <file> [--pdf <file>] [--platform-url https://…]
  batch:import <file> [--accept-revoked] a device's offline batch file (same checks as a push); a revoked
                                         device's file only with --accept-revoked (you confirm where it came from)
  contested                              donations that did not count because the voucher counted elsewhere
  settle <redemption-id> --keep-other|--count-this --note "<why>"
  pending                                donations the ledger could not decide at once (flags say why)
  decide <redemption-id> --confirm|--reject --note "<why>"
  quarantine                             events stored but not taken in, refused requests kept, refusals counted
  initiative:add --title <t> --summary <s> --district <code> --theme <theme> --target 900,00 [--deadline 2027-05-01]
  budget:set --district <code> --amount 16916,00
  status                                 totals the ledger counts
  demo [--addresses 2000]                demo data: synthetic addresses, an open round with codes, demo initiatives

Every command takes --tenant <id> (default: almelo).`;

function money(text: string | undefined, what: string): number {
  const parsed = text ? parseEuroInput(text) : null;
  if (parsed === null) throw new AdminError(`${what}: write an amount like 7,50.`);
  return parsed;
}

function need(value: string | undefined, what: string): string {
  if (!value) throw new AdminError(`Missing ${what}. Run without arguments for help.`);
  return value;
}

async function main(argv: string[]): Promise<number> {
  const { values: o, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
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
      addresses: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...args] = positionals;
  if (!command || o.help) {
    process.stdout.write(`${HELP}\n`);
    return command ? 0 : 2;
  }
  const config = ledgerConfig();
  const tenant = o.tenant ?? config.defaultTenant;
  const release = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir);
  const ledger = await openLedger({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  const out = (value: unknown) => process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`);
  const districtsCsv = () => fs.readFileSync(path.join(resourcesDir, 'data', 'almelo-wijken.csv'), 'utf8');
  try {
    const db = ledger.db;
    if (command !== 'tenant:create') {
      // The default tenant exists from the first server start; a fresh database gets it here too.
      if (tenant === config.defaultTenant) await createTenant(db, tenant, 'Gemeente Almelo', districtsCsv());
      await requireTenant(db, tenant);
    }
    switch (command) {
      case 'tenant:create': {
        const made = await createTenant(db, need(args[0], 'tenant id'), need(args[1], 'tenant name'), districtsCsv());
        out(made.created ? `Created ${args[0]}.` : `${args[0]} exists already; nothing changed.`);
        break;
      }
      case 'enrol-code': {
        const hours = o.hours ? Number(o.hours) : undefined;
        const made = o.device
          ? await createReenrolmentCode(db, tenant, o.device, hours)
          : await createEnrolmentCodeFor(db, tenant, need(o.name, '--name'), hours);
        out(o.json ? made : `Enrolment code for "${o.device ?? o.name}": ${made.code}\nValid once, until ${made.expiresAt}.`);
        break;
      }
      case 'devices':
        out(await listDevices(db, tenant));
        break;
      case 'revoke':
        await revokeDevice(db, tenant, need(args[0], 'device id'));
        out(`Revoked ${args[0]}.`);
        break;
      case 'round:create': {
        const status = (o.status ?? 'planned') as 'planned' | 'open' | 'closed';
        if (!['planned', 'open', 'closed'].includes(status)) throw new AdminError('--status is planned, open or closed.');
        await upsertRound(db, tenant, {
          id: need(o.id, '--id'),
          valueCents: money(o.value, '--value'),
          activeFrom: need(o.from, '--from'),
          activeUntil: need(o.until, '--until'),
          status,
        });
        out(`Round ${o.id} saved (${status}).`);
        break;
      }
      case 'addresses:import': {
        const result = await importAddresses(db, tenant, fs.readFileSync(need(args[0], 'file'), 'utf8'));
        out(`${result.added} addresses added, ${result.unchanged} already known, ${result.problems.length} lines with problems.`);
        for (const p of result.problems.slice(0, 50)) out(`  ${p}`);
        break;
      }
      case 'codes:generate':
        out(`${(await generateCodes(db, tenant, need(o.round, '--round'))).generated} codes generated.`);
        break;
      case 'print:export': {
        const roundId = need(o.round, '--round');
        const [round] = await db
          .select()
          .from(rounds)
          .where(and(eq(rounds.tenantId, tenant), eq(rounds.id, roundId)));
        if (!round) throw new AdminError(`No round ${roundId}.`);
        const lines = await printFile(db, tenant, roundId, o['platform-url'] ?? 'https://www.almelobuurtsamen.nl');
        fs.writeFileSync(need(o.csv, '--csv'), printFileCsv(lines), { mode: 0o600 });
        if (o.pdf)
          fs.writeFileSync(o.pdf, await lettersPdf(lines, round.valueCents, round.activeUntil, path.join(resourcesDir, 'fonts')), {
            mode: 0o600,
          });
        out(`${lines.length} letters written to ${o.csv}${o.pdf ? ` and ${o.pdf}` : ''}. These files hold valid codes: keep them safe.`);
        break;
      }
      case 'batch:import': {
        const answer = await importBatchFile(db, fs.readFileSync(need(args[0], 'file'), 'utf8'), {
          acceptRevoked: Boolean(o['accept-revoked']),
        });
        const counts: Record<string, number> = {};
        for (const r of answer.results) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
        out({ deviceId: answer.deviceId, expectedSeq: answer.expectedSeq, ...counts });
        break;
      }
      case 'contested':
        out(await listContested(db, tenant));
        break;
      case 'pending':
        out(await listPending(db, tenant));
        break;
      case 'decide': {
        if (Boolean(o.confirm) === Boolean(o.reject)) throw new AdminError('Choose --confirm or --reject.');
        await decide(db, tenant, need(args[0], 'redemption id'), o.confirm ? 'confirm' : 'reject', need(o.note, '--note'));
        out('Decided.');
        break;
      }
      case 'quarantine':
        out({ events: await listQuarantinedEvents(db, tenant), ...(await listRefusals(db, tenant)) });
        break;
      case 'device:report': {
        const report = await deviceReport(db, tenant, need(args[0], 'device id'));
        if (!report) throw new AdminError(`No device ${args[0]} in ${tenant}.`);
        out(report);
        break;
      }
      case 'settle': {
        if (Boolean(o['keep-other']) === Boolean(o['count-this'])) throw new AdminError('Choose --keep-other or --count-this.');
        await settle(db, tenant, need(args[0], 'redemption id'), o['keep-other'] ? 'keep-other' : 'count-this', need(o.note, '--note'));
        out('Settled.');
        break;
      }
      case 'initiative:add': {
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
        break;
      }
      case 'budget:set':
        await setBudget(db, tenant, need(o.district, '--district'), money(o.amount, '--amount'));
        out('Budget saved.');
        break;
      case 'status':
        out(await ledgerTotals(db, tenant));
        break;
      case 'demo': {
        const count = Number(o.addresses ?? 2000);
        const districts = districtsCsv()
          .trim()
          .split(/\r?\n/)
          .slice(1)
          .map((l) => l.split(',')[0] ?? '');
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
        out(`Demo: ${count} synthetic addresses, round ${roundId} with ${generated} new codes, ${added} initiatives.`);
        break;
      }
      default:
        throw new AdminError(`Unknown command "${command}". Run without arguments for help.`);
    }
    return 0;
  } finally {
    await ledger.close();
    release();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // AdminError is a message for the administrator; anything else is a failure with its cause.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(error instanceof AdminError ? `${message}\n` : `Failed: ${message}\n`);
    process.exit(1);
  },
);
