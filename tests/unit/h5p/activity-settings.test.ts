import { describe, expect, it } from 'vitest';
import {
	DEFAULT_H5P_PASS_PERCENT,
	defaultCompletionFor,
	readH5pItemData
} from '../../../src/lib/server/h5p/activity-settings';
import { contentTypeFor, extensionOf } from '../../../src/lib/server/h5p/mime';

describe('H5P activity settings', () => {
	it('complete on view for content types that report no score, by score otherwise', () => {
		expect(defaultCompletionFor('H5P.Dialogcards')).toBe('view');
		expect(defaultCompletionFor('H5P.Dialogcards 1.8')).toBe('view');
		expect(defaultCompletionFor('H5P.Accordion-1.0')).toBe('view');
		expect(defaultCompletionFor('H5P.TrueFalse')).toBe('score');
		expect(defaultCompletionFor('Bilim.SelfCheck')).toBe('score');
		expect(DEFAULT_H5P_PASS_PERCENT).toBe(50);
	});

	it('reads well-formed item data and nothing else', () => {
		const good = { contentId: '7d0f3c52-8a1e-4c1b-9a55-0b2f7f0e6a11', completion: 'score', passPercent: 80 };
		expect(readH5pItemData(good)).toEqual(good);
		expect(readH5pItemData({ ...good, completion: 'view', passPercent: 0 })).toMatchObject({ completion: 'view' });
		for (const bad of [null, {}, { ...good, contentId: 'x' }, { ...good, completion: 'always' }, { ...good, passPercent: 101 }, { ...good, passPercent: '50' }]) {
			expect(readH5pItemData(bad)).toBeNull();
		}
	});
});

describe('package file types', () => {
	it('serves files with the content type of their extension', () => {
		expect(extensionOf('content/images/Sky.PNG')).toBe('png');
		expect(extensionOf('scripts/.hidden')).toBe('');
		expect(extensionOf('README')).toBe('');
		expect(contentTypeFor('library.json')).toBe('application/json');
		expect(contentTypeFor('scripts/a.js')).toBe('text/javascript; charset=utf-8');
		expect(contentTypeFor('fonts/x.woff2')).toBe('font/woff2');
		expect(contentTypeFor('images/a.svg')).toBe('image/svg+xml');
		expect(contentTypeFor('x.unknown')).toBe('application/octet-stream');
	});
});
