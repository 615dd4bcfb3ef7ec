import type { Transaction } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/lib/server/courses/access';
import { createCourse } from '../../../src/lib/server/courses/authoring';
import { criterionFromForm, type RubricChange } from '../../../src/lib/server/courses/criterion-form';
import { exportCourseFiles } from '../../../src/lib/server/courses/export';
import { saveAssignmentLesson } from '../../../src/lib/server/courses/item-editor';
import { getLessonForEditing } from '../../../src/lib/server/courses/lesson-editor';
import { addLesson, addModule } from '../../../src/lib/server/courses/outline';
import { changeRubric, getAssignmentRubric } from '../../../src/lib/server/courses/rubric-editor';
import { assignmentSettings, type RubricCriterion } from '../../../src/lib/server/assessments/assignment-settings';
import type { DB, Role } from '../../../src/lib/server/db/schema';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../src/lib/server/errors';
import { makeOrganisation, makeUser } from '../../factories';
import { testDatabase } from '../test-db';

/** The rubric builder: criteria added, edited, moved and deleted through the domain functions. */

const db = await testDatabase();
const tx = <T>(fn: (trx: Transaction<DB>) => Promise<T>) => db.transaction().execute(fn);
const rejection = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

async function person(role: Role, organisationId: string | null): Promise<Actor> {
	const user = await makeUser(db, { role });
	await db.updateTable('appUser').set({ organisationId }).where('id', '=', user.id).execute();
	return { id: user.id, role, organisationId };
}

/** A criterion as the form would send it. */
function typed(fields: Record<string, string>, levels: [string, string][]): RubricCriterion {
	const values: Record<string, string> = { rows: String(levels.length + 2), ...fields };
	levels.forEach(([title, points], i) => {
		values[`level-${i}-title`] = title;
		values[`level-${i}-points`] = points;
	});
	const result = criterionFromForm(values);
	if (!result.ok) throw new Error(JSON.stringify(result.errors));
	return result.criterion;
}

let author: Actor;
let stranger: Actor;
let learner: Actor;
let courseSlug = '';
const LESSON = 'capstone-plan';

const change = (c: RubricChange, actor: Actor = author) => tx((trx) => changeRubric(trx, actor, courseSlug, LESSON, c));
const stored = async () => {
	const { lesson, revisions } = await getLessonForEditing(db, author, courseSlug, LESSON);
	return { settings: assignmentSettings(lesson.data), revisions: revisions.length, lesson };
};

beforeAll(async () => {
	const org = await makeOrganisation(db);
	const other = await makeOrganisation(db);
	author = await person('author', org.id);
	stranger = await person('author', other.id);
	learner = await person('learner', null);
	const course = await tx((trx) => createCourse(trx, author, { title: 'Rubric builder', language: 'en' }));
	courseSlug = course.slug;
	const moduleId = (await tx((trx) => addModule(trx, author, courseSlug, 'Practice'))).id;
	await tx((trx) => addLesson(trx, author, courseSlug, moduleId, 'Capstone plan', 'assignment'));
	await tx((trx) => addLesson(trx, author, courseSlug, moduleId, 'Reading', 'text'));
});

