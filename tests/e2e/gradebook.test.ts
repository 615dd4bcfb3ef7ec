import type { Browser, BrowserContextOptions, Page } from '@playwright/test';
import { randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test, expect, visit, expectNoA11yViolations, signUp, newUser, submitSignIn, BASE, DEMO, DEMO_PASSWORD } from './fixtures';

/**
 * The facilitator's gradebook. The demo facilitator makes an open cohort of the sample course
 * "Water-saving irrigation" (a quiz in module 2, a capstone assignment in module 3); a new
 * learner with a Cyrillic name enrols. The facilitator reads the gradebook on a phone without
 * JavaScript, filters it, overrides the learner's quiz grade with a reason (a missing reason
 * first), then with JavaScript sees the override and downloads the CSV, whose Cyrillic name
 * arrives intact. A learner may do none of it. Each run makes its own cohort and learner.
 */

const COURSE = 'Water-saving irrigation for farmers in Central Asia';
const PHONE = { width: 390, height: 844 };

async function signedIn(browser: Browser, email: string, password: string, options: BrowserContextOptions = {}) {
	const context = await browser.newContext({
		...options,
		extraHTTPHeaders: { 'X-Forwarded-For': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` }
	});
	const page = await context.newPage();
	await submitSignIn(page, email, password);
	await expect(page).toHaveURL(/\/profile$/);
	return page;
}

/** No sideways scrolling of the page itself at the phone's width (the table scrolls inside its box). */
async function fitsPhone(page: Page) {
	const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
	expect(width, page.url()).toBeLessThanOrEqual(PHONE.width);
}

const form = (page: Page, name: string) => page.getByRole('form', { name });
const notice = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });

test('a facilitator reads and filters the gradebook, overrides a grade with a reason and downloads it with Cyrillic names intact', async ({
	page,
	browser
}) => {
	// Three people, two browsers, a dozen pages checked with axe.
	test.setTimeout(180_000);
	const stamp = Date.now().toString(36);
	const slug = `e2e-grades-${stamp}`;
	const base = `/teach/cohorts/${slug}`;

	// --- The facilitator makes an open cohort. ---
	await submitSignIn(page, DEMO.facilitator, DEMO_PASSWORD);
	await expect(page).toHaveURL(/\/profile$/);
	await visit(page, '/teach/cohorts');
	const create = form(page, 'New cohort');
	await create.getByLabel('Course', { exact: true }).selectOption({ label: COURSE });
	await create.getByLabel('Name', { exact: true }).fill(`Gradebook group ${stamp}`);
	await create.getByLabel('Address (optional)').fill(slug);
	await create.getByLabel('First day').fill('2026-01-15');
	await create.getByLabel('Last day').fill('2027-12-31');
	await create.getByLabel('Seats', { exact: true }).fill('20');
	await create.getByLabel('Way in').selectOption({ label: 'Open enrolment' });
	await create.getByRole('button', { name: 'Create cohort' }).click();
	await expect(page).toHaveURL(`${base}?notice=created`);
	await form(page, 'Cohort settings').getByLabel('Status').selectOption({ label: 'Open' });
	await form(page, 'Cohort settings').getByRole('button', { name: 'Save settings' }).click();
	await expect(notice(page, 'The settings have been saved.')).toBeVisible();

	// --- A learner with a Cyrillic name enrols. ---
	const learnerContext = await browser.newContext({
		extraHTTPHeaders: { 'X-Forwarded-For': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` }
	});
	const learnerPage = await learnerContext.newPage();
	const learner = await signUp(learnerPage, newUser('grades', { name: `Айгерим Сейткали ${randomUUID().slice(0, 4)}` }));
	await visit(learnerPage, `/cohorts/${slug}`);
	await learnerPage.getByRole('button', { name: 'Enrol' }).click();
	await expect(learnerPage).toHaveURL(`/cohorts/${slug}?notice=enrolled`);

	// A learner reaches none of the gradebook, and may not override.
	expect((await learnerPage.goto(`${base}/gradebook`))?.status()).toBe(403);
	expect((await learnerPage.request.get(`${base}/gradebook.csv`)).status()).toBe(403);

	// --- On a phone without JavaScript: the gradebook, its filters, an override. ---
	const phone = await signedIn(browser, DEMO.facilitator, DEMO_PASSWORD, { javaScriptEnabled: false, viewport: PHONE, isMobile: true });
	await visit(phone, base);
	await phone.getByRole('navigation', { name: 'Cohort management' }).getByRole('link', { name: 'Gradebook' }).click();
	await expect(phone).toHaveURL(`${base}/gradebook`);
	await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Gradebook');
	const table = phone.getByRole('table', { name: /Learners and their grades/ });
	await expect(table).toContainText('(learners: 1)');
	await expect(table.getByRole('columnheader', { name: /Check your understanding/ })).toBeVisible();
	const row = table.getByRole('row', { name: new RegExp(learner.name) });
	await expect(row).toContainText('Not started');
	await expect(row).not.toContainText('At risk');
	await expectNoA11yViolations(phone);
	await fitsPhone(phone);

	// Module 3 only: its assignment, not module 2's quiz.
	const filters = form(phone, 'Filter the gradebook');
	const moduleOptions = await filters.getByLabel('Module').locator('option').allTextContents();
	await filters.getByLabel('Module').selectOption({ label: moduleOptions[3]! });
	await filters.getByRole('button', { name: 'Show' }).click();
	await expect(phone).toHaveURL(/\/gradebook\?module=[a-z0-9-]+/);
	await expect(phone.getByRole('table', { name: /Learners and their grades/ }).getByRole('columnheader', { name: /Check your understanding/ })).toHaveCount(0);
	await expect(phone.getByRole('table', { name: /Learners and their grades/ })).toContainText(learner.name);

	// At risk after 7 days without activity: the learner enrolled today is not.
	await form(phone, 'Filter the gradebook').getByLabel('Module').selectOption({ label: 'All modules' });
	await form(phone, 'Filter the gradebook').getByLabel('Only learners at risk').check();
	await form(phone, 'Filter the gradebook').getByLabel('Days without activity').fill('3');
	await form(phone, 'Filter the gradebook').getByRole('button', { name: 'Show' }).click();
	await expect(phone).toHaveURL(/risk=1&days=3/);
	await expect(phone.getByText('No learner has been inactive for 3 days or more.')).toBeVisible();
	await expect(form(phone, 'Filter the gradebook').getByLabel('Only learners at risk')).toBeChecked();
	await expect(form(phone, 'Filter the gradebook').getByLabel('Days without activity')).toHaveValue('3');
	await expectNoA11yViolations(phone);

	await visit(phone, `${base}/gradebook`);
	await phone.getByRole('link', { name: learner.name }).click();
	await expect(phone.getByRole('heading', { level: 1 })).toHaveText(`Grades: ${learner.name}`);
	const quiz = phone.getByRole('region', { name: /^Check your understanding/ });
	await expect(quiz).toContainText('No attempts yet.');
	await quiz.getByText('Override the grade: Check your understanding').click();
	const override = form(phone, 'Override the grade: Check your understanding');
	await override.getByLabel('Percent (0 to 100)').fill('85');
	await override.getByRole('button', { name: 'Save the override' }).click();
	// No reason: refused, said beside the field, the percent kept.
	const refused = form(phone, 'Override the grade: Check your understanding');
	await expect(refused.getByLabel('Reason')).toHaveAccessibleDescription(/Give the reason for the change, in 3 to 1000 characters\./);
	await expect(refused.getByLabel('Percent (0 to 100)')).toHaveValue('85');
	await expectNoA11yViolations(phone);
	await refused.getByLabel('Reason').fill('Answered question 2 orally in the workshop.');
	await refused.getByRole('button', { name: 'Save the override' }).click();
	await expect(notice(phone, 'The grade has been overridden.')).toBeVisible();
	const log = phone.getByRole('table', { name: /Overrides \(audit log\): Check your understanding/ });
	await expect(log).toContainText('— → 85%');
	await expect(log).toContainText('Answered question 2 orally in the workshop.');
	await expect(phone.getByRole('region', { name: /^Check your understanding/ })).toContainText('Overridden');
	await expectNoA11yViolations(phone);
	await fitsPhone(phone);
	await phone.context().close();

	// A learner posting to the override action is refused, and nothing changes.
	await visit(page, `${base}/gradebook`);
	const learnerId = (await page.getByRole('link', { name: learner.name }).getAttribute('href'))!.split('/').at(-1)!;
	const tampered = await learnerPage.request.post(`${base}/gradebook/${learnerId}?/override`, {
		form: { lessonId: '00000000-0000-4000-8000-000000000000', percent: '100', reason: 'I deserve it' },
		headers: { origin: BASE }
	});
	expect(tampered.status()).toBe(403);
	await learnerContext.close();

	// --- With JavaScript: the table shows the override; the CSV keeps the Cyrillic name. ---
	await visit(page, `${base}/gradebook`);
	const overridden = page.getByRole('row', { name: new RegExp(learner.name) });
	await expect(overridden).toContainText('85%*');
	await expect(overridden).toContainText('Overridden');

	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the gradebook (CSV)' }).click()]);
	expect(download.suggestedFilename()).toBe(`${slug}-gradebook.csv`);
	const bytes = readFileSync((await download.path())!);
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const text = bytes.toString('utf8');
	expect(text.slice(1).split('\r\n')[0]).toMatch(/^Name,Email,.*Check your understanding \(%\),Check your understanding: status,/);
	const line = text.split('\r\n').find((l) => l.startsWith(learner.name))!;
	expect(line).toContain(`${learner.name},${learner.email},85,Overridden,`);

	// With JavaScript the override form answers in place: remove the override.
	await page.getByRole('link', { name: learner.name }).click();
	await page.getByText('Override the grade: Check your understanding').click();
	const again = form(page, 'Override the grade: Check your understanding');
	await expect(again.getByLabel('Percent (0 to 100)')).toHaveValue('85');
	await again.getByLabel('Percent (0 to 100)').fill('');
	await again.getByLabel('Reason').fill('Counted twice by mistake.');
	await again.getByRole('button', { name: 'Save the override' }).click();
	await expect(notice(page, 'The override has been removed: the earned grade counts again.')).toBeVisible();
	await expect(page.getByRole('table', { name: /Overrides \(audit log\): Check your understanding/ })).toContainText('85% → override removed');
	await expectNoA11yViolations(page);

	// Finished, so the course page's list of cohorts is left as the demo made it.
	await visit(page, base);
	await form(page, 'Cohort settings').getByLabel('Status').selectOption({ label: 'Finished' });
	await form(page, 'Cohort settings').getByRole('button', { name: 'Save settings' }).click();
	await expect(notice(page, 'The settings have been saved.')).toBeVisible();
});
