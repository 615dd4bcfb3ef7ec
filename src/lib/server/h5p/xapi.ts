import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * Reading one xAPI statement that an H5P activity reported through the lesson page
 * (docs/assessment.md, "H5P activities"). Pure: everything is checked before anything is
 * stored, and a refusal carries a message key and the HTTP status the endpoint answers with.
 *
 * - at most 64 KB of JSON; an object with an actor, a verb (an IRI) and an object (an IRI);
 * - the actor must be the signed-in learner: `mbox` = `mailto:<userId>@users.bilim.invalid`;
 * - the object must be this lesson's activity IRI, or a part of it (`<iri>?subContentId=…`);
 * - a score, when it has a maximum above 0, must have 0 ≤ raw ≤ max (and raw ≥ min) and a
 *   scaled score in [0, 1] (computed as raw / max when absent); a maximum of 0 means "no score";
 * - the statement gets an id (a UUID) when it has none; `stored` and `authority` are the
 *   record store's to set and are dropped.
 */

export const MAX_STATEMENT_BYTES = 64 * 1024;

export type XapiRefusal = {
	ok: false;
	/** error_h5p_xapi_* message key */
	key: string;
	status: 400 | 403 | 413 | 422;
};

export interface XapiScore {
	raw: number;
	max: number;
	/** 0 to 1 */
	scaled: number;
	success: boolean | null;
}

export interface ParsedStatement {
	ok: true;
	/** The statement as it will be stored (with its id). */
	statement: Record<string, unknown> & { id: string };
	id: string;
	/** The last path segment of verb.id: 'answered', 'completed', 'interacted', … */
	verb: string;
	/** About the activity itself (no subContentId, no parent), not one of its parts. */
	topLevel: boolean;
	/** A usable score (max > 0), or null. */
	score: XapiScore | null;
}

const finite = z.number().refine(Number.isFinite);

const ScoreSchema = z.looseObject({
	raw: finite.optional(),
	min: finite.optional(),
	max: finite.optional(),
	scaled: finite.optional()
});

const StatementSchema = z.looseObject({
	id: z.uuid().optional(),
	actor: z.looseObject({ mbox: z.string().max(400).optional(), name: z.string().max(500).optional() }),
	verb: z.looseObject({ id: z.string().min(1).max(500) }),
	object: z.looseObject({ id: z.string().min(1).max(2000), objectType: z.string().optional() }),
	result: z
		.looseObject({
			score: ScoreSchema.optional(),
			success: z.boolean().optional(),
			completion: z.boolean().optional()
		})
		.optional(),
	context: z
		.looseObject({
			contextActivities: z.looseObject({ parent: z.array(z.looseObject({ id: z.string() })).optional() }).optional()
		})
		.optional(),
	timestamp: z.string().max(64).optional()
});

const VERB = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const SUB_CONTENT = /^[A-Za-z0-9-]{1,100}$/;

const refuse = (key: string, status: XapiRefusal['status']): XapiRefusal => ({ ok: false, key, status });

/** The bytes of a statement as JSON text (UTF-8). */
const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * `input`: the request body as text (checked for size before it is parsed) or an already
 * parsed value. A body `{ "statement": {…} }` is read as the statement it wraps.
 */
export function parseStatement(input: string | unknown, expected: { mail: string; objectIri: string }): ParsedStatement | XapiRefusal {
	let value: unknown = input;
	if (typeof input === 'string') {
		if (byteLength(input) > MAX_STATEMENT_BYTES) return refuse('error_h5p_xapi_too_large', 413);
		try {
			value = JSON.parse(input);
		} catch {
			return refuse('error_h5p_xapi_malformed', 400);
		}
	} else {
		let text: string | undefined;
		try {
			text = JSON.stringify(input);
		} catch {
			return refuse('error_h5p_xapi_malformed', 400);
		}
		if (text === undefined) return refuse('error_h5p_xapi_malformed', 400);
		if (byteLength(text) > MAX_STATEMENT_BYTES) return refuse('error_h5p_xapi_too_large', 413);
	}
	if (value && typeof value === 'object' && !Array.isArray(value) && 'statement' in value && !('actor' in value)) {
		value = (value as { statement: unknown }).statement;
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) return refuse('error_h5p_xapi_malformed', 400);

	const parsed = StatementSchema.safeParse(value);
	if (!parsed.success) return refuse('error_h5p_xapi_malformed', 400);
	const s = parsed.data;

	const verb = s.verb.id.replace(/[/#]+$/, '').split(/[/#]/).pop() ?? '';
	if (!VERB.test(verb) || !/^[a-z][a-z0-9+.-]*:/i.test(s.verb.id)) return refuse('error_h5p_xapi_malformed', 400);

	// The actor: this learner, by the pseudonymous mailbox the lesson page gave the player.
	const mbox = typeof s.actor.mbox === 'string' ? s.actor.mbox.toLowerCase() : null;
	if (mbox !== `mailto:${expected.mail}`.toLowerCase()) return refuse('error_h5p_xapi_actor', 403);

	// The object: this activity or one of its parts.
	let part = false;
	if (s.object.id !== expected.objectIri) {
		const prefix = `${expected.objectIri}?subContentId=`;
		if (!s.object.id.startsWith(prefix) || !SUB_CONTENT.test(s.object.id.slice(prefix.length))) {
			return refuse('error_h5p_xapi_object', 403);
		}
		part = true;
	}
	if (s.object.objectType !== undefined && s.object.objectType !== 'Activity') return refuse('error_h5p_xapi_object', 403);
	const parents = s.context?.contextActivities?.parent ?? [];
	const topLevel = !part && parents.length === 0;

	// The score.
	let score: XapiScore | null = null;
	const sc = s.result?.score;
	if (sc) {
		const { raw, min, max, scaled } = sc;
		if (max !== undefined && max < 0) return refuse('error_h5p_xapi_score', 422);
		if (raw !== undefined && (raw < 0 || (max !== undefined && raw > max) || (min !== undefined && raw < min))) {
			return refuse('error_h5p_xapi_score', 422);
		}
		if (min !== undefined && max !== undefined && min > max) return refuse('error_h5p_xapi_score', 422);
		if (scaled !== undefined && (scaled < 0 || scaled > 1)) return refuse('error_h5p_xapi_score', 422);
		if (raw !== undefined && max !== undefined && max > 0) {
			score = { raw, max, scaled: scaled ?? Math.round((raw / max) * 10000) / 10000, success: s.result?.success ?? null };
		}
	}

	const id = s.id ?? randomUUID();
	const statement: Record<string, unknown> & { id: string } = { ...(value as Record<string, unknown>), id };
	delete statement.stored;
	delete statement.authority;
	return { ok: true, statement, id, verb, topLevel, score };
}

/** Verbs whose top-level scored statement is a result of the activity. */
export const RESULT_VERBS: readonly string[] = ['answered', 'completed'];

export const isResult = (p: Pick<ParsedStatement, 'topLevel' | 'verb' | 'score'>) => p.topLevel && p.score !== null && RESULT_VERBS.includes(p.verb);
