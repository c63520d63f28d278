// Anchors against real Yjs documents edited as the editor edits them: a ProseMirror transaction
// on the peer's PM document, written into its Y.XmlFragment by y-tiptap's diff (updateYFragment,
// what the sync plugin runs after every transaction). Peers exchange updates only when told, so
// edits made before an exchange are concurrent.
import { Node as PMNode } from "@tiptap/pm/model";
import { EditorState, type Transaction } from "@tiptap/pm/state";
import { initProseMirrorDoc, updateYFragment } from "@tiptap/y-tiptap";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DOCUMENT_FIELD, documentSchema } from "../schema/index.js";
import { anchorForItem, anchorForRange, decodePosition, encodePosition, resolveAnchors, type Resolution } from "./anchor.js";
import { ANNOTATION_LIMITS, type Anchor } from "./types.js";

const schema = documentSchema();

type Json = Record<string, unknown>;
const text = (t: string): Json => ({ type: "text", text: t });
const para = (...parts: (string | "<br>")[]): Json => ({
  type: "paragraph",
  content: parts.map((p) => (p === "<br>" ? { type: "hardBreak" } : text(p))),
});
const section = (title: string): Json => ({ type: "sectionTitle", content: [text(title)] });
const item = (id: string | null, title: string, ...body: Json[]): Json => ({
  type: "roadmapItem",
  attrs: { id, domain: "security" },
  content: [{ type: "itemTitle", content: [text(title)] }, ...body],
});

const OBSERVERS = "Local observers report weekly to the mediation team.";

function roadmap(): Json {
  return {
    type: "doc",
    content: [
      section("Security"),
      item("ceasefire", "Ceasefire monitoring", para("The parties agree to a joint monitoring committee within thirty days."), para(OBSERVERS)),
      item(
        "youth",
        "Youth inclusion",
        para("Youth councils nominate two delegates to every working group."),
        para("First line of the note", "<br>", "second line of the note."),
      ),
      section("Governance"),
      item("budget", "Budget", para(OBSERVERS), para("The donors publish their pledges each quarter.")),
      item("elections", "Local elections", para("Polling stations open in all districts by the end of the year.")),
    ],
  };
}

/** One client: its Y.Doc and the ProseMirror document its editor shows. */
class Peer {
  readonly ydoc: Y.Doc;
  readonly fragment: Y.XmlFragment;
  doc!: PMNode;
  private meta!: ReturnType<typeof initProseMirrorDoc>["meta"];

  constructor(clientID: number) {
    this.ydoc = new Y.Doc();
    this.ydoc.clientID = clientID;
    this.fragment = this.ydoc.getXmlFragment(DOCUMENT_FIELD);
    this.read();
  }

  /** As the editor renders the Y state after remote changes. */
  read(): void {
    const { doc, meta } = initProseMirrorDoc(this.fragment, schema);
    this.doc = doc;
    this.meta = meta;
  }

  /** A local edit: a PM transaction, then y-tiptap's diff of the new PM document into the fragment. */
  edit(change: (tr: Transaction, doc: PMNode) => void): void {
    const tr = EditorState.create({ doc: this.doc }).tr;
    change(tr, this.doc);
    this.ydoc.transact(() => updateYFragment(this.ydoc, this.fragment, tr.doc, this.meta));
    this.doc = tr.doc;
    // The diff wrote exactly what the editor shows (else every position below would be moot).
    expect(initProseMirrorDoc(this.fragment, schema).doc.eq(this.doc)).toBe(true);
  }

  resolve(anchors: Anchor[]): Resolution[] {
    return resolveAnchors(this.fragment, schema, anchors);
  }
}

/** Every peer receives what every other has (state vector diffs), then re-reads its document. */
function sync(...peers: Peer[]): void {
  for (const to of peers) {
    for (const from of peers) {
      if (from !== to) Y.applyUpdate(to.ydoc, Y.encodeStateAsUpdate(from.ydoc, Y.encodeStateVector(to.ydoc)));
    }
  }
  for (const p of peers) p.read();
  for (const p of peers) expect(p.doc.eq(peers[0].doc)).toBe(true);
}

