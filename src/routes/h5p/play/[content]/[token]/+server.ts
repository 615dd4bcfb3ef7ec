import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import * as m from '$lib/paraglide/messages.js';
import { checkContentToken, h5pPaths } from '$lib/server/h5p/links';
import { PLAYER_CSP, playerPage } from '$lib/server/h5p/serve';
import { contentReadiness, findContent } from '$lib/server/h5p/store';
import type { RequestHandler } from './$types';

/**
 * The H5P player page, framed by the lesson page (H5pActivity.svelte). Its policy makes it an
 * opaque origin (serve.ts, PLAYER_CSP): content code never runs as this site. The signed link
 * (links.ts) stands for the lesson page's access check; content waiting for an administrator's
 * approval of its libraries does not play.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const check = await checkContentToken(db, params.content, params.token, new Date());
	if (!check.ok) error(403, { message: 'error_h5p_link_expired' });
	const [content, readiness] = await Promise.all([findContent(db, params.content), contentReadiness(db, params.content)]);
	if (!content) error(404, { message: 'error_page_not_found' });
	if (!readiness.ready) error(403, { message: 'error_h5p_content_pending' });
	const html = playerPage({
		contentId: content.id,
		contentPath: h5pPaths.content(content.id, params.token),
		librariesPath: h5pPaths.libraries,
		title: content.title,
		lang: locals.locale,
		failed: m.h5p_player_failed()
	});
	return new Response(html, {
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'content-security-policy': PLAYER_CSP,
			'cache-control': 'private, no-cache'
		}
	});
};
