import { inject } from "vitest";
import { connectNatsBus, silentLogger } from "@orbitwin/runtime";
import { describeFleetAlive } from "./fleet-alive-cases.js";

describeFleetAlive("nats", () => connectNatsBus({ url: inject("natsUrl"), name: "fleet-alive", log: silentLogger() }));
