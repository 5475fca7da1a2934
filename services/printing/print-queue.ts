/**
 * The durable print queue. Jobs are rows; a worker prints them one at a time, in order. A printer
 * that is off, out of paper or unplugged leaves the job `failed` with its reason: the counter goes
 * on, the status bar says so, and staff retry or print it as PDF. Nothing is lost or printed twice:
 * a job is `done` only once the printer confirmed it.
 */
import path from 'node:path';
import { asc, eq, ne, sql } from 'drizzle-orm';
import { businessDayOf } from '../../core/business-day.js';
import { printJobs } from '../../db/schema.js';
import type { Db } from '../../db/open-store.js';
import { writeFileDurably, type Clock, type Logger } from '../platform/index.js';
import { makePrivateDir } from '../../db/private-files.js';
import { renderEscPos } from './escpos.js';
import { renderPdf } from './pdf.js';
import { receiptDoc } from './receipts.js';
import { PrintError, tcpTransport, type PrinterTransport } from './transport.js';
import { systemPrinterTransport } from './system-printer.js';
import type { PrinterSettings } from '../../core/printer-settings.js';

export interface PrintQueueDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** Where PDF receipts go, in a folder per day. */
  pdfDir: string;
  fontsDir: string;
  logo: Buffer | null;
  printer: () => PrinterSettings;
  /** Printers installed in the operating system, by name (default: CUPS `lp` / the Windows spooler). */
  systemTransport?: (name: string) => PrinterTransport | null;
}

export interface PrintStatus {
  mode: PrinterSettings['mode'];
  queued: number;
  failed: number;
  lastError: string | null;
  lastOutput: string | null;
}

export class PrintQueue {
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly deps: PrintQueueDeps) {}

  /** Work off the queue; resolves when it is empty (or only failed jobs remain). Never throws. */
  kick(): Promise<void> {
    this.running ??= this.drain().finally(() => (this.running = null));
    return this.running;
  }

  /** The app is closing: finish nothing new. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async drain(): Promise<void> {
    try {
      await this.drainJobs();
    } catch (error) {
      // Only a store that went away gets here; the jobs stay queued for the next start.
      this.deps.log.error({ detail: error instanceof Error ? error.message.slice(0, 120) : String(error) }, 'print queue stopped');
    }
  }

  private async drainJobs(): Promise<void> {
    while (!this.stopped) {
      const job = this.deps.db.select().from(printJobs).where(eq(printJobs.status, 'queued')).orderBy(asc(printJobs.id)).limit(1).get();
      if (!job) return;
      await this.print(job.id, job.receiptNo, job.copy, this.deps.printer().mode === 'pdf' ? 'pdf' : 'printer');
    }
  }

  private async print(jobId: number, receiptNo: number, copy: number, target: 'printer' | 'pdf'): Promise<string | null> {
    const { db, clock, log } = this.deps;
    const settings = this.deps.printer();
    try {
      const doc = { ...receiptDoc(db, receiptNo), copy };
      let output: string;
      if (target === 'pdf') {
        const paper = doc.kind === 'day-x' || doc.kind === 'day-z' ? 'a4' : 'roll80';
        const bytes = await renderPdf(doc, paper, this.deps.fontsDir);
        const dir = path.join(this.deps.pdfDir, businessDayOf(new Date(doc.at)));
        makePrivateDir(dir);
        output = path.join(dir, `bon-${receiptNo}${copy ? `-kopie-${copy}` : ''}.pdf`);
        writeFileDurably(output, bytes);
      } else {
        const transport = this.transport(settings);
        await transport.send(await renderEscPos(doc, { profile: settings.profile, paper: settings.paper, logo: this.deps.logo }));
        output = settings.mode === 'network' ? `printer ${settings.address}` : `printer ${settings.systemName}`;
      }
      db.update(printJobs)
        .set({ status: 'done', attempts: sql`${printJobs.attempts} + 1`, output, lastError: null, updatedAt: clock().toISOString() })
        .where(eq(printJobs.id, jobId))
        .run();
      log.info({ receiptNo, copy, target }, 'receipt printed');
      return output;
    } catch (error) {
      const reason = error instanceof PrintError ? error.reason : 'failed';
      db.update(printJobs)
        .set({ status: 'failed', attempts: sql`${printJobs.attempts} + 1`, lastError: reason, updatedAt: clock().toISOString() })
        .where(eq(printJobs.id, jobId))
        .run();
      log.warn(
        { receiptNo, copy, target, reason, detail: error instanceof Error ? error.message.slice(0, 120) : String(error) },
        'receipt not printed; job kept',
      );
      return null;
    }
  }

  private transport(settings: PrinterSettings): PrinterTransport {
    if (settings.mode === 'network') return tcpTransport(settings.address, { confirmStatus: settings.profile === 'epson' });
    const system = settings.mode === 'system' ? (this.deps.systemTransport ?? systemPrinterTransport)(settings.systemName) : null;
    if (!system) throw new PrintError('unsupported', 'no system printer transport on this host');
    return system;
  }

  /** Where PDF receipts are saved (made if missing, so it can be opened). */
  pdfFolder(): string {
    makePrivateDir(this.deps.pdfDir);
    return this.deps.pdfDir;
  }

  status(): PrintStatus {
    const { db } = this.deps;
    const counts = db
      .select({ status: printJobs.status, n: sql<number>`count(*)` })
      .from(printJobs)
      .where(ne(printJobs.status, 'done'))
      .groupBy(printJobs.status)
      .all();
    const lastFailed = db
      .select({ e: printJobs.lastError })
      .from(printJobs)
      .where(eq(printJobs.status, 'failed'))
      .orderBy(asc(printJobs.id))
      .limit(1)
      .get();
    const lastDone = db
      .select({ o: printJobs.output })
      .from(printJobs)
      .where(eq(printJobs.status, 'done'))
      .orderBy(sql`${printJobs.id} DESC`)
      .limit(1)
      .get();
    return {
      mode: this.deps.printer().mode,
      queued: counts.find((c) => c.status === 'queued')?.n ?? 0,
      failed: counts.find((c) => c.status === 'failed')?.n ?? 0,
      lastError: lastFailed?.e ?? null,
      lastOutput: lastDone?.o ?? null,
    };
  }

  /** Put every failed job back in the queue and print. */
  async retryFailed(): Promise<PrintStatus> {
    this.deps.db
      .update(printJobs)
      .set({ status: 'queued', updatedAt: this.deps.clock().toISOString() })
      .where(eq(printJobs.status, 'failed'))
      .run();
    await this.kick();
    return this.status();
  }

  /** Print every failed job as PDF instead; returns the files. */
  async failedToPdf(): Promise<string[]> {
    const failed = this.deps.db.select().from(printJobs).where(eq(printJobs.status, 'failed')).orderBy(asc(printJobs.id)).all();
    const files: string[] = [];
    for (const job of failed) {
      const output = await this.print(job.id, job.receiptNo, job.copy, 'pdf');
      if (output) files.push(output);
    }
    return files;
  }
}
