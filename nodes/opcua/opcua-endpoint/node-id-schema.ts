import { OPCUA_NODEID_FORMAT, opcuaNodeIdProblem } from '@millwright/model';
import { z } from 'zod';

/**
 * The config field of a NodeId for every opcua-* node: trimmed, checked by the model's NodeId
 * grammar (`ns=`/`nsu=` prefix, `i=`/`s=`/`g=`/`b=` identifier) and marked `format: 'opcua-nodeid'`,
 * which the editor form checks with the same grammar and offers the address-space picker for.
 * Empty passes the format (the NodeId then comes from msg.topic) unless `required`.
 */
export function opcuaNodeIdField(options: { description: string; required?: boolean }) {
  const text = z.string().trim();
  return (options.required ? text.min(1, 'a NodeId is required') : text)
    .superRefine((value, ctx) => {
      const problem = value === '' ? undefined : opcuaNodeIdProblem(value);
      if (problem)
        ctx.addIssue({ code: 'invalid_format', format: OPCUA_NODEID_FORMAT, message: problem, input: value });
    })
    .meta({ description: options.description, format: OPCUA_NODEID_FORMAT, widget: 'opcua-nodeid' });
}
