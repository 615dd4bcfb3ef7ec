import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { BULK_BATCH, BulkIssueSchema, IssueCertificateSchema, ReissueCertificateSchema, RevokeCertificateSchema } from '$lib/schemas/certificate-actions';
import { countAwaiting, issueBatch, listForCohort, reissueCertificate, revokeCertificate } from '$lib/server/certificates/certificates';
import { getCohortCertificate, issueToCohortLearner } from '$lib/server/certificates/cohort-certificates';
import { requireCohortManager } from '$lib/server/cohorts/access';
import { formValues, invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { cohortAction, loadManagedCohort } from '../../cohort-route';
import type { Actions, PageServerLoad } from './$types';

/** The cohort's learners and their certificates: issue by hand or in bulk, re-issue, revoke (admins). */
export const load: PageServerLoad = async (event) => {
	const { user, cohort } = await loadManagedCohort(event);
	const [learners, awaiting] = await Promise.all([listForCohort(db, cohort.id), countAwaiting(db, cohort.id)]);
	return {
		cohort: { slug: cohort.slug, name: cohort.name, timeZone: cohort.timeZone },
		learners,
		awaiting,
		batch: BULK_BATCH,
		canRevoke: user.role === 'admin'
	};
};

export const actions = {
	issue: cohortAction(IssueCertificateSchema, 'issued', async (trx, user, slug, input) => {
		const cohort = await requireCohortManager(trx, user, slug);
		await issueToCohortLearner(trx, cohort, { userId: input.userId, actorId: user.id, confirmed: input.confirm });
	}),
	reissue: cohortAction(ReissueCertificateSchema, 'reissued', async (trx, user, slug, input) => {
		const cohort = await requireCohortManager(trx, user, slug);
		await getCohortCertificate(trx, cohort.id, input.certificateId);
		await reissueCertificate(trx, input.certificateId, { holderName: input.holderName, actorId: user.id });
	}),
	revoke: cohortAction(RevokeCertificateSchema, 'revoked', async (trx, user, slug, input) => {
		const cohort = await requireCohortManager(trx, user, slug);
		await getCohortCertificate(trx, cohort.id, input.certificateId);
		await revokeCertificate(trx, user, input.certificateId, input.reason);
	}),
	/** One batch of a bulk issue; the page asks for the next while some remain. */
	bulk: async (event) => {
		const user = requireUser(event.locals, event.url);
		const form = await event.request.formData();
		const input = parseForm(BulkIssueSchema, form);
		if (!input.ok) return invalid(input);
		let step;
		try {
			step = await db.transaction().execute(async (trx) => {
				const cohort = await requireCohortManager(trx, user, event.params.cohort);
				return issueBatch(trx, cohort, user.id, BULK_BATCH);
			});
		} catch (e) {
			return failFrom(e, formValues(form));
		}
		const issued = input.data.issuedSoFar + step.issued;
		return { done: 'bulk', bulk: { batch: step.issued, issued, remaining: step.remaining, total: issued + step.remaining } };
	}
} satisfies Actions;
