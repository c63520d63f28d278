import type { TFunction } from "~/core/i18n/react.js";

/** "1 blocking issue, 4 suggestions" / "1 problème bloquant, 4 conseils": each part with its own plural. */
export function findingCount(t: TFunction, findings: { severity: string }[]): string {
  const blocking = findings.filter((f) => f.severity === "blocking").length;
  return `${t("findings.blockingCount", { count: blocking })}, ${t("findings.advisoryCount", { count: findings.length - blocking })}`;
}
