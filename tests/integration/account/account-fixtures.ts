import type { Database } from '../../../src/lib/server/db/connect';
import { ensureProfile } from '../../../src/lib/server/directory/profile-core';
import { markComplete } from '../../../src/lib/server/progress/progress';
import { queueMail } from '../../../src/lib/server/mail/outbox';
import { makeUser } from '../../factories';
import { makeCohort, makePeople, type importTestCourse } from '../cohorts/enrolment-fixtures';
import { enrol, gradeSubmission, submitAttempt } from '../progress/progress-fixtures';

/** PNG signature and a little more: enough to stand for a stored photo. */
export const PHOTO = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const NOW = new Date('2026-12-05T09:00:00Z');
let n = 0;

/**
 * An alumna with something in every kind of record: finished the test course in a cohort
 * (progress, completion, certificate), a quiz attempt, a submission with a file, an
 * application, a directory profile with photo and contacts, a network she is a member and a
 * moderator of, a connection, a block, a report she made and one about her, an announcement
 * she wrote, a password reset and mail. `friend` is connected with her and has a public
 * Telegram (someone else's contact, which her export must not carry).
 */
export async function alumna(db: Database, course: Awaited<ReturnType<typeof importTestCourse>>) {
	const k = ++n;
	const user = await makeUser(db, { name: 'Gulnara Rahimova', locale: 'ru', email: `gulnara-${k}-${Date.now()}@example.org` });
	const [friend, blocked] = await makePeople(db, 2);
	const cohort = await makeCohort(db, course.id, { name: `Autumn ${k}` });
	await enrol(db, cohort.id, user.id);
	const actor = { id: user.id, role: 'learner' as const, organisationId: null };
	for (const slug of ['what-is-iwrm', 'field-visit']) await db.transaction().execute((trx) => markComplete(trx, actor, course.slug, slug, NOW));
	const certificate = await db.selectFrom('certificate').select('code').where('userId', '=', user.id).executeTakeFirstOrThrow();

	const lessons = await db.selectFrom('lesson').select(['id', 'slug']).where('courseId', '=', course.id).execute();
	const lesson = (slug: string) => lessons.find((l) => l.slug === slug)!.id;
	const ctx = { userId: user.id, courseId: course.id, cohortId: cohort.id };
	await submitAttempt(db, ctx, lesson('basins'), 80, true);
	await gradeSubmission(db, ctx, lesson('what-is-iwrm'), 18);
	const submission = await db.selectFrom('assignmentSubmission').select('id').where('userId', '=', user.id).executeTakeFirstOrThrow();
	const file = await db
		.insertInto('submissionFile')
		.values({ submissionId: submission.id, name: 'plan.pdf', contentType: 'application/pdf', size: 9, sha256: 'a'.repeat(64), data: new TextEncoder().encode('%PDF-SECRET') })
		.returning('id')
		.executeTakeFirstOrThrow();
	await db.insertInto('application').values({ cohortId: cohort.id, userId: user.id, motivation: 'Water for Fergana', decision: 'rejected', decidedAt: NOW }).execute();

	await ensureProfile(db, user.id);
	await db
		.updateTable('directoryProfile')
		.set({ photo: PHOTO, photoType: 'image/png', telegram: '@gulnara_r', telegramVisibility: 'self', phone: '+992 90 123 45 67', phoneVisibility: 'connections', city: 'Khujand' })
		.where('userId', '=', user.id)
		.execute();
	await ensureProfile(db, friend!.id);
	await db.updateTable('directoryProfile').set({ telegram: '@friend_public', telegramVisibility: 'public' }).where('userId', '=', friend!.id).execute();
	const network = await db.insertInto('network').values({ slug: `alumni-${k}`, name: `Alumni ${k}` }).returning('id').executeTakeFirstOrThrow();
	await db
		.insertInto('networkMember')
		.values([user.id, friend!.id].map((userId) => ({ networkId: network.id, userId, status: 'member' as const, source: 'completion' as const, joinedAt: NOW })))
		.execute();
	await db.insertInto('networkModerator').values({ networkId: network.id, userId: user.id }).execute();
	await db.insertInto('connection').values({ requesterId: friend!.id, addresseeId: user.id, status: 'accepted', message: 'Hi Gulnara', respondedAt: NOW }).execute();
	await db.insertInto('userBlock').values({ blockerId: user.id, blockedId: blocked!.id }).execute();
	const reportMade = await db.insertInto('profileReport').values({ profileUserId: blocked!.id, reporterId: user.id, reason: 'Spam messages' }).returning('id').executeTakeFirstOrThrow();
	await db.insertInto('profileReport').values({ profileUserId: user.id, reporterId: friend!.id, reason: 'Testing reports' }).execute();

	const announcement = await db.insertInto('announcement').values({ cohortId: cohort.id, authorId: user.id, title: 'Field trip', body: 'Meet at the river' }).returning('id').executeTakeFirstOrThrow();
	await db.insertInto('passwordReset').values({ id: `reset-${k}-${Date.now()}`, userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) }).execute();
	await queueMail(db, { kind: 'test', to: { address: user.email, name: user.name, locale: 'ru' }, subject: 'Hello', bodyText: 'Body' });

	return {
		user,
		cohort,
		certificateCode: certificate.code,
		friendId: friend!.id,
		blockedId: blocked!.id,
		fileId: file.id,
		announcementId: announcement.id,
		reportMadeId: reportMade.id
	};
}
export type Alumna = Awaited<ReturnType<typeof alumna>>;
