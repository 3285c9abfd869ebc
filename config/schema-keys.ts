import type { z } from 'zod';

/** The parts of zod 4's schema definitions that lead from a schema to the schemas inside it. */
interface SchemaDef {
  type: string;
  shape?: Record<string, z.core.$ZodType>;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  out?: z.core.$ZodType;
  element?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  options?: readonly z.core.$ZodType[];
  left?: z.core.$ZodType;
  right?: z.core.$ZodType;
  getter?: () => z.core.$ZodType;
}

/**
 * The keys a schema accepts for the mapping at `path` (`['sources', 0]` gives id, type, connection,
 * enabled), so that an unknown key can be answered with the nearest known one. Null when the path
 * does not lead to a mapping with fixed keys.
 */
export function knownKeysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] | null {
  const objects = objectsAt(schema, path, 0);
  if (objects.length === 0) return null;
  return [...new Set(objects.flatMap((shape) => Object.keys(shape)))];
}

function objectsAt(schema: z.core.$ZodType, path: readonly PropertyKey[], depth: number): Record<string, z.core.$ZodType>[] {
  if (depth > 32) return [];
  const def = schema._zod.def as unknown as SchemaDef;
  const [segment, ...rest] = path;
  const inner = (next: z.core.$ZodType | undefined, at: readonly PropertyKey[]) => (next ? objectsAt(next, at, depth + 1) : []);
  switch (def.type) {
    case 'object':
      if (segment === undefined) return def.shape ? [def.shape] : [];
      return inner(def.shape?.[String(segment)], rest);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return inner(def.innerType, path);
    case 'pipe': {
      // A preprocess or transform pipe: the keys a user writes are those of the side that is an object.
      const fromIn = inner(def.in, path);
      return fromIn.length > 0 ? fromIn : inner(def.out, path);
    }
    case 'array':
      return segment === undefined ? [] : inner(def.element, rest);
    case 'record':
      return segment === undefined ? [] : inner(def.valueType, rest);
    case 'union':
      return (def.options ?? []).flatMap((option) => inner(option, path));
    case 'intersection':
      return [...inner(def.left, path), ...inner(def.right, path)];
    case 'lazy':
      return inner(def.getter?.(), path);
    default:
      return [];
  }
}
