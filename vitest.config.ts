import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules', 'dist', 'web/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // expect.poll waits 1 s by default: too short for a browser step on a busy 2-core CI machine (a
    // recovery-code screen once took longer and failed a run). A wrong answer still fails, only later.
    expect: { poll: { timeout: 15_000, interval: 50 } },
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default'],
  },
});
