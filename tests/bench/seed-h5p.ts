// The H5P bench: an activity of the sample course's own content type (Bilim.SelfCheck, from
// courses/) on an open bench course, installed as the courses/ folder installs it. Measured:
// the lesson page with the activity (pages.ts, `h5p-lesson`), its weight in a real browser on
// a first and a repeat visit (page-weight.ts), and the xAPI endpoint's throughput, each
// statement from a different signed-in learner (run.ts, `xapi`).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../../src/lib/server/db/connect';
import { DEFAULT_H5P_PASS_PERCENT } from '../../src/lib/server/h5p/activity-settings';
import { activityIri, actorMail } from '../../src/lib/server/h5p/identity';
import { packDirectory, readH5pPackage } from '../../src/lib/server/h5p/package';
import { installedLibraries, installPackage } from '../../src/lib/server/h5p/store';
import { benchCourseSlug } from './seed-courses';

export const H5P_COURSE = benchCourseSlug(2);
export const H5P_LESSON = 'bench-h5p-self-check';
const PACKAGE_DIR = join(fileURLToPath(new URL('.', import.meta.url)), '../../courses/calp-leadership/03-climate-adaptation-drr/05-early-warning-self-check.h5p');

/** Adds the activity lesson once (a PostgreSQL bench database keeps it between runs); its lesson id. */
export async function seedH5pActivity(db: Database): Promise<{ lessonId: string }> {
	const course = await db.selectFrom('course').select('id').where('slug', '=', H5P_COURSE).executeTakeFirstOrThrow();
	const existing = await db.selectFrom('lesson').select('id').where('courseId', '=', course.id).where('slug', '=', H5P_LESSON).executeTakeFirst();
	if (existing) return { lessonId: existing.id };

	const read = await readH5pPackage(await packDirectory(PACKAGE_DIR), { installed: await installedLibraries(db) });
	if (!read.ok) throw new Error(`the bench H5P package does not validate: ${JSON.stringify(read.problems)}`);
	return db.transaction().execute(async (trx) => {
		const { contentId } = await installPackage(trx, read.pkg, { courseId: course.id, actorId: null, trusted: true });
		const module = await trx.selectFrom('courseModule').select('id').where('courseId', '=', course.id).orderBy('position').limit(1).executeTakeFirstOrThrow();
		const last = await trx.selectFrom('lesson').select((eb) => eb.fn.max('position').as('p')).where('moduleId', '=', module.id).executeTakeFirstOrThrow();
		const lesson = await trx
			.insertInto('lesson')
			.values({ courseId: course.id, moduleId: module.id, slug: H5P_LESSON, title: 'Bench H5P self-check', position: Number(last.p ?? 0) + 1, required: false })
			.returning('id')
			.executeTakeFirstOrThrow();
		await trx
			.insertInto('lessonItem')
			.values({ lessonId: lesson.id, position: 1, kind: 'h5p', data: JSON.stringify({ contentId, completion: 'score', passPercent: DEFAULT_H5P_PASS_PERCENT }) })
			.execute();
		return { lessonId: lesson.id };
	});
}

/** The statement each learner's browser would relay after answering: top level, scored. */
export function answeredStatements(origin: string, lessonId: string, userIds: string[]): string[] {
	return userIds.map((id) =>
		JSON.stringify({
			actor: { name: 'Bench learner', mbox: `mailto:${actorMail(id)}`, objectType: 'Agent' },
			verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
			object: { id: activityIri(origin, lessonId), objectType: 'Activity' },
			result: { score: { min: 0, raw: 1, max: 1, scaled: 1 }, success: true, completion: true }
		})
	);
}

/** Statements stored for the activity: after the run, the posts that really happened. */
export async function countStatements(db: Database, lessonId: string): Promise<number> {
	const row = await db.selectFrom('xapiStatement').select((eb) => eb.fn.countAll<number>().as('n')).where('lessonId', '=', lessonId).executeTakeFirstOrThrow();
	return Number(row.n);
}
