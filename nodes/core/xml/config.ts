import { msgPathSchema } from '@millwright/sdk';
import { z } from 'zod';

const key = (description: string, def: string) => z.string().min(1).default(def).meta({ description });

/** Config of the xml node. */
export const xmlConfig = z.object({
  property: msgPathSchema('Message property to convert, e.g. `payload`.').default('payload'),
  attrKey: key("Property that holds an element's attributes (Node-RED and xml2js use `$`).", '$'),
  charKey: key("Property that holds an element's text when it also has attributes or children (`_`).", '_'),
  explicitArray: z.boolean().default(true).meta({
    description:
      "Parsing: put child elements in arrays always (Node-RED's default), or only when an element repeats. `msg.options.explicitArray` overrides it per message, as in Node-RED.",
  }),
  maxLength: z.number().int().min(1).default(10_000_000).meta({
    description: 'Longest XML text parsed, in characters; longer raises `xml_too_large`.',
    advanced: true,
  }),
  maxDepth: z.number().int().min(1).max(1_000).default(100).meta({
    description: 'Deepest element nesting parsed; deeper raises `xml_too_deep`.',
    advanced: true,
  }),
});

export type XmlConfig = z.output<typeof xmlConfig>;
