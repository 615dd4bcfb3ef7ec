import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../migrations/index';

describe('migrations', () => {
	const dir = join(import.meta.dirname, '../../../migrations');
	const files = readdirSync(dir)
		.filter((f) => f !== 'index.ts' && f.endsWith('.ts'))
		.map((f) => f.replace(/\.ts$/, ''))
		.sort();

	it('lists every migration file, in order', () => {
		expect(Object.keys(migrations)).toEqual(files);
	});

	it('are date-prefixed and have up and down', () => {
		for (const name of files) {
			expect(name).toMatch(/^\d{8}_\d{2}_[a-z0-9_]+$/);
			expect(typeof migrations[name]?.up).toBe('function');
			expect(typeof migrations[name]?.down).toBe('function');
		}
	});
});
