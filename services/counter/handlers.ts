/** The counter: checking and redeeming vouchers, the day's donations and reversals, bulk intake, day close, the registry. */
import { actorOf, type WingHandlers, type Wiring } from '../api/types.js';
import { currentBusinessDay } from './business-day.js';
import { closeDay, listClosedDays, requestedReport } from './day-close.js';
import { finishIntake, getIntake, listOpenIntakes, scanIntake, startIntake } from './intakes.js';
import { importRegistryFile } from './registry.js';
import { reverseRedemption } from './reversals.js';
import { checkVoucher, redeemVoucher } from './vouchers.js';
import { listDayRedemptions } from './redemptions.js';
import { giveFeedback, recordRemark } from './feedback.js';
import { issueDayReportReceipt, issueDonationReceipt, issueIntakeReceipt, issueReversalReceipt } from '../printing/index.js';

export function counterHandlers(w: Wiring) {
  const { db } = w.store;
  const { clock, printLater } = w;
  return {
    'vouchers:check': (input, ctx) => checkVoucher(db, clock, actorOf(ctx), input.code),
    'feedback:give': (input) => giveFeedback(db, clock, input.score),
    'feedback:remark': (input) => recordRemark(db, clock, input.text),
    'vouchers:redeem': (input, ctx) => {
      // The donation and its receipt number commit together: a crash leaves both or neither.
      const redemption = redeemVoucher(db, clock, actorOf(ctx), input.code, input.parts, (made) => issueDonationReceipt(db, clock, made));
      printLater();
      return redemption;
    },
    'redemptions:list': (input, ctx) =>
      listDayRedemptions(db, input.businessDay ?? currentBusinessDay(db, clock()), input.mine ? actorOf(ctx).staffId : null),
    'redemptions:reverse': async (input, ctx) => {
      const reversal = await reverseRedemption(db, clock, actorOf(ctx), input);
      issueReversalReceipt(db, clock, reversal.id);
      printLater();
      return reversal;
    },
    'intakes:start': (input, ctx) => startIntake(db, clock, actorOf(ctx), input.initiativeId),
    'intakes:scan': (input, ctx) => scanIntake(db, clock, actorOf(ctx), input.intakeId, input.codes),
    'intakes:finish': (input, ctx) => {
      const intake = finishIntake(db, clock, actorOf(ctx), input.intakeId, { ofColleague: input.ofColleague ?? false });
      issueIntakeReceipt(db, clock, intake.id, actorOf(ctx).staffId);
      printLater();
      return intake;
    },
    'intakes:get': (input, ctx) => getIntake(db, input.intakeId, actorOf(ctx)),
    'intakes:list-open': (_input, ctx) => listOpenIntakes(db, actorOf(ctx).staffId),
    'day:report': (input, ctx) => requestedReport(db, clock, actorOf(ctx), input),
    'day:close': (_input, ctx) => {
      const report = closeDay(db, clock, actorOf(ctx));
      issueDayReportReceipt(db, clock, report, actorOf(ctx).staffId);
      printLater();
      return report;
    },
    'day:list-closed': () => listClosedDays(db),
    'registry:import': (input) => {
      const result = importRegistryFile(db, input.fileText);
      w.log.info({ roundId: result.roundId, vouchers: result.vouchers }, 'registry imported');
      return result;
    },
  } satisfies WingHandlers;
}
