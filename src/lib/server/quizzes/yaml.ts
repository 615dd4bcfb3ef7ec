import { LineCounter, isMap, isNode, isScalar, isSeq, parseDocument, stringify } from 'yaml';
import type { Quiz } from './model';
import { parseQuizSource, quizToSource, type QuizParseResult } from './schema';

/** Larger than any sensible quiz (500 questions of a few paragraphs). */
export const MAX_QUIZ_YAML = 2_000_000;

/**
 * Reads a `*.quiz.yaml` file. Every problem is returned at once, with its path, the line where
 * it stands and what to fix; the quiz is returned only when there are none.
 */
export function parseQuizYaml(text: string): QuizParseResult {
	if (text.length > MAX_QUIZ_YAML) {
		return { ok: false, issues: [{ path: [], message: `the file is too large: at most ${MAX_QUIZ_YAML / 1_000_000} MB`, line: 1 }] };
	}
	const lines = new LineCounter();
	const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
	if (doc.errors.length) {
		return {
			ok: false,
			issues: doc.errors.map((e) => ({ path: [], message: `invalid YAML: ${e.message.split('\n')[0]}`, line: lines.linePos(e.pos[0]).line }))
		};
	}
	if (doc.contents === null) {
		return { ok: false, issues: [{ path: [], message: 'the file is empty: a quiz needs at least title, pass_percent and questions', line: 1 }] };
	}
	let source: unknown;
	try {
		source = doc.toJS();
	} catch (e) {
		// e.g. too many aliases (a "billion laughs" file)
		return { ok: false, issues: [{ path: [], message: `invalid YAML: ${(e as Error).message.split('\n')[0]}`, line: 1 }] };
	}
	const result = parseQuizSource(source);
	if (result.ok) return result;
	return {
		ok: false,
		issues: result.issues
			.map((issue) => {
				const at = offsetOf(doc.contents, issue.path);
				return at === undefined ? issue : { ...issue, line: lines.linePos(at).line };
			})
			// in the order of the file, as an author reads it (the sort is stable)
			.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
	};
}

/** Where a path points: a field's key, a list's item, or the nearest thing above that exists. */
function offsetOf(root: unknown, path: (string | number)[]): number | undefined {
	let node = root;
	let at = isNode(root) ? root.range?.[0] : undefined;
	for (const step of path) {
		if (isMap(node)) {
			const pair = node.items.find((p) => isScalar(p.key) && p.key.value === step);
			if (!pair) break;
			at = isNode(pair.key) ? (pair.key.range?.[0] ?? at) : at;
			node = pair.value;
		} else if (isSeq(node) && typeof step === 'number') {
			node = node.items[step];
			if (!isNode(node)) break;
			at = node.range?.[0] ?? at;
		} else break;
	}
	return at;
}

/** The quiz as an author would write it; `parseQuizYaml(quizToYaml(q))` gives `q` back. */
export function quizToYaml(quiz: Quiz): string {
	return stringify(quizToSource(quiz), { lineWidth: 100, minContentWidth: 40 });
}
