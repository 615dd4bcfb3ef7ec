import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/lib/server/db/connect';
import {
	ASK_AGAIN_DAYS,
	CONNECTION_REQUESTS,
	acceptConnection,
	declineConnection,
	findConnectionState,
	listConnections,
	removeConnection,
	requestConnection,
	withdrawConnection,
	type RequestInput
} from '../../../src/lib/server/directory/connections';
import { blockPerson, unblockPerson } from '../../../src/lib/server/directory/blocks';
import { ensureProfile } from '../../../src/lib/server/directory/profile-core';
import { canSeeField, relationTo } from '../../../src/lib/server/directory/visibility';
import { ConflictError, NotFoundError, RateLimitError, ValidationError } from '../../../src/lib/server/errors';
import { testDatabase } from '../test-db';
import { makePeople, mailsTo } from '../cohorts/enrolment-fixtures';

/**
 * Consent-based connections: a request with a message, answered only by its addressee;
 * withdraw, remove, block; refused with a clear message to oneself, across a block (the same
 * neutral answer as for nobody), to a profile the sender may not see, twice, again within 30
 * days of a decline, and past the day's limit; mail in the recipient's language without
 * contact details or the message.
 */

const db = await testDatabase();
const ORIGIN = 'https://bilim.example.org';
let networkId = '';


type Person = Awaited<ReturnType<typeof makePeople>>[number];

/** People with profiles, all members of one network (so they see each other's profiles). */
type Crowd = Person[] & Record<0 | 1 | 2 | 3 | 4, Person>;
async function members(count: number, locale: 'en' | 'ru' = 'en'): Promise<Crowd> {
	const people = await makePeople(db, count, { locale });
	for (const p of people) {
		await ensureProfile(db, p.id);
		await db.insertInto('networkMember').values({ networkId, userId: p.id, status: 'member', source: 'admin', joinedAt: new Date() }).execute();
	}
	return people as Crowd;
}
const member = async (locale: 'en' | 'ru' = 'en') => (await members(1, locale))[0]!;

const ask = (fromId: string, toId: string, extra: Partial<RequestInput> = {}) =>
	db.transaction().execute((trx) => requestConnection(trx, { fromId, toId, message: 'Hello from Khujand', origin: ORIGIN, ...extra }));
const accept = (userId: string, connectionId: string) => db.transaction().execute((trx) => acceptConnection(trx, { userId, connectionId, origin: ORIGIN }));
const decline = (userId: string, connectionId: string, now?: Date) => db.transaction().execute((trx) => declineConnection(trx, { userId, connectionId, now }));
const block = (a: string, b: string) => db.transaction().execute((trx) => blockPerson(trx, a, b));

async function failure(promise: Promise<unknown>) {
	try {
		await promise;
	} catch (e) {
		return e as Error & { params?: Record<string, unknown>; field?: string };
	}
	throw new Error('expected a refusal');
}

async function rowsBetween(database: Database, a: string, b: string) {
	return database
		.selectFrom('connection')
		.selectAll()
		.where((w) => w.or([w.and([w('requesterId', '=', a), w('addresseeId', '=', b)]), w.and([w('requesterId', '=', b), w('addresseeId', '=', a)])]))
		.execute();
}

beforeAll(async () => {
	networkId = (await db.insertInto('network').values({ slug: 'calp-alumni', name: 'CALP alumni network' }).returning('id').executeTakeFirstOrThrow()).id;
});

