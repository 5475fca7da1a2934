/**
 * One handler per contract entry. Handlers get input that the dispatcher already validated and an
 * actor whose access it already checked; they translate to service calls and nothing more.
 */
import { can } from '../../core/roles.js';
import type { ApiName } from '../../core/api/names.js';
import type { OutputOf, ParsedInputOf } from '../../core/api/contract.js';
import type { SessionInfo } from '../../core/api/contract-session.js';
import type { StoreState } from '../../core/api/contract-app.js';
import { AppError } from '../../core/api/errors.js';
import type { ServiceDeps } from '../deps.js';
import type { Actor, SessionManager } from '../session.js';
import { countUnsent } from '../ledger.js';
import { districtBudgets, listDistricts, listInitiatives, listRounds } from '../reference.js';
import { getSettings, updateSettings } from '../settings.js';
import { completeSetup, getDevice } from '../setup.js';
import { changeOwnPin, createStaff, listStaff, loginOptions, resetStaffPin, setStaffDisabled } from '../staff.js';
import { getLastSyncAt } from '../sync-state.js';
import { changeStatus, getInitiativeDetail, saveAssessment } from '../initiative-lifecycle.js';
import { eraseVolunteer, exportVolunteer, listVolunteers, signUp } from '../volunteers.js';
import { and, eq } from 'drizzle-orm';
import { redemptions } from '../../db/schema.js';
import { currentBusinessDay } from '../business-day.js';
import { closeDay, interimReport, listClosedDays } from '../day-close.js';
import { finishIntake, getIntake, listOpenIntakes, scanIntake, startIntake } from '../intakes.js';
import { importRegistryFile } from '../registry.js';
import { listApprovers, reverseRedemption } from '../reversals.js';
import { checkVoucher, getRedemption, listRedemptionsWhere, redeemVoucher } from '../vouchers.js';
import {
  issueDayReportReceipt,
  issueDonationReceipt,
  issueIntakeReceipt,
  issueReversalReceipt,
  issueTestReceipt,
} from '../printing/issue.js';
import type { PrintQueue } from '../printing/print-queue.js';
import type { SyncService } from '../sync/service.js';
import { SyncError } from '../sync/client.js';
import { listConflicts, settleConflictLocally } from '../sync/conflicts.js';
import { decideReview, listAttention, markHandled } from '../sync/attention.js';
import { writeFileDurably } from '../durable-file.js';
import { deleteDraft, editInitiative, getDraft, listDrafts, registerInitiative, saveDraft } from '../initiative-registration.js';
import { eraseInitiativePerson, exportInitiativePerson, listInitiativePeople } from '../initiative-people.js';
import { addPhoto, deletePhoto, listPhotos } from '../photos.js';
import fs from 'node:fs';
import path from 'node:path';
import { findReceipt, queueCopy } from '../printing/receipts.js';

export interface HandlerContext {
  /** Set for every entry whose access is not 'public'. */
  actor: Actor | null;
  session: SessionManager;
}
export type Handler<N extends ApiName> = (input: ParsedInputOf<N>, ctx: HandlerContext) => OutputOf<N> | Promise<OutputOf<N>>;
export type Handlers = { [N in ApiName]: Handler<N> };

export interface HostInfo {
  kind: 'electron' | 'browser';
  version: string;
  /** Opens a folder in the operating system's file manager (Electron's shell.openPath); absent in browser mode. */
  openFolder?: (folder: string) => Promise<void>;
}

function actorOf(ctx: HandlerContext): Actor {
  if (!ctx.actor) throw new AppError('NOT_LOGGED_IN', 'U bent niet ingelogd.');
  return ctx.actor;
}

export interface Background {
  printing: PrintQueue;
  sync: SyncService;
  /** Where an offline batch file is written for the administrator to carry to the ledger. */
  exportDir: string;
}

