import { beforeAll, describe, expect, it } from 'vitest';
import { ensureProfile } from '../../../src/lib/server/directory/profile-core';
import { getProfileForEditing, getProfileView, previewProfileView, updateProfile } from '../../../src/lib/server/directory/profiles';
import { findProfilePhoto, removeProfilePhoto, setProfilePhoto } from '../../../src/lib/server/directory/profile-photo';
import { ProfileSchema, readProfileForm, type ProfileInput } from '../../../src/lib/schemas/directory-profile';
import { parseForm } from '../../../src/lib/server/form';
import { ValidationError } from '../../../src/lib/server/errors';
import { testDatabase } from '../test-db';
import { importTestCourse, makeCohort, makePerson } from '../cohorts/enrolment-fixtures';
import { jpegHeader, pngHeader } from '../../unit/directory/profile-images';

/**
 * Directory profiles against a real database: private by default, every contact channel shown
 * exactly to the viewers its setting reaches (and absent otherwise), a forged visibility saves
 * nothing, cohorts come from enrolments, the preview uses the same rules, photos only for those
 * who may see the profile.
 */

const db = await testDatabase();

let owner: { id: string };
let member: { id: string };
let connection: { id: string };
let stranger: { id: string };
let moderator: { id: string };
let networkId: string;

async function network(slug: string) {
	const row = await db.insertInto('network').values({ slug, name: `Network ${slug}` }).returning('id').executeTakeFirstOrThrow();
	return row.id;
}
const join = (networkId: string, userId: string) =>
	db.insertInto('networkMember').values({ networkId, userId, status: 'member', source: 'admin', joinedAt: new Date() }).execute();

function input(fields: Record<string, string | string[]> = {}): ProfileInput {
	const form = new FormData();
	const all = {
		displayName: 'Aigerim Bekova',
		country: 'KZ',
		visibility: 'networks',
		contactEmailVisibility: 'public',
		phoneVisibility: 'networks',
		telegramVisibility: 'connections',
		linkedinVisibility: 'self',
		websiteVisibility: 'public',
		contactEmail: 'aigerim@example.org',
		phone: '+7 701 000 00 00',
		telegram: '@aigerim_b',
		linkedin: 'https://www.linkedin.com/in/aigerim',
		website: 'https://eco.example.kz/',
		headline: 'Water governance expert',
		city: 'Almaty',
		bio: 'I work on **water**. <script>alert("x")</script><img src=x onerror=alert(1)>',
		expertise: ['iwrm', 'transboundary-water'],
		languages: ['kk', 'ru', 'en'],
		openToMentoring: 'on',
		...fields
	};
	for (const [key, value] of Object.entries(all)) for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
	const parsed = parseForm(ProfileSchema, readProfileForm(form));
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
	return parsed.data;
}

beforeAll(async () => {
	[owner, member, connection, stranger, moderator] = await Promise.all([makePerson(db), makePerson(db), makePerson(db), makePerson(db), makePerson(db)]);
	networkId = await network('calp-test');
	await join(networkId, owner.id);
	await join(networkId, member.id);
	await db.insertInto('networkModerator').values({ networkId, userId: moderator.id }).execute();
	await db.insertInto('connection').values({ requesterId: connection.id, addresseeId: owner.id, status: 'accepted', respondedAt: new Date() }).execute();
	await updateProfile(db, owner.id, input());
});

const view = (viewer: { id: string } | null) => getProfileView(db, viewer, owner.id);

describe('a new profile', () => {
	it('is private: filled from the account, seen by network members only, contacts to no one', async () => {
		const person = await makePerson(db);
		const neighbour = await makePerson(db);
		const net = await network('private-default');
		await join(net, person.id);
		await join(net, neighbour.id);
		const editing = await getProfileForEditing(db, person.id);
		expect(editing.values).toMatchObject({ displayName: expect.stringMatching(/^Person /), country: 'KZ', visibility: 'networks', telegramVisibility: 'self' });
		await ensureProfile(db, person.id); // idempotent
		expect(await getProfileView(db, null, person.id)).toBeUndefined();
		expect(await getProfileView(db, stranger, person.id)).toBeUndefined();
		const seen = await getProfileView(db, neighbour, person.id);
		expect(seen).toBeDefined();
		expect(seen!.contacts).toEqual({});
	});
});

