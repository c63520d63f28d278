// The Redis fanout transport (server/fanout/redis.ts) against a real, private redis-server: two or
// three instances in this process, as separate app processes would be. Each test uses its own
// channel prefix, so no test sees another's messages. Every "nothing arrived" check is closed by a
// later message from the same publisher that did arrive (Redis keeps one publisher's order), never
// by waiting and hoping.
import { randomBytes } from "node:crypto";
import { createClient } from "@redis/client";
import { afterAll, afterEach, beforeAll, expect, test, vi } from "vitest";
import type { Fanout, FanoutTopic } from "../../server/fanout/fanout.js";
import { createRedisFanout } from "../../server/fanout/redis.js";
import { describeRedis, startRedis, type TestRedis } from "../support/redis.js";
import { freePort } from "../support/ports.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

const text = (s: string) => new TextEncoder().encode(s);
const str = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Every message a handler got, copied (the transport may hand out views). */
function recorder() {
  const messages: Uint8Array[] = [];
  const handler = (message: Uint8Array) => {
    messages.push(Uint8Array.from(message));
  };
  return { messages, handler, texts: () => messages.map(str) };
}

describeRedis("Redis fanout", () => {
  let redis: TestRedis;
  /** A plain client of the test's own, to look at the server's side (subscriber counts, clients). */
  let admin: ReturnType<typeof createClient>;
  let open: Fanout[] = [];
  let prefixes = 0;

  beforeAll(async () => {
    redis = await startRedis();
    admin = createClient({ url: redis.url, socket: { reconnectStrategy: () => 50 } });
    admin.on("error", () => {}); // the outage tests kill the server under it: it reconnects
    await admin.connect();
  });

  afterEach(async () => {
    await Promise.all(open.map((f) => f.close()));
    open = [];
  });

  afterAll(async () => {
    admin?.destroy();
    await redis?.stop();
  });

  /** `count` instances on a prefix of their own. */
  async function instances(count: number): Promise<{ prefix: string; fanouts: Fanout[] }> {
    const prefix = `test${++prefixes}`;
    const fanouts = await Promise.all(Array.from({ length: count }, () => createRedisFanout(redis.url, { prefix })));
    open.push(...fanouts);
    return { prefix, fanouts };
  }

  async function subscribers(channel: string): Promise<number> {
    const reply = (await admin.sendCommand(["PUBSUB", "NUMSUB", channel])) as unknown[];
    return Number(reply[1]);
  }

  /** Until Redis counts `n` subscriptions on the channel: a subscribe is acknowledged asynchronously. */
  const waitSubscribers = (prefix: string, topic: FanoutTopic, n: number) =>
    waitFor(async () => (await subscribers(`${prefix}:${topic}`)) === n, 15_000, `${n} subscribers on ${prefix}:${topic}`);

  test("a message from one instance reaches the others, never itself", async () => {
    const {
      prefix,
      fanouts: [a, b, c],
    } = await instances(3);
    expect(new Set([a.instanceId, b.instanceId, c.instanceId]).size).toBe(3);
    const [ra, rb, rc] = [recorder(), recorder(), recorder()];
    a.subscribe("collab", ra.handler);
    b.subscribe("collab", rb.handler);
    c.subscribe("collab", rc.handler);
    await waitSubscribers(prefix, "collab", 3);

    a.publish("collab", text("from a"));
    await waitFor(() => rb.messages.length === 1 && rc.messages.length === 1, 15_000, "b and c to get a's message");
    expect(rb.texts()).toEqual(["from a"]);
    expect(rc.texts()).toEqual(["from a"]);

    // a's own message went through Redis before b's (b and c had it): had a got it, it would be first.
    b.publish("collab", text("from b"));
    await waitFor(() => ra.messages.length >= 1 && rc.messages.length === 2, 15_000, "a and c to get b's message");
    expect(ra.texts()).toEqual(["from b"]);
    expect(rc.texts()).toEqual(["from a", "from b"]);
    expect(rb.texts()).toEqual(["from a"]);
  });

  test("bytes arrive intact: every byte value, an empty message, 1 MB", async () => {
    const {
      prefix,
      fanouts: [a, b],
    } = await instances(2);
    const rb = recorder();
    b.subscribe("collab", rb.handler);
    await waitSubscribers(prefix, "collab", 1);

    const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const reversed = allBytes.slice().reverse();
    const big = new Uint8Array(randomBytes(1024 * 1024));
    // A view into a larger buffer: the transport must send the view's bytes, not its buffer's.
    const backing = new Uint8Array(300).fill(0xee);
    backing.set(allBytes.subarray(0, 200), 50);
    const view = backing.subarray(50, 250);

    a.publish("collab", allBytes);
    a.publish("collab", new Uint8Array(0));
    a.publish("collab", big);
    a.publish("collab", reversed);
    a.publish("collab", view);
    await waitFor(() => rb.messages.length === 5, 20_000, "5 messages");
    expect(Array.from(rb.messages[0]!)).toEqual(Array.from(allBytes));
    expect(rb.messages[1]!.length).toBe(0);
    expect(rb.messages[2]!.length).toBe(big.length);
    expect(Buffer.from(rb.messages[2]!).equals(Buffer.from(big))).toBe(true);
    expect(Array.from(rb.messages[3]!)).toEqual(Array.from(reversed));
    expect(Array.from(rb.messages[4]!)).toEqual(Array.from(allBytes.subarray(0, 200)));
  });

  test("1,000 messages arrive in the order they were published", async () => {
    const {
      prefix,
      fanouts: [a, b],
    } = await instances(2);
    const received: number[] = [];
    b.subscribe("collab", (message) => received.push(new DataView(message.buffer, message.byteOffset, message.byteLength).getUint32(0)));
    await waitSubscribers(prefix, "collab", 1);
    for (let i = 0; i < 1000; i++) {
      const message = new Uint8Array(4);
      new DataView(message.buffer).setUint32(0, i);
      a.publish("collab", message);
    }
    await waitFor(() => received.length >= 1000, 20_000, "1,000 messages");
    expect(received).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  test("topics are separate; several handlers per topic; unsubscribing stops one handler, then the channel", async () => {
    const {
      prefix,
      fanouts: [a, b, c],
    } = await instances(3);
    const bCollab = recorder();
    const bCollab2 = recorder();
    const cEvents = recorder();
    const unsubscribeB = b.subscribe("collab", bCollab.handler);
    b.subscribe("collab", bCollab2.handler);
    c.subscribe("events", cEvents.handler);
    await waitSubscribers(prefix, "collab", 1);
    await waitSubscribers(prefix, "events", 1);

    a.publish("events", text("e1"));
    a.publish("awareness", text("w1"));
    a.publish("collab", text("c1"));
    a.publish("events", text("e2"));
    // c1 was published after e1 and w1, e2 after all of them: each receiver has had its chance at the others.
    await waitFor(() => bCollab.messages.length === 1 && cEvents.messages.length === 2, 15_000, "c1 and e2");
    expect(bCollab.texts()).toEqual(["c1"]);
    expect(bCollab2.texts()).toEqual(["c1"]);
    expect(cEvents.texts()).toEqual(["e1", "e2"]);

    unsubscribeB();
    unsubscribeB(); // twice is harmless
    a.publish("collab", text("c2"));
    await waitFor(() => bCollab2.messages.length === 2, 15_000, "c2");
    expect(bCollab.texts()).toEqual(["c1"]);
    expect(bCollab2.texts()).toEqual(["c1", "c2"]);
    expect(await subscribers(`${prefix}:collab`)).toBe(1);

    // The same function subscribed twice is called twice, and unsubscribed one call at a time.
    const counted = recorder();
    const first = c.subscribe("collab", counted.handler);
    const second = c.subscribe("collab", counted.handler);
    await waitSubscribers(prefix, "collab", 2);
    a.publish("collab", text("c3"));
    await waitFor(() => counted.messages.length === 2, 15_000, "c3 twice");
    first();
    a.publish("collab", text("c4"));
    await waitFor(() => bCollab2.messages.length === 4, 15_000, "c4");
    await waitFor(() => counted.messages.length === 3, 15_000, "c4 once");
    second();
    // The last handler gone, the instance leaves the channel.
    await waitSubscribers(prefix, "collab", 1);
  });

  test("a handler that throws is logged and stops neither the other handlers nor the subscription", async () => {
    const {
      prefix,
      fanouts: [a, b],
    } = await instances(2);
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      lines.push(String(chunk));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    });
    try {
      let thrown = 0;
      b.subscribe("collab", () => {
        thrown++;
        throw new Error("handler bug");
      });
      const rb = recorder();
      b.subscribe("collab", rb.handler);
      await waitSubscribers(prefix, "collab", 1);
      for (const m of ["m1", "m2", "m3"]) a.publish("collab", text(m));
      await waitFor(() => rb.messages.length === 3, 15_000, "3 messages");
      expect(rb.texts()).toEqual(["m1", "m2", "m3"]);
      expect(thrown).toBe(3);
      // Three failures within seconds: one line (the log is rate-limited), at warn, with the error.
      const failures = lines.filter((l) => l.includes("fanout: handler failed"));
      expect(failures).toHaveLength(1);
      expect(JSON.parse(failures[0]!)).toMatchObject({ level: "warn", topic: "collab", error: "handler bug" });
    } finally {
      spy.mockRestore();
    }
  });

  test("a publish while the publisher is disconnected is dropped, not delivered late", async () => {
    // Only the publishers lose Redis here (b's subscriber stays connected and subscribed), and the
    // server is paused, so a publisher that reconnects stays in its handshake until the pause ends:
    // a publish held in a queue meanwhile would be sent then, and reach b.
    const {
      prefix,
      fanouts: [a, b],
    } = await instances(2);
    const rb = recorder();
    b.subscribe("collab", rb.handler);
    await waitSubscribers(prefix, "collab", 1);
    // Sent together (one pipeline): the pause starts microseconds after the kill, before any reconnect.
    await Promise.all([admin.sendCommand(["CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"]), admin.sendCommand(["CLIENT", "PAUSE", "2000", "ALL"])]);
    await sleep(300);
    for (let i = 0; i < 20; i++) {
      expect(() => a.publish("collab", text(`during ${i}`))).not.toThrow();
      await sleep(10);
    }
    let n = 0;
    await waitFor(
      () => {
        a.publish("collab", text(`after ${n++}`));
        return rb.messages.length > 0;
      },
      15_000,
      "a message after the publisher reconnected",
    );
    await sleep(200);
    expect(rb.texts().length).toBeGreaterThan(0);
    expect(rb.texts().filter((t) => !t.startsWith("after "))).toEqual([]);
  });

  test("Redis killed: publish doesn't throw, nothing from the outage arrives later; restarted: onResync, then messages flow", async () => {
    const {
      prefix,
      fanouts: [a, b],
    } = await instances(2);
    const rb = recorder();
    b.subscribe("collab", rb.handler);
    let resyncs = 0;
    b.onResync(() => {
      resyncs++;
    });
    let aResyncs = 0;
    const offA = a.onResync(() => {
      aResyncs++;
    });
    offA(); // an unregistered handler is not called
    let throwingResyncCalls = 0;
    b.onResync(() => {
      throwingResyncCalls++;
      throw new Error("resync bug");
    });
    await waitSubscribers(prefix, "collab", 1);
    a.publish("collab", text("before"));
    await waitFor(() => rb.messages.length === 1, 15_000, "the message before the outage");

    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      await redis.kill();
      // Right away (the clients may not have noticed yet), then once they are surely reconnecting.
      expect(() => a.publish("collab", text("during 0"))).not.toThrow();
      await sleep(500);
      for (let i = 1; i <= 10; i++) expect(() => a.publish("collab", text(`during ${i}`))).not.toThrow();
      await sleep(1500);
      expect(resyncs).toBe(0);
      await redis.restart();

      await waitFor(() => resyncs === 1, 15_000, "b's onResync after the restart");
      expect(throwingResyncCalls).toBe(1);
      // b is subscribed again: a's messages reach it once a's publisher is back too.
      let n = 0;
      await waitFor(
        () => {
          a.publish("collab", text(`after ${n++}`));
          return rb.messages.length > 1;
        },
        15_000,
        "a message after the restart",
      );
      await sleep(200);
      expect(rb.texts()[0]).toBe("before");
      expect(rb.texts().slice(1).length).toBeGreaterThan(0);
      expect(
        rb
          .texts()
          .slice(1)
          .every((t) => t.startsWith("after ")),
      ).toBe(true);
      expect(resyncs).toBe(1);
      expect(aResyncs).toBe(0);
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  test("createRedisFanout rejects within seconds when nothing listens, naming the URL without its password", async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await createRedisFanout(`redis://user:s3cret@127.0.0.1:${port}`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`127.0.0.1:${port}`);
    expect(message).not.toContain("s3cret");
  });

  test("close() is idempotent and leaves the channel; publish after close is a no-op", async () => {
    const {
      prefix,
      fanouts: [a],
    } = await instances(1);
    a.subscribe("events", () => {});
    await waitSubscribers(prefix, "events", 1);
    const first = a.close();
    const second = a.close();
    await Promise.all([first, second]);
    await a.close();
    await waitSubscribers(prefix, "events", 0);
    expect(() => a.publish("events", text("late"))).not.toThrow();
  });
});
