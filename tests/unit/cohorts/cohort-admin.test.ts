import { describe, expect, it } from 'vitest';
import {
	AnnouncementSchema,
	CohortSettingsSchema,
	CriterionSchema,
	InvitationSchema,
	NewCohortSchema,
	QuestionSchema,
	SessionSchema,
	isWebUrl
} from '../../../src/lib/schemas/cohort-admin';
import { newInvitationCode } from '../../../src/lib/server/cohorts/invitations';

/** Field → message key, as a form would show them. */
function errorsOf(schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, input: Record<string, string>) {
	const result = schema.safeParse(input);
	if (result.success) return {};
	const errors: Record<string, string> = {};
	for (const issue of result.error!.issues) errors[String(issue.path[0])] ??= issue.message;
	return errors;
}

const COHORT = {
	courseId: '7f1f4c36-2a5e-4d43-9f0c-1f9f3c1d2a10',
	name: 'CALP 2026',
	startsOn: '2026-03-01',
	endsOn: '2026-06-30',
	timeZone: 'Asia/Almaty',
	enrolOpensAt: '2026-01-10T09:00',
	enrolClosesAt: '2026-02-01T18:00',
	capacity: '30',
	enrolmentMode: 'application',
	status: 'planned'
};

describe('the cohort form', () => {
	it('takes a complete cohort, with an empty slug and window meaning "none"', () => {
		const parsed = NewCohortSchema.parse({ ...COHORT, slug: '  ', enrolOpensAt: '' });
		expect(parsed).toMatchObject({ name: 'CALP 2026', capacity: 30, enrolOpensAt: null, enrolClosesAt: '2026-02-01T18:00' });
		expect(parsed.slug).toBeUndefined();
		// Seconds, which some browsers add, are dropped.
		expect(NewCohortSchema.parse({ ...COHORT, enrolClosesAt: '2026-02-01T18:00:00' }).enrolClosesAt).toBe('2026-02-01T18:00');
	});

	it('names every bad field at once, with what to fix', () => {
		expect(
			errorsOf(NewCohortSchema, {
				courseId: '',
				name: ' ',
				startsOn: '2026-02-30',
				endsOn: '',
				timeZone: 'Mars/Olympus',
				enrolOpensAt: 'tomorrow',
				capacity: '0',
				enrolmentMode: 'lottery',
				status: 'paused',
				slug: 'Not A Slug'
			})
		).toEqual({
			courseId: 'error_cohort_course_required',
			name: 'error_required',
			startsOn: 'error_date_invalid',
			endsOn: 'error_required',
			timeZone: 'error_time_zone_invalid',
			enrolOpensAt: 'error_datetime_invalid',
			capacity: 'error_capacity_invalid',
			enrolmentMode: 'error_enrolment_mode_unknown',
			status: 'error_cohort_status_unknown',
			slug: 'error_slug_invalid'
		});
	});

	it('refuses dates out of order, also beside other mistakes', () => {
		expect(errorsOf(CohortSettingsSchema, { ...COHORT, endsOn: '2026-02-28' })).toEqual({ endsOn: 'error_cohort_ends_before_start' });
		expect(errorsOf(CohortSettingsSchema, { ...COHORT, enrolClosesAt: '2026-01-10T09:00' })).toEqual({
			enrolClosesAt: 'error_cohort_window_order'
		});
		expect(errorsOf(CohortSettingsSchema, { ...COHORT, name: '', endsOn: '2026-01-01' })).toEqual({
			name: 'error_required',
			endsOn: 'error_cohort_ends_before_start'
		});
		// A one-day cohort is fine.
		expect(errorsOf(CohortSettingsSchema, { ...COHORT, endsOn: COHORT.startsOn })).toEqual({});
	});

	it('takes a capacity from 1 to 100,000 whole seats', () => {
		for (const bad of ['-1', '1.5', '100001', 'thirty', '1e3']) {
			expect(errorsOf(CohortSettingsSchema, { ...COHORT, capacity: bad }), bad).toEqual({ capacity: 'error_capacity_invalid' });
		}
		expect(CohortSettingsSchema.parse({ ...COHORT, capacity: '100000' }).capacity).toBe(100000);
	});
});