describe('asking to connect', () => {
	it('sends a request with its message, and mails the addressee in their language without the message or contacts', async () => {
		const [aziza, timur] = [await member('en'), await member('ru')];
		await db.updateTable('directoryProfile').set({ displayName: 'Aziza Karimova', telegram: '@aziza_k', telegramVisibility: 'connections' }).where('userId', '=', aziza.id).execute();

		const result = await ask(aziza.id, timur.id, { message: 'I work on water governance. My number is +998 90 000 00 00' });
		expect(result.status).toBe('pending');
		const [row] = await rowsBetween(db, aziza.id, timur.id);
		expect(row).toMatchObject({ requesterId: aziza.id, addresseeId: timur.id, status: 'pending', message: 'I work on water governance. My number is +998 90 000 00 00' });

		const [mail, ...more] = await mailsTo(db, timur.email);
		expect(more).toEqual([]);
		expect(mail).toMatchObject({ kind: 'connection_request', locale: 'ru' });
		expect(mail!.subject).toBe('Aziza Karimova предлагает вам связь в Билим');
		expect(mail!.bodyText).toContain(`${ORIGIN}/directory/connections`);
		expect(mail!.bodyText).not.toContain('@aziza_k');
		expect(mail!.bodyText).not.toContain('+998');
		expect(mail!.bodyText).not.toContain(aziza.email);
	});

	it('refuses a request to oneself', async () => {
		const me = await member();
		const e = await failure(ask(me.id, me.id));
		expect(e).toBeInstanceOf(ConflictError);
		expect(e.message).toBe('error_conn_self');
	});

	it('answers a block either way, a stranger, a hidden profile and nobody with the same neutral message', async () => {
		const [me, blockedByMe, blockingMe, hidden] = await members(4);
		const stranger = (await makePeople(db, 1))[0]!;
		await ensureProfile(db, stranger.id); // private, in no network of mine
		await db.updateTable('directoryProfile').set({ hiddenAt: new Date(), hiddenReason: 'spam' }).where('userId', '=', hidden.id).execute();
		await block(me.id, blockedByMe.id);
		await block(blockingMe.id, me.id);

		const refusals = await Promise.all(
			[blockedByMe.id, blockingMe.id, stranger.id, hidden.id, '00000000-0000-4000-8000-000000000000'].map((id) => failure(ask(me.id, id)))
		);
		for (const e of refusals) {
			expect(e).toBeInstanceOf(NotFoundError);
			expect(e.message).toBe('error_conn_not_found');
		}
		// ... and the blocked person cannot ask either.
		expect((await failure(ask(blockedByMe.id, me.id))).message).toBe('error_conn_not_found');
		expect(await db.selectFrom('connection').select('id').where((w) => w.or([w('requesterId', '=', me.id), w('addresseeId', '=', me.id)])).execute()).toEqual([]);
	});

	it('reaches someone outside my networks whose profile is public', async () => {
		const me = await member();
		const outsider = (await makePeople(db, 1))[0]!;
		await ensureProfile(db, outsider.id);
		await db.updateTable('directoryProfile').set({ visibility: 'public' }).where('userId', '=', outsider.id).execute();
		expect((await ask(me.id, outsider.id)).status).toBe('pending');
	});

	it('refuses a message over 500 characters, and a second request while the first waits', async () => {
		const [a, b] = await members(2);
		const long = await failure(ask(a.id, b.id, { message: 'x'.repeat(501) }));
		expect(long).toBeInstanceOf(ValidationError);
		expect(long.field).toBe('message');
		await ask(a.id, b.id);
		expect((await failure(ask(a.id, b.id))).message).toBe('error_conn_already_requested');
	});

	it('accepts when the other person had already asked (both said yes)', async () => {
		const [a, b] = await members(2);
		const first = await ask(a.id, b.id);
		const second = await ask(b.id, a.id);
		expect(second).toEqual({ id: first.id, status: 'accepted' });
		expect((await failure(ask(a.id, b.id))).message).toBe('error_conn_already_connected');
	});
});

