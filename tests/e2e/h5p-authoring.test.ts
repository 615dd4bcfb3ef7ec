import type { Browser, Page } from '@playwright/test';
import { randomInt } from 'node:crypto';
import { zipSync } from 'fflate';
import { samplePackage } from '../h5p-sample';
import { DEMO, DEMO_PASSWORD, expect, expectNoA11yViolations, submitSignIn, test, visit } from './fixtures';

/**
 * An author adds an H5P activity in the browser, with JavaScript off (the forms work without
 * it): a bad file is refused with every reason listed; a package that brings a content type
 * the site does not have waits for an administrator; the administrator approves it on
 * Administration → H5P, and the activity is ready. Packages are built from the sample
 * course's own content type, so this runs on a fresh machine. The demo author works in
 * Russian, the demo administrator in English.
 */
const RU = {
	courseTitle: 'Название курса',
	createCourse: 'Создать курс',
	newModule: 'Новый модуль',
	moduleTitle: 'Название модуля',
	addModule: 'Добавить модуль',
	moduleAdded: 'Модуль добавлен.',
	newLesson: 'Новый урок в модуле «Practice»',
	kind: 'Вид нового урока в модуле «Practice»',
	kindH5p: 'Активность H5P',
	addLesson: 'Добавить урок',
	noPackage: 'У этой активности пока нет пакета.',
	file: 'Пакет H5P (.h5p)',
	upload: 'Загрузить пакет',
	replace: 'Заменить пакет',
	passMark: 'Проходной балл (%)',
	byScore: 'По баллам: пройдено при проходном балле',
	save: 'Сохранить активность',
	ready: 'Готово: слушатели могут выполнять эту активность.',
	openAsLearner: 'Открыть как слушатель'
};

const word = () => Array.from({ length: 6 }, () => String.fromCharCode(97 + randomInt(26))).join('');
const enc = (s: string) => new TextEncoder().encode(s);

async function signedIn(browser: Browser, email: string, javaScriptEnabled = true): Promise<Page> {
	const context = await browser.newContext({ javaScriptEnabled });
	const page = await context.newPage();
	await submitSignIn(page, email, DEMO_PASSWORD);
	await expect(page).toHaveURL(/\/profile$/);
	return page;
}

