import { describe, expect, it } from 'vitest';
import { PREVIEW_RELATIONS, initialsOf, toProfileView } from '../../../src/lib/server/directory/profiles';
import { CONTACT_FIELDS, SELF, VISITOR, type Relation } from '../../../src/lib/server/directory/visibility';

type Row = Parameters<typeof toProfileView>[0];

function row(overrides: Partial<Row> = {}): Row {
	return {
		userId: '00000000-0000-4000-8000-000000000001',
		displayName: 'Dilnoza Karimova',
		headline: 'Water governance',
		organisation: 'Eco Forum',
		country: 'UZ',
		city: 'Tashkent',
		expertise: ['iwrm'],
		languages: ['uz', 'ru'],
		bio: 'Hello **world** <script>alert(1)</script> [x](javascript:alert(1))',
		openToMentoring: true,
		visibility: 'networks',
		photo: null,
		photoType: null,
		photoVersion: 0,
		contactEmail: 'dk@example.org',
		contactEmailVisibility: 'public',
		phone: '+998 90 000 00 00',
		phoneVisibility: 'networks',
		telegram: '@dilnoza',
		telegramVisibility: 'connections',
		linkedin: '',
		linkedinVisibility: 'public',
		website: 'https://eco.example.uz/',
		websiteVisibility: 'self',
		hiddenAt: null,
		ownerActive: true,
		hiddenBy: null,
		hiddenReason: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		searchDocument: '',
		networks: [
			{ slug: 'calp', name: 'CALP alumni network', shared: true },
			{ slug: 'academic', name: 'Academic community network', shared: false }
		],
		cohorts: [{ courseTitle: 'Leadership', courseSlug: 'calp-leadership', cohortName: 'Spring', startsOn: '2025-03-01' }],
		...overrides
	} as Row;
}

const member: Relation = { ...VISITOR, signedIn: true, sharesNetwork: true };
const connection: Relation = { ...VISITOR, signedIn: true, connection: true };
const signedIn: Relation = { ...VISITOR, signedIn: true };
const moderator: Relation = { ...VISITOR, signedIn: true, moderator: true };

describe('a profile as each viewer sees it', () => {
	it('is not seen at all by a visitor or a stranger while it is for networks only', () => {
		expect(toProfileView(row(), VISITOR, 'none')).toBeUndefined();
		expect(toProfileView(row(), signedIn, 'shared')).toBeUndefined();
	});

	it('carries only the contact channels the rules let through, the others absent from the object', () => {
		const keys = (r: Relation) => Object.keys(toProfileView(row({ visibility: 'public' }), r, 'shared')!.contacts).sort();
		expect(keys(VISITOR)).toEqual(['contactEmail']);
		expect(keys(member)).toEqual(['contactEmail', 'phone']);
		expect(keys(connection)).toEqual(['contactEmail', 'phone', 'telegram']);
		expect(keys(moderator)).toEqual(['contactEmail']);
		// the owner sees every channel they filled in (LinkedIn is empty)
		expect(keys(SELF)).toEqual(['contactEmail', 'phone', 'telegram', 'website']);
		const json = JSON.stringify(toProfileView(row({ visibility: 'public' }), VISITOR, 'none'));
		expect(json).not.toContain('@dilnoza');
		expect(json).not.toContain('+998');
		expect(json).not.toContain('eco.example.uz');
	});

	it('shows the bio rendered and sanitised: no script, no javascript: link', () => {
		const view = toProfileView(row(), member, 'shared')!;
		expect(view.bioHtml).toContain('<strong>world</strong>');
		expect(view.bioHtml).not.toMatch(/<script/i);
		expect(view.bioHtml).not.toMatch(/href="javascript:/i);
		expect(view.bioHtml).not.toMatch(/<a /);
	});

	it('lists shared networks only, and cohorts with their year', () => {
		const view = toProfileView(row(), member, 'shared')!;
		expect(view.networks).toEqual([{ slug: 'calp', name: 'CALP alumni network' }]);
		expect(toProfileView(row(), SELF, 'all')!.networks).toHaveLength(2);
		expect(view.cohorts).toEqual([{ courseTitle: 'Leadership', courseSlug: 'calp-leadership', cohortName: 'Spring', year: 2025 }]);
	});

	it('a hidden profile: gone for members, still there (marked) for its owner and moderators', () => {
		const hidden = row({ hiddenAt: new Date() });
		expect(toProfileView(hidden, member, 'shared')).toBeUndefined();
		expect(toProfileView(hidden, connection, 'shared')).toBeUndefined();
		expect(toProfileView(hidden, SELF, 'all')!.hidden).toBe(true);
		expect(toProfileView(hidden, moderator, 'shared')!.hidden).toBe(true);
	});

	it('a block hides everything, whatever else the relation holds', () => {
		expect(toProfileView(row({ visibility: 'public' }), { ...connection, sharesNetwork: true, blocked: true }, 'shared')).toBeUndefined();
	});

	it('previews use the same rules as the real viewers', () => {
		for (const field of CONTACT_FIELDS) expect(field in toProfileView(row(), PREVIEW_RELATIONS.connection, 'none')!.contacts).toBe(['contactEmail', 'phone', 'telegram'].includes(field));
		expect(toProfileView(row(), PREVIEW_RELATIONS.visitor, 'none')).toBeUndefined();
		expect(Object.keys(toProfileView(row(), PREVIEW_RELATIONS.member, 'all')!.contacts).sort()).toEqual(['contactEmail', 'phone']);
	});

	it('a photo address carries its version; without one, initials', () => {
		expect(toProfileView(row({ photo: new Uint8Array([1]), photoType: 'image/png', photoVersion: 3 }), SELF, 'all')!.photoUrl).toBe(
			'/directory-photos/00000000-0000-4000-8000-000000000001?v=3'
		);
		expect(initialsOf('Dilnoza Karimova')).toBe('DK');
		expect(initialsOf('  айгерим  ')).toBe('А');
		expect(initialsOf('Ali ibn Musa')).toBe('AM');
	});
});

describe('withoutImages', () => {
	it('keeps a bio’s text and links but drops its images, keeping their alt text', async () => {
		const { withoutImages } = await import('../../../src/lib/server/directory/profiles');
		const html = withoutImages('<p>Hello <a href="https://example.org" rel="nofollow">site</a> <img src="https://tracker.example/x.png" alt="my logo"></p>');
		expect(html).toContain('<a href="https://example.org" rel="nofollow">site</a>');
		expect(html).not.toContain('<img');
		expect(html).not.toContain('tracker.example');
		expect(html).toContain('my logo');
	});
});
