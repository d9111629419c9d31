import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { networkInterfaces } from 'node:os';
import { UserError } from '@millwright/model';

/**
 * Where nodes may open outbound connections (settings.json `outbound`). Entries are a host name
 * (`erp.plant.local`), a domain wildcard (`*.plant.local`), an IP address, a CIDR range
 * (`10.0.0.0/8`, `fe80::/10`) or `*`, each with an optional port (`127.0.0.1:8090`,
 * `[::1]:8090`, `*:443`). Names match the host name of the URL, addresses and ranges the address
 * the name resolves to (and which the connection then uses).
 */
export interface OutboundPolicy {
  /** Always allowed (beats `deny`); an entry with the runtime's own port opens that port too. */
  readonly allow: readonly string[];
  /** Refused unless an `allow` entry matches. */
  readonly deny: readonly string[];
  /** Refuse every destination no `allow` entry matches (a strict allow-list). */
  readonly allowOnly?: boolean;
  /**
   * The runtime's own listening ports (admin API, metrics): refused on any address of this machine
   * unless an `allow` entry names the port explicitly.
   */
  readonly ownPorts?: readonly number[];
}

/** Loopback, "this host" and link-local (cloud metadata services live at 169.254.169.254). */
export const DEFAULT_OUTBOUND_DENY: readonly string[] = [
  '127.0.0.0/8',
  '::1/128',
  '0.0.0.0/8',
  '::/128',
  '169.254.0.0/16',
  'fe80::/10',
];

/** What applies when the runtime gives a node no policy. */
export const DEFAULT_OUTBOUND_POLICY: OutboundPolicy = { allow: [], deny: DEFAULT_OUTBOUND_DENY };

/** One place a connection goes: the URL's host name (lower case, no brackets), the address used, the port. */
export interface Destination {
  host: string;
  address: string;
  port: number;
}

type Matcher = { kind: 'any' } | { kind: 'net'; list: BlockList } | { kind: 'name'; name: string; wildcard: boolean };
interface Rule {
  text: string;
  port: number | undefined;
  match: Matcher;
}

/** A policy parsed once; {@link compileOutboundPolicy} makes it. */
export interface CompiledOutboundPolicy {
  /** Why `dest` is refused, or undefined when it is allowed. */
  refusal(dest: Destination): string | undefined;
  /** A `lookup` for `net.connect`/`http.request`: resolves and hands the socket only allowed addresses. */
  lookup(port: number): LookupFunction;
}

/** The problem with one policy entry, or undefined when it parses (for settings validation). */
export function outboundEntryProblem(entry: string): string | undefined {
  try {
    parseRule(entry);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * Parses a policy. Throws a UserError `outbound_entry_invalid` naming the first entry that does not
 * parse (the runtime validates settings.json with {@link outboundEntryProblem} first).
 */
export function compileOutboundPolicy(policy: OutboundPolicy): CompiledOutboundPolicy {
  const allow = policy.allow.map(parseRule);
  const deny = policy.deny.map(parseRule);
  const ownPorts = new Set(policy.ownPorts ?? []);
  const local = ownPorts.size ? localAddresses() : undefined;
  const matches = (r: Rule, d: Destination) =>
    (r.port === undefined || r.port === d.port) &&
    (r.match.kind === 'any' ||
      (r.match.kind === 'net' && r.match.list.check(d.address, family(d.address))) ||
      (r.match.kind === 'name' && (r.match.wildcard ? d.host.endsWith(`.${r.match.name}`) : d.host === r.match.name)));
  const refusal = (dest: Destination): string | undefined => {
    const d = { ...dest, host: dest.host.toLowerCase().replace(/^\[|\]$/g, '') };
    const where = `${d.host}${d.host === d.address ? '' : ` (${d.address})`} port ${d.port}`;
    if (ownPorts.has(d.port) && local?.check(d.address, family(d.address)))
      return allow.some((r) => r.port === d.port && matches(r, d))
        ? undefined
        : `${where} is the runtime's own admin port; allow it explicitly with a port (outbound.allow "${d.address}:${d.port}")`;
    if (allow.some((r) => matches(r, d))) return undefined;
    if (policy.allowOnly) return `${where} is not in outbound.allow`;
    const denied = deny.find((r) => matches(r, d));
    return denied ? `${where} is denied by outbound.deny "${denied.text}"` : undefined;
  };
  return {
    refusal,
    lookup: (port) => (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
        if (err) return callback(err, '', 4);
        const refusals: string[] = [];
        const ok = addresses.filter((a) => {
          const why = refusal({ host: hostname, address: a.address, port });
          if (why) refusals.push(why);
          return !why;
        });
        if (!ok.length) return callback(outboundDenied(refusals[0] ?? `${hostname} has no address`), '', 4);
        if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, ok);
        const first = ok[0] as LookupAddress;
        callback(null, first.address, first.family);
      });
    },
  };
}

/** The error for a refused destination: a UserError `outbound_denied` (not retried). */
export function outboundDenied(reason: string): UserError {
  return new UserError('outbound_denied', `outbound connection refused: ${reason}`);
}

function family(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}

/** Addresses that reach this machine: loopback, unspecified ("this host") and every interface's. */
function localAddresses(): BlockList {
  const list = new BlockList();
  list.addSubnet('127.0.0.0', 8, 'ipv4');
  list.addSubnet('0.0.0.0', 8, 'ipv4');
  list.addAddress('::1', 'ipv6');
  list.addAddress('::', 'ipv6');
  for (const infos of Object.values(networkInterfaces()))
    for (const i of infos ?? []) list.addAddress(i.address.replace(/%.*$/, ''), family(i.address));
  return list;
}

function parseRule(entry: string): Rule {
  const text = entry.trim();
  const fail = (why: string): never => {
    throw new UserError('outbound_entry_invalid', `outbound entry "${entry}": ${why}`);
  };
  let host = text;
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1] as string;
    if (bracketed[2] !== undefined) port = Number(bracketed[2]);
  } else if ((text.match(/:/g) ?? []).length === 1) {
    const at = text.lastIndexOf(':');
    host = text.slice(0, at);
    if (!/^\d+$/.test(text.slice(at + 1))) fail('the port must be a number');
    port = Number(text.slice(at + 1));
  }
  if (port !== undefined && (port < 1 || port > 65_535)) fail('the port must be 1 to 65535');
  if (!host) fail('no host');
  if (host === '*') return { text, port, match: { kind: 'any' } };
  const [addr, bits, extra] = host.split('/');
  const version = isIP(addr ?? '');
  if (version) {
    if (extra !== undefined) fail('one "/" at most');
    const max = version === 4 ? 32 : 128;
    const prefix = bits === undefined ? max : Number(bits);
    if (!/^\d+$/.test(bits ?? String(max)) || prefix > max) fail(`the prefix must be 0 to ${max}`);
    const list = new BlockList();
    list.addSubnet(addr as string, prefix, version === 4 ? 'ipv4' : 'ipv6');
    return { text, port, match: { kind: 'net', list } };
  }
  const wildcard = host.startsWith('*.');
  const name = (wildcard ? host.slice(2) : host).toLowerCase();
  if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?$/.test(name)) fail('not a host name, address, CIDR range or *');
  return { text, port, match: { kind: 'name', name: name.replace(/\.$/, ''), wildcard } };
}
