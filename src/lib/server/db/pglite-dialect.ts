import type { PGlite } from '@electric-sql/pglite';
import {
	CompiledQuery,
	PostgresAdapter,
	PostgresIntrospector,
	PostgresQueryCompiler,
	type DatabaseConnection,
	type Dialect,
	type Driver,
	type Kysely,
	type QueryResult,
	type TransactionSettings
} from 'kysely';

/**
 * A Kysely dialect for embedded PGlite.
 *
 * PGlite is a single PostgreSQL session. Kysely assumes a pool: it acquires a connection,
 * runs BEGIN ... COMMIT on it and releases it. If two transactions interleave on the one
 * session, their statements mix and updates are lost (the published `kysely-pglite` has
 * exactly this bug). So the driver hands out the session to one holder at a time: every
 * acquire waits for the previous holder's release, in arrival order.
 */
export interface PGliteDialectConfig {
	/** Opens the database; called once, on the first query (so importing opens nothing). */
	open: () => Promise<PGlite>;
}

export class PGliteDialect implements Dialect {
	constructor(private readonly config: PGliteDialectConfig) {}

	createAdapter() {
		return new PostgresAdapter();
	}
	createDriver(): Driver {
		return new PGliteDriver(this.config.open);
	}
	createIntrospector(db: Kysely<unknown>) {
		return new PostgresIntrospector(db);
	}
	createQueryCompiler() {
		return new PostgresQueryCompiler();
	}
}

class PGliteDriver implements Driver {
	/** Resolves when the current holder releases the session. */
	#tail: Promise<void> = Promise.resolve();
	#releases = new WeakMap<DatabaseConnection, () => void>();
	/** Holders and waiters of the session. */
	#holders = 0;
	#pglite: PGlite | undefined;
	#connection: PGliteConnection | undefined;

	constructor(private readonly open: () => Promise<PGlite>) {}

	async init() {
		this.#pglite = await this.open();
		this.#connection = new PGliteConnection(this.#pglite);
	}

	async acquireConnection(): Promise<DatabaseConnection> {
		const previous = this.#tail;
		const contended = this.#holders > 0;
		this.#holders++;
		let release!: () => void;
		this.#tail = new Promise<void>((resolve) => (release = resolve));
		await previous;
		// Under contention, let the event loop breathe between holders: queued queries would
		// otherwise run back to back and starve HTTP handling (seconds of p99 under load).
		if (contended) await new Promise((resolve) => setImmediate(resolve));
		if (!this.#connection) throw new Error('PGlite is not open');
		// One connection object is shared; the lock makes its use exclusive.
		this.#releases.set(this.#connection, release);
		return this.#connection;
	}

	async releaseConnection(connection: DatabaseConnection) {
		const release = this.#releases.get(connection);
		this.#releases.delete(connection);
		this.#holders--;
		release?.();
	}

	async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
		if (settings.isolationLevel || settings.accessMode) {
			const parts = [settings.isolationLevel && `isolation level ${settings.isolationLevel}`, settings.accessMode]
				.filter(Boolean)
				.join(' ');
			await connection.executeQuery(CompiledQuery.raw(`start transaction ${parts}`));
		} else {
			await connection.executeQuery(CompiledQuery.raw('begin'));
		}
	}
	async commitTransaction(connection: DatabaseConnection) {
		await connection.executeQuery(CompiledQuery.raw('commit'));
	}
	async rollbackTransaction(connection: DatabaseConnection) {
		await connection.executeQuery(CompiledQuery.raw('rollback'));
	}
	async savepoint(connection: DatabaseConnection, name: string) {
		await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdent(name)}`));
	}
	async rollbackToSavepoint(connection: DatabaseConnection, name: string) {
		await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteIdent(name)}`));
	}
	async releaseSavepoint(connection: DatabaseConnection, name: string) {
		await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteIdent(name)}`));
	}
	async destroy() {
		// Wait for the last holder, then close: a process with PGlite open does not exit.
		await this.#tail;
		await this.#pglite?.close();
		this.#pglite = undefined;
		this.#connection = undefined;
	}
}

class PGliteConnection implements DatabaseConnection {
	constructor(private readonly pglite: PGlite) {}

	async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
		const result = await this.pglite.query<R>(compiledQuery.sql, [...compiledQuery.parameters], {
			rowMode: 'object'
		});
		const affected = result.affectedRows;
		const isWrite = /^\s*(insert|update|delete|merge)\b/i.test(compiledQuery.sql) || /^\s*with\b/i.test(compiledQuery.sql);
		return {
			rows: result.rows,
			...(isWrite && affected !== undefined ? { numAffectedRows: BigInt(affected) } : {})
		};
	}

	// eslint-disable-next-line require-yield
	async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
		throw new Error('Streaming is not supported on embedded PGlite');
	}
}

function quoteIdent(name: string) {
	return `"${name.replaceAll('"', '""')}"`;
}
