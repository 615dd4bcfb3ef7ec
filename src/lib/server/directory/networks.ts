import { sql } from 'kysely';
import type { NetworkInput, NetworkLinkInput } from '../../schemas/networks';
import type { Database } from '../db/connect';
import type { NetworkMemberStatus, Role } from '../db/schema';
import { ForbiddenError, NotFoundError, ValidationError, isUniqueViolation } from '../errors';
import { profileVisibleTo } from './visibility';

/**
 * Alumni networks (docs/directory.md): administrators create them, name their moderators and
 * link them to courses and cohorts (whose completion makes a learner a member: see
 * network-membership.ts). Moderators and administrators manage a network; nobody else.
 */

/** Who acts: enough of the session's user to decide. */
export interface NetworkActor {
	id: string;
	role: Role;
}

// ---- Who manages -------------------------------------------------------------------------

export async function isNetworkModerator(db: Database, actor: NetworkActor | null | undefined, networkId: string) {
	if (!actor) return false;
	if (actor.role === 'admin') return true;
	const row = await db
		.selectFrom('networkModerator')
		.select('userId')
		.where('networkId', '=', networkId)
		.where('userId', '=', actor.id)
		.executeTakeFirst();
	return Boolean(row);
}

/** Throws ForbiddenError unless the actor moderates the network or is an administrator. */
export async function assertManagesNetwork(db: Database, actor: NetworkActor | null | undefined, networkId: string) {
	if (!(await isNetworkModerator(db, actor, networkId))) throw new ForbiddenError('error_net_not_moderator');
}

// ---- Networks ------------------------------------------------------------------------------

export async function getNetwork(db: Database, id: string) {
	const network = await db
		.selectFrom('network')
		.select(['id', 'slug', 'name', 'description', 'createdAt', 'updatedAt'])
		.where('id', '=', id)
		.executeTakeFirst();
	if (!network) throw new NotFoundError('error_net_not_found');
	return network;
}

export async function getNetworkBySlug(db: Database, slug: string) {
	const network = await db
		.selectFrom('network')
		.select(['id', 'slug', 'name', 'description', 'createdAt', 'updatedAt'])
		.where('slug', '=', slug)
		.executeTakeFirst();
	if (!network) throw new NotFoundError('error_net_not_found');
	return network;
}

const countMembers = (status: NetworkMemberStatus) =>
	sql<number>`(select count(*)::int from network_member nm where nm.network_id = network.id and nm.status = ${status})`;

/** Every network, for administrators, with its counts. */
export function listNetworks(db: Database) {
	return db
		.selectFrom('network')
		.select([
			'id',
			'slug',
			'name',
			countMembers('member').as('memberCount'),
			countMembers('requested').as('requestCount'),
			sql<number>`(select count(*)::int from network_moderator mo where mo.network_id = network.id)`.as('moderatorCount')
		])
		.orderBy(sql`lower(name)`)
		.execute();
}

function slugTaken(e: unknown): never {
	if (isUniqueViolation(e)) throw new ValidationError('slug', 'error_net_slug_taken');
	throw e;
}

export async function createNetwork(db: Database, actorId: string, input: NetworkInput) {
	try {
		return await db
			.insertInto('network')
			.values({ ...input, createdBy: actorId })
			.returning(['id', 'slug'])
			.executeTakeFirstOrThrow();
	} catch (e) {
		return slugTaken(e);
	}
}

export async function updateNetwork(db: Database, id: string, input: NetworkInput) {
	let updated;
	try {
		updated = await db.updateTable('network').set({ ...input, updatedAt: sql`now()` }).where('id', '=', id).executeTakeFirst();
	} catch (e) {
		slugTaken(e);
	}
	if (!updated?.numUpdatedRows) throw new NotFoundError('error_net_not_found');
}

/** Memberships, moderators and links go with it; profiles stay. */
export async function deleteNetwork(db: Database, id: string) {
	const result = await db.deleteFrom('network').where('id', '=', id).executeTakeFirst();
	if (!result.numDeletedRows) throw new NotFoundError('error_net_not_found');
}

// ---- Moderators ----------------------------------------------------------------------------

export function listModerators(db: Database, networkId: string) {
	return db
		.selectFrom('networkModerator as mo')
		.innerJoin('appUser as u', 'u.id', 'mo.userId')
		.select(['u.id', 'u.name', 'u.email'])
		.where('mo.networkId', '=', networkId)
		.orderBy('u.name')
		.execute();
}

/** Any active account can moderate (a learner too: alumni often run their own network). */
export async function addModerator(db: Database, networkId: string, email: string) {
	const address = email.trim().toLowerCase();
	const user = await db.selectFrom('appUser').select(['id', 'name', 'deactivatedAt']).where('email', '=', address).executeTakeFirst();
	if (!user) throw new ValidationError('email', 'error_net_no_account', { email: address });
	if (user.deactivatedAt) throw new ValidationError('email', 'error_net_account_deactivated', { name: user.name });
	const added = await db
		.insertInto('networkModerator')
		.values({ networkId, userId: user.id })
		.onConflict((oc) => oc.columns(['networkId', 'userId']).doNothing())
		.returning('userId')
		.executeTakeFirst();
	if (!added) throw new ValidationError('email', 'error_net_moderator_already', { name: user.name });
	return { id: user.id, name: user.name };
}

