import { sql } from 'kysely';
import type { Database } from '../db/connect';
import { RateLimitError } from '../errors';

/**
 * Fixed-window counters in the database, so every app instance sees the same count.
 * Each rule: at most `limit` hits per `windowSeconds` for a key.
 */
export interface Rule {
	name: string;
	limit: number;
	windowSeconds: number;
}

export const RULES = {
	signInAccount: { name: 'signin:account', limit: 5, windowSeconds: 15 * 60 },
	signInIp: { name: 'signin:ip', limit: 30, windowSeconds: 15 * 60 },
	resetAccount: { name: 'reset:account', limit: 3, windowSeconds: 60 * 60 },
	resetIp: { name: 'reset:ip', limit: 10, windowSeconds: 60 * 60 },
	signUpIp: { name: 'signup:ip', limit: 20, windowSeconds: 60 * 60 }
} satisfies Record<string, Rule>;

function keyOf(rule: Rule, subject: string) {
	return `${rule.name}:${subject.toLowerCase()}`;
}

/** Throws RateLimitError when the key has used up its window; counts nothing. */
export async function assertNotLimited(db: Database, rule: Rule, subject: string) {
	const row = await db
		.selectFrom('rateLimit')
		.select(['hits', 'windowStart'])
		.where('key', '=', keyOf(rule, subject))
		.where('windowStart', '>', sql<Date>`now() - make_interval(secs => ${rule.windowSeconds})`)
		.executeTakeFirst();
	if (row && row.hits >= rule.limit) {
		throw new RateLimitError(new Date(row.windowStart.getTime() + rule.windowSeconds * 1000));
	}
}

/** Counts one hit, atomically; returns whether it was within the limit and when the window ends. */
export async function hit(db: Database, rule: Rule, subject: string) {
	const expired = sql`rate_limit.window_start <= now() - make_interval(secs => ${rule.windowSeconds})`;
	const row = await db
		.insertInto('rateLimit')
		.values({ key: keyOf(rule, subject), hits: 1, windowStart: sql`now()` })
		.onConflict((oc) =>
			oc.column('key').doUpdateSet({
				hits: sql`case when ${expired} then 1 else rate_limit.hits + 1 end`,
				windowStart: sql`case when ${expired} then now() else rate_limit.window_start end`
			})
		)
		.returning(['hits', 'windowStart'])
		.executeTakeFirstOrThrow();
	return {
		allowed: row.hits <= rule.limit,
		retryAt: new Date(row.windowStart.getTime() + rule.windowSeconds * 1000)
	};
}

/** Counts one hit and throws RateLimitError when it goes over the limit. */
export async function consume(db: Database, rule: Rule, subject: string) {
	const result = await hit(db, rule, subject);
	if (!result.allowed) throw new RateLimitError(result.retryAt);
}

export async function clear(db: Database, rule: Rule, subject: string) {
	await db.deleteFrom('rateLimit').where('key', '=', keyOf(rule, subject)).execute();
}
