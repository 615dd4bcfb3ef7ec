import type { Browser, Page } from '@playwright/test';
import { randomInt } from 'node:crypto';
import {
	test,
	expect,
	visit,
	expectNoA11yViolations,
	header,
	signIn,
	submitSignIn,
	DEMO,
	DEMO_PASSWORD
} from './fixtures';

/**
 * The demo author (Bakyt, of CAREC) works in Russian: his profile language is Russian, so
 * the authoring pages are checked in Russian here, and the visitor's pages in English.
 */
const RU = {
	teach: 'Преподавание',
	myCourses: 'Мои курсы',
	courseTitle: 'Название курса',
	courseLanguage: 'Язык курса',
	createCourse: 'Создать курс',
	created: 'Курс создан как черновик.',
	publish: 'Опубликовать',
	noLessons: 'Добавьте хотя бы один урок, прежде чем публиковать курс.',
	published: 'Курс опубликован: все могут найти и прочитать его.',
	archive: 'В архив',
	archived: 'Курс отправлен в архив.',
	summary: 'Краткое описание',
	area: 'Водосберегающие технологии',
	outcomes: 'Результаты обучения',
	saveDetails: 'Сохранить описание',
	detailsSaved: 'Описание курса сохранено.',
	editorNav: 'Редактор курса',
	contents: 'Содержание',
	files: 'Файлы',
	download: 'Скачать .zip',
	newModule: 'Новый модуль',
	moduleTitle: 'Название модуля',
	addModule: 'Добавить модуль',
	moduleAdded: 'Модуль добавлен.',
	addLesson: 'Добавить урок',
	lessonAdded: 'Урок добавлен. Откройте его, чтобы написать текст.',
	uploadFile: 'Файл',
	upload: 'Загрузить',
	body: 'Текст урока',
	preview: 'Предпросмотр',
	saveLesson: 'Сохранить урок',
	lessonSaved: 'Урок сохранён.',
	history: 'История изменений'
};

/** A word no other course contains, to find this course by search. */
const uniqueWord = () => `saxaul${Array.from({ length: 6 }, () => String.fromCharCode(97 + randomInt(26))).join('')}`;

/** A 1x1 PNG, made here rather than read from disk. */
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
	'base64'
);

