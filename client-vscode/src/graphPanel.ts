// VS Code glue: the link-graph webview (cytoscape, loaded from the extension's own files) of the current note's neighbourhood.
import * as path from 'path';
import * as vscode from 'vscode';
import { GraphResult, graphParams, nodeTarget, toCytoscapeElements } from './graph';
import { graphHtml, makeNonce } from './graphHtml';
import { ServerClient } from './serverClient';

type FromWebview = { type: 'ready' } | { type: 'open'; id: string } | { type: 'depth'; depth: number };

export class GraphPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private depth = 2;
  private center: vscode.Uri | undefined;
  private nodes = new Map<string, GraphResult['nodes'][number]>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly server: ServerClient,
  ) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (this.panel && e && e.document.languageId === 'markdown') void this.update(e.document.uri);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('notes.graph.showPapers')) this.refresh();
      }),
    );
  }

  show(): void {
    const editor = vscode.window.activeTextEditor;
    if (editor && editor.document.languageId === 'markdown') this.center = editor.document.uri;
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Beside);
      void this.update(this.center);
      return;
    }
    const media = vscode.Uri.joinPath(this.context.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel('notesGraph', 'Notes: Link Graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [media],
      retainContextWhenHidden: false,
    });
    this.panel = panel;
    const w = panel.webview;
    w.html = graphHtml({
      cspSource: w.cspSource,
      nonce: makeNonce(),
      cytoscapeUri: w.asWebviewUri(vscode.Uri.joinPath(media, 'vendor', 'cytoscape.min.js')).toString(),
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(media, 'graph.js')).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(media, 'graph.css')).toString(),
      title: 'Link Graph',
    });
    panel.onDidDispose(() => (this.panel = undefined), null, this.disposables);
    w.onDidReceiveMessage((m: FromWebview) => this.onMessage(m), null, this.disposables);
  }

  private onMessage(m: FromWebview): void {
    if (m.type === 'ready') void this.update(this.center);
    else if (m.type === 'depth' && Number.isInteger(m.depth)) {
      this.depth = Math.min(Math.max(m.depth, 1), 5);
      void this.update(this.center);
    } else if (m.type === 'open') void this.open(m.id);
  }

  private async open(id: string): Promise<void> {
    const node = this.nodes.get(id);
    const target = node && nodeTarget(node);
    if (!target) {
      if (node?.kind === 'paper') void vscode.window.showInformationMessage(`No entry '${node.id.replace(/^cite:/, '')}' in the bibliography.`);
      else if (node) void vscode.window.showInformationMessage(`"${node.label}" does not exist yet.`);
      return;
    }
    let uri: vscode.Uri | undefined;
    if (target.kind === 'uri') uri = vscode.Uri.parse(target.value);
    else if (target.kind === 'file') uri = vscode.Uri.file(target.value);
    else {
      const folder = (this.center && vscode.workspace.getWorkspaceFolder(this.center)) ?? vscode.workspace.workspaceFolders?.[0];
      if (folder) uri = vscode.Uri.file(path.join(folder.uri.fsPath, target.value));
    }
    if (uri) await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
  }

  /** Draws the open panel again (a restarted server has answered nothing the panel shows). */
  refresh(): void {
    if (this.panel) void this.update(this.center);
  }

  async update(center: vscode.Uri | undefined): Promise<void> {
    this.center = center;
    const panel = this.panel;
    const client = this.server.client;
    if (!panel || !client || !this.server.isRunning()) return;
    try {
      const showPapers = vscode.workspace.getConfiguration('notes', center).get('graph.showPapers');
      const params = graphParams(center ? client.code2ProtocolConverter.asUri(center) : undefined, this.depth, showPapers);
      const graph = await client.sendRequest<GraphResult>('notes/graph', params);
      this.nodes = new Map((graph?.nodes ?? []).map((n) => [n.id, n]));
      const elements = toCytoscapeElements(graph, center?.fsPath);
      const title = center ? vscode.workspace.asRelativePath(center) : 'Whole workspace';
      panel.title = center ? `Graph: ${path.basename(center.fsPath)}` : 'Notes: Link Graph';
      await panel.webview.postMessage({ type: 'graph', elements, title, depth: this.depth });
    } catch (e) {
      this.server.output.appendLine(`notes/graph failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
