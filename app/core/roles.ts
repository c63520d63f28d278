/** The roles of a process member, as docs/glossary.md defines them. Labels live in i18n under `roles.<role>`. */
export const ROLES = ["facilitator", "mediator", "analyst", "representative", "observer"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
