import { useRef, useState } from 'react';
import type { VoucherCheck } from '../../../../core/api/contract-counter';
import { api } from '../../api-client';
import { Alert } from '../../components/field';
import { messageFor } from '../../errors';
import { useI18n } from '../../i18n';
import { CheckMessage } from './check-message';
import { CodeInput } from './code-input';
import { useDistrictName } from './use-districts';

/** "Controleer een waardebon": the status of a code, without redeeming it. */
export function CheckOnly() {
  const i18n = useI18n();
  const districtName = useDistrictName();
  const [code, setCode] = useState('');
  const [check, setCheck] = useState<VoucherCheck | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const run = async (value = code) => {
    try {
      setFailure(null);
      setCheck(await api.vouchersCheck({ code: value }));
      input.current?.select();
    } catch (error) {
      setFailure(messageFor(i18n, error));
    }
  };
  return (
    <div>
      <p className="utrecht-paragraph">{i18n.t('checkOnly.intro')}</p>
      <CodeInput ref={input} value={code} onChange={setCode} onSubmit={() => void run()} buttonLabel={i18n.t('redeem.checkButton')} />
      {failure ? <Alert kind="error">{failure}</Alert> : null}
      {check ? (
        <CheckMessage
          i18n={i18n}
          check={check}
          districtName={districtName}
          onUseSuggestion={(s) => {
            setCode(s);
            void run(s);
          }}
        />
      ) : null}
    </div>
  );
}
