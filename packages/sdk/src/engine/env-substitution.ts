/** `${env.NAME}` with NAME an environment variable name (letters, digits, underscores). */
const ENV_REF = /\$\{env\.([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces every `${env.NAME}` in the string values of a node config (nested objects and arrays
 * included) with the environment variable, or with `''` when it is unset (as Node-RED does). Called
 * by the engine just before a node's config is parsed, so a flow file can say
 * `opc.tcp://${env.PLC_ADDRESS}` and run unchanged on another machine. Deploy-time validation sees
 * the text before substitution: write references where the field's format still holds
 * (`mqtt://${env.BROKER}` passes a `mqtt://host` check, a bare `${env.BROKER_URL}` would not).
 * Returns the input itself when nothing was replaced.
 */
export function substituteEnv(value: unknown, env: (name: string) => string | undefined): unknown {
  if (typeof value === 'string') {
    return value.includes('${env.') ? value.replace(ENV_REF, (_m, name: string) => env(name) ?? '') : value;
  }
  if (Array.isArray(value)) {
    const out = value.map((v) => substituteEnv(v, env));
    return out.some((v, i) => v !== value[i]) ? out : value;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = substituteEnv(v, env);
      if (out[k] !== v) changed = true;
    }
    return changed ? out : value;
  }
  return value;
}

/**
 * The environment one node sees: its own `env` (a subflow instance's parameters, set by
 * `expandSubflows`) before the runtime's. A parameter value that still holds `${env.NAME}` (a
 * runtime variable passed on by the instance) is resolved against the runtime's environment.
 */
export function nodeEnv(
  own: Readonly<Record<string, string>> | undefined,
  outer: (name: string) => string | undefined,
): (name: string) => string | undefined {
  if (!own) return outer;
  return (name) => {
    const v = Object.hasOwn(own, name) ? own[name] : undefined;
    if (v === undefined) return outer(name);
    return v.includes('${env.') ? (substituteEnv(v, outer) as string) : v;
  };
}
