import { test, expect, visit } from './fixtures';

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

for (const path of ['/signin', '/signup', '/', '/forgot-password']) {
	test(`${path} fits a 360 px wide phone without sideways scrolling`, async ({ page }) => {
		await visit(page, path);
		const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
		expect(width).toBeLessThanOrEqual(360);
	});
}
