import type { BatchJobView } from './job';

/**
 * Which batch jobs have finished since the last look, for a trigger that must never report a
 * job twice. Pure: the caller keeps `known` between looks.
 */

/** The states a job never leaves. */
export const END_STATES: readonly string[] = ['succeeded', 'failed', 'cancelled', 'expired'];

export const isFinished = (job: BatchJobView): boolean => END_STATES.includes(job.state);

/** A case-insensitive part of the display name; empty matches every job. */
export function nameMatches(job: BatchJobView, filter: string): boolean {
	const needle = filter.trim().toLowerCase();
	return !needle || (job.displayName ?? '').toLowerCase().includes(needle);
}

const endOf = (job: BatchJobView) => job.endTime ?? job.updateTime ?? job.createTime ?? '';

export interface FinishedLook {
	/** Finished jobs not known before, matching the filter, the earliest end first. */
	fresh: BatchJobView[];
	/**
	 * Every finished job of this listing: a job only ever leaves the newest-first listing by
	 * getting older, so names that left it need not be kept.
	 */
	known: string[];
}

export function lookForFinished(
	jobs: BatchJobView[],
	known: readonly string[],
	filter: string,
): FinishedLook {
	const before = new Set(known);
	const finished = jobs.filter(isFinished);
	const fresh = finished
		.filter((job) => !before.has(job.name) && nameMatches(job, filter))
		.sort((a, b) => endOf(a).localeCompare(endOf(b)));
	return { fresh, known: finished.map((job) => job.name) };
}

/** The finished job that ended last and matches, for a test event. */
export function newestFinished(jobs: BatchJobView[], filter: string): BatchJobView | undefined {
	return jobs
		.filter((job) => isFinished(job) && nameMatches(job, filter))
		.sort((a, b) => endOf(b).localeCompare(endOf(a)))[0];
}
