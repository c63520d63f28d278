import { json, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { FormAlert } from "~/components/forms";
import { CategoryName, RoleBadge } from "~/components/process";
import { getMembership } from "~/domain/access.server";
import { getUser, requireUser } from "~/domain/auth.server";
import { acceptInvitation, inspectInvitation } from "~/domain/invitations.server";
import { linkRetryAfterSeconds, noteLinkLookup } from "~/domain/link-throttle.server";
import { rootMeta } from "~/components/meta";

// The invitation link. Unknown token: 404; known but expired, used, revoked, or for an archived
// process: 410 Gone, with a page saying which. The token itself never reaches the logs.
export const meta: MetaFunction = ({ matches }) => [...rootMeta(matches), { name: "referrer", content: "no-referrer" }];

// A 429 keeps its Retry-After on the document response.
export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => {
  const retry = actionHeaders.get("Retry-After") ?? loaderHeaders.get("Retry-After");
  return retry ? { "Retry-After": retry } : new Headers();
};

function throttled(seconds: number) {
  return json(
    {
      state: "throttled" as const,
      token: "",
      invitation: null,
      processTitle: null,
      signedIn: false,
      alreadyMember: false,
      errors: { form: "invitations.state.throttled" },
    },
    { status: 429, headers: { "Retry-After": String(seconds) } },
  );
}

export async function loader({ context, params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const wait = await linkRetryAfterSeconds(context, "invitation");
  if (wait > 0) return throttled(wait);
  const lookup = await inspectInvitation(context.services.db, token);
  await noteLinkLookup(context, "invitation", lookup.state);
  const user = getUser(context);
  if (lookup.state !== "valid" || !lookup.invitation) {
    return json(
      { state: lookup.state, token, invitation: null, processTitle: null, signedIn: !!user, alreadyMember: false },
      {
        status: lookup.state === "unknown" ? 404 : 410,
      },
    );
  }
  const { invitation } = lookup;
  const alreadyMember = user ? (await getMembership(context.services.db, invitation.processId, user.id)) !== null : false;
  return json({
    state: lookup.state,
    token,
    // Only what the invited person needs to decide: never who else is in the process.
    invitation: { role: invitation.role, category: invitation.category, affiliation: invitation.affiliation, processId: invitation.processId },
    processTitle: lookup.processTitle,
    signedIn: !!user,
    alreadyMember,
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const wait = await linkRetryAfterSeconds(context, "invitation");
  if (wait > 0) return throttled(wait);
  const result = await acceptInvitation(context.services, user, params.token ?? "");
  if (!result.ok) {
    if (result.status === 404 || result.status === 410) await noteLinkLookup(context, "invitation", "spent");
    return json({ errors: result.errors }, { status: result.status });
  }
  return redirect(`/processes/${result.value.processId}`);
}

export default function Invite() {
  const { state, token, invitation, processTitle, signedIn, alreadyMember } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  if (state !== "valid" || !invitation) {
    return (
      <div className="page narrow">
        <h1>{t("invitations.invalidTitle")}</h1>
        <p className="alert alert-error" data-state={state}>
          {t(`invitations.state.${state}`)}
        </p>
        <p>
          <Link to="/">{t("invitations.backHome")}</Link>
        </p>
      </div>
    );
  }
  const back = `/invite/${token}`;
  const formError = actionData?.errors.form;
  return (
    <div className="page narrow">
      <h1>{t("invitations.joinTitle", { title: processTitle })}</h1>
      <p className="lead">{t("invitations.joinIntro")}</p>
      <dl className="invitation-summary">
        <div>
          <dt>{t("members.role")}</dt>
          <dd>
            <RoleBadge role={invitation.role} />
          </dd>
        </div>
        {invitation.category ? (
          <div>
            <dt>{t("members.category")}</dt>
            <dd>
              <CategoryName category={invitation.category} />
            </dd>
          </div>
        ) : null}
        {invitation.affiliation ? (
          <div>
            <dt>{t("members.affiliation")}</dt>
            <dd>{invitation.affiliation}</dd>
          </div>
        ) : null}
      </dl>
      <FormAlert message={formError ? t(formError) : null} />
      {alreadyMember ? (
        <p className="alert alert-success">
          {t("processErrors.alreadyMember")} <Link to={`/processes/${invitation.processId}`}>{processTitle}</Link>
        </p>
      ) : signedIn ? (
        <Form method="post">
          <button type="submit" className="button" disabled={busy}>
            {t("invitations.join")}
          </button>
        </Form>
      ) : (
        <>
          <p>{t("invitations.signedOutIntro")}</p>
          <p className="button-row">
            <Link className="button" to={`/signup?${new URLSearchParams({ invitation: token, redirectTo: back })}`}>
              {t("invitations.createAccountToJoin")}
            </Link>
            <Link className="button button-secondary" to={`/login?${new URLSearchParams({ redirectTo: back })}`}>
              {t("invitations.signInToJoin")}
            </Link>
          </p>
        </>
      )}
    </div>
  );
}
