/**
 * The reports as documents, before they are a PDF, a spreadsheet or a CSV file: sections of paragraphs, tables
 * and charts. Built here from the monitor's figures with the same functions the Monitor screen uses
 * (core/monitor.ts, core/budget.ts, core/forecast.ts), so every figure in a report is the figure on the screen.
 * Table cells carry their value as well as their text: the spreadsheet gets numbers, the PDF and CSV the text.
 */
import { formatEuro } from './money.js';
import { totalAccount, type BudgetAccount } from './budget.js';
import { forecastRound } from './forecast.js';
import {
  NEW_INITIATIVES_AIM,
  formatPermille,
  participation,
  roundTrend,
  statusTotals,
  themeTotals,
  type MonitorSnapshot,
} from './monitor.js';
import { yearOf } from './business-day.js';

export type CellKind = 'text' | 'count' | 'money' | 'permille';
export interface Cell {
  text: string;
  /** count: a whole number; money: cents; permille: tenths of a percent. */
  value?: number;
  kind: CellKind;
}
export interface Column {
  label: string;
  numeric: boolean;
}
export type Block =
  | { t: 'p'; text: string }
  | { t: 'table'; name: string; columns: Column[]; rows: Cell[][]; foot?: Cell[] }
  | { t: 'bars' | 'line'; caption: string; unit: string; data: { label: string; value: number }[] };
export interface ReportSection {
  heading: string;
  blocks: Block[];
}
export interface ReportDoc {
  title: string;
  subtitle: string;
  sections: ReportSection[];
}

const nl = new Intl.NumberFormat('nl-NL');
export const count = (n: number): Cell => ({ text: nl.format(n), value: n, kind: 'count' });
export const money = (cents: number): Cell => ({ text: formatEuro(cents), value: cents, kind: 'money' });
export const pct = (permille: number): Cell => ({ text: formatPermille(permille), value: permille, kind: 'permille' });
export const text = (t: string): Cell => ({ text: t, kind: 'text' });
const col = (label: string, numeric = true): Column => ({ label, numeric });

export const statusLabels: Record<string, string> = {
  concept: 'Concept',
  ingediend: 'Ingediend',
  in_beoordeling: 'In beoordeling',
  spaarfase: 'Spaarfase',
  streefbedrag_behaald: 'Streefbedrag behaald',
  in_uitvoering: 'In uitvoering',
  uitgevoerd: 'Uitgevoerd',
  afgewezen: 'Afgewezen',
  ingetrokken: 'Ingetrokken',
  niet_geslaagd: 'Niet geslaagd',
};
export const themeLabels: Record<string, string> = {
  groen: 'Groen',
  spelen: 'Spelen',
  ontmoeting: 'Ontmoeting',
  veiligheid: 'Veiligheid',
  duurzaamheid: 'Duurzaamheid',
  cultuur: 'Cultuur',
  sport_en_bewegen: 'Sport en bewegen',
  ouderen: 'Ouderen',
  jeugd: 'Jeugd',
  overig: 'Overig',
};

/** Where the figures come from, in one sentence (the ledger's as of a moment, or a device's own). */
export interface ReportSource {
  fromLedger: boolean;
  asOf: string;
  /** "3 december 2026 10:15" in Almelo's time. */
  asOfText: string;
}

function sourceLine(source: ReportSource): string {
  return source.fromLedger
    ? `Cijfers van het centrale grootboek, stand van ${source.asOfText}.`
    : `Cijfers van één apparaat (niet van het centrale grootboek), stand van ${source.asOfText}. Nieuwe deelnemers zijn alleen bij het grootboek bekend.`;
}

const BUDGET_COLUMNS = [
  'Gereserveerd',
  'Erbij geboekt',
  'Eraf geboekt',
  'Beschikbaar',
  'Opgehaald',
  'Vastgelegd',
  'Uitbetaald',
  'Teruggekomen',
  'Ruimte',
];
function budgetCells(a: BudgetAccount): Cell[] {
  return [
    a.reservedCents,
    a.transferredInCents,
    a.transferredOutCents,
    a.availableCents,
    a.collectedCents,
    a.committedCents,
    a.paidOutCents,
    a.cameBackCents,
    a.roomCents,
  ].map(money);
}

