import { describe, expect, it } from 'vitest';
import { canSeeField, canSeeProfile, isVisibility, reaches, SELF, VISIBILITIES, VISITOR, type Relation } from '../../../src/lib/server/directory/visibility';

/** The viewer relations the issue names, as the rules see them. */
const RELATIONS: Record<string, Relation> = {
	visitor: VISITOR,
	'signed-in non-member': { ...VISITOR, signedIn: true },
	'network member': { ...VISITOR, signedIn: true, sharesNetwork: true },
	connection: { ...VISITOR, signedIn: true, connection: true },
	self: SELF,
	moderator: { ...VISITOR, signedIn: true, moderator: true }
};

/** Who sees a contact channel of each visibility on a visible, non-hidden 'networks' profile. */
const EXPECTED: Record<string, Record<string, boolean>> = {
	self: { visitor: false, 'signed-in non-member': false, 'network member': false, connection: false, self: true, moderator: false },
	connections: { visitor: false, 'signed-in non-member': false, 'network member': false, connection: true, self: true, moderator: false },
	networks: { visitor: false, 'signed-in non-member': false, 'network member': true, connection: true, self: true, moderator: false },
	public: { visitor: false, 'signed-in non-member': false, 'network member': true, connection: true, self: true, moderator: true }
};

describe('directory visibility rules', () => {
	const networksProfile = { visibility: 'networks' as const, hiddenAt: null, ownerActive: true };
	const publicProfile = { visibility: 'public' as const, hiddenAt: null, ownerActive: true };

	it('shows a profile, by default, only to its owner, members of a shared network, connections and moderators', () => {
		const seen = Object.fromEntries(Object.entries(RELATIONS).map(([name, r]) => [name, canSeeProfile(networksProfile, r)]));
		expect(seen).toEqual({ visitor: false, 'signed-in non-member': false, 'network member': true, connection: true, self: true, moderator: true });
	});

	it('shows a public profile to everyone, visitors included', () => {
		for (const r of Object.values(RELATIONS)) expect(canSeeProfile(publicProfile, r)).toBe(true);
	});

	for (const visibility of VISIBILITIES) {
		it(`lets a contact channel set to "${visibility}" reach exactly whom it should (profile visible to members)`, () => {
			const seen = Object.fromEntries(Object.entries(RELATIONS).map(([name, r]) => [name, canSeeField(networksProfile, visibility, r)]));
			expect(seen).toEqual(EXPECTED[visibility]);
		});
	}

	it('on a public profile, a public channel reaches visitors too; narrower channels do not', () => {
		expect(canSeeField(publicProfile, 'public', VISITOR)).toBe(true);
		expect(canSeeField(publicProfile, 'networks', VISITOR)).toBe(false);
		expect(canSeeField(publicProfile, 'connections', RELATIONS['network member']!)).toBe(false);
	});

	it('hides everything from someone blocked, either way, even on a public profile', () => {
		const blocked = { ...RELATIONS.connection!, sharesNetwork: true, moderator: true, blocked: true };
		expect(canSeeProfile(publicProfile, blocked)).toBe(false);
		for (const v of VISIBILITIES) expect(reaches(v, blocked)).toBe(false);
	});

	it('hides a hidden profile from everyone but its owner and moderators', () => {
		const hidden = { visibility: 'public' as const, hiddenAt: new Date(), ownerActive: true };
		expect(canSeeProfile(hidden, SELF)).toBe(true);
		expect(canSeeProfile(hidden, RELATIONS.moderator!)).toBe(true);
		for (const name of ['visitor', 'signed-in non-member', 'network member', 'connection']) expect(canSeeProfile(hidden, RELATIONS[name]!)).toBe(false);
	});

	it("hides a deactivated account's profile from everyone, moderators and connections included", () => {
		const gone = { visibility: 'public' as const, hiddenAt: null, ownerActive: false };
		for (const [name, r] of Object.entries(RELATIONS)) expect(canSeeProfile(gone, r), name).toBe(name === 'self');
		for (const v of VISIBILITIES) expect(canSeeField(gone, v, RELATIONS.connection!)).toBe(false);
	});

	it('refuses forged visibility values', () => {
		for (const v of VISIBILITIES) expect(isVisibility(v)).toBe(true);
		for (const v of ['everyone', 'PUBLIC', '', 'public ', null, 3, ['public'], { toString: () => 'public' }]) expect(isVisibility(v)).toBe(false);
	});
});
