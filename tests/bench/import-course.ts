// Times the import of a generated 100-lesson course (the target: at most 3 s), on a
// fresh embedded database, or on PostgreSQL when DATABASE_URL is set (a scratch course slug
// is used and removed). Run alone with `npx tsx tests/bench/import-course.ts`; `npm run bench`
// runs it too.
import { createDatabase, type DatabaseConfig } from '../../src/lib/server/db/connect';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import type { PackageFiles } from '../../src/lib/server/courses/package/files';
import { parseCoursePackage } from '../../src/lib/server/courses/package/parse';
import { importCourse, packageHash } from '../../src/lib/server/courses/import';

const enc = (s: string) => new TextEncoder().encode(s);
const WORDS =
	'water basin river irrigation canal drought glacier climate community farmer policy resilience adaptation energy nexus governance monitoring'.split(
		' '
	);

/** A course of `modules` × `perModule` lessons, each about 300 words, in the courses/ format. */
export function generateCourse(modules = 10, perModule = 10): PackageFiles {
	const files: PackageFiles = new Map();
	files.set(
		'course.yaml',
		enc(
			'title: Generated benchmark course\nsummary: A course made to time the importer.\nlanguage: en\nthematic_areas: [iwrm]\noutcomes: [Time the importer]\nstatus: published\n'
		)
	);
	let n = 0;
	for (let m = 1; m <= modules; m++) {
		const folder = `${String(m).padStart(2, '0')}-module-${m}`;
		files.set(`${folder}/module.yaml`, enc(`title: Module ${m}\n`));
		for (let l = 1; l <= perModule; l++) {
			n++;
			const words = Array.from({ length: 300 }, (_, i) => WORDS[(i * 7 + n) % WORDS.length]).join(' ');
			files.set(
				`${folder}/${String(l).padStart(2, '0')}-lesson-${n}.md`,
				enc(`---\ntitle: Lesson ${n}\nminutes: 10\n---\n\n## Part one\n\n${words}\n\n## Part two\n\n${words}\n`)
			);
		}
	}
	return files;
}

export interface ImportTiming {
	lessons: number;
	firstImportMs: number;
	reimportMs: number;
	database: 'postgres' | 'pglite';
}

export async function measureCourseImport(config: DatabaseConfig): Promise<ImportTiming> {
	const db = createDatabase(config);
	const slug = `bench-import-${process.pid}`;
	try {
		await migrateToLatest(db);
		const files = generateCourse();
		const time = async () => {
			const start = performance.now();
			// What `courses:import` does: check everything, then write in one transaction.
			const { course, problems } = parseCoursePackage(files, slug);
			if (!course || problems.length) throw new Error(`generated course is invalid: ${JSON.stringify(problems[0])}`);
			await db.transaction().execute((trx) => importCourse(trx, course, { userId: null, sourceHash: packageHash(files) }));
			return performance.now() - start;
		};
		const firstImportMs = await time();
		const reimportMs = await time();
		return { lessons: 100, firstImportMs, reimportMs, database: config.url ? 'postgres' : 'pglite' };
	} finally {
		await db.deleteFrom('course').where('slug', '=', slug).execute().catch(() => undefined);
		await db.destroy();
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const config: DatabaseConfig = process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { dataDir: 'memory://' };
	const t = await measureCourseImport(config);
	console.log(
		`Importing a generated ${t.lessons}-lesson course (${t.database}): first import ${Math.round(t.firstImportMs)} ms, ` +
			`re-import ${Math.round(t.reimportMs)} ms (target: at most 3,000 ms).`
	);
}
