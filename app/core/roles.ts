/** The roles of a process member, as docs/glossary.md defines them. Labels live in i18n under `roles.<role>`. */
export const ROLES = ["facilitator", "mediator", "analyst", "representative", "observer"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** i18n key of a role's name (FR/EN in messages/processes.ts). */
export function roleLabelKey(role: Role): string {
  return `roles.${role}`;
}

/** i18n key of a one-line description of what the role may do. */
export function roleHintKey(role: Role): string {
  return `roleHints.${role}`;
}
