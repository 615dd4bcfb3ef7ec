import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { exportCourseFiles, exportCourseZip } from '../../../src/lib/server/courses/export';
import { importCourse } from '../../../src/lib/server/courses/import';
import { readCourseZip, type PackageFiles } from '../../../src/lib/server/courses/package/files';
import { parseCoursePackage, type ParsedCourse } from '../../../src/lib/server/courses/package/parse';
import { CoursePackageError, importCourseZip } from '../../../src/lib/server/courses/packages';
import { ASSIGNMENT_MD, QUIZ_YAML, courseWithItems, validCourseFiles } from '../../course-package';
import { makeUser } from '../../factories';
import { testDatabase } from '../test-db';

const db = await testDatabase();
const QUIZ = '02-practice/02-check.quiz.yaml';
const TASK = '02-practice/03-capstone.assignment.md';

function parse(files: PackageFiles, slug = 'items') {
	const { course, problems } = parseCoursePackage(files, slug);
	expect(problems).toEqual([]);
	return course!;
}
const write = (course: ParsedCourse) => db.transaction().execute((trx) => importCourse(trx, course, { userId: null, sourceHash: null }));
const canonical = (course: ParsedCourse) => ({
	...course,
	assets: course.assets.map((a) => ({ path: a.path, sha256: createHash('sha256').update(a.data).digest('hex') })).sort((a, b) => a.path.localeCompare(b.path))
});
const lessonIds = async (courseId: string) =>
	new Map((await db.selectFrom('lesson').select(['id', 'slug']).where('courseId', '=', courseId).execute()).map((l) => [l.slug, l.id]));
const text = (files: PackageFiles, path: string) => new TextDecoder().decode(files.get(path));

