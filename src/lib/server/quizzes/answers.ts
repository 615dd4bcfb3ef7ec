import type { Attempt, AttemptQuestion } from './draw';
import type { Answers } from './model';
import { MAX_TEXT_ANSWER, TRUE_FALSE } from './view';

/**
 * The learner's answers from the attempt form (field names in view.ts), translated from the
 * tokens the browser saw to the authors' ids. Anything that does not fit the attempt is left
 * out and listed in `ignored`; nothing a browser sends makes this throw.
 */

export type IgnoredReason =
	/** the question is not in this attempt (not drawn, or no such question) */
	| 'not_in_attempt'
	/** an option, item or place that the question does not have (a tampered value) */
	| 'unknown_option'
	/** not the kind of value the question takes (a file, a list where one value goes, ...) */
	| 'malformed'
	/** several values where one is expected */
	| 'several_values'
	| 'too_long'
	| 'too_many_fields'
	/** the attempt has a question the quiz no longer has (it was edited); it is not graded */
	| 'question_removed';

export interface IgnoredAnswer {
	/** the form field, or `answers.<questionId>` for stored answers; cut to 100 characters */
	field: string;
	reason: IgnoredReason;
}

/** FormData, URLSearchParams, [name, value] pairs, or an object whose arrays are repeated fields. */
export type FormLike = FormData | URLSearchParams | Iterable<readonly [string, unknown]> | Record<string, unknown>;

/** More than a quiz form can have (500 questions, 20 selects each would be more, but no one writes that). */
export const MAX_FIELDS = 2_000;
export const MAX_IGNORED = 100;

/** Ignored answers, a bounded list: a hostile form cannot make the report huge. */
export class IgnoredList {
	readonly list: IgnoredAnswer[] = [];
	add(field: string, reason: IgnoredReason) {
		if (this.list.length < MAX_IGNORED) this.list.push({ field: field.slice(0, 100), reason });
	}
}

function entriesOf(form: unknown, ignored: IgnoredList): [string, unknown][] {
	const out: [string, unknown][] = [];
	const push = (name: unknown, value: unknown) => {
		if (out.length === MAX_FIELDS) {
			ignored.add('', 'too_many_fields');
			return false;
		}
		if (typeof name === 'string') out.push([name, value]);
		return true;
	};
	try {
		if (form === null || typeof form !== 'object') return out;
		if (Symbol.iterator in form) {
			for (const entry of form as Iterable<unknown>) {
				if (!Array.isArray(entry) || !push(entry[0], entry[1])) break;
			}
		} else {
			outer: for (const [name, value] of Object.entries(form)) {
				for (const v of Array.isArray(value) ? value : [value]) if (!push(name, v)) break outer;
			}
		}
	} catch {
		// a hostile iterator or getter: keep what was read
	}
	return out;
}

export function parseAnswers(attempt: Attempt, form: FormLike): { answers: Answers; ignored: IgnoredAnswer[] } {
	const ignored = new IgnoredList();
	const fields = new Map<string, unknown[]>();
	for (const [name, value] of entriesOf(form, ignored)) {
		if (!name.startsWith('q.')) continue; // the form's other fields
		const values = fields.get(name);
		if (values) values.push(value);
		else fields.set(name, [value]);
	}
	const byId = new Map(attempt.questions.map((aq) => [aq.id, aq]));
	const answers: Answers = {};
	for (const [name, raw] of fields) {
		const rest = name.slice(2);
		const dot = rest.indexOf('.');
		const id = dot < 0 ? rest : rest.slice(0, dot);
		const part = dot < 0 ? undefined : rest.slice(dot + 1);
		const aq = byId.get(id);
		if (!aq) {
			ignored.add(name, 'not_in_attempt');
			continue;
		}
		if (raw.some((v) => typeof v !== 'string')) {
			ignored.add(name, 'malformed');
			continue;
		}
		// "" is an empty placeholder option or an empty input: not answered
		const values = (raw as string[]).filter((v) => v !== '');
		if (values.length === 0) continue;
		readField(aq, part, values, name, answers, ignored);
	}
	return { answers, ignored: ignored.list };
}

/** The index of a token ("1" for the first) in a list of that length, or -1. */
const indexOf = (token: string, length: number) => {
	if (!/^[1-9][0-9]{0,3}$/.test(token)) return -1;
	const n = Number(token) - 1;
	return n < length ? n : -1;
};

function readField(aq: AttemptQuestion, part: string | undefined, values: string[], name: string, answers: Answers, ignored: IgnoredList) {
	const one = () => {
		if (new Set(values).size > 1) {
			ignored.add(name, 'several_values');
			return undefined;
		}
		return values[0];
	};
	const wholeQuestion = aq.type !== 'matching' && aq.type !== 'ordering';
	if (wholeQuestion !== (part === undefined)) {
		ignored.add(name, 'malformed');
		return;
	}
	switch (aq.type) {
		case 'single_choice': {
			const v = one();
			if (v === undefined) return;
			const id = aq.options[indexOf(v, aq.options.length)];
			if (id === undefined) ignored.add(name, 'unknown_option');
			else answers[aq.id] = id;
			return;
		}
		case 'multiple_response': {
			const chosen = new Set<string>();
			for (const v of values) {
				const id = aq.options[indexOf(v, aq.options.length)];
				if (id === undefined) ignored.add(name, 'unknown_option');
				else chosen.add(id);
			}
			if (chosen.size) answers[aq.id] = aq.options.filter((id) => chosen.has(id));
			return;
		}
		case 'true_false': {
			const v = one();
			if (v === undefined) return;
			if (v === TRUE_FALSE[0] || v === TRUE_FALSE[1]) answers[aq.id] = v === 'true';
			else ignored.add(name, 'unknown_option');
			return;
		}
		case 'short_answer':
		case 'numeric': {
			const v = one();
			if (v === undefined) return;
			if (v.length > MAX_TEXT_ANSWER) ignored.add(name, 'too_long');
			else if (v.trim()) answers[aq.id] = aq.type === 'numeric' ? v.trim() : v;
			return;
		}
		case 'matching':
		case 'ordering': {
			const v = one();
			if (v === undefined || part === undefined) return;
			const keys = aq.type === 'matching' ? aq.left : aq.items;
			const key = keys[indexOf(part, keys.length)];
			// matching: the chosen right item's id; ordering: the place, 1 for the first
			const place = indexOf(v, keys.length);
			const value = aq.type === 'matching' ? aq.right[indexOf(v, aq.right.length)] : place >= 0 ? place + 1 : undefined;
			if (key === undefined || value === undefined) {
				ignored.add(name, 'unknown_option');
				return;
			}
			const record = (answers[aq.id] ??= {}) as Record<string, string | number>;
			record[key] = value;
			return;
		}
	}
}
