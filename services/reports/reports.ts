/**
 * The reports a wijkregisseur or beheerder makes from the Monitor: the round evaluation (PDF) and the
 * jaarverantwoording (PDF, XLSX, CSV). Built from the monitor's figures as the screen shows them (monitorView)
 * through core/report-model.ts; the list of carried-out initiatives with their accounts from this device's copy.
 * Nothing personal goes in: initiatives by title and number, staff by role.
 */
import { and, eq } from 'drizzle-orm';
import { annualReport, roundEvaluation, type CarriedOut, type ReportSource } from '../../core/report-model.js';
import type { ReportFile } from '../../core/api/contract-reports.js';
import { AppError } from '../../core/api/errors.js';
import { formatReceiptTime } from '../../core/receipt.js';
import { satisfactionOf } from '../../core/monitor.js';
import { initiativeAccountability, initiatives } from '../../db/schema.js';
import type { Db } from '../../db/open-store.js';
import { municipalityOf, type Clock, type Logger } from '../platform/index.js';
import { monitorView } from '../monitor/index.js';
import { renderReportPdf } from './pdf.js';
import { renderReportCsv, renderReportXlsx } from './spreadsheet.js';

export interface ReportDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  fontsDir: string;
}

function sourceOf(view: ReturnType<typeof monitorView>): ReportSource {
  return { fromLedger: view.source === 'ledger', asOf: view.snapshot.asOf, asOfText: formatReceiptTime(view.snapshot.asOf) };
}

const file = (fileName: string, mime: string, bytes: Uint8Array | Buffer | string): ReportFile => ({
  fileName,
  mime,
  base64: Buffer.from(bytes).toString('base64'),
});

export async function makeRoundEvaluation(deps: ReportDeps, input: { roundId: string; remarks: string }): Promise<ReportFile> {
  const view = monitorView(deps.db, deps.clock, deps.log);
  if (!view.snapshot.rounds.some((r) => r.id === input.roundId)) throw new AppError('NOT_FOUND', 'Deze ronde bestaat niet.');
  const now = deps.clock();
  const satisfied = satisfactionOf(view.snapshot, input.roundId);
  const doc = roundEvaluation(view.snapshot, input.roundId, {
    source: sourceOf(view),
    now,
    remarks: input.remarks,
    satisfaction: satisfied.answers > 0 ? satisfied : null,
    staffRemarks: view.snapshot.remarks.filter((r) => r.roundId === input.roundId).map((r) => r.text),
    platform: municipalityOf(deps.db).platform,
  });
  const bytes = await renderReportPdf(doc, deps.fontsDir, formatReceiptTime(now.toISOString()));
  deps.log.info({ report: 'round-evaluation', roundId: input.roundId, bytes: bytes.length }, 'report made');
  return file(`evaluatie-ronde-${input.roundId}.pdf`, 'application/pdf', bytes);
}

function carriedOut(db: Db, districtCode: string | null): CarriedOut[] {
  return db
    .select({
      number: initiatives.number,
      title: initiatives.title,
      districtCode: initiatives.districtCode,
      theme: initiatives.theme,
      targetCents: initiatives.targetCents,
      collectedCents: initiatives.collectedCents,
      done: initiativeAccountability.done,
      spentCents: initiativeAccountability.spentCents,
    })
    .from(initiatives)
    .innerJoin(initiativeAccountability, eq(initiativeAccountability.initiativeId, initiatives.id))
    .where(and(eq(initiatives.status, 'uitgevoerd'), districtCode === null ? undefined : eq(initiatives.districtCode, districtCode)))
    .orderBy(initiatives.number)
    .all();
}

export async function makeAnnualReport(
  deps: ReportDeps,
  input: { year: number; districtCode: string | null; format: 'pdf' | 'xlsx' | 'csv' },
): Promise<ReportFile> {
  const view = monitorView(deps.db, deps.clock, deps.log);
  if (input.districtCode !== null && !view.snapshot.areas.some((a) => a.code === input.districtCode && a.kind !== 'buurt')) {
    throw new AppError('NOT_FOUND', 'Deze wijk of dit dorp bestaat niet.');
  }
  const now = deps.clock();
  const doc = annualReport(view.snapshot, input.year, input.districtCode, {
    source: sourceOf(view),
    carriedOut: carriedOut(deps.db, input.districtCode),
    platform: municipalityOf(deps.db).platform,
  });
  const base = `jaarverantwoording-${input.year}-${input.districtCode ?? 'gemeente'}`;
  deps.log.info({ report: 'annual', year: input.year, districtCode: input.districtCode, format: input.format }, 'report made');
  if (input.format === 'pdf')
    return file(`${base}.pdf`, 'application/pdf', await renderReportPdf(doc, deps.fontsDir, formatReceiptTime(now.toISOString())));
  if (input.format === 'xlsx') {
    return file(
      `${base}.xlsx`,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      await renderReportXlsx(doc, now.toISOString()),
    );
  }
  return file(`${base}.csv`, 'text/csv;charset=utf-8', renderReportCsv(doc));
}
