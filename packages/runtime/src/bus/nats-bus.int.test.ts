import { inject } from "vitest";
import { silentLogger } from "../log.js";
import { connectNatsBus } from "./nats-bus.js";
import { describeBusContract } from "./bus-contract.js";

describeBusContract("NatsBus", async () => {
  const bus = await connectNatsBus({ url: inject("natsUrl"), name: "bus-contract", log: silentLogger() });
  return { bus, cleanup: () => bus.drain() };
});
