import { benchCourseSlug, benchLessonSlug } from './seed-courses';

// The app's pages the bench measures, in order. Add a page here when an issue adds one;
// its name is its key in bench-results.json, so keep names stable once published.
export interface AppPage {
	name: string;
	/** Path on the app, requested anonymously with GET. */
	path: string;
}

export const APP_PAGES: AppPage[] = [
	{ name: 'home', path: '/' },
	{ name: 'signin', path: '/signin' },
	// The catalog over the seeded courses (seed-courses.ts): listing, full-text search with
	// facet counts, a course page and a lesson page of an English course.
	{ name: 'catalog', path: '/courses' },
	{ name: 'catalog-search', path: '/courses?q=water+irrigation' },
	{ name: 'course', path: `/courses/${benchCourseSlug(100)}` },
	{ name: 'lesson', path: `/courses/${benchCourseSlug(100)}/${benchLessonSlug(13)}` }
];
