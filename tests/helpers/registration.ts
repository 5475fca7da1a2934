import { emptyDraft, type RegistrationDraft } from '../../core/initiative-registration';

/** A registration with every rule met (three addresses, consent, budget of € 750,00, dates after 2026-11-22). */
export function completeDraft(): RegistrationDraft {
  return {
    ...emptyDraft(),
    title: 'Jeu-de-boulesbaan bij de Esch',
    summary: 'Een baan voor jeu de boules, open voor iedereen.',
    description: 'Een jeu-de-boulesbaan op het grasveld bij de Esch, zodat buren elkaar vaker ontmoeten.',
    theme: 'ontmoeting',
    districtCode: 'WK014113',
    buurt: 'Esch',
    location: 'Grasveld hoek Eschlaan',
    budgetLines: [
      { item: 'Grind en randen', amountCents: 45_000 },
      { item: 'Bankje', amountCents: 30_000 },
    ],
    structuralCosts: 'ja',
    structuralCostsBy: 'De buurtvereniging onderhoudt de baan.',
    initiator: {
      name: 'Fatima El Amrani',
      phone: '06 12345678',
      email: '',
      address: { postcode: '7603 AB', houseNumber: '12', addition: '' },
    },
    coOrganisers: [
      { name: 'Henk de Vries', address: { postcode: '7603AB', houseNumber: '14', addition: '' } },
      { name: 'Ans Bosman', address: { postcode: '7603AC', houseNumber: '3', addition: 'a' } },
    ],
    consent: true,
    volunteersNeeded: 4,
    volunteerTasks: 'Grind verspreiden',
    supportMethod: 'handtekeningen',
    supportDescription: '42 handtekeningen uit de straat',
    publicSpace: true,
    supportPercentage: 65,
    deadline: '2027-03-01',
    executionDate: '2027-04-15',
  };
}
