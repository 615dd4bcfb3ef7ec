// Builds what the bench serves, in a temporary directory so that it never touches the
// working tree's build/ or .svelte-kit/ (a running `npm start`, an e2e run or another build
// may be using them). Both builds use the repository's node_modules through a symlink, so
// nothing is downloaded and the versions are the app's.
import { cpSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchError, runNodeScript } from './processes';

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** Top-level entries of the repository the app's build does not need (or must not see). */
const NOT_COPIED = new Set([
	'.git',
	'node_modules',
	'build',
	'.svelte-kit',
	'data',
	'tests',
	'test-results',
	'playwright-report',
	'bench-results.json'
]);

/**
 * Copies the working tree (uncommitted changes included) and runs `vite build` on the copy.
 * Returns the directory to start the app from (`node build`).
 */
export async function buildApp(repoRoot: string, workDir: string, viteBin: string, timeoutMs: number) {
	const dir = join(workDir, 'app');
	cpSync(repoRoot, dir, {
		recursive: true,
		filter: (source) => {
			const top = relative(repoRoot, source).split(sep)[0] ?? '';
			return !NOT_COPIED.has(top);
		}
	});
	symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
	await runNodeScript('app build (vite build)', [viteBin, 'build'], { cwd: dir, timeoutMs });
	if (!existsSync(join(dir, 'build/index.js'))) throw new BenchError('the app build produced no build/index.js');
	return dir;
}

/**
 * The minimal SvelteKit app (the stack's ceiling): the files in ./minimal-app plus a copy of
 * the app's own database module (src/lib/server/db) as $lib/server/db, so the primary-key
 * query goes through the same drivers, pool size and Kysely plugins as the app's.
 * Returns the directory to start it from.
 */
export async function buildMinimalApp(repoRoot: string, workDir: string, viteBin: string, timeoutMs: number) {
	const dir = join(workDir, 'minimal-app');
	// Sources only: not what a tool may have generated next to them.
	const skip = new Set(['.svelte-kit', 'build', 'node_modules', '.gitignore']);
	cpSync(join(HERE, 'minimal-app'), dir, { recursive: true, filter: (source) => !skip.has(basename(source)) });
	const dbModule = join(repoRoot, 'src/lib/server/db');
	if (!existsSync(join(dbModule, 'index.ts'))) {
		throw new BenchError(`the app's database module is missing (${dbModule}/index.ts)`);
	}
	cpSync(dbModule, join(dir, 'src/lib/server/db'), { recursive: true });

	// The app's runtime dependencies stay external to the server bundle (adapter-node bundles
	// only what package.json does not list), exactly as in the app's own build: PGlite in
	// particular must load its .wasm files from node_modules.
	const appPackage = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
		dependencies?: Record<string, string>;
	};
	const manifest = {
		name: 'bilim-bench-minimal',
		private: true,
		type: 'module',
		dependencies: appPackage.dependencies ?? {}
	};
	writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, '\t')}\n`);
	symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');

	await runNodeScript('minimal app build (vite build)', [viteBin, 'build'], { cwd: dir, timeoutMs });
	return dir;
}
