import type { ILoadOptionsFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { GeminiImage } from '../../../nodes/GeminiImage/GeminiImage.node';
import { MODEL_CAPABILITIES } from '../../../nodes/GeminiImage/gemini/catalogue/models';

const node = new GeminiImage();
const loadOptions = node.methods.loadOptions as Record<
	string,
	(this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>
>;

/** The editor's context for a node whose Model field holds `model` (a resource locator). */
function editorWith(model: unknown): ILoadOptionsFunctions {
	return {
		getCurrentNodeParameter: (name: string, options?: { extractValue?: boolean }) => {
			if (name !== 'model') return undefined;
			if (model && typeof model === 'object' && options?.extractValue) {
				return (model as { value: unknown }).value;
			}
			return model;
		},
	} as unknown as ILoadOptionsFunctions;
}

async function values(method: string, model: unknown): Promise<string[]> {
	const options = await loadOptions[method].call(editorWith(model));
	return options.map((option) => String(option.value));
}

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

describe('option lists loaded for the chosen model', () => {
	it('offers Nano Banana (1K only) no 2K or 4K, and Nano Banana Pro 1K, 2K and 4K', async () => {
		expect(await values('imageSizes', byId('gemini-2.5-flash-image'))).toEqual(['auto', '1K']);
		expect(await values('imageSizes', byId('gemini-3-pro-image'))).toEqual([
			'auto',
			'1K',
			'2K',
			'4K',
		]);
		expect(await values('imageSizes', byId('gemini-3.1-flash-image'))).toEqual([
			'auto',
			'512',
			'1K',
			'2K',
			'4K',
		]);
	});

	it('gives the full lists, remarks included, for an expression, an unknown id or no model', async () => {
		for (const model of ['={{ $json.model }}', byId('vendor/custom-image'), undefined, byId('')]) {
			expect(await values('imageSizes', model)).toEqual(['auto', '512', '1K', '2K', '4K']);
			expect(await values('aspectRatios', model)).toHaveLength(15);
			expect(await values('thinkingLevels', model)).toEqual([
				'default',
				'MINIMAL',
				'MEDIUM',
				'HIGH',
			]);
		}
		const sizes = await loadOptions.imageSizes.call(editorWith(undefined));
		expect(sizes.find((o) => o.value === '4K')?.description).toBe('Nano Banana Pro, 2 and 2.1');
	});

	it('names no model in a list that is already the model’s own', async () => {
		const ratios = await loadOptions.aspectRatios.call(editorWith(byId('gemini-nano-banana-2.1')));
		expect(ratios.map((o) => o.name)).toContain('1:8');
		expect(JSON.stringify(ratios)).not.toContain('Nano Banana');
	});

	it('offers the extreme aspect ratios only to the models that draw them', async () => {
		const pro = await values('aspectRatios', byId('gemini-3-pro-image'));
		expect(pro).toContain('21:9');
		expect(pro).not.toContain('1:8');
		expect(await values('aspectRatios', byId('gemini-nano-banana-2.1'))).toContain('1:8');
	});

	it('offers the thinking levels each model takes', async () => {
		expect(await values('thinkingLevels', byId('gemini-2.5-flash-image'))).toEqual(['default']);
		expect(await values('thinkingLevels', byId('gemini-3-pro-image'))).toEqual(['default', 'HIGH']);
		const flash21 = await loadOptions.thinkingLevels.call(
			editorWith(byId('gemini-nano-banana-2.1')),
		);
		expect(flash21.map((o) => o.value)).toEqual(['default', 'MINIMAL', 'MEDIUM', 'HIGH']);
		expect(flash21.find((o) => o.value === 'MEDIUM')?.description).toContain(
			"this model's default",
		);
	});

	it('offers image search only where the model searches images', async () => {
		expect(await values('searchTypes', byId('gemini-3-pro-image'))).toEqual(['web']);
		expect(await values('searchTypes', byId('gemini-nano-banana-2.1'))).toEqual([
			'web',
			'image',
			'webAndImage',
		]);
		const lite = await loadOptions.searchTypes.call(
			editorWith(byId('gemini-3.1-flash-lite-image')),
		);
		expect(lite).toHaveLength(1);
		expect(lite[0].description).toContain('cannot search');
	});

	it('leaves out reference roles the model takes none of, and says each cap', async () => {
		const lite = await loadOptions.referenceRoles.call(
			editorWith(byId('gemini-3.1-flash-lite-image')),
		);
		expect(lite.map((o) => o.value)).toEqual(['none', 'object']);
		const pro = await loadOptions.referenceRoles.call(editorWith(byId('gemini-3-pro-image')));
		expect(pro.find((o) => o.value === 'character')?.description).toContain(
			'up to 5 with Nano Banana Pro',
		);
		expect(pro.find((o) => o.value === 'none')?.description).toContain('up to 14 references');
	});

	it('keeps every model’s own sizes, ratios and levels in its lists (from the one table)', async () => {
		for (const model of MODEL_CAPABILITIES) {
			const id = byId(model.family);
			expect(await values('imageSizes', id)).toEqual(['auto', ...model.imageSizes]);
			expect((await values('aspectRatios', id)).slice(1).sort()).toEqual(
				[...model.aspectRatios].sort(),
			);
		}
	});

	it('reloads every such list when the model changes, and keeps the saved defaults', () => {
		const all: INodeProperties[] = [];
		const walk = (props: INodeProperties[]) => {
			for (const prop of props) {
				all.push(prop);
				const nested = (prop.options ?? []) as Array<
					INodeProperties & { values?: INodeProperties[] }
				>;
				walk(nested.filter((o) => 'displayName' in o && 'type' in o));
				for (const group of nested) if (group.values) walk(group.values);
			}
		};
		walk(node.description.properties);
		const loaded = all.filter((p) => p.typeOptions?.loadOptionsMethod);
		expect(new Set(loaded.map((p) => p.name))).toEqual(
			new Set(['aspectRatio', 'imageSize', 'thinkingLevel', 'searchTypes', 'role', 'defaultRole']),
		);
		for (const prop of loaded) {
			expect(prop.typeOptions?.loadOptionsDependsOn).toEqual(['model.value']);
			expect(Object.keys(loadOptions)).toContain(prop.typeOptions?.loadOptionsMethod);
		}
		const defaults = Object.fromEntries(loaded.map((p) => [p.name, p.default]));
		expect(defaults).toMatchObject({
			imageSize: 'auto',
			aspectRatio: 'auto',
			thinkingLevel: 'default',
		});
	});
});
