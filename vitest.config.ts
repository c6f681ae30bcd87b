import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Stops the run at once, with one message, when ../shared/data is missing.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Two cores: run files in two workers; each runtime test starts its own process.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