function peers(count = 3, json: Json = roadmap()): Peer[] {
  const list = Array.from({ length: count }, (_, i) => new Peer(100 + i));
  list[0].edit((tr) => tr.replaceWith(0, tr.doc.content.size, PMNode.fromJSON(schema, json).content));
  sync(...list);
  return list;
}

/** PM position of the n-th occurrence of `phrase` inside one text node. */
function find(doc: PMNode, phrase: string, nth = 0): number {
  const found: number[] = [];
  doc.descendants((node, pos) => {
    if (!node.isText) return;
    for (let i = node.text!.indexOf(phrase); i >= 0; i = node.text!.indexOf(phrase, i + 1)) found.push(pos + i);
  });
  if (found.length <= nth) throw new Error(`"${phrase}" #${nth} is not in the document`);
  return found[nth];
}

/** What ProseMirror holds in [from, to): textblocks joined by "\n", a hardBreak read as "\n". */
const pmText = (doc: PMNode, from: number, to: number) => doc.textBetween(from, to, "\n", (leaf) => (leaf.isInline ? "\n" : ""));

function rangeAnchor(peer: Peer, phrase: string, nth = 0): Anchor {
  const from = find(peer.doc, phrase, nth);
  const anchor = anchorForRange(peer.fragment, schema, from, from + phrase.length);
  expect(anchor).not.toBeNull();
  return anchor!;
}

/** Anchored, at exactly `expected` in every peer's PM document; a refreshed anchor resolves there at once. */
function expectAnchored(list: Peer[], anchor: Anchor, expected: string): Resolution {
  let first: Resolution | null = null;
  for (const peer of list) {
    const [r] = peer.resolve([anchor]);
    expect(r.state).toBe("anchored");
    expect(r.text).toBe(expected);
    expect(pmText(peer.doc, r.from, r.to)).toBe(expected);
    if (first) expect([r.from, r.to, r.refreshed]).toEqual([first.from, first.to, first.refreshed]);
    first ??= r;
    if (r.refreshed) {
      const [again] = peer.resolve([r.refreshed]);
      expect(again).toEqual({ state: "anchored", from: r.from, to: r.to, text: expected, refreshed: null });
    }
  }
  return first!;
}

function expectDetached(list: Peer[], anchor: Anchor): void {
  const quote = typeof (anchor as { quote?: unknown })?.quote === "string" ? (anchor as { quote: string }).quote : "";
  for (const peer of list) expect(peer.resolve([anchor])).toEqual([{ state: "detached", from: 0, to: 0, text: quote, refreshed: null }]);
}

const insertText = (at: number, s: string) => (tr: Transaction) => tr.insertText(s, at);
/** Enter: the paragraph holding `at` splits there. */
const enter = (at: number) => (tr: Transaction) => tr.split(at);

/** Moves the top-level item `id` to top-level index `index` (counted after taking it out): a drag, in PM terms. */
function moveItem(id: string, index: number) {
  return (tr: Transaction) => {
    let from = -1;
    tr.doc.forEach((node, offset) => {
      if (node.attrs.id === id) from = offset;
    });
    const node = tr.doc.nodeAt(from)!;
    tr.delete(from, from + node.nodeSize);
    let at = 0;
    for (let i = 0; i < index; i++) at += tr.doc.child(i).nodeSize;
    tr.insert(at, node);
  };
}

function itemRange(doc: PMNode, id: string): { from: number; to: number } {
  let range = { from: -1, to: -1 };
  doc.descendants((node, pos) => {
    if (node.attrs.id === id) range = { from: pos, to: pos + node.nodeSize };
    return range.from < 0;
  });
  return range;
}

