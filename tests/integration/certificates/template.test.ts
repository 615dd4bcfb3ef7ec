import { describe, expect, it } from 'vitest';
import { templateFormValues, parseTemplateForm, type TemplateInput } from '../../../src/lib/schemas/certificates';
import { createCourse } from '../../../src/lib/server/courses/authoring';
import { ValidationError } from '../../../src/lib/server/errors';
import { BUILTIN_TEMPLATE, resetTemplate, resolveTemplate, saveTemplate } from '../../../src/lib/server/certificates/template';
import { PNG } from '../../course-package';
import { makeUser } from '../../factories';
import { testDatabase } from '../test-db';

const db = await testDatabase();
const admin = await makeUser(db, { role: 'admin' });
const actor = { id: admin.id, role: 'admin' as const, organisationId: null };

let n = 0;
const newCourse = async () => (await createCourse(db, actor, { title: `Certificates course ${n++}`, language: 'en' })).id;

/** The built-in template with some changes, as the form would give it. */
function input(changes: Partial<TemplateInput> = {}): TemplateInput {
	return {
		autoIssue: true,
		texts: structuredClone(BUILTIN_TEMPLATE.texts) as TemplateInput['texts'],
		signatories: [],
		primaryColour: BUILTIN_TEMPLATE.primaryColour,
		accentColour: BUILTIN_TEMPLATE.accentColour,
		...changes
	};
}
const withTitle = (title: string) => input({ texts: { ...input().texts, en: { ...input().texts.en, title } } });

async function failure(promise: Promise<unknown>) {
	try {
		await promise;
	} catch (e) {
		return e as ValidationError;
	}
	throw new Error('expected a failure');
}

