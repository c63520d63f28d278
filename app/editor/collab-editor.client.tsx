// The live collaborative editor. Client-only (`.client.tsx`): Tiptap, Yjs, y-websocket and
// y-indexeddb touch `window`, IndexedDB and WebSocket, and must stay out of the server build.
// Render it through <EditorShell>, which lazy-loads it after hydration.
//
// The session (collab-session.ts: Y.Doc, device copy, provider, our own messages, the frozen-text
// switch) runs outside React; this component renders what it reports: the status pill, why the
// text is read-only, changes a freeze did not include, and the editor bound to the session's
// document once the session says so.
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { memo, useEffect, useReducer, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "~/core/i18n/react.js";
import type { AnnotationsPageData } from "../core/annotations/types.js";
import type { ReadOnlyReason } from "../core/collab-wire.js";
import { DOCUMENT_FIELD } from "../core/document-field.js";
import type { Domain } from "../core/domains.js";
import { AgendaItem, documentExtensions, RoadmapItem } from "../core/schema/index.js";
import { defaultCollabUrl, localDatabaseName, pendingStorageKey } from "./collab-protocol.js";
import { CollabSession, type BoundSession } from "./collab-session.js";
import { describeConnection, initialConnectionState, pendingChanges, reduceConnection, type ConnectionView } from "./connection-status.js";
import { bannerReason, FrozenVersion, HeldBackBox, ReadOnlyBanner, StatusPill } from "./editor-status.js";
import type { HeldBackView } from "./held-back.js";
import { EditorLoading } from "./editor-loading.js";
import { ItemView } from "./item-view.client.js";
import { Presence } from "./presence-list.client.js";
import { displayColor, readableTextColor } from "./presence.js";
import { readSelectionBeforeKey } from "./selection-sync.js";
import { EditableContext, StructureContext, type DocumentStructure } from "./structure.js";
import { NodeViewPortals, ReactNodeViewRenderer, useMountedEditor } from "./tiptap-react.client.js";
import { Toolbar } from "./toolbar.client.js";
import { AddItemMenu, FindingsPanel, itemTypeFor, OutlinePanel, useAnalysis, useSlashMenu } from "./workspace.client.js";
import { AnnotationStore } from "./annotations/annotation-store.js";
import {
  AnnotationBar,
  annotationExtension,
  FloatingAnnotate,
  useAnnotationLayer,
  type ActivateHandler,
  type AnnotationContext,
} from "./annotations/annotation-layer.client.js";

export type { ReadOnlyReason };

// Same nodes as the server's schema (extend keeps name, attrs and content), plus React node views.
const AgendaItemView = AgendaItem.extend({ addNodeView: () => ReactNodeViewRenderer(ItemView) });
const RoadmapItemView = RoadmapItem.extend({ addNodeView: () => ReactNodeViewRenderer(ItemView) });
const NO_STRUCTURE: DocumentStructure = { kind: "agenda", templateId: null, categories: [] };

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
  /** Why, when read-only (the socket then says the live reason). */
  readOnlyReason?: ReadOnlyReason | null;
  /** The language the document's text is written in (its `lang`: spelling, hyphenation, screen readers). */
  textLanguage?: string;
  /**
   * The member drafts this document while it is open for drafting (facilitator, mediator): when
   * it is frozen, their device may hold changes the frozen version lacks.
   */
  draftsWhenOpen?: boolean;
  /** The page says the stored text does not read cleanly: keep the readable text, do not bind the editor. */
  paused?: boolean;
  /** Shown until the editor is bound (EditorShell passes the readable text). */
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
  /** The annotation threads this member may read, at page load (the socket then keeps them live); needs `processId`. */
  annotations?: AnnotationsPageData;
  /** The process of the document (the annotations endpoint is under it). */
  processId?: string;
}

export default function CollabEditor(props: CollabEditorProps) {
  // A different document is a different session: remount instead of rebinding in place.
  return <CollabEditorSession key={props.documentId} {...props} />;
}
export { CollabEditor };

function readPending(documentId: string): number {
  try {
    return Number(window.localStorage.getItem(pendingStorageKey(documentId))) || 0;
  } catch {
    return 0; // storage disabled
  }
}