describe("anchorForRange", () => {
  it("keeps the first and last characters as Yjs relative positions, the quote and its context", () => {
    const [a] = peers(1);
    const from = find(a.doc, "joint monitoring");
    const anchor = anchorForRange(a.fragment, schema, from, from + "joint monitoring".length);
    expect(anchor).toMatchObject({ kind: "range", quote: "joint monitoring" });
    if (anchor?.kind !== "range") throw new Error("no range anchor");
    // The encoding the contract names: the first character with assoc 0, the last with assoc -1.
    const ytext = ((a.fragment.get(1) as Y.XmlElement).get(1) as Y.XmlElement).get(0) as Y.XmlText;
    const index = ytext.toString().indexOf("joint monitoring");
    expect(anchor.start).toBe(encodePosition(Y.createRelativePositionFromTypeIndex(ytext, index, 0)));
    expect(anchor.end).toBe(encodePosition(Y.createRelativePositionFromTypeIndex(ytext, index + "joint monitoring".length, -1)));
    expect(decodePosition(anchor.end)?.assoc).toBe(-1);
    expect(anchor.prefix).toBe(pmText(a.doc, 0, from).slice(-ANNOTATION_LIMITS.context));
    expect(anchor.prefix.endsWith("Ceasefire monitoring\nThe parties agree to a ")).toBe(true);
    expect(anchor.suffix).toBe(pmText(a.doc, from + 16, a.doc.content.size).slice(0, ANNOTATION_LIMITS.context));
  });

  it("spans blocks (joined by \\n), trims to the characters it holds, and is null without text", () => {
    const [a] = peers(1);
    const from = find(a.doc, "thirty days.");
    const to = find(a.doc, "Local observers") + "Local".length;
    const anchor = anchorForRange(a.fragment, schema, from, to);
    expect(anchor?.quote).toBe("thirty days.\nLocal");
    expect(anchor?.quote).toBe(pmText(a.doc, from, to));
    // From the end of a paragraph, across two closings and two openings, to the next title's first character.
    const youth = itemRange(a.doc, "youth");
    expect(anchorForRange(a.fragment, schema, youth.from - 2, youth.from + 3)?.quote).toBe("Y");
    expect(anchorForRange(a.fragment, schema, youth.from, youth.from + 2)).toBeNull(); // item and title openings
    expect(anchorForRange(a.fragment, schema, 5, 5)).toBeNull();
    expect(anchorForRange(a.fragment, schema, a.doc.content.size + 10, a.doc.content.size + 20)).toBeNull();
  });

  it("truncates a long quote at the limit and still resolves the whole range by its positions", () => {
    const long = "The committee meets every week. ".repeat(50).trim();
    const list = peers(2, { type: "doc", content: [item("one", "Long", para(long))] });
    const from = find(list[0].doc, long);
    const anchor = anchorForRange(list[0].fragment, schema, from, from + long.length)!;
    expect(anchor.quote.length).toBe(ANNOTATION_LIMITS.quote);
    const [r] = list[1].resolve([anchor]);
    expect([r.state, r.from, r.to, r.text, r.refreshed]).toEqual(["anchored", from, from + long.length, long, null]);
  });
});

