// One place that shows an action's unexpected failure (see failure.ts): UI actions are wrapped
// with `guarded`, and anything that still escapes (an unhandled rejection, an error thrown in an
// event handler) is caught at the window and shown the same way.
import { describeFailure, isNoise } from './failure.ts';

export class Failures {
  /** The message shown, or null. */
  message: string | null = $state(null);

  show(error: unknown): void {
    this.message = describeFailure(error);
    // Keep the technical detail for whoever opens the console.
    console.error(error);
  }

  dismiss(): void {
    this.message = null;
  }

  /** The action, with any throw or rejection shown instead of lost. */
  guarded<A extends unknown[]>(action: (...args: A) => unknown): (...args: A) => Promise<void> {
    return async (...args: A) => {
      try {
        await action(...args);
      } catch (error) {
        this.show(error);
      }
    };
  }

  /** Catch what escaped every guard; returns the function that stops it. */
  watch(target: Pick<Window, 'addEventListener' | 'removeEventListener'>): () => void {
    const onRejection = (e: PromiseRejectionEvent) => {
      e.preventDefault();
      this.show(e.reason);
    };
    const onError = (e: ErrorEvent) => {
      // Resource load errors and cross-origin "Script error." carry no Error: not the clerk's action.
      if (!(e.error instanceof Error) || isNoise(e.message)) return;
      this.show(e.error);
    };
    target.addEventListener('unhandledrejection', onRejection);
    target.addEventListener('error', onError);
    return () => {
      target.removeEventListener('unhandledrejection', onRejection);
      target.removeEventListener('error', onError);
    };
  }
}

/** The app's one instance (App.svelte shows it and watches the window). */
export const failures = new Failures();
