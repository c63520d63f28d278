import { describe, expect, it, vi } from "vitest";
import { errorKey, sendAnnotation } from "./annotation-api.js";

const answer = (status: number, body: unknown) => vi.fn(async () => new Response(typeof body === "string" ? body : JSON.stringify(body), { status }));

describe("sendAnnotation", () => {
  it("posts the intent and fields form-encoded to the document's endpoint", async () => {
    const fetchImpl = answer(200, { ok: true, thread: null });
    await sendAnnotation("p1", "d1", "reply", { threadId: "t1", body: "D'accord & merci" }, fetchImpl as unknown as typeof fetch);
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/processes/p1/documents/d1/annotations");
    expect(init.method).toBe("POST");
    expect(String(init.body)).toBe("intent=reply&threadId=t1&body=D%27accord+%26+merci");
  });

  it("repeats a field given several values (the actors of a thread), and sends none of it for an empty list", async () => {
    const fetchImpl = answer(200, { ok: true, thread: null });
    await sendAnnotation("p1", "d1", "actors", { threadId: "t1", actorIds: ["a1", "a2"] }, fetchImpl as unknown as typeof fetch);
    await sendAnnotation("p1", "d1", "actors", { threadId: "t1", actorIds: [] }, fetchImpl as unknown as typeof fetch);
    const bodies = fetchImpl.mock.calls.map((call) => String((call as unknown as [string, RequestInit])[1].body));
    expect(bodies).toEqual(["intent=actors&threadId=t1&actorIds=a1&actorIds=a2", "intent=actors&threadId=t1"]);
  });

  it("maps the server's error keys to the messages, bare or full", async () => {
    const outcome = await sendAnnotation(
      "p",
      "d",
      "create",
      {},
      answer(400, { ok: false, errors: { body: "bodyRequired", form: "annotations.errors.archived" } }) as unknown as typeof fetch,
    );
    expect(outcome).toEqual({ ok: false, errors: { body: "annotations.errors.bodyRequired", form: "annotations.errors.archived" } });
  });

  it("says so when nothing readable came back (no connection, an HTML error page)", async () => {
    const offline = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    });
    expect(await sendAnnotation("p", "d", "resolve", { threadId: "t" }, offline as unknown as typeof fetch)).toEqual({
      ok: false,
      errors: { form: "annotations.errors.network" },
    });
    expect(await sendAnnotation("p", "d", "resolve", {}, answer(403, "<html>") as unknown as typeof fetch)).toEqual({
      ok: false,
      errors: { form: "annotations.errors.notAllowed" },
    });
    expect(await sendAnnotation("p", "d", "resolve", {}, answer(502, "<html>") as unknown as typeof fetch)).toEqual({
      ok: false,
      errors: { form: "annotations.errors.unexpected" },
    });
  });

  it("prefixes bare keys only", () => {
    expect(errorKey("resolved")).toBe("annotations.errors.resolved");
    expect(errorKey("errors.invalid")).toBe("errors.invalid");
  });
});
