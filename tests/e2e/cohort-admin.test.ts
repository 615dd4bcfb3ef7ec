import type { Browser, BrowserContextOptions, Page } from '@playwright/test';
import { test, expect, visit, expectNoA11yViolations, submitSignIn, BASE, DEMO, DEMO_PASSWORD } from './fixtures';

/**
 * The facilitator's side of a cohort. The demo facilitator (Dilnoza, English) creates a cohort
 * of the sample course "Water-saving irrigation" on a phone with JavaScript off, saves its
 * settings and schedule, then (JavaScript on) makes an invitation code, an application
 * question and a rubric criterion, posts an announcement and downloads the roster. Each run
 * makes its own cohort (the address carries the time), so runs never collide.
 */

const COURSE = 'Water-saving irrigation for farmers in Central Asia';
const PHONE = { width: 390, height: 844 };

async function signedIn(browser: Browser, email: string, options: BrowserContextOptions = {}) {
	const context = await browser.newContext(options);
	const page = await context.newPage();
	await submitSignIn(page, email, DEMO_PASSWORD);
	await expect(page).toHaveURL(/\/profile$/);
	return page;
}

/** No sideways scrolling at the phone's width. */
async function fitsPhone(page: Page) {
	const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
	expect(width, page.url()).toBeLessThanOrEqual(PHONE.width);
}

const form = (page: Page, name: string) => page.getByRole('form', { name });
/** The message saying what was done (other notes on the page are statuses too). */
const notice = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });

