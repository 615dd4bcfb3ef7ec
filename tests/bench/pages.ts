// The app's pages the bench measures, in order. Add a page here when an issue adds one;
// its name is its key in bench-results.json, so keep names stable once published.
export interface AppPage {
	name: string;
	/** Path on the app, requested anonymously with GET. */
	path: string;
}

export const APP_PAGES: AppPage[] = [
	{ name: 'home', path: '/' },
	{ name: 'signin', path: '/signin' }
];
