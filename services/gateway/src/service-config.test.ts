import { describe, expect, it } from "vitest";
import { resolveGatewayServiceConfig } from "./service-config.js";

describe("the gateway's front door", () => {
  it("listens on 127.0.0.1:8080 unless a flag or its variable says otherwise, the flag first", () => {
    expect(resolveGatewayServiceConfig({}, {})).toMatchObject({ port: 8080, host: "127.0.0.1" });
    expect(resolveGatewayServiceConfig({ ORBITWIN_DASHBOARD_PORT: "0", ORBITWIN_DASHBOARD_BIND: "0.0.0.0" }, {})).toMatchObject({ port: 0, host: "0.0.0.0" });
    expect(resolveGatewayServiceConfig({ ORBITWIN_DASHBOARD_PORT: "0" }, { port: "9090", bind: "::1" })).toMatchObject({ port: 9090, host: "::1" });
  });

  it("refuses a port that is not one, naming where it came from", () => {
    expect(() => resolveGatewayServiceConfig({}, { port: "http" })).toThrow(/--port http: give a port number from 0 to 65535/);
    expect(() => resolveGatewayServiceConfig({ ORBITWIN_DASHBOARD_PORT: "70000" }, {})).toThrow(/ORBITWIN_DASHBOARD_PORT 70000/);
  });

  it("takes the operator token from the environment only, and refuses a short one", () => {
    expect(resolveGatewayServiceConfig({}, {})).toMatchObject({ operatorToken: undefined, allowHosts: [], maxClients: 32 });
    expect(resolveGatewayServiceConfig({ ORBITWIN_GATEWAY_TOKEN: "k".repeat(32) }, {}).operatorToken).toBe("k".repeat(32));
    expect(() => resolveGatewayServiceConfig({ ORBITWIN_GATEWAY_TOKEN: "short" }, {})).toThrow(/at least 16 characters/);
    expect(resolveGatewayServiceConfig({}, { "allow-host": "ops.example:443, 10.0.0.5:8080", "max-clients": "4" })).toMatchObject({
      allowHosts: ["ops.example:443", "10.0.0.5:8080"],
      maxClients: 4,
    });
    expect(() => resolveGatewayServiceConfig({}, { "allow-host": "http://x" })).toThrow(/--allow-host http:\/\/x: give host:port names/);
  });
});