describe('answering', () => {
	it('lets only the addressee accept; then each sees the contacts kept for connections, and the requester gets mail', async () => {
		const [amina, bakyt, other] = await members(3);
		await db.updateTable('directoryProfile').set({ telegram: '@amina', telegramVisibility: 'connections' }).where('userId', '=', amina.id).execute();
		const profile = await db.selectFrom('directoryProfile').select(['visibility', 'hiddenAt', 'ownerActive']).where('userId', '=', amina.id).executeTakeFirstOrThrow();
		const { id } = await ask(bakyt.id, amina.id);

		expect(canSeeField(profile, 'connections', await relationTo(db, bakyt.id, amina.id))).toBe(false);
		for (const wrong of [bakyt.id, other.id]) {
			expect((await failure(accept(wrong, id))).message).toBe('error_conn_request_not_found');
		}
		await accept(amina.id, id);
		expect(canSeeField(profile, 'connections', await relationTo(db, bakyt.id, amina.id))).toBe(true);

		const mail = (await mailsTo(db, bakyt.email)).find((m) => m.kind === 'connection_accepted');
		expect(mail?.bodyText).toContain(`${ORIGIN}/directory/people/${amina.id}`);
		expect(mail?.bodyText).not.toContain('@amina');
		expect((await failure(accept(amina.id, id))).message).toBe('error_conn_request_not_found');
	});

	it('after a decline the requester may ask again only after 30 days; the addressee may ask at once', async () => {
		const [a, b, c, d] = await members(4);
		const t0 = new Date();
		const { id } = await ask(a.id, b.id, { now: t0 });
		await decline(b.id, id, t0);
		expect(await mailsTo(db, a.email)).toEqual([]);

		const soon = await failure(ask(a.id, b.id, { now: new Date(t0.getTime() + 86_400_000) }));
		expect(soon).toBeInstanceOf(ConflictError);
		expect(soon.message).toBe('error_conn_declined_recently');
		const again = new Date(t0.getTime() + ASK_AGAIN_DAYS * 86_400_000);
		expect(soon.params).toEqual({ date: again.toISOString().slice(0, 10) });
		expect((await ask(a.id, b.id, { now: new Date(again.getTime() + 1000) })).status).toBe('pending');

		const second = await ask(c.id, d.id, { now: t0 });
		await decline(d.id, second.id, t0);
		expect((await ask(d.id, c.id, { now: t0 })).status).toBe('pending');
	});

	it('lets the requester withdraw while it waits, and either person remove an accepted connection', async () => {
		const [a, b] = await members(2);
		const first = await ask(a.id, b.id);
		expect((await failure(db.transaction().execute((trx) => withdrawConnection(trx, { userId: b.id, connectionId: first.id })))).message).toBe(
			'error_conn_request_not_found'
		);
		await db.transaction().execute((trx) => withdrawConnection(trx, { userId: a.id, connectionId: first.id }));
		expect(await rowsBetween(db, a.id, b.id)).toEqual([]);

		const second = await ask(a.id, b.id);
		expect((await failure(removeConnection(db, { userId: a.id, connectionId: second.id }))).message).toBe('error_conn_request_not_found');
		await accept(b.id, second.id);
		await removeConnection(db, { userId: a.id, connectionId: second.id });
		expect(await rowsBetween(db, a.id, b.id)).toEqual([]);
		expect((await relationTo(db, a.id, b.id)).connection).toBe(false);
	});
});

describe('blocking', () => {
	it('removes the connection and any request, hides each from the other, and can be lifted', async () => {
		const [a, b, c] = await members(3);
		const { id } = await ask(a.id, b.id);
		await accept(b.id, id);
		await ask(c.id, a.id);

		await block(a.id, b.id);
		await block(a.id, c.id);
		await block(a.id, c.id); // twice is harmless
		expect(await rowsBetween(db, a.id, b.id)).toEqual([]);
		expect(await rowsBetween(db, a.id, c.id)).toEqual([]);
		expect((await relationTo(db, b.id, a.id)).blocked).toBe(true);
		expect(await findConnectionState(db, b.id, a.id)).toEqual({ state: 'blocked', connectionId: null });
		expect((await listConnections(db, a.id)).blocked.map((x) => x.userId).sort()).toEqual([b.id, c.id].sort());

		await unblockPerson(db, a.id, b.id);
		expect((await relationTo(db, b.id, a.id)).blocked).toBe(false);
		expect((await ask(b.id, a.id)).status).toBe('pending');
	});

	it('refuses to block oneself or nobody', async () => {
		const me = await member();
		expect((await failure(block(me.id, me.id))).message).toBe('error_conn_block_self');
		expect((await failure(block(me.id, '00000000-0000-4000-8000-000000000000'))).message).toBe('error_conn_not_found');
	});
});

