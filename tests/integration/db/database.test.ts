import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrationStatus } from '../../../src/lib/server/db/migrate';
import { testDatabase } from '../test-db';

const db = await testDatabase();

describe('the data layer', () => {
	it('loses no update when read-modify-write transactions run in parallel', async () => {
		await db.insertInto('rateLimit').values({ key: 'counter', hits: 0 }).execute();
		await Promise.all(
			Array.from({ length: 25 }, () =>
				db.transaction().execute(async (trx) => {
					const row = await trx
						.selectFrom('rateLimit')
						.select('hits')
						.where('key', '=', 'counter')
						.forUpdate()
						.executeTakeFirstOrThrow();
					await new Promise((resolve) => setTimeout(resolve, 2));
					const result = await trx
						.updateTable('rateLimit')
						.set({ hits: row.hits + 1 })
						.where('key', '=', 'counter')
						.executeTakeFirstOrThrow();
					expect(result.numUpdatedRows).toBe(1n);
				})
			)
		);
		const { hits } = await db
			.selectFrom('rateLimit')
			.select('hits')
			.where('key', '=', 'counter')
			.executeTakeFirstOrThrow();
		expect(hits).toBe(25);
	});

	it('rolls back a failed transaction whole', async () => {
		await expect(
			db.transaction().execute(async (trx) => {
				await trx.insertInto('rateLimit').values({ key: 'half', hits: 1 }).execute();
				throw new Error('boom');
			})
		).rejects.toThrow('boom');
		const row = await db.selectFrom('rateLimit').selectAll().where('key', '=', 'half').executeTakeFirst();
		expect(row).toBeUndefined();
	});

	it('reports unique violations as SQLSTATE 23505 on both databases', async () => {
		await db
			.insertInto('organisation')
			.values({ name: 'Eco Forum', type: 'cso', country: 'KZ' })
			.execute();
		const error = await db
			.insertInto('organisation')
			.values({ name: 'ECO forum', type: 'cso', country: 'KG' })
			.execute()
			.catch((e: unknown) => e);
		expect((error as { code?: string }).code).toBe('23505');
	});

	it('returns counts as numbers and timestamps as dates', async () => {
		const row = await db
			.selectFrom('organisation')
			.select((eb) => [eb.fn.countAll<number>().as('n'), sql<Date>`now()`.as('now')])
			.executeTakeFirstOrThrow();
		expect(typeof row.n).toBe('number');
		expect(row.now).toBeInstanceOf(Date);
	});

	it('has every migration applied', async () => {
		const status = await migrationStatus(db);
		expect(status.length).toBeGreaterThan(0);
		expect(status.every((m) => m.executedAt instanceof Date)).toBe(true);
	});
});
