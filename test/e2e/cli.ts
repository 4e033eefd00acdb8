/** Runs the built `orbitwin` CLI as a person would, in a scratch working folder. */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../../packages/cli/dist/main.js", import.meta.url));
export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
export const scenario = (name: string) => fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), "orbitwin-e2e-"));
}

/** A file of `text` named `name` in a new scratch directory. */
export function scratchFile(name: string, text: string): { dir: string; file: string } {
  const dir = scratchDir();
  const file = join(dir, name);
  writeFileSync(file, text);
  return { dir, file };
}

const started = new Set<ChildProcess>();

/** Kills every CLI process a test started and left running (a failed or timed-out test). */
export async function killStartedClis(): Promise<void> {
  await Promise.all(
    [...started].map((child) => {
      started.delete(child);
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      });
    }),
  );
}

export function startCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): ChildProcess & { output: { stdout: string; stderr: string } } {
  return startScript(CLI, args, options);
}

/** Runs a built node script (a service's dist/main.js, say) as startCli runs the CLI. */
export function startScript(
  script: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): ChildProcess & { output: { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NATS_URL: "", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = { stdout: "", stderr: "" };
  child.stdout.on("data", (b: Buffer) => (output.stdout += b.toString()));
  child.stderr.on("data", (b: Buffer) => (output.stderr += b.toString()));
  started.add(child);
  child.once("exit", () => started.delete(child));
  return Object.assign(child, { output });
}

export function runCli(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  const child = startCli(args, options);
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, ...child.output })));
}

/** Resolves when `text` appears on the child's stdout; rejects when it exits first or after the timeout. */
export function waitForOutput(child: ReturnType<typeof startCli>, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = child.output.stdout.match(pattern);
      if (m) {
        cleanup();
        resolve(m);
      }
    };
    const onExit = () => {
      cleanup();
      reject(new Error(`exited before printing ${pattern}:\n${child.output.stdout}\n${child.output.stderr}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${child.output.stdout}\n${child.output.stderr}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off("data", check);
      child.off("exit", onExit);
    };
    child.stdout?.on("data", check);
    child.once("exit", onExit);
    check();
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The direct children of a process, with their command lines (the services a CLI started). */
export function childrenOf(pid: number): { pid: number; args: string }[] {
  const out = execFileSync("ps", ["--ppid", String(pid), "-o", "pid=,args="], { encoding: "utf8" });
  return out
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [pidText, ...rest] = line.split(/\s+/);
      return { pid: Number(pidText), args: rest.join(" ") };
    });
}
