/**
 * Whether `topic` matches the subscription `filter` (MQTT 3.1.1 4.7 / MQTT 5 4.7): `+` matches one
 * level, a trailing `#` the rest (including nothing), and wildcards never match topics starting
 * with `$` at the first level. Shared subscriptions (`$share/<group>/<filter>`) match by their filter.
 */
export function topicMatches(filter: string, topic: string): boolean {
  const shared = /^\$share\/[^/]+\/(.*)$/.exec(filter);
  const f = shared ? (shared[1] ?? '') : filter;
  const fl = f.split('/');
  const tl = topic.split('/');
  if (topic.startsWith('$') && (fl[0] === '+' || fl[0] === '#')) return false;
  for (let i = 0; i < fl.length; i++) {
    const part = fl[i];
    if (part === '#') return true;
    if (i >= tl.length) return false;
    if (part !== '+' && part !== tl[i]) return false;
  }
  return fl.length === tl.length;
}

/** Why `filter` is not a valid subscription filter, or undefined. */
export function filterProblem(filter: string): string | undefined {
  if (!filter) return 'a topic filter must not be empty';
  if (filter.includes('\u0000')) return 'a topic filter must not contain NUL';
  const parts = filter.split('/');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] ?? '';
    if (p.includes('#') && (p !== '#' || i !== parts.length - 1)) return '"#" must be a whole level and the last one';
    if (p.includes('+') && p !== '+') return '"+" must be a whole level';
  }
  return undefined;
}

/** Why `topic` is not a valid topic to publish to, or undefined. */
export function topicProblem(topic: string): string | undefined {
  if (!topic) return 'the topic is empty';
  if (/[+#]/.test(topic) || topic.includes('\u0000')) return 'a topic to publish to must not contain "+", "#" or NUL';
  if (Buffer.byteLength(topic) > 65_535) return 'the topic is longer than 65535 bytes';
  return undefined;
}
