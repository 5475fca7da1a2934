/**
 * `npm run server:admin -- <command> [options]`: the administrator's tool at the central ledger.
 * Run without a command for the list. Uses DATABASE_URL, or the embedded database of `npm run server`
 * (which must then be stopped: the embedded database is single-process).
 */
import { parseArgs } from 'node:util';
import { openLedger } from '../db/connect.js';
import { defaultTenant, ledgerConfig, lockDataDir } from '../config.js';
import { AdminError, createTenant, requireTenant } from './ops.js';
import { commands, optionSpec } from './commands.js';

const HELP = `Buurtbalie central ledger — administrator commands

  tenant:create <id> <name> --districts <file.csv> --platform "<platform name>" [--platform-url https://…] [--value 7,50]
                                         a municipality with its own districts (code,name,kind), its platform's name
                                         and website (receipts, letters, screens) and the voucher value for new rounds
  tenant:show                            the municipality's name, platform and voucher value
  enrol-code --name <device>             a one-time enrolment code for a device [--hours 168]
  enrol-code --device <device-id>        a code to enrol that device again (new key; same id, sequence, chain)
  devices                                list devices (sequence, last seen, clock skew)
  revoke <device-id>                     revoke a device: its requests are refused from now on
  device:report <device-id>              what the ledger has of a device, and what it withheld since it was revoked
  round:create --id 2027-1 [--value 7,50] --from 2027-01-01 --until 2027-06-30 [--status open]
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
  feed:restored                          after restoring the database by other means than scripts/ledger-restore.sh,
                                         before devices sync: devices pull again what is numbered anew
  initiative:add --title <t> --summary <s> --district <code> --theme <theme> --target 900,00 [--deadline 2027-05-01]
  budget:reserve --district <code> --amount 16916,00 --reason "<why>" [--year 2027]
                                         set a district's reservation for a year (the difference is a line in the account)
  budget:transfer --from <code> --to <code> --amount 500,00 --reason "<why>" [--year 2027]
  budget:payout --initiative <number> --amount 900,00 --reference <payment ref> [--reason "<text>"]
                                         record a payment to a funded initiative (made in the financial system)
  budget:show [--year 2027] [--json]     the budget account per district: reserved, transfers, collected,
                                         committed, paid, came back, room (docs/budget.md)
  budget:history [--year 2027]           every line of the account, with who and why
  partner:create --name "Website …" [--scopes initiatives:read,vouchers:redeem,initiatives:register]
                                         a credential for the platform's website (token shown once)
  partner:list                           partner credentials (never their secrets)
  partner:revoke <id>                    revoke one: refused from now on
  web:import <file.csv> --partner <id>   the website's daily export of redemptions (key,code,given_at,parts),
                                         with the same checks as the partner API; a bad line and nothing is imported
  status                                 totals the ledger counts
  demo [--addresses 2000]                demo data: synthetic addresses, an open round with codes, demo initiatives
  audit:show [--device <id>] [--limit 50] [--json]
                                         the audit trail: the ledger's own administration, or one device's
  audit:verify                           check every chain of the trail (the ledger's and each device's); exit 1 when one breaks

Every command takes --tenant <id> (default: almelo).`;

async function main(argv: string[]): Promise<number> {
  const { values: o, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: optionSpec,
  });
  const [command, ...args] = positionals;
  if (!command || o.help) {
    process.stdout.write(`${HELP}\n`);
    return command ? 0 : 2;
  }
  // Known before the database is opened: a typo never takes the embedded database's lock.
  const run = Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (!run) throw new AdminError(`Unknown command "${command}". Run without arguments for help.`);
  const config = ledgerConfig();
  const tenant = o.tenant ?? config.defaultTenant;
  const release = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir);
  const ledger = await openLedger({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  const out = (value: unknown) => process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`);
  try {
    const db = ledger.db;
    if (command !== 'tenant:create') {
      // The default tenant exists from the first server start; a fresh database gets it here too.
      if (tenant === config.defaultTenant) {
        const first = defaultTenant();
        await createTenant(db, tenant, first.name, first.districtsCsv, first.profile);
      }
      await requireTenant(db, tenant);
    }
    await run({ db, tenant, o, args, out, defaultTenantId: config.defaultTenant });
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
