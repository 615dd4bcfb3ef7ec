import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../db/connect';
import { NotFoundError } from '../errors';

/**
 * "Download my data": everything Bilim keeps about one person, as one JSON document. What is
 * theirs is all there (every contact channel, whatever its visibility); what is someone
 * else's is not: no password hash, no other person's contacts, no reviewers' scores or who
 * reported whom, no quiz answer keys, no decision before it is released, no file contents
 * (names and sizes only). One query per kind of record, run together.
 */
export const EXPORT_FORMAT = 'bilim-my-data/1';

export async function exportMyData(db: Database, userId: string, now: Date = new Date()) {
	const account = await db
		.selectFrom('appUser as u')
		.leftJoin('organisation as o', 'o.id', 'u.organisationId')
		.select(['u.id', 'u.email', 'u.name', 'u.country', 'o.name as organisation', 'u.locale', 'u.role', 'u.createdAt', 'u.updatedAt'])
		.where('u.id', '=', userId)
		.executeTakeFirst();
	if (!account) throw new NotFoundError('error_user_not_found');

	const other = sql<string>`case when c.requester_id = ${userId}::uuid then c.addressee_id else c.requester_id end`;
	const [profile, connections, blocks, networks, moderates, reportsMade, enrolments, applications, progress, quizAttempts, submissions, h5pResults, completions, gradeOverrides, certificates] =
		await Promise.all([
			db
				.selectFrom('directoryProfile')
				.select([
					'displayName', 'headline', 'organisation', 'country', 'city', 'expertise', 'languages', 'bio', 'openToMentoring', 'visibility',
					'photoType', 'photo',
					'contactEmail', 'contactEmailVisibility', 'phone', 'phoneVisibility', 'telegram', 'telegramVisibility',
					'linkedin', 'linkedinVisibility', 'website', 'websiteVisibility',
					'hiddenAt', 'hiddenReason', 'createdAt', 'updatedAt'
				])
				.where('userId', '=', userId)
				.executeTakeFirst(),
			db
				.selectFrom('connection as c')
				.innerJoin('appUser as u', (j) => j.on(sql<boolean>`u.id = ${other}`))
				.leftJoin('directoryProfile as p', 'p.userId', 'u.id')
				.select([
					other.as('personId'),
					sql<string>`coalesce(p.display_name, u.name)`.as('personName'),
					sql<string>`case when c.requester_id = ${userId}::uuid then 'sent' else 'received' end`.as('direction'),
					'c.status', 'c.message', 'c.createdAt', 'c.respondedAt'
				])
				.where((w) => w.or([w('c.requesterId', '=', userId), w('c.addresseeId', '=', userId)]))
				.orderBy('c.createdAt')
				.execute(),
			db
				.selectFrom('userBlock as b')
				.innerJoin('appUser as u', 'u.id', 'b.blockedId')
				.leftJoin('directoryProfile as p', 'p.userId', 'u.id')
				.select(['b.blockedId as personId', sql<string>`coalesce(p.display_name, u.name)`.as('personName'), 'b.createdAt'])
				.where('b.blockerId', '=', userId)
				.execute(),
			db
				.selectFrom('networkMember as nm')
				.innerJoin('network as n', 'n.id', 'nm.networkId')
				.select(['n.name as network', 'n.slug', 'nm.status', 'nm.source', 'nm.message', 'nm.joinedAt', 'nm.createdAt', 'nm.updatedAt'])
				.where('nm.userId', '=', userId)
				.orderBy('nm.createdAt')
				.execute(),
			db
				.selectFrom('networkModerator as mo')
				.innerJoin('network as n', 'n.id', 'mo.networkId')
				.select(['n.name as network', 'n.slug', 'mo.createdAt'])
				.where('mo.userId', '=', userId)
				.execute(),
			db
				.selectFrom('profileReport')
				.select(['profileUserId', 'reason', 'createdAt', 'resolvedAt', 'resolution'])
				.where('reporterId', '=', userId)
				.orderBy('createdAt')
				.execute(),
			db
				.selectFrom('enrolment as e')
				.innerJoin('cohort as h', 'h.id', 'e.cohortId')
				.innerJoin('course as c', 'c.id', 'h.courseId')
				.select(['c.title as course', 'h.name as cohort', 'h.startsOn', 'h.endsOn', 'e.status', 'e.source', 'e.listed', 'e.waitlistPosition', 'e.enrolledAt', 'e.createdAt', 'e.updatedAt'])
				.where('e.userId', '=', userId)
				.orderBy('e.createdAt')
				.execute(),
			db
				.selectFrom('application as a')
				.innerJoin('cohort as h', 'h.id', 'a.cohortId')
				.innerJoin('course as c', 'c.id', 'h.courseId')
				.select((eb) => [
					'c.title as course', 'h.name as cohort', 'a.status', 'a.organisationName', 'a.organisationType', 'a.position', 'a.country', 'a.gender',
					'a.yearsExperience', 'a.motivation', 'a.submittedAt', 'a.createdAt', 'a.updatedAt',
					// The decision is theirs once released, not before.
					sql<string | null>`case when a.decision_released_at is not null then a.decision end`.as('decision'),
					'a.decisionReleasedAt',
					jsonArrayFrom(
						eb
							.selectFrom('applicationQuestion as q')
							.select(['q.label as question', sql<unknown>`a.answers -> (q.id::text)`.as('answer')])
							.whereRef('q.cohortId', '=', 'a.cohortId')
							.where(sql<boolean>`a.answers -> (q.id::text) is not null`)
							.orderBy('q.position')
					).as('answers')
				])
				.where('a.userId', '=', userId)
				.orderBy('a.createdAt')
				.execute(),
			db
				.selectFrom('lessonProgress as lp')
				.innerJoin('lesson as l', 'l.id', 'lp.lessonId')
				.innerJoin('course as c', 'c.id', 'lp.courseId')
				.leftJoin('cohort as h', 'h.id', 'lp.cohortId')
				.select(['c.title as course', 'h.name as cohort', 'l.title as lesson', 'lp.firstViewedAt', 'lp.lastViewedAt', 'lp.completedAt'])
				.where('lp.userId', '=', userId)
				.orderBy('lp.firstViewedAt')
				.execute(),
			db
				.selectFrom('quizAttempt as q')
				.innerJoin('lesson as l', 'l.id', 'q.lessonId')
				.innerJoin('course as c', 'c.id', 'l.courseId')
				.leftJoin('cohort as h', 'h.id', 'q.cohortId')
				// Not `quiz`, `attempt` or `result`: they hold the answer key.
				.select(['c.title as course', 'h.name as cohort', 'l.title as lesson', 'q.number', 'q.answers', 'q.startedAt', 'q.submittedAt', 'q.score', 'q.maxScore', 'q.percent', 'q.passed'])
				.where('q.userId', '=', userId)
				.orderBy('q.startedAt')
				.execute(),
			db
				.selectFrom('assignmentSubmission as s')
				.innerJoin('lesson as l', 'l.id', 's.lessonId')
				.innerJoin('course as c', 'c.id', 'l.courseId')
				.leftJoin('cohort as h', 'h.id', 's.cohortId')
				.select((eb) => [
					'c.title as course', 'h.name as cohort', 'l.title as lesson', 's.body', 's.submittedAt', 's.updatedAt', 's.timesSubmitted', 's.late',
					's.score', 's.maxScore', 's.feedback', 's.gradedAt',
					jsonArrayFrom(
						eb.selectFrom('submissionFile as f').select(['f.name', 'f.contentType', 'f.size', 'f.sha256']).whereRef('f.submissionId', '=', 's.id').orderBy('f.createdAt')
					).as('files')
				])
				.where('s.userId', '=', userId)
				.orderBy('s.submittedAt')
				.execute(),
			db
				.selectFrom('h5pResult as r')
				.innerJoin('lesson as l', 'l.id', 'r.lessonId')
				.innerJoin('course as c', 'c.id', 'l.courseId')
				.leftJoin('cohort as h', 'h.id', 'r.cohortId')
				.select(['c.title as course', 'h.name as cohort', 'l.title as lesson', 'r.raw', 'r.max', 'r.scaled', 'r.success', 'r.attempts', 'r.firstAt', 'r.updatedAt'])
				.where('r.userId', '=', userId)
				.execute(),
			db
				.selectFrom('courseCompletion as cc')
				.innerJoin('course as c', 'c.id', 'cc.courseId')
				.leftJoin('cohort as h', 'h.id', 'cc.cohortId')
				.select(['c.title as course', 'h.name as cohort', 'cc.completedAt', 'cc.finalGrade'])
				.where('cc.userId', '=', userId)
				.orderBy('cc.completedAt')
				.execute(),
			db
				.selectFrom('gradeOverride as g')
				.innerJoin('lesson as l', 'l.id', 'g.lessonId')
				.innerJoin('cohort as h', 'h.id', 'g.cohortId')
				.select(['h.name as cohort', 'l.title as lesson', 'g.percent', 'g.previousPercent', 'g.reason', 'g.createdAt'])
				.where('g.userId', '=', userId)
				.orderBy('g.createdAt')
				.execute(),
			db
				.selectFrom('certificate')
				.select(['serial', 'code', 'holderName', 'courseTitle', 'cohortName', 'startsOn', 'endsOn', 'completedAt', 'hours', 'finalGrade', 'issuerName', 'issuedAt', 'revokedAt', 'revokedReason', 'supersededAt'])
				.where('userId', '=', userId)
				.orderBy('issuedAt')
				.execute()
		]);

	const { photo, photoType, ...profileFields } = profile ?? { photo: null, photoType: null };
	return {
		format: EXPORT_FORMAT,
		exportedAt: now.toISOString(),
		account,
		directoryProfile: profile
			? { ...profileFields, photo: photo && photoType ? { contentType: photoType, base64: Buffer.from(photo).toString('base64') } : null }
			: null,
		connections,
		blocks,
		networkMemberships: networks,
		networksModerated: moderates,
		reportsMade,
		enrolments,
		applications,
		lessonProgress: progress,
		quizAttempts,
		assignmentSubmissions: submissions,
		h5pResults,
		courseCompletions: completions,
		gradeOverrides,
		certificates: certificates.map((c) => ({ ...c, hours: Number(c.hours) }))
	};
}

export type MyData = Awaited<ReturnType<typeof exportMyData>>;