async function signInAsAuthor(page: Page) {
	await submitSignIn(page, DEMO.author, DEMO_PASSWORD);
	await expect(page).toHaveURL(/\/profile$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
}

async function newPage(browser: Browser, javaScriptEnabled = true) {
	const context = await browser.newContext({ javaScriptEnabled });
	return context.newPage();
}

const courseNav = (page: Page) => page.getByRole('navigation', { name: RU.editorNav });
const lessonLinks = (page: Page) => page.locator('.lesson-name a');

test('an author writes a course with an image, previews and publishes it; a visitor finds and reads it', async ({
	page,
	browser
}) => {
	test.setTimeout(240_000);
	const word = uniqueWord();
	const title = `Drip irrigation ${word}`;
	const slug = `drip-irrigation-${word}`;
	const lessonTitle = 'Как работает капельное орошение';
	const lessonSlug = 'kak-rabotaet-kapelnoe-oroshenie';

	// The author reaches "My courses" from the header and creates a draft.
	await signInAsAuthor(page);
	await header(page).getByRole('link', { name: RU.teach }).click();
	await expect(page).toHaveURL('/teach');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(RU.myCourses);
	await expectNoA11yViolations(page);
	await page.getByLabel(RU.courseTitle, { exact: true }).fill(title);
	await page.getByLabel(RU.courseLanguage, { exact: true }).selectOption('en');
	await page.getByRole('button', { name: RU.createCourse }).click();
	await expect(page).toHaveURL(`/teach/${slug}?notice=created`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	await expect(page.getByRole('status')).toContainText(RU.created);
	await expectNoA11yViolations(page);

	// Publishing an empty course is refused with a reason.
	await page.getByRole('button', { name: RU.publish }).click();
	await expect(page.getByRole('alert')).toHaveText(RU.noLessons);
	await expectNoA11yViolations(page);

	// The details.
	await page.getByLabel(RU.summary, { exact: true }).fill(`How drip lines save water; ${word}.`);
	await page.getByRole('checkbox', { name: RU.area }).check();
	await page.getByLabel(RU.outcomes, { exact: true }).fill('Sketch a drip layout\nEstimate the water saved');
	await page.getByRole('button', { name: RU.saveDetails }).click();
	await expect(page.getByRole('status')).toHaveText(RU.detailsSaved);
	await expect(page.getByRole('checkbox', { name: RU.area })).toBeChecked();

	// A module and a lesson.
	await courseNav(page).getByRole('link', { name: RU.contents }).click();
	await expect(page).toHaveURL(`/teach/${slug}/outline`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(RU.contents);
	await expectNoA11yViolations(page);
	const newModule = page.getByRole('form', { name: RU.newModule });
	await newModule.getByLabel(RU.moduleTitle, { exact: true }).fill('Основы');
	await newModule.getByRole('button', { name: RU.addModule }).click();
	await expect(page.getByRole('status')).toHaveText(RU.moduleAdded);
	await expect(page.getByRole('heading', { level: 2, name: /Основы/ })).toBeVisible();
	await page.getByLabel('Новый урок в модуле «Основы»', { exact: true }).fill(lessonTitle);
	await page.getByRole('button', { name: RU.addLesson }).click();
	await expect(page.getByRole('status')).toHaveText(RU.lessonAdded);
	await expect(page.getByRole('link', { name: lessonTitle })).toHaveAttribute('href', `/teach/${slug}/lessons/${lessonSlug}`);
	await page.getByLabel('Новый урок в модуле «Основы»', { exact: true }).fill('Практика');
	await page.getByRole('button', { name: RU.addLesson }).click();
	await expect(lessonLinks(page)).toHaveText([lessonTitle, 'Практика']);
	await expectNoA11yViolations(page);

	// An image, uploaded from the Files page, with its snippet to copy.
	await courseNav(page).getByRole('link', { name: RU.files }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(RU.files);
	await expectNoA11yViolations(page);
	await page.getByLabel(RU.uploadFile, { exact: true }).setInputFiles({ name: 'drip-layout.png', mimeType: 'image/png', buffer: PNG });
	await page.getByRole('button', { name: RU.upload, exact: true }).click();
	await expect(page.getByRole('status')).toHaveText('Загружено как assets/drip-layout.png.');
	const snippet = page.getByLabel('Фрагмент Markdown для drip-layout.png');
	await expect(snippet).toHaveValue('![drip layout](assets/drip-layout.png)');
	await expectNoA11yViolations(page);

	// The lesson text, previewed before it is saved, then saved.
	await courseNav(page).getByRole('link', { name: RU.contents }).click();
	await page.getByRole('link', { name: lessonTitle }).click();
	await expect(page).toHaveURL(`/teach/${slug}/lessons/${lessonSlug}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(lessonTitle);
	await expectNoA11yViolations(page);
	const text = `## Капельная линия\n\nВода идёт прямо к корням: **${word}**.\n\n![Схема капельной линии](assets/drip-layout.png)\n`;
	await page.getByLabel(RU.body, { exact: true }).fill(text);
	await page.getByRole('button', { name: RU.preview, exact: true }).click();
	const preview = page.getByRole('region', { name: RU.preview });
	await expect(preview.getByRole('heading', { name: 'Капельная линия' })).toBeVisible();
	await expect(preview.locator('strong')).toHaveText(word);
	await expect(preview.getByRole('img', { name: 'Схема капельной линии' })).toHaveAttribute('src', /^\/files\/[0-9a-f-]+\/drip-layout\.png$/);
	await expect(page.getByLabel(RU.body, { exact: true })).toHaveValue(text);
	await expectNoA11yViolations(page);
	await page.getByRole('button', { name: RU.saveLesson }).click();
	await expect(page).toHaveURL(`/teach/${slug}/lessons/${lessonSlug}?saved`);
	await expect(page.getByRole('status')).toHaveText(RU.lessonSaved);
	await expect(page.getByLabel(RU.body, { exact: true })).toHaveValue(text);
	const history = page.getByRole('region', { name: RU.history });
	await expect(history.getByRole('listitem')).toHaveCount(2);
	await expect(history.getByRole('listitem').first()).toContainText('Bakyt Toktogulov');
	await expectNoA11yViolations(page);

	// An earlier version can be read on its own page.
	await history.getByRole('link', { name: /Открыть эту версию/ }).last().click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Версия от');
	await expectNoA11yViolations(page);
	await page.goBack();

	// Without JavaScript, Preview shows the unsaved text rendered, and keeps it in the form.
	const plain = await newPage(browser, false);
	await signInAsAuthor(plain);
	await visit(plain, `/teach/${slug}/lessons/${lessonSlug}`);
	const draft = `${text}\nЧерновик: *не сохранён*.\n`;
	await plain.getByLabel(RU.body, { exact: true }).fill(draft);
	await plain.getByRole('button', { name: RU.preview, exact: true }).click();
	await expect(plain.getByRole('region', { name: RU.preview }).locator('em')).toHaveText('не сохранён');
	await expect(plain.getByLabel(RU.body, { exact: true })).toHaveValue(draft);
	await expectNoA11yViolations(plain);
	await visit(plain, `/teach/${slug}/lessons/${lessonSlug}`);
	await expect(plain.getByLabel(RU.body, { exact: true })).toHaveValue(text);
	// ... and the lessons are reordered with plain buttons.
	await visit(plain, `/teach/${slug}/outline`);
	await plain.getByRole('button', { name: /^Выше\s*: Практика$/ }).click();
	await expect(lessonLinks(plain)).toHaveText(['Практика', lessonTitle]);
	await expectNoA11yViolations(plain);
	await plain.getByRole('button', { name: /^Ниже\s*: Практика$/ }).click();
	await expect(lessonLinks(plain)).toHaveText([lessonTitle, 'Практика']);
	await plain.context().close();

	// The course downloads as a zip.
	await visit(page, `/teach/${slug}`);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		courseNav(page).getByRole('link', { name: RU.download }).click()
	]);
	expect(download.suggestedFilename()).toBe(`${slug}.zip`);

	await page.getByRole('button', { name: RU.publish }).click();
	await expect(page.getByRole('status')).toHaveText(RU.published);
	await expectNoA11yViolations(page);

	// A visitor finds it by its word and reads the lesson, with JavaScript on and off.
	for (const javaScriptEnabled of [true, false]) {
		const visitor = await newPage(browser, javaScriptEnabled);
		await visit(visitor, `/courses?q=${word}`);
		const results = visitor.getByRole('region', { name: 'Results' });
		await expect(results).toContainText('1 course');
		await results.getByRole('link', { name: title }).click();
		await expect(visitor).toHaveURL(`/courses/${slug}`);
		await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(title);
		await expectNoA11yViolations(visitor);
		await visitor.getByRole('link', { name: 'Start the course' }).click();
		await expect(visitor).toHaveURL(`/courses/${slug}/${lessonSlug}`);
		await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(lessonTitle);
		await expect(visitor.locator('article strong')).toHaveText(word);
		const image = visitor.getByRole('img', { name: 'Схема капельной линии' });
		await expect(image).toHaveAttribute('src', /^\/files\/[0-9a-f-]+\/drip-layout\.png$/);
		expect((await visitor.request.get((await image.getAttribute('src'))!)).headers()['content-type']).toBe('image/png');
		await expectNoA11yViolations(visitor);
		await visitor.context().close();
	}

	// Archived again, so other tests see the catalogue as the sample courses left it.
	await page.getByRole('button', { name: RU.archive }).click();
	await expect(page.getByRole('status')).toHaveText(RU.archived);
});

test('authoring pages are for the course’s authors: a visitor is sent to sign in, a learner is refused', async ({
	page,
	browser
}) => {
	// The sample courses belong to CAREC, the demo author's organisation.
	const path = '/teach/water-saving-irrigation';
	await visit(page, path);
	await expect(page).toHaveURL(`/signin?next=${encodeURIComponent(path)}`);

	await signIn(page, DEMO.learner, DEMO_PASSWORD);
	await expect(header(page).getByRole('link', { name: 'Teach' })).toHaveCount(0);
	for (const denied of ['/teach', path, `${path}/outline`, `${path}/files`, `${path}/lessons/drip-irrigation`]) {
		const response = await page.goto(denied);
		expect(response?.status(), denied).toBe(403);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Access denied');
	}
	await expectNoA11yViolations(page);
	expect((await page.request.get(`${path}/export`)).status()).toBe(403);

	const author = await newPage(browser);
	await signInAsAuthor(author);
	const response = await visit(author, path);
	expect(response?.status()).toBe(200);
	await expect(author.getByRole('heading', { level: 1 })).toHaveText('Water-saving irrigation for farmers in Central Asia');
	await author.context().close();
});
