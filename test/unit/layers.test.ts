import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

/**
 * The package's floors, top to bottom: a file may import from its own floor or any floor
 * below it, never from one above.
 */
const FLOORS: Array<[floor: number, path: RegExp]> = [
	[0, /^nodes\/GeminiImage\/GeminiImage\.node\.ts$|^credentials\//],
	[1, /^nodes\/GeminiImage\/(router\.ts|methods\/)/],
	[2, /^nodes\/GeminiImage\/pipeline\//],
	[3, /^nodes\/GeminiImage\/operations\//],
	[4, /^nodes\/GeminiImage\/description\//],
	[5, /^nodes\/GeminiImage\/transport\//],
	[6, /^nodes\/GeminiImage\/n8n\//],
	[7, /^nodes\/GeminiImage\/(gemini|image)\//],
];

const ROOT = join(__dirname, '../..');

function productFiles(dir: string): string[] {
	return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
		const path = `${dir}/${entry.name}`;
		if (entry.isDirectory()) return productFiles(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

function floorOf(path: string): number {
	const match = FLOORS.find(([, pattern]) => pattern.test(path));
	if (!match) throw new Error(`${path} is on no floor`);
	return match[0];
}

function localImports(path: string): string[] {
	const source = readFileSync(join(ROOT, path), 'utf8');
	return [...source.matchAll(/from '(\.[^']+)'/g)].map(([, target]) => {
		const base = relative(ROOT, resolve(ROOT, dirname(path), target));
		return existsSync(join(ROOT, `${base}.ts`)) ? `${base}.ts` : `${base}/index.ts`;
	});
}

const FILES = [...productFiles('nodes'), ...productFiles('credentials')];

describe('the floors of the package', () => {
	it('puts every product file on a floor', () => {
		expect(FILES.length).toBeGreaterThan(30);
		for (const path of FILES) expect(() => floorOf(path)).not.toThrow();
	});

	it('imports nothing from a floor above', () => {
		const upward = FILES.flatMap((path) =>
			localImports(path)
				.filter((target) => floorOf(target) < floorOf(path))
				.map((target) => `${path} -> ${target}`),
		);
		expect(upward).toEqual([]);
	});

	it('keeps every product file under 200 lines', () => {
		const long = FILES.map((path) => ({
			path,
			lines: readFileSync(join(ROOT, path), 'utf8').split('\n').length - 1,
		})).filter(({ lines }) => lines > 200);
		expect(long).toEqual([]);
	});
});
