/**
 * Child process for tests/integration/crash.test.ts: opens the store like the app does, logs in the
 * demo clerk and redeems demo vouchers one after another, printing CONFIRMED for each donation only
 * after the call returned (the moment a resident would see "opgeslagen"). The parent SIGKILLs it.
 * In mode `mixed`, every other voucher is scanned into a bulk intake instead (the clerk's open intake for the second
 * initiative, gone on with after each restart): CONFIRMED then names the intake and the paper's number.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startApp } from '../../services/app';
import { silentLogger } from '../../services/platform/deps';
import { demoVoucherCodes } from '../../services/setup/demo';
import { plainKeyWrapper } from '../../services/platform/store-key';
import { formatVoucherCode } from '../../core/voucher-code';

const [dir = '', startText = '0', mode = 'redeem'] = process.argv.slice(2);
const root = path.resolve(__dirname, '..', '..');
const say = (line: string) => fs.writeSync(1, `${line}\n`);

async function main(): Promise<void> {
  const app = startApp({
    dataDir: dir,
    resourcesDir: path.join(root, 'resources'),
    migrationsFolder: path.join(root, 'db', 'migrations'),
    host: { kind: 'browser', version: 'crash-test' },
    log: silentLogger,
    keyWrapper: plainKeyWrapper,
    envKey: process.env.BUURTBALIE_STORE_KEY,
  });
  const c = app.connect();
  const options = await c.call('staff:login-options', {});
  if (!options.ok) throw new Error('store not usable');
  const clerk = options.value.find((o) => o.name === 'Demo Baliemedewerker');
  await c.call('session:login', { staffId: clerk?.id, pin: '24680' });
  const initiatives = await c.call('initiatives:list', { status: 'spaarfase' });
  if (!initiatives.ok) throw new Error('no initiatives');
  const [a, b] = initiatives.value;
  const codes = demoVoucherCodes();
  // Starting an intake for an initiative the clerk has one open for goes on with that one (services/counter/intakes.ts).
  const intake = mode === 'mixed' ? await c.call('intakes:start', { initiativeId: b!.id }) : null;
  if (intake && !intake.ok) throw new Error(`no intake: ${intake.error.code}`);
  say(`READY ${process.pid} ${process.ppid}`);
  for (let i = Number(startText); i < codes.length; i++) {
    const code = formatVoucherCode(codes[i]!);
    if (intake?.ok && i % 2 === 1) {
      const scanned = await c.call('intakes:scan', { intakeId: intake.value.id, codes: [code] });
      if (!scanned.ok) throw new Error(`scan failed: ${scanned.error.code}`);
      const item = scanned.value.items[0]!;
      if (item.accepted) say(`CONFIRMED ${i} intake:${intake.value.id}:${item.itemNo}`);
      else say(`REFUSED ${i} INTAKE:${item.outcome}`);
      continue;
    }
    // Every third voucher is split over two initiatives: more rows in one transaction.
    const parts =
      i % 3 === 0
        ? [
            { initiativeId: a!.id, amountCents: 500 },
            { initiativeId: b!.id, amountCents: 250 },
          ]
        : [{ initiativeId: a!.id, amountCents: 750 }];
    const result = await c.call('vouchers:redeem', { code, parts });
    if (result.ok) say(`CONFIRMED ${i} ${result.value.id}`);
    else say(`REFUSED ${i} ${result.error.code}:${String((result.error.details?.check as { status?: string } | undefined)?.status)}`);
  }
  say('DONE');
}

main().catch((error: unknown) => {
  say(`ERROR ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
