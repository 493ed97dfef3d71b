/**
 * Who entered, submitted, reviewed, approved or returned a record (谁填报谁负责、谁审核谁负责), as
 * the gateway's `Actor` gives it: a name, a unit and a time, never an account.
 */
export type ActorRole = 'entered' | 'submitted' | 'schoolApproved' | 'approved' | 'returned';

export interface Actor {
  name: string;
  unitName: string | null;
  unitCode: string | null;
  at: string | null;
}

export type RecordActors = Partial<Record<ActorRole, Actor | null>>;

/** The order a record's steps are taken in. */
export const ACTOR_ROLES: readonly ActorRole[] = ['entered', 'submitted', 'schoolApproved', 'approved', 'returned'];

/** The GraphQL selection of every step's actor (archive, history, queues). */
export const ACTOR_FIELDS = ACTOR_ROLES.map((role) => `${role} { name unitName unitCode at }`).join(' ');

/** The steps someone took, in order. */
export function actorLines(record: RecordActors): { role: ActorRole; actor: Actor }[] {
  return ACTOR_ROLES.flatMap((role) => {
    const actor = record[role];
    return actor ? [{ role, actor }] : [];
  });
}

/** "张三（东湖区第一小学）" — the unit in full-width brackets, as on a signed form. */
export function actorName(a: Actor): string {
  return a.unitName ? `${a.name}（${a.unitName}）` : a.name;
}
