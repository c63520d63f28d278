// The live collaborative editor. Client-only (`.client.tsx`): Tiptap, Yjs, y-websocket and
// y-indexeddb touch `window`, IndexedDB and WebSocket, and must stay out of the server build.
// Render it through <EditorShell>, which lazy-loads it after hydration.
//
// Lifecycle (one "session" per mounted document):
//   Y.Doc → IndexedDB loads the device copy → WebsocketProvider connects → editor binds.
// Waiting for IndexedDB before connecting and binding means edits typed offline (even before a
// reload) are in the doc that syncs, and the first sync step sends exactly what the server lacks.
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { EditorContent, ReactNodeViewRenderer, useEditor, useEditorState, type Editor } from "@tiptap/react";
import { memo, useEffect, useMemo, useReducer, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { IndexeddbPersistence } from "y-indexeddb";
import * as authProtocol from "y-protocols/auth";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import {
  classifyOutgoing,
  decodeSavedMessage,
  defaultCollabUrl,
  localDatabaseName,
  MESSAGE_AUTH,
  MESSAGE_SAVED,
  MESSAGE_ACCESS,
  MESSAGE_CHANGED,
  decodeAccessMessage,
  pendingStorageKey,
  type ContentMessage,
} from "./collab-protocol.js";
import {
  describeConnection,
  initialConnectionState,
  pendingChanges,
  reduceConnection,
  type ConnectionEvent,
  type ConnectionView,
} from "./connection-status.js";
import type { Domain } from "../core/domains.js";
import { AgendaItem, documentExtensions, RoadmapItem } from "../core/schema/index.js";
import { DOCUMENT_FIELD } from "../core/document-field.js";
import { ItemView } from "./item-view.client.js";
import { readSelectionBeforeKey } from "./selection-sync.js";
import { useToolbarFocus } from "./toolbar-focus.js";
import { LockIcon } from "../components/lock-icon.js";
import { displayColor, presentUsers, readableTextColor, type PresentUser } from "./presence.js";
import { EditableContext, StructureContext, type DocumentStructure } from "./structure.js";
import { AddItemMenu, FindingsPanel, itemTypeFor, OutlinePanel, useAnalysis, useSlashMenu } from "./workspace.client.js";

// Same nodes as the server's schema (extend keeps name, attrs and content), plus React node views.
const AgendaItemView = AgendaItem.extend({ addNodeView: () => ReactNodeViewRenderer(ItemView) });
const RoadmapItemView = RoadmapItem.extend({ addNodeView: () => ReactNodeViewRenderer(ItemView) });
const NO_STRUCTURE: DocumentStructure = { kind: "agenda", templateId: null, categories: [] };

/** Why the text cannot be changed; chooses the banner's explanation. */
export type ReadOnlyReason = "analyst" | "representative" | "observer" | "archived" | "lockedForSignOff" | "adopted";

export interface CollabUser {
  name: string;
  /** #rrggbb colour for the caret and avatar (CollaborationCaret ignores other forms). */
  color: string;
  /** Role key (facilitator, mediator, analyst, representative, observer), shown in presence. */
  role?: string;
}

export interface CollabEditorProps {
  documentId: string;
  /** Collab endpoint base; the document id is appended. Default: ws(s)://<this host>/collab. */
  wsUrl?: string;
  user: CollabUser;
  /** Decided by the page from the member's role and the document/process state. Live: may change. */
  readOnly: boolean;
  readOnlyReason?: ReadOnlyReason;
  /** Shown until the device copy is loaded and the editor is bound (EditorShell passes the readable text). */
  placeholder?: ReactNode;
  /** Observes what the indicator says (e.g. to mirror it in the page header or title). */
  onStatusChange?: (view: ConnectionView) => void;
  /**
   * The server says something around the text changed (status, sign-off round, a decision), or the
   * connection came back after a gap: the page should reload its data.
   */
  onDocumentChanged?: () => void;
  /** Kind, template and categories: enables item insertion, live findings and the outline. */
  structure?: DocumentStructure;
}

interface Session {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

export default function CollabEditor(props: CollabEditorProps) {
  // A different document is a different session: remount instead of rebinding in place.
  return <CollabEditorSession key={props.documentId} {...props} />;
}
export { CollabEditor };

/** How long a first visit waits for the server's text before showing an editable (empty) copy. */
const FIRST_SYNC_WAIT_MS = 10_000;

/**
 * Resolves true once the device copy is loaded, false when this device cannot keep one (IndexedDB
 * disabled by policy, private mode in an old browser, a broken profile or a full disk). y-indexeddb
 * never settles `whenSynced` when its database fails to open, which used to leave the page on its
 * placeholder for good; its `_db` open promise (not in its typings) says so.
 */
function deviceCopyReady(persistence: IndexeddbPersistence): Promise<boolean> {
  const opening = (persistence as unknown as { _db?: Promise<unknown> })._db;
  const failed = opening ? opening.then(() => new Promise<boolean>(() => undefined), () => false) : Promise.resolve(false);
  return Promise.race([persistence.whenSynced.then(() => true), failed]);
}

function readPending(documentId: string): number {
  try {
    return Number(window.localStorage.getItem(pendingStorageKey(documentId))) || 0;
  } catch {
    return 0; // storage disabled
  }
}

function CollabEditorSession({ documentId, wsUrl, user, readOnly, readOnlyReason, placeholder, onStatusChange, onDocumentChanged, structure }: CollabEditorProps) {
  // Read through a ref: a new callback identity must never tear the session down.
  const changedRef = useRef(onDocumentChanged);
  changedRef.current = onDocumentChanged;
  const { t } = useTranslation();
  const [connection, dispatch] = useReducer(reduceConnection, undefined, () =>
    initialConnectionState({ pendingChanges: readPending(documentId), browserOnline: navigator.onLine, readOnly }),
  );
  const [session, setSession] = useState<Session | null>(null);
  const view = describeConnection(connection);
  const effectiveReadOnly = view.readOnly;

  useEffect(() => {
    dispatch({ type: "readOnly", readOnly });
  }, [readOnly]);

  // Remember unsaved changes across reloads, so an offline reload still says how many are kept.
  const pending = pendingChanges(connection);
  useEffect(() => {
    try {
      if (pending > 0) window.localStorage.setItem(pendingStorageKey(documentId), String(pending));
      else window.localStorage.removeItem(pendingStorageKey(documentId));
    } catch {
      // storage disabled: the count restarts at 0 after a reload; the changes themselves are in IndexedDB
    }
  }, [documentId, pending]);

  useEffect(() => {
    onStatusChange?.(view);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view.kind, view.pendingChanges, view.readOnly, view.permissionDenied]);

  useEffect(() => {
    let cancelled = false;
    const send = (event: ConnectionEvent) => {
      if (!cancelled) dispatch(event);
    };
    const doc = new Y.Doc();
    let provider: WebsocketProvider | null = null;
    let persistence: IndexeddbPersistence | null = null;

    // Registered BEFORE the provider exists, so for each local change this listener runs before the
    // provider's own 'update' listener sends it: the state machine sees the change, then its send.
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin === provider || origin === persistence) return; // remote or loaded from the device
      send({ type: "localChange" });
    };
    doc.on("update", onUpdate);
    persistence = new IndexeddbPersistence(localDatabaseName(documentId), doc);
    const localCopyReady = deviceCopyReady(persistence);

    // A WebSocket that reports the content frames it sends; y-websocket accepts it as a polyfill.
    const onContentSent = (message: ContentMessage) => send({ type: "messageSent", message });
    class CountingWebSocket extends WebSocket {
      override send(data: string | ArrayBufferLike | Blob | ArrayBufferView) {
        const kind = classifyOutgoing(data);
        super.send(data);
        if (kind) onContentSent(kind);
      }
    }

    // Set when the server closed the connection for good (access revoked, signed out): coming back
    // online must not knock again (the upgrade would be refused, retried forever).
    let closedForGood = false;
    const onOnline = () => {
      send({ type: "browserOnline", online: true });
      if (!closedForGood) provider?.connect();
    };
    const onOffline = () => {
      send({ type: "browserOnline", online: false });
      // The browser knows the network is gone: stop retrying until it comes back (saves battery
      // and radio on a poor link); edits keep going to IndexedDB.
      provider?.disconnect();
    };
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    // Set while a first visit waits for the server's text (see below); undone on unmount.
    let stopWaiting: () => void = () => {};

    void localCopyReady.then((available) => {
      if (cancelled) return;
      if (!available) {
        // Edit online all the same, and say that nothing is kept on this device.
        send({ type: "localCopy", available: false });
        persistence?.destroy().catch(() => undefined);
        persistence = null;
      }
      const p = new WebsocketProvider(wsUrl ?? defaultCollabUrl(window.location), documentId, doc, {
        connect: false,
        WebSocketPolyfill: CountingWebSocket,
      });
      provider = p;
      p.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
        const count = decodeSavedMessage(decoder);
        if (count !== null) send({ type: "durable", count });
      };
      // The server says what this connection may do now (e.g. downgraded when a role drops or the
      // text is frozen for sign-off): the editor follows without a reload.
      p.messageHandlers[MESSAGE_ACCESS] = (_encoder, decoder) => {
        const access = decodeAccessMessage(decoder);
        if (access) send({ type: "readOnly", readOnly: access === "read" });
      };
      // Replaces y-websocket's handler, which only logs: a denial must switch the editor to read-only.
      p.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder, prov) => {
        authProtocol.readAuthMessage(decoder, prov.doc, () => send({ type: "permissionDenied" }));
      };
      p.on("status", ({ status }) => send({ type: "ws", status }));
      let syncedBefore = false;
      p.on("sync", (synced: boolean) => {
        send({ type: "synced", synced });
        // Back after a gap: whatever the page shows around the text may be stale.
        if (synced && syncedBefore) changedRef.current?.();
        if (synced) syncedBefore = true;
      });
      p.messageHandlers[MESSAGE_CHANGED] = () => changedRef.current?.();
      // A 44xx close is the server saying access is gone for good (y-websocket stops retrying).
      p.on("closed", () => {
        closedForGood = true;
        send({ type: "permissionDenied" });
      });
      if (navigator.onLine) p.connect();
      // A device that already has the text binds at once. One that has nothing yet (first visit)
      // keeps showing the server-rendered text until the first sync: an empty editable page on a
      // slow link invites typing into nothing, and that text would land above the real content.
      // If the server cannot be reached, bind anyway (offline typing is kept on the device).
      let bound = false;
      const bind = () => {
        stopWaiting();
        if (cancelled || bound) return;
        bound = true;
        setSession({ doc, provider: p });
      };
      const bindTimer = setTimeout(bind, FIRST_SYNC_WAIT_MS);
      stopWaiting = () => {
        clearTimeout(bindTimer);
        window.removeEventListener("offline", bind);
      };
      if (doc.getXmlFragment(DOCUMENT_FIELD).length > 0 || !navigator.onLine) bind();
      else {
        p.on("sync", (synced: boolean) => synced && bind());
        p.on("connection-close", bind);
        p.on("connection-error", bind);
        p.on("closed", bind);
        window.addEventListener("offline", bind);
      }
    });

    return () => {
      cancelled = true;
      stopWaiting();
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
      doc.off("update", onUpdate);
      provider?.destroy();
      persistence?.destroy().catch(() => undefined);
      doc.destroy();
      setSession(null);
    };
  }, [documentId, wsUrl]);

  return (
    <section className="collab-editor" aria-label={t("editor.regionLabel")}>
      <div className="editor-bar">
        {session ? <Presence provider={session.provider} /> : <span />}
        <StatusPill view={view} />
      </div>
      {effectiveReadOnly ? <ReadOnlyBanner reason={view.permissionDenied ? "permissionDenied" : readOnlyReason} /> : null}
      {!view.localCopy && !effectiveReadOnly ? (
        <p className="editor-no-local-copy" role="note">
          {t("editor.noLocalCopy")}
        </p>
      ) : null}
      {session ? (
        <StructureContext.Provider value={structure ?? NO_STRUCTURE}>
          <EditableContext.Provider value={!effectiveReadOnly}>
            <EditorSurface session={session} user={user} readOnly={effectiveReadOnly} structure={structure ?? null} />
          </EditableContext.Provider>
        </StructureContext.Provider>
      ) : (
        <div className="editor-placeholder" aria-busy="true">
          {placeholder ?? <p className="editor-loading">{t("editor.loading")}</p>}
        </div>
      )}
    </section>
  );
}

