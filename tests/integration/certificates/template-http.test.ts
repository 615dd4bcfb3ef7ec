import { describe, expect, it } from 'vitest';
import { templateFormValues } from '../../../src/lib/schemas/certificates';
import { createCourse } from '../../../src/lib/server/courses/authoring';
import { BUILTIN_TEMPLATE, resolveTemplate } from '../../../src/lib/server/certificates/template';
import { previewTemplateResponse, saveTemplateAction, templateLogoResponse } from '../../../src/lib/server/certificates/template-http';
import { PNG } from '../../course-package';
import { makeUser } from '../../factories';
import { testDatabase } from '../test-db';

const db = await testDatabase();
const admin = await makeUser(db, { role: 'admin' });
const course = await createCourse(db, { id: admin.id, role: 'admin', organisationId: null }, { title: 'Template editor course', language: 'en' });

/** The editor's multipart request, as a browser sends it. */
function post(changes: Record<string, string> = {}, logo?: Uint8Array) {
	const form = new FormData();
	for (const [k, v] of Object.entries({ ...templateFormValues({ ...BUILTIN_TEMPLATE, signatories: [] }), ...changes })) form.append(k, v);
	if (logo) form.append('logo', new File([new Uint8Array(logo)], 'logo.png', { type: 'image/png' }));
	return new Request('http://localhost/teach/x/certificate/preview', { method: 'POST', body: form });
}

describe('the template editor over HTTP', () => {
	it('previews the unsaved form as a one-page PDF, shown inline, saving nothing', async () => {
		const response = await previewTemplateResponse(db, post({ enTitle: 'Unsaved title', locale: 'ru' }, PNG), course.id, { courseTitle: 'Template editor course' });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/pdf');
		expect(response.headers.get('content-disposition')).toBe('inline; filename="certificate-preview-ru.pdf"');
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
		expect((await resolveTemplate(db, course.id)).scope).toBe('builtin');
	});

	it('answers an invalid preview with a plain list of what to fix', async () => {
		const response = await previewTemplateResponse(db, post({ ruBody: 'курс {курс}', accentColour: 'gold' }, new TextEncoder().encode('GIF89a')), course.id);
		expect(response.status).toBe(400);
		expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
		const text = await response.text();
		expect(text).toContain('{курс} is not a placeholder');
		expect(text).toContain('Colour of the frame: Give a colour as #');
		expect(text).toContain('New logo: The logo must be a PNG or JPEG image.');
	});

	it('saves, reporting every fault beside its field first', async () => {
		const failed = await saveTemplateAction(db, post({ enTitle: '', signatory1Title: 'Dean' }, Uint8Array.from([1, 2, 3])), course.id, admin.id);
		expect(failed?.status).toBe(400);
		expect(failed?.data.errors).toEqual({
			enTitle: 'error_required',
			signatory1Name: 'error_cert_tpl_signatory_name_required',
			logo: 'error_cert_tpl_logo_type'
		});
		expect(failed?.data.values.signatory1Title).toBe('Dean');
		expect((await resolveTemplate(db, course.id)).scope).toBe('builtin');

		expect(await saveTemplateAction(db, post({ enTitle: 'Saved' }, PNG), course.id, admin.id)).toBeNull();
		const saved = await resolveTemplate(db, course.id);
		expect(saved.texts.en.title).toBe('Saved');
		const logo = await templateLogoResponse(db, course.id);
		expect(logo.headers.get('content-type')).toBe('image/png');
		expect([...new Uint8Array(await logo.arrayBuffer())]).toEqual([...PNG]);
	});

	it('refuses a body declared larger than the logo allows before reading it', async () => {
		const request = new Request('http://localhost/x', { method: 'POST', body: 'x', headers: { 'content-length': String(2 * 1024 * 1024) } });
		const failed = await saveTemplateAction(db, request, course.id, admin.id);
		expect(failed?.status).toBe(413);
		expect(failed?.data.errors).toEqual({ logo: 'error_file_too_large' });
	});
});
