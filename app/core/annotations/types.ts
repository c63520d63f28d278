// The team layer's shared vocabulary (annotations and document visibility), used by the server,
// the socket and the browser. Pure: no I/O, no Node, no DOM.
//
// An annotation THREAD is anchored to a range of text (or a whole item), never inside the text's
// Yjs state: a reader who syncs the text learns nothing of threads. Threads are stored by the
// server and each reader receives only those the policy lets them read (see docs/decisions/024).

/** Who sees a document or a thread: the mediation team only, or every member of the process. */
export const VISIBILITIES = ["team", "shared"] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** What a thread is about (the sociologist's lens). Labels: i18n `annotations.types.<type>`. */
export const ANNOTATION_TYPES = [
  "powerStructure",
  "legitimacy",
  "exclusionRisk",
  "governanceFunction",
  "gender",
  "generational",
  "evidence",
  "general",
] as const;
export type AnnotationType = (typeof ANNOTATION_TYPES)[number];

export const THREAD_STATUSES = ["open", "resolved"] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

/** Limits, checked by the server (zod) and mirrored by the forms. */
export const ANNOTATION_LIMITS = {
  body: 4000,
  /** The quoted text kept as a fallback when the relative positions no longer resolve. */
  quote: 1000,
  /** Context kept before and after the quote, to tell apart two places with the same words. */
  context: 64,
  /** An encoded Yjs relative position, base64. */
  position: 200,
} as const;

/**
 * Where a thread points.
 * - range: `start` and `end` are Y.encodeRelativePosition(...) in base64 (standard alphabet):
 *   `start` refers to the first character of the range (assoc 0), `end` to its last character
 *   (assoc -1). `quote` is the text of the range as it was (blocks joined by "\n"), `prefix` and
 *   `suffix` up to ANNOTATION_LIMITS.context characters around it: the fallback when the
 *   positions no longer resolve (the paragraph was split, the item moved).
 * - item: the whole item with this `id` attribute; `quote` is its title as it was.
 */
export type Anchor =
  | { kind: "range"; start: string; end: string; quote: string; prefix: string; suffix: string }
  | { kind: "item"; itemId: string; quote: string };

export interface MessageView {
  id: string;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: number;
  editedAt: number | null;
  /** Decided by the policy for the reader this view was made for: the author only. */
  mayEdit: boolean;
}

/** A thread as one reader may see it (the server builds one per reader; never a team thread for a non-team reader). */
export interface ThreadView {
  id: string;
  documentId: string;
  type: AnnotationType;
  visibility: Visibility;
  status: ThreadStatus;
  anchor: Anchor;
  /** The server's last resolution found no text to point at: shown with its quote, never dropped. */
  detached: boolean;
  createdBy: { id: string; name: string };
  createdAt: number;
  resolvedBy: { id: string; name: string } | null;
  resolvedAt: number | null;
  /** Oldest first; the first one opens the thread. Deleted messages are not included. */
  messages: MessageView[];
  /** Actors of the stakeholder map this thread names: for a reader of the map only (empty for everyone else). */
  actorIds: string[];
  /** Decided by the policy for this reader (linkActors: name the map's actors on it; the team, not on an archived process). */
  may: { reply: boolean; resolve: boolean; linkActors: boolean };
}

/** What the collab socket carries for annotations (frame ANNOTATIONS, app/core/collab-wire.ts). */
export type AnnotationsFrame = { op: "all"; threads: ThreadView[] } | { op: "upsert"; thread: ThreadView } | { op: "remove"; id: string };

/** What the document page gives the annotation panel at first paint (the socket then keeps it live). */
export interface AnnotationsPageData {
  /** The threads this reader may read, in no particular order (the panel orders them by text position). */
  threads: ThreadView[];
  /**
   * The stakeholder map's actors, by name, that this reader may name on a thread (intent "actors"
   * of the annotations endpoint, field `actorIds` repeated); empty for anyone who may not read the
   * map. Also what names a thread's `actorIds`.
   */
  actors: { id: string; name: string }[];
  /** The visibilities this reader may start a thread with; empty: may only read (and reply where `may.reply`). */
  mayCreate: Visibility[];
  /** The reader, to mark their own messages. */
  userId: string;
  /**
   * Server time when these threads were read. The editor opens its socket with
   * `?annotationsSince=<asOf>`: the socket then sends its full list only if something this member
   * may read changed since (on a slow link the page's compressed list is not sent again raw).
   */
  asOf: number;
}

/** The query parameter of the collab socket saying since when the page's list is current. */
export const ANNOTATIONS_SINCE_PARAM = "annotationsSince";

/** The form endpoint of annotation changes (POST, form fields; JSON answer AnnotationResult). */
export function annotationsPath(processId: string, documentId: string): string {
  return `/processes/${processId}/documents/${documentId}/annotations`;
}

export type AnnotationIntent = "create" | "reply" | "edit" | "delete" | "resolve" | "reopen" | "actors";

/** The endpoint's answer. `errors` maps a field (or "form") to an i18n key. */
export type AnnotationResult = { ok: true; thread: ThreadView | null } | { ok: false; errors: Record<string, string> };
