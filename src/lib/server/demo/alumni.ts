import type { Transaction } from 'kysely';
import type { DB, Locale } from '../db/schema';
import { issueCertificate, reissueCertificate, revokeCertificate } from '../certificates/certificates';

/**
 * A finished cohort with its alumni and their certificates, so a fresh `npm start` shows
 * certificates, their verification pages and the three statuses: the autumn group of the
 * water-saving course ended a month ago; seven learners completed it (the demo learner among
 * them), and their certificates were issued on completion. One was re-issued after a name
 * correction (the first is marked superseded), one was revoked. Deterministic. Written in the
 * caller's transaction.
 */

const DAY = 86_400_000;

export const ALUMNI_PEOPLE: { email: string; name: string; country: string; locale: Locale }[] = [
	{ email: 'alumni-01@example.org', name: 'Әлия Қасымқызы Нұрланова', country: 'KZ', locale: 'ru' },
	{ email: 'alumni-02@example.org', name: 'Шаҳло Ҷӯраева', country: 'TJ', locale: 'ru' },
	{ email: 'alumni-03@example.org', name: 'Gʻayrat Oʻktamov', country: 'UZ', locale: 'en' },
	{ email: 'alumni-04@example.org', name: 'Айбек Өмүрбеков', country: 'KG', locale: 'ru' },
	{ email: 'alumni-05@example.org', name: 'Maral Berdiyeva', country: 'TM', locale: 'en' },
	{ email: 'alumni-06@example.org', name: 'Sahar Ahmadi', country: 'AF', locale: 'en' }
];

interface AlumniInput {
	cohortId: string;
	courseId: string;
	/** the demo learner, who finished this course before joining the CALP pilot */
	learnerId: string;
	facilitatorId: string;
	adminId: string;
	passwordHash: string;
	/** when the cohort ended */
	endedAt: Date;
}

export async function seedAlumni(db: Transaction<DB>, input: AlumniInput) {
	const people = await db
		.insertInto('appUser')
		.values(ALUMNI_PEOPLE.map((p) => ({ email: p.email, name: p.name, passwordHash: input.passwordHash, country: p.country, locale: p.locale, role: 'learner' as const })))
		.returning('id')
		.execute();
	const learners = [input.learnerId, ...people.map((p) => p.id)];
	await db
		.insertInto('enrolment')
		.values(learners.map((userId, i) => ({ cohortId: input.cohortId, userId, status: 'enrolled' as const, source: 'open' as const, enrolledAt: new Date(input.endedAt.getTime() - (45 - i) * DAY) })))
		.execute();

	const lessons = await db.selectFrom('lesson').select('id').where('courseId', '=', input.courseId).execute();
	const ids: string[] = [];
	for (const [i, userId] of learners.entries()) {
		const completedAt = new Date(input.endedAt.getTime() - (6 - i) * DAY);
		if (lessons.length) {
			await db
				.insertInto('lessonProgress')
				.values(lessons.map((l) => ({ userId, courseId: input.courseId, cohortId: input.cohortId, lessonId: l.id, firstViewedAt: completedAt, lastViewedAt: completedAt, completedAt })))
				.execute();
		}
		await db
			.insertInto('courseCompletion')
			.values({ userId, courseId: input.courseId, cohortId: input.cohortId, completedAt, finalGrade: 72 + ((i * 7) % 25) })
			.execute();
		// As the course-completed event does it (progress/completion.ts): issued automatically.
		// Gʻayrat's first certificate went out with his name spelt without its Uzbek letters.
		const issued = await issueCertificate(
			db,
			{ userId, courseId: input.courseId, cohortId: input.cohortId },
			{ issuedBy: null, now: completedAt, holderName: i === 3 ? 'Gayrat Oktamov' : undefined }
		);
		ids.push(issued.id);
	}
	// He asked for the correct spelling: re-issued, the first one marked superseded.
	await reissueCertificate(db, ids[3]!, { holderName: 'Gʻayrat Oʻktamov', actorId: input.facilitatorId, now: new Date(input.endedAt.getTime() + 3 * DAY) });
	// Issued by mistake: revoked by an administrator.
	await revokeCertificate(
		db,
		{ id: input.adminId, role: 'admin' },
		ids[6]!,
		'Issued by mistake: the water-saving plan was graded for the wrong learner.',
		new Date(input.endedAt.getTime() + 5 * DAY)
	);
	return { alumni: learners.length };
}
