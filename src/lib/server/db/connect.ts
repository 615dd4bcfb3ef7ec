import { CamelCasePlugin, Kysely, PostgresDialect, type Compilable } from 'kysely';
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
 * Hot, fixed-shape statements (the benchmarked pages' big ones) can run as named prepared
 * statements, planned once per pooled connection instead of on every request: planning such
 * a statement costs PostgreSQL several times what running it does. Opt-in, per statement text
 * (see runPrepared), and bounded, so a statement whose text varies never fills a connection.
 * PGlite plans every statement as before.
 */
const preparedNames = new Map<string, string>();
const MAX_PREPARED = 200;

class PreparingClient extends pg.Client {
	// @ts-expect-error pg's overloads; kysely calls query(text, values) and awaits the promise.
	override query(config: unknown, values?: unknown, callback?: unknown) {
		const name = typeof config === 'string' && !callback ? preparedNames.get(config) : undefined;
		// @ts-expect-error as above
		return name ? super.query({ name, text: config, values }) : super.query(config, values, callback);
	}
}

/** Runs the query as a named prepared statement on PostgreSQL (see PreparingClient); its rows. */
export async function runPrepared<R>(db: Kysely<DB>, query: Compilable<R>): Promise<R[]> {
	const compiled = query.compile();
	if (!preparedNames.has(compiled.sql) && preparedNames.size < MAX_PREPARED) {
		preparedNames.set(compiled.sql, `bilim_${preparedNames.size + 1}`);
	}
	return (await db.executeQuery(compiled)).rows;
}

/**
 * Creates the Kysely instance. Nothing connects until the first query, so importing the
 * app's database module (as `vite build` does while analysing routes) opens nothing.
 * `db.destroy()` closes the pool or the embedded database.
 */
export function createDatabase(config: DatabaseConfig): Database {
	const plugins = [new CamelCasePlugin()];
	if (config.url) {
		// JIT off: the directory's visibility conditions make the planner expect huge row counts,
		// and JIT compilation then costs 60 ms to over a second per query that itself takes ~20 ms.
		const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize ?? 10, options: '-c jit=off', Client: PreparingClient as unknown as typeof pg.Client });
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
