/**
 * The operators' command line: `npm run cli -- <command> [options]` (see docs/cli.md).
 * Run by tsx, so imports are relative (no $lib). This file only wires the real database
 * and console to `run` and turns its answer into the exit code.
 */
import { configFromEnv, createDatabase, type Database, type DatabaseConfig } from '../db/connect';
import { run } from './commands';

async function main(argv: string[]): Promise<number> {
	let db: Database | undefined;
	const database = () => {
		if (!db) {
			const config = configFromEnv();
			// On stderr, so stdout carries only the command's own answer.
			console.error(`Using ${describe(config)}.`);
			db = createDatabase(config);
		}
		return db;
	};
	try {
		return await run(argv, { database, out: (line) => console.log(line), err: (line) => console.error(line) });
	} finally {
		// An open PGlite or pg pool keeps the process alive.
		await db?.destroy();
	}
}

/** Where the data lives, without the password a DATABASE_URL may hold. */
function describe(config: DatabaseConfig): string {
	if (!config.url) return `the embedded database in ${config.dataDir}`;
	try {
		const url = new URL(config.url);
		return `PostgreSQL at ${url.host}${url.pathname}`;
	} catch {
		return 'PostgreSQL (DATABASE_URL)';
	}
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(e: unknown) => {
		console.error(`Error: ${e instanceof Error ? e.message : String(e)}`);
		process.exit(1);
	}
);
