import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

/**
 * The package as docs/architecture.md draws it: its rooms, the floor of each, and what each
 * may import. The map is read here, so a change of structure is a change of the map.
 */
interface Room {
	floor: number;
	name: string;
	path: string;
	mayImport: string[];
}

const ROOT = join(__dirname, '../..');
const MAX_FILES_PER_FOLDER = 15;
const MAX_LINES = 200;

function tableRows(markdown: string, heading: string): string[][] {
	// The section runs to the next heading.
	const section = (markdown.split(heading)[1] ?? '').split('\n#')[0];
	return section
		.split('\n')
		.filter((line) => line.startsWith('|') && !/^\|[-| ]+\|$/.test(line))
		.slice(1)
		.map((line) =>
			line
				.slice(1, -1)
				.split('|')
				.map((cell) => cell.trim()),
		);
}

const ROOMS: Room[] = tableRows(
	readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8'),
	'## Rooms',
).map(([floor, name, path, mayImport]) => ({
	floor: parseInt(floor, 10),
	name,
	path: path.replace(/`/g, ''),
	mayImport: mayImport ? mayImport.split(',').map((room) => room.trim()) : [],
}));

function productFiles(dir: string): string[] {
	return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
		const path = `${dir}/${entry.name}`;
		if (entry.isDirectory()) return productFiles(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

function productFolders(dir: string): string[] {
	const entries = readdirSync(join(ROOT, dir), { withFileTypes: true });
	return [
		dir,
		...entries.filter((e) => e.isDirectory()).flatMap((e) => productFolders(`${dir}/${e.name}`)),
	];
}

/** The room holding a file: the longest path of the map that is the file or a folder of it. */
function roomOf(path: string): Room | undefined {
	return ROOMS.filter((room) =>
		room.path.endsWith('/') ? path.startsWith(room.path) : path === room.path,
	).sort((a, b) => b.path.length - a.path.length)[0];
}

function localImports(path: string): string[] {
	const source = readFileSync(join(ROOT, path), 'utf8');
	return [...source.matchAll(/from '(\.[^']+)'/g)].map(([, target]) => {
		const base = relative(ROOT, resolve(ROOT, dirname(path), target));
		return existsSync(join(ROOT, `${base}.ts`)) ? `${base}.ts` : `${base}/index.ts`;
	});
}

const FILES = [...productFiles('nodes'), ...productFiles('credentials')];

/** Every import circle between files, each as the files around it. */
function circles(): string[][] {
	const found: string[][] = [];
	const state = new Map<string, 'open' | 'done'>();
	const visit = (file: string, trail: string[]) => {
		if (state.get(file) === 'done') return;
		if (state.get(file) === 'open') {
			found.push([...trail.slice(trail.indexOf(file)), file]);
			return;
		}
		state.set(file, 'open');
		for (const target of localImports(file)) visit(target, [...trail, file]);
		state.set(file, 'done');
	};
	for (const file of FILES) visit(file, []);
	return found;
}

describe('the map of the package (docs/architecture.md)', () => {
	it('names rooms whose imports point to rooms on the same floor or below', () => {
		expect(ROOMS.length).toBeGreaterThan(10);
		const names = ROOMS.map((room) => room.name);
		const wrong = ROOMS.flatMap((room) =>
			room.mayImport
				.filter((name) => {
					const target = ROOMS.find((other) => other.name === name);
					return !target || target.floor < room.floor;
				})
				.map((name) => `${room.name} -> ${name}`),
		);
		expect(wrong).toEqual([]);
		expect(new Set(names).size).toBe(names.length);
	});

	it('puts every product file in a room', () => {
		expect(FILES.length).toBeGreaterThan(30);
		expect(FILES.filter((path) => !roomOf(path))).toEqual([]);
	});

	it('imports only what the map allows', () => {
		const disallowed = FILES.flatMap((path) => {
			const from = roomOf(path) as Room;
			return localImports(path)
				.filter((target) => {
					const to = roomOf(target);
					return to !== from && !(to && from.mayImport.includes(to.name));
				})
				.map((target) => `${path} -> ${target}`);
		});
		expect(disallowed).toEqual([]);
	});

	it('has no import circles', () => {
		expect(circles()).toEqual([]);
	});

	it('keeps the Google floor free of n8n', () => {
		const google = FILES.filter((path) => roomOf(path)?.floor === 8);
		expect(google.length).toBeGreaterThan(20);
		expect(
			google.filter((path) => readFileSync(join(ROOT, path), 'utf8').includes("'n8n-workflow'")),
		).toEqual([]);
	});

	it(`keeps every folder to ${MAX_FILES_PER_FOLDER} files and every file under ${MAX_LINES} lines`, () => {
		const crowded = [...productFolders('nodes'), ...productFolders('credentials')]
			.map((folder) => ({
				folder,
				files: readdirSync(join(ROOT, folder), { withFileTypes: true }).filter((e) => e.isFile())
					.length,
			}))
			.filter(({ files }) => files > MAX_FILES_PER_FOLDER);
		expect(crowded).toEqual([]);
		const long = FILES.map((path) => ({
			path,
			lines: readFileSync(join(ROOT, path), 'utf8').split('\n').length - 1,
		})).filter(({ lines }) => lines > MAX_LINES);
		expect(long).toEqual([]);
	});

	it("matches the README's layout: the same rooms on the same floors", () => {
		const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
		const floors = (rows: Array<[floor: string, rooms: string[]]>) =>
			Object.fromEntries(rows.map(([floor, rooms]) => [floor, [...rooms].sort()]));
		const mapped: Record<string, string[]> = {};
		for (const room of ROOMS) {
			const floor = String(room.floor);
			mapped[floor] = [...(mapped[floor] ?? []), room.name];
		}
		const inReadme = tableRows(readme, '### Layout').map(([floor, rooms]): [string, string[]] => [
			String(parseInt(floor, 10)),
			rooms.split(',').map((room) => room.replace(/`/g, '').trim()),
		]);
		expect(floors(inReadme)).toEqual(floors(Object.entries(mapped)));
	});
});
