// The little of @tiptap/react this editor used, written against @tiptap/core and React 18 directly
// (ADR 034): @tiptap/react brought its instance manager, the use-sync-external-store shim (React 18
// has the hook), fast-equals, mark views and a selection tracker we do not use, about 8 KB gzip.
//
// - useMountedEditor: the Editor is created in a layout effect and its view moved into the host <div>
//   the caller renders (before the first paint), destroyed in the cleanup; recreated when `deps` change.
// - ReactNodeViewRenderer / NodeViewWrapper / NodeViewContent: a node view whose DOM is ours and
//   whose React content is a portal rendered by <NodeViewPortals> inside the editor's React tree
//   (so it sees the page's contexts: translation, structure, editability). The DOM has the shape
//   @tiptap/react gave it: div.react-renderer.node-<name> > [data-node-view-wrapper] … >
//   [data-node-view-content] > div[data-node-view-content-react] (ProseMirror's contentDOM).
// - useEditorSelector: re-renders when a transaction changes what a selector reads (flat records).
import { Editor, NodeView, type EditorOptions, type NodeViewRenderer, type NodeViewRendererProps } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import type { Decoration, DecorationSource } from "@tiptap/pm/view";
import {
  createContext,
  useContext,
  useLayoutEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type ComponentType,
  type HTMLAttributes,
  type ReactPortal,
} from "react";
import { createPortal } from "react-dom";

/**
 * The editor, created after the first render (null before, and on the server) and recreated when
 * `deps` change; its view is moved into the element given to `host` (a callback ref), whichever
 * element that is at the time, before the browser paints.
 */
export function useMountedEditor(
  options: Partial<EditorOptions>,
  deps: readonly unknown[],
): { editor: Editor | null; host: (element: HTMLElement | null) => void } {
  const [editor, setEditor] = useState<Editor | null>(null);
  const [hostElement, host] = useState<HTMLElement | null>(null);
  // The options at creation time are the ones used (as with useEditor and its deps).
  const optionsRef = useRef(options);
  optionsRef.current = options;
  useLayoutEffect(() => {
    // Without `element`, Tiptap mounts the view on a detached div of its own.
    const instance = new Editor(optionsRef.current);
    // Tiptap's view creation spreads `editorProps.attributes` into an object, which drops a function
    // (ours is one, re-read when editability changes); setOptions hands the props to ProseMirror as
    // they are (what useEditor did 1 ms after creating the editor).
    instance.setOptions({});
    setEditor(instance);
    return () => {
      instance.destroy();
      setEditor((current) => (current === instance ? null : current));
    };
  }, deps);
  useLayoutEffect(() => {
    if (!editor || editor.isDestroyed || !hostElement) return;
    const dom = editor.view.dom;
    if (dom.parentNode !== hostElement) hostElement.append(dom);
  }, [editor, hostElement]);
  return { editor, host };
}

/** Re-renders when the selected values change after a transaction (shallow comparison). */
export function useEditorSelector<T extends Record<string, unknown>>(editor: Editor, select: (editor: Editor) => T): T {
  const last = useRef<{ editor: Editor; value: T } | null>(null);
  const selectRef = useRef(select);
  selectRef.current = select;
  const subscribe = useRef<{ editor: Editor; fn: (notify: () => void) => () => void } | null>(null);
  if (subscribe.current?.editor !== editor) {
    subscribe.current = {
      editor,
      fn: (notify) => {
        editor.on("transaction", notify);
        return () => {
          editor.off("transaction", notify);
        };
      },
    };
  }
  const snapshot = () => {
    const next = selectRef.current(editor);
    const previous = last.current;
    if (previous && previous.editor === editor && shallowEqual(previous.value, next)) return previous.value;
    last.current = { editor, value: next };
    return next;
  };
  return useSyncExternalStore(subscribe.current.fn, snapshot, snapshot);
}

function shallowEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.is(a[k], b[k]));
}

// ---- React node views ----

export interface ReactNodeViewProps {
  node: PMNode;
  editor: Editor;
  updateAttributes: (attributes: Record<string, unknown>) => void;
}

/** One editor's node-view portals; <NodeViewPortals> renders them. */
class PortalStore {
  private portals = new Map<string, ReactPortal>();
  private list: ReactPortal[] = [];
  private listeners = new Set<() => void>();
  private queued = false;
  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };
  snapshot = () => this.list;
  set(key: string, portal: ReactPortal | null) {
    if (portal) this.portals.set(key, portal);
    else if (!this.portals.delete(key)) return;
    this.list = [...this.portals.values()];
    // Several node views change in one transaction: one notification for all.
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      for (const listener of this.listeners) listener();
    });
  }
}

