import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSessionCookie } from "~/domain/auth.server";
import { recordAudit } from "~/domain/audit.server";
import { invalidateSession, invalidateUserSessions } from "~/domain/sessions.server";

// POST /logout signs out this device; with scope=all, every device of the user.
export async function action({ request, context }: ActionFunctionArgs) {
  const { db } = context.services;
  const auth = context.auth;
  if (auth) {
    const form = await request.formData();
    const everywhere = form.get("scope") === "all";
    await db.transaction(async (tx) => {
      if (everywhere) await invalidateUserSessions(tx, auth.user.id);
      else await invalidateSession(tx, auth.session.id);
      await recordAudit(tx, {
        actorUserId: auth.user.id,
        action: everywhere ? "session.ended_all" : "session.ended",
        targetType: "user",
        targetId: auth.user.id,
      });
    });
    // Live sockets opened with the ended session(s) close at once (4401): a signed-out tab must not
    // go on writing through a connection authorized before.
    if (everywhere) context.services.events.emit("user.sessions_ended", { userId: auth.user.id });
    else context.services.events.emit("session.ended", { userId: auth.user.id, sessionId: auth.session.id });
  }
  // Documents are kept on the device for offline work; on sign-out they must not stay behind on a
  // shared laptop. The browser erases this site's storage (IndexedDB copies, pending counts, the
  // service worker's kept pages and shell, the worker's registration) and its HTTP cache; the
  // page's sign-out form erases the worker's caches itself too (app/client/service-worker.ts).
  return redirect("/login", { headers: { "Set-Cookie": endSessionCookie(context), "Clear-Site-Data": '"cache", "storage"' } });
}

export async function loader() {
  return redirect("/");
}
