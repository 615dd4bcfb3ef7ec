import { describe, expect, it } from 'vitest';
import type { RubricCriterion } from '../../../src/lib/server/assessments/assignment-settings';
import {
	MAX_ROWS,
	applyRubricChange,
	criterionFormValues,
	criterionFromForm,
	moreRows,
	postedRows
} from '../../../src/lib/server/courses/criterion-form';
import { NotFoundError, ValidationError } from '../../../src/lib/server/errors';

const analysis: RubricCriterion = {
	id: 'analysis',
	title: 'Analysis of the problem',
	description: 'Where the water is lost.',
	levels: [
		{ id: 'weak', title: 'Missing or general', points: 0 },
		{ id: 'good', title: 'Main losses named', points: 10 }
	]
};
const measures: RubricCriterion = { ...analysis, id: 'measures', title: 'Choice of measures', description: null };

const rejection = (fn: () => unknown) => {
	try {
		fn();
	} catch (e) {
		return e;
	}
	return undefined;
};

describe('the criterion form', () => {
	it('shows a stored criterion with its levels and two blank rows, a new one with four', () => {
		const { values, rows } = criterionFormValues(analysis);
		expect(rows).toBe(4);
		expect(values).toMatchObject({
			id: 'analysis',
			title: 'Analysis of the problem',
			description: 'Where the water is lost.',
			'level-0-id': 'weak',
			'level-1-title': 'Main losses named',
			'level-1-points': '10',
			rows: '4'
		});
		expect(values['level-2-title']).toBeUndefined();
		expect(criterionFormValues(null)).toMatchObject({ rows: 4, values: { id: '', title: '', description: '' } });
	});

	it('reads it back unchanged, keeping the level ids grades refer to', () => {
		const result = criterionFromForm(criterionFormValues(analysis).values);
		expect(result).toEqual({ ok: true, criterion: analysis });
	});

	it('makes the ids from the titles, skips blank rows, reads a decimal comma and keeps the order', () => {
		const result = criterionFromForm({
			id: '',
			title: '  Шаги и затраты ',
			description: '',
			rows: '5',
			'level-0-title': 'Weak',
			'level-0-points': '0',
			'level-1-title': '',
			'level-1-points': '',
			'level-2-title': 'Weak',
			'level-2-points': '2,5',
			'level-3-title': 'Strong!',
			'level-3-points': '1000'
		});
		expect(result).toEqual({
			ok: true,
			criterion: {
				id: 'shagi-i-zatraty',
				title: 'Шаги и затраты',
				description: null,
				levels: [
					{ id: 'weak', title: 'Weak', points: 0 },
					{ id: 'weak-2', title: 'Weak', points: 2.5 },
					{ id: 'strong', title: 'Strong!', points: 1000 }
				]
			}
		});
	});

	it('says what is wrong beside each field, with nothing half-read', () => {
		const result = criterionFromForm({
			id: 'Bad Id',
			title: '',
			description: 'x'.repeat(2001),
			rows: '4',
			'level-0-title': '',
			'level-0-points': '5',
			'level-1-title': 'Good',
			'level-1-points': '-1',
			'level-2-title': 'Best',
			'level-2-points': '',
			'level-3-title': 'Way too many',
			'level-3-points': '1000.5'
		});
		expect(result).toMatchObject({
			ok: false,
			errors: {
				id: 'error_slug_invalid',
				title: 'error_required',
				description: 'error_too_long',
				'level-0-title': 'error_rubric_level_title_required',
				'level-1-points': 'error_rubric_points_invalid',
				'level-2-points': 'error_rubric_level_points_required',
				'level-3-points': 'error_rubric_points_invalid'
			},
			params: { maxPoints: 1000, maxLevels: 10 }
		});
	});

	it('needs two levels, at most ten, and keeps the id "new" for the new-criterion page', () => {
		const one = criterionFromForm({ title: 'Only one', rows: '2', 'level-0-title': 'All', 'level-0-points': '1' });
		expect(one).toMatchObject({ ok: false, errors: { levels: 'error_rubric_levels_too_few' } });
		const levels = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [[`level-${i}-title`, `L${i}`], [`level-${i}-points`, String(i)]]).flat());
		expect(criterionFromForm({ title: 'Many', rows: '12', ...levels })).toMatchObject({ ok: false, errors: { levels: 'error_rubric_levels_too_many' } });
		expect(criterionFromForm({ id: 'new', title: 'New', rows: '2', 'level-0-title': 'A', 'level-0-points': '0', 'level-1-title': 'B', 'level-1-points': '1' })).toMatchObject({
			ok: false,
			errors: { id: 'error_rubric_criterion_id_reserved' }
		});
	});

	it('ignores forged hidden ids and row counts: a bad level id is replaced, rows stay within the limit', () => {
		const result = criterionFromForm({
			title: 'T',
			rows: '999',
			'level-0-id': '../x',
			'level-0-title': 'First',
			'level-0-points': '1',
			'level-1-id': 'first',
			'level-1-title': 'Second',
			'level-1-points': '2',
			'level-20-title': 'Far away',
			'level-20-points': '3'
		});
		expect(result.ok && result.criterion.levels.map((l) => l.id)).toEqual(['first-2', 'first']);
		expect(postedRows({ rows: '999' })).toBe(MAX_ROWS);
		expect(postedRows({ rows: '-3' })).toBe(1);
		expect(postedRows({ rows: 'abc' })).toBe(4);
		expect(moreRows({ rows: '4' })).toBe(6);
		expect(moreRows({ rows: String(MAX_ROWS - 1) })).toBe(MAX_ROWS);
	});
});

