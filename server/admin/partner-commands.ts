/** Partner credentials from the administrator's side: made (the token shown once), listed, revoked. */
import { partnerScopes, type PartnerScope } from '../../core/partner-api.js';
import { createPartner, listPartners, partnerById, revokePartner } from '../ledger/partners.js';
import { importWebRedemptions } from '../ledger/web-import.js';
import { AdminError, audit } from './ops.js';
import { need, readTextFile } from './args.js';
import type { CommandContext } from './commands.js';

type Command = (c: CommandContext) => Promise<void>;

export const partnerCommands: Readonly<Record<string, Command>> = {
  'partner:create': async ({ db, tenant, o, out }) => {
    const name = need(o.name, '--name');
    const scopes = (o.scopes ?? partnerScopes.join(',')).split(',').map((s) => s.trim()) as PartnerScope[];
    const wrong = scopes.filter((s) => !partnerScopes.includes(s));
    if (wrong.length > 0) throw new AdminError(`--scopes: one or more of ${partnerScopes.join(', ')} (not ${wrong.join(', ')}).`);
    const made = await createPartner(db, tenant, name, scopes);
    await audit(db, tenant, 'partner:create', { id: made.id, name, scopes });
    out(
      o.json
        ? { id: made.id, token: made.token, scopes }
        : `Partner credential "${name}" (${made.id}), scopes ${scopes.join(', ')}.\nToken (shown only now; give it to the supplier over a safe channel):\n${made.token}`,
    );
  },
  'partner:list': async ({ db, tenant, out }) => {
    out(await listPartners(db, tenant));
  },
  'web:import': async ({ db, tenant, args, o, out }) => {
    const file = need(args[0], 'the CSV file');
    const partner = await partnerById(db, tenant, need(o.partner, '--partner <credential id>'));
    if (!partner) throw new AdminError('No active partner credential with that id in this municipality (partner:list).');
    if (!partner.scopes.includes('vouchers:redeem'))
      throw new AdminError('That credential may not redeem vouchers (scope vouchers:redeem).');
    const csv = readTextFile(file, 'the CSV file');
    const report = await importWebRedemptions(db, partner, csv);
    await audit(db, tenant, 'web:import', {
      partner: partner.id,
      lines: report.lines,
      counted: report.counted,
      refused: report.refused.length,
      problems: report.problems.length,
    });
    if (o.json) return out(report);
    if (report.problems.length > 0) {
      throw new AdminError(
        `Nothing imported: ${report.problems.length} line(s) not well-formed.\n${report.problems.map((p) => `  line ${p.line}: ${p.problem}`).join('\n')}`,
      );
    }
    out(
      [
        `${report.lines} line(s): ${report.counted} counted, ${report.again} imported before (unchanged), ${report.refused.length} refused.`,
        ...report.refused.map((r) => `  line ${r.line} (${r.key}): ${r.code} — ${r.message}`),
      ].join('\n'),
    );
  },
  'partner:revoke': async ({ db, tenant, args, out }) => {
    const id = need(args[0], 'credential id');
    if (!(await revokePartner(db, tenant, id))) throw new AdminError(`No active partner credential ${id} in this municipality.`);
    await audit(db, tenant, 'partner:revoke', { id });
    out(`Revoked ${id}.`);
  },
};
