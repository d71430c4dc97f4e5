/**
 * For Jest's `setupFiles`: lets @google/genai run in every test file, including those that do not
 * start a simulator in-process (see server/undici-dispatcher.ts).
 */
import { shareUndiciDispatcher } from './server/undici-dispatcher';

shareUndiciDispatcher();
