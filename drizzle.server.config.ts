import { defineConfig } from 'drizzle-kit';

// The central ledger's migrations (PostgreSQL): `npm run server:db:generate`; committed, never edited after they land.
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/db/schema.ts',
  out: './server/db/migrations',
});
