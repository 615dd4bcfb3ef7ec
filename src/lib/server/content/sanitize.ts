import sanitizeHtml from 'sanitize-html';

/**
 * The second line of defence. markdown-it already escapes raw HTML (`html: false`) and
 * the rewrite step already vets every URL; this allowlist is exactly what that pipeline
 * emits, so a bug or a future plugin that lets something else through is cut here.
 */

const ALIGN_CLASSES = ['align-left', 'align-center', 'align-right'];

const OPTIONS: sanitizeHtml.IOptions = {
	allowedTags: [
		'p', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code',
		'em', 'strong', 'del', 's', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
		'hr', 'br', 'sup', 'section'
	],
	allowedAttributes: {
		a: ['href', 'id', 'title', 'rel'],
		img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
		h2: ['id'],
		h3: ['id'],
		h4: ['id'],
		h5: ['id'],
		h6: ['id'],
		li: ['id'],
		ol: ['start'],
		sup: ['id']
	},
	// Naming a tag here also allows its class attribute, but only with these values.
	allowedClasses: {
		a: ['footnote-backref'],
		sup: ['footnote-ref'],
		hr: ['footnotes-sep'],
		section: ['footnotes'],
		ol: ['footnotes-list'],
		li: ['footnote-item'],
		th: ALIGN_CLASSES,
		td: ALIGN_CLASSES,
		code: [/^language-[\w#+.-]{1,40}$/]
	},
	allowedSchemes: ['http', 'https', 'mailto'],
	allowedSchemesByTag: { img: ['http', 'https'] },
	allowedSchemesAppliedToAttributes: ['href', 'src'],
	allowProtocolRelative: false,
	// Tags outside the list lose their markup but keep their text; script and style lose both.
	disallowedTagsMode: 'discard'
};

export function sanitizeRenderedHtml(html: string): string {
	return sanitizeHtml(html, OPTIONS);
}
