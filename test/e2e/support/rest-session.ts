import { randomUUID } from 'node:crypto';

/**
 * Talks to a running n8n's REST API as its editor does: an `n8n-auth` cookie from logging in, and
 * the `browser-id` header the cookie is bound to.
 */
export class RestSession {
	private cookie = '';
	private readonly browserId = randomUUID();

	constructor(private readonly baseUrl: string) {}

	/** Creates the instance owner (a fresh n8n has none), then logs in as them. */
	async setUpOwnerAndLogIn(email: string, password: string): Promise<void> {
		await this.request('POST', '/rest/owner/setup', {
			email,
			firstName: 'End',
			lastName: 'ToEnd',
			password,
		});
		await this.request('POST', '/rest/login', { emailOrLdapLoginId: email, password });
	}

	async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await this.send(method, path, body).catch((error: Error) => {
			// A kept-alive connection n8n closed while idle fails before n8n reads the request
			// ("other side closed"): such a request is sent once more, on a new connection.
			const code = (error.cause as { code?: string } | undefined)?.code;
			if (code !== 'UND_ERR_SOCKET') throw error;
			return this.send(method, path, body);
		});
		const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
		if (setCookie) this.cookie = setCookie.split(';')[0];
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
		return (text ? JSON.parse(text) : undefined) as T;
	}

	private send(method: string, path: string, body: unknown): Promise<Response> {
		return fetch(`${this.baseUrl}${path}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': this.browserId,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	}
}
