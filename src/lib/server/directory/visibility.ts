import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/connect';
import type { Visibility } from '../db/schema';

/**
 * Who sees what in the alumni directory: the one place these rules live (docs/directory.md).
 * Every output (profile page, search results, facet counts, JSON, data export) goes through
 * these functions, in TypeScript for one profile or in SQL for many; the integration test
 * "visibility matrix" checks every contact field × viewer relation × output.
 *
 * - A profile is seen by its owner; by no one else while the owner's account is deactivated;
 *   never by someone either of the two has blocked; by the
 *   moderators of a network the owner belongs to (so they can act on reports, also when the
 *   profile is hidden); otherwise, unless a moderator hid it: by everyone when its visibility
 *   is 'public', else ('networks', the default) by members of a network the owner is a member
 *   of and by the owner's connections.
 * - A contact channel is seen by the owner, and by a viewer who sees the profile and whose
 *   relation reaches the channel's visibility: 'public' anyone, 'networks' members of a shared
 *   network or connections, 'connections' connections only, 'self' nobody else (the default).
 *   A moderator's role gives no extra sight of contacts.
 */

export const VISIBILITIES = ['self', 'connections', 'networks', 'public'] as const satisfies readonly Visibility[];
export const CONTACT_FIELDS = ['contactEmail', 'phone', 'telegram', 'linkedin', 'website'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/** How the viewer stands to the profile's owner. A visitor (not signed in) has every flag false. */
export interface Relation {
	self: boolean;
	signedIn: boolean;
	/** both are members ('member') of at least one network */
	sharesNetwork: boolean;
	/** an accepted connection */
	connection: boolean;
	/** the viewer moderates a network the owner is a member of */
	moderator: boolean;
	/** either has blocked the other */
	blocked: boolean;
}

export const VISITOR: Relation = { self: false, signedIn: false, sharesNetwork: false, connection: false, moderator: false, blocked: false };
export const SELF: Relation = { ...VISITOR, self: true, signedIn: true };

export interface ProfileVisibility {
	visibility: 'networks' | 'public';
	hiddenAt: Date | null;
	/** false while the owner's account is deactivated (kept by a trigger, migration 21) */
	ownerActive: boolean;
}

export function canSeeProfile(profile: ProfileVisibility, r: Relation): boolean {
	if (r.self) return true;
	if (!profile.ownerActive) return false;
	if (r.blocked) return false;
	if (r.moderator) return true;
	if (profile.hiddenAt) return false;
	if (profile.visibility === 'public') return true;
	return r.sharesNetwork || r.connection;
}

/** Whether a contact channel with this visibility reaches the viewer (who must see the profile). */
export function reaches(visibility: Visibility, r: Relation): boolean {
	if (r.self) return true;
	if (r.blocked) return false;
	switch (visibility) {
		case 'public':
			return true;
		case 'networks':
			return r.sharesNetwork || r.connection;
		case 'connections':
			return r.connection;
		default:
			return false;
	}
}

export function canSeeField(profile: ProfileVisibility, visibility: Visibility, r: Relation): boolean {
	return canSeeProfile(profile, r) && reaches(visibility, r);
}

/** A forged or unknown visibility value is refused, never guessed. */
export function isVisibility(value: unknown): value is Visibility {
	return typeof value === 'string' && (VISIBILITIES as readonly string[]).includes(value);
}

// ---- The same rules in SQL, for lists (network members, connections) -----------------------
// (The directory's search applies canSeeProfile itself, over its snapshot: search-index.ts.)
// Raw SQL over the alias `p` (directory_profile as p), as CamelCasePlugin leaves raw SQL alone.

/**
 * `canSeeProfile` as a condition on `directory_profile as p`, for a viewer (null: a visitor).
 * Use it in every query that lists or counts profiles: `.where(profileVisibleTo(viewerId))`.
 */
export function profileVisibleTo(viewerId: string | null): RawBuilder<SqlBool> {
	if (viewerId === null) return sql<SqlBool>`(p.owner_active and p.hidden_at is null and p.visibility = 'public')`;
	const v = sql`${viewerId}::uuid`;
	// Written so that PostgreSQL builds each set once per query (hashed subplans, an init plan
	// for the viewer's networks) instead of probing per profile: at 10,000 profiles the
	// correlated form cost most of a directory search (docs/bench.md).
	return sql<SqlBool>`(p.user_id = ${v} or (p.owner_active
		and p.user_id not in (select ub.blocked_id from user_block ub where ub.blocker_id = ${v} union all select ub.blocker_id from user_block ub where ub.blocked_id = ${v})
		and (
			p.member_of && (select coalesce(array_agg(mo.network_id), '{}') from network_moderator mo where mo.user_id = ${v})
			or (p.hidden_at is null and (
				p.visibility = 'public'
				or p.member_of && (select coalesce(array_agg(b.network_id), '{}') from network_member b where b.user_id = ${v} and b.status = 'member')
				or p.user_id in (select case when c.requester_id = ${v} then c.addressee_id else c.requester_id end from connection c
					where c.status = 'accepted' and (c.requester_id = ${v} or c.addressee_id = ${v}))
			))
		)
	))`;
}

/** The viewer's relation to one person, in one query (for a profile page and its JSON). */
export async function relationTo(db: Database, viewerId: string | null, ownerId: string): Promise<Relation> {
	if (viewerId === null) return VISITOR;
	if (viewerId === ownerId) return SELF;
	const row = await db
		.selectNoFrom((eb) => [
			eb
				.exists(
					eb
						.selectFrom('networkMember as a')
						.innerJoin('networkMember as b', 'b.networkId', 'a.networkId')
						.select(sql`1`.as('one'))
						.where('a.userId', '=', ownerId)
						.where('a.status', '=', 'member')
						.where('b.userId', '=', viewerId)
						.where('b.status', '=', 'member')
				)
				.as('sharesNetwork'),
			eb
				.exists(
					eb
						.selectFrom('connection')
						.select(sql`1`.as('one'))
						.where('status', '=', 'accepted')
						.where((w) =>
							w.or([
								w.and([w('requesterId', '=', viewerId), w('addresseeId', '=', ownerId)]),
								w.and([w('requesterId', '=', ownerId), w('addresseeId', '=', viewerId)])
							])
						)
				)
				.as('connection'),
			eb
				.exists(
					eb
						.selectFrom('networkModerator as mo')
						.innerJoin('networkMember as m', 'm.networkId', 'mo.networkId')
						.select(sql`1`.as('one'))
						.where('mo.userId', '=', viewerId)
						.where('m.userId', '=', ownerId)
						.where('m.status', '=', 'member')
				)
				.as('moderator'),
			eb
				.exists(
					eb
						.selectFrom('userBlock')
						.select(sql`1`.as('one'))
						.where((w) =>
							w.or([
								w.and([w('blockerId', '=', viewerId), w('blockedId', '=', ownerId)]),
								w.and([w('blockerId', '=', ownerId), w('blockedId', '=', viewerId)])
							])
						)
				)
				.as('blocked')
		])
		.executeTakeFirstOrThrow();
	return {
		self: false,
		signedIn: true,
		sharesNetwork: Boolean(row.sharesNetwork),
		connection: Boolean(row.connection),
		moderator: Boolean(row.moderator),
		blocked: Boolean(row.blocked)
	};
}
