/**
 * Operators' commands sent durably: stored in the run's operation stream under a fresh command id,
 * retried with the same id (so the stream keeps one copy), then the outcome is read back from the
 * results bucket by that id. A command survives a coordinator takeover and a NATS node loss.
 */
import { randomUUID } from "node:crypto";
import {
  ErrorCodes,
  OrbitwinError,
  buckets,
  operation,
  operationResult,
  streams,
  subjects,
  type OperationResult,
  type OperationVerb,
} from "@orbitwin/protocol";
import { isPermissionDenied, permissionDenied } from "@orbitwin/runtime";
import type { Client } from "./client.js";

export interface SendOptions {
  fault?: string;
  /** @default 30000 */
  timeoutMs?: number;
}

const MAX_ATTEMPTS = 20;

export async function sendOperation(client: Client, verb: OperationVerb, request: object, options: SendOptions = {}): Promise<OperationResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const id = randomUUID();
  const data = operation.encode({
    v: 1,
    id,
    request: request as Record<string, unknown>,
    source: `cli@${process.env.USER ?? "unknown"}`,
    ...(options.fault === undefined ? {} : { fault: options.fault }),
  });
  // JetStream answers nothing while a cluster elects new leaders (a node lost): every step retries.
  await retried(`store the ${verb} command (${id})`, deadline, async () => {
    const stream = await client.bus.openStream(streams.operations(client.run));
    await stream.publish(subjects.operation(client.run, verb), data, id);
  });
  const results = await retried("open the command results", deadline, () => client.bus.kv(buckets.operationResults(client.run)));
  for (let waitMs = 25; ; waitMs = Math.min(500, waitMs * 2)) {
    const entry = await results.get(id).catch((err: unknown) => {
      if (isPermissionDenied(err)) throw permissionDenied(err);
      return undefined;
    });
    if (entry) return operationResult.decode(entry.value);
    if (Date.now() > deadline)
      throw new OrbitwinError(
        ErrorCodes.timeout,
        `the ${verb} command (${id}) is stored but the coordinator has not applied it within ${timeoutMs} ms: is the run's coordinator up? It applies the command when it is`,
        { retryable: true },
      );
    await pause(waitMs);
  }
}

/** The command's answer, or its error raised. */
export async function runOperation(client: Client, verb: OperationVerb, request: object, options: SendOptions = {}): Promise<unknown> {
  const outcome = await sendOperation(client, verb, request, options);
  if (!outcome.ok) throw OrbitwinError.fromWire(outcome.error!);
  return outcome.result;
}

/** `act` again until it succeeds; an unknown stream (wrong run id) is not worth retrying. */
async function retried<T>(what: string, deadline: number, act: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await act();
    } catch (err) {
      if ((err as { code?: string }).code === ErrorCodes.unknownStream) throw err;
      if (isPermissionDenied(err)) throw permissionDenied(err);
      if (attempt >= MAX_ATTEMPTS || Date.now() > deadline) {
        throw new OrbitwinError(ErrorCodes.timeout, `could not ${what} after ${attempt} tries: ${err instanceof Error ? err.message : String(err)}`, {
          retryable: true,
        });
      }
      await pause(Math.min(2000, 200 * attempt));
    }
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
