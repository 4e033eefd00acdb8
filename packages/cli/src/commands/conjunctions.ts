import {
  ConjunctionStatuses,
  ErrorCodes,
  OrbitwinError,
  conjunctionListReply,
  conjunctionShowReply,
  debrisWatchStatusReply,
  encodeMessage,
  subjects,
  type Conjunction,
} from "@orbitwin/protocol";
import { createRootLogger } from "@orbitwin/runtime";
import { parseCommandArgs } from "../args.js";
import { connectClient, resultOf, type Client } from "../client.js";
import { UsageError } from "../errors.js";
import { formatCount, formatSimTime, table } from "../format.js";

export const conjunctionsHelp = `orbitwin conjunctions list [--status S] [--min-pc P] [--limit N] [--json]
orbitwin conjunctions show ID [--cdm] [--json]
orbitwin conjunctions status [--json]

What debris-watch has found: close approaches ahead and past, their collision probability, the
maneuvers it commanded and the collisions that happened. --cdm prints the CCSDS Conjunction Data
Message (KVN). Statuses: ${ConjunctionStatuses.join(", ")}.
Finds the twin from --nats/--run, NATS_URL/ORBITWIN_RUN, or the one \`orbitwin up\` started here.
`;

export async function conjunctionsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    nats: { type: "string" },
    run: { type: "string" },
    json: { type: "boolean" },
    cdm: { type: "boolean" },
    status: { type: "string" },
    "min-pc": { type: "string" },
    limit: { type: "string" },
  });
  if (values.help) {
    process.stdout.write(conjunctionsHelp);
    return 0;
  }
  const [verb, id] = positionals;
  if (verb !== "list" && verb !== "show" && verb !== "status") throw new UsageError(`give list, show ID or status${verb ? ` (got "${verb}")` : ""}`);
  if (verb === "show" && !id) throw new UsageError("show needs a conjunction id, e.g. orbitwin conjunctions show cj-3");
  const status = values.status;
  if (status !== undefined && !(ConjunctionStatuses as readonly string[]).includes(status))
    throw new UsageError(`--status ${status}: give one of ${ConjunctionStatuses.join(", ")}`);
  const minPc = values["min-pc"] === undefined ? undefined : Number(values["min-pc"]);
  if (minPc !== undefined && !(minPc >= 0 && minPc <= 1)) throw new UsageError(`--min-pc ${values["min-pc"]}: give a probability between 0 and 1`);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 10_000))
    throw new UsageError(`--limit ${values.limit}: give a whole number from 1 to 10000`);
  const log = createRootLogger({ service: "cli", level: "warn", destinationFd: 2 });
  const client = await connectClient(values, log);
  try {
    if (verb === "status") {
      const s = resultOf(debrisWatchStatusReply.decode(await ask(client, "status", {})));
      process.stdout.write(
        values.json
          ? JSON.stringify(s) + "\n"
          : `catalog: ${formatCount(s.fleetObjects)} fleet, ${formatCount(s.debrisObjects)} debris, ${formatCount(s.fragments)} fragments; screened to ${formatSimTime(s.screenedUntilMs)}\n${s.conjunctions} conjunctions (${s.open} open), ${s.maneuvers} maneuvers, ${s.collisions} collisions\n`,
      );
      return 0;
    }
    if (verb === "list") {
      const list = resultOf(
        conjunctionListReply.decode(
          await ask(client, "list", { ...(status ? { status } : {}), ...(minPc === undefined ? {} : { minPc }), ...(limit === undefined ? {} : { limit }) }),
        ),
      );
      if (values.json) process.stdout.write(JSON.stringify(list) + "\n");
      else process.stdout.write(renderList(list.conjunctions) + `${list.conjunctions.length} of ${list.total} shown\n`);
      return 0;
    }
    const shown = resultOf(conjunctionShowReply.decode(await ask(client, "show", { id, ...(values.cdm ? { cdm: true } : {}) })));
    if (values.json) process.stdout.write(JSON.stringify(shown) + "\n");
    else process.stdout.write(shown.cdm ?? renderList([shown.conjunction]));
    return 0;
  } finally {
    await client.bus.drain();
  }
}

async function ask(client: Client, endpoint: string, body: object): Promise<Uint8Array> {
  try {
    return (await client.bus.request(subjects.serviceEndpoint(client.run, "debris-watch", endpoint), encodeMessage(body), { timeoutMs: 10_000 })).data;
  } catch (err) {
    // Keeps the bus's code (no responders, timeout), so the one-line refusal says which it was.
    const code = err instanceof OrbitwinError ? err.code : ErrorCodes.noResponders;
    throw new OrbitwinError(
      code,
      `debris-watch of run ${client.run} did not answer (is the scenario's debris: section set?): ${err instanceof Error ? err.message : String(err)}`,
      { cause: err, retryable: true },
    );
  }
}

function renderList(rows: Conjunction[]): string {
  return (
    table(
      ["id", "status", "primary", "secondary", "TCA", "miss m", "km/s", "Pc", "maneuver"],
      rows.map((c) => [
        c.id,
        c.status,
        c.primary,
        c.secondary,
        formatSimTime(c.tcaMs),
        (c.missKm * 1000).toFixed(0),
        c.relSpeedKmS.toFixed(1),
        c.pc.toExponential(2),
        c.maneuver ? `${c.maneuver.id} ${Math.hypot(...c.maneuver.deltaVRtnMS).toFixed(2)} m/s` : "",
      ]),
    ) + "\n"
  );
}
