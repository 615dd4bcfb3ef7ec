// Child processes and temporary directories for the bench: started here, always cleaned up
// (on success, on error, on Ctrl-C), and every wait bounded in time.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export class BenchError extends Error {}

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let handlersInstalled = false;

/** Kills what is still running and removes the temporary directories; safe to call twice. */
export function cleanupSync() {
	for (const child of children) {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	}
	children.clear();
	for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
	tempDirs.clear();
}

export function installCleanupHandlers() {
	if (handlersInstalled) return;
	handlersInstalled = true;
	process.on('exit', cleanupSync);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			console.error(`\nbench: ${signal} received, stopping child processes and removing temporary files`);
			cleanupSync();
			process.exit(130);
		});
	}
}

export function makeTempDir(prefix: string) {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	tempDirs.add(dir);
	return dir;
}

/** A port free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
		});
	});
}

/** The last lines a process wrote, for error messages. */
export class OutputTail {
	#lines: string[] = [];
	#partial = '';
	constructor(private readonly max = 60) {}

	push(chunk: Buffer | string) {
		const text = this.#partial + chunk.toString();
		const lines = text.split('\n');
		this.#partial = lines.pop() ?? '';
		this.#lines.push(...lines);
		if (this.#lines.length > this.max) this.#lines.splice(0, this.#lines.length - this.max);
	}

	text(last = this.max) {
		const lines = [...this.#lines, ...(this.#partial ? [this.#partial] : [])];
		return lines.slice(-last).join('\n');
	}
}

interface SpawnOptions {
	cwd: string;
	env?: NodeJS.ProcessEnv;
}

interface Spawned {
	child: ChildProcess;
	stdout: OutputTail;
	stderr: OutputTail;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnTracked(name: string, args: string[], options: SpawnOptions): Spawned {
	const child = spawn(process.execPath, args, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	children.add(child);
	const stdout = new OutputTail();
	const stderr = new OutputTail();
	// Always drained: a full pipe would block the child.
	child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
	child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
		child.once('error', (error) => {
			stderr.push(`\n${name}: could not start: ${error.message}\n`);
			children.delete(child);
			resolve({ code: -1, signal: null });
		});
		child.once('exit', (code, signal) => {
			children.delete(child);
			resolve({ code, signal });
		});
	});
	return { child, stdout, stderr, exited };
}

function describeOutput(name: string, spawned: Spawned, lines = 30) {
	const err = spawned.stderr.text(lines).trim();
	const out = spawned.stdout.text(lines).trim();
	const parts = [];
	if (err) parts.push(`--- ${name} stderr (last lines) ---\n${err}`);
	if (out) parts.push(`--- ${name} stdout (last lines) ---\n${out}`);
	return parts.length ? `\n${parts.join('\n')}` : `\n(${name} wrote nothing)`;
}

/** Runs a Node script to completion (a build); throws with its output's tail if it fails or overruns. */
export async function runNodeScript(name: string, args: string[], options: SpawnOptions & { timeoutMs: number }) {
	const spawned = spawnTracked(name, args, options);
	const timer = sleep(options.timeoutMs, 'timeout' as const, { ref: false });
	const outcome = await Promise.race([spawned.exited, timer]);
	if (outcome === 'timeout') {
		spawned.child.kill('SIGKILL');
		await spawned.exited;
		throw new BenchError(`${name} did not finish within ${options.timeoutMs / 1000} s${describeOutput(name, spawned)}`);
	}
	if (outcome.code !== 0) {
		throw new BenchError(
			`${name} failed (exit ${outcome.code ?? outcome.signal})${describeOutput(name, spawned, 40)}`
		);
	}
}

export interface Server {
	name: string;
	/** http://127.0.0.1:PORT, no trailing slash. */
	base: string;
	spawned: Spawned;
}

/**
 * Starts a Node HTTP server and waits until it answers: GET /healthz with 200, or (when the
 * server has no /healthz, i.e. it answers 404) GET / with anything below 500.
 */
export async function startServer(
	name: string,
	args: string[],
	options: SpawnOptions & { port: number; timeoutMs: number }
): Promise<Server> {
	const spawned = spawnTracked(name, args, options);
	const base = `http://127.0.0.1:${options.port}`;
	const server: Server = { name, base, spawned };
	const deadline = Date.now() + options.timeoutMs;
	let path = '/healthz';
	let last = 'no answer yet';
	let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
	void spawned.exited.then((e) => (exited = e));

	while (Date.now() < deadline) {
		if (exited) {
			throw new BenchError(
				`${name} exited before it was ready (exit ${exited.code ?? exited.signal})${describeOutput(name, spawned)}`
			);
		}
		try {
			const remaining = Math.max(500, Math.min(5000, deadline - Date.now()));
			const response = await fetch(base + path, { redirect: 'manual', signal: AbortSignal.timeout(remaining) });
			await response.arrayBuffer();
			if (path === '/healthz' && response.status === 404) {
				path = '/';
				continue;
			}
			if (path === '/healthz' ? response.status === 200 : response.status < 500) return server;
			last = `GET ${path} answered ${response.status}`;
		} catch (error) {
			last = `GET ${path}: ${errorMessage(error)}`;
		}
		await sleep(200);
	}
	await stopServer(server, 5000);
	throw new BenchError(
		`${name} was not ready within ${options.timeoutMs / 1000} s (${last})${describeOutput(name, spawned)}`
	);
}

/** SIGTERM, then SIGKILL if the server has not exited within the grace period. */
export async function stopServer(server: Server, graceMs = 15_000) {
	const { child, exited } = server.spawned;
	if (child.exitCode !== null || child.signalCode !== null) return;
	child.kill('SIGTERM');
	const outcome = await Promise.race([exited, sleep(graceMs, 'timeout' as const, { ref: false })]);
	if (outcome === 'timeout') {
		console.warn(`bench: ${server.name} did not stop within ${graceMs / 1000} s of SIGTERM; killing it`);
		child.kill('SIGKILL');
		await Promise.race([exited, sleep(5000, undefined, { ref: false })]);
	}
}

export function serverOutput(server: Server, lines = 30) {
	return describeOutput(server.name, server.spawned, lines);
}

export function errorMessage(error: unknown): string {
	if (error instanceof Error) {
		const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
		return error.message + cause;
	}
	return String(error);
}
