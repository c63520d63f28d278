// The `link` mark, with exactly the schema of @tiptap/extension-link 3.31 as StarterKit configured
// it (name, priority, attributes and defaults, inclusive, parse rule, rendering, the unsafe-address
// guard), without its autolink machinery: that pulled linkifyjs (20 KB minified) into the editor
// for a feature nobody relies on here. Pasting an address over selected text still links it, and a
// pasted address becomes a link. Checked by schema-spec.test.ts.
import { Mark, markPasteRule, mergeAttributes, type PasteRuleMatch } from "@tiptap/core";
import { Plugin, PluginKey } from "@tiptap/pm/state";

// Control characters and Unicode spaces are removed before the scheme is read (a `java\tscript:` trick).
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
const WHITESPACE = /[\u0000-\u0020\u00A0\u1680\u180E\u2000-\u2029\u205F\u3000]/g;
const PROTOCOLS = ["http", "https", "ftp", "ftps", "mailto", "tel", "callto", "sms", "cid", "xmpp"];
// Same test as the Tiptap extension: a known scheme, or no scheme at all (relative, #anchor).
const ALLOWED = new RegExp(`^(?:(?:${PROTOCOLS.join("|")}):|[^a-z]|[a-z0-9+.\\-]+(?:[^a-z+.\\-:]|$))`, "i");

/** Whether an address may be a link's href (refuses `javascript:` and other schemes). Empty counts as allowed, as upstream. */
export function isAllowedUri(uri: string | undefined | null): boolean {
  return !uri || ALLOWED.test(uri.replace(WHITESPACE, ""));
}

// A whole pasted string that is a web address (the autolink case people meet: pasting a URL).
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]}]/gi;

function findUrls(text: string): PasteRuleMatch[] {
  return [...text.matchAll(URL_IN_TEXT)].filter((m) => isAllowedUri(m[0])).map((m) => ({ index: m.index ?? 0, text: m[0], data: { href: m[0] } }));
}

export const Link = Mark.create({
  name: "link",
  priority: 1000,
  keepOnSplit: false,
  exitable: true,
  // Upstream: `inclusive` follows its autolink option, which StarterKit left on. Kept for the schema.
  inclusive: true,

  addOptions() {
    return { HTMLAttributes: { target: "_blank", rel: "noopener noreferrer nofollow", class: null } as Record<string, string | null> };
  },

  addAttributes() {
    return {
      href: { default: null, parseHTML: (element) => element.getAttribute("href") },
      target: { default: this.options.HTMLAttributes.target ?? null },
      rel: { default: this.options.HTMLAttributes.rel ?? null },
      class: { default: this.options.HTMLAttributes.class ?? null },
      title: { default: null },
    };
  },

  parseHTML() {
    return [
      {
        tag: "a[href]",
        getAttrs: (dom) => {
          const href = (dom as HTMLElement).getAttribute("href");
          return !href || !isAllowedUri(href) ? false : null;
        },
      },
    ];
  },

  renderHTML({ HTMLAttributes }) {
    // An unsafe address is rendered without it, as upstream (no script through a stored link).
    const attributes = isAllowedUri(HTMLAttributes.href) ? HTMLAttributes : { ...HTMLAttributes, href: "" };
    return ["a", mergeAttributes(this.options.HTMLAttributes, attributes), 0];
  },

  addPasteRules() {
    return [markPasteRule({ find: findUrls, type: this.type, getAttributes: (match) => ({ href: match.data?.href }) })];
  },

  addProseMirrorPlugins() {
    const type = this.type;
    return [
      new Plugin({
        key: new PluginKey("linkOnPaste"),
        props: {
          // An address pasted over selected words links those words instead of replacing them.
          handlePaste: (view, _event, slice) => {
            const { state } = view;
            if (state.selection.empty) return false;
            let text = "";
            slice.content.forEach((node) => {
              text += node.textContent;
            });
            const href = text.trim();
            const match = findUrls(href)[0];
            if (!match || match.text !== href) return false;
            view.dispatch(state.tr.addMark(state.selection.from, state.selection.to, type.create({ href })));
            return true;
          },
        },
      }),
    ];
  },
});
