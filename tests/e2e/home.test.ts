import { test, expect, visit, header } from './fixtures';

test('the home page has one main heading, the main navigation and the language switch', async ({ page }) => {
	const response = await visit(page, '/');
	expect(response?.status()).toBe(200);
	await expect(page).toHaveTitle(/Bilim/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText("Learning for Central Asia's environmental leaders");

	const nav = page.getByRole('navigation', { name: 'Main' });
	await expect(nav.getByRole('link', { name: 'Home', exact: true })).toHaveAttribute('aria-current', 'page');
	await expect(nav.getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
	await expect(nav.getByRole('link', { name: 'Sign up', exact: true })).toBeVisible();

	const languages = page.getByRole('group', { name: 'Language' });
	await expect(languages.getByRole('button', { name: 'English', exact: true })).toHaveAttribute('aria-pressed', 'true');
	await expect(languages.getByRole('button', { name: 'Русский', exact: true })).toHaveAttribute('aria-pressed', 'false');

	await expect(page.getByRole('link', { name: 'Create an account' })).toHaveAttribute('href', '/signup');
	await expect(page.getByRole('contentinfo')).toContainText('open-source learning platform');
});

test('the skip link leads to the main content', async ({ page }) => {
	await visit(page, '/');
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: 'Skip to content' });
	await expect(skip).toBeFocused();
	await skip.press('Enter');
	await expect(page.getByRole('main')).toBeFocused();
});

test('an unknown address shows the "Page not found" page with a way home', async ({ page }) => {
	const response = await visit(page, '/no-such-page');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
	await page.getByRole('link', { name: 'Go to the home page' }).click();
	await expect(page).toHaveURL('/');
	await expect(header(page).getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
});