function CollabEditorSession({
  documentId,
  wsUrl,
  user,
  readOnly,
  readOnlyReason,
  draftsWhenOpen = false,
  paused = false,
  placeholder,
  onStatusChange,
  onDocumentChanged,
  structure,
  annotations,
  processId,
  textLanguage,
}: CollabEditorProps) {
  // Read through a ref: a new callback identity must never tear the session down.
  const changedRef = useRef(onDocumentChanged);
  changedRef.current = onDocumentChanged;
  const { t } = useTranslation();
  const [connection, dispatch] = useReducer(reduceConnection, undefined, () =>
    initialConnectionState({ pendingChanges: readPending(documentId), browserOnline: navigator.onLine, readOnly }),
  );
  const [bound, setBound] = useState<BoundSession | null>(null);
  const [liveReason, setLiveReason] = useState<ReadOnlyReason | null | undefined>(undefined);
  const [heldBack, setHeldBack] = useState<(HeldBackView & { canReinsert: boolean }) | null>(null);
  const [refused, setRefused] = useState<{ code: string; name: string } | null>(null);
  const [unreadable, setUnreadable] = useState(false);
  const sessionRef = useRef<CollabSession | null>(null);
  // One store per document (this component is keyed by it), fed by the socket's frames.
  const [annotationContext] = useState<AnnotationContext | null>(() =>
    annotations && processId ? { store: new AnnotationStore(annotations), processId, documentId } : null,
  );
  const view = describeConnection(connection);
  const effectiveReadOnly = view.readOnly || !!refused;

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
    // Deliberately the view's fields, not the callback: a new callback identity is not a new status.
  }, [view.kind, view.pendingChanges, view.readOnly, view.permissionDenied]);

  useEffect(() => {
    const session = new CollabSession(
      {
        documentId,
        wsUrl: wsUrl ?? defaultCollabUrl(window.location),
        draftsWhenOpen,
        initialReason: readOnly ? (readOnlyReason ?? null) : null,
        paused,
        // Only when this page keeps the threads (the store holds the page's list).
        annotationsSince: annotationContext ? annotations?.asOf : undefined,
      },
      {
        connection: dispatch,
        bound: setBound,
        reason: setLiveReason,
        changed: () => changedRef.current?.(),
        heldBack: setHeldBack,
        refused: setRefused,
        unreadable: () => setUnreadable(true),
        annotations: (frame) => annotationContext?.store.applyFrame(frame),
      },
    );
    sessionRef.current = session;
    return () => {
      sessionRef.current = null;
      session.destroy();
    };
    // One session per document and endpoint; the rest is read when it starts or followed below.
  }, [documentId, wsUrl]);

  // Newer page data (a revalidation): what this member may create follows at once.
  useEffect(() => {
    if (annotations) annotationContext?.store.setPageData(annotations);
  }, [annotations, annotationContext]);

  useEffect(() => {
    sessionRef.current?.setPaused(paused);
    if (!paused) setUnreadable(false);
  }, [paused]);

  const reason = bannerReason({ refused, permissionDenied: view.permissionDenied, readOnly: view.readOnly, liveReason, pageReason: readOnlyReason });

  return (
    <section className="collab-editor" aria-label={t("editor.regionLabel")}>
      <div className="editor-bar">
        {bound ? <Presence provider={bound.provider} /> : <span />}
        <StatusPill view={view} />
      </div>
      {effectiveReadOnly ? <ReadOnlyBanner reason={reason} /> : null}
      {refused ? (
        <p>
          <button type="button" className="button button-secondary" onClick={() => void reloadFromServer(documentId)}>
            {t("editor.refusedReload")}
          </button>
        </p>
      ) : null}
      {bound?.frozenHash && view.readOnly ? <FrozenVersion hash={bound.frozenHash} /> : null}
      {heldBack ? (
        <HeldBackBox view={heldBack} onReinsert={() => sessionRef.current?.reinsertHeldBack()} onDiscard={() => sessionRef.current?.discardHeldBack()} />
      ) : null}
      {unreadable && !paused ? (
        <p className="alert alert-error" role="alert">
          {t("editor.unreadable")}
        </p>
      ) : null}
      {!view.localCopy && !effectiveReadOnly ? (
        <p className="editor-no-local-copy" role="note">
          {t("editor.noLocalCopy")}
        </p>
      ) : null}
      {bound ? (
        <StructureContext.Provider value={structure ?? NO_STRUCTURE}>
          <EditableContext.Provider value={!effectiveReadOnly}>
            <EditorSurface
              session={bound}
              user={user}
              readOnly={effectiveReadOnly}
              structure={structure ?? null}
              annotations={annotationContext}
              textLanguage={textLanguage}
            />
          </EditableContext.Provider>
        </StructureContext.Provider>
      ) : (
        <div className="editor-placeholder" aria-busy={!paused && !unreadable}>
          {/* The shell's status goes on until the text is bound (the editor usable), unless something else explains the wait. */}
          {paused || unreadable ? null : <EditorLoading />}
          {placeholder}
        </div>
      )}
    </section>
  );
}

