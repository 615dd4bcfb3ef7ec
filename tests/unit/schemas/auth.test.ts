import { describe, expect, it } from 'vitest';
import { SignUpSchema } from '../../../src/lib/schemas/auth';
import { parseForm } from '../../../src/lib/server/form';

const form = (values: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(values)) f.set(k, v);
	return f;
};
const valid = {
	name: 'Aida Sultanova',
	email: 'Aida@Example.org ',
	password: 'steppe rivers flow west',
	country: 'kz',
	organisationId: '',
	locale: 'ru'
};

describe('the sign-up form', () => {
	it('accepts a good submission and normalises it', () => {
		const result = parseForm(SignUpSchema, form(valid));
		expect(result.ok).toBe(true);
		if (result.ok) {
			expect(result.data.email).toBe('aida@example.org');
			expect(result.data.country).toBe('KZ');
			expect(result.data.organisationId).toBeNull();
		}
	});

	it('says what is wrong beside each field, and never sends the password back', () => {
		const result = parseForm(
			SignUpSchema,
			form({ name: '', email: 'not-an-email', password: 'short', country: 'XX', locale: 'fr' })
		);
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.errors).toEqual({
				name: 'error_required',
				email: 'error_email_invalid',
				password: 'error_password_too_short',
				country: 'error_country_unknown',
				locale: 'error_locale_unknown'
			});
			expect(result.values).not.toHaveProperty('password');
			expect(result.values.email).toBe('not-an-email');
		}
	});

	it('refuses weak, over-long and over-sized values', () => {
		const weak = parseForm(SignUpSchema, form({ ...valid, password: '1234567890' }));
		expect(!weak.ok && weak.errors.password).toBe('error_password_too_weak');
		const repeated = parseForm(SignUpSchema, form({ ...valid, password: 'aaaaaaaaaaaa' }));
		expect(!repeated.ok && repeated.errors.password).toBe('error_password_too_weak');
		const long = parseForm(SignUpSchema, form({ ...valid, password: 'x1y2z3'.repeat(50) }));
		expect(!long.ok && long.errors.password).toBe('error_password_too_long');
		const name = parseForm(SignUpSchema, form({ ...valid, name: 'n'.repeat(121) }));
		expect(!name.ok && name.errors.name).toBe('error_too_long');
		const email = parseForm(SignUpSchema, form({ ...valid, email: `${'a'.repeat(250)}@x.org` }));
		expect(!email.ok && email.errors.email).toBe('error_too_long');
	});

	it('refuses an organisation that is not an id', () => {
		const result = parseForm(SignUpSchema, form({ ...valid, organisationId: "1' or 1=1" }));
		expect(!result.ok && result.errors.organisationId).toBe('error_not_found');
	});
});
