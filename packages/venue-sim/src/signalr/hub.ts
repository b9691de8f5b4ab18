import type { CompiledRoute } from './routes';
import { compileRoute } from './routes';
import type { HubDefinition, HubMethod } from './types';

/** A hub mapped at a route, with its methods indexed by lower-cased name. */
export interface RegisteredHub {
  readonly route: CompiledRoute;
  readonly definition: HubDefinition;
  /** Methods by lower-cased name: ASP.NET Core matches targets case-insensitively. */
  readonly methods: ReadonlyMap<string, HubMethod>;
}

/**
 * Compiles a hub's route and method table.
 * @throws Error on a malformed route or two methods differing only in case.
 */
export function registerHub(pattern: string, definition: HubDefinition): RegisteredHub {
  const methods = new Map<string, HubMethod>();
  for (const [name, method] of Object.entries(definition.methods)) {
    const key = name.toLowerCase();
    if (methods.has(key)) throw new Error(`Hub at '${pattern}' has two methods named '${name}' (names are case-insensitive).`);
    methods.set(key, method);
  }
  return { route: compileRoute(pattern), definition, methods };
}

/** The hub whose route matches `pathname`, with the route parameters. */
export function findHub(
  hubs: readonly RegisteredHub[],
  pathname: string,
): { hub: RegisteredHub; params: Record<string, string> } | undefined {
  for (const hub of hubs) {
    const params = hub.route.match(pathname);
    if (params !== undefined) return { hub, params };
  }
  return undefined;
}
