import type { Browser, BrowserContextOptions, FrameLocator, Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO, DEMO_PASSWORD, expect, expectNoA11yViolations, newUser, signUp, submitSignIn, test, visit } from './fixtures';

/**
 * H5P activities as a learner meets them. The player runs sandboxed in an opaque origin and
 * talks to the lesson page by postMessage (docs/h5p.md); these tests check, in a real
 * browser, that it plays there, that answers reach the server as the learner's results, that
 * the learner's place is kept, and that the page works without JavaScript.
 *
 * The first test uploads real H5P Hub packages from ../shared/fixtures/h5p (skipped with a
 * warning where they are absent); the second plays the sample course's own activity, so it
 * runs on a fresh machine.
 */

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'fixtures', 'h5p');
const haveFixtures = existsSync(join(FIXTURES, 'truefalse.h5p')) && existsSync(join(FIXTURES, 'dialogcards.h5p'));
if (!haveFixtures) console.warn(`H5P fixtures not found in ${FIXTURES}: the upload-and-play browser test is skipped.`);

const word = () => Array.from({ length: 6 }, () => String.fromCharCode(97 + randomInt(26))).join('');
const PLAYER = 'iframe[title^="Interactive activity"]';

async function signedIn(browser: Browser, email: string, password = DEMO_PASSWORD, options: BrowserContextOptions = {}): Promise<Page> {
	const context = await browser.newContext({
		...options,
		extraHTTPHeaders: { 'X-Forwarded-For': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` }
	});
	const page = await context.newPage();
	await submitSignIn(page, email, password);
	await expect(page).toHaveURL(/\/profile$/);
	return page;
}

const player = (page: Page): FrameLocator => page.frameLocator(PLAYER);

/**
 * Our page checked with axe, leaving out the content inside the player: an H5P Hub content type
 * is not ours to fix (H5P.Dialogcards 1.8 draws its "1 / 3" counter in a grey that fails
 * WCAG contrast). Our own content type and the True/False are checked whole (visit()).
 */
async function expectOurPageAccessible(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).exclude(PLAYER).analyze();
	expect(results.violations.map((v) => ({ rule: v.id, elements: v.nodes.map((n) => n.target.join(' ')) })), page.url()).toEqual([]);
}
const status = (page: Page) => page.getByRole('region', { name: 'Lesson status' });

/** An H5P lesson in the course outline, its package uploaded by an administrator (trusted: ready at once). */
async function addActivity(page: Page, slug: string, title: string, file: string) {
	await page.getByLabel('New lesson in “Practice”', { exact: true }).fill(title);
	await page.getByLabel('Kind of the new lesson in “Practice”').selectOption({ label: 'H5P activity' });
	await page.getByRole('button', { name: 'Add lesson' }).click();
	await expect(page.locator('.lesson-name').filter({ hasText: title })).toBeVisible();
	const lesson = title.toLowerCase().replace(/ /g, '-');
	await visit(page, `/teach/${slug}/lessons/${lesson}`);
	await page.getByLabel('H5P package (.h5p)').setInputFiles({ name: file, mimeType: 'application/zip', buffer: readFileSync(join(FIXTURES, file)) });
	await page.getByRole('button', { name: 'Upload package' }).click();
	await expect(page.getByText('Ready: learners can play this activity.')).toBeVisible();
	await visit(page, `/teach/${slug}/outline`);
	return lesson;
}

test.describe('H5P packages from the H5P Hub', () => {
	test.skip(!haveFixtures, `no H5P fixtures in ${FIXTURES}`);

	test('a learner answers an uploaded True/False, gets the score and completion, sees it kept; the gradebook shows it', async ({ browser }) => {
		test.setTimeout(240_000);
		const tag = word();
		const title = `H5P play ${tag}`;
		const slug = title.toLowerCase().replace(/ /g, '-');
		const cohort = `e2e-h5p-${tag}`;

		// --- An administrator makes a course with two activities, publishes it, opens a cohort. ---
		const admin = await signedIn(browser, DEMO.admin);
		await visit(admin, '/teach');
		await admin.getByLabel('Course title', { exact: true }).fill(title);
		await admin.getByRole('button', { name: 'Create course' }).click();
		await expect(admin).toHaveURL(`/teach/${slug}?notice=created`);
		await admin.getByLabel('Summary', { exact: true }).fill(`Interactive practice; ${tag}.`);
		await admin.getByRole('checkbox', { name: 'Water-saving technologies' }).check();
		await admin.getByLabel('Learning outcomes', { exact: true }).fill('Answer a question in an H5P activity');
		await admin.getByRole('button', { name: 'Save details' }).click();
		await expect(admin.getByRole('status')).toHaveText('The course details have been saved.');
		await visit(admin, `/teach/${slug}/outline`);
		const newModule = admin.getByRole('form', { name: 'New module' });
		await newModule.getByLabel('Module title', { exact: true }).fill('Practice');
		await newModule.getByRole('button', { name: 'Add module' }).click();
		await expect(admin.getByRole('status')).toHaveText('The module has been added.');
		const quiz = await addActivity(admin, slug, 'Oslo check', 'truefalse.h5p');
		const cards = await addActivity(admin, slug, 'Word cards', 'dialogcards.h5p');
		await visit(admin, `/teach/${slug}`);
		await admin.getByRole('button', { name: 'Publish' }).click();
		await expect(admin.getByRole('status')).toHaveText('The course is published: everyone can find and read it.');

		await visit(admin, '/teach/cohorts');
		const create = admin.getByRole('form', { name: 'New cohort' });
		await create.getByLabel('Course', { exact: true }).selectOption({ label: title });
		await create.getByLabel('Name', { exact: true }).fill(`H5P group ${tag}`);
		await create.getByLabel('Address (optional)').fill(cohort);
		await create.getByLabel('First day').fill('2026-01-15');
		await create.getByLabel('Last day').fill('2027-12-31');
		await create.getByLabel('Seats', { exact: true }).fill('20');
		await create.getByLabel('Way in').selectOption({ label: 'Open enrolment' });
		await create.getByRole('button', { name: 'Create cohort' }).click();
		await expect(admin).toHaveURL(`/teach/cohorts/${cohort}?notice=created`);
		const settings = admin.getByRole('form', { name: 'Cohort settings' });
		await settings.getByLabel('Status').selectOption({ label: 'Open' });
		await settings.getByRole('button', { name: 'Save settings' }).click();
		await expect(admin.getByRole('status').filter({ hasText: 'The settings have been saved.' })).toBeVisible();

		// --- A visitor is asked to sign in: no player, no link. ---
		const visitorContext = await browser.newContext();
		const visitor = await visitorContext.newPage();
		await visit(visitor, `/courses/${slug}/${quiz}`);
		await expect(visitor.getByRole('link', { name: 'Sign in to do the activity' })).toBeVisible();
		await expect(visitor.locator(PLAYER)).toHaveCount(0);
		await visitorContext.close();

		// --- A learner enrols and answers "Yes" (Oslo is the capital of Norway). ---
		const learnerContext = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` } });
		const learner = await learnerContext.newPage();
		const person = await signUp(learner, newUser('h5p'));
		await visit(learner, `/cohorts/${cohort}`);
		await learner.getByRole('button', { name: 'Enrol' }).click();
		await expect(learner).toHaveURL(`/cohorts/${cohort}?notice=enrolled`);

		await visit(learner, `/courses/${slug}/${quiz}`);
		const frame = learner.locator(PLAYER);
		await expect(frame).toHaveAttribute('sandbox', 'allow-scripts allow-popups');
		await expect(learner.getByText('To complete this activity, score at least 50%.')).toBeVisible();
		await expect(status(learner)).toContainText('Not completed yet');
		await expect(player(learner).getByText('Oslo is the capital of Norway.')).toBeVisible();
		// The player really is another origin: the lesson page cannot reach into it.
		expect(await frame.evaluate((f: HTMLIFrameElement) => f.contentDocument === null)).toBe(true);
		const saved = learner.waitForRequest((r) => r.url().endsWith(`/courses/${slug}/${quiz}/h5p/state`));
		const xapi = learner.waitForResponse((r) => r.url().endsWith(`/courses/${slug}/${quiz}/h5p/xapi`) && r.status() === 200 && r.request().postData()!.includes('answered'));
		await player(learner).getByRole('radio', { name: 'Yes' }).click();
		await player(learner).getByRole('button', { name: 'Check' }).click();
		const statement = JSON.parse((await xapi).request().postData()!);
		// Who the content is told the learner is: their name, and an address made from their id (never their email).
		expect(statement.actor.mbox).toMatch(/^mailto:[0-9a-f-]{36}@users\.bilim\.invalid$/);
		expect(statement.actor.name).toBe(person.name);
		expect(statement.object.id).toMatch(/\/h5p\/activity\/[0-9a-f-]{36}$/);
		await expect(learner.getByText('Your best result: 1 of 1 (100%).')).toBeVisible();
		await expect(status(learner)).toContainText('Completed');
		await expect(status(learner)).toContainText('1 of 2 lessons completed');
		await expectNoA11yViolations(learner);

		// The learner's place is kept: after a reload the content shows their answer.
		await saved;
		await learner.waitForTimeout(500);
		await learner.reload();
		await expect(player(learner).getByRole('radio', { name: 'Yes' })).toHaveAttribute('aria-checked', 'true');
		await expect(learner.getByText('Your best result: 1 of 1 (100%).')).toBeVisible();

		// Dialog cards report no score: opening them completes the activity.
		await learner.goto(`/courses/${slug}/${cards}`);
		await expectOurPageAccessible(learner);
		await expect(learner.getByText('This activity is complete once you have opened it.')).toBeVisible();
		await expect(status(learner)).toContainText('Completed');
		await expect(status(learner)).toContainText('2 of 2 lessons completed');
		await expect(player(learner).locator('.h5p-content')).toBeVisible();

		// Without JavaScript the lesson says the activity needs it; the rest of the page works.
		const plain = await signedIn(browser, person.email, person.password, { javaScriptEnabled: false });
		await visit(plain, `/courses/${slug}/${quiz}`);
		// The message is a <noscript>, which Playwright's text search skips: read it from the page.
		const noscript = plain.locator('.h5p-activity noscript .alert');
		await expect(noscript).toBeVisible();
		await expect(noscript).toContainText('This interactive activity needs JavaScript.');
		await expect(plain.locator(PLAYER)).toBeHidden();
		await expect(plain.getByText('Your best result: 1 of 1 (100%).')).toBeVisible();
		await expect(plain.getByRole('link', { name: /Next lesson/ })).toBeVisible();
		await plain.context().close();

		// --- The gradebook shows the score. ---
		await visit(admin, `/teach/cohorts/${cohort}/gradebook`);
		const row = admin.getByRole('row', { name: new RegExp(person.name) });
		await expect(row).toContainText('100');
		await learnerContext.close();
		await admin.context().close();
	});
});

