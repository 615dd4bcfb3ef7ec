// The gradebook's bench cohort: `bench-gradebook`, GRADEBOOK_LEARNERS learners enrolled in a
// course of three modules (nine text lessons, a quiz closing each module, a capstone
// assignment), with the records a running cohort has: lessons viewed and completed, one or two
// attempts at most quizzes, most capstones submitted and many graded, a few overrides and
// completions, and last activity spread over twelve days (so some learners are at risk).
// Written straight through Kysely in a few large inserts; deterministic, like the rest.
import type { Database } from '../../src/lib/server/db/connect';
import { parseQuizSource } from '../../src/lib/server/quizzes/schema';

export const GRADEBOOK_COHORT = 'bench-gradebook';
export const GRADEBOOK_COURSE = 'bench-gradebook-course';
export const GRADEBOOK_LEARNERS = 200;

const BATCH = 500;
const DAY = 24 * 60 * 60 * 1000;
const learnerEmail = (i: number) => `bench-grade-${String(i).padStart(6, '0')}@bench.example.org`;
const FIRST = ['Айгерим', 'Бакыт', 'Дильноза', 'Farrukh', 'Gulnara', 'Нурлан', 'Saida', 'Тимур', 'Zarina', 'Алишер'];
const LAST = ['Абдуллаева', 'Karimov', 'Сейткали', 'Rahimova', 'Токтогулов', 'Yusupova', 'Назарова', 'Ismoilov'];

async function insertAll<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
	for (let from = 0; from < rows.length; from += BATCH) await insert(rows.slice(from, from + BATCH));
}

/** The course: a draft (it stays out of the catalog the other pages are measured on), taught in cohorts. */
async function seedCourse(db: Database) {
	const course = await db
		.insertInto('course')
		.values({ slug: GRADEBOOK_COURSE, title: 'Bench gradebook course', language: 'en', status: 'draft', access: 'cohort' })
		.returning('id')
		.executeTakeFirstOrThrow();
	const parsed = parseQuizSource({
		title: 'Module check',
		pass_percent: 60,
		questions: [
			{ id: 'basin', type: 'true_false', prompt: 'The Amu Darya crosses borders.', answer: true },
			{ id: 'canal', type: 'short_answer', prompt: 'What carries water to the fields?', accepted: ['canal', 'a canal'] }
		]
	});
	if (!parsed.ok) throw new Error(`bench quiz does not parse: ${JSON.stringify(parsed.issues)}`);
	const quiz = JSON.stringify(parsed.quiz);
	const assignment = JSON.stringify({ points: 40, passPercent: 50, fileTypes: ['pdf', 'docx'], maxFileMb: 10, maxFiles: 3, textEntry: true, rubric: [] });

	const lessons: { slug: string; kind: 'text' | 'quiz' | 'assignment' }[][] = [1, 2, 3].map((m) => [
		...[1, 2, 3].map((l) => ({ slug: `m${m}-lesson-${l}`, kind: 'text' as const })),
		{ slug: `m${m}-quiz`, kind: 'quiz' as const },
		...(m === 3 ? [{ slug: 'capstone', kind: 'assignment' as const }] : [])
	]);
	const modules = await db
		.insertInto('courseModule')
		.values([1, 2, 3].map((m) => ({ courseId: course.id, slug: `module-${m}`, title: `Module ${m}`, position: m })))
		.returning(['id', 'position'])
		.execute();
	const rows = await db
		.insertInto('lesson')
		.values(
			lessons.flatMap((list, m) =>
				list.map((l, p) => ({
					courseId: course.id,
					moduleId: modules.find((x) => x.position === m + 1)!.id,
					slug: l.slug,
					title: l.kind === 'text' ? `Lesson ${m + 1}.${p + 1}` : l.kind === 'quiz' ? `Module ${m + 1} quiz` : 'Capstone project',
					position: p + 1
				}))
			)
		)
		.returning(['id', 'slug'])
		.execute();
	const kinds = new Map(lessons.flat().map((l) => [l.slug, l.kind]));
	await db
		.insertInto('lessonItem')
		.values(
			rows.map((r) => {
				const kind = kinds.get(r.slug)!;
				return {
					lessonId: r.id,
					position: 1,
					kind,
					body: kind === 'quiz' ? '' : 'Read the notes and write down one example from your district.',
					data: kind === 'quiz' ? quiz : kind === 'assignment' ? assignment : '{}'
				};
			})
		)
		.execute();
	const id = (slug: string) => rows.find((r) => r.slug === slug)!.id;
	return {
		id: course.id,
		text: lessons.flat().filter((l) => l.kind === 'text').map((l) => id(l.slug)),
		quizzes: [1, 2, 3].map((m) => id(`m${m}-quiz`)),
		capstone: id('capstone')
	};
}

