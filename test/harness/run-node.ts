import { randomUUID } from 'node:crypto';

import type { BinaryDataService } from 'n8n-core';
import { WorkflowExecute } from 'n8n-core';
import type {
	ExecutionError,
	IConnections,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IRun,
	IWorkflowBase,
	IWorkflowSettings,
} from 'n8n-workflow';
import {
	NodeConnectionTypes,
	UnexpectedError,
	Workflow,
	createRunExecutionData,
} from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import type { HarnessCredential } from './credentials-helper';
import { HarnessCredentialsHelper } from './credentials-helper';
import type { BinaryMode } from './environment';
import { binaryDataServiceFor, recordLogs, withBinaryMode } from './environment';

export interface InputItem {
	json?: IDataObject;
	binary?: Record<string, { data: Buffer; mimeType: string; fileName?: string }>;
}

export interface RunNodeOptions {
	/** The node under test, e.g. `new GeminiImage()`: one class for all its versions. */
	nodeType: INodeType;
	/** The node's parameters as a workflow JSON stores them (defaults are filled in by n8n). */
	parameters: Record<string, unknown>;
	/** By credential type name, e.g. `{ geminiImageApi: { type: new GeminiImageApi(), data } }`. */
	credentials?: Record<string, HarnessCredential>;
	/** The items the node receives; default one empty item. */
	input?: InputItem[];
	/** The node setting "On Error: Continue" (`onError: 'continueRegularOutput'`). */
	continueOnFail?: boolean;
	/** Where n8n keeps binary data: in the item (`default`) or on disk (`filesystem`, default). */
	binaryMode?: BinaryMode;
	/** The node version the workflow pins; the one the editor gives a new node unless set. */
	typeVersion?: number;
}

export interface RunResult {
	/** Main output 0 of the node under test: what the next node receives. */
	items: INodeExecutionData[];
	/**
	 * Why the run failed, if it did. n8n records a plain copy of the error (`{ ...error,
	 * message, stack }`); when the node itself threw, this is the thrown instance
	 * (NodeOperationError, NodeApiError, ...) that copy was made from, so `instanceof` works.
	 */
	error?: ExecutionError;
	/** The bytes of a binary property as the next node would read them. */
	readBinary(item: INodeExecutionData, property?: string): Promise<Buffer>;
	/** Every line logged during the run, by the node and by n8n around it. */
	logs: string[];
	/** The whole execution as n8n records it, for assertions the fields above do not cover. */
	execution: IRun;
	/**
	 * The input items exactly as n8n handed them to the node's `execute()`: the same objects,
	 * read after the run, and a deep copy of them taken just before `execute()` began. The
	 * two differ only if the node changed its input. Empty when `execute()` never ran.
	 */
	received: { items: INodeExecutionData[]; before: INodeExecutionData[] };
}

export const INPUT_NODE_NAME = 'Input';

const PACKAGE_NAME = 'n8n-nodes-gemini-image';
const INPUT_NODE_TYPE = 'harness.input';

let executionCounter = 0;

/**
 * Runs `nodeType` the way n8n runs it in a workflow: a two-node workflow (an input node that
 * emits the given items, then the node under test) executed by n8n-core's WorkflowExecute, with
 * n8n-core's BinaryDataService, expression engine and error handling. The input node stores
 * its binaries with `prepareBinaryData`, so in filesystem mode the node under test receives
 * `filesystem-v2:...` references, exactly as after a Read File or HTTP Request node.
 */
export async function runNode(options: RunNodeOptions): Promise<RunResult> {
	const binaryMode = options.binaryMode ?? 'filesystem';
	const binaryDataService = await binaryDataServiceFor(binaryMode);
	const observed: Observed = { thrown: [], received: { items: [], before: [] } };
	const { result: execution, logs } = await withBinaryMode(
		binaryMode,
		async () => await recordLogs(async () => await executeWorkflow(options, observed)),
	);

	const { runData, error: workflowError } = execution.data.resultData;
	const nodeName = nodeNameOf(options.nodeType);
	const taskData = runData[nodeName]?.[0];
	const items = taskData?.data?.main?.[0] ?? [];
	const recorded = taskData?.error ?? workflowError;
	const original = observed.thrown.find(
		(candidate): candidate is ExecutionError =>
			candidate instanceof Error && candidate.stack === recorded?.stack,
	);
	const error = recorded && (original ?? recorded);

	return {
		items,
		error,
		logs,
		execution,
		received: observed.received,
		readBinary: async (item, property = 'data') =>
			await readBinary(binaryDataService, item, property),
	};
}

/** What the harness sees of the node under test from inside its `execute()`. */
interface Observed {
	thrown: unknown[];
	received: RunResult['received'];
}