export function createHandlers(deps: ServiceDeps, host: HostInfo, districtsCsv: string, background: Background): Handlers {
  const { printing, sync } = background;
  /** Receipts print after the commit, in the background: the answer never waits for the printer. */
  const printLater = (): void => void printing.kick();
  const { db } = deps.store;
  const { clock } = deps;
  return {
    'app:status': () => {
      const device = getDevice(db);
      const printStatus = printing.status();
      return {
        version: host.version,
        host: host.kind,
        store: { state: 'ok' },
        setupDone: device !== null,
        device: device ? { name: device.name, servicePoint: device.servicePoint, isDemo: device.isDemo } : null,
        lastSyncAt: getLastSyncAt(db),
        unsentCount: countUnsent(db),
        printQueued: printStatus.queued,
        printFailed: printStatus.failed,
      };
    },
    'setup:complete': async (input, ctx): Promise<SessionInfo> => {
      const admin = await completeSetup(db, clock, input, districtsCsv);
      deps.log.info({ demo: input.demo }, 'device set up');
      return ctx.session.login(admin.id, input.adminPin);
    },
    'session:current': (_input, ctx) => ctx.session.state(),
    'session:login': async (input, ctx) => {
      const session = await ctx.session.login(input.staffId, input.pin);
      deps.log.info({ role: session.staff.role }, 'staff logged in');
      return session;
    },
    'session:unlock': (input, ctx) => ctx.session.unlock(input.pin),
    'session:lock': (_input, ctx) => {
      ctx.session.lock();
      return null;
    },
    'session:logout': (_input, ctx) => {
      ctx.session.logout();
      return null;
    },
    'session:heartbeat': () => null,
    'staff:login-options': () => loginOptions(db),
    'staff:list': () => listStaff(db, clock),
    'staff:create': (input) => createStaff(db, clock, input),
    'staff:set-disabled': (input, ctx) => setStaffDisabled(db, clock, { ...input, actorId: actorOf(ctx).staffId }),
    'staff:reset-pin': (input) => resetStaffPin(db, clock, input),
    'staff:change-own-pin': async (input, ctx) => {
      await changeOwnPin(db, clock, { staffId: actorOf(ctx).staffId, ...input });
      return null;
    },
    'settings:get': () => getSettings(db),
    'settings:update': (input) => updateSettings(db, input),
    'districts:list': () => listDistricts(db),
    'districts:budgets': () => districtBudgets(db),
    'rounds:list': () => listRounds(db),
    'initiatives:list': (input, ctx) => {
      const { role } = actorOf(ctx);
      return listInitiatives(db, input, { byInitiator: can(role, 'counter') || can(role, 'assess') });
    },
    'initiatives:get': (input, ctx) => getInitiativeDetail(db, clock, input.initiativeId, actorOf(ctx).role),
    'initiatives:assess': (input, ctx) => saveAssessment(db, clock, input.initiativeId, actorOf(ctx), input.assessment),
    'initiatives:transition': (input, ctx) => {
      const actor = actorOf(ctx);
      return {
        status: changeStatus(
          db,
          clock,
          input.initiativeId,
          input.action,
          { staffId: actor.staffId, role: actor.role },
          input.note ?? null,
          input.accountability,
        ),
      };
    },
    'vouchers:check': (input, ctx) => checkVoucher(db, clock, actorOf(ctx), input.code),
    'vouchers:redeem': (input, ctx) => {
      const redemption = redeemVoucher(db, clock, actorOf(ctx), input.code, input.parts);
      const { receiptNo } = issueDonationReceipt(db, clock, redemption);
      printLater();
      return { ...redemption, receiptNo };
    },
    'redemptions:list': (input, ctx) => {
      const day = input.businessDay ?? currentBusinessDay(db, clock());
      const where = and(eq(redemptions.businessDay, day), input.mine ? eq(redemptions.staffId, actorOf(ctx).staffId) : undefined);
      return listRedemptionsWhere(db, where);
    },
    'redemptions:reverse': async (input, ctx) => {
      const reversal = await reverseRedemption(db, clock, actorOf(ctx), input);
      issueReversalReceipt(db, clock, reversal.id);
      printLater();
      return reversal;
    },
    'staff:approvers': () => listApprovers(db),
    'intakes:start': (input, ctx) => startIntake(db, clock, actorOf(ctx), input.initiativeId),
    'intakes:scan': (input, ctx) => scanIntake(db, clock, actorOf(ctx), input.intakeId, input.codes),
    'intakes:finish': (input, ctx) => {
      const intake = finishIntake(db, clock, actorOf(ctx), input.intakeId);
      issueIntakeReceipt(db, clock, intake.id, actorOf(ctx).staffId);
      printLater();
      return intake;
    },
    'intakes:get': (input, ctx) => getIntake(db, input.intakeId, actorOf(ctx)),
    'intakes:open': (_input, ctx) => listOpenIntakes(db, actorOf(ctx).staffId),
    'day:report': (input) => interimReport(db, clock, input.staffId ?? null),
    'day:close': (_input, ctx) => {
      const report = closeDay(db, clock, actorOf(ctx));
      issueDayReportReceipt(db, clock, report, actorOf(ctx).staffId);
      printLater();
      return report;
    },
    'day:closed': () => listClosedDays(db),
    'receipts:reprint': (input) => {
      let receiptNo = findReceipt(db, input.kind, input.refId);
      if (receiptNo === null && input.kind === 'donation') {
        // A donation committed but its receipt never issued (a crash in between): issue it now, as the original.
        const redemption = getRedemption(db, input.refId);
        if (!redemption) throw new AppError('NOT_FOUND', 'Deze donatie bestaat niet.');
        receiptNo = issueDonationReceipt(db, clock, redemption).receiptNo;
        printLater();
        return { receiptNo, copy: 0 };
      }
      if (receiptNo === null) throw new AppError('NOT_FOUND', 'Deze bon bestaat niet.');
      const copy = queueCopy(db, clock, receiptNo);
      printLater();
      return { receiptNo, copy: copy.copy };
    },
    'day:print': (input, ctx) => {
      const report = interimReport(db, clock, input.staffId ?? null);
      const { receiptNo } = issueDayReportReceipt(db, clock, report, actorOf(ctx).staffId);
      printLater();
      return { receiptNo };
    },
    'print:status': () => printing.status(),
    'print:open-folder': async () => {
      const folder = printing.pdfFolder();
      if (!host.openFolder) return { folder, opened: false };
      await host.openFolder(folder);
      return { folder, opened: true };
    },
    'print:retry': () => printing.retryFailed(),
    'print:failed-to-pdf': async () => ({ files: await printing.failedToPdf() }),
    'printer:test': async (_input, ctx) => {
      const { receiptNo } = issueTestReceipt(db, clock, actorOf(ctx).staffId);
      await printing.kick();
      return { receiptNo, status: printing.status() };
    },
    'volunteers:sign-up': (input, ctx) => signUp(db, clock, actorOf(ctx), input),
    'volunteers:list': (input) => listVolunteers(db, input.initiativeId),
    'volunteers:export': (input) => exportVolunteer(db, input.volunteerId),
    'volunteers:erase': (input, ctx) => {
      eraseVolunteer(db, clock, actorOf(ctx), input.volunteerId);
      return null;
    },
    'initiatives:draft-save': (input, ctx) => saveDraft(db, clock, actorOf(ctx), input),
    'initiatives:draft-get': (input) => getDraft(db, clock, input.id),
    'initiatives:drafts': () => listDrafts(db),
    'initiatives:draft-delete': (input) => {
      deleteDraft(db, input.id);
      return null;
    },
    'initiatives:register': (input, ctx) => registerInitiative(db, clock, actorOf(ctx), input.draftId),
    'initiatives:edit': (input, ctx) => editInitiative(db, clock, actorOf(ctx), input.initiativeId),
    'initiatives:people': (input) => listInitiativePeople(db, input.initiativeId),
    'initiatives:person-export': (input) => exportInitiativePerson(db, input.personId),
    'initiatives:person-erase': (input, ctx) => {
      eraseInitiativePerson(db, clock, actorOf(ctx), input.personId);
      return null;
    },
    'photos:add': (input, ctx) => addPhoto(db, clock, actorOf(ctx), input),
    'photos:list': (input) => listPhotos(db, input.owner),
    'photos:delete': (input) => {
      deletePhoto(db, clock, input.id);
      return null;
    },
    'sync:status': () => sync.status(),
    'sync:run': () => {
      // In the background: the screen follows the progress through sync:status.
      sync.run().catch(() => undefined);
      return sync.status();
    },
    'sync:enrol': async (input) => {
      const device = getDevice(db);
      if (!device) throw new AppError('CONFLICT', 'Richt dit apparaat eerst in.');
      if (device.isDemo)
        throw new AppError('CONFLICT', 'Een demo-apparaat kan niet worden aangemeld: demogegevens horen niet in het centrale grootboek.');
      // An enrolled device enrols again only with a code made for it (the ledger checks): same id, new key.
      try {
        await sync.client.enrol(input.serverUrl, input.code, { name: device.name, servicePoint: device.servicePoint });
      } catch (error) {
        if (error instanceof SyncError) throw new AppError('SYNC_FAILED', error.message, { reason: error.code });
        throw error;
      }
      sync.run().catch(() => undefined);
      return sync.status();
    },
    'sync:conflicts': () => listConflicts(db),
    'sync:attention': () => listAttention(db),
    'sync:decide': (input, ctx) => {
      const result = decideReview(db, clock, actorOf(ctx), input);
      sync.run().catch(() => undefined);
      return result;
    },
    'sync:handled': (input, ctx) => markHandled(db, clock, actorOf(ctx), input.seq),
    'sync:settle': (input, ctx) => {
      const result = settleConflictLocally(db, clock, actorOf(ctx), input);
      sync.run().catch(() => undefined);
      return result;
    },
    'sync:export': () => {
      let made;
      try {
        made = sync.client.exportBatchFile();
      } catch (error) {
        if (error instanceof SyncError) throw new AppError('CONFLICT', error.message);
        throw error;
      }
      fs.mkdirSync(background.exportDir, { recursive: true });
      const stamp = clock().toISOString().replace(/[:.]/g, '-');
      const file = path.join(background.exportDir, `buurtbalie-batch-${stamp}.json`);
      writeFileDurably(file, JSON.stringify(made.file));
      deps.log.info({ events: made.events }, 'offline batch file written');
      return { file, events: made.events };
    },
    'registry:import': (input) => {
      const result = importRegistryFile(db, input.fileText);
      deps.log.info({ roundId: result.roundId, vouchers: result.vouchers }, 'registry imported');
      return result;
    },
  };
}

/** When the store cannot be opened, only the status call answers; it says why and where. */
export function statusOnlyHandler(store: Extract<StoreState, { state: 'error' }>, host: HostInfo): Handler<'app:status'> {
  return () => ({
    version: host.version,
    host: host.kind,
    store,
    setupDone: false,
    device: null,
    lastSyncAt: null,
    unsentCount: 0,
    printQueued: 0,
    printFailed: 0,
  });
}
