import { describe, expect, it } from "vitest";
import { allowedHosts, checkHost, checkOrigin, decideRole } from "./access.js";

describe("the gateway's roles", () => {
  it("makes the operator only of a request carrying this run's token", () => {
    const token = "a".repeat(32);
    expect(decideRole(token, `Bearer ${token}`).role).toBe("operator");
    expect(decideRole(token, undefined).reason).toMatch(/no operator token given/);
    expect(decideRole(token, `Bearer ${"b".repeat(32)}`).reason).toMatch(/not this run's operator token/);
    expect(decideRole(token, token).role).toBe("viewer");
    expect(decideRole(undefined, `Bearer ${token}`).reason).toMatch(/no operator token \(ORBITWIN_GATEWAY_TOKEN\)/);
  });
});

describe("the gateway's host and origin allow-list", () => {
  const hosts = allowedHosts("127.0.0.1", 8080, ["ops.example:443"]);

  it("serves the loopback names with its port and the names it was given, nothing else", () => {
    expect(checkHost("127.0.0.1:8080", hosts)).toBeUndefined();
    expect(checkHost("localhost:8080", hosts)).toBeUndefined();
    expect(checkHost("ops.example:443", hosts)).toBeUndefined();
    expect(checkHost("evil.example:8080", hosts)).toMatch(/host "evil.example:8080" is not one this gateway serves/);
    expect(checkHost("127.0.0.1:9999", hosts)).toMatch(/is not one/);
    expect(checkHost(undefined, hosts)).toMatch(/is not one/);
    expect([...allowedHosts("0.0.0.0", 80)]).toEqual(["0.0.0.0:80", "127.0.0.1:80", "localhost:80", "[::1]:80"]);
    expect([...allowedHosts("10.0.0.5", 80)]).toEqual(["10.0.0.5:80"]);
  });

  it("refuses a page from another origin, a null origin and a cross-site fetch, and lets tools without an Origin through", () => {
    expect(checkOrigin("http://127.0.0.1:8080", "same-origin", hosts)).toBeUndefined();
    expect(checkOrigin(undefined, undefined, hosts)).toBeUndefined();
    expect(checkOrigin("http://evil.example", "cross-site", hosts)).toMatch(/origin "http:\/\/evil.example" may not use this gateway/);
    expect(checkOrigin("null", undefined, hosts)).toMatch(/origin "null"/);
    expect(checkOrigin(undefined, "cross-site", hosts)).toMatch(/cross-site request/);
  });
});
