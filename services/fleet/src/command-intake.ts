/** Commands for a hosted cluster: all checked before any is queued, so a bad one changes nothing. */
import { ErrorCodes, OrbitwinError, type ClusterCommand } from "@orbitwin/protocol";
import type { ClusterActor } from "./cluster-actor.js";

export interface CommandsAccepted {
  cluster: string;
  accepted: number;
  appliesAtTick: number;
}

/** Queues `cmd`'s commands on `actor` (undefined: not hosted here) when they were decided on `lastTick`, the tick just stepped. */
export function acceptCommands(actor: ClusterActor | undefined, cluster: string, cmd: ClusterCommand, lastTick: number): CommandsAccepted {
  if (!actor) throw new OrbitwinError(ErrorCodes.unknownCluster, `cluster ${cluster} is not hosted here`, { retryable: true });
  // Any other tick is stale: a restore went back since they were decided.
  if (cmd.tick !== lastTick)
    throw new OrbitwinError(ErrorCodes.staleCommand, `commands decided on tick ${cmd.tick}, but cluster ${cluster} is at tick ${lastTick}`);
  const slots = cmd.commands.map((c) => {
    const slot = actor.slotOf(c.sat);
    if (slot === undefined) throw new OrbitwinError(ErrorCodes.unknownSatellite, `satellite ${c.sat} is not in cluster ${cluster}`);
    if (!actor.subsystems && (c.clock !== undefined || c.safeMode !== undefined || c.dutyCycle !== undefined || c.load !== undefined)) {
      throw new OrbitwinError(
        ErrorCodes.invalidMessage,
        `satellite ${c.sat}: cluster ${cluster} has no bus, so clock, safeMode, dutyCycle and load do not apply`,
      );
    }
    return slot;
  });
  cmd.commands.forEach((c, i) => actor.enqueue(cmd.tick, slots[i]!, c));
  return { cluster, accepted: cmd.commands.length, appliesAtTick: cmd.tick + 1 };
}
