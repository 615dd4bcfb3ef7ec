// Ratios, the printed tables and bench-results.json.
import { writeFileSync } from 'node:fs';
import { round, type Measurement } from './measure';

export interface Ratio {
	/** page req/s ÷ ceiling req/s: the share of the ceiling's throughput the page reaches. */
	reqPerSec: number | null;
	/** page p50 ÷ ceiling p50: how many times slower the typical request is. */
	p50: number | null;
	/** page p99 ÷ ceiling p99. */
	p99: number | null;
}

export interface PageResult extends Measurement {
	vs: { node: Ratio; kit: Ratio };
}

export function ratio(page: Measurement, ceiling: Measurement): Ratio {
	const usable = page.ok && ceiling.ok;
	const div = (a: number | null | undefined, b: number | null | undefined, digits: number) =>
		usable && a != null && b != null && b > 0 ? round(a / b, digits) : null;
	return {
		reqPerSec: div(page.reqPerSec, ceiling.reqPerSec, 4),
		p50: div(page.latencyMs?.p50, ceiling.latencyMs?.p50, 2),
		p99: div(page.latencyMs?.p99, ceiling.latencyMs?.p99, 2)
	};
}

const num = (v: number | null | undefined, digits = 0) =>
	v == null ? '–' : v.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (v: number | null) => (v == null ? '–' : `${(v * 100).toFixed(v < 0.1 ? 2 : 1)}%`);
const times = (v: number | null) => (v == null ? '–' : `×${v.toFixed(1)}`);

function table(header: string[], rows: string[][], leftAligned: number[] = [0]) {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
	const line = (cells: string[]) =>
		cells
			.map((c, i) => (leftAligned.includes(i) ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
			.join('  ')
			.trimEnd();
	return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function status(m: Measurement) {
	if (!m.ok) return 'FAILED';
	return m.warnings.length ? 'ok, see note' : 'ok';
}

export function printReport(ceilings: { node: Measurement; kit: Measurement }, pages: PageResult[]) {
	const rows = [
		['ceiling: bare node', ceilings.node],
		['ceiling: minimal kit', ceilings.kit],
		...pages.map((p) => [`${p.method === 'POST' ? 'post' : 'page'}: ${p.name}`, p] as const)
	] as const;
	const absolute = table(
		['target', 'path', 'req/s', 'p50 ms', 'p99 ms', 'bytes', 'non-2xx', 'errors', 'result'],
		rows.map(([label, m]) => [
			label,
			((u) => (m.method === 'POST' ? 'POST ' : '') + u.pathname + u.search)(new URL(m.url)),
			num(m.reqPerSec),
			num(m.latencyMs?.p50, 2),
			num(m.latencyMs?.p99, 2),
			num(m.bytesPerResponse),
			m.reqPerSec == null ? '–' : num(m.non2xx),
			m.reqPerSec == null ? '–' : num(m.errors),
			status(m)
		]),
		[0, 1, 8]
	);
	const ratios = table(
		['page', 'req/s ÷ node', 'req/s ÷ kit', 'p50 × node', 'p50 × kit', 'p99 × node', 'p99 × kit'],
		pages.map((p) => [
			p.name,
			pct(p.vs.node.reqPerSec),
			pct(p.vs.kit.reqPerSec),
			times(p.vs.node.p50),
			times(p.vs.kit.p50),
			times(p.vs.node.p99),
			times(p.vs.kit.p99)
		])
	);
	const notes = rows.flatMap(([label, m]) => m.warnings.map((w) => `  note: ${label}: ${w}`));
	const lines = [
		'',
		absolute,
		...(notes.length ? ['', ...notes] : []),
		'',
		'Pages against the ceilings (req/s as a share of the ceiling; latency as a multiple of it):',
		'',
		ratios,
		''
	];
	console.log(lines.join('\n'));

	const failed = rows.filter(([, m]) => !m.ok);
	if (failed.length) {
		const bar = '!'.repeat(78);
		console.log(
			[
				bar,
				`!! ${failed.length} FAILED MEASUREMENT${failed.length > 1 ? 'S' : ''}: these targets answered errors, so their figures mean nothing`,
				...failed.map(([label, m]) => `!!   ${label} (${m.url}): ${m.problems.join('; ')}`),
				bar,
				''
			].join('\n')
		);
	}
}

export function writeResults(file: string, results: unknown) {
	writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
