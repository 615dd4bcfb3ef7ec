import type { Browser, Page } from '@playwright/test';
import { randomInt } from 'node:crypto';
import { BASE, DEMO, DEMO_PASSWORD, expect, expectNoA11yViolations, submitSignIn, test, visit } from './fixtures';

/**
 * An author builds an assignment's rubric with the form builder (no YAML): a criterion added
 * with JavaScript, a field error shown and fixed; a second one added without JavaScript, with
 * more rows; a move; a delete refused without its box; the rubric as the lesson page shows it.
 * The demo administrator works in English.
 */

const word = () => Array.from({ length: 6 }, () => String.fromCharCode(97 + randomInt(26))).join('');

async function signedIn(browser: Browser, email: string, javaScriptEnabled = true): Promise<Page> {
	const context = await browser.newContext({ javaScriptEnabled });
	const page = await context.newPage();
	await submitSignIn(page, email, DEMO_PASSWORD);
	await expect(page).toHaveURL(/\/profile$/);
	return page;
}

const level = (page: Page, n: number) => page.getByRole('group', { name: `Level ${n}`, exact: true });

async function fillLevel(page: Page, n: number, title: string, points: string) {
	await level(page, n).getByLabel('Level title').fill(title);
	await level(page, n).getByLabel('Points').fill(points);
}

