/** The audit trail from the administrator's side: read it, and verify every chain (server/ledger/audit.ts). */
import { readAudit, verifyLedgerAudit } from '../ledger/audit.js';
import { AdminError } from './ops.js';
import { recordId, wholeNumber } from './args.js';
import type { CommandContext } from './commands.js';

type Command = (c: CommandContext) => Promise<void>;

export const auditCommands: Readonly<Record<string, Command>> = {
  'audit:show': async ({ db, tenant, o, out }) => {
    const limit = wholeNumber(o.limit, '--limit', 1, 1000) ?? 50;
    const entries = await readAudit(db, tenant, o.device === undefined ? null : recordId(o.device, '--device'), limit);
    out(
      o.json
        ? entries
        : entries
            .map(
              (e) =>
                `${e.at}  ${(e.deviceId ?? 'ledger').slice(0, 8)} #${e.seq}  ${e.ok ? 'ok     ' : 'refused'}  ${e.action}${e.subject ? ` ${e.subject}` : ''}  by ${e.actorId ?? 'app'}${e.actorRole ? ` (${e.actorRole})` : ''}  ${JSON.stringify(e.detail)}`,
            )
            .join('\n') || 'No entries.',
    );
  },
  'audit:verify': async ({ db, tenant, out }) => {
    const result = await verifyLedgerAudit(db, tenant);
    if (result.broken.length > 0) {
      throw new AdminError(
        `The audit trail was changed: ${result.broken.map((b) => `${b.source === 'ledger' ? 'the ledger' : `device ${b.source}`} at entry ${b.seq}`).join('; ')}.`,
      );
    }
    out(`The audit trail verifies: ${result.entries} entries in ${result.chains} chain(s).`);
  },
};
