/**
 * Whatever answers at the Base URL is untrusted: these servers redirect, stall, flood, echo the
 * key and lie about images. Each case asserts what the user reads, and that nothing is lost:
 * every input item yields an image or an error naming the item.
 */
import { NodeOperationError } from 'n8n-workflow';

import { GeminiImageApi } from '../../credentials/GeminiImageApi.credentials';
import { GeminiImage } from '../../nodes/GeminiImage/GeminiImage.node';
import type { RunResult } from '../harness';
import { testCredential } from '../harness';
import { answerWithImage, sendJson, startHostileServer } from './hostile-server';
import type { HostileServer } from './hostile-server';
import { model, pngBytes, runGeminiImage, useSimulator } from './setup';

const simulator = useSimulator();
const servers: HostileServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function hostile(handler: Parameters<typeof startHostileServer>[0]) {
	const server = await startHostileServer(handler);
	servers.push(server);
	return server;
}

const TWO_ITEMS = [{ json: { id: 'a' } }, { json: { id: 'b' } }];

const generate = (options: Record<string, unknown> = {}) => ({
	operation: 'generate',
	model: model('gemini-3-pro-image'),
	prompt: 'A lighthouse at dawn',
	options: { maxRetries: 0, ...options },
});

/** Runs two items against `baseUrl` under Continue On Fail. */
function runAgainst(baseUrl: string, options: Record<string, unknown> = {}, apiKey?: string) {
	return runGeminiImage(simulator(), generate(options), {
		input: TWO_ITEMS,
		continueOnFail: true,
		credentials: { baseUrl, ...(apiKey ? { apiKey } : {}) },
	});
}

interface ErrorJson {
	message: string;
	description?: string;
	reason?: string;
	retryable?: boolean;
}

/** Every input item came out as an error item, in order, paired to it. */
function errorsOf(result: RunResult): ErrorJson[] {
	expect(result.error).toBeUndefined();
	expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	for (const item of result.items) expect(item.binary).toBeUndefined();
	return result.items.map((item) => item.json.error as unknown as ErrorJson);
}

const PNG = pngBytes(32, 24).toString('base64');

describe('redirects', () => {
	it.each([302, 307])(
		'a %s to another origin is refused: nothing, the key included, reaches the other host',
		async (status) => {
			const elsewhere = await hostile((_request, res) => sendJson(res, 200, answerWithImage(PNG)));
			const base = await hostile((request, res) => {
				res.writeHead(status, { location: `${elsewhere.url}/steal${request.url}?token=secret` });
				res.end();
			});
			const errors = errorsOf(await runAgainst(base.url));
			expect(errors.map((error) => error.message)).toEqual(
				[0, 1].map(
					(item) =>
						`Gemini API endpoint answer refused for item ${item}: the endpoint answered HTTP ${status} with a redirect to ${elsewhere.url}/steal/v1beta/models/gemini-3-pro-image:generateContent; redirects are not followed, so nothing (the API key included) was sent there`,
				),
			);
			expect(errors[0]).toMatchObject({ reason: 'ENDPOINT', retryable: false });
			expect(elsewhere.requests).toEqual([]);
			expect(base.requests).toHaveLength(2);
		},
	);

	it.each([
		['without a Location', {}, 'nowhere it named'],
		[
			'to an address that is not a URL',
			{ location: 'http://[::1' },
			'an address that is not a URL',
		],
	])(
		'a redirect %s is refused too, not retried as a network fault',
		async (_what, headers, target) => {
			const base = await hostile((_request, res) => {
				res.writeHead(302, headers);
				res.end();
			});
			const errors = errorsOf(await runAgainst(base.url, { maxRetries: 3 }));
			expect(errors[0].message).toBe(
				`Gemini API endpoint answer refused for item 0: the endpoint answered HTTP 302 with a redirect to ${target}; redirects are not followed, so nothing (the API key included) was sent there`,
			);
			expect(base.requests).toHaveLength(2);
		},
	);
});

describe('an endless model list', () => {
	it('is read to 10 pages, and the credential test still answers', async () => {
		const base = await hostile((_request, res) =>
			sendJson(res, 200, {
				models: [
					{ name: 'models/gemini-3-pro-image', supportedGenerationMethods: ['generateContent'] },
				],
				nextPageToken: 'more',
			}),
		);
		const result = await testCredential(
			new GeminiImageApi(),
			{ apiKey: simulator().apiKey, baseUrl: base.url, apiVersion: 'v1beta' },
			new GeminiImage(),
		);
		expect(result).toMatchObject({
			status: 'OK',
			message: 'Connection successful: 10 image models available.',
		});
		expect(base.requests).toHaveLength(10);
	});
});

