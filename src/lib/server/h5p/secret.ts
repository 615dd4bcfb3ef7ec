import { randomBytes } from 'node:crypto';
import type { Database } from '../db/connect';

/**
 * Secrets the app makes itself, at first use, and keeps in the database (app_secret), never in
 * the repository or the environment: every app instance reads the same value, and a fresh
 * install gets its own. The first instance to insert wins (`on conflict do nothing`), the others
 * read its value, so two instances starting together still agree.
 *
 * Values are kept in memory per database handle once read: they never change while the app runs.
 */

const cache = new WeakMap<object, Map<string, Promise<Buffer>>>();

/** 32 random bytes (base64url in the table) under `name`, made on first use. */
export function appSecret(db: Database, name: string): Promise<Buffer> {
	let secrets = cache.get(db);
	if (!secrets) cache.set(db, (secrets = new Map()));
	let secret = secrets.get(name);
	if (!secret) {
		secret = readOrCreate(db, name);
		secrets.set(name, secret);
		// A failure (database down) is not kept: the next request tries again.
		secret.catch(() => secrets.delete(name));
	}
	return secret;
}

async function readOrCreate(db: Database, name: string): Promise<Buffer> {
	const existing = await db.selectFrom('appSecret').select('value').where('name', '=', name).executeTakeFirst();
	if (existing) return Buffer.from(existing.value, 'base64url');
	await db
		.insertInto('appSecret')
		.values({ name, value: randomBytes(32).toString('base64url') })
		.onConflict((oc) => oc.column('name').doNothing())
		.execute();
	const row = await db.selectFrom('appSecret').select('value').where('name', '=', name).executeTakeFirstOrThrow();
	return Buffer.from(row.value, 'base64url');
}
