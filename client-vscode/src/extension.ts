// VS Code glue: wires the language client, commands, status bar, Backlinks view and link graph together.
import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import { BACKLINKS_VIEW_ID, BacklinksProvider } from './backlinksView';
import { GraphPanel } from './graphPanel';
import { needsRestart } from './settings';
import { ServerClient } from './serverClient';
import { formatStatus, formatStopped, NotesStatus } from './status';

let server: ServerClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Notes');
  const trace = vscode.window.createOutputChannel('Notes (LSP trace)');
  server = new ServerClient(context, output, trace);
  const s = server;

  const status = vscode.window.createStatusBarItem('notes.status', vscode.StatusBarAlignment.Left, 10);
  status.name = 'Notes';
  status.command = 'notes.showOutput';
  status.text = '$(sync~spin) Notes';
  status.tooltip = 'Notes: starting the language server';
  status.show();

  const backlinks = new BacklinksProvider(s);
  const view = vscode.window.createTreeView(BACKLINKS_VIEW_ID, { treeDataProvider: backlinks, showCollapseAll: false });
  backlinks.attach(view);
  const graph = new GraphPanel(context, s);

  let refreshAfterReady: ReturnType<typeof setTimeout> | undefined;
  context.subscriptions.push(
    output,
    trace,
    s,
    status,
    view,
    backlinks,
    graph,
    s.onDidStart((client) => {
      client.onNotification('notes/status', (p: NotesStatus) => {
        const t = formatStatus(p);
        status.text = t.text;
        status.tooltip = t.tooltip;
        if (p.state === 'ready') {
          if (refreshAfterReady) clearTimeout(refreshAfterReady);
          refreshAfterReady = setTimeout(() => {
            backlinks.schedule(0);
            graph.refresh();
          }, 500);
        }
      });
      status.text = '$(book) Notes';
      status.tooltip = 'Notes: the language server is running';
      backlinks.schedule(0);
    }),
    s.onDidStop((reason) => {
      const t = formatStopped(reason);
      status.text = t.text;
      status.tooltip = t.tooltip;
    }),
    vscode.commands.registerCommand('notes.restartServer', async () => {
      status.text = '$(sync~spin) Notes';
      await s.restart();
    }),
    vscode.commands.registerCommand('notes.showOutput', () => s.output.show(true)),
    vscode.commands.registerCommand('notes.showBacklinks', async () => {
      await vscode.commands.executeCommand(`${BACKLINKS_VIEW_ID}.focus`);
      await backlinks.refresh();
    }),
    vscode.commands.registerCommand('notes.openGraph', () => graph.show()),
    vscode.commands.registerCommand('notes.createNoteFromSelection', () => createNoteFromSelection(s)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (needsRestart((section) => e.affectsConfiguration(section))) void s.restart();
    }),
  );

  await s.start();
}

async function createNoteFromSelection(s: ServerClient): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const client = s.client;
  if (!editor || editor.document.languageId !== 'markdown') {
    void vscode.window.showInformationMessage('Select some text in a Markdown note first.');
    return;
  }
  if (!client || !s.isRunning()) {
    void vscode.window.showWarningMessage('The Notes server is not running.');
    return;
  }
  const selection = editor.selection;
  const title = editor.document.getText(selection).replace(/\s+/g, ' ').trim();
  if (!title) {
    void vscode.window.showInformationMessage('Select the text that should become the new note\'s title.');
    return;
  }
  try {
    // The server answers with workspace/applyEdit: it creates the note and links the selection to it.
    await client.sendRequest(ExecuteCommandRequest.type, {
      command: 'notes.createNote',
      arguments: [
        {
          uri: client.code2ProtocolConverter.asUri(editor.document.uri),
          range: client.code2ProtocolConverter.asRange(selection),
          title,
        },
      ],
    });
  } catch (e) {
    void vscode.window.showErrorMessage(`Could not create a note from the selection: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
