import type { B2mmlDocument, Noun } from '../model/document.js';
import { VERBS, type Verb } from '../model/verbs.js';
import type { ComplexSpec } from './spec.js';
import { documentSpec } from './transaction-spec.js';
import { productionPerformance, productionSchedule } from './v0600/production.js';
import {
  operationsDefinition,
  operationsDefinitionInformation,
  operationsMaterialBill,
  processSegment,
} from './v0701/definitions.js';
import { operationsPerformance, operationsSchedule } from './v0701/operations.js';
import {
  bod,
  equipment,
  equipmentClass,
  materialDefinition,
  materialLot,
  person,
  personnelClass,
} from './v0701/resources.js';

/**
 * The B2MML releases this package reads and writes. V0701 and V0600 are checked against MESA's XSDs
 * (shipped in `schemas/`); V0700, V0500 and V0401 are read and written with the structure of the
 * nearest of those two (`SPEC_RELEASE`), leniently: what does not fit is kept and reported as a warning.
 */
export const B2MML_VERSIONS = ['V0701', 'V0700', 'V0600', 'V0500', 'V0401'] as const;
export type B2mmlVersion = (typeof B2MML_VERSIONS)[number];

/** Target namespace of each release; the decoder detects the version from it. */
export const B2MML_NAMESPACES: Readonly<Record<B2mmlVersion, string>> = {
  V0701: 'http://www.mesa.org/xml/B2MML',
  V0700: 'http://www.mesa.org/xml/B2MML-V0700',
  V0600: 'http://www.mesa.org/xml/B2MML-V0600',
  V0500: 'http://www.mesa.org/xml/B2MML-V0500',
  V0401: 'http://www.wbf.org/xml/B2MML-V0401',
};

/** The release whose spec tables (element order, nouns) a release is read and written with. */
export const SPEC_RELEASE: Readonly<Record<B2mmlVersion, 'V0701' | 'V0600'>> = {
  V0701: 'V0701',
  V0700: 'V0701',
  V0600: 'V0600',
  V0500: 'V0600',
  V0401: 'V0600',
};

/** Releases read without their own XSD: structural differences are warnings, codes are not checked. */
export const isLenient = (version: B2mmlVersion): boolean => SPEC_RELEASE[version] !== version;

/** `releaseID` written when the document has none. */
export const DEFAULT_RELEASE_IDS: Readonly<Record<B2mmlVersion, string>> = {
  V0701: '7.01',
  V0700: '7.0',
  V0600: '6.0',
  V0500: '5.0',
  V0401: '4.01',
};

/**
 * BatchML (ISA-88 recipes, batch lists, batch production records) namespaces. Recognised so that a
 * BatchML document gets a clear answer (`unsupported_batchml`) rather than `unknown_namespace`: this
 * package reads the B2MML nouns, not BatchML. Since V0600 BatchML shares the B2MML namespace.
 */
export const BATCHML_NAMESPACES: Readonly<Record<string, string>> = {
  'BatchML V02': 'http://www.wbf.org/xml/BatchML-V02',
  'BatchML V0401': 'http://www.wbf.org/xml/BatchML-V0401',
  'BatchML V0500': 'http://www.mesa.org/xml/BatchML-V0500',
};
/** Root elements of BatchML documents (bare or with a verb) in a B2MML namespace. */
export const BATCHML_ROOT =
  /(MasterRecipe|GeneralRecipe|SiteRecipe|ControlRecipe|BatchList|BatchProductionRecord|BatchInformation|RecipeElement|EquipmentElement)$/;

type DocNoun = B2mmlDocument['noun'];
interface NounEntry {
  /** The noun's element name in this release (V0600 calls an OperationsSchedule ProductionSchedule). */
  xmlNoun: string;
  spec: ComplexSpec;
}

const NOUN_SPECS: Readonly<Record<'V0701' | 'V0600', Partial<Record<DocNoun, NounEntry>>>> = {
  V0701: {
    OperationsSchedule: { xmlNoun: 'OperationsSchedule', spec: operationsSchedule },
    OperationsPerformance: { xmlNoun: 'OperationsPerformance', spec: operationsPerformance },
    MaterialDefinition: { xmlNoun: 'MaterialDefinition', spec: materialDefinition },
    MaterialLot: { xmlNoun: 'MaterialLot', spec: materialLot },
    Equipment: { xmlNoun: 'Equipment', spec: equipment },
    EquipmentClass: { xmlNoun: 'EquipmentClass', spec: equipmentClass },
    Person: { xmlNoun: 'Person', spec: person },
    PersonnelClass: { xmlNoun: 'PersonnelClass', spec: personnelClass },
    OperationsDefinition: { xmlNoun: 'OperationsDefinition', spec: operationsDefinition },
    OperationsMaterialBill: { xmlNoun: 'OperationsMaterialBill', spec: operationsMaterialBill },
    OperationsDefinitionInformation: {
      xmlNoun: 'OperationsDefinitionInformation',
      spec: operationsDefinitionInformation,
    },
    ProcessSegment: { xmlNoun: 'ProcessSegment', spec: processSegment },
    BOD: { xmlNoun: 'BOD', spec: bod },
  },
  V0600: {
    OperationsSchedule: { xmlNoun: 'ProductionSchedule', spec: productionSchedule },
    OperationsPerformance: { xmlNoun: 'ProductionPerformance', spec: productionPerformance },
    BOD: { xmlNoun: 'BOD', spec: bod },
  },
};

