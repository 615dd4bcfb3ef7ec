import { benchCourseSlug, benchLessonSlug } from './seed-courses';
import { REVIEW_COHORT } from './seed-cohorts';
import { GRADEBOOK_COHORT } from './seed-gradebook';
import { H5P_COURSE, H5P_LESSON } from './seed-h5p';
import { VERIFY_CODE } from './seed-certificates';
import { DIRECTORY_SEARCH_PATH } from './seed-directory';

// The app's pages the bench measures, in order. Add a page here when an issue adds one;
// its name is its key in bench-results.json, so keep names stable once published.
export interface AppPage {
	name: string;
	/** Path on the app, requested with GET. */
	path: string;
	/** Requested signed in as this seeded user (seed-cohorts.ts); anonymously when absent. */
	as?: 'learner' | 'facilitator';
}

export const APP_PAGES: AppPage[] = [
	{ name: 'home', path: '/' },
	{ name: 'signin', path: '/signin' },
	// The catalog over the seeded courses (seed-courses.ts): listing, full-text search with
	// facet counts, a course page and a lesson page of an English course.
	{ name: 'catalog', path: '/courses' },
	{ name: 'catalog-search', path: '/courses?q=water+irrigation' },
	{ name: 'course', path: `/courses/${benchCourseSlug(100)}` },
	{ name: 'lesson', path: `/courses/${benchCourseSlug(100)}/${benchLessonSlug(13)}` },
	// Cohorts (seed-cohorts.ts): "My learning" of a learner in three running cohorts with two
	// applications, and the review dashboard of a cohort of BENCH_APPLICATIONS applications
	// (two reviews each) seen by its facilitator. The submit throughput is measured after
	// these (run.ts, `apply-submit`).
	{ name: 'my-learning', path: '/my', as: 'learner' },
	{ name: 'review-dashboard', path: `/teach/cohorts/${REVIEW_COHORT}/applications`, as: 'facilitator' },
	// The gradebook of a 200-learner cohort (seed-gradebook.ts) seen by its facilitator: one page of 50.
	{ name: 'gradebook', path: `/teach/cohorts/${GRADEBOOK_COHORT}/gradebook`, as: 'facilitator' },
	// A lesson with an H5P activity (seed-h5p.ts) seen by a signed-in learner: the page that frames
	// the player. Its weight in a browser, first and repeat visit, is measured after (page-weight.ts).
	{ name: 'h5p-lesson', path: `/courses/${H5P_COURSE}/${H5P_LESSON}`, as: 'learner' },
	// The public verification page of a certificate (seed-certificates.ts), as an employer opens it
	// from the QR code: not signed in, never cached.
	{ name: 'verify', path: `/verify/${VERIFY_CODE}` },
	// The alumni directory over 10,000 profiles (seed-directory.ts): full text, two facets and every
	// facet's counts, as a learner who belongs to every bench network (each profile's visibility checked).
	{ name: 'directory-search', path: DIRECTORY_SEARCH_PATH, as: 'learner' }
];