// Memoized: connection events (each keystroke's send and acknowledgement) re-render the session,
// and must not re-render the editor, its toolbar, findings and outline.
const EditorSurface = memo(function EditorSurface({ session, user, readOnly, structure }: { session: Session; user: CollabUser; readOnly: boolean; structure: DocumentStructure | null }) {
  const { t } = useTranslation();
  const readOnlyRef = useRef(readOnly);
  readOnlyRef.current = readOnly;
  const label = t("editor.regionLabel");
  const itemType = itemTypeFor(structure ?? NO_STRUCTURE);
  // The slash menu's key handler is read through a ref: the editor is created once per session.
  const slashKeys = useRef<(event: KeyboardEvent) => boolean>(() => false);

  const editor = useEditor(
    {
      editable: !readOnly,
      extensions: [
        // Collaboration brings its own undo/redo (a Yjs UndoManager that only undoes *my* changes);
        // StarterKit's history would fight it.
        // TrailingNode appends a paragraph whenever the text ends on a heading or list: in a shared
        // document every client would do it at once (duplicate paragraphs), and a read-only client
        // could write, which the server answers by closing its connection.
        ...documentExtensions({ agendaItem: AgendaItemView, roadmapItem: RoadmapItemView }),
        Collaboration.configure({ document: session.doc, field: DOCUMENT_FIELD }),
        CollaborationCaret.configure({
          provider: session.provider,
          // Local display only: the server overrides identity in awareness from the session.
          user: { name: user.name, color: user.color, role: user.role ?? null },
          render: renderCaret,
        }),
      ],
      editorProps: {
        // A function, so ProseMirror re-reads it whenever editability changes.
        attributes: () => ({
          class: "editor-prosemirror",
          role: "textbox",
          "aria-multiline": "true",
          "aria-label": label,
          "aria-readonly": String(readOnlyRef.current),
        }),
        handleKeyDown: (view, event) => {
          // First catch up with a caret the browser moved but has not reported yet (selection-sync.ts).
          readSelectionBeforeKey(view, event);
          return slashKeys.current(event);
        },
      },
    },
    [session],
  );

  // Follow read-only live: a role change or a permission denial must lock the text without reload.
  useEffect(() => {
    if (editor && !editor.isDestroyed && editor.isEditable === readOnly) editor.setEditable(!readOnly);
  }, [editor, readOnly]);

  const slash = useSlashMenu(editor, itemType);
  slashKeys.current = slash.handleKeyDown;
  const analysis = useAnalysis(structure ? editor : null, structure ?? NO_STRUCTURE);
  const [openOn, setOpenOn] = useState<Domain | null>(null);

  if (!structure) {
    return (
      <>
        {!readOnly && editor ? <Toolbar editor={editor} /> : null}
        <EditorContent editor={editor} className="editor-content" />
      </>
    );
  }
  return (
    <div className="document-workspace">
      <div className="document-workspace-main">
        {!readOnly && editor ? (
          <Toolbar editor={editor}>
            <AddItemMenu editor={editor} itemType={itemType} openOn={openOn} onOpened={() => setOpenOn(null)} />
          </Toolbar>
        ) : null}
        {!readOnly ? <p className="muted editor-hint">{t("items.slashHint")}</p> : null}
        <EditorContent editor={editor} className="editor-content" />
        {slash.menu}
      </div>
      {editor ? (
        <aside className="document-workspace-side">
          <FindingsPanel editor={editor} analysis={analysis} structure={structure} onMissingDomain={setOpenOn} />
          <OutlinePanel editor={editor} analysis={analysis} />
        </aside>
      ) : null}
    </div>
  );
});

