import { describe, expect, it } from 'vitest';
import { h5pPanel } from '../../../src/lib/server/h5p/activity';
import { readLesson } from '../../../src/lib/server/cohorts/lesson-access';
import type { Actor } from '../../../src/lib/server/courses/access';
import { receiveState } from '../../../src/lib/server/h5p/state';
import { checkContentToken } from '../../../src/lib/server/h5p/links';
import { enrol } from '../assessments/assignment-fixtures';
import { makeCohort, makePerson } from '../cohorts/enrolment-fixtures';
import { testDatabase } from '../test-db';
import { addContent, addH5pLesson, h5pCourse, ORIGIN } from './xapi-fixtures';

const db = await testDatabase();
const now = new Date();
const course = await h5pCourse(db, 'h5p-panel');
const cohort = await makeCohort(db, course.id, { status: 'running' });
const learner = { ...(await makePerson(db)), name: 'Aida Learner' };
await enrol(db, cohort.id, learner.id);
const admin = { ...(await makePerson(db, { role: 'admin' })), name: 'Admin' };
const author = { ...(await makePerson(db, { role: 'author' })), name: 'Author' };

async function panel(actor: (Actor & { name: string }) | null, lessonSlug: string) {
	// The view is the same for every reader; whether this one may read it is readLesson's test, not this one's.
	const page = await readLesson(db, course.slug, lessonSlug, admin, now);
	return h5pPanel(db, actor, page.view!, now, ORIGIN);
}

describe('the H5P panel of a lesson page', () => {
	it('gives a learner the player link, who they are to the content, their state and result', async () => {
		await receiveState(db, learner, { courseSlug: course.slug, lessonSlug: course.scored.slug }, JSON.stringify({ state: '{"answer":true}' }), { origin: ORIGIN, requestOrigin: ORIGIN });
		const p = (await panel(learner, course.scored.slug))!;
		expect(p).toMatchObject({
			state: 'ready',
			title: 'Oslo quiz',
			completion: 'score',
			passPercent: 60,
			records: true,
			result: null,
			init: {
				user: { name: 'Aida Learner', mail: `${learner.id}@users.bilim.invalid` },
				state: '{"answer":true}',
				objectIri: `${ORIGIN}/h5p/activity/${course.scored.id}`
			},
			endpoints: { xapi: `/courses/${course.slug}/${course.scored.slug}/h5p/xapi`, state: `/courses/${course.slug}/${course.scored.slug}/h5p/state` }
		});
		expect(p.init!.l10n.fullscreen).toBe('Fullscreen');
		const [, , , contentId, token] = p.playerUrl!.split('/');
		expect(contentId).toBe(course.scored.contentId);
		expect((await checkContentToken(db, contentId!, token!, now)).ok).toBe(true);
	});

	it('shows the best result and whether it passes the activity pass mark', async () => {
		const statement = await db
			.insertInto('xapiStatement')
			.values({ id: crypto.randomUUID(), userId: learner.id, lessonId: course.scored.id, contentId: course.scored.contentId, cohortId: cohort.id, verb: 'answered', topLevel: true, statement: JSON.stringify({}) })
			.returning('id')
			.executeTakeFirstOrThrow();
		await db
			.insertInto('h5pResult')
			.values({ userId: learner.id, lessonId: course.scored.id, cohortId: cohort.id, raw: 1, max: 2, scaled: 0.5, success: false, statementId: statement.id, attempts: 2, firstAt: now, updatedAt: now })
			.execute();
		expect((await panel(learner, course.scored.slug))!.result).toEqual({ raw: 1, max: 2, percent: 50, passed: false, attempts: 2 });
	});

	it('says how an on-view activity completes', async () => {
		expect(await panel(learner, course.cards.slug)).toMatchObject({ state: 'ready', completion: 'view', result: null });
	});

	it('asks visitors to sign in, and gives them no link', async () => {
		expect(await panel(null, course.scored.slug)).toMatchObject({ state: 'sign_in', playerUrl: null, init: null });
	});

	it('plays for staff of a cohort course, keeping no records', async () => {
		expect(await panel(admin, course.scored.slug)).toMatchObject({ state: 'ready', records: false, result: null, init: { state: null } });
	});

	it('does not play content whose libraries wait for approval, and names them to editors only', async () => {
		const library = await db
			.insertInto('h5pLibrary')
			.values({ machineName: 'H5P.Waiting', majorVersion: 1, minorVersion: 2, patchVersion: 3, title: 'Waiting', runnable: true, metadata: JSON.stringify({}), status: 'pending' })
			.returning('id')
			.executeTakeFirstOrThrow();
		const content = await addContent(db, course.id, 'Waiting content');
		await db.insertInto('h5pContentLibrary').values({ contentId: content.id, libraryId: library.id }).execute();
		const lesson = await addH5pLesson(db, course, course.modules[0]!.id, { slug: 'waiting', position: 8, contentId: content.id });
		expect(await panel(admin, lesson.slug)).toMatchObject({ state: 'pending', pending: ['H5P.Waiting 1.2'], playerUrl: null, init: null });
		expect(await panel(learner, lesson.slug)).toMatchObject({ state: 'pending', pending: [], playerUrl: null });
		expect(await panel(author, lesson.slug)).toMatchObject({ state: 'pending', pending: [] });
	});

	it('tells a lesson without a package from one whose content is missing', async () => {
		const module = course.modules[0]!.id;
		const fresh = await db.insertInto('lesson').values({ courseId: course.id, moduleId: module, slug: 'fresh', title: 'Fresh', position: 9 }).returning('id').executeTakeFirstOrThrow();
		await db.insertInto('lessonItem').values({ lessonId: fresh.id, position: 1, kind: 'h5p', body: '', data: JSON.stringify({}) }).execute();
		expect(await panel(learner, 'fresh')).toMatchObject({ state: 'empty', playerUrl: null });
		const broken = await addH5pLesson(db, course, module, { slug: 'broken', position: 10, contentId: '00000000-0000-4000-8000-000000000000' });
		expect(await panel(learner, broken.slug)).toMatchObject({ state: 'unavailable', playerUrl: null });
	});

	it('is null for other lessons', async () => {
		const text = await db.selectFrom('lesson').innerJoin('lessonItem', 'lessonItem.lessonId', 'lesson.id').select('lesson.slug').where('lesson.courseId', '=', course.id).where('lessonItem.kind', '=', 'text').executeTakeFirstOrThrow();
		expect(await panel(learner, text.slug)).toBeNull();
	});
});