function budgetTable(snapshot: MonitorSnapshot, year: number, districtCode: string | null): Block {
  const nameOf = (code: string) => snapshot.areas.find((a) => a.code === code)?.name ?? code;
  const accounts = snapshot.budget.filter((a) => a.year === year && (districtCode === null || a.districtCode === districtCode));
  const total = totalAccount(accounts, year);
  return {
    t: 'table',
    name: `Budget ${year}`,
    columns: [col('Wijk of dorp', false), ...BUDGET_COLUMNS.map((c) => col(c))],
    rows: accounts.map((a) => [text(nameOf(a.districtCode)), ...budgetCells(a)]),
    ...(districtCode === null ? { foot: [text('Hele gemeente'), ...budgetCells(total)] } : {}),
  };
}

export interface Satisfaction {
  answers: number;
  /** Average score 1–5 in hundredths (412 = 4,12), null without answers. */
  averageHundredths: number | null;
  /** How many gave 1, 2, 3, 4, 5. */
  perScore: [number, number, number, number, number];
}

/** The round evaluation the college asked for: its four questions, the budget and the forecast, and remarks. */
export function roundEvaluation(
  snapshot: MonitorSnapshot,
  roundId: string,
  options: {
    source: ReportSource;
    now: Date;
    remarks: string;
    satisfaction: Satisfaction | null;
    staffRemarks: string[];
    /** How the platform is known (the municipality's, from the ledger). */
    platform: string;
  },
): ReportDoc {
  const trend = roundTrend(snapshot);
  const rows = participation(snapshot, roundId, 'Hele gemeente');
  const [total, ...areas] = rows;
  const districts = areas.filter((r) => r.kind !== 'buurt');
  const round = snapshot.rounds.find((r) => r.id === roundId);
  const year = yearOf(round ? new Date(round.activeFrom) : options.now);
  const forecast = forecastRound(snapshot, roundId, options.now);
  const current = trend.find((r) => r.roundId === roundId);
  const previous = trend[trend.findIndex((r) => r.roundId === roundId) - 1];

  const q1: Block[] = [
    {
      t: 'p',
      text: `In ronde ${roundId} kwamen ${current?.newInitiatives ?? 0} nieuwe initiatieven binnen${
        previous ? ` (ronde ${previous.roundId}: ${previous.newInitiatives})` : ''
      }. Het doel is gemiddeld ${NEW_INITIATIVES_AIM} per wijk en dorp; ${districts.filter((d) => d.aimReached).length} van de ${districts.length} haalden het.`,
    },
    {
      t: 'table',
      name: 'Nieuwe initiatieven',
      columns: [col('Wijk of dorp', false), col('Nieuwe initiatieven'), col(`Doel ${NEW_INITIATIVES_AIM} gehaald`, false)],
      rows: districts.map((d) => [text(d.name), count(d.newInitiatives), text(d.aimReached ? 'ja' : 'nee')]),
      ...(total ? { foot: [text(total.name), count(total.newInitiatives), text('')] } : {}),
    },
  ];
  const q2: Block[] = [
    {
      t: 'p',
      text: total
        ? `${nl.format(total.vouchersUsed)} van de ${nl.format(total.households)} huishoudens gaven een waardebon (${formatPermille(
            total.activationPermille,
          )}); ${nl.format(total.firstTimers)} van hen deden voor het eerst mee. Aan de balie: ${nl.format(total.counter)}, op de website: ${nl.format(total.website)}.`
        : 'Geen cijfers voor deze ronde.',
    },
    {
      t: 'bars',
      caption: `Deelname per wijk en dorp in ronde ${roundId} (procent van de huishoudens)`,
      unit: '%',
      data: districts.map((d) => ({ label: d.name, value: d.activationPermille / 10 })),
    },
    {
      t: 'table',
      name: `Deelname ${roundId}`,
      columns: [
        col('Wijk of dorp', false),
        col('Huishoudens'),
        col('Bonnen'),
        col('Deelname'),
        col('Balie'),
        col('Website'),
        col('Nieuwe deelnemers'),
      ],
      rows: districts.map((d) => [
        text(d.name),
        count(d.households),
        count(d.vouchersUsed),
        pct(d.activationPermille),
        count(d.counter),
        count(d.website),
        count(d.firstTimers),
      ]),
      ...(total
        ? {
            foot: [
              text(total.name),
              count(total.households),
              count(total.vouchersUsed),
              pct(total.activationPermille),
              count(total.counter),
              count(total.website),
              count(total.firstTimers),
            ],
          }
        : {}),
    },
    ...(trend.length > 1
      ? [
          {
            t: 'line' as const,
            caption: 'Deelname per ronde (procent van de huishoudens)',
            unit: '%',
            data: trend.map((r) => ({ label: r.roundId, value: r.activationPermille / 10 })),
          },
        ]
      : []),
  ];
  const s = options.satisfaction;
  const q3: Block[] = [
    {
      t: 'p',
      text:
        s && s.answers > 0 && s.averageHundredths !== null
          ? `${nl.format(s.answers)} bewoners beantwoordden na hun donatie aan de balie de vraag hoe tevreden zij zijn (1 tot 5, anoniem): gemiddeld ${(
              s.averageHundredths / 100
            )
              .toFixed(1)
              .replace('.', ',')}.`
          : 'Er zijn nog geen antwoorden op de tevredenheidsvraag aan de balie.',
    },
    ...(s && s.answers > 0
      ? [
          {
            t: 'table' as const,
            name: 'Tevredenheid',
            columns: [col('Score', false), col('Aantal')],
            rows: s.perScore.map((n, i) => [text(String(i + 1)), count(n)]),
          },
        ]
      : []),
    ...(options.staffRemarks.length > 0
      ? [{ t: 'p' as const, text: `Wat medewerkers optekenden: ${options.staffRemarks.map((r) => `“${r}”`).join(' ')}` }]
      : []),
  ];
  const statuses = statusTotals(snapshot, null);
  const q4: Block[] = [
    {
      t: 'p',
      text: `Alle initiatieven gaan langs dezelfde stappen: ingediend, beoordeeld tegen de voorwaarden van de raad, sparen, uitvoeren en verantwoorden. Zo staan ze er nu voor (alle jaren).`,
    },
    {
      t: 'table',
      name: 'Initiatieven per status',
      columns: [col('Status', false), col('Initiatieven')],
      rows: statuses.map((r) => [text(statusLabels[r.status] ?? r.status), count(r.count)]),
    },
  ];
  const money_: Block[] = [budgetTable(snapshot, year, null)];
  if (forecast) {
    money_.push({
      t: 'p',
      text: `Verwachting voor ronde ${roundId} (na ${Math.round(forecast.elapsed * 100)}% van de periode): ${nl.format(
        forecast.expected.mid,
      )} bonnen (${nl.format(forecast.expected.low)} tot ${nl.format(forecast.expected.high)}), deelname ${formatPermille(
        forecast.activationPermille.mid,
      )}, kosten ${formatEuro(forecast.costCents.mid)} (${formatEuro(forecast.costCents.low)} tot ${formatEuro(
        forecast.costCents.high,
      )}). ${
        forecast.verdict === 'ok'
          ? 'Naar verwachting blijft het binnen het budget.'
          : forecast.verdict === 'risk'
            ? 'Als de deelname hoog uitvalt, gaat het boven het budget.'
            : 'Naar verwachting gaat het boven het budget.'
      } Een heel jaar met twee rondes kost bij deze deelname ${formatEuro(forecast.measures.fullYearCents)}; een waardebon van ${formatEuro(
        forecast.measures.lowerValueCents,
      )} bespaart ${formatEuro(forecast.measures.lowerValueSavesCents)}, één ronde per jaar ${formatEuro(forecast.measures.oneRoundSavesCents)}.`,
    });
  }
  const themes = themeTotals(snapshot, year);
  money_.push({
    t: 'table',
    name: `Thema's ${year}`,
    columns: [col('Thema', false), col('Initiatieven'), col('Opgehaald')],
    rows: themes.map((r) => [text(themeLabels[r.theme] ?? r.theme), count(r.initiatives), money(r.collectedCents)]),
  });
  const sections: ReportSection[] = [
    { heading: '1. Neemt het aantal initiatieven toe?', blocks: q1 },
    { heading: '2. Bereiken we bewoners die we eerder niet bereikten?', blocks: q2 },
    { heading: '3. Zijn bewoners positief over het platform?', blocks: q3 },
    { heading: '4. Loopt het proces rond initiatieven gestructureerd?', blocks: q4 },
    { heading: `Het geld in ${year}`, blocks: money_ },
  ];
  if (options.remarks.trim()) sections.push({ heading: 'Opmerkingen', blocks: [{ t: 'p', text: options.remarks.trim() }] });
  return { title: `${options.platform} — evaluatie ronde ${roundId}`, subtitle: sourceLine(options.source), sections };
}

