import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../../src/lib/i18n/t';
import { COMMUNITY_ERROR_MESSAGES } from '../../../src/lib/i18n/errors-community';
import { AUTHORING_ERROR_MESSAGES } from '../../../src/lib/i18n/errors-authoring';
import { H5P_ERROR_MESSAGES } from '../../../src/lib/i18n/errors-h5p';

const dir = join(import.meta.dirname, '../../../src/lib/i18n/messages');
const load = (locale: string) => JSON.parse(readFileSync(join(dir, `${locale}.json`), 'utf8')) as Record<string, unknown>;
const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => k !== '$schema').sort();

describe('interface messages', () => {
	const en = load('en');
	const ru = load('ru');

	it('has exactly the same keys in English and Russian', () => {
		const onlyEn = keys(en).filter((k) => !(k in ru));
		const onlyRu = keys(ru).filter((k) => !(k in en));
		expect({ onlyEn, onlyRu }).toEqual({ onlyEn: [], onlyRu: [] });
	});

	it('has no empty message', () => {
		for (const [locale, messages] of [['en', en], ['ru', ru]] as const) {
			for (const key of keys(messages)) {
				expect(JSON.stringify(messages[key]).length, `${locale}.${key}`).toBeGreaterThan(2);
			}
		}
	});

	it('uses the same placeholders in both languages', () => {
		const placeholders = (v: unknown) => [...new Set(JSON.stringify(v).match(/\{[a-z]+\}/gi) ?? [])].sort();
		for (const key of keys(en)) expect(placeholders(ru[key]), key).toEqual(placeholders(en[key]));
	});

	it('has only the two locale files', () => {
		expect(readdirSync(dir).sort()).toEqual(['en.json', 'ru.json']);
	});

	it('defines every error key the code can send', () => {
		const src = join(import.meta.dirname, '../../../src');
		const used = new Set<string>();
		const walk = (d: string) => {
			for (const entry of readdirSync(d, { withFileTypes: true })) {
				if (entry.name === 'paraglide') continue;
				const p = join(d, entry.name);
				if (entry.isDirectory()) walk(p);
				else if (/\.(ts|svelte)$/.test(entry.name)) {
					for (const match of readFileSync(p, 'utf8').matchAll(/'(error_[a-z_]+)'/g)) used.add(match[1]!);
				}
			}
		};
		walk(src);
		expect([...used].filter((k) => !(k in en))).toEqual([]);
		// ... and the browser can show each of them (the directory's, certificates' and the builders' own from their pages).
		const shown = { ...ERROR_MESSAGES, ...COMMUNITY_ERROR_MESSAGES, ...AUTHORING_ERROR_MESSAGES, ...H5P_ERROR_MESSAGES };
		expect([...used].filter((k) => !(k in shown))).toEqual([]);
	});
});
