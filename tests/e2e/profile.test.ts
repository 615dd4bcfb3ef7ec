import type { Page } from '@playwright/test';
import {
	test,
	expect,
	visit,
	detail,
	expectNoA11yViolations,
	expectSignedOut,
	newUser,
	signIn,
	signOut,
	signUp,
	submitSignIn
} from './fixtures';

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

test('the profile shows the account and needs a signed-in reader', async ({ page }) => {
	await visit(page, '/profile');
	await expect(page).toHaveURL(/\/signin\?next=%2Fprofile$/);

	const user = await signUp(page, newUser('profile-view'));
	await visit(page, '/profile');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your profile');
	await expect(detail(page, 'Email')).toHaveText(user.email);
	await expect(detail(page, 'Role')).toHaveText('Learner');
	await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' })).toHaveAttribute(
		'aria-current',
		'page'
	);
	// Learners have no way into administration.
	await expect(page.getByRole('link', { name: 'Administration' })).toHaveCount(0);
});

test('a new name and language are saved and kept', async ({ page }) => {
	const user = await signUp(page, newUser('profile-edit'));
	await visit(page, '/profile');

	// An empty name is refused beside the field.
	await field(page, 'Full name').fill('');
	await page.getByRole('button', { name: 'Save profile' }).click();
	await expect(field(page, 'Full name')).toHaveAccessibleDescription('Fill in this field.');
	await expectNoA11yViolations(page);

	const newName = `${user.name} Renamed`;
	await field(page, 'Full name').fill(newName);
	await field(page, 'Country').selectOption({ label: 'Afghanistan' });
	await field(page, 'Preferred language').selectOption({ label: 'Русский' });
	await page.getByRole('button', { name: 'Save profile' }).click();

	await expect(page).toHaveURL(/\/profile\?notice=saved$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
	await expect(page.getByRole('status')).toHaveText('Профиль сохранён.');
	await expectNoA11yViolations(page);

	await visit(page, '/profile');
	await expect(field(page, 'Полное имя')).toHaveValue(newName);
	await expect(field(page, 'Страна')).toHaveValue('AF');
	await expect(field(page, 'Предпочитаемый язык')).toHaveValue('ru');
	await visit(page, '/');
	await expect(page.getByText(`С возвращением, ${newName}.`)).toBeVisible();

	// Back to English.
	await visit(page, '/profile');
	await field(page, 'Предпочитаемый язык').selectOption({ label: 'English' });
	await page.getByRole('button', { name: 'Сохранить профиль' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('status')).toHaveText('Your profile has been saved.');
});

test('changing the password signs out other devices and the old password stops working', async ({ page, browser }) => {
	const user = await signUp(page, newUser('password'));
	const otherContext = await browser.newContext();
	const other = await otherContext.newPage();
	await signIn(other, user.email, user.password);

	await visit(page, '/profile');
	const newPassword = 'another long passphrase';

	await field(page, 'Current password').fill('not my password at all');
	await field(page, 'New password').fill(newPassword);
	await field(page, 'Repeat the new password').fill(newPassword);
	await page.getByRole('button', { name: 'Change password', exact: true }).click();
	await expect(field(page, 'Current password')).toHaveAccessibleDescription('Your current password is not right.');
	await expectNoA11yViolations(page);

	await field(page, 'Current password').fill(user.password);
	await field(page, 'New password').fill(newPassword);
	await field(page, 'Repeat the new password').fill(newPassword);
	await page.getByRole('button', { name: 'Change password', exact: true }).click();
	await expect(page).toHaveURL(/\/profile\?notice=password$/);
	await expect(page.getByRole('status')).toHaveText(
		'Your password has been changed and your other devices have been signed out.'
	);
	await expectNoA11yViolations(page);

	// This device stays signed in; the other one is out.
	await visit(page, '/profile');
	await expect(page).toHaveURL(/\/profile$/);
	await visit(other, '/profile');
	await expect(other).toHaveURL(/\/signin\?next=%2Fprofile$/);
	await otherContext.close();

	await signOut(page);
	await submitSignIn(page, user.email, user.password);
	await expect(page.getByRole('alert')).toContainText('The email or the password is wrong');
	await signIn(page, user.email, newPassword);
});

test('“Sign out of all devices” ends every session, this one included', async ({ page, browser }) => {
	const user = await signUp(page, newUser('everywhere'));
	const otherContext = await browser.newContext();
	const other = await otherContext.newPage();
	await signIn(other, user.email, user.password);

	await visit(page, '/profile');
	await page.getByRole('button', { name: 'Sign out of all devices' }).click();
	await expect(page).toHaveURL(/\/signin$/);
	await expectSignedOut(page);

	await visit(other, '/profile');
	await expect(other).toHaveURL(/\/signin\?next=%2Fprofile$/);
	await otherContext.close();
});
