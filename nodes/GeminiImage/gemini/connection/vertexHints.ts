/**
 * What Vertex AI's answers mean to a user: the same statuses as the Gemini API, other causes
 * (a project and its IAM roles, a location, a service account) and so other things to check.
 */
import type { VertexTarget } from './endpoint';
import type { ApiFailure } from '../failures/errors';

const ROLE = 'Vertex AI User (roles/aiplatform.user)';

function hintFor(failure: ApiFailure, vertex: VertexTarget): string | undefined {
	const express = !vertex.serviceAccount;
	const who = express
		? 'The express-mode key'
		: `The service account ${vertex.serviceAccount?.clientEmail}`;
	switch (failure.httpStatus) {
		case 400:
			if (/api key/i.test(failure.message)) {
				return 'The express-mode key is not valid: copy it again from the Google Cloud console (Vertex AI > Express mode) into the Vertex AI credential.';
			}
			return undefined;
		case 401:
			return express
				? 'The express-mode key was refused: check it in the Vertex AI credential.'
				: `${who} could not sign in (its token was refused): the key may have been deleted or disabled. Create a new JSON key and paste it into the Vertex AI credential.`;
		case 403:
			return express
				? 'The express-mode key has no access to this model: check that the Vertex AI API is enabled for its project.'
				: `${who} may not use Vertex AI in project "${vertex.project}": check the Project ID in the credential (the id, not the name), that the Vertex AI API is enabled there, and that the account has the role ${ROLE} in it.`;
		case 404:
			return `The model is not served at location "${vertex.location}" (or the project "${vertex.project}" does not exist): Gemini 3 image models are served in "global"; check the Location and Project ID in the Vertex AI credential, or pick a model from the list.`;
		case 429:
			return failure.quotaIsZero
				? undefined
				: `The project's Vertex AI quota for this model is used up for now: wait and run again, lower Parallel Requests, set Requests per Minute, or ask for more quota in the Google Cloud console (IAM & Admin > Quotas).`;
		default:
			return undefined;
	}
}

/** The failure with a hint for Vertex AI, where its cause differs from the Gemini API's. */
export function explainForVertex(failure: ApiFailure, vertex: VertexTarget): ApiFailure {
	const service = { ...failure, service: 'Vertex AI' };
	if (failure.kind !== 'api') return service;
	const hint = hintFor(failure, vertex);
	return hint ? { ...service, hint } : service;
}