test('an author uploads an H5P package, a bad one is refused with reasons, a new library waits for an administrator', async ({ browser }) => {
	test.setTimeout(180_000);
	const tag = word();
	const title = `H5P authoring ${tag}`;
	const slug = title.toLowerCase().replace(/ /g, '-');
	const library = `Bilim.E2e${tag[0]!.toUpperCase()}${tag.slice(1)}`;

	// With JavaScript: a draft course, a module, and an H5P activity in it.
	const author = await signedIn(browser, DEMO.author);
	await visit(author, '/teach');
	await author.getByLabel(RU.courseTitle, { exact: true }).fill(title);
	await author.getByRole('button', { name: RU.createCourse }).click();
	await expect(author).toHaveURL(`/teach/${slug}?notice=created`);
	await visit(author, `/teach/${slug}/outline`);
	const newModule = author.getByRole('form', { name: RU.newModule });
	await newModule.getByLabel(RU.moduleTitle, { exact: true }).fill('Practice');
	await newModule.getByRole('button', { name: RU.addModule }).click();
	await expect(author.getByRole('status')).toHaveText(RU.moduleAdded);
	await author.getByLabel(RU.newLesson, { exact: true }).fill('Early warning practice');
	await author.getByLabel(RU.kind).selectOption({ label: RU.kindH5p });
	await author.getByRole('button', { name: RU.addLesson }).click();
	await expect(author.locator('.lesson-name')).toContainText(RU.kindH5p);
	await expectNoA11yViolations(author);
	const editor = `/teach/${slug}/lessons/early-warning-practice`;

	// Without JavaScript: the editor asks for a package.
	const page = await signedIn(browser, DEMO.author, false);
	await visit(page, editor);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Early warning practice');
	await expect(page.getByText(RU.noPackage)).toBeVisible();

	// A bad package: every problem is listed, nothing is stored.
	const bad = zipSync({ 'content/content.json': enc('{}'), 'tools/run.php': enc('<?php echo 1;'), 'setup.exe': enc('MZ') });
	await page.getByLabel(RU.file).setInputFiles({ name: 'bad.h5p', mimeType: 'application/zip', buffer: Buffer.from(bad) });
	await page.getByRole('button', { name: RU.upload }).click();
	const problems = page.locator('#field-file-error');
	await expect(problems).toContainText('Пакет bad.h5p не сохранён:');
	for (const reason of [
		'h5p.json',
		'setup.exe',
		'tools/run.php'
	]) {
		await expect(problems.getByRole('listitem').filter({ hasText: reason })).toHaveCount(1);
	}
	await expect(page.getByText(RU.noPackage)).toBeVisible();
	await expectNoA11yViolations(page);

	// Not a zip at all.
	await page.getByLabel(RU.file).setInputFiles({ name: 'notes.h5p', mimeType: 'application/octet-stream', buffer: Buffer.from('just some text') });
	await page.getByRole('button', { name: RU.upload }).click();
	await expect(problems.getByRole('listitem')).toHaveCount(1);
	await expect(problems.getByRole('listitem')).toContainText('zip');

	// A package with a content type new to the site: stored, but waiting for an administrator.
	const pkg = samplePackage({ library, title: 'Early warning practice' });
	await page.getByLabel(RU.file).setInputFiles({ name: 'practice.h5p', mimeType: 'application/zip', buffer: Buffer.from(pkg) });
	await page.getByRole('button', { name: RU.upload }).click();
	await expect(page.getByText(`Пакет загружен: Early warning practice (${library} 1.0).`)).toBeVisible();
	await expect(page.getByText(`Он ждёт одобрения администратора: ${library} 1.0.`)).toBeVisible();
	await expect(page.getByRole('status').filter({ hasText: 'Ожидает одобрения администратора' })).toContainText(`${library} 1.0`);
	await expect(page.getByRole('button', { name: RU.replace })).toBeVisible();
	await expectNoA11yViolations(page);

	// Settings: completion and pass mark.
	await page.getByLabel(RU.passMark).fill('60');
	await page.getByRole('button', { name: RU.save }).click();
	await expect(page).toHaveURL(`${editor}?saved`);
	await expect(page.getByLabel(RU.passMark)).toHaveValue('60');
	await expect(page.getByLabel(RU.byScore)).toBeChecked();

	// The administrator approves the library (without JavaScript too).
	const admin = await signedIn(browser, DEMO.admin, false);
	await visit(admin, '/admin');
	await admin.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'H5P' }).click();
	await expect(admin).toHaveURL('/admin/h5p');
	await expect(admin.getByRole('heading', { level: 1 })).toHaveText('H5P libraries');
	const waiting = admin.getByRole('region', { name: 'Activities waiting' });
	await expect(waiting).toContainText(`Early warning practice in ${title}`);
	await expect(waiting).toContainText(`needs ${library} 1.0`);
	const row = admin.getByRole('row', { name: new RegExp(library.replace('.', '\\.')) });
	await expect(row).toContainText('Waiting for approval');
	await expectNoA11yViolations(admin);
	await admin.getByRole('checkbox', { name: `Approve ${library} 1.0` }).check();
	await admin.getByRole('button', { name: 'Approve selected libraries' }).click();
	await expect(admin.getByText('Approved 1 library version(s).')).toBeVisible();
	await expect(row).toContainText('Approved');
	await expect(waiting).not.toContainText(title);

	// The author's activity is ready.
	await page.goto(editor);
	await expect(page.getByText(RU.ready)).toBeVisible();
	await expect(page.getByRole('link', { name: RU.openAsLearner })).toHaveAttribute('href', `/courses/${slug}/early-warning-practice`);
});
