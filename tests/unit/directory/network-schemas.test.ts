import { describe, expect, it } from 'vitest';
import { HideSchema, JoinRequestSchema, NetworkLinkSchema, NetworkSchema, ReportSchema } from '../../../src/lib/schemas/networks';
import { networkApprovedMail, networkInvitationMail } from '../../../src/lib/server/directory/network-mail';
import { parseForm } from '../../../src/lib/server/form';

const form = (values: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(values)) f.set(k, v);
	return f;
};
const ID = '3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e';

describe('the network form', () => {
	it('accepts a network and normalises its address', () => {
		const r = parseForm(NetworkSchema, form({ name: ' CALP alumni network ', slug: ' CALP-Alumni ', description: '  Alumni of CALP.  ' }));
		expect(r).toEqual({ ok: true, data: { name: 'CALP alumni network', slug: 'calp-alumni', description: 'Alumni of CALP.' } });
	});

	it('refuses a missing name, a bad or reserved address and a description over 5000 characters', () => {
		const r = parseForm(NetworkSchema, form({ name: '', slug: 'calp alumni', description: 'x'.repeat(5001) }));
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors).toEqual({ name: 'error_required', slug: 'error_slug_invalid', description: 'error_too_long' });
		const reserved = parseForm(NetworkSchema, form({ name: 'R', slug: 'report' }));
		expect(!reserved.ok && reserved.errors.slug).toBe('error_net_slug_reserved');
	});
});

describe('linking a course or a cohort', () => {
	it('reads one target of either kind', () => {
		expect(parseForm(NetworkLinkSchema, form({ target: `course:${ID}` }))).toEqual({ ok: true, data: { courseId: ID, cohortId: null } });
		expect(parseForm(NetworkLinkSchema, form({ target: `cohort:${ID}` }))).toEqual({ ok: true, data: { courseId: null, cohortId: ID } });
	});

	it('refuses nothing chosen or a forged value', () => {
		for (const target of ['', 'course:', `lesson:${ID}`, 'cohort:../../etc']) {
			const r = parseForm(NetworkLinkSchema, form({ target }));
			expect(!r.ok && r.errors.target).toBe('error_net_link_target_required');
		}
	});
});

describe('membership and moderation forms', () => {
	it('keep a join message to 500 characters (empty is fine)', () => {
		expect(parseForm(JoinRequestSchema, form({}))).toEqual({ ok: true, data: { message: '' } });
		const long = parseForm(JoinRequestSchema, form({ message: 'я'.repeat(501) }));
		expect(!long.ok && long.errors.message).toBe('error_too_long');
	});

	it('want a report reason of 3 to 1000 characters about a real id', () => {
		expect(parseForm(ReportSchema, form({ userId: ID, reason: 'Spam links' })).ok).toBe(true);
		const short = parseForm(ReportSchema, form({ userId: ID, reason: ' ab ' }));
		expect(!short.ok && short.errors.reason).toBe('error_net_report_reason_short');
		const forged = parseForm(ReportSchema, form({ userId: 'me', reason: 'Spam links' }));
		expect(!forged.ok && forged.errors.userId).toBe('error_not_found');
		expect(parseForm(HideSchema, form({ userId: ID, reason: '' })).ok).toBe(false);
	});
});

describe('network mail', () => {
	const network = { name: 'CALP alumni network', slug: 'calp-alumni' };
	it('invites in the recipient’s language, with the network’s address and no contact details', () => {
		const mail = networkInvitationMail({ name: 'Dilnoza', locale: 'ru', network, origin: 'https://bilim.example.org', inviter: 'Aigerim' });
		expect(mail.kind).toBe('network_invitation');
		expect(mail.subject).toContain('CALP alumni network');
		expect(mail.bodyText).toContain('Здравствуйте');
		expect(mail.bodyText).toContain('https://bilim.example.org/networks/calp-alumni');
		expect(mail.bodyText).not.toMatch(/@/);
	});

	it('tells a person their request was approved', () => {
		const mail = networkApprovedMail({ name: 'Timur', locale: 'en', network, origin: 'https://bilim.example.org' });
		expect(mail.subject).toBe('You are now a member of CALP alumni network');
		expect(mail.bodyText).toContain('Hello Timur,');
	});
});
