import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';

/**
 * A parsed YAML text that can tell on which line a field (or a list item) stands, so
 * problems name the line a person has to fix.
 */
export class YamlSource {
	readonly doc: Document.Parsed;
	readonly errors: { line: number; message: string }[] = [];
	readonly #lines = new LineCounter();

	constructor(
		text: string,
		/** Lines before this text in its file (front matter starts on line 2). */
		private readonly lineOffset = 0
	) {
		this.doc = parseDocument(text, { lineCounter: this.#lines, uniqueKeys: true, prettyErrors: false });
		for (const error of this.doc.errors) {
			const line = this.#lines.linePos(error.pos[0]).line + lineOffset;
			this.errors.push({ line, message: `invalid YAML: ${error.message.split('\n')[0]}` });
		}
	}

	get isMapping(): boolean {
		return this.doc.contents === null || isMap(this.doc.contents);
	}

	/** The plain JavaScript value. */
	toJS(): Record<string, unknown> {
		const value = this.doc.toJS() as unknown;
		return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
	}

	/** Line of a top-level key, or of the n-th item of a list under it. */
	line(key?: string, index?: number): number {
		const root = this.doc.contents;
		if (!key || !isMap(root)) return this.#lineOf(root) ?? 1 + this.lineOffset;
		const pair = root.items.find((p) => isScalar(p.key) && p.key.value === key);
		if (!pair) return this.#lineOf(root) ?? 1 + this.lineOffset;
		if (index !== undefined && isSeq(pair.value)) {
			const item = pair.value.items[index] as Node | undefined;
			const l = item ? this.#lineOf(item) : undefined;
			if (l) return l;
		}
		return this.#lineOf(pair.key as Node) ?? 1 + this.lineOffset;
	}

	/**
	 * Line of the node at a path of keys and list indexes (`['completion', 'weights', 'quiz-1']`):
	 * a mapping entry's key, a list's item, or the nearest thing above that exists.
	 */
	lineAt(path: (string | number)[]): number {
		let node: unknown = this.doc.contents;
		let line = this.#lineOf(node as Node) ?? 1 + this.lineOffset;
		for (const step of path) {
			if (isMap(node)) {
				const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
				if (!pair) break;
				line = this.#lineOf(pair.key as Node) ?? line;
				node = pair.value;
			} else if (isSeq(node) && typeof step === 'number') {
				node = node.items[step];
				if (!node) break;
				line = this.#lineOf(node as Node) ?? line;
			} else break;
		}
		return line;
	}

	keys(): { key: string; line: number }[] {
		const root = this.doc.contents;
		if (!isMap(root)) return [];
		return root.items.map((p) => ({
			key: isScalar(p.key) ? String(p.key.value) : String(p.key),
			line: this.#lineOf(p.key as Node) ?? 1 + this.lineOffset
		}));
	}

	#lineOf(node: Node | null | undefined): number | undefined {
		const range = node && 'range' in node ? node.range : undefined;
		return range ? this.#lines.linePos(range[0]).line + this.lineOffset : undefined;
	}
}
