import { z } from 'zod';

/** An instant as ISO 8601 text with an offset (`2026-03-01T09:00:00.000Z`): how every time is written down. */
export const IsoInstant = z.iso.datetime({ offset: true });
