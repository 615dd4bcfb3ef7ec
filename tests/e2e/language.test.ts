import {
	test,
	expect,
	visit,
	expectNoA11yViolations,
	header,
	newUser,
	signIn,
	signOut,
	signUp
} from './fixtures';

for (const javaScriptEnabled of [true, false]) {
	test(`switching to Russian and back${javaScriptEnabled ? '' : ' (JavaScript off)'}`, async ({ browser }) => {
		const context = await browser.newContext({ javaScriptEnabled });
		const page = await context.newPage();
		const html = page.locator('html');

		await visit(page, '/');
		await expect(html).toHaveAttribute('lang', 'en');
		await page.getByRole('button', { name: 'Русский', exact: true }).click();

		await expect(html).toHaveAttribute('lang', 'ru');
		await expect(page).toHaveURL('/');
		await expect(header(page).getByRole('link', { name: 'Войти', exact: true })).toBeVisible();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Обучение для экологических лидеров Центральной Азии');
		await expect(page.getByRole('navigation', { name: 'Основное меню' })).toBeVisible();
		await expect(page.getByRole('button', { name: 'Русский', exact: true })).toHaveAttribute('aria-pressed', 'true');
		await expectNoA11yViolations(page);

		// The choice stays while browsing.
		await header(page).getByRole('link', { name: 'Войти', exact: true }).click();
		await expect(page).toHaveURL(/\/signin$/);
		await expect(html).toHaveAttribute('lang', 'ru');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Вход');
		await expectNoA11yViolations(page);

		await visit(page, '/signup');
		await expect(html).toHaveAttribute('lang', 'ru');
		await expect(page.getByLabel('Полное имя', { exact: true })).toBeVisible();
		const country = page.getByLabel('Страна', { exact: true });
		await expect(country.locator('optgroup').first()).toHaveAttribute('label', 'Центральная Азия');
		await expect(country.locator('optgroup').first().locator('option').first()).toHaveText('Казахстан');

		// And back, staying on the same page.
		await page.getByRole('button', { name: 'English', exact: true }).click();
		await expect(html).toHaveAttribute('lang', 'en');
		await expect(page).toHaveURL(/\/signup$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create your account');
		await expect(header(page).getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
		await expectNoA11yViolations(page);
		await context.close();
	});
}

test('a signed-in reader’s language follows them to another device', async ({ page, browser }) => {
	const user = await signUp(page, newUser('lang'));
	await page.getByRole('button', { name: 'Русский', exact: true }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ваш профиль');
	await expect(page.getByLabel('Предпочитаемый язык', { exact: true })).toHaveValue('ru');
	await expectNoA11yViolations(page);

	// A fresh browser with no language cookie shows the profile's language after sign-in.
	const other = await browser.newContext();
	const otherPage = await other.newPage();
	await visit(otherPage, '/signin');
	await expect(otherPage.locator('html')).toHaveAttribute('lang', 'en');
	await otherPage.getByLabel('Email', { exact: true }).fill(user.email);
	await otherPage.getByLabel('Password', { exact: true }).fill(user.password);
	await otherPage.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(otherPage).toHaveURL(/\/profile$/);
	await expect(otherPage.locator('html')).toHaveAttribute('lang', 'ru');
	await expect(header(otherPage).getByRole('button', { name: 'Выйти', exact: true })).toBeVisible();
	await expectNoA11yViolations(otherPage);
	await other.close();

	await page.getByRole('button', { name: 'English', exact: true }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await signOut(page);
	await signIn(page, user.email, user.password);
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('a browser asking for Russian (or a Central Asian language) gets Russian', async ({ browser }) => {
	const context = await browser.newContext({ locale: 'ky-KG' });
	const page = await context.newPage();
	await visit(page, '/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
	await expect(header(page).getByRole('link', { name: 'Войти', exact: true })).toBeVisible();
	await context.close();
});
