/**
 * NATS subject rules, shared by LocalBus and NatsBus so both refuse the same mistakes before they
 * reach a server: `.`-separated non-empty tokens, no whitespace; in subscription patterns `*`
 * matches exactly one token and `>` (last token only) matches one or more trailing tokens.
 */
import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";

/** A subject or pattern the bus refuses; the message names the problem and the fix. */
export class InvalidSubjectError extends OrbitwinError {
  override name = "InvalidSubjectError";
  readonly subject: string;
  constructor(subject: string, problem: string) {
    super(ErrorCodes.invalidToken, `subject ${JSON.stringify(subject)} ${problem}`);
    this.subject = subject;
  }
}

// NATS splits protocol lines on whitespace; a NUL would be cut by C clients.
const hasForbidden = (s: string) => /\s/.test(s) || s.includes("\u0000");
/** nats-server's default max_control_line is 4 KiB; the subject must fit in one protocol line. */
export const MAX_SUBJECT_LENGTH = 4000;

function splitChecked(subject: string, kind: "subject" | "pattern"): string[] {
  if (typeof subject !== "string" || subject.length === 0) {
    throw new InvalidSubjectError(String(subject), "is empty: build subjects with the functions in @orbitwin/protocol subjects.ts");
  }
  if (subject.length > MAX_SUBJECT_LENGTH)
    throw new InvalidSubjectError(`${subject.slice(0, 40)}...`, `is ${subject.length} characters, over ${MAX_SUBJECT_LENGTH}: shorten its tokens`);
  if (hasForbidden(subject)) throw new InvalidSubjectError(subject, "contains whitespace or NUL: NATS splits on whitespace; use '-' inside tokens");
  const tokens = subject.split(".");
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.length === 0) throw new InvalidSubjectError(subject, `has an empty token at position ${i + 1}: remove the leading, trailing or doubled '.'`);
    if (t === "*" || t === ">") {
      if (kind === "subject")
        throw new InvalidSubjectError(subject, `has the wildcard '${t}': wildcards are for subscriptions only; publish to a concrete subject`);
      if (t === ">" && i !== tokens.length - 1)
        throw new InvalidSubjectError(subject, "has '>' before the last token: '>' matches the rest of the subject, so it must come last");
    } else if (t.includes("*") || t.includes(">")) {
      throw new InvalidSubjectError(subject, `has '*' or '>' inside the token ${JSON.stringify(t)}: a wildcard must be a whole token (e.g. "a.*.c")`);
    }
  }
  return tokens;
}

/** Throws InvalidSubjectError unless `subject` is a concrete (wildcard-free) subject; returns its tokens. */
export function assertPublishSubject(subject: string): string[] {
  return splitChecked(subject, "subject");
}

/** Throws InvalidSubjectError unless `pattern` is a valid subscription subject; returns its tokens. */
export function assertPattern(pattern: string): string[] {
  return splitChecked(pattern, "pattern");
}

/** True when `subject` matches `pattern`, both already split into tokens. */
export function matchTokens(pattern: readonly string[], subject: readonly string[]): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p === ">") return subject.length > i;
    if (i >= subject.length) return false;
    if (p !== "*" && p !== subject[i]) return false;
  }
  return pattern.length === subject.length;
}

/** True when the concrete `subject` matches the subscription `pattern`. */
export function subjectMatches(pattern: string, subject: string): boolean {
  return matchTokens(pattern.split("."), subject.split("."));
}

/**
 * True when some concrete subject matches both patterns. JetStream refuses two streams whose
 * subjects overlap, so the local bus checks the same thing.
 */
export function patternsOverlap(a: string, b: string): boolean {
  const ta = a.split(".");
  const tb = b.split(".");
  for (let i = 0; ; i++) {
    const x = ta[i];
    const y = tb[i];
    if (x === undefined || y === undefined) return x === y;
    // ">" needs at least one token, which the other side has at position i.
    if (x === ">" || y === ">") return true;
    if (x !== "*" && y !== "*" && x !== y) return false;
  }
}
