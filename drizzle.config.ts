import { defineConfig } from 'drizzle-kit';

// Migrations are generated (`npm run db:generate`), committed, and never edited after they land.
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema.ts',
  out: './db/migrations',
});
