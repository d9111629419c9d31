import { z } from 'zod';

/** Config of the comment node. */
export const commentConfig = z.object({
  text: z.string().default('').meta({ description: 'Notes shown in the editor (Markdown).', widget: 'markdown' }),
});

export type CommentConfig = z.output<typeof commentConfig>;
