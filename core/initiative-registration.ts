/**
 * Registering an initiative on a resident's behalf (Nieuw initiatief): the form's steps, the draft
 * (anything goes, saved continuously) and the rules a complete registration must meet, each problem
 * named at its field in plain Dutch (B1). Pure: the services store drafts, the renderer shows them.
 */
import { hasInvisibleCharacters } from './text.js';
import { z } from 'zod';
import { themes } from './initiative-status.js';

export const registrationSteps = ['wat', 'waar', 'geld', 'wie', 'hulp', 'draagvlak', 'planning', 'controle'] as const;
export type RegistrationStep = (typeof registrationSteps)[number];

export const supportMethods = ['handtekeningen', 'buurtpeiling', 'bewonersavond', 'anders'] as const;

const text = (max: number) => z.string().max(max);
const addressSchema = z
  .object({
    postcode: text(10),
    houseNumber: text(8),
    addition: text(8),
  })
  .strict();
export type RegistrationAddress = z.infer<typeof addressSchema>;

const personSchema = z
  .object({
    name: text(100),
    address: addressSchema,
  })
  .strict();

/** What a draft may hold: every field optional in spirit (empty strings), bounded in size. */
export const registrationDraftSchema = z
  .object({
    title: text(80),
    summary: text(160),
    description: text(4000),
    theme: z.enum(themes).or(z.literal('')),
    districtCode: text(16),
    buurt: text(80),
    location: text(200),
    budgetLines: z.array(z.object({ item: text(100), amountCents: z.number().int().min(0).max(10_000_000) }).strict()).max(20),
    structuralCosts: z.enum(['nee', 'ja', '']),
    structuralCostsBy: text(300),
    initiator: personSchema.extend({ phone: text(20), email: text(120) }).strict(),
    coOrganisers: z.array(personSchema).max(10),
    consent: z.boolean(),
    volunteersNeeded: z.number().int().min(0).max(500),
    volunteerTasks: text(500),
    materialsWanted: text(500),
    supportMethod: z.enum(supportMethods).or(z.literal('')),
    supportDescription: text(500),
    publicSpace: z.boolean(),
    supportPercentage: z.number().int().min(0).max(100).nullable(),
    deadline: text(10),
    executionDate: text(10),
  })
  .strict();
export type RegistrationDraft = z.infer<typeof registrationDraftSchema>;

export function emptyDraft(): RegistrationDraft {
  const person = { name: '', address: { postcode: '', houseNumber: '', addition: '' } };
  return {
    title: '',
    summary: '',
    description: '',
    theme: '',
    districtCode: '',
    buurt: '',
    location: '',
    budgetLines: [{ item: '', amountCents: 0 }],
    structuralCosts: '',
    structuralCostsBy: '',
    initiator: { ...person, phone: '', email: '' },
    coOrganisers: [person, { ...person, address: { ...person.address } }],
    consent: false,
    volunteersNeeded: 0,
    volunteerTasks: '',
    materialsWanted: '',
    supportMethod: '',
    supportDescription: '',
    publicSpace: false,
    supportPercentage: null,
    deadline: '',
    executionDate: '',
  };
}

export interface RegistrationProblem {
  /** The field, as a path the form uses for its ids: "title", "budgetLines.0.item", "coOrganisers.1.address". */
  path: string;
  step: RegistrationStep;
  message: string;
}

export function targetOf(draft: Pick<RegistrationDraft, 'budgetLines'>): number {
  return draft.budgetLines.reduce((sum, l) => sum + l.amountCents, 0);
}

const POSTCODE = /^[1-9]\d{3}\s?[A-Za-z]{2}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s-]{10,15}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function addressKey(a: RegistrationAddress): string {
  return `${a.postcode.replace(/\s/g, '').toUpperCase()}|${a.houseNumber.trim()}|${a.addition.trim().toUpperCase()}`;
}

/**
 * Every problem that stops the registration from being submitted, in the order of the form.
 * `today` is the business day (YYYY-MM-DD) so deadlines are checked against the counter's day.
 */
