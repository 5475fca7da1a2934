import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { InitiativeSummary } from '../../../../core/api/contract-reference';
import { formatEuro, formatEuroInput, parseEuroInput } from '../../../../core/money';
import { MAX_SPLIT_PARTS, evenSplit, type SplitPart } from '../../../../core/split';
import { useI18n } from '../../i18n';

export interface PickerState {
  selected: string[];
  amounts: Record<string, string>;
}

/** The parts the picker describes, or null while they are incomplete or do not add up. */
export function partsOf(state: PickerState, valueCents: number): SplitPart[] | null {
  if (state.selected.length === 0) return null;
  if (state.selected.length === 1) return [{ initiativeId: state.selected[0] ?? '', amountCents: valueCents }];
  const parts = state.selected.map((id) => ({ initiativeId: id, amountCents: parseEuroInput(state.amounts[id] ?? '') ?? -1 }));
  if (parts.some((p) => p.amountCents <= 0)) return null;
  return parts.reduce((s, p) => s + p.amountCents, 0) === valueCents ? parts : null;
}

/**
 * Choose one initiative (radio buttons), or up to three with amounts. Collecting initiatives of the
 * voucher's district come first; the search finds by name or number. Enter does the obvious thing: in the
 * search with one initiative left it chooses that one and moves to Bevestigen; on a chosen initiative or in an
 * amount it confirms (onSubmit), as Enter submits a form.
 */
export function InitiativePicker({
  initiatives,
  districtCode,
  valueCents,
  state,
  onChange,
  onSubmit,
  onChosenBySearch,
}: {
  initiatives: InitiativeSummary[];
  districtCode: string | null;
  valueCents: number;
  state: PickerState;
  onChange: (s: PickerState) => void;
  /** Enter on a choice or an amount: confirm with this state. */
  onSubmit: (s: PickerState) => void;
  /** Enter in the search with one initiative left: it is chosen; the caller moves the focus to Bevestigen. */
  onChosenBySearch: () => void;
}) {
  const { t } = useI18n();
  const searchId = useId();
  const [query, setQuery] = useState('');
  const [split, setSplit] = useState(false);
  const q = query.trim().toLowerCase();
  const shown = useMemo(
    () => initiatives.filter((i) => !q || i.title.toLowerCase().includes(q) || String(i.number) === q),
    [initiatives, q],
  );
  const own = shown.filter((i) => i.districtCode === districtCode);
  const other = shown.filter((i) => i.districtCode !== districtCode);

  const toggled = (id: string): PickerState => {
    if (!split) return { selected: [id], amounts: {} };
    const selected = state.selected.includes(id)
      ? state.selected.filter((s) => s !== id)
      : [...state.selected, id].slice(0, MAX_SPLIT_PARTS);
    const even = evenSplit(valueCents, Math.max(selected.length, 1));
    return { selected, amounts: Object.fromEntries(selected.map((s, i) => [s, formatEuroInput(even[i] ?? 0)])) };
  };
  const toggle = (id: string) => onChange(toggled(id));
  const enterOnChoice = (event: KeyboardEvent, id: string) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    // One initiative: Enter chooses the one under the cursor and confirms. Splitting: the amounts come next.
    const next = split ? state : toggled(id);
    if (!split) onChange(next);
    onSubmit(next);
  };
  const enterInSearch = (event: KeyboardEvent) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const only = shown.length === 1 ? shown[0] : undefined;
    if (!only) return;
    if (!state.selected.includes(only.id)) toggle(only.id);
    onChosenBySearch();
  };
  const sum = state.selected.reduce((s, id) => s + (parseEuroInput(state.amounts[id] ?? '') ?? 0), 0);

  const row = (i: InitiativeSummary) => (
    <li key={i.id} className={state.selected.includes(i.id) ? 'pick selected' : 'pick'}>
      <label>
        <input
          type={split ? 'checkbox' : 'radio'}
          name="initiative"
          checked={state.selected.includes(i.id)}
          onChange={() => toggle(i.id)}
          onKeyDown={(e) => enterOnChoice(e, i.id)}
          disabled={split && !state.selected.includes(i.id) && state.selected.length >= MAX_SPLIT_PARTS}
        />
        <span className="pick-title">
          {i.number} · {i.title}
        </span>
        <span className="pick-progress">
          <progress max={i.targetCents} value={Math.min(i.collectedCents, i.targetCents)} aria-hidden="true" />{' '}
          {t('redeem.progress', { collected: formatEuro(i.collectedCents), target: formatEuro(i.targetCents) })}
        </span>
      </label>
    </li>
  );

  return (
    <fieldset className="picker">
      <legend>
        <h2 className="utrecht-heading-2">{t('redeem.chooseTitle')}</h2>
      </legend>
      <div className="picker-tools">
        <label htmlFor={searchId} className="utrecht-form-label">
          {t('redeem.search')}
        </label>
        <input
          id={searchId}
          className="utrecht-textbox utrecht-textbox--html-input"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={enterInSearch}
          type="search"
          autoFocus
        />
        <label className="checkbox-label">
          <input
            type="checkbox"
            checked={split}
            onChange={(e) => {
              setSplit(e.target.checked);
              onChange({ selected: state.selected.slice(0, 1), amounts: {} });
            }}
          />
          <span>{t('redeem.split')}</span>
        </label>
      </div>
      {split && state.selected.length > 0 ? (
        <div className="split-amounts">
          {state.selected.map((id) => {
            const item = initiatives.find((i) => i.id === id);
            return (
              <label key={id} className="split-amount">
                <span>{t('redeem.amountFor', { title: item?.title ?? id })}</span>
                <input
                  className="utrecht-textbox utrecht-textbox--html-input"
                  inputMode="decimal"
                  value={state.amounts[id] ?? ''}
                  onChange={(e) => onChange({ ...state, amounts: { ...state.amounts, [id]: e.target.value } })}
                  onKeyDown={(e) => {
                    if (e.key !== 'Enter') return;
                    e.preventDefault();
                    onSubmit(state);
                  }}
                />
              </label>
            );
          })}
          <p className={sum === valueCents ? 'utrecht-paragraph' : 'utrecht-paragraph split-wrong'} role="status">
            {sum === valueCents
              ? t('redeem.splitSum', { sum: formatEuro(sum), value: formatEuro(valueCents) })
              : t('redeem.splitWrong', { value: formatEuro(valueCents) })}
          </p>
        </div>
      ) : null}
      {shown.length === 0 ? <p className="utrecht-paragraph">{t('redeem.noInitiatives')}</p> : null}
      {own.length > 0 ? (
        <>
          <h3 className="utrecht-heading-3">{t('redeem.sameDistrict')}</h3>
          <ul className="pick-list">{own.map(row)}</ul>
        </>
      ) : null}
      {other.length > 0 ? (
        <>
          <h3 className="utrecht-heading-3">{t('redeem.otherDistricts')}</h3>
          <ul className="pick-list">{other.map(row)}</ul>
        </>
      ) : null}
    </fieldset>
  );
}
