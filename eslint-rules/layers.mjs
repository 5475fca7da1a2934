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
