import type { RuntimeEvent } from '@millwright/model';

export type EventListener = (event: RuntimeEvent) => void;

/**
 * The runtime's in-process event bus: workers' debug, status, error, log and lifecycle events
 * arrive here and the ws server, logger and metrics subscribe. A throwing listener is isolated.
 */
export class EventBus {
  private listeners = new Set<EventListener>();

  /** Subscribes; returns the unsubscribe function. */
  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: RuntimeEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // one broken subscriber (a dead socket) must not stop the others
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