describe("resolveAnchors: range anchors through concurrent edits", () => {
  it("typing before, inside and after the range by other clients: the range follows and grows", () => {
    const list = peers(3);
    const [a, b, c] = list;
    const anchor = rangeAnchor(a, "joint monitoring committee");
    const before = expectAnchored(list, anchor, "joint monitoring committee");
    expect(before.refreshed).toBeNull();
    b.edit(insertText(find(b.doc, "The parties"), "Both "));
    c.edit(insertText(find(c.doc, "monitoring committee"), "ceasefire "));
    c.edit(insertText(find(c.doc, " within thirty"), " (JMC)"));
    a.edit(insertText(find(a.doc, "agree to"), "now ")); // the author too, before syncing
    sync(a, b, c);
    const r = expectAnchored(list, anchor, "joint ceasefire monitoring committee");
    expect(a.doc.textBetween(r.to, r.to + 7)).toBe(" (JMC) ");
    expect(r.from).toBe(find(a.doc, "joint"));
    // The text in the range changed: a fresh quote for the server, with the same positions.
    expect(r.refreshed).toMatchObject({ kind: "range", quote: "joint ceasefire monitoring committee" });
    if (r.refreshed?.kind === "range" && anchor.kind === "range") {
      expect([r.refreshed.start, r.refreshed.end]).toEqual([anchor.start, anchor.end]);
    }
  });

  it("typing only around the range: same text, nothing to refresh", () => {
    const list = peers(2);
    const [a, b] = list;
    const anchor = rangeAnchor(a, "two delegates");
    b.edit(insertText(find(b.doc, "Youth councils"), "Elected "));
    a.edit(insertText(find(a.doc, " to every working group"), " each"));
    sync(a, b);
    const r = expectAnchored(list, anchor, "two delegates");
    expect(r.refreshed).toBeNull();
    expect(a.doc.textBetween(r.to, r.to + 5)).toBe(" each");
  });

  it("Enter after the range in the same paragraph keeps the positions", () => {
    const list = peers(2);
    const [a, b] = list;
    const anchor = rangeAnchor(a, "agree to a joint");
    b.edit(enter(find(b.doc, "within thirty")));
    sync(a, b);
    const r = expectAnchored(list, anchor, "agree to a joint");
    expect(r.refreshed).toBeNull();
  });

  it("Enter before the range: y-tiptap re-inserts the tail, the quote finds it in the new paragraph", () => {
    const list = peers(2);
    const [a, b] = list;
    const anchor = rangeAnchor(a, "monitoring committee within");
    b.edit(enter(find(b.doc, "to a joint")));
    // Concurrently, typing after the range (its characters are among those re-inserted).
    a.edit(insertText(find(a.doc, "thirty days"), "about "));
    sync(a, b);
    const r = expectAnchored(list, anchor, "monitoring committee within");
    expect(r.refreshed).not.toBeNull();
    // It is in the second paragraph now: the one opening at "to a joint".
    const $from = a.doc.resolve(r.from);
    expect($from.parent.textContent.startsWith("to a joint monitoring")).toBe(true);
    // The concurrent words went into characters the split deleted: Yjs keeps them where they were,
    // at the end of the first paragraph (y-tiptap's split, not the anchors).
    expect(a.doc.resolve(find(a.doc, "about ")).parent.textContent).toBe("The parties agree about ");
  });

  it("Enter inside the range: the quote matches across the two paragraphs", () => {
    const list = peers(3);
    const [a, b, c] = list;
    const anchor = rangeAnchor(a, "joint monitoring committee");
    b.edit(enter(find(b.doc, " committee")));
    c.edit(insertText(find(c.doc, "Youth councils"), "All ")); // elsewhere, concurrently
    sync(a, b, c);
    const r = expectAnchored(list, anchor, "joint monitoring\n committee");
    expect(a.doc.resolve(r.from).parent).not.toBe(a.doc.resolve(r.to).parent);
    // The first character never moved; the quote was found where it starts.
    expect(r.from).toBe(find(a.doc, "joint monitoring"));
  });

  it("moving the item down and up: found through its quote in the moved item", () => {
    const list = peers(3);
    const [a, b, c] = list;
    const inYouth = rangeAnchor(a, "nominate two delegates");
    const inCeasefire = rangeAnchor(a, "within thirty days");
    b.edit(moveItem("youth", 4)); // after "budget"
    c.edit(insertText(find(c.doc, "Polling stations"), "Mobile ")); // elsewhere
    sync(a, b, c);
    expect(itemRange(a.doc, "youth").from).toBeGreaterThan(itemRange(a.doc, "budget").from);
    const down = expectAnchored(list, inYouth, "nominate two delegates");
    expect(down.from).toBeGreaterThan(itemRange(a.doc, "budget").to - 1);
    expectAnchored(list, inCeasefire, "within thirty days");

    a.edit(moveItem("youth", 0)); // up to the top
    sync(a, b, c);
    const youth = itemRange(a.doc, "youth");
    expect(youth.from).toBe(0);
    const up = expectAnchored(list, inYouth, "nominate two delegates");
    expect(up.from > youth.from && up.to < youth.to).toBe(true);
    // The refreshed anchor of the first move resolves through the second one too.
    if (down.refreshed) expectAnchored(list, down.refreshed, "nominate two delegates");
  });

  it("the anchored text deleted: detached, with its quote", () => {
    const list = peers(2);
    const [a, b] = list;
    const anchor = rangeAnchor(a, "nominate two delegates");
    const from = find(b.doc, "nominate two delegates");
    b.edit((tr) => tr.delete(from, from + "nominate two delegates".length));
    sync(a, b);
    expectDetached(list, anchor);
  });

  it("deleted words are not re-anchored to the same words in another item", () => {
    const list = peers(2);
    const [a, b] = list;
    const anchor = rangeAnchor(a, OBSERVERS, 0); // in "ceasefire"; "budget" has the same paragraph
    const from = find(b.doc, OBSERVERS, 0);
    b.edit((tr) => tr.delete(from, from + OBSERVERS.length));
    sync(a, b);
    expectDetached(list, anchor);

    // Nor in the very next item.
    const twins = peers(2, { type: "doc", content: [item("first", "First", para(OBSERVERS)), item("second", "Second", para(OBSERVERS))] });
    const inFirst = rangeAnchor(twins[0], OBSERVERS, 0);
    twins[1].edit((tr) => tr.delete(find(tr.doc, OBSERVERS, 0), find(tr.doc, OBSERVERS, 0) + OBSERVERS.length));
    sync(...twins);
    expectDetached(twins, inFirst);
  });

  it("a top-level paragraph split before the range: found in the block after it", () => {
    const preamble = "The parties commit to dialogue in good faith and to the protection of civilians.";
    const list = peers(2, { type: "doc", content: [section("Preamble"), para(preamble), ...(roadmap().content as Json[])] });
    const [a, b] = list;
    const anchor = rangeAnchor(a, "protection of civilians");
    b.edit(enter(find(b.doc, "in good faith")));
    sync(a, b);
    const r = expectAnchored(list, anchor, "protection of civilians");
    expect(a.doc.resolve(r.from).parent.textContent).toBe("in good faith and to the protection of civilians.");
    expect(a.doc.resolve(r.from).depth).toBe(1);
  });

  it("a deleted short word is not re-anchored to the same word elsewhere", () => {
    const list = peers(2);
    const [a, b] = list;
    const anchor = rangeAnchor(a, "Youth", 1); // in "Youth councils"; "Youth inclusion" stays
    const from = find(b.doc, "Youth councils");
    b.edit((tr) => tr.delete(from, from + "Youth ".length));
    sync(a, b);
    expectDetached(list, anchor);
  });

  it("the whole item deleted: its range anchors are detached", () => {
    const list = peers(2);
    const [a, b] = list;
    const anchor = rangeAnchor(a, "publish their pledges");
    b.edit((tr) => {
      const { from, to } = itemRange(tr.doc, "budget");
      tr.delete(from, to);
    });
    sync(a, b);
    expectDetached(list, anchor);
  });

  it("part of the range deleted: what is left, at its start, middle or end", () => {
    const list = peers(3);
    const [a, b, c] = list;
    const headCut = rangeAnchor(a, "Polling stations open");
    const middleCut = rangeAnchor(a, "publish their pledges each");
    const tailCut = rangeAnchor(a, "joint monitoring committee");
    b.edit((tr) => {
      const at = find(tr.doc, "Polling ");
      tr.delete(at, at + "Polling ".length);
    });
    c.edit((tr) => {
      const at = find(tr.doc, "their ");
      tr.delete(at, at + "their ".length);
    });
    a.edit((tr) => {
      const at = find(tr.doc, " committee within");
      tr.delete(at, at + " committee".length);
    });
    sync(a, b, c);
    const head = expectAnchored(list, headCut, "stations open");
    expect(head.refreshed?.quote).toBe("stations open");
    const middle = expectAnchored(list, middleCut, "publish pledges each");
    expect(middle.refreshed?.quote).toBe("publish pledges each");
    // PM deleted " committee", but y-tiptap writes a text diff (common prefix and suffix): the
    // characters it deletes are "committee ", so the range keeps its own space.
    const tail = expectAnchored(list, tailCut, "joint monitoring ");
    expect(tail.refreshed?.quote).toBe("joint monitoring ");
  });

  it("two identical phrases: the stored context picks the right one after a move", () => {
    const list = peers(3);
    const [a, b, c] = list;
    const inCeasefire = rangeAnchor(a, "report weekly to the mediation", 0);
    const inBudget = rangeAnchor(a, "report weekly to the mediation", 1);
    expect(inCeasefire.quote).toBe(inBudget.quote);
    b.edit(moveItem("budget", 0));
    c.edit(moveItem("ceasefire", 4)); // both moved (concurrently): every character of both re-inserted
    sync(a, b, c);
    const ceasefire = itemRange(a.doc, "ceasefire");
    const budget = itemRange(a.doc, "budget");
    const r1 = expectAnchored(list, inCeasefire, "report weekly to the mediation");
    const r2 = expectAnchored(list, inBudget, "report weekly to the mediation");
    expect(r1.from > ceasefire.from && r1.to < ceasefire.to).toBe(true);
    expect(r2.from > budget.from && r2.to < budget.to).toBe(true);
    expect(r1.refreshed && r2.refreshed).toBeTruthy();
  });

  it("the same phrase with the same context all around: the surviving character decides", () => {
    const repeated = "peace now ".repeat(30).trim();
    const list = peers(2, { type: "doc", content: [item("one", "Chant", para(repeated))] });
    const [a, b] = list;
    const from = find(a.doc, "peace now peace", 12);
    const anchor = anchorForRange(a.fragment, schema, from, from + "peace now peace".length)!;
    b.edit(enter(from + "peace now".length)); // inside: the tail is re-inserted, the first character stays
    sync(a, b);
    const r = expectAnchored(list, anchor, "peace now\n peace");
    expect(r.from).toBe(from);
  });

  it("a hardBreak and a horizontal rule count in positions", () => {
    const list = peers(2);
    const [a, b] = list;
    const across = rangeAnchor(a, "of the note"); // before the break
    const lineTwo = find(a.doc, "second line");
    const breakRange = anchorForRange(a.fragment, schema, find(a.doc, "the note", 0), lineTwo + "second".length)!;
    expect(breakRange.quote).toBe("the note\nsecond");
    b.edit((tr) => tr.insert(0, schema.nodes.horizontalRule.create()));
    a.edit((tr) => tr.insert(find(tr.doc, "second line"), schema.nodes.hardBreak.create()));
    sync(a, b);
    const r = expectAnchored(list, breakRange, "the note\n\nsecond");
    expect(r.from).toBe(find(a.doc, "the note"));
    expect(expectAnchored(list, across, "of the note").from).toBe(find(a.doc, "of the note"));
  });

  it("resolves many anchors in one call, in order, as one by one", () => {
    const list = peers(2);
    const [a, b] = list;
    const anchors = ["joint", "report weekly", "Youth inclusion", "second line", "pledges", "districts"].map((p) => rangeAnchor(a, p));
    b.edit(moveItem("elections", 0));
    b.edit(enter(find(b.doc, "monitoring committee")));
    sync(a, b);
    const all = a.resolve(anchors);
    expect(all).toEqual(anchors.map((x) => a.resolve([x])[0]));
    expect(all.map((r) => r.text)).toEqual(["joint", "report weekly", "Youth inclusion", "second line", "pledges", "districts"]);
  });
});

