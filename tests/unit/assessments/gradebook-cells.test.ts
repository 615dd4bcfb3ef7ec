import { describe, expect, it } from 'vitest';
import { gradeCell } from '../../../src/lib/server/assessments/gradebook-cells';
import { gradebookQueryString, OverrideSchema, readGradebookQuery } from '../../../src/lib/schemas/gradebook';

const quiz = { kind: 'quiz' as const, passPercent: 60 };
const assignment = { kind: 'assignment' as const, passPercent: 50 };

describe('a gradebook cell', () => {
	it('says where a learner stands on a quiz', () => {
		expect(gradeCell(quiz)).toMatchObject({ status: 'not_started', percent: null, completed: false });
		expect(gradeCell({ ...quiz, attempts: { submitted: 0, best: null, passed: false, open: true } })).toMatchObject({ status: 'in_progress' });
		expect(gradeCell({ ...quiz, attempts: { submitted: 2, best: 55, passed: false, open: true } })).toMatchObject({
			status: 'failed',
			percent: 55,
			count: 2,
			completed: false
		});
		expect(gradeCell({ ...quiz, attempts: { submitted: 1, best: 90, passed: true, open: false } })).toMatchObject({ status: 'passed', completed: true });
	});

	it('says where a learner stands on an assignment', () => {
		expect(gradeCell({ ...assignment, submission: { times: 2, graded: false, percent: null, late: true } })).toMatchObject({
			status: 'submitted',
			count: 2,
			late: true,
			completed: false
		});
		expect(gradeCell({ ...assignment, submission: { times: 1, graded: true, percent: 49.5, late: false } })).toMatchObject({
			status: 'graded',
			percent: 49.5,
			completed: false
		});
		expect(gradeCell({ ...assignment, submission: { times: 1, graded: true, percent: 50, late: false } })).toMatchObject({ completed: true });
	});

	it('lets the latest override replace the percent and decide by the pass mark; a removed override does not count', () => {
		const failed = { ...quiz, attempts: { submitted: 1, best: 40, passed: false, open: false } };
		expect(gradeCell({ ...failed, override: { percent: 60 } })).toMatchObject({
			status: 'overridden',
			percent: 60,
			earned: 40,
			overridden: true,
			completed: true
		});
		expect(gradeCell({ ...failed, override: { percent: null } })).toMatchObject({ status: 'failed', percent: 40, overridden: false });
		// Overridden before anything was submitted.
		expect(gradeCell({ ...assignment, override: { percent: 0 } })).toMatchObject({ status: 'overridden', percent: 0, earned: null, completed: false });
	});
});

describe('the gradebook forms', () => {
	it('read the filter from the address, falling back to defaults', () => {
		expect(readGradebookQuery(new URLSearchParams('module=practice&risk=1&days=14&page=2'))).toEqual({
			module: 'practice',
			risk: true,
			days: 14,
			page: 2
		});
		expect(readGradebookQuery(new URLSearchParams('module=&days=0&page=x'))).toEqual({ module: undefined, risk: false, days: 7, page: 1 });
		expect(readGradebookQuery(new URLSearchParams('risk=on&days=1000'))).toMatchObject({ risk: true, days: 7 });
		expect(gradebookQueryString({ module: 'practice', risk: true, days: 7, page: 1 })).toBe('?module=practice&risk=1');
		expect(gradebookQueryString({ risk: false, days: 3, page: 4 })).toBe('?days=3&page=4');
		expect(gradebookQueryString({})).toBe('');
	});

	it('take a percent with a point or a comma, empty to remove, and need a reason', () => {
		const lessonId = '0b6f0d7e-8a1c-4a57-9d43-7b1a2f3c4d5e';
		const parse = (percent: string, reason = 'Re-marked') => OverrideSchema.safeParse({ lessonId, percent, reason });
		expect(parse('82,5').data?.percent).toBe(82.5);
		expect(parse(' 100 ').data?.percent).toBe(100);
		expect(parse('').data?.percent).toBeNull();
		for (const bad of ['101', '-1', 'abc', '1e2', '50%']) {
			expect(parse(bad).error?.issues[0]?.message, bad).toBe('error_gradebook_percent_range');
		}
		expect(parse('50', '  a ').error?.issues[0]).toMatchObject({ path: ['reason'], message: 'error_gradebook_reason_length' });
		expect(parse('50', 'x'.repeat(1001)).success).toBe(false);
		expect(parse('50', 'Line one\r\nline two').data?.reason).toBe('Line one\nline two');
	});
});
