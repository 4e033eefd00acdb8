import { describe, expect, inject, it } from "vitest";
import { silentLogger } from "../log.js";
import { FramedNodeTransport } from "./framed-transport.js";
import { connectNatsBus } from "./nats-bus.js";

describe("FramedNodeTransport through nats-server", () => {
  it("delivers every message whole and in order, small ones between batches that span many reads", async () => {
    const url = inject("natsUrl");
    const sender = await connectNatsBus({ url, name: "framed-sender", log: silentLogger() });
    const reader = await connectNatsBus({ url, name: "framed-reader", log: silentLogger() });
    try {
      const count = 600;
      // sizes from 0 to ~2.3 MB, so messages start and end anywhere in a read
      const sizeOf = (i: number) => (i % 7 === 0 ? (i * 7_919) % 2_300_000 : (i * 104_729) % 300);
      const received: { i: number; ok: boolean }[] = [];
      const all = new Promise<void>((resolve) => {
        reader.subscribe("framed.>", (msg) => {
          const i = Number(msg.subject.split(".")[1]);
          const d = msg.data;
          const ok = d.length === sizeOf(i) && d.every((b, k) => b === ((i + k) & 0xff));
          received.push({ i, ok });
          if (received.length === count) resolve();
        });
      });
      await reader.flush();
      for (let i = 0; i < count; i++) {
        const d = new Uint8Array(sizeOf(i));
        for (let k = 0; k < d.length; k++) d[k] = (i + k) & 0xff;
        sender.publish(`framed.${i}`, d);
      }
      await sender.flush();
      await all;
      expect(received.map((r) => r.i)).toEqual(Array.from({ length: count }, (_, i) => i));
      expect(received.filter((r) => !r.ok).map((r) => r.i)).toEqual([]);
    } finally {
      await sender.drain();
      await reader.drain();
    }
  });

  it("reads the server's INFO whether it arrives before or after the handshake looks for it", async () => {
    const { hostname, port } = new URL(inject("natsUrl"));
    for (const early of [true, false]) {
      const transport = new FramedNodeTransport();
      const socket = await transport.dial({ hostname, port: Number(port) });
      transport.socket = socket;
      try {
        if (early) await transport.signal;
        const info = await transport.peekInfo();
        expect(info.server_id).toEqual(expect.any(String));
        expect(transport.yields).toHaveLength(1);
      } finally {
        socket.destroy();
      }
    }
  });
});
