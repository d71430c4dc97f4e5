/**
 * A Google Cloud service-account key, as the console downloads it (JSON). Read and checked here;
 * no message ever quotes the key or its private key, only which field is wrong.
 */
import { createPrivateKey } from 'node:crypto';

export interface ServiceAccountKey {
	clientEmail: string;
	privateKey: string;
	privateKeyId: string;
	/** Where tokens come from: the key's own `token_uri`. */
	tokenUri: string;
	projectId: string;
}

export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';

export type KeyReading = { key: ServiceAccountKey } | { problem: string };

const FIX =
	'Paste the whole JSON key file of the service account (IAM & Admin > Service Accounts > Keys > Add key > JSON).';

function isLoopback(hostname: string): boolean {
	return hostname === 'localhost' || hostname === '[::1]' || /^127\./.test(hostname);
}

/** The token URI, if it may receive the signed assertion: https, or http on this machine. */
function checkTokenUri(value: string): string | undefined {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return 'its token_uri is not a valid address';
	}
	if (url.username || url.password) return 'its token_uri holds a user name or password';
	if (url.protocol === 'https:') return undefined;
	if (url.protocol === 'http:' && isLoopback(url.hostname)) return undefined;
	return `its token_uri uses ${url.protocol.replace(/:$/, '')}: only https (or http on this machine) may receive a signed token request`;
}

export function readServiceAccountKey(text: string): KeyReading {
	const trimmed = text.trim();
	if (!trimmed) return { problem: `The service-account key is empty. ${FIX}` };
	let parsed: unknown;
	try {
		parsed = JSON.parse(trimmed);
	} catch {
		return { problem: `The service-account key is not valid JSON. ${FIX}` };
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		return { problem: `The service-account key is not a JSON object. ${FIX}` };
	}
	const fields = parsed as Record<string, unknown>;
	if (fields.type !== undefined && fields.type !== 'service_account') {
		return {
			problem: `The key is of type "${String(fields.type).slice(0, 40)}", not "service_account". ${FIX}`,
		};
	}
	const missing = ['client_email', 'private_key'].filter(
		(name) => typeof fields[name] !== 'string' || !(fields[name] as string).trim(),
	);
	if (missing.length > 0) {
		return { problem: `The service-account key has no ${missing.join(' and no ')}. ${FIX}` };
	}
	const privateKey = (fields.private_key as string).replace(/\\n/g, '\n');
	try {
		createPrivateKey(privateKey);
	} catch {
		return {
			problem: `The private_key of the service-account key is not a readable RSA private key. ${FIX}`,
		};
	}
	const tokenUri =
		typeof fields.token_uri === 'string' && fields.token_uri.trim()
			? fields.token_uri.trim()
			: GOOGLE_TOKEN_URI;
	const uriProblem = checkTokenUri(tokenUri);
	if (uriProblem) return { problem: `The service-account key cannot be used: ${uriProblem}.` };
	return {
		key: {
			clientEmail: (fields.client_email as string).trim(),
			privateKey,
			privateKeyId: typeof fields.private_key_id === 'string' ? fields.private_key_id : '',
			tokenUri,
			projectId: typeof fields.project_id === 'string' ? fields.project_id.trim() : '',
		},
	};
}

/** What must never be shown: the private key, whole and line by line (a message may cut it). */
export function keySecrets(key: ServiceAccountKey): string[] {
	const lines = key.privateKey
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line.length >= 16 && !line.startsWith('-----'));
	return [key.privateKey, key.privateKey.replace(/\n/g, '\\n'), ...lines];
}
