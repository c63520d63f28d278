// The anchoring functions the annotation layer uses (one import point).
export { anchorForItem, anchorForRange, resolveAnchors, type Resolution } from "./anchor-shim.js";
