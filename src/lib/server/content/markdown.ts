import MarkdownIt from 'markdown-it';
import type { Env, StateCore, Token } from 'markdown-it';
import anchor from 'markdown-it-anchor';
import footnote from 'markdown-it-footnote';
import { sanitizeRenderedHtml } from './sanitize';
import { slugify } from './slug';
import { classifyUrl, hasForbiddenScheme, splitRelative } from './url-policy';

export interface RenderOptions {
	/**
	 * Maps a relative path in the Markdown (e.g. "../assets/x.png" or "assets/x.png", as
	 * written, percent-escapes decoded, without `?query` or `#fragment`) to a URL, or
	 * undefined when the file is unknown. Called for image src and link href that are not
	 * absolute URLs or anchors. It must itself refuse paths outside the course's assets/.
	 */
	resolveAsset?: (path: string) => string | undefined;
}

export interface RenderedHeading {
	id: string;
	text: string;
	level: number;
}

export interface RenderedMarkdown {
	html: string;
	headings: RenderedHeading[];
}

interface RenderEnv extends Env {
	resolveAsset?: (path: string) => string | undefined;
}

/** What markdown-it-anchor and the table of contents both call a heading's text. */
function headingText(children: Token[] | null): string {
	return (children ?? [])
		.filter((t) => t.type === 'text' || t.type === 'code_inline')
		.map((t) => t.content)
		.join('')
		.trim();
}

/** Plain text of inline tokens: what a reader sees, with image alt text in place of images. */
function inlineText(children: Token[] | null): string {
	let text = '';
	for (const t of children ?? []) {
		if (t.type === 'text' || t.type === 'code_inline') text += t.content;
		else if (t.type === 'softbreak') text += ' ';
		else if (t.type === 'hardbreak') text += '\n';
		else if (t.type === 'image') text += inlineText(t.children);
	}
	return text;
}

/**
 * The lesson page has its own h1, so a body that uses `#` headings is shifted down one
 * level as a whole, keeping the author's hierarchy (# → h2, ## → h3, ...; h6 stays h6).
 */
function demoteHeadings(state: StateCore): void {
	if (!state.tokens.some((t) => t.type === 'heading_open' && t.tag === 'h1')) return;
	for (const t of state.tokens) {
		if (t.type === 'heading_open' || t.type === 'heading_close') {
			t.tag = `h${Math.min(6, Number(t.tag.slice(1)) + 1)}`;
		}
	}
}

/** markdown-it writes `style="text-align:center"`; the site's CSP forbids inline styles. */
function alignmentToClass(token: Token): void {
	const style = token.attrGet('style');
	if (style === null) return;
	token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
	const align = /^text-align:(left|center|right)$/.exec(String(style))?.[1];
	if (align) token.attrJoin('class', `align-${align}`);
}

function resolveRelative(url: string, env: RenderEnv): { url: string; fragment: string } | undefined {
	const { path, fragment } = splitRelative(url);
	if (path === '' || !env.resolveAsset) return undefined;
	const resolved = env.resolveAsset(path);
	if (resolved === undefined) return undefined;
	// The resolver is ours, but a URL it builds from an author's path is checked all the same.
	const kind = classifyUrl(resolved);
	return kind === 'web' || kind === 'relative' ? { url: resolved, fragment } : undefined;
}

/** Returns false when the link has to go (its text stays). */
function vetLink(token: Token, env: RenderEnv): boolean {
	const href = String(token.attrGet('href') ?? '');
	switch (classifyUrl(href)) {
		case 'anchor':
		case 'mailto':
			return true;
		case 'web':
			// Authors' links lead off the site: no window.opener, no referrer, no endorsement.
			token.attrSet('rel', 'noopener noreferrer nofollow');
			return true;
		case 'relative': {
			const resolved = resolveRelative(href, env);
			if (!resolved) return false;
			token.attrSet('href', resolved.url + resolved.fragment);
			return true;
		}
		default:
			return false;
	}
}

