import { gzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { test, expect, visit, expectNoA11yViolations, submitSignIn, DEMO, DEMO_PASSWORD, BASE } from './fixtures';

// The sample courses in ./courses are imported when the app starts.
const RUSSIAN_COURSE = 'Химическая безопасность для местных сообществ';
const RUSSIAN_LESSON = 'Устаревшие пестициды в Центральной Азии';
const WATER_COURSE = 'Water-saving irrigation for farmers in Central Asia';
const LESSON_PATH = '/courses/water-saving-irrigation/water-in-central-asian-farming';

const results = (page: Page) => page.getByRole('region', { name: 'Results' });

async function findAndReadTheRussianCourse(page: Page) {
	await visit(page, '/courses');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Courses');
	await page.getByRole('searchbox', { name: 'Search courses' }).fill('вода');
	await page.getByRole('button', { name: 'Search', exact: true }).click();

	await expect(page).toHaveURL(/\/courses\?q=%D0%B2%D0%BE%D0%B4%D0%B0$/);
	await expect(page.getByRole('searchbox', { name: 'Search courses' })).toHaveValue('вода');
	await expect(results(page)).toContainText('1 course');
	await expect(results(page).getByRole('heading', { level: 3 })).toHaveText([RUSSIAN_COURSE]);
	await expectNoA11yViolations(page);

	await results(page).getByRole('link', { name: RUSSIAN_COURSE }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(RUSSIAN_COURSE);
	await expect(page.getByRole('heading', { name: 'Course outline' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'CC BY 4.0' })).toHaveAttribute('href', 'https://creativecommons.org/licenses/by/4.0/');
	await expectNoA11yViolations(page);

	await page.getByRole('link', { name: 'Start the course' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(RUSSIAN_LESSON);
	await expect(page.locator('article')).toHaveAttribute('lang', 'ru');
	const outline = page.getByRole('navigation', { name: 'Course outline' });
	await expect(outline.getByRole('link', { name: RUSSIAN_LESSON })).toHaveAttribute('aria-current', 'page');
	await expect(page.getByText('Lesson 1 of 7')).toBeVisible();
	await expectNoA11yViolations(page);

	// On to the next lesson, and back.
	const pager = page.getByRole('navigation', { name: 'Previous and next lesson' });
	await pager.getByRole('link', { name: /Next lesson/ }).click();
	await expect(page.getByText('Lesson 2 of 7')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(RUSSIAN_LESSON);
	await expectNoA11yViolations(page);
	await page.getByRole('navigation', { name: 'Previous and next lesson' }).getByRole('link', { name: /Previous lesson/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(RUSSIAN_LESSON);
}

async function filterByThematicArea(page: Page) {
	await visit(page, '/courses');
	await expect(results(page).getByRole('link', { name: WATER_COURSE })).toBeVisible();
	await expect(results(page).getByRole('link', { name: RUSSIAN_COURSE })).toBeVisible();
	const filters = page.getByRole('complementary', { name: 'Filters' });
	const area = filters.getByRole('group', { name: 'Thematic area' });
	await area.getByRole('checkbox', { name: /^Chemical safety \(1\)$/ }).check();
	await filters.getByRole('button', { name: 'Apply filters' }).click();

	await expect(page).toHaveURL(/\/courses\?q=&area=chemical-safety$/);
	await expect(results(page)).toContainText('1 course');
	await expect(results(page).getByRole('heading', { level: 3 })).toHaveText([RUSSIAN_COURSE]);
	await expect(area.getByRole('checkbox', { name: /^Chemical safety/ })).toBeChecked();
	// Other facets count within the chosen area; the area facet still offers the others.
	await expect(filters.getByRole('group', { name: 'Language' }).getByRole('checkbox')).toHaveCount(1);
	await expect(filters.getByRole('checkbox', { name: 'Russian (1)' })).toBeVisible();
	await expect(area.getByRole('checkbox', { name: /^Water-saving technologies \(1\)$/ })).not.toBeChecked();
	await expectNoA11yViolations(page);

	await filters.getByRole('link', { name: 'Clear all filters' }).click();
	await expect(page).toHaveURL('/courses');
	await expect(results(page).getByRole('link', { name: WATER_COURSE })).toBeVisible();
}

test('a visitor finds the Russian course by searching "вода", opens it and reads a lesson', async ({ page }) => {
	await findAndReadTheRussianCourse(page);
});

test('a visitor filters the catalog by thematic area', async ({ page }) => {
	await filterByThematicArea(page);
});

test.describe('with JavaScript off', () => {
	test.use({ javaScriptEnabled: false });

	test('searching, reading and filtering work the same', async ({ page }) => {
		await findAndReadTheRussianCourse(page);
		await filterByThematicArea(page);
	});
});

test('the main navigation leads to the catalog', async ({ page }) => {
	await visit(page, '/');
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Courses', exact: true }).click();
	await expect(page).toHaveURL('/courses');
	await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Courses', exact: true })).toHaveAttribute(
		'aria-current',
		'page'
	);
});

test('a search that finds nothing says so, whatever was typed', async ({ page }) => {
	await visit(page, `/courses?q=${encodeURIComponent('"\'); drop table course; -- & | ! :*')}`);
	await expect(results(page)).toContainText('No courses match your search.');
	await expectNoA11yViolations(page);
});

test.describe('on a 360 px wide phone', () => {
	test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

	for (const path of ['/courses', '/courses/water-saving-irrigation', LESSON_PATH]) {
		test(`${path} fits without sideways scrolling`, async ({ page }) => {
			await visit(page, path);
			const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
			expect(width).toBeLessThanOrEqual(360);
		});
	}
});

test('a lesson page weighs at most 100 KB on first load, compressed', async ({ page }) => {
	// Every file the browser fetches, gzipped as a server or proxy would send it.
	const sizes: Promise<[string, number]>[] = [];
	page.on('response', (response) => {
		sizes.push(
			response
				.body()
				.catch(() => Buffer.alloc(0))
				.then((body) => [response.url().replace(BASE, ''), gzipSync(body).byteLength])
		);
	});
	await page.goto(LESSON_PATH, { waitUntil: 'networkidle' });
	const files = await Promise.all(sizes);
	const total = files.reduce((sum, [, size]) => sum + size, 0);
	expect(files.length).toBeGreaterThan(3);
	expect(total, files.map(([url, size]) => `${url}: ${size}`).join('\n')).toBeLessThanOrEqual(100 * 1024);
});

test('the catalog answers a repeated request with 304 Not Modified', async ({ request }) => {
	const first = await request.get('/courses');
	expect(first.status()).toBe(200);
	const etag = first.headers()['etag'];
	expect(etag).toMatch(/^W\/".+"$/);
	expect(first.headers()['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');

	const again = await request.get('/courses', { headers: { 'if-none-match': etag! } });
	expect(again.status()).toBe(304);
	expect(await again.body()).toHaveLength(0);

	const lesson = await request.get(LESSON_PATH);
	expect(lesson.headers()['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');
	expect((await request.get(LESSON_PATH, { headers: { 'if-none-match': lesson.headers()['etag']! } })).status()).toBe(304);
	// Lesson videos (YouTube's no-cookie player, Vimeo) and our own sandboxed H5P player.
	expect(lesson.headers()['content-security-policy']).toContain("frame-src 'self' https://www.youtube-nocookie.com https://player.vimeo.com");
});

test('a draft course is private: 404 for visitors, readable by its author, never shared-cacheable', async ({ page, browser }) => {
	// The demo author reads Bilim in Russian; only addresses and statuses are checked on their side.
	await submitSignIn(page, DEMO.author, DEMO_PASSWORD);
	await expect(page).toHaveURL(/\/profile$/);
	const slug = `e2e-draft-${Date.now().toString(36)}`;
	// Created through the authoring side's form action (new courses start as drafts).
	const created = await page.request.post('/teach?/create', {
		form: { title: 'An unpublished e2e course', slug, language: 'en' },
		headers: { origin: BASE },
		maxRedirects: 0
	});
	expect(created.status()).toBeLessThan(400);

	const own = await visit(page, `/courses/${slug}`);
	expect(own?.status()).toBe(200);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('An unpublished e2e course');
	expect(own?.headers()['cache-control']).toBe('private, no-store');

	const visitor = await browser.newContext();
	try {
		const other = await visitor.newPage();
		const response = await visit(other, `/courses/${slug}`);
		expect(response?.status()).toBe(404);
		await expect(other.getByRole('heading', { level: 1 })).toHaveText('Page not found');
		await visit(other, `/courses?q=${encodeURIComponent('unpublished e2e course')}`);
		await expect(results(other)).toContainText('0 courses');
	} finally {
		await visitor.close();
	}
});
