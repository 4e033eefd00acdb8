/**
 * Checking the shipped NATS configurations with the nats-server on this machine (`-t`). They are
 * written for the nats:2.10 image; Debian's 2.9.10 does not know `sync_interval` (it answers
 * "unknown field"), so on an older server that one line is left out of the check.
 */
import { spawnSync } from "node:child_process";
import { versionAtLeast } from "../../packages/runtime/src/bus/nats-bus.js";

/** Settings nats-server accepts from 2.10 on, by line. */
const SINCE_2_10 = /^\s*sync_interval:.*$/gm;

/** `conf` as the nats-server `binary` can check it. */
export function configForServer(binary: string, conf: string): string {
  const version = /v(\d+\.\d+\.\d+)/.exec(spawnSync(binary, ["--version"], { encoding: "utf8" }).stdout)?.[1] ?? "0.0.0";
  return versionAtLeast(version, "2.10.0") ? conf : conf.replace(SINCE_2_10, "");
}
