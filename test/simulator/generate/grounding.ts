/** groundingMetadata for answers to requests with the googleSearch tool. */
import { stripMarkers } from './markers';

function slug(text: string): string {
	return (
		text
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '')
			.slice(0, 40) || 'query'
	);
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Image search results: the picture, the page it is on, and that page's title and domain. */
function imageChunks(subject: string, base: string): Array<Record<string, unknown>> {
	return [1, 2].map((n) => ({
		image: {
			imageUri: `https://images.example.org/${base}/picture-${n}.jpg`,
			sourceUri: `https://photos.example.org/${base}/page-${n}`,
			title: `${subject.slice(0, 40)}: photo ${n}`,
			domain: 'photos.example.org',
		},
	}));
}

export function groundingMetadata(
	prompt: string,
	answerText: string | undefined,
	types: { web: boolean; image: boolean },
): Record<string, unknown> {
	const subject = stripMarkers(prompt).slice(0, 80) || 'image';
	const queries = types.web ? [subject, `${subject.split(' ').slice(0, 5).join(' ')} latest`] : [];
	const base = slug(subject);
	const chunks = [
		...(types.web
			? [1, 2, 3].map((n) => ({
					web: {
						uri: `https://example.com/${base}/source-${n}`,
						title: `example.com: ${subject.slice(0, 40)} (${n})`,
					},
				}))
			: []),
		...(types.image ? imageChunks(subject, base) : []),
	];
	const supports = answerText
		? [
				{
					segment: {
						startIndex: 0,
						endIndex: Buffer.byteLength(answerText),
						text: answerText,
					},
					groundingChunkIndices: [0, 1],
				},
			]
		: [];
	const chips = queries
		.map(
			(q) =>
				`<a class="chip" href="https://www.google.com/search?q=${encodeURIComponent(q)}">${escapeHtml(q)}</a>`,
		)
		.join('');
	return {
		...(queries.length ? { webSearchQueries: queries } : {}),
		...(types.image ? { imageSearchQueries: [`${subject} photo`] } : {}),
		groundingChunks: chunks,
		groundingSupports: supports,
		searchEntryPoint: {
			renderedContent: `<style>.container{align-items:center;border-radius:8px;display:flex;font-family:Google Sans,Roboto,sans-serif;font-size:14px;padding:8px 12px}.chip{border:1px solid #dadce0;border-radius:16px;margin:0 4px;padding:5px 16px;text-decoration:none;color:#5e5e5e}</style><div class="container"><div class="headline">Search suggestions</div><div class="carousel">${chips}</div></div>`,
		},
	};
}
