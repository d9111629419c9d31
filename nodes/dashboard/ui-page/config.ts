import { z } from 'zod';

/** Config of a dashboard page. */
export const uiPageConfig = z.object({
  path: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes, e.g. line1-operator')
    .meta({ description: 'URL segment: the page is served at `/dashboard/<path>`.' }),
  title: z.string().min(1).meta({ description: 'Title in the page header and the browser tab.' }),
  roles: z
    .array(z.enum(['viewer', 'operator', 'editor', 'admin']))
    .default([])
    .meta({ description: 'Roles that may open the page; empty: every role. Admins open every page.' }),
  theme: z
    .enum(['light', 'dark'])
    .default('light')
    .meta({ description: 'Colours; `?theme=` in the URL overrides it.' }),
  order: z.number().int().min(0).default(0).meta({ description: 'Position in the list of pages.' }),
});

export type UiPageConfig = z.output<typeof uiPageConfig>;
