import { z } from 'zod';
import {
	COURSE_LANGUAGES,
	LEVELS,
	LICENCES,
	COURSE_ACCESS,
	MAX_SLUG,
	SLUG_PATTERN,
	THEMATIC_AREAS
} from '../courses/taxonomy';
import { OptionalIdField } from './common';

/**
 * The authoring forms. Limits follow the courses/ format (docs/course-format.md), so every
 * course saved here exports as a package that imports again. Fields that a form sends more
 * than once (checkboxes, one title per file) arrive joined with newlines by the route.
 */

export const MAX_TITLE = 200;
export const MAX_SUMMARY = 1000;
export const MAX_DESCRIPTION = 20_000;
export const MAX_BODY = 200_000;
export const MAX_OUTCOME = 500;
export const MAX_AUTHOR = 200;

/** CRLF from a textarea becomes LF, so the stored text is the same from every browser. */
const normalise = (s: string) => s.replace(/\r\n?/g, '\n');

export const TitleField = z
	.string({ error: 'error_required' })
	.trim()
	.min(1, { error: 'error_required' })
	.max(MAX_TITLE, { error: 'error_too_long' });

export const SlugField = z
	.string({ error: 'error_required' })
	.trim()
	.toLowerCase()
	.min(1, { error: 'error_required' })
	.max(MAX_SLUG, { error: 'error_too_long' })
	.regex(SLUG_PATTERN, { error: 'error_slug_invalid' });

/** Empty means "make one from the title". */
const OptionalSlugField = z
	.string()
	.trim()
	.optional()
	.transform((v) => v || undefined)
	.pipe(SlugField.optional());

const LanguageField = z.enum(COURSE_LANGUAGES, { error: 'error_language_unknown' });

/** Text kept as typed apart from line endings; empty allowed. */
export const longText = (max: number) =>
	z
		.string()
		.optional()
		.default('')
		.transform(normalise)
		.pipe(z.string().max(max, { error: 'error_too_long' }));

/** A textarea with one entry per line: blank lines dropped, each line trimmed. */
const lines = (maxEach: number, maxCount: number) =>
	z
		.string()
		.optional()
		.default('')
		.transform((s) =>
			normalise(s)
				.split('\n')
				.map((l) => l.trim())
				.filter(Boolean)
		)
		.pipe(
			z
				.array(z.string().max(maxEach, { error: 'error_line_too_long' }))
				.max(maxCount, { error: 'error_too_many_lines' })
		);

/** A field the route joined from repeated form entries; the values as sent, in order. */
const joined = z
	.string()
	.optional()
	.default('')
	.transform((s) => (s === '' ? [] : s.split('\n')));

export const NewCourseSchema = z.object({
	title: TitleField,
	slug: OptionalSlugField,
	language: LanguageField,
	organisationId: OptionalIdField
});
export type NewCourseInput = z.infer<typeof NewCourseSchema>;

const HoursField = z
	.string({ error: 'error_required' })
	.trim()
	.min(1, { error: 'error_required' })
	.transform((s) => Number(s.replace(',', '.')))
	.pipe(
		z
			.number({ error: 'error_hours_invalid' })
			.min(0, { error: 'error_hours_invalid' })
			.max(1000, { error: 'error_hours_invalid' })
			.refine((n) => Number.isInteger(n * 2), { error: 'error_hours_invalid' })
	);

export const CourseDetailsSchema = z.object({
	title: TitleField,
	summary: z
		.string({ error: 'error_required' })
		.transform(normalise)
		.pipe(z.string().trim().min(1, { error: 'error_required' }).max(MAX_SUMMARY, { error: 'error_too_long' })),
	description: longText(MAX_DESCRIPTION),
	language: LanguageField,
	thematicAreas: joined.pipe(
		z
			.array(z.enum(THEMATIC_AREAS, { error: 'error_invalid' }))
			.min(1, { error: 'error_areas_required' })
			.transform((areas) => [...new Set(areas)])
	),
	level: z.enum(LEVELS, { error: 'error_invalid' }),
	estimatedHours: HoursField,
	outcomes: lines(MAX_OUTCOME, 50).pipe(z.array(z.string()).min(1, { error: 'error_outcomes_required' })),
	licence: z.enum(LICENCES, { error: 'error_invalid' }),
	access: z.enum(COURSE_ACCESS, { error: 'error_invalid' }).optional(),
	authors: lines(MAX_AUTHOR, 50),
	coverAssetId: OptionalIdField
});
export type CourseDetailsInput = z.infer<typeof CourseDetailsSchema>;

export const DescriptionPreviewSchema = z.object({ description: longText(MAX_DESCRIPTION) });

