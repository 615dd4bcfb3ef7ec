import { test, expect, visit, expectSignedOut, BASE } from './fixtures';

test('pages carry the security headers', async ({ page }) => {
	const response = await visit(page, '/signin');
	expect(response).not.toBeNull();
	const headers = response!.headers();
	expect(headers['content-security-policy']).toBeTruthy();
	expect(headers['content-security-policy']).toContain("default-src 'self'");
	expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
	expect(headers['x-content-type-options']).toBe('nosniff');
	expect(headers['x-frame-options']).toBe('DENY');
	expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
});

test('GET /healthz answers 200 with status ok', async ({ request }) => {
	const response = await request.get('/healthz');
	expect(response.status()).toBe(200);
	expect(await response.json()).toMatchObject({ status: 'ok' });
	expect(response.headers()['cache-control']).toBe('no-store');
});

for (const [kind, value] of [
	['garbage', 'garbage'],
	['well-formed but unknown', 'abcdefghijklmnopqrstuvwxyz234567']
] as const) {
	test(`a forged session cookie (${kind}) counts as signed out, not as an error`, async ({ page, context }) => {
		await context.addCookies([{ name: 'bilim_session', value, url: BASE }]);

		const home = await visit(page, '/');
		expect(home?.status()).toBe(200);
		await expectSignedOut(page);

		const profile = await visit(page, '/profile');
		expect(profile?.status()).toBe(200);
		await expect(page).toHaveURL(/\/signin\?next=%2Fprofile$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
		// The server drops the cookie it could not use.
		const cookies = await context.cookies();
		expect(cookies.find((c) => c.name === 'bilim_session')).toBeUndefined();
	});
}
