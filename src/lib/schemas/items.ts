import { z } from 'zod';
import { LESSON_KINDS, REVIEW_POLICY_IDS } from '../courses/items';
import { MAX_SLUG, SLUG_PATTERN } from '../courses/taxonomy';
import { MAX_BODY, MAX_DESCRIPTION, MinutesField, SlugField, TitleField, longText } from './courses';

/**
 * The forms of the quiz and assignment editors (docs/assessment.md, "Authoring quizzes and
 * assignments"). These check each field's shape; the quiz engine and the assignment settings
 * then check the whole (questions, rubric), with problems by line.
 */

/** Larger than any sensible list of questions or rubric, smaller than a request's limit. */
export const MAX_ITEM_YAML = 1_000_000;

const checkbox = z
	.string()
	.optional()
	.transform((v) => v === 'yes');

/** A number typed in a field: a comma is a decimal point; empty is `null` when allowed. */
function numberField(min: number, max: number, options: { whole?: boolean; optional?: boolean; key: string }) {
	const check = z
		.number({ error: options.key })
		.min(min, { error: options.key })
		.max(max, { error: options.key })
		.refine((n) => !options.whole || Number.isInteger(n), { error: options.key });
	return z
		.string()
		.optional()
		.default('')
		.transform((s) => s.trim().replace(',', '.'))
		.superRefine((s, ctx) => {
			if (s === '' && !options.optional) ctx.addIssue({ code: 'custom', message: 'error_required' });
		})
		.transform((s) => (s === '' ? null : Number(s)))
		.pipe(check.nullable());
}

const YamlText = z
	.string()
	.optional()
	.default('')
	.transform((s) => s.replace(/\r\n?/g, '\n'))
	.pipe(z.string().max(MAX_ITEM_YAML, { error: 'error_too_long' }));

/** `draw`: empty (every question), a number, or `pool: n` pairs separated by commas. */
export const DrawField = z
	.string()
	.optional()
	.default('')
	.transform((s, ctx): number | Record<string, number> | null => {
		const text = s.trim();
		if (text === '') return null;
		if (/^\d+$/.test(text)) return Number(text);
		const pools: Record<string, number> = {};
		for (const part of text.split(/[,;\n]+/).map((p) => p.trim()).filter(Boolean)) {
			const match = /^([a-z0-9-]+)\s*:\s*(\d+)$/.exec(part);
			if (!match || match[1]!.length > MAX_SLUG || !SLUG_PATTERN.test(match[1]!)) {
				ctx.addIssue({ code: 'custom', message: 'error_quiz_draw_invalid' });
				return z.NEVER;
			}
			pools[match[1]!] = Number(match[2]);
		}
		return pools;
	});

const lessonFields = {
	lessonId: z.uuid({ error: 'error_lesson_not_found' }),
	title: TitleField,
	slug: SlugField,
	minutes: MinutesField,
	required: checkbox
};

export const QuizLessonSchema = z.object({
	...lessonFields,
	description: longText(MAX_DESCRIPTION),
	timeLimitMinutes: numberField(1, 24 * 60, { whole: true, optional: true, key: 'error_quiz_time_limit_invalid' }),
	attemptsAllowed: numberField(1, 100, { whole: true, optional: true, key: 'error_quiz_attempts_invalid' }),
	passPercent: numberField(0, 100, { key: 'error_percent_invalid' }).pipe(z.number()),
	shuffleQuestions: checkbox,
	shuffleOptions: checkbox,
	review: z.enum(REVIEW_POLICY_IDS, { error: 'error_invalid' }),
	draw: DrawField,
	questions: YamlText
});
export type QuizLessonInput = z.infer<typeof QuizLessonSchema>;

export const AssignmentLessonSchema = z.object({
	...lessonFields,
	body: longText(MAX_BODY),
	points: numberField(1, 1000, { key: 'error_assignment_points_invalid' }).pipe(z.number()),
	passPercent: numberField(0, 100, { key: 'error_percent_invalid' }).pipe(z.number()),
	fileTypes: z
		.string()
		.optional()
		.default('')
		.transform((s) =>
			s
				.split(/[\s,;]+/)
				.map((t) => t.trim().toLowerCase().replace(/^\./, ''))
				.filter(Boolean)
		)
		.pipe(z.array(z.string().regex(/^[a-z0-9]{1,10}$/, { error: 'error_assignment_file_types_invalid' })).max(30, { error: 'error_too_long' })),
	maxFileMb: numberField(0.01, 20, { key: 'error_assignment_file_size_invalid' }).pipe(z.number()),
	maxFiles: numberField(0, 10, { whole: true, key: 'error_assignment_max_files_invalid' }).pipe(z.number()),
	textEntry: checkbox,
	rubric: YamlText
});
export type AssignmentLessonInput = z.infer<typeof AssignmentLessonSchema>;

/** The outline's "add a lesson" form: a title and what kind of item it is. */
export const NewItemKindField = z.enum(LESSON_KINDS, { error: 'error_invalid' }).optional().default('text');

/** The H5P activity editor's settings form (the package itself is uploaded by its own form). */
export const H5pLessonSchema = z.object({
	...lessonFields,
	completion: z.enum(['score', 'view'], { error: 'error_invalid' }),
	passPercent: numberField(0, 100, { key: 'error_percent_invalid' }).pipe(z.number())
});
export type H5pLessonInput = z.infer<typeof H5pLessonSchema>;
