import { error, fail } from '@sveltejs/kit';
import * as m from '../../paraglide/messages.js';
import '../../i18n/errors-community';
import { t } from '../../i18n/t';
import { LOGO_MAX_BYTES, parseTemplateForm, type TemplateData } from '../../schemas/certificates';
import type { Database } from '../db/connect';
import type { Locale } from '../db/schema';
import { ValidationError } from '../errors';
import { renderCertificatePdf } from './pdf';
import {
	buildPdfInput,
	checkTemplateLogo,
	resolveTemplate,
	sampleFacts,
	saveTemplate,
	type CertificateFacts,
	type ResolvedTemplate,
	type TemplateLogo
} from './template';

/**
 * The HTTP side of the template editor, shared by the course's page (/teach/[slug]/certificate)
 * and the site default's (/admin/certificates/template): reading the multipart form, the save
 * action's answers, the preview PDF and the logo. The routes guard first, then call these.
 */

/** Room for the form's text fields and the multipart framing around the logo. */
const FORM_OVERHEAD = 64 * 1024;
const LOGO_MB = Math.round(LOGO_MAX_BYTES / 1024 / 1024);

type Errors = Record<string, string>;
type Params = Record<string, Record<string, string | number>>;

function declaredTooLarge(request: Request): boolean {
	return Number(request.headers.get('content-length') ?? 0) > LOGO_MAX_BYTES + FORM_OVERHEAD;
}

/**
 * The form's fields and logo, checked all at once, so every fault shows beside its field.
 * `logo` is the upload (null: none), checked by its bytes.
 */
async function readForm(request: Request): Promise<
	| { ok: true; data: TemplateData; upload: TemplateLogo | null; form: FormData }
	| { ok: false; status: number; values: Record<string, string>; errors: Errors; params: Params; form: FormData | null }
> {
	if (declaredTooLarge(request)) {
		return { ok: false, status: 413, values: {}, errors: { logo: 'error_file_too_large' }, params: { logo: { mb: LOGO_MB } }, form: null };
	}
	const form = await request.formData();
	const parsed = parseTemplateForm(form);
	const file = form.get('logo');
	let upload: TemplateLogo | null = null;
	let logoError: ValidationError | null = null;
	if (file instanceof File && file.size > 0) {
		try {
			upload = checkTemplateLogo(new Uint8Array(await file.arrayBuffer()));
		} catch (e) {
			if (!(e instanceof ValidationError)) throw e;
			logoError = e;
		}
	}
	if (parsed.ok && !logoError) return { ok: true, data: parsed.data, upload, form };
	const failed = parsed.ok ? { values: valuesOf(form), errors: {}, params: {} } : parsed;
	const errors: Errors = { ...failed.errors };
	const params: Params = { ...failed.params };
	if (logoError) {
		errors.logo = logoError.message;
		params.logo = logoError.params;
	}
	return { ok: false, status: 400, values: failed.values, errors, params, form };
}

function valuesOf(form: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [k, v] of form) if (typeof v === 'string' && k !== 'locale') values[k] = v.slice(0, 2500);
	return values;
}

/**
 * The `save` action: stores the template for the course (null: the site default). Returns the
 * failure to answer with, or null when saved (the route then redirects).
 */
export async function saveTemplateAction(db: Database, request: Request, courseId: string | null, actorId: string) {
	const read = await readForm(request);
	if (!read.ok) return fail(read.status, { values: read.values, errors: read.errors, params: read.params });
	try {
		await saveTemplate(db, courseId, { ...read.data, logo: read.upload?.data ?? null }, actorId);
	} catch (e) {
		if (!(e instanceof ValidationError)) throw e;
		return fail(400, { values: valuesOf(read.form), errors: { [e.field]: e.message } as Errors, params: { [e.field]: e.params } as Params });
	}
	return null;
}

/** The field a reader sees an error beside, named as the form names it, for the preview's list. */
function fieldLabel(field: string): string {
	const text = /^(en|ru)(Title|Intro|Body)$/.exec(field);
	if (text) {
		const language = text[1] === 'en' ? m.cert_tpl_texts_en() : m.cert_tpl_texts_ru();
		const part = { Title: m.cert_tpl_field_title, Intro: m.cert_tpl_field_intro, Body: m.cert_tpl_field_body }[text[2] as 'Title'];
		return `${language}: ${part()}`;
	}
	const signatory = /^signatory(\d)(Name|Title)$/.exec(field);
	if (signatory) {
		const part = signatory[2] === 'Name' ? m.cert_tpl_signatory_name() : m.cert_tpl_signatory_title();
		return `${m.cert_tpl_signatory({ n: Number(signatory[1]) })}: ${part}`;
	}
	if (field === 'primaryColour') return m.cert_tpl_primary_colour();
	if (field === 'accentColour') return m.cert_tpl_accent_colour();
	if (field === 'logo') return m.cert_tpl_logo();
	return m.cert_tpl_form_heading();
}

/**
 * The preview: the submitted (unsaved) template rendered for a sample learner, as a PDF shown
 * in the browser. Without a new upload, the logo is the one in effect now, unless the form asks
 * to remove it. Faults come back as a plain text page listing what to fix: the preview opens in
 * a tab of its own, away from the form.
 */
export async function previewTemplateResponse(
	db: Database,
	request: Request,
	courseId: string | null,
	facts: Partial<CertificateFacts> = {}
): Promise<Response> {
	const read = await readForm(request);
	if (!read.ok) {
		const lines = Object.entries(read.errors).map(([field, key]) => `- ${fieldLabel(field)}: ${t(key, read.params[field])}`);
		return new Response([m.cert_tpl_preview_invalid(), '', ...lines, ''].join('\n'), {
			status: read.status,
			headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }
		});
	}
	const locale: Locale = read.form.get('locale') === 'ru' ? 'ru' : 'en';
	const logo = read.upload ?? (read.data.removeLogo ? null : (await resolveTemplate(db, courseId)).logo);
	const template: ResolvedTemplate = {
		scope: courseId === null ? 'site' : 'course',
		autoIssue: read.data.autoIssue,
		texts: read.data.texts,
		signatories: read.data.signatories,
		primaryColour: read.data.primaryColour,
		accentColour: read.data.accentColour,
		logo,
		hasLogo: logo !== null,
		cacheKey: 'preview'
	};
	const pdf = await renderCertificatePdf(buildPdfInput(template, locale, sampleFacts(locale, facts)));
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `inline; filename="certificate-preview-${locale}.pdf"`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}

/** The logo in effect for the course (null: the site's), for the editor to show; 404 when none. */
export async function templateLogoResponse(db: Database, courseId: string | null): Promise<Response> {
	const template = await resolveTemplate(db, courseId);
	if (!template.logo) error(404, { message: 'error_not_found' });
	return new Response(new Uint8Array(template.logo.data), {
		headers: {
			'content-type': template.logo.contentType,
			// The editor asks with ?v=<cache key>, which changes with every save.
			'cache-control': 'private, max-age=86400',
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'"
		}
	});
}
