import type { Browser, Page } from '@playwright/test';
import { randomInt, randomUUID } from 'node:crypto';
import {
	test,
	expect,
	visit,
	expectNoA11yViolations,
	header,
	signIn,
	signOut,
	signUp,
	fillSignUp,
	newUser,
	submitSignIn,
	DEMO,
	DEMO_PASSWORD
} from './fixtures';

/**
 * The learner's side of cohorts, on the demo's cohorts (src/lib/server/demo/cohorts.ts):
 * water-saving-winter (open enrolment, 50 seats), calp-pilot (by invitation, running, modules
 * 1-2 open, 3 opening in 5 days, the demo learners enrolled) and calp-2026 (by application).
 * Each test signs up its own people; the demo accounts are only read.
 */

const WINTER = 'Water-saving irrigation: winter group';
const PILOT = 'CALP 2026 pilot group';
const LOCKED_LESSON = '/courses/calp-leadership/a-changing-climate';
const OPEN_LESSON = '/courses/calp-leadership/what-is-sustainable-development';

/** A context of its own (e.g. without JavaScript), from its own made-up address like every test. */
async function newPage(browser: Browser, javaScriptEnabled = true): Promise<Page> {
	const context = await browser.newContext({
		javaScriptEnabled,
		extraHTTPHeaders: { 'X-Forwarded-For': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` }
	});
	return context.newPage();
}

const status = (page: Page) => page.getByRole('status');
const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

test('a new user finds an open cohort on its course page, enrols, appears in My learning, lists themselves and leaves', async ({
	page
}) => {
	const user = await signUp(page);

	await visit(page, '/courses/water-saving-irrigation');
	const cohorts = page.getByRole('region', { name: 'Cohorts' });
	await cohorts.getByRole('link', { name: WINTER }).click();
	await expect(page).toHaveURL('/cohorts/water-saving-winter');
	await expect(h1(page)).toHaveText(WINTER);
	await expect(page.getByText('Free seats:')).toBeVisible();
	await expect(page.getByText('Asia/Almaty (UTC+05:00)').first()).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Modules' })).toHaveCount(0);
	await expectNoA11yViolations(page);

	await page.getByRole('button', { name: 'Enrol' }).click();
	await expect(page).toHaveURL('/cohorts/water-saving-winter?notice=enrolled');
	await expect(status(page)).toContainText('You are enrolled.');
	await expect(page.getByText('You are a member of this cohort.')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Modules' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Schedule' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Download calendar (.ics)' })).toHaveAttribute('href', '/cohorts/water-saving-winter/schedule.ics');
	await expectNoA11yViolations(page);

	// Listed among the participants only once they agree.
	const participants = page.getByRole('region', { name: 'Participants' });
	await expect(participants).not.toContainText(user.name);
	await page.getByRole('checkbox', { name: /List me among participants/ }).check();
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(status(page)).toHaveText('You are now listed among the participants.');
	await expect(participants).toContainText(user.name);

	// My learning shows the cohort.
	await header(page).getByRole('link', { name: 'My learning' }).click();
	await expect(page).toHaveURL('/my');
	await expect(h1(page)).toHaveText('My learning');
	const mine = page.getByRole('region', { name: 'My cohorts' });
	await expect(mine.getByRole('link', { name: WINTER })).toBeVisible();
	await expect(mine).toContainText('Member');
	await expectNoA11yViolations(page);

	// Leaving needs the box ticked; then the seat is free again.
	await mine.getByRole('link', { name: WINTER }).click();
	const leave = page.getByRole('region', { name: 'Leave this cohort' });
	await leave.getByRole('button', { name: 'Leave this cohort' }).click();
	await expect(leave.getByText('Tick the box to confirm that you want to leave.')).toBeVisible();
	await expectNoA11yViolations(page);
	await leave.getByRole('checkbox', { name: 'Yes, I want to leave this cohort' }).check();
	await leave.getByRole('button', { name: 'Leave this cohort' }).click();
	await expect(status(page)).toHaveText('You have left the cohort.');
	await expect(page.getByRole('button', { name: 'Enrol' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Modules' })).toHaveCount(0);
});

test('a visitor who presses Enrol signs in and comes back to the cohort', async ({ page }) => {
	const user = await signUp(page);
	await signOut(page);
	await visit(page, '/cohorts/water-saving-winter');
	await expect(page.getByText('You will be asked to sign in first.')).toBeVisible();
	await page.getByRole('button', { name: 'Enrol' }).click();
	await expect(page).toHaveURL('/signin?next=%2Fcohorts%2Fwater-saving-winter');
	await page.getByLabel('Email', { exact: true }).fill(user.email);
	await page.getByLabel('Password', { exact: true }).fill(user.password);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(page).toHaveURL('/cohorts/water-saving-winter');
	await page.getByRole('button', { name: 'Enrol' }).click();
	await expect(status(page)).toContainText('You are enrolled.');
});

test('with JavaScript off, an invitation link lets a new user in; a module opens on its date; the used-up link says so', async ({
	page,
	browser
}) => {
	test.setTimeout(120_000);
	// The facilitator makes a one-use code for the pilot group.
	await signIn(page, DEMO.facilitator, DEMO_PASSWORD);
	await visit(page, '/teach/cohorts/calp-pilot/enrolment');
	const label = `e2e ${randomUUID().slice(0, 8)}`;
	await page.getByLabel('Label (optional)', { exact: true }).fill(label);
	await page.getByLabel('Maximum uses (optional)', { exact: true }).fill('1');
	await page.getByRole('button', { name: 'Create code' }).click();
	await expect(status(page)).toContainText('The code has been created');
	const code = (await page.getByRole('row').filter({ hasText: label }).locator('code').textContent())!.trim();
	expect(code).toMatch(/^[a-z2-7]{6,}$/);

	// A newcomer opens the link without JavaScript: first asked to sign in, then joins.
	const learner = await newPage(browser, false);
	await visit(learner, `/join/${code}`);
	await expect(h1(learner)).toHaveText(`Invitation to ${PILOT}`);
	await expect(learner.getByRole('link', { name: 'Sign in to join' })).toHaveAttribute('href', `/signin?next=${encodeURIComponent(`/join/${code}`)}`);
	// No account yet: "Sign up" from the invitation comes back to it once the account exists.
	await learner.getByRole('main').getByRole('link', { name: 'Sign up', exact: true }).click();
	await expect(learner).toHaveURL(`/signup?next=${encodeURIComponent(`/join/${code}`)}`);
	await fillSignUp(learner, newUser());
	await learner.getByRole('button', { name: 'Create account', exact: true }).click();
	await expect(learner).toHaveURL(`/join/${code}`);
	await learner.getByRole('button', { name: 'Join the cohort' }).click();
	await expect(learner).toHaveURL('/cohorts/calp-pilot?notice=enrolled');
	await expect(status(learner)).toContainText('You are enrolled.');
	const modules = learner.getByRole('region', { name: 'Modules' });
	await expect(modules.getByRole('link', { name: 'What is sustainable development?' })).toBeVisible();
	await expect(modules.getByText(/^Opens on .+ Asia\/Almaty \(UTC\+05:00\)$/).first()).toBeVisible();
	await expect(learner.getByRole('region', { name: 'Announcements' }).getByRole('article').first()).toBeVisible();
	await expectNoA11yViolations(learner);

	// Module 3 opens in five days: its lessons say when, and show nothing of their text.
	await visit(learner, LOCKED_LESSON);
	await expect(learner.getByRole('heading', { name: 'This module is not open yet' })).toBeVisible();
	await expect(learner.getByText(/^This module opens on .+ Asia\/Almaty \(UTC\+05:00\)\.$/)).toBeVisible();
	await expect(learner.getByRole('article')).toHaveCount(0);
	await learner.getByRole('link', { name: `Your cohort: ${PILOT}` }).click();
	await expect(learner).toHaveURL('/cohorts/calp-pilot');
	// Module 1 is open.
	await visit(learner, OPEN_LESSON);
	await expect(h1(learner)).toHaveText('What is sustainable development?');
	await expect(learner.getByRole('article')).toBeVisible();

	// The code had one use: the next person is told, and nothing happens.
	const late = await newPage(browser, false);
	await signUp(late);
	await visit(late, `/join/${code}`);
	await expect(late.getByRole('heading', { name: 'This invitation cannot be used' })).toBeVisible();
	await expect(late.getByText('This invitation has already been used as many times as it allows.')).toBeVisible();
	await expect(late.getByRole('button', { name: 'Join the cohort' })).toHaveCount(0);
	// A code that never existed is a clear "not found".
	const unknown = await late.goto('/join/not-a-real-code');
	expect(unknown?.status()).toBe(404);
	await expect(late.getByText('This invitation code is not valid.')).toBeVisible();
	await expectNoA11yViolations(late);
});

test('a visitor opening a lesson of a course taught in cohorts is shown its cohorts, not the lesson', async ({ page }) => {
	await visit(page, '/courses/calp-leadership');
	await expect(page.getByText('This course is taught in cohorts')).toBeVisible();
	const cohorts = page.getByRole('region', { name: 'Cohorts' });
	await expect(cohorts.getByRole('link', { name: 'CALP 2026', exact: true })).toBeVisible();
	await expect(cohorts.getByRole('link', { name: PILOT })).toBeVisible();

	await visit(page, OPEN_LESSON);
	await expect(page.getByRole('heading', { name: 'This lesson is for cohort members' })).toBeVisible();
	await expect(page.getByRole('article')).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Already a member? Sign in' })).toHaveAttribute('href', `/signin?next=${encodeURIComponent(OPEN_LESSON)}`);
	await page.getByRole('link', { name: 'CALP 2026', exact: true }).click();
	await expect(page).toHaveURL('/cohorts/calp-2026');
	await expect(page.getByRole('link', { name: 'Apply' })).toHaveAttribute('href', '/cohorts/calp-2026/apply');
	await expectNoA11yViolations(page);
});

test('in Russian, a demo learner sees their cohort in My learning and downloads its calendar', async ({ page }) => {
	// Her profile language is Russian: the whole interface follows it.
	await submitSignIn(page, DEMO.learner2, DEMO_PASSWORD);
	await expect(page).toHaveURL(/\/profile$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
	await header(page).getByRole('link', { name: 'Моё обучение' }).click();
	await expect(page).toHaveURL('/my');
	await expectNoA11yViolations(page);
	await expect(h1(page)).toHaveText('Моё обучение');
	const mine = page.getByRole('region', { name: 'Мои группы' });
	await expect(mine.getByRole('link', { name: PILOT })).toBeVisible();
	await expect(mine).toContainText('Участник');
	await expect(page.getByRole('region', { name: 'Ближайшее' })).toContainText('Ближайшая встреча');

	await mine.getByRole('link', { name: PILOT }).click();
	await expect(page.getByRole('heading', { name: 'Модули' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Расписание' })).toBeVisible();
	await expectNoA11yViolations(page);
	const calendar = await page.request.get('/cohorts/calp-pilot/schedule.ics');
	expect(calendar.status()).toBe(200);
	expect(calendar.headers()['content-type']).toBe('text/calendar; charset=utf-8');
	expect(calendar.headers()['content-disposition']).toBe('attachment; filename="calp-pilot.ics"');
	const ics = await calendar.text();
	expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
	expect(ics).toMatch(/DTSTART:\d{8}T\d{6}Z/);
});

test('the calendar and My learning are not for strangers', async ({ page }) => {
	const anonymous = await page.request.get('/cohorts/calp-pilot/schedule.ics', { maxRedirects: 0 });
	expect(anonymous.status()).toBe(303);
	expect(anonymous.headers()['location']).toBe('/signin?next=%2Fcohorts%2Fcalp-pilot%2Fschedule.ics');
	const my = await page.request.get('/my', { maxRedirects: 0 });
	expect(my.status()).toBe(303);
	await signUp(page);
	expect((await page.request.get('/cohorts/calp-pilot/schedule.ics')).status()).toBe(403);
	const cohortPage = await page.request.get('/cohorts/calp-pilot');
	expect(cohortPage.headers()['cache-control']).toBe('private, no-store');
});

test.describe('on a 360 px wide phone', () => {
	test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

	test('the cohort page and My learning fit without sideways scrolling', async ({ page }) => {
		const fits = async () => expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(360);
		await visit(page, '/cohorts/water-saving-winter');
		await fits();
		await signIn(page, DEMO.learner, DEMO_PASSWORD);
		await visit(page, '/cohorts/calp-pilot');
		await fits();
		await visit(page, '/my');
		await fits();
	});
});
