import { sql } from 'kysely';
import type { Database } from './connect';

/** Whether the database answers a trivial query within `timeoutMs`. */
export async function isDatabaseHealthy(db: Database, timeoutMs = 2000): Promise<boolean> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	try {
		await Promise.race([
			sql`select 1`.execute(db),
			new Promise((_, reject) => {
				timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
			})
		]);
		return true;
	} catch {
		return false;
	} finally {
		clearTimeout(timer);
	}
}