describe('the session form', () => {
	const SESSION = { title: 'Kick-off', kind: 'online', url: 'https://meet.example.org/calp', startsAt: '2026-03-01T10:00', endsAt: '2026-03-01T11:30' };

	it('needs a web link online and a place in person', () => {
		expect(errorsOf(SessionSchema, SESSION)).toEqual({});
		expect(errorsOf(SessionSchema, { ...SESSION, url: '' })).toEqual({ url: 'error_session_url_required' });
		for (const bad of ['javascript:alert(1)', 'meet.example.org', 'ftp://x.org', 'https://', '//evil.example']) {
			expect(errorsOf(SessionSchema, { ...SESSION, url: bad }), bad).toEqual({ url: 'error_session_url_invalid' });
		}
		expect(errorsOf(SessionSchema, { ...SESSION, kind: 'in_person', url: '' })).toEqual({ place: 'error_session_place_required' });
		expect(errorsOf(SessionSchema, { ...SESSION, kind: 'in_person', url: '', place: 'CAREC, Almaty' })).toEqual({});
		expect(errorsOf(SessionSchema, { ...SESSION, kind: 'carrier pigeon' })).toEqual({ kind: 'error_session_kind_unknown' });
	});

	it('ends after it starts', () => {
		expect(errorsOf(SessionSchema, { ...SESSION, endsAt: SESSION.startsAt })).toEqual({ endsAt: 'error_session_ends_before_start' });
		expect(errorsOf(SessionSchema, { ...SESSION, startsAt: '', endsAt: '2026-13-01T10:00' })).toEqual({
			startsAt: 'error_required',
			endsAt: 'error_datetime_invalid'
		});
	});

	it('knows a web address when it sees one', () => {
		expect(isWebUrl('https://zoom.us/j/123?pwd=x')).toBe(true);
		expect(isWebUrl('HTTP://example.org')).toBe(true);
		expect(isWebUrl('mailto:a@b.org')).toBe(false);
		expect(isWebUrl('https:example.org')).toBe(false);
	});
});

describe('the question form', () => {
	it('needs 2 to 20 different options for a choice question, given one per line', () => {
		const q = { kind: 'single_choice', label: 'Your sector?' };
		expect(QuestionSchema.parse({ ...q, options: 'Water\r\n\n  Energy  \n' }).options).toEqual(['Water', 'Energy']);
		expect(errorsOf(QuestionSchema, { ...q, options: 'Water' })).toEqual({ options: 'error_question_options_too_few' });
		expect(errorsOf(QuestionSchema, { ...q, options: Array.from({ length: 21 }, (_, i) => `O${i}`).join('\n') })).toEqual({
			options: 'error_question_options_too_many'
		});
		expect(errorsOf(QuestionSchema, { ...q, kind: 'multiple_choice', options: 'Water\nwater' })).toEqual({
			options: 'error_question_options_repeated'
		});
		// A text question needs none.
		expect(errorsOf(QuestionSchema, { kind: 'long_text', label: 'Tell us more' })).toEqual({});
	});

	it('needs a label and a known kind', () => {
		expect(errorsOf(QuestionSchema, { kind: 'essay', label: '' })).toEqual({ kind: 'error_question_kind_unknown', label: 'error_required' });
		expect(QuestionSchema.parse({ kind: 'short_text', label: 'Q', required: 'yes' }).required).toBe(true);
		expect(QuestionSchema.parse({ kind: 'short_text', label: 'Q' }).required).toBe(false);
	});
});

describe('the rubric, invitation and announcement forms', () => {
	it('takes a weight above 0 and at most 100, with a decimal comma', () => {
		expect(CriterionSchema.parse({ title: 'Motivation', weight: '1,5' }).weight).toBe(1.5);
		expect(CriterionSchema.parse({ title: 'Motivation', weight: '100' }).weight).toBe(100);
		for (const bad of ['0', '-1', '100.5', 'heavy', '1e2']) {
			expect(errorsOf(CriterionSchema, { title: 'Motivation', weight: bad }).weight, bad).toBe('error_weight_invalid');
		}
		expect(CriterionSchema.parse({ title: 'Motivation', weight: ' ' }).weight).toBe(1);
	});

	it('takes an invitation with no limits, or with an expiry and a maximum of uses', () => {
		expect(InvitationSchema.parse({})).toEqual({ label: '', expiresAt: null, maxUses: null });
		expect(InvitationSchema.parse({ label: ' Osh ', expiresAt: '2026-05-01T12:00', maxUses: '25' })).toEqual({
			label: 'Osh',
			expiresAt: '2026-05-01T12:00',
			maxUses: 25
		});
		expect(errorsOf(InvitationSchema, { maxUses: '0' })).toEqual({ maxUses: 'error_invitation_max_uses_invalid' });
		expect(errorsOf(InvitationSchema, { expiresAt: 'soon' })).toEqual({ expiresAt: 'error_datetime_invalid' });
	});

	it('draws codes that are 10 characters of base32 and differ', () => {
		const codes = new Set(Array.from({ length: 200 }, newInvitationCode));
		expect(codes.size).toBe(200);
		for (const code of codes) expect(code).toMatch(/^[a-z2-7]{10}$/);
	});

	it('needs an announcement title and text', () => {
		expect(errorsOf(AnnouncementSchema, { title: '', body: '  ' })).toEqual({ title: 'error_required', body: 'error_required' });
		expect(AnnouncementSchema.parse({ title: 'Hi', body: 'Line\r\nTwo' }).body).toBe('Line\nTwo');
	});
});
