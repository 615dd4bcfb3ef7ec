import { z } from 'zod';
import { MAX_SLUG, SLUG_PATTERN, slugify } from '$lib/courses/taxonomy';
import { ASSIGNMENT_LIMITS, type RubricCriterion, type RubricLevel } from '../assessments/assignment-settings';
import { NotFoundError, ValidationError } from '../errors';

/**
 * The rubric builder: one criterion's form (id, title, description and rows of levels) to a
 * criterion and back, and the changes to a rubric it makes (save, move, delete). Pure: the
 * whole settings are then checked by assignment-settings.ts, the rules of the YAML editor and
 * the importer, before item-editor.ts saves them.
 *
 * Fields: `id`, `title`, `description`, `rows` (how many rows the form shows) and per row
 * `level-<i>-id` (hidden: an existing level keeps its id, which stored grades refer to),
 * `level-<i>-title`, `level-<i>-points`. A row with neither title nor points is blank and
 * ignored.
 */

/** Blank rows shown under the levels, and added by "Add more rows". */
export const BLANK_ROWS = 2;
/** The most rows a form shows (the levels' limit and room to type); rows past it are ignored. */
export const MAX_ROWS = ASSIGNMENT_LIMITS.levels + BLANK_ROWS;
/** A new criterion needs two levels at least: its form opens with room for four. */
const NEW_ROWS = 4;
/** `criteria/new` is the address of a new criterion, so no criterion made here may be called that. */
export const NEW_CRITERION = 'new';

/** The numbers the builder's messages name. */
export const CRITERION_PARAMS = {
	maxPoints: ASSIGNMENT_LIMITS.points,
	maxLevels: ASSIGNMENT_LIMITS.levels,
	maxCriteria: ASSIGNMENT_LIMITS.criteria
};

export type CriterionValues = Record<string, string>;

const field = (i: number, name: 'id' | 'title' | 'points') => `level-${i}-${name}`;
const clampRows = (n: number) => Math.min(MAX_ROWS, Math.max(1, Math.trunc(n)));

/** The form's fields for a stored criterion (or a new one), with blank rows to add levels. */
export function criterionFormValues(criterion: RubricCriterion | null): { values: CriterionValues; rows: number } {
	const values: CriterionValues = { id: criterion?.id ?? '', title: criterion?.title ?? '', description: criterion?.description ?? '' };
	criterion?.levels.forEach((level, i) => {
		values[field(i, 'id')] = level.id;
		values[field(i, 'title')] = level.title;
		values[field(i, 'points')] = String(level.points);
	});
	const rows = criterion ? clampRows(criterion.levels.length + BLANK_ROWS) : NEW_ROWS;
	values.rows = String(rows);
	return { values, rows };
}

/** How many rows the posted form had (a forged count is kept within 1 and MAX_ROWS). */
export function postedRows(values: CriterionValues): number {
	const n = Number(values.rows);
	return Number.isFinite(n) ? clampRows(n) : NEW_ROWS;
}

/** "Add more rows": the same form with BLANK_ROWS more, up to MAX_ROWS. */
export function moreRows(values: CriterionValues): number {
	return clampRows(postedRows(values) + BLANK_ROWS);
}

/** Points as typed: a number from 0 to the limit, a comma as decimal point; null when it is not one. */
function readPoints(text: string): number | null {
	const s = text.trim().replace(',', '.');
	if (!/^\d{1,4}(\.\d{1,2})?$/.test(s)) return null;
	const n = Number(s);
	return n <= ASSIGNMENT_LIMITS.points ? n : null;
}

const isSlug = (s: string) => s.length <= MAX_SLUG && SLUG_PATTERN.test(s);

