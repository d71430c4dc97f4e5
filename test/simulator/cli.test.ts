import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CLI = join(__dirname, 'cli.ts');
const FIRST_LINE =
	/^Gemini API simulator listening on (http:\/\/127\.0\.0\.1:(\d+)) \(API key: (.+)\)$/;

function run(args: string[], env: Record<string, string> = {}): ChildProcess {
	// Node itself with tsx as a loader, so a signal reaches the simulator, not a wrapper process that
	// relays it on a timer and reports 130 when the machine is slow.
	return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
		cwd: ROOT,
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
}

function firstLine(child: ChildProcess): Promise<string> {
	return new Promise((resolve, reject) => {
		let text = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			text += chunk.toString();
			const end = text.indexOf('\n');
			if (end >= 0) resolve(text.slice(0, end));
		});
		child.on('exit', (code) => reject(new Error(`exited with ${code} before printing`)));
	});
}

function exitCode(child: ChildProcess): Promise<number | null> {
	return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('simulator CLI', () => {
	it('prints the documented first line, serves, and stops on SIGTERM', async () => {
		const child = run(['--latency', '0'], { SIMULATOR_API_KEY: 'from-env' });
		const line = await firstLine(child);
		const match = FIRST_LINE.exec(line);
		expect(match).not.toBeNull();
		const [, url, port, key] = match!;
		expect(Number(port)).toBeGreaterThan(0);
		expect(key).toBe('from-env');
		const models = await fetch(`${url}/v1beta/models`, { headers: { 'x-goog-api-key': key } });
		expect(models.status).toBe(200);
		const exited = exitCode(child);
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	});

	it('takes --port and --key', async () => {
		const probe = run(['--port', '0']);
		const free = Number(FIRST_LINE.exec(await firstLine(probe))![2]);
		const probeExit = exitCode(probe);
		probe.kill('SIGINT');
		expect(await probeExit).toBe(0);

		const child = run(['--port', String(free), '--key', 'cli-key']);
		expect(await firstLine(child)).toBe(
			`Gemini API simulator listening on http://127.0.0.1:${free} (API key: cli-key)`,
		);
		const exited = exitCode(child);
		child.kill('SIGINT');
		expect(await exited).toBe(0);
	});

	it('takes --background and --interaction-retention for the Interactions API', async () => {
		const child = run(['--background', '50', '--interaction-retention', '1500']);
		const [, url, , key] = FIRST_LINE.exec(await firstLine(child))!;
		const headers = { 'x-goog-api-key': key, 'content-type': 'application/json' };
		const body = JSON.stringify({ model: 'gemini-nano-banana-2.1', input: 'x', background: true });
		const created: any = await (
			await fetch(`${url}/v1beta/interactions`, { method: 'POST', headers, body })
		).json();
		const read = async () => fetch(`${url}/v1beta/interactions/${created.id}`, { headers });
		await new Promise((resolve) => setTimeout(resolve, 700));
		expect(((await (await read()).json()) as any).status).toBe('completed');
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect((await read()).status).toBe(404);
		const exited = exitCode(child);
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	});

	it('exits with an error for an unknown option', async () => {
		const child = run(['--colour', 'blue']);
		expect(await exitCode(child)).toBe(2);
	});
});