/** Returns false when the image has to give way to its alt text. */
function vetImage(token: Token, env: RenderEnv): boolean {
	const src = String(token.attrGet('src') ?? '');
	const kind = classifyUrl(src);
	if (kind === 'relative') {
		const resolved = resolveRelative(src, env);
		if (!resolved) return false;
		token.attrSet('src', resolved.url);
	} else if (kind !== 'web') {
		return false;
	}
	token.attrSet('loading', 'lazy');
	return true;
}

function rewriteInline(children: Token[], state: StateCore, env: RenderEnv): Token[] {
	const out: Token[] = [];
	// Links do not nest in CommonMark, so one flag pairs a dropped link_open with its close.
	let droppingLink = false;
	for (const token of children) {
		if (token.type === 'link_open' && !vetLink(token, env)) {
			droppingLink = true;
		} else if (token.type === 'link_close' && droppingLink) {
			droppingLink = false;
		} else if (token.type === 'image' && !vetImage(token, env)) {
			const alt = new state.Token('text', '', 0);
			alt.content = inlineText(token.children);
			out.push(alt);
		} else {
			out.push(token);
		}
	}
	return out;
}

/** Runs last: every link, image and table cell passes through here before rendering. */
function applyContentPolicy(state: StateCore): void {
	const env = state.env as RenderEnv;
	for (const token of state.tokens) {
		if (token.type === 'th_open' || token.type === 'td_open') alignmentToClass(token);
		else if (token.type === 'inline' && token.children) {
			token.children = rewriteInline(token.children, state, env);
		}
	}
}

/**
 * Configuration only, built once: per-call data (the asset resolver) travels in `env`.
 * Raw HTML is escaped, never rendered.
 */
const md = MarkdownIt('default', { html: false, linkify: true, typographer: false });
md.validateLink = (url) => !hasForbiddenScheme(url);
md.use(footnote);
// Footnote ids `fn:1` / `fnref:1` cannot collide with a heading id, which never contains `:`.
md.renderer.rules.footnote_anchor_name = (tokens, idx) => `:${Number(tokens[idx]?.meta?.id ?? 0) + 1}`;
md.use(anchor, {
	level: [2, 3, 4],
	slugify,
	getTokensText: headingText,
	uniqueSlugStartIndex: 2,
	tabIndex: false
});
md.core.ruler.before('anchor', 'bilim_demote_headings', demoteHeadings);
md.core.ruler.push('bilim_content_policy', applyContentPolicy);

export function renderMarkdown(source: string, options: RenderOptions = {}): RenderedMarkdown {
	const env: RenderEnv = { resolveAsset: options.resolveAsset };
	const tokens = md.parse(source, env);
	const headings: RenderedHeading[] = [];
	tokens.forEach((token, i) => {
		const id = token.type === 'heading_open' ? token.attrGet('id') : null;
		if (id !== null) {
			const text = headingText(tokens[i + 1]?.children ?? null);
			headings.push({ id: String(id), text, level: Number(token.tag.slice(1)) });
		}
	});
	const html = sanitizeRenderedHtml(md.renderer.render(tokens, md.options, env));
	return { html, headings };
}

const LINE_AFTER = new Set([
	'paragraph_close', 'heading_close', 'tr_close', 'list_item_close', 'blockquote_close', 'hr', 'footnote_close'
]);

/**
 * Plain text for search indexing and summaries: what a reader would read, one block per
 * line, footnote text included, no markup. It is not HTML: whoever displays it escapes it.
 */
export function markdownToText(source: string): string {
	let text = '';
	for (const token of md.parse(source, {})) {
		if (token.type === 'inline') text += inlineText(token.children);
		else if (token.type === 'fence' || token.type === 'code_block') text += `${token.content}\n`;
		else if (token.type === 'th_close' || token.type === 'td_close') text += ' ';
		else if (LINE_AFTER.has(token.type)) text += '\n';
	}
	return text
		.split('\n')
		.map((line) => line.replace(/\s+/g, ' ').trim())
		.filter((line) => line !== '')
		.join('\n');
}