async function executeWorkflow(options: RunNodeOptions, observed: Observed): Promise<IRun> {
	const credentials = options.credentials ?? {};
	const credentialsHelper = new HarnessCredentialsHelper(credentials);
	const nodeUnderTest = buildNodeUnderTest(options, Object.keys(credentials));
	const inputNode: INode = {
		id: randomUUID(),
		name: INPUT_NODE_NAME,
		type: INPUT_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const nodeTypes = new HarnessNodeTypes(
		{
			[INPUT_NODE_TYPE]: inputNodeType(options.input ?? [{}]),
			[nodeUnderTest.type]: options.nodeType,
		},
		{ [nodeUnderTest.type]: (type) => observeExecution(type, observed) },
	);

	executionCounter += 1;
	const executionId = String(executionCounter);
	const settings: IWorkflowSettings = { executionOrder: 'v1' };
	const connections: IConnections = {
		[INPUT_NODE_NAME]: {
			main: [[{ node: nodeUnderTest.name, type: NodeConnectionTypes.Main, index: 0 }]],
		},
	};
	const now = new Date();
	const workflowData: IWorkflowBase = {
		id: `harness-workflow-${executionId}`,
		name: `Run ${nodeUnderTest.name}`,
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: now,
		updatedAt: now,
		nodes: [inputNode, nodeUnderTest],
		connections,
		settings,
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections,
		active: false,
		nodeTypes,
		settings,
	});

	const mode = 'manual';
	const additionalData = createAdditionalData({
		credentialsHelper,
		executionId,
		workflow: workflowData,
		mode,
	});
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: inputNode, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
	return await workflowExecute.processRunExecutionData(workflow);
}

function buildNodeUnderTest(options: RunNodeOptions, credentialTypes: string[]): INode {
	const { description } = options.nodeType;
	const node: INode = {
		id: randomUUID(),
		name: nodeNameOf(options.nodeType),
		type: `${PACKAGE_NAME}.${description.name}`,
		typeVersion: options.typeVersion ?? newNodeVersion(description),
		position: [240, 0],
		parameters: structuredClone(options.parameters) as INodeParameters,
	};
	if (credentialTypes.length > 0) {
		node.credentials = Object.fromEntries(
			credentialTypes.map((type, index) => [
				type,
				{ id: String(index + 1), name: `${type} account` },
			]),
		);
	}
	if (options.continueOnFail) node.onError = 'continueRegularOutput';
	return node;
}

/** The version the editor gives a new node: `defaultVersion`, else the newest. */
function newNodeVersion({ version, defaultVersion }: INodeTypeDescription): number {
	return defaultVersion ?? (Array.isArray(version) ? Math.max(...version) : version);
}

function nodeNameOf({ description }: INodeType): string {
	return description.defaults.name ?? description.displayName;
}

/**
 * The workflow's node types. Each is one class that serves all its versions (a `version` array),
 * so the version a node runs at is only its `typeVersion`, which the node reads itself.
 */
class HarnessNodeTypes implements INodeTypes {
	private readonly resolved = new Map<string, INodeType>();

	constructor(
		private readonly types: Record<string, INodeType>,
		private readonly wrappers: Record<string, (type: INodeType) => INodeType> = {},
	) {}

	getByName(nodeType: string): INodeType {
		const type = this.types[nodeType];
		if (!type) throw new UnexpectedError(`Unknown node type "${nodeType}"`);
		return type;
	}

	getByNameAndVersion(nodeType: string): INodeType {
		let type = this.resolved.get(nodeType);
		if (!type) {
			type = this.getByName(nodeType);
			const wrap = this.wrappers[nodeType];
			if (wrap) type = wrap(type);
			this.resolved.set(nodeType, type);
		}
		return type;
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

/**
 * The node type as n8n sees it, except that the test also keeps the input items n8n hands to
 * `execute()` (with a deep copy taken before it runs), and an error thrown by `execute()`
 * before it reaches WorkflowExecute, which records only a plain copy of it.
 */
function observeExecution(nodeType: INodeType, observed: Observed): INodeType {
	const execute = nodeType.execute;
	if (!execute) return nodeType;
	const wrapper: Pick<INodeType, 'execute'> = {
		async execute(this: IExecuteFunctions) {
			const items = this.getInputData();
			observed.received = { items, before: structuredClone(items) };
			try {
				return await execute.call(this);
			} catch (error) {
				observed.thrown.push(error);
				throw error;
			}
		},
	};
	return Object.assign(Object.create(nodeType) as INodeType, wrapper);
}

/**
 * The first node of the workflow: emits the test's items, storing each binary through
 * `prepareBinaryData` as any n8n node that produces files does.
 */
function inputNodeType(items: InputItem[]): INodeType {
	return {
		description: {
			displayName: 'Input',
			name: 'input',
			group: ['input'],
			version: 1,
			description: 'Emits the items of the test',
			defaults: { name: INPUT_NODE_NAME },
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const output: INodeExecutionData[] = [];
			for (const item of items) {
				const executionItem: INodeExecutionData = {
					json: structuredClone(item.json ?? {}),
					pairedItem: { item: 0 },
				};
				if (item.binary) {
					executionItem.binary = {};
					for (const [property, file] of Object.entries(item.binary)) {
						executionItem.binary[property] = await this.helpers.prepareBinaryData(
							file.data,
							file.fileName,
							file.mimeType,
						);
					}
				}
				output.push(executionItem);
			}
			return [output];
		},
	};
}

async function readBinary(
	service: BinaryDataService,
	item: INodeExecutionData,
	property: string,
): Promise<Buffer> {
	const binary = item.binary?.[property];
	if (!binary) {
		const present = Object.keys(item.binary ?? {}).join(', ') || 'none';
		throw new UnexpectedError(
			`The item has no binary property "${property}" (binary properties: ${present})`,
		);
	}
	return await service.getAsBuffer(binary);
}
