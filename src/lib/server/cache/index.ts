import { createContentCache } from './content-cache';

/**
 * The app instance's cache of public course content (see content-cache.ts for why it stays
 * correct across instances). CONTENT_CACHE_ENTRIES sets its size; 0 turns it off.
 */
const size = Number(process.env.CONTENT_CACHE_ENTRIES ?? 1000);
export const contentCache = Number.isFinite(size) && size > 0 ? createContentCache(size) : undefined;