test('a facilitator creates and runs a cohort, without JavaScript on a phone and with it', async ({ browser }) => {
	// Every tab of a cohort, twice over (no JavaScript on a phone, then with it), axe on each:
	// more than the default minute on a 2-core machine, as the other whole-flow tests.
	test.setTimeout(180_000);
	const stamp = Date.now().toString(36);
	const slug = `e2e-cohort-${stamp}`;
	const name = `Water-saving winter ${stamp}`;

	// --- JavaScript off, phone width: create the cohort and save its settings. ---
	const phone = await signedIn(browser, DEMO.facilitator, { javaScriptEnabled: false, viewport: PHONE, isMobile: true });
	await visit(phone, '/teach');
	await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Teaching');
	await expect(phone.getByRole('heading', { name: 'My cohorts' })).toBeVisible();
	// Writing courses stays with authors.
	await expect(phone.getByRole('button', { name: 'Create course' })).toHaveCount(0);
	await phone.getByRole('link', { name: 'All my cohorts, and a new cohort' }).click();
	await expect(phone).toHaveURL('/teach/cohorts');
	await expectNoA11yViolations(phone);
	await fitsPhone(phone);

	const create = form(phone, 'New cohort');
	await create.getByLabel('Course', { exact: true }).selectOption({ label: COURSE });
	await create.getByLabel('Address (optional)').fill(slug);
	await create.getByLabel('First day').fill('2027-01-15');
	// Bad input first: no name, and the last day before the first.
	await create.getByLabel('Last day').fill('2027-01-10');
	await create.getByLabel('Seats', { exact: true }).fill('0');
	await create.getByRole('button', { name: 'Create cohort' }).click();
	await expect(phone).toHaveURL('/teach/cohorts?/create');
	await expect(create.getByLabel('Name', { exact: true })).toHaveAccessibleDescription('Fill in this field.');
	await expect(create.getByLabel('Last day')).toHaveAccessibleDescription('The last day cannot be before the first day.');
	await expect(create.getByLabel('Seats', { exact: true })).toHaveAccessibleDescription(/Enter a whole number of seats from 1 to 100,000\./);
	// What was typed is kept.
	await expect(create.getByLabel('Address (optional)')).toHaveValue(slug);
	await expect(create.getByLabel('First day')).toHaveValue('2027-01-15');
	await expectNoA11yViolations(phone);

	await create.getByLabel('Name', { exact: true }).fill(name);
	await create.getByLabel('Last day').fill('2027-03-31');
	await create.getByLabel('Seats', { exact: true }).fill('20');
	await create.getByLabel('Time zone').selectOption('Asia/Almaty');
	await create.getByLabel('Opens').fill('2026-12-01T09:00');
	await create.getByLabel('Closes (deadline)').fill('2027-01-10T18:00');
	await create.getByLabel('Way in').selectOption({ label: 'By application' });
	await create.getByRole('button', { name: 'Create cohort' }).click();
	await expect(phone).toHaveURL(`/teach/cohorts/${slug}?notice=created`);
	await expect(notice(phone, 'The cohort has been created.')).toBeVisible();
	await expect(phone.getByRole('navigation', { name: 'Cohort management' }).getByRole('link', { name: 'Cohort page' })).toHaveAttribute(
		'href',
		`/cohorts/${slug}`
	);
	await expectNoA11yViolations(phone);
	await fitsPhone(phone);

	const settings = form(phone, 'Cohort settings');
	await expect(settings.getByLabel('Opens')).toHaveValue('2026-12-01T09:00');
	await expect(settings.getByText('Times in Asia/Almaty (UTC+')).toBeVisible();
	await settings.getByLabel('Seats', { exact: true }).fill('25');
	await settings.getByLabel('Status').selectOption({ label: 'Open' });
	await settings.getByRole('button', { name: 'Save settings' }).click();
	await expect(notice(phone, 'The settings have been saved.')).toBeVisible();
	await expect(settings.getByLabel('Seats', { exact: true })).toHaveValue('25');
	await expect(phone.getByText('0 of 25 taken')).toBeVisible();

	// Schedule, still without JavaScript: a module's opening date, then a session (a bad link first).
	await phone.getByRole('link', { name: 'Schedule' }).click();
	await expect(phone).toHaveURL(`/teach/cohorts/${slug}/schedule`);
	await expectNoA11yViolations(phone);
	await fitsPhone(phone);
	const releases = form(phone, 'When modules open');
	await releases.getByLabel('Module 2: Practical water-saving methods').fill('2027-02-01T09:00');
	await releases.getByRole('button', { name: 'Save module dates' }).click();
	await expect(notice(phone, 'The module dates have been saved.')).toBeVisible();
	await expect(form(phone, 'When modules open').getByLabel('Module 2: Practical water-saving methods')).toHaveValue('2027-02-01T09:00');
	await expect(form(phone, 'When modules open').getByLabel('Module 1: Why save water, and where it goes')).toHaveValue('');

	const session = form(phone, 'New session');
	await session.getByLabel('Title', { exact: true }).fill('Kick-off call');
	await session.getByLabel('Link (online sessions)').fill('meet.example.org/kickoff');
	await session.getByLabel('Starts').fill('2027-01-15T10:00');
	await session.getByLabel('Ends').fill('2027-01-15T11:30');
	await session.getByRole('button', { name: 'Add session' }).click();
	await expect(form(phone, 'New session').getByLabel('Link (online sessions)')).toHaveAccessibleDescription(
		/Enter the meeting's full address, starting with https:\/\//
	);
	await expect(form(phone, 'New session').getByLabel('Title', { exact: true })).toHaveValue('Kick-off call');
	await form(phone, 'New session').getByLabel('Link (online sessions)').fill('https://meet.example.org/kickoff');
	await form(phone, 'New session').getByRole('button', { name: 'Add session' }).click();
	await expect(notice(phone, 'The session has been added.')).toBeVisible();
	await expect(phone.getByRole('heading', { name: 'Kick-off call', level: 3 })).toBeVisible();
	await expect(phone.getByRole('link', { name: 'https://meet.example.org/kickoff' })).toBeVisible();
	await expectNoA11yViolations(phone);
	await phone.context().close();

	// --- JavaScript on: enrolment codes, the application form, announcements, people. ---
	const page = await signedIn(browser, DEMO.facilitator);
	const base = `/teach/cohorts/${slug}`;

	await visit(page, `${base}/enrolment`);
	const invite = form(page, 'New code');
	await invite.getByLabel('Label (optional)').fill('Partners in Osh');
	await invite.getByLabel('Maximum uses (optional)').fill('10');
	await invite.getByRole('button', { name: 'Create code' }).click();
	await expect(notice(page, 'The code has been created: share its link or the code.')).toBeVisible();
	const row = page.getByRole('row', { name: /Partners in Osh/ });
	await expect(row).toContainText(/[a-z2-7]{10}/);
	await expect(row).toContainText(`${BASE}/join/`);
	await expect(row).toContainText('0 of 10');
	await expectNoA11yViolations(page);

	await page.getByRole('link', { name: 'Application form' }).click();
	await expect(page).toHaveURL(`${base}/form`);
	const question = form(page, 'New question');
	await question.getByLabel('Kind of answer').selectOption({ label: 'One choice' });
	await question.getByLabel('Question', { exact: true }).fill('Which region do you work in?');
	await question.getByLabel('Options (choice questions)').fill('Fergana Valley');
	await question.getByRole('button', { name: 'Add question' }).click();
	await expect(question.getByLabel('Options (choice questions)')).toHaveAccessibleDescription(
		/A choice question needs at least 2 options, one per line\./
	);
	await question.getByLabel('Options (choice questions)').fill('Fergana Valley\nAral Sea basin\nOther');
	await question.getByLabel('An answer is required').check();
	await question.getByRole('button', { name: 'Add question' }).click();
	await expect(notice(page, 'The question has been added.')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Which region do you work in?', level: 3 })).toBeVisible();
	await expect(page.getByText('One choice · Required')).toBeVisible();

	const criterion = form(page, 'New criterion');
	await criterion.getByLabel('Criterion', { exact: true }).fill('Motivation');
	await criterion.getByLabel('Weight').fill('2');
	await criterion.getByRole('button', { name: 'Add criterion' }).click();
	await expect(notice(page, 'The criterion has been added.')).toBeVisible();
	await expect(page.getByText('Weight 2 (100% of the score)')).toBeVisible();
	await expectNoA11yViolations(page);

	await page.getByRole('link', { name: 'Announcements' }).click();
	await expect(page).toHaveURL(`${base}/announcements`);
	const announce = form(page, 'New announcement');
	await announce.getByLabel('Title', { exact: true }).fill('Welcome to the winter group');
	await announce.getByLabel('Message').fill('We start with a **kick-off call** on 15 January.');
	await announce.getByRole('button', { name: 'Post and email' }).click();
	await expect(notice(page, 'The announcement has been posted and emailed.')).toBeVisible();
	const posted = page.getByRole('article', { name: 'Welcome to the winter group' });
	await expect(posted.locator('strong')).toHaveText('kick-off call');
	await expectNoA11yViolations(page);

	await page.getByRole('link', { name: 'People' }).click();
	await expect(page).toHaveURL(`${base}/people`);
	await expect(page.getByText('Nobody has joined yet.')).toBeVisible();
	await expect(page.getByRole('listitem').filter({ hasText: DEMO.facilitator })).toBeVisible();
	await expectNoA11yViolations(page);
	const csv = await page.request.get(`${base}/roster.csv`);
	expect(csv.status()).toBe(200);
	expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
	expect(csv.headers()['content-disposition']).toBe(`attachment; filename="${slug}-roster.csv"`);
	const bytes = await csv.body();
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	expect(bytes.toString('utf8').slice(1)).toBe('Name,Email,Country,Organisation,Status,Place in waitlist,Joined by,Enrolled (Asia/Almaty)\r\n');

	await visit(page, '/teach/cohorts');
	await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('0 of 25 taken');

	// Finished, so the course page's list of cohorts is left as the demo made it.
	await visit(page, base);
	await form(page, 'Cohort settings').getByLabel('Status').selectOption({ label: 'Finished' });
	await form(page, 'Cohort settings').getByRole('button', { name: 'Save settings' }).click();
	await expect(notice(page, 'The settings have been saved.')).toBeVisible();
	await page.context().close();

	// --- Not theirs: a learner is refused; so is the author, who runs no cohort here. ---
	const learner = await signedIn(browser, DEMO.learner);
	for (const path of [base, `${base}/schedule`, `${base}/people`, `${base}/roster.csv`]) {
		const response = await learner.goto(path);
		expect(response?.status(), path).toBe(403);
	}
	await learner.goto(base);
	await expect(learner.getByRole('heading', { level: 1 })).toHaveText('Access denied');
	await expect(learner.getByText('This cohort is run by other facilitators.')).toBeVisible();
	await expectNoA11yViolations(learner);
	expect((await learner.goto('/teach/cohorts'))?.status()).toBe(403);
	await learner.context().close();

	// The author works in Russian: /teach shows his courses and his cohorts (none), and he
	// cannot create a cohort (facilitators and administrators do).
	const author = await signedIn(browser, DEMO.author);
	await visit(author, '/teach');
	await expect(author.getByRole('heading', { level: 1 })).toHaveText('Мои курсы');
	await expect(author.getByRole('heading', { name: 'Мои группы' })).toBeVisible();
	await author.getByRole('link', { name: 'Все мои группы' }).click();
	await expect(author.getByRole('heading', { level: 1 })).toHaveText('Группы');
	await expect(author.getByRole('form', { name: 'Новая группа' })).toHaveCount(0);
	await expectNoA11yViolations(author);
	expect((await author.goto(base))?.status()).toBe(403);
	await expect(author.getByText(/ведут другие фасилитаторы/)).toBeVisible();
	// A forged form post changes nothing either.
	const forged = await author.request.post(`${base}?/save`, {
		headers: { origin: BASE },
		form: {
			name: 'Taken over',
			startsOn: '2027-01-15',
			endsOn: '2027-03-31',
			timeZone: 'Asia/Almaty',
			capacity: '25',
			enrolmentMode: 'open',
			status: 'open'
		}
	});
	expect(forged.status()).toBe(403);
	await author.context().close();

	const check = await signedIn(browser, DEMO.facilitator);
	await visit(check, base);
	await expect(form(check, 'Cohort settings').getByLabel('Name', { exact: true })).toHaveValue(name);
	await check.context().close();
});