test.describe('every H5P Hub package of the fixtures', () => {
	const FILES = ['truefalse-standalone.h5p', 'multichoice.h5p', 'questionset.h5p', 'blanks.h5p', 'flashcards.h5p'];
	test.skip(!haveFixtures || FILES.some((f) => !existsSync(join(FIXTURES, f))), `no H5P fixtures in ${FIXTURES}`);

	test('plays in the sandboxed player (True/False and Dialog Cards are played in the test above)', async ({ browser }) => {
		test.setTimeout(240_000);
		const tag = word();
		const title = `H5P all ${tag}`;
		const slug = title.toLowerCase().replace(/ /g, '-');
		const admin = await signedIn(browser, DEMO.admin);
		await visit(admin, '/teach');
		await admin.getByLabel('Course title', { exact: true }).fill(title);
		await admin.getByRole('button', { name: 'Create course' }).click();
		await expect(admin).toHaveURL(`/teach/${slug}?notice=created`);
		await visit(admin, `/teach/${slug}/outline`);
		const newModule = admin.getByRole('form', { name: 'New module' });
		await newModule.getByLabel('Module title', { exact: true }).fill('Practice');
		await newModule.getByRole('button', { name: 'Add module' }).click();
		await expect(admin.getByRole('status')).toHaveText('The module has been added.');
		const lessons: string[] = [];
		for (const [i, file] of FILES.entries()) lessons.push(await addActivity(admin, slug, `Hub activity ${i + 1}`, file));

		// The course's author reads its draft: each activity starts, with H5P's own markup inside the frame.
		for (const lesson of lessons) {
			await admin.goto(`/courses/${slug}/${lesson}`);
			await expect(player(admin).locator('.h5p-content')).toBeVisible();
			await expect(player(admin).locator('.h5p-content')).not.toBeEmpty();
			await expect(admin.getByText(/This activity could not be started/)).toHaveCount(0);
			await expect(player(admin).getByText(/This activity could not be started/)).toHaveCount(0);
		}

		// MultiChoice (its templates need evaluation in the sandbox) answers and its score counts.
		await admin.goto(`/courses/${slug}/${lessons[1]}`);
		// One right answer: MultiChoice shows its options as radio buttons.
		const right = player(admin).getByRole('radio', { name: 'Very dark purple' });
		await right.click();
		await expect(right).toHaveAttribute('aria-checked', 'true');
		await player(admin).getByRole('button', { name: 'Check' }).click();
		await expect(admin.getByText('Your best result: 1 of 1 (100%).')).toBeVisible();
		await admin.context().close();
	});
});

