// SSR-safe entry point of the editor, for route modules.
//
// The server renders the readable outline of the stored text (from `documentText`), so a slow
// device can read the document at once. After hydration this shell loads the client-only editor
// bundle and hands it the same outline as its placeholder until the local copy is bound: no blank
// flash, no layout jump. The server build never sees Tiptap or Yjs: the editor lives in a
// `.client.tsx` module (emptied by the Remix compiler for the server) and is only imported from an
// effect-gated lazy component. Only *types* are imported from it here (erased at compile time).
import { Component, lazy, Suspense, useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "~/core/i18n/react.js";
import type { CollabEditorProps } from "./collab-editor.client";
import { EditorLoading } from "./editor-loading.js";
import { DomainBadge } from "../components/domain-badge.js";
import { StoredFindings } from "../components/stored-findings.js";
import type { Finding } from "../core/validation.js";
import { isDomain } from "../core/domains.js";
import type { TextBlock } from "../core/document-text.js";
import type { AnnotationsPageData } from "../core/annotations/types.js";
import { AnnotationPanel } from "./annotations/annotation-panel.js";
import { DEFAULT_FILTER, type ThreadFilter } from "./annotations/annotation-store.js";

// Created lazily on first client render, never at module load on the server.
let LazyEditor: ReturnType<typeof lazy<(props: CollabEditorProps) => JSX.Element>> | null = null;
function lazyEditor() {
  LazyEditor ??= lazy(() => import("./collab-editor.client"));
  return LazyEditor;
}

export interface EditorShellProps extends Omit<CollabEditorProps, "placeholder"> {
  /** Outline of the stored document, computed on the server with `documentText`. */
  initialBlocks: TextBlock[];
  /** Findings of the stored text (server-side validation), shown with the readable version. */
  initialFindings?: Finding[];
}

export function EditorShell({ initialBlocks, initialFindings, ...editorProps }: EditorShellProps) {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const readable =
    initialFindings || editorProps.annotations ? (
      <div className="document-workspace">
        <ReadableDocument blocks={initialBlocks} language={editorProps.textLanguage} />
        <aside className="document-workspace-side">
          {initialFindings ? <StoredFindings findings={initialFindings} categories={editorProps.structure?.categories ?? []} /> : null}
          {editorProps.annotations ? <StoredAnnotations data={editorProps.annotations} /> : null}
        </aside>
      </div>
    ) : (
      <ReadableDocument blocks={initialBlocks} language={editorProps.textLanguage} />
    );
  // The status is in the server's HTML too: on a slow link the scripts are what is still coming.
  const loading = (
    <div className="collab-editor is-static">
      <EditorLoading />
      {readable}
    </div>
  );
  if (!hydrated) return loading;
  const Editor = lazyEditor();
  return (
    <EditorLoadBoundary fallback={readable}>
      <Suspense fallback={loading}>
        <Editor {...editorProps} placeholder={readable} />
      </Suspense>
    </EditorLoadBoundary>
  );
}

export default EditorShell;

/**
 * The threads as the page delivered them, to read while the editor loads (a slow link may take a
 * while): a list without actions; the live panel replaces it once the editor is bound.
 */
function StoredAnnotations({ data }: { data: AnnotationsPageData }) {
  const [filter, setFilter] = useState<ThreadFilter>(DEFAULT_FILTER);
  return (
    <AnnotationPanel
      entries={data.threads.map((thread) => ({ thread, placement: null }))}
      filter={filter}
      onFilterChange={setFilter}
      showVisibilityFilter={data.mayCreate.includes("team") || data.threads.some((t) => t.visibility === "team")}
      actors={data.actors}
      actions={null}
    />
  );
}

/** The document as plain, semantic HTML: headings, paragraphs and lists. */
export function ReadableDocument({ blocks, language }: { blocks: TextBlock[]; language?: string }) {
  const { t } = useTranslation();
  return (
    <div className="editor-readable" aria-label={t("editor.readableVersion")} role="region" lang={language}>
      {groupBlocks(blocks).map((group, i) => {
        if (group.kind === "list") {
          const List = group.ordered ? "ol" : "ul";
          return (
            <List key={i}>
              {group.items.map((item, j) => (
                <li key={j} dir="auto" style={item.depth ? { marginInlineStart: `${item.depth * 1.5}rem` } : undefined}>
                  {item.text}
                </li>
              ))}
            </List>
          );
        }
        const block = group.block;
        if (block.type === "heading") {
          // The page title is the h1; document headings sit one level below it.
          const Heading = `h${Math.min(block.level + 1, 6)}` as "h2";
          return (
            <Heading key={i} dir="auto">
              {block.text}
            </Heading>
          );
        }
        if (block.type === "item") {
          return (
            <p key={i} className="readable-item">
              {isDomain(block.domain) ? <DomainBadge domain={block.domain} /> : null} <strong dir="auto">{block.text || t("items.untitled")}</strong>
              {block.timeframe ? <span className="muted"> · {block.timeframe}</span> : null}
            </p>
          );
        }
        return (
          <p key={i} dir="auto">
            {block.text}
          </p>
        );
      })}
    </div>
  );
}

type Group =
  | { kind: "block"; block: Exclude<TextBlock, { type: "listItem" }> }
  | { kind: "list"; ordered: boolean; items: Extract<TextBlock, { type: "listItem" }>[] };

/** Consecutive list items form one list (kind chosen by its top-level items). */
export function groupBlocks(blocks: TextBlock[]): Group[] {
  const groups: Group[] = [];
  for (const block of blocks) {
    if (block.type !== "listItem") {
      groups.push({ kind: "block", block });
      continue;
    }
    const last = groups[groups.length - 1];
    if (last?.kind === "list" && (block.depth > 0 || last.ordered === block.ordered)) last.items.push(block);
    else groups.push({ kind: "list", ordered: block.ordered, items: [block] });
  }
  return groups;
}

/** A failed editor chunk download (common on a bad link) leaves the readable text and says why. */
class EditorLoadBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="collab-editor is-static">
        <LoadFailed />
        {this.props.fallback}
      </div>
    );
  }
}

function LoadFailed() {
  const { t } = useTranslation();
  // Offline without the editor's code kept on the device is the usual cause in the field: say so.
  const offline = typeof navigator !== "undefined" && !navigator.onLine;
  return (
    <p className="alert alert-error" role="alert">
      {t(offline ? "editorLoading.offline" : "editor.loadingFailed")}
    </p>
  );
}
