import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLanguage } from "~/core/languages";
import { setPreferredLanguage } from "~/domain/accounts.server";
import { safeRedirect } from "~/domain/auth.server";
import { languageCookie } from "~/domain/locale.server";

// The header's language switcher: remembers the choice in a cookie and, when signed in, as the user's preference.
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const lng = form.get("lng");
  const back = safeRedirect(form.get("redirectTo"));
  if (!isLanguage(lng)) return redirect(back);
  if (context.auth) await setPreferredLanguage(context.services.db, context.auth.user.id, lng);
  return redirect(back, { headers: { "Set-Cookie": languageCookie(lng, context.services.config.secureCookies) } });
}

export async function loader() {
  return redirect("/");
}
