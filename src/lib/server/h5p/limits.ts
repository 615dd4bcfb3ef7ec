/**
 * Limits on an uploaded or imported .h5p package (docs/h5p.md). They are checked before
 * anything is stored. The uncompressed total is checked twice: against the sizes the zip's
 * central directory declares, and against the bytes actually inflated (a zip may lie).
 */
export const H5P_LIMITS = {
	/** The .h5p file itself. */
	compressedBytes: 100 * 1024 * 1024,
	/** All entries together once inflated. */
	uncompressedBytes: 300 * 1024 * 1024,
	/** Entries in the zip (files and folders). */
	entries: 10_000,
	/** Length of an entry's path inside the package (the database allows 500). */
	pathLength: 400,
	/** h5p.json, library.json and content/content.json, each. */
	jsonBytes: 16 * 1024 * 1024
} as const;

export type H5pLimits = { [K in keyof typeof H5P_LIMITS]: number };

/** Rows per multi-row insert of package files: few statements, each well under parameter limits. */
export const H5P_INSERT_BATCH = 100;
