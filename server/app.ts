import compression from "compression";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { formBodiesOnly } from "./http/body-type.js";
import { fileURLToPath } from "node:url";
import type { Services } from "../app/domain/context.server.js";
import { originCheck, securityHeaders } from "./http/security.js";
import { requestLogger } from "./http/logging.js";
import { sessionMiddleware } from "./http/session.js";
import { serviceWorkerRoute } from "./http/service-worker.js";

const PUBLIC_DIR = fileURLToPath(new URL("../public/", import.meta.url));

/** The Express app: static assets, health, security, sessions, then Remix. */
export function createExpressApp(services: Services, build: ServerBuild) {
  const app = express();
  app.disable("x-powered-by");
  // Off by default: without a proxy in front, X-Forwarded-* is whatever the client wrote.
  app.set("trust proxy", services.config.trustProxy);
  app.use(requestLogger());
  app.use(compression());
  app.use(securityHeaders(services.config));

  // The offline service worker: at the root, so its scope is every page (ADR 029).
  app.get("/sw.js", serviceWorkerRoute(build.assets.version, PUBLIC_DIR));
  // Fingerprinted Remix assets never change under the same name: cache them for a year.
  app.use("/build", express.static(PUBLIC_DIR + "build", { immutable: true, maxAge: "1y", index: false }));
  app.use(express.static(PUBLIC_DIR, { maxAge: "1h", index: false }));

  app.get("/healthz", async (_req, res) => {
    try {
      await services.db.get("SELECT 1");
      res.json({ status: "ok" });
    } catch (error) {
      res.status(503).json({ status: "error", error: (error as Error).message });
    }
  });

  app.use(originCheck(services.config));
  app.use(sessionMiddleware(services.db, services.config));
  app.use(formBodiesOnly());

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: services.config.nodeEnv,
      getLoadContext: (req, res) => ({
        services,
        auth: res.locals.auth ?? null,
        cspNonce: res.locals.cspNonce as string,
        // req.ip follows TRUST_PROXY: behind a proxy, the client's address from X-Forwarded-For;
        // otherwise the socket's (a forged header is ignored).
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
      }),
    }),
  );
  return app;
}