describe('the profile as each viewer sees it', () => {
	it('a visitor and a signed-in stranger: nothing while it is for networks only', async () => {
		expect(await view(null)).toBeUndefined();
		expect(await view(stranger)).toBeUndefined();
	});

	it('each channel only to the viewers its setting reaches; the rest is absent from the object', async () => {
		expect(Object.keys((await view(member))!.contacts).sort()).toEqual(['contactEmail', 'phone', 'website']);
		expect(Object.keys((await view(connection))!.contacts).sort()).toEqual(['contactEmail', 'phone', 'telegram', 'website']);
		expect(Object.keys((await view(moderator))!.contacts).sort()).toEqual(['contactEmail', 'website']);
		expect(Object.keys((await view(owner))!.contacts).sort()).toEqual(['contactEmail', 'linkedin', 'phone', 'telegram', 'website']);
		const asMember = JSON.stringify(await view(member));
		expect(asMember).not.toContain('aigerim_b');
		expect(asMember).not.toContain('linkedin.com');
	});

	it('made public: visitors see it, with public channels only', async () => {
		await updateProfile(db, owner.id, input({ visibility: 'public' }));
		try {
			const seen = await view(null);
			expect(seen).toMatchObject({ displayName: 'Aigerim Bekova', networks: [] });
			expect(Object.keys(seen!.contacts).sort()).toEqual(['contactEmail', 'website']);
			expect(Object.keys((await view(stranger))!.contacts).sort()).toEqual(['contactEmail', 'website']);
		} finally {
			await updateProfile(db, owner.id, input());
		}
	});

	it('shows the bio sanitised, shared networks, and cohorts from enrolments', async () => {
		const seen = (await view(member))!;
		expect(seen.bioHtml).toContain('<strong>water</strong>');
		expect(seen.bioHtml).not.toMatch(/<script|<img/i);
		expect(seen.bioHtml).toContain('&lt;script&gt;');
		expect(seen.networks).toEqual([{ slug: 'calp-test', name: 'Network calp-test' }]);
		expect((await view(connection))!.networks).toEqual([]);
		expect(seen).toMatchObject({ expertise: ['iwrm', 'transboundary-water'], languages: ['en', 'ru', 'kk'], openToMentoring: true });

		const course = await importTestCourse(db, 'directory-profile-course', 'cohort');
		const attended = await makeCohort(db, course.id, { name: 'Spring school' });
		const waiting = await makeCohort(db, course.id, { name: 'Waitlisted school' });
		await db.insertInto('enrolment').values({ cohortId: attended.id, userId: owner.id, status: 'enrolled', source: 'open', enrolledAt: new Date() }).execute();
		await db.insertInto('enrolment').values({ cohortId: waiting.id, userId: owner.id, status: 'waitlisted', source: 'open', waitlistPosition: 1 }).execute();
		expect((await view(member))!.cohorts).toEqual([
			{ courseTitle: expect.any(String), courseSlug: 'directory-profile-course', cohortName: 'Spring school', year: 2026 }
		]);
	});

	it('a hidden profile or a block: gone, as if it did not exist; the owner still sees theirs', async () => {
		await db.updateTable('directoryProfile').set({ hiddenAt: new Date(), hiddenBy: moderator.id }).where('userId', '=', owner.id).execute();
		try {
			expect(await view(member)).toBeUndefined();
			expect(await view(connection)).toBeUndefined();
			expect((await view(owner))!.hidden).toBe(true);
			expect((await view(moderator))!.hidden).toBe(true);
		} finally {
			await db.updateTable('directoryProfile').set({ hiddenAt: null, hiddenBy: null }).where('userId', '=', owner.id).execute();
		}
		await db.insertInto('userBlock').values({ blockerId: owner.id, blockedId: member.id }).execute();
		try {
			expect(await view(member)).toBeUndefined();
		} finally {
			await db.deleteFrom('userBlock').where('blockerId', '=', owner.id).execute();
		}
	});

	it("a deactivated account's profile: gone for everyone (its photo too), back on reactivation", async () => {
		expect(await view(member)).toBeDefined();
		await db.updateTable('appUser').set({ deactivatedAt: new Date() }).where('id', '=', owner.id).execute();
		try {
			for (const viewer of [null, member, connection, moderator, stranger]) expect(await view(viewer)).toBeUndefined();
			expect(await findProfilePhoto(db, connection.id, owner.id)).toBeUndefined();
		} finally {
			await db.updateTable('appUser').set({ deactivatedAt: null }).where('id', '=', owner.id).execute();
		}
		expect(await view(member)).toBeDefined();
	});

	it('an unknown id or one that is no id at all: undefined, never an error', async () => {
		expect(await getProfileView(db, member, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
		expect(await getProfileView(db, member, 'not-a-uuid')).toBeUndefined();
		expect(await getProfileView(db, member, stranger.id)).toBeUndefined();
	});
});

describe('saving', () => {
	it('a forged visibility value is refused on its field and nothing is saved', async () => {
		const before = await getProfileForEditing(db, owner.id);
		for (const [field, value] of [
			['telegramVisibility', 'everyone'],
			['phoneVisibility', "public'); drop table directory_profile; --"],
			['visibility', 'self'],
			['visibility', 'connections']
		] as const) {
			const refused = await updateProfile(db, owner.id, { ...input({ headline: 'Changed' }), [field]: value }).catch((e: unknown) => e);
			expect(refused).toBeInstanceOf(ValidationError);
			expect(refused).toMatchObject({ field, message: 'error_dir_profile_visibility_invalid' });
		}
		expect(await getProfileForEditing(db, owner.id)).toEqual(before);
	});

	it('keeps the bio as typed (it is sanitised when shown)', async () => {
		const editing = await getProfileForEditing(db, owner.id);
		expect(editing.values.bio).toContain('<script>');
	});
});

describe('preview as', () => {
	it('uses the same rules with a made-up viewer', async () => {
		expect(await previewProfileView(db, owner.id, 'visitor')).toBeUndefined();
		const asMember = (await previewProfileView(db, owner.id, 'member'))!;
		expect(Object.keys(asMember.contacts).sort()).toEqual(['contactEmail', 'phone', 'website']);
		expect(asMember.networks.map((n) => n.slug)).toEqual(['calp-test']);
		expect(asMember.own).toBe(false);
		const asConnection = (await previewProfileView(db, owner.id, 'connection'))!;
		expect(Object.keys(asConnection.contacts).sort()).toEqual(['contactEmail', 'phone', 'telegram', 'website']);
	});
});

describe('the photo', () => {
	it('is stored with its checked type, versioned, and served only to viewers who may see the profile', async () => {
		const bytes = pngHeader(200, 200);
		await setProfilePhoto(db, owner.id, bytes);
		const seen = (await view(member))!;
		expect(seen.photoUrl).toMatch(new RegExp(`^/directory-photos/${owner.id}\\?v=\\d+$`));
		expect(await findProfilePhoto(db, member.id, owner.id)).toMatchObject({ type: 'image/png' });
		expect(Buffer.from((await findProfilePhoto(db, owner.id, owner.id))!.data)).toEqual(Buffer.from(bytes));
		expect(await findProfilePhoto(db, null, owner.id)).toBeUndefined();
		expect(await findProfilePhoto(db, stranger.id, owner.id)).toBeUndefined();
		expect(await findProfilePhoto(db, null, 'nonsense')).toBeUndefined();

		const first = seen.photoUrl;
		await setProfilePhoto(db, owner.id, jpegHeader(300, 300));
		expect((await view(member))!.photoUrl).not.toBe(first);
		expect(await findProfilePhoto(db, member.id, owner.id)).toMatchObject({ type: 'image/jpeg' });
	});

	it('a non-image is refused and the old photo stays; removed, initials instead', async () => {
		const refused = await setProfilePhoto(db, owner.id, new TextEncoder().encode('<svg onload=alert(1)>')).catch((e: unknown) => e);
		expect(refused).toMatchObject({ field: 'photo', message: 'error_dir_profile_photo_type' });
		expect(await findProfilePhoto(db, owner.id, owner.id)).toMatchObject({ type: 'image/jpeg' });
		await removeProfilePhoto(db, owner.id);
		expect(await findProfilePhoto(db, owner.id, owner.id)).toBeUndefined();
		expect((await view(member))!).toMatchObject({ photoUrl: null, initials: 'AB' });
	});
});
