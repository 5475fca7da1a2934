/**
 * The names of every API call, without schemas, so the preload script stays tiny and cannot drift:
 * contract.ts is typed as a record over exactly these names.
 * Channel names are `domain:verb`; the renderer sees them as camelCase methods (`staff:reset-pin`
 * → `staffResetPin`).
 */
export const apiNames = [
  'app:status',
  'setup:complete',
  'audit:list',
  'updates:status',
  'updates:postpone',
  'updates:check',
  'updates:channel',
  'store:backups',
  'store:backup',
  'store:restore',
  'recovery:backups',
  'recovery:restore',
  'session:current',
  'session:login',
  'session:unlock',
  'session:lock',
  'session:logout',
  'session:heartbeat',
  'staff:login-options',
  'staff:list',
  'staff:create',
  'staff:set-disabled',
  'staff:set-role',
  'staff:reset-pin',
  'staff:change-own-pin',
  'settings:get',
  'settings:update',
  'districts:list',
  'monitor:view',
  'budget:transfer',
  'feedback:give',
  'feedback:remark',
  'reports:round-evaluation',
  'reports:annual',
  'rounds:list',
  'initiatives:list',
  'initiatives:get',
  'initiatives:assess',
  'initiatives:transition',
  'vouchers:check',
  'vouchers:redeem',
  'redemptions:list',
  'redemptions:reverse',
  'staff:approvers',
  'intakes:start',
  'intakes:scan',
  'intakes:finish',
  'intakes:get',
  'intakes:list-open',
  'day:report',
  'day:close',
  'day:list-closed',
  'registry:import',
  'receipts:reprint',
  'day:print',
  'print:status',
  'print:retry',
  'print:open-folder',
  'print:failed-to-pdf',
  'print:test',
  'volunteers:sign-up',
  'volunteers:list',
  'volunteers:export',
  'volunteers:erase',
  'sync:status',
  'sync:run',
  'sync:enrol',
  'sync:conflicts',
  'sync:settle',
  'sync:attention',
  'sync:decide',
  'sync:handled',
  'sync:export',
  'initiatives:draft-save',
  'initiatives:draft-get',
  'initiatives:drafts',
  'initiatives:draft-delete',
  'initiatives:register',
  'initiatives:edit',
  'initiatives:list-people',
  'initiatives:person-export',
  'initiatives:person-erase',
  'photos:add',
  'photos:list',
  'photos:delete',
] as const;
export type ApiName = (typeof apiNames)[number];

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Camel<Capitalize<Tail>>}` : S;
export type MethodName<N extends string> = N extends `${infer Domain}:${infer Verb}` ? `${Domain}${Capitalize<Camel<Verb>>}` : never;

export function toMethodName<N extends ApiName>(name: N): MethodName<N> {
  const [domain = '', verb = ''] = name.split(':');
  const camelVerb = verb.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  return (domain + camelVerb.charAt(0).toUpperCase() + camelVerb.slice(1)) as MethodName<N>;
}

export function isApiName(value: unknown): value is ApiName {
  return typeof value === 'string' && (apiNames as readonly string[]).includes(value);
}
