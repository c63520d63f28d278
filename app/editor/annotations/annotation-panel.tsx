// The annotation side panel: threads in text order with their filters and counts, each thread's
// messages, replies, edits, resolve/reopen, and the composer of a new thread. React only, no
// Tiptap: the server renders it (a list, while the editor loads on a slow link) and the editor's
// layer (annotation-layer.client.tsx) renders it live with actions. What a reader may do comes
// from the server's views (`mayCreate`, `thread.may`, `message.mayEdit`), never decided here; the
// same for the stakeholder map's actors: the page lists them only for the team, who read the map
// and may name them on a thread, and a thread's `actorIds` come only to readers of the map.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "~/core/i18n/react.js";
import { ChoiceField, FormAlert, SelectField, TextAreaField } from "../../components/forms.js";
import { formatDate, useLanguage } from "../../components/process.js";
import {
  ANNOTATION_LIMITS,
  ANNOTATION_TYPES,
  type Anchor,
  type AnnotationIntent,
  type AnnotationType,
  type MessageView,
  type Visibility,
} from "../../core/annotations/types.js";
import type { AnnotationFields, Outcome } from "./annotation-api.js";
import {
  actorIdsOf,
  filterCounts,
  isDetached,
  matchesFilter,
  namedActors,
  orderEntries,
  type ActorOption,
  type ThreadEntry,
  type ThreadFilter,
} from "./annotation-store.js";

export interface PanelActions {
  /** Sends a change of one thread (or a new one: threadId null); the answer is applied by the caller. */
  send(intent: AnnotationIntent, fields: AnnotationFields, threadId: string | null): Promise<Outcome>;
  /** Selects the thread's text in the editor, scrolls to it and focuses the editor. */
  show(entry: ThreadEntry): void;
  announce(key: string): void;
}

export interface AnnotationPanelProps {
  entries: readonly ThreadEntry[];
  filter: ThreadFilter;
  onFilterChange: (filter: ThreadFilter) => void;
  /** Show the visibility filter (readers who may see team threads). */
  showVisibilityFilter: boolean;
  /**
   * The stakeholder map's actors this reader may name on a thread (the page data's `actors`):
   * threads then show the actors they name, offer to name them (with actions) and filter by them.
   * Empty (everyone outside the team): none of it is shown.
   */
  actors?: readonly ActorOption[];
  activeId?: string | null;
  onActivate?: (id: string) => void;
  /** null: a list only (the server's render, or the editor still loading). */
  actions: PanelActions | null;
  /** The composer of a new thread, when open. */
  composer?: ReactNode;
  /** Asks the panel to bring a thread into view (and focus it): a new `n` for each request. */
  reveal?: { id: string; n: number; focus: boolean } | null;
  /** The last announcement (polite live region). */
  announcement?: string;
}

