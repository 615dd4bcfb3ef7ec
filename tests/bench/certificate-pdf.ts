// Times the certificate PDF (the target: at most 30 ms per certificate on average),
// rendering `count` certificates with distinct holder names in English, Russian, Kazakh, Tajik
// and Uzbek, one after another, as a batch issue does. Run alone with
// `npx tsx tests/bench/certificate-pdf.ts [count]`.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderCertificatePdf } from '../../src/lib/server/certificates/pdf';
import type { CertificatePdfInput } from '../../src/lib/server/certificates/types';

export interface CertificatePdfBench {
	count: number;
	totalMs: number;
	meanMs: number;
	p95Ms: number;
	/** mean size of a PDF */
	meanBytes: number;
}

const FIRST = ['Aigerim', 'Әлихан', 'Ҷамшед', 'Oʻgʻiloy', 'Екатерина', 'Nurlan', 'Ғалия', 'Рӯзигул', 'Gʻayrat', 'Dmitry'];
const LAST = ['Seitkali', 'Құнанбаев', 'Ҳусейнӣ', 'Maʼmurova', 'Ёлкина-Щукина', 'Abenov', 'Өмірзақова', 'Рӯзиев', 'Toʻxtayev', 'Smith'];

function input(i: number): CertificatePdfInput {
	const ru = i % 2 === 1;
	const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`;
	return {
		locale: ru ? 'ru' : 'en',
		title: ru ? 'Сертификат о прохождении программы' : 'Certificate of Completion',
		intro: ru ? 'Настоящим удостоверяется, что' : 'This certifies that',
		holderName: name,
		body: ru
			? 'успешно завершил(а) программу «Стратегическое лидерство в государственном секторе» (поток «Весна 2026»), 72 часа.'
			: 'has successfully completed the programme “Leadership for Public Service” (Spring 2026 cohort), 40 hours.',
		signatories: [
			{ name: 'Dana Abenova', title: ru ? 'Директор программы' : 'Programme Director' },
			{ name: 'John Smith', title: ru ? 'Проректор' : 'Head of Academic Affairs' }
		],
		primaryColour: '#1f3a5f',
		accentColour: '#b08d57',
		logo: null,
		issuedLine: ru ? 'Выдан 27 ноября 2026 г.' : 'Issued on 27 November 2026',
		serial: `BLM-2026-${String(i).padStart(6, '0')}`,
		serialLabel: ru ? 'Номер' : 'Serial',
		verifyUrl: `https://bilim.example.org/verify/${i.toString(32).padStart(24, 'k')}`,
		verifyLabel: ru ? 'Проверить сертификат:' : 'Check this certificate at',
		issuerName: 'Bilim Foundation',
		courseTitle: 'Leadership for Public Service'
	};
}

export async function benchCertificatePdf(count = 1000): Promise<CertificatePdfBench> {
	// Warm-up (fonts read and parsed once per process, JIT), not counted.
	for (let i = 0; i < 5; i++) await renderCertificatePdf(input(count + i));
	const times: number[] = [];
	let bytes = 0;
	const started = performance.now();
	for (let i = 0; i < count; i++) {
		const start = performance.now();
		bytes += (await renderCertificatePdf(input(i))).length;
		times.push(performance.now() - start);
	}
	const totalMs = performance.now() - started;
	times.sort((a, b) => a - b);
	return {
		count,
		totalMs,
		meanMs: totalMs / count,
		p95Ms: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)] ?? 0,
		meanBytes: bytes / count
	};
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
	const count = Number(process.argv[2] ?? 1000);
	const r = await benchCertificatePdf(count);
	console.log(
		`Certificate PDF: ${r.count} rendered in ${Math.round(r.totalMs)} ms, mean ${r.meanMs.toFixed(1)} ms, ` +
			`p95 ${r.p95Ms.toFixed(1)} ms, ${Math.round(r.meanBytes / 1024)} KB each (target: mean at most 30 ms).`
	);
}