describe("resolveAnchors: item anchors", () => {
  it("anchorForItem: the item holding the position, its title as quote; none outside items or without id", () => {
    const [a] = peers(1, {
      type: "doc",
      content: [...(roadmap().content as Json[]), item(null, "No id yet", para("Draft"))],
    });
    const youth = itemRange(a.doc, "youth");
    for (const pos of [youth.from, youth.from + 3, find(a.doc, "second line"), youth.to - 1]) {
      expect(anchorForItem(a.fragment, schema, pos)).toEqual({ kind: "item", itemId: "youth", quote: "Youth inclusion" });
    }
    expect(anchorForItem(a.fragment, schema, youth.to)).toBeNull();
    expect(anchorForItem(a.fragment, schema, find(a.doc, "Security"))).toBeNull();
    expect(anchorForItem(a.fragment, schema, find(a.doc, "Draft"))).toBeNull();
  });

  it("follows the item through moves and edits; detached once it is deleted", () => {
    const list = peers(3);
    const [a, b, c] = list;
    const anchor = anchorForItem(a.fragment, schema, find(a.doc, "Budget"))!;
    b.edit(moveItem("budget", 1));
    c.edit(insertText(find(c.doc, "Budget") + "Budget".length, " and donors")); // concurrently, in the title
    sync(a, b, c);
    for (const peer of list) {
      const [r] = peer.resolve([anchor]);
      const range = itemRange(peer.doc, "budget");
      expect([r.state, r.from, r.to]).toEqual(["anchored", range.from, range.to]);
      expect(peer.doc.nodeAt(r.from)?.attrs.id).toBe("budget");
      expect(r.to).toBe(r.from + peer.doc.nodeAt(r.from)!.nodeSize);
      expect(r.text).toBe(peer.doc.nodeAt(r.from)!.child(0).textContent);
      // The title the move re-inserted may or may not hold the concurrent words (y-tiptap
      // rebuilds the moved item from the mover's document); either way the quote follows it.
      expect(r.refreshed === null).toBe(r.text === "Budget");
    }
    a.edit(moveItem("budget", 5));
    b.edit(insertText(find(b.doc, "Polling"), "All "));
    sync(a, b, c);
    const [moved] = c.resolve([anchor]);
    expect(moved.from).toBe(itemRange(c.doc, "budget").from);
    c.edit((tr) => {
      const { from, to } = itemRange(tr.doc, "budget");
      tr.delete(from, to);
    });
    sync(a, b, c);
    expectDetached(list, anchor);
  });
});

