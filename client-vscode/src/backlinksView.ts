// VS Code glue: the Backlinks tree in the explorer, fed by `notes/backlinks`, following the active editor.
import * as vscode from 'vscode';
import { BacklinkRow, BacklinksResult, emptyMessage, toBacklinkRows } from './backlinks';
import { ServerClient } from './serverClient';

export const BACKLINKS_VIEW_ID = 'notesBacklinks';

export class BacklinksProvider implements vscode.TreeDataProvider<BacklinkRow>, vscode.Disposable {
  private rows: BacklinkRow[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private view: vscode.TreeView<BacklinkRow> | undefined;
  private documentUri: vscode.Uri | undefined;
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly server: ServerClient) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.workspace.onDidSaveTextDocument(() => this.schedule(300)),
      this.changed,
    );
  }

  attach(view: vscode.TreeView<BacklinkRow>): void {
    this.view = view;
    this.disposables.push(view.onDidChangeVisibility((e) => e.visible && this.schedule(0)));
  }

  /** Debounced refresh; a newer call wins over an answer still on its way. */
  schedule(delayMs = 200): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delayMs);
  }

  async refresh(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    // Keep the last note when focus moves to a non-note editor (e.g. the output panel).
    if (editor && editor.document.languageId === 'markdown') this.documentUri = editor.document.uri;
    const gen = ++this.generation;
    const client = this.server.client;
    let rows: BacklinkRow[] = [];
    if (this.documentUri && client && this.server.isRunning()) {
      try {
        const result = await client.sendRequest<BacklinksResult>('notes/backlinks', {
          textDocument: { uri: client.code2ProtocolConverter.asUri(this.documentUri) },
        });
        rows = toBacklinkRows(result);
      } catch (e) {
        this.server.output.appendLine(`notes/backlinks failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (gen !== this.generation) return;
    this.rows = rows;
    if (this.view) {
      this.view.message = emptyMessage(!!this.documentUri, rows.length);
      this.view.description = this.documentUri ? vscode.workspace.asRelativePath(this.documentUri) : undefined;
    }
    this.changed.fire();
  }

  getTreeItem(row: BacklinkRow): vscode.TreeItem {
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.iconPath = new vscode.ThemeIcon('references');
    const uri = vscode.Uri.parse(row.uri);
    item.resourceUri = uri;
    const { start, end } = row.range;
    item.command = {
      command: 'vscode.open',
      title: 'Open',
      arguments: [uri, { selection: new vscode.Range(start.line, start.character, end.line, end.character) }],
    };
    return item;
  }

  getChildren(row?: BacklinkRow): BacklinkRow[] {
    return row ? [] : this.rows;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
