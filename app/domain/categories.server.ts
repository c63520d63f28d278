import { comparableText, trimVisible } from "../core/text.js";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Sql } from "../storage/sql.server.js";
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

export async function listCategories(db: Sql, processId: string): Promise<Category[]> {
  return (await db.all<CategoryRow>(`${SELECT} WHERE c.process_id = ? ORDER BY c.position, c.created_at`, processId)).map(toCategory);
}

export async function getCategory(db: Sql, processId: string, categoryId: string): Promise<Category | null> {
  const row = await db.get<CategoryRow>(`${SELECT} WHERE c.process_id = ? AND c.id = ?`, processId, categoryId);
  return row ? toCategory(row) : null;
}

/**
 * A category of this process with its labels only (no use count): what members and invitations
 * need to check and name one, without reading every table that may refer to categories.
 */
export async function findCategory(db: Sql, processId: string, categoryId: string): Promise<CategoryRef | null> {
  const row = await db.get<{ id: string; key: string | null; label_en: string | null; label_fr: string | null }>(
    "SELECT id, key, label_en, label_fr FROM stakeholder_categories WHERE process_id = ? AND id = ?",
    processId,
    categoryId,
  );
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
async function sameLabelExists(db: Sql, processId: string, labelEn: string, labelFr: string, exceptId: string | null): Promise<boolean> {
  const wanted = new Set([comparableText(labelEn), comparableText(labelFr)]);
  return (await listCategories(db, processId)).some(
    (c) => c.id !== exceptId && [categoryLabel(c, "en"), categoryLabel(c, "fr")].some((label) => wanted.has(comparableText(label))),
  );
}

export async function addCategory(services: Services, user: UserRef, processId: string, input: RawInput): Promise<Outcome<{ id: string }>> {
  const parsed = parseInput(categorySchema, input);
  if (!parsed.ok) return parsed;
  const { db } = services;
  const { labelEn, labelFr } = parsed.data;
  return await db.transaction(async (tx): Promise<Outcome<{ id: string }>> => {
    await authorize(tx, processId, user, "category.manage");
    if (await sameLabelExists(tx, processId, labelEn, labelFr, null)) return fail(409, "labelEn", "processErrors.categoryExists");
    const id = randomUUID();
    const position = (await tx.get<{ p: number }>("SELECT COALESCE(MAX(position), 0) + 1 AS p FROM stakeholder_categories WHERE process_id = ?", processId))!.p;
    await tx.run(
      "INSERT INTO stakeholder_categories (id, process_id, key, label_en, label_fr, position, created_at) VALUES (?, ?, NULL, ?, ?, ?, ?)",
      id,
      processId,
      labelEn,
      labelFr,
      position,
      Date.now(),
    );
    await recordAudit(tx, {
      actorUserId: user.id,
      action: "category.created",
      processId,
      targetType: "category",
      targetId: id,
      details: { category: { key: null, labelEn, labelFr } },
    });
    return { ok: true, value: { id } };
  });
}

export async function renameCategory(services: Services, user: UserRef, processId: string, input: RawInput): Promise<Outcome<null>> {
  const parsed = parseInput(categorySchema.extend(idSchema.shape), input);
  if (!parsed.ok) return parsed;
  const { db } = services;
  const { categoryId, labelEn, labelFr } = parsed.data;
  return await db.transaction(async (tx): Promise<Outcome<null>> => {
    await authorize(tx, processId, user, "category.manage");
    const before = await getCategory(tx, processId, categoryId);
    if (!before) return fail(404, "form", "processErrors.categoryUnknown");
    if (before.builtIn) return fail(409, "form", "processErrors.categoryBuiltIn");
    if (await sameLabelExists(tx, processId, labelEn, labelFr, categoryId)) return fail(409, "labelEn", "processErrors.categoryExists");
    await tx.run("UPDATE stakeholder_categories SET label_en = ?, label_fr = ? WHERE id = ?", labelEn, labelFr, categoryId);
    await recordAudit(tx, {
      actorUserId: user.id,
      action: "category.renamed",
      processId,
      targetType: "category",
      targetId: categoryId,
      details: { previousCategory: categorySnapshot(before), category: { key: null, labelEn, labelFr } },
    });
    return { ok: true, value: null };
  });
}

export async function deleteCategory(services: Services, user: UserRef, processId: string, input: RawInput): Promise<Outcome<null>> {
  const parsed = parseInput(idSchema, input);
  if (!parsed.ok) return parsed;
  const { db } = services;
  return await db.transaction(async (tx): Promise<Outcome<null>> => {
    await authorize(tx, processId, user, "category.manage");
    const category = await getCategory(tx, processId, parsed.data.categoryId);
    if (!category) return fail(404, "form", "processErrors.categoryUnknown");
    if (category.builtIn) return fail(409, "form", "processErrors.categoryBuiltIn");
    if (category.useCount > 0) return fail(409, "form", "processErrors.categoryInUse");
    await tx.run("DELETE FROM stakeholder_categories WHERE id = ?", category.id);
    await recordAudit(tx, {
      actorUserId: user.id,
      action: "category.deleted",
      processId,
      targetType: "category",
      targetId: category.id,
      details: { category: categorySnapshot(category) },
    });
    return { ok: true, value: null };
  });
}
