import { createHash, randomBytes } from 'node:crypto';
import type { Question, QuestionType, Quiz } from './model';

/**
 * One attempt's questions and the order of everything in them. It is a pure function of the
 * quiz and the attempt's seed, so an attempt looks the same after a reload or a restart; store
 * the seed with the attempt (and the Attempt itself, or the quiz version, so later edits of
 * the quiz do not reshuffle a running attempt).
 *
 * The attempt holds the authors' ids and stays on the server: the browser sees option
 * tokens (their positions, see view.ts), never the ids an author may have named suggestively.
 */
export type AttemptQuestion =
	| { id: string; type: 'single_choice' | 'multiple_response'; /** choice ids, as shown */ options: string[] }
	| { id: string; type: 'true_false' | 'short_answer' | 'numeric' }
	| { id: string; type: 'matching'; /** pair ids, as shown */ left: string[]; /** pair and distractor ids, as shown */ right: string[] }
	| { id: string; type: 'ordering'; /** item ids, in the order shown at the start */ items: string[] };

export interface Attempt {
	questions: AttemptQuestion[];
}

/**
 * A new attempt's seed: random, because whoever knows the seed can rebuild the shuffles and
 * with them the solution of matching and ordering questions. It never goes to the browser.
 */
export function newAttemptSeed(): string {
	return randomBytes(16).toString('base64url');
}

/** xoshiro128** seeded from sha256(stream, seed): a separate stream per use, so adding a question does not reshuffle the others. */
export function seededRandom(seed: string, stream: string): () => number {
	const h = createHash('sha256').update(stream).update('\u0000').update(seed).digest();
	let a = h.readUInt32LE(0);
	let b = h.readUInt32LE(4);
	let c = h.readUInt32LE(8);
	let d = h.readUInt32LE(12);
	if ((a | b | c | d) === 0) a = 1;
	const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));
	return () => {
		const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
		const t = b << 9;
		c ^= a;
		d ^= b;
		b ^= c;
		a ^= d;
		c ^= t;
		d = rotl(d, 11);
		return result / 4294967296;
	};
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return out;
}

const sameOrder = (a: readonly string[], b: readonly string[]) => b.every((x, i) => a[i] === x);

/**
 * A shuffle that does not start as `avoid` (when it has two items or more): an ordering
 * question must not start solved, nor a matching question with its columns lined up.
 */
function shuffleAvoiding(items: readonly string[], avoid: readonly string[], random: () => number): string[] {
	if (avoid.length < 2) return shuffle(items, random);
	for (let i = 0; i < 8; i++) {
		const out = shuffle(items, random);
		if (!sameOrder(out, avoid)) return out;
	}
	// Eight misses in a row only happen with two items (1 in 256): move the first to the end.
	const out = shuffle(items, random);
	return sameOrder(out, avoid) ? [...out.slice(1), out[0]!] : out;
}

/** The questions of an attempt: all, or those drawn (see QuizSettings.draw); in the quiz's order unless shuffled. */
function drawQuestions(quiz: Quiz, seed: string): Question[] {
	const { draw, shuffleQuestions } = quiz.settings;
	const all = quiz.questions;
	let chosen: Set<Question>;
	if (draw === null) chosen = new Set(all);
	else if (typeof draw === 'number') chosen = new Set(shuffle(all, seededRandom(seed, 'draw')).slice(0, draw));
	else {
		chosen = new Set(all.filter((q) => q.pool === null || !Object.hasOwn(draw, q.pool)));
		for (const pool of Object.keys(draw).sort()) {
			const members = all.filter((q) => q.pool === pool);
			for (const q of shuffle(members, seededRandom(seed, `draw:${pool}`)).slice(0, draw[pool])) chosen.add(q);
		}
	}
	const inQuizOrder = all.filter((q) => chosen.has(q));
	return shuffleQuestions ? shuffle(inQuizOrder, seededRandom(seed, 'order')) : inQuizOrder;
}

export function buildAttempt(quiz: Quiz, seed: string): Attempt {
	const shuffleOptions = quiz.settings.shuffleOptions;
	const questions = drawQuestions(quiz, seed).map((q): AttemptQuestion => {
		const random = seededRandom(seed, `question:${q.id}`);
		switch (q.type) {
			case 'single_choice':
			case 'multiple_response': {
				const ids = q.choices.map((c) => c.id);
				return { id: q.id, type: q.type, options: shuffleOptions ? shuffle(ids, random) : ids };
			}
			case 'matching': {
				const pairs = q.pairs.map((p) => p.id);
				const left = shuffleOptions ? shuffle(pairs, random) : pairs;
				const right = shuffleAvoiding([...pairs, ...q.distractors.map((d) => d.id)], left, random);
				return { id: q.id, type: q.type, left, right };
			}
			case 'ordering': {
				const ids = q.items.map((it) => it.id);
				return { id: q.id, type: q.type, items: shuffleAvoiding(ids, ids, random) };
			}
			default:
				return { id: q.id, type: q.type satisfies QuestionType };
		}
	});
	return { questions };
}
