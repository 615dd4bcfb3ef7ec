import type { Browser, Page } from '@playwright/test';
import { randomInt } from 'node:crypto';
import { test, expect, visit, expectNoA11yViolations, signIn, signUp } from './fixtures';

/**
 * A learner's progress: they join the demo's open-enrolment cohort of the water-saving course
 * (water-saving-winter), open lessons, mark them complete with JavaScript and without, and see
 * their percentages and where to continue on the course page and on My learning.
 */

const COURSE = '/courses/water-saving-irrigation';
const WINTER = 'Water-saving irrigation: winter group';
const FIRST = `${COURSE}/water-in-central-asian-farming`;
const SECOND = `${COURSE}/where-the-water-goes`;
const THIRD = `${COURSE}/better-furrows-and-laser-levelling`;

/** A context of its own (e.g. without JavaScript), from its own made-up address like every test. */
async function newPage(browser: Browser, javaScriptEnabled = true): Promise<Page> {
	const context = await browser.newContext({
		javaScriptEnabled,
		extraHTTPHeaders: { 'X-Forwarded-For': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` }
	});
	return context.newPage();
}

const lessonStatus = (page: Page) => page.getByRole('region', { name: 'Lesson status' });

test('a learner marks lessons complete, with JavaScript and without, and sees their progress and where to continue', async ({ page, browser }) => {
	const user = await signUp(page);
	await visit(page, '/cohorts/water-saving-winter');
	await page.getByRole('button', { name: 'Enrol' }).click();
	await expect(page).toHaveURL('/cohorts/water-saving-winter?notice=enrolled');

	// Nothing done yet: the course page offers to start.
	await visit(page, COURSE);
	const mine = page.getByRole('region', { name: 'Your progress' });
	await expect(mine).toContainText('0% complete');
	await expect(mine).toContainText(/0 of \d+ lessons completed/);
	await mine.getByRole('link', { name: 'Start' }).click();
	await expect(page).toHaveURL(FIRST);
	await expectNoA11yViolations(page);

	// With JavaScript: mark the first lesson complete, then undo and redo it.
	const status = lessonStatus(page);
	await expect(status).toContainText('Not completed yet');
	await status.getByRole('button', { name: 'Mark as complete' }).click();
	await expect(status.getByRole('status')).toHaveText('Lesson marked as complete.');
	await expect(status.getByRole('button', { name: 'Mark as not complete' })).toBeVisible();
	await expect(status).toContainText(/1 of \d+ lessons completed/);
	const outline = page.getByRole('navigation', { name: 'Course outline' });
	await expect(outline.getByRole('link', { name: /^Water in Central Asian farming\s*, completed$/ })).toBeVisible();
	await expectNoA11yViolations(page);
	await status.getByRole('button', { name: 'Mark as not complete' }).click();
	await expect(status.getByRole('status')).toHaveText('Lesson marked as not complete.');
	await expect(status).toContainText('Not completed yet');
	await status.getByRole('button', { name: 'Mark as complete' }).click();
	await expect(status.getByRole('button', { name: 'Mark as not complete' })).toBeVisible();

	// Without JavaScript, signed in as the same person: the next lesson, by the plain form.
	const plain = await newPage(browser, false);
	try {
		await signIn(plain, user.email, user.password);
		await visit(plain, FIRST);
		await expect(lessonStatus(plain)).toContainText('Completed');
		await plain.getByRole('link', { name: /Next lesson/ }).click();
		await expect(plain).toHaveURL(SECOND);
		await lessonStatus(plain).getByRole('button', { name: 'Mark as complete' }).click();
		await expect(lessonStatus(plain).getByRole('status')).toHaveText('Lesson marked as complete.');
		await expect(lessonStatus(plain).getByRole('button', { name: 'Mark as not complete' })).toBeVisible();
		await expect(lessonStatus(plain)).toContainText(/2 of \d+ lessons completed/);
		await expectNoA11yViolations(plain);
	} finally {
		await plain.context().close();
	}

	// The third lesson opened but not done: that is where to continue.
	await visit(page, THIRD);
	await expect(lessonStatus(page)).toContainText('Not completed yet');
	await visit(page, COURSE);
	await expect(mine).toContainText(/2 of \d+ lessons completed/);
	await expect(mine.getByRole('link', { name: 'Continue' })).toHaveAttribute('href', THIRD);
	await expect(mine).toContainText('Next: Better furrow irrigation and laser levelling');
	await expect(page.getByRole('progressbar', { name: 'Progress in Why save water, and where it goes' })).toHaveAttribute('value', '100');
	const outlineSection = page.getByRole('region', { name: 'Course outline' });
	await expect(outlineSection.getByText('2 of 2 done')).toBeVisible();

	// My learning: the cohort's percentage and the same place to continue.
	await visit(page, '/my');
	const cohort = page.getByRole('region', { name: 'My cohorts' }).getByRole('listitem').filter({ hasText: WINTER });
	await expect(cohort).toContainText(/\d+% complete/);
	await expect(cohort).toContainText(/2 of \d+ lessons completed/);
	await expect(cohort.getByRole('link', { name: /^Continue/ })).toHaveAttribute('href', THIRD);
});

test('a visitor who is not signed in reads a lesson with no progress and no form', async ({ page }) => {
	await visit(page, FIRST);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Water in Central Asian farming');
	await expect(lessonStatus(page)).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Mark as complete' })).toHaveCount(0);
	await visit(page, COURSE);
	await expect(page.getByRole('region', { name: 'Your progress' })).toHaveCount(0);
});
