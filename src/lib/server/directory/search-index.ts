import { sql } from 'kysely';
import type { Database } from '../db/connect';
import { canSeeProfile, VISITOR, type Relation } from './visibility';

/**
 * What the directory's search counts and pages over, held by each app instance: every
 * profile's searched columns (directory_search, migration 21), read once per data version.
 *
 * Why: a directory page counts six facets over every profile its viewer may see. At 10,000
 * profiles, doing that in SQL cost 25–40 ms a page however it was written (the rows are read,
 * filtered and aggregated once per facet); over this snapshot it is a loop of a few
 * milliseconds. The rule of who sees whom is still visibility.ts's `canSeeProfile`, applied to
 * every profile with the viewer's relation to it, built from their networks, moderated
 * networks, connections and blocks, read fresh on every request.
 *
 * Why it stays correct with any number of instances: the snapshot is stamped with data_version
 * (migration 15), which every committed change to profiles, networks, memberships, connections,
 * blocks, accounts, enrolments and cohorts moves, by whichever instance makes it. Each search
 * reads the version first and the snapshot is read again when it moved; the rows are read after
 * the version, so they are never older than their stamp.
 */

export interface IndexedProfile {
	userId: string;
	country: string;
	expertise: string[];
	languages: string[];
	openToMentoring: boolean;
	visibility: 'networks' | 'public';
	hiddenAt: Date | null;
	ownerActive: boolean;
	memberOf: string[];
	cohortYears: number[];
	/** place in the order by name (lower(display_name), then id), as the database sorts */
	nameRank: number;
}

/** The profiles, most recently changed first (then by id): the order of "recent" and of browsing. */
export interface SearchSnapshot {
	version: string;
	profiles: IndexedProfile[];
	/** indexes into `profiles`, by name */
	byName: number[];
}

/** The viewer's side of every relation, read fresh per search; empty sets for a visitor. */
export interface ViewerSets {
	userId: string | null;
	networks: Set<string>;
	moderates: Set<string>;
	connections: Set<string>;
	blocks: Set<string>;
}

const snapshots = new WeakMap<Database, SearchSnapshot>();
const loading = new WeakMap<Database, { version: string; promise: Promise<SearchSnapshot> }>();

/** The current data version and the viewer's sets, in one statement. */
export async function readViewer(db: Database, viewerId: string | null): Promise<{ version: string; sets: ViewerSets }> {
	const v = sql`${viewerId}::uuid`;
	const { rows } = await sql<{ version: string; networks: string[]; moderates: string[]; connections: string[]; blocks: string[] }>`
		select
			(select coalesce(sum(version), 0)::text from data_version) as version,
			coalesce((select array_agg(network_id) from network_member where user_id = ${v} and status = 'member'), '{}') as networks,
			coalesce((select array_agg(network_id) from network_moderator where user_id = ${v}), '{}') as moderates,
			coalesce((select array_agg(case when requester_id = ${v} then addressee_id else requester_id end) from connection
				where status = 'accepted' and (requester_id = ${v} or addressee_id = ${v})), '{}') as connections,
			coalesce((select array_agg(case when blocker_id = ${v} then blocked_id else blocker_id end) from user_block
				where blocker_id = ${v} or blocked_id = ${v}), '{}') as blocks`.execute(db);
	const row = rows[0]!;
	return {
		version: row.version,
		sets: {
			userId: viewerId,
			networks: new Set(row.networks),
			moderates: new Set(row.moderates),
			connections: new Set(row.connections),
			blocks: new Set(row.blocks)
		}
	};
}

async function load(db: Database, version: string): Promise<SearchSnapshot> {
	const rows = await db
		.selectFrom('directorySearch as p')
		.select([
			'p.userId',
			'p.country',
			'p.expertise',
			'p.languages',
			'p.openToMentoring',
			'p.visibility',
			'p.hiddenAt',
			'p.ownerActive',
			'p.memberOf',
			'p.cohortYears',
			sql<number>`(row_number() over (order by lower(p.display_name), p.user_id))::int`.as('nameRank')
		])
		.orderBy('p.updatedAt', 'desc')
		.orderBy('p.userId')
		.execute();
	const profiles = rows.map((r) => ({ ...r, nameRank: Number(r.nameRank) }));
	const byName = profiles.map((_, i) => i).sort((a, b) => profiles[a]!.nameRank - profiles[b]!.nameRank);
	return { version, profiles, byName };
}

/** The snapshot for this data version: kept, or read (once, however many searches ask at once). */
export async function snapshotAt(db: Database, version: string): Promise<SearchSnapshot> {
	const kept = snapshots.get(db);
	if (kept?.version === version) return kept;
	const pending = loading.get(db);
	if (pending?.version === version) return pending.promise;
	const promise = load(db, version).then(
		(snapshot) => {
			// A slower read of an older version never replaces a newer snapshot.
			const current = snapshots.get(db);
			if (!current || BigInt(current.version) <= BigInt(version)) snapshots.set(db, snapshot);
			if (loading.get(db)?.promise === promise) loading.delete(db);
			return snapshot;
		},
		(error: unknown) => {
			if (loading.get(db)?.promise === promise) loading.delete(db);
			throw error;
		}
	);
	loading.set(db, { version, promise });
	return promise;
}

const overlaps = (values: string[], set: Set<string>) => {
	for (const v of values) if (set.has(v)) return true;
	return false;
};

/** The viewer's relation to one profile's owner, as visibility.ts defines it. */
export function relationOf(sets: ViewerSets, profile: IndexedProfile): Relation {
	if (sets.userId === null) return VISITOR;
	return {
		self: profile.userId === sets.userId,
		signedIn: true,
		sharesNetwork: overlaps(profile.memberOf, sets.networks),
		connection: sets.connections.has(profile.userId),
		moderator: overlaps(profile.memberOf, sets.moderates),
		blocked: sets.blocks.has(profile.userId)
	};
}

/** Whether the viewer may see this profile: visibility.ts's rule. */
export function visibleIn(sets: ViewerSets, profile: IndexedProfile): boolean {
	return canSeeProfile(profile, relationOf(sets, profile));
}
