// The certificates bench: one certificate, issued by the app's own code (signed credential and
// all) to the gradebook cohort's first learner, so the public verification page can be measured
// (pages.ts, `verify`). Its code is fixed afterwards so the page's address is known in advance.
// PDF generation is measured in-process over 1,000 certificates (certificate-pdf.ts).
import { GRADEBOOK_COHORT } from './seed-gradebook';
import type { Database } from '../../src/lib/server/db/connect';
import { issueCertificate } from '../../src/lib/server/certificates/certificates';

export const VERIFY_CODE = 'benchbenchbenchbenchbnch';

export async function seedCertificate(db: Database, issuedBy: string): Promise<void> {
	const existing = await db.selectFrom('certificate').select('id').where('code', '=', VERIFY_CODE).executeTakeFirst();
	if (existing) return;
	const cohort = await db.selectFrom('cohort').select(['id', 'courseId']).where('slug', '=', GRADEBOOK_COHORT).executeTakeFirstOrThrow();
	const learner = await db
		.selectFrom('enrolment')
		.select('userId')
		.where('cohortId', '=', cohort.id)
		.where('status', '=', 'enrolled')
		.orderBy('userId')
		.limit(1)
		.executeTakeFirstOrThrow();
	await db.transaction().execute(async (trx) => {
		const { id } = await issueCertificate(trx, { userId: learner.userId, courseId: cohort.courseId, cohortId: cohort.id }, { issuedBy });
		await trx.updateTable('certificate').set({ code: VERIFY_CODE }).where('id', '=', id).execute();
	});
}