/** An initiative carried out, with its account, as the annual report lists it. */
export interface CarriedOut {
  number: number;
  title: string;
  districtCode: string;
  theme: string;
  targetCents: number;
  collectedCents: number;
  done: string;
  spentCents: number;
}

/** The jaarverantwoording of a year, for one district or village (or all: districtCode null). */
export function annualReport(
  snapshot: MonitorSnapshot,
  year: number,
  districtCode: string | null,
  options: { source: ReportSource; carriedOut: CarriedOut[]; platform: string },
): ReportDoc {
  const name = districtCode === null ? 'hele gemeente' : (snapshot.areas.find((a) => a.code === districtCode)?.name ?? districtCode);
  const nameOf = (code: string) => snapshot.areas.find((a) => a.code === code)?.name ?? code;
  const lines = snapshot.budgetLines.filter(
    (l) => l.year === year && (districtCode === null || l.districtCode === districtCode || l.toDistrictCode === districtCode),
  );
  const rounds = snapshot.rounds.filter((r) => yearOf(new Date(r.activeFrom)) === year);
  const area = districtCode ?? '*';
  const done = options.carriedOut.filter((i) => districtCode === null || i.districtCode === districtCode);
  return {
    title: `${options.platform} — jaarverantwoording ${year}, ${name}`,
    subtitle: sourceLine(options.source),
    sections: [
      {
        heading: `Budget ${year}`,
        blocks: [
          {
            t: 'p',
            text: 'Gereserveerd is wat de raad apart zette; beschikbaar is dat plus wat erbij en min wat eraf is geboekt. Vastgelegd is wat goedgekeurde initiatieven nog kunnen krijgen; teruggekomen is wat initiatieven ophaalden die hun doel niet haalden (dat zit al in de ruimte). Ruimte = beschikbaar − vastgelegd − uitbetaald.',
          },
          budgetTable(snapshot, year, districtCode),
        ],
      },
      {
        heading: `Boekingen in ${year}`,
        blocks: [
          lines.length === 0
            ? { t: 'p', text: 'Geen boekingen in dit jaar.' }
            : {
                t: 'table',
                name: `Boekingen ${year}`,
                columns: [
                  col('Datum', false),
                  col('Soort', false),
                  col('Waar', false),
                  col('Bedrag'),
                  col('Reden', false),
                  col('Door', false),
                ],
                rows: lines.map((l) => [
                  text(l.at.slice(0, 10)),
                  text(l.kind === 'reservation' ? 'Reservering' : l.kind === 'transfer' ? 'Overboeking' : 'Uitbetaling'),
                  text(
                    l.kind === 'transfer'
                      ? `van ${nameOf(l.districtCode)} naar ${nameOf(l.toDistrictCode ?? '')}`
                      : l.kind === 'payout'
                        ? `initiatief ${l.initiativeNumber ?? '?'}, kenmerk ${l.paymentReference ?? ''}`
                        : nameOf(l.districtCode),
                  ),
                  money(l.amountCents),
                  text(l.reason),
                  text(l.by),
                ]),
              },
        ],
      },
      {
        heading: 'Uitgevoerde initiatieven en hun verantwoording',
        blocks: [
          done.length === 0
            ? { t: 'p', text: 'Geen initiatieven uitgevoerd en verantwoord.' }
            : {
                t: 'table',
                name: 'Uitgevoerd',
                columns: [
                  col('Nr', false),
                  col('Initiatief', false),
                  col('Wijk of dorp', false),
                  col('Thema', false),
                  col('Opgehaald'),
                  col('Uitgegeven'),
                  col('Wat is gedaan', false),
                ],
                rows: done.map((i) => [
                  text(String(i.number)),
                  text(i.title),
                  text(nameOf(i.districtCode)),
                  text(themeLabels[i.theme] ?? i.theme),
                  money(i.collectedCents),
                  money(i.spentCents),
                  text(i.done),
                ]),
              },
        ],
      },
      {
        heading: `Deelname in ${year}`,
        blocks: [
          rounds.length === 0
            ? { t: 'p', text: 'Geen rondes in dit jaar.' }
            : {
                t: 'table',
                name: `Deelname ${year}`,
                columns: [
                  col('Ronde', false),
                  col('Huishoudens'),
                  col('Bonnen'),
                  col('Deelname'),
                  col('Nieuwe deelnemers'),
                  col('Nieuwe initiatieven'),
                ],
                rows: rounds.map((r) => {
                  const p = participation(snapshot, r.id, 'Hele gemeente').find((x) => x.area === area);
                  return [
                    text(r.id),
                    count(p?.households ?? 0),
                    count(p?.vouchersUsed ?? 0),
                    pct(p?.activationPermille ?? 0),
                    count(p?.firstTimers ?? 0),
                    count(p?.newInitiatives ?? 0),
                  ];
                }),
              },
        ],
      },
    ],
  };
}
