import type { Notice } from './notice.ts';

/** A send that did not go through: `permanent` when trying again cannot help (a refused address, a 4xx answer). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Sends one planned delivery, or throws (a DeliveryError says whether to try again). */
export interface Sender {
  send(delivery: { eventId: string; recipient: string; notice: Notice }): Promise<void>;
}
