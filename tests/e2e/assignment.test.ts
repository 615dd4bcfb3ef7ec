import type { Browser, Page } from '@playwright/test';
import { randomInt } from 'node:crypto';
import { test, expect, visit, expectNoA11yViolations, signIn, signUp, DEMO, DEMO_PASSWORD, BASE } from './fixtures';

/**
 * A learner hands in the capstone of the sample course "Water-saving irrigation" (lesson
 * water-saving-plan, graded on a three-criterion rubric) in the demo's open cohort
 * water-saving-winter; the demo facilitator, who runs that cohort, grades it; the learner sees
 * the grade and the feedback. Each test signs up its own learner; the demo accounts only grade.
 */

const COHORT = '/cohorts/water-saving-winter';
const LESSON = '/courses/water-saving-irrigation/water-saving-plan';
const SUBMISSIONS = '/teach/cohorts/water-saving-winter/submissions';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

async function newPage(browser: Browser, javaScriptEnabled = true): Promise<Page> {
	const context = await browser.newContext({
		javaScriptEnabled,
		extraHTTPHeaders: { 'X-Forwarded-For': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` }
	});
	return context.newPage();
}

async function enrol(page: Page) {
	await visit(page, COHORT);
	await page.getByRole('button', { name: 'Enrol' }).click();
	await expect(page).toHaveURL(`${COHORT}?notice=enrolled`);
}

const panel = (page: Page) => page.getByRole('region', { name: 'Your submission' });

test('a learner hands in a file, a facilitator grades it on the rubric, the learner sees grade and feedback', async ({ page, browser }) => {
	test.setTimeout(120_000);
	const learner = await signUp(page);
	await enrol(page);

	await visit(page, LESSON);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Capstone: a water-saving plan for one field');
	await expect(page.getByText('Choose one irrigated field')).toBeVisible();
	const mine = panel(page);
	await expect(mine).toContainText('Not handed in yet');
	await expect(mine.getByRole('table', { name: 'Rubric' })).toContainText('Where the water goes');

	// A file of a type the assignment does not take is refused, by name, and nothing is kept.
	await mine.getByLabel('Your answer').fill('My field is 2 ha of cotton near Shymkent.');
	await mine.getByLabel('Files').setInputFiles({ name: 'plan.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
	await mine.getByRole('button', { name: 'Hand in' }).click();
	await expect(mine.getByText('“plan.exe” is not a type this assignment accepts.')).toBeVisible();
	await expect(mine.getByLabel('Your answer')).toHaveValue('My field is 2 ha of cotton near Shymkent.');
	await expect(mine).toContainText('Not handed in yet');
	await expectNoA11yViolations(page);

	await mine.getByLabel('Files').setInputFiles({ name: 'План поля.pdf', mimeType: 'application/pdf', buffer: PDF });
	await mine.getByRole('button', { name: 'Hand in' }).click();
	await expect(page).toHaveURL(`${LESSON}?notice=submitted#assignment`);
	await expect(page.getByRole('status').filter({ hasText: 'Your work is handed in.' })).toBeVisible();
	await expect(mine).toContainText('Handed in, waiting for a grade');
	const file = mine.getByRole('link', { name: 'План поля.pdf' }).first();
	const fileUrl = new URL((await file.getAttribute('href'))!, BASE).pathname;
	await expect(mine.getByRole('button', { name: 'Hand in again' })).toBeVisible();
	await expectNoA11yViolations(page);

	// The learner downloads their file; another person gets nothing.
	const own = await page.request.get(fileUrl);
	expect(own.status()).toBe(200);
	expect(own.headers()['content-disposition']).toMatch(/^attachment;/);
	expect(own.headers()['x-content-type-options']).toBe('nosniff');
	expect(own.headers()['content-type']).toBe('application/pdf');
	const stranger = await newPage(browser);
	await signUp(stranger);
	expect((await stranger.request.get(fileUrl)).status()).toBe(404);
	// ... nor may a learner grade: the grading page and its action answer 403.
	const submissionId = await (async () => {
		const facilitator = await newPage(browser);
		await signIn(facilitator, DEMO.facilitator, DEMO_PASSWORD);
		await visit(facilitator, `${SUBMISSIONS}?show=ungraded`);
		await expect(facilitator.getByRole('heading', { level: 1 })).toHaveText('Submissions');
		const row = facilitator.getByRole('row', { name: new RegExp(learner.name) });
		await expect(row).toContainText('Waiting for a grade');
		await row.getByRole('link', { name: /^Grade\b/ }).click();
		await expect(facilitator).toHaveURL(new RegExp(`${SUBMISSIONS}/[0-9a-f-]{36}$`));
		await expect(facilitator.getByRole('heading', { level: 1 })).toContainText(learner.name);
		await expect(facilitator.getByText('My field is 2 ha of cotton near Shymkent.')).toBeVisible();
		await expect(facilitator.getByRole('link', { name: 'Download План поля.pdf' })).toBeVisible();
		await expectNoA11yViolations(facilitator);

		// Every criterion needs a level.
		const group = (name: string) => facilitator.getByRole('group', { name });
		await group('Where the water goes').getByRole('radio', { name: /^Main losses named/ }).check();
		await group('Choice of measures').getByRole('radio', { name: /^Sensible measures/ }).check();
		await facilitator.getByRole('button', { name: 'Save the grade' }).click();
		await expect(group('Steps, costs and people')).toContainText('Choose a level for “Steps, costs and people”.');
		await expectNoA11yViolations(facilitator);

		await group('Steps, costs and people').getByRole('radio', { name: /^Realistic steps/ }).check();
		await facilitator.getByLabel('Feedback for the learner').fill('A clear diagnosis.\nCompare drip with shorter furrows next time.');
		await facilitator.getByRole('button', { name: 'Save the grade' }).click();
		await expect(facilitator.getByRole('status').filter({ hasText: 'The grade is saved' })).toBeVisible();
		await expect(facilitator.getByText('80 of 100 points (80%)')).toBeVisible();
		const id = facilitator.url().split('/').pop()!;

		// The cohort's schedule sets due dates for its quizzes and assignments.
		await visit(facilitator, '/teach/cohorts/water-saving-winter/schedule');
		const dueDates = facilitator.getByRole('form', { name: 'Due dates' });
		await expect(dueDates.getByLabel('Capstone: a water-saving plan for one field (assignment)')).toBeVisible();
		await facilitator.context().close();
		return id;
	})();

	const attempt = await stranger.request.post(`${SUBMISSIONS}/${submissionId}?/grade`, {
		form: { 'criterion-diagnosis': 'missing', 'criterion-measures': 'missing', 'criterion-steps': 'missing', feedback: 'hacked' },
		headers: { origin: BASE }
	});
	expect(attempt.status()).toBe(403);
	await stranger.context().close();

	// The learner sees the grade, the level per criterion and the feedback; the work is locked.
	await visit(page, LESSON);
	await expect(mine).toContainText('Graded');
	await expect(mine.getByText('80 of 100 points (80%)')).toBeVisible();
	await expect(mine.getByText('Pass', { exact: true })).toBeVisible();
	await expect(mine).toContainText('Compare drip with shorter furrows next time.');
	await expect(mine.getByRole('table', { name: 'Rubric' }).getByRole('row', { name: /Choice of measures/ })).toContainText('Sensible measures, weakly explained');
	await expect(mine.getByRole('button', { name: /Hand in/ })).toHaveCount(0);
	await expect(mine).toContainText('Your submission has been graded and can no longer be changed.');
	await expectNoA11yViolations(page);
});

test('without JavaScript a learner is told what is wrong, then hands in text only', async ({ browser }) => {
	const page = await newPage(browser, false);
	await signUp(page);
	await enrol(page);
	await visit(page, LESSON);
	const mine = panel(page);

	// Nothing at all: the submission page says what to do, with the form again.
	await mine.getByRole('button', { name: 'Hand in' }).click();
	await expect(page).toHaveURL(`${LESSON}/submission?/submit`);
	await expect(page.getByText('Write your answer or attach a file.')).toBeVisible();
	await expectNoA11yViolations(page);

	await panel(page).getByLabel('Your answer').fill('Shorter furrows on my plot, alternate furrows in July.');
	await panel(page).getByRole('button', { name: 'Hand in' }).click();
	await expect(page).toHaveURL(`${LESSON}?notice=submitted#assignment`);
	await expect(panel(page)).toContainText('Handed in, waiting for a grade');
	await expect(panel(page)).toContainText('Shorter furrows on my plot, alternate furrows in July.');
	await expectNoA11yViolations(page);
	await page.context().close();
});
