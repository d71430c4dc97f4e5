import { createLimiter, mapInOrder } from '../../../nodes/GeminiImage/transport/concurrency';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createLimiter', () => {
	it('never runs more than the limit at once and runs everything', async () => {
		const limit = createLimiter(3);
		let active = 0;
		let peak = 0;
		const done = await Promise.all(
			Array.from({ length: 10 }, (_, i) =>
				limit(async () => {
					active++;
					peak = Math.max(peak, active);
					await tick();
					active--;
					return i;
				}),
			),
		);
		expect(peak).toBe(3);
		expect(done).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
	});
});

describe('mapInOrder', () => {
	it('returns results in index order whatever finishes first', async () => {
		const results = await mapInOrder(6, 3, async (i) => {
			await new Promise((resolve) => setTimeout(resolve, (6 - i) * 3));
			return i * 10;
		});
		expect(results).toEqual([0, 10, 20, 30, 40, 50]);
	});

	it('starts nothing new once told to stop', async () => {
		let stop = false;
		const started: number[] = [];
		const results = await mapInOrder(
			10,
			2,
			async (i) => {
				started.push(i);
				if (i === 1) stop = true;
				await tick();
				return i;
			},
			() => stop,
		);
		expect(started).toEqual([0, 1]);
		expect(results.slice(0, 2)).toEqual([0, 1]);
		expect(results.slice(2).every((r) => r === undefined)).toBe(true);
	});
});
