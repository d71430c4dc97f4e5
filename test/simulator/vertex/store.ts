/**
 * Vertex AI credentials the simulator knows: service accounts with their public keys (registered
 * by tests, which keep the private halves), the access tokens it has granted, and express-mode
 * API keys. reset() leaves all of them, as Google's IAM outlives a client's retries.
 */
import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';

export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;
/** The project of express keys registered without one. */
export const DEFAULT_VERTEX_PROJECT = 'simulator-project';

export interface ServiceAccountKeyRecord {
	id: string;
	publicKey: KeyObject;
	/** Deleted keys stay listed; an assertion signed with one is refused. */
	deleted: boolean;
}

export interface ServiceAccount {
	email: string;
	project: string;
	clientId: string;
	/** The key file's token_uri, accepted as the assertion's audience beside this server's /token. */
	tokenUri?: string;
	keys: Map<string, ServiceAccountKeyRecord>;
}

export interface AccessToken {
	token: string;
	serviceAccount: string;
	project: string;
	scopes: string[];
	issuedAt: number;
	expiresAt: number;
}

export interface ServiceAccountRegistration {
	client_email: string;
	project_id: string;
	private_key_id: string;
	/** PEM (SPKI) of the public key; a private key PEM is also taken, and only its public half kept. */
	public_key: string;
	client_id?: string;
	token_uri?: string;
}

export class VertexStore {
	readonly serviceAccounts = new Map<string, ServiceAccount>();
	readonly tokens = new Map<string, AccessToken>();
	/** Express-mode API key: the project it belongs to. */
	readonly expressKeys = new Map<string, string>();

	constructor(
		public tokenLifetimeSeconds: number,
		expressKeys: Readonly<Record<string, string>> = {},
	) {
		for (const [key, project] of Object.entries(expressKeys)) this.expressKeys.set(key, project);
	}

	/** Registers the account, or adds the key to an account already known (its project must match). */
	register(registration: ServiceAccountRegistration): ServiceAccount {
		const publicKey = createPublicKey(registration.public_key);
		if (publicKey.asymmetricKeyType !== 'rsa') throw new Error('The key must be an RSA key.');
		const existing = this.serviceAccounts.get(registration.client_email);
		if (existing && existing.project !== registration.project_id) {
			throw new Error(
				`${registration.client_email} belongs to project ${existing.project}, not ${registration.project_id}.`,
			);
		}
		const account: ServiceAccount = existing ?? {
			email: registration.client_email,
			project: registration.project_id,
			clientId: registration.client_id ?? '',
			tokenUri: registration.token_uri,
			keys: new Map(),
		};
		account.keys.set(registration.private_key_id, {
			id: registration.private_key_id,
			publicKey,
			deleted: false,
		});
		this.serviceAccounts.set(account.email, account);
		return account;
	}

	/** Deletes a key, as the console's "Delete key" does; tokens it already got stay valid. */
	deleteKey(email: string, keyId: string): boolean {
		const key = this.serviceAccounts.get(email)?.keys.get(keyId);
		if (!key || key.deleted) return false;
		key.deleted = true;
		return true;
	}

	grant(account: ServiceAccount, scopes: string[], now = Date.now()): AccessToken {
		const token: AccessToken = {
			token: `ya29.c.${randomBytes(96).toString('base64url')}`,
			serviceAccount: account.email,
			project: account.project,
			scopes,
			issuedAt: now,
			expiresAt: now + this.tokenLifetimeSeconds * 1000,
		};
		this.tokens.set(token.token, token);
		return token;
	}

	/** Makes granted tokens expire now (those of one account, or all); returns how many. */
	expireTokens(email?: string, now = Date.now()): number {
		let expired = 0;
		for (const grant of this.tokens.values()) {
			if (email !== undefined && grant.serviceAccount !== email) continue;
			if (grant.expiresAt > now) {
				grant.expiresAt = now;
				expired++;
			}
		}
		return expired;
	}
}
