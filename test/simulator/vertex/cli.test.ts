import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createTestServiceAccount } from '..';
import { callVertex, expressPath, imagePrompt, requestToken, vertexPath } from './test-helpers';

const MODEL = 'gemini-3-pro-image';

const ROOT = join(__dirname, '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(__dirname, '..', 'cli.ts');

/** The CLI's stdout up to its Vertex AI line, and its URL. */
function start(
	args: string[],
	env: Record<string, string> = {},
): {
	child: ChildProcess;
	ready: Promise<{ url: string; vertexLine: string }>;
} {
	const child = spawn(TSX, [CLI, ...args], {
		cwd: ROOT,
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const ready = new Promise<{ url: string; vertexLine: string }>((resolve, reject) => {
		let text = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			text += chunk.toString();
			const url = /listening on (http:\/\/\S+)/.exec(text)?.[1];
			const vertexLine = text.split('\n').find((line) => line.startsWith('Vertex AI:'));
			if (url && vertexLine) resolve({ url, vertexLine });
		});
		child.on('exit', (code) => reject(new Error(`exited with ${code} before printing`)));
	});
	return { child, ready };
}

function stop(child: ChildProcess): Promise<number | null> {
	const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
	child.kill('SIGTERM');
	return exited;
}

describe('simulator CLI, Vertex AI options', () => {
	it('takes --express-key KEY:PROJECT and --token-lifetime S', async () => {
		const { child, ready } = start([
			'--express-key',
			'cli-express:cli-project',
			'--token-lifetime',
			'120',
		]);
		try {
			const { url, vertexLine } = await ready;
			expect(vertexLine).toContain(`tokens from ${url}/token`);
			expect(vertexLine).toContain('express keys: cli-express');
			const sim = { url } as any;
			const express = await callVertex(
				sim,
				expressPath('gemini-3-pro-image'),
				imagePrompt('a kite'),
				{
					apiKey: 'cli-express',
				},
			);
			expect(express.status).toBe(200);
			const key = await createTestServiceAccount(url, { projectId: 'cli-project' });
			const token = await requestToken(key);
			expect(token.body.expires_in).toBe(120);
		} finally {
			expect(await stop(child)).toBe(0);
		}
	});

	it('reads SIMULATOR_VERTEX_EXPRESS_KEYS', async () => {
		const { child, ready } = start([], {
			SIMULATOR_VERTEX_EXPRESS_KEYS: 'env-one,env-two:env-project',
		});
		try {
			const { url } = await ready;
			const count = { contents: [{ role: 'user', parts: [{ text: 'a kite' }] }] };
			const call = (project: string, apiKey: string) =>
				callVertex({ url } as any, vertexPath(project, MODEL, { action: 'countTokens' }), count, {
					apiKey,
				});
			expect((await call('simulator-project', 'env-one')).status).toBe(200);
			expect((await call('env-project', 'env-two')).status).toBe(200);
			expect((await call('simulator-project', 'env-two')).status).toBe(403);
		} finally {
			expect(await stop(child)).toBe(0);
		}
	});
});
