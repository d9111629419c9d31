import type { Verb } from '../model/verbs.js';
import { CONFIRMATION_CODES, RESPONSE_CODES } from './codes.js';
import { code, DATE_TIME, f, STRING, type ComplexSpec } from './spec.js';

// The transaction parts (B2MML-Common.xsd, "Transaction elements") are the same in V0600 and V0701.

const sender: ComplexSpec = {
  name: 'TransSenderType',
  fields: [
    f.opt('LogicalID', 'logicalId'),
    f.opt('ComponentID', 'componentId'),
    f.opt('TaskID', 'taskId'),
    f.opt('ReferenceID', 'referenceId'),
    f.opt('ConfirmationCode', 'confirmationCode', code(CONFIRMATION_CODES)),
    f.opt('AuthorizationID', 'authorizationId'),
  ],
};

const receiver: ComplexSpec = {
  name: 'TransReceiverType',
  fields: [f.opt('LogicalID', 'logicalId'), f.opt('ComponentID', 'componentId'), f.many('ID', 'ids')],
};

/** TransApplicationAreaType. */
export const applicationAreaSpec: ComplexSpec = {
  name: 'TransApplicationAreaType',
  fields: [
    f.opt('Sender', 'sender', sender),
    f.many('Receiver', 'receivers', receiver),
    f.one('CreationDateTime', 'creationDateTime', DATE_TIME),
    f.raw('Signature'),
    f.opt('BODID', 'bodId'),
    f.raw('UserArea'),
  ],
};

const expression: ComplexSpec = {
  name: 'TransExpressionType',
  fields: [],
  attrs: [
    { xml: 'actionCode', key: 'actionCode', type: STRING, required: true },
    { xml: 'expressionLanguage', key: 'expressionLanguage', type: STRING },
  ],
  text: { key: 'expression', type: STRING },
};

const changeStatus: ComplexSpec = {
  name: 'TransChangeStatusType',
  fields: [
    f.opt('Code', 'code'),
    f.many('Description', 'descriptions'),
    f.opt('EffectiveDateTime', 'effectiveDateTime', DATE_TIME),
    f.opt('ReasonCode', 'reasonCode'),
    f.many('Reason', 'reasons'),
    f.raw('StateChange'),
    f.raw('UserArea'),
  ],
};

const actionCriteria: ComplexSpec = {
  name: 'TransActionCriteriaType',
  fields: [
    f.many('ActionExpression', 'actionExpressions', expression),
    f.opt('ChangeStatus', 'changeStatus', changeStatus),
  ],
};

const responseCriteria: ComplexSpec = {
  name: 'TransResponseCriteriaType',
  fields: [
    f.opt('ResponseExpression', 'responseExpression', expression),
    f.opt('ChangeStatus', 'changeStatus', changeStatus),
  ],
};

const actionVerb = (name: string, attr?: 'acknowledgeCode' | 'responseCode'): ComplexSpec => ({
  name,
  fields: [f.many('ActionCriteria', 'actionCriteria', actionCriteria)],
  attrs: attr ? [{ xml: attr, key: attr, type: code(RESPONSE_CODES) }] : [],
});

const replyVerb = (name: string): ComplexSpec => ({
  name,
  fields: [
    f.opt('OriginalApplicationArea', 'originalApplicationArea', applicationAreaSpec),
    f.many('ResponseCriteria', 'responseCriteria', responseCriteria),
  ],
});

/** The verb element of each transaction, by verb. */
export const VERB_SPECS: Readonly<Record<Verb | 'Confirm', ComplexSpec>> = {
  Get: { name: 'TransGetType', fields: [f.many('Expression', 'expressions')] },
  Show: replyVerb('TransShowType'),
  Process: actionVerb('TransProcessType', 'acknowledgeCode'),
  Acknowledge: replyVerb('TransAcknowledgeType'),
  Change: actionVerb('TransChangeType', 'responseCode'),
  Respond: replyVerb('TransRespondType'),
  Cancel: actionVerb('TransCancelType'),
  Sync: actionVerb('TransSyncType'),
  Confirm: replyVerb('TransConfirmType'),
};

/**
 * The whole message: `<{verb}{noun} releaseID>` with ApplicationArea, then DataArea holding the verb
 * element and the nouns. ConfirmBOD declares no attributes.
 */
export function documentSpec(args: {
  verb: Verb | 'Confirm';
  xmlNoun: string;
  item: ComplexSpec;
  releaseId: boolean;
}): ComplexSpec {
  const { verb, xmlNoun, item } = args;
  return {
    name: `${verb}${xmlNoun}Type`,
    attrs: args.releaseId
      ? [
          { xml: 'releaseID', key: 'releaseId', type: STRING, required: true },
          { xml: 'versionID', key: 'versionId', type: STRING },
        ]
      : [],
    fields: [
      f.one('ApplicationArea', 'applicationArea', applicationAreaSpec),
      {
        xml: 'DataArea',
        min: 1,
        inline: true,
        type: {
          name: 'DataArea',
          fields: [
            { xml: verb, key: 'verbArea', type: VERB_SPECS[verb], min: 1, emptyWhenMissing: true },
            f.many(xmlNoun, 'items', item, 1),
          ],
        },
      },
    ],
  };
}
