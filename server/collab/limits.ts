// Protection against one connection hogging the process: frame size, message rate, dead peers.

export interface RateLimit {
  /** Messages a connection may send in a burst. */
  burst: number;
  /** Sustained messages per second. Typing sends ~2 messages per keystroke (update + caret). */
  perSecond: number;
}

export const DEFAULT_RATE: RateLimit = { burst: 600, perSecond: 200 };
/** Big enough for a long offline session merged in one sync step 2; ws enforces it too. */
export const DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
export const DEFAULT_HEARTBEAT_MS = 30_000;

const monotonicNow = () => performance.now();

/**
 * Token bucket. Exceeding it closes the connection rather than dropping messages: a dropped Yjs
 * update would leave the client believing it was sent, while a close makes y-websocket reconnect
 * and resend everything through sync step 1/2, so nothing is lost.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: RateLimit,
    // One shared clock, not a closure per bucket (one bucket per connection).
    private readonly now: () => number = monotonicNow,
  ) {
    this.tokens = limit.burst;
    this.last = now();
  }

  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) / 1000) * this.limit.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export interface Heartbeat {
  stop(): void;
}

/** Something that can be pinged and terminated when it did not answer the previous ping. */
export interface Pingable {
  alive: boolean;
  ping(): void;
  terminate(reason: string): void;
}

/**
 * Every interval: terminate peers that did not answer the previous ping (a laptop that lost its
 * network never sends a close frame; its awareness would linger and its document never unload),
 * then ping the others. Any message or pong sets `alive` again.
 */
export function startHeartbeat(peers: () => Iterable<Pingable>, intervalMs: number): Heartbeat {
  const timer = setInterval(() => {
    for (const peer of peers()) {
      if (!peer.alive) {
        peer.terminate("heartbeat timeout");
        continue;
      }
      peer.alive = false;
      peer.ping();
    }
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
