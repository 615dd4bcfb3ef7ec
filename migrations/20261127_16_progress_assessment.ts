import { sql, type Kysely } from 'kysely';

/**
 * Progress and assessments (docs/assessment.md). A quiz or an assignment is a lesson whose one
 * item is of that kind (`NN-slug.quiz.yaml`, `NN-slug.assignment.md` in the courses/ format);
 * learners' records point at the lesson, whose slug is stable across re-imports.
 *
 * Records are kept per learning context: a cohort (`cohort_id`), or none for a person studying
 * an open course on their own. Unique constraints use NULLS NOT DISTINCT, so "no cohort" is
 * one context too.
 */
const VERSIONED = ['lesson_progress', 'quiz_attempt', 'assignment_submission', 'course_completion', 'grade_override', 'cohort_lesson_date'];

export async function up(db: Kysely<any>) {
	await sql`alter table lesson_item drop constraint lesson_item_kind_check`.execute(db);
	await sql`alter table lesson_item add constraint lesson_item_kind_check check (kind in ('text', 'quiz', 'assignment'))`.execute(db);
	// How a text lesson is completed: by the learner's button, or by opening it.
	await db.schema
		.alterTable('lesson')
		.addColumn('completion', 'text', (c) => c.notNull().defaultTo('manual').check(sql`completion in ('manual', 'on_view')`))
		.execute();
	// The course's completion rules and final-grade weights (null: every required lesson done).
	await db.schema.alterTable('course').addColumn('completion_rules', 'jsonb').execute();

	await db.schema
		.createTable('lesson_progress')
		.addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('course_id', 'uuid', (c) => c.notNull().references('course.id').onDelete('cascade'))
		.addColumn('cohort_id', 'uuid', (c) => c.references('cohort.id').onDelete('cascade'))
		.addColumn('lesson_id', 'uuid', (c) => c.notNull().references('lesson.id').onDelete('cascade'))
		.addColumn('first_viewed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('last_viewed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('completed_at', 'timestamptz')
		.execute();
	await sql`alter table lesson_progress add constraint lesson_progress_unique unique nulls not distinct (user_id, lesson_id, cohort_id)`.execute(db);
	await db.schema.createIndex('lesson_progress_course_idx').on('lesson_progress').columns(['user_id', 'course_id', 'cohort_id']).execute();
	await db.schema.createIndex('lesson_progress_cohort_idx').on('lesson_progress').columns(['cohort_id', 'user_id']).execute();

	// Per cohort: when a quiz closes, when an assignment is due.
	await db.schema
		.createTable('cohort_lesson_date')
		.addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('lesson_id', 'uuid', (c) => c.notNull().references('lesson.id').onDelete('cascade'))
		.addColumn('due_at', 'timestamptz', (c) => c.notNull())
		.addPrimaryKeyConstraint('cohort_lesson_date_pk', ['cohort_id', 'lesson_id'])
		.execute();

	await db.schema
		.createTable('quiz_attempt')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('lesson_id', 'uuid', (c) => c.notNull().references('lesson.id').onDelete('cascade'))
		.addColumn('cohort_id', 'uuid', (c) => c.references('cohort.id').onDelete('cascade'))
		.addColumn('number', 'integer', (c) => c.notNull().check(sql`number >= 1`))
		.addColumn('seed', 'text', (c) => c.notNull())
		// The attempt as drawn (questions and option orders, quizzes/draw.ts) and the quiz it was drawn from.
		.addColumn('attempt', 'jsonb', (c) => c.notNull())
		.addColumn('quiz', 'jsonb', (c) => c.notNull())
		.addColumn('answers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.addColumn('answers_saved_at', 'timestamptz')
		.addColumn('started_at', 'timestamptz', (c) => c.notNull())
		.addColumn('deadline_at', 'timestamptz')
		.addColumn('submitted_at', 'timestamptz')
		.addColumn('score', 'numeric')
		.addColumn('max_score', 'numeric')
		.addColumn('percent', 'numeric')
		.addColumn('passed', 'boolean')
		.addColumn('result', 'jsonb')
		.execute();
	await sql`alter table quiz_attempt add constraint quiz_attempt_number_unique unique nulls not distinct (user_id, lesson_id, cohort_id, number)`.execute(db);
	await sql`create unique index quiz_attempt_open_unique on quiz_attempt (user_id, lesson_id, coalesce(cohort_id, '00000000-0000-0000-0000-000000000000'::uuid)) where submitted_at is null`.execute(
		db
	);
	await db.schema.createIndex('quiz_attempt_cohort_idx').on('quiz_attempt').columns(['cohort_id', 'lesson_id']).execute();

	await db.schema
		.createTable('assignment_submission')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('lesson_id', 'uuid', (c) => c.notNull().references('lesson.id').onDelete('cascade'))
		.addColumn('cohort_id', 'uuid', (c) => c.references('cohort.id').onDelete('cascade'))
		.addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull())
		.addColumn('times_submitted', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('late', 'boolean', (c) => c.notNull().defaultTo(false))
		// { [criterionId]: levelId }
		.addColumn('rubric', 'jsonb')
		.addColumn('score', 'numeric')
		.addColumn('max_score', 'numeric')
		.addColumn('feedback', 'text')
		.addColumn('graded_by', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('graded_at', 'timestamptz')
		.execute();
	await sql`alter table assignment_submission add constraint assignment_submission_unique unique nulls not distinct (user_id, lesson_id, cohort_id)`.execute(db);
	await db.schema.createIndex('assignment_submission_cohort_idx').on('assignment_submission').columns(['cohort_id', 'lesson_id']).execute();

	// Files stay in the database, like course assets (docs/storage.md).
	await db.schema
		.createTable('submission_file')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('submission_id', 'uuid', (c) => c.notNull().references('assignment_submission.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull().check(sql`char_length(name) between 1 and 200`))
		.addColumn('content_type', 'text', (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull().check(sql`size >= 0`))
		.addColumn('sha256', 'text', (c) => c.notNull())
		.addColumn('data', 'bytea', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('submission_file_submission_idx').on('submission_file').column('submission_id').execute();

	// The course-completed event: one row per learner and context, ever (certificates listen to it).
	await db.schema
		.createTable('course_completion')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('course_id', 'uuid', (c) => c.notNull().references('course.id').onDelete('cascade'))
		.addColumn('cohort_id', 'uuid', (c) => c.references('cohort.id').onDelete('cascade'))
		.addColumn('completed_at', 'timestamptz', (c) => c.notNull())
		.addColumn('final_grade', 'numeric')
		.execute();
	await sql`alter table course_completion add constraint course_completion_unique unique nulls not distinct (user_id, course_id, cohort_id)`.execute(db);

	// A facilitator's override of a grade, with the reason; append-only (the latest counts), so it is its own audit log.
	await db.schema
		.createTable('grade_override')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('lesson_id', 'uuid', (c) => c.notNull().references('lesson.id').onDelete('cascade'))
		.addColumn('percent', 'numeric', (c) => c.check(sql`percent between 0 and 100`))
		.addColumn('previous_percent', 'numeric')
		.addColumn('reason', 'text', (c) => c.notNull().check(sql`char_length(reason) between 3 and 1000`))
		.addColumn('actor_id', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('grade_override_idx').on('grade_override').columns(['cohort_id', 'user_id', 'lesson_id', 'created_at']).execute();

	// Pages kept by the cache of signed-in pages show these (migration 15).
	for (const table of VERSIONED) {
		await sql
			.raw(
				`create constraint trigger ${table}_data_version after insert or update or delete on ${table} deferrable initially deferred for each row execute function bump_data_version()`
			)
			.execute(db);
	}
}

export async function down(db: Kysely<any>) {
	for (const table of ['grade_override', 'course_completion', 'submission_file', 'assignment_submission', 'quiz_attempt', 'cohort_lesson_date', 'lesson_progress']) {
		await db.schema.dropTable(table).execute();
	}
	await db.schema.alterTable('course').dropColumn('completion_rules').execute();
	await db.schema.alterTable('lesson').dropColumn('completion').execute();
	await sql`alter table lesson_item drop constraint lesson_item_kind_check`.execute(db);
	await sql`alter table lesson_item add constraint lesson_item_kind_check check (kind in ('text'))`.execute(db);
}
