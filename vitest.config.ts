import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Argon2id at its 64 MiB floor, real keychain calls and child processes: generous, not flaky.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: more workers only make Argon2id and SQLCipher fight for them.
    maxWorkers: 2,
  },
});