/** A document type resolved for one release: root element name and the spec of the whole message. */
export interface DocumentType {
  verb: Verb | 'Confirm';
  noun: DocNoun;
  root: string;
  spec: ComplexSpec;
}

const cache = new Map<string, DocumentType>();

/** The document type for a verb and noun in a release, or undefined when that release lacks it. */
export function documentType(version: B2mmlVersion, verb: string, noun: string): DocumentType | undefined {
  const cacheKey = `${version}:${verb}:${noun}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const entry = nounEntry(SPEC_RELEASE[version], noun);
  const isConfirm = noun === 'BOD';
  if (!entry || !isVerb(verb) || isConfirm !== (verb === 'Confirm')) return undefined;
  const type: DocumentType = {
    verb,
    noun: entry.noun,
    root: `${verb}${entry.xmlNoun}`,
    spec: documentSpec({ verb, xmlNoun: entry.xmlNoun, item: entry.spec, releaseId: !isConfirm }),
  };
  cache.set(cacheKey, type);
  return type;
}

/** Splits a root element name such as `SyncProductionPerformance` into its document type. */
export function documentTypeOfRoot(version: B2mmlVersion, root: string): DocumentType | undefined {
  for (const verb of [...VERBS, 'Confirm'] as const) {
    if (!root.startsWith(verb)) continue;
    const xmlNoun = root.slice(verb.length);
    for (const [noun, entry] of Object.entries(NOUN_SPECS[SPEC_RELEASE[version]])) {
      if (entry?.xmlNoun === xmlNoun) return documentType(version, verb, noun);
    }
  }
  return undefined;
}

/** A noun written as the root on its own (no verb, no ApplicationArea), as older examples often are. */
export interface NounType {
  noun: Noun;
  xmlNoun: string;
  spec: ComplexSpec;
}

/** The noun a root element such as `ProductionSchedule` stands for in a release. */
export function nounTypeOfRoot(version: B2mmlVersion, root: string): NounType | undefined {
  for (const [noun, entry] of Object.entries(NOUN_SPECS[SPEC_RELEASE[version]])) {
    if (entry?.xmlNoun === root && isNoun(noun)) return { noun, xmlNoun: entry.xmlNoun, spec: entry.spec };
  }
  return undefined;
}

/** The element name and spec of a noun in a release, or undefined when the release lacks it. */
export function nounType(version: B2mmlVersion, noun: string): NounType | undefined {
  const entry = nounEntry(SPEC_RELEASE[version], noun);
  return entry && isNoun(entry.noun) ? { noun: entry.noun, xmlNoun: entry.xmlNoun, spec: entry.spec } : undefined;
}

const isNoun = (n: string): n is Noun => n !== 'BOD' && isDocNoun(n);

/** Noun element names this release supports, for messages. */
export function supportedNouns(version: B2mmlVersion): string[] {
  return Object.values(NOUN_SPECS[SPEC_RELEASE[version]]).map((e) => e?.xmlNoun ?? '');
}

function isVerb(v: string): v is Verb | 'Confirm' {
  return v === 'Confirm' || VERBS.some((x) => x === v);
}

function nounEntry(version: 'V0701' | 'V0600', noun: string): (NounEntry & { noun: DocNoun }) | undefined {
  for (const [key, entry] of Object.entries(NOUN_SPECS[version])) {
    if (entry && key === noun && isDocNoun(key)) return { ...entry, noun: key };
  }
  return undefined;
}

function isDocNoun(n: string): n is DocNoun {
  return n === 'BOD' || NOUN_KEYS.has(n);
}
const NOUN_KEYS = new Set<string>(Object.keys(NOUN_SPECS.V0701));

/** Nouns written in a release. */
export function nounsOf(version: B2mmlVersion): Noun[] {
  return Object.keys(NOUN_SPECS[SPEC_RELEASE[version]]).filter((n): n is Noun => n !== 'BOD' && isDocNoun(n));
}
