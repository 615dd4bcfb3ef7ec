import type { Browser, Page } from '@playwright/test';
import {
	test,
	expect,
	visit,
	detail,
	expectNoA11yViolations,
	expectSignedOut,
	header,
	newUser,
	signIn,
	signUp,
	submitSignIn,
	DEMO,
	DEMO_PASSWORD
} from './fixtures';

const ADMIN_PAGES = ['/admin', '/admin/users', '/admin/organisations', '/admin/mail'];

/** A second browser (its own cookies), signed in as the demo administrator. */
async function adminPage(browser: Browser): Promise<Page> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, DEMO.admin, DEMO_PASSWORD);
	return page;
}

/** Searches the user list for one address and returns that user's table row. */
async function findUser(admin: Page, email: string) {
	await visit(admin, '/admin/users');
	await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Users');
	await admin.getByLabel('Search', { exact: true }).fill(email);
	await admin.getByRole('button', { name: 'Search', exact: true }).click();
	await expect(admin).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(email).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
	const row = admin.getByRole('row').filter({ hasText: email });
	await expect(row).toHaveCount(1);
	await expectNoA11yViolations(admin);
	return row;
}

test('a visitor who is not signed in is sent to sign in, and comes back after', async ({ page }) => {
	for (const path of ADMIN_PAGES) {
		await visit(page, path);
		await expect(page).toHaveURL(`/signin?next=${encodeURIComponent(path)}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
	}
	await page.getByLabel('Email', { exact: true }).fill(DEMO.admin);
	await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(page).toHaveURL('/admin/mail');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mail outbox');
});

test('a learner is refused administration with "Access denied"', async ({ page }) => {
	await signIn(page, DEMO.learner, DEMO_PASSWORD);
	await expect(header(page).getByRole('link', { name: 'Administration' })).toHaveCount(0);
	for (const path of ADMIN_PAGES) {
		const response = await visit(page, path);
		expect(response?.status(), path).toBe(403);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Access denied');
		await expect(page.getByText('Your account does not have permission to see this page.')).toBeVisible();
	}
});

test('an administrator reaches every administration page from the header', async ({ page }) => {
	await signIn(page, DEMO.admin, DEMO_PASSWORD);
	await header(page).getByRole('link', { name: 'Administration' }).click();
	await expect(page).toHaveURL('/admin');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Administration');
	await expectNoA11yViolations(page);
	const adminNav = page.getByRole('navigation', { name: 'Administration' });
	for (const [name, heading, path] of [
		['Users', 'Users', '/admin/users'],
		['Organisations', 'Organisations', '/admin/organisations'],
		['Mail outbox', 'Mail outbox', '/admin/mail'],
		['Overview', 'Administration', '/admin']
	] as const) {
		await adminNav.getByRole('link', { name, exact: true }).click();
		await expect(page).toHaveURL(path);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
		await expect(adminNav.getByRole('link', { name, exact: true })).toHaveAttribute('aria-current', 'page');
		await expectNoA11yViolations(page);
	}
});

test('an administrator makes a new user an author', async ({ page, browser }) => {
	const user = await signUp(page, newUser('role'));
	await expect(detail(page, 'Role')).toHaveText('Learner');

	const admin = await adminPage(browser);
	const row = await findUser(admin, user.email);
	const role = admin.getByLabel(`Role for ${user.email}`, { exact: true });
	await expect(role).toHaveValue('learner');
	await role.selectOption({ label: 'Author' });
	await row.getByRole('button', { name: 'Change role', exact: true }).click();
	await expect(admin.getByRole('status')).toHaveText(`The role of ${user.email} has been changed.`);
	await expectNoA11yViolations(admin);

	await findUser(admin, user.email);
	await expect(admin.getByLabel(`Role for ${user.email}`, { exact: true })).toHaveValue('author');
	await admin.context().close();

	await visit(page, '/profile');
	await expect(detail(page, 'Role')).toHaveText('Author');
});

test('a deactivated user is signed out at once and cannot sign in until reactivated', async ({ page, browser }) => {
	const user = await signUp(page, newUser('deactivate'));

	const admin = await adminPage(browser);
	await findUser(admin, user.email);
	await admin.getByRole('button', { name: `Deactivate ${user.email}`, exact: true }).click();
	await expect(admin.getByRole('status')).toHaveText(
		`${user.email} has been deactivated and signed out everywhere.`
	);
	await expectNoA11yViolations(admin);

	// The session the user already had no longer works.
	await page.reload();
	await expect(page).toHaveURL(/\/signin\?next=%2Fprofile/);
	await expectSignedOut(page);
	await expectNoA11yViolations(page);

	await submitSignIn(page, user.email, user.password);
	await expect(page.getByRole('alert')).toContainText('This account has been deactivated.');
	await expectSignedOut(page);
	await expectNoA11yViolations(page);

	await findUser(admin, user.email);
	await admin.getByRole('button', { name: `Reactivate ${user.email}`, exact: true }).click();
	await expect(admin.getByRole('status')).toHaveText(`${user.email} can sign in again.`);
	await expect(admin.getByRole('button', { name: `Deactivate ${user.email}`, exact: true })).toBeVisible();
	await admin.context().close();

	await signIn(page, user.email, user.password);
});

test('an administrator cannot demote or deactivate themselves', async ({ page }) => {
	await signIn(page, DEMO.admin, DEMO_PASSWORD);
	await findUser(page, DEMO.admin);
	await expect(page.getByLabel(`Role for ${DEMO.admin}`, { exact: true })).toHaveCount(0);
	await expect(page.getByRole('button', { name: `Deactivate ${DEMO.admin}`, exact: true })).toHaveCount(0);
});
