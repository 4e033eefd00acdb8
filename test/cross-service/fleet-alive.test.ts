import { LocalBus } from "@orbitwin/runtime";
import { describeFleetAlive } from "./fleet-alive-cases.js";

describeFleetAlive("local", () => Promise.resolve(new LocalBus()));