describe('waits Google asks for', () => {
	it.each(['86400s', '3000000s'])(
		'a 429 asking %s fails at once with how long Google asked, not after a day',
		async (delay) => {
			const base = await hostile((_request, res) =>
				sendJson(res, 429, {
					error: {
						code: 429,
						status: 'RESOURCE_EXHAUSTED',
						message: 'Quota exceeded for metric: generate_requests_per_model_per_day',
						details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: delay }],
					},
				}),
			);
			// Within the test's timeout (30 s), not after a day: one request per item, none waited.
			const errors = errorsOf(await runAgainst(base.url, { maxRetries: 3 }));
			expect(base.requests).toHaveLength(2);
			expect(errors[1].message).toBe(
				'Gemini API error for item 1: Quota exceeded for metric: generate_requests_per_model_per_day [429 RESOURCE_EXHAUSTED]',
			);
			expect(errors[1].description).toBe(
				`Google asks to wait ${delay} before the next request, longer than the node waits (60s, "Options > Max Retry Wait"): a daily quota is likely used up. Run again once it resets, or raise the quota in Google AI Studio.`,
			);
		},
	);

	it('a fractional delay within the ceiling is waited exactly, then the retry succeeds', async () => {
		let calls = 0;
		const base = await hostile((_request, res) => {
			calls++;
			if (calls === 1) {
				sendJson(res, 429, {
					error: {
						code: 429,
						status: 'RESOURCE_EXHAUSTED',
						message: 'Quota exceeded',
						details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0.4s' }],
					},
				});
			} else sendJson(res, 200, answerWithImage(PNG));
		});
		const result = await runGeminiImage(simulator(), generate({ maxRetries: 1 }), {
			credentials: { baseUrl: base.url },
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ width: 32, height: 24, mimeType: 'image/png' });
		expect(base.requests).toHaveLength(2);
	});

	it('takes Max Retry Wait from the options: 5s asked, 2s allowed, the item fails at once', async () => {
		const base = await hostile((_request, res) =>
			sendJson(res, 429, {
				error: {
					code: 429,
					status: 'RESOURCE_EXHAUSTED',
					message: 'Quota exceeded',
					details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '5s' }],
				},
			}),
		);
		const errors = errorsOf(await runAgainst(base.url, { maxRetries: 3, maxRetryWaitSeconds: 2 }));
		expect(base.requests).toHaveLength(2);
		expect(errors[0].description).toContain(
			'Google asks to wait 5s before the next request, longer than the node waits (2s,',
		);
	});
});

describe('bodies', () => {
	it('an endless 200 body is cut at the bound with a clear error', async () => {
		const chunk = Buffer.alloc(1024 * 1024, 0x61);
		const base = await hostile((_request, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			const pump = () => {
				while (res.write(chunk));
			};
			res.on('drain', pump);
			res.on('error', () => undefined);
			pump();
		});
		const errors = errorsOf(await runAgainst(base.url));
		expect(errors[0].message).toBe(
			'Gemini API endpoint answer refused for item 0: the answer is larger than 64 MB, the most the node reads; it was not read',
		);
	});

	it('a 600 MB body declared up front is refused before it is read', async () => {
		const base = await hostile((_request, res) => {
			res.writeHead(200, {
				'content-type': 'application/json',
				'content-length': 600 * 1024 * 1024,
			});
			res.write('{"candidates":[');
		});
		const errors = errorsOf(await runAgainst(base.url));
		expect(errors[1].message).toContain('the answer is larger than 64 MB');
		expect(errors[1].description).toContain('A real answer is under 10 MB even at 4K');
	});

	it('a 502 with a 3 MB HTML page becomes a short excerpt with its status', async () => {
		const page = `<html><head><title>502 Bad Gateway</title><style>body{}</style></head><body><h1>Bad Gateway</h1>${'<p>upstream down</p>'.repeat(170_000)}</body></html>`;
		const base = await hostile((_request, res) => {
			res.writeHead(502, { 'content-type': 'text/html' });
			res.end(page);
		});
		const errors = errorsOf(await runAgainst(base.url));
		expect(errors[0].message.length).toBeLessThan(500);
		expect(errors[0].message).toMatch(
			/^Gemini API error for item 0: 502 Bad Gateway Bad Gateway upstream down upstream down .*… \(\d+ characters in all, an HTML page\) \[502 Bad Gateway\]$/,
		);
	});
});

describe('images that are not images', () => {
	it.each([
		['invalid base64', '!!!not base64!!!', 'its base64 is invalid'],
		[
			'garbage bytes',
			Buffer.from('just some text, no image at all').toString('base64'),
			'its 31 bytes are no image type Gemini makes',
		],
		['an empty image', '', undefined],
	])('%s: the item fails, no binary is passed on', async (_case, data, why) => {
		const base = await hostile((_request, res) => sendJson(res, 200, answerWithImage(data)));
		const errors = errorsOf(await runAgainst(base.url));
		if (why) {
			expect(errors[0].message).toBe(
				`Unreadable answer from the Gemini API for item 0: the API returned an unreadable image (part 2): ${why}`,
			);
			expect(errors[0].description).toContain('Nothing was passed on.');
		} else {
			// An empty inlineData is no image at all: the text-only answer it is.
			expect(errors[0].message).toBe('No image for item 0: the model answered with text only');
		}
	});
});

