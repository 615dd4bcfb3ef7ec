import { fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { NotFoundError, RateLimitError } from '$lib/server/errors';
import { ConnectionIdSchema, ConnectionRequestSchema, PersonIdSchema } from '$lib/schemas/connections';
import * as connections from '$lib/server/directory/connections';
import { blockPerson, unblockPerson } from '$lib/server/directory/blocks';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	const user = requireUser(locals, url);
	setHeaders({ 'cache-control': 'private, no-store' });
	return { ...(await connections.listConnections(db, user.id)), notice: url.searchParams.get('notice') };
};

/** A domain error as a form failure on this page (a missing request is a message, not a 404 page). */
function failed(e: unknown, action: string, values: Record<string, string> = {}) {
	if (e instanceof NotFoundError) return fail(404, { action, values, errors: { form: e.message } as Record<string, string>, params: e.params });
	if (e instanceof RateLimitError) {
		const hours = Math.max(1, Math.ceil((e.retryAt.getTime() - Date.now()) / 3_600_000));
		const params = { hours, limit: connections.CONNECTION_REQUESTS.limit };
		return fail(429, { action, values, errors: { form: 'error_conn_rate_limited' } as Record<string, string>, params });
	}
	const result = failFrom(e, values);
	return fail(result.status, { action, ...result.data });
}

/** Parses, runs and redirects with a notice; every action is its own transaction. */
async function run<T>(request: Request, schema: Parameters<typeof parseForm>[0], action: string, notice: string, call: (data: T) => Promise<unknown>) {
	const input = parseForm(schema, await request.formData());
	if (!input.ok) return fail(400, { action, values: input.values, errors: input.errors, params: {} as Record<string, string | number> });
	try {
		await call(input.data as T);
	} catch (e) {
		return failed(e, action);
	}
	redirect(303, `/directory/connections?notice=${notice}`);
}

export const actions = {
	request: async ({ locals, request, url }) => {
		const me = requireUser(locals, url);
		const form = await request.formData();
		const input = parseForm(ConnectionRequestSchema, form);
		if (!input.ok) return fail(400, { action: 'request', values: input.values, errors: input.errors, params: {} as Record<string, string | number> });
		let status: string;
		try {
			({ status } = await db
				.transaction()
				.execute((trx) => connections.requestConnection(trx, { fromId: me.id, toId: input.data.toId, message: input.data.message, origin: url.origin })));
		} catch (e) {
			return failed(e, 'request', { toId: input.data.toId, message: input.data.message });
		}
		redirect(303, `/directory/connections?notice=${status === 'accepted' ? 'accepted' : 'requested'}`);
	},
	accept: async ({ locals, request, url }) => {
		const me = requireUser(locals, url);
		return run<{ id: string }>(request, ConnectionIdSchema, 'accept', 'accepted', ({ id }) =>
			db.transaction().execute((trx) => connections.acceptConnection(trx, { userId: me.id, connectionId: id, origin: url.origin }))
		);
	},
	decline: async ({ locals, request, url }) => {
		const me = requireUser(locals, url);
		return run<{ id: string }>(request, ConnectionIdSchema, 'decline', 'declined', ({ id }) =>
			db.transaction().execute((trx) => connections.declineConnection(trx, { userId: me.id, connectionId: id }))
		);
	},
	withdraw: async ({ locals, request, url }) => {
		const me = requireUser(locals, url);
		return run<{ id: string }>(request, ConnectionIdSchema, 'withdraw', 'withdrawn', ({ id }) =>
			db.transaction().execute((trx) => connections.withdrawConnection(trx, { userId: me.id, connectionId: id }))
		);
	},
	remove: async ({ locals, request, url }) => {
		const me = requireUser(locals, url);
		return run<{ id: string }>(request, ConnectionIdSchema, 'remove', 'removed', ({ id }) => connections.removeConnection(db, { userId: me.id, connectionId: id }));
	},
	block: async ({ locals, request, url }) => {
		const me = requireUser(locals, url);
		return run<{ userId: string }>(request, PersonIdSchema, 'block', 'blocked', ({ userId }) =>
			db.transaction().execute((trx) => blockPerson(trx, me.id, userId))
		);
	},
	unblock: async ({ locals, request, url }) => {
		const me = requireUser(locals, url);
		return run<{ userId: string }>(request, PersonIdSchema, 'unblock', 'unblocked', ({ userId }) => unblockPerson(db, me.id, userId));
	}
} satisfies Actions;
