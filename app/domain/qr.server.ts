import { encode } from "uqr";

/**
 * A QR code as one SVG path (a unit square per dark module), computed on the server: the page
 * draws it with plain SVG elements, so no QR library reaches the browser and no inline image or
 * script is needed under the content security policy.
 */
export interface QrDrawing {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** The path's `d`: one `M x y h1 v1 h-1 z` per dark module, offset by the 4-module quiet zone. */
  d: string;
}

export const QR_QUIET_ZONE = 4;

export function qrDrawing(text: string): QrDrawing {
  const { data, size } = encode(text, { ecc: "M", border: 0 });
  const parts: string[] = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (data[y]![x]) parts.push(`M${x + QR_QUIET_ZONE} ${y + QR_QUIET_ZONE}h1v1h-1z`);
    }
  }
  return { size, d: parts.join("") };
}
