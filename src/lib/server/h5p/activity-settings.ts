import { z } from 'zod';

/**
 * Settings of an H5P activity lesson (lesson_item.data for kind 'h5p', camelCase JSON).
 * Shared by the lesson page, progress, the editor and the courses/ importer.
 */

export type H5pCompletion = 'score' | 'view';

export const DEFAULT_H5P_PASS_PERCENT = 50;

/**
 * Content types that never report a score: they complete on view. Others complete by score
 * (an author may still choose 'view' for any activity).
 */
export const UNSCORED_H5P_LIBRARIES: readonly string[] = [
	'H5P.Dialogcards',
	'H5P.Accordion',
	'H5P.AdvancedText',
	'H5P.Timeline',
	'H5P.Agamotto',
	'H5P.ImageHotspots',
	'H5P.Collage',
	'H5P.Chart',
	'H5P.Table',
	'H5P.Link',
	'H5P.IFrameEmbed'
];

export const H5pItemDataSchema = z.object({
	contentId: z.uuid(),
	completion: z.enum(['score', 'view']),
	passPercent: z.number().min(0).max(100)
});

export type H5pItemData = z.infer<typeof H5pItemDataSchema>;

/** The default completion mode for a main library ("H5P.Dialogcards" or "H5P.Dialogcards 1.8"). */
export function defaultCompletionFor(mainLibraryMachineName: string): H5pCompletion {
	const name = mainLibraryMachineName.trim().split(/[\s-]/)[0] ?? '';
	return UNSCORED_H5P_LIBRARIES.includes(name) ? 'view' : 'score';
}

/** The item's data when it is well formed, else null (a broken item shows as unavailable). */
export function readH5pItemData(data: unknown): H5pItemData | null {
	const parsed = H5pItemDataSchema.safeParse(data);
	return parsed.success ? parsed.data : null;
}
