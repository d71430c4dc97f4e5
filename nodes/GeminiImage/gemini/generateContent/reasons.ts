/**
 * Every reason Google gives for an answer without an image, in one table: what happened (the
 * summary, read after "No image for item N:") and what to do (the hint). Keys are Google's
 * codes as generateContent sends them; the Interactions API's lowercase block reasons are read
 * in the same words. A reason missing here is shown as Google sent it.
 */
export interface ReasonWords {
	summary: string;
	hint: string;
	/** Whether the same request may succeed when sent again. */
	retryable: boolean;
}

export const REPHRASE = 'Rephrase the prompt (or change the input images) and run again.';
const AGAIN = `Run again; if it keeps happening, ${REPHRASE.toLowerCase()}`;
const SHORTEN = 'Shorten the prompt or the system instruction and run again.';
const OWN_WORDS = 'Describe what you want in your own words rather than naming a protected work.';
const TOOLS = 'Run again; if it keeps happening, run this item without Google Search grounding.';

/** Refusals of the answer: the safety ones add "not charged" unless Google said it already. */
export const SAFETY_REASONS = new Set([
	'SAFETY',
	'IMAGE_SAFETY',
	'PROHIBITED_CONTENT',
	'IMAGE_PROHIBITED_CONTENT',
	'BLOCKLIST',
	'SPII',
]);

const refused = (summary: string, hint = REPHRASE): ReasonWords => ({
	summary,
	hint,
	retryable: false,
});
const transient = (summary: string, hint = AGAIN): ReasonWords => ({
	summary,
	hint,
	retryable: true,
});

/** generateContent's finish reasons (the SDK's FinishReason); STOP without an image is TEXT_ONLY. */
export const FINISH_REASONS: Readonly<Record<string, ReasonWords>> = {
	TEXT_ONLY: transient(
		'the model answered with text only',
		`Ask for an image explicitly in the prompt, or ${REPHRASE.toLowerCase()}`,
	),
	FINISH_REASON_UNSPECIFIED: transient(
		'Google gave no reason for stopping (FINISH_REASON_UNSPECIFIED)',
	),
	MAX_TOKENS: refused('the answer hit the output token limit before an image was made', SHORTEN),
	CONTINUATION: transient(
		'the answer reached the per-request token limit before it was complete (CONTINUATION)',
		SHORTEN,
	),
	SAFETY: refused('the model refused for safety reasons (SAFETY)'),
	IMAGE_SAFETY: refused('the model refused for safety reasons (IMAGE_SAFETY)'),
	PROHIBITED_CONTENT: refused(
		'the model refused: the answer may hold prohibited content (PROHIBITED_CONTENT)',
	),
	IMAGE_PROHIBITED_CONTENT: refused(
		'the model refused: the image would hold prohibited content (IMAGE_PROHIBITED_CONTENT)',
	),
	BLOCKLIST: refused(
		'the model refused: the answer held a term from a blocklist (BLOCKLIST)',
		'Leave out the blocked term and run again.',
	),
	SPII: refused(
		'the model refused: the answer may hold sensitive personal information (SPII)',
		'Leave personal details (ID numbers, addresses, account data) out of the prompt and images, and run again.',
	),
	RECITATION: refused(
		'the answer would have recited protected content (RECITATION)',
		`${OWN_WORDS} ${REPHRASE}`,
	),
	IMAGE_RECITATION: refused(
		'the image would have recited protected content (IMAGE_RECITATION)',
		`${OWN_WORDS} ${REPHRASE}`,
	),
	LANGUAGE: transient(
		'the prompt is in a language the model does not support (LANGUAGE)',
		'Write the prompt in a supported language (English works everywhere) and run again.',
	),
	OTHER: transient('the model stopped for a reason Google does not name (OTHER)'),
	IMAGE_OTHER: transient('the model could not make the image (IMAGE_OTHER)'),
	NO_IMAGE: transient(
		'the model was asked for an image but made none (NO_IMAGE)',
		`Ask for an image explicitly in the prompt, or ${REPHRASE.toLowerCase()}`,
	),
	MALFORMED_FUNCTION_CALL: transient(
		'the model made a tool call it could not complete (MALFORMED_FUNCTION_CALL)',
		TOOLS,
	),
	UNEXPECTED_TOOL_CALL: transient(
		'the model called a tool the request did not offer (UNEXPECTED_TOOL_CALL)',
		TOOLS,
	),
	TOO_MANY_TOOL_CALLS: transient(
		'the model searched too many times before answering (TOO_MANY_TOOL_CALLS)',
		'Make the prompt more specific, or run this item without Google Search grounding.',
	),
	MALFORMED_RESPONSE: transient("Google's answer was malformed (MALFORMED_RESPONSE)", 'Run again.'),
	MISSING_THOUGHT_SIGNATURE: refused(
		'the conversation lost a thought signature (MISSING_THOUGHT_SIGNATURE)',
		'A model turn went back to Google without the signature it came with, for instance when the conversation was edited or rebuilt by hand; refine again from the last untouched step.',
	),
	ESCALATION: refused(
		"the request was stopped by one of Google's escalation rules (ESCALATION)",
		'Rephrase the prompt; if it keeps happening, ask Google support about the project.',
	),
	PUP_LIMITED_DISABLED: refused(
		'Google has limited or disabled this account for breaking its Prohibited Use Policy (PUP_LIMITED_DISABLED)',
		'No prompt will work until Google lifts the limit: check the project in Google AI Studio or contact Google support.',
	),
	MODEL_ARMOR: refused(
		'Model Armor blocked the answer (MODEL_ARMOR)',
		"The project's Model Armor template on Vertex AI filtered it: rephrase the prompt, or review the template in the Google Cloud console.",
	),
};

