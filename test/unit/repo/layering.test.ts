/**
 * The layering of lambda/ (README, "Layers"): no import cycle between files, and imports only go down
 * the layers. Type-only imports count: they are erased at run time, but a type cycle still ties two
 * concepts together. Dependency-free: the TypeScript compiler's own import scanner over every file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { assetRoot } from '../../../lambda/reference-data.js';

const lambda = join(assetRoot(), 'lambda');

/**
 * Layer of each folder (root files by name), lowest first; a file may import its own layer or lower.
 * Within a layer the folders may not import each other (ingest, aggregate, plan and demo are siblings).
 */
const LAYERS: string[][] = [
  ['domain', 'quiet-sdk-node-warning.ts'],
  ['store'],
  ['config.ts', 'observability.ts', 'reference-data.ts', 'runtime.ts', 'tracing.ts'],
  ['ingest', 'aggregate', 'plan', 'demo'],
  ['api', 'generated'],
  ['local'],
];

const unitOf = (file: string) => relative(lambda, file).split('/')[0]!;
const layerOf = (unit: string) => LAYERS.findIndex((l) => l.includes(unit));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Files under lambda/ a file imports (static, type-only, re-exports and dynamic imports). */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((i) => i.fileName)
    .filter((s) => s.startsWith('.'))
    .map((s) => join(dirname(file), s.replace(/\.js$/, '.ts')))
    .filter((f) => f.startsWith(lambda) && existsSync(f));
}

const graph = new Map(sources(lambda).map((f) => [f, importsOf(f)]));
const rel = (f: string) => relative(lambda, f);

/** Every cycle as the path that closes it (depth-first search, one report per back edge). */
function cycles(): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === 'open') found.push([...stack.slice(stack.indexOf(g)), g].map(rel));
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  return found;
}

describe('lambda/ layering', () => {
  it('reads the whole tree, generated types included', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect([...graph.keys()].map(rel)).toContain('generated/graphql.ts');
    expect(graph.get(join(lambda, 'api', 'resolvers.ts'))!.map(rel)).toContain('plan/stats-engine.ts');
  });

  it('every folder and root file has a layer', () => {
    expect([...new Set([...graph.keys()].map(unitOf))].filter((u) => layerOf(u) < 0)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(cycles()).toEqual([]);
  });

  it('imports only go down the layers, never sideways between folders of one layer', () => {
    const wrong: string[] = [];
    for (const [f, targets] of graph) {
      for (const g of targets) {
        const [a, b] = [unitOf(f), unitOf(g)];
        if (a === b) continue;
        if (layerOf(b) > layerOf(a) || (layerOf(b) === layerOf(a) && LAYERS[layerOf(a)]![0] === "ingest")) wrong.push(`${rel(f)} -> ${rel(g)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the checker finds a cycle and an upward import when there is one', () => {
    graph.set('/x/a.ts', ['/x/b.ts']);
    graph.set('/x/b.ts', ['/x/a.ts']);
    try {
      expect(cycles().some((c) => c.join(' ').includes('a.ts') && c.join(' ').includes('b.ts'))).toBe(true);
    } finally {
      graph.delete('/x/a.ts');
      graph.delete('/x/b.ts');
    }
    expect(layerOf('store')).toBeLessThan(layerOf('plan'));
  });
});
