/**
 * Staff roles and what each may do. Least privilege: a role gets exactly the capabilities its work
 * needs, and the API contract names the capability each call requires.
 */

export const roles = ['baliemedewerker', 'wijkondersteuner', 'wijkregisseur', 'beheerder'] as const;
export type Role = (typeof roles)[number];

export const capabilities = [
  'counter', // redeem vouchers, bulk intake, register initiatives and volunteers, receipts, day close
  'assess', // assess initiatives, approve reversals, settle conflicts, district budget
  'monitor', // read the monitor and district figures
  'administer', // staff, device, printers, rounds, settings
  'sync', // start a sync run by hand
] as const;
export type Capability = (typeof capabilities)[number];

const grants: Record<Role, readonly Capability[]> = {
  baliemedewerker: ['counter', 'sync'],
  wijkondersteuner: ['counter', 'sync'],
  wijkregisseur: ['assess', 'monitor', 'sync'],
  beheerder: ['administer', 'monitor', 'sync'],
};

export function can(role: Role, capability: Capability): boolean {
  return grants[role].includes(capability);
}

export function capabilitiesOf(role: Role): readonly Capability[] {
  return grants[role];
}
