/**
 * No import cycles between the top-level folders of src/ (GUIDE §2; the adapters count one
 * folder each: adapters/cli, adapters/slack, …). Every relative import counts, static or
 * dynamic (`import('…')`), type-only imports too: a cycle of types still ties two folders
 * together. A new cycle fails here, naming the imports that close it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const sourceRoot = fileURLToPath(new URL('../../src/', import.meta.url));

/** A file's folder unit: its first folder below src/ (adapters/<name> for an adapter), or `(root)`. */
function unitOf(file: string): string {
  const parts = path.relative(sourceRoot, file).split(path.sep);
  if (parts.length === 1) return '(root)';
  if (parts[0] === 'adapters' && parts.length > 2) return `adapters/${parts[1]}`;
  return parts[0]!;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** A folder-to-folder import: `from` imports `to`, through `via` (file: specifier). */
interface FolderEdge {
  readonly from: string;
  readonly to: string;
  readonly via: string;
}

const importSpecifier = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;

function folderEdges(): FolderEdge[] {
  const edges: FolderEdge[] = [];
  for (const file of sourceFiles(sourceRoot)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(importSpecifier)) {
      const target = path.resolve(path.dirname(file), match[1]!.replace(/\.js$/, '.ts'));
      const from = unitOf(file);
      const to = unitOf(target);
      if (from !== to) edges.push({ from, to, via: `${path.relative(sourceRoot, file)}: ${match[1]}` });
    }
  }
  return edges;
}

/** The strongly connected groups of two or more folders (Tarjan), each a cycle or several. */
function folderCycles(edges: readonly FolderEdge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const edge of edges) {
    if (!next.has(edge.from)) next.set(edge.from, new Set());
    if (!next.has(edge.to)) next.set(edge.to, new Set());
    next.get(edge.from)!.add(edge.to);
  }
  const index = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    lowest.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node)!) {
      if (!index.has(target)) {
        visit(target);
        lowest.set(node, Math.min(lowest.get(node)!, lowest.get(target)!));
      } else if (onStack.has(target)) {
        lowest.set(node, Math.min(lowest.get(node)!, index.get(target)!));
      }
    }
    if (lowest.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return groups;
}

describe('folder imports', () => {
  it('finds a cycle when there is one, and none in a layered graph', () => {
    const edge = (from: string, to: string) => ({ from, to, via: `${from}→${to}` });
    expect(folderCycles([edge('answer', 'policy'), edge('policy', 'core'), edge('answer', 'core')])).toEqual(
      [],
    );
    expect(
      folderCycles([
        edge('answer', 'policy'),
        edge('policy', 'llm'),
        edge('llm', 'answer'),
        edge('x', 'core'),
      ]),
    ).toEqual([['answer', 'llm', 'policy']]);
  });

  it('form no cycle between the top-level folders of src/', () => {
    const edges = folderEdges();
    // The scan must see the layout: adapters import the answer stage, everything imports core.
    expect(edges.some((edge) => edge.from === 'adapters/slack' && edge.to === 'answer')).toBe(true);
    expect(edges.some((edge) => edge.from === 'adapters/cli' && edge.to === 'adapters/slack')).toBe(true);
    const cycles = folderCycles(edges).map((group) => ({
      folders: group,
      imports: edges
        .filter((edge) => group.includes(edge.from) && group.includes(edge.to))
        .map((edge) => edge.via),
    }));
    expect(cycles).toEqual([]);
  });
});
