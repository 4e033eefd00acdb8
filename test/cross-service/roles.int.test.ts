/**
 * The role matrix: on one nats-server configured from roles.ts (nkey users, per-user inboxes),
 * the twin runs with every service as the user of its role, then every action of the roles
 * table in docs/OPERATIONS.md is tried as every role and must be allowed or refused exactly as
 * the table says. The test reads the table, so the documentation and the roles cannot drift.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NatsConnection } from "@nats-io/transport-node";
import { EventKinds, subjects } from "@orbitwin/protocol";
import { Roles, inboxPrefix, renderAuthConf, roleUsers, spawnNatsServer, type NatsBus, type SpawnedNatsServer } from "@orbitwin/runtime";
import { roleActions } from "./role-actions.js";
import { answerProbes, connectAs, newIdentity, type Identity } from "./role-probes.js";
import { busAs, startRoleTwin, type RoleTwin } from "./role-twin.js";

const RUN = "rt";
const HOST = "rt-h1";
const OTHER_HOST = "rt-h2";

/** The roles table of docs/OPERATIONS.md: action -> role -> allowed. */
function documentedRoles(): Map<string, Map<string, boolean>> {
  const doc = readFileSync(new URL("../../docs/OPERATIONS.md", import.meta.url), "utf8");
  const section = doc.slice(doc.indexOf("\n## Roles\n"), doc.indexOf("\n## ", doc.indexOf("\n## Roles\n") + 1));
  const rows = section
    .split("\n")
    .filter((line) => line.startsWith("| "))
    .map((line) => line.slice(2, -2).split(" | "));
  const [header, ...body] = rows;
  const table = new Map<string, Map<string, boolean>>();
  for (const cells of body) table.set(cells[0]!, new Map(header!.slice(1).map((role, i) => [role, cells[i + 1] === "yes"])));
  return table;
}

const table = documentedRoles();
const users = roleUsers({ run: RUN, fleetHosts: [[HOST]] });
/** The table's column for a role is its user; fleet's is the user pinned to HOST. */
const userOf = (role: string) => (role === "fleet" ? `fleet-${HOST}` : role);

let dir: string;
let server: SpawnedNatsServer;
let twin: RoleTwin | undefined;
const ids = new Map<string, Identity>();
const connections: { user: string; nc: NatsConnection; bus: NatsBus }[] = [];
let probe: NatsConnection;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "orbitwin-roles-"));
  for (const u of users) ids.set(u.user, newIdentity(u.user));
  const probeId = newIdentity("probe");
  const conf = renderAuthConf({
    header: ["role matrix test"],
    users: [
      ...users.map((u) => ({ ...u, credential: { nkey: ids.get(u.user)!.publicKey } })),
      // Sees and answers everything: the other side of every probe (role-probes.ts).
      { user: "probe", role: "test probe", permissions: { publish: [">"], subscribe: [">"], allowResponses: false }, credential: { nkey: probeId.publicKey } },
    ],
  });
  server = await spawnNatsServer({ storeDir: dir, extraConfig: conf });
  probe = await connectAs(server.url, probeId);
  answerProbes(probe);
  const checkpointed = new Promise<void>((resolve) => probe.subscribe(subjects.event(RUN, EventKinds.checkpointTaken), { max: 1, callback: () => resolve() }));
  twin = await startRoleTwin({ url: server.url, run: RUN, host: HOST, ids });
  // Every service saved its state and the coordinator marked it complete: the roles run a twin.
  await checkpointed;
  for (const u of users) {
    const id = ids.get(u.user)!;
    connections.push({ user: u.user, nc: await connectAs(server.url, id, inboxPrefix(u.user)), bus: await busAs(server.url, id) });
  }
}, 120_000);

afterAll(async () => {
  for (const c of connections) {
    await c.bus.drain();
    await c.nc.close();
  }
  await twin?.stop();
  await probe?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe("roles enforced by NATS", () => {
  it("documents exactly the actions the matrix runs, for every role", () => {
    expect([...table.keys()].sort()).toEqual(Object.keys(roleActions).sort());
    for (const row of table.values()) expect([...row.keys()]).toEqual([...Roles]);
  });

  it("allows and refuses every action as docs/OPERATIONS.md says, as every role", async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const [action, row] of table) {
      for (const [role, allowed] of row) {
        const c = connections.find((x) => x.user === userOf(role))!;
        const got = await roleActions[action]!({ run: RUN, user: c.user, bus: c.bus, nc: c.nc, ownHost: HOST, otherHost: OTHER_HOST }).catch((err: unknown) => {
          throw new Error(`${role}: ${action}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        });
        outcomes.push(`${role}: ${action}: ${got ? "yes" : "-"}`);
        expected.push(`${role}: ${action}: ${allowed ? "yes" : "-"}`);
      }
    }
    expect(outcomes).toEqual(expected);
  }, 120_000);
});
