/** Every e2e test file: no CLI process outlives its test, even one that failed or timed out. */
import { afterEach } from "vitest";
import { killStartedClis } from "./cli.js";

afterEach(async () => {
  await killStartedClis();
});
