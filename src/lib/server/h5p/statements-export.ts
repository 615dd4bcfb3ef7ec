import type { Database } from '../db/connect';

/**
 * A cohort's xAPI statements as one JSON array (docs/assessment.md, "H5P activities"), for
 * facilitators to load into a learning record store or a spreadsheet: every statement the
 * cohort's learners' H5P activities reported and we accepted, oldest first, each as it was
 * received plus what a record store adds: `stored` (when we accepted it) and `timestamp`
 * (when it happened: the statement's own, else `stored`). Actors are as the content
 * reported them: the learner's display name and a pseudonymous mailbox
 * (`mailto:<user id>@users.bilim.invalid`), never a real email address.
 *
 * Read in pages (keyset on stored_at, id) so a large cohort streams in constant memory.
 */

export const EXPORT_PAGE_SIZE = 1000;

/** One exported statement: the stored JSON with `stored` and `timestamp`. */
export function exportedStatement(row: { statement: unknown; storedAt: Date }): Record<string, unknown> {
	const statement = (typeof row.statement === 'string' ? JSON.parse(row.statement) : row.statement) as Record<string, unknown>;
	const stored = row.storedAt.toISOString();
	return { ...statement, timestamp: typeof statement.timestamp === 'string' ? statement.timestamp : stored, stored };
}

/** The statements of a cohort, page by page, oldest first. */
export async function* cohortStatements(db: Database, cohortId: string, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<Record<string, unknown>[]> {
	let after: { storedAt: Date; id: string } | null = null;
	for (;;) {
		let query = db
			.selectFrom('xapiStatement')
			.select(['id', 'statement', 'storedAt'])
			.where('cohortId', '=', cohortId)
			.orderBy('storedAt')
			.orderBy('id')
			.limit(pageSize);
		if (after) {
			const { storedAt, id } = after;
			query = query.where((eb) => eb.or([eb('storedAt', '>', storedAt), eb.and([eb('storedAt', '=', storedAt), eb('id', '>', id)])]));
		}
		const rows = await query.execute();
		if (rows.length === 0) return;
		yield rows.map(exportedStatement);
		if (rows.length < pageSize) return;
		const last = rows[rows.length - 1]!;
		after = { storedAt: last.storedAt, id: last.id };
	}
}

/** The JSON array as a stream of UTF-8 text. */
export function cohortStatementsStream(db: Database, cohortId: string, pageSize = EXPORT_PAGE_SIZE): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	const pages = cohortStatements(db, cohortId, pageSize);
	let first = true;
	let started = false;
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			if (!started) {
				started = true;
				controller.enqueue(encoder.encode('['));
			}
			const next = await pages.next();
			if (next.done) {
				controller.enqueue(encoder.encode(']\n'));
				controller.close();
				return;
			}
			const text = next.value.map((s) => JSON.stringify(s)).join(',\n');
			controller.enqueue(encoder.encode((first ? '\n' : ',\n') + text));
			first = false;
		},
		async cancel() {
			await pages.return(undefined);
		}
	});
}

/** The whole array (tests, small cohorts). */
export async function cohortStatementsJson(db: Database, cohortId: string): Promise<Record<string, unknown>[]> {
	const all: Record<string, unknown>[] = [];
	for await (const page of cohortStatements(db, cohortId)) all.push(...page);
	return all;
}
