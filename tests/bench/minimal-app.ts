// Generates the minimal SvelteKit app (the stack's ceiling) in a temporary directory and
// builds it: the files in ./minimal-app, a copy of the app's own database module
// (src/lib/server/db) as $lib/server/db, and the repository's node_modules by symlink, so
// the same versions of SvelteKit, Svelte, Vite, Kysely and the drivers are used and nothing
// is downloaded.
import { cpSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchError, runNodeScript } from './processes';

const HERE = fileURLToPath(new URL('.', import.meta.url));

export async function buildMinimalApp(repoRoot: string, workDir: string, viteBin: string, timeoutMs: number) {
	const dir = join(workDir, 'minimal-app');
	cpSync(join(HERE, 'minimal-app'), dir, { recursive: true });
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
