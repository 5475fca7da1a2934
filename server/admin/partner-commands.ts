/** Partner credentials from the administrator's side: made (the token shown once), listed, revoked. */
import { partnerScopes, type PartnerScope } from '../../core/partner-api.js';
import { createPartner, listPartners, revokePartner } from '../ledger/partners.js';
import { AdminError, audit } from './ops.js';
import { need } from './args.js';
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
  'partner:revoke': async ({ db, tenant, args, out }) => {
    const id = need(args[0], 'credential id');
    if (!(await revokePartner(db, tenant, id))) throw new AdminError(`No active partner credential ${id} in this municipality.`);
    await audit(db, tenant, 'partner:revoke', { id });
    out(`Revoked ${id}.`);
  },
};
