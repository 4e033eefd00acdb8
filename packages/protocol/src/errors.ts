/**
 * Protocol errors. The code catalogue, the root class and the wire form live in @orbitwin/errors
 * (a leaf that physics imports too) and are re-exported here, so the rest of the project keeps
 * importing them from protocol.
 */
import { ErrorCodes, OrbitwinError } from "@orbitwin/errors";

export { ErrorCodes, OrbitwinError, asError, toWireError, type WireError } from "@orbitwin/errors";

export class InvalidTokenError extends OrbitwinError {
  override name = "InvalidTokenError";
  constructor(what: string, token: unknown) {
    super(
      ErrorCodes.invalidToken,
      `${what} ${JSON.stringify(token)} is not a valid token: use 1-64 lower-case letters, digits and '-', starting with a letter or digit`,
    );
  }
}

export class MessageTooLargeError extends OrbitwinError {
  override name = "MessageTooLargeError";
  constructor(what: string, sizeBytes: number, maxBytes: number) {
    super(ErrorCodes.messageTooLarge, `${what} is ${sizeBytes} bytes, over the ${maxBytes}-byte limit`);
  }
}

export class MalformedMessageError extends OrbitwinError {
  override name = "MalformedMessageError";
  constructor(what: string, reason: string, cause?: unknown) {
    super(ErrorCodes.malformedMessage, `${what} is not valid MessagePack plain data: ${reason}`, { cause });
  }
}

export class InvalidMessageError extends OrbitwinError {
  override name = "InvalidMessageError";
  readonly problems: readonly string[];
  constructor(what: string, problems: readonly string[]) {
    super(ErrorCodes.invalidMessage, `${what} is invalid: ${problems.join("; ")}`);
    this.problems = problems;
  }
}

export class InvalidScenarioError extends OrbitwinError {
  override name = "InvalidScenarioError";
  readonly problems: readonly string[];
  constructor(source: string, problems: readonly string[], cause?: unknown) {
    super(ErrorCodes.invalidScenario, `scenario ${source} is invalid:\n  - ${problems.join("\n  - ")}`, { cause });
    this.problems = problems;
  }
}
