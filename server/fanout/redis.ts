// The Redis pub/sub transport of the fanout seam (./fanout.ts). Pub/sub stores nothing and
// delivers at most once: a message published while a connection is down is lost, which the
// receivers' repair covers (onResync after every re-established subscription).
import { randomUUID } from "node:crypto";
import { createClient } from "@redis/client";
import { log } from "../http/logging.js";
import type { Fanout, FanoutTopic } from "./fanout.js";

type Handler = (message: Uint8Array) => void;
type Client = ReturnType<typeof createClient>;

/** How long createRedisFanout keeps trying at start before refusing (a wrong REDIS_URL must not hang the app). */
const START_TIMEOUT_MS = 5_000;
/** Per connection attempt: an unreachable host (no RST) fails after this instead of the OS's minutes. */
const CONNECT_TIMEOUT_MS = 3_000;
// A peer that vanished without closing the TCP connection would leave the subscriber deaf (and
// never resynced) until the OS gives up, after many minutes: a PING every few seconds keeps data
// flowing, so a connection idle for longer than the socket timeout is dead and gets replaced.
const PING_INTERVAL_MS = 5_000;
const SOCKET_TIMEOUT_MS = 20_000;
/** At most one warning line per this interval per source, so a long outage doesn't flood the logs. */
const WARN_INTERVAL_MS = 5_000;

/** The URL as it can be logged: the password replaced. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A `log("warn")` that writes at most one line per interval and counts the lines it swallowed. */
function rateLimitedWarn(msg: string): (fields: Record<string, unknown>) => void {
  let last = -Infinity;
  let suppressed = 0;
  return (fields) => {
    const now = performance.now();
    if (now - last < WARN_INTERVAL_MS) {
      suppressed++;
      return;
    }
    last = now;
    log("warn", msg, suppressed ? { ...fields, suppressed } : fields);
    suppressed = 0;
  };
}

interface TopicState {
  channel: string;
  handlers: Set<Handler>;
  /** Whether Redis has acknowledged the SUBSCRIBE (node-redis then resubscribes it by itself after a reconnect). */
  subscribed: boolean;
  /** The SUBSCRIBE or UNSUBSCRIBE in flight, if any: one at a time per topic. */
  pending?: Promise<void>;
  /** The one node-redis listener of the channel: node-redis must never see it throw (it would reset its decoder). */
  listener: (message: Buffer) => void;
}

/**
 * Connects to Redis at `url` (redis:// or rediss://) and resolves once both connections (a
 * publisher, and the dedicated subscriber node-redis requires) are ready. Rejects if Redis can't be
 * reached within a few seconds. Channels are `${prefix}:${topic}`, prefix "mediation" by default.
 */
