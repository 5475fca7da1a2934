/**
 * The website's daily export, for a supplier that cannot call the partner API (`server:admin -- web:import`):
 * a CSV of redemptions, each taken in exactly as `POST /partner/v1/redemptions` takes one — the same rules, the
 * same one-use index, the same idempotency by the website's own key, so importing a file twice changes nothing.
 * The file is read whole first: one malformed line and nothing is imported, every bad line reported. Then all
 * lines in one transaction, each decided on the moment it was given on the website.
 *
 * Format (UTF-8, comma-separated, a header line):  key,code,given_at,parts
 *   key       the website's id of the redemption (1–100 of A–Z a–z 0–9 _ . : -), unique per credential
 *   code      the voucher code as typed
 *   given_at  ISO-8601 moment it was given on the website, with Z or an offset
 *   parts     initiativeNumber:amountCents, up to three joined with |   e.g. 1004:500|1011:250
 */
import { parse } from 'csv-parse/sync';
import { IDEMPOTENCY_KEY, partnerRedeemRequestSchema, type PartnerRedeemRequest } from '../../core/partner-api.js';
import { parseVoucherCode, type CanonicalCode } from '../../core/voucher-code.js';
import type { LedgerDb } from '../db/connect.js';
import type { Partner } from './partners.js';
import { redeemIn, type Answer } from './web-donations.js';

interface Line {
  line: number;
  key: string;
  code: CanonicalCode;
  givenAt: Date;
  request: PartnerRedeemRequest;
}

export interface ImportReport {
  lines: number;
  /** Lines that were not well-formed: nothing was imported. */
  problems: { line: number; problem: string }[];
  counted: number;
  /** Imported before (same key): the earlier answer stands. */
  again: number;
  refused: { line: number; key: string; code: string; message: string }[];
}

/** An ISO-8601 moment with its offset: date, time (seconds and fraction optional), then Z or ±hh:mm. */
const GIVEN_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function readLines(csv: string): { lines: Line[]; problems: ImportReport['problems'] } {
  const problems: ImportReport['problems'] = [];
  let records: string[][];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (error) {
    return { lines: [], problems: [{ line: 0, problem: `not a CSV file: ${String((error as Error).message).slice(0, 120)}` }] };
  }
  const [header, ...rows] = records;
  if (!header || header.join(',').toLowerCase() !== 'key,code,given_at,parts') {
    return { lines: [], problems: [{ line: 1, problem: 'the first line must be: key,code,given_at,parts' }] };
  }
  const lines: Line[] = [];
  const keys = new Set<string>();
  rows.forEach((row, i) => {
    const n = i + 2;
    const [key = '', code = '', givenAt = '', parts = ''] = row;
    if (row.length !== 4) return problems.push({ line: n, problem: `4 columns expected, ${row.length} found` });
    if (!IDEMPOTENCY_KEY.test(key)) return problems.push({ line: n, problem: 'key: 1 to 100 of A–Z a–z 0–9 _ . : -' });
    if (keys.has(key)) return problems.push({ line: n, problem: `key ${key} twice in this file` });
    keys.add(key);
    const parsed = parseVoucherCode(code);
    if (!parsed.ok) return problems.push({ line: n, problem: 'code: not a voucher code' });
    const at = new Date(givenAt);
    // With its offset (Z or +01:00): a time without one would be read in the ledger server's own time zone.
    if (!GIVEN_AT.test(givenAt) || Number.isNaN(at.getTime()))
      return problems.push({ line: n, problem: 'given_at: an ISO-8601 moment with Z or an offset, e.g. 2026-12-03T10:15:02+01:00' });
    const split = parts.split('|').map((p) => /^(\d{1,9}):(\d{1,7})$/.exec(p.trim()));
    const request = partnerRedeemRequestSchema.safeParse({
      code,
      parts: split.map((m) => (m ? { initiativeNumber: Number(m[1]), amountCents: Number(m[2]) } : null)),
    });
    if (split.some((m) => !m) || !request.success)
      return problems.push({ line: n, problem: 'parts: initiativeNumber:amountCents, 1 to 3 joined with |' });
    lines.push({ line: n, key, code: parsed.code, givenAt: at, request: request.data });
    return undefined;
  });
  return { lines, problems };
}

export async function importWebRedemptions(db: LedgerDb, partner: Partner, csv: string): Promise<ImportReport> {
  const { lines, problems } = readLines(csv);
  const report: ImportReport = { lines: lines.length + problems.length, problems, counted: 0, again: 0, refused: [] };
  if (problems.length > 0) return report;
  await db.transaction(async (tx) => {
    for (const line of lines) {
      const { answer, repeated } = await redeemIn(tx, { partner, key: line.key, code: line.code, input: line.request, at: line.givenAt });
      tally(report, line, answer, repeated);
    }
  });
  return report;
}

function tally(report: ImportReport, line: Line, answer: Answer, repeated: boolean): void {
  if (repeated) report.again += 1;
  else if (answer.status === 201) report.counted += 1;
  if (answer.status !== 201 && 'code' in answer.body) {
    report.refused.push({ line: line.line, key: line.key, code: answer.body.code, message: answer.body.message });
  }
}
