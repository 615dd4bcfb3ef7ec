import { z } from 'zod';
import { MAX_SLUG, SLUG_PATTERN } from '../courses/taxonomy';
import { isValidDate, isValidTimeZone } from '../datetime';
import { EmailField } from './common';

/**
 * The forms facilitators use to run a cohort (the /teach/cohorts pages). Each field's rules
 * give a message key beside the field; rules between fields (ends after starts) are in the
 * `*Problems` functions, which the schemas and the domain (src/lib/server/cohorts) share, so
 * a form shows every mistake at once and a script calling the domain meets the same rules.
 * Times arrive as datetime-local text ('YYYY-MM-DDTHH:mm'); the domain reads them in the
 * cohort's time zone.
 */

export const COHORT_STATUSES = ['planned', 'open', 'running', 'finished'] as const;
export const ENROLMENT_MODES = ['open', 'application', 'invitation'] as const;
export const SESSION_KINDS = ['online', 'in_person'] as const;
export const QUESTION_KINDS = ['short_text', 'long_text', 'single_choice', 'multiple_choice'] as const;
export const CHOICE_KINDS: readonly string[] = ['single_choice', 'multiple_choice'];

export const MAX_NAME = 200;
export const MAX_DESCRIPTION = 5000;
export const MAX_CAPACITY = 100_000;
export const MAX_PLACE = 300;
export const MAX_URL = 2048;
export const MAX_LABEL = 500;
export const MAX_HELP = 1000;
export const MAX_OPTION = 200;
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 20;
export const MAX_ANNOUNCEMENT = 20_000;
export const MAX_INVITATION_USES = 100_000;
export const INVITATION_CODE_LENGTH = 10;

export type Problem = { field: string; key: string; params?: Record<string, string | number> };

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** CRLF from a textarea becomes LF, so the stored text is the same from every browser. */
const normalise = (s: string) => s.replace(/\r\n?/g, '\n');

const text = (max: number, requiredKey = 'error_required') =>
	z.string({ error: requiredKey }).trim().min(1, { error: requiredKey }).max(max, { error: 'error_too_long' });

const optionalText = (max: number) =>
	z
		.string()
		.optional()
		.default('')
		.transform((s) => normalise(s).trim())
		.pipe(z.string().max(max, { error: 'error_too_long' }));

const DateField = z
	.string({ error: 'error_required' })
	.trim()
	.min(1, { error: 'error_required' })
	.refine(isValidDate, { error: 'error_date_invalid' });

/** Seconds (some browsers send them) are dropped: times are kept to the minute. */
const toMinute = (s: string | undefined) => (s ?? '').trim().replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}):\d{2}(\.\d+)?$/, '$1');
const isLocalTime = (s: string) => LOCAL_TIME.test(s) && isValidDate(s.slice(0, 10)) && validClock(s);

/** A datetime-local value, or empty for "none". */
const OptionalLocalTime = z
	.string()
	.optional()
	.transform(toMinute)
	.refine((s) => s === '' || isLocalTime(s), { error: 'error_datetime_invalid' })
	.transform((s) => (s === '' ? null : s));

const RequiredLocalTime = z
	.string({ error: 'error_required' })
	.transform(toMinute)
	.refine((s) => s !== '', { error: 'error_required' })
	.refine((s) => s === '' || isLocalTime(s), { error: 'error_datetime_invalid' });

function validClock(local: string): boolean {
	const [h, m] = local.slice(11).split(':').map(Number) as [number, number];
	return h <= 23 && m <= 59;
}

/** A whole number from a text field, or `error` when it is not one within [min, max]. */
const wholeNumber = (min: number, max: number, error: string) =>
	z
		.string({ error: 'error_required' })
		.trim()
		.min(1, { error: 'error_required' })
		.refine((s) => /^\d+$/.test(s) && Number(s) >= min && Number(s) <= max, { error })
		.transform(Number);

const optionalWholeNumber = (min: number, max: number, error: string) =>
	z
		.string()
		.optional()
		.transform((s) => (s ?? '').trim())
		.refine((s) => s === '' || (/^\d+$/.test(s) && Number(s) >= min && Number(s) <= max), { error })
		.transform((s) => (s === '' ? null : Number(s)));

const checkbox = z
	.string()
	.optional()
	.transform((v) => v === 'yes');

export const CohortSlugField = z
	.string()
	.trim()
	.toLowerCase()
	.max(MAX_SLUG, { error: 'error_too_long' })
	.regex(SLUG_PATTERN, { error: 'error_slug_invalid' });

/** Empty means "make one from the name". */
const OptionalSlugField = z
	.string()
	.optional()
	.transform((v) => v?.trim() || undefined)
	.pipe(CohortSlugField.optional());

