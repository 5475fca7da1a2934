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
  /** Which problem (registrationMessages): the interface says it in its own language. */
  key: RegistrationProblemKey;
  /** The Dutch sentence (for the service's answers and logs). */
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
/**
 * What each registration problem says, in Dutch (the service's answers and the Dutch interface); the English
 * interface has its own sentence for each key (renderer/src/i18n/en.ts). One key per problem, so a translation
 * never has to match on the sentence.
 */
export const registrationMessages = {
  'title-short': 'Geef het initiatief een naam van minstens 5 tekens.',
  'summary-short': 'Schrijf in één zin wat het is (minstens 10 tekens).',
  'description-short': 'Vertel wat er gaat gebeuren en voor wie (minstens 30 tekens).',
  'theme-missing': 'Kies een thema.',
  'district-missing': 'Kies de wijk of het dorp.',
  'location-short': 'Schrijf waar het is, bijvoorbeeld een straat of plein.',
  'budget-item-missing': 'Schrijf waar dit geld voor is.',
  'budget-amount-missing': 'Vul een bedrag in.',
  'budget-empty': 'Zet minstens één kostenpost in de begroting.',
  'budget-below-voucher': 'Het streefbedrag is minstens één waardebon (€ 7,50).',
  'maintenance-missing': 'Zeg of er later onderhoudskosten zijn.',
  'maintenance-by-missing': 'Schrijf wie de onderhoudskosten betaalt.',
  'initiator-name-missing': 'Vul de naam van de initiatiefnemer in.',
  'contact-missing': 'Vul een telefoonnummer of e-mailadres in.',
  'phone-wrong': 'Dit telefoonnummer klopt niet.',
  'email-wrong': 'Dit e-mailadres klopt niet.',
  'postcode-wrong': 'Vul een postcode in zoals 7601 AB.',
  'house-number-missing': 'Vul het huisnummer in.',
  'co-organiser-name-missing': 'Vul de naam in.',
  'name-invisible': 'De naam bevat een teken dat niet te zien is. Typ de naam opnieuw.',
  'co-organisers-too-few': 'Er zijn minstens twee mede-organisatoren nodig.',
  'address-shared': 'Iedereen woont op een ander adres: minstens drie adressen in totaal.',
  'consent-missing': 'Vraag toestemming om contact op te nemen, en vink het aan.',
  'volunteer-tasks-missing': 'Schrijf wat de vrijwilligers gaan doen.',
  'support-method-missing': 'Kies hoe de buurt laat zien dat zij het wil.',
  'support-description-short': 'Schrijf kort wat er is gedaan, bijvoorbeeld hoeveel handtekeningen.',
  'support-percentage-missing': 'Vul in hoeveel procent van de buurt voor is.',
  'deadline-missing': 'Kies tot wanneer er gespaard wordt.',
  'deadline-past': 'De spaardatum ligt na vandaag.',
  'execution-date-missing': 'Kies wanneer het wordt uitgevoerd.',
  'execution-before-deadline': 'De uitvoering is na de spaardatum.',
} as const;
export type RegistrationProblemKey = keyof typeof registrationMessages;
export const registrationProblemKeys = Object.keys(registrationMessages) as [RegistrationProblemKey, ...RegistrationProblemKey[]];

export function registrationProblems(d: RegistrationDraft, today: string, knownDistricts: readonly string[]): RegistrationProblem[] {
  const out: RegistrationProblem[] = [];
  const add = (step: RegistrationStep, path: string, key: RegistrationProblemKey) =>
    out.push({ step, path, key, message: registrationMessages[key] });

  if (d.title.trim().length < 5) add('wat', 'title', 'title-short');
  if (d.summary.trim().length < 10) add('wat', 'summary', 'summary-short');
  if (d.description.trim().length < 30) add('wat', 'description', 'description-short');
  if (d.theme === '') add('wat', 'theme', 'theme-missing');

  if (!knownDistricts.includes(d.districtCode)) add('waar', 'districtCode', 'district-missing');
  if (d.location.trim().length < 3) add('waar', 'location', 'location-short');

  d.budgetLines.forEach((l, i) => {
    if (l.item.trim().length < 2) add('geld', `budgetLines.${i}.item`, 'budget-item-missing');
    if (l.amountCents <= 0) add('geld', `budgetLines.${i}.amountCents`, 'budget-amount-missing');
  });
  if (d.budgetLines.length === 0) add('geld', 'budgetLines', 'budget-empty');
  const target = targetOf(d);
  if (target > 0 && target < 750) add('geld', 'budgetLines', 'budget-below-voucher');
  if (d.structuralCosts === '') add('geld', 'structuralCosts', 'maintenance-missing');
  if (d.structuralCosts === 'ja' && d.structuralCostsBy.trim().length < 3) add('geld', 'structuralCostsBy', 'maintenance-by-missing');

  if (d.initiator.name.trim().length < 2) add('wie', 'initiator.name', 'initiator-name-missing');
  if (!d.initiator.phone.trim() && !d.initiator.email.trim()) add('wie', 'initiator.phone', 'contact-missing');
  if (d.initiator.phone.trim() && !PHONE.test(d.initiator.phone.trim())) add('wie', 'initiator.phone', 'phone-wrong');
  if (d.initiator.email.trim() && !EMAIL.test(d.initiator.email.trim())) add('wie', 'initiator.email', 'email-wrong');
  const people = [{ path: 'initiator', p: d.initiator }, ...d.coOrganisers.map((p, i) => ({ path: `coOrganisers.${i}`, p }))];
  for (const { path, p } of people) {
    if (!POSTCODE.test(p.address.postcode.trim())) add('wie', `${path}.address`, 'postcode-wrong');
    else if (!/^\d{1,5}$/.test(p.address.houseNumber.trim())) add('wie', `${path}.address`, 'house-number-missing');
  }
  d.coOrganisers.forEach((p, i) => {
    if (p.name.trim().length < 2) add('wie', `coOrganisers.${i}.name`, 'co-organiser-name-missing');
  });
  for (const { path, p } of people) {
    if (hasInvisibleCharacters(p.name)) add('wie', `${path}.name`, 'name-invisible');
  }
  if (d.coOrganisers.length < 2) add('wie', 'coOrganisers', 'co-organisers-too-few');
  const seen = new Set<string>();
  for (const { path, p } of people) {
    const key = addressKey(p.address);
    if (POSTCODE.test(p.address.postcode.trim()) && seen.has(key)) {
      add('wie', `${path}.address`, 'address-shared');
    }
    seen.add(key);
  }
  if (!d.consent) add('wie', 'consent', 'consent-missing');

  if (d.volunteersNeeded > 0 && d.volunteerTasks.trim().length < 3) add('hulp', 'volunteerTasks', 'volunteer-tasks-missing');

  if (d.supportMethod === '') add('draagvlak', 'supportMethod', 'support-method-missing');
  if (d.supportDescription.trim().length < 5) add('draagvlak', 'supportDescription', 'support-description-short');
  if (d.publicSpace && d.supportPercentage === null) add('draagvlak', 'supportPercentage', 'support-percentage-missing');

  if (!DATE.test(d.deadline)) add('planning', 'deadline', 'deadline-missing');
  else if (d.deadline <= today) add('planning', 'deadline', 'deadline-past');
  if (!DATE.test(d.executionDate)) add('planning', 'executionDate', 'execution-date-missing');
  else if (DATE.test(d.deadline) && d.executionDate < d.deadline) add('planning', 'executionDate', 'execution-before-deadline');
  return out;
}
