import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { append } from './batch';
import type { OutputShape } from './output';
import { readOutputChoice, shapeItems } from './output';

export interface OperationModule {
	description: INodeProperties[];
	/** Runs once per input item. */
	execute?: (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;
	/** Runs once for all input items (batching); must pair every output with its input. */
	executeBatch?: (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;
}

export type OperationMap = Record<string, Record<string, OperationModule>>;

/** The item a failed input turns into under "Continue (using error output)" / "Continue". */
export function errorItem(error: Error, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	const description = (error as { description?: unknown }).description;
	if (typeof description === 'string' && description) json.description = description;
	const httpCode = (error as { httpCode?: unknown }).httpCode;
	if (typeof httpCode === 'string' && httpCode) json.httpCode = httpCode;
	return {
		json,
		pairedItem: { item: itemIndex },
		error: error instanceof NodeApiError || error instanceof NodeOperationError ? error : undefined,
	};
}

/** Attaches the item index to an error so the editor points at the failing item. */
export function withItemIndex(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/** The reads whose output can be Simplified, Raw or Selected Fields, by `resource:operation`. */
export type OutputShapes = Record<string, OutputShape>;

export async function route(
	this: IExecuteFunctions,
	operations: OperationMap,
	outputs: OutputShapes = {},
): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = operations[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" is not supported for "${resource}"`,
		);
	}
	const shape = outputs[`${resource}:${operation}`];
	if (!shape) return await runOperation.call(this, handler);
	// Output is read (and checked) for every item before any request is sent.
	const choices = this.getInputData().map((_, i) =>
		readOutputChoice(
			this.getNode(),
			(name, fallback) => this.getNodeParameter(name, i, fallback),
			i,
		),
	);
	const [items] = await runOperation.call(this, handler);
	return [shapeItems(items, shape, (i) => choices[i] ?? choices[0])];
}

async function runOperation(
	this: IExecuteFunctions,
	handler: OperationModule,
): Promise<INodeExecutionData[][]> {
	if (handler.executeBatch) {
		return [await handler.executeBatch.call(this)];
	}
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			append(out, await handler.execute!.call(this, i));
		} catch (error) {
			if (this.continueOnFail()) {
				out.push(errorItem(withItemIndex(this, error, i), i));
				continue;
			}
			throw withItemIndex(this, error, i);
		}
	}
	return [out];
}

/** Wraps plain objects as output items paired with one input item. */
export function pairedItems(data: IDataObject[], itemIndex: number): INodeExecutionData[] {
	return data.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

/**
 * Turns per-input results of a batch operation into output items: data is paired with its
 * input, errors become error items under Continue On Fail or stop the node.
 */
export function settleItems(
	ctx: IExecuteFunctions,
	results: Array<IDataObject[] | Error>,
): INodeExecutionData[] {
	const out: INodeExecutionData[] = [];
	const continueOnFail = ctx.continueOnFail();
	results.forEach((result, itemIndex) => {
		if (result instanceof Error) {
			const error = withItemIndex(ctx, result, itemIndex);
			if (!continueOnFail) throw error;
			out.push(errorItem(error, itemIndex));
		} else {
			append(out, pairedItems(result, itemIndex));
		}
	});
	return out;
}

/**
 * Reads one value per input item before any request is sent. A bad item stops the node at once,
 * or, under Continue On Fail, becomes that item's error while the others go on.
 */
export function readPerItem<T>(
	ctx: IExecuteFunctions,
	read: (itemIndex: number) => T,
): Array<T | Error> {
	const continueOnFail = ctx.continueOnFail();
	return ctx.getInputData().map((_, itemIndex) => {
		try {
			return read(itemIndex);
		} catch (error) {
			const wrapped = withItemIndex(ctx, error, itemIndex);
			if (!continueOnFail) throw wrapped;
			return wrapped;
		}
	});
}
