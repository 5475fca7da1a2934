import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/{unit,integration,smoke,web}/**/*.test.ts'],
    // Real SQLite files and scrypt: give slow CI machines room, and keep native modules in forks.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
