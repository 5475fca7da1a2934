/**
 * One receipt model for every printout: donation (single or split), bulk intake summary, reversal,
 * day report (X/Z). Built here from plain data, rendered to ESC/POS (thermal) and to PDF elsewhere,
 * so the two always say the same. Receipts are for residents: always Dutch.
 */
import type { DayReport, Intake, Redemption } from './api/contract-counter.js';
import { formatEuro } from './money.js';
import { TIME_ZONE } from './business-day.js';

/**
 * Only for a device that has not learnt its municipality from the ledger (a demo device, or one set up but not yet
 * enrolled): the platform this project started with. An enrolled device uses its municipality's (tenant:create).
 */
export const DEFAULT_PLATFORM = 'Almelo Buurt Samen';
export const DEFAULT_MUNICIPALITY = 'Gemeente Almelo';

export type ReceiptKind = 'donation' | 'intake' | 'reversal' | 'day-x' | 'day-z' | 'test';

export type ReceiptLine =
  | { t: 'pair'; left: string; right: string; bold?: boolean }
  | { t: 'text'; text: string; bold?: boolean; center?: boolean }
  | { t: 'rule' };

export interface ReceiptDoc {
  kind: ReceiptKind;
  receiptNo: number;
  /** 0 for the original; n for the n-th reprint ("KOPIE n"). */
  copy: number;
  servicePoint: string;
  deviceName: string;
  /** The platform and municipality at the top (receipts stored before 2026-12 have neither: the defaults apply). */
  platform?: string;
  municipality?: string;
  /** When the thing on the receipt happened (not when this copy was printed). */
  at: string;
  title: string;
  lines: ReceiptLine[];
  qr: { data: string; caption: string } | null;
  footer: string[];
}

export interface ReceiptContext {
  receiptNo: number;
  servicePoint: string;
  deviceName: string;
  staffName: string;
  /** Base URL of the platform's initiative pages, for the QR code. */
  platformUrl: string;
  /** How the municipality and its platform are known (from the ledger; the defaults on a device without one). */
  platform: string;
  municipality: string;
}

