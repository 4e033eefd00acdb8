/** NATS subject rules: `.`-separated tokens; in patterns `*` is one token and `>` the rest (>= 1). */

const FORBIDDEN = /[\s]/;

/** Throws naming the problem when `subject` is not a valid publish subject. */
export function assertPublishSubject(subject: string): void {
  if (typeof subject !== "string" || subject.length === 0) throw new TypeError("subject must be a non-empty string");
  if (FORBIDDEN.test(subject)) throw new TypeError(`subject "${subject}" contains whitespace`);
  const tokens = subject.split(".");
  for (const t of tokens) {
    if (t.length === 0) throw new TypeError(`subject "${subject}" has an empty token`);
    if (t === "*" || t === ">") throw new TypeError(`subject "${subject}" has a wildcard; wildcards are for subscriptions only`);
  }
}

/** Throws naming the problem when `pattern` is not a valid subscription subject. */
export function assertPattern(pattern: string): void {
  if (typeof pattern !== "string" || pattern.length === 0) throw new TypeError("subscription subject must be a non-empty string");
  if (FORBIDDEN.test(pattern)) throw new TypeError(`subscription subject "${pattern}" contains whitespace`);
  const tokens = pattern.split(".");
  tokens.forEach((t, i) => {
    if (t.length === 0) throw new TypeError(`subscription subject "${pattern}" has an empty token`);
    if (t === ">" && i !== tokens.length - 1) throw new TypeError(`subscription subject "${pattern}": ">" must be the last token`);
    if (t.length > 1 && (t.includes("*") || t.includes(">"))) throw new TypeError(`subscription subject "${pattern}": wildcards must be whole tokens`);
  });
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

export function subjectMatches(pattern: string, subject: string): boolean {
  return matchTokens(pattern.split("."), subject.split("."));
}
