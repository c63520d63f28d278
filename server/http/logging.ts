import type { NextFunction, Request, Response } from "express";
import { redactPath } from "../../app/core/redact-path.js";

export type LogLevel = "info" | "warn" | "error";

/** One JSON object per line on stdout: easy to grep on a field laptop, easy to ship later. */
export function log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields });
  if (level === "error") process.stderr.write(line + "\n");
  else process.stdout.write(line + "\n");
}

export { redactPath };

export function requestLogger() {
  return (req: Request, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      log(res.statusCode >= 500 ? "error" : "info", "request", {
        method: req.method,
        path: redactPath(req.path),
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
        user: res.locals.auth?.user.id,
      });
    });
    next();
  };
}
