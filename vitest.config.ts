import { defineConfig } from "vitest/config";

const sourceConditions = { resolve: { conditions: ["@orbitwin/source"] } };

export default defineConfig({
  ssr: sourceConditions,
  test: {
    // vitest's default is one worker per core less one: a single worker on a 2-core machine. Most
    // integration and e2e files wait on NATS, child processes and paced clocks, so three files at
    // a time fill two cores without starving them.
    maxWorkers: 3,
    projects: [
      {
        ssr: sourceConditions,
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "services/*/src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "test/e2e/**", "test/scale/**", "**/*.fuzz.test.ts", "test/soak/**", "**/node_modules/**"],
          // A hang guard, not a speed limit: the in-process twins of test/cross-service take 4-5 s
          // each on a quiet 2-core machine, and twice that while other test files share the cores.
          testTimeout: 30_000,
        },
      },
      {
        ssr: sourceConditions,
        test: {
          name: "integration",
          include: ["packages/*/src/**/*.int.test.ts", "services/*/src/**/*.int.test.ts", "test/**/*.int.test.ts"],
          exclude: ["test/e2e/**", "test/scale/**", "**/node_modules/**"],
          globalSetup: ["./test/harness/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
      {
        // Opt-in (npm run test:scale): the million, minutes and gigabytes; never in npm test.
        ssr: sourceConditions,
        test: {
          name: "scale",
          include: ["test/scale/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 3_600_000,
        },
      },
      {
        // Opt-in (npm run test:fuzz): 10^6 fuzzed messages against a live twin; never in npm test.
        ssr: sourceConditions,
        test: {
          name: "fuzz",
          include: ["test/fuzz/**/*.fuzz.test.ts"],
          globalSetup: ["./test/harness/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 7_200_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Opt-in (npm run test:soak): 100,000 satellites at 1 Hz for ORBITWIN_SOAK_MINUTES (60); never in npm test.
        ssr: sourceConditions,
        test: {
          name: "soak",
          include: ["test/soak/**/*.test.ts"],
          globalSetup: ["./test/harness/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 0,
          hookTimeout: 120_000,
        },
      },
      {
        ssr: sourceConditions,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["./test/harness/global-setup.ts"],
          setupFiles: ["./test/e2e/setup.ts"],
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
