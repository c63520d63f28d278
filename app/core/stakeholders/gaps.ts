// Inclusion gaps: who provides governance or holds a stake but has no one in the dialogue. Pure:
// the domain gathers the facts (app/domain/stakeholders/gaps.server.ts), this decides. The rule for
// categories is sign-off's own (categoriesWithoutDecider): the panel and the round-opening check
// can never disagree about who is unrepresented.
import { comparableText } from "../text.js";
import type { CategoryRef } from "../categories.js";
import { categoriesWithoutDecider } from "../signoff.js";
import { isRepresented, type StakeholderActor } from "./types.js";

/** A representative of the process as the gaps need them: which category they speak for, which community they name. */
export interface RepresentativeFact {
  userId: string;
  categoryId: string;
  affiliation: string | null;
}

/** A template used (or usable) in the process, with the categories it requires to sign off. */
export interface TemplateFact {
  templateId: string;
  /** The process's categories the template requires (its default keys, resolved to this process's ids). */
  required: CategoryRef[];
  /** Documents of the process made from it (empty: no document uses it yet). */
  documents: { id: string; title: string }[];
}

export interface GapFacts {
  actors: readonly StakeholderActor[];
  categories: readonly CategoryRef[];
  /** Who can decide for each category (sign-off's deciders: representatives with an active account). */
  deciders: ReadonlyMap<string, readonly unknown[]>;
  representatives: readonly RepresentativeFact[];
  templates: readonly TemplateFact[];
}

export interface CommunityGap {
  /** The community as first written on the map. */
  community: string;
  /** Actors of the map from that community (none of them is represented). */
  actorIds: string[];
}

export interface TemplateGap {
  templateId: string;
  documents: { id: string; title: string }[];
  categories: CategoryRef[];
}

export interface InclusionGaps {
  /** Actors that provide at least one governance function and have nobody in the dialogue. */
  unvoicedProviders: StakeholderActor[];
  /** Categories of the process that no representative speaks for. */
  categories: CategoryRef[];
  /** Communities named on the map with no represented actor and no representative naming them. */
  communities: CommunityGap[];
  /** Per template: the categories it requires to sign off that nobody could decide for today. */
  templates: TemplateGap[];
}

/** A community's name as it identifies it: Unicode-normalized, accents, case and spacing ignored. */
export function communityKey(name: string): string {
  return comparableText(name);
}

export function inclusionGaps(facts: GapFacts): InclusionGaps {
  const unvoicedProviders = facts.actors.filter((a) => a.functions.length > 0 && !isRepresented(a));

  const categories = categoriesWithoutDecider(facts.categories, facts.deciders);

  // A community is present when one of its actors is represented, or a representative names it
  // as their community or affiliation.
  const named = new Set(facts.representatives.flatMap((r) => (r.affiliation?.trim() ? [communityKey(r.affiliation)] : [])));
  const byCommunity = new Map<string, { community: string; actorIds: string[]; represented: boolean }>();
  for (const actor of facts.actors) {
    if (!actor.community?.trim()) continue;
    const key = communityKey(actor.community);
    const entry = byCommunity.get(key) ?? { community: actor.community.trim(), actorIds: [], represented: named.has(key) };
    entry.actorIds.push(actor.id);
    if (isRepresented(actor)) entry.represented = true;
    byCommunity.set(key, entry);
  }
  const communities = [...byCommunity.values()]
    .filter((c) => !c.represented)
    .map(({ community, actorIds }) => ({ community, actorIds }))
    .sort((a, b) => a.community.localeCompare(b.community));

  const templates = facts.templates
    .map((t) => ({ templateId: t.templateId, documents: t.documents, categories: categoriesWithoutDecider(t.required, facts.deciders) }))
    .filter((t) => t.categories.length > 0);

  return { unvoicedProviders, categories, communities, templates };
}

/** No gap at all (the panel says so in words rather than showing empty lists). */
export function hasNoGap(gaps: InclusionGaps): boolean {
  return !gaps.unvoicedProviders.length && !gaps.categories.length && !gaps.communities.length && !gaps.templates.length;
}
