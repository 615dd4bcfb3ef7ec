import { describe, expect, it } from 'vitest';
import { enrolmentProblem, invitationProblem } from '../../../src/lib/server/cohorts/enrolment';

const NOW = new Date('2026-11-20T08:00:00Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);

describe('enrolmentProblem', () => {
	const cohort = (over: Partial<Parameters<typeof enrolmentProblem>[0]> = {}) => ({
		status: 'open' as const,
		enrolOpensAt: null,
		enrolClosesAt: null,
		...over
	});
	it('lets people in to open and running cohorts with no window', () => {
		expect(enrolmentProblem(cohort(), NOW)).toBeNull();
		expect(enrolmentProblem(cohort({ status: 'running' }), NOW)).toBeNull();
	});
	it('refuses planned and finished cohorts', () => {
		expect(enrolmentProblem(cohort({ status: 'planned' }), NOW)).toBe('error_enrolment_not_open');
		expect(enrolmentProblem(cohort({ status: 'finished' }), NOW)).toBe('error_cohort_finished');
	});
	it('keeps to the window: open from its first instant, closed from its last', () => {
		const windowed = cohort({ enrolOpensAt: at(0), enrolClosesAt: at(1000) });
		expect(enrolmentProblem(windowed, at(-1))).toBe('error_enrolment_not_open');
		expect(enrolmentProblem(windowed, at(0))).toBeNull();
		expect(enrolmentProblem(windowed, at(999))).toBeNull();
		expect(enrolmentProblem(windowed, at(1000))).toBe('error_enrolment_closed');
	});
});

describe('invitationProblem', () => {
	const inv = (over: Partial<Parameters<typeof invitationProblem>[0]> = {}) => ({
		revokedAt: null,
		expiresAt: null,
		maxUses: null,
		uses: 0,
		...over
	});
	const mode = { enrolmentMode: 'invitation' as const };
	it('accepts a fresh code without limits', () => {
		expect(invitationProblem(inv({ uses: 500 }), mode, NOW)).toBeNull();
	});
	it('names each reason a code cannot be used', () => {
		expect(invitationProblem(inv(), { enrolmentMode: 'open' }, NOW)).toBe('error_invitation_wrong_mode');
		expect(invitationProblem(inv({ revokedAt: at(-1) }), mode, NOW)).toBe('error_invitation_revoked');
		expect(invitationProblem(inv({ expiresAt: NOW }), mode, NOW)).toBe('error_invitation_expired');
		expect(invitationProblem(inv({ expiresAt: at(1) }), mode, NOW)).toBeNull();
		expect(invitationProblem(inv({ maxUses: 3, uses: 3 }), mode, NOW)).toBe('error_invitation_used_up');
		expect(invitationProblem(inv({ maxUses: 3, uses: 2 }), mode, NOW)).toBeNull();
	});
});
