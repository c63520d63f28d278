// The seam between app instances (docs/decisions/038-instances-fan-out.md): what one instance
// tells the others. A transport only carries bytes between instances; it is never where anything
// is stored. Delivery is at most once (Redis pub/sub), so every receiver must be able to repair a
// missed message from storage: the collab server does it by seq, domain events are only ever
// "re-decide now" signals whose effect is read from the database.
//
// Without REDIS_URL there is no transport at all (one instance, nothing to tell).

/** What is carried. One channel per topic, so a receiver pays only for what it listens to. */
export type FanoutTopic = "collab" | "awareness" | "events";

export interface Fanout {
  /** This instance's id (random per process start). A transport never delivers an instance its own messages. */
  readonly instanceId: string;
  /**
   * Sends `message` to every other instance listening on `topic`. Fire and forget: it never
   * throws, and a message published while the transport is down is dropped (and logged), which
   * the receivers' repair covers.
   */
  publish(topic: FanoutTopic, message: Uint8Array): void;
  /** Calls `handler` with every other instance's message on `topic`, in the order it published them. */
  subscribe(topic: FanoutTopic, handler: (message: Uint8Array) => void): () => void;
  /**
   * Calls `handler` each time the subscription is re-established after a loss (a Redis restart, a
   * dropped connection): messages may have been missed meanwhile, so receivers resynchronize.
   */
  onResync(handler: () => void): () => void;
  close(): Promise<void>;
}
