import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { markdownToText } from '$lib/server/content/markdown';
import { listNetworksFor } from '$lib/server/directory/networks';
import type { PageServerLoad } from './$types';

const SUMMARY = 240;

export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	const user = requireUser(locals, url);
	setHeaders({ 'cache-control': 'private, no-store' });
	const networks = await listNetworksFor(db, user.id);
	return {
		networks: networks.map(({ description, ...n }) => {
			const text = markdownToText(description).replace(/\s+/g, ' ').trim();
			return { ...n, summary: text.length > SUMMARY ? `${text.slice(0, SUMMARY - 1)}…` : text };
		})
	};
};