describe('the rubric builder', () => {
	it('adds two criteria, each saved with a revision, and reads them back for the form', async () => {
		const before = await stored();
		expect(before.settings.rubric).toEqual([]);
		const diagnosis = typed({ title: 'Where the water goes', description: 'Losses named, with evidence.' }, [
			['Missing', '0'],
			['Main losses named', '10']
		]);
		expect(await change({ kind: 'save', criterionId: null, criterion: diagnosis })).toEqual({ slug: LESSON, changed: true });
		const measures = typed({ id: 'measures', title: 'Choice of measures' }, [
			['None', '0'],
			['Some', '5'],
			['Sensible and explained', '10']
		]);
		await change({ kind: 'save', criterionId: null, criterion: measures });
		const after = await stored();
		expect(after.revisions).toBe(before.revisions + 2);
		expect(after.settings.rubric.map((c) => c.id)).toEqual(['where-the-water-goes', 'measures']);
		expect(after.settings.rubric[0]).toEqual({
			id: 'where-the-water-goes',
			title: 'Where the water goes',
			description: 'Losses named, with evidence.',
			levels: [
				{ id: 'missing', title: 'Missing', points: 0 },
				{ id: 'main-losses-named', title: 'Main losses named', points: 10 }
			]
		});
		// the instructions and the other settings are kept
		expect(after.lesson.title).toBe('Capstone plan');
		expect(after.settings.passPercent).toBe(50);
		const { rubric, lesson } = await getAssignmentRubric(db, author, courseSlug, LESSON);
		expect(rubric.length).toBe(2);
		expect(lesson.slug).toBe(LESSON);
		// the course file has the rubric as an author would have written it
		const files = await exportCourseFiles(db, courseSlug);
		const file = [...files.entries()].find(([name]) => name.endsWith('capstone-plan.assignment.md'));
		expect(new TextDecoder().decode(file?.[1])).toContain('id: where-the-water-goes');
	});

	it('edits a criterion in place, keeping the ids of its levels, and renames it', async () => {
		const { settings } = await stored();
		const measures = settings.rubric[1]!;
		const edited = typed({ id: 'choice', title: 'Choice of measures, explained' }, [
			['None', '0'],
			['Some', '4'],
			['Sensible and explained', '12']
		]);
		// as the form sends it: the stored levels keep their hidden ids
		edited.levels = edited.levels.map((l, i) => ({ ...l, id: measures.levels[i]!.id }));
		await change({ kind: 'save', criterionId: 'measures', criterion: edited });
		const after = (await stored()).settings.rubric;
		expect(after.map((c) => c.id)).toEqual(['where-the-water-goes', 'choice']);
		expect(after[1]!.levels.map((l) => [l.id, l.points])).toEqual([
			['none', 0],
			['some', 4],
			['sensible-and-explained', 12]
		]);
	});

	it('moves a criterion, and a move past the end stores nothing', async () => {
		await change({ kind: 'move', criterionId: 'choice', direction: 'up' });
		expect((await stored()).settings.rubric.map((c) => c.id)).toEqual(['choice', 'where-the-water-goes']);
		const before = await stored();
		expect(await change({ kind: 'move', criterionId: 'choice', direction: 'up' })).toEqual({ slug: LESSON, changed: false });
		expect((await stored()).revisions).toBe(before.revisions);
	});

	it('refuses an id already used, an unknown criterion and another kind of lesson, storing nothing', async () => {
		const before = await stored();
		const copy = typed({ id: 'choice', title: 'A copy' }, [
			['A', '0'],
			['B', '1']
		]);
		const taken = await rejection(change({ kind: 'save', criterionId: null, criterion: copy }));
		expect(taken).toBeInstanceOf(ValidationError);
		expect(taken).toMatchObject({ field: 'id', message: 'error_rubric_criterion_id_taken' });
		expect(await rejection(change({ kind: 'delete', criterionId: 'nope' }))).toBeInstanceOf(NotFoundError);
		expect(await rejection(change({ kind: 'save', criterionId: 'nope', criterion: copy }))).toBeInstanceOf(NotFoundError);
		expect(await rejection(tx((trx) => changeRubric(trx, author, courseSlug, 'reading', { kind: 'delete', criterionId: 'choice' })))).toBeInstanceOf(
			NotFoundError
		);
		expect(await rejection(getAssignmentRubric(db, author, courseSlug, 'reading'))).toBeInstanceOf(NotFoundError);
		// a criterion the settings' rules refuse (here: one level, past the form's own check)
		const lonely = { ...copy, id: 'lonely', levels: copy.levels.slice(0, 1) };
		const invalid = await rejection(change({ kind: 'save', criterionId: null, criterion: lonely }));
		expect(invalid).toMatchObject({ field: 'form', message: 'error_rubric_criterion_invalid' });
		expect((invalid as ValidationError).params.problem).toContain('levels needs at least 2 entries');
		const after = await stored();
		expect(after.settings).toEqual(before.settings);
		expect(after.revisions).toBe(before.revisions);
	});

	it('lets only the course editors change or read the rubric', async () => {
		const before = await stored();
		for (const actor of [stranger, learner]) {
			expect(await rejection(change({ kind: 'delete', criterionId: 'choice' }, actor))).toBeInstanceOf(ForbiddenError);
			expect(await rejection(getAssignmentRubric(db, actor, courseSlug, LESSON))).toBeInstanceOf(ForbiddenError);
		}
		expect(await rejection(tx((trx) => changeRubric(trx, null, courseSlug, LESSON, { kind: 'delete', criterionId: 'choice' })))).toBeInstanceOf(
			ForbiddenError
		);
		expect((await stored()).settings).toEqual(before.settings);
	});

	it('applies a change to the rubric as stored now, after a save of the YAML editor', async () => {
		const { settings, lesson } = await stored();
		const yamlSaved = { ...settings, passPercent: 70, rubric: [...settings.rubric].reverse() };
		await tx((trx) =>
			saveAssignmentLesson(trx, author, courseSlug, lesson.id, {
				title: lesson.title,
				slug: lesson.slug,
				minutes: lesson.estimatedMinutes,
				required: lesson.required,
				body: 'Plan the water of one field.',
				settings: yamlSaved
			})
		);
		await change({ kind: 'delete', criterionId: 'choice' });
		const after = await stored();
		expect(after.settings.rubric.map((c) => c.id)).toEqual(['where-the-water-goes']);
		expect(after.settings.passPercent).toBe(70);
		expect(after.lesson.body).toBe('Plan the water of one field.');
	});
});
