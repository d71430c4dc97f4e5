/**
 * Who is calling a Vertex AI path: the service account behind an `Authorization: Bearer` token
 * this simulator granted, or the project of an express-mode API key (`x-goog-api-key`, or
 * `?key=`). A token wins when both come. Each answer that refuses is Vertex AI's own.
 */
import { apiKeySource } from '../server/auth';
import type { Exchange } from '../server/http-util';
import { credentialError, permissionDenied } from './errors';
import { CLOUD_PLATFORM_SCOPE, type VertexStore } from './store';

export interface VertexPrincipal {
	kind: 'service-account' | 'express-key';
	project: string;
	serviceAccount?: string;
}

export interface VertexCall {
	/** The RPC, as ErrorInfo names it: 'google.cloud.aiplatform.v1beta1.PredictionService.GenerateContent'. */
	method: string;
	/** Whether an express-mode key may call it (generateContent does; listing models does not). */
	acceptsKeys: boolean;
}

function bearerToken(ex: Exchange): string | undefined {
	const header = ex.req.headers.authorization;
	if (header === undefined) return undefined;
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
	return match ? match[1] : '';
}

export function authenticateVertex(
	ex: Exchange,
	store: VertexStore,
	call: VertexCall,
	now = Date.now(),
): VertexPrincipal {
	const token = bearerToken(ex);
	if (token !== undefined) {
		const grant = store.tokens.get(token);
		if (!grant) throw credentialError('ACCESS_TOKEN_TYPE_UNSUPPORTED', call.method);
		if (grant.expiresAt <= now) throw credentialError('ACCESS_TOKEN_EXPIRED', call.method);
		if (!grant.scopes.includes(CLOUD_PLATFORM_SCOPE)) {
			throw credentialError('ACCESS_TOKEN_SCOPE_INSUFFICIENT', call.method);
		}
		if (ex.record) ex.record.serviceAccount = grant.serviceAccount;
		return {
			kind: 'service-account',
			project: grant.project,
			serviceAccount: grant.serviceAccount,
		};
	}
	const { key } = apiKeySource(ex);
	if (key === undefined) throw credentialError('CREDENTIALS_MISSING', call.method);
	const project = store.expressKeys.get(key);
	if (project === undefined || !call.acceptsKeys) {
		throw credentialError('API_KEYS_NOT_SUPPORTED', call.method);
	}
	return { kind: 'express-key', project };
}

/** A principal may call models under its own project only. */
export function checkProject(principal: VertexPrincipal, project: string, resource: string): void {
	if (principal.project !== project) throw permissionDenied(resource);
}

/** The RPC name Vertex AI reports for a path of this API version. */
export function vertexMethod(apiVersion: string, service: string, rpc: string): string {
	return `google.cloud.aiplatform.${apiVersion}.${service}.${rpc}`;
}