describe('the day limit', () => {
	it(`allows ${CONNECTION_REQUESTS.limit} requests a day, then says when more may be sent; refused requests do not count`, async () => {
		const [sender, ...others] = await members(CONNECTION_REQUESTS.limit + 2);
		// A refused request (to oneself) counts for nothing.
		await failure(ask(sender.id, sender.id));
		for (const to of others.slice(0, CONNECTION_REQUESTS.limit)) await ask(sender.id, to.id);
		const e = await failure(ask(sender.id, others.at(-1)!.id));
		expect(e).toBeInstanceOf(RateLimitError);
		const retryAt = (e as RateLimitError).retryAt.getTime();
		expect(retryAt).toBeGreaterThan(Date.now() + 23 * 3_600_000);
		expect(retryAt).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000 + 60_000);
		expect(await mailsTo(db, others.at(-1)!.email)).toEqual([]);
		expect(await rowsBetween(db, sender.id, others.at(-1)!.id)).toEqual([]);
	});
});

describe('the Connections page lists and the profile button state', () => {
	it('shows incoming with the message, sent, connections, and hides a declined request from both', async () => {
		const [me, asker, asked, friend, declined] = await members(5);
		const incoming = await ask(asker.id, me.id, { message: 'Shall we connect?' });
		const sent = await ask(me.id, asked.id);
		const f = await ask(friend.id, me.id);
		await accept(me.id, f.id);
		const d = await ask(me.id, declined.id);
		await decline(declined.id, d.id);

		const lists = await listConnections(db, me.id);
		expect(lists.incoming).toMatchObject([{ id: incoming.id, userId: asker.id, message: 'Shall we connect?', profileVisible: true }]);
		expect(lists.sent.map((r) => r.userId)).toEqual([asked.id]);
		expect(lists.connections.map((r) => r.userId)).toEqual([friend.id]);
		expect((await listConnections(db, declined.id)).incoming).toEqual([]);

		expect(await findConnectionState(db, me.id, me.id)).toEqual({ state: 'self', connectionId: null });
		expect(await findConnectionState(db, me.id, asker.id)).toEqual({ state: 'pending_received', connectionId: incoming.id });
		expect(await findConnectionState(db, me.id, asked.id)).toEqual({ state: 'pending_sent', connectionId: sent.id });
		expect(await findConnectionState(db, me.id, friend.id)).toEqual({ state: 'connected', connectionId: f.id });
		expect(await findConnectionState(db, me.id, declined.id)).toEqual({ state: 'none', connectionId: null });
	});
});

describe('a request from someone whose profile the addressee may not see', () => {
	it('shows their name and message, but not their headline or organisation, and no link', async () => {
		const outsider = (await makePeople(db, 1))[0]!;
		await ensureProfile(db, outsider.id);
		await db.updateTable('directoryProfile').set({ visibility: 'public' }).where('userId', '=', outsider.id).execute();
		// The asker's profile is private ('networks'), and the outsider shares no network with them.
		const asker = await member();
		await db.updateTable('directoryProfile').set({ headline: 'Private headline', organisation: 'Private org' }).where('userId', '=', asker.id).execute();
		await ask(asker.id, outsider.id, { message: 'Hello' });
		const [row, ...more] = (await listConnections(db, outsider.id)).incoming;
		expect(more).toEqual([]);
		expect(row).toMatchObject({ userId: asker.id, message: 'Hello', profileVisible: false, headline: '', organisation: '' });
	});
});
