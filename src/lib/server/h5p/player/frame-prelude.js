// Runs in the H5P player page before H5P's core (frame.bundle.js): see ../serve.ts.
//
// The player runs in an opaque origin (a sandbox without allow-same-origin), where reading
// window.localStorage or sessionStorage throws a SecurityError. H5P's core reads localStorage
// while it starts (its offline request queue, the clipboard), which would stop it. Storage that
// lives as long as the page is all it needs here: nothing is meant to outlast the page.
(function () {
	/** @param {'localStorage' | 'sessionStorage'} name */
	function memoryStorage(name) {
		try {
			if (window[name]) return;
		} catch (e) {
			// fall through: this document may not use storage
		}
		/** @type {Map<string, string>} */
		var items = new Map();
		var storage = {
			get length() {
				return items.size;
			},
			/** @param {number} i */
			key: function (i) {
				return Array.from(items.keys())[i] ?? null;
			},
			/** @param {string} k */
			getItem: function (k) {
				return items.has(String(k)) ? /** @type {string} */ (items.get(String(k))) : null;
			},
			/** @param {string} k @param {unknown} v */
			setItem: function (k, v) {
				items.set(String(k), String(v));
			},
			/** @param {string} k */
			removeItem: function (k) {
				items.delete(String(k));
			},
			clear: function () {
				items.clear();
			}
		};
		Object.defineProperty(window, name, { value: storage, configurable: true });
	}
	memoryStorage('localStorage');
	memoryStorage('sessionStorage');
})();
