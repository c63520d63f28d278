// The facts the inclusion gaps are decided from, read from storage in one go (the rule itself is
// pure: app/core/stakeholders/gaps.ts). Deciders come from sign-off's own query, so the panel names
// exactly the categories a round would refuse to open on.
import type { Sql } from "../../storage/sql.server.js";
import type { CategoryRef } from "../../core/categories.js";
import { inclusionGaps, type InclusionGaps, type RepresentativeFact, type TemplateFact } from "../../core/stakeholders/gaps.js";
import type { StakeholderActor } from "../../core/stakeholders/types.js";
import { TEMPLATES } from "../../core/templates.js";
import { decidersByCategory } from "../signoff/read.server.js";

export async function processGaps(db: Sql, processId: string, actors: readonly StakeholderActor[], categories: readonly CategoryRef[]): Promise<InclusionGaps> {
  const deciders = await decidersByCategory(db, processId);
  // The same people, as the community rule needs them (sign-off's deciders carry their affiliation).
  const facts: RepresentativeFact[] = [...deciders].flatMap(([categoryId, list]) =>
    list.map((d) => ({ userId: d.userId, categoryId, affiliation: d.affiliation })),
  );
  // Documents not yet adopted, by template: where a missing category still matters. Templates no
  // document uses are listed too (the team checks before creating one).
  const documents = await db.all<{ id: string; title: string; template_id: string | null }>(
    "SELECT id, title, template_id FROM documents WHERE process_id = ? AND status <> 'adopted' ORDER BY created_at, id",
    processId,
  );
  const byKey = new Map(categories.flatMap((c) => (c.key ? [[c.key, c] as const] : [])));
  const templates: TemplateFact[] = TEMPLATES.filter((t) => t.signOffCategories.length > 0).map((t) => ({
    templateId: t.id,
    required: t.signOffCategories.flatMap((key) => {
      const c = byKey.get(key);
      return c ? [c] : [];
    }),
    documents: documents.filter((d) => d.template_id === t.id).map((d) => ({ id: d.id, title: d.title })),
  }));
  // Templates in use first, then the others, each in the catalogue's order.
  templates.sort((a, b) => Number(b.documents.length > 0) - Number(a.documents.length > 0));
  return inclusionGaps({ actors, categories, deciders, representatives: facts, templates });
}
