import { useCallback } from 'react';
import { api } from '../../api-client';
import { useI18n } from '../../i18n';
import { useLoad } from '../use-load';

/** District code → name, for messages and lists. */
export function useDistrictName(): (code: string | null) => string {
  const { t } = useI18n();
  const districts = useLoad(() => api.districtsList({}));
  return useCallback(
    (code: string | null) => (code ? (districts.data?.find((d) => d.code === code)?.name ?? code) : t('redeem.noDistrict')),
    [districts.data, t],
  );
}
