import { startTransition, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { InitiativeSummary } from '../../../../core/api/contract-reference';
import type { Redemption, VoucherCheck } from '../../../../core/api/contract-counter';
import { api } from '../../api-client';
import { Alert } from '../../components/field';
import { messageFor } from '../../errors';
import { useI18n } from '../../i18n';
import { afterNextPaint } from '../../after-paint';
import { playSignal, prepareSignals } from '../../sound';
import { CheckMessage } from './check-message';
import { CodeInput } from './code-input';
import { InitiativePicker, partsOf, type PickerState } from './initiative-picker';
import { ReceiptView } from './receipt-view';
import { ReprintButton } from '../../components/reprint-button';
import { useDistrictName } from './use-districts';
import { SatisfactionQuestion } from '../../components/feedback';

/** How old a list of initiatives asked for ahead may be when a code turns out valid. */
const LIST_FRESH_MS = 60_000;

type Step =
  | { step: 'scan'; check: VoucherCheck | null; last: Redemption | null }
  | { step: 'choose'; code: string; check: Extract<VoucherCheck, { status: 'valid' }>; initiatives: InitiativeSummary[] };

/**
 * One voucher, one resident: scan → choose → confirm → receipt, and the code field is ready for the next
 * resident at once (the next scan starts the next donation; "Volgende bewoner" clears the screen). Until
 * "Bevestigen" nothing is stored; after it, the donation is committed before the receipt shows.
 */
export function SingleRedeem() {
  const i18n = useI18n();
  const { t } = i18n;
  const districtName = useDistrictName();
  const [code, setCode] = useState('');
  const [state, setState] = useState<Step>({ step: 'scan', check: null, last: null });
  const [picker, setPicker] = useState<PickerState>({ selected: [], amounts: {} });
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The answer to a scan is painted first and the list to choose from in the frame after it: the clerk sees "valid"
  // without waiting for the list to render and lay out (about 13 ms of the main thread, which otherwise delayed the
  // answer's own frame; bench/counter-ui.ts). The search field takes the focus when the list is there.
  const [listShown, setListShown] = useState(false);
  const cancelList = useRef<(() => void) | null>(null);
  const stopListAfterPaint = () => {
    cancelList.current?.();
    cancelList.current = null;
  };
  useEffect(() => stopListAfterPaint, []);
  const input = useRef<HTMLInputElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  // The list to choose from is asked for ahead, when the code field is ready for the next voucher (the resident is
  // still handing it over), so a valid code's answer waits for the check alone (bench/counter-ui.ts). A list older than
  // LIST_FRESH_MS, or one that failed, is asked for again with the check.
  const ahead = useRef<{ at: number; list: Promise<InitiativeSummary[]> } | null>(null);
  const askListAhead = () => {
    const list = api.initiativesList({ status: 'spaarfase' });
    list.catch(() => undefined); // a refused code does not wait for it; its failure is not this answer's
    ahead.current = { at: Date.now(), list };
    return list;
  };
  useEffect(() => {
    askListAhead();
    prepareSignals();
  }, []);

  const toScan = (last: Redemption | null) => {
    askListAhead();
    stopListAfterPaint();
    setListShown(false);
    setCode('');
    setPicker({ selected: [], amounts: {} });
    setFailure(null);
    setState({ step: 'scan', check: null, last });
    setTimeout(() => input.current?.focus(), 0);
  };

  const check = async (value = code) => {
    setBusy(true);
    setFailure(null);
    try {
      const early = ahead.current && Date.now() - ahead.current.at < LIST_FRESH_MS ? ahead.current.list : askListAhead();
      const result = await api.vouchersCheck({ code: value });
      // The answer is put on screen at once (flushSync), not in a render scheduled for later, and the tone follows it.
      if (result.status === 'valid') {
        const initiatives = await early.catch(() => askListAhead());
        flushSync(() => setState({ step: 'choose', code: value, check: result, initiatives }));
        stopListAfterPaint();
        cancelList.current = afterNextPaint(() => startTransition(() => setListShown(true)));
        playSignal('ok');
      } else {
        flushSync(() => setState({ step: 'scan', check: result, last: null }));
        playSignal('refused');
        input.current?.select();
      }
    } catch (error) {
      setFailure(messageFor(i18n, error));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (with_ = picker) => {
    if (state.step !== 'choose' || busy) return;
    const parts = partsOf(with_, state.check.valueCents);
    if (!parts) return;
    setBusy(true);
    try {
      const redemption = await api.vouchersRedeem({ code: state.code, parts });
      toScan(redemption);
    } catch (error) {
      setFailure(messageFor(i18n, error));
    } finally {
      setBusy(false);
    }
  };

  if (state.step === 'choose') {
    const parts = partsOf(picker, state.check.valueCents);
    return (
      <div>
        <CheckMessage i18n={i18n} check={state.check} districtName={districtName} />
        {failure ? <Alert kind="error">{failure}</Alert> : null}
        {listShown ? (
          <InitiativePicker
            initiatives={state.initiatives}
            districtCode={state.check.districtCode}
            valueCents={state.check.valueCents}
            state={picker}
            onChange={setPicker}
            onSubmit={(next) => void confirm(next)}
            onChosenBySearch={() => setTimeout(() => confirmButton.current?.focus(), 0)}
          />
        ) : null}
        <div className="button-row sticky-actions">
          <button
            ref={confirmButton}
            type="button"
            className="utrecht-button utrecht-button--primary-action"
            disabled={!parts || busy}
            onClick={() => void confirm()}
          >
            {t('redeem.confirm')}
          </button>
          <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => toScan(null)}>
            {t('redeem.cancel')}
          </button>
        </div>
      </div>
    );
  }

  return (
    <div>
      <CodeInput
        ref={input}
        value={code}
        onChange={setCode}
        onSubmit={() => void check()}
        busy={busy}
        buttonLabel={t('redeem.checkButton')}
      />
      {failure ? <Alert kind="error">{failure}</Alert> : null}
      {state.check ? (
        <CheckMessage
          i18n={i18n}
          check={state.check}
          districtName={districtName}
          onUseSuggestion={(suggestion) => {
            setCode(suggestion);
            void check(suggestion);
          }}
        />
      ) : null}
      {state.last ? <LastDonation redemption={state.last} onNext={() => toScan(null)} /> : null}
    </div>
  );
}

/** The donation just made: saved, its receipt on screen (and on its way to the printer), a reprint at hand. */
function LastDonation({ redemption, onNext }: { redemption: Redemption; onNext: () => void }) {
  const { t } = useI18n();
  return (
    <div className="last-donation">
      <Alert kind="ok">
        {t('redeem.saved')} {redemption.receiptNo ? t('print.receiptQueued', { number: redemption.receiptNo }) : null}{' '}
        {t('redeem.scanNext')}
      </Alert>
      <ReceiptView redemption={redemption} />
      <SatisfactionQuestion key={redemption.id} />
      <div className="button-row">
        <ReprintButton kind="donation" refId={redemption.id} />
        <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={onNext}>
          {t('redeem.next')}
        </button>
      </div>
    </div>
  );
}