const stores = new WeakMap<Editor, PortalStore>();
function storeOf(editor: Editor): PortalStore {
  let store = stores.get(editor);
  if (!store) stores.set(editor, (store = new PortalStore()));
  return store;
}

/** Renders the editor's React node views (place it inside the providers they read). */
export function NodeViewPortals({ editor }: { editor: Editor }) {
  const store = storeOf(editor);
  return <>{useSyncExternalStore(store.subscribe, store.snapshot, store.snapshot)}</>;
}

interface NodeViewContextValue {
  contentRef: (element: HTMLElement | null) => void;
  onDragStart: (event: DragEvent) => void;
}
const NodeViewContext = createContext<NodeViewContextValue>({ contentRef: () => undefined, onDragStart: () => undefined });

type WrapperProps = HTMLAttributes<HTMLElement> & { as?: "div" | "section" | "span"; [data: `data-${string}`]: string | undefined };

export function NodeViewWrapper({ as: Tag = "div", style, ...props }: WrapperProps) {
  const { onDragStart } = useContext(NodeViewContext);
  return <Tag {...props} data-node-view-wrapper="" onDragStart={(e) => onDragStart(e.nativeEvent)} style={{ whiteSpace: "normal", ...style }} />;
}

export function NodeViewContent({ as: Tag = "div", style, ...props }: WrapperProps) {
  const { contentRef } = useContext(NodeViewContext);
  return <Tag {...props} ref={contentRef} data-node-view-content="" style={{ whiteSpace: "pre-wrap", ...style }} />;
}

let nextKey = 0;

class ReactNodeView extends NodeView<ComponentType<ReactNodeViewProps>> {
  // Assigned in the constructor after super() (the base constructor calls mount(), which we leave alone).
  private element: HTMLElement;
  private content: HTMLElement;
  private key: string;
  private context: NodeViewContextValue;

  constructor(component: ComponentType<ReactNodeViewProps>, props: NodeViewRendererProps) {
    super(component, props);
    this.key = `node-view-${++nextKey}`;
    this.element = document.createElement(this.node.isInline ? "span" : "div");
    this.element.classList.add("react-renderer", `node-${this.node.type.name}`);
    // ProseMirror renders the children here; React moves it into <NodeViewContent> when it renders.
    this.content = document.createElement(this.node.isInline ? "span" : "div");
    this.content.dataset.nodeViewContentReact = "";
    this.content.style.whiteSpace = "inherit";
    this.element.append(this.content);
    this.context = {
      contentRef: (target) => {
        if (!target || target.firstChild === this.content) return;
        const restore = keepSelectionIn(this.content);
        target.append(this.content);
        restore?.();
      },
      onDragStart: (event) => this.onDragStart(event),
    };
    this.render();
  }

  override get dom(): HTMLElement {
    return this.element;
  }

  override get contentDOM(): HTMLElement | null {
    return this.node.isLeaf ? null : this.content;
  }

  private render() {
    const Component = this.component;
    storeOf(this.editor).set(
      this.key,
      createPortal(
        <NodeViewContext.Provider value={this.context}>
          <Component node={this.node} editor={this.editor} updateAttributes={(attributes) => this.updateAttributes(attributes)} />
        </NodeViewContext.Provider>,
        this.element,
        this.key,
      ),
    );
  }

  update(node: PMNode, decorations: readonly Decoration[], innerDecorations: DecorationSource): boolean {
    if (node.type !== this.node.type) return false;
    const changed = node !== this.node;
    this.node = node;
    this.decorations = decorations as typeof this.decorations;
    this.innerDecorations = innerDecorations;
    if (changed) this.render();
    return true;
  }

  selectNode() {
    this.element.classList.add("ProseMirror-selectednode");
  }

  deselectNode() {
    this.element.classList.remove("ProseMirror-selectednode");
  }

  destroy() {
    storeOf(this.editor).set(this.key, null);
  }
}

/** A node view rendered by a React component (the node's attrs and text stay ProseMirror's). */
export function ReactNodeViewRenderer(component: ComponentType<ReactNodeViewProps>): NodeViewRenderer {
  return (props) => new ReactNodeView(component, props);
}

/** Moving the content element loses the DOM selection inside it: put it back afterwards. */
function keepSelectionIn(element: HTMLElement): (() => void) | null {
  const selection = element.ownerDocument.defaultView?.getSelection();
  if (!selection || selection.rangeCount === 0) return null;
  const { anchorNode, anchorOffset, focusNode, focusOffset } = selection;
  if (!anchorNode || !focusNode || !element.contains(anchorNode) || !element.contains(focusNode)) return null;
  return () => {
    try {
      selection.setBaseAndExtent(anchorNode, anchorOffset, focusNode, focusOffset);
    } catch {
      // the nodes moved away meanwhile
    }
  };
}
