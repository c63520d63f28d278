import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { STATUS_CODES } from "node:http";

/** What the collab server plugs into the HTTP server: it owns every upgrade under /collab/. */
export interface UpgradeHandler {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every live connection (graceful shutdown) and flushes pending writes. */
  close(): Promise<void>;
}

export const COLLAB_PREFIX = "/collab/";

/** Answers an upgrade request with a plain HTTP status and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: number, reason?: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = reason ?? STATUS_CODES[status] ?? "Refused";
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Refused"}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** Routes upgrades: only /collab/* reaches the collab handler; everything else is refused. */
export function routeUpgrade(handler: UpgradeHandler) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    const path = (req.url ?? "/").split("?")[0]!;
    if (!path.startsWith(COLLAB_PREFIX)) return refuseUpgrade(socket, 404);
    handler.handleUpgrade(req, socket, head);
  };
}
