import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect';
import type { DB } from './schema';

export type Database = Kysely<DB>;

export interface DatabaseConfig {
	/** postgres://... ; when absent, embedded PGlite in `dataDir`. */
	url?: string;
	/** Folder of the embedded database; 'memory://' keeps it in memory. */
	dataDir?: string;
	/** A PGlite snapshot (from dumpDataDir) to start from, for fast test databases. */
	snapshot?: Blob;
	poolSize?: number;
}

// Both drivers give the same JavaScript types: bigint counts and numerics as numbers.
const INT8 = 20;
const NUMERIC = 1700;
/** `date` columns stay 'YYYY-MM-DD' strings: a calendar date has no time zone to shift it. */
const DATE = 1082;
pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(NUMERIC, (v) => Number(v));
pg.types.setTypeParser(DATE, (v) => v);

/**
 * Creates the Kysely instance. Nothing connects until the first query, so importing the
 * app's database module (as `vite build` does while analysing routes) opens nothing.
 * `db.destroy()` closes the pool or the embedded database.
 */
export function createDatabase(config: DatabaseConfig): Database {
	const plugins = [new CamelCasePlugin()];
	if (config.url) {
		const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize ?? 10 });
		return new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins });
	}
	const dataDir = config.dataDir ?? './data';
	return kyselyOnPGlite(() => openPGlite(dataDir, config.snapshot));
}

export async function openPGlite(dataDir: string, snapshot?: Blob): Promise<PGlite> {
	const { PGlite } = await import('@electric-sql/pglite');
	if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
	return PGlite.create({
		dataDir,
		loadDataDir: snapshot,
		parsers: { [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => Number(v), [DATE]: (v: string) => v }
	});
}

export function kyselyOnPGlite(open: () => Promise<PGlite>): Database {
	return new Kysely<DB>({ dialect: new PGliteDialect({ open }), plugins: [new CamelCasePlugin()] });
}

export function databaseKind(config: DatabaseConfig): 'postgres' | 'pglite' {
	return config.url ? 'postgres' : 'pglite';
}

/** Reads the database settings from the environment (DATABASE_URL, DATA_DIR, DATABASE_POOL_SIZE). */
export function configFromEnv(env: Record<string, string | undefined> = process.env): DatabaseConfig {
	const poolSize = env.DATABASE_POOL_SIZE ? Number(env.DATABASE_POOL_SIZE) : undefined;
	if (poolSize !== undefined && (!Number.isInteger(poolSize) || poolSize < 1)) {
		throw new Error(
			`DATABASE_POOL_SIZE must be a whole number of at least 1, not "${env.DATABASE_POOL_SIZE}"`
		);
	}
	return { url: env.DATABASE_URL || undefined, dataDir: env.DATA_DIR || './data', poolSize };
}
