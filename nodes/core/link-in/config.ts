import { z } from 'zod';

/** Config of the link-in node: none; link-out nodes refer to it by id. */
export const linkInConfig = z.object({});

export type LinkInConfig = z.output<typeof linkInConfig>;
