import { createHash } from 'node:crypto';
import type { Database } from '../../../src/lib/server/db/connect';
import { importTestCourse } from '../cohorts/enrolment-fixtures';

/**
 * H5P activities for the xAPI, results and gradebook tests, written straight into the tables
 * (a content row with no libraries or files, a lesson whose item 1 is of kind 'h5p'), so
 * these tests do not depend on the package code.
 */

export const ORIGIN = 'http://bilim.test';

export async function addContent(db: Database, courseId: string, title = 'Oslo quiz') {
	const contentJson = '{"question":"Oslo is the capital of Norway","correct":"true"}';
	return db
		.insertInto('h5pContent')
		.values({
			courseId,
			title,
			mainLibrary: 'H5P.TrueFalse 1.6',
			h5pJson: JSON.stringify({ title, mainLibrary: 'H5P.TrueFalse', language: 'en', preloadedDependencies: [] }),
			contentJson,
			sha256: createHash('sha256').update(contentJson).digest('hex'),
			size: contentJson.length
		})
		.returning('id')
		.executeTakeFirstOrThrow();
}

export async function addH5pLesson(
	db: Database,
	course: { id: string },
	moduleId: string,
	lesson: { slug: string; position: number; completion?: 'score' | 'view'; passPercent?: number; required?: boolean; contentId?: string }
) {
	const contentId = lesson.contentId ?? (await addContent(db, course.id)).id;
	const row = await db
		.insertInto('lesson')
		// As the editor and the importer do: an activity that completes on view is an 'on view' lesson.
		.values({
			courseId: course.id,
			moduleId,
			slug: lesson.slug,
			title: `Activity ${lesson.slug}`,
			position: lesson.position,
			required: lesson.required ?? true,
			completion: lesson.completion === 'view' ? 'on_view' : 'manual'
		})
		.returning(['id', 'slug'])
		.executeTakeFirstOrThrow();
	await db
		.insertInto('lessonItem')
		.values({
			lessonId: row.id,
			position: 1,
			kind: 'h5p',
			body: '',
			data: JSON.stringify({ contentId, completion: lesson.completion ?? 'score', passPercent: lesson.passPercent ?? 50 })
		})
		.execute();
	return { ...row, contentId };
}

/** The test package as a cohort course with a scored activity (pass 60) and one that completes on view. */
export async function h5pCourse(db: Database, slug: string, rules: unknown = null) {
	const course = await importTestCourse(db, slug, 'cohort');
	const [basics, practice] = course.modules;
	const scored = await addH5pLesson(db, course, basics!.id, { slug: 'self-check', position: 3, passPercent: 60 });
	const cards = await addH5pLesson(db, course, practice!.id, { slug: 'dialog-cards', position: 2, completion: 'view' });
	if (rules) await db.updateTable('course').set({ completionRules: JSON.stringify(rules) }).where('id', '=', course.id).execute();
	return { ...course, scored, cards };
}

export const VERB = (verb: string) => ({ id: `http://adlnet.gov/expapi/verbs/${verb}`, display: { 'en-US': verb } });

/** A statement as H5P core writes it (TrueFalse's `answered`), with the given changes. */
export function statement(
	userId: string,
	lessonId: string,
	options: { verb?: string; raw?: number; max?: number; scaled?: number; success?: boolean; id?: string; sub?: string; noScore?: boolean } = {}
) {
	const iri = `${ORIGIN}/h5p/activity/${lessonId}`;
	const max = options.max ?? 1;
	const raw = options.raw ?? 1;
	return {
		...(options.id ? { id: options.id } : {}),
		actor: { name: 'A learner', mbox: `mailto:${userId}@users.bilim.invalid`, objectType: 'Agent' },
		verb: VERB(options.verb ?? 'answered'),
		object: {
			id: options.sub ? `${iri}?subContentId=${options.sub}` : iri,
			objectType: 'Activity',
			definition: { name: { 'en-US': 'Oslo quiz' }, interactionType: 'true-false', correctResponsesPattern: ['true'] }
		},
		context: {
			contextActivities: {
				category: [{ id: 'http://h5p.org/libraries/H5P.TrueFalse-1.6', objectType: 'Activity' }],
				...(options.sub ? { parent: [{ id: iri, objectType: 'Activity' }] } : {})
			}
		},
		...(options.noScore
			? {}
			: {
					result: {
						score: { min: 0, max, raw, ...(options.scaled !== undefined ? { scaled: options.scaled } : {}) },
						...(options.success !== undefined ? { success: options.success } : {}),
						completion: true,
						duration: 'PT3.5S'
					}
				})
	};
}