describe('importing and exporting quizzes and assignments', () => {
	let courseId = '';

	it('writes each item as a lesson of its kind, and the completion rules on the course', async () => {
		const result = await write(parse(courseWithItems()));
		courseId = result.courseId;
		expect(result.lessons.created).toBe(5);
		const items = await db
			.selectFrom('lesson')
			.innerJoin('lessonItem', 'lessonItem.lessonId', 'lesson.id')
			.select(['lesson.slug', 'lesson.title', 'lesson.estimatedMinutes', 'lessonItem.kind', 'lessonItem.body', 'lessonItem.data'])
			.where('lesson.courseId', '=', courseId)
			.where('lessonItem.kind', '!=', 'text')
			.orderBy('lesson.slug')
			.execute();
		expect(items.map((i) => [i.slug, i.kind, i.title, i.estimatedMinutes])).toEqual([
			['capstone', 'assignment', 'Capstone plan', 120],
			['check', 'quiz', 'Check your understanding', 15]
		]);
		expect(items[0]!.body).toMatch(/^Write a one-page plan/);
		expect(items[0]!.data).toMatchObject({ passPercent: 60, maxFiles: 2, fileTypes: ['pdf', 'docx'] });
		expect(items[1]!.data).toMatchObject({ settings: { title: 'Check your understanding', passPercent: 60, attemptsAllowed: 2 } });
		const course = await db.selectFrom('course').select('completionRules').where('id', '=', courseId).executeTakeFirstOrThrow();
		expect(course.completionRules).toEqual({ lessons: 'required', quizzes: ['check'], assignments: { capstone: 60 }, weights: { check: 30, capstone: 70 } });
		// the history keeps the quiz as its file
		const history = await db
			.selectFrom('lessonRevision')
			.innerJoin('lesson', 'lesson.id', 'lessonRevision.lessonId')
			.select('lessonRevision.body')
			.where('lesson.slug', '=', 'check')
			.executeTakeFirstOrThrow();
		expect(history.body).toMatch(/^title: Check your understanding\n/);
	});

	it('exports them in the same format, and the export reads back as the same course', async () => {
		const files = await exportCourseFiles(db, 'items');
		expect(text(files, '02-practice/02-check.quiz.yaml')).toMatch(/^title: Check your understanding\nminutes: 15\n/);
		expect(text(files, '02-practice/03-capstone.assignment.md')).toMatch(/^---\ntitle: Capstone plan\nminutes: 120\nfile_types:/);
		expect(text(files, 'course.yaml')).toContain('completion:\n  lessons: required\n  quizzes:\n    - check\n');
		expect(canonical(parse(files))).toEqual(canonical(parse(courseWithItems())));
		const zip = await exportCourseZip(db, 'items');
		const read = await readCourseZip(zip, 'ignored');
		expect(canonical(parse(read.files, read.slug))).toEqual(canonical(parse(courseWithItems())));
	});

	it('keeps lesson ids and learners\' records when the same course is imported again, changed or not', async () => {
		const before = await lessonIds(courseId);
		const learner = await makeUser(db);
		const check = before.get('check')!;
		await db.insertInto('lessonProgress').values({ userId: learner.id, courseId, lessonId: check, cohortId: null }).execute();
		await db
			.insertInto('quizAttempt')
			.values({
				userId: learner.id,
				lessonId: check,
				cohortId: null,
				number: 1,
				seed: 'seed',
				attempt: JSON.stringify({}),
				quiz: JSON.stringify({}),
				startedAt: new Date()
			})
			.execute();
		const same = await write(parse(courseWithItems()));
		expect(same.lessons).toEqual({ created: 0, updated: 0, unchanged: 5, removed: 0 });
		// a changed quiz and assignment are updated in place
		const changed = await write(
			parse(courseWithItems({ [QUIZ]: QUIZ_YAML.replace('pass_percent: 60', 'pass_percent: 80'), [TASK]: ASSIGNMENT_MD.replace('one-page', 'two-page') }))
		);
		expect(changed.lessons).toEqual({ created: 0, updated: 2, unchanged: 3, removed: 0 });
		expect(await lessonIds(courseId)).toEqual(before);
		expect((await db.selectFrom('quizAttempt').select('id').where('lessonId', '=', check).execute()).length).toBe(1);
		expect((await db.selectFrom('lessonProgress').select('lessonId').where('lessonId', '=', check).execute()).length).toBe(1);
		const quiz = await db.selectFrom('lessonItem').select('data').where('lessonId', '=', check).executeTakeFirstOrThrow();
		expect(quiz.data).toMatchObject({ settings: { passPercent: 80 } });
	});

	it('lets a lesson change kind, keeping its id, unless learners have records of its old kind', async () => {
		const ids = await lessonIds(courseId);
		// a text lesson becomes a quiz: same id
		const asQuiz = courseWithItems({ '02-practice/01-field-visit.md': null, '02-practice/01-field-visit.quiz.yaml': QUIZ_YAML });
		await write(parse(asQuiz));
		expect((await lessonIds(courseId)).get('field-visit')).toBe(ids.get('field-visit'));
		const item = await db.selectFrom('lessonItem').select('kind').where('lessonId', '=', ids.get('field-visit')!).executeTakeFirstOrThrow();
		expect(item.kind).toBe('quiz');
		// a quiz with an attempt cannot become an assignment: nothing is written
		const asTask = courseWithItems({
			'course.yaml': validCourseFiles().get('course.yaml')!,
			[QUIZ]: null,
			'02-practice/02-check.assignment.md': ASSIGNMENT_MD
		});
		const error = await write(parse(asTask)).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(CoursePackageError);
		expect((error as CoursePackageError).problems).toEqual([
			'items: the lesson "check" was a quiz with learners\' attempts; it cannot become an assignment. Give the new file another slug (another name after its number).'
		]);
		const still = await db.selectFrom('lessonItem').select('kind').where('lessonId', '=', ids.get('check')!).executeTakeFirstOrThrow();
		expect(still.kind).toBe('quiz');
		// the course as it was still imports, back to a text lesson
		await write(parse(courseWithItems()));
		expect((await lessonIds(courseId)).get('field-visit')).toBe(ids.get('field-visit'));
	});

	it('imports a zip through the same checks', async () => {
		const files = courseWithItems({ [QUIZ]: QUIZ_YAML.replace('    answer: true\n', '') });
		const { zipSync } = await import('fflate');
		const zip = zipSync(Object.fromEntries([...files].map(([p, d]) => [`zipped/${p}`, d])));
		const error = await importCourseZip(db, zip, 'zipped.zip').catch((e: unknown) => e);
		expect((error as CoursePackageError).problems).toEqual([
			'zipped.zip/02-practice/02-check.quiz.yaml:15: question 2 (aral-shrank): answer is required'
		]);
		expect(await db.selectFrom('course').select('id').where('slug', '=', 'zipped').executeTakeFirst()).toBeUndefined();
	});
});