test('an author builds a rubric with the form, with and without JavaScript, and the lesson shows it', async ({ browser }) => {
	test.setTimeout(180_000);
	const page = await signedIn(browser, DEMO.admin);
	const title = `Rubric builder ${word()}`;
	const slug = title.toLowerCase().replace(/ /g, '-');
	const editor = `/teach/${slug}/lessons/field-plan`;

	// A draft course with a module and an assignment lesson.
	await visit(page, '/teach');
	await page.getByLabel('Course title', { exact: true }).fill(title);
	await page.getByRole('button', { name: 'Create course' }).click();
	await expect(page).toHaveURL(`/teach/${slug}?notice=created`);
	await visit(page, `/teach/${slug}/outline`);
	const newModule = page.getByRole('form', { name: 'New module' });
	await newModule.getByLabel('Module title', { exact: true }).fill('Practice');
	await newModule.getByRole('button', { name: 'Add module' }).click();
	await expect(page.getByRole('status')).toHaveText('The module has been added.');
	await page.getByLabel('New lesson in “Practice”', { exact: true }).fill('Field plan');
	await page.getByLabel('Kind of the new lesson in “Practice”').selectOption({ label: 'Assignment' });
	await page.getByRole('button', { name: 'Add lesson' }).click();
	await expect(page.getByRole('status')).toHaveText('The lesson has been added. Open it to write its text.');

	await visit(page, editor);
	const rubric = page.getByRole('region', { name: 'Rubric' });
	await expect(rubric).toContainText('No criteria yet');

	// A first criterion: a level with points but no title is refused beside the field.
	await rubric.getByRole('link', { name: 'Add a criterion' }).click();
	await expect(page).toHaveURL(`${editor}/criteria/new`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('New criterion');
	await expectNoA11yViolations(page);
	await page.getByLabel('Criterion title').fill('Where the water goes');
	await page.getByLabel('Description (optional)').fill('Losses named, with evidence.');
	await fillLevel(page, 1, 'Missing or general', '0');
	await level(page, 2).getByLabel('Points').fill('10');
	await page.getByRole('button', { name: 'Save criterion' }).click();
	const missing = level(page, 2).getByLabel('Level title');
	await expect(missing).toHaveAttribute('aria-invalid', 'true');
	await expect(level(page, 2)).toContainText('Give the level a title.');
	await expect(page.getByLabel('Criterion title')).toHaveValue('Where the water goes');
	await expect(level(page, 2).getByLabel('Points')).toHaveValue('10');
	await expectNoA11yViolations(page);
	await missing.fill('Main losses named, with evidence');
	await page.getByRole('button', { name: 'Save criterion' }).click();
	await expect(page).toHaveURL(`${editor}?saved#rubric`);
	await expect(page.getByRole('region', { name: 'Rubric' })).toContainText('Where the water goes');
	await expect(page.getByRole('region', { name: 'Rubric' })).toContainText('Maximum score with this rubric: 10.');
	await expectNoA11yViolations(page);
	await page.context().close();

	// Without JavaScript: a second criterion with five levels ("Add more rows"), moved up.
	const plain = await signedIn(browser, DEMO.admin, false);
	await visit(plain, editor);
	await plain.getByRole('region', { name: 'Rubric' }).getByRole('link', { name: 'Add a criterion' }).click();
	await plain.getByLabel('Criterion title').fill('Choice of measures');
	await plain.getByLabel('Id', { exact: true }).fill('measures');
	await fillLevel(plain, 1, 'None', '0');
	await fillLevel(plain, 2, 'Weak', '2,5');
	await fillLevel(plain, 3, 'Fair', '5');
	await fillLevel(plain, 4, 'Good', '8');
	await expect(level(plain, 5)).toHaveCount(0);
	await plain.getByRole('button', { name: 'Add more rows' }).click();
	await expect(level(plain, 6)).toBeVisible();
	await expect(level(plain, 4).getByLabel('Level title')).toHaveValue('Good');
	await expectNoA11yViolations(plain);
	await fillLevel(plain, 5, 'Sensible and explained', '10');
	await plain.getByRole('button', { name: 'Save criterion' }).click();
	await expect(plain).toHaveURL(`${editor}?saved#rubric`);
	let list = plain.getByRole('region', { name: 'Rubric' });
	await expect(list.getByRole('heading', { level: 3 })).toHaveText(['Where the water goes', 'Choice of measures']);
	await expect(list).toContainText('Weak: 2.5 points');
	await list.getByRole('button', { name: /^Move up\s*: Choice of measures$/ }).click();
	await expect(plain).toHaveURL(`${editor}?saved#rubric`);
	list = plain.getByRole('region', { name: 'Rubric' });
	await expect(list.getByRole('heading', { level: 3 })).toHaveText(['Choice of measures', 'Where the water goes']);

	// Deleting needs its box ticked; nothing is deleted without it.
	const first = list.getByRole('listitem').filter({ has: plain.getByRole('heading', { name: 'Choice of measures' }) });
	await first.getByText('Delete…').click();
	await first.getByRole('button', { name: 'Delete criterion' }).click();
	await expect(plain.getByText('Tick the box to confirm the deletion.')).toBeVisible();
	await expect(plain.getByRole('region', { name: 'Rubric' }).getByRole('heading', { level: 3 })).toHaveCount(2);
	await expectNoA11yViolations(plain);

	// The lesson as learners see it shows the rubric.
	await visit(plain, `/courses/${slug}/field-plan`);
	const table = plain.getByRole('table', { name: 'Rubric' });
	await expect(table.getByRole('row', { name: /Choice of measures/ })).toContainText('Sensible and explained');
	await expect(table.getByRole('row', { name: /Where the water goes/ })).toContainText('Main losses named, with evidence');
	await expectNoA11yViolations(plain);
	await plain.context().close();

	// A learner may neither open the criterion page nor post its form.
	const learner = await signedIn(browser, DEMO.learner);
	expect((await learner.goto(`${BASE}${editor}/criteria/measures`))?.status()).toBe(403);
	const forged = await learner.request.post(`${BASE}${editor}/criteria/new?/saveCriterion`, {
		headers: { origin: BASE, accept: 'text/html' },
		form: { title: 'Hacked', rows: '2', 'level-0-title': 'A', 'level-0-points': '0', 'level-1-title': 'B', 'level-1-points': '1' }
	});
	expect(forged.status()).toBe(403);
	await learner.context().close();
});
