import { useCallback, useEffect, useId, useState } from 'react';
import { api } from '../api-client';
import { messageFor } from '../errors';
import { useI18n } from '../i18n';
import { Alert } from './field';

type Owner = { kind: 'draft' | 'initiative'; id: string };

function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/**
 * Photos from a file (the idea, or the result): thumbnails with a remove button, and a file field.
 * `owner` may be made on demand (a draft that is not saved yet gets saved first).
 */
export function PhotosField({
  owner,
  ensureOwner,
  purpose,
  label,
  readOnly = false,
}: {
  owner: Owner | null;
  ensureOwner?: () => Promise<Owner | null>;
  purpose: 'idee' | 'verantwoording';
  label: string;
  readOnly?: boolean;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const id = useId();
  const [photos, setPhotos] = useState<{ id: string; purpose: string; dataUrl: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    (o: Owner | null) => (o ? api.photosList({ owner: o }).then((list) => list.filter((p) => p.purpose === purpose)) : Promise.resolve([])),
    [purpose],
  );
  useEffect(() => {
    let live = true;
    void load(owner).then((list) => live && setPhotos(list));
    return () => {
      live = false;
    };
  }, [owner, load]);

  const add = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setError(null);
    try {
      const o = owner ?? (await ensureOwner?.()) ?? null;
      if (!o) return;
      for (const file of Array.from(files)) await api.photosAdd({ owner: o, purpose, dataBase64: await readAsBase64(file) });
      setPhotos(await load(o));
    } catch (e) {
      setError(messageFor(i18n, e));
    }
  };
  const remove = async (photoId: string) => {
    await api.photosDelete({ id: photoId });
    setPhotos(await load(owner));
  };

  if (readOnly && photos.length === 0) return null;
  return (
    <div className="utrecht-form-field">
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={id}>
          {label}
        </label>
      </div>
      {error ? <Alert kind="error">{error}</Alert> : null}
      <ul className="photo-list" data-testid={`photos-${purpose}`}>
        {photos.map((p, i) => (
          <li key={p.id}>
            <img src={p.dataUrl} alt={t('photos.alt', { n: i + 1 })} width={120} />
            {readOnly ? null : (
              <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => void remove(p.id)}>
                {t('photos.remove', { n: i + 1 })}
              </button>
            )}
          </li>
        ))}
      </ul>
      {readOnly ? null : (
        <input id={id} type="file" accept="image/jpeg,image/png,image/webp" multiple onChange={(e) => void add(e.target.files)} />
      )}
    </div>
  );
}
