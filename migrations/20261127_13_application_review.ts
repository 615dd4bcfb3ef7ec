import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>) {
	// The questions a cohort asks beyond the fixed fields of every application.
	await db.schema
		.createTable('application_question')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('kind', 'text', (c) =>
			c.notNull().check(sql`kind in ('short_text', 'long_text', 'single_choice', 'multiple_choice')`)
		)
		.addColumn('label', 'text', (c) => c.notNull().check(sql`char_length(label) between 1 and 500`))
		.addColumn('help', 'text', (c) => c.notNull().defaultTo(''))
		// jsonb array of option labels (choice questions only)
		.addColumn('options', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
		.addColumn('required', 'boolean', (c) => c.notNull().defaultTo(false))
		.execute();
	await db.schema.createIndex('application_question_cohort_idx').on('application_question').columns(['cohort_id', 'position']).execute();

	await db.schema
		.createTable('application')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status in ('draft', 'submitted', 'withdrawn')`))
		.addColumn('organisation_name', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('organisation_type', 'text', (c) =>
			c.check(sql`organisation_type in ('cso', 'university', 'training_centre', 'government', 'international', 'business')`)
		)
		.addColumn('position', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('country', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('gender', 'text', (c) => c.check(sql`gender in ('female', 'male', 'other', 'prefer_not_to_say')`))
		.addColumn('years_experience', 'integer', (c) => c.check(sql`years_experience between 0 and 80`))
		.addColumn('motivation', 'text', (c) => c.notNull().defaultTo(''))
		// jsonb: { [questionId]: string | string[] }
		.addColumn('answers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.addColumn('submitted_at', 'timestamptz')
		.addColumn('decision', 'text', (c) => c.check(sql`decision in ('accepted', 'waitlisted', 'rejected')`))
		// order among waitlisted decisions (1 first)
		.addColumn('waitlist_rank', 'integer')
		.addColumn('decided_at', 'timestamptz')
		.addColumn('decided_by', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('decision_released_at', 'timestamptz')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('application_cohort_user_unique', ['cohort_id', 'user_id'])
		.execute();
	await db.schema.createIndex('application_cohort_status_idx').on('application').columns(['cohort_id', 'status']).execute();
	await db.schema.createIndex('application_user_idx').on('application').column('user_id').execute();

	// The rubric: weighted criteria, each scored 0-5 by every reviewer.
	await db.schema
		.createTable('review_criterion')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull().check(sql`char_length(title) between 1 and 200`))
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('weight', 'numeric', (c) => c.notNull().defaultTo(1).check(sql`weight > 0 and weight <= 100`))
		.execute();
	await db.schema.createIndex('review_criterion_cohort_idx').on('review_criterion').columns(['cohort_id', 'position']).execute();

	// A reviewer assigned to an application, and (once submitted) their scores.
	await db.schema
		.createTable('review_assignment')
		.addColumn('application_id', 'uuid', (c) => c.notNull().references('application.id').onDelete('cascade'))
		.addColumn('reviewer_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('assigned_by', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('assigned_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		// jsonb: { [criterionId]: 0..5 }
		.addColumn('scores', 'jsonb')
		// sum(weight * score) / sum(weight), 0..5, set on submission
		.addColumn('weighted_score', 'numeric', (c) => c.check(sql`weighted_score between 0 and 5`))
		.addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('submitted_at', 'timestamptz')
		.addPrimaryKeyConstraint('review_assignment_pk', ['application_id', 'reviewer_id'])
		.execute();
	await db.schema.createIndex('review_assignment_reviewer_idx').on('review_assignment').column('reviewer_id').execute();
}

export async function down(db: Kysely<any>) {
	for (const t of ['review_assignment', 'review_criterion', 'application', 'application_question']) await db.schema.dropTable(t).execute();
}
