// Pure: the `notes/graph` answer -> cytoscape elements, and where a clicked node points.

export interface GraphNode {
  id: string;
  label: string;
  path: string;
  missing: boolean;
  /** "note" (absent from older servers) or "paper": a cited key (id `cite:KEY`), asked for with `papers: true`. */
  kind?: string;
}
export interface GraphEdge {
  from: string;
  to: string;
  count: number;
}
export interface GraphResult {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface CyNode {
  group: 'nodes';
  data: { id: string; label: string; path: string; missing: boolean; center: boolean; kind: 'note' | 'paper' };
  classes: string;
}
export interface CyEdge {
  group: 'edges';
  data: { id: string; source: string; target: string; count: number; width: number };
}
export type CyElement = CyNode | CyEdge;

/** Lower-case drive letters and unify slashes so a path from VS Code matches one from the server. */
export function normalizePath(p: string): string {
  let s = p.replace(/\\/g, '/');
  if (/^[A-Za-z]:\//.test(s)) s = s[0].toLowerCase() + s.slice(1);
  return s;
}

/**
 * Converts the graph. Duplicate nodes are merged, edges with an unknown end or to themselves dropped,
 * parallel edges summed; the node whose id is `centerId` gets the `center` class.
 */
export function toCytoscapeElements(graph: GraphResult | null | undefined, centerId?: string): CyElement[] {
  if (!graph) return [];
  const center = centerId ? normalizePath(centerId) : undefined;
  const nodes = new Map<string, CyNode>();
  for (const n of graph.nodes ?? []) {
    if (!n || typeof n.id !== 'string' || nodes.has(n.id)) continue;
    const isCenter = center !== undefined && normalizePath(n.id) === center;
    const kind = n.kind === 'paper' ? 'paper' : 'note';
    const classes = [kind === 'paper' ? 'paper' : '', n.missing ? 'missing' : kind === 'note' ? 'note' : '', isCenter ? 'center' : ''].filter(Boolean).join(' ');
    const label = n.label?.trim() || (kind === 'paper' ? n.id.replace(/^cite:/, '') : baseName(n.path || n.id));
    nodes.set(n.id, { group: 'nodes', data: { id: n.id, label, path: n.path ?? '', missing: !!n.missing, center: isCenter, kind }, classes });
  }
  const counts = new Map<string, { from: string; to: string; count: number }>();
  for (const e of graph.edges ?? []) {
    if (!e || !nodes.has(e.from) || !nodes.has(e.to) || e.from === e.to) continue;
    const key = `${e.from}\u0000${e.to}`;
    const prev = counts.get(key);
    const c = Math.max(1, e.count || 1);
    if (prev) prev.count += c;
    else counts.set(key, { from: e.from, to: e.to, count: c });
  }
  const edges: CyEdge[] = [...counts.values()].map((e, i) => ({
    group: 'edges',
    data: { id: `e${i}`, source: e.from, target: e.to, count: e.count, width: Math.min(1 + Math.log2(e.count), 6) },
  }));
  return [...nodes.values(), ...edges];
}

/** The `notes/graph` request: around a note (or the whole workspace), how deep, and whether cited papers are nodes. */
export function graphParams(uri: string | undefined, depth: number, showPapers: unknown): { textDocument?: { uri: string }; depth: number; papers?: true } {
  const params: { textDocument?: { uri: string }; depth: number; papers?: true } = uri ? { textDocument: { uri }, depth } : { depth };
  if (showPapers === true) params.papers = true;
  return params;
}

export function baseName(p: string): string {
  const s = p.replace(/\\/g, '/').replace(/\/+$/, '');
  const name = s.slice(s.lastIndexOf('/') + 1);
  return name.replace(/\.md$/i, '') || p;
}

export type NodeTarget = { kind: 'uri'; value: string } | { kind: 'file'; value: string } | { kind: 'relative'; value: string };

/** Where a graph node lives: the id when it is a URI or absolute path, else its path relative to the workspace; none when missing. */
export function nodeTarget(node: Pick<GraphNode, 'id' | 'path' | 'missing'>): NodeTarget | undefined {
  if (node.missing) return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(node.id)) return { kind: 'uri', value: node.id };
  if (node.id.startsWith('/') || /^[A-Za-z]:[\\/]/.test(node.id)) return { kind: 'file', value: node.id };
  if (node.path) return { kind: 'relative', value: node.path };
  return undefined;
}
