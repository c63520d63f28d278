/** A QR code drawn by the server (app/domain/qr.server.ts) as one path: plain SVG, no script. */
export function QrCode({ drawing, label }: { drawing: { size: number; d: string }; label: string }) {
  // 4 modules of quiet zone each side, as scanners expect.
  const side = drawing.size + 8;
  return (
    <svg className="qr-code" viewBox={`0 0 ${side} ${side}`} role="img" aria-label={label} shapeRendering="crispEdges">
      <path d={drawing.d} />
    </svg>
  );
}
