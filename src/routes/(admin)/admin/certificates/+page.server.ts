import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { CertificateSearchSchema, RevokeCertificateSchema } from '$lib/schemas/certificate-actions';
import { revokeCertificate, searchCertificates } from '$lib/server/certificates/certificates';
import { formValues, invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

/** Every certificate, searched and paged, for administrators; each valid one can be revoked. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const search = CertificateSearchSchema.parse(Object.fromEntries(url.searchParams));
	const result = await searchCertificates(db, search);
	return {
		...result,
		q: search.q,
		page: search.page,
		pages: Math.max(1, Math.ceil(result.total / result.pageSize))
	};
};

export const actions = {
	revoke: async ({ locals, request, url }) => {
		const admin = requireAdmin(locals, url);
		const form = await request.formData();
		const input = parseForm(RevokeCertificateSchema, form);
		if (!input.ok) return invalid(input);
		try {
			await db.transaction().execute((trx) => revokeCertificate(trx, admin, input.data.certificateId, input.data.reason));
		} catch (e) {
			return failFrom(e, formValues(form));
		}
		return { done: 'revoked' as const, certificateId: input.data.certificateId };
	}
} satisfies Actions;
