// VS Code glue: starts the server the package carries (native, or portable with a check of dotnet's runtimes),
// starts the language client, restarts it on crashes (with a limit).
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  CloseAction,
  CloseHandlerResult,
  ErrorAction,
  ErrorHandlerResult,
  Executable,
  LanguageClient,
  LanguageClientOptions,
  Message,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { checkRuntimes, describeRuntimeProblem, DOWNLOAD_URL, resolveDotnetPath, RuntimeCheck } from './dotnet';
import { RestartPolicy } from './restartPolicy';
import { chooseLaunch, parseManifest } from './serverLaunch';
import { toInitializationOptions, toServerConfig } from './settings';

export const CLIENT_ID = 'notes';

function listRuntimes(dotnet: string): Promise<RuntimeCheck> {
  return new Promise((resolve) => {
    execFile(dotnet, ['--list-runtimes'], { timeout: 15000, windowsHide: true }, (err, stdout) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') resolve({ ok: false, kind: 'missing', found: [] });
      else if (err && !stdout) resolve({ ok: false, kind: 'failed', found: [], detail: err.message });
      else resolve(checkRuntimes(String(stdout)));
    });
  });
}

/** Reads `notes.*` the way the server wants it (see settings.ts). */
export function readServerConfig(scope?: vscode.ConfigurationScope): object {
  const cfg = vscode.workspace.getConfiguration('notes', scope);
  return toServerConfig((key) => cfg.get(key));
}

export class ServerClient implements vscode.Disposable {
  client: LanguageClient | undefined;
  private readonly policy = new RestartPolicy(5, 3 * 60 * 1000);
  private readonly onReadyEmitter = new vscode.EventEmitter<LanguageClient>();
  /** Fires each time a client has started (after a restart too). */
  readonly onDidStart = this.onReadyEmitter.event;
  private readonly onStopEmitter = new vscode.EventEmitter<string>();
  readonly onDidStop = this.onStopEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly output: vscode.OutputChannel,
    private readonly traceOutput: vscode.OutputChannel,
  ) {}

  async start(): Promise<boolean> {
    const config = vscode.workspace.getConfiguration('notes');
    const serverDir = this.context.asAbsolutePath('server');
    let manifestText: string | undefined;
    try {
      manifestText = fs.readFileSync(path.join(serverDir, 'server.json'), 'utf8');
    } catch {
      manifestText = undefined;
    }
    const launch = chooseLaunch(parseManifest(manifestText), serverDir, config.get('server.path'), (f) => fs.existsSync(f), path.join);
    if (launch.kind === 'error') {
      this.output.appendLine(launch.message);
      this.onStopEmitter.fire('server files missing');
      void vscode.window.showErrorMessage(launch.message);
      return false;
    }
    // With the stdio transport the client appends `--stdio` itself.
    let run: Executable;
    if (launch.kind === 'direct') {
      // The native server: no runtime to look for.
      this.output.appendLine(`Starting ${launch.command} --stdio (${launch.why})`);
      run = { command: launch.command, transport: TransportKind.stdio };
    } else {
      const dotnet = resolveDotnetPath(config.get('server.dotnetPath'));
      const check = await listRuntimes(dotnet);
      if (!check.ok) {
        const msg = describeRuntimeProblem(check, dotnet);
        this.output.appendLine(msg);
        this.onStopEmitter.fire(msg);
        void vscode.window.showErrorMessage(msg, 'Download .NET', 'Open Settings').then((choice) => {
          if (choice === 'Download .NET') void vscode.env.openExternal(vscode.Uri.parse(DOWNLOAD_URL));
          else if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'notes.server.dotnetPath');
        });
        return false;
      }
      this.output.appendLine(`Starting ${dotnet} ${launch.dll} --stdio (${launch.why}, runtime ${check.version})`);
      run = { command: dotnet, args: [launch.dll], transport: TransportKind.stdio };
    }
    const serverOptions: ServerOptions = { run, debug: run };
    const policy = this.policy;
    const output = this.output;
    const onStop = this.onStopEmitter;
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'markdown' },
        { scheme: 'untitled', language: 'markdown' },
        // A BibTeX library open beside the notes: references, definition and hover on its entries (never indexed as a note).
        { scheme: 'file', pattern: '**/*.{bib,bibtex}' },
      ],
      synchronize: {
        configurationSection: 'notes',
        fileEvents: vscode.workspace.createFileSystemWatcher('**/*.md'),
      },
      // The server keeps its index cache in this workspace's storage folder (never in the vault), unless turned off.
      initializationOptions: toInitializationOptions(this.context.storageUri?.fsPath, config.get('cache.enabled')),
      outputChannel: this.output,
      traceOutputChannel: this.traceOutput,
      middleware: {
        workspace: {
          // The server pulls section `notes`; answer with the mapped object, not VS Code's raw tree.
          configuration: (params, token, next) => {
            if (params.items.every((i) => i.section === 'notes' || i.section === undefined)) {
              return params.items.map((i) =>
                readServerConfig(i.scopeUri ? vscode.Uri.parse(i.scopeUri) : undefined),
              );
            }
            return next(params, token);
          },
        },
      },
      errorHandler: {
        error: (_error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult =>
          ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
        closed: (): CloseHandlerResult => {
          if (policy.recordCrash(Date.now())) {
            output.appendLine(`The server stopped; restarting (${policy.recentCrashes}/${policy.max} in 3 minutes).`);
            return { action: CloseAction.Restart, handled: true };
          }
          const msg = `The Notes server crashed ${policy.max} times in 3 minutes and will not be restarted. See "Notes: Show Output", then run "Notes: Restart Server".`;
          onStop.fire(msg);
          void vscode.window.showErrorMessage(msg, 'Show Output').then((c) => c && output.show());
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
    };
    const client = new LanguageClient(CLIENT_ID, 'Notes Language Server', serverOptions, clientOptions);
    this.client = client;
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) this.onReadyEmitter.fire(client);
    });
    try {
      await client.start();
      return true;
    } catch (e) {
      const msg = `Notes: the language server did not start: ${e instanceof Error ? e.message : String(e)}`;
      this.output.appendLine(msg);
      this.onStopEmitter.fire(msg);
      void vscode.window.showErrorMessage(msg, 'Show Output').then((c) => c && this.output.show());
      return false;
    }
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) {
      try {
        await c.stop(5000);
      } catch (e) {
        this.output.appendLine(`Stopping the server: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  async restart(): Promise<boolean> {
    this.policy.reset();
    await this.stop();
    return this.start();
  }

  isRunning(): boolean {
    return this.client?.state === State.Running;
  }

  dispose(): void {
    void this.stop();
    this.onReadyEmitter.dispose();
    this.onStopEmitter.dispose();
  }
}
