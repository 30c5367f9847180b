import { defineConfig } from 'vitest/config';

/**
 * Three suites: `unit` (pure logic, fast), `sim` (the stand-in OPNsense against real haproxy) and
 * `e2e` (the built extension in real browsers). The last two start processes and ports, so they
 * run their files one at a time to stay reliable on a 2-core machine.
 */
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'sim',
          include: ['test/sim/**/*.test.ts'],
          // Kills haproxy processes a crashed earlier run left behind, and any this run leaked.
          globalSetup: ['test/sim/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/sim/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
