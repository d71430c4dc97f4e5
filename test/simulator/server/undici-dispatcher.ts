/**
 * @google/genai 3.x hands fetch a dispatcher that looks up Undici's global dispatcher under
 * Symbol.for('undici.globalDispatcher.1') on globalThis. Jest runs each test file in its own VM
 * context whose globalThis lacks that symbol (Node sets it on the main realm's global), so every
 * SDK call fails with "Undici globalDispatcher is not available". This copies the main realm's
 * dispatcher into the test context. Outside Jest it does nothing.
 */
const DISPATCHER = Symbol.for('undici.globalDispatcher.1');

export function shareUndiciDispatcher(): void {
	const local = globalThis as Record<symbol, unknown>;
	if (local[DISPATCHER] || typeof fetch !== 'function') return;
	// fetch comes from the main realm, so its Function constructor reaches that realm's global.
	const mainGlobal = (fetch.constructor as FunctionConstructor)('return globalThis')() as Record<
		symbol,
		unknown
	>;
	if (!mainGlobal[DISPATCHER]) new Headers(); // makes Node initialise Undici lazily
	if (mainGlobal[DISPATCHER]) local[DISPATCHER] = mainGlobal[DISPATCHER];
}
