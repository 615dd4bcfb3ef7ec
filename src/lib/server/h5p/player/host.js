// The H5P player page's own script (served by /h5p/player/<version>/host.js, see ../serve.ts).
//
// The page runs in an opaque origin (Content-Security-Policy: sandbox): it has no cookies and
// cannot reach the lesson page that frames it except by postMessage. It tells that page when it
// is ready, gets who the learner is and their saved state, starts h5p-standalone, and passes
// back every xAPI statement, the content's state for resume, and its height.
// Messages (docs/h5p.md):
//   to the lesson page:   bilim-h5p:ready, bilim-h5p:xapi {statement}, bilim-h5p:state {state},
//                         bilim-h5p:resize {height}, bilim-h5p:error
//   from the lesson page: bilim-h5p:init {user, state, objectIri, l10n}, bilim-h5p:flush
(function () {
	var SAVE_EVERY_MS = 10000;
	var configElement = document.getElementById('bilim-h5p-config');
	var found = document.getElementById('bilim-h5p');
	if (!configElement || !found) return;
	var root = found;
	/** @type {{ contentId: string, h5pJsonPath: string, librariesPath: string, frameJs: string, frameCss: string, title: string, failed: string }} */
	var config = JSON.parse(configElement.textContent || '{}');
	var framed = window.parent !== window;
	// The lesson page is on this site: the URL's origin (this document's own origin is opaque).
	var siteOrigin = location.origin;
	var started = false;
	/** @type {string | null} */
	var lastState = null;

	/** @param {Record<string, unknown>} message */
	function tell(message) {
		if (framed) window.parent.postMessage(message, siteOrigin);
	}

	/** The running content (H5P.instances of this page: see embedType below). */
	function instance() {
		var H5P = /** @type {any} */ (window).H5P;
		return H5P && H5P.instances ? H5P.instances[0] : undefined;
	}

	/** Sends the content's state when it changed since it was last sent. */
	function saveState() {
		var content = instance();
		if (!content || typeof content.getCurrentState !== 'function') return;
		var state;
		try {
			state = content.getCurrentState();
		} catch (e) {
			return;
		}
		if (state === undefined) return;
		var json = JSON.stringify(state);
		if (json === lastState) return;
		lastState = json;
		tell({ type: 'bilim-h5p:state', state: json });
	}

	var resizePending = false;
	function reportHeight() {
		if (resizePending) return;
		resizePending = true;
		requestAnimationFrame(function () {
			resizePending = false;
			// The content's own height: the document's is at least the frame's, so it would never shrink.
			tell({ type: 'bilim-h5p:resize', height: Math.ceil(root.getBoundingClientRect().height) });
		});
	}

	function fail() {
		root.textContent = config.failed;
		root.setAttribute('role', 'alert');
		tell({ type: 'bilim-h5p:error' });
		reportHeight();
	}

	/**
	 * @param {{ user?: { name: string, mail: string }, state?: string | null, objectIri?: string, l10n?: Record<string, string> }} init
	 */
	function start(init) {
		if (started) return;
		started = true;
		lastState = init.state || null;
		var Standalone = /** @type {any} */ (window).H5PStandalone;
		if (!Standalone) return fail();
		var options = {
			id: config.contentId,
			title: config.title,
			h5pJsonPath: config.h5pJsonPath,
			librariesPath: config.librariesPath,
			frameJs: config.frameJs,
			frameCss: config.frameCss,
			// 'div': the content runs in this page, which is the sandbox. h5p-standalone's 'iframe'
			// mode writes into an about:blank frame of its own, and in a sandbox without
			// allow-same-origin every nested document gets a new opaque origin: that frame is
			// out of this page's reach and the player stops. (allow-same-origin would make the
			// content our site's; no separate origin is assumed for it.)
			embedType: 'div',
			fullScreen: true,
			// A number, or H5P gives content no previous state (frame.bundle.js: newRunnable).
			// H5P's own saving stays in memory (frame-postlude.js); this page sends the state.
			saveFreq: 30,
			user: init.user,
			contentUserData: init.state ? [{ state: init.state }] : undefined,
			xAPIObjectIRI: init.objectIri,
			translations: init.l10n
		};
		new Standalone.H5P(root, options).then(
			function () {
				var H5P = /** @type {any} */ (window).H5P;
				if (H5P && H5P.externalDispatcher) {
					H5P.externalDispatcher.on('xAPI', function (/** @type {any} */ event) {
						var statement = event && event.data && event.data.statement;
						if (statement) tell({ type: 'bilim-h5p:xapi', statement: JSON.parse(JSON.stringify(statement)) });
						// The state after the answer, once the content has taken it in.
						setTimeout(saveState, 300);
					});
				}
				setInterval(saveState, SAVE_EVERY_MS);
				reportHeight();
			},
			function (/** @type {unknown} */ error) {
				// For whoever opens the browser's console: why it did not start.
				console.error('H5P content could not start:', error);
				fail();
			}
		);
	}

	window.addEventListener('message', function (event) {
		if (!framed || event.source !== window.parent || event.origin !== siteOrigin) return;
		var data = event.data;
		if (!data || typeof data !== 'object') return;
		if (data.type === 'bilim-h5p:init') start(data);
		else if (data.type === 'bilim-h5p:flush') saveState();
	});
	window.addEventListener('pagehide', saveState);
	if (typeof ResizeObserver === 'function') {
		var observer = new ResizeObserver(reportHeight);
		observer.observe(document.body);
		observer.observe(root);
	}
	window.addEventListener('resize', reportHeight);

	if (framed) tell({ type: 'bilim-h5p:ready' });
	// Opened on its own (not in a lesson): it plays, and nothing is recorded.
	else start({});
})();