describe('an unreadable image is retried like a failed call', () => {
	it('a garbage image, then a real one: the item gets the real one', async () => {
		let calls = 0;
		const base = await hostile((_request, res) => {
			calls++;
			sendJson(
				res,
				200,
				answerWithImage(calls === 1 ? Buffer.from('garbage').toString('base64') : PNG),
			);
		});
		const result = await runGeminiImage(simulator(), generate({ maxRetries: 1 }), {
			credentials: { baseUrl: base.url },
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ width: 32, height: 24 });
		expect(base.requests).toHaveLength(2);
	});
});

describe('the key stays secret', () => {
	it('is redacted from the status, the reason and the HTTP reason phrase', async () => {
		const key = 'AIzaSyHOSTILE-echoed-key-0123456789';
		const json = await hostile((_request, res) =>
			sendJson(res, 400, {
				error: {
					code: 400,
					status: `BAD_${key}`,
					message: `key ${key} rejected`,
					details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: key }],
				},
			}),
		);
		const phrase = await hostile((_request, res) => {
			res.writeHead(403, `Forbidden for ${key}`, { 'content-type': 'text/plain' });
			res.end(`denied: ${key}`);
		});
		for (const base of [json, phrase]) {
			const result = await runAgainst(base.url, {}, key);
			const seen = JSON.stringify([result.items, result.logs]);
			expect(seen).not.toContain(key);
			expect(seen).toContain('[redacted]');
			expect(errorsOf(result)).toHaveLength(2);
		}
	});

	it('a Base URL with a user name and password is refused before anything is sent', async () => {
		const base = await hostile((_request, res) => sendJson(res, 200, answerWithImage(PNG)));
		const withPassword = base.url.replace('http://', 'http://admin:hunter2-secret@');
		const result = await runAgainst(withPassword);
		const errors = errorsOf(result);
		expect(errors[0].message).toBe(
			'The Base URL holds a user name or password (Gemini Image API credential, item 0)',
		);
		expect(errors[0].reason).toBe('INVALID_CREDENTIAL');
		expect(base.requests).toEqual([]);
		expect(JSON.stringify([result.items, result.logs])).not.toContain('hunter2-secret');
	});

	it.each([
		['a line break', 'AIzaSy-first-half\nsecond-half'],
		['a zero-width space', 'AIzaSy-first-half\u200bsecond-half'],
		['a no-break space', 'AIzaSy-first-half\u00a0second-half'],
	])('a key with %s is named as such, not as an unreachable host', async (_what, key) => {
		const result = await runAgainst(simulator().url, {}, key);
		const errors = errorsOf(result);
		expect(errors[1].message).toBe(
			'The API key holds a line break, a space or another character no key has (Gemini Image API credential, item 1)',
		);
		expect(errors[1].description).toBe('Paste the key again into the credential, as one line.');
		expect(simulator().requests).toEqual([]);
	});
});

describe('names and ids from the user or the endpoint', () => {
	it('refuses __proto__ as the output binary property, naming the option', async () => {
		const result = await runGeminiImage(
			simulator(),
			generate({ binaryPropertyName: '__proto__', imagesOutput: 'oneItem', numberOfImages: 2 }),
		);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe(
			'The output binary property "__proto__" is a name JavaScript objects reserve (item 0)',
		);
		expect(simulator().requests).toEqual([]);
	});

	it('keeps a File Name to one safe file: no folders, no line breaks, a sane length', async () => {
		const result = await runGeminiImage(
			simulator(),
			generate({ fileName: `../../etc/${'x'.repeat(300)}\r\nX-Injected: 1` }),
		);
		expect(result.error).toBeUndefined();
		const name = String(result.items[0].json.fileName);
		expect(name).not.toMatch(/[\\/\r\n]/);
		expect(name.length).toBeLessThanOrEqual(105);
		expect(result.items[0].binary?.data.fileName).toBe(name);
	});

	it('refuses a model id that would change the request path', async () => {
		const result = await runGeminiImage(simulator(), {
			...generate(),
			model: model('gemini-3-pro-image:generateContent?alt=sse#'),
		});
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe(
			'The model id "gemini-3-pro-image:generateContent?alt=sse#" is not a model id (item 0)',
		);
		expect(simulator().requests).toEqual([]);
	});

	it('reports an unreachable host as unreachable, and only that', async () => {
		const result = await runAgainst('http://127.0.0.1:9');
		const errors = errorsOf(result);
		expect(errors[0].message).toMatch(/^Gemini API unreachable for item 0: fetch failed/);
		expect(errors[0].description).toContain("check the credential's Base URL");
	});
});
