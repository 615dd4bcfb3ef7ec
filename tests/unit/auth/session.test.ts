import { describe, expect, it } from 'vitest';
import { generateToken, hashToken } from '../../../src/lib/server/auth/session';
import { safeRedirectPath } from '../../../src/lib/server/http';

describe('session tokens', () => {
	it('are random, 160 bits, in lower-case base32', () => {
		const a = generateToken();
		const b = generateToken();
		expect(a).toMatch(/^[a-z2-7]{32}$/);
		expect(a).not.toBe(b);
	});

	it('are stored only as their SHA-256', () => {
		const token = generateToken();
		expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
		expect(hashToken(token)).not.toContain(token);
	});
});

describe('redirects after sign-in', () => {
	it('stay on this site', () => {
		expect(safeRedirectPath('/profile')).toBe('/profile');
		expect(safeRedirectPath('https://evil.example')).toBe('/');
		expect(safeRedirectPath('//evil.example')).toBe('/');
		expect(safeRedirectPath('/\\evil.example')).toBe('/');
		expect(safeRedirectPath(null, '/x')).toBe('/x');
	});
});
