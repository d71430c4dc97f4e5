import type { DecodedImage } from '../gemini/generateContent/answerImages';
import { decodeAnswerImages } from '../gemini/generateContent/answerImages';
import type { ApiAdapter } from '../gemini/generateContent/adapter';
import type { ApiFailure } from '../gemini/failures/errors';
import type { GeneratedContent, MissingImage } from '../gemini/generateContent/response';
import { explainMissingImage } from '../gemini/generateContent/response';
import { RejectedAnswer } from './retries';

/** What became of one requested image. */
export type Outcome =
	| { made: GeneratedContent; images: Map<number, DecodedImage>; quotaWaitMs?: number }
	| { failure: ApiFailure; attempts: number }
	| { missing: MissingImage };

/**
 * Google's answer on the adapter's API, judged: an image that really is one, or why there is
 * none; an answer whose images cannot be read is rejected (the live path retries it). Pure.
 */
export function judgeAnswer(adapter: ApiAdapter) {
	return (answer: unknown): Outcome | RejectedAnswer => judgeContent(adapter.readContent(answer));
}

function judgeContent(content: GeneratedContent): Outcome | RejectedAnswer {
	if (!content.image) return { missing: explainMissingImage(content) };
	const images = decodeAnswerImages(content.modelParts);
	if (!images.ok) {
		return new RejectedAnswer({
			kind: 'unreadable',
			message: images.problem,
			quotaIsZero: false,
			retryable: true,
			hint: 'Nothing was passed on. Run again; if it keeps happening, check what answers at the Base URL (a gateway that rewrites answers?).',
		});
	}
	return { made: content, images: images.byPart };
}
