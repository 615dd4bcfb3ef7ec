// Runs in the H5P player page right after H5P's core (frame.bundle.js) and before H5P.init
// (which h5p-standalone calls once every library is loaded): see ../serve.ts.
//
// H5P keeps a learner's saved state ("user data") through H5PIntegration.contents[cid]
// .contentUserData and, when a user is given, also GETs and POSTs it to an ajax URL. The player
// has no session (it runs in an opaque origin), so it has no such URL: the lesson page gives
// the saved state when the player starts and saves it through its own endpoint (host.js reads
// getCurrentState()). Here user data is kept in memory only, so H5P never makes a request with
// a URL it does not have.
(function () {
	var H5P = /** @type {any} */ (window).H5P;
	if (!H5P) return;
	/** @param {string | number} contentId */
	function userData(contentId) {
		var integration = /** @type {any} */ (window).H5PIntegration;
		var content = integration && integration.contents && integration.contents['cid-' + contentId];
		if (!content) return undefined;
		if (!content.contentUserData) content.contentUserData = {};
		return content.contentUserData;
	}
	/**
	 * @param {string | number} contentId
	 * @param {string} dataId
	 * @param {(error?: unknown, data?: unknown) => void} done
	 * @param {number} [subContentId]
	 */
	H5P.getUserData = function (contentId, dataId, done, subContentId) {
		var all = userData(contentId);
		var saved = all && all[subContentId || 0] && all[subContentId || 0][dataId];
		// Nothing saved: undefined (not null, which H5P takes for "the content has changed").
		if (saved === undefined || saved === 'RESET') return done(undefined, undefined);
		try {
			done(undefined, JSON.parse(saved));
		} catch (e) {
			done(e);
		}
	};
	/**
	 * @param {string | number} contentId
	 * @param {string} dataId
	 * @param {unknown} data
	 * @param {{ subContentId?: number, errorCallback?: (e: unknown) => void }} [extras]
	 */
	H5P.setUserData = function (contentId, dataId, data, extras) {
		var sub = (extras && extras.subContentId) || 0;
		var all = userData(contentId);
		if (!all) return;
		try {
			if (!all[sub]) all[sub] = {};
			all[sub][dataId] = JSON.stringify(data);
		} catch (e) {
			if (extras && extras.errorCallback) extras.errorCallback(e);
		}
	};
	/**
	 * @param {string | number} contentId
	 * @param {string} dataId
	 * @param {number} [subContentId]
	 */
	H5P.deleteUserData = function (contentId, dataId, subContentId) {
		var all = userData(contentId);
		if (all && all[subContentId || 0]) delete all[subContentId || 0][dataId];
	};
})();
