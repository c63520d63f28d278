// The stakeholder map's vocabulary (docs/glossary.md: actor). Keys are stored; labels in French
// and English are the interface's messages under `stakeholders.choices`. Pure: imported by the
// server, the pages and the map's SVG alike.

export const ACTOR_KINDS = ["group", "person"] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** What an actor provides locally in place of (or beside) the state: the brief's governance functions. */
export const GOVERNANCE_FUNCTIONS = ["security", "justice", "welfare", "services", "livelihoods"] as const;
export type GovernanceFunction = (typeof GOVERNANCE_FUNCTIONS)[number];

/** Link to the illicit economy. Alleged and established links carry a source note. */
export const ILLICIT_LINKS = ["none", "alleged", "established"] as const;
export type IllicitLink = (typeof ILLICIT_LINKS)[number];

/** Directed relations: "A ally of B", "A rival of B", "A patron of B", "A depends on B". */
export const RELATION_KINDS = ["ally", "rival", "patron_of", "depends_on"] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

/** Influence and perceived legitimacy are scored 1 (lowest) to 5 (highest). */
export const SCORES = [1, 2, 3, 4, 5] as const;
export type Score = (typeof SCORES)[number];

export const isGovernanceFunction = (v: unknown): v is GovernanceFunction => (GOVERNANCE_FUNCTIONS as readonly unknown[]).includes(v);

/** A member who speaks for the actor in the dialogue (a representative of the process). */
export interface ActorRepresentative {
  userId: string;
  displayName: string;
}

/** An actor of a process's map, as the team's pages and exports read it. */
export interface StakeholderActor {
  id: string;
  processId: string;
  name: string;
  kind: ActorKind;
  /** A category of the process (its id), or null when none fits. */
  categoryId: string | null;
  community: string | null;
  functions: GovernanceFunction[];
  illicitLink: IllicitLink;
  illicitSource: string | null;
  influence: Score;
  legitimacy: Score;
  legitimacyNotes: string | null;
  /** Members linked to the actor who are representatives of the process now (others do not count). */
  representatives: ActorRepresentative[];
  /** Representation without a member account, in words (a council, an in-person signatory). Does not count as represented. */
  representationNote: string | null;
  sources: string | null;
  createdAt: number;
  updatedAt: number;
  updatedByName: string;
}

/** Represented in the dialogue: at least one representative of the process speaks for the actor. */
export function isRepresented(actor: Pick<StakeholderActor, "representatives">): boolean {
  return actor.representatives.length > 0;
}

export interface ActorRelation {
  id: string;
  fromActorId: string;
  toActorId: string;
  kind: RelationKind;
  note: string | null;
}

/** What a picker needs of an actor (annotation links, responsible parties). */
export interface ActorOption {
  id: string;
  name: string;
}
