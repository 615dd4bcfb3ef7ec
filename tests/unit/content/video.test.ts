import { describe, expect, it } from 'vitest';
import { isAllowedVideoUrl, parseVideoUrl } from '../../../src/lib/server/content/video';

const ID = 'dQw4w9WgXcQ';
const EMBED = `https://www.youtube-nocookie.com/embed/${ID}`;

describe('YouTube links', () => {
	it.each([
		`https://www.youtube.com/watch?v=${ID}`,
		`https://youtube.com/watch?v=${ID}&list=PL123&si=abc`,
		`https://m.youtube.com/watch?feature=share&v=${ID}`,
		`https://youtu.be/${ID}`,
		`https://youtu.be/${ID}?si=tracking`,
		`https://www.youtube.com/embed/${ID}`,
		`https://www.youtube.com/shorts/${ID}`,
		`https://www.youtube.com/live/${ID}`,
		`https://www.youtube-nocookie.com/embed/${ID}`,
		`https://youtube-nocookie.com/embed/${ID}/`,
		`http://www.youtube.com/watch?v=${ID}`,
		`HTTPS://WWW.YOUTUBE.COM/watch?v=${ID}`,
		`  https://youtu.be/${ID}  `
	])('%s plays in the privacy-friendly player', (url) => {
		expect(parseVideoUrl(url)).toEqual({
			provider: 'youtube',
			id: ID,
			embedUrl: EMBED,
			watchUrl: `https://www.youtube.com/watch?v=${ID}`
		});
		expect(isAllowedVideoUrl(url)).toBe(true);
	});

	it.each([
		[`https://www.youtube.com/watch?v=${ID}&t=90`, 90],
		[`https://www.youtube.com/watch?v=${ID}&t=90s`, 90],
		[`https://youtu.be/${ID}?t=1m30s`, 90],
		[`https://youtu.be/${ID}?t=1h2m3s`, 3723],
		[`https://www.youtube.com/embed/${ID}?start=45`, 45],
		[`https://www.youtube.com/watch?v=${ID}#t=2m`, 120]
	])('%s keeps its start time', (url, start) => {
		const video = parseVideoUrl(url);
		expect(video?.embedUrl).toBe(`${EMBED}?start=${start}`);
		expect(video?.watchUrl).toBe(`https://www.youtube.com/watch?v=${ID}&t=${start}s`);
	});

	it.each([`https://youtu.be/${ID}?t=0`, `https://youtu.be/${ID}?t=soon`, `https://youtu.be/${ID}?t=-5`])(
		'%s ignores a start time that makes no sense',
		(url) => {
			expect(parseVideoUrl(url)?.embedUrl).toBe(EMBED);
		}
	);
});

describe('Vimeo links', () => {
	it.each(['https://vimeo.com/76979871', 'https://www.vimeo.com/76979871/', 'http://player.vimeo.com/video/76979871'])(
		'%s plays without tracking',
		(url) => {
			expect(parseVideoUrl(url)).toEqual({
				provider: 'vimeo',
				id: '76979871',
				embedUrl: 'https://player.vimeo.com/video/76979871?dnt=1',
				watchUrl: 'https://vimeo.com/76979871'
			});
		}
	);

	it('keeps the privacy hash of an unlisted video', () => {
		const expected = {
			provider: 'vimeo',
			id: '76979871',
			embedUrl: 'https://player.vimeo.com/video/76979871?h=8272103f6e&dnt=1',
			watchUrl: 'https://vimeo.com/76979871/8272103f6e'
		};
		expect(parseVideoUrl('https://vimeo.com/76979871/8272103f6e')).toEqual(expected);
		expect(parseVideoUrl('https://player.vimeo.com/video/76979871?h=8272103f6e')).toEqual(expected);
	});
});

describe('anything else', () => {
	it.each([
		'',
		'not a url',
		`youtu.be/${ID}`,
		`//www.youtube.com/watch?v=${ID}`,
		`javascript:alert(1)//https://www.youtube.com/watch?v=${ID}`,
		'JaVaScRiPt:alert(1)',
		`data:text/html,https://youtu.be/${ID}`,
		`ftp://www.youtube.com/watch?v=${ID}`,
		`https://www.youtube.com.evil.example/watch?v=${ID}`,
		`https://evil.example/www.youtube.com/watch?v=${ID}`,
		`https://evil.example/?u=https://youtu.be/${ID}`,
		`https://notyoutube.com/watch?v=${ID}`,
		`https://youtube.com.evil.example/embed/${ID}`,
		`https://youtu.be.evil.example/${ID}`,
		`https://www.youtube.com@evil.example/watch?v=${ID}`,
		`https://user:pass@www.youtube.com/watch?v=${ID}`,
		`https://www.youtube.com:8080/watch?v=${ID}`,
		`https://www.youtube.com./watch?v=${ID}`,
		'https://evilvimeo.com/76979871',
		'https://vimeo.com.evil.example/76979871',
		'https://www.youtube.com/watch?v=short',
		`https://www.youtube.com/watch?v=${ID}x`,
		'https://www.youtube.com/watch?v=dQw4w9WgX%22',
		`https://www.youtube.com/watch`,
		`https://www.youtube.com/channel/${ID}`,
		`https://www.youtube.com/embed/${ID}/extra`,
		`https://youtu.be/${ID}/extra`,
		`https://youtube-nocookie.com/watch?v=${ID}`,
		'https://vimeo.com/channels/staffpicks',
		'https://vimeo.com/76979871/not-a-hash',
		'https://player.vimeo.com/video/abc',
		'https://player.vimeo.com/76979871',
		`https://example.org/video.mp4`,
		`https://www.youtube.com/watch?v=${'x'.repeat(3000)}`
	])('%s is refused', (url) => {
		expect(parseVideoUrl(url)).toBeUndefined();
		expect(isAllowedVideoUrl(url)).toBe(false);
	});
});