export async function seedGradebookCohort(db: Database, facilitator: string, passwordHash: string, now: Date) {
	const course = await seedCourse(db);
	const cohort = await db
		.insertInto('cohort')
		.values({
			courseId: course.id,
			slug: GRADEBOOK_COHORT,
			name: 'Bench gradebook cohort',
			startsOn: new Date(now.getTime() - 40 * DAY).toISOString().slice(0, 10),
			endsOn: new Date(now.getTime() + 50 * DAY).toISOString().slice(0, 10),
			capacity: GRADEBOOK_LEARNERS + 50,
			enrolmentMode: 'invitation',
			status: 'running',
			createdBy: facilitator
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await db.insertInto('cohortFacilitator').values({ cohortId: cohort.id, userId: facilitator }).execute();

	const people = Array.from({ length: GRADEBOOK_LEARNERS }, (_, k) => ({
		email: learnerEmail(k + 1),
		name: `${FIRST[k % FIRST.length]} ${LAST[(k * 7) % LAST.length]} ${k + 1}`,
		passwordHash,
		country: 'KZ',
		role: 'learner' as const
	}));
	await insertAll(people, (chunk) =>
		db
			.insertInto('appUser')
			.values(chunk)
			.onConflict((oc) => oc.doNothing())
			.execute()
	);
	const users = await db
		.selectFrom('appUser')
		.select(['id', 'email'])
		.where('email', 'like', 'bench-grade-%@bench.example.org')
		.orderBy('email')
		.execute();
	const at = (days: number, minutes = 0) => new Date(now.getTime() - days * DAY + minutes * 60_000);
	const ctx = (userId: string) => ({ userId, cohortId: cohort.id });

	await insertAll(users, (chunk) =>
		db
			.insertInto('enrolment')
			.values(chunk.map((u) => ({ ...ctx(u.id), status: 'enrolled' as const, source: 'invitation' as const, enrolledAt: at(35) })))
			.execute()
	);

	// Every learner's last activity is `idle` days ago: 0 to 11, so a third are at risk (7 days without activity).
	const progress = [];
	const attempts = [];
	const submissions = [];
	const overrides = [];
	const completions = [];
	for (const [i, u] of users.entries()) {
		const idle = i % 12;
		const done = 1 + (i % course.text.length);
		for (const [l, lessonId] of course.text.slice(0, done).entries()) {
			const viewed = at(idle + (done - l));
			progress.push({ ...ctx(u.id), courseId: course.id, lessonId, firstViewedAt: viewed, lastViewedAt: viewed, completedAt: l < done - 1 ? viewed : null });
		}
		for (const [q, lessonId] of course.quizzes.entries()) {
			if ((i + q) % 5 === 0) continue;
			const tries = 1 + ((i + q) % 2);
			for (let n = 1; n <= tries; n++) {
				const percent = (37 + i * 13 + q * 29 + n * 11) % 101;
				const submittedAt = at(idle + 1 + q, -n);
				attempts.push({
					...ctx(u.id),
					lessonId,
					number: n,
					seed: `bench-${i}-${q}-${n}`,
					attempt: '{}',
					quiz: '{}',
					startedAt: new Date(submittedAt.getTime() - 12 * 60_000),
					submittedAt,
					score: (percent / 100) * 2,
					maxScore: 2,
					percent,
					passed: percent >= 60
				});
			}
		}
		if (i % 4 !== 0) {
			const graded = i % 3 !== 0;
			submissions.push({
				...ctx(u.id),
				lessonId: course.capstone,
				body: 'Our water user association will line the main canal and train members to schedule irrigation.',
				submittedAt: at(idle + 2),
				updatedAt: at(idle + 2),
				late: i % 9 === 0,
				score: graded ? 10 + (i % 31) : null,
				maxScore: graded ? 40 : null,
				feedback: graded ? 'Clear problem statement; add a budget.' : null,
				gradedBy: graded ? facilitator : null,
				gradedAt: graded ? at(idle) : null
			});
		}
		if (i % 25 === 0) {
			overrides.push({ ...ctx(u.id), lessonId: course.quizzes[0]!, percent: 75, previousPercent: null, reason: 'Oral exam instead', actorId: facilitator, createdAt: at(1) });
		}
		if (i % 10 === 5) completions.push({ ...ctx(u.id), courseId: course.id, completedAt: at(idle), finalGrade: 60 + (i % 40) });
	}
	await insertAll(progress, (chunk) => db.insertInto('lessonProgress').values(chunk).execute());
	await insertAll(attempts, (chunk) => db.insertInto('quizAttempt').values(chunk).execute());
	await insertAll(submissions, (chunk) => db.insertInto('assignmentSubmission').values(chunk).execute());
	await insertAll(overrides, (chunk) => db.insertInto('gradeOverride').values(chunk).execute());
	await insertAll(completions, (chunk) => db.insertInto('courseCompletion').values(chunk).execute());
	return { learners: users.length, attempts: attempts.length, submissions: submissions.length };
}
