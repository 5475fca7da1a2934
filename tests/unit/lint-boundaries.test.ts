// The architecture's lint rules themselves (eslint-rules/layers.mjs): each arrow the docs promise is refused when a
// file breaks it, so a rule that silently stopped matching (a renamed folder, a changed path) fails here, not never.
import path from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
// @ts-expect-error -- a plain .mjs ESLint plugin without type declarations
import { layersPlugin, wingsPlugin } from '../../eslint-rules/layers.mjs';

RuleTester.describe = describe;
RuleTester.it = it;

const root = path.resolve(import.meta.dirname, '../..');
const at = (file: string): string => path.join(root, file);
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' } });

tester.run('layers', layersPlugin.rules.layers, {
  valid: [
    { filename: at('services/counter/vouchers.ts'), code: "import { x } from '../../core/money.js';" },
    { filename: at('server/ledger/batch.ts'), code: "import { x } from '../../common/protocol-crypto.js';" },
    { filename: at('renderer/src/App.tsx'), code: "import { x } from '../../core/i18n.js';" },
  ],
  invalid: [
    {
      filename: at('server/ledger/batch.ts'),
      code: "import { x } from '../../services/counter/index.js';",
      errors: [{ messageId: 'arrow' }],
    },
    { filename: at('server/db/schema.ts'), code: "import { x } from '../../db/schema.js';", errors: [{ messageId: 'arrow' }] },
    { filename: at('core/money.ts'), code: "import { x } from '../common/pdf-qr.js';", errors: [{ messageId: 'arrow' }] },
    { filename: at('renderer/src/App.tsx'), code: "import { x } from '../../services/app.js';", errors: [{ messageId: 'arrow' }] },
    { filename: at('services/app.ts'), code: "export { x } from '../main/csp.js';", errors: [{ messageId: 'arrow' }] },
  ],
});

tester.run('wings', wingsPlugin.rules.wings, {
  valid: [
    { filename: at('services/counter/vouchers.ts'), code: "import { appendEvent } from '../platform/index.js';" },
    { filename: at('services/counter/vouchers.ts'), code: "import { x } from './registry.js';" },
    { filename: at('services/counter/handlers.ts'), code: "import { issueDonationReceipt } from '../printing/index.js';" },
    { filename: at('services/counter/handlers.ts'), code: "import type { WingHandlers } from '../api/types.js';" },
    { filename: at('services/api/handlers.ts'), code: "import { counterHandlers } from '../counter/handlers.js';" },
    { filename: at('services/api/dispatch.ts'), code: "import { x } from '../staff/index.js';" },
  ],
  invalid: [
    // Into another wing's own files instead of its index.
    { filename: at('services/sync/apply.ts'), code: "import { x } from '../counter/ledger-changes.js';", errors: [{ messageId: 'index' }] },
    { filename: at('services/counter/handlers.ts'), code: "import { x } from '../printing/issue.js';", errors: [{ messageId: 'index' }] },
    { filename: at('services/api/dispatch.ts'), code: "import { x } from '../staff/session.js';", errors: [{ messageId: 'index' }] },
    { filename: at('services/sync/apply.ts'), code: "export { x } from '../counter/ledger-changes.js';", errors: [{ messageId: 'index' }] },
    // Upwards: the circle vouchers → lifecycle → volunteers → vouchers cannot come back.
    {
      filename: at('services/volunteers/volunteers.ts'),
      code: "import { x } from '../counter/index.js';",
      errors: [{ messageId: 'upward' }],
    },
    { filename: at('services/counter/vouchers.ts'), code: "import { x } from '../printing/index.js';", errors: [{ messageId: 'upward' }] },
    // The composition root and api/ stay out of the wings.
    { filename: at('services/counter/vouchers.ts'), code: "import { x } from '../app.js';", errors: [{ messageId: 'root' }] },
    { filename: at('services/counter/vouchers.ts'), code: "import type { X } from '../api/types.js';", errors: [{ messageId: 'api' }] },
  ],
});