export function registrationProblems(d: RegistrationDraft, today: string, knownDistricts: readonly string[]): RegistrationProblem[] {
  const out: RegistrationProblem[] = [];
  const add = (step: RegistrationStep, path: string, message: string) => out.push({ step, path, message });

  if (d.title.trim().length < 5) add('wat', 'title', 'Geef het initiatief een naam van minstens 5 tekens.');
  if (d.summary.trim().length < 10) add('wat', 'summary', 'Schrijf in één zin wat het is (minstens 10 tekens).');
  if (d.description.trim().length < 30) add('wat', 'description', 'Vertel wat er gaat gebeuren en voor wie (minstens 30 tekens).');
  if (d.theme === '') add('wat', 'theme', 'Kies een thema.');

  if (!knownDistricts.includes(d.districtCode)) add('waar', 'districtCode', 'Kies de wijk of het dorp.');
  if (d.location.trim().length < 3) add('waar', 'location', 'Schrijf waar het is, bijvoorbeeld een straat of plein.');

  d.budgetLines.forEach((l, i) => {
    if (l.item.trim().length < 2) add('geld', `budgetLines.${i}.item`, 'Schrijf waar dit geld voor is.');
    if (l.amountCents <= 0) add('geld', `budgetLines.${i}.amountCents`, 'Vul een bedrag in.');
  });
  if (d.budgetLines.length === 0) add('geld', 'budgetLines', 'Zet minstens één kostenpost in de begroting.');
  const target = targetOf(d);
  if (target > 0 && target < 750) add('geld', 'budgetLines', 'Het streefbedrag is minstens één waardebon (€ 7,50).');
  if (d.structuralCosts === '') add('geld', 'structuralCosts', 'Zeg of er later onderhoudskosten zijn.');
  if (d.structuralCosts === 'ja' && d.structuralCostsBy.trim().length < 3)
    add('geld', 'structuralCostsBy', 'Schrijf wie de onderhoudskosten betaalt.');

  if (d.initiator.name.trim().length < 2) add('wie', 'initiator.name', 'Vul de naam van de initiatiefnemer in.');
  if (!d.initiator.phone.trim() && !d.initiator.email.trim()) add('wie', 'initiator.phone', 'Vul een telefoonnummer of e-mailadres in.');
  if (d.initiator.phone.trim() && !PHONE.test(d.initiator.phone.trim())) add('wie', 'initiator.phone', 'Dit telefoonnummer klopt niet.');
  if (d.initiator.email.trim() && !EMAIL.test(d.initiator.email.trim())) add('wie', 'initiator.email', 'Dit e-mailadres klopt niet.');
  const people = [{ path: 'initiator', p: d.initiator }, ...d.coOrganisers.map((p, i) => ({ path: `coOrganisers.${i}`, p }))];
  for (const { path, p } of people) {
    if (!POSTCODE.test(p.address.postcode.trim())) add('wie', `${path}.address`, 'Vul een postcode in zoals 7601 AB.');
    else if (!/^\d{1,5}$/.test(p.address.houseNumber.trim())) add('wie', `${path}.address`, 'Vul het huisnummer in.');
  }
  d.coOrganisers.forEach((p, i) => {
    if (p.name.trim().length < 2) add('wie', `coOrganisers.${i}.name`, 'Vul de naam in.');
  });
  for (const { path, p } of people) {
    if (hasInvisibleCharacters(p.name)) add('wie', `${path}.name`, 'De naam bevat een teken dat niet te zien is. Typ de naam opnieuw.');
  }
  if (d.coOrganisers.length < 2) add('wie', 'coOrganisers', 'Er zijn minstens twee mede-organisatoren nodig.');
  const seen = new Set<string>();
  for (const { path, p } of people) {
    const key = addressKey(p.address);
    if (POSTCODE.test(p.address.postcode.trim()) && seen.has(key)) {
      add('wie', `${path}.address`, 'Iedereen woont op een ander adres: minstens drie adressen in totaal.');
    }
    seen.add(key);
  }
  if (!d.consent) add('wie', 'consent', 'Vraag toestemming om contact op te nemen, en vink het aan.');

  if (d.volunteersNeeded > 0 && d.volunteerTasks.trim().length < 3)
    add('hulp', 'volunteerTasks', 'Schrijf wat de vrijwilligers gaan doen.');

  if (d.supportMethod === '') add('draagvlak', 'supportMethod', 'Kies hoe de buurt laat zien dat zij het wil.');
  if (d.supportDescription.trim().length < 5)
    add('draagvlak', 'supportDescription', 'Schrijf kort wat er is gedaan, bijvoorbeeld hoeveel handtekeningen.');
  if (d.publicSpace && d.supportPercentage === null) add('draagvlak', 'supportPercentage', 'Vul in hoeveel procent van de buurt voor is.');

  if (!DATE.test(d.deadline)) add('planning', 'deadline', 'Kies tot wanneer er gespaard wordt.');
  else if (d.deadline <= today) add('planning', 'deadline', 'De spaardatum ligt na vandaag.');
  if (!DATE.test(d.executionDate)) add('planning', 'executionDate', 'Kies wanneer het wordt uitgevoerd.');
  else if (DATE.test(d.deadline) && d.executionDate < d.deadline) add('planning', 'executionDate', 'De uitvoering is na de spaardatum.');
  return out;
}
