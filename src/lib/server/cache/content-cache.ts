import type { Database } from '../db/connect';

/**
 * A cache of public course content (catalog results, course and lesson views) for one app
 * instance, that stays correct with any number of instances: every entry is stamped with
 * the content version it was computed at (content_version, moved on by database triggers
 * on every change to courses), and each read first fetches the current version with one
 * primary-key query. A change made through any instance makes every instance's entries
 * stale at once. Entries are shared between requests and must not be mutated.
 */
export interface ContentCache {
	/**
	 * The entry for `key`, computed when missing or stale. `version` is the current content
	 * version when the caller already read it (a signed-in request has, with its session);
	 * otherwise it is read here.
	 */
	get<T>(db: Database, key: string, compute: () => Promise<T>, version?: number): Promise<T>;
	readonly size: number;
}

export async function contentVersion(db: Database): Promise<number> {
	const row = await db.selectFrom('contentVersion').select('version').where('id', '=', 1).executeTakeFirst();
	return row?.version ?? 0;
}

/** An LRU of at most `maxEntries` entries (a Map keeps insertion order; a hit moves to the end). */
export function createContentCache(maxEntries = 1000): ContentCache {
	const entries = new Map<string, { version: number; value: Promise<unknown> }>();
	return {
		get size() {
			return entries.size;
		},
		async get<T>(db: Database, key: string, compute: () => Promise<T>, known?: number): Promise<T> {
			const version = known ?? (await contentVersion(db));
			const hit = entries.get(key);
			if (hit && hit.version === version) {
				entries.delete(key);
				entries.set(key, hit);
				return hit.value as Promise<T>;
			}
			// The promise is stored, so concurrent misses compute once; a failure is not kept.
			const value = compute();
			entries.set(key, { version, value });
			value.catch(() => {
				if (entries.get(key)?.value === value) entries.delete(key);
			});
			while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
			return value;
		}
	};
}
