import { requireAdmin } from '$lib/server/auth/guards';
import type { LayoutServerLoad } from './$types';

// The layout guards its navigation only; every page and action below checks again.
export const load: LayoutServerLoad = ({ locals, url }) => {
	requireAdmin(locals, url);
	return {};
};