/** After a refused change: forget this device's copy (the refused change is in it) and start from the saved text. */
async function reloadFromServer(documentId: string): Promise<void> {
  const { clearDocument } = await import("y-indexeddb");
  await clearDocument(localDatabaseName(documentId)).catch(() => undefined);
  try {
    window.localStorage.removeItem(pendingStorageKey(documentId));
  } catch {
    // storage disabled
  }
  window.location.reload();
}

// Memoized: connection events (each keystroke's send and acknowledgement) re-render the session,
// and must not re-render the editor, its toolbar, findings and outline.
const EditorSurface = memo(function EditorSurface({
  session,
  user,
  readOnly,
  structure,
  annotations,
  textLanguage,
}: {
  session: BoundSession;
  user: CollabUser;
  readOnly: boolean;
  structure: DocumentStructure | null;
  annotations: AnnotationContext | null;
  textLanguage?: string;
}) {
  const { t } = useTranslation();
  const readOnlyRef = useRef(readOnly);
  readOnlyRef.current = readOnly;
  const label = t("editor.regionLabel");
  const itemType = itemTypeFor(structure ?? NO_STRUCTURE);
  // The slash menu's key handler is read through a ref: the editor is created once per session.
  const slashKeys = useRef<(event: KeyboardEvent) => boolean>(() => false);
  // Clicks on highlights reach the annotation layer through this ref (set by the layer each render).
  const activateThread = useRef<ActivateHandler>(() => undefined);

  // `host`: where ProseMirror's view goes (a div React renders and never fills itself).
  const { editor, host } = useMountedEditor(
    {
      editable: !readOnly,
      extensions: [
        // Collaboration brings its own undo/redo (a Yjs UndoManager that only undoes *my* changes);
        // ProseMirror's history would fight it, so the base extensions leave it out.
        // TrailingNode (also left out) appends a paragraph whenever the text ends on a heading or list: in a shared
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
        // Highlights of annotation threads: decorations of this view, never in the shared text.
        ...(annotations ? [annotationExtension(activateThread)] : []),
      ],
      editorProps: {
        // A function, so ProseMirror re-reads it whenever editability changes.
        attributes: () => ({
          class: "editor-prosemirror",
          role: "textbox",
          "aria-multiline": "true",
          "aria-label": label,
          "aria-readonly": String(readOnlyRef.current),
          ...(textLanguage ? { lang: textLanguage } : {}),
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
  const layer = useAnnotationLayer(editor, session.doc, annotations, activateThread);

  if (!structure) {
    return (
      <>
        {!readOnly && editor ? <Toolbar editor={editor} /> : null}
        <AnnotationBar layer={layer} />
        <div className="annotation-host">
          <div ref={host} className="editor-content" />
          {editor ? <NodeViewPortals editor={editor} /> : null}
          <FloatingAnnotate layer={layer} />
        </div>
        {layer.panel ? <div className="annotation-below">{layer.panel}</div> : null}
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
        <AnnotationBar layer={layer} />
        <div className="annotation-host">
          <div ref={host} className="editor-content" />
          {editor ? <NodeViewPortals editor={editor} /> : null}
          <FloatingAnnotate layer={layer} />
        </div>
        {slash.menu}
      </div>
      {editor ? (
        // Focusable: on a short screen this column scrolls on its own, and a keyboard must reach
        // what is below (a reader with nothing to press in it has no other way to scroll it).
        <aside className="document-workspace-side" tabIndex={0} aria-label={t("annotations.side")}>
          <FindingsPanel editor={editor} analysis={analysis} structure={structure} onMissingDomain={setOpenOn} />
          {layer.panel}
          <OutlinePanel editor={editor} analysis={analysis} annotations={layer.outlineCounts} />
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
