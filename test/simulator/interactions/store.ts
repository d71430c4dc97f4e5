/**
 * Interactions held in memory, per simulator. Google keeps a stored interaction 55 days on the
 * paid tier (1 day on the free tier); `interactionRetentionMs` sets the simulator's period. An
 * interaction created with store:false leaves a record for the control listing only: the API
 * answers 404 for it, as for one deleted or past retention. reset() leaves them all alone.
 */
import { randomId } from '../files/store';
import { interactionNotFound } from './errors';
import type { InteractionStatus } from './output';
import type { Content } from '../generate/request-shape';

/** 55 days: Google's retention of stored interactions on the paid tier. */
export const DEFAULT_INTERACTION_RETENTION_MS = 55 * 24 * 60 * 60 * 1000;

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export interface StoredInteraction {
	id: string;
	model: string;
	previousId?: string;
	store: boolean;
	status: InteractionStatus;
	createdAt: number;
	updatedAt: number;
	expiresAt: number;
	/** The body's input as sent, shown as user_input steps with include_input=true. */
	input: unknown;
	/** Every turn up to and including this one, in generateContent's words (signatures kept). */
	history: Content[];
	steps: Array<Record<string, unknown>>;
	usage?: Record<string, unknown>;
	errors?: Array<{ code: string; message: string }>;
	/** The pending finish of a background interaction. */
	timer?: ReturnType<typeof setTimeout>;
}

export interface InteractionSummary {
	id: string;
	model: string;
	previous_interaction_id?: string;
	status: InteractionStatus;
	store: boolean;
	createdAt: string;
	expiresAt: string;
}

export function newInteractionId(): string {
	return `v1_${randomId(40, ID_ALPHABET)}`;
}

export class InteractionStore {
	private readonly items = new Map<string, StoredInteraction>();

	constructor(private readonly retentionMs: number) {}

	/** Keeps a new interaction; its retention runs from now. */
	add(item: Omit<StoredInteraction, 'createdAt' | 'updatedAt' | 'expiresAt'>): StoredInteraction {
		const now = Date.now();
		const stored = { ...item, createdAt: now, updatedAt: now, expiresAt: now + this.retentionMs };
		// store:false keeps nothing of the conversation, only the record the control listing shows.
		const kept = stored.store ? stored : { ...stored, input: undefined, history: [], steps: [] };
		this.items.set(stored.id, kept);
		return stored;
	}

	/** The interaction as the API sees it: 404 when unknown, deleted, expired or not stored. */
	find(id: string): StoredInteraction {
		const item = this.live(id);
		if (!item?.store) throw interactionNotFound(id);
		return item;
	}

	delete(id: string): void {
		const item = this.find(id);
		clearTimeout(item.timer);
		this.items.delete(id);
	}

	/** Makes one interaction (or, without an id, all of them) expire now; returns their ids. */
	expire(id?: string): string[] {
		if (id !== undefined && !this.live(id)) throw interactionNotFound(id);
		const ids = id === undefined ? [...this.items.keys()] : [id];
		for (const each of ids) this.forget(each);
		return ids;
	}

	/** Forgets every interaction; returns how many there were. */
	forgetAll(): number {
		const count = this.items.size;
		for (const id of [...this.items.keys()]) this.forget(id);
		return count;
	}

	list(): InteractionSummary[] {
		return [...this.items.keys()]
			.map((id) => this.live(id))
			.filter((item): item is StoredInteraction => item !== undefined)
			.map((item) => ({
				id: item.id,
				model: item.model,
				...(item.previousId ? { previous_interaction_id: item.previousId } : {}),
				status: item.status,
				store: item.store,
				createdAt: new Date(item.createdAt).toISOString(),
				expiresAt: new Date(item.expiresAt).toISOString(),
			}));
	}

	/** Cancels pending background work, when the simulator closes. */
	stop(): void {
		for (const item of this.items.values()) clearTimeout(item.timer);
	}

	/** The interaction unless past retention (then it is dropped, as Google deletes it). */
	private live(id: string): StoredInteraction | undefined {
		const item = this.items.get(id);
		if (item && Date.now() >= item.expiresAt) {
			this.forget(id);
			return undefined;
		}
		return item;
	}

	private forget(id: string): void {
		clearTimeout(this.items.get(id)?.timer);
		this.items.delete(id);
	}
}
