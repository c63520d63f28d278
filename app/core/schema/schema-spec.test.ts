// The document schema is a contract: stored Yjs states, canonical hashes of signed versions and
// the server's structure check all depend on it. This snapshot was taken before the extensions
// were composed without StarterKit (issue 14, editor weight); any change to a node's or a mark's
// name, attributes, defaults, content, group or parse rules fails here.
import { Node as PMNode, type Mark as PMMark, type MarkSpec, type NodeSpec, type ParseRule } from "@tiptap/pm/model";
import { describe, expect, it } from "vitest";
import { documentSchema } from "./index.js";

const schema = documentSchema();

function attrs(spec: NodeSpec | MarkSpec) {
  return Object.fromEntries(Object.entries(spec.attrs ?? {}).map(([name, a]) => [name, "default" in a ? a.default : "(required)"]));
}

function rules(parse: readonly ParseRule[] | undefined) {
  return (parse ?? []).map((r) => ({
    tag: "tag" in r ? r.tag : undefined,
    style: "style" in r ? r.style : undefined,
    priority: r.priority,
    consuming: r.consuming,
    context: r.context,
    getAttrs: "getAttrs" in r && typeof r.getAttrs === "function",
    preserveWhitespace: "preserveWhitespace" in r ? r.preserveWhitespace : undefined,
  }));
}

/** What a spec's toDOM renders for a node or mark with default attributes (DOMOutputSpec arrays here: no DOM needed). */
function rendered(spec: NodeSpec | MarkSpec, value: PMNode | PMMark) {
  try {
    return JSON.parse(JSON.stringify((spec.toDOM as (v: unknown, inline?: boolean) => unknown)?.(value, true) ?? null));
  } catch (error) {
    return `throws: ${(error as Error).message}`;
  }
}

describe("the document schema", () => {
  it("keeps every node as it was (names in order, attributes with defaults, content, group, marks, flags, parse rules, rendering)", () => {
    const nodes: Record<string, unknown> = {};
    schema.spec.nodes.forEach((name, spec) => {
      const type = schema.nodes[name]!;
      nodes[name] = {
        // Every field an extension put in the spec (e.g. allowGapCursor), even those not compared below.
        fields: Object.keys(spec).sort(),
        attrs: attrs(spec),
        content: spec.content,
        group: spec.group,
        marks: spec.marks,
        inline: spec.inline,
        atom: spec.atom,
        defining: spec.defining,
        definingAsContext: spec.definingAsContext,
        definingForContent: spec.definingForContent,
        isolating: spec.isolating,
        code: spec.code,
        whitespace: spec.whitespace,
        selectable: spec.selectable,
        draggable: spec.draggable,
        parseDOM: rules(spec.parseDOM),
        toDOM: name === "text" || name === "doc" ? null : rendered(spec, type.create()),
      };
    });
    expect(Object.keys(nodes)).toMatchSnapshot("node order");
    expect(nodes).toMatchSnapshot("nodes");
  });

  it("keeps every mark as it was (link included: same attributes, defaults and parse rules without autolink)", () => {
    const marks: Record<string, unknown> = {};
    schema.spec.marks.forEach((name, spec) => {
      const type = schema.marks[name]!;
      marks[name] = {
        fields: Object.keys(spec).sort(),
        attrs: attrs(spec),
        inclusive: spec.inclusive,
        excludes: spec.excludes,
        group: spec.group,
        spanning: spec.spanning,
        parseDOM: rules(spec.parseDOM),
        toDOM: rendered(spec, type.create(name === "link" ? { href: "https://example.org/ber" } : undefined)),
        // An unsafe address is rendered without it (the XSS guard of the link mark).
        unsafe: name === "link" ? rendered(spec, type.create({ href: "javascript:alert(1)" })) : undefined,
      };
    });
    expect(Object.keys(marks)).toMatchSnapshot("mark order");
    expect(marks).toMatchSnapshot("marks");
  });

  it("parses links as before: safe addresses kept, unsafe ones refused", () => {
    const link = schema.spec.marks.get("link")!;
    const rule = link.parseDOM![0]! as { getAttrs: (dom: unknown) => unknown };
    const a = (href: string | null) => ({ getAttribute: (n: string) => (n === "href" ? href : null) });
    // Tiptap wraps the rule: a kept link gives its attributes, a refused one `false`.
    expect(rule.getAttrs(a("https://example.org"))).toMatchObject({ href: "https://example.org" });
    expect(rule.getAttrs(a("mailto:ag@example.org"))).toMatchObject({ href: "mailto:ag@example.org" });
    expect(rule.getAttrs(a("/relative/path"))).toMatchObject({ href: "/relative/path" });
    expect(rule.getAttrs(a("javascript:alert(1)"))).toBe(false);
    expect(rule.getAttrs(a(""))).toBe(false);
  });
});