export async function createRedisFanout(url: string, options: { prefix?: string } = {}): Promise<Fanout> {
  const prefix = options.prefix ?? "mediation";
  const safeUrl = redactUrl(url);
  const instanceId = randomUUID();
  // Framing: [id length: 1 byte][instance id, utf8][message]. Redis echoes a publish to the
  // publisher's own subscriber too: the id lets it drop its own messages.
  const ownId = Buffer.from(instanceId, "utf8");
  const header = Buffer.concat([Buffer.from([ownId.length]), ownId]);

  let started = false;
  let closed = false;
  let lastError: unknown;
  const startDeadline = performance.now() + START_TIMEOUT_MS;
  // Short capped backoff: an instance should be back on the bus soon after Redis is. Before the
  // first connection, give up at the deadline so a wrong URL fails the start instead of retrying.
  const reconnectStrategy = (retries: number, cause: Error): number | Error =>
    started || performance.now() < startDeadline ? Math.min(50 * (retries + 1), 1000) : cause;

  let publisher: Client;
  let subscriber: Client;
  try {
    publisher = createClient({
      url,
      // Fail a publish fast while disconnected instead of holding it for a late, out-of-order delivery.
      disableOfflineQueue: true,
      pingInterval: PING_INTERVAL_MS,
      socket: { connectTimeout: CONNECT_TIMEOUT_MS, socketTimeout: SOCKET_TIMEOUT_MS, reconnectStrategy },
    });
    // The subscriber keeps its offline queue: what it queues is SUBSCRIBE/UNSUBSCRIBE (state), not messages.
    subscriber = publisher.duplicate({ disableOfflineQueue: false });
  } catch (error) {
    throw new Error(`fanout: invalid REDIS_URL ${safeUrl}: ${errorMessage(error)}`);
  }

  const warnPublisher = rateLimitedWarn("fanout: redis publisher connection error");
  const warnSubscriber = rateLimitedWarn("fanout: redis subscriber connection error");
  const warnDropped = rateLimitedWarn("fanout: message dropped, redis unavailable");
  const warnHandler = rateLimitedWarn("fanout: handler failed");
  const warnSubscription = rateLimitedWarn("fanout: redis (un)subscribe failed");
  const warnMalformed = rateLimitedWarn("fanout: malformed message dropped");
  // Without an error listener, node-redis's 'error' event would crash the process on an outage.
  publisher.on("error", (error: unknown) => {
    lastError = error;
    if (started && !closed) warnPublisher({ url: safeUrl, error: errorMessage(error) });
  });
  subscriber.on("error", (error: unknown) => {
    lastError = error;
    if (started && !closed) warnSubscriber({ url: safeUrl, error: errorMessage(error) });
  });

  const topics = new Map<FanoutTopic, TopicState>();
  const resyncHandlers = new Set<() => void>();

  function deliver(topic: FanoutTopic, state: TopicState, payload: Buffer): void {
    const idLength = payload[0];
    if (idLength === undefined || payload.length < 1 + idLength) {
      warnMalformed({ topic, bytes: payload.length });
      return;
    }
    if (idLength === ownId.length && ownId.compare(payload, 1, 1 + idLength) === 0) return;
    // A view, not a copy: it stays valid (node-redis doesn't reuse the buffer it decoded into).
    const message = new Uint8Array(payload.buffer, payload.byteOffset + 1 + idLength, payload.length - 1 - idLength);
    // A copy of the set: a handler may unsubscribe itself or another while we iterate.
    for (const handler of [...state.handlers]) {
      try {
        handler(message);
      } catch (error) {
        warnHandler({ topic, error: errorMessage(error) });
      }
    }
  }

  /** Brings Redis's subscription of a topic in line with whether it has handlers; one command at a time. */
  function reconcile(state: TopicState): Promise<void> {
    if (state.pending) return state.pending;
    const wanted = state.handlers.size > 0;
    if (closed || wanted === state.subscribed) return Promise.resolve();
    const command = wanted ? subscriber.subscribe(state.channel, state.listener, true) : subscriber.unsubscribe(state.channel, state.listener, true);
    const pending = command.then(
      () => {
        state.subscribed = wanted;
        state.pending = undefined;
        // Handlers came or went meanwhile.
        return reconcile(state);
      },
      (error: unknown) => {
        // Lost with the connection before Redis answered: retried when the subscriber is ready again.
        state.pending = undefined;
        if (!closed) warnSubscription({ channel: state.channel, error: errorMessage(error) });
      },
    );
    state.pending = pending;
    return pending;
  }

  publisher.on("ready", () => {
    if (started && !closed) log("info", "fanout: redis publisher reconnected", { url: safeUrl });
  });
  subscriber.on("ready", () => {
    if (!started || closed) return;
    // node-redis emits 'ready' after a reconnect only once it has resubscribed the channels Redis
    // had acknowledged; reconcile adds any whose SUBSCRIBE was lost with the old connection.
    log("info", "fanout: redis subscriber reconnected", { url: safeUrl });
    void Promise.allSettled([...topics.values()].map(reconcile)).then(() => {
      if (closed) return;
      for (const handler of [...resyncHandlers]) {
        try {
          handler();
        } catch (error) {
          warnHandler({ topic: "resync", error: errorMessage(error) });
        }
      }
    });
  });

  try {
    await withTimeout(Promise.all([publisher.connect(), subscriber.connect()]), START_TIMEOUT_MS + CONNECT_TIMEOUT_MS);
  } catch (error) {
    closed = true;
    publisher.destroy();
    subscriber.destroy();
    throw new Error(`fanout: cannot connect to Redis at ${safeUrl}: ${errorMessage(lastError ?? error)}`);
  }
  started = true;

  let closing: Promise<void> | undefined;

  return {
    instanceId,

    publish(topic, message) {
      if (closed) return;
      if (!publisher.isReady) {
        warnDropped({ topic, url: safeUrl });
        return;
      }
      const payload = Buffer.allocUnsafe(header.length + message.length);
      header.copy(payload, 0);
      payload.set(message, header.length);
      try {
        publisher.publish(`${prefix}:${topic}`, payload).catch((error: unknown) => {
          if (!closed) warnDropped({ topic, url: safeUrl, error: errorMessage(error) });
        });
      } catch (error) {
        warnDropped({ topic, url: safeUrl, error: errorMessage(error) });
      }
    },

    subscribe(topic, handler) {
      let state = topics.get(topic);
      if (!state) {
        const created: TopicState = {
          channel: `${prefix}:${topic}`,
          handlers: new Set(),
          subscribed: false,
          listener: (payload) => deliver(topic, created, payload),
        };
        state = created;
        topics.set(topic, state);
      }
      const current = state;
      // A wrapper per call, so the same function subscribed twice is also unsubscribed twice.
      const entry: Handler = (message) => handler(message);
      current.handlers.add(entry);
      void reconcile(current);
      return () => {
        if (!current.handlers.delete(entry)) return;
        void reconcile(current);
      };
    },

    onResync(handler) {
      const entry = () => handler();
      resyncHandlers.add(entry);
      return () => {
        resyncHandlers.delete(entry);
      };
    },

    close() {
      if (!closing) {
        closed = true;
        closing = Promise.all([closeClient(publisher), closeClient(subscriber)]).then(() => {});
      }
      return closing;
    },
  };
}

/** Lets pending commands finish for a moment (a publish just before shutdown), then drops the connection. */
async function closeClient(client: Client): Promise<void> {
  try {
    if (client.isOpen) await withTimeout(client.close(), 1_000);
  } catch {
    // Closing during an outage: nothing to wait for.
  }
  client.destroy();
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
