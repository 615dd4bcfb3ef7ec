import type { Transaction } from 'kysely';
import type { Database } from '../db/connect';
import type { DB } from '../db/schema';
import { ConflictError, NotFoundError } from '../errors';

/**
 * A block works both ways (visibility.ts): neither sees the other's profile, in search or by
 * address, and neither can ask the other to connect. Blocking removes any connection and any
 * request between the two, in the same transaction. The blocked person is not told.
 */
export async function blockPerson(trx: Transaction<DB>, blockerId: string, blockedId: string) {
	if (blockerId === blockedId) throw new ConflictError('error_conn_block_self');
	const exists = await trx.selectFrom('appUser').select('id').where('id', '=', blockedId).executeTakeFirst();
	if (!exists) throw new NotFoundError('error_conn_not_found');
	await trx
		.insertInto('userBlock')
		.values({ blockerId, blockedId })
		.onConflict((oc) => oc.columns(['blockerId', 'blockedId']).doNothing())
		.execute();
	await trx
		.deleteFrom('connection')
		.where((w) =>
			w.or([
				w.and([w('requesterId', '=', blockerId), w('addresseeId', '=', blockedId)]),
				w.and([w('requesterId', '=', blockedId), w('addresseeId', '=', blockerId)])
			])
		)
		.execute();
}

/** Lifts one's own block (not the other's, if they blocked too). Unknown blocks are ignored. */
export async function unblockPerson(db: Database, blockerId: string, blockedId: string) {
	await db.deleteFrom('userBlock').where('blockerId', '=', blockerId).where('blockedId', '=', blockedId).execute();
}

export async function isBlockedEitherWay(db: Database, a: string, b: string): Promise<boolean> {
	const row = await db
		.selectFrom('userBlock')
		.select('blockerId')
		.where((w) =>
			w.or([w.and([w('blockerId', '=', a), w('blockedId', '=', b)]), w.and([w('blockerId', '=', b), w('blockedId', '=', a)])])
		)
		.executeTakeFirst();
	return Boolean(row);
}
