import type { Database } from '../../../src/lib/server/db/connect';
import { addModerator, createNetwork } from '../../../src/lib/server/directory/networks';
import { requestMembership, approveRequest } from '../../../src/lib/server/directory/network-membership';

let n = 0;

/** A network with a moderator (an account made for it). */
export async function makeNetwork(db: Database, createdBy: string, moderatorEmail?: string) {
	const slug = `net-${Date.now().toString(36)}-${n++}`;
	const network = await createNetwork(db, createdBy, { name: `Network ${slug}`, slug, description: '' });
	if (moderatorEmail) await addModerator(db, network.id, moderatorEmail);
	return network;
}

/** Makes someone a member the ordinary way: asks, and an administrator approves. */
export async function join(db: Database, admin: { id: string; role: 'admin' }, networkId: string, userId: string) {
	await db.transaction().execute(async (trx) => {
		await requestMembership(trx, userId, networkId, '');
		await approveRequest(trx, admin, networkId, userId, 'https://bilim.test');
	});
}
