// Domain events between instances (app/domain/events.server.ts): each event emitted on one
// instance is published on the "events" topic and delivered to the others' listeners. Events are
// small JSON objects; a message this version does not understand (another version of the app
// during a rolling deploy, or garbage) is dropped, since every event is also covered by a later
// re-decision (the collab server's periodic sweep).
import { DOMAIN_EVENT_NAMES, type DomainEventBus, type DomainEvents } from "../../app/domain/events.server.js";
import { log } from "../http/logging.js";
import type { Fanout } from "./fanout.js";

const KNOWN = new Set<string>(DOMAIN_EVENT_NAMES);
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** Relays `bus` to and from the other instances; returns a function that stops it. */
export function relayDomainEvents(bus: DomainEventBus, fanout: Fanout): () => void {
  bus.relayTo((name, payload) => fanout.publish("events", encoder.encode(JSON.stringify({ name, payload }))));
  const unsubscribe = fanout.subscribe("events", (message) => {
    let event: { name?: unknown; payload?: unknown };
    try {
      event = JSON.parse(decoder.decode(message)) as typeof event;
    } catch {
      log("warn", "domain event from another instance dropped: not JSON");
      return;
    }
    if (typeof event.name !== "string" || !KNOWN.has(event.name) || typeof event.payload !== "object" || event.payload === null) {
      log("warn", "domain event from another instance dropped: unknown", { name: String(event.name) });
      return;
    }
    const name = event.name as keyof DomainEvents;
    bus.receive(name, event.payload as DomainEvents[typeof name]);
  });
  return () => {
    bus.relayTo(null);
    unsubscribe();
  };
}