const cohortFields = {
	name: text(MAX_NAME),
	description: optionalText(MAX_DESCRIPTION),
	startsOn: DateField,
	endsOn: DateField,
	timeZone: z
		.string({ error: 'error_time_zone_invalid' })
		.trim()
		.refine(isValidTimeZone, { error: 'error_time_zone_invalid' }),
	enrolOpensAt: OptionalLocalTime,
	enrolClosesAt: OptionalLocalTime,
	capacity: wholeNumber(1, MAX_CAPACITY, 'error_capacity_invalid'),
	enrolmentMode: z.enum(ENROLMENT_MODES, { error: 'error_enrolment_mode_unknown' }),
	status: z.enum(COHORT_STATUSES, { error: 'error_cohort_status_unknown' })
};

export interface CohortDates {
	startsOn: string;
	endsOn: string;
	/** datetime-local text in one zone, or null */
	enrolOpensAt: string | null;
	enrolClosesAt: string | null;
}

/**
 * Rules between a cohort's fields. The window is compared as wall-clock text, which is
 * right because both ends are read in the same zone (the domain compares the instants).
 */
export function cohortProblems(v: CohortDates): Problem[] {
	const problems: Problem[] = [];
	if (isValidDate(v.startsOn) && isValidDate(v.endsOn) && v.endsOn < v.startsOn) {
		problems.push({ field: 'endsOn', key: 'error_cohort_ends_before_start' });
	}
	if (v.enrolOpensAt && v.enrolClosesAt && v.enrolClosesAt <= v.enrolOpensAt) {
		problems.push({ field: 'enrolClosesAt', key: 'error_cohort_window_order' });
	}
	return problems;
}

/** Adds the problems found by a rule function to a schema's issues. */
function report(problems: (v: never) => Problem[]) {
	return (value: unknown, ctx: z.RefinementCtx) => {
		for (const p of problems(value as never)) ctx.addIssue({ code: 'custom', path: [p.field], message: p.key });
	};
}

export const NewCohortSchema = z
	.object({ ...cohortFields, courseId: z.uuid({ error: 'error_cohort_course_required' }), slug: OptionalSlugField })
	.superRefine(report(cohortProblems));
export type NewCohortInput = z.infer<typeof NewCohortSchema>;

export const CohortSettingsSchema = z.object(cohortFields).superRefine(report(cohortProblems));
export type CohortSettingsInput = z.infer<typeof CohortSettingsSchema>;

export const FacilitatorSchema = z.object({ email: EmailField });
export const RemoveFacilitatorSchema = z.object({ userId: z.uuid({ error: 'error_not_found' }) });

const SessionFields = z.object({
	title: text(MAX_NAME),
	description: optionalText(MAX_DESCRIPTION),
	kind: z.enum(SESSION_KINDS, { error: 'error_session_kind_unknown' }),
	url: z
		.string()
		.optional()
		.transform((s) => (s ?? '').trim())
		.pipe(z.string().max(MAX_URL, { error: 'error_too_long' })),
	place: optionalText(MAX_PLACE),
	startsAt: RequiredLocalTime,
	endsAt: RequiredLocalTime
});

export interface SessionShape {
	kind: string;
	url: string;
	place: string;
	startsAt: string;
	endsAt: string;
}

