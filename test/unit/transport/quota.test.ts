import { quotaGate } from '../../../nodes/GeminiImage/transport/quota';

describe('the quota gate', () => {
	it('spaces requests to the pace set, shared by every gate of the same credential and model', async () => {
		const a = quotaGate('cred-a', 'm', 600);
		const b = quotaGate('cred-a', 'm', 600);
		const started = Date.now();
		const waits = await Promise.all([a.take(), b.take(), a.take(), b.take()]);
		// 600 a minute: one every 105 ms (the margin), the first at once.
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
		expect(Math.max(...waits)).toBeGreaterThanOrEqual(290);
		expect(Math.min(...waits)).toBeLessThan(50);
		// Another credential or model has its own pace.
		const other = Date.now();
		await quotaGate('cred-b', 'm', 600).take();
		await quotaGate('cred-a', 'n', 600).take();
		expect(Date.now() - other).toBeLessThan(50);
	});

	it('holds back every request of the credential and model for a delay Google asked, once', async () => {
		const first = quotaGate('cred-c', 'm', 0);
		const second = quotaGate('cred-c', 'm', 0);
		expect(await first.take()).toBeLessThan(20);
		first.backOff(300);
		const started = Date.now();
		const waits = await Promise.all([first.take(), second.take()]);
		expect(Date.now() - started).toBeGreaterThanOrEqual(280);
		expect(Math.min(...waits)).toBeGreaterThanOrEqual(280);
		// Waited out: no more waiting.
		expect(await second.take()).toBeLessThan(20);
	});

	it('stops waiting when the execution is stopped', async () => {
		const gate = quotaGate('cred-d', 'm', 0);
		gate.backOff(60_000);
		const stop = new AbortController();
		setTimeout(() => stop.abort(), 50);
		const started = Date.now();
		await gate.take(stop.signal);
		expect(Date.now() - started).toBeLessThan(1000);
	});
});
