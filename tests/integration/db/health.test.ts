import { describe, expect, it } from 'vitest';
import { createDatabase } from '../../../src/lib/server/db/connect';
import { isDatabaseHealthy } from '../../../src/lib/server/db/health';
import { testDatabase } from '../test-db';

const db = await testDatabase();

describe('the health check', () => {
	it('is healthy when the database answers', async () => {
		expect(await isDatabaseHealthy(db)).toBe(true);
	});

	it('is unhealthy when the database is unreachable, within its timeout', async () => {
		// Port 1 on loopback: nothing listens there, the connection is refused at once.
		const down = createDatabase({ url: 'postgres://postgres@127.0.0.1:1/none', poolSize: 1 });
		try {
			expect(await isDatabaseHealthy(down, 1500)).toBe(false);
		} finally {
			await down.destroy();
		}
	});
});