/** An http(s) address with a host: the only links a session may give its participants. */
export function isWebUrl(url: string): boolean {
	if (!/^https?:\/\//i.test(url)) return false;
	try {
		const parsed = new URL(url);
		return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
	} catch {
		return false;
	}
}

export function sessionProblems(v: SessionShape): Problem[] {
	const problems: Problem[] = [];
	if (v.kind === 'online') {
		if (!v.url) problems.push({ field: 'url', key: 'error_session_url_required' });
		else if (!isWebUrl(v.url)) problems.push({ field: 'url', key: 'error_session_url_invalid' });
	}
	if (v.kind === 'in_person' && !v.place.trim()) problems.push({ field: 'place', key: 'error_session_place_required' });
	if (v.startsAt && v.endsAt && v.endsAt <= v.startsAt) {
		problems.push({ field: 'endsAt', key: 'error_session_ends_before_start' });
	}
	return problems;
}

export const SessionSchema = SessionFields.superRefine(report(sessionProblems));
export type SessionInput = z.infer<typeof SessionSchema>;
export const EditSessionSchema = SessionFields.extend({ sessionId: z.uuid({ error: 'error_session_not_found' }) }).superRefine(
	report(sessionProblems)
);
export const SessionIdSchema = z.object({ sessionId: z.uuid({ error: 'error_session_not_found' }) });
export const DeleteSessionSchema = SessionIdSchema.extend({ confirm: z.literal('yes', { error: 'error_confirm_delete' }) });

export const InvitationSchema = z.object({
	label: optionalText(MAX_NAME),
	expiresAt: OptionalLocalTime,
	maxUses: optionalWholeNumber(1, MAX_INVITATION_USES, 'error_invitation_max_uses_invalid')
});
export type InvitationInput = z.infer<typeof InvitationSchema>;
export const InvitationIdSchema = z.object({ invitationId: z.uuid({ error: 'error_invitation_not_found' }) });

/** One option per line: lines trimmed, blank lines dropped. */
const OptionsField = z
	.string()
	.optional()
	.default('')
	.transform((s) =>
		normalise(s)
			.split('\n')
			.map((l) => l.trim())
			.filter(Boolean)
	);

export interface QuestionShape {
	kind: string;
	options: string[];
}

/** Choice questions need 2 to 20 different options; text questions have none. */
export function questionProblems(v: QuestionShape): Problem[] {
	if (!CHOICE_KINDS.includes(v.kind)) return [];
	if (v.options.some((o) => o.length > MAX_OPTION)) return [{ field: 'options', key: 'error_line_too_long' }];
	// The messages name the limits themselves: a schema's issues carry no parameters.
	if (v.options.length < MIN_OPTIONS) return [{ field: 'options', key: 'error_question_options_too_few' }];
	if (v.options.length > MAX_OPTIONS) return [{ field: 'options', key: 'error_question_options_too_many' }];
	const seen = new Set<string>();
	for (const o of v.options) {
		const k = o.toLocaleLowerCase();
		if (seen.has(k)) return [{ field: 'options', key: 'error_question_options_repeated' }];
		seen.add(k);
	}
	return [];
}

const QuestionFields = z.object({
	kind: z.enum(QUESTION_KINDS, { error: 'error_question_kind_unknown' }),
	label: text(MAX_LABEL),
	help: optionalText(MAX_HELP),
	options: OptionsField,
	required: checkbox
});
export const QuestionSchema = QuestionFields.superRefine(report(questionProblems));
export type QuestionInput = z.infer<typeof QuestionSchema>;
export const QuestionIdSchema = z.object({ questionId: z.uuid({ error: 'error_question_not_found' }) });
export const EditQuestionSchema = QuestionFields.extend(QuestionIdSchema.shape).superRefine(report(questionProblems));
export const DeleteQuestionSchema = QuestionIdSchema.extend({ confirm: z.literal('yes', { error: 'error_confirm_delete' }) });
export const MoveQuestionSchema = QuestionIdSchema.extend({ direction: z.enum(['up', 'down'], { error: 'error_invalid' }) });

/** A weight above 0 and at most 100; a decimal comma is read as a point; empty means 1. */
const WeightField = z
	.string()
	.optional()
	.transform((s) => (s ?? '').trim().replace(',', '.') || '1')
	.refine((s) => /^\d+(\.\d+)?$/.test(s) && Number(s) > 0 && Number(s) <= 100, { error: 'error_weight_invalid' })
	.transform(Number);

const CriterionFields = z.object({
	title: text(MAX_NAME),
	description: optionalText(MAX_HELP),
	weight: WeightField
});
export const CriterionSchema = CriterionFields;
export type CriterionInput = z.infer<typeof CriterionSchema>;
export const CriterionIdSchema = z.object({ criterionId: z.uuid({ error: 'error_criterion_not_found' }) });
export const EditCriterionSchema = CriterionFields.extend(CriterionIdSchema.shape);
export const DeleteCriterionSchema = CriterionIdSchema.extend({ confirm: z.literal('yes', { error: 'error_confirm_delete' }) });
export const MoveCriterionSchema = CriterionIdSchema.extend({ direction: z.enum(['up', 'down'], { error: 'error_invalid' }) });

export const AnnouncementSchema = z.object({
	title: text(MAX_NAME),
	body: z
		.string({ error: 'error_required' })
		.transform(normalise)
		.pipe(z.string().trim().min(1, { error: 'error_required' }).max(MAX_ANNOUNCEMENT, { error: 'error_too_long' }))
});
export type AnnouncementInput = z.infer<typeof AnnouncementSchema>;
export const AnnouncementIdSchema = z.object({
	announcementId: z.uuid({ error: 'error_announcement_not_found' }),
	confirm: z.literal('yes', { error: 'error_confirm_delete' })
});

/** The module release form: one `release-<moduleId>` datetime-local field per module. */
export const RELEASE_PREFIX = 'release-';
export function releaseFields(form: FormData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of form) {
		if (key.startsWith(RELEASE_PREFIX) && typeof value === 'string') out[key.slice(RELEASE_PREFIX.length)] = value;
	}
	return out;
}
