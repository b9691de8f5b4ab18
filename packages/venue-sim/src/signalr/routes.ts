/**
 * Hub route patterns with path parameters, written `:name` or ASP.NET's `{name}`
 * (`/streams/v1/:apiKey/signalr`, `MapHub<StreamHub>("/streams/v1/{apiKey}/signalr")`,
 * signalr.md §11). Literal segments match case-insensitively, as ASP.NET Core routing does;
 * one trailing slash is optional.
 */
export interface CompiledRoute {
  /** The pattern as registered. */
  readonly pattern: string;
  /** The decoded path parameters when `pathname` matches, else `undefined`. */
  match(pathname: string): Record<string, string> | undefined;
}

/**
 * Compiles a route pattern.
 * @throws Error when the pattern does not start with `/` or names a parameter twice.
 */
export function compileRoute(pattern: string): CompiledRoute {
  if (!pattern.startsWith('/')) throw new Error(`Hub route must start with '/': ${pattern}`);
  const names: string[] = [];
  const source = pattern
    .replace(/\/+$/, '')
    .split('/')
    .map((segment) => {
      const name = /^:(\w+)$/.exec(segment)?.[1] ?? /^\{(\w+)\}$/.exec(segment)?.[1];
      if (name === undefined) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (names.includes(name)) throw new Error(`Hub route names parameter '${name}' twice: ${pattern}`);
      names.push(name);
      return '([^/]+)';
    })
    .join('/');
  const regex = new RegExp(`^${source}/?$`, 'i');
  return {
    pattern,
    match(pathname) {
      const found = regex.exec(pathname);
      if (found === null) return undefined;
      const params: Record<string, string> = {};
      names.forEach((name, index) => {
        params[name] = safeDecode(found[index + 1] ?? '');
      });
      return params;
    },
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
