/**
 * Text made safe once, at the edge (the device's dispatcher, the ledger's ingest): U+0000 and lone
 * UTF-16 surrogates (half an emoji) are never something a person meant, and PostgreSQL cannot store
 * either (text and jsonb refuse them). Structure is bounded too: no input is nested deeper than
 * MAX_JSON_DEPTH, so nothing recursive downstream (canonical JSON, zod) can overflow the stack.
 */

/** Deep enough for every payload and API input (the deepest is about 5); far below any stack limit. */
export const MAX_JSON_DEPTH = 32;

// Without the u flag, a regex sees UTF-16 code units: a high surrogate not followed by a low one, or a
// low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function hasUnsafeText(s: string): boolean {
  LONE_SURROGATE.lastIndex = 0;
  return s.includes('\u0000') || LONE_SURROGATE.test(s);
}

/**
 * Replace lone surrogates with `replacement` and U+0000 with `nul` (the ledger: U+FFFD for both; the
 * device: U+FFFD for a lone surrogate, so the change shows, and nothing for U+0000, as it always did).
 */
export function repairText(s: string, replacement: string, nul = replacement): string {
  if (!hasUnsafeText(s)) return s;
  return s.replaceAll('\u0000', nul).replace(LONE_SURROGATE, replacement);
}

/**
 * The depth of a JSON value (a scalar is 0, `{}` and `[]` are 1), counted without recursion, stopping
 * once past `limit`.
 */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, here]);
  }
  return deepest;
}

/**
 * Every string (and key) of a JSON value repaired, without recursion. Returns the same value when
 * nothing needed repair, so the caller can tell (and the common case allocates nothing).
 */
export function repairJsonText<T>(value: T, replacement: string, nul = replacement): { value: T; repaired: boolean } {
  if (!anyUnsafe(value)) return { value, repaired: false };
  return { value: rebuild(value, replacement, nul) as T, repaired: true };
}

/**
 * Where the first string (or key) PostgreSQL could not store is, as a path (`title`, `parts.0.reason`, `` for the
 * value itself), or null when there is none. Without recursion, so any depth is safe. For an edge that refuses such
 * input with a pointer to it instead of repairing it (the ledger's, for every body but a push: server/http/edge.ts).
 */
export function unsafeTextPath(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [v, path] = stack.pop() as [unknown, string];
    if (typeof v === 'string') {
      if (hasUnsafeText(v)) return path;
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const here = path === '' ? k : `${path}.${k}`;
        if (hasUnsafeText(k)) return here;
        stack.push([x, here]);
      }
    }
  }
  return null;
}

function anyUnsafe(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (hasUnsafeText(v)) return true;
    } else if (Array.isArray(v)) stack.push(...v);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (hasUnsafeText(k)) return true;
        stack.push(x);
      }
    }
  }
  return false;
}

// Depth is bounded by the caller (jsonDepth) before anything is rebuilt, so this recursion is shallow.
function rebuild(v: unknown, r: string, nul: string): unknown {
  if (typeof v === 'string') return repairText(v, r, nul);
  if (Array.isArray(v)) return v.map((x) => rebuild(x, r, nul));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [repairText(k, r, nul), rebuild(x, r, nul)]));
  return v;
}

// Characters a person cannot see or that turn the text around: control and format characters (zero-width
// spaces and joiners, U+FEFF, the direction marks, embeddings, overrides and isolates), private-use
// characters, line and paragraph separators, and U+FFFD — what the edge left of half an emoji.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Zl}\p{Zp}\uFFFD]/u;

/**
 * Whether a name shows exactly what it holds. Names are picked from lists (the login list, the approver's
 * drop-down, an initiative's people): an invisible or direction-changing character makes two names that
 * look alike, or one that reads differently from what it is.
 */
export function hasInvisibleCharacters(s: string): boolean {
  return INVISIBLE.test(s);
}
