import { NavLink, Route, Routes } from 'react-router';
import { useI18n } from '../../i18n';
import { BulkIntake } from './bulk-intake';
import { CheckOnly } from './check-only';
import { SingleRedeem } from './single-redeem';

/** Inwisselen: one voucher, a stack of vouchers, or only a check. */
export function RedeemScreen() {
  const { t } = useI18n();
  return (
    <section>
      <h1 className="utrecht-heading-1" tabIndex={-1}>
        {t('nav.redeem')}
      </h1>
      <nav className="tabs" aria-label={t('redeem.tabs')}>
        <NavLink to="/inwisselen" end>
          {t('redeem.tabSingle')}
        </NavLink>
        <NavLink to="/inwisselen/stapel">{t('redeem.tabBulk')}</NavLink>
        <NavLink to="/inwisselen/controleren">{t('redeem.tabCheck')}</NavLink>
      </nav>
      <Routes>
        <Route index element={<SingleRedeem />} />
        <Route path="stapel" element={<BulkIntake />} />
        <Route path="controleren" element={<CheckOnly />} />
      </Routes>
    </section>
  );
}