test('the sample course’s own H5P activity plays in the sandbox on a fresh machine', async ({ browser }) => {
	test.setTimeout(120_000);
	// An administrator reads the cohort course as staff: it plays, and nothing is recorded.
	const admin = await signedIn(browser, DEMO.admin);
	await visit(admin, '/courses/calp-leadership/early-warning-self-check');
	await expect(admin.getByText('You are viewing this activity as staff: your answers are not recorded.')).toBeVisible();
	const content = player(admin);
	await content.getByLabel('Warning dissemination and communication that reaches people in time').check();
	await content.getByLabel('From managing disasters to managing risk').check();
	await content.getByLabel('Priority 4: enhancing disaster preparedness for effective response').check();
	await content.getByRole('button', { name: 'Check' }).click();
	await expect(content.getByText('You got 3 of 3 right.')).toBeVisible();
	// The frame grows with its content (the player reports its height).
	const height = await admin.locator(PLAYER).evaluate((f) => f.getBoundingClientRect().height);
	expect(height).toBeGreaterThan(600);
	await expectNoA11yViolations(admin);

	// The player's files are not ours to run: opened on its own, the player is still sandboxed,
	// and its content links expire with their token.
	const src = (await admin.locator(PLAYER).getAttribute('src'))!;
	const page = await admin.request.get(src);
	expect(page.headers()['content-security-policy']).toMatch(/^sandbox allow-scripts allow-popups;/);
	expect(page.headers()['content-security-policy']).toContain("frame-ancestors 'self'");
	const [, , , contentId, token = ''] = src.split('/');
	const h5pJson = await admin.request.get(`/h5p/content/${contentId}/${token}/h5p.json`);
	expect(h5pJson.status()).toBe(200);
	expect(h5pJson.headers()['access-control-allow-origin']).toBe('*');
	expect(h5pJson.headers()['content-security-policy']).toBe("sandbox; default-src 'none'");
	const [expiry, mac = ''] = token.split('.');
	const forged = `${expiry}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`;
	expect((await admin.request.get(`/h5p/content/${contentId}/${forged}/h5p.json`)).status()).toBe(403);
	await admin.context().close();
});