describe("resolveAnchors: garbage", () => {
  it("an element the schema does not know counts nothing in positions, as the editor leaves it out", () => {
    const [a] = peers(1);
    const anchor = rangeAnchor(a, "two delegates");
    // Written past the editor (the server's structure guard refuses it; older stored state may hold it).
    const alien = new Y.XmlElement("marquee");
    alien.insert(0, [new Y.XmlText("blink")]);
    a.fragment.insert(1, [alien]);
    const [r] = a.resolve([anchor]);
    // What an editor shows (read from a copy: y-tiptap also deletes the element it drops).
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(a.ydoc));
    const shown = initProseMirrorDoc(copy.getXmlFragment(DOCUMENT_FIELD), schema).doc;
    expect(shown.textContent).not.toContain("blink");
    expect(r.from).toBe(find(shown, "two delegates"));
    expect(pmText(shown, r.from, r.to)).toBe("two delegates");
  });

  it("never throws: unreadable anchors are detached, the others still resolve", () => {
    const [a] = peers(1);
    const good = rangeAnchor(a, "joint");
    const foreign = new Y.Doc();
    foreign.getText("t").insert(0, "hello");
    const unknownClient = encodePosition(Y.createRelativePositionFromTypeIndex(foreign.getText("t"), 1, 0));
    const namedRoot = encodePosition(new Y.RelativePosition(null, "evil", null, 0));
    const range = (start: unknown, end: unknown, quote: unknown = "q") => ({ kind: "range", start, end, quote, prefix: "", suffix: "" }) as unknown as Anchor;
    const garbage: unknown[] = [
      range("!!!not base64!!!", "%%%"),
      range("", ""),
      range("AAAA", "////"),
      range("A".repeat(ANNOTATION_LIMITS.position + 4), "A"),
      range(unknownClient, unknownClient, "nowhere to be found"),
      range(namedRoot, namedRoot),
      range(12, null, 42),
      range(good.kind === "range" ? good.end : "", good.kind === "range" ? good.start : "", "zz"), // crossed: end before start
      { kind: "range" },
      { kind: "item", itemId: "no-such-item", quote: "Gone" },
      { kind: "item", itemId: { toString: () => "budget" }, quote: "x" },
      { kind: "what" },
      null,
      undefined,
      "range",
    ];
    const results = a.resolve([...(garbage as Anchor[]), good]);
    for (const r of results.slice(0, -1)) expect([r.state, r.from, r.to, r.refreshed]).toEqual(["detached", 0, 0, null]);
    expect(results.find((_r, i) => (garbage[i] as { quote?: unknown })?.quote === "Gone")?.text).toBe("Gone");
    expect(results.at(-1)).toMatchObject({ state: "anchored", text: "joint" });
    // Resolving never created a root type from a name in an anchor.
    expect(a.ydoc.share.has("evil")).toBe(false);
    expect(decodePosition("!!")).toBeNull();
  });
});