describe('changes to a rubric', () => {
	const rubric = [analysis, measures];

	it('adds at the end, edits in place (also renaming), moves and deletes', () => {
		const steps: RubricCriterion = { ...analysis, id: 'steps', title: 'Steps' };
		expect(applyRubricChange(rubric, { kind: 'save', criterionId: null, criterion: steps }).map((c) => c.id)).toEqual(['analysis', 'measures', 'steps']);
		expect(applyRubricChange(rubric, { kind: 'save', criterionId: 'analysis', criterion: steps }).map((c) => c.id)).toEqual(['steps', 'measures']);
		expect(applyRubricChange(rubric, { kind: 'move', criterionId: 'measures', direction: 'up' }).map((c) => c.id)).toEqual(['measures', 'analysis']);
		expect(applyRubricChange(rubric, { kind: 'delete', criterionId: 'analysis' }).map((c) => c.id)).toEqual(['measures']);
		expect(rubric.map((c) => c.id)).toEqual(['analysis', 'measures']);
	});

	it('returns the same list for a move past either end', () => {
		expect(applyRubricChange(rubric, { kind: 'move', criterionId: 'analysis', direction: 'up' })).toBe(rubric);
		expect(applyRubricChange(rubric, { kind: 'move', criterionId: 'measures', direction: 'down' })).toBe(rubric);
	});

	it('refuses an id another criterion has, an unknown criterion, and a 21st criterion', () => {
		const taken = rejection(() => applyRubricChange(rubric, { kind: 'save', criterionId: 'analysis', criterion: { ...analysis, id: 'measures' } }));
		expect(taken).toBeInstanceOf(ValidationError);
		expect(taken).toMatchObject({ field: 'id', message: 'error_rubric_criterion_id_taken' });
		expect(rejection(() => applyRubricChange(rubric, { kind: 'save', criterionId: null, criterion: analysis }))).toMatchObject({ field: 'id' });
		expect(rejection(() => applyRubricChange(rubric, { kind: 'delete', criterionId: 'nope' }))).toBeInstanceOf(NotFoundError);
		expect(rejection(() => applyRubricChange(rubric, { kind: 'move', criterionId: 'nope', direction: 'up' }))).toBeInstanceOf(NotFoundError);
		const full = Array.from({ length: 20 }, (_, i) => ({ ...analysis, id: `c${i}` }));
		expect(rejection(() => applyRubricChange(full, { kind: 'save', criterionId: null, criterion: analysis }))).toMatchObject({
			field: 'form',
			message: 'error_rubric_too_many_criteria'
		});
	});
});
