import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The names of the fields a query asks at some paths below the resolver's own field (for the
 * agenda: `nodes.event` and `edges.node.event`), through fragments and inline fragments, so a
 * reader can leave out the columns no asked field reads. A field under @skip or @include counts
 * as asked (reading a column too many is harmless; one too few is a wrong answer), and a
 * fragment the document does not define gives undefined: read everything.
 */
export function fieldsAskedAt(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, paths: ReadonlyArray<readonly string[]>): Set<string> | undefined {
  const asked = new Set<string>();
  const walk = (selectionSet: SelectionSetNode | undefined, path: readonly string[], seen: ReadonlySet<string>): boolean => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (!path.length) asked.add(selection.name.value);
        else if (selection.name.value === path[0] && !walk(selection.selectionSet, path.slice(1), seen)) return false;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!walk(selection.selectionSet, path, seen)) return false;
      } else {
        const name = selection.name.value;
        const fragment = info.fragments[name];
        // Validation refuses cycles; the guard keeps this walk finite whatever it is given.
        if (!fragment || seen.has(name)) return false;
        if (!walk(fragment.selectionSet, path, new Set([...seen, name]))) return false;
      }
    }
    return true;
  };
  for (const node of info.fieldNodes) for (const path of paths) if (!walk(node.selectionSet, path, new Set())) return undefined;
  return asked;
}
