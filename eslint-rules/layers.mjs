// The architecture's arrows (DESIGN.md rule 1), checked from every file's relative imports: a file in
// one top-level folder may import from another only where the table allows it. Resolving the path
// (rather than matching the import string) keeps server/db apart from the device's db/.
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** folder → the folders it may import from (besides itself). */
export const allowed = {
  core: [],
  common: ['core'],
  db: ['core'],
  services: ['core', 'common', 'db'],
  main: ['core', 'common', 'db', 'services'],
  preload: ['core'],
  renderer: ['core'],
  server: ['core', 'common'],
};

const why = {
  server: 'the central ledger never imports the device’s code: share it through core/ or common/',
  db: 'db/ is the store; it never imports services/ or main/',
  services: 'services/ never imports main/ (hosts depend on services, not the other way round)',
  common: 'common/ is what device and ledger share: it imports core/ only',
  core: 'core/ is pure and imports nothing of ours outside core/',
};

export const layersPlugin = {
  rules: {
    layers: {
      meta: { type: 'problem', schema: [], messages: { arrow: '{{from}}/ may not import {{to}}/: {{why}}.' } },
      create(context) {
        const file = context.filename;
        const from = path.relative(root, file).split(path.sep)[0];
        if (!(from in allowed)) return {};
        const check = (node, source) => {
          if (typeof source !== 'string' || !source.startsWith('.')) return;
          const to = path.relative(root, path.resolve(path.dirname(file), source)).split(path.sep)[0];
          if (to === from || !(to in allowed) || allowed[from].includes(to)) return;
          context.report({ node, messageId: 'arrow', data: { from, to, why: why[from] ?? 'see DESIGN.md, rule 1' } });
        };
        return {
          ImportDeclaration: (node) => check(node, node.source.value),
          ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
          ExportAllDeclaration: (node) => check(node, node.source.value),
          ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
        };
      },
    },
  },
};

/**
 * The wings of services/, lowest first. A wing's own files import only wings below it, so no circle between
 * wings can come back; `handlers.ts` files and `api/` are the wiring and may import any wing; nothing in a wing
 * imports the composition root (`services/app.ts`) or `api/` other than the handlers' shared types. Every
 * crossing goes through the other wing's `index.ts` (its public face); only `api/` reaches a wing's `handlers.ts`.
 */
export const wingOrder = [
  'platform',
  'staff',
  'volunteers',
  'initiatives',
  'counter',
  'monitor',
  'printing',
  'reports',
  'sync',
  'updates',
  'setup',
];

export const wingsPlugin = {
  rules: {
    wings: {
      meta: {
        type: 'problem',
        schema: [],
        messages: {
          upward:
            '{{from}}/ may not import {{to}}/ (wings import only the wings below them: {{order}}); move the shared part down or call it from handlers.ts.',
          root: 'A wing never imports the composition root (services/app.ts).',
          api: 'A wing imports nothing of api/ but the handlers’ types (api/types.ts), and only from handlers.ts.',
          index: 'Import {{to}}/ through its index ({{to}}/index.js), not {{to}}/{{file}}: a wing’s other files are its own.',
        },
      },
      create(context) {
        const services = path.join(root, 'services');
        const file = context.filename;
        const parts = path.relative(services, file).split(path.sep);
        if (parts.length < 2) return {};
        const from = parts[0];
        const isHandlers = parts.at(-1) === 'handlers.ts';
        const check = (node, source) => {
          if (typeof source !== 'string' || !source.startsWith('.')) return;
          const target = path.resolve(path.dirname(file), source);
          const rel = path.relative(services, target).split(path.sep);
          if (rel[0] === '..' || rel.length === 0) return;
          if (rel.length === 1) {
            context.report({ node, messageId: 'root' });
            return;
          }
          const to = rel[0];
          if (to === from) return;
          // api/ combines every wing's handlers.ts and otherwise uses the wings' indexes.
          if (from === 'api') {
            if (to !== 'api' && rel[1] !== 'index.js' && rel[1] !== 'handlers.js')
              context.report({ node, messageId: 'index', data: { to, file: rel.slice(1).join('/') } });
            return;
          }
          if (to === 'api') {
            if (!(isHandlers && rel[1] === 'types.js')) context.report({ node, messageId: 'api' });
            return;
          }
          // A wing crosses into another only through its index.
          if (rel[1] !== 'index.js') {
            context.report({ node, messageId: 'index', data: { to, file: rel.slice(1).join('/') } });
            return;
          }
          if (isHandlers) return;
          if (wingOrder.indexOf(to) > wingOrder.indexOf(from) || !wingOrder.includes(to))
            context.report({ node, messageId: 'upward', data: { from, to, order: wingOrder.join(' < ') } });
        };
        return {
          ImportDeclaration: (node) => check(node, node.source.value),
          ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
          ExportAllDeclaration: (node) => check(node, node.source.value),
          ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
        };
      },
    },
  },
};
