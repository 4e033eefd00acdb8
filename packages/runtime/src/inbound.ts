/**
 * The one way a service takes a message off the bus: decode with limits, guard, validate, then
 * act. Bad input gets an error reply (requests) or an `input-rejected` report (pub-sub), and one
 * warning line; it never throws into the bus and never reaches the service's state.
 */
import {
  encodeMessage,
  InvalidMessageError,
  MessageTooLargeError,
  payloadLimitBytes,
  SMALLEST_PAYLOAD_LIMIT_BYTES,
  subjectFamily,
  toWireError,
  type MessageDescriptor,
  type WireError,
} from "@orbitwin/protocol";
import type { Logger } from "pino";
import type { BusMessage, MessageHandler } from "./bus/bus.js";

export interface InboundOptions<T> {
  descriptor: MessageDescriptor<T>;
  log: Logger;
  /** Acts on a valid message; for requests, its return value is the reply's `result`. */
  onMessage(value: T, msg: BusMessage): unknown;
  /** Told about each rejected message (e.g. to raise an input-rejected event). */
  onRejected?(error: WireError, subject: string): void;
  /**
   * Where the message says it comes from (a host or participant id). When given, it must be the
   * subject's last token: the sender's NATS role may publish only on its own token, so a message
   * that names someone else is a forgery (docs/PROTOCOL.md, "Who may say what").
   */
  sender?(value: T): string;
}

export function inboundHandler<T>(options: InboundOptions<T>): MessageHandler {
  const { descriptor, log } = options;
  return (msg: BusMessage) => {
    let value: T;
    try {
      // The subject family's limit, before a byte is decoded (the descriptor's own may be smaller).
      // Most messages are under every family's limit: their subject is not looked at.
      const bytes = msg.data.byteLength;
      const limit = bytes > SMALLEST_PAYLOAD_LIMIT_BYTES ? payloadLimitBytes(msg.subject) : SMALLEST_PAYLOAD_LIMIT_BYTES;
      if (bytes > limit) throw new MessageTooLargeError(`${descriptor.name} on ${subjectFamily(msg.subject)} subjects`, bytes, limit);
      value = descriptor.decode(msg.data);
    } catch (err) {
      reject(toWireError(err), msg, options);
      return;
    }
    const forged = options.sender && forgery(options.sender(value), msg.subject);
    if (forged) {
      reject(toWireError(forged), msg, options);
      return;
    }
    let outcome: unknown;
    try {
      outcome = options.onMessage(value, msg);
    } catch (err) {
      answerFailure(err, msg, log);
      return;
    }
    if (isPromise(outcome)) {
      outcome.then(
        (result) => answer(result, msg),
        (err: unknown) => answerFailure(err, msg, log),
      );
    } else {
      answer(outcome, msg);
    }
  };
}

/** An error when `claimed` is not the subject's last token (the sender the subject names). */
function forgery(claimed: string, subject: string): InvalidMessageError | undefined {
  const token = subject.slice(subject.lastIndexOf(".") + 1);
  if (claimed === token) return undefined;
  return new InvalidMessageError(`the message on ${subject}`, [`it names sender ${JSON.stringify(claimed)}, but only ${token} may publish on this subject`]);
}

/** Replies `{ ok: false, error }` to a request; no-op for pub-sub messages. */
export function replyError(msg: BusMessage, error: WireError): void {
  if (msg.reply) msg.respond(encodeMessage({ ok: false, error }));
}

function reject<T>(error: WireError, msg: BusMessage, options: InboundOptions<T>): void {
  options.log.warn({ subject: msg.subject, code: error.code, reason: error.message }, "rejected inbound message");
  replyError(msg, error);
  options.onRejected?.(error, msg.subject);
}

function answer(result: unknown, msg: BusMessage): void {
  if (msg.reply) msg.respond(encodeMessage({ ok: true, result: result ?? {} }));
}

function answerFailure(err: unknown, msg: BusMessage, log: Logger): void {
  const error = toWireError(err);
  if (error.code === "ORBITWIN_INTERNAL") log.error({ err, subject: msg.subject }, "handler failed");
  else log.warn({ subject: msg.subject, code: error.code, reason: error.message }, "request refused");
  replyError(msg, error);
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}
