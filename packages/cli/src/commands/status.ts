import { createRootLogger } from "@orbitwin/runtime";
import type { RunStatus } from "@orbitwin/protocol";
import { parseCommandArgs } from "../args.js";
import { connectClient, control } from "../client.js";
import { formatCount, formatMs, formatSimTime, formatSpeed, table } from "../format.js";

export const statusHelp = `orbitwin status [--json] [--nats URL] [--run ID]

The run's state: clock mode and speed, tick and simulated time, satellites, hosts, achieved speed
and tick lag. Finds the twin from --nats/--run, NATS_URL/ORBITWIN_RUN, or the one \`orbitwin up\`
started in this folder.
`;

export async function statusCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { nats: { type: "string" }, run: { type: "string" }, json: { type: "boolean" } });
  if (values.help) {
    process.stdout.write(statusHelp);
    return 0;
  }
  const log = createRootLogger({ service: "cli", level: "warn", destinationFd: 2 });
  const client = await connectClient(values, log);
  try {
    const status = await control(client, "status");
    process.stdout.write(values.json ? JSON.stringify(status) + "\n" : renderStatus(status));
    return 0;
  } finally {
    await client.bus.drain();
  }
}

export function renderStatus(s: RunStatus): string {
  const lines = [
    `run ${s.run} (scenario ${s.scenario}): ${s.state}, ${s.mode} at ${formatSpeed(s.speed)}`,
    `tick ${formatCount(s.tick)}${s.endTick === null ? "" : ` of ${formatCount(s.endTick)}`}, sim time ${formatSimTime(s.simTimeMs)}, dt ${formatMs(s.dtMs)}`,
    `${formatCount(s.satellites)} satellites in ${formatCount(s.clusters)} clusters, assignment epoch ${s.epoch}`,
    `achieved ${formatSpeed(s.achievedSpeed)}, tick lag p50 ${formatMs(s.tickLagP50Ms)}, p99 ${formatMs(s.tickLagP99Ms)}`,
  ];
  if (s.digest) lines.push(`final state digest ${s.digest}`);
  lines.push(
    "",
    table(
      ["host", "clusters", "satellites", "last heartbeat"],
      s.hosts.map((h) => [h.host, String(h.clusters), formatCount(h.satellites), `${formatMs(h.lastSeenAgoMs)} ago`]),
    ),
  );
  return lines.join("\n") + "\n";
}
