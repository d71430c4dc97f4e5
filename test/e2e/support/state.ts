import type { CredentialReference } from '../../../scripts/n8n/examples';
import { N8nInstance, type N8nSettings } from '../../../scripts/n8n/n8n-instance';
import type { N8nRuntime } from '../../../scripts/n8n/runtime';
import { loadSuiteState } from '../../support/suite';

/** What the global setup prepared, handed to every test file through a JSON file. */
export interface E2eState {
	root: string;
	runtime: N8nRuntime;
	userFolder: string;
	/** The folder workflows may write to (`N8N_RESTRICT_FILE_ACCESS_TO`). */
	filesFolder: string;
	logFolder: string;
	brokerPort: number;
	simulator: { baseUrl: string; apiKey: string };
	credential: CredentialReference;
}

export const STATE_ENV = 'GEMINI_IMAGE_E2E_STATE';

export function loadState(): E2eState {
	return loadSuiteState<E2eState>(STATE_ENV, 'npm run test:e2e');
}

/** The n8n of this suite, for CLI commands (and, with a port, for `n8n start`). */
export function suiteN8n(state: E2eState, overrides: Partial<N8nSettings> = {}): N8nInstance {
	return new N8nInstance(state.runtime, {
		userFolder: state.userFolder,
		filesFolder: state.filesFolder,
		brokerPort: state.brokerPort,
		...overrides,
	});
}
