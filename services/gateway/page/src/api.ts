/**
 * The page's calls to the gateway. The operator token lives in this tab's sessionStorage and goes
 * only in the `authorization` header, never in a URL; without it the page is view-only and every
 * refusal the gateway gives is shown as it is (it names what is missing).
 */
const TOKEN_KEY = "orbitwin.operatorToken";

export function operatorToken(): string | undefined {
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function setOperatorToken(token: string): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function authHeaders(): Record<string, string> {
  const token = operatorToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** The gateway's `{ ok: false, error }` message, or the HTTP status text. */
async function refusal(res: Response): Promise<Error> {
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    return new Error(body.error?.message ?? `${res.status} ${res.statusText}`);
  } catch {
    return new Error(`${res.status} ${res.statusText}`);
  }
}

export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: authHeaders() });
  if (!res.ok) throw await refusal(res);
  return (await res.json()) as T;
}

/** POSTs JSON; resolves with the run's `result`, rejects with the gateway's or the run's refusal. */
export async function postJson(path: string, body: unknown): Promise<unknown> {
  const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json", ...authHeaders() }, body: JSON.stringify(body) });
  if (!res.ok) throw await refusal(res);
  const reply = (await res.json()) as { ok?: boolean; result?: unknown; error?: { message?: string } };
  if (reply.ok === false) throw new Error(reply.error?.message ?? "refused by the run");
  return reply.result;
}