function renderCaret(user: Record<string, unknown>): HTMLElement {
  // Our own rendering of the default caret markup, with a label colour that stays readable on the
  // user's colour (the default inherits the text colour).
  // CollaborationCaret turns a colour that is not #rrggbb into "transparent": keep the label legible.
  const color = displayColor(user.color);
  const caret = document.createElement("span");
  caret.classList.add("collaboration-carets__caret");
  caret.style.borderColor = color;
  const label = document.createElement("div");
  label.classList.add("collaboration-carets__label");
  label.style.backgroundColor = color;
  label.style.color = readableTextColor(color);
  label.textContent = typeof user.name === "string" ? user.name : "";
  caret.append(label);
  return caret;
}

type ToolbarState = Record<"h1" | "h2" | "h3" | "bold" | "italic" | "bulletList" | "orderedList" | "canUndo" | "canRedo", boolean>;

function Toolbar({ editor, children }: { editor: Editor; children?: ReactNode }) {
  const { t } = useTranslation();
  const state = useEditorState<ToolbarState>({
    editor,
    selector: ({ editor: e }) => ({
      h1: e.isActive("heading", { level: 1 }),
      h2: e.isActive("heading", { level: 2 }),
      h3: e.isActive("heading", { level: 3 }),
      bold: e.isActive("bold"),
      italic: e.isActive("italic"),
      bulletList: e.isActive("bulletList"),
      orderedList: e.isActive("orderedList"),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  const barRef = useRef<HTMLDivElement>(null);
  useToolbarFocus(barRef);
  const chain = () => editor.chain().focus();
  const toggles: { key: keyof ToolbarState; label: string; glyph: string; run: () => void; className?: string }[] = [
    { key: "h1", label: t("editor.toolbar.heading1"), glyph: "H1", run: () => chain().toggleHeading({ level: 1 }).run() },
    { key: "h2", label: t("editor.toolbar.heading2"), glyph: "H2", run: () => chain().toggleHeading({ level: 2 }).run() },
    { key: "h3", label: t("editor.toolbar.heading3"), glyph: "H3", run: () => chain().toggleHeading({ level: 3 }).run() },
    { key: "bold", label: t("editor.toolbar.bold"), glyph: "B", run: () => chain().toggleBold().run(), className: "is-bold" },
    { key: "italic", label: t("editor.toolbar.italic"), glyph: "I", run: () => chain().toggleItalic().run(), className: "is-italic" },
    { key: "bulletList", label: t("editor.toolbar.bulletList"), glyph: "•", run: () => chain().toggleBulletList().run() },
    { key: "orderedList", label: t("editor.toolbar.orderedList"), glyph: "1.", run: () => chain().toggleOrderedList().run() },
  ];
  return (
    <div ref={barRef} className="editor-toolbar" role="toolbar" aria-label={t("editor.toolbar.label")}>
      {toggles.map((b) => (
        <button
          key={b.key}
          type="button"
          className={`editor-tool ${b.className ?? ""}`}
          aria-pressed={state[b.key]}
          title={b.label}
          onClick={b.run}
        >
          {/* The name comes from hidden words, not aria-label: an aria-label that does not contain
              the visible glyph ("H1") trips voice-control users and axe's label-in-name rule. */}
          <span aria-hidden="true">{b.glyph}</span>
          <span className="visually-hidden">{b.label}</span>
        </button>
      ))}
      <span className="editor-toolbar-sep" aria-hidden="true" />
      <button type="button" className="editor-tool" title={t("editor.toolbar.undo")} disabled={!state.canUndo} onClick={() => chain().undo().run()}>
        <span aria-hidden="true">↶</span>
        <span className="visually-hidden">{t("editor.toolbar.undo")}</span>
      </button>
      <button type="button" className="editor-tool" title={t("editor.toolbar.redo")} disabled={!state.canRedo} onClick={() => chain().redo().run()}>
        <span aria-hidden="true">↷</span>
        <span className="visually-hidden">{t("editor.toolbar.redo")}</span>
      </button>
      {children ? <span className="editor-toolbar-sep" aria-hidden="true" /> : null}
      {children}
    </div>
  );
}

const STATUS_GLYPH: Record<ConnectionView["kind"], string> = {
  connecting: "↻",
  reconnecting: "↻",
  saving: "↑",
  saved: "✓",
  offline: "⚠",
};

export function StatusPill({ view }: { view: ConnectionView }) {
  const { t } = useTranslation();
  const text =
    view.kind === "saved"
      ? t(view.readOnly ? "editor.status.upToDate" : "editor.status.saved")
      : view.kind === "offline"
        ? view.pendingChanges > 0
          ? t(view.localCopy ? "editor.status.offlineCount" : "editor.status.offlineNoCopy", { count: view.pendingChanges })
          : t(view.readOnly ? "editor.status.offlineReadOnly" : "editor.status.offline")
        : t(`editor.status.${view.kind}`);
  return (
    <p className={`editor-status editor-status--${view.kind}`} role="status" aria-live="polite" data-status={view.kind} data-pending={view.pendingChanges}>
      <span className="editor-status-glyph" aria-hidden="true">{STATUS_GLYPH[view.kind]}</span>
      <span className="visually-hidden">{t("editor.status.label")}: </span>
      {text}
    </p>
  );
}

export function ReadOnlyBanner({ reason }: { reason?: ReadOnlyReason | "permissionDenied" }) {
  const { t } = useTranslation();
  return (
    <div className="editor-readonly-banner" role="note" data-reason={reason ?? "generic"}>
      <strong className="editor-readonly-title">
        <LockIcon />{" "}
        {t("editor.readOnly.title")}
      </strong>{" "}
      {t(`editor.readOnly.${reason ?? "generic"}`)}
    </div>
  );
}

const MAX_AVATARS = 8;

function Presence({ provider }: { provider: WebsocketProvider }) {
  const { t } = useTranslation();
  const [users, setUsers] = useState<PresentUser[]>([]);
  useEffect(() => {
    const { awareness } = provider;
    // Awareness changes on every remote caret move; re-render only when who is here changes.
    const update = () => {
      const next = presentUsers(awareness.getStates() as Map<number, Record<string, unknown>>, awareness.clientID);
      const key = (list: PresentUser[]) => list.map((u) => `${u.clientId}|${u.name}|${u.color}|${u.role}`).join("\n");
      setUsers((prev) => (key(prev) === key(next) ? prev : next));
    };
    update();
    awareness.on("change", update);
    return () => awareness.off("change", update);
  }, [provider]);
  const shown = useMemo(() => users.slice(0, MAX_AVATARS), [users]);
  const hidden = users.length - shown.length;
  const describe = (u: PresentUser) => {
    const role = u.role ? t(`editor.roles.${u.role}`, { defaultValue: u.role }) : null;
    const who = role ? t("editor.presence.personWithRole", { name: u.name, role }) : t("editor.presence.person", { name: u.name });
    return u.isSelf ? t("editor.presence.you", { name: who }) : who;
  };
  return (
    <ul className="editor-presence" aria-label={t("editor.presence.label")}>
      {shown.map((u) => (
        <li key={u.clientId} className="editor-presence-item" title={describe(u)}>
          <span
            className={`editor-avatar${u.isSelf ? " is-self" : ""}`}
            style={{ backgroundColor: u.color, color: u.textColor }}
            aria-hidden="true"
          >
            {u.initials}
          </span>
          <span className="visually-hidden">{describe(u)}</span>
        </li>
      ))}
      {hidden > 0 ? <li className="editor-presence-more">{t("editor.presence.more", { count: hidden })}</li> : null}
    </ul>
  );
}
