/**
 * Checking the shipped NATS configurations with the nats-server on this machine (`-t`). They are
 * written for the nats:2.10 image; Debian's 2.9.10 does not know `sync_interval` (it answers
 * "unknown field"), so on an older server that one line is left out of the check. The secrets
 * they read from /etc/nats/secrets (a container's mount) are read from `secretsDir` instead.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { versionAtLeast } from "../../packages/runtime/src/bus/nats-bus.js";

/** Settings nats-server accepts from 2.10 on, by line. */
const SINCE_2_10 = /^\s*sync_interval:.*$/gm;
/** Where the deployments mount the secrets of `orbitwin secure init`. */
const SECRETS_MOUNT = "/etc/nats/secrets/";

/** `conf` as the nats-server `binary` can check it, with the secrets of `secretsDir`. */
export function configForServer(binary: string, conf: string, secretsDir: string): string {
  const version = /v(\d+\.\d+\.\d+)/.exec(spawnSync(binary, ["--version"], { encoding: "utf8" }).stdout)?.[1] ?? "0.0.0";
  const local = conf.replaceAll(SECRETS_MOUNT, `${secretsDir}/`);
  return versionAtLeast(version, "2.10.0") ? local : local.replace(SINCE_2_10, "");
}

/** The users' public keys of a secure init folder (nkeys.env), as nats-server's environment. */
export function nkeysEnv(secretsDir: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(`${secretsDir}/nkeys.env`, "utf8")
      .split("\n")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}
