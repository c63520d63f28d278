import { comparableText, trimVisible } from "../core/text.js";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../storage/database.server.js";
import { type CategoryLabels, type CategoryRef, categoryLabel } from "../core/categories.js";
import { authorize, type UserRef } from "./access.server.js";
import { recordAudit } from "./audit.server.js";
import type { Services } from "./context.server.js";
import { fail, parseInput, type Outcome, type RawInput } from "./input.server.js";

export interface Category extends CategoryLabels {
  id: string;
  processId: string;
  /** Default categories (key set) come with every process and can be neither renamed nor deleted. */
  builtIn: boolean;
  /** Members, invitations, sign-off rounds and actors of the stakeholder map referring to it: a category in use cannot be deleted. */
  useCount: number;
}

interface CategoryRow {
  id: string;
  process_id: string;
  key: string | null;
  label_en: string | null;
  label_fr: string | null;
  use_count: number;
}

function toCategory(row: CategoryRow): Category {
  return {
    id: row.id,
    processId: row.process_id,
    key: row.key,
    labelEn: row.label_en,
    labelFr: row.label_fr,
    builtIn: row.key !== null,
    useCount: row.use_count,
  };
}

const SELECT = `SELECT c.*,
    (SELECT COUNT(*) FROM process_members m WHERE m.category_id = c.id)
    + (SELECT COUNT(*) FROM invitations i WHERE i.category_id = c.id)
    + (SELECT COUNT(*) FROM signoff_round_categories r WHERE r.category_id = c.id)
    + (SELECT COUNT(*) FROM stakeholder_actors a WHERE a.category_id = c.id) AS use_count
  FROM stakeholder_categories c`;

export function listCategories(db: Db, processId: string): Category[] {
  return (db.prepare(`${SELECT} WHERE c.process_id = ? ORDER BY c.position, c.created_at`).all(processId) as CategoryRow[]).map(toCategory);
}

export function getCategory(db: Db, processId: string, categoryId: string): Category | null {
  const row = db.prepare(`${SELECT} WHERE c.process_id = ? AND c.id = ?`).get(processId, categoryId) as CategoryRow | undefined;
  return row ? toCategory(row) : null;
}

/**
 * A category of this process with its labels only (no use count): what members and invitations
 * need to check and name one, without reading every table that may refer to categories.
 */
export function findCategory(db: Db, processId: string, categoryId: string): CategoryRef | null {
  const row = db.prepare("SELECT id, key, label_en, label_fr FROM stakeholder_categories WHERE process_id = ? AND id = ?").get(processId, categoryId) as
    | { id: string; key: string | null; label_en: string | null; label_fr: string | null }
    | undefined;
  return row ? { id: row.id, key: row.key, labelEn: row.label_en, labelFr: row.label_fr } : null;
}

/** What an audit event keeps of a category: enough to show it in either language after a rename or deletion. */
export function categorySnapshot(category: CategoryLabels): CategoryLabels {
  return { key: category.key, labelEn: category.labelEn, labelFr: category.labelFr };
}

const label = (required: string) =>
  z.string({ error: required }).overwrite(trimVisible).min(1, { error: required }).max(120, { error: "processErrors.categoryLabelTooLong" });

export const categorySchema = z.object({
  labelEn: label("processErrors.categoryLabelEnRequired"),
  labelFr: label("processErrors.categoryLabelFrRequired"),
});
const idSchema = z.object({ categoryId: z.string({ error: "processErrors.categoryUnknown" }).min(1, { error: "processErrors.categoryUnknown" }) });

/**
 * Whether another category of the process (a default one included) already goes by one of these
 * labels in either language, case, accents and spacing aside: "Elus locaux" next to "Élus locaux",
 * or a custom "Youth" next to the default "Jeunes / Youth", would split one group's sign-off in two.
 */
function sameLabelExists(db: Db, processId: string, labelEn: string, labelFr: string, exceptId: string | null): boolean {
  const wanted = new Set([comparableText(labelEn), comparableText(labelFr)]);
  return listCategories(db, processId).some(
    (c) => c.id !== exceptId && [categoryLabel(c, "en"), categoryLabel(c, "fr")].some((label) => wanted.has(comparableText(label))),
  );
}

export function addCategory(services: Services, user: UserRef, processId: string, input: RawInput): Outcome<{ id: string }> {
  const parsed = parseInput(categorySchema, input);
  if (!parsed.ok) return parsed;
  const { db } = services;
  const { labelEn, labelFr } = parsed.data;
  return db.transaction((): Outcome<{ id: string }> => {
    authorize(db, processId, user, "category.manage");
    if (sameLabelExists(db, processId, labelEn, labelFr, null)) return fail(409, "labelEn", "processErrors.categoryExists");
    const id = randomUUID();
    const position = (
      db.prepare("SELECT COALESCE(MAX(position), 0) + 1 AS p FROM stakeholder_categories WHERE process_id = ?").get(processId) as {
        p: number;
      }
    ).p;
    db.prepare("INSERT INTO stakeholder_categories (id, process_id, key, label_en, label_fr, position, created_at) VALUES (?, ?, NULL, ?, ?, ?, ?)").run(
      id,
      processId,
      labelEn,
      labelFr,
      position,
      Date.now(),
    );
    recordAudit(db, {
      actorUserId: user.id,
      action: "category.created",
      processId,
      targetType: "category",
      targetId: id,
      details: { category: { key: null, labelEn, labelFr } },
    });
    return { ok: true, value: { id } };
  })();
}

export function renameCategory(services: Services, user: UserRef, processId: string, input: RawInput): Outcome<null> {
  const parsed = parseInput(categorySchema.extend(idSchema.shape), input);
  if (!parsed.ok) return parsed;
  const { db } = services;
  const { categoryId, labelEn, labelFr } = parsed.data;
  return db.transaction((): Outcome<null> => {
    authorize(db, processId, user, "category.manage");
    const before = getCategory(db, processId, categoryId);
    if (!before) return fail(404, "form", "processErrors.categoryUnknown");
    if (before.builtIn) return fail(409, "form", "processErrors.categoryBuiltIn");
    if (sameLabelExists(db, processId, labelEn, labelFr, categoryId)) return fail(409, "labelEn", "processErrors.categoryExists");
    db.prepare("UPDATE stakeholder_categories SET label_en = ?, label_fr = ? WHERE id = ?").run(labelEn, labelFr, categoryId);
    recordAudit(db, {
      actorUserId: user.id,
      action: "category.renamed",
      processId,
      targetType: "category",
      targetId: categoryId,
      details: { previousCategory: categorySnapshot(before), category: { key: null, labelEn, labelFr } },
    });
    return { ok: true, value: null };
  })();
}

export function deleteCategory(services: Services, user: UserRef, processId: string, input: RawInput): Outcome<null> {
  const parsed = parseInput(idSchema, input);
  if (!parsed.ok) return parsed;
  const { db } = services;
  return db.transaction((): Outcome<null> => {
    authorize(db, processId, user, "category.manage");
    const category = getCategory(db, processId, parsed.data.categoryId);
    if (!category) return fail(404, "form", "processErrors.categoryUnknown");
    if (category.builtIn) return fail(409, "form", "processErrors.categoryBuiltIn");
    if (category.useCount > 0) return fail(409, "form", "processErrors.categoryInUse");
    db.prepare("DELETE FROM stakeholder_categories WHERE id = ?").run(category.id);
    recordAudit(db, {
      actorUserId: user.id,
      action: "category.deleted",
      processId,
      targetType: "category",
      targetId: category.id,
      details: { category: categorySnapshot(category) },
    });
    return { ok: true, value: null };
  })();
}
