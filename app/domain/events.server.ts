import { EventEmitter } from "node:events";

/**
 * In-process domain events. Domain mutations emit them after their transaction commits;
 * long-lived holders of rights (the collab server's open WebSocket connections) listen and
 * re-check access at once. Behind this narrow seam a Redis pub/sub adapter can later fan
 * events out across instances.
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
}

export class DomainEventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  emit<K extends keyof DomainEvents>(name: K, payload: DomainEvents[K]): void {
    this.emitter.emit(name, payload);
  }

  on<K extends keyof DomainEvents>(name: K, listener: (payload: DomainEvents[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