export function AnnotationPanel({
  entries,
  filter,
  onFilterChange,
  showVisibilityFilter,
  actors = NO_ACTORS,
  activeId = null,
  onActivate,
  actions,
  composer,
  reveal,
  announcement = "",
}: AnnotationPanelProps) {
  const { t } = useTranslation();
  const listRef = useRef<HTMLDivElement>(null);
  const threads = entries.map((e) => e.thread);
  const counts = filterCounts(threads, filter);
  const open = threads.filter((x) => x.status === "open").length;
  const shown = orderEntries(entries.filter((e) => matchesFilter(e.thread, filter)));
  const anchored = shown.filter((e) => !isDetached(e));
  const detached = shown.filter((e) => isDetached(e));

  useEffect(() => {
    if (!reveal) return;
    const card = listRef.current?.querySelector<HTMLElement>(`[data-thread-id="${CSS.escape(reveal.id)}"]`);
    if (!card) return;
    card.scrollIntoView({ block: "nearest" });
    if (reveal.focus) card.focus({ preventScroll: true });
  }, [reveal]);

  const typeOptions = [
    { value: "all", label: t("annotations.filters.option", { label: t("annotations.filters.allTypes"), count: counts.type.all }) },
    // Only the types this reader has threads of (and the one chosen): a list of every type says
    // nothing useful, and a reader's page names no type of a thread they may not read.
    ...ANNOTATION_TYPES.filter((type) => counts.type[type] > 0 || threads.some((x) => x.type === type) || filter.type === type).map((type) => ({
      value: type,
      label: t("annotations.filters.option", { label: t(`annotations.types.${type}`), count: counts.type[type] }),
    })),
  ];
  const set = (patch: Partial<ThreadFilter>) => onFilterChange({ ...filter, ...patch });
  // The actors some thread names (and the one chosen), as for the types: the whole map says nothing here.
  const actorChoices = actors.length ? actors.filter((a) => a.id === filter.actor || threads.some((x) => actorIdsOf(x).includes(a.id))) : [];

  return (
    <section className="annotation-panel" aria-labelledby="annotations-title" data-testid="annotations">
      <h3 id="annotations-title">{t("annotations.title")}</h3>
      <p className="muted annotation-summary">{t("annotations.summary", { open, resolved: threads.length - open })}</p>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {composer}
      {threads.length ? (
        <fieldset className="annotation-filters">
          <legend>{t("annotations.filters.legend")}</legend>
          <FilterSelect
            id="annotation-filter-type"
            label={t("annotations.filters.type")}
            value={filter.type}
            options={typeOptions}
            onChange={(v) => set({ type: v as ThreadFilter["type"] })}
          />
          {showVisibilityFilter ? (
            <FilterSelect
              id="annotation-filter-visibility"
              label={t("annotations.filters.visibility")}
              value={filter.visibility}
              onChange={(v) => set({ visibility: v as ThreadFilter["visibility"] })}
              options={(["all", "team", "shared"] as const).map((v) => ({
                value: v,
                label: t("annotations.filters.option", {
                  label: v === "all" ? t("annotations.filters.allVisibilities") : t(`annotations.visibility.${v}`),
                  count: counts.visibility[v],
                }),
              }))}
            />
          ) : null}
          <FilterSelect
            id="annotation-filter-status"
            label={t("annotations.filters.status")}
            value={filter.status}
            onChange={(v) => set({ status: v as ThreadFilter["status"] })}
            options={(["open", "resolved", "all"] as const).map((v) => ({
              value: v,
              label: t("annotations.filters.option", {
                label: v === "all" ? t("annotations.filters.allStatuses") : t(`annotations.status.${v}`),
                count: counts.status[v],
              }),
            }))}
          />
          {actorChoices.length ? (
            <FilterSelect
              id="annotation-filter-actor"
              label={t("annotations.actors.filter")}
              value={filter.actor ?? "all"}
              onChange={(v) => set({ actor: v })}
              options={[
                { value: "all", label: t("annotations.filters.option", { label: t("annotations.actors.allActors"), count: counts.actor.all ?? 0 }) },
                ...actorChoices.map((a) => ({ value: a.id, label: t("annotations.filters.option", { label: a.name, count: counts.actor[a.id] ?? 0 }) })),
              ]}
            />
          ) : null}
        </fieldset>
      ) : null}
      <div ref={listRef}>
        {!threads.length ? <p className="muted">{t("annotations.none")}</p> : !shown.length ? <p className="muted">{t("annotations.noneMatch")}</p> : null}
        {anchored.length ? (
          <ol className="annotation-threads">
            {anchored.map((entry) => (
              <li key={entry.thread.id}>
                <ThreadCard entry={entry} active={entry.thread.id === activeId} actions={actions} actors={actors} onActivate={onActivate} />
              </li>
            ))}
          </ol>
        ) : null}
        {detached.length ? (
          <>
            <h4 className="annotation-detached-heading">{t("annotations.detachedHeading")}</h4>
            <ol className="annotation-threads">
              {detached.map((entry) => (
                <li key={entry.thread.id}>
                  <ThreadCard entry={entry} active={entry.thread.id === activeId} actions={actions} actors={actors} onActivate={onActivate} />
                </li>
              ))}
            </ol>
          </>
        ) : null}
      </div>
    </section>
  );
}

const NO_ACTORS: readonly ActorOption[] = [];