export async function removeModerator(db: Database, networkId: string, userId: string) {
	const result = await db.deleteFrom('networkModerator').where('networkId', '=', networkId).where('userId', '=', userId).executeTakeFirst();
	if (!result.numDeletedRows) throw new NotFoundError('error_net_moderator_not_found');
}

// ---- Links to courses and cohorts ----------------------------------------------------------

export function listLinks(db: Database, networkId: string) {
	return db
		.selectFrom('networkLink as l')
		.leftJoin('course as c', 'c.id', 'l.courseId')
		.leftJoin('cohort as h', 'h.id', 'l.cohortId')
		.leftJoin('course as hc', 'hc.id', 'h.courseId')
		.select(['l.id', 'l.courseId', 'l.cohortId', 'c.title as courseTitle', 'c.slug as courseSlug', 'h.name as cohortName', 'h.slug as cohortSlug', 'hc.title as cohortCourseTitle'])
		.where('l.networkId', '=', networkId)
		.orderBy(sql`coalesce(c.title, hc.title)`)
		.orderBy('h.name')
		.execute();
}

/** What an administrator can link: every course and every cohort (with its course). */
export async function listLinkTargets(db: Database) {
	const [courses, cohorts] = await Promise.all([
		db.selectFrom('course').select(['id', 'title']).orderBy('title').execute(),
		db
			.selectFrom('cohort as h')
			.innerJoin('course as c', 'c.id', 'h.courseId')
			.select(['h.id', 'h.name', 'c.title as courseTitle'])
			.orderBy('c.title')
			.orderBy('h.startsOn', 'desc')
			.execute()
	]);
	return { courses, cohorts };
}

export async function addLink(db: Database, networkId: string, input: NetworkLinkInput) {
	const exists = input.courseId
		? await db.selectFrom('course').select('id').where('id', '=', input.courseId).executeTakeFirst()
		: await db.selectFrom('cohort').select('id').where('id', '=', input.cohortId!).executeTakeFirst();
	if (!exists) throw new ValidationError('target', 'error_net_link_target_unknown');
	const added = await db
		.insertInto('networkLink')
		.values({ networkId, courseId: input.courseId, cohortId: input.cohortId })
		.onConflict((oc) => oc.columns(['networkId', 'courseId', 'cohortId']).doNothing())
		.returning('id')
		.executeTakeFirst();
	if (!added) throw new ValidationError('target', 'error_net_link_exists');
	return added;
}

export async function removeLink(db: Database, networkId: string, linkId: string) {
	const result = await db.deleteFrom('networkLink').where('networkId', '=', networkId).where('id', '=', linkId).executeTakeFirst();
	if (!result.numDeletedRows) throw new NotFoundError('error_net_link_not_found');
}

// ---- What a person sees ----------------------------------------------------------------------

/** Every network, with the person's own standing in each (names and descriptions are public). */
export function listNetworksFor(db: Database, userId: string) {
	return db
		.selectFrom('network')
		.leftJoin('networkMember as me', (j) => j.onRef('me.networkId', '=', 'network.id').on('me.userId', '=', userId))
		.select([
			'network.id',
			'network.slug',
			'network.name',
			'network.description',
			'me.status',
			countMembers('member').as('memberCount'),
			sql<boolean>`exists (select 1 from network_moderator mo where mo.network_id = network.id and mo.user_id = ${userId}::uuid)`.as(
				'moderator'
			)
		])
		.orderBy(sql`lower(network.name)`)
		.execute();
}

export const MEMBERS_PAGE_SIZE = 50;

/**
 * A network's page for one person: the network, their standing, whether they manage it, and
 * (only for its members and managers: a network's members are not shown to others) the members
 * whose profiles they may see, through the one visibility rule.
 */
export async function getNetworkPage(db: Database, actor: NetworkActor, slug: string) {
	const network = await getNetworkBySlug(db, slug);
	const [membership, manages, counts] = await Promise.all([
		db
			.selectFrom('networkMember')
			.select(['status', 'source', 'message', 'joinedAt', 'invitedBy'])
			.where('networkId', '=', network.id)
			.where('userId', '=', actor.id)
			.executeTakeFirst(),
		isNetworkModerator(db, actor, network.id),
		db
			.selectFrom('networkMember')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('networkId', '=', network.id)
			.where('status', '=', 'member')
			.executeTakeFirstOrThrow()
	]);
	const seesMembers = manages || membership?.status === 'member';
	const members = seesMembers
		? await db
				.selectFrom('directoryProfile as p')
				.innerJoin('networkMember as nm', 'nm.userId', 'p.userId')
				.select(['p.userId', 'p.displayName', 'p.headline', 'p.country'])
				.where('nm.networkId', '=', network.id)
				.where('nm.status', '=', 'member')
				.where(profileVisibleTo(actor.id))
				.orderBy('p.displayName')
				.limit(MEMBERS_PAGE_SIZE)
				.execute()
		: [];
	return { network, membership: membership ?? null, manages, memberCount: Number(counts.n), seesMembers, members };
}