/** A delete button's "Yes, delete" checkbox. */
const ConfirmField = z.literal('yes', { error: 'error_confirm_delete' });

export const TitleSchema = z.object({ title: TitleField });
export const ModuleSchema = z.object({ moduleId: z.uuid({ error: 'error_module_not_found' }) });
export const DeleteModuleSchema = ModuleSchema.extend({ confirm: ConfirmField });
export const RenameModuleSchema = ModuleSchema.extend({ title: TitleField });
export const NewLessonSchema = ModuleSchema.extend({ title: TitleField });
export const LessonIdSchema = z.object({ lessonId: z.uuid({ error: 'error_lesson_not_found' }) });
export const DeleteLessonSchema = LessonIdSchema.extend({ confirm: ConfirmField });
export const DirectionField = z.enum(['up', 'down'], { error: 'error_invalid' });
export const MoveModuleSchema = ModuleSchema.extend({ direction: DirectionField });
export const MoveLessonSchema = LessonIdSchema.extend({ direction: DirectionField });
export const LessonToModuleSchema = LessonIdSchema.extend({ moduleId: z.uuid({ error: 'error_module_not_found' }) });
/** Where a dragged lesson lands: its module and its place there (1 = first). */
export const PlaceLessonSchema = LessonToModuleSchema.extend({
	position: z.coerce.number({ error: 'error_invalid' }).int({ error: 'error_invalid' }).min(1, { error: 'error_invalid' })
});
export const DeleteAssetSchema = z.object({ assetId: z.uuid({ error: 'error_file_not_found' }), confirm: ConfirmField });

export const MinutesField = z
	.string({ error: 'error_required' })
	.trim()
	.min(1, { error: 'error_required' })
	.transform(Number)
	.pipe(
		z
			.number({ error: 'error_minutes_invalid' })
			.int({ error: 'error_minutes_invalid' })
			.min(0, { error: 'error_minutes_invalid' })
			.max(6000, { error: 'error_minutes_invalid' })
	);

export const LessonSchema = z
	.object({
		lessonId: z.uuid({ error: 'error_lesson_not_found' }),
		title: TitleField,
		slug: SlugField,
		minutes: MinutesField,
		required: z
			.string()
			.optional()
			.transform((v) => v === 'yes'),
		/** How the lesson is completed: the learner's button, or opening it; left out: unchanged. */
		completion: z.enum(['manual', 'on_view'], { error: 'error_invalid' }).optional(),
		videoUrl: z
			.string()
			.trim()
			.max(2048, { error: 'error_too_long' })
			.optional()
			.transform((v) => v || null),
		videoAssetId: OptionalIdField,
		body: longText(MAX_BODY),
		/** The files ticked, and each listed file's id and title, in the order shown. */
		attach: joined,
		attachId: joined,
		attachTitle: joined
	})
	.superRefine((v, ctx) => {
		if (v.attachTitle.some((t) => t.trim().length > MAX_TITLE)) {
			ctx.addIssue({ code: 'custom', path: ['attachments'], message: 'error_too_long' });
		}
		if (v.attach.some((id) => !z.uuid().safeParse(id).success)) {
			ctx.addIssue({ code: 'custom', path: ['attachments'], message: 'error_attachment_unknown' });
		}
	})
	.transform(({ attach, attachId, attachTitle, ...lesson }) => {
		const ticked = new Set(attach);
		const attachments = attachId
			.map((assetId, i) => ({ assetId, title: (attachTitle[i] ?? '').trim() }))
			.filter((a) => ticked.has(a.assetId));
		// A ticked file that was not listed (a forged form) still counts, titled by its name.
		for (const id of ticked) if (!attachId.includes(id)) attachments.push({ assetId: id, title: '' });
		return { ...lesson, attachments };
	});
export type LessonInput = z.infer<typeof LessonSchema>;

export const LessonPreviewSchema = z.object({ body: longText(MAX_BODY) });

/** Form fields that may be sent more than once (checkboxes, one title per file). */
export const LIST_FIELDS = ['thematicAreas', 'attach', 'attachId', 'attachTitle'] as const;

/**
 * parseForm keeps one value per name; this joins each repeated field's values with a
 * newline first (none of them can contain one), so the schemas above see them all.
 */
export function joinListFields(form: FormData): FormData {
	const out = new FormData();
	for (const [key, value] of form) {
		if (typeof value === 'string' && !(LIST_FIELDS as readonly string[]).includes(key)) out.append(key, value);
	}
	for (const key of LIST_FIELDS) {
		const values = form.getAll(key).filter((v): v is string => typeof v === 'string');
		if (values.length) out.set(key, values.map((v) => v.replace(/[\r\n]+/g, ' ')).join('\n'));
	}
	return out;
}