function FilterSelect({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (v: string) => void;
}) {
  return (
    <div className="field annotation-filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function TypeLabel({ type }: { type: AnnotationType }) {
  const { t } = useTranslation();
  return <span className={`annotation-type annotation--${type}`}>{t(`annotations.types.${type}`)}</span>;
}

export function VisibilityBadge({ visibility }: { visibility: Visibility }) {
  const { t } = useTranslation();
  return (
    <span className={`annotation-visibility is-${visibility}`} title={t(`annotations.visibilityLong.${visibility}`)}>
      {t(`annotations.visibility.${visibility}`)}
    </span>
  );
}

type Busy = null | "reply" | "status" | string;
interface ScopedErrors {
  scope: string;
  errors: Record<string, string>;
}

function ThreadCard({
  entry,
  active,
  actions,
  actors,
  onActivate,
}: {
  entry: ThreadEntry;
  active: boolean;
  actions: PanelActions | null;
  actors: readonly ActorOption[];
  onActivate?: (id: string) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const uid = useId();
  const { thread, placement } = entry;
  const detached = isDetached(entry);
  const [busy, setBusy] = useState<Busy>(null);
  const [errors, setErrors] = useState<ScopedErrors | null>(null);
  const [reply, setReply] = useState("");
  // The reply box opens on demand: a column of open boxes would bury the threads on a phone.
  const [replying, setReplying] = useState(false);
  const [editing, setEditing] = useState<{ id: string; body: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const open = thread.status === "open";
  const author = thread.messages[0]?.authorName ?? thread.createdBy.name;
  const text = placement?.state === "anchored" ? placement.text : thread.anchor.quote;
  const quote = thread.anchor.kind === "item" ? t("annotations.itemQuote", { title: text || t("items.untitled") }) : text;

  const run = async (scope: string, intent: AnnotationIntent, fields: AnnotationFields, announce: string): Promise<boolean> => {
    if (!actions || busy) return false;
    setBusy(scope);
    const outcome = await actions.send(intent, fields, thread.id);
    setBusy(null);
    if (!outcome.ok) {
      setErrors({ scope, errors: outcome.errors });
      return false;
    }
    setErrors(null);
    actions.announce(announce);
    return true;
  };
  const errorsFor = (scope: string) => (errors?.scope === scope ? errors.errors : {});

  const onReply = async (e: FormEvent) => {
    e.preventDefault();
    if (await run("reply", "reply", { threadId: thread.id, body: reply }, "annotations.announce.replied")) {
      setReply("");
      setReplying(false);
    }
  };

  return (
    <article
      // The target of links to a thread (#thread-<id>: notifications, the stakeholder map).
      id={`thread-${thread.id}`}
      className={`annotation-thread annotation--${thread.type} is-${thread.status}${active ? " is-active" : ""}${detached ? " is-detached" : ""}`}
      data-thread-id={thread.id}
      data-type={thread.type}
      data-visibility={thread.visibility}
      data-status={thread.status}
      tabIndex={-1}
      aria-labelledby={`${uid}-title`}
      aria-current={active ? "true" : undefined}
      onClick={(e) => {
        // A click on the card's own controls does what they say; elsewhere it picks the thread.
        if (!(e.target instanceof Element && e.target.closest("button, a, input, textarea, select, label, summary"))) onActivate?.(thread.id);
      }}
    >
      <header className="annotation-thread-head">
        <h4 id={`${uid}-title`} className="annotation-thread-title">
          <TypeLabel type={thread.type} />
          <span className="visually-hidden"> — {t("annotations.threadLabel", { type: t(`annotations.types.${thread.type}`), name: author })}</span>
        </h4>
        <VisibilityBadge visibility={thread.visibility} />
        <span className={`annotation-status is-${thread.status}`}>{t(`annotations.status.${thread.status}`)}</span>
        {detached ? <span className="annotation-detached">{t("annotations.detached")}</span> : null}
      </header>
      {detached ? <p className="annotation-detached-hint muted small">{t("annotations.detachedHint")}</p> : null}
      <blockquote className="annotation-quote" aria-label={t("annotations.quoteLabel")}>
        {quote}
      </blockquote>
      {actions && !detached && placement ? (
        <p className="annotation-show">
          <button type="button" className="link-button" onClick={() => actions.show(entry)}>
            {t("annotations.showInText")}
          </button>
        </p>
      ) : null}
      <ol className="annotation-messages">
        {thread.messages.map((m) => (
          <li key={m.id} className="annotation-message" data-message-id={m.id}>
            <p className="annotation-meta">
              <strong>{m.authorName}</strong> · <time dateTime={new Date(m.createdAt).toISOString()}>{formatDate(m.createdAt, language, true)}</time>
              {m.editedAt ? <span className="muted"> ({t("annotations.edited")})</span> : null}
            </p>
            {editing?.id === m.id ? (
              <form
                className="annotation-edit"
                onSubmit={async (e) => {
                  e.preventDefault();
                  if (await run(m.id, "edit", { messageId: m.id, body: editing.body }, "annotations.announce.edited")) setEditing(null);
                }}
              >
                <TextAreaField
                  id={`${uid}-edit-${m.id}`}
                  name="body"
                  label={t("annotations.editLabel")}
                  rows={3}
                  maxLength={ANNOTATION_LIMITS.body}
                  value={editing.body}
                  error={errorsFor(m.id).body}
                  onChange={(e) => setEditing({ id: m.id, body: e.currentTarget.value })}
                  autoFocus
                />
                <FormAlert message={errorsFor(m.id).form ? t(errorsFor(m.id).form!) : null} />
                <div className="button-row">
                  <button type="submit" className="button small-button" disabled={busy === m.id}>
                    {busy === m.id ? t("annotations.sending") : t("annotations.save")}
                  </button>
                  <button type="button" className="button button-secondary small-button" onClick={() => setEditing(null)}>
                    {t("annotations.cancel")}
                  </button>
                </div>
              </form>
            ) : (
              <p className="annotation-body" dir="auto">
                {m.body}
              </p>
            )}
            {actions && m.mayEdit && editing?.id !== m.id ? (
              <MessageTools
                message={m}
                confirming={confirming === m.id}
                busy={busy === m.id}
                error={editing?.id !== m.id && errorsFor(m.id).form ? t(errorsFor(m.id).form!) : null}
                onEdit={() => {
                  setConfirming(null);
                  setEditing({ id: m.id, body: m.body });
                }}
                onDelete={() => setConfirming(m.id)}
                onCancelDelete={() => setConfirming(null)}
                onConfirmDelete={async () => {
                  if (await run(m.id, "delete", { messageId: m.id }, "annotations.announce.deleted")) setConfirming(null);
                }}
              />
            ) : null}
          </li>
        ))}
      </ol>
      {actors.length ? <ThreadActors thread={thread} actors={actors} /> : null}
      {actions && actors.length && thread.may.linkActors ? (
        <NameActors
          thread={thread}
          actors={actors}
          busy={busy === "actors"}
          error={errorsFor("actors")}
          onSave={(actorIds) => run("actors", "actors", { threadId: thread.id, actorIds }, "annotations.actors.saved")}
        />
      ) : null}
      {!open && thread.resolvedBy && thread.resolvedAt ? (
        <p className="annotation-resolved muted small">
          {t("annotations.resolvedBy", { name: thread.resolvedBy.name, date: formatDate(thread.resolvedAt, language, true) })}
        </p>
      ) : null}
      {actions && open && thread.may.reply && replying ? (
        <form className="annotation-reply" onSubmit={onReply}>
          <TextAreaField
            id={`${uid}-reply`}
            name="body"
            label={t("annotations.replyLabel")}
            rows={3}
            maxLength={ANNOTATION_LIMITS.body}
            value={reply}
            error={errorsFor("reply").body}
            onChange={(e) => setReply(e.currentTarget.value)}
            autoFocus
          />
          <FormAlert message={errorsFor("reply").form ? t(errorsFor("reply").form!) : null} />
          <div className="button-row">
            <button type="submit" className="button small-button" disabled={busy === "reply"}>
              {busy === "reply" ? t("annotations.sending") : t("annotations.sendReply")}
            </button>
            <button type="button" className="button button-secondary small-button" onClick={() => setReplying(false)}>
              {t("annotations.cancel")}
            </button>
          </div>
        </form>
      ) : null}
      {actions && ((open && thread.may.reply && !replying) || thread.may.resolve) ? (
        <div className="annotation-status-tools">
          {open && thread.may.reply && !replying ? (
            <button type="button" className="button small-button" onClick={() => setReplying(true)}>
              {t("annotations.reply")}
            </button>
          ) : null}
          {thread.may.resolve ? (
            <button
              type="button"
              className="button button-secondary small-button"
              disabled={busy === "status"}
              onClick={() =>
                void run(
                  "status",
                  open ? "resolve" : "reopen",
                  { threadId: thread.id },
                  open ? "annotations.announce.resolved" : "annotations.announce.reopened",
                )
              }
            >
              {busy === "status" ? t("annotations.sending") : open ? t("annotations.resolve") : t("annotations.reopen")}
            </button>
          ) : null}
          <FormAlert message={errorsFor("status").form ? t(errorsFor("status").form!) : null} />
        </div>
      ) : null}
    </article>
  );
}

/** "Actors: A, B": the map's actors a thread names (nothing when it names none). */
function ThreadActors({ thread, actors }: { thread: ThreadEntry["thread"]; actors: readonly ActorOption[] }) {
  const { t } = useTranslation();
  const named = namedActors(thread, actors);
  if (!named.length) return null;
  return (
    <p className="annotation-actors small" data-actors={named.map((a) => a.id).join(" ")}>
      {t("annotations.actors.named", { names: named.map((a) => a.name).join(", ") })}
    </p>
  );
}

/**
 * Naming the map's actors a thread is about: a disclosure (closed, it takes one line on a phone)
 * whose form, a checkbox per actor, is put in the page only while it is open (a map may have
 * hundreds of actors, a text dozens of threads).
 */
function NameActors({
  thread,
  actors,
  busy,
  error,
  onSave,
}: {
  thread: ThreadEntry["thread"];
  actors: readonly ActorOption[];
  busy: boolean;
  error: Record<string, string>;
  onSave: (actorIds: string[]) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const summaryRef = useRef<HTMLElement>(null);
  const [open, setOpen] = useState(false);
  const current = actorIdsOf(thread);
  return (
    <details className="annotation-name-actors" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary ref={summaryRef}>{t("annotations.actors.name")}</summary>
      {open ? (
        <ActorChoices
          // Keyed by what the thread names now: a change told live (someone else's) shows as it is.
          key={current.join(" ")}
          current={current}
          actors={actors}
          busy={busy}
          error={error}
          onSave={async (actorIds) => {
            if (!(await onSave(actorIds))) return;
            setOpen(false);
            // The form is gone: the keyboard goes back to what opened it.
            summaryRef.current?.focus();
          }}
        />
      ) : null}
    </details>
  );
}

/**
 * The form of NameActors: a checkbox per actor of the map, the named ones checked, and Save, which
 * sends the whole list (none clears it). An actor this page does not know yet (added to the map
 * since the page was read) stays named: only what the reader sees is theirs to change.
 */
export function ActorChoices({
  current,
  actors,
  busy,
  error,
  onSave,
}: {
  current: readonly string[];
  actors: readonly ActorOption[];
  busy: boolean;
  error: Record<string, string>;
  onSave: (actorIds: string[]) => void | Promise<void>;
}) {
  const { t } = useTranslation();
  const uid = useId();
  const message = error.actorIds ?? error.form ?? error.threadId;
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const checked = new FormData(e.currentTarget).getAll("actorIds").filter((v): v is string => typeof v === "string");
    void onSave([...checked, ...current.filter((id) => !actors.some((a) => a.id === id))]);
  };
  return (
    <form className="annotation-actors-form" onSubmit={onSubmit} noValidate>
      <fieldset className="checkbox-group annotation-actor-choices" aria-describedby={`${uid}-hint`}>
        <legend>{t("annotations.actors.legend")}</legend>
        <p id={`${uid}-hint`} className="muted small">
          {t("annotations.actors.hint")}
        </p>
        {actors.map((a) => (
          <label className="checkbox" key={a.id}>
            <input type="checkbox" name="actorIds" value={a.id} defaultChecked={current.includes(a.id)} />
            {a.name}
          </label>
        ))}
      </fieldset>
      <FormAlert message={message ? t(message) : null} />
      <div className="button-row">
        <button type="submit" className="button small-button" disabled={busy}>
          {busy ? t("annotations.sending") : t("annotations.actors.save")}
        </button>
      </div>
    </form>
  );
}

function MessageTools({
  message,
  confirming,
  busy,
  error,
  onEdit,
  onDelete,
  onCancelDelete,
  onConfirmDelete,
}: {
  message: MessageView;
  confirming: boolean;
  busy: boolean;
  error: string | null;
  onEdit: () => void;
  onDelete: () => void;
  onCancelDelete: () => void;
  onConfirmDelete: () => void;
}) {
  const { t } = useTranslation();
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  return (
    <div className="annotation-message-tools" data-message-tools={message.id}>
      {confirming ? (
        <div role="group" aria-label={t("annotations.confirmDelete")}>
          <p className="small">{t("annotations.confirmDelete")}</p>
          <div className="button-row">
            <button ref={confirmRef} type="button" className="button button-danger small-button" disabled={busy} onClick={onConfirmDelete}>
              {busy ? t("annotations.sending") : t("annotations.confirmDeleteYes")}
            </button>
            <button type="button" className="button button-secondary small-button" onClick={onCancelDelete}>
              {t("annotations.cancel")}
            </button>
          </div>
        </div>
      ) : (
        <>
          <button type="button" className="link-button annotation-tool" onClick={onEdit}>
            {t("annotations.edit")}
          </button>{" "}
          <button type="button" className="link-button annotation-tool" onClick={onDelete}>
            {t("annotations.delete")}
          </button>
        </>
      )}
      <FormAlert message={error} />
    </div>
  );
}

// ---------------------------------------------------------------- composer

export type ComposerTarget = { kind: "range"; anchor: Extract<Anchor, { kind: "range" }> } | { kind: "item"; itemId: string | null };

export interface ComposerProps {
  target: ComposerTarget;
  mayCreate: readonly Visibility[];
  /** The items of the document, in order (to annotate a whole item). */
  items: readonly { id: string; title: string }[];
  /** The anchor of a whole item, at the moment of sending (null: the item is gone). */
  anchorForItem: (itemId: string) => Anchor | null;
  send: (fields: Record<string, string>) => Promise<Outcome>;
  onDone: (threadId: string | null) => void;
  onCancel: () => void;
}

export function Composer({ target, mayCreate, items, anchorForItem, send, onDone, onCancel }: ComposerProps) {
  const { t } = useTranslation();
  const uid = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [visibility, setVisibility] = useState<Visibility>(mayCreate.includes("team") ? "team" : (mayCreate[0] ?? "team"));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [itemId, setItemId] = useState(target.kind === "item" ? (target.itemId ?? items[0]?.id ?? "") : "");

  useEffect(() => {
    formRef.current?.scrollIntoView({ block: "nearest" });
    formRef.current?.querySelector<HTMLElement>("select, textarea")?.focus({ preventScroll: true });
  }, [target]);

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (busy) return;
    const form = new FormData(e.currentTarget);
    const anchor = target.kind === "range" ? target.anchor : itemId ? anchorForItem(itemId) : null;
    if (!anchor) {
      setErrors({ form: "annotations.errors.anchorInvalid" });
      return;
    }
    setBusy(true);
    const outcome = await send({
      type: String(form.get("type") ?? ""),
      visibility,
      body: String(form.get("body") ?? ""),
      anchor: JSON.stringify(anchor),
    });
    setBusy(false);
    if (outcome.ok) onDone(outcome.thread?.id ?? null);
    else setErrors(outcome.errors);
  };

  const formError = errors.form ?? errors.anchor;
  return (
    <form
      ref={formRef}
      className="annotation-composer"
      aria-labelledby={`${uid}-title`}
      onSubmit={onSubmit}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          onCancel();
        }
      }}
      noValidate
    >
      <h4 id={`${uid}-title`}>{t("annotations.composer.title")}</h4>
      {target.kind === "range" ? (
        <p className="annotation-composer-quote">
          <span className="muted">{t("annotations.composer.onText")}</span> <q>{target.anchor.quote}</q>
        </p>
      ) : items.length ? (
        <SelectField
          id={`${uid}-item`}
          name="item"
          label={t("annotations.composer.item")}
          defaultValue={itemId}
          onChange={setItemId}
          options={items.map((i) => ({ value: i.id, label: i.title || t("items.untitled") }))}
        />
      ) : (
        <p className="muted">{t("annotations.composer.noItems")}</p>
      )}
      <SelectField
        id={`${uid}-type`}
        name="type"
        label={t("annotations.composer.type")}
        defaultValue="general"
        error={errors.type}
        options={ANNOTATION_TYPES.map((type) => ({ value: type, label: t(`annotations.types.${type}`) }))}
      />
      {mayCreate.length > 1 ? (
        <ChoiceField
          id={`${uid}-visibility`}
          name="visibility"
          legend={t("annotations.composer.visibility")}
          value={visibility}
          onChange={(v) => setVisibility(v as Visibility)}
          error={errors.visibility}
          options={mayCreate.map((v) => ({ value: v, label: t(`annotations.visibilityLong.${v}`) }))}
        />
      ) : (
        <p className="annotation-composer-visibility">
          {t("annotations.composer.onlyVisibility", { visibility: t(`annotations.visibilityLong.${visibility}`) })}
          {errors.visibility ? <span className="field-error"> {t(errors.visibility)}</span> : null}
        </p>
      )}
      <TextAreaField
        id={`${uid}-body`}
        name="body"
        label={t("annotations.composer.body")}
        hint={t("annotations.composer.bodyHint")}
        rows={4}
        maxLength={ANNOTATION_LIMITS.body}
        error={errors.body}
      />
      <FormAlert message={formError ? t(formError) : null} />
      <div className="button-row">
        <button type="submit" className="button" disabled={busy || (target.kind === "item" && !itemId)}>
          {busy ? t("annotations.sending") : t("annotations.composer.submit")}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t("annotations.cancel")}
        </button>
      </div>
    </form>
  );
}