const dateTime = new Intl.DateTimeFormat('nl-NL', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export function formatReceiptTime(iso: string): string {
  return dateTime.format(new Date(iso)).replace(',', '');
}

/** "Demo Baliemedewerker" → "DB"; staff are named on receipts by initials only. */
export function initials(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter((part) => part.length > 0 && part[0] === part[0]?.toUpperCase())
    .map((part) => part[0])
    .join('')
    .slice(0, 4);
}

export function initiativeUrl(platformUrl: string, number: number): string {
  return `${platformUrl.replace(/\/+$/, '')}/initiatief/${number}`;
}

const RECORDED = 'Uw donatie is vastgelegd en wordt naar het centrale grootboek van de gemeente gestuurd.';

function base(ctx: ReceiptContext, kind: ReceiptKind, at: string, title: string): Omit<ReceiptDoc, 'lines' | 'qr' | 'footer'> {
  return {
    kind,
    receiptNo: ctx.receiptNo,
    copy: 0,
    servicePoint: ctx.servicePoint,
    deviceName: ctx.deviceName,
    platform: ctx.platform,
    municipality: ctx.municipality,
    at,
    title,
  };
}

export function donationReceipt(ctx: ReceiptContext, r: Redemption): ReceiptDoc {
  const split = r.parts.length > 1;
  const lines: ReceiptLine[] = [{ t: 'pair', left: 'Waardebon', right: r.masked }, { t: 'rule' }];
  for (const part of r.parts) lines.push({ t: 'pair', left: `${part.number} ${part.title}`, right: formatEuro(part.amountCents) });
  lines.push({ t: 'rule' }, { t: 'pair', left: 'Totaal', right: formatEuro(r.valueCents), bold: true });
  lines.push({ t: 'pair', left: 'Medewerker', right: initials(ctx.staffName) });
  if (r.needsConfirmation) lines.push({ t: 'text', text: 'Deze bon wordt nog gecontroleerd door de gemeente.' });
  const first = r.parts[0];
  return {
    ...base(ctx, 'donation', r.createdAt, split ? 'Donatie (verdeeld)' : 'Donatie'),
    lines,
    qr: first && !split ? { data: initiativeUrl(ctx.platformUrl, first.number), caption: 'Volg dit initiatief' } : null,
    footer: [RECORDED, 'Bewaar deze bon.'],
  };
}

export function intakeReceipt(ctx: ReceiptContext, intake: Intake): ReceiptDoc {
  const rejected = intake.items.filter((i) => !i.accepted);
  const lines: ReceiptLine[] = [
    { t: 'text', text: `${intake.initiative.number} ${intake.initiative.title}`, bold: true },
    { t: 'pair', left: 'Geteld', right: `${intake.acceptedCount} bonnen` },
    { t: 'pair', left: 'Totaal', right: formatEuro(intake.totalCents), bold: true },
    { t: 'pair', left: 'Afgekeurd', right: `${intake.rejectedCount} bonnen` },
  ];
  if (rejected.length > 0) {
    lines.push({ t: 'rule' }, { t: 'text', text: 'Afgekeurde bonnen (terug naar de initiatiefnemer):' });
    for (const item of rejected) lines.push({ t: 'pair', left: item.masked, right: outcomeWords(item.outcome) });
  }
  lines.push({ t: 'rule' }, { t: 'pair', left: 'Medewerker', right: initials(ctx.staffName) });
  return {
    ...base(ctx, 'intake', intake.finishedAt ?? intake.startedAt, 'Inname van bonnen'),
    lines,
    qr: { data: initiativeUrl(ctx.platformUrl, intake.initiative.number), caption: 'Volg dit initiatief' },
    footer: ['De getelde bonnen zijn vastgelegd en worden naar het centrale grootboek gestuurd.', 'Bewaar deze bon.'],
  };
}

export function outcomeWords(outcome: string): string {
  if (outcome.startsWith('invalid:')) return 'code klopt niet';
  const words: Record<string, string> = {
    accepted: 'geteld',
    'duplicate-in-stack': 'dubbel',
    'used-here': 'al gebruikt',
    'used-elsewhere': 'al gebruikt (elders)',
    unknown: 'onbekend',
    'round-not-open': 'ronde nog niet open',
    'round-closed': 'ronde voorbij',
  };
  return words[outcome] ?? outcome;
}

export interface ReversalData {
  reversedAt: string;
  reason: string;
  approvedByName: string;
  redemption: Redemption;
}

export function reversalReceipt(ctx: ReceiptContext, data: ReversalData): ReceiptDoc {
  const lines: ReceiptLine[] = [
    { t: 'pair', left: 'Waardebon', right: data.redemption.masked },
    { t: 'pair', left: 'Donatie van', right: formatReceiptTime(data.redemption.createdAt) },
    { t: 'rule' },
  ];
  for (const part of data.redemption.parts)
    lines.push({ t: 'pair', left: `${part.number} ${part.title}`, right: `- ${formatEuro(part.amountCents)}` });
  lines.push(
    { t: 'rule' },
    { t: 'pair', left: 'Teruggedraaid', right: `- ${formatEuro(data.redemption.valueCents)}`, bold: true },
    { t: 'text', text: `Reden: ${data.reason}` },
    { t: 'pair', left: 'Goedgekeurd door', right: initials(data.approvedByName) },
    { t: 'pair', left: 'Medewerker', right: initials(ctx.staffName) },
  );
  return {
    ...base(ctx, 'reversal', data.reversedAt, 'Terugdraaiing'),
    lines,
    qr: null,
    footer: ['De waardebon kan opnieuw worden gebruikt.', 'Bewaar deze bon.'],
  };
}

export function dayReportReceipt(ctx: ReceiptContext, report: DayReport): ReceiptDoc {
  const lines: ReceiptLine[] = [
    { t: 'pair', left: 'Dag', right: report.businessDay.split('-').reverse().join('-') },
    ...(report.staffFilter ? [{ t: 'pair' as const, left: 'Alleen', right: report.staffFilter }] : []),
    ...(report.since ? [{ t: 'pair' as const, left: 'Sinds', right: formatReceiptTime(report.since) }] : []),
    { t: 'rule' },
    { t: 'pair', left: `Donaties (${report.donations.count})`, right: formatEuro(report.donations.totalCents) },
    { t: 'pair', left: `Teruggedraaid (${report.reversals.count})`, right: `- ${formatEuro(report.reversals.totalCents)}` },
    { t: 'pair', left: 'Netto', right: formatEuro(report.netCents), bold: true },
    { t: 'rule' },
    { t: 'text', text: 'Per initiatief', bold: true },
    ...report.perInitiative.map((i) => ({
      t: 'pair' as const,
      left: `${i.number} ${i.title} (${i.count}${i.reversed > 0 ? `, terug ${i.reversed}` : ''})`,
      right: formatEuro(i.totalCents),
    })),
    { t: 'text', text: 'Per medewerker', bold: true },
    ...report.perStaff.map((s) => ({
      t: 'pair' as const,
      left: `${initials(s.name)} (${s.donations}${s.reversals > 0 ? `, terug ${s.reversals}` : ''})`,
      right: formatEuro(s.totalCents),
    })),
    { t: 'rule' },
    { t: 'pair', left: 'Innames', right: `${report.intakes.count} (${report.intakes.vouchers} bonnen)` },
    { t: 'pair', left: 'Nog te bevestigen', right: String(report.needsConfirmation) },
    { t: 'pair', left: 'Nog niet verzonden', right: String(report.unsentCount) },
  ];
  const z = report.kind === 'Z';
  return {
    ...base(
      ctx,
      z ? 'day-z' : 'day-x',
      report.madeAt,
      z ? `Dagafsluiting Z ${report.zNumber ?? ''}`.trim() : report.since ? 'Overdracht (X)' : 'Tussenstand (X)',
    ),
    lines,
    qr: null,
    footer: z ? ['De dag is afgesloten. Latere donaties horen bij de volgende dag.'] : ['Tussenstand: de dag is nog niet afgesloten.'],
  };
}

export function testReceipt(ctx: ReceiptContext, at: string): ReceiptDoc {
  return {
    ...base(ctx, 'test', at, 'Proefafdruk'),
    lines: [
      { t: 'text', text: 'Als u dit goed kunt lezen, werkt de printer.' },
      { t: 'pair', left: 'Euroteken en bedrag', right: formatEuro(750) },
      { t: 'pair', left: 'Letters', right: 'é ë ï ü ij' },
    ],
    qr: { data: ctx.platformUrl, caption: ctx.platform },
    footer: [],
  };
}