const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00, 0xff, 0xd9]);
const count = async () => Number((await db.selectFrom('certificateTemplate').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

// Tests run in order and share the site default: each states the site row it needs.
describe('certificate templates', () => {
	it('uses the built-in template while there is no row', async () => {
		const courseId = await newCourse();
		const resolved = await resolveTemplate(db, courseId);
		expect(resolved).toMatchObject({ scope: 'builtin', autoIssue: true, cacheKey: 'builtin:1', logo: null, signatories: [] });
		expect(resolved.texts.en.title).toBe('Certificate of completion');
		expect((await resolveTemplate(db, null)).scope).toBe('builtin');
	});

	it('resolves the course template, else the site default, else the built-in', async () => {
		const courseId = await newCourse();
		const other = await newCourse();
		await saveTemplate(db, null, withTitle('Site certificate'), admin.id);
		await saveTemplate(db, courseId, withTitle('Course certificate'), admin.id);

		const own = await resolveTemplate(db, courseId);
		expect(own.scope).toBe('course');
		expect(own.texts.en.title).toBe('Course certificate');
		const fallback = await resolveTemplate(db, other);
		expect(fallback.scope).toBe('site');
		expect(fallback.texts.en.title).toBe('Site certificate');
		expect((await resolveTemplate(db, null)).texts.en.title).toBe('Site certificate');

		expect(await resetTemplate(db, courseId)).toBe(true);
		expect((await resolveTemplate(db, courseId)).scope).toBe('site');
		expect(await resetTemplate(db, courseId)).toBe(false);

		await db.deleteFrom('certificateTemplate').where('courseId', 'is', null).execute();
		expect((await resolveTemplate(db, other)).scope).toBe('builtin');
	});

	it('changes the cache key on every save, and on reset', async () => {
		const courseId = await newCourse();
		const keys = [(await resolveTemplate(db, courseId)).cacheKey];
		await saveTemplate(db, null, withTitle('Site v1'), admin.id);
		keys.push((await resolveTemplate(db, courseId)).cacheKey);
		await saveTemplate(db, null, withTitle('Site v2'), admin.id);
		keys.push((await resolveTemplate(db, courseId)).cacheKey);
		const first = await saveTemplate(db, courseId, withTitle('Course v1'), admin.id);
		keys.push((await resolveTemplate(db, courseId)).cacheKey);
		const second = await saveTemplate(db, courseId, withTitle('Course v1'), admin.id);
		keys.push((await resolveTemplate(db, courseId)).cacheKey);
		expect(second.id).toBe(first.id);
		expect(second.version).toBe(first.version + 1);
		await resetTemplate(db, courseId);
		keys.push((await resolveTemplate(db, courseId)).cacheKey);
		await saveTemplate(db, courseId, withTitle('Course v1'), admin.id);
		keys.push((await resolveTemplate(db, courseId)).cacheKey);

		expect(new Set(keys).size).toBe(keys.length - 1);
		// after the reset, the course shows the site's template again, under the site's key
		expect(keys[5]).toBe(keys[2]);
		await db.deleteFrom('certificateTemplate').where('courseId', 'is', null).execute();
	});

	it('stores what the form gave, normalised', async () => {
		const courseId = await newCourse();
		const parsed = parseTemplateForm(
			(() => {
				const f = new FormData();
				const values = templateFormValues({ ...BUILTIN_TEMPLATE, signatories: [] });
				for (const [k, v] of Object.entries({ ...values, autoIssue: '', primaryColour: '#AA0000', signatory2Name: 'Dana Ospanova', signatory2Title: 'Director', enBody: 'Line {course}\r\nLine two' })) f.append(k, v);
				return f;
			})()
		);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		await saveTemplate(db, courseId, parsed.data, admin.id);
		const resolved = await resolveTemplate(db, courseId);
		expect(resolved).toMatchObject({
			scope: 'course',
			autoIssue: false,
			primaryColour: '#aa0000',
			signatories: [{ name: 'Dana Ospanova', title: 'Director' }]
		});
		expect(resolved.texts.en.body).toBe('Line {course}\nLine two');
		expect(resolved.texts.ru).toEqual(BUILTIN_TEMPLATE.texts.ru);
		const row = await db.selectFrom('certificateTemplate').select(['updatedBy', 'version']).where('courseId', '=', courseId).executeTakeFirstOrThrow();
		expect(row).toEqual({ updatedBy: admin.id, version: 1 });
	});

	it('keeps, replaces and removes the logo', async () => {
		const courseId = await newCourse();
		await saveTemplate(db, courseId, { ...input(), logo: PNG }, admin.id);
		let resolved = await resolveTemplate(db, courseId);
		expect(resolved.logo?.contentType).toBe('image/png');
		expect([...resolved.logo!.data]).toEqual([...PNG]);
		expect((await resolveTemplate(db, courseId, { logo: false })).logo).toBeNull();
		expect((await resolveTemplate(db, courseId, { logo: false })).hasLogo).toBe(true);

		await saveTemplate(db, courseId, withTitle('No new logo'), admin.id);
		expect((await resolveTemplate(db, courseId)).logo?.contentType).toBe('image/png');

		await saveTemplate(db, courseId, { ...input(), logo: JPEG }, admin.id);
		resolved = await resolveTemplate(db, courseId);
		expect(resolved.logo?.contentType).toBe('image/jpeg');

		await saveTemplate(db, courseId, { ...input(), removeLogo: true }, admin.id);
		resolved = await resolveTemplate(db, courseId);
		expect(resolved.logo).toBeNull();
		expect(resolved.hasLogo).toBe(false);
	});

	it("gives a course's first template the site's logo it showed until then", async () => {
		await saveTemplate(db, null, { ...input(), logo: PNG }, admin.id);
		const courseId = await newCourse();
		expect((await resolveTemplate(db, courseId)).logo?.contentType).toBe('image/png');
		await saveTemplate(db, courseId, withTitle('Own words'), admin.id);
		const own = await resolveTemplate(db, courseId);
		expect(own.scope).toBe('course');
		expect(own.logo?.contentType).toBe('image/png');
		// ... and no logo when it asked for none
		const other = await newCourse();
		await saveTemplate(db, other, { ...input(), removeLogo: true }, admin.id);
		expect((await resolveTemplate(db, other)).logo).toBeNull();
		await db.deleteFrom('certificateTemplate').where('courseId', 'is', null).execute();
	});

	it('refuses a logo that is not a PNG or JPEG, a broken one and a large one, storing nothing', async () => {
		const courseId = await newCourse();
		const before = await count();
		const gif = new TextEncoder().encode('GIF89a....');
		const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');
		const broken = Uint8Array.from([...PNG.slice(0, 20), 1, 2, 3]);
		const large = new Uint8Array(1024 * 1024 + 1);
		large.set(PNG);

		for (const [data, key] of [
			[gif, 'error_cert_tpl_logo_type'],
			[svg, 'error_cert_tpl_logo_type'],
			[broken, 'error_cert_tpl_logo_unreadable'],
			[large, 'error_file_too_large']
		] as const) {
			const e = await failure(saveTemplate(db, courseId, { ...input(), logo: data }, admin.id));
			expect(e).toBeInstanceOf(ValidationError);
			expect(e.field).toBe('logo');
			expect(e.message).toBe(key);
		}
		expect(await count()).toBe(before);
		expect((await resolveTemplate(db, courseId)).scope).toBe('builtin');
	});

	it('refuses invalid texts, naming the field and the placeholder, storing nothing', async () => {
		const courseId = await newCourse();
		await saveTemplate(db, courseId, withTitle('Kept'), admin.id);
		const e = await failure(saveTemplate(db, courseId, input({ texts: { ...input().texts, ru: { title: 'Т', intro: '', body: 'курс {курс}' } } }), admin.id));
		expect(e).toBeInstanceOf(ValidationError);
		expect(e.field).toBe('ruBody');
		expect(e.message).toBe('error_cert_tpl_unknown_placeholder');
		expect(e.params).toEqual({ placeholder: '{курс}' });
		const colour = await failure(saveTemplate(db, courseId, input({ accentColour: 'gold' }), admin.id));
		expect(colour.field).toBe('accentColour');
		const resolved = await resolveTemplate(db, courseId);
		expect(resolved.texts.en.title).toBe('Kept');
		expect(resolved.cacheKey.endsWith(':1')).toBe(true);
	});

	it('goes with its course', async () => {
		const courseId = await newCourse();
		await saveTemplate(db, courseId, input(), admin.id);
		await db.deleteFrom('course').where('id', '=', courseId).execute();
		expect(await db.selectFrom('certificateTemplate').select('id').where('courseId', '=', courseId).execute()).toEqual([]);
	});
});