/** A slug from `base` that is not in `taken` (base, base-2, base-3 …). */
function freeId(base: string, taken: Set<string>): string {
	const stem = base.slice(0, MAX_SLUG - 4).replace(/-+$/, '') || 'level';
	if (!taken.has(stem)) return stem;
	for (let n = 2; ; n++) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

export type CriterionFormResult =
	| { ok: true; criterion: RubricCriterion }
	| { ok: false; errors: Record<string, string>; params: Record<string, number> };

/**
 * The posted form as a criterion, or a message key per field. An empty id is made from the
 * title; a level without its hidden id (a new row) gets one made from its title.
 */
export function criterionFromForm(values: CriterionValues): CriterionFormResult {
	const errors: Record<string, string> = {};
	const title = (values.title ?? '').trim();
	const description = (values.description ?? '').replace(/\r\n?/g, '\n').trim();
	if (!title) errors.title = 'error_required';
	else if (title.length > ASSIGNMENT_LIMITS.title) errors.title = 'error_too_long';
	if (description.length > ASSIGNMENT_LIMITS.description) errors.description = 'error_too_long';

	let id = (values.id ?? '').trim().toLowerCase();
	if (id === '' && title) id = slugify(title);
	if (id.length > MAX_SLUG) errors.id = 'error_too_long';
	else if (id && !SLUG_PATTERN.test(id)) errors.id = 'error_slug_invalid';
	else if (id === NEW_CRITERION) errors.id = 'error_rubric_criterion_id_reserved';

	const rows: { row: number; id: string; title: string; points: number }[] = [];
	for (let i = 0; i < postedRows(values); i++) {
		const levelTitle = (values[field(i, 'title')] ?? '').trim();
		const pointsText = (values[field(i, 'points')] ?? '').trim();
		if (!levelTitle && !pointsText) continue;
		const points = readPoints(pointsText);
		if (!levelTitle) errors[field(i, 'title')] = 'error_rubric_level_title_required';
		else if (levelTitle.length > ASSIGNMENT_LIMITS.title) errors[field(i, 'title')] = 'error_too_long';
		if (!pointsText) errors[field(i, 'points')] = 'error_rubric_level_points_required';
		else if (points === null) errors[field(i, 'points')] = 'error_rubric_points_invalid';
		rows.push({ row: i, id: (values[field(i, 'id')] ?? '').trim(), title: levelTitle, points: points ?? 0 });
	}
	if (rows.length < 2) errors.levels = 'error_rubric_levels_too_few';
	else if (rows.length > ASSIGNMENT_LIMITS.levels) errors.levels = 'error_rubric_levels_too_many';
	if (Object.keys(errors).length) return { ok: false, errors, params: CRITERION_PARAMS };

	// Kept ids first (the first row with an id keeps it), then new ones that none of them use.
	const taken = new Set<string>();
	const ids = rows.map((r) => (isSlug(r.id) && !taken.has(r.id) ? (taken.add(r.id), r.id) : null));
	const levels: RubricLevel[] = rows.map((r, i) => {
		const levelId = ids[i] ?? freeId(slugify(r.title), taken);
		taken.add(levelId);
		return { id: levelId, title: r.title, points: r.points };
	});
	return { ok: true, criterion: { id, title, description: description || null, levels } };
}

export type RubricChange =
	| { kind: 'save'; /** the criterion's id before the edit; null for a new one */ criterionId: string | null; criterion: RubricCriterion }
	| { kind: 'move'; criterionId: string; direction: 'up' | 'down' }
	| { kind: 'delete'; criterionId: string };

/**
 * The rubric after one change, as a new list (the same list when nothing changes: a move past
 * either end). An unknown criterion is not found; an id another criterion has is refused.
 */
export function applyRubricChange(rubric: RubricCriterion[], change: RubricChange): RubricCriterion[] {
	const index = change.criterionId === null ? -1 : rubric.findIndex((c) => c.id === change.criterionId);
	if (change.criterionId !== null && index < 0) throw new NotFoundError('error_rubric_criterion_not_found');
	if (change.kind === 'delete') return rubric.filter((_, i) => i !== index);
	if (change.kind === 'move') {
		const to = change.direction === 'up' ? index - 1 : index + 1;
		if (to < 0 || to >= rubric.length) return rubric;
		const moved = [...rubric];
		[moved[index], moved[to]] = [moved[to]!, moved[index]!];
		return moved;
	}
	if (rubric.some((c, i) => i !== index && c.id === change.criterion.id)) {
		throw new ValidationError('id', 'error_rubric_criterion_id_taken');
	}
	if (index < 0) {
		if (rubric.length >= ASSIGNMENT_LIMITS.criteria) throw new ValidationError('form', 'error_rubric_too_many_criteria', CRITERION_PARAMS);
		return [...rubric, change.criterion];
	}
	return rubric.map((c, i) => (i === index ? change.criterion : c));
}

const CriterionIdField = z.string().trim().max(MAX_SLUG).regex(SLUG_PATTERN);
/** The lesson editor's "Move up" / "Move down" buttons of a criterion. */
export const MoveCriterionSchema = z.object({ criterionId: CriterionIdField, direction: z.enum(['up', 'down']) });
/** The lesson editor's "Delete criterion" form (its box must be ticked). */
export const DeleteCriterionSchema = z.object({ criterionId: CriterionIdField, confirm: z.string().optional() });
