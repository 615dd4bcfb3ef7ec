import { describe, expect, it } from 'vitest';
import { ProfileSchema, readProfileForm, normaliseLinkedin, normaliseTelegram } from '../../../src/lib/schemas/directory-profile';
import { parseForm } from '../../../src/lib/server/form';

const BASE = {
	displayName: 'Aigerim Nurlanovna',
	country: 'KZ',
	visibility: 'networks',
	contactEmailVisibility: 'self',
	phoneVisibility: 'self',
	telegramVisibility: 'self',
	linkedinVisibility: 'self',
	websiteVisibility: 'self'
};

function submit(fields: Record<string, string | string[]>) {
	const form = new FormData();
	for (const [key, value] of Object.entries({ ...BASE, ...fields })) {
		for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
	}
	return parseForm(ProfileSchema, readProfileForm(form));
}

describe('the profile form', () => {
	it('keeps every ticked box of the lists, in the vocabulary order, once', () => {
		const r = submit({ expertise: ['waste', 'climate-change', 'waste'], languages: ['uz', 'ru'], openToMentoring: 'on' });
		expect(r.ok && r.data).toMatchObject({ expertise: ['climate-change', 'waste'], languages: ['ru', 'uz'], openToMentoring: true });
		expect(submit({}).ok && (submit({}) as { data: { openToMentoring: boolean } }).data.openToMentoring).toBe(false);
	});

	it('refuses an area or a language outside the lists', () => {
		expect(submit({ expertise: ['astrology'] })).toMatchObject({ ok: false, errors: { expertise: 'error_dir_profile_area_unknown' } });
		expect(submit({ languages: ['xx'] })).toMatchObject({ ok: false, errors: { languages: 'error_dir_profile_language_unknown' } });
	});

	it('needs a name and a known country, and bounds every text', () => {
		expect(submit({ displayName: '  ' })).toMatchObject({ ok: false, errors: { displayName: 'error_required' } });
		expect(submit({ country: 'XX' })).toMatchObject({ ok: false, errors: { country: 'error_country_unknown' } });
		expect(submit({ headline: 'x'.repeat(161) })).toMatchObject({ ok: false, errors: { headline: 'error_too_long' } });
		expect(submit({ bio: 'x'.repeat(5001) })).toMatchObject({ ok: false, errors: { bio: 'error_too_long' } });
	});

	it('checks the format of each contact channel, and accepts them empty', () => {
		expect(submit({}).ok).toBe(true);
		expect(submit({ contactEmail: 'not an email' })).toMatchObject({ ok: false, errors: { contactEmail: 'error_email_invalid' } });
		expect(submit({ phone: 'call me' })).toMatchObject({ ok: false, errors: { phone: 'error_dir_profile_phone_invalid' } });
		expect(submit({ telegram: 'https://example.org/x' })).toMatchObject({ ok: false, errors: { telegram: 'error_dir_profile_telegram_invalid' } });
		expect(submit({ linkedin: 'https://evil.example/linkedin.com' })).toMatchObject({ ok: false, errors: { linkedin: 'error_dir_profile_linkedin_invalid' } });
		expect(submit({ website: 'javascript:alert(1)' })).toMatchObject({ ok: false, errors: { website: 'error_dir_profile_website_invalid' } });
		const ok = submit({
			contactEmail: 'Aigerim@Example.org',
			phone: '+998 90 123-45-67',
			telegram: 'https://t.me/aigerim_n',
			linkedin: 'www.linkedin.com/in/aigerim',
			website: 'https://eco.example.kz/'
		});
		expect(ok.ok && ok.data).toMatchObject({
			contactEmail: 'aigerim@example.org',
			phone: '+998 90 123-45-67',
			telegram: '@aigerim_n',
			linkedin: 'https://www.linkedin.com/in/aigerim',
			website: 'https://eco.example.kz/'
		});
	});

	it('normalises Telegram handles and LinkedIn addresses', () => {
		expect(normaliseTelegram('@water_kg')).toBe('@water_kg');
		expect(normaliseTelegram('t.me/water_kg')).toBe('@water_kg');
		expect(normaliseTelegram('@abc')).toBeNull();
		expect(normaliseLinkedin('https://linkedin.com/')).toBeNull();
		expect(normaliseLinkedin('http://kz.linkedin.com/in/x')).toBe('https://kz.linkedin.com/in/x');
	});

	it('passes visibility values through as typed: updateProfile checks them against the rules', () => {
		const r = submit({ telegramVisibility: 'everyone-ever' });
		expect(r.ok && r.data.telegramVisibility).toBe('everyone-ever');
	});
});