const blocked = (summary: string, hint: string): ReasonWords => refused(summary, hint);
const BEFORE = 'Google blocked the prompt before generating.';

/** promptFeedback's block reasons (the SDK's BlockedReason and the Interactions BlockReason). */
export const BLOCK_REASONS: Readonly<Record<string, ReasonWords>> = {
	BLOCKED_REASON_UNSPECIFIED: blocked(
		'the prompt was blocked without a reason given (BLOCKED_REASON_UNSPECIFIED)',
		`${BEFORE} ${REPHRASE}`,
	),
	SAFETY: blocked('the prompt was blocked for safety reasons (SAFETY)', `${BEFORE} ${REPHRASE}`),
	OTHER: blocked(
		'the prompt was blocked (OTHER)',
		`${BEFORE} It names no reason (the language of the prompt is one). ${REPHRASE}`,
	),
	BLOCKLIST: blocked(
		'the prompt was blocked: it holds a term from a blocklist (BLOCKLIST)',
		'Leave out the blocked term and run again.',
	),
	PROHIBITED_CONTENT: blocked(
		'the prompt was blocked (PROHIBITED_CONTENT)',
		`${BEFORE} ${REPHRASE}`,
	),
	IMAGE_SAFETY: blocked(
		'the prompt was blocked as unsafe for image generation (IMAGE_SAFETY)',
		`${BEFORE} ${REPHRASE}`,
	),
	MODEL_ARMOR: blocked(
		'Model Armor blocked the prompt (MODEL_ARMOR)',
		"The project's Model Armor template on Vertex AI filtered it: rephrase the prompt, or review the template in the Google Cloud console.",
	),
	JAILBREAK: blocked(
		'the prompt was blocked as a jailbreak attempt (JAILBREAK)',
		`${BEFORE} Ask for the image plainly, without instructions about the model's rules, and run again.`,
	),
};

/** A finish reason Google sent that the table does not know: shown as sent. */
export function unknownFinish(reason: string): ReasonWords {
	return transient(`the model made no image (${reason})`);
}

/** A block reason the table does not know: shown as sent. */
export function unknownBlock(reason: string): ReasonWords {
	return blocked(`the prompt was blocked (${reason})`, `${BEFORE} ${REPHRASE}`);
}
