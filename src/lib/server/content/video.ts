/**
 * Lesson videos from YouTube and Vimeo. Only the video id is taken from what an author
 * wrote; the embed and watch URLs are rebuilt from it, so nothing else from the input
 * (host, port, parameters) reaches the page.
 */

export interface VideoEmbed {
	provider: 'youtube' | 'vimeo';
	id: string;
	embedUrl: string;
	watchUrl: string;
}

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const VIMEO_ID = /^\d{1,12}$/;
/** The privacy hash of an unlisted Vimeo video (vimeo.com/ID/HASH, player…/video/ID?h=HASH). */
const VIMEO_HASH = /^[0-9a-f]{6,32}$/;

// Exact host names: a suffix or prefix match would let youtube.com.evil.example through.
const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com']);
const YOUTUBE_NOCOOKIE_HOSTS = new Set(['youtube-nocookie.com', 'www.youtube-nocookie.com']);
const YOUTUBE_SHORT_HOST = 'youtu.be';
const VIMEO_HOSTS = new Set(['vimeo.com', 'www.vimeo.com']);
const VIMEO_PLAYER_HOST = 'player.vimeo.com';

/** Path forms on youtube.com that carry the id as the second segment. */
const YOUTUBE_ID_PATHS = new Set(['embed', 'shorts', 'live', 'v']);

const MAX_URL_LENGTH = 2048;

/** `90`, `90s`, `1m30s`, `1h2m3s` → seconds; anything else, or zero, → undefined. */
function parseStart(value: string | null): number | undefined {
	if (!value) return undefined;
	const m = /^(?:(\d{1,3})h)?(?:(\d{1,4})m)?(?:(\d{1,6})s?)?$/.exec(value);
	if (!m) return undefined;
	const seconds = Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
	return seconds > 0 ? seconds : undefined;
}

function youtube(id: string | undefined, start: number | undefined): VideoEmbed | undefined {
	if (id === undefined || !YOUTUBE_ID.test(id)) return undefined;
	return {
		provider: 'youtube',
		id,
		// youtube-nocookie sets no tracking cookies until the reader presses play.
		embedUrl: `https://www.youtube-nocookie.com/embed/${id}${start ? `?start=${start}` : ''}`,
		watchUrl: `https://www.youtube.com/watch?v=${id}${start ? `&t=${start}s` : ''}`
	};
}

function vimeo(id: string | undefined, hash: string | null | undefined): VideoEmbed | undefined {
	if (id === undefined || !VIMEO_ID.test(id)) return undefined;
	const privateHash = hash && VIMEO_HASH.test(hash) ? hash : undefined;
	return {
		provider: 'vimeo',
		id,
		// dnt=1: Vimeo's player then sets no tracking cookies.
		embedUrl: `https://player.vimeo.com/video/${id}?${privateHash ? `h=${privateHash}&` : ''}dnt=1`,
		watchUrl: `https://vimeo.com/${id}${privateHash ? `/${privateHash}` : ''}`
	};
}

/**
 * A YouTube or Vimeo page, share or embed URL (http is accepted and upgraded), or
 * undefined for anything else, including look-alike hosts and other schemes.
 */
export function parseVideoUrl(url: string): VideoEmbed | undefined {
	if (typeof url !== 'string' || url.length > MAX_URL_LENGTH) return undefined;
	let parsed: URL;
	try {
		parsed = new URL(url.trim());
	} catch {
		return undefined;
	}
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
	// user@host and :port have no place in a video link; both are phishing tricks.
	if (parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return undefined;

	const host = parsed.hostname;
	const segments = parsed.pathname.split('/').filter((s) => s !== '');
	const hashParams = new URLSearchParams(parsed.hash.slice(1));
	const start = parseStart(
		parsed.searchParams.get('t') ?? parsed.searchParams.get('start') ?? hashParams.get('t')
	);

	if (YOUTUBE_HOSTS.has(host)) {
		if (segments.length === 1 && segments[0] === 'watch') {
			return youtube(parsed.searchParams.get('v') ?? undefined, start);
		}
		if (segments.length === 2 && YOUTUBE_ID_PATHS.has(segments[0] ?? '')) return youtube(segments[1], start);
		return undefined;
	}
	if (host === YOUTUBE_SHORT_HOST) {
		return segments.length === 1 ? youtube(segments[0], start) : undefined;
	}
	if (YOUTUBE_NOCOOKIE_HOSTS.has(host)) {
		return segments.length === 2 && segments[0] === 'embed' ? youtube(segments[1], start) : undefined;
	}
	if (VIMEO_HOSTS.has(host)) {
		if (segments.length === 1) return vimeo(segments[0], undefined);
		if (segments.length === 2 && VIMEO_HASH.test(segments[1] ?? '')) return vimeo(segments[0], segments[1]);
		return undefined;
	}
	if (host === VIMEO_PLAYER_HOST) {
		return segments.length === 2 && segments[0] === 'video'
			? vimeo(segments[1], parsed.searchParams.get('h'))
			: undefined;
	}
	return undefined;
}

export function isAllowedVideoUrl(url: string): boolean {
	return parseVideoUrl(url) !== undefined;
}
