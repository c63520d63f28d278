import { EventEmitter } from "node:events";

/**
 * Domain events. Domain mutations emit them after their transaction commits; long-lived holders
 * of rights (the collab server's open WebSocket connections) listen and re-check access at once.
 * With several instances (REDIS_URL), every event is also relayed to the others, whose listeners
 * run as if it had been emitted there: an event only says "re-decide now", and what to decide is
 * read from the shared database, which already holds the change.
 */
export interface DomainEvents {
  /** A member was added, removed, or had their role or category changed. */
  "membership.changed": { processId: string; userId: string };
  /** A process changed in a way that can alter everyone's rights (archived, restored). */
  "process.changed": { processId: string };
  /** A document's status changed (e.g. locked for sign-off, adopted, reopened). */
  "document.changed": { documentId: string; processId: string };
  /** An annotation thread was started, answered, edited, resolved or reopened (or lost its last message). */
  "annotation.changed": { documentId: string; processId: string; threadId: string };
  /** An account was disabled or all its sessions ended. */
  "user.sessions_ended": { userId: string; exceptSessionId?: string };
  /** An instance-wide rule of access changed (the roles that require a second factor): every connection is re-decided. */
  "instance.access_changed": Record<string, never>;
  /** One session ended (its device signed out): its live connections must close too. */
  "session.ended": { userId: string; sessionId: string };
  /** A round is about to snapshot this text: every live editor must stop writing (and what they sent be committed) now. */
  "document.freezing": { documentId: string };
}

/** Every event's name, for a relay that must refuse names it does not know. */
export const DOMAIN_EVENT_NAMES = [
  "membership.changed",
  "process.changed",
  "document.changed",
  "annotation.changed",
  "user.sessions_ended",
  "instance.access_changed",
  "session.ended",
  "document.freezing",
] as const satisfies readonly (keyof DomainEvents)[];

/** Sends an event to the other instances (server/fanout/events.ts). */
export type DomainEventRelay = <K extends keyof DomainEvents>(name: K, payload: DomainEvents[K]) => void;

export class DomainEventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  private relay: DomainEventRelay | null = null;

  emit<K extends keyof DomainEvents>(name: K, payload: DomainEvents[K]): void {
    this.emitter.emit(name, payload);
    this.relay?.(name, payload);
  }

  /** An event another instance emitted: this instance's listeners only (never relayed back). */
  receive<K extends keyof DomainEvents>(name: K, payload: DomainEvents[K]): void {
    this.emitter.emit(name, payload);
  }

  /** From now on every event emitted here is also sent to `relay` (the other instances). */
  relayTo(relay: DomainEventRelay | null): void {
    this.relay = relay;
  }

  on<K extends keyof DomainEvents>(name: K, listener: (payload: DomainEvents[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
