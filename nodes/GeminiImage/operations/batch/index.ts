import { cancelBatchOperation } from './cancelBatch';
import { getBatchOperation } from './getBatch';
import { getBatchResultsOperation } from './getBatchResults';

/** The Batch resource: jobs submitted with Run As: Batch Job, looked at, collected, cancelled. */
export const BATCH_OPERATIONS = [getBatchResultsOperation, getBatchOperation, cancelBatchOperation];
