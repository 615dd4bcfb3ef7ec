import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { approveLibraries, listLibraries, listWaitingContents } from '$lib/server/h5p/store';
import type { Actions, PageServerLoad } from './$types';

/**
 * H5P libraries and the activities waiting for them (docs/h5p.md, "Approving libraries"):
 * an administrator approves the library versions authors' packages brought, by checkbox.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const [libraries, waiting] = await Promise.all([listLibraries(db), listWaitingContents(db)]);
	const approved = Number(url.searchParams.get('approved'));
	return { libraries, waiting, approved: Number.isInteger(approved) && approved > 0 ? approved : null };
};

const ApproveSchema = z.array(z.uuid()).min(1).max(1000);

export const actions = {
	approve: async ({ locals, request, url }) => {
		const admin = requireAdmin(locals, url);
		const ids = ApproveSchema.safeParse((await request.formData()).getAll('library'));
		if (!ids.success) return fail(400, { errors: { library: 'error_h5p_select_library' } });
		const count = await db.transaction().execute((trx) => approveLibraries(trx, ids.data, admin.id, new Date()));
		redirect(303, `/admin/h5p?approved=${count}`);
	}
} satisfies Actions;
